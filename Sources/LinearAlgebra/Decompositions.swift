// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import CLapack

// Typed wrappers over LAPACK factorisations. Each does the workspace query (lwork = -1),
// turns `info > 0` into a `LinearAlgebraError`, and traps on `info < 0` (a bug here).
// Character arguments pass the hidden Fortran string length 1.

/// Runs a LAPACK routine twice: once as a workspace query (`lwork = -1`), once for real.
@inline(__always)
private func withWorkspace(_ body: (UnsafeMutablePointer<Double>, UnsafePointer<Int32>) -> Void) {
    var query = 0.0
    var lwork: Int32 = -1
    body(&query, &lwork)
    lwork = max(1, Int32(query.rounded(.up)))
    var work = [Double](repeating: 0, count: Int(lwork))
    work.withUnsafeMutableBufferPointer { w in body(w.baseAddress!, &lwork) }
}

/// Applies the first `k` Householder reflectors stored in `factors`/`tau` (Q or Qᵀ) to C,
/// through `dormqr`. Shared by both QR types.
func applyHouseholder(factors: Matrix, tau: [Double], to c: Matrix, transpose: Bool, reflectors k: Int) -> Matrix {
    precondition(c.rows == factors.rows, "applyQ: C has \(c.rows) rows, expected \(factors.rows)")
    var out = c
    if k == 0 || c.columns == 0 { return out }
    var m = lapackInt(c.rows), n = lapackInt(c.columns), kk = lapackInt(k)
    var lda = lapackInt(factors.rows), ldc = lapackInt(c.rows), info: Int32 = 0
    withWorkspace { w, lw in
        dormqr_("L", transpose ? "T" : "N", &m, &n, &kk, factors.storage, &lda, tau,
                &out.storage, &ldc, w, lw, &info, 1, 1)
    }
    precondition(info == 0, "dormqr: argument \(-info) had an illegal value")
    return out
}

/// Householder QR, A = Q·R (LAPACK `dgeqrf`), for m ≥ n.
///
/// Q is kept implicitly as reflectors; apply it with ``applyQTranspose(_:)``/``applyQ(_:)``
/// (`dormqr`) or form the thin Q with ``thinQ``.
/// - Complexity: 2mn² − 2n³/3 flops.
public struct QRDecomposition: Sendable {
    /// Reflectors below the diagonal, R on and above it (LAPACK layout).
    public let factors: Matrix
    /// Householder scalars τ.
    public let tau: [Double]

    public init(_ a: consuming Matrix) {
        precondition(a.rows >= a.columns, "QRDecomposition needs rows ≥ columns (got \(a.rows)×\(a.columns))")
        var f = consume a
        var tau = [Double](repeating: 0, count: f.columns)
        var m = lapackInt(f.rows), n = lapackInt(f.columns), lda = lapackInt(max(1, f.rows))
        var info: Int32 = 0
        if f.columns > 0 {
            withWorkspace { w, lw in dgeqrf_(&m, &n, &f.storage, &lda, &tau, w, lw, &info) }
            precondition(info == 0, "dgeqrf: argument \(-info) had an illegal value")
        }
        factors = f
        self.tau = tau
    }

    /// The n×n upper-triangular R.
    public var r: Matrix {
        let n = factors.columns
        var r = Matrix(rows: n, columns: n)
        for j in 0..<n { for i in 0...j where n > 0 { r.storage[i + j * n] = factors.storage[i + j * factors.rows] } }
        return r
    }

    /// Qᵀ·C (C has m rows), through `dormqr`.
    public func applyQTranspose(_ c: Matrix) -> Matrix { applyQ(c, transpose: true, reflectors: tau.count) }

    /// Q·C (C has m rows), through `dormqr`.
    public func applyQ(_ c: Matrix) -> Matrix { applyQ(c, transpose: false, reflectors: tau.count) }

    func applyQ(_ c: Matrix, transpose: Bool, reflectors k: Int) -> Matrix {
        applyHouseholder(factors: factors, tau: tau, to: c, transpose: transpose, reflectors: k)
    }

    /// The thin m×n Q with orthonormal columns (`dorgqr`).
    public var thinQ: Matrix {
        var q = factors
        var m = lapackInt(q.rows), n = lapackInt(q.columns), k = n, lda = lapackInt(max(1, q.rows))
        var info: Int32 = 0
        if q.columns == 0 { return q }
        withWorkspace { w, lw in dorgqr_(&m, &n, &k, &q.storage, &lda, tau, w, lw, &info) }
        precondition(info == 0, "dorgqr: argument \(-info) had an illegal value")
        return q
    }
}

/// QR with column pivoting, A·P = Q·R (LAPACK `dgeqp3`, Businger–Golub pivoting with the
/// Quintana-Ortí, Sun & Bischof 1998 blocked algorithm). |R₁₁| ≥ |R₂₂| ≥ … so the numerical
/// rank is read off the diagonal.
public struct PivotedQRDecomposition: Sendable {
    /// Reflectors below the diagonal, R on and above it.
    public let factors: Matrix
    public let tau: [Double]
    /// `permutation[k]` is the original column in pivoted position k (0-based).
    public let permutation: [Int]

    public init(_ a: consuming Matrix) {
        precondition(a.rows >= a.columns, "PivotedQRDecomposition needs rows ≥ columns (got \(a.rows)×\(a.columns))")
        var f = consume a
        var tau = [Double](repeating: 0, count: f.columns)
        var jpvt = [Int32](repeating: 0, count: f.columns)
        var m = lapackInt(f.rows), n = lapackInt(f.columns), lda = lapackInt(max(1, f.rows))
        var info: Int32 = 0
        if f.columns > 0 {
            withWorkspace { w, lw in dgeqp3_(&m, &n, &f.storage, &lda, &jpvt, &tau, w, lw, &info) }
            precondition(info == 0, "dgeqp3: argument \(-info) had an illegal value")
        }
        factors = f
        self.tau = tau
        permutation = jpvt.map { Int($0) - 1 }
    }

    /// Applies the first `k` reflectors (Q or Qᵀ) to C.
    func applyQ(_ c: Matrix, transpose: Bool, reflectors k: Int) -> Matrix {
        applyHouseholder(factors: factors, tau: tau, to: c, transpose: transpose, reflectors: k)
    }

    /// |R(k,k)| for k = 0..<n, non-increasing.
    public var diagonalMagnitudes: [Double] { (0..<factors.columns).map { abs(factors[$0, $0]) } }

    /// The numerical rank: the number of k with |R(k,k)| > tolerance·|R(0,0)|.
    public func rank(tolerance: Double) -> Int {
        let d = diagonalMagnitudes
        guard let first = d.first, first > 0 else { return 0 }
        return d.prefix { $0 > tolerance * first }.count
    }
}

/// Cholesky factorisation A = UᵀU of a symmetric positive-definite matrix (`dpotrf`).
public struct CholeskyDecomposition: Sendable {
    /// Upper-triangular U (the strict lower triangle is zero).
    public let upper: Matrix

    public init(_ a: consuming Matrix) throws(LinearAlgebraError) {
        precondition(a.rows == a.columns, "Cholesky needs a square matrix (got \(a.rows)×\(a.columns))")
        var u = a
        var n = lapackInt(u.rows), lda = lapackInt(max(1, u.rows)), info: Int32 = 0
        if u.rows > 0 { dpotrf_("U", &n, &u.storage, &lda, &info, 1) }
        try checkInfo(info, "dpotrf") { .notPositiveDefinite(routine: "dpotrf", minor: $0) }
        for j in 0..<u.columns { for i in (j + 1)..<u.rows { u.storage[i + j * u.rows] = 0 } }
        upper = u
    }

    /// Solves A·X = B (`dpotrs`).
    public func solve(_ b: Matrix) -> Matrix {
        precondition(b.rows == upper.rows, "Cholesky.solve: B has \(b.rows) rows, expected \(upper.rows)")
        var x = b
        var n = lapackInt(upper.rows), nrhs = lapackInt(b.columns), lda = lapackInt(max(1, upper.rows))
        var ldb = lapackInt(max(1, b.rows)), info: Int32 = 0
        if upper.rows == 0 || b.columns == 0 { return x }
        dpotrs_("U", &n, &nrhs, upper.storage, &lda, &x.storage, &ldb, &info, 1)
        precondition(info == 0, "dpotrs: argument \(-info) had an illegal value")
        return x
    }

    /// A⁻¹ (`dpotri`), both triangles filled.
    public func inverse() throws(LinearAlgebraError) -> Matrix {
        var inv = upper
        let n = upper.rows
        var nn = lapackInt(n), lda = lapackInt(max(1, n)), info: Int32 = 0
        if n > 0 { dpotri_("U", &nn, &inv.storage, &lda, &info, 1) }
        try checkInfo(info, "dpotri") { .singular(routine: "dpotri", index: $0) }
        for j in 0..<n { for i in (j + 1)..<n { inv.storage[i + j * n] = inv.storage[j + i * n] } }
        return inv
    }

    /// log det A = 2 Σ log U(i,i).
    public var logDeterminant: Double { 2 * upper.diagonal.reduce(0) { $0 + log($1) } }
}

/// Singular value decomposition A = U·diag(s)·Vᵀ (divide and conquer, `dgesdd`, thin form).
public struct SingularValueDecomposition: Sendable {
    /// m×k left singular vectors, k = min(m, n).
    public let u: Matrix
    /// Singular values, non-increasing.
    public let singularValues: [Double]
    /// k×n right singular vectors, transposed.
    public let vt: Matrix

    public init(_ a: consuming Matrix) throws(LinearAlgebraError) {
        var x = a
        let m = x.rows, n = x.columns, k = min(m, n)
        var s = [Double](repeating: 0, count: k)
        var u = Matrix(rows: m, columns: k), vt = Matrix(rows: k, columns: n)
        var iwork = [Int32](repeating: 0, count: max(1, 8 * k))
        var mm = lapackInt(m), nn = lapackInt(n), lda = lapackInt(max(1, m))
        var ldu = lapackInt(max(1, m)), ldvt = lapackInt(max(1, k)), info: Int32 = 0
        if k > 0 {
            withWorkspace { w, lw in
                dgesdd_("S", &mm, &nn, &x.storage, &lda, &s, &u.storage, &ldu, &vt.storage, &ldvt,
                        w, lw, &iwork, &info, 1)
            }
        }
        try checkInfo(info, "dgesdd") { .noConvergence(routine: "dgesdd", info: $0) }
        self.u = u
        singularValues = s
        self.vt = vt
    }

    /// 2-norm condition number s₀/s_{k−1} (∞ when singular).
    public var conditionNumber: Double {
        guard let first = singularValues.first, let last = singularValues.last else { return 0 }
        return last == 0 ? .infinity : first / last
    }
}

/// Eigen-decomposition of a symmetric matrix, A = V·diag(λ)·Vᵀ (`dsyevd`).
public struct SymmetricEigenDecomposition: Sendable {
    /// Eigenvalues in ascending order (LAPACK's order).
    public let eigenvalues: [Double]
    /// Orthonormal eigenvectors as columns, matching ``eigenvalues``.
    public let eigenvectors: Matrix

    /// Uses the upper triangle of `a`.
    public init(_ a: consuming Matrix) throws(LinearAlgebraError) {
        precondition(a.rows == a.columns, "symmetric eigen needs a square matrix (got \(a.rows)×\(a.columns))")
        var v = a
        let n = v.rows
        var w = [Double](repeating: 0, count: n)
        var nn = lapackInt(n), lda = lapackInt(max(1, n)), info: Int32 = 0
        if n > 0 {
            var wq = 0.0, iq: Int32 = 0, lwork: Int32 = -1, liwork: Int32 = -1
            dsyevd_("V", "U", &nn, &v.storage, &lda, &w, &wq, &lwork, &iq, &liwork, &info, 1, 1)
            precondition(info == 0, "dsyevd: argument \(-info) had an illegal value")
            lwork = max(1, Int32(wq.rounded(.up)))
            liwork = max(1, iq)
            var work = [Double](repeating: 0, count: Int(lwork))
            var iwork = [Int32](repeating: 0, count: Int(liwork))
            dsyevd_("V", "U", &nn, &v.storage, &lda, &w, &work, &lwork, &iwork, &liwork, &info, 1, 1)
        }
        try checkInfo(info, "dsyevd") { .noConvergence(routine: "dsyevd", info: $0) }
        eigenvalues = w
        eigenvectors = v
    }
}

extension Matrix {
    /// Solves the square system A·X = B by LU with partial pivoting (`dgesv`).
    ///
    /// - Throws: ``LinearAlgebraError/singular(routine:index:)`` when U(i,i) is exactly zero.
    public static func solve(_ a: Matrix, _ b: Matrix) throws(LinearAlgebraError) -> Matrix {
        precondition(a.rows == a.columns, "solve needs a square A (got \(a.rows)×\(a.columns))")
        precondition(b.rows == a.rows, "solve: B has \(b.rows) rows, expected \(a.rows)")
        var lu = a, x = b
        var ipiv = [Int32](repeating: 0, count: a.rows)
        var n = lapackInt(a.rows), nrhs = lapackInt(b.columns), lda = lapackInt(max(1, a.rows))
        var ldb = lapackInt(max(1, b.rows)), info: Int32 = 0
        if a.rows > 0 && b.columns > 0 { dgesv_(&n, &nrhs, &lu.storage, &lda, &ipiv, &x.storage, &ldb, &info) }
        try checkInfo(info, "dgesv") { .singular(routine: "dgesv", index: $0) }
        return x
    }
}
