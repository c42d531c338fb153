// SPDX-License-Identifier: GPL-3.0-or-later
// Fingertips (OHID/PHE) "Export data" CSV.
import Foundation

/// One row of a Fingertips export. Empty fields are `nil`; text fields are trimmed
/// of surrounding whitespace and line breaks (real exports carry a stray newline
/// inside the quoted `Indicator Name`).
public struct FingertipsRow: Sendable, Hashable {
    public var indicatorID: Int
    public var indicatorName: String
    public var parentCode: String?
    public var parentName: String?
    public var areaCode: String
    public var areaName: String
    public var areaType: String
    public var sex: String
    public var age: String
    public var categoryType: String?
    public var category: String?
    /// As written ("2015", "2016/17", "2014 - 16").
    public var timePeriod: String
    /// `timePeriod` as a `Period` when it is a single period form (nil for
    /// multi-year ranges such as "2014 - 16").
    public var period: Period?
    public var value: Double?
    public var lowerCI95: Double?
    public var upperCI95: Double?
    public var lowerCI99_8: Double?
    public var upperCI99_8: Double?
    public var count: Double?
    public var denominator: Double?
    public var valueNote: String?
    public var recentTrend: String?
    public var comparedToEngland: String?
    public var comparedToRegion: String?
    public var timePeriodSortable: Int?
    public var newData: String?
    public var comparedToGoal: String?
    /// Line on which the record starts in the file.
    public var line: Int
}

/// Reader for the Fingertips "Export data" CSV (26 columns, `Indicator ID` …
/// `Compared to goal`).
///
/// Columns are matched by header name. Required: `Indicator ID`, `Indicator Name`,
/// `Area Code`, `Area Name`, `Area Type`, `Sex`, `Age`, `Time period`, `Value`; the
/// other 17 are optional (absent → nil). A row shorter than the header is accepted
/// when only trailing *optional* columns are missing (real exports omit the last,
/// empty `Compared to goal` field) and flagged in the account; otherwise it is
/// rejected as ragged. A non-numeric value/CI/count/denominator rejects the row.
public enum FingertipsExport {
    public static let columns = [
        "Indicator ID", "Indicator Name", "Parent Code", "Parent Name", "Area Code", "Area Name", "Area Type", "Sex",
        "Age", "Category Type", "Category", "Time period", "Value", "Lower CI 95.0 limit", "Upper CI 95.0 limit",
        "Lower CI 99.8 limit", "Upper CI 99.8 limit", "Count", "Denominator", "Value note", "Recent Trend",
        "Compared to England value or percentiles", "Compared to Region value or percentiles", "Time period Sortable",
        "New data", "Compared to goal",
    ]
    public static let requiredColumns = ["Indicator ID", "Indicator Name", "Area Code", "Area Name", "Area Type", "Sex",
                                         "Age", "Time period", "Value"]

    public static func read(url: URL, policy: RowPolicy = .reject) throws(SeriesDataError)
        -> (rows: [FingertipsRow], account: RowAccount) {
        try read(CSVReader(url: url), policy: policy)
    }

    public static func read(_ reader: CSVReader, policy: RowPolicy = .reject) throws(SeriesDataError)
        -> (rows: [FingertipsRow], account: RowAccount) {
        var account = RowAccount(file: reader.name)
        var rows: [FingertipsRow] = []
        var col = [Int?](repeating: nil, count: columns.count)
        var names: [String] = []
        var lastRequired = 0
        var shortRows = 0
        var minFields = Int.max
        try RecordLoop(reader: reader, policy: policy).run(account: &account) { (h) throws(SeriesDataError) in
            let header = try Header(h)
            names = header.names
            _ = try header.require(requiredColumns)
            for (k, c) in columns.enumerated() { col[k] = header.index(c) }
            lastRequired = requiredColumns.compactMap { header.index($0) }.max() ?? 0
        } onRow: { (r, acc) throws(SeriesDataError) in
            if r.count > names.count || r.count <= lastRequired {
                throw .raggedRow(r.location(column: nil), expectedFields: names.count, foundFields: r.count)
            }
            if r.count < names.count { shortRows += 1; minFields = min(minFields, r.count) }
            func text(_ k: Int) throws(SeriesDataError) -> String? {
                guard let i = col[k], i < r.count, !r.isEmpty(i) else { return nil }
                let s = try r.string(i, field: columns[k]).trimmingCharacters(in: .whitespacesAndNewlines)
                return s.isEmpty ? nil : s
            }
            func required(_ k: Int) throws(SeriesDataError) -> String {
                guard let s = try text(k) else {
                    throw .invalidField(r.location(column: col[k], field: columns[k]), value: "",
                                        expected: "a value for \(columns[k]) (the field is empty)")
                }
                return s
            }
            func number(_ k: Int) throws(SeriesDataError) -> Double? {
                guard let i = col[k], i < r.count else { return nil }
                return try numericValue(r, i, field: columns[k], allowEmpty: true)
            }
            let idText = try required(0)
            guard let id = Int(idText) else {
                throw .invalidField(r.location(column: col[0], field: columns[0]), value: idText,
                                    expected: "an integer indicator ID")
            }
            let tp = try required(11)
            var sortable: Int? = nil
            if let t = try text(23) {
                guard let v = Int(t) else {
                    throw .invalidField(r.location(column: col[23], field: columns[23]), value: t,
                                        expected: "an integer such as 20150000")
                }
                sortable = v
            }
            rows.append(FingertipsRow(
                indicatorID: id, indicatorName: try required(1), parentCode: try text(2), parentName: try text(3),
                areaCode: try required(4), areaName: try required(5), areaType: try required(6), sex: try required(7),
                age: try required(8), categoryType: try text(9), category: try text(10), timePeriod: tp,
                period: Period.parse(tp)?.0, value: try number(12), lowerCI95: try number(13), upperCI95: try number(14),
                lowerCI99_8: try number(15), upperCI99_8: try number(16), count: try number(17),
                denominator: try number(18), valueNote: try text(19), recentTrend: try text(20),
                comparedToEngland: try text(21), comparedToRegion: try text(22), timePeriodSortable: sortable,
                newData: try text(24), comparedToGoal: try text(25), line: r.line))
        }
        if shortRows > 0 {
            let missing = names[minFields...].map { "'\($0)'" }.joined(separator: ", ")
            account.flag("short row", count: shortRows, line: 0,
                         message: "\(shortRows) row(s) have fewer fields than the \(names.count)-column header; the missing trailing optional field(s) \(missing) are read as empty")
        }
        let freqs = Dictionary(grouping: rows.compactMap { $0.period?.frequency }, by: { $0 }).mapValues(\.count)
        account.frequencies = freqs
        return (rows, account)
    }

    /// The rows as a panel of `Value` keyed by indicator, area, sex, age and category
    /// (rows without a single-period `Time period` or without a value are skipped
    /// and counted in the returned account's notes).
    public static func panel(_ rows: [FingertipsRow]) -> (panel: Panel?, skipped: Int) {
        var byFreq: [Frequency: Int] = [:]
        for r in rows { if let p = r.period { byFreq[p.frequency, default: 0] += 1 } }
        guard let f = byFreq.max(by: { $0.value < $1.value })?.key else { return (nil, rows.count) }
        var acc = PanelAccumulator(keyColumns: ["indicator_id", "area_code", "area_name", "sex", "age", "category_type", "category"],
                                   frequency: f, mode: .unique)
        var skipped = 0
        for r in rows {
            guard let p = r.period, p.frequency == f, let v = r.value else { skipped += 1; continue }
            let s = acc.seriesIndex(for: [String(r.indicatorID), r.areaCode, r.areaName, r.sex, r.age,
                                          r.categoryType ?? "", r.category ?? ""])
            if acc.add(series: s, ordinal: p.ordinal, value: v, line: r.line) != nil { skipped += 1 }
        }
        var scratch = RowAccount(file: "")
        return (acc.build(account: &scratch), skipped)
    }
}
