// SPDX-License-Identifier: GPL-3.0-or-later
import Distributions
import Foundation
import LinearAlgebra

/// The standard Theta method (Assimakopoulos & Nikolopoulos 2000, IJF 16(4) 521–530,
/// DOI 10.1016/S0169-2070(00)00066-2), in the form of Hyndman & Billah (2003, IJF 19(2) 287–290,
/// DOI 10.1016/S0169-2070(01)00143-1): simple exponential smoothing plus a drift of half the
/// least-squares slope, exactly as R forecast's `thetaf`.
///
/// 1. Seasonality test (m > 1, n > 2m, series not constant): |r_m| / √((1 + 2Σ_{k<m} r_k²)/n) >
///    z_{0.95}, r_k the sample autocorrelations. If seasonal, divide by the classical
///    multiplicative seasonal indices (unless one is below 1e-4).
/// 2. SES by ETS(A,N,N) minimising the in-sample MSE; b = slope of y on 0…n−1, halved.
/// 3. ŷ_{n+h} = ℓ_n + b·(h − 1 + (1 − (1 − α)^n)/α), re-seasonalised with the last m indices.
/// 4. Interval: ŷ ± z·σ̂·√(1 + (h − 1)α²), σ̂² the SES innovation variance (on the adjusted scale,
///    as R).
public struct Theta: ForecastModelSpec {
    public init() {}

    public func fit(_ y: [Double], period m: Int) throws(ForecastingError) -> FittedTheta {
        try validateFinite(y)
        let n = y.count
        guard n >= 3 else { throw .tooShort(model: "Theta", needed: 3, got: n) }
        var seasonal = false
        let constant = y.allSatisfy { $0 == y[0] }
        if m > 1 && !constant && n > 2 * m {
            let r = autocorrelations(y, maxLag: m)
            var s = 0.0
            for k in 1..<m { s += r[k] * r[k] }
            let stat = ((1 + 2 * s) / Double(n)).squareRoot()
            seasonal = abs(r[m]) / stat > Normal.standard.quantile(0.95)
        }
        var x = y
        var indices: [Double]? = nil
        if seasonal {
            let d = try ClassicalDecomposition(y, period: m, kind: .multiplicative)
            // R's thetaf falls back to non-seasonal Theta when an index is (near) zero; an index
            // that is not finite (a mostly-zero count series: 0/0 in the ratio to the trend) makes
            // R stop with "missing value where TRUE/FALSE needed" — here it takes the same
            // non-seasonal fallback instead of passing NaN on to SES.
            if d.seasonal.allSatisfy({ $0.isFinite && abs($0) >= 1e-4 }) {
                x = d.seasonallyAdjusted
                indices = d.seasonal
            }
        }
        // SES as R's ses(): ets(x, "ANN", opt.crit = "mse"), or, when x is too short for that
        // (n ≤ 6), R's HoltWintersZZ fallback: SES by minimum SSE.
        var ses = try ETS("ANN")
        ses.criterion = .mse
        let level: Double, sigma2: Double, initialLevel: Double, sesAlpha: Double
        var fitted: [Double]
        do {
            let fit = try ses.fit(x, period: 1)
            level = try fit.forecast(horizon: 1, levels: []).mean[0]
            sigma2 = fit.sigma2
            initialLevel = fit.initialState[0]
            sesAlpha = fit.parameters.alpha
            fitted = fit.fitted
        } catch .tooShort {
            let hw = SESBySSE(x)
            level = hw.lastLevel
            sigma2 = hw.sigma2
            initialLevel = hw.initialLevel
            sesAlpha = hw.alpha
            fitted = hw.fitted
        }
        let slope = LeastSquares.line(x: (0..<n).map(Double.init), y: x[...]).slope / 2
        let alpha = max(1e-10, sesAlpha)
        if let indices { fitted = zip(fitted, indices).map { $0 * $1 } }
        return FittedTheta(y: y, period: m, sesLevel: level, sigma2: sigma2, initialLevel: initialLevel,
                           alpha: alpha, drift: slope, seasonalIndices: indices, fitted: fitted)
    }
}

/// Sample autocorrelations r_0…r_maxLag (divisor n, mean removed), as R's `acf`.
func autocorrelations(_ y: [Double], maxLag: Int) -> [Double] {
    let n = y.count
    let mu = mean(y)
    var c0 = 0.0
    for v in y { c0 += (v - mu) * (v - mu) }
    return (0...maxLag).map { k in
        var s = 0.0
        for t in 0..<(n - k) { s += (y[t] - mu) * (y[t + k] - mu) }
        return s / c0
    }
}

public struct FittedTheta: FittedForecastModel {
    public let y: [Double]
    public let period: Int
    /// Final level of the SES fit on the (seasonally adjusted) series (its flat forecast).
    public let sesLevel: Double
    /// σ² of the SES fit (R `fit$model$sigma2`).
    public let sigma2: Double
    /// Initial level ℓ₀ of the SES fit.
    public let initialLevel: Double
    public let alpha: Double
    /// Half the least-squares slope (R `fit$model$drift`).
    public let drift: Double
    /// Multiplicative seasonal indices per observation, when the seasonality test was significant.
    public let seasonalIndices: [Double]?
    public let fitted: [Double]
    public var method: String { "Theta" }
    public var residuals: [Double] { zip(y, fitted).map { $0 - $1 } }
    public var isSeasonal: Bool { seasonalIndices != nil }
    public var parameterTable: [(name: String, value: Double)] {
        [("alpha", alpha), ("drift", drift), ("l", initialLevel), ("sigma2", sigma2)]
    }

    public func forecast(horizon h: Int, levels: [Double]) throws(ForecastingError) -> Forecast {
        validateForecastArguments(horizon: h, levels: levels)
        let n = Double(y.count)
        var mean = (0..<h).map { i in sesLevel + drift * (Double(i) + (1 - pow(1 - alpha, n)) / alpha) }
        if let s = seasonalIndices {
            let lastCycle = Array(s.suffix(period))
            mean = (0..<h).map { mean[$0] * lastCycle[$0 % period] }
        }
        let sd = sigma2.squareRoot()
        let se = (0..<h).map { sd * (Double($0) * alpha * alpha + 1).squareRoot() }
        let intervals = levels.map { level -> PredictionInterval in
            let z = -Normal.standard.quantile(0.5 - level / 200)
            return PredictionInterval(level: level, lower: zip(mean, se).map { $0 - z * $1 },
                                      upper: zip(mean, se).map { $0 + z * $1 })
        }
        return Forecast(method: method, mean: mean, intervals: intervals)
    }
}
