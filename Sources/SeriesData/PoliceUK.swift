// SPDX-License-Identifier: GPL-3.0-or-later
// police.uk street-level crime CSV → monthly counts.
import Foundation

/// Reader for police.uk "street" downloads (`YYYY-MM-<force>-street.csv`), the
/// 12-column layout `Crime ID, Month, Reported by, Falls within, Longitude,
/// Latitude, Location, LSOA code, LSOA name, Crime type, Last outcome category,
/// Context`. Each row is one crime or anti-social-behaviour incident; the reader
/// counts rows per month, area and crime type.
///
/// Columns are found by header name (order does not matter); `Month`, `Falls
/// within`, `LSOA code`, `LSOA name` and `Crime type` are required.
///
/// Rejected rows (counted in the `RowAccount`): wrong number of fields, a `Month`
/// that is not `YYYY-MM`, an empty `Crime type`, an empty `Falls within` (when
/// counting by force), invalid UTF-8 in a key field. Rows with no LSOA (police.uk
/// leaves location blank for some crimes) are counted under the area "(no LSOA)"
/// when counting by local authority or LSOA and tallied as flagged.
///
/// Speed: byte-level; keys are interned from bytes (no String per row), so the
/// per-row cost is one tokenize pass + 2 hash lookups. Memory is proportional to
/// the number of (area, crime type, month) cells, not to rows.
public enum PoliceUKStreet {
    /// The area dimension of the counts.
    public enum AreaLevel: String, Sendable, CaseIterable {
        /// Whole file: counts by crime type only.
        case crimeType = "crime-type"
        /// `Falls within` (the force whose area the crime falls in).
        case force
        /// Local authority: the LSOA name without its trailing code
        /// ("Stoke-on-Trent 012A" → "Stoke-on-Trent").
        case localAuthority = "la"
        /// LSOA (code and name).
        case lsoa

        /// Key columns of the resulting panel.
        public var keyColumns: [String] {
            switch self {
            case .crimeType: ["crime_type"]
            case .force: ["force", "crime_type"]
            case .localAuthority: ["local_authority", "crime_type"]
            case .lsoa: ["lsoa_code", "lsoa_name", "crime_type"]
            }
        }
    }

    public static let requiredColumns = ["Month", "Falls within", "LSOA code", "LSOA name", "Crime type"]
    /// Area name used for rows without an LSOA.
    public static let noLSOA = "(no LSOA)"

    /// Local-authority name from an LSOA name: the name minus a trailing
    /// " <3 digits><letter>" code ("Stoke-on-Trent 012A" → "Stoke-on-Trent",
    /// "Newcastle upon Tyne 001B" → "Newcastle upon Tyne"). Names without such a
    /// code are returned unchanged.
    public static func localAuthority(fromLSOAName name: String) -> String {
        var n = name
        let r = n.withUTF8 { laLength(UnsafeRawBufferPointer($0)) }
        return String(decoding: Array(name.utf8)[0..<r], as: UTF8.self)
    }

    /// Byte length of the local-authority prefix of an LSOA name.
    static func laLength(_ b: UnsafeRawBufferPointer) -> Int {
        let n = b.count
        guard n >= 6, b[n - 5] == 32 else { return n }
        for k in (n - 4)..<(n - 1) where b[k] &- 48 >= 10 { return n }
        let last = b[n - 1] | 0x20
        guard last >= 97 && last <= 122 else { return n }
        return n - 5
    }

    /// Reads a police.uk street file and counts rows per month × area × crime type.
    ///
    /// - Returns: a monthly `Panel` (key columns `by.keyColumns`, values = counts;
    ///   a month with no rows inside a series' range is missing and reported as a
    ///   gap) and the row account.
    /// - Throws: file-level `SeriesDataError`s; with `.strict`, the first row error.
    public static func read(url: URL, by level: AreaLevel = .localAuthority,
                            policy: RowPolicy = .reject) throws(SeriesDataError) -> (panel: Panel, account: RowAccount) {
        try read(CSVReader(url: url), by: level, policy: policy)
    }

    public static func read(_ reader: CSVReader, by level: AreaLevel,
                            policy: RowPolicy = .reject) throws(SeriesDataError) -> (panel: Panel, account: RowAccount) {
        try read([reader], by: level, policy: policy)
    }

    /// Reads several street files (e.g. one per force and month, as police.uk
    /// downloads come) into one panel and one combined row account.
    ///
    /// A (`Falls within`, `Month`) pair found in more than one file would be counted
    /// twice (the same download given twice); rows repeating a pair already read from
    /// an earlier file are rejected as "force-month already read", naming that file.
    public static func read(urls: [URL], by level: AreaLevel = .localAuthority,
                            policy: RowPolicy = .reject) throws(SeriesDataError) -> (panel: Panel, account: RowAccount) {
        try read(urls.map { CSVReader(url: $0) }, by: level, policy: policy)
    }

    public static func read(_ readers: [CSVReader], by level: AreaLevel,
                            policy: RowPolicy = .reject) throws(SeriesDataError) -> (panel: Panel, account: RowAccount) {
        precondition(!readers.isEmpty, "no files given")
        var account = RowAccount(file: readers.count == 1 ? readers[0].name : "\(readers.count) files")
        var fieldCount = 0
        var cMonth = 0, cForce = 0, cCode = 0, cName = 0, cType = 0
        var names: [String] = []
        var interner = ByteInterner()
        var seriesOf: [Int: Int32] = [:]  // packed key ids → series index
        var seriesKeys: [[Int32]] = []
        var cells: [Int: Double] = [:]
        var noLSOARows = 0
        var fileOfForceMonth: [Int: Int] = [:]  // (force id, month) → index of the file it was first read from
        var lastForceMonth = -1

        for (fileIndex, reader) in readers.enumerated() {
            var fileAccount = RowAccount(file: reader.name)
            lastForceMonth = -1
            try RecordLoop(reader: reader, policy: policy).run(account: &fileAccount) { (h) throws(SeriesDataError) in
                let header = try Header(h)
                names = header.names
                fieldCount = h.count
                let idx = try header.require(requiredColumns)
                (cMonth, cForce, cCode, cName, cType) = (idx[0], idx[1], idx[2], idx[3], idx[4])
            } onRow: { (r, acc) throws(SeriesDataError) in
                guard r.count == fieldCount else {
                    throw .raggedRow(r.location(column: nil), expectedFields: fieldCount, foundFields: r.count)
                }
                guard let (p, form) = parsePeriodBytes(r.bytes(cMonth)), form == .yearMonth else {
                    throw .invalidField(r.location(column: cMonth, field: names[cMonth]), value: r.display(cMonth),
                                        expected: "a month written YYYY-MM, e.g. 2019-01")
                }
                guard !r.isEmpty(cType) else {
                    throw .invalidField(r.location(column: cType, field: names[cType]), value: "",
                                        expected: "a crime type (the field is empty)")
                }
                let forceID = interner.id(r.bytes(cForce))
                let forceMonth = (Int(forceID) << 32) | (p.ordinal & 0xFFFF_FFFF)
                if forceMonth != lastForceMonth {
                    if let earlier = fileOfForceMonth[forceMonth], earlier != fileIndex {
                        throw .alreadyRead(r.location(column: cMonth, field: names[cMonth]),
                                           what: "\(r.display(cForce)) \(p)", earlierFile: readers[earlier].name)
                    }
                    fileOfForceMonth[forceMonth] = fileIndex
                    lastForceMonth = forceMonth
                }
                let crime = interner.id(r.bytes(cType))
                var ids: [Int32]
                var cols: [Int]
                switch level {
                case .crimeType:
                    ids = [crime]
                    cols = [cType]
                case .force:
                    guard !r.isEmpty(cForce) else {
                        throw .invalidField(r.location(column: cForce, field: names[cForce]), value: "",
                                            expected: "a police force name (the field is empty)")
                    }
                    ids = [forceID, crime]
                    cols = [cForce, cType]
                case .localAuthority:
                    let b = r.bytes(cName)
                    if b.isEmpty { noLSOARows += 1 }
                    let la = b.isEmpty ? UnsafeRawBufferPointer(start: nil, count: 0)
                        : UnsafeRawBufferPointer(rebasing: b[0..<laLength(b)])
                    ids = [interner.id(la), crime]
                    cols = [cName, cType]
                case .lsoa:
                    if r.isEmpty(cName) { noLSOARows += 1 }
                    ids = [interner.id(r.bytes(cCode)), interner.id(r.bytes(cName)), crime]
                    cols = [cCode, cName, cType]
                }
                for (k, id) in ids.enumerated() where !interner.valid[Int(id)] {
                    let col = cols[k]
                    throw .invalidUTF8(r.location(column: col, field: names[col]), byteOffset: r.invalidUTF8Offset(col))
                }
                guard interner.count < 1 << 21 else {
                    throw .invalidArgument("\(r.file): more than 2,097,152 distinct area/crime-type values; split the file")
                }
                var packed = 0
                for id in ids { packed = (packed << 21) | Int(id) }
                let s: Int32
                if let x = seriesOf[packed] { s = x } else {
                    s = Int32(seriesKeys.count)
                    seriesKeys.append(ids)
                    seriesOf[packed] = s
                }
                cells[PanelAccumulator.cellKey(s, p.ordinal), default: 0] += 1
            }
            account.absorb(fileAccount)
        }
        if noLSOARows > 0 {
            account.flag("no LSOA", count: noLSOARows, line: 0,
                         message: "\(noLSOARows) row(s) have an empty LSOA name; counted under the area \"\(Self.noLSOA)\"")
        }
        // Build the panel.
        var acc = PanelAccumulator(keyColumns: level.keyColumns, frequency: .month, mode: .sum)
        var seriesIndex: [Int32] = []
        for ids in seriesKeys {
            let key = ids.map { id -> String in
                let s = interner.string(id)
                return s.isEmpty ? Self.noLSOA : s
            }
            seriesIndex.append(acc.seriesIndex(for: key))
        }
        for (k, v) in cells {
            let s = Int(k >> 32), o = Int(Int32(truncatingIfNeeded: k & 0xFFFF_FFFF))
            _ = acc.add(series: seriesIndex[s], ordinal: o, value: v, line: 0)
        }
        account.frequencies[.month] = account.rowsUsed
        let panel = acc.build(account: &account)
        return (panel, account)
    }
}
