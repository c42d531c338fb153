// SPDX-License-Identifier: GPL-3.0-or-later
import Distributions
import Foundation

/// Funnel-plot control limits and classification (Spiegelhalter 2005).
///
/// For a target θ₀ and an area of size n (trials for a proportion; population, or expected
/// count with θ₀ = 1, for a rate or ratio), the exact limit at tail probability p is taken from
/// the discrete distribution of the count Y (Binomial(n, θ₀) or Poisson(nθ₀)) with the
/// continuity interpolation of Spiegelhalter (2005) Appendix A.1.1:
///
///     r_p = min{ r : F(r) ≥ p },   α = (F(r_p) − p) / (F(r_p) − F(r_p − 1)),   limit = (r_p − α)/n
///
/// Limits are drawn at p = 0.025/0.975 ("2σ", 95%) and 0.001/0.999 ("3σ", 99.8%).
///
/// **Overdispersion** (Spiegelhalter 2005b): z-scores zᵢ = (yᵢ − θ₀)/sᵢ with
/// sᵢ² = θ₀(1 − θ₀)/nᵢ (proportion) or θ₀/nᵢ (rate) are winsorised at their 10th and 90th
/// percentiles (R type-7 quantiles), φ = Σ z̃ᵢ²/I. If Iφ > I − 1 an additive random-effects
/// variance τ² = (Iφ − (I − 1)) / (Σwᵢ − Σwᵢ²/Σwᵢ), wᵢ = 1/sᵢ², widens the limits to
/// θ₀ ± z √(sᵢ² + τ²) (normal approximation, as in the paper).
///
/// References: Spiegelhalter DJ (2005) Funnel plots for comparing institutional performance.
/// Stat Med 24:1185–1202. doi:10.1002/sim.1970. Spiegelhalter DJ (2005) Handling
/// over-dispersion of performance indicators. Qual Saf Health Care 14:347–351.
/// doi:10.1136/qshc.2005.013755.
///
/// Differences: PHEindicatormethods `phe_funnels` (proportions) inverts the Wilson score
/// interval instead of using interpolated exact binomial limits (`ProportionLimits
/// .wilsonInverted` reproduces it); the two agree to ~1e-5 at n = 100,000 but differ by
/// several percentage points at n ≤ 100 and at extreme targets.
public enum FunnelPlot {
    /// The statistic plotted.
    public enum Statistic: String, Hashable, Sendable, Codable, CaseIterable {
        /// y = x/n with exact binomial limits.
        case proportion
        /// y = O/n (rate, or O/E ratio with n = E and target 1) with exact Poisson limits.
        case rate
    }

    /// How proportion limits are computed.
    public enum ProportionLimits: String, Hashable, Sendable, Codable, CaseIterable {
        /// Interpolated exact binomial limits (Spiegelhalter 2005). Default.
        case exactBinomial
        /// The Wilson score interval inverted for the value whose interval just reaches the
        /// target, as PHEindicatormethods `phe_funnels`/`phe_funnel_significance`
        /// (R/Funnels.R `sigma_adjustment`), clipped to [0, 1].
        case wilsonInverted
    }

    /// Limits for one size n. Values on the 0–1 (proportion) or per-unit (rate) scale.
    public struct Limits: Hashable, Sendable, Codable {
        public var size: Double
        public var lower95: Double
        public var upper95: Double
        public var lower998: Double
        public var upper998: Double
    }

    /// Where an area falls relative to the funnel.
    public enum Classification: String, Hashable, Sendable, Codable, CaseIterable {
        case above998 = "above 99.8% limit"
        case above95 = "above 95% limit"
        case within = "within limits"
        case below95 = "below 95% limit"
        case below998 = "below 99.8% limit"
    }

    public struct Point: Hashable, Sendable, Codable {
        public var area: String
        public var numerator: Double
        public var denominator: Double
        public init(area: String, numerator: Double, denominator: Double) {
            self.area = area
            self.numerator = numerator
            self.denominator = denominator
        }
    }

    public struct ClassifiedPoint: Hashable, Sendable, Codable {
        public var area: String
        public var numerator: Double
        public var denominator: Double
        /// y = numerator/denominator (unscaled).
        public var value: Double
        public var limits: Limits
        public var classification: Classification
    }

    public struct Result: Hashable, Sendable, Codable {
        public var statistic: Statistic
        public var target: Double
        /// Winsorised dispersion estimate φ (1 when no overdispersion adjustment was asked for).
        public var phi: Double
        /// Additive between-area variance τ² (0 without adjustment or when φ ≤ (I − 1)/I).
        public var tau2: Double
        public var overdispersionAdjusted: Bool
        public var points: [ClassifiedPoint]
    }

    /// Spiegelhalter's interpolated exact limit (as a count) at lower-tail probability p.
    static func interpolatedCount(_ p: Double, statistic: Statistic, size n: Double, target: Double) -> Double {
        let cdf: (Int) -> Double
        var r: Int
        switch statistic {
        case .proportion:
            let ni = Int(n.rounded())
            cdf = { binomialCDF($0, trials: ni, probability: target) }
            r = binomialQuantile(p, trials: ni, probability: target)
        case .rate:
            let mu = n * target
            cdf = { poissonCDF($0, mean: mu) }
            r = poissonQuantile(p, mean: mu)
        }
        // Guard the quantile convention: smallest r with F(r) >= p.
        while r > 0 && cdf(r - 1) >= p { r -= 1 }
        while cdf(r) < p { r += 1 }
        let fr = cdf(r), fm = cdf(r - 1)
        let alpha = fr > fm ? (fr - p) / (fr - fm) : 0
        return Double(r) - alpha
    }

    /// Exact (interpolated) control limits for size n around `target`. O(quantile).
    ///
    /// - Precondition: n > 0; for proportions 0 < target < 1 and n a whole number.
    public static func limits(statistic: Statistic, target: Double, size n: Double) -> Limits {
        precondition(n > 0, "funnel size must be positive, got \(n)")
        precondition(target > 0 && (statistic == .rate || target < 1), "funnel target out of range: \(target)")
        precondition(statistic == .rate || n == n.rounded(), "a proportion funnel needs a whole number of trials, got \(n)")
        func lim(_ p: Double) -> Double { max(0, interpolatedCount(p, statistic: statistic, size: n, target: target)) / n }
        return Limits(size: n, lower95: lim(0.025), upper95: lim(0.975), lower998: lim(0.001), upper998: lim(0.999))
    }

    /// Proportion limits by inverting the Wilson score interval (PHEindicatormethods): with
    /// z² = Φ⁻¹(p)², a = target,
    ///
    ///     limit = [a(n/z² + 1) ∓ ⅛√((8a(n/z² + 1))² − 64(1/z² + 1/n)·a·(n(a(n/z² + 2) − 1) + z²(a − 1)))] / (1/z² + 1/n) / n
    ///
    /// at p = 0.975 and 0.999, clipped to [0, 1].
    ///
    /// - Precondition: n > 0, 0 < target < 1.
    public static func wilsonInvertedLimits(target a: Double, size n: Double) -> Limits {
        precondition(n > 0 && a > 0 && a < 1, "Wilson-inverted funnel needs n > 0 and 0 < target < 1 (n = \(n), target = \(a))")
        func lim(_ p: Double, high: Bool) -> Double {
            let z2 = Normal.standard.quantile(p) * Normal.standard.quantile(p)
            let first = a * (n / z2 + 1)
            let b = 8 * a * (n / z2 + 1)
            let adj = (b * b - 64 * (1 / z2 + 1 / n) * a * (n * (a * (n / z2 + 2) - 1) + z2 * (a - 1))).squareRoot()
            let v = (high ? first + adj / 8 : first - adj / 8) / (1 / z2 + 1 / n) / n
            return min(1, max(0, v))
        }
        return Limits(size: n, lower95: lim(0.975, high: false), upper95: lim(0.975, high: true),
                      lower998: lim(0.999, high: false), upper998: lim(0.999, high: true))
    }

    /// Normal-approximation limits widened by τ²: θ₀ ± z √(s² + τ²).
    public static func overdispersedLimits(statistic: Statistic, target: Double, size n: Double, tau2: Double) -> Limits {
        let s2 = statistic == .proportion ? target * (1 - target) / n : target / n
        let sd = (s2 + tau2).squareRoot()
        let z95 = ConfidenceLevel.p95.z, z998 = ConfidenceLevel.p998.z
        return Limits(size: n, lower95: max(0, target - z95 * sd), upper95: target + z95 * sd,
                      lower998: max(0, target - z998 * sd), upper998: target + z998 * sd)
    }

    /// Winsorised φ and additive τ² (Spiegelhalter 2005b) for values yᵢ with null SDs sᵢ.
    public static func overdispersion(values y: [Double], standardErrors s: [Double], target: Double) -> (phi: Double, tau2: Double) {
        precondition(y.count == s.count && y.count >= 2, "overdispersion needs at least two areas with standard errors")
        let z = zip(y, s).map { ($0 - target) / $1 }
        let sorted = z.sorted()
        let lo = type7Quantile(sorted, 0.1), hi = type7Quantile(sorted, 0.9)
        let I = Double(z.count)
        let phi = z.reduce(0) { let w = min(max($1, lo), hi); return $0 + w * w } / I
        let w = s.map { 1 / ($0 * $0) }
        let sw = w.reduce(0, +), sw2 = w.reduce(0) { $0 + $1 * $1 }
        let tau2 = max(0, (I * phi - (I - 1)) / (sw - sw2 / sw))
        return (phi, tau2)
    }

    /// R type-7 (linear interpolation) sample quantile of sorted data.
    static func type7Quantile(_ sorted: [Double], _ q: Double) -> Double {
        let h = Double(sorted.count - 1) * q
        let i = Int(h.rounded(.down))
        if i + 1 >= sorted.count { return sorted[sorted.count - 1] }
        return sorted[i] + (h - Double(i)) * (sorted[i + 1] - sorted[i])
    }

    /// Classifies every area against a funnel around `target` (default: the pooled value
    /// Σx/Σn). With `adjustForOverdispersion`, limits use τ² when φ indicates overdispersion.
    ///
    /// - Complexity: O(I · quantile) for exact limits, O(I log I) for the adjustment.
    public static func analyse(_ points: [Point], statistic: Statistic, target: Double? = nil,
                               adjustForOverdispersion: Bool = false,
                               proportionLimits: ProportionLimits = .exactBinomial) throws(IndicatorsError) -> Result {
        guard points.count >= 2 else { throw .notEnoughData(required: 2, got: points.count, statistic: "funnel plot") }
        for p in points {
            try checkCount(p.numerator, "numerator (\(p.area))")
            try checkDenominator(p.denominator, "denominator (\(p.area))")
            if statistic == .proportion {
                guard p.numerator <= p.denominator else { throw .numeratorExceedsDenominator(numerator: p.numerator, denominator: p.denominator) }
                guard p.denominator == p.denominator.rounded() else { throw .invalidCount(p.denominator, field: "denominator (\(p.area))") }
            }
        }
        let theta = target ?? points.reduce(0) { $0 + $1.numerator } / points.reduce(0) { $0 + $1.denominator }
        guard theta > 0, statistic == .rate || theta < 1 else {
            throw .invalidDenominator(theta, field: "funnel target (must be > 0, and < 1 for a proportion)")
        }
        var phi = 1.0, tau2 = 0.0
        if adjustForOverdispersion {
            let y = points.map { $0.numerator / $0.denominator }
            let s = points.map { statistic == .proportion ? (theta * (1 - theta) / $0.denominator).squareRoot() : (theta / $0.denominator).squareRoot() }
            (phi, tau2) = overdispersion(values: y, standardErrors: s, target: theta)
        }
        let classified = points.map { p -> ClassifiedPoint in
            let lim = tau2 > 0
                ? overdispersedLimits(statistic: statistic, target: theta, size: p.denominator, tau2: tau2)
                : (statistic == .proportion && proportionLimits == .wilsonInverted
                    ? wilsonInvertedLimits(target: theta, size: p.denominator)
                    : limits(statistic: statistic, target: theta, size: p.denominator))
            let y = p.numerator / p.denominator
            let c: Classification
            if y > lim.upper998 { c = .above998 }
            else if y > lim.upper95 { c = .above95 }
            else if y < lim.lower998 { c = .below998 }
            else if y < lim.lower95 { c = .below95 }
            else { c = .within }
            return ClassifiedPoint(area: p.area, numerator: p.numerator, denominator: p.denominator,
                                   value: y, limits: lim, classification: c)
        }
        return Result(statistic: statistic, target: theta, phi: phi, tau2: tau2,
                      overdispersionAdjusted: tau2 > 0, points: classified)
    }

    /// Limits on a grid of sizes from `minSize` to `maxSize` (geometric, `count` points) for
    /// drawing the funnel.
    public static func curve(statistic: Statistic, target: Double, minSize: Double, maxSize: Double,
                             count: Int = 100, tau2: Double = 0,
                             proportionLimits: ProportionLimits = .exactBinomial) -> [Limits] {
        precondition(minSize > 0 && maxSize >= minSize && count >= 2, "funnel curve needs 0 < minSize <= maxSize and count >= 2")
        var out: [Limits] = []
        var last = -1.0
        for i in 0..<count {
            var n = minSize * pow(maxSize / minSize, Double(i) / Double(count - 1))
            if statistic == .proportion { n = max(1, n.rounded()) }
            if n == last { continue }
            last = n
            if tau2 > 0 {
                out.append(overdispersedLimits(statistic: statistic, target: target, size: n, tau2: tau2))
            } else if statistic == .proportion && proportionLimits == .wilsonInverted {
                out.append(wilsonInvertedLimits(target: target, size: n))
            } else {
                out.append(limits(statistic: statistic, target: target, size: n))
            }
        }
        return out
    }
}
