// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
import _TestSupport
@testable import LinearAlgebra

/// Decompositions on a real design (NIST Longley, columns scaled to unit norm) against
/// numpy/LAPACK and exact rational references in notebooks-data/references/linalg.
struct DecompositionTests {
    struct Reference: Decodable {
        let design_columns_scaled: [[Double]]
        let singular_values: [Double]
        let gram_eigenvalues_ascending: [Double]
        let gram_cholesky_upper_diagonal: [Double]
        let gram_log_det: Double
        let solve_rhs: [Double]
        let solve_exact_rational: [Double]
    }
    static let ref = try! JSONDecoder().decode(
        Reference.self, from: Data(contentsOf: TestSupport.dataURL("references/linalg/reference.json")))
    static var x: Matrix { Matrix(columns: ref.design_columns_scaled) }

    static func maxAbs(_ a: Matrix, _ b: Matrix) -> Double {
        zip(a.storage, b.storage).map { abs($0 - $1) }.max() ?? 0
    }

    @Test func matrixLayoutAndProducts() {
        let a = Matrix(rows: [[1, 2, 3], [4, 5, 6]])
        #expect(a.storage == [1, 4, 2, 5, 3, 6])  // column-major
        #expect(a[1, 2] == 6)
        #expect(a.transposed.rowArrays == [[1, 4], [2, 5], [3, 6]])
        #expect((a * a.transposed).rowArrays == [[14, 32], [32, 77]])
        #expect(a.gram.rowArrays == [[17, 22, 27], [22, 29, 36], [27, 36, 45]])
        #expect(a.multiply([1, 1, 1]) == [6, 15])
        #expect(a.multiply([1, 1], transpose: true) == [5, 7, 9])
    }

    @Test func qrReconstructsAndIsOrthogonal() {
        let x = Self.x
        let qr = QRDecomposition(x)
        let q = qr.thinQ
        #expect(Self.maxAbs(q * qr.r, x) < 1e-14)
        #expect(Self.maxAbs(q.gram, .identity(x.columns)) < 1e-14)
        // Qᵀ applied via dormqr agrees with the explicit thin Q on the first n rows.
        let qtx = qr.applyQTranspose(x)
        for j in 0..<x.columns { for i in 0..<x.columns { #expect(abs(qtx[i, j] - qr.r[i, j]) < 1e-14) } }
    }

    @Test func pivotedQRRankAndOrdering() {
        var cols = Self.ref.design_columns_scaled
        cols.append(cols[2])  // an exact duplicate column
        let qr = PivotedQRDecomposition(Matrix(columns: cols))
        let d = qr.diagonalMagnitudes
        #expect(zip(d, d.dropFirst()).allSatisfy { $0 >= $1 })
        #expect(qr.rank(tolerance: 1e-12) == 7)
        #expect(Set(qr.permutation) == Set(0..<8))
    }

    @Test func svdMatchesNumpy() throws {
        let svd = try SingularValueDecomposition(Self.x)
        for (s, r) in zip(svd.singularValues, Self.ref.singular_values) {
            #expect(abs(s - r) <= 1e-14 * Self.ref.singular_values[0], "σ \(s) vs \(r)")
        }
        let us = Matrix(rows: svd.u.rows, columns: svd.u.columns,
                        columnMajor: (0..<svd.u.columns).flatMap { j in svd.u.column(j).map { $0 * svd.singularValues[j] } })
        #expect(Self.maxAbs(us * svd.vt, Self.x) < 1e-14)
    }

    @Test func symmetricEigenMatchesNumpy() throws {
        let g = Self.x.gram
        let eig = try SymmetricEigenDecomposition(g)
        let top = Self.ref.gram_eigenvalues_ascending.last!
        for (w, r) in zip(eig.eigenvalues, Self.ref.gram_eigenvalues_ascending) {
            #expect(abs(w - r) <= 1e-13 * top, "λ \(w) vs \(r)")
        }
        #expect(Self.maxAbs(eig.eigenvectors.gram, .identity(7)) < 1e-13)
    }

    @Test func choleskyAndInverse() throws {
        let g = Self.x.gram
        let chol = try CholeskyDecomposition(g)
        // The small pivots of an ill-conditioned Gram matrix (κ ≈ 1.4e9) are determined only to about κ·ε
        // relative (Higham 2002, §10.1): two correct Cholesky codes (ours on OpenBLAS, numpy's on its own
        // BLAS, with any thread partition) agree to that, not to 1e-12. Seen: 1.5e-8 on the last pivot.
        let kappaEps = 1.4e9 * Double.ulpOfOne
        for (u, r) in zip(chol.upper.diagonal, Self.ref.gram_cholesky_upper_diagonal) {
            #expect(abs(u - r) <= kappaEps * abs(r))
        }
        #expect(Self.maxAbs(chol.upper.transposed * chol.upper, g) < 1e-14)
        #expect(abs(chol.logDeterminant - Self.ref.gram_log_det) < 1e-7)
        let inv = try chol.inverse()
        // κ(G) ≈ 1.4e9, so G·G⁻¹ = I to about κ·ε.
        #expect(Self.maxAbs(g * inv, .identity(7)) < 1e-6)
    }

    @Test func choleskyRejectsIndefinite() {
        #expect(throws: LinearAlgebraError.notPositiveDefinite(routine: "dpotrf", minor: 2)) {
            try CholeskyDecomposition(Matrix(rows: [[1, 2], [2, 1]]))
        }
    }

    @Test func luSolveMatchesExactRational() throws {
        let g = Self.x.gram
        let sol = try Matrix.solve(g, Matrix(columns: [Self.ref.solve_rhs]))
        // Forward error bound κ(G)·ε ≈ 1.6e-7 (numpy's own solve is 4e-9 off).
        for (x, e) in zip(sol.storage, Self.ref.solve_exact_rational) {
            #expect(TestSupport.relativeError(x, e) < 1e-6)
        }
        #expect(throws: LinearAlgebraError.singular(routine: "dgesv", index: 2)) {
            try Matrix.solve(Matrix(rows: [[1, 2], [2, 4]]), Matrix(columns: [[1, 1]]))
        }
    }
}
