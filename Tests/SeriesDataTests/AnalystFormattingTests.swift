// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
@testable import SeriesData
import _TestSupport

/// Issue 19 items 5 and 7: numbers for people, and ingest's key guessing, count column and table.
@Suite struct NumberFormattingTests {
    @Test func thousandsAreAlwaysSeparated() {
        #expect(NumberFormatting.decimal(356_041, decimals: 0) == "356,041")
        #expect(NumberFormatting.decimal(8000, decimals: 0) == "8,000")
        #expect(NumberFormatting.decimal(999, decimals: 0) == "999")
        #expect(NumberFormatting.decimal(-1_234_567.891, decimals: 2) == "-1,234,567.89")
        #expect(NumberFormatting.decimal(-0.04, decimals: 1) == "0.0")
        #expect(NumberFormatting.decimal(.nan, decimals: 1) == "–")
        #expect(NumberFormatting.decimal(nil, decimals: 1) == "–")
        // Axis ticks: 14,000 / 12,000 / 10,000 / 8,000 alike.
        #expect([14_000.0, 12_000, 10_000, 8000].map(NumberFormatting.axis) == ["14,000", "12,000", "10,000", "8,000"])
        #expect(NumberFormatting.axis(2.5) == "2.5")
        #expect(NumberFormatting.axis(0.25) == "0.25")
    }

    @Test func decimalsSuitTheMeasure() {
        #expect(NumberFormatting.decimals(for: [1197.8, 1384.22, 950.5]) == 0)   // rates in the hundreds
        #expect(NumberFormatting.decimals(for: [12, 1255, 980]) == 0)            // counts
        #expect(NumberFormatting.decimals(for: [20.5, 18.25, 22.125]) == 1)      // percentages
        #expect(NumberFormatting.decimals(for: [0.123, 0.5]) == 3)
        #expect(NumberFormatting.value(1384.22, column: [1197.8, 1384.22]) == "1,384")
    }

    @Test func probabilitiesAndChanges() {
        #expect(NumberFormatting.percent(probability: 0.42) == "42%")
        #expect(NumberFormatting.percent(probability: 0.003) == "<1%")
        #expect(NumberFormatting.percent(probability: 0.998) == ">99%")
        #expect(NumberFormatting.percent(probability: 0) == "0%")
        #expect(NumberFormatting.percent(probability: 1) == "100%")
        #expect(NumberFormatting.signedPercent(2.4) == "+2%")
        #expect(NumberFormatting.signedPercent(-1.2) == "-1%")
        #expect(NumberFormatting.signedPercent(0.2) == "0%")
        #expect(NumberFormatting.count(1, "consecutive observation") == "1 consecutive observation")
        #expect(NumberFormatting.count(1200, "row") == "1,200 rows")
    }
}

@Suite struct IngestKeyGuessTests {
    /// The LAPE extract: 328 areas × 10 years with a `significance` column (Better / Similar /
    /// Worse) that changes from year to year. It is a row attribute, not a key.
    @Test func significanceIsNotAKey() throws {
        var o = IngestOptions(format: .tidy)
        o.counts = false
        let (panel, account) = try ingest(url: TestSupport.dataURL("fingertips_lape/alcohol_related_admissions.csv"), options: o)
        #expect(!panel.keyColumns.contains("significance"), "\(account.notes)")
        #expect(panel.keyColumns.contains("area_code"))
        #expect(panel.count == 328)
        #expect(account.rowsUsed == 3280)
        let stoke = panel.allSeries.first { $0.key.contains("Stoke-on-Trent") }!.series
        #expect(stoke.observations.compactMap { $0 } == [855, 854, 833, 870, 997, 983, 992, 1058, 928, 947])
    }

    @Test func namedPeriodAndValueAlsoDropAttributes() {
        let sample = [["area", "period", "value", "significance"],
                      ["A", "2016", "1", "Worse"], ["A", "2017", "2", "Worse"],
                      ["B", "2016", "3", "Similar"], ["B", "2017", "4", "Similar"]]
        // Constant within each area in this sample, but named as an attribute: still not a key.
        #expect(TidyCSV.detectKeyColumns(sample: sample, period: "period", value: "value").0 == ["area"])
        // A real second key (crime type) stays.
        let keyed = [["area", "crime_type", "period", "value"],
                     ["A", "ASB", "2016", "1"], ["A", "Theft", "2016", "2"], ["A", "ASB", "2017", "3"], ["A", "Theft", "2017", "4"]]
        #expect(TidyCSV.detectKeyColumns(sample: keyed, period: "period", value: "value").0 == ["area", "crime_type"])
    }

    @Test func countsAreNamedCountAndTabledWithTotals() throws {
        var o = IngestOptions(format: .policeuk)
        o.by = .crimeType
        #expect(o.valuesAreCounts)
        let (panel, _) = try ingest(url: TestSupport.dataURL("policeuk_staffordshire/raw_sample_stoke_2019-01_street.csv"), options: o)
        #expect(panel.tidyCSV(valueColumn: "count").hasPrefix(panel.keyColumns.joined(separator: ",") + ",period,count\n"))
        let table = panel.summaryTable(totals: true)
        let total = panel.values.reduce(0, +)
        let lastLine = table.split(separator: "\n").last!
        #expect(lastLine.hasPrefix("Total"))
        #expect(lastLine.hasSuffix(NumberFormatting.decimal(total, decimals: 0)), "\(table)")
        #expect(table.contains("Anti-social behaviour"))
        #expect(!IngestOptions(format: .fingertips).valuesAreCounts)
    }
}
