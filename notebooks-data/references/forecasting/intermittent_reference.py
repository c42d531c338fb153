#!/usr/bin/env python3
"""Reference values for SaferCity's intermittent-demand methods (issue 17).

Run (statsforecast in a venv outside the repository):

    python3 -m venv /work/venv-sf && /work/venv-sf/bin/pip install statsforecast
    /work/venv-sf/bin/python notebooks-data/references/forecasting/intermittent_reference.py

Writes next to this script (the Swift tests in Tests/ForecastingTests read them; no Python is
needed to run the tests):

* `intermittent_series.csv`    — series_id, source, label, t, y (the input series);
* `intermittent_summary.csv`   — series_id, n, adi, cv2, sbc_class (Syntetos–Boylan–Croston
                                  classification as defined below);
* `intermittent_reference.csv` — series_id, model, output, t, value: statsforecast's
                                  `forecast(y, h=H, fitted=True)` of each model (output `mean`,
                                  `fitted`), and the count intervals SaferCity should put around
                                  it (output `dispersion`, `lower80`, `upper80`, `lower95`,
                                  `upper95`, t = 1), computed here from statsforecast's fitted
                                  values with scipy.stats quantiles (see COUNT INTERVALS below).

Every number is written with repr() (17 significant digits, round-trips exactly); NaN as "NaN".

Models (statsforecast.models): CrostonClassic, CrostonOptimized, CrostonSBA, TSB(alpha_d,
alpha_p) for three parameter pairs, ADIDA, IMAPA — each called through its `forecast` method
(the same `_croston_classic`, `_croston_optimized`, … functions `StatsForecast.forecast` uses).

Series:
(a) real police.uk counts: notebooks-data/policeuk_staffordshire/monthly_counts_by_area.csv,
    the five consecutive months 2018-10 … 2019-02 (2019-09 is not contiguous and is left out),
    area × crime type, a month absent from the tidy file counted as 0. Chosen: the low-count
    series listed in REAL below (sparse series from LSOAs snapped to neighbouring authorities
    and the small Staffordshire authority × crime-type series).
(b) synthetic, numpy default_rng(SEED): for each Syntetos–Boylan–Croston class three series of
    length 36/48/60 (occurrence probability p, non-zero sizes 1 + Poisson or 1 + negative
    binomial), three with non-integer (gamma) sizes, one long lumpy series (n = 240), plus
    hand-made edge cases (all zeros, one demand, leading/trailing zeros, a mean
    inter-demand interval of exactly 2.5 where Python's round-half-even and C++'s std::round
    disagree, a constant positive series).

ADI / CV² (Syntetos–Boylan–Croston 2005): ADI = mean of the inter-demand intervals counted from
the start of the series (statsforecast's `_intervals`), CV² = (sd/mean)² of the non-zero sizes
with sd on n − 1 (0 when there is one non-zero value); class smooth (ADI ≤ 1.32, CV² ≤ 0.49),
intermittent (ADI > 1.32, CV² ≤ 0.49), erratic (ADI ≤ 1.32, CV² > 0.49), lumpy (both above);
"zero" for a series with no demand.

COUNT INTERVALS (statsforecast has none for these methods; this is SaferCity's definition, checked
against scipy's distribution functions): Pearson dispersion phi = mean of (y - f)^2 / f over the
periods with a finite one-step fit f > 0 — the fits are statsforecast's fitted values for
CrostonClassic, CrostonSBA and TSB, and for CrostonOptimized, ADIDA and IMAPA the cheaper fits at
the final parameters (dispersion_fits() below: Croston's fits at the optimised alphas; the block
SES fits / k spread over each block for ADIDA; their mean over the levels 1..K for IMAPA);
phi <= 1 (or no such period): Poisson(mu); phi > 1: negative binomial with mean mu and variance
phi * mu (scipy nbinom(n = mu / (phi - 1), p = n / (n + mu))). Limits by the nearest-probability
rule (nearest_limits() below): with t = (1 - L)/2, the lower limit l is ppf(t), then the upper
limit the k >= l whose interval probability F(k) - F(l - 1) is nearest L, ties to the wider
interval; [0, 0] when mu = 0. Since issue 17's second round (rule B, declared in
docs/Forecasting.md before scoring) the limits at level L use the widened dispersion
phi_L = max(phi, 1) * (t_{N,q} / z_q)^2 (q = 1 - (1 - L)/2, N the number of Pearson terms; scipy's
t and norm ppf) — a negative binomial whenever N > 0; "dispersion" is still phi (1 when <= 1).
"""
import csv
import os
import sys
import warnings

import numpy as np
import pandas as pd
import statsforecast
from scipy import stats
from statsforecast.models import (ADIDA, IMAPA, TSB, CrostonClassic, CrostonOptimized,
                                  CrostonSBA, _expand_fitted_demand, _expand_fitted_intervals,
                                  _intervals, _ses_forecast, _ses_lib)

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
SEED = 20261130
H = 3
MONTHS = ["2018-10", "2018-11", "2018-12", "2019-01", "2019-02"]

REAL = [
    ("Walsall", "Burglary"),
    ("Walsall", "Vehicle crime"),
    ("Cheshire East", "Violence and sexual offences"),
    ("Cheshire East", "Anti-social behaviour"),
    ("Dudley", "Anti-social behaviour"),
    ("Dudley", "Burglary"),
    ("Shropshire", "Anti-social behaviour"),
    ("Shropshire", "Burglary"),
    ("North Warwickshire", "Anti-social behaviour"),
    ("West Lancashire", "Anti-social behaviour"),
    ("Staffordshire Moorlands", "Bicycle theft"),
    ("Staffordshire Moorlands", "Robbery"),
    ("Staffordshire Moorlands", "Theft from the person"),
    ("Lichfield", "Theft from the person"),
    ("South Staffordshire", "Theft from the person"),
]

MODELS = [
    ("CrostonClassic", lambda: CrostonClassic()),
    ("CrostonOptimized", lambda: CrostonOptimized()),
    ("CrostonSBA", lambda: CrostonSBA()),
    ("TSB(0.1,0.1)", lambda: TSB(alpha_d=0.1, alpha_p=0.1)),
    ("TSB(0.3,0.05)", lambda: TSB(alpha_d=0.3, alpha_p=0.05)),
    ("TSB(0.5,0.2)", lambda: TSB(alpha_d=0.5, alpha_p=0.2)),
    ("ADIDA", lambda: ADIDA()),
    ("IMAPA", lambda: IMAPA()),
]


def real_series():
    d = pd.read_csv(os.path.join(ROOT, "notebooks-data", "policeuk_staffordshire",
                                 "monthly_counts_by_area.csv"))
    d = d[d["area_type"] == "lsoa_name_prefix_in_staffordshire_force"]
    out = []
    for area, crime in REAL:
        s = d[(d["area"] == area) & (d["crime_type"] == crime)].set_index("month")["count"]
        y = [float(s.get(m, 0)) for m in MONTHS]
        sid = "policeuk:" + area.replace(" ", "_") + ":" + crime.replace(" ", "_")
        out.append((sid, "policeuk", f"{area} / {crime} 2018-10..2019-02", y))
    return out


def synthetic_series():
    rng = np.random.default_rng(SEED)
    spec = {  # class: (occurrence probability, size generator)
        "smooth": (0.9, lambda k: 1 + rng.poisson(4.0, k)),
        "intermittent": (0.35, lambda k: 1 + rng.poisson(1.5, k)),
        "erratic": (0.9, lambda k: 1 + rng.negative_binomial(0.6, 0.08, k)),
        "lumpy": (0.35, lambda k: 1 + rng.negative_binomial(0.6, 0.08, k)),
    }
    out = []
    for cls, (p, sizes) in spec.items():
        for i, n in enumerate((36, 48, 60)):
            occ = rng.random(n) < p
            y = np.where(occ, sizes(n), 0).astype(float)
            out.append((f"synthetic:{cls}:{i + 1}", "synthetic", f"generated {cls}, p={p}, n={n}",
                        list(y)))
    # Non-integer demand (statsforecast's methods are for any non-negative demand; no count
    # intervals) and one long lumpy count series (n = 240, for the O(n²) fitted values).
    for i, n in enumerate((30, 50, 80)):
        occ = rng.random(n) < 0.4
        y = np.where(occ, rng.gamma(1.5, 2.0, n), 0.0)
        out.append((f"synthetic:continuous:{i + 1}", "synthetic", f"generated gamma sizes, p=0.4, n={n}", list(y)))
    occ = rng.random(240) < 0.3
    y = np.where(occ, 1 + rng.negative_binomial(0.6, 0.08, 240), 0).astype(float)
    out.append(("synthetic:lumpy:long", "synthetic", "generated lumpy, p=0.3, n=240", list(y)))
    edges = {
        "all_zero": [0.0] * 12,
        "one_demand_end": [0.0] * 9 + [2.0],
        "one_demand_start": [3.0] + [0.0] * 9,
        "leading_zeros": [0, 0, 0, 0, 1, 0, 2, 0, 0, 1, 0, 3, 0, 0, 1],
        "trailing_zeros": [2, 1, 0, 3, 1, 0, 0, 0, 0, 0, 0, 0],
        "interval_2_5": [0, 1, 0, 0, 1, 0, 1, 0, 0, 1, 0, 0, 1, 0, 1, 0, 0, 1, 0, 0],
        "constant_positive": [2.0] * 14,
        "two_values": [0.0, 4.0],
    }
    for name, y in edges.items():
        out.append((f"synthetic:edge:{name}", "synthetic", f"edge case {name}", [float(v) for v in y]))
    return out


def classify(y):
    y = np.asarray(y, dtype=float)
    nz = y[y != 0]
    if nz.size == 0:
        return float("nan"), float("nan"), "zero"
    idx = np.where(y != 0)[0]
    adi = float(np.diff(idx + 1, prepend=0).mean())
    cv2 = float((nz.std(ddof=1) / nz.mean()) ** 2) if nz.size > 1 else 0.0
    cls = {(False, False): "smooth", (True, False): "intermittent",
           (False, True): "erratic", (True, True): "lumpy"}[(adi > 1.32, cv2 > 0.49)]
    return adi, cv2, cls


def golden(x):
    return _ses_lib.golden_section_ses(np.ascontiguousarray(x, dtype=float), 0.1, 0.3)


def croston_fits(y, alpha_z, alpha_p):
    z, p = y[y > 0], _intervals(y)
    zf, zfit = _ses_forecast(z, alpha_z)
    pf, pfit = _ses_forecast(p, alpha_p)
    return (_expand_fitted_demand(np.append(zfit, zf), y) /
            _expand_fitted_intervals(np.append(pfit, pf), y))


def chunk_fits(y, k):
    """Block sums of y without its first n mod k values, SES at the optimised alpha; each block's
    one-step fit / k over its k periods (NaN for the dropped values and the first block)."""
    n = len(y)
    lost = n % k
    fits = np.full(n, np.nan)
    if n - lost < k:
        return fits
    sums = y[lost:].reshape(-1, k).sum(axis=1)
    if sums.size <= 1:
        return fits
    _, sf = _ses_forecast(sums, golden(sums))
    for b in range(1, sums.size):
        fits[lost + b * k: lost + (b + 1) * k] = sf[b] / k
    return fits


def dispersion_fits(name, y, fitted):
    """The one-step fits the dispersion uses (see COUNT INTERVALS)."""
    if (y == 0).all() or name not in ("CrostonOptimized", "ADIDA", "IMAPA"):
        return fitted
    if name == "CrostonOptimized":
        return croston_fits(y, golden(y[y > 0]), golden(_intervals(y)))
    k_max = round(_intervals(y).mean())
    if name == "ADIDA":
        return chunk_fits(y, k_max)
    levels = np.array([chunk_fits(y, k) for k in range(1, k_max + 1)])
    defined = np.isfinite(levels)
    total = np.where(defined, levels, 0.0).sum(axis=0)
    count = defined.sum(axis=0)
    return np.where(count > 0, total / np.maximum(count, 1), np.nan)


def nearest_limits(dist, level):
    """The nearest-probability rule (see COUNT INTERVALS) on a scipy discrete distribution."""
    L = level / 100
    t = (1 - L) / 2
    F = lambda k: 0.0 if k < 0 else float(dist.cdf(k))
    lower = int(dist.ppf(t))
    target = min(F(lower - 1) + L, np.nextafter(1.0, 0.0))
    q2 = max(lower, int(dist.ppf(target)))
    upper = q2 - 1 if q2 > lower and target - F(q2 - 1) < F(q2) - target else q2
    return float(lower), float(upper)


def predictive_dispersion(phi, n, level):
    """Rule B (docs/Forecasting.md, "Revised rules"): phi_L = max(phi, 1) * (t_{N,q} / z_q)^2,
    q = 1 - (1 - L)/2, N = the number of Pearson terms; None (Poisson) when N = 0."""
    if n == 0:
        return None
    q = 1 - (1 - level / 100) / 2
    ratio = stats.t.ppf(q, n) / stats.norm.ppf(q)
    return max(phi, 1.0) * ratio * ratio


def count_intervals(y, fitted, mu):
    total, n = 0.0, 0
    for v, f in zip(y, fitted):
        if np.isfinite(f) and f > 0:
            total += (v - f) * (v - f) / f
            n += 1
    phi = total / n if n > 0 else float("nan")
    out = {"dispersion": phi if n > 0 and phi > 1 else 1.0, "dispersion_terms": float(n)}
    for level in (80, 95):
        phi_l = predictive_dispersion(phi, n, level)
        if mu == 0:
            dist = None
        elif phi_l is not None:
            size = mu / (phi_l - 1)
            dist = stats.nbinom(size, size / (size + mu))
        else:
            dist = stats.poisson(mu)
        lo, hi = (0.0, 0.0) if dist is None else nearest_limits(dist, level)
        out[f"lower{level}"], out[f"upper{level}"] = lo, hi
    return out


def num(v):
    v = float(v)
    return "NaN" if np.isnan(v) else repr(v)


def main():
    series = real_series() + synthetic_series()
    header = f"# statsforecast {statsforecast.__version__}, numpy {np.__version__}, seed {SEED}"
    with open(os.path.join(HERE, "intermittent_series.csv"), "w", newline="") as f:
        f.write(header + "\n")
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["series_id", "source", "label", "t", "y"])
        for sid, src, label, y in series:
            for t, v in enumerate(y):
                w.writerow([sid, src, label, t + 1, num(v)])
    with open(os.path.join(HERE, "intermittent_summary.csv"), "w", newline="") as f:
        f.write(header + "\n")
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["series_id", "n", "adi", "cv2", "sbc_class"])
        for sid, _, _, y in series:
            adi, cv2, cls = classify(y)
            w.writerow([sid, len(y), num(adi), num(cv2), cls])
    rows = 0
    with open(os.path.join(HERE, "intermittent_reference.csv"), "w", newline="") as f:
        f.write(header + f", h {H}\n")
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["series_id", "model", "output", "t", "value"])
        for sid, _, _, y in series:
            ya = np.asarray(y, dtype=float)
            for name, make in MODELS:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    res = make().forecast(y=ya, h=H, fitted=True)
                for t, v in enumerate(res["mean"]):
                    w.writerow([sid, name, "mean", t + 1, num(v)])
                for t, v in enumerate(res["fitted"]):
                    w.writerow([sid, name, "fitted", t + 1, num(v)])
                rows += len(res["mean"]) + len(res["fitted"])
                if np.all(ya == np.round(ya)):
                    fits = dispersion_fits(name, ya, res["fitted"])
                    for key, v in count_intervals(ya, fits, float(res["mean"][0])).items():
                        w.writerow([sid, name, key, 1, num(v)])
                        rows += 1
    print(f"{len(series)} series × {len(MODELS)} models, {rows} values; {header[2:]}", file=sys.stderr)


if __name__ == "__main__":
    main()
