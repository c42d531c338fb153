#!/usr/bin/env python3
"""Reference values for SaferCity's optimised Theta family and conformal intervals (issue 13).

Run (statsforecast in a venv outside the repository):

    python3 -m venv /work/venv-sf && /work/venv-sf/bin/pip install statsforecast
    /work/venv-sf/bin/python notebooks-data/references/forecasting/theta_family_reference.py

Writes next to this script (Tests/ForecastingTests/OptimizedThetaTests.swift reads them; no Python
is needed to run the tests):

* `theta_family_series.csv`    -- series_id, period, t, y: the input series (real M3 training
                                  parts from notebooks-data/m3, chosen below);
* `theta_family_reference.csv` -- series_id, model, output, t, value, where for each model
                                  (STM, OTM, DSTM, DOTM fitted alone; AutoTheta) the outputs are
                                  the fitted parameters (`initial_smoothed`, `alpha`, `theta`,
                                  t = 0), statsforecast's selection criterion `mse` (t = 0), the
                                  chosen `modeltype` (AutoTheta; value 0..3 = STM, OTM, DSTM,
                                  DOTM), `decomposed` (1 multiplicative, 2 additive, 0 none),
                                  the point forecasts `mean` (t = 1..h) and the 80/95% limits
                                  `lo80`, `hi80`, `lo95`, `hi95` (statsforecast simulates 200
                                  paths with numpy's generator, so these agree with ours only to
                                  simulation error);
                                  model `ConformalNaive` / `ConformalDOTM`: `Naive()` and
                                  `DynamicOptimizedTheta(season_length=m)` with
                                  `prediction_intervals=ConformalIntervals(h=h, n_windows=W)`:
                                  `mean`, `lo80`, `hi80`, `lo95`, `hi95`.

Models are called through statsforecast.theta.auto_theta / forecast_theta (what the
`OptimizedTheta`, `DynamicOptimizedTheta`, `Theta`, `DynamicTheta` and `AutoTheta` classes call)
with nmse = 3 and multiplicative decomposition by default; the conformal references go through
the model classes' `forecast(y, h, level)`.

Every number is written with repr() (17 significant digits); NaN as "NaN".

Series: M3 monthly M1, M401, M801, M1201, M1402 (period 12), M3 yearly Y1, Y201, Y401, Y601
(period 1), the monthly series' horizon 18 and the yearly series' 6; conformal with h = 6 and
W = 2 and 3 on M401 and Y201.
"""
import csv
import os

import numpy as np
import statsforecast
from statsforecast.models import ConformalIntervals, DynamicOptimizedTheta, Naive
from statsforecast.theta import auto_theta, forecast_theta

HERE = os.path.dirname(os.path.abspath(__file__))
M3 = os.path.join(HERE, "..", "..", "m3")
MONTHLY = ["M1", "M401", "M801", "M1201", "M1402"]
YEARLY = ["Y1", "Y201", "Y401", "Y601"]
TYPES = ["STM", "OTM", "DSTM", "DOTM"]


def load(kind, ids):
    want = set(ids)
    out = {i: [] for i in ids}
    with open(os.path.join(M3, f"m3_{kind}_train.csv")) as f:
        for row in csv.DictReader(f):
            if row["series_id"] in want:
                out[row["series_id"]].append(float(row["value"]))
    return out


def main():
    series = []
    for sid, y in load("monthly", MONTHLY).items():
        series.append((sid, 12, 18, np.array(y)))
    for sid, y in load("yearly", YEARLY).items():
        series.append((sid, 1, 6, np.array(y)))
    rows = []

    def add(sid, model, output, t, value):
        rows.append((sid, model, output, t, repr(float(value))))

    for sid, m, h, y in series:
        for model in TYPES + [None]:
            name = model or "AutoTheta"
            fit = auto_theta(y, m, model=model)
            fc = forecast_theta(fit, h, level=[80, 95])
            for k in ("initial_smoothed", "alpha", "theta"):
                add(sid, name, k, 0, fit["par"][k])
            add(sid, name, "mse", 0, fit["mse"])
            add(sid, name, "modeltype", 0, TYPES.index(fit["modeltype"]))
            dec = 0
            if fit.get("decompose", False):
                dec = 1 if fit["decomposition_type"] == "multiplicative" else 2
            add(sid, name, "decomposed", 0, dec)
            for out, key in (("mean", "mean"), ("lo80", "lo-80"), ("hi80", "hi-80"), ("lo95", "lo-95"), ("hi95", "hi-95")):
                for t, v in enumerate(fc[key], start=1):
                    add(sid, name, out, t, v)
    for sid, m, _, y in series:
        if sid not in ("M401", "Y201"):
            continue
        for w in (2, 3):
            for label, model in (("ConformalNaive", Naive(prediction_intervals=ConformalIntervals(h=6, n_windows=w))),
                                 ("ConformalDOTM", DynamicOptimizedTheta(season_length=m, prediction_intervals=ConformalIntervals(h=6, n_windows=w)))):
                fc = model.forecast(y=y, h=6, level=[80, 95])
                for out, key in (("mean", "mean"), ("lo80", "lo-80"), ("hi80", "hi-80"), ("lo95", "lo-95"), ("hi95", "hi-95")):
                    for t, v in enumerate(fc[key], start=1):
                        add(sid, f"{label}W{w}", out, t, v)

    with open(os.path.join(HERE, "theta_family_series.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["series_id", "period", "t", "y"])
        for sid, m, _, y in series:
            for t, v in enumerate(y, start=1):
                w.writerow([sid, m, t, repr(float(v))])
    with open(os.path.join(HERE, "theta_family_reference.csv"), "w", newline="") as f:
        f.write(f"# statsforecast {statsforecast.__version__}, numpy {np.__version__}\n")
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["series_id", "model", "output", "t", "value"])
        w.writerows(rows)


if __name__ == "__main__":
    main()
