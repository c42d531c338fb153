// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
import _TestSupport

/// `safercity forecast` / `backtest` with the intermittent-demand methods on the generated
/// LSOA × crime-type count panel (notebooks-data/references/forecasting/intermittent_panel.csv).
struct IntermittentCLITests {
    static let panel = "notebooks-data/references/forecasting/intermittent_panel.csv"

    @Test func autoCountForecastsEverySeriesWithCountLimits() throws {
        let r = try CLITests.run(["forecast", Self.panel, "--input-format", "wide", "--by", "area,crime_type",
                                  "--model", "auto-count", "--horizon", "2", "--jobs", "1", "--format", "csv"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.first == "area,crime_type,model,period,mean,lower_80,upper_80,lower_95,upper_95")
        #expect(lines.count == 1 + 300 * 2)
        for line in lines.dropFirst() {
            // The model name holds no comma; the last five fields are numbers.
            let f = line.split(separator: ",").suffix(5).map { Double($0)! }
            #expect(f[0] >= 0, "\(line)")
            for limit in f[1...] { #expect(limit >= 0 && limit == limit.rounded(), "\(line)") }
            // mean, lower80, upper80, lower95, upper95: the 95% interval contains the 80% one.
            #expect(f[3] <= f[1] && f[1] <= f[2] && f[2] <= f[4], "\(line)")
        }
        #expect(lines.contains { $0.contains("TSB+ADIDA+IMAPA (auto-count: combination)") })
    }

    @Test func methodNamesWorkInBacktestLists() throws {
        let r = try CLITests.run(["backtest", Self.panel, "--input-format", "wide", "--key-columns", "area,crime_type",
                                  "--series", "LSOA-001,Burglary", "--horizon", "3", "--initial", "36",
                                  "--models", "croston,croston:optimized,croston:sba,tsb:0.1:0.1,adida,imapa,auto-count"])
        #expect(r.status == 0, "\(r.stderr)")
        for m in ["croston:optimized", "tsb:0.1:0.1", "imapa", "auto-count"] {
            #expect(r.stdout.split(separator: "\n").contains { $0.hasPrefix(m + " ") }, "\(m) missing:\n\(r.stdout)")
        }
    }

    /// A police.uk-style tidy file lists only the months with a crime: without `--fill-missing`
    /// a series with an absent month is skipped as having a gap (said on stderr); with
    /// `--fill-missing zero` the absent months are written as 0, counted and named on stderr.
    @Test func fillMissingZeroWritesAbsentMonthsAndSaysSo() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("fill-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: file) }
        // Area A: 2019-03 and 2019-05…2019-06 absent inside the span; area B complete.
        var text = "area,month,count\n"
        for (m, v) in [(1, 2), (2, 1), (4, 3), (7, 1), (8, 2), (9, 1), (10, 1), (11, 2), (12, 1)] { text += "A,2019-\(String(format: "%02d", m)),\(v)\n" }
        for m in 1...12 { text += "B,2019-\(String(format: "%02d", m)),\(m % 3)\n" }
        try text.write(to: file, atomically: true, encoding: .utf8)
        let base = ["forecast", file.path, "--by", "area", "--model", "croston", "--horizon", "1", "--jobs", "1", "--format", "csv"]
        let gap = try CLITests.run(base)
        #expect(gap.status == 0, "\(gap.stderr)")
        #expect(gap.stderr.contains("skipped") && gap.stdout.split(separator: "\n").count == 2, "\(gap.stdout)\n\(gap.stderr)")
        let filled = try CLITests.run(base + ["--fill-missing", "zero"])
        #expect(filled.status == 0, "\(filled.stderr)")
        #expect(filled.stderr.contains("(A): --fill-missing zero wrote 3 missing period(s) as 0 (2019-03, 2019-05…2019-06)"), "\(filled.stderr)")
        #expect(!filled.stderr.contains("(B)"))
        let rows = filled.stdout.split(separator: "\n")
        #expect(rows.count == 3 && rows[1].hasPrefix("A,CrostonClassic,2020-01,"), "\(filled.stdout)")
        // The forecast is Croston's (α = 0.1) on the zero-filled series 2 1 0 3 0 0 1 2 1 1 2 1:
        // SES of the sizes 2 1 3 1 2 1 1 2 1 over SES of the intervals 1 1 2 3 1 1 1 1 1
        // = 1.4449321878030166 (by hand in Python; the CSV prints it rounded).
        let mean = try #require(Double(rows[1].split(separator: ",")[3]))
        #expect(abs(mean - 1.4449321878030166) <= 1e-4, "\(mean)")
        // --from before the first listed month extends the series with zeros, counted too.
        let extended = try CLITests.run(base + ["--fill-missing", "zero", "--from", "2018-11"])
        #expect(extended.stderr.contains("(A): --fill-missing zero wrote 5 missing period(s) as 0 (2018-11…2018-12, 2019-03, 2019-05…2019-06)"), "\(extended.stderr)")
        let bad = try CLITests.run(base + ["--fill-missing", "mean"])
        #expect(bad.status != 0 && bad.stderr.contains("fill-missing"), "\(bad.stderr)")
    }
}
