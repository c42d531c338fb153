// SPDX-License-Identifier: GPL-3.0-or-later
import Testing
import Foundation
import _TestSupport
@testable import Forecasting

/// ROptim (the port of R's `optim(method = "BFGS")` with numerical gradients, and `optimHess`)
/// against R 4.2.2 on hand-made test functions (optim_bfgs.json, written by make_optim.R): the
/// same iterates, so the final parameters, value, convergence code and Hessian agree to 1e-12
/// relative (measured: bit for bit on all five; the functions are written with R's operation
/// order, R's `x^2` being x·x).
@Suite struct ROptimTests {
    struct Case: Decodable {
        let name: String
        let start: [Double]
        let parscale: [Double]
        let maxit: Int
        let par: [Double]
        let value: Double
        let convergence: Int
        let hessian: [Double]
    }

    static func function(_ name: String) -> ([Double]) -> Double {
        switch name {
        case "rosenbrock", "rosenbrock-parscale", "rosenbrock-maxit10":
            return { x in
                let a = x[1] - x[0] * x[0], b = 1 - x[0]
                return 100 * (a * a) + b * b
            }
        case "wood":
            return { x in
                let t1 = x[0] * x[0] - x[1], t2 = 1 - x[0], t3 = x[2] * x[2] - x[3], t4 = 1 - x[2]
                let t5 = x[1] - 1, t6 = x[3] - 1
                return 100 * (t1 * t1) + t2 * t2 + 90 * (t3 * t3) + t4 * t4 + 10.1 * (t5 * t5 + t6 * t6)
                    + 19.8 * (x[1] - 1) * (x[3] - 1)
            }
        default:
            return { x in
                let a = x[0] - 1, b = x[1] - -2, c = x[2] - 3
                return (a * a) * 1 + (b * b) * 10 + (c * c) * 100 + x[0] * x[1]
            }
        }
    }

    @Test func bfgsAndHessianAsR() throws {
        let text = TestSupport.text("references/forecasting/optim_bfgs.json")
        let cases = try JSONDecoder().decode([Case].self, from: Data(text.utf8))
        #expect(cases.count == 5)
        for c in cases {
            let optim = ROptim(fn: Self.function(c.name), parscale: c.parscale)
            let r = try optim.bfgs(c.start, maxit: c.maxit)
            let h = try optim.hessian(r.par).flatMap { $0 }  // row-major; R's is symmetric
            let pe = zip(r.par, c.par).map { TestSupport.relativeError($0, $1) }.max()!
            let he = zip(h, c.hessian).map { abs($0 - $1) / max(1, abs($1)) }.max()!
            print(String(format: "%@: par %.1e, value %.1e, Hessian %.1e", c.name, pe,
                         TestSupport.relativeError(r.value, c.value), he))
            #expect(pe < 1e-12, "\(c.name): \(r.par) vs R \(c.par)")
            #expect(TestSupport.relativeError(r.value, c.value) < 1e-12, "\(c.name)")
            #expect(r.convergence == c.convergence, "\(c.name)")
            #expect(he < 1e-9, "\(c.name): \(h) vs R \(c.hessian)")
        }
    }
}
