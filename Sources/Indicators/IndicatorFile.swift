// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import SeriesData

/// Reads indicator data for `BenchmarkComparisonTable` and `FunnelPlot` from CSV, through the
/// SeriesData readers:
///
/// * the **Fingertips export** layout (`FingertipsExport.read`): the breakdown key is
///   Indicator ID | Sex | Age | Category Type | Category;
/// * a **tidy** file (`CSVReader`) with header columns `area`, `period`, `count`,
///   `denominator` in any order, case-insensitive; optional `area_code`, `breakdown`,
///   `age_band`.
///
/// Nothing is dropped silently: rows SeriesData rejects are counted in `account`; rows with
/// an empty Count or Denominator are kept (reported as "Not compared" downstream) and counted
/// in `missingCounts`; with `policy: .strict` the first bad row throws, naming file, line and
/// field.
public enum IndicatorFile {
    /// `published`: a tidy extract of published values without counts (e.g. fingertipsR output:
    /// area_code, area_name, period, value, indicator, …, significance); see `readPublished`.
    public enum Layout: String, Sendable, Codable {
        case fingertips, tidy, published
        /// Which layout was recognised and from what (for `compare` / `funnel`, which detect it).
        public var recognised: String {
            switch self {
            case .fingertips: return "input layout: Fingertips export (recognised from its header: 'Indicator ID', 'Area Code')"
            case .tidy: return "input layout: tidy indicator file (recognised from its header: area, period, count, denominator)"
            case .published: return "input layout: published values without counts (recognised from its header: area, period, value)"
            }
        }
    }

    public struct Contents: Sendable {
        public var layout: Layout
        public var rows: [IndicatorRow]
        /// Age band per row for tidy files with an `age_band` column (same order as `rows`).
        public var ageBands: [String]?
        /// Every data row read: used + rejected (with reasons and examples).
        public var account: RowAccount
        /// Rows kept without a count or denominator.
        public var missingCounts: Int
    }

    /// Counts and denominators must be below 2^53 (exactly representable whole numbers).
    public static let largestCount: Double = 9_007_199_254_740_992

    public static func read(url: URL, policy: RowPolicy = .reject) throws(IndicatorsError) -> Contents {
        // One reader for both passes: piped input can be read only once.
        let reader = CSVReader(url: url)
        return try read(reader, fingertips: { () throws(SeriesDataError) in try FingertipsExport.read(reader, policy: policy) }, policy: policy)
    }

    /// Reads CSV text (used by tests and for piped input).
    public static func parse(_ text: String, path: String, policy: RowPolicy = .reject) throws(IndicatorsError) -> Contents {
        let bytes = Array(text.utf8)
        return try read(CSVReader(bytes: bytes, name: path), fingertips: { () throws(SeriesDataError) in
            try FingertipsExport.read(CSVReader(bytes: bytes, name: path), policy: policy)
        }, policy: policy)
    }

    static func read(_ reader: CSVReader,
                     fingertips: () throws(SeriesDataError) -> (rows: [FingertipsRow], account: RowAccount),
                     policy: RowPolicy) throws(IndicatorsError) -> Contents {
        let records: [(line: Int, fields: [String])]
        do { records = try reader.readAll() } catch { throw .data(error) }
        guard let header = records.first?.fields.map({ $0.trimmingCharacters(in: .whitespacesAndNewlines) }) else {
            throw .data(.emptyFile(file: reader.name))
        }
        func col(_ name: String) -> Int? { header.firstIndex { $0.caseInsensitiveCompare(name) == .orderedSame } }

        if col("Indicator ID") != nil && col("Area Code") != nil {
            let (ft, account): ([FingertipsRow], RowAccount)
            do { (ft, account) = try fingertips() } catch { throw .data(error) }
            var missing = 0
            let rows = ft.map { r -> IndicatorRow in
                if r.count == nil || r.denominator == nil { missing += 1 }
                let breakdown = ["\(r.indicatorID)", r.sex, r.age, r.categoryType ?? "", r.category ?? ""].joined(separator: " | ")
                let name = r.indicatorName.split(whereSeparator: \.isNewline).joined(separator: " ").trimmingCharacters(in: .whitespaces)
                let label = [name.isEmpty ? "indicator \(r.indicatorID)" : name, r.sex, r.age, r.category ?? ""]
                    .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: ", ")
                var row = IndicatorRow(areaCode: r.areaCode, areaName: r.areaName, period: r.timePeriod, breakdown: breakdown,
                                    areaType: r.areaType, count: r.count, denominator: r.denominator,
                                    publishedValue: r.value, publishedLower95: r.lowerCI95, publishedUpper95: r.upperCI95,
                                    publishedLower998: r.lowerCI99_8, publishedUpper998: r.upperCI99_8,
                                    publishedComparison: r.comparedToEngland, parentName: r.parentName,
                                    publishedComparisonToParent: r.comparedToRegion, line: r.line)
                row.breakdownLabel = label
                return row
            }
            return Contents(layout: .fingertips, rows: rows, ageBands: nil, account: account, missingCounts: missing)
        }

        if col("count") == nil && col("denominator") == nil && col("value") != nil && col("period") != nil
            && (col("area") != nil || col("area_name") != nil) {
            return try readPublished(records, header: header, file: reader.name, policy: policy)
        }
        var account = RowAccount(file: reader.name)
        let required = ["area", "period", "count", "denominator"]
        let missingCols = required.filter { col($0) == nil }
        guard missingCols.isEmpty else {
            throw .data(.missingColumns(file: reader.name, line: records[0].line, missing: missingCols, found: header,
                                        hint: "the layout is recognised from the header: a Fingertips export has 'Indicator ID' and 'Area Code'; a tidy indicator file needs area, period, count, denominator; a file of published values needs area (or area_name), period, value"))
        }
        let iArea = col("area")!, iPeriod = col("period")!, iCount = col("count")!, iDen = col("denominator")!
        let iCode = col("area_code"), iBreak = col("breakdown"), iAge = col("age_band")
        var rows: [IndicatorRow] = []
        var bands: [String] = []
        var missing = 0
        for (line, fields) in records.dropFirst() {
            if fields.count == 1 && fields[0].trimmingCharacters(in: .whitespaces).isEmpty { continue }
            account.rowsRead += 1
            do throws(SeriesDataError) {
                guard fields.count == header.count else {
                    throw .raggedRow(SourceLocation(file: reader.name, line: line), expectedFields: header.count, foundFields: fields.count)
                }
                func number(_ i: Int, _ name: String, count: Bool) throws(SeriesDataError) -> Double? {
                    let s = fields[i].trimmingCharacters(in: .whitespaces)
                    if s.isEmpty { return nil }
                    let loc = SourceLocation(file: reader.name, line: line, column: i + 1, field: name)
                    guard let v = Double(s), v.isFinite, !s.contains(where: { $0.isLetter && $0 != "e" && $0 != "E" }) else {
                        throw .invalidField(loc, value: s, expected: "a number or empty")
                    }
                    // Above 2^53 doubles skip whole numbers, and exact limits for such counts never
                    // finish (a count of 1e300 hung `funnel`): no real indicator comes near it.
                    if v >= IndicatorFile.largestCount {
                        throw .invalidField(loc, value: s, expected: count ? "a whole number of events below 2^53 (9007199254740992)"
                                                                           : "a denominator > 0 and below 2^53 (9007199254740992)")
                    }
                    if count && (v < 0 || v != v.rounded()) {
                        throw .invalidField(loc, value: s, expected: "a whole number of events >= 0")
                    }
                    if !count && v <= 0 {
                        throw .invalidField(loc, value: s, expected: "a denominator > 0")
                    }
                    return v
                }
                let area = fields[iArea].trimmingCharacters(in: .whitespaces)
                let r = IndicatorRow(areaCode: iCode.map { fields[$0].trimmingCharacters(in: .whitespaces) } ?? area,
                                     areaName: area, period: fields[iPeriod].trimmingCharacters(in: .whitespaces),
                                     breakdown: iBreak.map { fields[$0].trimmingCharacters(in: .whitespaces) } ?? "",
                                     count: try number(iCount, header[iCount], count: true),
                                     denominator: try number(iDen, header[iDen], count: false), line: line)
                if r.count == nil || r.denominator == nil { missing += 1 }
                rows.append(r)
                if let iAge { bands.append(fields[iAge].trimmingCharacters(in: .whitespaces)) }
                account.rowsUsed += 1
            } catch {
                if policy == .strict { throw .data(error) }
                account.reject(error)
            }
        }
        return Contents(layout: .tidy, rows: rows, ageBands: iAge == nil ? nil : bands, account: account, missingCounts: missing)
    }

    /// Column names accepted for the published layout (case-insensitive), first match wins.
    static let publishedColumns: [String: [String]] = [
        "lower": ["lower", "lower_ci", "lower95", "lower_ci95", "lower ci 95.0 limit", "lowerci95.0limit", "lower95ci"],
        "upper": ["upper", "upper_ci", "upper95", "upper_ci95", "upper ci 95.0 limit", "upperci95.0limit", "upper95ci"],
        "significance": ["significance", "compared to england", "compared_to_england", "comparedtoengland",
                         "compared to england value or percentiles"],
        "breakdown": ["indicator", "indicator_name", "indicator name", "measure", "sex", "age", "unit", "category", "breakdown"],
    ]

    /// A tidy file of **published** values without counts or denominators: `area` or `area_name`,
    /// `period`, `value`; optional `area_code`, 95% limits (`lower`/`upper`, `lower_ci`/`upper_ci`, …),
    /// the publisher's comparison with England (`significance`, `compared_to_england`), and label
    /// columns (`indicator`, `measure`, `sex`, `age`, `unit`, `category`, `breakdown`) that together
    /// make the breakdown. Rows carry `publishedValue`, limits and `publishedComparison`; counts are
    /// nil, so comparisons use the published figures (see `BenchmarkComparisonTable.compare`).
    static func readPublished(_ records: [(line: Int, fields: [String])], header: [String], file: String,
                              policy: RowPolicy) throws(IndicatorsError) -> Contents {
        func col(_ names: [String]) -> Int? {
            for n in names { if let i = header.firstIndex(where: { $0.caseInsensitiveCompare(n) == .orderedSame }) { return i } }
            return nil
        }
        let iArea = col(["area_name", "area"])!, iPeriod = col(["period"])!, iValue = col(["value"])!
        let iCode = col(["area_code"]), iLower = col(publishedColumns["lower"]!), iUpper = col(publishedColumns["upper"]!)
        let iSig = col(publishedColumns["significance"]!)
        let labelColumns = publishedColumns["breakdown"]!.compactMap { n in header.firstIndex { $0.caseInsensitiveCompare(n) == .orderedSame } }
        var account = RowAccount(file: file)
        var rows: [IndicatorRow] = []
        for (line, fields) in records.dropFirst() {
            if fields.count == 1 && fields[0].trimmingCharacters(in: .whitespaces).isEmpty { continue }
            account.rowsRead += 1
            do throws(SeriesDataError) {
                guard fields.count == header.count else {
                    throw .raggedRow(SourceLocation(file: file, line: line), expectedFields: header.count, foundFields: fields.count)
                }
                func number(_ i: Int?) throws(SeriesDataError) -> Double? {
                    guard let i else { return nil }
                    let s = fields[i].trimmingCharacters(in: .whitespaces)
                    // Suppressed or unavailable ("NA" from fingertipsR, ".." or ":"): kept, without a value.
                    if s.isEmpty || missingValueMarkers.contains(s) { return nil }
                    guard let v = Double(s), v.isFinite else {
                        throw .invalidField(SourceLocation(file: file, line: line, column: i + 1, field: header[i]), value: s,
                                            expected: "a number, empty, or a missing-value mark (\(missingValueMarkers.sorted().joined(separator: " ")))")
                    }
                    return v
                }
                let area = fields[iArea].trimmingCharacters(in: .whitespaces)
                let labels = labelColumns.map { fields[$0].trimmingCharacters(in: .whitespaces) }
                var r = IndicatorRow(areaCode: iCode.map { fields[$0].trimmingCharacters(in: .whitespaces) } ?? area, areaName: area,
                                     period: fields[iPeriod].trimmingCharacters(in: .whitespaces),
                                     breakdown: labels.joined(separator: " | "), count: nil, denominator: nil,
                                     publishedValue: try number(iValue), publishedLower95: try number(iLower),
                                     publishedUpper95: try number(iUpper),
                                     publishedComparison: iSig.map { fields[$0].trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 },
                                     line: line)
                r.breakdownLabel = labels.filter { !$0.isEmpty }.joined(separator: ", ")
                rows.append(r)
                account.rowsUsed += 1
            } catch {
                if policy == .strict { throw .data(error) }
                account.reject(error)
            }
        }
        return Contents(layout: .published, rows: rows, ageBands: nil, account: account, missingCounts: rows.count)
    }
}
