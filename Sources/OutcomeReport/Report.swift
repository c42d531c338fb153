// SPDX-License-Identifier: GPL-3.0-or-later
import ForecastCore
import Foundation
import Indicators
import Outcomes
import SeriesData

// Renderings of an assessment run: JSON, CSV, SVG charts and one self-contained HTML page.

/// Why the report folder could not be written.
public enum ReportWriteError: Error, CustomStringConvertible {
    case notAFolder(String, String)
    public var description: String {
        switch self {
        case let .notAFolder(path, why): return "--report '\(path)' \(why); give a folder path (it is replaced whole by the new report)"
        }
    }
}

extension AssessmentRun {
    /// Every figure of the run as a JSON-ready dictionary.
    func jsonObject() -> [String: Any] {
        let num = RecordText.jsonSerializationValue
        let outcomes: [[String: Any]] = assessments.map { a in
            var o: [String: Any] = [
                "id": a.spec.id, "title": a.spec.title, "strategyOutcome": a.spec.strategyOutcome,
                "standsFor": a.spec.standsFor, "dataGaps": a.spec.dataGaps, "unit": a.spec.series.unit,
                "status": a.status.rawValue, "probability": num(a.probability), "monteCarloError": num(a.monteCarloError),
                "paths": a.spec.paths, "seed": a.spec.seed,
                "target": ["rule": a.spec.target.rule.rawValue, "baseline": a.spec.target.baseline.map { "\($0)" } ?? NSNull(),
                           "baselineValue": num(a.baselineValue), "threshold": num(a.threshold),
                           "deadline": "\(a.spec.target.deadline)", "statement": a.spec.target.statement] as [String: Any],
                "history": zip(a.history.periods, a.history.observations).map { ["period": "\($0)", "value": num($1)] },
                "trend": a.trend.map { ["direction": $0.direction.rawValue, "pValue": num($0.pValue), "senSlope": num($0.slope), "method": $0.method] as [String: Any] } ?? NSNull(),
                "model": a.chosenModel?.rawValue ?? NSNull(), "method": a.method ?? NSNull(), "modelDetail": a.modelDetail ?? NSNull(),
                "backtest": a.backtest.map { ["model": $0.model.rawValue, "mase": num($0.mase), "errors": $0.errors, "failures": $0.failures] },
                "notes": a.notes,
                "rows": ["file": a.account.file, "read": a.account.rowsRead, "used": a.account.rowsUsed,
                         "rejected": a.account.rejected.map { ["reason": $0.reason, "count": $0.count] },
                         "flagged": a.account.flagged.map { ["reason": $0.reason, "count": $0.count] }] as [String: Any],
            ]
            if let f = a.forecast {
                o["forecast"] = a.forecastPeriods.enumerated().map { k, p -> [String: Any] in
                    var row: [String: Any] = ["period": "\(p)", "mean": f.mean[k]]
                    for iv in f.intervals where [80.0, 95.0].contains(iv.level) {
                        row["lower\(Int(iv.level))"] = iv.lower[k]
                        row["upper\(Int(iv.level))"] = iv.upper[k]
                    }
                    return row
                }
            }
            if let s = a.simulatedSummary {
                o["deadlineSimulation"] = ["mean": s.mean, "p10": s.p10, "p50": s.p50, "p90": s.p90]
            }
            if let b = a.benchmark {
                o["benchmark"] = ["label": b.label, "period": "\(b.period)", "areaValue": b.areaValue,
                                  "benchmarkValue": b.benchmarkValue, "ratio": num(a.benchmarkRatio),
                                  "areaChangeSinceBaseline": num(b.areaChangeSinceBaseline),
                                  "benchmarkChangeSinceBaseline": num(b.benchmarkChangeSinceBaseline),
                                  "publishedComparison": b.publishedComparison ?? NSNull(),
                                  "polarity": b.polarity.rawValue] as [String: Any]
            }
            o["calibrated"] = a.calibrated
            if let p = a.parts { o["parts"] = Self.partsJSON(p) }
            if let r = a.replay {
                o["replay"] = ["method": r.method, "question": r.question, "origins": r.origins, "forecasts": r.count,
                               "brier": r.brier, "hindsightClimatology": r.climatology, "skill": r.skill,
                               "skillVsCoin": r.skillVsCoin, "reliability": r.reliability, "resolution": r.resolution,
                               "uncertainty": r.uncertainty, "logScore": r.logScore, "crps": r.crps,
                               "coverage80": r.coverage80, "coverage95": r.coverage95, "observedShare": r.observedShare,
                               "bins": r.bins.map { ["lower": $0.lower, "upper": $0.upper, "count": $0.count,
                                                      "meanProbability": num($0.meanProbability), "observedFrequency": num($0.observedFrequency)] as [String: Any] }] as [String: Any]
            }
            o["calibration"] = a.calibration.map {
                ["period": "\($0.period)", "actual": $0.actual, "forecast": $0.forecast, "inside80": $0.inside80,
                 "inside95": $0.inside95, "pit": $0.pit] as [String: Any]
            }
            return o
        }
        return ["strategy": strategy.name, "deadline": strategy.deadline, "asOf": asOf.map { "\($0)" } ?? NSNull(),
                "statusThresholds": ["onTrack": 0.75, "offTrack": 0.25], "outcomes": outcomes,
                "notAssessable": strategy.outcomes.filter { $0.specs.isEmpty }.map { ["outcome": $0.text, "needs": $0.missingData] }]
    }

    /// The run as pretty-printed JSON.
    public func json() throws -> String {
        try RecordText.jsonText(jsonObject())
    }

    /// The fan chart of one outcome: history, forecast mean, 80/95% bands, target line,
    /// deadline marker and (for rates) the benchmark series.
    func fanChart(_ a: OutcomeAssessment) -> String {
        let allPeriods = a.history.periods + a.forecastPeriods
        guard let first = allPeriods.first else { return "" }
        func x(_ p: Period) -> Double { Double(first.distance(to: p)) }
        var chart = SVGChart(title: a.spec.title, yLabel: a.spec.series.unit,
                             xTickLabels: allPeriods.map { (x($0), "\($0)") })
        // Missing months stay in as NaN so the line breaks at them (SVGChart.runs).
        let hist = zip(a.history.periods, a.history.observations).map { p, v in (x(p), v ?? .nan) }
        if let f = a.forecast, let lastHist = hist.last(where: { $0.1.isFinite }) {
            for (level, color, op) in [(95.0, "#4a7fb5", 0.18), (80.0, "#4a7fb5", 0.32)] {
                guard let iv = f.interval(level) else { continue }
                let xs = a.forecastPeriods.map(x)
                chart.bands.append(.init(label: "\(Int(level))% prediction interval",
                                         lower: [lastHist] + Array(zip(xs, iv.lower)), upper: [lastHist] + Array(zip(xs, iv.upper)),
                                         color: color, opacity: op))
            }
            chart.series.append(.init(label: "forecast (\(a.method ?? ""))", points: [lastHist] + Array(zip(a.forecastPeriods.map(x), f.mean)),
                                      color: "#1f4e79", dashed: true))
        }
        chart.series.insert(.init(label: "observed", points: hist, color: "#111111"), at: 0)
        // With --as-of: what was observed afterwards, for checking the projection by eye.
        let later = a.forecastPeriods.compactMap { p in a.fullSeries[p].map { (x(p), $0) } }
        if !later.isEmpty {
            chart.series.append(.init(label: "observed after the as-of date", points: later, color: "#e67e22", width: 0))
        }
        if let b = a.benchmark, a.spec.series.measure != .count {
            let pts = zip(b.series.periods, b.series.observations).compactMap { p, v -> (Double, Double)? in
                guard let v, p >= first else { return nil }
                return (x(p), v)
            }
            chart.series.append(.init(label: b.label, points: pts, color: "#888888", width: 1.5))
        }
        if let t = a.threshold { chart.hLines.append(.init(label: "target: \(targetPhrase(a))", y: t, color: "#c0392b")) }
        let d = a.spec.target.deadline
        if d >= first { chart.vLines.append(.init(label: "deadline \(d)", x: x(d), color: "#c0392b")) }
        if let asOf = a.asOf { chart.vLines.append(.init(label: "as of \(asOf)", x: x(a.history.end), color: "#555555")) }
        return chart.render()
    }

    /// All areas at the comparison period, sorted, coloured by the publisher's label, with the
    /// outcome's area marked and the benchmark as a line.
    func allAreasChart(_ a: OutcomeAssessment) -> String? {
        guard let b = a.benchmark, b.allAreas.count > 2 else { return nil }
        let areaKeys = Set(a.spec.series.select.values.flatMap { $0 })
        let benchKeys = Set(b.label.isEmpty ? [] : (a.spec.benchmark?.select.values.flatMap { $0 } ?? []))
        let rows = b.allAreas.filter { !benchKeys.contains($0.area) }.sorted { $0.value < $1.value }
        let colors = ["Better": "#2e7d32", "Similar": "#f9a825", "Worse": "#c62828", "Lower": "#1565c0", "Higher": "#6a1b9a"]
        let w = 760.0, h = 300.0, left = 70.0, right = 20.0, top = 40.0, bottom = 50.0
        let pw = w - left - right, ph = h - top - bottom
        let hi = (rows.map(\.value) + [b.benchmarkValue]).max()! * 1.08
        func py(_ v: Double) -> Double { top + (1 - v / hi) * ph }
        let bw = pw / Double(rows.count)
        let e = SVGChart.esc
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(w))\" height=\"\(Int(h))\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\" role=\"img\" aria-label=\"all areas\">"
        s += "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/><text x=\"\(Int(left))\" y=\"22\" font-size=\"15\" font-weight=\"bold\">\(e(a.spec.title.components(separatedBy: ",").first ?? "")): all \(rows.count) areas, \(b.period)</text>"
        for t in SVGChart.ticks(0, hi) {
            s += String(format: "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#e3e3e3\"/><text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%@</text>", left, left + pw, py(t), py(t), left - 6, py(t) + 4, SVGChart.label(t) as NSString)
        }
        for (i, r) in rows.enumerated() {
            let mine = areaKeys.contains(r.area)
            s += String(format: "<rect x=\"%.2f\" y=\"%.1f\" width=\"%.2f\" height=\"%.1f\" fill=\"%@\"%@/>", left + Double(i) * bw, py(r.value), max(bw - 0.3, 0.5), top + ph - py(r.value), (mine ? "#000000" : colors[r.label] ?? "#9e9e9e") as NSString, mine ? " stroke=\"#000\"" as NSString : "" as NSString)
            if mine {
                s += String(format: "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%@\" font-weight=\"bold\">this area (%@) ▼</text>", left + (Double(i) + 0.5) * bw, py(r.value) - 6, (Double(i) > Double(rows.count) / 2 ? "end" : "start") as NSString, SVGChart.label(r.value) as NSString)
            }
        }
        s += String(format: "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#000\" stroke-dasharray=\"6 4\"/><text x=\"%.1f\" y=\"%.1f\">%@ %@</text>", left, left + pw, py(b.benchmarkValue), py(b.benchmarkValue), left + 4, py(b.benchmarkValue) - 4, e(b.label) as NSString, SVGChart.label(b.benchmarkValue) as NSString)
        s += String(format: "<text transform=\"translate(16,%.1f) rotate(-90)\" text-anchor=\"middle\">%@</text>", top + ph / 2, e(a.spec.series.unit) as NSString)
        var lx = left
        for label in ["Better", "Similar", "Worse"] where rows.contains(where: { $0.label == label }) {
            let n = rows.filter { $0.label == label }.count
            s += String(format: "<rect x=\"%.1f\" y=\"%.1f\" width=\"12\" height=\"12\" fill=\"%@\"/><text x=\"%.1f\" y=\"%.1f\">%@ %@</text>", lx, h - 24, colors[label]! as NSString, lx + 16, h - 14, (label == "Similar" ? "Similar to" : label + " than") as NSString, "\(e(b.label)) (\(n))" as NSString)
            lx += 180
        }
        s += String(format: "<text x=\"%.1f\" y=\"%.1f\">areas sorted by value</text></svg>", lx, h - 14)
        return s
    }

    /// The fan chart's caption, naming only what the chart draws (no forecast is mentioned when
    /// none was made).
    func fanCaption(_ a: OutcomeAssessment) -> String {
        var parts = ["observed values"]
        if a.history.observations.contains(where: { $0 == nil }) { parts[0] += " (the line breaks at missing periods)" }
        if a.forecast != nil { parts.append("the forecast mean (\(a.method ?? "model")) with 80% and 95% prediction intervals") }
        if a.benchmark != nil && a.spec.series.measure != .count { parts.append("the \(a.benchmark!.label) series") }
        if a.threshold != nil { parts.append("the target line") }
        if a.spec.target.deadline >= (a.history.periods.first ?? a.spec.target.deadline) { parts.append("the deadline") }
        let list = parts.count > 1 ? parts.dropLast().joined(separator: ", ") + " and " + parts.last! : parts[0]
        var text = (a.forecast != nil ? "Fan chart: " : "Chart: ") + list + ". Unit: \(a.spec.series.unit)."
        if a.forecast == nil && a.status != .met && a.status != .notMet { text += " No forecast: \(a.status.rawValue.lowercased()) to project." }
        return text
    }

    func targetPhrase(_ a: OutcomeAssessment) -> String {
        let t = a.spec.target
        let v = Self.fmt(a.threshold)
        switch t.rule {
        case .belowBaseline: return "below \(v) (\(t.baseline!))"
        case .aboveBaseline: return "above \(v) (\(t.baseline!))"
        case .relativeChange: return "\(t.value! < 0 ? "≤" : "≥") \(v) (\(String(format: "%+.0f", t.value!))% on \(t.baseline!))"
        case .atLeast: return "at least \(v)"
        case .atMost: return "at most \(v)"
        }
    }

    /// Writes index.html, one SVG per outcome, report.json and CSV files into `dir`.
    /// Returns the files written.
    @discardableResult
    /// - Parameter generator: the producing tool and version, printed on the page.
    ///
    /// The report is built in a fresh staging folder beside `dir` and swapped in whole, so `dir`
    /// holds this run or the previous one, never a mix (files of an earlier run are not left
    /// behind). `dir` must be a folder or not exist; a symbolic link, a file or a device is refused.
    public func writeReport(to dir: URL, generator: String = "SaferCity") throws -> [URL] {
        let fm = FileManager.default
        // Not `standardizedFileURL`: on Linux it resolves symbolic links, which must be refused, not followed.
        let target = URL(fileURLWithPath: dir.path)
        guard !target.lastPathComponent.isEmpty, target.path != "/" else { throw ReportWriteError.notAFolder(dir.path, "is not a folder name") }
        let given = dir.path.hasSuffix("/") && dir.path.count > 1 ? String(dir.path.dropLast()) : dir.path
        if (try? fm.destinationOfSymbolicLink(atPath: given)) != nil {
            throw ReportWriteError.notAFolder(dir.path, "is a symbolic link")
        }
        if let attrs = try? fm.attributesOfItem(atPath: target.path), let type = attrs[.type] as? FileAttributeType {
            guard type == .typeDirectory else {
                throw ReportWriteError.notAFolder(dir.path, type == .typeSymbolicLink ? "is a symbolic link" : "exists and is not a folder")
            }
        }
        let parent = target.deletingLastPathComponent()
        try fm.createDirectory(at: parent, withIntermediateDirectories: true)
        let staging = parent.appendingPathComponent(".\(target.lastPathComponent).new-\(UUID().uuidString)")
        try fm.createDirectory(at: staging, withIntermediateDirectories: false)
        var names: [String] = []
        do {
            try writeReportFiles(into: staging, generator: generator, names: &names)
        } catch {
            try? fm.removeItem(at: staging)
            throw error
        }
        if fm.fileExists(atPath: target.path) {
            let old = parent.appendingPathComponent(".\(target.lastPathComponent).old-\(UUID().uuidString)")
            try fm.moveItem(at: target, to: old)
            do { try fm.moveItem(at: staging, to: target) } catch {
                try? fm.moveItem(at: old, to: target)
                try? fm.removeItem(at: staging)
                throw error
            }
            try? fm.removeItem(at: old)
        } else {
            try fm.moveItem(at: staging, to: target)
        }
        return names.map { target.appendingPathComponent($0) }
    }

    /// An outcome's `-series.csv`: the history (observed, benchmark), then the forecast periods
    /// (observed when known, forecast mean, 80% and 95% limits, benchmark). A value that does not
    /// exist (not observed, an interval the forecast does not have, no benchmark) is an empty field,
    /// as in every CSV writer (`RecordText.csvOptional`).
    static func seriesCSV(_ a: OutcomeAssessment) -> String {
        let num = RecordText.csvOptional
        var series = "period,observed,forecast,lower80,upper80,lower95,upper95,benchmark\n"
        for (p, v) in zip(a.history.periods, a.history.observations) {
            series += "\(p),\(num(v)),,,,,,\(num(a.benchmark?.series[p]))\n"
        }
        if let f = a.forecast {
            let i80 = f.interval(80), i95 = f.interval(95)
            for (k, p) in a.forecastPeriods.enumerated() {
                series += "\(p),\(num(a.fullSeries[p])),\(num(f.mean[k])),\(num(i80?.lower[k])),\(num(i80?.upper[k])),\(num(i95?.lower[k])),\(num(i95?.upper[k])),\(num(a.benchmark?.series[p]))\n"
            }
        }
        return series
    }

    func writeReportFiles(into dir: URL, generator: String, names: inout [String]) throws {
        var written: [String] = []
        defer { names = written }
        func write(_ name: String, _ text: String) throws {
            let u = dir.appendingPathComponent(name)
            try text.write(to: u, atomically: false, encoding: .utf8)
            written.append(name)
        }
        try write("report.json", try json())
        var score = "outcome,status,probability,monte_carlo_error,model,latest_period,latest_value,baseline,baseline_value,threshold,deadline,p10,p50,p90,benchmark_ratio,published_comparison\n"
        for a in assessments {
            let s = a.simulatedSummary
            let num = RecordText.csvOptional
            let cols: [String] = [
                a.spec.id, a.status.rawValue, num(a.probability), num(a.monteCarloError),
                a.chosenModel?.rawValue ?? "", a.history.isEmpty ? "" : "\(a.history.end)",
                num(a.history.observations.last.flatMap { $0 }),
                a.spec.target.baseline.map { "\($0)" } ?? "", num(a.baselineValue),
                num(a.threshold), "\(a.spec.target.deadline)",
                num(s?.p10), num(s?.p50), num(s?.p90),
                num(a.benchmarkRatio), a.benchmark?.publishedComparison ?? "",
            ]
            score += RecordText.csvRow(cols)
            try write("\(a.spec.id)-series.csv", Self.seriesCSV(a))
            var bt = "model,mase,errors,failures,chosen\n"
            for b in a.backtest { bt += "\(b.model.rawValue),\(b.mase),\(b.errors),\(b.failures),\(b.model == a.chosenModel)\n" }
            try write("\(a.spec.id)-backtest.csv", bt)
            let fan = fanChart(a)
            if !fan.isEmpty { try write("\(a.spec.id)-fan.svg", fan) }  // none while an outcome waits for its data file
            if let chart = allAreasChart(a) { try write("\(a.spec.id)-areas.svg", chart) }
            if let chart = funnelChart(a) { try write("\(a.spec.id)-funnel.svg", chart) }
            if let p = a.parts, let chart = partsChart(a) { try write("\(a.spec.id)-parts.csv", Self.partsCSV(p)); try write("\(a.spec.id)-parts.svg", chart) }
            if let r = a.replay {
                try write("\(a.spec.id)-reliability.svg", r.reliabilitySVG(title: "How often P(met) came true — \(a.spec.title)"))
                try write("\(a.spec.id)-replay.csv", ReplayRecord.csv([("pooled-change", a.replayRecords)]))
            }
        }
        try write("scorecard.csv", score)
        try write("index.html", html(generator: generator))
    }

    /// The self-contained HTML page (SVG inlined, CSS inlined, no scripts or network).
    func html(generator: String) -> String {
        let e = SVGChart.esc
        var h = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8">
        <title>\(e(strategy.name)) — outcome assessment</title>
        <style>
        body{font-family:Helvetica,Arial,sans-serif;margin:2em auto;max-width:1000px;color:#222;line-height:1.4}
        table{border-collapse:collapse;margin:1em 0;font-size:14px}th,td{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}
        th{background:#f0f0f0}.s-ontrack{background:#d4edda}.s-atrisk{background:#fff3cd}.s-offtrack{background:#f8d7da}
        .s-met{background:#d4edda}.s-notmet{background:#f8d7da}.s-insufficientdata{background:#e2e3e5}
        section{border-top:2px solid #ddd;margin-top:2em}.note{color:#555;font-size:13px}
        </style></head><body>
        <h1>\(e(strategy.name))</h1>
        <p>Outcome assessment\(asOf.map { " as it would have looked at <b>\($0)</b> (later data ignored)" } ?? " on all bundled data"). Deadline: \(e(strategy.deadline)). Generated by \(e(generator)).</p>
        <section id="summary"><h2>In brief</h2><p>\(e(plainSummary()))</p>\(warnings.map { "<p class=\"note\">Warning: \(e($0))</p>" }.joined())</section>
        <section id="scorecard"><h2>Scorecard</h2>
        <table><tr><th>Outcome (strategy wording)</th><th>Measure</th><th>Latest</th><th>Trend (Mann–Kendall, 5%)</th><th>Target</th><th>Projected at deadline (median, 80% range)</th><th>Chance the target is met</th><th>Status</th><th>vs England</th></tr>

        """
        for a in assessments {
            let cls = "s-" + a.status.rawValue.lowercased().replacingOccurrences(of: " ", with: "")
            let latest = a.history.isEmpty ? "–" : "\(a.display(a.history.observations.last!)) (\(a.history.end))"
            var proj = a.simulatedSummary.map { "\(a.display($0.p50)) (\(a.display($0.p10))–\(a.display($0.p90)))" } ?? "–"
            if a.isObserved, let v = a.history[a.spec.target.deadline] { proj = "\(a.display(v)) observed" }
            // Observed at the deadline: no probability, the status says Met / Not met.
            let p = a.isObserved ? "observed" : a.probability.map { NumberFormatting.percent(probability: $0) + (a.calibrated ? "" : " (uncalibrated)") } ?? "–"
            let eng = a.benchmarkSentence.map(e) ?? "–"
            h += "<tr><td>\(e(a.spec.strategyOutcome))</td><td><a href=\"#\(a.spec.id)\">\(e(a.spec.title))</a></td><td>\(latest)</td><td>\(e(Self.trendPhrase(a.trend)))</td><td>\(e(a.targetWords)) in \(a.spec.target.deadline)</td><td>\(proj)</td><td>\(p)</td><td class=\"\(cls)\">\(a.status.rawValue)</td><td>\(eng)</td></tr>\n"
        }
        for o in strategy.outcomes where o.specs.isEmpty {
            h += "<tr><td>\(e(o.text))</td><td colspan=\"6\" class=\"note\">No data in the bundle. Needs: \(e(o.missingData))</td><td class=\"s-insufficientdata\">Not assessable</td><td>–</td></tr>\n"
        }
        h += """
        </table>
        <p class="note">Outcomes with comparable areas (peers) use the pooled change model across all of them: P(met) is exact from its predictive distribution, and each outcome's section shows how often such probabilities came true in a replay. Outcomes without peers choose a model by rolling-origin backtest on their own history and P(met) is the share of \(assessments.first?.spec.paths ?? 0) simulated deadline values that meet the target (its Monte Carlo standard error is in report.json); those probabilities are <b>uncalibrated</b>. Status: On track = at least 75% chance the target is met, At risk 25–75%, Off track under 25%; Met / Not met once the deadline is observed.</p>
        </section>

        """
        for a in assessments {
            h += "<section id=\"\(a.spec.id)\"><h2>\(e(a.spec.title))</h2>\n"
            h += "<p><b>Strategy outcome:</b> \(e(a.spec.strategyOutcome))<br><b>What this measures:</b> \(e(a.spec.standsFor))<br><b>Data it lacks:</b> \(e(a.spec.dataGaps))<br><b>Target:</b> \(e(a.spec.target.statement))</p>\n"
            h += "<figure>\(fanChart(a))<figcaption class=\"note\">\(e(fanCaption(a)))</figcaption></figure>\n"
            // Observed deadlines say what was observed rather than a probability of 0 or 1.
            h += "<h3>Status: \(e(a.statusSentence))</h3>\n"
            for n in a.notes { h += "<p class=\"note\">\(e(n))</p>\n" }
            h += indicatorsHTML(a)
            h += partsHTML(a)
            if !a.backtest.isEmpty {
                h += "<h3>Model diagnostics: rolling-origin backtest</h3><table><tr><th>model</th><th>MASE</th><th>errors scored</th><th>origins failed</th></tr>\n"
                for b in a.backtest {
                    h += "<tr><td>\(b.model.rawValue)\(b.model == a.chosenModel ? " <b>(chosen)</b>" : "")</td><td>\(b.mase.isFinite ? String(format: "%.3f", b.mase) : "–")</td><td>\(b.errors)</td><td>\(b.failures)</td></tr>\n"
                }
                h += "</table><p class=\"note\">Chosen model: \(e(a.method ?? "–")).</p>\n"
            }
            if a.calibrated {
                h += "<h3>Model diagnostics: pooled change across peers</h3><p class=\"note\">\(e(a.modelDetail ?? a.method ?? "–")). The model regresses every peer area's change relative to the national median on its gap from that median and its deviation from its own 3-year mean, at every past origin; see docs/Calibration.md.</p>\n"
            }
            if let r = a.replay {
                h += "<h3>How often our P(met) came true</h3>"
                h += "<p>The same question (\(e(r.question))) asked at every earlier origin for every one of the peer areas, with only the data published by each origin, scored against what happened. Origins: \(r.origins.joined(separator: ", ")); \(r.count) forecasts.</p>"
                h += "<table><tr><th>Brier score</th><th>hindsight climatology</th><th>skill</th><th>coin (0.25) skill</th><th>reliability</th><th>resolution</th><th>log score</th><th>CRPS</th><th>80% interval coverage</th><th>95% coverage</th></tr>"
                h += String(format: "<tr><td>%.3f</td><td>%.3f</td><td>%+.3f</td><td>%+.3f</td><td>%.4f</td><td>%.4f</td><td>%.3f</td><td>%.4g</td><td>%.2f</td><td>%.2f</td></tr></table>", r.brier, r.climatology, r.skill, r.skillVsCoin, r.reliability, r.resolution, r.logScore, r.crps, r.coverage80, r.coverage95)
                h += "<table><tr><th>P(met) given</th><th>forecasts</th><th>mean P(met)</th><th>share that met the target</th></tr>"
                for b in r.bins where b.count > 0 {
                    h += String(format: "<tr><td>%.1f–%.1f</td><td>%d</td><td>%.2f</td><td>%.2f</td></tr>", b.lower, b.upper, b.count, b.meanProbability, b.observedFrequency)
                }
                h += "</table><figure>\(r.reliabilitySVG(title: "How often P(met) came true"))<figcaption class=\"note\">Reliability diagram: a calibrated method lies on the diagonal. Skill compares the Brier score with a forecaster told each year's national share in advance (hindsight climatology): positive beats it. Figures: <a href=\"\(a.spec.id)-replay.csv\">every replayed forecast (CSV)</a>.</figcaption></figure>\n"
            }
            if !a.calibration.isEmpty {
                h += "<h3>Check against what happened</h3><table><tr><th>period</th><th>actual</th><th>forecast</th><th>80% interval</th><th>95% interval</th><th>PIT</th></tr>\n"
                for c in a.calibration {
                    h += "<tr><td>\(c.period)</td><td>\(a.display(c.actual))</td><td>\(a.display(c.forecast))</td><td>\(a.display(c.lower80))–\(a.display(c.upper80)) \(c.inside80 ? "✔" : "✘")</td><td>\(a.display(c.lower95))–\(a.display(c.upper95)) \(c.inside95 ? "✔" : "✘")</td><td>\(String(format: "%.2f", c.pit))</td></tr>\n"
                }
                h += "</table>\n"
            }
            if let b = a.benchmark {
                // A ratio of counts without denominators means nothing: shown for rates and proportions only.
                let ratio = a.spec.series.measure == .count ? "–" : NumberFormatting.decimal(b.ratio, decimals: 2)
                var change = "–"
                if let ac = b.areaChangeSinceBaseline, let bc = b.benchmarkChangeSinceBaseline, let bp = a.spec.target.baseline {
                    change = OutcomeAssessment.changeWords(ac, bc, benchmark: b.label, since: "\(bp)")
                }
                h += "<h3>Comparison with \(e(b.label))</h3><table><tr><th>period</th><th>area</th><th>\(e(b.label))</th><th>ratio</th><th>change, area vs \(e(b.label))</th><th>published comparison</th></tr>"
                h += "<tr><td>\(b.period)</td><td>\(a.display(b.areaValue))</td><td>\(a.display(b.benchmarkValue))</td><td>\(ratio)</td><td>\(change)</td><td>\(e(b.publishedComparison ?? "not published in this source"))</td></tr></table>\n"
                if let chart = allAreasChart(a) {
                    h += "<figure>\(chart)<figcaption class=\"note\">Every area in the source at \(b.period), coloured by the publisher's own comparison with \(e(b.label)) (95% confidence interval against the \(e(b.label)) value).</figcaption></figure>\n"
                }
                if a.spec.series.measure == .count {
                    h += "<p class=\"note\">Counts without a population denominator: no rate, confidence interval or funnel plot can be formed, so the comparison is of change since the baseline.</p>\n"
                } else {
                    h += "<p class=\"note\">The source has no counts or denominators, so confidence intervals and funnel-plot limits cannot be recomputed here; the published Fingertips comparison (95% CI against England) is shown.</p>\n"
                }
            }
            h += "<h3>Data provenance</h3><p class=\"note\">File \(e(a.spec.series.file)) (\(a.spec.series.format.rawValue)); selection \(e(a.spec.series.select.keys.sorted().map { "\($0) = \(a.spec.series.select[$0]!.joined(separator: " + "))" }.joined(separator: ", "))). Rows read \(a.account.rowsRead), used \(a.account.rowsUsed), rejected \(a.account.rejected.reduce(0) { $0 + $1.count })\(a.account.rejected.isEmpty ? "" : " (" + a.account.rejected.map { "\($0.reason): \($0.count)" }.joined(separator: ", ") + ")")\(a.account.flagged.isEmpty ? "" : "; kept but noted: " + e(a.account.flagged.map { "\($0.reason): \($0.count)" }.joined(separator: ", "))). Provenance and licence: see the SOURCE.md next to the file.</p>\n"
            h += "<p class=\"note\">Figures: <a href=\"\(a.spec.id)-series.csv\">series CSV</a>, <a href=\"\(a.spec.id)-backtest.csv\">backtest CSV</a>, <a href=\"\(a.spec.id)-fan.svg\">chart SVG</a>, <a href=\"report.json\">all figures JSON</a>.</p></section>\n"
        }
        h += "</body></html>\n"
        return h
    }
}
