// SPDX-License-Identifier: GPL-3.0-or-later

/// What can go wrong building a hierarchy or reconciling forecasts over it. Each case describes
/// itself in words an analyst can act on (which key, which node, which option).
public enum ReconciliationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A `--hierarchy` text that does not parse; `reason` says what was expected.
    case invalidHierarchy(String, reason: String)
    /// The hierarchy names a column that is not one of the panel's key columns.
    case unknownKeyColumn(String, available: [String])
    /// Two bottom series with the same key.
    case duplicateBottom(key: [String])
    /// A key value that collides with the aggregate marker `(all)`.
    case reservedKeyValue(column: String)
    /// No bottom series.
    case empty
    /// A base forecast, history or residual array of the wrong size.
    case shapeMismatch(String)
    /// A base forecast or history value that is not finite where the method needs finite values.
    case nonFinite(String)
    /// The method needs data the caller did not give (history for proportions, residuals for WLS/MinT).
    case missingInput(method: String, needs: String)
    /// Top-down and middle-out need one nested hierarchy (no crossed factors).
    case notStrictlyHierarchical(method: String)
    /// A method name that is not recognised.
    case unknownMethod(String)
    /// The weighting matrix is singular or not positive definite (e.g. a series with zero residual variance).
    case illConditioned(method: String, detail: String)
    /// The structure is too large for a method that needs dense n×n matrices.
    case tooLargeForDense(method: String, nodes: Int, limit: Int)
    /// The non-negative solver did not reach the optimality conditions.
    case nonnegativeFailed(String)

    public var description: String {
        switch self {
        case let .invalidHierarchy(text, reason):
            "--hierarchy '\(text)': \(reason); expected key columns joined by '/' for nesting and '*' for crossing, e.g. force/la/lsoa*crime_type"
        case let .unknownKeyColumn(c, available):
            "hierarchy column '\(c)' is not a key column; the key columns are \(available.joined(separator: ", "))"
        case let .duplicateBottom(key):
            "two bottom series have the same key (\(key.joined(separator: ", "))); each key must name one series"
        case let .reservedKeyValue(column):
            "key column '\(column)' has the value '\(HierarchyStructure.allMarker)', which marks aggregated levels; rename it"
        case .empty: "there are no series to reconcile"
        case let .shapeMismatch(s): s
        case let .nonFinite(s): s
        case let .missingInput(method, needs): "\(method) needs \(needs)"
        case let .notStrictlyHierarchical(method):
            "\(method) needs a single nested hierarchy (e.g. force/la/lsoa); this structure crosses factors — use bottom-up or a MinT method"
        case let .unknownMethod(m):
            "unknown reconciliation method '\(m)'; expected \(ReconciliationMethod.help)"
        case let .illConditioned(method, detail): "\(method): the weighting matrix is singular (\(detail)); try ols or wls-struct"
        case let .tooLargeForDense(method, nodes, limit):
            "\(method) needs a dense \(nodes)×\(nodes) covariance; at most \(limit) series are supported — use ols, wls-struct or wls-var"
        case let .nonnegativeFailed(s): "non-negative reconciliation failed: \(s)"
        }
    }
}
