// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import SeriesData

/// A small SVG line-chart writer for the report: numeric x (period index) and y axes with
/// ticks and labels, polylines, shaded bands, reference lines and a legend. Output is
/// self-contained SVG 1.1 text (no scripts, no external fonts).
struct SVGChart {
    struct Series { var label: String; var points: [(Double, Double)]; var color: String; var dashed = false; var width = 2.0 }
    struct Band { var label: String; var lower: [(Double, Double)]; var upper: [(Double, Double)]; var color: String; var opacity: Double }
    struct HLine { var label: String; var y: Double; var color: String }
    struct VLine { var label: String; var x: Double; var color: String }

    var title: String
    var yLabel: String
    var xTickLabels: [(Double, String)]
    var series: [Series] = []
    var bands: [Band] = []
    var hLines: [HLine] = []
    var vLines: [VLine] = []
    var width = 760.0, height = 420.0

    static func esc(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// "Nice" tick values covering [lo, hi] (1-2-5 steps).
    static func ticks(_ lo: Double, _ hi: Double, count: Int = 6) -> [Double] {
        guard hi > lo else { return [lo] }
        let raw = (hi - lo) / Double(count)
        let mag = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 2.5, 5, 10].map { $0 * mag }.first { $0 >= raw } ?? raw
        // Integer multiples of the step (no accumulated rounding).
        let first = Int(ceil(lo / step)), last = Int(floor(hi / step + 1e-9))
        return first <= last ? (first...last).map { Double($0) * step } : [lo]
    }

    /// Axis label: thousands separated from 1,000 up (`NumberFormatting.axis`).
    static func label(_ v: Double) -> String { NumberFormatting.axis(v) }

    /// The points split at non-finite y values (gaps), each run in order.
    static func runs(_ points: [(Double, Double)]) -> [[(Double, Double)]] {
        var out: [[(Double, Double)]] = [[]]
        for p in points {
            if p.1.isFinite { out[out.count - 1].append(p) } else if !out[out.count - 1].isEmpty { out.append([]) }
        }
        return out.filter { !$0.isEmpty }
    }

    func render() -> String {
        let left = 78.0, right = 20.0, top = 40.0, bottom = 128.0
        let pw = width - left - right, ph = height - top - bottom
        var xs: [Double] = series.flatMap { $0.points.map(\.0) } + vLines.map(\.x)
        var ys: [Double] = series.flatMap { $0.points.map(\.1) } + hLines.map(\.y)
        for b in bands { xs += b.lower.map(\.0); ys += b.lower.map(\.1) + b.upper.map(\.1) }
        ys = ys.filter(\.isFinite)
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
        let stride = max(1, Int((Double(xTickLabels.count) / 12).rounded(.up)))
        for (i, (x, l)) in xTickLabels.enumerated() where i % stride == 0 {
            s += String(format: "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#999\"/>", px(x), px(x), top + ph, top + ph + 4)
            s += String(format: "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" transform=\"rotate(-35 %.1f %.1f)\">%@</text>\n",
                         px(x), top + ph + 16, px(x), top + ph + 16, Self.esc(l) as NSString)
        }
        s += String(format: "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" stroke=\"#999\"/>\n", left, top, pw, ph)
        for b in bands {
            let poly = path(b.lower) + " " + path(b.upper.reversed())
            s += "<polygon points=\"\(poly)\" fill=\"\(b.color)\" fill-opacity=\"\(b.opacity)\" stroke=\"none\"/>\n"
        }
        for h in hLines {
            s += String(format: "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"%@\" stroke-dasharray=\"6 4\" stroke-width=\"1.5\"/>\n",
                        left, left + pw, py(h.y), py(h.y), h.color as NSString)
        }
        for v in vLines {
            s += String(format: "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"%@\" stroke-dasharray=\"2 3\" stroke-width=\"1.5\"/>", px(v.x), px(v.x), top, top + ph, v.color as NSString)
            s += String(format: "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" fill=\"%@\">%@</text>\n", px(v.x) - 4, top + 14, v.color as NSString, Self.esc(v.label) as NSString)
        }
        for sr in series where !sr.points.isEmpty {
            // A non-finite y is a gap (a missing month): the line breaks there rather than
            // drawing a straight line across it.
            for run in Self.runs(sr.points) where !run.isEmpty {
                s += "<polyline points=\"\(path(run))\" fill=\"none\" stroke=\"\(sr.color)\" stroke-width=\"\(sr.width)\"\(sr.dashed ? " stroke-dasharray=\"5 3\"" : "")/>\n"
            }
            for p in sr.points where p.1.isFinite && sr.points.count <= 60 {
                s += String(format: "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%@\"/>", px(p.0), py(p.1), sr.width == 0 ? 4.5 : 2.5, sr.color as NSString)
            }
            s += "\n"
        }
        // Legend below the plot.
        var lx = left, ly = height - 48
        func legend(_ label: String, _ swatch: String) {
            if lx + 24 + Double(label.count) * 6.6 > width - right { lx = left; ly += 18 }
            s += String(format: "<g transform=\"translate(%.1f,%.1f)\">%@<text x=\"22\" y=\"4\">%@</text></g>\n", lx, ly, swatch as NSString, Self.esc(label) as NSString)
            lx += 30 + Double(label.count) * 6.6
        }
        for sr in series where !sr.points.isEmpty {
            legend(sr.label, sr.width == 0
                ? "<circle cx=\"9\" cy=\"0\" r=\"4\" fill=\"\(sr.color)\"/>"
                : "<line x1=\"0\" x2=\"18\" y1=\"0\" y2=\"0\" stroke=\"\(sr.color)\" stroke-width=\"\(sr.width)\"\(sr.dashed ? " stroke-dasharray=\"5 3\"" : "")/>")
        }
        for b in bands { legend(b.label, "<rect x=\"0\" y=\"-5\" width=\"18\" height=\"10\" fill=\"\(b.color)\" fill-opacity=\"\(b.opacity)\"/>") }
        for h in hLines { legend(h.label, "<line x1=\"0\" x2=\"18\" y1=\"0\" y2=\"0\" stroke=\"\(h.color)\" stroke-dasharray=\"6 4\" stroke-width=\"1.5\"/>") }
        s += "</svg>\n"
        return s
    }
}
