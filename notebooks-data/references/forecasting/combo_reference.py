#!/usr/bin/env python3
"""Reference point forecasts for SaferCity's default combination `combo` (issue 13): the median of
the four members' forecasts, each member from the reference implementation it follows.

Run (statsforecast in a venv outside the repository):

    python3 -m venv /work/venv-sf && /work/venv-sf/bin/pip install statsforecast==2.1.1
    /work/venv-sf/bin/python notebooks-data/references/forecasting/combo_reference.py

Members, per series:
- `ets`: R's `ets(y)` point forecasts (forecast 8.20), read from the committed ets_auto.json
  (make_reference.R);
- `auto.arima`: R's `auto.arima(y)` point forecasts, read from the committed auto_arima.json
  (make_auto_arima.R);
- `ces`: statsforecast 2.1.1 `AutoCES(season_length=m).forecast(y, h)["mean"]`;
- `dotm`: statsforecast 2.1.1 `DynamicOptimizedTheta(season_length=m).forecast(y, h)["mean"]`.

The combination is the median over the four at each horizon (`np.median(axis=0)`, the same as the
`.median(axis=1)` of Nixtla's StatisticalEnsemble in statsforecast's experiments/m3; for four
values the mean of the middle two), written as `median`; the previous default, their mean, as
`mean`. (statsforecast's own ensemble uses its AutoETS and AutoARIMA; SaferCity's ETS and
auto.arima follow R, so R's forecasts are the members' references here.)

Series: the six classic R datasets held by both JSON files (UKDriverDeaths, AirPassengers,
ldeaths, nottem, UKgas, USAccDeaths; notebooks-data/classic_ts), with the horizon of the JSON
files (2m). Writes `combo_reference.csv` next to this script (read by
Tests/ForecastingTests/CombinationTests.swift; no Python is needed to run the tests): columns
series_id, period, output, t, value with output one of ets, auto.arima, ces, dotm, median, mean and
t = 1..h. Every number is written with repr() (17 significant digits).
"""
import csv
import json
import os

import numpy as np
import statsforecast
from statsforecast.models import AutoCES, DynamicOptimizedTheta

HERE = os.path.dirname(os.path.abspath(__file__))
SERIES = ["UKDriverDeaths", "AirPassengers", "ldeaths", "nottem", "UKgas", "USAccDeaths"]


def main():
    with open(os.path.join(HERE, "ets_auto.json")) as f:
        ets = {r["id"]: r for r in json.load(f)}
    with open(os.path.join(HERE, "auto_arima.json")) as f:
        arima = {r["id"]: r for r in json.load(f)}
    rows = []
    for sid in SERIES:
        e, a = ets[sid], arima[sid]
        if e["y"] != a["y"] or e["period"] != a["period"]:
            raise SystemExit(f"{sid}: the two JSON files hold different series")
        y = np.array(e["y"], dtype=float)
        m = int(e["period"])
        h = len(e["mean"])
        if len(a["mean"]) != h:
            raise SystemExit(f"{sid}: horizons differ ({h} and {len(a['mean'])})")
        members = {
            "ets": np.array(e["mean"], dtype=float),
            "auto.arima": np.array(a["mean"], dtype=float),
            "ces": AutoCES(season_length=m).forecast(y=y, h=h)["mean"],
            "dotm": DynamicOptimizedTheta(season_length=m).forecast(y=y, h=h)["mean"],
        }
        stacked = np.vstack(list(members.values()))
        outputs = dict(members, median=np.median(stacked, axis=0), mean=np.mean(stacked, axis=0))
        for name, values in outputs.items():
            for t, v in enumerate(values, start=1):
                rows.append((sid, m, name, t, repr(float(v))))
    with open(os.path.join(HERE, "combo_reference.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["series_id", "period", "output", "t", "value"])
        w.writerows(rows)
    print(f"statsforecast {statsforecast.__version__}: {len(rows)} rows")


if __name__ == "__main__":
    main()
