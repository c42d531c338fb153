// SPDX-License-Identifier: GPL-3.0-or-later
import Forecasting
import Foundation
import SeriesData

// The M3 forecasting competition (Makridakis & Hibon 2000, "The M3-Competition: results, conclusions
// and implications", IJF 16(4) 451–476, DOI 10.1016/S0169-2070(00)00057-1) as an accuracy and speed
// benchmark: loading the bundled training/test files and scoring our methods on them.

/// One subset of the M3 series (training and test parts), read from
/// `m3_<kind>_train.csv` / `m3_<kind>_test.csv` with columns `series_id,period_index,value`
/// (notebooks-data/m3, see its SOURCE.md).
public struct M3Subset: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case monthly, quarterly, yearly, other
        /// Seasonal period used by the competition's methods (12, 4, 1, 1).
        public var period: Int {
            switch self {
            case .monthly: 12
            case .quarterly: 4
            case .yearly, .other: 1
            }
        }
    }

    public let kind: Kind
    /// Series identifiers in file order.
    public let ids: [String]
    /// Training values, one array per series (same order as `ids`).
    public let train: [[Double]]
    /// Held-out values (the competition's forecast horizon).
    public let test: [[Double]]

    /// Reads both files of `kind` from `directory`. Every row must have a series id, an integer
    /// `period_index` continuing its series (1, 2, … in the training file; the test file continues
    /// where training stopped) and a finite value; rows of a series must be contiguous. Anything
    /// else is an error naming the file, line and column — nothing is skipped.
    public static func load(directory: URL, kind: Kind) throws(SeriesDataError) -> M3Subset {
        let train = try readFile(directory.appendingPathComponent("m3_\(kind.rawValue)_train.csv"), firstIndex: nil)
        let test = try readFile(directory.appendingPathComponent("m3_\(kind.rawValue)_test.csv"),
                                firstIndex: Dictionary(uniqueKeysWithValues: zip(train.ids, train.values.map { $0.count + 1 })))
        var testValues = [[Double]]()
        testValues.reserveCapacity(train.ids.count)
        let byID = Dictionary(uniqueKeysWithValues: zip(test.ids, test.values))
        for id in train.ids {
            guard let v = byID[id] else {
                throw .invalidArgument("m3_\(kind.rawValue)_test.csv: series \(id) of the training file has no test values")
            }
            testValues.append(v)
        }
        if test.ids.count != train.ids.count {
            let extra = Set(test.ids).subtracting(train.ids).sorted().prefix(3)
            throw .invalidArgument("m3_\(kind.rawValue)_test.csv: series not in the training file: \(extra.joined(separator: ", "))")
        }
        return M3Subset(kind: kind, ids: train.ids, train: train.values, test: testValues)
    }

    /// `firstIndex`: the period_index each series must start at (nil: 1).
    private static func readFile(_ url: URL, firstIndex: [String: Int]?) throws(SeriesDataError)
        -> (ids: [String], values: [[Double]]) {
        let reader = CSVReader(url: url)
        var ids = [String](), values = [[Double]]()
        var seen = Set<String>()
        var header = true
        try reader.forEachRecord { (r: CSVRecord) throws(SeriesDataError) in
            if header {
                header = false
                let names = r.allStrings
                guard names == ["series_id", "period_index", "value"] else {
                    throw .missingColumns(file: reader.name, line: r.line, missing: ["series_id", "period_index", "value"],
                                          found: names, hint: "an M3 file has exactly these three columns")
                }
                return
            }
            guard r.count == 3 else { throw .raggedRow(r.location(column: nil), expectedFields: 3, foundFields: r.count) }
            let id = try r.string(0, field: "series_id")
            guard !id.isEmpty else { throw .invalidField(r.location(column: 0, field: "series_id"), value: "", expected: "a series id") }
            guard case .value(let index) = r.number(1), index == index.rounded() else {
                throw .invalidField(r.location(column: 1, field: "period_index"), value: r.display(1), expected: "an integer")
            }
            guard case .value(let v) = r.number(2) else {
                throw .invalidField(r.location(column: 2, field: "value"), value: r.display(2), expected: "a finite number")
            }
            if ids.last != id {
                guard seen.insert(id).inserted else {
                    throw .invalidField(r.location(column: 0, field: "series_id"), value: id,
                                        expected: "the rows of a series to be contiguous (\(id) appeared earlier)")
                }
                ids.append(id)
                values.append([])
            }
            let expected = (firstIndex.map { $0[id] ?? 1 } ?? 1) + values[values.count - 1].count
            guard Int(index) == expected else {
                throw .invalidField(r.location(column: 1, field: "period_index"), value: r.display(1),
                                    expected: "\(expected) (consecutive periods of series \(id))")
            }
            values[values.count - 1].append(v)
        }
        if header { throw .emptyFile(file: reader.name) }
        if ids.isEmpty { throw .headerOnly(file: reader.name) }
        return (ids, values)
    }
}

/// Out-of-sample accuracy of our methods on M3 series, as in the competition: each method is fitted
/// to the training part and forecasts the whole test horizon; sMAPE and MASE per series.
///
/// Methods: automatic ETS (`ETS()`, R's `ets()` defaults), Theta (`thetaf`), damped-trend ETS
/// (`"ZAdZ"`), the equal-weight combination of those three, seasonal naive and naive.
public struct M3Evaluation: Sendable {
    public static let methods = ["ETS", "Theta", "Damped", "Comb(ETS,Theta,Damped)", "SNaive", "Naive"]

    public struct Score: Sendable {
        public let seriesID: String
        public let method: String
        /// The model the method chose (e.g. "ETS(M,Ad,N)").
        public let model: String
        public let smape: Double
        public let mase: Double
    }

    public let kind: M3Subset.Kind
    /// One score per series and method, series in file order, methods in `methods` order.
    public let scores: [Score]
    /// Time spent fitting the automatic ETS models (the speed figure of issue 5).
    public let etsFitSeconds: Double
    public let seriesCount: Int

    /// Mean sMAPE and MASE of `method` over the evaluated series.
    public func mean(_ method: String) -> (smape: Double, mase: Double) {
        let s = scores.filter { $0.method == method }
        precondition(!s.isEmpty, "unknown method \(method)")
        return (s.reduce(0) { $0 + $1.smape } / Double(s.count), s.reduce(0) { $0 + $1.mase } / Double(s.count))
    }

    /// Scores the first `limit` series of `subset` (all when nil).
    /// - Complexity: dominated by the automatic ETS (up to 30 model fits per series).
    public static func run(_ subset: M3Subset, limit: Int? = nil) throws(ForecastingError) -> M3Evaluation {
        let count = min(limit ?? subset.ids.count, subset.ids.count)
        let period = subset.kind.period
        var scores = [Score]()
        scores.reserveCapacity(count * methods.count)
        var etsTime = Duration.zero
        let clock = ContinuousClock()
        for i in 0..<count {
            let y = subset.train[i], x = subset.test[i]
            let h = x.count
            let start = clock.now
            let etsFit = try ETS().fit(y, period: period)
            etsTime += clock.now - start
            let ets = try etsFit.forecast(horizon: h, levels: [])
            let theta = try Theta().fit(y, period: period).forecast(horizon: h, levels: [])
            let damped = try ETS("ZAdZ").fit(y, period: period).forecast(horizon: h, levels: [])
            let comb = Forecast.combination([ets, theta, damped], method: methods[3])
            let snaive = try LagWalk(period > 1 ? .seasonalNaive : .naive).fit(y, period: period)
                .forecast(horizon: h, levels: [])
            let naive = try LagWalk.naive.fit(y, period: period).forecast(horizon: h, levels: [])
            for (name, fc) in zip(methods, [ets, theta, damped, comb, snaive, naive]) {
                let a = AccuracyMetrics(actual: x, forecast: fc.mean, training: y, period: period)
                scores.append(Score(seriesID: subset.ids[i], method: name, model: fc.method, smape: a.smape, mase: a.mase))
            }
        }
        let seconds = Double(etsTime.components.seconds) + Double(etsTime.components.attoseconds) * 1e-18
        return M3Evaluation(kind: subset.kind, scores: scores, etsFitSeconds: seconds, seriesCount: count)
    }
}
