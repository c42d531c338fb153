// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

/// Direction of a tested trend.
public enum TrendDirection: String, Hashable, Sendable, Codable, CaseIterable {
    case increasing = "increasing"
    case decreasing = "decreasing"
    case noSignificantChange = "no significant change"
    case cannotBeCalculated = "cannot be calculated"
}

/// A trend test result.
public struct TrendResult: Hashable, Sendable, Codable {
    public var direction: TrendDirection
    /// χ² (1 df) for the proportion test, z for Poisson and Mann–Kendall.
    public var statistic: Double
    public var pValue: Double
    /// Slope: change in log rate per period (Poisson), Sen's slope (Mann–Kendall), or the
    /// least-squares change in proportion per period (χ² trend).
    public var slope: Double
    /// Significance level α used for the direction.
    public var significance: Double
    /// Number of points used.
    public var points: Int
    public var method: String
}

public enum TrendTest {
    /// χ² test for linear trend in proportions (Armitage 1955; R `prop.trend.test`) with
    /// scores tᵢ (default 1…k):
    ///
    ///     p̄ = Σxᵢ/Σnᵢ,  T = Σ tᵢ(xᵢ − nᵢp̄),  V = p̄(1 − p̄)[Σnᵢtᵢ² − (Σnᵢtᵢ)²/Σnᵢ],  χ² = T²/V (1 df)
    ///
    /// Fingertips "recent trend" applies this to the most recent `window` points (default 5)
    /// and reports a direction only when p < `significance` (default 0.001, i.e. 99.9%);
    /// fewer than `minimumPoints` points gives `.cannotBeCalculated`. These defaults follow
    /// the Fingertips recent-trend description as we understand it; both are parameters.
    ///
    /// - Complexity: O(k).
    public static func chiSquaredLinear(events x: [Double], totals n: [Double], scores: [Double]? = nil,
                                        significance: Double = 0.001, minimumPoints: Int = 5,
                                        window: Int? = 5) throws(IndicatorsError) -> TrendResult {
        guard x.count == n.count else { throw .lengthMismatch(expected: x.count, got: n.count, what: "trend totals vs events") }
        if let s = scores, s.count != x.count { throw .lengthMismatch(expected: x.count, got: s.count, what: "trend scores vs events") }
        let start = window.map { max(0, x.count - $0) } ?? 0
        let xs = Array(x[start...]), ns = Array(n[start...])
        let ts = scores.map { Array($0[start...]) } ?? (0..<xs.count).map { Double($0 + 1) }
        let method = "chi-squared test for linear trend in proportions"
        guard xs.count >= max(2, minimumPoints) else {
            return TrendResult(direction: .cannotBeCalculated, statistic: .nan, pValue: .nan, slope: .nan,
                               significance: significance, points: xs.count, method: method)
        }
        for i in xs.indices {
            try checkCount(xs[i], "events[\(i)]"); try checkDenominator(ns[i], "totals[\(i)]")
            guard xs[i] <= ns[i] else { throw .numeratorExceedsDenominator(numerator: xs[i], denominator: ns[i]) }
        }
        let N = ns.reduce(0, +), X = xs.reduce(0, +)
        let p = X / N
        var T = 0.0, snt = 0.0, sntt = 0.0
        for i in xs.indices {
            T += ts[i] * (xs[i] - ns[i] * p)
            snt += ns[i] * ts[i]
            sntt += ns[i] * ts[i] * ts[i]
        }
        let sxx = sntt - snt * snt / N
        let V = p * (1 - p) * sxx
        guard V > 0 else {
            return TrendResult(direction: .cannotBeCalculated, statistic: .nan, pValue: .nan, slope: .nan,
                               significance: significance, points: xs.count, method: method)
        }
        let chi = T * T / V
        let pv = chiSquaredSurvival(chi, degreesOfFreedom: 1)
        let dir: TrendDirection = pv < significance ? (T > 0 ? .increasing : .decreasing) : .noSignificantChange
        return TrendResult(direction: dir, statistic: chi, pValue: pv, slope: T / sxx,
                           significance: significance, points: xs.count, method: method)
    }

    /// Poisson regression trend for rates: log E[Oᵢ] = log eᵢ + a + b·tᵢ, tᵢ = 0, 1, …,
    /// fitted by iteratively reweighted least squares (a closed 2×2 solve per step; no
    /// Regression module dependency). Wald z = b/se(b), two-sided normal p-value. Matches
    /// statsmodels `GLM(family=Poisson(), offset=log e)` and R `glm(family=poisson)`.
    ///
    /// - Complexity: O(k) per iteration, typically < 10 iterations.
    public static func poisson(counts o: [Double], exposures e: [Double], significance: Double = 0.05,
                               minimumPoints: Int = 3) throws(IndicatorsError) -> TrendResult {
        guard o.count == e.count else { throw .lengthMismatch(expected: o.count, got: e.count, what: "trend exposures vs counts") }
        let method = "Poisson regression (log link, exposure offset), Wald test on slope"
        guard o.count >= max(3, minimumPoints) else {
            return TrendResult(direction: .cannotBeCalculated, statistic: .nan, pValue: .nan, slope: .nan,
                               significance: significance, points: o.count, method: method)
        }
        for i in o.indices { try checkCount(o[i], "counts[\(i)]"); try checkDenominator(e[i], "exposures[\(i)]") }
        guard o.reduce(0, +) > 0 else {
            return TrendResult(direction: .cannotBeCalculated, statistic: .nan, pValue: .nan, slope: .nan,
                               significance: significance, points: o.count, method: method)
        }
        let t = (0..<o.count).map(Double.init)
        var a = log(o.reduce(0, +) / e.reduce(0, +)), b = 0.0
        var info = (s00: 0.0, s01: 0.0, s11: 0.0)
        var converged = false
        for _ in 0..<100 {
            var s00 = 0.0, s01 = 0.0, s11 = 0.0, g0 = 0.0, g1 = 0.0
            for i in o.indices {
                let mu = e[i] * exp(a + b * t[i])
                s00 += mu; s01 += mu * t[i]; s11 += mu * t[i] * t[i]
                g0 += o[i] - mu; g1 += (o[i] - mu) * t[i]
            }
            let det = s00 * s11 - s01 * s01
            guard det > 0, det.isFinite else { break }
            let da = (s11 * g0 - s01 * g1) / det
            let db = (s00 * g1 - s01 * g0) / det
            a += da; b += db
            info = (s00, s01, s11)
            if abs(da) < 1e-12 * (1 + abs(a)) && abs(db) < 1e-12 * (1 + abs(b)) { converged = true; break }
        }
        guard converged else { throw .didNotConverge(iterations: 100, statistic: "Poisson trend") }
        // Final information at the converged estimate.
        var s00 = 0.0, s01 = 0.0, s11 = 0.0
        for i in o.indices {
            let mu = e[i] * exp(a + b * t[i])
            s00 += mu; s01 += mu * t[i]; s11 += mu * t[i] * t[i]
        }
        info = (s00, s01, s11)
        let se = (info.s00 / (info.s00 * info.s11 - info.s01 * info.s01)).squareRoot()
        let z = b / se
        let pv = min(1, 2 * standardNormalSurvival(abs(z)))
        let dir: TrendDirection = pv < significance ? (b > 0 ? .increasing : .decreasing) : .noSignificantChange
        return TrendResult(direction: dir, statistic: z, pValue: pv, slope: b,
                           significance: significance, points: o.count, method: method)
    }

    /// Mann–Kendall test with Sen's slope.
    ///
    ///     S = Σ_{i<j} sign(xⱼ − xᵢ),   Var S = [n(n−1)(2n+5) − Σ_g t_g(t_g−1)(2t_g+5)] / 18
    ///     z = (S − 1)/√Var (S > 0), (S + 1)/√Var (S < 0), 0 otherwise; two-sided normal p
    ///
    /// Sen's slope = median of (xⱼ − xᵢ)/(j − i) over i < j. Tie groups t_g in the values
    /// reduce the variance (Kendall 1975). Same S and variance as pymannkendall
    /// `original_test`; scipy `kendalltau` gives the same S without continuity correction.
    ///
    /// References: Mann HB (1945) Econometrica 13:245–259; Kendall MG (1975) *Rank
    /// Correlation Methods*; Sen PK (1968) JASA 63:1379–1389.
    ///
    /// - Complexity: O(n²) time and memory (pairwise slopes), fine for indicator series.
    public static func mannKendall(_ x: [Double], significance: Double = 0.05,
                                   minimumPoints: Int = 4) throws(IndicatorsError) -> TrendResult {
        let method = "Mann-Kendall (tie-corrected variance) with Sen's slope"
        guard x.count >= max(3, minimumPoints) else {
            return TrendResult(direction: .cannotBeCalculated, statistic: .nan, pValue: .nan, slope: .nan,
                               significance: significance, points: x.count, method: method)
        }
        for (i, v) in x.enumerated() where !v.isFinite {
            throw .malformedField(path: "(series)", line: i + 1, field: "value", value: "\(v)", expected: "a finite number")
        }
        let n = x.count
        var s = 0.0
        var slopes: [Double] = []
        slopes.reserveCapacity(n * (n - 1) / 2)
        for i in 0..<(n - 1) {
            for j in (i + 1)..<n {
                let d = x[j] - x[i]
                s += d > 0 ? 1 : (d < 0 ? -1 : 0)
                slopes.append(d / Double(j - i))
            }
        }
        var counts: [Double: Int] = [:]
        for v in x { counts[v, default: 0] += 1 }
        let nn = Double(n)
        var v = nn * (nn - 1) * (2 * nn + 5)
        for (_, c) in counts where c > 1 {
            let t = Double(c)
            v -= t * (t - 1) * (2 * t + 5)
        }
        v /= 18
        let z = v > 0 ? (s > 0 ? (s - 1) / v.squareRoot() : (s < 0 ? (s + 1) / v.squareRoot() : 0)) : 0
        let pv = min(1, 2 * standardNormalSurvival(abs(z)))
        slopes.sort()
        let m = slopes.count
        let sen = m % 2 == 1 ? slopes[m / 2] : (slopes[m / 2 - 1] + slopes[m / 2]) / 2
        let dir: TrendDirection = pv < significance ? (s > 0 ? .increasing : .decreasing) : .noSignificantChange
        return TrendResult(direction: dir, statistic: z, pValue: pv, slope: sen,
                           significance: significance, points: n, method: method)
    }
}

extension TrendResult {
    /// The Fingertips recent-trend wording for this result: "Increasing and getting worse",
    /// "Decreasing and getting better", "Increasing" (no polarity), "No significant change",
    /// "Cannot be calculated".
    public func fingertipsMarker(polarity: Polarity) -> String {
        switch direction {
        case .cannotBeCalculated: return "Cannot be calculated"
        case .noSignificantChange: return "No significant change"
        case .increasing, .decreasing:
            let up = direction == .increasing
            let word = up ? "Increasing" : "Decreasing"
            switch polarity {
            case .none: return word
            case .lowIsGood: return word + (up ? " and getting worse" : " and getting better")
            case .highIsGood: return word + (up ? " and getting better" : " and getting worse")
            }
        }
    }
}
