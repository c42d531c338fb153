// SPDX-License-Identifier: GPL-3.0-or-later
import SeriesData

/// The calendar of a regularly spaced series, as much as a regression design needs: the period of
/// the first observation, from which follow the seasonal cycle (12 months, 4 quarters, 1 for years),
/// each observation's season and the periods' names. All calendar arithmetic, labels and parsing
/// are `SeriesData.Period`'s: labels are its canonical forms (`2017-03`, `2017 Q1`, `2017`,
/// `2016/17` for the UK financial year April–March), and any form `Period(parsing:)` accepts names
/// a period (`2017-Q1`, `Mar-17`, …).
///
/// Models take plain `[Double]` plus this calendar; monthly, quarterly and annual series only
/// (weekly and daily series have no seasonal regression design here).
public struct SeriesCalendar: Sendable, Equatable {
    /// Period of observation 0.
    public let start: Period

    /// The calendar of a series whose first observation is `start`.
    /// - Throws: `.invalidPeriod` for weekly and daily periods.
    public init(startingAt start: Period) throws(RegressionError) {
        switch start.frequency {
        case .month, .quarter, .calendarYear, .financialYear: self.start = start
        default:
            throw .invalidPeriod(start.description, expected: "a monthly, quarterly or annual series (got \(start.frequency.name))")
        }
    }

    private init(unchecked start: Period) { self.start = start }

    public static func monthly(startYear: Int, startMonth: Int) -> SeriesCalendar {
        precondition((1...12).contains(startMonth), "startMonth must be in 1…12")
        return SeriesCalendar(unchecked: .month(startYear, startMonth))
    }
    public static func quarterly(startYear: Int, startQuarter: Int) -> SeriesCalendar {
        precondition((1...4).contains(startQuarter), "startQuarter must be in 1…4")
        return SeriesCalendar(unchecked: .quarter(startYear, startQuarter))
    }
    public static func calendarYears(startingIn year: Int) -> SeriesCalendar { SeriesCalendar(unchecked: .calendarYear(year)) }
    /// UK financial years, the first one starting in April of `year`.
    public static func financialYears(startingIn year: Int) -> SeriesCalendar {
        SeriesCalendar(unchecked: .financialYear(startingIn: year))
    }

    /// Periods per seasonal cycle (12, 4 or 1).
    public var frequency: Int { start.frequency.seasonLength }

    /// Season (1-based: month or quarter of the year; 1 for years) of observation `index`
    /// (0-based; may run past the data).
    public func season(at index: Int) -> Int {
        ((start.ordinal + index) % frequency + frequency) % frequency + 1
    }

    /// The period of observation `index` (0-based).
    public func period(at index: Int) -> Period { start.advanced(by: index) }

    /// The canonical label of observation `index` (0-based), e.g. "2019-03", "2019 Q1", "2018/19".
    public func label(at index: Int) -> String { period(at: index).description }

    /// The 0-based observation index of the period `label` names (it may lie outside the data).
    public func index(of label: String) throws(RegressionError) -> Int {
        guard let (p, _) = Period.parse(label), p.frequency == start.frequency else {
            throw .invalidPeriod(label, expected: "a \(start.frequency) period such as \(start.description)")
        }
        return start.distance(to: p)
    }
}
