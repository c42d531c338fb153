// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser
import Foundation
import SaferCity

/// `safercity backtest <file>`: rolling-origin evaluation (as R's `tsCV`) of several models on one
/// series, printing MAE and RMSE by horizon and overall.
struct BacktestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backtest",
        abstract: "Rolling-origin (time-series cross-validation) comparison of forecasting models."
    )

    @Argument(help: "Input file (layout chosen with --input-format; default tidy CSV).")
    var file: String

    @Option(help: ArgumentHelp(stringLiteral: "Comma-separated models, each one of: " + ModelHelp.names))
    var models: String = "auto,theta,snaive,naive"

    @Option(help: "Forecast horizon evaluated at each origin (1…\(Limits.horizon)).")
    var horizon: Int = 1

    @OptionGroup var seasonal: SeasonalPeriodOption

    @Option(help: "First origin: forecast only after this many observations.")
    var initial: Int = 24

    @OptionGroup var input: SeriesInputOptions
    @OptionGroup var plotOptions: PlotOptions

    @Option(help: "Backtest every series, keyed by these comma-separated key columns (tidy files: grouped rows are streamed).")
    var by: String?

    @OptionGroup var threads: ByJobsOption

    @Option(help: "With --by: table | csv | jsonl")
    var format: ManyFormat = .table

    @OptionGroup var many: ManySeriesOptions

    @Option(help: "Also score 80% and 95% prediction intervals at every origin (share of held-out values inside): model (each model's own) or conformal (split conformal, --conformal-windows windows).")
    var intervals: IntervalOptions.Kind?

    @Option(help: "Rolling-origin windows for --intervals conformal (2…\(Limits.conformalWindows)).")
    var conformalWindows: Int = 2

    /// `--period` and `--jobs` as ManySeriesCommands.swift reads them.
    var period: Int? { seasonal.period }
    var jobs: Int? { threads.jobs }

    func validate() throws {
        try threads.check()
        try many.validate(by: by)
        if by == nil && format != .table { throw ValidationError("--format \(format.rawValue) applies to --by runs") }
        try checkKeyColumns(by: by)
        try Limits.check(horizon, option: "horizon", in: 1...Limits.horizon)
        try seasonal.check()
        try Limits.check(conformalWindows, option: "conformal-windows", in: 2...Limits.conformalWindows)
        guard !modelNames.isEmpty else {
            throw ValidationError("--models lists no model; give one or more of: auto, theta, snaive, naive, … (see --help)")
        }
    }

    var modelNames: [String] {
        ForecastMethodName.splitList(models)
    }

    func run() throws {
        if let by { return try runMany(by: by) }
        let series = try SeriesInput.load(file: file, input: input)
        let y = series.values
        let period = seasonal.period(startingAt: series.start)
        guard initial >= 1 && initial < y.count - 1 else {
            throw InputFailure(description: "--initial must be between 1 and \(y.count - 2) for this series (\(file) has \(y.count) observations), got \(initial)")
        }
        var header = "model".padding(toLength: 28, withPad: " ", startingAt: 0)
        func right(_ t: String, _ w: Int) -> String { String(repeating: " ", count: max(0, w - t.count)) + t }
        for h in 1...horizon { header += right("MAE h=\(h)", 10) }
        print(header + right("MAE", 12) + right("RMSE", 12) + right("n", 8) + (intervals == nil ? "" : right("cover80", 9) + right("cover95", 9)))
        var byModel: [(name: String, maeByHorizon: [Double])] = []
        defer {
            if plotOptions.plot != nil {
                do {
                    try plotOptions.write(Plots.backtest(title: "\(URL(fileURLWithPath: file).lastPathComponent): rolling-origin errors from observation \(initial)",
                                                         unit: plotOptions.plotUnit ?? input.valueColumn ?? "value", models: byModel, horizon: horizon))
                } catch { Console.error("\(error)\n") }
            }
        }
        for name in modelNames {
            let summary = Backtest.ErrorSummary(try backtestErrors(model: name, y: y, period: period))
            byModel.append((name, summary.maeByHorizon))
            var line = name.padding(toLength: 28, withPad: " ", startingAt: 0)
            for mae in summary.maeByHorizon { line += String(format: "%10.4g", mae) }
            line += String(format: "%12.5g%12.5g%8d", summary.mae, summary.rmse, summary.count)
            if let intervals {
                for c in try backtestCoverage(model: name, y: y, period: period, kind: intervals) {
                    line += String(format: "%9.1f", 100 * Double(c.inside) / Double(c.count))
                }
            }
            print(line)
            if summary.count == 0 {
                Console.error("note: \(name): no forecast origin could be scored (the model failed at every origin from observation \(initial); e.g. the series is too short for it or for --period \(period)), so its errors are NaN\n")
            }
        }
    }

    func backtestErrors(model: String, y: [Double], period: Int) throws -> [[Double]] {
        // Errors from origin `initial` (0-based index initial−1) onwards, as tsCV(initial = initial − 1).
        let start = initial - 1
        func go<S: ForecastModelSpec>(_ s: S) -> [[Double]] {
            Backtest.errors(s, y, period: period, horizon: horizon, initial: start)
        }
        do { return go(try ModelRegistry.standard.spec(model, period: period)) } catch {
            throw InputFailure(description: "--models: \(describe(error))")
        }
    }

    /// Coverage of the 80% and 95% intervals (model's own or conformal) from the same origins.
    func backtestCoverage(model: String, y: [Double], period: Int, kind: IntervalOptions.Kind) throws
        -> [(level: Double, inside: Int, count: Int)] {
        func go<S: ForecastModelSpec>(_ s: S) -> [(level: Double, inside: Int, count: Int)] {
            Backtest.coverage(s, y, period: period, horizon: horizon, initial: initial - 1, levels: [80, 95])
        }
        do {
            let spec = try ModelRegistry.standard.spec(model, period: period)
            let wrapped: any ForecastModelSpec = kind == .conformal ? ConformalIntervals(spec, windows: conformalWindows) : spec
            return go(wrapped)
        } catch { throw InputFailure(description: "--models: \(describe(error))") }
    }
}
