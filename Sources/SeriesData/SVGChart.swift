// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

/// A small SVG chart writer shared by the report and every `--plot` of the command line:
/// numeric x (period index, or any number) and y axes with ticks and labels, polylines,
/// scatter points, shaded bands, reference lines, point labels and a legend. Output is
/// self-contained SVG 1.1 text (no scripts, no external fonts). A series with an empty label
/// has no legend entry.
///
/// A point whose y is not finite (NaN) is a missing period: lines and bands **break** there
/// rather than drawing a straight line across it.
public struct SVGChart: Sendable {
    public struct Series: Sendable {
        public var label: String; public var points: [(Double, Double)]; public var color: String
        public var dashed = false; public var width = 2.0
        /// Points only (no line), e.g. a funnel plot's areas.
        public var scatter = false
        public init(label: String, points: [(Double, Double)], color: String, dashed: Bool = false, width: Double = 2.0, scatter: Bool = false) {
            self.label = label; self.points = points; self.color = color; self.dashed = dashed; self.width = width; self.scatter = scatter
        }
    }
    public struct Band: Sendable {
        public var label: String; public var lower: [(Double, Double)]; public var upper: [(Double, Double)]
        public var color: String; public var opacity: Double
        public init(label: String, lower: [(Double, Double)], upper: [(Double, Double)], color: String, opacity: Double) {
            self.label = label; self.lower = lower; self.upper = upper; self.color = color; self.opacity = opacity
        }
    }
    public struct HLine: Sendable {
        public var label: String; public var y: Double; public var color: String
        public init(label: String, y: Double, color: String) { self.label = label; self.y = y; self.color = color }
    }
    public struct VLine: Sendable {
        public var label: String; public var x: Double; public var color: String
        public init(label: String, x: Double, color: String) { self.label = label; self.x = x; self.color = color }
    }
    /// A text label at a data point (e.g. an outlier's name).
    public struct PointLabel: Sendable {
        public var x: Double; public var y: Double; public var text: String; public var color: String
        public init(x: Double, y: Double, text: String, color: String = "#111111") { self.x = x; self.y = y; self.text = text; self.color = color }
    }

    /// A line between two data points (e.g. a confidence interval's whisker).
    public struct Segment: Sendable {
        public var x0: Double, y0: Double, x1: Double, y1: Double; public var color: String
        public init(x0: Double, y0: Double, x1: Double, y1: Double, color: String) {
            self.x0 = x0; self.y0 = y0; self.x1 = x1; self.y1 = y1; self.color = color
        }
    }

    public var title: String
    public var yLabel: String
    /// Tick positions and labels of the x axis (periods, or numbers).
    public var xTickLabels: [(Double, String)]
    /// Title of the x axis (e.g. "financial year", "denominator (assessments)").
    public var xLabel: String = ""
    public var series: [Series] = []
    public var bands: [Band] = []
    public var hLines: [HLine] = []
    public var vLines: [VLine] = []
    public var labels: [PointLabel] = []
    public var segments: [Segment] = []
    public var width = 760.0, height = 420.0

    public init(title: String, yLabel: String, xTickLabels: [(Double, String)], xLabel: String = "") {
        self.title = title; self.yLabel = yLabel; self.xTickLabels = xTickLabels; self.xLabel = xLabel
    }

    /// Runs of consecutive points with finite y (a NaN y ends a run).
    static func runs(_ pts: [(Double, Double)]) -> [[(Double, Double)]] {
        var out: [[(Double, Double)]] = [], cur: [(Double, Double)] = []
        for p in pts {
            if p.1.isFinite && p.0.isFinite { cur.append(p) } else if !cur.isEmpty { out.append(cur); cur = [] }
        }
        if !cur.isEmpty { out.append(cur) }
        return out
    }

    public static func esc(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// "Nice" tick values covering [lo, hi] (1-2-5 steps).
    public static func ticks(_ lo: Double, _ hi: Double, count: Int = 6) -> [Double] {
        guard hi > lo else { return [lo] }
        let raw = (hi - lo) / Double(count)
        let mag = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 2.5, 5, 10].map { $0 * mag }.first { $0 >= raw } ?? raw
        // Integer multiples of the step (no accumulated rounding).
        let first = Int(ceil(lo / step)), last = Int(floor(hi / step + 1e-9))
        return first <= last ? (first...last).map { Double($0) * step } : [lo]
    }

    /// Axis label: thousands separated from 1,000 up (`NumberFormatting.axis`), no "-0".
    public static func label(_ v: Double) -> String { NumberFormatting.axis(v == 0 ? 0 : v) }

    public func render() -> String {
        let left = 78.0, right = 20.0, top = 40.0, bottom = 128.0
        // Rotated x labels longer than a period label need more room: the chart grows downwards.
        let stride = max(1, Int((Double(xTickLabels.count) / 12).rounded(.up)))
        let longest = xTickLabels.enumerated().filter { $0.offset % stride == 0 }.map { $0.element.1.count }.max() ?? 0
        let height = self.height + max(0, (Double(longest) - 10) * 6.2 * 0.574)
        let pw = width - left - right, ph = self.height - top - bottom
        var xs: [Double] = series.flatMap { $0.points.filter { $0.1.isFinite }.map(\.0) } + vLines.map(\.x)
        var ys: [Double] = series.flatMap { $0.points.map(\.1) } + hLines.map(\.y)
        for b in bands { xs += b.lower.map(\.0); ys += b.lower.map(\.1) + b.upper.map(\.1) }
        for g in segments { xs += [g.x0, g.x1]; ys += [g.y0, g.y1] }
        ys = ys.filter(\.isFinite)
        xs = xs.filter(\.isFinite)
        let x0 = xs.min() ?? 0, x1 = max(xs.max() ?? 1, x0 + 1)
        var y0 = ys.min() ?? 0, y1 = ys.max() ?? 1
        let pad = max((y1 - y0) * 0.08, abs(y1) * 0.02, 1e-9)
        y0 -= pad; y1 += pad
        if y0 > 0 && y0 < (y1 - y0) * 0.5 { y0 = 0 }
        func px(_ x: Double) -> Double { left + (x - x0) / (x1 - x0) * pw }
        func py(_ y: Double) -> Double { top + (1 - (y - y0) / (y1 - y0)) * ph }
        func path(_ pts: [(Double, Double)]) -> String {
            pts.filter { $0.1.isFinite }.map { String(format: "%.1f,%.1f", px($0.0), py($0.1)) }.joined(separator: " ")
        }
        var s = """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" viewBox="0 0 \(Int(width)) \(Int(height))" font-family="Helvetica, Arial, sans-serif" font-size="12" role="img" aria-label="\(Self.esc(title))">
        <rect width="100%" height="100%" fill="#ffffff"/>
        <text x="\(Int(left))" y="22" font-size="15" font-weight="bold">\(Self.esc(title))</text>

        """
        // Grid and y axis.
        for t in Self.ticks(y0, y1) {
            s += String(format: "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#e3e3e3\"/>", left, left + pw, py(t), py(t))
            s += String(format: "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%@</text>\n", left - 6, py(t) + 4, Self.label(t) as NSString)
        }
        s += String(format: "<text transform=\"translate(16,%.1f) rotate(-90)\" text-anchor=\"middle\">%@</text>\n", top + ph / 2, Self.esc(yLabel) as NSString)
        // x ticks (thinned to at most ~12 labels).
        for (i, (x, l)) in xTickLabels.enumerated() where i % stride == 0 {
            s += String(format: "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#999\"/>", px(x), px(x), top + ph, top + ph + 4)
            s += String(format: "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" transform=\"rotate(-35 %.1f %.1f)\">%@</text>\n",
                         px(x), top + ph + 16, px(x), top + ph + 16, Self.esc(l) as NSString)
        }
        s += String(format: "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" stroke=\"#999\"/>\n", left, top, pw, ph)
        for b in bands {
            // One polygon per run of points where both limits are finite.
            let n = min(b.lower.count, b.upper.count)
            var i = 0
            while i < n {
                guard b.lower[i].1.isFinite && b.upper[i].1.isFinite else { i += 1; continue }
                var j = i
                while j + 1 < n && b.lower[j + 1].1.isFinite && b.upper[j + 1].1.isFinite { j += 1 }
                let poly = path(Array(b.lower[i...j])) + " " + path(Array(b.upper[i...j]).reversed())
                s += "<polygon points=\"\(poly)\" fill=\"\(b.color)\" fill-opacity=\"\(b.opacity)\" stroke=\"none\"/>\n"
                i = j + 1
            }
        }
        for h in hLines {
            s += String(format: "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"%@\" stroke-dasharray=\"6 4\" stroke-width=\"1.5\"/>\n",
                        left, left + pw, py(h.y), py(h.y), h.color as NSString)
        }
        for v in vLines {
            s += String(format: "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"%@\" stroke-dasharray=\"2 3\" stroke-width=\"1.5\"/>", px(v.x), px(v.x), top, top + ph, v.color as NSString)
            s += String(format: "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" fill=\"%@\">%@</text>\n", px(v.x) - 4, top + 14, v.color as NSString, Self.esc(v.label) as NSString)
        }
        for g in segments where [g.x0, g.y0, g.x1, g.y1].allSatisfy(\.isFinite) {
            s += String(format: "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"%@\" stroke-width=\"1.2\"/>", px(g.x0), px(g.x1), py(g.y0), py(g.y1), g.color as NSString)
        }
        for sr in series where !sr.points.isEmpty {
            if !sr.scatter {
                // A separate polyline per run: no line is drawn across a missing period.
                for run in Self.runs(sr.points) {
                    s += "<polyline points=\"\(path(run))\" fill=\"none\" stroke=\"\(sr.color)\" stroke-width=\"\(sr.width)\"\(sr.dashed ? " stroke-dasharray=\"5 3\"" : "")/>\n"
                }
            }
            for p in sr.points where p.1.isFinite && (sr.scatter || sr.points.count <= 60) {
                s += String(format: "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%@\"/>", px(p.0), py(p.1), sr.scatter ? 3.5 : (sr.width == 0 ? 4.5 : 2.5), sr.color as NSString)
            }
            s += "\n"
        }
        for l in labels where l.x.isFinite && l.y.isFinite {
            let anchor = px(l.x) > left + pw * 0.8 ? "end" : "start"
            s += String(format: "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%@\" fill=\"%@\" font-size=\"11\">%@</text>\n",
                        px(l.x) + (anchor == "end" ? -6 : 6), py(l.y) - 5, anchor as NSString, l.color as NSString, Self.esc(l.text) as NSString)
        }
        if !xLabel.isEmpty {
            s += String(format: "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%@</text>\n", left + pw / 2, height - 62, Self.esc(xLabel) as NSString)
        }
        // Legend below the plot.
        var lx = left, ly = height - 48
        func legend(_ label: String, _ swatch: String) {
            if lx + 24 + Double(label.count) * 6.6 > width - right { lx = left; ly += 18 }
            s += String(format: "<g transform=\"translate(%.1f,%.1f)\">%@<text x=\"22\" y=\"4\">%@</text></g>\n", lx, ly, swatch as NSString, Self.esc(label) as NSString)
            lx += 30 + Double(label.count) * 6.6
        }
        for sr in series where !sr.points.isEmpty && !sr.label.isEmpty {
            legend(sr.label, sr.width == 0 || sr.scatter
                ? "<circle cx=\"9\" cy=\"0\" r=\"4\" fill=\"\(sr.color)\"/>"
                : "<line x1=\"0\" x2=\"18\" y1=\"0\" y2=\"0\" stroke=\"\(sr.color)\" stroke-width=\"\(sr.width)\"\(sr.dashed ? " stroke-dasharray=\"5 3\"" : "")/>")
        }
        for b in bands { legend(b.label, "<rect x=\"0\" y=\"-5\" width=\"18\" height=\"10\" fill=\"\(b.color)\" fill-opacity=\"\(b.opacity)\"/>") }
        for h in hLines { legend(h.label, "<line x1=\"0\" x2=\"18\" y1=\"0\" y2=\"0\" stroke=\"\(h.color)\" stroke-dasharray=\"6 4\" stroke-width=\"1.5\"/>") }
        s += "</svg>\n"
        return s
    }
}
