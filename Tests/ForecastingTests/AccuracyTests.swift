// SPDX-License-Identifier: GPL-3.0-or-later
import Testing
@testable import Forecasting

/// `accuracy(snaive(y), test)` and `tsCV(y, naive, h = 3)` from R forecast 8.20 on 10 M3 monthly
/// series (accuracy.json).
@Suite struct AccuracyTests {
    @Test func accuracyMatchesR() throws {
        for c in Reference.load("accuracy.json") {
            let y = Reference.doubles(c, "y"), test = Reference.doubles(c, "test")
            let m = Int(Reference.double(c, "period"))
            let id = c["id"] as! String
            let model = try LagWalk.seasonalNaive.fit(y, period: m)
            let fc = try model.forecast(horizon: test.count, levels: [])
            #expect(Reference.maxRelativeError(fc.mean, Reference.doubles(c, "forecast")) == 0)
            let t = AccuracyMetrics(actual: test, forecast: fc.mean, training: y, period: m)
            let r = Reference.object(c, "test_")
            for (ours, key) in [(t.me, "ME"), (t.rmse, "RMSE"), (t.mae, "MAE"), (t.mpe, "MPE"), (t.mape, "MAPE"), (t.mase, "MASE")] {
                #expect(abs(ours - Reference.double(r, key)) <= 1e-10 * max(1, abs(ours)), "\(id) test \(key)")
            }
            let tr = AccuracyMetrics(actual: y, forecast: model.fitted, training: y, period: m)
            let rt = Reference.object(c, "training")
            for (ours, key) in [(tr.me, "ME"), (tr.rmse, "RMSE"), (tr.mae, "MAE"), (tr.mpe, "MPE"), (tr.mape, "MAPE"), (tr.mase, "MASE")] {
                #expect(abs(ours - Reference.double(rt, key)) <= 1e-10 * max(1, abs(ours)), "\(id) training \(key)")
            }
            #expect(tr.count == y.count - m)
        }
    }

    @Test func rollingOriginMatchesTsCV() throws {
        for c in Reference.load("accuracy.json") {
            let y = Reference.doubles(c, "y")
            let e = Backtest.errors(LagWalk.naive, y, period: 12, horizon: 3)
            let ref = (c["tsCVnaiveH3"] as! [Any]).map { ($0 as! [Any]).map { ($0 as? Double) ?? .nan } }
            for j in 0..<3 {
                let ours = e.map { $0[j] }
                #expect(zip(ours, ref[j]).allSatisfy { ($0.isNaN && $1.isNaN) || $0 == $1 }, "\(c["id"]!) h=\(j + 1)")
            }
        }
    }

    /// The summary of a backtest (per-horizon MAE, MAE, RMSE) on hand-made errors (labelled test
    /// input): NaN entries are left out, as R's `na.rm = TRUE`.
    @Test func backtestErrorSummary() {
        let e: [[Double]] = [[1, -2], [.nan, 4], [-3, .nan]]
        let s = Backtest.ErrorSummary(e)
        #expect(s.maeByHorizon == [2, 3])
        #expect(s.count == 4)
        #expect(s.mae == 2.5)
        #expect(abs(s.rmse - (30.0 / 4).squareRoot()) < 1e-15)
    }

    /// Hand-made numbers (labelled test input): scores worked out by hand.
    @Test func intervalScores() {
        let pi = PredictionInterval(level: 80, lower: [0, 0, 0], upper: [10, 10, 10])
        let y = [5.0, -1.0, 12.0]
        #expect(IntervalScore.coverage(actual: y, pi) == 1.0 / 3.0)
        // widths 10 each; penalties 2/0.2·1 = 10 and 2/0.2·2 = 20 → (10 + 20 + 30)/3 = 20.
        #expect(abs(IntervalScore.winkler(actual: y, pi) - 20) < 1e-12)
        // τ = 0.5 pinball = half the absolute error.
        #expect(IntervalScore.pinball(actual: [1, 3], quantile: [2, 2], probability: 0.5) == 0.5)
        let a = AccuracyMetrics(actual: [100, 200], forecast: [110, 180], training: [1, 2, 4], period: 1)
        #expect(abs(a.smape - (200 * 10 / 210.0 + 200 * 20 / 380.0) / 2) < 1e-12)
        #expect(abs(a.mase - 15 / 1.5) < 1e-12)
    }
}
