// SPDX-License-Identifier: GPL-3.0-or-later
import Distributions

// The only place this module calls the Distributions API: thin forwarding functions so the
// statistical code below reads in mathematical notation. No numerical method lives here.

@inline(__always) func standardNormalSurvival(_ x: Double) -> Double {
    Normal(mean: 0, standardDeviation: 1).survival(x)
}

@inline(__always) func chiSquaredQuantile(_ p: Double, degreesOfFreedom k: Double) -> Double {
    ChiSquared(degreesOfFreedom: k).quantile(p)
}

@inline(__always) func chiSquaredSurvival(_ x: Double, degreesOfFreedom k: Double) -> Double {
    ChiSquared(degreesOfFreedom: k).survival(x)
}

@inline(__always) func studentTQuantile(_ p: Double, degreesOfFreedom k: Double) -> Double {
    StudentT(degreesOfFreedom: k).quantile(p)
}

@inline(__always) func betaQuantile(_ p: Double, alpha: Double, beta: Double) -> Double {
    BetaDistribution(alpha: alpha, beta: beta).quantile(p)
}

@inline(__always) func binomialCDF(_ k: Int, trials n: Int, probability p: Double) -> Double {
    if k < 0 { return 0 }
    if k >= n { return 1 }
    return Binomial(trials: n, probability: p).cdf(k)
}

@inline(__always) func poissonCDF(_ k: Int, mean: Double) -> Double {
    if k < 0 { return 0 }
    return Poisson(mean: mean).cdf(k)
}

@inline(__always) func binomialQuantile(_ p: Double, trials n: Int, probability q: Double) -> Int {
    Binomial(trials: n, probability: q).quantile(p)
}

@inline(__always) func poissonQuantile(_ p: Double, mean: Double) -> Int {
    Poisson(mean: mean).quantile(p)
}

/// P(X > k) for X ~ Binomial(n, p).
@inline(__always) func binomialSurvival(_ k: Int, trials n: Int, probability p: Double) -> Double {
    if k < 0 { return 1 }
    if k >= n { return 0 }
    return Binomial(trials: n, probability: p).survival(k)
}
