// SPDX-License-Identifier: GPL-3.0-or-later
// Safe writing of output files (ingest --out, m3-eval --output, …).
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Writes an output file whole, or not at all, and only where a regular file belongs.
///
/// Policy (documented in docs/SeriesData.md, "Output files"):
/// - the path must be non-empty and its folder must exist;
/// - an existing target must be a **regular file**: directories, device nodes (`/dev/null`,
///   `/dev/full`), FIFOs and sockets are refused, so a run can never replace a device node with
///   a file or block on a pipe;
/// - a **symbolic link** is refused (not followed): name the real file. Following links would
///   let a link planted in a shared folder redirect the output;
/// - the bytes go to a new temporary file in the same folder (created exclusively, mode 0644
///   less the umask, or the existing file's permission bits), are flushed to disk, and the
///   temporary file is renamed over the target, so readers see the old file or the new one, never
///   a partial one; on any failure the temporary file is removed and the target is untouched.
public enum OutputFile {
    /// Checks that `path` may be written (see the type's policy) without writing it.
    public static func check(_ path: String) throws(SeriesDataError) {
        _ = try existingMode(path)
    }

    /// Writes `text` as UTF-8 to `path` (see the type's policy).
    public static func write(_ text: String, to path: String) throws(SeriesDataError) {
        try write(Data(text.utf8), to: path)
    }

    /// Writes `data` to `path` (see the type's policy).
    public static func write(_ data: Data, to path: String) throws(SeriesDataError) {
        let stream = try Stream(path: path, bufferSize: max(data.count, 1))
        var failure: SeriesDataError? = nil
        data.withUnsafeBytes { (b: UnsafeRawBufferPointer) in
            do throws(SeriesDataError) { try stream.write(b) } catch { failure = error }
        }
        if let failure { throw failure }
        try stream.commit()
    }

    /// An output written as it is produced (streaming runs), with the same policy as `write`: to
    /// a path, the bytes go to a temporary file in the same folder that `commit` flushes and
    /// renames over the target (a failed or abandoned run leaves the target untouched); to
    /// standard output, they are written through. Writes are buffered (`bufferSize`, 1 MiB).
    public final class Stream {
        /// Where the bytes go: a file path, or nil for standard output.
        public let path: String?
        private let fd: Int32
        private let tmp: String?
        private var buffer: [UInt8] = []
        private let bufferSize: Int
        private var failure: String? = nil
        private var finished = false
        /// Bytes written so far (buffered ones included).
        public private(set) var byteCount = 0

        /// Opens `path` (nil: standard output) for streaming; refused as `write` refuses.
        public init(path: String?, bufferSize: Int = 1 << 20) throws(SeriesDataError) {
            self.path = path
            self.bufferSize = bufferSize
            buffer.reserveCapacity(bufferSize)
            guard let path else { fd = 1; tmp = nil; return }
            let mode = try existingMode(path)
            let url = URL(fileURLWithPath: path)
            let dir = url.deletingLastPathComponent().path
            var template = Array((dir + "/." + url.lastPathComponent + ".tmp-XXXXXX").utf8CString)
            let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
            guard fd >= 0 else { throw .cannotWrite(file: path, reason: "cannot create a temporary file in \(dir): \(lastError())") }
            let perms: mode_t = mode.map { $0 & 0o7777 } ?? { let u = umask(0); umask(u); return 0o666 & ~u }()
            _ = fchmod(fd, perms)
            self.fd = fd
            tmp = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }

        deinit { abandon() }

        /// Appends `text` (UTF-8).
        public func write(_ text: String) throws(SeriesDataError) {
            byteCount += text.utf8.count
            buffer.append(contentsOf: text.utf8)
            if buffer.count >= bufferSize { try flush() }
        }

        /// Appends `bytes`.
        public func write(_ bytes: UnsafeRawBufferPointer) throws(SeriesDataError) {
            byteCount += bytes.count
            buffer.append(contentsOf: bytes)
            if buffer.count >= bufferSize { try flush() }
        }

        /// Writes out the buffer.
        public func flush() throws(SeriesDataError) {
            if let failure { throw .cannotWrite(file: path ?? "standard output", reason: failure) }
            buffer.withUnsafeBytes { b in
                var off = 0
                while off < b.count {
                    let n = systemWrite(fd, b.baseAddress! + off, b.count - off)
                    if n < 0 {
                        if errno == EINTR { continue }
                        failure = lastError(); return
                    }
                    off += n
                }
            }
            buffer.removeAll(keepingCapacity: true)
            if let failure { throw .cannotWrite(file: path ?? "standard output", reason: failure) }
        }

        /// Flushes; for a file, syncs it and renames it over the target.
        public func commit() throws(SeriesDataError) {
            try flush()
            guard let path, let tmp, !finished else { return }
            finished = true
            var failure: String? = nil
            if fsync(fd) != 0 && errno != EINVAL { failure = lastError() }
            if close(fd) != 0 && failure == nil { failure = lastError() }
            if failure == nil && rename(tmp, path) != 0 { failure = lastError() }
            if let failure {
                unlink(tmp)
                throw .cannotWrite(file: path, reason: failure)
            }
        }

        /// Drops a file output (the target is untouched); standard output is flushed as far as it went.
        public func abandon() {
            guard !finished else { return }
            finished = true
            if let tmp { close(fd); unlink(tmp) } else { try? flush() }
        }
    }

    /// The permission bits of an existing regular file at `path`, nil when nothing is there;
    /// throws for anything that is not a regular file or whose folder does not exist.
    static func existingMode(_ path: String) throws(SeriesDataError) -> mode_t? {
        guard !path.isEmpty else { throw .cannotWrite(file: "''", reason: "the output path is empty") }
        var st = stat()
        if lstat(path, &st) == 0 {
            switch st.st_mode & S_IFMT {
            case S_IFREG: return st.st_mode
            case S_IFLNK: throw .cannotWrite(file: path, reason: "it is a symbolic link; outputs are not written through links, give the real path")
            case S_IFDIR: throw .cannotWrite(file: path, reason: "it is a directory; give a file name")
            case S_IFCHR, S_IFBLK: throw .cannotWrite(file: path, reason: "it is a device, not a regular file; outputs are written only to regular files")
            case S_IFIFO: throw .cannotWrite(file: path, reason: "it is a FIFO (named pipe), not a regular file; outputs are written only to regular files")
            default: throw .cannotWrite(file: path, reason: "it is not a regular file; outputs are written only to regular files")
            }
        }
        guard errno == ENOENT else { throw .cannotWrite(file: path, reason: lastError()) }
        let dir = URL(fileURLWithPath: path).deletingLastPathComponent().path
        var ds = stat()
        guard stat(dir, &ds) == 0, ds.st_mode & S_IFMT == S_IFDIR else {
            throw .cannotWrite(file: path, reason: "the folder \(dir) does not exist")
        }
        return nil
    }

    private static func lastError() -> String { String(cString: strerror(errno)) }
}

#if canImport(Glibc)
private func systemWrite(_ fd: Int32, _ p: UnsafeRawPointer, _ n: Int) -> Int { Glibc.write(fd, p, n) }
#elseif canImport(Musl)
private func systemWrite(_ fd: Int32, _ p: UnsafeRawPointer, _ n: Int) -> Int { Musl.write(fd, p, n) }
#elseif canImport(Darwin)
private func systemWrite(_ fd: Int32, _ p: UnsafeRawPointer, _ n: Int) -> Int { Darwin.write(fd, p, n) }
#endif
