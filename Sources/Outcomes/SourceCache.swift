// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import SeriesData

/// The data files of one `assess` run: each file is read from disk once, and each reading of it
/// (a reader with its options: columns, keys, value kind) is parsed once, however many specs, parts,
/// benchmarks, denominators and peer panels name it.
///
/// Files are keyed by their resolved path (`..` and symbolic links resolved), readings by that
/// path plus a text naming the reader and its options. The bytes are parsed by the same SeriesData
/// readers as before (`CSVReader(bytes:name:)` with the file's own name), so every value, row
/// account and error message is the one a direct read gives; a path that is not a readable
/// regular file is handed to `CSVReader(url:)` uncached, which reports it as before. Failed
/// readings are not cached (their messages name the spec that asked).
///
/// Memory: the bytes of every file read stay in memory for the run (the bundled sources are a
/// few MB). Complexity: one disk read per file, one parse per (file, options); a lookup is a
/// dictionary access under a lock.
public final class SourceCache: @unchecked Sendable {
    /// Reads a whole file, or nil when it is not a readable regular file.
    public typealias FileReader = @Sendable (URL) -> [UInt8]?

    private let lock = NSLock()
    private let readFile: FileReader
    private var bytes: [String: [UInt8]] = [:]
    private var readings: [String: Any] = [:]
    private var reads: [String: Int] = [:]
    private var parsed: [String: Int] = [:]

    /// `readFile` is the one place bytes come from disk (tests inject a counting reader).
    public init(readFile: @escaping FileReader = SourceCache.regularFileContents) {
        self.readFile = readFile
    }

    /// The whole file when `url` is a regular file that can be read; nil otherwise.
    public static let regularFileContents: FileReader = { url in
        var st = stat()
        guard stat(url.path, &st) == 0, st.st_mode & S_IFMT == S_IFREG,
              let data = FileManager.default.contents(atPath: url.path) else { return nil }
        return [UInt8](data)
    }

    /// Disk reads so far, by resolved path.
    public var fileReads: [String: Int] { lock.withLock { reads } }
    /// Parses so far, by resolved path and reader options ("path | options").
    public var parses: [String: Int] { lock.withLock { parsed } }

    static func resolved(_ url: URL) -> String { url.standardizedFileURL.resolvingSymlinksInPath().path }

    /// A CSV reader over `url`: over the bytes read once per run, or (not a regular file) over
    /// the path itself.
    func reader(_ url: URL) -> CSVReader {
        let path = Self.resolved(url)
        let cached: [UInt8]? = lock.withLock {
            if let b = bytes[path] { return b }
            reads[path, default: 0] += 1
            let b = readFile(url)
            if let b { bytes[path] = b }
            return b
        }
        guard let cached else { return CSVReader(url: url) }
        return CSVReader(bytes: cached, name: url.lastPathComponent)
    }

    /// `parse` applied to `url`'s reader, once per run for each `options` (which must name the
    /// reader and every option that changes its result).
    func reading<T>(_ url: URL, options: String,
                    _ parse: (CSVReader) throws(SeriesDataError) -> T) throws(SeriesDataError) -> T {
        let key = Self.resolved(url) + " | " + options
        if let hit = lock.withLock({ readings[key] }) as? T { return hit }
        let value = try parse(reader(url))
        lock.withLock {
            readings[key] = value
            parsed[key, default: 0] += 1
        }
        return value
    }
}
