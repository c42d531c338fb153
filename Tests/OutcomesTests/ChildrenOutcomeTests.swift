// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
import _TestSupport
@testable import Outcomes
@testable import SeriesData

/// Strategy outcome 6 measured by the DfE proxy (models/outcomes/children-parental-substance-misuse-stoke.yaml):
/// CIN assessments with parental alcohol misuse identified, Stoke-on-Trent, from the EES table C3.
/// Expected values are read off the CSV by hand (notebooks-data/dfe_children_in_need/SOURCE.md):
/// Stoke 568 (2017/18), 614 (2018/19), 1,255 (2019/20); England 64,380, 67,250, 72,620.
struct ChildrenOutcomeTests {
    static let engine = ProjectionEngine(root: TestSupport.repoRoot)
    static let id = "children-parental-substance-misuse-stoke"
    static func spec() throws -> OutcomeSpec {
        try OutcomeSpec.load(url: TestSupport.repoRoot.appendingPathComponent("models/outcomes/\(id).yaml"))
    }

    @Test func specReadsAsAnEESSourceWithPeers() throws {
        let s = try Self.spec()
        #expect(s.series.format == .ees && s.series.valueColumn == "Alcohol_Misuse_parent")
        #expect(s.series.peers == PeerSelection(column: "new_la_code"))
        #expect(s.models == [.pooledChange])
        #expect(s.target.baseline == .financialYear(startingIn: 2017) && s.target.deadline == .financialYear(startingIn: 2019))
        #expect(s.standsFor.hasPrefix("A PROXY.") && s.standsFor.contains("Drug_Misuse_parent"))
    }

    /// The deadline year is in the data: the status is observed, not projected.
    @Test func deadlineIsObservedNotMet() throws {
        let a = try Self.engine.assess(try Self.spec())
        #expect(a.status == .notMet)
        #expect(a.probability == 0)
        #expect(a.baselineValue == 568 && a.threshold == 568)
        #expect(a.history[.financialYear(startingIn: 2019)] == 1255)
        #expect(a.history.start == .financialYear(startingIn: 2017) && a.history.count == 8)
        #expect(a.notes.contains("the deadline 2019/20 is observed: 1,255"))
        #expect(a.forecast == nil && a.replay == nil)
        // England at the deadline, not at the latest year: 72,620 vs 64,380 at the baseline.
        let b = try #require(a.benchmark)
        #expect(b.period == .financialYear(startingIn: 2019))
        #expect(b.areaValue == 1255 && b.benchmarkValue == 72620)
        #expect(abs(b.areaChangeSinceBaseline! - 120.950704) < 1e-5)      // 1255/568 − 1
        #expect(abs(b.benchmarkChangeSinceBaseline! - 12.799006) < 1e-5)  // 72620/64380 − 1
        // The row account of the whole file: every row used, suppressed cells counted.
        #expect(a.account.rowsRead == 1312 && a.account.rowsUsed == 1312 && a.account.balances)
        #expect(a.account.flaggedCount("suppressed: c (confidential)") == 14)
    }

    /// As of March 2019 only 2017/18 and 2018/19 are known: the pooled model needs five years
    /// (two past origins, each with three earlier values and a known one-year outcome), so no
    /// probability is given, and the note says why.
    @Test func asOfMarch2019ThereIsTooLittleHistoryToProject() throws {
        let a = try Self.engine.assess(try Self.spec(), asOf: .month(2019, 3))
        #expect(a.status == .insufficientData && a.probability == nil)
        #expect(a.history.observations == [568, 614])
        #expect(a.baselineValue == 568)
        #expect(a.notes.count == 1)
        #expect(a.notes[0].hasPrefix("pooled model (1 period(s) ahead): only 0 past origin(s)"))
        #expect(a.notes[0].contains("the peers' data as of 2019-03 cover 2 period(s), 2017/18–2018/19"))
        #expect(a.notes[0].hasSuffix("at least 5 periods)"))
        let b = try #require(a.benchmark)
        #expect(b.period == .financialYear(startingIn: 2018) && b.areaValue == 614 && b.benchmarkValue == 67250)
        #expect(abs(b.areaChangeSinceBaseline! - 8.098592) < 1e-5)       // 614/568 − 1
        #expect(abs(b.benchmarkChangeSinceBaseline! - 4.457906) < 1e-5)  // 67250/64380 − 1
    }

    /// The peers: every upper-tier authority code in the table, never England or a region
    /// (their new_la_code is empty).
    @Test func peersAreEveryLocalAuthority() throws {
        let s = try Self.spec()
        let peers = try SeriesLoader.loadPeers(s.series, peers: s.series.peers!, benchmark: s.benchmark,
                                               root: TestSupport.repoRoot, sources: SourceCache(), spec: s.file)
        #expect(peers.areas.count == 161)
        #expect(!peers.areas.contains("") && !peers.areas.contains("E92000001") && !peers.areas.contains("E12000005"))
        let i = try #require(peers.areas.firstIndex(of: "E06000021"))
        #expect(peers.start == .financialYear(startingIn: 2017))
        #expect(peers.values[i].prefix(3) == [568, 614, 1255])
    }

    /// The companion spec: the same count as a percentage of the episodes with any factor
    /// (100 × 568/3,376 = 16.82% in 2017/18, 100 × 1,255/5,115 = 24.54% in 2019/20; England
    /// 100 × 64,380/482,750 = 13.34% and 100 × 72,620/522,990 = 13.89%).
    @Test func shareOfAssessmentsIsAlsoObservedNotMet() throws {
        let s = try OutcomeSpec.load(url: TestSupport.repoRoot.appendingPathComponent("models/outcomes/children-parental-alcohol-share-stoke.yaml"))
        #expect(s.series.denominatorColumn == "Episodes_with_assessment_factor" && s.series.measure == .proportion)
        let a = try Self.engine.assess(s)
        #expect(a.status == .notMet)
        #expect(abs(a.baselineValue! - 16.824645) < 1e-6)
        #expect(abs(a.history[.financialYear(startingIn: 2019)]! - 24.535679) < 1e-6)
        #expect(a.notes.contains("the deadline 2019/20 is observed: 24.5"))
        #expect(a.account.notes.contains { $0.hasPrefix("series = 100 × Alcohol_Misuse_parent / Episodes_with_assessment_factor") })
        #expect(a.account.notes.contains("denominator column Episodes_with_assessment_factor: suppressed: u (low reliability): 2, suppressed: x (not available): 2, suppressed: c (confidential): 1"))
        let b = try #require(a.benchmark)
        #expect(b.period == .financialYear(startingIn: 2019))
        #expect(abs(b.benchmarkValue - 13.885543) < 1e-6)
        #expect(abs(b.ratio - 1.766995) < 1e-6)
        #expect(abs(b.areaChangeSinceBaseline! - 45.831784) < 1e-5)
        #expect(abs(b.benchmarkChangeSinceBaseline! - 4.120002) < 1e-5)
        // As of March 2019: 18.32% (614/3,351), still too short a history to project.
        let early = try Self.engine.assess(s, asOf: .month(2019, 3))
        #expect(early.status == .insufficientData && early.probability == nil)
        #expect(abs(early.history.observations.last!! - 18.322889) < 1e-6)
    }

    /// With a later deadline the same source is projected by the calibrated pooled model
    /// (a hypothetical question, to show the EES peers feed the model).
    @Test func laterDeadlineIsProjectedByThePooledModel() throws {
        var s = try Self.spec()
        s.target.deadline = .financialYear(startingIn: 2024)
        let a = try Self.engine.assess(s, asOf: .month(2023, 3))
        #expect(a.chosenModel == .pooledChange && a.calibrated)
        let p = try #require(a.probability)
        #expect(p > 0 && p < 1)
        #expect(a.history.observations.last == 811)
        // The share spec reads the same value column of the same file: one engine must not hand it
        // the count spec's cached peer panel (the denominator is part of the cache key).
        var share = try OutcomeSpec.load(url: TestSupport.repoRoot.appendingPathComponent("models/outcomes/children-parental-alcohol-share-stoke.yaml"))
        share.target.deadline = .financialYear(startingIn: 2024)
        let b = try Self.engine.assess(share, asOf: .month(2023, 3))
        #expect(b.chosenModel == .pooledChange && b.calibrated)
        let median = try #require(b.simulatedSummary?.p50)
        #expect(median > 5 && median < 40, "a percentage, not a count: \(median)")
    }
}
