// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing

/// Helpers shared by every test target (not part of the public library).
public enum TestSupport {
    /// The repository root, found from this file's path, so tests read the
    /// committed data in `notebooks-data/` from any clone.
    public static let repoRoot: URL = {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()  // _TestSupport
            .deletingLastPathComponent()  // Sources
            .deletingLastPathComponent()  // repo
    }()

    /// `notebooks-data/<relative>` as a URL.
    public static func dataURL(_ relative: String) -> URL {
        repoRoot.appendingPathComponent("notebooks-data").appendingPathComponent(relative)
    }

    /// Reads a committed data file as UTF-8 text; traps with the path if missing
    /// (a missing committed fixture is a broken checkout, not a test outcome).
    public static func text(_ relative: String) -> String {
        let url = dataURL(relative)
        guard let s = try? String(contentsOf: url, encoding: .utf8) else {
            preconditionFailure("missing test data: \(url.path)")
        }
        return s
    }

    /// Log relative error (number of correct significant digits), as used by
    /// McCullough (1998) for NIST StRD: −log10(|x − c| / |c|), or −log10|x| when
    /// c = 0; capped at 15 (the certified values' printed precision). A NaN or infinite
    /// `x` has 0 correct digits (Swift's `min(15, .nan)` is 15, which would score it perfect).
    public static func lre(_ x: Double, certified c: Double) -> Double {
        if x == c { return 15 }
        guard x.isFinite && c.isFinite else { return 0 }
        let e = c == 0 ? abs(x) : abs(x - c) / abs(c)
        return min(15, max(0, -log10(e)))
    }

    /// Relative error |x − r| / |r| (absolute error when r = 0). Never NaN: a NaN or infinite
    /// value against a finite reference (or a number against a NaN reference) is `.infinity`,
    /// so `relativeError(…) < tol` fails instead of silently passing through `max`; two NaNs
    /// (R's NA against NA) or equal infinities agree (0).
    public static func relativeError(_ x: Double, _ r: Double) -> Double {
        if x == r || (x.isNaN && r.isNaN) { return 0 }
        guard x.isFinite && r.isFinite else { return .infinity }
        if r == 0 { return abs(x) }
        return abs(x - r) / abs(r)
    }

    /// The worse (larger) of error measures, NaN-propagating as `.infinity`: Swift's
    /// `max(worst, .nan)` returns `worst`, which silently drops a NaN error from a running
    /// maximum. Use `worst = TestSupport.worse(worst, e)`.
    public static func worse(_ values: Double...) -> Double {
        var w = -Double.infinity
        for v in values {
            if v.isNaN { return .infinity }
            w = Swift.max(w, v)
        }
        return w
    }

    /// Largest of `errors` (NaN counts as `.infinity`; 0 when empty).
    public static func worst<S: Sequence>(_ errors: S) -> Double where S.Element == Double {
        var w = 0.0
        for e in errors { w = worse(w, e) }
        return w
    }

    /// True when `actual` is within `atol + rtol·|expected|` of `expected`, both finite (or
    /// both NaN / the same infinity, when `matchNonFinite`).
    public static func isClose(_ actual: Double, _ expected: Double, rtol: Double, atol: Double,
                               matchNonFinite: Bool = false) -> Bool {
        if matchNonFinite && (actual == expected || (actual.isNaN && expected.isNaN)) { return true }
        guard actual.isFinite && expected.isFinite else { return false }
        return abs(actual - expected) <= atol + rtol * abs(expected)
    }
}

/// Expects `actual` within `atol + rtol·|expected|` of `expected`. FAILS when either is NaN or
/// infinite (a model that returns NaN must not pass a reference check).
public func expectClose(_ actual: Double, _ expected: Double, rtol: Double = 0, atol: Double = 0,
                        _ comment: @autoclosure () -> String = "", sourceLocation: SourceLocation = #_sourceLocation) {
    let ok = TestSupport.isClose(actual, expected, rtol: rtol, atol: atol)
    let extra = comment()
    #expect(ok, "\(actual) is not within rtol \(rtol), atol \(atol) of \(expected)\(extra.isEmpty ? "" : ": " + extra)",
            sourceLocation: sourceLocation)
}

/// Element-wise `expectClose` over two arrays of the same length (a length mismatch fails).
public func expectClose(_ actual: [Double], _ expected: [Double], rtol: Double = 0, atol: Double = 0,
                        _ comment: @autoclosure () -> String = "", sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(actual.count == expected.count, "length \(actual.count) vs \(expected.count)", sourceLocation: sourceLocation)
    let bad = zip(actual, expected).enumerated().filter { !TestSupport.isClose($0.element.0, $0.element.1, rtol: rtol, atol: atol) }
    let extra = comment()
    #expect(bad.isEmpty, "\(bad.count) of \(actual.count) values not within rtol \(rtol), atol \(atol); first at [\(bad.first?.offset ?? -1)]: \(bad.first.map { "\($0.element.0) vs \($0.element.1)" } ?? "")\(extra.isEmpty ? "" : ": " + extra)",
            sourceLocation: sourceLocation)
}
