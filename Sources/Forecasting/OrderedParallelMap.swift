// SPDX-License-Identifier: GPL-3.0-or-later
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Foundation
import LinearAlgebra

/// A bounded-window, order-preserving parallel map over a stream: items are submitted one at a
/// time (e.g. each series as a streaming reader finishes it), transformed on `workers` threads,
/// and delivered back **in submission order** on the submitting thread, so that output can be
/// written as it comes while memory holds at most `window` items in flight.
///
/// - Determinism: each output depends only on its input (the transform must not share mutable
///   state), and delivery is in input order, so the delivered sequence is the same for every
///   worker count.
/// - Memory: at most `window` inputs and outputs at once (`peakInFlight` reports the most seen);
///   `submit` blocks while the window is full, until the oldest item is done and delivered.
/// - Threads: with one worker the transform runs inline on the calling thread (no threads, no
///   locks). BLAS is held to one thread while the map is in use (see `holdBLAS`). With N > 1, N
///   worker threads take items in order from a ring under one mutex (two lock round-trips per
///   item, negligible beside a model fit); results go to per-item slots. The calling thread
///   reads, submits and delivers (writes) meanwhile.
/// - Split items (`init(workers:window:parts:)`): a worker *opens* an item (e.g. parses a block of
///   input) into parts (`Opened.parts`) that every worker can then take a few at a time (e.g. the block's
///   series), oldest item first, so that no worker idles while another works through a long
///   item: the idle time at the end of the input, or behind a slow item while the window is full,
///   is about one part (parts of similar cost), whatever the item sizes. A worker claims ⌈unclaimed / 2N⌉ parts at once
///   (guided self-scheduling, Polychronopoulos & Kuck 1987, doi:10.1109/TC.1987.5009495, with
///   the halved chunks of factoring, Hummel, Schonberg & Flynn 1992, doi:10.1145/135226.135232):
///   O(N log parts) lock round-trips per item, single parts at its end. Counters `idleWaits`, `parkedNanoseconds`.
/// - Writer thread: with N > 1, `deliverOnOwnThread(_:)` moves delivery to a thread of its own,
///   so that the submitting thread only reads and submits (`submit(_:)`, `finishDelivering()`):
///   reading, modelling and writing then overlap on separate cores (for cheap models reading is
///   about half of all the work, so the reader must not also write).
/// - Complexity: O(items) scheduling; wall time ≈ max(Σ transform / N, submitting + delivering),
///   or max(Σ transform / N, submitting, delivering) with the writer thread.
///
/// statsforecast's equivalent is a `multiprocessing` pool over a materialised `GroupedArray`
/// (all series in memory, results gathered at the end); here nothing is materialised.
public final class OrderedParallelMap<Input: Sendable, Output: Sendable>: @unchecked Sendable {
    public let workers: Int
    public let window: Int
    private let opener: @Sendable (Input) -> Opened

    /// An item opened by a worker: already done, or `count` parts, which any worker may run
    /// (`run(i)`, each i once, concurrently for different i), then `result()` (once, after every
    /// part has run, on the worker that ran the last one).
    public enum Opened: Sendable {
        case done(Output)
        case parts(count: Int, run: @Sendable (Int) -> Void, result: @Sendable () -> Output)
    }

    /// An opened item with parts (guarded by `mutex`): parts `next..<count` unclaimed, `done` run.
    private final class OpenItem {
        let index: Int, count: Int
        let run: @Sendable (Int) -> Void
        let result: @Sendable () -> Output
        var next = 0, done = 0
        init(index: Int, count: Int, run: @escaping @Sendable (Int) -> Void, result: @escaping @Sendable () -> Output) {
            (self.index, self.count, self.run, self.result) = (index, count, run, result)
        }
    }

    // All below guarded by `mutex`.
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let jobReady = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private let resultReady = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var blasThreads = 0
    private var inputs: [Input?]
    private var outputs: [Output?]
    private var submitted = 0, taken = 0, delivered = 0
    private var closed = false
    private var running = 0
    private var threadsStarted = false
    private let slotFree = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    /// The writer thread's delivery, its first error, whether input has ended, whether it runs.
    private var writer: ((Output) throws -> Void)? = nil
    private var writerError: (any Error)? = nil
    private var inputEnded = false
    private var writerRunning = false
    /// Opened items whose parts are not all claimed, oldest first.
    private var opened: [OpenItem] = []
    /// Workers waiting for work, and (statistics, read after `finish`) how often a worker found
    /// none and the nanoseconds workers spent waiting for it while the map was running.
    private var idle = 0
    public private(set) var idleWaits = 0
    public private(set) var parkedNanoseconds: UInt64 = 0
    /// The most items in flight (submitted, not yet delivered) at once.
    public private(set) var peakInFlight = 0

    /// - Parameters:
    ///   - workers: threads (≥ 1); 1 runs inline.
    ///   - window: most items in flight (default 16 per worker, at least 2 per worker).
    public convenience init(workers: Int, window: Int? = nil, transform: @escaping @Sendable (Input) -> Output) {
        self.init(workers: workers, window: window, parts: { .done(transform($0)) })
    }

    /// A map whose items are split: `open` turns an item into `Opened.parts`, run by any worker
    /// (see the type's "Split items"); delivery is of whole items, in submission order.
    public init(workers: Int, window: Int? = nil, parts opener: @escaping @Sendable (Input) -> Opened) {
        precondition(workers >= 1, "workers must be ≥ 1")
        self.workers = workers
        self.window = max(window ?? 16 * workers, 2 * workers)
        self.opener = opener
        inputs = Array(repeating: nil, count: self.window)
        outputs = Array(repeating: nil, count: self.window)
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(jobReady, nil)
        pthread_cond_init(resultReady, nil)
        pthread_cond_init(slotFree, nil)
    }

    deinit {
        close()
        pthread_cond_destroy(jobReady)
        pthread_cond_destroy(resultReady)
        pthread_cond_destroy(slotFree)
        pthread_mutex_destroy(mutex)
        mutex.deallocate(); jobReady.deallocate(); resultReady.deallocate(); slotFree.deallocate()
    }

    /// Submits `x`; calls `deliver` (on this thread, in submission order) for every output that is
    /// ready, waiting first for the oldest when the window is full.
    public func submit<E: Error>(_ x: Input, deliver: (Output) throws(E) -> Void) throws(E) {
        holdBLAS()
        if workers == 1 {
            peakInFlight = 1
            try deliver(Self.runInline(opener(x)))
            return
        }
        startThreads()
        pthread_mutex_lock(mutex)
        var ready: [Output] = []
        while submitted - delivered == window {
            ready.append(waitOldest())
            if !ready.isEmpty {  // deliver outside the lock
                pthread_mutex_unlock(mutex)
                for y in ready { try deliver(y) }
                ready.removeAll(keepingCapacity: true)
                pthread_mutex_lock(mutex)
            }
        }
        inputs[submitted % window] = x
        submitted += 1
        peakInFlight = max(peakInFlight, submitted - delivered)
        pthread_cond_signal(jobReady)
        while delivered < submitted, let y = outputs[delivered % window] {
            outputs[delivered % window] = nil
            delivered += 1
            ready.append(y)
        }
        pthread_mutex_unlock(mutex)
        for y in ready { try deliver(y) }
    }

    /// Waits for every submitted item and delivers the rest, in order.
    public func finish<E: Error>(deliver: (Output) throws(E) -> Void) throws(E) {
        guard workers > 1 else { close(); return }
        while true {
            pthread_mutex_lock(mutex)
            guard delivered < submitted else { pthread_mutex_unlock(mutex); break }
            let y = waitOldest()
            pthread_mutex_unlock(mutex)
            try deliver(y)
        }
        close()
    }

    /// Stops the worker threads (pending items are dropped) and restores the BLAS thread count.
    /// `finish` calls it; call it yourself when abandoning a run (the threads hold the map).
    public func close() {
        defer { releaseBLAS() }
        guard workers > 1, threadsStarted else { return }
        pthread_mutex_lock(mutex)
        defer { threadsStarted = false }
        closed = true
        pthread_cond_broadcast(jobReady)
        pthread_cond_broadcast(resultReady)
        while running > 0 || writerRunning { pthread_cond_wait(resultReady, mutex) }
        pthread_mutex_unlock(mutex)
    }

    /// Delivers every output, in submission order, on a thread of its own (workers > 1; call before
    /// the first `submit(_:)`). `deliver` runs on that thread only, so it may keep state that no
    /// other thread touches until `finishDelivering()` returns. After it throws, nothing more is
    /// delivered and the next `submit(_:)` or `finishDelivering()` rethrows its error.
    public func deliverOnOwnThread(_ deliver: @escaping (Output) throws -> Void) {
        precondition(workers > 1 && !threadsStarted, "deliverOnOwnThread: needs workers > 1, before the first submit")
        writer = deliver
    }

    /// Submits `x` for the writer thread (see `deliverOnOwnThread(_:)`), waiting while the window
    /// is full; rethrows the writer's error, if it has stopped.
    public func submit(_ x: Input) throws {
        precondition(writer != nil, "submit(_:) without a writer: call deliverOnOwnThread first")
        holdBLAS()
        startThreads()
        pthread_mutex_lock(mutex)
        while submitted - delivered == window && writerError == nil { pthread_cond_wait(slotFree, mutex) }
        if let error = writerError { pthread_mutex_unlock(mutex); throw error }
        inputs[submitted % window] = x
        submitted += 1
        peakInFlight = max(peakInFlight, submitted - delivered)
        pthread_cond_signal(jobReady)
        pthread_mutex_unlock(mutex)
    }

    /// Ends the input, waits until the writer thread has delivered everything, stops the threads;
    /// rethrows the writer's error.
    public func finishDelivering() throws {
        precondition(writer != nil, "finishDelivering() without a writer")
        pthread_mutex_lock(mutex)
        inputEnded = true
        pthread_cond_broadcast(resultReady)
        while writerRunning { pthread_cond_wait(slotFree, mutex) }
        let error = writerError
        pthread_mutex_unlock(mutex)
        close()
        if let error { throw error }
    }

    private func writeLoop() {
        guard let deliver = writer else { return }
        pthread_mutex_lock(mutex)
        while true {
            while outputs[delivered % window] == nil && !closed && !(inputEnded && delivered == submitted) {
                pthread_cond_wait(resultReady, mutex)
            }
            guard !closed, let y = outputs[delivered % window] else { break }
            outputs[delivered % window] = nil
            delivered += 1
            pthread_cond_signal(slotFree)
            pthread_mutex_unlock(mutex)
            do { try deliver(y) } catch {
                pthread_mutex_lock(mutex)
                writerError = error
                break
            }
            pthread_mutex_lock(mutex)
        }
        writerRunning = false
        pthread_cond_broadcast(slotFree)
        pthread_cond_broadcast(resultReady)
        pthread_mutex_unlock(mutex)
    }

    /// Holds BLAS to one thread from the first item to `close`, whatever the worker count:
    /// OpenBLAS's threaded kernels sum in another order than its one-thread kernels (last-bit
    /// differences, seen in `fit --by --model lm`), so a run's results would otherwise depend on
    /// the worker count; and with several workers its own pool would oversubscribe the cores.
    private func holdBLAS() {
        guard blasThreads == 0 else { return }
        blasThreads = BLASRuntime.threadCount
        BLASRuntime.setThreadCount(1)
    }

    private func releaseBLAS() {
        guard blasThreads > 0 else { return }
        BLASRuntime.setThreadCount(blasThreads)
        blasThreads = 0
    }

    /// With the mutex held: waits until the oldest undelivered output is ready and takes it.
    private func waitOldest() -> Output {
        while outputs[delivered % window] == nil { pthread_cond_wait(resultReady, mutex) }
        let y = outputs[delivered % window]!
        outputs[delivered % window] = nil
        delivered += 1
        return y
    }

    private func startThreads() {
        guard !threadsStarted else { return }
        threadsStarted = true
        closed = false
        running = workers
        for _ in 0..<workers {
            let t = Thread { [self] in work() }
            t.stackSize = 8 << 20
            t.start()
        }
        if writer != nil {
            writerRunning = true
            Thread { [self] in writeLoop() }.start()
        }
    }

    private func work() {
        pthread_mutex_lock(mutex)
        while !closed {
            if let item = opened.first {
                // Help with the oldest opened item: ⌈unclaimed / 2N⌉ of its parts.
                let k = max(1, (item.count - item.next + 2 * workers - 1) / (2 * workers))
                let first = item.next
                item.next += k
                if item.next == item.count { opened.removeFirst() }
                pthread_mutex_unlock(mutex)
                for i in first..<(first + k) { item.run(i) }
                pthread_mutex_lock(mutex)
                item.done += k
                if item.done == item.count {
                    pthread_mutex_unlock(mutex)
                    let y = item.result()
                    pthread_mutex_lock(mutex)
                    store(y, at: item.index)
                }
                continue
            }
            if taken < submitted {
                let i = taken
                taken += 1
                let x = inputs[i % window]!
                inputs[i % window] = nil
                pthread_mutex_unlock(mutex)
                let o = opener(x)
                pthread_mutex_lock(mutex)
                switch o {
                case .done(let y): store(y, at: i)
                case .parts(let count, let run, let result):
                    if count == 0 {
                        pthread_mutex_unlock(mutex)
                        let y = result()
                        pthread_mutex_lock(mutex)
                        store(y, at: i)
                    } else {
                        opened.append(OpenItem(index: i, count: count, run: run, result: result))
                        if count > 1 && idle > 0 { pthread_cond_signal(jobReady) }
                    }
                }
                continue
            }
            idle += 1
            idleWaits += 1
            let t0 = DispatchTime.now().uptimeNanoseconds
            pthread_cond_wait(jobReady, mutex)
            parkedNanoseconds += DispatchTime.now().uptimeNanoseconds - t0
            idle -= 1
        }
        running -= 1
        pthread_cond_broadcast(resultReady)
        pthread_mutex_unlock(mutex)
    }

    /// With the mutex held: item `i`'s output is ready; wakes the deliverer when it is the oldest.
    private func store(_ y: Output, at i: Int) {
        outputs[i % window] = y
        if i == delivered { pthread_cond_broadcast(resultReady) }
    }

    /// One worker: an item's parts in order, then its result.
    private static func runInline(_ o: Opened) -> Output {
        switch o {
        case .done(let y): return y
        case .parts(let count, let run, let result):
            for i in 0..<count { run(i) }
            return result()
        }
    }
}
