// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
@testable import Regression
import _TestSupport

/// Segmented regression on UKDriverDeaths with the seat-belt law (in force 31 Jan 1983, first full
/// month Feb 1983) against the R script's effect computations.
@Suite struct InterruptedTimeSeriesTests {
    @Test("effects, counterfactual and CIs match R", arguments: [
        ("UKDriverDeaths-its-lm", InterruptedTimeSeries.Model.linear(.neweyWest(.sandwichDefault))),
        ("UKDriverDeaths-its-negbin", .count(.negativeBinomial)),
        ("UKDriverDeaths-its-quasipoisson-hac", .count(.quasiPoisson, covariance: .neweyWest(.sandwichDefault))),
    ])
    func effectsMatchR(_ id: String, _ model: InterruptedTimeSeries.Model) throws {
        let c = Reference.caseNamed(id)
        let (y, cal) = Reference.series("UKDriverDeaths")
        let its = InterruptedTimeSeries(base: RegressionSpec(trend: .linear, season: .dummies),
                                        interventionPeriod: "1983-02", model: model)
        let fit = try its.fit(y, calendar: cal)
        let r = c["its"] as! Reference.Object
        #expect(fit.start + 1 == Reference.int(r["interventionPeriod"]))
        let table = c["coefficients"] as! Reference.Object
        #expect(maxRelativeError(fit.table.rows.map(\.estimate), Reference.doubles(table["estimate"])) < 1e-6)
        if case .count(_, .neweyWest) = model {
            let nw = (c["robust"] as! Reference.Object)["neweyWestDefault"] as! Reference.Object
            #expect(maxRelativeError(fit.table.rows.map(\.standardError), Reference.doubles(nw["stdError"])) < 1e-6)
            #expect(maxAbsoluteError(fit.table.rows.map(\.pValue), Reference.doubles(nw["pValue"])) < 1e-6)
        }
        if case .linear = model {
            let nw = c["neweyWestDefault"] as! Reference.Object
            #expect(maxRelativeError(fit.table.rows.map(\.standardError), Reference.doubles(nw["stdError"])) < 1e-7)
        }
        for e in r["effects"] as! [Reference.Object] {
            let ours = fit.effect(at: Reference.int(e["period"]) - 1)
            #expect(ours.periodsSinceStart == Reference.int(e["k"]))
            for (a, key) in [(ours.fitted, "fitted"), (ours.counterfactual, "counterfactual"), (ours.absolute, "absolute"),
                             (ours.absoluteLower, "absoluteLower"), (ours.absoluteUpper, "absoluteUpper"),
                             (ours.percent, "percent"), (ours.percentLower, "percentLower"), (ours.percentUpper, "percentUpper")] {
                #expect(TestSupport.relativeError(a, Reference.double(e[key])) < 1e-6, "\(key) at \(ours.period)")
            }
            #expect(abs(fit.counterfactual[Reference.int(e["period"]) - 1] - ours.counterfactual) < 1e-9 * ours.counterfactual)
        }
        let cum = r["cumulative"] as! Reference.Object
        let ours = fit.cumulativeEffect()
        #expect(ours.periodsSinceStart == Reference.int(cum["last"]) - Reference.int(cum["first"]) + 1)
        for (a, key) in [(ours.fitted, "fitted"), (ours.counterfactual, "counterfactual"), (ours.absolute, "absolute"),
                         (ours.absoluteLower, "absoluteLower"), (ours.absoluteUpper, "absoluteUpper"),
                         (ours.percent, "percent"), (ours.percentLower, "percentLower"), (ours.percentUpper, "percentUpper")] {
            #expect(TestSupport.relativeError(a, Reference.double(cum[key])) < 1e-6, "cumulative \(key)")
        }
        // Before the intervention the counterfactual is the fitted line.
        if case .linear(let f) = fit.fit {
            #expect(maxRelativeError(Array(fit.counterfactual[0..<fit.start]), Array(f.fitted[0..<fit.start])) < 1e-12)
        }
        #expect(fit.effect(at: fit.start).period == "1983-02")
    }

    /// A user regressor in the base spec comes after the step/ramp columns in the design; the effect
    /// must use the step and ramp coefficients found by name (the regressor here is a hand-made pulse).
    @Test func userRegressorAfterInterventionColumns() throws {
        let (y, cal) = Reference.series("UKDriverDeaths")
        var pulse = [Double](repeating: 0, count: y.count)
        pulse[9] = 1
        let base = RegressionSpec(trend: .linear, season: .dummies, regressors: [.init(name: "x", values: pulse)])
        let fit = try InterruptedTimeSeries(base: base, interventionPeriod: "1983-02", model: .linear(.classical)).fit(y, calendar: cal)
        #expect(fit.table.rows.last?.term == "x")
        let b = fit.table["step_1983-02"]!.estimate, r = fit.table["ramp_1983-02"]!.estimate
        let e = fit.effect(at: fit.start + 5)
        #expect(abs(e.absolute - (b + 5 * r)) < 1e-9 * abs(e.absolute))
        #expect(abs(fit.counterfactual[fit.start + 5] - e.counterfactual) < 1e-9 * e.counterfactual)
    }
}

/// Issue 12: a quarterly ITS trapped (its step/ramp columns are named "step_2001-Q2", the lookup
/// used "2001 Q2"). The effect must match the step + ramp coefficients of the same fit.
@Suite struct QuarterlyITSTests {
    @Test func quarterlyInterventionEffectIsTheStepPlusRamp() throws {
        // Level 100 + 2t before 2003 Q1 (index 8), then +30 and +5 per quarter, no noise: the
        // fitted effect 15 quarters after is exactly 30 + 5·15.
        var y: [Double] = []
        for t in 0..<24 {
            let tt = Double(t)
            let jump: Double = t >= 8 ? 30 + 5 * (tt - 8) : 0
            y.append(100 + 2 * tt + jump)
        }
        let cal = SeriesCalendar.quarterly(startYear: 2001, startQuarter: 1)
        for label in ["2003 Q1", "2003-Q1", "2003Q1"] {
            let fit = try InterruptedTimeSeries(base: RegressionSpec(trend: .linear, season: .none), interventionPeriod: label,
                                                model: .linear(.classical)).fit(y, calendar: cal)
            let e = fit.effect(at: 23)
            #expect(e.periodsSinceStart == 15)
            expectClose(e.absolute, 30 + 5 * 15, rtol: 1e-9, "label \(label)")
        }
        let counts = try InterruptedTimeSeries(base: RegressionSpec(trend: .linear, season: .none), interventionPeriod: "2003 Q1",
                                               model: .count(.poisson)).fit(y.map { $0.rounded() }, calendar: cal)
        #expect(counts.effect(at: 23).percent > 0)
    }
}
