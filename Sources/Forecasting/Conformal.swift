// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

/// Split conformal prediction intervals around any model's point forecasts, from rolling-origin
/// errors on the training data — statsforecast's `ConformalIntervals(h, n_windows,
/// method = "conformal_distribution")` (Vovk, Gammerman & Shafer 2005; Stankeviciute, Alaa & van der
/// Schaar 2021, "Conformal time-series forecasting", NeurIPS).
///
/// For a forecast of horizon H from y_1…y_n: W = min(`windows`, ⌊(n − 1)/H⌋) windows (W ≥ 2 needed,
/// so n ≥ 2H + 1). Window w = 0…W−1 refits the base model on y_1…y_{n−(W−w)H} and forecasts the next
/// H values; its scores are the absolute errors s_{w,j} = |y − ŷ| at each horizon j. The interval at
/// level L and horizon j is the (1 − L/100)/2 and (1 + L/100)/2 quantiles (linear interpolation, as
/// numpy) of the 2W values {ŷ_j − s_{w,j}, ŷ_j + s_{w,j}}, ŷ_j the base model's forecast from all n
/// values. The point forecasts are the base model's.
///
/// With statsforecast's default W = 2 the intervals rest on two errors per horizon: they are
/// distribution-free but coarse (docs/Forecasting.md, "Combinations", compares coverage).
/// - Complexity: W + 1 fits of the base model.
public struct ConformalIntervals: ForecastModelSpec {
    public let base: any ForecastModelSpec
    /// Number of rolling-origin windows (statsforecast's `n_windows`, default 2), at least 2.
    public let windows: Int

    public init(_ base: any ForecastModelSpec, windows: Int = 2) {
        precondition(windows >= 2, "conformal intervals need at least two windows")
        self.base = base
        self.windows = windows
    }

    public func fit(_ y: [Double], period: Int) throws(ForecastingError) -> FittedConformal {
        FittedConformal(y: y, period: period, base: base, windows: windows, model: try base.fit(y, period: period))
    }
}

public struct FittedConformal: ForwardingFittedModel {
    public let y: [Double]
    public let period: Int
    let base: any ForecastModelSpec
    public let windows: Int
    /// The base model fitted to the whole series.
    public let model: any FittedForecastModel

    public var method: String { model.method + " with conformal intervals" }
    public var underlying: any FittedForecastModel { model }

    /// Absolute errors s[w][j] of the rolling-origin windows for horizon `h`.
    public func scores(horizon h: Int) throws(ForecastingError) -> [[Double]] {
        let n = y.count
        let w = min(windows, (n - 1) / h)
        guard w >= 2 else { throw .tooShort(model: "conformal intervals (horizon \(h))", needed: 2 * h + 1, got: n) }
        var out = [[Double]]()
        for i in 0..<w {
            let end = n - (w - i) * h
            let fc = try base.fit(Array(y[..<end]), period: period).forecast(horizon: h, levels: []).mean
            out.append((0..<h).map { abs(fc[$0] - y[end + $0]) })
        }
        return out
    }

    public func forecast(horizon h: Int, levels: [Double]) throws(ForecastingError) -> Forecast {
        validateForecastArguments(horizon: h, levels: levels)
        let point = try model.forecast(horizon: h, levels: []).mean
        guard !levels.isEmpty else { return Forecast(method: method, mean: point, intervals: []) }
        let intervals = Self.intervals(point: point, scores: try scores(horizon: h), levels: levels)
        return Forecast(method: method, mean: point, intervals: intervals)
    }

    /// The split conformal limits around `point` from absolute errors `scores[w][j]` (any window order).
    public static func intervals(point: [Double], scores s: [[Double]], levels: [Double]) -> [PredictionInterval] {
        levels.map { level -> PredictionInterval in
            var lower = [Double](), upper = [Double]()
            for j in point.indices {
                let values = s.map { point[j] - $0[j] } + s.map { point[j] + $0[j] }
                lower.append(linearQuantile(values, (100 - level) / 200))
                upper.append(linearQuantile(values, 1 - (100 - level) / 200))
            }
            return PredictionInterval(level: level, lower: lower, upper: upper)
        }
    }
}
