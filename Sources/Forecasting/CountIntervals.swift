// SPDX-License-Identifier: GPL-3.0-or-later
import Distributions

/// Count-valued prediction intervals: equal-tailed limits from a Poisson or negative binomial
/// distribution centred on a point forecast, reported as non-negative integers.
///
/// Dispersion from the in-sample one-step fits (Pearson): φ̂ = (1/N) Σ (y_t − ŷ_t)² / ŷ_t over
/// the N periods with a defined fit ŷ_t > 0 (a zero fit, e.g. before the first demand, is left
/// out). φ̂ ≤ 1 (or N = 0): Poisson(μ); φ̂ > 1: negative binomial with mean μ and variance φ̂μ
/// (size μ/(φ̂ − 1), the quasi-Poisson variance function — the same distribution the Regression
/// module's quasi-Poisson GLM draws its simulated intervals from). Limits at level L are the
/// quantiles at (1 − L/100)/2 and (1 + L/100)/2 (R's `qpois`/`qnbinom` convention: the smallest k
/// with F(k) ≥ p), so lower ≥ 0 always; μ = 0 gives [0, 0].
///
/// The distribution is the same at every horizon: the intermittent methods have no model for how
/// uncertainty in the level grows with h, so these intervals cover the count's own variation
/// around the forecast mean, not the error of the mean itself (which is small beside it for
/// means below a few counts, the use these are for).
///
/// Complexity: O(n) for φ̂; each quantile O(log μ) cdf evaluations.
public enum CountIntervals {
    public enum Family: Sendable, Equatable {
        case poisson
        /// Negative binomial with variance `dispersion` × mean (dispersion > 1).
        case negativeBinomial(dispersion: Double)

        /// Variance-to-mean ratio: 1 for Poisson.
        public var dispersion: Double {
            switch self {
            case .poisson: 1
            case .negativeBinomial(let phi): phi
            }
        }
    }

    /// True when every value is a non-negative integer (a count series).
    public static func isCountSeries(_ y: [Double]) -> Bool {
        !y.isEmpty && y.allSatisfy { $0 >= 0 && $0.isFinite && $0 == $0.rounded() }
    }

    /// Pearson dispersion φ̂ (see the type's description); nil when no period has a fit > 0.
    public static func pearsonDispersion(y: [Double], fitted: [Double]) -> Double? {
        precondition(y.count == fitted.count, "one fitted value per observation")
        var sum = 0.0, n = 0
        for (v, f) in zip(y, fitted) where f.isFinite && f > 0 {
            sum += (v - f) * (v - f) / f
            n += 1
        }
        return n > 0 ? sum / Double(n) : nil
    }

    /// Poisson when φ̂ ≤ 1 or undefined, else negative binomial with variance φ̂μ.
    public static func family(y: [Double], fitted: [Double]) -> Family {
        guard let phi = pearsonDispersion(y: y, fitted: fitted), phi > 1 else { return .poisson }
        return .negativeBinomial(dispersion: phi)
    }

    /// The count distribution with mean `mean` (nil for mean 0: the point mass at 0).
    static func distribution(mean: Double, family: Family) -> (any DiscreteDistribution)? {
        precondition(mean >= 0 && mean.isFinite, "count forecast mean must be finite and ≥ 0, got \(mean)")
        if mean == 0 { return nil }
        switch family {
        case .poisson: return Poisson(mean: mean)
        case .negativeBinomial(let phi): return NegativeBinomial(mean: mean, size: mean / (phi - 1))
        }
    }

    /// Equal-tailed limits at `level` percent, as integers (stored as Double).
    public static func limits(mean: Double, family: Family, level: Double) -> (lower: Double, upper: Double) {
        precondition(level > 0 && level < 100, "level must be in (0, 100) percent, got \(level)")
        guard let d = distribution(mean: mean, family: family) else { return (0, 0) }
        let tail = (1 - level / 100) / 2
        return (Double(d.quantile(tail)), Double(d.quantile(1 - tail)))
    }
}
