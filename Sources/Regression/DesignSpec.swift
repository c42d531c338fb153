// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import LinearAlgebra

/// The deterministic part of a time-series regression, described by its terms rather than by columns.
///
/// Columns are built from the series' ``SeriesCalendar`` for any range of observations, so the same
/// spec gives the fitting design and the forecast design. Column names follow R (what `lm` prints for
/// the equivalent formula), so tables can be compared line by line:
///
/// | term | column(s) | definition (t = 1…n is the observation number) |
/// |---|---|---|
/// | intercept | `(Intercept)` | 1 |
/// | ``Trend/linear`` | `trend` | t |
/// | ``Trend/polynomial(degree:)`` | `trend`, `I(trend^2)`, … | tᵏ (raw powers, built in doubled precision) |
/// | ``Season/dummies`` | `season2` … `season12` | 1 in that month/quarter; the first season is the reference (annual series: no columns) |
/// | ``Season/fourier(harmonics:)`` | `S1-12`, `C1-12`, … | sin(2πkt/m), cos(2πkt/m) as `forecast::fourier` (S dropped when 2k = m) |
/// | ``Intervention/Kind/step`` | `step_2016-07` | 1 from the intervention period on |
/// | ``Intervention/Kind/ramp`` | `ramp_2016-07` | t − t₀ from the intervention period on (0 at t₀) |
/// | ``Intervention/Kind/pulse`` | `pulse_2016-07` | 1 at the intervention period only |
/// | ``UserRegressor`` | its name | the supplied values |
///
/// With a step and a ramp at the same date (segmented regression, Wagner et al. 2002,
/// DOI 10.1046/j.1365-2710.2002.00430.x) the step coefficient is the level change at t₀ itself and the
/// ramp coefficient the change in slope per period; Wagner codes the ramp 1 at t₀, which moves one
/// period of slope change into the step coefficient.
public struct RegressionSpec: Sendable, Equatable {
    public enum Trend: Sendable, Equatable {
        case none, linear
        /// Raw powers t, t², …, tᵈ (1 ≤ d ≤ 6). d = 1 is ``linear``.
        case polynomial(degree: Int)
    }
    public enum Season: Sendable, Equatable {
        case none, dummies
        /// K harmonic pairs, 1 ≤ K ≤ ⌊m/2⌋.
        case fourier(harmonics: Int)
    }
    public struct Intervention: Sendable, Equatable {
        public enum Kind: String, Sendable, Equatable, CaseIterable { case step, ramp, pulse }
        public let kind: Kind
        /// The first period under the intervention, in the calendar's label format (`2016-07`, `2014-Q2`).
        public let period: String
        public init(_ kind: Kind, at period: String) {
            self.kind = kind
            self.period = period
        }
        public var termName: String { "\(kind.rawValue)_\(period)" }
    }
    /// A user-supplied column; `values` must cover the fitted observations (and the forecast horizon
    /// when forecasting).
    public struct UserRegressor: Sendable, Equatable {
        public let name: String
        public let values: [Double]
        public init(name: String, values: [Double]) {
            self.name = name
            self.values = values
        }
    }

    public var intercept: Bool
    public var trend: Trend
    public var season: Season
    public var interventions: [Intervention]
    public var regressors: [UserRegressor]

    public init(intercept: Bool = true, trend: Trend = .linear, season: Season = .dummies,
                interventions: [Intervention] = [], regressors: [UserRegressor] = []) {
        self.intercept = intercept
        self.trend = trend
        self.season = season
        self.interventions = interventions
        self.regressors = regressors
    }

    /// Builds the design for observations `rows` (0-based; rows past the data are forecast rows).
    /// `observations` is the fitted length n, used to check that interventions fall inside the data.
    ///
    /// - Complexity: O(rows · columns).
    public func design(calendar: SeriesCalendar, rows: Range<Int>, observations: Int) throws(RegressionError) -> DesignMatrix {
        let m = rows.count
        var names: [String] = []
        // Columns are appended straight into one column-major buffer (no per-column arrays: at
        // 10⁶ rows the intermediate copies cost more than the regression steps).
        var storage: [Double] = []
        storage.reserveCapacity(m * 16)
        var lowColumns: [Int: [Double]] = [:]
        func add<S: Sequence>(_ name: String, _ values: S) where S.Element == Double {
            names.append(name)
            storage.append(contentsOf: values)
        }
        if intercept { add("(Intercept)", repeatElement(1.0, count: m)) }
        switch trend {
        case .none: break
        case .linear:
            add("trend", rows.lazy.map { Double($0 + 1) })
        case .polynomial(let d):
            guard (1...6).contains(d) else { throw .invalidTermOrder(term: "polynomial trend degree", value: d, allowed: 1...6) }
            add("trend", rows.lazy.map { Double($0 + 1) })
            if d >= 2 {
                let (hi, lo) = PolynomialDesign.powers(of: rows.map { Double($0 + 1) }, degrees: 2...d)
                for k in 2...d {
                    lowColumns[names.count] = lo.column(k - 2)
                    add("I(trend^\(k))", hi.column(k - 2))
                }
            }
        }
        let f = calendar.frequency
        switch season {
        case .none: break
        case .dummies:
            if f > 1 {
                for sIndex in 2...f {
                    add("season\(sIndex)", rows.lazy.map { calendar.season(at: $0) == sIndex ? 1.0 : 0.0 })
                }
            }
        case .fourier(let k):
            guard f >= 2 else { throw .noSeasonalCycle(term: "fourier:\(k)") }
            guard (1...(f / 2)).contains(k) else {
                throw .invalidTermOrder(term: "Fourier harmonics K", value: k, allowed: 1...(f / 2))
            }
            for h in 1...k {
                // sinpi/cospi as forecast::fourier: exact zeros and ±1 where they should be.
                if 2 * h != f {
                    add("S\(h)-\(f)", rows.lazy.map { Self.sinPi(2 * Double(h) * Double($0 + 1) / Double(f)) })
                }
                add("C\(h)-\(f)", rows.lazy.map { Self.cosPi(2 * Double(h) * Double($0 + 1) / Double(f)) })
            }
        }
        for iv in interventions {
            let i0 = try calendar.index(of: iv.period)
            guard i0 >= 1 && i0 < observations else {
                throw .interventionOutsideSeries(term: iv.termName, index: i0, observations: observations)
            }
            // The canonical label, so "2014 Q2" and "2014-Q2" give the same term; no spaces in a
            // term name ("step_2014-Q2").
            let name = "\(iv.kind.rawValue)_\(calendar.label(at: i0).replacingOccurrences(of: " ", with: "-"))"
            switch iv.kind {
            case .step: add(name, rows.lazy.map { $0 >= i0 ? 1.0 : 0.0 })
            case .ramp: add(name, rows.lazy.map { $0 >= i0 ? Double($0 - i0) : 0.0 })
            case .pulse: add(name, rows.lazy.map { $0 == i0 ? 1.0 : 0.0 })
            }
        }
        for r in regressors {
            guard r.values.count >= rows.upperBound else {
                throw .lengthMismatch(name: "regressor \(r.name)", count: r.values.count, expected: rows.upperBound)
            }
            for i in rows where !r.values[i].isFinite { throw .nonFiniteValue(index: i, column: r.name) }
            add(r.name, r.values[rows])
        }
        let matrix = Matrix(rows: m, columns: names.count, columnMajor: storage)
        var correction: Matrix? = nil
        if !lowColumns.isEmpty {
            var c = Matrix(rows: m, columns: names.count)
            for (j, lo) in lowColumns { for i in 0..<m { c[i, j] = lo[i] } }
            correction = c
        }
        return DesignMatrix(names: names, matrix: matrix, correction: correction, hasIntercept: intercept)
    }

    /// sin(πx) with exact values at multiples of ½ (as R's `sinpi`).
    static func sinPi(_ x: Double) -> Double {
        var r = x.truncatingRemainder(dividingBy: 2)
        if r <= -1 { r += 2 } else if r > 1 { r -= 2 }
        if r == 0 || r == 1 { return 0 }
        if r == 0.5 { return 1 }
        if r == -0.5 { return -1 }
        return sin(Double.pi * r)
    }

    /// cos(πx) with exact values at multiples of ½ (as R's `cospi`).
    static func cosPi(_ x: Double) -> Double {
        let r = abs(x.truncatingRemainder(dividingBy: 2))
        if r == 0.5 || r == 1.5 { return 0 }
        if r == 1 { return -1 }
        if r == 0 { return 1 }
        return cos(Double.pi * r)
    }
}

/// A built design: the columns, their R-style names, and the doubled-precision low part of
/// polynomial columns (see ``LinearAlgebra/PolynomialDesign``).
public struct DesignMatrix: Sendable {
    public let names: [String]
    public let matrix: Matrix
    /// Low-order parts of exact columns (nil when every column is exact in double).
    public let correction: Matrix?
    public let hasIntercept: Bool
    public var rows: Int { matrix.rows }
    public var columns: Int { matrix.columns }
}
