// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import SeriesData
import Yams

// Loading and assessing outcomes whose data come from a linked source (see LinkedSource.swift,
// which holds only the spec part so that the spec fuzz harness can compile it alone).

extension SeriesLoader {
    /// The spec's series as 100 × numerator / denominator where the denominator comes from
    /// another file (`series.denominator`): each period where both are known and the
    /// denominator is positive; the numerator's account, with a note on the denominator.
    static func loadWithLinkedDenominator(_ source: SeriesSelection, _ d: LinkedSource, select: [String: [String]],
                                          root: URL, sources: SourceCache, spec: String, selectKey: String) throws(OutcomesError) -> LoadedSeries {
        var num = source
        num.denominator = nil; num.measure = .count
        let n = try load(num, select: select, root: root, sources: sources, spec: spec, selectKey: selectKey)
        let den = try load(d.selection(measure: .count, unit: ""), select: d.select, root: root, sources: sources, spec: spec,
                           selectKey: "series.denominator.select")
        let dser = d.adjusted(den.series, through: n.series.isEmpty ? nil : n.series.end)
        let obs: [Double?] = n.series.periods.map { p in
            guard let a = n.series[p], let b = dser[p], b > 0 else { return nil }
            return 100 * a / b
        }
        var account = n.account
        account.notes.append("series = 100 × \(source.valueColumn ?? "value") / \(d.valueColumn) of \(d.file) (\(den.label))"
            + (d.carryForward && !den.series.isEmpty ? "; periods after \(den.series.end) use the \(den.series.end) denominator" : ""))
        let rej = den.account.rejected.map { "\($0.reason): \($0.count)" }
        if !rej.isEmpty { account.notes.append("denominator file: rows not used — " + rej.joined(separator: ", ")) }
        return LoadedSeries(label: n.label, series: TimeSeries(start: n.series.start, observations: obs).trimmed(), account: account)
    }

    /// The numerator and denominator counts behind a linked-denominator series (for intervals).
    static func linkedCounts(_ source: SeriesSelection, _ d: LinkedSource, root: URL, sources: SourceCache,
                             spec: String) throws(OutcomesError) -> (numerator: TimeSeries, denominator: TimeSeries) {
        var num = source
        num.denominator = nil; num.measure = .count
        let n = try load(num, select: source.select, root: root, sources: sources, spec: spec, selectKey: "series.select")
        let den = try load(d.selection(measure: .count, unit: ""), select: d.select, root: root, sources: sources, spec: spec,
                           selectKey: "series.denominator.select")
        return (n.series, d.adjusted(den.series, through: n.series.isEmpty ? nil : n.series.end))
    }
}

extension OutcomeSpec {
    /// The file a spec is waiting for (`series.awaiting`) when it is absent under `root`, with
    /// the sentence the scorecard shows: "needs FILE with columns …: what it is".
    public func missingUserFile(root: URL) -> String? {
        guard let what = series.awaiting else { return nil }
        let url = series.file.hasPrefix("/") ? URL(fileURLWithPath: series.file) : root.appendingPathComponent(series.file)
        guard !FileManager.default.fileExists(atPath: url.path) else { return nil }
        var columns: [String] = []
        if let p = series.periodColumn { columns.append(p) }
        columns += series.select.keys.sorted()
        if let v = series.valueColumn { columns.append(v) }
        let rows = series.select.keys.sorted().map { "\($0) = \(series.select[$0]!.joined(separator: " or "))" }.joined(separator: ", ")
        return "needs \(series.file) with columns \(columns.joined(separator: ", "))"
            + (rows.isEmpty ? "" : " (rows with \(rows))") + ": " + what
    }
}

extension ProjectionEngine {
    /// The assessment of a spec whose user-supplied file is absent: Not assessable, saying what is needed.
    static func awaitingFile(_ spec: OutcomeSpec, asOf: Period?, needs: String) -> OutcomeAssessment {
        let empty = TimeSeries(start: spec.target.deadline, observations: [])
        return OutcomeAssessment(
            spec: spec, asOf: asOf, history: empty, fullSeries: empty, account: RowAccount(file: spec.series.file),
            baselineValue: nil, threshold: nil, status: .notAssessable, probability: nil, monteCarloError: nil,
            chosenModel: nil, method: nil, backtest: [], forecastPeriods: [], forecast: nil, simulatedSummary: nil,
            calibration: [], benchmark: nil, trend: nil, notes: ["Not assessable: " + needs])
    }
}
