// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Indicators
import SeriesData

/// One `assess` run: the strategy and every outcome's assessment (numbers; the scorecard, JSON and
/// report folder are OutcomeReport's renderings of it).
public struct AssessmentRun: Sendable {
    public internal(set) var strategy: StrategyDescription
    public internal(set) var assessments: [OutcomeAssessment]
    public internal(set) var asOf: Period?
    /// Problems worth a warning that do not stop the run (e.g. a spec that strategy.yaml does not list).
    public internal(set) var warnings: [String] = []

    /// Loads `models/strategy.yaml` and `models/outcomes/*.yaml`, validates them, and assesses
    /// every outcome. `progress` receives one line per outcome (the CLI sends it to stderr).
    /// `sources` reads each data file once for the whole run (a test passes a counting one).
    public static func perform(models: URL, root: URL, asOf: Period?, allowOutsideRoot: Bool = false,
                               sources: SourceCache = SourceCache(),
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
        let engine = ProjectionEngine(root: root, allowOutsideRoot: allowOutsideRoot, sources: sources)
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
    public static func fmt(_ v: Double?) -> String {
        guard let v, v.isFinite else { return NumberFormatting.missing }
        return NumberFormatting.decimal(v, decimals: abs(v) >= 100 ? 0 : 1)
    }
}

extension OutcomeAssessment {
    /// area ÷ benchmark for rates and proportions; nil for counts (a force's count over England's
    /// count is not a comparison) and without a benchmark.
    public var benchmarkRatio: Double? {
        guard let b = benchmark, spec.series.measure != .count, b.ratio.isFinite else { return nil }
        return b.ratio
    }
}
