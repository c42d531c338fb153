// SPDX-License-Identifier: GPL-3.0-or-later
import Distributions

/// Which interval method produced an estimate's limits.
public enum IntervalMethod: String, Hashable, Sendable, Codable, CaseIterable {
    /// Wilson score interval for a proportion.
    case wilson
    /// Byar's approximation to exact Poisson limits on a count.
    case byar
    /// Exact Poisson limits on a count from χ² quantiles.
    case exactPoisson
    /// Dobson et al. (1991) limits for a weighted sum of Poisson counts (DSR), Byar on the total.
    case dobson
    /// Student t interval for a mean.
    case studentT
}

/// A confidence interval at one level.
public struct ConfidenceInterval: Hashable, Sendable, Codable {
    public var level: ConfidenceLevel
    public var lower: Double
    public var upper: Double

    public init(level: ConfidenceLevel, lower: Double, upper: Double) {
        self.level = level
        self.lower = lower
        self.upper = upper
    }

    /// True when `x` lies in the closed interval [lower, upper].
    public func contains(_ x: Double) -> Bool { lower <= x && x <= upper }
}

/// An indicator value with its confidence interval, the method used, and its inputs.
///
/// `value`, `lower` and `upper` are on the published scale (already multiplied by
/// `multiplier`: 100 for a percentage, 100,000 for a rate per 100,000).
public struct IndicatorEstimate: Hashable, Sendable, Codable {
    public var value: Double
    public var interval: ConfidenceInterval
    public var method: IntervalMethod
    /// Numerator (count, events, observed deaths); for a mean, the number of observations.
    public var numerator: Double
    /// Denominator (trials, population, expected count); for a mean, the standard error.
    public var denominator: Double
    public var multiplier: Double

    public var lower: Double { interval.lower }
    public var upper: Double { interval.upper }
    public var level: ConfidenceLevel { interval.level }

    public init(value: Double, interval: ConfidenceInterval, method: IntervalMethod,
                numerator: Double, denominator: Double, multiplier: Double) {
        self.value = value
        self.interval = interval
        self.method = method
        self.numerator = numerator
        self.denominator = denominator
        self.multiplier = multiplier
    }
}
