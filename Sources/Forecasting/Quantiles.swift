// SPDX-License-Identifier: GPL-3.0-or-later
import Distributions

// Where Forecasting touches the Distributions module: the Student-t quantile and the normal
// multiplier used by Gaussian prediction intervals (other code calls `Normal.standard.quantile`
// directly; the count intervals of the intermittent methods use its Poisson and negative binomial
// quantiles, in CountIntervals.swift).

/// Student-t quantile with `df` degrees of freedom.
func studentTQuantile(_ p: Double, degreesOfFreedom df: Double) -> Double {
    StudentT(degreesOfFreedom: df).quantile(p)
}

/// Half-width multiplier z such that mean ± z·se has coverage `level` percent.
func normalMultiplier(level: Double) -> Double {
    Normal.standard.quantile(0.5 + level / 200)
}

/// Seeded standard-normal stream for simulated prediction intervals (xoshiro256** from
/// Distributions). Results are reproducible for a given seed but are not R's random numbers.
struct SimulationRandom {
    var generator: Xoshiro256StarStar
    let normal01 = Normal.standard
    init(seed: UInt64) { generator = Xoshiro256StarStar(seed: seed) }
    mutating func normal() -> Double { normal01.sample(using: &generator) }
}
