// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser
import Foundation
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
                      FunnelCommand.self, IngestCommand.self, M3EvalCommand.self, ModelsCommand.self, ReconcileCommand.self]
    )

    /// As ArgumentParser's `main()`, but every message goes through `Console` (checked writes),
    /// and standard output is flushed and checked before exit: a run whose output or messages
    /// could not be written exits non-zero (74) instead of trapping or reporting success.
    static func main() {
        Console.guardStandardDescriptors()
        var status: Int32 = 0
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            let text = fullMessage(for: error)
            if code == .success {
                if !text.isEmpty { Console.output(text + "\n") }
            } else {
                if !text.isEmpty { Console.error(text + "\n") }
            }
            status = code.rawValue
        }
        Foundation.exit(Console.finish(status: status))
    }
}
