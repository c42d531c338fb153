import ArgumentParser
import SaferCity

/// `safercity`: a thin shell over the SaferCity library. Each subcommand parses
/// its arguments, calls the library, and formats the result; no statistics here.
@main
struct SaferCityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "safercity",
        abstract: "Statistical modelling and forecasting for community-safety and public-health analysts.",
        version: SaferCityVersion.string,
        subcommands: [AssessCommand.self, CalibrateCommand.self, FitCommand.self, ForecastCommand.self, BacktestCommand.self, CompareCommand.self,
                      FunnelCommand.self, IngestCommand.self, M3EvalCommand.self]
    )
}
