// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
import _TestSupport

/// `forecast --model combo…`, `--intervals conformal` and `backtest --models` lists with
/// combinations, on R's USAccDeaths (notebooks-data/classic_ts).
struct CombinationCLITests {
    static let file = "notebooks-data/classic_ts/pydataset_USAccDeaths.csv"
    static let input = ["--input-format", "rts", "--frequency", "month"]

    /// The members' labels in the default's order. The models chosen are R's and statsforecast's on
    /// this series: `ets()` ETS(A,N,A), `auto.arima()` ARIMA(0,1,1)(0,1,1)[12] (Hyndman's fpp
    /// examples), and statsforecast 2.1.1's `AutoCES(season_length=12)` picks the partial kind
    /// ("P"; checked with /work/venv-sf, `AutoCES(season_length=12).fit(y).model_['seasontype']`).
    @Test func forecastWithTheDefaultCombination() throws {
        let r = try CLITests.run(["forecast", Self.file] + Self.input + ["--horizon", "6", "--model", "combo", "--format", "csv"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == 7)
        #expect(lines.dropFirst().allSatisfy { $0.hasPrefix("\"Combination(median: ETS(A,N,A), ARIMA(0,1,1)(0,1,1)[12], CES(P), DOTM)\",1979-") },
                "\(r.stdout)")
    }

    /// `forecast --model combo` gives the plain mixture intervals of `combo:nowiden` (the same member
    /// fits) stretched about the unchanged point forecast by k(n, h, L), n = 72 months (1973–1978):
    /// the k values are trend_widening_reference.py's (scipy), not the library's. Tolerance 1e-10
    /// relative: k agrees with scipy to that (TrendWideningTests), the JSON numbers round-trip.
    @Test func defaultIntervalsAreTheMixtureWidenedForTrendEstimation() throws {
        func rows(_ model: String) throws -> [[String: Any]] {
            let r = try CLITests.run(["forecast", Self.file] + Self.input + ["--horizon", "6", "--model", model, "--format", "json"])
            #expect(r.status == 0, "\(r.stderr)")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
            #expect((json["model"] as? String) == "Combination(median: ETS(A,N,A), ARIMA(0,1,1)(0,1,1)[12], CES(P), DOTM)")
            return try #require(json["forecast"] as? [[String: Any]])
        }
        let widened = try rows("combo"), plain = try rows("combo:nowiden")
        var k = [String: Double]()
        for r in TestSupport.text("references/forecasting/trend_widening_reference.csv").split(separator: "\n").dropFirst(2) {
            let f = r.split(separator: ",").map(String.init)
            if f[0] == "72" { k["\(f[1])|\(Int(Double(f[2])!))"] = Double(f[3])! }
        }
        #expect(widened.count == 6 && plain.count == 6 && k.count == 12)
        for (j, (w, p)) in zip(widened, plain).enumerated() {
            let mean = try #require(p["mean"] as? Double)
            #expect(w["mean"] as? Double == mean, "h=\(j + 1): point forecasts must not change")
            for level in ["80", "95"] {
                let factor = try #require(k["\(j + 1)|\(level)"])
                let pl = try #require((p["lower"] as? [String: Double])?[level]), pu = try #require((p["upper"] as? [String: Double])?[level])
                let wl = try #require((w["lower"] as? [String: Double])?[level]), wu = try #require((w["upper"] as? [String: Double])?[level])
                expectClose(wl, mean - factor * (mean - pl), rtol: 1e-10, "lower \(level) h=\(j + 1)")
                expectClose(wu, mean + factor * (pu - mean), rtol: 1e-10, "upper \(level) h=\(j + 1)")
                #expect(wl < pl && pu < wu, "h=\(j + 1): widened")
            }
        }
    }

    /// Conformal limits come from the rolling-origin errors: the 95% interval contains the 80%.
    @Test func conformalIntervalsOnACombination() throws {
        let r = try CLITests.run(["forecast", Self.file] + Self.input
            + ["--horizon", "6", "--model", "combo:ets:AAN:damped+arima:0,1,1:0,1,1+theta:median", "--intervals", "conformal",
               "--conformal-windows", "3", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect((json["model"] as? String) == "Combination(median: ETS(A,Ad,N), ARIMA(0,1,1)(0,1,1)[12], Theta) with conformal intervals")
        let rows = try #require(json["forecast"] as? [[String: Any]])
        #expect(rows.count == 6)
        for row in rows {
            let lo = try #require(row["lower"] as? [String: Double]), hi = try #require(row["upper"] as? [String: Double])
            let mean = try #require(row["mean"] as? Double)
            #expect(lo["95"]! <= lo["80"]! && lo["80"]! <= mean && mean <= hi["80"]! && hi["80"]! <= hi["95"]!)
        }
    }

    /// `forecast --by` applies `--intervals conformal` to every series. Stoke-on-Trent ASB to 2019-02 is
    /// 1300, 1068, 908, 899, 985 (SOURCE.md): the naive one-step errors of the last two windows are
    /// |899 − 908| = 9 and |985 − 899| = 86, so the limits are numpy-style quantiles of
    /// {985 ∓ 9, 985 ∓ 86} = {899, 976, 994, 1071}: 80% 922.1…1047.9, 95% 904.775…1065.225.
    @Test func conformalIntervalsWithBy() throws {
        let r = try CLITests.run(["forecast", "notebooks-data/policeuk_staffordshire/monthly_counts_by_area.csv",
                                  "--by", "area,crime_type", "--period-column", "month", "--value-column", "count",
                                  "--to", "2019-02", "--horizon", "1", "--model", "naive", "--intervals", "conformal",
                                  "--conformal-windows", "2", "--format", "csv"])
        #expect(r.status == 0, "\(r.stderr)")
        let row = try #require(r.stdout.split(separator: "\n").first { $0.hasPrefix("Stoke-on-Trent,Anti-social behaviour,") })
        let f = row.split(separator: ",").map(String.init)
        #expect(f[2] == "Naive method with conformal intervals" && f[3] == "2019-03", "\(row)")
        let v = f[4...].map { Double($0) ?? .nan }
        expectClose(v, [985, 922.1, 1047.9, 904.775, 1065.225], rtol: 1e-12)
    }

    @Test func backtestListsKeepArimaOrdersAndScoreCoverage() throws {
        let r = try CLITests.run(["backtest", Self.file] + Self.input
            + ["--horizon", "3", "--initial", "48", "--models", "arima:0,1,1:0,1,1,combo:theta+snaive,naive", "--intervals", "model"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasSuffix("cover80  cover95") == true, "\(r.stdout)")
        for m in ["arima:0,1,1:0,1,1 ", "combo:theta+snaive ", "naive "] {
            #expect(lines.contains { $0.hasPrefix(m) }, "\(m) missing:\n\(r.stdout)")
        }
    }

    @Test func aBadMemberIsAClearError() throws {
        let r = try CLITests.run(["forecast", Self.file] + Self.input + ["--horizon", "6", "--model", "combo:ets+nosuch"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("'combo:ets+nosuch': member unknown forecasting method 'nosuch'"), "\(r.stderr)")
    }
}
