// SPDX-License-Identifier: GPL-3.0-or-later
import Testing
import _TestSupport
@testable import Forecasting

/// STL and classical decomposition against R 4.2.2 `stats::stl` / `stats::decompose` on 6 classic
/// series and 10 M3 monthly series.
@Suite struct STLTests {
    static var cases: [Reference.Object] { Reference.load("stl.json") }

    func maxError(_ d: STLDecomposition, _ ref: Reference.Object) -> Double {
        TestSupport.worse(Reference.maxScaledError(d.seasonal, Reference.doubles(ref, "seasonal")),
            Reference.maxScaledError(d.trend, Reference.doubles(ref, "trend")),
            Reference.maxScaledError(d.remainder, Reference.doubles(ref, "remainder")),
            Reference.maxScaledError(d.weights, Reference.doubles(ref, "weights")))
    }

    @Test func nonRobustSTLMatchesR() throws {
        var worst = 0.0
        for c in Self.cases {
            let y = Reference.doubles(c, "y"), m = Int(Reference.double(c, "period"))
            let id = c["id"] as! String
            let p = maxError(try STL(seasonalWindow: .periodic).decompose(y, period: m), Reference.object(c, "periodic"))
            let w = maxError(try STL(seasonalWindow: .span(7)).decompose(y, period: m), Reference.object(c, "window7"))
            #expect(p < 1e-9, "\(id) periodic: \(p)")
            let d = try STL(seasonalWindow: .span(7)).decompose(y, period: m)
            let ref = Reference.object(c, "window7")
            #expect(abs(d.strengthOfTrend - Reference.double(ref, "strengthTrend")) < 1e-9, "\(id)")
            #expect(abs(d.strengthOfSeasonality - Reference.double(ref, "strengthSeasonal")) < 1e-9, "\(id)")
            #expect(w < 1e-9, "\(id) s.window = 7: \(w)")
            worst = TestSupport.worse(worst, p, w)
        }
        print("STL non-robust: max |ours − R| / max(1, |R|) =", worst)
    }

    @Test func robustSTLMatchesR() throws {
        var worst = 0.0
        for c in Self.cases {
            let y = Reference.doubles(c, "y"), m = Int(Reference.double(c, "period"))
            let id = c["id"] as! String
            let r = maxError(try STL(seasonalWindow: .span(13), robust: true).decompose(y, period: m),
                             Reference.object(c, "window13robust"))
            let pr = maxError(try STL(seasonalWindow: .periodic, robust: true).decompose(y, period: m),
                              Reference.object(c, "periodicrobust"))
            #expect(r < 1e-9, "\(id) robust s.window = 13: \(r)")
            #expect(pr < 1e-9, "\(id) robust periodic: \(pr)")
            worst = TestSupport.worse(worst, r, pr)
        }
        print("STL robust: max |ours − R| / max(1, |R|) =", worst)
    }

    @Test func classicalDecompositionMatchesR() throws {
        for c in Self.cases {
            let y = Reference.doubles(c, "y"), m = Int(Reference.double(c, "period"))
            let id = c["id"] as! String
            let a = try ClassicalDecomposition(y, period: m, kind: .additive)
            let ra = Reference.object(c, "decompAdditive")
            #expect(Reference.maxScaledError(a.trend, Reference.doubles(ra, "trend")) < 1e-10, "\(id)")
            #expect(Reference.maxScaledError(a.figure, Reference.doubles(ra, "figure")) < 1e-10, "\(id)")
            let mu = try ClassicalDecomposition(y, period: m, kind: .multiplicative)
            let rm = Reference.object(c, "decompMultiplicative")
            #expect(Reference.maxScaledError(mu.trend, Reference.doubles(rm, "trend")) < 1e-10, "\(id)")
            #expect(Reference.maxScaledError(mu.figure, Reference.doubles(rm, "figure")) < 1e-10, "\(id)")
            // NaN at the ends exactly where R has NA.
            #expect(zip(a.trend, Reference.doubles(ra, "trend")).allSatisfy { $0.isNaN == $1.isNaN }, "\(id)")
        }
    }

    @Test func rejectsShortOrNonSeasonalInput() {
        #expect(throws: ForecastingError.tooShort(model: "STL", needed: 9, got: 8)) {
            try STL(seasonalWindow: .periodic).decompose([1, 2, 3, 4, 5, 6, 7, 8], period: 4)
        }
        #expect(throws: ForecastingError.invalidPeriod(model: "STL", period: 1)) {
            try STL(seasonalWindow: .periodic).decompose([1, 2, 3, 4, 5, 6, 7, 8], period: 1)
        }
    }
}

/// STL + ETS against R forecast 8.20 `stlf(y, h)` (defaults) on 6 classic + 10 M3 series.
@Suite struct STLForecastTests {
    @Test func stlfMatchesR() throws {
        let all = Reference.load("stlf.json")
        var worst = 0.0, sameModel = 0
        let cases = ETSTests.selected(all.count).filter { $0 < all.count }.map { all[$0] }
        for c in cases {
            let y = Reference.doubles(c, "y")
            let m = Int(Reference.double(c, "period")), h = Int(Reference.double(c, "h"))
            let fit = try STLForecast().fit(y, period: m)
            let fc = try fit.forecast(horizon: h, levels: [80, 95])
            let rMethod = c["method"] as! String  // e.g. "STL +  ETS(M,A,N)"
            if rMethod.hasSuffix(fit.model.method) { sameModel += 1 } else { continue }
            for (ours, key) in [(fc.mean, "mean"), (fc.interval(95)!.lower, "lower95"), (fc.interval(80)!.upper, "upper80")] {
                let err = Reference.maxRelativeError(ours, Reference.doubles(c, key))
                worst = TestSupport.worse(worst, err)
                #expect(err < 5e-3, "\(c["id"]!) \(key): \(err)")
            }
        }
        print("stlf: same ETS model as R on \(sameModel)/\(cases.count); worst relative error \(worst)")
        #expect(sameModel == cases.count)
    }
}
