// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
import _TestSupport

/// Issue 12: adversarial inputs and options end in a plain error naming the file, line or option
/// and a non-zero exit, never a trap, a silently wrong result or a runaway allocation.
struct ReliabilityCLITests {
    /// A fresh folder with the given files (name → contents), removed by the caller.
    static func folder(_ files: [String: String]) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("safercity-rel-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (name, text) in files { try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        return dir
    }

    /// 48 months of one series, `period,value`.
    static let good: String = {
        var s = "period,value\n"
        for i in 0..<48 { s += String(format: "%04d-%02d,%d\n", 2015 + i / 12, i % 12 + 1, 100 + (i * 7) % 23) }
        return s
    }()

    /// Two series keyed by `area` (A rises from 100, B from 500), 12 months each.
    static let twoSeries: String = {
        var s = "area,period,value\n"
        for (k, base) in [("A", 100), ("B", 500)] { for m in 1...12 { s += "\(k),2018-\(String(format: "%02d", m)),\(base + m)\n" } }
        return s
    }()

    /// A keyed file whose every row is invalid (values are not numbers).
    static let allBadKeyed = "area,period,value\nA,2018-01,abc\nB,2018-02,x\nA,2018-03,-\n"

    static func run(_ args: [String], in dir: URL) throws -> CLITests.Result {
        try CLITests.run(args.map { $0.hasPrefix("@") ? dir.appendingPathComponent(String($0.dropFirst())).path : $0 })
    }

    /// No trap: a trap dies by signal (terminationReason .uncaughtSignal) or prints "Fatal error".
    static func expectCleanFailure(_ r: CLITests.Result, mentions: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(r.status != 0, "expected a non-zero exit", sourceLocation: sourceLocation)
        #expect(!r.stderr.contains("Fatal error") && !r.stderr.contains("Stack dump"), "\(r.stderr)", sourceLocation: sourceLocation)
        for m in mentions { #expect(r.stderr.contains(m), "stderr lacks '\(m)': \(r.stderr)", sourceLocation: sourceLocation) }
    }

    // MARK: crashes

    @Test("forecast on a keyed file whose every row is rejected: an empty panel is an error, not a trap")
    func emptyPanelAfterRejection() throws {
        let dir = try Self.folder(["allbad.csv": Self.allBadKeyed, "badutf8.csv": "area,period,value\nA\u{FFFD},2018-01,abc\n"])
        defer { try? FileManager.default.removeItem(at: dir) }
        for name in ["allbad.csv", "badutf8.csv"] {
            let r = try Self.run(["forecast", "@\(name)", "--horizon", "3"], in: dir)
            Self.expectCleanFailure(r, mentions: ["\(name): ", "rows (100%) were rejected, more than 50%; stopping", "--allow-rejects"])
            #expect(r.status == 1)
            // Told to go on, the empty panel is still a plain error, not a trap.
            let allowed = try Self.run(["forecast", "@\(name)", "--horizon", "3", "--allow-rejects"], in: dir)
            Self.expectCleanFailure(allowed, mentions: ["\(name): no series to model", "rejected"])
            let by = try Self.run(["forecast", "@\(name)", "--horizon", "3", "--by", "area", "--allow-rejects"], in: dir)
            Self.expectCleanFailure(by, mentions: ["\(name): no series to model"])
        }
        // Invalid UTF-8 bytes in the key column.
        var bytes = Data("area,period,value\nA".utf8); bytes.append(0xFF); bytes.append(contentsOf: Data(",2018-01,abc\n".utf8))
        try bytes.write(to: dir.appendingPathComponent("rawbad.csv"))
        let r = try Self.run(["forecast", "@rawbad.csv", "--horizon", "3"], in: dir)
        Self.expectCleanFailure(r, mentions: ["rawbad.csv"])
    }

    @Test("--series with named period/value columns on a two-series file selects that series (keys detected)")
    func seriesWithNamedColumns() throws {
        let dir = try Self.folder(["two.csv": Self.twoSeries])
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try Self.run(["forecast", "@two.csv", "--period-column", "period", "--value-column", "value",
                              "--series", "B", "--horizon", "2", "--model", "naive", "--format", "csv"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        // B's last value is 512: the naive forecast repeats it; A's rows are not "duplicate period".
        #expect(r.stdout.contains("\nNaive method,2019-01,512.0,"), "\(r.stdout)")
        #expect(!r.stderr.contains("duplicate period"))
        // Without --series the file is two series: a choice is asked for, naming the key column.
        let both = try Self.run(["forecast", "@two.csv", "--period-column", "period", "--value-column", "value",
                                 "--horizon", "2", "--model", "naive"], in: dir)
        Self.expectCleanFailure(both, mentions: ["holds 2 series", "key columns: area"])
        // A key with the wrong number of parts is explained, not a trap.
        let parts = try Self.run(["forecast", "@two.csv", "--series", "B,extra", "--horizon", "2", "--model", "naive"], in: dir)
        Self.expectCleanFailure(parts, mentions: ["--series \"B,extra\" has 2 part(s); expected 1"])
        // Explicitly no key columns: one series, and --series is explained.
        let none = try Self.run(["forecast", "@two.csv", "--period-column", "period", "--value-column", "value", "--key-columns", "",
                                 "--series", "B", "--horizon", "2", "--model", "naive"], in: dir)
        Self.expectCleanFailure(none, mentions: ["read as one series with no key columns"])
    }

    @Test("forecast --by with key columns only detects the period and value columns")
    func byWithDetectedColumns() throws {
        let dir = try Self.folder(["two.csv": Self.twoSeries])
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try Self.run(["forecast", "@two.csv", "--by", "area", "--horizon", "1", "--model", "naive", "--format", "csv"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("A,Naive method,2019-01,112.0,") && r.stdout.contains("B,Naive method,2019-01,512.0,"), "\(r.stdout)")
    }

    @Test("fit --simulations 0 and backtest --horizon 0 are option errors")
    func zeroSizes() throws {
        let dir = try Self.folder(["good.csv": Self.good])
        defer { try? FileManager.default.removeItem(at: dir) }
        let sims = try Self.run(["fit", "@good.csv", "--model", "poisson", "--horizon", "3", "--simulations", "0"], in: dir)
        Self.expectCleanFailure(sims, mentions: ["--simulations must be between 1 and 1000000, got 0"])
        let bt = try Self.run(["backtest", "@good.csv", "--horizon", "0", "--models", "naive"], in: dir)
        Self.expectCleanFailure(bt, mentions: ["--horizon must be between 1 and 2000, got 0"])
        let noModels = try Self.run(["backtest", "@good.csv", "--models", " , "], in: dir)
        Self.expectCleanFailure(noModels, mentions: ["--models lists no model"])
        let noKeys = try Self.run(["forecast", "@good.csv", "--by", " , ", "--horizon", "1"], in: dir)
        Self.expectCleanFailure(noKeys, mentions: ["--by needs one or more key column names"])
    }

    @Test("fit --model lm --season none on 3–10 points: Breusch–Godfrey is skipped, not a trap")
    func breuschGodfreyOnShortSeries() throws {
        for n in [3, 5, 8, 10] {
            var text = "period,value\n"
            for i in 0..<n { text += String(format: "2015-%02d,%d\n", i + 1, 10 + i * 3 + (i % 2)) }
            let dir = try Self.folder(["short.csv": text])
            defer { try? FileManager.default.removeItem(at: dir) }
            let r = try Self.run(["fit", "@short.csv", "--model", "lm", "--season", "none", "--format", "json"], in: dir)
            #expect(r.status == 0, "n = \(n): \(r.stderr)")
            let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
            #expect(json?["n"] as? Int == n)
            let tests = (json?["diagnostics"] as? [[String: Any]])?.compactMap { $0["test"] as? String } ?? []
            #expect(!tests.contains("Breusch-Godfrey"), "n = \(n): order 12 needs more than \(n) observations")
        }
    }

    @Test("huge --horizon, --simulations, --curve and --jobs are refused with the bound")
    func hugeSizes() throws {
        let dir = try Self.folder(["good.csv": Self.good])
        defer { try? FileManager.default.removeItem(at: dir) }
        let cases: [([String], String)] = [
            (["fit", "@good.csv", "--model", "lm", "--horizon", "1000000000"], "--horizon must be between 0 and 2000, got 1000000000"),
            (["forecast", "@good.csv", "--horizon", "1000000000"], "--horizon must be between 1 and 2000, got 1000000000"),
            (["backtest", "@good.csv", "--horizon", "1000000000"], "--horizon must be between 1 and 2000"),
            (["fit", "@good.csv", "--model", "poisson", "--simulations", "1000000000"], "--simulations must be between 1 and 1000000"),
            (["fit", "@good.csv", "--model", "poisson", "--simulations", "1000000", "--horizon", "2000"], "at most 20000000 are held at once"),
            (["forecast", "@good.csv", "--horizon", "2", "--jobs", "100000"], "--jobs must be between 1 and 256, got 100000"),
            (["funnel", "@good.csv", "--curve", "100000000"], "--curve must be 0 (no curve) or between 2 and 100000 points, got 100000000"),
            (["funnel", "@good.csv", "--curve=-1"], "--curve must be 0"),
            (["m3-eval", "--limit=-1"], "--limit must be 0"),
        ]
        for (args, message) in cases {
            let start = Date()
            let r = try Self.run(args, in: dir)
            Self.expectCleanFailure(r, mentions: [message])
            #expect(Date().timeIntervalSince(start) < 30, "\(args) took too long")
        }
        // The bounds are stated in --help.
        #expect(try CLITests.run(["forecast", "--help"]).stdout.contains("1…2000"))
        #expect(try CLITests.run(["fit", "--help"]).stdout.contains("1…1000000"))
        #expect(try CLITests.run(["funnel", "--help"]).stdout.contains("2…100000"))
    }

    // MARK: output

    /// Runs with stdout and/or stderr sent to /dev/full.
    static func runToFull(_ args: [String], stdout toFullOut: Bool, stderr toFullErr: Bool) throws -> (status: Int32, reason: Process.TerminationReason, stderr: String) {
        let p = Process()
        p.executableURL = CLITests.executable
        p.arguments = args
        p.currentDirectoryURL = TestSupport.repoRoot
        let errPipe = Pipe()
        guard let full = FileHandle(forWritingAtPath: "/dev/full") else { throw CocoaError(.fileNoSuchFile) }
        p.standardOutput = toFullOut ? full : FileHandle(forWritingAtPath: "/dev/null")
        p.standardError = toFullErr ? full : errPipe
        try p.run()
        let errData = toFullErr ? Data() : errPipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let e = String(decoding: errData, as: UTF8.self)
        return (p.terminationStatus, p.terminationReason, e)
    }

    @Test("failed writes to stdout or stderr exit non-zero (74), never trap or exit 0",
          .enabled(if: FileManager.default.fileExists(atPath: "/dev/full")))
    func failedStandardWrites() throws {
        let dir = try Self.folder(["good.csv": Self.good])
        defer { try? FileManager.default.removeItem(at: dir) }
        let good = dir.appendingPathComponent("good.csv").path
        let out = dir.appendingPathComponent("x.csv").path
        // stderr fails (the row account goes there): no trap, exit 74.
        let a = try Self.runToFull(["ingest", good, "--format", "tidy", "--out", out], stdout: false, stderr: true)
        #expect(a.reason == .exit && a.status == 74)
        // stdout fails: exit 74 with the reason on stderr.
        let b = try Self.runToFull(["forecast", good, "--horizon", "3", "--model", "naive"], stdout: true, stderr: false)
        #expect(b.reason == .exit && b.status == 74)
        #expect(b.stderr.contains("writing to standard output failed"), "\(b.stderr)")
        // Help to a full stdout.
        let c = try Self.runToFull(["--help"], stdout: true, stderr: false)
        #expect(c.reason == .exit && c.status == 74)
        // A data error while stderr is full: still the error's exit status, no trap.
        let d = try Self.runToFull(["forecast", dir.appendingPathComponent("missing.csv").path, "--horizon", "3"], stdout: false, stderr: true)
        #expect(d.reason == .exit && d.status == 1)
    }

    @Test("a closed standard output (>&-) exits 74 with the reason on stderr; a closed stderr still gives the error's status")
    func closedStandardOutput() throws {
        let dir = try Self.folder(["good.csv": Self.good])
        defer { try? FileManager.default.removeItem(at: dir) }
        let good = dir.appendingPathComponent("good.csv").path
        func run(_ redirect: String, _ args: [String]) throws -> (status: Int32, reason: Process.TerminationReason, stderr: String) {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/bin/sh")
            // sh closes the descriptor, then execs the binary with it closed.
            p.arguments = ["-c", "exec \"$0\" \"$@\" \(redirect)", CLITests.executable.path] + args
            let errPipe = Pipe()
            p.standardError = errPipe
            p.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
            try p.run()
            let e = errPipe.fileHandleForReading.readDataToEndOfFile()
            p.waitUntilExit()
            return (p.terminationStatus, p.terminationReason, String(decoding: e, as: UTF8.self))
        }
        let a = try run(">&-", ["forecast", good, "--horizon", "3", "--model", "naive"])
        #expect(a.reason == .exit && a.status == 74, "\(a)")
        #expect(a.stderr.contains("writing to standard output failed"), "\(a.stderr)")
        let b = try run("2>&-", ["forecast", dir.appendingPathComponent("missing.csv").path, "--horizon", "3"])
        #expect(b.reason == .exit && b.status == 1, "\(b)")
    }

    @Test("--out accepts only regular files: devices, FIFOs, directories, symbolic links and '' are refused")
    func outputSafety() throws {
        let dir = try Self.folder(["good.csv": Self.good])
        defer { try? FileManager.default.removeItem(at: dir) }
        let target = dir.appendingPathComponent("target.csv")
        try "keep me\n".write(to: target, atomically: true, encoding: .utf8)
        let link = dir.appendingPathComponent("link.csv")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: target)
        let fifo = dir.appendingPathComponent("fifo")
        #expect(mkfifo(fifo.path, 0o600) == 0)
        let cases: [(String, String)] = [
            ("/dev/null", "/dev/null: cannot write: it is a device"),
            (fifo.path, "it is a FIFO"),
            (dir.path, "it is a directory"),
            (link.path, "it is a symbolic link"),
            ("", "the output path is empty"),
            (dir.appendingPathComponent("no/such/dir/x.csv").path, "does not exist"),
        ]
        for (out, message) in cases {
            let r = try Self.run(["ingest", "@good.csv", "--format", "tidy", "--out", out], in: dir)
            Self.expectCleanFailure(r, mentions: ["--out: ", message])
        }
        // m3-eval --output follows the same policy, checked before any work.
        let m3 = try Self.run(["m3-eval", "--output", "/dev/null", "--limit", "1"], in: dir)
        Self.expectCleanFailure(m3, mentions: ["--output: /dev/null: cannot write: it is a device"])
        // The device node, the link and its target are untouched.
        var st = stat()
        #expect(lstat("/dev/null", &st) == 0 && (st.st_mode & S_IFMT) == S_IFCHR)
        #expect(try String(contentsOf: target, encoding: .utf8) == "keep me\n")
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: link.path)) != nil)
        // A regular file is replaced whole.
        let r = try Self.run(["ingest", "@good.csv", "--format", "tidy", "--out", target.path], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try String(contentsOf: target, encoding: .utf8).hasPrefix("period,value\n2015-01,100\n"))
        // No temporary files are left beside it.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.contains(".tmp-") }.isEmpty)
    }

    @Test("ingest that reads no usable row writes nothing and exits non-zero")
    func ingestNothing() throws {
        let dir = try Self.folder(["allbad.csv": Self.allBadKeyed])
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out.csv")
        let r = try Self.run(["ingest", "@allbad.csv", "--format", "tidy", "--out", out.path], in: dir)
        Self.expectCleanFailure(r, mentions: ["3 of 3 rows (100%) were rejected", "was not written"])
        #expect(!FileManager.default.fileExists(atPath: out.path))
        let allowed = try Self.run(["ingest", "@allbad.csv", "--format", "tidy", "--out", out.path, "--allow-rejects"], in: dir)
        Self.expectCleanFailure(allowed, mentions: ["no series to write", "was not written"])
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    // MARK: indicators

    static let indicators = """
        area,period,count,denominator
        Alpha,2020,50,1000
        Beta,2020,70,1200
        Gamma,2020,40,900
        England,2020,5000,100000

        """

    @Test("funnel/compare --multiplier must be finite and > 0")
    func badMultiplier() throws {
        let dir = try Self.folder(["ind.csv": Self.indicators])
        defer { try? FileManager.default.removeItem(at: dir) }
        for m in ["0", "-100", "nan", "inf"] {
            for cmd in ["funnel", "compare"] {
                let r = try Self.run([cmd, "@ind.csv", "--multiplier=\(m)"], in: dir)
                Self.expectCleanFailure(r, mentions: ["--multiplier must be a finite number greater than 0"])
            }
        }
        let ok = try Self.run(["funnel", "@ind.csv", "--multiplier", "1000"], in: dir)
        #expect(ok.status == 0, "\(ok.stderr)")
    }

    @Test("a duplicated area row is refused by compare and funnel, naming both lines")
    func duplicatedAreas() throws {
        let dir = try Self.folder(["dup.csv": Self.indicators + "Beta,2020,70,1200\n"])
        defer { try? FileManager.default.removeItem(at: dir) }
        for cmd in ["funnel", "compare"] {
            let r = try Self.run([cmd, "@dup.csv"], in: dir)
            Self.expectCleanFailure(r, mentions: ["1 duplicated area row(s)", "line 6: 'Beta' period 2020 already given on line 3"])
        }
    }
}

struct ReliabilityCLITests2 {
    @Test("backtest --period and forecast --period are bounded; a model that scores no origin is noted")
    func periodBounds() throws {
        let dir = try ReliabilityCLITests.folder(["good.csv": ReliabilityCLITests.good])
        defer { try? FileManager.default.removeItem(at: dir) }
        for cmd in ["backtest", "forecast"] {
            for p in ["0", "100000"] {
                let r = try ReliabilityCLITests.run([cmd, "@good.csv", "--period", p, "--horizon", "1", "--models", "auto"].filter { cmd == "backtest" || $0 != "--models" && $0 != "auto" }, in: dir)
                ReliabilityCLITests.expectCleanFailure(r, mentions: ["--period must be between 1 and 1000, got \(p)"])
            }
        }
        let r = try ReliabilityCLITests.run(["backtest", "@good.csv", "--period", "100", "--models", "snaive,naive"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("note: snaive: no forecast origin could be scored"))
    }

    @Test("--from/--to that select nothing say so (not 'ETS needs at least 7 observations')")
    func emptySlice() throws {
        let dir = try ReliabilityCLITests.folder(["good.csv": ReliabilityCLITests.good])
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try ReliabilityCLITests.run(["forecast", "@good.csv", "--horizon", "3", "--from", "2030-01"], in: dir)
        ReliabilityCLITests.expectCleanFailure(r, mentions: ["--from/--to (2030-01…end) select no observations; the series runs 2015-01…2018-12"])
        #expect(r.status == 1 && !r.stderr.contains("Usage:"))
    }

    @Test("a bad --model is explained in words, not printed as a Swift value")
    func badModelName() throws {
        let dir = try ReliabilityCLITests.folder(["good.csv": ReliabilityCLITests.good])
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try ReliabilityCLITests.run(["forecast", "@good.csv", "--horizon", "3", "--model", "ets:XYZ"], in: dir)
        ReliabilityCLITests.expectCleanFailure(r, mentions: ["--model ets:XYZ: ETS model 'XYZ': error must be A, M or Z, got 'X'"])
        #expect(!r.stderr.contains("invalidSpecification("))
    }

    @Test("indicator data errors name the file, line and area (not '(input)'), exit 1 without usage text")
    func indicatorErrorsNameTheRow() throws {
        let over = "area,period,count,denominator\nA,2020,50,40\nB,2020,70,1200\nEngland,2020,5000,100000\n"
        let dir = try ReliabilityCLITests.folder(["over.csv": over])
        defer { try? FileManager.default.removeItem(at: dir) }
        let f = try ReliabilityCLITests.run(["funnel", "@over.csv", "--statistic", "proportion"], in: dir)
        ReliabilityCLITests.expectCleanFailure(f, mentions: ["over.csv, line 2 (A, 2020): count 50 exceeds denominator 40"])
        let c = try ReliabilityCLITests.run(["compare", "@over.csv", "--method", "wilson"], in: dir)
        ReliabilityCLITests.expectCleanFailure(c, mentions: ["over.csv, line 2: field 'Count/Denominator'"])
        #expect(!c.stderr.contains("(input)"))
        let lv = try ReliabilityCLITests.run(["compare", "@over.csv", "--level", "abc"], in: dir)
        ReliabilityCLITests.expectCleanFailure(lv, mentions: ["--level must be 95 or 99.8"])
        #expect(lv.status == 1 && !lv.stderr.contains("Usage: safercity <subcommand>"))
    }

    @Test("more than half the rows rejected stops the run unless --allow-rejects")
    func rejectedShare() throws {
        // 4 good rows, 6 bad (60%): stops; 6 good, 4 bad (40%): goes on with a row account.
        var mostlyBad = "period,value\n"
        for m in 1...4 { mostlyBad += "2018-0\(m),\(10 + m)\n" }
        for m in 5...9 { mostlyBad += "2018-0\(m),n/a?\n" }
        mostlyBad += "2018-10,oops\n"
        var mostlyGood = "period,value\n"
        for m in 1...6 { mostlyGood += "2018-0\(m),\(10 + m)\n" }
        for m in 7...9 { mostlyGood += "2018-0\(m),n/a?\n" }
        mostlyGood += "2018-10,oops\n"
        let dir = try ReliabilityCLITests.folder(["bad.csv": mostlyBad, "good.csv": mostlyGood])
        defer { try? FileManager.default.removeItem(at: dir) }
        let stop = try ReliabilityCLITests.run(["forecast", "@bad.csv", "--horizon", "1", "--model", "naive"], in: dir)
        ReliabilityCLITests.expectCleanFailure(stop, mentions: ["6 of 10 rows (60%) were rejected, more than 50%; stopping", "rows read 10 = used 4 + rejected 6"])
        let allowed = try ReliabilityCLITests.run(["forecast", "@bad.csv", "--horizon", "1", "--model", "naive", "--allow-rejects", "--to", "2018-04"], in: dir)
        #expect(allowed.status == 0, "\(allowed.stderr)")
        let ok = try ReliabilityCLITests.run(["forecast", "@good.csv", "--horizon", "1", "--model", "naive", "--to", "2018-06"], in: dir)
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stderr.contains("rows read 10 = used 6 + rejected 4"))
    }

    @Test("funnel --curve with every denominator below 1 draws the curve instead of trapping")
    func curveWithSmallDenominators() throws {
        let dir = try ReliabilityCLITests.folder(["small.csv": "area,period,count,denominator\nA,2020,1,0.3\nB,2020,2,0.5\nC,2020,1,0.4\n"])
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try ReliabilityCLITests.run(["funnel", "@small.csv", "--curve", "5"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let curve = r.stdout.split(separator: "\n").filter { $0.hasPrefix("curve,") }
        #expect(curve.count == 5)
        #expect(curve.first?.contains(",0.15,") == true, "starts at half the smallest denominator: \(curve.first ?? "")")
    }

    @Test("fit with a step and a ramp on a quarterly series (interrupted time series) runs instead of trapping")
    func quarterlyITS() throws {
        var text = "period,value\n"
        for t in 0..<24 { text += "\(2001 + t / 4) Q\(t % 4 + 1),\(100 + 2 * t + (t >= 8 ? 30 : 0) + t % 3)\n" }
        let dir = try ReliabilityCLITests.folder(["q.csv": text])
        defer { try? FileManager.default.removeItem(at: dir) }
        for model in ["lm", "poisson"] {
            let r = try ReliabilityCLITests.run(["fit", "@q.csv", "--model", model, "--season", "none",
                                                 "--intervention", "step:2003 Q1,ramp:2003 Q1"], in: dir)
            #expect(r.status == 0, "\(model): \(r.stderr)")
            #expect(r.stdout.contains("Intervention at 2003 Q1: effect at 2006 Q4 (15 periods after)"), "\(r.stdout)")
        }
    }

    @Test("a count of 1e300 is a rejected row, not a hang in exact limits")
    func hugeCounts() throws {
        let dir = try ReliabilityCLITests.folder(["huge.csv": "area,period,count,denominator\nA,2020,1e300,40000\nB,2020,70,1200\nC,2020,90,1500\nEngland,2020,5000,100000\n"])
        defer { try? FileManager.default.removeItem(at: dir) }
        for cmd in ["funnel", "compare"] {
            let start = Date()
            let r = try ReliabilityCLITests.run([cmd, "@huge.csv"], in: dir)
            #expect(Date().timeIntervalSince(start) < 30)
            #expect(r.status == 0, "\(cmd): \(r.stderr)")
            #expect(r.stderr.contains("line 2, column 3 (count): value \"1e300\" is not valid; expected a whole number of events below 2^53"), "\(r.stderr)")
            #expect(!r.stdout.contains("1000000000000000052504760255204420248704468581108159154915854115511802457988908195786371375080447864043704443832883878176942523235360430575644792184786706982848387200926575803737830233794788090059368953234970799945081119038967640880074652742780142494579258788820056842838115669472196386865459400540160"))
        }
    }

    @Test("piped input is read once and held (detection + reading passes); devices such as /dev/zero are refused")
    func pipedInputAndDevices() throws {
        let p = Process()
        p.executableURL = CLITests.executable
        p.arguments = ["forecast", "/dev/stdin", "--period-column", "period", "--value-column", "value", "--series", "B",
                       "--horizon", "1", "--model", "naive", "--format", "csv"]
        let input = Pipe(), out = Pipe(), err = Pipe()
        p.standardInput = input; p.standardOutput = out; p.standardError = err
        try p.run()
        input.fileHandleForWriting.write(Data(ReliabilityCLITests.twoSeries.utf8))
        try input.fileHandleForWriting.close()
        let o = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let e = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "\(e)")
        #expect(o.contains("\nNaive method,2019-01,512.0,"), "\(o)")
        for device in ["/dev/zero", "/dev/urandom"] where FileManager.default.fileExists(atPath: device) {
            let start = Date()
            let r = try CLITests.run(["forecast", device, "--horizon", "1"])
            ReliabilityCLITests.expectCleanFailure(r, mentions: ["\(device) is a device, not a data file"])
            #expect(Date().timeIntervalSince(start) < 30)
        }
    }

    @Test("ARIMA orders are bounded: a typo cannot allocate terabytes, a lag longer than the series is refused")
    func arimaOrders() throws {
        let dir = try ReliabilityCLITests.folder(["good.csv": ReliabilityCLITests.good])
        defer { try? FileManager.default.removeItem(at: dir) }
        let cases: [([String], String)] = [
            (["--model", "arima:99999999999,0,0"], "ARIMA orders p and q must be at most 50 and d at most 5"),
            (["--model", "arima:0,0,0:9,0,0"], "seasonal ARIMA orders P and Q must be at most 5 and D at most 2"),
            (["--model", "arima:0,0,0:0,0,5", "--period", "1000"], "ARIMA(0,0,0)(0,0,5)[1000] needs at least 5001 observations, the series has 48"),
        ]
        for (args, message) in cases {
            let start = Date()
            let r = try ReliabilityCLITests.run(["forecast", "@good.csv", "--horizon", "2"] + args, in: dir)
            ReliabilityCLITests.expectCleanFailure(r, mentions: [message])
            #expect(Date().timeIntervalSince(start) < 30, "\(args)")
        }
    }

    @Test("funnel/compare filters that match nothing say so, naming values the file has")
    func filtersThatMatchNothing() throws {
        let dir = try ReliabilityCLITests.folder(["ind.csv": ReliabilityCLITests.indicators])
        defer { try? FileManager.default.removeItem(at: dir) }
        let cases: [([String], String)] = [
            (["funnel", "@ind.csv", "--benchmark", "Nowhere"], "--benchmark 'Nowhere' matches no row of"),
            (["funnel", "@ind.csv", "--period", "1999"], "--period '1999' matches no row of"),
            (["funnel", "@ind.csv", "--area-type", "Region"], "--area-type 'Region' matches no row of"),
            (["compare", "@ind.csv", "--area-type", "Region"], "the file has no values for it"),
            (["compare", "@ind.csv", "--benchmark", "parent"], "no row of"),
        ]
        for (args, message) in cases {
            let r = try ReliabilityCLITests.run(args, in: dir)
            ReliabilityCLITests.expectCleanFailure(r, mentions: [message])
        }
        let ok = try ReliabilityCLITests.run(["funnel", "@ind.csv", "--benchmark", "england", "--period", "2020"], in: dir)
        #expect(ok.status == 0, "\(ok.stderr)")
    }

    @Test("fit --hac on extreme counts: a NaN Newey–West bandwidth is an error, not a trap (found by CLI fuzzing)")
    func hacOnExtremeData() throws {
        var text = "period,value\n"
        let values = ["1e15", "1", "1e15", "1", "1e15", "1", "1e15", "1", "1", "1e15", "1e300", "1e15", "1e300"]
        for (i, v) in values.enumerated() { text += "\(1993 + i),\(v)\n" }
        let dir = try ReliabilityCLITests.folder(["x.csv": text])
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try ReliabilityCLITests.run(["fit", "@x.csv", "--model", "quasipoisson", "--horizon", "1", "--trend", "none", "--hac"], in: dir)
        ReliabilityCLITests.expectCleanFailure(r, mentions: ["Newey–West automatic bandwidth is"])
    }

    @Test("count-model simulation with an astronomically large mean is an error, not a Poisson-draw trap (found by CLI fuzzing)")
    func hugeSimulatedMean() throws {
        var text = "period,value\n"
        for i in 0..<12 { text += "\(2001 + i / 4) Q\(i % 4 + 1),\(i % 2 == 0 ? "1" : "1e+300")\n" }
        let dir = try ReliabilityCLITests.folder(["x.csv": text])
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try ReliabilityCLITests.run(["fit", "@x.csv", "--model", "poisson", "--horizon", "1", "--trend", "none",
                                             "--season", "none", "--simulations", "1"], in: dir)
        ReliabilityCLITests.expectCleanFailure(r, mentions: ["simulated forecast mean at 2004 Q1 is"])
    }
}

/// Implausible input and the cause named (issue 12, second pass).
struct ImplausibleInputCLITests {
    @Test("a 1e15 value in a series near 100 is warned about, naming the period and value; the run goes on")
    func outOfScaleValueWarned() throws {
        let text = ReliabilityCLITests.good.split(separator: "\n")
            .map { $0.hasPrefix("2017-06,") ? "2017-06,1e15" : String($0) }.joined(separator: "\n") + "\n"
        let dir = try ReliabilityCLITests.folder(["spike.csv": text, "good.csv": ReliabilityCLITests.good])
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try ReliabilityCLITests.run(["forecast", "@spike.csv", "--horizon", "2", "--model", "naive"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("warning: ") && r.stderr.contains("spike.csv") && r.stderr.contains("2017-06")
                && r.stderr.contains("1e+15") && r.stderr.contains("times the series' median size"), "\(r.stderr)")
        // An ordinary series: no warning.
        let g = try ReliabilityCLITests.run(["forecast", "@good.csv", "--horizon", "2", "--model", "naive"], in: dir)
        #expect(g.status == 0 && !g.stderr.contains("warning"), "\(g.stderr)")
    }

    @Test("year 0000 and a duplicated value header are named, not accepted silently")
    func absurdYearAndDuplicatedHeader() throws {
        let dir = try ReliabilityCLITests.folder([
            "y0.csv": "period,value\n0000,1\n2019,2\n2020,3\n2021,4\n2022,5\n",
            "dup.csv": "period,value,value\n2019-01,1,2\n2019-02,3,4\n2019-03,5,6\n",
        ])
        defer { try? FileManager.default.removeItem(at: dir) }
        // The 0000 row is rejected naming its line (was: a series from year 1 with 2,018 missing values).
        let y = try ReliabilityCLITests.run(["forecast", "@y0.csv", "--horizon", "1", "--model", "naive"], in: dir)
        #expect(y.status == 0, "\(y.stderr)")
        #expect(y.stderr.contains("y0.csv, line 2, column 1 (period): value \"0000\" is not valid") && y.stderr.contains("years 1000–2999"), "\(y.stderr)")
        #expect(y.stdout.contains("2023"))
        let d = try ReliabilityCLITests.run(["forecast", "@dup.csv", "--horizon", "1", "--model", "naive"], in: dir)
        ReliabilityCLITests.expectCleanFailure(d, mentions: ["dup.csv, line 1, column 3 (value)", "column 2 ('value') and column 3 ('value') have the same name"])
        for cmd in [["ingest", "@dup.csv", "--format", "tidy", "--out", "@o.csv"], ["forecast", "@y0.csv", "--horizon", "1", "--from", "0000"],
                    ["forecast", "@y0.csv", "--horizon", "1", "--to", "9999"]] {
            let r = try ReliabilityCLITests.run(cmd, in: dir)
            ReliabilityCLITests.expectCleanFailure(r, mentions: [cmd.contains("--from") ? "--from" : (cmd.contains("--to") ? "--to" : "dup.csv")])
        }
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("o.csv").path))
    }

    @Test("options found wanting by the adversarial pass: each message names its option")
    func optionsNamed() throws {
        let ind = "area,period,count,denominator\n" + (0..<12).map { "Area\($0),2019,\(10 + $0),\(1000 + 50 * $0)\n" }.joined() + "England,2019,1000,100000\n"
        let dir = try ReliabilityCLITests.folder(["good.csv": ReliabilityCLITests.good, "ind.csv": ind])
        defer { try? FileManager.default.removeItem(at: dir) }
        let cases: [([String], String)] = [
            (["compare", "@ind.csv", "--benchmark", "England", "--level", "50"], "--level must be 95 or 99.8"),
            (["forecast", "@good.csv", "--horizon", "2", "--levels", ""], "--levels lists no level"),
            (["fit", "@good.csv", "--model", "lm", "--levels", ","], "--levels lists no level"),
            (["fit", "@good.csv", "--model", "lm", "--season", "weekly"], "--season weekly: cannot read 'weekly'"),
            (["fit", "@good.csv", "--model", "lm", "--trend", "poly:50"], "--trend poly:50: polynomial trend degree = 50"),
            (["fit", "@good.csv", "--model", "lm", "--intervention", "garbage"], "--intervention garbage: cannot read 'garbage'"),
            (["m3-eval", "--data-dir", "@nowhere", "--limit", "1"], "nowhere: no such folder"),
            (["forecast", "/dev/null", "--horizon", "1"], "/dev/null is a device, not a data file"),
        ]
        for (args, message) in cases {
            let r = try ReliabilityCLITests.run(args, in: dir)
            ReliabilityCLITests.expectCleanFailure(r, mentions: [message])
        }
        // The two levels Fingertips uses still work.
        for level in ["95", "99.8", "0.998"] {
            #expect(try ReliabilityCLITests.run(["compare", "@ind.csv", "--benchmark", "England", "--level", level], in: dir).status == 0)
        }
    }
}
