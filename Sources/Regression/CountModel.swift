// SPDX-License-Identifier: GPL-3.0-or-later
import Distributions
import Foundation
import LinearAlgebra

/// An unfitted log-linear model for counts, log μₜ = xₜᵀβ + log(exposureₜ), fitted by iteratively
/// reweighted least squares (McCullagh & Nelder 1989, §2.5): QR (``LinearAlgebra/LeastSquares``) on
/// the first and final steps, Cholesky normal equations in between.
///
/// - Complexity: O(n·p²) per IRLS step (typically 4–8 steps); the negative binomial repeats IRLS
///   for each θ alternation (typically 3–10).
///
/// Families:
/// - ``Family/poisson``: Var y = μ. Estimates, deviance, AIC as `glm(family = poisson)`.
/// - ``Family/quasiPoisson``: the Poisson estimates with Var y = φμ, φ̂ = Pearson χ²/(n − p); standard
///   errors scaled by √φ̂ and t(n − p) reference, as `glm(family = quasipoisson)`. No likelihood, so no AIC.
/// - ``Family/negativeBinomial``: Var y = μ + μ²/θ with θ by maximum likelihood, alternating θ ML
///   (Newton, as `MASS::theta.ml`) and IRLS at fixed θ until the log-likelihood and θ settle, as
///   `MASS::glm.nb` (Venables & Ripley 2002, §7.4). The reported θ standard error is MASS's
///   (inverse observed information of θ at fixed μ).
///
/// Convergence is tighter than R's defaults (IRLS: relative deviance change < 1e-10 then one more
/// iteration; θ alternation: 1e-10, as the reference run), so estimates match R run with `epsilon = 1e-10`–`1e-12` to ~1e-9.
public struct CountModel: Sendable, Equatable {
    public enum Family: String, Sendable, Equatable, CaseIterable {
        case poisson, quasiPoisson = "quasipoisson", negativeBinomial = "negbin"
    }
    public var spec: RegressionSpec
    public var family: Family
    /// Iteration limit for IRLS and for the θ alternation.
    public var maxIterations: Int = 100

    public init(_ spec: RegressionSpec, family: Family) {
        self.spec = spec
        self.family = family
    }

    /// Fits the model to counts (integers ≥ 0, stored as Double).
    ///
    /// - Parameter exposure: optional positive exposure (e.g. population) per observation; its log
    ///   is the offset, so coefficients describe rates per unit of exposure.
    /// - Throws: ``RegressionError/invalidCount(index:value:)`` for negative, fractional or non-finite
    ///   counts; ``RegressionError/allZeroCounts``; ``RegressionError/tooFewObservations(observations:parameters:)``;
    ///   ``RegressionError/collinearTerms(_:)``; ``RegressionError/didNotConverge(model:iterations:detail:)``
    ///   (e.g. a season whose counts are all zero drives its coefficient to −∞).
    ///   Zero counts are fine otherwise (their deviance contribution is 2μ).
    public func fit(_ counts: [Double], calendar: SeriesCalendar, exposure: [Double]? = nil) throws(RegressionError) -> FittedCountModel {
        let n = counts.count
        for (i, y) in counts.enumerated() where !(y.isFinite && y >= 0 && y == y.rounded()) {
            throw .invalidCount(index: i, value: y)
        }
        var offset = [Double](repeating: 0, count: n)
        if let e = exposure {
            guard e.count == n else { throw .lengthMismatch(name: "exposure", count: e.count, expected: n) }
            for (i, v) in e.enumerated() {
                guard v.isFinite && v > 0 else { throw .invalidExposure(index: i, value: v) }
                offset[i] = log(v)
            }
        }
        let design = try spec.design(calendar: calendar, rows: 0..<n, observations: n)
        let p = design.columns
        guard n > p else { throw .tooFewObservations(observations: n, parameters: p) }
        if counts.allSatisfy({ $0 == 0 }) { throw .allZeroCounts }

        let poisson = try IRLS.fit(design: design, y: counts, offset: offset, theta: nil, etaStart: nil, maxIterations: maxIterations)
        var final = poisson
        var theta: Double? = nil, thetaSE: Double? = nil, alternations = 0
        if family == .negativeBinomial {
            // MASS::glm.nb alternation.
            var mu = poisson.mu
            var th = try ThetaML.estimate(y: counts, mu: mu, limit: maxIterations)
            let d1 = (2 * Double(max(1, n - p))).squareRoot(), d2 = 1.0
            var del = 1.0
            var lm = NegativeBinomialLikelihood.logLikelihood(y: counts, mu: mu, theta: th.theta)
            var lm0 = lm + 2 * d1
            var fit = poisson
            while abs(lm0 - lm) / d1 + abs(del) / d2 > 1e-10 {
                alternations += 1
                guard alternations <= maxIterations else {
                    throw .didNotConverge(model: "negative binomial θ alternation", iterations: maxIterations,
                                          detail: "θ = \(th.theta), last change \(del)")
                }
                fit = try IRLS.fit(design: design, y: counts, offset: offset, theta: th.theta, etaStart: mu.map(log),
                                   maxIterations: maxIterations)
                let t0 = th.theta
                th = try ThetaML.estimate(y: counts, mu: mu, limit: maxIterations)
                mu = fit.mu
                del = t0 - th.theta
                lm0 = lm
                lm = NegativeBinomialLikelihood.logLikelihood(y: counts, mu: mu, theta: th.theta)
            }
            // θ and its SE at the final means (MASS reports theta.ml from the previous means; at
            // convergence the difference is below the alternation tolerance).
            let last = try ThetaML.estimate(y: counts, mu: fit.mu, limit: maxIterations)
            final = fit
            theta = last.theta
            thetaSE = last.standardError
        }
        return FittedCountModel(model: self, calendar: calendar, y: counts, offset: offset, design: design,
                                irls: final, theta: theta, thetaStandardError: thetaSE, alternations: alternations)
    }
}

/// One IRLS fit at fixed θ (θ = nil: Poisson).
struct IRLSResult: Sendable {
    let coefficients: [Double]
    let mu: [Double]
    let unscaledCovariance: Matrix
    let deviance: Double
    let iterations: Int
    /// Final working weights.
    let weights: [Double]
}

enum IRLS {
    static func fit(design: DesignMatrix, y: [Double], offset: [Double], theta: Double?, etaStart: [Double]?,
                    maxIterations: Int) throws(RegressionError) -> IRLSResult {
        let n = y.count, p = design.columns
        var eta = etaStart ?? y.indices.map { i in log(theta == nil ? y[i] + 0.1 : y[i] + (y[i] == 0 ? 1.0 / 6 : 0)) }
        var mu = eta.map(exp)
        var devOld = Double.infinity
        var converged = false, extra = false
        var it = 0
        var beta = [Double](repeating: 0, count: p)
        var cov = Matrix(rows: p, columns: p)
        var w = [Double](repeating: 0, count: n)
        var dev = 0.0
        let base = design.matrix
        // √W·X is rebuilt in one buffer every step (no per-step allocation of an n×p matrix).
        var xw = Matrix(rows: n, columns: p)
        var z = [Double](repeating: 0, count: n)
        var sw = [Double](repeating: 0, count: n)
        while it < maxIterations {
            it += 1
            var corr: Matrix? = design.correction
            for i in 0..<n {
                let m = mu[i]
                let wi = theta.map { m / (1 + m / $0) } ?? m
                w[i] = wi
                let s = wi.squareRoot()
                sw[i] = s
                z[i] = s * (eta[i] - offset[i] + (y[i] - m) / m)
            }
            xw.storage.withUnsafeMutableBufferPointer { dst in
                base.storage.withUnsafeBufferPointer { src in
                    sw.withUnsafeBufferPointer { sc in
                        for j in 0..<p {
                            let o = j * n
                            for i in 0..<n { dst[o + i] = src[o + i] * sc[i] }
                        }
                    }
                }
            }
            if corr != nil { for j in 0..<p { for i in 0..<n { corr!.storage[i + j * n] *= sw[i] } } }
            // Intermediate IRLS steps (not the first, which also checks the rank, and not the last)
            // solve the equilibrated normal equations by Cholesky: IRLS is a Newton iteration, so a
            // step accurate to κ²ε is enough and the next step corrects it. The first step and the
            // final step (after convergence is detected) use the QR least-squares solver, refined on
            // the final one when needed, so estimates and covariance are as accurate as lm.
            if it > 1 && !extra && corr == nil, let step = Self.normalEquationsStep(xw, z) {
                beta = step
            } else {
                var ls: LeastSquaresFit
                do {
                    ls = try LeastSquares.fit(xw, z, options: .init(refinement: .never))
                    // Final step: refine (augmented-system refinement, doubled-precision polynomial
                    // columns) when the weighted design is ill-conditioned enough for plain QR's
                    // κ²ε error to approach 1e-8 in the covariance, or when it has a correction part.
                    if extra && (ls.conditionNumber > 1e4 || corr != nil) {
                        ls = try LeastSquares.fit(xw, z, designCorrection: corr, options: .init(refinement: .always))
                    }
                } catch {
                    throw .numerical("IRLS weighted least squares: \(error)")
                }
                if ls.rank < p {
                    throw .collinearTerms(design.names.indices.filter { ls.aliased[$0] }.map { design.names[$0] })
                }
                beta = ls.coefficients
                cov = ls.unscaledCovariance
            }
            let xb = base.multiply(beta)
            for i in 0..<n { eta[i] = xb[i] + offset[i]; mu[i] = exp(eta[i]) }
            dev = Deviance.total(y: y, mu: mu, theta: theta)
            guard dev.isFinite else {
                throw .didNotConverge(model: "IRLS", iterations: it, detail: "deviance became non-finite")
            }
            if extra { converged = true; break }
            if abs(dev - devOld) / (abs(dev) + 0.1) < 1e-10 { extra = true }
            devOld = dev
        }
        guard converged else {
            throw .didNotConverge(model: theta == nil ? "Poisson IRLS" : "negative binomial IRLS", iterations: it,
                                  detail: "deviance \(dev); a coefficient may be diverging (e.g. a season or period whose counts are all zero)")
        }
        // Fitted values so small they are zero in double mean a coefficient ran off to −∞ (R warns
        // "fitted rates numerically 0 occurred").
        let floor = min(1e-8, 1e-10 * max(1, y.max() ?? 1))
        if let i = mu.firstIndex(where: { $0 < floor }) {
            throw .didNotConverge(model: "IRLS", iterations: it,
                                  detail: "fitted mean at observation \(i + 1) is numerically 0 (all-zero counts in a term's support)")
        }
        return IRLSResult(coefficients: beta, mu: mu, unscaledCovariance: cov, deviance: dev, iterations: it, weights: w)
    }
}

extension IRLS {
    /// β solving (AᵀA)β = Aᵀz with A = √W·X, by Cholesky of the column-equilibrated Gram matrix;
    /// nil when it is not numerically positive definite (the caller then uses QR).
    static func normalEquationsStep(_ a: Matrix, _ z: [Double]) -> [Double]? {
        let p = a.columns
        var g = a.gram
        let atz = a.multiply(z, transpose: true)
        var d = [Double](repeating: 1, count: p)
        for j in 0..<p {
            guard g[j, j] > 0 && g[j, j].isFinite else { return nil }
            d[j] = 1 / g[j, j].squareRoot()
        }
        for j in 0..<p { for i in 0..<p { g[i, j] *= d[i] * d[j] } }
        guard let chol = try? CholeskyDecomposition(g) else { return nil }
        // Reject numerically singular systems (condition of the equilibrated Gram > 1e12).
        let diag = chol.upper.diagonal
        guard let lo = diag.min(), let hi = diag.max(), lo > 1e-6 * hi else { return nil }
        let rhs = Matrix(rows: p, columns: 1, columnMajor: (0..<p).map { atz[$0] * d[$0] })
        let y = chol.solve(rhs).storage
        let beta = (0..<p).map { y[$0] * d[$0] }
        return beta.allSatisfy(\.isFinite) ? beta : nil
    }
}

enum Deviance {
    /// Unit deviances summed: Poisson 2Σ[y log(y/μ) − (y − μ)]; NB 2Σ[y log(y/μ) − (y+θ) log((y+θ)/(μ+θ))].
    static func total(y: [Double], mu: [Double], theta: Double?) -> Double {
        var d = 0.0
        for i in y.indices {
            let yi = y[i], m = mu[i]
            let ylog = yi > 0 ? yi * log(yi / m) : 0
            if let th = theta {
                d += 2 * (ylog - (yi + th) * log((yi + th) / (m + th)))
            } else {
                d += 2 * (ylog - (yi - m))
            }
        }
        return d
    }
}

enum NegativeBinomialLikelihood {
    /// MASS's `loglik`: Σ lgamma(θ+y) − lgamma(θ) − lgamma(y+1) + θ log θ + y log μ − (θ+y) log(θ+μ).
    static func logLikelihood(y: [Double], mu: [Double], theta th: Double) -> Double {
        var s = 0.0
        let lgth = logGamma(th), thlog = th * log(th)
        for i in y.indices {
            let yi = y[i]
            s += logGamma(th + yi) - lgth - logGamma(yi + 1) + thlog + yi * log(mu[i] + (yi == 0 ? 1 : 0))
                - (th + yi) * log(th + mu[i])
        }
        return s
    }
}

/// θ of the negative binomial by Newton's method at fixed μ, exactly as `MASS::theta.ml`
/// (start n/Σ(y/μ − 1)², stop when |step| ≤ ε^{1/4}; SE = 1/√information at the last iterate
/// before the final step).
enum ThetaML {
    static func estimate(y: [Double], mu: [Double], limit: Int) throws(RegressionError) -> (theta: Double, standardError: Double) {
        let n = Double(y.count)
        var s = 0.0
        for i in y.indices { let r = y[i] / mu[i] - 1; s += r * r }
        var t0 = n / s
        var it = 0, del = 1.0, info = 0.0
        let eps = pow(Double.ulpOfOne, 0.25)
        while true {
            it += 1
            guard it < limit && abs(del) > eps else { break }
            t0 = abs(t0)
            var score = 0.0
            info = 0.0
            let dgt = digamma(t0), tgt = trigamma(t0), lt = log(t0)
            for i in y.indices {
                let yi = y[i], m = mu[i]
                score += digamma(t0 + yi) - dgt + lt + 1 - log(t0 + m) - (yi + t0) / (m + t0)
                info += -trigamma(t0 + yi) + tgt - 1 / t0 + 2 / (m + t0) - (yi + t0) / ((m + t0) * (m + t0))
            }
            del = score / info
            t0 += del
            guard t0.isFinite else { break }
        }
        guard t0.isFinite && t0 > 0 && it < limit else {
            throw .didNotConverge(model: "negative binomial θ (theta.ml)", iterations: it,
                                  detail: "θ estimate \(t0) is not a finite positive number: the counts show no overdispersion (variance ≤ mean, θ → ∞); use the Poisson model")
        }
        return (t0, (1 / info).squareRoot())
    }
}

