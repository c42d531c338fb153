// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
import _TestSupport
@testable import Outcomes
@testable import OutcomeReport
import Reconciliation
import SeriesData

/// `parts:` of an outcome spec: validation, and the board report's reconciled parts adding up to
/// the whole (the bundled violence-with-injury spec: Staffordshire among the West Midlands forces,
/// ONS recorded crime, real data).
struct PartsReconciliationTests {
    static let base = """
    id: t
    title: T
    strategy_outcome: O
    stands_for: S
    data_gaps: G
    series:
      file: notebooks-data/ons_recorded_crime_pfa/rec-crime-pfa.csv
      format: ons-recorded-crime
      select: {pfa: Staffordshire, offence: Violence with injury}
      measure: count
      unit: offences
      year_ending_march: true
    target:
      rule: below-baseline
      baseline: 2016/17
      deadline: 2019/20
      statement: lower
    """

    func message(_ yaml: String) -> String { SpecValidationTests().message(yaml) }

    @Test func partsParse() throws {
        let s = try OutcomeSpec.parse(yaml: Self.base + "\nparts: {column: pfa, values: [Staffordshire, Warwickshire]}", file: "x.yaml")
        let p = try #require(s.parts)
        #expect(p.column == "pfa")
        #expect(p.values == ["Staffordshire", "Warwickshire"])
        #expect(p.whole == "Staffordshire + Warwickshire")
        #expect(p.method == .minTrace(.wlsStructural, nonnegative: false))
        #expect(!p.outcomeIsWhole(s.series))
        let whole = try OutcomeSpec.parse(yaml: Self.base.replacingOccurrences(of: "pfa: Staffordshire,", with: "pfa: [Warwickshire, Staffordshire],")
                                          + "\nparts: {column: pfa, values: [Staffordshire, Warwickshire], method: bottom-up}", file: "x.yaml")
        #expect(whole.parts?.outcomeIsWhole(whole.series) == true)
        #expect(whole.parts?.method == .bottomUp)
    }

    @Test(arguments: [
        ("parts: [pfa]", "models/outcomes/bad.yaml: key 'parts': expected a mapping of keys"),
        ("parts: {column: pfa, values: [Staffordshire], whole: W}", "models/outcomes/bad.yaml: key 'parts.values': a whole needs at least two parts, found 1"),
        ("parts: {column: pfa}", "models/outcomes/bad.yaml: key 'parts.values': required key is missing"),
        ("parts: {column: pfa, values: Staffordshire}", "models/outcomes/bad.yaml: key 'parts.values': expected a list"),
        ("parts: {column: pfa, values: [Staffordshire, Staffordshire]}", "models/outcomes/bad.yaml: key 'parts.values[1]': 'Staffordshire' is listed twice"),
        ("parts: {column: pfa, values: [Staffordshire, '(all)']}", "models/outcomes/bad.yaml: key 'parts.values[1]': '(all)' is reserved"),
        ("parts: {column: pfa, values: [Warwickshire, West Mercia]}", "models/outcomes/bad.yaml: key 'parts.values': series.select.pfa is Staffordshire, which is neither one of the parts nor all of them"),
        ("parts: {column: region, values: [A, B]}", "models/outcomes/bad.yaml: key 'parts.column': series.select has no 'region'"),
        ("parts: {column: pfa, values: [Staffordshire, Warwickshire], method: mint-shrink}", "models/outcomes/bad.yaml: key 'parts.method': 'mint-shrink' needs in-sample residuals"),
        ("parts: {column: pfa, values: [Staffordshire, Warwickshire], method: middle-out:pfa}", "models/outcomes/bad.yaml: key 'parts.method': 'middle-out:pfa' needs a middle level"),
        ("parts: {column: pfa, values: [Staffordshire, Warwickshire], method: sideways}", "models/outcomes/bad.yaml: key 'parts.method': unknown reconciliation method 'sideways'"),
        ("parts: {column: pfa, values: [Staffordshire, Warwickshire], weights: 1}", "models/outcomes/bad.yaml: key 'parts.weights': unknown key; expected one of column, method, values, whole"),
    ])
    func badPartsNameFileAndKey(_ bad: (String, String)) {
        let got = message(Self.base + "\n" + bad.0)
        #expect(got.hasPrefix(bad.1), "\(got)")
    }

    @Test func partsNeedCounts() {
        let rate = SpecValidationTests.good + "\nparts: {column: area_code, values: [E06000021, E92000001]}"
        #expect(message(rate).hasPrefix("models/outcomes/bad.yaml: key 'parts': parts add up to a whole only for counts (series.measure: count); this series is a rate"))
    }

    /// One engine: its cache holds the peers' panel and the pooled replay, computed once.
    static let engine = ProjectionEngine(root: TestSupport.repoRoot)

    static let spec: OutcomeSpec = {
        try! OutcomeSpec.load(url: TestSupport.repoRoot.appendingPathComponent("models/outcomes/violence-with-injury-staffordshire.yaml"))
    }()

    /// The reconciled forces add up to the region; the closed form of wls-struct with one whole over
    /// k parts (W = diag(k, 1, …, 1)) holds: reconciled whole = (base whole + Σ base parts) / 2 and
    /// every part moves by the same amount; P(met) is the one the outcome has without `parts:`.
    @Test func bundledPartsAddUp() throws {
        let engine = Self.engine
        var notes: [String] = []
        let made = try engine.reconcileParts(Self.spec, asOf: nil, notes: &notes)
        let p = try #require(made, "\(notes)")
        #expect(p.nodes.map(\.name) == ["West Midlands region", "Staffordshire", "Warwickshire", "West Mercia", "West Midlands"])
        #expect(p.nodes.map(\.isOutcome) == [false, true, false, false, false])
        #expect(p.historyStart == .financialYear(startingIn: 2002) && p.historyEnd == .financialYear(startingIn: 2017))
        #expect(p.periods == [.financialYear(startingIn: 2018), .financialYear(startingIn: 2019)])
        // The ONS region is the sum of its forces in every year (exact integers).
        #expect(p.historyGap == 0)
        expectClose(p.nodes[1].history.last!, 11193, atol: 0)
        expectClose(p.nodes[0].history.last!, 11193 + 4391 + 10111 + 27897, atol: 0)
        for k in p.periods.indices {
            let w = p.nodes[0]
            expectClose(w.reconciled[k], p.reconciledSumOfParts[k], rtol: 1e-12, "coherence at step \(k)")
            expectClose(w.reconciled[k], (w.base[k] + p.baseSumOfParts[k]) / 2, rtol: 1e-12, "wls-struct closed form")
            let shift = p.nodes[1].reconciled[k] - p.nodes[1].base[k]
            for n in p.nodes.dropFirst() { expectClose(n.reconciled[k] - n.base[k], shift, rtol: 1e-9, atol: 1e-9) }
            expectClose(shift, (w.base[k] - p.baseSumOfParts[k]) / 8, rtol: 1e-9, atol: 1e-9)
            let lo = try #require(w.lower95), hi = try #require(w.upper95)
            #expect(lo[k] < w.reconciled[k] && w.reconciled[k] < hi[k])
        }
        #expect(p.coherenceError <= 1e-9 * p.nodes[0].reconciled.max()!)
        // P(met) does not depend on parts:.
        var without = Self.spec
        without.parts = nil
        let withParts = try engine.assess(Self.spec), plain = try engine.assess(without)
        let pm = try #require(withParts.probability)
        expectClose(pm, try #require(plain.probability), atol: 0)
    }

    /// The report's own numbers (CSV, JSON, HTML) show the parts adding up.
    @Test func reportShowsCoherentParts() throws {
        let engine = Self.engine
        var a = try engine.assess(Self.spec)
        a.parts = try engine.reconcileParts(Self.spec, asOf: nil, notes: &a.notes)
        let p = try #require(a.parts)
        let strategy = try StrategyDescription.load(url: TestSupport.repoRoot.appendingPathComponent("models/strategy.yaml"))
        let run = AssessmentRun(strategy: strategy, assessments: [a], asOf: nil)
        // CSV: for each period, the sum row's reconciled mean equals the whole's, and Σ part rows.
        let rows = AssessmentRun.partsCSV(p).split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        for per in p.periods.map({ "\($0)" }) {
            let mine = rows.filter { $0[0] == per }
            let wholeRow = try #require(mine.first { $0[2] == "whole" })
            let sumRow = try #require(mine.first { $0[2] == "sum" })
            // mean is the third field from the end (the model name may hold quoted commas).
            func mean(_ row: [String]) -> Double? { Double(row[row.count - 3]) }
            let whole = try #require(mean(wholeRow))
            let sum = try #require(mean(sumRow))
            let parts = mine.filter { $0[2].hasPrefix("part") }.compactMap(mean)
            #expect(parts.count == 4)
            expectClose(sum, whole, rtol: 1e-12)
            expectClose(parts.reduce(0, +), whole, rtol: 1e-12)
        }
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.json().utf8)) as? [String: Any])
        let o = try #require((json["outcomes"] as? [[String: Any]])?.first?["parts"] as? [String: Any])
        let err = try #require(o["coherenceError"] as? Double)
        #expect(err <= 1e-9 * p.nodes[0].reconciled.max()!)
        let html = run.html(generator: "test")
        #expect(html.contains("<h3>Parts add up to the whole: West Midlands region</h3>"))
        #expect(html.contains("this outcome is the part Staffordshire"))
        #expect(html.contains("sum of the reconciled parts"))  // the chart's legend
    }
}
