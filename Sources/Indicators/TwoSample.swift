// SPDX-License-Identifier: GPL-3.0-or-later
import Distributions

/// The result of a two-sample comparison: an effect estimate with its interval and a p-value.
public struct TwoSampleResult: Hashable, Sendable, Codable {
    /// Difference p₁ − p₂ or ratio r₁/r₂.
    public var estimate: Double
    public var interval: ConfidenceInterval
    /// Test statistic (z for a difference; NaN for the exact conditional test).
    public var statistic: Double
    /// Two-sided p-value for no difference (difference 0 or ratio 1).
    public var pValue: Double
    public var method: String
}

/// Proper two-sample tests for analysts who want one instead of the Fingertips CI rule.
public enum TwoSample {
    /// Difference of two independent proportions p₁ − p₂.
    ///
    /// Interval: Newcombe (1998) hybrid score ("method 10") built from the two Wilson
    /// intervals (l₁,u₁), (l₂,u₂):
    ///
    ///     lower = d − √((p₁ − l₁)² + (u₂ − p₂)²),   upper = d + √((u₁ − p₁)² + (p₂ − l₂)²)
    ///
    /// p-value: pooled z test, z = d / √(p̄(1 − p̄)(1/n₁ + 1/n₂)) — identical to the Pearson χ²
    /// test on the 2×2 table without continuity correction (R `prop.test(correct = FALSE)`).
    /// Matches statsmodels `confint_proportions_2indep(method="newcomb")`.
    ///
    /// Reference: Newcombe RG (1998) Stat Med 17:873–890. doi:10.1002/(SICI)1097-0258(19980430)17:8<873::AID-SIM779>3.0.CO;2-I
    public static func proportionDifference(successes x1: Double, trials n1: Double,
                                            successes x2: Double, trials n2: Double,
                                            level: ConfidenceLevel = .p95) throws(IndicatorsError) -> TwoSampleResult {
        let a = try Proportion.wilson(successes: x1, trials: n1, level: level)
        let b = try Proportion.wilson(successes: x2, trials: n2, level: level)
        let p1 = x1 / n1, p2 = x2 / n2, d = p1 - p2
        let lo = d - ((p1 - a.lower) * (p1 - a.lower) + (b.upper - p2) * (b.upper - p2)).squareRoot()
        let hi = d + ((a.upper - p1) * (a.upper - p1) + (p2 - b.lower) * (p2 - b.lower)).squareRoot()
        let pp = (x1 + x2) / (n1 + n2)
        let se = (pp * (1 - pp) * (1 / n1 + 1 / n2)).squareRoot()
        let z = se > 0 ? d / se : 0
        let p = se > 0 ? min(1, 2 * standardNormalSurvival(abs(z))) : 1
        return TwoSampleResult(estimate: d, interval: ConfidenceInterval(level: level, lower: lo, upper: hi),
                               statistic: z, pValue: p, method: "Newcombe hybrid score CI; pooled z test")
    }

    /// Ratio of two Poisson rates (O₁/E₁)/(O₂/E₂), exact conditional method.
    ///
    /// Given T = O₁ + O₂, O₁ ~ Binomial(T, π) with π = ρE₁/(ρE₁ + E₂). The Clopper–Pearson
    /// interval for π (beta quantiles) is mapped to ρ = π/(1 − π) · E₂/E₁. The p-value is the
    /// central one, 2·min(P(X ≤ O₁), P(X ≥ O₁)) at π₀ = E₁/(E₁ + E₂), the test this interval
    /// inverts. R `binom.test`/`poisson.test` and scipy `binomtest` report the "minimum
    /// likelihood" two-sided p-value instead, which can be slightly smaller.
    ///
    /// Reference: Breslow NE, Day NE (1987) vol. II, §2.2; Clopper CJ, Pearson ES (1934)
    /// Biometrika 26:404–413.
    public static func rateRatio(count o1: Double, exposure e1: Double,
                                 count o2: Double, exposure e2: Double,
                                 level: ConfidenceLevel = .p95) throws(IndicatorsError) -> TwoSampleResult {
        try checkCount(o1, "count 1"); try checkCount(o2, "count 2")
        try checkDenominator(e1, "exposure 1"); try checkDenominator(e2, "exposure 2")
        guard o1 + o2 > 0 else { throw .notEnoughData(required: 1, got: 0, statistic: "rate ratio (no events in either group)") }
        let pl = o1 > 0 ? betaQuantile(level.lowerTail, alpha: o1, beta: o2 + 1) : 0
        let pu = o2 > 0 ? betaQuantile(level.upperTail, alpha: o1 + 1, beta: o2) : 1
        let lo = pl / (1 - pl) * e2 / e1
        let hi = pu < 1 ? pu / (1 - pu) * e2 / e1 : .infinity
        let t = Int(o1 + o2), k = Int(o1)
        let p0 = e1 / (e1 + e2)
        let lowerTail = binomialCDF(k, trials: t, probability: p0)
        let upperTail = binomialSurvival(k - 1, trials: t, probability: p0)
        let p = min(1, 2 * min(lowerTail, upperTail))
        return TwoSampleResult(estimate: (o1 / e1) / (o2 / e2),
                               interval: ConfidenceInterval(level: level, lower: lo, upper: hi),
                               statistic: .nan, pValue: p, method: "exact conditional (binomial) rate ratio")
    }
}
