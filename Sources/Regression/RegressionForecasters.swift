// SPDX-License-Identifier: GPL-3.0-or-later
import ForecastCore
import SeriesData

// Regression's models as forecasting models: the ForecastCore contract (spec → fitted → `Forecast`)
// around `LinearModel` (`lm` + `predict.lm` intervals), `CountModel` (Poisson / quasi-Poisson /
// negative-binomial GLMs with simulated intervals) and `InterruptedTimeSeries` (the fitted
// segmented model continued past the data). A model registry, a backtest or a comparison can then
// treat a regression like ETS or ARIMA. The numbers are those of the wrapped models, unchanged.
//
// Calendar: `fit(_:startingAt:)` (and so `fit(TimeSeries)`) gives the model the series' real
// calendar — seasonal dummies follow the months, interventions are named by period, forecasts
// carry their periods. `fit(_:period:)` (a bare series) uses a positional calendar whose first
// observation is season 1 (January, Q1) and returns forecasts without periods: no calendar is
// invented for the caller. Only periods 1, 4 and 12 have a positional calendar.

/// The positional calendar of a bare series with seasonal period `period` (1, 4 or 12): observation 0
/// is season 1. Used only for the design; its labels never leave the module.
func positionalCalendar(period: Int, model: String) throws(ForecastingError) -> SeriesCalendar {
    switch period {
    case 1: .calendarYears(startingIn: 0)
    case 4: .quarterly(startYear: 0, startQuarter: 1)
    case 12: .monthly(startYear: 0, startMonth: 1)
    default: throw .invalidPeriod(model: model, period: period)
    }
}

func calendar(startingAt start: Period, model: String) throws(ForecastingError) -> SeriesCalendar {
    do { return try SeriesCalendar(startingAt: start) } catch { throw .estimationFailed(model: model, reason: error.description) }
}

extension RegressionSpec {
    /// Whether the design depends on the calendar at all: no seasonal terms and no interventions
    /// (the trend is numbered 1…n from the first observation). Such a model fits any series the
    /// same way, whatever its seasonal period or frequency.
    var needsCalendar: Bool { season != .none || !interventions.isEmpty }
}

/// The calendar a bare series with seasonal period `period` is fitted on: the positional one, or
/// for a design that does not use the calendar, yearly from year 0 whatever the period.
func positionalCalendar(period: Int, spec: RegressionSpec, model: String) throws(ForecastingError) -> SeriesCalendar {
    try positionalCalendar(period: spec.needsCalendar ? period : 1, model: model)
}

/// The series' real calendar, or `nil` when its frequency has none (weekly, daily) and the design
/// does not use the calendar: the model is then fitted positionally and its forecasts carry no periods.
func calendar(startingAt start: Period, spec: RegressionSpec, model: String) throws(ForecastingError) -> SeriesCalendar? {
    if !spec.needsCalendar, (try? SeriesCalendar(startingAt: start)) == nil { return nil }
    return try calendar(startingAt: start, model: model)
}

/// `LinearModel` as a `ForecastModelSpec`: OLS fit, forecasts ŷ ± t·σ̂√(1 + xᵀ(XᵀX)⁻¹x) as
/// `predict.lm(interval = "prediction")`. Regression errors become `.estimationFailed` with the
/// regression error's text as the reason.
public struct LinearModelForecaster: ForecastModelSpec {
    public let model: LinearModel
    /// The method name forecasts carry.
    public let method: String

    public init(_ model: LinearModel, method: String = "linear model, t prediction intervals") {
        self.model = model
        self.method = method
    }

    public func fit(_ y: [Double], period: Int) throws(ForecastingError) -> FittedLinearModelForecaster {
        try fit(y, calendar: positionalCalendar(period: period, spec: model.spec, model: method), placed: false)
    }

    public func fit(_ y: [Double], startingAt start: Period) throws(ForecastingError) -> FittedLinearModelForecaster {
        guard let cal = try calendar(startingAt: start, spec: model.spec, model: method) else {
            return try fit(y, calendar: positionalCalendar(period: 1, model: method), placed: false)
        }
        return try fit(y, calendar: cal, placed: true)
    }

    private func fit(_ y: [Double], calendar: SeriesCalendar, placed: Bool) throws(ForecastingError) -> FittedLinearModelForecaster {
        do { return FittedLinearModelForecaster(fit: try model.fit(y, calendar: calendar), method: method, placed: placed) }
        catch { throw .estimationFailed(model: method, reason: error.description) }
    }
}

/// A fitted `LinearModelForecaster`: the `FittedLinearModel` with the forecasting protocol's view.
public struct FittedLinearModelForecaster: FittedForecastModel {
    public let fit: FittedLinearModel
    public let method: String
    /// Whether the fit had the series' real calendar (forecasts then carry their periods).
    public let placed: Bool

    public var fitted: [Double] { fit.fitted }
    public var residuals: [Double] { fit.residuals }
    public var logLikelihood: Double? { fit.logLikelihood }
    public var aic: Double? { fit.aic }
    public var aicc: Double? { fit.aicc }
    public var bic: Double? { fit.bic }
    /// Coefficients by design term, then σ̂.
    public var parameterTable: [(name: String, value: Double)] {
        zip(fit.terms, fit.coefficients).map { ($0, $1) } + [("sigma", fit.sigma)]
    }

    public func forecast(horizon: Int, levels: [Double]) throws(ForecastingError) -> Forecast {
        do {
            let f = try fit.forecast(horizon: horizon, levels: levels)
            return Forecast(method: method, mean: f.mean, intervals: f.intervals, periods: placed ? f.timePeriods : [])
        } catch { throw .estimationFailed(model: method, reason: error.description) }
    }
}

/// `CountModel` (a count GLM) as a `ForecastModelSpec`: IRLS fit, forecasts by `simulations`
/// seeded paths (see `FittedCountModel.forecast`), without exposure (rates per unit exposure).
public struct CountModelForecaster: ForecastModelSpec {
    public let model: CountModel
    public let method: String
    public let simulations: Int
    public let seed: UInt64
    public let parameterUncertainty: Bool

    public init(_ model: CountModel, method: String? = nil, simulations: Int = 10_000, seed: UInt64 = 20_240_601,
                parameterUncertainty: Bool = true) {
        precondition(simulations >= 1, "simulations must be ≥ 1")
        self.model = model
        self.method = method ?? "\(model.family.rawValue) GLM"
        self.simulations = simulations
        self.seed = seed
        self.parameterUncertainty = parameterUncertainty
    }

    public func fit(_ y: [Double], period: Int) throws(ForecastingError) -> FittedCountModelForecaster {
        try fit(y, calendar: positionalCalendar(period: period, spec: model.spec, model: method), placed: false)
    }

    public func fit(_ y: [Double], startingAt start: Period) throws(ForecastingError) -> FittedCountModelForecaster {
        guard let cal = try calendar(startingAt: start, spec: model.spec, model: method) else {
            return try fit(y, calendar: positionalCalendar(period: 1, model: method), placed: false)
        }
        return try fit(y, calendar: cal, placed: true)
    }

    private func fit(_ y: [Double], calendar: SeriesCalendar, placed: Bool) throws(ForecastingError) -> FittedCountModelForecaster {
        do { return FittedCountModelForecaster(fit: try model.fit(y, calendar: calendar), spec: self, placed: placed) }
        catch { throw .estimationFailed(model: method, reason: error.description) }
    }
}

/// A fitted `CountModelForecaster`.
public struct FittedCountModelForecaster: FittedForecastModel {
    public let fit: FittedCountModel
    public let spec: CountModelForecaster
    public let placed: Bool

    public var method: String { spec.method }
    /// Fitted means μ̂.
    public var fitted: [Double] { fit.fitted }
    /// Response residuals y − μ̂.
    public var residuals: [Double] { zip(fit.y, fit.fitted).map { $0 - $1 } }
    public var logLikelihood: Double? { fit.logLikelihood }
    public var aic: Double? { fit.aic }
    public var aicc: Double? { fit.aicc }
    public var bic: Double? { fit.bic }
    /// Coefficients by design term (log scale), then θ for the negative binomial.
    public var parameterTable: [(name: String, value: Double)] {
        zip(fit.terms, fit.coefficients).map { ($0, $1) } + (fit.theta.map { [("theta", $0)] } ?? [])
    }

    public func forecast(horizon: Int, levels: [Double]) throws(ForecastingError) -> Forecast {
        do {
            let f = try fit.forecast(horizon: horizon, levels: levels, simulations: spec.simulations, seed: spec.seed,
                                     parameterUncertainty: spec.parameterUncertainty)
            return Forecast(method: method, mean: f.mean, intervals: f.intervals, periods: placed ? f.timePeriods : [])
        } catch { throw .estimationFailed(model: method, reason: error.description) }
    }
}

/// `InterruptedTimeSeries` as a `ForecastModelSpec`: the segmented model (base design + the
/// intervention terms) continued past the data — the post-intervention regime's forecast, with the
/// linear model's t intervals or the count model's simulated ones. The intervention is named by
/// period, so the model needs the series' calendar: fit it with `fit(_:startingAt:)` or on a
/// `TimeSeries`; `fit(_:period:)` refuses (`.invalidSpecification`).
public struct InterruptedTimeSeriesForecaster: ForecastModelSpec {
    public let its: InterruptedTimeSeries
    public let method: String
    /// Simulated paths for the count model's intervals (unused by the linear model).
    public let simulations: Int
    public let seed: UInt64

    public init(_ its: InterruptedTimeSeries, method: String? = nil, simulations: Int = 10_000, seed: UInt64 = 20_240_601) {
        precondition(simulations >= 1, "simulations must be ≥ 1")
        self.its = its
        self.method = method ?? "interrupted time series (intervention \(its.interventionPeriod))"
        self.simulations = simulations
        self.seed = seed
    }

    public func fit(_ y: [Double], period: Int) throws(ForecastingError) -> FittedInterruptedTimeSeriesForecaster {
        throw .invalidSpecification("\(method) names its intervention by period, so it needs the series' calendar: fit it on a TimeSeries (or with fit(_:startingAt:)), not on bare values")
    }

    public func fit(_ y: [Double], startingAt start: Period) throws(ForecastingError) -> FittedInterruptedTimeSeriesForecaster {
        let cal = try calendar(startingAt: start, model: method)
        do { return FittedInterruptedTimeSeriesForecaster(fit: try its.fit(y, calendar: cal), spec: self) }
        catch { throw .estimationFailed(model: method, reason: error.description) }
    }
}

/// A fitted `InterruptedTimeSeriesForecaster`; its forecasts carry their periods.
public struct FittedInterruptedTimeSeriesForecaster: FittedForecastModel {
    public let fit: FittedInterruptedTimeSeries
    public let spec: InterruptedTimeSeriesForecaster

    public var method: String { spec.method }
    public var fitted: [Double] {
        switch fit.fit {
        case .linear(let m): m.fitted
        case .count(let m): m.fitted
        }
    }
    /// Response residuals y − ŷ.
    public var residuals: [Double] {
        switch fit.fit {
        case .linear(let m): m.residuals
        case .count(let m): zip(m.y, m.fitted).map { $0 - $1 }
        }
    }
    public var logLikelihood: Double? {
        switch fit.fit {
        case .linear(let m): m.logLikelihood
        case .count(let m): m.logLikelihood
        }
    }
    public var aic: Double? {
        switch fit.fit {
        case .linear(let m): m.aic
        case .count(let m): m.aic
        }
    }
    public var bic: Double? {
        switch fit.fit {
        case .linear(let m): m.bic
        case .count(let m): m.bic
        }
    }
    /// Coefficients by design term (intervention terms included).
    public var parameterTable: [(name: String, value: Double)] {
        zip(fit.design.names, fit.coefficients).map { ($0, $1) }
    }

    public func forecast(horizon: Int, levels: [Double]) throws(ForecastingError) -> Forecast {
        do {
            let f: Forecast
            switch fit.fit {
            case .linear(let m): f = try m.forecast(horizon: horizon, levels: levels)
            case .count(let m): f = try m.forecast(horizon: horizon, levels: levels, simulations: spec.simulations, seed: spec.seed)
            }
            return Forecast(method: method, mean: f.mean, intervals: f.intervals, periods: f.timePeriods)
        } catch { throw .estimationFailed(model: method, reason: error.description) }
    }
}
