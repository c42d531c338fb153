// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser
import Foundation
import SaferCity

extension IngestFormat: ExpressibleByArgument {}
extension PoliceUKStreet.AreaLevel: ExpressibleByArgument {}
extension Frequency: ExpressibleByArgument {
    public init?(argument: String) { self.init(name: argument) }
    public static var allValueStrings: [String] { allCases.map(\.name) }
    public var defaultValueDescription: String { name }
}

/// `safercity ingest`: any supported file → tidy series CSV (key columns, period,
/// value), with the row account printed to stderr.
struct IngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Read a police.uk, Fingertips, ONS, tidy or wide CSV and write tidy series (keys, period, value).",
        discussion: """
        Prints a row account: rows read = rows used + rows rejected (by reason, with examples), \
        flagged rows, gaps, mixed frequencies. See docs/SeriesData.md for the layouts and period forms.
        """
    )

    @Argument(help: "Input CSV file(s); several only with --format policeuk (e.g. one per force and month).") var files: [String]
    @Option(help: "Input layout: \(IngestFormat.allCases.map(\.rawValue).joined(separator: "|")).") var format: IngestFormat
    @Option(help: "police.uk: count by crime-type|force|la|lsoa (always per crime type).") var by: PoliceUKStreet.AreaLevel = .localAuthority
    @Option(help: "tidy/wide: the period column (detected if omitted); rts: the decimal-time column (default: time).") var periodColumn: String?
    @Option(help: "tidy: the value column (detected if omitted); rts: the value column (default: last).") var valueColumn: String?
    @Option(help: "tidy: comma-separated key columns.") var keyColumns: String?
    @Flag(help: "tidy/wide: values are counts (whole numbers, negative rejected).") var counts = false
    @Flag(help: "tidy/wide --counts: keep negative counts (flagged) instead of rejecting them (ONS always keeps and flags them).") var keepNegativeCounts = false
    @Flag(help: "ons: write England totals by offence (sum of English forces).") var englandTotal = false
    @Flag(help: "Stop at the first bad row instead of counting it.") var strict = false
    @Flag(help: "Write the output even when more than half of the rows are rejected (by default nothing is written and the exit is 1).")
    var allowRejects = false
    @Option(help: "rts: series frequency month|quarter|year.") var frequency: Frequency?
    @Option(help: "Output tidy CSV path: a new or existing regular file (not a directory, device, FIFO or symbolic link), written whole via a temporary file; '-' writes to standard output. The value column is named count when the values are counts, else value.") var out: String?
    @Flag(help: "Print the series as a table for reading (one row per series, one column per period; with totals when the values are counts).") var table = false

    @Flag(help: "Only read and check the input: print the row account and write nothing (the exit status is as with --out; e.g. to time a reader).") var check = false

    func validate() throws {
        if out == nil && !table && !check { throw ValidationError("give --out FILE (or --out - for standard output) and/or --table, or --check") }
        if check && (out != nil || table) { throw ValidationError("--check writes nothing; leave out --out and --table") }
    }

    func run() throws {
        var o = IngestOptions(format: format)
        o.by = by
        o.periodColumn = periodColumn
        o.valueColumn = valueColumn
        o.keyColumns = keyColumns?.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        o.counts = counts
        o.keepNegativeCounts = keepNegativeCounts
        o.englandTotal = englandTotal
        o.policy = strict ? .strict : .reject
        o.frequency = frequency
        if let message = Self.perform(files: files, out: out, options: o, allowRejects: allowRejects, table: table) {
            throw IngestFailure(description: message)
        }
    }
}

extension IngestCommand {
    /// Runs the ingest; returns the error message on failure (nil on success).
    static func perform(files: [String], out: String?, options: IngestOptions, allowRejects: Bool = false, table: Bool = false) -> String? {
        let toStdout = out == "-"
        // The output is checked before the (possibly long) read: a bad --out fails at once.
        if let out, !toStdout, case .failure(let e) = Result(catching: { () throws(SeriesDataError) in try OutputFile.check(out) }) {
            return "--out: " + e.description
        }
        let target = toStdout ? "standard output" : out ?? ""
        let result: Result<(panel: Panel, account: RowAccount), SeriesDataError> =
            Result { () throws(SeriesDataError) in try ingest(urls: files.map { URL(fileURLWithPath: $0) }, options: options) }
        switch result {
        case .failure(let e):
            return e.description
        case .success(let (panel, account)):
            var err = StandardErrorStream()
            print(account.description, terminator: "", to: &err)
            let notWritten = out == nil ? "" : "; \(target) was not written"
            do { try Limits.checkRejections(account, file: files.joined(separator: ", "), allow: allowRejects) } catch {
                return "\(error)\(notWritten)"
            }
            guard panel.count > 0 else {
                return "\(files.joined(separator: ", ")): no series to write (no usable data rows; rejected rows are listed above)\(notWritten)"
            }
            let valueColumn = options.valuesAreCounts ? "count" : "value"
            if table { print(panel.summaryTable(totals: options.valuesAreCounts), terminator: "") }
            if toStdout {
                if table { print("") }
                print(panel.tidyCSV(valueColumn: valueColumn), terminator: "")
            } else if let out {
                if case .failure(let e) = Result(catching: { () throws(SeriesDataError) in
                    try panel.writeTidyCSV(to: URL(fileURLWithPath: out), valueColumn: valueColumn)
                }) {
                    return "--out: " + e.description
                }
            }
            if out != nil {
                print("wrote \(panel.count) series, \(panel.observationCount) rows (\(panel.frequency.name)) to \(target)", to: &err)
            }
            return nil
        }
    }
}

/// A data error: printed as "Error: <message>" (exit code 1), without the usage text.
struct IngestFailure: Error, CustomStringConvertible {
    var description: String
}
