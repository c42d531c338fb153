// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Indicators
import Outcomes
import SeriesData

// The report's and the console's renderings of OutcomeIndicators and PriorProjection.

extension AssessmentRun {
    /// The funnel chart of an outcome, when its source has counts and denominators.
    func funnelChart(_ a: OutcomeAssessment) -> String? {
        guard let ind = a.indicators, let f = ind.funnel, let p = ind.period else { return nil }
        let bench = a.spec.benchmark?.label ?? "pooled"
        return f.svg(title: "Funnel plot, \(p): every local authority against \(bench)", yLabel: "per cent",
                     xLabel: "denominator (\(a.spec.series.denominatorColumn ?? "size")) in \(p)", targetLabel: bench,
                     highlight: ind.highlightedArea, names: ind.areaNames)
    }

    static func pct(_ e: IndicatorEstimate) -> String {
        String(format: "%.1f%% (95%% CI %.1f–%.1f%%; %@ of %@)", e.value, e.lower, e.upper,
               SVGChart.label(e.numerator) as NSString, SVGChart.label(e.denominator) as NSString)
    }

    /// The outcome section's indicator block: proxy statement, trend marker, goal, Wilson
    /// intervals, funnel and the before-the-deadline check.
    func indicatorsHTML(_ a: OutcomeAssessment) -> String {
        let e = SVGChart.esc
        var h = ""
        if a.spec.standsFor.hasPrefix("A PROXY") {
            h += "<p style=\"background:#fff3cd;padding:6px\"><b>This is a proxy, not the strategy's own measure.</b> Why: \(e(a.spec.dataGaps))</p>\n"
        }
        if a.status == .notAssessable {
            h += "<p style=\"background:#e2e3e5;padding:6px\"><b>Not assessable yet.</b> \(e(a.notes.first ?? ""))</p>\n"
            return h
        }
        guard let ind = a.indicators else { return h }
        h += "<h3>Recent trend and goal (Fingertips methods)</h3><table><tr><th>recent trend (5 most recent years)</th><th>method</th><th>χ² (1 df; significant &gt; 9.55 and stable)</th><th>compared to goal</th></tr>"
        let chi = ind.trend.chiSquared.isFinite ? String(format: "%.2f", ind.trend.chiSquared) + (ind.trend.signStable ? "" : " (slope sign not stable)") : "–"
        let goal = ind.goal.map { "\($0.comparison.words(goal: $0.goal)): \(Self.fmt($0.value))" + (ind.period.map { " in \($0)" } ?? "") } ?? "–"
        let used = ind.trend.pointsUsed.map { a.history.start.advanced(by: $0) }
        let span = used.count == FingertipsTrend.pointsToUse ? " (\(used.first!)–\(used.last!))" : ""
        h += "<tr><td>\(e(ind.trendWords))\(span)</td><td>\(e(ind.trend.method.rawValue))</td><td>\(chi)</td><td>\(e(goal))</td></tr></table>\n"
        if let ae = ind.areaEstimate, let p = ind.period {
            h += "<p>At \(p): this area \(e(Self.pct(ae)))"
            if let be = ind.benchmarkEstimate, let b = a.spec.benchmark {
                let cat = BenchmarkComparison.classify(lower: ae.lower, upper: ae.upper, benchmark: be.value,
                                                       polarity: ind.polarity)
                h += "; \(e(b.label)) \(e(Self.pct(be))). Compared with \(e(b.label)) (95% Wilson interval against its value): <b>\(cat.rawValue)</b>"
            }
            h += ".</p>\n"
        }
        if let chart = funnelChart(a), let f = ind.funnel, let p = ind.period {
            let out998 = f.points.filter { $0.classification == .above998 || $0.classification == .below998 }.count
            let mine = f.points.first { $0.area == ind.highlightedArea }
            h += "<figure>\(chart)<figcaption class=\"note\">Funnel plot, \(p): every local authority in the source (England and the regions are not plotted), exact binomial 95% and 99.8% limits around \(e(a.spec.benchmark?.label ?? "the pooled value")) (\(String(format: "%.1f%%", f.target * 100))). \(out998) of \(f.points.count) areas lie outside the 99.8% limits" + (out998 * 5 > f.points.count ? " — more than chance allows, so the areas differ by more than sampling noise (overdispersion; `safercity funnel --overdispersion` widens the limits)" : "") + "." + (mine.map { " This area: \($0.classification.rawValue)." } ?? "") + "</figcaption></figure>\n"
        }
        for n in ind.notes { h += "<p class=\"note\">\(e(n))</p>\n" }
        if let pr = a.prior, let v = a.history[a.spec.target.deadline] {
            h += "<h3>What a projection made before the deadline said, against what happened</h3><table><tr><th>assessed as of</th><th>said</th><th>what happened (\(a.spec.target.deadline))</th></tr><tr><td>\(pr.asOf)</td><td>"
            if let q = pr.projected {
                h += "\(pr.status.rawValue)" + (pr.probability.map { String(format: ", P(met) %.2f", $0) } ?? "") + "; projected \(Self.fmt(q.p50)) (80%: \(Self.fmt(q.p10))–\(Self.fmt(q.p90)))" + (pr.method.map { " by \(e($0))" } ?? "")
            } else {
                h += "\(pr.status.rawValue): no projection could be made. " + e(pr.notes.joined(separator: " "))
            }
            h += "</td><td>\(Self.fmt(v)): <b>\(a.status.rawValue)</b>" + (a.threshold.map { " (target \(a.spec.target.rule.rawValue) \(Self.fmt($0)))" } ?? "") + "</td></tr></table>\n"
        }
        return h
    }

    /// Console lines: each outcome's Fingertips trend marker and compared-to-goal.
    func indicatorSummary() -> String {
        var s = ""
        for a in assessments {
            // A Not assessable outcome says what it needs in its own block above.
            guard a.status != .notAssessable, let ind = a.indicators else { continue }
            var line = "  • \(a.spec.title): recent trend \(ind.trendWords)"
            if let g = ind.goal { line += "; \(g.comparison.words(goal: g.goal).lowercased()) with \(Self.fmt(g.value))" + (ind.period.map { " in \($0)" } ?? "") }
            if let ae = ind.areaEstimate { line += "; \(Self.pct(ae))" }
            if let pr = a.prior { line += "; as of \(pr.asOf) it said \(pr.status.rawValue)" + (pr.probability.map { String(format: " (P %.2f)", $0) } ?? "") }
            s += line + "\n"
        }
        return s.isEmpty ? "" : "\nRecent trend (Fingertips method) and compared to goal:\n" + s
    }
}
