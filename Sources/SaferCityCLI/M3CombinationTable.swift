// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import M3Evaluation
import SaferCity

extension M3EvalCommand {
    /// The issue-13 table: members, the default combination (median) and the previous default
    /// (mean) with interval coverage and the scaled Winkler score (``M3IntervalEvaluation``).
    func printCombinationTable(_ data: M3Subset) {
        let r = M3IntervalEvaluation.run(data, limit: limit > 0 ? limit : nil,
                                         conformalWindows: conformalWindows > 0 ? conformalWindows : nil,
                                         pooledWindows: pooledWindows > 0 ? pooledWindows : nil,
                                         threads: jobs)
        print("\nmethod                                      sMAPE     MASE  cover80  cover95  Winkler80  Winkler95  series")
        for name in r.methods {
            let m = r.mean(name)
            print(name.padding(toLength: 40, withPad: " ", startingAt: 0)
                  + String(format: "%9.3f %8.3f %8.1f %8.1f %10.3f %10.3f %7d", m.smape, m.mase, m.coverage80, m.coverage95,
                           m.winkler80, m.winkler95, m.count))
        }
        print("(coverage in % of test values; Winkler scores divided by the in-sample mean absolute seasonal difference, as MASE)")
        print("(Combo median: `combo`, the default since 2026-11-30 22:50 UTC; Combo mean: combo:ets+auto.arima+ces+dotm:mean, "
              + "the previous default; both from the same member fits, intervals with equal weights; mixture intervals widened "
              + "for trend estimation as the library does since 2026-12-01, 'not widened': combo:nowiden)")
        let fits = M3IntervalEvaluation.members.map { "\($0) " + String(format: "%.1f s", r.fitSeconds[$0] ?? 0) }
        print("fit time summed over series: " + fits.joined(separator: ", ")
              + " (fit + forecast with 80/95% intervals, \(jobs) thread\(jobs == 1 ? "" : "s"))")
        print("BLAS: \(BLASRuntime.coreName), \(BLASRuntime.threadCount) thread(s)")
    }
}
