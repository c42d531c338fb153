// SPDX-License-Identifier: GPL-3.0-or-later
// Umbrella module: `import SaferCity` gives every library module.
@_exported import LinearAlgebra
@_exported import Distributions
@_exported import SeriesData
@_exported import Indicators
@_exported import ForecastCore
@_exported import Regression
@_exported import Forecasting
@_exported import Reconciliation
@_exported import ModelCatalog
@_exported import Outcomes
@_exported import OutcomeReport

/// The toolkit's version, printed by `safercity --version`.
public enum SaferCityVersion {
    public static let string = "0.1.0"
}
