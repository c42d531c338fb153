// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import SaferCity

/// Formatting of a fitted regression for `safercity fit` (values come from the Regression module).
struct FitReport {
    var modelName: String
    var seriesName: String
    var calendar: SeriesCalendar
    var n: Int
    var table: CoefficientTable
    var scalars: [(key: String, value: Double?)]      // JSON scalars in print order
    var fTest: FittedLinearModel.FTest?
    var diagnostics: [TestResult]
    var durbinWatson: Double?
    var forecast: Forecast?
    var effect: InterventionEffect?
    var cumulative: InterventionEffect? = nil
    /// ITS: (period, fitted, counterfactual) from the intervention to the end of the data.
    var counterfactualLine: [(period: String, fitted: Double, counterfactual: Double)] = []
    var notes: [String]

    static func make(spec: RegressionSpec, model: FitCommand.ModelName, hac: Bool, values: [Double], calendar: SeriesCalendar,
                     horizon: Int, levels: [Double], simulations: Int, seed: UInt64, name: String,
                     exposure: [Double]? = nil, futureExposure: [Double]? = nil) throws(RegressionError) -> FitReport {
        // A step and a ramp at the same period: interrupted time series.
        var itsPeriod: String? = nil
        for s in spec.interventions where s.kind == .step {
            if spec.interventions.contains(where: { $0.kind == .ramp && $0.period == s.period }) { itsPeriod = s.period }
        }
        var effect: InterventionEffect? = nil
        var cumulative: InterventionEffect? = nil
        var line: [(period: String, fitted: Double, counterfactual: Double)] = []
        var notes: [String] = []
        switch model {
        case .lm:
            let fit = try LinearModel(spec).fit(values, calendar: calendar)
            let estimator: CovarianceEstimator = hac ? .neweyWest(.sandwichDefault) : .classical
            let table = try fit.coefficientTable(covariance: estimator)
            if let d = itsPeriod {
                var base = spec
                base.interventions.removeAll { $0.period == d && ($0.kind == .step || $0.kind == .ramp) }
                let its = try InterruptedTimeSeries(base: base, interventionPeriod: d, model: .linear(estimator)).fit(values, calendar: calendar)
                effect = its.effect(at: values.count - 1)
                cumulative = its.cumulativeEffect()
                line = Self.line(its, calendar: calendar, n: values.count)
            }
            let order = calendar.frequency > 1 ? calendar.frequency : 1
            var diags = [fit.ljungBox(lag: min(2 * max(order, 6), values.count / 2 > 0 ? values.count / 2 : 1)),
                         fit.jarqueBera]
            if let bg = try? fit.breuschGodfrey(order: order) { diags.insert(bg, at: 1) }
            return FitReport(
                modelName: "lm", seriesName: name, calendar: calendar, n: values.count, table: table,
                scalars: [("sigma", fit.sigma), ("dfResidual", Double(fit.residualDegreesOfFreedom)), ("rSquared", fit.rSquared),
                          ("adjRSquared", fit.adjustedRSquared), ("logLikelihood", fit.logLikelihood), ("aic", fit.aic),
                          ("aicc", fit.aicc), ("bic", fit.bic)],
                fTest: fit.fTest, diagnostics: diags, durbinWatson: fit.durbinWatson,
                forecast: horizon > 0 ? try fit.forecast(horizon: horizon, levels: levels) : nil, effect: effect,
                cumulative: cumulative, counterfactualLine: line, notes: notes)
        case .poisson, .quasipoisson, .negbin:
            let family: CountModel.Family = model == .poisson ? .poisson : model == .quasipoisson ? .quasiPoisson : .negativeBinomial
            let fit = try CountModel(spec, family: family).fit(values, calendar: calendar, exposure: exposure)
            if let d = itsPeriod {
                var base = spec
                base.interventions.removeAll { $0.period == d && ($0.kind == .step || $0.kind == .ramp) }
                let its = try InterruptedTimeSeries(base: base, interventionPeriod: d, model: .count(family, covariance: hac ? .neweyWest(.sandwichDefault) : .classical)).fit(values, calendar: calendar, exposure: exposure)
                effect = its.effect(at: values.count - 1)
                cumulative = its.cumulativeEffect()
                line = Self.line(its, calendar: calendar, n: values.count)
            }
            if exposure != nil && futureExposure == nil && horizon > 0 {
                notes.append("forecasts are rates per unit exposure (the exposure file does not cover the horizon)")
            }
            var scalars: [(key: String, value: Double?)] = [
                ("dispersion", fit.dispersion), ("deviance", fit.deviance), ("nullDeviance", try fit.nullDeviance()),
                ("dfResidual", Double(fit.residualDegreesOfFreedom)),
                ("logLikelihood", fit.logLikelihood), ("aic", fit.aic), ("aicc", fit.aicc), ("bic", fit.bic)]
            if let th = fit.theta { scalars.insert(("theta", th), at: 1); scalars.insert(("thetaStdError", fit.thetaStandardError), at: 2) }
            return FitReport(
                modelName: family.rawValue, seriesName: name, calendar: calendar, n: values.count,
                table: try fit.coefficientTable(covariance: hac ? .neweyWest(.sandwichDefault) : .classical),
                scalars: scalars, fTest: nil, diagnostics: [], durbinWatson: nil,
                forecast: horizon > 0 ? try fit.forecast(horizon: horizon, levels: levels, exposure: futureExposure, simulations: simulations, seed: seed) : nil,
                effect: effect, cumulative: cumulative, counterfactualLine: line, notes: notes)
        }
    }

    static func line(_ its: FittedInterruptedTimeSeries, calendar: SeriesCalendar, n: Int) -> [(period: String, fitted: Double, counterfactual: Double)] {
        let cf = its.counterfactual
        return (its.start..<n).map { i in (calendar.label(at: i), its.effect(at: i).fitted, cf[i]) }
    }

    // MARK: JSON

    func json() -> String {
        let data = try! JSONSerialization.data(withJSONObject: jsonObject(), options: [.prettyPrinted, .sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }

    /// The same object on one line with a `key` member (`fit --by --format jsonl`); `key` is
    /// already-encoded JSON.
    func jsonLine(key: String) -> String {
        let data = try! JSONSerialization.data(withJSONObject: jsonObject(), options: [.sortedKeys])
        return "{\"key\":" + key + "," + String(decoding: data, as: UTF8.self).dropFirst()
    }

    private func jsonObject() -> [String: Any] {
        func num(_ v: Double?) -> Any { v.flatMap { $0.isFinite ? $0 : nil } ?? NSNull() }
        var o: [String: Any] = [
            "model": modelName, "series": seriesName, "n": n,
            "start": calendar.label(at: 0), "end": calendar.label(at: n - 1),
            "covariance": table.covariance,
            "coefficients": table.rows.map { r in
                ["term": r.term, "estimate": num(r.estimate), "stdError": num(r.standardError), "statistic": num(r.statistic),
                 "pValue": num(r.pValue), "lower95": num(r.lower), "upper95": num(r.upper)] as [String: Any]
            },
        ]
        for (k, v) in scalars { o[k] = num(v) }
        if let f = fTest {
            o["fTest"] = ["statistic": num(f.statistic), "df1": f.numeratorDegreesOfFreedom, "df2": f.denominatorDegreesOfFreedom, "pValue": num(f.pValue)]
        }
        if let dw = durbinWatson { o["durbinWatson"] = num(dw) }
        if !diagnostics.isEmpty {
            o["diagnostics"] = diagnostics.map { ["test": $0.name, "statistic": num($0.statistic), "df": $0.degreesOfFreedom, "pValue": num($0.pValue)] as [String: Any] }
        }
        if let fc = forecast {
            o["forecastMethod"] = fc.method
            o["forecast"] = fc.periods.indices.map { t -> [String: Any] in
                var lower: [String: Any] = [:], upper: [String: Any] = [:]
                for iv in fc.intervals {
                    let key = Self.levelKey(iv.level)
                    lower[key] = num(iv.lower[t]); upper[key] = num(iv.upper[t])
                }
                return ["period": fc.periods[t], "mean": num(fc.mean[t]), "lower": lower, "upper": upper]
            }
        } else {
            o["forecast"] = [Any]()
        }
        if let e = effect {
            o["interventionEffect"] = ["period": e.period, "periodsSinceStart": e.periodsSinceStart, "fitted": num(e.fitted),
                                       "counterfactual": num(e.counterfactual), "absolute": num(e.absolute),
                                       "absoluteLower95": num(e.absoluteLower), "absoluteUpper95": num(e.absoluteUpper),
                                       "percent": num(e.percent), "percentLower95": num(e.percentLower), "percentUpper95": num(e.percentUpper),
                                       "line": counterfactualLine.map { ["period": $0.period, "fitted": num($0.fitted), "counterfactual": num($0.counterfactual)] as [String: Any] }]
        }
        if let e = cumulative {
            o["cumulativeEffect"] = ["periods": e.period, "count": e.periodsSinceStart, "fitted": num(e.fitted),
                                     "counterfactual": num(e.counterfactual), "absolute": num(e.absolute),
                                     "absoluteLower95": num(e.absoluteLower), "absoluteUpper95": num(e.absoluteUpper),
                                     "percent": num(e.percent), "percentLower95": num(e.percentLower), "percentUpper95": num(e.percentUpper)]
        }
        if !notes.isEmpty { o["notes"] = notes }
        return o
    }

    static func levelKey(_ p: Double) -> String {
        p == p.rounded() ? String(Int(p)) : String(p)
    }

    // MARK: table (R-style)

    func summaryTable() -> String {
        var out = ""
        let periodName = calendar.start.frequency.description
        out += "Model: \(modelName)   Series: \(seriesName)   (\(periodName), \(calendar.label(at: 0)) … \(calendar.label(at: n - 1)), n = \(n))\n\n"
        let isT: Bool
        if case .studentT = table.referenceDistribution { isT = true } else { isT = false }
        out += "Coefficients (\(table.covariance) standard errors):\n"
        let w = max(12, (table.rows.map(\.term.count).max() ?? 0) + 1)
        let header = [isT ? "t value" : "z value", isT ? "Pr(>|t|)" : "Pr(>|z|)"]
        out += pad("", w) + lpad("Estimate", 12) + lpad("Std. Error", 12) + lpad(header[0], 9) + lpad(header[1], 10) + "\n"
        for r in table.rows {
            out += pad(r.term, w) + lpad(g(r.estimate), 12) + lpad(g(r.standardError), 12) + lpad(f(r.statistic, 3), 9)
                + lpad(pv(r.pValue), 10) + " " + stars(r.pValue) + "\n"
        }
        out += "---\nSignif. codes:  0 '***' 0.001 '**' 0.01 '*' 0.05 '.' 0.1 ' ' 1\n\n"
        let s = Dictionary(scalars.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
        if modelName == "lm" {
            out += "Residual standard error: \(g(s["sigma"]! ?? .nan)) on \(Int(s["dfResidual"]! ?? 0)) degrees of freedom\n"
            out += "Multiple R-squared:  \(f(s["rSquared"]! ?? .nan, 4)),\tAdjusted R-squared:  \(f(s["adjRSquared"]! ?? .nan, 4))\n"
            if let ft = fTest {
                out += "F-statistic: \(g(ft.statistic)) on \(ft.numeratorDegreesOfFreedom) and \(ft.denominatorDegreesOfFreedom) DF,  p-value: \(pv(ft.pValue))\n"
            }
        } else {
            if let th = s["theta"] ?? nil {
                out += "Theta: \(g(th))  (std. error \(g(s["thetaStdError"]! ?? .nan)))\n"
            }
            out += "(Dispersion parameter taken to be \(g(s["dispersion"]! ?? .nan)))\n"
            out += "    Null deviance: \(g(s["nullDeviance"]! ?? .nan)) on \(n - 1) degrees of freedom\n"
            out += "Residual deviance: \(g(s["deviance"]! ?? .nan)) on \(Int(s["dfResidual"]! ?? 0)) degrees of freedom\n"
        }
        if let ll = s["logLikelihood"] ?? nil {
            out += "Log-likelihood: \(g(ll))   AIC: \(g(s["aic"]! ?? .nan))   AICc: \(g(s["aicc"]! ?? .nan))   BIC: \(g(s["bic"]! ?? .nan))\n"
        }
        if let dw = durbinWatson { out += "\nResidual diagnostics:\n  Durbin-Watson: \(f(dw, 4))\n" }
        for d in diagnostics {
            out += "  \(d.name): \(g(d.statistic)) on \(d.degreesOfFreedom) df, p-value: \(pv(d.pValue))\n"
        }
        if let e = effect {
            out += "\nIntervention at \(calendar.label(at: n - 1 - e.periodsSinceStart)): effect at \(e.period) (\(e.periodsSinceStart) periods after)\n"
            out += "  fitted \(g(e.fitted)), counterfactual \(g(e.counterfactual))\n"
            out += "  absolute \(g(e.absolute))  95% CI [\(g(e.absoluteLower)), \(g(e.absoluteUpper))]\n"
            out += "  percent  \(f(e.percent, 2))%  95% CI [\(f(e.percentLower, 2))%, \(f(e.percentUpper, 2))%]\n"
        }
        if let e = cumulative {
            out += "Cumulative over \(e.period) (\(e.periodsSinceStart) periods): fitted \(g(e.fitted)), counterfactual \(g(e.counterfactual))\n"
            out += "  absolute \(g(e.absolute))  95% CI [\(g(e.absoluteLower)), \(g(e.absoluteUpper))]\n"
            out += "  percent  \(f(e.percent, 2))%  95% CI [\(f(e.percentLower, 2))%, \(f(e.percentUpper, 2))%]\n"
        }
        if let fc = forecast {
            out += "\nForecast (\(fc.method)):\n"
            out += pad("period", 10) + lpad("mean", 12)
            for iv in fc.intervals { out += lpad("lo\(Self.levelKey(iv.level))", 12) + lpad("hi\(Self.levelKey(iv.level))", 12) }
            out += "\n"
            for t in fc.periods.indices {
                out += pad(fc.periods[t], 10) + lpad(g(fc.mean[t]), 12)
                for iv in fc.intervals { out += lpad(g(iv.lower[t]), 12) + lpad(g(iv.upper[t]), 12) }
                out += "\n"
            }
        }
        for note in notes { out += "\nNote: \(note)\n" }
        return out
    }

    private func pad(_ s: String, _ w: Int) -> String { s + String(repeating: " ", count: max(0, w - s.count)) }
    private func lpad(_ s: String, _ w: Int) -> String { String(repeating: " ", count: max(0, w - s.count)) + s }
    private func g(_ v: Double) -> String { String(format: "%.6g", v) }
    private func f(_ v: Double, _ d: Int) -> String { String(format: "%.\(d)f", v) }
    private func pv(_ p: Double) -> String { p < 2.2e-16 ? "< 2e-16" : String(format: "%.3g", p) }
    private func stars(_ p: Double) -> String { p < 0.001 ? "***" : p < 0.01 ? "**" : p < 0.05 ? "*" : p < 0.1 ? "." : "" }
}
