// SPDX-License-Identifier: GPL-3.0-or-later
import Distributions
import Forecasting
import Foundation
import Indicators
import SeriesData

/// Where an outcome stands, from the probability that its target is met at the deadline.
///
/// Thresholds (documented in `docs/Outcomes.md`): **On track** P ≥ 0.75, **At risk**
/// 0.25 ≤ P < 0.75, **Off track** P < 0.25. When the deadline has already been observed the
/// status is **Met** / **Not met**; when the history is too short (or the baseline not yet
/// observed) it is **Insufficient data** and no probability is given.
public enum OutcomeStatus: String, Sendable, Codable {
    case onTrack = "On track", atRisk = "At risk", offTrack = "Off track"
    case met = "Met", notMet = "Not met", insufficientData = "Insufficient data"
    /// The spec waits for a file the user supplies (`series.awaiting`) and it is absent.
    case notAssessable = "Not assessable"

    static func from(probability p: Double) -> OutcomeStatus {
        p >= 0.75 ? .onTrack : (p >= 0.25 ? .atRisk : .offTrack)
    }
}

/// One candidate's rolling-origin backtest score.
public struct BacktestScore: Sendable {
    public internal(set) var model: CandidateModel
    /// Mean absolute error over every (origin, horizon) pair, divided by the in-sample
    /// one-step naive MAE (MASE, Hyndman & Koehler 2006, DOI 10.1016/j.ijforecast.2006.03.001).
    public internal(set) var mase: Double
    /// Forecast errors scored.
    public internal(set) var errors: Int
    /// Origins where the model could not be fitted (too short, failed).
    public internal(set) var failures: Int
}

/// A later observation checked against the projection made as of an earlier date.
public struct CalibrationPoint: Sendable {
    public internal(set) var period: Period
    public internal(set) var actual: Double
    public internal(set) var forecast: Double
    public internal(set) var lower80: Double, upper80: Double, lower95: Double, upper95: Double
    /// Probability integral transform: forecast CDF at the actual value.
    public internal(set) var pit: Double
    public var inside80: Bool { actual >= lower80 && actual <= upper80 }
    public var inside95: Bool { actual >= lower95 && actual <= upper95 }
}

/// Comparison with the benchmark (England) at the latest period both have.
public struct EnglandComparison: Sendable {
    public internal(set) var label: String
    public internal(set) var period: Period
    public internal(set) var areaValue: Double
    public internal(set) var benchmarkValue: Double
    /// area / benchmark.
    public internal(set) var ratio: Double
    /// Change since the baseline period (%), area and benchmark, when both have it.
    public internal(set) var areaChangeSinceBaseline: Double?
    public internal(set) var benchmarkChangeSinceBaseline: Double?
    /// The publisher's own significance label for that period (e.g. Fingertips "Worse").
    public internal(set) var publishedComparison: String?
    public internal(set) var polarity: BenchmarkSelection.Polarity
    /// The benchmark series (as of), for charts.
    public internal(set) var series: TimeSeries
    /// Every area's value and published label at `period` (same file, same indicator), for the
    /// all-areas comparison chart; empty when the source has no published comparison.
    public internal(set) var allAreas: [(area: String, value: Double, label: String)] = []
}

/// The full assessment of one outcome.
/// Read-only outside Outcomes (the report and the CLI read it; only the engine sets it).
public struct OutcomeAssessment: Sendable {
    public internal(set) var spec: OutcomeSpec
    public internal(set) var asOf: Period?
    /// The series as it would have been known at `asOf`.
    public internal(set) var history: TimeSeries
    /// The whole loaded series (for calibration against what happened later).
    public internal(set) var fullSeries: TimeSeries
    public internal(set) var account: RowAccount
    public internal(set) var baselineValue: Double?
    /// The value the deadline statistic is compared with (baseline-derived or the threshold).
    public internal(set) var threshold: Double?
    public internal(set) var status: OutcomeStatus
    public internal(set) var probability: Double?
    public internal(set) var monteCarloError: Double?
    public internal(set) var chosenModel: CandidateModel?
    public internal(set) var method: String?
    public internal(set) var backtest: [BacktestScore]
    /// Periods after the history, through the deadline.
    public internal(set) var forecastPeriods: [Period]
    public internal(set) var forecast: Forecast?
    /// Simulated deadline values: mean and 10/50/90% quantiles.
    public internal(set) var simulatedSummary: (mean: Double, p10: Double, p50: Double, p90: Double)?
    public internal(set) var calibration: [CalibrationPoint]
    public internal(set) var benchmark: EnglandComparison?
    /// Mann–Kendall test with Sen's slope on the modelled history (Indicators), at 5%.
    public internal(set) var trend: TrendResult?
    public internal(set) var notes: [String]
    /// The pooled model's record replayed at past origins on every peer area, with only data
    /// available at the as-of date: "how often our P(met) came true". Nil without peers.
    public internal(set) var replay: CalibrationSummary? = nil
    public internal(set) var replayRecords: [ReplayRecord] = []
    /// The fitted model's key figures in words (pooled change: coefficients, training pairs, tide).
    public internal(set) var modelDetail: String? = nil
    /// Whether P(met) comes from a method whose calibration is measured (pooled across peers).
    public internal(set) var calibrated: Bool = false
    /// Wilson intervals, funnel plot, Fingertips trend marker, compared to goal (OutcomeIndicators.swift).
    public internal(set) var indicators: OutcomeIndicators? = nil
    /// For a deadline already observed: what the assessment made the month before it began said.
    public internal(set) var prior: PriorProjection? = nil
    /// The whole and its parts reconciled (`parts:` of the spec; OutcomeParts.swift). P(met) does not use it.
    public internal(set) var parts: PartsReconciliation? = nil
}

/// Projects outcomes to their deadlines.
///
/// For each spec: load the series (and benchmark) through SeriesData, cut it at `asOf`,
/// choose a model among the spec's candidates by rolling-origin backtest, forecast to the
/// deadline, draw `spec.paths` values of the deadline statistic from the model's forecast
/// distribution (seeded xoshiro256**; the distribution is represented by its quantiles at 25
/// probabilities from the model's prediction intervals and interpolated linearly in normal
/// scores, which is exact for Gaussian intervals and keeps the skew of simulated ones), and
/// report P(target met) with its Monte Carlo standard error √(p(1−p)/N).
///
/// The series is modelled at the target's own frequency (e.g. financial-year totals), so the
/// target statistic is a single forecast period: no joint path simulation across periods is needed.
public struct ProjectionEngine: Sendable {
    /// Folder that spec `file` paths are relative to (the repository root).
    public internal(set) var root: URL
    /// Peer panels and replays shared by every spec of one run that asks the same question of
    /// the same peers (e.g. one spec per area of an indicator): each file is read and each
    /// replay computed once.
    let pooledCache = PooledCache()
    /// The run's data files: each read from disk once and parsed once per reading, however many
    /// specs (or parts, benchmarks, denominators, peer panels) name it.
    public let sources: SourceCache
    /// Whether specs may read data files outside `root` (`assess --allow-outside-root`).
    public internal(set) var allowOutsideRoot: Bool
    /// Furthest a deadline may lie beyond the last observation, in years.
    public static let maximumYearsAhead = 10
    public init(root: URL, allowOutsideRoot: Bool = false, sources: SourceCache = SourceCache()) {
        self.root = root
        self.allowOutsideRoot = allowOutsideRoot
        self.sources = sources
    }

    public func assess(_ spec: OutcomeSpec, asOf: Period? = nil) throws(OutcomesError) -> OutcomeAssessment {
        try SeriesLoader.checkConfined(spec, root: root, allowOutsideRoot: allowOutsideRoot)
        if let needs = spec.missingUserFile(root: root) { return Self.awaitingFile(spec, asOf: asOf, needs: needs) }
        let loaded = try SeriesLoader.load(spec.series, select: spec.series.select, root: root, sources: sources, spec: spec.file,
                                           selectKey: "series.select")
        var notes: [String] = []
        let full = loaded.series
        guard full.frequency == spec.target.deadline.frequency else {
            throw .invalidSpec(file: spec.file, key: "target.deadline",
                               problem: "the series is \(full.frequency) but the deadline \(spec.target.deadline) is \(spec.target.deadline.frequency)")
        }
        let history = Self.cut(full, asOf: asOf)
        var a = OutcomeAssessment(
            spec: spec, asOf: asOf, history: history, fullSeries: full, account: loaded.account,
            baselineValue: nil, threshold: nil, status: .insufficientData, probability: nil, monteCarloError: nil,
            chosenModel: nil, method: nil, backtest: [], forecastPeriods: [], forecast: nil, simulatedSummary: nil,
            calibration: [], benchmark: nil, trend: nil, notes: notes)
        if let b = spec.benchmark {
            a.benchmark = try benchmarkComparison(spec, b, area: history, asOf: asOf)
        }
        // The usable history: the longest run without gaps that ends at the last observation.
        let values: [Double]
        let start: Period
        if let lastGap = history.observations.lastIndex(where: { $0 == nil }) {
            let tail = Array(history.observations[(lastGap + 1)...]).map { $0! }
            notes.append("history has gaps; modelling the last unbroken run: \(NumberFormatting.count(tail.count, "observation")) from \(history.start.advanced(by: lastGap + 1))")
            values = tail
            start = history.start.advanced(by: lastGap + 1)
        } else {
            values = history.observations.map { $0! }
            start = history.start
        }
        a.trend = try? TrendTest.mannKendall(values)
        let target = spec.target
        if let bp = target.baseline {
            guard let bv = history[bp] else {
                notes.append("baseline \(bp) is not observed" + (asOf.map { " as of \($0)" } ?? "") + "; the target cannot be evaluated")
                a.notes = notes
                return a
            }
            a.baselineValue = bv
        }
        a.threshold = Self.threshold(target, baseline: a.baselineValue)
        let last = start.advanced(by: values.count - 1)
        let horizon = last.distance(to: target.deadline)
        if horizon <= 0, let actual = history[target.deadline] {
            a.status = Self.meets(actual, target, threshold: a.threshold!) ? .met : .notMet
            a.probability = a.status == .met ? 1 : 0
            notes.append("the deadline \(target.deadline) is observed: \(AssessmentRun.fmt(actual))")
            a.notes = notes
            return a
        }
        let perYear = max(1, spec.target.deadline.frequency.seasonLength)
        if horizon > Self.maximumYearsAhead * perYear {
            notes.append("the deadline \(spec.target.deadline) is \(horizon) periods after the last observation (\(last)); projections are not made more than \(Self.maximumYearsAhead) years ahead")
            a.notes = notes
            return a
        }
        if spec.models == [.pooledChange], let peers = spec.series.peers {
            try assessPooled(&a, peers: peers, last: last, horizon: horizon, notes: &notes)
            a.notes = notes
            return a
        }
        guard values.count >= spec.series.minimumHistory else {
            let span = values.count == 1 ? "\(start)" : "\(start)–\(last)"
            notes.append("only \(NumberFormatting.count(values.count, "consecutive observation")) (\(span)); the spec needs at least \(spec.series.minimumHistory) to project, so no forecast is made")
            a.notes = notes
            return a
        }
        notes.append("P(met) is uncalibrated: it comes from one area's own short history (per-area model choice), not checked against how often such probabilities came true; add series.peers to use the calibrated pooled model")
        let period = history.seasonLength
        // Model choice.
        let scores = Self.backtest(values, period: period, candidates: spec.models, horizon: horizon)
        a.backtest = scores
        guard let best = scores.filter({ $0.errors > 0 && $0.mase.isFinite }).min(by: { $0.mase < $1.mase }) else {
            notes.append("no candidate model could be backtested on \(values.count) observations")
            a.notes = notes
            return a
        }
        let levels = Self.quantileLevels
        guard let fc = try? Self.forecast(best.model, values, period: period, horizon: horizon, levels: levels) else {
            notes.append("the chosen model \(best.model.rawValue) failed on the full history")
            a.notes = notes
            return a
        }
        a.chosenModel = best.model
        a.method = fc.method
        a.forecast = fc.placed(after: last)
        a.forecastPeriods = a.forecast?.timePeriods ?? []
        // Simulate the deadline statistic.
        var rng = Xoshiro256StarStar(seed: spec.seed)
        let sampler = QuantileSampler(forecast: fc, step: horizon - 1)
        let std = Normal()
        var met = 0
        var draws = [Double](repeating: 0, count: spec.paths)
        for i in 0..<spec.paths {
            let v = sampler.value(atNormalScore: std.sample(using: &rng))
            draws[i] = v
            if Self.meets(v, target, threshold: a.threshold!) { met += 1 }
        }
        let p = Double(met) / Double(spec.paths)
        a.probability = p
        a.monteCarloError = (p * (1 - p) / Double(spec.paths)).squareRoot()
        a.status = OutcomeStatus.from(probability: p)
        draws.sort()
        func q(_ f: Double) -> Double { draws[min(draws.count - 1, Int(f * Double(draws.count)))] }
        a.simulatedSummary = (draws.reduce(0, +) / Double(draws.count), q(0.1), q(0.5), q(0.9))
        // Calibration against later real data (when cut by asOf).
        for (k, per) in a.forecastPeriods.enumerated() {
            guard let actual = full[per], let i80 = fc.interval(80), let i95 = fc.interval(95) else { continue }
            let s = QuantileSampler(forecast: fc, step: k)
            a.calibration.append(CalibrationPoint(
                period: per, actual: actual, forecast: fc.mean[k], lower80: i80.lower[k], upper80: i80.upper[k],
                lower95: i95.lower[k], upper95: i95.upper[k], pit: s.cdf(actual)))
        }
        a.notes = notes
        return a
    }

    /// The calibrated path: the pooled change model across the peers (`PooledChangeModel`),
    /// exact P(met) from its predictive CDF, and its replayed record as evidence.
    func assessPooled(_ a: inout OutcomeAssessment, peers: PeerSelection, last: Period, horizon: Int,
                      notes: inout [String]) throws(OutcomesError) {
        let spec = a.spec
        let fixed = spec.series.select.filter { $0.key != peers.column }
        let panelKey = [spec.series.file, spec.series.format.rawValue, spec.series.periodColumn ?? "", spec.series.valueColumn ?? "",
                        spec.series.denominatorColumn ?? "",
                        fixed.keys.sorted().map { "\($0)=\(fixed[$0]!.joined(separator: "+"))" }.joined(separator: ";"),
                        peers.column, peers.exclude.joined(separator: "+"),
                        spec.benchmark?.select[peers.column]?.joined(separator: "+") ?? "", "\(spec.series.yearEndingMarch)",
                        a.asOf.map { "\($0)" } ?? "-"].joined(separator: "|")
        var panel: PeerPanel
        if let cached = pooledCache.panel(panelKey) { panel = cached } else {
            panel = try SeriesLoader.loadPeers(spec.series, peers: peers, benchmark: spec.benchmark, root: root, sources: sources, spec: spec.file)
            // Only data available at the as-of date.
            if let asOf = a.asOf {
                guard let cut = panel.through(asOf: asOf) else { notes.append("no peer data as of \(asOf)"); return }
                panel = cut
            }
            pooledCache.store(panel: panel, panelKey)
        }
        guard let areaCode = spec.series.select[peers.column]?.first, let ai = panel.areas.firstIndex(of: areaCode) else {
            notes.append("the assessed area is not among the peers"); return
        }
        guard let origin = panel.index(ofPeriod: last) else { notes.append("the area's last period \(last) is outside the peers' data"); return }
        let question = ReplayQuestion(target: spec.target, origin: last)
        let model = PooledChangeModel()
        // Forecast fan for every step to the deadline (one pooled fit per step).
        var mean: [Double] = [], lowers: [[Double]] = Array(repeating: [], count: Self.quantileLevels.count)
        var uppers = lowers
        var deadline: ChangeDistribution? = nil
        var deadlineFit: PooledChangeFit? = nil
        for k in 1...horizon {
            let fit: PooledChangeFit
            do { fit = try model.fit(panel, origin: origin, horizon: k) } catch {
                notes.append("pooled model (\(k) period(s) ahead): \(error.description)"
                    + "; the peers' data" + (a.asOf.map { " as of \($0)" } ?? "") + " cover \(origin + 1) period(s), \(panel.start)–\(last)"
                    + " (training needs past origins with three earlier values and a known \(k)-period outcome: at least \(k + 2 + model.minimumOrigins) periods)")
                return
            }
            guard let d = fit.distribution(area: ai) else {
                notes.append("the pooled model needs the area's three latest values (to \(last))"); return
            }
            mean.append(d.quantile(0.5))
            for (j, level) in Self.quantileLevels.enumerated() {
                lowers[j].append(d.quantile(0.5 - level / 200))
                uppers[j].append(d.quantile(0.5 + level / 200))
            }
            if k == horizon { deadline = d; deadlineFit = fit }
        }
        guard let d = deadline, let fit = deadlineFit else { return }
        let fc = Forecast(method: "pooled change across \(panel.areas.count) peers", mean: mean,
                          intervals: Self.quantileLevels.enumerated().map { PredictionInterval(level: $1, lower: lowers[$0], upper: uppers[$0]) },
                          periods: (1...horizon).map { last.advanced(by: $0) })
        a.chosenModel = .pooledChange
        a.forecast = fc
        a.forecastPeriods = fc.timePeriods
        a.method = fc.method
        a.modelDetail = String(format: "pooled change across %d peers (%d training pairs; β gap %+.3f, deviation %+.3f; tide s.d. %.3f on the %@ scale)",
                          panel.areas.count, fit.trainingPairs, fit.coefficients[1], fit.coefficients[2], fit.tideSD, fit.scale.rawValue)
        let p = question.probability(threshold: a.threshold!, cdf: d.cdf)
        a.probability = p
        a.monteCarloError = nil
        a.status = OutcomeStatus.from(probability: p)
        a.simulatedSummary = (d.quantileMean(),
                              d.quantile(0.1), d.quantile(0.5), d.quantile(0.9))
        a.calibrated = true
        // Evidence: the same question replayed at every earlier origin whose outcome is known.
        let replayKey = panelKey + "|\(question.rule.rawValue)|\(question.baselineOffset.map(String.init) ?? "-")|\(question.horizon)|\(question.value.map { "\($0)" } ?? "-")"
        let replay: (records: [ReplayRecord], skipped: [String])
        if let cached = pooledCache.replay(replayKey) { replay = cached } else {
            let origins = CalibrationReplay.feasibleOrigins(panel, question: question, through: panel.periodCount - 1)
            replay = CalibrationReplay.pooled(panel, question: question, origins: origins, model: model)
            pooledCache.store(replay: replay, replayKey)
        }
        if replay.records.count >= 20 {
            a.replayRecords = replay.records
            a.replay = CalibrationSummary(method: "pooled change", question: question.summary, records: replay.records)
        } else {
            notes.append("too few past origins (\(replay.records.count) area forecasts) to replay this \(horizon)-period question with data to \(panel.start.advanced(by: panel.periodCount - 1)); P(met) is from the pooled model, its calibration not yet measurable here")
        }
        for k in 0..<horizon {
            let per = a.forecastPeriods[k]
            guard let actual = a.fullSeries[per], let i80 = fc.interval(80), let i95 = fc.interval(95) else { continue }
            let sm = QuantileSampler(forecast: fc, step: k)
            a.calibration.append(CalibrationPoint(
                period: per, actual: actual, forecast: fc.mean[k], lower80: i80.lower[k], upper80: i80.upper[k],
                lower95: i95.lower[k], upper95: i95.upper[k], pit: sm.cdf(actual)))
        }
    }

    /// Levels whose intervals represent the forecast distribution (25 quantiles).
    static let quantileLevels: [Double] = [10, 20, 30, 40, 50, 60, 70, 80, 90, 95, 98, 99]

    /// The series as known at `asOf`: periods ending on or before the end of `asOf`.
    static func cut(_ s: TimeSeries, asOf: Period?) -> TimeSeries {
        guard let asOf, !s.isEmpty else { return s }
        let keep = s.periods.filter { $0.lastDay <= asOf.lastDay }
        guard let last = keep.last else { return TimeSeries(start: s.start, observations: []) }
        return s.slice(through: last).trimmed()
    }

    static func threshold(_ t: Target, baseline: Double?) -> Double {
        switch t.rule {
        case .belowBaseline, .aboveBaseline: return baseline!
        case .relativeChange: return baseline! * (1 + t.value! / 100)
        case .atLeast, .atMost: return t.value!
        }
    }

    static func meets(_ v: Double, _ t: Target, threshold: Double) -> Bool {
        switch t.rule {
        case .belowBaseline: return v < threshold
        case .aboveBaseline: return v > threshold
        case .relativeChange: return t.value! < 0 ? v <= threshold : v >= threshold
        case .atLeast: return v >= threshold
        case .atMost: return v <= threshold
        }
    }


    /// Fits one candidate (looked up in `ModelRegistry.standard`) and forecasts `horizon` steps.
    static func forecast(_ model: CandidateModel, _ y: [Double], period: Int, horizon: Int,
                         levels: [Double]) throws -> Forecast {
        try model.spec(period: period).fit(y, period: period).forecast(horizon: horizon, levels: levels)
    }

    /// Rolling-origin evaluation (as `forecast::tsCV`): for every origin from
    /// max(4, n − 8) to n − 1, fit on the first `origin` values and score horizons
    /// 1…min(`horizon`, n − origin).
    static func backtest(_ y: [Double], period: Int, candidates: [CandidateModel], horizon: Int) -> [BacktestScore] {
        let n = y.count
        // MASE scale: the naive method's in-sample MAE (lag 1, also for seasonal series); 1 when
        // the series is constant or has one value.
        let naiveMAE = AccuracyMetrics.meanAbsoluteDifference(y, lag: 1)
        let scale = naiveMAE > 0 ? naiveMAE : 1
        let firstOrigin = max(4, n - 8)
        return candidates.map { model in
            let run = Backtest.errors(y, horizon: horizon, initial: firstOrigin - 1) { training, steps in
                try forecast(model, training, period: period, horizon: steps, levels: [80]).mean
            }
            let scored = run.errors.joined().filter(\.isFinite)
            return BacktestScore(model: model, mase: scored.isEmpty ? .infinity : scored.map(abs).reduce(0, +) / Double(scored.count) / scale,
                                 errors: scored.count, failures: run.failedOrigins.count)
        }
    }

    func benchmarkComparison(_ spec: OutcomeSpec, _ b: BenchmarkSelection, area: TimeSeries,
                             asOf: Period?) throws(OutcomesError) -> EnglandComparison? {
        let source = b.source.map { $0.selection(measure: spec.series.measure, unit: spec.series.unit) } ?? spec.series
        let loaded = try SeriesLoader.load(source, select: b.select, root: root, sources: sources, spec: spec.file,
                                           selectKey: "benchmark.select")
        let bench = Self.cut(b.source?.adjusted(loaded.series, through: nil) ?? loaded.series, asOf: asOf)
        // At the latest period both have, but no later than the deadline: once the deadline is
        // observed, the comparison that matters is the one at the deadline.
        let common = area.periods.filter { area[$0] != nil && bench[$0] != nil && $0 <= spec.target.deadline }
        guard let p = common.last else { return nil }
        let av = area[p]!, bv = bench[p]!
        var cmp = EnglandComparison(
            label: b.label, period: p, areaValue: av, benchmarkValue: bv, ratio: av / bv,
            areaChangeSinceBaseline: nil, benchmarkChangeSinceBaseline: nil, publishedComparison: nil,
            polarity: b.polarity, series: bench)
        if let bp = spec.target.baseline, let a0 = area[bp], let b0 = bench[bp], bp < p {
            cmp.areaChangeSinceBaseline = (av / a0 - 1) * 100
            cmp.benchmarkChangeSinceBaseline = (bv / b0 - 1) * 100
        }
        if let col = b.publishedComparisonColumn {
            cmp.publishedComparison = try publishedLabel(spec, column: col, period: p)
            cmp.allAreas = try publishedAreas(spec, column: col, period: p)
        }
        return cmp
    }

    /// Every row of `period` with its value and published label, keyed by the first select column.
    func publishedAreas(_ spec: OutcomeSpec, column: String, period: Period) throws(OutcomesError) -> [(area: String, value: Double, label: String)] {
        let s = spec.series
        guard s.format == .tidy, let pc = s.periodColumn, let vc = s.valueColumn,
              let keyColumn = s.select.keys.sorted().first else { return [] }
        let url = s.file.hasPrefix("/") ? URL(fileURLWithPath: s.file) : root.appendingPathComponent(s.file)
        let rows: [(line: Int, fields: [String])]
        do { rows = try sources.reading(url, options: "rows") { (r) throws(SeriesDataError) in try r.readAll() } } catch { throw .data(spec: spec.file, error) }
        guard let header = rows.first?.fields, let ci = header.firstIndex(of: column), let pi = header.firstIndex(of: pc),
              let vi = header.firstIndex(of: vc), let ki = header.firstIndex(of: keyColumn) else { return [] }
        return rows.dropFirst().compactMap { r in
            guard r.fields.count == header.count, let (per, _) = Period.parse(r.fields[pi]), per == period,
                  let v = Double(r.fields[vi]) else { return nil }
            return (r.fields[ki], v, r.fields[ci])
        }
    }

    /// The publisher's comparison label for the area's row of `period` (tidy sources).
    func publishedLabel(_ spec: OutcomeSpec, column: String, period: Period) throws(OutcomesError) -> String? {
        let s = spec.series
        guard s.format == .tidy, let pc = s.periodColumn else { return nil }
        let url = s.file.hasPrefix("/") ? URL(fileURLWithPath: s.file) : root.appendingPathComponent(s.file)
        let rows: [(line: Int, fields: [String])]
        do { rows = try sources.reading(url, options: "rows") { (r) throws(SeriesDataError) in try r.readAll() } } catch { throw .data(spec: spec.file, error) }
        guard let header = rows.first?.fields else { return nil }
        guard let ci = header.firstIndex(of: column), let pi = header.firstIndex(of: pc) else {
            throw .invalidSpec(file: spec.file, key: "benchmark.published_comparison_column",
                               problem: "no column '\(column)' in \(s.file); columns are \(header.joined(separator: ", "))")
        }
        let keyIdx = s.select.compactMap { k, v in header.firstIndex(of: k).map { ($0, v) } }
        for r in rows.dropFirst() where r.fields.count == header.count {
            guard let (per, _) = Period.parse(r.fields[pi]), per == period else { continue }
            if keyIdx.allSatisfy({ $0.1.contains(r.fields[$0.0]) }) { return r.fields[ci] }
        }
        return nil
    }
}

/// Thread-safe memo of peer panels and replays for one engine (one `assess` run).
final class PooledCache: @unchecked Sendable {
    private let lock = NSLock()
    private var panels: [String: PeerPanel] = [:]
    private var replays: [String: (records: [ReplayRecord], skipped: [String])] = [:]
    func panel(_ k: String) -> PeerPanel? { lock.withLock { panels[k] } }
    func store(panel p: PeerPanel, _ k: String) { lock.withLock { panels[k] = p } }
    func replay(_ k: String) -> (records: [ReplayRecord], skipped: [String])? { lock.withLock { replays[k] } }
    func store(replay r: (records: [ReplayRecord], skipped: [String]), _ k: String) { lock.withLock { replays[k] = r } }
}

/// Draws from a forecast distribution given by its prediction intervals at one horizon:
/// the quantile function is piecewise linear in the normal score z = Φ⁻¹(p) through the
/// interval limits (and the point forecast at z = 0), extrapolated linearly beyond the widest.
struct QuantileSampler {
    /// (z, quantile) knots, increasing in z.
    let knots: [(z: Double, q: Double)]

    init(forecast: Forecast, step k: Int) {
        let std = Normal()
        var pts: [(Double, Double)] = [(0, forecast.mean[k])]
        for iv in forecast.intervals {
            let z = std.quantile(0.5 + iv.level / 200)
            pts.append((-z, iv.lower[k]))
            pts.append((z, iv.upper[k]))
        }
        pts.sort { $0.0 < $1.0 }
        // Enforce monotone quantiles (guards against rounding in simulated intervals).
        var out: [(z: Double, q: Double)] = []
        for (z, q) in pts { out.append((z, max(q, out.last?.q ?? -.infinity))) }
        knots = out
    }

    func value(atNormalScore z: Double) -> Double {
        let n = knots.count
        if n == 1 { return knots[0].q }
        var i = 0
        if z <= knots[0].z { i = 0 } else if z >= knots[n - 1].z { i = n - 2 } else {
            while knots[i + 1].z < z { i += 1 }
        }
        let (z0, q0) = knots[i], (z1, q1) = knots[i + 1]
        return q0 + (q1 - q0) * (z - z0) / (z1 - z0)
    }

    /// The forecast CDF at x (inverse of `value`), for PIT values.
    func cdf(_ x: Double) -> Double {
        let n = knots.count
        guard n > 1 else { return x < knots[0].q ? 0 : 1 }
        var i = 0
        if x <= knots[0].q { i = 0 } else if x >= knots[n - 1].q { i = n - 2 } else {
            while knots[i + 1].q < x { i += 1 }
        }
        let (z0, q0) = knots[i], (z1, q1) = knots[i + 1]
        let z = q1 == q0 ? z0 : z0 + (z1 - z0) * (x - q0) / (q1 - q0)
        return Normal().cdf(z)
    }
}
