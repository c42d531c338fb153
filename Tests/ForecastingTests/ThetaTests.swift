// SPDX-License-Identifier: GPL-3.0-or-later
import Testing
import _TestSupport
@testable import Forecasting

/// Theta against R forecast 8.20 `thetaf` (6 classic + 41 M3 monthly series).
@Suite struct ThetaTests {
    @Test func thetaMatchesR() throws {
        let all = Reference.load("theta.json")
        #expect(all.count == 47)
        var worst = 0.0
        for c in all {
            let y = Reference.doubles(c, "y")
            let m = Int(Reference.double(c, "period")), h = Int(Reference.double(c, "h"))
            let fit = try Theta().fit(y, period: m)
            let fc = try fit.forecast(horizon: h, levels: [80, 95])
            let id = c["id"] as! String
            #expect(abs(fit.drift - Reference.double(c, "drift")) <= 1e-9 * max(1, abs(fit.drift)), "\(id)")
            #expect(TestSupport.relativeError(fit.alpha, Reference.double(c, "alpha")) < 1e-3, "\(id) alpha")
            for (ours, key) in [(fc.mean, "mean"), (fc.interval(80)!.lower, "lower80"), (fc.interval(95)!.upper, "upper95")] {
                let err = Reference.maxRelativeError(ours, Reference.doubles(c, key))
                worst = TestSupport.worse(worst, err)
                #expect(err < 1e-3, "\(id) \(key): \(err)")
            }
        }
        print("Theta: worst relative error vs R (mean, 80% lower, 95% upper):", worst)
    }
}
