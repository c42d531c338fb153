// SPDX-License-Identifier: GPL-3.0-or-later
// Benchmark methods: mean, naive (random walk), seasonal naive and drift, with R forecast's
// prediction intervals (`meanf`, `naive`, `snaive`, `rwf(drift = TRUE)`, all via `lagwalk`).

/// Forecasts every horizon with the sample mean (R `meanf`).
///
/// Interval: ȳ ± t_{n−1, (1+level)/2} · s · √(1 + 1/n), s the sample standard deviation.
/// Complexity O(n).
public struct MeanMethod: ForecastModelSpec {
    public init() {}
    public func fit(_ y: [Double], period: Int) throws(ForecastingError) -> FittedMean {
        try validateFinite(y)
        guard y.count >= 2 else { throw .tooShort(model: "Mean", needed: 2, got: y.count) }
        let mu = mean(y)
        return FittedMean(y: y, mu: mu, sd: sampleVariance(y).squareRoot())
    }
}

public struct FittedMean: FittedForecastModel {
    public let y: [Double]
    /// The sample mean and standard deviation.
    public let mu: Double, sd: Double
    public var method: String { "Mean" }
    public var parameterTable: [(name: String, value: Double)] { [("mean", mu), ("sd", sd)] }
    public var fitted: [Double] { Array(repeating: mu, count: y.count) }
    public var residuals: [Double] { y.map { $0 - mu } }
    public func forecast(horizon: Int, levels: [Double]) throws(ForecastingError) -> Forecast {
        validateForecastArguments(horizon: horizon, levels: levels)
        let n = Double(y.count)
        let mean = Array(repeating: mu, count: horizon)
        let intervals = levels.map { level -> PredictionInterval in
            let w = -studentTQuantile(0.5 - level / 200, degreesOfFreedom: n - 1) * sd * (1 + 1 / n).squareRoot()
            return PredictionInterval(level: level, lower: mean.map { $0 - w }, upper: mean.map { $0 + w })
        }
        return Forecast(method: method, mean: mean, intervals: intervals)
    }
}

/// A "lag walk": ŷ_{t+h} = y_{t+h−k·lag} (+ drift), covering naive (lag 1), seasonal naive
/// (lag m) and drift (lag 1 plus the mean first difference), as R forecast's `lagwalk`.
///
/// Intervals (R `forecast.lagwalk`): with k = ⌈h/lag⌉ full periods ahead,
/// se_h = √(σ̂²·k + (k·se(b))²), σ̂² = Σe²/(N − [drift]) over the N defined residuals,
/// se(b) the standard error of the drift; limits ŷ ± z·se. Complexity O(n + H).
public struct LagWalk: ForecastModelSpec {
    public enum Kind: Sendable { case naive, seasonalNaive, drift }
    public let kind: Kind
    public init(_ kind: Kind) { self.kind = kind }
    public static let naive = LagWalk(.naive)
    public static let seasonalNaive = LagWalk(.seasonalNaive)
    public static let drift = LagWalk(.drift)

    public func fit(_ y: [Double], period: Int) throws(ForecastingError) -> FittedLagWalk {
        try validateFinite(y)
        let lag = kind == .seasonalNaive ? period : 1
        if kind == .seasonalNaive && period < 2 {
            throw .invalidPeriod(model: "Seasonal naive method", period: period)
        }
        // R forecasts from a single observation (naive) or a single cycle (seasonal naive); its
        // interval is then undefined (NaN), as here.
        let needed = kind == .drift ? 2 : lag
        guard y.count >= needed else { throw .tooShort(model: methodName, needed: needed, got: y.count) }
        let n = y.count
        var fitted = Array(repeating: Double.nan, count: n)
        for t in lag..<max(lag, n) { fitted[t] = y[t - lag] }
        var drift = 0.0, driftSE = 0.0
        if kind == .drift {
            let d = (lag..<n).map { y[$0] - y[$0 - lag] }
            drift = mean(d)
            driftSE = (sampleVariance(d) / Double(d.count)).squareRoot()
            for t in lag..<n { fitted[t] += drift }
        }
        let residuals = zip(y, fitted).map { $0 - $1 }
        let defined = residuals[min(lag, n)...]
        let mse = defined.reduce(0) { $0 + $1 * $1 } / Double(defined.count - (drift != 0 ? 1 : 0))
        return FittedLagWalk(method: methodName, y: y, lag: lag, drift: drift, driftStandardError: driftSE,
                             fitted: fitted, residuals: residuals, sigma2: mse)
    }

    var methodName: String {
        switch kind {
        case .naive: "Naive method"
        case .seasonalNaive: "Seasonal naive method"
        case .drift: "Random walk with drift"
        }
    }
}

public struct FittedLagWalk: FittedForecastModel {
    public let method: String
    public let y: [Double]
    public let lag: Int
    /// Drift per step (0 unless drift) and its standard error.
    public let drift: Double, driftStandardError: Double
    public let fitted: [Double]
    public let residuals: [Double]
    /// Residual variance used for the intervals.
    public let sigma2: Double
    public var parameterTable: [(name: String, value: Double)] {
        (drift != 0 ? [("drift", drift), ("drift.se", driftStandardError)] : []) + [("sigma2", sigma2)]
    }

    public func forecast(horizon: Int, levels: [Double]) throws(ForecastingError) -> Forecast {
        validateForecastArguments(horizon: horizon, levels: levels)
        let n = y.count
        var mean = [Double](), se = [Double]()
        for i in 0..<horizon {
            let steps = Double(i / lag + 1)
            mean.append(y[n - lag + i % lag] + steps * drift)
            se.append((sigma2 * steps + (steps * driftStandardError) * (steps * driftStandardError)).squareRoot())
        }
        let intervals = levels.map { level -> PredictionInterval in
            let z = normalMultiplier(level: level)
            return PredictionInterval(level: level,
                                      lower: zip(mean, se).map { $0 - z * $1 },
                                      upper: zip(mean, se).map { $0 + z * $1 })
        }
        return Forecast(method: method, mean: mean, intervals: intervals)
    }
}
