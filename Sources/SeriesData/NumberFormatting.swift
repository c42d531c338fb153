// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

/// Numbers for people: the one place that formats values for tables, sentences and chart axes
/// (terminal output, the HTML report, SVG axes). Machine outputs (CSV, JSON) keep full precision
/// and do not use it.
///
/// Rules (issue 19): thousands are always separated with a comma (1,234 and 14,000 alike, never
/// 8000 beside 10,000); one column or sentence uses one number of decimals, chosen from the size of
/// its values (`decimals(for:)`); probabilities print as whole percentages (42%), with "<1%" and
/// ">99%" rather than a misleading 0% or 100% for values that are merely small or large; a missing
/// or non-finite value prints as an en dash. Formatting uses the POSIX locale, so output does not
/// depend on the machine's language settings. All functions are O(digits).
public enum NumberFormatting {
    /// The mark printed for a missing or non-finite value.
    public static let missing = "–"

    /// `v` with `decimals` decimal places and, when `grouping`, commas between thousands:
    /// 356041 → "356,041", 1197.84 → "1,197.8" (decimals 1), −2.5 → "-2.5". Rounds half away
    /// from zero as `printf`. "–" for nil, NaN or ±∞.
    public static func decimal(_ v: Double?, decimals: Int, grouping: Bool = true) -> String {
        guard let v, v.isFinite else { return missing }
        let d = max(0, min(decimals, 12))
        var text = String(format: "%.\(d)f", abs(v))
        // "-0" and "-0.0" are not numbers anyone wants to read.
        let negative = v < 0 && text.contains(where: { $0 != "0" && $0 != "." })
        guard grouping else { return (negative ? "-" : "") + text }
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let whole = Array(parts[0])
        var grouped = ""
        for (i, ch) in whole.enumerated() {
            if i > 0 && (whole.count - i) % 3 == 0 { grouped.append(",") }
            grouped.append(ch)
        }
        text = grouped + (parts.count > 1 ? "." + parts[1] : "")
        return (negative ? "-" : "") + text
    }

    /// Decimals suited to a column of values, from the median magnitude of its finite values:
    /// ≥ 100 → 0 (1,198 and 1,384), ≥ 10 → 1, ≥ 1 → 2, smaller → 3. Whole numbers (counts) → 0.
    public static func decimals(for values: [Double]) -> Int {
        let finite = values.filter(\.isFinite)
        guard !finite.isEmpty else { return 0 }
        if finite.allSatisfy({ $0 == $0.rounded() }) { return 0 }
        let sorted = finite.map(abs).sorted()
        let typical = sorted[sorted.count / 2]
        return typical >= 100 ? 0 : typical >= 10 ? 1 : typical >= 1 ? 2 : 3
    }

    /// A value in a column: `decimal(v, decimals: decimals(for: column))`.
    public static func value(_ v: Double?, column: [Double]) -> String {
        decimal(v, decimals: decimals(for: column))
    }

    /// A probability in [0, 1] as a whole percentage: 0.42 → "42%", 0.003 → "<1%", 0.998 → ">99%",
    /// exactly 0 → "0%", exactly 1 → "100%".
    public static func percent(probability p: Double?) -> String {
        guard let p, p.isFinite else { return missing }
        if p <= 0 { return "0%" }
        if p >= 1 { return "100%" }
        if p < 0.005 { return "<1%" }
        if p > 0.995 { return ">99%" }
        return String(format: "%.0f%%", p * 100)
    }

    /// A change in percent with its sign: +2% / -1% / 0% (`decimals` places).
    public static func signedPercent(_ v: Double?, decimals: Int = 0) -> String {
        guard let v, v.isFinite else { return missing }
        let body = decimal(v, decimals: decimals)
        if body.hasPrefix("-") { return body + "%" }
        return (body.allSatisfy { $0 == "0" || $0 == "." } ? "" : "+") + body + "%"
    }

    /// A count with its noun, singular or plural: "1 observation", "1,234 observations".
    public static func count(_ n: Int, _ singular: String, plural: String? = nil) -> String {
        decimal(Double(n), decimals: 0) + " " + (n == 1 ? singular : plural ?? singular + "s")
    }

    /// Axis tick label: grouped, no decimals from 100 up or for whole numbers, else one decimal
    /// (two below 1, so 0.25 steps stay distinct).
    public static func axis(_ v: Double) -> String {
        if abs(v) >= 100 || v == v.rounded() { return decimal(v, decimals: 0) }
        return decimal(v, decimals: abs(v) < 1 ? 2 : 1)
    }
}
