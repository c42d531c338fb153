// SPDX-License-Identifier: GPL-3.0-or-later
import Distributions
import Foundation
import SeriesData

/// The outcome question replayed at past origins: the target's rule with the baseline
/// `baselineOffset` periods from the origin (0 = the origin itself, −1 = the year before, nil for
/// fixed thresholds) and the deadline `horizon` periods after it.
public struct ReplayQuestion: Sendable, Equatable {
    public internal(set) var rule: Target.Rule
    public internal(set) var baselineOffset: Int?
    public internal(set) var horizon: Int
    /// Percentage (relative-change) or threshold (at-least / at-most).
    public internal(set) var value: Double?

    public init(rule: Target.Rule, baselineOffset: Int?, horizon: Int, value: Double? = nil) {
        self.rule = rule
        self.baselineOffset = baselineOffset
        self.horizon = horizon
        self.value = value
    }

    /// The spec's target asked from `origin` (the last period with data).
    public init(target: Target, origin: Period) {
        rule = target.rule
        baselineOffset = target.baseline.map { origin.distance(to: $0) }
        horizon = origin.distance(to: target.deadline)
        value = target.value
    }

    var target: Target {
        // Only rule and value matter for `ProjectionEngine.threshold/meets`.
        Target(rule: rule, baseline: nil, deadline: .financialYear(startingIn: 2000), value: value, statement: "")
    }

    /// The value the deadline is compared with, from the baseline value when the rule has one.
    func threshold(baselineValue: Double?) -> Double? {
        switch rule {
        case .belowBaseline, .aboveBaseline: return baselineValue
        case .relativeChange: return baselineValue.map { $0 * (1 + value! / 100) }
        case .atLeast, .atMost: return value
        }
    }

    /// P(met) from a predictive CDF (continuous, so ≤ and < coincide).
    func probability(threshold t: Double, cdf: (Double) -> Double) -> Double {
        switch rule {
        case .belowBaseline, .atMost: return cdf(t)
        case .aboveBaseline, .atLeast: return 1 - cdf(t)
        case .relativeChange: return value! < 0 ? cdf(t) : 1 - cdf(t)
        }
    }

    func met(_ v: Double, threshold t: Double) -> Bool { ProjectionEngine.meets(v, target, threshold: t) }

    public var summary: String {
        let base = baselineOffset.map { $0 == 0 ? "the origin" : ($0 < 0 ? "\(-$0) period(s) before the origin" : "\($0) period(s) after the origin") }
        switch rule {
        case .belowBaseline: return "value \(horizon) period(s) ahead below the value at \(base!)"
        case .aboveBaseline: return "value \(horizon) period(s) ahead above the value at \(base!)"
        case .relativeChange: return "value \(horizon) period(s) ahead changed by \(value!)% or more vs \(base!)"
        case .atLeast: return "value \(horizon) period(s) ahead at least \(value!)"
        case .atMost: return "value \(horizon) period(s) ahead at most \(value!)"
        }
    }
}

/// One (area, origin) forecast paired with what happened.
public struct ReplayRecord: Sendable, Codable, Equatable {
    public internal(set) var area: String
    public internal(set) var origin: String
    public internal(set) var probability: Double
    public internal(set) var met: Bool
    public internal(set) var actual: Double
    public internal(set) var median: Double
    public internal(set) var lower80: Double, upper80: Double, lower95: Double, upper95: Double
    public internal(set) var crps: Double
}

/// One bin of the reliability diagram.
public struct ReliabilityBin: Sendable, Codable, Equatable {
    public internal(set) var lower: Double, upper: Double
    public internal(set) var count: Int
    public internal(set) var meanProbability: Double
    public internal(set) var observedFrequency: Double
}

/// Scores of a set of replayed probability forecasts.
///
/// - Brier score BS = mean (p − o)²; Murphy's (1973) decomposition over the bins
///   BS ≈ reliability − resolution + uncertainty.
/// - Hindsight climatology: for each origin, ō(1 − ō) with ō that origin's observed share met
///   (a forecaster told the national share in advance); skill = 1 − ΣBS / ΣBS_clim.
/// - Log score: mean −log p(outcome), p clipped to [0.001, 0.999].
/// - CRPS of the deadline value (data units) and coverage of the 80/95% central intervals.
public struct CalibrationSummary: Sendable, Codable, Equatable {
    public internal(set) var method: String
    public internal(set) var question: String
    public internal(set) var origins: [String]
    public internal(set) var count: Int
    public internal(set) var brier: Double
    public internal(set) var climatology: Double
    public internal(set) var skill: Double
    /// 1 − BS / 0.25.
    public internal(set) var skillVsCoin: Double
    public internal(set) var reliability: Double, resolution: Double, uncertainty: Double
    public internal(set) var logScore: Double
    public internal(set) var crps: Double
    public internal(set) var coverage80: Double, coverage95: Double
    public internal(set) var observedShare: Double
    public internal(set) var bins: [ReliabilityBin]
    /// The largest |mean P − observed frequency| over bins with at least 5 forecasts.
    public internal(set) var worstBinGap: Double
    /// The forecasts sorted by P(met) and cut into five equal-count groups (quintiles of P).
    public internal(set) var quintiles: [ReliabilityBin]
    /// The largest |mean P − observed frequency| over the quintile groups.
    public internal(set) var worstQuintileGap: Double

    public init(method: String, question: String, records: [ReplayRecord], binEdges: [Double] = [0, 0.2, 0.4, 0.6, 0.8, 1]) {
        self.method = method
        self.question = question
        let n = Double(records.count)
        count = records.count
        var originOrder: [String] = []
        for r in records where !originOrder.contains(r.origin) { originOrder.append(r.origin) }
        origins = originOrder
        let o = records.map { $0.met ? 1.0 : 0.0 }
        brier = zip(records, o).map { ($0.probability - $1) * ($0.probability - $1) }.reduce(0, +) / n
        var clim = 0.0
        for origin in originOrder {
            let os = records.filter { $0.origin == origin }.map { $0.met ? 1.0 : 0.0 }
            let share = os.reduce(0, +) / Double(os.count)
            clim += share * (1 - share) * Double(os.count)
        }
        climatology = clim / n
        skill = climatology > 0 ? 1 - brier / climatology : (brier == 0 ? 0 : -.infinity)
        skillVsCoin = 1 - brier / 0.25
        observedShare = o.reduce(0, +) / n
        uncertainty = observedShare * (1 - observedShare)
        var bins: [ReliabilityBin] = []
        var rel = 0.0, res = 0.0
        for b in 0..<(binEdges.count - 1) {
            let lo = binEdges[b], hi = binEdges[b + 1]
            let inBin = records.filter { $0.probability >= lo && ($0.probability < hi || (b == binEdges.count - 2 && $0.probability <= hi)) }
            guard !inBin.isEmpty else {
                bins.append(ReliabilityBin(lower: lo, upper: hi, count: 0, meanProbability: .nan, observedFrequency: .nan))
                continue
            }
            let k = Double(inBin.count)
            let pm = inBin.map(\.probability).reduce(0, +) / k
            let om = Double(inBin.filter(\.met).count) / k
            rel += k * (pm - om) * (pm - om)
            res += k * (om - observedShare) * (om - observedShare)
            bins.append(ReliabilityBin(lower: lo, upper: hi, count: inBin.count, meanProbability: pm, observedFrequency: om))
        }
        reliability = rel / n
        resolution = res / n
        self.bins = bins
        worstBinGap = bins.filter { $0.count >= 5 }.map { abs($0.meanProbability - $0.observedFrequency) }.max() ?? .nan
        let sorted = records.sorted { $0.probability < $1.probability }
        quintiles = (0..<5).compactMap { g in
            let lo = g * sorted.count / 5, hi = (g + 1) * sorted.count / 5
            guard hi > lo else { return nil }
            let part = sorted[lo..<hi]
            let k = Double(part.count)
            return ReliabilityBin(lower: part.first!.probability, upper: part.last!.probability, count: part.count,
                                  meanProbability: part.map(\.probability).reduce(0, +) / k,
                                  observedFrequency: Double(part.filter(\.met).count) / k)
        }
        worstQuintileGap = quintiles.map { abs($0.meanProbability - $0.observedFrequency) }.max() ?? .nan
        logScore = records.map { r in
            let p = min(max(r.probability, 0.001), 0.999)
            return -Foundation.log(r.met ? p : 1 - p)
        }.reduce(0, +) / n
        crps = records.map(\.crps).reduce(0, +) / n
        coverage80 = Double(records.filter { $0.actual >= $0.lower80 && $0.actual <= $0.upper80 }.count) / n
        coverage95 = Double(records.filter { $0.actual >= $0.lower95 && $0.actual <= $0.upper95 }.count) / n
    }

    /// A plain-text table: one line of scores and the reliability bins.
    public var table: String {
        var s = "\(method) — \(question)\n"
        s += "origins \(origins.joined(separator: ", ")); \(count) forecasts; observed share met \(String(format: "%.3f", observedShare))\n"
        s += String(format: "Brier %.4f  hindsight climatology %.4f  skill %+.3f  (coin 0.25: skill %+.3f)\n", brier, climatology, skill, skillVsCoin)
        s += String(format: "Murphy: reliability %.4f  resolution %.4f  uncertainty %.4f\n", reliability, resolution, uncertainty)
        s += String(format: "log score %.4f  CRPS %.4g  coverage 80%% %.3f  95%% %.3f\n", logScore, crps, coverage80, coverage95)
        s += "P(met) bin    n    mean P  observed\n"
        for b in bins {
            s += String(format: "%.1f–%.1f  %5d  ", b.lower, b.upper, b.count)
            s += b.count == 0 ? "     –        –\n" : String(format: "%7.3f  %7.3f\n", b.meanProbability, b.observedFrequency)
        }
        s += "quintile of P  range         n    mean P  observed\n"
        for (i, b) in quintiles.enumerated() {
            s += String(format: "Q%d  %.3f–%.3f  %5d  %7.3f  %7.3f\n", i + 1, b.lower, b.upper, b.count, b.meanProbability, b.observedFrequency)
        }
        s += String(format: "worst quintile gap %.3f\n", worstQuintileGap)
        return s
    }
}

/// Replays a projection method at past origins for every peer area and scores it against what
/// happened (Gneiting, Balabdaoui & Raftery 2007, JRSS-B 69:243, DOI 10.1111/j.1467-9868.2007.00587.x).
///
/// At origin T the method sees only periods ≤ T of every area; the outcome is read at T + h.
/// Complexity: one pooled fit per origin (O(A·T)) plus O(A) predictive distributions.
public enum CalibrationReplay {
    /// Origins (period indices) at which the question can be asked and answered within the panel
    /// up to `through` (inclusive).
    public static func feasibleOrigins(_ panel: PeerPanel, question: ReplayQuestion, through last: Int) -> [Int] {
        let lowest = max(3, -(question.baselineOffset ?? 0))
        guard last - question.horizon >= lowest else { return [] }
        return Array(lowest...(last - question.horizon))
    }

    /// Scores the pooled change model at `origins` (period indices of `panel`). Origins where
    /// the model cannot be fitted (too few training pairs) are skipped and returned.
    public static func pooled(_ panel: PeerPanel, question: ReplayQuestion, origins: [Int],
                              model: PooledChangeModel = PooledChangeModel()) -> (records: [ReplayRecord], skipped: [String]) {
        var records: [ReplayRecord] = []
        var skipped: [String] = []
        for t in origins {
            let originPeriod = panel.start.advanced(by: t)
            guard t + question.horizon < panel.periodCount else { skipped.append("\(originPeriod): outcome not in the data"); continue }
            let fit: PooledChangeFit
            do { fit = try model.fit(panel, origin: t, horizon: question.horizon) } catch {
                skipped.append("\(originPeriod): \(error.description)"); continue
            }
            for a in panel.areas.indices {
                guard let actual = panel.values[a][t + question.horizon], let d = fit.distribution(area: a) else { continue }
                let baseValue = question.baselineOffset.flatMap { off in t + off >= 0 ? panel.values[a][t + off] : nil }
                guard let thr = question.threshold(baselineValue: baseValue) else { continue }
                let p = question.probability(threshold: thr, cdf: d.cdf)
                records.append(ReplayRecord(
                    area: panel.areas[a], origin: "\(originPeriod)", probability: p, met: question.met(actual, threshold: thr),
                    actual: actual, median: d.quantile(0.5), lower80: d.quantile(0.1), upper80: d.quantile(0.9),
                    lower95: d.quantile(0.025), upper95: d.quantile(0.975), crps: d.crps(actual)))
            }
        }
        return (records, skipped)
    }

    /// Scores per-area model choice (the engine's backtest over `candidates`, as without peers) on
    /// the same question: P(met) is the chosen model's forecast CDF at the threshold.
    public static func perArea(_ panel: PeerPanel, question: ReplayQuestion, origins: [Int],
                               candidates: [CandidateModel], minimumHistory: Int) -> [ReplayRecord] {
        var records: [ReplayRecord] = []
        let period = panel.start.frequency.seasonLength
        for t in origins {
            let originPeriod = panel.start.advanced(by: t)
            guard t + question.horizon < panel.periodCount else { continue }
            for a in panel.areas.indices {
                guard let actual = panel.values[a][t + question.horizon] else { continue }
                let row = panel.values[a][0...t]
                guard row.last! != nil else { continue }
                let lastGap = row.lastIndex(where: { $0 == nil })
                let y = row[((lastGap ?? -1) + 1)...].map { $0! }
                guard y.count >= minimumHistory else { continue }
                let baseValue = question.baselineOffset.flatMap { off in t + off >= 0 ? panel.values[a][t + off] : nil }
                guard let thr = question.threshold(baselineValue: baseValue) else { continue }
                let h = question.horizon
                let scores = ProjectionEngine.backtest(y, period: period, candidates: candidates, horizon: h)
                guard let best = scores.filter({ $0.errors > 0 && $0.mase.isFinite }).min(by: { $0.mase < $1.mase }),
                      let fc = try? ProjectionEngine.forecast(best.model, y, period: period, horizon: h, levels: ProjectionEngine.quantileLevels)
                else { continue }
                let s = QuantileSampler(forecast: fc, step: h - 1)
                let p = question.probability(threshold: thr, cdf: s.cdf)
                let std = Normal()
                func q(_ p: Double) -> Double { s.value(atNormalScore: std.quantile(p)) }
                var crps = 0.0
                for j in 0..<100 {
                    let tau = (Double(j) + 0.5) / 100, qv = q(tau)
                    crps += actual < qv ? (1 - tau) * (qv - actual) : tau * (actual - qv)
                }
                records.append(ReplayRecord(
                    area: panel.areas[a], origin: "\(originPeriod)", probability: p, met: question.met(actual, threshold: thr),
                    actual: actual, median: q(0.5), lower80: q(0.1), upper80: q(0.9), lower95: q(0.025), upper95: q(0.975),
                    crps: crps / 50))
            }
        }
        return records
    }
}

/// A spec's question replayed across its peers: the harness behind `safercity calibrate`.
public struct CalibrationRun: Sendable {
    public internal(set) var spec: OutcomeSpec
    public internal(set) var question: ReplayQuestion
    public internal(set) var peers: Int
    public internal(set) var pooled: CalibrationSummary?
    public internal(set) var pooledRecords: [ReplayRecord]
    /// Per-area model choice on the same question (when asked for).
    public internal(set) var perArea: CalibrationSummary?
    public internal(set) var perAreaRecords: [ReplayRecord]
    /// Origins the pooled model skipped, with the reason.
    public internal(set) var skipped: [String]

    /// Replays `spec`'s question. Without `horizon`, the question is the spec's target asked from
    /// its baseline (horizon = deadline − baseline); `origins` default to every origin whose
    /// outcome is observed by `asOf` (or the end of the data).
    public static func perform(spec: OutcomeSpec, root: URL, asOf: Period? = nil, origins: [Period]? = nil,
                               horizon: Int? = nil, baselineOffset: Int? = nil,
                               perArea: Bool = false, allowOutsideRoot: Bool = false,
                               sources: SourceCache = SourceCache()) throws -> CalibrationRun {
        try SeriesLoader.checkConfined(spec, root: root, allowOutsideRoot: allowOutsideRoot)
        guard let peerSel = spec.series.peers else {
            throw OutcomesError.invalidSpec(file: spec.file, key: "series.peers",
                               problem: "calibration replays the question across comparable areas; name their column, e.g. peers: area_code")
        }
        var panel = try SeriesLoader.loadPeers(spec.series, peers: peerSel, benchmark: spec.benchmark, root: root, sources: sources, spec: spec.file)
        if let asOf {
            guard let cut = panel.through(asOf: asOf) else {
                throw OutcomesError.noSeries(spec: spec.file, key: "--as-of", problem: "no peer data on or before \(asOf)")
            }
            panel = cut
        }
        let t = spec.target
        let h: Int
        if let horizon { h = horizon } else if let b = t.baseline { h = b.distance(to: t.deadline) } else {
            throw OutcomesError.invalidSpec(file: spec.file, key: "target.baseline", problem: "the rule has no baseline; give the replay horizon (--horizon)")
        }
        guard h >= 1 else { throw OutcomesError.invalidSpec(file: spec.file, key: "--horizon", problem: "the horizon must be at least 1 period") }
        let off: Int? = t.baseline == nil ? nil : (baselineOffset ?? 0)
        if let off, off > 0 { throw OutcomesError.invalidSpec(file: spec.file, key: "--baseline-offset", problem: "the baseline must be at or before the origin (0 or negative)") }
        let question = ReplayQuestion(rule: t.rule, baselineOffset: off, horizon: h, value: t.value)
        var idx: [Int] = []
        if let origins {
            for p in origins {
                guard let i = panel.index(ofPeriod: p) else {
                    throw OutcomesError.noSeries(spec: spec.file, key: "--origins", problem: "origin \(p) is outside the peers' data (\(panel.start)–\(panel.start.advanced(by: panel.periodCount - 1)))")
                }
                guard i + h < panel.periodCount else {
                    throw OutcomesError.noSeries(spec: spec.file, key: "--origins", problem: "origin \(p) + \(h) periods is after the last period with data")
                }
                idx.append(i)
            }
        } else {
            idx = CalibrationReplay.feasibleOrigins(panel, question: question, through: panel.periodCount - 1)
        }
        let pooled = CalibrationReplay.pooled(panel, question: question, origins: idx)
        var run = CalibrationRun(
            spec: spec, question: question, peers: panel.areas.count,
            pooled: pooled.records.isEmpty ? nil : CalibrationSummary(method: "pooled change", question: question.summary, records: pooled.records),
            pooledRecords: pooled.records, perArea: nil, perAreaRecords: [],
            skipped: pooled.skipped)
        if perArea {
            let candidates = CandidateModel.automatic(for: spec.series.measure)
            // Score the per-area method on the origins the pooled model answered, for a like-for-like table.
            let answered = Set(pooled.records.map(\.origin))
            let use = answered.isEmpty ? idx : idx.filter { answered.contains("\(panel.start.advanced(by: $0))") }
            let recs = CalibrationReplay.perArea(panel, question: question, origins: use, candidates: candidates,
                                                 minimumHistory: min(spec.series.minimumHistory, 5))
            run.perAreaRecords = recs
            run.perArea = recs.isEmpty ? nil : CalibrationSummary(method: "per-area model choice", question: question.summary, records: recs)
        }
        return run
    }
}
