// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser
import Foundation
import SaferCity

/// `--reconcile` and `--hierarchy` on `safercity forecast --by` (issue 16).
struct ReconcileOptions: ParsableArguments {
    @Option(help: ArgumentHelp("With --by: make the forecasts coherent across the structure of the key columns. Methods: \(ReconciliationMethod.help).", valueName: "method"))
    var reconcile: String?

    @Option(help: ArgumentHelp("With --reconcile: how the key columns aggregate, '/' nesting and '*' crossing, e.g. force/la/lsoa*crime_type (default: the bottom series, their grand total and each key's margins).", valueName: "spec"))
    var hierarchy: String?

    func validate(by: String?) throws {
        if hierarchy != nil && reconcile == nil { throw ValidationError("--hierarchy needs --reconcile METHOD") }
        if reconcile != nil && by == nil { throw ValidationError("--reconcile needs --by KEYS (the key columns of the series to reconcile)") }
        if let r = reconcile { do { _ = try ReconciliationMethod.parse(r) } catch { throw ValidationError("--reconcile: \(error)") } }
        if let h = hierarchy { do { _ = try HierarchySpec.parse(h) } catch { throw ValidationError("\(error)") } }
    }
}

/// Reconciled forecasts of every node of a panel's structure: the bottom series are the panel's
/// series; every aggregate node's history is the sum of its bottoms' histories (S·y, so the base
/// forecasts of each node come from the same model fitted to that node's own history).
enum ReconciledForecastRun {
    struct Result {
        var reconciled: ReconciledForecasts
        var methods: [String]          // base model per node
        var periods: [String]          // label of each forecast step
        var levels: [Double]
    }

    static func run(file: String, input: SeriesInputOptions, model: String, horizon: Int, levels: [Double],
                    period: Int?, jobs: Int, options: ReconcileOptions) throws -> Result {
        let method = try ReconciliationMethod.parse(options.reconcile!)
        let loaded = try SeriesInput.all(file: file, input: input).map { r -> SeriesInput in
            switch r { case .success(let s): return s; case .failure(let e): throw InputFailure(description: "--reconcile needs every series; \(e.description)") }
        }
        guard let first = loaded.first else { throw InputFailure(description: SeriesInput.noSeries(file: file)) }
        for s in loaded where s.start != first.start || s.values.count != first.values.count {
            throw InputFailure(description: "\(file): --reconcile needs every series to cover the same periods; '\(first.name)' covers \(first.start)–\(first.start.advanced(by: first.values.count - 1)) (\(first.values.count)), '\(s.name)' covers \(s.start)–\(s.start.advanced(by: s.values.count - 1)) (\(s.values.count)); use --from/--to to cut them to a common span")
        }
        let keyColumns = input.keyColumns!.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let structure: HierarchyStructure
        do {
            structure = try HierarchyStructure(bottomKeys: loaded.map(\.key), keyColumns: keyColumns,
                                               spec: options.hierarchy.map { h throws(ReconciliationError) in try HierarchySpec.parse(h) })
        } catch { throw InputFailure(description: "\(file): \(error)") }
        let T = first.values.count
        var bottomHistory = [Double](repeating: 0, count: loaded.count * T)
        for (b, s) in loaded.enumerated() { for t in 0..<T { bottomHistory[b * T + t] = s.values[t] } }
        let history = structure.aggregate(bottom: bottomHistory, horizon: T)
        let n = structure.nodeCount
        let nodeSeries = (0..<n).map { Array(history[($0 * T)..<(($0 + 1) * T)]) }
        let p = period ?? first.start.frequency.seasonLength
        let spec = try ForecastMethodName.spec(model, period: p)
        func fitEach<S: ForecastModelSpec>(_ spec: S) -> [Swift.Result<(fitted: [Double], forecast: Forecast), ForecastingError>] {
            spec.fitAndForecastEach(nodeSeries, periods: Array(repeating: p, count: n), horizon: horizon, levels: levels, threads: jobs)
                .map { $0.map { (fitted: $0.fitted.fitted, forecast: $0.forecast) } }
        }
        let fits = fitEach(spec)
        var mean = [Double](repeating: 0, count: n * horizon), sd = mean
        var fitted = [Double](repeating: .nan, count: n * T)
        var methods: [String] = []
        let z = levels.max().map { Normal().quantile(0.5 + $0 / 200) }
        for (i, r) in fits.enumerated() {
            switch r {
            case .failure(let e):
                let key = zip(keyColumns, structure.nodeKeys[i]).map { "\($0)=\($1)" }.joined(separator: ", ")
                throw InputFailure(description: "\(file): node \(key): \(describe(e)); every node needs a base forecast to reconcile")
            case .success(let (f, fc)):
                methods.append(fc.method)
                for t in 0..<horizon { mean[i * horizon + t] = fc.mean[t] }
                if let z, let widest = fc.intervals.last {
                    for t in 0..<horizon { sd[i * horizon + t] = (widest.upper[t] - widest.lower[t]) / (2 * z) }
                }
                if f.count == T { for t in 0..<T { fitted[i * T + t] = f[t] } }
            }
        }
        let hasSD = z != nil && sd.allSatisfy(\.isFinite)
        let base = BaseForecasts(horizon: horizon, mean: mean, standardDeviation: hasSD ? sd : nil,
                                 history: history, fitted: fitted, historyLength: T)
        let rec: ReconciledForecasts
        do { rec = try Reconciler.reconcile(base, over: structure, method: method) } catch {
            throw InputFailure(description: "\(file): --reconcile \(method): \(error)")
        }
        return Result(reconciled: rec, methods: methods,
                      periods: (0..<horizon).map { "\(first.start.advanced(by: T + $0))" }, levels: levels)
    }

    /// One row per node and period: key columns (`(all)` where summed), level, model, period,
    /// base_mean, mean (reconciled), and lower_L/upper_L when reconciled variances exist.
    static func csv(_ r: Result) -> String {
        let s = r.reconciled.structure, h = r.reconciled.horizon
        let hasIntervals = r.reconciled.variance != nil && !r.levels.isEmpty
        var header = s.keyColumns + ["level", "model", "period", "base_mean", "mean"]
        if hasIntervals { for l in r.levels { header += ["lower_\(levelKey(l))", "upper_\(levelKey(l))"] } }
        var out = header.map(csvField).joined(separator: ",") + "\n"
        var levelName = [String](repeating: "", count: s.nodeCount)
        for lv in s.levels { for i in lv.firstNode..<(lv.firstNode + lv.nodeCount) { levelName[i] = lv.name } }
        for i in 0..<s.nodeCount {
            for t in 0..<h {
                var row = s.nodeKeys[i] + [levelName[i], r.methods[i], r.periods[t],
                                           "\(r.reconciled.base[i * h + t])", "\(r.reconciled.mean[i * h + t])"]
                if hasIntervals {
                    for l in r.levels {
                        let iv = r.reconciled.interval(node: i, step: t, level: l)!
                        row += ["\(iv.lower)", "\(iv.upper)"]
                    }
                }
                out += row.map(csvField).joined(separator: ",") + "\n"
            }
        }
        return out
    }

    /// The same rows as `csv`, aligned for reading, numbers to 6 significant digits.
    static func table(_ r: Result) -> String {
        let rows = csv(r).split(separator: "\n").map { BaseForecastFile.fields($0) }
        guard let header = rows.first else { return "" }
        let numericFrom = header.firstIndex(of: "base_mean") ?? header.count
        let cells = rows.enumerated().map { i, row in
            row.enumerated().map { j, v in i > 0 && j >= numericFrom ? (Double(v).map { String(format: "%.6g", $0) } ?? v) : v }
        }
        let widths = (0..<header.count).map { c in cells.map { $0[c].count }.max()! }
        var out = "Reconciled with \(r.reconciled.method) over \(r.reconciled.structure.levels.map(\.name).joined(separator: " > ")) (\(r.reconciled.structure.nodeCount) series, \(r.reconciled.structure.bottomCount) at the bottom)\n"
        for row in cells {
            out += zip(row, widths).enumerated().map { j, p in j >= numericFrom ? String(repeating: " ", count: p.1 - p.0.count) + p.0 : p.0 + String(repeating: " ", count: p.1 - p.0.count) }.joined(separator: "  ") + "\n"
        }
        return out
    }

    static func csvField(_ s: String) -> String {
        s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }
}

/// `safercity reconcile BASE.csv`: reconcile base forecasts made elsewhere (e.g. by R or
/// statsforecast) over the structure of their key columns.
struct ReconcileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reconcile",
        abstract: "Make base forecasts coherent across a hierarchy or grouping (bottom-up, top-down, middle-out, MinT).",
        discussion: """
        BASE.csv is long: the key columns, then kind, index, value. Rows with kind 'forecast' give the base
        forecast of a node at step index; 'sd' its forecast standard deviation (for intervals); 'history' and
        'fitted' its in-sample actual and fitted value at period index (for wls-var, mint-shrink, mint-cov and
        the top-down proportions). Aggregate nodes write '(all)' in the key columns they sum over; the rows
        without '(all)' are the bottom series. Every node of the structure needs a forecast at every step.
        """
    )

    @Argument(help: "Base forecasts (long CSV: key columns, kind, index, value).")
    var file: String

    @Option(help: ArgumentHelp("Method: \(ReconciliationMethod.help).", valueName: "method"))
    var method: String

    @Option(help: ArgumentHelp("How the key columns aggregate ('/' nests, '*' crosses), e.g. region/pfa (default: grand total, each key's margins, bottom).", valueName: "spec"))
    var hierarchy: String?

    @Option(help: "Interval levels in percent, comma separated (needs 'sd' rows).")
    var levels: String = "80,95"

    @Option(help: "Write the CSV here instead of standard output.")
    var output: String?

    @Flag(help: "Print the reconciliation time (excluding reading and writing) on standard error.")
    var timing = false

    func run() throws {
        let method: ReconciliationMethod
        do { method = try ReconciliationMethod.parse(self.method) } catch { throw ValidationError("--method: \(error)") }
        let lv = try levels.split(separator: ",").map { part -> Double in
            guard let v = Double(part.trimmingCharacters(in: .whitespaces)), v > 0, v < 100 else {
                throw ValidationError("--levels: '\(part)' is not a percentage strictly between 0 and 100")
            }
            return v
        }
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: file)) } catch { throw InputFailure(description: "\(file): cannot read the file") }
        let parsed = try BaseForecastFile.parse(String(decoding: data, as: UTF8.self), file: file, hierarchy: hierarchy)
        let clock = ContinuousClock()
        let start = clock.now
        let rec: ReconciledForecasts
        do { rec = try Reconciler.reconcile(parsed.base, over: parsed.structure, method: method) } catch {
            throw InputFailure(description: "\(file): \(method): \(error)")
        }
        if timing { Console.error("reconciled \(parsed.structure.nodeCount) nodes (\(parsed.structure.bottomCount) bottom) × \(rec.horizon) steps with \(method) in \(clock.now - start)\n") }
        let result = ReconciledForecastRun.Result(reconciled: rec, methods: Array(repeating: "base", count: parsed.structure.nodeCount),
                                                  periods: parsed.steps, levels: lv)
        let text = ReconciledForecastRun.csv(result)
        if let output { do { try OutputFile.write(text, to: output) } catch { throw InputFailure(description: "\(error)") } }
        else { Console.output(text) }
    }
}

/// The long base-forecast file of `safercity reconcile`.
enum BaseForecastFile {
    struct Parsed { var structure: HierarchyStructure; var base: BaseForecasts; var steps: [String] }

    static func parse(_ text: String, file: String, hierarchy: String?) throws -> Parsed {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        guard let headerLine = lines.first else { throw InputFailure(description: "\(file): the file is empty; expected a header: key columns, kind, index, value") }
        let header = fields(headerLine)
        guard header.count >= 4, header.suffix(3) == ["kind", "index", "value"] else {
            throw InputFailure(description: "\(file), line 1: expected the header to end with kind,index,value after the key columns, got \(header.joined(separator: ","))")
        }
        let k = header.count - 3
        let keyColumns = Array(header[0..<k])
        var rows: [(key: [String], kind: String, index: String, value: Double)] = []
        var bottoms: [[String]] = [], seen = Set<[String]>()
        for (ln, line) in lines.enumerated().dropFirst() {
            let f = fields(line)
            guard f.count == header.count else {
                throw InputFailure(description: "\(file), line \(ln + 1): \(f.count) fields, expected \(header.count)")
            }
            guard ["forecast", "sd", "history", "fitted"].contains(f[k]) else {
                throw InputFailure(description: "\(file), line \(ln + 1), column kind: '\(f[k])'; expected forecast, sd, history or fitted")
            }
            guard let v = Double(f[k + 2]) else {
                throw InputFailure(description: "\(file), line \(ln + 1), column value: '\(f[k + 2])' is not a number")
            }
            let key = Array(f[0..<k])
            if !key.contains(HierarchyStructure.allMarker), seen.insert(key).inserted { bottoms.append(key) }
            rows.append((key, f[k], f[k + 1], v))
        }
        let structure: HierarchyStructure
        do {
            structure = try HierarchyStructure(bottomKeys: bottoms, keyColumns: keyColumns,
                                               spec: hierarchy.map { h throws(ReconciliationError) in try HierarchySpec.parse(h) })
        } catch { throw InputFailure(description: "\(file): \(error)") }
        var nodeIndex: [[String]: Int] = [:]
        for (i, key) in structure.nodeKeys.enumerated() { nodeIndex[key] = i }
        func ordered(_ kinds: Set<String>) -> [String] {
            var seenIdx = Set<String>(), out: [String] = []
            for r in rows where kinds.contains(r.kind) && seenIdx.insert(r.index).inserted { out.append(r.index) }
            return out.allSatisfy({ Double($0) != nil }) ? out.sorted { Double($0)! < Double($1)! } : out
        }
        let steps = ordered(["forecast", "sd"]), periods = ordered(["history", "fitted"])
        let stepOf = Dictionary(uniqueKeysWithValues: steps.enumerated().map { ($1, $0) })
        let periodOf = Dictionary(uniqueKeysWithValues: periods.enumerated().map { ($1, $0) })
        let n = structure.nodeCount, h = steps.count, T = periods.count
        guard h > 0 else { throw InputFailure(description: "\(file): no 'forecast' rows") }
        var mean = [Double](repeating: .nan, count: n * h), sd = mean
        var hist = [Double](repeating: .nan, count: n * T), fit = hist
        var hasSD = false, hasHistory = false, hasFitted = false
        for r in rows {
            guard let node = nodeIndex[r.key] else {
                throw InputFailure(description: "\(file): node \(r.key.joined(separator: ", ")) is not in the structure \(structure.spec)")
            }
            switch r.kind {
            case "forecast": mean[node * h + stepOf[r.index]!] = r.value
            case "sd": sd[node * h + stepOf[r.index]!] = r.value; hasSD = true
            case "history": hist[node * T + periodOf[r.index]!] = r.value; hasHistory = true
            default: fit[node * T + periodOf[r.index]!] = r.value; hasFitted = true
            }
        }
        if let i = mean.firstIndex(where: \.isNaN) {
            throw InputFailure(description: "\(file): node \(structure.nodeKeys[i / h].joined(separator: ", ")) has no forecast for step \(steps[i % h])")
        }
        let base = BaseForecasts(horizon: h, mean: mean, standardDeviation: hasSD ? sd : nil,
                                 history: hasHistory ? hist : nil, fitted: hasFitted ? fit : nil, historyLength: T)
        return Parsed(structure: structure, base: base, steps: steps)
    }

    static func fields(_ line: Substring) -> [String] {
        var out: [String] = [], cur = "", quoted = false
        var chars = line.makeIterator()
        var prevQuote = false
        while let c = chars.next() {
            if c == "\"" { if quoted && prevQuote { cur.append("\"") }; quoted.toggle(); prevQuote = !quoted; continue }
            prevQuote = false
            if c == "," && !quoted { out.append(cur); cur = ""; continue }
            if c == "\r" && !quoted { continue }
            cur.append(c)
        }
        out.append(cur)
        return out
    }
}
