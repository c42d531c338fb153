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

    /// Loads `models/strategy.yaml` and `models/outcomes/*.yaml`, validates them, and assesses
    /// every outcome. `progress` receives one line per outcome (the CLI sends it to stderr).
    public static func perform(models: URL, root: URL, asOf: Period?, allowOutsideRoot: Bool = false,
                               progress: (String) -> Void = { _ in }) throws(OutcomesError) -> AssessmentRun {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: models.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw .unreadableSpec(file: models.path, reason: "no such folder; expected the models folder holding strategy.yaml and outcomes/*.yaml")
        }
        let strategyURL = models.appendingPathComponent("strategy.yaml")
        let strategy = try StrategyDescription.load(url: strategyURL)
        let specs = try OutcomeSpec.loadAll(directory: models.appendingPathComponent("outcomes"))
        try strategy.validate(against: specs, file: strategyURL.path)
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
            out.append(a)
        }
        return AssessmentRun(strategy: strategy, assessments: out, asOf: asOf)
    }

    static func fmt(_ v: Double?) -> String {
        guard let v, v.isFinite else { return "–" }
        return abs(v) >= 100 ? String(format: "%.0f", v) : String(format: "%.1f", v)
    }

    /// "increasing, +12.3/period (p 0.01)" or "no significant change (p 0.40)".
    static func trendPhrase(_ t: TrendResult?) -> String {
        guard let t, t.pValue.isFinite else { return "–" }
        let slope = t.slope.isFinite ? String(format: ", %+.3g/period", t.slope) : ""
        return t.direction.rawValue + (t.direction == .noSignificantChange ? "" : slope) + String(format: " (p %.2f)", t.pValue)
    }

    /// The compact terminal scorecard.
    public func scorecardTable() -> String {
        var rows: [[String]] = [["outcome", "latest", "trend (Mann–Kendall)", "baseline", "deadline", "projected (80%)", "P(met)", "status", "vs England"]]
        for a in assessments {
            let latest = a.history.isEmpty ? "–" : "\(Self.fmt(a.history.observations.last!)) (\(a.history.end))"
            let base = a.spec.target.baseline.map { "\(Self.fmt(a.baselineValue)) (\($0))" } ?? Self.fmt(a.threshold)
            var proj = "–"
            if let s = a.simulatedSummary {
                proj = "\(Self.fmt(s.p50)) (\(Self.fmt(s.p10))–\(Self.fmt(s.p90)))"
            } else if a.status == .met || a.status == .notMet, let v = a.history[a.spec.target.deadline] {
                proj = "\(Self.fmt(v)) observed"
            }
            let p = a.status == .met || a.status == .notMet ? "–" : a.probability.map { pr in
                a.monteCarloError.map { String(format: "%.2f ± %.3f", pr, $0) } ?? String(format: "%.2f", pr)
            } ?? "–"
            var eng = "–"
            if let b = a.benchmark {
                // A ratio of counts without denominators means nothing; show it for rates only.
                eng = a.spec.series.measure == .count ? "" : String(format: "×%.2f", b.ratio)
                eng += b.publishedComparison.map { " \($0)" } ?? ""
                if let ac = b.areaChangeSinceBaseline, let bc = b.benchmarkChangeSinceBaseline {
                    eng += String(format: " change %+.0f%% vs %+.0f%%", ac, bc)
                }
            }
            rows.append([a.spec.id, latest, Self.trendPhrase(a.trend), base, "\(a.spec.target.deadline)", proj, p, a.status.rawValue, eng])
        }
        let widths = rows[0].indices.map { c in rows.map { $0[c].count }.max()! }
        var s = strategy.name + (asOf.map { " — as of \($0)" } ?? "") + "\n"
        for (i, r) in rows.enumerated() {
            s += r.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: "  ") + "\n"
            if i == 0 { s += widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ") + "\n" }
        }
        let unmeasured = strategy.outcomes.filter { $0.specs.isEmpty }
        if !unmeasured.isEmpty {
            s += "\nNot assessable with the bundled data (\(unmeasured.count) of \(strategy.outcomes.count) strategy outcomes):\n"
            for o in unmeasured { s += "  • \(o.text) — needs: \(o.missingData)\n" }
        }
        s += indicatorSummary()
        s += "\nStatus: On track P ≥ 0.75, At risk 0.25–0.75, Off track < 0.25 (P = probability the target is met at the deadline; ± Monte Carlo s.e.)."
        s += "\nvs England: area ÷ England at the latest common period (the deadline, once observed), Fingertips' published comparison where available, and % change since the baseline (area vs England)."
        return s
    }
}
