// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser
import Foundation
import SaferCity

/// Checks on indicator rows shared by `compare` and `funnel`.
enum IndicatorInputChecks {
    /// Throws when an area appears twice for the same period, breakdown and area type: used
    /// twice, it would be counted twice in a pooled funnel target and listed twice in a comparison.
    static func rejectDuplicateAreas(_ rows: [IndicatorRow], file: String) throws {
        var seen: [String: Int] = [:]
        var problems: [String] = []
        for r in rows {
            let area = r.areaCode.isEmpty ? r.areaName : r.areaCode
            let key = [area, r.areaType, r.period, r.breakdown].joined(separator: "\u{1F}")
            if let first = seen[key] {
                var what = "'\(r.areaName.isEmpty ? area : r.areaName)' period \(r.period)"
                if !r.breakdown.isEmpty { what += ", breakdown \(r.breakdown)" }
                if !r.areaType.isEmpty { what += ", area type \(r.areaType)" }
                problems.append("line \(r.line): \(what) already given on line \(first)")
            } else {
                seen[key] = r.line
            }
        }
        guard problems.isEmpty else {
            let shown = problems.prefix(5).joined(separator: "\n  ")
            let more = problems.count > 5 ? "\n  … and \(problems.count - 5) more" : ""
            throw InputFailure(description: "\(file): \(problems.count) duplicated area row(s); each area may appear once per period and breakdown (remove or aggregate the repeats):\n  \(shown)\(more)")
        }
    }

    /// Throws when a count or denominator is 2^53 or more (Fingertips exports are read by their own
    /// reader; tidy files reject such rows while reading): exact limits for such counts never finish.
    static func rejectHugeCounts(_ rows: [IndicatorRow], file: String) throws {
        for r in rows {
            for (name, v) in [("count", r.count), ("denominator", r.denominator)] {
                if let v, !(v < IndicatorFile.largestCount) {
                    throw InputFailure(description: "\(file), line \(r.line) (\(r.areaName), \(r.period)): \(name) \(v) is not below 2^53 (9007199254740992); expected a real count of events or population")
                }
            }
        }
    }

    /// Throws when a filter option (--period, --area-type, --benchmark) matches no row, naming the
    /// values the file does have (instead of an empty or misleading result).
    static func requireMatch(_ rows: [IndicatorRow], file: String, option: String, value: String?,
                             _ field: (IndicatorRow) -> String, matches: ((IndicatorRow) -> Bool)? = nil) throws {
        guard let value else { return }
        let found = matches.map { rows.contains(where: $0) } ?? rows.contains { field($0) == value }
        guard !found else { return }
        var seen: [String] = []
        for r in rows where !seen.contains(field(r)) { seen.append(field(r)); if seen.count == 8 { break } }
        let has = seen.filter { !$0.isEmpty }
        throw InputFailure(description: "\(option) '\(value)' matches no row of \(file); "
            + (has.isEmpty ? "the file has no values for it (e.g. a tidy file has no area types)" : "the file has e.g. " + has.map { "'\($0)'" }.joined(separator: ", ")))
    }

    /// Throws unless the multiplier is a finite number > 0.
    static func checkMultiplier(_ m: Double?) throws {
        guard let m else { return }
        guard m.isFinite && m > 0 else {
            throw ValidationError("--multiplier must be a finite number greater than 0 (e.g. 100 for a percentage, 100000 per 100,000), got \(m)")
        }
    }
}
