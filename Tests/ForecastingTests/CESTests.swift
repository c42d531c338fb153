// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
import _TestSupport
@testable import Forecasting

/// Complex exponential smoothing (``CES``) against statsforecast 2.1.1's `auto_ces` on the 9 M3
/// series of the Theta references. Reference: notebooks-data/references/forecasting/ces_reference.py
/// (its CSV output is committed; Python is not needed here).
@Suite struct CESTests {
    /// (series, model, output) → values in t order.
    static let reference: [String: [Double]] = {
        var out = [String: [Double]]()
        for r in IntermittentTests.rows("ces_reference.csv") {
            out["\(r[0])|\(r[1])|\(r[2])", default: []].append(IntermittentTests.number(r[4]))
        }
        return out
    }()

    static func ref(_ id: String, _ model: String, _ output: String) -> [Double] {
        guard let v = reference["\(id)|\(model)|\(output)"] else { preconditionFailure("no reference \(id) \(model) \(output)") }
        return v
    }

    /// Each series' kinds: the four fixed kinds and the automatic choice on monthly series, N and the
    /// automatic choice (which can only be N) on yearly ones.
    static func models(period: Int) -> [(name: String, spec: CES)] {
        (period == 12 ? CES.Kind.allCases.map { ($0.rawValue, CES($0)) } : [("N", CES(.none))]) + [("Z", CES())]
    }

    @Test func referenceCoversNineSeries() {
        #expect(OptimizedThetaTests.series.count == 9)
        #expect(Self.reference.count == 5 * 5 * 13 + 4 * 2 * 13)
    }

    /// Kind, parameters, criterion, AICc, σ² and point forecasts as statsforecast. Both run the same
    /// recursion and the same Nelder–Mead path, so differences are rounding.
    @Test func parametersAndPointForecasts() throws {
        for s in OptimizedThetaTests.series {
            let h = s.period == 12 ? 18 : 6
            for (model, spec) in Self.models(period: s.period) {
                let fit = try spec.fit(s.y, period: s.period)
                let what = "\(s.id) \(model)"
                #expect(Double(CES.Kind.allCases.firstIndex(of: fit.kind)!) == Self.ref(s.id, model, "seasontype")[0], "\(what) kind")
                expectClose(fit.parameters.alpha0, Self.ref(s.id, model, "alpha_0")[0], rtol: 1e-6, what + " alpha0")
                expectClose(fit.parameters.alpha1, Self.ref(s.id, model, "alpha_1")[0], rtol: 1e-6, what + " alpha1")
                for (value, name) in [(fit.parameters.beta0, "beta_0"), (fit.parameters.beta1, "beta_1")] {
                    let r = Self.ref(s.id, model, name)[0]
                    if r.isNaN { #expect(value.isNaN, "\(what) \(name)") } else { expectClose(value, r, rtol: 1e-6, what + " " + name) }
                }
                expectClose(fit.criterion, Self.ref(s.id, model, "lik")[0], rtol: 1e-8, what + " criterion")
                expectClose(fit.aicc!, Self.ref(s.id, model, "aicc")[0], rtol: 1e-8, what + " AICc")
                expectClose(fit.sigma2, Self.ref(s.id, model, "sigma2")[0], rtol: 1e-6, what + " sigma2")
                let fc = try fit.forecast(horizon: h, levels: [])
                expectClose(fc.mean, Self.ref(s.id, model, "mean"), rtol: 1e-6, what + " mean")
            }
        }
    }

    /// statsforecast simulates 5,000 paths; ours are the exact normal limits those paths tend to.
    /// The distance of each limit from the point forecast, averaged over the horizon, within 5% of
    /// statsforecast's.
    @Test func limitsAgreeToSimulationError() throws {
        var worst = 0.0
        for s in OptimizedThetaTests.series {
            let h = s.period == 12 ? 18 : 6
            let fc = try CES().fit(s.y, period: s.period).forecast(horizon: h, levels: [80, 95])
            let mean = Self.ref(s.id, "Z", "mean")
            func average(_ v: [Double]) -> Double { v.reduce(0, +) / Double(v.count) }
            for (level, lo, hi) in [(80.0, "lo80", "hi80"), (95.0, "lo95", "hi95")] {
                let iv = try #require(fc.interval(level))
                let ours = [average(zip(mean, iv.lower).map { $0 - $1 }), average(zip(iv.upper, mean).map { $0 - $1 })]
                let theirs = [average(zip(mean, Self.ref(s.id, "Z", lo)).map { $0 - $1 }),
                              average(zip(Self.ref(s.id, "Z", hi), mean).map { $0 - $1 })]
                for (a, b) in zip(ours, theirs) {
                    expectClose(a, b, rtol: 0.05, "\(s.id) \(level)%")
                    worst = max(worst, abs(a / b - 1))
                }
            }
        }
        print("CES limits: largest relative difference from statsforecast's simulation \(worst)")
    }

    @Test func namesAndCombinationMember() throws {
        let y = OptimizedThetaTests.series[1].y
        let auto = try ForecastMethodName.spec("ces", period: 12).fit(y, period: 12)
        #expect(auto.method == "CES(P)")
        let fixed = try ForecastMethodName.spec("CES:f", period: 12).fit(y, period: 12)
        #expect(fixed.method == "CES(F)")
        let combo = try ForecastMethodName.spec("combo:ets+ces+dotm", period: 12).fit(y, period: 12)
        #expect(combo.method.contains("CES(P)"), "\(combo.method)")
        #expect(throws: ForecastingError.self) { try ForecastMethodName.spec("ces:x", period: 12) }
        #expect(throws: ForecastingError.tooShort(model: "CES", needed: 3, got: 2)) { try CES().fit([1, 2], period: 1) }
        // n − k − 1 = 0: AICc infinite for the only kind, as statsforecast ("no model able to be fitted").
        #expect(throws: ForecastingError.self) { try CES().fit([1, 2, 4, 3], period: 1) }
    }
}
