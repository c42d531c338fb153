// SPDX-License-Identifier: GPL-3.0-or-later
// Intermittent-demand methods for small counts — Croston (classic, optimised, SBA), TSB, ADIDA and
// IMAPA — as Nixtla's statsforecast (2.1.1) computes them: `python/statsforecast/models.py`
// (`_croston_classic`, `_croston_optimized`, `_croston_sba`, `_tsb`, `_adida`, `_imapa`,
// `_intervals`, `_chunk_sums`) and its C++ kernel `src/ses.cpp` (`ses_sse`, `ses_forecast`,
// `golden_section_ses`, `chunk_forecast`, `adida_fitted_vals`, `imapa_fitted_vals`,
// `expand_fitted_demand`, `expand_fitted_intervals`). Every step below is the same arithmetic in
// the same order, so the point forecasts and fitted values agree with statsforecast to rounding
// (see docs/Forecasting.md, "Intermittent demand and small counts", for the measured table).
//
// Unlike statsforecast (which has only conformal intervals for these methods), the fitted models
// give count-valued prediction intervals (``CountIntervals``) when the series is a count series.

import Distributions

// MARK: - statsforecast's SES kernel

/// The simple-exponential-smoothing kernel statsforecast's intermittent methods share.
enum IntermittentKernel {
    /// `ses_sse`: Σ_{i≥1} (x_i − f_i)², f_0 = x_0, f_i = α x_{i−1} + (1 − α) f_{i−1}; 0 when n < 2.
    static func sse(_ alpha: Double, _ x: ArraySlice<Double>) -> Double {
        if x.count < 2 { return 0 }
        return x.withUnsafeBufferPointer { p in
            let complement = 1.0 - alpha
            var forecast = p[0]
            var sse = 0.0
            for i in 1..<p.count {
                forecast = alpha * p[i - 1] + complement * forecast
                let err = p[i] - forecast
                sse += err * err
            }
            return sse
        }
    }

    /// `ses_forecast`: the one-step forecast after the last value and the in-sample fitted values
    /// (fitted[0] = NaN; a single value forecasts itself).
    static func forecast(_ x: ArraySlice<Double>, alpha: Double) -> (forecast: Double, fitted: [Double]) {
        precondition(!x.isEmpty, "SES needs at least one value")
        let s = x.startIndex
        if x.count == 1 { return (x[s], [.nan]) }
        let complement = 1.0 - alpha
        var fitted = [Double](repeating: 0, count: x.count)
        fitted[0] = x[s]
        for i in 1..<x.count { fitted[i] = alpha * x[s + i - 1] + complement * fitted[i - 1] }
        let forecast = alpha * x[s + x.count - 1] + complement * fitted[x.count - 1]
        fitted[0] = .nan
        return (forecast, fitted)
    }

    /// The one-step forecast only (same arithmetic as ``forecast(_:alpha:)``, no allocation).
    static func forecastValue(_ x: ArraySlice<Double>, alpha: Double) -> Double {
        precondition(!x.isEmpty, "SES needs at least one value")
        let s = x.startIndex
        if x.count == 1 { return x[s] }
        let complement = 1.0 - alpha
        var f = x[s]
        for i in 1..<x.count { f = alpha * x[s + i - 1] + complement * f }
        return alpha * x[x.endIndex - 1] + complement * f
    }

    /// `golden_section_ses`: α minimising ``sse(_:_:)`` on [lower, upper] by golden-section search
    /// (ratio (√5 + 1)/2) until |b − a| < 1e-12, stopping early at an exact tie of the two interior
    /// SSEs (so a flat SSE, e.g. fewer than two values, gives the midpoint); returns (a + b)/2.
    static func goldenSectionAlpha(_ x: ArraySlice<Double>, lower: Double = 0.1, upper: Double = 0.3) -> Double {
        let gr = (5.0.squareRoot() + 1.0) / 2.0
        var a = lower, b = upper
        var c = b - (b - a) / gr
        var d = a + (b - a) / gr
        var fc = sse(c, x), fd = sse(d, x)
        while abs(b - a) >= 1e-12 {
            if fc < fd {
                b = d; d = c; fd = fc
                c = b - (b - a) / gr
                fc = sse(c, x)
            } else if fd < fc {
                a = c; c = d; fc = fd
                d = a + (b - a) / gr
                fd = sse(d, x)
            } else {
                break
            }
        }
        return (b + a) / 2.0
    }

    /// `_optimized_ses_forecast`: the one-step forecast at the golden-section α on [0.1, 0.3].
    static func optimizedForecast(_ x: ArraySlice<Double>) -> (forecast: Double, alpha: Double) {
        let alpha = goldenSectionAlpha(x)
        return (forecastValue(x, alpha: alpha), alpha)
    }

    /// `chunk_forecast`: drop the first n mod k values, sum the rest in blocks of k, and forecast
    /// the block sums by optimised SES (one block: its sum; fewer than k values: the last value).
    static func chunkForecast(_ y: ArraySlice<Double>, level k: Int) -> Double {
        guard let (_, sums) = blockSums(y, level: k) else { return y[y.endIndex - 1] }
        if sums.count <= 1 { return sums[0] }
        return optimizedForecast(sums[...]).forecast
    }

    /// The sums of the non-overlapping blocks of k values after the first n mod k (`lost`) values;
    /// nil when fewer than k values remain.
    static func blockSums(_ y: ArraySlice<Double>, level k: Int) -> (lost: Int, sums: [Double])? {
        precondition(k >= 1, "aggregation level must be ≥ 1")
        let lost = y.count % k
        let chunks = (y.count - lost) / k
        if chunks < 1 { return nil }
        var sums = [Double](repeating: 0, count: chunks)
        for i in 0..<chunks {
            var s = 0.0
            let base = y.startIndex + lost + i * k
            for j in 0..<k { s += y[base + j] }
            sums[i] = s
        }
        return (lost, sums)
    }

    /// ``chunkForecast(_:level:)`` with the in-sample fits of the same aggregate model: the
    /// one-step SES fit (at the block series' optimised α) of each block sum, ÷ k, spread over the
    /// k periods of the block (NaN for the dropped first n mod k values and the first block). The
    /// forecast is ``chunkForecast(_:level:)``'s to the bit. These fits use the whole series' α
    /// (not statsforecast's per-prefix re-optimisation): O(n · 55), used for the dispersion.
    static func chunkFits(_ y: ArraySlice<Double>, level k: Int) -> (forecast: Double, fits: [Double]) {
        var fits = [Double](repeating: .nan, count: y.count)
        guard let (lost, sums) = blockSums(y, level: k) else { return (y[y.endIndex - 1], fits) }
        let chunks = sums.count
        if chunks <= 1 { return (sums[0], fits) }
        let alpha = goldenSectionAlpha(sums[...])
        let (f, blockFits) = forecast(sums[...], alpha: alpha)
        for b in 1..<chunks {
            let v = blockFits[b] / Double(k)
            for j in 0..<k { fits[lost + b * k + j] = v }
        }
        return (f, fits)
    }

    /// `_intervals`: for each non-zero value, the number of periods since the previous non-zero
    /// value (the first counted from the period before the series starts).
    static func intervals(_ y: [Double]) -> [Double] {
        var out = [Double](), previous = 0
        for (i, v) in y.enumerated() where v != 0 {
            out.append(Double(i + 1 - previous))
            previous = i + 1
        }
        return out
    }

    /// `expand_fitted_demand`: spreads the demand-size fits (`fitted[j]` = forecast after the j-th
    /// positive value, `fitted[0]` unused) over the periods of `y`; before the first demand, the
    /// previous observation.
    static func expandFittedDemand(_ fitted: [Double], _ y: [Double]) -> [Double] {
        var out = [Double](repeating: .nan, count: y.count)
        var idx = 0
        for i in 1..<max(1, y.count) {
            if y[i - 1] > 0 {
                idx += 1
                out[i] = fitted[idx]
            } else if idx > 0 {
                out[i] = out[i - 1]
            } else {
                out[i] = y[i - 1]
            }
        }
        return out
    }

    /// `expand_fitted_intervals`: the same for the interval fits, with 1 where the fit is 0 or no
    /// demand has been seen yet.
    static func expandFittedIntervals(_ fitted: [Double], _ y: [Double]) -> [Double] {
        var out = [Double](repeating: .nan, count: y.count)
        var idx = 0
        for i in 1..<max(1, y.count) {
            if y[i - 1] != 0 {
                idx += 1
                out[i] = fitted[idx] == 0 ? 1.0 : fitted[idx]
            } else if idx > 0 {
                out[i] = out[i - 1]
            } else {
                out[i] = 1.0
            }
        }
        return out
    }

    /// The value statsforecast returns for a series without demand: zeros (fitted[0] NaN).
    static func zeroResult(_ n: Int) -> (mean: Double, fitted: [Double]) {
        var f = [Double](repeating: 0, count: n)
        if n > 0 { f[0] = .nan }
        return (0, f)
    }
}

// MARK: - Specifications

/// Checks a series for the intermittent methods: at least one value, finite, none negative.
func validateCounts(_ y: [Double], model: String) throws(ForecastingError) {
    try validateFinite(y)
    guard !y.isEmpty else { throw .tooShort(model: model, needed: 1, got: 0) }
    if let i = y.firstIndex(where: { $0 < 0 }) {
        throw .invalidSpecification("\(model) needs non-negative values (counts or demand); observation \(i + 1) is \(y[i])")
    }
}

/// Croston's method for intermittent demand (Croston 1972, Operational Research Quarterly 23(3),
/// 289–303, DOI 10.1057/jors.1972.50), as statsforecast's `CrostonClassic`, `CrostonOptimized` and
/// `CrostonSBA`.
///
/// With z the positive values of y and p the intervals between non-zero values (the first counted
/// from the start), SES gives ẑ and p̂ (one-step forecasts after the last value; a single value
/// forecasts itself) and ŷ_{n+h} = ẑ / p̂ for every h.
/// * `.classic`: α = 0.1 for both;
/// * `.optimized`: each α chosen separately by statsforecast's golden-section search of the SES
///   sum of squared one-step errors on [0.1, 0.3] (to |b − a| < 1e-12, stopping at an exact tie);
/// * `.sba`: the classic forecast × 0.95, the Syntetos–Boylan approximation (Syntetos & Boylan
///   2005, International Journal of Forecasting 21(2), 303–314, DOI 10.1016/j.ijforecast.2004.10.001),
///   1 − α/2 at statsforecast's α = 0.1.
///
/// Fitted values: the demand and interval fits carried forward over the periods between demands
/// (statsforecast's `expand_fitted_*`); for `.optimized` each fit re-optimises α on the data up
/// to that point, as statsforecast. A series with no positive value forecasts its last value
/// (statsforecast's naive fallback: 0). Intervals: ``CountIntervals``.
///
/// Complexity: O(n) for classic/SBA; O(n) per golden-section step (≈ 55 steps) for the optimised
/// forecast and O(n²) for its fitted values.
///
/// Differences from statsforecast: negative values are an error (statsforecast silently drops them
/// from the demand sizes); the methods give count intervals, statsforecast only conformal ones.
/// R's tsintermittent::crost initialises SES and chooses α its own way (not checked here), so its
/// numbers are not these.
public struct Croston: ForecastModelSpec {
    public enum Variant: String, Sendable, CaseIterable { case classic, optimized, sba }
    public let variant: Variant
    public init(_ variant: Variant = .classic) { self.variant = variant }
    public static let classic = Croston(.classic)
    public static let optimized = Croston(.optimized)
    public static let sba = Croston(.sba)

    var methodName: String {
        switch variant {
        case .classic: "CrostonClassic"
        case .optimized: "CrostonOptimized"
        case .sba: "CrostonSBA"
        }
    }

    public func fit(_ y: [Double], period: Int) throws(ForecastingError) -> FittedIntermittent {
        try validateCounts(y, model: methodName)
        let demand = y.filter { $0 > 0 }
        if demand.isEmpty {
            // statsforecast's `_naive`: the last value, fitted = previous value.
            let fitted = [Double.nan] + y.dropLast()
            return FittedIntermittent(method: methodName, y: y, point: y[y.count - 1], fitted: fitted, parameters: [])
        }
        let intervals = IntermittentKernel.intervals(y)
        /// Croston's forecast and statsforecast's fitted values at fixed smoothing parameters.
        func fixed(_ alphaZ: Double, _ alphaP: Double) -> (mean: Double, fitted: [Double], demand: Double, interval: Double) {
            let (zp, zf) = IntermittentKernel.forecast(demand[...], alpha: alphaZ)
            let (pp, pf) = IntermittentKernel.forecast(intervals[...], alpha: alphaP)
            let zExp = IntermittentKernel.expandFittedDemand(zf + [zp], y)
            let pExp = IntermittentKernel.expandFittedIntervals(pf + [pp], y)
            return (pp != 0 ? zp / pp : zp, zip(zExp, pExp).map { $0 / $1 }, zp, pp)
        }
        switch variant {
        case .classic, .sba:
            var (mean, fitted, zp, pp) = fixed(0.1, 0.1)
            let parameters: [(name: String, value: Double)] = [("alpha.demand", 0.1), ("alpha.interval", 0.1), ("demand", zp), ("interval", pp)]
            if variant == .sba {
                mean *= 0.95
                fitted = fitted.map { $0 * 0.95 }
            }
            return FittedIntermittent(method: methodName, y: y, point: mean, fitted: fitted, parameters: parameters)
        case .optimized:
            let az = IntermittentKernel.goldenSectionAlpha(demand[...])
            let ap = IntermittentKernel.goldenSectionAlpha(intervals[...])
            // The forecast at the optimised α; the dispersion from the fits at those α (O(n)),
            // statsforecast's per-prefix re-optimised fitted values only when asked for (O(n²)).
            let (mean, fixedFits, zp, pp) = fixed(az, ap)
            let fitted: @Sendable () -> [Double] = {
                var zf = [Double.nan], pf = [Double.nan]
                for i in 0..<demand.count { zf.append(IntermittentKernel.optimizedForecast(demand[...i]).forecast) }
                for i in 0..<intervals.count {
                    let f = IntermittentKernel.optimizedForecast(intervals[...i]).forecast
                    pf.append(f == 0 ? 1.0 : f)
                }
                let zExp = IntermittentKernel.expandFittedDemand(zf, y)
                let pExp = IntermittentKernel.expandFittedIntervals(pf, y)
                return zip(zExp, pExp).map { $0 / $1 }
            }
            return FittedIntermittent(method: methodName, y: y, point: mean, fitted: fitted, dispersionFits: fixedFits,
                                      parameters: [("alpha.demand", az), ("alpha.interval", ap), ("demand", zp), ("interval", pp)])
        }
    }
}

/// The Teunter–Syntetos–Babai method (Teunter, Syntetos & Babai 2011, European Journal of
/// Operational Research 214(3), 606–615, DOI 10.1016/j.ejor.2011.05.018), as statsforecast's
/// `TSB(alpha_d, alpha_p)`: SES with α_p of the occurrence indicator 1{y_t ≠ 0} over every period
/// (so the probability decays through runs of zeros) and SES with α_d of the positive sizes;
/// ŷ = p̂ · ẑ for every horizon. Fitted: p̂_t times the size fit carried forward. A series of zeros
/// forecasts 0. Complexity O(n). Same differences from statsforecast as ``Croston``.
public struct TSB: ForecastModelSpec {
    public let alphaDemand: Double
    public let alphaProbability: Double
    /// - Precondition: both smoothing parameters in [0, 1].
    public init(alphaDemand: Double, alphaProbability: Double) {
        precondition((0...1).contains(alphaDemand) && (0...1).contains(alphaProbability),
                     "TSB smoothing parameters must be in [0, 1]")
        self.alphaDemand = alphaDemand
        self.alphaProbability = alphaProbability
    }

    public func fit(_ y: [Double], period: Int) throws(ForecastingError) -> FittedIntermittent {
        try validateCounts(y, model: "TSB")
        let params: [(name: String, value: Double)] = [("alpha.demand", alphaDemand), ("alpha.probability", alphaProbability)]
        if y.allSatisfy({ $0 == 0 }) {
            let z = IntermittentKernel.zeroResult(y.count)
            return FittedIntermittent(method: "TSB", y: y, point: z.mean, fitted: z.fitted, parameters: params)
        }
        // One pass with the arithmetic of IntermittentKernel.forecast on the occurrence indicators
        // and on the positive sizes, and of expandFittedDemand, in the same order (so the same
        // bits), without the intermediate arrays.
        let n = y.count, ap = alphaProbability, ad = alphaDemand
        let demandCount = y.reduce(0) { $0 + ($1 > 0 ? 1 : 0) }
        var fitted = [Double](repeating: .nan, count: n)
        var p = y[0] != 0 ? 1.0 : 0.0          // occurrence SES fit f_i (f_0 = the first indicator)
        var z = 0.0, seen = 0                   // size SES level after `seen` demands
        var sizeFit = Double.nan                // the expanded size fit of the current period
        for i in 1..<max(1, n) {
            let previous = y[i - 1]
            p = ap * (previous != 0 ? 1.0 : 0.0) + (1 - ap) * p
            if previous > 0 {
                // statsforecast's SES of the sizes: level₀ = first size; a single size forecasts itself.
                if seen == 0 { z = previous }
                if !(seen == 0 && demandCount == 1) { z = ad * previous + (1 - ad) * z }
                seen += 1
                sizeFit = z
            } else if seen == 0 {
                sizeFit = previous
            }
            fitted[i] = p * sizeFit
        }
        // The one-step forecasts after the last period.
        let pp = n == 1 ? p : ap * (y[n - 1] != 0 ? 1.0 : 0.0) + (1 - ap) * p
        var zp = z
        if y[n - 1] > 0 {
            if seen == 0 { z = y[n - 1] }
            zp = seen == 0 && demandCount == 1 ? y[n - 1] : ad * y[n - 1] + (1 - ad) * z
        }
        return FittedIntermittent(method: "TSB", y: y, point: pp * zp, fitted: fitted,
                                  parameters: params + [("probability", pp), ("demand", zp)])
    }
}

/// Aggregate–disaggregate intermittent demand approach (Nikolopoulos, Syntetos, Boylan, Petropoulos
/// & Assimakopoulos 2011, Journal of the Operational Research Society 62(3), 544–554,
/// DOI 10.1057/jors.2010.32), as statsforecast's `ADIDA`: k = the mean inter-demand interval
/// rounded half to even (Python's `round`); the series without its first n mod k values is summed
/// in non-overlapping blocks of k, the block sums are forecast by SES with α optimised on
/// [0.1, 0.3] (golden section, as ``Croston/Variant/optimized``), and ŷ = block forecast / k.
/// Fitted value at t: the same on y_1…y_{t−1} with k from the running mean interval (carried
/// forward as statsforecast). A series of zeros forecasts 0.
/// Complexity O(n · 55) for the forecast, O(n² · 55 / k) for the fitted values.
public struct ADIDA: ForecastModelSpec {
    public init() {}
    public func fit(_ y: [Double], period: Int) throws(ForecastingError) -> FittedIntermittent {
        try validateCounts(y, model: "ADIDA")
        if y.allSatisfy({ $0 == 0 }) {
            let z = IntermittentKernel.zeroResult(y.count)
            return FittedIntermittent(method: "ADIDA", y: y, point: z.mean, fitted: z.fitted, parameters: [])
        }
        let intervals = IntermittentKernel.intervals(y)
        let k = Self.level(intervals)
        return Self.fitted(y, intervals: intervals, level: k, chunk: IntermittentKernel.chunkFits(y[...], level: k))
    }

    /// The aggregation level: the mean inter-demand interval rounded half to even (IMAPA's K too).
    static func level(_ intervals: [Double]) -> Int {
        Int((intervals.reduce(0, +) / Double(intervals.count)).rounded(.toNearestOrEven))
    }

    /// The fitted model from the level-k chunk fits (shared with ``IMAPA``'s level k in ``AutoCount``).
    static func fitted(_ y: [Double], intervals: [Double], level k: Int, chunk: (forecast: Double, fits: [Double])) -> FittedIntermittent {
        let (blockForecast, fits) = chunk
        let mean = blockForecast / Double(k)
        let fitted: @Sendable () -> [Double] = {
            // Running aggregation levels round(cumsum(intervals)/j), spread over the periods.
            var running = [Double.nan], cumulative = 0.0
            for (j, p) in intervals.enumerated() {
                cumulative += p
                running.append((cumulative / Double(j + 1)).rounded(.toNearestOrEven))
            }
            let levels = IntermittentKernel.expandFittedIntervals(running, y).dropFirst().map { Int($0) }
            var fitted = [Double.nan]
            for i in 0..<(y.count - 1) {
                fitted.append(IntermittentKernel.chunkForecast(y[...i], level: levels[i]) / Double(levels[i]))
            }
            return fitted
        }
        return FittedIntermittent(method: "ADIDA", y: y, point: mean, fitted: fitted, dispersionFits: fits,
                                  parameters: [("aggregation", Double(k))])
    }
}

/// Intermittent multiple aggregation prediction algorithm (Petropoulos & Kourentzes 2015, Journal
/// of the Operational Research Society 66(6), 914–924, DOI 10.1057/jors.2014.62), as
/// statsforecast's `IMAPA`: the ADIDA forecast (block sums by SES optimised on [0.1, 0.3], divided
/// by the block length) for every aggregation level k = 1…K, K the mean inter-demand interval
/// rounded half to even, averaged with equal weights. Fitted value at t: the same on y_1…y_{t−1},
/// with K = max(1, min(t − 1, std::round(mean interval))) — C++'s round half away from zero, as
/// statsforecast's `imapa_fitted_vals` — and 0 before the first demand. A series of zeros
/// forecasts 0. Complexity O(n · K · 55) for the forecast, O(n² · K · 55) for the fitted values.
public struct IMAPA: ForecastModelSpec {
    public init() {}
    public func fit(_ y: [Double], period: Int) throws(ForecastingError) -> FittedIntermittent {
        try validateCounts(y, model: "IMAPA")
        if y.allSatisfy({ $0 == 0 }) {
            let z = IntermittentKernel.zeroResult(y.count)
            return FittedIntermittent(method: "IMAPA", y: y, point: z.mean, fitted: z.fitted, parameters: [])
        }
        let intervals = IntermittentKernel.intervals(y)
        let maxLevel = ADIDA.level(intervals)
        return Self.fitted(y, levels: (1...maxLevel).map { IntermittentKernel.chunkFits(y[...], level: $0) })
    }

    /// The fitted model from the chunk fits of the levels 1…K (`levels[k − 1]` is level k).
    static func fitted(_ y: [Double], levels: [(forecast: Double, fits: [Double])]) -> FittedIntermittent {
        let maxLevel = levels.count
        var forecasts = [Double](), fitSum = [Double](repeating: 0, count: y.count), fitCount = [Int](repeating: 0, count: y.count)
        for k in 1...maxLevel {
            let (f, fits) = levels[k - 1]
            forecasts.append(f / Double(k))
            for (t, v) in fits.enumerated() where v.isFinite { fitSum[t] += v; fitCount[t] += 1 }
        }
        let mean = numpyPairwiseSum(forecasts[...]) / Double(maxLevel)
        // Dispersion fits: at each period, the mean of the levels' aggregate fits defined there.
        let dispersionFits = zip(fitSum, fitCount).map { $1 > 0 ? $0 / Double($1) : .nan }
        let fitted: @Sendable () -> [Double] = {
            var fitted = [Double](repeating: .nan, count: y.count)
            for i in 1..<max(1, y.count) {
                var count = 0, sum = 0.0, previous = 0
                for j in 0..<i where y[j] != 0 {
                    count += 1
                    sum += Double(j + 1 - previous)
                    previous = j + 1
                }
                if count == 0 { fitted[i] = 0; continue }
                let levels = min(max(1, Int((sum / Double(count)).rounded())), i)
                var total = 0.0
                for k in 1...levels { total += IntermittentKernel.chunkForecast(y[..<i], level: k) / Double(k) }
                fitted[i] = total / Double(levels)
            }
            return fitted
        }
        return FittedIntermittent(method: "IMAPA", y: y, point: mean, fitted: fitted, dispersionFits: dispersionFits,
                                  parameters: [("max.aggregation", Double(maxLevel))])
    }
}

/// numpy's pairwise summation (`np.sum`/`np.mean` on a contiguous float64 array): a plain loop
/// below 8 values, eight interleaved partial sums up to 128, halves beyond.
func numpyPairwiseSum(_ a: ArraySlice<Double>) -> Double {
    let n = a.count, s = a.startIndex
    if n < 8 {
        var r = 0.0
        for v in a { r += v }
        return r
    }
    if n <= 128 {
        var r = (0..<8).map { a[s + $0] }
        var i = 8
        while i < n - n % 8 {
            for j in 0..<8 { r[j] += a[s + i + j] }
            i += 8
        }
        var res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
        while i < n { res += a[s + i]; i += 1 }
        return res
    }
    var n2 = n / 2
    n2 -= n2 % 8
    return numpyPairwiseSum(a[s..<(s + n2)]) + numpyPairwiseSum(a[(s + n2)...])
}

// MARK: - Fitted model

/// An intermittent-demand method fitted to one series: a flat point forecast, one-step fitted
/// values as statsforecast's `fitted=True`, and count-valued intervals.
///
/// The count family's dispersion comes from one-step fits computed with the final parameters
/// (O(n)): for Croston classic/SBA and TSB these are statsforecast's fitted values; for
/// `CrostonOptimized`, ADIDA and IMAPA — whose statsforecast fitted values re-optimise α on every
/// prefix of the series, O(n²) — they are the fits at the optimised α (ADIDA/IMAPA: the block
/// SES fits ÷ k spread over each block, IMAPA averaging its levels), and statsforecast's fitted
/// values are computed only when ``fitted`` or ``residuals`` is read (each read recomputes them).
public struct FittedIntermittent: FittedForecastModel {
    /// statsforecast's model name ("CrostonClassic", "CrostonOptimized", "CrostonSBA", "TSB",
    /// "ADIDA", "IMAPA").
    public let method: String
    public let y: [Double]
    /// The point forecast (the same at every horizon).
    public let point: Double
    private let fittedValues: @Sendable () -> [Double]
    /// statsforecast's in-sample one-step fitted values (see the type's note on their cost).
    public var fitted: [Double] { fittedValues() }
    /// The O(n) one-step fits the dispersion was estimated from (see the type's note).
    let dispersionFits: [Double]
    public let parameterTable: [(name: String, value: Double)]
    /// The count distribution the intervals use (nil when `y` is not a count series: then the
    /// interval limits are NaN).
    public let countFamily: CountIntervals.Family?
    /// N, the number of one-step errors φ̂ averages; the limits at level L use
    /// ``CountIntervals/predictiveFamily(_:terms:level:)`` (Student-t widening for small N).
    public let dispersionTerms: Int
    /// The demand class the method was chosen by (``AutoCount`` only).
    public let classification: IntermittencyClassification?

    /// Fitted values computed already; the dispersion from them.
    init(method: String, y: [Double], point: Double, fitted: [Double], parameters: [(name: String, value: Double)],
         classification: IntermittencyClassification? = nil) {
        self.init(method: method, y: y, point: point, fitted: { fitted }, dispersionFits: fitted,
                  parameters: parameters, classification: classification)
    }

    /// Fitted values computed on demand; the dispersion from `dispersionFits`.
    init(method: String, y: [Double], point: Double, fitted: @escaping @Sendable () -> [Double], dispersionFits: [Double],
         parameters: [(name: String, value: Double)], classification: IntermittencyClassification? = nil) {
        var family: CountIntervals.Family? = nil, terms = 0
        if CountIntervals.isCountSeries(y) {
            let (phi, n) = CountIntervals.pearsonDispersionTerms(y: y, fitted: dispersionFits)
            family = n > 0 && phi > 1 ? .negativeBinomial(dispersion: phi) : .poisson
            terms = n
        }
        var table = parameters
        if let f = family { table += [("dispersion", f.dispersion), ("dispersion.terms", Double(terms))] }
        self.init(method: method, y: y, point: point, fittedValues: fitted, dispersionFits: dispersionFits, parameterTable: table,
                  countFamily: family, dispersionTerms: terms, classification: classification)
    }

    /// A fitted model under another name (``AutoCount``), its count family and fitted values kept.
    init(method: String, y: [Double], point: Double, fittedValues: @escaping @Sendable () -> [Double], dispersionFits: [Double],
         parameterTable: [(name: String, value: Double)], countFamily: CountIntervals.Family?, dispersionTerms: Int,
         classification: IntermittencyClassification?) {
        self.method = method
        self.y = y
        self.point = point
        self.fittedValues = fittedValues
        self.dispersionFits = dispersionFits
        self.parameterTable = parameterTable
        self.countFamily = countFamily
        self.dispersionTerms = dispersionTerms
        self.classification = classification
    }

    /// The same fit reported under another method name with other parameters.
    func renamed(_ name: String, parameters: [(name: String, value: Double)], classification: IntermittencyClassification?) -> FittedIntermittent {
        FittedIntermittent(method: name, y: y, point: point, fittedValues: fittedValues, dispersionFits: dispersionFits, parameterTable: parameters,
                           countFamily: countFamily, dispersionTerms: dispersionTerms, classification: classification)
    }

    public var residuals: [Double] { zip(y, fitted).map { $0 - $1 } }

    public func forecast(horizon: Int, levels: [Double]) throws(ForecastingError) -> Forecast {
        validateForecastArguments(horizon: horizon, levels: levels)
        let mean = Array(repeating: point, count: horizon)
        let intervals = levels.map { level -> PredictionInterval in
            guard let family = countFamily else {
                let nan = Array(repeating: Double.nan, count: horizon)
                return PredictionInterval(level: level, lower: nan, upper: nan)
            }
            let widened = CountIntervals.predictiveFamily(family, terms: dispersionTerms, level: level)
            let (lo, hi) = CountIntervals.limits(mean: point, family: widened, level: level)
            return PredictionInterval(level: level, lower: Array(repeating: lo, count: horizon),
                                      upper: Array(repeating: hi, count: horizon))
        }
        return Forecast(method: method, mean: mean, intervals: intervals)
    }
}
