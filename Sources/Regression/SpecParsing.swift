// SPDX-License-Identifier: GPL-3.0-or-later
/// Parsing of the compact term syntax shared by the CLI and scripts:
/// trend `none | linear | poly:N`, season `none | dummies | fourier:K`,
/// interventions `step:2016-07,ramp:2016-07,pulse:2016-07`.
extension RegressionSpec.Trend {
    public init(parsing s: String) throws(RegressionError) {
        switch s {
        case "none": self = .none
        case "linear": self = .linear
        default:
            guard s.hasPrefix("poly:"), let d = Int(s.dropFirst(5)) else {
                throw .invalidTermSpecification(s, expected: "a trend: none, linear or poly:N (N = 1…6)")
            }
            guard (1...6).contains(d) else { throw .invalidTermOrder(term: "polynomial trend degree", value: d, allowed: 1...6) }
            self = d == 1 ? .linear : .polynomial(degree: d)
        }
    }
}

extension RegressionSpec.Season {
    public init(parsing s: String) throws(RegressionError) {
        switch s {
        case "none": self = .none
        case "dummies": self = .dummies
        default:
            guard s.hasPrefix("fourier:"), let k = Int(s.dropFirst(8)) else {
                throw .invalidTermSpecification(s, expected: "a season: none, dummies or fourier:K")
            }
            self = .fourier(harmonics: k)
        }
    }
}

extension RegressionSpec.Intervention {
    /// Parses a comma-separated list such as `step:2016-07,ramp:2016-07`.
    public static func parseList(_ s: String) throws(RegressionError) -> [RegressionSpec.Intervention] {
        var out: [RegressionSpec.Intervention] = []
        for item in s.split(separator: ",") {
            let parts = item.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, let kind = Kind(rawValue: String(parts[0])) else {
                throw .invalidTermSpecification(String(item), expected: "an intervention kind:period, kind one of step, ramp, pulse (e.g. step:2016-07)")
            }
            out.append(.init(kind, at: String(parts[1])))
        }
        return out
    }
}
