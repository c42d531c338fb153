// SPDX-License-Identifier: GPL-3.0-or-later
// The KPSS test of (level or trend) stationarity as urca::ur.kpss 1.3-3 computes it and
// forecast::ndiffs uses it.
import Foundation

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
