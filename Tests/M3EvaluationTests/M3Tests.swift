// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
import _TestSupport
import Forecasting
import M3Evaluation
import SeriesData

/// The M3 loader and evaluation against R's `ets()` on the same series
/// (notebooks-data/references/forecasting/m3_r_ets.R → m3_r_ets.csv: model and sMAPE per series).
@Suite struct M3Tests {
    static let directory = TestSupport.repoRoot.appendingPathComponent("notebooks-data/m3")

    @Test func loadsBothSubsets() throws {
        let monthly = try M3Subset.load(directory: Self.directory, kind: .monthly)
        #expect(monthly.ids.count == 1428)
        #expect(monthly.test.allSatisfy { $0.count == 18 })
        #expect(monthly.ids.first == "M1" && monthly.train[0].prefix(2) == [2640, 2640])
        let yearly = try M3Subset.load(directory: Self.directory, kind: .yearly)
        #expect(yearly.ids.count == 645)
        #expect(yearly.test.allSatisfy { $0.count == 6 })
    }

    /// Every yearly series and the first 30 monthly ones: the same model as R and the same sMAPE
    /// (R's forecasts are printed to 17 digits; ours agree to ~1e-10, so 1e-6 is generous).
    @Test func automaticETSMatchesRPerSeries() throws {
        let rows = try CSVReader(url: TestSupport.repoRoot.appendingPathComponent(
            "notebooks-data/references/forecasting/m3_r_ets.csv")).readAll().dropFirst()
        var r = [String: (model: String, smape: Double)]()
        for row in rows { r[row.fields[0] + "/" + row.fields[1]] = (row.fields[2], Double(row.fields[3])!) }
        for (kind, limit) in [(M3Subset.Kind.yearly, 645), (.monthly, 30)] {
            let data = try M3Subset.load(directory: Self.directory, kind: kind)
            let result = try M3Evaluation.run(data, limit: limit)
            let ets = result.scores.filter { $0.method == "ETS" }
            #expect(ets.count == limit)
            var same = 0, worst = 0.0
            for s in ets {
                let ref = try #require(r["\(kind.rawValue)/\(s.seriesID)"])
                if ref.model == s.model { same += 1 }
                worst = TestSupport.worse(worst, abs(ref.smape - s.smape))
            }
            print("M3 \(kind.rawValue) first \(limit): same model as R \(same)/\(limit), largest sMAPE difference \(worst)")
            #expect(same == limit)
            #expect(worst < 1e-6)
        }
    }

    @Test func rejectsAGapInPeriodIndex() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("m3-bad-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "series_id,period_index,value\nM1,1,3\nM1,3,4\n".write(to: dir.appendingPathComponent("m3_monthly_train.csv"),
                                                              atomically: true, encoding: .utf8)
        let error = #expect(throws: SeriesDataError.self) { try M3Subset.load(directory: dir, kind: .monthly) }
        #expect(error?.description.contains("m3_monthly_train.csv, line 3, column 2 (period_index)") == true)
        #expect(error?.description.contains("expected 2 (consecutive periods of series M1)") == true)
    }
}

/// Forecasting many series at once on M3 monthly series.
@Suite struct ManySeriesOnM3Tests {
    /// Many series at once: the same results with one thread or several, in input order.
    @Test func manySeriesIndependentOfThreadCount() throws {
        let data = try M3Subset.load(directory: M3Tests.directory, kind: .monthly)
        let series = Array(data.train.prefix(24)) + [[1.0, 2.0]]
        let periods = Array(repeating: 12, count: series.count)
        let one = try ETS().fitAndForecastEach(series, periods: periods, horizon: 6, levels: [80], threads: 1)
        let four = try ETS().fitAndForecastEach(series, periods: periods, horizon: 6, levels: [80], threads: 4)
        #expect(one.count == 25 && four.count == 25)
        for (a, b) in zip(one, four) {
            switch (a, b) {
            case (.success(let x), .success(let y)):
                #expect(x.forecast == y.forecast)
                #expect(x.fitted.method == y.fitted.method)
            case (.failure(let x), .failure(let y)): #expect(x == y)
            default: Issue.record("one thread and four disagree on success")
            }
        }
        // The last series (two points) fails; the others succeed, each as fitting it alone.
        if case .success = one[24] { Issue.record("a two-point series cannot be fitted by ETS") }
        let alone = try ETS().fit(series[5], period: 12).forecast(horizon: 6, levels: [80])
        #expect(try one[5].get().forecast == alone)
    }
}

