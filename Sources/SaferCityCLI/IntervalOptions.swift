// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser
import SaferCity

/// `--intervals model|conformal` and `--conformal-windows N` of `forecast` and `backtest`.
struct IntervalOptions: ParsableArguments {
    enum Kind: String, ExpressibleByArgument, CaseIterable { case model, conformal }

    @Option(help: "Prediction intervals: model (the model's own) or conformal (split conformal from rolling-origin errors on the training data, as statsforecast's ConformalIntervals).")
    var intervals: Kind = .model

    @Option(help: "Rolling-origin windows for --intervals conformal (2…\(Limits.conformalWindows); statsforecast's default 2). The series needs at least windows × horizon + 1 values.")
    var conformalWindows: Int = 2

    func validate() throws {
        try Limits.check(conformalWindows, option: "conformal-windows", in: 2...Limits.conformalWindows)
    }

    /// `spec` with the chosen intervals.
    func apply(_ spec: any ForecastModelSpec) -> any ForecastModelSpec {
        intervals == .conformal ? ConformalIntervals(spec, windows: conformalWindows) : spec
    }
}

extension Limits {
    /// Conformal windows (`--conformal-windows`): each is one more fit of the model.
    static let conformalWindows = 100
}
