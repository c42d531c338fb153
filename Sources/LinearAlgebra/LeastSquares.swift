// SPDX-License-Identifier: GPL-3.0-or-later
import CLapack
import Foundation

/// Linear least squares, min‖y − Xβ‖₂, accurate to nearly full double precision on
/// ill-conditioned designs (polynomial trends, NIST StRD Filip and Wampler).
///
/// ## Method
/// 1. **Column equilibration** by powers of two, sⱼ = 2^−⌊log₂‖xⱼ‖⌋ (exact: no rounding).
/// 2. **QR with column pivoting** (`dgeqp3`) of B = X·S. The numerical rank r is the number of
///    pivots with |Rₖₖ| > `rankTolerance`·|R₀₀|; the other columns are *aliased* (their
///    coefficients are NaN, as R's `lm` reports NA), and the fit uses the first r pivoted columns.
/// 3. **Iterative refinement of the augmented system** (Björck 1967, "Iterative refinement of
///    linear least squares solutions I", BIT 7, DOI 10.1007/BF01939321):
///    `[I B; Bᵀ 0]·[r; x] = [y; 0]`, with residuals of that system computed in doubled
///    precision (compensated dot products, ``ExtendedPrecision``) against the *original* X,
///    and corrections solved with the QR factors. It converges while κ(B)·ε < 1 and gains
///    about −log₁₀(κ(B)·ε) digits per step.
/// 4. **Covariance** (XᵀX)⁻¹ column by column from the same refined augmented solver with right
///    side `[0; −eⱼ]`, so the standard errors are as accurate as the coefficients (the plain
///    (RᵀR)⁻¹ loses κ² ε relative accuracy).
///
/// With ``Refinement-swift.enum/automatic`` refinement runs only when the equilibrated design's
/// condition number, estimated before factoring from the Gram matrix, exceeds 10³; otherwise
/// one QR solve is already accurate to about κ²ε < 10⁻¹⁰, the design is factored in place
/// (no copy when the caller passes ownership), and the covariance is `dpotri` of R.
///
/// ## Accuracy (measured, see `Tests/LinearAlgebraTests/NISTTests.swift`)
/// Minimum LRE over every certified coefficient, standard deviation, residual SD and R² of
/// the 11 NIST StRD linear sets is printed by the test; plain LAPACK QR (numpy) gets 8.1 on
/// Filip and 5.9 on Wampler5, and R's `lm` declares Filip rank deficient (tol 1e-7).
///
/// ## Differences from R and statsmodels
/// - Rank decisions use full column pivoting with a relative tolerance (default 1e-12) on the
///   equilibrated R, not R's limited pivoting (`dqrdc2`, tol 1e-7), so Filip is full rank here.
///   Aliased columns are chosen by pivot order and may differ from R's choice (R drops the later
///   of collinear columns).
/// - statsmodels' `OLS` uses a pseudoinverse (SVD, rcond 1e-15) by default.
///
/// - Complexity: O(m·p²) for the factorisation; each refinement step is O(m·p), and the
///   refined covariance adds O(m·p²) per step. Peak memory: the design once (in place) without
///   refinement; twice (original kept for residuals) with it.
public enum LeastSquares {
    /// When to run iterative refinement.
    public enum Refinement: Sendable, Equatable {
        /// Refine when the estimated condition number of the equilibrated design exceeds 10³.
        case automatic
        /// Always refine (keeps a copy of the design).
        case always
        /// One QR solve (as LAPACK `dgels`/`dgelsy`), factored in place.
        case never
    }

    /// Solver options.
    public struct Options: Sendable {
        /// Pivots with |Rₖₖ| ≤ rankTolerance·|R₀₀| (equilibrated columns) are treated as zero.
        public var rankTolerance: Double
        public var refinement: Refinement
        /// Upper bound on refinement steps (each gains ≈ −log₁₀(κε) digits).
        public var maxRefinementSteps: Int

        public init(rankTolerance: Double = 1e-12, refinement: Refinement = .automatic,
                    maxRefinementSteps: Int = 12) {
            precondition(rankTolerance >= 0 && rankTolerance < 1, "rankTolerance must be in [0, 1)")
            precondition(maxRefinementSteps >= 1, "maxRefinementSteps must be at least 1")
            self.rankTolerance = rankTolerance
            self.refinement = refinement
            self.maxRefinementSteps = maxRefinementSteps
        }
    }

    /// Fits y ≈ X·β.
    ///
    /// - Parameters:
    ///   - design: the m×p design matrix X. Pass ownership (`consume x`) to let a
    ///     no-refinement fit factor it in place.
    ///   - y: the m responses.
    /// - Throws: ``LinearAlgebraError/tooFewObservations(observations:parameters:)`` when m < p or
    ///   p = 0; ``LinearAlgebraError/nonFiniteInput(row:column:)`` for NaN/∞ (column p means y);
    ///   ``LinearAlgebraError/singular(routine:index:)`` when X is exactly zero.
    ///   - designCorrection: optional low-order part L of an exact design X + L held in doubled
    ///     precision (|L| ≈ ε|X|), e.g. polynomial powers from ``PolynomialDesign``. When given,
    ///     refinement always runs and converges to the least-squares solution of X + L: rounding
    ///     xᵏ to double perturbs an ill-conditioned design by κ·ε (on NIST Filip that alone limits
    ///     any solver to LRE 7.6, checked with exact rational arithmetic).
    public static func fit(_ design: consuming Matrix, _ y: [Double], designCorrection: Matrix? = nil,
                           options: Options = Options()) throws(LinearAlgebraError) -> LeastSquaresFit {
        let m = design.rows, p = design.columns
        if let c = designCorrection {
            precondition(c.rows == m && c.columns == p, "designCorrection must have the design's shape")
        }
        precondition(y.count == m, "least squares: y has \(y.count) values, the design has \(m) rows")
        guard p > 0, m >= p else { throw .tooFewObservations(observations: m, parameters: p) }
        for j in 0..<p {
            for i in 0..<m where !design.storage[i + j * m].isFinite { throw .nonFiniteInput(row: i, column: j) }
        }
        for i in 0..<m where !y[i].isFinite { throw .nonFiniteInput(row: i, column: p) }

        // Column norms and a pre-factorisation condition estimate, both from the Gram matrix.
        let gram = design.gram
        var scale = [Double](repeating: 1, count: p)
        for j in 0..<p {
            let norm = gram[j, j].squareRoot()
            if norm > 0 && norm.isFinite { scale[j] = Double(sign: .plus, exponent: -norm.exponent, significand: 1) }
        }
        // κ₂ of the equilibrated design from its Gram matrix: reliable up to ~10⁷, "large" beyond.
        let kappa = Self.gramConditionEstimate(gram, scale: scale)
        let refine: Bool
        switch options.refinement {
        case _ where designCorrection != nil: refine = true
        case .always: refine = true
        case .never: refine = false
        case .automatic: refine = kappa > 1e3
        }
        // A well-conditioned design is certainly of full rank: plain Householder QR (dgeqrf) is
        // faster than pivoted QR (dgeqp3) and gives the same solution.
        let pivoting = !(kappa < 1e3 && kappa * options.rankTolerance < 1e-3)

        let original: Matrix? = refine ? copy design : nil
        var b = consume design
        b.storage.withUnsafeMutableBufferPointer { s in
            for j in 0..<p where scale[j] != 1 {
                let sj = scale[j]
                for i in (j * m)..<((j + 1) * m) { s[i] *= sj }
            }
        }
        let solver: AugmentedSolver
        let perm: [Int]
        if pivoting {
            let qr = PivotedQRDecomposition(consume b)
            let rank = qr.rank(tolerance: options.rankTolerance)
            guard rank > 0 else { throw .singular(routine: "dgeqp3", index: 1) }
            perm = qr.permutation
            solver = AugmentedSolver(factors: qr.factors, tau: qr.tau, rank: rank)
        } else {
            let qr = QRDecomposition(consume b)
            perm = Array(0..<p)
            solver = AugmentedSolver(factors: qr.factors, tau: qr.tau, rank: p)
        }
        let rank = solver.rank
        // Retained columns in pivot order, with their exact scale factors.
        let kept = Array(perm.prefix(rank))
        let keptScale = kept.map { scale[$0] }
        let residualOperator = original.map { ResidualOperator(design: $0, correction: designCorrection, columns: kept, scale: keptScale) }

        // Coefficients.
        let (x, res, steps) = try solver.refinedSolve(
            f0: y, g0: [Double](repeating: 0, count: rank), with: residualOperator,
            maxSteps: options.maxRefinementSteps)

        // (BᵣᵀBᵣ)⁻¹ in pivoted, equilibrated coordinates.
        var covB = Matrix(rows: rank, columns: rank)
        if let op = residualOperator {
            for j in 0..<rank {
                var g0 = [Double](repeating: 0, count: rank)
                g0[j] = -1
                let (z, _, _) = try solver.refinedSolve(
                    f0: [Double](repeating: 0, count: m), g0: g0, with: op, maxSteps: options.maxRefinementSteps)
                for i in 0..<rank { covB[i, j] = z[i] }
            }
            for j in 0..<rank { for i in 0..<j { let a = 0.5 * (covB[i, j] + covB[j, i]); covB[i, j] = a; covB[j, i] = a } }
        } else {
            covB = try solver.inverseGram()
        }

        // Back to the caller's coordinates.
        var beta = [Double](repeating: .nan, count: p)
        var aliased = [Bool](repeating: true, count: p)
        var cov = Matrix(rows: p, columns: p, repeating: .nan)
        for k in 0..<rank {
            beta[kept[k]] = keptScale[k] * x[k]
            aliased[kept[k]] = false
            for l in 0..<rank { cov[kept[k], kept[l]] = keptScale[k] * covB[k, l] * keptScale[l] }
        }
        let rss = ExtendedPrecision.sumOfSquares(res, about: 0)
        let mean = ExtendedPrecision.sum(y) / Double(m)
        return LeastSquaresFit(
            coefficients: beta, aliased: aliased, rank: rank, unscaledCovariance: cov,
            residuals: res, fitted: zip(y, res).map { $0 - $1 },
            residualSumOfSquares: rss,
            totalSumOfSquaresCentered: ExtendedPrecision.sumOfSquares(y, about: mean),
            totalSumOfSquaresUncentered: ExtendedPrecision.sumOfSquares(y, about: 0),
            conditionNumber: try solver.conditionEstimate(), refinementSteps: refine ? steps : 0,
            pivotOrder: perm)
    }

    /// κ₂ of the equilibrated design estimated as √(λmax/λmin) of S·XᵀX·S (∞ if not positive).
    static func gramConditionEstimate(_ gram: Matrix, scale: [Double]) -> Double {
        var g = gram
        let p = g.rows
        for j in 0..<p { for i in 0..<p { g[i, j] *= scale[i] * scale[j] } }
        guard let eig = try? SymmetricEigenDecomposition(g), let lo = eig.eigenvalues.first,
              let hi = eig.eigenvalues.last, lo > 0 else { return .infinity }
        return (hi / lo).squareRoot()
    }
}

/// The result of ``LeastSquares/fit(_:_:options:)``, in the caller's column order.
public struct LeastSquaresFit: Sendable {
    /// β̂; NaN for aliased (rank-deficient) columns.
    public let coefficients: [Double]
    /// True where a column was dropped as (numerically) collinear with earlier pivots.
    public let aliased: [Bool]
    /// Numerical rank r.
    public let rank: Int
    /// (XᵀX)⁻¹ over the retained columns (NaN rows/columns for aliased ones).
    public let unscaledCovariance: Matrix
    /// y − ŷ.
    public let residuals: [Double]
    /// ŷ = Xβ̂.
    public let fitted: [Double]
    /// Σ rᵢ² (accumulated in doubled precision).
    public let residualSumOfSquares: Double
    /// Σ (yᵢ − ȳ)².
    public let totalSumOfSquaresCentered: Double
    /// Σ yᵢ².
    public let totalSumOfSquaresUncentered: Double
    /// 1-norm condition estimate (`dtrcon`) of the retained, equilibrated columns.
    public let conditionNumber: Double
    /// Refinement steps used for the coefficients (0 when refinement did not run).
    public let refinementSteps: Int
    /// Column pivot order chosen by `dgeqp3` (first `rank` are retained).
    public let pivotOrder: [Int]

    /// Number of observations m.
    public var observations: Int { residuals.count }
    /// Residual degrees of freedom m − r.
    public var residualDegreesOfFreedom: Int { residuals.count - rank }
    /// σ̂² = RSS / (m − r) (NaN when m = r, as R reports).
    public var residualVariance: Double {
        residualDegreesOfFreedom > 0 ? residualSumOfSquares / Double(residualDegreesOfFreedom) : .nan
    }
    /// σ̂, the residual standard deviation ("residual standard error" in R).
    public var sigma: Double { residualVariance.squareRoot() }
    /// σ̂²(XᵀX)⁻¹.
    public var covariance: Matrix {
        let s2 = residualVariance
        return Matrix(rows: unscaledCovariance.rows, columns: unscaledCovariance.columns,
                      columnMajor: unscaledCovariance.storage.map { $0 * s2 })
    }
    /// Standard errors √(σ̂²·[(XᵀX)⁻¹]ⱼⱼ); NaN for aliased columns.
    public var standardErrors: [Double] {
        let s2 = residualVariance
        return unscaledCovariance.diagonal.map { (s2 * $0).squareRoot() }
    }
    /// R² = 1 − RSS/TSS. `centered: true` when the model has an intercept (as R's `summary.lm`);
    /// `false` gives the uncentred R² R reports for models without one.
    public func rSquared(centered: Bool) -> Double {
        1 - residualSumOfSquares / (centered ? totalSumOfSquaresCentered : totalSumOfSquaresUncentered)
    }
}

/// Computes the augmented-system residuals `f₀ − r − Bᵣx` and `g₀ − Bᵣᵀr` in doubled precision
/// against the original (unscaled) columns; Bᵣ[:,k] = X[:,cols[k]]·scale[k] exactly.
struct ResidualOperator {
    let design: Matrix
    /// Low-order part of the design (doubled-precision columns), if any.
    let correction: Matrix?
    let columns: [Int]
    let scale: [Double]

    func residuals(f0: [Double], g0: [Double], r: [Double], x: [Double]) -> (f: [Double], g: [Double]) {
        let m = design.rows
        var hi = f0, lo = [Double](repeating: 0, count: m)
        design.storage.withUnsafeBufferPointer { a in
            hi.withUnsafeMutableBufferPointer { h in
                lo.withUnsafeMutableBufferPointer { l in
                    for i in 0..<m {
                        let (s, e) = ExtendedPrecision.twoSum(h[i], -r[i])
                        h[i] = s; l[i] += e
                    }
                    for (k, j) in columns.enumerated() {
                        let c = -(scale[k] * x[k])
                        if c == 0 { continue }
                        let base = j * m
                        for i in 0..<m {
                            let (pr, pe) = ExtendedPrecision.twoProduct(a[base + i], c)
                            let (s, se) = ExtendedPrecision.twoSum(h[i], pr)
                            h[i] = s
                            l[i] += pe + se
                        }
                        if let corr = correction {
                            for i in 0..<m { l[i] += corr.storage[base + i] * c }
                        }
                    }
                }
            }
        }
        let f = zip(hi, lo).map { $0 + $1 }
        var g = [Double](repeating: 0, count: columns.count)
        design.storage.withUnsafeBufferPointer { a in
            r.withUnsafeBufferPointer { rp in
                for (k, j) in columns.enumerated() {
                    let col = UnsafeBufferPointer(rebasing: a[(j * m)..<((j + 1) * m)])
                    var initial = -g0[k] / scale[k]
                    if let corr = correction {
                        for i in 0..<m { initial += corr.storage[j * m + i] * rp[i] }
                    }
                    let t = ExtendedPrecision.dot(col, rp, initial: initial)
                    g[k] = -scale[k] * t
                }
            }
        }
        return (f, g)
    }
}

/// Solves `[I Bᵣ; Bᵣᵀ 0]·[r; x] = [f; g]` with the (pivoted) QR factors of B (first `rank`
/// reflectors, R₁₁ = leading rank×rank block).
struct AugmentedSolver {
    /// Householder reflectors and R (LAPACK layout) of the equilibrated, possibly pivoted design.
    let factors: Matrix
    let tau: [Double]
    let rank: Int

    private func triangularSolve(_ v: inout [Double], transpose: Bool) throws(LinearAlgebraError) {
        var n = lapackInt(rank), nrhs: Int32 = 1, lda = lapackInt(factors.rows), ldb = lapackInt(rank)
        var info: Int32 = 0
        dtrtrs_("U", transpose ? "T" : "N", "N", &n, &nrhs, factors.storage, &lda, &v, &ldb, &info, 1, 1, 1)
        try checkInfo(info, "dtrtrs") { .singular(routine: "dtrtrs", index: $0) }
    }

    /// One exact-arithmetic solve of the augmented system (Björck's formulas):
    /// Rᵀz = g, d = Qᵀf, x = R⁻¹(d₁ − z), r = Q[z; d₂].
    func solve(f: [Double], g: [Double]) throws(LinearAlgebraError) -> (r: [Double], x: [Double]) {
        let m = factors.rows
        var z = g
        try triangularSolve(&z, transpose: true)
        let d = applyHouseholder(factors: factors, tau: tau, to: Matrix(rows: m, columns: 1, columnMajor: f), transpose: true, reflectors: rank).storage
        var x = (0..<rank).map { d[$0] - z[$0] }
        try triangularSolve(&x, transpose: false)
        var v = d
        for k in 0..<rank { v[k] = z[k] }
        let r = applyHouseholder(factors: factors, tau: tau, to: Matrix(rows: m, columns: 1, columnMajor: v), transpose: false, reflectors: rank).storage
        return (r, x)
    }

    /// Solves and, when `op` is given, refines until the correction to x is below ε‖x‖
    /// (and to r below ε‖r‖ + ε²‖f₀‖), stagnates, or `maxSteps` is reached.
    func refinedSolve(f0: [Double], g0: [Double], with op: ResidualOperator?,
                      maxSteps: Int) throws(LinearAlgebraError) -> (x: [Double], r: [Double], steps: Int) {
        var (r, x) = try solve(f: f0, g: g0)
        guard let op else { return (x, r, 0) }
        let eps = Double.ulpOfOne
        let f0norm = f0.reduce(0) { max($0, abs($1)) }
        var previous = Double.infinity
        var steps = 0
        while steps < maxSteps {
            let (f, g) = op.residuals(f0: f0, g0: g0, r: r, x: x)
            let (dr, dx) = try solve(f: f, g: g)
            steps += 1
            let dxn = dx.reduce(0) { max($0, abs($1)) }, xn = x.reduce(0) { max($0, abs($1)) }
            let drn = dr.reduce(0) { max($0, abs($1)) }, rn = r.reduce(0) { max($0, abs($1)) }
            if dxn > 2 * previous { break }  // diverging: κε ≥ 1, keep the last iterate
            for k in x.indices { x[k] += dx[k] }
            for i in r.indices { r[i] += dr[i] }
            if dxn <= eps * xn && drn <= eps * rn + eps * eps * f0norm { break }
            if dxn >= previous && steps > 2 { break }  // stagnated at working precision
            previous = dxn
        }
        return (x, r, steps)
    }

    /// (R₁₁ᵀR₁₁)⁻¹ by `dpotri` on a copy of R₁₁.
    func inverseGram() throws(LinearAlgebraError) -> Matrix {
        var r11 = Matrix(rows: rank, columns: rank)
        for j in 0..<rank { for i in 0...j { r11[i, j] = factors[i, j] } }
        var n = lapackInt(rank), lda = lapackInt(rank), info: Int32 = 0
        dpotri_("U", &n, &r11.storage, &lda, &info, 1)
        try checkInfo(info, "dpotri") { .singular(routine: "dpotri", index: $0) }
        for j in 0..<rank { for i in (j + 1)..<rank { r11[i, j] = r11[j, i] } }
        return r11
    }

    /// 1/rcond of R₁₁ in the 1-norm (`dtrcon`).
    func conditionEstimate() throws(LinearAlgebraError) -> Double {
        var n = lapackInt(rank), lda = lapackInt(factors.rows), info: Int32 = 0
        var rcond = 0.0
        var work = [Double](repeating: 0, count: 3 * rank)
        var iwork = [Int32](repeating: 0, count: rank)
        dtrcon_("1", "U", "N", &n, factors.storage, &lda, &rcond, &work, &iwork, &info, 1, 1, 1)
        try checkInfo(info, "dtrcon") { .singular(routine: "dtrcon", index: $0) }
        return rcond > 0 ? 1 / rcond : .infinity
    }
}
