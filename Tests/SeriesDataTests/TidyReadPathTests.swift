// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
import _TestSupport
@testable import SeriesData

/// `TidyCSV.read`'s two paths — the grouped block reader and the general (any row order) path —
/// give the same panel, tidy CSV text, row account and errors. Panels here are GENERATED text.
struct TidyReadPathTests {
    /// Everything a read shows: the panel's tidy CSV, its series count and frequency, and the row
    /// account's text; or the error's text.
    static func show(_ read: () throws(SeriesDataError) -> (panel: Panel, account: RowAccount)) -> String {
        do {
            let (panel, account) = try read()
            return "\(panel.count) series, \(panel.frequency)\n\(panel.tidyCSV(valueColumn: "count"))\(account.description)"
        } catch {
            return "error: \(error.description)"
        }
    }

    static func paths(_ text: String, keys: [String] = ["area", "crime_type"], policy: RowPolicy = .reject) -> (grouped: String, anyOrder: String, read: String) {
        let columns = TidyColumns(period: "month", value: "count", keys: keys)
        func reader() -> CSVReader { CSVReader(bytes: Array(text.utf8), name: "t.csv", chunkSize: 64) }
        let g = show { () throws(SeriesDataError) in
            try TidyCSV.readGrouped(reader(), columns: columns, valueKind: .count, negativeCounts: .reject, policy: policy)
        }
        let a = show { () throws(SeriesDataError) in
            try TidyCSV.readAnyOrder(reader(), columns: columns, valueKind: .count, negativeCounts: .reject, policy: policy, notes: [])
        }
        let r = show { () throws(SeriesDataError) in try TidyCSV.read(reader(), columns: columns, valueKind: .count, policy: policy) }
        return (g, a, r)
    }

    @Test("a grouped file with rejected rows, gaps, NA and a duplicate (keys not in sorted order): both paths give the same panel, CSV and account")
    func samePanelAndAccount() throws {
        // TidyBlockTests.messy: 12 series, 20 rejected rows of six kinds, a gap, an NA; the key
        // order is reversed so that input order differs from panel (sorted) order.
        let lines = TidyBlockTests.messy().split(separator: "\n").map(String.init)
        // Each series' rows stay together, with the rejected rows of key Z that sit among them.
        func key(_ l: String) -> String { l.split(separator: ",").prefix(2).joined(separator: ",") }
        var blocks: [[String]] = []
        for l in lines.dropFirst() {
            if let first = blocks.last?.first, l.hasPrefix("Z,") || key(first) == key(l) {
                blocks[blocks.count - 1].append(l)
            } else {
                blocks.append([l])
            }
        }
        let text = ([lines[0]] + blocks.reversed().flatMap { $0 }).joined(separator: "\n") + "\n"
        for policy in [RowPolicy.reject, .strict] {
            let (g, a, r) = Self.paths(text, policy: policy)
            #expect(g == a, "\(policy): grouped\n\(g)\nany order\n\(a)")
            #expect(r == a, "\(policy)")
        }
        let (g, _, _) = Self.paths(text)
        #expect(g.hasPrefix("12 series, monthly\narea,crime_type,period,count\nA0,burglary,2019-01,"), "\(g)")
        #expect(g.contains("rows read 127 = used 107 + rejected 20"), "\(g)")
        #expect(g.contains("gaps: 2 run(s)") && g.contains("area=A1, crime_type=drugs: 2019-05…2019-05"), "\(g)")
    }

    @Test("ungrouped input: the grouped path stops, read falls back and gives the general path's panel")
    func ungroupedFallsBack() throws {
        let text = "area,crime_type,month,count\nA,x,2019-01,1\nB,x,2019-01,2\nA,x,2019-02,3\nB,x,2019-02,4\n"
        let (g, a, r) = Self.paths(text)
        #expect(g.hasPrefix("error: ") && g.contains("t.csv, line 4"), "\(g)")
        #expect(r == a && a.hasPrefix("2 series, monthly\n"), "\(a)")
        // A key that comes back only after the 200-row sample: the grouped pass stops there.
        var late = "area,crime_type,month,count\n"
        for a in 0..<30 { for m in 1...9 { late += "A\(a),x,2019-0\(m),\(a + m)\n" } }
        late += "A3,x,2020-01,7\n"
        let (g2, a2, r2) = Self.paths(late)
        #expect(g2.hasPrefix("error: "), "\(g2)")
        #expect(r2 == a2 && a2.hasPrefix("30 series, monthly\n"), "\(a2)")
    }

    @Test("header only, all rows rejected, one series without keys: read equals the general path")
    func edgeCases() throws {
        for text in ["area,crime_type,month,count\n",
                     "area,crime_type,month,count\nA,x,2019-13,1\nA,x,2019-14,2\n",
                     "area,crime_type,month,count\nA,x,2019-01,-1\nA,x,2019-02,2\n"] {
            let (_, a, r) = Self.paths(text)
            #expect(r == a, "\(text)")
        }
        let single = "month,count\n2019-01,1\n2019-03,2\n2019-02,,\n2019-04,NA\n"
        let (g, a, r) = Self.paths(single, keys: [])
        #expect(g == a && r == a, "grouped\n\(g)\nany order\n\(a)")
    }
}

/// CSV record text (`RecordText`): the one quoter behind every CSV writer, and its buffer-appending form.
struct RecordTextCSVTests {
    @Test("fields with a comma, quote, CR or LF are quoted with doubled quotes; appendCSVRow gives csvRow's text; rows read back as written")
    func quotingAndAppending() throws {
        #expect(RecordText.csvField("E01000001") == "E01000001")
        #expect(RecordText.csvField("Bolton, north") == "\"Bolton, north\"")
        #expect(RecordText.csvField("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(RecordText.csvField("a\nb") == "\"a\nb\"" && RecordText.csvField("a\rb") == "\"a\rb\"")
        let fields = ["GEN0000001", "Bolton, north", "x\"y", "", "line\nbreak", "1.5e-05"]
        let row = RecordText.csvRow(fields)
        #expect(row == "GEN0000001,\"Bolton, north\",\"x\"\"y\",,\"line\nbreak\",1.5e-05\n")
        var buffer = "prefix:"
        RecordText.appendCSVRow(fields, to: &buffer, lineEnd: false)
        #expect(buffer == "prefix:" + row.dropLast())
        var field = ""
        RecordText.appendCSVField("x\"y", to: &field)
        #expect(field == RecordText.csvField("x\"y"))
        let back = try CSVReader(bytes: Array(row.utf8), name: "r.csv").readAll()
        #expect(back.count == 1 && back[0].fields == fields)
    }
}
