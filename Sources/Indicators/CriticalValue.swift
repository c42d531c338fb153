// SPDX-License-Identifier: GPL-3.0-or-later
import Distributions

/// How the normal critical value is obtained. PHEindicatormethods uses the exact quantile;
/// older Fingertips calculations (measured on the bundled Campylobacter export, 0–9 yrs rows)
/// used z rounded to two decimals (1.96).
public enum CriticalValue: String, Hashable, Sendable, Codable, CaseIterable {
    /// z = Φ⁻¹(1 − α/2) to full precision.
    case exact
    /// z rounded to two decimal places (1.96 for 95%, 3.09 for 99.8%).
    case roundedToTwoDecimals

    public func z(_ level: ConfidenceLevel) -> Double {
        switch self {
        case .exact: return level.z
        case .roundedToTwoDecimals: return (level.z * 100).rounded() / 100
        }
    }
}
