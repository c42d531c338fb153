// SPDX-License-Identifier: GPL-3.0-or-later
import SeriesData

/// Data problems met by the Indicators module. Each case names the offending value and what
/// was expected; file-level cases also name the file, line and field.
///
/// Programmer misuse (a confidence level outside (0, 1), mismatched array lengths passed by
/// code rather than read from data) is a `precondition` failure instead.
public enum IndicatorsError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A count (numerator, observed events) was negative, non-finite or not a whole number.
    case invalidCount(Double, field: String)
    /// A denominator (trials, population, expected count) was not strictly positive and finite.
    case invalidDenominator(Double, field: String)
    /// A proportion's numerator exceeded its denominator.
    case numeratorExceedsDenominator(numerator: Double, denominator: Double)
    /// Too few values for the requested statistic.
    case notEnoughData(required: Int, got: Int, statistic: String)
    /// A standardised rate was requested for a total count below the publication minimum
    /// (PHE: DSRs are not calculated for fewer than 10 events).
    case totalCountBelowMinimum(total: Double, minimum: Double, statistic: String)
    /// Two arrays that must align (age bands, periods) have different lengths.
    case lengthMismatch(expected: Int, got: Int, what: String)
    /// The benchmark area was not found for a period/breakdown.
    case benchmarkNotFound(benchmark: String, key: String)
    /// A file could not be read at all.
    case unreadableFile(path: String, reason: String)
    /// A required column is missing from a file's header.
    case missingColumn(path: String, column: String, header: [String])
    /// A field in a file could not be parsed.
    case malformedField(path: String, line: Int, field: String, value: String, expected: String)
    /// An iterative fit (Poisson trend IRLS) did not converge.
    case didNotConverge(iterations: Int, statistic: String)
    /// The file could not be read by a SeriesData reader (names file, line, field).
    case data(SeriesDataError)

    public var description: String {
        switch self {
        case let .invalidCount(v, field):
            return "\(field) = \(v): expected a finite, non-negative whole number"
        case let .invalidDenominator(v, field):
            return "\(field) = \(v): expected a finite number greater than zero"
        case let .numeratorExceedsDenominator(x, n):
            return "numerator \(x) exceeds denominator \(n): a proportion needs 0 <= numerator <= denominator"
        case let .notEnoughData(required, got, statistic):
            return "\(statistic) needs at least \(required) values, got \(got)"
        case let .totalCountBelowMinimum(total, minimum, statistic):
            return "\(statistic) not calculated: total count \(total) is below the minimum \(minimum)"
        case let .lengthMismatch(expected, got, what):
            return "\(what): expected \(expected) values, got \(got)"
        case let .benchmarkNotFound(benchmark, key):
            return "benchmark '\(benchmark)' has no row for \(key)"
        case let .unreadableFile(path, reason):
            return "\(path): cannot read (\(reason))"
        case let .missingColumn(path, column, header):
            return "\(path): missing column '\(column)' (header has: \(header.joined(separator: ", ")))"
        case let .malformedField(path, line, field, value, expected):
            return "\(path):\(line): field '\(field)' = '\(value)': expected \(expected)"
        case let .didNotConverge(iterations, statistic):
            return "\(statistic): did not converge in \(iterations) iterations"
        case let .data(e):
            return e.description
        }
    }
}

@inline(__always)
func checkCount(_ x: Double, _ field: String) throws(IndicatorsError) {
    guard x.isFinite, x >= 0, x == x.rounded() else { throw .invalidCount(x, field: field) }
}

@inline(__always)
func checkDenominator(_ n: Double, _ field: String) throws(IndicatorsError) {
    guard n.isFinite, n > 0 else { throw .invalidDenominator(n, field: field) }
}
