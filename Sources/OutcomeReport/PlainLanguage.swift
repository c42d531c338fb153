// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Indicators
import Outcomes
import SeriesData

// The scorecard in words (issue 19): outcome titles rather than spec ids, probabilities as
// percentages, observed results as Met / Not met with the observed value, changes described as
// "up 2% here, down 1% in England", and a one-paragraph summary for a board. The console
// scorecard and the HTML report both use these sentences; numbers go through NumberFormatting.

extension OutcomeAssessment {
    /// Decimals for this outcome's values, from its own history (counts: none; rates in the
    /// hundreds: none; percentages such as 20.5: one).
    var decimals: Int {
        NumberFormatting.decimals(for: history.observations.compactMap { $0 } + [baselineValue, threshold].compactMap { $0 })
    }

    /// One of this outcome's values for people: grouped, with the outcome's decimals.
    public func display(_ v: Double?) -> String { NumberFormatting.decimal(v, decimals: decimals) }

    /// Whether the deadline has been observed (the status is Met or Not met).
    public var isObserved: Bool { status == .met || status == .notMet }

    /// The target in words: "below 928 (the 2016/17 value)", "at most 1,100".
    public var targetWords: String {
        let t = spec.target
        let v = display(threshold)
        switch t.rule {
        case .belowBaseline: return "below \(v) (the \(t.baseline!) value)"
        case .aboveBaseline: return "above \(v) (the \(t.baseline!) value)"
        case .relativeChange:
            let change = NumberFormatting.signedPercent(t.value!, decimals: 0)
            return "\(t.value! < 0 ? "at most" : "at least") \(v) (\(change) on \(t.baseline!))"
        case .atLeast: return "at least \(v)"
        case .atMost: return "at most \(v)"
        }
    }

    /// "Off track: 12% chance that the target (below 928 (the 2016/17 value)) is met by 2019/20",
    /// "Not met: 1,255 observed in 2019/20; the target was at most 1,100",
    /// "Insufficient data: only 1 consecutive observation (2019-09); …".
    public var statusSentence: String {
        let d = spec.target.deadline
        switch status {
        case .met, .notMet:
            let observed = history[d].map { "\(display($0)) observed in \(d)" } ?? "observed in \(d)"
            return "\(status.rawValue): \(observed); the target was \(targetWords)"
        case .onTrack, .atRisk, .offTrack:
            var s = "\(status.rawValue): \(NumberFormatting.percent(probability: probability)) chance that it is \(targetWords) in \(d)"
                + (calibrated ? "" : " (uncalibrated)")
            if let sim = simulatedSummary {
                s += "; projected \(display(sim.p50)) (80% range \(display(sim.p10))–\(display(sim.p90)))"
            }
            return s
        case .notAssessable:
            return "Not assessable: " + (notes.first ?? "a file this outcome needs is missing")
        case .insufficientData:
            let reason = notes.last(where: { $0.hasPrefix("only ") || $0.contains("not observed") || $0.contains("could not") || $0.contains("failed") || $0.contains("not made") })
            return "Insufficient data" + (reason.map { ": \($0)" } ?? " to project")
        }
    }

    /// "up 2% here, down 1% in England since 2016/17".
    static func changeWords(_ area: Double, _ bench: Double, benchmark: String, since: String) -> String {
        func one(_ v: Double) -> String {
            let r = NumberFormatting.decimal(abs(v), decimals: abs(v) < 10 ? 1 : 0)
            if r.allSatisfy({ $0 == "0" || $0 == "." }) { return "unchanged" }
            return (v < 0 ? "down " : "up ") + r + "%"
        }
        return "\(one(area)) here, \(one(bench)) in \(benchmark) since \(since)"
    }

    /// The comparison with the benchmark in words: "England 632 (2017/18); published comparison:
    /// Worse than England; 1.50 times England's rate; up 2% here, down 1% in England since
    /// 2016/17". Ratios only for rates and proportions (a ratio of two areas' counts means nothing).
    public var benchmarkSentence: String? {
        guard let b = benchmark else { return nil }
        var parts = ["\(b.label) \(NumberFormatting.decimal(b.benchmarkValue, decimals: decimals)) (\(b.period))"]
        if let pc = b.publishedComparison {
            let words = pc == "Similar" ? "similar to \(b.label)" : ["Better", "Worse", "Higher", "Lower"].contains(pc) ? "\(pc.lowercased()) than \(b.label)" : pc
            parts.append("published comparison: \(words)")
        }
        if let ratio = benchmarkRatio {
            parts.append("\(NumberFormatting.decimal(ratio, decimals: 2)) times \(b.label)'s \(spec.series.measure == .rate ? "rate" : "value")")
        }
        if let ac = b.areaChangeSinceBaseline, let bc = b.benchmarkChangeSinceBaseline, let bp = spec.target.baseline {
            parts.append(Self.changeWords(ac, bc, benchmark: b.label, since: "\(bp)"))
        }
        return parts.joined(separator: "; ")
    }

    /// The short phrase used in the summary paragraph.
    var summaryPhrase: String {
        let d = spec.target.deadline
        switch status {
        case .onTrack, .atRisk, .offTrack:
            return "\(spec.title) is \(status.rawValue.lowercased()) (\(NumberFormatting.percent(probability: probability)) chance of being \(targetWords) in \(d)\(calibrated ? "" : ", uncalibrated"))"
        case .met:
            return "\(spec.title) met its target (\(history[d].map(display) ?? "–") in \(d), target \(targetWords))"
        case .notMet:
            return "\(spec.title) did not meet its target (\(history[d].map(display) ?? "–") in \(d), target \(targetWords))"
        case .insufficientData:
            return "\(spec.title) cannot be projected (too little data)"
        case .notAssessable:
            return "\(spec.title) is waiting for a file it needs"
        }
    }
}

extension AssessmentRun {
    /// One paragraph in plain language for a board: how many outcomes are on track, which are not
    /// and why, and what cannot be measured. E.g. "No outcome is on track: A is off track (12%
    /// chance of …); B did not meet its target (…). C cannot be projected (too little data). 3 of
    /// the strategy's 7 outcomes have no data in the bundle."
    public func plainSummary() -> String {
        let good = assessments.filter { $0.status == .onTrack || $0.status == .met }
        let bad = assessments.filter { [.atRisk, .offTrack, .notMet].contains($0.status) }
        let unknown = assessments.filter { $0.status == .insufficientData || $0.status == .notAssessable }
        var s: String
        let assessed = good.count + bad.count
        if assessed == 0 {
            s = "No outcome could be assessed"
        } else if good.isEmpty {
            s = "No outcome is on track"
        } else if bad.isEmpty {
            s = assessed == 1 ? "The one assessable outcome is on track or met" : "All \(assessed) assessable outcomes are on track or met"
        } else {
            s = "\(good.count) of \(assessed) assessable outcomes \(good.count == 1 ? "is" : "are") on track or met"
        }
        let listed = (bad + good).map(\.summaryPhrase)
        s += listed.isEmpty ? "." : ": " + listed.joined(separator: "; ") + "."
        if !unknown.isEmpty {
            s += " " + unknown.map(\.summaryPhrase).joined(separator: "; ") + "."
        }
        let unmeasured = strategy.outcomes.filter { $0.specs.isEmpty }.count
        if unmeasured > 0 {
            s += " \(unmeasured) of the strategy's \(strategy.outcomes.count) outcomes \(unmeasured == 1 ? "has" : "have") no data in the bundle."
        }
        if assessments.contains(where: { $0.probability != nil && !$0.isObserved && !$0.calibrated }) {
            s += " Probabilities marked uncalibrated come from one area's own short history and have not been checked against how often they came true."
        }
        return s
    }
}
