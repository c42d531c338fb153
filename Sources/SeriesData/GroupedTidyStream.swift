// SPDX-License-Identifier: GPL-3.0-or-later
// A tidy CSV read one series at a time, for runs over more series than fit in memory.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// One series of a grouped tidy stream, in input order.
public struct KeyedSeries: Sendable {
    /// 0-based position of the series in the input.
    public let index: Int
    /// The key values, one per key column.
    public let key: [String]
    /// The series from its first to its last period; periods inside that span with no row are
    /// missing (`nil`), as are explicit missing values (`NA`, empty, `..`).
    public let series: TimeSeries
    /// Physical lines of the series' first and last rows.
    public let firstLine: Int, lastLine: Int

    public init(index: Int, key: [String], series: TimeSeries, firstLine: Int, lastLine: Int) {
        self.index = index
        self.key = key
        self.series = series
        self.firstLine = firstLine
        self.lastLine = lastLine
    }
}

/// Reads a tidy (long) CSV whose rows are **grouped by key** — every row of a series together,
/// periods in any order within the series — and hands over one complete series at a time, so
/// that memory holds one series, not the file.
///
/// Rows are checked exactly as `TidyCSV.read` checks them (same row errors, same `RowAccount`):
/// field count, period form, one frequency per file (that of the first valid period), value
/// kind and negative-count policy, explicit missing values flagged, a second value for the same
/// series and period rejected as "duplicate period", gaps listed. A key that comes back after
/// another key is `SeriesDataError.notGrouped`, naming the line and the `sort` command that
/// groups the file; it is not a row error, so the run stops there (the series already handed
/// over were complete and correct).
///
/// Blocks: the input is cut into blocks of about `CSVReader.chunkSize` bytes that end where a
/// series ends (`TidyBlockReader`, which finds line and key boundaries without parsing); each
/// block is parsed on its own (`TidyStreamContext.parse`, on any thread) and the blocks are
/// checked in input order (`TidyBlockMerger`). The result — series, lines, row account, errors
/// and the series handed over before an error — does not depend on the block size
/// (`TidyBlockTests`, and the fuzz harness compares block sizes). `forEachSeries` does the three
/// steps on one thread; `safercity forecast --by` spreads the parsing over its workers.
///
/// Memory: the blocks in flight (one here), the current series' rows, and the keys seen so far
/// (to detect a key that comes back: about 40 bytes + the key's text per series, e.g. 25 MB for
/// 500,000 series), independent of the number of rows. `peakBufferedRows` reports the most rows
/// held at once (the longest series).
///
/// Speed: one tokenizer pass; keys are compared as bytes against the current series' key and
/// copied only when they change, numbers are parsed without allocation (exact decimal fast
/// path), so a row costs the tokenizer, a period and a number parse, and a byte comparison.
public struct GroupedTidyStream {
    public let reader: CSVReader
    public let columns: TidyColumns
    public var valueKind: ValueKind
    public var negativeCounts: NegativeCountPolicy
    public var policy: RowPolicy

    /// What the body returns: go on with the next series, or stop reading.
    public enum Step: Sendable { case next, stop }

    /// After a pass: the row account, whether the body stopped the pass, and the most rows held
    /// at once.
    public struct Summary: Sendable {
        public var account: RowAccount
        public var stopped: Bool
        public var seriesCount: Int
        public var peakBufferedRows: Int
    }

    public init(reader: CSVReader, columns: TidyColumns, valueKind: ValueKind = .measure,
                negativeCounts: NegativeCountPolicy = .reject, policy: RowPolicy = .reject) {
        self.reader = reader
        self.columns = columns
        self.valueKind = valueKind
        self.negativeCounts = negativeCounts
        self.policy = policy
    }

    /// Whether the first rows (up to 200) of `sample` look grouped by `columns.keys`: nil if so,
    /// else why not — a key that comes back after another key, or a first series of one row
    /// followed by another series of the same period (a file ordered by period, as police.uk
    /// downloads are). A caller can then read such a file whole instead of streaming it, before
    /// writing anything. A file that passes may still turn out ungrouped further on; the stream
    /// then stops with `.notGrouped`.
    public static func groupingProblem(sample: CSVReader, columns: TidyColumns) throws(SeriesDataError) -> String? {
        let records = try sampleRecords(sample)
        guard let header = records.first else { return nil }
        let idx = columns.keys.compactMap { k in header.firstIndex(of: k) ?? header.firstIndex { $0.caseInsensitiveCompare(k) == .orderedSame } }
        guard idx.count == columns.keys.count, !idx.isEmpty,
              let cP = header.firstIndex(where: { $0.caseInsensitiveCompare(columns.period) == .orderedSame }) else { return nil }
        let rows = records.dropFirst().filter { $0.count == header.count }
        var seen: Set<[String]> = []
        var previous: [String]? = nil
        var runs: [(key: [String], length: Int, period: String)] = []
        for (n, r) in rows.enumerated() {
            let key = idx.map { r[$0] }
            if key == previous { runs[runs.count - 1].length += 1; continue }
            if seen.contains(key) {
                return "row \(n + 1) of the data repeats key \(key.joined(separator: " / ")) after other keys"
            }
            seen.insert(key)
            previous = key
            runs.append((key, 1, r[cP]))
        }
        if runs.count >= 2 && runs[0].length == 1 && runs[0].period == runs[1].period {
            return "its first rows are different series of the same period \(runs[0].period) (ordered by period, not by key)"
        }
        return nil
    }

    /// Calls `body` with each series, in input order, as soon as its last row has been read.
    /// The input is cut into blocks of whole series (`TidyBlockReader`), each parsed in turn
    /// (`TidyStreamContext.parse`) and checked in order (`TidyBlockMerger`): the same pieces
    /// that a parallel run spreads over worker threads.
    ///
    /// - Throws: file-level `SeriesDataError`s (as `TidyCSV.read`), `.notGrouped`, and with
    ///   `.strict` the first row error.
    /// - Complexity: O(bytes + rows · key bytes) time; memory as the type says.
    public func forEachSeries(_ body: (KeyedSeries) -> Step) throws(SeriesDataError) -> Summary {
        var blocks = try TidyBlockReader(self)
        var merger = TidyBlockMerger(blocks.context)
        var index = 0
        var held: KeyedSeries? = nil
        func handOver(_ s: KeyedSeries) -> Bool {
            defer { index += 1 }
            return body(KeyedSeries(index: index, key: s.key, series: s.series, firstLine: s.firstLine, lastLine: s.lastLine)) == .stop
        }
        func stopped() throws(SeriesDataError) -> Summary {
            var summary = try merger.summary()
            summary.stopped = true
            return summary
        }
        while let block = blocks.next() {
            let parsed = blocks.context.parse(block)
            let release = merger.take(parsed)
            if release.previous, let h = held {
                held = nil
                if handOver(h) { return try stopped() }
            }
            for s in parsed.series.prefix(release.count) where handOver(s) { return try stopped() }
            if release.hold { held = parsed.series[release.count] }
            if let error = release.error { throw error }
        }
        if let h = held, handOver(h) { return try stopped() }
        return try merger.summary()
    }
}

/// The columns and checks of a grouped tidy stream, fixed once its header has been read; shared
/// by the reading thread (`TidyBlockReader`), the threads that parse blocks (`parse`) and the
/// in-order check (`TidyBlockMerger`).
public struct TidyStreamContext: Sendable {
    public let file: String
    let delimiter: UInt8
    public let columns: TidyColumns
    let valueKind: ValueKind
    let negativeCounts: NegativeCountPolicy
    let policy: RowPolicy
    let names: [String]
    let cP: Int, cV: Int, cK: [Int]
    let fieldCount: Int

    init(stream: GroupedTidyStream, header h: CSVRecord) throws(SeriesDataError) {
        let header = try Header(h)
        let idx = try header.require([stream.columns.period, stream.columns.value] + stream.columns.keys)
        file = stream.reader.name
        delimiter = stream.reader.delimiter
        columns = stream.columns
        valueKind = stream.valueKind
        negativeCounts = stream.negativeCounts
        policy = stream.policy
        names = header.names
        fieldCount = h.count
        cP = idx[0]; cV = idx[1]; cK = Array(idx.dropFirst(2))
    }

    /// Parses one block (rows checked as `GroupedTidyStream` says), on any thread: its complete
    /// series in order (`index` counts from 0 within the block), every series it started, its
    /// row account and the error that stopped it, if any. O(block bytes).
    public func parse(_ block: TidyBlock) -> ParsedTidyBlock {
        var out = ParsedTidyBlock(account: RowAccount(file: file))
        if let e = block.error { out.error = e; return out }
        guard let buffer = block.buffer else { return out }
        let reader = CSVReader(source: .slice(buffer, count: block.count, startLine: block.startLine), name: file, delimiter: delimiter)
        var state = StreamState(context: self, frequency: block.frequency)
        var account = RowAccount(file: file)
        var series: [KeyedSeries] = []
        do throws(SeriesDataError) {
            try RecordLoop(reader: reader, policy: policy, hasHeader: false).run(account: &account) { _ in } onRow: { (r, a) throws(SeriesDataError) in
                if let done = try state.row(r, &a) { series.append(done) }
            }
            if let last = state.finish() { series.append(last) }
        } catch {
            out.error = error
        }
        account.absorb(state.gapAccount)
        if let frequency = state.frequency, state.rowsOfFrequency > 0 {
            account.frequencies[frequency, default: 0] += state.rowsOfFrequency
        }
        out.series = series
        out.completed = series.count
        out.starts = state.starts
        out.account = account
        out.peakBufferedRows = state.peak
        return out
    }

    /// Whether row `r` would join or start a series (rather than be rejected before its key is
    /// looked at): the field count, the period and its frequency, the value and the key text,
    /// checked with the functions `StreamState.row` uses.
    func isSeriesRow(_ r: CSVRecord, frequency: Frequency?) -> Bool {
        guard let p = try? rowPeriod(r, fieldCount: fieldCount, column: cP, names: names) else { return false }
        if let frequency, p.frequency != frequency { return false }
        var scratch = RowAccount(file: file)
        do { _ = try optionalValue(r, cV, field: names[cV], kind: valueKind, negatives: negativeCounts, account: &scratch) } catch { return false }
        for k in cK where r.bytes(k).withMemoryRebound(to: UInt8.self, { firstInvalidUTF8(in: $0) }) != nil { return false }
        return true
    }

    /// The key fields of `r`, each followed by 0x1F: the bytes series are told apart by.
    func keyBytes(_ r: CSVRecord, into out: inout [UInt8]) {
        out.removeAll(keepingCapacity: true)
        for k in cK { out.append(contentsOf: r.bytes(k)); out.append(0x1F) }
    }
}

/// Whole records of a tidy input cut so that no series continues past the block's end
/// (`TidyBlockReader`); parsed by `TidyStreamContext.parse`.
public struct TidyBlock: @unchecked Sendable {
    let buffer: ByteBuffer?
    let count: Int
    /// Physical line of the block's first byte.
    public let startLine: Int
    /// The file's frequency (that of the first row with a valid period), nil while none was read.
    public let frequency: Frequency?
    /// An input error met while cutting (reading failed, a record over the size limit): the
    /// block carries no rows and reports the error in its place in the input.
    let error: SeriesDataError?
    /// Bytes in the block.
    public var byteCount: Int { count }
}

/// A series that a block started: its key bytes (as compared), text and first line.
struct StartedSeries: Sendable {
    var keyBytes: [UInt8]
    var key: [String]
    var firstLine: Int
}

/// One parsed block (`TidyStreamContext.parse`).
public struct ParsedTidyBlock: Sendable {
    /// The block's complete series, in order.
    public var series: [KeyedSeries] = []
    /// Number of complete series (kept when `series` is dropped after use).
    public var completed = 0
    var starts: [StartedSeries] = []
    /// The block's rows (and the gaps of its series).
    public var account: RowAccount
    /// What stopped the block (a file-level error, or a row error under `.strict`).
    var error: SeriesDataError? = nil
    var peakBufferedRows = 0

    init(account: RowAccount) { self.account = account }
}

/// Takes parsed blocks in input order and does what needs the whole input: a key that comes back
/// after another key (`.notGrouped`, naming its line and the first line of its earlier rows, as
/// the one-pass reader did), the row account, the series count. O(key bytes) per series; memory
/// ≈ 40 bytes + the key's text per series.
public struct TidyBlockMerger {
    let context: TidyStreamContext
    private var interner = ByteInterner()
    private var firstLineOf: [Int32] = []
    private var account: RowAccount
    private var seriesCount = 0
    private var peak = 0

    public init(_ context: TidyStreamContext) {
        self.context = context
        account = RowAccount(file: context.file)
    }

    /// What to hand over after a block, in this order: the series held back from an earlier block
    /// (`previous`), then the block's first `count` complete series; then hold back its next one
    /// (`hold`, handed over with the next block or at the end: `Release.holding`); then stop with
    /// `error`, if any. One pass hands a series over when the next series' first row has passed
    /// its checks, so a series is never handed over before the key after it is known not to come
    /// back.
    public struct Release: Sendable {
        public var previous = false
        public var count = 0
        public var hold = false
        public var error: SeriesDataError? = nil
    }

    /// Checks block `b`, the next in input order (see `Release`).
    public mutating func take(_ b: ParsedTidyBlock) -> Release {
        var release = Release()
        for (i, s) in b.starts.enumerated() {
            let before = interner.count
            let id = s.keyBytes.withUnsafeBytes { interner.id($0) }
            if interner.count == before {
                let c = context.cK.first
                release.error = .notGrouped(SourceLocation(file: context.file, line: s.firstLine, column: c.map { $0 + 1 },
                                                           field: c.map { context.names[$0] }),
                                            series: s.key.isEmpty ? "(single series)" : s.key.joined(separator: " / "),
                                            firstLine: Int(firstLineOf[Int(id)]), keyColumns: context.columns.keys,
                                            keyFields: context.cK.map { $0 + 1 })
                return release
            }
            firstLineOf.append(Int32(truncatingIfNeeded: s.firstLine))
            // Series i's first row passed: the series before it is complete.
            if i == 0 { release.previous = true } else { release.count = i }
        }
        account.absorb(b.account)
        seriesCount += b.completed
        peak = max(peak, b.peakBufferedRows)
        release.error = b.error
        release.hold = b.error == nil && b.completed > 0
        return release
    }

    /// The row account and counts after the last block; `.headerOnly` when no data row was read.
    public func summary() throws(SeriesDataError) -> GroupedTidyStream.Summary {
        if account.rowsRead == 0 { throw .headerOnly(file: context.file) }
        return GroupedTidyStream.Summary(account: account, stopped: false, seriesCount: seriesCount, peakBufferedRows: peak)
    }
}

/// Cuts a grouped tidy input into blocks of about `CSVReader.chunkSize` bytes, each ending where
/// one series ends and the next begins, so that blocks can be parsed on any thread and in any
/// order (`TidyStreamContext.parse`) and give, taken in order (`TidyBlockMerger`), exactly what
/// one pass gives.
///
/// Where a block may end: after the row r of key X such that the next row that would join or
/// start a series (`isSeriesRow`) has another key; rows rejected before their key is looked at
/// (ragged, bad period or value) do not end a series in one pass either. To find it, the reader
/// walks back from the buffer's last complete line over one series' lines, tokenizing only those;
/// when the buffer holds a quote or a lone CR (where a newline need not end a record) it
/// tokenizes the buffer forwards instead. It also counts the block's lines (its successor's first
/// line) and, until a row has had one, looks for the file's frequency. O(bytes) at memory speed
/// plus O(series length) per block; memory: one block plus the part of a series that straddles it
/// (a series longer than a block grows the buffer to hold it).
public struct TidyBlockReader {
    public let context: TidyStreamContext
    private let stream: ByteStream
    private let blockSize: Int
    private var carry: [UInt8] = []
    private var line: Int
    private var frequency: Frequency? = nil
    private var done = false
    private let tokenizer: OwnedTokenizer
    private var scratch: [UInt8] = [], lastKey: [UInt8] = []

    public init(_ s: GroupedTidyStream) throws(SeriesDataError) {
        let stream = try s.reader.byteStream()
        self.stream = stream
        blockSize = s.reader.chunkSize
        // The header: the first record (after a BOM and blank lines).
        var buf: [UInt8] = []
        var eof = false
        var found: (TidyStreamContext, end: Int, line: Int)? = nil
        while found == nil {
            if !eof {
                let old = buf.count
                let want = max(blockSize, old)
                buf.append(contentsOf: repeatElement(0, count: want))
                let n = try buf.withUnsafeMutableBufferPointer { (b) throws(SeriesDataError) in try stream.fill(b.baseAddress! + old, count: want) }
                buf.removeLast(want - n)
                eof = n < want
            }
            var state = TokenizerState(file: s.reader.name, delimiter: s.reader.delimiter)
            defer { state.deallocate() }
            let stop = SeriesDataError.invalidArgument("\u{0}header read")
            var context: TidyStreamContext? = nil, end = 0
            do throws(SeriesDataError) {
                try buf.withUnsafeBufferPointer { (p) throws(SeriesDataError) in
                    let start = try state.skipBOM(p, 0)
                    _ = try state.tokenize(p, from: start, isFinal: eof) { (r) throws(SeriesDataError) in
                        context = try TidyStreamContext(stream: s, header: r)
                        end = r.end
                        throw stop
                    }
                }
            } catch where error == stop {}
            if let context { found = (context, end, state.line); break }
            if eof { throw .emptyFile(file: s.reader.name) }
            if buf.count > CSVReader.maxRecordBytes {
                throw .tooLarge(SourceLocation(file: s.reader.name, line: state.line), what: "the record starting on this line",
                                limit: "\(CSVReader.maxRecordBytes >> 20) MiB")
            }
        }
        context = found!.0
        carry = Array(buf[found!.end...])
        line = found!.line
        done = eof && carry.isEmpty
        tokenizer = OwnedTokenizer(TokenizerState(file: context.file, delimiter: context.delimiter))
    }

    /// The next block (nil after the last). An input error becomes a last block carrying it.
    public mutating func next() -> TidyBlock? {
        guard !done else { return nil }
        while true {
            let want = max(blockSize, carry.count)
            let buffer = ByteBuffer(capacity: carry.count + want)
            carry.withUnsafeBufferPointer { if let b = $0.baseAddress { buffer.base.update(from: b, count: $0.count) } }
            let n: Int
            do { n = try stream.fill(buffer.base + carry.count, count: want) } catch {
                done = true
                return TidyBlock(buffer: nil, count: 0, startLine: line, frequency: frequency, error: error)
            }
            let filled = carry.count + n
            let eof = n < want
            let p = UnsafeBufferPointer(start: buffer.base, count: filled)
            if frequency == nil { frequency = firstFrequency(p, isFinal: eof) }
            if eof {
                done = true
                return filled == 0 ? nil : TidyBlock(buffer: buffer, count: filled, startLine: line, frequency: frequency, error: nil)
            }
            let cut: Int?
            do { cut = try findCut(p) } catch {
                // A malformed record: the block runs to the end of the buffer, where parsing it
                // meets the same error after the rows before it (as one pass does).
                done = true
                return TidyBlock(buffer: buffer, count: filled, startLine: line, frequency: frequency, error: nil)
            }
            if let cut {
                let block = TidyBlock(buffer: buffer, count: cut, startLine: line, frequency: frequency, error: nil)
                line += Self.lines(UnsafeBufferPointer(rebasing: p[0..<cut]))
                carry = Array(p[cut...])
                return block
            }
            // One series (or one record) fills the buffer: keep it all and read as much again.
            let lastLineStart = (p.lastIndex(of: 10) ?? -1) + 1
            if filled - lastLineStart > CSVReader.maxRecordBytes {
                done = true
                return TidyBlock(buffer: nil, count: 0, startLine: line, frequency: frequency,
                                 error: .tooLarge(SourceLocation(file: context.file, line: line + Self.lines(UnsafeBufferPointer(rebasing: p[0..<lastLineStart]))),
                                                  what: "the record starting on this line", limit: "\(CSVReader.maxRecordBytes >> 20) MiB"))
            }
            carry = Array(p)
        }
    }

    /// Physical lines in `p` as the tokenizer counts them: LF, CRLF and a lone CR each end one.
    static func lines(_ p: UnsafeBufferPointer<UInt8>) -> Int {
        guard let base = p.baseAddress else { return 0 }
        var n = 0, i = 0
        // Eight bytes at a time: the exact count of zero bytes of x ^ 0x0A…0A (no false positives).
        let ones7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        while i + 8 <= p.count {
            let v = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self) ^ 0x0A0A_0A0A_0A0A_0A0A
            let t = ~(((v & ones7) &+ ones7) | v | ones7)
            n &+= t.nonzeroBitCount
            i += 8
        }
        while i < p.count { n &+= base[i] == 10 ? 1 : 0; i += 1 }
        guard memchr(base, 13, p.count) != nil else { return n }
        for i in 0..<p.count where p[i] == 13 && (i + 1 == p.count || p[i + 1] != 10) { n += 1 }
        return n
    }

    /// The frequency of the first complete row with the header's field count and a valid period.
    private mutating func firstFrequency(_ p: UnsafeBufferPointer<UInt8>, isFinal: Bool) -> Frequency? {
        var found: Frequency? = nil
        let stop = SeriesDataError.invalidArgument("\u{0}frequency found")
        let c = context
        _ = try? tokenizer.state.tokenize(p, from: 0, isFinal: isFinal) { (r) throws(SeriesDataError) in
            if r.count == c.fieldCount, let (q, _) = parsePeriodBytes(r.bytes(c.cP)) { found = q.frequency; throw stop }
        }
        return found
    }

    /// Where the buffer's last complete series ends: just after the last series row whose key
    /// differs from that of the buffer's last series row; nil if there is none.
    private mutating func findCut(_ p: UnsafeBufferPointer<UInt8>) throws(SeriesDataError) -> Int? {
        let base = p.baseAddress!
        let simple = memchr(base, 34, p.count) == nil && !Self.hasLoneCR(p)
        let c = context, f = frequency
        if !simple {
            var cut: Int? = nil, lastEnd = 0, haveKey = false
            var key: [UInt8] = [], previous: [UInt8] = []
            _ = try tokenizer.state.tokenize(p, from: 0, isFinal: false) { (r) throws(SeriesDataError) in
                guard c.isSeriesRow(r, frequency: f) else { return }
                c.keyBytes(r, into: &key)
                if haveKey && key != previous { cut = lastEnd }
                swap(&key, &previous)
                haveKey = true
                lastEnd = r.end
            }
            return cut
        }
        // Walk back line by line from the last complete one.
        guard var lineEnd = p.lastIndex(of: 10) else { return nil }
        var haveKey = false
        while lineEnd >= 0 {
            var lineStart = lineEnd
            while lineStart > 0 && base[lineStart - 1] != 10 { lineStart -= 1 }
            var cut: Int? = nil
            let end = lineEnd + 1
            let line = UnsafeBufferPointer(rebasing: p[lineStart..<end])
            var sk = scratch, lk = lastKey, have = haveKey
            _ = try? tokenizer.state.tokenize(line, from: 0, isFinal: true) { (r) throws(SeriesDataError) in
                guard c.isSeriesRow(r, frequency: f) else { return }
                c.keyBytes(r, into: &sk)
                if !have { have = true; swap(&lk, &sk) } else if sk != lk { cut = end }
            }
            scratch = sk; lastKey = lk; haveKey = have
            if let cut { return cut }
            lineEnd = lineStart - 1
        }
        return nil
    }

    /// Whether `p` holds a CR that does not start a CRLF (or ends the buffer, undecided).
    static func hasLoneCR(_ p: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = p.baseAddress, memchr(base, 13, p.count) != nil else { return false }
        for i in 0..<p.count where p[i] == 13 && (i + 1 == p.count || p[i + 1] != 10) { return true }
        return false
    }
}

/// A tokenizer whose buffers live as long as the reader that holds it.
private final class OwnedTokenizer {
    var state: TokenizerState
    init(_ state: TokenizerState) { self.state = state }
    deinit { state.deallocate() }
}

/// The reading state of one block.
private struct StreamState {
    let context: TidyStreamContext
    // The context's columns, held here so that a row reads them without retaining arrays.
    let names: [String]
    let cP: Int, cV: Int, cK: [Int], fieldCount: Int
    var frequency: Frequency?
    var current = CurrentSeries()
    var scratch: [UInt8] = []
    var seriesCount = 0
    var peak = 0
    /// Every series started, in order (for the in-order check of keys that come back).
    var starts: [StartedSeries] = []
    /// Gaps (the account itself is in use while rows are read).
    var gapAccount: RowAccount
    /// Rows of the file's frequency, tallied once at the end (no hashing per row).
    var rowsOfFrequency = 0

    init(context: TidyStreamContext, frequency: Frequency?) {
        self.context = context
        (names, cP, cV, cK, fieldCount) = (context.names, context.cP, context.cV, context.cK, context.fieldCount)
        self.frequency = frequency
        gapAccount = RowAccount(file: context.file)
    }

    /// Reads one row; returns the previous series when this row starts a new one.
    mutating func row(_ r: CSVRecord, _ a: inout RowAccount) throws(SeriesDataError) -> KeyedSeries? {
        let p = try rowPeriod(r, fieldCount: fieldCount, column: cP, names: names)
        if frequency == nil { frequency = p.frequency }
        if p.frequency == frequency { rowsOfFrequency += 1 } else {
            a.frequencies[p.frequency, default: 0] += 1
            throw .mixedFrequency(r.location(column: cP, field: names[cP]), value: r.display(cP),
                                  found: p.frequency, expected: frequency!)
        }
        let v = try optionalValue(r, cV, field: names[cV], kind: context.valueKind, negatives: context.negativeCounts, account: &a)
        var done: KeyedSeries? = nil
        if !(current.active && current.matches(r, cK)) {
            // A new key: its text is checked before the current series is closed. Whether it
            // came back after another key is checked in input order (`TidyBlockMerger`).
            var key: [String] = []
            for k in cK { key.append(try r.string(k, field: names[k])) }
            context.keyBytes(r, into: &scratch)
            starts.append(StartedSeries(keyBytes: scratch, key: key, firstLine: r.line))
            done = finish()
            current.start(key: key, record: r, columns: cK)
        }
        if let first = current.duplicateLine(ordinal: p.ordinal) {
            throw .duplicatePeriod(r.location(column: cP, field: names[cP]),
                                   series: current.key.isEmpty ? "(single series)" : current.key.joined(separator: " / "),
                                   period: p.description, firstLine: first)
        }
        current.add(ordinal: p.ordinal, value: v, line: r.line)
        return done
    }

    /// Closes the current series (nil when there is none).
    mutating func finish() -> KeyedSeries? {
        guard current.active else { return nil }
        peak = max(peak, current.rows.count)
        let ts = current.series(frequency: frequency!)
        let name = current.displayName(keyColumns: context.columns.keys)
        for g in ts.gaps() { gapAccount.addGap(.init(series: name, from: g.from, to: g.to)) }
        let s = KeyedSeries(index: seriesCount, key: current.key, series: ts,
                            firstLine: current.firstLine, lastLine: current.lastLine)
        seriesCount += 1
        current.active = false
        return s
    }
}

/// The rows of the series being read.
private struct CurrentSeries {
    var active = false
    var key: [String] = []
    /// Key field bytes, concatenated, and each field's end offset.
    var keyBytes: [UInt8] = []
    var keyEnds: [Int] = []
    var rows: [(ordinal: Int, value: Double?, line: Int32)] = []
    var ascending = true
    var firstLine = 0, lastLine = 0

    mutating func start(key: [String], record r: CSVRecord, columns: [Int]) {
        active = true
        self.key = key
        keyBytes.removeAll(keepingCapacity: true)
        keyEnds.removeAll(keepingCapacity: true)
        for c in columns {
            keyBytes.append(contentsOf: r.bytes(c))
            keyEnds.append(keyBytes.count)
        }
        rows.removeAll(keepingCapacity: true)
        ascending = true
        firstLine = r.line
    }

    /// Whether the record's key fields equal the current key, byte for byte.
    func matches(_ r: CSVRecord, _ columns: [Int]) -> Bool {
        keyBytes.withUnsafeBytes { kb in
            var start = 0
            for (j, c) in columns.enumerated() {
                let b = r.bytes(c)
                let end = keyEnds[j]
                guard b.count == end - start else { return false }
                if b.count > 0 && memcmp(kb.baseAddress! + start, b.baseAddress!, b.count) != 0 { return false }
                start = end
            }
            return true
        }
    }

    /// The line of an earlier row of this series with the same period, if any. Rows in
    /// ascending period order (the usual case) need one comparison.
    func duplicateLine(ordinal: Int) -> Int? {
        guard let last = rows.last else { return nil }
        if ascending && ordinal > last.ordinal { return nil }
        return rows.first { $0.ordinal == ordinal }.map { Int($0.line) }
    }

    mutating func add(ordinal: Int, value: Double?, line: Int) {
        if let last = rows.last, ordinal < last.ordinal { ascending = false }
        rows.append((ordinal, value, Int32(truncatingIfNeeded: line)))
        lastLine = line
    }

    func series(frequency: Frequency) -> TimeSeries {
        let sorted = ascending ? rows : rows.sorted { $0.ordinal < $1.ordinal }
        let first = sorted.first!.ordinal, last = sorted.last!.ordinal
        var obs = [Double?](repeating: nil, count: last - first + 1)
        for row in sorted { obs[row.ordinal - first] = row.value }
        return TimeSeries(start: Period(frequency: frequency, ordinal: first), observations: obs)
    }

    func displayName(keyColumns: [String]) -> String {
        zip(keyColumns, key).map { "\($0)=\($1)" }.joined(separator: ", ")
    }
}
