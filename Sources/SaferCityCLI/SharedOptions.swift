// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser
import Foundation
import SaferCity

// Options and checks that several commands declared alike, declared once with the same flags,
// names, defaults and help text (so `--help` is unchanged). A group's `check()` is called from the
// command's `validate()` where the command checked that option before: a `validate()` on the group
// would run before the command's own checks and change which of several errors is reported first.

/// `--period` of `forecast` and `backtest`: the seasonal period, by default the series' own.
struct SeasonalPeriodOption: ParsableArguments {
    @Option(help: "Seasonal period (1…\(Limits.seasonalPeriod); default: the series' own: 12 monthly, 4 quarterly, 1 yearly).")
    var period: Int?

    func check() throws {
        if let period { try Limits.check(period, option: "period", in: 1...Limits.seasonalPeriod) }
    }

    /// `--period`, else the season length of the series' frequency (12 monthly, 4 quarterly, 1 yearly).
    func period(startingAt start: Period) -> Int { period ?? start.frequency.seasonLength }
}

/// `--jobs` of `fit` and `backtest`: threads for `--by`. (`forecast` and `m3-eval` word theirs
/// differently, so they keep their own declarations; `forecast` shares the check.)
struct ByJobsOption: ParsableArguments {
    @Option(help: "Threads for --by (1…\(Limits.jobs); default: one per processor of the machine running it). Results do not depend on it.")
    var jobs: Int?

    func check() throws { try Limits.checkJobs(jobs) }
}

extension Limits {
    /// Throws unless `--jobs` (when given) is 1…`Limits.jobs`.
    static func checkJobs(_ jobs: Int?) throws {
        if let jobs { try check(jobs, option: "jobs", in: 1...Limits.jobs) }
    }

    /// The threads a `--jobs` value asks for: it, else one per processor of the machine.
    static func threads(_ jobs: Int?) -> Int { jobs ?? ProcessInfo.processInfo.activeProcessorCount }
}

/// Throws unless `--by` (when given) names at least one key column (`fit`, `forecast`, `backtest`).
func checkKeyColumns(by: String?) throws {
    if let by, keyList(by).allSatisfy(\.isEmpty) {
        throw ValidationError("--by needs one or more key column names, e.g. --by area,crime_type")
    }
}

/// `--levels` of `forecast` and `reconcile`: comma-separated percentages strictly between 0 and 100.
enum PercentLevels {
    static func parse(_ levels: String) throws -> [Double] {
        guard levels.contains(where: { $0 != "," && $0 != " " }) else {
            throw ValidationError("--levels lists no level; give percentages such as 80,95")
        }
        return try levels.split(separator: ",").map { part in
            guard let v = Double(part.trimmingCharacters(in: .whitespaces)), v > 0, v < 100 else {
                throw ValidationError("--levels: '\(part)' is not a percentage strictly between 0 and 100")
            }
            return v
        }
    }
}
