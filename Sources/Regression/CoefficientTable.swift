// SPDX-License-Identifier: GPL-3.0-or-later
import Distributions
import Foundation
import LinearAlgebra

/// One line of a coefficient table, as R's `summary()` prints it, plus the Wald confidence interval.
public struct CoefficientEstimate: Sendable, Equatable {
    public let term: String
    public let estimate: Double
    public let standardError: Double
    /// estimate / standardError (t or z, see ``CoefficientTable/referenceDistribution``).
    public let statistic: Double
    /// Two-sided p-value.
    public let pValue: Double
    public let lower: Double
    public let upper: Double
}

/// The distribution Wald statistics are referred to.
public enum ReferenceDistribution: Sendable, Equatable {
    /// Student t with these degrees of freedom (lm; GLMs with estimated dispersion, as R).
    case studentT(degreesOfFreedom: Int)
    /// Standard normal (Poisson and negative-binomial GLMs, as R's `summary.glm`).
    case normal

    /// Two-sided p-value of |statistic|.
    func twoSidedPValue(_ statistic: Double) -> Double {
        guard statistic.isFinite else { return statistic.isNaN ? .nan : 0 }
        switch self {
        case .studentT(let df): return 2 * StudentT(degreesOfFreedom: Double(df)).survival(abs(statistic))
        case .normal: return 2 * Normal().survival(abs(statistic))
        }
    }

    /// The upper (1 + level)/2 quantile.
    func criticalValue(level: Double) -> Double {
        precondition(level > 0 && level < 1, "confidence level must lie in (0, 1), got \(level)")
        switch self {
        case .studentT(let df): return StudentT(degreesOfFreedom: Double(df)).quantile(0.5 + level / 2)
        case .normal: return Normal().quantile(0.5 + level / 2)
        }
    }
}

/// A coefficient table: estimates with standard errors from one covariance estimator.
public struct CoefficientTable: Sendable, Equatable {
    public let rows: [CoefficientEstimate]
    public let referenceDistribution: ReferenceDistribution
    /// Confidence level of `lower`/`upper`.
    public let level: Double
    /// Which covariance the standard errors come from (e.g. "classical", "HC3", "Newey-West (lag 5, prewhitened)").
    public let covariance: String

    init(terms: [String], estimates: [Double], covariance v: Matrix, reference: ReferenceDistribution,
         level: Double, label: String) {
        let crit = reference.criticalValue(level: level)
        rows = terms.indices.map { j in
            let b = estimates[j], se = v[j, j].squareRoot()
            let z = b / se
            return CoefficientEstimate(term: terms[j], estimate: b, standardError: se, statistic: z,
                                       pValue: reference.twoSidedPValue(z), lower: b - crit * se, upper: b + crit * se)
        }
        referenceDistribution = reference
        self.level = level
        covariance = label
    }

    /// The row for `term` (nil if absent).
    public subscript(term: String) -> CoefficientEstimate? { rows.first { $0.term == term } }
}

/// Shared small linear-algebra helpers (kept here so every model uses the same ones).
enum Algebra {
    /// A·B·Aᵀ for symmetric B.
    static func sandwich(_ a: Matrix, _ b: Matrix) -> Matrix {
        let ab = a * b
        var c = Matrix(rows: a.rows, columns: a.rows)
        Matrix.gemm(ab, a, transposeB: true, into: &c)
        return c
    }

    /// xᵀ·V·x.
    static func quadraticForm(_ v: Matrix, _ x: [Double]) -> Double {
        let vx = v.multiply(x)
        var s = 0.0
        for i in x.indices { s += x[i] * vx[i] }
        return s
    }

    /// Row i of X times β.
    static func rowDot(_ x: Matrix, _ i: Int, _ beta: [Double]) -> Double {
        var s = 0.0
        for j in 0..<x.columns { s += x.storage[i + j * x.rows] * beta[j] }
        return s
    }

    /// Leverages hᵢ = xᵢᵀ C xᵢ for C = (XᵀWX)⁻¹ and rows of the (weighted) design.
    static func leverages(_ x: Matrix, _ c: Matrix) -> [Double] {
        let xc = x * c
        var h = [Double](repeating: 0, count: x.rows)
        for j in 0..<x.columns {
            let base = j * x.rows
            for i in 0..<x.rows { h[i] += xc.storage[base + i] * x.storage[base + i] }
        }
        return h
    }
}
