// SPDX-License-Identifier: GPL-3.0-or-later
import Forecasting
import Regression
import SeriesData

extension ModelRegistry {
    /// Every model name: the Forecasting module's (``ModelRegistry/forecasting``) and the
    /// regression-based `linear-trend` and `negbin-trend`. The CLI (`forecast --model`,
    /// `backtest --models`, `reconcile`), the outcome specs' `models:` lists and the outcome
    /// engine all look names up here.
    ///
    /// The two regression entries are thin entries over Regression's forecasting conformances:
    /// - `linear-trend`: ``LinearModelForecaster`` over OLS on an intercept and a linear trend
    ///   (`lm(y ~ t)`), forecasts ŷ ± t(n−2) · σ̂ · √(1 + xᵀ(XᵀX)⁻¹x) as `predict.lm(interval =
    ///   "prediction")`. O(n) to fit.
    /// - `negbin-trend`: ``CountModelForecaster`` over a negative-binomial GLM with log-linear
    ///   trend (`MASS::glm.nb(y ~ t)`), forecast by 20,000 seeded simulated paths (Regression's
    ///   default seed) with parameter uncertainty. Counts only. O(n · IRLS iterations) to fit,
    ///   O(horizon · 20,000) to forecast.
    /// Neither has seasonal terms, so the seasonal period is ignored.
    public static let standard = ModelRegistry.forecasting.adding([
        ModelEntry(name: "linear-trend", summary: "least-squares line lm(y ~ t) with t prediction intervals",
                   family: .regression) {
            LinearModelForecaster(LinearModel(RegressionSpec(intercept: true, trend: .linear, season: .none)),
                                  method: "Linear trend (OLS)")
        },
        ModelEntry(name: "negbin-trend", summary: "negative-binomial GLM with log-linear trend, MASS::glm.nb(y ~ t); simulated intervals",
                   family: .regression, data: .counts) {
            CountModelForecaster(CountModel(RegressionSpec(intercept: true, trend: .linear, season: .none), family: .negativeBinomial),
                                 method: "Negative binomial GLM, log-linear trend", simulations: 20_000)
        },
    ])
}
