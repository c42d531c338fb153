// SPDX-License-Identifier: GPL-3.0-or-later
// The outcome engine's side of `parts:` (OutcomeParts.swift holds the spec part, which the spec
// fuzz harness compiles with the loader).
import Forecasting
import Foundation
import Reconciliation
import SeriesData
import Yams

extension ProjectionEngine {
    /// Forecasts the whole and every part of `spec.parts` to the deadline and reconciles them.
    ///
    /// Each series (the whole and each part, over the common history cut at `asOf`) gets its own
    /// model, chosen among the spec's per-area candidates by the same rolling-origin backtest as
    /// the outcome (`pooled-change` forecasts an area from its peers, not a sum of areas, so with
    /// peers the candidates are `auto`'s). The base forecasts are reconciled by
    /// `parts.method` over the two-level structure (the whole = S · parts), with Gaussian 95%
    /// limits from the base intervals' widths (σ = width / (2 · 1.96)). Cost: one backtest per
    /// series, i.e. (parts + 1) × the outcome's own model choice; the reconciliation itself is
    /// O(parts).
    ///
    /// Returns nil with a reason in `notes` when the deadline is already observed or the common
    /// history is too short. P(met) is not touched.
    public func reconcileParts(_ spec: OutcomeSpec, asOf: Period?, notes: inout [String]) throws(OutcomesError) -> PartsReconciliation? {
        guard let parts = spec.parts else { return nil }
        var selects: [[String: [String]]] = []
        var whole = spec.series.select
        whole[parts.column] = parts.values
        selects.append(whole)
        for v in parts.values {
            var s = spec.series.select
            s[parts.column] = [v]
            selects.append(s)
        }
        var series: [TimeSeries] = []
        for s in selects {
            let loaded = try SeriesLoader.load(spec.series, select: s, root: root, sources: sources, spec: spec.file, selectKey: "parts.values")
            series.append(Self.cut(loaded.series, asOf: asOf))
        }
        guard series.allSatisfy({ !$0.isEmpty }), let end = series.map(\.end).min() else {
            notes.append("parts: a part has no data" + (asOf.map { " as of \($0)" } ?? "")); return nil
        }
        // The common window: the longest run ending at the earliest last period where every series is observed.
        var start = end, k = 0
        while true {
            let p = end.advanced(by: -(k + 1))
            guard series.allSatisfy({ $0[p] != nil }) else { break }
            start = p; k += 1
        }
        guard series.allSatisfy({ $0[end] != nil }) else { notes.append("parts: not every part is observed in \(end)"); return nil }
        let n = start.distance(to: end) + 1
        let horizon = end.distance(to: spec.target.deadline)
        guard horizon > 0 else {
            notes.append("parts: the deadline \(spec.target.deadline) is observed in every part; nothing to reconcile"); return nil
        }
        guard n >= spec.series.minimumHistory else {
            notes.append("parts: only \(n) common observations (\(start)–\(end)); the spec needs at least \(spec.series.minimumHistory) to forecast the parts")
            return nil
        }
        let histories = series.map { s in (0..<n).map { s[start.advanced(by: $0)]! } }
        var candidates = spec.models.filter { $0 != .pooledChange }
        if candidates.isEmpty { candidates = CandidateModel.automatic(for: spec.series.measure) }
        let period = series[0].seasonLength
        let z95 = 1.959963984540054
        var nodes: [PartsReconciliation.Node] = []
        var sd: [Double] = []
        let names = [parts.whole] + parts.values
        let ownIsWhole = parts.outcomeIsWhole(spec.series)
        for (i, y) in histories.enumerated() {
            let scores = Self.backtest(y, period: period, candidates: candidates, horizon: horizon)
            guard let best = scores.filter({ $0.errors > 0 && $0.mase.isFinite }).min(by: { $0.mase < $1.mase }),
                  let fc = try? Self.forecast(best.model, y, period: period, horizon: horizon, levels: [95]) else {
                notes.append("parts: no model could be fitted to \(names[i]) (\(n) observations)"); return nil
            }
            let i95 = fc.interval(95)
            sd += (0..<horizon).map { t in i95.map { ($0.upper[t] - $0.lower[t]) / (2 * z95) } ?? .nan }
            nodes.append(.init(name: names[i], isWhole: i == 0,
                               isOutcome: i == 0 ? ownIsWhole : (!ownIsWhole && spec.series.select[parts.column] == [names[i]]),
                               history: y, model: best.model, method: fc.method, base: fc.mean, reconciled: [], lower95: nil, upper95: nil))
        }
        let structure: HierarchyStructure
        let rec: ReconciledForecasts
        do {
            structure = try HierarchyStructure(bottomKeys: parts.values.map { [$0] }, keyColumns: [parts.column])
            // Structure node order: the total, then the bottoms in key order; map ours onto it.
            let order = structure.nodeKeys.map { key in key[0] == HierarchyStructure.allMarker ? 0 : 1 + parts.values.firstIndex(of: key[0])! }
            func arrange(_ a: [Double], _ width: Int) -> [Double] { order.flatMap { a[($0 * width)..<(($0 + 1) * width)] } }
            let base = BaseForecasts(horizon: horizon, mean: arrange(nodes.flatMap(\.base), horizon),
                                     standardDeviation: sd.allSatisfy(\.isFinite) ? arrange(sd, horizon) : nil,
                                     history: arrange(histories.flatMap { $0 }, n), historyLength: n)
            rec = try Reconciler.reconcile(base, over: structure, method: parts.method)
            for (node, mine) in order.enumerated() {
                nodes[mine].reconciled = Array(rec.mean[(node * horizon)..<((node + 1) * horizon)])
                if rec.variance != nil {
                    let lims = (0..<horizon).compactMap { rec.interval(node: node, step: $0, level: 95) }
                    nodes[mine].lower95 = lims.map(\.lower)
                    nodes[mine].upper95 = lims.map(\.upper)
                }
            }
        } catch {
            throw .invalidSpec(file: spec.file, key: "parts.method", problem: "reconciliation failed: \(error)")
        }
        let gap = (0..<n).map { t in abs(histories[0][t] - histories.dropFirst().reduce(0) { $0 + $1[t] }) }.max() ?? 0
        return PartsReconciliation(selection: parts, historyStart: start, historyEnd: end,
                                   periods: (1...horizon).map { end.advanced(by: $0) }, nodes: nodes, historyGap: gap)
    }
}
