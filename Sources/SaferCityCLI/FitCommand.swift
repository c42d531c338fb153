// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser
import Foundation
import SaferCity

/// `safercity fit`: trend/season/intervention regression (lm or count GLM) on one series, with an
/// R-style summary or JSON, and forecasts. All statistics are in the Regression module.
struct FitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit",
        abstract: "Fit a trend + seasonal + intervention regression (lm, Poisson, quasi-Poisson, negative binomial) and forecast.",
        discussion: """
        Term names follow R: (Intercept), trend, I(trend^2), season2…season12, S1-12/C1-12, step_2016-07, \
        ramp_2016-07, pulse_2016-07. A step and a ramp at the same date are reported as an interrupted \
        time series (level and slope change, effect at the last observation). See docs/Regression.md.
        """
    )

    enum ModelName: String, ExpressibleByArgument, CaseIterable { case lm, poisson, quasipoisson, negbin }
    enum OutputFormat: String, ExpressibleByArgument, CaseIterable { case table, json, csv, jsonl }

    @Argument(help: "Input CSV file.") var file: String
    @Option(help: "Model: lm|poisson|quasipoisson|negbin.") var model: ModelName
    @Option(help: "Trend: linear|none|poly:N.") var trend = "linear"
    @Option(help: "Season: dummies|fourier:K|none.") var season = "dummies"
    @Option(help: "Comma-separated interventions kind:period (kind step|ramp|pulse), e.g. step:2016-07,ramp:2016-07.")
    var intervention: String?
    @Flag(help: "Newey-West HAC standard errors (R sandwich::NeweyWest defaults: automatic lag, VAR(1) prewhitening); for count models z tests as lmtest::coeftest.")
    var hac = false
    @Option(help: "Forecast horizon (periods, 0…\(Limits.horizon); 0 = no forecast).") var horizon = 0
    @Option(help: "Prediction-interval levels in percent, comma-separated.") var levels = "80,95"
    @Option(help: "Output: table|json; with --by also csv (coefficients) and jsonl (json is one object per line with --by).")
    var format: OutputFormat = .table
    @OptionGroup var input: SeriesInputOptions
    @OptionGroup var plotOptions: PlotOptions
    @Option(help: "Fit every series, keyed by these comma-separated key columns (tidy files: grouped rows are streamed).")
    var by: String?
    @OptionGroup var threads: ByJobsOption
    @OptionGroup var many: ManySeriesOptions

    /// The --by layout: json is JSON Lines there.
    var manyFormat: ManyFormat { switch format { case .table: .table; case .csv: .csv; case .json, .jsonl: .jsonl } }
    @Option(help: "User regressors: a wide CSV (a period column and one column per regressor) covering the fitted periods and the horizon.")
    var regressors: String?
    @Option(help: "Count models: exposure (e.g. population) as a wide CSV with one value column covering the fitted periods (and the horizon, for forecasts of counts rather than rates).")
    var exposure: String?
    @Option(help: "Count models: simulated paths for prediction intervals (1…\(Limits.simulations), and --simulations × --horizon ≤ \(Limits.simulatedValues)).") var simulations = 10_000
    @Option(help: "Count models: simulation seed.") var seed: UInt64 = 20_240_601

    /// `--jobs` as ManySeriesCommands.swift reads it.
    var jobs: Int? { threads.jobs }

    func validate() throws {
        try threads.check()
        try many.validate(by: by)
        if by == nil && (format == .csv || format == .jsonl) { throw ValidationError("--format \(format.rawValue) applies to --by runs; use table or json") }
        try checkKeyColumns(by: by)
        try Limits.check(horizon, option: "horizon", in: 0...Limits.horizon)
        try Limits.check(simulations, option: "simulations", in: 1...Limits.simulations)
        guard simulations * max(horizon, 1) <= Limits.simulatedValues else {
            throw ValidationError("--simulations \(simulations) × --horizon \(horizon) is \(simulations * horizon) simulated values; at most \(Limits.simulatedValues) are held at once (lower one of them)")
        }
    }

    func run() throws {
        guard levels.contains(where: { $0 != "," && $0 != " " }) else {
            throw InputFailure(description: "--levels lists no level; give percentages such as 80,95")
        }
        if let by { return try runMany(by: by) }
        let levelValues = try levels.split(separator: ",").map { s -> Double in
            guard let v = Double(s.trimmingCharacters(in: .whitespaces)), v > 0, v < 100 else {
                throw InputFailure(description: "--levels: '\(s)' is not a percentage in (0, 100)")
            }
            return v
        }
        guard horizon >= 0 else { throw InputFailure(description: "--horizon must be ≥ 0") }

        // Term options are checked before the file is read.
        // Each named after its option, so that the message says which one to fix.
        let baseSpec = RegressionSpec(
            trend: try regression(naming: "--trend \(trend)") { () throws(RegressionError) in try .init(parsing: trend) },
            season: try regression(naming: "--season \(season)") { () throws(RegressionError) in try .init(parsing: season) },
            interventions: try intervention.map { s in
                try regression(naming: "--intervention \(s)") { () throws(RegressionError) in try RegressionSpec.Intervention.parseList(s) }
            } ?? [])
        let series = try SeriesInput.load(file: file, input: input)
        let calendar: SeriesCalendar
        do { calendar = try SeriesCalendar(startingAt: series.start) } catch { throw FitFailure(description: "\(file): \(error.description)") }
        if exposure != nil && model == .lm { throw InputFailure(description: "--exposure applies to count models (poisson, quasipoisson, negbin)") }
        let n = series.values.count
        let userRegressors = try regressors.map { try FitInput.aligned(file: $0, start: series.start, count: n + horizon) } ?? []
        var exposureValues: [Double]? = nil, futureExposure: [Double]? = nil
        if let e = exposure {
            let cols = try FitInput.aligned(file: e, start: series.start, count: n, optionalTail: horizon)
            guard cols.count == 1 else { throw FitFailure(description: "\(e): expected one exposure column, found \(cols.count)") }
            exposureValues = Array(cols[0].values.prefix(n))
            if cols[0].values.count == n + horizon && horizon > 0 { futureExposure = Array(cols[0].values.suffix(horizon)) }
        }
        var spec = baseSpec
        spec.regressors = userRegressors
        let report = try regression(naming: file) { () throws(RegressionError) in
            try FitReport.make(spec: spec, model: model, hac: hac, values: series.values, calendar: calendar,
                               horizon: horizon, levels: levelValues, simulations: simulations, seed: seed, name: series.name,
                               exposure: exposureValues, futureExposure: futureExposure)
        }
        switch format {
        case .json, .jsonl: print(report.json())
        case .table, .csv: print(report.summaryTable(), terminator: "")
        }
        try plotOptions.write(Plots.fit(title: "\(URL(fileURLWithPath: file).lastPathComponent)\(series.name.isEmpty ? "" : " — \(series.name)"): \(report.modelName) fit",
                                        unit: plotOptions.plotUnit ?? input.valueColumn ?? "value", values: series.values, start: series.start,
                                        fitted: report.fitted, forecast: report.forecast, counterfactual: report.effects.first?.line ?? [],
                                        interventions: spec.interventions.map { ($0.kind.rawValue, $0.period) }))
    }

    private func regression<T>(naming file: String? = nil, _ body: () throws(RegressionError) -> T) throws -> T {
        do { return try body() } catch { throw FitFailure(description: (file.map { "\($0): " } ?? "") + error.description) }
    }
}

struct FitFailure: Error, CustomStringConvertible { var description: String }

/// User regressors and exposure columns aligned to the fitted series.
enum FitInput {
    /// Columns of a wide CSV aligned to `count` periods from `start` (plus up to `optionalTail` more
    /// when present); every required period must have a value.
    static func aligned(file: String, start: Period, count: Int, optionalTail: Int = 0) throws -> [RegressionSpec.UserRegressor] {
        let result: Result<(panel: Panel, account: RowAccount), SeriesDataError> = Result { () throws(SeriesDataError) in
            try WideCSV.read(url: URL(fileURLWithPath: file))
        }
        let panel: Panel
        switch result {
        case .failure(let e): throw FitFailure(description: e.description)
        case .success(let (p, _)): panel = p
        }
        guard panel.frequency == start.frequency else {
            throw FitFailure(description: "\(file) is \(panel.frequency.name); the series is \(start.frequency.name)")
        }
        return try panel.allSeries.map { key, ts in
            var values: [Double] = []
            for i in 0..<(count + optionalTail) {
                let p = start.advanced(by: i)
                guard let v = ts[p] else {
                    if i >= count { break }
                    throw FitFailure(description: "\(file), column \(key.joined(separator: ",")): no value for \(p) (needed for observations \(start)…\(start.advanced(by: count - 1)))")
                }
                values.append(v)
            }
            return RegressionSpec.UserRegressor(name: key.joined(separator: ","), values: values)
        }
    }

}
