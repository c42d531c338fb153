// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

/// Result of ``boundedNelderMead(start:lower:upper:_:)``.
struct BoundedNelderMeadResult {
    var x: [Double]
    var value: Double
    var iterations: Int
}

/// The box-constrained Nelder–Mead simplex minimiser of statsforecast (`nm::NelderMead` in
/// include/statsforecast/nelder_mead.h, used by its Theta family and CES), step for step, so that
/// our optimised Theta and CES stop where statsforecast's do.
///
/// Start: `start` clamped to [lower, upper]; vertex i perturbs coordinate i by ×(1 + `initStep`)
/// (or sets it to `zeroPerturbation` when 0), clamped. Adaptive coefficients (Gao & Han 2012):
/// reflection 1, expansion 1 + 2/n, contraction 0.75 − 1/(2n), shrink 1 − 1/n. Every trial point
/// is clamped to the box. Stops when the population standard deviation of the vertex values falls
/// below `tolerance` or after `maxIterations`; returns the best vertex of the final simplex. (This is
/// the algorithm of statsforecast 2.1.1's compiled library, checked by replaying its `optimize` on
/// the reference series: the shrink step moves every vertex, and the result is the final simplex's
/// best when the tolerance stops the search, but the vertex that was best when the last iteration
/// began when the iteration limit does (CES on M3 M1) — the older header in the statsforecast repository shrinks rows 1…n only and returns the
/// vertex that was best when the last iteration began.)
///
/// Differs from R's `optim(method = "Nelder-Mead")` (``nelderMead(start:abstol:reltol:alpha:beta:gamma:maxIterations:_:)``):
/// bounds by clamping, a relative-size initial simplex, a standard-deviation stopping rule.
/// - Complexity: at most `maxIterations` × (n + 2) evaluations of `f`.
func boundedNelderMead(start: [Double], lower: [Double], upper: [Double], initStep: Double = 0.05,
                       zeroPerturbation: Double = 1e-4, maxIterations: Int = 1000, tolerance: Double = 1e-4,
                       _ f: ([Double]) -> Double) -> BoundedNelderMeadResult {
    let n = start.count
    precondition(n >= 1 && lower.count == n && upper.count == n, "one bound per parameter")
    func clamp(_ x: inout [Double]) { for i in 0..<n { x[i] = min(max(x[i], lower[i]), upper[i]) } }
    let reflection = 1.0
    let expansion = 1.0 + 2.0 / Double(n)
    let contraction = 0.75 - 1.0 / (2.0 * Double(n))
    let shrink = 1.0 - 1.0 / Double(n)
    var x0 = start
    clamp(&x0)
    var simplex = Array(repeating: x0, count: n + 1)
    for i in 0..<n {
        var v = simplex[i][i]
        v = v == 0 ? zeroPerturbation : v * (1 + initStep)
        simplex[i][i] = min(max(v, lower[i]), upper[i])
    }
    var values = simplex.map(f)
    var best = 0
    var iteration = 0
    var centroid = Array(repeating: 0.0, count: n)
    var trial = Array(repeating: 0.0, count: n)
    var converged = false
    while iteration < maxIterations {
        defer { iteration += 1 }
        let m = values.reduce(0, +) / Double(n + 1)
        var ss = 0.0
        for v in values { ss += (v - m) * (v - m) }
        // NaN spread (an infinite vertex value) does not stop the search, as in C++.
        if (ss / Double(n + 1)).squareRoot() < tolerance { converged = true; break }
        let order = (0...n).sorted { values[$0] < values[$1] }
        best = order[0]
        let worst = order[n], secondWorst = order[n - 1]
        for j in 0..<n {
            var s = 0.0
            for r in 0...n { s += simplex[r][j] }
            centroid[j] = (s - simplex[worst][j]) / Double(n)
        }
        var reflected = centroid
        for j in 0..<n { reflected[j] = centroid[j] + reflection * (centroid[j] - simplex[worst][j]) }
        clamp(&reflected)
        let fr = f(reflected)
        if values[best] <= fr && fr < values[secondWorst] {
            simplex[worst] = reflected; values[worst] = fr
            continue
        }
        if fr < values[best] {
            for j in 0..<n { trial[j] = centroid[j] + expansion * (reflected[j] - centroid[j]) }
            clamp(&trial)
            let fe = f(trial)
            if fe < fr { simplex[worst] = trial; values[worst] = fe } else { simplex[worst] = reflected; values[worst] = fr }
            continue
        }
        if values[secondWorst] <= fr && fr < values[worst] {
            for j in 0..<n { trial[j] = centroid[j] + contraction * (reflected[j] - centroid[j]) }
            clamp(&trial)
            let fc = f(trial)
            if fc <= fr { simplex[worst] = trial; values[worst] = fc; continue }
        } else {
            for j in 0..<n { trial[j] = centroid[j] - contraction * (reflected[j] - centroid[j]) }
            clamp(&trial)
            let fc = f(trial)
            if fc < values[worst] { simplex[worst] = trial; values[worst] = fc; continue }
        }
        // Shrink every vertex towards the best (the best itself is re-evaluated, unchanged).
        for r in 0...n {
            for j in 0..<n { simplex[r][j] = simplex[best][j] + shrink * (simplex[r][j] - simplex[best][j]) }
            clamp(&simplex[r])
            values[r] = f(simplex[r])
        }
    }
    // Stopped by the tolerance: the best vertex. Stopped by the iteration limit: the vertex that was
    // best when the last iteration began, even if that iteration found a better one (statsforecast
    // 2.1.1's CES on M3 M1, kind N, stops so; replayed in CESTests).
    if converged || maxIterations == 0 { best = values.indices.min { values[$0] < values[$1] }! }
    return BoundedNelderMeadResult(x: simplex[best], value: values[best], iterations: iteration)
}
