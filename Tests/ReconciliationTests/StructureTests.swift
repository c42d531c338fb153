// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
import _TestSupport
@testable import Reconciliation

@Suite("Hierarchy structures and method names")
struct StructureTests {
    let lsoaByType: [[String]] = [["Stoke", "A", "ASB"], ["Stoke", "A", "Burglary"], ["Stoke", "B", "ASB"],
                                  ["Stoke", "B", "Burglary"], ["Tamworth", "C", "ASB"], ["Tamworth", "C", "Burglary"]]

    @Test("Default structure: grand total, each key's margins, bottom")
    func defaultMargins() throws {
        let one = try HierarchyStructure(bottomKeys: [["a"], ["b"], ["c"]], keyColumns: ["area"])
        #expect(one.levels.map(\.name) == ["total", "area"])
        #expect(one.nodeCount == 4 && one.aggregateCount == 1)
        let three = try HierarchyStructure(bottomKeys: lsoaByType, keyColumns: ["la", "lsoa", "type"])
        #expect(three.levels.map(\.name) == ["total", "la", "lsoa", "type", "la/lsoa/type"])
        #expect(three.levels.map(\.nodeCount) == [1, 2, 3, 2, 6])
        #expect(three.nodeKeys[0] == ["(all)", "(all)", "(all)"])
        #expect(three.nodeKeys[1] == ["Stoke", "(all)", "(all)"])
    }

    @Test("Nested and crossed factors: every combination of depths")
    func crossed() throws {
        let s = try HierarchyStructure(bottomKeys: lsoaByType, keyColumns: ["la", "lsoa", "type"],
                                       spec: try HierarchySpec.parse("la/lsoa * type"))
        #expect(s.levels.map(\.name) == ["total", "la", "type", "la/lsoa", "la/type", "la/lsoa/type"])
        #expect(s.levels.map(\.nodeCount) == [1, 2, 2, 3, 4, 6])
        #expect(!s.isStrictlyHierarchical)
        #expect(s.nodeSizes.prefix(3) == [6, 4, 2])
        // S·b: sums by hand.
        let b: [Double] = [1, 2, 3, 4, 5, 6]
        let y = s.aggregate(bottom: b, horizon: 1)
        #expect(y[0] == 21)                       // total
        #expect(Array(y[1...2]) == [10, 11])      // Stoke, Tamworth
        #expect(Array(y[3...4]) == [9, 12])       // ASB, Burglary
        #expect(Array(y[5...7]) == [3, 7, 11])    // A, B, C
        #expect(Array(y[8...11]) == [4, 6, 5, 6]) // Stoke/ASB, Stoke/Burglary, Tamworth/ASB, Tamworth/Burglary
        #expect(Array(y[12...]) == b)
    }

    @Test("Bad structures are errors that say what to fix")
    func errors() throws {
        #expect(throws: ReconciliationError.invalidHierarchy("la//lsoa", reason: "an empty column name")) { try HierarchySpec.parse("la//lsoa") }
        #expect(throws: ReconciliationError.invalidHierarchy("la/la", reason: "column 'la' appears twice")) { try HierarchySpec.parse("la/la") }
        #expect(throws: ReconciliationError.unknownKeyColumn("ward", available: ["la", "lsoa"])) {
            try HierarchyStructure(bottomKeys: [["x", "y"]], keyColumns: ["la", "lsoa"], spec: try HierarchySpec.parse("la/ward"))
        }
        #expect(throws: ReconciliationError.self) {
            try HierarchyStructure(bottomKeys: [["x", "y"]], keyColumns: ["la", "lsoa"], spec: try HierarchySpec.parse("la"))
        }
        #expect(throws: ReconciliationError.duplicateBottom(key: ["x", "y"])) {
            try HierarchyStructure(bottomKeys: [["x", "y"], ["x", "y"]], keyColumns: ["la", "lsoa"])
        }
        #expect(throws: ReconciliationError.reservedKeyValue(column: "lsoa")) {
            try HierarchyStructure(bottomKeys: [["x", "(all)"]], keyColumns: ["la", "lsoa"])
        }
        #expect(throws: ReconciliationError.empty) { try HierarchyStructure(bottomKeys: [], keyColumns: ["la"]) }
        let e = ReconciliationError.unknownKeyColumn("ward", available: ["la", "lsoa"]).description
        #expect(e.contains("'ward'") && e.contains("la, lsoa"))
    }

    @Test("Method names parse, print back, and bad names list the choices")
    func methodNames() throws {
        for name in ["bottom-up", "top-down:average-proportions", "top-down:proportion-averages", "top-down:forecast-proportions",
                     "middle-out:region:forecast-proportions", "ols", "wls-struct", "wls-var", "mint-shrink", "mint-cov",
                     "wls-struct:nonnegative"] {
            #expect(try ReconciliationMethod.parse(name).description == name)
        }
        #expect(try ReconciliationMethod.parse("BU") == .bottomUp)
        #expect(try ReconciliationMethod.parse("middle-out:Region") == .middleOut(level: "Region", .forecastProportions))
        #expect(throws: ReconciliationError.unknownMethod("mint-sample")) { try ReconciliationMethod.parse("mint-sample") }
        #expect(throws: ReconciliationError.unknownMethod("top-down")) { try ReconciliationMethod.parse("top-down") }
        #expect(ReconciliationError.unknownMethod("x").description.contains("bottom-up | top-down"))
    }
}

@Suite("Reconciliation by hand")
struct HandComputedTests {
    // total, b1, b2 with base forecasts 10, 4, 5 (incoherent by 1).
    let s = try! HierarchyStructure(bottomKeys: [["b1"], ["b2"]], keyColumns: ["area"])
    let base = BaseForecasts(horizon: 1, mean: [10, 4, 5])

    @Test("OLS spreads the incoherence equally: b̃ = ŷ_b + (10 − 9)/3")
    func ols() throws {
        let r = try Reconciler.reconcile(base, over: s, method: .minTrace(.ols, nonnegative: false))
        expectClose(r.mean, [9 + 2.0 / 3, 4 + 1.0 / 3, 5 + 1.0 / 3], rtol: 1e-15)
    }

    @Test("WLS-struct: W = diag(2, 1, 1), λ = 1/(2 + 1 + 1), b̃ = ŷ_b + λ")
    func wlsStruct() throws {
        let r = try Reconciler.reconcile(base, over: s, method: .minTrace(.wlsStructural, nonnegative: false))
        expectClose(r.mean, [9.5, 4.25, 5.25], rtol: 1e-15)
    }

    @Test("Bottom-up sums; bottom-up variances add under independence")
    func bottomUp() throws {
        let b = BaseForecasts(horizon: 1, mean: [10, 4, 5], standardDeviation: [9, 3, 4])
        let r = try Reconciler.reconcile(b, over: s, method: .bottomUp)
        expectClose(r.mean, [9, 4, 5], rtol: 0)
        expectClose(r.variance ?? [], [25, 9, 16], rtol: 1e-15)
        let iv = try #require(r.interval(node: 0, step: 0, level: 95))
        expectClose(iv.lower, 9 - 1.959963984540054 * 5, rtol: 1e-14)
    }

    @Test("Top-down with forecast proportions: children keep their shares of the parent")
    func topDownForecastProportions() throws {
        let r = try Reconciler.reconcile(base, over: s, method: .topDown(.forecastProportions))
        expectClose(r.mean, [10, 40.0 / 9, 50.0 / 9], rtol: 1e-15)
    }

    @Test("Non-negative: a bottom that OLS drives below zero is held at 0, the rest re-solved")
    func nonnegative() throws {
        // total 2, b1 10, b2 0.5: OLS gives b2 = 0.5 + (2 − 10.5)/3 < 0. With b2 = 0: min (2 − b1)² + (10 − b1)² → b1 = 6.
        let b = BaseForecasts(horizon: 1, mean: [2, 10, 0.5])
        let plain = try Reconciler.reconcile(b, over: s, method: .minTrace(.ols, nonnegative: false))
        #expect(plain.mean[2] < 0)
        let r = try Reconciler.reconcile(b, over: s, method: .minTrace(.ols, nonnegative: true))
        expectClose(r.mean, [6, 6, 0], rtol: 1e-14, atol: 1e-14)
    }

    @Test("Methods that need more than base forecasts say what they need")
    func missingInputs() throws {
        #expect(throws: ReconciliationError.missingInput(method: "wls-var", needs: "in-sample actuals and fitted values (two or more periods) for every node")) {
            try Reconciler.reconcile(base, over: s, method: .minTrace(.wlsVariance, nonnegative: false))
        }
        let grouped = try HierarchyStructure(bottomKeys: [["a", "x"], ["a", "y"], ["b", "x"], ["b", "y"]], keyColumns: ["area", "type"])
        let g = BaseForecasts(horizon: 1, mean: [Double](repeating: 1, count: grouped.nodeCount))
        #expect(throws: ReconciliationError.notStrictlyHierarchical(method: "top-down:forecast-proportions")) {
            try Reconciler.reconcile(g, over: grouped, method: .topDown(.forecastProportions))
        }
        #expect(throws: ReconciliationError.self) {
            try Reconciler.reconcile(BaseForecasts(horizon: 1, mean: [1, .nan, 2]), over: s, method: .bottomUp)
        }
        #expect(throws: ReconciliationError.self) {
            try Reconciler.reconcile(BaseForecasts(horizon: 2, mean: [1, 2, 3]), over: s, method: .bottomUp)
        }
    }
}
