// SPDX-License-Identifier: GPL-3.0-or-later
// The unit-root tests of forecast::ndiffs besides KPSS: the augmented Dickey–Fuller test
// (urca::ur.df) and the Phillips–Perron test (urca::ur.pp), urca 1.3-3.
import Foundation
import LinearAlgebra

/// Deterministic terms of the Dickey–Fuller regression (urca's `type`).
public enum ADFType: Sendable, Equatable {
    /// No constant ("none": τ₁).
    case none
    /// Constant ("drift": τ₂).
    case drift
    /// Constant and linear trend ("trend": τ₃).
    case trend
}

/// How `adfTest` chooses the number of lagged differences (urca's `selectlags`).
public enum ADFLagSelection: Sendable, Equatable {
    case fixed
    /// Smallest AIC (k = 2) over 1…lags lagged differences, on a common sample.
    case aic
    /// Smallest BIC (k = log of the number of rows) over 1…lags.
    case bic
}

/// The result of an augmented Dickey–Fuller test.
public struct ADFTest: Sendable {
    public let type: ADFType
    /// Number of lagged differences in the final regression.
    public let lags: Int
    /// τ: the t-statistic of the lagged level y_{t−1}.
    public let statistic: Double
    /// urca's τ critical values (Dickey–Fuller tables as in Hamilton 1994) for the sample-size
    /// row of n − 1, at 1 %, 5 %, 10 %.
    public let criticalValues: [UnitRootCriticalValue]
    /// forecast's `approx(cval, pct, rule = 2)`, clamped to [0.01, 0.10]; NaN for a NaN statistic.
    public var interpolatedPValue: Double {
        approxRule2(x: criticalValues.map(\.value), y: criticalValues.map(\.significance), at: statistic)
    }
}

/// Ordinary least squares with R's t-statistics; a typed error when a coefficient is aliased or
/// there is no residual degree of freedom.
private func olsTStatistics(_ columns: [[Double]], _ response: [Double], model: String) throws(ForecastingError) -> LeastSquaresFit {
    let fit: LeastSquaresFit
    do {
        fit = try LeastSquares.fit(Matrix(columns: columns), response)
    } catch {
        throw .parametersOutOfRange("\(model) regression failed: \(error)")
    }
    guard !fit.aliased.contains(true) else { throw .parametersOutOfRange("\(model): collinear regressors") }
    return fit
}

/// −2 log L of a Gaussian linear model as R's `logLik.lm` (unweighted).
private func minusTwoLogLik(_ fit: LeastSquaresFit) -> Double {
    let n = Double(fit.observations)
    return n * (log(2 * Double.pi) + 1 - log(n) + log(fit.residualSumOfSquares))
}

/// Augmented Dickey–Fuller test, as `urca::ur.df(y, type, lags, selectlags)`.
///
/// With z_t = Δy_t and p lagged differences, the regression over t = p + 1 … n − 1 (indices of z)
/// z_t = [c] + γ y_t + [β t] + Σ_{j=1}^{p} δ_j z_{t−j} + ε_t (urca's indexing: y_t is the level
/// before z_t) gives τ = γ̂ / se(γ̂). Dickey & Fuller (1979), JASA 74, 427–431,
/// DOI 10.1080/01621459.1979.10482531; Said & Dickey (1984), Biometrika 71, 599–607,
/// DOI 10.1093/biomet/71.3.599.
///
/// - Throws: `.nonFinite`; `.tooShort` unless the regression has a residual degree of freedom;
///   `.parametersOutOfRange` for collinear regressors (R would report NA coefficients).
/// - Note: only τ is returned (urca also gives the φ F-statistics, which forecast does not use).
public func adfTest(_ y: [Double], type: ADFType = .none, lags: Int = 1,
                    lagSelection: ADFLagSelection = .fixed) throws(ForecastingError) -> ADFTest {
    try validateFinite(y)
    precondition(lags >= 0, "ADF lags must be ≥ 0, got \(lags)")
    let det = type == .none ? 0 : (type == .drift ? 1 : 2)
    let n = y.count - 1  // length of z
    let L = lags + 1
    let rowsCount = n - L + 1
    let needed = det + 2 * L + 1
    guard y.count >= needed, rowsCount > det + L else { throw .tooShort(model: "ADF", needed: needed, got: y.count) }
    let z = (0..<n).map { y[$0 + 1] - y[$0] }
    // 1-based row index i = L…n of z: z_i (0-based z[i−1]), level y_i (0-based y[i−1]), tt = i.
    let rows = Array(L...n)
    let response = rows.map { z[$0 - 1] }
    var base: [[Double]] = []
    if det >= 1 { base.append(Array(repeating: 1, count: rows.count)) }
    base.append(rows.map { y[$0 - 1] })
    if det == 2 { base.append(rows.map { Double($0) }) }
    let tauColumn = det >= 1 ? 1 : 0
    func lagColumns(_ p: Int) -> [[Double]] { (1..<(p + 1)).map { j in rows.map { z[$0 - 1 - j] } } }
    var p = lags
    if lags >= 1 && lagSelection != .fixed {
        var best = Double.infinity, pick = 1
        for i in 2...L {
            let fit = try olsTStatistics(base + lagColumns(i - 1), response, model: "ADF")
            let k = lagSelection == .aic ? 2 : log(Double(rows.count))
            let crit = minusTwoLogLik(fit) + k * Double(fit.rank + 1)
            if crit < best { best = crit; pick = i }
        }
        p = pick - 1
    }
    let fit = try olsTStatistics(base + lagColumns(p), response, model: "ADF")
    let tau = fit.coefficients[tauColumn] / fit.standardErrors[tauColumn]
    let row: Int
    switch n {
    case ..<25: row = 0
    case ..<50: row = 1
    case ..<100: row = 2
    case ..<250: row = 3
    case ..<500: row = 4
    default: row = 5
    }
    let table: [[Double]]
    switch type {
    case .none:
        table = [[-2.66, -1.95, -1.6], [-2.62, -1.95, -1.61], [-2.6, -1.95, -1.61], [-2.58, -1.95, -1.62],
                 [-2.58, -1.95, -1.62], [-2.58, -1.95, -1.62]]
    case .drift:
        table = [[-3.75, -3, -2.63], [-3.58, -2.93, -2.6], [-3.51, -2.89, -2.58], [-3.46, -2.88, -2.57],
                 [-3.44, -2.87, -2.57], [-3.43, -2.86, -2.57]]
    case .trend:
        table = [[-4.38, -3.6, -3.24], [-4.15, -3.5, -3.18], [-4.04, -3.45, -3.15], [-3.99, -3.43, -3.13],
                 [-3.98, -3.42, -3.13], [-3.96, -3.41, -3.12]]
    }
    return ADFTest(type: type, lags: p, statistic: tau, criticalValues: lowerTailCriticalValues(table[row]))
}

/// Critical values at 1/5/10 % with forecast's significance parsing (`"1pct"` → 1/100).
private func lowerTailCriticalValues(_ v: [Double]) -> [UnitRootCriticalValue] {
    zip([1.0 / 100, 5.0 / 100, 10.0 / 100], v).map { UnitRootCriticalValue(significance: $0, value: $1) }
}

/// Phillips–Perron statistic (urca's `type`).
public enum PPType: Sendable, Equatable {
    /// Z(t_α), compared with urca's MacKinnon critical values.
    case zTau
    /// Z(α) = n(α̂ − 1) − λ/M (urca tabulates no critical values for it).
    case zAlpha
}

/// Deterministic terms of the Phillips–Perron regression (urca's `model`).
public enum PPModel: Sendable, Equatable { case constant, trend }

/// The result of a Phillips–Perron test.
public struct PhillipsPerronTest: Sendable {
    public let type: PPType
    public let model: PPModel
    /// Bartlett truncation lag ℓ.
    public let lag: Int
    public let statistic: Double
    /// MacKinnon (1991) response-surface values at 1/5/10 % for n − 1 observations (Z-tau only;
    /// empty for Z-alpha, where urca gives NA).
    public let criticalValues: [UnitRootCriticalValue]
    /// forecast's interpolation as for ADF; NaN for Z-alpha.
    public var interpolatedPValue: Double {
        criticalValues.isEmpty ? .nan
            : approxRule2(x: criticalValues.map(\.value), y: criticalValues.map(\.significance), at: statistic)
    }
}

/// Phillips–Perron test, as `urca::ur.pp(x, type, model, lags, use.lag)`.
///
/// Regress y_t on (1, y_{t−1}[, t − n/2]) over the n = N − 1 pairs; with residuals u, s = Σu²/n,
/// the Bartlett long-run variance σ² = s + (2/n) Σ_{l=1}^{ℓ} (1 − l/(ℓ+1)) Σ u_t u_{t−l},
/// λ = (σ² − s)/2: Z-tau = √(s/σ²)·(α̂ − 1)/se(α̂) − (λ/σ²)·σ/√D, Z-alpha = n(α̂ − 1) − λ/D, with
/// D = n⁻² Σ(y − ȳ)² (constant) or urca's M (trend). Phillips & Perron (1988), Biometrika 75,
/// 335–346, DOI 10.1093/biomet/75.2.335.
///
/// - Parameter lags: `.short` (urca's default) ⌊4 (n/100)^¼⌋, `.long`, `.fixed(ℓ)`, `.forecast`,
///   all with n = N − 1; ℓ must be ≥ 1 (urca mishandles 0 by summing over `1:0`).
/// - Throws: `.nonFinite`; `.tooShort` for fewer than 5 values (constant) or 6 (trend);
///   `.invalidSpecification` for ℓ = 0 or ℓ ≥ n.
public func phillipsPerronTest(_ x: [Double], type: PPType = .zAlpha, model: PPModel = .constant,
                               lags: KPSSLags = .short) throws(ForecastingError) -> PhillipsPerronTest {
    try validateFinite(x)
    let needed = model == .constant ? 5 : 6
    guard x.count >= needed else { throw .tooShort(model: "Phillips-Perron", needed: needed, got: x.count) }
    let n = x.count - 1
    let dn = Double(n)
    let y = Array(x[1...]), yl1 = Array(x[..<n])
    let lmax = lags.lag(n: n)
    guard lmax >= 1, lmax < n else {
        throw .invalidSpecification("Phillips-Perron lag \(lmax) must be in 1…\(n - 1)")
    }
    var columns = [Array(repeating: 1.0, count: n), yl1]
    if model == .trend { columns.append((1...n).map { Double($0) - dn / 2 }) }
    let fit = try olsTStatistics(columns, y, model: "Phillips-Perron")
    let alpha = fit.coefficients[1], seAlpha = fit.standardErrors[1]
    let res = fit.residuals
    let s = res.reduce(0) { $0 + $1 * $1 } / dn
    let ybar = refinedMean(y)
    let myybar = y.reduce(0) { $0 + ($1 - ybar) * ($1 - ybar) } / (dn * dn)
    let myy = y.reduce(0) { $0 + $1 * $1 } / (dn * dn)
    let my = pow(dn, -1.5) * y.reduce(0, +)
    var acc = 0.0
    for l in 1...lmax {
        var c = 0.0
        for t in l..<n { c += res[t] * res[t - l] }
        acc += (1 - Double(l) / Double(lmax + 1)) * c
    }
    let sig = s + 2 / dn * acc
    let lambda = 0.5 * (sig - s)
    let lambdaPrime = lambda / sig
    let denominator: Double
    let cval: [Double]
    switch model {
    case .constant:
        denominator = myybar
        cval = [-3.4335 - 5.999 / dn - 29.25 / (dn * dn), -2.8621 - 2.738 / dn - 8.36 / (dn * dn),
                -2.5671 - 1.438 / dn - 4.48 / (dn * dn)]
    case .trend:
        var ty = 0.0
        for (i, v) in y.enumerated() { ty += Double(i + 1) * v }
        let mty = pow(dn, -2.5) * ty
        denominator = (1 - pow(dn, -2)) * myy - 12 * mty * mty + 12 * (1 + 1 / dn) * mty * my
            - (4 + 6 / dn + 2 / (dn * dn)) * my * my
        cval = [-3.9638 - 8.353 / dn - 47.44 / (dn * dn), -3.4126 - 4.039 / dn - 17.83 / (dn * dn),
                -3.1279 - 2.418 / dn - 7.58 / (dn * dn)]
    }
    let statistic: Double
    switch type {
    case .zTau:
        let tstat = (alpha - 1) / seAlpha
        statistic = (s / sig).squareRoot() * tstat - lambdaPrime * sig.squareRoot() / denominator.squareRoot()
    case .zAlpha:
        statistic = dn * (alpha - 1) - lambda / denominator
    }
    return PhillipsPerronTest(type: type, model: model, lag: lmax, statistic: statistic,
                              criticalValues: type == .zTau ? lowerTailCriticalValues(cval) : [])
}
