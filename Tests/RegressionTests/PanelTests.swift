// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import LinearAlgebra
import Testing
@testable import Regression
import _TestSupport

/// The batched panel fit against R's lm on ldeaths, mdeaths and fdeaths (same calendar and design).
@Suite struct PanelTests {
    @Test func panelMatchesR() throws {
        let p = Reference.root["panel"] as! Reference.Object
        let fits = p["fits"] as! [Reference.Object]
        let columns = fits.map { Reference.doubles($0["values"]) }
        let y = Matrix(columns: columns)
        let cal = SeriesCalendar.monthly(startYear: 1974, startMonth: 1)
        let panel = try LinearModel(RegressionSpec(trend: .linear, season: .dummies)).fitPanel(y, calendar: cal)
        #expect(panel.terms == p["terms"] as! [String])
        for (j, f) in fits.enumerated() {
            #expect(maxRelativeError(panel.coefficients.column(j), Reference.doubles(f["estimate"])) < 1e-9)
            #expect(maxRelativeError(panel.standardErrors.column(j), Reference.doubles(f["stdError"])) < 1e-9)
            #expect(TestSupport.relativeError(panel.sigma[j], Reference.double(f["sigma"])) < 1e-9)
            #expect(TestSupport.relativeError(panel.rSquared[j], Reference.double(f["rSquared"])) < 1e-9)
            let t = panel.coefficientTable(series: j)
            #expect(maxRelativeError(t.rows.map(\.standardError), Reference.doubles(f["stdError"])) < 1e-9)
        }
    }

    /// A constant column in a panel does not stop the fit: σ̂ = 0, R² NaN (hand-made column).
    @Test func constantSeriesInPanel() throws {
        let ld = Reference.series("ldeaths").values
        let y = Matrix(columns: [ld, [Double](repeating: 5, count: ld.count)])
        let panel = try LinearModel(RegressionSpec()).fitPanel(y, calendar: .monthly(startYear: 1974, startMonth: 1))
        #expect(panel.sigma[1] < 1e-12 && panel.rSquared[1].isNaN)
        #expect(abs(panel.coefficients[0, 1] - 5) < 1e-12)
    }
}
