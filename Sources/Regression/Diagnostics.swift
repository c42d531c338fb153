// SPDX-License-Identifier: GPL-3.0-or-later
import Distributions
import Foundation
import LinearAlgebra

/// A test statistic with its reference distribution's degrees of freedom and p-value.
public struct TestResult: Sendable, Equatable {
    public let name: String
    public let statistic: Double
    public let degreesOfFreedom: Int
    public let pValue: Double
}

/// Residual diagnostics for regression fits.
public enum ResidualDiagnostics {
    /// Durbin–Watson d = Σ(eₜ − eₜ₋₁)² / Σeₜ² (the statistic of `lmtest::dwtest`; no p-value: the
    /// exact null distribution depends on X, which `dwtest` integrates with the Pan algorithm).
    public static func durbinWatson(_ residuals: [Double]) -> Double {
        precondition(residuals.count >= 2, "Durbin-Watson needs at least 2 residuals")
        var num = 0.0, den = residuals[0] * residuals[0]
        for t in 1..<residuals.count {
            let d = residuals[t] - residuals[t - 1]
            num += d * d
            den += residuals[t] * residuals[t]
        }
        return num / den
    }

    /// Whether a Durbin–Watson statistic says the residuals are autocorrelated, by the usual rule
    /// of thumb d < 1.5 or d > 2.5 (d ≈ 2(1 − r₁), so the lag-1 autocorrelation r₁ is beyond about
    /// ±0.25). A rule, not a test: `lmtest::dwtest` gives an exact p-value; this flags the cases where
    /// classical standard errors are clearly too narrow and Newey–West (`--hac`) should be used.
    public static func suggestsAutocorrelation(durbinWatson d: Double) -> Bool {
        d.isFinite && (d < 1.5 || d > 2.5)
    }

    /// Ljung–Box Q = n(n+2) Σₖ₌₁ʰ r̂ₖ²/(n−k) on mean-centred values, χ² with h − fitdf degrees of
    /// freedom (Ljung & Box 1978, DOI 10.1093/biomet/65.2.297), as `Box.test(type = "Ljung-Box")`.
    public static func ljungBox(_ x: [Double], lag h: Int, fittedParameters fitdf: Int = 0) -> TestResult {
        let n = x.count
        precondition(h >= 1 && h < n, "Ljung-Box lag must be in 1..<n")
        precondition(fitdf >= 0 && fitdf < h, "fitdf must be in 0..<lag")
        let mean = x.reduce(0, +) / Double(n)
        let c = x.map { $0 - mean }
        var c0 = 0.0
        for v in c { c0 += v * v }
        var q = 0.0
        for k in 1...h {
            var s = 0.0
            for t in 0..<(n - k) { s += c[t] * c[t + k] }
            let r = s / c0
            q += r * r / Double(n - k)
        }
        q *= Double(n) * Double(n + 2)
        let df = h - fitdf
        return TestResult(name: "Ljung-Box", statistic: q, degreesOfFreedom: df,
                          pValue: ChiSquared(degreesOfFreedom: Double(df)).survival(q))
    }

    /// Jarque–Bera n/6·(S² + (K − 3)²/4) with moment estimators (divisor n) of skewness S and
    /// kurtosis K, χ²(2) (Jarque & Bera 1980, DOI 10.1016/0165-1765(80)90024-5; as `tseries::jarque.bera.test`).
    public static func jarqueBera(_ x: [Double]) -> TestResult {
        let n = Double(x.count)
        let mean = x.reduce(0, +) / n
        var m2 = 0.0, m3 = 0.0, m4 = 0.0
        for v in x {
            let d = v - mean, d2 = d * d
            m2 += d2; m3 += d2 * d; m4 += d2 * d2
        }
        m2 /= n; m3 /= n; m4 /= n
        let s = m3 / pow(m2, 1.5), k = m4 / (m2 * m2)
        let jb = n / 6 * (s * s + (k - 3) * (k - 3) / 4)
        return TestResult(name: "Jarque-Bera", statistic: jb, degreesOfFreedom: 2,
                          pValue: ChiSquared(degreesOfFreedom: 2).survival(jb))
    }
}

extension FittedLinearModel {
    /// Breusch–Godfrey LM test for serial correlation up to `order`, as `lmtest::bgtest(type = "Chisq")`:
    /// regress the residuals on X and their lags 1…order (missing initial lags filled with 0);
    /// statistic n·Σŷ²/Σe², χ²(order). (Breusch 1978, DOI 10.1111/j.1467-8454.1978.tb00635.x;
    /// Godfrey 1978, DOI 10.2307/1913829.)
    public func breuschGodfrey(order: Int) throws(RegressionError) -> TestResult {
        precondition(order >= 1, "Breusch-Godfrey order must be ≥ 1")
        let n = observations, p = parameters, e = residuals
        // Checked before the lag columns are filled: a lag ≥ n has no rows (l..<n would trap).
        guard n > p + order else { throw .tooFewObservations(observations: n, parameters: p + order) }
        var aux = Matrix(rows: n, columns: p + order)
        aux.storage.replaceSubrange(0..<(n * p), with: design.matrix.storage)
        for l in 1...order {
            for t in l..<n { aux[t, p + l - 1] = e[t - l] }
        }
        let fit: LeastSquaresFit
        do { fit = try LeastSquares.fit(aux, e) } catch { throw .numerical("Breusch-Godfrey auxiliary regression: \(error)") }
        var num = 0.0, den = 0.0
        for t in 0..<n { num += fit.fitted[t] * fit.fitted[t]; den += e[t] * e[t] }
        let bg = Double(n) * num / den
        return TestResult(name: "Breusch-Godfrey", statistic: bg, degreesOfFreedom: order,
                          pValue: ChiSquared(degreesOfFreedom: Double(order)).survival(bg))
    }

    /// Durbin–Watson statistic of the residuals.
    public var durbinWatson: Double { ResidualDiagnostics.durbinWatson(residuals) }
    /// Ljung–Box on the residuals (fitdf 0, as `Box.test` default).
    public func ljungBox(lag: Int) -> TestResult { ResidualDiagnostics.ljungBox(residuals, lag: lag) }
    /// Jarque–Bera on the residuals.
    public var jarqueBera: TestResult { ResidualDiagnostics.jarqueBera(residuals) }
}
