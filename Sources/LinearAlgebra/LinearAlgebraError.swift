// SPDX-License-Identifier: GPL-3.0-or-later
/// Numerical conditions reported by LAPACK (`info > 0`) and by the solvers built on it.
///
/// Illegal arguments (`info < 0`) are programming errors in this module and trap with a
/// precondition naming the routine and argument; they are never returned as values.
public enum LinearAlgebraError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Cholesky: the leading minor of this order (1-based) is not positive definite.
    case notPositiveDefinite(routine: String, minor: Int)
    /// LU / triangular solve: U(i,i) or R(i,i) is exactly zero (1-based index).
    case singular(routine: String, index: Int)
    /// An iterative decomposition (SVD, eigen) failed to converge; `info` as LAPACK gave it.
    case noConvergence(routine: String, info: Int)
    /// Least squares: fewer observations than estimable coefficients, or no columns.
    case tooFewObservations(observations: Int, parameters: Int)
    /// A non-finite value (NaN or ±∞) in the input at (row, column), 0-based.
    case nonFiniteInput(row: Int, column: Int)

    public var description: String {
        switch self {
        case let .notPositiveDefinite(r, k):
            return "\(r): the leading minor of order \(k) is not positive definite"
        case let .singular(r, i):
            return "\(r): matrix is singular (diagonal element \(i) is exactly zero)"
        case let .noConvergence(r, info):
            return "\(r): did not converge (info = \(info))"
        case let .tooFewObservations(n, p):
            return "least squares needs more observations than coefficients: \(n) observations, \(p) coefficients"
        case let .nonFiniteInput(i, j):
            return "non-finite value (NaN or infinity) in row \(i + 1), column \(j + 1)"
        }
    }
}
