// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

/// One model name analysts type, with everything the CLI, the outcome specs and the outcome engine
/// need to know about it: the grammar of its parameters, a one-line description, its family, the
/// data it accepts, whether it uses a seasonal period, and the factory that builds its spec.
///
/// The name grammar (one for `forecast --model`, `backtest --models`, the `models:` list of an
/// outcome spec and the outcome engine):
///
///     NAME            = HEAD | HEAD ":" ARGUMENTS
///     HEAD            = an entry's name or alias, case-insensitive (e.g. ets, auto.arima, croston)
///     ARGUMENTS       = the entry's parameters as its `grammar` shows (e.g. ets:AAN:damped, arima:1,1,1)
///
/// A whole name is first matched against every entry's aliases, then names (so `arima` alone is
/// the alias of `auto.arima`, and `holtwinters:multiplicative` the name of its own entry); failing
/// that, the text before the first `:` is matched against the names of entries, and parameters
/// given to an entry that takes none are refused.
public struct ModelEntry: Sendable {
    /// The kind of model, for grouping in help and documentation.
    public enum Family: String, Sendable, CaseIterable {
        case exponentialSmoothing = "exponential smoothing"
        case arima = "ARIMA"
        case theta = "Theta"
        case decomposition = "decomposition"
        case baseline = "baseline"
        case intermittent = "intermittent demand"
        case regression = "regression"
        case combination = "combination"
    }

    /// The values a model can be fitted to.
    public enum Data: String, Sendable {
        /// Any finite values.
        case any
        /// Non-negative values (demand, counts); the model refuses negatives when fitted.
        case nonNegative = "non-negative"
        /// Counts: outcome specs refuse it for rates, percentages and other measures.
        case counts
    }

    /// How the model uses the series' seasonal period.
    public enum Season: String, Sendable {
        /// Ignores it.
        case ignored
        /// Uses it when the period is above 1, and also works without a season.
        case optional
        /// Needs a period of at least 2 (fitting refuses a non-seasonal series).
        case required
    }

    /// The canonical name (what the report and `backtest` print).
    public let name: String
    /// Other whole names accepted for it (case-insensitive), e.g. `auto` for `ets`.
    public let aliases: [String]
    /// The name with its parameters as the help shows them, e.g. `arima:p,d,q[:P,D,Q]`;
    /// equal to `name` for a model without parameters.
    public let grammar: String
    /// One line for the help and the documentation table.
    public let summary: String
    public let family: Family
    public let data: Data
    public let season: Season
    /// A name that parses to this entry, with parameters where it takes them (for the help, the
    /// documentation table and the tests that check every entry parses the same in CLI and YAML).
    public let example: String
    /// Whether the entry takes `:`-separated parameters after its name.
    public var takesParameters: Bool { grammar != name }
    /// Builds the spec: the whole name as typed, its `:`-separated parts (the first is the head),
    /// the seasonal period, and the registry (for combinations, whose members are names too).
    let make: @Sendable (_ name: String, _ parts: [String], _ period: Int, _ registry: ModelRegistry) throws(ForecastingError) -> any ForecastModelSpec

    public init(name: String, aliases: [String] = [], grammar: String? = nil, example: String? = nil, summary: String,
                family: Family, data: Data = .any, season: Season = .ignored,
                make: @escaping @Sendable (_ name: String, _ parts: [String], _ period: Int, _ registry: ModelRegistry) throws(ForecastingError) -> any ForecastModelSpec) {
        self.name = name
        self.aliases = aliases
        self.grammar = grammar ?? name
        self.example = example ?? name
        self.summary = summary
        self.family = family
        self.data = data
        self.season = season
        self.make = make
    }

    /// An entry without parameters whose spec does not depend on the period.
    public init(name: String, aliases: [String] = [], summary: String, family: Family, data: Data = .any,
                season: Season = .ignored, spec: @escaping @Sendable () -> any ForecastModelSpec) {
        self.init(name: name, aliases: aliases, summary: summary, family: family, data: data, season: season) { _, _, _, _ in spec() }
    }
}

/// The one table of model names: ``ModelRegistry/forecasting`` holds the Forecasting module's
/// models; the ModelCatalog module adds the regression-based ones (`linear-trend`,
/// `negbin-trend`) as `ModelRegistry.standard`, which the CLI and the outcome specs use.
///
/// Lookup is a linear scan of a few dozen entries (O(entries) string comparisons per name).
public struct ModelRegistry: Sendable {
    public let entries: [ModelEntry]

    /// Names must be unique, and aliases too; an alias may equal the name of an entry with
    /// parameters (`arima` is auto.arima, `arima:1,1,1` the fixed-order entry), never another.
    public init(_ entries: [ModelEntry]) {
        var names = Set<String>(), aliases = Set<String>()
        for e in entries {
            precondition(names.insert(e.name.lowercased()).inserted, "model name '\(e.name)' registered twice")
            for a in e.aliases { precondition(aliases.insert(a.lowercased()).inserted, "model alias '\(a)' registered twice") }
        }
        for e in entries where !e.takesParameters {
            precondition(!aliases.contains(e.name.lowercased()), "model name '\(e.name)' is also an alias")
        }
        self.entries = entries
    }

    /// This registry with `more` entries appended.
    public func adding(_ more: [ModelEntry]) -> ModelRegistry { ModelRegistry(entries + more) }

    /// Every valid form, `|`-separated, in registry order (the `--model` help and the list that
    /// an unknown name's error shows). `auto` (= `ets`) is shown first, as analysts type it.
    public var help: String {
        entries.flatMap { e in e.name == "ets" ? ["auto", e.grammar] : [e.grammar] }.joined(separator: " | ")
    }

    /// The entry `name` belongs to and its `:`-separated parts, or nil for an unknown name.
    public func resolve(_ name: String) -> (entry: ModelEntry, parts: [String])? {
        let key = name.trimmingCharacters(in: .whitespaces).lowercased()
        let parts = name.trimmingCharacters(in: .whitespaces).split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        if let e = entries.first(where: { $0.aliases.contains { $0.lowercased() == key } })
            ?? entries.first(where: { $0.name.lowercased() == key }) {
            return (e, [e.name])
        }
        let head = parts[0].lowercased()
        if let e = entries.first(where: { $0.name.lowercased() == head }) { return (e, parts) }
        return nil
    }

    /// The canonical spelling of `name`: its head replaced by the entry's name, parameters as typed
    /// (`ARIMA:0,1,1` → `arima:0,1,1`, `arima` → `auto.arima`, `auto` → `ets`). Throws for an unknown name.
    public func canonicalName(_ name: String) throws(ForecastingError) -> String {
        guard let (entry, parts) = resolve(name) else { throw unknown(name) }
        return ([entry.name] + parts.dropFirst()).joined(separator: ":")
    }

    /// The model spec `name` stands for, for a series of seasonal period `period`.
    public func spec(_ name: String, period: Int) throws(ForecastingError) -> any ForecastModelSpec {
        guard let (entry, parts) = resolve(name) else { throw unknown(name) }
        if parts.count > 1 && !entry.takesParameters {
            let related = entries.filter { $0.name.lowercased().hasPrefix(entry.name.lowercased() + ":") }.map(\.name)
            throw .invalidSpecification("'\(name)': \(entry.name) takes no parameters"
                + (related.isEmpty ? "" : "; its variants are \(related.joined(separator: ", "))"))
        }
        return try entry.make(name, parts, period, self)
    }

    func unknown(_ name: String) -> ForecastingError {
        .invalidSpecification("unknown forecasting method '\(name)'; expected \(help)")
    }
}

extension ModelRegistry {
    /// The Forecasting module's models (see docs/Forecasting.md for each).
    public static let forecasting = ModelRegistry([
        ModelEntry(name: "ets", aliases: ["auto"], grammar: "ets[:SPEC[:damped|:undamped]]", example: "ets:AAN:damped",
                   summary: "ETS as R's ets(); `ets`/`auto` chooses the form by AICc, `ets:AAN` fixes it (ets:AAN tries A and Ad), `:damped`/`:undamped` fixes damping",
                   family: .exponentialSmoothing, season: .optional) { name, parts, _, _ throws(ForecastingError) in
            try ForecastMethodName.etsSpec(name, parts)
        },
        ModelEntry(name: "theta", summary: "Theta method, R's thetaf", family: .theta, season: .optional) { Theta() },
        ModelEntry(name: "stl-ets", summary: "R's stlf: STL decomposition, ETS on the seasonally adjusted series",
                   family: .decomposition, season: .optional) { STLForecast() },
        ModelEntry(name: "holtwinters", summary: "stats::HoltWinters with trend (additive season when the period is above 1)",
                   family: .exponentialSmoothing, season: .optional) { _, _, period, _ in
            HoltWinters(trend: true, seasonality: period > 1 ? .additive : .none)
        },
        ModelEntry(name: "holtwinters:multiplicative", summary: "stats::HoltWinters, multiplicative season",
                   family: .exponentialSmoothing, season: .required) { HoltWinters(trend: true, seasonality: .multiplicative) },
        ModelEntry(name: "snaive", summary: "seasonal naive, R's snaive", family: .baseline, season: .optional) { LagWalk.seasonalNaive },
        ModelEntry(name: "naive", summary: "naive (random walk), R's naive", family: .baseline) { LagWalk.naive },
        ModelEntry(name: "drift", summary: "random walk with drift, R's rwf(drift = TRUE)", family: .baseline) { LagWalk.drift },
        ModelEntry(name: "mean", summary: "historical mean, R's meanf", family: .baseline) { MeanMethod() },
        ModelEntry(name: "auto.arima", aliases: ["arima"],
                   summary: "R's auto.arima (stepwise, AICc); `arima` alone is accepted for it (the outcome specs' spelling before issue 15)",
                   family: .arima, season: .optional) { AutoArima() },
        ModelEntry(name: "arima", grammar: "arima:p,d,q[:P,D,Q]", example: "arima:0,1,1:0,1,1",
                   summary: "R's Arima with fixed orders (CSS-ML; mean when d = 0); seasonal orders at the series' period",
                   family: .arima, season: .optional) { name, parts, _, _ throws(ForecastingError) in
            try ForecastMethodName.arimaSpec(name, parts)
        },
        ModelEntry(name: "croston", grammar: "croston[:classic|:optimized|:sba]", example: "croston:sba",
                   summary: "statsforecast CrostonClassic, CrostonOptimized (also spelt croston:optimised), CrostonSBA",
                   family: .intermittent, data: .nonNegative) { name, parts, _, _ throws(ForecastingError) in
            try ForecastMethodName.crostonSpec(name, parts)
        },
        ModelEntry(name: "tsb", grammar: "tsb:ALPHA_D:ALPHA_P", example: "tsb:0.1:0.1",
                   summary: "statsforecast TSB(alpha_d, alpha_p), both in [0, 1], e.g. tsb:0.1:0.1 (tsb:0.1,0.1 also accepted)",
                   family: .intermittent, data: .nonNegative) { name, parts, _, _ throws(ForecastingError) in
            try ForecastMethodName.tsbSpec(name, parts)
        },
        ModelEntry(name: "adida", summary: "statsforecast ADIDA", family: .intermittent, data: .nonNegative) { ADIDA() },
        ModelEntry(name: "imapa", summary: "statsforecast IMAPA", family: .intermittent, data: .nonNegative) { IMAPA() },
        ModelEntry(name: "auto-count", grammar: "auto-count[:select|:class]", example: "auto-count",
                   summary: "AutoCount: mean of the TSB, ADIDA and IMAPA forecasts per series; `auto-count:select` picks one of them by rolling-origin error, `auto-count:class` is Croston or SBA by the ADI/CV² class",
                   family: .intermittent, data: .nonNegative) { name, parts, _, _ throws(ForecastingError) in
            guard parts.count > 1 else { return AutoCount() }
            switch (parts.count, parts[1].lowercased()) {
            case (2, "class"): return AutoCount(rule: .demandClass)
            case (2, "select"): return AutoCount(rule: .rollingOrigin)
            default: throw .invalidSpecification("'\(name)': expected auto-count, auto-count:select or auto-count:class")
            }
        },
        ModelEntry(name: "otm", summary: "statsforecast OptimizedTheta", family: .theta, season: .optional) { OptimizedTheta(.optimized) },
        ModelEntry(name: "dotm", summary: "statsforecast DynamicOptimizedTheta", family: .theta, season: .optional) { OptimizedTheta(.dynamicOptimized) },
        ModelEntry(name: "autotheta", summary: "statsforecast AutoTheta", family: .theta, season: .optional) { OptimizedTheta.auto },
        ModelEntry(name: "ces", grammar: "ces[:N|:S|:P|:F]", example: "ces:S",
                   summary: "complex exponential smoothing, statsforecast AutoCES (kind by AICc, or fixed: N none, S simple, P partial, F full seasonality)",
                   family: .exponentialSmoothing, season: .optional) { name, parts, _, _ throws(ForecastingError) in
            guard parts.count > 1 else { return CES() }
            guard parts.count == 2, let kind = CES.Kind(rawValue: parts[1].uppercased()) else {
                throw .invalidSpecification("'\(name)': the CES kind must be N, S, P or F (e.g. ces:S)")
            }
            return CES(kind)
        },
        ModelEntry(name: "combo", grammar: ForecastMethodName.combinationHelp, example: "combo:ets+theta:median",
                   summary: "forecast combination; `combo` is the median of ets, auto.arima, ces and dotm; members are any other names; intervals widened for trend estimation unless `:nowiden`",
                   family: .combination, season: .optional) { name, _, period, registry throws(ForecastingError) in
            try ForecastMethodName.combinationSpec(name, period: period, registry: registry)
        },
    ])
}
