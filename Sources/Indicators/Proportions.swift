// SPDX-License-Identifier: GPL-3.0-or-later
import Distributions

/// Proportions with Wilson score confidence intervals.
///
/// For x successes in n trials and z = Φ⁻¹(1 − α/2):
///
///     lower, upper = (2x + z² ∓ z √(z² + 4x(1 − x/n))) / (2(n + z²))
///
/// This is PHEindicatormethods `wilson_lower`/`wilson_upper` and the PHE "Technical Guide:
/// Confidence intervals" method for proportions. It is well behaved at p = 0 (lower = 0) and
/// p = 1 (upper = 1) and needs no small-count rule.
///
/// References: Wilson EB (1927) Probable inference, the law of succession, and statistical
/// inference. JASA 22:209–212. Newcombe RG, Altman DG (2000) in *Statistics with Confidence*,
/// 2nd edn, pp. 46–48.
///
/// Differences from other software: identical to R `prop.test(correct = FALSE)$conf.int` and
/// statsmodels `proportion_confint(method="wilson")`; not the Clopper–Pearson "exact" interval.
public enum Proportion {
    /// The Wilson score interval for `successes` out of `trials` (on the 0–1 scale).
    ///
    /// - Complexity: O(1).
    public static func wilson(successes x: Double, trials n: Double, level: ConfidenceLevel,
                              criticalValue: CriticalValue = .exact) throws(IndicatorsError) -> ConfidenceInterval {
        try checkCount(x, "numerator")
        try checkDenominator(n, "denominator")
        guard x <= n else { throw .numeratorExceedsDenominator(numerator: x, denominator: n) }
        let z = criticalValue.z(level)
        let z2 = z * z
        let root = z * (z2 + 4 * x * (1 - x / n)).squareRoot()
        var lower = (2 * x + z2 - root) / (2 * (n + z2))
        var upper = (2 * x + z2 + root) / (2 * (n + z2))
        // Exact endpoints at p = 0 and p = 1 (the formula gives them up to rounding).
        if x == 0 { lower = 0 }
        if x == n { upper = 1 }
        return ConfidenceInterval(level: level, lower: max(0, lower), upper: min(1, upper))
    }

    /// A proportion x/n × `multiplier` (100 for a percentage) with its Wilson interval.
    public static func estimate(successes x: Double, trials n: Double, level: ConfidenceLevel = .p95,
                                multiplier: Double = 100,
                                criticalValue: CriticalValue = .exact) throws(IndicatorsError) -> IndicatorEstimate {
        let ci = try wilson(successes: x, trials: n, level: level, criticalValue: criticalValue)
        return IndicatorEstimate(
            value: x / n * multiplier,
            interval: ConfidenceInterval(level: level, lower: ci.lower * multiplier, upper: ci.upper * multiplier),
            method: .wilson, numerator: x, denominator: n, multiplier: multiplier)
    }

    /// The smallest number of trials n (with the same observed proportion `p`) at which the
    /// Wilson interval excludes `benchmark`, i.e. the cohort size at which "similar" would
    /// become significantly different. Uses the continuous x = p·n (PHE publish rounded
    /// percentages, so the exact count is unknown). Returns nil if p == benchmark.
    ///
    /// - Complexity: O(log n) evaluations (doubling then bisection on n).
    public static func smallestSignificantSize(proportion p: Double, benchmark: Double,
                                               level: ConfidenceLevel = .p95) -> Int? {
        precondition(p >= 0 && p <= 1 && benchmark >= 0 && benchmark <= 1, "proportions must be in [0, 1]")
        if p == benchmark { return nil }
        func excludes(_ n: Int) -> Bool {
            let nn = Double(n)
            let z = level.z, z2 = z * z, x = p * nn
            let root = z * (z2 + 4 * x * (1 - p)).squareRoot()
            let lo = (2 * x + z2 - root) / (2 * (nn + z2))
            let hi = (2 * x + z2 + root) / (2 * (nn + z2))
            return hi < benchmark || lo > benchmark
        }
        var hi = 1
        while !excludes(hi) {
            hi *= 2
            if hi > 1 << 50 { return nil }
        }
        var lo = hi / 2
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if excludes(mid) { hi = mid } else { lo = mid }
        }
        return hi
    }
}
