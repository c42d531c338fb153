// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

// The numerical kernels of R's `stats::arima` (R 4.2, src/library/stats/src/arima.c), ported
// step for step so that estimates agree with R to rounding: the parameter transformation
// (`partrans`, `invpartrans`, `ARIMA_transPars`, `ARIMA_undoPars`, `ARIMA_Gradtrans`), the
// conditional sum of squares (`ARIMA_CSS`), the exact Gaussian likelihood by the Kalman filter with
// the differencing inside the state (`ARIMA_Like`), the stationary initial covariance of Gardner,
// Harvey & Phillips (1980, AS 154, DOI 10.2307/2346910; R's `getQ0`), R's `makeARIMA` and
// `KalmanForecast`. Loop order and operation order follow R's C code, so that the optimiser sees
// the same objective values bit for bit wherever the libm functions (tanh, atanh, log) agree.

/// The ARMA orders in R's `arma` layout: p, q, P, Q, m, d, D.
struct ArmaLayout: Sendable, Equatable {
    var p: Int, q: Int, sp: Int, sq: Int, period: Int, d: Int, sd: Int
    /// Number of ARMA coefficients p + q + P + Q.
    var count: Int { p + q + sp + sq }
}

/// R's `partrans`: tanh maps each raw value into (−1, 1) (a partial autocorrelation), then the
/// Durbin–Levinson recursion turns the partial autocorrelations into AR coefficients, so every
/// real vector maps to a stationary AR polynomial (Jones 1980, "Maximum likelihood fitting of ARMA
/// models to time series with missing observations", Technometrics 22(3), 389–395).
func arimaPartrans(_ raw: ArraySlice<Double>) -> [Double] {
    let p = raw.count
    var new = raw.map { tanh($0) }
    var work = new
    if p > 1 {
        for j in 1..<p {
            let a = new[j]
            for k in 0..<j { work[k] -= a * new[j - k - 1] }
            for k in 0..<j { new[k] = work[k] }
        }
    }
    return new
}

/// R's `invpartrans`: the Durbin–Levinson recursion run backwards, then atanh.
func arimaInvPartrans(_ phi: ArraySlice<Double>) -> [Double] {
    let p = phi.count
    var new = Array(phi)
    var work = new
    if p > 1 {
        for j in stride(from: p - 1, to: 0, by: -1) {
            let a = new[j]
            for k in 0..<j { work[k] = (new[k] + a * new[j - k - 1]) / (1 - a * a) }
            for k in 0..<j { new[k] = work[k] }
        }
    }
    return new.map { atanh($0) }
}

/// R's `ARIMA_undoPars`: the AR blocks of `x` through `partrans`, the rest copied.
func arimaUndoPars(_ x: [Double], _ arma: ArmaLayout) -> [Double] {
    var out = x
    if arma.p > 0 { out.replaceSubrange(0..<arma.p, with: arimaPartrans(x[0..<arma.p])) }
    let v = arma.p + arma.q
    if arma.sp > 0 { out.replaceSubrange(v..<(v + arma.sp), with: arimaPartrans(x[v..<(v + arma.sp)])) }
    return out
}

/// R's `ARIMA_Invtrans`: the AR blocks through `invpartrans`, the rest copied.
func arimaInvTrans(_ x: [Double], _ arma: ArmaLayout) -> [Double] {
    var out = x
    if arma.p > 0 { out.replaceSubrange(0..<arma.p, with: arimaInvPartrans(x[0..<arma.p])) }
    let v = arma.p + arma.q
    if arma.sp > 0 { out.replaceSubrange(v..<(v + arma.sp), with: arimaInvPartrans(x[v..<(v + arma.sp)])) }
    return out
}

/// R's `ARIMA_Gradtrans`: the Jacobian of `undoPars` by forward differences with step 1e-3
/// (n×n, column-major, A[i + j·n] = ∂ new_j / ∂ raw_i), identity outside the AR blocks.
func arimaGradTrans(_ x: [Double], _ arma: ArmaLayout) -> [Double] {
    let n = x.count, eps = 1e-3
    var a = [Double](repeating: 0, count: n * n)
    for i in 0..<n { a[i + i * n] = 1 }
    func block(_ offset: Int, _ len: Int) {
        guard len > 0 else { return }
        var w1 = Array(x[offset..<(offset + len)])
        let w2 = arimaPartrans(w1[...])
        for i in 0..<len {
            w1[i] += eps
            let w3 = arimaPartrans(w1[...])
            for j in 0..<len { a[i + offset + (j + offset) * n] = (w3[j] - w2[j]) / eps }
            w1[i] -= eps
        }
    }
    block(0, arma.p)
    block(arma.p + arma.q, arma.sp)
    return a
}

/// R's `ARIMA_transPars`: (optionally transformed) coefficients → the expanded polynomials
/// φ (length p + m·P) and θ (length q + m·Q) of (1 − Σφ_i B^i) y = (1 + Σθ_j B^j) ε, multiplying
/// out the seasonal factors.
func arimaTransPars(_ input: [Double], _ arma: ArmaLayout, transform: Bool) -> (phi: [Double], theta: [Double]) {
    let mp = arma.p, mq = arma.q, msp = arma.sp, msq = arma.sq, ns = arma.period
    let p = mp + ns * msp, q = mq + ns * msq
    var params = input
    if transform {
        params = Array(input[0..<(mp + mq + msp + msq)])
        if mp > 0 { params.replaceSubrange(0..<mp, with: arimaPartrans(input[0..<mp])) }
        let v = mp + mq
        if msp > 0 { params.replaceSubrange(v..<(v + msp), with: arimaPartrans(input[v..<(v + msp)])) }
    }
    var phi = [Double](repeating: 0, count: p), theta = [Double](repeating: 0, count: q)
    if ns > 0 {
        for i in 0..<mp { phi[i] = params[i] }
        for i in 0..<mq { theta[i] = params[i + mp] }
        for j in 0..<msp {
            phi[(j + 1) * ns - 1] += params[j + mp + mq]
            for i in 0..<mp { phi[(j + 1) * ns + i] -= params[i] * params[j + mp + mq] }
        }
        for j in 0..<msq {
            theta[(j + 1) * ns - 1] += params[j + mp + mq + msp]
            for i in 0..<mq { theta[(j + 1) * ns + i] += params[i + mp] * params[j + mp + mq + msp] }
        }
    } else {
        for i in 0..<mp { phi[i] = params[i] }
        for i in 0..<mq { theta[i] = params[i + mp] }
    }
    return (phi, theta)
}

/// R's `ARIMA_CSS`: differences `y` (d times at lag 1, D times at lag m), then the conditional
/// residuals e_t = w_t − Σφ_j w_{t−j} − Σθ_j e_{t−j} for t ≥ ncond (earlier e taken as 0).
/// Returns σ̂² = Σe²/ν and the residuals (0 before `ncond`).
func arimaCSS(_ y: [Double], _ arma: ArmaLayout, phi: [Double], theta: [Double], ncond: Int)
    -> (sigma2: Double, residuals: [Double])
{
    let n = y.count, p = phi.count, q = theta.count
    let phi = phi + [0], theta = theta + [0]  // non-empty, so the base addresses exist
    var w = y
    var resid = [Double](repeating: 0, count: n)
    var ssq = 0.0, nu = 0
    w.withUnsafeMutableBufferPointer { w in
        resid.withUnsafeMutableBufferPointer { resid in
            phi.withUnsafeBufferPointer { phi in
                theta.withUnsafeBufferPointer { theta in
                    let w = w.baseAddress!, resid = resid.baseAddress!
                    let phi = phi.baseAddress!, theta = theta.baseAddress!
                    for _ in 0..<arma.d {
                        var l = n - 1
                        while l > 0 { w[l] -= w[l - 1]; l -= 1 }
                    }
                    let ns = arma.period
                    for _ in 0..<arma.sd {
                        var l = n - 1
                        while l >= ns { w[l] -= w[l - ns]; l -= 1 }
                    }
                    if ncond < n {
                        for l in ncond..<n {
                            var tmp = w[l]
                            for j in 0..<p { tmp -= phi[j] * w[l - j - 1] }
                            let jmax = min(l - ncond, q)
                            for j in 0..<jmax { tmp -= theta[j] * resid[l - j - 1] }
                            resid[l] = tmp
                            if !tmp.isNaN {
                                nu += 1
                                ssq += tmp * tmp
                            }
                        }
                    }
                }
            }
        }
    }
    return (ssq / Double(nu), resid)
}

/// Differencing polynomial coefficients Δ of R's `arima`: (1 − B)^d (1 − B^m)^D = 1 − Σ Δ_i B^i.
func arimaDelta(d: Int, sd: Int, period: Int) -> [Double] {
    func conv(_ a: [Double], _ b: [Double]) -> [Double] {
        var ab = [Double](repeating: 0, count: a.count + b.count - 1)
        for i in 0..<a.count { for j in 0..<b.count { ab[i + j] += a[i] * b[j] } }
        return ab
    }
    var delta: [Double] = [1]
    for _ in 0..<d { delta = conv(delta, [1, -1]) }
    if sd > 0 {
        var seasonal = [Double](repeating: 0, count: period + 1)
        seasonal[0] = 1
        seasonal[period] = -1
        for _ in 0..<sd { delta = conv(delta, seasonal) }
    }
    return delta.dropFirst().map { -$0 }
}

/// The state-space form of R's `makeARIMA` (Harvey 1989 §3.3; Durbin & Koopman 2012 §3.4):
/// state (r ARMA components, then the last d undifferenced values), r = max(p, q + 1), with the
/// filtered state `a`, `P` and the prediction covariance `Pn` that the filter updates in place.
struct ArimaStateSpace: Sendable {
    var phi: [Double]
    var theta: [Double]
    let delta: [Double]
    let r: Int
    var rd: Int { r + delta.count }
    /// Transition matrix, rd×rd column-major.
    var transition: [Double]
    /// R·Rᵀ with R = (1, θ_1…θ_{r−1}, 0…0), rd×rd column-major.
    let v: [Double]
    var a: [Double]
    var pFiltered: [Double]
    var pPredicted: [Double]

    /// R's `makeARIMA(phi, theta, Delta, kappa, SSinit = "Gardner1980")`.
    init(phi: [Double], theta thetaIn: [Double], delta: [Double], kappa: Double) {
        let p = phi.count, q = thetaIn.count
        let r = max(p, q + 1), d = delta.count, rd = r + d
        self.phi = phi
        self.delta = delta
        self.r = r
        var t = [Double](repeating: 0, count: rd * rd)
        for i in 0..<p { t[i] = phi[i] }
        if r > 1 { for i in 1..<r { t[(i - 1) + rd * i] = 1 } }
        if d > 0 {
            // Row r is Z = (1, 0…0, Δ).
            t[r] = 1
            for j in 0..<d { t[r + rd * (r + j)] = delta[j] }
            if d > 1 { for i in 1..<d { t[(r + i) + rd * (r + i - 1)] = 1 } }
        }
        transition = t
        var theta = thetaIn
        if q < r - 1 { theta += [Double](repeating: 0, count: r - 1 - q) }
        self.theta = theta
        var rv = [Double](repeating: 0, count: rd)
        rv[0] = 1
        for i in 0..<(r - 1) { rv[i + 1] = theta[i] }
        var vv = [Double](repeating: 0, count: rd * rd)
        for j in 0..<rd { for i in 0..<rd { vv[i + rd * j] = rv[i] * rv[j] } }
        v = vv
        a = [Double](repeating: 0, count: rd)
        pFiltered = [Double](repeating: 0, count: rd * rd)
        var pn = [Double](repeating: 0, count: rd * rd)
        if r > 1 {
            let q0 = arimaGetQ0(phi: phi, theta: theta)
            for j in 0..<r { for i in 0..<r { pn[i + rd * j] = q0[i + r * j] } }
        } else {
            pn[0] = p > 0 ? 1 / (1 - phi[0] * phi[0]) : 1
        }
        for i in 0..<d { pn[(r + i) + rd * (r + i)] = kappa }
        pPredicted = pn
    }

    /// R's `upARIMA` inside `armafn`: new φ, θ (unpadded, as R stores them) on the same layout,
    /// the stationary block of Pn recomputed, the state reset. (The differenced block of Pn keeps
    /// κ on its diagonal: R modifies a copy of the pristine template each time.)
    /// `memo` (optional) remembers recent P₀ blocks: the objective is evaluated again at the same
    /// φ, θ when only a regression coefficient (mean, drift) moves, as in its numerical gradient.
    func updated(phi: [Double], theta: [Double], template: ArimaStateSpace, memo: ArimaQ0Memo? = nil) -> ArimaStateSpace {
        var m = template
        m.phi = phi
        m.theta = theta
        let p = phi.count, rd = m.rd
        for i in 0..<p { m.transition[i] = phi[i] }
        if r > 1 {
            let q0 = memo?.q0(phi: phi, theta: theta) ?? arimaGetQ0(phi: phi, theta: theta)
            for j in 0..<r { for i in 0..<r { m.pPredicted[i + rd * j] = q0[i + r * j] } }
        } else {
            m.pPredicted[0] = p > 0 ? 1 / (1 - phi[0] * phi[0]) : 1
        }
        for i in 0..<rd { m.a[i] = 0 }
        return m
    }

    /// R's `ARIMA_Like(y, mod, 0L, giveResid)`: the Kalman filter over `y`, updating a, P, Pn in
    /// place. Returns Σ e_t²/F_t, Σ log F_t and their count ν over the steps with F_t < 1e4 (the
    /// diffuse start is left out that way), and the standardised innovations e_t/√F_t.
    ///
    /// Speed without changing a number: every element is computed with R's operations in R's
    /// order, but the branches of R's inner loops are hoisted out of them (so the loops are plain
    /// streams the compiler vectorises), the terms Δ_k·x with Δ_k = 0 are skipped (of the 13
    /// entries of (1 − B)(1 − B¹²) only 3 are non-zero; adding 0·x to a sum leaves it unchanged for
    /// finite x, except possibly the sign of a zero), and P is updated column by column.
    /// - Complexity: O(n · rd²) time per call, rd = r + d; O(rd²) scratch memory.
    mutating func likelihood(_ y: [Double], wantResiduals: Bool) -> (ssq: Double, sumlog: Double, nu: Int, residuals: [Double]) {
        let n = y.count, rd = self.rd, r = self.r, p = phi.count, q = theta.count, d = delta.count
        var ssq = 0.0, sumlog = 0.0, nu = 0
        var resids = [Double](repeating: 0, count: wantResiduals ? n : 1)
        var anew = [Double](repeating: 0, count: rd)
        var mvec = [Double](repeating: 0, count: rd)
        var mm = [Double](repeating: 0, count: d > 0 ? rd * rd : 1)
        let phiA = phi + [0], thetaA = theta + [0], deltaA = delta + [0]
        // The non-zero entries of Δ, in increasing order (the order of R's sums).
        var dk = [Int](), dv = [Double]()
        for k in 0..<d where delta[k] != 0 { dk.append(k); dv.append(delta[k]) }
        let nd = dk.count
        dk.append(0)
        dv.append(0)
        // Rows 0..<shiftAndPhi of T have φ_i and the shift; rows ..<r − 1 only the shift; row r − 1
        // has φ_{r−1} when p = r.
        let shiftAndPhi = min(p, r - 1)
        y.withUnsafeBufferPointer { y in
        phiA.withUnsafeBufferPointer { phi in
        thetaA.withUnsafeBufferPointer { theta in
        deltaA.withUnsafeBufferPointer { delta in
        dk.withUnsafeBufferPointer { dk in
        dv.withUnsafeBufferPointer { dv in
        a.withUnsafeMutableBufferPointer { a in
        pFiltered.withUnsafeMutableBufferPointer { P in
        pPredicted.withUnsafeMutableBufferPointer { Pnew in
        anew.withUnsafeMutableBufferPointer { anew in
        mvec.withUnsafeMutableBufferPointer { M in
        mm.withUnsafeMutableBufferPointer { mm in
        resids.withUnsafeMutableBufferPointer { rs in
            // Raw pointers: no bounds checks in debug builds (the indices are R's, checked by its tests).
            let y = y.baseAddress!, phi = phi.baseAddress!, theta = theta.baseAddress!, delta = delta.baseAddress!
            let dk = dk.baseAddress!, dv = dv.baseAddress!
            let a = a.baseAddress!, P = P.baseAddress!, Pnew = Pnew.baseAddress!, anew = anew.baseAddress!
            let M = M.baseAddress!, mm = mm.baseAddress!, rs = rs.baseAddress!
            _ = delta
            for l in 0..<n {
                for i in 0..<r {
                    var tmp = (i < r - 1) ? a[i + 1] : 0.0
                    if i < p { tmp += phi[i] * a[0] }
                    anew[i] = tmp
                }
                if d > 0 {
                    var i = r + 1
                    while i < rd { anew[i] = a[i - 1]; i += 1 }
                    var tmp = a[0]
                    for t in 0..<nd { tmp += dv[t] * a[r + dk[t]] }
                    anew[r] = tmp
                }
                if l > 0 {
                    if d == 0 {
                        for i in 0..<r {
                            var vi = 0.0
                            if i == 0 { vi = 1.0 } else if i - 1 < q { vi = theta[i - 1] }
                            for j in 0..<r {
                                var tmp = 0.0
                                if j == 0 { tmp = vi } else if j - 1 < q { tmp = vi * theta[j - 1] }
                                if i < p && j < p { tmp += phi[i] * phi[j] * P[0] }
                                if i < r - 1 && j < r - 1 { tmp += P[i + 1 + r * (j + 1)] }
                                if i < p && j < r - 1 { tmp += phi[i] * P[j + 1] }
                                if j < p && i < r - 1 { tmp += phi[j] * P[i + 1] }
                                Pnew[i + r * j] = tmp
                            }
                        }
                    } else {
                        // mm = T P, column by column: rows < r from φ and the shift (R's
                        // tmp = 0; tmp += φ_i P_0j; tmp += P_{i+1,j}), row r from Δ, rows > r shifted.
                        // (Inner loops index pointers offset once per column: plain counted loops
                        // without overflow checks, which the compiler vectorises.)
                        for j in 0..<rd {
                            let col = rd * j
                            let p0 = P[col]
                            let mc = mm + col, pc1 = P + col + 1
                            for i in 0..<shiftAndPhi {
                                var tmp = 0.0
                                tmp += phi[i] * p0
                                tmp += pc1[i]
                                mc[i] = tmp
                            }
                            if shiftAndPhi < r - 1 {
                                for i in shiftAndPhi..<(r - 1) {
                                    var tmp = 0.0
                                    tmp += pc1[i]
                                    mc[i] = tmp
                                }
                            }
                            var last = 0.0
                            if r - 1 < p { last += phi[r - 1] * p0 }
                            mm[r - 1 + col] = last
                            var tmp = p0
                            for t in 0..<nd { tmp += dv[t] * P[r + dk[t] + col] }
                            mm[r + col] = tmp
                            if d > 1 { for i in 1..<d { mm[r + i + col] = P[r + i - 1 + col] } }
                        }
                        // Pnew = mm Tᵀ: column i of Pnew from row i of T.
                        for i in 0..<r {
                            let out = rd * i
                            let po = Pnew + out, src = mm + rd * (i + 1)
                            if i < shiftAndPhi {
                                let f = phi[i]
                                for j in 0..<rd {
                                    var tmp = 0.0
                                    tmp += f * mm[j]
                                    tmp += src[j]
                                    po[j] = tmp
                                }
                            } else if i < r - 1 {
                                for j in 0..<rd {
                                    var tmp = 0.0
                                    tmp += src[j]
                                    po[j] = tmp
                                }
                            } else if i < p {
                                let f = phi[i]
                                for j in 0..<rd {
                                    var tmp = 0.0
                                    tmp += f * mm[j]
                                    po[j] = tmp
                                }
                            } else {
                                for j in 0..<rd { po[j] = 0.0 }
                            }
                        }
                        let pr = Pnew + rd * r
                        for j in 0..<rd { pr[j] = mm[j] }
                        for t in 0..<nd {
                            let dt = dv[t], src = mm + rd * (r + dk[t])
                            for j in 0..<rd { pr[j] += dt * src[j] }
                        }
                        if d > 1 {
                            for i in 1..<d {
                                let po = Pnew + rd * (r + i), src = mm + rd * (r + i - 1)
                                for j in 0..<rd { po[j] = src[j] }
                            }
                        }
                        for i in 0...q {
                            let vi = (i == 0) ? 1.0 : theta[i - 1]
                            for j in 0...q { Pnew[i + rd * j] += vi * ((j == 0) ? 1.0 : theta[j - 1]) }
                        }
                    }
                }
                if !y[l].isNaN {
                    var resid = y[l] - anew[0]
                    for t in 0..<nd { resid -= dv[t] * anew[r + dk[t]] }
                    for i in 0..<rd { M[i] = Pnew[i] }
                    for t in 0..<nd {
                        let src = Pnew + (r + dk[t]) * rd, dt = dv[t]
                        for i in 0..<rd { M[i] += src[i] * dt }
                    }
                    var gain = M[0]
                    for t in 0..<nd { gain += dv[t] * M[r + dk[t]] }
                    if gain < 1e4 {
                        nu += 1
                        ssq += resid * resid / gain
                        sumlog += log(gain)
                    }
                    if wantResiduals { rs[l] = resid / gain.squareRoot() }
                    for i in 0..<rd { a[i] = anew[i] + M[i] * resid / gain }
                    for j in 0..<rd {
                        let mj = M[j], pc = P + j * rd, nc = Pnew + j * rd
                        for i in 0..<rd { pc[i] = nc[i] - M[i] * mj / gain }
                    }
                } else {
                    for i in 0..<rd { a[i] = anew[i] }
                    for i in 0..<(rd * rd) { P[i] = Pnew[i] }
                    if wantResiduals { rs[l] = .nan }
                }
            }
        }}}}}}}}}}}}}
        return (ssq, sumlog, nu, wantResiduals ? resids : [])
    }

    /// R's `KalmanForecast(n.ahead, mod)` (h = 0): predictions Z·a and variances Z·P·Zᵀ (in units
    /// of σ²) for 1…`horizon` steps after the end of the filtered series.
    func forecast(horizon: Int) -> (mean: [Double], variance: [Double]) {
        let p = rd
        var z = [Double](repeating: 0, count: p)
        z[0] = 1
        for i in 0..<delta.count { z[r + i] = delta[i] }
        var a = self.a, pm = pFiltered
        var anew = [Double](repeating: 0, count: p), pnew = [Double](repeating: 0, count: p * p)
        var mm = [Double](repeating: 0, count: p * p)
        var mean = [Double](), variance = [Double]()
        let t = transition
        for _ in 0..<horizon {
            var fc = 0.0
            for i in 0..<p {
                var tmp = 0.0
                for k in 0..<p { tmp += t[i + p * k] * a[k] }
                anew[i] = tmp
                fc += tmp * z[i]
            }
            a = anew
            mean.append(fc)
            for i in 0..<p {
                for j in 0..<p {
                    var tmp = 0.0
                    for k in 0..<p { tmp += t[i + p * k] * pm[k + p * j] }
                    mm[i + p * j] = tmp
                }
            }
            for i in 0..<p {
                for j in 0..<p {
                    var tmp = v[i + p * j]
                    for k in 0..<p { tmp += mm[i + p * k] * t[j + p * k] }
                    pnew[i + p * j] = tmp
                }
            }
            var tmp = 0.0
            for i in 0..<p {
                for j in 0..<p {
                    pm[i + j * p] = pnew[i + j * p]
                    tmp += z[i] * z[j] * pm[i + j * p]
                }
            }
            variance.append(tmp)
        }
        return (mean, variance)
    }
}

/// The last `capacity` results of ``arimaGetQ0`` keyed by the exact bits of (φ, θ): the same
/// function of the same input, so a hit returns exactly what the call would. One per fit (not
/// shared between threads).
final class ArimaQ0Memo {
    private var keys: [[UInt64]] = [], values: [[Double]] = []
    private let capacity: Int
    init(capacity: Int = 32) { self.capacity = capacity }

    func q0(phi: [Double], theta: [Double]) -> [Double] {
        var key = [UInt64]()
        key.reserveCapacity(phi.count + theta.count + 1)
        key.append(UInt64(phi.count))
        for v in phi { key.append(v.bitPattern) }
        for v in theta { key.append(v.bitPattern) }
        if let i = keys.lastIndex(of: key) { return values[i] }
        let v = arimaGetQ0(phi: phi, theta: theta)
        if keys.count == capacity {
            keys.removeFirst()
            values.removeFirst()
        }
        keys.append(key)
        values.append(v)
        return v
    }
}

/// R's `getQ0`: the covariance matrix of the initial state vector of a stationary ARMA(p, q)
/// process in the state-space form above, by solving the linear system for vec(P₀) with the
/// Givens-rotation regression of AS 154 (Gardner, Harvey & Phillips 1980, DOI 10.2307/2346910).
/// r×r column-major, r = max(p, q + 1). (R's default `SSinit = "Gardner1980"`; known to be
/// inaccurate near non-stationarity — R's `Rossignol2011` alternative is not ported.)
///
/// - Complexity: O(r⁶/8) time (np = r(r+1)/2 rows each updating an np²/2 triangle), O(r⁴/8) memory.
func arimaGetQ0(phi: [Double], theta: [Double]) -> [Double] {
    let p = phi.count, q = theta.count
    let r = max(p, q + 1)
    let np = r * (r + 1) / 2, nrbar = np * (np - 1) / 2
    var vv = [Double](repeating: 0, count: np)
    var ind = 0
    for j in 0..<r {
        var vj = 0.0
        if j == 0 { vj = 1.0 } else if j - 1 < q { vj = theta[j - 1] }
        for i in j..<r {
            var vi = 0.0
            if i == 0 { vi = 1.0 } else if i - 1 < q { vi = theta[i - 1] }
            vv[ind] = vi * vj
            ind += 1
        }
    }
    var res = [Double](repeating: 0, count: r * r)
    if r == 1 {
        res[0] = 1.0 / (1.0 - phi[0] * phi[0])
        return res
    }
    res.withUnsafeMutableBufferPointer { P in
        if p > 0 {
            var rbar = [Double](repeating: 0, count: nrbar)
            var thetab = [Double](repeating: 0, count: np)
            var xnext = [Double](repeating: 0, count: np)
            var xrow = [Double](repeating: 0, count: np)
            rbar.withUnsafeMutableBufferPointer { rbar in
            thetab.withUnsafeMutableBufferPointer { thetab in
            xnext.withUnsafeMutableBufferPointer { xnext in
            xrow.withUnsafeMutableBufferPointer { xrow in
                ind = 0
                var ind1 = -1
                let npr = np - r, npr1 = npr + 1
                var indj = npr, ind2 = npr - 1
                for j in 0..<r {
                    let phij = j < p ? phi[j] : 0.0
                    xnext[indj] = 0.0
                    indj += 1
                    var indi = npr1 + j
                    for i in j..<r {
                        let ynext = vv[ind]
                        ind += 1
                        let phii = i < p ? phi[i] : 0.0
                        if j != r - 1 {
                            xnext[indj] = -phii
                            if i != r - 1 {
                                xnext[indi] -= phij
                                ind1 += 1
                                xnext[ind1] = -1.0
                            }
                        }
                        xnext[npr] = -phii * phij
                        ind2 += 1
                        if ind2 >= np { ind2 = 0 }
                        xnext[ind2] += 1.0
                        givensInclude(np, xnext, xrow, ynext, P, rbar, thetab)
                        xnext[ind2] = 0.0
                        if i != r - 1 {
                            xnext[indi] = 0.0
                            indi += 1
                            xnext[ind1] = 0.0
                        }
                    }
                }
                var ithisr = nrbar - 1
                var im = np - 1
                for i in 0..<np {
                    var bi = thetab[im]
                    var jm = np - 1
                    for _ in 0..<i {
                        bi -= rbar[ithisr] * P[jm]
                        ithisr -= 1
                        jm -= 1
                    }
                    P[im] = bi
                    im -= 1
                }
                // Re-order P.
                ind = npr
                for i in 0..<r { xnext[i] = P[ind]; ind += 1 }
                ind = np - 1
                ind1 = npr - 1
                for _ in 0..<npr { P[ind] = P[ind1]; ind -= 1; ind1 -= 1 }
                for i in 0..<r { P[i] = xnext[i] }
            }}}}
        } else {
            // Pure MA: back-substitution.
            var indn = np
            ind = np
            for i in 0..<r {
                for j in 0...i {
                    ind -= 1
                    P[ind] = vv[ind]
                    if j != 0 { indn -= 1; P[ind] += P[indn] }
                }
            }
        }
        // Unpack to a full matrix.
        ind = np
        var i = r - 1
        while i > 0 {
            var j = r - 1
            while j >= i { ind -= 1; P[r * i + j] = P[ind]; j -= 1 }
            i -= 1
        }
        for i in 0..<(r - 1) { for j in (i + 1)..<r { P[i + r * j] = P[j + r * i] } }
    }
    return res
}

/// AS 154's `inclu2`: include the row (xnext, ynext) into the square-root-free Givens QR
/// (d, rbar, thetab).
@inline(__always)
private func givensInclude(_ np: Int, _ xnextB: UnsafeMutableBufferPointer<Double>,
                           _ xrowB: UnsafeMutableBufferPointer<Double>, _ ynextIn: Double,
                           _ dB: UnsafeMutableBufferPointer<Double>, _ rbarB: UnsafeMutableBufferPointer<Double>,
                           _ thetabB: UnsafeMutableBufferPointer<Double>) {
    let xnext = xnextB.baseAddress!, xrow = xrowB.baseAddress!, d = dB.baseAddress!
    let rbar = rbarB.baseAddress!, thetab = thetabB.baseAddress!
    var ynext = ynextIn
    for i in 0..<np { xrow[i] = xnext[i] }
    var ithisr = 0
    for i in 0..<np {
        if xrow[i] != 0.0 {
            let xi = xrow[i], di = d[i], dpi = di + xi * xi
            d[i] = dpi
            let cbar = di / dpi, sbar = xi / dpi
            // k = i + 1 ..< np as a counted loop over offset pointers (vectorised).
            let xr = xrow + (i + 1), rb = rbar + ithisr, len = np - i - 1
            for t in 0..<len {
                let xk = xr[t], rbthis = rb[t]
                xr[t] = xk - xi * rbthis
                rb[t] = cbar * rbthis + sbar * xk
            }
            ithisr += len
            let xk = ynext
            ynext = xk - xi * thetab[i]
            thetab[i] = cbar * thetab[i] + sbar * xk
            if di == 0.0 { return }
        } else {
            ithisr = ithisr + np - i - 1
        }
    }
}
