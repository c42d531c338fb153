// swift-tools-version: 6.1
// SPDX-License-Identifier: GPL-3.0-or-later
// SaferCity benchmarks (ordo-one/benchmark). Targets must live in Benchmarks/<Name>/ or the
// plugin finds nothing. Run: swift package --package-path benchmarks benchmark
import Foundation
import PackageDescription

// A path dependency is identified by its folder name, which depends on where the repo is cloned.
let rootPackage = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent

/// One ordo-one benchmark executable in Benchmarks/<name>/.
func benchmarkTarget(_ name: String) -> Target {
    .executableTarget(
        name: name,
        dependencies: [
            .product(name: "SaferCity", package: rootPackage),
            .product(name: "Benchmark", package: "benchmark"),
        ],
        path: "Benchmarks/\(name)",
        plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
    )
}

let package = Package(
    name: "SaferCityBenchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: ["LinearAlgebraBenchmarks", "SeriesDataBenchmarks", "RegressionBenchmarks", "ForecastingBenchmarks"].map(benchmarkTarget)
)
