// SPDX-License-Identifier: GPL-3.0-or-later
// The seasonal tests of forecast::nsdiffs: forecast's seasonal-strength heuristic (seas.heuristic)
// and the OCSB test (forecast's ocsb.test).
import Foundation
import LinearAlgebra

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
