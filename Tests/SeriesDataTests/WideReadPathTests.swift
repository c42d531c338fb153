// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import SeriesData
import Testing

/// The wide reader (periods across columns) keeps each row as one dense series rather than
/// cell by cell (issue 11, item 3). Its panel, row account and errors are checked against the
/// tidy reader's cell-by-cell path on the same data, and its errors by type, line and column.
/// All files here are hand-made (not real data).
struct WideReadPathTests {
    func reader(_ text: String, _ name: String = "w.csv") -> CSVReader { CSVReader(bytes: Array(text.utf8), name: name) }

    /// Keys with a comma and a doubled quote, CRLF line ends, header periods out of order with
    /// one month absent (2019-04: a gap in every series), empty and NA cells, keys out of order.
    static let wide = "area,type,2019-01,2019-03,2019-02,2019-05\r\n"
        + "\"Stoke, \"\"North\"\"\",burglary,1,2,,4\r\n"
        + "Leek,burglary,5,NA,7,8\r\n"
        + "Biddulph,robbery,0,0,0,0\r\n"
        + "\"Stoke, \"\"North\"\"\",anti-social behaviour,9,10,11,12\r\n"
        + "Étruria,burglary,3,3,3,3\r\n"

    /// The same cells as tidy rows (in column order, the absent month left out).
    static var tidy: String {
        var out = "area,type,month,count\n"
        let months = ["2019-01", "2019-03", "2019-02", "2019-05"]
        for line in wide.split(separator: "\r\n").dropFirst() {
            let s = String(line)
            let key: String, rest: [Substring]
            if s.hasPrefix("\"") {
                let close = s.range(of: "\",")!
                key = String(s[..<close.upperBound]) + s[close.upperBound...].split(separator: ",", maxSplits: 1)[0]
                rest = s[close.upperBound...].split(separator: ",", omittingEmptySubsequences: false).dropFirst().map { $0 }
            } else {
                let f = s.split(separator: ",", omittingEmptySubsequences: false)
                key = f[0] + "," + f[1]
                rest = Array(f[2...])
            }
            for (m, v) in zip(months, rest) { out += "\(key),\(m),\(v)\n" }
        }
        return out
    }

    @Test("wide rows read as dense series equal the tidy reader's panel and gaps on the same cells")
    func sameAsTidy() throws {
        let (w, wa) = try WideCSV.read(reader(Self.wide), valueKind: .count)
        let (t, ta) = try TidyCSV.read(reader(Self.tidy, "t.csv"), columns: TidyColumns(period: "month", value: "count", keys: ["area", "type"]),
                                       valueKind: .count)
        #expect(w.keyColumns == ["area", "type"] && w.count == 5 && wa.rowsRead == 5 && wa.rowsUsed == 5)
        #expect(w.allSeries.map(\.key) == t.allSeries.map(\.key))
        for ((k, a), (_, b)) in zip(w.allSeries, t.allSeries) {
            #expect(a.start == b.start && a.observations == b.observations, "\(k)")
        }
        #expect(w["Stoke, \"North\"", "burglary"]?.observations == [1, nil, 2, nil, 4])
        #expect(w["Leek", "burglary"]?.observations == [5, 7, nil, nil, 8])
        #expect(wa.gaps.map { "\($0.series) \($0.from)…\($0.to)" } == ta.gaps.map { "\($0.series) \($0.from)…\($0.to)" })
        #expect(wa.gapCount == 6 && ta.gapCount == 6)
        #expect(wa.flaggedCount("missing value") == 2 && ta.flaggedCount("missing value") == 2)
        // Panel order is key order (String <), whatever the row order.
        #expect(w.allSeries.map { $0.key[0] } == ["Biddulph", "Leek", "Stoke, \"North\"", "Stoke, \"North\"", "Étruria"])
    }

    @Test("bad wide rows: the typed error names the file, line and column (strict), and reject mode counts them")
    func rowErrors() throws {
        func strictError(_ text: String) -> SeriesDataError? {
            do { _ = try WideCSV.read(reader(text), valueKind: .count, policy: .strict); return nil } catch { return error }
        }
        let header = "area,2019-01,2019-02\r\n"
        guard case .raggedRow(let l1, let expected, let found) = strictError(header + "A,1,2\r\nB,1\r\n") else { Issue.record("ragged"); return }
        #expect(l1 == SourceLocation(file: "w.csv", line: 3) && expected == 3 && found == 2)
        guard case .invalidField(let l2, let v2, let e2) = strictError(header + "A,1,2.5\r\n") else { Issue.record("non-whole"); return }
        #expect(l2 == SourceLocation(file: "w.csv", line: 2, column: 3, field: "2019-02") && v2 == "2.5" && e2 == "a whole-number count")
        guard case .invalidField(let l3, _, let e3) = strictError(header + "A,9007199254740992,1\r\n") else { Issue.record("2^53"); return }
        #expect(l3.column == 2 && e3.hasPrefix("a count below 2^53"))
        guard case .negativeCount(let l4, let v4) = strictError(header + "A,1,2\r\n\"B, c\",-3,1\r\n") else { Issue.record("negative"); return }
        #expect(l4 == SourceLocation(file: "w.csv", line: 3, column: 2, field: "2019-01") && v4 == "-3")
        guard case .duplicatePeriod(let l5, let series, let period, let firstLine) = strictError(header + "A,1,2\r\nB,3,4\r\nA,5,6\r\n") else {
            Issue.record("duplicate"); return
        }
        #expect(l5.line == 4 && series == "A" && period == "2019-01" && firstLine == 2)
        let bytes = Array("area,2019-01,2019-02\nA,1,2\n".utf8) + [0xFF, 0x41] + Array(",1,2\n".utf8)
        do { _ = try WideCSV.read(CSVReader(bytes: bytes, name: "u.csv"), policy: .strict); Issue.record("invalid UTF-8 read") } catch {
            guard case .invalidUTF8(let l6, _) = error else { Issue.record("\(error)"); return }
            #expect(l6 == SourceLocation(file: "u.csv", line: 3, column: 1, field: "area"))
        }
        // Reject mode: every bad row counted, the others read; the largest exact count kept exactly.
        let (p, a) = try WideCSV.read(reader(header + "A,1,2\r\nB,1\r\nC,1,2.5\r\nD,-3,1\r\nA,5,6\r\nE,9007199254740991,1e3\r\n"), valueKind: .count)
        #expect(a.rowsRead == 6 && a.rowsUsed == 2 && a.rejectedCount("duplicate period") == 1 && a.rejectedCount("negative count") == 1)
        #expect(p.allSeries.map(\.key) == [["A"], ["E"]] && p["E"]?.observations == [9_007_199_254_740_991, 1000])
        // A measure takes any finite number, negative and fractional.
        let (m, _) = try WideCSV.read(reader(header + "A,-1.25,3e-2\r\n"))
        #expect(m["A"]?.observations == [-1.25, 0.03])
    }
}
