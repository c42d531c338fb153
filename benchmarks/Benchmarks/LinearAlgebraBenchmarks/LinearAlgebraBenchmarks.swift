// SPDX-License-Identifier: GPL-3.0-or-later
import Benchmark
import Foundation
import SaferCity

/// The least-squares problem shared with `scripts/lstsq_numpy.py` (same formula, same numbers):
/// n rows × 14 columns = intercept, trend t/n, and 6 weekly Fourier harmonics (period 365.25/7),
/// y = 10 + 2·t/n + ½·Σ sin terms + deterministic noise in [−½, ½).
func lstsqProblem(rows n: Int) -> (Matrix, [Double]) {
    let period = 365.25 / 7
    var x = Matrix(rows: n, columns: 14)
    var y = [Double](repeating: 0, count: n)
    x.storage.withUnsafeMutableBufferPointer { s in
        for i in 0..<n {
            let t = Double(i)
            s[i] = 1
            s[i + n] = t / Double(n)
            var yi = 10 + 2 * t / Double(n)
            for k in 1...6 {
                let w = 2 * Double.pi * Double(k) * t / period
                s[i + (2 * k) * n] = sin(w)
                s[i + (2 * k + 1) * n] = cos(w)
                yi += 0.5 * sin(w)
            }
            y[i] = yi + Double((i &* 2_654_435_761) % 1000) / 1000 - 0.5
        }
    }
    return (x, y)
}

let benchmarks: @Sendable () -> Void = {
    BLASRuntime.setThreadCount(1)
    let header = "BLAS: \(BLASRuntime.configuration) core=\(BLASRuntime.coreName) threads=\(BLASRuntime.threadCount)"
    print(header)
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .peakMemoryResident, .mallocCountTotal],
        warmupIterations: 1, scalingFactor: .one, maxDuration: .seconds(20), maxIterations: 5)

    Benchmark("dgemm n=2000 (1 thread)") { benchmark in
        let n = 2000
        let a = Matrix(rows: n, columns: n, columnMajor: (0..<(n * n)).map { Double(($0 &* 7919) % 1000) / 1000 })
        var c = Matrix(rows: n, columns: n)
        benchmark.startMeasurement()
        Matrix.gemm(a, a, into: &c)
        benchmark.stopMeasurement()
        blackHole(c.storage[0])
    }

    for n in [1_000_000, 10_000_000] {
        Benchmark("least squares \(n)x14, in place (consume)") { benchmark in
            for _ in benchmark.scaledIterations {
                let (x, y) = lstsqProblem(rows: n)
                benchmark.startMeasurement()
                let fit = try LeastSquares.fit(consume x, y)
                benchmark.stopMeasurement()
                blackHole(fit.coefficients)
            }
        }
        Benchmark("least squares \(n)x14, caller keeps X") { benchmark in
            let (x, y) = lstsqProblem(rows: n)
            benchmark.startMeasurement()
            let fit = try LeastSquares.fit(x, y)
            benchmark.stopMeasurement()
            blackHole(fit.coefficients)
            blackHole(x.storage[0])
        }
    }
}
