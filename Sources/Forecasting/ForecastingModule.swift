// SPDX-License-Identifier: GPL-3.0-or-later
// Forecasting module: the model families — ETS, ARIMA, STL, Theta, baselines, intermittent-demand
// methods, combinations and conformal intervals — fitted on a plain `[Double]` in time order plus a
// seasonal period `m` (12 for monthly data, 4 for quarterly, 1 for none). The reference
// implementation throughout is R's `forecast` package (Hyndman et al., version 8.20); each type
// documents where it differs.
//
// The modelling contract every family follows (spec → fitted → `Forecast`, `PredictionInterval`,
// `ForecastingError`, accuracy metrics, rolling-origin backtests) lives one floor down, in
// ForecastCore, and is re-exported here so that `import Forecasting` sees it all.
@_exported import ForecastCore

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
