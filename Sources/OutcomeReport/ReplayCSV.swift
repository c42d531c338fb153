// SPDX-License-Identifier: GPL-3.0-or-later
import Outcomes
import SeriesData

extension ReplayRecord {
    /// Replayed forecasts as CSV, one row per (method, area, origin).
    public static func csv(_ sets: [(method: String, records: [ReplayRecord])]) -> String {
        var out = "method,area,origin,probability,met,actual,median,lower80,upper80,lower95,upper95,crps\n"
        for (m, recs) in sets {
            for r in recs {
                out += RecordText.csvRow([m, r.area, r.origin, "\(r.probability)", "\(r.met)", "\(r.actual)", "\(r.median)",
                                          "\(r.lower80)", "\(r.upper80)", "\(r.lower95)", "\(r.upper95)", "\(r.crps)"])
            }
        }
        return out
    }
}
