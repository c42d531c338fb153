// SPDX-License-Identifier: GPL-3.0-or-later
import Forecasting
import Regression
import SeriesData

/// The `linear-trend` model: ordinary least squares on an intercept and a linear trend
/// (Regression's `LinearModel`, `lm(y ~ t)`), with `predict.lm`-style t prediction intervals
/// ŷ ± t(n−2) · σ̂ · √(1 + h), as a forecasting model.
///
/// The calendar only names periods; a linear trend without seasonal terms ignores it, so the
/// series is numbered from an arbitrary start (calendar years from 2000) and the forecast's
/// period labels are not kept (the caller knows the real ones). Agrees with R's `lm` +
/// `predict(interval = "prediction")` to the digits of Regression's tests. O(n) to fit.
public struct LinearTrendModel: ForecastModelSpec {
    public init() {}
    public func fit(_ y: [Double], period: Int) throws(ForecastingError) -> FittedLinearTrendModel {
        let model = LinearModel(RegressionSpec(intercept: true, trend: .linear, season: .none))
        do {
            return FittedLinearTrendModel(fit: try model.fit(y, calendar: .calendarYears(startingIn: 2000)))
        } catch {
            throw .estimationFailed(model: "Linear trend (OLS)", reason: "\(error)")
        }
    }
}

/// A fitted ``LinearTrendModel``.
public struct FittedLinearTrendModel: FittedForecastModel {
    public let fit: FittedLinearModel
    public var method: String { "Linear trend (OLS)" }
    public var fitted: [Double] { fit.fitted }
    public var residuals: [Double] { fit.residuals }
    public var logLikelihood: Double? { fit.logLikelihood }
    public var aic: Double? { fit.aic }
    public var aicc: Double? { fit.aicc }
    public var bic: Double? { fit.bic }
    public func forecast(horizon: Int, levels: [Double]) throws(ForecastingError) -> Forecast {
        do {
            let f = try fit.forecast(horizon: horizon, levels: levels)
            return Forecast(method: method, mean: f.mean, intervals: f.intervals)
        } catch {
            throw .estimationFailed(model: method, reason: "\(error)")
        }
    }
}

/// The `negbin-trend` model: a negative-binomial GLM with log-linear trend (as
/// `MASS::glm.nb(y ~ t)`), forecast by seeded simulation (20,000 paths, Regression's default seed)
/// from the fitted distribution with parameter uncertainty (Regression's `CountModel`). Counts only.
/// O(n · IRLS iterations) to fit, O(horizon · 20,000) to forecast.
public struct NegativeBinomialTrendModel: ForecastModelSpec {
    public init() {}
    public func fit(_ y: [Double], period: Int) throws(ForecastingError) -> FittedNegativeBinomialTrendModel {
        let model = CountModel(RegressionSpec(intercept: true, trend: .linear, season: .none), family: .negativeBinomial)
        do {
            return FittedNegativeBinomialTrendModel(fit: try model.fit(y, calendar: .calendarYears(startingIn: 2000)))
        } catch {
            throw .estimationFailed(model: "Negative binomial GLM, log-linear trend", reason: "\(error)")
        }
    }
}

/// A fitted ``NegativeBinomialTrendModel``.
public struct FittedNegativeBinomialTrendModel: FittedForecastModel {
    public let fit: FittedCountModel
    public var method: String { "Negative binomial GLM, log-linear trend" }
    public var fitted: [Double] { fit.fitted }
    /// Response residuals y − μ̂.
    public var residuals: [Double] { zip(fit.y, fit.fitted).map { $0 - $1 } }
    public var logLikelihood: Double? { fit.logLikelihood }
    public var aic: Double? { fit.aic }
    public var aicc: Double? { fit.aicc }
    public var bic: Double? { fit.bic }
    public func forecast(horizon: Int, levels: [Double]) throws(ForecastingError) -> Forecast {
        do {
            let f = try fit.forecast(horizon: horizon, levels: levels, simulations: 20_000)
            return Forecast(method: method, mean: f.mean, intervals: f.intervals)
        } catch {
            throw .estimationFailed(model: method, reason: "\(error)")
        }
    }
}

extension ModelRegistry {
    /// Every model name: the Forecasting module's (``ModelRegistry/forecasting``) and the
    /// regression-based `linear-trend` and `negbin-trend`. The CLI (`forecast --model`,
    /// `backtest --models`, `reconcile`), the outcome specs' `models:` lists and the outcome
    /// engine all look names up here.
    public static let standard = ModelRegistry.forecasting.adding([
        ModelEntry(name: "linear-trend", summary: "least-squares line lm(y ~ t) with t prediction intervals",
                   family: .regression) { LinearTrendModel() },
        ModelEntry(name: "negbin-trend", summary: "negative-binomial GLM with log-linear trend, MASS::glm.nb(y ~ t); simulated intervals",
                   family: .regression, data: .counts) { NegativeBinomialTrendModel() },
    ])
}
