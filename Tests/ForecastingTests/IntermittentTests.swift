// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Distributions
import Testing
import _TestSupport
@testable import Forecasting

/// Croston (classic, optimised, SBA), TSB, ADIDA and IMAPA against statsforecast 2.1.1, and the
/// count intervals against scipy's quantiles, on 15 low-count police.uk series and 24 seeded
/// synthetic / edge-case series. Reference: notebooks-data/references/forecasting/
/// intermittent_reference.py (its CSV outputs are committed; Python is not needed here).
@Suite struct IntermittentTests {
    /// Rows of a committed CSV (lines starting with '#' skipped; double-quoted fields).
    static func rows(_ file: String) -> [[String]] {
        let text = TestSupport.text("references/forecasting/\(file)")
        var out = [[String]]()
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            var fields = [String](), field = "", quoted = false
            for ch in line {
                if ch == "\"" { quoted.toggle() } else if ch == "," && !quoted { fields.append(field); field = "" } else { field.append(ch) }
            }
            fields.append(field)
            out.append(fields)
        }
        return Array(out.dropFirst())  // header
    }

    static func number(_ s: String) -> Double {
        if s == "NaN" { return .nan }
        guard let v = Double(s) else { preconditionFailure("not a number: \(s)") }
        return v
    }

    /// series_id → values, in file order.
    static let series: [(id: String, y: [Double])] = {
        var order = [String](), values = [String: [Double]]()
        for r in rows("intermittent_series.csv") {
            if values[r[0]] == nil { order.append(r[0]) }
            values[r[0], default: []].append(number(r[4]))
        }
        return order.map { ($0, values[$0]!) }
    }()

    /// (series, model, output) → values in t order.
    static let reference: [String: [Double]] = {
        var out = [String: [Double]]()
        for r in rows("intermittent_reference.csv") { out["\(r[0])|\(r[1])|\(r[2])", default: []].append(number(r[4])) }
        return out
    }()

    static let models: [(name: String, spec: any ForecastModelSpec)] = [
        ("CrostonClassic", Croston.classic), ("CrostonOptimized", Croston.optimized), ("CrostonSBA", Croston.sba),
        ("TSB(0.1,0.1)", TSB(alphaDemand: 0.1, alphaProbability: 0.1)),
        ("TSB(0.3,0.05)", TSB(alphaDemand: 0.3, alphaProbability: 0.05)),
        ("TSB(0.5,0.2)", TSB(alphaDemand: 0.5, alphaProbability: 0.2)),
        ("ADIDA", ADIDA()), ("IMAPA", IMAPA()),
    ]

    /// Worst absolute and relative (|a − r| / |r|, r ≠ 0) differences; a NaN on one side only is
    /// an infinite difference, so the comparison fails on NaN.
    struct Diff { var abs = 0.0, rel = 0.0, values = 0 }
    static func accumulate(_ d: inout Diff, _ ours: [Double], _ ref: [Double]) {
        guard ours.count == ref.count else { d.abs = .infinity; d.rel = .infinity; return }
        for (a, r) in zip(ours, ref) {
            d.values += 1
            if a.isNaN && r.isNaN { continue }
            let e = a.isNaN || r.isNaN ? Double.infinity : Swift.abs(a - r)
            if !(e <= d.abs) { d.abs = e }
            let rel = r == 0 ? e : e / Swift.abs(r)
            if !(rel <= d.rel) { d.rel = rel }
        }
    }

    func fit(_ spec: any ForecastModelSpec, _ y: [Double]) throws -> (any FittedForecastModel) {
        func go<S: ForecastModelSpec>(_ s: S) throws -> any FittedForecastModel { try s.fit(y, period: 12) }
        return try go(spec)
    }

    @Test func pointForecastsAndFittedValuesMatchStatsforecast() throws {
        #expect(Self.series.count == 39)
        var report = [String]()
        for (name, spec) in Self.models {
            var mean = Diff(), fitted = Diff()
            for (id, y) in Self.series {
                let f = try fit(spec, y)
                let fc = try f.forecast(horizon: 3, levels: [])
                Self.accumulate(&mean, fc.mean, try #require(Self.reference["\(id)|\(name)|mean"]))
                Self.accumulate(&fitted, f.fitted, try #require(Self.reference["\(id)|\(name)|fitted"]))
            }
            // Deterministic algorithms, same arithmetic: agreement to rounding.
            #expect(mean.abs <= 1e-12 && mean.rel <= 1e-12, "\(name) mean: abs \(mean.abs) rel \(mean.rel)")
            #expect(fitted.abs <= 1e-12 && fitted.rel <= 1e-12, "\(name) fitted: abs \(fitted.abs) rel \(fitted.rel)")
            #expect(mean.values == 39 * 3)
            report.append("| \(name) | \(mean.values) | \(mean.abs) | \(mean.rel) | \(fitted.values) | \(fitted.abs) | \(fitted.rel) |")
        }
        if ProcessInfo.processInfo.environment["INTERMITTENT_REPORT"] != nil { print(report.joined(separator: "\n")) }
    }

    @Test func countIntervalsMatchScipyQuantiles() throws {
        var checked = 0, worstDispersion = 0.0
        for (id, y) in Self.series where CountIntervals.isCountSeries(y) {
            for (name, spec) in Self.models {
                let f = try #require(try fit(spec, y) as? FittedIntermittent)
                let fc = try f.forecast(horizon: 2, levels: [80, 95])
                let phi = try #require(Self.reference["\(id)|\(name)|dispersion"]?.first)
                let d = TestSupport.relativeError(try #require(f.countFamily).dispersion, phi)
                #expect(d <= 1e-12, "\(id) \(name) dispersion")
                #expect(Double(f.dispersionTerms) == Self.reference["\(id)|\(name)|dispersion_terms"]?.first, "\(id) \(name) terms")
                worstDispersion = max(worstDispersion, d)
                for level in [80.0, 95.0] {
                    let pi = try #require(fc.interval(level))
                    let lo = try #require(Self.reference["\(id)|\(name)|lower\(Int(level))"]?.first)
                    let hi = try #require(Self.reference["\(id)|\(name)|upper\(Int(level))"]?.first)
                    #expect(pi.lower == [lo, lo] && pi.upper == [hi, hi], "\(id) \(name) \(level)%: \(pi.lower) \(pi.upper) vs \(lo) \(hi)")
                    #expect(pi.lower.allSatisfy { $0 >= 0 && $0 == $0.rounded() })
                    #expect(pi.lower[0] <= fc.mean[0] || fc.mean[0] == 0, "\(id) \(name) lower limit above the mean")
                    checked += 1
                }
            }
        }
        #expect(checked == 36 * 8 * 2)  // the 3 non-integer series have no count intervals
    }

    @Test func adiAndCv2ClassesMatchTheScript() throws {
        var n = 0
        for r in Self.rows("intermittent_summary.csv") {
            let y = try #require(Self.series.first { $0.id == r[0] }).y
            let c = IntermittencyClassification(y)
            let adi = Self.number(r[2]), cv2 = Self.number(r[3])
            if adi.isNaN {
                #expect(c.category == .zero)
            } else {
                #expect(TestSupport.relativeError(c.adi, adi) <= 1e-12, "\(r[0]) ADI \(c.adi) vs \(adi)")
                #expect(Swift.abs(c.cv2 - cv2) <= 1e-12, "\(r[0]) CV² \(c.cv2) vs \(cv2)")
            }
            #expect(c.category.rawValue == r[4], "\(r[0]) class \(c.category) vs \(r[4])")
            n += 1
        }
        #expect(n == 39)
    }

    @Test func handWorkedCroston() throws {
        // y = 0 2 0 0 4: demands 2, 4 → SES(0.1) forecast 0.1·4 + 0.9·2 = 2.2; intervals 2, 3 →
        // 0.1·3 + 0.9·2 = 2.1; Croston = 2.2 / 2.1; SBA = 0.95 × that.
        let y: [Double] = [0, 2, 0, 0, 4]
        let c = try Croston.classic.fit(y, period: 1).forecast(horizon: 2, levels: [])
        #expect(Swift.abs(c.mean[0] - 2.2 / 2.1) < 1e-15 && c.mean[1] == c.mean[0])
        let s = try Croston.sba.fit(y, period: 1).forecast(horizon: 1, levels: [])
        #expect(Swift.abs(s.mean[0] - 0.95 * 2.2 / 2.1) < 1e-15)
        // TSB(0.5, 0.5): occurrence 0 1 0 0 1 → p̂ = 0.5·1 + 0.5·(0.5·0 + 0.5·(0.5·0 + 0.5·(0.5·1 + 0.5·0))) = 0.5625;
        // sizes 2, 4 → ẑ = 0.5·4 + 0.5·2 = 3.
        let t = try TSB(alphaDemand: 0.5, alphaProbability: 0.5).fit(y, period: 1).forecast(horizon: 1, levels: [])
        #expect(Swift.abs(t.mean[0] - 0.5625 * 3) < 1e-15)
    }

    @Test func countIntervalsByHand() {
        // Poisson(0.5): F(0) = 0.607, F(1) = 0.910, F(2) = 0.986 → 80%: [0, 1], 95%: [0, 2].
        #expect(CountIntervals.limits(mean: 0.5, family: .poisson, level: 80) == (0, 1))
        #expect(CountIntervals.limits(mean: 0.5, family: .poisson, level: 95) == (0, 2))
        #expect(CountIntervals.limits(mean: 0, family: .negativeBinomial(dispersion: 3), level: 95) == (0, 0))
        // Poisson(0.3): F(0) = 0.741, F(1) = 0.963 → 80%: [0, 0] (0.741 is nearer 0.80 than 0.963
        // is), 95%: [0, 1]. The equal-tailed quantiles would give [0, 1] for both.
        #expect(CountIntervals.limits(mean: 0.3, family: .poisson, level: 80) == (0, 0))
        #expect(CountIntervals.limits(mean: 0.3, family: .poisson, level: 95) == (0, 1))
        // Poisson(3), 80%: l = qpois(0.10, 3) = 1 (F(0) = 0.0498, F(1) = 0.199);
        // F(4) − F(0) = 0.765 is nearer 0.80 than F(5) − F(0) = 0.866 → u = 4 (qpois gives [1, 5]).
        #expect(CountIntervals.limits(mean: 3, family: .poisson, level: 80) == (1, 4))
        // Simulated draws 0×6, 1×3, 2: F(0) = 0.6, F(1) = 0.9 → 80%: [0, 1]; 50%: [0, 0].
        let draws: [Double] = [0, 0, 0, 0, 0, 0, 1, 1, 1, 2]
        #expect(CountIntervals.limits(level: 80, sortedDraws: draws) == (0, 1))
        #expect(CountIntervals.limits(level: 50, sortedDraws: draws) == (0, 0))
        // φ̂: y = 0 2 0 4, fits NaN 1 1 2 → ((2−1)² + (0−1)² + (4−2)²/2) / 3 = 4/3.
        let phi = CountIntervals.pearsonDispersion(y: [0, 2, 0, 4], fitted: [.nan, 1, 1, 2])
        #expect(Swift.abs(phi! - 4.0 / 3) < 1e-15)
        #expect(CountIntervals.family(y: [1, 1, 1], fitted: [.nan, 1, 1]) == .poisson)
        // Rule B: φ_L = max(φ̂, 1)·(t_{N,q}/z_q)². Table values: t_{2,0.90} = 1.885618, z_{0.90} = 1.281552,
        // t_{2,0.975} = 4.302653, z_{0.975} = 1.959964, t_{40,0.975} = 2.021075.
        func widened(_ f: CountIntervals.Family, _ n: Int, _ level: Double) -> Double {
            CountIntervals.predictiveFamily(f, terms: n, level: level).dispersion
        }
        expectClose(widened(.poisson, 2, 80), pow(1.885618 / 1.281552, 2), rtol: 1e-6)
        expectClose(widened(.negativeBinomial(dispersion: 3), 2, 95), 3 * pow(4.302653 / 1.959964, 2), rtol: 1e-6)
        expectClose(widened(.poisson, 40, 95), pow(2.021075 / 1.959964, 2), rtol: 1e-6)
        // The table (N ≤ 512) and the direct inversion past it join smoothly and decrease towards 1.
        #expect(widened(.poisson, 512, 95) > widened(.poisson, 513, 95) && widened(.poisson, 513, 95) > 1)
        expectClose(widened(.poisson, 512, 95), widened(.poisson, 513, 95), rtol: 1e-5)
        #expect(CountIntervals.predictiveFamily(.poisson, terms: 0, level: 95) == .poisson)
        // Wider with fewer terms: Poisson(24) 95% [15, 34] by the plug-in rule; N = 2 widens it.
        let plug = CountIntervals.limits(mean: 24, family: .poisson, level: 95)
        let wide = CountIntervals.limits(mean: 24, family: CountIntervals.predictiveFamily(.poisson, terms: 2, level: 95), level: 95)
        #expect(wide.lower < plug.lower && wide.upper > plug.upper)
        #expect(!CountIntervals.isCountSeries([1, 2.5]) && CountIntervals.isCountSeries([0, 3]))
    }

    @Test func nonCountDataHaveNaNLimitsAndNegativeValuesAreRejected() throws {
        let fc = try Croston.classic.fit([0, 1.5, 0, 2.25], period: 1).forecast(horizon: 1, levels: [80])
        #expect(fc.interval(80)!.lower[0].isNaN && fc.mean[0].isFinite)
        #expect(throws: ForecastingError.self) { try Croston.classic.fit([0, -1, 2], period: 1) }
        #expect(throws: ForecastingError.tooShort(model: "ADIDA", needed: 1, got: 0)) { try ADIDA().fit([], period: 1) }
    }

    @Test func methodNamesParse() throws {
        #expect(try (ForecastMethodName.spec("croston", period: 12) as! Croston).variant == .classic)
        #expect(try (ForecastMethodName.spec("Croston:Optimized", period: 12) as! Croston).variant == .optimized)
        #expect(try (ForecastMethodName.spec("croston:sba", period: 12) as! Croston).variant == .sba)
        let t = try ForecastMethodName.spec("tsb:0.3,0.05", period: 12) as! TSB
        #expect(t.alphaDemand == 0.3 && t.alphaProbability == 0.05)
        let t2 = try ForecastMethodName.spec("tsb:0.5:0.2", period: 12) as! TSB
        #expect(t2.alphaDemand == 0.5 && t2.alphaProbability == 0.2)
        #expect(try ForecastMethodName.spec("adida", period: 12) is ADIDA)
        #expect(try ForecastMethodName.spec("imapa", period: 1) is IMAPA)
        #expect(try (ForecastMethodName.spec("auto-count", period: 12) as! AutoCount).rule == .combination)
        #expect(try (ForecastMethodName.spec("auto-count:select", period: 12) as! AutoCount).rule == .rollingOrigin)
        #expect(try (ForecastMethodName.spec("auto-count:class", period: 12) as! AutoCount).rule == .demandClass)
        for (name, fragment) in [("tsb", "expected tsb:ALPHA_D:ALPHA_P"), ("tsb:0.1", "expected tsb:ALPHA_D:ALPHA_P"), ("tsb:0.1:x", "e.g. tsb:0.1:0.1"),
                                 ("tsb:0.1,1.5", "in [0, 1]"), ("croston:fast", "'classic', 'optimized' or 'sba'")] {
            do {
                _ = try ForecastMethodName.spec(name, period: 12)
                Issue.record("\(name) was accepted")
            } catch {
                guard case .invalidSpecification(let message) = error else { Issue.record("\(name): \(error)"); continue }
                #expect(message.contains(fragment), "\(name): \(message)")
            }
        }
        #expect(ForecastMethodName.help.contains("auto-count"))
    }

    @Test func autoCountPicksByRollingOriginError() throws {
        // Each reference series: the choice is the candidate whose statsforecast fitted values (the
        // one-step forecasts from origins t − 1) have the smallest mean squared error over the
        // last 24 periods, computed here independently; ties keep the earlier candidate.
        var chosen = [String: Int]()
        for (id, y) in Self.series {
            let f = try AutoCount(rule: .rollingOrigin).fit(y, period: 12)
            let fits = [try TSB(alphaDemand: 0.1, alphaProbability: 0.1).fit(y, period: 12),
                        try ADIDA().fit(y, period: 12), try IMAPA().fit(y, period: 12)]
            let mse = fits.map { fit -> Double in
                let errors = (max(1, y.count - 24)..<y.count).compactMap { t in fit.fitted[t].isNaN ? nil : pow(y[t] - fit.fitted[t], 2) }
                return errors.isEmpty ? .infinity : errors.reduce(0, +) / Double(errors.count)
            }
            let best = mse.indices.min { mse[$0] < mse[$1] || (mse[$0] == mse[$1] && $0 < $1) }!
            #expect(f.point == fits[best].point && f.method == "\(fits[best].method) (auto-count: rolling origin)", "\(id)")
            #expect(f.countFamily == fits[best].countFamily)
            chosen[fits[best].method, default: 0] += 1
            // The window-only fits (ADIDA's from IMAPA's levels) are statsforecast's fitted values, bit for bit.
            if y.contains(where: { $0 != 0 }) {
                let (adida, imapa) = AutoCount.windowFits(y)
                let window = max(1, y.count - AutoCount.window)..<y.count
                #expect(window.allSatisfy { adida[$0] == fits[1].fitted[$0] && imapa[$0] == fits[2].fitted[$0] }, "\(id)")
            }
            let fc = try f.forecast(horizon: 3, levels: [80, 95])
            #expect(fc.mean.allSatisfy { $0 >= 0 })
            for pi in fc.intervals where CountIntervals.isCountSeries(y) { #expect(pi.lower.allSatisfy { $0 >= 0 }) }
        }
        #expect(chosen.count == 3, "the reference series should exercise every candidate: \(chosen)")
    }

    @Test func autoCountCombinesTSBADIDAAndIMAPA() throws {
        // Every reference series: the mean of the three forecasts; φ̂ from the mean of the three
        // methods' dispersion fits (those defined at each period), recomputed here by hand.
        for (id, y) in Self.series {
            let f = try AutoCount().fit(y, period: 12)
            let fits = [try TSB(alphaDemand: 0.1, alphaProbability: 0.1).fit(y, period: 12),
                        try ADIDA().fit(y, period: 12), try IMAPA().fit(y, period: 12)]
            // Exactly: ADIDA's level reused from IMAPA's top level gives the same numbers.
            #expect(f.point == (fits[0].point + fits[1].point + fits[2].point) / 3, "\(id)")
            var sum = 0.0, n = 0
            for t in y.indices {
                let defined = fits.map { $0.dispersionFits[t] }.filter(\.isFinite)
                guard !defined.isEmpty else { continue }
                let fit = defined.reduce(0, +) / Double(defined.count)
                if fit > 0 { sum += (y[t] - fit) * (y[t] - fit) / fit; n += 1 }
            }
            guard CountIntervals.isCountSeries(y) else { #expect(f.countFamily == nil); continue }
            #expect(f.dispersionTerms == n, "\(id)")
            let phi = n > 0 ? sum / Double(n) : 1
            expectClose(try #require(f.countFamily).dispersion, max(phi, 1), rtol: 1e-12)
            let fc = try f.forecast(horizon: 2, levels: [80, 95])
            for pi in fc.intervals { #expect(pi.lower.allSatisfy { $0 >= 0 && $0 == $0.rounded() }) }
            #expect(fc.interval(95)!.lower[0] <= fc.interval(80)!.lower[0] && fc.interval(80)!.upper[0] <= fc.interval(95)!.upper[0])
        }
    }

    @Test func autoCountPicksBySBCClass() throws {
        // Police.uk Shropshire ASB 1 0 1 0 5: ADI 5/3 > 1.32, CV² 0.98 > 0.49 → lumpy → SBA.
        let lumpy = try AutoCount(rule: .demandClass).fit([1, 0, 1, 0, 5], period: 12)
        #expect(lumpy.classification?.category == .lumpy && lumpy.method == "CrostonSBA (auto-count: lumpy)")
        #expect(lumpy.point == (try Croston.sba.fit([1, 0, 1, 0, 5], period: 12)).point)
        // South Staffordshire theft from the person 2 4 5 1 0: ADI 1, CV² 0.37 → smooth → Croston.
        let smooth = try AutoCount(rule: .demandClass).fit([2, 4, 5, 1, 0], period: 12)
        #expect(smooth.method == "CrostonClassic (auto-count: smooth)")
        #expect(smooth.point == (try Croston.classic.fit([2, 4, 5, 1, 0], period: 12)).point)
        let zero = try AutoCount(rule: .demandClass).fit([0, 0, 0], period: 12).forecast(horizon: 2, levels: [95])
        #expect(zero.mean == [0, 0] && zero.interval(95)!.upper == [0, 0])
        // Every reference series: the method is the one the class calls for, never a negative limit.
        for (_, y) in Self.series {
            let f = try AutoCount(rule: .demandClass).fit(y, period: 12)
            let c = IntermittencyClassification(y)
            #expect(f.point == (try AutoCount.method(for: c.category).fit(y, period: 12)).point)
            let fc = try f.forecast(horizon: 3, levels: [80, 95])
            #expect(fc.mean.allSatisfy { $0 >= 0 })
            for pi in fc.intervals where CountIntervals.isCountSeries(y) { #expect(pi.lower.allSatisfy { $0 >= 0 }) }
        }
    }

    @Test func docsExample() throws {
        // The example in docs/Forecasting.md, "Intermittent demand and small counts".
        let counts: [Double] = [0, 1, 0, 0, 2, 0, 1, 0, 0, 0, 3, 0]
        let fc = try Croston.sba.fit(counts, period: 12).forecast(horizon: 3, levels: [80, 95])
        #expect(fc.intervals.allSatisfy { $0.lower.allSatisfy { $0 >= 0 && $0 == $0.rounded() } })
        let c = IntermittencyClassification(counts)
        #expect(c.adi == 2.75 && abs(c.cv2 - 0.2993197278911565) < 1e-15 && c.category == .intermittent)
        #expect(try AutoCount(rule: .demandClass).fit(counts, period: 12).method == "CrostonSBA (auto-count: intermittent)")
        #expect(try AutoCount().fit(counts, period: 12).method == "TSB+ADIDA+IMAPA (auto-count: combination)")
        #expect(try AutoCount(rule: .rollingOrigin).fit(counts, period: 12).method.hasSuffix("(auto-count: rolling origin)"))
    }
}
