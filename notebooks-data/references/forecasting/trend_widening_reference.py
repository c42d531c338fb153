#!/usr/bin/env python3
"""Reference values of the trend-estimation widening factor k(n, h, L) of SaferCity's combination
intervals (Sources/Forecasting/CombinationWidening.swift, issue 13):

    k(n, h, L) = t_{n-2}(q) / z(q) * sqrt(1 + x0' (X'X)^{-1} x0),  q = 1/2 + L/200,

the ratio of the least-squares linear-trend prediction interval on the time index 1..n (sigma on
n - 2 degrees of freedom) to the same interval with the parameters known. Computed independently of
the Swift code: the leverage x0'(X'X)^{-1}x0 of the point x0 = (1, n + h) from the design matrix
X = [1, t], t = 1..n, by numpy's linear solve (not the closed form 1/n + (n+h-(n+1)/2)^2/(n(n^2-1)/12)
the Swift code uses), and the quantiles from scipy.stats.t.ppf and scipy.stats.norm.ppf.

Run (scipy and numpy in a venv outside the repository, e.g. /work/venv-hf):

    /work/venv-hf/bin/python notebooks-data/references/forecasting/trend_widening_reference.py

Writes trend_widening_reference.csv next to this script (read by
Tests/ForecastingTests/TrendWideningTests.swift and Tests/SaferCityCLITests/CombinationCLITests.swift;
no Python is needed to run the tests): columns n, h, level, k, every number with repr(). Grid: the
short series of M3 yearly (n = 3, 14, 19, 41), monthly lengths (48, 115), R's USAccDeaths (n = 72,
h = 1..6, the CLI test's series), at h = 1, 6, 18 and levels 80 and 95.
"""
import csv
import os

import numpy as np
import scipy
from scipy import stats


def factor(n, h, level):
    q = 0.5 + level / 200
    t = np.arange(1, n + 1, dtype=float)
    X = np.column_stack([np.ones(n), t])
    x0 = np.array([1.0, n + h])
    leverage = x0 @ np.linalg.solve(X.T @ X, x0)
    return stats.t.ppf(q, n - 2) / stats.norm.ppf(q) * np.sqrt(1 + leverage)


rows = []
for n in (3, 14, 19, 41, 48, 115):
    for h in (1, 6, 18):
        for level in (80.0, 95.0):
            rows.append((n, h, level, factor(n, h, level)))
for h in range(1, 7):
    for level in (80.0, 95.0):
        rows.append((72, h, level, factor(72, h, level)))

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "trend_widening_reference.csv")
with open(out, "w", newline="") as f:
    f.write(f"# trend_widening_reference.py, numpy {np.__version__}, scipy {scipy.__version__}\n")
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["n", "h", "level", "k"])
    for n, h, level, k in rows:
        w.writerow([n, h, repr(level), repr(float(k))])
print(f"wrote {len(rows)} rows to {out}")
