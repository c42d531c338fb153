// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
import _TestSupport
@testable import Outcomes
import SeriesData

/// Issue 19 item 9: a DfE "reporting year 2018" is the year ending 31 March 2018 = 2017/18, and
/// `year_ending_march: true` on such a series is a spec error, not a crash.
struct YearEndingMarchTests {
    @Test func dfeReportingYearIsTheFinancialYearEndingThatMarch() throws {
        #expect(try EESOpenData.period(timePeriod: "2018", identifier: "Reporting year").get() == .financialYear(startingIn: 2017))
        #expect("\(try EESOpenData.period(timePeriod: "2020", identifier: "Reporting year").get())" == "2019/20")
    }

    @Test func yearEndingMarchOnAFinancialYearSeriesIsAnErrorNamingTheKey() throws {
        let url = TestSupport.repoRoot.appendingPathComponent("models/outcomes/children-parental-substance-misuse-stoke.yaml")
        var spec = try OutcomeSpec.load(url: url)
        spec.series.yearEndingMarch = true
        let engine = ProjectionEngine(root: TestSupport.repoRoot)
        do {
            _ = try engine.assess(spec)
            Issue.record("expected an error")
        } catch {
            let m = error.description
            #expect(m.hasPrefix(url.path + ": key 'series.year_ending_march': year_ending_march picks the years ending March out of quarterly rolling 12-month totals (ONS)"))
            #expect(m.contains("already years ending 31 March (e.g. a DfE reporting year 2018 is 2017/18); remove year_ending_march"))
        }
        // The peers go through the same check.
        do {
            _ = try SeriesLoader.loadPeers(spec.series, peers: spec.series.peers!, benchmark: spec.benchmark,
                                           root: TestSupport.repoRoot, sources: SourceCache(), spec: spec.file)
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("key 'series.year_ending_march'"))
        }
    }
}
