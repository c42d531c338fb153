// SPDX-License-Identifier: GPL-3.0-or-later
// Shared pieces of the readers: header checks, value checks, byte interning.
import Foundation

/// A header line: column names (BOM-stripped, surrounding blanks trimmed) and their line.
struct Header {
    let names: [String]
    let line: Int
    let file: String

    init(_ r: CSVRecord) throws(SeriesDataError) {
        var names: [String] = []
        for i in 0..<r.count {
            names.append(try r.string(i, field: nil).trimmingCharacters(in: .whitespaces))
        }
        self.names = names
        line = r.line
        file = r.file
    }

    func index(_ name: String) -> Int? {
        names.firstIndex(of: name) ?? names.firstIndex { $0.caseInsensitiveCompare(name) == .orderedSame }
    }

    /// Indices of `required` columns, or `.missingColumns` with a hint when the header
    /// looks like another delimiter was used.
    func require(_ required: [String]) throws(SeriesDataError) -> [Int] {
        var idx: [Int] = []
        var missing: [String] = []
        for name in required {
            if let i = index(name) { idx.append(i) } else { missing.append(name) }
        }
        // A column the reader needs that appears twice (`period,value,value`): which one holds the
        // data is a guess, so the file is refused naming both columns.
        for i in idx {
            let same = names.indices.filter { names[$0].caseInsensitiveCompare(names[i]) == .orderedSame }
            if same.count > 1 {
                let j = same[1]
                throw .invalidField(SourceLocation(file: file, line: line, column: j + 1, field: names[j]), value: names[j],
                                    expected: "each column name once: column \(same[0] + 1) ('\(names[same[0]])') and column \(j + 1) ('\(names[j])') have the same name, so which one to read is unclear; rename or remove one")
            }
        }
        if missing.isEmpty { return idx }
        throw .missingColumns(file: file, line: line, missing: missing, found: names, hint: delimiterHint())
    }

    func delimiterHint() -> String? { Header.hintFor(names) }
}

/// Reads the header (first record) and every data record of a CSV file, counting
/// rows, enforcing `emptyFile` / `headerOnly`, and routing row errors to the
/// account (`.reject`) or out (`.strict`).
struct RecordLoop {
    let reader: CSVReader
    let policy: RowPolicy
    /// Whether the first record is the header (false for a block cut from the middle of a file,
    /// whose header was read before; the empty-file and header-only checks are then the caller's).
    var hasHeader = true

    /// `onHeader` returns the expected field count (nil: any); `onRow` returns true
    /// if the row was used, or throws a row error.
    func run(account: inout RowAccount,
             onHeader: (CSVRecord) throws(SeriesDataError) -> Void,
             onRow: (CSVRecord, inout RowAccount) throws(SeriesDataError) -> Void) throws(SeriesDataError) {
        var sawHeader = !hasHeader
        try reader.forEachRecord { (r) throws(SeriesDataError) in
            if !sawHeader {
                sawHeader = true
                try onHeader(r)
                return
            }
            account.rowsRead += 1
            do throws(SeriesDataError) {
                try onRow(r, &account)
                account.rowsUsed += 1
            } catch {
                if policy == .strict || !isRowError(error) { throw error }
                account.reject(error)
            }
        }
        guard hasHeader else { return }
        if !sawHeader { throw .emptyFile(file: reader.name) }
        if account.rowsRead == 0 { throw .headerOnly(file: reader.name) }
    }

    private func isRowError(_ e: SeriesDataError) -> Bool {
        switch e {
        case .raggedRow, .invalidField, .duplicatePeriod, .negativeCount, .mixedFrequency, .invalidUTF8, .alreadyRead: true
        default: false
        }
    }
}

/// The largest integer a Double holds exactly; counts above it are rejected.
let maxExactCount = 9_007_199_254_740_992.0  // 2^53

/// Checks a numeric field. `.empty` → nil when `allowEmpty`, else an error.
func numericValue(_ r: CSVRecord, _ i: Int, field: String, allowEmpty: Bool,
                  count: Bool = false, parsed: ParsedNumber? = nil) throws(SeriesDataError) -> Double? {
    switch parsed ?? r.number(i) {
    case .value(let v):
        if count {
            // Every double of magnitude ≥ 2^52 is whole, so the size check comes first and the
            // whole-number check is an Int64 round trip (no libm call per cell); the errors are
            // those of checking wholeness first.
            if abs(v) >= maxExactCount {
                throw .invalidField(r.location(column: i, field: field), value: r.display(i),
                                    expected: "a count below 2^53 = 9007199254740992 (larger counts cannot be held exactly)")
            }
            if Double(Int64(v)) != v {
                throw .invalidField(r.location(column: i, field: field), value: r.display(i), expected: "a whole-number count")
            }
        }
        return v
    case .empty:
        if allowEmpty { return nil }
        throw .invalidField(r.location(column: i, field: field), value: "", expected: "a number (the field is empty)")
    case .nonFinite:
        throw .invalidField(r.location(column: i, field: field), value: r.display(i),
                            expected: "a finite number (NaN and infinite values are not data)")
    case .notANumber:
        throw .invalidField(r.location(column: i, field: field), value: r.display(i),
                            expected: "a number such as 12 or 3.5 (no thousands separators, units or symbols)")
    }
}

/// Maps distinct byte strings to dense `Int32` ids without allocating per lookup
/// (open addressing, FNV-1a hash, bytes kept in one arena). Each new value is
/// validated as UTF-8 once.
struct ByteInterner {
    private var arena: [UInt8] = []
    private var starts: [Int] = []
    private var lengths: [Int] = []
    private(set) var valid: [Bool] = []
    private var table: [Int32]
    private var mask: Int

    init(capacity: Int = 1024) {
        var n = 16
        while n < capacity * 2 { n <<= 1 }
        table = Array(repeating: -1, count: n)
        mask = n - 1
    }

    var count: Int { starts.count }

    @inline(__always) static func hash(_ b: UnsafeRawBufferPointer) -> Int {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for x in b { h = (h ^ UInt64(x)) &* 0x100_0000_01b3 }
        return Int(truncatingIfNeeded: h ^ (h >> 29))
    }

    mutating func id(_ b: UnsafeRawBufferPointer) -> Int32 {
        var slot = Self.hash(b) & mask
        while true {
            let e = table[slot]
            if e < 0 { break }
            let s = starts[Int(e)], l = lengths[Int(e)]
            if l == b.count {
                let same = arena.withUnsafeBytes { a in l == 0 || memcmp(a.baseAddress! + s, b.baseAddress!, l) == 0 }
                if same { return e }
            }
            slot = (slot + 1) & mask
        }
        let id = Int32(starts.count)
        starts.append(arena.count)
        lengths.append(b.count)
        arena.append(contentsOf: b)
        valid.append(b.withMemoryRebound(to: UInt8.self) { firstInvalidUTF8(in: $0) } == nil)
        table[slot] = id
        if starts.count * 2 > table.count { rehash() }
        return id
    }

    private mutating func rehash() {
        let n = table.count * 2
        table = Array(repeating: -1, count: n)
        mask = n - 1
        arena.withUnsafeBytes { a in
            for id in 0..<starts.count {
                let b = UnsafeRawBufferPointer(rebasing: a[starts[id]..<(starts[id] + lengths[id])])
                var slot = Self.hash(b) & mask
                while table[slot] >= 0 { slot = (slot + 1) & mask }
                table[slot] = Int32(id)
            }
        }
    }

    /// The string for `id` (lossy if it was not valid UTF-8).
    func string(_ id: Int32) -> String {
        String(decoding: arena[starts[Int(id)]..<(starts[Int(id)] + lengths[Int(id)])], as: UTF8.self)
    }
}
