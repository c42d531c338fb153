// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

extension RecordText {
    /// A number for a `JSONSerialization` object: the value, or `NSNull` (JSON `null`) when it is
    /// missing, NaN or infinite — the same rule as `jsonNumber` for streamed records and as the
    /// `Codable` forms of `Forecast` and `PredictionInterval`. The one place the CLI's and the
    /// report's dictionary-built JSON turn non-finite numbers into `null`.
    public static func jsonSerializationValue(_ v: Double?) -> Any { v.flatMap(\.finiteOrNil) ?? NSNull() }

    /// A `JSONSerialization` object as text: pretty-printed with sorted keys (the report's
    /// `report.json`, `assess --format json`, `fit`'s and `forecast`'s JSON), or on one line with
    /// `pretty: false`. The one place dictionary-built JSON becomes text.
    public static func jsonText(_ object: Any, pretty: Bool = true) throws -> String {
        let data = try JSONSerialization.data(withJSONObject: object, options: pretty ? [.prettyPrinted, .sortedKeys] : [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }
}
