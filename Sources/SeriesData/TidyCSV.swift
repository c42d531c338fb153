// SPDX-License-Identifier: GPL-3.0-or-later
// Generic tidy (long) and wide CSV readers, and the tidy writer.
import Foundation

/// What the values are: counts are checked (whole, non-negative by policy, < 2^53).
public enum ValueKind: Sendable, Hashable {
    /// Any finite number (rates, percentages, means).
    case measure
    /// A count: a whole number, exactly representable, negatives handled by policy.
    case count
}

/// Column choice for a tidy long CSV: one row per (series key, period).
public struct TidyColumns: Sendable, Hashable {
    public var period: String
    public var value: String
    public var keys: [String]
    public init(period: String, value: String, keys: [String] = []) {
        self.period = period
        self.value = value
        self.keys = keys
    }
}

private let periodNames: Set<String> = ["period", "month", "date", "time period", "time", "year", "quarter", "week",
                                        "fy", "financial year", "financial_year", "12 months ending", "day"]
private let valueNames: Set<String> = ["value", "count", "values", "n", "total", "rate", "number",
                                       "rolling year total number of offences"]
private let indexNames: Set<String> = ["", "rownames", "x", "unnamed: 0", "index"]

/// First `limit` records (header included) as strings, for column detection.
func sampleRecords(_ reader: CSVReader, limit: Int = 200) throws(SeriesDataError) -> [[String]] {
    var out: [[String]] = []
    // Stop after `limit` records instead of tokenizing the rest of the file (a sentinel error).
    let stop = SeriesDataError.invalidArgument("\u{0}sample complete")
    do {
        try reader.forEachRecord { (r) throws(SeriesDataError) in
            out.append(r.allStrings.map { $0.trimmingCharacters(in: .whitespaces) })
            if out.count >= limit { throw stop }
        }
    } catch where error == stop {}
    return out
}

private func isNumeric(_ s: String) -> Bool {
    var t = s
    return t.withUTF8 { if case .value = parseNumber(UnsafeRawBufferPointer($0)) { true } else { false } }
}

/// Texts read as an explicit missing value in tidy and wide files (besides an empty
/// field): R's `NA`, and the ONS/Fingertips suppression markers `..`, `:`, `N/A`.
public let missingValueMarkers: Set<String> = ["NA", "N/A", "..", ":"]

/// A value cell that may be missing: empty or a `missingValueMarkers` text → nil
/// (flagged as "missing value"); otherwise `checkedValue`.
///
/// A plain number that passes every check (any finite number for a measure; a whole count in
/// 0 ..< 2^53) returns at once, inline: that is nearly every cell of a wide file.
@inline(__always)
func optionalValue(_ r: CSVRecord, _ i: Int, field: @autoclosure () -> String, kind: ValueKind, negatives: NegativeCountPolicy,
                   account: inout RowAccount) throws(SeriesDataError) -> Double? {
    let parsed = r.number(i)
    if case .value(let v) = parsed, kind == .measure || (v >= 0 && v < maxExactCount && Double(Int64(v)) == v) { return v }
    // The column name (for messages) is fetched only here: no String retained per plain cell.
    return try checkedOptionalValue(r, i, field: field(), kind: kind, negatives: negatives, account: &account, parsed: parsed)
}

/// `optionalValue` for every other cell: missing markers, errors, negative counts.
@inline(never)
func checkedOptionalValue(_ r: CSVRecord, _ i: Int, field: String, kind: ValueKind, negatives: NegativeCountPolicy,
                          account: inout RowAccount, parsed: ParsedNumber) throws(SeriesDataError) -> Double? {
    let b = r.bytes(i)
    // A number is never a marker: only text that is not one is compared (a String per such cell,
    // not per row — profiling showed Foundation's trimming of every short value at a third of the
    // time of reading a count panel).
    if case .value = parsed { return try checkedValue(r, i, field: field, kind: kind, negatives: negatives, account: &account, parsed: parsed) }
    if parsed == .empty || (b.count <= 3 && missingValueMarkers.contains(r.display(i).trimmingCharacters(in: .whitespaces))) {
        account.flag("missing value", line: r.line,
                     message: "\(r.location(column: i, field: field)): \"\(r.display(i))\" read as a missing value")
        return nil
    }
    return try checkedValue(r, i, field: field, kind: kind, negatives: negatives, account: &account, parsed: parsed)
}

/// The period of a tidy/wide row, after checking the row has the header's number of fields.
func rowPeriod(_ r: CSVRecord, fieldCount: Int, column c: Int, names: [String]) throws(SeriesDataError) -> Period {
    guard r.count == fieldCount else {
        throw .raggedRow(r.location(column: nil), expectedFields: fieldCount, foundFields: r.count)
    }
    guard let (p, _) = parsePeriodBytes(r.bytes(c)) else {
        throw .invalidField(r.location(column: c, field: names[c]), value: r.display(c),
                            expected: PeriodForm.allFormsDescription)
    }
    return p
}

/// Checks a parsed value against the value kind and negative-count policy.
func checkedValue(_ r: CSVRecord, _ i: Int, field: String, kind: ValueKind, negatives: NegativeCountPolicy,
                  account: inout RowAccount, parsed: ParsedNumber? = nil) throws(SeriesDataError) -> Double {
    let v = try numericValue(r, i, field: field, allowEmpty: false, count: kind == .count, parsed: parsed)!
    if kind == .count && v < 0 {
        if negatives == .reject { throw .negativeCount(r.location(column: i, field: field), value: r.display(i)) }
        account.flag("negative count", line: r.line,
                     message: SeriesDataError.negativeCount(r.location(column: i, field: field), value: r.display(i)).description + " (kept)")
    }
    return v
}

/// Reader for tidy long CSV: a period column, a value column and optional key
/// columns identifying the series (e.g. `month,area,crime_type,count`).
///
/// Columns come from `columns` or are detected (`detectColumns`), and the
/// detection is described in the account's notes. The frequency is that of the
/// first valid period; an empty or `NA`/`..`/`:` value is an explicit missing
/// value (flagged, row used); rows of another frequency are rejected as "mixed frequency"
/// (all frequencies seen are tallied in `account.frequencies`). A second value for
/// the same series and period is rejected as "duplicate period" (naming the first line).
public enum TidyCSV {
    public static func read(url: URL, columns: TidyColumns? = nil, valueKind: ValueKind = .measure,
                            negativeCounts: NegativeCountPolicy = .reject,
                            policy: RowPolicy = .reject) throws(SeriesDataError) -> (panel: Panel, account: RowAccount) {
        try read(CSVReader(url: url), columns: columns, valueKind: valueKind, negativeCounts: negativeCounts, policy: policy)
    }

    /// Detects the period, value and key columns from the header and up to 200 rows
    /// ("all" below means at least 80 % of the sampled rows):
    /// value = a column named value/count/… (numeric preferred; else the last all-numeric column);
    /// period = a column named period/month/date/year/… whose values parse as periods
    /// (else the first column whose values all parse as periods); keys = the other
    /// non-numeric columns (index-like columns such as `rownames` are ignored).
    public static func detectColumns(sample: [[String]], file: String) throws(SeriesDataError) -> (TidyColumns, String) {
        guard let header = sample.first else { throw .emptyFile(file: file) }
        // Rows whose fields are all empty (a trailing "," line) carry no evidence either way; they
        // are rejected with their line number when the file is read.
        let rows = sample.dropFirst().filter { $0.count == header.count && !$0.allSatisfy(\.isEmpty) }
        guard !rows.isEmpty else { throw .headerOnly(file: file) }
        func col(_ j: Int) -> [String] { rows.map { $0[j] } }
        // "Mostly" (≥ 80 % of sampled rows), so that a few bad values are reported as
        // rejected rows rather than defeating the detection.
        func mostly(_ j: Int, _ test: (String) -> Bool) -> Bool { 5 * col(j).filter(test).count >= 4 * rows.count }
        func allPeriods(_ j: Int) -> Bool { mostly(j) { Period.parse($0) != nil } }
        func allNumeric(_ j: Int) -> Bool { mostly(j) { isNumeric($0) || missingValueMarkers.contains($0) || $0.isEmpty } }
        let lower = header.map { $0.lowercased() }
        let candidates = header.indices.filter { !indexNames.contains(lower[$0]) }
        // A time column of decimal years (R `ts` exports: 1969.0833 = Feb 1969) is not a period
        // column; guessing another column as the period would turn values into "years".
        // A column named like a period that holds four-digit whole numbers is a year column even
        // when some years are absurd (0000, 9999: not periods): those rows are rejected naming their
        // lines. It is not an R ts time column (those hold fractional years).
        func yearColumn(_ j: Int) -> Bool {
            periodNames.contains(lower[j]) && mostly(j) { $0.utf8.count == 4 && $0.utf8.allSatisfy { $0 &- 48 < 10 } }
                && col(j).contains { Period.parse($0) != nil }
        }
        if let t = candidates.first(where: { periodNames.contains(lower[$0]) && allNumeric($0) && !allPeriods($0) && !yearColumn($0) }) {
            throw .missingColumns(file: file, line: 1, missing: ["<a period column>"], found: header,
                                  hint: "column '\(header[t])' holds decimal years (an R ts export); read the file with --input-format rts --frequency month|quarter|year")
        }
        var value = candidates.first { valueNames.contains(lower[$0]) && allNumeric($0) }
            ?? candidates.first { valueNames.contains(lower[$0]) && !allPeriods($0) }
        var period = candidates.first { periodNames.contains(lower[$0]) && (allPeriods($0) || yearColumn($0)) && $0 != value }
        if period == nil { period = candidates.first { $0 != value && allPeriods($0) && !allNumeric($0) } }
        if period == nil { period = candidates.first { $0 != value && allPeriods($0) } }
        if value == nil { value = candidates.last { allNumeric($0) && $0 != period } }
        guard let p = period, let v = value else {
            throw .missingColumns(file: file, line: 1, missing: period == nil ? ["<a period column>"] : ["<a numeric value column>"],
                                  found: header, hint: "no column " + (period == nil ? "has values that all parse as periods (\(PeriodForm.allFormsDescription))" : "has values that are all numbers")
                                    + "; name the columns with --period-column and --value-column")
        }
        let keys = dropRowAttributes(keys: candidates.filter { $0 != p && $0 != v && !allNumeric($0) }, period: p, header: header, rows: Array(rows))
        let form = rows.lazy.compactMap { Period.parse($0[p]) }.first!.1  // exists: the column mostly parses
        let msg = "detected period column '\(header[p])' (form \(form), \(form.frequency)), value column '\(header[v])', "
            + (keys.isEmpty ? "no key columns" : "key columns " + keys.map { "'\(header[$0])'" }.joined(separator: ", "))
            + "; name columns explicitly to override"
        return (TidyColumns(period: header[p], value: header[v], keys: keys.map { header[$0] }), msg)
    }

    /// Key columns when the period and value columns are named but the keys are not: every other
    /// column that is not index-like (`rownames`, …) and not mostly numeric, as `detectColumns`
    /// does. Naming the period and value columns must not turn a keyed file into one series whose
    /// later keys' rows are rejected as "duplicate period". Returns the keys and a note.
    public static func detectKeyColumns(sample: [[String]], period: String, value: String) -> ([String], String) {
        guard let header = sample.first else { return ([], "") }
        let rows = sample.dropFirst().filter { $0.count == header.count }
        let keyIndices = header.indices.filter { j in
            let name = header[j]
            guard name != period && name != value && !indexNames.contains(name.lowercased()) else { return false }
            guard !rows.isEmpty else { return true }
            let numeric = rows.filter { isNumeric($0[j]) || missingValueMarkers.contains($0[j]) || $0[j].isEmpty }.count
            return 5 * numeric < 4 * rows.count
        }
        let keys: [String]
        if let p = header.firstIndex(of: period) {
            keys = dropRowAttributes(keys: keyIndices, period: p, header: header, rows: rows).map { header[$0] }
        } else {
            keys = keyIndices.map { header[$0] }
        }
        let note = (keys.isEmpty ? "no key columns detected" : "detected key columns " + keys.map { "'\($0)'" }.joined(separator: ", "))
            + " beside period column '\(period)' and value column '\(value)'; name them with --key-columns (or --key-columns '' for none) to override"
        return (keys, note)
    }

    /// Column names that describe a row rather than identify a series (Fingertips' published
    /// comparison, trend and note columns).
    static let attributeNames: Set<String> = [
        "significance", "compared to england", "compared_to_england", "compared to england value or percentiles",
        "compared to region", "compared_to_region", "comparison", "recent trend", "recent_trend", "trend",
        "value note", "value_note", "note", "notes", "flag", "flags", "status", "quality",
    ]

    /// Candidate key columns without the ones that are attributes of each row: a column is dropped
    /// when the other keys and the period already identify every sampled row AND the column either
    /// changes within one series (Fingertips' `significance`: Worse one year, Similar the next) or
    /// has a name of such an attribute (`attributeNames`). Keeping such a column as a key split one
    /// area's series into several (585 "series" from 328 areas). Columns that never vary within a
    /// series (an area name beside its code) stay keys. O(keys² · rows).
    static func dropRowAttributes(keys: [Int], period: Int, header: [String], rows: [[String]]) -> [Int] {
        var kept = keys
        for c in keys.reversed() {
            let others = kept.filter { $0 != c }
            var seen = Set<[String]>(), valueOf: [[String]: String] = [:]
            var unique = true, varies = false
            for r in rows where r.count == header.count {
                let id = others.map { r[$0] } + [r[period]]
                if !seen.insert(id).inserted { unique = false; break }
                let series = others.map { r[$0] }
                if let v = valueOf[series], v != r[c] { varies = true } else { valueOf[series] = r[c] }
            }
            if unique && (varies || attributeNames.contains(header[c].lowercased())) { kept = others }
        }
        return kept
    }

    /// The columns to read from the options given: period, value and key columns named, some
    /// named, or none (nil: `read` detects them all and notes it). With only key columns named
    /// (`--by`), the period and value columns are detected; with period and value named, the key
    /// columns are detected (`detectKeyColumns`). `sample` is read for its first 200 records.
    /// Returns the columns (nil = detect all) and a note saying what was detected.
    public static func resolveColumns(sample: CSVReader, period: String?, value: String?,
                                      keys: [String]?) throws(SeriesDataError) -> (TidyColumns?, String?) {
        if period == nil && value == nil, let keys {
            let (detected, _) = try detectColumns(sample: try sampleRecords(sample), file: sample.name)
            let note = "detected period column '\(detected.period)' and value column '\(detected.value)'; key columns as given ("
                + (keys.isEmpty ? "none" : keys.map { "'\($0)'" }.joined(separator: ", ")) + ")"
            return (TidyColumns(period: detected.period, value: detected.value, keys: keys), note)
        }
        guard period != nil || value != nil || keys != nil else { return (nil, nil) }
        guard let p = period, let v = value else {
            throw .invalidArgument("give both --period-column and --value-column (or neither, to detect them); got only --\(period == nil ? "value" : "period")-column")
        }
        if let keys { return (TidyColumns(period: p, value: v, keys: keys), nil) }
        // Named period and value columns, keys not named: detect them (as full detection does).
        let (k, note) = detectKeyColumns(sample: try sampleRecords(sample), period: p, value: v)
        return (TidyColumns(period: p, value: v, keys: k), note)
    }

    /// Reads the whole file into a panel (series sorted by key). A file grouped by key (every row
    /// of a series together, as the first 200 rows show) is read by the block reader of
    /// `GroupedTidyStream` (one tokenizer pass, keys compared as bytes; ≈ 4× the rate of the
    /// general path on a 20,000-series panel); any other file, and any file on which that pass
    /// stops (a key that comes back, an error), by the general path, which accepts rows in any
    /// order. Both give the same panel, row account (gaps listed in panel order) and errors
    /// (`TidyReadPathTests`). O(bytes + rows) plus O(series · log series) to sort the series.
    public static func read(_ reader: CSVReader, columns: TidyColumns? = nil, valueKind: ValueKind = .measure,
                            negativeCounts: NegativeCountPolicy = .reject,
                            policy: RowPolicy = .reject) throws(SeriesDataError) -> (panel: Panel, account: RowAccount) {
        var notes: [String] = []
        let cols: TidyColumns
        if let columns { cols = columns } else {
            let (c, msg) = try detectColumns(sample: try sampleRecords(reader), file: reader.name)
            cols = c
            notes.append(msg)
        }
        if reader.isRereadable, (try? GroupedTidyStream.groupingProblem(sample: reader, columns: cols)) == .some(nil),
           var (panel, account) = try? readGrouped(reader, columns: cols, valueKind: valueKind, negativeCounts: negativeCounts, policy: policy),
           panel.count > 0 {
            account.notes = notes + account.notes
            return (panel, account)
        }
        return try readAnyOrder(reader, columns: cols, valueKind: valueKind, negativeCounts: negativeCounts, policy: policy, notes: notes)
    }

    /// A grouped file through `GroupedTidyStream`: its series sorted into a panel, the gaps listed
    /// again in panel order (the general path's order). Throws whatever stops the stream.
    static func readGrouped(_ reader: CSVReader, columns: TidyColumns, valueKind: ValueKind, negativeCounts: NegativeCountPolicy,
                            policy: RowPolicy) throws(SeriesDataError) -> (panel: Panel, account: RowAccount) {
        var series: [(key: [String], series: TimeSeries)] = []
        var frequency: Frequency? = nil
        let stream = GroupedTidyStream(reader: reader, columns: columns, valueKind: valueKind, negativeCounts: negativeCounts, policy: policy)
        var account = try stream.forEachSeries { s in
            frequency = s.series.frequency
            series.append((s.key, s.series))
            return .next
        }.account
        let panel = Panel(keyColumns: columns.keys, frequency: frequency ?? .month, series: series)
        account.gaps = []
        account.gapCount = 0
        for i in 0..<panel.count {
            let name = zip(columns.keys, panel.key(at: i)).map { "\($0)=\($1)" }.joined(separator: ", ")
            for g in panel.series(at: i).gaps() { account.addGap(.init(series: name, from: g.from, to: g.to)) }
        }
        return (panel, account)
    }

    /// The general path: rows of a series anywhere in the file (cells collected by key).
    static func readAnyOrder(_ reader: CSVReader, columns cols: TidyColumns, valueKind: ValueKind, negativeCounts: NegativeCountPolicy,
                             policy: RowPolicy, notes: [String]) throws(SeriesDataError) -> (panel: Panel, account: RowAccount) {
        var account = RowAccount(file: reader.name)
        account.notes = notes
        var names: [String] = []
        var cP = 0, cV = 0, cK: [Int] = []
        var fieldCount = 0
        var acc: PanelAccumulator? = nil
        var interner = ByteInterner()
        var seriesOfKey: [Int32] = []  // by interned key id; -1 for a key that is not UTF-8
        var scratch: [UInt8] = []
        try RecordLoop(reader: reader, policy: policy).run(account: &account) { (h) throws(SeriesDataError) in
            let header = try Header(h)
            names = header.names
            fieldCount = h.count
            let idx = try header.require([cols.period, cols.value] + cols.keys)
            cP = idx[0]; cV = idx[1]; cK = Array(idx.dropFirst(2))
        } onRow: { (r, a) throws(SeriesDataError) in
            let p = try rowPeriod(r, fieldCount: fieldCount, column: cP, names: names)
            a.frequencies[p.frequency, default: 0] += 1
            if acc == nil { acc = PanelAccumulator(keyColumns: cols.keys, frequency: p.frequency, mode: .unique) }
            guard p.frequency == acc!.frequency else {
                throw .mixedFrequency(r.location(column: cP, field: names[cP]), value: r.display(cP),
                                      found: p.frequency, expected: acc!.frequency)
            }
            let v = try optionalValue(r, cV, field: names[cV], kind: valueKind, negatives: negativeCounts, account: &a)
            // Keys are interned from their bytes (no String per row); a new key is checked and
            // turned into text once.
            scratch.removeAll(keepingCapacity: true)
            for k in cK { scratch.append(contentsOf: r.bytes(k)); scratch.append(0x1F) }
            let before = interner.count
            let id = Int(scratch.withUnsafeBytes { interner.id($0) })
            if interner.count > before {
                var key: [String] = []
                for k in cK {
                    guard let text = r.string(k) else {
                        seriesOfKey.append(-1)  // invalid UTF-8: every row of this key is rejected
                        throw .invalidUTF8(r.location(column: k, field: names[k]), byteOffset: r.invalidUTF8Offset(k))
                    }
                    key.append(text)
                }
                seriesOfKey.append(acc!.seriesIndex(for: key))
            }
            let s = seriesOfKey[id]
            guard s >= 0 else {
                let k = cK.first { r.string($0) == nil } ?? cK[0]
                throw .invalidUTF8(r.location(column: k, field: names[k]), byteOffset: r.invalidUTF8Offset(k))
            }
            if let first = acc!.add(series: s, ordinal: p.ordinal, value: v, line: r.line) {
                let key = acc!.seriesCodes[Int(s)].enumerated().map { acc!.dictionaries[$0.offset][Int($0.element)] }
                throw .duplicatePeriod(r.location(column: cP, field: names[cP]),
                                       series: key.isEmpty ? "(single series)" : key.joined(separator: " / "),
                                       period: p.description, firstLine: first)
            }
        }
        let a = acc ?? PanelAccumulator(keyColumns: cols.keys, frequency: .month, mode: .unique)
        return (a.build(account: &account), account)
    }
}

/// Reader for wide CSV, in either orientation (detected from the header):
///
/// - **periods across columns**: the header holds periods (`area,2016/17,2017/18,…`);
///   each row is one series keyed by the leading non-period columns;
/// - **periods down rows**: one period column (`--period-column`, else the first
///   column whose values all parse as periods) and one series per other column,
///   keyed by the column name under `seriesColumnName`.
///
/// Empty cells and `missingValueMarkers` are missing values (flagged as "missing value"); a non-numeric cell or an
/// unparseable period rejects its row.
public enum WideCSV {
    public static func read(url: URL, periodColumn: String? = nil, seriesColumnName: String = "series",
                            valueKind: ValueKind = .measure, negativeCounts: NegativeCountPolicy = .reject,
                            policy: RowPolicy = .reject) throws(SeriesDataError) -> (panel: Panel, account: RowAccount) {
        try read(CSVReader(url: url), periodColumn: periodColumn, seriesColumnName: seriesColumnName,
                 valueKind: valueKind, negativeCounts: negativeCounts, policy: policy)
    }

    public static func read(_ reader: CSVReader, periodColumn: String? = nil, seriesColumnName: String = "series",
                            valueKind: ValueKind = .measure, negativeCounts: NegativeCountPolicy = .reject,
                            policy: RowPolicy = .reject) throws(SeriesDataError) -> (panel: Panel, account: RowAccount) {
        var account = RowAccount(file: reader.name)
        let sample = try sampleRecords(reader)
        guard let header = sample.first else { throw .emptyFile(file: reader.name) }
        let headerPeriods = header.map { Period.parse($0) }
        let across = periodColumn == nil && headerPeriods.compactMap { $0 }.count >= 2
        var names: [String] = []
        var fieldCount = 0
        if across {
            let periodCols = header.indices.filter { headerPeriods[$0] != nil }
            let freq = headerPeriods[periodCols[0]]!.0.frequency
            let keyCols = header.indices.filter { headerPeriods[$0] == nil && !indexNames.contains(header[$0].lowercased()) }
            let other = periodCols.filter { headerPeriods[$0]!.0.frequency != freq }
            guard other.isEmpty else {
                throw .mixedFrequency(SourceLocation(file: reader.name, line: 1, column: other[0] + 1, field: header[other[0]]),
                                      value: header[other[0]], found: headerPeriods[other[0]]!.0.frequency, expected: freq)
            }
            // The same period twice in the header: every row would be a "duplicate period" after its
            // first copy was stored; refuse the file, naming both columns.
            var seenPeriod: [Int: Int] = [:]
            for c in periodCols {
                let o = headerPeriods[c]!.0.ordinal
                if let first = seenPeriod[o] {
                    throw .invalidField(SourceLocation(file: reader.name, line: 1, column: c + 1, field: header[c]), value: header[c],
                                        expected: "each period once in the header; column \(first + 1) ('\(header[first])') is the same period")
                }
                seenPeriod[o] = c
            }
            // A header cell that is not a period, after the first period column, over a column of
            // numbers is a mistyped period (e.g. 2018-19 for 2018/19), not a key column.
            let rowsSample = sample.dropFirst().filter { $0.count == header.count }
            for k in keyCols where k > periodCols[0] && !rowsSample.isEmpty {
                let numeric = rowsSample.filter { isNumeric($0[k]) || missingValueMarkers.contains($0[k]) || $0[k].isEmpty }.count
                if 5 * numeric >= 4 * rowsSample.count {
                    throw .invalidField(SourceLocation(file: reader.name, line: 1, column: k + 1, field: header[k]), value: header[k],
                                        expected: "a period like the other \(periodCols.count) column headers (e.g. '\(header[periodCols[0]])'): the column holds numbers, so it is not a key column; fix the header")
                }
            }
            account.notes.append("detected periods across columns: \(periodCols.count) \(freq) period columns "
                + "\(header[periodCols.first!])…\(header[periodCols.last!]); series keyed by "
                + (keyCols.isEmpty ? "row number" : keyCols.map { "'\(header[$0])'" }.joined(separator: ", ")))
            var acc = PanelAccumulator(keyColumns: keyCols.isEmpty ? ["row"] : keyCols.map { header[$0] }, frequency: freq, mode: .unique)
            // A row is a whole series over the header's periods, so its values go straight into a
            // dense row of `span` slots from the earliest header period (a period the header lacks
            // stays missing, a gap) — no cell dictionary, no per-cell hashing. A key seen before is
            // a duplicate at the first period column (the earlier row holds every period).
            let ordinals = periodCols.map { headerPeriods[$0]!.0.ordinal }
            let firstOrdinal = ordinals.min()!, span = ordinals.max()! - firstOrdinal + 1
            var values: [Double] = [], missing: [Bool] = [], hasMissing: [Bool] = [], firstLine: [Int32] = []
            // One row's slots, reused (raw buffers: no uniqueness check per cell write).
            let rowValues = UnsafeMutableBufferPointer<Double>.allocate(capacity: span)
            let rowMissing = UnsafeMutableBufferPointer<Bool>.allocate(capacity: span)
            rowValues.initialize(repeating: 0); rowMissing.initialize(repeating: true)
            defer { rowValues.deallocate(); rowMissing.deallocate() }
            let slots = ordinals.map { $0 - firstOrdinal }
            // Room for every row at once (rows ≈ file size / sampled line length), so the cell
            // buffers are not copied as they grow.
            if case .file(let path) = reader.source, let size = try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int,
               sample.count > 1 {
                let lineBytes = sample.dropFirst().reduce(0) { $0 + $1.reduce($1.count) { $0 + $1.utf8.count } } / (sample.count - 1)
                let rows = min((size / max(1, lineBytes) + 16) * 11 / 10, (1 << 28) / span)  // at most 2^28 cells
                values.reserveCapacity(rows * span); missing.reserveCapacity(rows * span)
                hasMissing.reserveCapacity(rows); firstLine.reserveCapacity(rows)
            }
            try RecordLoop(reader: reader, policy: policy).run(account: &account) { (h) throws(SeriesDataError) in
                names = try Header(h).names
                fieldCount = h.count
            } onRow: { (r, a) throws(SeriesDataError) in
                guard r.count == fieldCount else {
                    throw .raggedRow(r.location(column: nil), expectedFields: fieldCount, foundFields: r.count)
                }
                var key: [String] = []
                for k in keyCols { key.append(try r.string(k, field: names[k])) }
                if keyCols.isEmpty { key = [String(r.line)] }
                var anyMissing = span != periodCols.count
                for (j, c) in periodCols.enumerated() {
                    let v = try optionalValue(r, c, field: names[c], kind: valueKind, negatives: negativeCounts, account: &a)
                    rowValues[slots[j]] = v ?? 0
                    rowMissing[slots[j]] = v == nil
                    if v == nil { anyMissing = true }
                }
                let known = acc.seriesCodes.count
                let s = Int(acc.seriesIndex(for: key))
                if s < known {
                    throw .duplicatePeriod(r.location(column: nil), series: key.joined(separator: " / "),
                                           period: Period(frequency: freq, ordinal: ordinals[0]).description,
                                           firstLine: Int(firstLine[s]))
                }
                firstLine.append(Int32(truncatingIfNeeded: r.line))
                values += rowValues
                missing += rowMissing
                hasMissing.append(anyMissing)
            }
            // Series in key order (the accumulator's order), gaps listed in that order as
            // `PanelAccumulator.build` lists them. The rows are put in that order in place (block
            // cycles of the permutation: one spare row, no second copy of the cells).
            let order = acc.sortedSeriesOrder(), n = order.count
            var keyCodes: [Int32] = []
            keyCodes.reserveCapacity(n * acc.keyColumns.count)
            for s in order {
                keyCodes += acc.seriesCodes[s]
                guard hasMissing[s] else { continue }
                let cells = (s * span)..<((s + 1) * span)
                let ts = TimeSeries(start: Period(frequency: freq, ordinal: firstOrdinal),
                                    observations: cells.map { missing[$0] ? nil : values[$0] })
                for g in ts.gaps() { account.addGap(.init(series: acc.seriesName(s), from: g.from, to: g.to)) }
            }
            values.withUnsafeMutableBufferPointer { v in
                missing.withUnsafeMutableBufferPointer { m in
                    var placed = [Bool](repeating: false, count: n)
                    for i in 0..<n where !placed[i] {
                        placed[i] = true
                        guard order[i] != i else { continue }
                        // Row i moves aside; each place j takes row order[j] until the cycle closes.
                        rowValues.baseAddress!.update(from: v.baseAddress! + i * span, count: span)
                        rowMissing.baseAddress!.update(from: m.baseAddress! + i * span, count: span)
                        var j = i
                        while order[j] != i {
                            let k = order[j]
                            (v.baseAddress! + j * span).update(from: v.baseAddress! + k * span, count: span)
                            (m.baseAddress! + j * span).update(from: m.baseAddress! + k * span, count: span)
                            placed[k] = true
                            j = k
                        }
                        (v.baseAddress! + j * span).update(from: rowValues.baseAddress!, count: span)
                        (m.baseAddress! + j * span).update(from: rowMissing.baseAddress!, count: span)
                    }
                }
            }
            let panel = Panel(keyColumns: acc.keyColumns, frequency: freq, keyDictionaries: acc.dictionaries, keyCodes: keyCodes,
                              startOrdinals: Array(repeating: firstOrdinal, count: n), offsets: Array(stride(from: 0, through: n * span, by: span)),
                              values: values, missing: missing)
            return (panel, account)
        }
        // Periods down the rows.
        let rows = sample.dropFirst().filter { $0.count == header.count && !$0.allSatisfy(\.isEmpty) }
        let pIndex: Int
        if let periodColumn {
            guard let i = header.firstIndex(of: periodColumn) else {
                throw .missingColumns(file: reader.name, line: 1, missing: [periodColumn], found: header, hint: nil)
            }
            pIndex = i
        } else {
            guard !rows.isEmpty else { throw .headerOnly(file: reader.name) }
            guard let i = header.indices.first(where: { j in rows.allSatisfy { Period.parse($0[j]) != nil } }) else {
                throw .missingColumns(file: reader.name, line: 1, missing: ["<a period column>"], found: header,
                                      hint: Header.hintFor(header) ?? "no header cell and no column parses as periods (\(PeriodForm.allFormsDescription)); name it with --period-column")
            }
            pIndex = i
        }
        let seriesCols = header.indices.filter { $0 != pIndex && !indexNames.contains(header[$0].lowercased()) }
        var seenName: [String: Int] = [:]
        for c in seriesCols {
            if let first = seenName[header[c]] {
                throw .invalidField(SourceLocation(file: reader.name, line: 1, column: c + 1, field: header[c]), value: header[c],
                                    expected: "a distinct series name; column \(first + 1) has the same name")
            }
            seenName[header[c]] = c
        }
        account.notes.append("detected periods down the rows in column '\(header[pIndex])'; \(seriesCols.count) series column(s): "
            + seriesCols.prefix(8).map { "'\(header[$0])'" }.joined(separator: ", ") + (seriesCols.count > 8 ? ", …" : ""))
        var acc: PanelAccumulator? = nil
        try RecordLoop(reader: reader, policy: policy).run(account: &account) { (h) throws(SeriesDataError) in
            names = try Header(h).names
            fieldCount = h.count
        } onRow: { (r, a) throws(SeriesDataError) in
            let p = try rowPeriod(r, fieldCount: fieldCount, column: pIndex, names: names)
            a.frequencies[p.frequency, default: 0] += 1
            if acc == nil { acc = PanelAccumulator(keyColumns: [seriesColumnName], frequency: p.frequency, mode: .unique) }
            guard p.frequency == acc!.frequency else {
                throw .mixedFrequency(r.location(column: pIndex, field: names[pIndex]), value: r.display(pIndex),
                                      found: p.frequency, expected: acc!.frequency)
            }
            var vals: [(Int32, Double?)] = []
            for c in seriesCols {
                vals.append((acc!.seriesIndex(for: [names[c]]),
                             try optionalValue(r, c, field: names[c], kind: valueKind, negatives: negativeCounts, account: &a)))
            }
            for (s, v) in vals {
                if let first = acc!.add(series: s, ordinal: p.ordinal, value: v, line: r.line) {
                    throw .duplicatePeriod(r.location(column: pIndex, field: names[pIndex]), series: "all columns",
                                           period: p.description, firstLine: first)
                }
            }
        }
        let a = acc ?? PanelAccumulator(keyColumns: [seriesColumnName], frequency: .month, mode: .unique)
        return (a.build(account: &account), account)
    }
}

extension Header {
    static func hintFor(_ names: [String]) -> String? {
        guard names.count <= 2 else { return nil }
        let joined = names.joined(separator: ",")
        for (ch, label) in [(";", "semicolon"), ("\t", "tab"), ("|", "pipe")] where joined.contains(ch) {
            return "the header contains '\(ch == "\t" ? "\\t" : ch)': the file looks \(label)-delimited; expected comma-separated values"
        }
        return nil
    }
}

extension Panel {
    /// The panel as tidy CSV: key columns, `period`, and the value column named `valueColumn`
    /// (`value`, or `count` when the values are counts); one row per stored observation, missing
    /// values as an empty value, RFC 4180 quoting (`RecordText.csvField`).
    public func tidyCSV(valueColumn: String = "value") -> String {
        var out = ""
        tidyCSVChunks(valueColumn: valueColumn) { out += $0 }
        return out
    }

    /// Writes the tidy CSV to `url` through `OutputFile.Stream` in 1 MiB pieces (regular files only,
    /// no symbolic links, whole or not at all); memory O(1 MiB) beside the panel.
    public func writeTidyCSV(to url: URL, valueColumn: String = "value") throws(SeriesDataError) {
        let out = try OutputFile.Stream(path: url.path)
        var failure: SeriesDataError? = nil
        tidyCSVChunks(valueColumn: valueColumn) { chunk in
            guard failure == nil else { return }
            do throws(SeriesDataError) { try out.write(chunk) } catch { failure = error }
        }
        if let failure { out.abandon(); throw failure }
        try out.commit()
    }

    /// The tidy CSV text in pieces of about 1 MiB, in order: the key prefix of each series is
    /// formatted once, then each row appends its period and value. O(rows).
    private func tidyCSVChunks(valueColumn: String, _ emit: (String) -> Void) {
        var out = RecordText.csvRow(keyColumns + ["period", valueColumn])
        out.reserveCapacity(1 << 20 + 4096)
        // Each period's field text made once (a panel spans few distinct periods).
        let first = startOrdinals.min() ?? 0
        var last = first - 1
        for i in 0..<count { last = max(last, startOrdinals[i] + (offsets[i + 1] - offsets[i]) - 1) }
        var periodText: [String] = []
        if last - first < 1 << 20 {
            periodText = (first...max(first, last)).map { o in
                var t = ""
                RecordText.appendCSVField(Period(frequency: frequency, ordinal: o).description, to: &t)
                return t + ","
            }
        }
        var prefix = ""
        for i in 0..<count {
            prefix.removeAll(keepingCapacity: true)
            if !keyColumns.isEmpty { RecordText.appendCSVRow(key(at: i), to: &prefix, lineEnd: false); prefix += "," }
            for j in offsets[i]..<offsets[i + 1] {
                let o = startOrdinals[i] + j - offsets[i]
                out += prefix
                if periodText.isEmpty {
                    RecordText.appendCSVField(Period(frequency: frequency, ordinal: o).description, to: &out)
                    out += ","
                } else {
                    out += periodText[o - first]
                }
                if !missing[j] { out += formatValue(values[j]) }
                out += "\n"
            }
            if out.utf8.count >= 1 << 20 {
                emit(out)
                out.removeAll(keepingCapacity: true)
            }
        }
        emit(out)
    }
}

/// Integers without ".0"; other values with Swift's shortest round-trip form.
func formatValue(_ v: Double) -> String {
    v.rounded() == v && abs(v) < 1e15 ? String(Int(v)) : String(v)
}
