// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

// Nelder–Mead simplex minimiser, a port of the logic of R's `nmmin` (src/appl/optim.c, after
// J. C. Nash, "Compact Numerical Methods for Computers", 2nd ed., 1990, Algorithm 19), which
// R forecast's `ets()` calls through `etsNelderMead` with abstol = −∞, reltol = √ε, reflection 1,
// contraction 0.5, expansion 2, maxit 2000. Following nmmin exactly (initial simplex, the order of
// vertex evaluations, the shrink test) is what makes our ETS stop where R's does.

/// Result of `nelderMead`.
struct NelderMeadResult {
    var x: [Double]
    var value: Double
    var evaluations: Int
    /// 0 converged, 1 iteration limit, 10 degenerate simplex (as nmmin's `fail`).
    var code: Int
}

/// Minimises `f` from `start`. Non-finite values of `f` are treated as 1e35 (as nmmin).
/// Returns nil when `f(start)` is not finite (R raises an error there).
/// - Complexity: at most `maxIterations` evaluations of `f`.
func nelderMead(start: [Double], abstol: Double = -.infinity, reltol: Double = Double.ulpOfOne.squareRoot(),
                alpha: Double = 1, beta: Double = 0.5, gamma: Double = 2, maxIterations: Int = 2000,
                _ f: ([Double]) -> Double) -> NelderMeadResult? {
    let big = 1.0e35
    let n = start.count
    var bvec = start
    if maxIterations <= 0 {
        return NelderMeadResult(x: start, value: f(start), evaluations: 0, code: 0)
    }
    var fv = f(bvec)
    guard fv.isFinite else { return nil }
    if n == 0 { return NelderMeadResult(x: [], value: fv, evaluations: 1, code: 0) }
    var funcount = 1
    let convtol = reltol * (abs(fv) + reltol)
    let n1 = n + 1
    let c = n + 2
    // P is (n+1) × (n+2), column-major in one buffer (element (i, j) at j·(n+1) + i): rows 0..<n
    // coordinates, row n function values; column c−1 the centroid.
    let p = UnsafeMutablePointer<Double>.allocate(capacity: n1 * c)
    p.initialize(repeating: 0, count: n1 * c)
    defer { p.deallocate() }
    p[0 * n1 + (n1 - 1)] = fv
    for i in 0..<n { p[0 * n1 + i] = bvec[i] }
    var l = 1
    var size = 0.0
    var step = 0.0
    for i in 0..<n where 0.1 * abs(bvec[i]) > step { step = 0.1 * abs(bvec[i]) }
    if step == 0 { step = 0.1 }
    for j in 2...n1 {
        for i in 0..<n { p[(j - 1) * n1 + i] = bvec[i] }
        var trystep = step
        while p[(j - 1) * n1 + (j - 2)] == bvec[j - 2] {
            p[(j - 1) * n1 + (j - 2)] = bvec[j - 2] + trystep
            trystep *= 10
        }
        size += trystep
    }
    var oldsize = size
    var calcvert = true
    var fail = 0
    repeat {
        if calcvert {
            for j in 0..<n1 where j + 1 != l {
                for i in 0..<n { bvec[i] = p[j * n1 + i] }
                fv = f(bvec)
                if !fv.isFinite { fv = big }
                funcount += 1
                p[j * n1 + (n1 - 1)] = fv
            }
            calcvert = false
        }
        var vl = p[(l - 1) * n1 + (n1 - 1)]
        var vh = vl
        var h = l
        for j in 1...n1 where j != l {
            let fj = p[(j - 1) * n1 + (n1 - 1)]
            if fj < vl { l = j; vl = fj }
            if fj > vh { h = j; vh = fj }
        }
        if vh <= vl + convtol || vl <= abstol { break }

        // Centroid: for each coordinate i, (−P[i][h−1] + Σ_j P[i][j]) / n, summed in j order as
        // nmmin does (columns are contiguous, so the n sums advance together).
        let centroid = p + (c - 1) * n1, worst = p + (h - 1) * n1
        for i in 0..<n { centroid[i] = -worst[i] }
        for j in 0..<n1 {
            let column = p + j * n1
            for i in 0..<n { centroid[i] += column[i] }
        }
        for i in 0..<n { centroid[i] = centroid[i] / Double(n) }
        for i in 0..<n { bvec[i] = (1 + alpha) * p[(c - 1) * n1 + i] - alpha * p[(h - 1) * n1 + i] }
        fv = f(bvec)
        if !fv.isFinite { fv = big }
        funcount += 1
        let vr = fv
        if vr < vl {
            p[(c - 1) * n1 + (n1 - 1)] = fv
            for i in 0..<n {
                let e = gamma * bvec[i] + (1 - gamma) * p[(c - 1) * n1 + i]
                p[(c - 1) * n1 + i] = bvec[i]
                bvec[i] = e
            }
            fv = f(bvec)
            if !fv.isFinite { fv = big }
            funcount += 1
            if fv < vr {
                for i in 0..<n { p[(h - 1) * n1 + i] = bvec[i] }
                p[(h - 1) * n1 + (n1 - 1)] = fv
            } else {
                for i in 0..<n { p[(h - 1) * n1 + i] = p[(c - 1) * n1 + i] }
                p[(h - 1) * n1 + (n1 - 1)] = vr
            }
        } else {
            if vr < vh {
                for i in 0..<n { p[(h - 1) * n1 + i] = bvec[i] }
                p[(h - 1) * n1 + (n1 - 1)] = vr
            }
            for i in 0..<n { bvec[i] = (1 - beta) * p[(h - 1) * n1 + i] + beta * p[(c - 1) * n1 + i] }
            fv = f(bvec)
            if !fv.isFinite { fv = big }
            funcount += 1
            if fv < p[(h - 1) * n1 + (n1 - 1)] {
                for i in 0..<n { p[(h - 1) * n1 + i] = bvec[i] }
                p[(h - 1) * n1 + (n1 - 1)] = fv
            } else if vr >= vh {
                calcvert = true
                size = 0
                for j in 0..<n1 where j + 1 != l {
                    for i in 0..<n {
                        p[j * n1 + i] = beta * (p[j * n1 + i] - p[(l - 1) * n1 + i]) + p[(l - 1) * n1 + i]
                        size += abs(p[j * n1 + i] - p[(l - 1) * n1 + i])
                    }
                }
                if size < oldsize {
                    oldsize = size
                } else {
                    fail = 10
                    break
                }
            }
        }
    } while funcount <= maxIterations
    var x = [Double](repeating: 0, count: n)
    for i in 0..<n { x[i] = p[(l - 1) * n1 + i] }
    if funcount > maxIterations { fail = 1 }
    return NelderMeadResult(x: x, value: p[(l - 1) * n1 + (n1 - 1)], evaluations: funcount, code: fail)
}

// MARK: - Polynomial root location (for the admissibility test)

/// True when every root of c[0] + c[1]z + … + c[d]z^d lies strictly inside the disc |z| < radius,
/// by the Schur–Cohn step-down test applied to p(radius·z): |a₀| < |a_d| at every step of
/// A ← (a_d·A(z) − a₀·z^d·A(1/z)) / z (Marden, *Geometry of Polynomials*, 1966, §42–43).
///
/// R's `admissible()` computes all roots with `polyroot` (Jenkins–Traub `cpoly`) and rejects when
/// the largest modulus exceeds 1 + 1e-10. The step-down answers the same question without the
/// roots, but in double precision it loses about log₁₀(1/(1 − k²)) digits at a step whose
/// reflection coefficient k = a₀/a_d is near 1 — which is the usual case here, since a small γ puts
/// all m seasonal roots close to the unit circle. The recursion therefore runs in double-double
/// arithmetic (≈ 32 significant digits, Dekker's error-free products): it then decides exactly for the
/// given double coefficients unless a root lies within ~1e-20 of the circle, far inside the
/// accuracy of `polyroot` itself (checked against R's `polyroot` on polynomials at the boundary:
/// notebooks-data/references/forecasting/admissibility.json).
///
/// - Complexity: O(d²) double-double operations (d = m + 1 for a seasonal ETS model), no
///   iteration and no heap allocation.
func rootsStrictlyInside(_ c: UnsafeBufferPointer<Double>, radius: Double) -> Bool {
    var d = c.count - 1
    while d > 0 && c[d] == 0 { d -= 1 }
    if d <= 0 { return true }
    let poly = UnsafeBufferPointer(rebasing: c[0...d])
    return schurCohnCertified(poly, radius: radius) ?? schurCohnDoubleDouble(poly, radius: radius)
}

/// The step-down in double precision with a running bound on the error of every coefficient
/// (first-order rounding-error analysis of each operation, Higham, *Accuracy and Stability of
/// Numerical Algorithms*, 2nd ed., §3.3). Returns the answer when every reflection coefficient is
/// on the same side of 1 as its error bound (×2 for safety) allows, nil when one is too close to
/// call — then `schurCohnDoubleDouble` decides. c[d] ≠ 0.
func schurCohnCertified(_ c: UnsafeBufferPointer<Double>, radius: Double) -> Bool? {
    var d = c.count - 1
    let eps = Double.ulpOfOne / 2
    return withUnsafeTemporaryAllocation(of: Double.self, capacity: 4 * (d + 1)) { buffer -> Bool? in
        var a = buffer.baseAddress!, old = a + (d + 1)
        var err = old + (d + 1), oldErr = err + (d + 1)
        var rk = 1.0
        for k in 0...d {
            a[k] = c[k] * rk
            err[k] = abs(a[k]) * Double(k + 2) * eps  // rounding of radius^k (k products) and of c_k·radius^k
            rk *= radius
        }
        while d > 0 {
            let ad = a[d], errD = err[d]
            let denominator = abs(ad) - errD
            guard denominator > 0 else { return nil }
            let k = a[0] / ad
            let absK = abs(k)
            let errK = (err[0] + absK * errD) / denominator + eps * absK
            if absK - 2 * errK > 1 { return false }
            guard absK + 2 * errK < 1 else { return nil }
            swap(&a, &old)
            swap(&err, &oldErr)
            for j in 0..<d {
                let x = old[j + 1], y = old[d - 1 - j]
                let ky = k * y
                a[j] = x - ky
                err[j] = oldErr[j + 1] + absK * oldErr[d - 1 - j] + errK * abs(y) + 2 * eps * (abs(x) + abs(ky))
            }
            d -= 1
        }
        return true
    }
}

/// The step-down in double-double arithmetic (for polynomials with a root too near the circle for
/// `schurCohnCertified`). c[d] ≠ 0.
func schurCohnDoubleDouble(_ c: UnsafeBufferPointer<Double>, radius: Double) -> Bool {
    var d = c.count - 1
    return withUnsafeTemporaryAllocation(of: DoubleDouble.self, capacity: 2 * (d + 1)) { buffer in
        var a = buffer.baseAddress!, old = a + (d + 1)
        // a_k = c_k · radius^k
        let r = DoubleDouble(radius)
        var rk = DoubleDouble(1)
        for k in 0...d {
            a[k] = DoubleDouble(c[k]) * rk
            rk = rk * r
        }
        while d > 0 {
            // Reflection coefficient k = a₀/a_d; the step divides the reduced polynomial by a_d, so
            // A ← A(z)/z − k·z^{d−1}·A(1/z) keeps the coefficients bounded (no rescaling needed).
            let k = a[0] / a[d]
            let inside = abs(k.hi) < 1 || (abs(k.hi) == 1 && k.lo * k.hi < 0)  // |k| < 1 (NaN: false)
            if !inside { return false }
            swap(&a, &old)
            for j in 0..<d { a[j] = old[j + 1] - k * old[d - 1 - j] }
            d -= 1
        }
        return true
    }
}

func rootsStrictlyInside(_ c: [Double], radius: Double) -> Bool {
    c.withUnsafeBufferPointer { rootsStrictlyInside($0, radius: radius) }
}

/// An unevaluated sum hi + lo with |lo| ≤ ulp(hi)/2 (Dekker 1971, DOI 10.1007/BF01397083;
/// the "sloppy" addition and division of Hida, Li & Bailey's QD library), enough for the step-down
/// above.
struct DoubleDouble {
    var hi: Double
    var lo: Double
    @inline(__always) init(hi: Double, lo: Double) { self.hi = hi; self.lo = lo }
    @inline(__always) init(_ x: Double) { hi = x; lo = 0 }
    @inline(__always) var magnitude: DoubleDouble { hi < 0 ? DoubleDouble(hi: -hi, lo: -lo) : self }

    @inline(__always) static func * (x: DoubleDouble, y: DoubleDouble) -> DoubleDouble {
        let (p, e0) = twoProduct(x.hi, y.hi)
        let e = e0 + (x.hi * y.lo + x.lo * y.hi)
        let s = p + e
        return DoubleDouble(hi: s, lo: e - (s - p))
    }

    /// a·b = p + e exactly (Dekker 1971, with Veltkamp's splitting; valid for |a|, |b| < 1e300).
    /// Written without FMA: for a generic x86-64 target, Swift's `addingProduct` becomes a call to
    /// libm's `fma`, whose call overhead here costs more than the seven extra operations.
    @inline(__always) static func twoProduct(_ a: Double, _ b: Double) -> (Double, Double) {
        let p = a * b
        let ta = 134217729.0 * a, tb = 134217729.0 * b  // 2^27 + 1
        let ah = ta - (ta - a), al = a - ah
        let bh = tb - (tb - b), bl = b - bh
        return (p, ((ah * bh - p) + ah * bl + al * bh) + al * bl)
    }

    @inline(__always) static func / (x: DoubleDouble, y: DoubleDouble) -> DoubleDouble {
        let q1 = x.hi / y.hi
        let r = x - y * DoubleDouble(q1)
        let q2 = r.hi / y.hi
        let s = q1 + q2
        return DoubleDouble(hi: s, lo: q2 - (s - q1))
    }

    @inline(__always) static func - (x: DoubleDouble, y: DoubleDouble) -> DoubleDouble {
        let s = x.hi - y.hi
        let v = s - x.hi
        var e = (x.hi - (s - v)) - (y.hi + v)  // the rounding error of s, exactly (Knuth's TwoSum)
        e += x.lo - y.lo
        let t = s + e
        return DoubleDouble(hi: t, lo: e - (t - s))
    }
}
