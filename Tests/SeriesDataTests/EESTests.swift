// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
import _TestSupport
@testable import SeriesData

/// The EES open-data reader on the real DfE Children in Need table C3
/// (notebooks-data/dfe_children_in_need). Expected values were read off the CSV with Python's
/// csv module (and are listed in that folder's SOURCE.md), not with SaferCity.
@Suite struct EESTests {
    static let url = TestSupport.dataURL("dfe_children_in_need/c3_factors_identified_at_end_of_assessment_2018_to_2025.csv")
    static let fy2017 = Period.financialYear(startingIn: 2017)

    @Test func readsTheC3TableAndCountsEverySuppressedCell() throws {
        let (panel, a) = try EESOpenData.read(url: Self.url, value: "Alcohol_Misuse_parent",
                                              keys: ["geographic_level", "area_code"], valueKind: .count)
        #expect(a.rowsRead == 1312 && a.rowsUsed == 1312 && a.rowsRejected == 0 && a.balances)
        #expect(a.frequencies == [.financialYear: 1312])
        // Suppressed cells are kept as missing values, counted by symbol (Python: c 14, u 2, x 2, z 1).
        #expect(a.flaggedCount("suppressed: c (confidential)") == 14)
        #expect(a.flaggedCount("suppressed: u (low reliability)") == 2)
        #expect(a.flaggedCount("suppressed: x (not available)") == 2)
        #expect(a.flaggedCount("suppressed: z (not applicable)") == 1)
        #expect(a.flagged.count == 4)
        let x = a.flagged.first { $0.reason.hasPrefix("suppressed: x") }!
        #expect(x.examples.map(\.line) == [629, 792])  // Hackney 2021/22 and 2020/21
        #expect(x.examples[0].message == "c3_factors_identified_at_end_of_assessment_2018_to_2025.csv, line 629, column 14 (Alcohol_Misuse_parent): \"x\" (not available) read as a missing value")
        #expect(a.description.contains("flagged, kept (suppressed: c (confidential)): 14"))
        // 1 England + 11 regional + 161 local authority codes (reorganised authorities have short series).
        #expect(panel.count == 173)
        let stoke = try #require(panel["Local authority", "E06000021"])
        #expect(stoke.start == Self.fy2017)
        #expect(stoke.observations == [568, 614, 1255, 1065, 724, 811, 800, 537])
        #expect(panel["National", "E92000001"]?.observations == [64380, 67250, 72620, 73690, 70310, 71580, 72410, 73250])
        #expect(panel["Regional", "E12000005"]?.observations == [7760, 7920, 8390, 8450, 7800, 8150, 7890, 7330])
        // Hackney: x in 2020/21 and 2021/22, kept as missing (a gap inside the series).
        #expect(panel["Local authority", "E09000012"]?.observations[3...4] == [nil, nil])
        #expect(a.gaps.contains { $0.series.contains("E09000012") && $0.from == .financialYear(startingIn: 2020) && $0.length == 2 })
        // Sum over the authorities in 2019/20 (Python: 72,614 over the numeric cells).
        var total = 0.0
        for (key, s) in panel.allSeries where key[0] == "Local authority" { total += s[.financialYear(startingIn: 2019)] ?? 0 }
        #expect(total == 72614)
    }

    @Test func keysMayBeFileColumnsOrTheDerivedAreaNameAndCode() throws {
        let (panel, a) = try EESOpenData.read(url: Self.url, value: "Episodes_with_assessment_factor",
                                              keys: ["area_code", "area_name", "old_la_code"], valueKind: .count)
        #expect(a.rowsRejected == 0)
        #expect(panel["E06000021", "Stoke-on-Trent", "861"]?.observations.first == 3376)
        #expect(panel["E92000001", "England", ""]?.observations.last == 513250)
        #expect(panel["E12000005", "West Midlands", ""] != nil)
        // A quoted name with a comma.
        #expect(panel.keyDictionaries[1].contains("Herefordshire, County of"))
        // Keyed by new_la_code alone, the England and regional rows (empty code) collide and are rejected.
        let (_, b) = try EESOpenData.read(url: Self.url, value: "Drug_Misuse_parent", keys: ["new_la_code"], valueKind: .count)
        #expect(b.rejectedCount("duplicate period") == 8 * 11 && b.balances)
    }

    @Test func ingestReadsEESWithDefaultAreaKeys() throws {
        var o = IngestOptions(format: .ees)
        #expect(throws: SeriesDataError.invalidArgument("--format ees needs --value-column: the measure column to read, e.g. Alcohol_Misuse_parent")) {
            _ = try ingest(url: Self.url, options: o)
        }
        o.valueColumn = "Drug_Misuse_parent"
        o.counts = true
        let (panel, a) = try ingest(url: Self.url, options: o)
        #expect(panel.keyColumns == ["geographic_level", "area_code", "area_name"] && a.rowsRejected == 0)
        #expect(panel["Local authority", "E06000021", "Stoke-on-Trent"]?.observations.prefix(3) == [576, 594, 1090])
        #expect(panel["National", "E92000001", "England"]?.observations.prefix(3) == [62260, 64620, 70870])
        #expect(panel.tidyCSV().contains("Local authority,E06000021,Stoke-on-Trent,2019/20,1090\n"))
    }

    @Test func periodsFollowTheTimeIdentifier() {
        func p(_ t: String, _ id: String, _ ry: EESOpenData.ReportingYear = .endingMarch) -> Period? {
            if case .success(let q) = EESOpenData.period(timePeriod: t, identifier: id, reportingYear: ry) { return q }
            return nil
        }
        #expect(p("2020", "Reporting year") == .financialYear(startingIn: 2019))
        #expect(p("2020", "Reporting year", .calendar) == .calendarYear(2020))
        #expect(p("201920", "Reporting year") == .financialYear(startingIn: 2019))
        #expect(p("201920", "Financial year") == .financialYear(startingIn: 2019))
        #expect(p("199900", "Financial year") == .financialYear(startingIn: 1999))
        #expect(p("201920", "Academic year") == .financialYear(startingIn: 2019))
        #expect(p("2020", "Calendar year") == .calendarYear(2020))
        #expect(p(" 2020 ", "calendar year") == .calendarYear(2020))
        #expect(p("201921", "Financial year") == nil)
        #expect(p("2020", "Financial year") == nil)
        #expect(p("20201", "Reporting year") == nil)
        #expect(p("2020", "Spring term") == nil)
        #expect(EESOpenData.period(timePeriod: "2020", identifier: "Spring term") == .failure(.unsupportedIdentifier))
    }

    static let header = "time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,new_la_code,la_name,value\n"

    @Test func rejectModeCountsBadRowsAndSymbols() throws {
        let text = Self.header
            + "2018,Reporting year,National,E92000001,England,,,,,100\n"             // 2: used
            + "2018,Reporting year,Regional,E92000001,England,E12000005,West Midlands,,,low\n"  // 3: suppressed low
            + "2018,Reporting year,Local authority,E92000001,England,E12000005,West Midlands,E06000021,Stoke-on-Trent,k\n"  // 4: k
            + "2019,Reporting year,Local authority,E92000001,England,E12000005,West Midlands,E06000021,Stoke-on-Trent,\n"   // 5: empty
            + "2020,Reporting year,Local authority,E92000001,England,E12000005,West Midlands,E06000021,Stoke-on-Trent,12a\n" // 6: bad
            + "2020,Reporting year,Local authority,E92000001,England,E12000005,West Midlands,E06000021,Stoke-on-Trent,7\n"   // 7: used
            + "2020,Reporting year,Local authority,E92000001,England,E12000005,West Midlands,E06000021,Stoke-on-Trent,8\n"   // 8: duplicate
            + "2021,Calendar year,National,E92000001,England,,,,,5\n"                // 9: mixed frequency
            + "2021,Q1,National,E92000001,England,,,,,5\n"                           // 10: unsupported identifier
            + "2021,Reporting year,National,E92000001,England\n"                     // 11: ragged
            + "2021,Reporting year,School,E92000001,England,,,,,3\n"                   // 12: unknown level: used, noted
            + "2021,Reporting year,Local authority,E92000001,England,E12000005,West Midlands,E06000021,Stoke-on-Trent,-1\n" // 13: negative
        let reader = CSVReader(bytes: Array(text.utf8), name: "ees.csv")
        let (panel, a) = try EESOpenData.read(reader, value: "value", keys: ["geographic_level", "area_code"], valueKind: .count)
        #expect(a.rowsRead == 12 && a.rowsUsed == 6 && a.rowsRejected == 6 && a.balances)
        #expect(a.flaggedCount("suppressed: low (rounds to 0 but is not 0)") == 1)
        #expect(a.flaggedCount("suppressed: k (rounds to 0 but is not 0 (older symbol))") == 1)
        #expect(a.flaggedCount("missing value (empty)") == 1)
        #expect(a.rejectedCount("invalid 'value'") == 1)
        #expect(a.rejectedCount("duplicate period") == 1)
        #expect(a.rejectedCount("mixed frequency") == 1)
        #expect(a.rejectedCount("invalid 'time_identifier'") == 1)
        #expect(a.rejectedCount("wrong number of fields") == 1)
        #expect(a.rejectedCount("negative count") == 1)
        #expect(a.rejected.first { $0.reason == "invalid 'value'" }!.examples[0].message
                == "ees.csv, line 6, column 10 (value): value \"12a\" is not valid; expected a number, or one of the EES symbols x, c, z, low, u, k (a value not published)")
        #expect(a.rejected.first { $0.reason == "duplicate period" }!.examples[0].message
                == "ees.csv, line 8, column 1 (time_period): duplicate period 2019/20 for series geographic_level=Local authority, area_code=E06000021 (first seen on line 7); expected one value per series and period")
        #expect(a.notes.contains { $0.contains("geographic_level 'School' has no known code column") })
        #expect(panel["Local authority", "E06000021"]?.observations == [nil, nil, 7])
        #expect(panel["National", "E92000001"]?.observations == [100])
        #expect(panel["School", ""]?.observations == [3])
    }

    @Test func academicYearsAreNotedAndStrictModeThrowsTheFirstBadRow() throws {
        let text = Self.header + "201819,Academic year,National,E92000001,England,,,,,1.5\n201920,Academic year,National,E92000001,England,,,,,c\n"
        let (panel, a) = try EESOpenData.read(CSVReader(bytes: Array(text.utf8), name: "ay.csv"), value: "value", keys: ["area_code"])
        #expect(a.rowsUsed == 2 && a.flaggedCount("suppressed: c (confidential)") == 1)
        #expect(a.notes.contains { $0.hasPrefix("academic years (September–August)") })
        #expect(panel["E92000001"]?.observations == [1.5, nil] && panel["E92000001"]?.start == .financialYear(startingIn: 2018))
        let bad = Self.header + "2018,Reporting year,National,E92000001,England,,,,,1\n2019,Reporting year,National,E92000001,England,,,,,1.5\n"
        #expect(throws: SeriesDataError.self) {
            _ = try EESOpenData.read(CSVReader(bytes: Array(bad.utf8), name: "s.csv"), value: "value", keys: ["area_code"],
                                     valueKind: .count, policy: .strict)
        }
        #expect(throws: SeriesDataError.self) {  // missing value column
            _ = try EESOpenData.read(CSVReader(bytes: Array(bad.utf8), name: "s.csv"), value: "Alcohol_Misuse_parent", keys: [])
        }
        #expect(EESOpenData.looksLikeEES(header: ["time_period", "time_identifier", "geographic_level", "x"]))
        #expect(!EESOpenData.looksLikeEES(header: ["period", "value"]))
    }
}
