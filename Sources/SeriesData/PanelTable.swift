// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

extension Panel {
    /// The panel as a table for people (`ingest --table`): one row per series (its key columns),
    /// one column per period, and, when `totals` (values are counts), a Total column per series
    /// and a Total row per period, with the grand total in the corner. Numbers go through
    /// `NumberFormatting` (thousands separated, one number of decimals for the whole table); a
    /// period a series lacks prints as "–" and adds nothing to the totals. Series are sorted by
    /// their total, largest first, when `totals`; otherwise in panel order.
    ///
    /// - Complexity: O(series × periods).
    public func summaryTable(totals: Bool) -> String {
        guard count > 0 else { return "(no series)\n" }
        var first = Int.max, last = Int.min
        for i in 0..<count {
            let length: Int = offsets[i + 1] - offsets[i]
            first = Swift.min(first, startOrdinals[i])
            last = Swift.max(last, startOrdinals[i] + length - 1)
        }
        let periods = (first...last).map { Period(frequency: frequency, ordinal: $0) }
        var grid: [[Double?]] = []
        for i in 0..<count {
            var row = [Double?](repeating: nil, count: periods.count)
            for j in offsets[i]..<offsets[i + 1] where !missing[j] {
                row[startOrdinals[i] + j - offsets[i] - first] = values[j]
            }
            grid.append(row)
        }
        var present: [Double] = []
        for j in values.indices where !missing[j] { present.append(values[j]) }
        let decimals = NumberFormatting.decimals(for: present)
        func num(_ v: Double?) -> String { NumberFormatting.decimal(v, decimals: decimals) }
        var order = Array(0..<count)
        let rowTotals = grid.map { $0.compactMap { $0 }.reduce(0, +) }
        if totals { order.sort { rowTotals[$0] != rowTotals[$1] ? rowTotals[$0] > rowTotals[$1] : $0 < $1 } }
        let keyNames = keyColumns.isEmpty ? ["series"] : keyColumns
        var lines: [[String]] = [keyNames + periods.map(\.description) + (totals ? ["Total"] : [])]
        for i in order {
            let key = keyColumns.isEmpty ? ["(single series)"] : self.key(at: i)
            lines.append(key + grid[i].map(num) + (totals ? [num(rowTotals[i])] : []))
        }
        if totals {
            let columnTotals = periods.indices.map { p in grid.compactMap { $0[p] }.reduce(0, +) }
            lines.append(["Total"] + Array(repeating: "", count: keyNames.count - 1) + columnTotals.map(num) + [num(rowTotals.reduce(0, +))])
        }
        let widths = lines[0].indices.map { c in lines.map { $0[c].count }.max()! }
        var out = ""
        for (n, l) in lines.enumerated() {
            let cells = l.enumerated().map { c, text -> String in
                let pad = String(repeating: " ", count: widths[c] - text.count)
                return c < keyNames.count ? text + pad : pad + text  // keys left, numbers right
            }
            out += cells.joined(separator: "  ") + "\n"
            if n == 0 || (totals && n == lines.count - 2) {
                out += widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ") + "\n"
            }
        }
        return out
    }
}
