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
    /// One effect summary per intervention date (every --intervention, any kind).
    var effects: [EffectSummary] = []
    /// Fitted values at the observations (for `--plot`).
    var fitted: [Double] = []
    var notes: [String]

    /// The effect of the intervention terms at one date: at the last observation (at the date
    /// itself for a pulse alone, whose effect is zero afterwards) and summed from the date to the
    /// end of the data, each against the counterfactual without those terms.
    struct EffectSummary {
        var period: String
        var kinds: [RegressionSpec.Intervention.Kind]
        var effect: InterventionEffect
        var cumulative: InterventionEffect
        /// (period, fitted, counterfactual) from the intervention to the end of the data.
        var line: [(period: String, fitted: Double, counterfactual: Double)]
        var isCount: Bool
        var terms: String { kinds.map { "\($0.rawValue)_\(period.replacingOccurrences(of: " ", with: "-"))" }.joined(separator: " + ") }
    }

    /// Refits the model as an `InterruptedTimeSeries` for each intervention date (the same model:
    /// the design's columns in another order) and takes its effects.
    static func effectSummaries(spec: RegressionSpec, model: InterruptedTimeSeries.Model, values: [Double], calendar: SeriesCalendar,
                                exposure: [Double]?) throws(RegressionError) -> [EffectSummary] {
        var dates: [(index: Int, label: String, kinds: [RegressionSpec.Intervention.Kind])] = []
        for iv in spec.interventions {
            let i = try calendar.index(of: iv.period)
            if let d = dates.firstIndex(where: { $0.index == i }) {
                if !dates[d].kinds.contains(iv.kind) { dates[d].kinds.append(iv.kind) }
            } else {
                dates.append((i, calendar.label(at: i), [iv.kind]))
            }
        }
        var out: [EffectSummary] = []
        for d in dates {
            var base = spec
            base.interventions.removeAll { (try? calendar.index(of: $0.period)) == d.index }
            let kinds = RegressionSpec.Intervention.Kind.allCases.filter { d.kinds.contains($0) }
            let its = try InterruptedTimeSeries(base: base, interventionPeriod: d.label, model: model, kinds: kinds)
                .fit(values, calendar: calendar, exposure: exposure)
            let at = kinds == [.pulse] ? its.start : values.count - 1
            let isCount: Bool
            if case .count = model { isCount = true } else { isCount = false }
            out.append(EffectSummary(period: d.label, kinds: kinds, effect: its.effect(at: at), cumulative: its.cumulativeEffect(),
                                     line: Self.line(its, calendar: calendar, n: values.count), isCount: isCount))
        }
        return out
    }

    static func make(spec: RegressionSpec, model: FitCommand.ModelName, hac: Bool, values: [Double], calendar: SeriesCalendar,
                     horizon: Int, levels: [Double], simulations: Int, seed: UInt64, name: String,
                     exposure: [Double]? = nil, futureExposure: [Double]? = nil) throws(RegressionError) -> FitReport {
        var notes: [String] = []
        let estimator: CovarianceEstimator = hac ? .neweyWest(.sandwichDefault) : .classical
        switch model {
        case .lm:
            let fit = try LinearModel(spec).fit(values, calendar: calendar)
            let table = try fit.coefficientTable(covariance: estimator)
            let effects = try effectSummaries(spec: spec, model: .linear(estimator), values: values, calendar: calendar, exposure: nil)
            let order = calendar.frequency > 1 ? calendar.frequency : 1
            var diags = [fit.ljungBox(lag: min(2 * max(order, 6), values.count / 2 > 0 ? values.count / 2 : 1)),
                         fit.jarqueBera]
            if let bg = try? fit.breuschGodfrey(order: order) { diags.insert(bg, at: 1) }
            if !hac, let note = autocorrelationNote(fit.durbinWatson, residuals: "residuals") { notes.append(note) }
            var report = FitReport(
                modelName: "lm", seriesName: name, calendar: calendar, n: values.count, table: table,
                scalars: [("sigma", fit.sigma), ("dfResidual", Double(fit.residualDegreesOfFreedom)), ("rSquared", fit.rSquared),
                          ("adjRSquared", fit.adjustedRSquared), ("logLikelihood", fit.logLikelihood), ("aic", fit.aic),
                          ("aicc", fit.aicc), ("bic", fit.bic)],
                fTest: fit.fTest, diagnostics: diags, durbinWatson: fit.durbinWatson,
                forecast: horizon > 0 ? try fit.forecast(horizon: horizon, levels: levels) : nil,
                effects: effects, notes: notes)
            report.fitted = fit.fitted
            return report
        case .poisson, .quasipoisson, .negbin:
            let family: CountModel.Family = model == .poisson ? .poisson : model == .quasipoisson ? .quasiPoisson : .negativeBinomial
            let fit = try CountModel(spec, family: family).fit(values, calendar: calendar, exposure: exposure)
            let effects = try effectSummaries(spec: spec, model: .count(family, covariance: estimator), values: values,
                                              calendar: calendar, exposure: exposure)
            if exposure != nil && futureExposure == nil && horizon > 0 {
                notes.append("forecasts are rates per unit exposure (the exposure file does not cover the horizon)")
            }
            if !hac, let note = autocorrelationNote(fit.durbinWatson, residuals: "Pearson residuals") { notes.append(note) }
            var scalars: [(key: String, value: Double?)] = [
                ("dispersion", fit.dispersion), ("deviance", fit.deviance), ("nullDeviance", try fit.nullDeviance()),
                ("dfResidual", Double(fit.residualDegreesOfFreedom)),
                ("logLikelihood", fit.logLikelihood), ("aic", fit.aic), ("aicc", fit.aicc), ("bic", fit.bic)]
            if let th = fit.theta { scalars.insert(("theta", th), at: 1); scalars.insert(("thetaStdError", fit.thetaStandardError), at: 2) }
            var report = FitReport(
                modelName: family.rawValue, seriesName: name, calendar: calendar, n: values.count,
                table: try fit.coefficientTable(covariance: estimator),
                scalars: scalars, fTest: nil, diagnostics: [], durbinWatson: fit.durbinWatson,
                forecast: horizon > 0 ? try fit.forecast(horizon: horizon, levels: levels, exposure: futureExposure, simulations: simulations, seed: seed) : nil,
                effects: effects, notes: notes)
            report.fitted = fit.fitted
            return report
        }
    }

    /// The warning printed when Durbin–Watson says the errors are autocorrelated and classical
    /// standard errors were used.
    static func autocorrelationNote(_ dw: Double, residuals: String) -> String? {
        guard ResidualDiagnostics.suggestsAutocorrelation(durbinWatson: dw) else { return nil }
        return String(format: "Durbin-Watson %.2f (far from 2): the %@ are autocorrelated (lag-1 correlation about %.2f), so these standard errors and intervals are too narrow; rerun with --hac for Newey-West standard errors.",
                      dw, residuals, 1 - dw / 2)
    }

    static func line(_ its: FittedInterruptedTimeSeries, calendar: SeriesCalendar, n: Int) -> [(period: String, fitted: Double, counterfactual: Double)] {
        let cf = its.counterfactual
        return (its.start..<n).map { i in (calendar.label(at: i), its.effect(at: i).fitted, cf[i]) }
    }

    // MARK: JSON

    func json() -> String {
        try! RecordText.jsonText(jsonObject())
    }

    /// The same object on one line with a `key` member (`fit --by --format jsonl`); `key` is
    /// already-encoded JSON.
    func jsonLine(key: String) -> String {
        "{\"key\":" + key + "," + (try! RecordText.jsonText(jsonObject(), pretty: false)).dropFirst()
    }

    private func jsonObject() -> [String: Any] {
        let num = RecordText.jsonSerializationValue
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
        func effectObject(_ e: InterventionEffect) -> [String: Any] {
            ["period": e.period, "periodsSinceStart": e.periodsSinceStart, "fitted": num(e.fitted),
             "counterfactual": num(e.counterfactual), "absolute": num(e.absolute),
             "absoluteLower95": num(e.absoluteLower), "absoluteUpper95": num(e.absoluteUpper),
             "percent": num(e.percent), "percentLower95": num(e.percentLower), "percentUpper95": num(e.percentUpper),
             "ratio": num(e.ratio), "ratioLower95": num(e.ratioLower), "ratioUpper95": num(e.ratioUpper)]
        }
        func cumulativeObject(_ e: InterventionEffect) -> [String: Any] {
            var c = effectObject(e)
            c["periods"] = e.period
            c["count"] = e.periodsSinceStart
            c["period"] = nil; c["periodsSinceStart"] = nil
            return c
        }
        if let first = effects.first {
            var e = effectObject(first.effect)
            e["line"] = first.line.map { ["period": $0.period, "fitted": num($0.fitted), "counterfactual": num($0.counterfactual)] as [String: Any] }
            o["interventionEffect"] = e
            o["cumulativeEffect"] = cumulativeObject(first.cumulative)
        }
        if !effects.isEmpty {
            o["interventionEffects"] = effects.map { s -> [String: Any] in
                ["intervention": s.period, "terms": s.terms, "effect": effectObject(s.effect), "cumulative": cumulativeObject(s.cumulative)]
            }
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
        for s in effects {
            let e = s.effect, c = s.cumulative
            out += "\nIntervention at \(s.period): effect at \(e.period) (\(e.periodsSinceStart) \(e.periodsSinceStart == 1 ? "period" : "periods") after)\n"
            out += "  terms \(s.terms)\n"
            // Effects are for people: grouped, with decimals suited to the fitted values.
            let d = NumberFormatting.decimals(for: [e.fitted, e.counterfactual])
            func n(_ v: Double) -> String { NumberFormatting.decimal(v, decimals: d) }
            out += "  fitted \(n(e.fitted)), counterfactual \(n(e.counterfactual))\n"
            out += "  absolute \(n(e.absolute))  95% CI [\(n(e.absoluteLower)), \(n(e.absoluteUpper))]\n"
            out += "  percent  \(f(e.percent, 2))%  95% CI [\(f(e.percentLower, 2))%, \(f(e.percentUpper, 2))%]\n"
            out += "  \(s.isCount ? "rate ratio" : "ratio to counterfactual") \(f(e.ratio, 3))  95% CI [\(f(e.ratioLower, 3)), \(f(e.ratioUpper, 3))]\n"
            let dc = NumberFormatting.decimals(for: [c.fitted, c.counterfactual])
            func nc(_ v: Double) -> String { NumberFormatting.decimal(v, decimals: dc) }
            out += "Cumulative over \(c.period) (\(NumberFormatting.count(c.periodsSinceStart, "period"))): fitted \(nc(c.fitted)), counterfactual \(nc(c.counterfactual))\n"
            out += "  absolute \(nc(c.absolute))  95% CI [\(nc(c.absoluteLower)), \(nc(c.absoluteUpper))]\n"
            out += "  percent  \(f(c.percent, 2))%  95% CI [\(f(c.percentLower, 2))%, \(f(c.percentUpper, 2))%]\n"
            out += "In words: \(Self.effectSentence(s))\n"
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

    /// "The intervention is associated with 23% fewer (95% CI 15% to 30% fewer) by 1984-12, about
    /// 6,800 fewer in total over the 23 periods since 1983-02."
    static func effectSentence(_ s: EffectSummary) -> String {
        let e = s.effect, c = s.cumulative
        // One number of decimals for the sentence, from the size of the effect.
        let d = abs(e.percent) < 10 ? 1 : 0
        func pct(_ v: Double) -> String { NumberFormatting.decimal(abs(v), decimals: d) + "%" }
        let down = e.percent < 0
        let word = down ? "lower" : "higher"
        var text: String
        if e.percentLower > 0 || e.percentUpper < 0 {
            let (near, far) = down ? (e.percentUpper, e.percentLower) : (e.percentLower, e.percentUpper)
            text = "at \(e.period) the series is \(pct(e.percent)) \(word) than it would have been without the intervention (95% CI \(pct(near)) to \(pct(far)) \(word))"
        } else {
            text = "no clear effect at \(e.period): \(NumberFormatting.signedPercent(e.percent, decimals: 1)), and the 95% CI (\(NumberFormatting.signedPercent(e.percentLower, decimals: 1)) to \(NumberFormatting.signedPercent(e.percentUpper, decimals: 1))) includes no change"
        }
        let n = c.periodsSinceStart
        if c.absoluteLower > 0 || c.absoluteUpper < 0 {
            let fewer = c.absolute < 0
            let (near, far) = fewer ? (c.absoluteUpper, c.absoluteLower) : (c.absoluteLower, c.absoluteUpper)
            text += "; over the \(n) \(n == 1 ? "period" : "periods") \(c.period) that is \(NumberFormatting.decimal(abs(c.absolute), decimals: 0)) \(fewer ? "fewer" : "more") in total (95% CI \(NumberFormatting.decimal(abs(near), decimals: 0)) to \(NumberFormatting.decimal(abs(far), decimals: 0)) \(fewer ? "fewer" : "more"))."
        } else {
            text += "; over the \(n) \(n == 1 ? "period" : "periods") \(c.period) the total differs by \(NumberFormatting.decimal(c.absolute, decimals: 0)) (95% CI \(NumberFormatting.decimal(c.absoluteLower, decimals: 0)) to \(NumberFormatting.decimal(c.absoluteUpper, decimals: 0)), including no change)."
        }
        return text.prefix(1).uppercased() + text.dropFirst()
    }

    private func pad(_ s: String, _ w: Int) -> String { s + String(repeating: " ", count: max(0, w - s.count)) }
    private func lpad(_ s: String, _ w: Int) -> String { String(repeating: " ", count: max(0, w - s.count)) + s }
    private func g(_ v: Double) -> String { String(format: "%.6g", v) }
    private func f(_ v: Double, _ d: Int) -> String { String(format: "%.\(d)f", v) }
    private func pv(_ p: Double) -> String { p < 2.2e-16 ? "< 2e-16" : String(format: "%.3g", p) }
    private func stars(_ p: Double) -> String { p < 0.001 ? "***" : p < 0.01 ? "**" : p < 0.05 ? "*" : p < 0.1 ? "." : "" }
}
