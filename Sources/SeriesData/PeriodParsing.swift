// SPDX-License-Identifier: GPL-3.0-or-later
// Parsing the period forms found in police.uk, ONS and Fingertips files.

/// The textual forms of a period that `Period(parsing:)` accepts.
public enum PeriodForm: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// "2017-03" (police.uk `Month`).
    case yearMonth = "YYYY-MM"
    /// "Mar-17", "Mar-2017", "Mar 2017", "March 2017" (spreadsheet exports). Two-digit
    /// years: 00–69 → 2000–2069, 70–99 → 1970–1999.
    case monthNameYear = "Mon-YY"
    /// "2016/17" or "2016/2017": UK financial year April 2016 – March 2017.
    case financialYear = "YYYY/YY"
    /// "2017 Q1", "2017Q1", "2017-Q1", "Q1 2017": calendar quarter (Q1 = Jan–Mar).
    case quarter = "YYYY Qn"
    /// "2017": calendar year.
    case year = "YYYY"
    /// "2017-W09": ISO 8601 week.
    case isoWeek = "YYYY-Www"
    /// "2017-03-31": ISO 8601 date.
    case isoDate = "YYYY-MM-DD"
    /// "31-03-2003" or "31/03/2003": UK day-month-year (ONS `12 months ending`).
    case dayMonthYear = "DD-MM-YYYY"

    public var frequency: Frequency {
        switch self {
        case .yearMonth, .monthNameYear: .month
        case .financialYear: .financialYear
        case .quarter: .quarter
        case .year: .calendarYear
        case .isoWeek: .isoWeek
        case .isoDate, .dayMonthYear: .day
        }
    }

    public var description: String { rawValue }

    /// "YYYY-MM, Mon-YY, YYYY/YY, …" for error messages.
    public static let allFormsDescription =
        "a period such as 2017-03, Mar-17, 2016/17, 2017 Q1, 2017, 2017-W09, 2017-03-31 or 31-03-2003 (years 1000–2999)"
}

extension Period {
    /// Parses any accepted form (see `PeriodForm`), ignoring surrounding spaces.
    ///
    /// - Throws: `SeriesDataError.unparseablePeriod` naming the text and the accepted forms.
    public init(parsing text: String) throws(SeriesDataError) {
        guard let (p, _) = Period.parse(text) else {
            throw .unparseablePeriod(text: text, expected: PeriodForm.allFormsDescription)
        }
        self = p
    }

    /// Parses `text` and also says which form matched; nil if none.
    public static func parse(_ text: String) -> (Period, PeriodForm)? {
        var t = text
        return t.withUTF8 { parsePeriodBytes(UnsafeRawBufferPointer($0)) }
    }
}

private let monthNames: [[UInt8]] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    .map { Array($0.utf8) }
private let fullMonthNames: [[UInt8]] = ["january", "february", "march", "april", "may", "june", "july", "august",
                                         "september", "october", "november", "december"].map { Array($0.utf8) }

@inline(__always) private func isDigit(_ b: UInt8) -> Bool { b &- 48 < 10 }

extension Period {
    /// The years a parsed period may fall in. Every form writes four-digit years, so 0000 or 9999
    /// would parse; they are typing or export errors (a blank date exported as 0000, a sentinel
    /// 9999), not data, and accepting them puts a series 2,000 years long or a deadline 8,000
    /// years ahead behind a plausible-looking run. Outside this range the text is not a period:
    /// a data row is rejected naming its line, an option or spec key is an error.
    public static let parsableYears: ClosedRange<Int> = 1000...2999
}

/// Parses a period from UTF-8 bytes without allocating. Returns nil if the bytes
/// match no `PeriodForm`, name an impossible date (month 13, 30 February, week 54…), or a
/// year outside `Period.parsableYears`.
func parsePeriodBytes(_ raw: UnsafeRawBufferPointer) -> (Period, PeriodForm)? {
    guard let (p, form) = parsePeriodBytesAnyYear(raw), Period.parsableYears.contains(p.year) else { return nil }
    return (p, form)
}

private func parsePeriodBytesAnyYear(_ raw: UnsafeRawBufferPointer) -> (Period, PeriodForm)? {
    var lo = 0, hi = raw.count
    while lo < hi, raw[lo] == 32 || raw[lo] == 9 { lo += 1 }
    while hi > lo, raw[hi - 1] == 32 || raw[hi - 1] == 9 { hi -= 1 }
    let n = hi - lo
    guard n >= 4 else { return nil }
    @inline(__always) func b(_ i: Int) -> UInt8 { raw[lo + i] }
    @inline(__always) func digits(_ from: Int, _ count: Int) -> Int? {
        var v = 0
        for i in from..<(from + count) {
            let c = b(i)
            guard isDigit(c) else { return nil }
            v = v * 10 + Int(c - 48)
        }
        return v
    }
    // Leading four-digit year forms.
    if let y = digits(0, 4) {
        if n == 4 { return (.calendarYear(y), .year) }
        let sep = b(4)
        if n == 7, sep == 45, let m = digits(5, 2) {  // YYYY-MM
            return (1...12).contains(m) ? (.month(y, m), .yearMonth) : nil
        }
        if n == 10, sep == 45, b(7) == 45, let m = digits(5, 2), let d = digits(8, 2) {  // YYYY-MM-DD
            return isValidDate(y, m, d) ? (.day(y, m, d), .isoDate) : nil
        }
        if sep == 47 {  // YYYY/YY or YYYY/YYYY
            if n == 7, let e = digits(5, 2) {
                return e == (y + 1) % 100 ? (.financialYear(startingIn: y), .financialYear) : nil
            }
            if n == 9, let e = digits(5, 4) {
                return e == y + 1 ? (.financialYear(startingIn: y), .financialYear) : nil
            }
            return nil
        }
        // YYYY Qn, YYYYQn, YYYY-Qn
        var i = 4
        if sep == 32 || sep == 45 { i = 5 }
        if n == i + 2, b(i) | 0x20 == 113, let q = digits(i + 1, 1) {
            return (1...4).contains(q) ? (.quarter(y, q), .quarter) : nil
        }
        // YYYY-Www
        if n == 8, sep == 45, b(5) | 0x20 == 119, let w = digits(6, 2) {
            return w >= 1 && w <= isoWeeksInYear(y) ? (.isoWeek(y, w), .isoWeek) : nil
        }
        return nil
    }
    // Qn YYYY
    if n == 7, b(0) | 0x20 == 113, let q = digits(1, 1), b(2) == 32, let y = digits(3, 4) {
        return (1...4).contains(q) ? (.quarter(y, q), .quarter) : nil
    }
    // DD-MM-YYYY or DD/MM/YYYY
    if n == 10, let d = digits(0, 2), b(2) == 45 || b(2) == 47, b(5) == b(2), let m = digits(3, 2),
       let y = digits(6, 4) {
        return isValidDate(y, m, d) ? (.day(y, m, d), .dayMonthYear) : nil
    }
    // Month name then year: Mar-17, Mar-2017, Mar 2017, March 2017
    var j = 0
    while j < n, (b(j) | 0x20) >= 97, (b(j) | 0x20) <= 122 { j += 1 }
    guard j >= 3, j < n, b(j) == 45 || b(j) == 32 else { return nil }
    var monthIndex: Int?
    for k in 0..<12 {
        let name = j == 3 ? monthNames[k] : fullMonthNames[k]
        guard name.count == j else { continue }
        var ok = true
        for t in 0..<j where (b(t) | 0x20) != name[t] { ok = false; break }
        if ok { monthIndex = k + 1; break }
    }
    guard let m = monthIndex else { return nil }
    let rest = n - j - 1
    if rest == 2, let yy = digits(j + 1, 2) { return (.month(yy < 70 ? 2000 + yy : 1900 + yy, m), .monthNameYear) }
    if rest == 4, let y = digits(j + 1, 4) { return (.month(y, m), .monthNameYear) }
    return nil
}
