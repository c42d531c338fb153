// SPDX-License-Identifier: GPL-3.0-or-later
import Distributions
import Forecasting

/// The trend-estimation widening declared in docs/Forecasting.md ("Yearly interval coverage",
/// 2026-11-30 23:13 UTC, before it was scored): an experiment scored by `m3-eval
/// --trend-widening`, not part of `combo` or of the library.
///
/// For a series of n training values, each limit at level L and step h moves away from the point
/// forecast ŷ_h by
///
///     k(n, h, L) = t_{n−2}(q) / z(q) · √(1 + 1/n + (n + h − (n+1)/2)² / (n(n² − 1)/12)),  q = ½ + L/200,
///
/// the ratio of the least-squares linear-trend prediction interval on the time index 1…n (σ on
/// n − 2 degrees of freedom, leverage of the point n + h; Hyndman & Athanasopoulos, *Forecasting:
/// Principles and Practice*, 3rd ed., §7.6) to the same interval with the level, slope and σ known.
/// It depends on n and h only, the same on every frequency. n ≤ 2: no widening (the t quantile is
/// undefined). No reference implementation exists; the formula is checked by hand in the tests.
/// - Complexity: O(levels · h) per forecast (one t quantile per level).
public enum TrendEstimationWidening {
    /// k(n, h, L); 1 when n ≤ 2.
    public static func factor(n: Int, h: Int, level: Double) -> Double {
        guard n > 2 else { return 1 }
        let q = 0.5 + level / 200
        let nn = Double(n), x = Double(n + h) - (nn + 1) / 2
        let leverage = 1 + 1 / nn + x * x / (nn * (nn * nn - 1) / 12)
        return StudentT(degreesOfFreedom: nn - 2).quantile(q) / Normal.standard.quantile(q) * leverage.squareRoot()
    }

    /// `forecast` with every limit moved away from the point forecast by ``factor(n:h:level:)``.
    public static func widen(_ forecast: Forecast, n: Int) -> Forecast {
        let intervals = forecast.intervals.map { iv -> PredictionInterval in
            let k = (0..<forecast.horizon).map { factor(n: n, h: $0 + 1, level: iv.level) }
            return PredictionInterval(level: iv.level,
                                      lower: forecast.mean.indices.map { forecast.mean[$0] - k[$0] * (forecast.mean[$0] - iv.lower[$0]) },
                                      upper: forecast.mean.indices.map { forecast.mean[$0] + k[$0] * (iv.upper[$0] - forecast.mean[$0]) })
        }
        return Forecast(method: forecast.method + " with trend-estimation widening", mean: forecast.mean, intervals: intervals)
    }
}
