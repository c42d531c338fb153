// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

/// A complex number, only for polynomial roots.
struct ComplexNumber: Sendable, Equatable {
    var re: Double
    var im: Double
    init(_ re: Double, _ im: Double = 0) { self.re = re; self.im = im }
    var modulus: Double { hypot(re, im) }
    static func + (a: Self, b: Self) -> Self { Self(a.re + b.re, a.im + b.im) }
    static func - (a: Self, b: Self) -> Self { Self(a.re - b.re, a.im - b.im) }
    static func * (a: Self, b: Self) -> Self { Self(a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re) }
    static func / (a: Self, b: Self) -> Self {
        // Smith's algorithm (avoids overflow in |b|²).
        if abs(b.re) >= abs(b.im) {
            let r = b.im / b.re, den = b.re + b.im * r
            return Self((a.re + a.im * r) / den, (a.im - a.re * r) / den)
        } else {
            let r = b.re / b.im, den = b.im + b.re * r
            return Self((a.re * r + a.im) / den, (a.im * r - a.re) / den)
        }
    }
}

/// All complex roots of c[0] + c[1]z + … + c[d]z^d (c[d] ≠ 0 after trailing zeros are dropped),
/// by the Aberth–Ehrlich simultaneous iteration (Aberth 1973, DOI 10.1090/S0025-5718-1973-0329236-7)
/// started on a circle of the Cauchy-bound radius, then one Newton polish per root.
///
/// R's `polyroot` uses Jenkins–Traub (`cpoly`); both return every root to near machine accuracy for
/// the low-degree ARMA polynomials here, so decisions made on the roots (|z| < 1) and functions of
/// them (the MA inversion of `arima`) agree with R to rounding. Order of the roots may differ.
///
/// - Complexity: O(d²) per iteration, typically < 50 iterations.
func polynomialRoots(_ coefficients: [Double]) -> [ComplexNumber] {
    var c = coefficients
    while let last = c.last, last == 0 { c.removeLast() }
    let d = c.count - 1
    guard d >= 1 else { return [] }
    // Roots at zero (leading zero coefficients).
    var zeros = 0
    while zeros < d && c[zeros] == 0 { zeros += 1 }
    if zeros > 0 {
        return [ComplexNumber](repeating: ComplexNumber(0), count: zeros) + polynomialRoots(Array(c[zeros...]))
    }
    let lead = c[d]
    let monic = c.map { $0 / lead }
    if d == 1 { return [ComplexNumber(-monic[0])] }
    func evaluate(_ z: ComplexNumber) -> (p: ComplexNumber, dp: ComplexNumber) {
        var p = ComplexNumber(monic[d]), dp = ComplexNumber(0)
        for k in stride(from: d - 1, through: 0, by: -1) {
            dp = dp * z + p
            p = p * z + ComplexNumber(monic[k])
        }
        return (p, dp)
    }
    var radius = 0.0
    for k in 0..<d { radius = max(radius, abs(monic[k])) }
    radius = 1 + radius
    // Start inside the Cauchy bound, on a circle with an irrational angular offset.
    let start = min(radius, pow(abs(monic[0]), 1 / Double(d)) + 0.5)
    var z = (0..<d).map { k -> ComplexNumber in
        let angle = 2 * Double.pi * Double(k) / Double(d) + 0.4
        return ComplexNumber(start * cos(angle), start * sin(angle))
    }
    for _ in 0..<500 {
        var maxStep = 0.0
        for i in 0..<d {
            let (p, dp) = evaluate(z[i])
            if p.re == 0 && p.im == 0 { continue }
            let ratio = p / dp
            var sum = ComplexNumber(0)
            for j in 0..<d where j != i { sum = sum + ComplexNumber(1) / (z[i] - z[j]) }
            let step = ratio / (ComplexNumber(1) - ratio * sum)
            z[i] = z[i] - step
            maxStep = max(maxStep, step.modulus / max(1, z[i].modulus))
        }
        if maxStep < 1e-15 { break }
    }
    for i in 0..<d {
        let (p, dp) = evaluate(z[i])
        if dp.re != 0 || dp.im != 0 {
            let polished = z[i] - p / dp
            if evaluate(polished).p.modulus <= p.modulus { z[i] = polished }
        }
    }
    return z
}
