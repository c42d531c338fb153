// SPDX-License-Identifier: GPL-3.0-or-later
import Distributions

/// A standard population for direct standardisation: band labels and weights.
public struct StandardPopulation: Hashable, Sendable, Codable {
    public var name: String
    public var bands: [String]
    public var weights: [Double]

    /// - Precondition: equal, non-zero lengths; weights non-negative with a positive sum.
    public init(name: String, bands: [String], weights: [Double]) {
        precondition(!weights.isEmpty && bands.count == weights.count,
                     "standard population needs one label per weight (\(bands.count) labels, \(weights.count) weights)")
        precondition(weights.allSatisfy { $0 >= 0 && $0.isFinite } && weights.reduce(0, +) > 0,
                     "standard population weights must be non-negative with a positive sum")
        self.name = name
        self.bands = bands
        self.weights = weights
    }

    /// European Standard Population 2013, 19 five-year bands 0–4 … 85–89, 90+ (total 100,000),
    /// as used by OHID/ONS and PHEindicatormethods `esp2013`. Source: Eurostat (2013) *Revision
    /// of the European Standard Population*, Methodologies and Working papers.
    public static let esp2013 = StandardPopulation(
        name: "ESP2013",
        bands: ["0-4", "5-9", "10-14", "15-19", "20-24", "25-29", "30-34", "35-39", "40-44", "45-49",
                "50-54", "55-59", "60-64", "65-69", "70-74", "75-79", "80-84", "85-89", "90+"],
        weights: [5000, 5500, 5500, 5500, 6000, 6000, 6500, 7000, 7000, 7000,
                  7000, 6500, 6000, 5500, 5000, 4000, 2500, 1500, 1000])
}

/// Directly standardised rates (DSR) by the Dobson method.
///
/// With band counts Oᵢ, populations nᵢ and standard weights wᵢ (W = Σwᵢ), O = ΣOᵢ:
///
///     DSR      = Σ wᵢ Oᵢ / nᵢ / W
///     var(DSR) = Σ wᵢ² Oᵢ / nᵢ² / W²
///     limits   = DSR + √(var/O) × (O_lower − O)      (and O_upper for the upper limit)
///
/// where O_lower, O_upper are Byar's limits on the total count O (PHEindicatormethods
/// `phe_dsr`, which always uses Byar's method here). `countMethod: .exact` substitutes exact
/// Poisson limits for O (Dobson's original construction allows any interval on O).
///
/// Small-count rule: PHE do not publish DSRs for O < 10 — this throws
/// `totalCountBelowMinimum` (set `minimumTotalCount: 0` to compute anyway).
///
/// Reference: Dobson AJ, Kuulasmaa K, Eberle E, Scherer J (1991) Confidence intervals for
/// weighted sums of Poisson parameters. Stat Med 10:457–462. doi:10.1002/sim.4780100317.
public enum DirectlyStandardisedRate {
    /// - Complexity: O(bands).
    public static func estimate(counts: [Double], populations: [Double],
                                standard: StandardPopulation = .esp2013,
                                level: ConfidenceLevel = .p95, multiplier: Double = 100_000,
                                countMethod: PoissonCountMethod = .byar,
                                criticalValue: CriticalValue = .exact,
                                minimumTotalCount: Double = 10) throws(IndicatorsError) -> IndicatorEstimate {
        let k = standard.weights.count
        guard counts.count == k else { throw .lengthMismatch(expected: k, got: counts.count, what: "DSR counts vs \(standard.name) bands") }
        guard populations.count == k else { throw .lengthMismatch(expected: k, got: populations.count, what: "DSR populations vs \(standard.name) bands") }
        var total = 0.0, weighted = 0.0, variance = 0.0, popTotal = 0.0
        let wSum = standard.weights.reduce(0, +)
        for i in 0..<k {
            try checkCount(counts[i], "count[\(standard.bands[i])]")
            try checkDenominator(populations[i], "population[\(standard.bands[i])]")
            let r = standard.weights[i] / populations[i]
            total += counts[i]
            popTotal += populations[i]
            weighted += counts[i] * r
            variance += counts[i] * r * r
        }
        guard total >= minimumTotalCount, total > 0 else {
            throw .totalCountBelowMinimum(total: total, minimum: max(minimumTotalCount, 1), statistic: "DSR")
        }
        let dsr = weighted / wSum
        let v = variance / (wSum * wSum)
        let (ol, ou, _) = PoissonCount.limits(total, level: level, method: countMethod == .phe ? .byar : countMethod,
                                              criticalValue: criticalValue)
        let s = (v / total).squareRoot()
        return IndicatorEstimate(
            value: dsr * multiplier,
            interval: ConfidenceInterval(level: level, lower: (dsr + s * (ol - total)) * multiplier,
                                         upper: (dsr + s * (ou - total)) * multiplier),
            method: .dobson, numerator: total, denominator: popTotal, multiplier: multiplier)
    }
}

/// Indirectly standardised ratios (SMR/ISR ratio) and rates.
///
/// Expected E = Σ (reference count ᵢ / reference population ᵢ) × local population ᵢ.
///
///     ratio = O / E × 100                      (SMR, `phe_smr`)
///     rate  = O / E × reference crude rate     (ISR, `phe_isr`/`calculate_ISRate`)
///
/// Limits are Poisson limits on O divided by E and scaled the same way; `.phe` uses exact
/// limits for O < 10 and Byar's method otherwise.
public enum IndirectlyStandardised {
    public enum Form: Hashable, Sendable, Codable {
        /// O/E × 100.
        case ratio
        /// O/E × reference rate per `multiplier`.
        case rate(multiplier: Double)
    }

    /// Expected count from reference band rates. O(bands).
    public static func expected(populations: [Double], referenceCounts: [Double],
                                referencePopulations: [Double]) throws(IndicatorsError) -> Double {
        guard referenceCounts.count == populations.count else {
            throw .lengthMismatch(expected: populations.count, got: referenceCounts.count, what: "reference counts vs local bands")
        }
        guard referencePopulations.count == populations.count else {
            throw .lengthMismatch(expected: populations.count, got: referencePopulations.count, what: "reference populations vs local bands")
        }
        var e = 0.0
        for i in populations.indices {
            guard populations[i].isFinite, populations[i] >= 0 else { throw .invalidDenominator(populations[i], field: "population[\(i)]") }
            try checkDenominator(referencePopulations[i], "referencePopulation[\(i)]")
            guard referenceCounts[i].isFinite, referenceCounts[i] >= 0 else { throw .invalidCount(referenceCounts[i], field: "referenceCount[\(i)]") }
            e += referenceCounts[i] / referencePopulations[i] * populations[i]
        }
        return e
    }

    /// - Complexity: O(bands).
    public static func estimate(observed o: Double, populations: [Double], referenceCounts: [Double],
                                referencePopulations: [Double], form: Form = .ratio,
                                level: ConfidenceLevel = .p95, method: PoissonCountMethod = .phe,
                                criticalValue: CriticalValue = .exact) throws(IndicatorsError) -> IndicatorEstimate {
        try checkCount(o, "observed")
        let e = try expected(populations: populations, referenceCounts: referenceCounts,
                             referencePopulations: referencePopulations)
        try checkDenominator(e, "expected")
        let scale: Double, mult: Double
        switch form {
        case .ratio:
            scale = 100; mult = 100
        case .rate(let m):
            scale = referenceCounts.reduce(0, +) / referencePopulations.reduce(0, +) * m; mult = m
        }
        let (l, u, m) = PoissonCount.limits(o, level: level, method: method, criticalValue: criticalValue)
        return IndicatorEstimate(
            value: o / e * scale,
            interval: ConfidenceInterval(level: level, lower: l / e * scale, upper: u / e * scale),
            method: m, numerator: o, denominator: e, multiplier: mult)
    }
}
