// SPDX-License-Identifier: GPL-3.0-or-later
import Forecasting
import Foundation
import ModelCatalog
import SeriesData
import Yams

/// A declarative outcome: which series measures it, what counts as success, by when.
///
/// Specs live in `models/*.yaml`; the schema is documented in `docs/Outcomes.md`. A spec is
/// decoded (`OutcomeSpec.load(url:)`) and then validated as a whole so that every problem
/// names the file, the key and what was expected. Its fields (and those of the selections in it)
/// are read-only outside Outcomes, so a loaded spec stays the validated one.
public struct OutcomeSpec: Sendable, Equatable {
    /// Short identifier (file-name-like).
    public internal(set) var id: String
    /// Title shown on the scorecard.
    public internal(set) var title: String
    /// The strategy outcome this stands for, quoted from the strategy.
    public internal(set) var strategyOutcome: String
    /// What the proxy measures and how it relates to the outcome (honest note).
    public internal(set) var standsFor: String
    /// What data the outcome would need that the bundle lacks.
    public internal(set) var dataGaps: String
    public internal(set) var series: SeriesSelection
    public internal(set) var benchmark: BenchmarkSelection?
    public internal(set) var target: Target
    /// Candidate model names (`auto` = every family); see ``CandidateModel``.
    public internal(set) var models: [CandidateModel]
    /// Number of simulated values of the target statistic.
    public internal(set) var paths: Int
    /// Seed of the simulation (xoshiro256**); by default the FNV-1a hash of `id`.
    public internal(set) var seed: UInt64
    /// Path of the spec file (for messages).
    public internal(set) var file: String
    /// `parts:` — the whole and its parts, reconciled for the report (``PartsSelection``).
    public internal(set) var parts: PartsSelection? = nil
}

/// Where the outcome's series comes from.
public struct SeriesSelection: Sendable, Equatable {
    public enum Format: String, Sendable, Equatable, CaseIterable {
        /// Tidy long CSV (period, value, key columns), e.g. Fingertips LAPE extracts, police.uk counts.
        case tidy
        /// ONS recorded crime by police force area (rolling 12-month totals).
        case onsRecordedCrime = "ons-recorded-crime"
        /// DfE explore-education-statistics open data (`time_period`, `time_identifier`,
        /// `geographic_level`, codes per level, one column per measure; `EESOpenData`).
        case ees
    }
    public enum Measure: String, Sendable, Equatable, CaseIterable { case count, rate, proportion }

    /// Path relative to the repository (or absolute).
    public internal(set) var file: String
    public internal(set) var format: Format
    public internal(set) var periodColumn: String?
    public internal(set) var valueColumn: String?
    /// Key column → accepted values; several values are summed (counts only).
    public internal(set) var select: [String: [String]]
    public internal(set) var measure: Measure
    /// Unit label for tables and chart axes.
    public internal(set) var unit: String
    /// For ONS rolling totals: keep the year ending March, i.e. financial-year totals.
    public internal(set) var yearEndingMarch: Bool
    /// Fewest observations needed to project.
    public internal(set) var minimumHistory: Int
    /// The comparable areas for the pooled, calibrated projection (`series.peers`).
    public internal(set) var peers: PeerSelection? = nil
    /// `series.denominator_column`: the series is the percentage 100 × value / denominator
    /// (both columns read as counts, for each key and period); `measure` must be `proportion`.
    public internal(set) var denominatorColumn: String? = nil
    /// `series.denominator`: the denominator from another file (a proportion 100 × value /
    /// that source's value); `measure` must be `proportion`. See ``LinkedSource``.
    public internal(set) var denominator: LinkedSource? = nil
    /// `series.awaiting`: the series file is one the user supplies (e.g. local treatment numbers
    /// not published openly); until it exists the outcome is **Not assessable** and the
    /// scorecard names the file, its columns and this description.
    public internal(set) var awaiting: String? = nil
}

/// The comparator (England by default) for the latest-period comparison.
public struct BenchmarkSelection: Sendable, Equatable {
    public enum Polarity: String, Sendable, Equatable, CaseIterable {
        case lowIsGood = "low-is-good", highIsGood = "high-is-good", none
    }
    public internal(set) var label: String
    public internal(set) var select: [String: [String]]
    public internal(set) var polarity: Polarity
    /// A column with the publisher's own comparison (e.g. Fingertips `significance`).
    public internal(set) var publishedComparisonColumn: String?
    /// `benchmark.source`: the benchmark from another publication (rows by `select`).
    public internal(set) var source: LinkedSource? = nil
}

/// What success means at the deadline.
public struct Target: Sendable, Equatable {
    public enum Rule: String, Sendable, Equatable, CaseIterable {
        /// Deadline value < baseline value.
        case belowBaseline = "below-baseline"
        /// Deadline value > baseline value.
        case aboveBaseline = "above-baseline"
        /// Deadline value ≤ baseline·(1 + value/100) when value < 0, ≥ when value > 0.
        case relativeChange = "relative-change"
        /// Deadline value ≥ value.
        case atLeast = "at-least"
        /// Deadline value ≤ value.
        case atMost = "at-most"
    }
    public internal(set) var rule: Rule
    public internal(set) var baseline: Period?
    public internal(set) var deadline: Period
    public internal(set) var value: Double?
    /// Plain-language statement of the target.
    public internal(set) var statement: String
}

/// `series.peers`: the key column whose other values in the same file are comparable areas.
///
/// YAML: `peers: area_code`, or `peers: {column: area_code, exclude: [E47000001]}`. The
/// benchmark's own value of that column (e.g. England) is always excluded.
public struct PeerSelection: Sendable, Equatable {
    public internal(set) var column: String
    public internal(set) var exclude: [String]
    public init(column: String, exclude: [String] = []) {
        self.column = column
        self.exclude = exclude
    }
}

/// A model the projection engine can choose among: any name of ModelCatalog's
/// `ModelRegistry.standard` (the names `safercity forecast --model` takes, stored in their
/// canonical spelling, e.g. `arima` → `auto.arima`), or `pooled-change`, the pooled change model
/// across peers (`PooledChangeModel`, which needs `series.peers` and forecasts a panel, not one
/// series, so it is not a registry model).
public struct CandidateModel: Sendable, Hashable, CustomStringConvertible {
    /// The canonical name (what the report prints).
    public let name: String
    /// The canonical name (kept for the report's code, which says `rawValue`).
    public var rawValue: String { name }
    public var description: String { name }

    /// The candidate `name` stands for: `pooled-change`, or a registry name whose parameters are
    /// checked here (an unknown name or bad parameters throw the registry's error).
    public init(_ name: String) throws(ForecastingError) {
        if name.lowercased() == Self.pooledChange.name { self = .pooledChange; return }
        _ = try ModelRegistry.standard.spec(name, period: 1)
        self.name = try ModelRegistry.standard.canonicalName(name)
    }

    private init(unchecked name: String) { self.name = name }

    /// The registry entry, nil for `pooled-change`.
    public var entry: ModelEntry? { self == .pooledChange ? nil : ModelRegistry.standard.resolve(name)?.entry }

    /// The model spec for a series of seasonal period `period`.
    public func spec(period: Int) throws(ForecastingError) -> any ForecastModelSpec {
        guard self != .pooledChange else {
            throw .invalidSpecification("pooled-change forecasts a panel of peers, not one series")
        }
        return try ModelRegistry.standard.spec(name, period: period)
    }

    public static let naive = CandidateModel(unchecked: "naive")
    public static let drift = CandidateModel(unchecked: "drift")
    public static let mean = CandidateModel(unchecked: "mean")
    public static let ets = CandidateModel(unchecked: "ets")
    public static let theta = CandidateModel(unchecked: "theta")
    /// forecast::auto.arima (Forecasting's `AutoArima`); `arima` in specs written before issue 15.
    public static let autoArima = CandidateModel(unchecked: "auto.arima")
    /// Least-squares linear trend (ModelCatalog's `linear-trend` entry, Regression's `LinearModelForecaster`).
    public static let linearTrend = CandidateModel(unchecked: "linear-trend")
    /// Negative-binomial GLM with a log-linear trend (counts only).
    public static let negbinTrend = CandidateModel(unchecked: "negbin-trend")
    /// The pooled change model across peers (`PooledChangeModel`); needs `series.peers`.
    public static let pooledChange = CandidateModel(unchecked: "pooled-change")
    /// The default forecast combination (Forecasting's `Combination.standard`: the median of
    /// automatic ETS, auto.arima, CES and DOTM, mixture intervals widened for trend estimation). Opt-in (`models: [auto, combo]`): not in `automatic`,
    /// because it refits auto.arima at every backtest origin of every outcome.
    public static let combo = CandidateModel(unchecked: "combo")
    /// The families `auto` expands to (the GLM only for counts).
    public static let automatic: [CandidateModel] = [.naive, .drift, .ets, .theta, .autoArima, .linearTrend]
    public static func automatic(for measure: SeriesSelection.Measure) -> [CandidateModel] {
        measure == .count ? automatic + [.negbinTrend] : automatic
    }
}

// MARK: - Loading and validation

extension OutcomeSpec {
    /// Reads and validates one spec file.
    public static func load(url: URL) throws(OutcomesError) -> OutcomeSpec {
        try parse(yaml: try readText(url), file: url.path)
    }

    /// Largest spec or strategy file read: an outcome spec is a few KB.
    public static let maxFileBytes = 1 << 20

    /// The text of a spec or strategy file, with plain reasons (no such file, a folder, a device,
    /// too large, not UTF-8) instead of Foundation's "The operation could not be completed".
    static func readText(_ url: URL) throws(OutcomesError) -> String {
        let file = url.path
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: file) else {
            throw .unreadableSpec(file: file, reason: "no such file")
        }
        if let type = attributes[.type] as? FileAttributeType, type != .typeRegular {
            throw .unreadableSpec(file: file, reason: type == .typeDirectory
                ? "is a folder; give a spec file (.yaml)" : "is not a regular file (a device, pipe or socket); give a spec file (.yaml)")
        }
        if let size = attributes[.size] as? Int, size > maxFileBytes {
            throw .unreadableSpec(file: file, reason: "is \(size) bytes, over the \(maxFileBytes / 1024) KiB a spec may have; is it the right file?")
        }
        guard let data = FileManager.default.contents(atPath: file) else {
            throw .unreadableSpec(file: file, reason: "cannot be read (permission denied?)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw .unreadableSpec(file: file, reason: "is not UTF-8 text; save it as UTF-8 YAML")
        }
        return text
    }

    /// Reads every `*.yaml`/`*.yml` spec in a folder, sorted by file name.
    public static func loadAll(directory: URL) throws(OutcomesError) -> [OutcomeSpec] {
        guard FileManager.default.isFolder(atPath: directory.path) else {
            throw .unreadableSpec(file: directory.path, reason: "no such folder; expected a folder of *.yaml outcome specs")
        }
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: directory.path) } catch {
            throw .unreadableSpec(file: directory.path, reason: "cannot list the folder (permission denied?)")
        }
        var out: [OutcomeSpec] = []
        for n in names.sorted() where n.hasSuffix(".yaml") || n.hasSuffix(".yml") {
            out.append(try load(url: directory.appendingPathComponent(n)))
        }
        if out.isEmpty { throw .unreadableSpec(file: directory.path, reason: "no *.yaml outcome specs in the folder") }
        return out
    }

    /// Parses YAML text; `file` names it in messages.
    public static func parse(yaml: String, file: String) throws(OutcomesError) -> OutcomeSpec {
        let node: Node?
        do { node = try Yams.compose(yaml: yaml) } catch {
            throw .unreadableSpec(file: file, reason: "not valid YAML: \(error)")
        }
        guard let root = node, let map = root.mapping else {
            throw .unreadableSpec(file: file, reason: "the document must be a mapping of keys (id, title, series, target, …)")
        }
        let r = SpecReader(file: file)
        try r.rejectUnknown(map, allowed: ["id", "title", "strategy_outcome", "stands_for", "data_gaps", "series",
                                           "benchmark", "target", "models", "simulation", "parts"], at: "")
        let seriesMap = try r.mapping(map, "series", at: "")
        try r.rejectUnknown(seriesMap, allowed: ["file", "format", "period_column", "value_column", "select", "measure",
                                                 "unit", "year_ending_march", "minimum_history", "peers", "denominator_column",
                                                 "denominator", "awaiting"], at: "series")
        let format = try r.enumeration(seriesMap, "format", at: "series", as: SeriesSelection.Format.self)
        var series = SeriesSelection(
            file: try r.string(seriesMap, "file", at: "series"),
            format: format,
            periodColumn: try r.optionalString(seriesMap, "period_column", at: "series"),
            valueColumn: try r.optionalString(seriesMap, "value_column", at: "series"),
            select: try r.selection(seriesMap, "select", at: "series"),
            measure: try r.enumeration(seriesMap, "measure", at: "series", as: SeriesSelection.Measure.self),
            unit: try r.string(seriesMap, "unit", at: "series"),
            yearEndingMarch: try r.optionalBool(seriesMap, "year_ending_march", at: "series") ?? false,
            minimumHistory: try r.optionalInt(seriesMap, "minimum_history", at: "series", range: 3...1000) ?? 6)
        if let node = seriesMap["peers"] {
            if let column = node.string, !column.isEmpty {
                series.peers = PeerSelection(column: column)
            } else if let pm = node.mapping {
                try r.rejectUnknown(pm, allowed: ["column", "exclude"], at: "series.peers")
                var ex: [String] = []
                if let e = pm["exclude"] {
                    guard let seq = e.sequence, seq.allSatisfy({ $0.string != nil }) else {
                        throw .invalidSpec(file: file, key: "series.peers.exclude", problem: "expected a list of values, e.g. [E47000001]")
                    }
                    ex = seq.compactMap(\.string)
                }
                series.peers = PeerSelection(column: try r.string(pm, "column", at: "series.peers"), exclude: ex)
            } else {
                throw .invalidSpec(file: file, key: "series.peers",
                                   problem: "expected a column name (e.g. area_code) or {column: area_code, exclude: [...]}")
            }
            if series.select[series.peers!.column]?.count != 1 && !(format == .onsRecordedCrime && series.peers!.column == "pfa" && series.select["pfa"]?.count == 1) {
                throw .invalidSpec(file: file, key: "series.peers",
                                   problem: "series.select must pick exactly one value of the peers column '\(series.peers!.column)' (the area assessed)")
            }
        }
        if series.yearEndingMarch && format != .onsRecordedCrime {
            throw .invalidSpec(file: file, key: "series.year_ending_march",
                               problem: "applies to the ONS rolling quarterly totals (format: ons-recorded-crime) only; remove it for a \(format.rawValue) source")
        }
        series.denominatorColumn = try r.optionalString(seriesMap, "denominator_column", at: "series")
        if series.denominatorColumn != nil {
            guard format != .onsRecordedCrime else {
                throw .invalidSpec(file: file, key: "series.denominator_column", problem: "the ONS table has one value column; a denominator needs a tidy or ees source")
            }
            guard series.measure == .proportion else {
                throw .invalidSpec(file: file, key: "series.denominator_column",
                                   problem: "a denominator makes the series a percentage: set measure: proportion (found \(series.measure.rawValue))")
            }
        }
        series.denominator = try LinkedSource.parse(r, seriesMap, "denominator", at: "series", needsSelect: true)
        series.awaiting = try r.optionalString(seriesMap, "awaiting", at: "series")
        if series.denominator != nil {
            guard series.denominatorColumn == nil, series.peers == nil else {
                throw .invalidSpec(file: file, key: "series.denominator",
                                   problem: "a denominator from another file cannot be combined with denominator_column or peers")
            }
            guard series.measure == .proportion else {
                throw .invalidSpec(file: file, key: "series.denominator",
                                   problem: "a denominator makes the series a percentage: set measure: proportion (found \(series.measure.rawValue))")
            }
        }
        if format == .ees {
            guard series.valueColumn != nil else {
                throw .invalidSpec(file: file, key: "series.value_column",
                                   problem: "an EES source needs value_column: the measure column to read, e.g. Alcohol_Misuse_parent")
            }
            if series.periodColumn != nil {
                throw .invalidSpec(file: file, key: "series.period_column",
                                   problem: "an EES source takes its periods from time_period and time_identifier; remove period_column")
            }
        }
        if format == .tidy && (series.periodColumn == nil || series.valueColumn == nil) {
            throw .invalidSpec(file: file, key: "series.period_column",
                               problem: "a tidy source needs both period_column and value_column")
        }
        if series.select.values.contains(where: { $0.count > 1 }) && series.measure != .count {
            throw .invalidSpec(file: file, key: "series.select",
                               problem: "several values may only be summed for counts (measure: count), not \(series.measure.rawValue)s")
        }

        var benchmark: BenchmarkSelection? = nil
        if map["benchmark"] != nil {
            let b = try r.mapping(map, "benchmark", at: "")
            try r.rejectUnknown(b, allowed: ["label", "select", "polarity", "published_comparison_column", "source"], at: "benchmark")
            benchmark = BenchmarkSelection(
                label: try r.string(b, "label", at: "benchmark"),
                select: try r.selection(b, "select", at: "benchmark"),
                polarity: try r.enumeration(b, "polarity", at: "benchmark", as: BenchmarkSelection.Polarity.self),
                publishedComparisonColumn: try r.optionalString(b, "published_comparison_column", at: "benchmark"),
                source: try LinkedSource.parse(r, b, "source", at: "benchmark", needsSelect: false))
        }

        let t = try r.mapping(map, "target", at: "")
        try r.rejectUnknown(t, allowed: ["rule", "baseline", "deadline", "value", "statement"], at: "target")
        let rule = try r.enumeration(t, "rule", at: "target", as: Target.Rule.self)
        let deadline = try r.period(t, "deadline", at: "target")
        let baseline = try r.optionalPeriod(t, "baseline", at: "target")
        let value = try r.optionalDouble(t, "value", at: "target")
        switch rule {
        case .belowBaseline, .aboveBaseline, .relativeChange:
            guard let b = baseline else {
                throw .invalidSpec(file: file, key: "target.baseline", problem: "rule \(rule.rawValue) needs a baseline period, e.g. 2016/17")
            }
            guard b.frequency == deadline.frequency else {
                throw .invalidSpec(file: file, key: "target.baseline",
                                   problem: "baseline \(b) (\(b.frequency)) and deadline \(deadline) (\(deadline.frequency)) must be periods of the same kind")
            }
            guard b < deadline else {
                throw .invalidSpec(file: file, key: "target.baseline", problem: "baseline \(b) must come before the deadline \(deadline)")
            }
            if rule == .relativeChange {
                guard let v = value, v != 0, v > -100 else {
                    throw .invalidSpec(file: file, key: "target.value",
                                       problem: "relative-change needs a non-zero percentage above −100, e.g. -5 for a 5% reduction")
                }
            }
        case .atLeast, .atMost:
            guard value != nil else {
                throw .invalidSpec(file: file, key: "target.value", problem: "rule \(rule.rawValue) needs a threshold value")
            }
        }

        // With peers the calibrated pooled model is the default; without, per-area selection.
        var models = series.peers != nil ? [CandidateModel.pooledChange] : CandidateModel.automatic(for: series.measure)
        if let m = map["models"] {
            guard let seq = m.sequence else {
                throw .invalidSpec(file: file, key: "models", problem: "expected a list such as [auto] or [ets, theta]")
            }
            var list: [CandidateModel] = []
            for (i, item) in seq.enumerated() {
                guard let s = item.string else {
                    throw .invalidSpec(file: file, key: "models[\(i)]", problem: "expected a model name")
                }
                if s.lowercased() == "auto" { list += CandidateModel.automatic(for: series.measure); continue }
                let line = item.mark.map { " (line \($0.line))" } ?? ""
                let c: CandidateModel
                do {
                    c = try CandidateModel(s)
                } catch {
                    let why: String
                    if case .invalidSpecification(let m) = error, m.hasPrefix("unknown forecasting method") {
                        why = "unknown model '\(s)'\(line); expected auto (the automatic set), pooled-change or one of: \(ModelRegistry.standard.help)"
                    } else {
                        why = "\(error)\(line)"
                    }
                    throw .invalidSpec(file: file, key: "models[\(i)]", problem: why)
                }
                if c == .pooledChange && series.peers == nil {
                    throw .invalidSpec(file: file, key: "models[\(i)]", problem: "pooled-change needs series.peers (the column naming comparable areas)")
                }
                if let data = c.entry?.data, data != .any, series.measure != .count {
                    throw .invalidSpec(file: file, key: "models[\(i)]", problem: "\(c.name) models counts; this series is a \(series.measure.rawValue)")
                }
                list.append(c)
            }
            guard !list.isEmpty else { throw .invalidSpec(file: file, key: "models", problem: "the list is empty") }
            models = list.reduce(into: []) { if !$0.contains($1) { $0.append($1) } }
        }
        var paths = 20_000
        // Default seed: FNV-1a of the id, so outcomes in one run draw independent streams.
        let id = try r.string(map, "id", at: "")
        var seed: UInt64 = id.utf8.reduce(0xcbf2_9ce4_8422_2325) { ($0 ^ UInt64($1)) &* 0x0000_0100_0000_01b3 }
        if map["simulation"] != nil {
            let s = try r.mapping(map, "simulation", at: "")
            try r.rejectUnknown(s, allowed: ["paths", "seed"], at: "simulation")
            paths = try r.optionalInt(s, "paths", at: "simulation", range: 100...10_000_000) ?? paths
            if let given = try r.optionalInt(s, "seed", at: "simulation", range: 0...Int.max) { seed = UInt64(given) }
        }
        var spec = OutcomeSpec(
            id: id, title: try r.string(map, "title", at: ""),
            strategyOutcome: try r.string(map, "strategy_outcome", at: ""),
            standsFor: try r.string(map, "stands_for", at: ""), dataGaps: try r.string(map, "data_gaps", at: ""),
            series: series, benchmark: benchmark,
            target: Target(rule: rule, baseline: baseline, deadline: deadline, value: value,
                           statement: try r.string(t, "statement", at: "target")),
            models: models, paths: paths, seed: seed, file: file)
        spec.parts = try PartsSelection.parse(r, map, series: series)
        return spec
    }
}

/// Typed access to a YAML mapping with messages naming file and key.
struct SpecReader {
    let file: String

    func path(_ at: String, _ key: String) -> String { at.isEmpty ? key : "\(at).\(key)" }

    func rejectUnknown(_ map: Node.Mapping, allowed: Set<String>, at: String) throws(OutcomesError) {
        for (k, _) in map {
            guard let s = k.string else { throw .invalidSpec(file: file, key: at, problem: "keys must be text") }
            if !allowed.contains(s) {
                throw .invalidSpec(file: file, key: path(at, s),
                                   problem: "unknown key; expected one of \(allowed.sorted().joined(separator: ", "))")
            }
        }
    }

    func node(_ map: Node.Mapping, _ key: String, at: String) throws(OutcomesError) -> Node {
        guard let n = map[key] else { throw .invalidSpec(file: file, key: path(at, key), problem: "required key is missing") }
        return n
    }

    func mapping(_ map: Node.Mapping, _ key: String, at: String) throws(OutcomesError) -> Node.Mapping {
        guard let m = try node(map, key, at: at).mapping else {
            throw .invalidSpec(file: file, key: path(at, key), problem: "expected a mapping of keys")
        }
        return m
    }

    func string(_ map: Node.Mapping, _ key: String, at: String) throws(OutcomesError) -> String {
        guard let s = try node(map, key, at: at).scalar?.string, !s.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw .invalidSpec(file: file, key: path(at, key), problem: "expected non-empty text")
        }
        return s.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func optionalString(_ map: Node.Mapping, _ key: String, at: String) throws(OutcomesError) -> String? {
        map[key] == nil ? nil : try string(map, key, at: at)
    }

    func optionalBool(_ map: Node.Mapping, _ key: String, at: String) throws(OutcomesError) -> Bool? {
        guard let n = map[key] else { return nil }
        guard let b = n.bool else { throw .invalidSpec(file: file, key: path(at, key), problem: "expected true or false") }
        return b
    }

    func optionalInt(_ map: Node.Mapping, _ key: String, at: String, range: ClosedRange<Int>) throws(OutcomesError) -> Int? {
        guard let n = map[key] else { return nil }
        guard let i = n.int, range.contains(i) else {
            throw .invalidSpec(file: file, key: path(at, key),
                               problem: "expected a whole number in \(range.lowerBound)…\(range.upperBound), found '\(n.string ?? "?")'")
        }
        return i
    }

    func optionalDouble(_ map: Node.Mapping, _ key: String, at: String) throws(OutcomesError) -> Double? {
        guard let n = map[key] else { return nil }
        guard let d = n.float, d.isFinite else {
            throw .invalidSpec(file: file, key: path(at, key), problem: "expected a finite number, found '\(n.string ?? "?")'")
        }
        return d
    }

    func enumeration<E: RawRepresentable & CaseIterable>(_ map: Node.Mapping, _ key: String, at: String,
                                                         as: E.Type) throws(OutcomesError) -> E where E.RawValue == String {
        let s = try string(map, key, at: at)
        guard let e = E(rawValue: s) else {
            throw .invalidSpec(file: file, key: path(at, key),
                               problem: "'\(s)' is not allowed; expected one of \(E.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return e
    }

    func period(_ map: Node.Mapping, _ key: String, at: String) throws(OutcomesError) -> Period {
        let s = try string(map, key, at: at)
        guard let (p, _) = Period.parse(s) else {
            throw .invalidSpec(file: file, key: path(at, key),
                               problem: "'\(s)' is not a period; expected e.g. 2019/20 (financial year), 2019-03 (month), 2019 Q1, 2019 (years \(Period.parsableYears.lowerBound)–\(Period.parsableYears.upperBound))")
        }
        return p
    }

    func optionalPeriod(_ map: Node.Mapping, _ key: String, at: String) throws(OutcomesError) -> Period? {
        map[key] == nil ? nil : try period(map, key, at: at)
    }

    /// `select: {column: value}` or `{column: [v1, v2]}`.
    func selection(_ map: Node.Mapping, _ key: String, at: String) throws(OutcomesError) -> [String: [String]] {
        let m = try mapping(map, key, at: at)
        var out: [String: [String]] = [:]
        for (k, v) in m {
            guard let col = k.string else { throw .invalidSpec(file: file, key: path(at, key), problem: "column names must be text") }
            if let s = v.scalar?.string { out[col] = [s] } else if let seq = v.sequence {
                let vals = seq.compactMap { $0.scalar?.string }
                guard vals.count == seq.count, !vals.isEmpty else {
                    throw .invalidSpec(file: file, key: path(at, "\(key).\(col)"), problem: "expected text or a non-empty list of texts")
                }
                out[col] = vals
            } else {
                throw .invalidSpec(file: file, key: path(at, "\(key).\(col)"), problem: "expected text or a list of texts")
            }
        }
        guard !out.isEmpty else { throw .invalidSpec(file: file, key: path(at, key), problem: "select at least one column") }
        return out
    }
}
