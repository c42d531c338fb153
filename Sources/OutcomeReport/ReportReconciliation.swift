// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Outcomes
import SeriesData

// The report's rendering of PartsReconciliation (`parts:` of a spec): a table of the parts, their
// sum, the whole's base and reconciled forecasts and the coherence error; a chart; CSV and JSON.

extension AssessmentRun {
    static let partColors = ["#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22"]

    /// The parts chart: each part's and the whole's history, the whole's base and reconciled
    /// forecasts with the reconciled 95% band, and the sum of the reconciled parts as points (they
    /// sit on the reconciled whole: that is coherence).
    func partsChart(_ a: OutcomeAssessment) -> String? {
        guard let p = a.parts else { return nil }
        let n = p.nodes[0].history.count, h = p.periods.count
        let periods = (0..<n).map { p.historyStart.advanced(by: $0) } + p.periods
        let every = max(1, periods.count / 12)
        var c = SVGChart(title: "\(p.selection.whole) and its parts: reconciled forecasts add up", yLabel: a.spec.series.unit,
                         xTickLabels: periods.enumerated().filter { $0.offset % every == 0 }.map { (Double($0.offset), "\($0.element)") })
        let fx = (0..<h).map { Double(n + $0) }
        let lastX = Double(n - 1)
        let whole = p.nodes[0]
        if let lo = whole.lower95, let hi = whole.upper95 {
            c.bands.append(.init(label: "\(p.selection.whole), reconciled 95%", lower: zip(fx, lo).map { ($0, $1) },
                                 upper: zip(fx, hi).map { ($0, $1) }, color: "#444444", opacity: 0.15))
        }
        c.series.append(.init(label: "\(p.selection.whole), observed", points: whole.history.enumerated().map { (Double($0.offset), $0.element) }, color: "#111111"))
        c.series.append(.init(label: "\(p.selection.whole), base forecast", points: [(lastX, whole.history[n - 1])] + zip(fx, whole.base).map { ($0, $1) },
                              color: "#999999", dashed: true))
        c.series.append(.init(label: "\(p.selection.whole), reconciled", points: [(lastX, whole.history[n - 1])] + zip(fx, whole.reconciled).map { ($0, $1) },
                              color: "#111111", dashed: true))
        for (i, part) in p.nodes.dropFirst().enumerated() {
            let color = Self.partColors[i % Self.partColors.count]
            c.series.append(.init(label: part.name + (part.isOutcome ? " (this outcome)" : ""),
                                  points: part.history.enumerated().map { (Double($0.offset), $0.element) }, color: color, width: part.isOutcome ? 2.5 : 1.5))
            c.series.append(.init(label: "", points: [(lastX, part.history[n - 1])] + zip(fx, part.reconciled).map { ($0, $1) },
                                  color: color, dashed: true, width: 1.5))
        }
        c.series.append(.init(label: "sum of the reconciled parts", points: zip(fx, p.reconciledSumOfParts).map { ($0, $1) },
                              color: "#d62728", scatter: true))
        c.vLines.append(.init(label: "", x: lastX + 0.5, color: "#bbbbbb"))
        return c.render()
    }

    /// The report section: what the parts are, the table at every forecast period, the chart.
    func partsHTML(_ a: OutcomeAssessment) -> String {
        guard let p = a.parts else { return "" }
        let e = SVGChart.esc
        let sel = p.selection
        let own = p.nodes.first { $0.isOutcome }
        var h = "<h3>Parts add up to the whole: \(e(sel.whole))</h3>\n"
        h += "<p>\(e(sel.whole)) is the sum of \(p.nodes.count - 1) parts by \(e(sel.column)) (\(e(sel.values.joined(separator: ", ")))); "
        h += own.map { $0.isWhole ? "this outcome is the whole." : "this outcome is the part \(e($0.name))." } ?? ""
        h += " Each series is forecast on its own (model chosen by backtest on \(p.historyStart)–\(p.historyEnd)), so the forecasts need not add up; "
        h += "reconciliation (\(e(sel.method.description))) adjusts them so that they do. The outcome's chance of meeting its target above is <b>not</b> changed by this: "
        h += "it comes from \(e(a.method ?? "the outcome's own model")), and the reconciled forecast is shown beside it.</p>\n"
        h += "<table><tr><th>period</th><th>series</th><th>model</th><th>base forecast</th><th>reconciled</th><th>reconciled 95% interval</th></tr>\n"
        for (k, per) in p.periods.enumerated() {
            for node in p.nodes.dropFirst() {
                h += "<tr><td>\(per)</td><td>\(e(node.name))\(node.isOutcome ? " <b>(this outcome)</b>" : "")</td><td>\(e(node.method))</td><td>\(a.display(node.base[k]))</td><td>\(a.display(node.reconciled[k]))</td><td>\(Self.interval(a, node, k))</td></tr>\n"
            }
            let w = p.nodes[0]
            h += "<tr><td>\(per)</td><td><b>sum of the parts</b></td><td></td><td>\(a.display(p.baseSumOfParts[k]))</td><td><b>\(a.display(p.reconciledSumOfParts[k]))</b></td><td></td></tr>\n"
            h += "<tr><td>\(per)</td><td><b>\(e(w.name))</b> (the whole)\(w.isOutcome ? " <b>(this outcome)</b>" : "")</td><td>\(e(w.method))</td><td>\(a.display(w.base[k]))</td><td><b>\(a.display(w.reconciled[k]))</b></td><td>\(Self.interval(a, w, k))</td></tr>\n"
        }
        h += "</table>\n"
        h += "<p class=\"note\">Coherence error (largest |reconciled whole − sum of reconciled parts| over the forecast periods): \(String(format: "%.2g", p.coherenceError)). "
        h += "Before reconciliation the whole's own forecast and the sum of the parts' forecasts differed by up to \(a.display(zip(p.nodes[0].base, p.baseSumOfParts).map { abs($0 - $1) }.max() ?? 0)). "
        h += "In the history the whole equals the sum of the parts to within \(a.display(p.historyGap)). "
        h += "Intervals: Gaussian, from each base forecast's 95% interval width (σ = width / 3.92), through the reconciliation's linear map (docs/Reconciliation.md).</p>\n"
        if let chart = partsChart(a) {
            h += "<figure>\(chart)<figcaption class=\"note\">\(e(sel.whole)) and its parts: history (solid), reconciled forecasts (dashed; grey dashed: the whole's base forecast), the reconciled whole's 95% band, and the sum of the reconciled parts (red points, on the reconciled whole). Figures: <a href=\"\(a.spec.id)-parts.csv\">parts CSV</a>, <a href=\"\(a.spec.id)-parts.svg\">chart SVG</a>.</figcaption></figure>\n"
        }
        return h
    }

    static func interval(_ a: OutcomeAssessment, _ n: PartsReconciliation.Node, _ k: Int) -> String {
        guard let lo = n.lower95, let hi = n.upper95 else { return "–" }
        return "\(a.display(lo[k]))–\(a.display(hi[k]))"
    }

    /// One row per forecast period and series (the whole, each part, the sum of the parts).
    static func partsCSV(_ p: PartsReconciliation) -> String {
        var s = "period,series,role,model,base_mean,mean,lower_95,upper_95\n"
        let num = RecordText.csvOptional
        for (k, per) in p.periods.enumerated() {
            for node in p.nodes {
                let role = (node.isWhole ? "whole" : "part") + (node.isOutcome ? " (outcome)" : "")
                s += RecordText.csvRow(["\(per)", node.name, role, node.method, num(node.base[k]), num(node.reconciled[k]),
                                        num(node.lower95?[k]), num(node.upper95?[k])])
            }
            s += "\(per),sum of the parts,sum,,\(p.baseSumOfParts[k]),\(p.reconciledSumOfParts[k]),,\n"
        }
        return s
    }

    static func partsJSON(_ p: PartsReconciliation) -> [String: Any] {
        ["column": p.selection.column, "whole": p.selection.whole, "method": p.selection.method.description,
         "historyStart": "\(p.historyStart)", "historyEnd": "\(p.historyEnd)", "periods": p.periods.map { "\($0)" },
         "coherenceError": p.coherenceError, "historyGap": p.historyGap,
         "baseSumOfParts": p.baseSumOfParts, "reconciledSumOfParts": p.reconciledSumOfParts,
         "nodes": p.nodes.map { n -> [String: Any] in
             ["name": n.name, "whole": n.isWhole, "outcome": n.isOutcome, "model": n.model.rawValue, "method": n.method,
              "base": n.base, "reconciled": n.reconciled, "lower95": n.lower95 ?? [], "upper95": n.upper95 ?? []]
         }]
    }
}
