// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import SeriesData
import Testing
import _TestSupport

/// `forecast --by --reconcile` and `reconcile` as an analyst runs them (issue 16).
struct ReconcileCLITests {
    static let panel = "notebooks-data/policeuk_staffordshire/la_crime_type_2018-10_2019-02.csv"

    @Test("forecast --by la,crime_type --reconcile: one row per node and month, parts add up to the whole")
    func forecastReconciled() throws {
        let r = try CLITests.run(["forecast", Self.panel, "--by", "la,crime_type", "--period-column", "month",
                                  "--value-column", "count", "--model", "theta", "--horizon", "2",
                                  "--reconcile", "wls-struct", "--format", "csv"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.first == "la,crime_type,level,model,period,base_mean,mean,lower_80,upper_80,lower_95,upper_95")
        // 1 total + 9 LAs + 14 crime types + 126 bottom series, 2 months each.
        #expect(lines.count == 1 + 150 * 2)
        var total = [String: Double](), bottomSum = [String: Double](), laSum = [String: Double]()
        for line in lines.dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            let mean = try #require(Double(f[6]))
            if f[0] == "(all)" && f[1] == "(all)" { total[f[4]] = mean }
            if f[0] != "(all)" && f[1] != "(all)" { bottomSum[f[4], default: 0] += mean }
            if f[0] != "(all)" && f[1] == "(all)" { laSum[f[4], default: 0] += mean }
        }
        #expect(total.keys.sorted() == ["2019-03", "2019-04"])
        for (period, t) in total {
            expectClose(bottomSum[period] ?? .nan, t, rtol: 1e-12, "bottoms add to the total in \(period)")
            expectClose(laSum[period] ?? .nan, t, rtol: 1e-12, "LAs add to the total in \(period)")
        }
    }

    @Test("reconcile BASE.csv matches hierarchicalforecast's mint-shrink on ONS region → PFA")
    func reconcileBaseFile() throws {
        let r = try CLITests.run(["reconcile", "notebooks-data/references/reconciliation/ons_region_pfa_base.csv",
                                  "--method", "mint-shrink", "--hierarchy", "region/pfa", "--levels", "95"])
        #expect(r.status == 0, "\(r.stderr)")
        let ref = TestSupport.text("references/reconciliation/ons_region_pfa_reconciled.csv").split(separator: "\n")
            .filter { $0.contains(",mint-shrink,") }
        var expected = [String: Double]()
        for line in ref { let f = line.split(separator: ",").map(String.init); expected["\(f[0])|\(f[1])|\(f[3])"] = Double(f[4]) }
        let rows = r.stdout.split(separator: "\n").dropFirst()
        #expect(rows.count == expected.count)
        let steps = ["2019": "1", "2020": "2", "2021": "3"]
        var checked = 0
        for line in rows {
            let f = line.split(separator: ",").map(String.init)
            guard let step = steps[f[4]], let e = expected["\(f[0])|\(f[1])|\(step)"] else { continue }
            expectClose(Double(f[6]) ?? .nan, e, rtol: 1e-8, "\(f[0]) \(f[1]) step \(step)")
            checked += 1
        }
        #expect(checked == expected.count)
    }

    @Test("Bad reconciliation input names the option, column or line")
    func errors() throws {
        let noBy = try CLITests.run(["forecast", Self.panel, "--horizon", "2", "--reconcile", "ols"])
        #expect(noBy.status != 0 && noBy.stderr.contains("--reconcile needs --by"))
        let badMethod = try CLITests.run(["forecast", Self.panel, "--by", "la,crime_type", "--horizon", "2", "--reconcile", "mint-sample"])
        #expect(badMethod.status != 0 && badMethod.stderr.contains("--reconcile") && badMethod.stderr.contains("wls-struct"))
        let wrong = try CLITests.run(["forecast", Self.panel, "--by", "la,crime_type", "--period-column", "month",
                                      "--value-column", "count", "--horizon", "2", "--reconcile", "ols", "--hierarchy", "force/la*crime_type"])
        #expect(wrong.status != 0 && wrong.stderr.contains("'force'") && wrong.stderr.contains("la, crime_type"))
        let td = try CLITests.run(["forecast", Self.panel, "--by", "la,crime_type", "--period-column", "month",
                                   "--value-column", "count", "--model", "naive", "--horizon", "2", "--reconcile", "top-down:forecast-proportions"])
        #expect(td.status != 0 && td.stderr.contains("single nested hierarchy"))
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("safercity-rec-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let bad = dir.appendingPathComponent("base.csv")
        try "area,kind,index,value\n(all),forecast,1,3\na,forecast,1,1\nb,forcast,1,1\n".write(to: bad, atomically: true, encoding: .utf8)
        let r = try CLITests.run(["reconcile", bad.path, "--method", "ols"])
        #expect(r.status != 0 && r.stderr.contains("line 4") && r.stderr.contains("'forcast'"))
        let ons = "notebooks-data/references/reconciliation/ons_region_pfa_base.csv"
        let noLevels = try CLITests.run(["reconcile", ons, "--method", "ols", "--hierarchy", "region/pfa", "--levels", ""])
        #expect(noLevels.status != 0 && noLevels.stderr.contains("--levels lists no level"))
        let otherStructure = try CLITests.run(["reconcile", ons, "--method", "ols"])
        #expect(otherStructure.status != 0 && otherStructure.stderr.contains("name it with --hierarchy"))
    }

    @Test("reconcile: a key holding a comma and a quote reads in and writes out as one field (RecordText, CSVReader)")
    func quotedKeyRoundTrips() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("safercity-rec-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let base = dir.appendingPathComponent("base.csv"), out = dir.appendingPathComponent("out.csv")
        // Stoke, "North" written as R's write.csv writes it; Leek plain; CRLF line ends.
        let text = "area,kind,index,value\r\n(all),forecast,1,10\r\n\"Stoke, \"\"North\"\"\",forecast,1,4\r\n"
            + "Leek,forecast,1,5\r\n\"(all)\",forecast,2,12\r\n\"Stoke, \"\"North\"\"\",forecast,2,7\r\nLeek,forecast,2,6.5\r\n"
        try text.write(to: base, atomically: true, encoding: .utf8)
        let r = try CLITests.run(["reconcile", base.path, "--method", "bottom-up", "--output", out.path])
        #expect(r.status == 0, "\(r.stderr)")
        let rows = try CSVReader(url: out).readAll().map(\.fields)
        #expect(rows.first == ["area", "level", "model", "period", "base_mean", "mean"])
        var mean = [String: Double]()
        for row in rows.dropFirst() {
            try #require(row.count == 6, "\(row)")
            mean["\(row[0])|\(row[3])"] = Double(row[5])
        }
        #expect(Set(mean.keys) == ["(all)|1", "(all)|2", "Stoke, \"North\"|1", "Stoke, \"North\"|2", "Leek|1", "Leek|2"])
        expectClose(mean["Stoke, \"North\"|1"] ?? .nan, 4, atol: 0, "bottom-up keeps the bottom forecast")
        expectClose(mean["Stoke, \"North\"|2"] ?? .nan, 7, atol: 0, "bottom-up keeps the bottom forecast")
        expectClose(mean["(all)|1"] ?? .nan, 9, atol: 0, "the total is the sum of Stoke, \"North\" and Leek")
        expectClose(mean["(all)|2"] ?? .nan, 13.5, atol: 0, "the total is the sum of Stoke, \"North\" and Leek")
        // The written text quotes the key the RFC 4180 way, and reading it back again gives the same file.
        let written = try String(contentsOf: out, encoding: .utf8)
        #expect(written.contains("\n\"Stoke, \"\"North\"\"\",area,"))
        let unclosed = dir.appendingPathComponent("unclosed.csv")
        try "area,kind,index,value\n(all),forecast,1,3\n\"Stoke,forecast,1,1\n".write(to: unclosed, atomically: true, encoding: .utf8)
        let bad = try CLITests.run(["reconcile", unclosed.path, "--method", "ols"])
        #expect(bad.status != 0 && bad.stderr.contains("line 3") && bad.stderr.contains("unclosed quote"), "\(bad.stderr)")
    }

}
