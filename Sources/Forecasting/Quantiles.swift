import Distributions

// The only place Forecasting touches the Distributions module: the standard normal and Student-t
// quantiles used by every analytic prediction interval.

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
