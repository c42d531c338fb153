// SPDX-License-Identifier: GPL-3.0-or-later
import Testing
@testable import Forecasting

/// Mean, naive, seasonal naive and drift against R forecast 8.20 (`meanf`, `naive`, `snaive`,
/// `rwf(drift = TRUE)`), 6 classic series + 41 M3 monthly series, 80/95% intervals.
@Suite struct BaselineTests {
    static var cases: [Reference.Object] { Reference.load("baselines.json") }

    func check(_ fc: Forecast, _ ref: Reference.Object, _ label: String) {
        #expect(Reference.maxRelativeError(fc.mean, Reference.doubles(ref, "mean")) < 1e-12, "\(label) mean")
        #expect(Reference.maxRelativeError(fc.interval(80)!.lower, Reference.doubles(ref, "lower80")) < 1e-9, "\(label) lower80")
        #expect(Reference.maxRelativeError(fc.interval(80)!.upper, Reference.doubles(ref, "upper80")) < 1e-9, "\(label) upper80")
        #expect(Reference.maxRelativeError(fc.interval(95)!.lower, Reference.doubles(ref, "lower95")) < 1e-9, "\(label) lower95")
        #expect(Reference.maxRelativeError(fc.interval(95)!.upper, Reference.doubles(ref, "upper95")) < 1e-9, "\(label) upper95")
    }

    @Test func allBaselinesMatchR() throws {
        #expect(Self.cases.count == 47)
        for c in Self.cases {
            let y = Reference.doubles(c, "y")
            let m = Int(Reference.double(c, "period")), h = Int(Reference.double(c, "h"))
            let id = c["id"] as! String
            check(try MeanMethod().fit(y, period: m).forecast(horizon: h, levels: [80, 95]),
                  Reference.object(c, "meanf"), "\(id) meanf")
            check(try LagWalk.naive.fit(y, period: m).forecast(horizon: h, levels: [80, 95]),
                  Reference.object(c, "naive"), "\(id) naive")
            check(try LagWalk.seasonalNaive.fit(y, period: m).forecast(horizon: h, levels: [80, 95]),
                  Reference.object(c, "snaive"), "\(id) snaive")
            check(try LagWalk.drift.fit(y, period: m).forecast(horizon: h, levels: [80, 95]),
                  Reference.object(c, "drift"), "\(id) drift")
        }
    }

    @Test func seasonalNaiveNeedsAPeriod() {
        #expect(throws: ForecastingError.invalidPeriod(model: "Seasonal naive method", period: 1)) {
            try LagWalk.seasonalNaive.fit([1, 2, 3, 4], period: 1)
        }
        #expect(throws: ForecastingError.nonFinite(index: 2, value: .infinity)) {
            try LagWalk.naive.fit([1, 2, .infinity], period: 1)
        }
    }
}
