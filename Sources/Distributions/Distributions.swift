// SPDX-License-Identifier: GPL-3.0-or-later
// Distributions module: special functions (SpecialFunctions.swift), continuous
// (Normal.swift, ContinuousDistributions.swift) and discrete distributions
// (DiscreteDistributions.swift), and the seeded PRNG with samplers (Random.swift).
// Guide: docs/Distributions.md.
