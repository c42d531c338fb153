// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
import _TestSupport

/// End-to-end runs of the `safercity` executable on the bundled data: what an analyst types.
struct CLITests {
    /// The built executable next to the test bundle (.build/<config>/safercity).
    static let executable: URL = {
        var dir = Bundle.main.bundleURL
        for _ in 0..<3 {
            let candidate = dir.appendingPathComponent("safercity")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return TestSupport.repoRoot.appendingPathComponent(".build/debug/safercity")
    }()

    struct Result { let status: Int32; let stdout: String; let stderr: String }

    static func run(_ args: [String]) throws -> Result {
        let p = Process()
        p.executableURL = executable
        p.arguments = args
        p.currentDirectoryURL = TestSupport.repoRoot
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Result(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    @Test func helpListsSubcommandsAndVersion() throws {
        let h = try Self.run(["--help"])
        for sub in ["assess", "fit", "compare", "funnel", "ingest"] { #expect(h.stdout.contains(sub), "help lacks \(sub)") }
        #expect(try Self.run(["--version"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "0.1.0")
    }

    @Test("README command one: assess prints the scorecard for every outcome")
    func assessScorecard() throws {
        let r = try Self.run(["assess"])
        #expect(r.status == 0, "\(r.stderr)")
        // Titles, not internal ids (issue 19).
        for title in ["Alcohol-related hospital admissions (narrow), Stoke-on-Trent", "Anti-social behaviour incidents, Stoke-on-Trent (police.uk)",
                      "Public order offences, Staffordshire police force area (recorded offences)",
                      "Violence with injury, Staffordshire police force area (recorded offences)"] {
            #expect(r.stdout.contains(title))
        }
        #expect(!r.stdout.contains("asb-stoke"))
        #expect(r.stdout.contains("Insufficient data"))
        #expect(r.stdout.contains("Not assessable with the bundled data (2 of 7 strategy outcomes)"))
        #expect(r.stdout.contains("Not assessable: needs local-data/ndtms-adults-in-alcohol-treatment.csv with columns period, area_code, adults_in_alcohol_treatment"))
        #expect(r.stdout.contains("recent trend Decreasing and getting better; worse than the goal"))
        #expect(r.stdout.contains("Not met: 1,255 observed in 2019/20"), "the children outcome's deadline is observed")
        #expect(r.stderr.contains("[7/7]"), "progress goes to stderr")
        let past = try Self.run(["assess", "--as-of", "2017-03"])
        #expect(past.stdout.contains("as of 2017-03"))
        #expect(past.stdout.contains("928 admissions per 100,000 (age-standardised) (2016/17)"), "\(past.stdout)")
    }

    @Test func badSpecFolderNamesFileKeyAndProblem() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("safercity-cli-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("outcomes"), withIntermediateDirectories: true)
        let models = TestSupport.repoRoot.appendingPathComponent("models")
        try FileManager.default.copyItem(at: models.appendingPathComponent("strategy.yaml"), to: dir.appendingPathComponent("strategy.yaml"))
        for f in try FileManager.default.contentsOfDirectory(atPath: models.appendingPathComponent("outcomes").path) {
            var text = try String(contentsOf: models.appendingPathComponent("outcomes/\(f)"), encoding: .utf8)
            if f == "asb-stoke.yaml" { text = text.replacingOccurrences(of: "deadline: 2020-03", with: "deadline: 2020-13") }
            try text.write(to: dir.appendingPathComponent("outcomes/\(f)"), atomically: true, encoding: .utf8)
        }
        let r = try Self.run(["assess", "--models", dir.path])
        #expect(r.status != 0)
        #expect(r.stderr.contains("outcomes/asb-stoke.yaml: key 'target.deadline': '2020-13' is not a period"), "\(r.stderr)")
    }

    @Test func badAsOfIsRejected() throws {
        let r = try Self.run(["assess", "--as-of", "spring"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("--as-of 'spring' is not a period"))
    }

    @Test func compareReproducesThePublishedFingertipsCategories() throws {
        let r = try Self.run(["compare", "notebooks-data/fingertips_format_fixture/indicators-CountyUA.data.csv",
                              "--benchmark", "England", "--method", "auto", "--format", "csv"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("Stoke-on-Trent"))
    }

    @Test func fitOnUKDriverDeathsWithTheSeatBeltLaw() throws {
        let bad = try Self.run(["fit", "notebooks-data/classic_ts/pydataset_UKDriverDeaths.csv", "--model", "lm"])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("column 'time' holds decimal years (an R ts export); read the file with --input-format rts"))
        let r = try Self.run(["fit", "notebooks-data/classic_ts/pydataset_UKDriverDeaths.csv", "--input-format", "rts",
                              "--frequency", "month", "--model", "lm",
                              "--intervention", "step:1983-02", "--horizon", "12", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        let terms = (json["coefficients"] as! [[String: Any]]).map { $0["term"] as! String }
        #expect(terms.contains("step_1983-02") && terms.contains("(Intercept)") && terms.contains("season12"))
        #expect((json["forecast"] as! [Any]).count == 12)
        // The seat-belt law's step against R 4.x: coef(lm(y ~ t + factor(month) + I(t >= 170)))
        // on the same CSV gives -226.385033603 (also in notebooks-data/references/regression).
        let step = (json["coefficients"] as! [[String: Any]]).first { $0["term"] as! String == "step_1983-02" }!
        #expect(abs((step["estimate"] as! Double) - -226.385033603) < 1e-6)
    }

    @Test func ingestReportsTheRowAccount() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("ingest-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: out) }
        let r = try Self.run(["ingest", "notebooks-data/policeuk_staffordshire/raw_sample_stoke_2019-01_street.csv",
                              "--format", "policeuk", "--by", "crime-type", "--out", out.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect((r.stdout + r.stderr).contains("3137"))
        let tidy = try String(contentsOf: out, encoding: .utf8)
        #expect(tidy.contains("Anti-social behaviour") && tidy.contains("899"))
    }
}

struct ForecastCLITests {
    @Test("forecast reads through SeriesData and labels the forecast periods (AirPassengers, ETS(M,Ad,M) as R)")
    func forecastOneSeries() throws {
        let r = try CLITests.run(["forecast", "notebooks-data/classic_ts/pydataset_AirPassengers.csv", "--input-format", "rts",
                                  "--frequency", "month", "--horizon", "3", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        #expect(json["model"] as? String == "ETS(M,Ad,M)")
        let fc = json["forecast"] as! [[String: Any]]
        #expect(fc.map { $0["period"] as! String } == ["1961-01", "1961-02", "1961-03"])
        #expect((fc[0]["lower"] as! [String: Any])["95"] != nil)
    }

    @Test("forecast --by forecasts every series and reports the ones it skips")
    func forecastByKeys() throws {
        let r = try CLITests.run(["forecast", "notebooks-data/policeuk_staffordshire/monthly_counts_by_area.csv",
                                  "--by", "area,crime_type", "--period-column", "month", "--value-column", "count",
                                  "--to", "2019-02", "--horizon", "2", "--model", "naive", "--format", "csv"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.first == "area,crime_type,model,period,mean,lower_80,upper_80,lower_95,upper_95")
        // Stoke-on-Trent ASB in 2019-02 was 985 (SOURCE.md): the naive forecast repeats it.
        #expect(lines.contains { $0.hasPrefix("Stoke-on-Trent,Anti-social behaviour,Naive method,2019-03,985.0,") })
        #expect(r.stderr.contains("series forecast 746, skipped 15:"))
        #expect(r.stderr.contains("skipped: notebooks-data/policeuk_staffordshire/monthly_counts_by_area.csv (Birmingham / Burglary)"))
    }
}
