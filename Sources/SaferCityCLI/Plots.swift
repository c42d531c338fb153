// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser
import Foundation
import SaferCity

/// `--plot FILE.svg` (and `--plot-unit`) shared by `forecast`, `fit`, `backtest`, `compare` and `funnel`.
struct PlotOptions: ParsableArguments {
    @Option(help: "Also draw the result as a self-contained SVG chart in this file (e.g. chart.svg).")
    var plot: String?
    @Option(name: .customLong("plot-unit"), help: "Unit for the chart's value axis (default: the value column's name, or 'value').")
    var plotUnit: String?

    /// Writes `svg` to `--plot` (when given) and says so on stderr.
    func write(_ svg: @autoclosure () throws -> String) throws {
        guard let path = plot else { return }
        guard !path.trimmingCharacters(in: .whitespaces).isEmpty, path != "-" else {
            throw InputFailure(description: "--plot needs a file name such as chart.svg")
        }
        let text = try svg()
        do { try text.write(to: URL(fileURLWithPath: path), atomically: true, encoding: .utf8) } catch {
            throw InputFailure(description: "--plot \(path): cannot write the chart: \(error.localizedDescription)")
        }
        Console.error("chart: \(path)\n")
    }
}

/// The charts of the command line, drawn with SeriesData's `SVGChart` (no statistics here).
enum Plots {
    static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22"]

    /// x positions 0…n−1 labelled with `periods` (consecutive, one frequency, not empty), and the
    /// axis title. Long monthly or quarterly series are labelled at the first period of each year
    /// (the year), so the labels read as a calendar rather than every 14th month.
    static func periodAxis(_ periods: [Period], frequency f: Frequency) -> ([(Double, String)], String) {
        let n = periods.count
        let all = periods.enumerated().map { (Double($0), $1) }
        let name = f == .financialYear ? "financial year (April–March)" : f.name
        if (f == .month && n > 24) || (f == .quarter && n > 12) {
            let firsts = all.filter { Period(containingDay: $0.1.firstDay, frequency: .calendarYear).firstDay == $0.1.firstDay }
            return (firsts.map { ($0.0, "\(Period(containingDay: $0.1.firstDay, frequency: .calendarYear))") },
                    "\(f.name) (ticks at the first \(f.name) of each year)")
        }
        return (all.map { ($0.0, "\($0.1)") }, name)
    }

    /// Observed values (`nil` = missing, drawn as a break) from `start`.
    static func observed(_ values: [Double?], start: Period) -> SVGChart.Series {
        .init(label: "observed", points: values.enumerated().map { (Double($0), $1 ?? .nan) }, color: "#111111")
    }

    /// Adds a forecast's mean (dashed, joined to the last observation) and its bands, widest first.
    static func addForecast(_ chart: inout SVGChart, _ fc: Forecast, from n: Int, last: (Double, Double)?, label: String) {
        let xs = (0..<fc.horizon).map { Double(n + $0) }
        let join = last.map { [$0] } ?? []
        for (k, iv) in fc.intervals.sorted(by: { $0.level > $1.level }).enumerated() {
            chart.bands.append(.init(label: "\(levelKey(iv.level))% prediction interval", lower: join + Array(zip(xs, iv.lower)),
                                     upper: join + Array(zip(xs, iv.upper)), color: "#4a7fb5", opacity: k == 0 ? 0.18 : 0.32))
        }
        chart.series.append(.init(label: label, points: join + Array(zip(xs, fc.mean)), color: "#1f4e79", dashed: true))
    }

    /// `forecast`: history, forecast mean and the prediction bands (fan chart).
    /// `fc` is placed in time (`Forecast.placed(after:)`): its periods follow the history's.
    static func fan(title: String, unit: String, history series: SeriesInput, forecast fc: Forecast) -> String {
        precondition(fc.timePeriods.count == fc.horizon, "forecast not placed in time")
        let history = series.values, n = history.count
        let (ticks, xName) = periodAxis(series.periods + fc.timePeriods, frequency: series.start.frequency)
        var chart = SVGChart(title: title, yLabel: unit, xTickLabels: ticks, xLabel: xName)
        chart.series.append(observed(history, start: series.start))
        addForecast(&chart, fc, from: n, last: n > 0 ? (Double(n - 1), history[n - 1]) : nil, label: "forecast (\(fc.method))")
        if n > 0, let first = fc.timePeriods.first { chart.vLines.append(.init(label: "forecast from \(first)", x: Double(n) - 0.5, color: "#777777")) }
        return chart.render()
    }

    /// `fit`: observed, fitted values, the forecast with its bands and, for an interrupted time
    /// series, the counterfactual (the fitted line without the intervention) from the intervention on.
    static func fit(title: String, unit: String, values: [Double], start: Period, fitted: [Double], forecast fc: Forecast?,
                    counterfactual: [(period: String, fitted: Double, counterfactual: Double)], interventions: [(String, String)]) -> String {
        let n = values.count
        // The forecast's own periods when it carries them, else the series' calendar continued.
        let periods = fc.map { $0.timePeriods.count == $0.horizon && $0.horizon > 0 }  == true
            ? TimeSeries(start: start, observations: values).periods + fc!.timePeriods
            : TimeSeries(start: start, observations: [Double?](repeating: nil, count: n + (fc?.horizon ?? 0))).periods
        let (ticks, xName) = periodAxis(periods, frequency: start.frequency)
        var chart = SVGChart(title: title, yLabel: unit, xTickLabels: ticks, xLabel: xName)
        chart.series.append(observed(values, start: start))
        if fitted.count == n {
            chart.series.append(.init(label: "fitted", points: fitted.enumerated().map { (Double($0), $1) }, color: "#d62728", width: 1.5))
        }
        if !counterfactual.isEmpty {
            let first = n - counterfactual.count
            chart.series.append(.init(label: "counterfactual (no intervention)",
                                      points: counterfactual.enumerated().map { (Double(first + $0), $1.counterfactual) },
                                      color: "#2ca02c", dashed: true))
        }
        if let fc { addForecast(&chart, fc, from: n, last: fitted.count == n && n > 0 ? (Double(n - 1), fitted[n - 1]) : nil, label: "forecast") }
        // One marker per intervention period ("step+ramp 1983-02").
        var kinds: [String: [String]] = [:], order: [String] = []
        for (kind, period) in interventions {
            if kinds[period] == nil { order.append(period) }
            kinds[period, default: []].append(kind)
        }
        for period in order {
            if let p = try? Period(parsing: period), p.frequency == start.frequency {
                chart.vLines.append(.init(label: "\(kinds[period]!.joined(separator: "+")) \(period)", x: Double(start.distance(to: p)) - 0.5, color: "#9467bd"))
            }
        }
        return chart.render()
    }

    /// `backtest`: mean absolute error by horizon, one line per model.
    static func backtest(title: String, unit: String, models: [(name: String, maeByHorizon: [Double])], horizon: Int) -> String {
        let ticks = (1...max(1, horizon)).map { (Double($0), "h=\($0)") }
        var chart = SVGChart(title: title, yLabel: "mean absolute error (\(unit))", xTickLabels: ticks,
                             xLabel: "horizon (periods ahead of the forecast origin)")
        for (i, m) in models.enumerated() {
            chart.series.append(.init(label: m.name, points: m.maeByHorizon.enumerated().map { (Double($0 + 1), $1) },
                                      color: palette[i % palette.count]))
        }
        return chart.render()
    }

    /// Fingertips colours for comparison categories.
    static func color(_ c: ComparisonCategory) -> String {
        switch c {
        case .better: return "#92d050"
        case .similar: return "#ffc000"
        case .worse: return "#c00000"
        case .higher: return "#bed2ff"
        case .lower: return "#5555e6"
        case .notCompared: return "#aaaaaa"
        }
    }

    /// `compare`: the areas of one period and breakdown ranked by value, each with its interval,
    /// coloured by its category against the benchmark, and the benchmark line.
    static func compare(_ t: BenchmarkComparisonTable, unit: String) throws -> String {
        let withValue = t.rows.filter { $0.estimate != nil }
        guard let last = withValue.map(\.period).max() else {
            throw InputFailure(description: "--plot: no area has a value to draw")
        }
        let breakdown = withValue.first { $0.period == last }!.breakdown
        let rows = withValue.filter { $0.period == last && $0.breakdown == breakdown }.sorted { $0.estimate!.value < $1.estimate!.value }
        let ticks = rows.enumerated().map { (Double($0), $1.areaName) }
        let parts = breakdown.components(separatedBy: "|").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        var chart = SVGChart(title: "\(rows.count) areas ranked, \(last)" + (parts.isEmpty ? "" : " (\(parts.joined(separator: ", ")))") + ", against \(t.benchmark)",
                             yLabel: unit, xTickLabels: ticks, xLabel: "areas, lowest to highest value (\(t.level.percentText)% confidence intervals)")
        var byCat: [ComparisonCategory: [(Double, Double)]] = [:]
        for (i, r) in rows.enumerated() {
            let e = r.estimate!
            chart.segments.append(.init(x0: Double(i), y0: e.lower, x1: Double(i), y1: e.upper, color: color(r.category)))
            byCat[r.category, default: []].append((Double(i), e.value))
        }
        for c in ComparisonCategory.allCases {
            guard let pts = byCat[c] else { continue }
            chart.series.append(.init(label: "\(c.rawValue) (\(pts.count))", points: pts, color: color(c), scatter: true))
        }
        if let b = rows.compactMap(\.benchmarkValue).first {
            chart.hLines.append(.init(label: "\(t.benchmark) \(SVGChart.label(b))", y: b, color: "#000000"))
        }
        // The lowest and highest areas are named (the axis shows every n-th name only).
        for i in Set([0, rows.count - 1]).sorted() {
            chart.labels.append(.init(x: Double(i), y: rows[i].estimate!.upper, text: rows[i].areaName))
        }
        return chart.render()
    }
}

extension Plots {
    /// `funnel`: the last funnel of the file (one period and breakdown): points, 95% and 99.8%
    /// limits, the target line, areas beyond the 99.8% limits labelled.
    static func funnel(_ res: FunnelPlot.Result, key: String, funnels: Int, multiplier m: Double, benchmark: String?,
                       unit: String?, wilson: Bool) -> String {
        let parts = key.split(separator: "\u{1F}", omittingEmptySubsequences: false).map(String.init)
        let what = parts[0] + (parts.count > 1 && !parts[1].isEmpty ? ", \(parts[1])" : "")
        if funnels > 1 { Console.error("note: --plot draws the last of the \(funnels) funnels (\(what)); choose another with --period\n") }
        let scaleWords = m == 100 ? "per cent" : "per \(SVGChart.label(m))"
        let out998 = res.points.filter { $0.classification == .above998 || $0.classification == .below998 }.count
        return res.svg(title: "Funnel plot, \(what): \(res.points.count) areas, \(out998) beyond the 99.8% limits",
                       yLabel: unit ?? "\(res.statistic.rawValue) (\(scaleWords))", xLabel: "denominator (count ÷ value)",
                       targetLabel: benchmark ?? "pooled", scale: m, maxLabels: 12,
                       proportionLimits: wilson ? .wilsonInverted : .exactBinomial)
    }
}
