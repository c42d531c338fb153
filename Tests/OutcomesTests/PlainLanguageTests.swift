// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
import _TestSupport
@testable import Outcomes
@testable import OutcomeReport
@testable import SeriesData

/// Issue 19 items 3, 4, 5 and 8 (Outcomes part): the scorecard in words, the plain-language
/// summary, strategy.yaml listing, ratios only for rates, and charts that tell the truth.
@Suite struct PlainLanguageTests {
    static let root = TestSupport.repoRoot
    static let run = try! AssessmentRun.perform(models: root.appendingPathComponent("models"), root: root, asOf: nil)
    static func outcome(_ id: String) -> OutcomeAssessment { run.assessments.first { $0.spec.id == id }! }

    @Test func summaryParagraphIsInWords() {
        let s = Self.run.plainSummary()
        let good = Self.run.assessments.filter { $0.status == .onTrack || $0.status == .met }.count
        #expect(s.hasPrefix(good == 0 ? "No outcome is on track: " : "\(good) of "), "\(s)")
        for a in Self.run.assessments {
            #expect(s.contains(a.spec.title), "summary names \(a.spec.title)")
            #expect(!s.contains(a.spec.id + " ") && !s.contains(a.spec.id + ","), "no internal id \(a.spec.id)")
        }
        #expect(s.contains("2 of the strategy's 7 outcomes have no data in the bundle."))
        #expect(!s.contains("±"))
    }

    @Test func scorecardShowsTitlesPercentagesAndObservedResults() {
        let text = Self.run.scorecardTable()
        for a in Self.run.assessments {
            #expect(text.contains(a.spec.title))
            #expect(!text.contains(a.spec.id), "console shows \(a.spec.id)")
            if let p = a.probability, !a.isObserved {
                #expect(text.contains(NumberFormatting.percent(probability: p) + " chance"), "\(a.spec.title)")
            }
        }
        #expect(!text.contains("±") && !text.contains("×"))
        // The children outcome's deadline (2019/20) is in the data: observed, Not met, no P(met) 0.00.
        let children = Self.outcome("children-parental-substance-misuse-stoke")
        #expect(children.status == .notMet)
        #expect(children.statusSentence.hasPrefix("Not met: 1,255 observed in 2019/20; the target was "), "\(children.statusSentence)")
        #expect(text.contains(children.statusSentence))
        // Change wording, not "+2% vs -1%".
        let alcohol = Self.outcome("alcohol-admissions-stoke")
        let b = try! #require(alcohol.benchmarkSentence)
        #expect(b.contains("here,") && b.contains("in England since 2016/17") && b.contains("published comparison: worse than England"), "\(b)")
    }

    @Test("no ratio of a force's count to England's count; ratios for rates")
    func ratiosOnlyForRates() throws {
        let counts = Self.run.assessments.filter { $0.spec.series.measure == .count && $0.benchmark != nil }
        #expect(!counts.isEmpty)
        for a in counts {
            #expect(a.benchmarkRatio == nil)
            #expect(!(a.benchmarkSentence ?? "").contains("times"))
        }
        let alcohol = Self.outcome("alcohol-admissions-stoke")
        let ratio = try #require(alcohol.benchmarkRatio)
        expectClose(ratio, alcohol.benchmark!.areaValue / alcohol.benchmark!.benchmarkValue, rtol: 1e-12)
        let json = try JSONSerialization.jsonObject(with: Data(Self.run.json().utf8)) as! [String: Any]
        for o in json["outcomes"] as! [[String: Any]] where (o["benchmark"] as? [String: Any]) != nil {
            let isCount = counts.contains { $0.spec.id == o["id"] as! String }
            #expect(((o["benchmark"] as! [String: Any])["ratio"] is NSNull) == isCount)
        }
    }

    @Test("ASB: the line breaks at missing months, the caption names no forecast, the note says 1 observation")
    func asbChartTellsTheTruth() {
        let asb = Self.outcome("asb-stoke")
        #expect(asb.forecast == nil)
        #expect(asb.notes.contains { $0.contains("only 1 consecutive observation (2019-09)") }, "\(asb.notes)")
        #expect(!asb.notes.contains { $0.contains("1 consecutive observations") })
        let svg = Self.run.fanChart(asb)
        // Oct 2018 – Feb 2019, then Sep 2019: two runs of the observed line, not one line across the gap.
        #expect(svg.components(separatedBy: "<polyline").count - 1 == 2, "\(svg)")
        let caption = Self.run.fanCaption(asb)
        #expect(!caption.lowercased().contains("forecast mean") && caption.contains("No forecast"), "\(caption)")
        #expect(caption.contains("breaks at missing periods"))
        let alcohol = Self.outcome("alcohol-admissions-stoke")
        #expect(Self.run.fanCaption(alcohol).contains("forecast mean"))
    }

    @Test func svgRunsSplitAtGaps() {
        let runs = SVGChart.runs([(0, 1), (1, 2), (2, .nan), (3, .nan), (4, 5), (5, .infinity)])
        #expect(runs.map { $0.map(\.0) } == [[0, 1], [4]])
        #expect(SVGChart.label(8000) == "8,000" && SVGChart.label(14_000) == "14,000")
    }

    @Test("a spec missing from strategy.yaml warns; it is counted under the outcome it quotes")
    func unlistedSpecWarns() throws {
        var strategy = Self.run.strategy
        let asbIndex = strategy.outcomes.firstIndex { $0.specs.contains("asb-stoke") }!
        strategy.outcomes[asbIndex].specs = []
        let specs = Self.run.assessments.map(\.spec)
        let warnings = strategy.adoptUnlisted(specs, file: "strategy.yaml")
        #expect(warnings.count == 1 && warnings[0].contains("'asb-stoke' is not listed in strategy.yaml"))
        #expect(strategy.outcomes[asbIndex].specs == ["asb-stoke"], "no longer shown as not assessable")
        var stray = specs[0]
        stray.id = "our-own"
        stray.strategyOutcome = "Something the strategy does not say"
        let w2 = strategy.adoptUnlisted([stray], file: "strategy.yaml")
        #expect(w2.count == 1 && w2[0].contains("matches none of them"))
        #expect(Self.run.warnings.isEmpty, "the bundled models list every spec")
    }
}
