import ArgumentParser
import Foundation
import SaferCity

/// `safercity benchmark-regression` (hidden): times the issue-4 benchmark cases on synthetic,
/// seeded data (NOT real data): a Poisson GLM with trend + 11 monthly dummies on N monthly points,
/// and lm (trend + 11 dummies) on M independent series of length 120 (the panel case).
/// The matching statsmodels script is benchmarks/regression/statsmodels_bench.py; run both with
/// benchmarks/regression/run.sh.
struct BenchmarkRegressionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "benchmark-regression", abstract: "Time the Regression benchmark cases (synthetic data).",
        shouldDisplay: false)

    @Option(help: "Points in the Poisson series.") var points = 1_000_000
    @Option(help: "Series in the panel case.") var series = 100_000
    @Option(help: "Repetitions (best time is reported).") var repeats = 3

    func run() throws {
        var rng = Xoshiro256StarStar(seed: 42)
        let cal = SeriesCalendar.monthly(startYear: 2000, startMonth: 1)
        let spec = RegressionSpec(trend: .linear, season: .dummies)
        // Poisson: log μ = 2 + 0.3·sin(2π t/12) + 1e-7·t (synthetic).
        let counts = (0..<points).map { t -> Double in
            let mu = exp(2 + 0.3 * sin(2 * Double.pi * Double(t + 1) / 12) + 1e-7 * Double(t + 1))
            return Double(Poisson(mean: mu).sample(using: &rng))
        }
        var best = Double.infinity
        var fit: FittedCountModel? = nil
        for _ in 0..<repeats {
            let t0 = Date()
            fit = try CountModel(spec, family: .poisson).fit(counts, calendar: cal)
            best = min(best, Date().timeIntervalSince(t0))
        }
        print(String(format: "swift poisson n=%d p=13: %.3f s (best of %d), %d IRLS iterations, deviance %.6f",
                     points, best, repeats, fit!.iterations, fit!.deviance))

        // Panel: y = 50 + 0.1 t + 5 sin(2π t/12) + N(0, 4²) for each series (synthetic).
        let n = 120
        var y = Matrix(rows: n, columns: series)
        let normal = Normal(mean: 0, standardDeviation: 4)
        for j in 0..<series {
            for i in 0..<n {
                y.storage[i + j * n] = 50 + 0.1 * Double(i + 1) + 5 * sin(2 * Double.pi * Double(i + 1) / 12) + normal.sample(using: &rng)
            }
        }
        best = .infinity
        var panel: PanelLinearFit? = nil
        for _ in 0..<repeats {
            let t0 = Date()
            panel = try LinearModel(spec).fitPanel(y, calendar: cal)
            best = min(best, Date().timeIntervalSince(t0))
        }
        print(String(format: "swift panel lm m=%d n=%d p=13: %.3f s (best of %d), mean sigma %.4f",
                     series, n, best, repeats, panel!.sigma.reduce(0, +) / Double(series)))
        // The same panel through the one-series path (pivoted QR + checks per series), for scale.
        let subset = min(series, 10_000)
        let t0 = Date()
        for j in 0..<subset { _ = try LinearModel(spec).fit(y.column(j), calendar: cal) }
        let per = Date().timeIntervalSince(t0) / Double(subset)
        print(String(format: "swift lm one series at a time: %.1f µs per series (%d series timed)", per * 1e6, subset))
    }
}
