// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

extension FileManager {
    /// Whether `path` names an existing folder (a symbolic link to a folder counts): the one check
    /// behind the "no such folder" messages of `assess --models`, `m3-eval --data-dir` and the
    /// outcome spec loader.
    public func isFolder(atPath path: String) -> Bool {
        var isFolder: ObjCBool = false
        return fileExists(atPath: path, isDirectory: &isFolder) && isFolder.boolValue
    }
}
