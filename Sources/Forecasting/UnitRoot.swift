// SPDX-License-Identifier: GPL-3.0-or-later
// How many differences auto.arima takes, as R's forecast 8.20 chooses them: forecast::ndiffs
// (d, from the KPSS, ADF or Phillips–Perron test) and forecast::nsdiffs (D, from the seasonal
// strength or the OCSB test), with what the tests share (critical values, R's approx and mean,
// forecast's is.constant). The tests themselves: UnitRootKPSS.swift (KPSS), UnitRootADFPP.swift
// (augmented Dickey–Fuller, Phillips–Perron), UnitRootSeasonal.swift (seasonal strength, OCSB).
import Foundation

/// One tabulated critical value of a unit-root statistic (KPSS: reject stationarity above it;
/// ADF/PP: reject the unit root below it).
public struct UnitRootCriticalValue: Sendable, Equatable {
    /// Significance level (KPSS 0.10, 0.05, 0.025, 0.01; ADF/PP 0.01, 0.05, 0.10).
    public let significance: Double
    public let value: Double
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
func refinedMean(_ x: [Double]) -> Double {
    let n = Double(x.count)
    var m = x.reduce(0, +) / n
    if m.isFinite { m += x.reduce(0) { $0 + ($1 - m) } / n }
    return m
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
