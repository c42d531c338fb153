// SPDX-License-Identifier: GPL-3.0-or-later
import ForecastCore
import Regression

/// The `linear-trend` candidate: ordinary least squares on an intercept and a linear trend
/// (Regression's `LinearModel` through its ForecastCore conformance), with `predict.lm`-style t
/// prediction intervals (levels in percent). Fitted on the bare series (positional calendar, no
/// invented dates); the projection places the forecast after the last observed period.
enum LinearTrendForecaster {
    static let spec = LinearModelForecaster(LinearModel(RegressionSpec(intercept: true, trend: .linear, season: .none)),
                                            method: "Linear trend (OLS)")
    static func forecast(_ y: [Double], horizon: Int, levels: [Double]) throws -> Forecast {
        try spec.fit(y, period: 1).forecast(horizon: horizon, levels: levels)
    }
}

/// The `negbin-trend` candidate: a negative-binomial GLM with log-linear trend (as
/// `MASS::glm.nb(y ~ t)`), forecast by 20,000 seeded simulations from the fitted distribution with
/// parameter uncertainty (Regression's `CountModel` through its ForecastCore conformance).
enum NegativeBinomialTrendForecaster {
    static let spec = CountModelForecaster(CountModel(RegressionSpec(intercept: true, trend: .linear, season: .none), family: .negativeBinomial),
                                           method: "Negative binomial GLM, log-linear trend", simulations: 20_000)
    static func forecast(_ y: [Double], horizon: Int, levels: [Double]) throws -> Forecast {
        try spec.fit(y, period: 1).forecast(horizon: horizon, levels: levels)
    }
}
