// swift-tools-version: 6.1
// SPDX-License-Identifier: GPL-3.0-or-later
// SaferCity — statistical modelling and forecasting for English community-safety
// and public-health analysts. One stack of modules, each with one job:
//
//   CLapack (C: OpenBLAS + LAPACK)  ← only LinearAlgebra imports it
//   LinearAlgebra   Matrix, QR/Cholesky/SVD/eigen/LU, accurate least squares
//   Distributions   special functions, distributions, seeded PRNG + samplers
//   SeriesData      periods, calendars (UK financial years), TimeSeries, Panel, readers
//   Indicators      PHE/OHID indicator methods: Wilson, Byar, exact Poisson, DSR, funnels
//   ForecastCore    the modelling contract: Forecast, PredictionInterval, spec → fitted protocols,
//                   accuracy metrics, rolling-origin backtests (no model in it)
//   Regression      design terms, linear models, count GLMs, interrupted time series
//   Forecasting     ETS, ARIMA, STL, Theta, baselines, combinations (re-exports ForecastCore)
//   Reconciliation  hierarchical/grouped structures (sparse S), bottom-up, top-down, middle-out, MinT
//   ModelCatalog    the model registry (one name grammar for CLI, YAML and the outcome engine)
//   Outcomes        outcome specs (models/*.yaml), projection to the deadline, backtests, P(met),
//                   assessments: numbers only, each source file read once per run
//   OutcomeReport   the assessments rendered: scorecard and plain words, HTML, SVG charts, CSV, JSON
//   SaferCity       umbrella re-exporting the library modules
//   M3Evaluation    the M3 competition harness behind `safercity m3-eval` (not part of the library)
//   SaferCityCLI    the `safercity` command (thin shell over the library)
//
// Strictly layered: a module depends only on modules listed above it; Regression and Forecasting
// are siblings that meet only in ForecastCore.
import PackageDescription

let package = Package(
    name: "SaferCity",
    products: [
        .library(name: "SaferCity", targets: ["SaferCity"]),
        .executable(name: "safercity", targets: ["SaferCityCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CLapack",
            providers: [.apt(["libopenblas-dev", "liblapack-dev", "liblapacke-dev"])]
        ),
        .target(name: "LinearAlgebra", dependencies: ["CLapack"]),
        .target(name: "Distributions"),
        .target(name: "SeriesData"),
        .target(name: "Indicators", dependencies: ["Distributions", "SeriesData"]),
        .target(name: "ForecastCore", dependencies: ["Distributions", "SeriesData"]),
        .target(name: "Regression", dependencies: ["LinearAlgebra", "Distributions", "SeriesData", "ForecastCore"]),
        .target(name: "Forecasting", dependencies: ["LinearAlgebra", "Distributions", "SeriesData", "ForecastCore"]),
        .target(name: "Reconciliation", dependencies: ["LinearAlgebra", "Distributions"]),
        .target(name: "ModelCatalog", dependencies: ["ForecastCore", "Forecasting", "Regression", "SeriesData"]),
        .target(name: "M3Evaluation", dependencies: ["Forecasting", "LinearAlgebra", "SeriesData"]),
        .target(
            name: "Outcomes",
            dependencies: [
                "LinearAlgebra", "SeriesData", "ForecastCore", "Forecasting", "Regression", "ModelCatalog", "Indicators",
                "Distributions", "Reconciliation",
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .target(name: "OutcomeReport", dependencies: ["Outcomes", "SeriesData", "Indicators", "ForecastCore"]),
        .target(name: "_TestSupport", path: "Sources/_TestSupport"),
        .target(
            name: "SaferCity",
            dependencies: [
                "LinearAlgebra", "Distributions", "SeriesData", "Indicators", "ForecastCore", "Regression", "Forecasting",
                "Reconciliation", "ModelCatalog", "Outcomes", "OutcomeReport",
            ]
        ),
        .executableTarget(
            name: "SaferCityCLI",
            dependencies: [
                "SaferCity", "M3Evaluation",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "LinearAlgebraTests", dependencies: ["LinearAlgebra", "_TestSupport"]),
        .testTarget(name: "DistributionsTests", dependencies: ["Distributions", "_TestSupport"]),
        .testTarget(name: "SeriesDataTests", dependencies: ["SeriesData", "_TestSupport"], exclude: ["BadFiles"]),
        .testTarget(name: "IndicatorsTests", dependencies: ["Indicators", "SeriesData", "Distributions", "_TestSupport"]),
        .testTarget(name: "RegressionTests", dependencies: ["Regression", "ForecastCore", "SeriesData", "Distributions", "_TestSupport"]),
        .testTarget(name: "ForecastingTests", dependencies: ["Forecasting", "SeriesData", "Distributions", "_TestSupport"]),
        .testTarget(name: "M3EvaluationTests", dependencies: ["M3Evaluation", "Forecasting", "SeriesData", "_TestSupport"]),
        .testTarget(name: "ReconciliationTests", dependencies: ["Reconciliation", "_TestSupport"]),
        .testTarget(name: "OutcomesTests", dependencies: ["Outcomes", "OutcomeReport", "ModelCatalog", "_TestSupport"]),
        .testTarget(name: "SaferCityCLITests", dependencies: ["SaferCityCLI", "SeriesData", "_TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
