// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser
import Foundation
import SaferCity

/// `safercity assess`: projects every outcome in `models/` to its deadline and prints the
/// scorecard; `--report DIR` also writes the HTML report with SVG charts, JSON and CSV.
struct AssessCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assess",
        abstract: "Project each strategy outcome to its deadline: P(target met), status, England comparison.")

    @Option(help: "Folder with strategy.yaml and outcomes/*.yaml.")
    var models: String = "models"

    @Option(help: "Folder that data paths in the specs are relative to (default: the folder that holds --models, e.g. the repository for models/).")
    var root: String?

    @Option(name: .customLong("as-of"), help: "Assess as it would have looked at this period (e.g. 2017-03): later data are ignored.")
    var asOf: String?

    @Option(help: "Write the report (index.html, SVG charts, JSON, CSV) into this folder.")
    var report: String?

    @Option(help: "Output format for the scorecard: table or json.")
    var format: String = "table"

    @Flag(name: .customLong("allow-outside-root"), help: "Let specs read data files outside --root (refused by default).")
    var allowOutsideRoot = false

    func run() throws {
        let asOfPeriod: Period?
        if let a = asOf {
            guard let (p, _) = Period.parse(a) else {
                throw ValidationError("--as-of '\(a)' is not a period; expected e.g. 2017-03 or 2016/17")
            }
            asOfPeriod = p
        } else { asOfPeriod = nil }
        guard format == "table" || format == "json" else { throw ValidationError("--format must be table or json") }
        if let r = report, r.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("--report needs a folder name (it is replaced whole by the new report)")
        }
        let folders = try AssessFolders(models: models, root: root)
        Console.error(folders.description + "\n")
        let run = try AssessmentRun.perform(
            models: folders.models, root: folders.root, asOf: asOfPeriod, allowOutsideRoot: allowOutsideRoot,
            progress: { Console.error($0 + "\n") })
        for w in run.warnings { Console.error("warning: \(w)\n") }
        if format == "json" {
            print(try run.json())
        } else {
            print(run.scorecardTable())
        }
        if let dir = report {
            let written = try run.writeReport(to: URL(fileURLWithPath: dir), generator: "SaferCity \(SaferCityVersion.string)")
            Console.error("report: \(written.count) files in \(dir) (open \(dir)/index.html)\n")
        }
    }
}

/// The folders `assess` reads: `--models` (strategy.yaml and outcomes/) and the root that spec data
/// paths are relative to: `--root`, else the folder above `--models` (so `--models
/// ~/safercity/models` alone works from any folder).
struct AssessFolders: CustomStringConvertible {
    var models: URL
    var root: URL
    var rootGiven: Bool

    init(models: String, root: String?) throws {
        let m = URL(fileURLWithPath: models).standardizedFileURL
        guard FileManager.default.isFolder(atPath: m.path) else {
            throw ValidationError("--models: no folder \(m.path)"
                + (models == "models" ? " (the default is ./models: run from the repository, or give --models path/to/models)" : ""))
        }
        self.models = m
        self.rootGiven = root != nil
        self.root = root.map { URL(fileURLWithPath: $0).standardizedFileURL } ?? m.deletingLastPathComponent()
    }

    var description: String {
        "models: \(models.path); data paths relative to \(root.path)" + (rootGiven ? " (--root)" : " (the folder above --models; set --root to change)")
    }
}
