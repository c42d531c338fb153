// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
import _TestSupport
@testable import Forecasting

/// thetaf() on series of 3–6 values, where R's ets() falls back to HoltWintersZZ (SES by SSE):
/// reference from notebooks-data/references/forecasting/make_short_theta.R on real series.
struct ShortThetaTests {
    struct Case: Decodable { let series: String; let y: [Double]; let mean: [Double]; let lower80: [Double]; let upper80: [Double] }

    @Test func matchesRThetafOnShortSeries() throws {
        let data = try Data(contentsOf: TestSupport.dataURL("references/forecasting/short_theta.json"))
        let cases = try JSONDecoder().decode([Case].self, from: data)
        #expect(cases.count == 8)
        var worstMean = 0.0, worstInterval = 0.0
        for c in cases {
            let f = try Theta().fit(c.y, period: 1).forecast(horizon: 3, levels: [80])
            let iv = try #require(f.interval(80))
            for h in 0..<3 {
                worstMean = TestSupport.worse(worstMean, TestSupport.relativeError(f.mean[h], c.mean[h]))
                worstInterval = TestSupport.worse(worstInterval, TestSupport.relativeError(iv.lower[h], c.lower80[h]),
                                    TestSupport.relativeError(iv.upper[h], c.upper80[h]))
            }
        }
        print(String(format: "short-series thetaf: worst relative error mean %.2e, 80%% limits %.2e", worstMean, worstInterval))
        // α: R L-BFGS-B (factr 1e7) vs a 1e-12 golden search; here the optima sit on a bound or are
        // flat enough that both agree to ~1e-13 (interior optima could differ by ~1e-6).
        #expect(worstMean < 1e-9)
        #expect(worstInterval < 1e-9)
    }
}

/// Mostly-zero monthly counts (the generated LSOA panels: 1.2% of series) made the multiplicative
/// decomposition's indices 0/0 = NaN, which reached SES as "value -nan at observation 1". Theta now
/// falls back to the non-seasonal method, as R's thetaf does for (near-)zero indices.
@Test("Theta on mostly-zero monthly counts falls back to non-seasonal instead of failing")
func thetaMostlyZeroCounts() throws {
    let y: [Double] = Array(repeating: 0, count: 25) + [3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
    let fit = try Theta().fit(y, period: 12)
    let fc = try fit.forecast(horizon: 12, levels: [80, 95])
    #expect(fc.mean.allSatisfy(\.isFinite) && fc.intervals.allSatisfy { $0.lower.allSatisfy(\.isFinite) && $0.upper.allSatisfy(\.isFinite) })
    if !fit.isSeasonal {
        // Non-seasonal fallback: the same forecasts as Theta without a season.
        let plain = try Theta().fit(y, period: 1).forecast(horizon: 12, levels: [80, 95])
        expectClose(fc.mean, plain.mean, rtol: 1e-12, atol: 1e-12)
    }
}
