// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
import _TestSupport
@testable import SeriesData

/// The grouped tidy stream: one series at a time, in input order, memory bounded by the longest
/// series whatever the number of series; ungrouped input refused naming the line.
struct GroupedTidyStreamTests {
    /// A generated panel (labelled: not real data): `areas` × 3 crime types × `months` months,
    /// value = a deterministic function of the indices, grouped by (area, crime_type).
    static func panel(areas: Int, months: Int) -> String {
        var s = "area,crime_type,month,count\n"
        for a in 0..<areas {
            for (t, type) in ["burglary", "drugs", "vehicle crime"].enumerated() {
                for m in 0..<months {
                    s += "A\(a),\(type),\(2019 + m / 12)-\(String(format: "%02d", m % 12 + 1)),\((a * 7 + t * 3 + m) % 11)\n"
                }
            }
        }
        return s
    }

    static let columns = TidyColumns(period: "month", value: "count", keys: ["area", "crime_type"])

    static func stream(_ text: String, chunk: Int = 1 << 20) -> GroupedTidyStream {
        GroupedTidyStream(reader: CSVReader(bytes: Array(text.utf8), name: "panel.csv", chunkSize: chunk), columns: columns)
    }

    @Test("every series arrives once, in input order, with its values; rows held ≤ the longest series for 150 and 3,000 series")
    func boundedAndOrdered() throws {
        for areas in [50, 1000] {
            var seen: [KeyedSeries] = []
            let summary = try Self.stream(Self.panel(areas: areas, months: 30), chunk: 4096).forEachSeries { seen.append($0); return .next }
            #expect(summary.seriesCount == areas * 3)
            #expect(seen.count == areas * 3)
            #expect(seen.map(\.index) == Array(0..<(areas * 3)))
            // The bound that would fail if the reader held the file: 30 rows, the longest series.
            #expect(summary.peakBufferedRows == 30)
            #expect(summary.account.rowsRead == areas * 3 * 30 && summary.account.rowsUsed == summary.account.rowsRead)
            let last = try #require(seen.last)
            #expect(last.key == ["A\(areas - 1)", "vehicle crime"])
            #expect(last.series.start == (try Period(parsing: "2019-01")))
            #expect(last.series.observations.count == 30)
            let a = areas - 1
            #expect(last.series.observations.map { $0! } == (0..<30).map { Double((a * 7 + 2 * 3 + $0) % 11) })
            #expect(seen[1].firstLine == 32 && seen[1].lastLine == 61)
        }
    }

    @Test("the same panel read whole (TidyCSV) and streamed gives the same series")
    func sameAsPanel() throws {
        let text = Self.panel(areas: 20, months: 14)
        let (panel, _) = try TidyCSV.read(CSVReader(bytes: Array(text.utf8), name: "p.csv"), columns: Self.columns)
        var streamed: [[String]: TimeSeries] = [:]
        _ = try Self.stream(text).forEachSeries { streamed[$0.key] = $0.series; return .next }
        #expect(streamed.count == panel.count)
        for (key, series) in panel.allSeries { #expect(streamed[key] == series, "\(key)") }
    }

    @Test("a key that comes back after another key stops the stream, naming the line and the sort fix")
    func ungroupedRefused() throws {
        let text = "area,month,count\nA,2019-01,1\nA,2019-02,2\nB,2019-01,3\nA,2019-03,4\n"
        let s = GroupedTidyStream(reader: CSVReader(bytes: Array(text.utf8), name: "u.csv"),
                                  columns: TidyColumns(period: "month", value: "count", keys: ["area"]))
        var got: [[String]] = []
        do {
            _ = try s.forEachSeries { got.append($0.key); return .next }
            Issue.record("expected .notGrouped")
        } catch {
            guard case .notGrouped(let l, let series, let first, _, let fields) = error else { Issue.record("\(error)"); return }
            #expect(l.line == 5 && series == "A" && first == 2 && fields == [1])
            #expect(error.description.contains("u.csv, line 5") && error.description.contains("sort -t, -s -k1,1"), "\(error.description)")
        }
        #expect(got == [["A"]], "the series before the bad line were complete and handed over")
    }

    @Test("a period-ordered sample is recognised before streaming; a grouped one is not flagged")
    func groupingProblemFromSample() throws {
        let byPeriod = "area,month,count\nA,2019-01,1\nB,2019-01,3\nA,2019-02,4\nB,2019-02,5\n"
        let cols = TidyColumns(period: "month", value: "count", keys: ["area"])
        #expect(try GroupedTidyStream.groupingProblem(sample: CSVReader(bytes: Array(byPeriod.utf8), name: "x"), columns: cols) != nil)
        let onePeriodEach = "area,month,count\nA,2019-01,1\nB,2019-01,3\n"
        #expect(try GroupedTidyStream.groupingProblem(sample: CSVReader(bytes: Array(onePeriodEach.utf8), name: "x"), columns: cols) != nil)
        #expect(try GroupedTidyStream.groupingProblem(sample: CSVReader(bytes: Array(Self.panel(areas: 3, months: 5).utf8), name: "x"),
                                                      columns: Self.columns) == nil)
    }

    @Test("row errors are counted as TidyCSV counts them: duplicate period, bad value; gaps are missing")
    func rowErrors() throws {
        let text = "area,month,count\nA,2019-01,1\nA,2019-03,2\nA,2019-01,9\nA,2019-04,x\nB,2019-02,5\n"
        var got: [KeyedSeries] = []
        let summary = try GroupedTidyStream(reader: CSVReader(bytes: Array(text.utf8), name: "r.csv"),
                                            columns: TidyColumns(period: "month", value: "count", keys: ["area"]))
            .forEachSeries { got.append($0); return .next }
        #expect(summary.account.rowsRead == 5 && summary.account.rowsUsed == 3)
        #expect(summary.account.rejectedCount("duplicate period") == 1)
        #expect(summary.account.gapCount == 1)
        #expect(got.count == 2)
        #expect(got[0].series.observations == [1, nil, 2])
        #expect(got[1].series.observations == [5])
    }

    @Test("the body can stop the stream")
    func stop() throws {
        var n = 0
        let summary = try Self.stream(Self.panel(areas: 10, months: 3)).forEachSeries { _ in n += 1; return n == 4 ? .stop : .next }
        #expect(summary.stopped && n == 4)
    }
}
