// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import SeriesData
import Yams

/// A second data file an outcome needs besides its own series: the denominator of a
/// proportion published by someone else (`series.denominator`), or a benchmark taken from a
/// different publication (`benchmark.source`).
///
/// YAML (docs/Outcomes.md):
///
///     denominator:            # or, under benchmark:, source:
///       file: notebooks-data/alcohol_dependency/Estimates_of_Alcohol_Dependent_Adults_in_England_for_R.csv
///       format: tidy          # tidy or ees
///       period_column: Year
///       value_column: Alcohol_dependent
///       select: {Area_Code_GSS: E06000021}   # denominators only; a benchmark uses benchmark.select
///       carry_forward: true   # periods after the last value use the last value
///       complement: false     # true: the value is 100 − the column (a percentage of the rest)
public struct LinkedSource: Sendable, Equatable {
    public var file: String
    public var format: SeriesSelection.Format
    public var periodColumn: String?
    public var valueColumn: String
    public var select: [String: [String]]
    /// Periods after the source's last value take that value (e.g. prevalence estimates that
    /// are published every few years, used as the denominator of later years).
    public var carryForward: Bool
    /// The value is 100 − the column: the file publishes the complementary percentage (e.g.
    /// Fingertips 93532 "dependent drinkers *not* in treatment").
    public var complement: Bool

    public init(file: String, format: SeriesSelection.Format, periodColumn: String?, valueColumn: String,
                select: [String: [String]], carryForward: Bool = false, complement: Bool = false) {
        self.file = file; self.format = format; self.periodColumn = periodColumn; self.valueColumn = valueColumn
        self.select = select; self.carryForward = carryForward; self.complement = complement
    }

    /// The source as a series selection SeriesLoader can read (one value column, no peers).
    func selection(measure: SeriesSelection.Measure, unit: String) -> SeriesSelection {
        SeriesSelection(file: file, format: format, periodColumn: periodColumn, valueColumn: valueColumn, select: select,
                        measure: measure, unit: unit, yearEndingMarch: false, minimumHistory: 3)
    }

    /// `value` → 100 − value when `complement`; the last value carried to `through` when `carryForward`.
    func adjusted(_ s: TimeSeries, through: Period?) -> TimeSeries {
        var out = complement ? TimeSeries(start: s.start, observations: s.observations.map { $0.map { 100 - $0 } }) : s
        if carryForward, let end = through, !out.isEmpty, end.frequency == out.frequency, end > out.end,
           let last = out.observations.last(where: { $0 != nil }) ?? nil {
            out = TimeSeries(start: out.start, observations: out.observations + Array(repeating: last, count: out.end.distance(to: end)))
        }
        return out
    }

    /// Parses `key` of `map` (nil when absent). `needsSelect`: a denominator names its own rows.
    static func parse(_ r: SpecReader, _ map: Node.Mapping, _ key: String, at: String,
                      needsSelect: Bool) throws(OutcomesError) -> LinkedSource? {
        guard map[key] != nil else { return nil }
        let here = r.path(at, key)
        let m = try r.mapping(map, key, at: at)
        var allowed: Set<String> = ["file", "format", "period_column", "value_column", "carry_forward", "complement"]
        if needsSelect { allowed.insert("select") }
        try r.rejectUnknown(m, allowed: allowed, at: here)
        let format = try r.enumeration(m, "format", at: here, as: SeriesSelection.Format.self)
        guard format != .onsRecordedCrime else {
            throw .invalidSpec(file: r.file, key: r.path(here, "format"), problem: "a linked source must be tidy or ees (one value column)")
        }
        let period = try r.optionalString(m, "period_column", at: here)
        if format == .tidy && period == nil {
            throw .invalidSpec(file: r.file, key: r.path(here, "period_column"), problem: "a tidy source needs period_column")
        }
        if format == .ees && period != nil {
            throw .invalidSpec(file: r.file, key: r.path(here, "period_column"),
                               problem: "an EES source takes its periods from time_period and time_identifier; remove period_column")
        }
        return LinkedSource(
            file: try r.string(m, "file", at: here), format: format, periodColumn: period,
            valueColumn: try r.string(m, "value_column", at: here),
            select: needsSelect ? try r.selection(m, "select", at: here) : [:],
            carryForward: try r.optionalBool(m, "carry_forward", at: here) ?? false,
            complement: try r.optionalBool(m, "complement", at: here) ?? false)
    }
}

extension SeriesLoader {
    /// The spec's series as 100 × numerator / denominator where the denominator comes from
    /// another file (`series.denominator`): each period where both are known and the
    /// denominator is positive; the numerator's account, with a note on the denominator.
    static func loadWithLinkedDenominator(_ source: SeriesSelection, _ d: LinkedSource, select: [String: [String]],
                                          root: URL, spec: String, selectKey: String) throws(OutcomesError) -> LoadedSeries {
        var num = source
        num.denominator = nil; num.measure = .count
        let n = try load(num, select: select, root: root, spec: spec, selectKey: selectKey)
        let den = try load(d.selection(measure: .count, unit: ""), select: d.select, root: root, spec: spec,
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
    static func linkedCounts(_ source: SeriesSelection, _ d: LinkedSource, root: URL,
                             spec: String) throws(OutcomesError) -> (numerator: TimeSeries, denominator: TimeSeries) {
        var num = source
        num.denominator = nil; num.measure = .count
        let n = try load(num, select: source.select, root: root, spec: spec, selectKey: "series.select")
        let den = try load(d.selection(measure: .count, unit: ""), select: d.select, root: root, spec: spec,
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
