// SPDX-License-Identifier: GPL-3.0-or-later
import Distributions
import Foundation
import LinearAlgebra
import SeriesData

/// Comparable areas of one indicator on one regular time axis (e.g. every English local
/// authority in a Fingertips extract, every police force in the ONS table).
///
/// `values[a][t]` is area `a`'s value at `start.advanced(by: t)`, `nil` when not published.
public struct PeerPanel: Sendable {
    public internal(set) var start: Period
    public internal(set) var areas: [String]
    public internal(set) var values: [[Double?]]
    public var periodCount: Int { values.first?.count ?? 0 }

    public init(start: Period, areas: [String], values: [[Double?]]) {
        precondition(values.allSatisfy { $0.count == values.first?.count }, "PeerPanel rows must have equal length")
        precondition(areas.count == values.count, "PeerPanel needs one row per area")
        self.start = start
        self.areas = areas
        self.values = values
    }

    /// Builds the panel from per-area series, aligned on their common calendar.
    public init?(series: [(area: String, series: TimeSeries)]) {
        let kept = series.filter { !$0.series.isEmpty }
        guard let first = kept.first else { return nil }
        guard kept.allSatisfy({ $0.series.frequency == first.series.frequency }) else { return nil }
        let start = kept.map(\.series.start).min()!
        let end = kept.map(\.series.end).max()!
        let n = start.distance(to: end) + 1
        self.start = start
        self.areas = kept.map(\.area)
        self.values = kept.map { s in (0..<n).map { s.series[start.advanced(by: $0)] } }
    }

    public func index(ofPeriod p: Period) -> Int? {
        guard p.frequency == start.frequency else { return nil }
        let i = start.distance(to: p)
        return i >= 0 && i < periodCount ? i : nil
    }

    /// The panel as known at `asOf`: periods that end on or before the end of `asOf`; nil when
    /// no period does.
    public func through(asOf: Period) -> PeerPanel? {
        let keep = (0..<periodCount).filter { start.advanced(by: $0).lastDay <= asOf.lastDay }
        guard let last = keep.last else { return nil }
        var cut = self
        cut.values = values.map { Array($0[0...last]) }
        return cut
    }

    /// The scale the model works on: logarithms when every value is positive (rates and
    /// counts move proportionally), the values themselves otherwise.
    public var scale: ChangeScale {
        values.allSatisfy { $0.allSatisfy { ($0 ?? 1) > 0 } } ? .log : .identity
    }
}

/// The scale in which changes are modelled.
public enum ChangeScale: String, Sendable, Codable {
    case log, identity
    func forward(_ x: Double) -> Double { self == .log ? Foundation.log(x) : x }
    func inverse(_ z: Double) -> Double { self == .log ? Foundation.exp(z) : z }
}

/// A pooled (cross-learning) model of the `h`-step change of an indicator, fitted across every
/// comparable area at every past origin, with a kernel-smoothed empirical predictive distribution.
///
/// ## The model
/// Let z_{a,t} be area a's value at period t on the model scale (log when all values are
/// positive) and m_t the median of z_{·,t} over the peers (the *national tide*). For an origin
/// s, the response is area a's change relative to the tide,
///
///     r_{a,s} = (z_{a,s+h} − z_{a,s}) − (m_{s+h} − m_s),
///
/// regressed on two features known at s:
/// - the **peer gap** g = z_{a,s} − m_s (regression toward the cross-sectional centre), and
/// - the **short-run deviation** d = z_{a,s} − mean(z_{a,s−2}, z_{a,s−1}, z_{a,s}) (a value that
///   jumped above its recent level tends to fall back: regression to the mean of a noisy rate),
///
/// by weighted least squares with weights 1/σ²_{a,s}, where σ_{a,s} is the root mean square of
/// the area's one-step changes relative to the tide up to s, shrunk toward the pooled median σ₀ with `shrinkage` = k
/// pseudo-observations: σ² = (k σ₀² + n σ̂²)/(k + n) (empirical-Bayes style partial pooling,
/// Efron & Morris 1975, DOI 10.1080/01621459.1975.10479864). Only pairs with s + h ≤ T (the
/// origin of the projection) are used, so the fit uses nothing published after T.
///
/// ## The predictive distribution
/// For area a at origin T:
///
///     z_{a,T+h} = z_{a,T} + x_{a,T}ᵀβ + σ_{a,T} e + τ ε,
///
/// where e is drawn from the standardised pooled residuals (a split-conformal-style empirical
/// distribution; Vovk et al. 2017, *Conformal predictive distributions*, PMLR 60), ε ~ N(0,1),
/// and τ² = τ_tide² + (σ_{a,T} b)²: τ_tide is the root mean square of the tide's past h-step
/// changes (the national tide is forecast as a random walk: its next change is unknown and
/// common to every area), b is Silverman's bandwidth of the residuals. The CDF is therefore an
/// equal-weight mixture of normals, evaluated exactly; quantiles come from a tabulated CDF.
/// To keep evaluation O(Q) rather than O(n), the residuals are summarised by Q = 200 quantiles
/// at probabilities (j − ½)/Q.
///
/// This follows the global-model idea of Montero-Manso & Hyndman (2021), IJF 37:1632
/// (DOI 10.1016/j.ijforecast.2021.03.004): every area is a replication of one process. Nothing in
/// R `forecast`, statsmodels or statsforecast fits this; it is checked by replay
/// (`CalibrationReplay`) rather than against a reference implementation.
///
/// Complexity: O(A·T) to build features, O(P) for the fit (P training pairs, 3 columns),
/// O(Q·G) per predictive distribution (G grid points).
public struct PooledChangeModel: Sendable {
    /// Pseudo-observations pulling each area's noise scale toward the pooled median.
    public var shrinkage: Double = 4
    /// Fewest training pairs (area × past origin) needed to fit.
    public var minimumPairs: Int = 30
    /// Fewest distinct past origins (years) in the training pairs: with one, the intercept
    /// absorbs that year's shock and the tide's spread rests on one or two changes.
    public var minimumOrigins: Int = 2
    /// Number of quantiles summarising the residual distribution.
    public var residualQuantiles: Int = 200

    public init() {}

    /// Fits the `horizon`-step model with data through period index `origin` of `panel`.
    public func fit(_ panel: PeerPanel, origin: Int, horizon: Int) throws(PooledChangeError) -> PooledChangeFit {
        guard horizon >= 1 else { throw .invalidHorizon(horizon) }
        guard origin >= 0, origin < panel.periodCount else { throw .originOutsideData }
        let scale = panel.scale
        // Data through the origin only.
        let z: [[Double?]] = panel.values.map { row in row[0...origin].map { $0.map(scale.forward) } }
        let tide: [Double?] = (0...origin).map { t in
            let col = z.compactMap { $0[t] }
            return col.count >= max(3, z.count / 2) ? Self.median(col) : nil
        }
        // Training pairs.
        var rows: [(g: Double, d: Double, sd: Double, n: Int, r: Double)] = []
        var trainingOrigins = 0
        if origin - horizon >= 2 {
            for s in 2...(origin - horizon) {
                guard let ms = tide[s], let mh = tide[s + horizon] else { continue }
                trainingOrigins += 1
                for a in z.indices {
                    guard let f = Self.features(z[a], at: s, tide: tide), let future = z[a][s + horizon] else { continue }
                    rows.append((f.gap, f.deviation, f.sd, f.changes, future - z[a][s]! - (mh - ms)))
                }
            }
        }
        guard trainingOrigins >= minimumOrigins else {
            throw .tooFewOrigins(found: trainingOrigins, needed: minimumOrigins, horizon: horizon)
        }
        guard rows.count >= minimumPairs else {
            throw .tooFewPairs(found: rows.count, needed: minimumPairs, horizon: horizon)
        }
        let pooledSD = Self.median(rows.map(\.sd))
        guard pooledSD > 0, pooledSD.isFinite else { throw .noVariation }
        let k = shrinkage
        func shrunk(_ sd: Double, _ n: Int) -> Double {
            ((k * pooledSD * pooledSD + Double(n) * sd * sd) / (k + Double(n))).squareRoot()
        }
        let w = rows.map { 1 / shrunk($0.sd, $0.n) }
        let design = Matrix(rows: rows.indices.map { i in [w[i], rows[i].g * w[i], rows[i].d * w[i]] })
        let y = rows.indices.map { rows[$0].r * w[$0] }
        let ls: LeastSquaresFit
        do { ls = try LeastSquares.fit(design, y) } catch { throw .singularDesign }
        guard ls.rank == 3 else { throw .singularDesign }
        let beta = ls.coefficients
        // Standardised residuals = weighted residuals.
        var e = ls.residuals.sorted()
        // Tide: past h-step changes of the median (random-walk errors).
        var tideChanges: [Double] = []
        for s in 0...(origin - horizon) {
            if let a = tide[s], let b = tide[s + horizon] { tideChanges.append(b - a) }
        }
        let tideSD = tideChanges.isEmpty ? 0 : (tideChanges.map { $0 * $0 }.reduce(0, +) / Double(tideChanges.count)).squareRoot()
        // Silverman's bandwidth of e.
        let n = Double(e.count)
        let mean = e.reduce(0, +) / n
        let sd = (e.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / (n - 1)).squareRoot()
        let iqr = Self.sortedQuantile(e, 0.75) - Self.sortedQuantile(e, 0.25)
        let bandwidth = 0.9 * min(sd, iqr > 0 ? iqr / 1.34 : sd) * pow(n, -0.2)
        let q = residualQuantiles
        e = (0..<q).map { Self.sortedQuantile(e, (Double($0) + 0.5) / Double(q)) }
        // Features of every area at the origin.
        let originFeatures: [AreaFeatures?] = z.indices.map { a in
            guard tide[origin] != nil, let f = Self.features(z[a], at: origin, tide: tide) else { return nil }
            return AreaFeatures(level: z[a][origin]!, gap: f.gap, deviation: f.deviation, sd: shrunk(f.sd, f.changes))
        }
        return PooledChangeFit(
            scale: scale, horizon: horizon, origin: panel.start.advanced(by: origin), coefficients: beta,
            residualQuantiles: e, bandwidth: bandwidth, tideSD: tideSD, pooledSD: pooledSD,
            trainingPairs: rows.count, tideOrigins: tideChanges.count, areas: panel.areas, features: originFeatures)
    }

    /// Features at s: needs z at s−2, s−1, s and the tide at s. The noise scale is the RMS of the
    /// area's one-step changes relative to the tide's (the tide's own uncertainty is added
    /// separately, so it must not inflate σ).
    static func features(_ z: [Double?], at s: Int, tide: [Double?]) -> (gap: Double, deviation: Double, sd: Double, changes: Int)? {
        guard s >= 2, let m = tide[s], let z0 = z[s], let z1 = z[s - 1], let z2 = z[s - 2] else { return nil }
        var ss = 0.0, c = 0
        for t in 1...s {
            if let b = z[t], let a = z[t - 1], let mb = tide[t], let ma = tide[t - 1] {
                let d = (b - a) - (mb - ma)
                ss += d * d; c += 1
            }
        }
        guard c > 0 else { return nil }
        return (z0 - m, z0 - (z0 + z1 + z2) / 3, (ss / Double(c)).squareRoot(), c)
    }

    static func median(_ x: [Double]) -> Double { sortedQuantile(x.sorted(), 0.5) }

    /// Type-7 quantile of sorted data.
    static func sortedQuantile(_ s: [Double], _ p: Double) -> Double {
        let h = Double(s.count - 1) * p
        let lo = Int(h.rounded(.down)), hi = min(lo + 1, s.count - 1)
        return s[lo] + (h - Double(lo)) * (s[hi] - s[lo])
    }
}

/// An area's features at the origin (model scale).
public struct AreaFeatures: Sendable {
    public internal(set) var level: Double, gap: Double, deviation: Double
    /// Shrunk noise scale σ.
    public internal(set) var sd: Double
}

/// A fitted `PooledChangeModel` at one origin and horizon.
public struct PooledChangeFit: Sendable {
    public internal(set) var scale: ChangeScale
    public internal(set) var horizon: Int
    /// The last period whose data were used.
    public internal(set) var origin: Period
    /// β: intercept, peer gap, short-run deviation.
    public internal(set) var coefficients: [Double]
    /// Q quantiles of the standardised residuals.
    public internal(set) var residualQuantiles: [Double]
    public internal(set) var bandwidth: Double
    public internal(set) var tideSD: Double
    public internal(set) var pooledSD: Double
    public internal(set) var trainingPairs: Int
    public internal(set) var tideOrigins: Int
    public internal(set) var areas: [String]
    public internal(set) var features: [AreaFeatures?]

    /// The predictive distribution of area `a`'s value at origin + horizon, or nil when the
    /// area lacks the three latest values.
    public func distribution(area a: Int) -> ChangeDistribution? {
        guard let f = features[a] else { return nil }
        let mu = f.level + coefficients[0] + coefficients[1] * f.gap + coefficients[2] * f.deviation
        let width = (tideSD * tideSD + f.sd * bandwidth * f.sd * bandwidth).squareRoot()
        return ChangeDistribution(scale: scale, centres: residualQuantiles.map { mu + f.sd * $0 }, width: max(width, 1e-12))
    }
}

/// An equal-weight mixture of normals on the model scale, reported on the data scale.
public struct ChangeDistribution: Sendable {
    public let scale: ChangeScale
    /// Component means (model scale), sorted.
    public let centres: [Double]
    /// Common component standard deviation (model scale).
    public let width: Double
    /// CDF tabulated on an even grid of the model scale, for fast quantiles.
    private let grid: [Double]
    private let table: [Double]

    public init(scale: ChangeScale, centres: [Double], width: Double) {
        self.scale = scale
        self.centres = centres.sorted()
        self.width = width
        let lo = self.centres.first! - 9 * width, hi = self.centres.last! + 9 * width
        let g = 513
        grid = (0..<g).map { lo + (hi - lo) * Double($0) / Double(g - 1) }
        let c = self.centres, w = width
        table = grid.map { z in c.reduce(0.0) { $0 + Normal.standard.cdf((z - $1) / w) } / Double(c.count) }
    }

    /// P(value ≤ x), x on the data scale.
    public func cdf(_ x: Double) -> Double {
        if scale == .log && x <= 0 { return 0 }
        return cdfModel(scale.forward(x))
    }

    func cdfModel(_ z: Double) -> Double {
        var s = 0.0
        for c in centres { s += Normal.standard.cdf((z - c) / width) }
        return s / Double(centres.count)
    }

    func pdfModel(_ z: Double) -> Double {
        var s = 0.0
        for c in centres { let u = (z - c) / width; s += exp(-0.5 * u * u) }
        return s / (Double(centres.count) * width * (2 * Double.pi).squareRoot())
    }

    /// The p-quantile on the data scale: linear interpolation in the tabulated CDF, then two
    /// Newton steps on the exact mixture CDF.
    public func quantile(_ p: Double) -> Double {
        precondition(p > 0 && p < 1, "quantile level must be in (0, 1)")
        var z: Double
        if p <= table.first! { z = grid.first! } else if p >= table.last! { z = grid.last! } else {
            var lo = 0, hi = table.count - 1
            while hi - lo > 1 { let mid = (lo + hi) / 2; if table[mid] < p { lo = mid } else { hi = mid } }
            let f = table[hi] == table[lo] ? 0 : (p - table[lo]) / (table[hi] - table[lo])
            z = grid[lo] + f * (grid[hi] - grid[lo])
        }
        for _ in 0..<2 {
            let d = pdfModel(z)
            guard d > 1e-300 else { break }
            let step = (cdfModel(z) - p) / d
            guard step.isFinite, abs(step) < 10 * width else { break }
            z -= step
        }
        return scale.inverse(z)
    }

    /// Continuous ranked probability score of `y` on the data scale,
    /// CRPS = ∫ (F(x) − 1{x ≥ y})² dx (Gneiting & Raftery 2007, DOI 10.1198/016214506000001437),
    /// by the trapezoid rule on the tabulated CDF (x = e^z on the log scale, so dx = e^z dz), with
    /// the interval holding y split at y and the tails beyond the table added exactly (F = 0 or 1).
    public func crps(_ y: Double) -> Double {
        let zy: Double
        if scale == .log {
            guard y > 0 else { return quantileMean() - y }   // F(x) = 0 for x ≤ 0 < every draw
            zy = scale.forward(y)
        } else { zy = y }
        func jac(_ z: Double) -> Double { scale == .log ? exp(z) : 1 }
        func g(_ z: Double, _ f: Double) -> Double { let h: Double = z >= zy ? 1 : 0; return (f - h) * (f - h) * jac(z) }
        var total = 0.0
        for i in 0..<(grid.count - 1) {
            let z0 = grid[i], z1 = grid[i + 1], f0 = table[i], f1 = table[i + 1]
            if zy > z0 && zy < z1 {
                let fy = f0 + (f1 - f0) * (zy - z0) / (z1 - z0)
                let left = (fy - 0) * (fy - 0) * jac(zy), right = (fy - 1) * (fy - 1) * jac(zy)
                total += 0.5 * (g(z0, f0) + left) * (zy - z0) + 0.5 * (right + g(z1, f1)) * (z1 - zy)
            } else {
                total += 0.5 * (g(z0, f0) + g(z1, f1)) * (z1 - z0)
            }
        }
        let lo = scale.inverse(grid.first!), hi = scale.inverse(grid.last!)
        if y < lo { total += lo - y }
        if y > hi { total += y - hi }
        return total
    }

    /// The distribution's mean on the data scale, by the midpoint rule over 100 quantiles.
    func quantileMean() -> Double {
        (0..<100).map { quantile((Double($0) + 0.5) / 100) }.reduce(0, +) / 100
    }
}

extension Normal {
    static let standard = Normal()
}

/// Why a pooled change model could not be fitted.
public enum PooledChangeError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidHorizon(Int)
    case originOutsideData
    case tooFewPairs(found: Int, needed: Int, horizon: Int)
    case tooFewOrigins(found: Int, needed: Int, horizon: Int)
    case noVariation
    case singularDesign

    public var description: String {
        switch self {
        case let .invalidHorizon(h): return "the horizon must be at least 1 period (got \(h))"
        case .originOutsideData: return "the origin is outside the peers' data"
        case let .tooFewPairs(found, needed, h):
            return "only \(found) (area, past origin) pairs have a \(h)-period outcome before the origin; the pooled model needs at least \(needed) — more peers or a longer history"
        case let .tooFewOrigins(found, needed, h):
            return "only \(found) past origin(s) have a \(h)-period outcome before this origin; the pooled model needs at least \(needed) years of such outcomes — a longer history"
        case .noVariation: return "the peers' values do not change, so there is no noise scale to learn"
        case .singularDesign: return "the peers' features are collinear (e.g. every area identical); the pooled regression cannot be fitted"
        }
    }
}
