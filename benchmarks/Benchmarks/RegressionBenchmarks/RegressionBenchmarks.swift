// SPDX-License-Identifier: GPL-3.0-or-later
import Benchmark
import Foundation
import SaferCity

// Issue 4's speed cases, with statsmodels run on the same sizes by benchmarks/regression/run.sh:
// a Poisson GLM with trend + 11 monthly dummies on 10⁶ points, and lm on 10⁵ independent series
// of length 120 (the panel case). Synthetic seeded data (same models and sizes as the Python side).

/// Counts with log μ = 2 + 0.3·sin(2πt/12) + 1e-7·t.
func poissonCounts(_ points: Int) -> [Double] {
    var rng = Xoshiro256StarStar(seed: 42)
    return (0..<points).map { t -> Double in
        let mu = exp(2 + 0.3 * sin(2 * Double.pi * Double(t + 1) / 12) + 1e-7 * Double(t + 1))
        return Double(Poisson(mean: mu).sample(using: &rng))
    }
}

/// n × series matrix, y = 50 + 0.1t + 5 sin(2πt/12) + N(0, 4²) per series.
func panel(series: Int, length n: Int = 120) -> Matrix {
    var rng = Xoshiro256StarStar(seed: 43)
    var y = Matrix(rows: n, columns: series)
    let normal = Normal(mean: 0, standardDeviation: 4)
    for j in 0..<series {
        for i in 0..<n {
            y.storage[i + j * n] = 50 + 0.1 * Double(i + 1) + 5 * sin(2 * Double.pi * Double(i + 1) / 12) + normal.sample(using: &rng)
        }
    }
    return y
}

let benchmarks: @Sendable () -> Void = {
    BLASRuntime.setThreadCount(1)
    print("BLAS: \(BLASRuntime.configuration) core=\(BLASRuntime.coreName) threads=\(BLASRuntime.threadCount)")
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .peakMemoryResident],
        warmupIterations: 1, scalingFactor: .one, maxDuration: .seconds(20), maxIterations: 5)
    let calendar = SeriesCalendar.monthly(startYear: 2000, startMonth: 1)
    let spec = RegressionSpec(trend: .linear, season: .dummies)

    Benchmark("poisson glm 1000000 points trend+11 dummies") { benchmark in
        let y = poissonCounts(1_000_000)
        benchmark.startMeasurement()
        let fit = try CountModel(spec, family: .poisson).fit(y, calendar: calendar)
        benchmark.stopMeasurement()
        blackHole(fit.deviance)
    }
    Benchmark("panel lm 100000 series x 120") { benchmark in
        let y = panel(series: 100_000)
        benchmark.startMeasurement()
        let fit = try LinearModel(spec).fitPanel(y, calendar: calendar)
        benchmark.stopMeasurement()
        blackHole(fit.sigma)
    }
    Benchmark("lm one series at a time x 10000") { benchmark in
        let y = panel(series: 10_000)
        benchmark.startMeasurement()
        for j in 0..<10_000 { blackHole(try LinearModel(spec).fit(y.column(j), calendar: calendar).sigma) }
        benchmark.stopMeasurement()
    }
}
