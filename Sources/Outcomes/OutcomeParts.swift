// SPDX-License-Identifier: GPL-3.0-or-later
import Forecasting
import Foundation
import Reconciliation
import SeriesData
import Yams

/// `parts:` — an outcome's area as a whole made of parts (sub-areas, forces of a region, crime
/// types), forecast separately and reconciled so that the parts add up to the whole.
///
/// YAML:
/// ```yaml
/// parts:
///   column: pfa                     # the key column whose values are the parts
///   values: [Staffordshire, Warwickshire, West Mercia, West Midlands]
///   whole: West Midlands region     # what the sum of the parts is called
///   method: wls-struct              # optional (default wls-struct)
/// ```
/// The whole is the spec's `series.select` with `column` set to every value (summed, so counts
/// only); each part is the selection with `column` set to one value. The outcome's own selection
/// must pick either every value (the outcome **is** the whole) or exactly one (the outcome is one
/// of the parts). The outcome's P(met) is not changed: its reconciled forecast is shown beside it.
public struct PartsSelection: Sendable, Equatable {
    /// The key column that tells the parts apart.
    public internal(set) var column: String
    /// The parts, in the order given.
    public internal(set) var values: [String]
    /// Name of the whole (the sum of the parts).
    public internal(set) var whole: String
    /// The reconciliation method (``ReconciliationMethod``); default `wls-struct`.
    public internal(set) var method: ReconciliationMethod

    /// Methods that need nothing but the base forecasts and the history: the engine keeps no
    /// in-sample residuals, which `wls-var`, `mint-shrink` and `mint-cov` need, and a whole with its
    /// parts has no middle level.
    static func supported(_ m: ReconciliationMethod) -> Bool {
        switch m {
        case .bottomUp, .topDown: return true
        case .middleOut: return false
        case .minTrace(let w, _): return !w.needsResiduals
        }
    }

    static let defaultMethod = ReconciliationMethod.minTrace(.wlsStructural, nonnegative: false)

    /// Whether the outcome's own series is the whole (else it is the part `ownPart`).
    func outcomeIsWhole(_ series: SeriesSelection) -> Bool { Set(series.select[column] ?? []) == Set(values) }

    /// Parses and validates `parts:` against the already-parsed `series` section.
    static func parse(_ r: SpecReader, _ map: Node.Mapping, series: SeriesSelection) throws(OutcomesError) -> PartsSelection? {
        guard map["parts"] != nil else { return nil }
        let file = r.file
        let pm = try r.mapping(map, "parts", at: "")
        try r.rejectUnknown(pm, allowed: ["column", "values", "whole", "method"], at: "parts")
        let column = try r.string(pm, "column", at: "parts")
        guard let seq = pm["values"]?.sequence else {
            throw .invalidSpec(file: file, key: "parts.values", problem: pm["values"] == nil
                ? "required key is missing; list the parts, e.g. [Staffordshire, West Mercia]"
                : "expected a list of the column's values, e.g. [Staffordshire, West Mercia]")
        }
        var values: [String] = []
        for (i, item) in seq.enumerated() {
            guard let s = item.scalar?.string.trimmingCharacters(in: .whitespaces), !s.isEmpty else {
                throw .invalidSpec(file: file, key: "parts.values[\(i)]", problem: "expected non-empty text")
            }
            guard s != HierarchyStructure.allMarker else {
                throw .invalidSpec(file: file, key: "parts.values[\(i)]", problem: "'\(s)' is reserved for the whole; name the part by its value in the data")
            }
            guard !values.contains(s) else {
                throw .invalidSpec(file: file, key: "parts.values[\(i)]", problem: "'\(s)' is listed twice")
            }
            values.append(s)
        }
        guard values.count >= 2 else {
            throw .invalidSpec(file: file, key: "parts.values", problem: "a whole needs at least two parts, found \(values.count)")
        }
        guard series.measure == .count else {
            throw .invalidSpec(file: file, key: "parts",
                               problem: "parts add up to a whole only for counts (series.measure: count); this series is a \(series.measure.rawValue), whose parts' values do not sum")
        }
        guard series.denominator == nil, series.denominatorColumn == nil else {
            throw .invalidSpec(file: file, key: "parts", problem: "a series with a denominator is a percentage, whose parts do not sum")
        }
        guard let own = series.select[column] else {
            throw .invalidSpec(file: file, key: "parts.column",
                               problem: "series.select has no '\(column)'; the outcome's own selection must pick one part or all of them in that column (it selects \(series.select.keys.sorted().joined(separator: ", ")))")
        }
        if Set(own) != Set(values) {
            guard own.count == 1, values.contains(own[0]) else {
                throw .invalidSpec(file: file, key: "parts.values",
                                   problem: "series.select.\(column) is \(own.joined(separator: " + ")), which is neither one of the parts nor all of them; list it among parts.values (the outcome is a part) or select every part (the outcome is the whole)")
            }
        }
        let whole = try r.optionalString(pm, "whole", at: "parts") ?? values.joined(separator: " + ")
        var method = defaultMethod
        if let text = try r.optionalString(pm, "method", at: "parts") {
            do { method = try ReconciliationMethod.parse(text) } catch {
                throw .invalidSpec(file: file, key: "parts.method", problem: "\(error)")
            }
            guard supported(method) else {
                throw .invalidSpec(file: file, key: "parts.method",
                                   problem: "'\(text)' needs " + (method.isMiddleOut ? "a middle level, which a whole and its parts do not have"
                                       : "in-sample residuals, which the outcome engine does not keep") + "; use wls-struct, ols, bottom-up or top-down:average-proportions")
            }
        }
        return PartsSelection(column: column, values: values, whole: whole, method: method)
    }
}

extension ReconciliationMethod {
    var isMiddleOut: Bool { if case .middleOut = self { return true } else { return false } }
}

/// The whole and its parts, forecast to the deadline and reconciled (`parts:` of the spec).
/// Read-only outside Outcomes (the report reads it; only the engine sets it).
public struct PartsReconciliation: Sendable {
    /// One series: the whole (first) or a part.
    public struct Node: Sendable {
        public internal(set) var name: String
        public internal(set) var isWhole: Bool
        /// Whether this is the outcome's own series.
        public internal(set) var isOutcome: Bool
        /// The history modelled (the common window of every series).
        public internal(set) var history: [Double]
        /// The model chosen by backtest, and its method name.
        public internal(set) var model: CandidateModel
        public internal(set) var method: String
        /// Base forecast means, one per forecast period.
        public internal(set) var base: [Double]
        /// Reconciled means and 95% limits (Gaussian, from the base 95% intervals' widths).
        public internal(set) var reconciled: [Double]
        public internal(set) var lower95: [Double]?
        public internal(set) var upper95: [Double]?
    }
    public internal(set) var selection: PartsSelection
    /// First and last period of the common history.
    public internal(set) var historyStart: Period
    public internal(set) var historyEnd: Period
    /// Forecast periods (to the deadline).
    public internal(set) var periods: [Period]
    /// The whole first, then the parts in the spec's order.
    public internal(set) var nodes: [Node]
    /// max over the common history of |whole − Σ parts| (0 when the data add up).
    public internal(set) var historyGap: Double
    /// Σ reconciled parts for every forecast period.
    public var reconciledSumOfParts: [Double] {
        periods.indices.map { k in nodes.dropFirst().reduce(0) { $0 + $1.reconciled[k] } }
    }
    /// Σ base parts for every forecast period.
    public var baseSumOfParts: [Double] {
        periods.indices.map { k in nodes.dropFirst().reduce(0) { $0 + $1.base[k] } }
    }
    /// max over the forecast periods of |reconciled whole − Σ reconciled parts|: the coherence error.
    public var coherenceError: Double {
        zip(nodes[0].reconciled, reconciledSumOfParts).map { abs($0 - $1) }.max() ?? 0
    }
}
