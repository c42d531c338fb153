// SPDX-License-Identifier: GPL-3.0-or-later
// `--format auto`: recognise a file's layout from its header.
import Foundation

extension IngestFormat {
    /// The layout recognised from a file's header (and, for tidy/wide/rts, its first rows),
    /// with the reason in words; or an error saying why none fits.
    ///
    /// Rules, first match wins (each reader's own required columns, so a file recognised here
    /// is one its reader accepts):
    ///
    /// | layout | recognised by |
    /// |---|---|
    /// | `policeuk` | `Month`, `Falls within`, `LSOA code`, `LSOA name`, `Crime type` |
    /// | `fingertips` | `Indicator ID`, `Indicator Name`, `Area Code`, `Area Name`, `Area Type`, `Sex`, `Age`, `Time period`, `Value` |
    /// | `ons` | `12 months ending`, `PFA`, `Region`, `Offence`, … (ONSRecordedCrime) |
    /// | `ees` | `time_period`, `time_identifier`, `geographic_level` |
    /// | `rts` | a `time` column of decimal years (R's `write.csv(data.frame(time = time(x), x))`) |
    /// | `wide` | two or more column headers that are periods (periods across columns) |
    /// | `tidy` | one column whose values are periods and a numeric column (TidyCSV.detectColumns) |
    ///
    /// - Complexity: reads the header and at most 200 records.
    public static func detect(_ reader: CSVReader) throws(SeriesDataError) -> (format: IngestFormat, reason: String) {
        let sample = try sampleRecords(reader)
        guard let header = sample.first else { throw .emptyFile(file: reader.name) }
        let names = Set(header.map { $0.trimmingCharacters(in: .whitespaces) })
        func has(_ cols: [String]) -> Bool { cols.allSatisfy { names.contains($0) } }
        func list(_ cols: [String]) -> String { cols.map { "'\($0)'" }.joined(separator: ", ") }
        if has(PoliceUKStreet.requiredColumns) {
            return (.policeuk, "police.uk street file: header has \(list(PoliceUKStreet.requiredColumns))")
        }
        if has(FingertipsExport.requiredColumns) {
            return (.fingertips, "Fingertips export: header has 'Indicator ID', 'Area Code', 'Time period', 'Value' …")
        }
        if has(ONSRecordedCrime.requiredColumns) {
            return (.ons, "ONS recorded crime by police force area: header has \(list(ONSRecordedCrime.requiredColumns))")
        }
        if EESOpenData.looksLikeEES(header: header) {
            return (.ees, "DfE explore-education-statistics open data: header has 'time_period', 'time_identifier', 'geographic_level'")
        }
        let rows = sample.dropFirst().filter { $0.count == header.count }
        if let t = header.firstIndex(where: { $0.lowercased() == "time" }), !rows.isEmpty,
           rows.allSatisfy({ Double($0[t]).map { $0 > 1000 && $0 < 3000 } ?? false }),
           rows.contains(where: { Double($0[t])! != Double($0[t])!.rounded() }) {
            return (.rts, "R ts export: column 'time' holds decimal years (e.g. \(rows[0][t]))")
        }
        let periodHeaders = header.filter { Period.parse($0) != nil }
        if periodHeaders.count >= 2 {
            return (.wide, "wide CSV with periods across columns: \(periodHeaders.count) column headers are periods (\(periodHeaders.first!)…\(periodHeaders.last!))")
        }
        do {
            let (cols, _) = try TidyCSV.detectColumns(sample: sample, file: reader.name)
            return (.tidy, "tidy CSV: column '\(cols.period)' holds periods and '\(cols.value)' numbers")
        } catch {
            let known = "police.uk (Month, Falls within, LSOA code, …), Fingertips (Indicator ID, Area Code, Time period, Value, …), ONS recorded crime (12 months ending, PFA, Offence, …), EES (time_period, time_identifier, geographic_level), R ts (a decimal-year time column), wide (periods as column headers) or tidy (a period column and a value column)"
            throw .invalidArgument("\(reader.name): --format auto could not recognise the layout from the header (\(header.prefix(8).joined(separator: ", "))\(header.count > 8 ? ", …" : "")): it is none of \(known). Tidy detection said: \(error.description). Name the layout with --format")
        }
    }
}
