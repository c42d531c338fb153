// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

// MARK: - Shared kernels

/// ln of Loader's binomial density for x successes and y failures (n = x + y,
/// both real ≥ 0): ln[Γ(n+1)/(Γ(x+1)Γ(y+1)) p^x q^y], in saddle-point form
/// stirlerr(n) − stirlerr(x) − stirlerr(y) − bd0(x, np) − bd0(y, nq) − ½ ln(2πxy/n).
/// Loader (2000); the same form as R's `dbinom_raw`, relative error ~1e-14 for n up to 10⁷+.
@usableFromInline func logBinomialRaw(_ x: Double, _ y: Double, _ p: Double, _ q: Double) -> Double {
    let n = x + y
    if p == 0 { return x == 0 ? 0 : -.infinity }
    if q == 0 { return y == 0 ? 0 : -.infinity }
    if x == 0 {
        if n == 0 { return 0 }
        return p < 0.1 ? -bd0(n, n * q) - n * p : n * log(q)
    }
    if y == 0 {
        return q < 0.1 ? -bd0(n, n * p) - n * q : n * log(p)
    }
    let lc = stirlingError(n) - stirlingError(x) - stirlingError(y) - bd0(x, n * p) - bd0(y, n * q)
    return lc - 0.5 * (ln2Pi + log(x) + log(y) - log(n))
}

/// The smallest k in [lower, upper] with `satisfied(k)` (a monotone predicate,
/// assumed true at `upper`), by galloping from `guess` and then bisection:
/// O(log |answer − guess|) evaluations.
@usableFromInline func smallestSatisfying(guess: Int, lower: Int, upper: Int, _ satisfied: (Int) -> Bool) -> Int {
    let g = min(max(guess, lower), upper)
    var lo: Int, hi: Int  // satisfied(hi) true, satisfied(lo) false (lo = lower − 1 means "below support")
    if satisfied(g) {
        hi = g
        var step = 1
        while true {
            if hi - lower < step { lo = lower - 1; break }
            let k = hi - step
            if satisfied(k) { hi = k; step = step < Int.max / 4 ? step * 2 : step } else { lo = k; break }
        }
    } else {
        lo = g
        var step = 1
        while true {
            if upper - lo <= step { hi = upper; break }
            let k = lo + step
            if satisfied(k) { hi = k; break } else { lo = k; step = step < Int.max / 4 ? step * 2 : step }
        }
    }
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2
        if satisfied(mid) { hi = mid } else { lo = mid }
    }
    return hi
}

/// Cornish–Fisher starting value μ + σ(z + γ(z² − 1)/6) for a discrete quantile search.
private func cornishFisherGuess(mean: Double, sd: Double, skewness: Double, p: Double, upper: Double) -> Int {
    let z = standardNormalQuantile(p)
    let g = (mean + sd * (z + skewness * (z * z - 1) / 6)).rounded()
    if !g.isFinite || g < 0 { return 0 }
    return Int(min(g, upper))
}

private let quantileSearchCap = Int.max / 4

/// R's tolerance for discrete quantile searches (`qpois` etc.): compare cdf(k) with
/// p(1 − 64ε) (lower half) or survival(k) with (1 − p)(1 + 64ε) (upper half), so that
/// p = cdf(k) exactly (e.g. 0.75 for a geometric(½) at k = 1) returns k despite rounding.
private func quantileFuzz(_ p: Double) -> (Double, Double) {
    (p * (1 - 64 * Double.ulpOfOne), (1 - p) * (1 + 64 * Double.ulpOfOne))
}

// MARK: - Poisson

/// The Poisson distribution with mean λ ≥ 0 (λ = 0 is the point mass at 0).
///
/// pmf by Loader's saddle-point form (as R's `dpois`); cdf(k) = Q(k+1, λ) and
/// survival(k) = P(k+1, λ) by the incomplete gamma, each computed directly.
public struct Poisson: DiscreteDistribution {
    public let mean: Double

    /// - Precondition: λ ≥ 0 and finite.
    public init(mean: Double) {
        precondition(mean >= 0 && mean.isFinite, "Poisson: mean must be finite and ≥ 0 (got \(mean))")
        self.mean = mean
    }

    public var variance: Double { mean }

    public func logPmf(_ k: Int) -> Double {
        if k < 0 { return -.infinity }
        if k == 0 { return -mean }
        if mean == 0 { return -.infinity }
        let x = Double(k)
        return -stirlingError(x) - bd0(x, mean) - 0.5 * (ln2Pi + log(x))
    }

    public func pmf(_ k: Int) -> Double { exp(logPmf(k)) }

    public func cdf(_ k: Int) -> Double {
        if k < 0 { return 0 }
        if mean == 0 { return 1 }
        return incompleteGammaPQ(Double(k) + 1, mean).q
    }

    public func survival(_ k: Int) -> Double {
        if k < 0 { return 1 }
        if mean == 0 { return 0 }
        return incompleteGammaPQ(Double(k) + 1, mean).p
    }

    public func quantile(_ p: Double) -> Int {
        checkProbability(p, "Poisson.quantile")
        if p == 0 || mean == 0 { return 0 }
        if p == 1 { return Int.max }
        let sd = mean.squareRoot()
        let guess = cornishFisherGuess(mean: mean, sd: sd, skewness: 1 / sd, p: p, upper: Double(quantileSearchCap))
        let (pFuzz, qFuzz) = quantileFuzz(p)
        return smallestSatisfying(guess: guess, lower: 0, upper: quantileSearchCap) { k in
            p <= 0.5 ? cdf(k) >= pFuzz : survival(k) <= qFuzz
        }
    }
}

// MARK: - Binomial

/// The binomial distribution: number of successes in n trials with success probability p.
///
/// pmf by Loader's form (R's `dbinom`); cdf(k) = I_{1−p}(n−k, k+1), survival(k) =
/// I_p(k+1, n−k), each computed directly (accurate for n up to 10⁷ and beyond).
public struct Binomial: DiscreteDistribution {
    public let trials: Int
    public let probability: Double

    /// - Precondition: n ≥ 0, 0 ≤ p ≤ 1.
    public init(trials: Int, probability: Double) {
        precondition(trials >= 0, "Binomial: trials must be ≥ 0 (got \(trials))")
        precondition(probability >= 0 && probability <= 1, "Binomial: probability must lie in [0, 1] (got \(probability))")
        self.trials = trials
        self.probability = probability
    }

    public var mean: Double { Double(trials) * probability }
    public var variance: Double { Double(trials) * probability * (1 - probability) }

    public func logPmf(_ k: Int) -> Double {
        if k < 0 || k > trials { return -.infinity }
        return logBinomialRaw(Double(k), Double(trials - k), probability, 1 - probability)
    }

    public func pmf(_ k: Int) -> Double { exp(logPmf(k)) }

    public func cdf(_ k: Int) -> Double {
        if k < 0 { return 0 }
        if k >= trials { return 1 }
        if probability == 0 { return 1 }
        if probability == 1 { return 0 }
        return incompleteBeta(Double(trials - k), Double(k) + 1, 1 - probability, probability).w
    }

    public func survival(_ k: Int) -> Double {
        if k < 0 { return 1 }
        if k >= trials { return 0 }
        if probability == 0 { return 0 }
        if probability == 1 { return 1 }
        return incompleteBeta(Double(trials - k), Double(k) + 1, 1 - probability, probability).w1
    }

    public func quantile(_ p: Double) -> Int {
        checkProbability(p, "Binomial.quantile")
        if p == 0 || probability == 0 { return 0 }
        if p == 1 || probability == 1 { return trials }
        let sd = variance.squareRoot()
        let guess = cornishFisherGuess(mean: mean, sd: sd, skewness: (1 - 2 * probability) / sd, p: p,
                                       upper: Double(trials))
        let (pFuzz, qFuzz) = quantileFuzz(p)
        return smallestSatisfying(guess: guess, lower: 0, upper: trials) { k in
            p <= 0.5 ? cdf(k) >= pFuzz : survival(k) <= qFuzz
        }
    }
}

// MARK: - Negative binomial

/// The negative binomial distribution in R's `dnbinom` parametrisation: the number
/// of failures before the `size`-th success, P(X = k) = Γ(k+r)/(Γ(r) k!) p^r (1−p)^k,
/// with real size r > 0. Mean r(1−p)/p, variance r(1−p)/p². The (mean μ, size r)
/// form (R's `mu =`, the NB2 count-regression family, variance μ + μ²/r) stores
/// p = r/(r+μ) and 1 − p = μ/(r+μ) separately so no precision is lost when μ ≪ r.
///
/// Note scipy's `nbinom(n, p)` is the same parametrisation; Wikipedia's counts successes.
public struct NegativeBinomial: DiscreteDistribution {
    public let size: Double
    public let probability: Double
    /// 1 − probability, stored exactly as computed from the constructor's inputs.
    public let failureProbability: Double

    /// - Precondition: size > 0, 0 < p ≤ 1.
    public init(size: Double, probability: Double) {
        precondition(size > 0 && size.isFinite, "NegativeBinomial: size must be finite and > 0 (got \(size))")
        precondition(probability > 0 && probability <= 1,
                     "NegativeBinomial: probability must lie in (0, 1] (got \(probability))")
        self.size = size
        self.probability = probability
        self.failureProbability = 1 - probability
    }

    /// R's `dnbinom(x, size, mu = μ)`.
    /// - Precondition: μ ≥ 0, size > 0.
    public init(mean: Double, size: Double) {
        precondition(size > 0 && size.isFinite, "NegativeBinomial: size must be finite and > 0 (got \(size))")
        precondition(mean >= 0 && mean.isFinite, "NegativeBinomial: mean must be finite and ≥ 0 (got \(mean))")
        self.size = size
        self.probability = size / (size + mean)
        self.failureProbability = mean / (size + mean)
    }

    public var mean: Double { size * failureProbability / probability }
    public var variance: Double { size * failureProbability / (probability * probability) }

    public func logPmf(_ k: Int) -> Double {
        if k < 0 { return -.infinity }
        let x = Double(k)
        if k == 0 { return logBinomialRaw(size, 0, probability, failureProbability) }
        return log(size / (size + x)) + logBinomialRaw(size, x, probability, failureProbability)
    }

    public func pmf(_ k: Int) -> Double { exp(logPmf(k)) }

    public func cdf(_ k: Int) -> Double {
        if k < 0 { return 0 }
        if failureProbability == 0 { return 1 }
        return incompleteBeta(size, Double(k) + 1, probability, failureProbability).w
    }

    public func survival(_ k: Int) -> Double {
        if k < 0 { return 1 }
        if failureProbability == 0 { return 0 }
        return incompleteBeta(size, Double(k) + 1, probability, failureProbability).w1
    }

    public func quantile(_ p: Double) -> Int {
        checkProbability(p, "NegativeBinomial.quantile")
        if p == 0 || failureProbability == 0 { return 0 }
        if p == 1 { return Int.max }
        let sd = variance.squareRoot()
        let skew = (1 + failureProbability) / (size * failureProbability).squareRoot()
        let guess = cornishFisherGuess(mean: mean, sd: sd, skewness: skew, p: p, upper: Double(quantileSearchCap))
        let (pFuzz, qFuzz) = quantileFuzz(p)
        return smallestSatisfying(guess: guess, lower: 0, upper: quantileSearchCap) { k in
            p <= 0.5 ? cdf(k) >= pFuzz : survival(k) <= qFuzz
        }
    }
}
