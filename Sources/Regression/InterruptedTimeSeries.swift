// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import LinearAlgebra

/// Segmented regression for an interrupted time series (Wagner et al. 2002,
/// DOI 10.1046/j.1365-2710.2002.00430.x; Bernal, Cummins & Gasparrini 2017, DOI 10.1093/ije/dyw098):
/// the base design (trend, season, regressors) plus a level change `step_<date>` and a slope change
/// `ramp_<date>` at the intervention period t₀ (ramp = t − t₀ from t₀ on, so the step coefficient is
/// the change at t₀ itself). Any other set of intervention kinds at one date (a step alone, a
/// pulse, a ramp alone) is analysed the same way through `kinds`.
///
/// The **counterfactual** is the fitted model with step and ramp set to zero. The effect at period
/// t = t₀ + k:
/// - linear model: absolute = β_step + k·β_ramp with CI from t(n − p) and the chosen covariance
///   (default Newey–West, R `sandwich::NeweyWest` defaults, because ITS residuals are usually
///   autocorrelated); percent = 100·absolute/counterfactual with a delta-method CI.
/// - count model (log link), model-based or sandwich covariance: percent = 100(exp(β_step + k·β_ramp) − 1) with the exponentiated Wald CI
///   (exact transformation); absolute = μ − μ_cf with a delta-method CI.
public struct InterruptedTimeSeries: Sendable, Equatable {
    public enum Model: Sendable, Equatable {
        case linear(CovarianceEstimator)
        /// A count GLM; `covariance` `.classical` is the model-based (quasi-likelihood-scaled)
        /// covariance, or a sandwich (e.g. Newey–West for autocorrelated counts, as Bernal et al. suggest).
        case count(CountModel.Family, covariance: CovarianceEstimator = .classical)
    }
    /// Everything except the intervention terms (which are appended).
    public var base: RegressionSpec
    /// First period under the intervention, in the calendar's label format.
    public var interventionPeriod: String
    public var model: Model
    /// The intervention terms at `interventionPeriod` (default: step and ramp, the segmented
    /// regression). The counterfactual sets all of them to zero; the effect at t is
    /// Σⱼ xⱼ(t)·βⱼ over these terms (linear predictor scale).
    public var kinds: [RegressionSpec.Intervention.Kind]

    public init(base: RegressionSpec, interventionPeriod: String,
                model: Model = .linear(.neweyWest(.sandwichDefault)),
                kinds: [RegressionSpec.Intervention.Kind] = [.step, .ramp]) {
        precondition(!kinds.isEmpty && Set(kinds).count == kinds.count, "kinds must be non-empty and distinct")
        self.base = base
        self.interventionPeriod = interventionPeriod
        self.model = model
        self.kinds = kinds
    }

    /// The full design spec (base + the intervention terms).
    public var spec: RegressionSpec {
        var s = base
        s.interventions += kinds.map { .init($0, at: interventionPeriod) }
        return s
    }

    public func fit(_ y: [Double], calendar: SeriesCalendar, exposure: [Double]? = nil) throws(RegressionError) -> FittedInterruptedTimeSeries {
        let start = try calendar.index(of: interventionPeriod)
        switch model {
        case .linear(let estimator):
            precondition(exposure == nil, "exposure applies to count models only")
            let f = try LinearModel(spec).fit(y, calendar: calendar)
            return FittedInterruptedTimeSeries(its: self, start: start, fit: .linear(f), covariance: try f.covariance(estimator),
                                               table: try f.coefficientTable(covariance: estimator))
        case .count(let family, let estimator):
            let f = try CountModel(spec, family: family).fit(y, calendar: calendar, exposure: exposure)
            return FittedInterruptedTimeSeries(its: self, start: start, fit: .count(f), covariance: try f.covariance(estimator),
                                               table: try f.coefficientTable(covariance: estimator))
        }
    }
}

/// The estimated effect of the intervention at one period.
public struct InterventionEffect: Sendable, Equatable {
    public let period: String
    /// Periods since the intervention (0 at t₀).
    public let periodsSinceStart: Int
    public let fitted: Double
    public let counterfactual: Double
    public let absolute: Double
    public let absoluteLower: Double
    public let absoluteUpper: Double
    /// 100·(fitted/counterfactual − 1).
    public let percent: Double
    public let percentLower: Double
    public let percentUpper: Double

    /// fitted / counterfactual = 1 + percent/100, with the percent interval's limits. For a count
    /// model at one period this is the rate ratio exp(Σ xⱼβⱼ) and its exponentiated Wald interval
    /// (R: `exp(coef)` / `exp(confint.default)` for a step); for a linear model, a ratio of means
    /// with the delta-method interval.
    public var ratio: Double { 1 + percent / 100 }
    public var ratioLower: Double { 1 + percentLower / 100 }
    public var ratioUpper: Double { 1 + percentUpper / 100 }
}

public struct FittedInterruptedTimeSeries: Sendable {
    public enum Fit: Sendable {
        case linear(FittedLinearModel)
        case count(FittedCountModel)
    }
    public let its: InterruptedTimeSeries
    /// 0-based index of t₀.
    public let start: Int
    public let fit: Fit
    /// Covariance used for effect intervals.
    public let covariance: Matrix
    public let table: CoefficientTable

    var design: DesignMatrix {
        switch fit {
        case .linear(let f): f.design
        case .count(let f): f.design
        }
    }
    var coefficients: [Double] {
        switch fit {
        case .linear(let f): f.coefficients
        case .count(let f): f.coefficients
        }
    }
    var observations: Int {
        switch fit {
        case .linear(let f): f.observations
        case .count(let f): f.observations
        }
    }

    /// Design columns of the intervention terms (user regressors follow the interventions in the design).
    /// (Design term names write the period without spaces, "step_2001-Q2"; looking them up with
    /// the calendar label "2001 Q2" found nothing and trapped for every quarterly ITS.)
    var interventionColumns: [Int] { its.kinds.map { column($0.rawValue) } }
    private func column(_ kind: String) -> Int {
        let name = "\(kind)_\(Self.label(self, start).replacingOccurrences(of: " ", with: "-"))"
        guard let c = design.names.firstIndex(of: name) else {
            preconditionFailure("ITS design has no column \(name) (columns: \(design.names))")  // built by `spec` above
        }
        return c
    }

    /// Counterfactual (no intervention) means for every observation: the fitted model with step and
    /// ramp set to zero (on the response scale).
    public var counterfactual: [Double] {
        let x = design.matrix
        var b = coefficients
        for j in interventionColumns { b[j] = 0 }
        return (0..<observations).map { i in
            let eta = Algebra.rowDot(x, i, b)
            if case .count(let f) = fit { return exp(eta + f.offset[i]) }
            return eta
        }
    }

    /// The effect at observation `index` (0-based, must be ≥ t₀ and inside the data), with CIs at `level`.
    public func effect(at index: Int, level: Double = 0.95) -> InterventionEffect {
        precondition(index >= start && index < observations, "effect index must be in t₀..<n")
        let p = design.columns, k = index - start
        let x = design.matrix.row(index)
        var xcf = x
        var c = [Double](repeating: 0, count: p)
        for j in interventionColumns { xcf[j] = 0; c[j] = x[j] }  // step 1, ramp k, pulse 1 at t₀ only
        let b = coefficients, v = covariance
        let label = Self.label(self, index)
        switch fit {
        case .linear(let f):
            let crit = ReferenceDistribution.studentT(degreesOfFreedom: f.residualDegreesOfFreedom).criticalValue(level: level)
            let a = zip(c, b).reduce(0) { $0 + $1.0 * $1.1 }
            let cf = zip(xcf, b).reduce(0) { $0 + $1.0 * $1.1 }
            let fittedValue = zip(x, b).reduce(0) { $0 + $1.0 * $1.1 }
            let sa = Algebra.quadraticForm(v, c).squareRoot()
            let g = (0..<p).map { c[$0] / cf - a * xcf[$0] / (cf * cf) }
            let sp = Algebra.quadraticForm(v, g).squareRoot()
            return InterventionEffect(period: label, periodsSinceStart: k, fitted: fittedValue, counterfactual: cf,
                                      absolute: a, absoluteLower: a - crit * sa, absoluteUpper: a + crit * sa,
                                      percent: 100 * a / cf, percentLower: 100 * (a / cf - crit * sp),
                                      percentUpper: 100 * (a / cf + crit * sp))
        case .count(let f):
            let crit = ReferenceDistribution.normal.criticalValue(level: level)
            let eta = zip(c, b).reduce(0) { $0 + $1.0 * $1.1 }
            let se = Algebra.quadraticForm(v, c).squareRoot()
            let mu = exp(zip(x, b).reduce(0) { $0 + $1.0 * $1.1 } + f.offset[index])
            let mucf = exp(zip(xcf, b).reduce(0) { $0 + $1.0 * $1.1 } + f.offset[index])
            let a = mu - mucf
            let g = (0..<p).map { mu * x[$0] - mucf * xcf[$0] }
            let sa = Algebra.quadraticForm(v, g).squareRoot()
            return InterventionEffect(period: label, periodsSinceStart: k, fitted: mu, counterfactual: mucf,
                                      absolute: a, absoluteLower: a - crit * sa, absoluteUpper: a + crit * sa,
                                      percent: 100 * (exp(eta) - 1), percentLower: 100 * (exp(eta - crit * se) - 1),
                                      percentUpper: 100 * (exp(eta + crit * se) - 1))
        }
    }

    /// The cumulative effect over observations `range` (0-based, inside t₀..<n; default: t₀ to the end
    /// of the data): total fitted − total counterfactual, and 100·(Σfitted/Σcounterfactual − 1).
    /// - linear: the total is linear in β (exact t CI); percent by the delta method.
    /// - count: absolute by the delta method; percent from the CI of log(Σμ/Σμ_cf) (delta method on
    ///   the log scale, so the interval stays above −100%).
    /// `periodsSinceStart` is the number of periods summed; `fitted`/`counterfactual` are totals.
    public func cumulativeEffect(over range: ClosedRange<Int>? = nil, level: Double = 0.95) -> InterventionEffect {
        let r = range ?? start...(observations - 1)
        precondition(r.lowerBound >= start && r.upperBound < observations, "cumulative effect range must lie in t₀..<n")
        let p = design.columns, b = coefficients, v = covariance, xm = design.matrix
        var sx = [Double](repeating: 0, count: p), sxcf = [Double](repeating: 0, count: p)
        var total = 0.0, totalCF = 0.0
        for i in r {
            let x = xm.row(i)
            var xcf = x
            for j in interventionColumns { xcf[j] = 0 }
            switch fit {
            case .linear:
                for j in 0..<p { sx[j] += x[j]; sxcf[j] += xcf[j] }
                total += zip(x, b).reduce(0) { $0 + $1.0 * $1.1 }
                totalCF += zip(xcf, b).reduce(0) { $0 + $1.0 * $1.1 }
            case .count(let f):
                let mu = exp(zip(x, b).reduce(0) { $0 + $1.0 * $1.1 } + f.offset[i])
                let mucf = exp(zip(xcf, b).reduce(0) { $0 + $1.0 * $1.1 } + f.offset[i])
                for j in 0..<p { sx[j] += mu * x[j]; sxcf[j] += mucf * xcf[j] }
                total += mu; totalCF += mucf
            }
        }
        let a = total - totalCF
        let ga = (0..<p).map { sx[$0] - sxcf[$0] }
        let sa = Algebra.quadraticForm(v, ga).squareRoot()
        let label = "\(Self.label(self, r.lowerBound))…\(Self.label(self, r.upperBound))"
        switch fit {
        case .linear(let f):
            let crit = ReferenceDistribution.studentT(degreesOfFreedom: f.residualDegreesOfFreedom).criticalValue(level: level)
            let g = (0..<p).map { ga[$0] / totalCF - a * sxcf[$0] / (totalCF * totalCF) }
            let sp = Algebra.quadraticForm(v, g).squareRoot()
            return InterventionEffect(period: label, periodsSinceStart: r.count, fitted: total, counterfactual: totalCF,
                                      absolute: a, absoluteLower: a - crit * sa, absoluteUpper: a + crit * sa,
                                      percent: 100 * a / totalCF, percentLower: 100 * (a / totalCF - crit * sp),
                                      percentUpper: 100 * (a / totalCF + crit * sp))
        case .count:
            let crit = ReferenceDistribution.normal.criticalValue(level: level)
            let logRatio = log(total / totalCF)
            let g = (0..<p).map { sx[$0] / total - sxcf[$0] / totalCF }
            let sl = Algebra.quadraticForm(v, g).squareRoot()
            return InterventionEffect(period: label, periodsSinceStart: r.count, fitted: total, counterfactual: totalCF,
                                      absolute: a, absoluteLower: a - crit * sa, absoluteUpper: a + crit * sa,
                                      percent: 100 * (exp(logRatio) - 1), percentLower: 100 * (exp(logRatio - crit * sl) - 1),
                                      percentUpper: 100 * (exp(logRatio + crit * sl) - 1))
        }
    }

    private static func label(_ f: FittedInterruptedTimeSeries, _ index: Int) -> String {
        switch f.fit {
        case .linear(let m): m.calendar.label(at: index)
        case .count(let m): m.calendar.label(at: index)
        }
    }
}
