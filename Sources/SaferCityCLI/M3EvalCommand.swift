import ArgumentParser
import Foundation
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

    @Option(help: "Write per-series sMAPE/MASE to this CSV file.")
    var output: String?

    @Option(help: "R's per-series ets() results (m3_r_ets.csv) to compare the automatic ETS with.")
    var compareR: String?

    func run() throws {
        let period = ["monthly": 12, "quarterly": 4, "yearly": 1, "other": 1][subset]
        guard let period else { throw ValidationError("--subset must be monthly, quarterly, yearly or other") }
        let train = try readPanel(path: "\(dataDir)/m3_\(subset)_train.csv")
        let test = try readPanel(path: "\(dataDir)/m3_\(subset)_test.csv")
        var ids = train.order
        if limit > 0 { ids = Array(ids.prefix(limit)) }
        let methods = ["ETS", "Theta", "Damped", "Comb(ETS,Theta,Damped)", "SNaive", "Naive"]
        var smape = [String: [Double]](), mase = [String: [Double]]()
        var etsSeconds = 0.0
        var etsModels = [String: String]()
        var perSeries = "series_id,method,model,smape,mase\n"
        for id in ids {
            guard let y = train.values[id], let x = test.values[id] else {
                throw ValidationError("series \(id) missing from the test file")
            }
            let h = x.count
            let start = Date()
            let etsFit = try ETS().fit(y, period: period)
            etsSeconds += Date().timeIntervalSince(start)
            let ets = try etsFit.forecast(horizon: h, levels: [])
            etsModels[id] = etsFit.method
            let theta = try Theta().fit(y, period: period).forecast(horizon: h, levels: [])
            let damped = try ETS("ZAdZ").fit(y, period: period).forecast(horizon: h, levels: [])
            let comb = Forecast.combination([ets, theta, damped], method: methods[3])
            let snaive = try LagWalk(period > 1 ? .seasonalNaive : .naive).fit(y, period: period).forecast(horizon: h, levels: [])
            let naive = try LagWalk.naive.fit(y, period: period).forecast(horizon: h, levels: [])
            for (name, fc) in zip(methods, [ets, theta, damped, comb, snaive, naive]) {
                let a = AccuracyMetrics(actual: x, forecast: fc.mean, training: y, period: period)
                smape[name, default: []].append(a.smape)
                mase[name, default: []].append(a.mase)
                perSeries += "\(id),\(name),\(fc.method),\(a.smape),\(a.mase)\n"
            }
        }
        print("M3 \(subset): \(ids.count) series, horizon \(test.values[ids[0]]!.count), period \(period)")
        print("method                      sMAPE     MASE")
        for name in methods {
            let s = smape[name]!, m = mase[name]!
            let ms = s.reduce(0, +) / Double(s.count), mm = m.reduce(0, +) / Double(m.count)
            print(name.padding(toLength: 24, withPad: " ", startingAt: 0) + String(format: "%9.3f %8.3f", ms, mm))
        }
        print(String(format: "automatic ETS: %.1f series/s (%.2f s for %d series, this build, one thread)",
                     Double(ids.count) / etsSeconds, etsSeconds, ids.count))
        if let output { try perSeries.write(toFile: output, atomically: true, encoding: .utf8) }
        if let compareR { try compare(rPath: compareR, ids: ids, models: etsModels, smape: smape["ETS"]!) }
    }

    /// Same-model rate and sMAPE against R's `ets()` (file written by m3_r_ets.R:
    /// "subset","series_id","method",smape,mase,seconds).
    func compare(rPath: String, ids: [String], models: [String: String], smape: [Double]) throws {
        guard let text = try? String(contentsOfFile: rPath, encoding: .utf8) else {
            throw ValidationError("\(rPath): cannot read file")
        }
        var rModel = [String: String](), rSmape = [String: Double](), rSeconds = 0.0, rCount = 0
        for (i, line) in text.split(whereSeparator: \.isNewline).enumerated() where i > 0 {
            // Quoted fields may contain commas (the method "ETS(M,A,N)").
            let parts = line.components(separatedBy: "\",")
            let tail = line.split(separator: ",").suffix(3)
            guard parts.count == 4, tail.count == 3, let sm = Double(tail[tail.startIndex]),
                  let secs = Double(tail[tail.index(tail.startIndex, offsetBy: 2)]) else {
                throw ValidationError("\(rPath), line \(i + 1): unexpected format '\(line)'")
            }
            let subsetName = parts[0].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            guard subsetName == subset else { continue }
            let id = parts[1].trimmingCharacters(in: CharacterSet(charactersIn: "\","))
            rModel[id] = parts[2].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            rSmape[id] = sm
            rSeconds += secs
            rCount += 1
        }
        let common = ids.filter { rModel[$0] != nil }
        let same = common.filter { rModel[$0] == models[$0] }.count
        let rMean = common.map { rSmape[$0]! }.reduce(0, +) / Double(common.count)
        let oursMean = smape.reduce(0, +) / Double(smape.count)
        print("vs R ets(): same model on \(same)/\(common.count) series; sMAPE R \(String(format: "%.4f", rMean)), ours \(String(format: "%.4f", oursMean)); R fitted \(String(format: "%.2f", Double(rCount) / rSeconds)) series/s when the file was made")
    }
}

/// series_id,period_index,value → values per series in file order (period_index ascending).
func readPanel(path: String) throws -> (order: [String], values: [String: [Double]]) {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
        throw ValidationError("\(path): cannot read file")
    }
    var order = [String](), values = [String: [Double]]()
    for (i, line) in text.split(whereSeparator: \.isNewline).enumerated() where i > 0 {
        let f = line.split(separator: ",", omittingEmptySubsequences: false)
        guard f.count == 3, let v = Double(f[2]) else {
            throw ValidationError("\(path), line \(i + 1): expected series_id,period_index,value, got '\(line)'")
        }
        let id = String(f[0])
        if values[id] == nil { order.append(id) }
        values[id, default: []].append(v)
    }
    return (order, values)
}
