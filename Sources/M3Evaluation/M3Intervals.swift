// SPDX-License-Identifier: GPL-3.0-or-later
import Dispatch
import Forecasting
import Foundation
import LinearAlgebra

/// Accuracy and interval calibration of the combination and its members on M3 (the `m3-eval`
/// rows added by issue 13): per series, sMAPE, MASE, the share of test values inside the 80% and
/// 95% intervals, and the Winkler interval score at both levels, scaled as MASE (divided by the
/// in-sample mean absolute seasonal difference, i.e. the MSIS of the M4 competition).
///
/// Winkler score as ``IntervalScore/winkler(actual:_:)`` — smaller is better; it rewards narrow
/// intervals and penalises misses.
///
/// Rows: automatic ETS, Theta (`thetaf`), auto.arima, automatic CES, DOTM; the default combination
/// `combo` (``Combination/standard``: the median of ETS, auto.arima, CES and DOTM, the default since
/// 2026-11-30 22:50 UTC) and the previous default (the mean of the same four,
/// `combo:ets+auto.arima+ces+dotm:mean`), each with quantile-averaged and mixture intervals (equal
/// weights; the mixture rows widened for trend estimation, as `combo` is since 2026-12-01), and the
/// default's unwidened mixture (`combo:nowiden`); with `conformalWindows`, split conformal intervals around the default from
/// rolling-origin errors on the training part. The combination rows reuse the member fits, so they
/// cost nothing beyond them (conformal refits the default on W shorter series; the pooled conformal
/// rows share those fits and calibrate the default's widened mixture). Everything is fitted on the training
/// part only.
public struct M3IntervalEvaluation: Sendable {
    public static let members = ["ETS", "Theta", "ARIMA", "CES", "DOTM"]

    /// The combination rows, all from the same member fits, in print order: the default's rule
    /// (with quantile-average, widened mixture — the default `combo` — and plain mixture intervals,
    /// `combo:nowiden`), then the previous default's (the mean; quantile average and widened mixture,
    /// as `combo:ets+auto.arima+ces+dotm:mean` gives).
    public static let combinationRows: [(rule: Combination.Rule, intervals: Combination.IntervalMethod, name: String)] = [
        (.median, .quantileAverage, "Combo median (quantile average)"),
        (.median, .widenedMixture, "Combo median (mixture)"),
        (.median, .mixture, "Combo median (mixture, not widened)"),
        (.mean, .quantileAverage, "Combo mean (quantile average)"),
        (.mean, .widenedMixture, "Combo mean (mixture)"),
    ]

    public struct Score: Sendable {
        public let seriesID: String
        public let method: String
        public let model: String
        public let smape: Double, mase: Double
        /// Share of the test values inside the 80% / 95% interval.
        public let coverage80: Double, coverage95: Double
        /// Mean scaled Winkler score over the horizon at 80% / 95%.
        public let winkler80: Double, winkler95: Double
    }

    public let kind: M3Subset.Kind
    public let seriesCount: Int
    /// Method names in print order.
    public let methods: [String]
    public let scores: [Score]
    /// Seconds spent fitting each member (summed over series, all threads).
    public let fitSeconds: [String: Double]

    /// Mean of each figure over the series scored by `method`.
    public func mean(_ method: String) -> (smape: Double, mase: Double, coverage80: Double, coverage95: Double,
                                            winkler80: Double, winkler95: Double, count: Int) {
        let s = scores.filter { $0.method == method }
        func avg(_ f: (Score) -> Double) -> Double { s.reduce(0) { $0 + f($1) } / Double(s.count) }
        return (avg(\.smape), avg(\.mase), 100 * avg(\.coverage80), 100 * avg(\.coverage95), avg(\.winkler80),
                avg(\.winkler95), s.count)
    }

    /// Scores the first `limit` series (all when nil) on `threads` threads (results do not depend on it).
    /// A series whose member fails is scored without that member in the combination (as the
    /// model does) and left out of that member's row. With `pooledWindows`, two more rows: the
    /// mixture intervals calibrated by ``PooledConformal`` with the given number of windows and with
    /// one window, pooled over the series scored (they calibrate the default's intervals, widened
    /// mixture, with windows of ``Combination/standard``). The rolling-origin fits of the combination
    /// are shared by the conformal and pooled rows.
    public static func run(_ subset: M3Subset, limit: Int? = nil, conformalWindows: Int? = nil,
                           pooledWindows: Int? = nil, threads: Int = 1) -> M3IntervalEvaluation {
        let count = min(limit ?? subset.ids.count, subset.ids.count)
        let period = subset.kind.period
        let levels = [80.0, 95.0]
        let specs: [(String, any ForecastModelSpec)] = [
            ("ETS", try! ETS("ZZZ")), ("Theta", Theta()), ("ARIMA", AutoArima()), ("CES", CES()),
            ("DOTM", OptimizedTheta(.dynamicOptimized)),
        ]
        // The default combination's members, in its order (ets, auto.arima, ces, dotm).
        let comboMembers = ["ETS", "ARIMA", "CES", "DOTM"]
        let defaultRow = combinationRows.firstIndex {
            $0.rule == Combination.standard.rule && $0.intervals == Combination.standard.intervalMethod
        }
        precondition(comboMembers.count == Combination.defaultMemberNames.count && defaultRow != nil,
                     "m3-eval's combination rows must include the default")
        let pooledNames = pooledWindows.map { w in ["Combo median (pooled conformal W=\(w))"] + (w == 1 ? [] : ["Combo median (pooled conformal W=1)"]) } ?? []
        let conformalName = conformalWindows.map { "Combo median (conformal W=\($0))" }
        let methods = members + combinationRows.map(\.name) + (conformalName.map { [$0] } ?? []) + pooledNames
        let windowCount = max(conformalWindows ?? 0, pooledWindows ?? 0)
        struct One: Sendable {
            var scores = [Score]()
            var seconds = [String: Double]()
            var standard: Forecast?  // the default combination's forecast (widened mixture intervals)
            var windows = PooledConformal.Windows()
        }
        let board = WorkBoard<One>(count: count)
        let work: @Sendable (Int) -> Void = { _ in
            let clock = ContinuousClock()
            while let i = board.take() {
                let y = subset.train[i], x = subset.test[i]
                let h = x.count
                var one = One()
                var fits = [String: any FittedForecastModel]()
                var forecasts = [String: Forecast]()
                for (name, spec) in specs {
                    let start = clock.now
                    if let f = try? spec.fit(y, period: period) {
                        fits[name] = f
                        forecasts[name] = try? f.forecast(horizon: h, levels: levels)
                    }
                    let d = clock.now - start
                    one.seconds[name] = Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
                    if let fc = forecasts[name] { one.scores.append(score(subset.ids[i], name, fc, y, x, period)) }
                }
                let fitted = comboMembers.compactMap { n in fits[n].flatMap { f in forecasts[n].map { (n, f, $0) } } }
                if !fitted.isEmpty {
                    // Equal weights for every rule scored here (mean, median), over the members that fitted.
                    let weights = Array(repeating: 1 / Double(fitted.count), count: fitted.count)
                    for (r, row) in combinationRows.enumerated() {
                        let c = FittedCombination(y: y, rule: row.rule, intervalMethod: row.intervals,
                                                  members: fitted.map { ($0.0, $0.1) }, weights: weights, failures: [])
                        let fc = c.combineForecasts(fitted.map(\.2), levels: levels)
                        if r == defaultRow { one.standard = fc }
                        one.scores.append(score(subset.ids[i], row.name, fc, y, x, period))
                    }
                    if windowCount > 0 {
                        one.windows = PooledConformal.windows(of: Combination.standard, y, period: period, horizon: h,
                                                              levels: levels, windows: windowCount)
                    }
                    // Split conformal from the same windows (ConformalIntervals' origins); it needs them all.
                    if let w = conformalWindows, let name = conformalName, let standard = one.standard {
                        let used = min(w, (y.count - 1) / h)
                        let s = one.windows.forecasts.prefix(used).map { fc, actual in (0..<h).map { abs(fc.mean[$0] - actual[$0]) } }
                        if used >= 2, s.count == used {
                            let fc = Forecast(method: standard.method + " with conformal intervals", mean: standard.mean,
                                              intervals: FittedConformal.intervals(point: standard.mean, scores: s, levels: levels))
                            one.scores.append(score(subset.ids[i], name, fc, y, x, period))
                        }
                    }
                }
                board.store(i, one)
            }
        }
        let workers = min(threads, count)
        if workers <= 1 { work(0) } else {
            let blasThreads = BLASRuntime.threadCount
            BLASRuntime.setThreadCount(1)
            defer { BLASRuntime.setThreadCount(blasThreads) }
            DispatchQueue.concurrentPerform(iterations: workers, execute: work)
        }
        let all = board.results()
        var scores = [Score](), seconds = [String: Double]()
        for one in all {
            scores += one.scores
            for (k, v) in one.seconds { seconds[k, default: 0] += v }
        }
        if let w = pooledWindows {
            let h = subset.test.prefix(count).map(\.count).max() ?? 1
            for (name, used) in zip(pooledNames, [w, 1]) {
                guard let calibration = try? PooledConformal(pooling: all.map(\.windows), levels: levels, horizon: h,
                                                             windowsUsed: used) else { continue }
                for (i, one) in all.enumerated() {
                    guard let standard = one.standard else { continue }
                    scores.append(score(subset.ids[i], name, calibration.calibrate(standard), subset.train[i], subset.test[i], period))
                }
            }
        }
        return M3IntervalEvaluation(kind: subset.kind, seriesCount: count, methods: methods, scores: scores, fitSeconds: seconds)
    }

    static func score(_ id: String, _ method: String, _ fc: Forecast, _ y: [Double], _ x: [Double], _ period: Int) -> Score {
        let a = AccuracyMetrics(actual: x, forecast: fc.mean, training: y, period: period)
        let scale = AccuracyMetrics.masScale(y, period: period)
        func interval(_ level: Double) -> (coverage: Double, winkler: Double) {
            guard let iv = fc.interval(level) else { return (.nan, .nan) }
            return (IntervalScore.coverage(actual: x, iv), IntervalScore.winkler(actual: x, iv) / scale)
        }
        let i80 = interval(80), i95 = interval(95)
        return Score(seriesID: id, method: method, model: fc.method, smape: a.smape, mase: a.mase,
                     coverage80: i80.coverage, coverage95: i95.coverage, winkler80: i80.winkler, winkler95: i95.winkler)
    }
}

/// For the M3 interval harness only (the many-series engine uses `OrderedParallelMap`).
/// Hands out the indices 0..<count one at a time and collects one result per index, from several
/// threads: the index counter is taken under a lock; each result slot is written by the one
/// thread that took its index, and read only after every worker has returned.
private final class WorkBoard<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var nextIndex = 0
    private var slots: [Value?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func take() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard nextIndex < slots.count else { return nil }
        nextIndex += 1
        return nextIndex - 1
    }

    func store(_ i: Int, _ value: Value) {
        lock.lock()
        defer { lock.unlock() }
        slots[i] = value
    }

    func results() -> [Value] { slots.map { $0! } }
}
