// SPDX-License-Identifier: GPL-3.0-or-later
/// Accounting for every row a reader saw:
/// `rowsRead == rowsUsed + rowsRejected`, with rejected rows tallied by reason and
/// the first few examples of each (line number + full message). Rows that were
/// used but deserve attention (a negative count kept as published, a short row
/// padded with an empty trailing field, a row without an LSOA) are tallied in
/// `flagged`. Series-level findings (gaps, mixed frequencies) are listed too.
public struct RowAccount: Sendable, CustomStringConvertible {
    public struct Tally: Sendable {
        public var reason: String
        public var count: Int
        /// First `RowAccount.maxExamples` examples: (line, message).
        public var examples: [(line: Int, message: String)]
    }
    /// A run of missing periods inside a series (between its first and last observation).
    public struct Gap: Sendable, Hashable {
        public var series: String
        public var from: Period
        public var to: Period
        public var length: Int { from.distance(to: to) + 1 }
    }

    public static let maxExamples = 3

    public var file: String
    /// Data rows read (records after the header).
    public var rowsRead = 0
    public var rowsUsed = 0
    public private(set) var rejected: [Tally] = []
    public private(set) var flagged: [Tally] = []
    /// Gaps found in the resulting series (up to `maxGapsListed` listed; `gapCount` counts all).
    public var gaps: [Gap] = []
    public var gapCount = 0
    public static let maxGapsListed = 50
    /// Number of data rows by detected period frequency (more than one entry = mixed frequencies).
    public var frequencies: [Frequency: Int] = [:]
    /// Free-text notes (e.g. what was auto-detected).
    public var notes: [String] = []

    public init(file: String) { self.file = file }

    public var rowsRejected: Int { rejected.reduce(0) { $0 + $1.count } }
    /// `rowsRead == rowsUsed + rowsRejected`.
    public var balances: Bool { rowsRead == rowsUsed + rowsRejected }

    public func rejectedCount(_ reason: String) -> Int { rejected.first { $0.reason == reason }?.count ?? 0 }
    public func flaggedCount(_ reason: String) -> Int { flagged.first { $0.reason == reason }?.count ?? 0 }

    public mutating func reject(_ error: SeriesDataError) {
        Self.add(&rejected, reason: error.reason, line: error.location?.line ?? 0, message: error.description)
    }
    /// Counts `count` used-but-noteworthy rows under `reason` (with an example message).
    public mutating func flag(_ reason: String, count: Int = 1, line: Int, message: String) {
        Self.add(&flagged, reason: reason, line: line, message: message, count: count)
    }

    /// Adds another file's account (row counts, tallies with their examples, gaps,
    /// frequencies, notes) to this one.
    public mutating func absorb(_ other: RowAccount) {
        rowsRead += other.rowsRead
        rowsUsed += other.rowsUsed
        for t in other.rejected { Self.merge(&rejected, t) }
        for t in other.flagged { Self.merge(&flagged, t) }
        for g in other.gaps { addGap(g) }
        gapCount += other.gapCount - other.gaps.count
        for (f, n) in other.frequencies { frequencies[f, default: 0] += n }
        notes += other.notes
    }

    private static func merge(_ list: inout [Tally], _ t: Tally) {
        if let i = list.firstIndex(where: { $0.reason == t.reason }) {
            list[i].count += t.count
            list[i].examples += t.examples.prefix(maxExamples - list[i].examples.count)
        } else {
            list.append(t)
        }
    }

    mutating func addGap(_ gap: Gap) {
        gapCount += 1
        if gaps.count < Self.maxGapsListed { gaps.append(gap) }
    }

    private static func add(_ list: inout [Tally], reason: String, line: Int, message: String, count: Int = 1) {
        if let i = list.firstIndex(where: { $0.reason == reason }) {
            list[i].count += count
            if list[i].examples.count < maxExamples { list[i].examples.append((line, message)) }
        } else {
            list.append(Tally(reason: reason, count: count, examples: [(line, message)]))
        }
    }

    public var description: String {
        var out = "Row account for \(file)\n"
        out += "  rows read \(rowsRead) = used \(rowsUsed) + rejected \(rowsRejected)\n"
        for t in rejected {
            out += "  rejected (\(t.reason)): \(t.count)\n"
            for e in t.examples { out += "    e.g. \(e.message)\n" }
        }
        for t in flagged {
            out += "  flagged, kept (\(t.reason)): \(t.count)\n"
            for e in t.examples { out += "    e.g. \(e.message)\n" }
        }
        if frequencies.count > 1 {
            let f = frequencies.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value) rows" }.joined(separator: ", ")
            out += "  MIXED FREQUENCIES: \(f)\n"
        }
        if gapCount > 0 {
            out += "  gaps: \(gapCount) run(s) of missing periods inside series\n"
            for g in gaps.prefix(10) { out += "    \(g.series): \(g.from)…\(g.to) (\(g.length) period(s))\n" }
            if gapCount > 10 { out += "    … \(gapCount - 10) more\n" }
        } else {
            out += "  gaps: none\n"
        }
        for n in notes { out += "  note: \(n)\n" }
        return out
    }
}
