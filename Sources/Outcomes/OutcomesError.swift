// SPDX-License-Identifier: GPL-3.0-or-later
import SeriesData

/// Problems with outcome specs and the data they point to. Every case names the spec file;
/// spec problems also name the key (dotted path, e.g. `target.deadline`).
public enum OutcomesError: Error, Sendable, CustomStringConvertible {
    /// The spec file could not be read or is not valid YAML.
    case unreadableSpec(file: String, reason: String)
    /// A key is missing, has the wrong type, or an invalid value.
    case invalidSpec(file: String, key: String, problem: String)
    /// The data file named by a spec could not be read.
    case data(spec: String, SeriesDataError)
    /// The selection in a spec matched no series (or an incomplete set of them).
    case noSeries(spec: String, key: String, problem: String)

    public var description: String {
        switch self {
        case let .unreadableSpec(file, reason): return "\(file): cannot read outcome spec: \(reason)"
        case let .invalidSpec(file, key, problem): return "\(file): key '\(key)': \(problem)"
        case let .data(spec, e): return "\(spec): data: \(e)"
        case let .noSeries(spec, key, problem): return "\(spec): key '\(key)': \(problem)"
        }
    }
}
