// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
import _TestSupport

/// `safercity calibrate`: the replay harness as an analyst runs it.
struct CalibrateCLITests {
    @Test("calibrate prints the scores and quintiles, writes the reliability SVG and every replayed forecast")
    func replayTableSVGAndCSV() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("safercity-cal-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let svg = dir.appendingPathComponent("rel.svg").path, csv = dir.appendingPathComponent("rel.csv").path
        let r = try CLITests.run(["calibrate", "models/outcomes/alcohol-admissions-stoke.yaml", "--origins", "2015/16",
                                  "--horizon", "2", "--svg", svg, "--csv", csv])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("324 peer areas"))
        #expect(r.stdout.contains("324 forecasts"))
        #expect(r.stdout.contains("skill +0.044"))
        #expect(r.stdout.contains("quintile of P"))
        let picture = try String(contentsOfFile: svg, encoding: .utf8)
        #expect(picture.hasPrefix("<svg") && picture.contains("reliability diagram") && picture.hasSuffix("</svg>"))
        let rows = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n")
        #expect(rows.count == 1 + 324)
        #expect(rows.first == "method,area,origin,probability,met,actual,median,lower80,upper80,lower95,upper95,crps")
    }

    @Test("Bad options name the option and what was expected")
    func badOptions() throws {
        let noPeers = try CLITests.run(["calibrate", "models/outcomes/asb-stoke.yaml"])
        #expect(noPeers.status != 0)
        #expect(noPeers.stderr.contains("series.peers"))
        let badOrigin = try CLITests.run(["calibrate", "models/outcomes/alcohol-admissions-stoke.yaml", "--origins", "2016-17x"])
        #expect(badOrigin.status != 0 && badOrigin.stderr.contains("--origins"))
        let late = try CLITests.run(["calibrate", "models/outcomes/alcohol-admissions-stoke.yaml", "--origins", "2017/18"])
        #expect(late.status != 0 && late.stderr.contains("after the last period with data"))
        let none = try CLITests.run(["calibrate", "models/outcomes/alcohol-admissions-stoke.yaml", "--origins", ",,,"])
        #expect(none.status != 0 && none.stderr.contains("--origins lists no period"))
        let device = try CLITests.run(["calibrate", "/dev/null"])
        #expect(device.status != 0 && device.stderr.contains("not a regular file"))
        let folder = try CLITests.run(["calibrate", "models"])
        #expect(folder.status != 0 && folder.stderr.contains("is a folder"))
        let h = try CLITests.run(["calibrate", "models/outcomes/alcohol-admissions-stoke.yaml", "--horizon", "0"])
        #expect(h.status != 0 && h.stderr.contains("--horizon"))
    }
}
