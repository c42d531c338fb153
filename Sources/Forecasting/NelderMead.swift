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
    // P is (n+1) × (n+2): rows 0..<n coordinates, row n function values; column c−1 the centroid.
    var p = Array(repeating: Array(repeating: 0.0, count: c), count: n1)
    p[n1 - 1][0] = fv
    for i in 0..<n { p[i][0] = bvec[i] }
    var l = 1
    var size = 0.0
    var step = 0.0
    for i in 0..<n where 0.1 * abs(bvec[i]) > step { step = 0.1 * abs(bvec[i]) }
    if step == 0 { step = 0.1 }
    for j in 2...n1 {
        for i in 0..<n { p[i][j - 1] = bvec[i] }
        var trystep = step
        while p[j - 2][j - 1] == bvec[j - 2] {
            p[j - 2][j - 1] = bvec[j - 2] + trystep
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
                for i in 0..<n { bvec[i] = p[i][j] }
                fv = f(bvec)
                if !fv.isFinite { fv = big }
                funcount += 1
                p[n1 - 1][j] = fv
            }
            calcvert = false
        }
        var vl = p[n1 - 1][l - 1]
        var vh = vl
        var h = l
        for j in 1...n1 where j != l {
            let fj = p[n1 - 1][j - 1]
            if fj < vl { l = j; vl = fj }
            if fj > vh { h = j; vh = fj }
        }
        if vh <= vl + convtol || vl <= abstol { break }

        for i in 0..<n {
            var temp = -p[i][h - 1]
            for j in 0..<n1 { temp += p[i][j] }
            p[i][c - 1] = temp / Double(n)
        }
        for i in 0..<n { bvec[i] = (1 + alpha) * p[i][c - 1] - alpha * p[i][h - 1] }
        fv = f(bvec)
        if !fv.isFinite { fv = big }
        funcount += 1
        let vr = fv
        if vr < vl {
            p[n1 - 1][c - 1] = fv
            for i in 0..<n {
                let e = gamma * bvec[i] + (1 - gamma) * p[i][c - 1]
                p[i][c - 1] = bvec[i]
                bvec[i] = e
            }
            fv = f(bvec)
            if !fv.isFinite { fv = big }
            funcount += 1
            if fv < vr {
                for i in 0..<n { p[i][h - 1] = bvec[i] }
                p[n1 - 1][h - 1] = fv
            } else {
                for i in 0..<n { p[i][h - 1] = p[i][c - 1] }
                p[n1 - 1][h - 1] = vr
            }
        } else {
            if vr < vh {
                for i in 0..<n { p[i][h - 1] = bvec[i] }
                p[n1 - 1][h - 1] = vr
            }
            for i in 0..<n { bvec[i] = (1 - beta) * p[i][h - 1] + beta * p[i][c - 1] }
            fv = f(bvec)
            if !fv.isFinite { fv = big }
            funcount += 1
            if fv < p[n1 - 1][h - 1] {
                for i in 0..<n { p[i][h - 1] = bvec[i] }
                p[n1 - 1][h - 1] = fv
            } else if vr >= vh {
                calcvert = true
                size = 0
                for j in 0..<n1 where j + 1 != l {
                    for i in 0..<n {
                        p[i][j] = beta * (p[i][j] - p[i][l - 1]) + p[i][l - 1]
                        size += abs(p[i][j] - p[i][l - 1])
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
    for i in 0..<n { x[i] = p[i][l - 1] }
    if funcount > maxIterations { fail = 1 }
    return NelderMeadResult(x: x, value: p[n1 - 1][l - 1], evaluations: funcount, code: fail)
}

// MARK: - Polynomial root location (for the admissibility test)

/// True when every root of c[0] + c[1]z + … + c[d]z^d lies strictly inside the disc |z| < radius,
/// by the Schur–Cohn step-down test applied to p(radius·z): |a₀| < |a_d| at every step of
/// A ← (a_d·A(z) − a₀·z^d·A(1/z)) / z. O(d²), no iteration.
///
/// R's `admissible()` computes all roots with `polyroot` (Jenkins–Traub) and rejects when the
/// largest modulus exceeds 1 + 1e-10; this test answers the same question without computing the
/// roots, so the two can only disagree for roots within rounding of the circle itself.
func rootsStrictlyInside(_ c: [Double], radius: Double, cache: RootCache? = nil) -> Bool {
    var d = c.count - 1
    while d > 0 && c[d] == 0 { d -= 1 }
    if d <= 0 { return true }
    // With roots from a nearby polynomial at hand, polishing them is cheaper than the step-down.
    if let cache, cache.zr.count == d { return maxRootModulus(c, cache: cache) <= radius }
    var a = [Double](repeating: 0, count: d + 1)
    var old = a
    var scale = 1.0
    for k in 0...d { a[k] = c[k] * scale; scale *= radius }
    while d > 0 {
        let a0 = a[0], ad = a[d]
        if !(abs(a0) < abs(ad)) { return false }
        // A reflection coefficient near 1 means a root near the circle,
        // where the step-down loses accuracy: settle it by computing the roots.
        if abs(a0) > (1 - 1e-3) * abs(ad) { return maxRootModulus(c, cache: cache) <= radius }
        swap(&old, &a)
        var biggest = 0.0
        for j in 0..<d {
            a[j] = ad * old[j + 1] - a0 * old[d - 1 - j]
            biggest = max(biggest, abs(a[j]))
        }
        d -= 1
        if biggest == 0 { return false }
        for j in 0...d { a[j] /= biggest }
    }
    return true
}

/// Largest modulus among the roots of c[0] + c[1]z + … + c[d]z^d (c[d] ≠ 0), by the Aberth–Ehrlich
/// simultaneous iteration (R uses the Jenkins–Traub `cpoly`; both converge to the same roots to
/// ~1e-12 for the low-degree, well-scaled polynomials of the ETS admissibility test).
/// The last roots found, reused as starting points: successive Nelder–Mead vertices give nearby
/// polynomials, so a warm start converges in two or three steps. Local to one model estimation.
final class RootCache {
    var zr: [Double] = [], zi: [Double] = []
}

func maxRootModulus(_ c: [Double], cache: RootCache? = nil) -> Double {
    var d = c.count - 1
    while d > 0 && c[d] == 0 { d -= 1 }
    if d <= 0 { return 0 }
    let a = c[0...d].map { $0 / c[d] }  // monic
    // Cauchy bound for the initial circle.
    var bound = 0.0
    for k in 0..<d { bound = max(bound, abs(a[k])) }
    // Start on the circle of the roots' geometric-mean modulus |a₀|^(1/d) (capped by the Cauchy
    // bound): the ETS polynomials have their roots close to it, and Aberth then converges in a few
    // cubic steps.
    let start = min(1 + bound, max(pow(abs(a[0]), 1 / Double(d)), 1e-3))
    var zr = [Double](repeating: 0, count: d), zi = [Double](repeating: 0, count: d)
    if let cache, cache.zr.count == d {
        zr = cache.zr; zi = cache.zi
    } else {
        for k in 0..<d {
            let th = 2 * Double.pi * Double(k) / Double(d) + 0.4
            zr[k] = start * cos(th); zi[k] = start * sin(th)
        }
    }
    for _ in 0..<100 {
        var maxStep = 0.0
        for k in 0..<d {
            // p(z) and p'(z) by Horner.
            var pr = 1.0, pi = 0.0, dr = 0.0, di = 0.0
            var j = d - 1
            while j >= 0 {
                defer { j -= 1 }
                let ndr = dr * zr[k] - di * zi[k] + pr, ndi = dr * zi[k] + di * zr[k] + pi
                dr = ndr; di = ndi
                let npr = pr * zr[k] - pi * zi[k] + a[j], npi = pr * zi[k] + pi * zr[k]
                pr = npr; pi = npi
            }
            // ratio = p/p'
            let den = dr * dr + di * di
            if den == 0 { continue }
            let rr = (pr * dr + pi * di) / den, ri = (pi * dr - pr * di) / den
            // sum 1/(z_k − z_j)
            var sr = 0.0, si = 0.0
            for j in 0..<d where j != k {
                let xr = zr[k] - zr[j], xi = zi[k] - zi[j]
                let m2 = xr * xr + xi * xi
                if m2 == 0 { continue }
                sr += xr / m2; si += -xi / m2
            }
            // w = ratio / (1 − ratio·sum)
            let tr = 1 - (rr * sr - ri * si), ti = -(rr * si + ri * sr)
            let t2 = tr * tr + ti * ti
            if t2 == 0 { continue }
            let wr = (rr * tr + ri * ti) / t2, wi = (ri * tr - rr * ti) / t2
            zr[k] -= wr; zi[k] -= wi
            let mod = (zr[k] * zr[k] + zi[k] * zi[k]).squareRoot()
            maxStep = max(maxStep, (wr * wr + wi * wi).squareRoot() / max(1, mod))
        }
        if maxStep < 1e-12 { break }
    }
    var m = 0.0
    for k in 0..<d { m = max(m, (zr[k] * zr[k] + zi[k] * zi[k]).squareRoot()) }
    if let cache, m.isFinite { cache.zr = zr; cache.zi = zi }
    return m
}
