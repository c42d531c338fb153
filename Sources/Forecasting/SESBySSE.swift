// SPDX-License-Identifier: GPL-3.0-or-later
/// Simple exponential smoothing fitted by minimum in-sample SSE — R forecast's `HoltWintersZZ`
/// for an (N,N) model, which `ets()` (and so `ses()` and `thetaf()`) falls back to when a series
/// is too short for the likelihood fit (n ≤ number of parameters + 4).
///
/// Level starts at y₀ (so the first one-step error is 0), ℓᵢ = α·yᵢ + (1 − α)·ℓᵢ₋₁,
/// SSE(α) = Σᵢ (yᵢ − ℓᵢ₋₁)², α ∈ [0, 1]; σ² = mean of the n squared errors (the first, 0, included),
/// as R. SSE(α) is not convex on short series; R minimises with L-BFGS-B started at α = 0.2 and so
/// finds the local minimum whose basin holds 0.2 (on the Stoke-on-Trent alcohol series' first 5
/// years that is α = 0, although α = 1 has a lower SSE). Here likewise: from 0.2, step by 0.001
/// downhill until the SSE rises or a bound is reached, then golden-section search to 1e-12 — the
/// same local minimum, with α agreeing with R to the accuracy of R's optimiser (≈1e-5).
/// - Complexity: O(n) per SSE evaluation, at most ≈1,100 evaluations.
struct SESBySSE: Sendable {
    let alpha: Double
    let initialLevel: Double
    let lastLevel: Double
    let fitted: [Double]
    let sigma2: Double

    /// The (N,N) Holt–Winters filter from ℓ₀ = y₀, over every observation (R's HoltWintersZZ).
    static func filter(_ y: [Double]) -> HoltWintersFilter {
        HoltWintersFilter(y: y, period: 1, seasonality: .none, trend: false, l0: y[0], b0: 0, s0: [], startTime: 1)
    }

    init(_ y: [Double]) {
        precondition(!y.isEmpty, "SES needs at least one observation")
        // Descend from α = 0.2 on a 0.001 grid to the local minimum's cell (as R's L-BFGS-B start).
        let hw = Self.filter(y)
        func sse(_ a: Double) -> Double { hw.sse(alpha: a, beta: 0, gamma: 0) }
        let grid = 1000
        var k = 200
        let here = sse(0.2)
        let up = sse(0.201), down = sse(0.199)
        let step = down < here && down <= up ? -1 : (up < here ? 1 : 0)
        var current = here
        while step != 0 && k + step >= 0 && k + step <= grid {
            let next = sse(Double(k + step) / Double(grid))
            if next >= current { break }
            current = next
            k += step
        }
        var a = Double(max(0, k - 1)) / Double(grid), b = Double(min(grid, k + 1)) / Double(grid)
        let g = (5.0.squareRoot() - 1) / 2
        var c = b - g * (b - a), d = a + g * (b - a)
        var fc = sse(c), fd = sse(d)
        while b - a > 1e-12 {
            if fc < fd { b = d; d = c; fd = fc; c = b - g * (b - a); fc = sse(c) }
            else { a = c; c = d; fc = fd; d = a + g * (b - a); fd = sse(d) }
        }
        let alpha = (a + b) / 2
        self.alpha = alpha
        initialLevel = y[0]
        let run = hw.run(alpha: alpha, beta: 0, gamma: 0)
        fitted = run.fitted
        lastLevel = run.level
        sigma2 = run.sse / Double(y.count)
    }
}
