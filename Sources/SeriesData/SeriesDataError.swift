// SPDX-License-Identifier: GPL-3.0-or-later
/// Where in a file a problem was found. `line` is the 1-based physical line on
/// which the record (or the offending field) starts; `column` is the 1-based field
/// index; `field` is the header name of that column when known.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int?
    public var field: String?

    public init(file: String, line: Int, column: Int? = nil, field: String? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.field = field
    }

    public var description: String {
        var s = "\(file), line \(line)"
        if let column {
            s += ", column \(column)"
            if let field { s += " (\(field))" }
        } else if let field {
            s += ", field \(field)"
        }
        return s
    }
}

/// Every data problem SeriesData reports. Each message names the file, the line,
/// the column/field, the offending value and what was expected.
///
/// Row-level cases (`raggedRow`, `invalidField`, `duplicatePeriod`,
/// `negativeCount`, `mixedFrequency`) are what readers count as rejected rows in a
/// `RowAccount` (their `reason`); with `RowPolicy.strict` the first one is thrown.
/// File-level cases (`emptyFile`, `headerOnly`, `missingColumns`, `invalidUTF8`,
/// `unclosedQuote`, `io`) always throw: the file cannot be read as that format.
public enum SeriesDataError: Error, Sendable, Hashable, CustomStringConvertible {
    case io(file: String, reason: String)
    case emptyFile(file: String)
    case headerOnly(file: String)
    /// `byteOffset`: 0-based offset of the first invalid byte within the field.
    case invalidUTF8(SourceLocation, byteOffset: Int)
    case unclosedQuote(SourceLocation)
    /// Required columns absent from the header. `hint` explains a likely cause
    /// (e.g. a semicolon- or tab-delimited file).
    case missingColumns(file: String, line: Int, missing: [String], found: [String], hint: String?)
    case raggedRow(SourceLocation, expectedFields: Int, foundFields: Int)
    case invalidField(SourceLocation, value: String, expected: String)
    case duplicatePeriod(SourceLocation, series: String, period: String, firstLine: Int)
    case negativeCount(SourceLocation, value: String)
    case mixedFrequency(SourceLocation, value: String, found: Frequency, expected: Frequency)
    /// Rows for `what` (e.g. a force and month) were already read from another file.
    case alreadyRead(SourceLocation, what: String, earlierFile: String)
    /// A period string that matches none of the accepted forms (no file context).
    case unparseablePeriod(text: String, expected: String)
    /// A series with missing values was asked for complete values.
    case missingValues(series: String, count: Int, first: Period)
    /// Two series or periods of different frequencies were combined.
    case frequencyMismatch(expected: Frequency, found: Frequency, context: String)
    case invalidArgument(String)
    /// A record (line) or field count beyond the reader's bounds (`CSVReader.maxRecordBytes`,
    /// `CSVReader.maxFields`): memory per record stays bounded whatever the input.
    case tooLarge(SourceLocation, what: String, limit: String)
    /// An output file could not be written (or was refused: not a regular file, a symbolic link…).
    case cannotWrite(file: String, reason: String)
    /// A grouped stream (`GroupedTidyStream`) met rows of a series again after rows of another
    /// series: the input is not grouped by key. `firstLine` is where that series' rows began;
    /// `keyFields` are the key columns' 1-based positions (for the `sort` command in the message).
    case notGrouped(SourceLocation, series: String, firstLine: Int, keyColumns: [String], keyFields: [Int])

    /// Short reason used to tally rejected rows in a `RowAccount`.
    public var reason: String {
        switch self {
        case .io: "I/O error"
        case .emptyFile: "empty file"
        case .headerOnly: "header only"
        case .invalidUTF8: "invalid UTF-8"
        case .unclosedQuote: "unclosed quote"
        case .missingColumns: "missing columns"
        case .raggedRow: "wrong number of fields"
        case .invalidField(let l, _, _): "invalid " + (l.field.map { "'\($0)'" } ?? "field")
        case .duplicatePeriod: "duplicate period"
        case .negativeCount: "negative count"
        case .mixedFrequency: "mixed frequency"
        case .alreadyRead: "force-month already read"
        case .unparseablePeriod: "unparseable period"
        case .missingValues: "missing values"
        case .frequencyMismatch: "frequency mismatch"
        case .invalidArgument: "invalid argument"
        case .cannotWrite: "cannot write"
        case .tooLarge: "record too large"
        case .notGrouped: "input not grouped by key"
        }
    }

    /// The location, when the error has one.
    public var location: SourceLocation? {
        switch self {
        case .invalidUTF8(let l, _), .unclosedQuote(let l), .raggedRow(let l, _, _), .invalidField(let l, _, _),
             .duplicatePeriod(let l, _, _, _), .negativeCount(let l, _), .mixedFrequency(let l, _, _, _),
             .alreadyRead(let l, _, _), .tooLarge(let l, _, _), .notGrouped(let l, _, _, _, _):
            l
        case .missingColumns(let f, let line, _, _, _): SourceLocation(file: f, line: line)
        default: nil
        }
    }

    public var description: String {
        switch self {
        case .io(let f, let r):
            return "\(f): cannot read file: \(r)"
        case .tooLarge(let l, let what, let limit):
            return "\(l): \(what) is over the limit of \(limit); expected a CSV file with ordinary lines (is this the right file, and is it comma-separated?)"
        case .cannotWrite(let f, let r):
            return "\(f): cannot write: \(r)"
        case .emptyFile(let f):
            return "\(f), line 1: file is empty; expected a header line and at least one data row"
        case .headerOnly(let f):
            return "\(f), line 2: file has a header but no data rows; expected at least one data row"
        case .invalidUTF8(let l, let off):
            return "\(l): invalid UTF-8 byte sequence at byte \(off + 1) of the field; expected UTF-8 text (re-save the file as UTF-8)"
        case .unclosedQuote(let l):
            return "\(l): quoted field opened here is never closed (file truncated?); expected a closing '\"'"
        case .missingColumns(let f, let line, let missing, let found, let hint):
            var s = "\(f), line \(line): header is missing required column(s) \(missing.map { "'\($0)'" }.joined(separator: ", ")); found \(found.count) column(s): \(found.prefix(12).map { "'\($0)'" }.joined(separator: ", "))"
            if let hint { s += "; \(hint)" }
            return s
        case .raggedRow(let l, let e, let n):
            return "\(l): row has \(n) field(s); expected \(e) (as in the header)"
        case .invalidField(let l, let v, let e):
            return "\(l): value \"\(truncated(v))\" is not valid; expected \(e)"
        case .duplicatePeriod(let l, let s, let p, let first):
            return "\(l): duplicate period \(p) for series \(s) (first seen on line \(first)); expected one value per series and period"
        case .negativeCount(let l, let v):
            return "\(l): value \"\(v)\" is a negative count; expected a count ≥ 0"
        case .mixedFrequency(let l, let v, let found, let e):
            return "\(l): period \"\(truncated(v))\" is \(found), but earlier rows are \(e); expected one frequency per file"
        case .alreadyRead(let l, let what, let earlier):
            return "\(l): rows for \(what) were already read from \(earlier); expected each force and month in one file only (the same download given twice?)"
        case .unparseablePeriod(let t, let e):
            return "period \"\(truncated(t))\" is not recognised; expected \(e)"
        case .missingValues(let s, let n, let first):
            return "series \(s) has \(n) missing value(s), the first at \(first); expected a complete series (fill or trim first)"
        case .frequencyMismatch(let e, let f, let c):
            return "\(c): frequency is \(f); expected \(e)"
        case .invalidArgument(let s):
            return s
        case .notGrouped(let l, let s, let first, let keys, let fields):
            let cols = keys.joined(separator: ",")
            let sortKeys = fields.map { "-k\($0),\($0)" }.joined(separator: " ")
            return "\(l): rows of series \(s) appear again after rows of other series (its rows began on line \(first)); "
                + "expected the rows of each series together (grouped by \(cols)), which is what lets a run stream. "
                + "Sort the file by its key columns first, keeping the header, e.g. "
                + "(head -n 1 FILE && tail -n +2 FILE | LC_ALL=C sort -t, -s \(sortKeys)) > sorted.csv "
                + "(for fields without quoted commas)"
        }
    }
}

func truncated(_ s: String, _ n: Int = 80) -> String {
    s.count <= n ? s : String(s.prefix(n)) + "…"
}

/// What a reader does with a bad row.
public enum RowPolicy: Sendable, Hashable {
    /// Count it in the `RowAccount` as rejected (with reason and example) and go on.
    case reject
    /// Throw the first row error.
    case strict
}
