// SPDX-License-Identifier: GPL-3.0-or-later
// ForecastCore: the modelling contract shared by every model family (Forecasting's ETS/ARIMA/Theta…,
// Regression's lm/GLM/ITS) — one job, no model in it.
//
// Every model follows one typed pipeline:
//
//     spec (unfitted, a value)  --fit(y, period:)-->  fitted model  --forecast(horizon:levels:)-->  Forecast
//
// Here live `Forecast` and `PredictionInterval`, the spec → fitted protocols, `ForecastingError`,
// accuracy metrics and interval scores, and rolling-origin backtests. It depends only on
// Distributions and SeriesData; Forecasting re-exports it (`@_exported import ForecastCore`).
import Distributions
import SeriesData

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
    /// A `TimeSeries` given to ``ForecastModelSpec/fit(_:name:)`` has missing observations:
    /// `count` of them, the first at `first` (models need a complete series).
    case missingValues(series: String, count: Int, first: Period)
}

extension ForecastingError: CustomStringConvertible {
    /// The problem in words, naming the model, observation or period and what was expected.
    public var description: String {
        switch self {
        case .tooShort(let model, let needed, let got): "\(model) needs at least \(needed) observations, the series has \(got)"
        case .nonFinite(let i, let v): "value \(v) at observation \(i + 1) is not finite"
        case .nonPositive(let model, let i, let v): "\(model) needs positive data; observation \(i + 1) is \(v)"
        case .invalidSpecification(let s): s
        case .invalidPeriod(let model, let p): "\(model) cannot use period \(p)"
        case .parametersOutOfRange(let s): s
        case .noModelFitted: "no ETS model could be estimated"
        case .estimationFailed(let model, let reason): "\(model) could not be estimated: \(reason)"
        case .missingValues(let series, let count, let first):
            "\(series) has \(count) missing observation\(count == 1 ? "" : "s") (the first in \(first)); models need a complete series — fill or trim the gaps"
        }
    }
}

/// One prediction interval: at every horizon, `lower[h] ≤ mean[h] ≤ upper[h]` with nominal
/// coverage `level` percent (NaN at a horizon where the method, like R, gives none).
///
/// Levels are percent here (as R's `forecast(level = c(80, 95))`); the one level type of the
/// package is Distributions' `ConfidenceLevel` (a fraction, as Indicators uses it), reached by
/// `confidenceLevel` and `init(confidenceLevel:lower:upper:)` — the conversion is ×/÷ 100 only.
/// Codable: a non-finite limit is written as JSON `null` and read back as NaN.
public struct PredictionInterval: Sendable, Equatable, Codable {
    /// Nominal coverage in percent, e.g. 80 or 95.
    public let level: Double
    public let lower: [Double]
    public let upper: [Double]
    public init(level: Double, lower: [Double], upper: [Double]) {
        self.level = level
        self.lower = lower
        self.upper = upper
    }
    /// An interval whose level is given as the shared level type (fraction → percent).
    public init(confidenceLevel: ConfidenceLevel, lower: [Double], upper: [Double]) {
        self.init(level: confidenceLevel.percent, lower: lower, upper: upper)
    }
    /// The level as the shared level type (percent → fraction).
    public var confidenceLevel: ConfidenceLevel { ConfidenceLevel(percent: level) }

    private enum CodingKeys: String, CodingKey { case level, lower, upper }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        level = try c.decode(Double.self, forKey: .level)
        lower = try c.decode([Double?].self, forKey: .lower).map { $0 ?? .nan }
        upper = try c.decode([Double?].self, forKey: .upper).map { $0 ?? .nan }
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(level, forKey: .level)
        try c.encode(lower.map(\.finiteOrNil), forKey: .lower)
        try c.encode(upper.map(\.finiteOrNil), forKey: .upper)
    }
}

/// Point forecasts and prediction intervals for horizons 1…H, and — when the model was fitted on
/// a series that knows its time (a `TimeSeries` through ``ForecastModelSpec/fit(_:)``, or a
/// Regression model's calendar) — the period of every horizon.
///
/// Codable: periods as their canonical labels, non-finite numbers as JSON `null` (read back as NaN).
public struct Forecast: Sendable, Equatable, Codable {
    /// Method name as R prints it, e.g. `"ETS(M,Ad,M)"`, `"Seasonal naive method"`, `"Theta"`.
    public let method: String
    /// Point forecasts (the mean of the forecast distribution, as R), `mean[0]` is one step ahead.
    public let mean: [Double]
    /// Intervals sorted by increasing level; empty when the model has none.
    public let intervals: [PredictionInterval]
    /// The forecast periods, one per horizon (`timePeriods[0]` is the period after the last
    /// observation); empty for a model fitted on a bare `[Double]`.
    public let timePeriods: [Period]
    /// Canonical labels of `timePeriods` (e.g. "2019-03", "2019 Q1", "2019/20").
    public var periods: [String] { timePeriods.map(\.description) }

    public init(method: String, mean: [Double], intervals: [PredictionInterval], periods: [Period] = []) {
        precondition(periods.isEmpty || periods.count == mean.count, "one period per horizon")
        self.method = method
        self.mean = mean
        self.intervals = intervals.sorted { $0.level < $1.level }
        self.timePeriods = periods
    }
    public var horizon: Int { mean.count }
    /// The interval at `level` percent, if computed.
    public func interval(_ level: Double) -> PredictionInterval? {
        intervals.first { abs($0.level - level) < 1e-9 }
    }
    /// The interval at a level given as the shared level type, if computed.
    public func interval(_ level: ConfidenceLevel) -> PredictionInterval? { interval(level.percent) }

    /// The same forecast placed in time: horizon h is the period h steps after `last` (the last
    /// observed period). Numbers are untouched.
    public func placed(after last: Period) -> Forecast {
        Forecast(method: method, mean: mean, intervals: intervals, periods: (0..<horizon).map { last.advanced(by: $0 + 1) })
    }

    private enum CodingKeys: String, CodingKey { case method, periods, mean, intervals }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        method = try c.decode(String.self, forKey: .method)
        mean = try c.decode([Double?].self, forKey: .mean).map { $0 ?? .nan }
        intervals = try c.decode([PredictionInterval].self, forKey: .intervals).sorted { $0.level < $1.level }
        timePeriods = try c.decodeIfPresent([Period].self, forKey: .periods) ?? []
        guard timePeriods.isEmpty || timePeriods.count == mean.count else {
            throw DecodingError.dataCorruptedError(forKey: .periods, in: c,
                debugDescription: "\(timePeriods.count) periods for \(mean.count) forecasts: expected one period per horizon")
        }
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(method, forKey: .method)
        if !timePeriods.isEmpty { try c.encode(timePeriods, forKey: .periods) }
        try c.encode(mean.map(\.finiteOrNil), forKey: .mean)
        try c.encode(intervals, forKey: .intervals)
    }
}

/// An unfitted model: a specification (value type) that can be estimated on a series.
public protocol ForecastModelSpec: Sendable {
    associatedtype Fitted: FittedForecastModel
    /// Estimates the model on `y` (time order, no missing values) with seasonal period `period`.
    func fit(_ y: [Double], period: Int) throws(ForecastingError) -> Fitted
    /// Estimates the model on `y` whose first observation is the period `start` (the seasonal
    /// period is `start.frequency.seasonLength`). The default forgets the calendar and calls
    /// `fit(y, period:)`: models of a bare series (ETS, ARIMA, Theta…) start their seasonal cycle
    /// at the first observation whatever its month. Models with calendar terms (Regression's
    /// seasonal dummies, interventions named by period) use `start`.
    func fit(_ y: [Double], startingAt start: Period) throws(ForecastingError) -> Fitted
}

extension ForecastModelSpec {
    public func fit(_ y: [Double], startingAt start: Period) throws(ForecastingError) -> Fitted {
        try fit(y, period: start.frequency.seasonLength)
    }
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

/// A fitted model that reports another fitted model's in-sample statistics unchanged and only
/// changes its forecasts (a wrapper adding periods, or conformal intervals): `method`, fitted
/// values, residuals, likelihood, information criteria and parameters forward to `underlying`
/// (a conformer may still give its own `method`).
public protocol ForwardingFittedModel: FittedForecastModel {
    /// The model whose statistics are reported.
    var underlying: any FittedForecastModel { get }
}

extension ForwardingFittedModel {
    public var method: String { underlying.method }
    public var fitted: [Double] { underlying.fitted }
    public var residuals: [Double] { underlying.residuals }
    public var logLikelihood: Double? { underlying.logLikelihood }
    public var aic: Double? { underlying.aic }
    public var aicc: Double? { underlying.aicc }
    public var bic: Double? { underlying.bic }
    public var parameterTable: [(name: String, value: Double)] { underlying.parameterTable }
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
