// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser
import Foundation
import SaferCity

// `forecast`, `backtest` and `fit` with `--by`: each command's per-series work, rendered on the
// worker threads of `ManySeriesRun`.

/// The comma-separated `--by` list as column names.
func keyList(_ by: String) -> [String] {
    by.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
}

extension ForecastCommand {
    func runMany(by: String) throws {
        let keys = keyList(by)
        let lv = try parsedLevels()
        let (model, horizon, format, file, window, fixedPeriod) = (model, horizon, format, file, input.window, period)
        let conformalWindows = intervalOptions.intervals == .conformal ? intervalOptions.conformalWindows : nil
        var run = ManySeriesRun(file: file, input: input, keyColumns: keys, options: many, jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount, verb: "forecast")
        switch format {
        case .json: run.framing = RecordFraming(prefix: "[\n", separator: ",\n", suffix: "\n]\n")
        case .jsonl: run.framing.failuresInOutput = true
        case .csv: run.framing.header = { csvHeader(keyColumns: keys, levels: $0) }
        case .table: break
        }
        try run.run { frequency in
            let period = fixedPeriod ?? frequency.seasonLength
            let forecaster: @Sendable ([Double], Int) -> Result<(FittedSummary, Forecast), ForecastingError>
            do throws(ForecastingError) { forecaster = try makeForecaster(model: model, period: period, horizon: horizon, levels: lv,
                                                                                   conformalWindows: conformalWindows) } catch {
                throw InputFailure(description: "--model \(model): \(describe(error))")
            }
            return { s in
                let name = s.key.joined(separator: " / ")
                var outcome = SeriesOutcome(key: s.key, name: name, text: "")
                do {
                    let one = try SeriesInput.complete(file: file, key: s.key, series: s.series, window: window)
                    switch forecaster(one.values, period) {
                    case .failure(let e): outcome.failure = describe(e)
                    case .success(let (summary, unplaced)):
                        let fc = one.placing(unplaced)
                        switch format {
                        case .table: outcome.text = "Series: \(name)\n" + renderTable(summary, fc) + "\n"
                        case .csv:
                            outcome.levels = fc.intervals.map(\.level)
                            outcome.text = csvRows(summary, fc, key: s.key)
                        case .json: outcome.text = jsonRecord(summary, fc, key: s.key, keyColumns: keys)
                        case .jsonl: outcome.text = jsonRecord(summary, fc, key: s.key, keyColumns: keys) + "\n"
                        }
                    }
                } catch { outcome.failure = shortReason(error, file: file, name: name) }
                if outcome.failure != nil && format == .jsonl {
                    outcome.text = errorRecord(key: s.key, keyColumns: keys, reason: outcome.failure!) + "\n"
                }
                return outcome
            }
        }
    }
}

/// A per-series failure's reason without the "file (series): " prefix the run adds itself.
func shortReason(_ error: Error, file: String, name: String) -> String {
    var text = "\(error)"
    for prefix in ["\(file) (\(name)): ", "\(file): "] where text.hasPrefix(prefix) { text.removeFirst(prefix.count) }
    return text
}

/// `{"key": {...}, "error": "..."}`: the JSON Lines record of a series that failed.
func errorRecord(key: [String], keyColumns: [String], reason: String) -> String {
    RecordText.jsonObject([("key", keyObject(key, keyColumns)), ("error", RecordText.jsonString(reason))])
}

func keyObject(_ key: [String], _ keyColumns: [String]) -> String {
    RecordText.jsonObject(zip(keyColumns, key).map { ($0, RecordText.jsonString($1)) })
}

/// Fits `model` to one series and forecasts: the function every worker calls. With
/// `conformalWindows`, the intervals are split conformal (`--intervals conformal`, ``ConformalIntervals``).
func makeForecaster(model: String, period: Int, horizon: Int, levels: [Double], conformalWindows: Int? = nil) throws(ForecastingError)
    -> @Sendable ([Double], Int) -> Result<(FittedSummary, Forecast), ForecastingError> {
    func go<S: ForecastModelSpec>(_ spec: S) -> @Sendable ([Double], Int) -> Result<(FittedSummary, Forecast), ForecastingError> {
        { values, period in
            Result { () throws(ForecastingError) in
                let fitted = try spec.fit(values, period: period)
                return (FittedSummary(fitted), try fitted.forecast(horizon: horizon, levels: levels))
            }
        }
    }
    let spec = try ModelRegistry.standard.spec(model, period: period)
    if let w = conformalWindows { return go(ConformalIntervals(spec, windows: w)) }
    return go(spec)
}

/// The CSV header of `forecast --format csv`.
func csvHeader(keyColumns: [String], levels: [Double]) -> String {
    var header = keyColumns + ["model", "period", "mean"]
    for l in levels { header += ["lower_\(levelKey(l))", "upper_\(levelKey(l))"] }
    return RecordText.csvRow(header)
}

/// One series' forecast rows of `forecast --format csv`: numbers as shortest round-trip text.
/// Appends in place into one buffer sized up front (no temporary string per `+`; perf put the
/// rendering at half of a naive run's CPU).
func csvRows(_ summary: FittedSummary, _ fc: Forecast, key: [String]) -> String {
    precondition(fc.timePeriods.count == fc.horizon, "forecast not placed in time")
    // The fields every row starts with (key, model), quoted once; numbers never need quotes.
    var lead = ""
    RecordText.appendCSVRow(key + [summary.method], to: &lead, lineEnd: false)
    var out = ""
    out.reserveCapacity(fc.horizon * (lead.utf8.count + 32 + 48 * fc.intervals.count))
    for h in 0..<fc.horizon {
        out += lead
        out += ","
        RecordText.appendCSVField(fc.periods[h], to: &out)
        out += ","
        out += RecordText.csvNumber(fc.mean[h])
        for pi in fc.intervals {
            out += ","
            out += RecordText.csvNumber(pi.lower[h])
            out += ","
            out += RecordText.csvNumber(pi.upper[h])
        }
        out += "\n"
    }
    return out
}

/// One series' result as one line of JSON, with the fields of `forecast --format json`
/// (keys in the same sorted order): aic, aicc, bic, forecast, key, logLikelihood, model, parameters.
func jsonRecord(_ s: FittedSummary, _ fc: Forecast, key: [String], keyColumns: [String]) -> String {
    precondition(fc.timePeriods.count == fc.horizon, "forecast not placed in time")
    let n = RecordText.jsonNumber
    let forecast = (0..<fc.horizon).map { h -> String in
        let lower = RecordText.jsonObject(fc.intervals.map { (levelKey($0.level), n($0.lower[h])) })
        let upper = RecordText.jsonObject(fc.intervals.map { (levelKey($0.level), n($0.upper[h])) })
        return RecordText.jsonObject([("lower", lower), ("mean", n(fc.mean[h])),
                                      ("period", RecordText.jsonString(fc.periods[h])), ("upper", upper)])
    }
    var members: [(String, String)] = [("aic", n(s.aic)), ("aicc", n(s.aicc)), ("bic", n(s.bic)),
                                       ("forecast", "[" + forecast.joined(separator: ",") + "]")]
    if !keyColumns.isEmpty { members.append(("key", keyObject(key, keyColumns))) }
    var seen = Set<String>()
    let parameters = s.parameters.filter { seen.insert($0.name).inserted }.sorted { $0.name < $1.name }
    members += [("logLikelihood", n(s.logLikelihood)), ("model", RecordText.jsonString(s.method)),
                ("parameters", RecordText.jsonObject(parameters.map { ($0.name, n($0.value)) }))]
    return RecordText.jsonObject(members)
}

extension BacktestCommand {
    func runMany(by: String) throws {
        let keys = keyList(by)
        let (names, horizon, initial, format, file, window, fixedPeriod) = (modelNames, horizon, initial, format, file, input.window, period)
        var run = ManySeriesRun(file: file, input: input, keyColumns: keys, options: many, jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount, verb: "backtested")
        if format == .jsonl { run.framing.failuresInOutput = true }
        let backtestHeader = RecordText.csvRow(keys + ["model"] + (1...horizon).map { "mae_h\($0)" } + ["mae", "rmse", "n"])
        if format == .csv { run.framing.header = { _ in backtestHeader } }
        try run.run { frequency in
            let period = fixedPeriod ?? frequency.seasonLength
            var scorers: [(String, @Sendable ([Double]) -> [[Double]])] = []
            for name in names {
                func go<S: ForecastModelSpec>(_ s: S) -> @Sendable ([Double]) -> [[Double]] {
                    { y in Backtest.errors(s, y, period: period, horizon: horizon, initial: initial - 1) }
                }
                do throws(ForecastingError) { scorers.append((name, go(try ModelRegistry.standard.spec(name, period: period)))) } catch {
                    throw InputFailure(description: "--models: \(describe(error))")
                }
            }
            let models = scorers
            return { s in
                let name = s.key.joined(separator: " / ")
                var outcome = SeriesOutcome(key: s.key, name: name, text: "")
                do {
                    let y = try SeriesInput.complete(file: file, key: s.key, series: s.series, window: window).values
                    guard initial >= 1 && initial < y.count - 1 else {
                        throw InputFailure(description: "--initial \(initial) needs at least \(initial + 2) observations; the series has \(y.count)")
                    }
                    let rows = models.map { ($0.0, Backtest.ErrorSummary($0.1(y))) }
                    switch format {
                    case .table: outcome.text = "Series: \(name)\n" + backtestTable(rows, horizon: horizon) + "\n"
                    case .csv:
                        for (m, r) in rows {
                            RecordText.appendCSVRow(s.key + [m] + r.maeByHorizon.map(RecordText.csvNumber)
                                + [RecordText.csvNumber(r.mae), RecordText.csvNumber(r.rmse), "\(r.count)"], to: &outcome.text)
                        }
                    case .jsonl:
                        let models = rows.map { m, r in
                            RecordText.jsonObject([("model", RecordText.jsonString(m)),
                                                   ("maeByHorizon", "[" + r.maeByHorizon.map { RecordText.jsonNumber($0) }.joined(separator: ",") + "]"),
                                                   ("mae", RecordText.jsonNumber(r.mae)), ("rmse", RecordText.jsonNumber(r.rmse)), ("n", "\(r.count)")])
                        }
                        outcome.text = RecordText.jsonObject([("key", keyObject(s.key, keys)), ("models", "[" + models.joined(separator: ",") + "]")]) + "\n"
                    }
                } catch { outcome.failure = shortReason(error, file: file, name: name) }
                if outcome.failure != nil && format == .jsonl {
                    outcome.text = errorRecord(key: s.key, keyColumns: keys, reason: outcome.failure!) + "\n"
                }
                return outcome
            }
        }
    }
}

/// The table `backtest` prints for one series: MAE by horizon, MAE, RMSE and n per model.
func backtestTable(_ rows: [(String, Backtest.ErrorSummary)], horizon: Int) -> String {
    func right(_ t: String, _ w: Int) -> String { String(repeating: " ", count: max(0, w - t.count)) + t }
    var out = "model".padding(toLength: 28, withPad: " ", startingAt: 0)
    for h in 1...horizon { out += right("MAE h=\(h)", 10) }
    out += right("MAE", 12) + right("RMSE", 12) + right("n", 8) + "\n"
    for (name, summary) in rows {
        var line = name.padding(toLength: 28, withPad: " ", startingAt: 0)
        for mae in summary.maeByHorizon { line += String(format: "%10.4g", mae) }
        out += line + String(format: "%12.5g%12.5g%8d", summary.mae, summary.rmse, summary.count) + "\n"
    }
    return out
}

extension FitCommand {
    func runMany(by: String) throws {
        guard regressors == nil && exposure == nil else {
            throw InputFailure(description: "--regressors and --exposure belong to one series; with --by every series is fitted on its own calendar terms (drop them)")
        }
        let keys = keyList(by)
        let levelValues = try levels.split(separator: ",").map { s -> Double in
            guard let v = Double(s.trimmingCharacters(in: .whitespaces)), v > 0, v < 100 else {
                throw InputFailure(description: "--levels: '\(s)' is not a percentage in (0, 100)")
            }
            return v
        }
        let spec: RegressionSpec
        do {
            spec = RegressionSpec(trend: try .init(parsing: trend), season: try .init(parsing: season),
                                  interventions: try intervention.map { s throws(RegressionError) in try RegressionSpec.Intervention.parseList(s) } ?? [])
        } catch { throw FitFailure(description: error.description) }
        let (model, hac, horizon, simulations, seed, format, file, window) = (model, hac, horizon, simulations, seed, manyFormat, file, input.window)
        var run = ManySeriesRun(file: file, input: input, keyColumns: keys, options: many, jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount, verb: "fitted")
        if format == .jsonl { run.framing.failuresInOutput = true }
        let fitHeader = RecordText.csvRow(keys + ["model", "term", "estimate", "std_error", "statistic", "p_value", "lower_95", "upper_95"])
        if format == .csv { run.framing.header = { _ in fitHeader } }
        try run.run { _ in
            { s in
                let name = s.key.joined(separator: " / ")
                var outcome = SeriesOutcome(key: s.key, name: name, text: "")
                do {
                    let one = try SeriesInput.complete(file: file, key: s.key, series: s.series, window: window)
                    let report: FitReport
                    do {
                        let calendar = try SeriesCalendar(startingAt: one.start)
                        report = try FitReport.make(spec: spec, model: model, hac: hac, values: one.values, calendar: calendar,
                                                    horizon: horizon, levels: levelValues, simulations: simulations, seed: seed, name: name)
                    } catch let e as RegressionError { throw FitFailure(description: e.description) }
                    switch format {
                    case .table: outcome.text = "Series: \(name)\n" + report.summaryTable() + "\n"
                    case .csv:
                        for r in report.table.rows {
                            RecordText.appendCSVRow(s.key + [report.modelName, r.term]
                                + [r.estimate, r.standardError, r.statistic, r.pValue, r.lower, r.upper].map(RecordText.csvNumber), to: &outcome.text)
                        }
                    case .jsonl:
                        outcome.text = report.jsonLine(key: keyObject(s.key, keys)) + "\n"
                    }
                } catch { outcome.failure = shortReason(error, file: file, name: name) }
                if outcome.failure != nil && format == .jsonl {
                    outcome.text = errorRecord(key: s.key, keyColumns: keys, reason: outcome.failure!) + "\n"
                }
                return outcome
            }
        }
    }
}

/// Output layouts of the many-series runs of `backtest` and `fit`.
enum ManyFormat: String, ExpressibleByArgument, CaseIterable { case table, csv, jsonl }
