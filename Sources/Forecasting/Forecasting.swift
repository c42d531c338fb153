// SPDX-License-Identifier: GPL-3.0-or-later
// Forecasting module: ETS, STL, Theta, baselines, accuracy metrics and rolling-origin backtests.
//
// Every model follows one typed pipeline:
//
//     spec (unfitted, a value)  --fit(y, period:)-->  fitted model  --forecast(horizon:levels:)-->  Forecast
//
// Models work on a plain `[Double]` in time order plus a seasonal period `m` (12 for monthly data,
// 4 for quarterly, 1 for none). The reference implementation throughout is R's `forecast` package
// (Hyndman et al., version 8.20); each type documents where it differs.

/// Data problems met while fitting or forecasting. Programmer misuse (a negative horizon, a level
/// outside (0, 100)) is a `precondition` failure instead.
public enum ForecastingError: Error, Equatable, Sendable {
    /// The series is too short for the model: `needed` observations, `got` supplied.
    case tooShort(model: String, needed: Int, got: Int)
    /// A value is NaN or infinite; `index` is 0-based in the series given to `fit`.
    case nonFinite(index: Int, value: Double)
    /// A multiplicative model was asked for on data that is not strictly positive.
    case nonPositive(model: String, index: Int, value: Double)
    /// An ETS letter string or combination that is not allowed (text says why).
    case invalidSpecification(String)
    /// The seasonal period does not suit the model (e.g. `m < 2` for seasonal naive).
    case invalidPeriod(model: String, period: Int)
    /// Fixed smoothing parameters outside the allowed region.
    case parametersOutOfRange(String)
    /// No candidate model could be estimated (automatic ETS).
    case noModelFitted
    /// Estimation stopped where R's stops with an error, e.g. ARIMA's "non-stationary AR part from
    /// CSS" (`model` names the model, `reason` is R's message).
    case estimationFailed(model: String, reason: String)
}

/// One prediction interval: at every horizon, `lower[h] ≤ mean[h] ≤ upper[h]` with nominal
/// coverage `level` percent (NaN at a horizon where the method, like R, gives none).
public struct PredictionInterval: Sendable, Equatable {
    /// Nominal coverage in percent, e.g. 80 or 95.
    public let level: Double
    public let lower: [Double]
    public let upper: [Double]
    public init(level: Double, lower: [Double], upper: [Double]) {
        self.level = level
        self.lower = lower
        self.upper = upper
    }
}

/// Point forecasts and prediction intervals for horizons 1…H.
public struct Forecast: Sendable, Equatable {
    /// Method name as R prints it, e.g. `"ETS(M,Ad,M)"`, `"Seasonal naive method"`, `"Theta"`.
    public let method: String
    /// Point forecasts (the mean of the forecast distribution, as R), `mean[0]` is one step ahead.
    public let mean: [Double]
    /// Intervals sorted by increasing level; empty when the model has none.
    public let intervals: [PredictionInterval]
    /// Labels of the forecast periods (e.g. "2019-03", "2019/20") when the model knows its
    /// calendar (the Regression models); empty for models fitted on a bare series.
    public let periods: [String]
    public init(method: String, mean: [Double], intervals: [PredictionInterval], periods: [String] = []) {
        precondition(periods.isEmpty || periods.count == mean.count, "one period label per horizon")
        self.method = method
        self.mean = mean
        self.intervals = intervals.sorted { $0.level < $1.level }
        self.periods = periods
    }
    public var horizon: Int { mean.count }
    /// The interval at `level` percent, if computed.
    public func interval(_ level: Double) -> PredictionInterval? {
        intervals.first { abs($0.level - level) < 1e-9 }
    }
}

/// An unfitted model: a specification (value type) that can be estimated on a series.
public protocol ForecastModelSpec: Sendable {
    associatedtype Fitted: FittedForecastModel
    /// Estimates the model on `y` (time order, no missing values) with seasonal period `period`.
    func fit(_ y: [Double], period: Int) throws(ForecastingError) -> Fitted
}

/// A model estimated on one series.
public protocol FittedForecastModel: Sendable {
    /// Method name as R prints it.
    var method: String { get }
    /// One-step in-sample fitted values (NaN where the model has none, e.g. the first m for snaive).
    var fitted: [Double] { get }
    /// Residuals on the scale R reports (`y − fitted` for all models here except multiplicative-error
    /// ETS, whose `residuals` are the relative errors `(y − ŷ)/ŷ`, as R's `residuals(fit)`).
    var residuals: [Double] { get }
    /// Log-likelihood where the model has one (ETS), else nil.
    var logLikelihood: Double? { get }
    var aic: Double? { get }
    var aicc: Double? { get }
    var bic: Double? { get }
    /// Estimated parameters in a stable order (name, value), e.g. alpha, beta, l, b, s0…; empty
    /// when the model has none worth reporting.
    var parameterTable: [(name: String, value: Double)] { get }
    /// Forecasts for horizons 1…`horizon` with intervals at `levels` percent (each in (0, 100)).
    func forecast(horizon: Int, levels: [Double]) throws(ForecastingError) -> Forecast
}

extension FittedForecastModel {
    public var logLikelihood: Double? { nil }
    public var aic: Double? { nil }
    public var aicc: Double? { nil }
    public var bic: Double? { nil }
    public var parameterTable: [(name: String, value: Double)] { [] }
}

/// Checks that every value is finite; throws naming the first offender.
func validateFinite(_ y: [Double]) throws(ForecastingError) {
    for (i, v) in y.enumerated() where !v.isFinite {
        throw .nonFinite(index: i, value: v)
    }
}

/// Checks horizon and levels (programmer misuse → precondition).
func validateForecastArguments(horizon: Int, levels: [Double]) {
    precondition(horizon >= 1, "forecast horizon must be ≥ 1, got \(horizon)")
    for l in levels {
        precondition(l > 0 && l < 100, "prediction-interval level must be in (0, 100) percent, got \(l)")
    }
}

/// Arithmetic mean.
@inline(__always) func mean(_ x: ArraySlice<Double>) -> Double {
    x.reduce(0, +) / Double(x.count)
}
@inline(__always) func mean(_ x: [Double]) -> Double { mean(x[...]) }

/// Sample variance (divisor n − 1), as R's `var`.
func sampleVariance(_ x: [Double]) -> Double {
    let m = mean(x)
    var s = 0.0
    for v in x { s += (v - m) * (v - m) }
    return s / Double(x.count - 1)
}

/// Least-squares line through (x_i, y_i): returns (intercept, slope), as R's `lsfit`.
func leastSquaresLine(x: [Double], y: ArraySlice<Double>) -> (intercept: Double, slope: Double) {
    let n = Double(x.count)
    let mx = x.reduce(0, +) / n
    let my = y.reduce(0, +) / n
    var sxy = 0.0, sxx = 0.0
    for (xi, yi) in zip(x, y) {
        sxy += (xi - mx) * (yi - my)
        sxx += (xi - mx) * (xi - mx)
    }
    let b = sxy / sxx
    return (my - b * mx, b)
}

extension Forecast {
    /// Equal-weight combination of point forecasts (intervals are not combined), e.g. the
    /// ETS–Theta–damped combination evaluated on M3. All forecasts must share the horizon.
    public static func combination(_ forecasts: [Forecast], method: String) -> Forecast {
        precondition(!forecasts.isEmpty && forecasts.allSatisfy { $0.horizon == forecasts[0].horizon },
                     "combination needs forecasts of one horizon")
        let h = forecasts[0].horizon
        let mean = (0..<h).map { i in forecasts.reduce(0) { $0 + $1.mean[i] } / Double(forecasts.count) }
        return Forecast(method: method, mean: mean, intervals: [])
    }
}
