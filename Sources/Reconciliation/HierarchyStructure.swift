// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

/// How the key columns of a panel aggregate: nested paths (`force/la/lsoa`) crossed with each
/// other (`*`), as fabletools' `aggregate_key(force/la/lsoa * crime_type)`.
///
/// Each factor is a path of key columns from coarse to fine. The aggregation levels are every
/// combination of a depth in each factor (0 = summed over the whole factor): for
/// `force/la/lsoa*crime_type` that is 4 × 2 = 8 levels, from the grand total to the bottom
/// (lsoa × crime type). ``HierarchySpec/margins(_:)`` is the structure used when no hierarchy is
/// given: the bottom series, their grand total and, for two or more key columns, each key's margins.
public struct HierarchySpec: Sendable, Equatable, CustomStringConvertible {
    /// The factors, each a path of key column names from coarse to fine.
    public let factors: [[String]]
    /// Explicit levels (depth per factor); `nil` means the full cross product of depths.
    public let levels: [[Int]]?

    public init(factors: [[String]], levels: [[Int]]? = nil) {
        self.factors = factors
        self.levels = levels
    }

    /// Parses `a/b/c*d`: '/' nests, '*' crosses; whitespace around names is ignored.
    public static func parse(_ text: String) throws(ReconciliationError) -> HierarchySpec {
        let factors = text.split(separator: "*", omittingEmptySubsequences: false).map {
            $0.split(separator: "/", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        }
        for f in factors where f.contains(where: \.isEmpty) {
            throw .invalidHierarchy(text, reason: "an empty column name")
        }
        let names = factors.flatMap { $0 }
        if let dup = names.first(where: { n in names.filter { $0 == n }.count > 1 }) {
            throw .invalidHierarchy(text, reason: "column '\(dup)' appears twice")
        }
        return HierarchySpec(factors: factors)
    }

    /// The default structure for these key columns: grand total, each key's margins (with two or
    /// more keys), and the bottom series.
    public static func margins(_ keyColumns: [String]) -> HierarchySpec {
        let k = keyColumns.count
        var levels: [[Int]] = [Array(repeating: 0, count: k)]
        if k >= 2 {
            for i in 0..<k { var d = Array(repeating: 0, count: k); d[i] = 1; levels.append(d) }
        }
        levels.append(Array(repeating: 1, count: k))
        return HierarchySpec(factors: keyColumns.map { [$0] }, levels: levels)
    }

    public var description: String { factors.map { $0.joined(separator: "/") }.joined(separator: "*") }
}

/// A hierarchical or grouped structure over bottom series: every aggregate node and, for each
/// bottom series, the one node it belongs to in each aggregate level. This membership table *is*
/// the summation matrix S in sparse form (each row of S's bottom block has exactly one 1 per
/// aggregate level), so S is never formed densely.
///
/// Node order follows hierarchicalforecast: aggregate levels from the grand total down (within a
/// level, nodes sorted by key), then the bottom series in the caller's order.
///
/// - Complexity: building is O(n_b · L · k) for n_b bottom series, L aggregate levels and k key
///   columns; memory n_b · L node indices plus the node keys.
public struct HierarchyStructure: Sendable {
    /// The value written in a key column that a node sums over.
    public static let allMarker = "(all)"

    /// One aggregation level: which key columns it keeps.
    public struct Level: Sendable, Equatable {
        /// Key columns kept (the others are summed over), in key-column order.
        public let keptColumns: [String]
        /// First node index and node count of this level.
        public let firstNode: Int, nodeCount: Int
        /// A readable name: the kept columns joined by '/', or "total".
        public var name: String { keptColumns.isEmpty ? "total" : keptColumns.joined(separator: "/") }
    }

    public let keyColumns: [String]
    public let spec: HierarchySpec
    /// Aggregate levels (top first) followed by the bottom level.
    public let levels: [Level]
    /// The key of every node, aggregates first, then bottoms; aggregated columns hold `(all)`.
    public let nodeKeys: [[String]]
    /// `membership[b * aggregateLevelCount + l]` = node index of bottom b's ancestor in aggregate level l.
    let membership: [Int32]
    /// Bottom series under each aggregate node (CSR): `members[memberStart[a]..<memberStart[a+1]]`.
    let memberStart: [Int]
    let members: [Int32]

    public var bottomCount: Int { nodeKeys.count - aggregateCount }
    public var nodeCount: Int { nodeKeys.count }
    public var aggregateCount: Int { levels.dropLast().reduce(0) { $0 + $1.nodeCount } }
    public var aggregateLevelCount: Int { levels.count - 1 }
    /// One nested hierarchy (no crossed factors): top-down and middle-out apply.
    public var isStrictlyHierarchical: Bool { spec.factors.count == 1 }
    /// Number of bottom series each node sums (the row sums of S).
    public var nodeSizes: [Int] {
        (0..<nodeCount).map { $0 < aggregateCount ? memberStart[$0 + 1] - memberStart[$0] : 1 }
    }

    /// Builds the structure of `spec` (default: ``HierarchySpec/margins(_:)``) over bottom series
    /// identified by `bottomKeys` (one value per key column each).
    public init(bottomKeys: [[String]], keyColumns: [String], spec: HierarchySpec? = nil) throws(ReconciliationError) {
        guard !bottomKeys.isEmpty else { throw .empty }
        let spec = spec ?? HierarchySpec.margins(keyColumns)
        for f in spec.factors { for c in f where !keyColumns.contains(c) { throw .unknownKeyColumn(c, available: keyColumns) } }
        let named = Set(spec.factors.flatMap { $0 })
        if let missing = keyColumns.first(where: { !named.contains($0) }) {
            throw .invalidHierarchy(spec.description, reason: "key column '\(missing)' is not in it; every key column must appear once")
        }
        for key in bottomKeys {
            guard key.count == keyColumns.count else {
                throw .shapeMismatch("a bottom key has \(key.count) values for \(keyColumns.count) key columns")
            }
            if let j = key.firstIndex(of: Self.allMarker) { throw .reservedKeyValue(column: keyColumns[j]) }
        }
        var seen = Set<[String]>()
        for key in bottomKeys where !seen.insert(key).inserted { throw .duplicateBottom(key: key) }

        // Levels: explicit, or every depth combination; sorted coarse → fine; the bottom last.
        var depthLevels: [[Int]]
        if let l = spec.levels { depthLevels = l } else {
            depthLevels = [[]]
            for f in spec.factors { depthLevels = depthLevels.flatMap { d in (0...f.count).map { d + [$0] } } }
        }
        let full = spec.factors.map(\.count)
        depthLevels.removeAll { $0 == full }
        // Coarse to fine; among levels of equal depth, the earlier factor first (la before type).
        depthLevels.sort { a, b in
            let (sa, sb) = (a.reduce(0, +), b.reduce(0, +))
            return sa != sb ? sa < sb : b.lexicographicallyPrecedes(a)
        }
        let columnIndex = Dictionary(uniqueKeysWithValues: keyColumns.enumerated().map { ($1, $0) })
        let keptPerLevel: [[Int]] = depthLevels.map { depths in
            zip(spec.factors, depths).flatMap { f, d in f.prefix(d).map { columnIndex[$0]! } }.sorted()
        }

        let nb = bottomKeys.count, nl = keptPerLevel.count
        var nodeKeys: [[String]] = []
        var levels: [Level] = []
        var membership = [Int32](repeating: 0, count: nb * nl)
        for (l, kept) in keptPerLevel.enumerated() {
            var local: [[String]: Int] = [:]
            var keysOfLevel: [[String]] = []
            var localOf = [Int](repeating: 0, count: nb)
            for b in 0..<nb {
                var key = Array(repeating: Self.allMarker, count: keyColumns.count)
                for j in kept { key[j] = bottomKeys[b][j] }
                if let i = local[key] { localOf[b] = i } else {
                    local[key] = keysOfLevel.count; localOf[b] = keysOfLevel.count; keysOfLevel.append(key)
                }
            }
            let order = keysOfLevel.indices.sorted { keysOfLevel[$0].lexicographicallyPrecedes(keysOfLevel[$1]) }
            var rank = [Int](repeating: 0, count: order.count)
            for (r, i) in order.enumerated() { rank[i] = r }
            let first = nodeKeys.count
            nodeKeys += order.map { keysOfLevel[$0] }
            for b in 0..<nb { membership[b * nl + l] = Int32(first + rank[localOf[b]]) }
            levels.append(Level(keptColumns: kept.map { keyColumns[$0] }, firstNode: first, nodeCount: order.count))
        }
        let na = nodeKeys.count
        levels.append(Level(keptColumns: keyColumns, firstNode: na, nodeCount: nb))
        nodeKeys += bottomKeys

        var counts = [Int](repeating: 0, count: na + 1)
        for m in membership { counts[Int(m) + 1] += 1 }
        for a in 0..<na { counts[a + 1] += counts[a] }
        var fill = counts
        var members = [Int32](repeating: 0, count: nb * nl)
        for b in 0..<nb { for l in 0..<nl { let a = Int(membership[b * nl + l]); members[fill[a]] = Int32(b); fill[a] += 1 } }

        self.keyColumns = keyColumns
        self.spec = spec
        self.levels = levels
        self.nodeKeys = nodeKeys
        self.membership = membership
        self.memberStart = counts
        self.members = members
    }

    /// The bottom series (0-based bottom indices) under aggregate node `a`.
    public func bottoms(under a: Int) -> ArraySlice<Int32> { members[memberStart[a]..<memberStart[a + 1]] }

    /// The ancestor of bottom `b` in aggregate level `l`.
    @inline(__always) func ancestor(_ b: Int, level l: Int) -> Int { Int(membership[b * aggregateLevelCount + l]) }

    /// S·B: every node's value from bottom values (`bottom` is n_b × h, node-major: `bottom[b*h + t]`).
    /// - Complexity: O(n_b · (L + 1) · h).
    public func aggregate(bottom: [Double], horizon h: Int) -> [Double] {
        precondition(bottom.count == bottomCount * h, "aggregate: expected \(bottomCount)×\(h) bottom values")
        let na = aggregateCount, nl = aggregateLevelCount
        var out = [Double](repeating: 0, count: nodeCount * h)
        out.withUnsafeMutableBufferPointer { o in
            bottom.withUnsafeBufferPointer { y in
                membership.withUnsafeBufferPointer { m in
                    for b in 0..<bottomCount {
                        for t in 0..<h { o[(na + b) * h + t] = y[b * h + t] }
                        for l in 0..<nl {
                            let a = Int(m[b * nl + l])
                            for t in 0..<h { o[a * h + t] += y[b * h + t] }
                        }
                    }
                }
            }
        }
        return out
    }
}
