// SPDX-License-Identifier: GPL-3.0-or-later
// Special functions: log-gamma, digamma, regularized incomplete gamma and beta,
// and their inverses. Pure Swift over Glibc's libm (lgamma_r, erfc, log1p, expm1).
//
// References
// - C. Loader (2000), "Fast and accurate computation of binomial probabilities"
//   (saddle-point / deviance form: stirlerr, bd0) — used for every density
//   prefactor so that large parameters lose no accuracy.
// - A. R. DiDonato & A. H. Morris (1986), "Computation of the incomplete gamma
//   function ratios and their inverse", ACM TOMS 12(4), 377–393,
//   doi:10.1145/22721.23109 — the small-a series for Q.
// - NIST DLMF 8.7.1 and 8.9.2 (series for γ and Legendre's continued fraction for Γ(a, x));
//   A. Cuyt et al. (2008), Handbook of Continued Fractions for Special Functions, ch. 12
//   and 17; W. J. Lentz (1976) and I. J. Thompson & A. R. Barnett (1986): the modified
//   Lentz evaluation of continued fractions.
// - A. R. DiDonato & A. H. Morris (1992), ACM TOMS 18(3), 360–373 (Algorithm 708): the
//   contracted continued fraction for I_x(a, b), taken through R's GPL copy
//   (src/nmath/toms708.c, `bfrac`) — see docs/Provenance.md.
// - K. L. Majumder & G. P. Bhattacharjee (1973), AS 63/64 and G. W. Cran et al.
//   (1977) AS 109: starting values for the inverse incomplete beta.
import Foundation

// MARK: - Constants

@usableFromInline let lnSqrt2Pi = 0.918938533204672741780329736406  // log(sqrt(2π))
@usableFromInline let ln2Pi = 1.837877066409345483560659472811  // log(2π)
@usableFromInline let sqrt2Pi = 2.506628274631000502415765284811
@usableFromInline let oneOverSqrt2 = 0.707106781186547524400844362105

// MARK: - Log-gamma and friends

/// ln|Γ(x)|.
///
/// Uses glibc's `lgamma_r` (correctly handled near the zeros at 1 and 2 and,
/// since glibc 2.22, near the negative zeros on (−28, −2)); measured against
/// mpmath at ≤ 1e-15 relative error on the reference grid (see
/// docs/Distributions.md). Poles (x = 0, −1, −2, …) give +∞, like R's `lgamma`.
public func logGamma(_ x: Double) -> Double {
    var sign: Int32 = 0
    return lgamma_r(x, &sign)
}

/// Taylor coefficients of ln Γ(1 + a) = −γa + Σ_{k≥2} (−1)^k ζ(k) a^k / k.
private let lgamma1pCoefficients: [Double] = [
    -0.5772156649015329, 0.8224670334241132, -0.40068563438653143, 0.27058080842778454,
    -0.20738555102867398, 0.1695571769974082, -0.1440498967688461, 0.12550966952474304,
    -0.11133426586956469, 0.1000994575127818, -0.09095401714582904, 0.083353840546109,
    -0.0769325164113522, 0.07143294629536133, -0.06666870588242046, 0.06250095514121304,
    -0.058823978658684585, 0.055555767627403614, -0.05263167937961666, 0.05000004769810169,
    -0.047619070330142226, 0.04545455629320467, -0.04347826605304026, 0.04166666915034121,
    -0.04000000119214014, 0.03846153903467518, -0.037037037312989324, 0.035714285847333355,
    -0.034482758684919304, 0.03333333336437758, -0.03225806453115042, 0.03125000000727597,
]

/// ln Γ(1 + a), accurate for small |a| (where 1 + a would round).
/// Taylor series in ζ(k) for |a| < 0.25, `lgamma_r(1 + a)` otherwise.
@usableFromInline func logGamma1p(_ a: Double) -> Double {
    if abs(a) >= 0.25 { return logGamma(1 + a) }
    var term = a
    var sum = 0.0
    for c in lgamma1pCoefficients {
        let t = c * term
        sum += t
        if abs(t) <= 1e-18 * abs(sum) { break }
        term *= a
    }
    return sum
}

/// Loader's Stirling error: ln Γ(n + 1) − [(n + ½) ln n − n + ln √(2π)],
/// for real n ≥ 0. Equals R's `lgammacor(n)` (= ln Γ(n) − [(n − ½) ln n − n + ln √(2π)]).
@usableFromInline func stirlingError(_ n: Double) -> Double {
    let s0 = 1.0 / 12, s1 = 1.0 / 360, s2 = 1.0 / 1260, s3 = 1.0 / 1680, s4 = 1.0 / 1188
    if n > 15 {
        let nn = n * n
        if n > 500 { return (s0 - s1 / nn) / n }
        if n > 80 { return (s0 - (s1 - s2 / nn) / nn) / n }
        if n > 35 { return (s0 - (s1 - (s2 - s3 / nn) / nn) / nn) / n }
        return (s0 - (s1 - (s2 - (s3 - s4 / nn) / nn) / nn) / nn) / n
    }
    if n == 0 { return 0 }
    let lg = n < 1 ? logGamma1p(n) : logGamma(n + 1)
    return lg - (n + 0.5) * log(n) + n - lnSqrt2Pi
}

/// Loader's deviance term bd0(x, M) = x ln(x/M) + M − x ≥ 0, computed by the
/// series in v = (x−M)/(x+M) when x is near M (no cancellation).
@usableFromInline func bd0(_ x: Double, _ m: Double) -> Double {
    if x == 0 { return m }
    if !x.isFinite || !m.isFinite || m == 0 { return .nan }
    if abs(x - m) < 0.1 * (x + m) {
        var v = (x - m) / (x + m)
        var s = (x - m) * v
        if abs(s) < Double.leastNormalMagnitude { return s }
        var ej = 2 * x * v
        v *= v
        var j = 1.0
        while j < 1000 {
            ej *= v
            let s1 = s + ej / (2 * j + 1)
            if s1 == s { return s1 }
            s = s1
            j += 1
        }
        return s
    }
    return x * log(x / m) + m - x
}

/// ln[x^a e^{−x} / Γ(a + 1)] (the Poisson "density" at real a), the common
/// prefactor of P(a, x) and Q(a, x). Loader's form for a ≥ 1, direct otherwise.
@usableFromInline func logGammaPrefix(_ a: Double, _ x: Double) -> Double {
    if x == 0 { return a == 0 ? 0 : -.infinity }
    if !x.isFinite { return -.infinity }
    if a < 1 { return a * log(x) - x - logGamma1p(a) }
    return -stirlingError(a) - bd0(a, x) - 0.5 * (ln2Pi + log(a))
}

/// ln B(a, b), accurate for large arguments (R's `lbeta` structure, with
/// Stirling corrections instead of differences of huge log-gammas).
public func logBeta(_ a: Double, _ b: Double) -> Double {
    let p = min(a, b), q = max(a, b)
    precondition(p > 0, "logBeta requires a > 0 and b > 0 (got a = \(a), b = \(b))")
    if !q.isFinite { return -.infinity }
    if p >= 10 {
        let corr = stirlingError(p) + stirlingError(q) - stirlingError(p + q)
        return -0.5 * log(q) + lnSqrt2Pi + corr + (p - 0.5) * log(p / (p + q)) + q * log1p(-p / (p + q))
    } else if q >= 10 {
        let corr = stirlingError(q) - stirlingError(p + q)
        return logGamma(p) + corr + p - p * log(p + q) + (q - 0.5) * log1p(-p / (p + q))
    }
    return logGamma(p) + logGamma(q) - logGamma(p + q)
}

// MARK: - Digamma

/// Taylor coefficients ψ^(n)(x₀)/n!, n = 1…30, about the positive root x₀ of ψ.
private let digammaRootCoefficients: [Double] = [
    0.9676722454476212, -0.4427631689835921, 0.258499760955651, -0.16394270544240652,
    0.10782405069126237, -0.07219956125645471, 0.04880428816414311, -0.03316112647484736,
    0.022597648232218104, -0.01542476590494896, 0.010538791616612175, -0.007204534386356869,
    0.004926781395729853, -0.003369801655439328, 0.002305126326734928, -0.0015769367714301972,
    0.0010788252019162967, -0.0007380709389960052, 0.000504953265834602, -0.0003454680251063077,
    0.00023635601564027053, -0.00016170622091974803, 0.0001106337276874741, -7.569179582195066e-05,
    5.178575795222081e-05, -3.5430070947659604e-05, 2.424006611860132e-05, -1.6584242271854135e-05,
    1.134638458466385e-05, -7.762817668462094e-06,
]

/// The digamma function ψ(x) = d ln Γ(x)/dx.
///
/// Reflection ψ(1−x) − π cot(πx) for x < 0; Taylor series about the positive
/// root x₀ = 1.46163… for |x − x₀| < 0.25 (full relative accuracy through the
/// zero); otherwise upward recurrence to x ≥ 10 and the asymptotic series.
/// Poles (x = 0, −1, …) return NaN (R returns NaN too; scipy returns ∓∞).
/// Near the negative roots only absolute accuracy ~1e-15 is achieved.
public func digamma(_ x: Double) -> Double {
    if x.isNaN { return .nan }
    if x == .infinity { return .infinity }
    if x <= 0 {
        if x == x.rounded(.down) { return .nan }
        // ψ(x) = ψ(1 − x) − π / tan(πx); tan(πx) via reduced argument.
        let r = x - x.rounded(.down)  // in (0, 1)
        return digamma(1 - x) - Double.pi / tan(Double.pi * r)
    }
    let x0hi = 1.4616321449683622, x0lo = 9.549995429965697e-17
    let h = (x - x0hi) - x0lo
    if abs(h) < 0.25 {
        var sum = 0.0
        var hp = h
        for c in digammaRootCoefficients {
            sum += c * hp
            hp *= h
            if abs(hp) < 1e-19 { break }
        }
        return sum
    }
    var v = x
    var acc = 0.0
    if v < 1e-8 { return -1 / v - 0.5772156649015329 + 1.6449340668482264 * v }
    while v < 10 {
        acc -= 1 / v
        v += 1
    }
    let inv = 1 / v, inv2 = inv * inv
    // Bernoulli terms B_{2k}/(2k) v^{-2k}
    let series = inv2 * (1.0 / 12 - inv2 * (1.0 / 120 - inv2 * (1.0 / 252 - inv2 * (1.0 / 240
        - inv2 * (1.0 / 132 - inv2 * (691.0 / 32760 - inv2 * (1.0 / 12)))))))
    return acc + log(v) - 0.5 * inv - series
}

// MARK: - Regularized incomplete gamma

/// (P(a, x), Q(a, x)), each computed directly where it is the small one.
///
/// - a ≥ 1, x < a + 1: series P = D Σ xⁿ / ((a+1)…(a+n)), Q = 1 − P (Q ≥ 0.13 here).
/// - a < 1, x < 1.5: the same series for P; when P > ½, DiDonato–Morris's
///   series Q = −expm1(a ln x − ln Γ(1+a)) − x^a/Γ(1+a) · Σ_{n≥1} a(−x)ⁿ/(n!(a+n)).
/// - otherwise: Legendre continued fraction for Q (modified Lentz), P = 1 − Q.
/// D = x^a e^{−x}/Γ(a+1) comes from Loader's saddle-point form, so large a
/// (10⁶) keeps full relative accuracy. Cost O(√a) terms near x ≈ a.
@usableFromInline func incompleteGammaPQ(_ a: Double, _ x: Double) -> (p: Double, q: Double) {
    if x.isNaN || a.isNaN { return (.nan, .nan) }
    if x == 0 { return (0, 1) }
    if x == .infinity { return (1, 0) }
    if a < 1 && x < 1.5 {
        let p = gammaSeriesP(a, x)
        if p <= 0.5 { return (p, 1 - p) }
        let q = gammaSmallAQ(a, x)
        return (1 - q, q)
    }
    if a >= 1 && x < a + 1 {
        let p = gammaSeriesP(a, x)
        return (p, 1 - p)
    }
    let q = gammaContinuedFractionQ(a, x)
    return (1 - q, q)
}

private func gammaSeriesP(_ a: Double, _ x: Double) -> Double {
    let logD = logGammaPrefix(a, x)
    if logD < -760 { return 0 }
    var term = 1.0, sum = 1.0, ap = a
    for _ in 0..<1_000_000 {
        ap += 1
        term *= x / ap
        sum += term
        if term < sum * 1e-17 { break }
    }
    return exp(logD) * sum
}

private func gammaSmallAQ(_ a: Double, _ x: Double) -> Double {
    // 1 − x^a/Γ(1+a), without cancellation.
    let u = a * log(x) - logGamma1p(a)
    let first = -expm1(u)
    let xa = exp(u)  // x^a / Γ(1+a)
    var j = 0.0, term = 1.0, n = 1.0
    while n < 200 {
        term *= -x / n
        let t = a * term / (a + n)
        j += t
        if abs(t) <= 1e-17 * abs(j) { break }
        n += 1
    }
    return first - xa * j
}

/// Q(a, x) by Legendre's continued fraction for the upper incomplete gamma function,
/// in its even (contracted) form, DLMF 8.9.2 / Cuyt et al. (2008) eq. 12.6.17:
///
///     Γ(a, x) = x^a e^{−x} / (x + 1 − a − 1·(1 − a) / (x + 3 − a − 2·(2 − a) / (x + 5 − a − …)))
///
/// i.e. the denominator F = b₀ + a₁/(b₁ + a₂/(b₂ + …)) with b_j = x + 2j + 1 − a and
/// a_j = −j (j − a), evaluated forwards by ``lentzContinuedFraction``. Converges fast for
/// x ≥ a + 1 (and for a < 1, x ≥ 1.5), the region where ``incompleteGammaPQ`` calls it.
/// Written from the formula, not from a published listing (docs/Provenance.md).
private func gammaContinuedFractionQ(_ a: Double, _ x: Double) -> Double {
    let logD = logGammaPrefix(a, x)
    if logD < -760 { return 0 }
    let f = lentzContinuedFraction(b0: x + 1 - a) { j in
        let jd = Double(j)
        return (-jd * (jd - a), x + 2 * jd + 1 - a)
    }
    // Q = x^a e^{−x}/Γ(a) / F = a·D/F with D = x^a e^{−x}/Γ(a + 1); combined in logs so that
    // a tiny D does not underflow before the division.
    return exp(logD + log(a / f))
}

/// f = b₀ + a₁/(b₁ + a₂/(b₂ + …)) by the modified Lentz method: Lentz (1976), Appl. Opt. 15,
/// 668–671, doi:10.1364/AO.15.000668, with the zero-denominator safeguard of Thompson &
/// Barnett (1986), J. Comput. Phys. 64, 490–509, doi:10.1016/0021-9991(86)90046-X. The
/// convergents fₙ = fₙ₋₁ Cₙ Dₙ use the ratios Cₙ = Aₙ/Aₙ₋₁ and Dₙ = Bₙ₋₁/Bₙ of the fundamental
/// recurrences, so nothing over- or underflows; a ratio that would be 0 is replaced by
/// `safeguard`. Stops when |CₙDₙ − 1| ≤ `tolerance` (or after `maxTerms` terms: the last
/// convergent). O(terms) time, O(1) memory.
@inline(__always)
func lentzContinuedFraction(
    b0: Double, tolerance: Double = 1e-16, maxTerms: Int = 1_000_000,
    _ term: (Int) -> (a: Double, b: Double)
) -> Double {
    let safeguard = 1e-300
    var f = b0 == 0 ? safeguard : b0
    var cRatio = f     // Cₙ
    var dRatio = 0.0   // Dₙ
    for n in 1...maxTerms {
        let (an, bn) = term(n)
        dRatio = bn + an * dRatio
        if abs(dRatio) < safeguard { dRatio = safeguard }
        cRatio = bn + an / cRatio
        if abs(cRatio) < safeguard { cRatio = safeguard }
        dRatio = 1 / dRatio
        let step = cRatio * dRatio
        f *= step
        if abs(step - 1) <= tolerance { break }
    }
    return f
}

/// The regularized lower incomplete gamma function P(a, x) = γ(a, x)/Γ(a).
/// - Precondition: a > 0, x ≥ 0.
/// Measured against mpmath (docs/Distributions.md): ≤ 2e-14 relative error in the body,
/// ≤ 2e-12 for values down to 1e-300.
public func regularizedGammaP(_ a: Double, _ x: Double) -> Double {
    precondition(a > 0 && a.isFinite, "regularizedGammaP: shape a must be finite and > 0 (got \(a))")
    precondition(!(x < 0), "regularizedGammaP: x must be ≥ 0 (got \(x))")
    return incompleteGammaPQ(a, x).p
}

/// The regularized upper incomplete gamma function Q(a, x) = Γ(a, x)/Γ(a) = 1 − P(a, x),
/// computed directly (not as 1 − P) where it is small, so it keeps relative
/// accuracy in the upper tail down to the underflow threshold.
public func regularizedGammaQ(_ a: Double, _ x: Double) -> Double {
    precondition(a > 0 && a.isFinite, "regularizedGammaQ: shape a must be finite and > 0 (got \(a))")
    precondition(!(x < 0), "regularizedGammaQ: x must be ≥ 0 (got \(x))")
    return incompleteGammaPQ(a, x).q
}

// MARK: - Safeguarded Newton on a monotone function

/// Solves g(s) = 0 for a monotone g on (lo, hi) by Newton steps, falling back
/// to bisection when a step leaves the current bracket or g is not finite.
/// Converged when a Newton step is below 1e-11·max(1, |s|) (quadratic
/// convergence then leaves an error far below rounding noise).
@usableFromInline func solveMonotone(
    start: Double, lo: Double, hi: Double, increasing: Bool,
    _ f: (Double) -> (g: Double, dg: Double)
) -> Double {
    var lo = lo, hi = hi
    var s = min(max(start, lo), hi)
    if !(s > lo && s < hi) { s = 0.5 * (lo + hi) }
    for _ in 0..<300 {
        let (g, dg) = f(s)
        if g == 0 { return s }
        if g.isNaN { s = 0.5 * (lo + hi); continue }
        if (g > 0) == increasing { hi = s } else { lo = s }
        var next = s - g / dg
        var newton = true
        if !next.isFinite || !(next > lo && next < hi) || !g.isFinite || !dg.isFinite || dg == 0 {
            next = 0.5 * (lo + hi)
            newton = false
        }
        let step = abs(next - s)
        s = next
        if newton && step <= 1e-11 * max(1, abs(s)) {
            // One more Newton step from the (already very accurate) point.
            let (g2, dg2) = f(s)
            if g2.isFinite && dg2.isFinite && dg2 != 0 {
                let s2 = s - g2 / dg2
                if s2.isFinite && abs(s2 - s) <= 1e-9 * max(1, abs(s)) { return s2 }
            }
            return s
        }
        if hi - lo <= 4 * Double.ulpOfOne * max(1, abs(s)) { return s }
    }
    return s
}

// MARK: - Inverse incomplete gamma

/// x with P(a, x) = p and Q(a, x) = q (p + q = 1; the smaller is used as the
/// target so both tails keep relative accuracy). Newton on ln P (or ln Q) in
/// the variable ln x, from a Wilson–Hilferty / leading-series start.
@usableFromInline func incompleteGammaInverse(_ a: Double, p: Double, q: Double) -> Double {
    if p <= 0 { return 0 }
    if q <= 0 { return .infinity }
    let lower = p <= q
    let target = log(lower ? p : q)
    // Starting value.
    let whT: Double = {
        let z = standardNormalQuantile(lower ? p : q) * (lower ? 1 : -1)
        return 1 - 1 / (9 * a) + z / (3 * a.squareRoot())
    }()
    let wh = whT > 0 ? log(a) + 3 * log(whT) : -Double.infinity
    var s0: Double
    if lower {
        let series = (target + logGamma1p(a)) / a  // ln of the leading-term root (a lower bound)
        s0 = max(series, wh)
    } else {
        // Upper tail: Wilson–Hilferty when it is defined and a ≥ 1, else a few fixed-point
        // steps of x = −ln q − ln Γ(a) + (a − 1) ln x (the leading asymptotic term of Q).
        var xl = max(1, -target - logGamma(a))
        for _ in 0..<3 { xl = max(1e-3, -target - logGamma(a) + (a - 1) * log(xl)) }
        s0 = a < 1 || wh == -.infinity ? log(xl) : wh
    }
    if !s0.isFinite { s0 = log(a) }
    // g = ln P − ln p (or ln Q − ln q) and dg/d(ln x), at x.
    func eval(_ x: Double) -> (g: Double, dg: Double) {
        let (pp, qq) = incompleteGammaPQ(a, x)
        let d = exp(logGammaPrefix(a, x)) * a  // x · density
        if lower { return (log(pp) - target, d / pp) }
        return (log(qq) - target, -d / qq)
    }
    let s = solveMonotone(start: s0, lo: -745, hi: 709.7, increasing: lower) { eval(exp($0)) }
    // Polish in x itself: ln x has only |ln x|·ε relative resolution in x.
    var x = exp(s)
    var (g, dg) = eval(x)
    for _ in 0..<3 {
        guard g != 0, g.isFinite, dg.isFinite, dg != 0 else { break }
        let xn = x - x * (g / dg)
        guard xn.isFinite, xn > 0, xn != x else { break }
        let (g2, dg2) = eval(xn)
        guard abs(g2) < abs(g) else { break }
        x = xn; g = g2; dg = dg2
    }
    return x
}

/// The inverse of P(a, ·): x ≥ 0 with P(a, x) = p. P⁻¹(a, 0) = 0, P⁻¹(a, 1) = ∞.
/// Measured relative error ≤ 1e-13 in the body and for p down to 1e-300 (docs/Distributions.md).
public func inverseRegularizedGammaP(_ a: Double, _ p: Double) -> Double {
    precondition(a > 0 && a.isFinite, "inverseRegularizedGammaP: shape a must be finite and > 0 (got \(a))")
    precondition(p >= 0 && p <= 1, "inverseRegularizedGammaP: p must lie in [0, 1] (got \(p))")
    return incompleteGammaInverse(a, p: p, q: 1 - p)
}

/// The inverse of Q(a, ·): x ≥ 0 with Q(a, x) = q; accurate for q down to 1e-300.
public func inverseRegularizedGammaQ(_ a: Double, _ q: Double) -> Double {
    precondition(a > 0 && a.isFinite, "inverseRegularizedGammaQ: shape a must be finite and > 0 (got \(a))")
    precondition(q >= 0 && q <= 1, "inverseRegularizedGammaQ: q must lie in [0, 1] (got \(q))")
    return incompleteGammaInverse(a, p: 1 - q, q: q)
}

// MARK: - Regularized incomplete beta

/// x^a y^b / B(a, b) with y = 1 − x supplied separately (so it is exact when
/// x is tiny or near 1). Loader's saddle-point form when min(a, b) ≥ 10,
/// logarithms with an accurate ln B otherwise.
@usableFromInline func betaPrefix(_ a: Double, _ b: Double, _ x: Double, _ y: Double) -> Double {
    exp(logBetaPrefix(a, b, x, y))
}

@usableFromInline func logBetaPrefix(_ a: Double, _ b: Double, _ x: Double, _ y: Double) -> Double {
    if x == 0 || y == 0 { return -.infinity }
    if min(a, b) >= 10 {
        let n = a + b
        let lc = stirlingError(n) - stirlingError(a) - stirlingError(b) - bd0(a, n * x) - bd0(b, n * y)
        return lc + 0.5 * (log(a) + log(b) - log(n) - ln2Pi)
    }
    let lx = x <= 0.5 ? log(x) : log1p(-y)
    let ly = y <= 0.5 ? log(y) : log1p(-x)
    return a * lx + b * ly - logBeta(a, b)
}

/// (I_x(a, b), 1 − I_x(a, b)) with y = 1 − x given separately.
/// The continued fraction is evaluated on the side where it converges fast: for
/// x < (a+1)/(a+b+2), the point below which the terms of the fraction for I_x(a, b)
/// decrease monotonically (DLMF 8.17.22 and its discussion in Cuyt et al. 2008, §17.1),
/// else on I_y(b, a) through the symmetry I_x(a, b) = 1 − I_{1−x}(b, a) (DLMF 8.17.4).
/// The small member of the pair is always the directly computed one.
@usableFromInline func incompleteBeta(_ a: Double, _ b: Double, _ x: Double, _ y: Double) -> (w: Double, w1: Double) {
    if x.isNaN || y.isNaN || a.isNaN || b.isNaN { return (.nan, .nan) }
    if x <= 0 { return (0, 1) }
    if y <= 0 { return (1, 0) }
    if x * (a + b + 2) > a + 1 {
        let v = betaContinuedFraction(b, a, y, x)
        return (1 - v, v)
    }
    let v = betaContinuedFraction(a, b, x, y)
    return (v, 1 - v)
}

/// I_x(a, b) for x below the switch-over point (a+1)/(a+b+2), by the continued
/// fraction in the contracted form of DiDonato & Morris (1992), ACM TOMS 18(3),
/// 360–373 (Algorithm 708, `bfrac`), doi:10.1145/131766.131776, followed variable by
/// variable through R's GPL-2-or-later copy of that routine (`src/nmath/toms708.c`), so
/// GPL-3.0-or-later applies (docs/Provenance.md). Its terms depend
/// on x through λ = a − (a+b)x, which is formed from whichever of x, y is exact
/// (λ = (a+b)y − b when x > ½), so x ≈ 1 with a ~ 10⁷ loses nothing to cancellation.
private func betaContinuedFraction(_ a: Double, _ b: Double, _ x: Double, _ y: Double) -> Double {
    let lpre = logBetaPrefix(a, b, x, y)
    if lpre < -760 { return 0 }
    let lambda = x > 0.5 ? (a + b) * y - b : a - (a + b) * x
    let c = lambda + 1
    let c0 = b / a
    let c1 = 1 / a + 1
    let yp1 = y + 1
    var n = 0.0, p = 1.0, s = a + 1
    var an = 0.0, bn = 1.0, anp1 = 1.0, bnp1 = c / c1
    var r = c1 / c
    while n < 1_000_000 {
        n += 1
        var t = n / a
        let w = n * (b - n) * x
        var e = a / s
        let alpha = p * (p + c0) * e * e * (w * x)
        e = (t + 1) / (c1 + t + t)
        let beta = n + w / s + e * (c + n * yp1)
        p = t + 1
        s += 2
        t = alpha * an + beta * anp1
        an = anp1
        anp1 = t
        t = alpha * bn + beta * bnp1
        bn = bnp1
        bnp1 = t
        let r0 = r
        r = anp1 / bnp1
        if abs(r - r0) <= 1e-16 * r { break }
        an /= bnp1
        bn /= bnp1
        anp1 = r
        bnp1 = 1
    }
    return exp(lpre + log(r))
}

/// The regularized incomplete beta function I_x(a, b).
/// Measured relative error ≤ 5e-13 (parameters 0.01…10⁷, values down to 1e-300).
/// For 1 − I_x(a, b) without cancellation use `BetaDistribution(alpha:beta:).survival(x)`.
/// - Precondition: a > 0, b > 0, 0 ≤ x ≤ 1.
public func regularizedBeta(_ a: Double, _ b: Double, _ x: Double) -> Double {
    precondition(a > 0 && b > 0, "regularizedBeta: a and b must be > 0 (got a = \(a), b = \(b))")
    precondition(!(x < 0 || x > 1), "regularizedBeta: x must lie in [0, 1] (got \(x))")
    return incompleteBeta(a, b, x, 1 - x).w
}

/// (x, 1 − x, logit = ln(x/(1−x))) with I_x(a, b) = p (p + q = 1; the smaller one
/// is the target). Newton on ln I (or ln(1 − I)) in the logit variable, which keeps
/// both x and 1 − x at full relative precision; AS 109 start. The logit is returned
/// because callers (t and F quantiles) need x/y even where x or y underflows: when
/// the leading tail term puts x (or y) below e^−700, ln x = (ln p + ln a + ln B)/a
/// is exact to double precision (the next term is O(b·x)).
@usableFromInline func incompleteBetaInverse(_ a: Double, _ b: Double, p: Double, q: Double)
    -> (x: Double, y: Double, logit: Double)
{
    if p <= 0 { return (0, 1, -.infinity) }
    if q <= 0 { return (1, 0, .infinity) }
    let lower = p <= q
    let target = log(lower ? p : q)
    if lower {
        let lx = (target + log(a) + logBeta(a, b)) / a
        if lx < -700 { return (exp(lx), 1, lx) }
    } else {
        let ly = (target + log(b) + logBeta(a, b)) / b
        if ly < -700 { return (1, exp(ly), -ly) }
    }
    var s0 = betaInverseStart(a, b, p: p, q: q)
    if !s0.isFinite { s0 = 0 }
    // g = ln I − ln p (or ln(1 − I) − ln q) and dg/ds, at (x, y = 1 − x).
    func eval(_ x: Double, _ y: Double) -> (g: Double, dg: Double) {
        let (w, w1) = incompleteBeta(a, b, x, y)
        let d = betaPrefix(a, b, x, y)  // dI/ds
        if lower { return (log(w) - target, d / w) }
        return (log(w1) - target, -d / w1)
    }
    let s = solveMonotone(start: s0, lo: -745, hi: 745, increasing: lower) { s in
        eval(1 / (1 + exp(-s)), 1 / (1 + exp(s)))
    }
    // Polish in the smaller of x, y directly (the logit has only |s|·ε resolution).
    var x = 1 / (1 + exp(-s)), y = 1 / (1 + exp(s))
    var (g, dg) = eval(x, y)
    for _ in 0..<3 {
        guard g != 0, g.isFinite, dg.isFinite, dg != 0 else { break }
        let step = x * y * (g / dg)  // dx = x y ds
        var xn = x, yn = y
        if x <= y { xn = x - step; yn = 1 - xn } else { yn = y + step; xn = 1 - yn }
        guard xn > 0, yn > 0, xn.isFinite, yn.isFinite, xn != x || yn != y else { break }
        let (g2, dg2) = eval(xn, yn)
        guard abs(g2) < abs(g) else { break }
        x = xn; y = yn; g = g2; dg = dg2
    }
    return (x, y, log(x) - log(y))
}

/// Starting logit for the inverse incomplete beta: Cran et al. (1977) AS 109,
/// with the leading tail terms x ≈ (p a B)^{1/a}, y ≈ (q b B)^{1/b} in deep tails.
private func betaInverseStart(_ a: Double, _ b: Double, p: Double, q: Double) -> Double {
    let lb = logBeta(a, b)
    let swap = p > 0.5
    let pp = swap ? q : p
    let aa = swap ? b : a, bb = swap ? a : b
    let r0 = (-log(pp * pp)).squareRoot()
    let yq = r0 - (2.30753 + 0.27061 * r0) / (1 + (0.99229 + 0.04481 * r0) * r0)
    var logitX: Double  // logit of the solution for (aa, bb, pp)
    let tailLog = (log(pp) + log(aa) + lb) / aa  // ln x from the leading term
    if aa > 1 && bb > 1 {
        let r = (yq * yq - 3) / 6
        let s = 1 / (2 * aa - 1), t = 1 / (2 * bb - 1)
        let h = 2 / (s + t)
        let w = yq * (h + r).squareRoot() / h - (t - s) * (r + 5.0 / 6 - 2 / (3 * h))
        logitX = log(aa / bb) - 2 * w
    } else {
        let r = 2 * bb
        var t = 1 / (9 * bb)
        t = r * pow(1 - t + yq * t.squareRoot(), 3)
        if t <= 0 {
            let ly = (log1p(-pp) + log(bb) + lb) / bb  // ln(1 − x)
            logitX = log(-expm1(ly)) - ly
        } else {
            t = (4 * aa + r - 2) / t
            if t <= 1 {
                logitX = tailLog - log(-expm1(tailLog))
            } else {
                let x = 1 - 2 / (t + 1)
                logitX = log(x / (1 - x))
            }
        }
    }
    if pp < 1e-8 && tailLog < -2 { logitX = max(logitX, tailLog) }
    if !logitX.isFinite { logitX = tailLog.isFinite ? tailLog : 0 }
    return swap ? -logitX : logitX
}

/// The inverse of I_·(a, b): x in [0, 1] with I_x(a, b) = p.
/// Measured relative error ≤ 2e-13 in the body and for p (or 1 − p) down to 1e-300.
public func inverseRegularizedBeta(_ a: Double, _ b: Double, _ p: Double) -> Double {
    precondition(a > 0 && b > 0, "inverseRegularizedBeta: a and b must be > 0 (got a = \(a), b = \(b))")
    precondition(p >= 0 && p <= 1, "inverseRegularizedBeta: p must lie in [0, 1] (got \(p))")
    return incompleteBetaInverse(a, b, p: p, q: 1 - p).x
}

/// Trigamma ψ′(x) = d²/dx² ln Γ(x).
///
/// ψ′(x) for x > 0: recurrence ψ′(x) = ψ′(x+1) + 1/x² up to x ≥ 20, then the asymptotic series
/// 1/x + 1/(2x²) + Σ B₂ₖ/x^{2k+1} (Abramowitz & Stegun 6.4.12); relative error < 1e-15.
/// Used by the negative-binomial θ Newton step (Regression) and available to every model.
public func trigamma(_ x: Double) -> Double {
    precondition(x > 0, "trigamma needs x > 0")
    var x = x, acc = 0.0
    while x < 20 { acc += 1 / (x * x); x += 1 }
    let r = 1 / x, r2 = r * r
    let series = r + r2 / 2 + r * r2 * (1.0 / 6 - r2 * (1.0 / 30 - r2 * (1.0 / 42 - r2 * (1.0 / 30 - r2 * (5.0 / 66 - r2 * 691.0 / 2730)))))
    return acc + series
}
