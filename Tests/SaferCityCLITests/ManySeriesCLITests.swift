// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
import _TestSupport

/// `forecast`/`backtest`/`fit --by` on generated panels (labelled: not real data): the same bytes
/// for any --jobs, stdin as a file, ungrouped input refused naming the line, a failing series in
/// the middle reported while the others are forecast.
struct ManySeriesCLITests {
    /// `areas` areas × 2 crime types × `months` months of counts, grouped by key; the series
    /// `A<gapArea>,drugs` lacks its 5th month when `gapArea` is given.
    static func panel(areas: Int, months: Int, gapArea: Int? = nil) -> String {
        var s = "area,crime_type,month,count\n"
        for a in 0..<areas {
            for (t, type) in ["burglary", "drugs"].enumerated() {
                for m in 0..<months where !(a == gapArea && type == "drugs" && m == 4) {
                    s += "A\(a),\(type),\(2018 + m / 12)-\(String(format: "%02d", m % 12 + 1)),\(5 + (a * 13 + t * 5 + m * 7) % 17)\n"
                }
            }
        }
        return s
    }

    static func run(_ args: [String], stdin: String? = nil, in dir: URL) throws -> CLITests.Result {
        let p = Process()
        p.executableURL = CLITests.executable
        p.arguments = args
        p.currentDirectoryURL = dir
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        var input: Pipe? = nil
        if stdin != nil { input = Pipe(); p.standardInput = input }
        try p.run()
        if let stdin, let input {
            let h = input.fileHandleForWriting
            DispatchQueue.global().async { h.write(Data(stdin.utf8)); try? h.close() }
        }
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return CLITests.Result(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    @Test("forecast --by: 1, 2 and 3 jobs write the same bytes (csv and jsonl, theta and ETS); stdin gives the same")
    func deterministicAcrossJobs() throws {
        let dir = try ReliabilityCLITests.folder(["p.csv": Self.panel(areas: 30, months: 30)])
        defer { try? FileManager.default.removeItem(at: dir) }
        for (model, format) in [("theta", "csv"), ("ets:ANN", "jsonl")] {
            let base = ["forecast", "p.csv", "--by", "area,crime_type", "--model", model, "--horizon", "3", "--format", format]
            let one = try Self.run(base + ["--jobs", "1"], in: dir)
            #expect(one.status == 0, "\(one.stderr)")
            #expect(one.stdout.split(separator: "\n").count == (format == "csv" ? 1 + 60 * 3 : 60))
            #expect(one.stderr.contains("series in 60 = forecast 60 + failed 0"), "\(one.stderr)")
            for jobs in ["2", "3"] {
                let r = try Self.run(base + ["--jobs", jobs], in: dir)
                #expect(r.status == 0 && r.stdout == one.stdout, "\(model) --jobs \(jobs) differs from --jobs 1")
            }
            var piped = base
            piped[1] = "-"
            let s = try Self.run(piped + ["--jobs", "2"], stdin: Self.panel(areas: 30, months: 30), in: dir)
            #expect(s.status == 0 && s.stdout == one.stdout, "stdin: \(s.stderr)")
        }
    }

    @Test("a series that cannot be modelled in the middle of the stream is reported; the others are forecast")
    func failingSeriesInTheMiddle() throws {
        let dir = try ReliabilityCLITests.folder(["p.csv": Self.panel(areas: 5, months: 24, gapArea: 2)])
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try Self.run(["forecast", "p.csv", "--by", "area,crime_type", "--model", "naive", "--horizon", "1",
                              "--format", "jsonl", "--errors", "failed.csv", "--output", "out.jsonl", "--jobs", "2"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("series in 10 = forecast 9 + failed 1"), "\(r.stderr)")
        #expect(r.stderr.contains("skipped: p.csv (A2 / drugs): "), "\(r.stderr)")
        let lines = try String(contentsOf: dir.appendingPathComponent("out.jsonl"), encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 10)
        let records = try lines.map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        // Input order: A0 burglary, A0 drugs, A1 …, A2 burglary (4), A2 drugs (5) — the failure is in place.
        #expect((records[5]["key"] as? [String: String]) == ["area": "A2", "crime_type": "drugs"])
        #expect((records[5]["error"] as? String)?.contains("missing value") == true, "\(records[5])")
        #expect(records.enumerated().allSatisfy { $0.offset == 5 || $0.element["forecast"] != nil })
        let failed = try String(contentsOf: dir.appendingPathComponent("failed.csv"), encoding: .utf8).split(separator: "\n")
        #expect(failed.count == 2 && failed[0] == "area,crime_type,reason" && failed[1].hasPrefix("A2,drugs,"), "\(failed)")
        // --on-error fail: a non-zero exit naming the series, and the output file is not written.
        let f = try Self.run(["forecast", "p.csv", "--by", "area,crime_type", "--model", "naive", "--horizon", "1",
                              "--on-error", "fail", "--output", "stopped.csv", "--format", "csv"], in: dir)
        #expect(f.status != 0)
        #expect(f.stderr.contains("(A2 / drugs)") && f.stderr.contains("--on-error fail"), "\(f.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("stopped.csv").path))
    }

    @Test("a panel of three 1 MiB blocks (2.4 MB, CRLF, a rejected row at a series boundary): 1, 2 and 3 jobs write the same bytes and account; a key that comes back in the last block is named with its line for every job count")
    func severalBlocks() throws {
        // 700 areas × 2 crime types × 72 months, CRLF line ends; one row with a bad period.
        var rows = Self.panel(areas: 700, months: 72).split(separator: "\n").map(String.init)
        rows.insert("A7,burglary,2018-13,4", at: 1 + 15 * 72)  // between two series: rejected (bad period)
        let text = rows.joined(separator: "\r\n") + "\r\n"
        #expect(text.utf8.count > 2 << 20)  // three blocks of 1 MiB (`CSVReader.chunkSize`)
        let repeated = text + "A3,drugs,2030-01,4\r\n"
        let dir = try ReliabilityCLITests.folder(["p.csv": text, "u.csv": repeated])
        defer { try? FileManager.default.removeItem(at: dir) }
        let base = ["forecast", "p.csv", "--by", "area,crime_type", "--model", "naive", "--horizon", "2", "--format", "csv"]
        let one = try Self.run(base + ["--jobs", "1"], in: dir)
        #expect(one.status == 0, "\(one.stderr)")
        #expect(one.stdout.split(separator: "\n").count == 1 + 1400 * 2)
        #expect(one.stderr.contains("rows read 100801 = used 100800 + rejected 1"), "\(one.stderr)")
        #expect(one.stderr.contains("p.csv, line 1082, column 3 (month)"), "\(one.stderr)")
        #expect(one.stderr.contains("series in 1400 = forecast 1400 + failed 0"), "\(one.stderr)")
        for jobs in ["2", "3"] {
            let r = try Self.run(base + ["--jobs", jobs], in: dir)
            #expect(r.status == 0 && r.stdout == one.stdout && r.stderr == one.stderr, "--jobs \(jobs) differs from --jobs 1")
        }
        var messages: [String] = []
        for jobs in ["1", "2", "3"] {
            var args = base
            args[1] = "u.csv"
            let r = try Self.run(args + ["--jobs", jobs], in: dir)
            #expect(r.status != 0)
            messages.append(r.stderr)
        }
        #expect(messages[0].contains("u.csv, line 100803, column 1 (area)") && messages[0].contains("A3 / drugs"), "\(messages[0])")
        #expect(messages[1] == messages[0] && messages[2] == messages[0])
    }

    @Test("a key that comes back after the first rows stops the run, naming the line and the sort fix")
    func ungroupedInputRefused() throws {
        // 40 areas grouped (80 series × 12 rows: beyond the 200-row sample), then A3 burglary again.
        var text = Self.panel(areas: 40, months: 12)
        text += "A3,burglary,2019-01,4\n"
        let line = 1 + 80 * 12 + 1
        let dir = try ReliabilityCLITests.folder(["u.csv": text])
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try Self.run(["forecast", "u.csv", "--by", "area,crime_type", "--model", "naive", "--horizon", "1",
                              "--format", "csv", "--output", "out.csv"], in: dir)
        #expect(r.status != 0)
        #expect(r.stderr.contains("u.csv, line \(line)") && r.stderr.contains("A3 / burglary"), "\(r.stderr)")
        #expect(r.stderr.contains("sort -t, -s -k1,1 -k2,2"), "\(r.stderr)")
        #expect(!r.stderr.contains("Fatal error"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out.csv").path))
    }

    @Test("input ordered by period (as police.uk downloads are) is read whole with a note; the forecasts equal those of the grouped file, for 1 and 2 jobs")
    func periodOrderedInput() throws {
        // 6 areas (keys A0…A5, already in sorted order) × 2 crime types × 24 months, rows sorted by month.
        let grouped = Self.panel(areas: 6, months: 24)
        let rows = grouped.split(separator: "\n").dropFirst().map(String.init).enumerated()
            .sorted { ($0.element.split(separator: ",")[2], $0.offset) < ($1.element.split(separator: ",")[2], $1.offset) }.map(\.element)
        let byPeriod = "area,crime_type,month,count\n" + rows.joined(separator: "\n") + "\n"
        let dir = try ReliabilityCLITests.folder(["g.csv": grouped, "p.csv": byPeriod])
        defer { try? FileManager.default.removeItem(at: dir) }
        let base = ["forecast", "g.csv", "--by", "area,crime_type", "--model", "theta", "--horizon", "3", "--format", "csv"]
        let reference = try Self.run(base + ["--jobs", "1"], in: dir)
        #expect(reference.status == 0 && reference.stdout.split(separator: "\n").count == 1 + 12 * 3, "\(reference.stderr)")
        for jobs in ["1", "2"] {
            var args = base
            args[1] = "p.csv"
            let r = try Self.run(args + ["--jobs", jobs], in: dir)
            #expect(r.status == 0 && r.stdout == reference.stdout, "--jobs \(jobs): \(r.stderr)")
            #expect(r.stderr.contains("note: p.csv is not grouped by area,crime_type") && r.stderr.contains("reading it whole in memory"), "\(r.stderr)")
            #expect(r.stderr.contains("series in 12 = forecast 12 + failed 0"), "\(r.stderr)")
        }
    }

    @Test("backtest and fit --by write one result per series, the same for 1 and 2 jobs")
    func backtestAndFitBy() throws {
        let dir = try ReliabilityCLITests.folder(["p.csv": Self.panel(areas: 4, months: 36)])
        defer { try? FileManager.default.removeItem(at: dir) }
        let bt = ["backtest", "p.csv", "--by", "area,crime_type", "--models", "naive,snaive", "--horizon", "2", "--initial", "24", "--format", "csv"]
        let b1 = try Self.run(bt + ["--jobs", "1"], in: dir), b2 = try Self.run(bt + ["--jobs", "2"], in: dir)
        #expect(b1.status == 0, "\(b1.stderr)")
        let rows = b1.stdout.split(separator: "\n")
        #expect(rows.first == "area,crime_type,model,mae_h1,mae_h2,mae,rmse,n")
        #expect(rows.count == 1 + 8 * 2 && b2.stdout == b1.stdout)
        // The naive row equals the one-series backtest of that series: origins 24…35 give 12
        // one-step and 11 two-step errors = 23, MAE h=1 8.25.
        #expect(rows[1].hasPrefix("A0,burglary,naive,8.25,") && rows[1].hasSuffix(",23"), "\(rows[1])")
        let single = try Self.run(["backtest", "p.csv", "--key-columns", "area,crime_type", "--series", "A0,burglary", "--models", "naive",
                                   "--horizon", "2", "--initial", "24"], in: dir)
        let naiveLine = single.stdout.split(separator: "\n").first { $0.hasPrefix("naive ") }.map(String.init) ?? ""
        #expect(naiveLine.split(separator: " ").map(String.init) == ["naive", "8.25", "4", "6.2174", "7.0062", "23"], "\(single.stdout)")
        let fit = ["fit", "p.csv", "--by", "area,crime_type", "--model", "poisson", "--season", "none", "--format", "csv"]
        let f1 = try Self.run(fit + ["--jobs", "1"], in: dir), f2 = try Self.run(fit + ["--jobs", "2"], in: dir)
        #expect(f1.status == 0, "\(f1.stderr)")
        let frows = f1.stdout.split(separator: "\n")
        #expect(frows.first == "area,crime_type,model,term,estimate,std_error,statistic,p_value,lower_95,upper_95")
        #expect(frows.count == 1 + 8 * 2 && f2.stdout == f1.stdout)
        #expect(f1.stderr.contains("series in 8 = fitted 8 + failed 0"))
    }

    @Test("fit --by --model lm with seasonal dummies on 72 months: 1 and 2 jobs write the same bytes (BLAS held to one thread)")
    func fitLinearModelDeterministic() throws {
        let dir = try ReliabilityCLITests.folder(["p.csv": Self.panel(areas: 6, months: 72)])
        defer { try? FileManager.default.removeItem(at: dir) }
        let fit = ["fit", "p.csv", "--by", "area,crime_type", "--model", "lm", "--format", "csv"]
        let f1 = try Self.run(fit + ["--jobs", "1"], in: dir), f2 = try Self.run(fit + ["--jobs", "2"], in: dir)
        #expect(f1.status == 0, "\(f1.stderr)")
        #expect(f1.stdout.split(separator: "\n").count == 1 + 12 * 13)
        #expect(f2.stdout == f1.stdout)
    }
}
