// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
@testable import Regression
import _TestSupport

/// lm against R: estimates/SEs/statistics to 1e-7 relative, p-values to 1e-6 absolute.
@Suite struct LinearModelReferenceTests {
    static let ids = Reference.ids(model: "lm")

    func fitCase(_ id: String) throws -> (FittedLinearModel, Reference.Object) {
        let c = Reference.caseNamed(id)
        let (y, cal) = Reference.series(c["series"] as! String)
        let fit = try LinearModel(try Reference.spec(c)).fit(y, calendar: cal)
        #expect(fit.terms == c["terms"] as! [String])
        return (fit, c)
    }

    @Test("six or more real series are covered") func coverage() {
        let series = Set(Reference.cases.map { $0["series"] as! String })
        #expect(series.count >= 6)
        #expect(Self.ids.count >= 6)
    }

    @Test("coefficient table, fit statistics, information criteria", arguments: ids)
    func summaryMatchesR(_ id: String) throws {
        let (fit, c) = try fitCase(id)
        let table = try fit.coefficientTable()
        let ref = c["coefficients"] as! Reference.Object
        #expect(maxRelativeError(table.rows.map(\.estimate), Reference.doubles(ref["estimate"])) < 1e-7)
        #expect(maxRelativeError(table.rows.map(\.standardError), Reference.doubles(ref["stdError"])) < 1e-7)
        #expect(maxRelativeError(table.rows.map(\.statistic), Reference.doubles(ref["statistic"])) < 1e-7)
        #expect(maxAbsoluteError(table.rows.map(\.pValue), Reference.doubles(ref["pValue"])) < 1e-6)
        let ci = c["confint95"] as! Reference.Object
        #expect(maxRelativeError(table.rows.map(\.lower), Reference.doubles(ci["lower"])) < 1e-7)
        #expect(maxRelativeError(table.rows.map(\.upper), Reference.doubles(ci["upper"])) < 1e-7)
        #expect(TestSupport.relativeError(fit.sigma, Reference.double(c["sigma"])) < 1e-7)
        #expect(fit.residualDegreesOfFreedom == Reference.int(c["dfResidual"]))
        #expect(TestSupport.relativeError(fit.rSquared, Reference.double(c["rSquared"])) < 1e-7)
        #expect(TestSupport.relativeError(fit.adjustedRSquared, Reference.double(c["adjRSquared"])) < 1e-7)
        let f = try #require(fit.fTest)
        #expect(TestSupport.relativeError(f.statistic, Reference.double(c["fStatistic"])) < 1e-7)
        #expect(f.numeratorDegreesOfFreedom == Reference.int(c["fDf1"]))
        #expect(f.denominatorDegreesOfFreedom == Reference.int(c["fDf2"]))
        #expect(abs(f.pValue - Reference.double(c["fPValue"])) < 1e-6)
        #expect(TestSupport.relativeError(fit.logLikelihood, Reference.double(c["logLik"])) < 1e-7)
        #expect(TestSupport.relativeError(fit.aic, Reference.double(c["aic"])) < 1e-7)
        #expect(TestSupport.relativeError(fit.bic, Reference.double(c["bic"])) < 1e-7)
        // AICc: no R oracle in base R; check its definition against the R AIC.
        let k = Double(fit.parameters + 1), n = Double(fit.observations)
        #expect(abs(fit.aicc - (Reference.double(c["aic"]) + 2 * k * (k + 1) / (n - k - 1))) < 1e-7 * abs(fit.aicc))
    }

    @Test("HC0–HC3 and Newey–West standard errors", arguments: ids)
    func robustCovariancesMatchR(_ id: String) throws {
        let (fit, c) = try fitCase(id)
        for t in CovarianceEstimator.HCType.allCases {
            let se = try fit.coefficientTable(covariance: .hc(t)).rows.map(\.standardError)
            let err = maxRelativeError(se, Reference.doubles(c["hc\(t.rawValue)"]))
            #expect(err < 1e-7, "HC\(t.rawValue): \(err)")
        }
        let nw = c["neweyWestDefault"] as! Reference.Object
        #expect(try fit.neweyWestLag(.sandwichDefault) == Reference.int(nw["lag"]))
        let table = try fit.coefficientTable(covariance: .neweyWest(.sandwichDefault))
        let err = maxRelativeError(table.rows.map(\.standardError), Reference.doubles(nw["stdError"]))
        #expect(err < 1e-7, "Newey-West default: \(err)")
        #expect(maxAbsoluteError(table.rows.map(\.pValue), Reference.doubles(nw["pValue"])) < 1e-6)
        let sm = c["neweyWestStatsmodels"] as! Reference.Object
        #expect(try fit.neweyWestLag(.statsmodels) == Reference.int(sm["lag"]))
        let se2 = try fit.coefficientTable(covariance: .neweyWest(.statsmodels)).rows.map(\.standardError)
        #expect(maxRelativeError(se2, Reference.doubles(sm["stdError"])) < 1e-7)
        let fixed = c["neweyWestLag3Adjusted"] as! Reference.Object
        let se3 = try fit.coefficientTable(covariance: .neweyWest(.init(lag: .fixed(3), prewhite: true, adjust: true)))
            .rows.map(\.standardError)
        #expect(maxRelativeError(se3, Reference.doubles(fixed["stdError"])) < 1e-7)
    }

    @Test("residual diagnostics and influence", arguments: ids)
    func diagnosticsMatchR(_ id: String) throws {
        let (fit, c) = try fitCase(id)
        #expect(TestSupport.relativeError(fit.durbinWatson, Reference.double(c["durbinWatson"])) < 1e-7)
        let lbRef = c["ljungBox"] as! Reference.Object
        let lb = fit.ljungBox(lag: Reference.int(lbRef["lag"]))
        #expect(TestSupport.relativeError(lb.statistic, Reference.double(lbRef["statistic"])) < 1e-7)
        #expect(abs(lb.pValue - Reference.double(lbRef["pValue"])) < 1e-6)
        let lb2 = c["ljungBoxFitdf2"] as! Reference.Object
        let ours2 = ResidualDiagnostics.ljungBox(fit.residuals, lag: Reference.int(lb2["lag"]), fittedParameters: 2)
        #expect(ours2.degreesOfFreedom == Reference.int(lb2["lag"]) - 2)
        #expect(abs(ours2.pValue - Reference.double(lb2["pValue"])) < 1e-6)
        for key in ["breuschGodfrey1", "breuschGodfreyF"] {
            let r = c[key] as! Reference.Object
            let bg = try fit.breuschGodfrey(order: Reference.int(r["order"]))
            #expect(TestSupport.relativeError(bg.statistic, Reference.double(r["statistic"])) < 1e-7, "\(key)")
            #expect(bg.degreesOfFreedom == Reference.int(r["df"]))
            #expect(abs(bg.pValue - Reference.double(r["pValue"])) < 1e-6)
        }
        let jbRef = c["jarqueBera"] as! Reference.Object
        #expect(TestSupport.relativeError(fit.jarqueBera.statistic, Reference.double(jbRef["statistic"])) < 1e-7)
        #expect(abs(fit.jarqueBera.pValue - Reference.double(jbRef["pValue"])) < 1e-6)
        #expect(maxRelativeError(fit.leverage, Reference.doubles(c["leverage"])) < 1e-7)
        #expect(maxRelativeError(fit.cooksDistance, Reference.doubles(c["cooksDistance"])) < 1e-6)
    }

    @Test("forecast means and prediction intervals", arguments: ids)
    func forecastMatchesR(_ id: String) throws {
        let (fit, c) = try fitCase(id)
        let r = c["forecast"] as! Reference.Object
        let fc = try fit.forecast(horizon: Reference.int(r["horizon"]), levels: [80, 95])
        #expect(maxRelativeError(fc.mean, Reference.doubles(r["mean"])) < 1e-7)
        for (i, lv) in [80, 95].enumerated() {
            #expect(maxRelativeError(fc.intervals[i].lower, Reference.doubles(r["lower\(lv)"])) < 1e-7)
            #expect(maxRelativeError(fc.intervals[i].upper, Reference.doubles(r["upper\(lv)"])) < 1e-7)
        }
    }
}
