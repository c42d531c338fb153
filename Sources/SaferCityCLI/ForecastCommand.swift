// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser
import Foundation
import SaferCity

/// `safercity forecast <file>`: fit a model to one series (or, with `--by`, to every series of a
/// tidy file) and print forecasts with prediction intervals.
///
/// Files are read through SeriesData (`--input-format`, as `fit`); the seasonal period defaults to
/// the series' own (12 monthly, 4 quarterly, 1 yearly).
struct ForecastCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forecast",
        abstract: "Forecast a series (or every series with --by) with ETS, Theta, STL+ETS or a benchmark method.",
        discussion: ModelHelp.discussion
    )

    @Argument(help: "Input file (layout chosen with --input-format; default tidy CSV).")
    var file: String

    @Option(help: ArgumentHelp(stringLiteral: ModelHelp.names))
    var model: String = "auto"

    @Option(help: "Forecast horizon (steps ahead, 1…\(Limits.horizon)).")
    var horizon: Int

    @OptionGroup var seasonal: SeasonalPeriodOption

    @Option(help: "Prediction-interval levels in percent, comma separated.")
    var levels: String = "80,95"

    @Option(help: "Forecast every series, keyed by these comma-separated key columns (tidy files).")
    var by: String?

    @OptionGroup var input: SeriesInputOptions

    @OptionGroup var plotOptions: PlotOptions

    @OptionGroup var intervalOptions: IntervalOptions

    @Option(help: "Threads for fitting many series with --by (1…\(Limits.jobs); default: one per processor of the machine running it). Results do not depend on it.")
    var jobs: Int?

    @Option(help: "table | json | csv | jsonl (JSON Lines: one object per series, for --by)")
    var format: OutputFormat = .table

    @OptionGroup var reconciliation: ReconcileOptions

    enum OutputFormat: String, ExpressibleByArgument { case table, json, csv, jsonl }

    @OptionGroup var many: ManySeriesOptions

    /// `--period` as ManySeriesCommands.swift reads it.
    var period: Int? { seasonal.period }

    func validate() throws {
        try Limits.check(horizon, option: "horizon", in: 1...Limits.horizon)
        try seasonal.check()
        _ = try parsedLevels()
        if by != nil && input.series != nil { throw ValidationError("--by forecasts every series; drop --series") }
        if by != nil && plotOptions.plot != nil { throw ValidationError("--plot draws one series; drop --by (or choose one with --series)") }
        try checkKeyColumns(by: by)
        try Limits.checkJobs(jobs)
        try reconciliation.validate(by: by)
        if reconciliation.reconcile != nil && (format == .json || format == .jsonl) { throw ValidationError("--reconcile writes csv or table; drop --format \(format.rawValue)") }
        if reconciliation.reconcile == nil { try many.validate(by: by) }
    }

    func parsedLevels() throws -> [Double] { try PercentLevels.parse(levels) }

    func run() throws {
        if reconciliation.reconcile != nil {
            var options = input
            options.keyColumns = by
            let r = try ReconciledForecastRun.run(file: file, input: options, model: model, horizon: horizon,
                                                  levels: try parsedLevels(), period: period, jobs: Limits.threads(jobs), options: reconciliation)
            Console.output(format == .csv ? ReconciledForecastRun.csv(r) : ReconciledForecastRun.table(r))
            return
        }
        // Many series: streamed and modelled in parallel (ManySeriesCommands.swift).
        if let by { return try runMany(by: by) }
        let inputs: [Result<SeriesInput, InputFailure>] = [.success(try SeriesInput.load(file: file, input: input))]
        let lv = try parsedLevels()
        var results: [(SeriesInput, FittedSummary, Forecast)] = []
        var skipped: [String] = []
        var loaded: [SeriesInput] = []
        for r in inputs {
            switch r {
            case .failure(let e):
                guard by != nil else { throw e }
                skipped.append(e.description)
            case .success(let v): loaded.append(v)
            }
        }
        let periods = loaded.map { seasonal.period(startingAt: $0.start) }
        let fits: [Result<(FittedSummary, Forecast), ForecastingError>]
        do {
            fits = try fitAndForecastEach(model: model, series: loaded.map(\.values), periods: periods,
                                          horizon: horizon, levels: lv, threads: Limits.threads(jobs), wrap: intervalOptions.apply)
        } catch let e as ForecastingError { throw InputFailure(description: "--model \(model): \(describe(e))") }
        for (s, fit) in zip(loaded, fits) {
            switch fit {
            case .success(let (summary, fc)): results.append((s, summary, s.placing(fc)))
            case .failure(let e):
                let message = "\(file)\(s.name.isEmpty ? "" : " (\(s.name))"): \(describe(e))"
                guard by != nil else { throw InputFailure(description: message) }
                skipped.append(message)
            }
        }
        if !skipped.isEmpty {
            var report = "series forecast \(results.count), skipped \(skipped.count):\n"
            for m in skipped { report += "  skipped: \(m)\n" }
            Console.error(report)
        }
        guard !results.isEmpty else { throw InputFailure(description: "\(file): no series could be forecast (each one's reason is listed above)") }
        let keyColumns = by.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } } ?? []
        switch format {
        case .table:
            for (s, summary, fc) in results {
                if !s.name.isEmpty { print("Series: \(s.name)") }
                print(renderTable(summary, fc))
            }
        case .csv: print(renderCSV(results, keyColumns: keyColumns), terminator: "")
        case .jsonl:
            for (s, summary, fc) in results { print(jsonRecord(summary, fc, key: s.key, keyColumns: keyColumns)) }
        case .json:
            let objects = results.map { renderJSON($0.1, $0.2, key: $0.0.key, keyColumns: keyColumns) }
            let root: Any = by == nil ? objects[0] : objects
            print(try RecordText.jsonText(root))
        }
        if let (s, summary, fc) = results.first, by == nil {
            try plotOptions.write(Plots.fan(title: "\(URL(fileURLWithPath: file).lastPathComponent)\(s.name.isEmpty ? "" : " — \(s.name)"): \(summary.method)",
                                            unit: plotOptions.plotUnit ?? input.valueColumn ?? "value", history: s, forecast: fc))
        }
    }
}

/// What the CLI reports about a fitted model.
struct FittedSummary {
    var method: String
    var parameters: [(name: String, value: Double)]
    var logLikelihood: Double?, aic: Double?, aicc: Double?, bic: Double?
    init<M: FittedForecastModel>(_ m: M) {
        method = m.method
        parameters = m.parameterTable
        logLikelihood = m.logLikelihood; aic = m.aic; aicc = m.aicc; bic = m.bic
    }
}

/// Fits `model` to every series (in parallel on `threads` threads) and forecasts each.
func fitAndForecastEach(model: String, series: [[Double]], periods: [Int], horizon: Int, levels: [Double],
                        threads: Int, wrap: (any ForecastModelSpec) -> any ForecastModelSpec = { $0 })
    throws -> [Result<(FittedSummary, Forecast), ForecastingError>] {
    func go<S: ForecastModelSpec>(_ spec: S) -> [Result<(FittedSummary, Forecast), ForecastingError>] {
        spec.fitAndForecastEach(series, periods: periods, horizon: horizon, levels: levels, threads: threads)
            .map { $0.map { (FittedSummary($0.fitted), $0.forecast) } }
    }
    return go(wrap(try ModelRegistry.standard.spec(model, period: periods.first ?? 1)))
}

func describe(_ e: ForecastingError) -> String { e.description }

func fmt(_ x: Double) -> String { String(format: "%.6g", x) }

func levelKey(_ level: Double) -> String { level == level.rounded() ? String(Int(level)) : String(level) }

/// `fc` must be placed in time (`Forecast.placed(after:)`): its own periods label the rows.
func renderTable(_ s: FittedSummary, _ fc: Forecast) -> String {
    precondition(fc.timePeriods.count == fc.horizon, "forecast not placed in time")
    var out = "Model: \(s.method)\n"
    if !s.parameters.isEmpty {
        out += "Parameters: " + s.parameters.map { "\($0.name) = \(fmt($0.value))" }.joined(separator: ", ") + "\n"
    }
    if let ll = s.logLikelihood, let aic = s.aic, let aicc = s.aicc, let bic = s.bic {
        out += "logLik = \(fmt(ll))  AIC = \(fmt(aic))  AICc = \(fmt(aicc))  BIC = \(fmt(bic))\n"
    }
    var header = ["period", "mean"]
    for pi in fc.intervals { header += ["lo\(levelKey(pi.level))", "hi\(levelKey(pi.level))"] }
    var rows = [header]
    // Numbers for people: thousands separated, one number of decimals for the table (CSV/JSON keep full precision).
    let decimals = NumberFormatting.decimals(for: fc.mean)
    func num(_ v: Double) -> String { NumberFormatting.decimal(v, decimals: decimals) }
    for h in 0..<fc.horizon {
        var r = [fc.periods[h], num(fc.mean[h])]
        for pi in fc.intervals { r += [num(pi.lower[h]), num(pi.upper[h])] }
        rows.append(r)
    }
    let widths = (0..<header.count).map { c in rows.map { $0[c].count }.max()! }
    for r in rows {
        out += zip(r, widths).map { String(repeating: " ", count: $1 - $0.count) + $0 }.joined(separator: "  ") + "\n"
    }
    return out
}

func renderCSV(_ results: [(SeriesInput, FittedSummary, Forecast)], keyColumns: [String]) -> String {
    guard let first = results.first?.2 else { return "" }
    var header = keyColumns + ["model", "period", "mean"]
    for pi in first.intervals { header += ["lower_\(levelKey(pi.level))", "upper_\(levelKey(pi.level))"] }
    let num = RecordText.csvNumber
    var out = RecordText.csvRow(header)
    for (s, summary, fc) in results {
        precondition(fc.timePeriods.count == fc.horizon, "forecast not placed in time")
        for h in 0..<fc.horizon {
            var r = (keyColumns.isEmpty ? [] : s.key) + [summary.method, fc.periods[h], num(fc.mean[h])]
            for pi in fc.intervals { r += [num(pi.lower[h]), num(pi.upper[h])] }
            RecordText.appendCSVRow(r, to: &out)
        }
    }
    return out
}

/// One series' result with the fields of `fit --format json`: model, parameters, information
/// criteria, and `forecast` as an array of {period, mean, lower: {level: …}, upper: {level: …}}.
func renderJSON(_ s: FittedSummary, _ fc: Forecast, key: [String], keyColumns: [String]) -> [String: Any] {
    precondition(fc.timePeriods.count == fc.horizon, "forecast not placed in time")
    let num = RecordText.jsonSerializationValue
    var o: [String: Any] = [
        "model": s.method,
        "parameters": Dictionary(s.parameters.map { ($0.name, num($0.value)) }, uniquingKeysWith: { a, _ in a }),
        "logLikelihood": num(s.logLikelihood), "aic": num(s.aic), "aicc": num(s.aicc), "bic": num(s.bic),
        "forecast": (0..<fc.horizon).map { h -> [String: Any] in
            var lower: [String: Any] = [:], upper: [String: Any] = [:]
            for pi in fc.intervals { lower[levelKey(pi.level)] = num(pi.lower[h]); upper[levelKey(pi.level)] = num(pi.upper[h]) }
            return ["period": fc.periods[h], "mean": num(fc.mean[h]), "lower": lower, "upper": upper]
        },
    ]
    if !keyColumns.isEmpty { o["key"] = Dictionary(zip(keyColumns, key), uniquingKeysWith: { a, _ in a }) }
    return o
}
