// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import _TestSupport

/// Reads the committed R reference outputs in notebooks-data/references/forecasting/
/// (produced by make_reference.R there, R 4.2.2 + forecast 8.20).
enum Reference {
    typealias Object = [String: Any]

    static func load(_ file: String) -> [Object] {
        let text = TestSupport.text("references/forecasting/\(file)")
        guard let json = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [Object] else {
            preconditionFailure("malformed reference JSON \(file)")
        }
        return json
    }

    /// A numeric array; JSON null (R NA) becomes NaN.
    static func doubles(_ o: Object, _ key: String) -> [Double] {
        if let v = o[key] as? NSNumber { return [v.doubleValue] }
        guard let a = o[key] as? [Any] else { preconditionFailure("missing array \(key)") }
        return a.map { ($0 as? NSNumber)?.doubleValue ?? .nan }
    }

    static func double(_ o: Object, _ key: String) -> Double {
        guard let v = o[key] as? NSNumber else { preconditionFailure("missing number \(key)") }
        return v.doubleValue
    }

    static func object(_ o: Object, _ key: String) -> Object {
        guard let v = o[key] as? Object else { preconditionFailure("missing object \(key)") }
        return v
    }

    /// Largest |a − b| / max(1, |b|) over the pairs where b is not NaN (and a is, then ∞).
    static func maxScaledError(_ a: [Double], _ b: [Double]) -> Double {
        precondition(a.count == b.count, "length \(a.count) vs \(b.count)")
        var worst = 0.0
        for (x, r) in zip(a, b) where !r.isNaN {
            if x.isNaN { return .infinity }
            worst = TestSupport.worse(worst, abs(x - r) / max(1, abs(r)))
        }
        return worst
    }

    /// Largest relative error |a − b| / |b|.
    static func maxRelativeError(_ a: [Double], _ b: [Double]) -> Double {
        precondition(a.count == b.count, "length \(a.count) vs \(b.count)")
        var worst = 0.0
        for (x, r) in zip(a, b) where !r.isNaN { worst = TestSupport.worse(worst, TestSupport.relativeError(x, r)) }
        return worst
    }
}
