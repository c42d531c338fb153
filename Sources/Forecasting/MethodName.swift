// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

/// Forecasting methods by the names analysts type (the `--model`/`--models` values of
/// `safercity forecast` and `safercity backtest`), parsed in one place.
///
/// | name | model |
/// |---|---|
/// | `auto`, `ets` | automatic ETS, R's `ets(y)` |
/// | `ets:SPEC` | `ets(y, model = SPEC)`, damped = NULL: `ets:AAN` tries A and Ad (R's default) |
/// | `ets:SPEC:damped`, `ets:SPEC:undamped` | `damped = TRUE` / `FALSE`; `ets:AAdN` = `ets:AAN:damped` |
/// | `theta` | `thetaf` |
/// | `stl-ets` | `stlf` with ETS on the seasonally adjusted series |
/// | `holtwinters`, `holtwinters:multiplicative` | `stats::HoltWinters` (additive season when `period > 1`) |
/// | `snaive`, `naive`, `drift`, `mean` | `snaive`, `naive`, `rwf(drift = TRUE)`, `meanf` |
/// | `auto.arima` | `auto.arima(y)` (stepwise, AICc; see ``AutoArima``) |
/// | `arima:p,d,q` | `Arima(y, order = c(p,d,q))` (mean when d = 0; CSS-ML) |
/// | `arima:p,d,q:P,D,Q` | `Arima(y, order = c(p,d,q), seasonal = c(P,D,Q))` at the series' period |
/// | `croston`, `croston:classic`, `croston:optimized`, `croston:sba` | statsforecast `CrostonClassic`, `CrostonOptimized`, `CrostonSBA` |
/// | `tsb:ALPHA_D:ALPHA_P` (or `tsb:ALPHA_D,ALPHA_P`) | statsforecast `TSB(alpha_d, alpha_p)`, e.g. `tsb:0.1:0.1` (the colon form fits in `backtest --models` lists) |
/// | `adida`, `imapa` | statsforecast `ADIDA`, `IMAPA` |
/// | `auto-count`, `auto-count:class` | ``AutoCount``: SBA/TSB/ADIDA/IMAPA by rolling-origin error; `:class` Croston or SBA by the ADI/CV² class |
/// | `otm`, `dotm`, `autotheta` | ``OptimizedTheta``: statsforecast `OptimizedTheta`, `DynamicOptimizedTheta`, `AutoTheta` |
/// | `combo`, `combo:MEMBER+MEMBER+…[:mean\|:median\|:weighted]` | ``Combination`` (grammar in CombinationName.swift) |
public enum ForecastMethodName {
    public static let help = "auto | ets[:SPEC[:damped|:undamped]] | theta | stl-ets | holtwinters[:multiplicative] | snaive | naive | drift | mean | auto.arima | arima:p,d,q[:P,D,Q] | croston[:classic|:optimized|:sba] | tsb:ALPHA_D:ALPHA_P | adida | imapa | auto-count[:class] | otm | dotm | autotheta | " + combinationHelp

    /// The model spec `name` stands for, for a series of seasonal period `period`.
    public static func spec(_ name: String, period: Int) throws(ForecastingError) -> any ForecastModelSpec {
        let key = name.lowercased()
        switch key {
        case "auto", "ets": return try ETS("ZZZ")
        case "theta": return Theta()
        case "stl-ets": return STLForecast()
        case "snaive": return LagWalk.seasonalNaive
        case "naive": return LagWalk.naive
        case "drift": return LagWalk.drift
        case "mean": return MeanMethod()
        case "auto.arima": return AutoArima()
        case "holtwinters": return HoltWinters(trend: true, seasonality: period > 1 ? .additive : .none)
        case "holtwinters:multiplicative": return HoltWinters(trend: true, seasonality: .multiplicative)
        case "croston", "croston:classic": return Croston.classic
        case "croston:optimized", "croston:optimised": return Croston.optimized
        case "croston:sba": return Croston.sba
        case "adida": return ADIDA()
        case "imapa": return IMAPA()
        case "auto-count": return AutoCount()
        case "auto-count:class": return AutoCount(rule: .demandClass)
        case "otm": return OptimizedTheta(.optimized)
        case "dotm": return OptimizedTheta(.dynamicOptimized)
        case "autotheta": return OptimizedTheta.auto
        case _ where key == "combo" || key.hasPrefix("combo:"): return try combinationSpec(name, period: period)
        default:
            let parts = name.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            if parts[0].lowercased() == "arima" { return try arimaSpec(name, parts) }
            if parts[0].lowercased() == "tsb" { return try tsbSpec(name, parts) }
            if parts[0].lowercased() == "croston" {
                throw .invalidSpecification("'\(name)': the Croston variant must be 'classic', 'optimized' or 'sba'")
            }
            guard parts.count >= 2, parts.count <= 3, parts[0].lowercased() == "ets" else {
                throw .invalidSpecification("unknown forecasting method '\(name)'; expected \(help)")
            }
            var damped: Bool?
            if parts.count == 3 {
                switch parts[2].lowercased() {
                case "damped": damped = true
                case "undamped": damped = false
                default:
                    throw .invalidSpecification("'\(name)': the damping option after the ETS code must be 'damped' or 'undamped', got '\(parts[2])'")
                }
            }
            return try ETS(parts[1], damped: damped)
        }
    }

    /// `tsb:ALPHA_D:ALPHA_P` or `tsb:ALPHA_D,ALPHA_P`, both in [0, 1].
    static func tsbSpec(_ name: String, _ parts: [String]) throws(ForecastingError) -> TSB {
        let fields = parts.count == 3 ? Array(parts[1...])
            : parts.count == 2 ? parts[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init) : []
        let v = fields.map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard v.count == 2, let d = v[0], let p = v[1], (0...1).contains(d), (0...1).contains(p) else {
            throw .invalidSpecification("'\(name)': expected tsb:ALPHA_D:ALPHA_P with both smoothing parameters in [0, 1], e.g. tsb:0.1:0.1")
        }
        return TSB(alphaDemand: d, alphaProbability: p)
    }

    /// Largest AR/MA order (each of p, q, P, Q) accepted by `arima:`.
    public static let maxArimaOrder = 50
    /// Largest seasonal AR/MA order (P, Q) accepted by `arima:` (each is multiplied by the period).
    public static let maxSeasonalArimaOrder = 5
    /// Largest number of differences (d, D) accepted by `arima:`.
    public static let maxArimaDifferences = 5

    /// `arima:p,d,q` or `arima:p,d,q:P,D,Q`.
    static func arimaSpec(_ name: String, _ parts: [String]) throws(ForecastingError) -> Arima {
        func orders(_ text: String) throws(ForecastingError) -> ArimaOrder {
            let v = text.split(separator: ",", omittingEmptySubsequences: false)
                .map { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard v.count == 3, let p = v[0], let d = v[1], let q = v[2], p >= 0, d >= 0, q >= 0 else {
                throw .invalidSpecification("'\(name)': ARIMA orders must be three non-negative integers 'p,d,q', got '\(text)'")
            }
            // Orders size the state-space matrices ((p + q)² and up): a typo such as 99999999999
            // would try to allocate terabytes. R's Arima is used with single-digit orders.
            guard p <= maxArimaOrder && q <= maxArimaOrder && d <= maxArimaDifferences else {
                throw .invalidSpecification("'\(name)': ARIMA orders p and q must be at most \(maxArimaOrder) and d at most \(maxArimaDifferences), got '\(text)'")
            }
            return ArimaOrder(p, d, q)
        }
        guard parts.count == 2 || parts.count == 3 else {
            throw .invalidSpecification("'\(name)': expected arima:p,d,q or arima:p,d,q:P,D,Q")
        }
        let order = try orders(parts[1])
        let seasonal = parts.count == 3 ? try orders(parts[2]) : ArimaOrder(0, 0, 0)
        guard seasonal.p <= maxSeasonalArimaOrder && seasonal.q <= maxSeasonalArimaOrder && seasonal.d <= 2 else {
            throw .invalidSpecification("'\(name)': seasonal ARIMA orders P and Q must be at most \(maxSeasonalArimaOrder) and D at most 2, got '\(parts[2])'")
        }
        return Arima(order: order, seasonal: seasonal)
    }
}
