// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser
import Foundation
import SaferCity

/// The help text for model names, generated from `ModelRegistry.standard` (the one table of names
/// behind `forecast --model`, `backtest --models`, `reconcile --model` and the outcome specs'
/// `models:` lists), so that it cannot drift from what the parser accepts.
enum ModelHelp {
    static var registry: ModelRegistry { .standard }

    /// Every valid form, `|`-separated (the `--model` option's help).
    static var names: String { registry.help }

    /// One line per model (the `forecast` command's discussion).
    static var discussion: String {
        "Models (`safercity models` prints the table):\n" + registry.entries.map { e in
            let also = e.aliases.isEmpty ? "" : " (also \(e.aliases.joined(separator: ", ")))"
            return "  \(e.name == "ets" ? "auto | " : "")\(e.grammar)\(also): \(e.summary)"
        }.joined(separator: "\n")
    }

    /// The Markdown table of every model name (docs/Architecture.md holds this table verbatim;
    /// a CLI test checks it).
    static var markdown: String {
        var out = "| name | also accepted | example | family | data | season | model |\n|---|---|---|---|---|---|---|\n"
        for e in registry.entries {
            func code(_ s: String) -> String { "`" + s.replacingOccurrences(of: "|", with: "\\|") + "`" }
            let aliases = e.aliases.map(code).joined(separator: ", ")
            let summary = e.summary.replacingOccurrences(of: "|", with: "\\|")
            out += "| \(code(e.grammar)) | \(aliases) | \(code(e.example)) | \(e.family.rawValue) | \(e.data.rawValue) | \(e.season.rawValue) | \(summary) |\n"
        }
        return out
    }
}

/// `safercity models`: the table of model names every command and outcome spec accepts.
struct ModelsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models",
        abstract: "List the model names that forecast, backtest, reconcile and outcome specs accept."
    )

    @Flag(help: "Print the Markdown table (as docs/Architecture.md shows it).")
    var markdown = false

    @Flag(help: "Print one example name per model, one a line (each parses as --model and in a spec's models: list).")
    var examples = false

    func run() throws {
        if markdown {
            print(ModelHelp.markdown, terminator: "")
        } else if examples {
            for e in ModelHelp.registry.entries { print(e.example) }
        } else {
            print(ModelHelp.discussion)
        }
    }
}
