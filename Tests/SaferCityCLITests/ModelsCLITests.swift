// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
import _TestSupport

/// The one model registry on the command line: `safercity models`, every name accepted by
/// `forecast --model`, one error listing the valid names, and the docs table kept in step.
struct ModelsCLITests {
    static let file = "notebooks-data/classic_ts/pydataset_USAccDeaths.csv"
    static let input = ["--input-format", "rts", "--frequency", "month"]

    /// docs/Architecture.md holds `safercity models --markdown` verbatim.
    @Test func docsTableIsTheRegistry() throws {
        let r = try CLITests.run(["models", "--markdown"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count >= 24, "\(r.stdout)")  // header, rule, one row per model
        let doc = try String(contentsOf: TestSupport.repoRoot.appendingPathComponent("docs/Architecture.md"), encoding: .utf8)
        #expect(doc.contains(r.stdout), "docs/Architecture.md's model table differs from `safercity models --markdown`; paste the new table")
    }

    /// Every registry name (one example per entry) is a model `forecast --model` fits.
    @Test func everyExampleNameForecasts() throws {
        let names = try CLITests.run(["models", "--examples"]).stdout.split(separator: "\n").map(String.init)
        #expect(names.count >= 22 && names.contains("linear-trend") && names.contains("arima:0,1,1:0,1,1"), "\(names)")
        for name in names {
            let r = try CLITests.run(["forecast", Self.file] + Self.input + ["--horizon", "2", "--model", name, "--format", "csv"])
            #expect(r.status == 0, "\(name): \(r.stderr)")
            #expect(r.stdout.split(separator: "\n").count == 3, "\(name): \(r.stdout)")
        }
        let lt = try CLITests.run(["forecast", Self.file] + Self.input + ["--horizon", "2", "--model", "linear-trend", "--format", "csv"])
        #expect(lt.stdout.split(separator: "\n").dropFirst().allSatisfy { $0.hasPrefix("Linear trend (OLS),1979-") }, "\(lt.stdout)")
    }

    /// An unknown name: one error that lists every valid form, the same from forecast and backtest.
    @Test func unknownNameListsEveryValidName() throws {
        let f = try CLITests.run(["forecast", Self.file] + Self.input + ["--horizon", "2", "--model", "prophet"])
        let b = try CLITests.run(["backtest", Self.file] + Self.input + ["--horizon", "2", "--initial", "60", "--models", "naive,prophet"])
        for r in [f, b] {
            #expect(r.status != 0)
            #expect(r.stderr.contains("unknown forecasting method 'prophet'; expected auto | ets[:SPEC[:damped|:undamped]] | theta |"), "\(r.stderr)")
            #expect(r.stderr.contains("| linear-trend | negbin-trend"), "\(r.stderr)")
        }
        let help = try CLITests.run(["forecast", "--help"]).stdout
        #expect(help.contains("linear-trend") && help.contains("auto.arima (also arima)"), "\(help)")
    }
}
