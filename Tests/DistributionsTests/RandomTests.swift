// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
@testable import Distributions

// PRNG: bit-exact streams against the Python transcription of the reference C
// implementation (xoshiro256** 1.0 and splitmix64, in make_reference.py).
@Test func xoshiroMatchesReferenceStreams() throws {
    let prng = try #require(Reference.root["prng"] as? [String: Any])
    let fromState = try #require(prng["fromState"] as? [[String: Any]])
    let fromSeed = try #require(prng["fromSeed"] as? [[String: Any]])
    #expect(fromState.count == 2 && fromSeed.count == 5)
    func words(_ a: Any?) -> [UInt64] { (a as! [String]).map { UInt64($0)! } }
    for entry in fromState {
        let s = words(entry["state"])
        var g = Xoshiro256StarStar(state: (s[0], s[1], s[2], s[3]))
        let expected = words(entry["outputs"])
        let got = expected.map { _ in g.next() }
        #expect(got == expected)
    }
    for entry in fromSeed {
        let seed = UInt64(entry["seed"] as! String)!
        var g = Xoshiro256StarStar(seed: seed)
        let st = words(entry["state"])
        #expect([g.state.0, g.state.1, g.state.2, g.state.3] == st, "splitmix64 seeding, seed \(seed)")
        let expected = words(entry["outputs"])
        let got = expected.map { _ in g.next() }
        #expect(got == expected, "seed \(seed)")
    }
}

@Test func sameSeedSameStream() {
    var a = Xoshiro256StarStar(seed: 2026), b = Xoshiro256StarStar(seed: 2026), c = Xoshiro256StarStar(seed: 2027)
    let sa = (0..<1000).map { _ in a.next() }
    let sb = (0..<1000).map { _ in b.next() }
    let sc = (0..<1000).map { _ in c.next() }
    #expect(sa == sb)
    #expect(sa != sc)
    // Samplers are deterministic functions of the stream.
    var g1 = Xoshiro256StarStar(seed: 7), g2 = Xoshiro256StarStar(seed: 7)
    let n1 = (0..<100).map { _ in Normal().sample(using: &g1) }
    let n2 = (0..<100).map { _ in Normal().sample(using: &g2) }
    #expect(n1 == n2)
}

// MARK: - Statistical checks (fixed seeds, so deterministic; tolerances are what a
// correct sampler passes with probability ≥ 0.999 for any seed).

/// Kolmogorov–Smirnov statistic D_n of a sample against a continuous cdf.
func ksStatistic(_ xs: [Double], _ cdf: (Double) -> Double) -> Double {
    let s = xs.sorted()
    let n = Double(s.count)
    var d = 0.0
    for (i, x) in s.enumerated() {
        let f = cdf(x)
        d = max(d, f - Double(i) / n, Double(i + 1) / n - f)
    }
    return d
}

/// Asymptotic KS critical value at α = 0.001: √(−½ ln(α/2)) / √n = 1.9495/√n.
func ksCritical(_ n: Int) -> Double { 1.9495 / Double(n).squareRoot() }

func meanVariance(_ xs: [Double]) -> (Double, Double) {
    let n = Double(xs.count)
    let m = xs.reduce(0, +) / n
    let v = xs.reduce(0) { $0 + ($1 - m) * ($1 - m) } / (n - 1)
    return (m, v)
}

/// Pearson χ² goodness of fit of integer draws to a pmf, cells pooled so each expected count ≥ 20;
/// returns (statistic, critical value at α = 0.001 from the χ² quantile).
func chiSquareGOF(_ draws: [Int], pmf: (Int) -> Double, cdf: (Int) -> Double) -> (Double, Double) {
    let n = Double(draws.count)
    var counts: [Int: Int] = [:]
    for k in draws { counts[k, default: 0] += 1 }
    // Build cells [lo, hi] with expected ≥ 20, the last cell open-ended.
    var cells: [(lo: Int, hi: Int, expected: Double)] = []
    var lo = 0, acc = 0.0, k = 0
    while true {
        acc += pmf(k) * n
        let restExpected = (1 - cdf(k)) * n
        if acc >= 20 && restExpected >= 20 {
            cells.append((lo, k, acc)); lo = k + 1; acc = 0
        } else if restExpected < 20 {
            cells.append((lo, Int.max, acc + restExpected)); break
        }
        k += 1
    }
    var stat = 0.0
    for c in cells {
        let observed = counts.filter { $0.key >= c.lo && $0.key <= c.hi }.reduce(0) { $0 + $1.value }
        stat += (Double(observed) - c.expected) * (Double(observed) - c.expected) / c.expected
    }
    let df = Double(cells.count - 1)
    return (stat, ChiSquared(degreesOfFreedom: df).quantile(0.999))
}

@Test func normalSamplerMomentsAndKS() {
    var g = Xoshiro256StarStar(seed: 1)
    let d = Normal(mean: 3, standardDeviation: 2)
    let n = 100_000
    let xs = (0..<n).map { _ in d.sample(using: &g) }
    let (m, v) = meanVariance(xs)
    #expect(abs(m - 3) <= 5 * 2 / Double(n).squareRoot(), "mean \(m)")
    #expect(abs(v - 4) <= 5 * 4 * (2.0 / Double(n - 1)).squareRoot(), "variance \(v)")
    let D = ksStatistic(xs, d.cdf)
    #expect(D <= ksCritical(n), "KS D = \(D)")
}

@Test(arguments: [(0.3, 1.0), (1.0, 2.0), (2.5, 0.5), (50.0, 2.0)])
func gammaSamplerMomentsAndKS(shape: Double, scale: Double) {
    var g = Xoshiro256StarStar(seed: 11)
    let d = GammaDistribution(shape: shape, scale: scale)
    let n = 50_000
    let xs = (0..<n).map { _ in d.sample(using: &g) }
    let (m, v) = meanVariance(xs)
    #expect(abs(m - d.mean) <= 5 * (d.variance / Double(n)).squareRoot(), "mean \(m) vs \(d.mean)")
    // Var(s²) = σ⁴(κ/n + 2/(n−1)) with excess kurtosis κ = 6/k.
    let seVar = d.variance * (6 / shape / Double(n) + 2 / Double(n - 1)).squareRoot()
    #expect(abs(v - d.variance) <= 5 * seVar, "variance \(v) vs \(d.variance)")
    let D = ksStatistic(xs, d.cdf)
    #expect(D <= ksCritical(n), "KS D = \(D)")
}

@Test(arguments: [0.7, 3.5, 9.99, 10.0, 40.0, 1e4])
func poissonSamplerMomentsAndGOF(mean lambda: Double) {
    var g = Xoshiro256StarStar(seed: 23)
    let d = Poisson(mean: lambda)
    let n = 50_000
    let ks = (0..<n).map { _ in d.sample(using: &g) }
    let (m, v) = meanVariance(ks.map(Double.init))
    #expect(abs(m - lambda) <= 5 * (lambda / Double(n)).squareRoot(), "mean \(m)")
    let seVar = lambda * (1 / lambda / Double(n) + 2 / Double(n - 1)).squareRoot()
    #expect(abs(v - lambda) <= 5 * seVar, "variance \(v)")
    let (stat, crit) = chiSquareGOF(ks, pmf: d.pmf, cdf: d.cdf)
    #expect(stat <= crit, "χ² = \(stat) > \(crit)")
}

@Test(arguments: [(10.0, 2.0), (0.5, 0.8), (200.0, 50.0)])
func negativeBinomialSamplerMomentsAndGOF(mean mu: Double, size: Double) {
    var g = Xoshiro256StarStar(seed: 5)
    let d = NegativeBinomial(mean: mu, size: size)
    let n = 50_000
    let ks = (0..<n).map { _ in d.sample(using: &g) }
    let (m, _) = meanVariance(ks.map(Double.init))
    #expect(abs(m - d.mean) <= 5 * (d.variance / Double(n)).squareRoot(), "mean \(m) vs \(d.mean)")
    let (stat, crit) = chiSquareGOF(ks, pmf: d.pmf, cdf: d.cdf)
    #expect(stat <= crit, "χ² = \(stat) > \(crit)")
}

/// The test vector published with the reference C implementation (xoshiro256starstar.c),
/// as reproduced in rand_xoshiro's test suite: state {1, 2, 3, 4}.
@Test func xoshiroPublishedTestVector() {
    var g = Xoshiro256StarStar(state: (1, 2, 3, 4))
    let expected: [UInt64] = [
        11520, 0, 1509978240, 1215971899390074240, 1216172134540287360,
        607988272756665600, 16172922978634559625, 8476171486693032832,
        10595114339597558777, 2904607092377533576,
    ]
    #expect(expected.map { _ in g.next() } == expected)
}
