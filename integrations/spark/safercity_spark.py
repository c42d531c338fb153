#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Run `safercity forecast --by` over a panel with Apache Spark (issue 11 item 6).

Spark does the distribution; SaferCity does the statistics. The driver

1. reads the panel (CSV with a header, or Parquet when the input is Parquet), every column as
   text so the values reach SaferCity exactly as they are written in the file;
2. numbers the rows in input order, repartitions by the key columns (hash partitioning, so every
   series lands whole in one partition) and sorts each partition by key and input order, which
   gives each worker a file grouped by key with each series' rows in the order of the input;
3. pipes each partition through the `safercity` binary with `mapInArrow`: the partition is
   written to a temporary CSV file (or streamed to the binary's standard input with
   `--transport stdin`, once the binary reads `-`), and the worker runs
   `safercity forecast TMP --by KEYS --model M --horizon H --format csv --jobs J`;
4. writes the forecast rows, still text, as partitioned CSV (`OUTPUT/csv/part-*.csv`, one header
   per part) and, with `--output-format csv,parquet`, as Parquet (`OUTPUT/parquet/`, the numeric
   columns as doubles: the binary's shortest round-trip decimals parse back to the same doubles);
5. accounts for every series: series in = series forecast + series not forecast, with the binary's
   own reason for each series it skipped (written to `OUTPUT/messages/`). A worker whose binary
   exits non-zero fails its task with the binary's exit status and standard error; the driver
   stops and prints them.

Results are those of one `safercity forecast FILE --by KEYS` run on the whole file, series for
series (integrations/spark/test_spark.sh checks this on every CI run): each series is fitted
from the same rows in the same order by the same binary.

The binary reaches executors by `--binary PATH` (the driver ships it with `SparkContext.addFile`,
i.e. what `spark-submit --files` does), by `spark-submit --files /path/safercity` with
`--binary safercity`, or from the executors' PATH. Nothing here depends on the cluster manager:
the same command runs with `--master local[2]`, on YARN and on Kubernetes (docs/Scale.md).

Usage:
    spark-submit --master local[2] integrations/spark/safercity_spark.py \
        --input panel.csv --output out/ --by lsoa,crime_type --model theta --horizon 12 \
        --period-column month --value-column count --binary .build/release/safercity
Extra `safercity forecast` options go after `--`, e.g. `-- --period 12`.
"""
from __future__ import annotations

import argparse
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import time

FORECAST_MARKER = "safercity worker failed"
ROW_ID = "__safercity_row"
PROBE_ROWS = 5000


class ListAccumulator:
    """Spark accumulator of a list (AccumulatorParam protocol: zero, addInPlace)."""

    def zero(self, value):
        return []

    def addInPlace(self, a, b):
        a.extend(b)
        return a


def stop_on_worker_failure(action):
    """Runs a Spark action; a worker's own failure message ends the driver with it."""
    try:
        return action()
    except Exception as e:  # Py4JJavaError / PythonException carrying the worker's RuntimeError
        text = str(e)
        at = text.find(FORECAST_MARKER)
        if at < 0:
            raise
        end = text.find("\n\tat ", at)
        sys.exit("safercity_spark: " + text[at:end if end > 0 else None].strip())


def parse_args(argv):
    if "--" in argv:
        cut = argv.index("--")
        argv, extra = argv[:cut], argv[cut + 1:]
    else:
        extra = []
    ap = argparse.ArgumentParser(
        prog="safercity_spark.py",
        description="Forecast every series of a panel with the safercity binary as a Spark worker.",
        epilog="Options after `--` are passed to `safercity forecast` unchanged.")
    ap.add_argument("--input", required=True, help="panel: CSV with a header, or Parquet (.parquet file or folder)")
    ap.add_argument("--output", required=True, help="output folder (csv/, parquet/, messages/ inside)")
    ap.add_argument("--by", required=True, help="comma-separated key columns, e.g. lsoa,crime_type")
    ap.add_argument("--model", default="auto", help="safercity forecast --model (default auto)")
    ap.add_argument("--horizon", required=True, type=int, help="forecast horizon (steps ahead)")
    ap.add_argument("--levels", help="prediction-interval levels in percent, e.g. 80,95")
    ap.add_argument("--period-column", help="period column (detected by safercity if omitted)")
    ap.add_argument("--value-column", help="value column (detected by safercity if omitted)")
    ap.add_argument("--binary", default="safercity",
                    help="safercity binary: a local path (shipped to executors with addFile) or the name "
                         "of a file given to spark-submit --files or on the executors' PATH (default safercity)")
    ap.add_argument("--input-format", choices=["auto", "csv", "parquet"], default="auto",
                    help="input format (default: parquet when the path ends in .parquet or is a folder of "
                         ".parquet files, else csv)")
    ap.add_argument("--output-format", default="csv",
                    help="comma-separated: csv, parquet (default csv)")
    ap.add_argument("--partitions", type=int,
                    help="number of partitions (default: 2 x spark.default.parallelism)")
    ap.add_argument("--jobs", type=int,
                    help="safercity --jobs per worker (default: spark.task.cpus, i.e. 1)")
    ap.add_argument("--transport", choices=["file", "stdin"], default="file",
                    help="file: each partition is written to a temporary CSV file (works with every "
                         "safercity version); stdin: streamed to `safercity forecast -` (needs the "
                         "streaming engine)")
    ap.add_argument("--verbose", action="store_true", help="keep Spark's INFO log")
    ap.add_argument("--overwrite", action="store_true", help="replace OUTPUT if it exists")
    args = ap.parse_args(argv)
    args.extra = extra
    args.keys = [k.strip() for k in args.by.split(",") if k.strip()]
    if not args.keys:
        ap.error("--by: expected one or more comma-separated column names")
    if args.horizon < 1:
        ap.error(f"--horizon: expected a positive number of steps, got {args.horizon}")
    if (args.period_column is None) != (args.value_column is None):
        ap.error("give both --period-column and --value-column, or neither")
    formats = [f.strip() for f in args.output_format.split(",") if f.strip()]
    bad = [f for f in formats if f not in ("csv", "parquet")]
    if not formats or bad:
        ap.error(f"--output-format: expected csv, parquet or csv,parquet, got {args.output_format!r}")
    args.formats = formats
    if args.partitions is not None and args.partitions < 1:
        ap.error(f"--partitions: expected at least 1, got {args.partitions}")
    if args.jobs is not None and args.jobs < 1:
        ap.error(f"--jobs: expected at least 1, got {args.jobs}")
    return args


def forecast_command(binary, args, jobs, source):
    cmd = [binary, "forecast", source, "--by", ",".join(args.keys), "--model", args.model,
           "--horizon", str(args.horizon), "--format", "csv", f"--jobs={jobs}"]
    if args.levels:
        cmd += [f"--levels={args.levels}"]
    if args.period_column:
        cmd += ["--period-column", args.period_column, "--value-column", args.value_column]
    return cmd + list(args.extra)


def resolve_worker_binary(name):
    """On an executor: the shipped copy (SparkFiles), else the PATH."""
    from pyspark import SparkFiles
    path = os.path.join(SparkFiles.getRootDirectory(), name)
    if not os.path.isfile(path):
        found = shutil.which(name)
        if found is None:
            raise RuntimeError(f"{FORECAST_MARKER}: binary {name!r} is neither shipped with the job "
                               f"(--binary PATH or spark-submit --files) nor on this executor's PATH")
        return found
    mode = os.stat(path).st_mode
    if not mode & stat.S_IXUSR:
        os.chmod(path, mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return path


def key_text(table, keys):
    """One string per row joining the key values (Arrow compute; keys never contain U+001F)."""
    import pyarrow.compute as pc
    cols = [pc.fill_null(table.column(k).cast("string"), "") for k in keys]
    return cols[0] if len(cols) == 1 else pc.binary_join_element_wise(*cols, "\x1f")


def make_worker(args, columns, binary_name, jobs, out_columns, accounts):
    """The mapInArrow function: one safercity run per partition; its account goes to `accounts`.

    Arrow record batches go to CSV and back with pyarrow's C++ CSV writer and streaming reader,
    every column as text (no type conversion touches a value)."""
    keys = list(args.keys)

    def worker(batches):
        import pyarrow as pa
        import pyarrow.compute as pc
        import pyarrow.csv as pacsv
        from pyspark import TaskContext
        ctx = TaskContext.get()
        part = ctx.partitionId() if ctx else -1
        binary = resolve_worker_binary(binary_name)
        tmp = tempfile.mkdtemp(prefix=f"safercity-part{part}-")
        clock = {"in": 0.0, "run": 0.0, "out": 0.0}
        t_last = time.perf_counter()
        try:
            out_path = os.path.join(tmp, "forecast.csv")
            err_path = os.path.join(tmp, "stderr.txt")
            in_path = os.path.join(tmp, "input.csv")
            n_rows, first_key, last_key = 0, None, None
            keys_in = set()
            proc = None
            sink = None
            writer = None
            with open(out_path, "wb") as out, open(err_path, "wb") as err:
                for batch in batches:
                    if batch.num_rows == 0:
                        continue
                    batch = pa.Table.from_batches([batch]).select(columns)
                    kv = key_text(batch, keys)
                    keys_in.update(pc.unique(kv).to_pylist())
                    if first_key is None:
                        first_key = kv[0].as_py()
                    last_key = kv[-1].as_py()
                    if sink is None:
                        if args.transport == "stdin":
                            proc = subprocess.Popen(forecast_command(binary, args, jobs, "-"),
                                                    stdin=subprocess.PIPE, stdout=out, stderr=err)
                            sink = proc.stdin
                        else:
                            sink = open(in_path, "wb")
                        writer = pacsv.CSVWriter(sink, batch.schema,
                                                 write_options=pacsv.WriteOptions(quoting_style="needed"))
                    try:
                        writer.write_table(batch)
                    except (BrokenPipeError, OSError):
                        if proc is None:
                            raise
                        break  # the binary stopped reading; its exit status and stderr say why
                    n_rows += batch.num_rows
                if sink is None:
                    return  # empty partition: nothing to forecast
                try:
                    writer.close()
                    sink.close()
                except (BrokenPipeError, OSError):
                    if proc is None:
                        raise
                now = time.perf_counter()
                clock["in"], t_last = now - t_last, now
                if proc is None:
                    proc = subprocess.Popen(forecast_command(binary, args, jobs, in_path),
                                            stdin=subprocess.DEVNULL, stdout=out, stderr=err)
                status = proc.wait()
                now = time.perf_counter()
                clock["run"], t_last = now - t_last, now
            with open(err_path, "rb") as f:
                stderr = f.read().decode("utf-8", "replace").replace(in_path, f"{args.input} (partition {part})")
            span = " .. ".join(k.replace("\x1f", " / ") for k in (first_key, last_key))
            if status != 0:
                raise RuntimeError(
                    f"{FORECAST_MARKER}: partition {part} (series {span}, {len(keys_in)} series, {n_rows} rows): "
                    f"`{' '.join(forecast_command(os.path.basename(binary), args, jobs, 'INPUT'))}` "
                    f"exited with status {status}; its standard error:\n{stderr.strip()}")
            keys_out = set()
            if os.path.getsize(out_path) > 0:
                with open(out_path, "rb") as f:
                    header = next(__import__("csv").reader([f.readline().decode("utf-8")]))
                missing = [c for c in out_columns if c not in header]
                if missing:
                    raise RuntimeError(f"{FORECAST_MARKER}: partition {part}: the binary's CSV has no "
                                       f"column(s) {missing}; its header is {header}")
                reader = pacsv.open_csv(
                    out_path,
                    read_options=pacsv.ReadOptions(block_size=8 << 20),
                    convert_options=pacsv.ConvertOptions(
                        column_types={c: pa.string() for c in header}, strings_can_be_null=False,
                        quoted_strings_can_be_null=False, include_columns=out_columns))
                for chunk in reader:
                    table = pa.Table.from_batches([chunk])
                    keys_out.update(pc.unique(key_text(table, keys)).to_pylist())
                    for b in table.select(out_columns).to_batches():
                        yield b
            # The partition's account reaches the driver with the task's result (deduplicated
            # there by partition, as a recomputed partition adds it again).
            clock["out"] = time.perf_counter() - t_last
            accounts.add([(part, len(keys_in), len(keys_out), stderr, clock)])
        finally:
            shutil.rmtree(tmp, ignore_errors=True)

    return worker


def probe_output_columns(args, binary_path, sample_rows, columns):
    """The binary's CSV header, from a run on the first series (driver side)."""
    import csv
    with tempfile.TemporaryDirectory(prefix="safercity-probe-") as tmp:
        path = os.path.join(tmp, "probe.csv")
        with open(path, "w", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(columns)
            w.writerows([["" if v is None else v for v in r] for r in sample_rows])
        jobs = 1
        try:
            run = subprocess.run(forecast_command(binary_path, args, jobs, path), capture_output=True, text=True)
        except OSError as e:  # e.g. a Linux binary on a macOS driver: the executors will tell
            print(f"safercity_spark: cannot run {binary_path} on the driver ({e}); assuming the default "
                  f"CSV columns", file=sys.stderr)
            return None
        if run.returncode != 0:
            sys.exit(f"safercity_spark: the binary fails on the first series of {args.input} "
                     f"(`{' '.join(forecast_command(binary_path, args, jobs, path))}` exited with status "
                     f"{run.returncode}):\n{run.stderr.strip()}")
        header = run.stdout.split("\n", 1)[0]
        if not header:
            sys.exit(f"safercity_spark: the binary printed no CSV header for the first series of {args.input}; "
                     f"its standard error:\n{run.stderr.strip()}")
        return next(iter(csv.reader([header])))


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    from pyspark.sql import SparkSession, functions as F, types as T

    spark = SparkSession.builder.appName("safercity-forecast").getOrCreate()
    sc = spark.sparkContext
    if not args.verbose:
        sc.setLogLevel("WARN")
    t0 = time.time()
    phases = []

    def phase(name, since=[t0]):
        now = time.time()
        phases.append(f"{name} {now - since[0]:.1f} s")
        since[0] = now

    # The binary: ship a local file to every executor; otherwise expect it there already.
    local_binary = args.binary if os.path.sep in args.binary or os.path.isfile(args.binary) else None
    if local_binary:
        if not (os.path.isfile(local_binary) and os.access(local_binary, os.X_OK)):
            sys.exit(f"safercity_spark: --binary {local_binary}: not an executable file "
                     f"(build it with `swift build -c release --product safercity`)")
        sc.addFile(os.path.abspath(local_binary))
        binary_name = os.path.basename(local_binary)
        driver_binary = os.path.abspath(local_binary)
    else:
        binary_name = args.binary
        shipped = os.path.join(__import__("pyspark").SparkFiles.getRootDirectory(), binary_name)
        driver_binary = shipped if os.path.isfile(shipped) else shutil.which(binary_name)

    fmt = args.input_format
    if fmt == "auto":
        p = args.input.rstrip("/")
        fmt = "parquet" if p.endswith(".parquet") or (
            os.path.isdir(p) and any(n.endswith(".parquet") for n in os.listdir(p))) else "csv"
    if fmt == "parquet":
        df = spark.read.parquet(args.input)
        df = df.select([F.col(c).cast("string").alias(c) for c in df.columns])
    else:
        df = (spark.read.option("header", True).option("inferSchema", False)
              .option("mode", "FAILFAST").csv(args.input))
    columns = df.columns
    missing = [c for c in args.keys + [c for c in (args.period_column, args.value_column) if c]
               if c not in columns]
    if missing:
        sys.exit(f"safercity_spark: {args.input}: no column(s) {missing}; its columns are {columns}")

    phase("start")
    head = [list(r) for r in df.limit(PROBE_ROWS).collect()]
    if not head:
        sys.exit(f"safercity_spark: {args.input}: no data rows")
    # The binary's CSV columns, from a run on the first series of the file (its rows among the
    # first PROBE_ROWS rows), when the binary runs on the driver.
    if driver_binary and os.path.isfile(driver_binary):
        at = [columns.index(k) for k in args.keys]
        first_key = [head[0][i] for i in at]
        sample = [r for r in head if [r[i] for i in at] == first_key]
        out_columns = probe_output_columns(args, driver_binary, sample, columns)
        phase("probe")
    else:
        out_columns = None
    if out_columns is None:
        out_columns = args.keys + ["model", "period", "mean"] + [
            f"{side}_{lvl}" for lvl in (args.levels or "80,95").split(",") for side in ("lower", "upper")]

    parts = args.partitions or 2 * sc.defaultParallelism
    jobs = args.jobs or int(float(sc.getConf().get("spark.task.cpus", "1")))
    ordered = (df.withColumn(ROW_ID, F.monotonically_increasing_id())
               .repartition(parts, *[F.col(k) for k in args.keys])
               .sortWithinPartitions(*[F.col(k) for k in args.keys], F.col(ROW_ID))
               .drop(ROW_ID))
    schema = T.StructType([T.StructField(c, T.StringType()) for c in out_columns])
    accounts = sc.accumulator([], ListAccumulator())
    forecasts = ordered.mapInArrow(make_worker(args, columns, binary_name, jobs, out_columns, accounts), schema)
    if len(args.formats) > 1:
        forecasts = forecasts.persist()  # fit once, write twice

    mode = "overwrite" if args.overwrite else "errorifexists"
    out = args.output.rstrip("/")
    if "csv" in args.formats:
        stop_on_worker_failure(lambda: forecasts.write.mode(mode).option("header", True).option("quote", '"')
                               .option("escape", '"').option("emptyValue", "").option("nullValue", "")
                               .csv(out + "/csv"))
        phase("forecast + write csv")
    if "parquet" in args.formats:
        numeric = [c for c in out_columns if c == "mean" or c.startswith("lower_") or c.startswith("upper_")]
        typed = forecasts.select([F.col(c).cast("double").alias(c) if c in numeric else F.col(c)
                                  for c in out_columns])
        stop_on_worker_failure(lambda: typed.write.mode(mode).parquet(out + "/parquet"))
        phase("write parquet" if "csv" in args.formats else "forecast + write parquet")
    if len(args.formats) > 1:
        forecasts.unpersist()

    by_part = {}
    for part, n_in, n_out, stderr, clock in accounts.value:
        by_part[part] = (n_in, n_out, stderr, clock)
    worker_time = {k: sum(v[3][k] for v in by_part.values()) for k in ("in", "run", "out")}
    series_in = sum(v[0] for v in by_part.values())
    series_out = sum(v[1] for v in by_part.values())
    messages = [f"partition {part}: {line}" for part in sorted(by_part)
                for line in by_part[part][2].splitlines() if line.strip()]
    spark.createDataFrame([(m,) for m in messages] or [("",)], "message string").coalesce(1) \
        .write.mode(mode).text(out + "/messages")

    skipped = series_in - series_out
    print(f"safercity_spark: series in {series_in} = forecast {series_out} + not forecast {skipped}; "
          f"{len(by_part)} non-empty partitions of {parts}, --jobs {jobs} per worker, {time.time() - t0:.1f} s; "
          f"output in {out}/ ({', '.join(args.formats)}; worker messages in {out}/messages/); "
          f"{', '.join(phases)}; summed over workers: partition in {worker_time['in']:.1f} s (Spark: shuffle, sort, Arrow "
          f"batches into the binary's input{' while it reads' if args.transport == 'stdin' else ''}), safercity "
          f"{worker_time['run']:.1f} s, forecasts back to Spark {worker_time['out']:.1f} s", file=sys.stderr)
    for m in messages[:20]:
        print("  " + m, file=sys.stderr)
    if len(messages) > 20:
        print(f"  ... {len(messages) - 20} more in {out}/messages/", file=sys.stderr)
    spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
