// SPDX-License-Identifier: GPL-3.0-or-later
// ONS / Home Office police recorded crime by Police Force Area (rolling 12-month totals).
import Foundation

/// What to do with a negative count.
public enum NegativeCountPolicy: Sendable, Hashable {
    /// Keep the value (as published) and flag it in the row account.
    case keep
    /// Reject the row (counted under "negative count").
    case reject
}

/// Reader for the ONS "Recorded crime data at Police Force Area level" open data
/// table: `12 months ending, PFA, Region, Offence, Rolling year total number of offences`.
///
/// Each value is the number of offences recorded in the 12 months ending on the
/// date (`DD-MM-YYYY`, a quarter end — the 2003–2018 file writes the December 2017
/// date as 30-12-2017 in 927 rows; such dates are read as the quarter containing
/// them and flagged "date not a quarter end"). The series are indexed by the
/// **quarter in which the rolling year ends** (31-03-2003 → 2003 Q1), so the panel
/// is quarterly; before mid-2007 the table has only March points, so those
/// quarters are missing (reported as gaps). Rolling totals overlap: consecutive
/// quarters are not independent observations.
///
/// Negative published values (25 in the 2003–2018 file, adjustments of at most
/// −120) are kept and flagged by default (`negativeCounts: .keep`).
public enum ONSRecordedCrime {
    public static let requiredColumns = ["12 months ending", "PFA", "Region", "Offence",
                                         "Rolling year total number of offences"]
    public static let keyColumns = ["pfa", "region", "offence"]

    public static func read(url: URL, policy: RowPolicy = .reject,
                            negativeCounts: NegativeCountPolicy = .keep) throws(SeriesDataError)
        -> (panel: Panel, account: RowAccount) {
        try read(CSVReader(url: url), policy: policy, negativeCounts: negativeCounts)
    }

    public static func read(_ reader: CSVReader, policy: RowPolicy = .reject,
                            negativeCounts: NegativeCountPolicy = .keep) throws(SeriesDataError)
        -> (panel: Panel, account: RowAccount) {
        var account = RowAccount(file: reader.name)
        var idx: [Int] = []
        var names: [String] = []
        var fieldCount = 0
        var acc = PanelAccumulator(keyColumns: keyColumns, frequency: .quarter, mode: .unique)
        try RecordLoop(reader: reader, policy: policy).run(account: &account) { (h) throws(SeriesDataError) in
            let header = try Header(h)
            names = header.names
            fieldCount = h.count
            idx = try header.require(requiredColumns)
        } onRow: { (r, acc2) throws(SeriesDataError) in
            guard r.count == fieldCount else {
                throw .raggedRow(r.location(column: nil), expectedFields: fieldCount, foundFields: r.count)
            }
            let cDate = idx[0]
            guard let (day, form) = parsePeriodBytes(r.bytes(cDate)), form == .dayMonthYear || form == .isoDate else {
                throw .invalidField(r.location(column: cDate, field: names[cDate]), value: r.display(cDate),
                                    expected: "a date written DD-MM-YYYY, e.g. 31-03-2003")
            }
            let quarter = Period(containingDay: day.ordinal, frequency: .quarter)
            if day.ordinal != quarter.lastDay {
                acc2.flag("date not a quarter end", line: r.line,
                          message: "\(r.location(column: cDate, field: names[cDate])): \"\(r.display(cDate))\" is not the last day of a quarter; read as the rolling year ending in \(quarter)")
            }
            var key: [String] = []
            for k in 1...3 {
                let s = try r.string(idx[k], field: names[idx[k]]).trimmingCharacters(in: .whitespaces)
                guard !s.isEmpty else {
                    throw .invalidField(r.location(column: idx[k], field: names[idx[k]]), value: "",
                                        expected: "a \(names[idx[k]]) name (the field is empty)")
                }
                key.append(s)
            }
            let cV = idx[4]
            let v = try numericValue(r, cV, field: names[cV], allowEmpty: false, count: true)!
            if v < 0 {
                if negativeCounts == .reject { throw .negativeCount(r.location(column: cV, field: names[cV]), value: r.display(cV)) }
                acc2.flag("negative count", line: r.line,
                          message: SeriesDataError.negativeCount(r.location(column: cV, field: names[cV]), value: r.display(cV)).description
                              + " (kept as published)")
            }
            let s = acc.seriesIndex(for: key)
            if let first = acc.add(series: s, ordinal: quarter.ordinal, value: v, line: r.line) {
                throw .duplicatePeriod(r.location(column: cDate, field: names[cDate]),
                                       series: "\(key[0]) / \(key[2])", period: r.display(cDate), firstLine: first)
            }
        }
        account.frequencies[.quarter] = account.rowsUsed
        return (acc.build(account: &account), account)
    }

    /// Regions that are not English regions in this table.
    public static func isEnglishRegion(_ region: String) -> Bool {
        !(region == "Wales" || region == "British Transport Police" || region.hasPrefix("Fraud"))
    }

    /// England totals by offence: for each offence and quarter, the sum over police
    /// force areas whose `Region` is an English region (excluding Wales, British
    /// Transport Police and the national fraud bodies).
    ///
    /// A total is complete when every English force that has data for that offence
    /// at any date contributes; otherwise it is listed in `incomplete` (observed =
    /// forces contributing, expected = forces with that offence) and, with
    /// `.drop`, left missing. Returns a quarterly panel keyed by `offence`.
    public static func englandTotal(_ panel: Panel, incomplete policy: IncompletePeriodPolicy = .drop)
        -> (panel: Panel, incomplete: [(offence: String, period: Period, observed: Int, expected: Int)]) {
        guard let cP = panel.keyColumns.firstIndex(of: "pfa"), let cR = panel.keyColumns.firstIndex(of: "region"),
              let cO = panel.keyColumns.firstIndex(of: "offence") else {
            preconditionFailure("englandTotal needs key columns pfa, region, offence; panel has \(panel.keyColumns)")
        }
        var sums: [String: [Int: (sum: Double, n: Int)]] = [:]
        var forcesPerOffence: [String: Set<String>] = [:]
        for i in 0..<panel.count {
            let key = panel.key(at: i)
            guard isEnglishRegion(key[cR]) else { continue }
            let offence = key[cO]
            forcesPerOffence[offence, default: []].insert(key[cP])
            for j in panel.offsets[i]..<panel.offsets[i + 1] where !panel.missing[j] {
                let o = panel.startOrdinals[i] + j - panel.offsets[i]
                sums[offence, default: [:]][o, default: (0, 0)].sum += panel.values[j]
                sums[offence, default: [:]][o, default: (0, 0)].n += 1
            }
        }
        var out: [(key: [String], series: TimeSeries)] = []
        var incomplete: [(String, Period, Int, Int)] = []
        for offence in sums.keys.sorted() {
            let expected = forcesPerOffence[offence]!.count
            var pairs: [(Period, Double)] = []
            for (o, sn) in sums[offence]!.sorted(by: { $0.key < $1.key }) {
                let p = Period(frequency: panel.frequency, ordinal: o)
                if sn.n < expected {
                    incomplete.append((offence, p, sn.n, expected))
                    if policy == .drop { continue }
                }
                pairs.append((p, sn.sum))
            }
            if let ts = TimeSeries(pairs: pairs) { out.append(([offence], ts)) }
        }
        return (Panel(keyColumns: ["offence"], frequency: panel.frequency, series: out), incomplete)
    }
}
