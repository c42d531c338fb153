#!/usr/bin/env python3
"""statsforecast's intermittent-demand methods on a generated count panel, one thread (issue 17).

Usage: intermittent_speed.py PANEL.csv N_AREAS
Writes PANEL.csv (wide: area, crime_type, 48 monthly counts; the generator of
notebooks-data/references/forecasting/intermittent_panel.py with N_AREAS areas × 5 crime types),
then times, per model, statsforecast's per-series `model.forecast(y=…, h=3)` over every series
(the call StatsForecast makes for each series, without its data-frame overhead), once without and
once with `fitted=True` (the in-sample fits SaferCity computes for its count intervals); a warm-up
call first. Prints "model seconds_forecast_only seconds_with_fitted series".
"""
import importlib.util
import os
import sys
import time
import warnings

import numpy as np
from statsforecast.models import ADIDA, IMAPA, TSB, CrostonClassic, CrostonOptimized, CrostonSBA

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location(
    "panel", os.path.join(HERE, "..", "..", "notebooks-data", "references", "forecasting", "intermittent_panel.py"))
panel_mod = importlib.util.module_from_spec(spec)
spec.loader.exec_module(panel_mod)


def main():
    path, n_areas = sys.argv[1], int(sys.argv[2])
    panel = panel_mod.generate(dict(panel_mod.DESIGN, areas=n_areas))
    with open(path, "w") as f:
        f.write("area,crime_type," + ",".join(panel_mod.months()) + "\n")
        for area, crime, y in panel:
            f.write(f"{area},{crime}," + ",".join(str(int(v)) for v in y) + "\n")
    series = [np.asarray(y, dtype=float) for _, _, y in panel]
    models = [("croston", CrostonClassic), ("croston:optimized", CrostonOptimized), ("croston:sba", CrostonSBA),
              ("tsb:0.1:0.1", lambda: TSB(alpha_d=0.1, alpha_p=0.1)), ("adida", ADIDA), ("imapa", IMAPA)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for name, make in models:
            times = []
            for fitted in (False, True):
                make().forecast(y=series[0], h=3, fitted=fitted)
                start = time.perf_counter()
                for y in series:
                    make().forecast(y=y, h=3, fitted=fitted)
                times.append(time.perf_counter() - start)
            print(name, f"{times[0]:.3f}", f"{times[1]:.3f}", len(series), flush=True)


if __name__ == "__main__":
    main()
