// SPDX-License-Identifier: GPL-3.0-or-later

/// Every ``ForecastingError`` describes itself in words (the CLI prints this text after the option
/// or file it concerns; the outcome spec loader after the file, key and line).
extension ForecastingError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .tooShort(let model, let needed, let got): "\(model) needs at least \(needed) observations, the series has \(got)"
        case .nonFinite(let i, let v): "value \(v) at observation \(i + 1) is not finite"
        case .nonPositive(let model, let i, let v): "\(model) needs positive data; observation \(i + 1) is \(v)"
        case .invalidSpecification(let s): s
        case .invalidPeriod(let model, let p): "\(model) cannot use period \(p)"
        case .parametersOutOfRange(let s): s
        case .noModelFitted: "no ETS model could be estimated"
        case .estimationFailed(let model, let reason): "\(model) could not be estimated: \(reason)"
        }
    }
}
