// SPDX-License-Identifier: GPL-3.0-or-later
#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
@preconcurrency import Darwin
#endif
import ArgumentParser
import Foundation
import SaferCity

/// Options of the many-series runs (`forecast`, `backtest`, `fit` with `--by`).
struct ManySeriesOptions: ParsableArguments {
    @Option(help: "With --by: write the results to this file (a regular file; replaced only when the run completes) instead of standard output.")
    var output: String?
    @Option(help: "With --by: what a series that cannot be modelled does: skip (listed on stderr, in --errors, and as an error record in jsonl; exit 0) or fail (stop with a non-zero exit).")
    var onError: OnError = .skip
    @Option(help: "With --by: write every series that failed, with its key and the reason, to this CSV file.")
    var errors: String?
    @Flag(help: "With --by: show progress (series done, rate, ETA) on stderr even when it is not a terminal.")
    var progress = false
    @Flag(help: "With --by: no progress display.")
    var quiet = false

    enum OnError: String, ExpressibleByArgument, CaseIterable { case skip, fail }

    func validate(by: String?) throws {
        guard by == nil else { return }
        if output != nil || errors != nil || onError != .skip {
            throw ValidationError("--output, --errors and --on-error apply to many-series runs; add --by KEYS (or drop them)")
        }
    }
}

/// One series' result, rendered on a worker thread.
struct SeriesOutcome: Sendable {
    var key: [String]
    var name: String
    /// The series' output record(s), ready to write.
    var text: String
    /// The prediction-interval levels of this series' forecast (for the CSV header).
    var levels: [Double] = []
    /// Why the series could not be modelled (nil: it was).
    var failure: String? = nil
    /// The input line of the series' last row (streamed input; 0 otherwise), for progress.
    var lastLine = 0
}

/// How the records of a many-series run are framed.
struct RecordFraming {
    var prefix = "", separator = "", suffix = ""
    /// The header written once before the first record, from that record's levels.
    var header: @Sendable ([Double]) -> String = { _ in "" }
    /// Whether a failed series also writes its `text` (an error record) into the output.
    var failuresInOutput = false
}

/// The many-series engine behind `--by`: reads the input one series at a time (tidy files
/// grouped by key are streamed; other layouts and ungrouped tidy files are read whole, with a
/// note), models each series on `jobs` threads (`OrderedParallelMap`), and writes each result as
/// soon as it and every earlier series are done, in input order, so the output is the same for
/// any `jobs`. Failed series are listed (stderr, `--errors`), never dropped; the run ends with
/// "series in N = <verb> A + failed B".
struct ManySeriesRun {
    var file: String
    var input: SeriesInputOptions
    var keyColumns: [String]
    var options: ManySeriesOptions
    var jobs: Int
    /// "forecast", "backtested", "fitted".
    var verb: String
    var framing = RecordFraming()

    /// Runs `makeTransform(frequency)` (built once the first series' frequency is known) on
    /// every series.
    func run(makeTransform: (Frequency) throws -> @Sendable (KeyedSeries) -> SeriesOutcome) throws {
        let out = try cliOutput { () throws(SeriesDataError) in try OutputFile.Stream(path: options.output) }
        let errorsOut = try options.errors.map { p in try cliOutput { () throws(SeriesDataError) in try OutputFile.Stream(path: p) } }
        var state = DeliveryState(run: self, out: out, errorsOut: errorsOut)
        if state.progress.enabled { state.progress.estimatedLines = ProgressMeter.estimatedLines(file) }
        let (account, seriesCount): (RowAccount, Int)
        switch try openInput() {
        case .stream(let blocks, let note):
            var summary = try runBlocks(blocks, makeTransform: makeTransform, state: &state)
            if let note { summary.account.notes.insert(note, at: 0) }
            (account, seriesCount) = (summary.account, summary.seriesCount)
        case .panel(let panel, let panelAccount):
            state.progress.total = panel.count
            try runPanel(panel, makeTransform: makeTransform, state: &state)
            (account, seriesCount) = (panelAccount, panel.count)
        }
        state.progress.finish()
        if !account.rejected.isEmpty || !account.flagged.isEmpty { Console.error(account.description) }
        try Limits.checkRejections(account, file: file, allow: input.allowRejects)
        guard seriesCount > 0 else { throw InputFailure(description: SeriesInput.noSeries(file: file)) }
        try state.close(seriesCount: seriesCount)
    }

    /// A tidy file grouped by key, streamed in blocks of whole series; else the whole input.
    private enum Input {
        case stream(TidyBlockReader, note: String?)
        case panel(Panel, RowAccount)
    }

    /// One block for a worker, with the per-series transform (nil until the file's frequency is
    /// known: blocks before that have no series).
    private struct BlockJob: Sendable {
        let block: TidyBlock
        let transform: (@Sendable (KeyedSeries) -> SeriesOutcome)?
    }

    private struct BlockResult: Sendable {
        var parsed: ParsedTidyBlock
        var outcomes: [SeriesOutcome]
    }

    /// A parsed block's series, modelled by any worker (one slot per series), then gathered.
    private final class BlockWork: @unchecked Sendable {
        let parsed: ParsedTidyBlock
        let transform: (@Sendable (KeyedSeries) -> SeriesOutcome)?
        let outcomes: UnsafeMutablePointer<SeriesOutcome?>

        init(_ parsed: ParsedTidyBlock, transform: (@Sendable (KeyedSeries) -> SeriesOutcome)?) {
            self.parsed = parsed
            self.transform = transform
            outcomes = .allocate(capacity: max(parsed.series.count, 1))
            outcomes.initialize(repeating: nil, count: parsed.series.count)
        }

        deinit {
            outcomes.deinitialize(count: parsed.series.count)
            outcomes.deallocate()
        }

        /// Series `i` (each `i` once, on any thread).
        func run(_ i: Int) {
            let s = parsed.series[i]
            // (No transform: the model could not be set up; the first delivery says so.)
            var o = transform?(s) ?? SeriesOutcome(key: s.key, name: "", text: "")
            o.lastLine = s.lastLine
            outcomes[i] = o
        }

        /// After every `run`: the block's outcomes in order (its series dropped).
        func result() -> BlockResult {
            var p = parsed
            p.series = []
            return BlockResult(parsed: p, outcomes: (0..<parsed.series.count).map { outcomes[$0].take()! })
        }
    }

    /// The streamed run: this thread cuts the input into blocks of whole series
    /// (`TidyBlockReader`: finding line and key boundaries, no parsing); a worker parses each
    /// block, and then all workers model and render its series, a few at a time, oldest block
    /// first (`OrderedParallelMap`'s split items: no worker idles while another works through a
    /// block, whatever the panel size and the cost per series); blocks are checked
    /// (`TidyBlockMerger`: keys that come back, the row account) and written in input order, on a
    /// thread of their own when `jobs` > 1. Output and messages are the same for any `jobs` and
    /// any block size.
    private func runBlocks(_ reader: TidyBlockReader, makeTransform: (Frequency) throws -> @Sendable (KeyedSeries) -> SeriesOutcome,
                           state: inout DeliveryState) throws -> GroupedTidyStream.Summary {
        var blocks = reader
        let context = blocks.context
        var merger = TidyBlockMerger(context)
        var transform: (@Sendable (KeyedSeries) -> SeriesOutcome)? = nil
        var transformError: Error? = nil
        let map = OrderedParallelMap<BlockJob, BlockResult>(workers: jobs, window: 4 * jobs, parts: { job in
            let work = BlockWork(context.parse(job.block), transform: job.transform)
            return .parts(count: work.parsed.series.count, run: { work.run($0) }, result: { work.result() })
        })
        var delivery = state
        var held: SeriesOutcome? = nil
        let emit: (SeriesOutcome) throws -> Void = { o in
            if let e = transformError { throw e }  // the model could not be set up: stop at the first series
            try delivery.deliver(o)
        }
        let deliver: (BlockResult) throws -> Void = { r in
            let release = merger.take(r.parsed)
            if release.previous, let h = held { held = nil; try emit(h) }
            for o in r.outcomes.prefix(release.count) { try emit(o) }
            if release.hold { held = r.outcomes[release.count] }
            if let error = release.error { throw InputFailure(description: error.description) }
        }
        // With several workers, writing gets a thread of its own (this one cuts blocks).
        if jobs > 1 { map.deliverOnOwnThread(deliver) }
        defer { state = delivery }
        defer { map.close() }  // (first: the writer thread is stopped before `delivery` is read)
        while let block = blocks.next() {
            if transform == nil && transformError == nil, let f = block.frequency {
                do { transform = try makeTransform(f) } catch { transformError = error }
            }
            let job = BlockJob(block: block, transform: transform)
            if jobs > 1 { try map.submit(job) } else { try map.submit(job, deliver: deliver) }
        }
        if jobs > 1 { try map.finishDelivering() } else { try map.finish(deliver: deliver) }
        if let h = held { try emit(h) }
        if ProcessInfo.processInfo.environment["SAFERCITY_ENGINE_STATS"] != nil {
            // Where worker time went (docs/Scale.md): waits for work, and their total length.
            Console.error("engine: \(jobs) worker(s); \(map.idleWaits) waits for work, "
                + String(format: "%.3f", Double(map.parkedNanoseconds) / 1e9) + " s waited in all; at most \(map.peakInFlight) blocks in flight\n")
        }
        return try cliInput { () throws(SeriesDataError) in try merger.summary() }
    }

    /// The whole-input run: every series of the panel, in panel order, on `jobs` workers.
    private func runPanel(_ panel: Panel, makeTransform: (Frequency) throws -> @Sendable (KeyedSeries) -> SeriesOutcome,
                          state: inout DeliveryState) throws {
        guard panel.count > 0 else { return }
        let transform = try makeTransform(panel.frequency)
        let map = OrderedParallelMap<KeyedSeries, SeriesOutcome>(workers: jobs) { s in transform(s) }
        var delivery = state
        defer { state = delivery }
        defer { map.close() }  // (first: the writer thread is stopped before `delivery` is read)
        let deliver: (SeriesOutcome) throws -> Void = { try delivery.deliver($0) }
        if jobs > 1 { map.deliverOnOwnThread(deliver) }
        for i in 0..<panel.count {
            let s = KeyedSeries(index: i, key: panel.key(at: i), series: panel.series(at: i), firstLine: 0, lastLine: 0)
            if jobs > 1 { try map.submit(s) } else { try map.submit(s, deliver: deliver) }
        }
        if jobs > 1 { try map.finishDelivering() } else { try map.finish(deliver: deliver) }
    }

    /// Opens the input: a tidy file grouped by key is streamed; other layouts and ungrouped tidy
    /// files are read whole (with a note).
    private func openInput() throws -> Input {
        let options = input.ingestOptions
        if options.format == .tidy {
            let (reader, sample) = try cliInput { () throws(SeriesDataError) -> (CSVReader, CSVReader) in
                if file == "-" { return try CSVReader.standardInput() }
                let r = CSVReader(url: URL(fileURLWithPath: file))
                return (r, r)
            }
            let (resolved, note) = try cliInput { () throws(SeriesDataError) in
                try TidyCSV.resolveColumns(sample: sample, period: options.periodColumn, value: options.valueColumn, keys: keyColumns)
            }
            let columns = resolved!  // key columns are given, so the columns are resolved
            if let problem = try cliInput({ () throws(SeriesDataError) in try GroupedTidyStream.groupingProblem(sample: sample, columns: columns) }) {
                // Not grouped: read whole (nothing has been written yet).
                Console.error("note: \(file) is not grouped by \(keyColumns.joined(separator: ",")) (\(problem)); reading it whole in memory rather than streaming it. Sort it by the key columns to stream it.\n")
                let bytes: CSVReader = file == "-" ? try cliInput { () throws(SeriesDataError) in try reader.allBytesReader() } : reader
                return try cliInput { () throws(SeriesDataError) in
                    var (panel, account) = try TidyCSV.read(bytes, columns: columns, valueKind: .measure, negativeCounts: .reject, policy: options.policy)
                    if let note { account.notes.insert(note, at: 0) }
                    return .panel(panel, account)
                }
            }
            let stream = GroupedTidyStream(reader: reader, columns: columns, policy: options.policy)
            return .stream(try cliInput { () throws(SeriesDataError) in try TidyBlockReader(stream) }, note: note)
        }
        var o = input
        o.keyColumns = keyColumns.joined(separator: ",")
        let result: Result<(panel: Panel, account: RowAccount), SeriesDataError> = Result { () throws(SeriesDataError) in
            try ingest(url: URL(fileURLWithPath: file), options: o.ingestOptions)
        }
        let (panel, account) = try cliInput { () throws(SeriesDataError) in try result.get() }
        return .panel(panel, account)
    }

    private func cliInput<T>(_ body: () throws(SeriesDataError) -> T) throws -> T {
        do { return try body() } catch { throw InputFailure(description: error.description) }
    }

    private func cliOutput<T>(_ body: () throws(SeriesDataError) -> T) throws -> T {
        do { return try body() } catch { throw InputFailure(description: error.description) }
    }
}

/// What the delivering (writing) side keeps: counts, the first failures, the output streams.
private struct DeliveryState {
    let run: ManySeriesRun
    let out: OutputFile.Stream
    let errorsOut: OutputFile.Stream?
    var succeeded = 0, failed = 0
    var wroteHeader = false
    var failures: [String] = []
    var progress: ProgressMeter
    static let listed = 50

    init(run: ManySeriesRun, out: OutputFile.Stream, errorsOut: OutputFile.Stream?) {
        self.run = run
        self.out = out
        self.errorsOut = errorsOut
        progress = ProgressMeter(enabled: !run.options.quiet && (run.options.progress || isatty(2) != 0))
    }

    mutating func deliver(_ o: SeriesOutcome) throws {
        progress.tick(done: succeeded + failed + 1, line: o.lastLine)
        if let reason = o.failure {
            failed += 1
            let message = "\(run.file)\(o.name.isEmpty ? "" : " (\(o.name))"): \(reason)"
            if run.options.onError == .fail {
                throw InputFailure(description: message + " (--on-error fail: stopping; the output is incomplete\(run.options.output == nil ? "" : " and \(run.options.output!) was not written"))")
            }
            if failures.count < Self.listed { failures.append(message) }
            if let errorsOut {
                if failed == 1 {
                    try write(errorsOut, RecordText.csvRow(run.keyColumns + ["reason"]))
                }
                try write(errorsOut, RecordText.csvRow(o.key + [reason]))
            }
            if run.framing.failuresInOutput { try record(o) }
            return
        }
        succeeded += 1
        try record(o)
    }

    private mutating func record(_ o: SeriesOutcome) throws {
        if !wroteHeader {
            wroteHeader = true
            try write(out, run.framing.prefix + run.framing.header(o.levels))
        } else {
            try write(out, run.framing.separator)
        }
        try write(out, o.text)
    }

    private func write(_ s: OutputFile.Stream, _ text: String) throws {
        do { try s.write(text) } catch { throw InputFailure(description: error.description) }
    }

    mutating func close(seriesCount: Int) throws {
        if failed > 0 {
            var report = "series \(run.verb) \(succeeded), skipped \(failed):\n"
            for m in failures { report += "  skipped: \(m)\n" }
            if failed > failures.count {
                report += "  … and \(failed - failures.count) more" + (run.options.errors.map { " (all listed in \($0))" } ?? " (list them all with --errors FILE)") + "\n"
            }
            Console.error(report)
        }
        guard succeeded > 0 else {
            throw InputFailure(description: "\(run.file): no series could be \(run.verb) (each one's reason is listed above)")
        }
        if wroteHeader { try write(out, run.framing.suffix) }
        do {
            try out.commit()
            try errorsOut?.commit()
        } catch { throw InputFailure(description: error.description) }
        Console.error("series in \(seriesCount) = \(run.verb) \(succeeded) + failed \(failed)\n")
    }
}

/// Progress on standard error for runs over a few seconds: series done, rate, and (when the
/// total is known) ETA, redrawn at most twice a second from the second second on.
struct ProgressMeter {
    let enabled: Bool
    var total: Int? = nil
    private let start = DispatchTime.now().uptimeNanoseconds
    private var lastDraw: UInt64 = 0
    private var drawn = false
    private var done = 0

    init(enabled: Bool, total: Int? = nil) {
        self.enabled = enabled
        self.total = total
    }

    /// Estimated lines of a streamed input file (nil: unknown, e.g. standard input), from its
    /// size and the mean line length of its first 64 KiB; set by the reader before the first tick.
    var estimatedLines: Double? = nil

    /// `done` series so far; `line`: the last line read (streamed input), for the share of the
    /// file read when the total is not known.
    mutating func tick(done: Int, line lineRead: Int = 0) {
        self.done = done
        guard enabled, done & 63 == 0 || done == total else { return }
        let now = DispatchTime.now().uptimeNanoseconds
        guard now - start > 2_000_000_000, now - lastDraw > 500_000_000 else { return }
        lastDraw = now
        drawn = true
        let seconds = Double(now - start) / 1e9
        let rate = Double(done) / seconds
        var line = "\r\(done)" + (total.map { "/\($0)" } ?? "") + " series, \(Int(rate.rounded()))/s, \(Int(seconds)) s"
        if let total, rate > 0 {
            line += ", ETA \(Int((Double(total - done) / rate).rounded())) s"
        } else if let lines = estimatedLines, lines > 0, lineRead > 0 {
            // Streamed: the share of the file read so far (by lines), and the time the rest takes
            // at the rate so far.
            let share = min(Double(lineRead) / lines, 0.99)
            line += ", ~\(Int((100 * share).rounded()))% of the input, ETA ~\(Int((seconds * (1 - share) / share).rounded())) s"
        }
        Console.error(line + "   ")
    }

    mutating func finish() {
        if drawn { Console.error("\n") }
    }

    /// Lines in the file at `path` estimated from its size and the mean line length of its first
    /// 64 KiB (nil for standard input or an unreadable or empty file). O(64 KiB).
    static func estimatedLines(_ path: String) -> Double? {
        guard path != "-", let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.doubleValue,
              size > 0, let head = try? handle.read(upToCount: 1 << 16), !head.isEmpty else { return nil }
        let newlines = head.reduce(0) { $0 + ($1 == 10 ? 1 : 0) }
        return newlines > 0 ? size * Double(newlines) / Double(head.count) : nil
    }
}
