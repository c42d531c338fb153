// SPDX-License-Identifier: GPL-3.0-or-later

/// A period is encoded as its canonical label (`"2019-03"`, `"2019 Q1"`, `"2019"`, `"2019/20"`,
/// `"2019-W05"`, `"2019-03-31"` — its `description`) and decoded by `Period.parse`, which must give
/// back a period whose canonical label is the text read: a label in another accepted form
/// (`"Mar-19"`) is refused rather than silently reinterpreted. O(length of the label).
extension Period: Codable {
    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        let text = try c.decode(String.self)
        guard let (p, _) = Period.parse(text), p.description == text else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription:
                "\"\(text)\" is not a period in canonical form (e.g. 2019-03, 2019 Q1, 2019, 2019/20)")
        }
        self = p
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

extension Double {
    /// The value, or nil when it is NaN or infinite — how a number goes into JSON, which has no
    /// NaN (`null` instead; `RecordText.jsonNumber` writes the same for streamed records).
    @inlinable public var finiteOrNil: Double? { isFinite ? self : nil }
}
