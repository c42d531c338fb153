#!/usr/bin/env python3
"""Reference values for SaferCity's complex exponential smoothing (`CES`, issue 13).

Run (statsforecast in a venv outside the repository):

    python3 -m venv /work/venv-sf && /work/venv-sf/bin/pip install statsforecast==2.1.1
    /work/venv-sf/bin/python notebooks-data/references/forecasting/ces_reference.py

Writes `ces_reference.csv` next to this script (Tests/ForecastingTests/CESTests.swift reads it; no
Python is needed to run the tests): series_id, model, output, t, value, where model is one of
N, S, P, F (that kind fitted alone: statsforecast.ces.auto_ces(y, m, model=kind)) or Z (AutoCES's
automatic choice) and the outputs are the chosen kind `seasontype` (t = 0; 0..3 = N, S, P, F),
the parameters `alpha_0`, `alpha_1`, `beta_0`, `beta_1` (t = 0; NaN where the kind has none), the
criterion `lik` (n log SSE; `aicc`, `sigma2` likewise at t = 0), the point forecasts `mean`
(t = 1..h) and the 80/95% limits `lo80`, `hi80`, `lo95`, `hi95` (statsforecast simulates 5,000
paths with numpy's generator seeded 1, so these agree with SaferCity's exact normal limits only to
simulation error).

The series are the training parts of theta_family_series.csv (M3 monthly M1, M401, M801, M1201,
M1402 with period 12 and horizon 18; yearly Y1, Y201, Y401, Y601 with period 1 and horizon 6).
Every number is written with repr() (17 significant digits); NaN as "NaN".
"""
import csv
import os

import numpy as np
import statsforecast
from statsforecast.ces import auto_ces, forecast_ces

HERE = os.path.dirname(os.path.abspath(__file__))
KINDS = ["N", "S", "P", "F"]


def main():
    series = {}
    periods = {}
    with open(os.path.join(HERE, "theta_family_series.csv")) as f:
        for row in csv.DictReader(f):
            series.setdefault(row["series_id"], []).append(float(row["y"]))
            periods[row["series_id"]] = int(row["period"])
    rows = []

    def add(sid, model, output, t, value):
        rows.append((sid, model, output, t, repr(float(value))))

    for sid, y in series.items():
        y = np.array(y)
        m = periods[sid]
        h = 18 if m == 12 else 6
        for model in KINDS + ["Z"]:
            if m == 1 and model != "Z" and model != "N":
                continue
            fit = auto_ces(y, m, model=model)
            fc = forecast_ces(fit, h, level=[80, 95])
            add(sid, model, "seasontype", 0, KINDS.index(fit["seasontype"]))
            for p in ["alpha_0", "alpha_1", "beta_0", "beta_1"]:
                add(sid, model, p, 0, fit["par"][p])
            add(sid, model, "lik", 0, -2 * fit["loglik"])
            add(sid, model, "aicc", 0, fit["aicc"])
            add(sid, model, "sigma2", 0, fit["sigma2"])
            for out in ["mean", "lo-80", "hi-80", "lo-95", "hi-95"]:
                for t, v in enumerate(fc[out], start=1):
                    add(sid, model, out.replace("-", ""), t, v)
    with open(os.path.join(HERE, "ces_reference.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["series_id", "model", "output", "t", "value"])
        w.writerows(rows)
    print(f"statsforecast {statsforecast.__version__}: {len(rows)} rows")


if __name__ == "__main__":
    main()
