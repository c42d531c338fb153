// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser
import Foundation
import SaferCity

/// Input options shared by `fit`, `forecast` and `backtest`: every file is read through the
/// SeriesData readers (row account printed to stderr when rows are rejected or flagged).
struct SeriesInputOptions: ParsableArguments {
    @Option(help: "Input layout (SeriesData readers): \(IngestFormat.allCases.map(\.rawValue).joined(separator: "|")); rts = R ts export with decimal-year times (needs --frequency); auto = recognised from the header (and said on stderr).")
    var inputFormat: IngestFormat = .tidy
    @Option(help: "rts: series frequency month|quarter|year.") var frequency: Frequency?
    @Option(help: "Which series when the file holds several: its key values, comma-separated, in key-column order.")
    var series: String?
    @Option(help: "tidy/wide: the period column (detected if omitted).") var periodColumn: String?
    @Option(help: "tidy: the value column (detected if omitted).") var valueColumn: String?
    @Option(help: "tidy: comma-separated key columns (detected if omitted).") var keyColumns: String?
    @Option(help: "First period to use (e.g. 2007-06, 2007 Q2, 2016/17).") var from: String?
    @Option(help: "Last period to use.") var to: String?
    @Option(help: "none | zero. zero: a period missing inside a series (and, with --from/--to, before its first or after its last listed period, up to them) is written as 0 — for police.uk-style files that list only the months with a crime. Each series' written zeros are counted on stderr.")
    var fillMissing: MissingFill = .none
    @Flag(help: "Go on when more than half of the file's rows are rejected (by default the run stops: the file or the column choice is probably wrong).")
    var allowRejects = false

    var ingestOptions: IngestOptions {
        var o = IngestOptions(format: inputFormat)
        o.frequency = frequency
        o.periodColumn = periodColumn
        o.valueColumn = valueColumn
        o.keyColumns = keyColumns?.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        return o
    }
}

struct InputFailure: Error, CustomStringConvertible { var description: String }

/// What `--fill-missing` writes for a period a series does not list.
enum MissingFill: String, ExpressibleByArgument, Sendable {
    /// A missing period inside the span is a gap (the series cannot be modelled as it is).
    case none
    /// A missing period is a count of 0 (reported on stderr).
    case zero
}

/// The `--from`/`--to` span and `--fill-missing` rule of the input options, as a value workers can share.
struct SeriesWindow: Sendable {
    var from: String?
    var to: String?
    var fillMissing: MissingFill = .none
}

extension SeriesInputOptions {
    var window: SeriesWindow { SeriesWindow(from: from, to: to, fillMissing: fillMissing) }
}

/// One complete series read from a file.
struct SeriesInput {
    var name: String
    var key: [String]
    var values: [Double]
    var start: Period

    /// The series' own periods, `start` onwards, one per value (SeriesData's `TimeSeries.periods`).
    var periods: [Period] { TimeSeries(start: start, observations: values).periods }

    /// `fc` placed in time after this series' last observation (`Forecast.placed(after:)`), so
    /// every renderer reads the forecast's own periods. An empty series cannot have been fitted;
    /// its forecast is returned as is.
    func placing(_ fc: Forecast) -> Forecast {
        values.isEmpty ? fc : fc.placed(after: TimeSeries(start: start, observations: values).end)
    }

    /// Reads the panel (printing the row account when rows were rejected or flagged).
    static func panel(file: String, options: IngestOptions, allowRejects: Bool = false) throws -> Panel {
        let result: Result<(panel: Panel, account: RowAccount), SeriesDataError> = Result { () throws(SeriesDataError) in
            try ingest(url: URL(fileURLWithPath: file), options: options)
        }
        switch result {
        case .failure(let e): throw InputFailure(description: e.description)
        case .success(let (p, account)):
            if options.format == .auto, let chose = account.notes.first { Console.error(chose + "\n") }
            if !account.rejected.isEmpty || !account.flagged.isEmpty {
                var err = StandardErrorStream()
                print(account.description, terminator: "", to: &err)
            }
            try Limits.checkRejections(account, file: file, allow: allowRejects)
            return p
        }
    }

    /// The selected series (`--series`, or the only one), cut to `--from`/`--to`, complete.
    static func load(file: String, input: SeriesInputOptions) throws -> SeriesInput {
        let panel = try panel(file: file, options: input.ingestOptions, allowRejects: input.allowRejects)
        guard panel.count > 0 else { throw InputFailure(description: noSeries(file: file)) }
        let columns = panel.keyColumns.isEmpty ? "none: the file holds one series" : panel.keyColumns.joined(separator: ", ")
        let example = panel.key(at: 0).joined(separator: ",")
        let index: Int
        if let series = input.series {
            let key = series.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard key.count == panel.keyColumns.count else {
                throw InputFailure(description: panel.keyColumns.isEmpty
                    ? "\(file): --series \"\(series)\" names a series, but the file was read as one series with no key columns; drop --series, or name the key columns with --key-columns"
                    : "\(file): --series \"\(series)\" has \(key.count) part(s); expected \(panel.keyColumns.count), one per key column (\(columns)), e.g. --series \"\(example)\"")
            }
            guard let i = panel.index(of: key) else {
                throw InputFailure(description: "\(file): no series with key \(key) (key columns: \(columns); e.g. --series \"\(example)\")")
            }
            index = i
        } else {
            guard panel.count == 1 else {
                throw InputFailure(description: "\(file) holds \(panel.count) series; choose one with --series (key columns: \(columns), e.g. --series \"\(example)\")")
            }
            index = 0
        }
        return try complete(file: file, panel: panel, index: index, input: input)
    }

    /// The message for a file from which no series could be read (every row rejected or no data rows).
    static func noSeries(file: String) -> String {
        "\(file): no series to model: the file has no usable data rows (any rejected rows are listed above with their reasons)"
    }

    /// Every series of the file (for `--by`), each cut and checked as `load` does; a series that
    /// cannot be used is returned as a failure naming it, never dropped silently.
    static func all(file: String, input: SeriesInputOptions) throws -> [Result<SeriesInput, InputFailure>] {
        let panel = try panel(file: file, options: input.ingestOptions, allowRejects: input.allowRejects)
        guard panel.count > 0 else { throw InputFailure(description: noSeries(file: file)) }
        return (0..<panel.count).map { i in
            do { return .success(try complete(file: file, panel: panel, index: i, input: input)) } catch let e as InputFailure {
                return .failure(e)
            } catch { return .failure(InputFailure(description: "\(error)")) }
        }
    }

    static func complete(file: String, panel: Panel, index: Int, input: SeriesInputOptions) throws -> SeriesInput {
        try complete(file: file, key: panel.key(at: index), series: panel.series(at: index), window: input.window)
    }

    /// The series `series` with key `key`, cut to `window` and checked complete (the many-series
    /// runs call this on each worker).
    static func complete(file: String, key: [String], series: TimeSeries, window input: SeriesWindow) throws -> SeriesInput {
        var ts = series
        let name = key.joined(separator: " / ")
        func period(_ s: String, _ option: String) throws -> Period {
            do {
                let p = try Period(parsing: s)
                guard p.frequency == ts.frequency else {
                    throw InputFailure(description: "--\(option) \(s) is \(p.frequency.name); the series is \(ts.frequency.name)")
                }
                return p
            } catch let e as SeriesDataError { throw InputFailure(description: "--\(option): \(e.description)") }
        }
        let whole = ts
        let from = try input.from.map { try period($0, "from") }, to = try input.to.map { try period($0, "to") }
        ts = ts.slice(from: from, through: to).trimmed()
        if ts.observations.allSatisfy({ $0 == nil }) && (input.from != nil || input.to != nil) {
            let span = whole.observations.isEmpty ? "has no observations" : "runs \(whole.start)…\(whole.end)"
            throw InputFailure(description: "\(file)\(name.isEmpty ? "" : " (\(name))"): --from/--to (\(input.from ?? "start")…\(input.to ?? "end")) select no observations; the series \(span)")
        }
        if input.fillMissing == .zero { ts = filledWithZeros(ts, from: from, to: to, file: file, name: name) }
        let values: [Double]
        do { values = try ts.completeValues(name: name) } catch {
            throw InputFailure(description: "\(file): \(error.description) (models need a complete series; use --from/--to to choose a gap-free span)")
        }
        // Out-of-scale values are modelled as given (a real jump is possible) but never silently.
        for o in ts.implausibleValues() {
            Console.error("warning: \(file)\(name.isEmpty ? "" : " (\(name))"): the value at \(o.period) is " + String(format: "%.6g", o.value) + ", "
                + String(format: "%.3g", o.timesTypical) + " times the series' median size; a typing, unit or export error? It is modelled as given, and forecasts and intervals will reflect it\n")
        }
        return SeriesInput(name: name, key: key, values: values, start: ts.start)
    }

    /// `--fill-missing zero`: every missing period of `ts` — inside it, and from `from` / up to `to`
    /// when they lie beyond its listed periods — written as 0, with a note on stderr counting them
    /// and naming the runs (the first five). A series with no observation is returned unchanged.
    static func filledWithZeros(_ ts: TimeSeries, from: Period?, to: Period?, file: String, name: String) -> TimeSeries {
        guard !ts.isEmpty else { return ts }
        let first = from.map { min($0, ts.start) } ?? ts.start
        let last = to.map { max($0, ts.end) } ?? ts.end
        var observations = [Double?](repeating: nil, count: first.distance(to: last) + 1)
        let offset = first.distance(to: ts.start)
        for (i, v) in ts.observations.enumerated() { observations[offset + i] = v }
        var runs = [String](), filled = 0, i = 0
        while i < observations.count {
            guard observations[i] == nil else { i += 1; continue }
            var j = i
            while j + 1 < observations.count && observations[j + 1] == nil { j += 1 }
            filled += j - i + 1
            let a = first.advanced(by: i), b = first.advanced(by: j)
            runs.append(i == j ? "\(a)" : "\(a)…\(b)")
            i = j + 1
        }
        if filled > 0 {
            let listed = runs.prefix(5).joined(separator: ", ") + (runs.count > 5 ? ", …" : "")
            Console.error("note: \(file)\(name.isEmpty ? "" : " (\(name))"): --fill-missing zero wrote \(filled) missing period(s) as 0 (\(listed))\n")
        }
        return TimeSeries(start: first, observations: observations.map { $0 ?? 0 })
    }
}
