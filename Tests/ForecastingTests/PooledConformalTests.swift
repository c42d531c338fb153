// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
import _TestSupport
import Distributions
@testable import Forecasting

/// ``PooledConformal``: scores, the pooled conformal quantile and the stretched limits, by hand.
@Suite struct PooledConformalTests {
    @Test func normalisedScores() throws {
        // Below the point: miss 2 over lower half-width 4; above: miss 3 over upper half-width 2.
        expectClose(try #require(PooledConformal.score(actual: 8, point: 10, lower: 6, upper: 12)), 0.5, rtol: 1e-15)
        expectClose(try #require(PooledConformal.score(actual: 13, point: 10, lower: 6, upper: 12)), 1.5, rtol: 1e-15)
        #expect(PooledConformal.score(actual: 10, point: 10, lower: 10, upper: 10) == 0)
        #expect(PooledConformal.score(actual: 11, point: 10, lower: 10, upper: 10) == .infinity)
        #expect(PooledConformal.score(actual: 11, point: 10, lower: .nan, upper: 12) == nil)
    }

    /// Naive on 1…7 with H = 2: origins 5 (forecast 5, 5 against 6, 7) and 3 (3, 3 against 4, 5),
    /// latest first.
    @Test func windowsAreTheConformalOrigins() {
        let w = PooledConformal.windows(of: LagWalk.naive, [1, 2, 3, 4, 5, 6, 7], period: 1, horizon: 2, levels: [80], windows: 5)
        #expect(w.forecasts.count == 3 && w.failed == 0)
        #expect(w.forecasts.map(\.forecast.mean) == [[5, 5], [3, 3], [1, 1]])
        #expect(w.forecasts.map(\.actual) == [[6, 7], [4, 5], [2, 3]])
    }

    /// Nine series, one window each, point 10 and 80% limits 0…20 at one step: actual 10 + k gives
    /// score k/10, k = 1…9. N = 9, rank ⌈10 · 0.8⌉ = 8, so c = 0.8 and a forecast 100 with limits
    /// 90…120 becomes 92…116; with windowsUsed 0 there is nothing to pool.
    @Test func poolAndStretch() throws {
        let panel = (1...9).map { k -> PooledConformal.Windows in
            var w = PooledConformal.Windows()
            w.forecasts = [(Forecast(method: "x", mean: [10], intervals: [PredictionInterval(level: 80, lower: [0], upper: [20])]),
                            [10 + Double(k)])]
            return w
        }
        let c = try PooledConformal(pooling: panel, levels: [80], horizon: 1)
        #expect(c.counts == [[9]])
        expectClose(c.factors[0][0], 0.8, rtol: 1e-15)
        let out = c.calibrate(Forecast(method: "m", mean: [100], intervals: [PredictionInterval(level: 80, lower: [90], upper: [120])]))
        expectClose(out.intervals[0].lower[0], 92, rtol: 1e-15)
        expectClose(out.intervals[0].upper[0], 116, rtol: 1e-15)
        #expect(out.method == "m with pooled conformal intervals" && out.mean == [100])
        #expect(throws: ForecastingError.self) { try PooledConformal(pooling: panel, levels: [80], horizon: 1, windowsUsed: 0) }
    }

    /// The panel call is fit + windows + pool + calibrate. Generated data (labelled): three random
    /// walks from a fixed-seed generator; drift's intervals stretched by the pooled factors.
    @Test func panelCallComposesTheSteps() throws {
        var g = Xoshiro256StarStar(seed: 13)
        let normal = Normal(mean: 0, standardDeviation: 1)
        let panel = (0..<3).map { _ in (0..<30).reduce(into: [Double]()) { y, _ in y.append((y.last ?? 50) + normal.sample(using: &g)) } }
        let out = try PooledConformal.forecast(LagWalk.drift, panel: panel, period: 1, horizon: 3, levels: [80, 95])
        let pool = panel.map { PooledConformal.windows(of: LagWalk.drift, $0, period: 1, horizon: 3, levels: [80, 95], windows: 2) }
        let c = try PooledConformal(pooling: pool, levels: [80, 95], horizon: 3)
        #expect(c.counts == [[6, 6, 6], [6, 6, 6]])
        for (y, r) in zip(panel, out) {
            let want = c.calibrate(try LagWalk.drift.fit(y, period: 1).forecast(horizon: 3, levels: [80, 95]))
            #expect(try r.get() == want)
        }
    }
}
