// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

extension RecordText {
    /// A number for a `JSONSerialization` object: the value, or `NSNull` (JSON `null`) when it is
    /// missing, NaN or infinite — the same rule as `jsonNumber` for streamed records and as the
    /// `Codable` forms of `Forecast` and `PredictionInterval`. The one place the CLI's and the
    /// report's dictionary-built JSON turn non-finite numbers into `null`.
    public static func jsonSerializationValue(_ v: Double?) -> Any { v.flatMap(\.finiteOrNil) ?? NSNull() }
}
