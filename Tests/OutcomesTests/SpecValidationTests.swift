// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
import _TestSupport
@testable import Outcomes
import SeriesData

/// A bad spec gets a message naming the file, the key and the problem.
struct SpecValidationTests {
    static let good = """
    id: t
    title: T
    strategy_outcome: O
    stands_for: S
    data_gaps: G
    series:
      file: notebooks-data/fingertips_lape/alcohol_related_admissions.csv
      format: tidy
      period_column: period
      value_column: value
      select: {area_code: E06000021}
      measure: rate
      unit: per 100,000
    target:
      rule: below-baseline
      baseline: 2016/17
      deadline: 2019/20
      statement: lower
    """

    func message(_ yaml: String) -> String {
        do {
            _ = try OutcomeSpec.parse(yaml: yaml, file: "models/outcomes/bad.yaml")
            return "no error"
        } catch { return error.description }
    }

    /// The count methods in a `models:` list resolve through ForecastMethodName.spec and forecast
    /// a count series with non-negative integer limits.
    @Test func countMethodsInModelsList() throws {
        let yaml = Self.good.replacingOccurrences(of: "measure: rate", with: "measure: count")
            .replacingOccurrences(of: "title: T", with: "title: T\nmodels: [croston, croston:sba, tsb:0.1:0.1, adida, imapa, auto-count]")
        let s = try OutcomeSpec.parse(yaml: yaml, file: "x.yaml")
        #expect(s.models.map(\.name) == ["croston", "croston:sba", "tsb:0.1:0.1", "adida", "imapa", "auto-count"])
        let y: [Double] = [0, 1, 0, 0, 2, 0, 1, 0, 0, 0, 3, 0, 1, 0, 2]
        for m in s.models {
            let fc = try ProjectionEngine.forecast(m, y, period: 12, horizon: 2, levels: [80, 95])
            #expect(fc.mean.allSatisfy { $0 > 0 && $0 < 3 }, "\(m.rawValue): \(fc.mean)")
            for pi in fc.intervals { #expect(pi.lower.allSatisfy { $0 >= 0 && $0 == $0.rounded() } && pi.upper.allSatisfy { $0 == $0.rounded() }) }
        }
        let scores = ProjectionEngine.backtest(y, period: 12, candidates: s.models, horizon: 2)
        #expect(scores.count == 6 && scores.allSatisfy { $0.mase.isFinite && $0.failures == 0 })
    }

    @Test func goodSpecParses() throws {
        let s = try OutcomeSpec.parse(yaml: Self.good, file: "x.yaml")
        #expect(s.target.baseline == .financialYear(startingIn: 2016))
        #expect(s.target.deadline == .financialYear(startingIn: 2019))
        #expect(s.models == CandidateModel.automatic)  // a rate: no count GLM
        #expect(s.paths == 20_000)
        #expect(s.series.select == ["area_code": ["E06000021"]])
    }

    @Test(arguments: [
        ("id: t", "id: t\nfoo: 1", "models/outcomes/bad.yaml: key 'foo': unknown key; expected one of"),
        ("  measure: rate", "  measure: percent", "models/outcomes/bad.yaml: key 'series.measure': 'percent' is not allowed; expected one of count, rate, proportion"),
        ("  deadline: 2019/20", "  deadline: end of March", "models/outcomes/bad.yaml: key 'target.deadline': 'end of March' is not a period"),
        ("  baseline: 2016/17", "  baseline: 2020/21", "models/outcomes/bad.yaml: key 'target.baseline': baseline 2020/21 must come before the deadline 2019/20"),
        ("  baseline: 2016/17", "  baseline: 2016-03", "models/outcomes/bad.yaml: key 'target.baseline': baseline 2016-03 (monthly) and deadline 2019/20 (financial year (April–March)) must be periods of the same kind"),
        ("  rule: below-baseline", "  rule: relative-change", "models/outcomes/bad.yaml: key 'target.value': relative-change needs a non-zero percentage"),
        ("  rule: below-baseline", "  rule: at-least", "models/outcomes/bad.yaml: key 'target.value': rule at-least needs a threshold value"),
        ("title: T", "title: T\nmodels: [ets, prophet]", "models/outcomes/bad.yaml: key 'models[1]': unknown model 'prophet'"),
        ("title: T", "title: T\nmodels: [ets, auto-count]", "models/outcomes/bad.yaml: key 'models[1]': auto-count models counts; this series is a rate"),
        ("  period_column: period\n", "", "models/outcomes/bad.yaml: key 'series.period_column': a tidy source needs both period_column and value_column"),
        ("stands_for: S\n", "", "models/outcomes/bad.yaml: key 'stands_for': required key is missing"),
        ("  select: {area_code: E06000021}", "  select: {area_code: [E06000021, E92000001]}", "models/outcomes/bad.yaml: key 'series.select': several values may only be summed for counts"),
        ("title: T", "title: T\nsimulation: {paths: 5}", "models/outcomes/bad.yaml: key 'simulation.paths': expected a whole number in 100…10000000, found '5'"),
        ("  value_column: value", "  value_column: value\n  denominator_column: n", "models/outcomes/bad.yaml: key 'series.denominator_column': a denominator makes the series a percentage: set measure: proportion (found rate)"),
        ("  format: tidy", "  format: ees", "models/outcomes/bad.yaml: key 'series.period_column': an EES source takes its periods from time_period and time_identifier; remove period_column"),
        ("  format: tidy\n  period_column: period\n  value_column: value", "  format: ees", "models/outcomes/bad.yaml: key 'series.value_column': an EES source needs value_column: the measure column to read, e.g. Alcohol_Misuse_parent"),
    ])
    func badSpecsNameFileKeyAndProblem(replace: String, with: String, expected: String) {
        let yaml = Self.good.replacingOccurrences(of: replace, with: with)
        #expect(yaml != Self.good)
        let m = message(yaml)
        #expect(m.hasPrefix(expected), "got: \(m)")
    }

    @Test func notYamlOrNotAMapping() {
        #expect(message("id: [unclosed").hasPrefix("models/outcomes/bad.yaml: cannot read outcome spec: not valid YAML"))
        #expect(message("- a\n- b").hasPrefix("models/outcomes/bad.yaml: cannot read outcome spec: the document must be a mapping"))
    }

    @Test func bundledSpecsAndStrategyValidate() throws {
        let models = TestSupport.repoRoot.appendingPathComponent("models")
        let specs = try OutcomeSpec.loadAll(directory: models.appendingPathComponent("outcomes"))
        #expect(specs.count == 7)
        let strategy = try StrategyDescription.load(url: models.appendingPathComponent("strategy.yaml"))
        try strategy.validate(against: specs, file: "strategy.yaml")
        #expect(strategy.outcomes.count == 7)
        var broken = strategy
        broken.outcomes[0].specs = ["no-such-spec"]
        #expect(throws: OutcomesError.self) { try broken.validate(against: specs, file: "strategy.yaml") }
    }

    @Test func selectionThatMatchesNothingIsNamed() throws {
        let yaml = Self.good.replacingOccurrences(of: "E06000021", with: "E99999999")
        let spec = try OutcomeSpec.parse(yaml: yaml, file: "bad.yaml")
        do {
            _ = try ProjectionEngine(root: TestSupport.repoRoot).assess(spec)
            Issue.record("expected an error")
        } catch {
            #expect(error.description.hasPrefix("bad.yaml: key 'series.select.area_code': no series with area_code = 'E99999999'; available:"))
        }
    }

    /// With two selected columns the key blamed is the one whose value the file lacks (was: whichever
    /// column the dictionary listed first, since nothing matched at all); values that each exist but
    /// never together are named as a combination, with the values that do go together.
    @Test func selectionBlamesTheRightKey() throws {
        func error(_ select: String) throws -> String {
            let yaml = Self.good.replacingOccurrences(of: "select: {area_code: E06000021}", with: "select: \(select)")
            let spec = try OutcomeSpec.parse(yaml: yaml, file: "bad.yaml")
            do { _ = try ProjectionEngine(root: TestSupport.repoRoot).assess(spec); return "no error" } catch { return error.description }
        }
        for _ in 0..<5 {  // dictionary order varies between runs; the blame must not
            let m = try error("{area_code: E06000021, area_name: Nowhere}")
            #expect(m.hasPrefix("bad.yaml: key 'series.select.area_name': no series with area_name = 'Nowhere'; available: "), "\(m)")
            #expect(m.contains("Adur, Allerdale") && m.hasSuffix(", …"), "the file's own area names, first twelve: \(m)")
        }
        let m = try error("{area_code: E06000021, area_name: Greater Manchester}")
        #expect(m.hasPrefix("bad.yaml: key 'series.select.area_"), "\(m)")
        #expect(m.contains("occurs in the file, but not together with"), "\(m)")
        #expect(m.contains("Stoke-on-Trent") || m.contains("E06000021"), "\(m)")
    }
}

struct ChartLabelTests {
    @Test func axisLabels() {
        #expect(SVGChart.label(14_000) == "14,000")
        #expect(SVGChart.label(1_234_567) == "1,234,567")
        #expect(SVGChart.label(-25_000) == "-25,000")
        #expect(SVGChart.label(9_999) == "9,999" && SVGChart.label(8_000) == "8,000", "thousands separated everywhere (issue 19)")
        #expect(SVGChart.label(2.5) == "2.5")
        let t = SVGChart.ticks(0, 1)
        #expect(t.count == 6 && zip(t, [0, 0.2, 0.4, 0.6, 0.8, 1.0]).allSatisfy { abs($0 - $1) < 1e-15 })
        #expect(SVGChart.ticks(6_000, 14_500) == [6_000, 8_000, 10_000, 12_000, 14_000])
    }
}
