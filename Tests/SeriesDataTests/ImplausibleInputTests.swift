// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
import _TestSupport
@testable import SeriesData

/// Implausible input (issue 12): absurd years, duplicated columns, out-of-scale values.
@Suite struct ImplausibleInputTests {
    func read(_ text: String) throws(SeriesDataError) -> (panel: Panel, account: RowAccount) {
        try TidyCSV.read(CSVReader(bytes: Array(text.utf8), name: "t.csv"))
    }

    @Test("years outside 1000–2999 are not periods, in every form; the ends of the range are")
    func absurdYears() {
        for text in ["0000", "0999", "3000", "9999", "9999/00", "0000/01", "0001-01", "0000 Q1", "Q1 0000", "0000-W01",
                     "0000-01-01", "01-01-0000", "Jan 0000", "31/12/9999"] {
            #expect(Period.parse(text) == nil, "\(text)")
        }
        #expect(Period.parse("1000")?.0 == .calendarYear(1000))
        #expect(Period.parse("2999")?.0 == .calendarYear(2999))
        #expect(Period.parse("2999/00")?.0 == .financialYear(startingIn: 2999))
        #expect(Period.parse("Mar-17")?.0 == .month(2017, 3))  // two-digit years are unaffected
        #expect(throws: SeriesDataError.self) { try Period(parsing: "0000") }
    }

    @Test("a row with year 0000 is rejected naming its line and the accepted years, not read as a 2,000-year series")
    func yearZeroRowRejected() throws {
        let (panel, account) = try read("period,value\n0000,1\n2019,2\n2020,3\n2021,4\n2022,5\n")
        #expect(account.rowsRead == 5 && account.rowsUsed == 4 && account.rowsRejected == 1)
        let ex = try #require(account.rejected.first?.examples.first)
        #expect(ex.message.hasPrefix("t.csv, line 2, column 1 (period): value \"0000\" is not valid"), "\(ex.message)")
        #expect(ex.message.contains("years 1000–2999"))
        let s = panel.series(at: 0)
        #expect(s.start == .calendarYear(2019) && s.count == 4)
    }

    /// Found by the adversarial pass: with one absurd year in four rows, the year column failed the
    /// "mostly periods" test and was called "decimal years (an R ts export)" — the wrong cause.
    @Test("a year column with a 9999 row is still the period column; the row is rejected naming its line")
    func yearColumnWithAbsurdYear() throws {
        let (panel, account) = try read("period,value\n2019,2\n2020,3\n2021,4\n9999,5\n")
        #expect(account.rowsRead == 4 && account.rowsUsed == 3 && account.rowsRejected == 1)
        let ex = try #require(account.rejected.first?.examples.first)
        #expect(ex.message.hasPrefix("t.csv, line 5, column 1 (period): value \"9999\" is not valid"), "\(ex.message)")
        #expect(panel.series(at: 0).end == .calendarYear(2021))
        // Fractional years are still an R ts export, with that hint.
        #expect {
            try read("time,value\n1969.0,1\n1969.0833,2\n1969.1667,3\n")
        } throws: { e in "\(e)".contains("holds decimal years (an R ts export)") }
    }

    @Test("a duplicated value (or period) header is refused naming both columns")
    func duplicatedHeader() {
        for (text, column) in [("period,value,value\n2019-01,1,2\n2019-02,3,4\n2019-03,5,6\n", 3),
                               ("period,Value,area,value\n2019-01,1,a,2\n2019-02,3,a,4\n2019-03,5,a,6\n", 4),
                               ("period,period,value\n2019-01,2019-01,1\n2019-02,2019-02,3\n", 2)] {
            #expect {
                try read(text)
            } throws: { e in
                let m = "\(e)"
                return m.hasPrefix("t.csv, line 1, column \(column) (") && m.contains("have the same name")
                    && m.contains("column \(column)") && m.contains("rename or remove one")
            }
        }
        // Named columns too (the CLI's --value-column).
        #expect(throws: SeriesDataError.self) {
            try TidyCSV.read(CSVReader(bytes: Array("period,value,value\n2019-01,1,2\n".utf8), name: "t.csv"),
                             columns: TidyColumns(period: "period", value: "value", keys: []))
        }
    }

    @Test("a value 10⁴ times the series' median size is named with its period; ordinary series have none")
    func outOfScaleValues() {
        var obs: [Double?] = (0..<24).map { 1000 + Double($0 % 5) * 37 }
        obs[17] = 1e15
        obs[3] = nil
        let s = TimeSeries(start: .month(2019, 1), observations: obs)
        let found = s.implausibleValues()
        #expect(found.count == 1)
        #expect(found.first?.period == .month(2020, 6) && found.first?.value == 1e15)
        // median of the non-zero magnitudes is 1074 (values 1000, 1037, 1074, 1111, 1148 in turn).
        expectClose(found.first?.timesTypical ?? .nan, 1e15 / 1074, rtol: 1e-12)
        // A negative outlier counts by magnitude; a 100-fold real step does not.
        obs[17] = -5e9
        #expect(TimeSeries(start: .month(2019, 1), observations: obs).implausibleValues().map(\.value) == [-5e9])
        obs[17] = 100_000
        #expect(TimeSeries(start: .month(2019, 1), observations: obs).implausibleValues().isEmpty)
        // Intermittent counts: zeros do not make every event an outlier.
        let counts = TimeSeries(start: .month(2019, 1), observations: [0, 0, 3, 0, 1, 0, 0, 7, 0, 2].map { Optional($0) })
        #expect(counts.implausibleValues().isEmpty)
    }
}
