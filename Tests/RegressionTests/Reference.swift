// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Regression
import _TestSupport

/// The committed R reference (notebooks-data/references/regression/reference.json, made by
/// make_reference.R with R's lm/glm/MASS::glm.nb/sandwich/lmtest).
enum Reference {
    typealias Object = [String: Any]
    nonisolated(unsafe) static let root: Object = {
        let data = Data(TestSupport.text("references/regression/reference.json").utf8)
        return try! JSONSerialization.jsonObject(with: data) as! Object
    }()
    static var cases: [Object] { root["cases"] as! [Object] }
    static func caseNamed(_ id: String) -> Object { cases.first { $0["id"] as! String == id }! }
    static func ids(model: String) -> [String] {
        cases.filter { $0["model"] as! String == model && $0["its"] == nil }.map { $0["id"] as! String }
    }

    /// The series' values and calendar.
    static func series(_ name: String) -> (values: [Double], calendar: SeriesCalendar) {
        let s = (root["series"] as! Object)[name] as! Object
        let values = doubles(s["values"])
        let start = (s["start"] as! [Any]).map { ($0 as! NSNumber).intValue }
        let calendar: SeriesCalendar
        switch (s["frequency"] as! NSNumber).intValue {
        case 12: calendar = .monthly(startYear: start[0], startMonth: start[1])
        case 4: calendar = .quarterly(startYear: start[0], startQuarter: start[1])
        default: calendar = name == "StokeAlcohol" ? .financialYears(startingIn: start[0]) : .calendarYears(startingIn: start[0])
        }
        return (values, calendar)
    }

    /// The spec a case describes (with its interventions re-labelled in the calendar's format).
    static func spec(_ c: Object) throws -> RegressionSpec {
        let ivs = (c["interventions"] as! [String]).joined(separator: ",")
        return RegressionSpec(trend: try .init(parsing: c["trend"] as! String),
                              season: try .init(parsing: c["season"] as! String),
                              interventions: ivs.isEmpty ? [] : try RegressionSpec.Intervention.parseList(ivs))
    }

    static func doubles(_ any: Any?) -> [Double] { (any as! [Any]).map { ($0 as! NSNumber).doubleValue } }
    static func double(_ any: Any?) -> Double { (any as! NSNumber).doubleValue }
    static func int(_ any: Any?) -> Int { (any as! NSNumber).intValue }
}

/// Largest relative error over paired arrays (absolute when the reference is 0).
func maxRelativeError(_ a: [Double], _ r: [Double]) -> Double {
    precondition(a.count == r.count, "length \(a.count) vs reference \(r.count)")
    return TestSupport.worst(zip(a, r).map { TestSupport.relativeError($0, $1) })
}

func maxAbsoluteError(_ a: [Double], _ r: [Double]) -> Double {
    precondition(a.count == r.count, "length \(a.count) vs reference \(r.count)")
    return TestSupport.worst(zip(a, r).map { $0.isFinite && $1.isFinite ? abs($0 - $1) : ($0 == $1 ? 0 : .infinity) })
}
