"""statsforecast AutoETS on the M3 monthly (or yearly) training series, single thread, for the
speed comparison with `safercity m3-eval` (issue 5). Numba compilation is excluded: one series is
fitted first as a warm-up. Prints series per second and the mean sMAPE of its forecasts.
Usage: /opt/venv/bin/python benchmarks/forecasting/statsforecast_autoets.py [monthly|yearly]"""
import os, sys, time
os.environ.setdefault("NUMBA_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
import numpy as np
import pandas as pd
from statsforecast.models import AutoETS
import statsforecast

subset = sys.argv[1] if len(sys.argv) > 1 else "monthly"
m, h = (12, 18) if subset == "monthly" else (1, 6)
train = pd.read_csv(f"notebooks-data/m3/m3_{subset}_train.csv")
test = pd.read_csv(f"notebooks-data/m3/m3_{subset}_test.csv")
series = [(k, g.sort_values("period_index")["value"].to_numpy(float)) for k, g in train.groupby("series_id", sort=False)]
truth = {k: g.sort_values("period_index")["value"].to_numpy(float) for k, g in test.groupby("series_id", sort=False)}
AutoETS(season_length=m).forecast(y=series[0][1], h=h)  # numba warm-up
t0 = time.perf_counter()
smapes = []
for k, y in series:
    f = AutoETS(season_length=m).forecast(y=y, h=h)["mean"]
    a = truth[k][:h]
    smapes.append(np.mean(200 * np.abs(a - f[: len(a)]) / (np.abs(a) + np.abs(f[: len(a)]))))
dt = time.perf_counter() - t0
print(f"statsforecast {statsforecast.__version__} AutoETS ({subset}, season {m}): {len(series) / dt:.1f} series/s "
      f"({dt:.2f} s for {len(series)} series, one thread); mean sMAPE {np.mean(smapes):.3f}")
