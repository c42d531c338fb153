import Foundation

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
    /// c = 0; capped at 15 (the certified values' printed precision).
    public static func lre(_ x: Double, certified c: Double) -> Double {
        if x == c { return 15 }
        let e = c == 0 ? abs(x) : abs(x - c) / abs(c)
        return min(15, -log10(e))
    }

    /// Relative error |x − r| / |r| (absolute error when r = 0).
    public static func relativeError(_ x: Double, _ r: Double) -> Double {
        if x == r { return 0 }
        if r == 0 { return abs(x) }
        return abs(x - r) / abs(r)
    }
}
