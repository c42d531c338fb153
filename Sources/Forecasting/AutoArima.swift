// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

/// Automatic ARIMA order selection as R's `forecast::auto.arima(y)` with its defaults
/// (Hyndman & Khandakar 2008, "Automatic time series forecasting: the forecast package for R",
/// JSS 27(3), DOI 10.18637/jss.v027.i03), the stepwise search only:
///
/// 1. D = `nsdiffs(y)` (seasonal-strength test, threshold 0.64; 0 when m = 1 or n ≤ 2m), then
///    d = `ndiffs` (KPSS at 5 %, at most 2) on the seasonally differenced series.
/// 2. Maximum orders p, q ≤ 5 and P, Q ≤ 2, each at most ⌊n/3⌋ (⌊n/3m⌋ for P, Q); p, q ≤ m − 1
///    when a seasonal AR / MA part is possible.
/// 3. With `approximation` (R's default n > 150 or m > 12) candidates are fitted by CSS and
///    ranked by offset + n*·log σ̂²_CSS + 2k, offset = −2 log L − n log σ̂² of ARIMA(0,d,0)(0,D,0).
/// 4. Start from ARIMA(2,d,2)(1,D,1) (with drift if d + D = 1, with mean if d + D = 0), the null
///    model, (1,d,0)(1,D,0), (0,d,1)(0,D,1) and the null model without constant; then move to the
///    first neighbour that lowers the AICc (P, Q ± 1 alone and together, then p, q ± 1 alone and
///    together, then the constant toggled), in R's order, until none does or 94 models were fitted.
/// 5. A candidate is rejected (IC = ∞) when it fails to fit, has an AR or MA root of modulus < 1.01
///    (R: `polyroot`; here the Schur–Cohn test on the reversed polynomial, the same question), or a
///    NaN standard error.
/// 6. With approximation, the candidates are refitted exactly (CSS-ML) in order of their
///    approximate IC and the first that fits is returned.
///
/// The returned model reports what R's `auto.arima` reports: σ² = Σe²/(n* − k), AICc in the
/// form 2k(k + 1)/(n* − k − 1) of forecast's `myarima`.
///
/// Not ported: `stepwise = FALSE`, `xreg`, `lambda`, the unit-root test choices, and R's special
/// fits for a series that is constant (before or after differencing) with a fixed mean or drift —
/// those throw `invalidSpecification`.
public struct AutoArima: ForecastModelSpec {
    public enum InformationCriterion: String, Sendable, CaseIterable { case aicc, aic, bic }

    public var maxP = 5, maxQ = 5, maxSeasonalP = 2, maxSeasonalQ = 2
    public var maxD = 2, maxSeasonalD = 1
    public var startP = 2, startQ = 2, startSeasonalP = 1, startSeasonalQ = 1
    /// Fixed numbers of differences (nil: chosen by `ndiffs` / `nsdiffs`).
    public var d: Int? = nil
    public var seasonalD: Int? = nil
    /// Allow seasonal models (R's `seasonal`).
    public var seasonal = true
    public var ic: InformationCriterion = .aicc
    /// CSS approximation during the search; nil = R's default (n > 150 or m > 12).
    public var approximation: Bool? = nil
    public var allowDrift = true
    public var allowMean = true
    /// Limit on the number of models the stepwise search fits (R's `nmodels`).
    public var maxModels = 94

    public init() {}

    /// One model the search fitted, with its information criterion (∞ when rejected).
    public struct Candidate: Sendable, Equatable {
        public let order: ArimaOrder
        public let seasonal: ArimaOrder
        public let constant: Bool
        public let criterion: Double
    }

    public func fit(_ y: [Double], period: Int) throws(ForecastingError) -> FittedArima {
        try search(y, period: period).model
    }

    /// The search: the chosen model and every candidate in the order fitted.
    public func search(_ x: [Double], period: Int) throws(ForecastingError) -> (model: FittedArima, candidates: [Candidate]) {
        try validateFinite(x)
        let serieslength = x.count
        guard serieslength > 0 else { throw .tooShort(model: "auto.arima", needed: 1, got: 0) }
        if isConstantAsR(x) {
            throw .invalidSpecification("auto.arima: the series is constant (R fits ARIMA(0,0,0) with a fixed mean; not ported)")
        }
        var ic = self.ic
        let m = seasonal ? max(1, period) : 1
        var maxp = min(maxP, serieslength / 3), maxq = min(maxQ, serieslength / 3)
        var maxSP = min(maxSeasonalP, serieslength / 3 / m), maxSQ = min(maxSeasonalQ, serieslength / 3 / m)
        if serieslength <= 3 { ic = .aic }
        var D: Int
        if m == 1 {
            D = 0
            maxSP = 0
            maxSQ = 0
        } else if let fixed = seasonalD {
            D = fixed
        } else if x.count <= 2 * m {
            D = 0
        } else {
            D = try nsdiffs(x, period: m, test: .seas, maxD: maxSeasonalD)
            if D > 0 && x.count <= D * m { D -= 1 }
        }
        var dx = x
        for _ in 0..<D { dx = dx.count > m ? (m..<dx.count).map { dx[$0] - dx[$0 - m] } : [] }
        var d: Int
        if let fixed = self.d {
            d = fixed
        } else {
            d = dx.isEmpty ? 0 : try ndiffs(dx, alpha: 0.05, test: .kpss, maxD: maxD)
            if d > 0 && dx.count <= d { d -= 1 }
        }
        for _ in 0..<d { dx = dx.count > 1 ? (1..<dx.count).map { dx[$0] - dx[$0 - 1] } : [] }
        guard !dx.isEmpty else { throw .tooShort(model: "auto.arima", needed: d + D * m + 1, got: x.count) }
        if isConstantAsR(dx) {
            // R's special cases without a fixed constant are ordinary fits; the others are not ported.
            if D > 0 && d > 0 {
                return (try Arima(order: ArimaOrder(0, d, 0), seasonal: ArimaOrder(0, D, 0)).fit(x, period: m), [])
            } else if D == 0 && d == 2 {
                return (try Arima(order: ArimaOrder(0, d, 0)).fit(x, period: m), [])
            }
            throw .invalidSpecification("auto.arima: the differenced series is constant (R fits a fixed mean or drift; not ported)")
        }
        if m > 1 {
            if maxSP > 0 { maxp = min(maxp, m - 1) }
            if maxSQ > 0 { maxq = min(maxq, m - 1) }
        }
        let approximate = approximation ?? (x.count > 150 || m > 12)
        var offset = 0.0
        if approximate {
            let spec = Arima(order: ArimaOrder(0, d, 0), seasonal: ArimaOrder(0, D, 0))
            if let f = try? spec.fit(x, period: m) {
                offset = -2 * f.loglik - Double(serieslength) * log(f.likelihoodSigma2)
            }
        }
        let allowdrift = allowDrift && d + D == 1
        let allowmean = allowMean && d + D == 0
        var constant = allowdrift || allowmean

        let search = StepwiseSearch(x: x, period: m, d: d, D: D, ic: ic, offset: offset)
        var results: [Candidate] = []
        var fits: [FittedArima?] = []
        func fitModel(_ p: Int, _ q: Int, _ sp: Int, _ sq: Int, _ c: Bool, approximation: Bool) -> (FittedArima?, Double) {
            search.myarima(ArimaOrder(p, d, q), ArimaOrder(sp, D, sq), constant: c, approximation: approximation)
        }
        func record(_ p: Int, _ q: Int, _ sp: Int, _ sq: Int, _ c: Bool, _ r: (FittedArima?, Double)) {
            results.append(Candidate(order: ArimaOrder(p, d, q), seasonal: ArimaOrder(sp, D, sq), constant: c, criterion: r.1))
            fits.append(r.0)
        }
        func isNew(_ p: Int, _ q: Int, _ sp: Int, _ sq: Int, _ c: Bool) -> Bool {
            !results.contains { $0.order.p == p && $0.order.q == q && $0.seasonal.p == sp && $0.seasonal.q == sq && $0.constant == c }
        }

        var startp = startP, startq = startQ, startP = startSeasonalP, startQ = startSeasonalQ
        if x.count < 10 {
            startp = min(startp, 1)
            startq = min(startq, 1)
            startP = 0
            startQ = 0
        }
        var p = min(startp, maxp), q = min(startq, maxq), P = min(startP, maxSP), Q = min(startQ, maxSQ)
        var best = fitModel(p, q, P, Q, constant, approximation: approximate)
        record(p, q, P, Q, constant, best)
        var fit = fitModel(0, 0, 0, 0, constant, approximation: approximate)
        record(0, 0, 0, 0, constant, fit)
        if fit.1 < best.1 {
            best = fit
            p = 0; q = 0; P = 0; Q = 0
        }
        var k = 2
        if maxp > 0 || maxSP > 0 {
            let np = maxp > 0 ? 1 : 0, nP = (m > 1 && maxSP > 0) ? 1 : 0
            fit = fitModel(np, 0, nP, 0, constant, approximation: approximate)
            record(np, 0, nP, 0, constant, fit)
            if fit.1 < best.1 {
                best = fit
                p = np; P = nP; q = 0; Q = 0
            }
            k += 1
        }
        if maxq > 0 || maxSQ > 0 {
            let nq = maxq > 0 ? 1 : 0, nQ = (m > 1 && maxSQ > 0) ? 1 : 0
            fit = fitModel(0, nq, 0, nQ, constant, approximation: approximate)
            record(0, nq, 0, nQ, constant, fit)
            if fit.1 < best.1 {
                best = fit
                p = 0; P = 0; Q = nQ; q = nq
            }
            k += 1
        }
        if constant {
            fit = fitModel(0, 0, 0, 0, false, approximation: approximate)
            record(0, 0, 0, 0, false, fit)
            if fit.1 < best.1 {
                best = fit
                p = 0; q = 0; P = 0; Q = 0
            }
            k += 1
        }
        let nmodels = maxModels
        var startk = 0
        search: while startk < k && k < nmodels {
            startk = k
            // R's neighbour order; (p, q, P, Q, constant) of each, with its admissibility.
            var neighbours: [(Int, Int, Int, Int, Bool, Bool)] = [
                (p, q, P - 1, Q, constant, P > 0),
                (p, q, P, Q - 1, constant, Q > 0),
                (p, q, P + 1, Q, constant, P < maxSP),
                (p, q, P, Q + 1, constant, Q < maxSQ),
                (p, q, P - 1, Q - 1, constant, Q > 0 && P > 0),
                (p, q, P - 1, Q + 1, constant, Q < maxSQ && P > 0),
                (p, q, P + 1, Q - 1, constant, Q > 0 && P < maxSP),
                (p, q, P + 1, Q + 1, constant, Q < maxSQ && P < maxSP),
                (p - 1, q, P, Q, constant, p > 0),
                (p, q - 1, P, Q, constant, q > 0),
                (p + 1, q, P, Q, constant, p < maxp),
                (p, q + 1, P, Q, constant, q < maxq),
                (p - 1, q - 1, P, Q, constant, q > 0 && p > 0),
                (p - 1, q + 1, P, Q, constant, q < maxq && p > 0),
                (p + 1, q - 1, P, Q, constant, q > 0 && p < maxp),
                (p + 1, q + 1, P, Q, constant, q < maxq && p < maxp),
            ]
            if allowdrift || allowmean { neighbours.append((p, q, P, Q, !constant, true)) }
            for (np, nq, nP, nQ, nc, admissible) in neighbours where admissible && isNew(np, nq, nP, nQ, nc) {
                k += 1
                if k > nmodels { break search }
                fit = fitModel(np, nq, nP, nQ, nc, approximation: approximate)
                record(np, nq, nP, nQ, nc, fit)
                if fit.1 < best.1 {
                    best = fit
                    p = np; q = nq; P = nP; Q = nQ; constant = nc
                    continue search
                }
            }
        }
        if approximate && best.0 != nil {
            // Refit without approximation in order of the approximate criterion (stable, as R's order()).
            let order = results.indices.sorted { (results[$0].criterion, $0) < (results[$1].criterion, $1) }
            for i in order {
                let c = results[i]
                let r = search.myarima(c.order, c.seasonal, constant: c.constant, approximation: false)
                if r.1 < .infinity {
                    best = r
                    break
                }
            }
        }
        guard let model = best.0, best.1 < .infinity else {
            throw .estimationFailed(model: "auto.arima", reason: "No suitable ARIMA model found")
        }
        return (model, results)
    }
}

/// forecast's `myarima`: one candidate of the search, with R's acceptance checks.
struct StepwiseSearch {
    let x: [Double]
    let period: Int
    let d: Int
    let D: Int
    let ic: AutoArima.InformationCriterion
    let offset: Double

    func myarima(_ order: ArimaOrder, _ seasonal: ArimaOrder, constant: Bool, approximation: Bool) -> (FittedArima?, Double) {
        let diffs = order.d + seasonal.d
        let spec = Arima(order: order, seasonal: seasonal, includeMean: constant,
                         includeDrift: diffs == 1 && constant, method: approximation ? .css : .cssML)
        guard var fit = try? spec.fit(x, period: period) else { return (nil, .infinity) }
        let nstar = Double(x.count - order.d - seasonal.d * period)
        let npar = Double(fit.coefficients.count + 1)
        var aic = fit.aicValue
        if approximation {
            aic = offset + nstar * log(fit.likelihoodSigma2) + 2 * npar
        }
        var criterion = Double.infinity
        if let aic, !aic.isNaN {
            let bic = aic + npar * (log(nstar) - 2)
            let aicc = aic + 2 * npar * (npar + 1) / (nstar - npar - 1)
            fit.aicValue = aic
            fit.bicValue = bic
            fit.aiccValue = aicc
            switch ic {
            case .aicc: criterion = aicc
            case .aic: criterion = aic
            case .bic: criterion = bic
            }
        } else {
            fit.aicValue = .infinity
            fit.bicValue = .infinity
            fit.aiccValue = .infinity
        }
        // Roots of the expanded AR and MA polynomials must lie outside |z| = 1.01.
        let tr = arimaTransPars(fit.coefficients, fit.arma, transform: false)
        if order.p + seasonal.p > 0 && !Self.rootsOutside(tr.phi.map { -$0 }) { criterion = .infinity }
        if order.q + seasonal.q > 0 && criterion < .infinity && !Self.rootsOutside(tr.theta) { criterion = .infinity }
        // forecast's checkarima: a NaN standard error rejects the model.
        if fit.standardErrors.contains(where: \.isNaN) { criterion = .infinity }
        return (fit, criterion)
    }

    /// True when every root of 1 + c₁z + … + c_kz^k (trailing |c| ≤ 1e-8 dropped, as R) has
    /// modulus ≥ 1.01: the reversed polynomial then has every root within 1/1.01.
    static func rootsOutside(_ c: [Double]) -> Bool {
        var last = 0
        for i in c.indices where abs(c[i]) > 1e-8 { last = i + 1 }
        if last == 0 { return true }
        var rev = [Double](repeating: 0, count: last + 1)
        rev[last] = 1
        for k in 0..<last { rev[k] = c[last - 1 - k] }
        return rootsStrictlyInside(rev, radius: 1 / 1.01)
    }
}
