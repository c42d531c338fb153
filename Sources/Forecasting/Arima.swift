// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import LinearAlgebra

/// Orders (p, d, q) of an ARIMA model or of its seasonal part (P, D, Q).
public struct ArimaOrder: Sendable, Hashable, CustomStringConvertible {
    public var p: Int
    public var d: Int
    public var q: Int
    public init(_ p: Int, _ d: Int, _ q: Int) {
        precondition(p >= 0 && d >= 0 && q >= 0, "ARIMA orders must be non-negative, got (\(p),\(d),\(q))")
        self.p = p
        self.d = d
        self.q = q
    }
    public var description: String { "(\(p),\(d),\(q))" }
}

/// A seasonal ARIMA(p,d,q)(P,D,Q)[m] model estimated as R's `forecast::Arima` (which calls
/// `stats::arima`), Box & Jenkins (1976, *Time Series Analysis: Forecasting and Control*):
///
///     φ(B) Φ(B^m) (1 − B)^d (1 − B^m)^D (y_t − μ − δt) = θ(B) Θ(B^m) ε_t,   ε_t ~ N(0, σ²)
///
/// with φ(B) = 1 − φ₁B − … − φ_pB^p, θ(B) = 1 + θ₁B + … + θ_qB^q, and the seasonal Φ, Θ alike.
/// μ (`intercept`) is included when d + D = 0 and `includeMean`; δ (`drift`, a regression on
/// t = 1…n, forecast's addition) when `includeDrift` and d + D ≤ 1 (with d + D > 1 R warns and
/// drops it; so do we).
///
/// Estimation follows R step for step (see docs/ARIMA.md): regression starting values by least
/// squares on the differenced series (rotated by the SVD when there are two regressors); for
/// `.cssML` (R's default) a conditional-sum-of-squares fit by BFGS gives the starting values, an
/// AR part that is not stationary then stops the fit as in R; the exact likelihood by the Kalman
/// filter (Gardner et al. 1980 initial covariance, differences in the state with κ = 1e6) is
/// maximised by R's BFGS (`optim`, numerical gradient, parscale) over the Jones (1980)
/// reparametrisation of the AR parts; non-invertible MA parts are inverted; the covariance of the
/// estimates is the inverse of R's finite-difference Hessian (`optimHess`) through the Jacobian of
/// the transformation.
///
/// Reported as forecast::Arima: σ² = Σe²/(n* − k) with n* = n − d − mD and k the number of
/// estimated coefficients, AIC = −2 log L + 2(k + 1), AICc and BIC on n*.
public struct Arima: ForecastModelSpec {
    /// Estimation method, R's `method` argument.
    public enum Method: String, Sendable, CaseIterable {
        /// Conditional sum of squares for starting values, then maximum likelihood (R's default).
        case cssML = "CSS-ML"
        /// Maximum likelihood from zero starting values.
        case ml = "ML"
        /// Conditional sum of squares only (no likelihood-based AIC).
        case css = "CSS"
    }

    public var order: ArimaOrder
    /// Seasonal orders (P, D, Q); ignored (as R) when the fit's period is 1.
    public var seasonal: ArimaOrder
    /// Include a mean when the model has no differencing (R's `include.mean`, default true).
    public var includeMean: Bool
    /// Include a linear drift (forecast's `include.drift`), allowed when d + D ≤ 1.
    public var includeDrift: Bool
    public var method: Method
    /// Test hook: least-squares starting values and standard errors of the regression
    /// coefficients to use instead of our own least squares (e.g. R's `lm` values, to show that a
    /// difference from R comes only from rounding in that first step).
    var regressionStart: (coefficients: [Double], standardErrors: [Double])? = nil

    public init(order: ArimaOrder, seasonal: ArimaOrder = ArimaOrder(0, 0, 0), includeMean: Bool = true,
                includeDrift: Bool = false, method: Method = .cssML) {
        self.order = order
        self.seasonal = seasonal
        self.includeMean = includeMean
        self.includeDrift = includeDrift
        self.method = method
    }

    public func fit(_ y: [Double], period: Int) throws(ForecastingError) -> FittedArima {
        try validateFinite(y)
        let m = max(1, period)
        let seasonal = m > 1 ? self.seasonal : ArimaOrder(0, 0, 0)
        let n = y.count
        let differencesUsed = order.d + seasonal.d * m
        let label = arimaLabel(order, seasonal, m)
        guard n > differencesUsed else {
            throw .tooShort(model: label, needed: differencesUsed + 1, got: n)
        }
        // A lag polynomial longer than the series has nothing to estimate from, and its state
        // (size ≈ the largest lag, squared, per step) can run to gigabytes: MA(5)[1000] on 48 values.
        let largestLag = max(order.p + seasonal.p * m, order.q + seasonal.q * m)
        guard largestLag < n else {
            throw .tooShort(model: label, needed: largestLag + 1, got: n)
        }
        let drift = includeDrift && order.d + seasonal.d <= 1
        let arma = ArmaLayout(p: order.p, q: order.q, sp: seasonal.p, sq: seasonal.q, period: m,
                              d: order.d, sd: seasonal.d)
        var names: [String] = [], columns: [[Double]] = []
        if includeMean && order.d + seasonal.d == 0 {
            names.append("intercept")
            columns.append([Double](repeating: 1, count: n))
        }
        if drift {
            names.append("drift")
            columns.append((1...n).map(Double.init))
        }
        do {
            return try ArimaEstimation.run(y: y, arma: arma, xregNames: names, xreg: columns, method: method,
                                           label: label, includeDrift: drift, regressionStart: regressionStart)
        } catch let e as ForecastingError {
            throw e
        } catch {
            throw .estimationFailed(model: label, reason: "\(error)")
        }
    }
}

/// "ARIMA(p,d,q)(P,D,Q)[m]" as forecast's `arima.string` (seasonal part only when m > 1 and
/// P + D + Q > 0).
func arimaLabel(_ o: ArimaOrder, _ s: ArimaOrder, _ m: Int) -> String {
    var r = "ARIMA(\(o.p),\(o.d),\(o.q))"
    if m > 1 && s.p + s.d + s.q > 0 { r += "(\(s.p),\(s.d),\(s.q))[\(m)]" }
    return r
}

/// A fitted ARIMA model (R's `Arima`/`forecast_ARIMA` object).
public struct FittedArima: FittedForecastModel {
    public let order: ArimaOrder
    public let seasonal: ArimaOrder
    public let period: Int
    public let estimation: Arima.Method
    /// Coefficient names as R: ar1…, ma1…, sar1…, sma1…, intercept, drift.
    public let coefficientNames: [String]
    public let coefficients: [Double]
    /// R's `var.coef`: covariance of the estimates from the inverse finite-difference Hessian,
    /// row-major k×k in `coefficientNames` order (empty when nothing was estimated).
    public let covariance: [[Double]]
    /// forecast::Arima's σ² = Σ residuals² / (n* − k) (stats::arima's is `likelihoodSigma2`).
    public internal(set) var sigma2: Double
    /// stats::arima's σ² (the Kalman-filter innovation variance, or the CSS mean square).
    public let likelihoodSigma2: Double
    /// Gaussian log-likelihood (for `.css`, R's CSS-based value).
    public let loglik: Double
    var aicValue: Double?
    var aiccValue: Double?
    var bicValue: Double?
    /// Observations used by the likelihood, n − d − mD (R's `nobs`).
    public let observationsUsed: Int
    /// optim's convergence code of the final optimisation (0 = converged, 1 = iteration limit).
    public let convergence: Int
    public let y: [Double]
    public let residuals: [Double]
    public let hasDrift: Bool
    var stateSpace: ArimaStateSpace
    let arma: ArmaLayout

    public var method: String {
        var s = arimaLabel(order, seasonal, period)
        if hasDrift {
            s += " with drift"
        } else if coefficientNames.contains("intercept") {
            s += " with non-zero mean"
        } else if order.d == 0 && seasonal.d == 0 {
            s += " with zero mean"
        }
        return s
    }
    public var fitted: [Double] { zip(y, residuals).map { $0 - $1 } }
    public var logLikelihood: Double? { loglik }
    public var aic: Double? { aicValue }
    public var aicc: Double? { aiccValue }
    public var bic: Double? { bicValue }
    /// Standard errors √diag(var.coef) (NaN where the Hessian gives a negative variance, as R).
    public var standardErrors: [Double] { covariance.indices.map { covariance[$0][$0].squareRoot() } }
    public var parameterTable: [(name: String, value: Double)] {
        Array(zip(coefficientNames, coefficients)) + [("sigma2", sigma2)]
    }
    /// The coefficient called `name`, if the model has it.
    public func coefficient(_ name: String) -> Double? {
        coefficientNames.firstIndex(of: name).map { coefficients[$0] }
    }

    /// forecast.Arima: Kalman predictions from the filtered end state (R's `KalmanForecast`) plus
    /// the regression part, normal intervals mean ± z·√(v_h σ²).
    public func forecast(horizon h: Int, levels: [Double]) throws(ForecastingError) -> Forecast {
        validateForecastArguments(horizon: h, levels: levels)
        let (pred, variance) = stateSpace.forecast(horizon: h)
        let n = Double(y.count)
        let intercept = coefficient("intercept") ?? 0
        let drift = coefficient("drift") ?? 0
        let mean = (0..<h).map { pred[$0] + intercept + drift * (n + Double($0 + 1)) }
        let se = variance.map { ($0 * sigma2).squareRoot() }
        let intervals = levels.map { level -> PredictionInterval in
            let z = normalMultiplier(level: level)
            return PredictionInterval(level: level, lower: (0..<h).map { mean[$0] - z * se[$0] },
                                      upper: (0..<h).map { mean[$0] + z * se[$0] })
        }
        return Forecast(method: method, mean: mean, intervals: intervals)
    }

    init(order: ArimaOrder, seasonal: ArimaOrder, period: Int, estimation: Arima.Method,
         coefficientNames: [String], coefficients: [Double], covariance: [[Double]], sigma2: Double,
         likelihoodSigma2: Double, loglik: Double, aic: Double?, aicc: Double?, bic: Double?,
         observationsUsed: Int, convergence: Int, y: [Double], residuals: [Double], hasDrift: Bool,
         stateSpace: ArimaStateSpace, arma: ArmaLayout) {
        self.order = order
        self.seasonal = seasonal
        self.period = period
        self.estimation = estimation
        self.coefficientNames = coefficientNames
        self.coefficients = coefficients
        self.covariance = covariance
        self.sigma2 = sigma2
        self.likelihoodSigma2 = likelihoodSigma2
        self.loglik = loglik
        aicValue = aic
        aiccValue = aicc
        bicValue = bic
        self.observationsUsed = observationsUsed
        self.convergence = convergence
        self.y = y
        self.residuals = residuals
        self.hasDrift = hasDrift
        self.stateSpace = stateSpace
        self.arma = arma
    }
}

/// The body of R's `stats::arima` (no missing values, no fixed coefficients) followed by
/// forecast::Arima's σ², AICc and BIC.
enum ArimaEstimation {
    static let kappa = 1e6

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// R's `arCheck`: true when every root of 1 − φ₁z − … − φ_pz^p lies outside the unit circle
    /// (equivalently, the reversed polynomial has all roots inside: Schur–Cohn, see
    /// `rootsStrictlyInside`).
    static func arCheck(_ ar: ArraySlice<Double>) -> Bool {
        let a = Array(ar)
        var p = 0
        for i in 0..<a.count where a[i] != 0 { p = i + 1 }
        if p == 0 { return true }
        var c = [Double](repeating: 0, count: p + 1)
        c[p] = 1
        for k in 0..<p { c[k] = -a[p - 1 - k] }
        return rootsStrictlyInside(c, radius: 1)
    }

    /// R's `maInvert`: reflect the roots of 1 + θ₁z + … + θ_qz^q that lie inside the unit circle.
    static func maInvert(_ ma: [Double]) -> [Double] {
        let q = ma.count
        var q0 = 0
        for i in 0..<q where ma[i] != 0 { q0 = i + 1 }
        if q0 == 0 { return ma }
        var roots = polynomialRoots([1] + ma[0..<q0])
        let inside = roots.map { $0.modulus < 1 }
        if !inside.contains(true) { return ma }
        if q0 == 1 { return [1 / ma[0]] + [Double](repeating: 0, count: q - q0) }
        for i in roots.indices where inside[i] { roots[i] = ComplexNumber(1) / roots[i] }
        var x = [ComplexNumber(1)]
        for r in roots {
            let a = x + [ComplexNumber(0)]
            let b = [ComplexNumber(0)] + x
            x = (0..<a.count).map { a[$0] - b[$0] / r }
        }
        return x.dropFirst().map(\.re) + [Double](repeating: 0, count: q - q0)
    }

    // swiftlint:disable:next function_body_length
    static func run(y x0: [Double], arma: ArmaLayout, xregNames: [String], xreg xregColumns: [[Double]],
                    method: Arima.Method, label: String, includeDrift: Bool,
                    regressionStart regressionStartOverride: (coefficients: [Double], standardErrors: [Double])? = nil) throws -> FittedArima {
        let n = x0.count
        let narma = arma.count
        let delta = arimaDelta(d: arma.d, sd: arma.sd, period: arma.period)
        var ncxreg = xregColumns.count
        var nUsed = n - delta.count
        var xreg = xregColumns  // columns
        let origXreg = ncxreg <= 1
        var svdV: [[Double]] = []  // row-major k×k
        var init0 = [Double](repeating: 0, count: narma)
        var parscale = [Double](repeating: 1, count: narma)
        if ncxreg > 0 {
            let start = try regressionStart(x0, arma: arma, xreg: xreg)
            xreg = start.xreg
            svdV = start.rotation
            init0 += regressionStartOverride?.coefficients ?? start.coefficients
            parscale += (regressionStartOverride?.standardErrors ?? start.standardErrors).map { 10 * $0 }
        }
        if nUsed <= 0 { throw Failure(description: "too few non-missing observations") }
        nUsed = n - delta.count
        var ncond = 0
        if method == .css || method == .cssML {
            ncond = arma.d + arma.sd * arma.period + arma.p + arma.period * arma.sp
        }
        let npar = narma + ncxreg
        let noOptim = npar == 0
        let transformPars = !noOptim

        let xregMatrix = Matrix(columns: xreg)
        func regressed(_ par: [Double]) -> [Double] {
            guard ncxreg > 0 else { return x0 }
            // x − xreg %*% β (BLAS dgemv, as R's %*%).
            let fitted = xregMatrix.multiply(Array(par[narma..<(narma + ncxreg)]))
            var x = x0
            for i in 0..<n { x[i] -= fitted[i] }
            return x
        }
        func armaCSS(_ par: [Double]) -> Double {
            let tr = arimaTransPars(par, arma, transform: false)
            let res = arimaCSS(regressed(par), arma, phi: tr.phi, theta: tr.theta, ncond: ncond)
            return 0.5 * log(res.sigma2)
        }

        var coef: [Double]
        var value: Double
        var convergence = 0
        var covariance: [[Double]] = []
        var likelihoodSigma2: Double
        var residuals: [Double]
        var mod: ArimaStateSpace
        if method == .css {
            let optim = ROptim(fn: armaCSS, parscale: parscale)
            if noOptim {
                coef = []
                value = armaCSS([])
            } else {
                let res = try optim.bfgs(init0)
                coef = res.par
                value = res.value
                convergence = res.convergence
                let h = try optim.hessian(coef)
                covariance = try invertScaled(h, by: Double(nUsed))
            }
            let tr = arimaTransPars(coef, arma, transform: false)
            mod = ArimaStateSpace(phi: tr.phi, theta: tr.theta, delta: delta, kappa: kappa)
            let xa = regressed(coef)
            _ = mod.likelihood(xa, wantResiduals: false)
            let val = arimaCSS(xa, arma, phi: tr.phi, theta: tr.theta, ncond: ncond)
            likelihoodSigma2 = val.sigma2
            residuals = val.residuals
        } else {
            var initial = init0
            if method == .cssML {
                if !noOptim {
                    let res = try ROptim(fn: armaCSS, parscale: parscale).bfgs(initial)
                    if res.convergence == 0 { initial = res.par }
                }
                if arma.p > 0 && !arCheck(initial[0..<arma.p]) {
                    throw ForecastingError.estimationFailed(model: label, reason: "non-stationary AR part from CSS")
                }
                let v = arma.p + arma.q
                if arma.sp > 0 && !arCheck(initial[v..<(v + arma.sp)]) {
                    throw ForecastingError.estimationFailed(model: label, reason: "non-stationary seasonal AR part from CSS")
                }
                ncond = 0
            }
            func invertMA(_ c: inout [Double]) {
                if arma.q > 0 {
                    c.replaceSubrange(arma.p..<(arma.p + arma.q), with: maInvert(Array(c[arma.p..<(arma.p + arma.q)])))
                }
                if arma.sq > 0 {
                    let s = arma.p + arma.q + arma.sp
                    c.replaceSubrange(s..<(s + arma.sq), with: maInvert(Array(c[s..<(s + arma.sq)])))
                }
            }
            if transformPars {
                initial = arimaInvTrans(initial, arma)
                invertMA(&initial)
            }
            let tr0 = arimaTransPars(initial, arma, transform: transformPars)
            let template = ArimaStateSpace(phi: tr0.phi, theta: tr0.theta, delta: delta, kappa: kappa)
            let trans = transformPars
            let q0Memo = ArimaQ0Memo()
            let armafn: ([Double]) -> Double = { par in
                let tr = arimaTransPars(par, arma, transform: trans)
                var z = template.updated(phi: tr.phi, theta: tr.theta, template: template, memo: q0Memo)
                let res = z.likelihood(regressed(par), wantResiduals: false)
                let s2 = res.ssq / Double(res.nu)
                return 0.5 * (log(s2) + res.sumlog / Double(res.nu))
            }
            var hessian: [[Double]] = []
            let optim = ROptim(fn: armafn, parscale: parscale)
            if noOptim {
                coef = []
                value = armafn([])
            } else {
                let res = try optim.bfgs(initial)
                coef = res.par
                value = res.value
                convergence = res.convergence
                hessian = try optim.hessian(coef)
            }
            if transformPars {
                let before = coef
                invertMA(&coef)
                if coef != before {
                    // optim(coef, armafn, maxit = 0, hessian = TRUE): value and Hessian at the
                    // inverted point.
                    let res = try optim.bfgs(coef, maxit: 0)
                    value = res.value
                    coef = res.par
                    hessian = try optim.hessian(coef)
                }
                // var = crossprod(A, solve(H·n, A)) with LAPACK dgesv and BLAS dgemm, as R.
                let a = Matrix(rows: npar, columns: npar, columnMajor: arimaGradTrans(coef, arma))
                let hn = Matrix(rows: hessian.map { $0.map { $0 * Double(nUsed) } })
                let solved = try Matrix.solve(hn, a)
                var cov = Matrix(rows: npar, columns: npar)
                Matrix.gemm(a, transposeA: true, solved, into: &cov)
                covariance = (0..<npar).map { i in (0..<npar).map { j in cov[i, j] } }
                coef = arimaUndoPars(coef, arma)
            } else if !noOptim {
                covariance = try invertScaled(hessian, by: Double(nUsed))
            }
            let tr = arimaTransPars(coef, arma, transform: false)
            mod = ArimaStateSpace(phi: tr.phi, theta: tr.theta, delta: delta, kappa: kappa)
            let val = mod.likelihood(regressed(coef), wantResiduals: true)
            likelihoodSigma2 = val.ssq / Double(nUsed)
            residuals = val.residuals
        }
        let twoN = Double(nUsed)
        let minus2LogL = 2 * twoN * value + twoN + twoN * log(2 * Double.pi)
        let aic: Double? = method == .css ? nil : minus2LogL + 2 * Double(npar) + 2
        if ncxreg > 0 && !origXreg {
            // coef[xreg] ← V coef[xreg]; var ← A var Aᵀ with A = diag(I, V).
            let v = Matrix(rows: svdV)
            coef.replaceSubrange(narma..<(narma + ncxreg), with: v.multiply(Array(coef[narma..<(narma + ncxreg)])))
            if !covariance.isEmpty {
                var a = Matrix(rows: npar, columns: npar)
                for i in 0..<narma { a.storage[i + i * npar] = 1 }
                for i in 0..<ncxreg { for j in 0..<ncxreg { a.storage[(narma + i) + (narma + j) * npar] = svdV[i][j] } }
                var at = Matrix(rows: npar, columns: npar)
                for i in 0..<npar { for j in 0..<npar { at.storage[i + j * npar] = a.storage[j + i * npar] } }
                let rotated = (a * Matrix(rows: covariance)) * at
                covariance = (0..<npar).map { i in (0..<npar).map { j in rotated[i, j] } }
            }
        }
        var names: [String] = []
        names += (0..<arma.p).map { "ar\($0 + 1)" }
        names += (0..<arma.q).map { "ma\($0 + 1)" }
        names += (0..<arma.sp).map { "sar\($0 + 1)" }
        names += (0..<arma.sq).map { "sma\($0 + 1)" }
        names += xregNames
        ncxreg = xregNames.count

        // forecast::Arima: σ², AICc, BIC on n* = n − d − mD with k + 1 parameters.
        let k = npar + 1
        let nstar = Double(n - arma.d - arma.sd * arma.period)
        var ssr = 0.0
        for r in residuals where !r.isNaN { ssr += r * r }
        let sigma2 = ssr / (nstar - Double(k) + 1)
        let aicc = aic.map { $0 + 2 * Double(k) * (nstar / (nstar - Double(k) - 1) - 1) }
        let bic = aic.map { $0 + Double(k) * (log(nstar) - 2) }
        return FittedArima(
            order: ArimaOrder(arma.p, arma.d, arma.q), seasonal: ArimaOrder(arma.sp, arma.sd, arma.sq),
            period: arma.period, estimation: method, coefficientNames: names, coefficients: coef,
            covariance: covariance, sigma2: sigma2, likelihoodSigma2: likelihoodSigma2, loglik: -0.5 * minus2LogL,
            aic: aic, aicc: aicc, bic: bic, observationsUsed: nUsed, convergence: convergence, y: x0,
            residuals: residuals, hasDrift: includeDrift, stateSpace: mod, arma: arma)
    }

    /// stats::arima's regression starting values: with two or more regressors the columns are
    /// rotated by their SVD (xreg·V); then `lm(dx ~ dxreg - 1)` on the differenced series (or on
    /// the undifferenced one when that has rank 0), giving the start and the standard errors
    /// (parscale = 10·se). Returns the (possibly rotated) columns and V (row-major, empty if none).
    static func regressionStart(_ x0: [Double], arma: ArmaLayout, xreg columns: [[Double]]) throws
        -> (xreg: [[Double]], rotation: [[Double]], coefficients: [Double], standardErrors: [Double])
    {
        let n = x0.count, ncxreg = columns.count
        var xreg = columns
        var svdV: [[Double]] = []
        if ncxreg > 1 {
            let s = try SingularValueDecomposition(Matrix(columns: xreg))
            // V = vtᵀ; xreg ← xreg·V (BLAS dgemm, as R's %*%).
            svdV = (0..<ncxreg).map { i in (0..<ncxreg).map { j in s.vt[j, i] } }
            let rotated = Matrix(columns: xreg) * Matrix(rows: svdV)
            xreg = (0..<ncxreg).map { j in Array(rotated.storage[(j * n)..<((j + 1) * n)]) }
        }
        func difference(_ v: [Double]) -> [Double] {
            var w = v
            for _ in 0..<arma.d { w = w.count > 1 ? (1..<w.count).map { w[$0] - w[$0 - 1] } : [] }
            if arma.period > 1 {
                for _ in 0..<arma.sd {
                    let m = arma.period
                    w = w.count > m ? (m..<w.count).map { w[$0] - w[$0 - m] } : []
                }
            }
            return w
        }
        let dx = difference(x0)
        let dxreg = xreg.map(difference)
        // lm(dx ~ dxreg - 1), else lm(x ~ xreg - 1): R's LINPACK least squares, bit for bit.
        var fit: LinpackLeastSquares? = nil
        if dx.count > ncxreg {
            let f = LinpackLeastSquares(Matrix(columns: dxreg), dx)
            if f.rank > 0 { fit = f }
        }
        let final = fit ?? LinpackLeastSquares(Matrix(columns: xreg), x0)
        return (xreg, svdV, final.coefficients, final.standardErrors)
    }

    /// solve(H · n) as R (LU, `dgesv`), row-major in and out.
    static func invertScaled(_ h: [[Double]], by n: Double) throws -> [[Double]] {
        let k = h.count
        let a = Matrix(rows: h.map { $0.map { $0 * n } })
        let inv = try Matrix.solve(a, Matrix.identity(k))
        return (0..<k).map { i in (0..<k).map { j in inv[i, j] } }
    }
}
