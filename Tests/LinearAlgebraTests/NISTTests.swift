// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
import _TestSupport
@testable import LinearAlgebra

/// NIST StRD linear least-squares sets (notebooks-data/nist-strd), certified to 15 digits.
/// Accuracy is measured as the log relative error (LRE, McCullough 1998, "Assessing the
/// reliability of statistical software", Am. Stat. 52(4), DOI 10.1080/00031305.1998.10480586).
struct NISTDataset {
    let name: String
    let y: [Double]
    let design: Matrix
    /// Low-order part of polynomial columns (doubled precision), nil for Longley.
    let correction: Matrix?
    let hasIntercept: Bool
    let certifiedEstimates: [Double]
    let certifiedStdDevs: [Double]
    let certifiedResidualSD: Double
    let certifiedRSquared: Double

    static let names = ["Norris", "Pontius", "NoInt1", "NoInt2", "Filip", "Longley",
                        "Wampler1", "Wampler2", "Wampler3", "Wampler4", "Wampler5"]

    static func load(_ name: String) -> NISTDataset {
        let json = try! JSONSerialization.jsonObject(
            with: Data(contentsOf: TestSupport.dataURL("nist-strd/lls_certified.json"))) as! [String: Any]
        let entry = json[name] as! [String: Any]
        let params = entry["parameters"] as! [[String: String]]
        let est = params.map { Double($0["estimate"]!)! }
        let sd = params.map { Double($0["std_dev"]!)! }
        let intercept = params.first!["name"] == "B0"
        // Data rows follow the last line starting with "Data:"; the first column is y.
        let lines = TestSupport.text("nist-strd/\(name).dat")
            .split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        let start = lines.lastIndex { $0.hasPrefix("Data:") }! + 1
        let rows = lines[start...].filter { !$0.isEmpty }.map { $0.split(separator: " ").map { Double($0)! } }
        let n = entry["n_observations"] as! Int
        precondition(rows.count == n, "\(name): read \(rows.count) rows, expected \(n)")
        let y = rows.map { $0[0] }
        let p = est.count
        var cols: [[Double]] = []
        var correction: Matrix? = nil
        if rows[0].count == 2 {
            // Polynomial (or straight line) in one x: powers 0…p−1, or 1…p without intercept.
            let first = intercept ? 0 : 1
            let (hi, lo) = PolynomialDesign.powers(of: rows.map { $0[1] }, degrees: first...(first + p - 1))
            cols = (0..<p).map { hi.column($0) }
            correction = lo
        } else {
            if intercept { cols.append([Double](repeating: 1, count: n)) }
            for j in 1..<rows[0].count { cols.append(rows.map { $0[j] }) }
        }
        precondition(cols.count == p)
        return NISTDataset(
            name: name, y: y, design: Matrix(columns: cols), correction: correction, hasIntercept: intercept,
            certifiedEstimates: est, certifiedStdDevs: sd,
            certifiedResidualSD: Double(entry["residual_standard_deviation"] as! String)!,
            certifiedRSquared: Double(entry["r_squared"] as! String)!)
    }
}

struct NISTLeastSquaresTests {
    /// Minimum LRE per quantity for one set.
    static func lres(_ d: NISTDataset, options: LeastSquares.Options = .init())
        throws -> (coef: Double, sd: Double, rsd: Double, r2: Double, fit: LeastSquaresFit)
    {
        let fit = try LeastSquares.fit(d.design, d.y, designCorrection: d.correction, options: options)
        let coef = zip(fit.coefficients, d.certifiedEstimates).map { TestSupport.lre($0, certified: $1) }.min()!
        let sd = zip(fit.standardErrors, d.certifiedStdDevs).map { TestSupport.lre($0, certified: $1) }.min()!
        return (coef, sd, TestSupport.lre(fit.sigma, certified: d.certifiedResidualSD),
                TestSupport.lre(fit.rSquared(centered: d.hasIntercept), certified: d.certifiedRSquared), fit)
    }

    @Test("NIST StRD: minimum LRE ≥ 9 for every certified value on all 11 linear sets")
    func nistTable() throws {
        var table = "dataset     coef    sd      resSD   R²      min    rank  κ(equil.)  refine\n"
        var worst = Double.infinity
        for name in NISTDataset.names {
            let d = NISTDataset.load(name)
            let r = try Self.lres(d)
            let m = min(r.coef, r.sd, r.rsd, r.r2)
            worst = min(worst, m)
            table += String(format: "%@  %5.1f   %5.1f   %5.1f   %5.1f   %5.1f  %3d   %9.2e  %d\n",
                            name.padding(toLength: 10, withPad: " ", startingAt: 0) as NSString, r.coef, r.sd, r.rsd, r.r2, m, r.fit.rank, r.fit.conditionNumber,
                            r.fit.refinementSteps)
            #expect(r.fit.rank == d.certifiedEstimates.count, "\(name): full rank expected")
            #expect(m >= 9, "\(name): minimum LRE \(m) below 9")
        }
        print(table + String(format: "minimum LRE over all sets: %.1f", worst))
    }
}
