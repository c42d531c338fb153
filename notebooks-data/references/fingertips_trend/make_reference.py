#!/usr/bin/env python3
"""Reference values for SaferCity's Fingertips recent-trend marker (Indicators/FingertipsTrend.swift).

Run:  /work/venv-outcomes/bin/python notebooks-data/references/fingertips_trend/make_reference.py
      (a venv with statsmodels 0.15; `python -m venv /work/venv-outcomes && pip install statsmodels`)
Writes reference.json and prints a summary to stdout (committed as make_reference.txt).

Data: the real DfE Children in Need table C3 (notebooks-data/dfe_children_in_need/), column
Alcohol_Misuse_parent (count) over Episodes_with_assessment_factor (denominator), for every
local authority with published counts in the 5 most recent reporting years 2020/21-2024/25.

Two independent computations per area, both restating notes/fingertips-methods.md (Fingertips'
TrendMarkerCalculator), not SaferCity's code:

1. Weighted least squares (Fingertips' branch for values with 95% limits): the value is the
   percentage, its 95% limits the Wilson interval (statsmodels proportion_confint,
   method="wilson"), SE = (upper - lower)/3.92, weights 1/SE^2, t = 1..5. The fit is statsmodels
   WLS with cov_type="fixed scale" (variances known, as Fingertips: no residual scaling);
   chi2 = (slope/SE)^2. Leave-one-out slopes from 5 further WLS fits (t keeps each point's number).
2. Proportions (Fingertips' "SPC for proportions" branch): chi2 for trend from the formula in the
   notes, written out with numpy sums; the log-odds slopes (all 5 and leave-one-out) from
   statsmodels OLS of log(n/(N-n)) on t.

Marker: significant when chi2 > 9.54953570608324 and all 6 slopes have one sign (0 counts as
positive); "Increasing"/"Decreasing" by the slope of all 5 points, else "No significant change".
"""
import csv
import json
import os

import numpy as np
import statsmodels
import statsmodels.api as sm
from statsmodels.stats.proportion import proportion_confint

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "dfe_children_in_need",
                    "c3_factors_identified_at_end_of_assessment_2018_to_2025.csv")
YEARS = ["2021", "2022", "2023", "2024", "2025"]  # reporting years = 2020/21 ... 2024/25
CRIT = 9.54953570608324


def marker(chi2, slopes):
    signs = [-1 if s < 0 else 1 for s in slopes]
    stable = abs(sum(signs)) == len(slopes)
    if stable and chi2 > CRIT:
        return "increasing" if slopes[0] > 0 else "decreasing", stable
    return "no significant change", stable


def main():
    rows = {}
    with open(DATA, newline="") as f:
        for r in csv.DictReader(f):
            if r["geographic_level"] != "Local authority":
                continue
            rows.setdefault(r["new_la_code"], {})[r["time_period"]] = (r["Alcohol_Misuse_parent"], r["Episodes_with_assessment_factor"], r["la_name"])
    t = np.arange(1.0, 6.0)
    out = []
    for code in sorted(rows):
        cells = rows[code]
        if not all(y in cells for y in YEARS):
            continue
        try:
            n = np.array([float(cells[y][0]) for y in YEARS])
            N = np.array([float(cells[y][1]) for y in YEARS])
        except ValueError:  # an EES suppression symbol
            continue
        if not (np.all(n > 0) and np.all(n < N)):
            continue
        # 1. WLS on the percentage with Wilson 95% limits.
        lo, hi = proportion_confint(n, N, alpha=0.05, method="wilson")
        y, lo, hi = 100 * n / N, 100 * lo, 100 * hi
        se = (hi - lo) / 3.92
        w = 1 / se ** 2
        X = sm.add_constant(t)
        fit = sm.WLS(y, X, weights=w).fit(cov_type="fixed scale")
        wslope, wse = float(fit.params[1]), float(fit.bse[1])
        wchi = (wslope / wse) ** 2
        wslopes = [wslope]
        for k in range(5):
            keep = [i for i in range(5) if i != k]
            wslopes.append(float(sm.WLS(y[keep], X[keep], weights=w[keep]).fit(cov_type="fixed scale").params[1]))
        wmark, wstable = marker(wchi, wslopes)
        # 2. chi-squared for trend on counts; log-odds OLS slopes.
        SN, Sn, Snt, SNt, SNt2 = N.sum(), n.sum(), (n * t).sum(), (N * t).sum(), (N * t * t).sum()
        pchi = SN * (SN * Snt - Sn * SNt) ** 2 / (Sn * (SN - Sn) * (SN * SNt2 - SNt ** 2))
        logit = np.log(n / (N - n))
        pslopes = [float(sm.OLS(logit, X).fit().params[1])]
        for k in range(5):
            keep = [i for i in range(5) if i != k]
            pslopes.append(float(sm.OLS(logit[keep], X[keep]).fit().params[1]))
        pmark, pstable = marker(pchi, pslopes)
        out.append({
            "area": code, "name": cells[YEARS[0]][2], "count": n.tolist(), "denominator": N.tolist(),
            "value": y.tolist(), "lower95": lo.tolist(), "upper95": hi.tolist(),
            "wls": {"slope": wslope, "se": wse, "chi2": wchi, "slopes": wslopes, "stable": wstable, "marker": wmark},
            "proportion": {"chi2": float(pchi), "slopes": pslopes, "stable": pstable, "marker": pmark},
        })
    with open(os.path.join(HERE, "reference.json"), "w") as f:
        json.dump({"generator": "make_reference.py", "statsmodels": statsmodels.__version__, "numpy": np.__version__,
                   "years": ["2020/21", "2021/22", "2022/23", "2023/24", "2024/25"], "areas": out}, f, indent=1)
    from collections import Counter
    print(f"statsmodels {statsmodels.__version__}, numpy {np.__version__}; {len(out)} local authorities with 5 published years")
    print("WLS markers:", dict(Counter(a["wls"]["marker"] for a in out)))
    print("proportion markers:", dict(Counter(a["proportion"]["marker"] for a in out)))
    for a in out:
        if a["area"] == "E06000021":
            print("Stoke-on-Trent:", json.dumps({k: a[k] for k in ("count", "denominator", "wls", "proportion")}))


if __name__ == "__main__":
    main()
