// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser
import Foundation
import SaferCity

/// `safercity compare`: each area's indicator value and CI against a benchmark area, by the
/// Fingertips rule. Statistics live in `Indicators` (BenchmarkComparisonTable); this file
/// parses options and formats output.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare every area's indicator with a benchmark (better / similar / worse), as Fingertips does.",
        discussion: """
            Reads a Fingertips export (the standard "Export data" CSV) or a tidy CSV with columns \
            area, period, count, denominator (optional area_code, breakdown, age_band). With \
            --method auto the interval method is found from the file's published 95% limits when \
            it has them; otherwise Wilson for --multiplier <= 100 and the PHE rate rule (exact \
            Poisson for counts < 10, Byar's method otherwise) above. --method dsr needs a tidy \
            file with an age_band column holding the 19 ESP2013 bands (0-4 ... 85-89, 90+).
            """)

    enum Method: String, ExpressibleByArgument, CaseIterable {
        case auto, wilson, byar, exact, phe, dsr
    }
    enum Format: String, ExpressibleByArgument, CaseIterable { case table, json, csv }

    @Argument(help: "CSV file (Fingertips export or tidy).")
    var file: String

    @Option(help: "Benchmark area name or code, or 'parent' to compare each area with its parent (region) as Fingertips' 'Compared to Region'.")
    var benchmark: String = "England"

    @Option(help: "Interval method: \(Method.allCases.map(\.rawValue).joined(separator: "|")).")
    var method: Method = .auto

    @Option(help: "Confidence level: 95 or 99.8.")
    var level: String = "95"

    @Option(help: "low-is-good | high-is-good | none.")
    var polarity: String = "low-is-good"

    @Option(help: "table | json | csv.")
    var format: Format = .table

    @Option(help: "Multiplier (100 = percentage, 100000 = per 100,000; a finite number > 0). Default: detected, else 100000.")
    var multiplier: Double?

    @Option(name: .customLong("area-type"), help: "Only output rows of this Fingertips Area Type (e.g. \"County & UA\").")
    var areaType: String?

    @Option(help: "Only output this area's rows (name or code), with a sentence per row saying where it sits; ranks are among all areas of the file.")
    var area: String?

    @Flag(name: .customLong("z-rounded"), help: "Use z rounded to 2 dp (1.96) as older Fingertips calculations did.")
    var zRounded = false

    @OptionGroup var plotOptions: PlotOptions

    func validate() throws {
        try IndicatorInputChecks.checkMultiplier(multiplier)
    }

    /// Runs `body`; a library error that names its rows as "(input)" names the file instead.
    static func naming<T>(_ file: String, _ body: () throws -> T) throws -> T {
        do { return try body() } catch {
            let text = "\(error)"
            throw InputFailure(description: text.hasPrefix("(input):") ? file + ", line " + text.dropFirst("(input):".count) : "\(file): \(text)")
        }
    }

    func run() throws {
        // Fingertips compares at 95% and 99.8% only; another level would label areas "better" or
        // "worse" at a significance no published comparison uses.
        guard let lv = ConfidenceLevel(parsing: level), abs(lv.value - 0.95) < 1e-9 || abs(lv.value - 0.998) < 1e-9 else {
            throw InputFailure(description: "--level must be 95 or 99.8 (or a fraction such as 0.95), got '\(level)'")
        }
        guard let pol = Polarity(rawValue: polarity) else {
            throw InputFailure(description: "--polarity must be one of \(Polarity.allCases.map(\.rawValue).joined(separator: ", ")), got '\(polarity)'")
        }
        let contents = try IndicatorFile.read(url: URL(fileURLWithPath: file))
        Console.error(contents.layout.recognised + "\n")
        try IndicatorInputChecks.rejectDuplicateAreas(contents.rows, file: file)
        try IndicatorInputChecks.rejectHugeCounts(contents.rows, file: file)
        try IndicatorInputChecks.requireMatch(contents.rows, file: file, option: "--area-type", value: areaType, \.areaType)
        let z: CriticalValue = zRounded ? .roundedToTwoDecimals : .exact
        var table: BenchmarkComparisonTable
        switch method {
        case .dsr:
            guard let bands = contents.ageBands else {
                throw InputFailure(description: "--method dsr needs a tidy file with an age_band column")
            }
            table = try Self.naming(file) { try BenchmarkComparisonTable.compareStandardised(contents.rows, ageBands: bands, benchmark: benchmark,
                                                                     level: lv, polarity: pol, multiplier: multiplier ?? 100_000) }
        default:
            let m: IndicatorMethod?
            switch method {
            case .auto: m = nil
            case .wilson: m = .wilson(criticalValue: z)
            case .byar: m = .rate(.byar, criticalValue: z)
            case .exact: m = .rate(.exact, criticalValue: z)
            case .phe: m = .rate(.phe, criticalValue: z)
            case .dsr: m = nil
            }
            let toParent = benchmark.caseInsensitiveCompare(BenchmarkComparisonTable.parentBenchmark) == .orderedSame
            if toParent && !contents.rows.contains(where: { !($0.parentName ?? "").isEmpty }) {
                throw InputFailure(description: "--benchmark parent compares each area with its parent region, but no row of \(file) names a parent (a Fingertips export's Parent Name column); give an area name instead, e.g. --benchmark England")
            }
            guard toParent || contents.rows.contains(where: { $0.isArea(benchmark) }) else {
                if contents.account.rowsRejected > 0 { Console.error("\(contents.account)\n") }
                throw InputFailure(description: "benchmark '\(benchmark)' not found in \(file)"
                    + (contents.account.rowsRejected > 0 ? " among the rows read (\(contents.account.rowsRejected) row(s) were rejected; see the row account above)" : ""))
            }
            table = try Self.naming(file) { try BenchmarkComparisonTable.compare(contents.rows, benchmark: benchmark, method: m, level: lv,
                                                                              polarity: pol, multiplier: multiplier) }
        }
        if let areaType { table.rows = table.rows.filter { $0.areaType == areaType } }
        if let area {
            let mine = table.rows.filter { $0.areaName.caseInsensitiveCompare(area) == .orderedSame || $0.areaCode.caseInsensitiveCompare(area) == .orderedSame }
            guard !mine.isEmpty else {
                let names = Set(table.rows.map(\.areaName)).sorted()
                throw InputFailure(description: "--area '\(area)': no such area in \(file) (besides the benchmark); areas include \(names.prefix(5).joined(separator: ", "))\(names.count > 5 ? ", …" : "")")
            }
            table.rows = mine
        }
        let text: String
        switch format {
        case .json: text = try CompareOutput.json(table)
        case .csv: text = CompareOutput.csv(table)
        case .table: text = CompareOutput.table(table, contents: contents) + (area != nil ? "\n" + CompareOutput.sentences(table) : "")
        }
        print(text, terminator: text.hasSuffix("\n") ? "" : "\n")
        try plotOptions.write(try Plots.compare(table, unit: plotOptions.plotUnit ?? multiplier.map { "value per \(SVGChart.label($0))" } ?? "value"))
        if contents.account.rowsRejected > 0 {
            Console.error("warning: rows rejected while reading:\n\(contents.account)\n")
        }
    }
}

/// Output formatting for `compare` (no statistics).
enum CompareOutput {
    static func num(_ x: Double?) -> String {
        guard let x else { return "" }
        if !x.isFinite { return "\(x)" }
        return String(format: "%.10g", x)
    }


    static func csv(_ t: BenchmarkComparisonTable) -> String {
        var out = "area_code,area_name,area_type,period,breakdown,count,denominator,value,lower,upper,level,method,benchmark,benchmark_value,category,published_category,basis,rank,ranked_areas,percentile,quintile\n"
        for r in t.rows {
            let e = r.estimate
            let fields = [r.areaCode, r.areaName, r.areaType, r.period, r.breakdownLabel.isEmpty ? r.breakdown : r.breakdownLabel,
                          num(e?.numerator), num(e?.denominator), num(r.value), num(r.lower), num(r.upper),
                          t.level.percentText, e?.method.rawValue ?? "", t.benchmark, num(r.benchmarkValue),
                          r.category.rawValue, r.publishedComparison ?? "", r.basis.rawValue,
                          r.rank.map(String.init) ?? "", r.rankedAreas.map(String.init) ?? "", num(r.percentile),
                          r.quintile.map(String.init) ?? ""]
            out += RecordText.csvRow(fields)
        }
        return out
    }

    struct JSONRow: Encodable {
        var areaCode, areaName, areaType, period, breakdown: String
        var count, denominator, value, lower, upper, benchmarkValue: Double?
        var method: String?
        var category: String
        var publishedCategory: String?
        var breakdownLabel: String
        var basis: String
        var rank, rankedAreas, quintile: Int?
        var percentile: Double?
    }
    struct JSONTable: Encodable {
        var benchmark: String
        var level: Double
        var polarity: String
        var methods: [String: String]
        var rows: [JSONRow]
    }

    static func json(_ t: BenchmarkComparisonTable) throws -> String {
        let rows = t.rows.map { r in
            JSONRow(areaCode: r.areaCode, areaName: r.areaName, areaType: r.areaType, period: r.period, breakdown: r.breakdown,
                    count: r.estimate?.numerator, denominator: r.estimate?.denominator, value: r.value,
                    lower: r.lower, upper: r.upper, benchmarkValue: r.benchmarkValue,
                    method: r.estimate?.method.rawValue, category: r.category.rawValue, publishedCategory: r.publishedComparison,
                    breakdownLabel: r.breakdownLabel, basis: r.basis.rawValue, rank: r.rank, rankedAreas: r.rankedAreas,
                    quintile: r.quintile, percentile: r.percentile)
        }
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data = try enc.encode(JSONTable(benchmark: t.benchmark, level: t.level.value, polarity: t.polarity.rawValue,
                                            methods: t.methods, rows: rows))
        return String(decoding: data, as: UTF8.self)
    }

    static func table(_ t: BenchmarkComparisonTable, contents: IndicatorFile.Contents) -> String {
        let hasCounts = t.rows.contains { $0.estimate != nil }
        let hasLimits = t.rows.contains { $0.lower != nil }
        let breakdowns = Set(t.rows.map(\.breakdown))
        var header = ["Area", "Period"]
        if breakdowns.count > 1 { header.append("Breakdown") }
        if hasCounts { header += ["Count", "Denominator"] }
        header.append("Value")
        if hasLimits { header += ["Lower \(t.level.percentText)", "Upper \(t.level.percentText)"] }
        header += ["Benchmark", "Compared", "Rank", "Quintile"]
        let values = t.rows.compactMap(\.value) + t.rows.compactMap(\.benchmarkValue)
        let d = NumberFormatting.decimals(for: values)
        func v(_ x: Double?) -> String { NumberFormatting.decimal(x, decimals: d) }
        func whole(_ x: Double?) -> String { NumberFormatting.decimal(x, decimals: 0) }
        var lines: [[String]] = [header]
        for r in t.rows {
            var l = [r.areaName, r.period]
            if header.contains("Breakdown") { l.append(r.breakdownLabel.isEmpty ? r.breakdown : r.breakdownLabel) }
            if hasCounts { l += [whole(r.estimate?.numerator), whole(r.estimate?.denominator)] }
            l.append(v(r.value))
            if hasLimits { l += [v(r.lower), v(r.upper)] }
            let compared = r.category.rawValue + (r.basis == .publishedSignificance ? " (published)" : "")
            l += [v(r.benchmarkValue), compared, r.rank.map { "\($0) of \(r.rankedAreas!)" } ?? "–", r.quintile.map(String.init) ?? "–"]
            lines.append(l)
        }
        let numeric = Set(header.indices.filter { !["Area", "Period", "Breakdown", "Compared"].contains(header[$0]) })
        let widths = (0..<header.count).map { c in lines.map { $0[c].count }.max()! }
        var out = ""
        if breakdowns.count == 1, let r = t.rows.first, !r.breakdown.isEmpty {
            out += "Indicator: \(r.breakdownLabel.isEmpty ? r.breakdown : r.breakdownLabel)\n\n"
        }
        for l in lines {
            out += l.enumerated().map { c, text in
                let pad = String(repeating: " ", count: widths[c] - text.count)
                return numeric.contains(c) ? pad + text : text + pad
            }.joined(separator: "  ") + "\n"
        }
        var tally: [String: Int] = [:]
        for r in t.rows { tally[r.category.rawValue, default: 0] += 1 }
        out += "\nBenchmark: \(t.benchmark) (\(t.level) CI vs benchmark value, polarity \(t.polarity.rawValue))\n"
        for (k, m) in t.methods.sorted(by: { $0.key < $1.key }) {
            let label = k.isEmpty ? "all" : t.rows.first { $0.breakdown == k }.map { $0.breakdownLabel.isEmpty ? k : $0.breakdownLabel } ?? k
            out += "Method [\(label)]: \(m)\n"
        }
        if t.rows.contains(where: { $0.basis == .publishedSignificance }) {
            out += "Compared \"(published)\": the publisher's own 95% comparison with England (the file has no counts or limits to recompute it)\n"
        }
        out += "Rank: 1 = \(t.polarity == .lowIsGood ? "lowest value (best, low is good)" : t.polarity == .highIsGood ? "highest value (best, high is good)" : "highest value") among the areas of the same period, breakdown and area type; quintile 1 = best fifth\n"
        out += "Tally: " + tally.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + "\n"
        let a = contents.account
        out += "Rows read: \(a.rowsRead), used \(a.rowsUsed), rejected \(a.rowsRejected)"
        out += contents.layout == .published ? "; published values only (no count/denominator columns)\n"
            : "; \(contents.missingCounts) without count/denominator (shown as Not compared)\n"
        return out
    }

    /// One sentence per row (for `--area`): "Stoke-on-Trent, 2017/18 (Alcohol …): 947 against England
    /// 632 — worse than England (published 95% comparison); rank 318 of 327 (1 = lowest), better than
    /// 3% of areas, quintile 5 (worst fifth)."
    static func sentences(_ t: BenchmarkComparisonTable) -> String {
        let d = NumberFormatting.decimals(for: t.rows.compactMap(\.value) + t.rows.compactMap(\.benchmarkValue))
        func v(_ x: Double?) -> String { NumberFormatting.decimal(x, decimals: d) }
        var out = ""
        for r in t.rows {
            var s = "\(r.areaName), \(r.period)"
            if !r.breakdownLabel.isEmpty && Set(t.rows.map(\.breakdown)).count > 1 { s += " (\(r.breakdownLabel))" }
            s += ": \(v(r.value)) against \(t.benchmark) \(v(r.benchmarkValue))"
            switch r.category {
            case .better, .worse, .higher, .lower: s += " — \(r.category.rawValue.lowercased()) than \(t.benchmark)"
            case .similar: s += " — similar to \(t.benchmark)"
            case .notCompared: s += " — not compared"
            }
            switch r.basis {
            case .computed: s += " (\(t.level) interval from the counts)"
            case .publishedInterval: s += " (published \(t.level) interval)"
            case .publishedSignificance: s += " (the publisher's 95% comparison)"
            case .none: break
            }
            if let rank = r.rank, let n = r.rankedAreas {
                let best = t.polarity == .lowIsGood ? "lowest" : "highest"
                s += "; rank \(rank) of \(n) (1 = \(best))"
                if let p = r.percentile { s += ", \(t.polarity == .none ? "higher" : "better") than \(NumberFormatting.decimal(p, decimals: 0))% of the other areas" }
                if let q = r.quintile {
                    let ends = t.polarity == .none ? ("highest", "lowest") : ("best", "worst")
                    s += ", quintile \(q)" + (q == 1 ? " (\(ends.0) fifth)" : q == 5 ? " (\(ends.1) fifth)" : "")
                }
            }
            out += s + ".\n"
        }
        return out
    }
}
