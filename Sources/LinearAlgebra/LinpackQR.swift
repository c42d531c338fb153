// SPDX-License-Identifier: GPL-3.0-or-later
import CLapack

/// Least squares exactly as R's `lm.fit` computes it: LINPACK's Householder QR with R's limited
/// column pivoting (`dqrdc2`, tolerance 1e-7), `dqrsl` for Qᵀy, the coefficients and the residuals,
/// and `summary.lm`'s standard errors √(diag((RᵀR)⁻¹)·RSS/(n − k)) with `chol2inv` (LAPACK
/// `dpotri`) and RSS summed in extended precision (R's `sum` accumulates in long double).
///
/// The level-1 BLAS calls (`dnrm2`, `ddot`, `daxpy`, `dscal`) go to the same OpenBLAS as R's on
/// this platform, so the results are R's bit for bit there. Use it where a later computation
/// amplifies rounding in a least-squares step (ARIMA's regression starting values); otherwise
/// ``LeastSquares`` is the more accurate solver.
public struct LinpackLeastSquares: Sendable {
    /// β̂ in the original column order (0 for columns dropped as collinear, whose `aliased` is true).
    public let coefficients: [Double]
    public let aliased: [Bool]
    /// Standard errors (NaN for aliased columns; NaN when n = rank, as R).
    public let standardErrors: [Double]
    public let residuals: [Double]
    /// Numerical rank.
    public let rank: Int

    /// Fits y ≈ Xβ as `lm.fit(x, y)` (tol = 1e-7). X must have at least one row.
    public init(_ x: Matrix, _ y: [Double], tolerance: Double = 1e-7) {
        let n = x.rows, p = x.columns
        precondition(y.count == n && n > 0, "LinpackLeastSquares: y has \(y.count) values, X has \(n) rows")
        var a = x.storage
        var qraux = [Double](repeating: 0, count: p)
        var jpvt = Array(0..<p)
        var work1 = [Double](repeating: 0, count: p), work2 = [Double](repeating: 0, count: p)
        let ni = Int32(n)
        var rankFound = 0
        a.withUnsafeMutableBufferPointer { buf in
            let base = buf.baseAddress!
            func col(_ j: Int, _ i: Int = 0) -> UnsafeMutablePointer<Double> { base + j * n + i }
            // dqrdc2: column norms.
            for j in 0..<p {
                qraux[j] = cblas_dnrm2(ni, col(j), 1)
                work1[j] = qraux[j]
                work2[j] = qraux[j] == 0 ? 1 : qraux[j]
            }
            let lup = min(n, p)
            var k = p + 1  // Fortran's k, 1-based
            for l in 0..<lup {
                // Cycle negligible columns to the end.
                while !(l + 1 >= k || qraux[l] >= work2[l] * tolerance) {
                    for i in 0..<n {
                        let t = col(l)[i]
                        for j in (l + 1)..<p { col(j - 1)[i] = col(j)[i] }
                        col(p - 1)[i] = t
                    }
                    let i0 = jpvt[l], t = qraux[l], tt = work1[l], ttt = work2[l]
                    for j in (l + 1)..<p {
                        jpvt[j - 1] = jpvt[j]; qraux[j - 1] = qraux[j]; work1[j - 1] = work1[j]; work2[j - 1] = work2[j]
                    }
                    jpvt[p - 1] = i0; qraux[p - 1] = t; work1[p - 1] = tt; work2[p - 1] = ttt
                    k -= 1
                }
                if l == n - 1 { continue }
                let len = Int32(n - l)
                var nrmxl = cblas_dnrm2(len, col(l, l), 1)
                if nrmxl == 0 { continue }
                if col(l)[l] != 0 { nrmxl = col(l)[l] < 0 ? -abs(nrmxl) : abs(nrmxl) }
                cblas_dscal(len, 1.0 / nrmxl, col(l, l), 1)
                col(l)[l] = 1.0 + col(l)[l]
                if p >= l + 2 {
                    for j in (l + 1)..<p {
                        let t = -cblas_ddot(len, col(l, l), 1, col(j, l), 1) / col(l)[l]
                        cblas_daxpy(len, t, col(l, l), 1, col(j, l), 1)
                        if qraux[j] != 0 {
                            let r = abs(col(j)[l]) / qraux[j]
                            let tt = max(1.0 - r * r, 0.0)
                            if abs(tt) >= 1e-6 {
                                qraux[j] = qraux[j] * tt.squareRoot()
                            } else {
                                qraux[j] = cblas_dnrm2(Int32(n - l - 1), col(j, l + 1), 1)
                                work1[j] = qraux[j]
                            }
                        }
                    }
                }
                qraux[l] = col(l)[l]
                col(l)[l] = -nrmxl
            }
            rankFound = min(k - 1, n)
        }
        rank = rankFound
        let kk = rankFound
        // dqrsl(job = 1110): qty, b, rsd.
        var qty = y
        var b = [Double](repeating: 0, count: p)
        var rsd = [Double](repeating: 0, count: n)
        a.withUnsafeMutableBufferPointer { buf in
            let base = buf.baseAddress!
            func col(_ j: Int, _ i: Int = 0) -> UnsafeMutablePointer<Double> { base + j * n + i }
            let ju = min(kk, n - 1)
            if ju == 0 {
                if kk > 0 && col(0)[0] != 0 { b[0] = y[0] / col(0)[0] }
                rsd[0] = 0
                return
            }
            qty.withUnsafeMutableBufferPointer { q in
                for j in 0..<ju where qraux[j] != 0 {
                    let temp = col(j)[j]
                    col(j)[j] = qraux[j]
                    let len = Int32(n - j)
                    let t = -cblas_ddot(len, col(j, j), 1, q.baseAddress! + j, 1) / col(j)[j]
                    cblas_daxpy(len, t, col(j, j), 1, q.baseAddress! + j, 1)
                    col(j)[j] = temp
                }
            }
            for i in 0..<kk { b[i] = qty[i] }
            if kk < n { for i in kk..<n { rsd[i] = qty[i] } }
            b.withUnsafeMutableBufferPointer { bb in
                for jj in 0..<kk {
                    let j = kk - 1 - jj
                    if col(j)[j] == 0 { break }
                    bb[j] = bb[j] / col(j)[j]
                    if j > 0 { cblas_daxpy(Int32(j), -bb[j], col(j), 1, bb.baseAddress!, 1) }
                }
            }
            rsd.withUnsafeMutableBufferPointer { r in
                for jj in 0..<ju {
                    let j = ju - 1 - jj
                    if qraux[j] == 0 { continue }
                    let temp = col(j)[j]
                    col(j)[j] = qraux[j]
                    let len = Int32(n - j)
                    let t = -cblas_ddot(len, col(j, j), 1, r.baseAddress! + j, 1) / col(j)[j]
                    cblas_daxpy(len, t, col(j, j), 1, r.baseAddress! + j, 1)
                    col(j)[j] = temp
                }
            }
        }
        residuals = rsd
        // summary.lm: chol2inv of the leading rank×rank R, RSS in long double.
        var se = [Double](repeating: .nan, count: p)
        if kk > 0 {
            var r = [Double](repeating: 0, count: kk * kk)
            for j in 0..<kk { for i in 0...j { r[i + j * kk] = a[i + j * n] } }
            var info: Int32 = 0, nn = Int32(kk), lda = Int32(kk)
            dpotri_("U", &nn, &r, &lda, &info, 1)
            #if arch(x86_64)
            var rss80: Float80 = 0
            for v in rsd { rss80 += Float80(v * v) }
            let rss = Double(rss80)
            #else
            let rss = rsd.reduce(0) { $0 + $1 * $1 }
            #endif
            let resvar = rss / Double(n - kk)
            if info == 0 { for i in 0..<kk { se[jpvt[i]] = (r[i + i * kk] * resvar).squareRoot() } }
        }
        var coef = [Double](repeating: 0, count: p), alias = [Bool](repeating: true, count: p)
        for i in 0..<kk {
            coef[jpvt[i]] = b[i]
            alias[jpvt[i]] = false
        }
        coefficients = coef
        aliased = alias
        standardErrors = se
    }
}
