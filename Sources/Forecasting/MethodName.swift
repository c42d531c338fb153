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
public enum ForecastMethodName {
    public static let help = "auto | ets[:SPEC[:damped|:undamped]] | theta | stl-ets | holtwinters[:multiplicative] | snaive | naive | drift | mean"

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
        case "holtwinters": return HoltWinters(trend: true, seasonality: period > 1 ? .additive : .none)
        case "holtwinters:multiplicative": return HoltWinters(trend: true, seasonality: .multiplicative)
        default:
            let parts = name.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
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
}
