// SPDX-License-Identifier: GPL-3.0-or-later
import Distributions

// Where Forecasting touches the Distributions module: the standard normal and Student-t quantiles
// used by every Gaussian prediction interval (the count intervals of the intermittent methods use
// its Poisson and negative binomial quantiles, in CountIntervals.swift).

/// Standard normal quantile Φ⁻¹(p).
func normalQuantile(_ p: Double) -> Double {
    Normal(mean: 0, standardDeviation: 1).quantile(p)
}

/// Student-t quantile with `df` degrees of freedom.
func studentTQuantile(_ p: Double, degreesOfFreedom df: Double) -> Double {
    StudentT(degreesOfFreedom: df).quantile(p)
}

/// Half-width multiplier z such that mean ± z·se has coverage `level` percent.
func normalMultiplier(level: Double) -> Double {
    normalQuantile(0.5 + level / 200)
}

/// Seeded standard-normal stream for simulated prediction intervals (xoshiro256** from
/// Distributions). Results are reproducible for a given seed but are not R's random numbers.
struct SimulationRandom {
    var generator: Xoshiro256StarStar
    let normal01 = Normal(mean: 0, standardDeviation: 1)
    init(seed: UInt64) { generator = Xoshiro256StarStar(seed: seed) }
    mutating func normal() -> Double { normal01.sample(using: &generator) }
}
