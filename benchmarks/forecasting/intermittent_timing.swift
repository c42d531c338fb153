// SPDX-License-Identifier: GPL-3.0-or-later
// SaferCity's intermittent-demand methods, one thread: fit (with the O(n) one-step fits the count
// intervals' dispersion needs; statsforecast's fitted values are not computed unless read) + 3-step
// forecast with 80/95% count intervals for every series of a wide
// count CSV (area, crime_type, counts…). Built and run by intermittent_speed.sh against the
// release build's Forecasting module. Prints "model seconds series checksum".
import Forecasting
import Foundation

let path = CommandLine.arguments[1]
let text = try! String(contentsOfFile: path, encoding: .utf8)
let series: [[Double]] = text.split(separator: "\n").dropFirst().map { line in
    line.split(separator: ",").dropFirst(2).map { Double($0)! }
}
func time<S: ForecastModelSpec>(_ name: String, _ spec: S) {
    var checksum = 0.0
    let start = DispatchTime.now().uptimeNanoseconds
    for y in series {
        let fc = try! spec.fit(y, period: 12).forecast(horizon: 3, levels: [80, 95])
        checksum += fc.mean[0] + fc.intervals[1].upper[0]
    }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    print(name, String(format: "%.3f", seconds), series.count, checksum)
}
time("croston", Croston.classic)
time("croston:optimized", Croston.optimized)
time("croston:sba", Croston.sba)
time("tsb:0.1:0.1", TSB(alphaDemand: 0.1, alphaProbability: 0.1))
time("adida", ADIDA())
time("imapa", IMAPA())
time("auto-count", AutoCount())
time("auto-count:select", AutoCount(rule: .rollingOrigin))
time("auto-count:class", AutoCount(rule: .demandClass))
