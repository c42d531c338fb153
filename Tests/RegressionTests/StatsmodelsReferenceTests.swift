// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
@testable import Regression
import _TestSupport

/// Second oracle: statsmodels 0.15 (statsmodels_reference.json, made by make_statsmodels_reference.py
/// from the same real series and designs). Checks the statsmodels HAC convention against statsmodels
/// itself, and HC0–HC3, Jarque–Bera, Durbin–Watson, Ljung–Box and the Poisson GLM.
@Suite struct StatsmodelsReferenceTests {
    typealias Object = [String: Any]
    nonisolated(unsafe) static let root: Object = {
        let data = Data(TestSupport.text("references/regression/statsmodels_reference.json").utf8)
        return try! JSONSerialization.jsonObject(with: data) as! Object
    }()
    static var cases: [Object] { root["cases"] as! [Object] }
    static let lmIDs = cases.filter { $0["model"] as! String == "lm" }.map { $0["id"] as! String }
    static let poissonIDs = cases.filter { $0["model"] as! String == "poisson" }.map { $0["id"] as! String }
    static func named(_ id: String) -> Object { cases.first { $0["id"] as! String == id }! }

    @Test("lm: HAC (statsmodels convention), HC0–HC3, JB, DW, Ljung–Box", arguments: lmIDs)
    func linearModel(_ id: String) throws {
        let sm = Self.named(id)
        let c = Reference.caseNamed(id)
        let (y, cal) = Reference.series(c["series"] as! String)
        let fit = try LinearModel(try Reference.spec(c)).fit(y, calendar: cal)
        #expect(try fit.neweyWestLag(.statsmodels) == Reference.int(sm["hacLag"]))
        let hac = try fit.coefficientTable(covariance: .neweyWest(.statsmodels)).rows.map(\.standardError)
        #expect(maxRelativeError(hac, Reference.doubles(sm["hacStdError"])) < 1e-7)
        // statsmodels' helper cov_hac(results) (= cov_hac_simple) defaults to use_correction=True: n/(n − k).
        let helper = try fit.coefficientTable(covariance: .neweyWest(.init(lag: .rule, prewhite: false, adjust: true)))
            .rows.map(\.standardError)
        #expect(maxRelativeError(helper, Reference.doubles(sm["hacDefaultRuleStdError"])) < 1e-7)
        let hc = sm["hc"] as! Object
        for t in CovarianceEstimator.HCType.allCases {
            let se = try fit.coefficientTable(covariance: .hc(t)).rows.map(\.standardError)
            #expect(maxRelativeError(se, Reference.doubles(hc["hc\(t.rawValue)"])) < 1e-7)
        }
        let jb = sm["jarqueBera"] as! Object
        #expect(TestSupport.relativeError(fit.jarqueBera.statistic, Reference.double(jb["statistic"])) < 1e-7)
        #expect(abs(fit.jarqueBera.pValue - Reference.double(jb["pValue"])) < 1e-6)
        #expect(TestSupport.relativeError(fit.durbinWatson, Reference.double(sm["durbinWatson"])) < 1e-7)
        let lb = sm["ljungBox"] as! Object
        let ours = fit.ljungBox(lag: Reference.int(lb["lag"]))
        #expect(TestSupport.relativeError(ours.statistic, Reference.double(lb["statistic"])) < 1e-7)
        #expect(abs(ours.pValue - Reference.double(lb["pValue"])) < 1e-6)
    }

    @Test("Poisson GLM", arguments: poissonIDs)
    func poisson(_ id: String) throws {
        let sm = Self.named(id)
        let (fit, _) = try CountModelReferenceTests.fitCase(id)
        #expect(maxRelativeError(fit.coefficients, Reference.doubles(sm["estimate"])) < 1e-6)
        #expect(maxRelativeError(fit.coefficientTable().rows.map(\.standardError), Reference.doubles(sm["stdError"])) < 1e-6)
        #expect(TestSupport.relativeError(fit.deviance, Reference.double(sm["deviance"])) < 1e-6)
        #expect(TestSupport.relativeError(try #require(fit.logLikelihood), Reference.double(sm["llf"])) < 1e-6)
        #expect(TestSupport.relativeError(try #require(fit.aic), Reference.double(sm["aic"])) < 1e-6)
    }
}
