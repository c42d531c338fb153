// SPDX-License-Identifier: GPL-3.0-or-later
#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Musl)
@preconcurrency import Musl
#elseif canImport(Darwin)
@preconcurrency import Darwin
#endif
import Foundation

/// Checked writes to standard output and standard error.
///
/// Foundation's `FileHandle.write(_: Data)` traps when the write fails (a full disk,
/// `2>/dev/full`, a closed descriptor), and Swift's `print` ignores failures, so a run whose
/// output was lost could exit 0. Every CLI message goes through here instead: a failed write is
/// remembered, and `SaferCityCommand.main` turns it into a non-zero exit (status 74, EX_IOERR)
/// after flushing standard output.
enum Console {
    /// Set when any write to stdout or stderr failed (only touched from the main thread).
    nonisolated(unsafe) static var writeFailed: (stream: String, errno: Int32)? = nil

    /// Writes `text` to standard error (unbuffered), remembering a failure.
    static func error(_ text: String) {
        write(text, to: stderr, name: "standard error")
    }

    /// Writes `text` to standard output (C-buffered; flushed and checked by `finish`).
    static func output(_ text: String) {
        write(text, to: stdout, name: "standard output")
    }

    private static func write(_ text: String, to stream: UnsafeMutablePointer<FILE>, name: String) {
        guard !text.isEmpty else { return }
        var bytes = Array(text.utf8)
        let n = bytes.withUnsafeMutableBytes { fwrite($0.baseAddress, 1, $0.count, stream) }
        if n != bytes.count || ferror(stream) != 0 {
            let code = errno
            if writeFailed == nil { writeFailed = (name, code) }
            clearerr(stream)
        }
        bytes.removeAll()
    }

    /// Flushes standard output and returns the exit status to use: `status` unchanged when
    /// every write succeeded; otherwise 74 (EX_IOERR) with a message on standard error (if that
    /// still works).
    static func finish(status: Int32) -> Int32 {
        if fflush(stdout) != 0 || ferror(stdout) != 0 {
            if writeFailed == nil { writeFailed = ("standard output", errno) }
        }
        guard let failure = writeFailed else { return status }
        let reason = String(cString: strerror(failure.errno))
        let message = "Error: writing to \(failure.stream) failed (\(reason)); the output is incomplete\n"
        _ = message.withCString { fputs($0, stderr) }
        return status == 0 ? 74 : status
    }

    /// If descriptor 0, 1 or 2 is closed when the program starts, a file opened later could
    /// receive that number and get our messages written into it. Park a read-only /dev/null on
    /// a closed 1 or 2 so that writes fail (and are reported) instead.
    static func guardStandardDescriptors() {
        for fd: Int32 in [0, 1, 2] where fcntl(fd, F_GETFD) == -1 {
            let d = open("/dev/null", O_RDONLY)
            if d >= 0 && d != fd { _ = dup2(d, fd); _ = close(d) }
        }
    }
}

/// `print(…, to: &Console.standardError)`-style stream over the checked writes.
struct StandardErrorStream: TextOutputStream {
    mutating func write(_ string: String) { Console.error(string) }
}
