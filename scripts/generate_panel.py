#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Seeded generator of GENERATED (synthetic) LSOA x crime-type monthly count panels.

The panels are for scale tests and benchmarks only (issue 11). They are NOT police.uk data:
every LSOA code starts with ``GEN`` and a ``FILE.about.json`` sidecar says how the file was made.
Only the summary distributions are drawn from real data (see ``--calibrate``).

Model (per crime type c, generated LSOA i, month t = 0 .. T-1, calendar month m(t)):

    lambda_ic = mean_c * exp(sigma_c * Z - sigma_c^2 / 2)     LSOA level, Z ~ Normal(0, 1) (Poisson-lognormal)
    beta_ic   ~ Normal(trend_mean_c, trend_sd_c)              log growth per year
    eps_ict   ~ Normal(0, noise_sd_c)                         month-to-month log noise
    mu_ict    = lambda_ic * exp(amp_c * cos(2 pi (m(t) - peak_c) / 12) + beta_ic * (t - T/2) / 12 + eps_ict)
    y_ict     ~ Poisson(mu_ict)

Calibration (``scripts/generate_panel_calibration.csv``, rebuilt by ``--calibrate`` from the real
files in notebooks-data/, see their SOURCE.md):

* mean_c, sigma_c: method-of-moments Poisson-lognormal across the 155 Stoke-on-Trent LSOAs that
  have a record in police.uk January 2019 (raw_sample_stoke_2019-01_street.csv; all 14 crime types,
  absent LSOA x type cells count as 0): var = mean + mean^2 (exp(sigma^2) - 1), so
  sigma^2 = log(1 + (var - mean) / mean^2) (sigma = 0.05 when var <= mean). A lognormal rather than
  a gamma mixing distribution because it matches the observed share of zero cells (the gamma's
  zero share is 2.5x too high for anti-social behaviour). Sparsity follows from the level: bicycle
  theft has mean 0.11 and 92 % zero cells, so most generated bicycle-theft series are intermittent.
* amp_c, peak_c, noise_sd_c: one annual harmonic fitted by least squares to log monthly counts of
  every police force in monthly_counts_by_area.csv (Oct 2018 - Feb 2019, plus Sep 2019 for
  Staffordshire) with a fixed effect per force; noise_sd_c is the residual standard deviation.
  Six calendar months constrain the harmonic, so the other half year is the harmonic's extrapolation.
* trend_mean_c, trend_sd_c: mean and sd across English police force areas of the yearly log growth
  of recorded crime between the years ending December 2012 and December 2018 (rec-crime-pfa.csv,
  ONS offence groups mapped onto police.uk categories; anti-social behaviour, which ONS does not
  cover, uses all offences).

Output: tidy CSV ``lsoa,crime_type,month,count`` grouped by key (LSOA, then crime type in the
police.uk order) with months ascending, or with ``--layout wide`` one row per series with the months
as columns (``lsoa,crime_type,2019-01,...``; the same values), or Parquet with ``--format parquet`` (needs pyarrow).
Sizes: ``--series 20000`` (or 20k, 100k, 500k); LSOAs are generated in blocks of 14 crime types and
the last block is cut to give exactly N series. Same seed + same N + same backend = same file.
NumPy is used when available; ``--backend stdlib`` (or no NumPy) uses Python's ``random`` with a
different (still seeded, deterministic) stream.

Examples:
    python3 scripts/generate_panel.py --series 20k --output /tmp/panel-20k.csv
    python3 scripts/generate_panel.py --series 100k --format parquet --output /tmp/panel-100k.parquet
    python3 scripts/generate_panel.py --series 800k --layout wide --output /tmp/wide-800k.csv
    python3 scripts/generate_panel.py --calibrate      # rebuild the calibration table from real data
"""
from __future__ import annotations

import argparse
import csv
import json
import math
import os
import random
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CALIBRATION = REPO / "scripts" / "generate_panel_calibration.csv"
POLICEUK = REPO / "notebooks-data" / "policeuk_staffordshire"
ONS = REPO / "notebooks-data" / "ons_recorded_crime_pfa" / "rec-crime-pfa.csv"

# police.uk categories, in the order series are written within an LSOA.
CRIME_TYPES = [
    "Anti-social behaviour", "Bicycle theft", "Burglary", "Criminal damage and arson", "Drugs",
    "Other crime", "Other theft", "Possession of weapons", "Public order", "Robbery",
    "Shoplifting", "Theft from the person", "Vehicle crime", "Violence and sexual offences",
]
# ONS offence groups (rec-crime-pfa.csv) that make up each police.uk category.
ONS_GROUPS = {
    "Anti-social behaviour": None,  # not recorded crime: all offences
    "Bicycle theft": ["Bicycle theft"],
    "Burglary": ["Domestic burglary", "Non-domestic burglary", "Residential burglary",
                 "Non-residential burglary"],
    "Criminal damage and arson": ["Criminal damage and arson"],
    "Drugs": ["Drug offences"],
    "Other crime": ["Miscellaneous crimes against society"],
    "Other theft": ["All other theft offences"],
    "Possession of weapons": ["Possession of weapons offences"],
    "Public order": ["Public order offences"],
    "Robbery": ["Robbery"],
    "Shoplifting": ["Shoplifting"],
    "Theft from the person": ["Theft from the person"],
    "Vehicle crime": ["Vehicle offences"],
    "Violence and sexual offences": ["Violence with injury", "Violence without injury",
                                     "Sexual offences", "Stalking and harassment", "Homicide"],
}
FIELDS = ["crime_type", "mean", "var", "sigma", "zero_share", "amp", "peak_month", "noise_sd",
          "trend_mean", "trend_sd"]
SIGMA_MIN = 0.05


# ----------------------------------------------------------------------------- calibration

def _mean_var(xs):
    n = len(xs)
    m = sum(xs) / n
    v = sum((x - m) ** 2 for x in xs) / (n - 1)
    return m, v


def _solve(a, b):
    """Gaussian elimination with partial pivoting for a small dense system a x = b."""
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for col in range(n):
        piv = max(range(col, n), key=lambda r: abs(m[r][col]))
        m[col], m[piv] = m[piv], m[col]
        if abs(m[col][col]) < 1e-12:
            raise ValueError("singular normal equations in the harmonic fit")
        for r in range(n):
            if r != col:
                f = m[r][col] / m[col][col]
                for c in range(col, n + 1):
                    m[r][c] -= f * m[col][c]
    return [m[i][n] / m[i][i] for i in range(n)]


def calibrate():
    """Summary distributions from the real police.uk and ONS files (stdlib only)."""
    # 1. LSOA level and sparsity: Stoke-on-Trent, January 2019.
    cells, lsoas = {}, set()
    with open(POLICEUK / "raw_sample_stoke_2019-01_street.csv", newline="") as f:
        for row in csv.DictReader(f):
            lsoa, ct = row["LSOA code"], row["Crime type"]
            if not lsoa:
                continue
            lsoas.add(lsoa)
            cells[(lsoa, ct)] = cells.get((lsoa, ct), 0) + 1
    level = {}
    for ct in CRIME_TYPES:
        xs = [cells.get((l, ct), 0) for l in sorted(lsoas)]
        m, v = _mean_var(xs)
        sigma = SIGMA_MIN if v <= m else math.sqrt(math.log(1 + (v - m) / (m * m)))
        level[ct] = (m, v, sigma, sum(1 for x in xs if x == 0) / len(xs))

    # 2. Seasonality: one harmonic with a fixed effect per force, log counts.
    obs = {}
    with open(POLICEUK / "monthly_counts_by_area.csv", newline="") as f:
        for row in csv.DictReader(f):
            if row["area_type"] != "police_force" or int(row["count"]) <= 0:
                continue
            obs.setdefault(row["crime_type"], []).append(
                (row["area"], int(row["month"][5:7]), math.log(int(row["count"]))))
    season = {}
    for ct in CRIME_TYPES:
        rows = obs[ct]
        forces = sorted({r[0] for r in rows})
        idx = {f: i for i, f in enumerate(forces)}
        p = len(forces) + 2
        xtx = [[0.0] * p for _ in range(p)]
        xty = [0.0] * p
        design = []
        for force, month, y in rows:
            x = [0.0] * p
            x[idx[force]] = 1.0
            x[-2] = math.cos(2 * math.pi * month / 12)
            x[-1] = math.sin(2 * math.pi * month / 12)
            design.append((x, y))
            for i in range(p):
                xty[i] += x[i] * y
                for j in range(p):
                    xtx[i][j] += x[i] * x[j]
        beta = _solve(xtx, xty)
        rss = sum((y - sum(a * b for a, b in zip(x, beta))) ** 2 for x, y in design)
        a, b = beta[-2], beta[-1]
        amp = math.hypot(a, b)
        peak = (math.atan2(b, a) * 12 / (2 * math.pi)) % 12  # month where cos(...) = 1
        season[ct] = (amp, peak, math.sqrt(rss / (len(design) - p)))

    # 3. Trend: yearly log growth Dec 2012 -> Dec 2018 across English police force areas.
    totals = {}
    with open(ONS, newline="") as f:
        for row in csv.DictReader(f):
            region = row["Region"]
            if region in ("Wales", "British Transport Police") or region.startswith("Fraud"):
                continue
            date = row["12 months ending"]
            if date not in ("31-12-2012", "31-12-2018"):
                continue
            try:
                n = float(row["Rolling year total number of offences"])
            except ValueError:
                continue
            key = (row["PFA"], row["Offence"], date[-4:])
            totals[key] = totals.get(key, 0.0) + n
    pfas = sorted({k[0] for k in totals})
    offences_all = sorted({k[1] for k in totals})
    trend = {}
    for ct in CRIME_TYPES:
        groups = ONS_GROUPS[ct] or offences_all
        rates = []
        for pfa in pfas:
            a = sum(totals.get((pfa, g, "2012"), 0.0) for g in groups)
            b = sum(totals.get((pfa, g, "2018"), 0.0) for g in groups)
            if a > 0 and b > 0:
                rates.append(math.log(b / a) / 6)
        trend[ct] = _mean_var(rates)
    table = []
    for ct in CRIME_TYPES:
        m, v, sigma, z = level[ct]
        amp, peak, nsd = season[ct]
        tm, tv = trend[ct]
        table.append({"crime_type": ct, "mean": m, "var": v, "sigma": sigma, "zero_share": z, "amp": amp,
                      "peak_month": peak, "noise_sd": nsd, "trend_mean": tm, "trend_sd": math.sqrt(tv)})
    return table


def write_calibration(table, path):
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(FIELDS)
        for r in table:
            w.writerow([r["crime_type"]] + [f"{r[k]:.6g}" for k in FIELDS[1:]])


def read_calibration(path):
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    table = [{k: (r[k] if k == "crime_type" else float(r[k])) for k in FIELDS} for r in rows]
    if [r["crime_type"] for r in table] != CRIME_TYPES:
        sys.exit(f"{path}: expected the 14 police.uk crime types in order; rebuild it with --calibrate")
    return table


# ----------------------------------------------------------------------------- generation

def parse_size(text):
    t = text.strip().lower()
    mult = 1
    if t.endswith("k"):
        t, mult = t[:-1], 1000
    elif t.endswith("m"):
        t, mult = t[:-1], 1_000_000
    try:
        n = int(t) * mult
    except ValueError:
        raise argparse.ArgumentTypeError(f"--series: expected a count such as 20000 or 20k, got {text!r}")
    if n < 1:
        raise argparse.ArgumentTypeError(f"--series: expected at least 1 series, got {text!r}")
    return n


def month_labels(start, count):
    y, m = int(start[:4]), int(start[5:7])
    out = []
    for _ in range(count):
        out.append((f"{y:04d}-{m:02d}", m))
        m += 1
        if m > 12:
            y, m = y + 1, 1
    return out


def lsoa_code(i):
    return f"GEN{i + 1:07d}"


def _series_keys(n_series):
    """(lsoa, crime type index) for the first n_series series, grouped by LSOA."""
    for s in range(n_series):
        yield s // len(CRIME_TYPES), s % len(CRIME_TYPES)


def generate_numpy(cal, n_series, months, seed, chunk=14 * 1000):
    """Yield (keys, counts[n, T]) chunks; deterministic in (seed, n_series, months)."""
    import numpy as np
    rng = np.random.default_rng(seed)
    T = len(months)
    cal_mean = np.array([r["mean"] for r in cal])
    cal_sigma = np.array([r["sigma"] for r in cal])
    cal_amp = np.array([r["amp"] for r in cal])
    cal_peak = np.array([r["peak_month"] for r in cal])
    cal_noise = np.array([r["noise_sd"] for r in cal])
    cal_tm = np.array([r["trend_mean"] for r in cal])
    cal_ts = np.array([r["trend_sd"] for r in cal])
    cal_month = np.array([m for _, m in months], dtype=float)
    t = (np.arange(T) - T / 2) / 12.0
    for start in range(0, n_series, chunk):
        n = min(chunk, n_series - start)
        c = (np.arange(start, start + n) % len(CRIME_TYPES))
        sig = cal_sigma[c]
        lam = cal_mean[c] * np.exp(sig * rng.normal(0.0, 1.0, size=n) - sig * sig / 2)
        beta = rng.normal(cal_tm[c], cal_ts[c])
        eps = rng.normal(0.0, 1.0, size=(n, T)) * cal_noise[c][:, None]
        seas = cal_amp[c][:, None] * np.cos(2 * np.pi * (cal_month[None, :] - cal_peak[c][:, None]) / 12)
        mu = lam[:, None] * np.exp(seas + beta[:, None] * t[None, :] + eps)
        counts = rng.poisson(mu)
        yield start, counts.tolist()


def _poisson_stdlib(rng, mu):
    if mu < 30:
        # Knuth: product of uniforms
        L, k, p = math.exp(-mu), 0, 1.0
        while True:
            p *= rng.random()
            if p <= L:
                return k
            k += 1
    # large means: rounded normal with continuity correction (the stdlib has no Poisson sampler)
    return max(0, int(round(rng.gauss(mu, math.sqrt(mu)))))


def generate_stdlib(cal, n_series, months, seed, chunk=14 * 100):
    rng = random.Random(seed)
    T = len(months)
    for start in range(0, n_series, chunk):
        n = min(chunk, n_series - start)
        rows = []
        for s in range(start, start + n):
            r = cal[s % len(CRIME_TYPES)]
            lam = r["mean"] * math.exp(r["sigma"] * rng.gauss(0.0, 1.0) - r["sigma"] ** 2 / 2)
            beta = rng.gauss(r["trend_mean"], r["trend_sd"])
            row = []
            for j, (_, m) in enumerate(months):
                tt = (j - T / 2) / 12.0
                mu = lam * math.exp(r["amp"] * math.cos(2 * math.pi * (m - r["peak_month"]) / 12)
                                    + beta * tt + rng.gauss(0.0, r["noise_sd"]))
                row.append(_poisson_stdlib(rng, mu))
            rows.append(row)
        yield start, rows


def _write_lines(path, header, chunks, key_line):
    """Writes ``header`` then, for every series s, ``key_line(key, counts)`` where key is
    ``lsoa,crime_type``; returns the number of series."""
    n_types = len(CRIME_TYPES)
    out = sys.stdout if path == "-" else open(path, "w", newline="")
    total = 0
    try:
        out.write(header)
        for start, rows in chunks:
            out.write("".join(key_line(lsoa_code((start + off) // n_types) + "," + CRIME_TYPES[(start + off) % n_types], counts)
                              for off, counts in enumerate(rows)))
            total += len(rows)
    finally:
        if out is not sys.stdout:
            out.close()
    return total


def write_csv(path, chunks, months):
    labels = [",".join(("", lab, "")) for lab, _ in months]  # ",YYYY-MM," pieces
    return _write_lines(path, "lsoa,crime_type,month,count\n", chunks,
                        lambda key, counts: "".join([key + lab + str(v) + "\n" for lab, v in zip(labels, counts)]))


def write_csv_wide(path, chunks, months):
    """Periods across columns: ``lsoa,crime_type,YYYY-MM,...``, one row per series (same values)."""
    return _write_lines(path, "lsoa,crime_type," + ",".join(lab for lab, _ in months) + "\n", chunks,
                        lambda key, counts: key + "," + ",".join(map(str, counts)) + "\n")


def write_parquet(path, chunks, months):
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        sys.exit("--format parquet needs pyarrow (pip install pyarrow); CSV needs nothing extra")
    n_types = len(CRIME_TYPES)
    T = len(months)
    labels = [lab for lab, _ in months]
    schema = pa.schema([("lsoa", pa.string()), ("crime_type", pa.string()),
                        ("month", pa.string()), ("count", pa.int64())])
    total = 0
    with pq.ParquetWriter(path, schema) as w:
        for start, rows in chunks:
            lsoa, ct, mon, cnt = [], [], [], []
            for off, counts in enumerate(rows):
                s = start + off
                lsoa += [lsoa_code(s // n_types)] * T
                ct += [CRIME_TYPES[s % n_types]] * T
                mon += labels
                cnt += counts
            w.write_table(pa.table({"lsoa": lsoa, "crime_type": ct, "month": mon, "count": cnt},
                                   schema=schema))
            total += len(rows)
    return total


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog="GENERATED data: not police.uk records. See the module docstring.")
    ap.add_argument("--series", type=parse_size, default=parse_size("20k"),
                    help="number of series (LSOA x crime type), e.g. 20000, 20k, 100k, 500k (default 20k)")
    ap.add_argument("--months", type=int, default=72, help="months per series (default 72)")
    ap.add_argument("--start", default="2019-01", help="first month YYYY-MM (default 2019-01)")
    ap.add_argument("--seed", type=int, default=20261130, help="random seed (default 20261130)")
    ap.add_argument("--output", default="-", help="output file, '-' for stdout (default)")
    ap.add_argument("--format", choices=["csv", "parquet"], default=None,
                    help="csv or parquet (default: from the output's extension, else csv)")
    ap.add_argument("--layout", choices=["tidy", "wide"], default="tidy",
                    help="CSV layout: tidy (lsoa,crime_type,month,count; default) or wide (one row per series, "
                         "months as columns: lsoa,crime_type,2019-01,...); the same values either way")
    ap.add_argument("--backend", choices=["auto", "numpy", "stdlib"], default="auto")
    ap.add_argument("--calibration", default=str(CALIBRATION), help="calibration table (CSV)")
    ap.add_argument("--calibrate", action="store_true",
                    help="rebuild the calibration table from the real files in notebooks-data/ and exit")
    ap.add_argument("--summary", action="store_true",
                    help="print generated vs. real zero shares per crime type on stderr")
    args = ap.parse_args(argv)

    if args.calibrate:
        table = calibrate()
        write_calibration(table, args.calibration)
        print(f"wrote {args.calibration}", file=sys.stderr)
        with open(args.calibration) as f:
            sys.stdout.write(f.read())
        return 0

    if args.months < 1 or args.months > 10000:
        ap.error(f"--months: expected 1...10000, got {args.months}")
    if len(args.start) != 7 or args.start[4] != "-" or not (args.start[:4] + args.start[5:]).isdigit() \
            or not 1 <= int(args.start[5:]) <= 12:
        ap.error(f"--start: expected YYYY-MM, got {args.start!r}")
    fmt = args.format or ("parquet" if args.output.endswith(".parquet") else "csv")
    if fmt == "parquet" and args.output == "-":
        ap.error("--format parquet needs --output FILE")
    cal = read_calibration(args.calibration)
    months = month_labels(args.start, args.months)

    backend = args.backend
    if backend in ("auto", "numpy"):
        try:
            import numpy  # noqa: F401
            backend = "numpy"
        except ImportError:
            if backend == "numpy":
                sys.exit("--backend numpy: NumPy is not installed")
            backend = "stdlib"
    gen = generate_numpy if backend == "numpy" else generate_stdlib
    chunks = gen(cal, args.series, months, args.seed)

    zeros = [0] * len(CRIME_TYPES)
    cells = [0] * len(CRIME_TYPES)
    intermittent = [0]

    def counted(it):
        for start, rows in it:
            for off, counts in enumerate(rows):
                c = (start + off) % len(CRIME_TYPES)
                z = sum(1 for v in counts if v == 0)
                zeros[c] += z
                cells[c] += len(counts)
                if z * 2 > len(counts):
                    intermittent[0] += 1
            yield start, rows

    t0 = time.time()
    if fmt == "parquet" and args.layout == "wide":
        ap.error("--layout wide is CSV only")
    writer = write_parquet if fmt == "parquet" else write_csv_wide if args.layout == "wide" else write_csv
    total = writer(args.output, counted(chunks), months)
    dt = time.time() - t0
    if args.output != "-":
        about = {
            "generated": True,
            "note": "GENERATED data for scale tests; not police.uk records. LSOA codes GEN....... are fictitious.",
            "generator": "scripts/generate_panel.py", "calibration": os.path.relpath(args.calibration, REPO),
            "seed": args.seed, "series": total, "months": args.months, "start": args.start,
            "rows": total * args.months, "backend": backend, "format": fmt,
            "layout": args.layout,
            "columns": ["lsoa", "crime_type"] + ([lab for lab, _ in months] if args.layout == "wide" else ["month", "count"]),
            "grouped_by": ["lsoa", "crime_type"],
            "intermittent_series_share": intermittent[0] / total,
        }
        with open(args.output + ".about.json", "w") as f:
            json.dump(about, f, indent=2)
            f.write("\n")
    print(f"generate_panel: GENERATED panel, {total} series x {args.months} months = {total * args.months} rows, "
          f"seed {args.seed}, {backend}, {fmt} -> {args.output} in {dt:.1f} s; "
          f"{intermittent[0] / total:.1%} of series are intermittent (> half the months zero)",
          file=sys.stderr)
    if args.summary:
        print(f"{'crime type':30s} {'zero share generated':>21s} {'Stoke Jan 2019':>15s}", file=sys.stderr)
        for c, r in enumerate(cal):
            if cells[c]:
                print(f"{r['crime_type']:30s} {zeros[c] / cells[c]:21.3f} {r['zero_share']:15.3f}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
