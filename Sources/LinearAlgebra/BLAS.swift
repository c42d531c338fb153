// SPDX-License-Identifier: GPL-3.0-or-later
import CLapack

/// The one place where SaferCity talks to OpenBLAS's thread pool and build info.
///
/// OpenBLAS (Debian's pthread build) starts one thread per core. When SaferCity fits many
/// series in parallel (task groups), BLAS must run single-threaded or the two pools
/// oversubscribe the cores; callers set that here, once.
public enum BLASRuntime {
    /// Sets the number of BLAS threads (overrides `OPENBLAS_NUM_THREADS` / `OMP_NUM_THREADS`).
    public static func setThreadCount(_ n: Int) {
        precondition(n >= 1, "BLAS thread count must be at least 1")
        openblas_set_num_threads(Int32(n))
    }

    /// The number of threads OpenBLAS will use.
    public static var threadCount: Int { Int(openblas_get_num_threads()) }

    /// OpenBLAS's build string, e.g. `"OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY Haswell MAX_THREADS=64"`;
    /// it names the kernel (core type) chosen at load time. Print it with every benchmark figure.
    public static var configuration: String {
        guard let c = openblas_get_config() else { return "unknown" }
        return String(cString: c)
    }

    /// The core type OpenBLAS selected (`openblas_get_corename`).
    public static var coreName: String {
        guard let c = openblas_get_corename() else { return "unknown" }
        return String(cString: c)
    }
}

/// Converts a dimension to LAPACK's 32-bit integer, trapping (not truncating) on overflow.
@usableFromInline
func lapackInt(_ x: Int) -> Int32 {
    precondition(x <= Int(Int32.max), "dimension \(x) exceeds LAPACK's 32-bit integer range")
    return Int32(x)
}

/// Traps on an illegal-argument `info` (a bug in this module) and turns the numerical
/// conditions into a typed error via `condition`.
@inline(__always)
func checkInfo(_ info: Int32, _ routine: String,
               _ condition: (Int) -> LinearAlgebraError) throws(LinearAlgebraError) {
    precondition(info >= 0, "\(routine): argument \(-info) had an illegal value")
    if info > 0 { throw condition(Int(info)) }
}

extension Matrix {
    /// C = α·op(A)·op(B) + β·C through `cblas_dgemm`.
    ///
    /// - Complexity: 2·m·n·k flops (level-3 BLAS).
    public static func gemm(_ a: Matrix, transposeA: Bool = false,
                            _ b: Matrix, transposeB: Bool = false,
                            alpha: Double = 1, beta: Double = 0, into c: inout Matrix) {
        let m = transposeA ? a.columns : a.rows
        let k = transposeA ? a.rows : a.columns
        let kb = transposeB ? b.columns : b.rows
        let n = transposeB ? b.rows : b.columns
        precondition(k == kb, "gemm: inner dimensions differ (\(k) vs \(kb))")
        precondition(c.rows == m && c.columns == n, "gemm: C is \(c.rows)×\(c.columns), expected \(m)×\(n)")
        if m == 0 || n == 0 { return }
        cblas_dgemm(CblasColMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                    lapackInt(m), lapackInt(n), lapackInt(k), alpha, a.storage, lapackInt(max(1, a.rows)),
                    b.storage, lapackInt(max(1, b.rows)), beta, &c.storage, lapackInt(max(1, c.rows)))
    }

    /// The product A·B.
    public static func * (a: Matrix, b: Matrix) -> Matrix {
        var c = Matrix(rows: a.rows, columns: b.columns)
        gemm(a, b, into: &c)
        return c
    }

    /// y = α·op(A)·x + β·y through `cblas_dgemv`.
    public func gemv(_ x: [Double], transpose: Bool = false, alpha: Double = 1,
                     beta: Double = 0, into y: inout [Double]) {
        let (nx, ny) = transpose ? (rows, columns) : (columns, rows)
        precondition(x.count == nx, "gemv: x has \(x.count) elements, expected \(nx)")
        precondition(y.count == ny, "gemv: y has \(y.count) elements, expected \(ny)")
        if rows == 0 || columns == 0 { return }
        cblas_dgemv(CblasColMajor, transpose ? CblasTrans : CblasNoTrans, lapackInt(rows), lapackInt(columns),
                    alpha, storage, lapackInt(rows), x, 1, beta, &y, 1)
    }

    /// A·x (or Aᵀ·x).
    public func multiply(_ x: [Double], transpose: Bool = false) -> [Double] {
        var y = [Double](repeating: 0, count: transpose ? columns : rows)
        gemv(x, transpose: transpose, into: &y)
        return y
    }

    /// The Gram matrix AᵀA (n×n, both triangles filled) through `cblas_dsyrk`.
    ///
    /// - Complexity: m·n² flops. Squares the condition number: use ``LeastSquares`` for fits.
    public var gram: Matrix {
        let n = columns
        var c = Matrix(rows: n, columns: n)
        if n == 0 { return c }
        cblas_dsyrk(CblasColMajor, CblasUpper, CblasTrans, lapackInt(n), lapackInt(rows), 1.0,
                    storage, lapackInt(max(1, rows)), 0.0, &c.storage, lapackInt(n))
        // Mirror the upper triangle into the lower one, in 64×64 tiles (a plain transpose walks
        // memory with stride n and dominated large Gram matrices).
        c.storage.withUnsafeMutableBufferPointer { p in
            let tile = 64
            for jb in stride(from: 0, to: n, by: tile) {
                for ib in stride(from: jb, to: n, by: tile) {
                    for j in jb..<min(jb + tile, n) {
                        for i in max(ib, j + 1)..<min(ib + tile, n) { p[i + j * n] = p[j + i * n] }
                    }
                }
            }
        }
        return c
    }
}
