// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import LinearAlgebra

extension LinearModel {
    /// Fits the same design to many series of equal length and calendar at once (the panel case:
    /// e.g. a trend + season model for every LSOA or crime type).
    ///
    /// One QR of the shared n×p design X = QR, then for all m series together
    /// B = R⁻¹(QᵀY) and residuals Y − Q(QᵀY): two level-3 BLAS products instead of m separate
    /// factorisations, O(n·p·m) work. Accuracy is that of Householder QR (≈ κ(X)·ε relative), the same
    /// as one ``fit(_:calendar:)`` without refinement; trend + dummies designs have κ ≈ 10³.
    ///
    /// - Parameter y: n×m matrix, one column per series.
    /// - Returns: per-series coefficients, standard errors, σ̂ and R². A constant series is not an
    ///   error here (one bad column must not stop a panel): its σ̂ is 0 and R² is NaN, as R's `lm`.
    /// - Throws: ``RegressionError/tooFewObservations(observations:parameters:)``,
    ///   ``RegressionError/collinearTerms(_:)``, ``RegressionError/nonFiniteValue(index:column:)``
    ///   (column = series number).
    public func fitPanel(_ y: Matrix, calendar: SeriesCalendar) throws(RegressionError) -> PanelLinearFit {
        let n = y.rows, m = y.columns
        for j in 0..<m {
            for i in 0..<n where !y.storage[i + j * n].isFinite { throw .nonFiniteValue(index: i, column: "series \(j + 1)") }
        }
        let design = try spec.design(calendar: calendar, rows: 0..<n, observations: n)
        let p = design.columns
        guard n > p else { throw .tooFewObservations(observations: n, parameters: p) }
        // Rank check (and names of aliased terms) on the design alone.
        precondition(m >= 1, "fitPanel needs at least one series")
        _ = try LinearFitCore.leastSquares(design, y.column(0))
        let qr = QRDecomposition(design.matrix)
        let q = qr.thinQ
        let rInverse: Matrix
        do { rInverse = try Matrix.solve(qr.r, .identity(p)) } catch { throw .numerical("panel fit: R is singular: \(error)") }
        var qty = Matrix(rows: p, columns: m)
        Matrix.gemm(q, transposeA: true, y, into: &qty)
        let b = rInverse * qty
        var resid = y
        Matrix.gemm(q, qty, alpha: -1, beta: 1, into: &resid)
        let unscaled = rInverse * rInverse.transposed
        let df = n - p
        var sigma = [Double](repeating: 0, count: m), r2 = [Double](repeating: 0, count: m)
        var se = Matrix(rows: p, columns: m)
        let diag = unscaled.diagonal
        for j in 0..<m {
            var rss = 0.0, mean = 0.0, tss = 0.0
            let base = j * n
            for i in 0..<n { let e = resid.storage[base + i]; rss += e * e; mean += y.storage[base + i] }
            mean /= Double(n)
            for i in 0..<n {
                let d = design.hasIntercept ? y.storage[base + i] - mean : y.storage[base + i]
                tss += d * d
            }
            let s2 = rss / Double(df)
            sigma[j] = s2.squareRoot()
            r2[j] = tss > 0 ? 1 - rss / tss : .nan
            for k in 0..<p { se.storage[k + j * p] = (diag[k] * s2).squareRoot() }
        }
        return PanelLinearFit(terms: design.names, coefficients: b, standardErrors: se, sigma: sigma, rSquared: r2,
                              residualDegreesOfFreedom: df, unscaledCovariance: unscaled)
    }
}

/// Results of ``LinearModel/fitPanel(_:calendar:)``: column j of each matrix belongs to series j.
public struct PanelLinearFit: Sendable {
    public let terms: [String]
    /// p×m.
    public let coefficients: Matrix
    /// p×m classical standard errors.
    public let standardErrors: Matrix
    public let sigma: [Double]
    public let rSquared: [Double]
    public let residualDegreesOfFreedom: Int
    /// (XᵀX)⁻¹, shared by every series.
    public let unscaledCovariance: Matrix

    public var seriesCount: Int { coefficients.columns }

    /// The coefficient table of series j (t with n − p degrees of freedom).
    public func coefficientTable(series j: Int, level: Double = 0.95) -> CoefficientTable {
        let s2 = sigma[j] * sigma[j]
        let v = Matrix(rows: terms.count, columns: terms.count, columnMajor: unscaledCovariance.storage.map { $0 * s2 })
        return CoefficientTable(terms: terms, estimates: coefficients.column(j), covariance: v,
                                reference: .studentT(degreesOfFreedom: residualDegreesOfFreedom), level: level, label: "classical")
    }
}
