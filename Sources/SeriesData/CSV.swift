// SPDX-License-Identifier: GPL-3.0-or-later
// A streaming, byte-level CSV tokenizer (RFC 4180 plus the quirks real exports have).
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// One CSV record, as a view into the reader's buffer. **Valid only inside the
/// callback** that receives it: copy out what you need (`string(_:)`, `number(_:)`).
///
/// Field bytes exclude the surrounding quotes; a quoted field containing doubled
/// quotes (`""`) is flagged and unescaped by `string(_:)`.
public struct CSVRecord {
    @usableFromInline let base: UnsafePointer<UInt8>
    @usableFromInline let bounds: UnsafeMutablePointer<Int>
    @usableFromInline let escaped: UnsafeMutablePointer<Bool>
    /// Number of fields.
    public let count: Int
    /// 1-based physical line on which the record starts.
    public let line: Int
    /// File name used in error messages.
    public let file: String
    /// Offset (from the start of the tokenized buffer) just after the record's line ending.
    let end: Int

    /// The raw bytes of field `i` (quotes removed, `""` not yet unescaped).
    @inlinable public func bytes(_ i: Int) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: base + bounds[2 * i], count: bounds[2 * i + 1] - bounds[2 * i])
    }
    @inlinable public func isEmpty(_ i: Int) -> Bool { bounds[2 * i + 1] == bounds[2 * i] }
    /// Whether field `i` contains doubled quotes that `string(_:)` unescapes.
    @inlinable public func hasEscapedQuotes(_ i: Int) -> Bool { escaped[i] }

    /// Field `i` as a String; nil if it is not valid UTF-8.
    public func string(_ i: Int) -> String? {
        let b = bytes(i)
        guard var s = String(validating: b, as: UTF8.self) else { return nil }
        if escaped[i] { s = s.replacingOccurrences(of: "\"\"", with: "\"") }
        return s
    }

    /// Field `i` as a String, or the reader's `.invalidUTF8` error naming the line and column.
    public func string(_ i: Int, field: String?) throws(SeriesDataError) -> String {
        guard let s = string(i) else {
            throw .invalidUTF8(location(column: i, field: field), byteOffset: invalidUTF8Offset(i))
        }
        return s
    }

    /// Offset of the first invalid UTF-8 byte in field `i` (0 if valid).
    public func invalidUTF8Offset(_ i: Int) -> Int {
        bytes(i).withMemoryRebound(to: UInt8.self) { firstInvalidUTF8(in: $0) } ?? 0
    }

    /// Lossy text for messages (invalid bytes become U+FFFD).
    public func display(_ i: Int) -> String {
        var s = String(decoding: bytes(i), as: UTF8.self)
        if escaped[i] { s = s.replacingOccurrences(of: "\"\"", with: "\"") }
        return s
    }

    /// Field `i` as a number (see `parseNumber`).
    public func number(_ i: Int) -> ParsedNumber { parseNumber(bytes(i)) }

    /// A `SourceLocation` for field `i` (0-based index; reported 1-based).
    public func location(column i: Int?, field: String? = nil) -> SourceLocation {
        SourceLocation(file: file, line: line, column: i.map { $0 + 1 }, field: field)
    }

    /// Whether field `i` equals the ASCII/UTF-8 text `s` byte for byte.
    public func equals(_ i: Int, _ s: StaticString) -> Bool {
        let b = bytes(i)
        guard b.count == s.utf8CodeUnitCount else { return false }
        return b.count == 0 || memcmp(b.baseAddress!, s.utf8Start, b.count) == 0
    }

    /// All fields as strings (lossy), for headers and messages.
    public var allStrings: [String] { (0..<count).map(display) }
}

func firstInvalidUTF8(in b: UnsafeBufferPointer<UInt8>) -> Int? {
    var i = 0
    var it = b.makeIterator()
    var dec = UTF8()
    while true {
        switch dec.decode(&it) {
        case .scalarValue(let s): i += UTF8.width(s)
        case .emptyInput: return nil
        case .error: return i
        }
    }
}

/// Result of reading a numeric field.
public enum ParsedNumber: Sendable, Hashable {
    case value(Double)
    /// Empty (or all blanks): a missing value.
    case empty
    /// "NaN", "Inf", "-inf", "Infinity", or a number that overflows a Double (1e400).
    case nonFinite
    /// Anything else ("12a", "1,234", "n/a", "*", "0x10").
    case notANumber
}

/// Parses a decimal number `[+-]?digits[.digits][(e|E)[+-]digits]` (also ".5", "5.")
/// from bytes, trimming blanks. Integers up to 15 digits take an allocation-free fast
/// path; others go through `Double(String)` (correctly rounded). Unlike
/// `Double(String)`/`strtod`, hex, "nan" and "inf" are not numbers here: NaN/Inf
/// text is reported as `.nonFinite`, thousands separators as `.notANumber`.
public func parseNumber(_ raw: UnsafeRawBufferPointer) -> ParsedNumber {
    var lo = 0, hi = raw.count
    while lo < hi, raw[lo] == 32 || raw[lo] == 9 { lo += 1 }
    while hi > lo, raw[hi - 1] == 32 || raw[hi - 1] == 9 { hi -= 1 }
    if lo == hi { return .empty }
    var i = lo
    var negative = false
    if raw[i] == 45 || raw[i] == 43 { negative = raw[i] == 45; i += 1 }
    // Fast path: short integer.
    var v = 0
    var j = i
    while j < hi, raw[j] &- 48 < 10, j - i < 15 { v = v * 10 + Int(raw[j] &- 48); j += 1 }
    if j == hi && j > i { return .value(Double(negative ? -v : v)) }
    // General validation.
    var k = i, digits = 0
    while k < hi, raw[k] &- 48 < 10 { k += 1; digits += 1 }
    if k < hi, raw[k] == 46 { k += 1; while k < hi, raw[k] &- 48 < 10 { k += 1; digits += 1 } }
    if digits > 0, k < hi, raw[k] | 0x20 == 101 {
        k += 1
        if k < hi, raw[k] == 45 || raw[k] == 43 { k += 1 }
        var ed = 0
        while k < hi, raw[k] &- 48 < 10 { k += 1; ed += 1 }
        if ed == 0 { return .notANumber }
    }
    if digits == 0 || k != hi {
        let word = String(decoding: UnsafeRawBufferPointer(rebasing: raw[i..<hi]), as: UTF8.self).lowercased()
        return ["nan", "inf", "infinity", "-nan"].contains(word) ? .nonFinite : .notANumber
    }
    if let d = exactDecimal(raw, from: i, to: hi) { return .value(negative ? -d : d) }
    let s = String(decoding: UnsafeRawBufferPointer(rebasing: raw[lo..<hi]), as: UTF8.self)
    guard let d = Double(s) else { return .notANumber }
    return d.isFinite ? .value(d) : .nonFinite
}

/// Powers of ten held exactly by a Double (10^0 … 10^22).
private let exactPowersOfTen: [Double] = (0...22).map { e in (0..<e).reduce(1.0) { v, _ in v * 10 } }

/// A validated decimal `digits[.digits][(e|E)[+-]digits]` in `raw[from..<to]` as the correctly
/// rounded Double, when at most 15 significant digits and a decimal exponent within ±22 make it
/// one exact multiplication or division of exact operands (Clinger 1990, "How to read floating
/// point numbers accurately", doi:10.1145/93548.93557); nil otherwise (the caller then uses the
/// general correctly rounded conversion). No allocation.
@inline(__always)
func exactDecimal(_ raw: UnsafeRawBufferPointer, from: Int, to hi: Int) -> Double? {
    var m: UInt64 = 0, significant = 0, scale = 0, k = from
    while k < hi, raw[k] &- 48 < 10 {
        if m > 0 || raw[k] != 48 { significant += 1 }
        m = m &* 10 &+ UInt64(raw[k] &- 48); k += 1
    }
    if k < hi, raw[k] == 46 {
        k += 1
        while k < hi, raw[k] &- 48 < 10 {
            if m > 0 || raw[k] != 48 { significant += 1 }
            m = m &* 10 &+ UInt64(raw[k] &- 48); scale -= 1; k += 1
        }
    }
    guard significant <= 15 else { return nil }
    if k < hi {  // exponent (validated by the caller)
        k += 1
        var sign = 1
        if raw[k] == 45 || raw[k] == 43 { sign = raw[k] == 45 ? -1 : 1; k += 1 }
        var e = 0
        while k < hi { e = min(e * 10 + Int(raw[k] &- 48), 10_000); k += 1 }
        scale += sign * e
    }
    if m == 0 { return 0 }
    guard scale >= -22 && scale <= 22 else { return nil }
    let v = Double(m)
    return scale >= 0 ? v * exactPowersOfTen[scale] : v / exactPowersOfTen[-scale]
}

/// Streaming CSV reader over a file or bytes.
///
/// - UTF-8 with or without BOM; records end at LF, CRLF or a lone CR;
/// - quoted fields may contain delimiters, CR/LF and doubled quotes (`""`);
/// - a quote inside an unquoted field is taken literally (as pandas does);
/// - tracks the physical line of each record for error messages;
/// - reads in chunks (default 1 MiB), so memory is bounded by the chunk size and
///   the longest record, not by the file size;
/// - no per-field allocation: fields are (start, end) offsets into the chunk.
///
/// Errors it throws itself: `.unclosedQuote` (a quote never closed before end of
/// file, i.e. a truncated file), `.invalidField` for text after a closing quote
/// (`"ab"c`), `.io`. UTF-8 is validated when a field is turned into a String.
///
/// Complexity: O(bytes), one pass (a record that straddles a chunk boundary is
/// rescanned once).
public struct CSVReader {
    enum Source {
        case file(String)
        case bytes([UInt8])
        /// The input could not be opened as data (thrown by `forEachRecord`).
        case failed(SeriesDataError)
        /// An open descriptor read once, in chunks, after bytes already taken from it
        /// (`standardInput`): one pass only.
        case descriptor(Int32, prefix: [UInt8])
        /// Whole records cut from a larger input (`TidyBlockReader`): no BOM, lines counted from
        /// `startLine`.
        case slice(ByteBuffer, count: Int, startLine: Int)
    }

    /// Largest input read from a pipe or terminal: 1 GiB. Such input can be read only once, so
    /// it is held in memory (readers make a detection pass and a reading pass).
    public static let maxStreamBytes = 1 << 30
    let source: Source
    /// Name used in messages (the file's last path component by default).
    public let name: String
    public let delimiter: UInt8
    public let chunkSize: Int

    /// Largest record (one line, or several inside quotes) read from a file: 32 MiB.
    public static let maxRecordBytes = 32 << 20
    /// Most fields in one record: 100,000.
    public static let maxFields = 1 << 17  // 131,072

    public init(url: URL, name: String? = nil, delimiter: UInt8 = UInt8(ascii: ","), chunkSize: Int = 1 << 20) {
        let name = name ?? url.lastPathComponent
        source = Self.source(path: url.path, name: name)
        self.name = name
        self.delimiter = delimiter
        self.chunkSize = max(16, chunkSize)
    }

    public init(bytes: [UInt8], name: String, delimiter: UInt8 = UInt8(ascii: ","), chunkSize: Int = 1 << 20) {
        source = .bytes(bytes)
        self.name = name
        self.delimiter = delimiter
        self.chunkSize = max(16, chunkSize)
    }

    /// A regular file is read in chunks on every pass; a pipe or terminal (readable once) is read
    /// whole now, up to `maxStreamBytes`; a device such as /dev/zero is refused.
    static func source(path: String, name: String) -> Source {
        var st = stat()
        guard stat(path, &st) == 0 else { return .file(path) }  // open() reports the error
        let type = st.st_mode & S_IFMT
        guard type == S_IFIFO || type == S_IFCHR || type == S_IFSOCK else { return .file(path) }
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return .failed(.io(file: name, reason: String(cString: strerror(errno)))) }
        defer { close(fd) }
        if type == S_IFCHR && isatty(fd) == 0 {
            return .failed(.io(file: name, reason: "\(path) is a device, not a data file (expected a CSV file or a pipe)"))
        }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                return .failed(.io(file: name, reason: String(cString: strerror(errno))))
            }
            if n == 0 { break }
            guard bytes.count + n <= maxStreamBytes else {
                return .failed(.tooLarge(SourceLocation(file: name, line: 1), what: "the piped input",
                                         limit: "\(maxStreamBytes >> 30) GiB"))
            }
            bytes.append(contentsOf: chunk[0..<n])
        }
        return .bytes(bytes)
    }

    /// Calls `body` for each record, in order. The record view is valid only during the call.
    public func forEachRecord(_ body: (CSVRecord) throws(SeriesDataError) -> Void) throws(SeriesDataError) {
        var state = TokenizerState(file: name, delimiter: delimiter)
        defer { state.deallocate() }
        switch source {
        case .failed(let error):
            throw error
        case .bytes(let bytes):
            try bytes.withUnsafeBufferPointer { (p) throws(SeriesDataError) in
                var start = 0
                start = try state.skipBOM(p, start)
                _ = try state.tokenize(p, from: start, isFinal: true, body)
            }
        case .file(let path):
            let fd = try Self.openRegular(path: path, name: name)
            defer { close(fd) }
            try readChunks(fd: fd, prefix: [], state: &state, body)
        case .slice(let buffer, let count, let startLine):
            state.line = startLine
            _ = try state.tokenize(UnsafeBufferPointer(start: buffer.base, count: count), from: 0, isFinal: true, body)
        case .descriptor(let fd, let prefix):
            try readChunks(fd: fd, prefix: prefix, state: &state, body)
        }
    }

    /// Opens a file for reading: regular files, pipes and terminals only (a device such as
    /// /dev/zero or /dev/urandom is an endless stream, never a data file).
    static func openRegular(path: String, name: String) throws(SeriesDataError) -> Int32 {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw .io(file: name, reason: String(cString: strerror(errno))) }
        var st = stat()
        if fstat(fd, &st) == 0 {
            let type = st.st_mode & S_IFMT
            if type == S_IFBLK || (type == S_IFCHR && isatty(fd) == 0) {
                close(fd)
                throw .io(file: name, reason: "\(path) is a device, not a data file (expected a CSV file or a pipe)")
            }
            if type == S_IFDIR { close(fd); throw .io(file: name, reason: "it is a directory, not a file") }
        }
        return fd
    }

    /// The input's bytes in order, for readers that cut it into blocks themselves
    /// (`TidyBlockReader`). One pass.
    func byteStream() throws(SeriesDataError) -> ByteStream {
        switch source {
        case .failed(let error): throw error
        case .bytes(let bytes): return ByteStream(fd: -1, pending: bytes, name: name)
        case .file(let path): return ByteStream(fd: try Self.openRegular(path: path, name: name), pending: [], name: name, owned: true)
        case .descriptor(let fd, let prefix): return ByteStream(fd: fd, pending: prefix, name: name)
        case .slice(let buffer, let count, _):
            return ByteStream(fd: -1, pending: Array(UnsafeBufferPointer(start: buffer.base, count: count)), name: name)
        }
    }

    /// Tokenizes `prefix` followed by everything read from `fd`, one buffer (`chunkSize`, grown
    /// for a longer record) at a time.
    private func readChunks(fd: Int32, prefix: [UInt8], state: inout TokenizerState,
                            _ body: (CSVRecord) throws(SeriesDataError) -> Void) throws(SeriesDataError) {
        var cap = max(chunkSize, prefix.count)
        var buf = UnsafeMutablePointer<UInt8>.allocate(capacity: cap)
        defer { buf.deallocate() }
        var filled = prefix.count
        prefix.withUnsafeBufferPointer { if let b = $0.baseAddress { buf.update(from: b, count: prefix.count) } }
        var first = true
        var eof = false
        while !eof {
            if filled == cap {  // a record longer than the buffer: grow
                guard cap < Self.maxRecordBytes else {
                    throw .tooLarge(SourceLocation(file: name, line: state.line), what: "the record starting on this line",
                                    limit: "\(Self.maxRecordBytes >> 20) MiB")
                }
                let nb = UnsafeMutablePointer<UInt8>.allocate(capacity: cap * 2)
                nb.update(from: buf, count: filled)
                buf.deallocate()
                buf = nb
                cap *= 2
            }
            let n = read(fd, buf + filled, cap - filled)
            if n < 0 { throw .io(file: name, reason: String(cString: strerror(errno))) }
            if n == 0 { eof = true }
            filled += n
            // Tokenize only a full buffer (or at end of file): a pipe delivers 64 KiB per read,
            // and rescanning a long unfinished record after each would be quadratic.
            if n > 0 && filled < cap { continue }
            let p = UnsafeBufferPointer(start: buf, count: filled)
            var start = 0
            if first {
                if filled < 3 && !eof { continue }
                start = try state.skipBOM(p, 0)
                first = false
            }
            let consumed = try state.tokenize(p, from: start, isFinal: eof, body)
            let rest = filled - consumed
            if rest > 0 && consumed > 0 { (buf).update(from: buf + consumed, count: rest) }
            filled = rest
        }
    }

    /// Standard input read once, in chunks (not held whole, unlike a pipe given as a path), for
    /// streaming readers. The first bytes (up to `sampleBytes`, cut after the last complete
    /// line) are also returned as a separate in-memory reader, so that columns can be detected
    /// from a sample before the one reading pass. Only one `forEachRecord` pass may be made over
    /// the returned `reader`.
    public static func standardInput(name: String = "-", sampleBytes: Int = 1 << 20)
        throws(SeriesDataError) -> (reader: CSVReader, sample: CSVReader) {
        var prefix = [UInt8](repeating: 0, count: sampleBytes)
        var filled = 0
        while filled < sampleBytes {
            let n = prefix.withUnsafeMutableBytes { read(0, $0.baseAddress! + filled, sampleBytes - filled) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .io(file: name, reason: String(cString: strerror(errno)))
            }
            if n == 0 { break }
            filled += n
        }
        prefix.removeSubrange(filled...)
        var sampleEnd = prefix.count
        if filled == sampleBytes, let nl = prefix.lastIndex(of: 10) { sampleEnd = nl + 1 }
        let sample = CSVReader(bytes: Array(prefix[..<sampleEnd]), name: name)
        return (CSVReader(source: .descriptor(0, prefix: prefix), name: name), sample)
    }

    /// Whether the input can be read more than once (a file or bytes in memory; not standard input
    /// read with `standardInput`, nor an input that failed to open).
    var isRereadable: Bool {
        switch source {
        case .file, .bytes, .slice: return true
        case .descriptor, .failed: return false
        }
    }

    /// A reader over all of this reader's bytes held in memory: for standard input read with
    /// `standardInput` that turns out to need two passes (the rest of the pipe is read now, up to
    /// `maxStreamBytes`); other readers are returned unchanged.
    public func allBytesReader() throws(SeriesDataError) -> CSVReader {
        guard case .descriptor(let fd, let prefix) = source else { return self }
        var bytes = prefix
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .io(file: name, reason: String(cString: strerror(errno)))
            }
            if n == 0 { break }
            guard bytes.count + n <= Self.maxStreamBytes else {
                throw .tooLarge(SourceLocation(file: name, line: 1), what: "the piped input", limit: "\(Self.maxStreamBytes >> 30) GiB")
            }
            bytes.append(contentsOf: chunk[0..<n])
        }
        return CSVReader(bytes: bytes, name: name, delimiter: delimiter, chunkSize: chunkSize)
    }

    init(source: Source, name: String, delimiter: UInt8 = UInt8(ascii: ","), chunkSize: Int = 1 << 20) {
        self.source = source
        self.name = name
        self.delimiter = delimiter
        self.chunkSize = max(16, chunkSize)
    }

    /// All records as string arrays (lossy UTF-8), for small files and tests.
    public func readAll() throws(SeriesDataError) -> [(line: Int, fields: [String])] {
        var out: [(Int, [String])] = []
        try forEachRecord { r in out.append((r.line, r.allStrings)) }
        return out
    }
}

struct TokenizerState {
    let file: String
    let delimiter: UInt8
    var line = 1
    var capacity = 64
    var bounds: UnsafeMutablePointer<Int>
    var escaped: UnsafeMutablePointer<Bool>

    init(file: String, delimiter: UInt8) {
        self.file = file
        self.delimiter = delimiter
        bounds = .allocate(capacity: 2 * capacity)
        escaped = .allocate(capacity: capacity)
    }
    func deallocate() {
        bounds.deallocate()
        escaped.deallocate()
    }
    mutating func grow() {
        let nb = UnsafeMutablePointer<Int>.allocate(capacity: 4 * capacity)
        nb.update(from: bounds, count: 2 * capacity)
        bounds.deallocate()
        bounds = nb
        let ne = UnsafeMutablePointer<Bool>.allocate(capacity: 2 * capacity)
        ne.update(from: escaped, count: capacity)
        escaped.deallocate()
        escaped = ne
        capacity *= 2
    }

    func skipBOM(_ p: UnsafeBufferPointer<UInt8>, _ start: Int) throws(SeriesDataError) -> Int {
        p.count >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF ? 3 : start
    }

    /// Tokenizes complete records in `p[from...]`, calling `body` for each; returns
    /// the offset just after the last complete record. When `isFinal`, the last
    /// record may end without a newline.
    mutating func tokenize(_ p: UnsafeBufferPointer<UInt8>, from: Int,
                           isFinal: Bool, _ body: (CSVRecord) throws(SeriesDataError) -> Void) throws(SeriesDataError) -> Int {
        let base = p.baseAddress!
        let end = p.count
        let d = delimiter
        var pos = from
        recordLoop: while pos < end {
            let recordStart = pos
            let recordLine = line
            var linesInside = 0
            var n = 0
            var i = pos
            fieldLoop: while true {
                if n == capacity {
                    if n >= CSVReader.maxFields {
                        throw .tooLarge(SourceLocation(file: file, line: recordLine), what: "a record with more than \(CSVReader.maxFields) fields",
                                        limit: "\(CSVReader.maxFields) fields")
                    }
                    grow()
                }
                if i < end && base[i] == 34 {  // quoted field
                    let fs = i + 1
                    var j = fs
                    var hasEscape = false
                    while true {
                        while j < end && base[j] != 34 {
                            if base[j] == 10 { linesInside += 1 } else if base[j] == 13 && (j + 1 >= end || base[j + 1] != 10) { linesInside += 1 }
                            j += 1
                        }
                        if j >= end {
                            if isFinal {
                                throw .unclosedQuote(SourceLocation(file: file, line: recordLine + 0, column: n + 1))
                            }
                            line = recordLine
                            return recordStart
                        }
                        if j + 1 < end && base[j + 1] == 34 { hasEscape = true; j += 2; continue }
                        if j + 1 >= end && !isFinal { line = recordLine; return recordStart }
                        break
                    }
                    bounds[2 * n] = fs
                    bounds[2 * n + 1] = j
                    escaped[n] = hasEscape
                    n += 1
                    i = j + 1
                    if i >= end {
                        break fieldLoop
                    }
                    let c = base[i]
                    if c == d { i += 1; continue fieldLoop }
                    if c == 10 || c == 13 { break fieldLoop }
                    var stop = i
                    while stop < end, stop - i < 40, base[stop] != d, base[stop] != 10, base[stop] != 13 { stop += 1 }
                    // The message quotes up to 40 bytes after the quote: read on when the buffer
                    // ends first, so that the message does not depend on where a chunk ends.
                    if stop == end && !isFinal { line = recordLine; return recordStart }
                    let after = String(decoding: UnsafeBufferPointer(start: base + i, count: stop - i), as: UTF8.self)
                    throw .invalidField(SourceLocation(file: file, line: recordLine + linesInside, column: n),
                                        value: "\"" + String(decoding: UnsafeBufferPointer(start: base + fs, count: j - fs), as: UTF8.self) + "\"" + after,
                                        expected: "a delimiter or end of line after the closing quote")
                } else {
                    let fs = i
                    while i < end {
                        let c = base[i]
                        if c == d || c == 10 || c == 13 { break }
                        i += 1
                    }
                    bounds[2 * n] = fs
                    bounds[2 * n + 1] = i
                    escaped[n] = false
                    n += 1
                    if i >= end { break fieldLoop }
                    if base[i] == d { i += 1; continue fieldLoop }
                    break fieldLoop
                }
            }
            // i is at a newline byte or at end.
            if i >= end {
                if !isFinal { line = recordLine; return recordStart }
                pos = end
            } else if base[i] == 13 {
                if i + 1 < end { pos = base[i + 1] == 10 ? i + 2 : i + 1 }
                else if isFinal { pos = i + 1 }
                else { line = recordLine; return recordStart }
            } else {
                pos = i + 1
            }
            line = recordLine + linesInside + 1
            // A blank line (one empty unquoted field) is skipped, as pandas does.
            if recordStart == i { continue recordLoop }
            try body(CSVRecord(base: base, bounds: bounds, escaped: escaped, count: n, line: recordLine, file: file, end: pos))
        }
        return pos
    }
}

/// Bytes owned by one block of a cut input, shared by reference between the reading thread and
/// the worker that parses it; freed when the last reference goes.
final class ByteBuffer: @unchecked Sendable {
    let base: UnsafeMutablePointer<UInt8>
    let capacity: Int
    init(capacity: Int) {
        self.capacity = max(capacity, 1)
        base = .allocate(capacity: self.capacity)
    }
    deinit { base.deallocate() }
}

/// The bytes of an input in order: first `pending` (bytes held in memory, e.g. a standard-input
/// sample already read), then whatever `fd` delivers (none when `fd` < 0).
final class ByteStream {
    let fd: Int32
    var pending: [UInt8]
    var taken = 0
    let name: String
    let owned: Bool
    init(fd: Int32, pending: [UInt8], name: String, owned: Bool = false) {
        self.fd = fd
        self.pending = pending
        self.name = name
        self.owned = owned
    }
    deinit { if owned { close(fd) } }

    /// Reads up to `count` bytes to `p` (fewer only at end of input); 0 at end of input.
    func fill(_ p: UnsafeMutablePointer<UInt8>, count: Int) throws(SeriesDataError) -> Int {
        var n = 0
        if taken < pending.count {
            let k = min(count, pending.count - taken)
            pending.withUnsafeBufferPointer { p.update(from: $0.baseAddress! + taken, count: k) }
            taken += k
            n = k
            if taken == pending.count { pending = []; taken = 0 }
        }
        guard fd >= 0 else { return n }
        while n < count {
            let r = read(fd, p + n, count - n)
            if r < 0 {
                if errno == EINTR { continue }
                throw .io(file: name, reason: String(cString: strerror(errno)))
            }
            if r == 0 { break }
            n += r
        }
        return n
    }
}
