// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

// MARK: - Seeded generator

/// xoshiro256** 1.0 (Blackman & Vigna 2018, "Scrambled linear pseudorandom number
/// generators", ACM TOMS 47(4) 2021, doi:10.1145/3460772): 256-bit state, period
/// 2²⁵⁶ − 1, passes BigCrush. Seeded from a single `UInt64` through splitmix64
/// (the seeding the authors recommend), so a seed gives the same stream on every
/// platform. Not cryptographically secure.
public struct Xoshiro256StarStar: RandomNumberGenerator, Sendable {
    /// The four state words s[0…3].
    public private(set) var state: (UInt64, UInt64, UInt64, UInt64)

    /// State words filled by four successive splitmix64 outputs of `seed`.
    public init(seed: UInt64) {
        var sm = seed
        func splitmix() -> UInt64 {
            sm &+= 0x9E37_79B9_7F4A_7C15
            var z = sm
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        state = (splitmix(), splitmix(), splitmix(), splitmix())
    }

    /// A generator with the given raw state (must not be all zero).
    public init(state: (UInt64, UInt64, UInt64, UInt64)) {
        precondition(state.0 | state.1 | state.2 | state.3 != 0, "Xoshiro256StarStar: state must not be all zero")
        self.state = state
    }

    @inlinable static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    public mutating func next() -> UInt64 {
        let result = Self.rotl(state.1 &* 5, 7) &* 9
        let t = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= t
        state.3 = Self.rotl(state.3, 45)
        return result
    }
}

/// A uniform double in the open interval (0, 1): (⌊u/2¹¹⌋ + ½)·2⁻⁵³.
@inlinable func openUniform<G: RandomNumberGenerator>(_ g: inout G) -> Double {
    (Double(g.next() >> 11) + 0.5) * 0x1p-53
}

// MARK: - Samplers

extension Normal {
    /// A draw by inversion, Φ⁻¹(U) with U uniform on (0, 1) at 53-bit resolution
    /// (R's default "Inversion" method; exact in distribution up to rounding).
    public func sample<G: RandomNumberGenerator>(using g: inout G) -> Double {
        mean + standardDeviation * standardNormalQuantile(openUniform(&g))
    }
}

extension GammaDistribution {
    /// Marsaglia & Tsang (2000), "A simple method for generating gamma variables",
    /// ACM TOMS 26(3), 363–372, doi:10.1145/358407.358414; for shape < 1 the boost
    /// X = Y·U^{1/k} with Y ~ Gamma(k + 1).
    public func sample<G: RandomNumberGenerator>(using g: inout G) -> Double {
        scale * standardGammaSample(shape, &g)
    }
}

@usableFromInline func standardGammaSample<G: RandomNumberGenerator>(_ shape: Double, _ g: inout G) -> Double {
    if shape < 1 {
        let y = standardGammaSample(shape + 1, &g)
        // U^{1/k} in logs (U^{1/k} underflows for tiny k; the draw is then 0, correctly rounded).
        return y * exp(log(openUniform(&g)) / shape)
    }
    let d = shape - 1.0 / 3
    let c = 1 / (9 * d).squareRoot()
    while true {
        var x: Double, v: Double
        repeat {
            x = standardNormalQuantile(openUniform(&g))
            v = 1 + c * x
        } while v <= 0
        v = v * v * v
        let u = openUniform(&g)
        let x2 = x * x
        if u < 1 - 0.0331 * x2 * x2 { return d * v }
        if log(u) < 0.5 * x2 + d * (1 - v + log(v)) { return d * v }
    }
}

extension Poisson {
    /// Sequential-search inversion for λ < 10; PTRS, the transformed rejection with
    /// squeeze of Hörmann (1993), "The transformed rejection method for generating
    /// Poisson random variables", Insurance: Mathematics and Economics 12, 39–45,
    /// doi:10.1016/0167-6687(93)90997-4, for λ ≥ 10 (as numpy).
    public func sample<G: RandomNumberGenerator>(using g: inout G) -> Int {
        poissonSample(mean, &g)
    }
}

@usableFromInline func poissonSample<G: RandomNumberGenerator>(_ lambda: Double, _ g: inout G) -> Int {
    if lambda <= 0 { return 0 }
    if lambda < 10 {
        let u = openUniform(&g)
        var k = 0
        var pk = exp(-lambda)
        var cum = pk
        while u > cum {
            k += 1
            pk *= lambda / Double(k)
            let next = cum + pk
            if next == cum { break }  // the remaining mass is below rounding
            cum = next
        }
        return k
    }
    let slam = lambda.squareRoot()
    let loglam = log(lambda)
    let b = 0.931 + 2.53 * slam
    let a = -0.059 + 0.02483 * b
    let invalpha = 1.1239 + 1.1328 / (b - 3.4)
    let vr = 0.9277 - 3.6224 / (b - 2)
    while true {
        let u = openUniform(&g) - 0.5
        let v = openUniform(&g)
        let us = 0.5 - abs(u)
        let kd = ((2 * a / us + b) * u + lambda + 0.43).rounded(.down)
        if us >= 0.07 && v <= vr { return Int(kd) }
        if kd < 0 || (us < 0.013 && v > us) { continue }
        if log(v) + log(invalpha) - log(a / (us * us) + b) <= -lambda + kd * loglam - logGamma(kd + 1) {
            return Int(kd)
        }
    }
}

extension NegativeBinomial {
    /// The gamma–Poisson mixture: λ ~ Gamma(shape r, scale (1−p)/p), X | λ ~ Poisson(λ).
    public func sample<G: RandomNumberGenerator>(using g: inout G) -> Int {
        if failureProbability == 0 { return 0 }
        let lambda = standardGammaSample(size, &g) * (failureProbability / probability)
        return poissonSample(lambda, &g)
    }
}
