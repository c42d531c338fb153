// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Distributions
import LinearAlgebra

/// Base (unreconciled) forecasts for every node of a ``HierarchyStructure``, with what the
/// methods that learn from the past need. All arrays are node-major in the structure's node
/// order: `mean[node * horizon + t]`, `history[node * historyLength + s]`.
public struct BaseForecasts: Sendable {
    public let horizon: Int
    /// Point forecasts, nodeCount × horizon.
    public var mean: [Double]
    /// Forecast standard deviations σ_h (nodeCount × horizon), for reconciled Gaussian intervals.
    public var standardDeviation: [Double]?
    /// In-sample actuals (nodeCount × historyLength): top-down proportions and residuals.
    public var history: [Double]?
    /// In-sample fitted values (one-step), same shape as `history`: residuals = history − fitted.
    public var fitted: [Double]?
    public let historyLength: Int

    public init(horizon: Int, mean: [Double], standardDeviation: [Double]? = nil,
                history: [Double]? = nil, fitted: [Double]? = nil, historyLength: Int = 0) {
        self.horizon = horizon
        self.mean = mean
        self.standardDeviation = standardDeviation
        self.history = history
        self.fitted = fitted
        self.historyLength = historyLength
    }
}

/// Coherent forecasts: every node, every step, aggregates equal to the sums of their bottom series.
public struct ReconciledForecasts: Sendable {
    public let structure: HierarchyStructure
    public let method: ReconciliationMethod
    public let horizon: Int
    /// The base forecasts given (nodeCount × horizon).
    public let base: [Double]
    /// The reconciled forecasts (nodeCount × horizon), S·b̃.
    public let mean: [Double]
    /// Reconciled forecast variances (nodeCount × horizon) when base σ_h were given and the method
    /// is linear; see ``Reconciler/variances``.
    public let variance: [Double]?

    /// Lower and upper limits of the central `level`% Gaussian interval of node `i` at step `t`.
    public func interval(node i: Int, step t: Int, level: Double) -> (lower: Double, upper: Double)? {
        guard let v = variance?[i * horizon + t] else { return nil }
        let z = Normal().quantile(0.5 + level / 200)
        let m = mean[i * horizon + t], s = v.squareRoot()
        return (m - z * s, m + z * s)
    }
}

/// Forecast reconciliation (see ``ReconciliationMethod`` for the methods and references).
///
/// MinT's reconciled bottom forecasts are b̃ = ŷ_b − J W Uᵀ (Uᵀ W U)⁻¹ Uᵀ ŷ with Uᵀ = [I_a, −S_A]
/// (Wickramasuriya, Athanasopoulos & Hyndman 2019, doi:10.1080/01621459.2018.1448825, the form
/// hierarchicalforecast uses), so only an n_a × n_a system is solved, never S'W⁻¹S of the bottom
/// series. For diagonal W (ols, wls-struct, wls-var) that system, W_a + S_A W_b S_Aᵀ, has a
/// diagonal block for every aggregate level (a level's nodes are disjoint); the largest level is
/// eliminated exactly (Schur complement) and the rest, of the size of the other aggregate levels,
/// is solved by Cholesky: O(n_b · L²) time and O(n_b · L) memory plus r² for the remaining r
/// aggregate nodes — 500,000 LSOA × crime-type series reconcile in seconds. Dense W (mint-shrink,
/// mint-cov) is limited to ``Reconciler/denseLimit`` series.
///
/// Differences from hierarchicalforecast 1.5: the same formulas, solved by Cholesky instead of a
/// general solve with entries below 1e-10 zeroed, so results agree to about 1e-10 relative;
/// non-negative MinT solves the same quadratic programme by a primal–dual active-set method on
/// the structure instead of a general QP solver (hierarchicalforecast then rounds to float32, so
/// agreement there is ~1e-7).
public enum Reconciler {
    /// Largest node count for mint-shrink and mint-cov: their solve holds an n_b × n_a matrix
    /// (bottom × aggregate nodes), about 80 MB at 10,000 series with a tenth of them aggregates.
    public static let denseLimit = 20_000
    /// Largest node count for reconciled variances of the dense-W methods (mint-shrink, mint-cov),
    /// whose correlation R is held as an n × n matrix, and for dense non-negative MinT.
    public static let varianceLimit = 4_000
    /// Largest node count for reconciled variances of the other linear methods (diagonal W,
    /// top-down with historical proportions): S·P is applied block by block (``variances``), time
    /// O(n · n_b · L): 61 s for 10,830 nodes on this 2-core machine under load (scripts/reconcile-benchmark.py
    /// part C); 25,000 nodes is about five times that.
    public static let intervalLimit = 25_000
    /// hierarchicalforecast's ridge on the shrunk covariance diagonal and on wls-var weights.
    public static let ridge = 2e-8

    /// Checks, before any forecasting, that `method` applies to `structure` (top-down and
    /// middle-out need one nested hierarchy; middle-out a named aggregate level).
    public static func check(_ method: ReconciliationMethod, over s: HierarchyStructure) throws(ReconciliationError) {
        switch method {
        case .topDown:
            guard s.isStrictlyHierarchical else { throw .notStrictlyHierarchical(method: method.description) }
        case .middleOut(let level, _):
            guard s.isStrictlyHierarchical else { throw .notStrictlyHierarchical(method: "middle-out:\(level)") }
            let names = s.levels.map(\.name)
            guard let l = names.firstIndex(of: level), l < s.aggregateLevelCount else {
                throw .missingInput(method: "middle-out:\(level)", needs: "a middle level among the aggregate levels: \(names.dropLast().joined(separator: ", "))")
            }
        default: break
        }
    }

    /// Reconciles `base` over `structure` with `method`.
    public static func reconcile(_ base: BaseForecasts, over structure: HierarchyStructure,
                                 method: ReconciliationMethod) throws(ReconciliationError) -> ReconciledForecasts {
        let n = structure.nodeCount, h = base.horizon
        guard h >= 1 else { throw .shapeMismatch("the horizon must be at least 1") }
        guard base.mean.count == n * h else {
            throw .shapeMismatch("base forecasts: expected \(n) nodes × \(h) steps = \(n * h) values, got \(base.mean.count)")
        }
        if let i = base.mean.firstIndex(where: { !$0.isFinite }) {
            throw .nonFinite("base forecast of \(label(structure, i / h)) at step \(i % h + 1) is \(base.mean[i])")
        }
        if let hist = base.history, hist.count != n * base.historyLength {
            throw .shapeMismatch("history: expected \(n) nodes × \(base.historyLength) periods, got \(hist.count) values")
        }
        if let f = base.fitted, f.count != n * base.historyLength {
            throw .shapeMismatch("fitted values: expected \(n) nodes × \(base.historyLength) periods, got \(f.count) values")
        }
        if let sd = base.standardDeviation, sd.count != n * h {
            throw .shapeMismatch("standard deviations: expected \(n * h) values, got \(sd.count)")
        }
        try check(method, over: structure)
        let bottom: [Double]
        var linearMap: ((_ yhat: [Double], _ columns: Int) throws(ReconciliationError) -> [Double])?
        var correlation: Matrix?
        switch method {
        case .bottomUp:
            bottom = bottomBlock(base.mean, structure, h)
        case .topDown(let p):
            guard structure.isStrictlyHierarchical else { throw .notStrictlyHierarchical(method: method.description) }
            bottom = try topDown(base, structure, p, top: 0, subtreeBottoms: nil)
            if p != .forecastProportions {
                let props = try historicalProportions(base, structure, p, top: 0, bottoms: Array(0..<structure.bottomCount))
                linearMap = { y, c in
                    var out = [Double](repeating: 0, count: structure.bottomCount * c)
                    for b in 0..<structure.bottomCount { for t in 0..<c { out[b * c + t] = props[b] * y[t] } }
                    return out
                }
            }
        case .middleOut(let level, let p):
            bottom = try middleOut(base, structure, level: level, p)
        case .minTrace(let w, let nonnegative):
            if w.isDiagonal {
                let weights = try diagonalWeights(w, base, structure)
                if nonnegative {
                    bottom = try nonnegativeDiagonal(base.mean, structure, weights, h)
                } else {
                    bottom = try solveDiagonal(base.mean, structure, weights, h, method: w.rawValue)
                    linearMap = { y, c throws(ReconciliationError) in try solveDiagonal(y, structure, weights, c, method: w.rawValue) }
                }
            } else {
                guard n <= denseLimit else { throw .tooLargeForDense(method: w.rawValue, nodes: n, limit: denseLimit) }
                let wm = try covariance(w, base, structure)
                if nonnegative {
                    guard n <= varianceLimit else { throw .tooLargeForDense(method: "\(w.rawValue):nonnegative", nodes: n, limit: varianceLimit) }
                    bottom = try nonnegativeDense(base.mean, structure, wm.dense(), h, method: w.rawValue)
                } else {
                    let solver = try DenseMinT(structure, wm, method: w.rawValue)
                    bottom = solver.bottom(base.mean, h)
                    linearMap = { y, c in solver.bottom(y, c) }
                    if n <= varianceLimit { correlation = wm.dense() }
                }
            }
        }
        let mean = structure.aggregate(bottom: bottom, horizon: h)
        var variance: [Double]?
        if let sd = base.standardDeviation {
            if case .bottomUp = method {
                let v = bottomBlock(sd, structure, h).map { $0 * $0 }
                variance = structure.aggregate(bottom: v, horizon: h)
            } else if let map = linearMap {
                // Dense W needs its correlation (held only up to varianceLimit nodes); the others R = I.
                var denseW = false
                if case .minTrace(let w, _) = method { denseW = !w.isDiagonal }
                if denseW ? correlation != nil : n <= intervalLimit {
                    variance = try variances(structure, map, sd: sd, h: h, covariance: correlation)
                }
            }
        }
        return ReconciledForecasts(structure: structure, method: method, horizon: h, base: base.mean, mean: mean, variance: variance)
    }

    // MARK: - Pieces

    static func label(_ s: HierarchyStructure, _ node: Int) -> String {
        zip(s.keyColumns, s.nodeKeys[node]).map { "\($0)=\($1)" }.joined(separator: ", ")
    }

    /// The bottom rows of a node-major array.
    static func bottomBlock(_ a: [Double], _ s: HierarchyStructure, _ h: Int) -> [Double] {
        Array(a[(s.aggregateCount * h)...])
    }

    /// Node-major residuals history − fitted (NaN where either is missing).
    static func residuals(_ base: BaseForecasts, method: String) throws(ReconciliationError) -> [Double] {
        guard let y = base.history, let f = base.fitted, base.historyLength >= 2 else {
            throw .missingInput(method: method, needs: "in-sample actuals and fitted values (two or more periods) for every node")
        }
        return zip(y, f).map { $0 - $1 }
    }

    /// W's diagonal for ols (1), wls-struct (bottom series under each node) and wls-var (mean
    /// squared in-sample residual + 2e-8, NaN-skipping sum over all T, as hierarchicalforecast).
    static func diagonalWeights(_ w: ReconciliationMethod.Weights, _ base: BaseForecasts,
                                _ s: HierarchyStructure) throws(ReconciliationError) -> [Double] {
        switch w {
        case .ols: return [Double](repeating: 1, count: s.nodeCount)
        case .wlsStructural: return s.nodeSizes.map(Double.init)
        default:
            let r = try residuals(base, method: w.rawValue)
            let T = base.historyLength
            return (0..<s.nodeCount).map { i in
                var acc = 0.0
                for k in 0..<T { let e = r[i * T + k]; if !e.isNaN { acc += e * e } }
                return acc / Double(T) + ridge
            }
        }
    }

    /// MinT with diagonal W: b̃ = ŷ_b + W_b S_Aᵀ λ, (W_a + S_A W_b S_Aᵀ) λ = ŷ_a − S_A ŷ_b, for `c`
    /// right-hand sides at once. `fixedZero` marks bottom series held at 0 (non-negative active set):
    /// their weight is dropped from the system and their value is 0.
    static func solveDiagonal(_ yhat: [Double], _ s: HierarchyStructure, _ w: [Double], _ c: Int,
                              method: String, fixedZero: [Bool]? = nil) throws(ReconciliationError) -> [Double] {
        let na = s.aggregateCount, nb = s.bottomCount, nl = s.aggregateLevelCount
        var out = [Double](repeating: 0, count: nb * c)
        if nl == 0 { return Array(yhat[(na * c)...]) }
        let wb: [Double] = (0..<nb).map { b in fixedZero?[b] == true ? 0 : w[na + b] }
        // Incoherence d = ŷ_a − S_A ŷ_b (fixed bottoms count as 0).
        var d = Array(yhat[0..<(na * c)])
        for b in 0..<nb where fixedZero?[b] != true {
            for l in 0..<nl { let a = s.ancestor(b, level: l); for t in 0..<c { d[a * c + t] -= yhat[(na + b) * c + t] } }
        }
        // Eliminate the largest aggregate level D (diagonal block); the others R go to a dense Schur complement.
        let dl = (0..<nl).max { s.levels[$0].nodeCount < s.levels[$1].nodeCount }!
        let rLevels = (0..<nl).filter { $0 != dl }
        var rIndex = [Int](repeating: -1, count: na)
        var rNodes: [Int] = []
        for l in rLevels { let lv = s.levels[l]; for a in lv.firstNode..<(lv.firstNode + lv.nodeCount) { rIndex[a] = rNodes.count; rNodes.append(a) } }
        let r = rNodes.count
        let dFirst = s.levels[dl].firstNode, nd = s.levels[dl].nodeCount
        // M_DD (diagonal) and M_DR (sparse rows) from the bottoms under each D node.
        var mdd = (0..<nd).map { w[dFirst + $0] }
        var rowStart = [0], cols: [Int] = [], vals: [Double] = []
        var scratch = [Double](repeating: 0, count: r), touched: [Int] = []
        for k in 0..<nd {
            for b32 in s.bottoms(under: dFirst + k) {
                let b = Int(b32), wv = wb[b]
                if wv == 0 { continue }
                mdd[k] += wv
                for l in rLevels {
                    let p = rIndex[s.ancestor(b, level: l)]
                    if scratch[p] == 0 { touched.append(p) }
                    scratch[p] += wv
                }
            }
            for p in touched { cols.append(p); vals.append(scratch[p]); scratch[p] = 0 }
            touched.removeAll(keepingCapacity: true)
            rowStart.append(cols.count)
        }
        if let k = mdd.firstIndex(where: { !($0 > 0) }) {
            throw .illConditioned(method: method, detail: "node \(label(s, dFirst + k)) has zero weight")
        }
        // Schur complement C = M_RR − M_DRᵀ M_DD⁻¹ M_DR.
        var lambdaR = Matrix(rows: r, columns: c)
        var dD = (0..<nd).map { k in (0..<c).map { d[(dFirst + k) * c + $0] } }
        if r > 0 {
            var cm = Matrix(rows: r, columns: r)
            cm.storage.withUnsafeMutableBufferPointer { cs in
                for p in 0..<r { cs[p + p * r] = w[rNodes[p]] }
                for b in 0..<nb where wb[b] != 0 {
                    for l1 in rLevels {
                        let p = rIndex[s.ancestor(b, level: l1)]
                        for l2 in rLevels { cs[p + rIndex[s.ancestor(b, level: l2)] * r] += wb[b] }
                    }
                }
                for k in 0..<nd {
                    let inv = 1 / mdd[k]
                    for i in rowStart[k]..<rowStart[k + 1] {
                        let vi = vals[i] * inv
                        for j in rowStart[k]..<rowStart[k + 1] { cs[cols[i] + cols[j] * r] -= vi * vals[j] }
                    }
                }
            }
            // Right-hand side d_R − M_DRᵀ M_DD⁻¹ d_D.
            var rhs = Matrix(rows: r, columns: c)
            for p in 0..<r { for t in 0..<c { rhs[p, t] = d[rNodes[p] * c + t] } }
            for k in 0..<nd {
                for i in rowStart[k]..<rowStart[k + 1] {
                    let f = vals[i] / mdd[k]
                    for t in 0..<c { rhs[cols[i], t] -= f * dD[k][t] }
                }
            }
            let chol: CholeskyDecomposition
            do { chol = try CholeskyDecomposition(cm) } catch {
                throw .illConditioned(method: method, detail: "\(error)")
            }
            lambdaR = chol.solve(rhs)
        }
        // λ_D = M_DD⁻¹ (d_D − M_DR λ_R); λ for every aggregate node.
        var lambda = [Double](repeating: 0, count: na * c)
        for p in 0..<r { for t in 0..<c { lambda[rNodes[p] * c + t] = lambdaR[p, t] } }
        for k in 0..<nd {
            for i in rowStart[k]..<rowStart[k + 1] { for t in 0..<c { dD[k][t] -= vals[i] * lambdaR[cols[i], t] } }
            for t in 0..<c { lambda[(dFirst + k) * c + t] = dD[k][t] / mdd[k] }
        }
        for b in 0..<nb {
            if fixedZero?[b] == true { continue }
            for t in 0..<c {
                var acc = 0.0
                for l in 0..<nl { acc += lambda[s.ancestor(b, level: l) * c + t] }
                out[b * c + t] = yhat[(na + b) * c + t] + wb[b] * acc
            }
        }
        return out
    }

    // MARK: Top-down and middle-out

    /// Historical proportions of the bottoms under `top` (average of proportions, or proportion of averages), NaN-skipping.
    static func historicalProportions(_ base: BaseForecasts, _ s: HierarchyStructure, _ p: ReconciliationMethod.Proportions,
                                      top: Int, bottoms: [Int]) throws(ReconciliationError) -> [Double] {
        guard let y = base.history, base.historyLength >= 1 else {
            throw .missingInput(method: "top-down:\(p.rawValue)", needs: "the in-sample history of every node")
        }
        let T = base.historyLength, na = s.aggregateCount
        func nanMean(_ xs: [Double]) -> Double {
            var acc = 0.0, k = 0
            for x in xs where !x.isNaN { acc += x; k += 1 }
            return k == 0 ? .nan : acc / Double(k)
        }
        let topRow = (0..<T).map { y[top * T + $0] }
        return bottoms.map { b in
            let row = (0..<T).map { y[(na + b) * T + $0] }
            return p == .averageProportions ? nanMean(zip(row, topRow).map { $0 / $1 }) : nanMean(row) / nanMean(topRow)
        }
    }

    /// Children of every node of a strict hierarchy (aggregate level l+1 or bottoms under level l).
    static func children(_ s: HierarchyStructure) -> [[Int]] {
        var kids = [[Int]](repeating: [], count: s.nodeCount)
        let nl = s.aggregateLevelCount
        for l in 1..<(nl + 1) {
            let lv = s.levels[l]
            for node in lv.firstNode..<(lv.firstNode + lv.nodeCount) {
                let anyBottom = l == nl ? node - s.aggregateCount : Int(s.bottoms(under: node).first!)
                kids[s.ancestor(anyBottom, level: l - 1)].append(node)
            }
        }
        return kids
    }

    /// Top-down from node `top`: bottom forecasts (all bottoms; those outside the subtree are left 0).
    static func topDown(_ base: BaseForecasts, _ s: HierarchyStructure, _ p: ReconciliationMethod.Proportions,
                        top: Int, subtreeBottoms: [Int]?) throws(ReconciliationError) -> [Double] {
        let h = base.horizon, na = s.aggregateCount
        let bottoms = subtreeBottoms ?? Array(0..<s.bottomCount)
        var out = [Double](repeating: 0, count: s.bottomCount * h)
        if p != .forecastProportions {
            let props = try historicalProportions(base, s, p, top: top, bottoms: bottoms)
            if let k = props.firstIndex(where: { !$0.isFinite }) {
                throw .nonFinite("top-down:\(p.rawValue): the historical proportion of \(label(s, na + bottoms[k])) is not finite (the parent's history is zero or missing)")
            }
            for (k, b) in bottoms.enumerated() { for t in 0..<h { out[b * h + t] = props[k] * base.mean[top * h + t] } }
            return out
        }
        // Forecast proportions: each child gets its share of its siblings' base forecasts, level by level.
        let kids = children(s)
        var rec = [Double](repeating: 0, count: s.nodeCount * h)
        for t in 0..<h { rec[top * h + t] = base.mean[top * h + t] }
        var frontier = [top]
        while !frontier.isEmpty {
            var next: [Int] = []
            for parent in frontier {
                let ch = kids[parent]
                if ch.isEmpty { continue }
                for t in 0..<h {
                    var sum = 0.0
                    for c in ch { sum += base.mean[c * h + t] }
                    for c in ch {
                        rec[c * h + t] = abs(sum) < 1e-8 ? rec[parent * h + t] / Double(ch.count)
                            : base.mean[c * h + t] * rec[parent * h + t] / sum
                    }
                }
                next += ch
            }
            frontier = next
        }
        for b in bottoms { for t in 0..<h { out[b * h + t] = rec[(na + b) * h + t] } }
        return out
    }

    /// Middle-out: the named level's base forecasts are kept (so levels above are their sums) and
    /// each of its nodes is split top-down over its subtree.
    static func middleOut(_ base: BaseForecasts, _ s: HierarchyStructure, level: String,
                          _ p: ReconciliationMethod.Proportions) throws(ReconciliationError) -> [Double] {
        // ``check(_:over:)`` has made sure the level exists and the hierarchy is nested.
        let lv = s.levels[s.levels.firstIndex { $0.name == level }!], h = base.horizon
        var out = [Double](repeating: 0, count: s.bottomCount * h)
        for node in lv.firstNode..<(lv.firstNode + lv.nodeCount) {
            let bottoms = s.bottoms(under: node).map(Int.init)
            let part = try topDown(base, s, p, top: node, subtreeBottoms: bottoms)
            for b in bottoms { for t in 0..<h { out[b * h + t] = part[b * h + t] } }
        }
        return out
    }

    // MARK: Dense W

    /// A residual covariance in factored form, W = c·XᵀX + diag(d), X the T × n centred residuals:
    /// the sample covariance (c = 1/(T−1), d = 0) or its Schäfer–Strimmer shrinkage towards the
    /// diagonal (c = (1−λ*)/(T−1), d_i = max(s_ii, 2e-8) − (1−λ*)·s_ii). W has rank ≤ T plus a
    /// diagonal, so it is never formed for the MinT solve: O(n·T) memory instead of n².
    struct FactoredCovariance {
        let x: Matrix          // T × n, centred residuals
        let c: Double
        let d: [Double]
        /// The shrinkage intensity λ* (0 for the sample covariance).
        let intensity: Double

        var n: Int { x.columns }

        /// W as a dense n × n matrix (non-negative solve and interval correlations only).
        func dense() -> Matrix {
            var w = x.gram
            for k in w.storage.indices { w.storage[k] *= c }
            for i in 0..<n { w.storage[i + i * n] += d[i] }
            return w
        }
    }

    /// Sample covariance (mint-cov) or Schäfer–Strimmer shrinkage (mint-shrink) of the in-sample
    /// residuals. Shrinkage target: the diagonal; intensity λ* = Σ_{i<j} Var(r_ij) / Σ_{i<j} r_ij²
    /// clipped to [0, 1] (Schäfer & Strimmer 2005, doi:10.2202/1544-6115.1175), computed as
    /// hierarchicalforecast does (standardised with the population SD + 2e-8, diagonal floored at
    /// 2e-8) but from T × T products: with Y the standardised residuals (T × n) and w_ijt = y_ti y_tj,
    /// Σ_{i≠j} (Σ_t w_ijt)² = ‖Y Yᵀ‖²_F − Σ_i (Σ_t y_ti²)², and
    /// Σ_{i≠j} Σ_t w_ijt² = Σ_t [(Σ_i y_ti²)² − Σ_i y_ti⁴] — O(n·T²) instead of O(n²·T).
    /// Residuals must be complete.
    static func covariance(_ w: ReconciliationMethod.Weights, _ base: BaseForecasts,
                           _ s: HierarchyStructure) throws(ReconciliationError) -> FactoredCovariance {
        let r = try residuals(base, method: w.rawValue)
        let n = s.nodeCount, T = base.historyLength
        if let i = r.firstIndex(where: { !$0.isFinite }) {
            throw .nonFinite("\(w.rawValue) needs complete residuals; \(label(s, i / T)) has none at period \(i % T + 1)")
        }
        var x = Matrix(rows: T, columns: n)
        var sd = [Double](repeating: 0, count: n), variance = sd
        for i in 0..<n {
            var mean = 0.0
            for k in 0..<T { mean += r[i * T + k] }
            mean /= Double(T)
            var ss = 0.0
            for k in 0..<T { let v = r[i * T + k] - mean; x.storage[k + i * T] = v; ss += v * v }
            sd[i] = (ss / Double(T)).squareRoot()
            variance[i] = ss / Double(T - 1)
        }
        let c0 = 1 / Double(T - 1)
        if w == .sample { return FactoredCovariance(x: x, c: c0, d: [Double](repeating: 0, count: n), intensity: 0) }
        let eps = 2e-8, tt = Double(T)
        var y = x
        var rowSq = [Double](repeating: 0, count: T), fourth = rowSq
        var diagG = 0.0
        for i in 0..<n {
            var m = 0.0
            for k in 0..<T { y.storage[k + i * T] /= (sd[i] + eps); m += y.storage[k + i * T] }
            m /= tt
            var gii = 0.0
            for k in 0..<T {
                let v = y.storage[k + i * T] - m
                y.storage[k + i * T] = v
                let v2 = v * v
                rowSq[k] += v2; fourth[k] += v2 * v2; gii += v2
            }
            diagG += gii * gii
        }
        let yyt = y.transposed.gram                     // T × T: Y Yᵀ
        let frob = yyt.storage.reduce(0) { $0 + $1 * $1 } // ‖YᵀY‖²_F = ‖YYᵀ‖²_F
        var sumW2 = 0.0
        for k in 0..<T { sumW2 += rowSq[k] * rowSq[k] - fourth[k] }
        // Over pairs i < j (halves of the i ≠ j sums).
        let sumSqMeans = (frob - diagG) / 2 / (tt * tt)          // Σ_{i<j} w̄_ij²
        let sumVar = max(0, sumW2 / 2 - tt * sumSqMeans)         // Σ_{i<j} Σ_t (w_ijt − w̄_ij)²
        let intensity = max(min((sumVar / (tt * (tt - 1))) / (sumSqMeans + eps), 1), 0)
        let c = (1 - intensity) * c0
        let d = (0..<n).map { max(variance[$0], ridge) - (1 - intensity) * variance[$0] }
        return FactoredCovariance(x: x, c: c, d: d, intensity: intensity)
    }

    /// MinT with W = c·XᵀX + diag(d): Z = W U = c·Xᵀ(X U) + diag(d)·U, Uᵀ W U = c·(XU)ᵀ(XU) +
    /// Uᵀ diag(d) U (Cholesky), b̃ = ŷ_b − Z_b (UᵀWU)⁻¹ Uᵀ ŷ. X U (T × n_a) costs T·nnz(S); the rest
    /// O(T·n·n_a + n_a³).
    struct DenseMinT {
        let s: HierarchyStructure
        let zBottom: Matrix        // n_b × n_a
        let chol: CholeskyDecomposition?

        init(_ s: HierarchyStructure, _ w: FactoredCovariance, method: String) throws(ReconciliationError) {
            self.s = s
            let na = s.aggregateCount, nb = s.bottomCount, T = w.x.rows, nl = s.aggregateLevelCount
            // XU: column a = X[:, a] − Σ_{b∈a} X[:, na+b].
            var xu = Matrix(rows: T, columns: na)
            for a in 0..<na {
                for k in 0..<T { xu.storage[k + a * T] = w.x.storage[k + a * T] }
                for b in s.bottoms(under: a) {
                    let col = (na + Int(b)) * T
                    for k in 0..<T { xu.storage[k + a * T] -= w.x.storage[col + k] }
                }
            }
            var coef = xu.gram
            for k in coef.storage.indices { coef.storage[k] *= w.c }
            for a in 0..<na { coef.storage[a + a * na] += w.d[a] }
            for b in 0..<nb {
                let db = w.d[na + b]
                for l1 in 0..<nl {
                    let p = s.ancestor(b, level: l1)
                    for l2 in 0..<nl { coef.storage[p + s.ancestor(b, level: l2) * na] += db }
                }
            }
            // Z_b = c·X_bᵀ(XU) − d_b at (b, a) for each ancestor a of b.
            var xb = Matrix(rows: T, columns: nb)
            for b in 0..<nb { for k in 0..<T { xb.storage[k + b * T] = w.x.storage[k + (na + b) * T] } }
            var zb = Matrix(rows: nb, columns: na)
            Matrix.gemm(xb, transposeA: true, xu, alpha: w.c, into: &zb)
            for b in 0..<nb { for l in 0..<nl { zb.storage[b + s.ancestor(b, level: l) * nb] -= w.d[na + b] } }
            zBottom = zb
            if na == 0 { chol = nil } else {
                do { chol = try CholeskyDecomposition(coef) } catch { throw .illConditioned(method: method, detail: "\(error)") }
            }
        }

        func bottom(_ yhat: [Double], _ c: Int) -> [Double] {
            let na = s.aggregateCount, nb = s.bottomCount, nl = s.aggregateLevelCount
            var out = Array(yhat[(na * c)...])
            guard let chol else { return out }
            var d = Matrix(rows: na, columns: c)
            for a in 0..<na { for t in 0..<c { d[a, t] = yhat[a * c + t] } }
            for b in 0..<nb { for l in 0..<nl { let a = s.ancestor(b, level: l); for t in 0..<c { d[a, t] -= yhat[(na + b) * c + t] } } }
            let x = chol.solve(d)
            let corr = zBottom * x   // n_b × c
            for b in 0..<nb { for t in 0..<c { out[b * c + t] -= corr[b, t] } }
            return out
        }
    }

    // MARK: Non-negative

    /// Non-negative MinT with diagonal W: min Σ_i (ŷ_i − (S b)_i)² / w_i subject to b ≥ 0 (negative
    /// base forecasts first set to 0, as hierarchicalforecast), step by step, by a primal–dual
    /// active-set method (Hintermüller, Ito & Kunisch 2002, doi:10.1137/S1052623401383558): bottoms
    /// held at 0 are those whose gradient pushes them below 0; each step is one structured solve.
    static func nonnegativeDiagonal(_ yhat0: [Double], _ s: HierarchyStructure, _ w: [Double], _ h: Int) throws(ReconciliationError) -> [Double] {
        let yhat = yhat0.map { max($0, 0) }
        let na = s.aggregateCount, nb = s.bottomCount, nl = s.aggregateLevelCount
        var out = [Double](repeating: 0, count: nb * h)
        for t in 0..<h {
            let y = (0..<s.nodeCount).map { yhat[$0 * h + t] }
            var fixed = [Bool](repeating: false, count: nb)
            var b = try solveDiagonal(y, s, w, 1, method: "non-negative")
            var iterations = 0
            while true {
                // Gradient g = Sᵀ W⁻¹ (S b − ŷ).
                let sb = s.aggregate(bottom: b, horizon: 1)
                let res = (0..<s.nodeCount).map { (sb[$0] - y[$0]) / w[$0] }
                var changed = false
                for j in 0..<nb {
                    var g = res[na + j]
                    for l in 0..<nl { g += res[s.ancestor(j, level: l)] }
                    let scale = max(1, abs(y[na + j]))
                    if fixed[j] { if g < -1e-12 * scale { fixed[j] = false; changed = true } }
                    else if b[j] < 0 { fixed[j] = true; changed = true }
                }
                if !changed { break }
                iterations += 1
                if iterations > 200 { throw .nonnegativeFailed("the active set did not settle after 200 steps at step \(t + 1)") }
                b = try solveDiagonal(y, s, w, 1, method: "non-negative", fixedZero: fixed)
            }
            for j in 0..<nb { out[j * h + t] = max(b[j], 0) }
        }
        return out
    }

    /// Non-negative MinT with a dense W: the same active-set method, each step adding "bottom j = 0"
    /// rows to the constraints of the dual form ỹ = ŷ − W Cᵀ (C W Cᵀ)⁻¹ C ŷ.
    static func nonnegativeDense(_ yhat0: [Double], _ s: HierarchyStructure, _ w: Matrix, _ h: Int,
                                 method: String) throws(ReconciliationError) -> [Double] {
        let yhat = yhat0.map { max($0, 0) }
        let n = s.nodeCount, na = s.aggregateCount, nb = s.bottomCount
        var out = [Double](repeating: 0, count: nb * h)
        // W⁻¹ for the gradient.
        let winv: Matrix
        do { winv = try CholeskyDecomposition(w).inverse() } catch { throw .illConditioned(method: method, detail: "\(error)") }
        func solve(_ y: [Double], _ fixed: [Bool]) throws(ReconciliationError) -> [Double] {
            // Constraint rows: aggregates (ŷ_a − Σ ŷ_b = 0) and fixed bottoms (ŷ_b = 0), as sparse lists.
            var rows: [[(Int, Double)]] = []
            for a in 0..<na { rows.append([(a, 1)] + s.bottoms(under: a).map { (na + Int($0), -1.0) }) }
            for j in 0..<nb where fixed[j] { rows.append([(na + j, 1)]) }
            let m = rows.count
            var wc = Matrix(rows: n, columns: m)  // W Cᵀ
            for (k, row) in rows.enumerated() { for (i, v) in row { for r in 0..<n { wc.storage[r + k * n] += v * w.storage[r + i * n] } } }
            var cwc = Matrix(rows: m, columns: m)
            for k2 in 0..<m { for (k, row) in rows.enumerated() { var acc = 0.0; for (i, v) in row { acc += v * wc.storage[i + k2 * n] }; cwc.storage[k + k2 * m] = acc } }
            var cy = Matrix(rows: m, columns: 1)
            for (k, row) in rows.enumerated() { var acc = 0.0; for (i, v) in row { acc += v * y[i] }; cy.storage[k] = acc }
            let lam: Matrix
            do { lam = try CholeskyDecomposition(cwc).solve(cy) } catch { throw .illConditioned(method: method, detail: "\(error)") }
            let corr = wc * lam
            return (0..<nb).map { fixed[$0] ? 0 : y[na + $0] - corr.storage[na + $0] }
        }
        for t in 0..<h {
            let y = (0..<n).map { yhat[$0 * h + t] }
            var fixed = [Bool](repeating: false, count: nb)
            var b = try solve(y, fixed)
            var iterations = 0
            while true {
                let sb = s.aggregate(bottom: b, horizon: 1)
                let diff = Matrix(rows: n, columns: 1, columnMajor: (0..<n).map { sb[$0] - y[$0] })
                let r = winv * diff
                var changed = false
                for j in 0..<nb {
                    var g = r.storage[na + j]
                    for l in 0..<s.aggregateLevelCount { g += r.storage[s.ancestor(j, level: l)] }
                    if fixed[j] { if g < -1e-12 * max(1, abs(y[na + j])) { fixed[j] = false; changed = true } }
                    else if b[j] < 0 { fixed[j] = true; changed = true }
                }
                if !changed { break }
                iterations += 1
                if iterations > 200 { throw .nonnegativeFailed("the active set did not settle after 200 steps at step \(t + 1)") }
                b = try solve(y, fixed)
            }
            for j in 0..<nb { out[j * h + t] = max(b[j], 0) }
        }
        return out
    }

    // MARK: Intervals

    /// Reconciled variances diag(S P Σ_h Pᵀ Sᵀ) with Σ_h = R ∘ σ_h σ_hᵀ (R = I, or the correlation of
    /// the dense W), as hierarchicalforecast's `Normality` sampler (Panagiotelis et al. 2023,
    /// doi:10.1016/j.ejor.2022.07.040).
    ///
    /// S P is never held whole: it is formed `block` columns at a time by applying the (linear)
    /// method to unit vectors, and each block's contribution is added at once —
    /// Var_i = Σ_j (S P)_ij (S P D_h R D_h)_ij, D_h = diag(σ_h); for R = I the second factor is the
    /// first times σ_j², for a dense R a second application of the method to D_h R D_h's columns.
    /// Memory O(n · block); time n/block applications of the method, i.e. O(n · n_b · L) for the
    /// diagonal methods — ``intervalLimit`` nodes — and O(n² · n_a) for the dense ones.
    static func variances(_ s: HierarchyStructure,
                          _ map: (_ yhat: [Double], _ columns: Int) throws(ReconciliationError) -> [Double],
                          sd: [Double], h: Int, covariance: Matrix?, block requested: Int? = nil) throws(ReconciliationError) -> [Double] {
        let n = s.nodeCount
        // About 64 MB of S·P columns at a time.
        let block = max(1, min(n, requested ?? max(16, 8_000_000 / n)))
        var out = [Double](repeating: 0, count: n * h)
        var corr: Matrix?
        if let w = covariance {
            var c = w
            let d = (0..<n).map { max(w[$0, $0], 1e-16).squareRoot() }
            for j in 0..<n { for i in 0..<n { c.storage[i + j * n] /= d[i] * d[j] } }
            corr = c
        }
        var j0 = 0
        while j0 < n {
            let c = min(block, n - j0)
            var eye = [Double](repeating: 0, count: n * c)
            for k in 0..<c { eye[(j0 + k) * c + k] = 1 }
            let sp = s.aggregate(bottom: try map(eye, c), horizon: c)  // n × c: columns j0..<j0+c of S P
            for t in 0..<h {
                if let corr {
                    // Columns j0..<j0+c of D R D, then S P applied to them.
                    var x = [Double](repeating: 0, count: n * c)
                    for k in 0..<c {
                        let sj = sd[(j0 + k) * h + t]
                        for i in 0..<n { x[i * c + k] = sd[i * h + t] * corr.storage[i + (j0 + k) * n] * sj }
                    }
                    let y = s.aggregate(bottom: try map(x, c), horizon: c)
                    for i in 0..<n { var acc = 0.0; for k in 0..<c { acc += sp[i * c + k] * y[i * c + k] }; out[i * h + t] += acc }
                } else {
                    for i in 0..<n {
                        var acc = 0.0
                        for k in 0..<c { let a = sp[i * c + k] * sd[(j0 + k) * h + t]; acc += a * a }
                        out[i * h + t] += acc
                    }
                }
            }
            j0 += c
        }
        return out
    }
}
