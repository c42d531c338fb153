// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import LinearAlgebra

/// Classical Holt–Winters filtering with smoothing parameters chosen by minimum SSE of the
/// one-step errors, as R's `stats::HoltWinters` (Holt 1957; Winters 1960,
/// DOI 10.1287/mnsc.6.3.324) — not the ETS state-space model (no likelihood, no AIC).
///
/// Start values as R: seasonal — classical decomposition of the first two seasons, level and
/// slope from a regression line through its trend, the seasonal figure as the seasonal states,
/// filtering from observation m + 1; trend only — ℓ = y₂, b = y₂ − y₁, from observation 3;
/// level only — ℓ = y₁, from observation 2.
///
/// Estimation: α alone by Brent's golden-section/parabolic search on [0, 1] with R `optimize`'s
/// tolerance ε^¼ (a port of R's `Brent_fmin`, so α matches R to rounding); α, β (and γ) with R's
/// start (0.3, 0.1, 0.1) by Nelder–Mead inside [0, 1]³ to 1e-12 relative, then coordinate-wise
/// Brent polishing. R uses L-BFGS-B (factr 1e7) there, so multi-parameter fits agree with R to the
/// accuracy of R's optimiser, not to every digit.
///
/// Fixed parameters (`alpha`, `beta`, `gamma` set) are used as given, as R's
/// `HoltWinters(x, alpha =, beta =, gamma =)`; with one parameter left free it is found by Brent's
/// method (R `optimize`), with two or three by the optimiser above.
///
/// Prediction intervals follow `predict.HoltWinters`: Var(h) = σ̂²·(1 + Σ_{0<j<h} ψⱼ²) for additive
/// or no seasonality, ψⱼ = α(1 + jβ) + [j mod m = 0]·γ(1 − α), σ̂² = var(residuals). For
/// multiplicative seasonality R uses Var(h) = σ̂²·Σ_{0≤j<h} (ψⱼ·c[2 + r] / c[2 + (r − j) mod m])²,
/// r = 1 + (h − 1) mod m, with c = R's coefficient vector (a, b, s₁…s_m) indexed from 1 — which
/// makes the denominator b (not a seasonal index) when (r − j) mod m = 0, and, without a trend
/// (c = (a, s₁…s_m)), shifts both indices by one and runs off the end (R prints NA). We reproduce
/// those numbers exactly, NaN where R has NA, because they are what an analyst comparing with R
/// will see; they are a rough approximation, and ETS(M,A,M) (`ETS("MAM")`) gives
/// model-based intervals for the same kind of series.
/// - Complexity: O(n) per SSE evaluation.
public struct HoltWinters: ForecastModelSpec {
    public enum Seasonality: Sendable, Equatable { case none, additive, multiplicative }
    public var trend: Bool
    public var seasonality: Seasonality
    /// Fixed smoothing parameters in [0, 1] (nil: estimated by minimum SSE).
    public var alpha: Double?, beta: Double?, gamma: Double?

    public init(trend: Bool = true, seasonality: Seasonality = .additive,
                alpha: Double? = nil, beta: Double? = nil, gamma: Double? = nil) {
        for (name, v) in [("alpha", alpha), ("beta", beta), ("gamma", gamma)] {
            if let v { precondition(v >= 0 && v <= 1, "HoltWinters: \(name) must be in [0, 1], got \(v)") }
        }
        self.trend = trend
        self.seasonality = seasonality
        self.alpha = alpha
        self.beta = beta
        self.gamma = gamma
    }

    public func fit(_ y: [Double], period m: Int) throws(ForecastingError) -> FittedHoltWinters {
        try validateFinite(y)
        let seasonal = seasonality != .none
        if seasonal && m < 2 { throw .invalidPeriod(model: "HoltWinters", period: m) }
        let needed = seasonal ? 2 * m + 1 : (trend ? 3 : 2)
        guard y.count >= needed else { throw .tooShort(model: "HoltWinters", needed: needed, got: y.count) }
        if seasonality == .multiplicative, let i = y.firstIndex(where: { $0 <= 0 }) {
            throw .nonPositive(model: "HoltWinters (multiplicative)", index: i, value: y[i])
        }
        var l0: Double, b0 = 0.0, s0: [Double] = []
        let startTime: Int  // 1-based index of the first filtered observation, as R's start.time
        if seasonal {
            let d = try ClassicalDecomposition(Array(y[0..<(2 * m)]), period: m,
                                               kind: seasonality == .additive ? .additive : .multiplicative)
            let tr = d.trend.filter { !$0.isNaN }
            let line = LeastSquares.line(x: (1...tr.count).map(Double.init), y: tr[...])
            l0 = line.intercept
            b0 = line.slope
            s0 = d.figure
            startTime = m + 1
        } else if trend {
            l0 = y[1]; b0 = y[1] - y[0]; startTime = 3
        } else {
            l0 = y[0]; startTime = 2
        }
        if !trend { b0 = 0 }
        let core = HoltWintersFilter(y: y, period: m, seasonality: seasonality, trend: trend,
                                     l0: l0, b0: b0, s0: s0, startTime: startTime)
        // Free parameters, in R's order, with R's optim starting values (0.3, 0.1, 0.1).
        let free = [(0, self.alpha == nil, 0.3), (1, trend && self.beta == nil, 0.1), (2, seasonal && self.gamma == nil, 0.1)]
            .filter(\.1)
        func unpack(_ p: [Double]) -> (Double, Double, Double) {
            var v = [self.alpha ?? 0, trend ? (self.beta ?? 0) : 0, seasonal ? (self.gamma ?? 0) : 0]
            for (k, f) in free.enumerated() { v[f.0] = p[k] }
            return (v[0], v[1], v[2])
        }
        let objective: ([Double]) -> Double = { p in
            guard p.allSatisfy({ $0 >= 0 && $0 <= 1 }) else { return .infinity }
            let (a, b, g) = unpack(p)
            return core.sse(alpha: a, beta: b, gamma: g)
        }
        var best: [Double] = []
        if free.count == 1 {
            // R: optimize(error, lower = 0, upper = 1), tolerance ε^¼.
            best = [brentMinimum(lower: 0, upper: 1, tolerance: pow(Double.ulpOfOne, 0.25)) { objective([$0]) }]
        } else if free.count > 1 {
            let start = free.map(\.2)
            best = nelderMead(start: start, reltol: 1e-12, maxIterations: 5000, objective)?.x ?? start
            // Coordinate-wise Brent polish inside the box.
            for _ in 0..<3 {
                for k in best.indices {
                    var trial = best
                    best[k] = brentMinimum(lower: 0, upper: 1, tolerance: 1e-10) { v in trial[k] = v; return objective(trial) }
                }
            }
        }
        let (alpha, beta, gamma) = unpack(best)
        let run = core.run(alpha: alpha, beta: beta, gamma: gamma)
        return FittedHoltWinters(y: y, period: m, seasonality: seasonality, trend: trend, alpha: alpha, beta: beta,
                                 gamma: gamma, startTime: startTime, run: run)
    }
}

/// R's C_HoltWinters filter.
struct HoltWintersFilter {
    let y: [Double]
    let period: Int
    let seasonality: HoltWinters.Seasonality
    let trend: Bool
    let l0: Double, b0: Double, s0: [Double]
    let startTime: Int

    struct Run { var level: Double; var slope: Double; var season: [Double]; var fitted: [Double]; var sse: Double }

    func sse(alpha: Double, beta: Double, gamma: Double) -> Double { run(alpha: alpha, beta: beta, gamma: gamma).sse }

    func run(alpha: Double, beta: Double, gamma: Double) -> Run {
        let m = period
        let seasonal = seasonality != .none
        let additive = seasonality != .multiplicative
        var level = l0, slope = b0
        var season = s0  // season[k] is the state used m steps after it was set
        var fitted: [Double] = []
        fitted.reserveCapacity(y.count)
        var sse = 0.0
        var head = 0  // season[(head + k) % m]: oldest first
        for i in (startTime - 1)..<y.count {
            let stmp = seasonal ? season[head] : (additive ? 0 : 1)
            var xhat = level + (trend ? slope : 0)
            xhat = additive ? xhat + stmp : xhat * stmp
            fitted.append(xhat)
            let res = y[i] - xhat
            sse += res * res
            let oldLevel = level
            level = alpha * (additive ? y[i] - stmp : y[i] / stmp) + (1 - alpha) * (oldLevel + (trend ? slope : 0))
            if trend { slope = beta * (level - oldLevel) + (1 - beta) * slope }
            if seasonal {
                season[head] = gamma * (additive ? y[i] - level : y[i] / level) + (1 - gamma) * stmp
                head = (head + 1) % m
            }
        }
        if seasonal { season = (0..<m).map { season[(head + $0) % m] } }
        return Run(level: level, slope: slope, season: season, fitted: fitted, sse: sse)
    }
}

public struct FittedHoltWinters: FittedForecastModel {
    public let y: [Double]
    public let period: Int
    public let seasonality: HoltWinters.Seasonality
    public let trend: Bool
    public let alpha: Double, beta: Double, gamma: Double
    /// 1-based first filtered observation (R `start.time`); earlier fitted values are NaN.
    public let startTime: Int
    let run: HoltWintersFilter.Run

    public var method: String { "HoltWinters" }
    /// Minimised sum of squared one-step errors (R `$SSE`).
    public var sse: Double { run.sse }
    public var fitted: [Double] { Array(repeating: .nan, count: startTime - 1) + run.fitted }
    public var residuals: [Double] { zip(y, fitted).map { $0 - $1 } }
    public var parameterTable: [(name: String, value: Double)] {
        var t: [(String, Double)] = [("alpha", alpha)]
        if trend { t.append(("beta", beta)) }
        if seasonality != .none { t.append(("gamma", gamma)) }
        return t
    }

    public func forecast(horizon h: Int, levels: [Double]) throws(ForecastingError) -> Forecast {
        validateForecastArguments(horizon: h, levels: levels)
        let m = period
        let mean = (1...h).map { k -> Double in
            var f = run.level + (trend ? Double(k) * run.slope : 0)
            if seasonality != .none {
                let s = run.season[(k - 1) % m]
                f = seasonality == .additive ? f + s : f * s
            }
            return f
        }
        let res = Array(residuals[(startTime - 1)...])
        let s2 = sampleVariance(res)
        let b = trend ? beta : 0, g = seasonality != .none ? gamma : 0
        func psi(_ j: Int) -> Double {
            alpha * (1 + Double(j) * b) + ((seasonality != .none && j % m == 0) ? g * (1 - alpha) : 0)
        }
        // R's coefficient vector (a, b?, s₁…s_m), 1-based; out of range → NA.
        let coefficients = [run.level] + (trend ? [run.slope] : []) + (seasonality != .none ? run.season : [])
        func c(_ i: Int) -> Double { i >= 1 && i <= coefficients.count ? coefficients[i - 1] : .nan }
        let se = (1...h).map { k -> Double in
            var sum = 0.0
            if seasonality == .multiplicative {
                let rel = 1 + (k - 1) % m
                for j in 0..<k {
                    let q = psi(j) * c(2 + rel) / c(2 + ((rel - j) % m + m) % m)
                    sum += q * q
                }
            } else {
                sum = 1
                if k > 1 { for j in 1..<k { sum += psi(j) * psi(j) } }
            }
            return (s2 * sum).squareRoot()
        }
        let intervals = levels.map { level -> PredictionInterval in
            let z = normalMultiplier(level: level)
            return PredictionInterval(level: level, lower: zip(mean, se).map { $0 - z * $1 }, upper: zip(mean, se).map { $0 + z * $1 })
        }
        return Forecast(method: method, mean: mean, intervals: intervals)
    }
}

/// Brent's minimiser on [lower, upper] without derivatives — a port of R's `Brent_fmin`
/// (optimize.c; Brent 1973, *Algorithms for Minimization without Derivatives*, ch. 5), so that
/// `optimize(f, c(lower, upper), tol = tolerance)` and this return the same point.
func brentMinimum(lower ax: Double, upper bx: Double, tolerance tol: Double, _ f: (Double) -> Double) -> Double {
    let c = (3 - 5.0.squareRoot()) * 0.5
    let eps = Double.ulpOfOne.squareRoot()
    var a = ax, b = bx
    var v = a + c * (b - a), w = v, x = v
    var d = 0.0, e = 0.0
    var fx = f(x), fv = fx, fw = fx
    let tol3 = tol / 3
    while true {
        let xm = (a + b) * 0.5
        let tol1 = eps * abs(x) + tol3
        let t2 = tol1 * 2
        if abs(x - xm) <= t2 - (b - a) * 0.5 { break }
        var p = 0.0, q = 0.0, r = 0.0
        if abs(e) > tol1 {
            r = (x - w) * (fx - fv)
            q = (x - v) * (fx - fw)
            p = (x - v) * q - (x - w) * r
            q = (q - r) * 2
            if q > 0 { p = -p } else { q = -q }
            r = e
            e = d
        }
        var u: Double
        if abs(p) >= abs(q * 0.5 * r) || p <= q * (a - x) || p >= q * (b - x) {
            e = x < xm ? b - x : a - x
            d = c * e
        } else {
            d = p / q
            u = x + d
            if u - a < t2 || b - u < t2 {
                d = tol1
                if x >= xm { d = -d }
            }
        }
        if abs(d) >= tol1 { u = x + d } else if d > 0 { u = x + tol1 } else { u = x - tol1 }
        let fu = f(u)
        if fu <= fx {
            if u < x { b = x } else { a = x }
            v = w; w = x; x = u
            fv = fw; fw = fx; fx = fu
        } else {
            if u < x { a = u } else { b = u }
            if fu <= fw || w == x {
                v = w; fv = fw
                w = u; fw = fu
            } else if fu <= fv || v == x || v == w {
                v = u; fv = fu
            }
        }
    }
    return x
}
