"""statsforecast fitting the default combination's members (AutoETS, AutoARIMA, AutoCES,
DynamicOptimizedTheta) on the first N M3 training series, single thread, for the speed comparison
with `safercity m3-eval` (issue 13). Each model's `forecast(y, h, level=[80, 95])` (fit + forecast
with intervals, as m3-eval times ours). Numba compilation is excluded: one series is fitted first
as a warm-up. Prints seconds per member and series per second for the three together.
Usage: /work/venv-sf/bin/python benchmarks/forecasting/combo_speed.py [monthly|yearly] [N]"""
import os, sys, time
os.environ.setdefault("NUMBA_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")
import numpy as np
import pandas as pd
import statsforecast
from statsforecast.models import AutoARIMA, AutoCES, AutoETS, DynamicOptimizedTheta

subset = sys.argv[1] if len(sys.argv) > 1 else "monthly"
limit = int(sys.argv[2]) if len(sys.argv) > 2 else 0
m, h = (12, 18) if subset == "monthly" else (1, 6)
train = pd.read_csv(f"notebooks-data/m3/m3_{subset}_train.csv")
series = [g.sort_values("period_index")["value"].to_numpy(float) for _, g in train.groupby("series_id", sort=False)]
if limit > 0:
    series = series[:limit]
models = {"AutoETS": lambda: AutoETS(season_length=m), "AutoARIMA": lambda: AutoARIMA(season_length=m),
          "AutoCES": lambda: AutoCES(season_length=m), "DynamicOptimizedTheta": lambda: DynamicOptimizedTheta(season_length=m)}
seconds = {}
for name, make in models.items():
    make().forecast(y=series[0], h=h, level=[80, 95])  # numba warm-up
    t0 = time.perf_counter()
    for y in series:
        make().forecast(y=y, h=h, level=[80, 95])
    seconds[name] = time.perf_counter() - t0
total = sum(seconds.values())
print(f"statsforecast {statsforecast.__version__} ({subset}, {len(series)} series, one thread): "
      + ", ".join(f"{k} {v:.1f} s" for k, v in seconds.items())
      + f"; members together: {len(series) / total:.2f} series/s")
