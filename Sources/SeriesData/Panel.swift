// SPDX-License-Identifier: GPL-3.0-or-later
/// Many regular series of one frequency, each identified by string key columns
/// (area, crime type, indicator…), stored compactly:
///
/// - one contiguous `[Double]` values buffer and a parallel missing mask (`[Bool]`),
/// - `offsets` (count + 1 entries: series *i* is `values[offsets[i]..<offsets[i+1]]`),
/// - one start ordinal per series,
/// - keys as `Int32` codes into one dictionary of distinct strings per key column.
///
/// So memory is ≈ 9 bytes per observation + 12 bytes per series + 4 bytes per
/// key cell + the distinct key strings — 300,000 monthly series of 60 months take
/// ≈ 170 MB. (Nixtla statsforecast's `GroupedArray` uses the same data + indptr layout.)
public struct Panel: Sendable {
    public let keyColumns: [String]
    public let frequency: Frequency
    /// Distinct strings per key column.
    public let keyDictionaries: [[String]]
    /// `count × keyColumns.count` codes into `keyDictionaries`, row-major.
    public let keyCodes: [Int32]
    public let startOrdinals: [Int]
    public let offsets: [Int]
    public let values: [Double]
    public let missing: [Bool]

    /// Number of series.
    public var count: Int { startOrdinals.count }
    /// Total number of stored observations (incl. missing).
    public var observationCount: Int { values.count }

    public func key(at i: Int) -> [String] {
        let k = keyColumns.count
        return (0..<k).map { keyDictionaries[$0][Int(keyCodes[i * k + $0])] }
    }

    public func start(at i: Int) -> Period { Period(frequency: frequency, ordinal: startOrdinals[i]) }

    /// The series at index `i` as a `TimeSeries`. O(length).
    public func series(at i: Int) -> TimeSeries {
        let r = offsets[i]..<offsets[i + 1]
        return TimeSeries(start: start(at: i), observations: r.map { missing[$0] ? nil : values[$0] })
    }

    /// Index of the series with this key, or nil. Series are kept sorted by key
    /// (lexicographically, column by column), so this is a binary search:
    /// O(log count · key columns).
    public func index(of key: [String]) -> Int? {
        precondition(key.count == keyColumns.count, "key has \(key.count) parts; panel has \(keyColumns.count) key columns")
        var lo = 0, hi = count
        while lo < hi {
            let mid = (lo + hi) / 2
            switch compareKey(at: mid, with: key) {
            case 0: return mid
            case ..<0: lo = mid + 1
            default: hi = mid
            }
        }
        return nil
    }

    /// Sign of (key at i) − key, comparing column by column.
    private func compareKey(at i: Int, with key: [String]) -> Int {
        let k = keyColumns.count
        for c in 0..<k {
            let s = keyDictionaries[c][Int(keyCodes[i * k + c])]
            if s != key[c] { return s < key[c] ? -1 : 1 }
        }
        return 0
    }

    /// The series with this key, or nil.
    public subscript(key: String...) -> TimeSeries? { index(of: key).map(series(at:)) }

    /// All (key, series) pairs in panel order.
    public var allSeries: [(key: [String], series: TimeSeries)] {
        (0..<count).map { (key(at: $0), series(at: $0)) }
    }

    /// A panel with the key column `column` summed (or averaged) away: e.g. counts by
    /// (area, crime type) → counts by area. A period present in some input series and
    /// not others is summed over those observed; `missing` only when none observed.
    public func collapsing(_ column: String, method: AggregationMethod = .sum) -> Panel {
        guard let c = keyColumns.firstIndex(of: column) else {
            preconditionFailure("panel has no key column '\(column)' (has \(keyColumns))")
        }
        var acc = PanelAccumulator(keyColumns: keyColumns.filter { $0 != column }, frequency: frequency, mode: .sum)
        var counts: [Int: Int] = [:]
        for i in 0..<count {
            var k = key(at: i)
            k.remove(at: c)
            let s = acc.seriesIndex(for: k)
            for j in offsets[i]..<offsets[i + 1] where !missing[j] {
                let o = startOrdinals[i] + j - offsets[i]
                _ = acc.add(series: s, ordinal: o, value: values[j], line: 0)
                counts[PanelAccumulator.cellKey(s, o), default: 0] += 1
            }
        }
        if method == .mean {
            for (cell, n) in counts { acc.cells[cell]!.value = acc.cells[cell]!.value.map { $0 / Double(n) } }
        }
        var scratch = RowAccount(file: "")
        return acc.build(account: &scratch)
    }

    /// Raw buffers; internal so that the sorted-by-key invariant always holds.
    init(keyColumns: [String], frequency: Frequency, keyDictionaries: [[String]], keyCodes: [Int32],
         startOrdinals: [Int], offsets: [Int], values: [Double], missing: [Bool]) {
        precondition(offsets.count == startOrdinals.count + 1 && offsets.last == values.count && values.count == missing.count)
        precondition(keyCodes.count == startOrdinals.count * keyColumns.count)
        self.keyColumns = keyColumns
        self.frequency = frequency
        self.keyDictionaries = keyDictionaries
        self.keyCodes = keyCodes
        self.startOrdinals = startOrdinals
        self.offsets = offsets
        self.values = values
        self.missing = missing
    }

    /// Builds a panel from keyed series (all of frequency `frequency`).
    /// Series are stored sorted by key; precondition: no key twice, every key has
    /// `keyColumns.count` parts, every series has frequency `frequency`.
    public init(keyColumns: [String], frequency: Frequency, series: [(key: [String], series: TimeSeries)]) {
        var acc = PanelAccumulator(keyColumns: keyColumns, frequency: frequency, mode: .sum)
        var b = PanelBuffers()
        let sorted = series.sorted { $0.key.lexicographicallyPrecedes($1.key) }
        for (a, c) in zip(sorted, sorted.dropFirst()) { precondition(a.key != c.key, "key \(a.key) given twice") }
        for (k, s) in sorted {
            precondition(k.count == keyColumns.count, "key \(k) does not have \(keyColumns.count) parts")
            precondition(s.frequency == frequency, "series \(k) is \(s.frequency); panel is \(frequency)")
            let codes = acc.codes(for: k)
            b.append(codes: codes, start: s.start.ordinal, observations: s.observations)
        }
        self = b.panel(keyColumns: keyColumns, frequency: frequency, dictionaries: acc.dictionaries)
    }
}

struct PanelBuffers {
    var keyCodes: [Int32] = []
    var starts: [Int] = []
    var offsets: [Int] = [0]
    var values: [Double] = []
    var missing: [Bool] = []
    mutating func append(codes: [Int32], start: Int, observations: [Double?]) {
        keyCodes += codes
        starts.append(start)
        for o in observations {
            values.append(o ?? 0)
            missing.append(o == nil)
        }
        offsets.append(values.count)
    }
    func panel(keyColumns: [String], frequency: Frequency, dictionaries: [[String]]) -> Panel {
        Panel(keyColumns: keyColumns, frequency: frequency, keyDictionaries: dictionaries, keyCodes: keyCodes,
              startOrdinals: starts, offsets: offsets, values: values, missing: missing)
    }
}

/// Collects (series, period, value) cells while reading, then builds a `Panel`.
/// Memory is proportional to the number of distinct cells, not rows read.
struct PanelAccumulator {
    enum Mode { case sum, unique }
    let keyColumns: [String]
    var frequency: Frequency
    let mode: Mode
    var dictionaries: [[String]]
    private var lookup: [[String: Int32]]
    private var seriesByCodes: [[Int32]: Int32] = [:]
    /// With at most two key columns the codes packed into one `Int` (no array hashed per row).
    private var seriesByPackedCodes: [Int: Int32] = [:]
    var seriesCodes: [[Int32]] = []
    /// cellKey(series, ordinal) → (value, first line).
    var cells: [Int: (value: Double?, line: Int32)] = [:]

    init(keyColumns: [String], frequency: Frequency, mode: Mode) {
        self.keyColumns = keyColumns
        self.frequency = frequency
        self.mode = mode
        dictionaries = Array(repeating: [], count: keyColumns.count)
        lookup = Array(repeating: [:], count: keyColumns.count)
    }

    static func cellKey(_ series: Int32, _ ordinal: Int) -> Int {
        (Int(series) << 32) | (ordinal & 0xFFFF_FFFF)
    }

    mutating func code(column c: Int, _ s: String) -> Int32 {
        if let x = lookup[c][s] { return x }
        let x = Int32(dictionaries[c].count)
        dictionaries[c].append(s)
        lookup[c][s] = x
        return x
    }

    mutating func codes(for key: [String]) -> [Int32] {
        key.enumerated().map { code(column: $0.offset, $0.element) }
    }

    mutating func seriesIndex(codes: [Int32]) -> Int32 {
        if codes.count <= 2 {  // codes are ≥ 0 and the count is fixed per accumulator: packing is one-to-one
            let packed = codes.count == 0 ? 0 : codes.count == 1 ? Int(codes[0]) : Int(codes[0]) << 32 | Int(codes[1])
            if let s = seriesByPackedCodes[packed] { return s }
            let s = Int32(seriesCodes.count)
            seriesCodes.append(codes)
            seriesByPackedCodes[packed] = s
            return s
        }
        if let s = seriesByCodes[codes] { return s }
        let s = Int32(seriesCodes.count)
        seriesCodes.append(codes)
        seriesByCodes[codes] = s
        return s
    }

    mutating func seriesIndex(for key: [String]) -> Int32 { seriesIndex(codes: codes(for: key)) }

    /// Adds a value. In `.unique` mode a second value for the same cell is not stored
    /// and the first value's line is returned (a duplicate); in `.sum` mode values add.
    /// A `nil` value is an explicit missing observation (it still occupies the cell).
    mutating func add(series: Int32, ordinal: Int, value: Double?, line: Int) -> Int? {
        let k = Self.cellKey(series, ordinal)
        if let existing = cells[k] {
            if mode == .unique { return Int(existing.line) }
            if let value { cells[k] = ((existing.value ?? 0) + value, existing.line) }
        } else {
            cells[k] = (value, Int32(truncatingIfNeeded: line))
        }
        return nil
    }

    /// Builds the panel (series sorted by key), filling periods between a series'
    /// first and last observation with missing and reporting them as gaps.
    func build(account: inout RowAccount) -> Panel {
        var perSeries = [[(Int, Double?)]](repeating: [], count: seriesCodes.count)
        for (k, cell) in cells {
            let s = k >> 32
            let o = Int(Int32(truncatingIfNeeded: k & 0xFFFF_FFFF))
            perSeries[s].append((o, cell.value))
        }
        var b = PanelBuffers()
        for s in sortedSeriesOrder() where !perSeries[s].isEmpty {
            let cellsOfS = perSeries[s].sorted { $0.0 < $1.0 }
            let first = cellsOfS.first!.0, last = cellsOfS.last!.0
            var obs = [Double?](repeating: nil, count: last - first + 1)
            for (o, v) in cellsOfS { obs[o - first] = v }
            let ts = TimeSeries(start: Period(frequency: frequency, ordinal: first), observations: obs)
            for g in ts.gaps() { account.addGap(.init(series: seriesName(s), from: g.from, to: g.to)) }
            b.append(codes: seriesCodes[s], start: first, observations: obs)
        }
        return b.panel(keyColumns: keyColumns, frequency: frequency, dictionaries: dictionaries)
    }

    /// The name of series `s` in messages and gap lists: `col=value, col=value`.
    func seriesName(_ s: Int) -> String {
        zip(keyColumns, seriesCodes[s].enumerated()).map { "\($0)=\(dictionaries[$1.offset][Int($1.element)])" }
            .joined(separator: ", ")
    }

    /// Series indices sorted by key, column by column with `String`'s `<`. Each column's distinct
    /// strings are ranked once (sorted with the same `<`; they are distinct under `==`), so the
    /// sort compares integers: O(distinct · log distinct) string comparisons plus
    /// O(series · log series) integer ones, rather than string comparisons per series pair.
    func sortedSeriesOrder() -> [Int] {
        let ranks: [[Int32]] = dictionaries.map { d in
            var r = [Int32](repeating: 0, count: d.count)
            for (rank, i) in d.indices.sorted(by: { d[$0] < d[$1] }).enumerated() { r[i] = Int32(rank) }
            return r
        }
        let k = keyColumns.count
        return (0..<seriesCodes.count).sorted { a, b in
            let ca = seriesCodes[a], cb = seriesCodes[b]
            for c in 0..<k {
                let x = ranks[c][Int(ca[c])], y = ranks[c][Int(cb[c])]
                if x != y { return x < y }
            }
            return false
        }
    }
}
