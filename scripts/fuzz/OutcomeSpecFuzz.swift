// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer harness for the YAML outcome-spec loader (`OutcomeSpec.parse`) and the strategy
// loader (`StrategyDescription.parse`); built by scripts/fuzz.sh, not by SwiftPM: it is compiled
// with Sources/Outcomes/{OutcomeSpec,OutcomeParts,LinkedSource,Strategy,OutcomesError}.swift against
// SeriesData and Yams (libyaml with -fsanitize=fuzzer-no-link,address) with -sanitize=fuzzer,address,
// and against the model registry's modules (ModelCatalog and below) and Reconciliation, built plainly.
//
// The first input byte chooses the loader (even: outcome spec, odd: strategy); the rest is the
// YAML text (any bytes; invalid UTF-8 is repaired as String(decoding:) does when a file is read).
// A Swift trap, an AddressSanitizer report, an error that does not name the file, or an accepted
// spec that breaks the loader's own promises (paths bounded, baseline before deadline, models
// listed, deadline within the parsable years) is a finding.
import Foundation
import SeriesData

@_cdecl("LLVMFuzzerTestOneInput")
public func outcomeSpecFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size >= 1 else { return 0 }
    let selector = data[0]
    let text = String(decoding: UnsafeBufferPointer(start: data + 1, count: size - 1), as: UTF8.self)
    let file = "fuzz-spec.yaml"
    func checkMessage(_ e: OutcomesError) {
        let m = e.description
        guard m.hasPrefix(file + ":") else { fatalError("error does not name the file: \(m)") }
    }
    if selector % 2 == 0 {
        do {
            let s = try OutcomeSpec.parse(yaml: text, file: file)
            guard (100...10_000_000).contains(s.paths) else { fatalError("paths \(s.paths) out of bounds") }
            guard !s.models.isEmpty else { fatalError("accepted spec with no models") }
            guard (3...1000).contains(s.series.minimumHistory) else { fatalError("minimum_history out of bounds") }
            if let b = s.target.baseline {
                guard b < s.target.deadline, b.frequency == s.target.deadline.frequency else {
                    fatalError("baseline \(b) not before deadline \(s.target.deadline)")
                }
            }
            guard Period.parsableYears.contains(s.target.deadline.year) else {
                fatalError("accepted deadline year \(s.target.deadline.year)")
            }
            guard s.series.select.values.allSatisfy({ !$0.isEmpty }) else { fatalError("empty select list") }
        } catch {
            checkMessage(error)
        }
    } else {
        do {
            let st = try StrategyDescription.parse(yaml: text, file: file)
            guard !st.name.isEmpty, !st.deadline.isEmpty else { fatalError("strategy accepted with empty name/deadline") }
        } catch {
            checkMessage(error)
        }
    }
    return 0
}
