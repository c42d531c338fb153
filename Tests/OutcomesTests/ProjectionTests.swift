// SPDX-License-Identifier: GPL-3.0-or-later
import Distributions
import ForecastCore
import Foundation
import Testing
import _TestSupport
@testable import Outcomes
@testable import OutcomeReport
@testable import SeriesData

/// The projection engine against R forecast (notebooks-data/references/outcomes, made by
/// make_reference.R straight from the CSVs, independently of SaferCity's readers).
struct ProjectionTests {
    struct Ref: Decodable {
        let periods: [String]
        let values: [Double]
        let horizon: Int
        let baseline_value: Double
        let naive_mean: Double
        let naive_sd: Double
        let p_below_baseline_naive: Double
        let backtest_mase: [String: Double]
    }
    static let refs: [String: Ref] = {
        let data = try! Data(contentsOf: TestSupport.dataURL("references/outcomes/reference.json"))
        let obj = try! JSONSerialization.jsonObject(with: data) as! [String: Any]
        var out: [String: Ref] = [:]
        for (k, v) in obj where v is [String: Any] {
            out[k] = try! JSONDecoder().decode(Ref.self, from: JSONSerialization.data(withJSONObject: v))
        }
        return out
    }()
    static let engine = ProjectionEngine(root: TestSupport.repoRoot)
    static func spec(_ id: String) throws -> OutcomeSpec {
        try OutcomeSpec.load(url: TestSupport.repoRoot.appendingPathComponent("models/outcomes/\(id).yaml"))
    }
    /// The spec with per-area model choice (`models: [auto]`) instead of the pooled model.
    static func perAreaSpec(_ id: String) throws -> OutcomeSpec {
        var s = try spec(id)
        s.models = CandidateModel.automatic(for: s.series.measure)
        return s
    }
    static let ids = ["alcohol-admissions-stoke", "violence-with-injury-staffordshire", "public-order-staffordshire"]

    @Test(arguments: ids)
    func loadedSeriesEqualsR(id: String) throws {
        let a = try Self.engine.assess(try Self.spec(id))
        let ref = Self.refs[id]!
        #expect(a.history.periods.map { "\($0)" } == ref.periods)
        #expect(a.history.observations.map { $0! } == ref.values)
        #expect(a.baselineValue == ref.baseline_value)
        #expect(a.forecastPeriods.count == ref.horizon)
    }

    @Test(arguments: ids)
    func backtestMASEEqualsR(id: String) throws {
        let a = try Self.engine.assess(try Self.perAreaSpec(id))
        #expect(a.backtest.count == CandidateModel.automatic(for: a.spec.series.measure).count)
        let ref = Self.refs[id]!
        for b in a.backtest where b.model != .ets {
            // make_reference.R keys auto.arima by the spec spelling it was written with, `arima`.
            let r = try #require(ref.backtest_mase[b.model == .autoArima ? "arima" : b.model.rawValue])
            #expect(abs(b.mase - r) <= 1e-9 * r, "\(id) \(b.model): \(b.mase) vs R \(r)")
            #expect(b.failures == 0)
        }
    }

    @Test("P(met) with the naive model: Monte Carlo within 4 s.e. of R's analytic normal probability")
    func probabilityAgainstAnalytic() throws {
        for id in ["alcohol-admissions-stoke", "violence-with-injury-staffordshire"] {
            var spec = try Self.spec(id)
            spec.models = [.naive]
            spec.paths = 200_000
            let a = try Self.engine.assess(spec)
            let ref = Self.refs[id]!
            let p = try #require(a.probability), se = try #require(a.monteCarloError)
            #expect(abs(p - ref.p_below_baseline_naive) <= 4 * se, "\(id): \(p) ± \(se) vs \(ref.p_below_baseline_naive)")
            // The binomial standard error at R's probability (not at our own estimate): both R
            // probabilities are ≈ 0.42, so se ≈ √(0.42 · 0.58 / 200000) ≈ 0.0011.
            let rp = ref.p_below_baseline_naive
            expectClose(se, (rp * (1 - rp) / 200_000).squareRoot(), rtol: 0.01)
            expectClose(se, 0.0011, rtol: 0.05)
            // The forecast distribution the sampler represents is R's naive N(mean, sd²) exactly.
            let f = try #require(a.forecast)
            let sampler = QuantileSampler(forecast: f, step: ref.horizon - 1)
            #expect(abs(f.mean[ref.horizon - 1] - ref.naive_mean) <= 1e-9 * ref.naive_mean)
            #expect(abs(sampler.cdf(ref.baseline_value) - ref.p_below_baseline_naive) < 1e-9)
            // R's P ≈ 0.42 lies between the documented thresholds 0.25 and 0.75 (docs/Outcomes.md):
            // At risk, whatever the Monte Carlo noise (4 s.e. ≈ 0.005).
            #expect(a.status == .atRisk, "\(id): \(a.status.rawValue) at P = \(p)")
        }
    }

    @Test("Same seed, same answer; --as-of 2017-03 cuts the history and checks the projection against later data")
    func asOfAndReproducibility() throws {
        let spec = try Self.spec("alcohol-admissions-stoke")
        let a1 = try Self.engine.assess(spec), a2 = try Self.engine.assess(spec)
        #expect(a1.probability == a2.probability)
        let asOf = try #require(Period.parse("2017-03")?.0)
        let past = try Self.engine.assess(spec, asOf: asOf)
        #expect(past.history.end == .financialYear(startingIn: 2016))
        #expect(past.forecastPeriods.map { "\($0)" } == ["2017/18", "2018/19", "2019/20"])
        // 2017/18 was published later (947): the calibration row holds it with its interval check.
        let c = try #require(past.calibration.first)
        #expect(c.period == .financialYear(startingIn: 2017) && c.actual == 947)
        #expect(c.lower95 < c.upper95 && c.pit > 0 && c.pit < 1)
        // Per-area (simulated) P(met): the same seed gives the same answer, another seed moves it by
        // Monte Carlo noise only (not a seed-specific answer).
        var simulated = try Self.perAreaSpec("alcohol-admissions-stoke")
        let s1 = try Self.engine.assess(simulated), s2 = try Self.engine.assess(simulated)
        simulated.seed &+= 1
        let s3 = try Self.engine.assess(simulated)
        let p1 = try #require(s1.probability), p3 = try #require(s3.probability), se = try #require(s1.monteCarloError)
        #expect(s2.probability == p1)
        #expect(p1 != p3 && abs(p1 - p3) <= 6 * se, "\(p1) vs \(p3) ± \(se)")
    }

    /// The as-of calibration row, derived by hand from R's series (reference.json) and the naive
    /// method's textbook interval (forecast::naive: mean = last value, σ² = mean of the squared
    /// one-step differences, sd at step h = σ√h — checked below against R's own naive_sd), not from
    /// anything the engine computes.
    @Test("--as-of 2017-03 with the naive model: the 2017/18 interval and PIT derived by hand from R's data")
    func asOfCalibrationRowByHand() throws {
        let ref = try #require(Self.refs["alcohol-admissions-stoke"])
        func naiveSD(_ y: [Double], h: Int) -> Double {
            let d = zip(y.dropFirst(), y).map { $0 - $1 }
            return (d.map { $0 * $0 }.reduce(0, +) / Double(d.count) * Double(h)).squareRoot()
        }
        // The formula reproduces R's naive sd on the full series (h = 2).
        expectClose(naiveSD(ref.values, h: 2), ref.naive_sd, rtol: 1e-12)
        // As of 2017-03 the history ends 2016/17 (928); 2017/18 (947) is one step ahead.
        let cut = Array(ref.values.prefix(try #require(ref.periods.firstIndex(of: "2016/17")) + 1))
        #expect(cut.last == 928)
        let sd = naiveSD(cut, h: 1)  // √(39473 / 8) ≈ 70.243
        expectClose(sd, 70.243, rtol: 1e-4)
        var spec = try Self.spec("alcohol-admissions-stoke")
        spec.models = [.naive]
        let past = try Self.engine.assess(spec, asOf: try #require(Period.parse("2017-03")?.0))
        let c = try #require(past.calibration.first)
        #expect(c.period == .financialYear(startingIn: 2017) && c.actual == 947)
        expectClose(c.forecast, 928, rtol: 1e-12)
        expectClose(c.lower95, 928 - 1.959963984540054 * sd, rtol: 1e-9)  // ≈ 790.33
        expectClose(c.upper95, 928 + 1.959963984540054 * sd, rtol: 1e-9)  // ≈ 1065.67
        expectClose(c.lower80, 928 - 1.2815515655446004 * sd, rtol: 1e-9)
        // PIT = Φ((947 − 928) / 70.243) = Φ(0.2705) ≈ 0.6066.
        expectClose(c.pit, 0.5 * erfc(-(947 - 928) / sd / 2.0.squareRoot()), rtol: 1e-6)
        expectClose(c.pit, 0.6066, atol: 5e-4)
    }

    @Test func insufficientHistoryIsReportedNotProjected() throws {
        let a = try Self.engine.assess(try Self.spec("asb-stoke"))
        #expect(a.status == .insufficientData)
        #expect(a.probability == nil)
        #expect(a.notes.contains { $0.contains("needs at least 24") })
    }

    @Test func reportHasEverySection() throws {
        let run = try AssessmentRun.perform(models: TestSupport.repoRoot.appendingPathComponent("models"),
                                            root: TestSupport.repoRoot, asOf: nil)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("safercity-report-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let files = try run.writeReport(to: dir)
        // per outcome: series CSV, backtest CSV, fan SVG; plus the all-areas SVG (alcohol), index, JSON, scorecard;
        // and for the three projected outcomes with peers the reliability SVG and the replay CSV (the two children
        // outcomes have peers but their deadline is observed, so nothing is replayed); the funnel SVG of the
        // children share (the one source with counts and denominators).
        // The outcome waiting for its NDTMS file has no history, so no fan chart. The violence outcome's
        // parts (the West Midlands forces) add a CSV and an SVG.
        #expect(files.count == 7 * 3 - 1 + 1 + 3 + 3 * 2 + 1 + 2)
        #expect(files.contains { $0.lastPathComponent == "violence-with-injury-staffordshire-parts.svg" })
        #expect(files.contains { $0.lastPathComponent == "violence-with-injury-staffordshire-parts.csv" })
        #expect(!files.contains { $0.lastPathComponent == "alcohol-dependent-in-treatment-stoke-fan.svg" })
        #expect(files.contains { $0.lastPathComponent == "children-parental-alcohol-share-stoke-funnel.svg" })
        #expect(!files.contains { $0.lastPathComponent == "children-parental-substance-misuse-stoke-replay.csv" })
        #expect(files.contains { $0.lastPathComponent == "alcohol-admissions-stoke-reliability.svg" })
        #expect(files.contains { $0.lastPathComponent == "alcohol-admissions-stoke-areas.svg" })
        let html = try String(contentsOf: dir.appendingPathComponent("index.html"), encoding: .utf8)
        for section in ["id=\"scorecard\"", "id=\"alcohol-admissions-stoke\"", "id=\"children-parental-substance-misuse-stoke\"",
                        "Not met: 1,255 observed in 2019/20; the target was below 568 (the 2017/18 value)", "up 121% here, up 13% in England since 2017/18",
                        "id=\"summary\"", "No outcome is on track: ",
                        "kept but noted: suppressed: u (low reliability): 2, suppressed: c (confidential): 14", "Model diagnostics", "Comparison with England",
                        "Data provenance", "<svg", "Not assessable",
                        "How often our P(met) came true", "reliability diagram",
                        "Funnel plot, 2019/20: every local authority against England", "This is a proxy, not the strategy's own measure.",
                        "What a projection made before the deadline said, against what happened", "Decreasing and getting better (2020/21–2024/25)",
                        "this area 24.5% (95% CI 23.4–25.7%;", "England 13.9% (95% CI 13.8–14.0%;",
                        "Not assessable yet.</b> Not assessable: needs local-data/ndtms-adults-in-alcohol-treatment.csv"] {
            #expect(html.contains(section), "missing \(section)")
        }
        #expect(!html.contains("http://") || html.components(separatedBy: "http://").count - 1 == html.components(separatedBy: "http://www.w3.org/2000/svg").count - 1,
                "the page must not load anything from the network")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("report.json"))) as! [String: Any]
        #expect((json["outcomes"] as! [Any]).count == 7)
    }

    /// The series CSV writes a value that does not exist as an empty field (as every CSV writer
    /// does), never `nan`: here the chosen forecast is given a 95% interval only, so the 80% limits
    /// of every forecast row are empty and the 95% limits are the interval's own numbers.
    @Test func seriesCSVLeavesMissingIntervalsEmpty() throws {
        var a = try Self.engine.assess(try Self.spec("public-order-staffordshire"))
        let f = try #require(a.forecast)
        let i95 = try #require(f.interval(95))
        a.forecast = Forecast(method: f.method, mean: f.mean, intervals: [i95], periods: f.timePeriods)
        let rows = AssessmentRun.seriesCSV(a).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        #expect(rows.first == ["period", "observed", "forecast", "lower80", "upper80", "lower95", "upper95", "benchmark"])
        #expect(rows.allSatisfy { $0.count == 8 })
        #expect(!rows.joined().contains { $0.lowercased() == "nan" })
        let forecastRows = rows.suffix(a.forecastPeriods.count)
        try #require(forecastRows.count == f.mean.count && !forecastRows.isEmpty)
        for (k, r) in forecastRows.enumerated() {
            #expect(r[0] == "\(a.forecastPeriods[k])")
            expectClose(Double(r[2]) ?? .nan, f.mean[k], rtol: 0, "forecast mean, row \(k)")
            #expect(r[3] == "" && r[4] == "", "no 80% interval: empty fields, row \(k)")
            expectClose(Double(r[5]) ?? .nan, i95.lower[k], rtol: 0, "lower95, row \(k)")
            expectClose(Double(r[6]) ?? .nan, i95.upper[k], rtol: 0, "upper95, row \(k)")
        }
    }
}
