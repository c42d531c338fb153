// SPDX-License-Identifier: GPL-3.0-or-later
import Benchmark
import Foundation
import SaferCity

// Issue 5's speed case: automatic ETS (R's ets() defaults, up to 30 candidate models per series)
// on the M3 monthly series. benchmarks/forecasting/run.sh runs this target, the full 1428-series
// timing of `safercity m3-eval`, statsforecast's AutoETS and R's ets() in the same run.

/// The bundled M3 data, found from this file's location (benchmarks/Benchmarks/<Name>/…).
let m3Directory = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("notebooks-data/m3")

let benchmarks: @Sendable () -> Void = {
    BLASRuntime.setThreadCount(1)
    print("BLAS: \(BLASRuntime.configuration) core=\(BLASRuntime.coreName) threads=\(BLASRuntime.threadCount)")
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .peakMemoryResident, .mallocCountTotal],
        warmupIterations: 1, scalingFactor: .one, maxDuration: .seconds(30), maxIterations: 5)
    let monthly: M3Subset
    do { monthly = try M3Subset.load(directory: m3Directory, kind: .monthly) } catch {
        fatalError("cannot read the M3 monthly files in \(m3Directory.path): \(error)")
    }

    Benchmark("auto ETS M3 monthly first 200 series") { benchmark in
        for y in monthly.train.prefix(200) { blackHole(try ETS().fit(y, period: 12).aicc) }
    }
    // The same 200 fits handed to every core (fitAndForecastEach, 18-step forecasts included):
    // the throughput of `safercity forecast --by` on a panel.
    let cores = ProcessInfo.processInfo.activeProcessorCount
    Benchmark("auto ETS M3 monthly first 200 series, fit+forecast on \(cores) threads") { benchmark in
        let results = try ETS().fitAndForecastEach(Array(monthly.train.prefix(200)), periods: Array(repeating: 12, count: 200),
                                                   horizon: 18, levels: [80, 95], threads: cores)
        blackHole(results.count)
    }
    Benchmark("auto ETS M3 monthly first 200 series, fit+forecast on 1 thread") { benchmark in
        let results = try ETS().fitAndForecastEach(Array(monthly.train.prefix(200)), periods: Array(repeating: 12, count: 200),
                                                   horizon: 18, levels: [80, 95], threads: 1)
        blackHole(results.count)
    }
    Benchmark("ETS(M,Ad,M) M3 monthly first 200 series") { benchmark in
        for y in monthly.train.prefix(200) { blackHole(try ETS("MAdM").fit(y, period: 12).aicc) }
    }
}
