#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""statsforecast side of scripts/scale-benchmark.sh: the same panel, the same job, end to end.

    python scale_benchmark_statsforecast.py PANEL.csv MODEL WORKERS OUT.csv

Reads the tidy panel (lsoa,crime_type,month,count), forecasts 12 months with 80 % and 95 %
intervals for every series with StatsForecast(models=[MODEL], freq="MS", n_jobs=WORKERS), and
writes the forecasts as CSV: the job `safercity forecast PANEL --by lsoa,crime_type` does.
MODEL: naive | snaive | theta | ets (Naive, SeasonalNaive(12), Theta(12), AutoETS(12)).
Numba's compilation is excluded (one short series is forecast first, populating statsforecast's
numba cache that the worker processes reuse). Prints one line:
    statsforecast VERSION MODEL workers W: N series, read R s, fit F s, write W s, total T s, CPU C s
(CPU: this process's user + sys time for read, fit and write — with workers > 1 the fitting is in
child processes and not counted, so CPU is meaningful for 1 worker only.)
"""
import os
import sys
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")
os.environ.setdefault("NUMBA_NUM_THREADS", "1")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import statsforecast  # noqa: E402
from statsforecast import StatsForecast  # noqa: E402
from statsforecast.models import AutoETS, Naive, SeasonalNaive, Theta  # noqa: E402

MODELS = {
    "naive": lambda: Naive(),
    "snaive": lambda: SeasonalNaive(season_length=12),
    "theta": lambda: Theta(season_length=12),
    "ets": lambda: AutoETS(season_length=12),
}


def main(argv):
    if len(argv) != 4 or argv[1] not in MODELS:
        sys.exit(__doc__)
    panel, name, workers, out = argv[0], argv[1], int(argv[2]), argv[3]
    # warm-up: numba compilation (cached on disk for the worker processes)
    ds = pd.date_range("2019-01-01", periods=36, freq="MS")
    warm = pd.DataFrame({"unique_id": "w", "ds": ds, "y": np.arange(36, dtype=float) % 7 + 1})
    StatsForecast(models=[MODELS[name]()], freq="MS", n_jobs=1).forecast(df=warm, h=12, level=[80, 95])

    t0 = time.perf_counter()
    c0 = time.process_time()
    df = pd.read_csv(panel, dtype={"lsoa": str, "crime_type": str, "month": str, "count": float})
    df = pd.DataFrame({"unique_id": df["lsoa"] + "/" + df["crime_type"],
                       "ds": pd.to_datetime(df["month"], format="%Y-%m"), "y": df["count"]})
    t1 = time.perf_counter()
    sf = StatsForecast(models=[MODELS[name]()], freq="MS", n_jobs=workers)
    fc = sf.forecast(df=df, h=12, level=[80, 95])
    t2 = time.perf_counter()
    fc.to_csv(out, index=False)
    t3 = time.perf_counter()
    c3 = time.process_time()
    n = df["unique_id"].nunique()
    print(f"statsforecast {statsforecast.__version__} {name} workers {workers}: {n} series, "
          f"read {t1 - t0:.1f} s, fit {t2 - t1:.1f} s, write {t3 - t2:.1f} s, total {t3 - t0:.1f} s, "
          f"CPU of this process (read + fit + write) {c3 - c0:.2f} s")


if __name__ == "__main__":
    main(sys.argv[1:])
