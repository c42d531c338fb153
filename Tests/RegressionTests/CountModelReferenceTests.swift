// SPDX-License-Identifier: GPL-3.0-or-later
import Distributions
import Foundation
import Testing
@testable import Regression
import _TestSupport

/// Poisson, quasi-Poisson and negative-binomial GLMs against R's glm / MASS::glm.nb:
/// estimates and SEs to 1e-6 relative, p-values to 1e-6 absolute.
@Suite struct CountModelReferenceTests {
    static let ids = Reference.ids(model: "poisson") + Reference.ids(model: "quasipoisson") + Reference.ids(model: "negbin")

    static func fitCase(_ id: String) throws -> (FittedCountModel, Reference.Object) {
        let c = Reference.caseNamed(id)
        let (y, cal) = Reference.series(c["series"] as! String)
        let family = CountModel.Family(rawValue: c["model"] as! String)!
        var exposure: [Double]? = nil
        if let off = c["offset"] as? Reference.Object { exposure = Reference.doubles(off["values"]) }
        let fit = try CountModel(try Reference.spec(c), family: family).fit(y, calendar: cal, exposure: exposure)
        #expect(fit.terms == c["terms"] as! [String])
        return (fit, c)
    }

    @Test("coefficients, deviance, likelihood, dispersion, θ", arguments: ids)
    func matchesR(_ id: String) throws {
        let (fit, c) = try Self.fitCase(id)
        let table = fit.coefficientTable()
        let ref = c["coefficients"] as! Reference.Object
        let e1 = maxRelativeError(table.rows.map(\.estimate), Reference.doubles(ref["estimate"]))
        let e2 = maxRelativeError(table.rows.map(\.standardError), Reference.doubles(ref["stdError"]))
        #expect(e1 < 1e-6, "estimates \(e1)")
        #expect(e2 < 1e-6, "standard errors \(e2)")
        #expect(maxRelativeError(table.rows.map(\.statistic), Reference.doubles(ref["statistic"])) < 1e-6)
        #expect(maxAbsoluteError(table.rows.map(\.pValue), Reference.doubles(ref["pValue"])) < 1e-6)
        #expect(TestSupport.relativeError(fit.deviance, Reference.double(c["deviance"])) < 1e-6)
        #expect(TestSupport.relativeError(try fit.nullDeviance(), Reference.double(c["nullDeviance"])) < 1e-6)
        #expect(fit.residualDegreesOfFreedom == Reference.int(c["dfResidual"]))
        #expect(TestSupport.relativeError(fit.dispersion, Reference.double(c["dispersion"])) < 1e-6)
        #expect(TestSupport.relativeError(fit.pearsonChiSquared, Reference.double(c["pearsonChiSquared"])) < 1e-6)
        if fit.family == .quasiPoisson {
            #expect(fit.logLikelihood == nil && fit.aic == nil)
        } else {
            #expect(TestSupport.relativeError(try #require(fit.logLikelihood), Reference.double(c["logLik"])) < 1e-6)
            #expect(TestSupport.relativeError(try #require(fit.aic), Reference.double(c["aic"])) < 1e-6)
            #expect(TestSupport.relativeError(try #require(fit.bic), Reference.double(c["bic"])) < 1e-6)
        }
        if fit.family == .negativeBinomial {
            #expect(TestSupport.relativeError(try #require(fit.theta), Reference.double(c["theta"])) < 1e-6)
            #expect(TestSupport.relativeError(try #require(fit.thetaStandardError), Reference.double(c["thetaSE"])) < 1e-6)
        }
        let rr = c["rateRatio"] as! Reference.Object
        let ours = fit.rateRatios()
        #expect(maxRelativeError(ours.map(\.estimate), Reference.doubles(rr["estimate"])) < 1e-6)
        #expect(maxRelativeError(ours.map(\.lower), Reference.doubles(rr["lower95"])) < 1e-6)
        #expect(maxRelativeError(ours.map(\.upper), Reference.doubles(rr["upper95"])) < 1e-6)
        let fcRef = c["forecast"] as! Reference.Object
        let fc = try fit.forecast(horizon: Reference.int(fcRef["horizon"]), simulations: 200)
        #expect(maxRelativeError(fc.mean, Reference.doubles(fcRef["mean"])) < 1e-6)
    }

    /// Simulated intervals without parameter uncertainty estimate quantiles of the plug-in Poisson /
    /// negative binomial, which R gives exactly (qpois/qnbinom). With N = 20 000 draws the sample
    /// quantile's standard error is ≈ √(p(1−p)/N)/f(q) ≤ 1.1 counts here; allow 5 (≈ 4.5 SE) + 1 for discreteness.
    @Test("simulated intervals estimate the exact plug-in quantiles",
          arguments: ["ldeaths-poisson", "ldeaths-negbin", "StaffsViolence-negbin"])
    func simulatedQuantiles(_ id: String) throws {
        let (fit, c) = try Self.fitCase(id)
        let fcRef = c["forecast"] as! Reference.Object
        let q = fcRef["plugInQuantiles"] as! Reference.Object
        let values = (q["values"] as! [Any]).map(Reference.doubles)   // p = .025, .1, .5, .9, .975
        let fc = try fit.forecast(horizon: Reference.int(fcRef["horizon"]), levels: [80, 95],
                                  simulations: 20_000, seed: 7, parameterUncertainty: false)
        let sd = fc.mean.map { m in (m + (fit.theta.map { m * m / $0 } ?? 0)).squareRoot() }
        for t in fc.mean.indices {
            let tol = 6 + 0.03 * sd[t]
            #expect(abs(fc.intervals[1].lower[t] - values[0][t]) <= tol)
            #expect(abs(fc.intervals[0].lower[t] - values[1][t]) <= tol)
            #expect(abs(fc.intervals[0].upper[t] - values[3][t]) <= tol)
            #expect(abs(fc.intervals[1].upper[t] - values[4][t]) <= tol)
        }
        // Seeded: the same seed gives identical intervals; parameter uncertainty widens them.
        let again = try fit.forecast(horizon: Reference.int(fcRef["horizon"]), levels: [80, 95],
                                     simulations: 20_000, seed: 7, parameterUncertainty: false)
        #expect(again == fc)
        let wider = try fit.forecast(horizon: Reference.int(fcRef["horizon"]), levels: [95], simulations: 20_000, seed: 7)
        let w0 = zip(fc.intervals[1].upper, fc.intervals[1].lower).map(-).reduce(0, +)
        let w1 = zip(wider.intervals[0].upper, wider.intervals[0].lower).map(-).reduce(0, +)
        #expect(w1 > w0)
    }

    @Test("sandwich covariances (HC0–HC3, Newey–West) for GLMs",
          arguments: ids.filter { Reference.caseNamed($0)["robust"] is Reference.Object })
    func robustMatchesR(_ id: String) throws {
        let (fit, c) = try Self.fitCase(id)
        let r = c["robust"] as! Reference.Object
        for t in CovarianceEstimator.HCType.allCases {
            let se = try fit.coefficientTable(covariance: .hc(t)).rows.map(\.standardError)
            let e = maxRelativeError(se, Reference.doubles(r["hc\(t.rawValue)"]))
            #expect(e < 1e-6, "HC\(t.rawValue): \(e)")
        }
        let nw = r["neweyWestDefault"] as! Reference.Object
        #expect(try fit.neweyWestLag(.sandwichDefault) == Reference.int(nw["lag"]))
        let table = try fit.coefficientTable(covariance: .neweyWest(.sandwichDefault))
        let e = maxRelativeError(table.rows.map(\.standardError), Reference.doubles(nw["stdError"]))
        #expect(e < 1e-6, "Newey-West: \(e)")
        #expect(maxAbsoluteError(table.rows.map(\.pValue), Reference.doubles(nw["pValue"])) < 1e-6)
        let sm = r["neweyWestStatsmodels"] as! Reference.Object
        let se2 = try fit.coefficientTable(covariance: .neweyWest(.statsmodels)).rows.map(\.standardError)
        #expect(maxRelativeError(se2, Reference.doubles(sm["stdError"])) < 1e-6)
    }

    /// Quasi-Poisson paths are NegBin with Var = φ̂μ: the simulated 80% interval width should be
    /// close to the normal-approximation 2·1.2816·√(φ̂μ) at these large means (μ ≈ 1500, φ̂ ≈ 10).
    @Test func quasiPoissonSimulationHasDispersion() throws {
        let (fit, _) = try Self.fitCase("UKDriverDeaths-quasipoisson-step")
        #expect(fit.dispersion > 5)
        let fc = try fit.forecast(horizon: 3, levels: [80], simulations: 20_000, seed: 3, parameterUncertainty: false)
        for t in 0..<3 {
            let expected = 2 * 1.2815515655446004 * (fit.dispersion * fc.mean[t]).squareRoot()
            let width = fc.intervals[0].upper[t] - fc.intervals[0].lower[t]
            #expect(abs(width / expected - 1) < 0.05, "width \(width) vs \(expected)")
        }
    }

    /// Future exposure multiplies the forecast mean (log offset).
    @Test func forecastWithExposure() throws {
        let (fit, _) = try Self.fitCase("fdeaths-poisson-offset")
        let base = try fit.forecast(horizon: 2, simulations: 10)
        let scaled = try fit.forecast(horizon: 2, exposure: [2000, 3000], simulations: 10)
        #expect(abs(scaled.mean[0] / base.mean[0] - 2000) < 1e-9 * 2000)
        #expect(abs(scaled.mean[1] / base.mean[1] - 3000) < 1e-9 * 3000)
        #expect(throws: RegressionError.invalidExposure(index: 73, value: -1)) {
            try fit.forecast(horizon: 2, exposure: [1, -1], simulations: 10)
        }
    }

    @Test("trigamma against R") func trigammaMatchesR() {
        let t = Reference.root["trigamma"] as! Reference.Object
        let xs = Reference.doubles(t["x"]), vs = Reference.doubles(t["value"])
        for (x, v) in zip(xs, vs) { #expect(TestSupport.relativeError(trigamma(x), v) < 1e-13, "x = \(x)") }
    }
}
