// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import SeriesData

extension FunnelPlot.Result {
    /// The funnel chart: every area as a point (denominator across, percentage up), the 95% and
    /// 99.8% limits around the target, the highlighted area in red and labelled, and up to
    /// `maxLabels` areas beyond the 99.8% limits labelled by name (most extreme first).
    ///
    /// `scale` multiplies values and limits (100: per cent; 100,000: per 100,000). Limits are
    /// drawn from 0.9 × the smallest to 1.05 × the largest denominator (sizes below 1 allowed
    /// for rates, e.g. person-years in thousands). O(160 · quantile) for the curves.
    public func svg(title: String, yLabel: String, xLabel: String, targetLabel: String, highlight: String? = nil,
                    names: [String: String] = [:], scale: Double = 100, maxLabels: Int = 8,
                    proportionLimits: FunnelPlot.ProportionLimits = .exactBinomial) -> String {
        let sizes = points.map(\.denominator)
        var lo = (sizes.min() ?? 1) * 0.9
        if statistic == .proportion { lo = max(1, lo) }
        let hi = max(lo * 1.5, (sizes.max() ?? 2) * 1.05)
        let xt = SVGChart.ticks(0, hi).map { ($0, SVGChart.label($0)) }
        var chart = SVGChart(title: title, yLabel: yLabel, xTickLabels: xt, xLabel: xLabel)
        let curve = FunnelPlot.curve(statistic: statistic, target: target, minSize: lo, maxSize: hi, count: 160, tau2: tau2,
                                     proportionLimits: proportionLimits)
        for (label, lower, upper, dashed) in [("99.8% limits", \FunnelPlot.Limits.lower998, \FunnelPlot.Limits.upper998, false),
                                              ("95% limits", \FunnelPlot.Limits.lower95, \FunnelPlot.Limits.upper95, true)] {
            chart.series.append(.init(label: label, points: curve.map { ($0.size, $0[keyPath: lower] * scale) }, color: dashed ? "#4a7fb5" : "#1f4e79", dashed: dashed, width: 1.5))
            chart.series.append(.init(label: "", points: curve.map { ($0.size, $0[keyPath: upper] * scale) }, color: dashed ? "#4a7fb5" : "#1f4e79", dashed: dashed, width: 1.5))
        }
        chart.hLines.append(.init(label: "\(targetLabel) \(SVGChart.label(target * scale))", y: target * scale, color: "#000000"))
        let others = points.filter { $0.area != highlight }
        chart.series.append(.init(label: "areas (\(points.count))", points: others.map { ($0.denominator, $0.value * scale) }, color: "#8a8a8a", scatter: true))
        if let h = highlight, let p = points.first(where: { $0.area == h }) {
            let name = names[h] ?? h
            chart.series.append(.init(label: name, points: [(p.denominator, p.value * scale)], color: "#c0392b", scatter: true))
            chart.labels.append(.init(x: p.denominator, y: p.value * scale, text: "\(name) \(SVGChart.label(p.value * scale))", color: "#c0392b"))
        }
        let outliers = points.filter { ($0.classification == .above998 || $0.classification == .below998) && $0.area != highlight }
            .sorted { abs($0.value - target) * $0.denominator.squareRoot() > abs($1.value - target) * $1.denominator.squareRoot() }
        for p in outliers.prefix(maxLabels) {
            chart.labels.append(.init(x: p.denominator, y: p.value * scale, text: names[p.area] ?? p.area, color: "#555555"))
        }
        return chart.render()
    }
}

