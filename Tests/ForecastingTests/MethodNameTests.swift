// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
import _TestSupport
@testable import Forecasting

/// Every method analysts can name, on series too short to model (empty, one point, two points):
/// a typed error, never a crash.
@Suite struct TooShortSeriesTests {
    @Test(arguments: ["auto", "ets:AAN", "ets:MAM", "ets:ANN", "theta", "stl-ets", "holtwinters",
                      "holtwinters:multiplicative", "snaive", "naive", "drift", "mean",
                      "arima:0,1,1:0,1,1", "arima:1,0,0", "arima:2,1,1", "arima:0,0,0", "auto.arima"])
    func tooShortIsAnError(name: String) throws {
        func succeeds<S: ForecastModelSpec>(_ spec: S, _ y: [Double]) -> Bool {
            if case .success = spec.fitAndForecastEach([y], periods: [12], horizon: 3, levels: [95], threads: 1)[0] {
                return true
            }
            return false
        }
        let spec = try ForecastMethodName.spec(name, period: 12)
        for y in [[], [5.0], [5.0, 6.0]] {
            if succeeds(spec, y) {
                // Only the mean and naive methods forecast from one point, and drift and the
                // undifferenced ARIMAs from two, as R's.
                #expect((!y.isEmpty && ["naive", "mean"].contains(name))
                        || (y.count == 2 && ["drift", "arima:1,0,0", "arima:0,0,0", "auto.arima"].contains(name)),
                        "\(name) on \(y.count) points")
            }
        }
    }

}

/// Method names analysts type: unknown names and bad damping options are typed errors that say
/// what was expected.
@Suite struct MethodNameTests {
    @Test func badNamesAreExplained() {
        for (name, fragment) in [("prophet", "unknown forecasting method 'prophet'; expected auto |"),
                                 ("ets:AAN:bogus", "the damping option after the ETS code must be 'damped' or 'undamped', got 'bogus'"),
                                 ("ets:XNN", "error must be A, M or Z, got 'X'")] {
            do {
                _ = try ForecastMethodName.spec(name, period: 12)
                Issue.record("\(name) was accepted")
            } catch {
                guard case .invalidSpecification(let message) = error else { Issue.record("\(name): \(error)"); continue }
                #expect(message.contains(fragment), "\(name): \(message)")
            }
        }
    }

    @Test func dampingOptionsMapToR() throws {
        #expect(try (ForecastMethodName.spec("ets:AAN", period: 12) as! ETS).trends == [.additiveDamped, .additive])
        #expect(try (ForecastMethodName.spec("ets:AAN:undamped", period: 12) as! ETS).trends == [.additive])
        #expect(try (ForecastMethodName.spec("ets:AAN:damped", period: 12) as! ETS).trends == [.additiveDamped])
    }
}
