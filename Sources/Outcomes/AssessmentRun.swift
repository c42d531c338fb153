// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Indicators
import SeriesData

/// One `assess` run: the strategy, every outcome's assessment, and their renderings
/// (terminal scorecard, JSON, report folder).
public struct AssessmentRun: Sendable {
    public var strategy: StrategyDescription
    public var assessments: [OutcomeAssessment]
    public var asOf: Period?
    /// Problems worth a warning that do not stop the run (e.g. a spec that strategy.yaml does not list).
    public var warnings: [String] = []

    /// Loads `models/strategy.yaml` and `models/outcomes/*.yaml`, validates them, and assesses
    /// every outcome. `progress` receives one line per outcome (the CLI sends it to stderr).
    public static func perform(models: URL, root: URL, asOf: Period?, allowOutsideRoot: Bool = false,
                               progress: (String) -> Void = { _ in }) throws(OutcomesError) -> AssessmentRun {
        guard FileManager.default.isFolder(atPath: models.path) else {
            throw .unreadableSpec(file: models.path, reason: "no such folder; expected the models folder holding strategy.yaml and outcomes/*.yaml")
        }
        let strategyURL = models.appendingPathComponent("strategy.yaml")
        var strategy = try StrategyDescription.load(url: strategyURL)
        let specs = try OutcomeSpec.loadAll(directory: models.appendingPathComponent("outcomes"))
        try strategy.validate(against: specs, file: strategyURL.path)
        let warnings = strategy.adoptUnlisted(specs, file: strategyURL.path)
        var seen: [String: String] = [:]
        for s in specs {
            if let other = seen[s.id] {
                throw .invalidSpec(file: s.file, key: "id", problem: "id '\(s.id)' is also used by \(other)")
            }
            seen[s.id] = s.file
        }
        let engine = ProjectionEngine(root: root, allowOutsideRoot: allowOutsideRoot)
        var out: [OutcomeAssessment] = []
        for (i, s) in specs.enumerated() {
            progress("[\(i + 1)/\(specs.count)] \(s.id)…")
            var a = try engine.assess(s, asOf: asOf)
            if a.status != .notAssessable { a.indicators = try engine.indicators(for: a) }
            if asOf == nil, a.status == .met || a.status == .notMet { a.prior = try engine.priorProjection(s) }
            if s.parts != nil, a.status != .notAssessable { a.parts = try engine.reconcileParts(s, asOf: asOf, notes: &a.notes) }
            out.append(a)
        }
        return AssessmentRun(strategy: strategy, assessments: out, asOf: asOf, warnings: warnings)
    }

    /// A value for people when no outcome context is at hand (grouped; no decimals from 100 up).
    static func fmt(_ v: Double?) -> String {
        guard let v, v.isFinite else { return NumberFormatting.missing }
        return NumberFormatting.decimal(v, decimals: abs(v) >= 100 ? 0 : 1)
    }

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
