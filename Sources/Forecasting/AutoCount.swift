// SPDX-License-Identifier: GPL-3.0-or-later
/// The Syntetos–Boylan–Croston demand classification of a series (Syntetos, Boylan & Croston 2005,
/// Journal of the Operational Research Society 56(5), 495–503, DOI 10.1057/palgrave.jors.2601841).
///
/// ADI = mean inter-demand interval (intervals between non-zero values, the first counted from the
/// start of the series, as statsforecast's `_intervals`); CV² =
/// (s/z̄)² of the non-zero values, s with divisor n − 1 (0 with a single non-zero value). Classes
/// by the paper's cut-offs ADI 1.32 and CV² 0.49: smooth (ADI ≤ 1.32, CV² ≤ 0.49), intermittent
/// (ADI > 1.32, CV² ≤ 0.49), erratic (ADI ≤ 1.32, CV² > 0.49), lumpy (both above); `zero` when
/// there is no demand (ADI and CV² NaN). Complexity O(n).
public struct IntermittencyClassification: Sendable, Equatable {
    public enum Category: String, Sendable, CaseIterable {
        case smooth, intermittent, erratic, lumpy, zero
    }
    public static let adiCutoff = 1.32
    public static let cv2Cutoff = 0.49

    public let adi: Double
    public let cv2: Double
    public let category: Category

    public init(_ y: [Double]) {
        let sizes = y.filter { $0 != 0 }
        guard !sizes.isEmpty else {
            (adi, cv2, category) = (.nan, .nan, .zero)
            return
        }
        let intervals = IntermittentKernel.intervals(y)
        adi = intervals.reduce(0, +) / Double(intervals.count)
        if sizes.count > 1 {
            let m = sizes.reduce(0, +) / Double(sizes.count)
            let s = (sizes.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(sizes.count - 1)).squareRoot()
            cv2 = (s / m) * (s / m)
        } else {
            cv2 = 0
        }
        switch (adi > Self.adiCutoff, cv2 > Self.cv2Cutoff) {
        case (false, false): category = .smooth
        case (true, false): category = .intermittent
        case (false, true): category = .erratic
        case (true, true): category = .lumpy
        }
    }
}

/// Automatic method for count series, one series at a time.
///
/// **`.combination` (the default, `auto-count`)**: the equal-weight mean of the TSB(0.1, 0.1),
/// ``ADIDA`` and ``IMAPA`` forecasts — forecast combination of intermittent methods (Petropoulos &
/// Kourentzes 2015, Journal of the Operational Research Society 66(6), 914–924,
/// DOI 10.1057/jors.2014.62; IMAPA is itself a temporal combination). The one-step fits for the
/// dispersion are, at each period, the mean of the three methods' O(n) dispersion fits defined
/// there; the fitted values (statsforecast's, read on demand) the mean of theirs. The rule was
/// declared (docs/Forecasting.md, "Revised rules") before it was scored on any panel.
/// Complexity: that of IMAPA's forecast, O(n · K · 55) — no rolling-origin errors are needed.
///
/// **`.rollingOrigin` (`auto-count:select`, the round-one rule)**: fits TSB(0.1, 0.1), ``ADIDA`` and
/// ``IMAPA`` and keeps the one with the smallest mean squared one-step error over the last
/// ``window`` (24) periods of the series (fewer when the series is shorter; the first period has
/// no forecast). The one-step errors are y_t − ŷ_t with ŷ_t statsforecast's in-sample fitted value,
/// the forecast from origin t − 1 with only y_1…y_{t−1} (SES at fixed α for TSB; α and the
/// aggregation level re-chosen on each prefix for ADIDA and IMAPA) — a rolling-origin evaluation
/// on the training data alone. Ties keep the earlier method. Window and candidates were fixed on
/// the generated panels (docs/Forecasting.md). Complexity: O(window · n · K · 55) — only the
/// window's fitted values are computed, ADIDA's taken from IMAPA's levels (``windowFits(_:)``).
///
/// **`.demandClass` (`auto-count:class`)**: by demand class (``IntermittencyClassification``),
/// following Syntetos, Boylan & Croston (2005): Croston's method (classic, α = 0.1) for smooth
/// series, the Syntetos–Boylan approximation for intermittent, erratic and lumpy series — the
/// paper's finding that SBA has the smaller MSE outside the smooth quadrant. O(n).
///
/// A series with no demand forecasts 0. Intervals: ``CountIntervals`` from the method's (or the
/// combination's) dispersion. The fitted model's `method` names the rule, e.g.
/// "TSB+ADIDA+IMAPA (auto-count: combination)", "ADIDA (auto-count: rolling origin)" or
/// "CrostonSBA (auto-count: lumpy)"; its parameters include `adi` and `cv2` (and `selection.mse`,
/// the winning mean squared error, for `.rollingOrigin`).
///
/// statsforecast has no automatic intermittent choice or combination; the classification is
/// checked against the reference script's own ADI/CV² computation (`intermittent_summary.csv`).
public struct AutoCount: ForecastModelSpec {
    public enum Rule: String, Sendable, CaseIterable {
        case combination, rollingOrigin, demandClass
    }
    /// How many of the last one-step errors the rolling-origin rule compares.
    public static let window = 24
    public let rule: Rule
    public init(rule: Rule = .combination) { self.rule = rule }

    /// The method the demand-class rule uses for a class.
    public static func method(for category: IntermittencyClassification.Category) -> Croston {
        category == .smooth || category == .zero ? .classic : .sba
    }

    /// Mean squared one-step error of `fitted` over the last ``window`` periods (NaN fits skipped;
    /// +∞ when there is none).
    static func windowMSE(_ y: [Double], _ fitted: [Double]) -> Double {
        var sum = 0.0, n = 0
        for t in max(1, y.count - window)..<max(1, y.count) where fitted[t].isFinite {
            sum += (y[t] - fitted[t]) * (y[t] - fitted[t])
            n += 1
        }
        return n > 0 ? sum / Double(n) : .infinity
    }

    /// ADIDA's and IMAPA's statsforecast fitted values at the periods ``windowMSE(_:_:)`` reads
    /// (NaN elsewhere), the same numbers as their `fitted`: at period t, both use the mean
    /// interval of the demands in y_1…y_{t−1}; ADIDA's level (half to even; 1 before any demand)
    /// never exceeds IMAPA's top level K (half away from zero, capped at t − 1), so ADIDA's
    /// block forecast is one IMAPA has computed. O(window · K · n · 55) instead of O(n² · K · 55)
    /// for the two. Needs a series with a non-zero value.
    static func windowFits(_ y: [Double]) -> (adida: [Double], imapa: [Double]) {
        let n = y.count
        var adida = [Double](repeating: .nan, count: n), imapa = adida
        var count = 0, sum = 0.0, previous = 0, j = 0
        for t in 1..<max(1, n) {
            // Demands in y[0..<t], as statsforecast's running intervals.
            while j < t {
                if y[j] != 0 { count += 1; sum += Double(j + 1 - previous); previous = j + 1 }
                j += 1
            }
            guard t >= n - window else { continue }
            let prefix = y[..<t]
            guard count > 0 else {
                imapa[t] = 0
                adida[t] = IntermittentKernel.chunkForecast(prefix, level: 1)
                continue
            }
            let top = min(max(1, Int((sum / Double(count)).rounded())), t)
            let adidaLevel = Int((sum / Double(count)).rounded(.toNearestOrEven))
            var total = 0.0
            for k in 1...top {
                let f = IntermittentKernel.chunkForecast(prefix, level: k) / Double(k)
                total += f
                if k == adidaLevel { adida[t] = f }
            }
            imapa[t] = total / Double(top)
            if adida[t].isNaN { adida[t] = IntermittentKernel.chunkForecast(prefix, level: adidaLevel) / Double(adidaLevel) }
        }
        return (adida, imapa)
    }

    public func fit(_ y: [Double], period: Int) throws(ForecastingError) -> FittedIntermittent {
        try validateCounts(y, model: "auto-count")
        let c = IntermittencyClassification(y)
        switch rule {
        case .demandClass:
            let chosen = try Self.method(for: c.category).fit(y, period: period)
            return chosen.renamed("\(chosen.method) (auto-count: \(c.category.rawValue))",
                                  parameters: [("adi", c.adi), ("cv2", c.cv2)] + chosen.parameterTable, classification: c)
        case .combination:
            let tsb = try TSB(alphaDemand: 0.1, alphaProbability: 0.1).fit(y, period: period)
            let fits: [FittedIntermittent]
            if y.allSatisfy({ $0 == 0 }) {
                fits = [tsb, try ADIDA().fit(y, period: period), try IMAPA().fit(y, period: period)]
            } else {
                // ADIDA's aggregation level is IMAPA's top level K: its block sums and SES are
                // computed once (same numbers as fitting the two separately).
                let intervals = IntermittentKernel.intervals(y)
                let levels = (1...ADIDA.level(intervals)).map { IntermittentKernel.chunkFits(y[...], level: $0) }
                fits = [tsb, ADIDA.fitted(y, intervals: intervals, level: levels.count, chunk: levels[levels.count - 1]),
                        IMAPA.fitted(y, levels: levels)]
            }
            let point = (fits[0].point + fits[1].point + fits[2].point) / 3
            let dispersionFits = (0..<y.count).map { t -> Double in
                var sum = 0.0, n = 0
                for f in fits where f.dispersionFits[t].isFinite { sum += f.dispersionFits[t]; n += 1 }
                return n > 0 ? sum / Double(n) : .nan
            }
            let fitted: @Sendable () -> [Double] = {
                let each = fits.map(\.fitted)
                return (0..<y.count).map { t in (each[0][t] + each[1][t] + each[2][t]) / 3 }
            }
            return FittedIntermittent(method: "TSB+ADIDA+IMAPA (auto-count: combination)", y: y, point: point, fitted: fitted,
                                      dispersionFits: dispersionFits,
                                      parameters: [("adi", c.adi), ("cv2", c.cv2)] + fits.map { ("\($0.method).forecast", $0.point) },
                                      classification: c)
        case .rollingOrigin:
            // The candidates in tie-breaking order.
            let fits = [try TSB(alphaDemand: 0.1, alphaProbability: 0.1).fit(y, period: period),
                        try ADIDA().fit(y, period: period), try IMAPA().fit(y, period: period)]
            // statsforecast's fitted values, but only inside the window, and ADIDA's from IMAPA's levels.
            let windowed = y.allSatisfy { $0 == 0 } ? (fits[1].fitted, fits[2].fitted) : Self.windowFits(y)
            let candidates = [fits[0].fitted, windowed.0, windowed.1]
            var chosen = fits[0], bestMSE = Self.windowMSE(y, candidates[0])
            for (f, fitted) in zip(fits, candidates).dropFirst() {
                let mse = Self.windowMSE(y, fitted)
                if mse < bestMSE { (chosen, bestMSE) = (f, mse) }
            }
            return chosen.renamed("\(chosen.method) (auto-count: rolling origin)",
                                  parameters: [("adi", c.adi), ("cv2", c.cv2), ("selection.mse", bestMSE)] + chosen.parameterTable,
                                  classification: c)
        }
    }
}
