// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

/// Pooled (cross-series) normalised conformal calibration of prediction intervals for a panel of
/// series forecast by the same model: every series' own rolling-origin errors on its training part,
/// measured in units of the model's own interval half-width, are pooled across the panel per
/// horizon, and the conformal quantile of the pool stretches (or shrinks) each series' intervals.
///
/// Method (fixed before any M3 test period was scored; the same default on every frequency):
/// 1. Windows. For a series y_1…y_n and horizon H, origins e_w = n − wH for w = 1…W with
///    W = min(`windows`, ⌊(n − 1)/H⌋) — the origins of ``ConformalIntervals``. At each origin the
///    model is refitted on y_1…y_{e_w} and forecasts H steps with intervals at each level L; a
///    window whose fit fails is left out (and counted in ``Windows/failed``).
/// 2. Scores. For level L, horizon j, with ŷ the window's point forecast, [ℓ, u] its L% interval
///    and y the actual value: s = (ŷ − y)/(ŷ − ℓ) when y < ŷ, else (y − ŷ)/(u − ŷ) — the factor by
///    which the interval must be stretched about ŷ to just contain y (normalised conformal scores;
///    Papadopoulos, Vovk & Gammerman 2011, "Regression conformal prediction with nearest
///    neighbours", JAIR 40:815, DOI 10.1613/jair.3198; Lei et al. 2018, JASA 113:1094). A zero
///    half-width gives s = 0 when y = ŷ and +∞ otherwise; non-finite limits give no score.
/// 3. Pool. For each (L, j), the scores of all windows of all series, N of them; the factor c_{L,j}
///    is the ⌈(N + 1)L/100⌉-th smallest (split conformal's finite-sample quantile; the largest
///    when that rank exceeds N).
/// 4. Calibrate. A forecast from all n values with point ŷ_j and L% interval [ℓ_j, u_j] gets
///    [ŷ_j − c_{L,j}(ŷ_j − ℓ_j), ŷ_j + c_{L,j}(u_j − ŷ_j)]; the point forecasts are unchanged.
///
/// If the scores of the calibration windows and of the test period are exchangeable across
/// series, coverage is at least L% marginally over the panel (Vovk, Gammerman & Shafer 2005). The
/// windows are fitted on fewer values than the final forecast, so their errors are, if anything,
/// larger: the calibration leans conservative. Only training data are used. Unlike per-series split
/// conformal (``ConformalIntervals``, 2W scores per horizon), the quantile rests on thousands of
/// scores, while each series keeps its own interval width and asymmetry from the model.
/// statsforecast has no counterpart (its `ConformalIntervals` is per series). Default W = 2, as
/// ``ConformalIntervals``; docs/Forecasting.md, "Interval calibration", reports W = 1 as well.
/// - Complexity: W extra fits per series; the pool O(N log N) per (L, j).
public struct PooledConformal: Sendable {
    /// The rolling-origin forecasts of one series, latest origin first.
    public struct Windows: Sendable {
        public var forecasts: [(forecast: Forecast, actual: [Double])] = []
        /// Windows whose fit or forecast failed.
        public var failed = 0
        public init() {}
    }

    public let levels: [Double]
    public let horizon: Int
    /// factors[k][j]: the stretch factor c of `levels[k]` at horizon j + 1.
    public let factors: [[Double]]
    /// Number of scores pooled for each level and horizon.
    public let counts: [[Int]]

    /// Refits `spec` at the origins n − H, n − 2H, … (at most `windows`) and forecasts H steps with
    /// intervals at `levels`.
    public static func windows(of spec: any ForecastModelSpec, _ y: [Double], period: Int, horizon h: Int,
                               levels: [Double], windows: Int) -> Windows {
        precondition(h >= 1 && windows >= 1, "horizon and windows must be positive")
        var out = Windows()
        let w = min(windows, (y.count - 1) / h)
        guard w >= 1 else { return out }
        for i in 1...w {
            let end = y.count - i * h
            do {
                let fc = try spec.fit(Array(y[..<end]), period: period).forecast(horizon: h, levels: levels)
                out.forecasts.append((fc, Array(y[end..<(end + h)])))
            } catch {
                out.failed += 1
            }
        }
        return out
    }

    /// The normalised score s of step 2 (nil when a limit or the point is not finite).
    public static func score(actual y: Double, point: Double, lower: Double, upper: Double) -> Double? {
        guard y.isFinite, point.isFinite, lower.isFinite, upper.isFinite else { return nil }
        let (miss, half) = y < point ? (point - y, point - lower) : (y - point, upper - point)
        if miss == 0 { return 0 }
        return half > 0 ? miss / half : .infinity
    }

    /// Pools the scores of the first `windowsUsed` windows (all when nil) of every series.
    /// Throws when some level and horizon has no score at all.
    public init(pooling panel: [Windows], levels: [Double], horizon h: Int, windowsUsed: Int? = nil) throws(ForecastingError) {
        var factors = [[Double]](), counts = [[Int]]()
        for level in levels {
            var f = [Double](), c = [Int]()
            for j in 0..<h {
                var s = [Double]()
                for series in panel {
                    for (fc, actual) in series.forecasts.prefix(windowsUsed ?? series.forecasts.count) {
                        guard let iv = fc.interval(level), j < actual.count,
                              let v = Self.score(actual: actual[j], point: fc.mean[j], lower: iv.lower[j], upper: iv.upper[j])
                        else { continue }
                        s.append(v)
                    }
                }
                guard !s.isEmpty else {
                    throw .tooShort(model: "pooled conformal intervals (\(level)% at horizon \(j + 1): no rolling-origin window could be scored)",
                                    needed: h + 1, got: panel.map { $0.forecasts.first?.actual.count ?? 0 }.max() ?? 0)
                }
                s.sort()
                let rank = Int((Double(s.count + 1) * level / 100).rounded(.up))
                f.append(s[min(rank, s.count) - 1])
                c.append(s.count)
            }
            factors.append(f)
            counts.append(c)
        }
        self.levels = levels
        self.horizon = h
        self.factors = factors
        self.counts = counts
    }

    /// Step 4 applied to `fc` (its horizon at most ``horizon``); levels not calibrated are dropped.
    public func calibrate(_ fc: Forecast) -> Forecast {
        precondition(fc.horizon <= horizon, "calibrated for \(horizon) steps, asked for \(fc.horizon)")
        let intervals = zip(levels, factors).compactMap { level, c -> PredictionInterval? in
            guard let iv = fc.interval(level) else { return nil }
            let j = 0..<fc.horizon
            return PredictionInterval(level: level,
                                      lower: j.map { fc.mean[$0] - c[$0] * (fc.mean[$0] - iv.lower[$0]) },
                                      upper: j.map { fc.mean[$0] + c[$0] * (iv.upper[$0] - fc.mean[$0]) })
        }
        return Forecast(method: fc.method + " with pooled conformal intervals", mean: fc.mean, intervals: intervals)
    }

    /// The whole method on a panel: fits `spec` to every series, forecasts `horizon` steps with
    /// intervals at `levels`, pools the rolling-origin scores of all series (`windows` each) and
    /// calibrates every forecast. A series whose final fit fails gets its error; the pool uses the
    /// windows of every series. Sequential: O(series × (W + 1)) fits.
    public static func forecast(_ spec: any ForecastModelSpec, panel: [[Double]], period: Int, horizon: Int,
                                levels: [Double], windows: Int = 2) throws(ForecastingError) -> [Result<Forecast, ForecastingError>] {
        validateForecastArguments(horizon: horizon, levels: levels)
        let final = panel.map { y in
            Result { () throws(ForecastingError) in try spec.fit(y, period: period).forecast(horizon: horizon, levels: levels) }
        }
        let pool = panel.map { Self.windows(of: spec, $0, period: period, horizon: horizon, levels: levels, windows: windows) }
        let calibration = try PooledConformal(pooling: pool, levels: levels, horizon: horizon)
        return final.map { $0.map(calibration.calibrate) }
    }
}
