// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import LinearAlgebra
import SeriesData
import Testing
@testable import Regression
import _TestSupport

@Suite struct CalendarAndDesignTests {
    @Test func labelsRoundTrip() throws {
        let m = SeriesCalendar.monthly(startYear: 1969, startMonth: 1)
        #expect(m.label(at: 0) == "1969-01" && m.label(at: 169) == "1983-02" && m.label(at: 191) == "1984-12")
        #expect(try m.index(of: "1983-02") == 169)
        let q = SeriesCalendar.quarterly(startYear: 2007, startQuarter: 2)
        #expect(q.label(at: 0) == "2007 Q2" && q.label(at: 3) == "2008 Q1" && q.season(at: 3) == 1)
        #expect(try q.index(of: "2014-Q2") == 28)
        let fy = SeriesCalendar.financialYears(startingIn: 2008)
        #expect(fy.label(at: 0) == "2008/09" && fy.label(at: 1) == "2009/10" && fy.label(at: 91) == "2099/00")
        #expect(try fy.index(of: "2016/17") == 8)
        #expect(throws: RegressionError.invalidPeriod("2016-13", expected: "a monthly period such as 1969-01")) { try m.index(of: "2016-13") }
        #expect(throws: RegressionError.invalidPeriod("2016/17", expected: "a monthly period such as 1969-01")) { try m.index(of: "2016/17") }
        #expect(throws: RegressionError.self) { try fy.index(of: "2016/18") }
        #expect(throws: RegressionError.self) { try q.index(of: "2014-Q5") }
    }

    @Test func calendarFromSeriesDataPeriods() throws {
        #expect(try SeriesCalendar(startingAt: .month(1983, 2)) == .monthly(startYear: 1983, startMonth: 2))
        #expect(try SeriesCalendar(startingAt: .quarter(2007, 2)) == .quarterly(startYear: 2007, startQuarter: 2))
        #expect(try SeriesCalendar(startingAt: .financialYear(startingIn: 2008)) == SeriesCalendar.financialYears(startingIn: 2008))
        #expect(try SeriesCalendar(startingAt: .calendarYear(2016)).label(at: 2) == "2018")
        #expect(throws: RegressionError.self) { try SeriesCalendar(startingAt: .day(2020, 1, 1)) }
        // "2014 Q2" (SeriesData's form) and "2014-Q2" name the same term.
        let q = SeriesCalendar.quarterly(startYear: 2007, startQuarter: 2)
        let d = try RegressionSpec(interventions: [.init(.step, at: "2014 Q2")]).design(calendar: q, rows: 0..<40, observations: 40)
        #expect(d.names.last == "step_2014-Q2")
    }

    /// Hand-made example (labelled): a monthly series starting in November, 5 rows.
    @Test func designColumnsFollowTheConventions() throws {
        let cal = SeriesCalendar.monthly(startYear: 2015, startMonth: 11)
        let spec = RegressionSpec(trend: .polynomial(degree: 2), season: .dummies,
                                  interventions: [.init(.step, at: "2016-01"), .init(.ramp, at: "2016-01"), .init(.pulse, at: "2016-02")])
        let d = try spec.design(calendar: cal, rows: 0..<5, observations: 5)
        #expect(d.names.prefix(3) == ["(Intercept)", "trend", "I(trend^2)"])
        #expect(d.names.suffix(3) == ["step_2016-01", "ramp_2016-01", "pulse_2016-02"])
        func col(_ name: String) -> [Double] { d.matrix.column(d.names.firstIndex(of: name)!) }
        #expect(col("trend") == [1, 2, 3, 4, 5])
        #expect(col("I(trend^2)") == [1, 4, 9, 16, 25])
        #expect(col("season11") == [1, 0, 0, 0, 0])
        #expect(col("season2") == [0, 0, 0, 1, 0])
        #expect(col("step_2016-01") == [0, 0, 1, 1, 1])
        #expect(col("ramp_2016-01") == [0, 0, 0, 1, 2])
        #expect(col("pulse_2016-02") == [0, 0, 0, 1, 0])
        // Fourier: S6 dropped (sin πt ≡ 0), cos exact.
        let f = try RegressionSpec(trend: .none, season: .fourier(harmonics: 6)).design(calendar: cal, rows: 0..<4, observations: 4)
        #expect(f.names.last == "C6-12" && !f.names.contains("S6-12"))
        #expect(f.matrix.column(f.names.count - 1) == [-1, 1, -1, 1])
        #expect(throws: RegressionError.invalidTermOrder(term: "Fourier harmonics K", value: 7, allowed: 1...6)) {
            try RegressionSpec(season: .fourier(harmonics: 7)).design(calendar: cal, rows: 0..<40, observations: 40)
        }
    }

    @Test func annualSeriesHaveNoSeason() throws {
        let fy = SeriesCalendar.financialYears(startingIn: 2008)
        let d = try RegressionSpec(season: .dummies).design(calendar: fy, rows: 0..<10, observations: 10)
        #expect(d.names == ["(Intercept)", "trend"])
        #expect(throws: RegressionError.noSeasonalCycle(term: "fourier:1")) {
            try RegressionSpec(season: .fourier(harmonics: 1)).design(calendar: fy, rows: 0..<10, observations: 10)
        }
    }

    @Test func parsing() throws {
        #expect(try RegressionSpec.Trend(parsing: "poly:3") == .polynomial(degree: 3))
        #expect(try RegressionSpec.Trend(parsing: "poly:1") == .linear)
        #expect(try RegressionSpec.Season(parsing: "fourier:2") == .fourier(harmonics: 2))
        #expect(try RegressionSpec.Intervention.parseList("step:2016-07,ramp:2016-07")
                == [.init(.step, at: "2016-07"), .init(.ramp, at: "2016-07")])
        #expect(throws: RegressionError.self) { try RegressionSpec.Trend(parsing: "cubic") }
        #expect(throws: RegressionError.self) { try RegressionSpec.Intervention.parseList("jump:2016-07") }
    }
}

/// Degenerate inputs: each gives a clear typed error or a documented result.
@Suite struct DegenerateInputTests {
    let cal = SeriesCalendar.monthly(startYear: 2020, startMonth: 1)
    // Hand-made inputs (not real data).
    let counts: [Double] = [3, 0, 2, 5, 1, 0, 4, 2, 3, 1, 0, 2, 6, 1, 2, 3, 0, 2, 4, 1, 3, 2, 1, 5]

    @Test func constantSeries() {
        #expect(throws: RegressionError.constantResponse(value: 7)) {
            try LinearModel(RegressionSpec()).fit([Double](repeating: 7, count: 30), calendar: cal)
        }
    }

    @Test func fewerPointsThanParameters() {
        #expect(throws: RegressionError.tooFewObservations(observations: 10, parameters: 13)) {
            try LinearModel(RegressionSpec()).fit((0..<10).map(Double.init), calendar: cal)
        }
        #expect(throws: RegressionError.tooFewObservations(observations: 13, parameters: 13)) {
            try CountModel(RegressionSpec(), family: .poisson).fit(Array(counts.prefix(13)), calendar: cal)
        }
    }

    @Test func collinearTermsAreNamed() {
        // A user regressor equal to 2·trend.
        let spec = RegressionSpec(season: .none, regressors: [.init(name: "doubleTrend", values: (1...24).map { 2 * Double($0) })])
        #expect(throws: RegressionError.collinearTerms(["doubleTrend"])) {
            try LinearModel(spec).fit(counts, calendar: cal)
        }
        #expect(throws: RegressionError.collinearTerms(["doubleTrend"])) {
            try CountModel(spec, family: .poisson).fit(counts, calendar: cal)
        }
    }

    @Test func interventionsOutsideTheSeries() {
        let spec = RegressionSpec(season: .none, interventions: [.init(.step, at: "2020-01")])
        #expect(throws: RegressionError.interventionOutsideSeries(term: "step_2020-01", index: 0, observations: 24)) {
            try LinearModel(spec).fit(counts, calendar: cal)
        }
        let late = RegressionSpec(season: .none, interventions: [.init(.step, at: "2030-01")])
        #expect(throws: RegressionError.self) { try LinearModel(late).fit(counts, calendar: cal) }
    }

    @Test func allZeroAndInvalidCounts() {
        #expect(throws: RegressionError.allZeroCounts) {
            try CountModel(RegressionSpec(season: .none), family: .poisson).fit([Double](repeating: 0, count: 24), calendar: cal)
        }
        var bad = counts; bad[3] = 2.5
        #expect(throws: RegressionError.invalidCount(index: 3, value: 2.5)) {
            try CountModel(RegressionSpec(season: .none), family: .poisson).fit(bad, calendar: cal)
        }
        bad[3] = -1
        #expect(throws: RegressionError.invalidCount(index: 3, value: -1)) {
            try CountModel(RegressionSpec(season: .none), family: .negativeBinomial).fit(bad, calendar: cal)
        }
    }

    /// Zero counts are fine for Poisson (deviance term 2μ); the fit satisfies the score equations
    /// Xᵀ(y − μ) = 0, so with an intercept Σμ̂ = Σy exactly.
    @Test func zeroCountsWithPoisson() throws {
        let fit = try CountModel(RegressionSpec(season: .none), family: .poisson).fit(counts, calendar: cal)
        let sy = counts.reduce(0, +), smu = fit.fitted.reduce(0, +)
        #expect(abs(sy - smu) < 1e-9 * sy)
        var st = 0.0
        for i in counts.indices { st += Double(i + 1) * (counts[i] - fit.fitted[i]) }
        #expect(abs(st) < 1e-8 * sy * 24)
    }

    /// A season whose counts are all zero has no finite estimate (R returns ≈ −20 with a warning);
    /// we report non-convergence naming the cause.
    @Test func seasonWithAllZeroCountsDoesNotConverge() {
        var y = counts
        for i in stride(from: 0, to: 24, by: 12) { y[i] = 0 }   // every January zero
        #expect(throws: RegressionError.self) {
            try CountModel(RegressionSpec(season: .dummies), family: .poisson).fit(y, calendar: cal)
        }
    }

    /// Under-dispersed counts (hand-made): θ.ml has no finite maximum (θ → ∞, the Poisson limit).
    /// MASS warns and returns whatever the last Newton step gave; we throw `didNotConverge` and say
    /// to use the Poisson model.
    @Test func negativeBinomialWithoutOverdispersion() throws {
        let y: [Double] = (0..<48).map { Double(10 + ($0 * 7919) % 5) }
        do {
            _ = try CountModel(RegressionSpec(season: .none), family: .negativeBinomial).fit(y, calendar: cal)
            Issue.record("expected didNotConverge")
        } catch {
            guard case .didNotConverge(_, _, let detail) = error else { Issue.record("unexpected \(error)"); return }
            #expect(detail.contains("Poisson"))
        }
    }

    @Test func badExposure() {
        var e = [Double](repeating: 1000, count: 24); e[4] = 0
        #expect(throws: RegressionError.invalidExposure(index: 4, value: 0)) {
            try CountModel(RegressionSpec(season: .none), family: .poisson).fit(counts, calendar: cal, exposure: e)
        }
        #expect(throws: RegressionError.lengthMismatch(name: "exposure", count: 23, expected: 24)) {
            try CountModel(RegressionSpec(season: .none), family: .poisson).fit(counts, calendar: cal, exposure: Array(e.prefix(23)))
        }
    }

    @Test func nonFiniteValues() {
        var y = counts; y[5] = .nan
        #expect(throws: RegressionError.nonFiniteValue(index: 5, column: nil)) {
            try LinearModel(RegressionSpec(season: .none)).fit(y, calendar: cal)
        }
    }
}
