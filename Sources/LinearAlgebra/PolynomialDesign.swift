// SPDX-License-Identifier: GPL-3.0-or-later
/// Polynomial design columns xᵏ computed in doubled precision.
///
/// Each power is accumulated as an unevaluated sum hi + lo (double-double multiplication by
/// the exact double x, Dekker 1971, DOI 10.1007/BF01397083), so `design + correction` equals
/// the exact xᵏ to about 2⁻¹⁰⁴ relative. Pass both to
/// ``LeastSquares/fit(_:_:designCorrection:options:)``: for high-degree or badly centred
/// polynomials the rounding of xᵏ to double is itself the dominant error (NIST Filip).
public enum PolynomialDesign {
    /// Columns xᵏ for k in `degrees`, as (rounded design, low-order correction).
    /// - Complexity: O(n·maxDegree).
    public static func powers(of x: [Double], degrees: ClosedRange<Int>) -> (design: Matrix, correction: Matrix) {
        precondition(degrees.lowerBound >= 0, "polynomial degrees must be non-negative")
        let n = x.count, p = degrees.count
        var hiM = Matrix(rows: n, columns: p), loM = Matrix(rows: n, columns: p)
        for i in 0..<n {
            var hi = 1.0, lo = 0.0
            var k = 0
            for (col, degree) in degrees.enumerated() {
                while k < degree {
                    let (ph, pl) = ExtendedPrecision.twoProduct(hi, x[i])
                    let (s, e) = ExtendedPrecision.twoSum(ph, pl + lo * x[i])
                    hi = s
                    lo = e
                    k += 1
                }
                hiM.storage[i + col * n] = hi
                loM.storage[i + col * n] = lo
            }
        }
        return (hiM, loM)
    }
}
