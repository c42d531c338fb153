// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer harness for the SeriesData readers (built by scripts/fuzz.sh, not by SwiftPM: it is
// compiled together with Sources/SeriesData/*.swift with -sanitize=fuzzer,address).
//
// The first input byte chooses the target and the CSV chunk size; the rest is the file.
// A Swift trap, an AddressSanitizer report (the tokenizer uses raw pointers), a row account
// that does not balance, a period that does not round-trip, or a grouped tidy stream whose
// result (series, lines, account, error) depends on the block size it is cut into is a finding.
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func seriesDataFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size >= 1 else { return 0 }
    let selector = data[0]
    let body = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    let chunk = 16 + Int(selector >> 4) * 37
    let r = { CSVReader(bytes: body, name: "fuzz.csv", chunkSize: chunk) }
    func balanced(_ a: RowAccount?) {
        if let a, !a.balances { fatalError("row account does not balance: \(a.rowsRead) ≠ \(a.rowsUsed) + \(a.rowsRejected)") }
    }
    /// Everything a grouped stream pass shows, for comparing two block sizes.
    func groupedPass(chunk: Int) -> String {
        let s = GroupedTidyStream(reader: CSVReader(bytes: body, name: "fuzz.csv", chunkSize: chunk),
                                  columns: TidyColumns(period: "period", value: "value", keys: ["area"]))
        var out = ""
        do {
            let summary = try s.forEachSeries { k in
                out += "\(k.index) \(k.key) \(k.firstLine)-\(k.lastLine) \(k.series.start) \(k.series.observations)\n"
                return .next
            }
            balanced(summary.account)
            out += "\(summary.seriesCount) \(summary.peakBufferedRows)\n\(summary.account.description)"
        } catch {
            out += "error: \(error.description)"
        }
        return out
    }
    switch selector % 11 {
    case 0: _ = try? r().readAll()
    case 1: balanced(try? PoliceUKStreet.read(r(), by: .lsoa).account)
    case 2: balanced(try? PoliceUKStreet.read(r(), by: .localAuthority).account)
    case 3: balanced(try? FingertipsExport.read(r()).account)
    case 4: balanced(try? ONSRecordedCrime.read(r()).account)
    case 5: balanced(try? TidyCSV.read(r(), valueKind: .count).account)
    case 6: balanced(try? TidyCSV.read(r(), columns: TidyColumns(period: "period", value: "value", keys: ["area"])).account)
    case 7: balanced(try? WideCSV.read(r()).account)
    case 8: balanced(try? RTimeSeriesCSV.read(r(), frequency: .month).1)
    case 9:
        let cut = groupedPass(chunk: chunk), whole = groupedPass(chunk: 1 << 20)
        if cut != whole { fatalError("grouped stream: blocks of \(chunk) bytes give\n\(cut)\nbut one block gives\n\(whole)") }
    default:
        // The period parser: whatever it accepts must format to text that parses back to it.
        let text = String(decoding: body.prefix(40), as: UTF8.self)
        if let (p, _) = Period.parse(text) {
            guard let (q, _) = Period.parse(p.description), q == p else {
                fatalError("period '\(text)' → '\(p.description)' does not parse back to the same period")
            }
        }
    }
    return 0
}
