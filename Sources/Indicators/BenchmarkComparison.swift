// SPDX-License-Identifier: GPL-3.0-or-later
/// Whether a higher indicator value is good, bad, or neither (Fingertips "polarity").
public enum Polarity: String, Hashable, Sendable, Codable, CaseIterable {
    /// e.g. mortality, crime, infection incidence: a lower value is better ("RAG - Low is good").
    case lowIsGood = "low-is-good"
    /// e.g. treatment engagement, screening coverage.
    case highIsGood = "high-is-good"
    /// No judgement: report higher / similar / lower (Fingertips "BOB", blue/orange/blue).
    case none
}

/// The Fingertips comparison categories.
public enum ComparisonCategory: String, Hashable, Sendable, Codable, CaseIterable {
    case better = "Better"
    case similar = "Similar"
    case worse = "Worse"
    case higher = "Higher"
    case lower = "Lower"
    case notCompared = "Not compared"
}

/// Comparison of an area's value with a benchmark (England, region, any area) by the
/// Fingertips rule: the benchmark is treated as a fixed value, and the area is significantly
/// different when its confidence interval excludes it.
///
///     upper < benchmark  → lower  (better if low is good, worse if high is good)
///     lower > benchmark  → higher (worse if low is good, better if high is good)
///     otherwise          → similar
///
/// At 95% this is the Fingertips "Compared to England" colour; at 99.8% the stricter one.
/// Verified on every County & UA row of the bundled Fingertips export (750/750 compared rows,
/// plus the 10 "Not compared" rows with no value). This is not a two-sample test: the
/// benchmark's own uncertainty is ignored (see `TwoSample` for a proper test).
public enum BenchmarkComparison {
    /// Category for an interval against a benchmark value. O(1).
    public static func classify(lower: Double, upper: Double, benchmark: Double,
                                polarity: Polarity) -> ComparisonCategory {
        guard lower.isFinite, upper.isFinite, benchmark.isFinite else { return .notCompared }
        if upper < benchmark {
            switch polarity {
            case .lowIsGood: return .better
            case .highIsGood: return .worse
            case .none: return .lower
            }
        }
        if lower > benchmark {
            switch polarity {
            case .lowIsGood: return .worse
            case .highIsGood: return .better
            case .none: return .higher
            }
        }
        return .similar
    }

    /// Category for an estimate against a benchmark value.
    public static func classify(_ estimate: IndicatorEstimate, benchmark: Double,
                                polarity: Polarity) -> ComparisonCategory {
        classify(lower: estimate.lower, upper: estimate.upper, benchmark: benchmark, polarity: polarity)
    }
}
