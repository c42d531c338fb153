// SPDX-License-Identifier: GPL-3.0-or-later
// Unit-root and seasonal-differencing tests as R's forecast 8.20 uses them to choose the orders of
// differencing d and D in auto.arima: the KPSS test (urca::ur.kpss 1.3-3), forecast::ndiffs,
// forecast's seasonal-strength heuristic (seas.heuristic), the OCSB test (forecast's ocsb.test)
// and forecast::nsdiffs.
import Foundation
import LinearAlgebra

/// Deterministic component removed before the KPSS statistic is formed.
public enum KPSSType: Sendable, Equatable {
    /// Level stationarity (urca's `type = "mu"`): residuals are y − ȳ.
    case level
    /// Trend stationarity (urca's `type = "tau"`): residuals of the least-squares line on t = 1…n.
    case trend
}

/// Truncation lag ℓ of the Bartlett-weighted long-run variance in the KPSS denominator.
public enum KPSSLags: Sendable, Equatable {
    /// urca's `lags = "short"`: ℓ = ⌊4 (n/100)^{1/4}⌋.
    case short
    /// urca's `lags = "long"`: ℓ = ⌊12 (n/100)^{1/4}⌋.
    case long
    /// urca's `lags = "nil"`: ℓ = 0 (the denominator is the residual variance alone).
    case `nil`
    /// forecast::ndiffs's choice, passed to ur.kpss as `use.lag`: ℓ = ⌊3 √n / 13⌋.
    case forecast
    /// An explicit ℓ ≥ 0 (urca's `use.lag`).
    case fixed(Int)

    /// The lag for a series of length `n`.
    public func lag(n: Int) -> Int {
        let dn = Double(n)
        switch self {
        case .short: return Int((4 * pow(dn / 100, 0.25)).rounded(.towardZero))
        case .long: return Int((12 * pow(dn / 100, 0.25)).rounded(.towardZero))
        case .nil: return 0
        case .forecast: return Int((3 * dn.squareRoot() / 13).rounded(.towardZero))
        case .fixed(let l):
            precondition(l >= 0, "KPSS lag must be ≥ 0, got \(l)")
            return l
        }
    }
}

/// One tabulated critical value of a unit-root statistic (KPSS: reject stationarity above it;
/// ADF/PP: reject the unit root below it).
public struct UnitRootCriticalValue: Sendable, Equatable {
    /// Significance level (KPSS 0.10, 0.05, 0.025, 0.01; ADF/PP 0.01, 0.05, 0.10).
    public let significance: Double
    public let value: Double
}

/// The result of a KPSS test of (level or trend) stationarity.
///
/// η = n⁻² Σₜ Sₜ² / σ̂²(ℓ), with Sₜ = Σ_{i≤t} eᵢ the partial sums of the residuals e and the
/// Newey–West long-run variance σ̂²(ℓ) = n⁻¹ Σ eₜ² + 2 n⁻¹ Σ_{s=1}^{ℓ} (1 − s/(ℓ+1)) Σ_{t>s} eₜ e_{t−s}.
/// Kwiatkowski, Phillips, Schmidt & Shin (1992), "Testing the null hypothesis of stationarity
/// against the alternative of a unit root", J. Econometrics 54, 159–178,
/// DOI 10.1016/0304-4076(92)90104-Y. The critical values are the paper's Table 1, as urca
/// tabulates them.
public struct KPSSTest: Sendable {
    public let type: KPSSType
    /// Truncation lag ℓ used.
    public let lag: Int
    /// The KPSS statistic η (NaN when the residuals are all zero, as in R).
    public let statistic: Double
    /// urca's critical values, at 10 %, 5 %, 2.5 % and 1 %.
    public let criticalValues: [UnitRootCriticalValue]
    /// The residuals e (y − ȳ, or y minus its least-squares line).
    public let residuals: [Double]

    /// The p-value as forecast::ndiffs interpolates it: R's `approx(cval, pct, xout = stat, rule = 2)`,
    /// linear between the tabulated points and clamped to [0.01, 0.10] outside them; NaN if the
    /// statistic is NaN.
    public var interpolatedPValue: Double {
        approxRule2(x: criticalValues.map(\.value), y: criticalValues.map(\.significance), at: statistic)
    }
}

/// urca's `cval` rows, with the significance levels computed as forecast does
/// (`as.numeric(sub("pct", "", colnames)) / 100`).
private func kpssCriticalValues(_ type: KPSSType) -> [UnitRootCriticalValue] {
    let pct = [10.0 / 100, 5.0 / 100, 2.5 / 100, 1.0 / 100]
    let values = type == .level ? [0.347, 0.463, 0.574, 0.739] : [0.119, 0.146, 0.176, 0.216]
    return zip(pct, values).map { UnitRootCriticalValue(significance: $0, value: $1) }
}

/// R's `approx(x, y, xout = v, rule = 2)$y` for increasing x (R's approx1, linear).
func approxRule2(x: [Double], y: [Double], at v: Double) -> Double {
    guard !v.isNaN, !x.isEmpty else { return .nan }
    var i = 0, j = x.count - 1
    if v < x[i] { return y[i] }
    if v > x[j] { return y[j] }
    while i < j - 1 {
        let ij = (i + j) / 2
        if v < x[ij] { j = ij } else { i = ij }
    }
    if v == x[j] { return y[j] }
    if v == x[i] { return y[i] }
    return y[i] + (y[j] - y[i]) * ((v - x[i]) / (x[j] - x[i]))
}

/// R's `mean`: the sum over n, refined by the mean of the deviations.
private func refinedMean(_ x: [Double]) -> Double {
    let n = Double(x.count)
    var m = x.reduce(0, +) / n
    if m.isFinite { m += x.reduce(0) { $0 + ($1 - m) } / n }
    return m
}

/// KPSS test of the null of level (or trend) stationarity, as `urca::ur.kpss(y, type, lags, use.lag)`.
///
/// - Parameters:
///   - y: the series (finite values; R drops NAs, we reject them).
///   - type: `.level` (urca "mu") or `.trend` (urca "tau").
///   - lags: the Bartlett truncation lag rule; forecast::ndiffs uses `.forecast` (⌊3√n/13⌋), not
///     urca's default `.short`.
/// - Throws: `.nonFinite` naming the first non-finite value; `.tooShort` when n < 2 (level) or
///   n < 3 (trend), where the residuals vanish identically; `.invalidSpecification` for an explicit
///   lag above n + 1 (R's ur.kpss fails with an index error there).
/// - Complexity: O(n·ℓ).
/// - Note: differences from R: the trend residuals come from the closed-form centred least-squares
///   line rather than R's QR, so they agree to rounding (≈1e-15 relative), not bit for bit.
public func kpssTest(_ y: [Double], type: KPSSType = .level, lags: KPSSLags = .short) throws(ForecastingError) -> KPSSTest {
    try validateFinite(y)
    let n = y.count
    let needed = type == .level ? 2 : 3
    guard n >= needed else { throw .tooShort(model: "KPSS", needed: needed, got: n) }
    let dn = Double(n)
    var res: [Double]
    switch type {
    case .level:
        let m = refinedMean(y)
        res = y.map { $0 - m }
    case .trend:
        let tbar = (dn + 1) / 2
        let ybar = refinedMean(y)
        var sxy = 0.0, sxx = 0.0
        for (i, v) in y.enumerated() {
            let dt = Double(i + 1) - tbar
            sxy += dt * (v - ybar)
            sxx += dt * dt
        }
        let b = sxy / sxx
        res = y.enumerated().map { ($0.element - ybar) - b * (Double($0.offset + 1) - tbar) }
    }
    let lmax = lags.lag(n: n)
    // R: lags n and n + 1 add empty cross-products (but still enter the Bartlett weights);
    // from n + 2 on ur.kpss stops ("can't mix positive and negative subscripts").
    guard lmax <= n + 1 else {
        throw .invalidSpecification("KPSS lag \(lmax) exceeds the series length \(n)")
    }
    var s = 0.0, num = 0.0, s2 = 0.0
    for e in res {
        s += e
        num += s * s
        s2 += e * e
    }
    num /= dn * dn
    s2 /= dn
    var denominator = s2
    if lmax > 0 {
        var acc = 0.0
        for lag in 1...lmax {
            var c = 0.0
            if lag < n { for t in lag..<n { c += res[t] * res[t - lag] } }
            acc += (1 - Double(lag) / Double(lmax + 1)) * c
        }
        denominator = s2 + 2 / dn * acc
    }
    return KPSSTest(type: type, lag: lmax, statistic: num / denominator,
                    criticalValues: kpssCriticalValues(type), residuals: res)
}

/// forecast's `is.constant`: `isTRUE(all.equal(x, rep(x[1], n)))`, i.e. the mean relative (or,
/// for tiny values, absolute) difference from the first value is at most √ε ≈ 1.49e-8.
func isConstantAsR(_ x: [Double]) -> Bool {
    guard let first = x.first else { return false }
    let keep = x.filter { $0 != first }
    if keep.isEmpty { return true }
    let tolerance = Double.ulpOfOne.squareRoot()
    let nk = Double(keep.count)
    var scale = keep.reduce(0) { $0 + abs($1) / nk }
    if !(scale.isFinite && scale > tolerance) { scale = 1 }
    let xy = keep.reduce(0) { $0 + abs($1 - first) / (nk * scale) }
    return !(xy.isNaN || xy > tolerance)
}

/// Unit-root test used by `ndiffs`.
public enum UnitRootTest: Sendable, Equatable {
    /// KPSS (null: stationary), with forecast's lag ⌊3√n/13⌋; difference when p < α.
    case kpss
    /// Augmented Dickey–Fuller (null: unit root), urca's defaults (1 lagged difference), drift
    /// (level) or trend; difference when p > α.
    case adf
    /// Phillips–Perron Z-tau (null: unit root), lags "short", constant (level) or trend; difference when p > α.
    case pp
}

/// The number of first differences needed for stationarity, as `forecast::ndiffs(y, alpha, test, type, max.d)`.
///
/// Algorithm (forecast 8.20): α is clamped to [0.01, 0.10]; a constant series (forecast's
/// `is.constant`) needs d = 0. Otherwise test y; while the test says "difference" and d < maxD,
/// set d += 1, y ← Δy, return d if Δy is constant, and re-test. KPSS says "difference" when the
/// interpolated p-value (``KPSSTest/interpolatedPValue``) is below α; ADF and PP say it when their
/// p-value (same interpolation in urca's 1/5/10 % table) is above α. A NaN statistic stops the
/// search at the current d (before any differencing) or at d − 1 (inside the loop), as R does.
///
/// - Throws: `.nonFinite`; `.tooShort` for an empty series.
/// - Note: differences from R: R drops NAs, we reject non-finite values. R traps a failing test
///   with a warning and keeps the current d; here a test that cannot run (a trend KPSS on fewer than
///   3 points, an ADF/PP regression without residual degrees of freedom) likewise keeps the current d.
public func ndiffs(_ y: [Double], alpha: Double = 0.05, test: UnitRootTest = .kpss, type: KPSSType = .level,
                   maxD: Int = 2) throws(ForecastingError) -> Int {
    try validateFinite(y)
    guard !y.isEmpty else { throw .tooShort(model: "ndiffs", needed: 1, got: 0) }
    precondition(maxD >= 0, "maxD must be ≥ 0, got \(maxD)")
    let a = min(max(alpha, 0.01), 0.1)
    var x = y
    var d = 0
    if isConstantAsR(x) { return d }
    /// nil = NA in R (NaN statistic); false when the test cannot run.
    func runTest(_ x: [Double]) -> Bool? {
        switch test {
        case .kpss:
            guard let k = try? kpssTest(x, type: type, lags: .forecast) else { return false }
            let p = k.interpolatedPValue
            return p.isNaN ? nil : p < a
        case .adf:
            guard let t = try? adfTest(x, type: type == .level ? .drift : .trend, lags: 1) else { return false }
            let p = t.interpolatedPValue
            return p.isNaN ? nil : p > a
        case .pp:
            guard let t = try? phillipsPerronTest(x, type: .zTau, model: type == .level ? .constant : .trend)
            else { return false }
            let p = t.interpolatedPValue
            return p.isNaN ? nil : p > a
        }
    }
    guard var dodiff = runTest(x) else { return d }
    while dodiff && d < maxD {
        d += 1
        x = zip(x.dropFirst(), x).map { $0 - $1 }
        if isConstantAsR(x) { return d }
        guard let next = runTest(x) else { return d - 1 }
        dodiff = next
    }
    return d
}

/// Strength of seasonality as forecast's `seas.heuristic` computes it for a single-period series:
/// F_S = max(0, min(1, 1 − Var(R)/Var(S + R))) from `mstl(y)`, which for a `ts` is one
/// non-robust `stl(y, s.window = 11)` (s.degree 0, default t.window, l.window, inner = 2, outer = 0).
/// Wang, Smith & Hyndman (2006), "Characteristic-based clustering for time series data", Data
/// Mining and Knowledge Discovery 13(3), 335–364, DOI 10.1007/s10618-005-0039-x.
///
/// - Throws: `.invalidPeriod` if period < 2; `.tooShort` unless n > 2·period (R's stl stops there);
///   `.nonFinite`.
/// - Returns: F_S in [0, 1], or NaN when Var(S + R) and Var(R) are both zero (R gives NaN too).
public func seasonalStrength(_ y: [Double], period: Int) throws(ForecastingError) -> Double {
    let fit = try STL(seasonalWindow: .span(11)).decompose(y, period: period)
    let sr = zip(fit.seasonal, fit.remainder).map { $0 + $1 }
    let ratio = 1 - sampleVariance(fit.remainder) / sampleVariance(sr)
    if ratio.isNaN { return .nan }
    return max(0, min(1, ratio))
}

/// Seasonal unit-root test used by `nsdiffs`.
public enum SeasonalUnitRootTest: Sendable, Equatable {
    /// forecast's default: difference when the seasonal strength (``seasonalStrength(_:period:)``) exceeds 0.64.
    case seas
    /// Osborn–Chui–Smith–Birchenhall: difference when ``ocsbTest(_:period:maxLag:lagSelection:)``
    /// (max lag 3 chosen by AIC, as nsdiffs calls it) does not reject a seasonal unit root at 5 %.
    case ocsb
}

/// The number of seasonal differences needed, as `forecast::nsdiffs(y, alpha, test, max.D)` for
/// a series of frequency `period`.
///
/// Algorithm (forecast 8.20): a constant series needs D = 0; period ≥ n gives D = 0; otherwise
/// test y; while the test says "difference" and D < maxD, set D += 1, y ← y_t − y_{t−m}, return D
/// if that is constant, and re-test only if it still has ≥ 2 periods and D < maxD. A test that
/// fails (R: stl on ≤ 2 periods, or a NaN strength) says "do not difference", as R's tryCatch does.
///
/// - Throws: `.invalidPeriod` for period < 2 (R stops with "Non seasonal data" for period 1);
///   `.nonFinite`; `.tooShort` for an empty series.
/// - Note: `alpha` is unused by `.seas` and `.ocsb` (R fixes 5 % for OCSB); kept for the R signature.
///   A failing OCSB regression (too few observations, an aliased Z4/Z5) likewise means 0.
public func nsdiffs(_ y: [Double], period: Int, alpha: Double = 0.05, test: SeasonalUnitRootTest = .seas,
                    maxD: Int = 1) throws(ForecastingError) -> Int {
    try validateFinite(y)
    guard !y.isEmpty else { throw .tooShort(model: "nsdiffs", needed: 1, got: 0) }
    precondition(maxD >= 0, "maxD must be ≥ 0, got \(maxD)")
    var D = 0
    if isConstantAsR(y) { return D }
    guard period >= 2 else { throw .invalidPeriod(model: "nsdiffs", period: period) }
    if period >= y.count { return 0 }
    func runTest(_ x: [Double]) -> Bool {
        switch test {
        case .seas:
            guard let s = try? seasonalStrength(x, period: period) else { return false }
            return s > 0.64  // NaN compares false; R's stopifnot then yields 0 too
        case .ocsb:
            guard let t = try? ocsbTest(x, period: period, maxLag: 3, lagSelection: .aic) else { return false }
            return t.needsSeasonalDifference
        }
    }
    var x = y
    var dodiff = runTest(x)
    while dodiff && D < maxD {
        D += 1
        x = (period..<x.count).map { x[$0] - x[$0 - period] }
        if isConstantAsR(x) { return D }
        dodiff = x.count >= 2 * period && D < maxD ? runTest(x) : false
    }
    return D
}

/// How `ocsbTest` chooses the lag order of the augmenting AR terms.
public enum OCSBLagSelection: Sendable, Equatable {
    /// Use `maxLag` itself.
    case fixed
    /// forecast's information-criterion search: fit lags 1…maxLag on a common sample, take the
    /// index k of the smallest criterion and refit with lag k − 1 (forecast 8.20 uses `id - 1`,
    /// so a minimum at lag 1 refits without AR terms; we reproduce it).
    case aic, bic, aicc
}

/// The result of the Osborn, Chui, Smith & Birchenhall (1988) seasonal unit-root test.
public struct OCSBTest: Sendable {
    public let period: Int
    /// AR lag order p of the final regression.
    public let lagOrder: Int
    /// t-statistic of Z5 (the seasonal-unit-root coefficient), the OCSB test statistic.
    public let statistic: Double
    /// t-statistic of Z4 (the regular-unit-root coefficient).
    public let statisticZ4: Double
    /// 5 % critical value from forecast's `calcOCSBCritVal` (simulated response surface in m).
    public let criticalValue: Double
    /// True when the seasonal unit root is not rejected (statistic > critical value): nsdiffs differences.
    public var needsSeasonalDifference: Bool { statistic > criticalValue }
}

/// forecast's `calcOCSBCritVal(m)`: −0.2937411·exp(−0.2850853(log m − 0.7656451) − 0.05983644(log m − 0.7656451)²) − 1.652202.
public func ocsbCriticalValue(period m: Int) -> Double {
    let lm = log(Double(m))
    return -0.2937411 * exp(-0.2850853 * (lm - 0.7656451) + (-0.05983644) * ((lm - 0.7656451) * (lm - 0.7656451))) - 1.652202
}

/// OCSB test of a seasonal unit root, as forecast 8.20's `ocsb.test(x, lag.method, maxlag)`.
///
/// With d_t = x_t − x_{t−m}, e_t = x_t − x_{t−1} and y_t = Δ Δ_m x_t, an AR(p) fit
/// y_t = Σ φ_k y_{t−k} gives the filtered series Z4_t = d_t − Σ φ_k d_{t−k} and
/// Z5_t = e_t − Σ φ_k e_{t−k}; then the regression (no intercept)
/// y_t = Σ φ_k y_{t−k} + β₄ Z4_{t−1} + β₅ Z5_{t−m} + ε_t over t = m + 2 + maxLag … n
/// gives the statistic t(β₅). Osborn, Chui, Smith & Birchenhall (1988), "Seasonality and the
/// order of integration for consumption", Oxford Bulletin of Economics and Statistics 50(4),
/// 361–377, DOI 10.1111/j.1468-0084.1988.mp50004002.x.
///
/// - Throws: `.invalidPeriod` for period < 2; `.nonFinite`; `.tooShort` unless the regressions have
///   at least one residual degree of freedom (n − m − 1 − maxLag > maxLag + 2);
///   `.parametersOutOfRange` when Z4 or Z5 is aliased (R stops: "Model did not reach a solution").
/// - Note: differences from R: least squares by our pivoted/equilibrated QR (rank tolerance 1e-12)
///   rather than R's `lm` (dqrdc2, 1e-7); the statistic agrees to rounding on well-posed data.
///   R does not require a residual degree of freedom in the lag-search fits: from n = m + 6 it
///   goes on with saturated fits whose AIC is −∞ or rounding noise; we throw `.tooShort` instead.
public func ocsbTest(_ y: [Double], period m: Int, maxLag: Int = 0,
                     lagSelection: OCSBLagSelection = .fixed) throws(ForecastingError) -> OCSBTest {
    try validateFinite(y)
    guard m >= 2 else { throw .invalidPeriod(model: "OCSB", period: m) }
    precondition(maxLag >= 0, "maxLag must be ≥ 0, got \(maxLag)")
    let n = y.count
    let needed = m + 1 + 2 * maxLag + 3
    guard n >= needed else { throw .tooShort(model: "OCSB", needed: needed, got: n) }
    var lag = maxLag
    if maxLag > 0 && lagSelection != .fixed {
        var best = Double.infinity, id = 0
        for k in 1...maxLag {
            let fit = try ocsbRegression(y, period: m, lag: k, maxLag: maxLag)
            let nObs = Double(fit.observations), rank = Double(fit.rank)
            let loglik = 0.5 * (-nObs * (log(2 * Double.pi) + 1 - log(nObs) + log(fit.residualSumOfSquares)))
            let df = rank + 1
            let ic: Double
            switch lagSelection {
            case .aic: ic = -2 * loglik + 2 * df
            case .bic: ic = -2 * loglik + log(nObs) * df
            case .aicc: ic = -2 * loglik + 2 * df + (2 * df * (df + 1)) / (nObs - df - 1)
            case .fixed: ic = 0
            }
            if ic < best { best = ic; id = k }  // which.min: first minimum
        }
        lag = id - 1
    }
    let fit = try ocsbRegression(y, period: m, lag: lag, maxLag: lag)
    let z4 = fit.coefficients.count - 2, z5 = fit.coefficients.count - 1
    guard !fit.aliased[z4], !fit.aliased[z5] else {
        throw .parametersOutOfRange("OCSB: Z4 or Z5 is collinear with the AR terms (R: model did not reach a solution)")
    }
    let se = fit.standardErrors
    let t4 = fit.coefficients[z4] / se[z4], t5 = fit.coefficients[z5] / se[z5]
    guard t4.isFinite, t5.isFinite else {
        throw .parametersOutOfRange("OCSB: the t-statistics are not finite (R: model did not reach a solution)")
    }
    return OCSBTest(period: m, lagOrder: lag, statistic: t5, statisticZ4: t4, criticalValue: ocsbCriticalValue(period: m))
}

/// forecast's inner `fitOCSB(x, lag, maxlag)`: the final OCSB regression with `lag` AR terms on
/// the rows t = m + 2 + maxLag … n (1-based), columns [y_{t−1} … y_{t−lag}, Z4_{t−1}, Z5_{t−m}].
private func ocsbRegression(_ x: [Double], period m: Int, lag: Int, maxLag: Int) throws(ForecastingError) -> LeastSquaresFit {
    let n = x.count
    // 1-based time index t; arrays padded at index 0.
    var d = [Double](repeating: .nan, count: n + 1), e = d, yy = d
    for t in (m + 1)...n { d[t] = x[t - 1] - x[t - 1 - m] }
    for t in 2...n { e[t] = x[t - 1] - x[t - 2] }
    for t in (m + 2)...n { yy[t] = d[t] - d[t - 1] }
    let rows = Array((m + 2 + maxLag)...n)
    func lstsq(_ columns: [[Double]], _ response: [Double]) throws(ForecastingError) -> LeastSquaresFit {
        do {
            return try LeastSquares.fit(Matrix(columns: columns), response)
        } catch {
            throw .parametersOutOfRange("OCSB regression failed: \(error)")
        }
    }
    let response = rows.map { yy[$0] }
    let lagColumns = (0..<lag).map { k in rows.map { yy[$0 - k - 1] } }
    var phi = [Double](repeating: 0, count: lag)
    if lag > 0 {
        let ar = try lstsq(lagColumns, response)
        // R's predict drops aliased (NA) coefficients, i.e. treats them as 0.
        phi = ar.coefficients.map { $0.isNaN ? 0 : $0 }
    }
    func filtered(_ s: [Double], _ t: Int) -> Double {
        var v = s[t]
        for k in 0..<lag { v -= phi[k] * s[t - k - 1] }
        return v
    }
    let z4 = rows.map { filtered(d, $0 - 1) }
    let z5 = rows.map { filtered(e, $0 - m) }
    return try lstsq(lagColumns + [z4, z5], response)
}

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
