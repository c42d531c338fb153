// SPDX-License-Identifier: GPL-3.0-or-later
// STL: Seasonal-Trend decomposition by Loess (Cleveland, Cleveland, McRae & Terpenning 1990,
// "STL: A seasonal-trend decomposition procedure based on loess", Journal of Official Statistics
// 6(1), 3–73). A line-by-line port of the logic of the netlib Fortran `stl.f` that R's `stats::stl`
// calls (subroutines stl, stlstp, stlss, stless, stlest, stlfts, stlma, stlrwt), with R's defaults.
// Arrays in the private kernels are 1-based (element 0 unused) so the code reads like the Fortran.

/// STL specification (R `stl` arguments and defaults).
public struct STL: Sendable {
    /// `periodic` (R `s.window = "periodic"`: span 10n+1, degree 0, then each cycle position's
    /// seasonal replaced by its mean) or an odd loess span in cycles.
    public enum SeasonalWindow: Sendable, Equatable { case periodic, span(Int) }
    public var seasonalWindow: SeasonalWindow
    public var seasonalDegree: Int
    /// Trend span; nil → R's `nextodd(ceiling(1.5·m / (1 − 1.5/s.window)))`.
    public var trendWindow: Int?
    public var trendDegree: Int
    /// Low-pass span; nil → `nextodd(m)`.
    public var lowPassWindow: Int?
    /// Low-pass degree; nil → the trend degree.
    public var lowPassDegree: Int?
    public var robust: Bool
    /// Inner/outer iterations; nil → R's defaults (robust: 1 and 15, else 2 and 0).
    public var inner: Int?, outer: Int?

    public init(seasonalWindow: SeasonalWindow, seasonalDegree: Int = 0, trendWindow: Int? = nil,
                trendDegree: Int = 1, lowPassWindow: Int? = nil, lowPassDegree: Int? = nil,
                robust: Bool = false, inner: Int? = nil, outer: Int? = nil) {
        precondition((0...1).contains(seasonalDegree) && (0...1).contains(trendDegree), "loess degrees must be 0 or 1")
        self.seasonalWindow = seasonalWindow
        self.seasonalDegree = seasonalDegree
        self.trendWindow = trendWindow
        self.trendDegree = trendDegree
        self.lowPassWindow = lowPassWindow
        self.lowPassDegree = lowPassDegree
        self.robust = robust
        self.inner = inner
        self.outer = outer
    }

    /// Decomposes `y` = seasonal + trend + remainder.
    /// - Throws: `.invalidPeriod` if `period < 2`, `.tooShort` unless `n > 2·period`, `.nonFinite`.
    /// - Complexity: O(n · (ns + nt + nl) · (inner·(outer+1))) with jumps of span/10.
    public func decompose(_ y: [Double], period: Int) throws(ForecastingError) -> STLDecomposition {
        try validateFinite(y)
        guard period >= 2 else { throw .invalidPeriod(model: "STL", period: period) }
        let n = y.count
        guard n > 2 * period else { throw .tooShort(model: "STL", needed: 2 * period + 1, got: n) }
        func nextodd(_ x: Double) -> Int {
            var v = Int(x.rounded(.toNearestOrEven))
            if v % 2 == 0 { v += 1 }
            return v
        }
        var sWindow: Int
        var sDegree = seasonalDegree
        let periodic: Bool
        switch seasonalWindow {
        case .periodic:
            periodic = true
            sWindow = 10 * n + 1
            sDegree = 0
        case .span(let s):
            precondition(s >= 1, "seasonal window must be ≥ 1")
            periodic = false
            sWindow = s
        }
        let tWindow = trendWindow ?? nextodd((1.5 * Double(period) / (1 - 1.5 / Double(sWindow))).rounded(.up))
        let lWindow = lowPassWindow ?? nextodd(Double(period))
        let lDegree = lowPassDegree ?? trendDegree
        let sJump = Int((Double(sWindow) / 10).rounded(.up))
        let tJump = Int((Double(tWindow) / 10).rounded(.up))
        let lJump = Int((Double(lWindow) / 10).rounded(.up))
        let ni = inner ?? (robust ? 1 : 2)
        let no = outer ?? (robust ? 15 : 0)

        var kernel = STLKernel(y: y, np: period, ns: sWindow, nt: tWindow, nl: lWindow,
                               isdeg: sDegree, itdeg: trendDegree, ildeg: lDegree,
                               nsjump: sJump, ntjump: tJump, nljump: lJump, ni: ni, no: no)
        kernel.run()
        var seasonal = Array(kernel.season[1...n])
        let trend = Array(kernel.trend[1...n])
        if periodic {
            var sums = Array(repeating: 0.0, count: period), counts = Array(repeating: 0, count: period)
            for i in 0..<n { sums[i % period] += seasonal[i]; counts[i % period] += 1 }
            for i in 0..<n { seasonal[i] = sums[i % period] / Double(counts[i % period]) }
        }
        let remainder = (0..<n).map { y[$0] - seasonal[$0] - trend[$0] }
        return STLDecomposition(period: period, data: y, seasonal: seasonal, trend: trend,
                                remainder: remainder, weights: Array(kernel.rw[1...n]),
                                windows: (sWindow, tWindow, lWindow))
    }
}

/// The result of an additive decomposition y = seasonal + trend + remainder.
public struct STLDecomposition: Sendable {
    public let period: Int
    public let data: [Double]
    public let seasonal: [Double]
    public let trend: [Double]
    public let remainder: [Double]
    /// Final robustness weights (all 1 without robust iterations), as R's `stl(...)$weights`.
    public let weights: [Double]
    /// Seasonal, trend and low-pass spans actually used.
    public let windows: (seasonal: Int, trend: Int, lowPass: Int)

    /// y − seasonal.
    public var seasonallyAdjusted: [Double] { zip(data, seasonal).map { $0 - $1 } }

    /// Strength of trend F_T = max(0, 1 − Var(R)/Var(T + R)) (Wang, Smith & Hyndman 2006,
    /// "Characteristic-based clustering for time series data", Data Mining and Knowledge
    /// Discovery 13(3), 335–364, DOI 10.1007/s10618-005-0039-x; the form used by R's tsfeatures/feasts).
    public var strengthOfTrend: Double {
        let tr = zip(trend, remainder).map { $0 + $1 }
        return max(0, 1 - sampleVariance(remainder) / sampleVariance(tr))
    }

    /// Strength of seasonality F_S = max(0, 1 − Var(R)/Var(S + R)).
    public var strengthOfSeasonality: Double {
        let sr = zip(seasonal, remainder).map { $0 + $1 }
        return max(0, 1 - sampleVariance(remainder) / sampleVariance(sr))
    }
}

/// Port of stl.f. All arrays 1-based.
struct STLKernel {
    let n: Int, np: Int, ns: Int, nt: Int, nl: Int
    let isdeg: Int, itdeg: Int, ildeg: Int
    let nsjump: Int, ntjump: Int, nljump: Int, ni: Int, no: Int
    let y: [Double]
    var rw: [Double]
    var season: [Double]
    var trend: [Double]
    var work: [[Double]]  // work(n + 2·np, 5), each column 1-based

    init(y: [Double], np: Int, ns: Int, nt: Int, nl: Int, isdeg: Int, itdeg: Int, ildeg: Int,
         nsjump: Int, ntjump: Int, nljump: Int, ni: Int, no: Int) {
        n = y.count
        // stl: spans at least 3 and odd, period at least 2.
        func odd3(_ v: Int) -> Int { let w = max(3, v); return w % 2 == 0 ? w + 1 : w }
        self.np = max(2, np)
        self.ns = odd3(ns)
        self.nt = odd3(nt)
        self.nl = odd3(nl)
        self.isdeg = isdeg; self.itdeg = itdeg; self.ildeg = ildeg
        self.nsjump = nsjump; self.ntjump = ntjump; self.nljump = nljump
        self.ni = ni; self.no = no
        self.y = [0] + y
        rw = Array(repeating: 0, count: n + 1)
        season = Array(repeating: 0, count: n + 1)
        trend = Array(repeating: 0, count: n + 1)
        work = Array(repeating: Array(repeating: 0, count: n + 2 * self.np + 1), count: 5)
    }

    mutating func run() {
        var userw = false
        var k = 0
        while true {
            stlstp(userw: userw)
            k += 1
            if k > no { break }
            var fit = Array(repeating: 0.0, count: n + 1)
            for i in 1...n { fit[i] = trend[i] + season[i] }
            stlrwt(fit: fit)
            userw = true
        }
        if no <= 0 { for i in 1...n { rw[i] = 1 } }
    }

    /// Robustness weights: bisquare of |residual| / (6 · median |residual|).
    mutating func stlrwt(fit: [Double]) {
        var r = [0.0] + (1...n).map { abs(y[$0] - fit[$0]) }
        let mid1 = n / 2 + 1, mid2 = n - mid1 + 1
        // The Fortran's partial sort, not a full sort: it is what R runs, and on some series
        // (M1, AirPassengers) the value it leaves at the median positions after several robustness
        // passes is not the exact order statistic, so a full sort parts company with R.
        STLKernel.psort(&r, n: n, ind: [0, mid1, mid2], ni: 2)
        let cmad = 3.0 * (r[mid1] + r[mid2])
        let c9 = 0.999 * cmad, c1 = 0.001 * cmad
        for i in 1...n {
            let ri = abs(y[i] - fit[i])
            if ri <= c1 { rw[i] = 1 } else if ri <= c9 {
                let u = ri / cmad
                rw[i] = (1 - u * u) * (1 - u * u)
            } else { rw[i] = 0 }
        }
    }

    /// Singleton-style partial quicksort of a[1...n] so that the positions in ind[1...ni] hold
    /// their order statistics (port of stl.f's `psort`, control flow kept as in the Fortran).
    static func psort(_ a: inout [Double], n: Int, ind: [Int], ni: Int) {
        if n < 2 || ni == 0 { return }
        var indu = [Int](repeating: 0, count: 17), indl = indu, iu = indu, il = indu
        var jl = 1, ju = ni
        indl[1] = 1; indu[1] = ni
        var i = 1, j = n, m = 1
        var k = 0, l = 0, p = 0, ij = 0
        var t = 0.0, tt = 0.0
        enum Label { case l161, l166, l173, l10, l181, l183, l193, l200, l174, l209 }
        var label = Label.l161
        while true {
            switch label {
            case .l161:
                label = i < j ? .l10 : .l166
            case .l166:
                m -= 1
                if m == 0 { return }
                i = il[m]; j = iu[m]; jl = indl[m]; ju = indu[m]
                label = jl <= ju ? .l173 : .l166
            case .l173:
                label = j - i > 10 ? .l10 : .l174
            case .l10:
                k = i
                ij = (i + j) / 2
                t = a[ij]
                if a[i] > t { a[ij] = a[i]; a[i] = t; t = a[ij] }
                l = j
                if a[j] < t {
                    a[ij] = a[j]; a[j] = t; t = a[ij]
                    if a[i] > t { a[ij] = a[i]; a[i] = t; t = a[ij] }
                }
                label = .l181
            case .l181:
                l -= 1
                label = .l181
                if a[l] <= t {
                    tt = a[l]
                    repeat { k += 1 } while !(a[k] >= t)
                    if k > l { label = .l183; continue }
                    a[l] = a[k]
                    a[k] = tt
                }
            case .l183:
                indl[m] = jl; indu[m] = ju
                p = m
                m += 1
                if l - i <= j - k {
                    il[p] = k; iu[p] = j
                    j = l
                    label = .l193
                } else {
                    il[p] = i; iu[p] = l
                    i = k
                    label = .l200
                }
            case .l193:
                if jl > ju { label = .l166 } else if ind[ju] > j { ju -= 1 } else {
                    indl[p] = ju + 1
                    label = .l173
                }
            case .l200:
                if jl > ju { label = .l166 } else if ind[jl] < i { jl += 1 } else {
                    indu[p] = jl - 1
                    label = .l173
                }
            case .l174:
                if i != 1 {
                    i -= 1
                    label = .l209
                } else {
                    label = .l161
                }
            case .l209:
                i += 1
                if i == j { label = .l166; continue }
                t = a[i + 1]
                if a[i] > t {
                    k = i
                    repeat { a[k + 1] = a[k]; k -= 1 } while !(t >= a[k])
                    a[k + 1] = t
                }
            }
        }
    }

    /// One pass of the inner loop, repeated `ni` times.
    mutating func stlstp(userw: Bool) {
        for _ in 0..<ni {
            for i in 1...n { work[0][i] = y[i] - trend[i] }
            // Cycle-subseries smoothing → work[1] (length n + 2np).
            stlss(detrended: work[0], userw: userw, out: &work[1])
            // Low-pass filter of the cycle-subseries: three moving averages then loess.
            var ma = Array(repeating: 0.0, count: n + 1)
            stlfts(x: work[1], len: n + 2 * np, out: &ma)
            var lowpass = Array(repeating: 0.0, count: n + 1)
            STLKernel.stless(ma, n: n, len: nl, ideg: ildeg, njump: nljump, userw: false, rw: rw, ys: &lowpass)
            for i in 1...n { season[i] = work[1][np + i] - lowpass[i] }
            var deseason = Array(repeating: 0.0, count: n + 1)
            for i in 1...n { deseason[i] = y[i] - season[i] }
            STLKernel.stless(deseason, n: n, len: nt, ideg: itdeg, njump: ntjump, userw: userw, rw: rw, ys: &trend)
        }
    }

    /// Smooths each cycle-subseries with loess and extends it one cycle either side.
    func stlss(detrended: [Double], userw: Bool, out: inout [Double]) {
        for j in 1...np {
            let k = (n - j) / np + 1
            var sub = Array(repeating: 0.0, count: k + 1)
            var subw = Array(repeating: 0.0, count: k + 1)
            for i in 1...k {
                sub[i] = detrended[(i - 1) * np + j]
                if userw { subw[i] = rw[(i - 1) * np + j] }
            }
            var smooth = Array(repeating: 0.0, count: k + 1)
            STLKernel.stless(sub, n: k, len: ns, ideg: isdeg, njump: nsjump, userw: userw, rw: subw, ys: &smooth)
            var ext = Array(repeating: 0.0, count: k + 3)
            for i in 1...k { ext[i + 1] = smooth[i] }
            var w = Array(repeating: 0.0, count: k + 1)
            ext[1] = STLKernel.stlest(sub, n: k, len: ns, ideg: isdeg, xs: 0, nleft: 1, nright: min(ns, k),
                                      w: &w, userw: userw, rw: subw) ?? ext[2]
            ext[k + 2] = STLKernel.stlest(sub, n: k, len: ns, ideg: isdeg, xs: Double(k + 1),
                                          nleft: max(1, k - ns + 1), nright: k,
                                          w: &w, userw: userw, rw: subw) ?? ext[k + 1]
            for m in 1...(k + 2) { out[(m - 1) * np + j] = ext[m] }
        }
    }

    /// Moving averages of lengths np, np and 3 (output length n).
    func stlfts(x: [Double], len: Int, out: inout [Double]) {
        var a = Array(repeating: 0.0, count: len + 1)
        STLKernel.stlma(x, n: len, len: np, ave: &a)
        var b = Array(repeating: 0.0, count: len + 1)
        STLKernel.stlma(a, n: len - np + 1, len: np, ave: &b)
        STLKernel.stlma(b, n: len - 2 * np + 2, len: 3, ave: &out)
    }

    /// Running-sum moving average of length `len` (as the Fortran, same rounding).
    static func stlma(_ x: [Double], n: Int, len: Int, ave: inout [Double]) {
        let newn = n - len + 1
        let flen = Double(len)
        var v = 0.0
        for i in 1...len { v += x[i] }
        ave[1] = v / flen
        if newn > 1 {
            var k = len, m = 0
            for j in 2...newn {
                k += 1; m += 1
                v = v - x[m] + x[k]
                ave[j] = v / flen
            }
        }
    }

    /// Loess smoothing of y[1...n] with span `len`, evaluated every `njump` points and linearly
    /// interpolated in between.
    static func stless(_ y: [Double], n: Int, len: Int, ideg: Int, njump: Int, userw: Bool, rw: [Double],
                       ys: inout [Double]) {
        if n < 2 { ys[1] = y[1]; return }
        var w = Array(repeating: 0.0, count: n + 1)
        let newnj = min(njump, n - 1)
        var nleft = 1, nright = n
        if len >= n {
            nleft = 1; nright = n
            var i = 1
            while i <= n {
                ys[i] = stlest(y, n: n, len: len, ideg: ideg, xs: Double(i), nleft: nleft, nright: nright,
                               w: &w, userw: userw, rw: rw) ?? y[i]
                i += newnj
            }
        } else if newnj == 1 {
            let nsh = (len + 1) / 2
            nleft = 1; nright = len
            for i in 1...n {
                if i > nsh && nright != n { nleft += 1; nright += 1 }
                ys[i] = stlest(y, n: n, len: len, ideg: ideg, xs: Double(i), nleft: nleft, nright: nright,
                               w: &w, userw: userw, rw: rw) ?? y[i]
            }
        } else {
            let nsh = (len + 1) / 2
            var i = 1
            while i <= n {
                if i < nsh { nleft = 1; nright = len } else if i >= n - nsh + 1 {
                    nleft = n - len + 1; nright = n
                } else { nleft = i - nsh + 1; nright = len + i - nsh }
                ys[i] = stlest(y, n: n, len: len, ideg: ideg, xs: Double(i), nleft: nleft, nright: nright,
                               w: &w, userw: userw, rw: rw) ?? y[i]
                i += newnj
            }
        }
        if newnj != 1 {
            var i = 1
            while i <= n - newnj {
                let delta = (ys[i + newnj] - ys[i]) / Double(newnj)
                if newnj > 1 { for j in (i + 1)...(i + newnj - 1) { ys[j] = ys[i] + delta * Double(j - i) } }
                i += newnj
            }
            let k = ((n - 1) / newnj) * newnj + 1
            if k != n {
                ys[n] = stlest(y, n: n, len: len, ideg: ideg, xs: Double(n), nleft: nleft, nright: nright,
                               w: &w, userw: userw, rw: rw) ?? y[n]
                if k != n - 1 {
                    let delta = (ys[n] - ys[k]) / Double(n - k)
                    for j in (k + 1)...(n - 1) { ys[j] = ys[k] + delta * Double(j - k) }
                }
            }
        }
    }

    /// Local (degree 0 or 1) tricube-weighted fit at `xs` over y[nleft...nright]; nil when all
    /// weights vanish (the Fortran's ok = .false.).
    static func stlest(_ y: [Double], n: Int, len: Int, ideg: Int, xs: Double, nleft: Int, nright: Int,
                       w: inout [Double], userw: Bool, rw: [Double]) -> Double? {
        let range = Double(n) - 1
        var h = max(xs - Double(nleft), Double(nright) - xs)
        if len > n { h += Double((len - n) / 2) }
        let h9 = 0.999 * h, h1 = 0.001 * h
        var a = 0.0
        for j in nleft...nright {
            w[j] = 0
            let r = abs(Double(j) - xs)
            if r <= h9 {
                if r <= h1 { w[j] = 1 } else {
                    let q = r / h
                    let t = 1 - q * q * q
                    w[j] = t * t * t
                }
                if userw { w[j] = rw[j] * w[j] }
                a += w[j]
            }
        }
        if a <= 0 { return nil }
        for j in nleft...nright { w[j] /= a }
        if h > 0 && ideg > 0 {
            var a = 0.0
            for j in nleft...nright { a += w[j] * Double(j) }
            var b = xs - a
            var c = 0.0
            for j in nleft...nright { c += w[j] * (Double(j) - a) * (Double(j) - a) }
            if c.squareRoot() > 0.001 * range {
                b /= c
                for j in nleft...nright { w[j] = w[j] * (b * (Double(j) - a) + 1.0) }
            }
        }
        var ys = 0.0
        for j in nleft...nright { ys += w[j] * y[j] }
        return ys
    }
}

// MARK: - Classical decomposition

/// Classical decomposition by centred moving average (R `stats::decompose`).
///
/// Trend: the 2×m MA for even m (weights ½,1,…,1,½ over m+1 points, divided by m), the m-MA for odd
/// m; undefined (NaN) for the first and last ⌊m/2⌋ points. Seasonal figure: mean of the detrended
/// series (y − T or y/T) at each cycle position, centred to sum 0 (additive) or mean 1
/// (multiplicative). As in R, the cycle position is counted from the first observation, so
/// `figure[0]` belongs to the first observation's season (January only if the series starts then).
public struct ClassicalDecomposition: Sendable {
    public enum Kind: Sendable { case additive, multiplicative }
    public let kind: Kind
    public let period: Int
    public let data: [Double]
    public let trend: [Double]
    /// Seasonal indices for cycle positions 0..<m, counted from the first observation.
    public let figure: [Double]
    public let seasonal: [Double]

    public init(_ y: [Double], period m: Int, kind: Kind) throws(ForecastingError) {
        try validateFinite(y)
        guard m >= 2 else { throw .invalidPeriod(model: "decompose", period: m) }
        guard y.count >= 2 * m else { throw .tooShort(model: "decompose", needed: 2 * m, got: y.count) }
        let n = y.count
        var filter: [Double]
        if m % 2 == 0 {
            filter = [0.5] + Array(repeating: 1.0, count: m - 1) + [0.5]
        } else {
            filter = Array(repeating: 1.0, count: m)
        }
        filter = filter.map { $0 / Double(m) }
        let offset = filter.count / 2
        var trend = Array(repeating: Double.nan, count: n)
        for i in 0..<n {
            // R filter(sides = 2): y[i] = Σ_j f[j] · x[i + offset − j]
            let lo = i + offset - (filter.count - 1), hi = i + offset
            if lo < 0 || hi >= n { continue }
            var s = 0.0
            for j in 0..<filter.count { s += filter[j] * y[i + offset - j] }
            trend[i] = s
        }
        var sums = Array(repeating: 0.0, count: m), counts = Array(repeating: 0, count: m)
        for i in 0..<n where !trend[i].isNaN {
            let d = kind == .additive ? y[i] - trend[i] : y[i] / trend[i]
            sums[i % m] += d
            counts[i % m] += 1
        }
        var figure = (0..<m).map { sums[$0] / Double(counts[$0]) }
        let fm = mean(figure)
        figure = figure.map { kind == .additive ? $0 - fm : $0 / fm }
        self.kind = kind
        self.period = m
        self.data = y
        self.trend = trend
        self.figure = figure
        self.seasonal = (0..<n).map { figure[$0 % m] }
    }

    /// y − S (additive) or y / S (multiplicative), as forecast's `seasadj`.
    public var seasonallyAdjusted: [Double] {
        zip(data, seasonal).map { kind == .additive ? $0 - $1 : $0 / $1 }
    }
}
