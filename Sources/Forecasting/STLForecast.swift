// SPDX-License-Identifier: GPL-3.0-or-later
/// STL + ETS forecasting, as R forecast's `stlf` with its defaults for a single seasonal period:
/// decompose with STL (s.window = 11, i.e. `mstl`'s first default window, non-robust), forecast
/// the seasonally adjusted series with ETS (model "ZZN": no seasonal component), and add back the
/// last observed cycle of the seasonal component (a seasonal naive forecast of it). The intervals
/// are the ETS intervals shifted by the same seasonal terms (the seasonal part is treated as known).
/// Non-seasonal series (m = 1 or n ≤ 2m) are forecast by ETS alone.
public struct STLForecast: ForecastModelSpec {
    public var stl: STL
    public var ets: ETS
    public init(stl: STL = STL(seasonalWindow: .span(11)), ets: ETS = try! ETS("ZZN")) {
        self.stl = stl
        self.ets = ets
    }

    public func fit(_ y: [Double], period: Int) throws(ForecastingError) -> FittedSTLForecast {
        if period < 2 || y.count <= 2 * period {
            return FittedSTLForecast(decomposition: nil, model: try ets.fit(y, period: 1), period: period)
        }
        let d = try stl.decompose(y, period: period)
        return FittedSTLForecast(decomposition: d, model: try ets.fit(d.seasonallyAdjusted, period: 1), period: period)
    }
}

public struct FittedSTLForecast: FittedForecastModel {
    public let decomposition: STLDecomposition?
    /// The ETS model of the seasonally adjusted series.
    public let model: FittedETS
    public let period: Int
    public var method: String { decomposition == nil ? model.method : "STL + \(model.method)" }
    public var fitted: [Double] {
        guard let d = decomposition else { return model.fitted }
        return zip(model.fitted, d.seasonal).map { $0 + $1 }
    }
    public var residuals: [Double] {
        guard let d = decomposition else { return model.residuals }
        return zip(d.data, fitted).map { $0 - $1 }
    }
    public var parameterTable: [(name: String, value: Double)] { model.parameterTable }

    public func forecast(horizon: Int, levels: [Double]) throws(ForecastingError) -> Forecast {
        let base = try model.forecast(horizon: horizon, levels: levels)
        guard let d = decomposition else { return base }
        let last = Array(d.seasonal.suffix(period))
        let s = (0..<horizon).map { last[$0 % period] }
        func add(_ v: [Double]) -> [Double] { zip(v, s).map { $0 + $1 } }
        return Forecast(method: method, mean: add(base.mean),
                        intervals: base.intervals.map { PredictionInterval(level: $0.level, lower: add($0.lower), upper: add($0.upper)) })
    }
}
