// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
import _TestSupport
@testable import SeriesData

/// The hand-made bad-file corpus in Tests/SeriesDataTests/BadFiles (see its README):
/// each file is read strictly by the reader named and must fail with exactly this message.
enum BadReader: Sendable {
    case tidy, tidyDetect, police, ons, fingertips, wide, ees
}

let badFileCases: [(file: String, reader: BadReader, message: String)] = [
    ("01_empty.csv", .tidyDetect, "01_empty.csv, line 1: file is empty; expected a header line and at least one data row"),
    ("02_header_only.csv", .tidyDetect, "02_header_only.csv, line 2: file has a header but no data rows; expected at least one data row"),
    ("03_semicolon_delimited.csv", .police, "03_semicolon_delimited.csv, line 1: header is missing required column(s) 'Month', 'Falls within', 'LSOA code', 'LSOA name', 'Crime type'; found 1 column(s): 'Crime ID;Month;Falls within;LSOA code;LSOA name;Crime type'; the header contains ';': the file looks semicolon-delimited; expected comma-separated values"),
    ("04_tab_delimited.csv", .tidy, "04_tab_delimited.csv, line 1: header is missing required column(s) 'month', 'count', 'area'; found 1 column(s): 'month\tarea\tcount'; the header contains '\\t': the file looks tab-delimited; expected comma-separated values"),
    ("05_policeuk_bad_month.csv", .police, "05_policeuk_bad_month.csv, line 3, column 2 (Month): value \"2019-13\" is not valid; expected a month written YYYY-MM, e.g. 2019-01"),
    ("06_ons_impossible_date.csv", .ons, "06_ons_impossible_date.csv, line 3, column 1 (12 months ending): value \"31-02-2018\" is not valid; expected a date written DD-MM-YYYY, e.g. 31-03-2003"),
    ("07_tidy_month_name_typo.csv", .tidy, "07_tidy_month_name_typo.csv, line 3, column 1 (month): value \"Jnu-17\" is not valid; expected \(PeriodForm.allFormsDescription)"),
    ("08_tidy_duplicate_period.csv", .tidy, "08_tidy_duplicate_period.csv, line 4, column 1 (month): duplicate period 2019-01 for series Stoke (first seen on line 2); expected one value per series and period"),
    ("09_tidy_non_numeric.csv", .tidy, "09_tidy_non_numeric.csv, line 3, column 3 (count): value \"12a\" is not valid; expected a number such as 12 or 3.5 (no thousands separators, units or symbols)"),
    ("10_tidy_nan.csv", .tidy, "10_tidy_nan.csv, line 2, column 3 (count): value \"NaN\" is not valid; expected a finite number (NaN and infinite values are not data)"),
    ("11_tidy_inf.csv", .tidy, "11_tidy_inf.csv, line 3, column 3 (count): value \"-Inf\" is not valid; expected a finite number (NaN and infinite values are not data)"),
    ("12_tidy_overflow.csv", .tidy, "12_tidy_overflow.csv, line 2, column 3 (count): value \"1e400\" is not valid; expected a finite number (NaN and infinite values are not data)"),
    ("13_tidy_huge_count.csv", .tidy, "13_tidy_huge_count.csv, line 2, column 3 (count): value \"99999999999999999999\" is not valid; expected a count below 2^53 = 9007199254740992 (larger counts cannot be held exactly)"),
    ("14_tidy_negative_count.csv", .tidy, "14_tidy_negative_count.csv, line 3, column 3 (count): value \"-3\" is a negative count; expected a count ≥ 0"),
    ("15_tidy_fractional_count.csv", .tidy, "15_tidy_fractional_count.csv, line 2, column 3 (count): value \"2.5\" is not valid; expected a whole-number count"),
    ("16_tidy_thousands_separator.csv", .tidy, "16_tidy_thousands_separator.csv, line 2, column 3 (count): value \"1,234\" is not valid; expected a number such as 12 or 3.5 (no thousands separators, units or symbols)"),
    ("17_truncated_unclosed_quote.csv", .tidy, "17_truncated_unclosed_quote.csv, line 3, column 2: quoted field opened here is never closed (file truncated?); expected a closing '\"'"),
    ("18_text_after_closing_quote.csv", .tidy, "18_text_after_closing_quote.csv, line 2, column 2: value \"\"Stoke\"-on-Trent\" is not valid; expected a delimiter or end of line after the closing quote"),
    ("19_invalid_utf8_in_field.csv", .tidy, "19_invalid_utf8_in_field.csv, line 2, column 2 (area): invalid UTF-8 byte sequence at byte 4 of the field; expected UTF-8 text (re-save the file as UTF-8)"),
    ("20_invalid_utf8_in_header.csv", .tidy, "20_invalid_utf8_in_header.csv, line 1, column 2: invalid UTF-8 byte sequence at byte 3 of the field; expected UTF-8 text (re-save the file as UTF-8)"),
    ("21_policeuk_missing_column.csv", .police, "21_policeuk_missing_column.csv, line 1: header is missing required column(s) 'Crime type'; found 11 column(s): 'Crime ID', 'Month', 'Reported by', 'Falls within', 'Longitude', 'Latitude', 'Location', 'LSOA code', 'LSOA name', 'Last outcome category', 'Context'"),
    ("22_tidy_ragged_short_row.csv", .tidy, "22_tidy_ragged_short_row.csv, line 3: row has 2 field(s); expected 3 (as in the header)"),
    ("23_policeuk_ragged_long_row.csv", .police, "23_policeuk_ragged_long_row.csv, line 3: row has 13 field(s); expected 12 (as in the header)"),
    ("24_tidy_mixed_frequency.csv", .tidy, "24_tidy_mixed_frequency.csv, line 3, column 1 (month): period \"2019 Q2\" is quarterly, but earlier rows are monthly; expected one frequency per file"),
    ("25_fingertips_bad_value.csv", .fingertips, "25_fingertips_bad_value.csv, line 4, column 13 (Value): value \"12.3.4\" is not valid; expected a number such as 12 or 3.5 (no thousands separators, units or symbols)"),
    ("26_fingertips_empty_area_code.csv", .fingertips, "26_fingertips_empty_area_code.csv, line 2, column 5 (Area Code): value \"\" is not valid; expected a value for Area Code (the field is empty)"),
    ("27_ons_empty_pfa.csv", .ons, "27_ons_empty_pfa.csv, line 2, column 2 (PFA): value \"\" is not valid; expected a PFA name (the field is empty)"),
    ("28_wide_mixed_frequency_header.csv", .wide, "28_wide_mixed_frequency_header.csv, line 1, column 4 (2019 Q2): period \"2019 Q2\" is quarterly, but earlier rows are monthly; expected one frequency per file"),
    ("29_fingertips_bad_indicator_id.csv", .fingertips, "29_fingertips_bad_indicator_id.csv, line 2, column 1 (Indicator ID): value \"93356x\" is not valid; expected an integer indicator ID"),
    ("30_blank_lines_only.csv", .tidyDetect, "30_blank_lines_only.csv, line 1: file is empty; expected a header line and at least one data row"),
    ("31_bom_only.csv", .police, "31_bom_only.csv, line 1: file is empty; expected a header line and at least one data row"),
    ("32_policeuk_empty_crime_type.csv", .police, "32_policeuk_empty_crime_type.csv, line 2, column 10 (Crime type): value \"\" is not valid; expected a crime type (the field is empty)"),
    ("33_ons_non_numeric_count.csv", .ons, "33_ons_non_numeric_count.csv, line 2, column 5 (Rolling year total number of offences): value \"seven hundred\" is not valid; expected a number such as 12 or 3.5 (no thousands separators, units or symbols)"),
    ("34_wide_no_period_column.csv", .wide, "34_wide_no_period_column.csv, line 1: header is missing required column(s) '<a period column>'; found 3 column(s): 'area', 'crime', 'count'; no header cell and no column parses as periods (\(PeriodForm.allFormsDescription)); name it with --period-column"),
    ("35_ees_bad_value.csv", .ees, "35_ees_bad_value.csv, line 3, column 8 (Alcohol_Misuse_parent): value \"n/a\" is not valid; expected a number, or one of the EES symbols x, c, z, low, u, k (a value not published)"),
    ("36_ees_unknown_time_identifier.csv", .ees, "36_ees_unknown_time_identifier.csv, line 2, column 2 (time_identifier): value \"Spring term\" is not valid; expected one of 'Reporting year', 'Financial year', 'Academic year', 'Calendar year'"),
    ("37_ees_bad_financial_year.csv", .ees, "37_ees_bad_financial_year.csv, line 3, column 1 (time_period): value \"201921\" is not valid; expected two years written together, e.g. 201920 for financial year 2019/20 (time_identifier 'Financial year')"),
    ("38_ees_duplicate_area_year.csv", .ees, "38_ees_duplicate_area_year.csv, line 4, column 1 (time_period): duplicate period 2017/18 for series new_la_code=E06000021 (first seen on line 2); expected one value per series and period"),
]

func readBad(_ file: String, _ reader: BadReader) throws(SeriesDataError) {
    let url = TestSupport.repoRoot.appendingPathComponent("Tests/SeriesDataTests/BadFiles/\(file)")
    switch reader {
    case .tidy:
        _ = try TidyCSV.read(url: url, columns: TidyColumns(period: "month", value: "count", keys: ["area"]),
                             valueKind: .count, policy: .strict)
    case .tidyDetect: _ = try TidyCSV.read(url: url, policy: .strict)
    case .police: _ = try PoliceUKStreet.read(url: url, by: .localAuthority, policy: .strict)
    case .ons: _ = try ONSRecordedCrime.read(url: url, policy: .strict)
    case .fingertips: _ = try FingertipsExport.read(url: url, policy: .strict)
    case .wide: _ = try WideCSV.read(url: url, policy: .strict)
    case .ees: _ = try EESOpenData.read(url: url, value: "Alcohol_Misuse_parent", keys: ["new_la_code"], valueKind: .count, policy: .strict)
    }
}

@Suite struct BadFileTests {
    @Test func corpusHasAtLeast25FilesAndEveryFileIsTested() throws {
        let dir = TestSupport.repoRoot.appendingPathComponent("Tests/SeriesDataTests/BadFiles")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".csv") }.sorted()
        #expect(files.count >= 25)
        #expect(files == badFileCases.map(\.file).sorted())
    }

    @Test(arguments: badFileCases.indices)
    func badFileGivesItsMessage(_ i: Int) {
        let c = badFileCases[i]
        do {
            try readBad(c.file, c.reader)
            Issue.record("\(c.file) was read without error")
        } catch {
            #expect(error.description == c.message, "\(c.file)")
        }
    }

    /// In the default `.reject` mode the same row errors are counted, not thrown:
    /// rows read = used + rejected, by reason, with examples.
    @Test func rejectModeCountsEveryBadRow() throws {
        let text = "month,area,count\n2019-01,A,1\n2019-02,A,x\n2019-13,A,3\n2019-03,A,NaN\n2019-01,A,9\n2019-04,A\n2019 Q3,A,1\n2019-06,A,-2\n2019-07,B,\n2019-09,A,4\n"
        let reader = CSVReader(bytes: Array(text.utf8), name: "mixed.csv")
        let (panel, a) = try TidyCSV.read(reader, columns: TidyColumns(period: "month", value: "count", keys: ["area"]),
                                          valueKind: .count)
        #expect(a.rowsRead == 10 && a.rowsUsed == 3 && a.rowsRejected == 7 && a.balances)
        #expect(a.rejectedCount("invalid 'count'") == 2)
        #expect(a.rejectedCount("invalid 'month'") == 1)
        #expect(a.rejectedCount("duplicate period") == 1)
        #expect(a.rejectedCount("wrong number of fields") == 1)
        #expect(a.rejectedCount("mixed frequency") == 1)
        #expect(a.rejectedCount("negative count") == 1)
        #expect(a.flaggedCount("missing value") == 1)
        #expect(a.frequencies == [.month: 7, .quarter: 1])  // 2019-13 and the short row never reach period parsing
        #expect(a.rejected.first { $0.reason == "invalid 'count'" }!.examples.map(\.line) == [3, 5])
        #expect(panel["A"]?.observations == [1, nil, nil, nil, nil, nil, nil, nil, 4])
        #expect(a.gapCount == 1 && a.gaps[0].from == .month(2019, 2) && a.gaps[0].to == .month(2019, 8))
        #expect(a.description.contains("rows read 10 = used 3 + rejected 7"))
        #expect(a.description.contains("MIXED FREQUENCIES: monthly: 7 rows, quarterly: 1 rows"))
    }
}
