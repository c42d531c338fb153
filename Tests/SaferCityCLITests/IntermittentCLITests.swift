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
        #expect(lines.contains { $0.contains("CrostonSBA (auto-count: intermittent)") })
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
}
