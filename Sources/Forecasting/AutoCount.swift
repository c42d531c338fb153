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
/// the generated panels (docs/Forecasting.md). Complexity: that of IMAPA's fitted values,
/// O(n² · K · 55).
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
            var chosen = fits[0], bestMSE = Self.windowMSE(y, fits[0].fitted)
            for f in fits.dropFirst() {
                let mse = Self.windowMSE(y, f.fitted)
                if mse < bestMSE { (chosen, bestMSE) = (f, mse) }
            }
            return chosen.renamed("\(chosen.method) (auto-count: rolling origin)",
                                  parameters: [("adi", c.adi), ("cv2", c.cv2), ("selection.mse", bestMSE)] + chosen.parameterTable,
                                  classification: c)
        }
    }
}
