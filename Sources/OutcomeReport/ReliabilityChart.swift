// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Outcomes
import SeriesData

extension CalibrationSummary {
    /// The reliability diagram as a self-contained SVG: mean P(met) of each bin against the share
    /// of its forecasts that came true, with the diagonal of perfect calibration, the bin counts,
    /// and (optionally) a second method for comparison in grey.
    public func reliabilitySVG(title: String, comparison: CalibrationSummary? = nil) -> String {
        let w = 460.0, h = 420.0, left = 60.0, top = 40.0, pw = 340.0, ph = 300.0
        func px(_ v: Double) -> Double { left + v * pw }
        func py(_ v: Double) -> Double { top + (1 - v) * ph }
        let e = SVGChart.esc
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(w))\" height=\"\(Int(h))\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\" role=\"img\" aria-label=\"reliability diagram\">"
        s += "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>"
        s += "<text x=\"\(left)\" y=\"20\" font-size=\"14\" font-weight=\"bold\">\(e(title))</text>"
        for t in stride(from: 0.0, through: 1.0, by: 0.2) {
            s += String(format: "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#e3e3e3\"/>", px(0), px(1), py(t), py(t))
            s += String(format: "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#e3e3e3\"/>", px(t), px(t), py(0), py(1))
            s += String(format: "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%.1f</text>", left - 6, py(t) + 4, t)
            s += String(format: "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%.1f</text>", px(t), py(0) + 16, t)
        }
        s += String(format: "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#000\" stroke-dasharray=\"5 4\"/>", px(0), py(0), px(1), py(1))
        func series(_ c: CalibrationSummary, colour: String) -> String {
            let pts = c.bins.filter { $0.count > 0 }
            var out = "<polyline fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\" points=\""
            out += pts.map { String(format: "%.1f,%.1f", px($0.meanProbability), py($0.observedFrequency)) }.joined(separator: " ") + "\"/>"
            for b in pts {
                let r = 3 + 9 * (Double(b.count) / Double(max(1, c.count))).squareRoot()
                out += String(format: "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%@\" fill-opacity=\"0.6\"><title>P %.2f–%.2f: %d forecasts, mean P %.3f, observed %.3f</title></circle>", px(b.meanProbability), py(b.observedFrequency), r, colour as NSString, b.lower, b.upper, b.count, b.meanProbability, b.observedFrequency)
            }
            return out
        }
        if let c = comparison { s += series(c, colour: "#999999") }
        s += series(self, colour: "#1f5fa8")
        s += "<text x=\"\(px(0.5))\" y=\"\(py(0) + 34)\" text-anchor=\"middle\">forecast P(met) (bin mean)</text>"
        s += "<text transform=\"translate(16 \(py(0.5))) rotate(-90)\" text-anchor=\"middle\">share that met the target</text>"
        var ly = top + 8
        func legend(_ label: String, _ colour: String) {
            s += "<rect x=\"\(px(0.03))\" y=\"\(ly - 9)\" width=\"12\" height=\"12\" fill=\"\(colour)\"/><text x=\"\(px(0.03) + 18)\" y=\"\(ly + 1)\">\(e(label))</text>"
            ly += 18
        }
        legend(String(format: "%@: Brier skill %+.2f, n %d", method, skill, count), "#1f5fa8")
        if let c = comparison { legend(String(format: "%@: Brier skill %+.2f, n %d", c.method, c.skill, c.count), "#999999") }
        s += "<text x=\"\(left)\" y=\"\(h - 8)\" fill=\"#555\">Dashed: perfect calibration. Circle area ∝ forecasts in the bin.</text>"
        return s + "</svg>"
    }
}
