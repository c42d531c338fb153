// SPDX-License-Identifier: GPL-3.0-or-later
import Distributions

/// Confidence limits for a Poisson count, the building block for crude rates, DSRs and ISRs.
///
/// **Exact (χ²) limits** (Garwood 1936; PHE Technical Guide): for an observed count O,
///
///     lower = χ²(α/2; 2O) / 2        (0 when O = 0)
///     upper = χ²(1 − α/2; 2O + 2) / 2
///
/// **Byar's method** (Breslow & Day 1987, *Statistical Methods in Cancer Research* vol. II,
/// IARC): a cube-root approximation to the exact limits,
///
///     lower = O (1 − 1/(9O) − z/(3√O))³
///     upper = (O + 1)(1 − 1/(9(O + 1)) + z/(3√(O + 1)))³
///
/// **Small-count rule** (`.phe`, PHEindicatormethods `phe_rate`/`phe_isr`): exact limits for
/// O < 10, Byar's method for O ≥ 10.
///
/// At O = 0 the Byar lower limit is undefined (0/0); it is returned as 0, the exact value.
/// For O ≥ 1 at very high confidence the Byar lower cube can be negative (e.g. O = 1 at
/// 99.8%); PHEindicatormethods returns NA there, this module returns 0 and the `.phe` rule
/// never reaches that case.
public enum PoissonCountMethod: String, Hashable, Sendable, Codable, CaseIterable {
    /// Exact limits for counts < 10, Byar's method otherwise (PHE/OHID default).
    case phe
    /// Byar's method for every count.
    case byar
    /// Exact χ² limits for every count.
    case exact

    /// The method actually applied to a count.
    public func resolved(for count: Double) -> IntervalMethod {
        switch self {
        case .phe: return count < 10 ? .exactPoisson : .byar
        case .byar: return .byar
        case .exact: return .exactPoisson
        }
    }
}

public enum PoissonCount {
    /// Byar's limits for a count (see `PoissonCountMethod`). O(1).
    public static func byar(_ o: Double, level: ConfidenceLevel,
                            criticalValue: CriticalValue = .exact) -> (lower: Double, upper: Double) {
        byar(o, z: criticalValue.z(level))
    }

    /// Byar's limits with an explicit critical value z.
    public static func byar(_ o: Double, z: Double) -> (lower: Double, upper: Double) {
        let lower: Double
        if o == 0 {
            lower = 0
        } else {
            let c = 1 - 1 / (9 * o) - z / (3 * o.squareRoot())
            lower = c > 0 ? o * c * c * c : 0
        }
        let o1 = o + 1
        let d = 1 - 1 / (9 * o1) + z / (3 * o1.squareRoot())
        return (lower, o1 * d * d * d)
    }

    /// Exact Poisson limits from χ² quantiles (see `PoissonCountMethod`). O(quantile).
    public static func exact(_ o: Double, level: ConfidenceLevel) -> (lower: Double, upper: Double) {
        let lower = o == 0 ? 0 : chiSquaredQuantile(level.lowerTail, degreesOfFreedom: 2 * o) / 2
        let upper = chiSquaredQuantile(level.upperTail, degreesOfFreedom: 2 * o + 2) / 2
        return (lower, upper)
    }

    /// Limits on a count by the chosen method, with the method that was applied.
    public static func limits(_ o: Double, level: ConfidenceLevel, method: PoissonCountMethod = .phe,
                              criticalValue: CriticalValue = .exact)
        -> (lower: Double, upper: Double, method: IntervalMethod)
    {
        let m = method.resolved(for: o)
        let (l, u) = m == .byar ? byar(o, level: level, criticalValue: criticalValue) : exact(o, level: level)
        return (l, u, m)
    }
}

/// Crude rates per `multiplier` (default per 100,000) with Poisson limits on the count.
///
///     value = O / N × multiplier,   limits = (count limits) / N × multiplier
///
/// Method: `.phe` (exact for O < 10, Byar otherwise; PHEindicatormethods `phe_rate`), or
/// `.byar` / `.exact` for every count. The bundled Fingertips export (Campylobacter incidence)
/// was published with exact limits for "All ages" and Byar's method with z = 1.96 for
/// "0-9 yrs" — see docs/Indicators.md.
public enum CrudeRate {
    /// - Complexity: O(1) (one or two χ² quantiles).
    public static func estimate(count o: Double, denominator n: Double, level: ConfidenceLevel = .p95,
                                multiplier: Double = 100_000, method: PoissonCountMethod = .phe,
                                criticalValue: CriticalValue = .exact) throws(IndicatorsError) -> IndicatorEstimate {
        try checkCount(o, "count")
        try checkDenominator(n, "denominator")
        let (l, u, m) = PoissonCount.limits(o, level: level, method: method, criticalValue: criticalValue)
        return IndicatorEstimate(
            value: o / n * multiplier,
            interval: ConfidenceInterval(level: level, lower: l / n * multiplier, upper: u / n * multiplier),
            method: m, numerator: o, denominator: n, multiplier: multiplier)
    }
}
