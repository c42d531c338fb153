import SeriesData

/// The calendar of a regularly spaced series, as much as a regression design needs: how many
/// periods make a seasonal cycle, where the series starts in that cycle, and how periods are named.
///
/// Kept independent of `SeriesData.TimeSeries` so models take plain `[Double]`; the CLI converts.
/// Period labels: monthly `YYYY-MM`, quarterly `YYYY-Qn`, calendar years `YYYY`, UK financial years
/// `YYYY/YY` (April–March, labelled by the starting year, as Fingertips and ONS do).
public struct SeriesCalendar: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case monthly, quarterly, calendarYear, financialYear
    }
    public let kind: Kind
    /// Year of the first observation (for financial years, the year the first one starts).
    public let startYear: Int
    /// 1-based position of the first observation within its year (month 1…12, quarter 1…4; 1 for years).
    public let startSeason: Int

    public init(_ kind: Kind, startYear: Int, startSeason: Int = 1) {
        let f = kind == .monthly ? 12 : kind == .quarterly ? 4 : 1
        precondition((1...f).contains(startSeason), "startSeason must be in 1…\(f)")
        self.kind = kind
        self.startYear = startYear
        self.startSeason = startSeason
    }

    public static func monthly(startYear: Int, startMonth: Int) -> SeriesCalendar {
        SeriesCalendar(.monthly, startYear: startYear, startSeason: startMonth)
    }
    public static func quarterly(startYear: Int, startQuarter: Int) -> SeriesCalendar {
        SeriesCalendar(.quarterly, startYear: startYear, startSeason: startQuarter)
    }

    /// Periods per seasonal cycle (12, 4 or 1).
    public var frequency: Int {
        switch kind {
        case .monthly: 12
        case .quarterly: 4
        case .calendarYear, .financialYear: 1
        }
    }

    /// Season (1-based: month or quarter) of observation `index` (0-based; may run past the data).
    public func season(at index: Int) -> Int {
        ((startSeason - 1 + index) % frequency + frequency) % frequency + 1
    }

    /// The label of observation `index` (0-based).
    public func label(at index: Int) -> String {
        let absolute = startYear * frequency + (startSeason - 1) + index
        let year = absolute >= 0 ? absolute / frequency : (absolute - frequency + 1) / frequency
        let pos = absolute - year * frequency + 1
        switch kind {
        case .monthly: return "\(pad(year, 4))-\(pad(pos, 2))"
        case .quarterly: return "\(pad(year, 4))-Q\(pos)"
        case .calendarYear: return pad(year, 4)
        case .financialYear: return "\(pad(year, 4))/\(pad((year + 1) % 100, 2))"
        }
    }

    /// The 0-based observation index of a label in this calendar's format (it may lie outside the data).
    public func index(of label: String) throws(RegressionError) -> Int {
        let expected: String
        var year: Int? = nil, pos = 1
        let parts = label.split(separator: kind == .financialYear ? "/" : "-", omittingEmptySubsequences: false)
        switch kind {
        case .monthly:
            expected = "a month YYYY-MM"
            if parts.count == 2, parts[0].count == 4, let y = Int(parts[0]), let m = Int(parts[1]), (1...12).contains(m) {
                year = y; pos = m
            }
        case .quarterly:
            expected = "a quarter YYYY-Qn (or YYYY Qn)"
            let qp = label.contains(" ") ? label.split(separator: " ", omittingEmptySubsequences: false) : parts
            if qp.count == 2, qp[0].count == 4, let y = Int(qp[0]), qp[1].count == 2, qp[1].first == "Q",
               let q = Int(qp[1].dropFirst()), (1...4).contains(q) {
                year = y; pos = q
            }
        case .calendarYear:
            expected = "a year YYYY"
            if parts.count == 1, parts[0].count == 4, let y = Int(parts[0]) { year = y }
        case .financialYear:
            expected = "a financial year YYYY/YY"
            if parts.count == 2, parts[0].count == 4, let y = Int(parts[0]), let e = Int(parts[1]), parts[1].count == 2,
               e == (y + 1) % 100 {
                year = y
            }
        }
        guard let y = year else { throw .invalidPeriod(label, expected: expected) }
        return (y - startYear) * frequency + (pos - startSeason)
    }

    /// The calendar of a `SeriesData` series starting at `start` (monthly, quarterly, calendar or
    /// financial years; weekly and daily series have no regression calendar here).
    public init(startingAt start: Period) throws(RegressionError) {
        let o = start.ordinal
        func floorDiv(_ a: Int, _ b: Int) -> Int { a >= 0 ? a / b : (a - b + 1) / b }
        switch start.frequency {
        case .month: self.init(.monthly, startYear: floorDiv(o, 12), startSeason: o - 12 * floorDiv(o, 12) + 1)
        case .quarter: self.init(.quarterly, startYear: floorDiv(o, 4), startSeason: o - 4 * floorDiv(o, 4) + 1)
        case .calendarYear: self.init(.calendarYear, startYear: o)
        case .financialYear: self.init(.financialYear, startYear: o)
        default:
            throw .invalidPeriod(start.description, expected: "a monthly, quarterly or annual series (got \(start.frequency.name))")
        }
    }

    private func pad(_ v: Int, _ width: Int) -> String {
        let s = String(abs(v))
        return (v < 0 ? "-" : "") + String(repeating: "0", count: max(0, width - s.count)) + s
    }
}
