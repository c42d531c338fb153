// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import SeriesData

extension IndicatorRow {
    /// Whether the row is an aggregate of other rows rather than a peer area: England (area type
    /// "Country", "England", or code E92000001) or an English region (area type "Region", or an
    /// E12 code). Funnel plots compare peers, so such rows are left out of the points unless asked
    /// for (an England point sits at the far end of the funnel, on its own target, and regions
    /// double-count their areas).
    public var isAggregateArea: Bool {
        let type = areaType.trimmingCharacters(in: .whitespaces).lowercased()
        if ["country", "england", "region", "government office region", "regions"].contains(type) { return true }
        let code = areaCode.uppercased()
        if code == "E92000001" || (code.hasPrefix("E12") && code.count == 9) { return true }
        return areaName.caseInsensitiveCompare("England") == .orderedSame
    }
}

extension FunnelPlot.Result {
    /// Points outside the 99.8% limits (above or below).
    public var outside998: Int {
        points.filter { $0.classification == .above998 || $0.classification == .below998 }.count
    }

    /// A warning when the points look overdispersed and the limits were not adjusted: more than
    /// 5% of the areas (and more than 2) fall outside the 99.8% limits, where about 0.2% would by
    /// chance alone (Spiegelhalter 2005, DOI 10.1002/sim.1970, §4: many points outside the limits
    /// mean between-area variation the Poisson/binomial limits ignore). Nil when the limits were
    /// adjusted or the spread looks like chance.
    public func overdispersionAdvice() -> String? {
        let n = points.count, k = outside998
        guard !overdispersionAdjusted, k > 2, 20 * k > n else { return nil }
        let share = NumberFormatting.decimal(100 * Double(k) / Double(n), decimals: 0)
        return "\(k) of \(n) areas (\(share)%) fall outside the 99.8% limits, where about 0.2% would by chance: "
            + "the data look overdispersed (more variation between areas than counts alone explain). "
            + "Rerun with --overdispersion to widen the limits (Spiegelhalter 2005); without it, most 'outliers' here are not special."
    }
}
