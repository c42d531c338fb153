// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser
import SaferCity

/// Upper bounds on the size options, so that a mistyped value (an extra zero or three) is a
/// clear error rather than a run that allocates gigabytes or never finishes. Each bound is
/// stated in the option's `--help` and in the error.
enum Limits {
    /// Forecast steps ahead (`forecast`, `fit`, `backtest`): 2000 is over 5 years of a daily
    /// series, 38 years of a weekly one and 166 years of a monthly one.
    static let horizon = 2000
    /// Simulated paths for count-model intervals (`fit --simulations`).
    static let simulations = 1_000_000
    /// Simulated values held at once (`--simulations` × `--horizon`): 20 million doubles, 160 MB.
    static let simulatedValues = 20_000_000
    /// Points per limit curve (`funnel --curve`).
    static let curvePoints = 100_000
    /// Seasonal period (`--period`): a year of days is 365; anything longer is a typo.
    static let seasonalPeriod = 1000
    /// Worker threads (`forecast --jobs`).
    static let jobs = 256

    /// Largest share of a file's rows that may be rejected before a run stops (without
    /// `--allow-rejects`): above it, the file or the column choice is more likely wrong than the rows.
    static let rejectedShare = 0.5

    /// Throws when more than `rejectedShare` of the rows read were rejected and `allow` is false.
    static func checkRejections(_ account: RowAccount, file: String, allow: Bool) throws {
        guard !allow, account.rowsRead > 0,
              Double(account.rowsRejected) > rejectedShare * Double(account.rowsRead) else { return }
        let pct = Int((100 * Double(account.rowsRejected) / Double(account.rowsRead)).rounded())
        throw InputFailure(description: "\(file): \(account.rowsRejected) of \(account.rowsRead) rows (\(pct)%) were rejected, more than \(Int(rejectedShare * 100))%; stopping (see the row account above for why). Check the file and the column options, or pass --allow-rejects to go on with the \(account.rowsUsed) rows that were read")
    }

    /// Throws unless `lower ≤ value ≤ upper`, naming the option, the value and the range.
    static func check(_ value: Int, option: String, in range: ClosedRange<Int>, why: String = "") throws {
        guard range.contains(value) else {
            throw ValidationError("--\(option) must be between \(range.lowerBound) and \(range.upperBound)\(why), got \(value)")
        }
    }
}
