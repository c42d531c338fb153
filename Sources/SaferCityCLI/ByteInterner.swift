// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

/// Gives each distinct byte string an id (0, 1, 2, … in order of first sight) without making a
/// String per lookup: an open-addressing hash table (FNV-1a, linear probing) over a copy of each
/// distinct string's bytes. Used by the large-file readers, where a Swift String and a dictionary
/// lookup per row cost more than the parsing itself. O(length) per lookup, amortised.
struct ByteInterner {
    private var slots: [Int32]
    private var mask: Int
    private var hashes: [UInt64] = []
    private var starts: [Int] = [0]
    private var storage: [UInt8] = []
    var count: Int { hashes.count }

    init(expected: Int = 1024) {
        var size = 16
        while size < expected * 2 { size <<= 1 }
        slots = [Int32](repeating: -1, count: size)
        mask = size - 1
    }

    /// The id of the `length` bytes at `p`, new if not seen before.
    mutating func id(_ p: UnsafePointer<UInt8>, _ length: Int) -> Int32 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for i in 0..<length { h = (h ^ UInt64(p[i])) &* 0x0000_0100_0000_01b3 }
        var slot = Int(truncatingIfNeeded: h) & mask
        while true {
            let id = slots[slot]
            if id < 0 { break }
            let k = Int(id)
            if hashes[k] == h && starts[k + 1] - starts[k] == length {
                let same = storage.withUnsafeBufferPointer { memcmp($0.baseAddress! + starts[k], p, length) == 0 }
                if same { return id }
            }
            slot = (slot + 1) & mask
        }
        let id = Int32(hashes.count)
        slots[slot] = id
        hashes.append(h)
        storage.append(contentsOf: UnsafeBufferPointer(start: p, count: length))
        starts.append(storage.count)
        if hashes.count * 2 > slots.count { grow() }
        return id
    }

    /// The id of a String's UTF-8 bytes.
    mutating func id(_ s: String) -> Int32 {
        let bytes = Array(s.utf8) + [0]  // never empty, so the pointer exists
        return bytes.withUnsafeBufferPointer { id($0.baseAddress!, $0.count - 1) }
    }

    /// The text of id `k`.
    func text(_ k: Int) -> String { String(decoding: storage[starts[k]..<starts[k + 1]], as: UTF8.self) }

    private mutating func grow() {
        let size = slots.count * 2
        slots = [Int32](repeating: -1, count: size)
        mask = size - 1
        for (k, h) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: h) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(k)
        }
    }
}
