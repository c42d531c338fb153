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

/// Automatic method choice for count series by demand class (``IntermittencyClassification``),
/// following Syntetos, Boylan & Croston (2005): Croston's method (classic, α = 0.1) for smooth
/// series, the Syntetos–Boylan approximation (``Croston/Variant/sba``) for intermittent, erratic
/// and lumpy series — the paper's finding that SBA has the smaller MSE outside the smooth
/// quadrant; a series with no demand forecasts 0. Intervals: ``CountIntervals``. The fitted
/// model's `method` names the choice, e.g. "CrostonSBA (auto-count: lumpy)", and its parameters
/// include `adi` and `cv2`. Complexity O(n).
///
/// statsforecast has no automatic intermittent choice; the classification is checked against the
/// reference script's own ADI/CV² computation (`intermittent_summary.csv`).
public struct AutoCount: ForecastModelSpec {
    public init() {}

    /// The method used for a class.
    public static func method(for category: IntermittencyClassification.Category) -> Croston {
        category == .smooth || category == .zero ? .classic : .sba
    }

    public func fit(_ y: [Double], period: Int) throws(ForecastingError) -> FittedIntermittent {
        try validateCounts(y, model: "auto-count")
        let c = IntermittencyClassification(y)
        let chosen = try Self.method(for: c.category).fit(y, period: period)
        return FittedIntermittent(
            method: "\(chosen.method) (auto-count: \(c.category.rawValue))", y: y, point: chosen.point,
            fitted: chosen.fitted,
            parameters: [("adi", c.adi), ("cv2", c.cv2)] + chosen.parameterTable.filter { $0.name != "dispersion" },
            classification: c)
    }
}
