// SPDX-License-Identifier: GPL-3.0-or-later
import Distributions
import Foundation

/// A forecast combination as a model: each member is fitted to the series, and the point forecasts
/// are combined by the mean, the median or inverse-MSE weights; prediction intervals are combined
/// by ``IntervalMethod``.
///
/// Rules (per horizon h, members i = 1…k that fitted):
/// - `mean`: ŷ_h = (1/k) Σ ŷ_{i,h} (equal weights; Bates & Granger 1969, the M3 "Comb S-H-D").
/// - `median`: ŷ_h = median_i ŷ_{i,h} (SCUM, Petropoulos & Svetunkov 2020, IJF 36(1) 110–115,
///   DOI 10.1016/j.ijforecast.2019.01.006).
/// - `weighted`: ŷ_h = Σ w_i ŷ_{i,h}, w_i ∝ 1/MSE_i, MSE_i the mean squared one-step in-sample error
///   y_t − ŷ_{i,t} of member i on the training data (no test data is looked at).
///
/// A member that cannot be fitted (too short, estimation failure) is left out and named in
/// ``FittedCombination/failures`` and in the method label; the fit fails only when no member fits.
/// Fitted values are the rule applied to the members' fitted values (NaN where one has none).
///
/// The default, `combo`, is the **median** of automatic ETS (R's `ets()`), auto.arima, automatic
/// complex exponential smoothing (``CES``, statsforecast's `AutoCES`) and the dynamic optimised
/// Theta model (``OptimizedTheta``, DOTM), with mixture intervals of the four at equal weights,
/// widened for trend estimation (``TrendEstimationWidening``; since 2026-12-01): the
/// published statistical ensemble of Nixtla's statsforecast M3 experiment (AutoARIMA + AutoETS +
/// AutoCES + DynamicOptimizedTheta, combined by `.median(axis=1)`) and SCUM (Petropoulos &
/// Svetunkov 2020, IJF 36(1) 110–115, DOI 10.1016/j.ijforecast.2019.01.006). With four members the
/// median is the mean of the middle two; with three (one member not fitted) it is the middle one.
/// Declared by the lead on 2026-11-30 at 22:50 UTC, before any score of the median rule existed,
/// for fidelity to the published method (not for a score); before that the default was the mean of
/// the same four, which stays available as `combo:ets+auto.arima+ces+dotm:mean`
/// (docs/Forecasting.md, "Combinations"). A combination named by its members without a rule
/// (`combo:A+B`) is still their mean; only `combo` alone is this default.
/// Differences from statsforecast: its AutoETS and AutoARIMA are its own ports, ours follow R's
/// `ets()` and `auto.arima()`; its ensemble has no intervals, ours pools the members' intervals
/// and (by default) widens them for trend estimation, which neither statsforecast nor R does.
/// - Complexity: the sum of the members' fits; intervals O(k · levels · h · 60) for `mixture` and
///   `widenedMixture` (the widening adds O(levels · h)).
public struct Combination: ForecastModelSpec {
    public enum Rule: String, Sendable, CaseIterable { case mean, median, weighted }

    /// How member intervals become the combination's interval at each level.
    public enum IntervalMethod: String, Sendable, CaseIterable {
        /// Combine the members' lower limits and upper limits by the point rule (quantile averaging,
        /// "Vincentization": Lichtendahl, Grushka-Cockayne & Winkler 2013, Management Science 59(8)
        /// 1594–1611, DOI 10.1287/mnsc.1120.1667).
        case quantileAverage = "quantile-average"
        /// Quantiles of the pooled (mixture) distribution Σ w_i F_i, each member's F_i a split normal
        /// with median ŷ_{i,h} and the member's own limits at the level (the linear opinion pool;
        /// what pooling simulated paths of every member converges to). `combo:…:nowiden`.
        case mixture
        /// The `mixture` with each limit moved away from the point forecast by the trend-estimation
        /// factor k(n, h, L) of ``TrendEstimationWidening`` (n the training length): the default
        /// since 2026-12-01 (docs/Forecasting.md, "Widening as the default"). Quantile averaging has
        /// no widened form: the rule was declared and scored for the mixture only.
        case widenedMixture = "widened-mixture"
    }

    /// (name as typed, spec) of each member.
    public let members: [(name: String, spec: any ForecastModelSpec)]
    public let rule: Rule
    public var intervalMethod: IntervalMethod

    /// `intervalMethod` defaults to `.widenedMixture`: the mixture is better calibrated than
    /// quantile averaging on M3 yearly (coverage 72.0/87.8% against 68.7/83.0% at 80/95%, lower
    /// Winkler scores; docs/Forecasting.md, "Combinations"), and the widening brings the default's
    /// yearly coverage from 70.8/87.6% to 78.6/92.4% ("Widening as the default").
    public init(members: [(name: String, spec: any ForecastModelSpec)], rule: Rule = .mean,
                intervalMethod: IntervalMethod = .widenedMixture) {
        precondition(!members.isEmpty, "a combination needs at least one member")
        self.members = members
        self.rule = rule
        self.intervalMethod = intervalMethod
    }

    /// The members of `combo`.
    public static let defaultMemberNames = ["ets", "auto.arima", "ces", "dotm"]

    /// `combo`: the median of automatic ETS, auto.arima, automatic CES and DOTM (the mean of the
    /// middle two), intervals the equal-weight mixture of the four, widened for trend estimation.
    public static var standard: Combination {
        Combination(members: [("ets", try! ETS("ZZZ")), ("auto.arima", AutoArima()), ("ces", CES()),
                              ("dotm", OptimizedTheta(.dynamicOptimized))], rule: .median)
    }

    /// The same combination with the plain mixture intervals (`:nowiden`) when it widens them.
    public var withoutWidening: Combination {
        var c = self
        if c.intervalMethod == .widenedMixture { c.intervalMethod = .mixture }
        return c
    }

    public func fit(_ y: [Double], period: Int) throws(ForecastingError) -> FittedCombination {
        try validateFinite(y)
        var fitted = [(name: String, model: any FittedForecastModel)]()
        var failures = [(name: String, error: ForecastingError)]()
        for m in members {
            do { fitted.append((m.name, try m.spec.fit(y, period: period))) } catch { failures.append((m.name, error)) }
        }
        guard !fitted.isEmpty else { throw failures[0].error }
        var weights = Array(repeating: 1.0 / Double(fitted.count), count: fitted.count)
        if rule == .weighted {
            let inverse = fitted.map { f -> Double in
                var s = 0.0, c = 0
                for (yt, ft) in zip(y, f.model.fitted) where ft.isFinite { s += (yt - ft) * (yt - ft); c += 1 }
                return c > 0 && s > 0 ? Double(c) / s : .nan
            }
            let finite = inverse.filter(\.isFinite)
            // A member with an exact in-sample fit (MSE 0) or no fitted values: equal weights.
            if finite.count == inverse.count {
                let total = finite.reduce(0, +)
                weights = inverse.map { $0 / total }
            }
        }
        return FittedCombination(y: y, rule: rule, intervalMethod: intervalMethod, members: fitted,
                                 weights: weights, failures: failures)
    }
}

public struct FittedCombination: FittedForecastModel {
    public let y: [Double]
    public let rule: Combination.Rule
    public let intervalMethod: Combination.IntervalMethod
    /// The members that fitted, with the name each was given by.
    public let members: [(name: String, model: any FittedForecastModel)]
    /// Weight of each fitted member (1/k for `mean` and `median`).
    public let weights: [Double]
    /// Members that could not be fitted, and why; they take no part in the combination.
    public let failures: [(name: String, error: ForecastingError)]

    /// A combination of members fitted elsewhere (the M3 interval harness reuses one member fit for
    /// several interval methods); `weights` are those of the fitted members, in order.
    public init(y: [Double], rule: Combination.Rule, intervalMethod: Combination.IntervalMethod,
                members: [(name: String, model: any FittedForecastModel)], weights: [Double],
                failures: [(name: String, error: ForecastingError)]) {
        self.y = y
        self.rule = rule
        self.intervalMethod = intervalMethod
        self.members = members
        self.weights = weights
        self.failures = failures
    }

    public var method: String {
        var s = "Combination(\(rule.rawValue): " + members.map(\.model.method).joined(separator: ", ") + ")"
        if !failures.isEmpty { s += " without " + failures.map(\.name).joined(separator: ", ") + " (not fitted)" }
        return s
    }

    public var fitted: [Double] {
        let each = members.map(\.model.fitted)
        return (0..<y.count).map { t in
            let v = each.map { $0[t] }
            return v.allSatisfy(\.isFinite) ? combine(v) : .nan
        }
    }
    public var residuals: [Double] { zip(y, fitted).map { $0 - $1 } }
    public var parameterTable: [(name: String, value: Double)] {
        zip(members, weights).map { ("weight \($0.name)", $1) }
    }

    /// The point rule applied to one value per member.
    func combine(_ v: [Double]) -> Double {
        switch rule {
        case .mean: return v.reduce(0, +) / Double(v.count)
        case .median:
            let s = v.sorted()
            return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
        case .weighted: return zip(v, weights).reduce(0) { $0 + $1.0 * $1.1 }
        }
    }

    public func forecast(horizon h: Int, levels: [Double]) throws(ForecastingError) -> Forecast {
        validateForecastArguments(horizon: h, levels: levels)
        var each = [Forecast]()
        for m in members { each.append(try m.model.forecast(horizon: h, levels: levels)) }
        return combineForecasts(each, levels: levels)
    }

    /// The combination of member forecasts (one per fitted member, in order).
    public func combineForecasts(_ each: [Forecast], levels: [Double]) -> Forecast {
        let combined = combineWithoutWidening(each, levels: levels)
        return intervalMethod == .widenedMixture ? TrendEstimationWidening.widen(combined, n: y.count) : combined
    }

    /// Point forecasts by the rule; intervals by quantile averaging or the (unwidened) mixture.
    private func combineWithoutWidening(_ each: [Forecast], levels: [Double]) -> Forecast {
        let h = each[0].horizon
        let mean = (0..<h).map { j in combine(each.map { $0.mean[j] }) }
        let intervals = levels.map { level -> PredictionInterval in
            var lower = Array(repeating: Double.nan, count: h), upper = lower
            let member = each.map { $0.interval(level) }
            guard member.allSatisfy({ $0 != nil }) else { return PredictionInterval(level: level, lower: lower, upper: upper) }
            let iv = member.map { $0! }
            for j in 0..<h {
                let lo = iv.map { $0.lower[j] }, hi = iv.map { $0.upper[j] }
                guard (lo + hi).allSatisfy(\.isFinite) else { continue }
                switch intervalMethod {
                case .quantileAverage:
                    lower[j] = combine(lo)
                    upper[j] = combine(hi)
                case .mixture, .widenedMixture:
                    let centres = each.map { $0.mean[j] }
                    let z = normalMultiplier(level: level)
                    let pool = SplitNormalPool(centres: centres, lowerScale: zip(centres, lo).map { max(0, $0 - $1) / z },
                                               upperScale: zip(centres, hi).map { max(0, $1 - $0) / z }, weights: weights)
                    lower[j] = pool.quantile(0.5 - level / 200, bracket: (lo.min()!, max(lo.max()!, centres.min()!)))
                    upper[j] = pool.quantile(0.5 + level / 200, bracket: (min(hi.min()!, centres.max()!), hi.max()!))
                }
            }
            return PredictionInterval(level: level, lower: lower, upper: upper)
        }
        return Forecast(method: method, mean: mean, intervals: intervals)
    }
}

/// Σ w_i F_i with F_i(x) = Φ((x − c_i)/s_i⁻) below c_i and Φ((x − c_i)/s_i⁺) above (a split normal
/// whose quantiles at one level are the member's limits). Quantiles by bisection.
struct SplitNormalPool {
    let centres: [Double], lowerScale: [Double], upperScale: [Double], weights: [Double]

    func cdf(_ x: Double) -> Double {
        var p = 0.0
        for i in centres.indices {
            let d = x - centres[i]
            let s = d < 0 ? lowerScale[i] : upperScale[i]
            p += weights[i] * (s > 0 ? Normal.standard.cdf(d / s) : (d < 0 ? 0 : 1))
        }
        return p
    }

    /// The `p` quantile, known to lie in `bracket` (each member's own quantile does, so the pool's
    /// lies between the smallest and largest of them). 60 bisection steps.
    func quantile(_ p: Double, bracket: (Double, Double)) -> Double {
        var (a, b) = bracket
        if a > b { swap(&a, &b) }
        let width = b - a
        a -= 1e-9 * width; b += 1e-9 * width
        for _ in 0..<60 {
            let mid = (a + b) / 2
            if cdf(mid) < p { a = mid } else { b = mid }
        }
        return (a + b) / 2
    }
}
