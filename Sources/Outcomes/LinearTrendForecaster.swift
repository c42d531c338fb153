// SPDX-License-Identifier: GPL-3.0-or-later
import Forecasting
import Regression
import SeriesData

/// The `linear-trend` candidate: ordinary least squares on an intercept and a linear trend
/// (Regression's `LinearModel`), with `predict.lm`-style t prediction intervals, returned in
/// Forecasting's `Forecast` form (levels in percent).
enum LinearTrendForecaster {
    static func forecast(_ y: [Double], horizon: Int, levels: [Double]) throws -> Forecast {
        // The calendar only names periods; a linear trend without seasonal terms ignores it.
        let model = LinearModel(RegressionSpec(intercept: true, trend: .linear, season: .none))
        let fit = try model.fit(y, calendar: .calendarYears(startingIn: 2000))
        let f = try fit.forecast(horizon: horizon, levels: levels)
        return Forecast(method: "Linear trend (OLS)", mean: f.mean, intervals: f.intervals)
    }
}

/// The `negbin-trend` candidate: a negative-binomial GLM with log-linear trend (as
/// `MASS::glm.nb(y ~ t)`), forecast by seeded simulation from the fitted distribution with
/// parameter uncertainty (Regression's `CountModel`).
enum NegativeBinomialTrendForecaster {
    static func forecast(_ y: [Double], horizon: Int, levels: [Double]) throws -> Forecast {
        let model = CountModel(RegressionSpec(intercept: true, trend: .linear, season: .none), family: .negativeBinomial)
        let fit = try model.fit(y, calendar: .calendarYears(startingIn: 2000))
        let f = try fit.forecast(horizon: horizon, levels: levels, simulations: 20_000)
        return Forecast(method: "Negative binomial GLM, log-linear trend", mean: f.mean, intervals: f.intervals)
    }
}
