// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

// MARK: - Gamma

/// The gamma distribution with shape k and scale θ: f(x) = x^{k−1} e^{−x/θ} / (Γ(k) θ^k).
///
/// cdf = P(k, x/θ), survival = Q(k, x/θ), quantiles by the inverse incomplete gamma.
/// The density uses Loader's saddle-point form (as R's `dgamma`), so shapes up to
/// 10⁶ keep full relative accuracy.
public struct GammaDistribution: ContinuousDistribution {
    public let shape: Double
    public let scale: Double

    /// - Precondition: shape > 0, scale > 0 (both finite).
    public init(shape: Double, scale: Double = 1) {
        precondition(shape > 0 && shape.isFinite, "GammaDistribution: shape must be finite and > 0 (got \(shape))")
        precondition(scale > 0 && scale.isFinite, "GammaDistribution: scale must be finite and > 0 (got \(scale))")
        self.shape = shape
        self.scale = scale
    }

    public var mean: Double { shape * scale }
    public var variance: Double { shape * scale * scale }

    public func logPdf(_ x: Double) -> Double {
        if x.isNaN { return .nan }
        if x < 0 || x == .infinity { return -.infinity }
        if x == 0 {
            if shape < 1 { return .infinity }
            if shape == 1 { return -log(scale) }
            return -.infinity
        }
        let u = x / scale
        // f = (k/x) · D(k, x/θ) with D = u^k e^{−u}/Γ(k+1).
        return logGammaPrefix(shape, u) + log(shape / x)
    }

    public func pdf(_ x: Double) -> Double { exp(logPdf(x)) }

    public func cdf(_ x: Double) -> Double {
        if x <= 0 { return 0 }
        return incompleteGammaPQ(shape, x / scale).p
    }

    public func survival(_ x: Double) -> Double {
        if x <= 0 { return 1 }
        return incompleteGammaPQ(shape, x / scale).q
    }

    public func quantile(_ p: Double) -> Double {
        checkProbability(p, "GammaDistribution.quantile")
        return scale * incompleteGammaInverse(shape, p: p, q: 1 - p)
    }

    public func inverseSurvival(_ q: Double) -> Double {
        checkProbability(q, "GammaDistribution.inverseSurvival")
        return scale * incompleteGammaInverse(shape, p: 1 - q, q: q)
    }
}

// MARK: - Chi-squared

/// The χ² distribution with ν degrees of freedom (= Gamma(ν/2, scale 2)).
/// ν need not be an integer. Exact Poisson limits use its quantiles at ν = 2k, 2(k+1).
public struct ChiSquared: ContinuousDistribution {
    public let degreesOfFreedom: Double
    private let gamma: GammaDistribution

    /// - Precondition: ν > 0 (ν = 0, the point mass at 0, is not a distribution here).
    public init(degreesOfFreedom: Double) {
        precondition(degreesOfFreedom > 0 && degreesOfFreedom.isFinite,
                     "ChiSquared: degrees of freedom must be finite and > 0 (got \(degreesOfFreedom))")
        self.degreesOfFreedom = degreesOfFreedom
        self.gamma = GammaDistribution(shape: degreesOfFreedom / 2, scale: 2)
    }

    public var mean: Double { degreesOfFreedom }
    public var variance: Double { 2 * degreesOfFreedom }
    public func pdf(_ x: Double) -> Double { gamma.pdf(x) }
    public func logPdf(_ x: Double) -> Double { gamma.logPdf(x) }
    public func cdf(_ x: Double) -> Double { gamma.cdf(x) }
    public func survival(_ x: Double) -> Double { gamma.survival(x) }
    public func quantile(_ p: Double) -> Double { gamma.quantile(p) }
    public func inverseSurvival(_ q: Double) -> Double { gamma.inverseSurvival(q) }
}

// MARK: - Beta

/// The beta distribution on [0, 1]: f(x) = x^{α−1}(1−x)^{β−1}/B(α, β).
/// cdf = I_x(α, β); survival = I_{1−x}(β, α) computed directly.
public struct BetaDistribution: ContinuousDistribution {
    public let alpha: Double
    public let beta: Double

    /// - Precondition: α > 0, β > 0 (finite).
    public init(alpha: Double, beta: Double) {
        precondition(alpha > 0 && alpha.isFinite, "BetaDistribution: alpha must be finite and > 0 (got \(alpha))")
        precondition(beta > 0 && beta.isFinite, "BetaDistribution: beta must be finite and > 0 (got \(beta))")
        self.alpha = alpha
        self.beta = beta
    }

    public var mean: Double { alpha / (alpha + beta) }
    public var variance: Double {
        let s = alpha + beta
        return alpha * beta / (s * s * (s + 1))
    }

    public func logPdf(_ x: Double) -> Double {
        if x.isNaN { return .nan }
        if x < 0 || x > 1 { return -.infinity }
        if x == 0 {
            if alpha < 1 { return .infinity }
            if alpha == 1 { return -logBeta(alpha, beta) }
            return -.infinity
        }
        if x == 1 {
            if beta < 1 { return .infinity }
            if beta == 1 { return -logBeta(alpha, beta) }
            return -.infinity
        }
        let y = 1 - x
        return logBetaPrefix(alpha, beta, x, y) - log(x) - log(y)
    }

    public func pdf(_ x: Double) -> Double { exp(logPdf(x)) }

    public func cdf(_ x: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        return incompleteBeta(alpha, beta, x, 1 - x).w
    }

    public func survival(_ x: Double) -> Double {
        if x <= 0 { return 1 }
        if x >= 1 { return 0 }
        return incompleteBeta(alpha, beta, x, 1 - x).w1
    }

    public func quantile(_ p: Double) -> Double {
        checkProbability(p, "BetaDistribution.quantile")
        return incompleteBetaInverse(alpha, beta, p: p, q: 1 - p).x
    }

    public func inverseSurvival(_ q: Double) -> Double {
        checkProbability(q, "BetaDistribution.inverseSurvival")
        return incompleteBetaInverse(alpha, beta, p: 1 - q, q: q).x
    }
}

// MARK: - Student t

/// Student's t distribution with ν > 0 degrees of freedom (ν need not be an integer).
///
/// cdf via I_{ν/(ν+t²)}(ν/2, ½) with t²/(ν+t²) formed separately, so both tails
/// and the centre keep relative accuracy; density by Loader's form as R's `dt`;
/// quantile by the inverse incomplete beta.
public struct StudentT: ContinuousDistribution {
    public let degreesOfFreedom: Double

    /// - Precondition: ν > 0 and finite (use `Normal` for ν = ∞).
    public init(degreesOfFreedom: Double) {
        precondition(degreesOfFreedom > 0 && degreesOfFreedom.isFinite,
                     "StudentT: degrees of freedom must be finite and > 0 (got \(degreesOfFreedom))")
        self.degreesOfFreedom = degreesOfFreedom
    }

    public var mean: Double { degreesOfFreedom > 1 ? 0 : .nan }
    public var variance: Double {
        let n = degreesOfFreedom
        if n > 2 { return n / (n - 2) }
        return n > 1 ? .infinity : .nan
    }

    public func logPdf(_ x: Double) -> Double {
        if x.isNaN { return .nan }
        if !x.isFinite { return -.infinity }
        let n = degreesOfFreedom
        let t = -bd0(n / 2, (n + 1) / 2) + stirlingError((n + 1) / 2) - stirlingError(n / 2)
        let x2n = x * x / n
        let u: Double, lx2n: Double
        if x2n > 1 / Double.ulpOfOne {
            lx2n = log(abs(x)) - 0.5 * log(n)
            u = n * lx2n
        } else if x2n > 0.2 {
            lx2n = 0.5 * log1p(x2n)
            u = n * lx2n
        } else {
            lx2n = 0.5 * log1p(x2n)
            u = -bd0(n / 2, (n + x * x) / 2) + x * x / 2
        }
        return t - u - (lnSqrt2Pi + lx2n)
    }

    public func pdf(_ x: Double) -> Double { exp(logPdf(x)) }

    /// P(T ≤ −|t|) computed directly.
    private func lowerTail(_ t: Double) -> Double {
        let n = degreesOfFreedom
        if t.isInfinite { return 0 }
        let t2 = t * t
        let x: Double, y: Double
        if t2 > n {
            // Avoid overflow of n + t² for huge t.
            let r = n / t2
            x = r / (1 + r); y = 1 / (1 + r)
        } else {
            x = n / (n + t2); y = t2 / (n + t2)
        }
        return 0.5 * incompleteBeta(n / 2, 0.5, x, y).w
    }

    public func cdf(_ x: Double) -> Double {
        if x.isNaN { return .nan }
        return x <= 0 ? lowerTail(x) : 1 - lowerTail(x)
    }

    public func survival(_ x: Double) -> Double {
        if x.isNaN { return .nan }
        return x >= 0 ? lowerTail(x) : 1 - lowerTail(x)
    }

    /// The t ≥ 0 with P(T > t) = q, q ≤ ½.
    private func upperQuantile(_ q: Double) -> Double {
        if q <= 0 { return .infinity }
        if q >= 0.5 { return 0 }
        let n = degreesOfFreedom
        // 2q = I_x(n/2, 1/2), x = n/(n+t²)  ⇒  t = √(n y / x).
        // y/x = e^{−logit} exactly, so t = exp(½(ln n − logit)) never under/overflows early.
        let r = incompleteBetaInverse(n / 2, 0.5, p: 2 * q, q: 1 - 2 * q)
        return exp(0.5 * (log(n) - r.logit))
    }

    public func quantile(_ p: Double) -> Double {
        checkProbability(p, "StudentT.quantile")
        return p < 0.5 ? -upperQuantile(p) : upperQuantile(1 - p)
    }

    public func inverseSurvival(_ q: Double) -> Double {
        checkProbability(q, "StudentT.inverseSurvival")
        return q < 0.5 ? upperQuantile(q) : -upperQuantile(1 - q)
    }
}

// MARK: - F

/// Snedecor's F distribution with (d₁, d₂) degrees of freedom.
/// cdf = I_u(d₁/2, d₂/2) with u = d₁x/(d₁x + d₂) and 1 − u = d₂/(d₁x + d₂).
public struct FDistribution: ContinuousDistribution {
    public let numeratorDegreesOfFreedom: Double
    public let denominatorDegreesOfFreedom: Double

    /// - Precondition: d₁ > 0, d₂ > 0 (finite).
    public init(numeratorDegreesOfFreedom: Double, denominatorDegreesOfFreedom: Double) {
        precondition(numeratorDegreesOfFreedom > 0 && numeratorDegreesOfFreedom.isFinite,
                     "FDistribution: numerator degrees of freedom must be finite and > 0 (got \(numeratorDegreesOfFreedom))")
        precondition(denominatorDegreesOfFreedom > 0 && denominatorDegreesOfFreedom.isFinite,
                     "FDistribution: denominator degrees of freedom must be finite and > 0 (got \(denominatorDegreesOfFreedom))")
        self.numeratorDegreesOfFreedom = numeratorDegreesOfFreedom
        self.denominatorDegreesOfFreedom = denominatorDegreesOfFreedom
    }

    public var mean: Double {
        let d2 = denominatorDegreesOfFreedom
        return d2 > 2 ? d2 / (d2 - 2) : .nan
    }

    public var variance: Double {
        let d1 = numeratorDegreesOfFreedom, d2 = denominatorDegreesOfFreedom
        if d2 <= 4 { return d2 > 2 ? .infinity : .nan }
        return 2 * d2 * d2 * (d1 + d2 - 2) / (d1 * (d2 - 2) * (d2 - 2) * (d2 - 4))
    }

    private func split(_ x: Double) -> (u: Double, v: Double) {
        let d1 = numeratorDegreesOfFreedom, d2 = denominatorDegreesOfFreedom
        let d1x = d1 * x
        if d1x > d2 {
            let r = d2 / d1x
            return (1 / (1 + r), r / (1 + r))
        }
        return (d1x / (d1x + d2), d2 / (d1x + d2))
    }

    public func logPdf(_ x: Double) -> Double {
        if x.isNaN { return .nan }
        let a = numeratorDegreesOfFreedom / 2, b = denominatorDegreesOfFreedom / 2
        if x < 0 || x == .infinity { return -.infinity }
        if x == 0 {
            if a < 1 { return .infinity }
            if a == 1 { return -logBeta(a, b) + log(a / b) }
            return -.infinity
        }
        let (u, v) = split(x)
        // f_F(x) = u^a v^b / (B(a,b) x).
        return logBetaPrefix(a, b, u, v) - log(x)
    }

    public func pdf(_ x: Double) -> Double { exp(logPdf(x)) }

    public func cdf(_ x: Double) -> Double {
        if x <= 0 { return 0 }
        if x == .infinity { return 1 }
        let (u, v) = split(x)
        return incompleteBeta(numeratorDegreesOfFreedom / 2, denominatorDegreesOfFreedom / 2, u, v).w
    }

    public func survival(_ x: Double) -> Double {
        if x <= 0 { return 1 }
        if x == .infinity { return 0 }
        let (u, v) = split(x)
        return incompleteBeta(numeratorDegreesOfFreedom / 2, denominatorDegreesOfFreedom / 2, u, v).w1
    }

    /// F = (d₂/d₁)·x/y = (d₂/d₁)·e^{logit}.
    private func fromBeta(_ r: (x: Double, y: Double, logit: Double)) -> Double {
        exp(log(denominatorDegreesOfFreedom / numeratorDegreesOfFreedom) + r.logit)
    }

    public func quantile(_ p: Double) -> Double {
        checkProbability(p, "FDistribution.quantile")
        return fromBeta(incompleteBetaInverse(numeratorDegreesOfFreedom / 2, denominatorDegreesOfFreedom / 2, p: p, q: 1 - p))
    }

    public func inverseSurvival(_ q: Double) -> Double {
        checkProbability(q, "FDistribution.inverseSurvival")
        return fromBeta(incompleteBetaInverse(numeratorDegreesOfFreedom / 2, denominatorDegreesOfFreedom / 2, p: 1 - q, q: q))
    }
}
