// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
@testable import Forecasting

/// The bounded-window ordered parallel map: outputs in submission order whatever the worker
/// count and the transform's uneven cost, with no more than `window` items in flight.
struct OrderedParallelMapTests {
    /// Uneven work: item i spins for a cost that varies with i, so later items often finish first.
    @Sendable static func work(_ i: Int) -> Double {
        var x = Double(i)
        for k in 0..<((i * 7919) % 5000) { x = (x * 1.000001 + Double(k)).truncatingRemainder(dividingBy: 1e6) }
        return x
    }

    @Test("1, 2 and 3 workers deliver the same outputs in input order", arguments: [1, 2, 3])
    func orderAndDeterminism(workers: Int) throws {
        let map = OrderedParallelMap<Int, Double>(workers: workers, window: 8, transform: Self.work)
        var out: [Double] = []
        for i in 0..<2000 { map.submit(i) { out.append($0) } }
        map.finish { out.append($0) }
        #expect(out == (0..<2000).map(Self.work))
        #expect(map.peakInFlight <= 8)
        #expect(map.peakInFlight >= 1)
    }

    /// A split item: item i has (i * 37) % 23 parts (0 to 22), part j computes work(i * 100 + j).
    final class Split: @unchecked Sendable {
        let i: Int
        let results: UnsafeMutablePointer<Double>
        let count: Int
        init(_ i: Int) {
            self.i = i
            count = (i * 37) % 23
            results = .allocate(capacity: max(count, 1))
        }
        deinit { results.deallocate() }
        static func expected(_ i: Int) -> [Double] { (0..<((i * 37) % 23)).map { OrderedParallelMapTests.work(i * 100 + $0) } }
    }

    @Test("split items (0 to 22 parts each): 1, 2 and 3 workers, inline or with a writer thread, deliver every item whole and in order", arguments: [1, 2, 3])
    func splitItems(workers: Int) throws {
        let map = OrderedParallelMap<Int, [Double]>(workers: workers, window: 6, parts: { i in
            let s = Split(i)
            return .parts(count: s.count, run: { s.results[$0] = OrderedParallelMapTests.work(i * 100 + $0) },
                          result: { Array(UnsafeBufferPointer(start: s.results, count: s.count)) })
        })
        var out: [[Double]] = []
        for i in 0..<300 { map.submit(i) { out.append($0) } }
        map.finish { out.append($0) }
        #expect(out == (0..<300).map(Split.expected))
        #expect(map.peakInFlight <= 6)
    }

    @Test("one long split item is shared by both workers: no worker idles while the other works through it")
    func longItemShared() throws {
        final class Threads: @unchecked Sendable {
            let lock = NSLock()
            var seen = Set<String>()
            func note() { lock.lock(); seen.insert("\(pthread_self())"); lock.unlock() }
        }
        let threads = Threads()
        // 64 parts of about 2 ms each: one worker alone would take them all in a whole-item map.
        let map = OrderedParallelMap<Int, Int>(workers: 2, window: 4, parts: { _ in
            .parts(count: 64, run: { j in
                threads.note()
                let t0 = DispatchTime.now().uptimeNanoseconds
                var x = Double(j)
                while DispatchTime.now().uptimeNanoseconds - t0 < 2_000_000 { x = (x * 1.000001).truncatingRemainder(dividingBy: 1e6) }
                _ = x
            }, result: { 64 })
        })
        final class Sink: @unchecked Sendable { var out: [Int] = [] }
        let sink = Sink()
        map.deliverOnOwnThread { sink.out.append($0) }
        try map.submit(0)
        try map.finishDelivering()
        #expect(sink.out == [64])
        #expect(threads.seen.count == 2, "parts ran on \(threads.seen.count) thread(s)")
    }

    @Test("an error thrown while delivering stops the run and close() ends the threads")
    func deliveryError() throws {
        struct Stop: Error {}
        let map = OrderedParallelMap<Int, Int>(workers: 2, window: 4) { $0 * 2 }
        var got: [Int] = []
        #expect(throws: Stop.self) {
            for i in 0..<100 { try map.submit(i) { (v: Int) throws(Stop) in if v == 20 { throw Stop() }; got.append(v) } }
        }
        map.close()
        #expect(got == (0..<10).map { $0 * 2 })
    }

    @Test("with a writer thread, 2 and 3 workers deliver the same outputs in input order", arguments: [2, 3])
    func writerThreadOrder(workers: Int) throws {
        let map = OrderedParallelMap<Int, Double>(workers: workers, window: 8, transform: Self.work)
        final class Sink: @unchecked Sendable { var out: [Double] = []; var onSubmitter = 0 }
        let sink = Sink()
        let submitter = pthread_self()
        map.deliverOnOwnThread { sink.out.append($0); if pthread_equal(pthread_self(), submitter) != 0 { sink.onSubmitter += 1 } }
        for i in 0..<2000 { try map.submit(i) }
        try map.finishDelivering()
        #expect(sink.out == (0..<2000).map(Self.work))
        #expect(map.peakInFlight <= 8)
        #expect(sink.onSubmitter == 0)  // delivered off the submitting thread
    }

    @Test("a writer-thread error stops the run: submit or finishDelivering rethrows it, nothing after it is delivered")
    func writerThreadError() throws {
        struct Stop: Error {}
        let map = OrderedParallelMap<Int, Int>(workers: 2, window: 4) { $0 * 2 }
        final class Sink: @unchecked Sendable { var got: [Int] = [] }
        let sink = Sink()
        map.deliverOnOwnThread { v in if v == 20 { throw Stop() }; sink.got.append(v) }
        #expect(throws: Stop.self) {
            for i in 0..<100 { try map.submit(i) }
            try map.finishDelivering()
        }
        map.close()
        #expect(sink.got == (0..<10).map { $0 * 2 })
    }
}
