// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Distributions
import Testing
import _TestSupport
@testable import Indicators

/// The real oracle: a genuine Fingertips export (Campylobacter incidence per 100,000, County &
/// UA, 2015–2017; notebooks-data/fingertips_format_fixture). Every published Value, 95% limit
/// and "Compared to England" category is recomputed from Count and Denominator.
@Suite("Fingertips export oracle")
struct FingertipsOracleTests {
    static let contents: IndicatorFile.Contents = {
        do {
            return try IndicatorFile.read(url: TestSupport.dataURL("fingertips_format_fixture/indicators-CountyUA.data.csv"))
        } catch {
            preconditionFailure("fixture unreadable: \(error)")
        }
    }()

    /// The method the publisher used, found from the numbers (see docs/Indicators.md):
    /// exact Poisson (χ²) limits for "All ages", Byar's method with z = 1.96 for "0-9 yrs".
    static func publishedMethod(_ r: IndicatorRow) -> IndicatorMethod {
        r.breakdown.contains("| 0-9 yrs |") ? .rate(.byar, criticalValue: .roundedToTwoDecimals) : .exact
    }

    @Test("file account: 852 records, 10 without counts (combined areas)")
    func account() {
        let c = Self.contents
        #expect(c.layout == .fingertips)
        #expect(c.account.rowsRead == 852)
        #expect(c.account.rowsUsed == 852)
        #expect(c.account.balances)
        #expect(c.missingCounts == 10)
        let missing = c.rows.filter { $0.count == nil }
        #expect(Set(missing.map(\.areaName)) == ["Isles of Scilly", "City of London"])
    }

    @Test("every published Value and 95% limit reproduced to 1e-6 relative")
    func valuesAndLimits() throws {
        var matched = 0, total = 0, worst = 0.0
        var failures: [String] = []
        for r in Self.contents.rows {
            guard let c = r.count, let d = r.denominator, let v = r.publishedValue else { continue }
            let e = try Self.publishedMethod(r).estimate(count: c, denominator: d, level: .p95, multiplier: 100_000)
            var errs = [TestSupport.relativeError(e.value, v)]
            if let l = r.publishedLower95, let u = r.publishedUpper95 {
                errs += [TestSupport.relativeError(e.lower, l), TestSupport.relativeError(e.upper, u)]
            }
            let err = errs.max()!
            total += 1
            worst = TestSupport.worse(worst, err)
            if err <= 1e-6 { matched += 1 } else { failures.append("line \(r.line) \(r.areaName) \(r.period): rel err \(err)") }
        }
        let withLimits = Self.contents.rows.filter { $0.publishedLower95 != nil }.count
        print("Fingertips fixture values+95% limits: matched \(matched)/\(total) rows (\(withLimits) with published limits), worst relative error \(worst)")
        #expect(total == 842)   // 852 records − 10 combined-area rows without Count/Value
        #expect(withLimits == 755)
        #expect(matched == total, "\(failures.prefix(5))")
    }

    @Test("every 'Compared to England' category reproduced (Fingertips rule, low is good)")
    func comparisons() throws {
        let rows = Self.contents.rows
        var matched = 0, total = 0
        var tally: [String: Int] = [:]
        var failures: [String] = []
        // England value per period and breakdown, recomputed from its own Count/Denominator.
        var england: [String: Double] = [:]
        for r in rows where r.areaName == "England" {
            if let c = r.count, let d = r.denominator {
                england[r.period + "|" + r.breakdown] = try Self.publishedMethod(r)
                    .estimate(count: c, denominator: d, level: .p95, multiplier: 100_000).value
            }
        }
        for r in rows where r.areaType == "County & UA" {
            total += 1
            let published = r.publishedComparison ?? ""
            tally[published, default: 0] += 1
            var mine = ComparisonCategory.notCompared
            if let c = r.count, let d = r.denominator, let b = england[r.period + "|" + r.breakdown] {
                let e = try Self.publishedMethod(r).estimate(count: c, denominator: d, level: .p95, multiplier: 100_000)
                mine = BenchmarkComparison.classify(e, benchmark: b, polarity: .lowIsGood)
            }
            if mine.rawValue == published { matched += 1 } else { failures.append("line \(r.line) \(r.areaName): \(mine) vs \(published)") }
        }
        print("Fingertips fixture 'Compared to England': matched \(matched)/\(total) County & UA rows; published tally \(tally.sorted { $0.key < $1.key })")
        #expect(tally == ["Better": 283, "Worse": 247, "Similar": 220, "Not compared": 10])
        #expect(matched == total, "\(failures.prefix(5))")
    }

    @Test("the library's table API reproduces the same categories, with method detection")
    func tableWithDetection() throws {
        let table = try BenchmarkComparisonTable.compare(Self.contents.rows, benchmark: "England", polarity: .lowIsGood)
        let counties = table.rows.filter { $0.areaType == "County & UA" }
        let agree = counties.filter { $0.category.rawValue == $0.publishedComparison }.count
        print("table API with auto method: \(agree)/\(counties.count); methods: \(table.methods.sorted { $0.key < $1.key })")
        #expect(counties.count == 760)
        #expect(agree == 760)
        // Detection finds what we found by hand.
        let allAges = Self.contents.rows.filter { $0.breakdown == "93356 | Persons | All ages |  | " }
        let young = Self.contents.rows.filter { $0.breakdown == "93356 | Persons | 0-9 yrs |  | " }
        let a = try #require(MethodDetection.rank(allAges).first)
        let y = try #require(MethodDetection.rank(young).first)
        #expect(a.method == .exact && a.multiplier == 100_000 && a.matched == a.checked && a.checked == 453)
        #expect(y.method == .rate(.byar, criticalValue: .roundedToTwoDecimals) && y.matched == y.checked && y.checked == 302)
        // And that the alternatives really do not fit (this is what makes the finding informative).
        let byarExactZ = try #require(MethodDetection.rank(young).first { $0.method == .byar })
        #expect(byarExactZ.matched < 10 && byarExactZ.maxRelativeError > 1e-4)
        let pheOnAllAges = try #require(MethodDetection.rank(allAges).first { $0.method == .pheRate })
        #expect(pheOnAllAges.matched < 100 && pheOnAllAges.maxRelativeError > 1e-4)
    }

    @Test("every 'Compared to Region' category reproduced (each area against its parent region)")
    func regionComparisons() throws {
        let table = try BenchmarkComparisonTable.compare(Self.contents.rows, benchmark: BenchmarkComparisonTable.parentBenchmark,
                                                         polarity: .lowIsGood)
        let counties = table.rows.filter { $0.areaType == "County & UA" }
        var tally: [String: Int] = [:]
        for r in counties { tally[r.publishedComparison ?? "", default: 0] += 1 }
        let agree = counties.filter { $0.category.rawValue == $0.publishedComparison }.count
        print("Fingertips fixture 'Compared to Region': matched \(agree)/\(counties.count) County & UA rows; published tally \(tally.sorted { $0.key < $1.key })")
        #expect(tally == ["Better": 142, "Worse": 134, "Similar": 174, "Not compared": 310])
        #expect(agree == 760)
    }

    @Test("Stoke-on-Trent 2015 worked example")
    func stoke() throws {
        let r = try #require(Self.contents.rows.first { $0.areaName == "Stoke-on-Trent" && $0.period == "2015" && $0.breakdown.contains("All ages") })
        let e = try CrudeRate.estimate(count: 314, denominator: 251_648, level: .p95, method: .exact)
        #expect(TestSupport.relativeError(e.value, 124.777467) < 1e-8)
        #expect(TestSupport.relativeError(e.lower, try #require(r.publishedLower95)) < 1e-6)
        #expect(TestSupport.relativeError(e.upper, try #require(r.publishedUpper95)) < 1e-6)
        #expect(BenchmarkComparison.classify(e, benchmark: 94.7261896202678, polarity: .lowIsGood) == .worse)
        #expect(BenchmarkComparison.classify(e, benchmark: 94.7261896202678, polarity: .none) == .higher)
        #expect(BenchmarkComparison.classify(e, benchmark: 94.7261896202678, polarity: .highIsGood) == .better)
    }
}
