// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Indicators
import Outcomes
import SeriesData

// The terminal scorecard of an assessment run (moved here from Outcomes/AssessmentRun.swift when
// the report became its own module).

extension AssessmentRun {
    /// "increasing, +12.3 per period (p 0.01)" or "no significant change (p 0.40)"; p below 0.005
    /// prints as "p < 0.01".
    static func trendPhrase(_ t: TrendResult?) -> String {
        guard let t, t.pValue.isFinite else { return "–" }
        var slope = ""
        if t.slope.isFinite {
            let d = NumberFormatting.decimals(for: [t.slope])
            slope = ", " + (t.slope > 0 ? "+" : "") + NumberFormatting.decimal(t.slope, decimals: d) + " per period"
        }
        let p = t.pValue < 0.005 ? "p < 0.01" : String(format: "p %.2f", t.pValue)
        return t.direction.rawValue + (t.direction == .noSignificantChange ? "" : slope) + " (\(p))"
    }

    /// The terminal scorecard: the plain-language summary, then one block per outcome in words
    /// (title, status, latest value and trend, target, comparison with England), then the
    /// strategy outcomes the data cannot measure.
    public func scorecardTable() -> String {
        var s = strategy.name + (asOf.map { " — as of \($0)" } ?? "") + "\n\n"
        s += Self.wrap(plainSummary(), width: 100) + "\n"
        for a in assessments {
            s += "\n" + a.spec.title + "\n"
            s += "  " + a.statusSentence + "\n"
            let latest = a.history.observations.last.flatMap { $0 }.map { "\(a.display($0)) \(a.spec.series.unit) (\(a.history.end))" } ?? "no observation"
            s += "  Latest: \(latest); trend (Mann–Kendall): \(Self.trendPhrase(a.trend))\n"
            if !a.isObserved { s += "  Target: \(a.targetWords) in \(a.spec.target.deadline)\n" }
            if let b = a.benchmarkSentence { s += "  vs \(a.benchmark!.label): \(b)\n" }
        }
        let unmeasured = strategy.outcomes.filter { $0.specs.isEmpty }
        if !unmeasured.isEmpty {
            s += "\nNot assessable with the bundled data (\(unmeasured.count) of \(strategy.outcomes.count) strategy outcomes):\n"
            for o in unmeasured { s += "  • \(o.text) — needs: \(o.missingData)\n" }
        }
        s += indicatorSummary()
        s += "\nStatus: On track = at least 75% chance the target is met at the deadline, At risk 25–75%, Off track under 25%; Met / Not met once the deadline is observed; Not assessable while a file the outcome needs is missing."
        return s
    }

    /// `text` broken into lines of at most `width` characters at spaces.
    static func wrap(_ text: String, width: Int) -> String {
        var lines: [String] = [], line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty && line.count + 1 + word.count > width { lines.append(line); line = "" }
            line += (line.isEmpty ? "" : " ") + word
        }
        if !line.isEmpty { lines.append(line) }
        return lines.joined(separator: "\n")
    }
}
