// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

/// Point-forecast accuracy, as R forecast's `accuracy()` (plus the M3 sMAPE).
///
/// With errors e_t = y_t − ŷ_t over the evaluation period:
/// ME = mean e, RMSE = √mean e², MAE = mean |e|, MPE = mean 100·e/y, MAPE = mean |100·e/y|,
/// sMAPE = mean 200|e|/(|y| + |ŷ|) (Makridakis & Hibon 2000, as in the M3 files),
/// MASE = MAE / q with q the in-sample mean absolute seasonal difference (lag m; lag 1 when m = 1)
/// of the training series (Hyndman & Koehler 2006, IJF 22(4) 679–688,
/// DOI 10.1016/j.ijforecast.2006.03.001). NaN errors are skipped (as `na.rm = TRUE`).
public struct AccuracyMetrics: Sendable, Equatable {
    public let me: Double, rmse: Double, mae: Double, mpe: Double, mape: Double, smape: Double, mase: Double
    /// Number of (finite) errors used.
    public let count: Int

    /// Metrics of `forecast` against `actual`; `training` and `period` give the MASE scale.
    public init(actual: [Double], forecast: [Double], training: [Double], period: Int) {
        precondition(actual.count == forecast.count, "actual and forecast lengths differ (\(actual.count) vs \(forecast.count))")
        var se = 0.0, sse = 0.0, sae = 0.0, spe = 0.0, sape = 0.0, ss = 0.0
        var k = 0
        for (y, f) in zip(actual, forecast) where !(y - f).isNaN {
            let e = y - f
            se += e; sse += e * e; sae += abs(e)
            spe += 100 * e / y; sape += abs(100 * e / y)
            ss += 200 * abs(e) / (abs(y) + abs(f))
            k += 1
        }
        let n = Double(k)
        me = se / n; rmse = (sse / n).squareRoot(); mae = sae / n
        mpe = spe / n; mape = sape / n; smape = ss / n
        mase = mae / AccuracyMetrics.masScale(training, period: period)
        count = k
    }

    /// In-sample mean absolute (seasonal) difference: lag m when m > 1, else lag 1 — the MASE
    /// scale of R's `accuracy()`; ``meanAbsoluteDifference(_:lag:)`` with that lag.
    public static func masScale(_ training: [Double], period: Int) -> Double {
        meanAbsoluteDifference(training, lag: max(1, period))
    }

    /// The MASE scale with the lag explicit: q = mean over t > lag of |y_t − y_{t−lag}| (NaN
    /// differences skipped; NaN when there is none). Lag 1 is the naive method's in-sample MAE
    /// (the outcome projection's scale); lag m the seasonal naive method's (R's `accuracy()` for
    /// seasonal data). O(n).
    public static func meanAbsoluteDifference(_ training: [Double], lag: Int) -> Double {
        precondition(lag >= 1, "MASE lag must be ≥ 1, got \(lag)")
        var s = 0.0, k = 0
        if training.count > lag {
            for t in lag..<training.count {
                let d = abs(training[t] - training[t - lag])
                if !d.isNaN { s += d; k += 1 }
            }
        }
        return s / Double(k)
    }
}

/// Interval and quantile scores.
public enum IntervalScore {
    /// Fraction of `actual` inside [lower, upper].
    public static func coverage(actual: [Double], _ interval: PredictionInterval) -> Double {
        precondition(actual.count == interval.lower.count)
        var inside = 0
        for (i, y) in actual.enumerated() where y >= interval.lower[i] && y <= interval.upper[i] { inside += 1 }
        return Double(inside) / Double(actual.count)
    }

    /// Mean Winkler (1972) interval score: (u − l) + (2/α)(l − y)₊ + (2/α)(y − u)₊,
    /// α = 1 − level/100 (Winkler, JASA 67(337) 187–191, DOI 10.1080/01621459.1972.10481224).
    public static func winkler(actual: [Double], _ interval: PredictionInterval) -> Double {
        precondition(actual.count == interval.lower.count)
        let a = 1 - interval.level / 100
        var s = 0.0
        for (i, y) in actual.enumerated() {
            let l = interval.lower[i], u = interval.upper[i]
            s += (u - l) + (y < l ? 2 / a * (l - y) : 0) + (y > u ? 2 / a * (y - u) : 0)
        }
        return s / Double(actual.count)
    }

    /// Mean pinball (quantile) loss of quantile forecasts q at probability τ:
    /// τ(y − q) if y ≥ q, else (1 − τ)(q − y).
    public static func pinball(actual: [Double], quantile q: [Double], probability tau: Double) -> Double {
        precondition(actual.count == q.count && tau > 0 && tau < 1)
        var s = 0.0
        for (y, qq) in zip(actual, q) { s += y >= qq ? tau * (y - qq) : (1 - tau) * (qq - y) }
        return s / Double(actual.count)
    }

    /// Pinball loss averaged over an interval's two quantiles, τ = (1 ∓ level/100)/2.
    public static func pinball(actual: [Double], _ interval: PredictionInterval) -> Double {
        let tl = (1 - interval.level / 100) / 2
        return (pinball(actual: actual, quantile: interval.lower, probability: tl)
            + pinball(actual: actual, quantile: interval.upper, probability: 1 - tl)) / 2
    }
}

/// Rolling-origin evaluation ("time-series cross-validation"), as R forecast's `tsCV`.
public enum Backtest {
    /// Forecast errors e[i][j] = y[i + j + 1] − ŷ (origin after observation i, 0-based, horizon j+1)
    /// for origins i = initial…n−2, fitting `spec` on y[0…i] (or the last `window` values).
    /// Rows without a forecast (too short, fit error) and horizons beyond the data are NaN, as R.
    /// - Complexity: n − initial − 1 fits of the model.
    public static func errors<Spec: ForecastModelSpec>(_ spec: Spec, _ y: [Double], period: Int, horizon: Int,
                                                        initial: Int = 0, window: Int? = nil) -> [[Double]] {
        errors(y, horizon: horizon, initial: initial, window: window) { training, steps in
            try spec.fit(training, period: period).forecast(horizon: steps, levels: []).mean
        }.errors
    }

    /// The rolling-origin loop for any forecaster (also models outside this module, e.g. a GLM
    /// trend): `forecast(training, steps)` returns the point forecasts of the next `steps` values,
    /// steps = min(horizon, n − i − 1) (the horizons that can still be scored; R's `tsCV` forecasts
    /// all `horizon` and drops the rest, which is the same for any method whose first steps do not
    /// depend on how many are asked for). Origins whose forecaster throws are listed in
    /// `failedOrigins` and their row is NaN.
    public static func errors(_ y: [Double], horizon: Int, initial: Int = 0, window: Int? = nil,
                              forecast: ([Double], Int) throws -> [Double]) -> (errors: [[Double]], failedOrigins: [Int]) {
        precondition(horizon >= 1 && initial >= 0 && initial < y.count, "invalid horizon/initial")
        let n = y.count
        var e = Array(repeating: Array(repeating: Double.nan, count: horizon), count: n)
        var failed = [Int]()
        let first = window.map { $0 + initial - 1 } ?? initial
        guard first <= n - 2 else { return (e, failed) }
        for i in first...(n - 2) {
            let start = window.map { i - $0 + 1 } ?? 0
            guard start >= 0 else { continue }
            let steps = min(horizon, n - i - 1)
            guard let mean = try? forecast(Array(y[start...i]), steps), mean.count >= steps else {
                failed.append(i)
                continue
            }
            for j in 0..<steps { e[i][j] = y[i + j + 1] - mean[j] }
        }
        return (e, failed)
    }

    /// Summary of a backtest's error matrix (NaN entries — no forecast, or beyond the data — left out):
    /// MAE at each horizon, and MAE, RMSE and the number of errors over all horizons (R:
    /// `colMeans(abs(e), na.rm = TRUE)`, `mean(abs(e), na.rm = TRUE)`, `sqrt(mean(e^2, na.rm = TRUE))`).
    public struct ErrorSummary: Sendable, Equatable {
        public let maeByHorizon: [Double]
        public let mae: Double
        public let rmse: Double
        public let count: Int

        public init(_ errors: [[Double]]) {
            let horizons = errors.first?.count ?? 0
            maeByHorizon = (0..<horizons).map { h in
                let col = errors.map { $0[h] }.filter { !$0.isNaN }
                return col.map(abs).reduce(0, +) / Double(col.count)
            }
            let all = (0..<horizons).flatMap { h in errors.map { $0[h] }.filter { !$0.isNaN } }
            count = all.count
            mae = all.map(abs).reduce(0, +) / Double(all.count)
            rmse = (all.map { $0 * $0 }.reduce(0, +) / Double(all.count)).squareRoot()
        }
    }

    /// One row of a model comparison on a hold-out: fit on `training`, forecast `test.count` steps.
    public struct Row: Sendable {
        public let method: String
        public let accuracy: AccuracyMetrics
        /// Coverage and Winkler score per interval level.
        public let coverage: [Double: Double]
        public let winkler: [Double: Double]
    }

    /// Fits each spec on `training` and scores its forecasts of `test` (a comparison table).
    public static func compare(_ specs: [any ForecastModelSpec], training: [Double], test: [Double], period: Int,
                               levels: [Double] = [80, 95]) throws(ForecastingError) -> [Row] {
        var rows = [Row]()
        for spec in specs {
            let fc = try forecastAny(spec, training, period: period, horizon: test.count, levels: levels)
            var cov = [Double: Double](), wink = [Double: Double]()
            for pi in fc.intervals {
                cov[pi.level] = IntervalScore.coverage(actual: test, pi)
                wink[pi.level] = IntervalScore.winkler(actual: test, pi)
            }
            rows.append(Row(method: fc.method,
                            accuracy: AccuracyMetrics(actual: test, forecast: fc.mean, training: training, period: period),
                            coverage: cov, winkler: wink))
        }
        return rows
    }
}

/// Fit-and-forecast through an existential spec.
public func forecastAny(_ spec: any ForecastModelSpec, _ y: [Double], period: Int, horizon: Int,
                        levels: [Double]) throws(ForecastingError) -> Forecast {
    func run<S: ForecastModelSpec>(_ s: S) throws(ForecastingError) -> Forecast {
        try s.fit(y, period: period).forecast(horizon: horizon, levels: levels)
    }
    return try run(spec)
}
