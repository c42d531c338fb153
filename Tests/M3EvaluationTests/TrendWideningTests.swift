// SPDX-License-Identifier: GPL-3.0-or-later
import Testing
import _TestSupport
import Forecasting
import M3Evaluation

/// ``TrendEstimationWidening`` against the formula evaluated by hand with printed table values
/// (Student t and normal quantiles to 3–4 decimals, so the tolerance is 1e-3 relative).
@Suite struct TrendWideningTests {
    /// n = 19, h = 6, 80%: t₁₇(0.90) = 1.333, z(0.90) = 1.2816; leverage 1 + 1/19 + (25 − 10)²/570 =
    /// 1.447368 → k = 1.333/1.2816 · √1.447368 = 1.2513. n = 14, h = 1, 95%: t₁₂(0.975) = 2.179,
    /// z = 1.960; leverage 1 + 1/14 + 7.5²/227.5 = 1.318681 → k = 2.179/1.960 · 1.148338 = 1.2766.
    @Test func factorMatchesTheLinearTrendInterval() {
        expectClose(TrendEstimationWidening.factor(n: 19, h: 6, level: 80), 1.333 / 1.2816 * 1.447368.squareRoot(), rtol: 1e-3)
        expectClose(TrendEstimationWidening.factor(n: 14, h: 1, level: 95), 2.179 / 1.960 * 1.318681.squareRoot(), rtol: 1e-3)
        #expect(TrendEstimationWidening.factor(n: 2, h: 1, level: 95) == 1)
        // Long series, short horizon: close to 1 (monthly n = 115, h = 1 at 80%: t₁₁₃(0.90) = 1.2891,
        // leverage 1 + 1/115 + 58²/126730 = 1.035240, k ≈ 1.023).
        expectClose(TrendEstimationWidening.factor(n: 115, h: 1, level: 80), 1.2891 / 1.2816 * 1.035240.squareRoot(), rtol: 1e-3)
    }

    /// Each limit moves away from the point forecast by the factor of its step and level.
    @Test func widenMovesLimitsAwayFromThePoint() {
        let fc = Forecast(method: "m", mean: [10, 20], intervals: [PredictionInterval(level: 80, lower: [8, 15], upper: [13, 22])])
        let w = TrendEstimationWidening.widen(fc, n: 19)
        let k1 = TrendEstimationWidening.factor(n: 19, h: 1, level: 80), k2 = TrendEstimationWidening.factor(n: 19, h: 2, level: 80)
        expectClose(w.interval(80)!.lower, [10 - 2 * k1, 20 - 5 * k2], rtol: 1e-15)
        expectClose(w.interval(80)!.upper, [10 + 3 * k1, 20 + 2 * k2], rtol: 1e-15)
        expectClose(w.mean, fc.mean, rtol: 0)
        #expect(k1 > 1 && k2 > k1)
    }
}
