// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Distributions
import Testing
import _TestSupport
@testable import Indicators
import SeriesData

/// The Safer City Partnership Strategy 2017-20's own England comparisons, as worked examples
/// (docs/Indicators.md). Expected numbers come from make_reference.py (scipy), not from this
/// module.
@Suite("seed strategy worked examples")
struct SeedExampleTests {
    @Test("smallest cohort at which each '% vs England %' claim becomes significant")
    func smallestCohorts() {
        for c in ReferenceTests.cases("seedSmallestCohort") {
            let n = Proportion.smallestSignificantSize(proportion: ReferenceTests.d(c, "p"),
                                                       benchmark: ReferenceTests.d(c, "benchmark"),
                                                       level: ReferenceTests.level(c))
            #expect(n == Int(ReferenceTests.d(c, "n")), "\(c["claim"]!)")
        }
        // "juvenile reoffending 36% … statistically similar to the England rate (38%)":
        // similar for any cohort below 2,263 young people at 95%.
        #expect(Proportion.smallestSignificantSize(proportion: 0.36, benchmark: 0.38) == 2263)
    }

    @Test("prison leavers: 113 of 305 engaged (37%) vs 30% nationally")
    func prisonLeavers() throws {
        for c in ReferenceTests.cases("seedPrisonLeavers") {
            let lv = ReferenceTests.level(c)
            let e = try Proportion.estimate(successes: 113, trials: 305, level: lv, multiplier: 1)
            #expect(ReferenceTests.close(e.lower, ReferenceTests.d(c, "lower")))
            #expect(ReferenceTests.close(e.upper, ReferenceTests.d(c, "upper")))
            let cat = BenchmarkComparison.classify(e, benchmark: 0.30, polarity: .highIsGood)
            // Better at 95% (lower limit 31.8% > 30%), similar at 99.8% (lower limit 29.0%).
            #expect(cat == (lv == .p95 ? .better : .similar))
        }
    }

    @Test("drug-misuse deaths: 58 in 2013-15 vs England 4 per 100,000")
    func drugDeaths() throws {
        for c in ReferenceTests.cases("seedDrugDeaths") {
            let lv = ReferenceTests.level(c)
            let e = try CrudeRate.estimate(count: 58, denominator: 3 * 251_648, level: lv)
            #expect(ReferenceTests.close(e.value, ReferenceTests.d(c, "value")))
            #expect(ReferenceTests.close(e.lower, ReferenceTests.d(c, "lower"), rtol: 1e-10))
            #expect(ReferenceTests.close(e.upper, ReferenceTests.d(c, "upper"), rtol: 1e-10))
            // Byar's method for 58 (≥ 10) under the PHE rule; within 1e-3 of the exact limits.
            #expect(e.method == .byar)
            let x = try CrudeRate.estimate(count: 58, denominator: 3 * 251_648, level: lv, method: .exact)
            #expect(ReferenceTests.close(x.lower, ReferenceTests.d(c, "exactLower"), rtol: 1e-10))
            #expect(ReferenceTests.close(x.upper, ReferenceTests.d(c, "exactUpper"), rtol: 1e-10))
            #expect(BenchmarkComparison.classify(e, benchmark: 4, polarity: .lowIsGood) == .worse)
        }
    }
}

@Suite("errors and edge cases")
struct EdgeCaseTests {
    @Test func badInputsThrowNamedErrors() {
        #expect(throws: IndicatorsError.numeratorExceedsDenominator(numerator: 11, denominator: 10)) {
            try Proportion.wilson(successes: 11, trials: 10, level: .p95)
        }
        #expect(throws: IndicatorsError.invalidCount(-1, field: "count")) {
            try CrudeRate.estimate(count: -1, denominator: 10)
        }
        #expect(throws: IndicatorsError.invalidDenominator(0, field: "denominator")) {
            try CrudeRate.estimate(count: 1, denominator: 0)
        }
        #expect(throws: IndicatorsError.lengthMismatch(expected: 19, got: 5, what: "DSR counts vs ESP2013 bands")) {
            try DirectlyStandardisedRate.estimate(counts: [1, 2, 3, 4, 5], populations: [1, 1, 1, 1, 1])
        }
        #expect(throws: IndicatorsError.notEnoughData(required: 2, got: 1, statistic: "mean with t interval")) {
            try Mean.estimate([3])
        }
    }

    @Test("proportions 0 and 1 give exact endpoints")
    func extremes() throws {
        let zero = try Proportion.wilson(successes: 0, trials: 50, level: .p998)
        #expect(zero.lower == 0 && zero.upper > 0)
        let one = try Proportion.wilson(successes: 50, trials: 50, level: .p998)
        #expect(one.upper == 1 && one.lower < 1)
        let none = try CrudeRate.estimate(count: 0, denominator: 1000, level: .p95)
        #expect(none.lower == 0 && none.method == .exactPoisson)
        // −log(0.025) = 3.6889 events: the exact upper limit for a zero count.
        #expect(abs(none.upper / 100_000 * 1000 - (-log(0.025))) < 1e-12)
    }

    @Test("tidy files: header in any order, bad rows counted or thrown with file, line and field")
    func tidyReader() throws {
        let good = "period,area,denominator,count\n2020,A,1000,30\n2020,England,100000,900\n2020,B,2000,\n"
        let c = try IndicatorFile.parse(good, path: "t.csv")
        #expect(c.layout == .tidy && c.account.rowsRead == 3 && c.account.rowsUsed == 3 && c.missingCounts == 1)
        let t = try BenchmarkComparisonTable.compare(c.rows, benchmark: "England", polarity: .lowIsGood)
        #expect(t.rows.map(\.category) == [.worse, .notCompared])   // A: 3,000 (CI 2,024–4,283) vs England 900 per 100,000
        let bad = "area,period,count,denominator\nA,2020,twelve,1000\nB,2020,3,1000\n"
        let r = try IndicatorFile.parse(bad, path: "t.csv")
        #expect(r.account.rowsRead == 2 && r.account.rowsUsed == 1 && r.account.rowsRejected == 1 && r.account.balances)
        #expect(throws: IndicatorsError.data(.invalidField(SourceLocation(file: "t.csv", line: 2, column: 3, field: "count"),
                                                          value: "twelve", expected: "a number or empty"))) {
            try IndicatorFile.parse(bad, path: "t.csv", policy: .strict)
        }
        #expect(throws: IndicatorsError.self) {
            try IndicatorFile.parse("area,period,count\nA,1,2\n", path: "t.csv")
        }
    }
}

/// A full-size comparison (every English area, ten years, five indicators). Only the results are
/// asserted: speed is measured by benchmarks beside the peer, never by a timed unit test (the
/// elapsed time is printed for information).
@Suite("size")
struct SpeedTests {
    @Test("326 areas x 10 years x 5 indicators compared with England")
    func benchmark() throws {
        // Hand-made synthetic inputs (counts/denominators of realistic size; not real data).
        var rows: [IndicatorRow] = []
        var seed: UInt64 = 20_261_125
        func next() -> Double { seed = seed &* 6364136223846793005 &+ 1442695040888963407; return Double(seed >> 11) / Double(1 << 53) }
        for ind in 0..<5 {
            for year in 2010..<2020 {
                rows.append(IndicatorRow(areaCode: "E92000001", areaName: "England", period: "\(year)", breakdown: "ind\(ind)",
                                         count: 50_000, denominator: 56_000_000))
                for a in 0..<326 {
                    let pop = 20_000 + 500_000 * next()
                    rows.append(IndicatorRow(areaCode: "A\(a)", areaName: "Area \(a)", period: "\(year)", breakdown: "ind\(ind)",
                                             count: (pop * 0.0009 * (0.5 + next())).rounded(), denominator: pop.rounded()))
                }
            }
        }
        let clock = ContinuousClock()
        var table: BenchmarkComparisonTable?
        let elapsed = try clock.measure {
            table = try BenchmarkComparisonTable.compare(rows, benchmark: "England", method: .pheRate, polarity: .lowIsGood)
        }
        let n = table!.rows.count
        print("compared \(n) area-year-indicator rows with England in \(elapsed) (debug build)")
        #expect(n == 16_300)
        #expect(table!.rows.allSatisfy { $0.category != .notCompared })
    }
}

@Suite("standardised comparison table")
struct StandardisedTableTests {
    @Test("DSR table from a tidy file with ESP2013 age bands (hand-made inputs)")
    func dsrTable() throws {
        // Hand-made, labelled synthetic inputs: two areas and a benchmark, 19 bands each.
        let bands = StandardPopulation.esp2013.bands
        var text = "area,period,age_band,count,denominator\n"
        for (area, scale) in [("England", 1.0), ("High", 2.0), ("Tiny", 0.0)] {
            for (i, b) in bands.enumerated() {
                let pop = 10_000 + 500 * i
                let count = area == "Tiny" ? (i == 18 ? 3 : 0) : Int((Double(5 + 2 * i) * scale).rounded())
                text += "\(area),2020,\(b),\(count),\(pop)\n"
            }
        }
        let c = try IndicatorFile.parse(text, path: "dsr.csv")
        let t = try BenchmarkComparisonTable.compareStandardised(c.rows, ageBands: try #require(c.ageBands), benchmark: "England")
        #expect(t.rows.count == 2)
        let high = try #require(t.rows.first { $0.areaName == "High" })
        let direct = try DirectlyStandardisedRate.estimate(
            counts: bands.indices.map { Double(Int((Double(5 + 2 * $0) * 2).rounded())) },
            populations: bands.indices.map { Double(10_000 + 500 * $0) })
        #expect(high.estimate == direct)
        #expect(high.category == .worse)
        // Total count 3 < 10: not published, so not compared.
        #expect(t.rows.first { $0.areaName == "Tiny" }?.category == .notCompared)
        #expect(t.rows.first { $0.areaName == "Tiny" }?.estimate == nil)
    }
}

@Suite("trend wording")
struct TrendWordingTests {
    @Test("Fingertips recent-trend markers from the χ² trend test")
    func markers() throws {
        // Reference case 4 (make_reference.py): 90, 80, 77, 61, 50 of 300 each — χ² = 17.98, p = 2.2e-5.
        let down = try TrendTest.chiSquaredLinear(events: [90, 80, 77, 61, 50], totals: [300, 300, 300, 300, 300])
        #expect(down.direction == .decreasing && down.points == 5)
        #expect(down.fingertipsMarker(polarity: .lowIsGood) == "Decreasing and getting better")
        #expect(down.fingertipsMarker(polarity: .highIsGood) == "Decreasing and getting worse")
        #expect(down.fingertipsMarker(polarity: .none) == "Decreasing")
        // Only the most recent 5 points are used: a sixth, older point does not change the result.
        let six = try TrendTest.chiSquaredLinear(events: [10, 90, 80, 77, 61, 50], totals: [300, 300, 300, 300, 300, 300])
        #expect(six.statistic == down.statistic && six.points == 5)
        // Reference case 2: 52 … 88 of ~1,000 — χ² = 9.62, p = 0.0019: significant at 5% but not at
        // the recent-trend level of 0.1%.
        let mild = try TrendTest.chiSquaredLinear(events: [52, 61, 70, 66, 88], totals: [1000, 1010, 1020, 990, 1005])
        #expect(mild.direction == .noSignificantChange)
        #expect(mild.fingertipsMarker(polarity: .lowIsGood) == "No significant change")
        let mild5 = try TrendTest.chiSquaredLinear(events: [52, 61, 70, 66, 88], totals: [1000, 1010, 1020, 990, 1005], significance: 0.05)
        #expect(mild5.direction == .increasing)
    }
}
