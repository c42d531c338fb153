// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Distributions

/// A two-sided confidence level as a fraction in (0, 1), e.g. 0.95 or 0.998.
///
/// PHE/OHID publish 95% and 99.8% intervals ("2 and 3 standard deviations"); both are
/// provided as `.p95` and `.p998`. `z` is the two-sided critical value
/// Φ⁻¹(1 − (1 − level)/2) from the `Distributions` normal quantile.
public struct ConfidenceLevel: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The level as a fraction, 0 < value < 1.
    public let value: Double

    /// - Precondition: 0 < value < 1.
    public init(_ value: Double) {
        precondition(value > 0 && value < 1, "confidence level must be a fraction in (0, 1), got \(value)")
        self.value = value
    }

    /// Parses "95", "99.8", "0.95" or "0.998" (a percentage if > 1).
    public init?(parsing text: String) {
        guard let v = Double(text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "%", with: "")) else { return nil }
        let f = v > 1 ? v / 100 : v
        guard f > 0, f < 1 else { return nil }
        self.value = f
    }

    public static let p95 = ConfidenceLevel(0.95)
    public static let p998 = ConfidenceLevel(0.998)

    /// Lower-tail probability α/2.
    public var lowerTail: Double { (1 - value) / 2 }
    /// Upper-tail probability 1 − α/2.
    public var upperTail: Double { 1 - (1 - value) / 2 }

    /// Two-sided critical value z = Φ⁻¹(1 − α/2): 1.959964 for 95%, 3.090232 for 99.8%.
    public var z: Double { standardNormalQuantile(upperTail) }

    /// "95" or "99.8".
    public var percentText: String {
        let p = value * 100
        return p == p.rounded() ? String(Int(p)) : String(format: "%g", p)
    }

    public var description: String { percentText + "%" }
}

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
