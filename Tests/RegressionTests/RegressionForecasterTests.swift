// SPDX-License-Identifier: GPL-3.0-or-later
import ForecastCore
import Foundation
import SeriesData
import Testing
@testable import Regression
import _TestSupport

/// Regression's models through the ForecastCore contract: the same numbers as the models called
/// directly (compared with `==`, bit for bit), periods when the calendar is known, none otherwise.
/// Series: the committed R reference series (notebooks-data/references/regression/reference.json).
@Suite struct RegressionForecasterTests {
    static func bitwiseEqual(_ a: [Double], _ b: [Double]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { $0.bitPattern == $1.bitPattern }
    }
    static func sameNumbers(_ a: Forecast, _ b: Forecast) -> Bool {
        bitwiseEqual(a.mean, b.mean) && a.intervals.count == b.intervals.count
            && zip(a.intervals, b.intervals).allSatisfy {
                $0.level == $1.level && bitwiseEqual($0.lower, $1.lower) && bitwiseEqual($0.upper, $1.upper)
            }
    }

    @Test("lm as a forecaster: the model's numbers and its periods (quarterly series starting in Q2)")
    func linearModelForecaster() throws {
        let (y, cal) = Reference.series("StaffsViolence")
        let model = LinearModel(RegressionSpec(trend: .linear, season: .dummies))
        let direct = try model.fit(y, calendar: cal).forecast(horizon: 6, levels: [80, 95])
        let spec = LinearModelForecaster(model)
        let viaStart = try spec.fit(y, startingAt: cal.start).forecast(horizon: 6, levels: [80, 95])
        #expect(Self.sameNumbers(direct, viaStart))
        #expect(viaStart.timePeriods == (0..<6).map { cal.period(at: y.count + $0) })
        #expect(viaStart.periods.first == "2019 Q1")
        let series = TimeSeries(start: cal.start, values: y)
        let placed = try spec.fit(series, name: "StaffsViolence")
        let viaSeries = try placed.forecast(horizon: 6, levels: [80, 95])
        #expect(Self.sameNumbers(direct, viaSeries) && viaSeries.timePeriods == viaStart.timePeriods)
        #expect(Self.bitwiseEqual(placed.fitted, try model.fit(y, calendar: cal).fitted))
        #expect(placed.aic.map { $0.isFinite } == true)
    }

    @Test("a trend-only lm on a bare series: the numbers of the old invented calendar, no periods")
    func bareSeriesTrend() throws {
        let (y, _) = Reference.series("StokeAlcohol")
        let model = LinearModel(RegressionSpec(intercept: true, trend: .linear, season: .none))
        let old = try model.fit(y, calendar: .calendarYears(startingIn: 2000)).forecast(horizon: 3, levels: [80, 95])
        let new = try LinearModelForecaster(model).fit(y, period: 1).forecast(horizon: 3, levels: [80, 95])
        #expect(Self.sameNumbers(old, new))
        #expect(new.timePeriods.isEmpty && !old.timePeriods.isEmpty)
    }

    @Test("a trend-only design ignores the calendar: any period, and a weekly series, give the yearly-calendar numbers")
    func trendOnlyAnyPeriod() throws {
        let (y, _) = Reference.series("StokeAlcohol")
        let spec = LinearModelForecaster(LinearModel(RegressionSpec(intercept: true, trend: .linear, season: .none)),
                                         method: "Linear trend (OLS)")
        let yearly = try spec.fit(y, period: 1).forecast(horizon: 3, levels: [80, 95])
        for period in [4, 7, 12, 52] {
            #expect(Self.sameNumbers(yearly, try spec.fit(y, period: period).forecast(horizon: 3, levels: [80, 95])), "period \(period)")
        }
        let weekly = try Period(parsing: "2020-W03")
        let placed = try spec.fit(TimeSeries(start: weekly, values: y), name: "weekly")
        let fc = try placed.forecast(horizon: 3, levels: [80, 95])
        #expect(Self.sameNumbers(yearly, fc) && fc.method == "Linear trend (OLS)")
        #expect(fc.timePeriods == [1, 2, 3].map { weekly.advanced(by: y.count - 1 + $0) })
        let counts = CountModelForecaster(CountModel(RegressionSpec(intercept: true, trend: .linear, season: .none), family: .negativeBinomial),
                                          simulations: 500, seed: 3)
        let (c, _) = Reference.series("ldeaths")
        #expect(Self.sameNumbers(try counts.fit(c, period: 1).forecast(horizon: 2, levels: [80]),
                                 try counts.fit(c, period: 12).forecast(horizon: 2, levels: [80])))
    }

    @Test("negative-binomial GLM as a forecaster: same seeded simulation, same intervals")
    func countModelForecaster() throws {
        let (y, cal) = Reference.series("ldeaths")
        let model = CountModel(RegressionSpec(trend: .linear, season: .dummies), family: .negativeBinomial)
        let direct = try model.fit(y, calendar: cal).forecast(horizon: 4, levels: [80, 95], simulations: 2_000, seed: 7)
        let spec = CountModelForecaster(model, simulations: 2_000, seed: 7)
        let viaStart = try spec.fit(y, startingAt: cal.start).forecast(horizon: 4, levels: [80, 95])
        #expect(Self.sameNumbers(direct, viaStart))
        #expect(viaStart.periods == ["1980-01", "1980-02", "1980-03", "1980-04"])
        #expect(viaStart.method == "negbin GLM")
    }

    @Test("errors: a period without a positional calendar, and regression failures, in words")
    func errors() throws {
        let seasonal = LinearModelForecaster(LinearModel(RegressionSpec(trend: .linear, season: .dummies)))
        #expect(throws: ForecastingError.invalidPeriod(model: seasonal.method, period: 7)) {
            _ = try seasonal.fit([1, 2, 3, 4, 5, 6, 7, 8], period: 7)
        }
        let spec = LinearModelForecaster(LinearModel(RegressionSpec(trend: .linear, season: .none)))
        do {
            _ = try spec.fit([5, 5, 5, 5, 5], period: 1)
            Issue.record("a constant series must not fit")
        } catch {
            guard case .estimationFailed(_, let reason) = error else { Issue.record("unexpected \(error)"); return }
            #expect(reason.contains("constant"))
        }
    }
}

extension RegressionForecasterTests {
    @Test("ITS as a forecaster: the segmented lm continued, with its periods; bare values refused")
    func itsForecaster() throws {
        let (y, cal) = Reference.series("UKDriverDeaths")
        let its = InterruptedTimeSeries(base: RegressionSpec(trend: .linear, season: .dummies), interventionPeriod: "1983-02")
        let fitted = try its.fit(y, calendar: cal)
        guard case .linear(let lm) = fitted.fit else { Issue.record("expected a linear ITS"); return }
        let direct = try lm.forecast(horizon: 3, levels: [95])
        let spec = InterruptedTimeSeriesForecaster(its)
        let via = try spec.fit(TimeSeries(start: cal.start, values: y)).forecast(horizon: 3, levels: [95])
        #expect(Self.sameNumbers(direct, via))
        #expect(via.periods == ["1985-01", "1985-02", "1985-03"])
        #expect(throws: ForecastingError.self) { _ = try spec.fit(y, period: 12) }
    }
}
