// SPDX-License-Identifier: GPL-3.0-or-later
// Periods and calendars: month, quarter, calendar year, UK financial year, ISO week, day.

/// The calendar frequency of a regular time series.
///
/// Ordering of the cases is from finest to coarsest; `Period`'s `Comparable`
/// conformance orders first by frequency, then by time.
public enum Frequency: Int, Sendable, Hashable, Comparable, CaseIterable, CustomStringConvertible {
    case day = 0
    case isoWeek = 1
    case month = 2
    case quarter = 3
    /// UK financial (fiscal) year, 1 April – 31 March, written "2016/17".
    case financialYear = 4
    case calendarYear = 5

    public static func < (a: Frequency, b: Frequency) -> Bool { a.rawValue < b.rawValue }

    /// The usual seasonal period (observations per year): 12 for months, 4 for
    /// quarters, 52 for ISO weeks, 7 (weekly cycle) for days, 1 for years.
    public var seasonLength: Int {
        switch self {
        case .day: 7
        case .isoWeek: 52
        case .month: 12
        case .quarter: 4
        case .financialYear, .calendarYear: 1
        }
    }

    public var description: String {
        switch self {
        case .day: "daily"
        case .isoWeek: "weekly (ISO 8601)"
        case .month: "monthly"
        case .quarter: "quarterly"
        case .financialYear: "financial year (April–March)"
        case .calendarYear: "calendar year"
        }
    }

    /// Short machine name used by the CLI and in tidy output ("month", "quarter", "fy", …).
    public var name: String {
        switch self {
        case .day: "day"
        case .isoWeek: "week"
        case .month: "month"
        case .quarter: "quarter"
        case .financialYear: "fy"
        case .calendarYear: "year"
        }
    }

    /// The frequency with this `name` ("day", "week", "month", "quarter", "fy", "year"), or nil.
    public init?(name: String) {
        guard let f = Frequency.allCases.first(where: { $0.name == name }) else { return nil }
        self = f
    }

    /// Whether every period of `self` lies inside exactly one period of `coarser`,
    /// so that aggregation `self → coarser` is well defined. Days nest in everything;
    /// ISO weeks only in weeks (a week can straddle months and years); months in
    /// quarters, calendar and financial years; quarters in calendar and financial
    /// years (financial years start on a quarter boundary, 1 April).
    public func nests(in coarser: Frequency) -> Bool {
        if self == coarser { return true }
        switch self {
        case .day: return true
        case .isoWeek: return false
        case .month: return [.quarter, .calendarYear, .financialYear].contains(coarser)
        case .quarter: return [.calendarYear, .financialYear].contains(coarser)
        case .financialYear, .calendarYear: return false
        }
    }
}

/// One period of a calendar frequency: a month, a quarter, a year, a UK financial
/// year, an ISO week or a day.
///
/// Stored as a frequency plus an integer ordinal, so arithmetic is O(1) integer
/// arithmetic:
/// - month: `12·year + (month − 1)`; quarter: `4·year + (quarter − 1)`;
/// - calendar year: the year; financial year: the year in which it *starts*
///   (2016/17 → 2016);
/// - day: days since 1970-01-01 (proleptic Gregorian);
/// - ISO week: weeks since the week starting Monday 1969-12-29.
///
/// Ordering (`Comparable`) is by frequency, then time; `distance(to:)` and
/// `advanced(by:)` require the same frequency (a precondition — mixing
/// frequencies there is a programming error).
public struct Period: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let frequency: Frequency
    public let ordinal: Int

    public init(frequency: Frequency, ordinal: Int) {
        self.frequency = frequency
        self.ordinal = ordinal
    }

    // MARK: constructors

    /// Month `month` (1–12) of `year`.
    public static func month(_ year: Int, _ month: Int) -> Period {
        precondition((1...12).contains(month), "month must be 1…12, got \(month)")
        return Period(frequency: .month, ordinal: year * 12 + month - 1)
    }
    /// Quarter `quarter` (1–4: Jan–Mar … Oct–Dec) of calendar `year`.
    public static func quarter(_ year: Int, _ quarter: Int) -> Period {
        precondition((1...4).contains(quarter), "quarter must be 1…4, got \(quarter)")
        return Period(frequency: .quarter, ordinal: year * 4 + quarter - 1)
    }
    public static func calendarYear(_ year: Int) -> Period { Period(frequency: .calendarYear, ordinal: year) }
    /// UK financial year starting 1 April `startYear` (so `financialYear(2016)` is 2016/17).
    public static func financialYear(startingIn startYear: Int) -> Period {
        Period(frequency: .financialYear, ordinal: startYear)
    }
    /// The day `year-month-day`; precondition: a valid Gregorian date.
    public static func day(_ year: Int, _ month: Int, _ day: Int) -> Period {
        precondition(isValidDate(year, month, day), "invalid date \(year)-\(month)-\(day)")
        return Period(frequency: .day, ordinal: daysFromCivil(year, month, day))
    }
    /// ISO 8601 week `week` of ISO week-year `year`; precondition: the week exists.
    public static func isoWeek(_ year: Int, _ week: Int) -> Period {
        precondition(week >= 1 && week <= isoWeeksInYear(year), "ISO year \(year) has no week \(week)")
        let monday = isoWeek1Monday(year) + (week - 1) * 7
        return Period(frequency: .isoWeek, ordinal: floorDiv(monday - isoWeekEpochMonday, 7))
    }

    /// The period of frequency `frequency` that contains the day `dayOrdinal`
    /// (days since 1970-01-01).
    public init(containingDay dayOrdinal: Int, frequency: Frequency) {
        self.frequency = frequency
        switch frequency {
        case .day:
            ordinal = dayOrdinal
        case .isoWeek:
            ordinal = floorDiv(dayOrdinal - isoWeekEpochMonday, 7)
        case .month, .quarter, .calendarYear, .financialYear:
            let (y, m, _) = civilFromDays(dayOrdinal)
            switch frequency {
            case .month: ordinal = y * 12 + m - 1
            case .quarter: ordinal = y * 4 + (m - 1) / 3
            case .calendarYear: ordinal = y
            default: ordinal = m >= 4 ? y : y - 1
            }
        }
    }

    /// The period of `frequency` containing this period; precondition:
    /// `self.frequency.nests(in: frequency)`.
    public func containing(in frequency: Frequency) -> Period {
        precondition(self.frequency.nests(in: frequency),
                     "\(self.frequency) periods do not nest in \(frequency) periods")
        return Period(containingDay: firstDay, frequency: frequency)
    }

    // MARK: calendar fields

    /// First day (days since 1970-01-01).
    public var firstDay: Int {
        switch frequency {
        case .day: return ordinal
        case .isoWeek: return isoWeekEpochMonday + ordinal * 7
        case .month:
            let (y, m) = floorDivMod(ordinal, 12)
            return daysFromCivil(y, m + 1, 1)
        case .quarter:
            let (y, q) = floorDivMod(ordinal, 4)
            return daysFromCivil(y, 3 * q + 1, 1)
        case .calendarYear: return daysFromCivil(ordinal, 1, 1)
        case .financialYear: return daysFromCivil(ordinal, 4, 1)
        }
    }
    /// Last day (days since 1970-01-01), inclusive.
    public var lastDay: Int { advanced(by: 1).firstDay - 1 }

    /// Number of days in the period.
    public var dayCount: Int { lastDay - firstDay + 1 }

    /// Calendar year of the first day (for a financial year, the starting year;
    /// for an ISO week, the ISO week-year).
    public var year: Int {
        switch frequency {
        case .isoWeek: return isoWeekDate.year
        case .financialYear, .calendarYear: return ordinal
        case .month: return floorDiv(ordinal, 12)
        case .quarter: return floorDiv(ordinal, 4)
        case .day: return civilFromDays(ordinal).year
        }
    }

    /// (ISO week-year, week number) of an ISO week period, or of the week containing a day.
    public var isoWeekDate: (year: Int, week: Int) {
        let monday = Period(containingDay: firstDay, frequency: .isoWeek).firstDay
        let thursday = monday + 3
        let y = civilFromDays(thursday).year
        return (y, (monday - isoWeek1Monday(y)) / 7 + 1)
    }

    // MARK: arithmetic

    /// The period `n` steps later (earlier when negative). O(1).
    public func advanced(by n: Int) -> Period { Period(frequency: frequency, ordinal: ordinal + n) }

    /// Number of steps from `self` to `other` (`other.ordinal − self.ordinal`);
    /// precondition: same frequency.
    public func distance(to other: Period) -> Int {
        precondition(frequency == other.frequency,
                     "distance between \(frequency) and \(other.frequency) periods is undefined")
        return other.ordinal - ordinal
    }

    public static func < (a: Period, b: Period) -> Bool {
        a.frequency != b.frequency ? a.frequency < b.frequency : a.ordinal < b.ordinal
    }

    // MARK: formatting

    /// Canonical text: "2017-03", "2017 Q1", "2017", "2016/17", "2017-W09", "2017-03-31".
    /// Every canonical form parses back to the same period with `Period(parsing:)`.
    public var description: String {
        switch frequency {
        case .month:
            let (y, m) = floorDivMod(ordinal, 12)
            return "\(pad(y, 4))-\(pad(m + 1, 2))"
        case .quarter:
            let (y, q) = floorDivMod(ordinal, 4)
            return "\(pad(y, 4)) Q\(q + 1)"
        case .calendarYear:
            return pad(ordinal, 4)
        case .financialYear:
            return "\(pad(ordinal, 4))/\(pad(floorDivMod(ordinal + 1, 100).1, 2))"
        case .isoWeek:
            let (y, w) = isoWeekDate
            return "\(pad(y, 4))-W\(pad(w, 2))"
        case .day:
            let (y, m, d) = civilFromDays(ordinal)
            return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
        }
    }
}

/// Typed views of `Period` for code that wants the frequency in the type
/// (e.g. `FinancialYear(containing: month)`). Each wraps a `Period`.
public protocol CalendarPeriod: Hashable, Comparable, Sendable, CustomStringConvertible {
    static var frequency: Frequency { get }
    var period: Period { get }
    init(unchecked period: Period)
}

extension CalendarPeriod {
    /// Wraps `period`; nil when its frequency is not `Self.frequency`.
    public init?(_ period: Period) {
        guard period.frequency == Self.frequency else { return nil }
        self.init(unchecked: period)
    }
    public static func < (a: Self, b: Self) -> Bool { a.period < b.period }
    public var description: String { period.description }
    public func advanced(by n: Int) -> Self { Self(unchecked: period.advanced(by: n)) }
    public func distance(to other: Self) -> Int { period.distance(to: other.period) }
}

public struct Month: CalendarPeriod {
    public static let frequency = Frequency.month
    public let period: Period
    public init(unchecked period: Period) { self.period = period }
    public init(year: Int, month: Int) { period = .month(year, month) }
    public var month: Int { floorDivMod(period.ordinal, 12).1 + 1 }
    public var year: Int { period.year }
}

public struct Quarter: CalendarPeriod {
    public static let frequency = Frequency.quarter
    public let period: Period
    public init(unchecked period: Period) { self.period = period }
    public init(year: Int, quarter: Int) { period = .quarter(year, quarter) }
    public init(containing month: Month) { period = month.period.containing(in: .quarter) }
    public var quarter: Int { floorDivMod(period.ordinal, 4).1 + 1 }
    public var year: Int { period.year }
}

public struct CalendarYear: CalendarPeriod {
    public static let frequency = Frequency.calendarYear
    public let period: Period
    public init(unchecked period: Period) { self.period = period }
    public init(_ year: Int) { period = .calendarYear(year) }
    public init(containing month: Month) { period = month.period.containing(in: .calendarYear) }
    public var year: Int { period.ordinal }
}

/// UK financial year, 1 April – 31 March, written "2016/17" (starts April 2016).
/// The rule: a month belongs to the financial year starting in April of the same
/// calendar year if the month is April–December, else of the previous year.
public struct FinancialYear: CalendarPeriod {
    public static let frequency = Frequency.financialYear
    public let period: Period
    public init(unchecked period: Period) { self.period = period }
    public init(startingIn year: Int) { period = .financialYear(startingIn: year) }
    /// The financial year containing `month` (March 2017 → 2016/17; April 2017 → 2017/18).
    public init(containing month: Month) { period = month.period.containing(in: .financialYear) }
    /// The financial year containing the day.
    public init(containing day: Day) { period = day.period.containing(in: .financialYear) }
    public var startYear: Int { period.ordinal }
    /// The twelve months April…March.
    public var months: [Month] {
        (0..<12).map { Month(unchecked: Period(frequency: .month, ordinal: startYear * 12 + 3 + $0)) }
    }
}

public struct ISOWeek: CalendarPeriod {
    public static let frequency = Frequency.isoWeek
    public let period: Period
    public init(unchecked period: Period) { self.period = period }
    public init(year: Int, week: Int) { period = .isoWeek(year, week) }
    public init(containing day: Day) { period = day.period.containing(in: .isoWeek) }
    public var year: Int { period.isoWeekDate.year }
    public var week: Int { period.isoWeekDate.week }
}

public struct Day: CalendarPeriod {
    public static let frequency = Frequency.day
    public let period: Period
    public init(unchecked period: Period) { self.period = period }
    public init(year: Int, month: Int, day: Int) { period = .day(year, month, day) }
    public var components: (year: Int, month: Int, day: Int) { civilFromDays(period.ordinal) }
}

// MARK: - calendar arithmetic (internal)

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
/// `days_from_civil`, http://howardhinnant.github.io/date_algorithms.html).
@inline(__always)
func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
    let y = m <= 2 ? y0 - 1 : y0
    let era = floorDiv(y, 400)
    let yoe = y - era * 400
    let mp = (m + 9) % 12
    let doy = (153 * mp + 2) / 5 + d - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146097 + doe - 719468
}

/// Inverse of `daysFromCivil` (Hinnant's `civil_from_days`).
func civilFromDays(_ z0: Int) -> (year: Int, month: Int, day: Int) {
    let z = z0 + 719468
    let era = floorDiv(z, 146097)
    let doe = z - era * 146097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
}

func isLeapYear(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

func daysInMonth(_ y: Int, _ m: Int) -> Int {
    switch m {
    case 2: isLeapYear(y) ? 29 : 28
    case 4, 6, 9, 11: 30
    default: 31
    }
}

func isValidDate(_ y: Int, _ m: Int, _ d: Int) -> Bool {
    (1...12).contains(m) && d >= 1 && d <= daysInMonth(y, m)
}

/// Monday 1969-12-29, the epoch of ISO-week ordinals.
let isoWeekEpochMonday = -3

/// Weekday 0 = Monday … 6 = Sunday of a day ordinal (1970-01-01 was a Thursday).
func isoWeekday(_ day: Int) -> Int { floorDivMod(day + 3, 7).1 }

/// Monday of ISO week 1 of ISO year `y` (the week containing 4 January).
func isoWeek1Monday(_ y: Int) -> Int {
    let jan4 = daysFromCivil(y, 1, 4)
    return jan4 - isoWeekday(jan4)
}

func isoWeeksInYear(_ y: Int) -> Int { (isoWeek1Monday(y + 1) - isoWeek1Monday(y)) / 7 }

@inline(__always) func floorDiv(_ a: Int, _ b: Int) -> Int { floorDivMod(a, b).0 }
@inline(__always) func floorDivMod(_ a: Int, _ b: Int) -> (Int, Int) {
    let q = a / b, r = a % b
    return r != 0 && (r < 0) != (b < 0) ? (q - 1, r + b) : (q, r)
}

func pad(_ n: Int, _ width: Int) -> String {
    let s = String(abs(n))
    let p = s.count < width ? String(repeating: "0", count: width - s.count) + s : s
    return n < 0 ? "-" + p : p
}
