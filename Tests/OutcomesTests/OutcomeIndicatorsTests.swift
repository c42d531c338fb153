// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Indicators
import Testing
import _TestSupport
@testable import Outcomes
import SeriesData

/// The Fingertips-style figures beside the children share outcome (issue 14 items 1, 4, 5):
/// Wilson intervals, the funnel of every authority, the recent-trend marker, compared to goal,
/// and what the assessment made before the deadline said. Interval references from statsmodels
/// `proportion_confint(method="wilson")`; the χ² from notebooks-data/references/fingertips_trend.
struct OutcomeIndicatorsTests {
    static let engine = ProjectionEngine(root: TestSupport.repoRoot)
    static func spec(_ id: String) throws -> OutcomeSpec {
        try OutcomeSpec.load(url: TestSupport.repoRoot.appendingPathComponent("models/outcomes/\(id).yaml"))
    }

    @Test func childrenShareIntervalsFunnelTrendGoalAndPrior() throws {
        let s = try Self.spec("children-parental-alcohol-share-stoke")
        let a = try Self.engine.assess(s)
        let ind = try Self.engine.indicators(for: a)
        #expect(ind.period == .financialYear(startingIn: 2019))
        let ae = try #require(ind.areaEstimate), be = try #require(ind.benchmarkEstimate)
        #expect(ae.numerator == 1255 && ae.denominator == 5115 && be.numerator == 72620 && be.denominator == 522990)
        expectClose(ae.lower, 100 * 0.23375856014316013, rtol: 1e-12)
        expectClose(ae.upper, 100 * 0.25733722374537743, rtol: 1e-12)
        expectClose(be.lower, 100 * 0.13792090442592314, rtol: 1e-12)
        expectClose(be.upper, 100 * 0.1397952557752804, rtol: 1e-12)
        // Funnel: every authority with both counts in 2019/20, England's proportion as the target.
        let f = try #require(ind.funnel)
        #expect(f.points.count == 149 && ind.highlightedArea == "E06000021")
        expectClose(f.target, 72620.0 / 522990.0, rtol: 1e-15)
        #expect(!f.points.contains { $0.area.isEmpty || $0.area == "E92000001" })
        #expect(f.points.first { $0.area == "E06000021" }?.classification == .above998)
        #expect(ind.areaNames["E06000021"] == "Stoke-on-Trent")
        #expect(f.points.filter { $0.classification == .above998 || $0.classification == .below998 }.count == 106)
        // Recent trend: the 5 most recent years, χ² as the statsmodels/numpy reference for Stoke.
        #expect(ind.trend.method == .proportionChiSquared && ind.trend.direction == .decreasing)
        expectClose(ind.trend.chiSquared, 30.21154638152024, rtol: 1e-9)
        #expect(ind.trend.pointsUsed.map { a.history.start.advanced(by: $0) }.first == .financialYear(startingIn: 2020))
        #expect(ind.trendWords == "Decreasing and getting better")
        // Compared to goal: 24.5% against the 2017/18 baseline 16.8% (low is good): Worse.
        let g = try #require(ind.goal)
        #expect(g.comparison == .worse && g.goal == .value(100 * 568.0 / 3376.0))
        expectClose(g.value, 100 * 1255.0 / 5115.0, rtol: 1e-15)
        // Before the deadline (as of 2019-03): no projection could be made.
        let prior = try Self.engine.priorProjection(s)
        #expect(prior.asOf == .month(2019, 3) && prior.status == .insufficientData && prior.projected == nil)
    }

    /// Sources without counts, 95% limits or annual periods say why the marker cannot be calculated.
    @Test func trendMarkerReasons() throws {
        let admissions = try Self.engine.indicators(for: try Self.engine.assess(try Self.spec("alcohol-admissions-stoke")))
        #expect(admissions.trend.direction == .cannotBeCalculated)
        #expect(admissions.trendWords == "Cannot be calculated (the source has neither counts with denominators nor 95% limits)")
        #expect(admissions.funnel == nil && admissions.areaEstimate == nil)
        let asb = try Self.engine.indicators(for: try Self.engine.assess(try Self.spec("asb-stoke")))
        #expect(asb.trendWords == "Cannot be calculated (Fingertips computes recent trends for annual data; this series is monthly)")
    }
}
