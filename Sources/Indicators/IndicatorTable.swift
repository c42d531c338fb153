// SPDX-License-Identifier: GPL-3.0-or-later
import Distributions
import Foundation
import SeriesData

/// One row of indicator data: an area's count and denominator for a period and breakdown,
/// optionally with the values a publisher printed (used to detect and verify the method).
public struct IndicatorRow: Hashable, Sendable, Codable {
    public var areaCode: String
    public var areaName: String
    public var period: String
    /// Everything else that must match for two rows to be compared (sex, age, category…),
    /// joined with " | "; empty for a tidy file.
    public var breakdown: String
    /// Fingertips "Area Type" (Country, Region, County & UA…); empty for a tidy file.
    public var areaType: String
    public var count: Double?
    public var denominator: Double?
    public var publishedValue: Double?
    public var publishedLower95: Double?
    public var publishedUpper95: Double?
    public var publishedLower998: Double?
    public var publishedUpper998: Double?
    /// The publisher's "Compared to England" text, if any.
    public var publishedComparison: String?
    /// Parent area (Fingertips "Parent Name", e.g. the region of a County & UA), if any.
    public var parentName: String?
    /// The publisher's "Compared to Region" (parent) text, if any.
    public var publishedComparisonToParent: String?
    /// Source line in the file (1-based, the record's first line), for messages.
    public var line: Int
    /// The breakdown for people: "Campylobacter incidence rate/100,000, Persons, All ages" rather
    /// than the key "93356 | Persons | All ages |  | " (defaults to `breakdown`).
    public var breakdownLabel: String = ""
    /// `breakdownLabel`, or `breakdown` when no label was given.
    public var breakdownText: String { breakdownLabel.isEmpty ? breakdown : breakdownLabel }

    public init(areaCode: String, areaName: String, period: String, breakdown: String = "",
                areaType: String = "", count: Double?, denominator: Double?, publishedValue: Double? = nil,
                publishedLower95: Double? = nil, publishedUpper95: Double? = nil,
                publishedLower998: Double? = nil, publishedUpper998: Double? = nil,
                publishedComparison: String? = nil, parentName: String? = nil,
                publishedComparisonToParent: String? = nil, line: Int = 0) {
        self.areaCode = areaCode
        self.areaName = areaName
        self.period = period
        self.breakdown = breakdown
        self.areaType = areaType
        self.count = count
        self.denominator = denominator
        self.publishedValue = publishedValue
        self.publishedLower95 = publishedLower95
        self.publishedUpper95 = publishedUpper95
        self.publishedLower998 = publishedLower998
        self.publishedUpper998 = publishedUpper998
        self.publishedComparison = publishedComparison
        self.parentName = parentName
        self.publishedComparisonToParent = publishedComparisonToParent
        self.line = line
    }

    /// Matches an area by name or code, case-insensitively.
    public func isArea(_ nameOrCode: String) -> Bool {
        areaName.caseInsensitiveCompare(nameOrCode) == .orderedSame
            || areaCode.caseInsensitiveCompare(nameOrCode) == .orderedSame
    }
}

/// How an indicator's intervals are computed from count and denominator.
public enum IndicatorMethod: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Proportion × multiplier with a Wilson interval.
    case wilson(criticalValue: CriticalValue)
    /// Rate × multiplier with Poisson count limits.
    case rate(PoissonCountMethod, criticalValue: CriticalValue)

    public static let wilson = IndicatorMethod.wilson(criticalValue: .exact)
    public static let pheRate = IndicatorMethod.rate(.phe, criticalValue: .exact)
    public static let byar = IndicatorMethod.rate(.byar, criticalValue: .exact)
    public static let exact = IndicatorMethod.rate(.exact, criticalValue: .exact)

    /// Candidates tried by `MethodDetection`, in order of preference on ties.
    public static let candidates: [IndicatorMethod] = [
        .pheRate, .exact, .byar, .rate(.byar, criticalValue: .roundedToTwoDecimals),
        .rate(.phe, criticalValue: .roundedToTwoDecimals), .wilson, .wilson(criticalValue: .roundedToTwoDecimals),
    ]

    public var description: String {
        switch self {
        case .wilson(let c): return c == .exact ? "Wilson score" : "Wilson score (z rounded to 2 dp)"
        case .rate(let m, let c):
            let base: String
            switch m {
            case .phe: base = "exact Poisson (count < 10) / Byar's method"
            case .byar: base = "Byar's method"
            case .exact: base = "exact Poisson (chi-squared)"
            }
            return c == .exact ? base : base + " (z rounded to 2 dp)"
        }
    }

    /// Estimate for one count/denominator.
    public func estimate(count: Double, denominator: Double, level: ConfidenceLevel,
                         multiplier: Double) throws(IndicatorsError) -> IndicatorEstimate {
        switch self {
        case .wilson(let c):
            return try Proportion.estimate(successes: count, trials: denominator, level: level,
                                           multiplier: multiplier, criticalValue: c)
        case .rate(let m, let c):
            return try CrudeRate.estimate(count: count, denominator: denominator, level: level,
                                          multiplier: multiplier, method: m, criticalValue: c)
        }
    }
}

/// Finds, from the numbers alone, which method and multiplier reproduce a publisher's values
/// and 95% limits.
public enum MethodDetection {
    public struct Finding: Hashable, Sendable, Codable {
        public var method: IndicatorMethod
        public var multiplier: Double
        /// Rows whose value and both 95% limits matched to `tolerance` relative.
        public var matched: Int
        /// Rows with a count, denominator and published 95% limits.
        public var checked: Int
        public var maxRelativeError: Double
    }

    /// The multiplier m (a power of ten) with value ≈ count/denominator × m, from the median
    /// ratio over rows with all three; nil if no row has them.
    public static func multiplier(_ rows: [IndicatorRow]) -> Double? {
        var ratios: [Double] = []
        for r in rows {
            if let v = r.publishedValue, let c = r.count, let d = r.denominator, c > 0, d > 0, v > 0 {
                ratios.append(v * d / c)
            }
        }
        guard !ratios.isEmpty else { return nil }
        ratios.sort()
        let med = ratios[ratios.count / 2]
        return pow(10, log10(med).rounded())
    }

    static func relErr(_ a: Double, _ b: Double) -> Double {
        a == b ? 0 : (b == 0 ? abs(a) : abs(a - b) / abs(b))
    }

    /// Scores every candidate method on `rows` (rows of one indicator and breakdown) and
    /// returns them best first (most rows matched, then smallest worst error).
    ///
    /// - Complexity: O(candidates × rows).
    public static func rank(_ rows: [IndicatorRow], tolerance: Double = 1e-6) -> [Finding] {
        guard let m = multiplier(rows) else { return [] }
        let usable = rows.filter {
            $0.count != nil && $0.denominator != nil && $0.publishedLower95 != nil && $0.publishedUpper95 != nil
        }
        var findings: [Finding] = []
        for method in IndicatorMethod.candidates {
            var matched = 0, worst = 0.0
            for r in usable {
                guard let e = try? method.estimate(count: r.count!, denominator: r.denominator!, level: .p95, multiplier: m) else {
                    worst = .infinity
                    continue
                }
                let err = max(relErr(e.lower, r.publishedLower95!), relErr(e.upper, r.publishedUpper95!),
                              r.publishedValue.map { relErr(e.value, $0) } ?? 0)
                worst = max(worst, err)
                if err <= tolerance { matched += 1 }
            }
            findings.append(Finding(method: method, multiplier: m, matched: matched, checked: usable.count, maxRelativeError: worst))
        }
        return findings.enumerated().sorted {
            $0.element.matched != $1.element.matched ? $0.element.matched > $1.element.matched
                : ($0.element.maxRelativeError != $1.element.maxRelativeError
                    ? $0.element.maxRelativeError < $1.element.maxRelativeError : $0.offset < $1.offset)
        }.map(\.element)
    }
}

/// One area's comparison with the benchmark for a period and breakdown.
public struct ComparisonRow: Hashable, Sendable, Codable {
    public var areaCode: String
    public var areaName: String
    public var period: String
    public var breakdown: String
    public var areaType: String
    /// nil when the row has no count/denominator (e.g. suppressed or combined areas).
    public var estimate: IndicatorEstimate?
    public var benchmarkValue: Double?
    public var category: ComparisonCategory
    /// The publisher's category for the same comparison ("Compared to England", or
    /// "Compared to Region" with the parent benchmark), if the file has one.
    public var publishedComparison: String?
    public var line: Int
    /// The breakdown for people (indicator name, sex, age).
    public var breakdownLabel: String = ""
    /// Where `category` comes from.
    public var basis: ComparisonBasis = .computed
    /// The publisher's value and 95% limits, for rows without count and denominator.
    public var publishedValue: Double? = nil
    public var publishedLower: Double? = nil
    public var publishedUpper: Double? = nil
    /// Position among the areas of the same period, breakdown and area type (benchmark left
    /// out): 1 = best by the polarity (lowest when low is good; highest otherwise); ties share
    /// the better rank. See `BenchmarkComparisonTable.rankAreas()`.
    public var rank: Int? = nil
    /// Number of areas ranked with this one.
    public var rankedAreas: Int? = nil
    /// Share of the other ranked areas this one is better than (higher than, polarity none), 0…100.
    public var percentile: Double? = nil
    /// 1 = best fifth … 5 = worst fifth (by rank).
    public var quintile: Int? = nil

    /// The value used: computed from count and denominator, else the published value.
    public var value: Double? { estimate?.value ?? publishedValue }
    public var lower: Double? { estimate?.lower ?? publishedLower }
    public var upper: Double? { estimate?.upper ?? publishedUpper }
}

/// Where a comparison's category comes from.
public enum ComparisonBasis: String, Hashable, Sendable, Codable {
    /// The interval computed here from count and denominator.
    case computed
    /// The publisher's 95% limits against the benchmark value (no counts in the file).
    case publishedInterval = "published interval"
    /// The publisher's own significance label (no counts or limits; 95% against England only).
    case publishedSignificance = "published significance"
    /// Nothing to compare with.
    case none
}

/// The comparison of every area with a benchmark area.
public struct BenchmarkComparisonTable: Sendable, Codable {
    public var benchmark: String
    public var level: ConfidenceLevel
    public var polarity: Polarity
    /// Method and multiplier used for each breakdown ("" for a tidy file).
    public var methods: [String: String]
    public var rows: [ComparisonRow]

    /// The `benchmark` value that compares each area with its own parent area (Fingertips
    /// "Compared to Region"): "parent".
    public static let parentBenchmark = "parent"

    /// Compares every non-benchmark row with the benchmark row of the same period and
    /// breakdown, by the Fingertips rule (`BenchmarkComparison`).
    ///
    /// - Parameters:
    ///   - benchmark: an area name or code (e.g. "England", "E12000005"), or
    ///     `parentBenchmark` ("parent") to compare each row with its `parentName` area; rows
    ///     without a parent, or whose parent has no row for the period and breakdown, are
    ///     "Not compared".
    ///   - method: nil = automatic: where rows carry published 95% limits, the method that
    ///     reproduces them (`MethodDetection`); otherwise `.wilson` when `multiplier <= 100`
    ///     and the PHE rate rule (exact < 10, Byar) above.
    ///   - multiplier: nil = detected from published values, else 100,000.
    /// - Complexity: O(rows) plus detection O(candidates × rows).
    public static func compare(_ rows: [IndicatorRow], benchmark: String, method: IndicatorMethod? = nil,
                               level: ConfidenceLevel = .p95, polarity: Polarity = .lowIsGood,
                               multiplier: Double? = nil) throws(IndicatorsError) -> BenchmarkComparisonTable {
        var groups: [String: [IndicatorRow]] = [:]
        for r in rows { groups[r.breakdown, default: []].append(r) }
        var chosen: [String: (IndicatorMethod, Double)] = [:]
        for (key, g) in groups {
            let m = multiplier ?? MethodDetection.multiplier(g) ?? 100_000
            if let method {
                chosen[key] = (method, m)
            } else if let best = MethodDetection.rank(g).first, best.checked > 0 {
                chosen[key] = (best.method, multiplier ?? best.multiplier)
            } else {
                chosen[key] = (m <= 100 ? .wilson : .pheRate, m)
            }
        }
        // Benchmark values per (benchmark area, period, breakdown).
        let toParent = benchmark.caseInsensitiveCompare(parentBenchmark) == .orderedSame
        func key(_ area: String, _ r: IndicatorRow) -> String {
            area.lowercased() + "\u{1F}" + r.period + "\u{1F}" + r.breakdown
        }
        var bench: [String: Double] = [:]
        for r in rows where toParent || r.isArea(benchmark) {
            let (method, m) = chosen[r.breakdown]!
            var v: Double? = nil
            if let c = r.count, let d = r.denominator {
                v = try? method.estimate(count: c, denominator: d, level: level, multiplier: m).value
            }
            guard let value = v ?? r.publishedValue else { continue }
            if toParent {
                bench[key(r.areaName, r)] = value
                bench[key(r.areaCode, r)] = value
            } else {
                bench[key(benchmark, r)] = value
            }
        }
        var out: [ComparisonRow] = []
        out.reserveCapacity(rows.count)
        for r in rows where toParent || !r.isArea(benchmark) {
            let (method, m) = chosen[r.breakdown]!
            let b = toParent ? r.parentName.flatMap { bench[key($0, r)] } : bench[key(benchmark, r)]
            var est: IndicatorEstimate? = nil
            var cat = ComparisonCategory.notCompared
            var basis = ComparisonBasis.computed
            if r.count == nil || r.denominator == nil {
                (cat, basis) = publishedCategory(r, benchmark: b, benchmarkName: toParent ? nil : benchmark, level: level, polarity: polarity)
            }
            if let c = r.count, let d = r.denominator {
                do {
                    est = try method.estimate(count: c, denominator: d, level: level, multiplier: m)
                } catch {
                    throw .malformedField(path: "(input)", line: r.line, field: "Count/Denominator",
                                          value: "\(c)/\(d)", expected: "\(error)")
                }
                if let b, let est { cat = BenchmarkComparison.classify(est, benchmark: b, polarity: polarity) }
            }
            var row = ComparisonRow(areaCode: r.areaCode, areaName: r.areaName, period: r.period,
                                    breakdown: r.breakdown, areaType: r.areaType, estimate: est, benchmarkValue: b, category: cat,
                                    publishedComparison: toParent ? r.publishedComparisonToParent : r.publishedComparison,
                                    line: r.line)
            row.breakdownLabel = r.breakdownText
            row.basis = basis
            if est == nil {
                row.publishedValue = r.publishedValue
                row.publishedLower = r.publishedLower95
                row.publishedUpper = r.publishedUpper95
            }
            out.append(row)
        }
        var methods: [String: String] = [:]
        let compared = Set(out.map(\.breakdown))
        for (k, v) in chosen where compared.contains(k) { methods[k] = "\(v.0) per \(NumberFormatting.decimal(v.1, decimals: 0))" }
        var table = BenchmarkComparisonTable(benchmark: benchmark, level: level, polarity: polarity, methods: methods, rows: out)
        if out.contains(where: { $0.basis != .computed }) && !out.contains(where: { $0.estimate != nil }) {
            table.methods = ["": "published values (no counts in the file)"]
        }
        table.rankAreas()
        return table
    }

    /// The category of a row without count and denominator, from what was published:
    /// 1. published 95% limits (at `level` 95%) against the benchmark value, by the Fingertips rule;
    /// 2. else the publisher's own label ("Better", "Similar", "Worse", "Higher", "Lower") when it
    ///    answers the same question: benchmark England (name or code E92000001) at 95%;
    /// 3. else not compared.
    static func publishedCategory(_ r: IndicatorRow, benchmark b: Double?, benchmarkName: String?, level: ConfidenceLevel,
                                  polarity: Polarity) -> (ComparisonCategory, ComparisonBasis) {
        let is95 = abs(level.value - 0.95) < 1e-12
        if is95, let lo = r.publishedLower95, let hi = r.publishedUpper95, let b {
            return (BenchmarkComparison.classify(lower: lo, upper: hi, benchmark: b, polarity: polarity), .publishedInterval)
        }
        let england = benchmarkName.map { $0.caseInsensitiveCompare("England") == .orderedSame || $0.caseInsensitiveCompare("E92000001") == .orderedSame } ?? false
        if is95, england, let label = r.publishedComparison?.trimmingCharacters(in: .whitespaces).lowercased() {
            // The publisher judged with its own polarity; "Higher"/"Lower" carry none.
            for c in ComparisonCategory.allCases where c != .notCompared && label.hasPrefix(c.rawValue.lowercased()) {
                return (c, .publishedSignificance)
            }
        }
        return (.notCompared, .none)
    }

    /// Fills `rank`, `rankedAreas`, `percentile` and `quintile` for every row with a value,
    /// within each (period, breakdown, area type): rank 1 is the best value by `polarity` (lowest
    /// when low is good, highest when high is good or polarity is none); tied values share the
    /// better rank ("min" ranking, R `rank(ties.method = "min")`); percentile = 100·(N − rank)/(N − 1)
    /// is the share of the other areas this one is better than; quintile = ⌈5·rank/N⌉ (1 = best
    /// fifth). O(Σ groupSize · log groupSize).
    public mutating func rankAreas() {
        var groups: [String: [Int]] = [:]
        for (i, r) in rows.enumerated() where r.value?.isFinite == true {
            groups[r.period + "\u{1F}" + r.breakdown + "\u{1F}" + r.areaType, default: []].append(i)
        }
        let lowFirst = polarity == .lowIsGood
        for (_, idx) in groups {
            let sorted = idx.map { rows[$0].value! }.sorted(by: lowFirst ? (<) : (>))
            let n = idx.count
            for i in idx {
                let v = rows[i].value!
                // Number of strictly better values: the first position of v in the sorted order.
                var lo = 0, hi = n
                while lo < hi {
                    let mid = (lo + hi) / 2
                    if lowFirst ? sorted[mid] < v : sorted[mid] > v { lo = mid + 1 } else { hi = mid }
                }
                let rank = lo + 1
                rows[i].rank = rank
                rows[i].rankedAreas = n
                rows[i].percentile = n > 1 ? 100 * Double(n - rank) / Double(n - 1) : nil
                rows[i].quintile = min(5, max(1, Int((5 * Double(rank) / Double(n)).rounded(.up))))
            }
        }
    }
}

extension BenchmarkComparisonTable {
    /// Compares directly standardised rates (Dobson, `DirectlyStandardisedRate`) with a
    /// benchmark. `rows[i]` is one age band (label `ageBands[i]`) of one area/period/breakdown;
    /// bands are matched to `standard.bands` by label, and every area must have all of them.
    /// Areas whose total count is below 10 are "Not compared" (PHE small-count rule).
    ///
    /// - Complexity: O(rows).
    public static func compareStandardised(_ rows: [IndicatorRow], ageBands: [String], benchmark: String,
                                           standard: StandardPopulation = .esp2013, level: ConfidenceLevel = .p95,
                                           polarity: Polarity = .lowIsGood,
                                           multiplier: Double = 100_000) throws(IndicatorsError) -> BenchmarkComparisonTable {
        precondition(rows.count == ageBands.count, "one age band label per row")
        var bandIndex: [String: Int] = [:]
        for (i, b) in standard.bands.enumerated() { bandIndex[b] = i }
        struct Group { var first: IndicatorRow; var counts: [Double?]; var pops: [Double?]; var seen: Int }
        var groups: [String: Group] = [:]
        var order: [String] = []
        for (r, band) in zip(rows, ageBands) {
            guard let bi = bandIndex[band] else {
                throw .malformedField(path: "(input)", line: r.line, field: "age_band", value: band,
                                      expected: "one of \(standard.name) bands \(standard.bands.joined(separator: ", "))")
            }
            let key = [r.areaCode, r.period, r.breakdown].joined(separator: "\u{1F}")
            if groups[key] == nil {
                order.append(key)
                groups[key] = Group(first: r, counts: Array(repeating: nil, count: standard.bands.count),
                                    pops: Array(repeating: nil, count: standard.bands.count), seen: 0)
            }
            if groups[key]!.counts[bi] != nil || groups[key]!.pops[bi] != nil {
                throw .malformedField(path: "(input)", line: r.line, field: "age_band", value: band,
                                      expected: "each band once per area and period")
            }
            groups[key]!.counts[bi] = r.count ?? .nan
            groups[key]!.pops[bi] = r.denominator ?? .nan
            groups[key]!.seen += 1
        }
        func estimate(_ g: Group) throws(IndicatorsError) -> IndicatorEstimate? {
            guard g.seen == standard.bands.count else {
                throw .lengthMismatch(expected: standard.bands.count, got: g.seen,
                                      what: "age bands for \(g.first.areaName) \(g.first.period)")
            }
            let c = g.counts.map { $0! }, p = g.pops.map { $0! }
            if c.contains(where: \.isNaN) || p.contains(where: \.isNaN) { return nil }
            do {
                return try DirectlyStandardisedRate.estimate(counts: c, populations: p, standard: standard,
                                                             level: level, multiplier: multiplier)
            } catch .totalCountBelowMinimum {
                return nil
            }
        }
        var bench: [String: Double] = [:]
        for key in order where groups[key]!.first.isArea(benchmark) {
            let g = groups[key]!
            if let e = try estimate(g) { bench[g.first.period + "\u{1F}" + g.first.breakdown] = e.value }
        }
        var out: [ComparisonRow] = []
        for key in order where !groups[key]!.first.isArea(benchmark) {
            let g = groups[key]!
            let e = try estimate(g)
            let b = bench[g.first.period + "\u{1F}" + g.first.breakdown]
            let cat = (e != nil && b != nil) ? BenchmarkComparison.classify(e!, benchmark: b!, polarity: polarity) : .notCompared
            out.append(ComparisonRow(areaCode: g.first.areaCode, areaName: g.first.areaName, period: g.first.period,
                                     breakdown: g.first.breakdown, areaType: g.first.areaType, estimate: e,
                                     benchmarkValue: b, category: cat, publishedComparison: nil, line: g.first.line))
        }
        return BenchmarkComparisonTable(benchmark: benchmark, level: level, polarity: polarity,
                                        methods: ["": "Dobson DSR (\(standard.name)) per \(NumberFormatting.decimal(multiplier, decimals: 0))"], rows: out)
    }
}
