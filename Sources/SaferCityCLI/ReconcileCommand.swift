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
            try Reconciler.check(method, over: structure)
        } catch { throw InputFailure(description: "\(file): --reconcile \(method): \(error)") }
        let T = first.values.count
        var bottomHistory = [Double](repeating: 0, count: loaded.count * T)
        for (b, s) in loaded.enumerated() { for t in 0..<T { bottomHistory[b * T + t] = s.values[t] } }
        let history = structure.aggregate(bottom: bottomHistory, horizon: T)
        let n = structure.nodeCount
        let nodeSeries = (0..<n).map { Array(history[($0 * T)..<(($0 + 1) * T)]) }
        let p = period ?? first.start.frequency.seasonLength
        let spec = try ModelRegistry.standard.spec(model, period: p)
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
    /// base_mean, mean (reconciled), and lower_L/upper_L when reconciled variances exist. Numbers
    /// are written round-trip exact (Swift's shortest representation). Built as bytes: O(rows).
    static func csv(_ r: Result) -> String { String(decoding: csvBytes(r), as: UTF8.self) }

    /// The UTF-8 bytes of ``csv(_:)`` (written to a file as they are: no 150 MB String at 500,000 nodes).
    static func csvBytes(_ r: Result) -> [UInt8] {
        let s = r.reconciled.structure, h = r.reconciled.horizon
        let hasIntervals = r.reconciled.variance != nil && !r.levels.isEmpty
        var header = s.keyColumns + ["level", "model", "period", "base_mean", "mean"]
        if hasIntervals { for l in r.levels { header += ["lower_\(levelKey(l))", "upper_\(levelKey(l))"] } }
        var out: [UInt8] = []
        out.reserveCapacity(s.nodeCount * h * 80)
        out.append(contentsOf: RecordText.csvRow(header).utf8)
        var levelName = [String](repeating: "", count: s.nodeCount)
        for lv in s.levels { for i in lv.firstNode..<(lv.firstNode + lv.nodeCount) { levelName[i] = lv.name } }
        let z = hasIntervals ? r.levels.map { Normal().quantile(0.5 + $0 / 200) } : []
        let periodFields = r.periods.map(RecordText.csvField)
        for i in 0..<s.nodeCount {
            var prefix = ""
            RecordText.appendCSVRow(s.nodeKeys[i] + [levelName[i], r.methods[i]], to: &prefix, lineEnd: false)
            prefix += ","
            for t in 0..<h {
                out.append(contentsOf: prefix.utf8)
                out.append(contentsOf: periodFields[t].utf8)
                let m = r.reconciled.mean[i * h + t]
                out.append(44); out.append(contentsOf: r.reconciled.base[i * h + t].description.utf8)
                out.append(44); out.append(contentsOf: m.description.utf8)
                if hasIntervals, let v = r.reconciled.variance?[i * h + t] {
                    let sd = v.squareRoot()
                    for zq in z {
                        out.append(44); out.append(contentsOf: (m - zq * sd).description.utf8)
                        out.append(44); out.append(contentsOf: (m + zq * sd).description.utf8)
                    }
                }
                out.append(10)
            }
        }
        return out
    }

    /// The same rows as `csv`, aligned for reading, numbers to 6 significant digits.
    static func table(_ r: Result) -> String {
        let rows: [[String]]
        do { rows = try CSVReader(bytes: csvBytes(r), name: "reconciled").readAll().map(\.fields) } catch {
            preconditionFailure("the reconciled CSV written above does not read back: \(error)")
        }
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
        let lv = try PercentLevels.parse(levels)
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: file)) } catch { throw InputFailure(description: "\(file): cannot read the file") }
        let parsed = try BaseForecastFile.parse(data, file: file, hierarchy: hierarchy)
        let clock = ContinuousClock()
        let start = clock.now
        let rec: ReconciledForecasts
        do { rec = try Reconciler.reconcile(parsed.base, over: parsed.structure, method: method) } catch {
            throw InputFailure(description: "\(file): \(method): \(error)")
        }
        if timing { Console.error("reconciled \(parsed.structure.nodeCount) nodes (\(parsed.structure.bottomCount) bottom) × \(rec.horizon) steps with \(method) in \(clock.now - start)\n") }
        let result = ReconciledForecastRun.Result(reconciled: rec, methods: Array(repeating: "base", count: parsed.structure.nodeCount),
                                                  periods: parsed.steps, levels: lv)
        let bytes = ReconciledForecastRun.csvBytes(result)
        if let output { do { try OutputFile.write(Data(bytes), to: output) } catch { throw InputFailure(description: "\(error)") } }
        else { Console.output(String(decoding: bytes, as: UTF8.self)) }
    }
}

/// The long base-forecast file of `safercity reconcile`.
enum BaseForecastFile {
    struct Parsed { var structure: HierarchyStructure; var base: BaseForecasts; var steps: [String] }

    /// Reads the file in one pass over its bytes (no copy): rows are kept as (key id, kind, index
    /// id, value), the key and index texts interned by their bytes (``ByteInterner``: no String
    /// per row), and each distinct key split once — memory O(rows) numbers plus the distinct keys.
    static func parse(_ data: Data, file: String, hierarchy: String?) throws -> Parsed {
        try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) throws -> Parsed in
            let empty: [UInt8] = [0]
            return try empty.withUnsafeBufferPointer { e in
                let buf = raw.bindMemory(to: UInt8.self)
                return try parse(buf.baseAddress ?? e.baseAddress!, buf.count, file: file, hierarchy: hierarchy)
            }
        }
    }

    /// The key fields as the file's unquoted fast path interns them: one CSV record without its
    /// line end (``RecordText/appendCSVRow(_:to:lineEnd:)``), so a key read from a quoted line, or
    /// a structure node's key, finds the same id as the same key written plainly.
    static func keyText(_ fields: some Collection<String>) -> String {
        var s = ""
        RecordText.appendCSVRow(Array(fields), to: &s, lineEnd: false)
        return s
    }

    static func parse(_ base: UnsafePointer<UInt8>, _ count: Int, file: String, hierarchy: String?) throws -> Parsed {
        func lineEnd(_ from: Int) -> Int {
            guard from < count, let q = memchr(base + from, 10, count - from) else { return count }
            return UnsafeRawPointer(q) - UnsafeRawPointer(base)
        }
        func text(_ a: Int, _ b: Int) -> String { String(decoding: UnsafeBufferPointer(start: base + a, count: b - a), as: UTF8.self) }
        // Header.
        guard count > 0 else {
            throw InputFailure(description: "\(file): the file is empty; expected a header: key columns, kind, index, value")
        }
        let firstNL = lineEnd(0)
        let header = try fields(Substring(text(0, firstNL)), file: file, line: 1)
        guard header.count >= 4, header.suffix(3) == ["kind", "index", "value"] else {
            throw InputFailure(description: "\(file), line 1: expected the header to end with kind,index,value after the key columns, got \(header.joined(separator: ","))")
        }
        let k = header.count - 3
        let keyColumns = Array(header[0..<k])
        let expectedRows = max(16, count / 40)
        var keyIDs = ByteInterner(expected: 1024), indexIDs = ByteInterner(expected: 64)
        var rowKey = [Int32](), rowKind = [UInt8](), rowIndex = [Int32](), rowValue = [Double]()
        rowKey.reserveCapacity(expectedRows); rowKind.reserveCapacity(expectedRows)
        rowIndex.reserveCapacity(expectedRows); rowValue.reserveCapacity(expectedRows)
        let kinds: [String: UInt8] = ["forecast": 0, "sd": 1, "history": 2, "fitted": 3]
        func kindOf(_ a: Int, _ b: Int) -> UInt8? {
            let n = b - a
            func eq(_ s: StaticString) -> Bool { n == s.utf8CodeUnitCount && memcmp(base + a, s.utf8Start, n) == 0 }
            return eq("forecast") ? 0 : eq("sd") ? 1 : eq("history") ? 2 : eq("fitted") ? 3 : nil
        }
        var commas: [Int] = []
        commas.reserveCapacity(header.count)
        var pos = firstNL + 1, lineNo = 1
        while pos < count {
            lineNo += 1
            let start = pos
            var end = lineEnd(pos)
            pos = end + 1
            if end > start && base[end - 1] == 13 { end -= 1 }
            if end == start { continue }
            let f: [String]
            var kid: Int32
            if memchr(base + start, 34, end - start) != nil {  // quoted fields: the general splitter
                f = try fields(Substring(text(start, end)), file: file, line: lineNo)
                guard f.count == header.count else { throw InputFailure(description: "\(file), line \(lineNo): \(f.count) fields, expected \(header.count)") }
                kid = keyIDs.id(keyText(f[0..<k]))
            } else {
                commas.removeAll(keepingCapacity: true)
                var i = start
                while i < end, let q = memchr(base + i, 44, end - i) {
                    let c = UnsafeRawPointer(q) - UnsafeRawPointer(base)
                    commas.append(c)
                    i = c + 1
                }
                guard commas.count == header.count - 1 else {
                    throw InputFailure(description: "\(file), line \(lineNo): \(commas.count + 1) fields, expected \(header.count)")
                }
                kid = keyIDs.id(base + start, commas[k - 1] - start)
                let ka = commas[k - 1] + 1, ia = commas[k] + 1, va = commas[k + 1] + 1
                if let kind = kindOf(ka, commas[k]), let v = parseDouble(base, va..<end) {
                    rowKey.append(kid); rowKind.append(kind)
                    rowIndex.append(indexIDs.id(base + ia, commas[k + 1] - ia)); rowValue.append(v)
                    continue
                }
                f = [text(ka, commas[k]), text(ia, commas[k + 1]), text(va, end)]
            }
            let kindText = f[f.count - 3], indexText = f[f.count - 2], valueText = f[f.count - 1]
            guard let kind = kinds[kindText] else {
                throw InputFailure(description: "\(file), line \(lineNo), column kind: '\(kindText)'; expected forecast, sd, history or fitted")
            }
            guard let v = Double(valueText), v.isFinite || valueText.lowercased() == "nan" else {
                throw InputFailure(description: "\(file), line \(lineNo), column value: '\(valueText)' is not a number")
            }
            rowKey.append(kid); rowKind.append(kind); rowIndex.append(indexIDs.id(indexText)); rowValue.append(v)
        }
        let keys = try (0..<keyIDs.count).map { try fields(Substring(keyIDs.text($0)), file: file, line: 0) }
        let indexTexts = (0..<indexIDs.count).map { indexIDs.text($0) }
        let bottoms = keys.filter { !$0.contains(HierarchyStructure.allMarker) }
        let structure: HierarchyStructure
        do {
            structure = try HierarchyStructure(bottomKeys: bottoms, keyColumns: keyColumns,
                                               spec: hierarchy.map { h throws(ReconciliationError) in try HierarchySpec.parse(h) })
        } catch { throw InputFailure(description: "\(file): \(error)") }
        // A structure node's text as the file writes it finds the file key's id (a new id: not in the file).
        let fileKeys = keyIDs.count
        var nodeOfKey = [Int](repeating: -1, count: fileKeys)
        for (i, key) in structure.nodeKeys.enumerated() {
            let id = Int(keyIDs.id(keyText(key)))
            if id < fileKeys { nodeOfKey[id] = i }
        }
        if let missing = nodeOfKey.firstIndex(of: -1) {
            throw InputFailure(description: "\(file): node \(keys[missing].joined(separator: ", ")) is not in the structure \(structure.spec)")
        }
        func ordered(_ wanted: Set<UInt8>) -> [Int32] {
            var seen = Set<Int32>(), out: [Int32] = []
            for r in rowKind.indices where wanted.contains(rowKind[r]) && seen.insert(rowIndex[r]).inserted { out.append(rowIndex[r]) }
            return out.allSatisfy({ Double(indexTexts[Int($0)]) != nil })
                ? out.sorted { Double(indexTexts[Int($0)])! < Double(indexTexts[Int($1)])! } : out
        }
        let steps = ordered([0, 1]), periods = ordered([2, 3])
        var stepOf = [Int](repeating: -1, count: indexTexts.count), periodOf = stepOf
        for (i, s) in steps.enumerated() { stepOf[Int(s)] = i }
        for (i, p) in periods.enumerated() { periodOf[Int(p)] = i }
        let n = structure.nodeCount, h = steps.count, T = periods.count
        guard h > 0 else { throw InputFailure(description: "\(file): no 'forecast' rows") }
        var mean = [Double](repeating: .nan, count: n * h), sd = mean
        var hist = [Double](repeating: .nan, count: n * T), fit = hist
        var hasSD = false, hasHistory = false, hasFitted = false
        for r in rowKind.indices {
            let node = nodeOfKey[Int(rowKey[r])], v = rowValue[r]
            switch rowKind[r] {
            case 0: mean[node * h + stepOf[Int(rowIndex[r])]] = v
            case 1: sd[node * h + stepOf[Int(rowIndex[r])]] = v; hasSD = true
            case 2: hist[node * T + periodOf[Int(rowIndex[r])]] = v; hasHistory = true
            default: fit[node * T + periodOf[Int(rowIndex[r])]] = v; hasFitted = true
            }
        }
        if let i = mean.firstIndex(where: \.isNaN) {
            throw InputFailure(description: "\(file): node \(structure.nodeKeys[i / h].joined(separator: ", ")) has no forecast for step \(indexTexts[Int(steps[i % h])]); the structure used is \(structure.levels.map(\.name).joined(separator: " > ")) — if the file holds another one, name it with --hierarchy (e.g. region/pfa)")
        }
        let base = BaseForecasts(horizon: h, mean: mean, standardDeviation: hasSD ? sd : nil,
                                 history: hasHistory ? hist : nil, fitted: hasFitted ? fit : nil, historyLength: T)
        return Parsed(structure: structure, base: base, steps: steps.map { indexTexts[Int($0)] })
    }

    /// A finite decimal number from bytes (strtod on a NUL-terminated copy); nil if the field is
    /// not entirely a finite number (the slow path then reports it, or accepts NA/NaN).
    static func parseDouble(_ base: UnsafePointer<UInt8>, _ range: Range<Int>) -> Double? {
        let n = range.count
        guard n > 0, n < 64 else { return nil }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: n + 1) { buf -> Double? in
            memcpy(buf.baseAddress!, base + range.lowerBound, n)
            buf[n] = 0
            var end: UnsafeMutablePointer<CChar>?
            let v = strtod(buf.baseAddress!, &end)
            guard let end, end == buf.baseAddress! + n, v.isFinite else { return nil }
            return v
        }
    }

    /// The fields of one CSV record through the project's tokenizer (``CSVReader``: quoted
    /// fields, doubled quotes, CR), so every key this file reads back equals the key written by
    /// ``RecordText``. A malformed record (an unclosed quote) is an error naming the line.
    static func fields(_ text: Substring, file: String, line: Int) throws -> [String] {
        var out: [String] = []
        do {
            try CSVReader(bytes: Array(text.utf8), name: file).forEachRecord { r throws(SeriesDataError) in
                if out.isEmpty { out = r.allStrings }
            }
        } catch {
            throw InputFailure(description: "\(file), line \(line): \(error.reason); expected every quoted field closed on its line, quotes inside doubled (\"\")")
        }
        return out.isEmpty ? [""] : out
    }
}
