import Forecasting
import Regression
import SeriesData

/// The `linear-trend` candidate: ordinary least squares on an intercept and a linear trend
/// (Regression's `LinearModel`), with `predict.lm`-style t prediction intervals, returned in
/// Forecasting's `Forecast` form (levels in percent).
enum LinearTrendForecaster {
    static func forecast(_ y: [Double], horizon: Int, levels: [Double]) throws -> Forecasting.Forecast {
        // The calendar only names periods; a linear trend without seasonal terms ignores it.
        let model = LinearModel(RegressionSpec(intercept: true, trend: .linear, season: .none))
        let fit = try model.fit(y, calendar: SeriesCalendar(.calendarYear, startYear: 2000))
        let f = try fit.forecast(horizon: horizon, levels: levels.map { $0 / 100 })
        return Forecasting.Forecast(
            method: "Linear trend (OLS)", mean: f.mean,
            intervals: f.intervals.map { Forecasting.PredictionInterval(level: $0.level * 100, lower: $0.lower, upper: $0.upper) })
    }
}

/// The `negbin-trend` candidate: a negative-binomial GLM with log-linear trend (as
/// `MASS::glm.nb(y ~ t)`), forecast by seeded simulation from the fitted distribution with
/// parameter uncertainty (Regression's `CountModel`).
enum NegativeBinomialTrendForecaster {
    static func forecast(_ y: [Double], horizon: Int, levels: [Double]) throws -> Forecasting.Forecast {
        let model = CountModel(RegressionSpec(intercept: true, trend: .linear, season: .none), family: .negativeBinomial)
        let fit = try model.fit(y, calendar: SeriesCalendar(.calendarYear, startYear: 2000))
        let f = try fit.forecast(horizon: horizon, levels: levels.map { $0 / 100 }, simulations: 20_000)
        return Forecasting.Forecast(
            method: "Negative binomial GLM, log-linear trend", mean: f.mean,
            intervals: f.intervals.map { Forecasting.PredictionInterval(level: $0.level * 100, lower: $0.lower, upper: $0.upper) })
    }
}
