// SPDX-License-Identifier: GPL-3.0-or-later
import Distributions

/// The trend-estimation widening of the combination's mixture intervals: the default part of
/// ``Combination/IntervalMethod/widenedMixture`` (`combo`, `combo:…`; `:nowiden` turns it off).
///
/// For a series of n training values, each limit at level L and step h moves away from the point
/// forecast ŷ_h by
///
///     k(n, h, L) = t_{n−2}(q) / z(q) · √(1 + 1/n + (n + h − (n+1)/2)² / (n(n² − 1)/12)),  q = ½ + L/200,
///
/// lower' = ŷ_h − k·(ŷ_h − lower), upper' = ŷ_h + k·(upper − ŷ_h): the ratio of the classical
/// prediction interval of a linear trend fitted by least squares to the time index 1…n (σ
/// estimated on n − 2 degrees of freedom, t quantile instead of normal, and the leverage of the
/// point n + h, whose distance from the mean index (n+1)/2 is measured against
/// Σ(t − t̄)² = n(n² − 1)/12; Hyndman & Athanasopoulos, *Forecasting: Principles and Practice*,
/// 3rd ed., §7.6) to the same interval with the level, slope and σ known. It stands in for the
/// parameter-estimation error that every member's analytic interval ignores (Chatfield 1993,
/// "Calculating interval forecasts", JBES 11(2) 121–135, DOI 10.1080/07350015.1993.10509940),
/// which grows as h/n grows. It depends on n, h and L only — no constant is fitted, the same on
/// every frequency; k > 1 always, and k → 1 as n → ∞ with h fixed. n ≤ 2: no widening (t_{n−2}
/// is undefined). The rule was declared before it was scored (docs/Forecasting.md, "Yearly
/// interval coverage", 2026-11-30 23:13 UTC) and made the default afterwards ("Widening as the
/// default"); on M3 yearly it moves the mixture's coverage from 70.8/87.6% to 78.6/92.4%.
///
/// Differences from R and statsforecast: neither has such an adjustment. R's `forecast` package
/// and statsforecast give each model's own analytic or simulated intervals (parameters treated as
/// known), and statsforecast's ensembles have no intervals at all; with `:nowiden` SaferCity's
/// combination gives the plain mixture of those member intervals.
/// - Complexity: O(levels · h) per forecast (one t and one normal quantile per level and step).
public enum TrendEstimationWidening {
    /// k(n, h, L) for n training values, step h ≥ 1 and level L in (0, 100); 1 when n ≤ 2.
    public static func factor(n: Int, h: Int, level: Double) -> Double {
        guard n > 2 else { return 1 }
        let q = 0.5 + level / 200
        let nn = Double(n), x = Double(n + h) - (nn + 1) / 2
        let leverage = 1 + 1 / nn + x * x / (nn * (nn * nn - 1) / 12)
        return StudentT(degreesOfFreedom: nn - 2).quantile(q) / Normal.standard.quantile(q) * leverage.squareRoot()
    }

    /// `forecast` (from a series of `n` training values) with every limit moved away from the
    /// point forecast by ``factor(n:h:level:)``. Point forecasts and the method label are kept (as
    /// with the other interval methods, the label names the model, not how its intervals were made).
    public static func widen(_ forecast: Forecast, n: Int) -> Forecast {
        let intervals = forecast.intervals.map { iv -> PredictionInterval in
            let k = (0..<forecast.horizon).map { factor(n: n, h: $0 + 1, level: iv.level) }
            return PredictionInterval(level: iv.level,
                                      lower: forecast.mean.indices.map { forecast.mean[$0] - k[$0] * (forecast.mean[$0] - iv.lower[$0]) },
                                      upper: forecast.mean.indices.map { forecast.mean[$0] + k[$0] * (iv.upper[$0] - forecast.mean[$0]) })
        }
        return Forecast(method: forecast.method, mean: forecast.mean, intervals: intervals)
    }
}
