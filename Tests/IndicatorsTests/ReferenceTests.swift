// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Distributions
import Testing
import _TestSupport
@testable import Indicators

/// Formula checks against notebooks-data/references/indicators/reference.json, produced by
/// make_reference.py (scipy/statsmodels, mirroring PHEindicatormethods).
@Suite("scipy reference values")
struct ReferenceTests {
    nonisolated(unsafe) static let ref: [String: Any] = {
        let data = Data(TestSupport.text("references/indicators/reference.json").utf8)
        return (try? JSONSerialization.jsonObject(with: data)) as! [String: Any]
    }()
    static func cases(_ key: String) -> [[String: Any]] { ref[key] as! [[String: Any]] }
    static func level(_ c: [String: Any]) -> ConfidenceLevel { ConfidenceLevel(c["level"] as! Double) }
    static func d(_ c: [String: Any], _ k: String) -> Double { (c[k] as! NSNumber).doubleValue }
    static func ds(_ c: [String: Any], _ k: String) -> [Double] { (c[k] as! [NSNumber]).map(\.doubleValue) }

    /// |a − r| ≤ rtol·|r| + atol.
    static func close(_ a: Double, _ r: Double, rtol: Double = 1e-9, atol: Double = 1e-14) -> Bool {
        if a == r { return true }
        return abs(a - r) <= rtol * abs(r) + atol
    }

    @Test func wilson() throws {
        var n = 0
        for c in Self.cases("wilson") {
            let ci = try Proportion.wilson(successes: Self.d(c, "x"), trials: Self.d(c, "n"), level: Self.level(c))
            #expect(Self.close(ci.lower, Self.d(c, "lower")), "\(c)")
            #expect(Self.close(ci.upper, Self.d(c, "upper")), "\(c)")
            n += 1
        }
        #expect(n == 432)
    }

    @Test func byarAndExactCounts() {
        for c in Self.cases("counts") {
            let x = Self.d(c, "x"), lv = Self.level(c)
            let b = PoissonCount.byar(x, level: lv)
            let e = PoissonCount.exact(x, level: lv)
            // Byar lower: PHEindicatormethods returns NA where the cube is negative; we return 0.
            #expect(Self.close(b.lower, max(0, Self.d(c, "byarLower"))), "\(c)")
            #expect(Self.close(b.upper, Self.d(c, "byarUpper")), "\(c)")
            #expect(Self.close(e.lower, Self.d(c, "exactLower"), rtol: 1e-10), "\(c)")
            #expect(Self.close(e.upper, Self.d(c, "exactUpper"), rtol: 1e-10), "\(c)")
        }
    }

    @Test func crudeRatesOverCountAndDenominatorGrid() throws {
        var n = 0
        for c in Self.cases("rates") {
            let e = try CrudeRate.estimate(count: Self.d(c, "x"), denominator: Self.d(c, "n"), level: Self.level(c),
                                           multiplier: Self.d(c, "multiplier"), method: .phe)
            #expect(Self.close(e.value, Self.d(c, "value")))
            #expect(Self.close(e.lower, Self.d(c, "lower"), rtol: 1e-10), "\(c)")
            #expect(Self.close(e.upper, Self.d(c, "upper"), rtol: 1e-10), "\(c)")
            #expect(e.method == ((c["method"] as! String) == "exact" ? .exactPoisson : .byar))
            n += 1
        }
        #expect(n == 640)
    }

    @Test func dobsonDSR() throws {
        #expect(StandardPopulation.esp2013.weights == Self.ds(Self.ref, "esp2013"))
        for c in Self.cases("dsr") {
            let w = Self.ds(c, "standard")
            let std = w.count == 19 ? StandardPopulation.esp2013
                : StandardPopulation(name: "custom", bands: w.indices.map { "band \($0)" }, weights: w)
            let e = try DirectlyStandardisedRate.estimate(counts: Self.ds(c, "counts"), populations: Self.ds(c, "populations"),
                                                          standard: std, level: Self.level(c))
            #expect(Self.close(e.value, Self.d(c, "value")), "\(c["name"]!)")
            #expect(Self.close(e.lower, Self.d(c, "lower")), "\(c["name"]!)")
            #expect(Self.close(e.upper, Self.d(c, "upper")), "\(c["name"]!)")
        }
        // The PHE small-count rule: total < 10 is not published.
        #expect(throws: IndicatorsError.totalCountBelowMinimum(total: 9, minimum: 10, statistic: "DSR")) {
            try DirectlyStandardisedRate.estimate(counts: [9] + Array(repeating: 0, count: 18),
                                                  populations: Array(repeating: 1000, count: 19))
        }
    }

    @Test func indirectlyStandardised() throws {
        for c in Self.cases("isr") {
            let ratio = c["ratio"] as! Bool
            let e = try IndirectlyStandardised.estimate(
                observed: Self.d(c, "observed"), populations: Self.ds(c, "populations"),
                referenceCounts: Self.ds(c, "refCounts"), referencePopulations: Self.ds(c, "refPopulations"),
                form: ratio ? .ratio : .rate(multiplier: 100_000), level: Self.level(c))
            #expect(Self.close(e.denominator, Self.d(c, "expected")))
            #expect(Self.close(e.value, Self.d(c, "value")))
            #expect(Self.close(e.lower, Self.d(c, "lower"), rtol: 1e-10), "\(c)")
            #expect(Self.close(e.upper, Self.d(c, "upper"), rtol: 1e-10), "\(c)")
        }
    }

    @Test func meansWithT() throws {
        for c in Self.cases("means") {
            let e = try Mean.estimate(Self.ds(c, "values"), level: Self.level(c))
            #expect(Self.close(e.value, Self.d(c, "mean"), rtol: 1e-12))
            #expect(Self.close(e.lower, Self.d(c, "lower"), rtol: 1e-10), "\(c["name"]!)")
            #expect(Self.close(e.upper, Self.d(c, "upper"), rtol: 1e-10), "\(c["name"]!)")
        }
    }

    @Test func proportionDifferenceNewcombe() throws {
        for c in Self.cases("proportionDifference") {
            let r = try TwoSample.proportionDifference(successes: Self.d(c, "x1"), trials: Self.d(c, "n1"),
                                                       successes: Self.d(c, "x2"), trials: Self.d(c, "n2"), level: Self.level(c))
            #expect(Self.close(r.estimate, Self.d(c, "difference"), rtol: 1e-12, atol: 1e-15))
            #expect(Self.close(r.interval.lower, Self.d(c, "lower"), atol: 1e-12), "\(c)")
            #expect(Self.close(r.interval.upper, Self.d(c, "upper"), atol: 1e-12), "\(c)")
            #expect(Self.close(r.statistic, Self.d(c, "z"), rtol: 1e-10))
            #expect(Self.close(r.pValue, Self.d(c, "pValue"), rtol: 1e-8, atol: 1e-300))
        }
    }

    @Test func rateRatioExactConditional() throws {
        for c in Self.cases("rateRatio") {
            let r = try TwoSample.rateRatio(count: Self.d(c, "o1"), exposure: Self.d(c, "e1"),
                                            count: Self.d(c, "o2"), exposure: Self.d(c, "e2"), level: Self.level(c))
            #expect(Self.close(r.estimate, Self.d(c, "ratio"), rtol: 1e-12))
            #expect(Self.close(r.interval.lower, Self.d(c, "lower"), rtol: 1e-8), "\(c)")
            #expect(Self.close(r.interval.upper, Self.d(c, "upper"), rtol: 1e-8), "\(c)")
            #expect(Self.close(r.pValue, Self.d(c, "pValueCentral"), rtol: 1e-8), "\(c)")
        }
    }

    @Test func funnelExactLimits() {
        for c in Self.cases("funnelProportion") {
            let l = FunnelPlot.limits(statistic: .proportion, target: Self.d(c, "target"), size: Self.d(c, "n"))
            #expect(Self.close(l.lower95, Self.d(c, "lower0.95"), rtol: 1e-8, atol: 1e-13), "\(c)")
            #expect(Self.close(l.upper95, Self.d(c, "upper0.95"), rtol: 1e-8, atol: 1e-13), "\(c)")
            #expect(Self.close(l.lower998, Self.d(c, "lower0.998"), rtol: 1e-8, atol: 1e-13), "\(c)")
            #expect(Self.close(l.upper998, Self.d(c, "upper0.998"), rtol: 1e-8, atol: 1e-13), "\(c)")
        }
        for c in Self.cases("funnelWilsonInverted") {
            let l = FunnelPlot.wilsonInvertedLimits(target: Self.d(c, "target"), size: Self.d(c, "n"))
            #expect(Self.close(l.lower95, Self.d(c, "lower0.95"), rtol: 1e-9, atol: 1e-13), "\(c)")
            #expect(Self.close(l.upper95, Self.d(c, "upper0.95"), rtol: 1e-9, atol: 1e-13), "\(c)")
            #expect(Self.close(l.lower998, Self.d(c, "lower0.998"), rtol: 1e-9, atol: 1e-13), "\(c)")
            #expect(Self.close(l.upper998, Self.d(c, "upper0.998"), rtol: 1e-9, atol: 1e-13), "\(c)")
        }
        for c in Self.cases("funnelPoisson") {
            let l = FunnelPlot.limits(statistic: .rate, target: 1, size: Self.d(c, "expected"))
            #expect(Self.close(l.lower95, Self.d(c, "lower0.95"), rtol: 1e-8, atol: 1e-13), "\(c)")
            #expect(Self.close(l.upper95, Self.d(c, "upper0.95"), rtol: 1e-8, atol: 1e-13), "\(c)")
            #expect(Self.close(l.lower998, Self.d(c, "lower0.998"), rtol: 1e-8, atol: 1e-13), "\(c)")
            #expect(Self.close(l.upper998, Self.d(c, "upper0.998"), rtol: 1e-8, atol: 1e-13), "\(c)")
        }
    }

    @Test("funnel overdispersion on the real fixture (2017, all ages, 150 County & UA)")
    func funnelOverdispersion() throws {
        let ref = Self.ref["funnelOverdispersion"] as! [String: Any]
        let rows = FingertipsOracleTests.contents.rows.filter {
            $0.areaType == "County & UA" && $0.period == "2017" && $0.breakdown.contains("All ages") && $0.count != nil
        }
        #expect(rows.count == Self.d(ref, "areas").rounded().asInt)
        let pts = rows.map { FunnelPlot.Point(area: $0.areaName, numerator: $0.count!, denominator: $0.denominator!) }
        let res = try FunnelPlot.analyse(pts, statistic: .rate, adjustForOverdispersion: true)
        #expect(Self.close(res.target, Self.d(ref, "target"), rtol: 1e-12))
        #expect(Self.close(res.phi, Self.d(ref, "phi"), rtol: 1e-10))
        #expect(Self.close(res.tau2, Self.d(ref, "tau2"), rtol: 1e-8))
        for l in ref["limitsAtN"] as! [[String: Any]] {
            let lim = FunnelPlot.overdispersedLimits(statistic: .rate, target: res.target, size: Self.d(l, "n"), tau2: res.tau2)
            #expect(Self.close(lim.lower95, Self.d(l, "lower0.95"), rtol: 1e-8))
            #expect(Self.close(lim.upper998, Self.d(l, "upper0.998"), rtol: 1e-8))
        }
        // Every area's classification, with and without the adjustment.
        let plain = try FunnelPlot.analyse(pts, statistic: .rate)
        let codes = Dictionary(uniqueKeysWithValues: rows.map { ($0.areaName, $0.areaCode) })
        let refExact = ref["classificationExact"] as! [String: String]
        let refAdj = ref["classificationAdjusted"] as! [String: String]
        for p in plain.points { #expect(p.classification.rawValue == refExact[codes[p.area]!], "\(p.area)") }
        for p in res.points { #expect(p.classification.rawValue == refAdj[codes[p.area]!], "\(p.area)") }
        // φ ≈ 23: Campylobacter incidence varies between areas far beyond Poisson noise.
        print("fixture 2017 funnel: phi = \(res.phi), tau2 = \(res.tau2); classes: \(Dictionary(grouping: res.points, by: \.classification).mapValues(\.count))")
    }

    @Test func chiSquaredTrend() throws {
        for c in Self.cases("chiSquaredTrend") {
            let r = try TrendTest.chiSquaredLinear(events: Self.ds(c, "x"), totals: Self.ds(c, "n"),
                                                   significance: 0.001, minimumPoints: 3, window: nil)
            #expect(Self.close(r.statistic, Self.d(c, "chiSquared"), rtol: 1e-10))
            #expect(Self.close(r.pValue, Self.d(c, "pValue"), rtol: 1e-8, atol: 1e-300))
            let dir = Self.d(c, "direction")
            if r.pValue < 0.001 { #expect(r.direction == (dir > 0 ? .increasing : .decreasing)) }
            else { #expect(r.direction == .noSignificantChange) }
        }
        // Fingertips minimum points: 4 points cannot be calculated under the default rule.
        let short = try TrendTest.chiSquaredLinear(events: [1, 2, 3, 4], totals: [10, 10, 10, 10])
        #expect(short.direction == .cannotBeCalculated)
    }

    @Test func mannKendallAndSen() throws {
        for c in Self.cases("mannKendall") {
            let r = try TrendTest.mannKendall(Self.ds(c, "values"))
            #expect(Self.close(r.statistic, Self.d(c, "z"), rtol: 1e-12, atol: 1e-15), "\(c["name"]!)")
            #expect(Self.close(r.pValue, Self.d(c, "pValue"), rtol: 1e-9), "\(c["name"]!)")
            #expect(Self.close(r.slope, Self.d(c, "senSlope"), rtol: 1e-12, atol: 1e-15), "\(c["name"]!)")
        }
    }

    @Test func poissonTrendIRLS() throws {
        for c in Self.cases("poissonTrend") {
            let r = try TrendTest.poisson(counts: Self.ds(c, "counts"), exposures: Self.ds(c, "exposures"))
            #expect(Self.close(r.slope, Self.d(c, "slope"), rtol: 1e-8), "\(c["name"]!)")
            #expect(Self.close(r.statistic, Self.d(c, "z"), rtol: 1e-8), "\(c["name"]!)")
            #expect(Self.close(r.pValue, Self.d(c, "pValue"), rtol: 1e-7), "\(c["name"]!)")
        }
    }
}

extension Double {
    var asInt: Int { Int(self) }
}
