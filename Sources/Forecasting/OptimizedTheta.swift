// SPDX-License-Identifier: GPL-3.0-or-later
import Distributions
import Foundation

/// The Theta family of Fiorucci, Pellegrini, Louzada, Petropoulos & Koehler (2016), "Models for
/// optimising the theta method and their relationship to state space models", IJF 32(4) 1151–1161,
/// DOI 10.1016/j.ijforecast.2016.02.005 — as statsforecast's `AutoTheta`, `OptimizedTheta`,
/// `DynamicOptimizedTheta`, `Theta` and `DynamicTheta` (statsforecast 2.1.1, `theta.py` and
/// `src/theta.cpp`), step for step.
///
/// State (ℓ_t, ȳ_t, A_t, B_t, μ_t): ℓ the SES level with smoothing α, ȳ the running mean, A + B·t the
/// least-squares line of y_1…y_t (the dynamic models, updated each step:
/// B_t = ((t−1)B_{t−1} + 6(y_t − ȳ_{t−1})/(t+1))/(t+2), A_t = ȳ_t − B_t(t+2)/2) or of the whole
/// series (the static models, fixed), and the one-step forecast
/// μ_{t+1} = ℓ_t + (1 − 1/θ)(A_t(1−α)^t + B_t(1 − (1−α)^{t+1})/α).
/// θ = 2 (STM, DSTM: the standard Theta method) or estimated in [1, ∞) (OTM, DOTM); α ∈ [0.1, 0.99]
/// and ℓ₀ are estimated by minimising Σ_{t>3} e_t² / mean|y| with statsforecast's bounded
/// Nelder–Mead (``boundedNelderMead(start:lower:upper:initStep:zeroPerturbation:maxIterations:tolerance:_:)``)
/// from ℓ₀ = y₁/2, α = 0.5, θ = 2. `AutoTheta` keeps the variant with the smallest criterion.
///
/// Seasonality (m ≥ 4, n ≥ 2m): 90% one-sided test |r_m| > 1.645·√((1 + 2Σ_{k<m} r_k²)/n);
/// if seasonal, classical decomposition (multiplicative when the series is positive and every
/// index ≥ 0.01, else additive), the model fitted to the adjusted series and the last m indices
/// re-applied to the forecasts. Note this test differs from `thetaf`'s (``Theta``: m > 1, n > 2m).
///
/// Intervals, as statsforecast: 1000 simulated paths (statsforecast uses 200) with normal errors
/// of σ = sd(e_4…e_n) (divisor n − 1; the errors times the indices when multiplicative-seasonal), propagated through the dynamic updates (for every variant,
/// as statsforecast), quantiles of the paths (linear interpolation, numpy's default). Our random
/// numbers are not numpy's, so limits agree with statsforecast's only to simulation error.
///
/// Differences from statsforecast: residuals are y − fitted on the original scale, and σ for the
/// intervals of an additive-seasonal fit comes from those (statsforecast adds the seasonal index to
/// additive-seasonal residuals, inflating σ); a series of ≤ 3 values is an error
/// (`tooShort`), as statsforecast's "tiny datasets".
/// - Complexity: O(n · nmse) per criterion evaluation (nmse = 3), ≤ 1000 Nelder–Mead iterations
///   per variant.
public struct OptimizedTheta: ForecastModelSpec {
    /// The four models of Fiorucci et al. (2016).
    public enum Variant: String, Sendable, CaseIterable {
        /// Standard Theta model (θ = 2, static line): Hyndman & Billah's SES with drift.
        case standard = "STM"
        /// Optimised Theta model (θ estimated, static line).
        case optimized = "OTM"
        /// Dynamic standard Theta model (θ = 2, line updated each period).
        case dynamicStandard = "DSTM"
        /// Dynamic optimised Theta model (θ estimated, line updated each period).
        case dynamicOptimized = "DOTM"
        var isDynamic: Bool { self == .dynamicStandard || self == .dynamicOptimized }
        var estimatesTheta: Bool { self == .optimized || self == .dynamicOptimized }
    }

    /// Candidate variants; the one with the smallest criterion is kept.
    public let variants: [Variant]
    /// Number of simulated paths for the intervals.
    public var paths = 1000
    /// Seed of the simulated paths (intervals are reproducible).
    public var seed: UInt64 = 20_260_101

    /// One variant (statsforecast `OptimizedTheta` = `.optimized`, `DynamicOptimizedTheta` = `.dynamicOptimized`).
    public init(_ variant: Variant) { variants = [variant] }
    /// All four variants (statsforecast `AutoTheta`).
    public static var auto: OptimizedTheta { OptimizedTheta(variants: Variant.allCases) }
    init(variants: [Variant]) { self.variants = variants }

    public func fit(_ y: [Double], period m: Int) throws(ForecastingError) -> FittedOptimizedTheta {
        try validateFinite(y)
        let n = y.count
        let name = variants.count == 1 ? variants[0].rawValue : "AutoTheta"
        guard n > 3 else { throw .tooShort(model: name, needed: 4, got: n) }
        var x = y
        var decomposition: ClassicalDecomposition?
        if m >= 4 && n >= 2 * m {
            let r = autocorrelations(y, maxLag: m)
            var s = 0.0
            for k in 1..<m { s += r[k] * r[k] }
            let stat = ((1 + 2 * s) / Double(n)).squareRoot()
            if abs(r[m]) / stat > Normal.standard.quantile(0.95) {
                var kind: ClassicalDecomposition.Kind = y.min()! > 0 ? .multiplicative : .additive
                var d = try ClassicalDecomposition(y, period: m, kind: kind)
                if kind == .multiplicative && d.figure.contains(where: { $0 < 0.01 }) {
                    kind = .additive
                    d = try ClassicalDecomposition(y, period: m, kind: kind)
                }
                decomposition = d
                x = d.seasonallyAdjusted
            }
        }
        var best: ThetaState?
        for v in variants {
            let candidate = ThetaState.estimate(x, variant: v)
            if !candidate.criterion.isNaN, candidate.criterion < (best?.criterion ?? .infinity) { best = candidate }
        }
        guard let best else { throw .noModelFitted }
        return FittedOptimizedTheta(y: y, adjusted: x, period: m, state: best, decomposition: decomposition,
                                    paths: paths, seed: seed)
    }
}

/// One estimated Theta model on the (seasonally adjusted) series.
struct ThetaState: Sendable {
    static let nmse = 3
    let variant: OptimizedTheta.Variant
    let initialLevel: Double, alpha: Double, theta: Double
    /// Σ_{t≥4} e_t² / mean|y| (statsforecast's `mse`); NaN when the recursion failed.
    let criterion: Double
    /// One-step errors e_1…e_n.
    let errors: [Double]
    /// Final state (ℓ, ȳ, A, B, μ).
    let last: [Double]

    static func estimate(_ y: [Double], variant: OptimizedTheta.Variant) -> ThetaState {
        var start = [y[0] / 2, 0.5], lower = [-1e10, 0.1], upper = [1e10, 0.99]
        if variant.estimatesTheta { start.append(2); lower.append(1); upper.append(1e10) }
        let result = boundedNelderMead(start: start, lower: lower, upper: upper) { p in
            var c = run(y, variant: variant, initialLevel: p[0], alpha: p[1], theta: p.count > 2 ? p[2] : 2).criterion
            c = max(c, -1e10)
            // statsforecast maps a failed recursion to −∞ (sic); kept so the search path matches.
            return c.isNaN ? -.infinity : c
        }
        let p = result.x
        return run(y, variant: variant, initialLevel: p[0], alpha: p[1], theta: p.count > 2 ? p[2] : 2)
    }

    /// The recursion of statsforecast's `calc`.
    static func run(_ y: [Double], variant: OptimizedTheta.Variant, initialLevel: Double, alpha: Double,
                    theta: Double) -> ThetaState {
        let n = y.count
        var state: [Double]
        if variant.isDynamic {
            state = [alpha * y[0] + (1 - alpha) * initialLevel, y[0], y[0], 0, y[0]]
        } else {
            let ym = mean(y)
            var w = 0.0
            for i in 0..<n { w += y[i] * Double(i + 1) }
            w /= Double(n)
            let nd = Double(n)
            let b = 6 * (2 * w - (nd + 1) * ym) / (nd * nd - 1)
            let a = ym - (nd + 1) * b / 2
            state = [alpha * y[0] + (1 - alpha) * initialLevel, y[0], a, b, initialLevel + (1 - 1 / theta) * (a + b)]
        }
        var e = Array(repeating: 0.0, count: n)
        e[0] = y[0] - state[4]
        var next = state
        for i in 1..<n {
            e[i] = y[i] - step(state, i, variant: variant, alpha: alpha, theta: theta, y: y[i], into: &next)
            swap(&state, &next)
        }
        var meanAbs = 0.0
        for v in y { meanAbs += abs(v) }
        meanAbs = max(meanAbs / Double(n), 1e-10)
        var sse = 0.0
        for i in 3..<n { sse += e[i] * e[i] }
        return ThetaState(variant: variant, initialLevel: initialLevel, alpha: alpha, theta: theta,
                          criterion: sse / meanAbs, errors: e, last: state)
    }

    /// statsforecast's `update_step` from `prev` (index i − 1) to index i; `y` nil uses the forecast
    /// μ_i as the observation. Returns μ_i.
    @inline(__always)
    static func step(_ prev: [Double], _ i: Int, variant: OptimizedTheta.Variant, alpha: Double, theta: Double,
                     y: Double?, into cur: inout [Double]) -> Double {
        let level = prev[0], meanY = prev[1], a = prev[2], b = prev[3]
        let di = Double(i)
        let mu = level + (1 - 1 / theta) * (a * pow(1 - alpha, di) + b * (1 - pow(1 - alpha, di + 1)) / alpha)
        let obs = y ?? mu
        cur[4] = mu
        cur[0] = alpha * obs + (1 - alpha) * level
        cur[1] = (di * meanY + obs) / (di + 1)
        if variant.isDynamic {
            cur[3] = ((di - 1) * b + 6 * (obs - meanY) / (di + 1)) / (di + 2)
            cur[2] = cur[1] - cur[3] * (di + 2) / 2
        } else {
            cur[2] = a
            cur[3] = b
        }
        return mu
    }
}

public struct FittedOptimizedTheta: FittedForecastModel {
    public let y: [Double]
    /// The series the model was fitted to (seasonally adjusted when a decomposition was used).
    let adjusted: [Double]
    public let period: Int
    let state: ThetaState
    /// The classical decomposition used, when the seasonality test was significant.
    public let decomposition: ClassicalDecomposition?
    let paths: Int
    let seed: UInt64

    public var variant: OptimizedTheta.Variant { state.variant }
    public var alpha: Double { state.alpha }
    public var theta: Double { state.theta }
    public var initialLevel: Double { state.initialLevel }
    /// statsforecast's selection criterion Σ_{t≥4} e_t² / mean|y| on the adjusted series.
    public var criterion: Double { state.criterion }
    public var method: String { state.variant.rawValue }
    public var fitted: [Double] {
        (0..<y.count).map { i in
            let f = adjusted[i] - state.errors[i]
            guard let d = decomposition else { return f }
            return d.kind == .multiplicative ? f * d.seasonal[i] : f + d.seasonal[i]
        }
    }
    public var residuals: [Double] { zip(y, fitted).map { $0 - $1 } }
    public var parameterTable: [(name: String, value: Double)] {
        [("alpha", alpha), ("theta", theta), ("l0", initialLevel)]
    }

    /// The seasonal factor of horizon h (1-based): the last m indices repeated.
    func seasonalFactor(_ h: Int) -> Double? {
        guard let d = decomposition else { return nil }
        let lastCycle = d.seasonal.suffix(period)
        return lastCycle[lastCycle.startIndex + (h - 1) % period]
    }

    public func forecast(horizon h: Int, levels: [Double]) throws(ForecastingError) -> Forecast {
        validateForecastArguments(horizon: h, levels: levels)
        let n = adjusted.count
        var mean = [Double]()
        mean.reserveCapacity(h)
        var prev = state.last, cur = prev
        for j in 0..<h {
            mean.append(ThetaState.step(prev, n + j, variant: variant, alpha: alpha, theta: theta, y: nil, into: &cur))
            swap(&prev, &cur)
        }
        var intervals = [PredictionInterval]()
        if !levels.isEmpty {
            let sims = simulate(horizon: h)
            intervals = levels.map { level in
                PredictionInterval(level: level, lower: sims.map { linearQuantile($0, 0.5 - level / 200) },
                                   upper: sims.map { linearQuantile($0, 0.5 + level / 200) })
            }
        }
        if decomposition != nil {
            let s = (1...h).map { seasonalFactor($0)! }
            let multiplicative = decomposition!.kind == .multiplicative
            func apply(_ v: [Double]) -> [Double] { zip(v, s).map { multiplicative ? $0 * $1 : $0 + $1 } }
            mean = apply(mean)
            intervals = intervals.map { PredictionInterval(level: $0.level, lower: apply($0.lower), upper: apply($0.upper)) }
        }
        return Forecast(method: method, mean: mean, intervals: intervals)
    }

    /// Sample paths on the adjusted scale, `[horizon][path]`, as statsforecast's `compute_pi_samples`.
    func simulate(horizon h: Int) -> [[Double]] {
        // statsforecast scales the residuals by the multiplicative seasonal indices before taking σ.
        var e = state.errors
        if let d = decomposition, d.kind == .multiplicative { e = zip(e, d.seasonal).map { $0 * $1 } }
        let tail = e.count >= 5 ? Array(e[3...]) : e
        let sigma = sampleVariance(tail).squareRoot()
        var rng = SimulationRandom(seed: seed)
        let n = adjusted.count
        let a1 = 1 - alpha
        var out = Array(repeating: Array(repeating: 0.0, count: paths), count: h)
        // Horizon by horizon, all paths at once (as statsforecast), so the draws of the first
        // steps do not depend on how many steps are asked for.
        var level = Array(repeating: state.last[0], count: paths), meanY = Array(repeating: mean(adjusted), count: paths)
        var a = Array(repeating: state.last[2], count: paths), b = Array(repeating: state.last[3], count: paths)
        for j in 0..<h {
            let i = Double(n + j)
            for p in 0..<paths {
                let v = level[p] + (1 - 1 / theta) * (a[p] * pow(a1, i) + b[p] * (1 - pow(a1, i + 1)) / alpha) + sigma * rng.normal()
                out[j][p] = v
                level[p] = alpha * v + a1 * level[p]
                meanY[p] = (i * meanY[p] + v) / (i + 1)
                b[p] = ((i - 1) * b[p] + 6 * (v - meanY[p]) / (i + 1)) / (i + 2)
                a[p] = meanY[p] - b[p] * (i + 2) / 2
            }
        }
        return out
    }
}

/// Quantile with linear interpolation between order statistics (R type 7, numpy's default).
func linearQuantile(_ x: [Double], _ p: Double) -> Double {
    let s = x.sorted()
    let h = Double(s.count - 1) * p
    let lo = Int(h.rounded(.down))
    if lo >= s.count - 1 { return s[s.count - 1] }
    return s[lo] + (h - Double(lo)) * (s[lo + 1] - s[lo])
}
