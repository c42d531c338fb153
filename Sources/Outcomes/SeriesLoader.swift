// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import SeriesData

/// A series read for an outcome (or its benchmark), with the reader's row account.
public struct LoadedSeries: Sendable {
    /// e.g. "area_code=E06000021".
    public internal(set) var label: String
    /// Regular series at the outcome's frequency (missing values explicit).
    public internal(set) var series: TimeSeries
    /// Rows read / used / rejected by reason, gaps, notes.
    public internal(set) var account: RowAccount
}

/// Reads outcome series through the SeriesData readers and applies a spec's selection.
enum SeriesLoader {
    /// Loads the rows selected by `select` from the spec's source, summing several selected
    /// values (counts). ONS rolling totals are reduced to years ending March when asked.
    static func load(_ source: SeriesSelection, select: [String: [String]], root: URL, sources: SourceCache,
                     spec: String, selectKey: String) throws(OutcomesError) -> LoadedSeries {
        if let d = source.denominator {
            return try loadWithLinkedDenominator(source, d, select: select, root: root, sources: sources, spec: spec, selectKey: selectKey)
        }
        var (panel, account) = try readPanel(source, keys: select.keys.sorted(), root: root, sources: sources, spec: spec)
        if source.format == .onsRecordedCrime, select["pfa"] == ["England"] {
            let total = ONSRecordedCrime.englandTotal(panel)
            panel = total.panel
            if !total.incomplete.isEmpty {
                account.notes.append("England totals: \(total.incomplete.count) offence-quarters left missing because not every English force reported")
            }
        }
        // Every combination of selected values must exist.
        let columns = panel.keyColumns
        for c in select.keys where !columns.contains(c) && !(source.format == .onsRecordedCrime && c == "pfa") {
            throw .noSeries(spec: spec, key: "\(selectKey).\(c)",
                            problem: "the data has no key column '\(c)'; it has \(columns.joined(separator: ", "))")
        }
        // Keep every series whose selected key columns take selected values (other key columns,
        // e.g. the ONS region, are free).
        let selectedColumns = columns.enumerated().filter { select[$0.element] != nil }
        var parts: [TimeSeries] = []
        var matchedPerSelected: [String: Set<String>] = [:]
        for i in 0..<panel.count {
            let key = panel.key(at: i)
            guard selectedColumns.allSatisfy({ select[$0.element]!.contains(key[$0.offset]) }) else { continue }
            parts.append(panel.series(at: i))
            for (ci, c) in selectedColumns { matchedPerSelected[c, default: []].insert(key[ci]) }
        }
        // Blame first a value that the file does not have at all in its column (in key order, so
        // the message does not depend on dictionary order); only when every value exists on its
        // own is the combination to blame.
        func values(in ci: Int) -> [String] { Set((0..<panel.count).map { panel.key(at: $0)[ci] }).sorted() }
        func listed(_ v: [String]) -> String { v.prefix(12).joined(separator: ", ") + (v.count > 12 ? ", …" : "") }
        for (ci, c) in selectedColumns {
            let available = values(in: ci)
            let absent = select[c]!.filter { !available.contains($0) }
            if !absent.isEmpty {
                throw .noSeries(spec: spec, key: "\(selectKey).\(c)",
                                problem: "no series with \(c) = \(absent.map { "'\($0)'" }.joined(separator: ", ")); available: " + listed(available))
            }
        }
        for (ci, c) in selectedColumns {
            let missing = select[c]!.filter { !(matchedPerSelected[c] ?? []).contains($0) }
            if !missing.isEmpty {
                let others = selectedColumns.filter { $0.element != c }.map { "\($0.element) = \(select[$0.element]!.map { "'\($0)'" }.joined(separator: "/"))" }
                // Values of c that do occur together with the other selected values.
                let together = Set((0..<panel.count).map { panel.key(at: $0) }.filter { key in
                    selectedColumns.allSatisfy { $0.element == c || select[$0.element]!.contains(key[$0.offset]) }
                }.map { $0[ci] }).sorted()
                throw .noSeries(spec: spec, key: "\(selectKey).\(c)",
                                problem: "\(c) = \(missing.map { "'\($0)'" }.joined(separator: ", ")) occurs in the file, but not together with \(others.joined(separator: ", ")); "
                                    + (together.isEmpty ? "no series has those values" : "with them, \(c) takes: " + listed(together)))
            }
        }
        guard var series = sum(parts) else {
            throw .noSeries(spec: spec, key: selectKey, problem: "the selection matched no series")
        }
        if source.yearEndingMarch {
            series = try yearsEndingMarch(series, spec: spec)
        }
        let label = select.keys.sorted().map { "\($0)=\(select[$0]!.joined(separator: "+"))" }.joined(separator: ", ")
        return LoadedSeries(label: label, series: series.trimmed(), account: account)
    }

    /// Refuses a spec whose data file lies outside `root` (after resolving `..` and symbolic
    /// links), unless `allowOutsideRoot`: a spec is a file anyone can hand an analyst, and it must
    /// not make `assess` read (and quote in its errors) an arbitrary file on the machine.
    static func checkConfined(_ spec: OutcomeSpec, root: URL, allowOutsideRoot: Bool) throws(OutcomesError) {
        guard !allowOutsideRoot else { return }
        var files = [("series.file", spec.series.file)]
        if let d = spec.series.denominator { files.append(("series.denominator.file", d.file)) }
        if let b = spec.benchmark?.source { files.append(("benchmark.source.file", b.file)) }
        let base = root.standardizedFileURL.resolvingSymlinksInPath().path
        let prefix = base.hasSuffix("/") ? base : base + "/"
        for (key, file) in files {
            let url = file.hasPrefix("/") ? URL(fileURLWithPath: file) : root.appendingPathComponent(file)
            let resolved = url.standardizedFileURL.resolvingSymlinksInPath().path
            guard resolved.hasPrefix(prefix) else {
                throw .invalidSpec(file: spec.file, key: key,
                                   problem: "'\(file)' is outside the data root \(base); specs may read only files under --root (give --allow-outside-root to permit it)")
            }
        }
    }

    /// Reads the spec's source as a panel keyed by `keys` (tidy; EES adds `geographic_level`
    /// and `area_code`) or by the ONS key columns.
    static func readPanel(_ source: SeriesSelection, keys: [String], root: URL, sources: SourceCache,
                          spec: String) throws(OutcomesError) -> (Panel, RowAccount) {
        guard let dc = source.denominatorColumn else { return try readColumn(source, keys: keys, root: root, sources: sources, spec: spec) }
        var num = source, den = source
        num.denominatorColumn = nil; num.measure = .count
        den.denominatorColumn = nil; den.measure = .count; den.valueColumn = dc
        var (np, account) = try readColumn(num, keys: keys, root: root, sources: sources, spec: spec)
        let (dp, dAccount) = try readColumn(den, keys: keys, root: root, sources: sources, spec: spec)
        // 100 × numerator / denominator for every key and period where both are published and the denominator > 0.
        var series: [(key: [String], series: TimeSeries)] = []
        var undefined = 0
        for i in 0..<np.count {
            let key = np.key(at: i)
            let n = np.series(at: i)
            guard let j = dp.index(of: key) else { continue }
            let d = dp.series(at: j)
            let obs: [Double?] = n.periods.map { p in
                guard let a = n[p], let b = d[p] else { return nil }
                if b <= 0 { undefined += 1; return nil }
                return 100 * a / b
            }
            series.append((key, TimeSeries(start: n.start, observations: obs)))
        }
        account.notes.append("series = 100 × \(source.valueColumn ?? "value") / \(dc) (a percentage), for each key and period where both are published"
            + (undefined > 0 ? "; \(undefined) cell(s) with a zero denominator left missing" : ""))
        let dFlags = dAccount.flagged.map { "\($0.reason): \($0.count)" } + dAccount.rejected.map { "rejected \($0.reason): \($0.count)" }
        if !dFlags.isEmpty { account.notes.append("denominator column \(dc): " + dFlags.joined(separator: ", ")) }
        np = Panel(keyColumns: np.keyColumns, frequency: np.frequency, series: series)
        return (np, account)
    }

    /// Reads one value column of the spec's source, through the run's `sources` (each file read
    /// from disk once, each reading parsed once).
    static func readColumn(_ source: SeriesSelection, keys: [String], root: URL, sources: SourceCache,
                           spec: String) throws(OutcomesError) -> (Panel, RowAccount) {
        let url = source.file.hasPrefix("/") ? URL(fileURLWithPath: source.file) : root.appendingPathComponent(source.file)
        if !FileManager.default.fileExists(atPath: url.path) {
            throw .invalidSpec(file: spec, key: "series.file", problem: "no file \(url.path)"
                + (source.file.hasPrefix("/") ? "" : " ('\(source.file)' is relative to the data root \(root.path))"))
        }
        let kind: ValueKind = source.measure == .count ? .count : .measure
        do {
            switch source.format {
            case .tidy:
                let cols = TidyColumns(period: source.periodColumn!, value: source.valueColumn!, keys: keys)
                return try sources.reading(url, options: "tidy period=\(cols.period) value=\(cols.value) keys=\(keys) \(kind)") {
                    (r) throws(SeriesDataError) in try TidyCSV.read(r, columns: cols, valueKind: kind)
                }
            case .onsRecordedCrime:
                return try sources.reading(url, options: "ons") { (r) throws(SeriesDataError) in try ONSRecordedCrime.read(r) }
            case .ees:
                // The row's level and own-level code are always keys, so that rows of different
                // levels (England, regions, authorities) never collide as duplicates; selections
                // leave them free.
                var all = keys
                for k in ["geographic_level", "area_code"] where !all.contains(k) { all.append(k) }
                let value = source.valueColumn!
                return try sources.reading(url, options: "ees value=\(value) keys=\(all) \(kind)") {
                    (r) throws(SeriesDataError) in try EESOpenData.read(r, value: value, keys: all, valueKind: kind)
                }
            }
        } catch {
            throw .data(spec: spec, error)
        }
    }

    /// Loads every comparable area of the outcome's indicator: the series whose `peers` column
    /// takes any value (other than the excluded ones and the benchmark's), with the spec's other
    /// `select` keys held fixed. Several series per peer (e.g. ONS regions) are summed.
    static func loadPeers(_ source: SeriesSelection, peers: PeerSelection, benchmark: BenchmarkSelection?,
                          root rootURL: URL, sources: SourceCache, spec: String) throws(OutcomesError) -> PeerPanel {
        var keys = Set(source.select.keys)
        keys.insert(peers.column)
        let (panel, _) = try readPanel(source, keys: keys.sorted(), root: rootURL, sources: sources, spec: spec)
        guard let pc = panel.keyColumns.firstIndex(of: peers.column) else {
            throw .invalidSpec(file: spec, key: "series.peers",
                               problem: "the data has no key column '\(peers.column)'; it has \(panel.keyColumns.joined(separator: ", "))")
        }
        var excluded = Set(peers.exclude)
        if let b = benchmark, let v = b.select[peers.column] { excluded.formUnion(v) }
        let fixed = source.select.filter { $0.key != peers.column }
        var groups: [String: [TimeSeries]] = [:]
        var order: [String] = []
        for i in 0..<panel.count {
            let key = panel.key(at: i)
            let area = key[pc]
            // An empty code (e.g. EES `new_la_code` on England and regional rows) is no area.
            guard !excluded.contains(area), !area.isEmpty else { continue }
            guard fixed.allSatisfy({ k, vals in
                guard let ci = panel.keyColumns.firstIndex(of: k) else { return false }
                return vals.contains(key[ci])
            }) else { continue }
            if groups[area] == nil { order.append(area) }
            groups[area, default: []].append(panel.series(at: i))
        }
        var series: [(area: String, series: TimeSeries)] = []
        for area in order {
            guard var s = sum(groups[area]!) else { continue }
            if source.yearEndingMarch { s = try yearsEndingMarch(s, spec: spec) }
            series.append((area, s.trimmed()))
        }
        guard series.count >= 10, let out = PeerPanel(series: series) else {
            throw .invalidSpec(file: spec, key: "series.peers",
                               problem: "only \(series.count) comparable areas found in column '\(peers.column)'; the pooled model needs at least 10")
        }
        return out
    }

    /// Period-wise sum; a period is missing unless every part has it.
    static func sum(_ parts: [TimeSeries]) -> TimeSeries? {
        guard let first = parts.first else { return nil }
        if parts.count == 1 { return first }
        let start = parts.map(\.start).min()!
        let end = parts.map(\.end).max()!
        let n = start.distance(to: end) + 1
        var obs = [Double?](repeating: 0, count: n)
        for p in parts {
            for i in 0..<n {
                if let acc = obs[i], let v = p[start.advanced(by: i)] { obs[i] = acc + v } else { obs[i] = nil }
            }
        }
        return TimeSeries(start: start, observations: obs)
    }

    /// Rolling 12-month totals indexed by the quarter in which the year ends → the financial
    /// years (April–March) whose totals they are: the Q1 values (years ending 31 March).
    /// Any other frequency is a spec error (e.g. an EES reporting-year series, which is already
    /// read as financial years: reporting year 2018 = the year ending 31 March 2018 = 2017/18).
    static func yearsEndingMarch(_ s: TimeSeries, spec: String) throws(OutcomesError) -> TimeSeries {
        guard s.frequency == .quarter else {
            throw .invalidSpec(file: spec, key: "series.year_ending_march",
                               problem: "year_ending_march picks the years ending March out of quarterly rolling 12-month totals (ONS), but this series is \(s.frequency)"
                                   + (s.frequency == .financialYear ? ", already years ending 31 March (e.g. a DfE reporting year 2018 is 2017/18)" : "")
                                   + "; remove year_ending_march")
        }
        var pairs: [(Period, Double)] = []
        for (p, v) in zip(s.periods, s.observations) {
            guard let v, Period(containingDay: p.lastDay, frequency: .financialYear).lastDay == p.lastDay else { continue }
            pairs.append((Period(containingDay: p.lastDay, frequency: .financialYear), v))
        }
        return TimeSeries(pairs: pairs) ?? TimeSeries(start: .financialYear(startingIn: 2000), observations: [])
    }
}
