// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
import _TestSupport

/// Issue 19: the seven analyst tasks of docs/Tutorial.md, each one command on the bundled data.
struct AnalystCLITests {
    static let driverDeaths = ["notebooks-data/classic_ts/pydataset_UKDriverDeaths.csv", "--input-format", "rts", "--frequency", "month"]

    @Test("fit: a step alone gets the effect summary, and classical SEs on autocorrelated errors warn")
    func stepEffectSummaryAndDurbinWatson() throws {
        let r = try CLITests.run(["fit"] + Self.driverDeaths + ["--model", "quasipoisson", "--intervention", "step:1983-02"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("Intervention at 1983-02: effect at 1984-12 (22 periods after)"), "\(r.stdout)")
        // R: exp(coef) of the step in glm(quasipoisson) = 0.850436879970213 (reference.json).
        #expect(r.stdout.contains("rate ratio 0.850  95% CI [0.808, 0.895]"), "\(r.stdout)")
        #expect(r.stdout.contains("percent  -14.96%"))
        #expect(r.stdout.contains("Cumulative over 1983-02…1984-12 (23 periods)"))
        #expect(r.stdout.contains("In words: At 1984-12 the series is 15% lower than it would have been without the intervention (95% CI "), "\(r.stdout)")
        #expect(r.stdout.contains("Durbin-Watson") && r.stdout.contains("rerun with --hac"), "\(r.stdout)")
        let hac = try CLITests.run(["fit"] + Self.driverDeaths + ["--model", "quasipoisson", "--intervention", "step:1983-02", "--hac"])
        #expect(hac.status == 0 && !hac.stdout.contains("rerun with --hac"))
        let json = try CLITests.run(["fit"] + Self.driverDeaths + ["--model", "lm", "--intervention", "pulse:1983-02", "--format", "json"])
        let o = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [String: Any]
        let e = (o["interventionEffects"] as! [[String: Any]])[0]
        #expect(e["terms"] as? String == "pulse_1983-02")
        #expect(((e["effect"] as! [String: Any])["period"] as? String) == "1983-02", "a pulse is reported at its own period")
    }

    @Test("compare: a Fingertips extract without counts, one area, ranks and quintiles")
    func whereDoWeSit() throws {
        let r = try CLITests.run(["compare", "notebooks-data/fingertips_lape/alcohol_related_admissions.csv", "--area", "Stoke-on-Trent"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("Stoke-on-Trent, 2017/18: 947 against England 632 — worse than England (the publisher's 95% comparison); rank "), "\(r.stdout)")
        #expect(r.stdout.contains("quintile 5 (worst fifth)"))
        #expect(!r.stdout.contains("Count") && r.stdout.contains("Rank"))
        #expect(r.stdout.hasPrefix("Indicator: Alcohol related admissions (narrow measure), Standardised rate per 100,000, Persons\n"))
        #expect(!r.stderr.contains("rejected"), "NA values are missing, not bad rows: \(r.stderr)")
        let bad = try CLITests.run(["compare", "notebooks-data/fingertips_lape/alcohol_related_admissions.csv", "--area", "Atlantis"])
        #expect(bad.status != 0 && bad.stderr.contains("--area 'Atlantis': no such area"))
        let ft = try CLITests.run(["compare", "notebooks-data/fingertips_format_fixture/indicators-CountyUA.data.csv", "--area", "Stoke-on-Trent"])
        #expect(ft.status == 0, "\(ft.stderr)")
        #expect(ft.stdout.contains("Campylobacter incidence rate/100,000, Persons, All ages") && !ft.stdout.contains("93356 |"), "\(ft.stdout)")
    }

    @Test("assess: run from another folder with --models alone; the folders are named")
    func assessOutsideTheRepository() throws {
        let elsewhere = FileManager.default.temporaryDirectory
        let p = Process()
        p.executableURL = CLITests.executable
        p.arguments = ["assess", "--models", TestSupport.repoRoot.appendingPathComponent("models").path]
        p.currentDirectoryURL = elsewhere
        let out = Pipe(), err = Pipe()
        p.standardOutput = out; p.standardError = err
        try p.run()
        let o = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let e = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "\(e)")
        #expect(e.contains("data paths relative to \(TestSupport.repoRoot.standardizedFileURL.path)"), "\(e)")
        #expect(o.contains("No outcome is on track") || o.contains("assessable outcomes"))
        let missing = try CLITests.run(["assess", "--models", "no-such-models"])
        #expect(missing.status != 0 && missing.stderr.contains("--models: no folder"))
    }

    @Test("funnel: England and regions left out by default; overdispersion is pointed out")
    func funnelDefaults() throws {
        let r = try CLITests.run(["funnel", "notebooks-data/fingertips_format_fixture/indicators-CountyUA.data.csv", "--period", "2016"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("point,2016,\"Campylobacter incidence rate/100,000, Persons, All ages\",Hartlepool,"), "\(r.stdout.prefix(400))")
        #expect(!r.stdout.contains(",England,") && !r.stdout.contains("93356 |"))
        #expect(r.stderr.contains("aggregate area(s)") && r.stderr.contains("--include-aggregates"))
        #expect(r.stderr.contains("look overdispersed") && r.stderr.contains("--overdispersion"), "\(r.stderr)")
        let all = try CLITests.run(["funnel", "notebooks-data/fingertips_format_fixture/indicators-CountyUA.data.csv", "--period", "2016", "--include-aggregates"])
        #expect(all.stdout.contains(",England,"))
        let adjusted = try CLITests.run(["funnel", "notebooks-data/fingertips_format_fixture/indicators-CountyUA.data.csv", "--period", "2016", "--overdispersion"])
        #expect(!adjusted.stderr.contains("look overdispersed"))
    }

    @Test("ingest: --out - is standard output, --table totals, counts are named count")
    func ingestToStdoutWithTable() throws {
        let file = "notebooks-data/policeuk_staffordshire/raw_sample_stoke_2019-01_street.csv"
        let r = try CLITests.run(["ingest", file, "--format", "policeuk", "--by", "crime-type", "--out", "-"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("crime_type,period,count\n") || r.stdout.contains(",period,count\n"), "\(r.stdout.prefix(200))")
        #expect(r.stdout.contains("Anti-social behaviour,2019-01,899"))
        #expect(!FileManager.default.fileExists(atPath: TestSupport.repoRoot.appendingPathComponent("-").path))
        let t = try CLITests.run(["ingest", file, "--format", "policeuk", "--by", "crime-type", "--table"])
        #expect(t.status == 0, "\(t.stderr)")
        #expect(t.stdout.contains("Anti-social behaviour") && t.stdout.contains("899"))
        #expect(t.stdout.split(separator: "\n").last!.hasPrefix("Total"), "\(t.stdout)")
        let none = try CLITests.run(["ingest", file, "--format", "policeuk"])
        #expect(none.status != 0 && none.stderr.contains("--out FILE"))
        // --check reads and accounts for the rows, writes nothing.
        let check = try CLITests.run(["ingest", file, "--format", "policeuk", "--by", "crime-type", "--check"])
        #expect(check.status == 0 && check.stdout.isEmpty, "\(check.stderr)")
        #expect(check.stderr.contains("Row account") && !check.stderr.contains("wrote"), "\(check.stderr)")
        let both = try CLITests.run(["ingest", file, "--format", "policeuk", "--check", "--out", "-"])
        #expect(both.status != 0 && both.stderr.contains("--check writes nothing"))
    }

    @Test("forecast --help tells the truth about --jobs")
    func jobsHelp() throws {
        let h = try CLITests.run(["forecast", "--help"])
        #expect(h.stdout.contains("one per processor"))
        // The --jobs entry (up to the next option) names no machine-specific default.
        let jobs = h.stdout.components(separatedBy: "--jobs <jobs>").dropFirst().first?.components(separatedBy: "\n  --").first ?? ""
        #expect(!jobs.isEmpty && !jobs.contains("all processors") && !jobs.contains("(default:"), "\(jobs)")
    }
}
