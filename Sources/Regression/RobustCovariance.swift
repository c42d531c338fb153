// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import LinearAlgebra

/// Covariance estimators for linear-model coefficients.
///
/// All are sandwiches V = (XᵀX)⁻¹ · M · (XᵀX)⁻¹ with a "meat" M built from the estimating functions
/// uᵢ = xᵢ·eᵢ (Zeileis 2004, "Econometric computing with HC and HAC covariance matrix estimators",
/// J. Stat. Softw. 11(10), DOI 10.18637/jss.v011.i10), except ``classical`` = σ̂²(XᵀX)⁻¹.
public enum CovarianceEstimator: Sendable, Equatable {
    case classical
    /// White's heteroskedasticity-consistent estimators, as `sandwich::vcovHC(type = "HC0"…"HC3")`
    /// and statsmodels `cov_type="HC0"…"HC3"` (identical definitions):
    /// M = Σ ωᵢ xᵢxᵢᵀ with ωᵢ = eᵢ² (HC0), eᵢ²·n/(n−p) (HC1), eᵢ²/(1−hᵢ) (HC2), eᵢ²/(1−hᵢ)² (HC3).
    case hc(HCType)
    /// Newey–West (1987) heteroskedasticity and autocorrelation consistent, Bartlett kernel.
    case neweyWest(NeweyWestOptions)

    public enum HCType: Int, Sendable, Equatable, CaseIterable {
        case hc0 = 0, hc1, hc2, hc3

        /// The HC meat as a Gram matrix: rows xᵢ of `x` scaled by √ωᵢ (ωᵢ from the score eᵢ and the
        /// leverage hᵢ, which HC0/HC1 ignore), so M = (scaled x)ᵀ(scaled x). One place for lm and GLMs.
        func meat(_ x: Matrix, scores e: [Double], leverages h: [Double], parameters p: Int) -> Matrix {
            let n = x.rows
            var u = x
            for i in 0..<n {
                let e2 = e[i] * e[i]
                let omega: Double
                switch self {
                case .hc0: omega = e2
                case .hc1: omega = e2 * Double(n) / Double(n - p)
                case .hc2: omega = e2 / (1 - h[i])
                case .hc3: omega = e2 / ((1 - h[i]) * (1 - h[i]))
                }
                let s = omega.squareRoot()
                for j in 0..<u.columns { u.storage[i + j * n] *= s }
            }
            return u.gram
        }
    }

    var label: String {
        switch self {
        case .classical: "classical"
        case .hc(let t): "HC\(t.rawValue)"
        case .neweyWest(let o): "Newey-West (\(o.prewhite ? "VAR(1) prewhitened, " : "")\(o.lag))"
        }
    }
}

/// Options of the Newey–West estimator.
///
/// ## R `sandwich::NeweyWest` versus statsmodels
/// - **R default** (``sandwichDefault``): `prewhite = TRUE` — the estimating functions are prewhitened
///   by a VAR(1) fitted by OLS, the HAC sum is taken on the VAR residuals and recoloured by
///   D = (I − A)⁻¹ (Andrews & Monahan 1992, DOI 10.2307/2951574) — and the lag is chosen by
///   `bwNeweyWest`: Newey & West (1994, DOI 10.2307/2297912) automatic bandwidth with the intercept's
///   estimating function given weight 0, pilot lag ⌊3(n/100)^{2/9}⌋ (⌊4(n/100)^{2/9}⌋ without
///   prewhitening), γ̂ = 1.1447((s₁/s₀)²)^{1/3}, lag = ⌊γ̂·n^{1/3}⌋. No n/(n−p) adjustment.
/// - **statsmodels** (``statsmodels``): `OLS.fit(cov_type="HAC", cov_kwds={"maxlags": L})` has no
///   prewhitening and no default lag (`maxlags` is required); its helper `cov_hac` uses
///   L = ⌊4(n/100)^{2/9}⌋, which is what ``Lag/rule`` gives; `use_correction=False` (no n/(n−p)).
///   (The helper `cov_hac(results)` itself defaults to `use_correction=True`, i.e. `adjust: true`.)
///   statsmodels then refers t-ratios to the normal distribution; this module (and `lmtest::coeftest`)
///   uses t with n − p degrees of freedom.
/// Both use Bartlett weights 1 − j/(L+1), j = 0…L, and the meat Γ₀ + Σⱼ wⱼ(Γⱼ + Γⱼᵀ), Γⱼ = Σₜ uₜuₜ₋ⱼᵀ.
public struct NeweyWestOptions: Sendable, Equatable, CustomStringConvertible {
    public enum Lag: Sendable, Equatable, CustomStringConvertible {
        /// Newey–West (1994) automatic bandwidth, as `sandwich::bwNeweyWest` (then floored).
        case automatic
        /// ⌊4(n/100)^{2/9}⌋, statsmodels' `cov_hac` default.
        case rule
        case fixed(Int)
        public var description: String {
            switch self {
            case .automatic: "automatic lag"
            case .rule: "lag 4(n/100)^(2/9)"
            case .fixed(let l): "lag \(l)"
            }
        }
    }
    public var lag: Lag
    public var prewhite: Bool
    /// Multiply the meat by n/(n − p) (`adjust = TRUE` in R; `use_correction=True` in statsmodels).
    public var adjust: Bool

    public init(lag: Lag = .automatic, prewhite: Bool = true, adjust: Bool = false) {
        if case .fixed(let l) = lag { precondition(l >= 0, "Newey-West lag must be ≥ 0") }
        self.lag = lag
        self.prewhite = prewhite
        self.adjust = adjust
    }

    /// `sandwich::NeweyWest(fit)` defaults.
    public static let sandwichDefault = NeweyWestOptions(lag: .automatic, prewhite: true, adjust: false)
    /// statsmodels `cov_type="HAC"` with `maxlags` = ⌊4(n/100)^{2/9}⌋.
    public static let statsmodels = NeweyWestOptions(lag: .rule, prewhite: false, adjust: false)

    public var description: String { "\(prewhite ? "prewhitened, " : "")\(lag)" }
}

/// Heteroskedasticity- and autocorrelation-consistent "meat" computations on estimating functions.
enum HAC {
    /// The lag actually used for n rows of estimating functions `u` (n×k).
    static func lag(_ options: NeweyWestOptions, u: Matrix, interceptColumn: Int?) throws(RegressionError) -> Int {
        let n = u.rows
        switch options.lag {
        case .fixed(let l): return l
        case .rule: return Int((4 * pow(Double(n) / 100, 2.0 / 9.0)).rounded(.down))
        case .automatic:
            let bw = try bandwidthNeweyWest(u: u, interceptColumn: interceptColumn, prewhite: options.prewhite)
            // Extreme data (e.g. alternating 1 and 1e15) can make the bandwidth NaN or ∞; Int(_:) traps on those.
            guard bw.isFinite && bw < 1e15 else {
                throw .numerical("the Newey–West automatic bandwidth is \(bw) (the estimating functions are degenerate or extreme); use classical standard errors (drop --hac) or check the data for extreme values")
            }
            return Int(bw.rounded(.down))
        }
    }

    /// `sandwich::bwNeweyWest` for the Bartlett kernel.
    static func bandwidthNeweyWest(u: Matrix, interceptColumn: Int?, prewhite: Bool) throws(RegressionError) -> Double {
        let n0 = u.rows, k = u.columns
        var w = [Double](repeating: 1, count: k)
        if let c = interceptColumn, k > 1 { w[c] = 0 }
        let m = Int(((prewhite ? 3.0 : 4.0) * pow(Double(n0) / 100, 2.0 / 9.0)).rounded(.down))
        let v = prewhite ? try var1(u).residuals : u
        let n = v.rows
        let hw = v.multiply(w)
        func sigma(_ j: Int) -> Double {
            var s = 0.0
            for t in 0..<(n - j) { s += hw[t] * hw[t + j] }
            return s / Double(n)
        }
        let sig = (0...max(m, 0)).map(sigma)
        var s0 = sig[0], s1 = 0.0
        if m >= 1 { for j in 1...m { s0 += 2 * sig[j]; s1 += 2 * Double(j) * sig[j] } }
        let gamma = 1.1447 * pow((s1 / s0) * (s1 / s0), 1.0 / 3.0)
        return gamma * pow(Double(n + (prewhite ? 1 : 0)), 1.0 / 3.0)
    }

    /// VAR(1) without intercept fitted by OLS to the rows of u: uₜ = A uₜ₋₁ + εₜ (as `ar.ols`,
    /// `demean = FALSE`). Returns A and the n−1 residual rows.
    static func var1(_ u: Matrix) throws(RegressionError) -> (a: Matrix, residuals: Matrix) {
        let n = u.rows, k = u.columns
        var lagged = Matrix(rows: n - 1, columns: k), current = Matrix(rows: n - 1, columns: k)
        for j in 0..<k {
            for t in 0..<(n - 1) {
                lagged.storage[t + j * (n - 1)] = u.storage[t + j * n]
                current.storage[t + j * (n - 1)] = u.storage[t + 1 + j * n]
            }
        }
        // Aᵀ solves (LᵀL) Aᵀ = Lᵀ C; columns are scaled to unit norm first (as ar.ols rescales).
        var scale = [Double](repeating: 1, count: k)
        for j in 0..<k {
            var s = 0.0
            for t in 0..<(n - 1) { s += lagged.storage[t + j * (n - 1)] * lagged.storage[t + j * (n - 1)] }
            if s > 0 { scale[j] = 1 / s.squareRoot() }
        }
        var ls = lagged, cs = current
        for j in 0..<k {
            for t in 0..<(n - 1) { ls.storage[t + j * (n - 1)] *= scale[j]; cs.storage[t + j * (n - 1)] *= scale[j] }
        }
        var rhs = Matrix(rows: k, columns: k)
        Matrix.gemm(ls, transposeA: true, cs, into: &rhs)
        let atScaled: Matrix
        do { atScaled = try Matrix.solve(ls.gram, rhs) } catch {
            throw .numerical("VAR(1) prewhitening of the estimating functions failed: \(error)")
        }
        // Unscale: A = S⁻¹ Ãᵀ... with L̃ = L S, C̃ = C S: C̃ ≈ L̃ Ãᵀ ⇒ C ≈ L S Ãᵀ S⁻¹, so Aᵀ = S Ãᵀ S⁻¹.
        var at = atScaled
        for j in 0..<k { for i in 0..<k { at[i, j] = atScaled[i, j] * scale[i] / scale[j] } }
        var resid = current
        Matrix.gemm(lagged, at, alpha: -1, beta: 1, into: &resid)
        return (at.transposed, resid)
    }

    /// The HAC meat Σ as `sandwich::meatHAC` × n (i.e. not divided by n): Γ₀ + Σⱼ wⱼ(Γⱼ + Γⱼᵀ),
    /// optionally on VAR(1)-prewhitened u and recoloured.
    static func meat(u: Matrix, lag: Int, prewhite: Bool, adjust: Bool) throws(RegressionError) -> Matrix {
        let n0 = u.rows, k = u.columns
        var v = u
        var d: Matrix? = nil
        if prewhite {
            let fit = try var1(u)
            v = fit.residuals
            var iMinusA = Matrix.identity(k)
            for j in 0..<k { for i in 0..<k { iMinusA[i, j] -= fit.a[i, j] } }
            do { d = try Matrix.solve(iMinusA, .identity(k)) } catch {
                throw .numerical("VAR(1) prewhitening: I − A is singular")
            }
        }
        let n = v.rows
        // Bartlett weights 1 − j/(L+1), j = 0…L (only positive weights contribute).
        var utu = v.gram  // Γ₀ (both halves: 0.5·Γ₀ + its transpose below)
        for j in 0..<k { for i in 0..<k { utu[i, j] *= 0.5 } }
        if lag >= 1 {
            for l in 1...lag where l < n {
                let w = 1 - Double(l) / Double(lag + 1)
                // Γ_l = Σ_t v_t v_{t+l}ᵀ over t = 0…n−l−1 (R: crossprod(umat[1:(n-l),], umat[(l+1):n,]))
                var g = Matrix(rows: k, columns: k)
                for b in 0..<k {
                    for a in 0..<k {
                        var s = 0.0
                        let ba = a * n, bb = b * n
                        for t in 0..<(n - l) { s += v.storage[ba + t] * v.storage[bb + t + l] }
                        g[a, b] = s
                    }
                }
                for j in 0..<k { for i in 0..<k { utu[i, j] += w * g[i, j] } }
            }
        }
        var full = utu
        for j in 0..<k { for i in 0..<k { full[i, j] = utu[i, j] + utu[j, i] } }
        if adjust {
            let f = Double(n0) / Double(n0 - k)
            full.storage = full.storage.map { $0 * f }
        }
        if let d { full = Algebra.sandwich(d, full) }
        return full
    }
}
