// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
import _TestSupport
@testable import Outcomes
import SeriesData

/// Counts disk reads by resolved path, independently of the cache's own tally.
private final class ReadCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var counts: [String: Int] = [:]
    func record(_ url: URL) { lock.withLock { counts[SourceCache.resolved(url), default: 0] += 1 } }
    var snapshot: [String: Int] { lock.withLock { counts } }
}

@Suite("Each source file read once per run")
struct SourceCacheTests {
    /// The whole bundled `assess`: every data file the specs name (series, linked denominators,
    /// benchmark sources, peers, parts, published comparisons, EES area names) comes from disk
    /// exactly once, and each reading of it (reader + options) is parsed exactly once.
    @Test func bundledRunReadsEveryFileOnce() throws {
        let counter = ReadCounter()
        let cache = SourceCache(readFile: { url in
            counter.record(url)
            return SourceCache.regularFileContents(url)
        })
        let root = TestSupport.repoRoot
        let run = try AssessmentRun.perform(models: root.appendingPathComponent("models"), root: root, asOf: nil, sources: cache)

        // Every file named by a spec that is assessed (a spec waiting for a user's file reads
        // nothing, not even its denominator or benchmark files).
        var named: [String] = []
        for a in run.assessments where a.status != .notAssessable {
            named.append(a.spec.series.file)
            if let d = a.spec.series.denominator { named.append(d.file) }
            if let b = a.spec.benchmark?.source { named.append(b.file) }
        }
        let expected = Set(named.map { root.appendingPathComponent($0) }
            .filter { FileManager.default.fileExists(atPath: $0.path) }
            .map(SourceCache.resolved))
        // The bundle shares files between specs (the ONS and DfE files are named by two specs each).
        #expect(named.count > Set(named).count)
        #expect(expected.count >= 4)

        let reads = counter.snapshot
        #expect(Set(reads.keys) == expected)
        for (path, n) in reads { #expect(n == 1, "\(path) read from disk \(n) times") }
        #expect(cache.fileReads == reads)
        let parses = cache.parses
        for (key, n) in parses { #expect(n == 1, "\(key) parsed \(n) times") }
        // Some files are read in several ways (other key columns, numerator and denominator
        // columns, raw rows for published comparisons): more readings than files, each file still
        // read from disk once.
        #expect(parses.count > reads.count)
        #expect(Set(parses.keys.map { String($0.prefix { $0 != "|" }.dropLast()) }) == expected)
    }

    /// Linked sources: the user's numerator file (a labelled TEST FIXTURE, see
    /// DependentDrinkersOutcomeTests), the bundled denominator file and the benchmark source are
    /// each read once, though the series, its counts (for intervals) and the benchmark all load them.
    @Test func linkedSourcesAreReadOnce() throws {
        var s = try DependentDrinkersOutcomeTests.spec()
        let url = try DependentDrinkersOutcomeTests.fixture([("2017/18", 410), ("2018/19", 455), ("2019/20", 560)])
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        s.series.file = url.path
        let counter = ReadCounter()
        let cache = SourceCache(readFile: { url in
            counter.record(url)
            return SourceCache.regularFileContents(url)
        })
        let engine = ProjectionEngine(root: TestSupport.repoRoot, allowOutsideRoot: true, sources: cache)
        var a = try engine.assess(s)
        #expect(a.status == .met)
        a.indicators = try engine.indicators(for: a)
        let root = TestSupport.repoRoot
        let expected = Set([SourceCache.resolved(url),
                            SourceCache.resolved(root.appendingPathComponent(try #require(s.series.denominator).file)),
                            SourceCache.resolved(root.appendingPathComponent(try #require(s.benchmark?.source).file))])
        #expect(expected.count == 3)
        let reads = counter.snapshot
        #expect(Set(reads.keys) == expected)
        for (path, n) in reads { #expect(n == 1, "\(path) read from disk \(n) times") }
        for (key, n) in cache.parses { #expect(n == 1, "\(key) parsed \(n) times") }
    }

    /// A reading through the cache gives the same panel and row account as the reader on the file.
    @Test func cachedReadingEqualsDirectRead() throws {
        let url = TestSupport.dataURL("fingertips_lape/alcohol_related_admissions.csv")
        let direct = try CSVReader(url: url).readAll()
        let cache = SourceCache()
        let first = try cache.reading(url, options: "rows") { (r) throws(SeriesDataError) in try r.readAll() }
        let second = try cache.reading(url, options: "rows") { (r) throws(SeriesDataError) in try r.readAll() }
        #expect(first.count == direct.count && first.count > 100)
        #expect(zip(first, direct).allSatisfy { $0.line == $1.line && $0.fields == $1.fields })
        #expect(second.count == first.count)
        #expect(cache.fileReads == [SourceCache.resolved(url): 1])
        #expect(cache.parses.values.reduce(0, +) == 1)
    }
}
