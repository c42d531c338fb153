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
        #expect(f.members.map(\.name) == Combination.defaultMemberNames && f.rule == .median && f.intervalMethod == .widenedMixture)
        #expect(c.intervalMethod == .widenedMixture && d.intervalMethod == .widenedMixture)
    }

    /// `:nowiden` turns the trend-estimation widening off, on the default and after a rule in either order.
    @Test func nowidenSuffix() throws {
        let a = try #require(try ForecastMethodName.spec("combo:NoWiden", period: 12) as? Combination)
        #expect(a.members.map(\.name) == Combination.defaultMemberNames && a.rule == .median && a.intervalMethod == .mixture)
        for name in ["combo:ets:AAN:damped+theta:median:nowiden", "combo:ets:AAN:damped+theta:nowiden:median"] {
            let b = try #require(try ForecastMethodName.spec(name, period: 12) as? Combination)
            #expect(b.members.map(\.name) == ["ets:AAN:damped", "theta"] && b.rule == .median && b.intervalMethod == .mixture, "\(name)")
        }
        let c = try #require(try ForecastMethodName.spec("combo:theta+mean:nowiden", period: 1) as? Combination)
        #expect(c.members.map(\.name) == ["theta", "mean"] && c.rule == .mean && c.intervalMethod == .mixture)
        #expect(Combination.standard.withoutWidening.intervalMethod == .mixture)
    }

    @Test(arguments: ["combo:", "combo:theta++naive", "combo:theta+combo", "combo:theta+theta", "combo:theta+nosuch",
                      "combo:ets:QQQ+theta", "combo:theta+naive:median:mean", "combo:theta+naive:nowiden:nowiden",
                      "combo:median:nowiden", "combo:nowiden:nowiden"])
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

    /// With four members the median is the mean of the middle two; a member that fails leaves three,
    /// whose median is the middle one, and the mixture weights stay equal over those that fitted.
    @Test func medianOfFourAndOfThreeWhenAMemberFails() throws {
        let y = Self.m401
        let names = ["ets", "theta", "naive", "drift"]
        let fcs = try names.map { try ForecastMethodName.spec($0, period: 12).fit(y, period: 12).forecast(horizon: 18, levels: []) }
        let four = try ForecastMethodName.spec("combo:ets+theta+naive+drift:median", period: 12).fit(y, period: 12)
        let expected4 = (0..<18).map { j -> Double in
            let v = fcs.map { $0.mean[j] }.sorted()
            return (v[1] + v[2]) / 2
        }
        expectClose(try four.forecast(horizon: 18, levels: []).mean, expected4, rtol: 1e-12, "median of four")

        let short = Array(y.prefix(10))
        let three = try #require(try ForecastMethodName.spec("combo:snaive+naive+drift+mean:median", period: 12)
            .fit(short, period: 12) as? FittedCombination)
        #expect(three.members.map(\.name) == ["naive", "drift", "mean"] && three.failures.map(\.name) == ["snaive"])
        expectClose(three.weights, [1.0 / 3, 1.0 / 3, 1.0 / 3], rtol: 1e-15, "mixture weights")
        let each = try ["naive", "drift", "mean"].map {
            try ForecastMethodName.spec($0, period: 12).fit(short, period: 12).forecast(horizon: 4, levels: [80])
        }
        let fc = try three.forecast(horizon: 4, levels: [80])
        expectClose(fc.mean, (0..<4).map { j in each.map { $0.mean[j] }.sorted()[1] }, rtol: 1e-12, "median of three")
        for j in 0..<4 {
            #expect(fc.interval(80)!.lower[j] < fc.mean[j] && fc.mean[j] < fc.interval(80)!.upper[j], "h=\(j + 1)")
        }
    }

    /// The default `combo` against its reference (combo_reference.py): the median of R's `ets()`
    /// and `auto.arima()` forecasts (the committed ets_auto.json / auto_arima.json) and statsforecast
    /// 2.1.1's AutoCES and DynamicOptimizedTheta, on the six classic series both R files hold. Each
    /// member is held to its own reference tolerance (ETS 5e-3 relative as in ETSTests, auto.arima,
    /// CES and DOTM 1e-6); the median moves by at most the largest member difference at each horizon
    /// (it is 1-Lipschitz in the maximum norm), so the combination must be within that bound.
    @Test func defaultCombinationMatchesTheReferenceMedian() throws {
        var reference = [String: [Double]]()
        for r in IntermittentTests.rows("combo_reference.csv") where r[0] != "series_id" {
            reference["\(r[0])|\(r[2])", default: []].append(IntermittentTests.number(r[4]))
        }
        let series = Reference.load("ets_auto.json").filter { reference["\($0["id"] as! String)|median"] != nil }
        #expect(series.count == 6)
        let tolerance = ["ets": 5e-3, "auto.arima": 1e-6, "ces": 1e-6, "dotm": 1e-6]
        for s in series {
            let id = s["id"] as! String
            let y = Reference.doubles(s, "y"), m = Int(Reference.double(s, "period"))
            let median = try #require(reference["\(id)|median"])
            let fit = try #require(try ForecastMethodName.spec("combo", period: m).fit(y, period: m) as? FittedCombination)
            #expect(fit.failures.isEmpty && fit.members.map(\.name) == Combination.defaultMemberNames, "\(id)")
            var bound = Array(repeating: 0.0, count: median.count)
            for member in fit.members {
                let ours = try member.model.forecast(horizon: median.count, levels: []).mean
                let ref = try #require(reference["\(id)|\(member.name)"])
                expectClose(ours, ref, rtol: tolerance[member.name]!, "\(id) \(member.name)")
                for j in bound.indices { bound[j] = max(bound[j], abs(ours[j] - ref[j])) }
            }
            let fc = try fit.forecast(horizon: median.count, levels: [80, 95])
            for j in median.indices {
                #expect(abs(fc.mean[j] - median[j]) <= bound[j] * (1 + 1e-9) + 1e-9 * abs(median[j]),
                        "\(id) h=\(j + 1): \(fc.mean[j]) vs reference median \(median[j]) (member bound \(bound[j]))")
            }
            expectClose(fc.mean, median, rtol: 5e-3, "\(id) median")
        }
    }

    /// Quantile averaging averages the members' limits; the mixture's limits are quantiles of the
    /// pooled distribution (its CDF at the limit equals the level's tail probability); the default,
    /// the widened mixture, moves each mixture limit away from the point by k(n, h, L).
    @Test func intervalMethods() throws {
        let y = Self.y201
        let each = try [ForecastMethodName.spec("theta", period: 1), ForecastMethodName.spec("drift", period: 1)]
            .map { try $0.fit(y, period: 1).forecast(horizon: 6, levels: [80, 95]) }
        let qa = try Combination(members: [("theta", Theta()), ("drift", LagWalk.drift)], intervalMethod: .quantileAverage)
            .fit(y, period: 1).forecast(horizon: 6, levels: [80, 95])
        let mix = try Combination(members: [("theta", Theta()), ("drift", LagWalk.drift)], intervalMethod: .mixture)
            .fit(y, period: 1).forecast(horizon: 6, levels: [80, 95])
        let widenedSpec = Combination(members: [("theta", Theta()), ("drift", LagWalk.drift)])
        #expect(widenedSpec.intervalMethod == .widenedMixture)
        let widened = try widenedSpec.fit(y, period: 1).forecast(horizon: 6, levels: [80, 95])
        expectClose(widened.mean, mix.mean, rtol: 0)
        #expect(widened.method == mix.method)
        for level in [80.0, 95.0] {
            let m = mix.interval(level)!, w = widened.interval(level)!
            for j in 0..<6 {
                let k = TrendEstimationWidening.factor(n: y.count, h: j + 1, level: level)
                #expect(k > 1)
                expectClose(w.lower[j], mix.mean[j] - k * (mix.mean[j] - m.lower[j]), rtol: 1e-14, "widened lower \(level) h=\(j + 1)")
                expectClose(w.upper[j], mix.mean[j] + k * (m.upper[j] - mix.mean[j]), rtol: 1e-14, "widened upper \(level) h=\(j + 1)")
            }
        }
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
            #expect(fc.method.hasPrefix("Combination(median: ETS("))
            for j in 0..<6 {
                #expect(fc.interval(95)!.lower[j] < fc.interval(80)!.lower[j] && fc.interval(80)!.lower[j] < fc.mean[j])
                #expect(fc.mean[j] < fc.interval(80)!.upper[j] && fc.interval(80)!.upper[j] < fc.interval(95)!.upper[j])
            }
        }
    }
}
