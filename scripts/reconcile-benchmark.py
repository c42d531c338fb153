#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Reconciliation benchmark (issue 16): SaferCity vs Nixtla hierarchicalforecast, same data, same run.

  A. Bottom-up, OLS and WLS (structural) on a GENERATED England-scale structure:
     force / la / lsoa crossed with crime type (default 500,000 bottom series = 35,714 LSOAs x 14 types,
     plus every aggregate), base forecasts for H steps.
  B. MinT-shrink on a GENERATED structure of about 5,000 series with 48 in-sample periods.
  C. (--interval-bottom N) reconciled 95% intervals of ols and wls-struct on a GENERATED structure of N bottom
     series, timed against the same reconciliation without intervals; OLS with one sigma checks sum Var = sigma^2 n_b.

Generated data only (seeded numpy; labelled as such): levels drawn from a gamma distribution, base forecasts
perturbed per node so they are incoherent. Both tools get the same base forecasts; reconciled means are
compared (max relative difference) and timings are for the reconcile step alone (SaferCity prints its own with
--timing; hierarchicalforecast's `reconcile()` call is timed in-process) plus SaferCity's end-to-end wall time and
peak RSS (/usr/bin/time -v) and hierarchicalforecast's peak RSS (ru_maxrss of its child process).

Usage:
  /work/venv-hf/bin/python scripts/reconcile-benchmark.py [--bottom 500000] [--mint-series 5000] [--binary PATH]
                                                          [--skip-hf-large] [--skip-a] [--skip-b] [--interval-bottom N]
"""
import argparse, os, resource, subprocess, sys, tempfile, time
from pathlib import Path
import numpy as np
import pandas as pd

ALL = "(all)"
TYPES = 14


def structure_frame(n_bottom, rng):
    n_lsoa = n_bottom // TYPES
    n_la = max(1, n_lsoa // 107)          # ~330 LAs for 35,714 LSOAs
    n_force = max(1, n_la // 8)           # ~42 forces
    lsoa = np.arange(n_lsoa)
    la = lsoa * n_la // n_lsoa
    force = la * n_force // n_la
    df = pd.DataFrame({
        "force": np.repeat([f"F{f:02d}" for f in force], TYPES),
        "la": np.repeat([f"L{l:03d}" for l in la], TYPES),
        "lsoa": np.repeat([f"E{l:07d}" for l in lsoa], TYPES),
        "crime_type": np.tile([f"C{c:02d}" for c in range(TYPES)], n_lsoa),
    })
    return df


def nodes_of(bottom, keys, spec_levels):
    """All nodes (aggregate levels as lists of kept columns) with their bottom index arrays."""
    out = []
    for kept in spec_levels:
        if kept:
            g = bottom.groupby(kept, sort=True).indices
            for k, idx in g.items():
                k = k if isinstance(k, tuple) else (k,)
                vals = dict(zip(kept, k))
                out.append((tuple(vals.get(c, ALL) for c in keys), idx))
        else:
            out.append((tuple(ALL for _ in keys), np.arange(len(bottom))))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bottom", type=int, default=500_000)
    ap.add_argument("--mint-series", type=int, default=5_000)
    ap.add_argument("--horizon", type=int, default=3)
    ap.add_argument("--binary", default=".build/release/safercity")
    ap.add_argument("--skip-hf-large", action="store_true")
    ap.add_argument("--interval-bottom", type=int, default=0,
                    help="C: time reconciled 95%% intervals of ols and wls-struct on this many bottom series (0 = skip)")
    ap.add_argument("--skip-a", action="store_true", help="skip part A (the 500k means)")
    ap.add_argument("--skip-b", action="store_true", help="skip part B (MinT-shrink)")
    args = ap.parse_args()
    rng = np.random.default_rng(16)
    tmp = Path(tempfile.mkdtemp(prefix="recon-bench-"))
    keys = ["force", "la", "lsoa", "crime_type"]
    print(f"BLAS: {os.environ.get('OPENBLAS_NUM_THREADS', 'default threads')}; cores {os.cpu_count()}")

    # ---- A. large structure -------------------------------------------------------------
    if not args.skip_a:
        large(args, rng, tmp, keys)
    if not args.skip_b:
        mint_shrink(args, rng, tmp)
    if args.interval_bottom:
        intervals(args, rng, tmp)


def large(args, rng, tmp, keys):
    bottom = structure_frame(args.bottom, rng)
    geo = [[], ["force"], ["force", "la"], ["force", "la", "lsoa"]]
    levels = [g + t for g in geo for t in ([], ["crime_type"])]
    levels = [l for l in levels if l != keys]
    levels.sort(key=len)
    nodes = nodes_of(bottom, keys, levels)
    nb = len(bottom)
    lam = rng.gamma(0.8, 3.0, nb)
    H = args.horizon
    yb = lam[:, None] * (1 + 0.01 * np.arange(1, H + 1))[None, :]
    agg_keys = [k for k, _ in nodes]
    agg_vals = np.stack([yb[idx].sum(0) for _, idx in nodes]) * rng.uniform(0.9, 1.1, (len(nodes), 1))
    all_keys = agg_keys + [tuple(r) for r in bottom[keys].itertuples(index=False)]
    base = np.vstack([agg_vals, yb * rng.uniform(0.9, 1.1, yb.shape)])
    n = len(all_keys)
    print(f"A. structure force/la/lsoa*crime_type: {nb} bottom, {n} series in all, horizon {H}")
    kdf = pd.DataFrame(all_keys, columns=keys)
    long = pd.concat([kdf.assign(kind="forecast", index=t + 1, value=base[:, t]) for t in range(H)])
    csv = tmp / "large_base.csv"
    long.to_csv(csv, index=False, float_format="%.17g")
    print(f"   base file {csv.stat().st_size / 1e6:.0f} MB")
    ours = {}
    for m in ["bottom-up", "ols", "wls-struct"]:
        out = tmp / f"large_{m}.csv"
        t0 = time.perf_counter()
        p = subprocess.run(["/usr/bin/time", "-v", args.binary, "reconcile", str(csv), "--method", m,
                            "--hierarchy", "force/la/lsoa*crime_type", "--levels", "95", "--timing", "--output", str(out)],
                           capture_output=True, text=True)
        wall = time.perf_counter() - t0
        if p.returncode != 0:
            print(p.stderr[-2000:]); sys.exit(1)
        rss = [l for l in p.stderr.splitlines() if "Maximum resident" in l][0].split()[-1]
        rec = [l for l in p.stderr.splitlines() if l.startswith("reconciled")][0]
        print(f"   SaferCity {m:11s}: end-to-end {wall:6.1f} s, peak RSS {int(rss) / 1024:7.0f} MB; {rec.split(' in ')[-1]}")
        ours[m] = pd.read_csv(out)
    if not args.skip_hf_large:
        hf_large(kdf, base, nb, keys, ours, H)


def hf_large(kdf, base, nb, keys, ours, H):
    tmp = Path(tempfile.mkdtemp(prefix="recon-hf-"))
    # Build S once here.
    na = len(kdf) - nb
    bot = kdf.iloc[na:].reset_index(drop=True)
    agg = kdf.iloc[:na].reset_index(drop=True)
    kept = agg.apply(lambda r: tuple(c for c in keys if r[c] != ALL), axis=1)
    rows, cols = [], []
    for kcols, idx in agg.groupby(kept, sort=False).indices.items():
        kcols = list(kcols)
        if not kcols:
            rows.append(np.full(nb, idx[0])); cols.append(np.arange(nb)); continue
        m = bot.reset_index().merge(agg.iloc[idx].reset_index()[["index"] + kcols].rename(columns={"index": "row"}), on=kcols)
        rows.append(m["row"].to_numpy()); cols.append(m["index"].to_numpy())
    r = np.concatenate(rows + [na + np.arange(nb)]); c = np.concatenate(cols + [np.arange(nb)])
    import scipy.sparse as sp
    S = sp.csr_matrix((np.ones(len(r)), (r, c)), shape=(len(kdf), nb))
    sp.save_npz(tmp / "S.npz", S)
    np.save(tmp / "base.npy", base)
    for m, cls in [("bottom-up", "BottomUpSparse()"), ("ols", "MinTraceSparse(method='ols')"),
                   ("wls-struct", "MinTraceSparse(method='wls_struct')")]:
        code = f"""
import time, resource, numpy as np, scipy.sparse as sp
from hierarchicalforecast.methods import BottomUpSparse, MinTraceSparse
S = sp.load_npz('{tmp}/S.npz').tocsr(); base = np.load('{tmp}/base.npy')
t0 = time.perf_counter()
res = {cls}.fit_predict(S=S, y_hat=base)
dt = time.perf_counter() - t0
np.save('{tmp}/out_{m}.npy', res['mean'])
print(dt, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""
        t0 = time.perf_counter()
        try:
            p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=900)
        except subprocess.TimeoutExpired:
            print(f"   hierarchicalforecast {m:11s}: did not finish in 900 s"); continue
        if p.returncode != 0:
            print(f"   hierarchicalforecast {m:11s}: failed: {p.stderr.strip().splitlines()[-1][:200]}"); continue
        dt, rss = map(float, p.stdout.split())
        hf = np.load(tmp / f"out_{m}.npy")
        o = ours[m]
        mine = o["mean"].to_numpy().reshape(-1, H)
        # our output order is our node order; map by key
        okeys = list(map(tuple, o[keys].astype(str).to_numpy()[::H]))
        pos = {k: i for i, k in enumerate(map(tuple, kdf[keys].to_numpy()))}
        ref = hf[[pos[k] for k in okeys]]
        diff = np.max(np.abs(mine - ref) / np.maximum(1, np.abs(ref)))
        # Optimality of each answer (independent of both tools): the MinT normal equations
        # S' W^-1 (y_hat - y_tilde) = 0, relative to S' W^-1 y_hat (W = I for ols, diag(S 1) for wls-struct).
        if m != "bottom-up":
            w = np.ones(S.shape[0]) if m == "ols" else np.asarray(S.sum(axis=1)).ravel()
            yhat = base[[pos[k] for k in okeys]]
            Sk = S[[pos[k] for k in okeys]]
            def kkt(yt):
                g = Sk.T @ ((yhat - yt) / w[[pos[k] for k in okeys]][:, None])
                return np.max(np.abs(g)) / np.max(np.abs(Sk.T @ (yhat / w[[pos[k] for k in okeys]][:, None])))
            print(f"   hierarchicalforecast {m:11s}: reconcile {dt:6.1f} s, peak RSS {rss:7.0f} MB; max rel diff vs SaferCity {diff:.1e}; "
                  f"normal-equation residual: SaferCity {kkt(mine):.1e}, hierarchicalforecast {kkt(ref):.1e}")
        else:
            print(f"   hierarchicalforecast {m:11s}: reconcile {dt:6.1f} s, peak RSS {rss:7.0f} MB; max rel diff vs SaferCity {diff:.1e}")


def mint_shrink(args, rng, tmp):
    from hierarchicalforecast.methods import MinTrace
    n_target = args.mint_series
    n_lsoa = max(2, int(n_target / (TYPES + 1) * 0.93))
    bottom = structure_frame(n_lsoa * TYPES, rng)
    keys = ["force", "la", "lsoa", "crime_type"]
    geo = [[], ["force"], ["force", "la"], ["force", "la", "lsoa"]]
    levels = sorted([g + t for g in geo for t in ([], ["crime_type"]) if g + t != keys], key=len)
    nodes = nodes_of(bottom, keys, levels)
    nb = len(bottom); T = 48; H = args.horizon
    lam = rng.gamma(2.0, 5.0, nb)
    yb = rng.poisson(lam[:, None] * np.ones((1, T))).astype(float)
    S = np.zeros((len(nodes) + nb, nb))
    for i, (_, idx) in enumerate(nodes):
        S[i, idx] = 1
    S[len(nodes):] = np.eye(nb)
    y = S @ yb
    n = S.shape[0]
    fitted = y.mean(1, keepdims=True) * (1 + 0.05 * np.sin(np.arange(1, T + 1)[None, :] * (0.3 + 0.17 * np.arange(n)[:, None])))
    base = y.mean(1, keepdims=True) * (1 + 0.01 * np.arange(1, H + 1))[None, :] * rng.uniform(0.9, 1.1, (n, 1))
    all_keys = [k for k, _ in nodes] + [tuple(r) for r in bottom[keys].itertuples(index=False)]
    print(f"B. MinT-shrink: {n} series ({nb} bottom), {T} in-sample periods, horizon {H}")
    kdf = pd.DataFrame(all_keys, columns=keys)
    parts = [kdf.assign(kind="forecast", index=t + 1, value=base[:, t]) for t in range(H)]
    parts += [kdf.assign(kind="history", index=s + 1, value=y[:, s]) for s in range(T)]
    parts += [kdf.assign(kind="fitted", index=s + 1, value=fitted[:, s]) for s in range(T)]
    csv = tmp / "mint_base.csv"
    pd.concat(parts).to_csv(csv, index=False, float_format="%.17g")
    out = tmp / "mint_out.csv"
    t0 = time.perf_counter()
    p = subprocess.run(["/usr/bin/time", "-v", args.binary, "reconcile", str(csv), "--method", "mint-shrink",
                        "--hierarchy", "force/la/lsoa*crime_type", "--levels", "95", "--timing", "--output", str(out)],
                       capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if p.returncode != 0:
        print(p.stderr[-2000:]); sys.exit(1)
    rec_line = [l for l in p.stderr.splitlines() if l.startswith("reconciled")][0]
    ours_s = float(rec_line.split(" in ")[-1].split()[0])
    rss = int([l for l in p.stderr.splitlines() if "Maximum resident" in l][0].split()[-1]) / 1024
    print(f"   SaferCity mint-shrink: reconcile {ours_s:.2f} s (end-to-end {wall:.1f} s, peak RSS {rss:.0f} MB)")
    t0 = time.perf_counter()
    res = MinTrace(method="mint_shrink").fit_predict(S=S, y_hat=base, y_insample=y, y_hat_insample=fitted)
    hf_s = time.perf_counter() - t0
    o = pd.read_csv(out)
    mine = o["mean"].to_numpy().reshape(-1, H)
    okeys = list(map(tuple, o[keys].astype(str).to_numpy()[::H]))
    pos = {k: i for i, k in enumerate(map(tuple, kdf[keys].to_numpy()))}
    ref = res["mean"][[pos[k] for k in okeys]]
    diff = np.max(np.abs(mine - ref) / np.maximum(1, np.abs(ref)))
    print(f"   hierarchicalforecast mint_shrink: reconcile {hf_s:.2f} s; speed ratio {hf_s / ours_s:.1f}x; max rel diff {diff:.1e}")


def intervals(args, rng, tmp):
    """C. Reconciled Gaussian intervals of ols and wls-struct without a dense S·P (block by block).

    hierarchicalforecast's Normality intervals form S and W densely (n x n_b: 21 GB at 50,000 bottoms),
    so only SaferCity runs here; its block formula is checked against the dense one to 1e-10 in
    Tests/ReconciliationTests/IntervalScaleTests.swift. Check at scale: with OLS and one sigma for every
    node, sum_i Var_i = sigma^2 * trace(S (S'S)^-1 S') = sigma^2 * n_b exactly.
    """
    keys = ["force", "la", "lsoa", "crime_type"]
    bottom = structure_frame(args.interval_bottom, rng)
    geo = [[], ["force"], ["force", "la"], ["force", "la", "lsoa"]]
    levels = sorted([g + t for g in geo for t in ([], ["crime_type"]) if g + t != keys], key=len)
    nodes = nodes_of(bottom, keys, levels)
    nb = len(bottom); H = args.horizon
    lam = rng.gamma(0.8, 3.0, nb)
    yb = lam[:, None] * (1 + 0.01 * np.arange(1, H + 1))[None, :]
    agg = np.stack([yb[idx].sum(0) for _, idx in nodes]) * rng.uniform(0.9, 1.1, (len(nodes), 1))
    base = np.vstack([agg, yb * rng.uniform(0.9, 1.1, yb.shape)])
    n = base.shape[0]
    kdf = pd.DataFrame([k for k, _ in nodes] + [tuple(r) for r in bottom[keys].itertuples(index=False)], columns=keys)
    print(f"C. intervals (block-by-block S·P): {nb} bottom, {n} series, horizon {H}")
    sigma = 2.0
    means = [kdf.assign(kind="forecast", index=t + 1, value=base[:, t]) for t in range(H)]
    sds = [kdf.assign(kind="sd", index=t + 1, value=sigma) for t in range(H)]
    with_sd, without = tmp / "int_base.csv", tmp / "int_means.csv"
    pd.concat(means + sds).to_csv(with_sd, index=False, float_format="%.17g")
    pd.concat(means).to_csv(without, index=False, float_format="%.17g")
    for m in ["ols", "wls-struct"]:
        times = {}
        for label, f in [("means only", without), ("with 95% intervals", with_sd)]:
            out = tmp / f"int_{m}.csv"
            t0 = time.perf_counter()
            p = subprocess.run(["/usr/bin/time", "-v", args.binary, "reconcile", str(f), "--method", m,
                                "--hierarchy", "force/la/lsoa*crime_type", "--levels", "95", "--timing", "--output", str(out)],
                               capture_output=True, text=True)
            wall = time.perf_counter() - t0
            if p.returncode != 0:
                print(p.stderr[-2000:]); sys.exit(1)
            rss = int([l for l in p.stderr.splitlines() if "Maximum resident" in l][0].split()[-1]) / 1024
            rec = float([l for l in p.stderr.splitlines() if l.startswith("reconciled")][0].split(" in ")[-1].split()[0])
            times[label] = rec
            extra = ""
            if label != "means only":
                o = pd.read_csv(out)
                if "upper_95" not in o:
                    print(f"   SaferCity {m}: no interval columns written"); sys.exit(1)
                var = ((o["upper_95"] - o["mean"]) / 1.959963984540054) ** 2
                if m == "ols":
                    tot = var.to_numpy().reshape(-1, H).sum(0)
                    extra = f"; sum of variances / (sigma^2 n_b) - 1 = {np.max(np.abs(tot / (sigma ** 2 * nb) - 1)):.1e}"
            print(f"   SaferCity {m:10s} {label:18s}: reconcile {rec:7.2f} s, end-to-end {wall:6.1f} s, peak RSS {rss:6.0f} MB{extra}")
        print(f"   SaferCity {m:10s} intervals cost {times['with 95% intervals'] - times['means only']:.2f} s")


if __name__ == "__main__":
    main()
