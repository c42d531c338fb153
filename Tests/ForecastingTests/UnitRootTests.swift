// SPDX-License-Identifier: GPL-3.0-or-later
import Testing
import Foundation
import _TestSupport
@testable import Forecasting

/// KPSS, ndiffs, the seasonal-strength heuristic and nsdiffs against R 4.2.2 + forecast 8.20 +
/// urca 1.3-3 (notebooks-data/references/forecasting/make_unitroot.R → unitroot.json): 7 classic
/// series (with log AirPassengers), their first and seasonal differences, 60 M3 monthly and
/// 30 M3 yearly training series.
@Suite struct UnitRootTests {
    static var cases: [Reference.Object] { Reference.load("unitroot.json") }

    static func id(_ c: Reference.Object) -> String { c["id"] as! String }

    @Test func kpssStatisticMatchesURCA() throws {
        var worst = 0.0, compared = 0
        let rules: [(String, KPSSLags)] = [("forecast", .forecast), ("short", .short), ("long", .long),
                                           ("nil", .nil), ("fixed3", .fixed(3))]
        for c in Self.cases {
            let y = Reference.doubles(c, "y")
            let kp = Reference.object(c, "kpss")
            for (key, type) in [("mu", KPSSType.level), ("tau", KPSSType.trend)] {
                let byRule = Reference.object(kp, key)
                for (name, rule) in rules {
                    let ref = Reference.object(byRule, name)
                    let k = try kpssTest(y, type: type, lags: rule)
                    #expect(k.lag == Int(Reference.double(ref, "lag")), "\(Self.id(c)) \(key) \(name) lag")
                    let e = TestSupport.relativeError(k.statistic, Reference.double(ref, "stat"))
                    #expect(e < 1e-9, "\(Self.id(c)) \(key) \(name): \(k.statistic) vs \(Reference.double(ref, "stat"))")
                    worst = TestSupport.worse(worst, e)
                    compared += 1
                }
            }
        }
        print("KPSS statistic: \(compared) statistics, max relative error vs urca =", worst)
        #expect(compared == Self.cases.count * 10)
    }

    @Test(arguments: [("kpss", UnitRootTest.kpss), ("adf", .adf), ("pp", .pp)])
    func ndiffsMatchesForecast(_ name: String, _ test: UnitRootTest) throws {
        var agree = 0, total = 0
        var byD = [0, 0, 0]
        for c in Self.cases {
            let y = Reference.doubles(c, "y")
            for row in c["ndiffs"] as! [Reference.Object] where row["test"] as! String == name {
                let type: KPSSType = (row["type"] as! String) == "level" ? .level : .trend
                let alpha = Reference.double(row, "alpha")
                let want = Int(Reference.double(row, "d"))
                let got = try ndiffs(y, alpha: alpha, test: test, type: type)
                #expect(got == want, "\(Self.id(c)) \(name) \(type) α = \(alpha): ours \(got), R \(want)")
                total += 1
                if got == want { agree += 1 }
                byD[want] += 1
            }
        }
        print("ndiffs test = \(name): \(agree)/\(total) agree with forecast::ndiffs (R d = 0/1/2: \(byD))")
        #expect(total == Self.cases.count * 6)
        #expect(byD[1] > 0 && byD[2] > 0, "the reference exercises d = 1 and d = 2")
    }

    @Test func adfAndPhillipsPerronMatchURCA() throws {
        var worstADF = 0.0, worstPP = 0.0, nADF = 0, nPP = 0
        let adfVariants: [(String, ADFType, Int, ADFLagSelection)] = [
            ("none1", .none, 1, .fixed), ("drift1", .drift, 1, .fixed), ("trend1", .trend, 1, .fixed),
            ("drift0", .drift, 0, .fixed), ("trend0", .trend, 0, .fixed), ("driftAIC4", .drift, 4, .aic),
            ("trendBIC4", .trend, 4, .bic),
        ]
        let ppVariants: [(String, PPType, PPModel, KPSSLags)] = [
            ("tauConstant", .zTau, .constant, .short), ("tauTrend", .zTau, .trend, .short),
            ("alphaConstant", .zAlpha, .constant, .short), ("alphaTrend", .zAlpha, .trend, .short),
            ("tauConstantLong", .zTau, .constant, .long),
        ]
        for c in Self.cases {
            let y = Reference.doubles(c, "y")
            let kp = Reference.object(c, "kpss")
            let adf = Reference.object(kp, "adf"), pp = Reference.object(kp, "pp")
            for (key, type, lags, selection) in adfVariants {
                let ref = Reference.object(adf, key)
                let t = try adfTest(y, type: type, lags: lags, lagSelection: selection)
                let e = TestSupport.relativeError(t.statistic, Reference.double(ref, "stat"))
                #expect(e < 1e-9, "\(Self.id(c)) ADF \(key): \(t.statistic) vs \(Reference.double(ref, "stat"))")
                // (1e-15: Foundation's JSON reader can be 1 ulp off R's %.17g.)
                #expect(Reference.maxRelativeError(t.criticalValues.map(\.value), Reference.doubles(ref, "cval")) < 1e-15,
                        "\(Self.id(c)) ADF \(key) cval")
                worstADF = TestSupport.worse(worstADF, e)
                nADF += 1
            }
            for (key, type, model, lags) in ppVariants {
                let ref = Reference.object(pp, key)
                let t = try phillipsPerronTest(y, type: type, model: model, lags: lags)
                #expect(t.lag == Int(Reference.double(ref, "lag")), "\(Self.id(c)) PP \(key) lag")
                let e = TestSupport.relativeError(t.statistic, Reference.double(ref, "stat"))
                #expect(e < 1e-9, "\(Self.id(c)) PP \(key): \(t.statistic) vs \(Reference.double(ref, "stat"))")
                if type == .zTau {
                    let ce = Reference.maxRelativeError(t.criticalValues.map(\.value), Reference.doubles(ref, "cval"))
                    #expect(ce < 1e-14, "\(Self.id(c)) PP \(key) cval")
                } else {
                    #expect(t.criticalValues.isEmpty && t.interpolatedPValue.isNaN)
                }
                worstPP = TestSupport.worse(worstPP, e)
                nPP += 1
            }
        }
        print("ADF τ: \(nADF) statistics, max relative error vs urca::ur.df =", worstADF)
        print("Phillips-Perron: \(nPP) statistics, max relative error vs urca::ur.pp =", worstPP)
        #expect(nADF == Self.cases.count * 7 && nPP == Self.cases.count * 5)
    }

    @Test func seasonalStrengthAndNsdiffsMatchForecast() throws {
        var worst = 0.0, agree = 0, agree2 = 0, total = 0, ones = 0
        for c in Self.cases {
            guard let seas = c["seasonal"] as? Reference.Object else { continue }
            let y = Reference.doubles(c, "y"), m = Int(Reference.double(c, "period"))
            let s = try seasonalStrength(y, period: m)
            let e = TestSupport.relativeError(s, Reference.double(seas, "strength"))
            #expect(e < 1e-9, "\(Self.id(c)) strength \(s) vs \(Reference.double(seas, "strength"))")
            worst = TestSupport.worse(worst, e)
            let want = Int(Reference.double(seas, "nsdiffs")), got = try nsdiffs(y, period: m)
            let want2 = Int(Reference.double(seas, "nsdiffsMaxD2")), got2 = try nsdiffs(y, period: m, maxD: 2)
            #expect(got == want, "\(Self.id(c)) nsdiffs ours \(got), R \(want)")
            #expect(got2 == want2, "\(Self.id(c)) nsdiffs max.D = 2 ours \(got2), R \(want2)")
            total += 1
            if got == want { agree += 1 }
            if got2 == want2 { agree2 += 1 }
            ones += want
        }
        print("seasonal strength: \(total) series, max relative error vs forecast:::seas.heuristic =", worst)
        print("nsdiffs (seas): \(agree)/\(total) agree (max.D = 1; R D = 1 on \(ones)); max.D = 2: \(agree2)/\(total)")
        #expect(total == 81)
        #expect(ones > 0 && ones < total)
    }

    @Test func ocsbMatchesForecast() throws {
        var worst = 0.0, compared = 0, agree = 0, agree2 = 0, total = 0, ones = 0
        let variants: [(String, Int, OCSBLagSelection)] = [("AIC3", 3, .aic), ("BIC3", 3, .bic), ("AICc3", 3, .aicc),
                                                          ("fixed0", 0, .fixed), ("fixed2", 2, .fixed)]
        for c in Self.cases {
            guard let seas = c["seasonal"] as? Reference.Object else { continue }
            let y = Reference.doubles(c, "y"), m = Int(Reference.double(c, "period"))
            let ocsb = Reference.object(seas, "ocsb")
            for (key, maxLag, selection) in variants {
                let ref = Reference.object(ocsb, key)
                let t = try ocsbTest(y, period: m, maxLag: maxLag, lagSelection: selection)
                #expect(t.lagOrder == Int(Reference.double(ref, "lag")), "\(Self.id(c)) \(key) lag")
                let e = max(TestSupport.relativeError(t.statistic, Reference.double(ref, "stat")),
                            TestSupport.relativeError(t.statisticZ4, Reference.double(ref, "statZ4")),
                            TestSupport.relativeError(t.criticalValue, Reference.double(ref, "critical")))
                #expect(e < 1e-9, "\(Self.id(c)) \(key): \(t.statistic) vs \(Reference.double(ref, "stat"))")
                worst = TestSupport.worse(worst, e)
                compared += 1
            }
            let want = Int(Reference.double(seas, "nsdiffsOCSB")), got = try nsdiffs(y, period: m, test: .ocsb)
            let want2 = Int(Reference.double(seas, "nsdiffsOCSBMaxD2"))
            let got2 = try nsdiffs(y, period: m, test: .ocsb, maxD: 2)
            #expect(got == want, "\(Self.id(c)) nsdiffs ocsb ours \(got), R \(want)")
            #expect(got2 == want2, "\(Self.id(c)) nsdiffs ocsb max.D = 2 ours \(got2), R \(want2)")
            total += 1
            if got == want { agree += 1 }
            if got2 == want2 { agree2 += 1 }
            ones += want
        }
        print("OCSB: \(compared) tests (AIC/BIC/AICc max lag 3, fixed 0 and 2), max relative error of t(Z5), t(Z4), critical value =", worst)
        print("nsdiffs (ocsb): \(agree)/\(total) agree (R D = 1 on \(ones)); max.D = 2: \(agree2)/\(total)")
        #expect(compared == 81 * 5)
        #expect(ones > 0)
    }

    @Test func criticalValuesAndPValueInterpolation() throws {
        // urca's tables (KPSS 1992 Table 1) and forecast's approx(..., rule = 2) between them.
        let k = try kpssTest([1, 3, 2, 5, 4, 6, 8, 7, 9, 12], type: .level, lags: .nil)  // hand-made input
        #expect(k.criticalValues.map(\.value) == [0.347, 0.463, 0.574, 0.739])
        #expect(k.criticalValues.map(\.significance) == [0.1, 0.05, 0.025, 0.01])
        #expect(approxRule2(x: [0.347, 0.463, 0.574, 0.739], y: [0.1, 0.05, 0.025, 0.01], at: 0.2) == 0.1)
        #expect(approxRule2(x: [0.347, 0.463, 0.574, 0.739], y: [0.1, 0.05, 0.025, 0.01], at: 1.5) == 0.01)
        #expect(approxRule2(x: [0.347, 0.463, 0.574, 0.739], y: [0.1, 0.05, 0.025, 0.01], at: 0.463) == 0.05)
        let mid = approxRule2(x: [0.347, 0.463, 0.574, 0.739], y: [0.1, 0.05, 0.025, 0.01], at: 0.405)
        #expect(abs(mid - 0.075) < 1e-15)
        let t = try kpssTest([1, 3, 2, 5, 4, 6, 8, 7, 9, 12], type: .trend, lags: .nil)
        #expect(t.criticalValues.map(\.value) == [0.119, 0.146, 0.176, 0.216])
    }

    @Test func lagsAtAndBeyondTheSeriesLengthAsURCA() throws {
        // Hand-made input; R 4.2.2 + urca 1.3-3: ur.kpss(c(1,3,2,4), use.lag = 4 / 5, lags = "nil")
        // gives 0.625, 0.75, 0.275 (lags n and n + 1 add empty cross-products); use.lag = 6 stops.
        #expect(abs(try kpssTest([1, 3, 2, 4], lags: .fixed(4)).statistic - 0.625) < 1e-14)
        #expect(abs(try kpssTest([1, 3, 2, 4], lags: .fixed(5)).statistic - 0.75) < 1e-14)
        #expect(abs(try kpssTest([1, 3, 2, 4], lags: .nil).statistic - 0.275) < 1e-14)
    }

    @Test func guardsMatchR() throws {
        // Each expectation checked in R 4.2.2 + forecast 8.20 (ndiffs/nsdiffs on the same inputs).
        // Constant series need no differencing (forecast's is.constant, all.equal tolerance √ε).
        #expect(try ndiffs(Array(repeating: 4.2, count: 30)) == 0)
        #expect(try ndiffs((0..<30).map { 4.2 + Double($0 % 2) * 1e-12 }) == 0)
        #expect(try nsdiffs(Array(repeating: 7, count: 48), period: 12) == 0)
        // A straight line: the first difference is constant, so d = 1 if the level test rejects.
        #expect(try ndiffs((1...40).map(Double.init)) == 1)
        // Period ≥ n gives D = 0; n ≤ 2·period makes R's stl stop, which nsdiffs turns into 0.
        let short = (0..<20).map { sin(Double($0)) + Double($0) }  // hand-made input
        #expect(try nsdiffs(short, period: 24) == 0)
        #expect(try nsdiffs(short, period: 10) == 0)
    }

    @Test func badInputThrowsTypedErrors() {
        #expect(throws: ForecastingError.nonFinite(index: 2, value: .infinity)) {
            try kpssTest([1, 2, .infinity, 4])
        }
        #expect(throws: ForecastingError.tooShort(model: "KPSS", needed: 2, got: 1)) { try kpssTest([1]) }
        #expect(throws: ForecastingError.tooShort(model: "KPSS", needed: 3, got: 2)) {
            try kpssTest([1, 2], type: .trend)
        }
        #expect(throws: ForecastingError.tooShort(model: "ndiffs", needed: 1, got: 0)) { try ndiffs([]) }
        #expect(throws: ForecastingError.invalidSpecification("KPSS lag 6 exceeds the series length 4")) {
            try kpssTest([1, 3, 2, 4], lags: .fixed(6))
        }
        #expect(throws: ForecastingError.self) { try ndiffs([1, .nan, 3]) }
        #expect(throws: ForecastingError.invalidPeriod(model: "nsdiffs", period: 1)) {
            try nsdiffs([1, 2, 3, 5, 4], period: 1)
        }
        #expect(throws: ForecastingError.invalidPeriod(model: "STL", period: 1)) {
            try seasonalStrength([1, 2, 3, 5, 4], period: 1)
        }
        #expect(throws: ForecastingError.tooShort(model: "OCSB", needed: 22, got: 21)) {
            try ocsbTest((0..<21).map { Double($0 % 12) }, period: 12, maxLag: 3, lagSelection: .aic)
        }
        #expect(throws: ForecastingError.invalidPeriod(model: "OCSB", period: 1)) { try ocsbTest([1, 2, 3], period: 1) }
        #expect(throws: ForecastingError.tooShort(model: "ADF", needed: 6, got: 5)) {
            try adfTest([1, 3, 2, 5, 4], type: .drift, lags: 1)
        }
        #expect(throws: ForecastingError.tooShort(model: "Phillips-Perron", needed: 6, got: 5)) {
            try phillipsPerronTest([1, 3, 2, 5, 4], model: .trend)
        }
        #expect(throws: ForecastingError.invalidSpecification("Phillips-Perron lag 0 must be in 1…9")) {
            try phillipsPerronTest([1, 3, 2, 5, 4, 6, 8, 7, 9, 12, 11], lags: .nil)
        }
        #expect(throws: ForecastingError.nonFinite(index: 0, value: -.infinity)) { try adfTest([-.infinity, 1, 2, 3, 4, 5, 6]) }
        #expect(throws: ForecastingError.tooShort(model: "STL", needed: 25, got: 24)) {
            try seasonalStrength((0..<24).map(Double.init), period: 12)
        }
    }
}
