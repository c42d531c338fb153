// SPDX-License-Identifier: GPL-3.0-or-later
import ForecastCore
import Distributions
import Foundation
import LinearAlgebra

/// An unfitted linear model y = Xβ + ε for a regularly spaced series: a ``RegressionSpec`` and
/// nothing else. ``fit(_:calendar:)`` gives a ``FittedLinearModel``.
///
/// Least squares is ``LinearAlgebra/LeastSquares`` (pivoted QR with refinement; polynomial trends
/// use the doubled-precision powers), so estimates agree with R's `lm` to about 1e-12 relative on
/// well-conditioned designs and stay accurate where `lm` loses digits.
public struct LinearModel: Sendable, Equatable {
    public var spec: RegressionSpec
    public init(_ spec: RegressionSpec) { self.spec = spec }

    /// Fits by least squares.
    ///
    /// - Throws: ``RegressionError/constantResponse(value:)`` for a constant series,
    ///   ``RegressionError/tooFewObservations(observations:parameters:)`` when n ≤ p (no residual
    ///   degrees of freedom), ``RegressionError/collinearTerms(_:)`` naming the aliased columns (R
    ///   would report them as NA; here the analyst is asked to drop them), non-finite values.
    /// - Complexity: O(n·p²).
    public func fit(_ y: [Double], calendar: SeriesCalendar) throws(RegressionError) -> FittedLinearModel {
        let n = y.count
        for i in 0..<n where !y[i].isFinite { throw .nonFiniteValue(index: i, column: nil) }
        let design = try spec.design(calendar: calendar, rows: 0..<n, observations: n)
        let p = design.columns
        guard n > p else { throw .tooFewObservations(observations: n, parameters: p) }
        if let first = y.first, y.allSatisfy({ $0 == first }) { throw .constantResponse(value: first) }
        let ls = try LinearFitCore.leastSquares(design, y)
        return FittedLinearModel(spec: spec, calendar: calendar, y: y, design: design, ls: ls)
    }
}

enum LinearFitCore {
    static func leastSquares(_ design: DesignMatrix, _ y: [Double]) throws(RegressionError) -> LeastSquaresFit {
        let ls: LeastSquaresFit
        do {
            ls = try LeastSquares.fit(design.matrix, y, designCorrection: design.correction)
        } catch {
            switch error {
            case .tooFewObservations(let n, let p): throw .tooFewObservations(observations: n, parameters: p)
            case .nonFiniteInput(let r, let c): throw .nonFiniteValue(index: r, column: c < design.columns ? design.names[c] : nil)
            default: throw .numerical("\(error)")
            }
        }
        if ls.rank < design.columns {
            throw .collinearTerms(design.names.indices.filter { ls.aliased[$0] }.map { design.names[$0] })
        }
        return ls
    }
}

/// A fitted linear model: the R `summary.lm` quantities, robust covariances, diagnostics and forecasts.
public struct FittedLinearModel: Sendable {
    public let spec: RegressionSpec
    public let calendar: SeriesCalendar
    public let y: [Double]
    public let design: DesignMatrix
    let ls: LeastSquaresFit

    init(spec: RegressionSpec, calendar: SeriesCalendar, y: [Double], design: DesignMatrix, ls: LeastSquaresFit) {
        self.spec = spec
        self.calendar = calendar
        self.y = y
        self.design = design
        self.ls = ls
    }

    public var observations: Int { y.count }
    public var parameters: Int { design.columns }
    public var terms: [String] { design.names }
    public var coefficients: [Double] { ls.coefficients }
    public var residuals: [Double] { ls.residuals }
    public var fitted: [Double] { ls.fitted }
    public var residualDegreesOfFreedom: Int { observations - parameters }
    public var residualSumOfSquares: Double { ls.residualSumOfSquares }
    /// σ̂ = √(RSS/(n − p)) ("Residual standard error").
    public var sigma: Double { ls.sigma }
    /// (XᵀX)⁻¹.
    public var unscaledCovariance: Matrix { ls.unscaledCovariance }

    /// R² (centred when the model has an intercept, uncentred otherwise, as `summary.lm`).
    public var rSquared: Double { ls.rSquared(centered: design.hasIntercept) }
    /// 1 − (1 − R²)(n − i)/(n − p), i = 1 with an intercept.
    public var adjustedRSquared: Double {
        let i = design.hasIntercept ? 1.0 : 0.0
        return 1 - (1 - rSquared) * (Double(observations) - i) / Double(residualDegreesOfFreedom)
    }

    /// The overall F test against the intercept-only model (or the zero model without intercept).
    public struct FTest: Sendable, Equatable {
        public let statistic: Double
        public let numeratorDegreesOfFreedom: Int
        public let denominatorDegreesOfFreedom: Int
        public let pValue: Double
    }
    /// nil when the model is the intercept alone.
    public var fTest: FTest? {
        let df1 = parameters - (design.hasIntercept ? 1 : 0)
        guard df1 > 0 else { return nil }
        let df2 = residualDegreesOfFreedom
        let tss = design.hasIntercept ? ls.totalSumOfSquaresCentered : ls.totalSumOfSquaresUncentered
        let f = ((tss - residualSumOfSquares) / Double(df1)) / (residualSumOfSquares / Double(df2))
        return FTest(statistic: f, numeratorDegreesOfFreedom: df1, denominatorDegreesOfFreedom: df2,
                     pValue: FDistribution(numeratorDegreesOfFreedom: Double(df1), denominatorDegreesOfFreedom: Double(df2)).survival(f))
    }

    /// Gaussian log-likelihood at the ML variance RSS/n, as R's `logLik.lm`:
    /// −n/2 · (log 2π + 1 − log n + log RSS).
    public var logLikelihood: Double {
        let n = Double(observations)
        return -0.5 * n * (log(2 * Double.pi) + 1 - log(n) + log(residualSumOfSquares))
    }
    /// Number of estimated parameters in the likelihood: p coefficients + σ.
    public var likelihoodParameters: Int { parameters + 1 }
    public var aic: Double { -2 * logLikelihood + 2 * Double(likelihoodParameters) }
    /// AIC + 2k(k+1)/(n − k − 1), k = p + 1 (Hurvich & Tsai 1989, DOI 10.1093/biomet/76.2.297; as `forecast`).
    public var aicc: Double {
        let k = Double(likelihoodParameters), n = Double(observations)
        return aic + 2 * k * (k + 1) / (n - k - 1)
    }
    public var bic: Double { -2 * logLikelihood + log(Double(observations)) * Double(likelihoodParameters) }

    /// Leverages hᵢ (diagonal of the hat matrix, R's `hatvalues`).
    public var leverage: [Double] { Algebra.leverages(design.matrix, ls.unscaledCovariance) }

    /// Cook's distances eᵢ²hᵢ / (p σ̂² (1 − hᵢ)²), as R's `cooks.distance`.
    public var cooksDistance: [Double] {
        let h = leverage, s2 = sigma * sigma, p = Double(parameters)
        return residuals.indices.map { i in
            let e = residuals[i]
            return e * e * h[i] / (p * s2 * (1 - h[i]) * (1 - h[i]))
        }
    }

    /// Estimating functions uᵢ = xᵢeᵢ (n×p), as `sandwich::estfun.lm`.
    var estimatingFunctions: Matrix {
        var u = design.matrix
        let n = observations
        for j in 0..<parameters { for i in 0..<n { u.storage[i + j * n] *= residuals[i] } }
        return u
    }

    /// The lag the Newey–West estimator uses with these options.
    public func neweyWestLag(_ options: NeweyWestOptions) throws(RegressionError) -> Int {
        try HAC.lag(options, u: estimatingFunctions, interceptColumn: design.hasIntercept ? 0 : nil)
    }

    /// The coefficient covariance matrix.
    /// - Complexity: classical/HC O(n·p²); Newey–West O(n·p²·L).
    public func covariance(_ estimator: CovarianceEstimator = .classical) throws(RegressionError) -> Matrix {
        let bread = ls.unscaledCovariance
        switch estimator {
        case .classical:
            return ls.covariance
        case .hc(let type):
            let h = type == .hc2 || type == .hc3 ? leverage : []
            return Algebra.sandwich(bread, type.meat(design.matrix, scores: residuals, leverages: h, parameters: parameters))
        case .neweyWest(let options):
            let u = estimatingFunctions
            let lag = try HAC.lag(options, u: u, interceptColumn: design.hasIntercept ? 0 : nil)
            let meat = try HAC.meat(u: u, lag: lag, prewhite: options.prewhite, adjust: options.adjust)
            return Algebra.sandwich(bread, meat)
        }
    }

    /// The coefficient table with standard errors from `estimator`; t with n − p degrees of freedom
    /// (as `summary.lm` and `lmtest::coeftest` with a sandwich covariance).
    public func coefficientTable(covariance estimator: CovarianceEstimator = .classical,
                                 level: Double = 0.95) throws(RegressionError) -> CoefficientTable {
        var label = estimator.label
        if case .neweyWest(let o) = estimator { label = "Newey-West (lag \(try neweyWestLag(o))\(o.prewhite ? ", VAR(1) prewhitened" : ""))" }
        return CoefficientTable(terms: terms, estimates: coefficients, covariance: try covariance(estimator),
                                reference: .studentT(degreesOfFreedom: residualDegreesOfFreedom), level: level, label: label)
    }

    /// Point forecasts and prediction intervals ŷ ± t_{n−p, (1+level)/2} · σ̂ √(1 + xᵀ(XᵀX)⁻¹x), as
    /// `predict.lm(interval = "prediction")`. User regressors must supply values for the horizon.
    /// - Parameter levels: prediction-interval levels in percent (as R's `level = c(80, 95)`).
    public func forecast(horizon: Int, levels: [Double] = [80, 95]) throws(RegressionError) -> Forecast {
        precondition(horizon >= 0, "forecast horizon must be ≥ 0")
        let n = observations
        let x = try spec.design(calendar: calendar, rows: n..<(n + horizon), observations: n).matrix
        let mean = (0..<horizon).map { Algebra.rowDot(x, $0, coefficients) }
        let h = Algebra.leverages(x, ls.unscaledCovariance)
        let reference = ReferenceDistribution.studentT(degreesOfFreedom: residualDegreesOfFreedom)
        let intervals = levels.map { level in
            precondition(level > 0 && level < 100, "prediction level must lie in (0, 100) percent")
            let c = reference.criticalValue(level: level / 100)
            let half = (0..<horizon).map { c * sigma * (1 + h[$0]).squareRoot() }
            return PredictionInterval(level: level, lower: zip(mean, half).map { $0 - $1 }, upper: zip(mean, half).map { $0 + $1 })
        }
        return Forecast(method: "linear model, t prediction intervals", mean: mean, intervals: intervals,
                        periods: (n..<(n + horizon)).map(calendar.period(at:)))
    }
}


