// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
import _TestSupport
@testable import SeriesData

@Suite struct CSVTests {
    func records(_ text: String, chunk: Int = 1 << 20) throws -> [(Int, [String])] {
        try CSVReader(bytes: Array(text.utf8), name: "t.csv", chunkSize: chunk).readAll().map { ($0.line, $0.fields) }
    }

    @Test func quotedFieldsCRLFAndBOM() throws {
        let text = "\u{FEFF}a,b,c\r\n1,\"x, y\",\"he said \"\"hi\"\"\"\r\n2,\"multi\nline\",\r\n\r\n3,,\"\"\n4,last,noeol"
        let r = try records(text)
        #expect(r.map(\.0) == [1, 2, 3, 6, 7])
        #expect(r[0].1 == ["a", "b", "c"])
        #expect(r[1].1 == ["1", "x, y", "he said \"hi\""])
        #expect(r[2].1 == ["2", "multi\nline", ""])
        #expect(r[3].1 == ["3", "", ""])
        #expect(r[4].1 == ["4", "last", "noeol"])
    }

    @Test func loneCarriageReturnsEndRecords() throws {
        let r = try records("a,b\r1,\"x\ry\"\r2,3")
        #expect(r.map(\.0) == [1, 2, 4])
        #expect(r.map(\.1) == [["a", "b"], ["1", "x\ry"], ["2", "3"]])
    }

    /// Every chunk size gives the same records as one big chunk (records straddling chunk boundaries).
    @Test func chunkBoundariesDoNotMatter() throws {
        let text = "h1,h2\r\n\"a\"\"b\",\"c\r\nd\"\r\nxyz,1\n\"q\",\"\"\n"
        let whole = try records(text)
        for chunk in 16...40 {
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("csvchunk-\(chunk).csv")
            try Data(text.utf8).write(to: url)
            defer { try? FileManager.default.removeItem(at: url) }
            let r = try CSVReader(url: url, chunkSize: chunk).readAll()
            #expect(r.map(\.line) == whole.map(\.0), "chunk \(chunk)")
            #expect(r.map(\.fields) == whole.map(\.1), "chunk \(chunk)")
        }
    }

    @Test func unclosedQuoteAndTextAfterQuote() {
        #expect(throws: SeriesDataError.unclosedQuote(SourceLocation(file: "t.csv", line: 2, column: 2))) {
            try records("a,b\n1,\"open\n2,3\n")
        }
        #expect(throws: SeriesDataError.self) { try records("a,b\n\"x\"y,2\n") }
    }

    @Test func numbers() {
        func n(_ s: String) -> ParsedNumber { var t = s; return t.withUTF8 { parseNumber(UnsafeRawBufferPointer($0)) } }
        #expect(n("12") == .value(12) && n(" -3 ") == .value(-3) && n("2.5e3") == .value(2500) && n(".5") == .value(0.5))
        #expect(n("94.7261896202678") == .value(94.7261896202678))
        #expect(n("") == .empty && n("  ") == .empty)
        #expect(n("NaN") == .nonFinite && n("inf") == .nonFinite && n("-Infinity") == .nonFinite)
        #expect(n("1e400") == .nonFinite)
        #expect(n("1,234") == .notANumber && n("12a") == .notANumber && n("0x10") == .notANumber && n("1e") == .notANumber)
        #expect(n("123456789012345678901234") == .value(1.23456789012345678901234e23))
    }
}
