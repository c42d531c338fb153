import Foundation

/// Reads indicator data for `BenchmarkComparisonTable` and `FunnelPlot` from CSV:
///
/// * the **Fingertips export** layout ("Indicator ID, Indicator Name, …, Area Code, Area Name,
///   Area Type, Sex, Age, Category Type, Category, Time period, Value, Lower CI 95.0 limit, …,
///   Count, Denominator, …, Compared to England value or percentiles, …"), quoted fields with
///   embedded newlines allowed; the breakdown key is Indicator ID | Sex | Age | Category Type |
///   Category;
/// * a **tidy** file with header columns `area`, `period`, `count`, `denominator` (any order,
///   case-insensitive; optional `area_code`, `breakdown`, `age_band`).
///
/// Nothing is dropped silently: empty Count/Denominator become nil (reported as "not
/// compared" downstream, and counted in `Account.missingCounts`); an unparseable number
/// throws with file, line, field and value.
///
/// Note: the CSV tokenizer here is a minimal RFC 4180 reader kept local until SeriesData's
/// Fingertips reader lands; it should then be replaced by that reader.
public enum IndicatorFile {
    public enum Layout: String, Sendable, Codable { case fingertips, tidy }

    public struct Account: Hashable, Sendable, Codable {
        public var records = 0
        public var rowsRead = 0
        /// Rows with an empty Count or Denominator (kept, not compared).
        public var missingCounts = 0
    }

    public struct Contents: Sendable {
        public var layout: Layout
        public var rows: [IndicatorRow]
        /// Age band per row for tidy files with an `age_band` column (same order as `rows`).
        public var ageBands: [String]?
        public var account: Account
    }

    public static func read(url: URL) throws(IndicatorsError) -> Contents {
        let path = url.path
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw .unreadableFile(path: path, reason: "\(error.localizedDescription)")
        }
        return try parse(text, path: path)
    }

    public static func parse(_ text: String, path: String) throws(IndicatorsError) -> Contents {
        let records = csvRecords(text)
        guard let (header, _) = records.first else { throw .unreadableFile(path: path, reason: "empty file") }
        let h = header.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        var acc = Account()
        acc.records = records.count - 1
        func col(_ name: String) -> Int? { h.firstIndex { $0.caseInsensitiveCompare(name) == .orderedSame } }
        func need(_ name: String) throws(IndicatorsError) -> Int {
            guard let i = col(name) else { throw .missingColumn(path: path, column: name, header: h) }
            return i
        }
        func number(_ f: [String], _ i: Int?, _ line: Int, _ name: String) throws(IndicatorsError) -> Double? {
            guard let i, i < f.count else { return nil }
            let s = f[i].trimmingCharacters(in: .whitespaces)
            if s.isEmpty { return nil }
            guard let v = Double(s.replacingOccurrences(of: ",", with: "")), v.isFinite else {
                throw .malformedField(path: path, line: line, field: name, value: s, expected: "a number or empty")
            }
            return v
        }
        var rows: [IndicatorRow] = []
        if col("Area Code") != nil && col("Time period") != nil && col("Count") != nil {
            let iCode = try need("Area Code"), iName = try need("Area Name"), iPeriod = try need("Time period")
            let iCount = try need("Count"), iDen = try need("Denominator")
            let iType = col("Area Type"), iInd = col("Indicator ID")
            let keys = ["Sex", "Age", "Category Type", "Category"].compactMap(col)
            let iV = col("Value"), iL = col("Lower CI 95.0 limit"), iU = col("Upper CI 95.0 limit")
            let iL9 = col("Lower CI 99.8 limit"), iU9 = col("Upper CI 99.8 limit")
            let iCmp = col("Compared to England value or percentiles")
            for (fields, line) in records.dropFirst() {
                if fields.count == 1 && fields[0].isEmpty { acc.records -= 1; continue }
                guard fields.count >= h.count - 1 else {
                    throw .malformedField(path: path, line: line, field: "(record)", value: "\(fields.count) fields",
                                          expected: "\(h.count) fields as in the header")
                }
                func s(_ i: Int?) -> String { i.map { $0 < fields.count ? fields[$0].trimmingCharacters(in: .whitespacesAndNewlines) : "" } ?? "" }
                let breakdown = ([iInd].compactMap { $0 } + keys).map { s($0) }.joined(separator: " | ")
                let r = IndicatorRow(
                    areaCode: s(iCode), areaName: s(iName), period: s(iPeriod), breakdown: breakdown, areaType: s(iType),
                    count: try number(fields, iCount, line, "Count"), denominator: try number(fields, iDen, line, "Denominator"),
                    publishedValue: try number(fields, iV, line, "Value"),
                    publishedLower95: try number(fields, iL, line, "Lower CI 95.0 limit"),
                    publishedUpper95: try number(fields, iU, line, "Upper CI 95.0 limit"),
                    publishedLower998: try number(fields, iL9, line, "Lower CI 99.8 limit"),
                    publishedUpper998: try number(fields, iU9, line, "Upper CI 99.8 limit"),
                    publishedComparison: iCmp.map { _ in s(iCmp) }, line: line)
                if r.count == nil || r.denominator == nil { acc.missingCounts += 1 }
                rows.append(r)
            }
            acc.rowsRead = rows.count
            return Contents(layout: .fingertips, rows: rows, ageBands: nil, account: acc)
        }
        let iArea = try need("area"), iPeriod = try need("period"), iCount = try need("count"), iDen = try need("denominator")
        let iCode = col("area_code"), iBreak = col("breakdown"), iAge = col("age_band")
        var bands: [String] = []
        for (fields, line) in records.dropFirst() {
            if fields.count == 1 && fields[0].isEmpty { acc.records -= 1; continue }
            guard fields.count == h.count else {
                throw .malformedField(path: path, line: line, field: "(record)", value: "\(fields.count) fields",
                                      expected: "\(h.count) fields as in the header")
            }
            let area = fields[iArea].trimmingCharacters(in: .whitespaces)
            let r = IndicatorRow(areaCode: iCode.map { fields[$0] } ?? area, areaName: area,
                                 period: fields[iPeriod].trimmingCharacters(in: .whitespaces),
                                 breakdown: iBreak.map { fields[$0] } ?? "",
                                 count: try number(fields, iCount, line, "count"),
                                 denominator: try number(fields, iDen, line, "denominator"), line: line)
            if r.count == nil || r.denominator == nil { acc.missingCounts += 1 }
            rows.append(r)
            if let iAge { bands.append(fields[iAge].trimmingCharacters(in: .whitespaces)) }
        }
        acc.rowsRead = rows.count
        return Contents(layout: .tidy, rows: rows, ageBands: iAge == nil ? nil : bands, account: acc)
    }

    /// RFC 4180 records with the 1-based line on which each starts. Quoted fields may contain
    /// commas, doubled quotes and newlines; CRLF and LF both end records.
    static func csvRecords(_ text: String) -> [(fields: [String], line: Int)] {
        var out: [(fields: [String], line: Int)] = []
        var fields: [String] = []
        var field = ""
        var inQuotes = false
        var line = 1, start = 1
        var it = Array(text.unicodeScalars)[...]
        if it.first == "\u{FEFF}" { it = it.dropFirst() }
        var i = it.startIndex
        var sawAny = false
        while i < it.endIndex {
            let c = it[i]
            if inQuotes {
                if c == "\"" {
                    if i + 1 < it.endIndex && it[i + 1] == "\"" { field.unicodeScalars.append("\""); i += 1 }
                    else { inQuotes = false }
                } else {
                    if c == "\n" { line += 1 }
                    field.unicodeScalars.append(c)
                }
            } else if c == "\"" {
                inQuotes = true; sawAny = true
            } else if c == "," {
                fields.append(field); field = ""; sawAny = true
            } else if c == "\n" || c == "\r" {
                if c == "\r" && i + 1 < it.endIndex && it[i + 1] == "\n" { i += 1 }
                fields.append(field); field = ""
                out.append((fields, start)); fields = []
                line += 1; start = line; sawAny = false
            } else {
                field.unicodeScalars.append(c); sawAny = true
            }
            i += 1
        }
        if sawAny || !field.isEmpty || !fields.isEmpty { fields.append(field); out.append((fields, start)) }
        return out
    }
}
