// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
import _TestSupport
@testable import Forecasting

/// STM, OTM, DSTM, DOTM and AutoTheta (``OptimizedTheta``) and split conformal intervals
/// (``ConformalIntervals``) against statsforecast 2.1.1 on 9 M3 series. Reference:
/// notebooks-data/references/forecasting/theta_family_reference.py (its CSV outputs are
/// committed; Python is not needed here).
@Suite struct OptimizedThetaTests {
    static let series: [(id: String, period: Int, y: [Double])] = {
        var order = [String](), values = [String: [Double]](), periods = [String: Int]()
        for r in IntermittentTests.rows("theta_family_series.csv") {
            if values[r[0]] == nil { order.append(r[0]) }
            periods[r[0]] = Int(r[1])!
            values[r[0], default: []].append(IntermittentTests.number(r[3]))
        }
        return order.map { ($0, periods[$0]!, values[$0]!) }
    }()

    /// (series, model, output) → values in t order.
    static let reference: [String: [Double]] = {
        var out = [String: [Double]]()
        for r in IntermittentTests.rows("theta_family_reference.csv") {
            out["\(r[0])|\(r[1])|\(r[2])", default: []].append(IntermittentTests.number(r[4]))
        }
        return out
    }()

    static func ref(_ id: String, _ model: String, _ output: String) -> [Double] {
        guard let v = reference["\(id)|\(model)|\(output)"] else { preconditionFailure("no reference \(id) \(model) \(output)") }
        return v
    }

    static let specs: [(name: String, spec: OptimizedTheta)] = [
        ("STM", OptimizedTheta(.standard)), ("OTM", OptimizedTheta(.optimized)),
        ("DSTM", OptimizedTheta(.dynamicStandard)), ("DOTM", OptimizedTheta(.dynamicOptimized)),
        ("AutoTheta", OptimizedTheta.auto),
    ]

    @Test func referenceCoversNineSeriesAndFiveModels() {
        #expect(Self.series.count == 9)
        #expect(Self.reference.count == 9 * 5 * 11 + 2 * 2 * 2 * 5)
    }

    /// Parameters, criterion, selected variant and decomposition as statsforecast; point forecasts
    /// to 1e-6 relative. Both run the same Nelder–Mead path, so differences are rounding.
    @Test(arguments: specs.map(\.name))
    func parametersAndPointForecasts(_ model: String) throws {
        let spec = Self.specs.first { $0.name == model }!.spec
        for s in Self.series {
            let fit = try spec.fit(s.y, period: s.period)
            let h = s.period == 12 ? 18 : 6
            let fc = try fit.forecast(horizon: h, levels: [])
            let what = "\(s.id) \(model)"
            #expect(Double(OptimizedTheta.Variant.allCases.firstIndex(of: fit.variant)!) == Self.ref(s.id, model, "modeltype")[0], "\(what) variant")
            let dec = fit.decomposition.map { $0.kind == .multiplicative ? 1.0 : 2.0 } ?? 0
            #expect(dec == Self.ref(s.id, model, "decomposed")[0], "\(what) decomposition")
            expectClose(fit.alpha, Self.ref(s.id, model, "alpha")[0], rtol: 1e-6, atol: 1e-9, what + " alpha")
            expectClose(fit.theta, Self.ref(s.id, model, "theta")[0], rtol: 1e-6, what + " theta")
            expectClose(fit.initialLevel, Self.ref(s.id, model, "initial_smoothed")[0], rtol: 1e-6, atol: 1e-6, what + " l0")
            expectClose(fit.criterion, Self.ref(s.id, model, "mse")[0], rtol: 1e-8, what + " criterion")
            expectClose(fc.mean, Self.ref(s.id, model, "mean"), rtol: 1e-6, what + " mean")
        }
    }

    /// Limits are simulated on both sides (statsforecast: 200 numpy paths, so a single 95% limit
    /// rests on ~5 draws; ours: 1000 seeded paths): the distance of each limit from the point
    /// forecast, averaged over the horizon, within 15% of statsforecast's (largest seen: 11%, Y601 hi95).
    @Test func simulatedLimitsAgreeToSimulationError() throws {
        for s in Self.series {
            let fit = try OptimizedTheta.auto.fit(s.y, period: s.period)
            let h = s.period == 12 ? 18 : 6
            let fc = try fit.forecast(horizon: h, levels: [80, 95])
            let mean = Self.ref(s.id, "AutoTheta", "mean")
            func average(_ v: [Double]) -> Double { v.reduce(0, +) / Double(v.count) }
            for (level, lo, hi) in [(80.0, "lo80", "hi80"), (95.0, "lo95", "hi95")] {
                let iv = fc.interval(level)!
                let refLo = Self.ref(s.id, "AutoTheta", lo), refHi = Self.ref(s.id, "AutoTheta", hi)
                expectClose(average(zip(mean, iv.lower).map { $0 - $1 }), average(zip(mean, refLo).map { $0 - $1 }), rtol: 0.15, "\(s.id) \(lo)")
                expectClose(average(zip(iv.upper, mean).map { $0 - $1 }), average(zip(refHi, mean).map { $0 - $1 }), rtol: 0.15, "\(s.id) \(hi)")
            }
        }
    }

    /// Split conformal intervals (statsforecast `ConformalIntervals(h = 6, n_windows = W)`,
    /// "conformal_distribution") around Naive and DOTM: exact arithmetic on the same errors.
    @Test(arguments: [2, 3])
    func conformalIntervalsMatchStatsforecast(_ windows: Int) throws {
        for s in Self.series where s.id == "M401" || s.id == "Y201" {
            for (label, base) in [("ConformalNaive", LagWalk.naive as any ForecastModelSpec),
                                  ("ConformalDOTM", OptimizedTheta(.dynamicOptimized))] {
                let fc = try ConformalIntervals(base, windows: windows).fit(s.y, period: s.period)
                    .forecast(horizon: 6, levels: [80, 95])
                let key = "\(label)W\(windows)"
                expectClose(fc.mean, Self.ref(s.id, key, "mean"), rtol: 1e-6, "\(s.id) \(key) mean")
                expectClose(fc.interval(80)!.lower, Self.ref(s.id, key, "lo80"), rtol: 1e-6, "\(s.id) \(key) lo80")
                expectClose(fc.interval(80)!.upper, Self.ref(s.id, key, "hi80"), rtol: 1e-6, "\(s.id) \(key) hi80")
                expectClose(fc.interval(95)!.lower, Self.ref(s.id, key, "lo95"), rtol: 1e-6, "\(s.id) \(key) lo95")
                expectClose(fc.interval(95)!.upper, Self.ref(s.id, key, "hi95"), rtol: 1e-6, "\(s.id) \(key) hi95")
            }
        }
    }

    @Test func conformalNeedsTwoWindows() throws {
        let fit = try ConformalIntervals(LagWalk.naive).fit([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], period: 1)
        #expect(throws: ForecastingError.tooShort(model: "conformal intervals (horizon 5)", needed: 11, got: 10)) {
            try fit.forecast(horizon: 5, levels: [80])
        }
    }

    /// The simulated limits of the first steps do not depend on the horizon asked for.
    @Test func limitsDoNotDependOnTheHorizon() throws {
        let s = Self.series.first { $0.id == "M801" }!
        let fit = try OptimizedTheta(.dynamicOptimized).fit(s.y, period: s.period)
        let short = try fit.forecast(horizon: 2, levels: [95]).interval(95)!, long = try fit.forecast(horizon: 12, levels: [95]).interval(95)!
        expectClose(short.lower, Array(long.lower.prefix(2)), rtol: 1e-14)
        expectClose(short.upper, Array(long.upper.prefix(2)), rtol: 1e-14)
    }

    @Test func tinySeriesIsAnError() {
        #expect(throws: ForecastingError.tooShort(model: "DOTM", needed: 4, got: 3)) {
            try OptimizedTheta(.dynamicOptimized).fit([1, 2, 3], period: 1)
        }
    }
}
