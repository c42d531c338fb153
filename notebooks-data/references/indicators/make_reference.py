#!/usr/bin/env python3
"""Reference values for the SaferCity `Indicators` module.

Run:  /opt/venv/bin/python notebooks-data/references/indicators/make_reference.py
Writes reference.json next to this script. Tests read the committed JSON (CI has no Python).

Every formula below mirrors the R package PHEindicatormethods (UKHSA, GPL-3; read for this
script: R/utils.R byars_lower/byars_upper/wilson_lower/wilson_upper, R/Rates.R phe_rate,
R/DSR.R phe_dsr, R/ISRate.R calculate_ISRate) but every quantile comes from scipy, so the
reference is independent of SaferCity's own Distributions module.

Sources
  * PHE, "Technical Guide: Confidence intervals" (Public Health England / APHO, Fingertips
    technical guidance): Wilson score for proportions, Byar's method for counts >= 10 and
    exact Poisson (chi-squared) limits for counts < 10, Dobson method for DSRs.
  * Wilson EB (1927) Probable inference, the law of succession, and statistical inference.
    JASA 22:209-212. doi:10.1080/01621459.1927.10502953
  * Byar's approximation: Breslow NE, Day NE (1987) Statistical Methods in Cancer Research,
    vol. II. IARC Sci Publ 82.
  * Dobson AJ, Kuulasmaa K, Eberle E, Scherer J (1991) Confidence intervals for weighted sums
    of Poisson parameters. Stat Med 10:457-462. doi:10.1002/sim.4780100317
  * Spiegelhalter DJ (2005) Funnel plots for comparing institutional performance. Stat Med
    24:1185-1202. doi:10.1002/sim.1970 (Appendix A.1: interpolated exact limits);
    PHEindicatormethods R/Funnels.R sigma_adjustment (Wilson-inverted proportion limits);
    Spiegelhalter DJ (2005) Handling over-dispersion of performance indicators. Qual Saf
    Health Care 14:347-351. doi:10.1136/qshc.2005.013755 (winsorised phi, additive tau^2).
  * Newcombe RG (1998) Interval estimation for the difference between independent
    proportions. Stat Med 17:873-890 (method 10); statsmodels confint_proportions_2indep.
  * Rate ratio: exact conditional binomial test and Clopper-Pearson CI (Breslow & Day 1987, s.2.2);
    scipy.stats.beta / binom / binomtest.
  * Mann HB (1945), Kendall MG (1975), Sen PK (1968); tie-corrected variance.
  * Chi-squared test for linear trend in proportions (Armitage 1955), as R prop.trend.test
    (checked by hand: R 4 prop.trend.test gives X-squared 49.7081386553251 and 9.62280338789036
    for the first two cases below, equal to this script to 1e-14).
"""
import json, math, os
import numpy as np
from scipy import stats
import statsmodels.api as sm
from statsmodels.stats.proportion import confint_proportions_2indep

LEVELS = [0.95, 0.998]

def z_of(level):
    return stats.norm.ppf(level + (1 - level) / 2)

# ---------------------------------------------------------------- Wilson
def wilson(x, n, level):
    z = z_of(level)
    root = z * math.sqrt(z * z + 4 * x * (1 - x / n))
    return ((2 * x + z * z - root) / 2 / (n + z * z), (2 * x + z * z + root) / 2 / (n + z * z))

# ---------------------------------------------------------------- Byar / exact
def byar(x, level):
    z = z_of(level)
    lo = x * (1 - 1 / (9 * x) - z / (3 * math.sqrt(x)))**3 if x > 0 else 0.0
    hi = (x + 1) * (1 - 1 / (9 * (x + 1)) + z / (3 * math.sqrt(x + 1)))**3
    return lo, hi

def exact(x, level):
    a = 1 - level
    lo = stats.chi2.ppf(a / 2, 2 * x) / 2 if x > 0 else 0.0
    hi = stats.chi2.ppf(1 - a / 2, 2 * x + 2) / 2
    return lo, hi

def phe_rate(x, n, level, mult):
    lo, hi = exact(x, level) if x < 10 else byar(x, level)
    return x / n * mult, lo / n * mult, hi / n * mult

counts = list(range(0, 21)) + [25, 37, 50, 99, 100, 314, 1000, 12345, 51897, 100000, 1000000]
denoms = [1, 7, 10, 100, 1000, 12345, 100000, 251648, 1000000, 10000000]

out = {"generator": "make_reference.py", "scipy": __import__("scipy").__version__, "levels": LEVELS}

out["wilson"] = []
for n in [1, 2, 5, 10, 20, 37, 100, 305, 1000, 12345, 1000000, 10000000]:
    xs = sorted(set([0, n] + [x for x in range(0, 21) if x <= n] + [n // 2, n // 3, max(0, n - 1)]))
    for x in xs:
        for lv in LEVELS:
            lo, hi = wilson(x, n, lv)
            out["wilson"].append({"x": x, "n": n, "level": lv, "lower": lo, "upper": hi})

out["counts"] = []
for x in counts:
    for lv in LEVELS:
        bl, bh = byar(x, lv)
        el, eh = exact(x, lv)
        out["counts"].append({"x": x, "level": lv, "byarLower": bl, "byarUpper": bh,
                              "exactLower": el, "exactUpper": eh})

out["rates"] = []
for x in counts:
    for n in denoms:
        for lv in LEVELS:
            v, lo, hi = phe_rate(x, n, lv, 100000)
            out["rates"].append({"x": x, "n": n, "level": lv, "multiplier": 100000,
                                 "value": v, "lower": lo, "upper": hi,
                                 "method": "exact" if x < 10 else "byar"})

# ---------------------------------------------------------------- DSR (Dobson)
ESP2013 = [5000, 5500, 5500, 5500, 6000, 6000, 6500, 7000, 7000, 7000,
           7000, 6500, 6000, 5500, 5000, 4000, 2500, 1500, 1000]
assert sum(ESP2013) == 100000

def dsr(x, n, w, level, mult):
    x = np.asarray(x, float); n = np.asarray(n, float); w = np.asarray(w, float)
    O = x.sum()
    value = (x * w / n).sum() / w.sum()
    var = (x * (w / n)**2).sum() / w.sum()**2
    bl, bh = byar(O, level)
    lo = value + math.sqrt(var / O) * (bl - O)
    hi = value + math.sqrt(var / O) * (bh - O)
    return value * mult, lo * mult, hi * mult

# Hand-made age profiles (labelled synthetic inputs, not real data).
rng = np.random.default_rng(20261125)
dsr_cases = []
pops = (rng.integers(2000, 20000, size=19)).tolist()
dsr_cases.append(("esp2013-small", [0,0,1,0,2,1,0,3,1,2,4,3,2,5,6,4,3,2,1], pops, ESP2013))
dsr_cases.append(("esp2013-medium", rng.integers(5, 200, size=19).tolist(), pops, ESP2013))
dsr_cases.append(("esp2013-large", rng.integers(1000, 50000, size=19).tolist(),
                  rng.integers(200000, 900000, size=19).tolist(), ESP2013))
dsr_cases.append(("custom-5-bands", [12, 30, 55, 80, 41], [30000, 42000, 38000, 20000, 9000],
                  [20000, 30000, 25000, 15000, 10000]))
dsr_cases.append(("total-exactly-10", [1,0,0,0,0,0,0,0,0,1,0,0,2,0,1,2,1,1,1], pops, ESP2013))
out["esp2013"] = ESP2013
out["dsr"] = []
for name, x, n, w in dsr_cases:
    for lv in LEVELS:
        v, lo, hi = dsr(x, n, w, lv, 100000)
        out["dsr"].append({"name": name, "counts": [int(t) for t in x], "populations": [int(t) for t in n],
                           "standard": [int(t) for t in w], "level": lv, "multiplier": 100000,
                           "value": v, "lower": lo, "upper": hi, "totalCount": int(sum(x))})

# ---------------------------------------------------------------- ISR / SMR
def isr(O, n, xref, nref, level, mult, ratio):
    E = sum(a / b * c for a, b, c in zip(xref, nref, n))
    ref = 1.0 if ratio else sum(xref) / sum(nref) * mult
    scale = 100.0 if ratio else ref
    lo, hi = exact(O, level) if O < 10 else byar(O, level)
    return E, O / E * scale, lo / E * scale, hi / E * scale

out["isr"] = []
xref = [120, 340, 900, 2500, 6100]; nref = [1.2e6, 1.5e6, 1.4e6, 0.9e6, 0.5e6]
for O, n in [(0, [3000, 4000, 3500, 2000, 900]), (4, [3000, 4000, 3500, 2000, 900]),
             (9, [3000, 4000, 3500, 2000, 900]), (10, [3000, 4000, 3500, 2000, 900]),
             (57, [30000, 40000, 35000, 20000, 9000]), (1234, [300000, 400000, 350000, 200000, 90000])]:
    for lv in LEVELS:
        for ratio in (False, True):
            E, v, lo, hi = isr(O, n, xref, nref, lv, 100000, ratio)
            out["isr"].append({"observed": O, "populations": n, "refCounts": xref, "refPopulations": nref,
                               "level": lv, "ratio": ratio, "multiplier": 100 if ratio else 100000,
                               "expected": E, "value": v, "lower": lo, "upper": hi})

# ---------------------------------------------------------------- means (t)
out["means"] = []
for name, xs in [("small", [3.1, 4.7, 2.2, 5.9]), ("pair", [10.0, 12.0]),
                 ("wide", list(rng.normal(50, 12, size=40).round(3)))]:
    xs = [float(v) for v in xs]
    for lv in LEVELS:
        m = float(np.mean(xs)); s = float(np.std(xs, ddof=1)); k = len(xs)
        lo, hi = stats.t.interval(lv, k - 1, loc=m, scale=s / math.sqrt(k))
        out["means"].append({"name": name, "values": xs, "level": lv, "mean": m, "sd": s,
                             "lower": lo, "upper": hi})

# ---------------------------------------------------------------- two-sample
out["proportionDifference"] = []
for x1, n1, x2, n2 in [(36, 100, 38, 100), (113, 305, 3000, 10000), (0, 20, 5, 40), (20, 20, 15, 30),
                       (360, 1000, 38000, 100000)]:
    for lv in LEVELS:
        lo, hi = confint_proportions_2indep(x1, n1, x2, n2, method="newcomb", compare="diff", alpha=1 - lv)
        tab = np.array([[x1, n1 - x1], [x2, n2 - x2]])
        p1, p2 = x1 / n1, x2 / n2; pp = (x1 + x2) / (n1 + n2)
        zstat = (p1 - p2) / math.sqrt(pp * (1 - pp) * (1 / n1 + 1 / n2))
        pval = 2 * stats.norm.sf(abs(zstat))
        out["proportionDifference"].append({"x1": x1, "n1": n1, "x2": x2, "n2": n2, "level": lv,
            "difference": p1 - p2, "lower": lo, "upper": hi, "z": zstat, "pValue": pval})

out["rateRatio"] = []
# Exact conditional method: given T = O1 + O2, O1 ~ Binomial(T, pi) with pi = RR e1 / (RR e1 + e2).
# CI: Clopper-Pearson for pi mapped to RR = pi / (1 - pi) * e2 / e1. p-value: central (twice the
# smaller tail) at RR = 1, which is the test the CI inverts. (R binom.test / scipy binomtest use the
# "minimum likelihood" two-sided p-value instead; both are given here.)
for o1, e1, o2, e2 in [(314, 251648, 51897, 54786327), (5, 10000, 2, 12000), (0, 5000, 7, 6000),
                       (58, 750000, 8000, 160000000)]:
    T = o1 + o2; p0 = e1 / (e1 + e2)
    tail = min(stats.binom.cdf(o1, T, p0), stats.binom.sf(o1 - 1, T, p0))
    for lv in LEVELS:
        a = 1 - lv
        pl = stats.beta.ppf(a / 2, o1, o2 + 1) if o1 > 0 else 0.0
        pu = stats.beta.ppf(1 - a / 2, o1 + 1, o2) if o2 > 0 else 1.0
        lo = pl / (1 - pl) * e2 / e1
        hi = pu / (1 - pu) * e2 / e1 if pu < 1 else float("inf")
        out["rateRatio"].append({"o1": o1, "e1": e1, "o2": o2, "e2": e2, "level": lv,
            "ratio": (o1 / e1) / (o2 / e2), "lower": lo, "upper": hi,
            "pValueCentral": min(1.0, 2 * tail),
            "pValueMinLikelihood": float(stats.binomtest(o1, T, p0).pvalue)})

# ---------------------------------------------------------------- funnels (Spiegelhalter 2005)
def interp_limit(dist, p):
    """Spiegelhalter (2005) Appendix A.1.1: r_p = smallest r with F(r) >= p, then
    alpha = (F(r_p) - p) / (F(r_p) - F(r_p - 1)); returns r_p - alpha (a count)."""
    r = dist.ppf(p)
    Fr = dist.cdf(r); Fm = dist.cdf(r - 1)
    alpha = (Fr - p) / (Fr - Fm)
    return r - alpha

out["funnelProportion"] = []
for theta in [0.05, 0.38, 0.9]:
    for n in [1, 5, 10, 30, 100, 305, 1000, 10000, 100000]:
        row = {"target": theta, "n": n}
        for lv in LEVELS:
            a = (1 - lv) / 2
            d = stats.binom(n, theta)
            row[f"lower{lv}"] = max(0.0, interp_limit(d, a)) / n
            row[f"upper{lv}"] = interp_limit(d, 1 - a) / n
        out["funnelProportion"].append(row)

# PHEindicatormethods phe_funnels / phe_funnel_significance (R/Funnels.R, sigma_adjustment):
# proportion funnel limits from inverting the Wilson score interval, at p = 0.975 and 0.999.
def sigma_adjustment(p, n, a, side):
    z2 = stats.norm.ppf(p)**2
    first = a * (n / z2 + 1)
    adj = math.sqrt((-8 * a * (n / z2 + 1))**2 - 64 * (1 / z2 + 1 / n) * a * (n * (a * (n / z2 + 2) - 1) + z2 * (a - 1)))
    last = 1 / z2 + 1 / n
    return ((first - adj / 8) / last if side == "low" else (first + adj / 8) / last) / n

out["funnelWilsonInverted"] = []
for theta in [0.05, 0.38, 0.9]:
    for n in [1, 5, 10, 30, 100, 305, 1000, 10000, 100000]:
        out["funnelWilsonInverted"].append({"target": theta, "n": n,
            "lower0.95": max(0.0, sigma_adjustment(0.975, n, theta, "low")),
            "upper0.95": min(1.0, sigma_adjustment(0.975, n, theta, "high")),
            "lower0.998": max(0.0, sigma_adjustment(0.999, n, theta, "low")),
            "upper0.998": min(1.0, sigma_adjustment(0.999, n, theta, "high"))})

out["funnelPoisson"] = []
for E in [0.5, 1, 3, 10, 37.5, 100, 1000, 50000]:
    row = {"expected": E}
    for lv in LEVELS:
        a = (1 - lv) / 2
        d = stats.poisson(E)
        row[f"lower{lv}"] = max(0.0, interp_limit(d, a)) / E
        row[f"upper{lv}"] = interp_limit(d, 1 - a) / E
    out["funnelPoisson"].append(row)

def overdispersion(y, s, theta):
    z = (np.asarray(y) - theta) / np.asarray(s)
    lo, hi = np.percentile(z, [10, 90])          # numpy default = R type 7 quantile
    zw = np.clip(z, lo, hi)
    I = len(z)
    phi = float((zw**2).sum() / I)
    w = 1 / np.asarray(s)**2
    tau2 = max(0.0, (I * phi - (I - 1)) / (w.sum() - (w**2).sum() / w.sum()))
    return phi, tau2

# Overdispersion reference on the real fixture: Campylobacter 2017 all-ages crude rates.
import csv
fixture = os.path.join(os.path.dirname(__file__), "..", "..", "fingertips_format_fixture",
                       "indicators-CountyUA.data.csv")
rows = []
with open(fixture, newline="", encoding="utf-8") as f:
    for r in csv.DictReader(f):
        if r["Area Type"] == "County & UA" and r["Time period"] == "2017" and r["Age"] == "All ages" and r["Count"]:
            rows.append((r["Area Code"], float(r["Count"]), float(r["Denominator"])))
O = np.array([r[1] for r in rows]); N = np.array([r[2] for r in rows])
theta = O.sum() / N.sum()
y = O / N; s = np.sqrt(theta / N)
phi, tau2 = overdispersion(y, s, theta)
out["funnelOverdispersion"] = {"source": "fixture County & UA, 2017, All ages", "areas": len(rows),
    "target": theta, "phi": phi, "tau2": tau2,
    "limitsAtN": [{"n": n, **{f"{k}{lv}": theta + sgn * z_of(lv) * math.sqrt(theta / n + tau2)
                              for lv in LEVELS for k, sgn in (("lower", -1), ("upper", 1))}}
                  for n in [50000, 250000, 1000000]]}

# Each area's funnel classification (exact Poisson limits around the pooled target, and
# the overdispersion-adjusted normal limits), same fixture rows.
def classify(y, lo95, hi95, lo998, hi998):
    if y > hi998: return "above 99.8% limit"
    if y > hi95: return "above 95% limit"
    if y < lo998: return "below 99.8% limit"
    if y < lo95: return "below 95% limit"
    return "within limits"
cls_exact, cls_od = {}, {}
for (code, o, n) in rows:
    lims = {}
    for lv in LEVELS:
        a = (1 - lv) / 2
        d = stats.poisson(n * theta)
        lims[lv] = (max(0.0, interp_limit(d, a)) / n, interp_limit(d, 1 - a) / n)
    cls_exact[code] = classify(o / n, lims[0.95][0], lims[0.95][1], lims[0.998][0], lims[0.998][1])
    sd = math.sqrt(theta / n + tau2)
    cls_od[code] = classify(o / n, max(0, theta - z_of(0.95) * sd), theta + z_of(0.95) * sd,
                            max(0, theta - z_of(0.998) * sd), theta + z_of(0.998) * sd)
out["funnelOverdispersion"]["classificationExact"] = cls_exact
out["funnelOverdispersion"]["classificationAdjusted"] = cls_od

# ---------------------------------------------------------------- trends
def chisq_trend(x, n, t):
    x = np.asarray(x, float); n = np.asarray(n, float); t = np.asarray(t, float)
    p = x.sum() / n.sum()
    T = (t * (x - n * p)).sum()
    V = p * (1 - p) * ((n * t * t).sum() - (n * t).sum()**2 / n.sum())
    chi = T * T / V
    return chi, float(stats.chi2.sf(chi, 1)), T

out["chiSquaredTrend"] = []
for x, n in [([384, 536, 335], [1335, 1405, 773]), ([52, 61, 70, 66, 88], [1000, 1010, 1020, 990, 1005]),
             ([30, 28, 31, 29, 30], [100, 100, 100, 100, 100]), ([90, 80, 77, 61, 50], [300, 300, 300, 300, 300])]:
    t = list(range(1, len(x) + 1))
    chi, pv, T = chisq_trend(x, n, t)
    out["chiSquaredTrend"].append({"x": x, "n": n, "scores": t, "chiSquared": chi, "pValue": pv, "direction": float(np.sign(T))})

def mann_kendall(v):
    v = np.asarray(v, float); k = len(v)
    S = sum(np.sign(v[j] - v[i]) for i in range(k - 1) for j in range(i + 1, k))
    _, ties = np.unique(v, return_counts=True)
    var = (k * (k - 1) * (2 * k + 5) - sum(t * (t - 1) * (2 * t + 5) for t in ties)) / 18
    zz = (S - 1) / math.sqrt(var) if S > 0 else ((S + 1) / math.sqrt(var) if S < 0 else 0.0)
    p = 2 * stats.norm.sf(abs(zz))
    slope = stats.theilslopes(v, np.arange(k))[0]
    # cross-check S and variance against scipy's Kendall tau-b (no ties in time)
    tau = stats.kendalltau(np.arange(k), v)
    return float(S), float(var), float(zz), float(p), float(slope), float(tau.statistic)

out["mannKendall"] = []
for name, v in [("burglary-like-decline", [90, 88, 85, 86, 82, 80, 79, 77, 76, 74]),
                ("ties", [5, 5, 6, 6, 6, 7, 5, 8, 8, 9, 9, 9]),
                ("flat-noise", [10, 12, 9, 11, 10, 12, 9, 11]),
                # Stoke-on-Trent alcohol-related admissions (narrow) per 100,000, 2008/09-2017/18, as listed in
                # /work/shared/data/fingertips_lape/SOURCE.md (PHE Fingertips indicator 91414, real data).
                ("stoke-alcohol-admissions", [855, 854, 833, 870, 997, 983, 992, 1058, 928, 947])]:
    S, var, zz, p, slope, tau = mann_kendall(v)
    out["mannKendall"].append({"name": name, "values": v, "S": S, "variance": var, "z": zz, "pValue": p,
                               "senSlope": slope, "kendallTauB": tau})

out["poissonTrend"] = []
for name, y, e in [("rising", [40, 45, 52, 60, 66, 75], [1e5] * 6),
                   ("stoke-campylobacter-all-ages", [314, 278, 270], [251648, 253226, 253226]),
                   ("flat", [20, 22, 19, 21, 20], [5e4, 5.1e4, 5.2e4, 5.3e4, 5.4e4])]:
    t = np.arange(len(y), dtype=float)
    X = sm.add_constant(t)
    fit = sm.GLM(np.asarray(y, float), X, family=sm.families.Poisson(), offset=np.log(np.asarray(e, float))).fit(method="newton", tol=1e-14, maxiter=100)
    # (IRLS with tol=1e-12 stops after 3 iterations with bse from the previous iterate: z off by 3e-8.)
    out["poissonTrend"].append({"name": name, "counts": y, "exposures": e,
        "intercept": float(fit.params[0]), "slope": float(fit.params[1]), "slopeSE": float(fit.bse[1]),
        "z": float(fit.tvalues[1]), "pValue": float(fit.pvalues[1])})

# ---------------------------------------------------------------- the seed strategy's claims
# Safer City Partnership Strategy 2017-20 (Stoke-on-Trent), /work/shared/seed. Percentages are
# published rounded; cohort sizes are not given, so for each "x% vs England y%" we give the
# smallest cohort n at which the Wilson 95% (and 99.8%) interval around p = x would exclude y
# (continuous x = p n, as SaferCity's Proportion.smallestSignificantSize).
def smallest_n(p, b, lv):
    z = z_of(lv)
    def excl(n):
        x = p * n
        root = z * math.sqrt(z * z + 4 * x * (1 - p))
        lo = (2 * x + z * z - root) / (2 * (n + z * z)); hi = (2 * x + z * z + root) / (2 * (n + z * z))
        return hi < b or lo > b
    n = 1
    while not excl(n):
        n += 1
    return n
out["seedSmallestCohort"] = [
    {"claim": c, "p": p, "benchmark": b, "level": lv, "n": smallest_n(p, b, lv)}
    for c, p, b in [("juvenile reoffending 36% vs England 38% (said: similar)", 0.36, 0.38),
                    ("adult reoffending 30% vs England 25%", 0.30, 0.25),
                    ("opiate/crack users in treatment 60% vs 51% nationally", 0.60, 0.51),
                    ("prison leavers engaging in treatment 37% vs 30% nationally", 0.37, 0.30)]
    for lv in LEVELS]
# "37% of people (n.113) released from prison successfully engaged ... compared to ... 30% nationally":
# read as 113 engaged of round(113 / 0.37) = 305 released.
out["seedPrisonLeavers"] = [{"x": 113, "n": 305, "level": lv, "lower": wilson(113, 305, lv)[0],
                             "upper": wilson(113, 305, lv)[1], "benchmark": 0.30} for lv in LEVELS]
# "58 people (all ages) died from drug misuse in 2013-15 ... 8 per 100,000 vs 4 per 100,000 in England".
# The strategy gives no population; 3 x 251,648 (Stoke-on-Trent 2015 denominator in the bundled
# Fingertips export) person-years is used as an approximation. Crude rate, PHE rule (Byar for 58).
out["seedDrugDeaths"] = [{"x": 58, "personYears": 3 * 251648, "level": lv,
                          "value": phe_rate(58, 3 * 251648, lv, 100000)[0],
                          "lower": phe_rate(58, 3 * 251648, lv, 100000)[1],
                          "upper": phe_rate(58, 3 * 251648, lv, 100000)[2],
                          "exactLower": exact(58, lv)[0] / (3 * 251648) * 100000,
                          "exactUpper": exact(58, lv)[1] / (3 * 251648) * 100000, "benchmark": 4.0} for lv in LEVELS]

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "reference.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1, allow_nan=False)
print("wrote", path, {k: (len(v) if isinstance(v, list) else "") for k, v in out.items()})
