// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser
import Foundation
import SaferCity

/// `safercity calibrate SPEC`: replays an outcome's question at past origins for every peer area
/// and scores the probabilities against what happened (Brier and its decomposition, skill against
/// hindsight climatology and a coin, log score, CRPS, interval coverage, reliability diagram).
struct CalibrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "Replay an outcome's P(met) at past origins across its peer areas and score it against what happened.")

    @Argument(help: "An outcome spec (YAML) with series.peers.")
    var spec: String

    @Option(help: "Folder that data paths in the spec are relative to.")
    var root: String = "."

    @Option(name: .customLong("as-of"), help: "Use only data published by this period (e.g. 2015/16).")
    var asOf: String?

    @Option(help: "Comma-separated origins (e.g. 2015/16); default: every origin whose outcome is observed.")
    var origins: String?

    @Option(help: "Periods from origin to deadline; default: the spec's deadline − baseline.")
    var horizon: Int?

    @Option(name: .customLong("baseline-offset"), help: "Baseline position relative to the origin (0 = the origin, -1 = the period before); default 0.")
    var baselineOffset: Int?

    @Flag(name: .customLong("per-area"), help: "Also replay per-area model choice (the method used without peers) for comparison; slower.")
    var perArea = false

    @Flag(name: .customLong("allow-outside-root"), help: "Let the spec read a data file outside --root (refused by default).")
    var allowOutsideRoot = false

    @Option(help: "Write the reliability diagram (SVG) to this file.")
    var svg: String?

    @Option(help: "Write every replayed forecast (CSV) to this file.")
    var csv: String?

    func run() throws {
        func period(_ s: String, _ option: String) throws -> Period {
            guard let (p, _) = Period.parse(s.trimmingCharacters(in: .whitespaces)) else {
                throw ValidationError("\(option) '\(s)' is not a period; expected e.g. 2015/16 or 2017-03")
            }
            return p
        }
        if let h = horizon, !(1...50).contains(h) { throw ValidationError("--horizon must be between 1 and 50 periods (got \(h))") }
        if let b = baselineOffset, !(-50...0).contains(b) { throw ValidationError("--baseline-offset must be between -50 and 0 (got \(b))") }
        let asOfPeriod = try asOf.map { try period($0, "--as-of") }
        let originList = try origins.map { try $0.split(separator: ",").map { try period(String($0), "--origins") } }
        if let list = originList, list.isEmpty {
            throw ValidationError("--origins lists no period; expected e.g. 2014/15,2015/16")
        }
        let s = try OutcomeSpec.load(url: URL(fileURLWithPath: spec))
        let run = try CalibrationRun.perform(spec: s, root: URL(fileURLWithPath: root), asOf: asOfPeriod, origins: originList,
                                             horizon: horizon, baselineOffset: baselineOffset, perArea: perArea,
                                             allowOutsideRoot: allowOutsideRoot)
        if let svg { try OutputFile.check(svg) }
        if let csv { try OutputFile.check(csv) }
        print("\(s.id): \(run.peers) peer areas; question: \(run.question.summary)")
        for k in run.skipped { print("skipped origin \(k)") }
        guard let pooled = run.pooled else { throw ValidationError("no origin could be replayed (see the skipped origins above)") }
        print(pooled.table)
        if let p = run.perArea { print(p.table) }
        if let svg {
            try OutputFile.write(pooled.reliabilitySVG(title: "How often P(met) came true — \(s.id)", comparison: run.perArea), to: svg)
        }
        if let csv {
            try OutputFile.write(ReplayRecord.csv([("pooled-change", run.pooledRecords), ("per-area", run.perAreaRecords)]), to: csv)
        }
    }
}
