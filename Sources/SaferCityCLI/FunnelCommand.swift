// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser
import Foundation
import SaferCity

/// `safercity funnel`: Spiegelhalter (2005) funnel-plot limits and each area's classification,
/// as CSV or JSON data (the picture is drawn elsewhere). Statistics live in
/// `Indicators.FunnelPlot`.
struct FunnelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "funnel",
        abstract: "Funnel-plot control limits (95%, 99.8%) and each area's position, as CSV or JSON.",
        discussion: """
            One funnel per period and breakdown in the file. The target is the pooled value \
            (sum of counts / sum of denominators) of the plotted areas, or the --benchmark area's \
            value. Proportions use exact binomial limits, rates exact Poisson limits, both with \
            Spiegelhalter's interpolation; --overdispersion widens them by the additive \
            random-effects variance when the winsorised dispersion says so. Values are scaled by \
            --multiplier (default 100 for proportions, 100000 for rates).
            """)

    enum Statistic: String, ExpressibleByArgument, CaseIterable { case proportion, rate }
    enum Format: String, ExpressibleByArgument, CaseIterable { case csv, json }

    @Argument(help: "CSV file (Fingertips export or tidy area, period, count, denominator).")
    var file: String

    @Option(help: "proportion | rate.")
    var statistic: Statistic = .rate

    @Option(help: "Use this area's value as the target and leave it out of the funnel (default: pooled target).")
    var benchmark: String?

    @Option(name: .customLong("area-type"), help: "Only plot rows of this Fingertips Area Type (e.g. \"County & UA\").")
    var areaType: String?

    @Option(help: "Only this period.")
    var period: String?

    @Option(help: "Scale for values and limits in the output (a finite number > 0).")
    var multiplier: Double?

    @Flag(name: .customLong("include-aggregates"), help: "Also plot England and regions as points (left out by default: they are aggregates of the areas, not peers).")
    var includeAggregates = false

    @Flag(help: "Adjust the limits for overdispersion (Spiegelhalter 2005, winsorised phi, additive tau^2).")
    var overdispersion = false

    @Flag(name: .customLong("wilson-limits"), help: "Proportions: invert the Wilson interval as PHEindicatormethods phe_funnels does (default: exact binomial).")
    var wilsonLimits = false

    @Option(help: "Also output this many points of each limit curve (0 = none, else 2…\(Limits.curvePoints)).")
    var curve: Int = 0

    @Option(help: "csv | json.")
    var format: Format = .csv

    @OptionGroup var plotOptions: PlotOptions

    struct Funnel: Encodable {
        var period: String
        var breakdown: String
        var statistic: String
        var multiplier: Double
        var target: Double
        var phi: Double
        var tau2: Double
        var overdispersionAdjusted: Bool
        var excluded: [String]
        /// England / regions left out as aggregates (unless --include-aggregates or --area-type).
        var aggregatesLeftOut: [String] = []
        /// Set when many areas fall outside the 99.8% limits and the limits were not adjusted.
        var advice: String? = nil
        var points: [PointOut]
        var curve: [CurveOut]
    }
    struct PointOut: Encodable {
        var area: String
        var numerator: Double
        var denominator: Double
        var value: Double
        var lower95: Double, upper95: Double, lower998: Double, upper998: Double
        var classification: String
    }
    struct CurveOut: Encodable {
        var denominator: Double
        var lower95: Double, upper95: Double, lower998: Double, upper998: Double
    }

    func validate() throws {
        try IndicatorInputChecks.checkMultiplier(multiplier)
        guard curve == 0 || (2...Limits.curvePoints).contains(curve) else {
            throw ValidationError("--curve must be 0 (no curve) or between 2 and \(Limits.curvePoints) points, got \(curve)")
        }
    }

    /// Runs `body`, prefixing a library error with the file and the funnel's period/breakdown.
    static func naming<T>(file: String, period key: String, _ body: () throws -> T) throws -> T {
        do { return try body() } catch {
            let parts = key.split(separator: "\u{1F}", omittingEmptySubsequences: false)
            let what = parts.count == 2 && !parts[1].isEmpty ? "\(parts[0]), \(parts[1])" : String(parts.first ?? "")
            throw InputFailure(description: "\(file) (period \(what)): \(error)")
        }
    }

    func run() throws {
        let contents = try IndicatorFile.read(url: URL(fileURLWithPath: file))
        Console.error(contents.layout.recognised + "\n")
        try IndicatorInputChecks.rejectDuplicateAreas(contents.rows, file: file)
        try IndicatorInputChecks.rejectHugeCounts(contents.rows, file: file)
        if contents.account.rowsRejected > 0 {
            Console.error("warning: rows rejected while reading (left out of every funnel):\n\(contents.account)\n")
        }
        let stat: FunnelPlot.Statistic = statistic == .proportion ? .proportion : .rate
        let m = multiplier ?? (statistic == .proportion ? 100 : 100_000)
        try IndicatorInputChecks.requireMatch(contents.rows, file: file, option: "--period", value: period, \.period)
        try IndicatorInputChecks.requireMatch(contents.rows, file: file, option: "--area-type", value: areaType, \.areaType)
        try IndicatorInputChecks.requireMatch(contents.rows, file: file, option: "--benchmark", value: benchmark, \.areaName,
                                              matches: { r in benchmark.map { r.isArea($0) } ?? true })
        var groups: [String: [IndicatorRow]] = [:]
        var order: [String] = []
        var labels: [String: String] = [:]  // breakdown key → "Campylobacter incidence rate/100,000, Persons, All ages"
        for r in contents.rows {
            if let period, r.period != period { continue }
            let k = r.period + "\u{1F}" + r.breakdown
            if groups[k] == nil { order.append(k); labels[r.breakdown] = r.breakdownText }
            groups[k, default: []].append(r)
        }
        var funnels: [Funnel] = []
        var plotted: (result: FunnelPlot.Result, key: String)? = nil
        for k in order {
            let rows = groups[k]!
            var target: Double? = nil
            if let benchmark {
                guard let b = rows.first(where: { $0.isArea(benchmark) }), let c = b.count, let d = b.denominator else { continue }
                target = c / d
            }
            var excluded: [String] = [], aggregates: [String] = []
            var pts: [FunnelPlot.Point] = []
            for r in rows {
                if let benchmark, r.isArea(benchmark) { continue }
                if let areaType, r.areaType != areaType { continue }
                if areaType == nil && !includeAggregates && r.isAggregateArea { aggregates.append(r.areaName); continue }
                guard let c = r.count, let d = r.denominator else { excluded.append(r.areaName); continue }
                if stat == .proportion && !(c >= 0 && c <= d) {
                    throw InputFailure(description: "\(file), line \(r.line) (\(r.areaName), \(r.period)): count \(CompareOutput.num(c)) exceeds denominator \(CompareOutput.num(d)); a proportion needs 0 ≤ count ≤ denominator (use --statistic rate for rates)")
                }
                pts.append(FunnelPlot.Point(area: r.areaName, numerator: c, denominator: d))
            }
            if pts.count < 2 { continue }
            let res = try Self.naming(file: file, period: k) { try FunnelPlot.analyse(pts, statistic: stat, target: target, adjustForOverdispersion: overdispersion,
                                             proportionLimits: wilsonLimits ? .wilsonInverted : .exactBinomial) }
            let points = res.points.map {
                PointOut(area: $0.area, numerator: $0.numerator, denominator: $0.denominator, value: $0.value * m,
                         lower95: $0.limits.lower95 * m, upper95: $0.limits.upper95 * m,
                         lower998: $0.limits.lower998 * m, upper998: $0.limits.upper998 * m,
                         classification: $0.classification.rawValue)
            }
            var curvePts: [CurveOut] = []
            if curve > 1 {
                let dens = pts.map(\.denominator)
                // From half the smallest denominator (at least 1, unless every denominator is below 1,
                // e.g. person-years in thousands: then from half the smallest) to 1.1 × the largest.
                let hi = dens.max()! * 1.1
                let lo = max(1, dens.min()! / 2) <= hi ? max(1, dens.min()! / 2) : dens.min()! / 2
                curvePts = FunnelPlot.curve(statistic: stat, target: res.target, minSize: lo,
                                            maxSize: hi, count: curve, tau2: res.tau2,
                                            proportionLimits: wilsonLimits ? .wilsonInverted : .exactBinomial).map {
                    CurveOut(denominator: $0.size, lower95: $0.lower95 * m, upper95: $0.upper95 * m,
                             lower998: $0.lower998 * m, upper998: $0.upper998 * m)
                }
            }
            plotted = (res, k)
            let parts = k.split(separator: "\u{1F}", omittingEmptySubsequences: false).map(String.init)
            // The breakdown for people ("Campylobacter incidence rate/100,000, Persons, All ages"), not its key.
            funnels.append(Funnel(period: parts[0], breakdown: labels[parts[1]] ?? parts[1], statistic: stat.rawValue, multiplier: m,
                                  target: res.target * m, phi: res.phi, tau2: res.tau2,
                                  overdispersionAdjusted: res.overdispersionAdjusted, excluded: excluded,
                                  aggregatesLeftOut: aggregates, advice: res.overdispersionAdvice(),
                                  points: points, curve: curvePts))
        }
        guard !funnels.isEmpty else { throw InputFailure(description: "no period/breakdown in \(file) has two or more plottable areas") }
        for f in funnels {
            let what = [f.period, f.breakdown.isEmpty ? nil : f.breakdown].compactMap { $0 }.joined(separator: ", ")
            if !f.aggregatesLeftOut.isEmpty {
                Console.error("note: \(what): left out \(f.aggregatesLeftOut.count) aggregate area(s) (\(f.aggregatesLeftOut.prefix(4).joined(separator: ", "))\(f.aggregatesLeftOut.count > 4 ? ", …" : "")); --include-aggregates plots them\n")
            }
            if let advice = f.advice { Console.error("warning: \(what): \(advice)\n") }
        }
        switch format {
        case .json:
            let enc = JSONEncoder()
            enc.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try enc.encode(funnels), as: UTF8.self))
        case .csv:
            var out = "kind,period,breakdown,area,numerator,denominator,value,target,lower95,upper95,lower998,upper998,classification\n"
            for f in funnels {
                for p in f.points {
                    out += RecordText.csvRow(["point", f.period, f.breakdown, p.area, CompareOutput.num(p.numerator), CompareOutput.num(p.denominator),
                            CompareOutput.num(p.value), CompareOutput.num(f.target), CompareOutput.num(p.lower95),
                            CompareOutput.num(p.upper95), CompareOutput.num(p.lower998), CompareOutput.num(p.upper998),
                            p.classification])
                }
                for c in f.curve {
                    out += RecordText.csvRow(["curve", f.period, f.breakdown, "", "", CompareOutput.num(c.denominator), "", CompareOutput.num(f.target),
                            CompareOutput.num(c.lower95), CompareOutput.num(c.upper95), CompareOutput.num(c.lower998),
                            CompareOutput.num(c.upper998), ""])
                }
            }
            print(out, terminator: "")
            for f in funnels where !f.excluded.isEmpty {
                Console.error("note: \(f.period), \(f.breakdown): \(f.excluded.count) area(s) without count/denominator left out: \(f.excluded.joined(separator: ", "))\n")
            }
        }
        if let (res, k) = plotted {
            try plotOptions.write(Plots.funnel(res, key: k, funnels: order.count, multiplier: m, benchmark: benchmark,
                                               unit: plotOptions.plotUnit, wilson: wilsonLimits))
        }
    }
}
