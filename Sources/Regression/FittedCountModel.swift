// SPDX-License-Identifier: GPL-3.0-or-later
import ForecastCore
import Distributions
import Foundation
import LinearAlgebra

/// A fitted count GLM (see ``CountModel``).
public struct FittedCountModel: Sendable {
    public let model: CountModel
    public let calendar: SeriesCalendar
    public let y: [Double]
    /// log(exposure), 0 without exposure.
    public let offset: [Double]
    public let design: DesignMatrix
    let irls: IRLSResult
    /// θ (negative binomial only).
    public let theta: Double?
    public let thetaStandardError: Double?
    /// θ/IRLS alternations (negative binomial; 0 otherwise).
    public let alternations: Int

    init(model: CountModel, calendar: SeriesCalendar, y: [Double], offset: [Double], design: DesignMatrix,
         irls: IRLSResult, theta: Double?, thetaStandardError: Double?, alternations: Int) {
        self.model = model
        self.calendar = calendar
        self.y = y
        self.offset = offset
        self.design = design
        self.irls = irls
        self.theta = theta
        self.thetaStandardError = thetaStandardError
        self.alternations = alternations
    }

    public var family: CountModel.Family { model.family }
    public var observations: Int { y.count }
    public var parameters: Int { design.columns }
    public var terms: [String] { design.names }
    public var coefficients: [Double] { irls.coefficients }
    /// Fitted means μ̂.
    public var fitted: [Double] { irls.mu }
    public var iterations: Int { irls.iterations }
    public var residualDegreesOfFreedom: Int { observations - parameters }
    public var deviance: Double { irls.deviance }

    /// Pearson χ² = Σ(y − μ)²/V(μ), V = μ (Poisson, quasi-Poisson) or μ + μ²/θ.
    public var pearsonChiSquared: Double {
        pearsonResiduals.reduce(0) { $0 + $1 * $1 }
    }

    /// Pearson residuals (y − μ)/√V(μ) (R `residuals(fit, type = "pearson")`). O(n).
    public var pearsonResiduals: [Double] {
        y.indices.map { i in
            let m = irls.mu[i]
            return (y[i] - m) / (theta.map { m + m * m / $0 } ?? m).squareRoot()
        }
    }

    /// Durbin–Watson statistic of the Pearson residuals (serial correlation left in the counts
    /// after the trend, season and interventions).
    public var durbinWatson: Double { ResidualDiagnostics.durbinWatson(pearsonResiduals) }

    /// φ: Pearson χ²/(n − p) for quasi-Poisson, 1 otherwise (as `summary.glm`/`summary.negbin`).
    public var dispersion: Double {
        family == .quasiPoisson ? pearsonChiSquared / Double(residualDegreesOfFreedom) : 1
    }

    /// φ·(XᵀWX)⁻¹.
    public var covariance: Matrix {
        let phi = dispersion
        return Matrix(rows: parameters, columns: parameters, columnMajor: irls.unscaledCovariance.storage.map { $0 * phi })
    }

    var referenceDistribution: ReferenceDistribution {
        family == .quasiPoisson ? .studentT(degreesOfFreedom: residualDegreesOfFreedom) : .normal
    }

    /// Coefficient table as `summary.glm` (z for Poisson/negative binomial, t for quasi-Poisson).
    public func coefficientTable(level: Double = 0.95) -> CoefficientTable {
        CoefficientTable(terms: terms, estimates: coefficients, covariance: covariance, reference: referenceDistribution,
                         level: level, label: family == .quasiPoisson ? "quasi-Poisson (dispersion \(dispersion))" : "model")
    }

    /// Sandwich covariances for the GLM coefficients, as `sandwich::vcovHC`/`NeweyWest` on a `glm`:
    /// V = C·M·C with C = (XᵀWX)⁻¹ and estimating functions uᵢ = wᵢ·(yᵢ − μᵢ)/μᵢ·xᵢ (working residual ×
    /// working weight; the quasi-Poisson dispersion cancels between bread and meat). HC2/HC3 use the
    /// GLM leverages hᵢ = wᵢxᵢᵀCxᵢ. `.classical` is ``covariance``. The negative binomial treats θ as
    /// fixed (as `sandwich` does for `glm.nb`).
    public func covariance(_ estimator: CovarianceEstimator) throws(RegressionError) -> Matrix {
        let n = observations, p = parameters
        let c = irls.unscaledCovariance
        var u = design.matrix
        var score = [Double](repeating: 0, count: n)
        for i in 0..<n { score[i] = irls.weights[i] * (y[i] - irls.mu[i]) / irls.mu[i] }
        switch estimator {
        case .classical:
            return covariance
        case .hc(let type):
            var h: [Double] = []
            if type == .hc2 || type == .hc3 {
                h = Algebra.leverages(design.matrix, c)
                for i in 0..<n { h[i] *= irls.weights[i] }
            }
            return Algebra.sandwich(c, type.meat(u, scores: score, leverages: h, parameters: p))
        case .neweyWest(let options):
            for j in 0..<p { for i in 0..<n { u.storage[i + j * n] *= score[i] } }
            let lag = try HAC.lag(options, u: u, interceptColumn: design.hasIntercept ? 0 : nil)
            let meat = try HAC.meat(u: u, lag: lag, prewhite: options.prewhite, adjust: options.adjust)
            return Algebra.sandwich(c, meat)
        }
    }

    /// The Newey–West lag with these options (for reporting).
    public func neweyWestLag(_ options: NeweyWestOptions) throws(RegressionError) -> Int {
        let n = observations, p = parameters
        var u = design.matrix
        for j in 0..<p { for i in 0..<n { u.storage[i + j * n] *= irls.weights[i] * (y[i] - irls.mu[i]) / irls.mu[i] } }
        return try HAC.lag(options, u: u, interceptColumn: design.hasIntercept ? 0 : nil)
    }

    /// Coefficient table with a sandwich covariance; z statistics and normal p-values for every family
    /// (as `lmtest::coeftest` on a glm, whose default is df = ∞).
    public func coefficientTable(covariance estimator: CovarianceEstimator, level: Double = 0.95) throws(RegressionError) -> CoefficientTable {
        if estimator == .classical { return coefficientTable(level: level) }
        var label = estimator.label
        if case .neweyWest(let o) = estimator { label = "Newey-West (lag \(try neweyWestLag(o))\(o.prewhite ? ", VAR(1) prewhitened" : ""))" }
        return CoefficientTable(terms: terms, estimates: coefficients, covariance: try covariance(estimator),
                                reference: .normal, level: level, label: label)
    }

    /// Rate ratios exp(β) with Wald intervals exp(β ± z·se) (normal quantile for every family, as
    /// `exp(confint.default(fit))`; R's `confint()` on a glm profiles the likelihood instead).
    public func rateRatios(level: Double = 0.95) -> [(term: String, estimate: Double, lower: Double, upper: Double)] {
        let z = ReferenceDistribution.normal.criticalValue(level: level)
        let v = covariance
        return terms.indices.map { j in
            let b = coefficients[j], se = v[j, j].squareRoot()
            return (terms[j], exp(b), exp(b - z * se), exp(b + z * se))
        }
    }

    /// Deviance of the intercept-only model with the same offset (and θ), with n − 1 degrees of
    /// freedom; without an intercept, the offset-only model (as R).
    public func nullDeviance() throws(RegressionError) -> Double {
        guard design.hasIntercept else {
            return Deviance.total(y: y, mu: offset.map(exp), theta: theta)
        }
        let one = DesignMatrix(names: ["(Intercept)"], matrix: Matrix(rows: observations, columns: 1, repeating: 1),
                               correction: nil, hasIntercept: true)
        return try IRLS.fit(design: one, y: y, offset: offset, theta: theta, etaStart: nil,
                            maxIterations: model.maxIterations).deviance
    }

    /// Log-likelihood (nil for quasi-Poisson): Poisson Σ[y log μ − μ − log y!]; negative binomial
    /// MASS's form (θ counted as a parameter).
    public var logLikelihood: Double? {
        switch family {
        case .quasiPoisson: return nil
        case .poisson:
            var s = 0.0
            for i in y.indices {
                s += (y[i] > 0 ? y[i] * log(irls.mu[i]) : 0) - irls.mu[i] - logGamma(y[i] + 1)
            }
            return s
        case .negativeBinomial:
            return NegativeBinomialLikelihood.logLikelihood(y: y, mu: irls.mu, theta: theta!)
        }
    }
    /// p (+1 for θ).
    public var likelihoodParameters: Int { parameters + (family == .negativeBinomial ? 1 : 0) }
    public var aic: Double? { logLikelihood.map { -2 * $0 + 2 * Double(likelihoodParameters) } }
    public var bic: Double? { logLikelihood.map { -2 * $0 + log(Double(observations)) * Double(likelihoodParameters) } }
    public var aicc: Double? {
        let k = Double(likelihoodParameters), n = Double(observations)
        return aic.map { $0 + 2 * k * (k + 1) / (n - k - 1) }
    }

    /// Forecast means exp(xᵀβ̂ + log exposure) and simulated prediction intervals.
    ///
    /// Each of `simulations` paths draws β* ~ N(β̂, V̂) (when `parameterUncertainty`), then
    /// yₜ* ~ Poisson(μₜ*) or NegBin(μₜ*, θ̂); quasi-Poisson draws NegBin with size μ/(φ̂ − 1) so that
    /// Var = φ̂μ (Poisson when φ̂ ≤ 1). Interval ends: ``CountIntervals``' nearest-probability rule on
    /// the empirical distribution of the draws (the same rule as the intermittent-demand methods:
    /// the (1 − L)/2 quantile as the lower limit, then the upper limit whose interval
    /// probability is nearest L), so they are counts. Seeded: the same seed gives the same intervals.
    /// - Parameter exposure: future exposure per period (nil: 1, i.e. rates per unit exposure).
    public func forecast(horizon: Int, levels: [Double] = [80, 95], exposure: [Double]? = nil,
                         simulations: Int = 10_000, seed: UInt64 = 20_240_601,
                         parameterUncertainty: Bool = true) throws(RegressionError) -> Forecast {
        precondition(horizon >= 0 && simulations >= 1, "forecast horizon must be ≥ 0 and simulations ≥ 1")
        if let e = exposure {
            guard e.count == horizon else { throw .lengthMismatch(name: "future exposure", count: e.count, expected: horizon) }
            for (i, v) in e.enumerated() where !(v.isFinite && v > 0) { throw .invalidExposure(index: observations + i, value: v) }
        }
        let n = observations, p = parameters
        let x = try model.spec.design(calendar: calendar, rows: n..<(n + horizon), observations: n).matrix
        let off = exposure.map { $0.map(log) } ?? [Double](repeating: 0, count: horizon)
        let mean = (0..<horizon).map { exp(Algebra.rowDot(x, $0, coefficients) + off[$0]) }
        var rng = Xoshiro256StarStar(seed: seed)
        var factor: Matrix? = nil
        if parameterUncertainty {
            do { factor = try CholeskyDecomposition(covariance).upper } catch {
                throw .numerical("coefficient covariance is not positive definite: \(error)")
            }
        }
        let phi = dispersion
        var draws = [[Double]](repeating: [Double](repeating: 0, count: simulations), count: horizon)
        let normal = Normal()
        var beta = coefficients
        for s in 0..<simulations {
            if let u = factor {
                let z = (0..<p).map { _ in normal.sample(using: &rng) }
                // β* = β̂ + Uᵀz, V = UᵀU.
                for j in 0..<p {
                    var acc = coefficients[j]
                    for k in 0...j { acc += u[k, j] * z[k] }
                    beta[j] = acc
                }
            }
            for t in 0..<horizon {
                let mu = exp(Algebra.rowDot(x, t, beta) + off[t])
                // Beyond 1e15 the simulated counts leave the range of exactly representable whole
                // numbers (and a Poisson draw above Int.max traps): no real count comes near it.
                guard mu.isFinite && mu < 1e15 else {
                    throw .numerical("simulated forecast mean at \(calendar.label(at: n + t)) is \(mu) (the fitted trend overflows; shorten the horizon or check the data for extreme values)")
                }
                let v: Int
                switch family {
                case _ where mu == 0: v = 0  // underflow: every family puts all its mass on 0
                case .poisson: v = Poisson(mean: mu).sample(using: &rng)
                case .negativeBinomial: v = NegativeBinomial(mean: mu, size: theta!).sample(using: &rng)
                case .quasiPoisson:
                    v = phi > 1 ? NegativeBinomial(mean: mu, size: mu / (phi - 1)).sample(using: &rng)
                                : Poisson(mean: mu).sample(using: &rng)
                }
                draws[t][s] = Double(v)
            }
        }
        for t in 0..<horizon { draws[t].sort() }
        let intervals = levels.map { percent in
            precondition(percent > 0 && percent < 100, "prediction level must lie in (0, 100) percent")
            let limits = draws.map { CountIntervals.limits(level: percent, sortedDraws: $0) }
            return PredictionInterval(level: percent, lower: limits.map(\.lower), upper: limits.map(\.upper))
        }
        return Forecast(method: "\(family.rawValue): \(simulations) simulated paths (seed \(seed))\(parameterUncertainty ? " with parameter uncertainty" : "")",
                        mean: mean, intervals: intervals, periods: (n..<(n + horizon)).map(calendar.period(at:)))
    }
}
