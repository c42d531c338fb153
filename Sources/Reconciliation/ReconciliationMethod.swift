// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

/// A forecast reconciliation method, by the names analysts type (`--reconcile`).
///
/// | name | method | reference |
/// |---|---|---|
/// | `bottom-up` | ỹ = S ŷ_b | Dunn, Williams & DeChaine (1976) |
/// | `top-down:average-proportions` | p_j = mean_t(y_jt / y_top,t) | Gross & Sohl (1990) |
/// | `top-down:proportion-averages` | p_j = mean_t y_jt / mean_t y_top,t | Gross & Sohl (1990) |
/// | `top-down:forecast-proportions` | each child's share of its siblings' base forecasts, level by level | Athanasopoulos, Ahmed & Hyndman (2009) |
/// | `middle-out:LEVEL[:PROPORTIONS]` | bottom-up above LEVEL, top-down below it | Hyndman & Athanasopoulos, *FPP3* §11.2 |
/// | `ols` | MinT with W = I | Hyndman et al. (2011) |
/// | `wls-struct` | W = diag(S 1) (number of bottom series under each node) | Athanasopoulos et al. (2017) |
/// | `wls-var` | W = diag of in-sample residual mean squares | Wickramasuriya et al. (2019) |
/// | `mint-shrink` | W = Schäfer–Strimmer shrinkage of the residual covariance | Wickramasuriya et al. (2019) |
/// | `mint-cov` | W = sample covariance of the residuals | Wickramasuriya et al. (2019) |
///
/// Any MinT method takes `:nonnegative` (e.g. `wls-struct:nonnegative`) for counts: the bottom
/// forecasts minimise the same weighted distance subject to b ≥ 0 (Wickramasuriya, Turlach &
/// Hyndman 2020, doi:10.1007/s11222-020-09930-0).
public enum ReconciliationMethod: Sendable, Hashable, CustomStringConvertible {
    case bottomUp
    case topDown(Proportions)
    /// Bottom-up above the named level (e.g. "force/la"), top-down below it.
    case middleOut(level: String, Proportions)
    case minTrace(Weights, nonnegative: Bool)

    /// How top-down splits a parent forecast among its children.
    public enum Proportions: String, Sendable, Hashable, CaseIterable {
        case averageProportions = "average-proportions"
        case proportionAverages = "proportion-averages"
        case forecastProportions = "forecast-proportions"
    }

    /// The MinT weighting matrix W.
    public enum Weights: String, Sendable, Hashable, CaseIterable {
        case ols = "ols"
        case wlsStructural = "wls-struct"
        case wlsVariance = "wls-var"
        case shrink = "mint-shrink"
        case sample = "mint-cov"
        /// W is diagonal: solved in O(n) memory with the block structure, at any scale.
        public var isDiagonal: Bool { self == .ols || self == .wlsStructural || self == .wlsVariance }
        /// W comes from in-sample residuals.
        public var needsResiduals: Bool { self == .wlsVariance || self == .shrink || self == .sample }
    }

    public static let help = "bottom-up | top-down:average-proportions | top-down:proportion-averages | top-down:forecast-proportions | middle-out:LEVEL[:PROPORTIONS] | ols | wls-struct | wls-var | mint-shrink | mint-cov (MinT methods take :nonnegative)"

    /// Parses a method name (see the table above).
    public static func parse(_ text: String) throws(ReconciliationError) -> ReconciliationMethod {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        var parts = t.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        switch parts[0] {
        case "bottom-up", "bu", "bottomup":
            guard parts.count == 1 else { throw .unknownMethod(text) }
            return .bottomUp
        case "top-down", "td":
            guard parts.count == 2, let p = Proportions(rawValue: parts[1]) else { throw .unknownMethod(text) }
            return .topDown(p)
        case "middle-out", "mo":
            guard parts.count == 2 || parts.count == 3, !parts[1].isEmpty else { throw .unknownMethod(text) }
            // Keep the level's spelling as typed (column names are case-sensitive).
            let level = text.trimmingCharacters(in: .whitespaces).split(separator: ":", omittingEmptySubsequences: false)[1]
            var p = Proportions.forecastProportions
            if parts.count == 3 { guard let q = Proportions(rawValue: parts[2]) else { throw .unknownMethod(text) }; p = q }
            return .middleOut(level: String(level), p)
        default:
            var nonnegative = false
            if parts.count == 2, parts[1] == "nonnegative" || parts[1] == "non-negative" { nonnegative = true; parts.removeLast() }
            let name = parts[0] == "wls" ? "wls-struct" : parts[0] == "mint" ? "mint-shrink" : parts[0]
            guard parts.count == 1, let w = Weights(rawValue: name) else { throw .unknownMethod(text) }
            return .minTrace(w, nonnegative: nonnegative)
        }
    }

    public var description: String {
        switch self {
        case .bottomUp: "bottom-up"
        case .topDown(let p): "top-down:\(p.rawValue)"
        case .middleOut(let level, let p): "middle-out:\(level):\(p.rawValue)"
        case .minTrace(let w, let nn): w.rawValue + (nn ? ":nonnegative" : "")
        }
    }
}
