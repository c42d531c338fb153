// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
@testable import Indicators
import SeriesData
import _TestSupport

/// Issue 19 items 2 and 6: comparing a Fingertips extract of published values (no counts), ranks
/// and quintiles, readable breakdowns, and funnel defaults.
@Suite struct WhereDoWeSitTests {
    static let lape = try! IndicatorFile.read(url: TestSupport.dataURL("fingertips_lape/alcohol_related_admissions.csv"))

    @Test func publishedExtractIsRead() {
        let c = Self.lape
        #expect(c.layout == .published)
        #expect(c.rows.count == 3280 && c.account.rowsRejected == 0)
        let stoke = c.rows.first { $0.areaName == "Stoke-on-Trent" && $0.period == "2017/18" }!
        #expect(stoke.publishedValue == 947 && stoke.count == nil && stoke.publishedComparison == "Worse")
        #expect(stoke.breakdownText == "Alcohol related admissions (narrow measure), Standardised rate per 100,000, Persons")
    }

    @Test func comparisonUsesPublishedSignificanceAndRanks() throws {
        let t = try BenchmarkComparisonTable.compare(Self.lape.rows, benchmark: "England")
        let stoke = t.rows.filter { $0.areaName == "Stoke-on-Trent" }
        #expect(stoke.count == 10)
        // SOURCE.md: every Stoke-on-Trent year is published as Worse; England 2017/18 is 632.
        #expect(stoke.allSatisfy { $0.category == .worse && $0.basis == .publishedSignificance })
        let latest = stoke.first { $0.period == "2017/18" }!
        #expect(latest.value == 947 && latest.benchmarkValue == 632)
        // The rank is the number of areas with a strictly lower rate, plus one (low is good).
        let peers = t.rows.filter { $0.period == "2017/18" && $0.value != nil }
        let lower = peers.filter { $0.value! < 947 }.count
        #expect(latest.rank == lower + 1 && latest.rankedAreas == peers.count)
        // 328 areas less England, less the areas published as "NA" that year.
        let na = Self.lape.rows.filter { $0.period == "2017/18" && $0.publishedValue == nil }.count
        #expect(peers.count == 327 - na && na > 0)
        expectClose(latest.percentile!, 100 * Double(peers.count - lower - 1) / Double(peers.count - 1), rtol: 1e-12)
        #expect(latest.quintile == Int((5 * Double(lower + 1) / Double(peers.count)).rounded(.up)))
        // Every published label is reproduced (the published extract's own comparisons).
        let labelled = t.rows.filter { $0.publishedComparison != nil && $0.publishedComparison != "Not compared" }
        #expect(labelled.allSatisfy { $0.category.rawValue == $0.publishedComparison })
        // Against another area the published labels do not apply: not compared, but still ranked.
        let other = try BenchmarkComparisonTable.compare(Self.lape.rows, benchmark: "Stoke-on-Trent")
        #expect(other.rows.allSatisfy { $0.category == .notCompared })
        #expect(other.rows.contains { $0.rank == 1 })
    }

    @Test func publishedLimitsAreUsedWhenPresent() throws {
        let text = """
        area,period,value,lower,upper
        England,2020,100,99,101
        A,2020,120,110,130
        B,2020,104,96,112
        C,2020,80,75,85
        """
        let c = try IndicatorFile.parse(text, path: "published.csv")
        let t = try BenchmarkComparisonTable.compare(c.rows, benchmark: "England")
        #expect(t.rows.map(\.category) == [.worse, .similar, .better])
        #expect(t.rows.allSatisfy { $0.basis == .publishedInterval })
        #expect(t.rows.map(\.rank) == [3, 2, 1])
        #expect(t.rows.map(\.quintile) == [5, 4, 2])
    }

    @Test func fingertipsBreakdownHasAName() throws {
        let c = try IndicatorFile.read(url: TestSupport.dataURL("fingertips_format_fixture/indicators-CountyUA.data.csv"))
        let r = c.rows.first { $0.breakdown == "93356 | Persons | All ages |  | " }!
        #expect(r.breakdownLabel == "Campylobacter incidence rate/100,000, Persons, All ages")
    }

    @Test func funnelLeavesOutAggregatesAndWarnsOfOverdispersion() throws {
        let c = try IndicatorFile.read(url: TestSupport.dataURL("fingertips_format_fixture/indicators-CountyUA.data.csv"))
        let rows = c.rows.filter { $0.period == "2016" && $0.breakdown == "93356 | Persons | All ages |  | " }
        let aggregates = rows.filter(\.isAggregateArea)
        #expect(aggregates.contains { $0.areaName == "England" })
        #expect(aggregates.allSatisfy { $0.areaType == "Country" || $0.areaType == "Region" })
        #expect(!rows.filter { $0.areaType == "County & UA" }.contains { $0.isAggregateArea })
        let pts = rows.filter { !$0.isAggregateArea }.compactMap { r in
            r.count.flatMap { c in r.denominator.map { FunnelPlot.Point(area: r.areaName, numerator: c, denominator: $0) } }
        }
        let plain = try FunnelPlot.analyse(pts, statistic: .rate)
        // Campylobacter rates vary far more between areas than Poisson counts allow.
        #expect(20 * plain.outside998 > pts.count)
        let advice = try #require(plain.overdispersionAdvice())
        #expect(advice.contains("\(plain.outside998) of \(pts.count) areas") && advice.contains("--overdispersion"))
        let adjusted = try FunnelPlot.analyse(pts, statistic: .rate, adjustForOverdispersion: true)
        #expect(adjusted.overdispersionAdjusted && adjusted.overdispersionAdvice() == nil)
    }
}
