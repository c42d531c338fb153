#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Check that the Spark driver's forecasts equal a single-process `safercity forecast --by` run.

    compare_outputs.py SINGLE.csv SPARK_OUT_DIR [--parquet]

SINGLE.csv is the single-process CSV; SPARK_OUT_DIR is safercity_spark.py's --output folder. The
rows of SPARK_OUT_DIR/csv/part-*.csv (each part has its own header) must equal SINGLE.csv's rows
as exact strings after sorting: same series, same periods, same digits. With --parquet, the rows
of SPARK_OUT_DIR/parquet must hold the same values (text columns equal, numeric columns equal as
doubles to float(text)). Exit status 0 when equal, 1 with the first differences otherwise.
"""
import csv
import glob
import math
import os
import sys


def read_rows(paths):
    header, rows = None, []
    for path in paths:
        with open(path, newline="") as f:
            reader = csv.reader(f)
            try:
                h = next(reader)
            except StopIteration:
                continue
            if header is None:
                header = h
            elif h != header:
                sys.exit(f"compare_outputs: {path}: header {h} differs from {header}")
            rows.extend(tuple(r) for r in reader)
    rows.sort()
    return header, rows


def main(argv):
    if len(argv) not in (2, 3) or (len(argv) == 3 and argv[2] != "--parquet"):
        sys.exit(__doc__)
    single, out = argv[0], argv[1].rstrip("/")
    parts = sorted(glob.glob(os.path.join(out, "csv", "part-*.csv")))
    if not parts:
        sys.exit(f"compare_outputs: no {out}/csv/part-*.csv")
    h1, r1 = read_rows([single])
    h2, r2 = read_rows(parts)
    ok = True
    if h1 != h2:
        print(f"header: single {h1} vs spark {h2}")
        ok = False
    if r1 != r2:
        ok = False
        s1, s2 = set(r1), set(r2)
        only1, only2 = sorted(s1 - s2), sorted(s2 - s1)
        print(f"rows: single {len(r1)}, spark {len(r2)}; {len(only1)} only in single, {len(only2)} only in spark")
        for r in only1[:5]:
            print("  single only:", ",".join(r))
        for r in only2[:5]:
            print("  spark only: ", ",".join(r))
    nkeys = h1.index("model") if h1 and "model" in h1 else 1
    n_series = len({r[:nkeys] for r in r1})
    if len(argv) == 3:
        import pyarrow.parquet as pq
        table = pq.read_table(os.path.join(out, "parquet"))
        if table.column_names != h1:
            print(f"parquet columns {table.column_names} vs {h1}")
            ok = False
        else:
            numeric = [i for i, c in enumerate(h1) if c == "mean" or c.startswith(("lower_", "upper_"))]
            text = [i for i in range(len(h1)) if i not in numeric]
            cols = [table.column(c).to_pylist() for c in h1]
            prow = sorted(zip(*cols), key=lambda r: tuple(r[i] for i in text))
            crow = sorted(r1, key=lambda r: tuple(r[i] for i in text))

            def same(c, p):
                if any(c[i] != p[i] for i in text):
                    return False
                for i in numeric:
                    x = None if c[i] == "" else float(c[i])
                    y = p[i]
                    if not (x == y or (x is None and y is None)
                            or (x is not None and y is not None and math.isnan(x) and math.isnan(y))):
                        return False
                return True
            bad = [i for i, (c, p) in enumerate(zip(crow, prow)) if not same(c, p)]
            if len(crow) != len(prow) or bad:
                print(f"parquet: {len(prow)} rows, {len(bad)} differ from the single-process CSV's {len(crow)} rows")
                for i in bad[:5]:
                    print("  csv:", crow[i], " parquet:", prow[i])
                ok = False
    if ok:
        print(f"compare_outputs: equal — {len(r1)} forecast rows, {n_series} series"
              f"{' (CSV and Parquet)' if len(argv) == 3 else ''}")
        return 0
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
