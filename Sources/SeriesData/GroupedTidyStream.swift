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
/// Memory: the chunk buffer (`CSVReader.chunkSize`), the current series' rows, and the keys seen
/// so far (to detect a key that comes back: about 40 bytes + the key's text per series, e.g.
/// 25 MB for 500,000 series), independent of the number of rows. `peakBufferedRows` reports the
/// most rows held at once (the longest series).
///
/// Speed: one tokenizer pass (`CSVReader`); keys are compared as bytes against the current
/// series' key and interned only when they change, so a row costs the tokenizer, a period and a
/// number parse, and a byte comparison — no allocation per row.
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
    ///
    /// - Throws: file-level `SeriesDataError`s (as `TidyCSV.read`), `.notGrouped`, and with
    ///   `.strict` the first row error.
    /// - Complexity: O(bytes + rows · key bytes) time; memory as the type says.
    public func forEachSeries(_ body: (KeyedSeries) -> Step) throws(SeriesDataError) -> Summary {
        var account = RowAccount(file: reader.name)
        // All per-row state in one struct: its fields are accessed statically inside its
        // methods (a closure capturing many variables pays an exclusivity check per access).
        var state = StreamState(stream: self)
        var stopped = false
        let stop = SeriesDataError.invalidArgument("\u{0}stream stopped")
        do throws(SeriesDataError) {
            try RecordLoop(reader: reader, policy: policy).run(account: &account) { (h) throws(SeriesDataError) in
                try state.header(h)
            } onRow: { (r, a) throws(SeriesDataError) in
                if let done = try state.row(r, &a), body(done) == .stop { throw stop }
            }
            if let last = state.finish(), body(last) == .stop { stopped = true }
        } catch where error == stop {
            stopped = true
        }
        account.absorb(state.gapAccount)
        if let frequency = state.frequency, state.rowsOfFrequency > 0 {
            account.frequencies[frequency, default: 0] += state.rowsOfFrequency
        }
        return Summary(account: account, stopped: stopped, seriesCount: state.seriesCount, peakBufferedRows: state.peak)
    }
}

/// The reading state of one `forEachSeries` pass.
private struct StreamState {
    let columns: TidyColumns
    let valueKind: ValueKind
    let negativeCounts: NegativeCountPolicy
    var names: [String] = []
    var cP = 0, cV = 0, cK: [Int] = []
    var fieldCount = 0
    var frequency: Frequency? = nil
    var interner = ByteInterner()
    var firstLineOf: [Int32] = []  // by interned key id
    var current = CurrentSeries()
    var scratch: [UInt8] = []
    var seriesCount = 0
    var peak = 0
    /// Gaps (the account itself is in use while rows are read).
    var gapAccount: RowAccount
    /// Rows of the file's frequency, tallied once at the end (no hashing per row).
    var rowsOfFrequency = 0

    init(stream: GroupedTidyStream) {
        columns = stream.columns
        valueKind = stream.valueKind
        negativeCounts = stream.negativeCounts
        gapAccount = RowAccount(file: stream.reader.name)
    }

    mutating func header(_ h: CSVRecord) throws(SeriesDataError) {
        let header = try Header(h)
        names = header.names
        fieldCount = h.count
        let idx = try header.require([columns.period, columns.value] + columns.keys)
        cP = idx[0]; cV = idx[1]; cK = Array(idx.dropFirst(2))
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
        let v = try optionalValue(r, cV, field: names[cV], kind: valueKind, negatives: negativeCounts, account: &a)
        var done: KeyedSeries? = nil
        if !(current.active && current.matches(r, cK)) {
            // A new key: check it (text, not seen before) before closing the current series.
            var key: [String] = []
            for k in cK { key.append(try r.string(k, field: names[k])) }
            scratch.removeAll(keepingCapacity: true)
            for k in cK { scratch.append(contentsOf: r.bytes(k)); scratch.append(0x1F) }
            let before = interner.count
            let id = scratch.withUnsafeBytes { interner.id($0) }
            if interner.count == before {
                throw .notGrouped(r.location(column: cK.first, field: cK.first.map { names[$0] }),
                                  series: key.isEmpty ? "(single series)" : key.joined(separator: " / "),
                                  firstLine: Int(firstLineOf[Int(id)]), keyColumns: columns.keys,
                                  keyFields: cK.map { $0 + 1 })
            }
            firstLineOf.append(Int32(truncatingIfNeeded: r.line))
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
        let name = current.displayName(keyColumns: columns.keys)
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
