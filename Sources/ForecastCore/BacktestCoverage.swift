// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

extension Backtest {
    /// Interval coverage of a rolling-origin backtest: for origins i = initial…n−2 (as
    /// ``errors(_:_:period:horizon:initial:window:)``), fits `spec` on y[0…i], forecasts
    /// min(horizon, n − i − 1) steps with intervals at `levels`, and counts the held-out values
    /// inside each interval (limits included). Origins whose fit or forecast fails, and limits that
    /// are NaN, are not counted; `count` says how many values were scored at each level.
    /// - Complexity: n − initial − 1 fits of the model.
    public static func coverage<Spec: ForecastModelSpec>(_ spec: Spec, _ y: [Double], period: Int, horizon: Int,
                                                         initial: Int, levels: [Double])
        -> [(level: Double, inside: Int, count: Int)] {
        precondition(horizon >= 1 && initial >= 0 && initial < y.count, "invalid horizon/initial")
        var inside = Array(repeating: 0, count: levels.count), count = inside
        let n = y.count
        guard initial <= n - 2 else { return levels.map { ($0, 0, 0) } }
        for i in initial...(n - 2) {
            let steps = min(horizon, n - i - 1)
            guard let fc = try? spec.fit(Array(y[...i]), period: period).forecast(horizon: steps, levels: levels) else { continue }
            for (k, level) in levels.enumerated() {
                guard let iv = fc.interval(level) else { continue }
                for j in 0..<steps where iv.lower[j].isFinite && iv.upper[j].isFinite {
                    count[k] += 1
                    if y[i + j + 1] >= iv.lower[j] && y[i + j + 1] <= iv.upper[j] { inside[k] += 1 }
                }
            }
        }
        return levels.indices.map { (levels[$0], inside[$0], count[$0]) }
    }
}
