// SPDX-License-Identifier: GPL-3.0-or-later
import Distributions
import Foundation
import SeriesData
import Testing
@testable import Forecasting

/// The ForecastCore contract: time-aware fits, the shared level type, Codable forecasts, the MASE
/// scale with its lag explicit. Values: the M3 monthly series of accuracy.json (R forecast 8.20
/// reference file); the start period given to them is a label for the period arithmetic only (the
/// reference file does not carry M3's own start dates).
@Suite struct ForecastCoreTests {
    static func bitwiseEqual(_ a: [Double], _ b: [Double]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { $0.bitPattern == $1.bitPattern }
    }

    @Test("fit on a TimeSeries: the numbers of fit(values, period:), forecasts carry the next periods")
    func placedFit() throws {
        let c = Reference.load("accuracy.json")[0]
        let y = Reference.doubles(c, "y")
        let m = Int(Reference.double(c, "period"))
        #expect(m == 12)
        let series = TimeSeries(start: .month(1990, 4), values: y)
        for spec in [try ETS() as any ForecastModelSpec, Theta(), LagWalk.seasonalNaive] {
            func check<S: ForecastModelSpec>(_ s: S) throws {
                let bare = try s.fit(y, period: m).forecast(horizon: 5, levels: [80, 95])
                let placed = try s.fit(series, name: "N1402").forecast(horizon: 5, levels: [80, 95])
                #expect(Self.bitwiseEqual(bare.mean, placed.mean), "\(bare.method)")
                for (a, b) in zip(bare.intervals, placed.intervals) {
                    #expect(a.level == b.level && Self.bitwiseEqual(a.lower, b.lower) && Self.bitwiseEqual(a.upper, b.upper))
                }
                #expect(bare.timePeriods.isEmpty)
                #expect(placed.timePeriods == (1...5).map { series.end.advanced(by: $0) })
                #expect(placed.periods.first == series.end.advanced(by: 1).description)
            }
            try check(spec)
        }
    }

    @Test("a gap in the TimeSeries is refused, naming the first missing period")
    func missingValues() throws {
        let series = TimeSeries(start: .quarter(2019, 1), observations: [3, 4, nil, 6, nil, 8, 9, 10])
        #expect(throws: ForecastingError.missingValues(series: "burglary", count: 2, first: .quarter(2019, 3))) {
            _ = try ETS().fit(series, name: "burglary")
        }
        let text = ForecastingError.missingValues(series: "burglary", count: 2, first: .quarter(2019, 3)).description
        #expect(text.contains("burglary") && text.contains("2019 Q3") && text.contains("2 missing"))
    }

    @Test("one level type: ConfidenceLevel (fraction) ↔ percent levels, no numeric change")
    func levels() {
        #expect(ConfidenceLevel(percent: 80).value == 0.8)
        #expect(ConfidenceLevel(percent: 95) == ConfidenceLevel.p95)
        #expect(ConfidenceLevel.p95.percent == 95)
        let pi = PredictionInterval(confidenceLevel: .p95, lower: [1], upper: [2])
        #expect(pi.level == 95 && pi.confidenceLevel == .p95)
        let fc = Forecast(method: "m", mean: [1.5], intervals: [pi])
        #expect(fc.interval(ConfidenceLevel.p95) == pi)
        // The normal multiplier of Gaussian intervals is the level's critical value (both Φ⁻¹ of
        // 0.975, reached through 0.5 + 95/200 and 1 − 0.05/2, which may differ in the last bit).
        #expect(abs(normalMultiplier(level: 95) - ConfidenceLevel.p95.z) <= 1e-15 * 1.96)
    }

    @Test("Forecast and PredictionInterval are Codable: periods as labels, non-finite as null")
    func codable() throws {
        let fc = Forecast(method: "ETS(A,N,N)", mean: [1.25, .nan],
                          intervals: [PredictionInterval(level: 95, lower: [0.5, -.infinity], upper: [2, .nan]),
                                      PredictionInterval(level: 80, lower: [0.75, 0.1], upper: [1.75, 3])],
                          periods: [.financialYear(startingIn: 2024), .financialYear(startingIn: 2025)])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        let data = try encoder.encode(fc)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"2024/25\"") && text.contains("null"))
        let back = try JSONDecoder().decode(Forecast.self, from: data)
        #expect(back.method == fc.method && back.timePeriods == fc.timePeriods)
        #expect(back.mean[0] == 1.25 && back.mean[1].isNaN)
        #expect(back.intervals.map(\.level) == [80, 95])
        #expect(back.intervals[1].lower[1].isNaN && back.intervals[1].upper[0] == 2)
        #expect(throws: DecodingError.self) {
            _ = try JSONDecoder().decode(Period.self, from: Data("\"Mar-19\"".utf8))
        }
    }

    @Test("MASE scale with the lag explicit: lag m is R's accuracy() scale, lag 1 the naive MAE")
    func maseScale() throws {
        let c = Reference.load("accuracy.json")[0]
        let y = Reference.doubles(c, "y")
        #expect(AccuracyMetrics.masScale(y, period: 12).bitPattern
            == AccuracyMetrics.meanAbsoluteDifference(y, lag: 12).bitPattern)
        var s = 0.0
        for i in 1..<y.count { s += abs(y[i] - y[i - 1]) }
        #expect(AccuracyMetrics.meanAbsoluteDifference(y, lag: 1).bitPattern == (s / Double(y.count - 1)).bitPattern)
        #expect(AccuracyMetrics.meanAbsoluteDifference([4], lag: 1).isNaN)
    }
}
