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
    /// count changes only the wall-clock time. Series are handed out one at a time from a shared
    /// counter, so a few slow series do not idle the other threads. While several threads run,
    /// BLAS is held to one thread (`BLASRuntime`), so the two thread pools do not oversubscribe.
    /// - Parameters:
    ///   - periods: the seasonal period of each series (same count as `series`).
    /// - Complexity: the sum of the single-series costs, divided among `threads`.
    public func fitAndForecastEach(_ series: [[Double]], periods: [Int], horizon: Int, levels: [Double],
                                   threads: Int = ProcessInfo.processInfo.activeProcessorCount)
        -> [Result<(fitted: Fitted, forecast: Forecast), ForecastingError>] {
        precondition(series.count == periods.count, "one period per series")
        precondition(threads >= 1, "threads must be ≥ 1")
        let board = WorkBoard<Result<(fitted: Fitted, forecast: Forecast), ForecastingError>>(count: series.count)
        let work: @Sendable (Int) -> Void = { _ in
            while let i = board.take() {
                board.store(i, Result { () throws(ForecastingError) in
                    let fitted = try self.fit(series[i], period: periods[i])
                    return (fitted, try fitted.forecast(horizon: horizon, levels: levels))
                })
            }
        }
        let workers = min(threads, series.count)
        if workers <= 1 { work(0) } else {
            // One BLAS thread per worker: OpenBLAS's own pool would otherwise oversubscribe the
            // cores (models that use BLAS: ARIMA's regression, the unit-root tests).
            let blasThreads = BLASRuntime.threadCount
            BLASRuntime.setThreadCount(1)
            defer { BLASRuntime.setThreadCount(blasThreads) }
            DispatchQueue.concurrentPerform(iterations: workers, execute: work)
        }
        return board.results()
    }
}

/// Hands out the indices 0..<count one at a time and collects one result per index, from several
/// threads: the index counter is taken under a lock; each result slot is written by the one
/// thread that took its index, and read only after every worker has returned.
final class WorkBoard<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var nextIndex = 0
    private var slots: [Value?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func take() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard nextIndex < slots.count else { return nil }
        nextIndex += 1
        return nextIndex - 1
    }

    func store(_ i: Int, _ value: Value) {
        lock.lock()
        defer { lock.unlock() }
        slots[i] = value
    }

    func results() -> [Value] { slots.map { $0! } }
}
