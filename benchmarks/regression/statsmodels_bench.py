"""statsmodels side of the Regression benchmark (synthetic, seeded data; same models and sizes as
the ordo-one target benchmarks/Benchmarks/RegressionBenchmarks). Times model fitting only (data already in memory).

usage: statsmodels_bench.py POINTS SERIES [SERIES_TIMED]
  SERIES_TIMED (default min(SERIES, 10000)): statsmodels OLS is timed on this many series and the
  per-series time is scaled to SERIES (reported both ways)."""
import sys, time
import numpy as np
import statsmodels.api as sm

points = int(sys.argv[1]); series = int(sys.argv[2])
timed = int(sys.argv[3]) if len(sys.argv) > 3 else min(series, 10_000)
rng = np.random.default_rng(42)

def design(n):
    t = np.arange(1, n + 1, dtype=float)
    month = (np.arange(n) % 12) + 1
    cols = [np.ones(n), t] + [(month == k).astype(float) for k in range(2, 13)]
    return np.column_stack(cols), t

X, t = design(points)
mu = np.exp(2 + 0.3 * np.sin(2 * np.pi * t / 12) + 1e-7 * t)
y = rng.poisson(mu).astype(float)
best = np.inf
for _ in range(3):
    t0 = time.perf_counter()
    res = sm.GLM(y, X, family=sm.families.Poisson()).fit()
    best = min(best, time.perf_counter() - t0)
print(f"statsmodels poisson n={points} p=13: {best:.3f} s (best of 3), deviance {res.deviance:.6f}")

n = 120
Xp, tp = design(n)
Y = 50 + 0.1 * tp[:, None] + 5 * np.sin(2 * np.pi * tp / 12)[:, None] + rng.normal(0, 4, size=(n, series))
t0 = time.perf_counter()
for j in range(timed):
    r = sm.OLS(Y[:, j], Xp).fit()
    _ = (r.params, r.bse, r.rsquared)
el = time.perf_counter() - t0
print(f"statsmodels OLS loop: {el:.3f} s for {timed} series = {el / timed * 1e6:.1f} µs per series; "
      f"scaled to {series}: {el / timed * series:.3f} s")
t0 = time.perf_counter()
B, rss, rank, sv = np.linalg.lstsq(Xp, Y, rcond=None)
XtXi = np.linalg.inv(Xp.T @ Xp)
se = np.sqrt(np.outer(np.diag(XtXi), rss / (n - Xp.shape[1])))
print(f"numpy batched lstsq (not statsmodels, for reference): {time.perf_counter() - t0:.3f} s for {series} series")
