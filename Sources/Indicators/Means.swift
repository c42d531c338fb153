// SPDX-License-Identifier: GPL-3.0-or-later
import Distributions

/// Means with Student t confidence intervals.
///
///     x̄ ± t(1 − α/2; n − 1) · s/√n,   s² = Σ(xᵢ − x̄)²/(n − 1)
///
/// PHEindicatormethods `phe_mean`. Same as R `t.test(x)$conf.int` and scipy
/// `stats.t.interval`. Needs n ≥ 2. The estimate's `numerator` is n and `denominator` is
/// the standard error s/√n.
public enum Mean {
    /// - Complexity: O(n), two passes.
    public static func estimate(_ values: [Double], level: ConfidenceLevel = .p95) throws(IndicatorsError) -> IndicatorEstimate {
        guard values.count >= 2 else { throw .notEnoughData(required: 2, got: values.count, statistic: "mean with t interval") }
        for (i, v) in values.enumerated() where !v.isFinite {
            throw .malformedField(path: "(values)", line: i + 1, field: "value", value: "\(v)", expected: "a finite number")
        }
        let n = Double(values.count)
        let m = values.reduce(0, +) / n
        let ss = values.reduce(0) { $0 + ($1 - m) * ($1 - m) }
        let se = (ss / (n - 1)).squareRoot() / n.squareRoot()
        let t = studentTQuantile(level.upperTail, degreesOfFreedom: n - 1)
        return IndicatorEstimate(value: m, interval: ConfidenceInterval(level: level, lower: m - t * se, upper: m + t * se),
                                 method: .studentT, numerator: n, denominator: se, multiplier: 1)
    }
}
