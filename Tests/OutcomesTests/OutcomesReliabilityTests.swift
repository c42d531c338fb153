// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
import _TestSupport
@testable import Outcomes
@testable import OutcomeReport
@testable import SeriesData

/// Hostile specs and report folders (issue 12, the Outcomes part).
struct OutcomesReliabilityTests {
    static let root = TestSupport.repoRoot
    static func spec(replacing a: String, with b: String) throws -> OutcomeSpec {
        let text = try String(contentsOf: root.appendingPathComponent("models/outcomes/alcohol-admissions-stoke.yaml"), encoding: .utf8)
        #expect(text.contains(a))
        return try OutcomeSpec.parse(yaml: text.replacingOccurrences(of: a, with: b), file: "hostile.yaml")
    }

    @Test("A spec may not read a file outside --root (../ or absolute), and the error quotes no file content")
    func dataConfinedToRoot() throws {
        for path in ["../../../../etc/passwd", "/etc/passwd", "notebooks-data/../../../etc/hostname"] {
            let s = try Self.spec(replacing: "notebooks-data/fingertips_lape/alcohol_related_admissions.csv", with: path)
            #expect {
                try ProjectionEngine(root: Self.root).assess(s)
            } throws: { e in
                let m = "\(e)"
                return m.contains("outside the data root") && m.contains("--allow-outside-root") && !m.contains("root:x:")
            }
        }
        // Allowed explicitly: the file is then read (and rejected for its own reasons, not confinement).
        let s = try Self.spec(replacing: "notebooks-data/fingertips_lape/alcohol_related_admissions.csv",
                              with: Self.root.appendingPathComponent("notebooks-data/fingertips_lape/alcohol_related_admissions.csv").path)
        let a = try ProjectionEngine(root: Self.root, allowOutsideRoot: true).assess(s)
        #expect(a.probability != nil)
    }

    @Test("A deadline decades ahead is not projected; an absurd year (0000, 9999) is not a period at all")
    func farDeadline() throws {
        let s = try Self.spec(replacing: "deadline: 2019/20", with: "deadline: 2099/00")
        let a = try ProjectionEngine(root: Self.root).assess(s)
        #expect(a.status == .insufficientData && a.probability == nil)
        #expect(a.notes.contains { $0.contains("82 periods after the last observation") && $0.contains("not made more than 10 years ahead") })
        for (key, bad) in [("deadline: 2019/20", "deadline: 9999/00"), ("deadline: 2019/20", "deadline: '0000'"),
                           ("baseline: 2016/17", "baseline: 0000/01")] {
            #expect {
                try Self.spec(replacing: key, with: bad)
            } throws: { e in
                "\(e)".hasPrefix("hostile.yaml: key 'target.\(key.prefix { $0 != ":" })': ") && "\(e)".contains("is not a period")
                    && "\(e)".contains("years 1000–2999")
            }
        }
    }

    @Test("The report folder is replaced whole: no stale files; a symbolic link or a file is refused")
    func reportSwappedInWhole() throws {
        let run = try AssessmentRun.perform(models: Self.root.appendingPathComponent("models"), root: Self.root, asOf: nil)
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("safercity-swap-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: base) }
        let dir = base.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try "old".write(to: dir.appendingPathComponent("stale-from-an-earlier-run.csv"), atomically: true, encoding: .utf8)
        let files = try run.writeReport(to: dir)
        let now = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        #expect(!now.contains("stale-from-an-earlier-run.csv"))
        #expect(Set(now) == Set(files.map(\.lastPathComponent)))
        #expect(try FileManager.default.contentsOfDirectory(atPath: base.path) == ["out"], "no staging folder left behind")
        let link = base.appendingPathComponent("link")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: dir)
        #expect(throws: ReportWriteError.self) { try run.writeReport(to: link) }
        let file = base.appendingPathComponent("file.txt")
        try "x".write(to: file, atomically: true, encoding: .utf8)
        #expect(throws: ReportWriteError.self) { try run.writeReport(to: file) }
    }

    /// Found by the adversarial pass (scripts/adversarial.sh): `year_ending_march: true` on a tidy
    /// source reached a precondition (a trap, exit 132) when the series was reduced to financial years.
    @Test("year_ending_march on a non-ONS source is a spec error, not a trap")
    func yearEndingMarchOnlyForONS() throws {
        #expect {
            try Self.spec(replacing: "  measure: rate", with: "  measure: rate\n  year_ending_march: true")
        } throws: { e in
            "\(e)".hasPrefix("hostile.yaml: key 'series.year_ending_march': applies to the ONS rolling quarterly totals")
        }
    }

    @Test("unreadable spec, strategy and models paths get plain reasons, not Foundation's")
    func plainReadErrors() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("safercity-specread-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let binary = dir.appendingPathComponent("binary.yaml")
        try Data([0x69, 0x64, 0x3a, 0x20, 0xff, 0xfe, 0x0a]).write(to: binary)
        let big = dir.appendingPathComponent("big.yaml")
        try Data(repeating: 0x23, count: OutcomeSpec.maxFileBytes + 1).write(to: big)
        let cases: [(URL, String)] = [(dir.appendingPathComponent("missing.yaml"), "no such file"),
                                      (dir, "is a folder"), (binary, "is not UTF-8 text"), (big, "over the 1024 KiB")]
        for (url, reason) in cases {
            #expect {
                try OutcomeSpec.load(url: url)
            } throws: { e in
                let m = "\(e)"
                return m.hasPrefix("\(url.path): cannot read outcome spec: ") && m.contains(reason) && !m.contains("could not be completed")
            }
        }
        #expect {
            try StrategyDescription.load(url: dir.appendingPathComponent("strategy.yaml"))
        } throws: { e in "\(e)" == "\(dir.appendingPathComponent("strategy.yaml").path): cannot read outcome spec: no such file" }
        #expect {
            try AssessmentRun.perform(models: dir.appendingPathComponent("nowhere"), root: Self.root, asOf: nil)
        } throws: { e in "\(e)".contains("nowhere: cannot read outcome spec: no such folder; expected the models folder") }
        // A data root that lacks the spec's file: the message names the file and the root.
        let s = try Self.spec(replacing: "id: alcohol-admissions-stoke", with: "id: alcohol-admissions-stoke")
        #expect {
            try ProjectionEngine(root: dir).assess(s)
        } throws: { e in
            "\(e)".hasPrefix("hostile.yaml: key 'series.file': no file \(dir.path)/notebooks-data/fingertips_lape/alcohol_related_admissions.csv")
                && "\(e)".contains("relative to the data root \(dir.path)")
        }
    }

    /// The classes the spec fuzz harness (scripts/fuzz/OutcomeSpecFuzz.swift) explores, pinned as
    /// cases: each hostile value is an OutcomesError naming the file and the key, never a trap or
    /// an accepted spec (12 minutes of libFuzzer on 2026-11-30, 212,323 inputs, found nothing).
    @Test("hostile YAML values in a spec are errors naming the file and key", arguments: [
        ("  deadline: 2019/20", "  deadline: !!binary aGVsbG8=", "target.deadline"),
        ("  deadline: 2019/20", "  deadline: [2019/20]", "target.deadline"),
        ("  baseline: 2016/17", "  baseline: *nowhere", ""),
        ("  measure: rate", "  measure: rate\n  minimum_history: 99999999999999999999999", "series.minimum_history"),
        ("  measure: rate", "  measure: rate\n  minimum_history: .inf", "series.minimum_history"),
        ("  select: {area_code: E06000021}", "  select: {area_code: [[E06000021]]}", "series.select.area_code"),
        ("  select: {area_code: E06000021}", "  select: {area_code: []}", "series.select.area_code"),
        ("  select: {area_code: E06000021}", "  select: {}", "series.select"),
        ("  select: {area_code: E06000021}", "  select: {? [a, b] : c}", "series.select"),
        ("  peers: {column: area_code, exclude: [E47000001]}", "  peers: {column: area_code, exclude: [[E47000001]]}", "series.peers.exclude"),
        ("  peers: {column: area_code, exclude: [E47000001]}", "  peers: 12", "series.peers"),
        ("  rule: below-baseline", "  rule: relative-change\n  value: 1e400", "target.value"),
        ("  rule: below-baseline", "  rule: relative-change\n  value: -100", "target.value"),
        ("id: alcohol-admissions-stoke", "id: alcohol-admissions-stoke\nsimulation: {paths: 99, seed: 1}", "simulation.paths"),
        ("id: alcohol-admissions-stoke", "id: alcohol-admissions-stoke\nsimulation: {seed: -1}", "simulation.seed"),
        ("id: alcohol-admissions-stoke", "id: alcohol-admissions-stoke\nmodels: []", "models"),
        ("id: alcohol-admissions-stoke", "id: alcohol-admissions-stoke\nmodels: [auto, bogus]", "models[1]"),
        ("id: alcohol-admissions-stoke", "id: alcohol-admissions-stoke\n<<: {x: 1}", ""),
    ])
    func hostileValues(_ find: String, _ replace: String, _ key: String) throws {
        #expect {
            try Self.spec(replacing: find, with: replace)
        } throws: { e in
            let m = "\(e)"
            return m.hasPrefix("hostile.yaml: ") && (key.isEmpty || m.hasPrefix("hostile.yaml: key '\(key)'"))
        }
    }
}
