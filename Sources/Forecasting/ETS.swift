// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import LinearAlgebra

// Exponential smoothing state-space models (ETS), after Hyndman, Koehler, Ord & Snyder (2008),
// "Forecasting with Exponential Smoothing: The State Space Approach", Springer,
// DOI 10.1007/978-3-540-71918-2, and Hyndman, Koehler, Snyder & Grose (2002), IJF 18(3) 439–454,
// DOI 10.1016/S0169-2070(01)00110-8. Estimation follows R forecast 8.20's `ets()` step for step:
// the same recursions (`etscalc`), likelihood, initial states (`initstate`), starting values
// (`initparam`), usual/admissible bounds (`check.param`, `admissible`), Nelder–Mead settings and
// model-selection loop, including multiplicative trends (M, Md).

/// Error component.
public enum ETSErrorType: String, Sendable, Hashable, CaseIterable {
    case additive = "A", multiplicative = "M"
}

/// Trend component (`Ad` additive damped, `M`/`Md` multiplicative, only with
/// `allowMultiplicativeTrend` in automatic selection, as R).
public enum ETSTrendType: String, Sendable, Hashable, CaseIterable {
    case none = "N", additive = "A", additiveDamped = "Ad", multiplicative = "M", multiplicativeDamped = "Md"
    var hasTrend: Bool { self != .none }
    var damped: Bool { self == .additiveDamped || self == .multiplicativeDamped }
    var multiplicative: Bool { self == .multiplicative || self == .multiplicativeDamped }
}

/// Seasonal component.
public enum ETSSeasonType: String, Sendable, Hashable, CaseIterable {
    case none = "N", additive = "A", multiplicative = "M"
}

/// One ETS model form, e.g. ETS(M,Ad,M).
public struct ETSForm: Sendable, Hashable, CustomStringConvertible {
    public let error: ETSErrorType
    public let trend: ETSTrendType
    public let season: ETSSeasonType
    public init(error: ETSErrorType, trend: ETSTrendType, season: ETSSeasonType) {
        self.error = error
        self.trend = trend
        self.season = season
    }
    /// R's method string, `"ETS(M,Ad,M)"`.
    public var description: String { "ETS(\(error.rawValue),\(trend.rawValue),\(season.rawValue))" }
    /// R's letter code, `"MAdM"`.
    public var code: String { error.rawValue + trend.rawValue + season.rawValue }

    /// Parses a fully specified code such as `"ANN"`, `"AAdN"`, `"MAdM"` (no `Z`); `"AAN"` is the
    /// undamped model.
    public init(code: String) throws(ForecastingError) {
        let spec = try ETS(code, damped: code.count == 4)
        guard spec.errors.count == 1, spec.trends.count == 1, spec.seasons.count == 1 else {
            throw .invalidSpecification("'\(code)' is not a single model (contains Z)")
        }
        self.init(error: spec.errors[0], trend: spec.trends[0], season: spec.seasons[0])
    }
}

/// An ETS specification: one model form or a set of candidates chosen among by an information
/// criterion (R `ets(y, model = "ZZZ")`).
///
/// Differences from R: series too short for the model (n ≤ parameters + 4) throw `.tooShort` where
/// R falls back to `HoltWinters`; Box–Cox is not offered.
public struct ETS: ForecastModelSpec {
    /// What the optimiser minimises (R `opt.crit`).
    public enum Criterion: String, Sendable { case likelihood = "lik", mse, amse, sigma, mae }
    /// Parameter space (R `bounds`).
    public enum Bounds: String, Sendable { case both, usual, admissible }
    /// Information criterion for selection (R `ic`).
    public enum InformationCriterion: String, Sendable { case aicc, aic, bic }

    public var errors: [ETSErrorType]
    public var trends: [ETSTrendType]
    public var seasons: [ETSSeasonType]
    /// Fixed smoothing parameters (nil = estimate).
    public var alpha: Double?, beta: Double?, gamma: Double?, phi: Double?
    public var criterion: Criterion = .likelihood
    public var bounds: Bounds = .both
    public var informationCriterion: InformationCriterion = .aicc
    /// R `restrict`: drop models with infinite variance (additive error with multiplicative season).
    public var restrict = true
    /// R `additive.only`.
    public var additiveOnly = false
    /// Horizons in the AMSE criterion (R `nmse`).
    public var nmse = 3
    /// Lower/upper bounds for (α, β, γ, φ), R's defaults.
    public var lower: [Double] = [1e-4, 1e-4, 1e-4, 0.8]
    public var upper: [Double] = [0.9999, 0.9999, 0.9999, 0.98]
    public var maxIterations = 2000
    /// R `allow.multiplicative.trend`: a `Z` trend also tries M and Md.
    public var allowMultiplicativeTrend = false
    /// Whether the trend letter was `Z` (R's short-series rule counts trend parameters only for an
    /// A or M letter).
    var trendSelected = false

    /// Parses an R model string: three letters error/trend/season from {A, M, N, Z} (error A/M/Z,
    /// season N/A/M/Z), `Z` meaning "select". Damping follows R's `ets(y, model, damped)`:
    /// `damped = nil` (R's `NULL`) tries the damped and undamped versions of an A or M trend
    /// (`"AAN"` → ETS(A,Ad,N) or ETS(A,A,N), whichever has the smaller AICc); `true` keeps only the
    /// damped ones (with a `Z` trend: Ad only, as R skips N); `false` only the undamped ones. The
    /// trend may also be written `Ad`/`Md` (`"AAdN"`), which means `damped = true`.
    public init(_ model: String = "ZZZ", damped: Bool? = nil) throws(ForecastingError) {
        var chars = Array(model.uppercased())
        var damped = damped
        if chars.count == 4, chars[2] == "D" {
            if damped == false {
                throw .invalidSpecification("ETS model '\(model)': a damped trend with damped = false")
            }
            damped = true
            chars.remove(at: 2)
        }
        guard chars.count == 3 else {
            throw .invalidSpecification("ETS model '\(model)': expected three letters such as \"ZZZ\", \"MAN\" or \"AAdN\"")
        }
        switch chars[0] {
        case "A": errors = [.additive]
        case "M": errors = [.multiplicative]
        case "Z": errors = [.additive, .multiplicative]
        default: throw .invalidSpecification("ETS model '\(model)': error must be A, M or Z, got '\(chars[0])'")
        }
        switch (chars[1], damped) {
        case ("N", true): throw .invalidSpecification("ETS model '\(model)': a damped trend needs a trend (A or M)")
        case ("N", _): trends = [.none]
        case ("A", nil): trends = [.additiveDamped, .additive]
        case ("A", let d?): trends = d ? [.additiveDamped] : [.additive]
        case ("M", nil): trends = [.multiplicativeDamped, .multiplicative]
        case ("M", let d?): trends = d ? [.multiplicativeDamped] : [.multiplicative]
        case ("Z", nil): trends = [.none, .additiveDamped, .additive]
        case ("Z", let d?): trends = d ? [.additiveDamped] : [.none, .additive]
        default: throw .invalidSpecification("ETS model '\(model)': trend must be N, A, Ad, M, Md or Z, got '\(chars[1])'")
        }
        trendSelected = chars[1] == "Z"
        switch chars[2] {
        case "N": seasons = [.none]
        case "A": seasons = [.additive]
        case "M": seasons = [.multiplicative]
        case "Z": seasons = [.none, .additive, .multiplicative]
        default: throw .invalidSpecification("ETS model '\(model)': season must be N, A, M or Z, got '\(chars[2])'")
        }
    }

    /// A single model form.
    public init(_ form: ETSForm) {
        errors = [form.error]
        trends = [form.trend]
        seasons = [form.season]
    }

    /// Fits every allowed candidate and keeps the one with the smallest information criterion,
    /// visiting them in R's order (error A, M; trend N, A; season N, A, M; damped before undamped),
    /// so ties resolve as in R.
    public func fit(_ y: [Double], period: Int) throws(ForecastingError) -> FittedETS {
        try validateFinite(y)
        precondition(period >= 1, "period must be ≥ 1")
        precondition(nmse >= 1 && nmse <= 30, "nmse must be in 1…30")
        let n = y.count
        var seasons = self.seasons
        let single = errors.count == 1 && trends.count == 1 && seasons.count == 1
        // R: no seasonality when m == 1 or n ≤ m; m > 24 not supported.
        if period == 1 || n <= period {
            if seasons.contains(where: { $0 != .none }) && !seasons.contains(.none) {
                throw .invalidPeriod(model: "seasonal ETS", period: period)
            }
            seasons = [.none]
        }
        if period > 24 {
            if !seasons.contains(.none) { throw .invalidPeriod(model: "seasonal ETS (m > 24)", period: period) }
            seasons = [.none]
        }
        let positive = y.allSatisfy { $0 > 0 }  // (an empty series fails the length check below)
        var trends = self.trends
        if allowMultiplicativeTrend && trendSelected {
            trends += trends.compactMap { t -> ETSTrendType? in
                switch t {
                case .additive: .multiplicative
                case .additiveDamped: .multiplicativeDamped
                default: nil
                }
            }
        }
        if single {
            let form = ETSForm(error: errors[0], trend: trends[0], season: seasons[0])
            if restrict && form.error == .additive && (form.season == .multiplicative || form.trend.multiplicative) {
                throw .invalidSpecification("\(form): forbidden model combination (additive error with a multiplicative component)")
            }
            if restrict && form.error == .multiplicative && form.trend.multiplicative && form.season == .additive {
                throw .invalidSpecification("\(form): forbidden model combination (multiplicative trend, additive season)")
            }
            if additiveOnly && (form.error == .multiplicative || form.season == .multiplicative || form.trend.multiplicative) {
                throw .invalidSpecification("\(form): not additive")
            }
            if !positive && form.error == .multiplicative {
                let i = y.firstIndex { $0 <= 0 }!
                throw .nonPositive(model: form.description, index: i, value: y[i])
            }
        }
        // R: n ≤ npars + 4 → HoltWinters fallback; here an error.
        var npars = 2
        if !trendSelected && trends.allSatisfy(\.hasTrend) { npars += 2 }
        if seasons.count == 1 && seasons[0] != .none { npars += period }
        if trends.allSatisfy(\.damped) { npars += 1 }
        if n <= npars + 4 { throw .tooShort(model: "ETS", needed: npars + 5, got: n) }

        var best: FittedETS?
        var bestIC = Double.infinity
        for e in errors {
            for baseTrend in [ETSTrendType.none, .additive, .multiplicative] {
                for s in seasons {
                    for damped in [true, false] {
                        let t: ETSTrendType = switch baseTrend {
                        case .additive: damped ? .additiveDamped : .additive
                        case .multiplicative: damped ? .multiplicativeDamped : .multiplicative
                        default: .none
                        }
                        if baseTrend == .none && damped { continue }
                        guard trends.contains(t) else { continue }
                        if restrict && e == .additive && (s == .multiplicative || t.multiplicative) { continue }
                        if restrict && e == .multiplicative && t.multiplicative && s == .additive { continue }
                        if additiveOnly && (e == .multiplicative || s == .multiplicative || t.multiplicative) { continue }
                        if !positive && e == .multiplicative { continue }
                        let form = ETSForm(error: e, trend: t, season: s)
                        let fit: FittedETS?
                        do {
                            fit = try estimate(form, y: y, period: period)
                        } catch {
                            if single { throw error }
                            fit = nil
                        }
                        guard let fit else { continue }
                        let ic: Double = switch informationCriterion {
                        case .aicc: fit.aiccValue
                        case .aic: fit.aicValue
                        case .bic: fit.bicValue
                        }
                        if !ic.isNaN && ic < bestIC {
                            best = fit
                            bestIC = ic
                        }
                    }
                }
            }
        }
        guard let best else { throw .noModelFitted }
        return best
    }

    /// R `etsmodel`: estimate one form. Returns nil when R would return an infinite AIC
    /// (more parameters than n − 2).
    func estimate(_ form: ETSForm, y: [Double], period: Int) throws(ForecastingError) -> FittedETS? {
        let m = form.season == .none ? 1 : period
        var lower = self.lower, upper = self.upper
        if let alpha {
            upper[1] = min(alpha, upper[1])
            upper[2] = min(1 - alpha, upper[2])
        }
        if let beta { lower[0] = max(beta, lower[0]) }
        if let gamma { upper[0] = min(1 - gamma, upper[0]) }
        let layout = ParameterLayout(form: form, alpha: alpha, beta: beta, gamma: gamma, phi: phi)
        let start = initialParameters(form: form, m: m, lower: lower, upper: upper)
        guard let startParameters = layout.smoothing(from: start) else {
            throw .parametersOutOfRange("\(form): could not build starting parameters")
        }
        if !checkParameters(startParameters, layout: layout, lower: lower, upper: upper, m: m) {
            throw .parametersOutOfRange("\(form): fixed parameters outside the \(bounds.rawValue) bounds")
        }
        let initState = ETSCore.initialState(y, period: period, trend: form.trend, season: form.season)
        let nstate = initState.count
        let par0 = start + initState
        let np = par0.count
        if np >= y.count - 1 { return nil }
        let core = ETSCore(y: y, m: m, form: form, nmse: nmse)
        let scratch = ETSCore.Scratch(n: y.count, nmse: nmse, m: m)
        let needAMSE = criterion == .mse || criterion == .amse
        /// The initial state from the optimiser's vector: the estimated l, b, s₀…s_{m−2}, then s_{m−1}
        /// from the seasonal constraint (the indices sum to 0, or to m when multiplicative).
        /// Returns the number of states written.
        func completeInitialState(_ par: [Double], into state: UnsafeMutableBufferPointer<Double>) -> Int {
            for i in 0..<nstate { state[i] = par[np - nstate + i] }
            guard form.season != .none else { return nstate }
            var sum = 0.0
            for i in (form.trend.hasTrend ? 2 : 1)..<nstate { sum += state[i] }
            state[nstate] = Double(m) * (form.season == .multiplicative ? 1 : 0) - sum
            return nstate + 1
        }
        let objective: ([Double]) -> Double = { par in
            let p = layout.smoothing(from: par)!
            if !checkParameters(p, layout: layout, lower: lower, upper: upper, m: m) { return .infinity }
            let state = scratch.state
            let stateCount = completeInitialState(par, into: state)
            if form.season == .multiplicative {
                for i in (form.trend.hasTrend ? 2 : 1)..<stateCount where state[i] < 0 { return .infinity }
            }
            var lik = core.likelihood(initialState: UnsafeBufferPointer(rebasing: state[0..<stateCount]), p,
                                      scratch: scratch, needAMSE: needAMSE)
            if lik < -1e10 { lik = -1e10 }
            if lik.isNaN { return .infinity }
            let e = scratch.e
            switch criterion {
            case .likelihood: return lik
            case .mse: return scratch.amse[0]
            case .amse: return scratch.amse.reduce(0, +) / Double(scratch.amse.count)
            case .sigma: return e.reduce(0) { $0 + $1 * $1 } / Double(e.count)
            case .mae: return e.reduce(0) { $0 + abs($1) } / Double(e.count)
            }
        }
        guard let opt = nelderMead(start: par0, maxIterations: maxIterations, objective) else {
            throw .parametersOutOfRange("\(form): objective not finite at the starting values")
        }
        let fitPar = opt.x
        let parameters = layout.smoothing(from: fitPar)!
        let state = Array(scratch.state[0..<completeInitialState(fitPar, into: scratch.state)])
        let r = core.run(initialState: state, parameters, storeStates: true)
        let n = Double(y.count)
        let k = Double(np + 1)
        let lik = r.lik
        let aic = lik + 2 * k
        let bic = lik + log(n) * k
        let aicc = aic + 2 * k * (k + 1) / (n - k - 1)
        let fitted = form.error == .additive
            ? zip(y, r.e).map { $0 - $1 } : zip(y, r.e).map { $0 / (1 + $1) }
        // R's ets(): sigma2 = Σe² / (n − length(par)), where par also lists fixed parameters.
        let npTotal = Double(np + layout.fixedCount)
        let sigma2 = r.e.reduce(0) { $0 + $1 * $1 } / (n - npTotal)
        return FittedETS(form: form, period: m, y: y, parameters: parameters, initialState: state,
                         states: r.states, residuals: r.e, fitted: fitted, loglik: -0.5 * lik,
                         aicValue: aic, bicValue: bic, aiccValue: aicc, sigma2: sigma2, mse: r.amse[0],
                         optimiser: opt)
    }

    /// R `initparam`: starting values for the smoothing parameters that are estimated.
    func initialParameters(form: ETSForm, m: Int, lower lo: [Double], upper up: [Double]) -> [Double] {
        var lower = lo, upper = up
        if bounds == .admissible {
            for i in 0..<3 { lower[i] = 0; upper[i] = 0.001 }
        }
        var par = [Double]()
        var a: Double
        if let alpha { a = alpha } else {
            a = lower[0] + 0.2 * (upper[0] - lower[0]) / Double(m)
            if a > 1 || a < 0 { a = lower[0] + 0.002 }
            par.append(a)
        }
        if form.trend.hasTrend && beta == nil {
            upper[1] = min(upper[1], a)
            var b = lower[1] + 0.1 * (upper[1] - lower[1])
            if b < 0 || b > a { b = a - 0.001 }
            par.append(b)
        }
        if form.season != .none && gamma == nil {
            upper[2] = min(upper[2], 1 - a)
            var g = lower[2] + 0.05 * (upper[2] - lower[2])
            if g < 0 || g > 1 - a { g = 1 - a - 0.001 }
            par.append(g)
        }
        if form.trend.damped && phi == nil {
            var p = lower[3] + 0.99 * (upper[3] - lower[3])
            if p < 0 || p > 1 { p = upper[3] - 0.001 }
            par.append(p)
        }
        return par
    }

    /// R `check.param` (usual bounds on the estimated parameters, then admissibility).
    func checkParameters(_ p: ETSParameters, layout: ParameterLayout, lower: [Double], upper: [Double], m: Int) -> Bool {
        if bounds != .admissible {
            if layout.optAlpha && (p.alpha < lower[0] || p.alpha > upper[0]) { return false }
            if layout.optBeta && (p.beta < lower[1] || p.beta > p.alpha || p.beta > upper[1]) { return false }
            if layout.optPhi && (p.phi < lower[3] || p.phi > upper[3]) { return false }
            if layout.optGamma && (p.gamma < lower[2] || p.gamma > 1 - p.alpha || p.gamma > upper[2]) { return false }
        }
        if bounds != .usual {
            return ETS.admissible(p, hasTrend: layout.form.trend.hasTrend, seasonal: layout.form.season != .none, m: m)
        }
        return true
    }

    /// R `admissible`: the parameter region in which the model is forecastable
    /// (Hyndman, Akram & Archibald 2008, DOI 10.1007/s10463-006-0109-x).
    static func admissible(_ p: ETSParameters, hasTrend: Bool, seasonal: Bool, m: Int) -> Bool {
        let phi = p.phi, alpha = p.alpha
        if phi < 0 || phi > 1 + 1e-8 { return false }
        if !seasonal {
            if alpha < 1 - 1 / phi || alpha > 1 + 1 / phi { return false }
            if hasTrend && (p.beta < alpha * (phi - 1) || p.beta > (1 + phi) * (2 - alpha)) { return false }
        } else if m > 1 {
            let beta = hasTrend ? p.beta : 0
            let gamma = p.gamma
            let md = Double(m)
            if gamma < max(1 - 1 / phi - alpha, 0) || gamma > 1 + 1 / phi - alpha { return false }
            if alpha < 1 - 1 / phi - gamma * (1 - md + phi + phi * md) / (2 * phi * md) { return false }
            if beta < -(1 - phi) * (gamma / md + alpha) { return false }
            // R: P <- c(φ(1−α−γ), α+β−αφ+γ−1, rep(α+β−αφ, m−2), α+β−φ, 1); reject if any root of P
            // has modulus > 1 + 1e-10.
            let inside = withUnsafeTemporaryAllocation(of: Double.self, capacity: m + 2) { poly in
                poly[0] = phi * (1 - alpha - gamma)
                poly[1] = alpha + beta - alpha * phi + gamma - 1
                for k in 2..<m { poly[k] = alpha + beta - alpha * phi }
                poly[m] = alpha + beta - phi
                poly[m + 1] = 1
                return rootsStrictlyInside(UnsafeBufferPointer(poly), radius: 1 + 1e-10)
            }
            if !inside { return false }
        }
        return true
    }
}

/// Smoothing parameters of a fitted (or candidate) model. β = 0 without trend, γ = 0 without
/// season, φ = 1 without damping (as R passes them to its C code).
public struct ETSParameters: Sendable, Equatable {
    public var alpha: Double
    public var beta: Double
    public var gamma: Double
    public var phi: Double
}

/// Which smoothing parameters are estimated, and where they sit in the optimiser's vector
/// [α?, β?, γ?, φ?, l₀, b₀?, s₀…s_{m−2}].
struct ParameterLayout {
    let form: ETSForm
    let fixedAlpha: Double?, fixedBeta: Double?, fixedGamma: Double?, fixedPhi: Double?
    let optAlpha: Bool, optBeta: Bool, optGamma: Bool, optPhi: Bool
    init(form: ETSForm, alpha: Double?, beta: Double?, gamma: Double?, phi: Double?) {
        self.form = form
        fixedAlpha = alpha
        fixedBeta = form.trend.hasTrend ? beta : nil
        fixedGamma = form.season != .none ? gamma : nil
        fixedPhi = form.trend.damped ? phi : nil
        optAlpha = alpha == nil
        optBeta = form.trend.hasTrend && beta == nil
        optGamma = form.season != .none && gamma == nil
        optPhi = form.trend.damped && phi == nil
    }
    /// Number of fixed (user-given) parameters that apply to the form.
    var fixedCount: Int {
        [fixedAlpha, fixedBeta, fixedGamma, fixedPhi].compactMap { $0 }.count
    }
    func smoothing(from par: [Double]) -> ETSParameters? {
        var j = 0
        func next() -> Double? { guard j < par.count else { return nil }; defer { j += 1 }; return par[j] }
        guard let a = optAlpha ? next() : fixedAlpha else { return nil }
        var b = 0.0, g = 0.0, p = 1.0
        if form.trend.hasTrend { guard let v = optBeta ? next() : fixedBeta else { return nil }; b = v }
        if form.season != .none { guard let v = optGamma ? next() : fixedGamma else { return nil }; g = v }
        if form.trend.damped { guard let v = optPhi ? next() : fixedPhi else { return nil }; p = v }
        return ETSParameters(alpha: a, beta: b, gamma: g, phi: p)
    }
}

/// The model form as types, so that `ETSCore.likelihood` specialises its loop per form.
protocol ErrorShape { static var additive: Bool { get } }
protocol TrendShape { static var present: Bool { get }; static var multiplicative: Bool { get } }
protocol SeasonShape { static var present: Bool { get }; static var additive: Bool { get } }
enum AdditiveError: ErrorShape { static var additive: Bool { true } }
enum MultiplicativeError: ErrorShape { static var additive: Bool { false } }
enum NoTrend: TrendShape { static var present: Bool { false }; static var multiplicative: Bool { false } }
enum AdditiveTrend: TrendShape { static var present: Bool { true }; static var multiplicative: Bool { false } }
enum MultiplicativeTrend: TrendShape { static var present: Bool { true }; static var multiplicative: Bool { true } }
enum NoSeason: SeasonShape { static var present: Bool { false }; static var additive: Bool { false } }
enum AdditiveSeason: SeasonShape { static var present: Bool { true }; static var additive: Bool { true } }
enum MultiplicativeSeason: SeasonShape { static var present: Bool { true }; static var additive: Bool { false } }

/// The ETS recursions of R forecast's `etscalc` (Pegels' form: the state updates are written in y,
/// so they are the same for additive and multiplicative errors).
struct ETSCore {
    let y: [Double]
    let m: Int
    let form: ETSForm
    let nmse: Int

    struct Result {
        /// −2 log L up to a constant: n·log Σe² (+ 2 Σ log|ŷ| for multiplicative errors).
        var lik: Double
        var amse: [Double]
        var e: [Double]
        /// (n+1) states [l, b?, s₁…s_m], s₁ the most recent season; empty unless requested.
        var states: [[Double]]
    }

    /// One pass of the recursions, keeping the residuals and multi-step MSEs (and the states when
    /// asked). Allocates; the optimiser uses `likelihood(initialState:_:scratch:needAMSE:)` instead.
    func run(initialState x0: [Double], _ p: ETSParameters, storeStates: Bool, needAMSE: Bool = true) -> Result {
        let scratch = Scratch(n: y.count, nmse: nmse, m: m)
        var states = [[Double]]()
        if storeStates { states.reserveCapacity(y.count + 1); states.append(x0) }
        let lik = x0.withUnsafeBufferPointer { x0 in
            guard storeStates else { return recurse(x0, p, scratch: scratch, needAMSE: needAMSE, states: nil) }
            return withUnsafeMutablePointer(to: &states) {
                recurse(x0, p, scratch: scratch, needAMSE: needAMSE, states: $0)
            }
        }
        return Result(lik: lik, amse: Array(scratch.amse), e: Array(scratch.e), states: states)
    }

    /// −2 log L up to a constant (NaN where R's `etscalc` gives NA), for the optimiser: no heap
    /// allocation; the residuals are left in `scratch.e`.
    func likelihood(initialState x0: UnsafeBufferPointer<Double>, _ p: ETSParameters, scratch: Scratch,
                    needAMSE: Bool) -> Double {
        if needAMSE { return recurse(x0, p, scratch: scratch, needAMSE: true, states: nil) }
        // One copy of the one-step loop per model form (generic specialisation), with the form's
        // branches removed.
        switch form.error {
        case .additive: return oneStep(x0, p, scratch, AdditiveError.self)
        case .multiplicative: return oneStep(x0, p, scratch, MultiplicativeError.self)
        }
    }

    private func oneStep<E: ErrorShape>(_ x0: UnsafeBufferPointer<Double>, _ p: ETSParameters, _ scratch: Scratch,
                                        _ e: E.Type) -> Double {
        switch (form.trend, form.season) {
        case (.none, .none): oneStep(x0, p, scratch, e, NoTrend.self, NoSeason.self)
        case (.none, .additive): oneStep(x0, p, scratch, e, NoTrend.self, AdditiveSeason.self)
        case (.none, .multiplicative): oneStep(x0, p, scratch, e, NoTrend.self, MultiplicativeSeason.self)
        case (.additive, .none), (.additiveDamped, .none): oneStep(x0, p, scratch, e, AdditiveTrend.self, NoSeason.self)
        case (.additive, .additive), (.additiveDamped, .additive):
            oneStep(x0, p, scratch, e, AdditiveTrend.self, AdditiveSeason.self)
        case (.additive, .multiplicative), (.additiveDamped, .multiplicative):
            oneStep(x0, p, scratch, e, AdditiveTrend.self, MultiplicativeSeason.self)
        case (.multiplicative, .none), (.multiplicativeDamped, .none):
            oneStep(x0, p, scratch, e, MultiplicativeTrend.self, NoSeason.self)
        case (.multiplicative, .additive), (.multiplicativeDamped, .additive):
            oneStep(x0, p, scratch, e, MultiplicativeTrend.self, AdditiveSeason.self)
        case (.multiplicative, .multiplicative), (.multiplicativeDamped, .multiplicative):
            oneStep(x0, p, scratch, e, MultiplicativeTrend.self, MultiplicativeSeason.self)
        }
    }

    /// `recurse` without the multi-step MSEs and the stored states (the optimiser's case), generic
    /// over the model form so that each call site above gets a copy with the form's branches
    /// removed. Every floating-point operation is the one `recurse` performs, in the same
    /// order, so the two give the same bits (tested against `recurse` for every form).
    private func oneStep<E: ErrorShape, T: TrendShape, S: SeasonShape>(
        _ x0: UnsafeBufferPointer<Double>, _ p: ETSParameters, _ scratch: Scratch, _: E.Type, _: T.Type, _: S.Type
    ) -> Double {
        let additiveError = E.additive, hasTrend = T.present, multTrend = T.multiplicative
        let seasonal = S.present, additiveSeason = S.additive
        let n = y.count
        let ms = seasonal ? m : 1
        var l = x0[0]
        var b = hasTrend ? x0[1] : 0
        let off = hasTrend ? 2 : 1
        let e = scratch.e, ring = scratch.ring
        var lik = 0.0, lik2 = 0.0
        var logSignificand = 1.0, logExponent = 0
        let alpha = p.alpha, beta = p.beta, gamma = p.gamma, phi = p.phi
        let betaOverAlpha = beta / alpha
        let phiIsOne = abs(phi - 1) < 1e-10
        var head = 0  // ring[(head + k) % ms] = s[k], as in `recurse`
        if seasonal { for k in 0..<m { ring[k] = x0[off + k] } }
        let nan = y.withUnsafeBufferPointer { y -> Bool in
            for i in 0..<n {
                let oldl = l, oldb = b
                let yi = y[i]
                var f0: Double
                if !hasTrend { f0 = oldl } else if !multTrend { f0 = oldl + phi * oldb } else {
                    f0 = oldb < 0 ? -99999 : oldl * pow(oldb, phi)
                }
                var lastIdx = 0
                var oldSeason = 0.0
                if seasonal {
                    lastIdx = head + ms - 1
                    if lastIdx >= ms { lastIdx -= ms }
                    oldSeason = ring[lastIdx]
                    f0 = additiveSeason ? f0 + oldSeason : f0 * oldSeason
                }
                if multTrend && abs(f0 + 99999) < 1e-10 { return true }
                let ei = additiveError ? yi - f0 : (yi - f0) / f0
                e[i] = ei
                let phib: Double
                let q: Double
                if !multTrend {
                    phib = hasTrend ? phi * oldb : 0
                    q = oldl + phib
                } else {
                    phib = phiIsOne ? oldb : pow(oldb, phi)
                    q = oldl * phib
                }
                var pp = yi
                if seasonal {
                    if additiveSeason { pp = yi - oldSeason } else {
                        pp = abs(oldSeason) < 1e-10 ? 1e10 : yi / oldSeason
                    }
                }
                l = q + alpha * (pp - q)
                if hasTrend {
                    let r = multTrend ? (abs(oldl) < 1e-10 ? 1e10 : l / oldl) : l - oldl
                    b = phib + betaOverAlpha * (r - phib)
                }
                if seasonal {
                    let t: Double
                    if additiveSeason { t = yi - q } else { t = abs(q) < 1e-10 ? 1e10 : yi / q }
                    ring[lastIdx] = oldSeason + gamma * (t - oldSeason)
                    head = lastIdx
                }
                lik += ei * ei
                if !additiveError {
                    let af = abs(f0)
                    if af.isNormal {
                        logSignificand *= af
                        logExponent += Int(logSignificand.exponent)
                        logSignificand = logSignificand.significand
                    } else {
                        lik2 += log(af)
                    }
                }
            }
            return false
        }
        if nan || lik.isNaN { return .nan }
        lik = Double(n) * log(lik)
        if !additiveError {
            lik2 += log(logSignificand) + Double(logExponent) * 0.693147180559945309417232121458176568
            lik += 2 * lik2
        }
        return lik
    }

    /// Work space for repeated passes over one series (the optimiser makes hundreds).
    final class Scratch {
        let e: UnsafeMutableBufferPointer<Double>
        let amse: UnsafeMutableBufferPointer<Double>
        let denom: UnsafeMutableBufferPointer<Double>
        let f: UnsafeMutableBufferPointer<Double>
        let phistars: UnsafeMutableBufferPointer<Double>
        let ring: UnsafeMutableBufferPointer<Double>
        /// Initial state assembled from the optimiser's vector (l, b, s₀…s_{m−1}).
        let state: UnsafeMutableBufferPointer<Double>
        init(n: Int, nmse: Int, m: Int) {
            func buffer(_ k: Int) -> UnsafeMutableBufferPointer<Double> {
                let b = UnsafeMutableBufferPointer<Double>.allocate(capacity: k)
                b.initialize(repeating: 0)
                return b
            }
            e = buffer(n); amse = buffer(nmse); denom = buffer(nmse); f = buffer(nmse)
            phistars = buffer(nmse); ring = buffer(m); state = buffer(m + 2)
        }
        deinit {
            for b in [e, amse, denom, f, phistars, ring, state] { b.deallocate() }
        }
    }

    /// The recursions of R forecast's `etscalc` (Pegels' form), as R computes them, except that the
    /// Σ log|ŷₜ| term of multiplicative-error likelihoods is accumulated as one product held as
    /// significand and binary exponent (one `log` at the end instead of n): the result differs from
    /// R's sum of logs by rounding only (≤ n·ε relative to the product, below R's own summation error).
    private func recurse(_ x0: UnsafeBufferPointer<Double>, _ p: ETSParameters, scratch: Scratch, needAMSE: Bool,
                         states: UnsafeMutablePointer<[[Double]]>?) -> Double {
        let n = y.count
        let hasTrend = form.trend.hasTrend
        let multTrend = form.trend.multiplicative
        let seasonal = form.season != .none
        let additiveSeason = form.season == .additive
        let additiveError = form.error == .additive
        let ms = seasonal ? m : 1
        let nmse = self.nmse
        let horizons = needAMSE ? nmse : 1
        var l = x0[0]
        var b = hasTrend ? x0[1] : 0
        let off = hasTrend ? 2 : 1
        let e = scratch.e, amse = scratch.amse, denom = scratch.denom, f = scratch.f
        let phistars = scratch.phistars, ring = scratch.ring
        for h in 0..<nmse { amse[h] = 0; denom[h] = 0; f[h] = 0 }
        var lik = 0.0, lik2 = 0.0
        var logSignificand = 1.0, logExponent = 0
        let alpha = p.alpha, beta = p.beta, gamma = p.gamma, phi = p.phi
        // phistar after h steps: φ + φ² + … (or h+1 when φ = 1), as etscalc's forecast().
        var ps = phi
        for h in 0..<nmse {
            phistars[h] = ps
            if abs(phi - 1) < 1e-10 { ps += 1 } else { ps += pow(phi, Double(h + 1)) }
        }
        // Ring buffer for the seasonal states: season(k) = C's s[k], s[0] the most recent.
        var head = 0  // ring[(head + k) % ms] = s[k]
        if seasonal { for k in 0..<m { ring[k] = x0[off + k] } }
        y.withUnsafeBufferPointer { y in
            for i in 0..<n {
                let oldl = l, oldb = b
                for h in 0..<horizons {
                    var fh: Double
                    if !hasTrend { fh = oldl } else if !multTrend { fh = oldl + phistars[h] * oldb } else {
                        fh = oldb < 0 ? -99999 : oldl * pow(oldb, phistars[h])
                    }
                    if seasonal {
                        var j = ms - 1 - h
                        while j < 0 { j += ms }
                        var idx = head + j
                        if idx >= ms { idx -= ms }
                        fh = additiveSeason ? fh + ring[idx] : fh * ring[idx]
                    }
                    f[h] = fh
                }
                // R's etscalc: a negative multiplicative growth gives NA forecasts → NA likelihood.
                if multTrend && abs(f[0] + 99999) < 1e-10 { lik = .nan; return }
                e[i] = additiveError ? y[i] - f[0] : (y[i] - f[0]) / f[0]
                for j in 0..<horizons where needAMSE && i + j < n {
                    denom[j] += 1
                    let tmp = y[i + j] - f[j]
                    amse[j] = (amse[j] * (denom[j] - 1) + tmp * tmp) / denom[j]
                }
                let phib: Double
                let q: Double
                if !multTrend {
                    phib = hasTrend ? phi * oldb : 0
                    q = oldl + phib
                } else {
                    phib = abs(phi - 1) < 1e-10 ? oldb : pow(oldb, phi)
                    q = oldl * phib
                }
                var pp = y[i]
                var lastIdx = 0
                var oldSeason = 0.0
                if seasonal {
                    lastIdx = head + ms - 1
                    if lastIdx >= ms { lastIdx -= ms }
                    oldSeason = ring[lastIdx]
                    if additiveSeason { pp = y[i] - oldSeason } else {
                        pp = abs(oldSeason) < 1e-10 ? 1e10 : y[i] / oldSeason
                    }
                }
                l = q + alpha * (pp - q)
                if hasTrend {
                    let r = multTrend ? (abs(oldl) < 1e-10 ? 1e10 : l / oldl) : l - oldl
                    b = phib + (beta / alpha) * (r - phib)
                }
                if seasonal {
                    let t: Double
                    if additiveSeason { t = y[i] - q } else { t = abs(q) < 1e-10 ? 1e10 : y[i] / q }
                    // New s[0] replaces the oldest s[m−1]; the ring rotates by one.
                    ring[lastIdx] = oldSeason + gamma * (t - oldSeason)
                    head = lastIdx
                }
                lik += e[i] * e[i]
                if !additiveError {
                    let af = abs(f[0])
                    if af.isNormal {
                        // Multiply, then take the binary exponent out (exact): no over- or underflow.
                        logSignificand *= af
                        logExponent += Int(logSignificand.exponent)
                        logSignificand = logSignificand.significand
                    } else {
                        lik2 += log(af)
                    }
                }
                if let states {
                    var row = [l]
                    if hasTrend { row.append(b) }
                    if seasonal { for k in 0..<ms { row.append(ring[(head + k) % ms]) } }
                    states.pointee.append(row)
                }
            }
        }
        if lik.isNaN { return .nan }
        lik = Double(n) * log(lik)
        if !additiveError {
            lik2 += log(logSignificand) + Double(logExponent) * 0.693147180559945309417232121458176568
            lik += 2 * lik2
        }
        return lik
    }

    /// R `initstate`: heuristic initial level, slope and seasonal states.
    ///
    /// Seasonal: classical decomposition (n ≥ 3m) or, for shorter series, a regression on a linear
    /// trend and one Fourier pair; the m − 1 free seasonal states are the reversed indices 2…m.
    /// Level/slope: mean, or least-squares line, of the first max(10, 2m) seasonally adjusted values.
    static func initialState(_ y: [Double], period m: Int, trend: ETSTrendType, season: ETSSeasonType) -> [Double] {
        let n = y.count
        var initSeas = [Double]()
        var ysa = y
        if season != .none {
            var seasonal: [Double]
            if n < 3 * m {
                // tslm(y ~ trend + fourier(y, 1)): columns 1, t, sin(2πt/m), cos(2πt/m) (cos dropped for m = 2).
                let t = (1...n).map(Double.init)
                var cols: [[Double]] = [Array(repeating: 1, count: n), t,
                                        t.map { sin(2 * Double.pi * $0 / Double(m)) }]
                if m > 2 { cols.append(t.map { cos(2 * Double.pi * $0 / Double(m)) }) }
                let coef = LeastSquares.normalEquations(cols, y)
                if season == .additive {
                    seasonal = (0..<n).map { y[$0] - coef[0] - coef[1] * Double($0 + 1) }
                } else {
                    seasonal = (0..<n).map { y[$0] / (coef[0] + coef[1] * Double($0 + 1)) }
                }
            } else {
                // n ≥ 3m ≥ 2m, so the decomposition cannot fail.
                let d = try! ClassicalDecomposition(y, period: m, kind: season == .additive ? .additive : .multiplicative)
                seasonal = d.seasonal
            }
            initSeas = Array(seasonal[1..<m].reversed())
            if season == .additive {
                ysa = (0..<n).map { y[$0] - seasonal[$0] }
            } else {
                initSeas = initSeas.map { max($0, 0.01) }
                let sum = initSeas.reduce(0, +)
                if sum > Double(m) {
                    let denom = initSeas.reduce(0) { $0 + $1 + 0.01 }
                    initSeas = initSeas.map { $0 / denom }
                }
                ysa = (0..<n).map { y[$0] / max(seasonal[$0], 0.01) }
            }
        }
        let mm = season == .none ? 1 : m
        let maxn = min(max(10, 2 * mm), n)
        var state: [Double]
        if !trend.hasTrend {
            state = [mean(ysa[0..<maxn])]
        } else {
            let fit = LeastSquares.line(x: (1...maxn).map(Double.init), y: ysa[0..<maxn])
            var l0 = fit.intercept, b0 = fit.slope
            if !trend.multiplicative {
                if abs(l0 + b0) < 1e-8 {
                    l0 *= 1 + 1e-3
                    b0 *= 1 - 1e-3
                }
            } else {
                l0 = fit.intercept + fit.slope
                if abs(l0) < 1e-8 { l0 = 1e-7 }
                b0 = (fit.intercept + 2 * fit.slope) / l0
                l0 /= b0
                if abs(b0) > 1e10 { b0 = b0 < 0 ? -1e10 : 1e10 }
                if l0 < 1e-8 || b0 < 1e-8 {
                    l0 = max(ysa[0], 1e-3)
                    b0 = max(ysa[1] / ysa[0], 1e-3)
                }
            }
            state = [l0, b0]
        }
        return state + initSeas
    }
}
