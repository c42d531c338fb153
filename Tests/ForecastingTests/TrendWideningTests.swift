// SPDX-License-Identifier: GPL-3.0-or-later
import Testing
import _TestSupport
@testable import Forecasting

/// ``TrendEstimationWidening``: k(n, h, L) against the formula evaluated by hand with printed table
/// values, and against trend_widening_reference.py (scipy quantiles, leverage from the design
/// matrix by numpy), and the stretch of each limit about the point forecast.
@Suite struct TrendWideningTests {
    /// Hand-checked with printed tables (Student t and normal quantiles to 3–4 decimals, so the
    /// tolerance is 1e-3 relative). n = 19, h = 6, 80%: t₁₇(0.90) = 1.333, z(0.90) = 1.2816;
    /// leverage 1 + 1/19 + (25 − 10)²/570 = 1.447368 → k = 1.333/1.2816 · √1.447368 = 1.2513.
    /// n = 14, h = 1, 95%: t₁₂(0.975) = 2.179, z = 1.960; leverage 1 + 1/14 + 7.5²/227.5 = 1.318681
    /// → k = 2.179/1.960 · 1.148338 = 1.2766.
    @Test func factorMatchesTheLinearTrendIntervalByHand() {
        expectClose(TrendEstimationWidening.factor(n: 19, h: 6, level: 80), 1.333 / 1.2816 * 1.447368.squareRoot(), rtol: 1e-3)
        expectClose(TrendEstimationWidening.factor(n: 14, h: 1, level: 95), 2.179 / 1.960 * 1.318681.squareRoot(), rtol: 1e-3)
        #expect(TrendEstimationWidening.factor(n: 2, h: 1, level: 95) == 1)
        #expect(TrendEstimationWidening.factor(n: 1, h: 3, level: 80) == 1)
        // Long series, short horizon: close to 1 (monthly n = 115, h = 1 at 80%: t₁₁₃(0.90) = 1.2891,
        // leverage 1 + 1/115 + 58²/126730 = 1.035240, k ≈ 1.023).
        expectClose(TrendEstimationWidening.factor(n: 115, h: 1, level: 80), 1.2891 / 1.2816 * 1.035240.squareRoot(), rtol: 1e-3)
    }

    /// Every row of trend_widening_reference.csv (n = 3…115, h = 1…18, 80 and 95%). Tolerance 1e-10
    /// relative: both sides' t and normal quantiles are accurate to about 1e-12 relative (the
    /// Distributions module's target in the body, ReferenceAccuracyTests), and the closed-form
    /// leverage against numpy's solve differs by rounding only.
    @Test func factorMatchesScipy() {
        let rows = IntermittentTests.rows("trend_widening_reference.csv").filter { $0[0] != "n" }
        #expect(rows.count == 48)
        for r in rows {
            let n = Int(r[0])!, h = Int(r[1])!, level = IntermittentTests.number(r[2])
            expectClose(TrendEstimationWidening.factor(n: n, h: h, level: level), IntermittentTests.number(r[3]), rtol: 1e-10,
                        "n=\(n) h=\(h) L=\(level)")
        }
    }

    /// Each limit moves away from the point forecast by the factor of its step and level; points
    /// and label are kept.
    @Test func widenMovesLimitsAwayFromThePoint() {
        let fc = Forecast(method: "m", mean: [10, 20], intervals: [PredictionInterval(level: 80, lower: [8, 15], upper: [13, 22])])
        let w = TrendEstimationWidening.widen(fc, n: 19)
        let k1 = TrendEstimationWidening.factor(n: 19, h: 1, level: 80), k2 = TrendEstimationWidening.factor(n: 19, h: 2, level: 80)
        expectClose(w.interval(80)!.lower, [10 - 2 * k1, 20 - 5 * k2], rtol: 1e-15)
        expectClose(w.interval(80)!.upper, [10 + 3 * k1, 20 + 2 * k2], rtol: 1e-15)
        expectClose(w.mean, fc.mean, rtol: 0)
        #expect(w.method == "m")
        #expect(k1 > 1 && k2 > k1)
    }
}
