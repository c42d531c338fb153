import ArgumentParser
import Foundation
import SaferCity

/// `safercity forecast <file>`: fit one model to one series and print forecasts with intervals.
///
/// Input: a CSV with one value per row — either a single column (header optional) or a tidy file
/// whose value column is chosen with `--value-column` (default: a column named `value`, else the
/// last column). Rows are in time order. This minimal reader will be replaced by the SeriesData
/// readers; it rejects (does not skip) any row whose value is missing or not a number.
struct ForecastCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forecast",
        abstract: "Forecast one series with ETS, Theta, STL+ETS or a benchmark method.",
        discussion: """
        Models: auto (ETS chosen by AICc, as R's ets()), ets:SPEC (e.g. ets:MAdM, ets:ANN, ets:ZZZ),
        theta (R's thetaf), stl-ets (R's stlf), snaive, naive, drift, mean.
        """
    )

    @Argument(help: "CSV file with the series (one value per row, oldest first).")
    var file: String

    @Option(help: "auto | ets[:SPEC] | theta | stl-ets | snaive | naive | drift | mean")
    var model: String = "auto"

    @Option(help: "Forecast horizon (steps ahead).")
    var horizon: Int

    @Option(help: "Seasonal period: 12 monthly, 4 quarterly, 1 none.")
    var period: Int = 1

    @Option(help: "Prediction-interval levels in percent, comma separated.")
    var levels: String = "80,95"

    @Option(help: "Name of the value column in a multi-column CSV.")
    var valueColumn: String?

    @Option(help: "table | json | csv")
    var format: OutputFormat = .table

    enum OutputFormat: String, ExpressibleByArgument { case table, json, csv }

    func validate() throws {
        guard horizon >= 1 else { throw ValidationError("--horizon must be ≥ 1, got \(horizon)") }
        guard period >= 1 else { throw ValidationError("--period must be ≥ 1, got \(period)") }
        _ = try parsedLevels()
    }

    func parsedLevels() throws -> [Double] {
        try levels.split(separator: ",").map { part in
            guard let v = Double(part.trimmingCharacters(in: .whitespaces)), v > 0, v < 100 else {
                throw ValidationError("--levels: '\(part)' is not a percentage strictly between 0 and 100")
            }
            return v
        }
    }

    func run() throws {
        let y = try readSeries(path: file, valueColumn: valueColumn)
        let lv = try parsedLevels()
        let result: (FittedSummary, Forecast)
        do {
            result = try fitAndForecast(model: model, y: y, period: period, horizon: horizon, levels: lv)
        } catch let e as ForecastingError {
            throw ValidationError("\(file): \(describe(e))")
        }
        let (summary, fc) = result
        switch format {
        case .table: print(renderTable(summary, fc))
        case .csv: print(renderCSV(fc), terminator: "")
        case .json: print(renderJSON(summary, fc))
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

func fitAndForecast(model: String, y: [Double], period: Int, horizon: Int,
                    levels: [Double]) throws -> (FittedSummary, Forecast) {
    func go<S: ForecastModelSpec>(_ spec: S) throws(ForecastingError) -> (FittedSummary, Forecast) {
        let fit = try spec.fit(y, period: period)
        return (FittedSummary(fit), try fit.forecast(horizon: horizon, levels: levels))
    }
    let key = model.lowercased()
    switch key {
    case "auto": return try go(try ETS("ZZZ"))
    case "theta": return try go(Theta())
    case "stl-ets": return try go(STLForecast())
    case "snaive": return try go(LagWalk.seasonalNaive)
    case "naive": return try go(LagWalk.naive)
    case "drift": return try go(LagWalk.drift)
    case "mean": return try go(MeanMethod())
    default:
        if key == "ets" { return try go(try ETS("ZZZ")) }
        if key.hasPrefix("ets:") {
            let spec = String(model.dropFirst(4))
            return try go(try ETS(spec))
        }
        throw ValidationError("--model: unknown model '\(model)'; expected auto, ets[:SPEC], theta, stl-ets, snaive, naive, drift or mean")
    }
}

func describe(_ e: ForecastingError) -> String {
    switch e {
    case .tooShort(let model, let needed, let got): "\(model) needs at least \(needed) observations, the series has \(got)"
    case .nonFinite(let i, let v): "value \(v) at observation \(i + 1) is not finite"
    case .nonPositive(let model, let i, let v): "\(model) needs positive data; observation \(i + 1) is \(v)"
    case .invalidSpecification(let s): s
    case .invalidPeriod(let model, let p): "\(model) cannot use period \(p)"
    case .parametersOutOfRange(let s): s
    case .noModelFitted: "no ETS model could be estimated"
    }
}

/// Reads the value column of a CSV. Errors name the file, line, column and value.
func readSeries(path: String, valueColumn: String?) throws -> [Double] {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
        throw ValidationError("\(path): cannot read file")
    }
    var lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)
    while let last = lines.last, last.trimmingCharacters(in: .whitespaces).isEmpty { lines.removeLast() }
    guard !lines.isEmpty else { throw ValidationError("\(path): file is empty") }
    func fields(_ line: String) -> [String] {
        line.split(separator: ",", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
    }
    let first = fields(lines[0])
    let hasHeader = first.contains { Double($0) == nil }
    var column = first.count - 1
    var columnName = "column \(column + 1)"
    if hasHeader {
        if let name = valueColumn {
            guard let c = first.firstIndex(of: name) else {
                throw ValidationError("\(path), line 1: no column named '\(name)'; columns are \(first.joined(separator: ", "))")
            }
            column = c
        } else if let c = first.firstIndex(of: "value") {
            column = c
        }
        columnName = "column '\(first[column])'"
    } else if valueColumn != nil {
        throw ValidationError("\(path): --value-column given but the file has no header row")
    }
    var values = [Double]()
    var rejected = [String]()
    for (i, line) in lines.enumerated() where !(hasHeader && i == 0) {
        let f = fields(line)
        guard column < f.count, let v = Double(f[column]), v.isFinite else {
            let shown = column < f.count ? "'\(f[column])'" : "nothing (row has \(f.count) fields)"
            rejected.append("line \(i + 1), \(columnName): \(shown) is not a number")
            continue
        }
        values.append(v)
    }
    if !rejected.isEmpty {
        let list = rejected.prefix(5).joined(separator: "; ")
        throw ValidationError("\(path): \(rejected.count) row(s) rejected (missing values are not supported): \(list)\(rejected.count > 5 ? "; …" : "")")
    }
    return values
}

func fmt(_ x: Double) -> String { String(format: "%.6g", x) }

func renderTable(_ s: FittedSummary, _ fc: Forecast) -> String {
    var out = "Model: \(s.method)\n"
    if !s.parameters.isEmpty {
        out += "Parameters: " + s.parameters.map { "\($0.name) = \(fmt($0.value))" }.joined(separator: ", ") + "\n"
    }
    if let ll = s.logLikelihood, let aic = s.aic, let aicc = s.aicc, let bic = s.bic {
        out += "logLik = \(fmt(ll))  AIC = \(fmt(aic))  AICc = \(fmt(aicc))  BIC = \(fmt(bic))\n"
    }
    var header = ["h", "mean"]
    for pi in fc.intervals { header += ["lo\(fmt(pi.level))", "hi\(fmt(pi.level))"] }
    var rows = [header]
    for h in 0..<fc.horizon {
        var r = ["\(h + 1)", fmt(fc.mean[h])]
        for pi in fc.intervals { r += [fmt(pi.lower[h]), fmt(pi.upper[h])] }
        rows.append(r)
    }
    let widths = (0..<header.count).map { c in rows.map { $0[c].count }.max()! }
    for r in rows {
        out += zip(r, widths).map { String(repeating: " ", count: $1 - $0.count) + $0 }.joined(separator: "  ") + "\n"
    }
    return out
}

func renderCSV(_ fc: Forecast) -> String {
    var header = ["h", "mean"]
    for pi in fc.intervals { header += ["lower_\(fmt(pi.level))", "upper_\(fmt(pi.level))"] }
    var out = header.joined(separator: ",") + "\n"
    for h in 0..<fc.horizon {
        var r = ["\(h + 1)", "\(fc.mean[h])"]
        for pi in fc.intervals { r += ["\(pi.lower[h])", "\(pi.upper[h])"] }
        out += r.joined(separator: ",") + "\n"
    }
    return out
}

func jsonNumber(_ x: Double?) -> String {
    guard let x, x.isFinite else { return "null" }
    return "\(x)"
}

func renderJSON(_ s: FittedSummary, _ fc: Forecast) -> String {
    let params = s.parameters.map { "\"\($0.name)\": \(jsonNumber($0.value))" }.joined(separator: ", ")
    let intervals = fc.intervals.map { pi in
        "{\"level\": \(pi.level), \"lower\": [\(pi.lower.map { jsonNumber($0) }.joined(separator: ", "))], \"upper\": [\(pi.upper.map { jsonNumber($0) }.joined(separator: ", "))]}"
    }.joined(separator: ", ")
    return """
    {"model": "\(s.method)", "parameters": {\(params)}, "logLikelihood": \(jsonNumber(s.logLikelihood)), \
    "aic": \(jsonNumber(s.aic)), "aicc": \(jsonNumber(s.aicc)), "bic": \(jsonNumber(s.bic)), \
    "forecast": {"horizon": [\((1...fc.horizon).map(String.init).joined(separator: ", "))], \
    "mean": [\(fc.mean.map { jsonNumber($0) }.joined(separator: ", "))], "intervals": [\(intervals)]}}
    """
}
