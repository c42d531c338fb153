// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
import _TestSupport
@testable import Outcomes
import SeriesData

/// Strategy outcome 7, "effective treatment for a minimum of 15% of dependent drinkers"
/// (models/outcomes/alcohol-dependent-in-treatment-stoke.yaml): the bundled estimates of
/// alcohol-dependent adults are the denominator and Fingertips 93532 gives England's share;
/// the numerator (Stoke's adults in alcohol treatment, NDTMS) is a file the user adds.
/// Expected values from notebooks-data/alcohol_dependency/SOURCE.md: Stoke 3,509 dependent adults
/// in 2017/18; England 82.30641882% not in treatment in 2019/20.
struct DependentDrinkersOutcomeTests {
    static let id = "alcohol-dependent-in-treatment-stoke"
    static func spec() throws -> OutcomeSpec {
        try OutcomeSpec.load(url: TestSupport.repoRoot.appendingPathComponent("models/outcomes/\(id).yaml"))
    }

    @Test func withoutTheUserFileTheOutcomeIsNotAssessableAndSaysWhatItNeeds() throws {
        let s = try Self.spec()
        #expect(s.series.denominator?.carryForward == true && s.benchmark?.source?.complement == true)
        let a = try ProjectionEngine(root: TestSupport.repoRoot).assess(s)
        #expect(a.status == .notAssessable && a.probability == nil && a.history.isEmpty)
        #expect(a.notes.count == 1)
        #expect(a.notes[0].hasPrefix("Not assessable: needs local-data/ndtms-adults-in-alcohol-treatment.csv with columns period, area_code, adults_in_alcohol_treatment (rows with area_code = E06000021): Stoke-on-Trent's adults in alcohol treatment (NDTMS)"))
    }

    /// A TEST FIXTURE, NOT REAL DATA: invented treatment numbers written to a temporary file,
    /// to show the outcome becoming assessable once a user supplies the file.
    static func fixture(_ counts: [(String, Int)]) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("safercity-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent("TEST-FIXTURE-not-real-ndtms-adults-in-alcohol-treatment.csv")
        var text = "period,area_code,adults_in_alcohol_treatment\n"
        for (p, n) in counts { text += "\(p),E06000021,\(n)\n" }
        text += "2019/20,E06000099,999\n"  // another (invented) area: ignored by the selection
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    @Test func withTheUserFileTheDeadlineIsObservedAgainstTheCarriedForwardEstimate() throws {
        var s = try Self.spec()
        let url = try Self.fixture([("2017/18", 410), ("2018/19", 455), ("2019/20", 560)])
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        s.series.file = url.path
        let engine = ProjectionEngine(root: TestSupport.repoRoot, allowOutsideRoot: true)
        let a = try engine.assess(s)
        #expect(a.status == .met)
        #expect(a.threshold == 15)
        // 2017/18 has its own estimate; 2018/19 and 2019/20 use the 2017/18 one (3,509).
        let fy = { (y: Int) in Period.financialYear(startingIn: y) }
        expectClose(try #require(a.history[fy(2017)]), 100 * 410 / 3509, atol: 1e-12)
        expectClose(try #require(a.history[fy(2018)]), 100 * 455 / 3509, atol: 1e-12)
        expectClose(try #require(a.history[fy(2019)]), 100 * 560 / 3509, atol: 1e-12)  // 15.96%
        #expect(a.history.count == 3)
        #expect(a.account.notes.contains { $0.contains("periods after 2017/18 use the 2017/18 denominator") })
        // England from Fingertips 93532: 100 − 82.30641882 in treatment, at the deadline.
        let b = try #require(a.benchmark)
        #expect(b.period == fy(2019))
        expectClose(b.benchmarkValue, 100 - 82.30641882, atol: 1e-9)
        expectClose(b.ratio, (100 * 560 / 3509) / (100 - 82.30641882), atol: 1e-9)

        // 500 of 3,509 is 14.2%: Not met.
        let url2 = try Self.fixture([("2017/18", 410), ("2018/19", 455), ("2019/20", 500)])
        defer { try? FileManager.default.removeItem(at: url2.deletingLastPathComponent()) }
        s.series.file = url2.path
        #expect(try engine.assess(s).status == .notMet)
    }

    @Test func linkedSourcesAreConfinedToTheRoot() throws {
        var s = try Self.spec()
        s.series.denominator?.file = "/etc/passwd"
        do {
            _ = try ProjectionEngine(root: TestSupport.repoRoot).assess(s)
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("key 'series.denominator.file': '/etc/passwd' is outside the data root"))
        }
    }
}
