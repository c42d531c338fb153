// SPDX-License-Identifier: GPL-3.0-or-later
/// Error-free transformations and compensated ("doubled precision") dot products.
///
/// `twoSum` (Knuth 1969) and `twoProduct` (via fused multiply-add) split a floating-point
/// operation into its rounded result and its exact error. Accumulating both gives results
/// as accurate as if computed in twice the working precision and then rounded
/// (Ogita, Rump & Oishi 2005, "Accurate sum and dot product", SIAM J. Sci. Comput. 26(6),
/// DOI 10.1137/030601818). Used for the residuals of iterative refinement in
/// ``LeastSquares``, where they are what makes refinement gain digits.
@usableFromInline
enum ExtendedPrecision {
    /// a + b = s + e exactly.
    @inlinable @inline(__always)
    static func twoSum(_ a: Double, _ b: Double) -> (s: Double, e: Double) {
        let s = a + b
        let bb = s - a
        return (s, (a - (s - bb)) + (b - bb))
    }

    /// a · b = p + e exactly (barring underflow), using one FMA.
    @inlinable @inline(__always)
    static func twoProduct(_ a: Double, _ b: Double) -> (p: Double, e: Double) {
        let p = a * b
        return (p, (-p).addingProduct(a, b))
    }

    /// Σ xᵢ·yᵢ with doubled precision (Dot2), rounded once at the end. Strided x for rows.
    @inlinable
    static func dot(_ x: UnsafeBufferPointer<Double>, _ y: UnsafeBufferPointer<Double>,
                    initial: Double = 0) -> Double {
        precondition(x.count == y.count)
        var hi = initial, lo = 0.0
        for i in 0..<x.count {
            let (p, pe) = twoProduct(x[i], y[i])
            let (s, se) = twoSum(hi, p)
            hi = s
            lo += pe + se
        }
        return hi + lo
    }

    /// Σ xᵢ² − n·x̄² avoided: Σ (xᵢ − c)² with doubled-precision accumulation.
    static func sumOfSquares(_ x: [Double], about c: Double) -> Double {
        var hi = 0.0, lo = 0.0
        for v in x {
            let (d, de) = twoSum(v, -c)
            let (p, pe) = twoProduct(d, d)
            let (s, se) = twoSum(hi, p)
            hi = s
            lo += pe + se + 2 * d * de
        }
        return hi + lo
    }

    /// Σ xᵢ with doubled precision.
    static func sum(_ x: [Double]) -> Double {
        var hi = 0.0, lo = 0.0
        for v in x {
            let (s, e) = twoSum(hi, v)
            hi = s
            lo += e
        }
        return hi + lo
    }
}
