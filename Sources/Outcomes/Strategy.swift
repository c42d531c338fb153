// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Yams

/// The strategy the outcome specs serve (`models/strategy.yaml`): its name, deadline, and
/// each of its outcomes with the specs that measure it and the data that would be needed.
public struct StrategyDescription: Sendable {
    public struct Outcome: Sendable {
        public internal(set) var text: String
        public internal(set) var specs: [String]
        public internal(set) var missingData: String
    }
    public internal(set) var name: String
    public internal(set) var deadline: String
    public internal(set) var source: String
    public internal(set) var outcomes: [Outcome]

    /// Reads and validates `strategy.yaml` (errors name file and key).
    public static func load(url: URL) throws(OutcomesError) -> StrategyDescription {
        try parse(yaml: try OutcomeSpec.readText(url), file: url.path)
    }

    /// Parses and validates the text of `strategy.yaml`; `file` names it in messages.
    public static func parse(yaml text: String, file: String) throws(OutcomesError) -> StrategyDescription {
        let node: Node?
        do { node = try Yams.compose(yaml: text) } catch { throw .unreadableSpec(file: file, reason: "not valid YAML: \(error)") }
        guard let map = node?.mapping else { throw .unreadableSpec(file: file, reason: "the document must be a mapping") }
        let r = SpecReader(file: file)
        try r.rejectUnknown(map, allowed: ["name", "deadline", "source", "outcomes"], at: "")
        guard let seq = map["outcomes"]?.sequence else {
            throw .invalidSpec(file: file, key: "outcomes", problem: "expected a list of outcomes")
        }
        var outcomes: [Outcome] = []
        for (i, item) in seq.enumerated() {
            let at = "outcomes[\(i)]"
            guard let m = item.mapping else { throw .invalidSpec(file: file, key: at, problem: "expected a mapping") }
            try r.rejectUnknown(m, allowed: ["text", "specs", "missing_data"], at: at)
            guard let specs = m["specs"]?.sequence?.compactMap({ $0.string }) else {
                throw .invalidSpec(file: file, key: "\(at).specs", problem: "expected a list of spec ids (may be empty: [])")
            }
            outcomes.append(Outcome(text: try r.string(m, "text", at: at), specs: specs,
                                    missingData: try r.string(m, "missing_data", at: at)))
        }
        return StrategyDescription(name: try r.string(map, "name", at: ""), deadline: try r.string(map, "deadline", at: ""),
                                   source: try r.string(map, "source", at: ""), outcomes: outcomes)
    }

    /// Specs that no strategy outcome lists. A spec whose `strategy_outcome` quotes an outcome's
    /// text (ignoring case and surrounding spaces) is counted under that outcome, so the outcome
    /// no longer shows as "Not assessable" while also being assessed; either way a warning says
    /// which spec and what to add to strategy.yaml. Returns the warnings.
    public mutating func adoptUnlisted(_ specs: [OutcomeSpec], file: String) -> [String] {
        let listed = Set(outcomes.flatMap(\.specs))
        var warnings: [String] = []
        func norm(_ s: String) -> String { s.trimmingCharacters(in: .whitespacesAndNewlines).lowercased() }
        for spec in specs where !listed.contains(spec.id) {
            if let i = outcomes.firstIndex(where: { norm($0.text) == norm(spec.strategyOutcome) }) {
                outcomes[i].specs.append(spec.id)
                warnings.append("\(spec.file): spec '\(spec.id)' is not listed in \(file); it is counted under the strategy outcome it quotes (\"\(outcomes[i].text)\"). Add '\(spec.id)' to that outcome's specs: list to make this explicit.")
            } else {
                warnings.append("\(spec.file): spec '\(spec.id)' is not listed under any outcome in \(file) and its strategy_outcome matches none of them; it is assessed on its own. Add its id to the specs: list of the outcome it measures.")
            }
        }
        return warnings
    }

    /// Checks that every spec id named here exists among `specs`.
    public func validate(against specs: [OutcomeSpec], file: String) throws(OutcomesError) {
        let ids = Set(specs.map(\.id))
        for (i, o) in outcomes.enumerated() {
            for s in o.specs where !ids.contains(s) {
                throw .invalidSpec(file: file, key: "outcomes[\(i)].specs",
                                   problem: "no outcome spec with id '\(s)' in the specs folder (have: \(ids.sorted().joined(separator: ", ")))")
            }
        }
    }
}
