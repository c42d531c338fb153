// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
import _TestSupport
@testable import SeriesData

/// The grouped tidy stream cut into blocks (`TidyBlockReader` → `TidyStreamContext.parse` →
/// `TidyBlockMerger`): whatever the block size — down to 16 bytes, so that series and records
/// straddle every kind of boundary — the series, their lines, the row account and the errors are
/// those of one block holding the whole file. Panels here are GENERATED text, not real data.
struct TidyBlockTests {
    static let columns = TidyColumns(period: "month", value: "count", keys: ["area", "crime_type"])
    static let sizes = [16, 23, 64, 100, 333, 4096]

    /// Everything a pass shows: each series handed over (index, key, lines, start, values), the
    /// summary and the row account's text; or the error's text and the series handed over before it.
    static func pass(_ text: String, chunk: Int, policy: RowPolicy = .reject) -> String {
        let stream = GroupedTidyStream(reader: CSVReader(bytes: Array(text.utf8), name: "b.csv", chunkSize: chunk),
                                       columns: columns, valueKind: .count, policy: policy)
        var out = ""
        do {
            let summary = try stream.forEachSeries { s in
                out += "\(s.index) \(s.key) \(s.firstLine)-\(s.lastLine) \(s.series.start) \(s.series.observations)\n"
                return .next
            }
            out += "series \(summary.seriesCount), peak \(summary.peakBufferedRows)\n\(summary.account.description)"
        } catch {
            out += "error: \(error.description)"
        }
        return out
    }

    /// 12 generated series of 9 months with, inside and between series: a ragged row, a bad
    /// period, a bad value, a row of another frequency and a row of another key with a bad period
    /// between two rows of one series (which must not end that series), a duplicate period, an NA,
    /// a blank line, a gap.
    static func messy(lineEnd: String = "\n", quotedKeys: Bool = false) -> String {
        var lines = ["area,crime_type,month,count"]
        for a in 0..<4 {
            for (t, type) in ["burglary", "drugs", "vehicle crime"].enumerated() {
                let area = quotedKeys && a == 2 ? "\"A\(a), north\nside\"" : "A\(a)"
                for m in 0..<9 {
                    if a == 1 && t == 1 && m == 4 { continue }  // a gap
                    let value = a == 3 && t == 0 && m == 2 ? "NA" : "\((a * 5 + t * 3 + m) % 7)"
                    lines.append("\(area),\(type),2019-0\(m + 1),\(value)")
                    if m == 3 && t == 0 { lines.append("\(area),\(type),2019-13,1") }      // bad period
                    if m == 5 && t == 1 { lines.append("\(area),\(type),2019-07") }        // ragged
                    if m == 6 && t == 2 { lines.append("\(area),\(type),2019-08,x") }      // bad value
                    if m == 1 && a == 2 { lines.append("\(area),\(type),2019 Q1,4") }      // other frequency
                    if m == 7 && t == 0 { lines.append("Z,\(type),2019-99,4") }            // other key, rejected
                    if m == 2 && t == 2 && a == 0 { lines.append("\(area),\(type),2019-02,9") }  // duplicate
                    if m == 0 && a == 1 { lines.append("") }                               // blank line
                }
            }
        }
        return lines.joined(separator: lineEnd) + lineEnd
    }

    @Test("every block size gives the series, lines and row account of one block (LF, CRLF, quoted keys with newlines)")
    func blockSizeInvariance() throws {
        for (name, text) in [("LF", Self.messy()), ("CRLF", Self.messy(lineEnd: "\r\n")), ("quoted", Self.messy(quotedKeys: true))] {
            let whole = Self.pass(text, chunk: 1 << 20)
            #expect(whole.contains("series 12, peak 9"), "\(name): \(whole)")
            // 107 rows of series (12 × 9 less one gap) + 20 rejected: 4 bad periods, 4 ragged, 4 bad values,
            // 3 of another frequency, 4 of key Z, 1 duplicate; blank lines are not rows.
            #expect(whole.contains("rows read 127 = used 107 + rejected 20"), "\(name): \(whole)")
            for size in Self.sizes {
                let cut = Self.pass(text, chunk: size)
                #expect(cut == whole, "\(name), blocks of \(size) bytes")
            }
        }
        // The physical lines of a quoted key with an embedded newline are counted as lines.
        let quoted = Self.pass(Self.messy(quotedKeys: true), chunk: 1 << 20)
        #expect(quoted.contains("[\"A2, north\\nside\", \"burglary\"]"), "\(quoted)")
    }

    @Test("the series equal those read whole by TidyCSV, with the same rows used")
    func sameAsWholeRead() throws {
        let text = Self.messy()
        let (panel, account) = try TidyCSV.read(CSVReader(bytes: Array(text.utf8), name: "b.csv"), columns: Self.columns, valueKind: .count)
        var streamed: [[String]: TimeSeries] = [:]
        let summary = try GroupedTidyStream(reader: CSVReader(bytes: Array(text.utf8), name: "b.csv", chunkSize: 23),
                                            columns: Self.columns, valueKind: .count)
            .forEachSeries { streamed[$0.key] = $0.series; return .next }
        #expect(streamed.count == panel.count && panel.count == 12)
        for (key, series) in panel.allSeries { #expect(streamed[key] == series, "\(key)") }
        #expect(summary.account.rowsUsed == account.rowsUsed && summary.account.rowsRead == account.rowsRead)
    }

    @Test("a malformed row in the middle of a block stops a strict pass with the same line and column for every block size")
    func errorInTheMiddle() throws {
        let text = Self.messy()
        let whole = Self.pass(text, chunk: 1 << 20, policy: .strict)
        // The first bad row is the bad period of A0 / burglary, 5th data row + header = line 6, column 3.
        #expect(whole.contains("error: b.csv, line 6, column 3 (month): value \"2019-13\" is not valid"), "\(whole)")
        #expect(whole.hasPrefix("error:"), "no series is complete before line 6: \(whole)")
        for size in Self.sizes { #expect(Self.pass(text, chunk: size, policy: .strict) == whole, "blocks of \(size) bytes") }

        // Text after a closing quote (a tokenizer error) on line 40: the series before it are
        // handed over, then the error, for every block size.
        var lines = Self.messy().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines[39] = "\"A9\"" + String(repeating: "x", count: 45) + ",drugs,2019-01,1"  // the message quotes 40 bytes
        let broken = lines.joined(separator: "\n")
        let reference = Self.pass(broken, chunk: 1 << 20)
        #expect(reference.contains("error: b.csv, line 40"), "\(reference)")
        #expect(reference.split(separator: "\n").count == 4, "3 series handed over before line 40: \(reference)")
        for size in Self.sizes { #expect(Self.pass(broken, chunk: size) == reference, "blocks of \(size) bytes") }
    }

    @Test("a key that comes back blocks later: the same line, first line and series handed over for every block size")
    func unsortedInput() throws {
        var text = Self.messy()
        text += "A1,drugs,2020-01,3\n"
        let whole = Self.pass(text, chunk: 1 << 20)
        let lastLine = text.split(separator: "\n", omittingEmptySubsequences: false).count - 1
        #expect(whole.contains("error: b.csv, line \(lastLine), column 1 (area)"), "\(whole)")
        #expect(whole.contains("A1 / drugs"), "\(whole)")
        // All 12 series but the last are handed over (the last was not complete when the key came back).
        #expect(whole.split(separator: "\n").filter { !$0.hasPrefix("error") }.count == 11, "\(whole)")
        for size in Self.sizes { #expect(Self.pass(text, chunk: size) == whole, "blocks of \(size) bytes") }
    }

    @Test("fuzz finding: text after a closing quote is quoted in full in the message whatever the chunk size")
    func fuzzTextAfterQuote() throws {
        // scripts/fuzz.sh (selector 9, 16-byte chunks): the header's second field is closed by a
        // quote followed by text; the message quoted only the text up to the chunk's end.
        let input = Data(base64Encoded: "CSJzdWJzZXQiLCJzZXJpZXNfaWQwODE2MDEyMzU2NzQzLDAuNzkzMDkxNjY0MjEzNDc2MjEsMC40MjYwCiJtb250aGx5IiwiTTLBLCJFVFMoQSxOLE4pIiwzMi4zMTM2OTI2NzU5NjA4NjksMC4yMjgyNzg5MjEwNjI0MDgzLDAuNTQwMCgKIm1vbnRobHk4OTQ3MzkyMjE1MjkwNTgsMC45NjIyNzc4NDQwNDk0MjkxOCwwLgdJbmRpY2F0bzQyMDByIElECiJt")!
        let body = Array(input.dropFirst())
        func pass(_ chunk: Int) -> String {
            do {
                _ = try GroupedTidyStream(reader: CSVReader(bytes: body, name: "fuzz.csv", chunkSize: chunk),
                                          columns: TidyColumns(period: "period", value: "value", keys: ["area"])).forEachSeries { _ in .next }
                return "no error"
            } catch { return error.description }
        }
        let whole = pass(1 << 20)
        #expect(whole.contains("\"monthly\"\" is not valid; expected a delimiter or end of line after the closing quote"), "\(whole)")
        for size in [16, 17, 50, 100] { #expect(pass(size) == whole, "chunks of \(size) bytes") }
        let record = try? CSVReader(bytes: body, name: "fuzz.csv", chunkSize: 16).readAll()
        #expect(record == nil)
    }

    @Test("line counting of a block: LF, CRLF and a lone CR each end one line")
    func lineCounting() {
        let bytes = Array("a\nb\r\nc\rd\r".utf8)
        #expect(bytes.withUnsafeBufferPointer { TidyBlockReader.lines($0) } == 4)
        #expect(bytes.withUnsafeBufferPointer { TidyBlockReader.hasLoneCR($0) })
        #expect(!Array("a\r\nb\r\n".utf8).withUnsafeBufferPointer { TidyBlockReader.hasLoneCR($0) })
    }
}

/// The allocation-free decimal path of `parseNumber` (Clinger's exact case) against the general
/// correctly rounded conversion, `Double(String)`, on generated decimals.
struct ExactDecimalTests {
    @Test("parseNumber equals Double(String) bit for bit on 20,000 generated decimals and the edge cases")
    func matchesCorrectRounding() {
        var rng = SystemRandomNumberGenerator()
        var texts = ["0.1", "0.3", "-0.0", "5.", ".5", "1e22", "1e23", "123456789012345.6", "9007199254740993",
                     "0.000000000000000000000123", "4.35", "2.675", "1E-5", "-7.25e+3", "000012.50", "1.7976931348623157e308"]
        for _ in 0..<20_000 {
            let digits = Int.random(in: 1...17, using: &rng)
            var t = String((0..<digits).map { _ in Character(String(Int.random(in: 0...9, using: &rng))) })
            let dot = Int.random(in: 0...digits, using: &rng)
            t.insert(".", at: t.index(t.startIndex, offsetBy: dot))
            if Bool.random(using: &rng) { t += "e\(Int.random(in: -30...30, using: &rng))" }
            if Bool.random(using: &rng) { t = "-" + t }
            if t.hasPrefix(".e") || t.hasPrefix("-.e") || t == "." || t == "-." { continue }
            texts.append(t)
        }
        var checked = 0
        for t in texts {
            guard let expected = Double(t) else { continue }
            var s = t
            let got = s.withUTF8 { parseNumber(UnsafeRawBufferPointer($0)) }
            guard case .value(let v) = got else { Issue.record("\(t): \(got)"); continue }
            #expect(v.bitPattern == expected.bitPattern, "\(t): \(v) ≠ \(expected)")
            checked += 1
        }
        #expect(checked > 19_000)
    }
}
