// SPDX-License-Identifier: GPL-3.0-or-later
// DfE explore-education-statistics (EES) open-data CSV files.
import Foundation

/// Reader for the open-data layout every DfE statistic on explore-education-statistics
/// (EES) is published in: one row per time period × geography (× other breakdowns), the
/// standard columns
///
///     time_period, time_identifier, geographic_level,
///     country_code, country_name, region_code, region_name, old_la_code, new_la_code, la_name, …
///
/// and one column per measure (e.g. `Episodes_with_assessment_factor`, `Alcohol_Misuse_parent`).
/// The reader builds a panel of one chosen value column, keyed by chosen columns.
///
/// **Periods** (`time_period` read with `time_identifier`):
///
/// | `time_identifier` | `time_period` | period |
/// |---|---|---|
/// | `Reporting year` | `2020` (or `201920`) | financial year `2019/20` — the year ending 31 March 2020 (the CIN and CLA census year); `reportingYear: .calendar` reads it as the calendar year 2020 |
/// | `Financial year` | `201920` | financial year `2019/20` |
/// | `Academic year` | `201920` | year `2019/20` (September–August; SeriesData has no academic-year period, so it is held as the financial year of the same label and a note says so) |
/// | `Calendar year` | `2020` | calendar year `2020` |
///
/// Any other identifier (terms, quarters, months) rejects the row, naming the ones supported.
///
/// **Areas.** Besides any header column, two derived key columns are available: `area_code`
/// and `area_name`, the code and name at the row's own `geographic_level` (National →
/// `country_code`, Regional → `region_code`, Local authority → `new_la_code` (else
/// `old_la_code`), Local authority district → `lad_code`, …; see `levelColumns`).
/// In EES files the codes of coarser levels are repeated on finer rows and finer codes are
/// empty on coarser rows, so `new_la_code` is empty on the England and regional rows.
///
/// **Values.** A value cell holding one of the EES symbols (`suppressionMarkers`: `x`, `c`, `z`,
/// `low`, `u`, `k`) or nothing is a missing value, not an error: the row is used and counted
/// in the account's `flagged` tally under the symbol's reason (e.g. *suppressed: x (not
/// available)*). Any other non-numeric cell rejects the row with a message naming the file,
/// line, column and the symbols accepted. A second value for the same key and period is
/// rejected as "duplicate period" (naming the first line).
public enum EESOpenData {
    /// The EES symbols for a value that is not published, with their meaning.
    public static let suppressionMarkers: [(symbol: String, meaning: String)] = [
        ("x", "not available"),
        ("c", "confidential"),
        ("z", "not applicable"),
        ("low", "rounds to 0 but is not 0"),
        ("u", "low reliability"),
        ("k", "rounds to 0 but is not 0 (older symbol)"),
    ]

    /// Columns every EES open-data file has.
    public static let requiredColumns = ["time_period", "time_identifier", "geographic_level"]

    /// `geographic_level` → the columns holding that level's code and name (first present wins).
    public static let levelColumns: [String: (codes: [String], names: [String])] = [
        "National": (["country_code"], ["country_name"]),
        "Regional": (["region_code"], ["region_name"]),
        "Local authority": (["new_la_code", "old_la_code"], ["la_name"]),
        "Local authority district": (["lad_code"], ["lad_name"]),
        "Parliamentary constituency": (["pcon_code"], ["pcon_name"]),
        "Local enterprise partnership": (["local_enterprise_partnership_code"], ["local_enterprise_partnership_name"]),
        "Ward": (["ward_code"], ["ward_name"]),
        "Opportunity area": (["opportunity_area_code"], ["opportunity_area_name"]),
        "Local skills improvement plan area": (["lsip_code"], ["lsip_name"]),
        "English devolved area": (["english_devolved_area_code"], ["english_devolved_area_name"]),
    ]

    /// Derived key columns (not in the file): the code and name at the row's own level.
    public static let derivedKeys = ["area_code", "area_name"]

    /// How `Reporting year` periods are read.
    public enum ReportingYear: Sendable, Hashable {
        /// `2020` = the year ending 31 March 2020 = financial year 2019/20 (CIN, CLA).
        case endingMarch
        /// `2020` = calendar year 2020.
        case calendar
    }

    public static let supportedIdentifiers = ["Reporting year", "Financial year", "Academic year", "Calendar year"]

    public static func read(url: URL, value: String, keys: [String], valueKind: ValueKind = .measure,
                            reportingYear: ReportingYear = .endingMarch, negativeCounts: NegativeCountPolicy = .reject,
                            policy: RowPolicy = .reject) throws(SeriesDataError) -> (panel: Panel, account: RowAccount) {
        try read(CSVReader(url: url), value: value, keys: keys, valueKind: valueKind, reportingYear: reportingYear,
                 negativeCounts: negativeCounts, policy: policy)
    }

    /// The period of an EES `time_period` text under `time_identifier`, or nil (with the
    /// expected form) when it does not parse.
    public static func period(timePeriod raw: String, identifier rawId: String,
                              reportingYear: ReportingYear = .endingMarch) -> Result<Period, PeriodProblem> {
        let t = raw.trimmingCharacters(in: .whitespaces)
        let id = rawId.trimmingCharacters(in: .whitespaces)
        let digits = t.utf8.allSatisfy { $0 >= 48 && $0 <= 57 }
        func year(_ s: Substring) -> Int? { Int(s).flatMap { (1800...2200).contains($0) ? $0 : nil } }
        /// `201920` → 2019 (the second year must be the first + 1).
        func spanning(_ s: String) -> Int? {
            guard digits, s.count == 6, let y = year(s.prefix(4)), let e = Int(s.suffix(2)), e == (y + 1) % 100 else { return nil }
            return y
        }
        switch id.lowercased() {
        case "reporting year":
            if digits, t.count == 4, let y = year(Substring(t)) {
                return .success(reportingYear == .endingMarch ? .financialYear(startingIn: y - 1) : .calendarYear(y))
            }
            if let y = spanning(t) { return .success(.financialYear(startingIn: y)) }
            return .failure(.badPeriod(expected: "a year such as 2020 (the reporting year ending March 2020) or 201920"))
        case "financial year", "academic year":
            if let y = spanning(t) { return .success(.financialYear(startingIn: y)) }
            return .failure(.badPeriod(expected: "two years written together, e.g. 201920 for \(id.lowercased()) 2019/20"))
        case "calendar year":
            if digits, t.count == 4, let y = year(Substring(t)) { return .success(.calendarYear(y)) }
            return .failure(.badPeriod(expected: "a year such as 2020"))
        default:
            return .failure(.unsupportedIdentifier)
        }
    }

    public enum PeriodProblem: Error, Sendable, Hashable, CustomStringConvertible {
        case badPeriod(expected: String)
        case unsupportedIdentifier
        public var description: String {
            switch self {
            case .badPeriod(let expected): "the period is not \(expected)"
            case .unsupportedIdentifier: "the time_identifier is not one of " + supportedIdentifiers.map { "'\($0)'" }.joined(separator: ", ")
            }
        }
    }

    public static func read(_ reader: CSVReader, value: String, keys: [String], valueKind: ValueKind = .measure,
                            reportingYear: ReportingYear = .endingMarch, negativeCounts: NegativeCountPolicy = .reject,
                            policy: RowPolicy = .reject) throws(SeriesDataError) -> (panel: Panel, account: RowAccount) {
        var account = RowAccount(file: reader.name)
        var names: [String] = []
        var fieldCount = 0
        var cT = 0, cI = 0, cL = 0, cV = 0
        /// Per key: a header column index, or a derived key (0 = area_code, 1 = area_name).
        enum KeySource { case column(Int), derived(Int) }
        var keySources: [KeySource] = []
        var levelIndex: [String: (code: [Int], name: [Int])] = [:]
        var acc: PanelAccumulator? = nil
        var academicNoted = false
        var unknownLevels: Set<String> = []
        let markerMeaning = Dictionary(uniqueKeysWithValues: suppressionMarkers.map { ($0.symbol, $0.meaning) })
        let markerList = suppressionMarkers.map(\.symbol).joined(separator: ", ")

        try RecordLoop(reader: reader, policy: policy).run(account: &account) { (h) throws(SeriesDataError) in
            let header = try Header(h)
            names = header.names
            fieldCount = h.count
            let fileKeys = keys.filter { !derivedKeys.contains($0) }
            let idx = try header.require(requiredColumns + [value] + fileKeys)
            cT = idx[0]; cI = idx[1]; cL = idx[2]; cV = idx[3]
            var next = 4
            for k in keys {
                if let d = derivedKeys.firstIndex(of: k) { keySources.append(.derived(d)) } else {
                    keySources.append(.column(idx[next])); next += 1
                }
            }
            for (level, cols) in levelColumns {
                levelIndex[level] = (cols.codes.compactMap(header.index), cols.names.compactMap(header.index))
            }
        } onRow: { (r, a) throws(SeriesDataError) in
            guard r.count == fieldCount else {
                throw .raggedRow(r.location(column: nil), expectedFields: fieldCount, foundFields: r.count)
            }
            let tp = try r.string(cT, field: names[cT]), ti = try r.string(cI, field: names[cI])
            let p: Period
            switch period(timePeriod: tp, identifier: ti, reportingYear: reportingYear) {
            case .success(let q): p = q
            case .failure(.badPeriod(let expected)):
                throw .invalidField(r.location(column: cT, field: names[cT]), value: r.display(cT),
                                    expected: expected + " (time_identifier '\(ti)')")
            case .failure(.unsupportedIdentifier):
                throw .invalidField(r.location(column: cI, field: names[cI]), value: r.display(cI),
                                    expected: "one of " + supportedIdentifiers.map { "'\($0)'" }.joined(separator: ", "))
            }
            if !academicNoted, ti.trimmingCharacters(in: .whitespaces).lowercased() == "academic year" {
                academicNoted = true
                a.notes.append("academic years (September–August) are held as year periods labelled like financial years (201920 → 2019/20); --as-of treats them as ending 31 March")
            }
            a.frequencies[p.frequency, default: 0] += 1
            if acc == nil { acc = PanelAccumulator(keyColumns: keys, frequency: p.frequency, mode: .unique) }
            guard p.frequency == acc!.frequency else {
                throw .mixedFrequency(r.location(column: cT, field: names[cT]), value: r.display(cT),
                                      found: p.frequency, expected: acc!.frequency)
            }
            // The value: a number, an EES symbol or empty (missing), else an error.
            let text = r.display(cV).trimmingCharacters(in: .whitespaces)
            var v: Double? = nil
            if text.isEmpty {
                a.flag("missing value (empty)", line: r.line,
                       message: "\(r.location(column: cV, field: names[cV])): empty value read as missing")
            } else if let meaning = markerMeaning[text] {
                a.flag("suppressed: \(text) (\(meaning))", line: r.line,
                       message: "\(r.location(column: cV, field: names[cV])): \"\(text)\" (\(meaning)) read as a missing value")
            } else {
                if case .notANumber = r.number(cV) {
                    throw .invalidField(r.location(column: cV, field: names[cV]), value: r.display(cV),
                                        expected: "a number, or one of the EES symbols \(markerList) (a value not published)")
                }
                v = try checkedValue(r, cV, field: names[cV], kind: valueKind, negatives: negativeCounts, account: &a)
            }
            // Keys.
            var key: [String] = []
            key.reserveCapacity(keySources.count)
            var levelCells: (code: String, name: String)? = nil
            for s in keySources {
                switch s {
                case .column(let i):
                    key.append(try r.string(i, field: names[i]).trimmingCharacters(in: .whitespaces))
                case .derived(let d):
                    if levelCells == nil {
                        let level = try r.string(cL, field: names[cL]).trimmingCharacters(in: .whitespaces)
                        guard let cols = levelIndex[level] else {
                            if unknownLevels.insert(level).inserted {
                                a.notes.append("geographic_level '\(level)' has no known code column; its area_code and area_name are empty")
                            }
                            levelCells = ("", "")
                            key.append("")
                            continue
                        }
                        var code = ""
                        for i in cols.code {
                            code = try r.string(i, field: names[i]).trimmingCharacters(in: .whitespaces)
                            if !code.isEmpty { break }
                        }
                        var name = ""
                        if let i = cols.name.first { name = try r.string(i, field: names[i]).trimmingCharacters(in: .whitespaces) }
                        levelCells = (code, name)
                    }
                    key.append(d == 0 ? levelCells!.code : levelCells!.name)
                }
            }
            let s = acc!.seriesIndex(for: key)
            if let first = acc!.add(series: s, ordinal: p.ordinal, value: v, line: r.line) {
                throw .duplicatePeriod(r.location(column: cT, field: names[cT]),
                                       series: key.isEmpty ? "(single series)" : zip(keys, key).map { "\($0)=\($1)" }.joined(separator: ", "),
                                       period: p.description, firstLine: first)
            }
        }
        let a = acc ?? PanelAccumulator(keyColumns: keys, frequency: .financialYear, mode: .unique)
        account.notes.insert("EES open data: value column '\(value)', keys " + (keys.isEmpty ? "none" : keys.map { "'\($0)'" }.joined(separator: ", ")), at: 0)
        return (a.build(account: &account), account)
    }

    /// Whether a header looks like an EES open-data file (has the three standard columns).
    public static func looksLikeEES(header: [String]) -> Bool {
        requiredColumns.allSatisfy { c in header.contains { $0.trimmingCharacters(in: .whitespaces).lowercased() == c } }
    }
}
