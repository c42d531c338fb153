// SPDX-License-Identifier: GPL-3.0-or-later
import Distributions
import Foundation

/// Complex exponential smoothing (CES; Svetunkov & Kourentzes 2015, "Complex exponential smoothing",
/// Naval Research Logistics 63(8) 2016, DOI 10.1002/nav.21687; seasonal forms: Svetunkov,
/// Kourentzes & Ord 2022, "Complex exponential smoothing", NRL 69(8) 1108–1123,
/// DOI 10.1002/nav.22074), a step-for-step port of statsforecast 2.1.1's `AutoCES`
/// (statsforecast/ces.py and its compiled `ces` module).
///
/// State (ℓ_t, c_t) — the real and imaginary parts of a complex level — and complex smoothing
/// constant α₀ + iα₁. With error e_t = y_t − ŷ_t:
///
///     ℓ_t = ℓ_{t−1} − (1 − α₁) c_{t−1} + (α₀ − α₁) e_t
///     c_t = ℓ_{t−1} + (1 − α₀) c_{t−1} + (α₀ + α₁) e_t
///
/// Kinds (``Kind``): `N` none, ŷ_t = ℓ_{t−1}; `S` simple seasonality, the same recursion on lag m
/// (ŷ_t = ℓ_{t−m}); `P` partial, an additive seasonal s_t = s_{t−m} + β₀e_t added to the N model;
/// `F` full, a second complex pair (s, d) with constant β₀ + iβ₁ on lag m. Forecasts run the
/// recursion with zero errors.
///
/// Estimation as statsforecast: start states — N: ℓ₀ = mean of the first min(10, n) values,
/// c₀ = ℓ₀/1.1; S: ℓ = y_1…y_m, c = ℓ/1.1; P/F: ℓ = mean of the first m values, c = ℓ/1.1, s =
/// classical additive seasonal figure (statsmodels `seasonal_decompose`), d = s/1.1. The criterion
/// n·log Σe² is computed by backfitting (a forward pass, a backward pass over the reversed series
/// and states, and a final forward pass), minimised over α₀ ∈ [0.01, 1.8], α₁ ∈ [0.01, 1.9],
/// β₀, β₁ ∈ [0.01, 1.5] from (1.3, 1, 0.1 for P or 1.3, 1 for F) by statsforecast's bounded
/// Nelder–Mead (``boundedNelderMead(start:lower:upper:initStep:zeroPerturbation:maxIterations:tolerance:_:)``).
/// AICc = n·log Σe² + 2k + 2k(k+1)/(n − k − 1) with k = components + 1 (statsforecast's, which
/// omits the constants of the Gaussian likelihood; only differences between kinds matter). `ces`
/// picks the kind of smallest AICc among N, S, P, F (N only when m = 1 or n < 2m).
///
/// Intervals: statsforecast adds N(0, σ²) noise to every state and quantiles 5,000 simulated
/// forecast paths (σ² = Σe²/(n − k − 1)). The forecast is linear in the starting states, so those
/// paths are exactly normal with variance σ² Σ_s (∂ŷ_{n+h}/∂s)²; we use that variance and normal
/// quantiles — the limit of statsforecast's simulation, which differs from it by its Monte Carlo
/// error (about 1–2% of the half-width with 5,000 paths).
/// - Complexity: O(n · 4 kinds · Nelder–Mead iterations (≤ 1000)) for `ces`.
public struct CES: ForecastModelSpec {
    public enum Kind: String, Sendable, CaseIterable {
        case none = "N", simple = "S", partial = "P", full = "F"
        /// Number of state components.
        var components: Int { switch self { case .none, .simple: 2; case .partial: 3; case .full: 4 } }
    }

    /// The kind, or nil to choose among all four by AICc (statsforecast's `model = "Z"`).
    public let kind: Kind?

    public init(_ kind: Kind? = nil) { self.kind = kind }

    public func fit(_ y: [Double], period: Int) throws(ForecastingError) -> FittedCES {
        try validateFinite(y)
        let n = y.count
        var kinds: [Kind] = kind.map { [$0] } ?? Kind.allCases
        if period < 1 || n < 2 * period || period == 1 { kinds = [.none] }
        // statsforecast's count: "Z" (all kinds) counts as F.
        let parameters = kinds.count > 1 ? 4 : kinds[0].components
        guard n > parameters else { throw .tooShort(model: "CES", needed: parameters + 1, got: n) }
        var best: FittedCES?
        for k in kinds {
            let f = try Self.fitOne(y, period: k == .none ? 1 : period, kind: k)
            if !f.aiccValue.isNaN, f.aiccValue < (best?.aiccValue ?? .infinity) { best = f }
        }
        guard let best else {
            throw .estimationFailed(model: "CES", reason: "no kind could be fitted (criterion not finite)")
        }
        return best
    }

    /// statsforecast's `cesmodel` for one kind; m = 1 for `N`.
    static func fitOne(_ y: [Double], period m: Int, kind: Kind) throws(ForecastingError) -> FittedCES {
        let start = try initialStates(y, period: m, kind: kind)
        var x0 = [1.3, 1.0], upper = [1.8, 1.9]
        switch kind {
        case .partial: x0.append(0.1); upper.append(1.5)
        case .full: x0 += [1.3, 1.0]; upper += [1.5, 1.5]
        case .none, .simple: break
        }
        func parameters(_ x: [Double]) -> Parameters {
            Parameters(alpha0: x[0], alpha1: x[1], beta0: x.count > 2 ? x[2] : .nan, beta1: x.count > 3 ? x[3] : .nan)
        }
        let best = boundedNelderMead(start: x0, lower: Array(repeating: 0.01, count: x0.count), upper: upper) { x in
            var lik = CESRecursion(kind: kind, period: m, parameters: parameters(x), start: start).backfit(y).criterion
            if lik < -1e10 { lik = -1e10 }
            if lik.isNaN { lik = -.infinity }
            return lik
        }
        let p = parameters(best.x)
        let run = CESRecursion(kind: kind, period: m, parameters: p, start: start).backfit(y)
        let n = y.count
        let k = kind.components + 1
        let lik = run.criterion
        let aic = lik + 2 * Double(k)
        let aicc = n - k - 1 != 0 ? aic + 2 * Double(k * (k + 1)) / Double(n - k - 1) : .infinity
        let sse = run.errors.reduce(0) { $0 + $1 * $1 }
        return FittedCES(y: y, period: m, kind: kind, parameters: p, states: run.states, residuals: run.errors,
                         criterion: lik, aiccValue: aicc, aicValue: aic, bicValue: lik + log(Double(n)) * Double(k),
                         sigma2: sse / Double(n - k - 1))
    }

    /// statsforecast's `initstate`: m rows of start states (one row for `N`).
    static func initialStates(_ y: [Double], period m: Int, kind: Kind) throws(ForecastingError) -> [[Double]] {
        switch kind {
        case .none:
            let l = y.prefix(min(max(10, m), y.count)).reduce(0, +) / Double(min(max(10, m), y.count))
            return [[l, l / 1.1]]
        case .simple:
            return (0..<m).map { [y[$0], y[$0] / 1.1] }
        case .partial, .full:
            let l = y.prefix(m).reduce(0, +) / Double(m)
            let s = try ClassicalDecomposition(y, period: m, kind: .additive).figure
            return (0..<m).map { kind == .partial ? [l, l / 1.1, s[$0]] : [l, l / 1.1, s[$0], s[$0] / 1.1] }
        }
    }

    public struct Parameters: Sendable, Equatable {
        public let alpha0: Double, alpha1: Double
        /// NaN where the kind has none (β₁ for P; both for N and S).
        public let beta0: Double, beta1: Double
    }
}

/// The CES recursion on a state table of n + 2m rows (statsforecast's `cescalc`).
struct CESRecursion {
    let kind: CES.Kind
    let period: Int
    let parameters: CES.Parameters
    let start: [[Double]]

    /// statsforecast's `cesupdate`: row i from the rows before it and the observation y.
    static func update(_ s: inout [[Double]], _ i: Int, _ m: Int, _ kind: CES.Kind, _ p: CES.Parameters, _ y: Double) {
        let lagged = kind == .simple ? i - m : i - 1
        var e = y - s[lagged][0]
        if kind == .partial || kind == .full { e -= s[i - m][2] }
        let (s0, s1) = (s[lagged][0], s[lagged][1])
        s[i][0] = s0 - (1.0 - p.alpha1) * s1 + (p.alpha0 - p.alpha1) * e
        s[i][1] = s0 + (1.0 - p.alpha0) * s1 + (p.alpha0 + p.alpha1) * e
        if kind == .partial { s[i][2] = s[i - m][2] + p.beta0 * e }
        if kind == .full {
            let (s2, s3) = (s[i - m][2], s[i - m][3])
            s[i][2] = s2 - (1.0 - p.beta1) * s3 + (p.beta0 - p.beta1) * e
            s[i][3] = s2 + (1.0 - p.beta0) * s3 + (p.beta0 + p.beta1) * e
        }
    }

    /// statsforecast's `cesfcst`: h forecasts from the m rows ending before row i (rows i − m…i − 1),
    /// running the update with the forecast as the observation. Returns the forecasts and the m + h rows.
    static func forecast(_ states: [[Double]], from i: Int, _ m: Int, _ kind: CES.Kind, _ p: CES.Parameters,
                         horizon h: Int) -> (f: [Double], rows: [[Double]]) {
        var buf = Array(states[(i - m)..<i]) + Array(repeating: Array(repeating: 0.0, count: states[0].count), count: h)
        var f = [Double](repeating: 0, count: h)
        for ih in m..<(m + h) {
            f[ih - m] = kind == .simple ? buf[ih - m][0] : buf[ih - 1][0]
            if kind == .partial || kind == .full { f[ih - m] += buf[ih - m][2] }
            update(&buf, ih, m, kind, p, f[ih - m])
        }
        return (f, buf)
    }

    /// One pass of `cescalc_pass` (the one-step forecast only: the multi-step MSEs are not used).
    /// Returns Σe² (NaN propagates).
    func pass(_ y: [Double], _ s: inout [[Double]], _ e: inout [Double]) -> Double {
        let m = period
        var sse = 0.0
        for i in m..<(y.count + m) {
            // inline_forecast's one-step value
            let f0: Double
            switch kind {
            case .simple: f0 = s[i - m][0]
            case .none: f0 = s[i - 1][0]
            case .partial, .full: f0 = s[i - 1][0] + s[i - m][2]
            }
            e[i - m] = y[i - m] - f0
            Self.update(&s, i, m, kind, parameters, y[i - m])
            sse += e[i - m] * e[i - m]
        }
        return sse
    }

    /// `update_trailing_states`: the last m rows are the m-step zero-error forecast states.
    func trail(_ s: inout [[Double]], n: Int) {
        let m = period
        let rows = Self.forecast(s, from: n + m, m, kind, parameters, horizon: m).rows
        for r in 0..<m { s[n + m + r] = rows[m + r] }
    }

    /// `cescalc(…, backfit = 1)`: forward, backward on the reversed series and states, forward again.
    /// criterion = n·log Σe² of the last pass; errors and states of the last pass.
    func backfit(_ y: [Double]) -> (criterion: Double, errors: [Double], states: [[Double]]) {
        let m = period, n = y.count
        var s = start + Array(repeating: Array(repeating: 0.0, count: kind.components), count: n + m)
        var e = [Double](repeating: .nan, count: n)
        _ = pass(y, &s, &e)
        trail(&s, n: n)
        let reversed = Array(y.reversed())
        s.reverse(); e.reverse()
        _ = pass(reversed, &s, &e)
        trail(&s, n: n)
        s.reverse(); e.reverse()
        let sse = pass(y, &s, &e)
        trail(&s, n: n)
        return (Double(n) * log(sse), e, s)
    }
}

public struct FittedCES: FittedForecastModel {
    public let y: [Double]
    /// The lag of the recursion (1 for kind `N`).
    public let period: Int
    public let kind: CES.Kind
    public let parameters: CES.Parameters
    /// The state table: m start rows, n updated rows, m trailing rows.
    public let states: [[Double]]
    public let residuals: [Double]
    /// n·log Σe², statsforecast's `lik`.
    public let criterion: Double
    let aiccValue: Double, aicValue: Double, bicValue: Double
    /// Σe²/(n − k − 1), k = components + 1.
    public let sigma2: Double

    public var method: String { "CES(\(kind.rawValue))" }
    public var fitted: [Double] { zip(y, residuals).map { $0 - $1 } }
    /// −criterion/2, as statsforecast's `loglik` (without the Gaussian constants).
    public var logLikelihood: Double? { -0.5 * criterion }
    public var aic: Double? { aicValue }
    public var aicc: Double? { aiccValue }
    public var bic: Double? { bicValue }
    public var parameterTable: [(name: String, value: Double)] {
        [("alpha0", parameters.alpha0), ("alpha1", parameters.alpha1), ("beta0", parameters.beta0), ("beta1", parameters.beta1)]
            .filter { !$0.1.isNaN }
    }

    public func forecast(horizon h: Int, levels: [Double]) throws(ForecastingError) -> Forecast {
        validateForecastArguments(horizon: h, levels: levels)
        let n = y.count, m = period
        let point = CESRecursion.forecast(states, from: n + m, m, kind, parameters, horizon: h).f
        guard !levels.isEmpty else { return Forecast(method: method, mean: point, intervals: []) }
        // The forecast is linear in the m starting rows: its variance under independent N(0, σ²)
        // noise on every state is σ² times the squared norm of the gradient, found by unit vectors.
        var variance = [Double](repeating: 0, count: h)
        let c = kind.components
        for r in 0..<m {
            for k in 0..<c {
                var unit = Array(repeating: Array(repeating: 0.0, count: c), count: m)
                unit[r][k] = 1
                let g = CESRecursion.forecast(unit, from: m, m, kind, parameters, horizon: h).f
                for j in 0..<h { variance[j] += g[j] * g[j] }
            }
        }
        let intervals = levels.map { level in
            let z = normalMultiplier(level: level)
            return PredictionInterval(level: level, lower: (0..<h).map { point[$0] - z * (sigma2 * variance[$0]).squareRoot() },
                                      upper: (0..<h).map { point[$0] + z * (sigma2 * variance[$0]).squareRoot() })
        }
        return Forecast(method: method, mean: point, intervals: intervals)
    }
}
