"""numpy.linalg.lstsq (LAPACK dgelsd) on the same problem as the Swift LinearAlgebraBenchmarks
(`lstsqProblem` in Benchmarks/LinearAlgebraBenchmarks): n × 14, intercept, trend, 6 weekly
Fourier harmonics. Prints JSON: best wall time of `repeats` runs and tracemalloc peak.
Usage: python lstsq_numpy.py N [repeats]"""
import json, sys, time, tracemalloc
import numpy as np
from threadpoolctl import threadpool_info, threadpool_limits

n = int(sys.argv[1]); repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3
t = np.arange(n, dtype=float)
period = 365.25 / 7
cols = [np.ones(n), t / n]
y = 10 + 2 * t / n
for k in range(1, 7):
    w = 2 * np.pi * k * t / period
    cols += [np.sin(w), np.cos(w)]
    y = y + 0.5 * np.sin(w)
y = y + ((np.arange(n, dtype=np.uint64) * np.uint64(2654435761)) % np.uint64(1000)).astype(float) / 1000 - 0.5
X = np.asfortranarray(np.column_stack(cols))
del cols
with threadpool_limits(limits=1, user_api="blas"):
    best = float("inf")
    for r in range(repeats + 1):  # first run is a warm-up
        tracemalloc.start()
        t0 = time.perf_counter()
        beta = np.linalg.lstsq(X, y, rcond=None)[0]
        dt = time.perf_counter() - t0
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        if r > 0:
            best = min(best, dt)
    info = [i for i in threadpool_info() if i["user_api"] == "blas"]
print(json.dumps({"n": n, "numpy": np.__version__, "seconds": best, "extra_peak_bytes": peak,
                  "design_bytes": X.nbytes, "blas": info[0]["internal_api"] + " " + str(info[0].get("version")),
                  "core": info[0].get("architecture"), "threads": 1, "beta0": float(beta[0])}))
