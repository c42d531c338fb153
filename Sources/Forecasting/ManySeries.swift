// SPDX-License-Identifier: GPL-3.0-or-later
import Dispatch
import Foundation
import LinearAlgebra

extension ForecastModelSpec {
    /// Fits this model to every series and forecasts `horizon` steps ahead of each, on up to
    /// `threads` threads (default: every active processor) — the "every area × crime type" case.
    ///
    /// Results are in input order and identical to fitting the series one at a time: each fit is
    /// independent and deterministic (simulated intervals use their own fixed seed), so the thread
    /// count changes only the wall-clock time. The series go through an `OrderedParallelMap` (the
    /// engine of the streaming `--by` runs), which hands them out in order to `threads` workers and
    /// holds BLAS to one thread per worker meanwhile.
    /// - Parameters:
    ///   - periods: the seasonal period of each series (same count as `series`).
    /// - Complexity: the sum of the single-series costs, divided among `threads`.
    public func fitAndForecastEach(_ series: [[Double]], periods: [Int], horizon: Int, levels: [Double],
                                   threads: Int = ProcessInfo.processInfo.activeProcessorCount)
        -> [Result<(fitted: Fitted, forecast: Forecast), ForecastingError>] {
        precondition(series.count == periods.count, "one period per series")
        precondition(threads >= 1, "threads must be ≥ 1")
        typealias Outcome = Result<(fitted: Fitted, forecast: Forecast), ForecastingError>
        let map = OrderedParallelMap<(values: [Double], period: Int), Outcome>(workers: max(1, min(threads, series.count))) { s in
            Result { () throws(ForecastingError) in
                let fitted = try self.fit(s.values, period: s.period)
                return (fitted, try fitted.forecast(horizon: horizon, levels: levels))
            }
        }
        var results: [Outcome] = []
        results.reserveCapacity(series.count)
        for (values, period) in zip(series, periods) { map.submit((values, period)) { results.append($0) } }
        map.finish { results.append($0) }
        return results
    }
}
