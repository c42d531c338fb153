// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Distributions
import Testing
import _TestSupport
@testable import Indicators

/// The Fingertips recent-trend marker against notebooks-data/references/fingertips_trend/reference.json
/// (statsmodels WLS with known variances, numpy χ² for trend, statsmodels OLS log-odds slopes) on
/// the real DfE CIN table: every local authority with 5 published years 2020/21–2024/25.
@Suite("Fingertips recent trend and compared to goal")
struct FingertipsTrendTests {
    nonisolated(unsafe) static let ref: [[String: Any]] = {
        let data = Data(TestSupport.text("references/fingertips_trend/reference.json").utf8)
        return ((try? JSONSerialization.jsonObject(with: data)) as! [String: Any])["areas"] as! [[String: Any]]
    }()
    static func ds(_ c: [String: Any], _ k: String) -> [Double] { (c[k] as! [NSNumber]).map(\.doubleValue) }
    static func d(_ c: [String: Any], _ k: String) -> Double { (c[k] as! NSNumber).doubleValue }

    @Test func weightedLeastSquaresMatchesStatsmodelsOnEveryArea() throws {
        #expect(Self.ref.count == 140)
        var significant = 0
        for c in Self.ref {
            let n = Self.ds(c, "count"), N = Self.ds(c, "denominator")
            // Our Wilson limits equal statsmodels' proportion_confint(method="wilson").
            var pts: [FingertipsTrend.Point] = []
            for i in 0..<5 {
                let ci = try Proportion.wilson(successes: n[i], trials: N[i], level: .p95)
                expectClose(100 * ci.lower, Self.ds(c, "lower95")[i], rtol: 1e-12)
                expectClose(100 * ci.upper, Self.ds(c, "upper95")[i], rtol: 1e-12)
                pts.append(.init(value: Self.ds(c, "value")[i], lower95: Self.ds(c, "lower95")[i], upper95: Self.ds(c, "upper95")[i]))
            }
            let w = c["wls"] as! [String: Any]
            let m = FingertipsTrend.marker(pts, proportion: false)
            #expect(m.method == .weightedLeastSquares && m.pointsUsed == [0, 1, 2, 3, 4])
            expectClose(m.slope, Self.d(w, "slope"), rtol: 1e-9, atol: 1e-12, "\(c["area"]!)")
            expectClose(m.slopeStandardError, Self.d(w, "se"), rtol: 1e-9, "\(c["area"]!)")
            expectClose(m.chiSquared, Self.d(w, "chi2"), rtol: 1e-8, atol: 1e-12, "\(c["area"]!)")
            #expect(m.signStable == (w["stable"] as! Bool), "\(c["area"]!)")
            #expect(m.direction.rawValue == w["marker"] as! String, "\(c["area"]!)")
            if m.direction != .noSignificantChange { significant += 1 }
        }
        #expect(significant == 42)  // 16 increasing + 26 decreasing in the reference
    }

    @Test func proportionBranchMatchesTheChiSquaredFormulaAndLogOddsSlopes() {
        var counts: [TrendDirection: Int] = [:]
        for c in Self.ref {
            let n = Self.ds(c, "count"), N = Self.ds(c, "denominator")
            let pts = (0..<5).map { FingertipsTrend.Point(value: 100 * n[$0] / N[$0], count: n[$0], denominator: N[$0]) }
            let p = c["proportion"] as! [String: Any]
            let m = FingertipsTrend.marker(pts, proportion: true)
            #expect(m.method == .proportionChiSquared)
            expectClose(m.chiSquared, Self.d(p, "chi2"), rtol: 1e-9, "\(c["area"]!)")
            expectClose(m.slope, Self.ds(p, "slopes")[0], rtol: 1e-9, atol: 1e-14, "\(c["area"]!)")
            #expect(m.signStable == (p["stable"] as! Bool), "\(c["area"]!)")
            #expect(m.direction.rawValue == p["marker"] as! String, "\(c["area"]!)")
            counts[m.direction, default: 0] += 1
        }
        #expect(counts[.increasing] == 16 && counts[.decreasing] == 28 && counts[.noSignificantChange] == 96)
    }

    /// Stoke-on-Trent's parental-alcohol share fell from 19.9% to 14.9%: decreasing, and with
    /// low-is-good polarity "getting better".
    @Test func stokeWordsWithPolarity() throws {
        let c = try #require(Self.ref.first { $0["area"] as! String == "E06000021" })
        let n = Self.ds(c, "count"), N = Self.ds(c, "denominator")
        let m = FingertipsTrend.marker((0..<5).map { .init(value: nil, count: n[$0], denominator: N[$0]) }, proportion: true)
        #expect(m.words(polarity: .lowIsGood) == "Decreasing and getting better")
        #expect(m.words(polarity: .highIsGood) == "Decreasing and getting worse")
        #expect(m.words(polarity: .none) == "Decreasing")
    }

    /// The 5 most recent *valid* points; fewer than 5 cannot be calculated; an outlier that flips
    /// the slope's sign when left out makes a large χ² not significant.
    @Test func validPointsAndTheOutlierCheck() {
        let ci = { (v: Double) in FingertipsTrend.Point(value: v, lower95: v - 1.96, upper95: v + 1.96) }  // SE = 1
        var pts = [ci(1), FingertipsTrend.Point(value: 50), ci(2), ci(3), ci(4)]
        var m = FingertipsTrend.marker(pts, proportion: false)
        #expect(m.direction == .cannotBeCalculated && m.words(polarity: .lowIsGood) == "Cannot be calculated")
        #expect(m.reason == "4 valid point(s); Fingertips needs the 5 most recent with a value and both 95% limits")
        pts.append(ci(5))
        m = FingertipsTrend.marker(pts, proportion: false)
        #expect(m.pointsUsed == [0, 2, 3, 4, 5])
        // Equal weights: slope 1 per period, SE = √(5/(5·55 − 15²)) = 1/√10, χ² = 10 > 9.5495.
        expectClose(m.slope, 1, atol: 1e-12)
        expectClose(m.slopeStandardError, (0.1).squareRoot(), rtol: 1e-12)
        expectClose(m.chiSquared, 10, rtol: 1e-12)
        #expect(m.direction == .increasing && m.signStable)
        // One huge point at t = 1 drives the slope: left out, the slope turns negative.
        let spiky = [ci(-100), ci(5), ci(4), ci(3), ci(2)]
        let s = FingertipsTrend.marker(spiky, proportion: false)
        #expect(s.chiSquared > FingertipsTrend.criticalValue && !s.signStable && s.direction == .noSignificantChange)
        #expect(FingertipsTrend.criticalValue == 9.54953570608324)
    }

    @Test func comparedToGoal() {
        #expect(GoalComparison.compare(15, to: .value(15), polarity: .highIsGood) == .better)
        #expect(GoalComparison.compare(14.9, to: .value(15), polarity: .highIsGood) == .worse)
        #expect(GoalComparison.compare(15, to: .value(15), polarity: .lowIsGood) == .better)
        #expect(GoalComparison.compare(15.1, to: .value(15), polarity: .lowIsGood) == .worse)
        // Range [10, 20): below, inside, at the upper limit.
        #expect(GoalComparison.compare(9, to: .range(lower: 10, upper: 20), polarity: .lowIsGood) == .better)
        #expect(GoalComparison.compare(10, to: .range(lower: 10, upper: 20), polarity: .lowIsGood) == .same)
        #expect(GoalComparison.compare(20, to: .range(lower: 10, upper: 20), polarity: .lowIsGood) == .worse)
        #expect(GoalComparison.compare(9, to: .range(lower: 10, upper: 20), polarity: .highIsGood) == .worse)
        #expect(GoalComparison.compare(20, to: .range(lower: 10, upper: 20), polarity: .highIsGood) == .better)
        #expect(GoalComparison.compare(5, to: .value(1), polarity: .none) == .notCompared)
        #expect(GoalComparison.compare(.nan, to: .value(1), polarity: .lowIsGood) == .notCompared)
        #expect(GoalComparison.better.words(goal: .value(15)) == "Better than the goal (15)")
        #expect(GoalComparison.worse.words(goal: .value(10_850)) == "Worse than the goal (10,850)")
        #expect(GoalComparison.same.words(goal: .range(lower: 1_234.6, upper: 2_000)) == "Within the goal range (1,235–2,000)")
        #expect(GoalComparison.same.words(goal: .range(lower: 10, upper: 16.8246)) == "Within the goal range (10–16.8)")
    }
}
