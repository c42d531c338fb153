// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Indicators
import SeriesData

/// The Fingertips-style figures shown beside an outcome's projection: Wilson intervals on a
/// proportion with counts, the funnel plot of every comparable area, the recent-trend marker
/// and "Compared to goal". Read-only outside Outcomes (the report reads it; only the engine sets it).
public struct OutcomeIndicators: Sendable {
    /// The period the interval, funnel and goal refer to (the benchmark comparison's period, else
    /// the latest observed one, never after the deadline).
    public internal(set) var period: Period?
    /// The area's percentage with its Wilson 95% interval (proportions with counts).
    public internal(set) var areaEstimate: IndicatorEstimate?
    /// The benchmark's (England's) percentage with its Wilson 95% interval.
    public internal(set) var benchmarkEstimate: IndicatorEstimate?
    /// Every comparable area at `period` against a funnel around the benchmark (0–1 scale).
    public internal(set) var funnel: FunnelPlot.Result?
    /// The assessed area's code in the funnel.
    public internal(set) var highlightedArea: String?
    /// Area code → name, where the source has names.
    public internal(set) var areaNames: [String: String] = [:]
    /// Fingertips recent-trend marker of the area (as of the run's date).
    public internal(set) var trend: FingertipsTrend.Marker
    /// Polarity used for the trend wording and the goal.
    public internal(set) var polarity: Polarity
    /// Fingertips "Compared to goal": the area's value at `period` against the target's threshold.
    public internal(set) var goal: (comparison: GoalComparison, goal: GoalComparison.Goal, value: Double)?
    /// Why a figure could not be formed (plain sentences).
    public internal(set) var notes: [String] = []

    public var trendWords: String {
        trend.words(polarity: polarity) + (trend.reason.map { " (\($0))" } ?? "")
    }
}

/// What an assessment made before the deadline said, for an outcome whose deadline is now observed.
public struct PriorProjection: Sendable {
    public internal(set) var asOf: Period
    public internal(set) var status: OutcomeStatus
    public internal(set) var probability: Double?
    public internal(set) var method: String?
    /// Median and 80% range of the projected deadline value.
    public internal(set) var projected: (p10: Double, p50: Double, p90: Double)?
    public internal(set) var notes: [String]
}

extension ProjectionEngine {
    /// The month before the deadline period begins (for 2019/20: 2019-03).
    static func monthBefore(_ deadline: Period) -> Period {
        Period(containingDay: deadline.firstDay - 1, frequency: .month)
    }

    /// Re-assesses `spec` as of the month before its deadline began.
    func priorProjection(_ spec: OutcomeSpec) throws(OutcomesError) -> PriorProjection {
        let asOf = Self.monthBefore(spec.target.deadline)
        let b = try assess(spec, asOf: asOf)
        return PriorProjection(asOf: asOf, status: b.status, probability: b.probability, method: b.method,
                               projected: b.simulatedSummary.map { ($0.p10, $0.p50, $0.p90) }, notes: b.notes)
    }

    /// The polarity of an outcome: the benchmark's, else the direction the target wants.
    static func polarity(_ spec: OutcomeSpec) -> Polarity {
        switch spec.benchmark?.polarity {
        case .lowIsGood?: return .lowIsGood
        case .highIsGood?: return .highIsGood
        default:
            switch spec.target.rule {
            case .atLeast, .aboveBaseline: return .highIsGood
            case .atMost, .belowBaseline: return .lowIsGood
            case .relativeChange: return (spec.target.value ?? 0) > 0 ? .highIsGood : .lowIsGood
            }
        }
    }

    /// The numerator and denominator counts of a proportion outcome for `select`
    /// (same-file `denominator_column`, or a linked denominator for the spec's own selection).
    func counts(_ spec: OutcomeSpec, select: [String: [String]], selectKey: String) throws(OutcomesError) -> (TimeSeries, TimeSeries)? {
        let s = spec.series
        if let d = s.denominator {
            guard select == s.select else { return nil }
            return try SeriesLoader.linkedCounts(s, d, root: root, sources: sources, spec: spec.file)
        }
        guard let dc = s.denominatorColumn else { return nil }
        var num = s, den = s
        num.denominatorColumn = nil; num.measure = .count; num.peers = nil
        den.denominatorColumn = nil; den.measure = .count; den.peers = nil; den.valueColumn = dc
        let n = try SeriesLoader.load(num, select: select, root: root, sources: sources, spec: spec.file, selectKey: selectKey)
        let m = try SeriesLoader.load(den, select: select, root: root, sources: sources, spec: spec.file, selectKey: selectKey)
        return (n.series, m.series)
    }

    /// Wilson intervals, funnel, Fingertips trend marker and compared-to-goal for one assessment.
    public func indicators(for a: OutcomeAssessment) throws(OutcomesError) -> OutcomeIndicators {
        let spec = a.spec
        let polarity = Self.polarity(spec)
        let period = a.benchmark?.period ?? a.history.periods.last(where: { a.history[$0] != nil && $0 <= spec.target.deadline })
        var out = OutcomeIndicators(period: period, trend: FingertipsTrend.marker([], proportion: false), polarity: polarity)
        let areaCounts = try counts(spec, select: spec.series.select, selectKey: "series.select")
            .map { (Self.cut($0.0, asOf: a.asOf), Self.cut($0.1, asOf: a.asOf)) }

        // Recent trend (Fingertips): annual data only.
        let history = a.history
        if history.isEmpty {
            out.trend = FingertipsTrend.marker([], proportion: false)
        } else if ![.financialYear, .calendarYear].contains(history.frequency) {
            var m = FingertipsTrend.marker([], proportion: false)
            m.reason = "Fingertips computes recent trends for annual data; this series is \(history.frequency)"
            out.trend = m
        } else if let (n, d) = areaCounts {
            let pts = history.periods.map { FingertipsTrend.Point(value: history[$0], count: n[$0], denominator: d[$0]) }
            out.trend = FingertipsTrend.marker(pts, proportion: true)
        } else {
            var m = FingertipsTrend.marker(history.observations.map { FingertipsTrend.Point(value: $0) }, proportion: false)
            m.reason = "the source has neither counts with denominators nor 95% limits"
            out.trend = m
        }

        guard let p = period else { return out }
        // Compared to goal: the value at the comparison period against the target's threshold.
        if let v = a.history[p], let t = a.threshold {
            let g = GoalComparison.Goal.value(t)
            out.goal = (GoalComparison.compare(v, to: g, polarity: polarity), g, v)
        }
        // Wilson intervals.
        func estimate(_ c: (TimeSeries, TimeSeries)?, _ who: String) -> IndicatorEstimate? {
            guard let (n, d) = c, let x = n[p], let m = d[p], m > 0 else { return nil }
            do { return try Proportion.estimate(successes: x, trials: m.rounded(), level: .p95, multiplier: 100) } catch {
                out.notes.append("no Wilson interval for \(who) at \(p): \(error)")
                return nil
            }
        }
        out.areaEstimate = estimate(areaCounts, "the area")
        if let b = spec.benchmark, b.source == nil {
            out.benchmarkEstimate = estimate(try counts(spec, select: b.select, selectKey: "benchmark.select")
                .map { (Self.cut($0.0, asOf: a.asOf), Self.cut($0.1, asOf: a.asOf)) }, b.label)
        }
        // Funnel plot: every comparable area (peers) with counts, around the benchmark's proportion.
        if let peers = spec.series.peers, let dc = spec.series.denominatorColumn {
            var num = spec.series, den = spec.series
            num.denominatorColumn = nil; num.measure = .count
            den.denominatorColumn = nil; den.measure = .count; den.valueColumn = dc
            let np = try SeriesLoader.loadPeers(num, peers: peers, benchmark: spec.benchmark, root: root, sources: sources, spec: spec.file)
            let dp = try SeriesLoader.loadPeers(den, peers: peers, benchmark: spec.benchmark, root: root, sources: sources, spec: spec.file)
            var points: [FunnelPlot.Point] = []
            var skipped = 0
            if let i = np.index(ofPeriod: p), let j = dp.index(ofPeriod: p) {
                let dIndex = Dictionary(uniqueKeysWithValues: dp.areas.enumerated().map { ($1, $0) })
                for (k, area) in np.areas.enumerated() {
                    guard let x = np.values[k][i], let di = dIndex[area], let n = dp.values[di][j], n > 0, x <= n else { skipped += 1; continue }
                    points.append(FunnelPlot.Point(area: area, numerator: x, denominator: n))
                }
            }
            let target = out.benchmarkEstimate.map { $0.value / 100 }
            do {
                out.funnel = try FunnelPlot.analyse(points, statistic: .proportion, target: target)
                out.highlightedArea = spec.series.select[peers.column]?.first
                if skipped > 0 { out.notes.append("funnel plot: \(skipped) area(s) without a published count and denominator at \(p) left out") }
            } catch {
                out.notes.append("no funnel plot at \(p): \(error)")
            }
            if spec.series.format == .ees { out.areaNames = eesNames(spec, column: peers.column) }
        }
        return out
    }

    /// Code → name for an EES source's peers column (`area_name` at the row's own level).
    func eesNames(_ spec: OutcomeSpec, column: String) -> [String: String] {
        let url = spec.series.file.hasPrefix("/") ? URL(fileURLWithPath: spec.series.file) : root.appendingPathComponent(spec.series.file)
        let value = spec.series.valueColumn!, keys = [column, "area_name"]
        guard let (panel, _) = try? sources.reading(url, options: "ees value=\(value) keys=\(keys) \(ValueKind.measure)", { (r) throws(SeriesDataError) in
                  try EESOpenData.read(r, value: value, keys: keys, valueKind: .measure)
              }),
              panel.keyColumns.count == 2 else { return [:] }
        var out: [String: String] = [:]
        for i in 0..<panel.count {
            let k = panel.key(at: i)
            if !k[0].isEmpty, !k[1].isEmpty { out[k[0]] = k[1] }
        }
        return out
    }
}
