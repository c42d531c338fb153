// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
import _TestSupport
import Distributions
@testable import Reconciliation

/// Reconciled variances computed block by block (``Reconciler/variances``) against the dense
/// formula diag(S P D_h R D_h Pᵀ Sᵀ) with S·P formed whole, column by column, through the public
/// API (the reconciled means of unit base forecasts). Generated structure (seeded), labelled as such.
@Suite("Reconciled intervals without a dense S·P")
struct IntervalScaleTests {
    /// force/la/lsoa × 3 crime types: 2 forces, 5 LAs, 12 LSOAs, 36 bottoms (generated keys).
    static let structure: HierarchyStructure = {
        var keys: [[String]] = []
        for l in 0..<12 {
            let la = l % 5, force = la % 2
            for t in 0..<3 { keys.append(["F\(force)", "L\(la)", "E\(l)", "C\(t)"]) }
        }
        return try! HierarchyStructure(bottomKeys: keys, keyColumns: ["force", "la", "lsoa", "type"],
                                       spec: try! HierarchySpec.parse("force/la/lsoa*type"))
    }()

    static func base(_ s: HierarchyStructure, h: Int, T: Int) -> BaseForecasts {
        var rng = Xoshiro256StarStar(seed: 16)
        let n = s.nodeCount
        let bottom = (0..<(s.bottomCount * T)).map { _ in 5 + 20 * Double.random(in: 0..<1, using: &rng) }
        let history = s.aggregate(bottom: bottom, horizon: T)
        let fitted = history.map { $0 * (0.9 + 0.2 * Double.random(in: 0..<1, using: &rng)) }
        let mean = (0..<(n * h)).map { _ in 10 + 30 * Double.random(in: 0..<1, using: &rng) }
        let sd = (0..<(n * h)).map { _ in 0.5 + 3 * Double.random(in: 0..<1, using: &rng) }
        return BaseForecasts(horizon: h, mean: mean, standardDeviation: sd, history: history, fitted: fitted, historyLength: T)
    }

    /// diag((S P) D_h (S P)ᵀ) from S·P built whole (n reconciliations of unit base forecasts).
    static func dense(_ s: HierarchyStructure, _ b: BaseForecasts, _ m: ReconciliationMethod) throws -> [Double] {
        let n = s.nodeCount, h = b.horizon
        var sp = [Double](repeating: 0, count: n * n)  // row i, column j
        for j in 0..<n {
            var e = [Double](repeating: 0, count: n)
            e[j] = 1
            var unit = BaseForecasts(horizon: 1, mean: e, history: b.history, fitted: b.fitted, historyLength: b.historyLength)
            unit.standardDeviation = nil
            let r = try Reconciler.reconcile(unit, over: s, method: m)
            for i in 0..<n { sp[i * n + j] = r.mean[i] }
        }
        var out = [Double](repeating: 0, count: n * h)
        for t in 0..<h { for i in 0..<n {
            var acc = 0.0
            for j in 0..<n { let a = sp[i * n + j] * b.standardDeviation![j * h + t]; acc += a * a }
            out[i * h + t] = acc
        } }
        return out
    }

    @Test("Block by block equals the dense formula to 1e-10", arguments: ["ols", "wls-struct", "wls-var"])
    func blockwiseEqualsDense(_ name: String) throws {
        let s = Self.structure, b = Self.base(s, h: 2, T: 10)
        let m = try ReconciliationMethod.parse(name)
        let expected = try Self.dense(s, b, m)
        let r = try Reconciler.reconcile(b, over: s, method: m)
        expectClose(try #require(r.variance), expected, rtol: 1e-10, "\(name), default block")
        // Blocks of 7 columns (n = \(s.nodeCount) is not a multiple): every block boundary exercised.
        let weights = try Reconciler.diagonalWeights(.init(rawValue: name)!, b, s)
        let map: ([Double], Int) throws(ReconciliationError) -> [Double] = { y, c throws(ReconciliationError) in
            try Reconciler.solveDiagonal(y, s, weights, c, method: name)
        }
        let small = try Reconciler.variances(s, map, sd: b.standardDeviation!, h: 2, covariance: nil, block: 7)
        expectClose(small, expected, rtol: 1e-10, "\(name), blocks of 7")
    }

    @Test("Top-down (historical proportions): variances are p_i² σ_top²")
    func topDown() throws {
        // A strict hierarchy (the crossed one has no single top-down path).
        let keys = (0..<12).map { l in ["F\(l % 2)", "E\(l)"] }
        let s = try HierarchyStructure(bottomKeys: keys, keyColumns: ["force", "lsoa"], spec: try HierarchySpec.parse("force/lsoa"))
        let b = Self.base(s, h: 2, T: 10)
        let r = try Reconciler.reconcile(b, over: s, method: .topDown(.averageProportions))
        let v = try #require(r.variance)
        for i in 0..<s.nodeCount { for t in 0..<2 {
            let share = r.mean[i * 2 + t] / r.mean[t]  // node i's proportion of the top forecast
            expectClose(v[i * 2 + t], share * share * b.standardDeviation![t] * b.standardDeviation![t], rtol: 1e-12)
        } }
        expectClose(v, try Self.dense(s, b, .topDown(.averageProportions)), rtol: 1e-10)
    }

    @Test("Above 4,000 nodes the diagonal methods still give intervals")
    func beyondDenseLimit() throws {
        // 4,000 generated bottoms under one total: 4,001 nodes, one aggregate level (cheap in a debug build).
        let s = try HierarchyStructure(bottomKeys: (0..<4_000).map { ["E\($0)"] }, keyColumns: ["lsoa"])
        #expect(s.nodeCount > Reconciler.varianceLimit)
        let n = s.nodeCount, nb = Double(s.bottomCount)
        let b = BaseForecasts(horizon: 1, mean: (0..<n).map { Double($0 % 17) + 1 }, standardDeviation: [Double](repeating: 2, count: n))
        let r = try Reconciler.reconcile(b, over: s, method: .minTrace(.ols, nonnegative: false))
        let v = try #require(r.variance)
        // OLS with equal σ: Var = σ² diag(S (SᵀS)⁻¹ Sᵀ), a projection's diagonal, summing to σ² · n_b.
        // Here (SᵀS)⁻¹ = I − 11ᵀ/(n_b + 1): the total's share is n_b/(n_b + 1), a bottom's 1 − 1/(n_b + 1).
        expectClose(v[0], 4 * nb / (nb + 1), rtol: 1e-12)
        expectClose(v[1], 4 * (1 - 1 / (nb + 1)), rtol: 1e-12)
        expectClose(v.reduce(0, +), 4 * nb, rtol: 1e-9)
    }
}
