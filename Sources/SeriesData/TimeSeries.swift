// SPDX-License-Identifier: GPL-3.0-or-later
/// A regular time series: a start period, its frequency, and one observation per
/// period, where a missing observation is `nil` — explicit, never NaN.
///
/// Design choice: `[Double?]` (values with explicit missingness) rather than NaN
/// sentinels, because NaN is also what a bad computation produces and a file may
/// legitimately contain "NaN" text that we reject. Models that need a plain
/// `[Double]` call `completeValues()`, which throws if anything is missing, so a gap
/// can never silently enter a fit. (`Panel` stores the same information compactly
/// as a `[Double]` buffer plus a missing mask.)
public struct TimeSeries: Sendable, Hashable, CustomStringConvertible {
    /// First period (also fixes the frequency).
    public let start: Period
    /// One entry per period from `start`; `nil` = missing.
    public private(set) var observations: [Double?]

    public init(start: Period, observations: [Double?]) {
        self.start = start
        self.observations = observations
    }

    /// A complete series.
    public init(start: Period, values: [Double]) {
        self.init(start: start, observations: values.map { $0 })
    }

    /// Builds a regular series from (period, value) pairs in any order; periods
    /// between the first and last without a pair are missing. Precondition: all
    /// periods of one frequency, no period twice (readers check these on data and
    /// report them; here they are programming errors).
    public init?(pairs: [(Period, Double)]) {
        guard let first = pairs.min(by: { $0.0 < $1.0 })?.0, let last = pairs.max(by: { $0.0 < $1.0 })?.0 else {
            return nil
        }
        var obs = [Double?](repeating: nil, count: first.distance(to: last) + 1)
        for (p, v) in pairs {
            precondition(p.frequency == first.frequency, "mixed frequencies in TimeSeries(pairs:)")
            let i = first.distance(to: p)
            precondition(obs[i] == nil, "period \(p) given twice")
            obs[i] = v
        }
        self.init(start: first, observations: obs)
    }

    public var frequency: Frequency { start.frequency }
    /// Observations per year (12 monthly, 4 quarterly, 52 weekly, 7 daily, 1 yearly).
    public var seasonLength: Int { start.frequency.seasonLength }
    public var count: Int { observations.count }
    public var isEmpty: Bool { observations.isEmpty }
    /// Last period; precondition: not empty.
    public var end: Period {
        precondition(!observations.isEmpty, "empty series has no end period")
        return start.advanced(by: observations.count - 1)
    }
    /// All periods, `start … end`.
    public var periods: [Period] { (0..<observations.count).map { start.advanced(by: $0) } }

    public var missingCount: Int { observations.reduce(0) { $0 + ($1 == nil ? 1 : 0) } }
    public var hasMissing: Bool { observations.contains { $0 == nil } }

    /// The value at `period`, nil if missing or outside the series.
    public subscript(period: Period) -> Double? {
        guard period.frequency == frequency else { return nil }
        let i = start.distance(to: period)
        return i >= 0 && i < observations.count ? observations[i] : nil
    }

    /// The values as `[Double]` for models (which take values + `seasonLength`).
    /// - Throws: `SeriesDataError.missingValues` naming how many are missing and the first.
    public func completeValues(name: String = "series") throws(SeriesDataError) -> [Double] {
        var out = [Double]()
        out.reserveCapacity(observations.count)
        for (i, o) in observations.enumerated() {
            guard let o else {
                throw .missingValues(series: name, count: missingCount, first: start.advanced(by: i))
            }
            out.append(o)
        }
        return out
    }

    /// Observations implausibly far out of scale with the rest of the series: those whose
    /// magnitude is more than `ratio` (default 10⁴) times the median magnitude of the non-zero
    /// observations, e.g. 1e15 in a series of values near 1e3 — a typing, unit or export error
    /// far more often than data. Models would take it at face value (one such value turned ETS
    /// intervals into ±1e46), so callers warn, naming the period and value.
    ///
    /// A magnitude ratio rather than a robust z-score: it needs no spread (a constant series
    /// with one real step has MAD 0) and it says what is wrong in the analyst's units.
    /// O(n log n) (the median). Empty when fewer than 3 non-zero observations.
    public func implausibleValues(ratio: Double = 1e4) -> [(period: Period, value: Double, timesTypical: Double)] {
        let mags = observations.compactMap { $0 }.map(abs).filter { $0 > 0 && $0.isFinite }.sorted()
        guard mags.count >= 3 else { return [] }
        let median = mags.count % 2 == 1 ? mags[mags.count / 2] : (mags[mags.count / 2 - 1] + mags[mags.count / 2]) / 2
        var out: [(Period, Double, Double)] = []
        for (i, o) in observations.enumerated() {
            guard let o, !(abs(o) <= ratio * median) else { continue }
            out.append((start.advanced(by: i), o, abs(o) / median))
        }
        return out
    }

    /// The part of the series from `from` through `through` (inclusive), clamped to
    /// the series' own range; precondition: same frequency.
    public func slice(from: Period? = nil, through: Period? = nil) -> TimeSeries {
        let lo = max(0, from.map { start.distance(to: $0) } ?? 0)
        let hi = min(count - 1, through.map { start.distance(to: $0) } ?? count - 1)
        guard lo <= hi else { return TimeSeries(start: start.advanced(by: lo), observations: []) }
        return TimeSeries(start: start.advanced(by: lo), observations: Array(observations[lo...hi]))
    }

    /// The series without leading and trailing missing values (empty if all missing).
    public func trimmed() -> TimeSeries {
        guard let f = observations.firstIndex(where: { $0 != nil }),
              let l = observations.lastIndex(where: { $0 != nil }) else {
            return TimeSeries(start: start, observations: [])
        }
        return TimeSeries(start: start.advanced(by: f), observations: Array(observations[f...l]))
    }

    /// Runs of missing periods strictly inside the observed range.
    public func gaps() -> [(from: Period, to: Period)] {
        var out: [(Period, Period)] = []
        var i = 0
        let first = observations.firstIndex { $0 != nil } ?? observations.count
        let last = observations.lastIndex { $0 != nil } ?? -1
        i = first
        while i <= last {
            if observations[i] == nil {
                var j = i
                while j + 1 <= last, observations[j + 1] == nil { j += 1 }
                out.append((start.advanced(by: i), start.advanced(by: j)))
                i = j + 1
            } else {
                i += 1
            }
        }
        return out
    }

    public var description: String {
        let body = observations.prefix(12).map { $0.map { "\($0)" } ?? "NA" }.joined(separator: ", ")
        return "TimeSeries(\(frequency.name), \(isEmpty ? "empty" : "\(start)…\(end)"), [\(body)\(count > 12 ? ", …" : "")])"
    }
}

// MARK: - Aggregation

/// How sub-period values combine: counts add up, rates are averaged.
public enum AggregationMethod: Sendable, Hashable {
    /// Sum (counts of crimes, admissions…).
    case sum
    /// Arithmetic mean of the observed sub-periods (rates, percentages).
    case mean
}

/// What to do with a target period whose sub-periods are not all observed (e.g. a
/// financial year with only 9 months of data, at the ends of a series or around a gap).
public enum IncompletePeriodPolicy: Sendable, Hashable {
    /// Its value is missing (and leading/trailing missing periods are trimmed). Reported.
    case drop
    /// Its value is computed from the observed sub-periods and it is listed as incomplete.
    case mark
}

/// A target period that had fewer observed sub-periods than it contains.
public struct IncompletePeriod: Sendable, Hashable, CustomStringConvertible {
    public var period: Period
    public var observed: Int
    public var expected: Int
    public var description: String { "\(period): \(observed) of \(expected) sub-periods observed" }
}

/// The result of an aggregation: the series and every incomplete period, with the
/// policy that was applied to them.
public struct AggregatedSeries: Sendable, Hashable {
    public var series: TimeSeries
    public var incomplete: [IncompletePeriod]
    public var policy: IncompletePeriodPolicy
    public func isIncomplete(_ p: Period) -> Bool { incomplete.contains { $0.period == p } }
}

extension TimeSeries {
    /// Aggregates to a coarser frequency: months → quarters, calendar years or UK
    /// financial years; quarters → calendar or financial years; days → anything.
    ///
    /// A target period is complete when all its sub-periods (e.g. the 12 months
    /// April–March of a financial year) are present and observed. Incomplete periods
    /// are always returned in `incomplete`; `policy` says whether their value is
    /// dropped (missing) or computed from what was observed (marked). Nothing is
    /// silently partial. O(n).
    ///
    /// - Throws: `.frequencyMismatch` when `self.frequency` does not nest in `target`
    ///   (weeks into months, or a coarser target).
    public func aggregated(to target: Frequency, method: AggregationMethod,
                           incomplete policy: IncompletePeriodPolicy) throws(SeriesDataError) -> AggregatedSeries {
        guard frequency.nests(in: target) else {
            throw .frequencyMismatch(expected: target, found: frequency,
                                     context: "cannot aggregate \(frequency) periods into \(target) periods (they do not nest)")
        }
        guard !isEmpty else {
            return AggregatedSeries(series: TimeSeries(start: start.containing(in: target), observations: []),
                                    incomplete: [], policy: policy)
        }
        let first = start.containing(in: target), last = end.containing(in: target)
        var out: [Double?] = []
        var incomplete: [IncompletePeriod] = []
        var t = first
        while t <= last {
            let subFirst = Period(containingDay: t.firstDay, frequency: frequency)
            let subLast = Period(containingDay: t.lastDay, frequency: frequency)
            let expected = subFirst.distance(to: subLast) + 1
            var sum = 0.0, n = 0
            var p = subFirst
            while p <= subLast {
                if let v = self[p] { sum += v; n += 1 }
                p = p.advanced(by: 1)
            }
            if n < expected { incomplete.append(IncompletePeriod(period: t, observed: n, expected: expected)) }
            if n == 0 || (n < expected && policy == .drop) {
                out.append(nil)
            } else {
                out.append(method == .sum ? sum : sum / Double(n))
            }
            t = t.advanced(by: 1)
        }
        var s = TimeSeries(start: first, observations: out)
        if policy == .drop { s = s.trimmed() }
        return AggregatedSeries(series: s, incomplete: incomplete, policy: policy)
    }
}
