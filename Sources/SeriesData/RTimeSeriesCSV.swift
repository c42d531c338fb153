// SPDX-License-Identifier: GPL-3.0-or-later
// R `ts` objects written to CSV: a decimal-time column and a value column.
import Foundation

/// Reader for R time series exported as CSV (`write.csv(data.frame(time = time(x), value = x))`,
/// pydataset / Rdatasets layouts): an optional row-name column, a `time` column in
/// **decimal years** (1949.08333 = February 1949, 1960.25 = 1960 Q2) and one value
/// column.
///
/// R's `time()` is `start + (i − 1)/frequency`, printed with limited digits, so each
/// time is mapped to the nearest point of the 1/`frequency` grid and rejected when it
/// is more than 0.001 of a period away (`time × frequency` must be within 0.001 of an
/// integer). Frequency 12 → months, 4 → quarters, 1 → calendar years.
public enum RTimeSeriesCSV {
    /// - Parameters:
    ///   - frequency: `.month`, `.quarter` or `.calendarYear` (R's `frequency` 12, 4, 1).
    ///   - valueColumn: the value column; default: the last column.
    ///   - timeColumn: default `time`.
    public static func read(url: URL, frequency: Frequency, valueColumn: String? = nil, timeColumn: String = "time",
                            policy: RowPolicy = .reject) throws(SeriesDataError) -> (series: TimeSeries, account: RowAccount) {
        try read(CSVReader(url: url), frequency: frequency, valueColumn: valueColumn, timeColumn: timeColumn, policy: policy)
    }

    public static func read(_ reader: CSVReader, frequency: Frequency, valueColumn: String? = nil, timeColumn: String = "time",
                            policy: RowPolicy = .reject) throws(SeriesDataError) -> (series: TimeSeries, account: RowAccount) {
        let perYear: Double
        switch frequency {
        case .month: perYear = 12
        case .quarter: perYear = 4
        case .calendarYear: perYear = 1
        default: throw .invalidArgument("R decimal time supports monthly, quarterly or yearly series, not \(frequency)")
        }
        var account = RowAccount(file: reader.name)
        var cT = 0, cV = 0, fieldCount = 0
        var names: [String] = []
        var acc = PanelAccumulator(keyColumns: [], frequency: frequency, mode: .unique)
        try RecordLoop(reader: reader, policy: policy).run(account: &account) { (h) throws(SeriesDataError) in
            let header = try Header(h)
            names = header.names
            fieldCount = h.count
            let idx = try header.require([timeColumn] + (valueColumn.map { [$0] } ?? []))
            cT = idx[0]
            cV = valueColumn == nil ? h.count - 1 : idx[1]
            if cV == cT { throw .missingColumns(file: reader.name, line: h.line, missing: ["<a value column>"], found: names, hint: nil) }
        } onRow: { (r, a) throws(SeriesDataError) in
            guard r.count == fieldCount else {
                throw .raggedRow(r.location(column: nil), expectedFields: fieldCount, foundFields: r.count)
            }
            guard case .value(let t) = r.number(cT), abs(t) < 1e6 else {
                throw .invalidField(r.location(column: cT, field: names[cT]), value: r.display(cT),
                                    expected: "a decimal year such as 1949.08333")
            }
            let x = t * perYear
            let o = x.rounded()
            guard abs(x - o) <= 1e-3 else {
                throw .invalidField(r.location(column: cT, field: names[cT]), value: r.display(cT),
                                    expected: "a decimal year on the 1/\(Int(perYear)) grid (\(frequency))")
            }
            let v = try optionalValue(r, cV, field: names[cV], kind: .measure, negatives: .keep, account: &a)
            if let first = acc.add(series: acc.seriesIndex(for: []), ordinal: Int(o), value: v, line: r.line) {
                throw .duplicatePeriod(r.location(column: cT, field: names[cT]), series: names[cV],
                                       period: Period(frequency: frequency, ordinal: Int(o)).description, firstLine: first)
            }
        }
        account.frequencies[frequency] = account.rowsUsed
        let panel = acc.build(account: &account)
        return (panel.count == 0 ? TimeSeries(start: Period(frequency: frequency, ordinal: 0), observations: []) : panel.series(at: 0),
                account)
    }
}
