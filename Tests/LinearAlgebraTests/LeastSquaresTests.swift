// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
import _TestSupport
@testable import LinearAlgebra

struct LeastSquaresBehaviourTests {
    @Test("Rank deficiency: an exact duplicate column is aliased, the fit is unchanged")
    func duplicateColumnIsAliased() throws {
        let d = NISTDataset.load("Longley")
        let full = try LeastSquares.fit(d.design, d.y)
        var cols = (0..<d.design.columns).map { d.design.column($0) }
        cols.append(cols[3])
        let fit = try LeastSquares.fit(Matrix(columns: cols), d.y)
        #expect(fit.rank == 7)
        #expect(fit.aliased.filter { $0 }.count == 1)
        #expect(fit.aliased[3] || fit.aliased[7])
        #expect(abs(fit.sigma - full.sigma) <= 1e-12 * full.sigma)
        for (a, b) in zip(fit.fitted, full.fitted) { #expect(abs(a - b) <= 1e-9 * abs(b)) }
        // The retained copy carries the whole effect.
        let kept = fit.aliased[3] ? 7 : 3
        #expect(TestSupport.lre(fit.coefficients[kept], certified: d.certifiedEstimates[3]) > 12)
        #expect(fit.coefficients[fit.aliased[3] ? 3 : 7].isNaN)
    }

    @Test("Without doubled-precision powers Filip is limited to LRE ≈ 7.6 by the rounded design")
    func filipRoundedDesignLimit() throws {
        // Exact rational least squares on the double-rounded powers gives LRE 7.61
        // (notebooks-data/references/linalg/filip_exact.py); our solver reproduces that limit,
        // which is why PolynomialDesign carries the low-order part.
        let d = NISTDataset.load("Filip")
        let fit = try LeastSquares.fit(d.design, d.y)
        let lre = zip(fit.coefficients, d.certifiedEstimates).map { TestSupport.lre($0, certified: $1) }.min()!
        #expect(abs(lre - 7.61) < 0.05)
    }

    @Test func refinementModesAgreeOnWellConditionedData() throws {
        let d = NISTDataset.load("Norris")
        let a = try LeastSquares.fit(d.design, d.y, options: .init(refinement: .never))
        let b = try LeastSquares.fit(d.design, d.y, options: .init(refinement: .always))
        #expect(a.refinementSteps == 0 && b.refinementSteps >= 1)
        // Norm-wise agreement to κ²ε (κ ≈ 3.9), and both accurate against the certified values.
        let scale = b.coefficients.map(abs).max()!
        for (x, y) in zip(a.coefficients, b.coefficients) { #expect(abs(x - y) <= 1e-13 * scale) }
        for (x, y) in zip(a.standardErrors, b.standardErrors) { #expect(abs(x - y) <= 1e-12 * abs(y)) }
        for fit in [a, b] {
            for (x, c) in zip(fit.coefficients, d.certifiedEstimates) { #expect(TestSupport.lre(x, certified: c) >= 12) }
        }
    }

    @Test func badInputsThrow() {
        #expect(throws: LinearAlgebraError.tooFewObservations(observations: 2, parameters: 3)) {
            try LeastSquares.fit(Matrix(rows: [[1, 2, 3], [4, 5, 6]]), [1, 2])
        }
        #expect(throws: LinearAlgebraError.nonFiniteInput(row: 1, column: 0)) {
            try LeastSquares.fit(Matrix(rows: [[1], [.nan], [2]]), [1, 2, 3])
        }
        #expect(throws: LinearAlgebraError.nonFiniteInput(row: 2, column: 1)) {
            try LeastSquares.fit(Matrix(rows: [[1], [2], [3]]), [1, 2, .infinity])
        }
        #expect(throws: LinearAlgebraError.singular(routine: "dgeqp3", index: 1)) {
            try LeastSquares.fit(Matrix(rows: [[0], [0], [0]]), [1, 2, 3])
        }
    }

    @Test func exactFitHasZeroResidualAndNaNFreeStandardErrors() throws {
        // Wampler1 is an exact polynomial: certified residual SD and every SD are 0.
        let d = NISTDataset.load("Wampler1")
        let fit = try LeastSquares.fit(d.design, d.y, designCorrection: d.correction)
        #expect(fit.sigma < 1e-12)
        #expect(fit.standardErrors.allSatisfy { $0 < 1e-10 })
    }
}
