// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

/// Forecasting methods by the names analysts type (the `--model`/`--models` values of
/// `safercity forecast` and `safercity backtest`): a thin front of ``ModelRegistry``, which holds
/// the one table of names (its grammar, aliases and help; docs/Architecture.md prints the table).
/// The parsers of names with parameters (`ets:…`, `arima:…`, `croston:…`, `tsb:…`, `combo:…`) live
/// here and in CombinationName.swift.
public enum ForecastMethodName {
    /// Every valid name form (generated from ``ModelRegistry/forecasting``).
    public static var help: String { ModelRegistry.forecasting.help }

    /// The model spec `name` stands for, for a series of seasonal period `period`: a lookup in
    /// ``ModelRegistry/forecasting`` (ModelCatalog's `ModelRegistry.standard` adds the
    /// regression-based models).
    public static func spec(_ name: String, period: Int) throws(ForecastingError) -> any ForecastModelSpec {
        try ModelRegistry.forecasting.spec(name, period: period)
    }

    /// `ets`, `auto`, `ets:SPEC`, `ets:SPEC:damped`, `ets:SPEC:undamped`.
    static func etsSpec(_ name: String, _ parts: [String]) throws(ForecastingError) -> ETS {
        if parts.count == 1 { return try ETS("ZZZ") }
        guard parts.count <= 3 else {
            throw .invalidSpecification("'\(name)': expected ets[:SPEC[:damped|:undamped]]")
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

    /// `croston`, `croston:classic`, `croston:optimized` (or `optimised`), `croston:sba`.
    static func crostonSpec(_ name: String, _ parts: [String]) throws(ForecastingError) -> Croston {
        switch parts.count == 1 ? "classic" : parts.count == 2 ? parts[1].lowercased() : "" {
        case "classic": return .classic
        case "optimized", "optimised": return .optimized
        case "sba": return .sba
        default: throw .invalidSpecification("'\(name)': the Croston variant must be 'classic', 'optimized' or 'sba'")
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
