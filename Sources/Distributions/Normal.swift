// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

/// A continuous univariate distribution. Every member keeps relative accuracy in
/// both tails: `survival(x)` is computed directly (never as 1 − cdf) and
/// `inverseSurvival(q)` inverts it directly, so probabilities as small as 1e-300
/// are handled. Quantiles at p = 0 and 1 return the ends of the support.
public protocol ContinuousDistribution: Sendable {
    /// Density f(x).
    func pdf(_ x: Double) -> Double
    /// ln f(x) (finite far beyond where f underflows).
    func logPdf(_ x: Double) -> Double
    /// P(X ≤ x).
    func cdf(_ x: Double) -> Double
    /// P(X > x), accurate in the upper tail.
    func survival(_ x: Double) -> Double
    /// The x with cdf(x) = p, p ∈ [0, 1].
    func quantile(_ p: Double) -> Double
    /// The x with survival(x) = q, q ∈ [0, 1], accurate for tiny q.
    func inverseSurvival(_ q: Double) -> Double
    var mean: Double { get }
    var variance: Double { get }
}

/// A discrete distribution on the integers.
public protocol DiscreteDistribution: Sendable {
    /// P(X = k); 0 outside the support (including k < 0).
    func pmf(_ k: Int) -> Double
    /// ln P(X = k); −∞ outside the support.
    func logPmf(_ k: Int) -> Double
    /// P(X ≤ k).
    func cdf(_ k: Int) -> Double
    /// P(X > k), accurate in the upper tail.
    func survival(_ k: Int) -> Double
    /// The smallest k with cdf(k) ≥ p (R's `qpois`/`qbinom` convention, without R's
    /// 64-ulp fuzz). quantile(1) is the upper end of the support (`Int.max` when unbounded).
    func quantile(_ p: Double) -> Int
    var mean: Double { get }
    var variance: Double { get }
}

@inline(__always) func checkProbability(_ p: Double, _ name: String) {
    precondition(p >= 0 && p <= 1, "\(name): probability must lie in [0, 1] (got \(p))")
}

// MARK: - Standard normal kernels

/// Φ(z) = ½ erfc(−z/√2): relative error ≲ 2z²ε (1.5e-13 at z = −37, Φ ≈ 1e-300).
@usableFromInline func standardNormalCDF(_ z: Double) -> Double {
    0.5 * erfc(-z * oneOverSqrt2)
}

/// Φ⁻¹(p): Wichura (1988), Algorithm AS 241 (PPND16), Applied Statistics 37,
/// 477–484, doi:10.2307/2347330 — about 1e-16 relative over (0, 1).
@usableFromInline func standardNormalQuantile(_ p: Double) -> Double {
    if p <= 0 { return -.infinity }
    if p >= 1 { return .infinity }
    let q = p - 0.5
    if abs(q) <= 0.425 {
        let r = 0.180625 - q * q
        let num = (((((((2509.0809287301226727 * r + 33430.575583588128105) * r + 67265.770927008700853) * r
            + 45921.953931549871457) * r + 13731.693765509461125) * r + 1971.5909503065514427) * r
            + 133.14166789178437745) * r + 3.387132872796366608)
        let den = (((((((5226.495278852854561 * r + 28729.085735721942674) * r + 39307.89580009271061) * r
            + 21213.794301586595867) * r + 5394.1960214247511077) * r + 687.1870074920579083) * r
            + 42.313330701600911252) * r + 1)
        return q * num / den
    }
    var r = q < 0 ? p : 1 - p
    r = (-log(r)).squareRoot()
    var val: Double
    if r <= 5 {
        r -= 1.6
        val = (((((((7.7454501427834140764e-4 * r + 0.0227238449892691845833) * r + 0.24178072517745061177) * r
            + 1.27045825245236838258) * r + 3.64784832476320460504) * r + 5.7694972214606914055) * r
            + 4.6303378461565452959) * r + 1.42343711074968357734)
            / (((((((1.05075007164441684324e-9 * r + 5.475938084995344946e-4) * r + 0.0151986665636164571966) * r
                + 0.14810397642748007459) * r + 0.68976733498510000455) * r + 1.6763848301838038494) * r
                + 2.05319162663775882187) * r + 1)
    } else {
        r -= 5
        val = (((((((2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r + 0.0012426609473880784386) * r
            + 0.026532189526576123093) * r + 0.29656057182850489123) * r + 1.7848265399172913358) * r
            + 5.4637849111641143699) * r + 6.6579046435011037772)
            / (((((((2.04426310338993978564e-15 * r + 1.4215117583164458887e-7) * r + 1.8463183175100546818e-5) * r
                + 7.868691311456132591e-4) * r + 0.0148753612908506148525) * r + 0.13692988092273580531) * r
                + 0.59983220655588793769) * r + 1)
    }
    return q < 0 ? -val : val
}

// MARK: - Normal

/// The normal distribution N(μ, σ²).
///
/// cdf/survival through glibc `erfc` (relative error ≲ 2z²ε, i.e. ≤ 2e-13 down to
/// 1e-300); quantile by Wichura's AS 241, as R's `qnorm` and scipy's `ndtri`.
public struct Normal: ContinuousDistribution {
    public let mean: Double
    public let standardDeviation: Double

    /// The standard normal N(0, 1): `Normal.standard.quantile(p)` is Φ⁻¹(p), the one normal
    /// quantile every module calls (no module keeps its own wrapper).
    public static let standard = Normal(mean: 0, standardDeviation: 1)

    /// - Precondition: σ > 0 and finite; μ finite.
    public init(mean: Double = 0, standardDeviation: Double = 1) {
        precondition(mean.isFinite, "Normal: mean must be finite (got \(mean))")
        precondition(standardDeviation > 0 && standardDeviation.isFinite,
                     "Normal: standard deviation must be finite and > 0 (got \(standardDeviation))")
        self.mean = mean
        self.standardDeviation = standardDeviation
    }

    public var variance: Double { standardDeviation * standardDeviation }

    public func pdf(_ x: Double) -> Double { exp(logPdf(x)) }

    public func logPdf(_ x: Double) -> Double {
        let z = (x - mean) / standardDeviation
        return -0.5 * z * z - lnSqrt2Pi - log(standardDeviation)
    }

    public func cdf(_ x: Double) -> Double { standardNormalCDF((x - mean) / standardDeviation) }

    public func survival(_ x: Double) -> Double { standardNormalCDF((mean - x) / standardDeviation) }

    public func quantile(_ p: Double) -> Double {
        checkProbability(p, "Normal.quantile")
        return mean + standardDeviation * standardNormalQuantile(p)
    }

    public func inverseSurvival(_ q: Double) -> Double {
        checkProbability(q, "Normal.inverseSurvival")
        return mean - standardDeviation * standardNormalQuantile(q)
    }
}
