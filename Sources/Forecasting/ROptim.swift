// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

/// R's `optim(par, fn, method = "BFGS", control = list(parscale = …))` with a numerical gradient,
/// and `optimHess`, ported from R 4.2 (src/appl/optim.c `vmmin`; src/library/stats/src/optim.c
/// `fminfn`, `fmingr`, `optimhess`) so that an objective gives the same iterates as in R.
///
/// The optimiser works on par/parscale. The gradient is the central difference with step `ndeps`
/// (1e-3, R's default) on that scale; `vmmin` is Nash's (1990, *Compact Numerical Methods*, Alg. 21)
/// variable-metric method: BFGS update of an inverse-Hessian approximation, backtracking line
/// search (step × 0.2, Armijo constant 1e-4), restart from the identity when the update fails or
/// every 2n gradients, stop when the objective changes by less than reltol·(|f| + reltol) or after
/// `maxit` gradient evaluations (then code 1, as R's `convergence`).
struct ROptim {
    /// The objective on the original parameter scale; may return a non-finite value (rejected by
    /// the line search, as in R).
    let fn: ([Double]) -> Double
    let parscale: [Double]
    var ndeps: Double = 1e-3
    var reltol: Double = Double.ulpOfOne.squareRoot()
    var abstol: Double = -.infinity

    struct Result {
        var par: [Double]
        var value: Double
        /// 0 converged, 1 iteration limit reached (R's `convergence`).
        var convergence: Int
    }

    /// Raised where R stops with an error ("non-finite finite-difference value", or a non-finite
    /// starting value in vmmin); the message is R's.
    struct Failure: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }

    private func fminfn(_ p: [Double]) -> Double {
        var x = p
        for i in 0..<p.count { x[i] = p[i] * parscale[i] }
        return fn(x)
    }

    private func fmingr(_ p: [Double]) throws -> [Double] { try fmingr(p, fn) }

    private func fmingr(_ p: [Double], _ fn: ([Double]) -> Double) throws -> [Double] {
        let n = p.count
        var df = [Double](repeating: 0, count: n)
        var x = p
        for i in 0..<n { x[i] = p[i] * parscale[i] }
        for i in 0..<n {
            let eps = ndeps
            x[i] = (p[i] + eps) * parscale[i]
            let val1 = fn(x)
            x[i] = (p[i] - eps) * parscale[i]
            let val2 = fn(x)
            df[i] = (val1 - val2) / (2 * eps)
            if !df[i].isFinite { throw Failure(message: "non-finite finite-difference value [\(i + 1)]") }
            x[i] = p[i] * parscale[i]
        }
        return df
    }

    /// `optim(par, fn, method = "BFGS", control = list(maxit = maxit, parscale = parscale))`.
    func bfgs(_ par: [Double], maxit: Int = 100) throws -> Result {
        let n = par.count
        var b = (0..<n).map { par[$0] / parscale[$0] }
        let (fmin, fail) = try vmmin(&b, maxit: maxit)
        return Result(par: (0..<n).map { b[$0] * parscale[$0] }, value: fmin, convergence: fail)
    }

    /// `optimHess(par, fn, control = list(parscale = parscale))`: central differences of the
    /// numerical gradient with step ndeps on the parscale scale, symmetrised. Row-major n×n.
    ///
    /// The objective is remembered by the exact bits of its argument during the call: the
    /// gradients of rows i and j meet at the same points when both parameters have parscale 1
    /// (θ_i + ε, θ_j + ε), and a deterministic `fn` gives the same value there, so each point is
    /// evaluated once — the result is R's, bit for bit, with up to about half the evaluations.
    func hessian(_ par: [Double]) throws -> [[Double]] {
        let n = par.count
        var memo = [[UInt64]: Double]()
        let fn = self.fn
        func remembered(_ x: [Double]) -> Double {
            let key = x.map(\.bitPattern)
            if let v = memo[key] { return v }
            let v = fn(x)
            memo[key] = v
            return v
        }
        var dpar = (0..<n).map { par[$0] / parscale[$0] }
        var h = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for i in 0..<n {
            let eps = ndeps / parscale[i]
            dpar[i] = dpar[i] + eps
            let df1 = try fmingr(dpar, remembered)
            dpar[i] = dpar[i] - 2 * eps
            let df2 = try fmingr(dpar, remembered)
            for j in 0..<n { h[i][j] = (df1[j] - df2[j]) / (2 * eps * parscale[i] * parscale[j]) }
            dpar[i] = dpar[i] + eps
        }
        for i in 0..<n {
            for j in 0..<i {
                let tmp = 0.5 * (h[i][j] + h[j][i])
                h[i][j] = tmp
                h[j][i] = tmp
            }
        }
        return h
    }

    /// Nash's variable-metric minimiser as R's `vmmin` (all parameters free).
    private func vmmin(_ b: inout [Double], maxit: Int) throws -> (Double, Int) {
        let stepredn = 0.2, acctol = 0.0001, reltest = 10.0
        let n = b.count
        if maxit <= 0 { return (fminfn(b), 0) }
        var t = [Double](repeating: 0, count: n), x = t, c = t
        var bmat = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)  // lower triangle used
        var f = fminfn(b)
        if !f.isFinite { throw Failure(message: "initial value in 'vmmin' is not finite") }
        var fmin = f
        var funcount = 1, gradcount = 1
        _ = funcount
        var g = try fmingr(b)
        var iter = 1
        var ilast = gradcount
        var count = 0
        repeat {
            if ilast == gradcount {
                for i in 0..<n {
                    for j in 0..<i { bmat[i][j] = 0 }
                    bmat[i][i] = 1
                }
            }
            for i in 0..<n { x[i] = b[i]; c[i] = g[i] }
            var gradproj = 0.0
            for i in 0..<n {
                var s = 0.0
                for j in 0...i { s -= bmat[i][j] * g[j] }
                if i + 1 < n { for j in (i + 1)..<n { s -= bmat[j][i] * g[j] } }
                t[i] = s
                gradproj += s * g[i]
            }
            if gradproj < 0 {
                var steplength = 1.0
                var accpoint = false
                repeat {
                    count = 0
                    for i in 0..<n {
                        b[i] = x[i] + steplength * t[i]
                        if reltest + x[i] == reltest + b[i] { count += 1 }
                    }
                    if count < n {
                        f = fminfn(b)
                        funcount += 1
                        accpoint = f.isFinite && (f <= fmin + gradproj * steplength * acctol)
                        if !accpoint { steplength *= stepredn }
                    }
                } while !(count == n || accpoint)
                let enough = (f > abstol) && abs(f - fmin) > reltol * (abs(fmin) + reltol)
                if !enough {
                    count = n
                    fmin = f
                }
                if count < n {
                    fmin = f
                    g = try fmingr(b)
                    gradcount += 1
                    iter += 1
                    var d1 = 0.0
                    for i in 0..<n {
                        t[i] = steplength * t[i]
                        c[i] = g[i] - c[i]
                        d1 += t[i] * c[i]
                    }
                    if d1 > 0 {
                        var d2 = 0.0
                        for i in 0..<n {
                            var s = 0.0
                            for j in 0...i { s += bmat[i][j] * c[j] }
                            if i + 1 < n { for j in (i + 1)..<n { s += bmat[j][i] * c[j] } }
                            x[i] = s
                            d2 += s * c[i]
                        }
                        d2 = 1.0 + d2 / d1
                        for i in 0..<n {
                            for j in 0...i { bmat[i][j] += (d2 * t[i] * t[j] - x[i] * t[j] - t[i] * x[j]) / d1 }
                        }
                    } else {
                        ilast = gradcount
                    }
                } else {
                    if ilast < gradcount {
                        count = 0
                        ilast = gradcount
                    }
                }
            } else {
                count = 0
                if ilast == gradcount { count = n } else { ilast = gradcount }
            }
            if iter >= maxit { break }
            if gradcount - ilast > 2 * n { ilast = gradcount }
        } while count != n || ilast != gradcount
        return (fmin, iter < maxit ? 0 : 1)
    }
}
