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
    public internal(set) var file: String
    public internal(set) var format: SeriesSelection.Format
    public internal(set) var periodColumn: String?
    public internal(set) var valueColumn: String
    public internal(set) var select: [String: [String]]
    /// Periods after the source's last value take that value (e.g. prevalence estimates that
    /// are published every few years, used as the denominator of later years).
    public internal(set) var carryForward: Bool
    /// The value is 100 − the column: the file publishes the complementary percentage (e.g.
    /// Fingertips 93532 "dependent drinkers *not* in treatment").
    public internal(set) var complement: Bool

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
