#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Reference reconciled forecasts from Nixtla hierarchicalforecast for SaferCity's Reconciliation tests.

Run (from the repository root):
    python3 -m venv /tmp/venv-hf && /tmp/venv-hf/bin/pip install hierarchicalforecast==1.5.3 pandas numpy
    /tmp/venv-hf/bin/python notebooks-data/references/reconciliation/reconcile_reference.py

Structures (real data, plus one generated and labelled so):
  ons_region_pfa   ONS recorded crime by police force area (notebooks-data/ons_recorded_crime_pfa),
                   all offences summed, years ending March 2003-2025: England & Wales -> region -> PFA
                   (strictly hierarchical: every method, top-down and middle-out included).
  policeuk_la_crime police.uk Staffordshire counts (notebooks-data/policeuk_staffordshire), LA (from the
                   LSOA name prefix) crossed with crime type, months 2018-10..2019-02 (grouped: bottom-up
                   and MinT methods).
  generated_grouped GENERATED (seeded numpy, not real data): 6 areas x 5 types x 60 periods of Poisson counts.
  generated_sparse  GENERATED: 8 areas x 6 types x 60 periods of sparse Poisson counts, aggregate base
                   forecasts x 0.6 so that the non-negative methods bind.

Base forecasts are deliberately simple and incoherent so the comparison tests reconciliation only: for each
node, g = geometric mean of (y + 1) minus 1 over its history; forecast at step t = g * (1 + 0.02 t); in-sample
fitted values = g * (1 + 0.05 sin((0.3 + 0.17 i) s)) for period s and node i in
sorted unique_id order (a node-specific wobble at its own frequency, so that aggregate residuals are not exact sums of bottom ones and
the sample covariance can be full rank); forecast SD at step t = SD(residuals) * sqrt(t).

Output, for each structure NAME:
  NAME_base.csv        key columns ('(all)' where summed), kind (forecast|sd|history|fitted), index, value
  NAME_reconciled.csv  key columns, method (SaferCity's name), step, mean, lo95, hi95 (empty if no interval)
"""
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import hierarchicalforecast
from hierarchicalforecast.core import HierarchicalReconciliation
from hierarchicalforecast.methods import BottomUp, MiddleOut, MinTrace, TopDown
from hierarchicalforecast.utils import aggregate

ROOT = Path(__file__).resolve().parents[3]
OUT = Path(__file__).resolve().parent
H = 3
ALL = "(all)"


def base_forecasts(Y, aggregate_scale=1.0, bottoms=()):
    """Y: long frame unique_id, ds, y for every node. Returns Y_hat (unique_id, ds, base, sd) and Y_fit (+ base)."""
    rows, fit = [], []
    for i, (uid, g) in enumerate(Y.groupby("unique_id", sort=True)):
        y = g["y"].to_numpy(float)
        gm = float(np.exp(np.mean(np.log(y + 1.0))) - 1.0)
        s = np.arange(1, len(y) + 1)
        fitted = gm * (1 + 0.05 * np.sin((0.3 + 0.17 * i) * s))
        res = y - fitted
        sd = float(np.std(res, ddof=1)) if len(y) > 1 else 1.0
        last = g["ds"].max()
        k = 1.0 if uid in bottoms else aggregate_scale
        for t in range(1, H + 1):
            rows.append((uid, last + t, k * gm * (1 + 0.02 * t), sd * np.sqrt(t)))
        fit.append(g.assign(base=fitted))
    hat = pd.DataFrame(rows, columns=["unique_id", "ds", "base", "sd"])
    return hat, pd.concat(fit)


def keys_of(tags, key_columns, total_column):
    """unique_id -> tuple of key values with '(all)' for summed columns, from hierarchicalforecast's tags."""
    out = {}
    for level, ids in tags.items():
        cols = [c for c in level.split("/") if c != total_column]
        for uid in ids:
            parts = uid.split("/")[1:]  # drop the constant total column's value
            assert len(parts) == len(cols), (uid, level)
            vals = dict(zip(cols, parts))
            out[uid] = tuple(vals.get(c, ALL) for c in key_columns)
    return out


def run(name, df, key_columns, spec_columns, methods, intervals, aggregate_scale=1.0):
    df = df.copy()
    df["total"] = "E"
    spec = [["total"]] + [["total"] + s for s in spec_columns]
    Y_df, S_df, tags = aggregate(df[["total"] + key_columns + ["ds", "y"]], spec)
    if "unique_id" not in Y_df.columns:
        Y_df = Y_df.reset_index()
    bottoms = set(tags["/".join(["total"] + key_columns)]) if len(spec_columns[-1]) == len(key_columns) else set()
    hat, fit = base_forecasts(Y_df, aggregate_scale, bottoms)
    keys = keys_of(tags, key_columns, "total")
    # Base file.
    recs = []
    for r in hat.itertuples():
        recs.append((*keys[r.unique_id], "forecast", r.ds, r.base))
        recs.append((*keys[r.unique_id], "sd", r.ds, r.sd))
    for r in fit.itertuples():
        recs.append((*keys[r.unique_id], "history", r.ds, r.y))
        recs.append((*keys[r.unique_id], "fitted", r.ds, r.base))
    base = pd.DataFrame(recs, columns=key_columns + ["kind", "index", "value"])
    base.to_csv(OUT / f"{name}_base.csv", index=False, float_format="%.17g")

    out = []
    for ours, rec in methods:
        if getattr(rec, "nonnegative", False):
            # Exact oracle (see nnls_reference): W as hierarchicalforecast builds it for this method.
            ids = list(S_df["unique_id"]) if "unique_id" in S_df.columns else list(S_df.index)
            Smat = (S_df.drop(columns=["unique_id"]) if "unique_id" in S_df.columns else S_df).to_numpy(float)
            piv = hat.pivot(index="unique_id", columns="ds", values="base").loc[ids]
            y_in = Y_df.pivot(index="unique_id", columns="ds", values="y").loc[ids].to_numpy(float)
            f_in = fit.pivot(index="unique_id", columns="ds", values="base").loc[ids].to_numpy(float)
            plain = MinTrace(method=rec.method)
            _, W = plain._get_PW_matrices(S=Smat, y_hat=piv.to_numpy(float), y_insample=y_in, y_hat_insample=f_in)
            rec_vals = nnls_reference(Smat, piv.to_numpy(float), W)
            for i, uid in enumerate(ids):
                for j, d in enumerate(piv.columns):
                    out.append((*keys[uid], ours, j + 1, rec_vals[i, j], "", ""))
            print(f"{name}: {ours} done (SciPy NNLS)", file=sys.stderr)
            continue
        hrec = HierarchicalReconciliation(reconcilers=[rec])
        kw = {}
        if intervals.get(ours):
            z = {80: 1.2815515655446004, 95: 1.959963984540054}
            h2 = hat.copy()
            h2["base-lo-95"] = h2["base"] - z[95] * h2["sd"]
            h2["base-hi-95"] = h2["base"] + z[95] * h2["sd"]
            kw = dict(level=[95], intervals_method="normality")
            yhat = h2.drop(columns=["sd"])
        else:
            yhat = hat.drop(columns=["sd"])
        res = hrec.reconcile(Y_hat_df=yhat, S_df=S_df, tags=tags, Y_df=fit[["unique_id", "ds", "y", "base"]], **kw)
        if "unique_id" not in res.columns:
            res = res.reset_index()
        col = [c for c in res.columns if c.startswith("base/") and "-lo-" not in c and "-hi-" not in c]
        assert len(col) == 1, res.columns
        col = col[0]
        steps = {d: i + 1 for i, d in enumerate(sorted(res["ds"].unique()))}
        for r in res.to_dict("records"):
            lo = r.get(col + "-lo-95", "")
            hi = r.get(col + "-hi-95", "")
            out.append((*keys[r["unique_id"]], ours, steps[r["ds"]], r[col], lo, hi))
        print(f"{name}: {ours} done", file=sys.stderr)
    pd.DataFrame(out, columns=key_columns + ["method", "step", "mean", "lo95", "hi95"]).to_csv(
        OUT / f"{name}_reconciled.csv", index=False, float_format="%.17g")


def nnls_reference(S, y_hat, W):
    """Exact non-negative MinT: min (y - S b)' W^-1 (y - S b), b >= 0, with negative base forecasts set to 0 (as
    hierarchicalforecast), by SciPy's NNLS (Lawson-Hanson active set) on the whitened problem L^-1 S, L^-1 y
    (W = L L'). hierarchicalforecast's own non-negative MinT (Clarabel QP, then float32) is NOT used as the
    oracle: on policeuk_la_crime its ols:nonnegative differs from its own unconstrained ols by up to 5% where no
    constraint binds."""
    from scipy.optimize import nnls
    L = np.linalg.cholesky(W)
    A = np.linalg.solve(L, S)
    out = np.zeros((S.shape[0], y_hat.shape[1]))
    for t in range(y_hat.shape[1]):
        b, _ = nnls(A, np.linalg.solve(L, np.maximum(y_hat[:, t], 0.0)), maxiter=100 * S.shape[1])
        out[:, t] = S @ b
    return out


def mint(method, nonneg=False):
    return MinTrace(method=method, nonnegative=nonneg)


def write_la_crime_panel():
    """notebooks-data/policeuk_staffordshire/la_crime_type_2018-10_2019-02.csv: the nine Staffordshire LAs x 14
    crime types x 2018-10..2019-02, zero-filled (the CLI tests' reconciliation panel)."""
    pu = pd.read_csv(ROOT / "notebooks-data/policeuk_staffordshire/monthly_counts_by_area.csv")
    pu = pu[(pu["area_type"] == "lsoa_name_prefix_in_staffordshire_force") & (pu["month"] <= "2019-02")]
    las = ["Stoke-on-Trent", "Newcastle-under-Lyme", "Stafford", "Cannock Chase", "East Staffordshire",
           "Lichfield", "South Staffordshire", "Staffordshire Moorlands", "Tamworth"]
    pu = pu[pu["area"].isin(las)]
    months = sorted(pu.month.unique())
    grid = pd.MultiIndex.from_product([sorted(las), sorted(pu.crime_type.unique()), months],
                                      names=["la", "crime_type", "month"]).to_frame(index=False)
    g = grid.merge(pu.rename(columns={"area": "la"})[["la", "crime_type", "month", "count"]], how="left").fillna({"count": 0})
    g["count"] = g["count"].astype(int)
    g.to_csv(ROOT / "notebooks-data/policeuk_staffordshire/la_crime_type_2018-10_2019-02.csv", index=False)


def main():
    write_la_crime_panel()
    # 1. ONS: region -> PFA, all offences, years ending March.
    ons = pd.read_csv(ROOT / "notebooks-data/ons_recorded_crime_pfa/rec-crime-pfa.csv")
    ons = ons[ons["12 months ending"].str.startswith("31-03-")]
    ons = ons[~ons["Region"].str.startswith("Fraud") & (ons["Region"] != "British Transport Police")]
    ons = ons.groupby(["12 months ending", "Region", "PFA"], as_index=False)["Rolling year total number of offences"].sum()
    ons["ds"] = ons["12 months ending"].str[-4:].astype(int)
    ons = ons.rename(columns={"Region": "region", "PFA": "pfa", "Rolling year total number of offences": "y"})
    ons["y"] = ons["y"].astype(float)
    # Keep areas present in every year.
    years = ons["ds"].nunique()
    full = ons.groupby("pfa")["ds"].nunique()
    ons = ons[ons["pfa"].isin(full[full == years].index)]
    strict = [
        ("bottom-up", BottomUp()),
        ("top-down:average-proportions", TopDown("average_proportions")),
        ("top-down:proportion-averages", TopDown("proportion_averages")),
        ("top-down:forecast-proportions", TopDown("forecast_proportions")),
        ("middle-out:region:forecast-proportions", MiddleOut(middle_level="total/region", top_down_method="forecast_proportions")),
        ("ols", mint("ols")), ("wls-struct", mint("wls_struct")), ("wls-var", mint("wls_var")),
        ("mint-shrink", mint("mint_shrink")),
        ("wls-struct:nonnegative", mint("wls_struct", True)),
    ]
    iv = {"bottom-up": True, "ols": True, "wls-struct": True, "wls-var": True, "mint-shrink": True,
          "top-down:average-proportions": True}
    run("ons_region_pfa", ons, ["region", "pfa"], [["region"], ["region", "pfa"]], strict, iv)

    # 2. police.uk Staffordshire: LA x crime type.
    pu = pd.read_csv(ROOT / "notebooks-data/policeuk_staffordshire/monthly_counts_by_area.csv")
    pu = pu[(pu["area_type"] == "lsoa_name_prefix_in_staffordshire_force") & (pu["month"] <= "2019-02")]
    las = ["Stoke-on-Trent", "Newcastle-under-Lyme", "Stafford", "Cannock Chase", "East Staffordshire",
           "Lichfield", "South Staffordshire", "Staffordshire Moorlands", "Tamworth"]
    pu = pu[pu["area"].isin(las)]
    months = sorted(pu["month"].unique())
    pu["ds"] = pu["month"].map({m: i + 1 for i, m in enumerate(months)})
    pu = pu.rename(columns={"area": "la", "count": "y"})
    # Complete the grid (a crime type with no records in a month is a zero count).
    grid = pd.MultiIndex.from_product([las, sorted(pu["crime_type"].unique()), range(1, len(months) + 1)],
                                      names=["la", "crime_type", "ds"]).to_frame(index=False)
    pu = grid.merge(pu[["la", "crime_type", "ds", "y"]], how="left").fillna({"y": 0.0})
    grouped = [
        ("bottom-up", BottomUp()), ("ols", mint("ols")), ("wls-struct", mint("wls_struct")),
        ("wls-var", mint("wls_var")), ("mint-shrink", mint("mint_shrink")),
        ("ols:nonnegative", mint("ols", True)), ("wls-struct:nonnegative", mint("wls_struct", True)),
    ]
    run("policeuk_la_crime", pu, ["la", "crime_type"], [["la"], ["crime_type"], ["la", "crime_type"]], grouped,
        {"bottom-up": True, "ols": True, "wls-struct": True})

    # 3. GENERATED grouped structure (seeded; not real data).
    rng = np.random.default_rng(20261130)
    recs = []
    for a in range(6):
        for k in range(5):
            lam = rng.gamma(2.0, 4.0)
            for t in range(1, 61):
                recs.append((f"A{a}", f"T{k}", t, float(rng.poisson(lam * (1 + 0.3 * np.sin(t / 3 + a))))))
    gen = pd.DataFrame(recs, columns=["area", "type", "ds", "y"])
    run("generated_grouped", gen, ["area", "type"], [["area"], ["type"], ["area", "type"]],
        grouped + [("mint-cov", mint("mint_cov"))], {"bottom-up": True, "ols": True, "mint-shrink": True})

    # 4. GENERATED sparse counts (seeded; not real data), aggregate base forecasts scaled by 0.6 so that
    #    unconstrained reconciliation gives negative bottom forecasts and the non-negative path binds.
    recs = []
    for a in range(8):
        for k in range(6):
            lam = rng.gamma(0.5, 2.0)
            for t in range(1, 61):
                recs.append((f"A{a}", f"T{k}", t, float(rng.poisson(lam))))
    sparse = pd.DataFrame(recs, columns=["area", "type", "ds", "y"])
    run("generated_sparse", sparse, ["area", "type"], [["area"], ["type"], ["area", "type"]],
        [("ols", mint("ols")), ("ols:nonnegative", mint("ols", True)), ("wls-struct", mint("wls_struct")),
         ("wls-struct:nonnegative", mint("wls_struct", True)), ("mint-shrink:nonnegative", mint("mint_shrink", True))],
        {}, aggregate_scale=0.6)
    print(f"hierarchicalforecast {hierarchicalforecast.__version__}", file=sys.stderr)


if __name__ == "__main__":
    main()
