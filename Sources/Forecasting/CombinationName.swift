// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

/// The combination grammar of ``ForecastMethodName``:
///
///     combo[:nowiden]                  the default: median of ets + auto.arima + ces + dotm
///     combo:MEMBER+MEMBER+…[:RULE][:nowiden]
///     RULE   = mean | median | weighted          (default mean when members are listed)
///     MEMBER = any method name except a combination, e.g. ets:AAN:damped, arima:1,1,1, theta
///
/// Intervals are the members' mixture widened for trend estimation
/// (``Combination/IntervalMethod/widenedMixture``); `:nowiden` gives the plain mixture
/// (``Combination/IntervalMethod/mixture``). Point forecasts are the same either way.
///
/// Members are separated by `+`, which no method name contains; a member may contain `:` and `,`.
/// The options are read from the text after the last `+`: while it ends in `:mean`, `:median`,
/// `:weighted` or `:nowiden` (each kind at most once, in either order), that suffix is an option
/// (no method name ends so: `mean` alone is the mean method, so `combo:theta+mean` has members
/// theta and mean, and `combo:theta+mean:median` is their median).
/// One member is allowed (`combo:ets`, a one-model "combination"); a member may not repeat.
extension ForecastMethodName {
    static let combinationHelp = "combo[:MEMBER+MEMBER+…[:mean|:median|:weighted]][:nowiden]"

    /// `combo` or `combo:…`.
    static func combinationSpec(_ name: String, period: Int, registry: ModelRegistry = .forecasting) throws(ForecastingError) -> Combination {
        let lower = name.lowercased()
        if lower == "combo" { return .standard }
        guard lower.hasPrefix("combo:") else {
            throw .invalidSpecification("'\(name)': expected \(combinationHelp)")
        }
        var body = String(name.dropFirst("combo:".count))
        if body.lowercased() == "nowiden" { return Combination.standard.withoutWidening }
        var rule: Combination.Rule?, widen = true
        while true {
            let lastMember = body.split(separator: "+", omittingEmptySubsequences: false).last ?? ""
            guard let colon = lastMember.lastIndex(of: ":") else { break }
            let option = lastMember[lastMember.index(after: colon)...].lowercased()
            if let r = Combination.Rule(rawValue: option) {
                guard rule == nil else {
                    throw .invalidSpecification("'\(name)': two rules (:\(r.rawValue) and :\(rule!.rawValue)); expected at most one of :mean, :median, :weighted")
                }
                rule = r
            } else if option == "nowiden" {
                guard widen else { throw .invalidSpecification("'\(name)': ':nowiden' is given twice") }
                widen = false
            } else {
                break
            }
            body = String(body.dropLast(lastMember.distance(from: colon, to: lastMember.endIndex)))
        }
        let names = body.split(separator: "+", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard !names.contains(where: \.isEmpty) else {
            throw .invalidSpecification("'\(name)': a combination lists members joined by '+', e.g. combo:ets+theta+auto.arima:median; found an empty member")
        }
        var members = [(name: String, spec: any ForecastModelSpec)]()
        for m in names {
            guard !m.lowercased().hasPrefix("combo") else {
                throw .invalidSpecification("'\(name)': a combination cannot contain a combination ('\(m)')")
            }
            guard !members.contains(where: { $0.name.lowercased() == m.lowercased() }) else {
                throw .invalidSpecification("'\(name)': member '\(m)' is listed twice")
            }
            do {
                members.append((m, try registry.spec(m, period: period)))
            } catch .invalidSpecification(let why) {
                throw .invalidSpecification("'\(name)': member \(why)")
            } catch {
                throw error
            }
        }
        return Combination(members: members, rule: rule ?? .mean, intervalMethod: widen ? .widenedMixture : .mixture)
    }

    /// Splits a comma-separated `--models` list into method names, keeping the commas that belong
    /// to a name: a comma followed by a digit, `.` or `-` continues the previous name
    /// (`arima:1,1,1`, `tsb:0.1,0.2`, `combo:arima:0,1,1+theta`), any other comma separates. Names
    /// are trimmed; empty names are dropped.
    public static func splitList(_ text: String) -> [String] {
        var out = [String]()
        for piece in text.split(separator: ",", omittingEmptySubsequences: false) {
            let t = piece.trimmingCharacters(in: .whitespaces)
            if let first = t.first, first.isNumber || first == "." || first == "-", !out.isEmpty {
                out[out.count - 1] += "," + t
            } else {
                out.append(t)
            }
        }
        return out.filter { !$0.isEmpty }
    }
}
