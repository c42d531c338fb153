// SPDX-License-Identifier: GPL-3.0-or-later
import Distributions
import Foundation

/// An estimated ETS model.
public struct FittedETS: FittedForecastModel {
    public let form: ETSForm
    /// Seasonal period used (1 for non-seasonal forms).
    public let period: Int
    public let y: [Double]
    public let parameters: ETSParameters
    /// Initial state [l₀, b₀?, s₁…s_m] (R `fit$initstate`; s₁ is the season of time 0).
    public let initialState: [Double]
    /// States at times 0…n (R `fit$states`).
    public let states: [[Double]]
    public let residuals: [Double]
    public let fitted: [Double]
    let loglik: Double
    let aicValue: Double, bicValue: Double, aiccValue: Double
    /// Innovation variance Σe²/(n − #parameters) (R `fit$sigma2`).
    public let sigma2: Double
    /// In-sample one-step MSE (R `fit$mse`).
    public let mse: Double
    let optimiser: NelderMeadResult

    public var method: String { form.description }
    /// −½(n log Σe² + 2Σ log|ŷ|) — R forecast's likelihood, which omits the constant
    /// −(n/2)(1 + log(2π/n)) of the exact Gaussian log-likelihood. AIC/BIC are consistent with it.
    public var logLikelihood: Double? { loglik }
    public var aic: Double? { aicValue }
    public var aicc: Double? { aiccValue }
    public var bic: Double? { bicValue }
    /// α, β, γ, φ (those in the model), then the initial states l, b, s0…s(m−1) as R names
    /// them (s0 = `initialState` s₁), then σ².
    public var parameterTable: [(name: String, value: Double)] {
        var t: [(name: String, value: Double)] = [("alpha", parameters.alpha)]
        if form.trend.hasTrend { t.append(("beta", parameters.beta)) }
        if form.season != .none { t.append(("gamma", parameters.gamma)) }
        if form.trend.damped { t.append(("phi", parameters.phi)) }
        t.append(("l", initialState[0]))
        if form.trend.hasTrend { t.append(("b", initialState[1])) }
        if form.season != .none {
            let off = form.trend.hasTrend ? 2 : 1
            for k in 0..<period { t.append(("s\(k)", initialState[off + k])) }
        }
        t.append(("sigma2", sigma2))
        return t
    }

    /// Nelder–Mead function evaluations and convergence code (0 converged, 1 iteration limit).
    public var optimiserEvaluations: Int { optimiser.evaluations }
    public var optimiserCode: Int { optimiser.code }

    /// Point forecasts and intervals as R's `forecast.ets`: analytic means and variances for the
    /// linear class (additive error, N/A/Ad trend, N/A season: HKOS 2008 ch. 6 "class 1"), for
    /// multiplicative error with N/A/Ad trend and N/A season ("class 2") and with multiplicative
    /// season ("class 3"); other forms (multiplicative trends; additive error with multiplicative
    /// season, only reachable with `restrict = false`) use 5000 simulated sample paths from a seeded
    /// generator (`forecast(horizon:levels:seed:)`), with R's type-8 quantiles, and R's point
    /// forecasts from the state recursion as the mean.
    public func forecast(horizon: Int, levels: [Double]) throws(ForecastingError) -> Forecast {
        try forecast(horizon: horizon, levels: levels, seed: 20_260_101)
    }

    public func forecast(horizon h: Int, levels: [Double], seed: UInt64, paths: Int = 5000) throws(ForecastingError) -> Forecast {
        validateForecastArguments(horizon: h, levels: levels)
        let last = states[states.count - 1]
        let mv: (mu: [Double], variance: [Double])
        if form.trend.multiplicative {
            return simulatedForecast(h: h, levels: levels, last: last, seed: seed, paths: paths)
        }
        switch (form.error, form.season) {
        case (.additive, .none), (.additive, .additive):
            let c = class1(h: h, last: last)
            mv = (c.mu, c.variance)
        case (.multiplicative, .none), (.multiplicative, .additive):
            mv = class2(h: h, last: last)
        case (.multiplicative, .multiplicative):
            mv = class3(h: h, last: last)
        case (.additive, .multiplicative):
            return simulatedForecast(h: h, levels: levels, last: last, seed: seed, paths: paths)
        }
        let intervals = levels.map { level -> PredictionInterval in
            let z = abs(Normal.standard.quantile((100 - level) / 200))
            let w = mv.variance.map { $0.squareRoot() * z }
            return PredictionInterval(level: level, lower: zip(mv.mu, w).map { $0 - $1 },
                                      upper: zip(mv.mu, w).map { $0 + $1 })
        }
        return Forecast(method: method, mean: mv.mu, intervals: intervals)
    }

    /// Point forecasts from the last state (R `etsforecast`).
    func pointForecasts(h: Int, last: [Double]) -> [Double] {
        let hasTrend = form.trend.hasTrend
        let l = last[0], b = hasTrend ? last[1] : 0
        let off = hasTrend ? 2 : 1
        let phi = parameters.phi
        var out = [Double]()
        var phistar = phi
        for i in 0..<h {
            var f = hasTrend ? l + phistar * b : l
            if form.trend.multiplicative { f = l * pow(b, phistar) }
            if form.season != .none {
                var j = period - 1 - i
                while j < 0 { j += period }
                // last holds s₁…s_m with s₁ most recent; C's s[j] is last[off + j].
                f = form.season == .additive ? f + last[off + j] : f * last[off + j]
            }
            out.append(f)
            if abs(phi - 1) < 1e-10 { phistar += 1 } else { phistar += pow(phi, Double(i + 1)) }
        }
        return out
    }

    /// Linear-class mean and variance: μ_h = H F^{h−1} x_n, v_h = σ²(1 + Σ_{j<h} c_j²),
    /// c_j = H F^{j−1} G. The matrices follow R's `class1` literally, including its placement of γ
    /// in row 3 of G whatever the trend (so ETS(A,N,A) intervals match R's).
    func class1(h: Int, last: [Double]) -> (mu: [Double], variance: [Double], c: [Double]) {
        let p = last.count
        let m = period
        let hasTrend = form.trend.hasTrend
        let seasonalA = form.season == .additive
        let phi = form.trend.damped ? parameters.phi : 1
        var H = [Double](repeating: 0, count: p)
        H[0] = 1
        if seasonalA { H[p - 1] = 1 }
        if hasTrend { H[1] = phi }
        var F = SmallMatrix(p, p)
        F[0, 0] = 1
        if hasTrend { F[0, 1] = phi; F[1, 1] = phi }
        if seasonalA {
            F[p - m, p - 1] = 1
            for k in 0..<(m - 1) { F[p - m + 1 + k, p - m + k] = 1 }
        }
        var G = [Double](repeating: 0, count: p)
        G[0] = parameters.alpha
        if hasTrend { G[1] = parameters.beta }
        if seasonalA { G[2] = parameters.gamma }
        var mu = [Double](repeating: 0, count: h)
        var Fj = SmallMatrix.identity(p)
        var c = [Double]()
        for i in 0..<h {
            let HF = Fj.leftMultiply(H)
            mu[i] = zip(HF, last).reduce(0) { $0 + $1.0 * $1.1 }
            if i < h - 1 {
                c.append(zip(HF, G).reduce(0) { $0 + $1.0 * $1.1 })
                Fj = Fj * F
            }
        }
        var v = [sigma2]
        var cum = 0.0
        for cj in c { cum += cj * cj; v.append(sigma2 * (1 + cum)) }
        return (mu, v, c)
    }

    /// Multiplicative error, non-multiplicative season (R `class2`).
    func class2(h: Int, last: [Double]) -> (mu: [Double], variance: [Double]) {
        let c1 = class1(h: h, last: last)
        var theta = [Double](repeating: 0, count: h)
        theta[0] = c1.mu[0] * c1.mu[0]
        if h > 1 {
            for j in 1..<h {
                var s = 0.0
                for k in 0..<j { s += c1.c[k] * c1.c[k] * theta[j - 1 - k] }
                theta[j] = c1.mu[j] * c1.mu[j] + sigma2 * s
            }
        }
        let v = (0..<h).map { (1 + sigma2) * theta[$0] - c1.mu[$0] * c1.mu[$0] }
        return (c1.mu, v)
    }

    /// Multiplicative error and season (R `class3`, HKOS 2008 §6.4): moments of the product of the
    /// level/trend and seasonal blocks via Kronecker products.
    func class3(h: Int, last: [Double]) -> (mu: [Double], variance: [Double]) {
        let p = last.count, m = period
        let q = p - m
        let s2 = sigma2
        let H1 = SmallMatrix(rows: 1, values: Array(repeating: 1, count: q))
        var H2 = SmallMatrix(1, m); H2[0, m - 1] = 1
        var F1 = SmallMatrix(q, q), G1 = SmallMatrix(q, q)
        if q == 1 {
            F1[0, 0] = 1; G1[0, 0] = parameters.alpha
        } else {
            F1[0, 0] = 1; F1[0, 1] = 1; F1[1, 1] = form.trend.damped ? parameters.phi : 1
            G1[0, 0] = parameters.alpha; G1[0, 1] = parameters.alpha
            G1[1, 0] = parameters.beta; G1[1, 1] = parameters.beta
        }
        var F2 = SmallMatrix(m, m)
        F2[0, m - 1] = 1
        for k in 0..<(m - 1) { F2[k + 1, k] = 1 }
        var G2 = SmallMatrix(m, m)
        G2[0, m - 1] = parameters.gamma
        var Mh = SmallMatrix(q, m)
        for i in 0..<q { for j in 0..<m { Mh[i, j] = last[i] * last[q + j] } }
        var Vh = SmallMatrix(q * m, q * m)
        let H21 = H2.kronecker(H1), F21 = F2.kronecker(F1), G21 = G2.kronecker(G1)
        let K = G2.kronecker(F1) + F2.kronecker(G1)
        let F21t = F21.transposed, G21t = G21.transposed, Kt = K.transposed, H21t = H21.transposed
        var mu = [Double](), v = [Double]()
        for _ in 0..<h {
            let mui = (H1 * Mh * H2.transposed)[0, 0]
            mu.append(mui)
            v.append((1 + s2) * (H21 * Vh * H21t)[0, 0] + s2 * mui * mui)
            let vec = Mh.vectorised  // column-major, as R's c(Mh)
            let vv = vec * vec.transposed
            Vh = F21 * Vh * F21t
                + (F21 * Vh * G21t + G21 * Vh * F21t + K * (Vh + vv) * Kt
                   + (G21 * (Vh.scaled(3) + vv.scaled(2)) * G21t).scaled(s2)).scaled(s2)
            Mh = F1 * Mh * F2.transposed + (G1 * Mh * G2.transposed).scaled(s2)
        }
        return (mu, v)
    }

    /// Simulated intervals (R `pegelsfcast.C`): `paths` futures with N(0, σ²) innovations, point
    /// forecasts from the state recursion, limits from type-8 sample quantiles.
    func simulatedForecast(h: Int, levels: [Double], last: [Double], seed: UInt64, paths: Int) -> Forecast {
        let mu = pointForecasts(h: h, last: last)
        var sims = Array(repeating: [Double](), count: h)
        var rng = SimulationRandom(seed: seed)
        let sd = sigma2.squareRoot()
        let hasTrend = form.trend.hasTrend
        let off = hasTrend ? 2 : 1
        for _ in 0..<paths {
            var l = last[0], b = hasTrend ? last[1] : 0
            var s = form.season != .none ? Array(last[off...]) : []
            for i in 0..<h {
                var e = rng.normal() * sd
                if form.error == .multiplicative { e = max(-1, e) }
                let multTrend = form.trend.multiplicative
                let phib = !hasTrend ? 0 : (multTrend ? pow(b, parameters.phi) : parameters.phi * b)
                let q = multTrend ? l * phib : l + phib
                var yhat = q
                if form.season == .additive { yhat += s[period - 1] } else if form.season == .multiplicative { yhat *= s[period - 1] }
                let yv = form.error == .additive ? yhat + e : yhat * (1 + e)
                sims[i].append(yv)
                // Same update as the fitting recursion.
                var pp = yv
                if form.season == .additive { pp = yv - s[period - 1] } else if form.season == .multiplicative { pp = yv / s[period - 1] }
                let newl = q + parameters.alpha * (pp - q)
                if hasTrend {
                    let r = multTrend ? newl / l : newl - l
                    b = phib + (parameters.beta / parameters.alpha) * (r - phib)
                }
                if form.season != .none {
                    let t = form.season == .additive ? yv - q : yv / q
                    let news = s[period - 1] + parameters.gamma * (t - s[period - 1])
                    s = [news] + s[0..<(period - 1)]
                }
                l = newl
            }
        }
        let intervals = levels.map { level -> PredictionInterval in
            let lo = sims.map { quantileType8($0, 0.5 - level / 200) }
            let hi = sims.map { quantileType8($0, 0.5 + level / 200) }
            return PredictionInterval(level: level, lower: lo, upper: hi)
        }
        return Forecast(method: method, mean: mu, intervals: intervals)
    }
}

/// R's quantile type 8 (median-unbiased; Hyndman & Fan 1996).
func quantileType8(_ x: [Double], _ p: Double) -> Double {
    let s = x.sorted()
    let n = Double(s.count)
    let h = (n + 1.0 / 3.0) * p + 1.0 / 3.0
    let lo = Int(floor(h))
    if lo < 1 { return s[0] }
    if lo >= s.count { return s[s.count - 1] }
    return s[lo - 1] + (h - Double(lo)) * (s[lo] - s[lo - 1])
}

/// Dense row-major matrix for the small state-space computations of ETS forecasting (at most
/// 26 × 26). Forecasting does not depend on LinearAlgebra; these sizes need no BLAS.
struct SmallMatrix {
    let rows: Int, cols: Int
    var a: [Double]
    init(_ r: Int, _ c: Int) { rows = r; cols = c; a = Array(repeating: 0, count: r * c) }
    init(rows: Int, values: [Double]) { self.rows = rows; cols = values.count / rows; a = values }
    static func identity(_ n: Int) -> SmallMatrix {
        var m = SmallMatrix(n, n)
        for i in 0..<n { m[i, i] = 1 }
        return m
    }
    subscript(i: Int, j: Int) -> Double {
        get { a[i * cols + j] }
        set { a[i * cols + j] = newValue }
    }
    static func * (x: SmallMatrix, y: SmallMatrix) -> SmallMatrix {
        precondition(x.cols == y.rows)
        var z = SmallMatrix(x.rows, y.cols)
        for i in 0..<x.rows {
            for k in 0..<x.cols {
                let v = x[i, k]
                if v == 0 { continue }
                for j in 0..<y.cols { z.a[i * z.cols + j] += v * y.a[k * y.cols + j] }
            }
        }
        return z
    }
    static func + (x: SmallMatrix, y: SmallMatrix) -> SmallMatrix {
        var z = x
        for i in 0..<z.a.count { z.a[i] += y.a[i] }
        return z
    }
    func scaled(_ s: Double) -> SmallMatrix {
        var z = self
        for i in 0..<z.a.count { z.a[i] *= s }
        return z
    }
    var transposed: SmallMatrix {
        var z = SmallMatrix(cols, rows)
        for i in 0..<rows { for j in 0..<cols { z[j, i] = self[i, j] } }
        return z
    }
    /// Row vector times matrix.
    func leftMultiply(_ v: [Double]) -> [Double] {
        var out = [Double](repeating: 0, count: cols)
        for k in 0..<rows where v[k] != 0 { for j in 0..<cols { out[j] += v[k] * self[k, j] } }
        return out
    }
    /// Kronecker product self ⊗ y.
    func kronecker(_ y: SmallMatrix) -> SmallMatrix {
        var z = SmallMatrix(rows * y.rows, cols * y.cols)
        for i in 0..<rows { for j in 0..<cols {
            let v = self[i, j]
            if v == 0 { continue }
            for k in 0..<y.rows { for l in 0..<y.cols { z[i * y.rows + k, j * y.cols + l] = v * y[k, l] } }
        } }
        return z
    }
    /// Column-major vectorisation as a column vector.
    var vectorised: SmallMatrix {
        var z = SmallMatrix(rows * cols, 1)
        for j in 0..<cols { for i in 0..<rows { z.a[j * rows + i] = self[i, j] } }
        return z
    }
}
