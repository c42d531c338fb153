// swift-tools-version: 6.1
// SaferCity — statistical modelling and forecasting for English community-safety
// and public-health analysts. One stack of modules, each with one job:
//
//   CLapack (C: OpenBLAS + LAPACK)  ← only LinearAlgebra imports it
//   LinearAlgebra   Matrix, QR/Cholesky/SVD/eigen/LU, accurate least squares
//   Distributions   special functions, distributions, seeded PRNG + samplers
//   SeriesData      periods, calendars (UK financial years), TimeSeries, Panel, readers
//   Indicators      PHE/OHID indicator methods: Wilson, Byar, exact Poisson, DSR, funnels
//   SaferCity       umbrella re-exporting the library modules
//   SaferCityCLI    the `safercity` command (thin shell over the library)
import PackageDescription

let package = Package(
    name: "SaferCity",
    products: [
        .library(name: "SaferCity", targets: ["SaferCity"]),
        .executable(name: "safercity", targets: ["SaferCityCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
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
        .target(
            name: "SaferCity",
            dependencies: ["LinearAlgebra", "Distributions", "SeriesData", "Indicators"]
        ),
        .executableTarget(
            name: "SaferCityCLI",
            dependencies: [
                "SaferCity",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "LinearAlgebraTests", dependencies: ["LinearAlgebra"]),
        .testTarget(name: "DistributionsTests", dependencies: ["Distributions"]),
        .testTarget(name: "SeriesDataTests", dependencies: ["SeriesData"]),
        .testTarget(name: "IndicatorsTests", dependencies: ["Indicators"]),
    ],
    swiftLanguageModes: [.v6]
)
