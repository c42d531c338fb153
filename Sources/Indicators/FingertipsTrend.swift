// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import SeriesData

/// Fingertips' "recent trend" marker, computed as Fingertips computes it (OHID/UKHSA
/// `fingertips-open`, `PholioVisualisationWS/Analysis/TrendMarkers/TrendMarkerCalculator.cs`;
/// restated in the project notes `fingertips-methods.md`).
///
/// **Points.** The 5 most recent valid points in time order, numbered t = 1…5 (a valid point
/// has a value and both 95% limits — and, for proportions, a count and a denominator). Fewer
/// than 5 → *Cannot be calculated*. The caller passes consecutive annual periods.
///
/// **Proportions with counts** (Fingertips' "SPC for proportions"): the χ² test for trend
///
///     χ² = ΣN · (ΣN·Σ(n·t) − Σn·Σ(N·t))² / (Σn · (ΣN − Σn) · (ΣN·Σ(N·t²) − (Σ(N·t))²))
///
/// which is Armitage's test (`TrendTest.chiSquaredLinear`, reused here). The outlier check
/// uses the unweighted least-squares slope of the log-odds log(n/(N − n)) on t.
///
/// **Everything else** (rates, DSRs, means): weighted least squares of value on t with
/// weights w = 1/SE², SE = (upper95 − lower95)/3.92; with S1 = Σw, S2 = Σw·t·y, S3 = Σw·t,
/// S4 = Σw·y, S5 = Σw·t²: slope = (S1·S2 − S3·S4)/(S1·S5 − S3²),
/// SE(slope) = √(S1/(S1·S5 − S3²)), χ² = (slope/SE)². This is the WLS slope with the variances
/// taken as known: statsmodels `WLS(y, X, weights=w).fit(cov_type="fixed scale")` gives the same
/// slope and standard error (its default scales the standard error by the residual variance,
/// which Fingertips does not); checked by `notebooks-data/references/fingertips_trend/`.
///
/// **Significant** when χ² > 9.54953570608324 (the 99.8% point of χ²(1)) **and** the slope
/// has the same sign in all 6 fits: the 5 points, and each set of 4 with one point left out
/// (t keeps the points' own numbers). As in Fingertips a slope of exactly 0 counts as positive.
///
/// **Direction.** WLS branch: the sign of the slope. Proportion branch: the published code
/// never sets the slope in this branch (so its marker would read *Decreasing* for any
/// significant proportion trend); we take the sign of the log-odds slope of all 5 points —
/// the slope whose sign the outlier check has just confirmed.
///
/// - Complexity: O(1) (five points, six fits).
public enum FingertipsTrend {
    /// The 99.8% point of χ² with 1 degree of freedom (Fingertips' constant).
    public static let criticalValue = 9.54953570608324
    public static let pointsToUse = 5

    /// One period's published figures (any may be missing).
    public struct Point: Hashable, Sendable {
        public var value: Double?
        public var lower95: Double?
        public var upper95: Double?
        public var count: Double?
        public var denominator: Double?
        public init(value: Double?, lower95: Double? = nil, upper95: Double? = nil, count: Double? = nil, denominator: Double? = nil) {
            self.value = value; self.lower95 = lower95; self.upper95 = upper95; self.count = count; self.denominator = denominator
        }
    }

    public enum Method: String, Hashable, Sendable, Codable {
        case proportionChiSquared = "chi-squared test for trend in proportions (log-odds outlier check)"
        case weightedLeastSquares = "weighted least squares on the 95% limits"
    }

    public struct Marker: Hashable, Sendable {
        /// Increasing / decreasing (significant), no significant change, or cannot be calculated.
        public var direction: TrendDirection
        public var method: Method
        /// χ² (1 df); NaN when not calculated.
        public var chiSquared: Double
        /// WLS slope (value units per period) or the log-odds slope (per period).
        public var slope: Double
        /// WLS branch: SE of the slope (known variances); NaN for proportions.
        public var slopeStandardError: Double
        /// Whether all 6 fits gave the slope the same sign.
        public var signStable: Bool
        /// Indices (into the caller's array) of the points used.
        public var pointsUsed: [Int]
        /// Why it cannot be calculated, when it cannot.
        public var reason: String?

        /// The Fingertips wording with polarity: "Increasing and getting worse", "Decreasing and
        /// getting better", "Increasing" (no polarity), "No significant change", "Cannot be calculated".
        public func words(polarity: Polarity) -> String {
            TrendResult(direction: direction, statistic: chiSquared, pValue: .nan, slope: slope, significance: 0.002,
                        points: pointsUsed.count, method: method.rawValue).fingertipsMarker(polarity: polarity)
        }
    }

    /// The marker for a series of consecutive annual periods, oldest first. Uses the proportion
    /// test when `proportion` is true and the 5 most recent points all carry a count and a
    /// denominator, else WLS on the 95% limits.
    public static func marker(_ points: [Point], proportion: Bool) -> Marker {
        let useCounts = proportion
        func valid(_ p: Point) -> Bool {
            if useCounts {
                guard let n = p.count, let d = p.denominator else { return false }
                return n.isFinite && d.isFinite && d > 0 && n >= 0 && n <= d
            }
            guard let v = p.value, let l = p.lower95, let u = p.upper95 else { return false }
            return v.isFinite && l.isFinite && u.isFinite && u > l
        }
        let idx = Array(points.indices.filter { valid(points[$0]) }.suffix(pointsToUse))
        let method: Method = useCounts ? .proportionChiSquared : .weightedLeastSquares
        func cannot(_ why: String) -> Marker {
            Marker(direction: .cannotBeCalculated, method: method, chiSquared: .nan, slope: .nan, slopeStandardError: .nan,
                   signStable: false, pointsUsed: idx, reason: why)
        }
        guard idx.count == pointsToUse else {
            return cannot("\(idx.count) valid point(s); Fingertips needs the 5 most recent with "
                + (useCounts ? "a count and a denominator" : "a value and both 95% limits"))
        }
        let t = (1...pointsToUse).map(Double.init)
        var chi = 0.0, slope = 0.0, se = Double.nan
        var slopes: [Double] = []
        if useCounts {
            let n = idx.map { points[$0].count! }, d = idx.map { points[$0].denominator! }
            guard n.allSatisfy({ $0 > 0 }), zip(n, d).allSatisfy({ $0 < $1 }) else {
                return cannot("a count of 0 or equal to its denominator has no log-odds")
            }
            guard let r = try? TrendTest.chiSquaredLinear(events: n, totals: d, significance: 0.002, minimumPoints: pointsToUse,
                                                          window: pointsToUse), r.statistic.isFinite else {
                return cannot("the χ² test for trend is undefined for these counts")
            }
            chi = r.statistic
            let logit = zip(n, d).map { log($0 / ($1 - $0)) }
            for leave in 0...pointsToUse {
                let keep = (0..<pointsToUse).filter { leave == 0 || $0 != leave - 1 }
                slopes.append(olsSlope(keep.map { t[$0] }, keep.map { logit[$0] }))
            }
            slope = slopes[0]
        } else {
            let y = idx.map { points[$0].value! }
            let w = idx.map { i -> Double in let s = (points[i].upper95! - points[i].lower95!) / 3.92; return 1 / (s * s) }
            for leave in 0...pointsToUse {
                let keep = (0..<pointsToUse).filter { leave == 0 || $0 != leave - 1 }
                let f = wls(keep.map { t[$0] }, keep.map { y[$0] }, keep.map { w[$0] })
                slopes.append(f.slope)
                if leave == 0 { slope = f.slope; se = f.standardError }
            }
            chi = (slope / se) * (slope / se)
        }
        let signs = slopes.map { $0 < 0 ? -1 : 1 }
        let stable = abs(signs.reduce(0, +)) == slopes.count
        let significant = stable && chi > criticalValue
        return Marker(direction: significant ? (slope > 0 ? .increasing : .decreasing) : .noSignificantChange,
                      method: method, chiSquared: chi, slope: slope, slopeStandardError: se, signStable: stable,
                      pointsUsed: idx, reason: nil)
    }

    /// Fingertips' weighted fit of y on t (sums S1…S5 as above).
    public static func wls(_ t: [Double], _ y: [Double], _ w: [Double]) -> (slope: Double, standardError: Double) {
        var s1 = 0.0, s2 = 0.0, s3 = 0.0, s4 = 0.0, s5 = 0.0
        for i in t.indices {
            s1 += w[i]; s2 += w[i] * t[i] * y[i]; s3 += w[i] * t[i]; s4 += w[i] * y[i]; s5 += w[i] * t[i] * t[i]
        }
        let det = s1 * s5 - s3 * s3
        return ((s1 * s2 - s3 * s4) / det, (s1 / det).squareRoot())
    }

    static func olsSlope(_ t: [Double], _ y: [Double]) -> Double {
        let k = Double(t.count)
        let st = t.reduce(0, +), sy = y.reduce(0, +)
        let sty = zip(t, y).reduce(0) { $0 + $1.0 * $1.1 }, stt = t.reduce(0) { $0 + $1 * $1 }
        return (k * sty - st * sy) / (k * stt - st * st)
    }
}

/// Fingertips' "Compared to goal" (`SingleValueTargetComparer`, `RangeTargetComparer`).
///
/// - Single value target g: low is good → value ≤ g is *Better*, else *Worse*; high is good →
///   value ≥ g is *Better*, else *Worse*.
/// - Range target [lower, upper): below `lower`, between, at or above `upper` → with low is good
///   *Better*, *Same*, *Worse*; with high is good *Worse*, *Same*, *Better*.
///
/// Fingertips offers goals only for indicators with a polarity; with `.none` the result is
/// *Not compared*. O(1).
public enum GoalComparison: String, Hashable, Sendable, Codable {
    case better = "Better", same = "Same", worse = "Worse", notCompared = "Not compared"

    public enum Goal: Hashable, Sendable {
        case value(Double)
        case range(lower: Double, upper: Double)
    }

    public static func compare(_ value: Double, to goal: Goal, polarity: Polarity) -> GoalComparison {
        guard value.isFinite, polarity != .none else { return .notCompared }
        let low = polarity == .lowIsGood
        switch goal {
        case .value(let g):
            guard g.isFinite else { return .notCompared }
            return low ? (value <= g ? .better : .worse) : (value >= g ? .better : .worse)
        case .range(let lo, let hi):
            guard lo.isFinite, hi.isFinite, lo <= hi else { return .notCompared }
            if value < lo { return low ? .better : .worse }
            if value >= hi { return low ? .worse : .better }
            return .same
        }
    }

    /// "Better than the goal (≥ 15)" etc.
    public func words(goal: Goal) -> String {
        let g: String
        switch goal {
        case .value(let v): g = Self.num(v)
        case .range(let lo, let hi): g = "\(Self.num(lo))–\(Self.num(hi))"
        }
        switch self {
        case .better: return "Better than the goal (\(g))"
        case .worse: return "Worse than the goal (\(g))"
        case .same: return "Within the goal range (\(g))"
        case .notCompared: return "Not compared with the goal"
        }
    }

    /// Whole numbers as they are, others to one decimal below 100 and none from 100 up; thousands
    /// grouped ("1,300"), as every other number in the report.
    static func num(_ v: Double) -> String {
        let whole = v == v.rounded() && abs(v) < 1e15
        return NumberFormatting.decimal(v, decimals: whole || abs(v) >= 100 ? 0 : 1)
    }
}
