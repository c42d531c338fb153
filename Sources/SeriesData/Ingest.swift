// SPDX-License-Identifier: GPL-3.0-or-later
// One entry point over all readers, used by `safercity ingest`.
import Foundation

/// The file layouts `ingest` understands.
public enum IngestFormat: String, Sendable, CaseIterable {
    case policeuk, fingertips, ons, tidy, wide
    /// R `ts` exported as CSV (decimal-year `time` column); needs `frequency`.
    case rts
    /// DfE explore-education-statistics open data (`EESOpenData`); needs `valueColumn`; keys
    /// default to `geographic_level, area_code, area_name`.
    case ees
    /// Recognised from the header (`IngestFormat.detect`); the account's first note says which.
    case auto
}

/// Options for `ingest(url:options:)`.
public struct IngestOptions: Sendable {
    public var format: IngestFormat
    /// police.uk: area dimension.
    public var by: PoliceUKStreet.AreaLevel = .localAuthority
    /// tidy: column names (all three nil/empty → detected).
    public var periodColumn: String?
    public var valueColumn: String?
    public var keyColumns: [String]?
    /// tidy/wide: values are counts (whole, ≥ 0 unless `keepNegativeCounts`). ONS
    /// negative values are always kept and flagged (they are published adjustments).
    public var counts = false
    public var keepNegativeCounts = false
    /// ons: output England totals by offence instead of force-level series.
    public var englandTotal = false
    public var policy: RowPolicy = .reject
    /// rts: the series frequency (month, quarter or calendar year).
    public var frequency: Frequency?

    public init(format: IngestFormat) { self.format = format }

    /// Whether the values read are counts (police.uk and ONS always; tidy, wide and EES with
    /// `counts`): the tidy output then names its value column `count`.
    public var valuesAreCounts: Bool {
        switch format {
        case .policeuk, .ons: return true
        case .tidy, .wide, .ees, .auto: return counts  // auto: as detected later; counts flag as given
        case .fingertips, .rts: return false
        }
    }
}

/// Reads `url` in `options.format` and returns the tidy panel and the row account.
///
/// - Throws: `SeriesDataError` (file-level problems; with `.strict`, the first bad row;
///   `.invalidArgument` for inconsistent options, e.g. a value column without a period column).
public func ingest(url: URL, options o: IngestOptions) throws(SeriesDataError) -> (panel: Panel, account: RowAccount) {
    try ingest(urls: [url], options: o)
}

/// Reads several files: police.uk street files are combined into one panel (see
/// `PoliceUKStreet.read(urls:by:policy:)`); the other formats take exactly one file.
public func ingest(urls: [URL], options o: IngestOptions) throws(SeriesDataError) -> (panel: Panel, account: RowAccount) {
    guard let url = urls.first else { throw .invalidArgument("no input file given") }
    if o.format == .auto {
        let (f, why) = try IngestFormat.detect(CSVReader(url: url))
        if f == .rts && o.frequency == nil { throw .invalidArgument("--format auto: \(why); give --frequency month|quarter|year") }
        if f == .ees && o.valueColumn == nil {
            let sample = try sampleRecords(CSVReader(url: url), limit: 2)
            let header = sample.first ?? [], row = sample.count > 1 ? sample[1] : []
            let geo = Set(EESOpenData.levelColumns.values.flatMap { $0.codes + $0.names } + EESOpenData.requiredColumns)
            let symbols = Set(EESOpenData.suppressionMarkers.map(\.symbol))
            // Measure columns: not geography, and numeric (or an EES symbol) in the first row.
            let measures = header.indices.filter { i in
                !geo.contains(header[i]) && (row.count != header.count || Double(row[i]) != nil || symbols.contains(row[i]))
            }.map { header[$0] }
            throw .invalidArgument("--format auto: \(why); give --value-column, the measure to read: one of "
                + measures.prefix(12).joined(separator: ", ") + (measures.count > 12 ? ", …" : ""))
        }
        var chosen = o
        chosen.format = f
        var (panel, account) = try ingest(urls: urls, options: chosen)
        account.notes.insert("--format auto chose \(f.rawValue): \(why)", at: 0)
        return (panel, account)
    }
    if o.format == .policeuk { return try PoliceUKStreet.read(urls: urls, by: o.by, policy: o.policy) }
    guard urls.count == 1 else {
        throw .invalidArgument("--format \(o.format.rawValue) reads one file at a time (got \(urls.count)); only police.uk street files can be combined")
    }
    let negatives: NegativeCountPolicy = o.keepNegativeCounts ? .keep : .reject
    switch o.format {
    case .policeuk:
        return try PoliceUKStreet.read(url: url, by: o.by, policy: o.policy)  // not reached: handled above
    case .fingertips:
        var (rows, account) = try FingertipsExport.read(url: url, policy: o.policy)
        let (panel, skipped) = FingertipsExport.panel(rows)
        if skipped > 0 {
            account.notes.append("\(skipped) row(s) not written as series values: no value (suppressed), a multi-year time period such as \"2014 - 16\", a minority frequency, or a repeated key")
        }
        guard let panel else { throw .invalidArgument("\(url.lastPathComponent): no row has a single-period Time period and a value; nothing to write") }
        return (panel, account)
    case .ons:
        // Published negative values (adjustments) are always kept and flagged.
        var (panel, account) = try ONSRecordedCrime.read(url: url, policy: o.policy, negativeCounts: .keep)
        if o.englandTotal {
            let (eng, incomplete) = ONSRecordedCrime.englandTotal(panel, incomplete: .drop)
            if !incomplete.isEmpty {
                account.notes.append("England totals: \(incomplete.count) offence-quarter(s) dropped because not every English force reported, e.g. "
                    + incomplete.prefix(3).map { "\($0.offence) \($0.period) (\($0.observed) of \($0.expected) forces)" }.joined(separator: "; "))
            }
            panel = eng
        }
        return (panel, account)
    case .tidy:
        let kind: ValueKind = o.counts ? .count : .measure
        // One reader for the detection pass and the reading pass (piped input is read once).
        let reader = CSVReader(url: url)
        let (cols, keyNote) = try TidyCSV.resolveColumns(sample: reader, period: o.periodColumn, value: o.valueColumn,
                                                          keys: o.keyColumns)
        var (panel, account) = try TidyCSV.read(reader, columns: cols, valueKind: kind, negativeCounts: negatives, policy: o.policy)
        if let keyNote { account.notes.insert(keyNote, at: 0) }
        return (panel, account)
    case .rts:
        guard let f = o.frequency else { throw .invalidArgument("--format rts needs --frequency month|quarter|year") }
        let (s, account) = try RTimeSeriesCSV.read(url: url, frequency: f, valueColumn: o.valueColumn,
                                                   timeColumn: o.periodColumn ?? "time", policy: o.policy)
        let name = o.valueColumn ?? url.deletingPathExtension().lastPathComponent
        return (Panel(keyColumns: ["series"], frequency: f, series: s.isEmpty ? [] : [([name], s)]), account)
    case .wide:
        return try WideCSV.read(url: url, periodColumn: o.periodColumn, valueKind: o.counts ? .count : .measure,
                                negativeCounts: negatives, policy: o.policy)
    case .auto:
        throw .invalidArgument("--format auto is resolved before reading")  // not reached: handled above
    case .ees:
        guard let v = o.valueColumn else {
            throw .invalidArgument("--format ees needs --value-column: the measure column to read, e.g. Alcohol_Misuse_parent")
        }
        return try EESOpenData.read(url: url, value: v, keys: o.keyColumns ?? ["geographic_level", "area_code", "area_name"],
                                    valueKind: o.counts ? .count : .measure, negativeCounts: negatives, policy: o.policy)
    }
}
