// SPDX-License-Identifier: GPL-3.0-or-later
import Forecasting
import Foundation
import ModelCatalog
import Testing
import _TestSupport
@testable import Outcomes

/// One vocabulary: every name of `ModelRegistry.standard` means the same model in an outcome
/// spec's `models:` list as on the command line (which calls `ModelRegistry.standard.spec`), and
/// the outcome engine forecasts with exactly that model.
struct ModelRegistryTests {
    /// A count series (the spec's measure is count, so the counts-only `negbin-trend` is allowed).
    static func yaml(models: String) -> String {
        SpecValidationTests.good.replacingOccurrences(of: "  measure: rate", with: "  measure: count")
            .replacingOccurrences(of: "title: T", with: "title: T\nmodels: \(models)")
    }

    /// Monthly counts (generated: 30 values of a fixed sequence with a yearly pattern, not data).
    static let y: [Double] = (0..<30).map { (t: Int) -> Double in
        let seasonal: Int = (t % 12) * 3
        return Double(20 + seasonal + (t * 7) % 5)
    }

    @Test(arguments: ModelRegistry.standard.entries.map(\.example))
    func everyNameMeansTheSameModelInYAMLAndCLI(_ name: String) throws {
        let spec = try OutcomeSpec.parse(yaml: Self.yaml(models: "[\"\(name)\"]"), file: "models/outcomes/t.yaml")
        #expect(spec.models.count == 1)
        let candidate = try #require(spec.models.first)
        #expect(candidate.name == (try ModelRegistry.standard.canonicalName(name)))
        let fromYAML = try candidate.spec(period: 12)
        let fromCLI = try ModelRegistry.standard.spec(name, period: 12)
        #expect(String(reflecting: fromYAML) == String(reflecting: fromCLI))
        // The engine's forecast is the registry model's, number for number.
        let engine = try ProjectionEngine.forecast(candidate, Self.y, period: 12, horizon: 3, levels: [80])
        let direct = try fromCLI.fit(Self.y, period: 12).forecast(horizon: 3, levels: [80])
        #expect(engine.mean.count == 3 && engine.mean == direct.mean, "\(name): \(engine.mean) vs \(direct.mean)")
        #expect(engine.intervals.map(\.lower) == direct.intervals.map(\.lower))
    }

    /// Aliases and case: the old spec spelling `arima` is auto.arima, `auto` in a spec is the
    /// automatic set (not the CLI's automatic ETS), names are case-insensitive and stored canonically.
    @Test func aliasesAndCanonicalNames() throws {
        let s = try OutcomeSpec.parse(yaml: Self.yaml(models: "[arima, ETS:AAN, Croston:SBA, auto.arima]"), file: "t.yaml")
        #expect(s.models.map(\.name) == ["auto.arima", "ets:AAN", "croston:SBA"])
        #expect(s.models.first == .autoArima)
        let auto = try OutcomeSpec.parse(yaml: Self.yaml(models: "[auto]"), file: "t.yaml")
        #expect(auto.models == CandidateModel.automatic(for: .count))
        #expect(auto.models.map(\.name) == ["naive", "drift", "ets", "theta", "auto.arima", "linear-trend", "negbin-trend"])
        // Every built-in candidate is a registry name that canonicalises to itself.
        for c in CandidateModel.automatic(for: .count) + [.mean, .combo] {
            #expect(try ModelRegistry.standard.canonicalName(c.name) == c.name)
        }
    }

    /// An unknown name: one error naming the file, the key, the line and every valid name.
    @Test func unknownNameListsTheValidNames() {
        let text = Self.yaml(models: "[ets, prophet]")
        let line = text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.hasPrefix("models:") }! + 1
        do {
            _ = try OutcomeSpec.parse(yaml: text, file: "models/outcomes/bad.yaml")
            Issue.record("prophet was accepted")
        } catch {
            let m = error.description
            #expect(m.hasPrefix("models/outcomes/bad.yaml: key 'models[1]': unknown model 'prophet' (line \(line)); expected auto (the automatic set), pooled-change or one of: "), "\(m)")
            #expect(m.hasSuffix(ModelRegistry.standard.help), "\(m)")
            for e in ModelRegistry.standard.entries { #expect(m.contains(e.grammar), "\(e.name)") }
        }
        // Bad parameters of a known name keep the registry's own explanation.
        do {
            _ = try OutcomeSpec.parse(yaml: Self.yaml(models: "[\"arima:1,1\"]"), file: "models/outcomes/bad.yaml")
            Issue.record("arima:1,1 was accepted")
        } catch {
            #expect(error.description.contains("key 'models[0]': '\("arima:1,1")': ARIMA orders must be three non-negative integers"), "\(error)")
        }
    }

    /// The counts-only entries are refused for other measures, by the registry's `data` field.
    @Test func countsOnlyModelsNeedCounts() {
        let rate = SpecValidationTests.good.replacingOccurrences(of: "title: T", with: "title: T\nmodels: [negbin-trend]")
        do {
            _ = try OutcomeSpec.parse(yaml: rate, file: "x.yaml")
            Issue.record("negbin-trend on a rate was accepted")
        } catch {
            #expect(error.description.contains("negbin-trend models counts; this series is a rate"), "\(error)")
        }
        #expect(ModelRegistry.standard.entries.filter { $0.data == .counts }.map(\.name) == ["negbin-trend"])
    }
}
