#!/usr/bin/env python3
"""A generated small-area count panel and statsforecast's forecasts on it (issue 17, evaluation).

Run (statsforecast in a venv outside the repository, as intermittent_reference.py):

    /work/venv-sf/bin/python notebooks-data/references/forecasting/intermittent_panel.py            # design panel
    /work/venv-sf/bin/python notebooks-data/references/forecasting/intermittent_panel.py --holdout  # evaluation panel
    /work/venv-sf/bin/python notebooks-data/references/forecasting/intermittent_panel.py --fresh    # third panel
    /work/venv-sf/bin/python notebooks-data/references/forecasting/intermittent_panel.py --gp-a     # generate_panel.py, seed 17001
    /work/venv-sf/bin/python notebooks-data/references/forecasting/intermittent_panel.py --gp-b     # generate_panel.py, seed 17002

The --gp-a / --gp-b panels come from scripts/generate_panel.py (the calibrated LSOA x 14 crime types
generator, GENERATED data): gp-A seed 17001, 1400 series x 48 months, origins 36/39/42/45; gp-B seed
17002, 1400 series x 60 months, origins 48/51/54/57 (files intermittent_panel_gp_a*.csv, _gp_b*).

Two panels. The DESIGN panel (seed 172026, the settings below) is the one the count-interval rule
and the automatic choice's window were looked at on. The HOLDOUT panel (`--holdout`, files
`intermittent_panel_holdout*.csv`) was generated afterwards with a different seed and settings
(HOLDOUT below: 80 areas × 60 months, area level exp(N(−0.4, 1.0²)), gamma–Poisson size 1.5,
trend sd 0.01, seasonal amplitude 0.3, origins 48, 51, 54, 57) and is the one the targets are
judged on; nothing was tuned on it. The FRESH panel (`--fresh`, files `intermittent_panel_fresh*.csv`:
seed 20280101, 100 areas × 54 months, level exp(N(−0.5, 0.8²)), size 2.5, trend sd 0.008, amplitude
0.25, origins 42, 45, 48, 51) was generated after the first automatic-choice rule failed on the
HOLDOUT panel, to judge the revised rule on data it had not seen (docs/Forecasting.md).

Writes next to this script (read by Tests/ForecastingTests/IntermittentPanelTests.swift):

* `intermittent_panel.csv` — wide: area, crime_type, then one count column per month
  2015-01 … 2018-12: 60 synthetic LSOAs × 5 crime types × 48 months (zeros written). Generated with numpy
  default_rng(SEED): area level exp(N(−0.6, 0.9²)); crime-type multipliers (anti-social behaviour
  1.5, violence 1.0, burglary 0.35, vehicle crime 0.45, shoplifting 0.25 × a gamma(0.5, 2) "has
  shops" factor per area); a seasonal factor 1 + 0.2 sin(2π(month − 4)/12) for anti-social
  behaviour and violence; a trend exp(b·t), b ~ N(0, 0.006²); counts gamma–Poisson (negative
  binomial, size 2) around that mean. Most cells are 0, 1 or 2, as at LSOA level in police.uk.
* `intermittent_panel_summary.csv` — model, rmsse, mase, coverage80, coverage95,
  negative_lower_share, negative_mean_share of statsforecast's forecasts from the rolling origins
  36, 39, 42, 45 (h = 1…3; 300 series × 4 origins × 3 horizons), as defined in evaluate(), for
  CrostonClassic, CrostonOptimized, CrostonSBA, TSB(0.1, 0.1), ADIDA, IMAPA (point forecasts;
  statsforecast has no native intervals for them) and AutoETS(season_length = 12) with its 80/95%
  intervals. The Swift test recomputes the same metrics for SaferCity's methods (the point
  forecasts are statsforecast's, so RMSSE/MASE must agree to rounding), its count intervals and
  auto-count.

Timing (stderr, one thread, not written to the files): statsforecast's forecast for each model on
the 300 × 4 fits, numba/compile warm-up excluded (each model is run once on one series first).
"""
import csv
import os
import sys
import time
import warnings

import numpy as np
import statsforecast
from statsforecast.models import (ADIDA, IMAPA, TSB, AutoETS, CrostonClassic, CrostonOptimized,
                                  CrostonSBA)

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = 17_2026
N_AREAS, N_MONTHS, H = 60, 48, 3
ORIGINS = (36, 39, 42, 45)
DESIGN = dict(seed=SEED, areas=N_AREAS, months=N_MONTHS, origins=ORIGINS, level=(-0.6, 0.9), size=2.0,
              trend_sd=0.006, amplitude=0.2, suffix="")
HOLDOUT = dict(seed=2027_0317, areas=80, months=60, origins=(48, 51, 54, 57), level=(-0.4, 1.0), size=1.5,
               trend_sd=0.01, amplitude=0.3, suffix="_holdout")
FRESH = dict(seed=2028_0101, areas=100, months=54, origins=(42, 45, 48, 51), level=(-0.5, 0.8), size=2.5,
             trend_sd=0.008, amplitude=0.25, suffix="_fresh")
# Panels from scripts/generate_panel.py (the realistic, calibrated LSOA x 14-crime-type generator;
# GENERATED data, LSOA codes GEN...), seeds and sizes fixed before scoring (docs/Forecasting.md).
GP_A = dict(seed=17001, series=1400, months=48, origins=(36, 39, 42, 45), suffix="_gp_a", generator=True)
GP_B = dict(seed=17002, series=1400, months=60, origins=(48, 51, 54, 57), suffix="_gp_b", generator=True)
SETTINGS = (HOLDOUT if "--holdout" in sys.argv else FRESH if "--fresh" in sys.argv else GP_A if "--gp-a" in sys.argv
            else GP_B if "--gp-b" in sys.argv else DESIGN)
CRIMES = [("Anti-social behaviour", 1.5, True), ("Violence and sexual offences", 1.0, True),
          ("Burglary", 0.35, False), ("Vehicle crime", 0.45, False), ("Shoplifting", 0.25, False)]
MODELS = [
    ("CrostonClassic", lambda: CrostonClassic()),
    ("CrostonOptimized", lambda: CrostonOptimized()),
    ("CrostonSBA", lambda: CrostonSBA()),
    ("TSB(0.1,0.1)", lambda: TSB(alpha_d=0.1, alpha_p=0.1)),
    ("ADIDA", lambda: ADIDA()),
    ("IMAPA", lambda: IMAPA()),
    ("AutoETS", lambda: AutoETS(season_length=12)),
]


def generate_gp(cfg):
    """The tidy CSV of scripts/generate_panel.py (numpy backend), read back as (lsoa, type, counts)."""
    import subprocess
    import tempfile
    repo = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "panel.csv")
        subprocess.run([sys.executable, os.path.join(repo, "scripts", "generate_panel.py"), "--series", str(cfg["series"]),
                        "--months", str(cfg["months"]), "--seed", str(cfg["seed"]), "--backend", "numpy", "--output", out],
                       check=True)
        series = {}
        with open(out) as f:
            for r in csv.DictReader(f):
                series.setdefault((r["lsoa"], r["crime_type"]), []).append(float(r["count"]))
    return [(a, c, np.array(v)) for (a, c), v in series.items()]


def generate(cfg=None):
    cfg = cfg or SETTINGS
    if cfg.get("generator"):
        return generate_gp(cfg)
    rng = np.random.default_rng(cfg["seed"])
    t = np.arange(cfg["months"])
    month = t % 12 + 1
    season = 1 + cfg["amplitude"] * np.sin(2 * np.pi * (month - 4) / 12)
    panel = []
    for a in range(cfg["areas"]):
        level = np.exp(rng.normal(*cfg["level"]))
        shops = rng.gamma(0.5, 2.0)
        for crime, mult, seasonal in CRIMES:
            m = level * mult * (shops if crime == "Shoplifting" else 1.0)
            mu = m * (season if seasonal else 1.0) * np.exp(rng.normal(0, cfg["trend_sd"]) * t)
            counts = rng.poisson(rng.gamma(cfg["size"], mu / cfg["size"]))
            panel.append((f"LSOA-{a + 1:03d}", crime, counts.astype(float)))
    return panel


def months():
    first = 2019 if SETTINGS.get("generator") else 2015
    return [f"{first + i // 12}-{i % 12 + 1:02d}" for i in range(SETTINGS["months"])]


def evaluate(rows):
    """rows: (train, test, mean[h], lo80, hi80, lo95, hi95) per (series, origin).
    RMSSE = sqrt(mean_h (y − ŷ)² / mean_t (y_t − y_{t−1})² over the training part), MASE the same
    with absolute values, each averaged over the (series, origin) pairs whose training part is not
    constant; coverage and negative shares over all test points."""
    rmsse, mase, c80, c95, neg_lo, neg_mean, points = [], [], 0, 0, 0, 0, 0
    for train, test, mean, lo80, hi80, lo95, hi95 in rows:
        d = np.diff(train)
        s2, s1 = np.mean(d * d), np.mean(np.abs(d))
        e = test - mean
        if s2 > 0:
            rmsse.append(np.sqrt(np.mean(e * e) / s2))
            mase.append(np.mean(np.abs(e)) / s1)
        for i in range(len(test)):
            points += 1
            if lo80 is not None:
                c80 += lo80[i] <= test[i] <= hi80[i]
                c95 += lo95[i] <= test[i] <= hi95[i]
                neg_lo += min(lo80[i], lo95[i]) < 0
            neg_mean += mean[i] < 0
    has_pi = rows[0][3] is not None
    return dict(rmsse=float(np.mean(rmsse)), mase=float(np.mean(mase)),
                coverage80=c80 / points if has_pi else float("nan"),
                coverage95=c95 / points if has_pi else float("nan"),
                negative_lower_share=neg_lo / points if has_pi else float("nan"),
                negative_mean_share=neg_mean / points)


def num(v):
    v = float(v)
    return "NaN" if np.isnan(v) else repr(v)


def main():
    panel = generate()
    sfx = SETTINGS["suffix"]
    header = f"# statsforecast {statsforecast.__version__}, numpy {np.__version__}, seed {SETTINGS['seed']}"
    with open(os.path.join(HERE, f"intermittent_panel{sfx}.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["area", "crime_type"] + months())
        for area, crime, y in panel:
            w.writerow([area, crime] + [int(v) for v in y])
    zeros = np.mean([v == 0 for _, _, y in panel for v in y])
    small = np.mean([v <= 2 for _, _, y in panel for v in y])
    print(f"{len(panel)} series, {zeros:.1%} zeros, {small:.1%} of cells ≤ 2", file=sys.stderr)

    summary = {}
    if True:
        for name, make in MODELS:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                make().forecast(y=panel[0][2][:SETTINGS["origins"][0]], h=H, level=[80, 95] if name == "AutoETS" else None)
                rows, start = [], time.perf_counter()
                for area, crime, y in panel:
                    for o in SETTINGS["origins"]:
                        train = y[:o]
                        if name == "AutoETS":
                            r = make().forecast(y=train, h=H, level=[80, 95])
                            pis = [r["lo-80"], r["hi-80"], r["lo-95"], r["hi-95"]]
                        else:
                            r = make().forecast(y=train, h=H)
                            pis = [None] * 4
                        rows.append((train, y[o:o + H], r["mean"], *pis))
                seconds = time.perf_counter() - start
            summary[name] = evaluate(rows)
            print(f"{name}: {len(rows)} fits in {seconds:.3f} s ({len(rows) / seconds:.0f} fits/s)", file=sys.stderr)
    with open(os.path.join(HERE, f"intermittent_panel{sfx}_summary.csv"), "w", newline="") as f:
        f.write(header + "\n")
        w = csv.writer(f, lineterminator="\n")
        keys = ["rmsse", "mase", "coverage80", "coverage95", "negative_lower_share", "negative_mean_share"]
        w.writerow(["model"] + keys)
        for name, s in summary.items():
            w.writerow([name] + [num(s[k]) for k in keys])
            print(name, " ".join(f"{k}={s[k]:.4f}" for k in keys), file=sys.stderr)


if __name__ == "__main__":
    main()
