// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser
import Foundation
import M3Evaluation
import SaferCity

/// `safercity m3-eval`: out-of-sample accuracy of the forecasting methods on the M3 competition
/// series (notebooks-data/m3: `m3_<subset>_train.csv` / `_test.csv`, columns
/// series_id,period_index,value). Prints mean sMAPE and MASE per method and the ETS fitting speed.
struct M3EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "m3-eval",
        abstract: "Score ETS, Theta, damped trend, their combination and benchmarks on M3 series."
    )

    @Option(help: "Directory holding the M3 CSV files.")
    var dataDir: String = "notebooks-data/m3"

    @Option(help: "monthly | yearly | quarterly | other")
    var subset: String = "monthly"

    @Option(help: "Evaluate only the first N series (0 = all).")
    var limit: Int = 0

    @Option(help: "Write per-series sMAPE/MASE to this CSV file (a regular file; not a directory, device, FIFO or symbolic link).")
    var output: String?

    @Option(help: "R's per-series ets() results (m3_r_ets.csv) to compare the automatic ETS with.")
    var compareR: String?

    @Flag(inversion: .prefixedNo, help: "Also score auto.arima, CES, DOTM and the default combination with interval coverage and Winkler scores (issue 13).")
    var combination = true

    @Option(help: "With --combination: also score split-conformal intervals of the combination from this many rolling-origin windows (0 = not).")
    var conformalWindows: Int = 0

    @Option(help: "With --combination: also score the combination's intervals calibrated by pooled conformal scores (PooledConformal) from this many rolling-origin windows per series, and from one (0 = not).")
    var pooledWindows: Int = 0

    @Option(help: "Threads for the combination rows (1…\(Limits.jobs)); results do not depend on it.")
    var jobs: Int = 1

    func validate() throws {
        guard conformalWindows == 0 || conformalWindows >= 2 else { throw ValidationError("--conformal-windows must be 0 (not scored) or at least 2, got \(conformalWindows)") }
        try Limits.check(jobs, option: "jobs", in: 1...Limits.jobs)
        if pooledWindows != 0 { try Limits.check(pooledWindows, option: "pooled-windows", in: 1...Limits.conformalWindows) }
        guard limit >= 0 else { throw ValidationError("--limit must be 0 (all series) or a positive number of series, got \(limit)") }
    }

    func run() throws {
        if let output {
            do { try OutputFile.check(output) } catch { throw InputFailure(description: "--output: \(error.description)") }
        }
        guard let kind = M3Subset.Kind(rawValue: subset) else {
            throw InputFailure(description: "--subset must be monthly, quarterly, yearly or other")
        }
        guard FileManager.default.isFolder(atPath: dataDir) else {
            throw InputFailure(description: "--data-dir \(dataDir): no such folder; expected the folder holding m3_\(subset)_train.csv and m3_\(subset)_test.csv")
        }
        let data = try M3Subset.load(directory: URL(fileURLWithPath: dataDir), kind: kind)
        let result = try M3Evaluation.run(data, limit: limit > 0 ? limit : nil)
        print("M3 \(subset): \(result.seriesCount) series, horizon \(data.test[0].count), period \(kind.period)")
        print("method                      sMAPE     MASE")
        for name in M3Evaluation.methods {
            let m = result.mean(name)
            print(name.padding(toLength: 24, withPad: " ", startingAt: 0) + String(format: "%9.3f %8.3f", m.smape, m.mase))
        }
        print(String(format: "automatic ETS: %.1f series/s (%.2f s for %d series, this build, one thread)",
                     Double(result.seriesCount) / result.etsFitSeconds, result.etsFitSeconds, result.seriesCount))
        if combination { printCombinationTable(data) }
        if let output {
            var csv = "series_id,method,model,smape,mase\n"
            for s in result.scores { RecordText.appendCSVRow([s.seriesID, s.method, s.model, "\(s.smape)", "\(s.mase)"], to: &csv) }
            do { try OutputFile.write(csv, to: output) } catch { throw InputFailure(description: "--output: \(error.description)") }
        }
        if let compareR {
            let ets = result.scores.filter { $0.method == "ETS" }
            try compare(rPath: compareR, ids: ets.map(\.seriesID),
                        models: Dictionary(uniqueKeysWithValues: ets.map { ($0.seriesID, $0.model) }), smape: ets.map(\.smape))
        }
    }

    /// Same-model rate and sMAPE against R's `ets()` (file written by m3_r_ets.R:
    /// "subset","series_id","method",smape,mase,seconds).
    func compare(rPath: String, ids: [String], models: [String: String], smape: [Double]) throws {
        let rows = try CSVReader(url: URL(fileURLWithPath: rPath)).readAll()
        guard rows.first?.fields == ["subset", "series_id", "method", "smape", "mase", "seconds"] else {
            throw InputFailure(description: "\(rPath), line 1: expected the header subset,series_id,method,smape,mase,seconds")
        }
        var rModel = [String: String](), rSmape = [String: Double](), rSeconds = [String: Double]()
        for row in rows.dropFirst() where row.fields.first == subset {
            guard row.fields.count == 6, let sm = Double(row.fields[3]), let secs = Double(row.fields[5]) else {
                throw InputFailure(description: "\(rPath), line \(row.line): expected 6 fields with numeric smape and seconds")
            }
            rModel[row.fields[1]] = row.fields[2]
            rSmape[row.fields[1]] = sm
            rSeconds[row.fields[1]] = secs
        }
        let common = ids.filter { rModel[$0] != nil }
        let same = common.filter { rModel[$0] == models[$0] }.count
        let rMean = common.map { rSmape[$0]! }.reduce(0, +) / Double(common.count)
        let oursMean = smape.reduce(0, +) / Double(smape.count)
        print("vs R ets(): same model on \(same)/\(common.count) series; sMAPE R \(String(format: "%.4f", rMean)), ours \(String(format: "%.4f", oursMean)); R fitted \(String(format: "%.2f", Double(common.count) / common.map { rSeconds[$0]! }.reduce(0, +))) series/s when the file was made")
    }
}
