// SPDX-License-Identifier: GPL-3.0-or-later

// Closed-form least squares for the small, well-conditioned fits inside the forecasting models'
// initialisations (a straight line through ≤ 2m points; R ets's 4-column seasonal start). They
// keep R's own arithmetic — `lsfit`'s centred sums, normal equations — so the models' starting
// values, and through them every fitted parameter and the M3 outputs, are R's to the last bit;
// `LeastSquares.fit` (Householder QR) is the accurate route for anything else and would differ
// from R in the last bits here.

extension LeastSquares {
    /// The least-squares line through (x_i, y_i): slope b = Σ(x−x̄)(y−ȳ)/Σ(x−x̄)², intercept
    /// ȳ − b·x̄ (centred sums, as R's `lsfit` on one column). O(n). NaN when x is constant.
    public static func line(x: [Double], y: ArraySlice<Double>) -> (intercept: Double, slope: Double) {
        let n = Double(x.count)
        let mx = x.reduce(0, +) / n
        let my = y.reduce(0, +) / n
        var sxy = 0.0, sxx = 0.0
        for (xi, yi) in zip(x, y) {
            sxy += (xi - mx) * (yi - my)
            sxx += (xi - mx) * (xi - mx)
        }
        let b = sxy / sxx
        return (my - b * mx, b)
    }

    /// Least squares by the normal equations XᵀX β = Xᵀy, solved by Gaussian elimination with
    /// partial pivoting; `columns` are the columns of X. For a few well-conditioned columns only
    /// (the error grows with κ(X)², against κ(X) for QR): R's `ets` short-series seasonal
    /// initialisation, which uses it. O(n·p² + p³).
    public static func normalEquations(_ columns: [[Double]], _ y: [Double]) -> [Double] {
        let cols = columns
        let p = cols.count
        var a = Array(repeating: Array(repeating: 0.0, count: p + 1), count: p)
        for i in 0..<p {
            for j in 0..<p { a[i][j] = zip(cols[i], cols[j]).reduce(0) { $0 + $1.0 * $1.1 } }
            a[i][p] = zip(cols[i], y).reduce(0) { $0 + $1.0 * $1.1 }
        }
        for k in 0..<p {
            var piv = k
            for i in (k + 1)..<max(k + 1, p) where abs(a[i][k]) > abs(a[piv][k]) { piv = i }
            a.swapAt(k, piv)
            for i in (k + 1)..<max(k + 1, p) {
                let r = a[i][k] / a[k][k]
                for j in k...p { a[i][j] -= r * a[k][j] }
            }
        }
        var x = [Double](repeating: 0, count: p)
        for i in stride(from: p - 1, through: 0, by: -1) {
            var s = a[i][p]
            for j in (i + 1)..<max(i + 1, p) { s -= a[i][j] * x[j] }
            x[i] = s / a[i][i]
        }
        return x
    }
}
