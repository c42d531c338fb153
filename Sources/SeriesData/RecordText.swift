// SPDX-License-Identifier: GPL-3.0-or-later
// Text of output records (CSV fields, JSON values) for streaming writers.

/// Formatting of numbers and strings for CSV and JSON records, without Foundation
/// (`String(format:)`, `JSONSerialization`) in the per-record path.
///
/// Numbers use Swift's `Double.description`, the shortest text that reads back as the same
/// double (Steele–White/Grisu-style round trip; `985.0`, `0.1`, `1e-05`), so output read back by
/// R, pandas or `Double(_:)` gives the exact values computed. Non-finite numbers are `NA` in CSV
/// and `null` in JSON. Complexity: O(length of the text).
public enum RecordText {
    /// A number for a CSV field: shortest round-trip text, `NA` when not finite.
    @inlinable public static func csvNumber(_ x: Double) -> String { x.isFinite ? x.description : "NA" }

    /// A number for JSON: shortest round-trip text, `null` when not finite (JSON has no NaN).
    @inlinable public static func jsonNumber(_ x: Double?) -> String {
        guard let x, x.isFinite else { return "null" }
        return x.description
    }

    /// An optional number for a CSV field where missing is an empty field: Swift's shortest
    /// round-trip text (`description`, so NaN stays `nan`), `""` for nil. The report's and the
    /// CLI's CSV files that leave a missing value empty use this.
    @inlinable public static func csvOptional(_ x: Double?) -> String { x.map(\.description) ?? "" }

    /// One CSV record: each field through `csvField`, comma-separated, ending in LF.
    public static func csvRow(_ fields: [String]) -> String {
        var out = ""
        appendCSVRow(fields, to: &out)
        return out
    }

    /// Appends one CSV record to `out` (`csvRow`'s text; without the LF when `lineEnd` is false,
    /// e.g. the leading fields shared by several records), for writers that fill one
    /// preallocated buffer. O(length of the fields).
    public static func appendCSVRow(_ fields: [String], to out: inout String, lineEnd: Bool = true) {
        for (i, f) in fields.enumerated() {
            if i > 0 { out += "," }
            appendCSVField(f, to: &out)
        }
        if lineEnd { out += "\n" }
    }

    /// A CSV field: quoted (with doubled quotes) only when it holds a comma, quote, CR or LF.
    public static func csvField(_ s: String) -> String {
        guard needsQuotes(s) else { return s }
        var out = ""
        appendCSVField(s, to: &out)
        return out
    }

    /// Appends `csvField(s)` to `out` (no String of its own).
    public static func appendCSVField(_ s: String, to out: inout String) {
        guard needsQuotes(s) else { out += s; return }
        out += "\""
        for c in s.unicodeScalars { if c == "\"" { out += "\"\"" } else { out.unicodeScalars.append(c) } }
        out += "\""
    }

    private static func needsQuotes(_ s: String) -> Bool {
        s.utf8.contains { $0 == 44 || $0 == 34 || $0 == 10 || $0 == 13 }
    }

    /// A JSON string literal (RFC 8259): quotes, backslash and control characters escaped.
    public static func jsonString(_ s: String) -> String {
        var out = "\""
        out.reserveCapacity(s.utf8.count + 2)
        for c in s.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if c.value < 0x20 {
                    let hex = String(c.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(c)
                }
            }
        }
        return out + "\""
    }

    /// A JSON object from (name, already-encoded value) pairs, in the order given.
    public static func jsonObject(_ members: [(String, String)]) -> String {
        "{" + members.map { jsonString($0.0) + ":" + $0.1 }.joined(separator: ",") + "}"
    }
}
