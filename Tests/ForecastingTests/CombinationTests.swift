// SPDX-License-Identifier: GPL-3.0-or-later
import Distributions
import Foundation
import Testing
import _TestSupport
@testable import Forecasting

/// ``Combination``: the `combo` grammar, the point rules and both interval methods, on real M3
/// series (theta_family_series.csv). The combined numbers are checked against the members
/// fitted on their own.
@Suite struct CombinationTests {
    static var m401: [Double] { OptimizedThetaTests.series.first { $0.id == "M401" }!.y }
    static var y201: [Double] { OptimizedThetaTests.series.first { $0.id == "Y201" }!.y }

    @Test func grammarKeepsColonsAndCommasInsideMembers() throws {
        let c = try #require(try ForecastMethodName.spec("combo:ets:AAN:damped+arima:1,1,1+theta:median", period: 12) as? Combination)
        #expect(c.members.map(\.name) == ["ets:AAN:damped", "arima:1,1,1", "theta"])
        #expect(c.rule == .median)
        let d = try #require(try ForecastMethodName.spec("combo:theta+mean", period: 1) as? Combination)
        #expect(d.members.map(\.name) == ["theta", "mean"] && d.rule == .mean)
        let e = try #require(try ForecastMethodName.spec("combo:theta+mean:weighted", period: 1) as? Combination)
        #expect(e.members.map(\.name) == ["theta", "mean"] && e.rule == .weighted)
        let f = try #require(try ForecastMethodName.spec("COMBO", period: 1) as? Combination)
        #expect(f.members.map(\.name) == Combination.defaultMemberNames && f.rule == .mean)
    }

    @Test(arguments: ["combo:", "combo:theta++naive", "combo:theta+combo", "combo:theta+theta", "combo:theta+nosuch",
                      "combo:ets:QQQ+theta"])
    func badCombinationsAreErrors(_ name: String) {
        #expect(throws: ForecastingError.self) { try ForecastMethodName.spec(name, period: 12) }
    }

    @Test func modelListsSplitOnlyBetweenNames() {
        #expect(ForecastMethodName.splitList("auto, arima:1,1,1,combo:arima:0,1,1+theta:median,tsb:0.1,0.2,naive")
                == ["auto", "arima:1,1,1", "combo:arima:0,1,1+theta:median", "tsb:0.1,0.2", "naive"])
    }

    /// Mean, median and inverse-MSE weights against the members fitted one by one.
    @Test func pointRulesCombineTheMembers() throws {
        let y = Self.m401
        let names = ["ets", "theta", "naive"]
        let each = try names.map { try ForecastMethodName.spec($0, period: 12).fit(y, period: 12) }
        let fcs = try each.map { try $0.forecast(horizon: 18, levels: []) }
        for rule in Combination.Rule.allCases {
            let spec = try ForecastMethodName.spec("combo:ets+theta+naive:\(rule.rawValue)", period: 12)
            let fit = try #require(try spec.fit(y, period: 12) as? FittedCombination)
            let fc = try fit.forecast(horizon: 18, levels: [])
            var w = [1.0 / 3, 1.0 / 3, 1.0 / 3]
            if rule == .weighted {
                let inv = each.map { m -> Double in
                    let e = zip(y, m.fitted).filter { $0.1.isFinite }.map { ($0.0 - $0.1) * ($0.0 - $0.1) }
                    return Double(e.count) / e.reduce(0, +)
                }
                w = inv.map { $0 / inv.reduce(0, +) }
                expectClose(fit.weights, w, rtol: 1e-12, "weights")
            }
            let expected = (0..<18).map { j -> Double in
                let v = fcs.map { $0.mean[j] }
                return rule == .median ? v.sorted()[1] : zip(v, w).reduce(0) { $0 + $1.0 * $1.1 }
            }
            expectClose(fc.mean, expected, rtol: 1e-12, "\(rule)")
            #expect(fc.method.hasPrefix("Combination(\(rule.rawValue): "))
        }
    }

    /// Quantile averaging averages the members' limits; the mixture's limits are quantiles of the
    /// pooled distribution (its CDF at the limit equals the level's tail probability).
    @Test func intervalMethods() throws {
        let y = Self.y201
        let each = try [ForecastMethodName.spec("theta", period: 1), ForecastMethodName.spec("drift", period: 1)]
            .map { try $0.fit(y, period: 1).forecast(horizon: 6, levels: [80, 95]) }
        let qa = try Combination(members: [("theta", Theta()), ("drift", LagWalk.drift)], intervalMethod: .quantileAverage)
            .fit(y, period: 1).forecast(horizon: 6, levels: [80, 95])
        let mixSpec = Combination(members: [("theta", Theta()), ("drift", LagWalk.drift)])
        #expect(mixSpec.intervalMethod == .mixture)
        let mix = try mixSpec.fit(y, period: 1).forecast(horizon: 6, levels: [80, 95])
        let z = Normal(mean: 0, standardDeviation: 1)
        for level in [80.0, 95.0] {
            let a = each[0].interval(level)!, b = each[1].interval(level)!
            expectClose(qa.interval(level)!.lower, zip(a.lower, b.lower).map { ($0 + $1) / 2 }, rtol: 1e-12)
            expectClose(qa.interval(level)!.upper, zip(a.upper, b.upper).map { ($0 + $1) / 2 }, rtol: 1e-12)
            let q = normalMultiplier(level: level)
            for j in 0..<6 {
                // Both members are symmetric normal here: the pool is ½N(μ₁,σ₁²) + ½N(μ₂,σ₂²).
                let m1 = each[0].mean[j], s1 = (a.upper[j] - m1) / q, m2 = each[1].mean[j], s2 = (b.upper[j] - m2) / q
                let cdf = { (x: Double) in 0.5 * z.cdf((x - m1) / s1) + 0.5 * z.cdf((x - m2) / s2) }
                expectClose(cdf(mix.interval(level)!.lower[j]), 0.5 - level / 200, atol: 1e-9, "lower h=\(j + 1)")
                expectClose(cdf(mix.interval(level)!.upper[j]), 0.5 + level / 200, atol: 1e-9, "upper h=\(j + 1)")
            }
        }
        expectClose(mix.mean, qa.mean, rtol: 1e-15)
    }

    /// A member that cannot be fitted is left out and named; with none left the fit fails.
    @Test func failedMembersAreNamed() throws {
        let y = Array(Self.m401.prefix(10))
        let fit = try #require(try ForecastMethodName.spec("combo:snaive+naive", period: 12).fit(y, period: 12) as? FittedCombination)
        #expect(fit.members.map(\.name) == ["naive"])
        #expect(fit.failures.map(\.name) == ["snaive"])
        #expect(fit.method == "Combination(mean: Naive method) without snaive (not fitted)")
        expectClose(try fit.forecast(horizon: 2, levels: []).mean, [y[9], y[9]], rtol: 0)
        #expect(throws: ForecastingError.tooShort(model: "Seasonal naive method", needed: 12, got: 10)) {
            try ForecastMethodName.spec("combo:snaive", period: 12).fit(y, period: 12)
        }
    }

    /// The default combination fits and forecasts a real monthly and yearly series.
    @Test func defaultCombinationForecasts() throws {
        for (y, m) in [(Self.m401, 12), (Self.y201, 1)] {
            let fc = try Combination.standard.fit(y, period: m).forecast(horizon: 6, levels: [80, 95])
            #expect(fc.method.hasPrefix("Combination(mean: ETS("))
            for j in 0..<6 {
                #expect(fc.interval(95)!.lower[j] < fc.interval(80)!.lower[j] && fc.interval(80)!.lower[j] < fc.mean[j])
                #expect(fc.mean[j] < fc.interval(80)!.upper[j] && fc.interval(80)!.upper[j] < fc.interval(95)!.upper[j])
            }
        }
    }
}
