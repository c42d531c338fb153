// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
@testable import Regression
import _TestSupport

/// Issue 19 item 1: the effect summary for any intervention, not only step + ramp. A step alone
/// (or a pulse alone) analysed through `InterruptedTimeSeries(kinds:)` must give the coefficient's
/// own effect and interval as R prints them (notebooks-data/references/regression/reference.json,
/// cases UKDriverDeaths-lm-step, UKDriverDeaths-quasipoisson-step, USAccDeaths-poisson-pulse).
@Suite struct InterventionEffectTests {
    @Test("step alone, lm: the effect is the step coefficient with R's confint")
    func linearStep() throws {
        let c = Reference.caseNamed("UKDriverDeaths-lm-step")
        let (y, cal) = Reference.series("UKDriverDeaths")
        let fit = try InterruptedTimeSeries(base: RegressionSpec(trend: .linear, season: .dummies), interventionPeriod: "1983-02",
                                            model: .linear(.classical), kinds: [.step]).fit(y, calendar: cal)
        let est = Reference.doubles((c["coefficients"] as! Reference.Object)["estimate"]).last!
        let ci = c["confint95"] as! Reference.Object
        for index in [fit.start, y.count - 1] {
            let e = fit.effect(at: index)
            expectClose(e.absolute, est, rtol: 1e-8, "absolute at \(e.period)")
            expectClose(e.absoluteLower, Reference.doubles(ci["lower"]).last!, rtol: 1e-8)
            expectClose(e.absoluteUpper, Reference.doubles(ci["upper"]).last!, rtol: 1e-8)
            expectClose(e.ratio, e.fitted / e.counterfactual, rtol: 1e-12)
        }
        // Cumulative: the step times the number of periods under the law.
        let cum = fit.cumulativeEffect()
        #expect(cum.periodsSinceStart == y.count - fit.start)
        expectClose(cum.absolute, est * Double(y.count - fit.start), rtol: 1e-8)
    }

    @Test("step alone, quasi-Poisson: percent and rate ratio are exp(beta) with R's Wald interval",
          arguments: [("UKDriverDeaths-quasipoisson-step", "UKDriverDeaths", "1983-02", RegressionSpec.Intervention.Kind.step, CountModel.Family.quasiPoisson),
                      ("USAccDeaths-poisson-pulse", "USAccDeaths", "1976-07", .pulse, .poisson)])
    func countRateRatio(_ id: String, _ series: String, _ date: String, _ kind: RegressionSpec.Intervention.Kind, _ family: CountModel.Family) throws {
        let c = Reference.caseNamed(id)
        let (y, cal) = Reference.series(series)
        let fit = try InterruptedTimeSeries(base: RegressionSpec(trend: .linear, season: .dummies), interventionPeriod: date,
                                            model: .count(family), kinds: [kind]).fit(y, calendar: cal)
        let rr = c["rateRatio"] as! Reference.Object
        let e = fit.effect(at: fit.start)
        expectClose(e.ratio, Reference.doubles(rr["estimate"]).last!, rtol: 1e-7)
        expectClose(e.ratioLower, Reference.doubles(rr["lower95"]).last!, rtol: 1e-7)
        expectClose(e.ratioUpper, Reference.doubles(rr["upper95"]).last!, rtol: 1e-7)
        expectClose(e.percent, 100 * (Reference.doubles(rr["estimate"]).last! - 1), rtol: 1e-6)
        if kind == .pulse {
            // A pulse acts at its own period only: no effect one period later.
            #expect(abs(fit.effect(at: fit.start + 1).absolute) < 1e-9)
            expectClose(fit.cumulativeEffect().absolute, e.absolute, rtol: 1e-9)
        }
    }

    @Test("Durbin-Watson rule of thumb: autocorrelated below 1.5 and above 2.5")
    func durbinWatsonRule() {
        #expect(ResidualDiagnostics.suggestsAutocorrelation(durbinWatson: 1.2))
        #expect(ResidualDiagnostics.suggestsAutocorrelation(durbinWatson: 2.7))
        #expect(!ResidualDiagnostics.suggestsAutocorrelation(durbinWatson: 1.9))
        #expect(!ResidualDiagnostics.suggestsAutocorrelation(durbinWatson: .nan))
        // Residuals that alternate in sign have d near 4; a slow wave has d near 0.
        let wave = (0..<60).map { sin(Double($0) / 6) }
        #expect(ResidualDiagnostics.durbinWatson(wave) < 0.1)
    }
}
