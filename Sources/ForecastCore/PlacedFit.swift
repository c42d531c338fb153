// SPDX-License-Identifier: GPL-3.0-or-later
import SeriesData

// Time-aware fitting: a `TimeSeries` (SeriesData: start period, values with explicit missingness,
// season length from its frequency) goes in, forecasts that know their periods come out — for
// every model, so no caller rebuilds period labels or invents a calendar.

extension ForecastModelSpec {
    /// Fits the model on a regular time series: its values in time order (a missing observation
    /// is an error, never silently skipped), first observation `series.start`, seasonal period the
    /// series' season length (12 monthly, 4 quarterly, 1 yearly…). The fitted model's forecasts
    /// carry the periods that follow `series.end`. Numbers are exactly those of
    /// `fit(values, period: seasonLength)` for models without calendar terms.
    /// - Throws: `.missingValues` (naming `name`, the count and the first missing period), or
    ///   whatever the model throws.
    /// - Complexity: O(n) on top of the model's fit.
    public func fit(_ series: TimeSeries, name: String = "series") throws(ForecastingError) -> PlacedFit<Fitted> {
        var values = [Double]()
        values.reserveCapacity(series.count)
        for (i, o) in series.observations.enumerated() {
            guard let o else {
                throw .missingValues(series: name, count: series.missingCount, first: series.start.advanced(by: i))
            }
            values.append(o)
        }
        guard !values.isEmpty else { throw .tooShort(model: "\(name)", needed: 1, got: 0) }
        return PlacedFit(model: try fit(values, startingAt: series.start), start: series.start, count: values.count)
    }
}

/// A fitted model together with the periods of the series it was fitted on. It is itself a
/// `FittedForecastModel` (same fitted values, residuals, criteria and parameters as `model`); its
/// forecasts are `model`'s with `timePeriods` set to the periods after the last observation.
public struct PlacedFit<Model: FittedForecastModel>: ForwardingFittedModel {
    /// The model as fitted on the series' values.
    public let model: Model
    /// Period of the first observation.
    public let start: Period
    /// Number of observations.
    public let count: Int

    public init(model: Model, start: Period, count: Int) {
        precondition(count >= 1, "a placed fit needs at least one observation")
        self.model = model
        self.start = start
        self.count = count
    }

    /// Period of the last observation.
    public var end: Period { start.advanced(by: count - 1) }
    /// Periods of the observations, `start … end` (the time axis of `fitted` and `residuals`).
    public var periods: [Period] { (0..<count).map { start.advanced(by: $0) } }

    public var underlying: any FittedForecastModel { model }

    public func forecast(horizon: Int, levels: [Double]) throws(ForecastingError) -> Forecast {
        try model.forecast(horizon: horizon, levels: levels).placed(after: end)
    }
}
