// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

/// A two-sided confidence level as a fraction in (0, 1), e.g. 0.95 or 0.998 — the one level type of
/// the package. Indicators uses it directly; Forecasting and Regression keep R's convention of
/// levels in percent (`level = c(80, 95)`) in their arguments and reach this type through
/// `init(percent:)` / `percent` (a multiplication or division by 100, nothing else).
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

    /// The level `percent`/100, e.g. `ConfidenceLevel(percent: 80)` is 0.8.
    /// - Precondition: 0 < percent < 100.
    public init(percent: Double) {
        precondition(percent > 0 && percent < 100, "confidence level must be a percentage in (0, 100), got \(percent)")
        self.value = percent / 100
    }

    /// The level in percent (value × 100), as Forecasting's and Regression's `levels:` arguments.
    public var percent: Double { value * 100 }

    public static let p95 = ConfidenceLevel(0.95)
    public static let p998 = ConfidenceLevel(0.998)

    /// Lower-tail probability α/2.
    public var lowerTail: Double { (1 - value) / 2 }
    /// Upper-tail probability 1 − α/2.
    public var upperTail: Double { 1 - (1 - value) / 2 }

    /// Two-sided critical value z = Φ⁻¹(1 − α/2): 1.959964 for 95%, 3.090232 for 99.8%.
    public var z: Double { Normal.standard.quantile(upperTail) }

    /// "95" or "99.8".
    public var percentText: String {
        let p = value * 100
        return p == p.rounded() ? String(Int(p)) : String(format: "%g", p)
    }

    public var description: String { percentText + "%" }
}
