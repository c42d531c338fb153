// SPDX-License-Identifier: GPL-3.0-or-later
import Testing
import Distributions

// Invalid parameters are programmer misuse: they trap (precondition) with a message,
// they are not thrown errors. Exit tests run each in a child process.
@Test func invalidParametersTrap() async {
    await #expect(processExitsWith: .failure) { _ = Normal(mean: 0, standardDeviation: -1) }
    await #expect(processExitsWith: .failure) { _ = ChiSquared(degreesOfFreedom: 0) }
    await #expect(processExitsWith: .failure) { _ = StudentT(degreesOfFreedom: -2) }
    await #expect(processExitsWith: .failure) { _ = Binomial(trials: 10, probability: 1.5) }
    await #expect(processExitsWith: .failure) { _ = Poisson(mean: 3).quantile(-0.1) }
    await #expect(processExitsWith: .failure) { _ = regularizedGammaP(-1, 2) }
}
