// SPDX-License-Identifier: GPL-3.0-or-later
/// Data problems found while building a design or fitting a regression model.
///
/// Programmer misuse (mismatched array lengths passed by code, negative horizons) traps with a
/// `precondition`; everything an analyst can cause with their data or options is one of these cases,
/// and each description says what was wrong, with the offending value and what was expected.
public enum RegressionError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Fewer observations than coefficients (or no residual degrees of freedom).
    case tooFewObservations(observations: Int, parameters: Int)
    /// The response is the same value everywhere: there is nothing for a regression to explain.
    case constantResponse(value: Double)
    /// Count models need every count to be an integer ≥ 0; `index` is 0-based.
    case invalidCount(index: Int, value: Double)
    /// Every count is zero: a log-linear model has no finite maximum-likelihood estimate.
    case allZeroCounts
    /// An exposure (population, offset base) that is not finite and > 0; `index` is 0-based.
    case invalidExposure(index: Int, value: Double)
    /// A non-finite value (NaN, ±∞) in the response (`column == nil`) or in a named design column.
    case nonFiniteValue(index: Int, column: String?)
    /// Design columns that are exact or numerical linear combinations of earlier ones.
    case collinearTerms([String])
    /// A term specification (trend, season, intervention list) that could not be read.
    case invalidTermSpecification(String, expected: String)
    /// An intervention or calendar label that could not be read, with what was expected.
    case invalidPeriod(String, expected: String)
    /// An intervention date that falls outside the observed series (it would be collinear or empty).
    case interventionOutsideSeries(term: String, index: Int, observations: Int)
    /// A user regressor or offset whose length does not cover the observations (plus the forecast horizon).
    case lengthMismatch(name: String, count: Int, expected: Int)
    /// A Fourier order K outside 1…⌊frequency/2⌋, or a polynomial degree outside 1…6.
    case invalidTermOrder(term: String, value: Int, allowed: ClosedRange<Int>)
    /// Fourier terms asked of a series with no seasonal cycle (annual data).
    case noSeasonalCycle(term: String)
    /// IRLS or the θ alternation did not converge.
    case didNotConverge(model: String, iterations: Int, detail: String)
    /// A linear-algebra failure that is not one of the above.
    case numerical(String)

    public var description: String {
        switch self {
        case let .tooFewObservations(n, p):
            return "too few observations: \(n) observations for \(p) coefficients (need at least \(p + 1))"
        case let .constantResponse(v):
            return "the series is constant (every value is \(v)); a regression has nothing to explain"
        case let .invalidCount(i, v):
            return "observation \(i + 1): \(v) is not a count (expected an integer ≥ 0)"
        case .allZeroCounts:
            return "every count is zero: a log-linear count model has no finite estimate"
        case let .invalidExposure(i, v):
            return "observation \(i + 1): exposure \(v) is not usable (expected a finite number > 0, e.g. a population)"
        case let .nonFiniteValue(i, c):
            return "observation \(i + 1)\(c.map { ", column \($0)" } ?? ""): value is NaN or infinite"
        case let .collinearTerms(names):
            return "collinear design terms (linear combinations of earlier terms): \(names.joined(separator: ", "))"
        case let .invalidTermSpecification(s, expected):
            return "cannot read '\(s)': expected \(expected)"
        case let .invalidPeriod(s, expected):
            return "cannot read period '\(s)': expected \(expected)"
        case let .interventionOutsideSeries(term, i, n):
            return "\(term): the intervention is at observation \(i + 1) but the series has observations 1…\(n); it must fall in 2…\(n)"
        case let .lengthMismatch(name, count, expected):
            return "\(name) has \(count) values; expected \(expected)"
        case let .invalidTermOrder(term, v, allowed):
            return "\(term) = \(v) is outside the allowed range \(allowed.lowerBound)…\(allowed.upperBound)"
        case let .noSeasonalCycle(term):
            return "\(term) needs a seasonal series (monthly or quarterly); annual series have no season"
        case let .didNotConverge(model, it, detail):
            return "\(model) did not converge after \(it) iterations: \(detail)"
        case let .numerical(s):
            return "numerical failure: \(s)"
        }
    }
}
