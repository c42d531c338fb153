// SPDX-License-Identifier: GPL-3.0-or-later
import Testing
@testable import SeriesData

@Suite struct PeriodTests {
    @Test func parsesEverySourceForm() throws {
        let cases: [(String, Period, PeriodForm)] = [
            ("2017-03", .month(2017, 3), .yearMonth),
            ("Mar-17", .month(2017, 3), .monthNameYear),
            ("mar-99", .month(1999, 3), .monthNameYear),
            ("March 2017", .month(2017, 3), .monthNameYear),
            ("Sep-2019", .month(2019, 9), .monthNameYear),
            ("2016/17", .financialYear(startingIn: 2016), .financialYear),
            ("1999/00", .financialYear(startingIn: 1999), .financialYear),
            ("2016/2017", .financialYear(startingIn: 2016), .financialYear),
            ("2017 Q1", .quarter(2017, 1), .quarter),
            ("2017Q4", .quarter(2017, 4), .quarter),
            ("Q2 2017", .quarter(2017, 2), .quarter),
            ("2017", .calendarYear(2017), .year),
            ("31-03-2003", .day(2003, 3, 31), .dayMonthYear),
            ("29/02/2016", .day(2016, 2, 29), .dayMonthYear),
            ("2017-03-31", .day(2017, 3, 31), .isoDate),
            ("2020-W53", .isoWeek(2020, 53), .isoWeek),
            ("  2019-01 ", .month(2019, 1), .yearMonth),
        ]
        for (text, period, form) in cases {
            let parsed = try #require(Period.parse(text), "\(text)")
            #expect(parsed.0 == period, "\(text)")
            #expect(parsed.1 == form, "\(text)")
        }
    }

    @Test func rejectsImpossiblePeriods() {
        for bad in ["2017-13", "2017-00", "30-02-2003", "2016/18", "2017 Q5", "2021-W53", "Mrz-17", "17", "", "2017-3",
                    "31-13-2003", "2019-02-29", "NaN", "2017-03-31T00:00"] {
            #expect(Period.parse(bad) == nil, "\(bad)")
        }
        #expect(throws: SeriesDataError.self) { try Period(parsing: "2017-13") }
        do {
            _ = try Period(parsing: "Smarch-17")
        } catch {
            #expect(error.description == "period \"Smarch-17\" is not recognised; expected \(PeriodForm.allFormsDescription)")
        }
    }

    @Test func canonicalFormattingRoundTrips() throws {
        let ps: [Period] = [.month(2017, 3), .quarter(2017, 1), .calendarYear(2017), .financialYear(startingIn: 2016),
                            .financialYear(startingIn: 1999), .isoWeek(2009, 1), .day(2003, 3, 31)]
        #expect(ps.map(\.description) == ["2017-03", "2017 Q1", "2017", "2016/17", "1999/00", "2009-W01", "2003-03-31"])
        for p in ps { #expect(try Period(parsing: p.description) == p) }
    }

    @Test func financialYearRule() {
        #expect(FinancialYear(containing: Month(year: 2017, month: 3)) == FinancialYear(startingIn: 2016))
        #expect(FinancialYear(containing: Month(year: 2017, month: 4)) == FinancialYear(startingIn: 2017))
        #expect(FinancialYear(containing: Month(year: 2017, month: 12)).description == "2017/18")
        #expect(FinancialYear(containing: Day(year: 2003, month: 3, day: 31)).description == "2002/03")
        #expect(FinancialYear(containing: Day(year: 2003, month: 4, day: 1)).description == "2003/04")
        let fy = FinancialYear(startingIn: 2016)
        #expect(fy.months.first == Month(year: 2016, month: 4) && fy.months.last == Month(year: 2017, month: 3))
        #expect(fy.period.dayCount == 365)
        #expect(FinancialYear(startingIn: 2015).period.dayCount == 366)  // includes 29 Feb 2016
        #expect(Quarter(containing: Month(year: 2017, month: 5)).description == "2017 Q2")
        // Financial-year quarters: calendar Q2 (Apr–Jun) is the first quarter of the FY.
        #expect(Period.quarter(2017, 2).containing(in: .financialYear) == .financialYear(startingIn: 2017))
        #expect(Period.quarter(2018, 1).containing(in: .financialYear) == .financialYear(startingIn: 2017))
    }

    @Test func isoWeeksMatchISO8601() {
        // Known ISO 8601 week dates.
        #expect(ISOWeek(containing: Day(year: 2008, month: 12, day: 29)).description == "2009-W01")
        #expect(ISOWeek(containing: Day(year: 2021, month: 1, day: 3)).description == "2020-W53")
        #expect(ISOWeek(containing: Day(year: 2021, month: 1, day: 4)).description == "2021-W01")
        #expect(ISOWeek(containing: Day(year: 2005, month: 1, day: 1)).description == "2004-W53")
        #expect(Period.isoWeek(2020, 53).advanced(by: 1) == .isoWeek(2021, 1))
        #expect(isoWeeksInYear(2015) == 53 && isoWeeksInYear(2016) == 52)
        #expect(Period.isoWeek(2019, 1).firstDay == Period.day(2018, 12, 31).firstDay)
    }

    @Test func arithmeticAndOrdering() {
        let m = Period.month(2018, 11)
        #expect(m.advanced(by: 3) == .month(2019, 2))
        #expect(m.advanced(by: -11) == .month(2017, 12))
        #expect(m.distance(to: .month(2019, 9)) == 10)
        #expect(Period.day(2019, 3, 1).distance(to: .day(2020, 3, 1)) == 366)
        #expect(Period.day(1970, 1, 1).ordinal == 0)
        #expect(Period.day(1969, 12, 31).ordinal == -1)
        #expect(Period.month(2018, 12) < .month(2019, 1))
        #expect(Period.month(2030, 1) < .quarter(1990, 1))  // frequency first
        #expect(Period.quarter(2017, 1).lastDay == Period.day(2017, 3, 31).ordinal)
        #expect([Period.month(2019, 2), .month(2018, 10)].sorted() == [.month(2018, 10), .month(2019, 2)])
        // Day ↔ civil round trip over a long range, and Feb 29 rules.
        for d in stride(from: -800_000, to: 800_000, by: 997) {
            let (y, mo, da) = civilFromDays(d)
            #expect(daysFromCivil(y, mo, da) == d)
        }
        #expect(isValidDate(2000, 2, 29) && !isValidDate(1900, 2, 29))
    }

    /// Stoke-on-Trent anti-social behaviour counts quoted in
    /// notebooks-data/policeuk_staffordshire/SOURCE.md: 2018-10 1300, 2018-11 1068,
    /// 2018-12 908, 2019-01 899, 2019-02 985, (gap), 2019-09 966.
    @Test func aggregationWithIncompletePeriods() throws {
        let s = TimeSeries(start: .month(2018, 10), observations: [1300, 1068, 908, 899, 985, nil, nil, nil, nil, nil, nil, 966])
        #expect(s.gaps().map { "\($0.from)…\($0.to)" } == ["2019-03…2019-08"])
        let q = try s.aggregated(to: .quarter, method: .sum, incomplete: .drop)
        #expect(q.series.start == .quarter(2018, 4))
        #expect(q.series.observations == [3276])  // 2019 Q1 (2 of 3) and Q3 (1 of 3) dropped, then trimmed
        #expect(q.incomplete == [IncompletePeriod(period: .quarter(2019, 1), observed: 2, expected: 3),
                                 IncompletePeriod(period: .quarter(2019, 2), observed: 0, expected: 3),
                                 IncompletePeriod(period: .quarter(2019, 3), observed: 1, expected: 3)])
        let qm = try s.aggregated(to: .quarter, method: .sum, incomplete: .mark)
        #expect(qm.series.observations == [3276, 1884, nil, 966])
        #expect(qm.isIncomplete(.quarter(2019, 1)) && !qm.isIncomplete(.quarter(2018, 4)))
        let fy = try s.aggregated(to: .financialYear, method: .sum, incomplete: .mark)
        #expect(fy.series.start == .financialYear(startingIn: 2018))
        #expect(fy.series.observations == [5160, 966])  // 1300+1068+908+899+985
        #expect(fy.incomplete.map(\.observed) == [5, 1])
        let fyDrop = try s.aggregated(to: .financialYear, method: .sum, incomplete: .drop)
        #expect(fyDrop.series.isEmpty && fyDrop.incomplete.count == 2)
        let mean = try s.aggregated(to: .calendarYear, method: .mean, incomplete: .mark)
        let m1: Double = 3276.0 / 3, m2: Double = 2850.0 / 3  // (1300+1068+908)/3, (899+985+966)/3
        #expect(mean.series.observations == [m1, m2])
        // A complete financial year: 12 months April–March.
        let full = TimeSeries(start: .month(2016, 4), values: (1...12).map(Double.init))
        let agg = try full.aggregated(to: .financialYear, method: .sum, incomplete: .drop)
        #expect(agg.series.observations == [78] && agg.incomplete.isEmpty)
        #expect(throws: SeriesDataError.self) {
            try TimeSeries(start: .isoWeek(2019, 1), values: [1]).aggregated(to: .month, method: .sum, incomplete: .drop)
        }
        // Quarters → financial years.
        let qs = TimeSeries(start: .quarter(2016, 2), values: [1, 2, 3, 4, 5])
        let fq = try qs.aggregated(to: .financialYear, method: .sum, incomplete: .mark)
        #expect(fq.series.observations == [10, 5] && fq.incomplete.map(\.period) == [.financialYear(startingIn: 2017)])
    }

    @Test func timeSeriesAccessors() throws {
        let s = TimeSeries(start: .month(2019, 1), observations: [1, nil, 3, 4])
        #expect(s.seasonLength == 12 && s.count == 4 && s.end == .month(2019, 4))
        #expect(s[.month(2019, 3)] == 3 && s[.month(2019, 2)] == nil && s[.month(2020, 1)] == nil)
        #expect(s.slice(from: .month(2019, 3)).observations == [3, 4])
        #expect(s.slice(from: .month(2018, 1), through: .month(2019, 2)).observations == [1, nil])
        #expect(throws: SeriesDataError.missingValues(series: "x", count: 1, first: .month(2019, 2))) {
            try s.completeValues(name: "x")
        }
        #expect(try s.slice(from: .month(2019, 3)).completeValues() == [3, 4])
        let fromPairs = try #require(TimeSeries(pairs: [(.quarter(2019, 3), 5), (.quarter(2019, 1), 2)]))
        #expect(fromPairs.observations == [2, nil, 5])
    }

    @Test func panelStoresCompactlyAndCollapses() {
        let a = TimeSeries(start: .month(2019, 1), values: [1, 2, 3])
        let b = TimeSeries(start: .month(2019, 2), observations: [10, nil])
        let c = TimeSeries(start: .month(2019, 1), values: [100])
        let p = Panel(keyColumns: ["area", "crime_type"], frequency: .month,
                      series: [(["X", "Burglary"], a), (["X", "Drugs"], b), (["Y", "Drugs"], c)])
        #expect(p.count == 3 && p.values.count == 6 && p.offsets == [0, 3, 5, 6])
        #expect(p.keyDictionaries[1] == ["Burglary", "Drugs"])
        #expect(p["X", "Drugs"] == b && p["Y", "Burglary"] == nil)
        let byArea = p.collapsing("crime_type")
        #expect(byArea["X"]?.observations == [1, 12, 3])
        let byType = p.collapsing("area")
        #expect(byType["Drugs"]?.observations == [100, 10])
    }

    /// 10,000 series given in scrambled order: stored sorted, one buffer, every key found by binary search.
    @Test func panelLookupAtScale() {
        var input: [(key: [String], series: TimeSeries)] = []
        for i in 0..<10_000 {
            let j = (i * 7919) % 10_000  // a permutation of 0..<10000
            input.append((["area\(j / 14)", "type\(j % 14)"], TimeSeries(start: .month(2019, 1 + j % 12), values: [Double(j), Double(j) + 0.5])))
        }
        let p = Panel(keyColumns: ["area", "crime_type"], frequency: .month, series: input)
        #expect(p.count == 10_000 && p.values.count == 20_000 && p.offsets.count == 10_001)
        #expect(p.keyDictionaries[1].count == 14 && p.keyCodes.count == 20_000)
        var found = 0
        for (k, s) in input.prefix(2_000) where p.index(of: k).map({ p.series(at: $0) == s }) == true { found += 1 }
        #expect(found == 2_000)
        #expect(p.index(of: ["area9999", "type0"]) == nil && p.index(of: ["area0", "type99"]) == nil)
        #expect((1..<p.count).allSatisfy { p.key(at: $0 - 1).lexicographicallyPrecedes(p.key(at: $0)) })
    }
}
