#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Run `safercity forecast --by` over a panel with Apache Spark (issue 11 item 6).

Spark does the distribution; SaferCity does the statistics. The driver

1. reads the panel. A CSV panel is read as lines of text (`spark.read.text`): the header line
   names the columns, each line's key fields are cut out with a split on commas (lines with a
   double quote are parsed by Spark's CSV rules, `from_csv`, so a quoted key with a comma is one
   field), and the line itself goes to SaferCity byte for byte — no JVM parsing or re-writing of
   the other fields. Parquet (or CSV with `--reader csv`, Spark's CSV parser) is read as columns,
   every column as text, so the values reach SaferCity exactly as they are written;
2. numbers the rows in input order, repartitions by the key columns (hash partitioning, so every
   series lands whole in one partition) and sorts each partition by key and input order, which
   gives each worker its series grouped by key with each series' rows in the order of the input;
3. pipes each partition through the `safercity` binary with `mapInArrow`: the partition is
   streamed to the binary's standard input (`--transport stdin`, the default when the binary
   reads `-`) or written to a temporary CSV file (`--transport file`, any safercity version), and
   the worker runs `safercity forecast - --by KEYS --model M --horizon H --format csv --jobs J`;
4. writes the binary's CSV output unchanged (`OUTPUT/csv/part-*.csv`, one header per part: the
   output goes back to Spark as blocks of whole lines and is written as text) and, with
   `--output-format csv,parquet`, as Parquet (`OUTPUT/parquet/`, the blocks parsed by pyarrow,
   the numeric columns as doubles: the binary's shortest round-trip decimals parse back to the
   same doubles);
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
import csv
import io
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import time

FORECAST_MARKER = "safercity worker failed"
INPUT_MARKER = "safercity input refused"
ROW_ID = "__safercity_row"
LINE = "__safercity_line"
PROBE_ROWS = 5000
# Forecast rows go back to Spark in blocks of whole lines of about this many bytes.
OUTPUT_BLOCK = 4 << 20
# Arrow batches into the workers: fewer, larger batches than Spark's default 10,000 rows (a CSV
# line is small); set spark.sql.execution.arrow.maxRecordsPerBatch to override.
BATCH_ROWS = 100_000


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
        at = min((i for i in (text.find(FORECAST_MARKER), text.find(INPUT_MARKER)) if i >= 0), default=-1)
        if at < 0:
            raise
        end = text.find("\n\tat ", at)
        message = text[at:end if end > 0 else None].strip()
        message = re.sub(r"\s*SQLSTATE: \w+\s*$", "", message)  # raise_error's suffix
        sys.exit("safercity_spark: " + message)


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
    ap.add_argument("--reader", choices=["lines", "csv"], default="lines",
                    help="CSV input: lines (default) reads lines of text and hands them to safercity as they "
                         "are; csv parses every field with Spark's CSV reader (slower; the same results)")
    ap.add_argument("--output-format", default="csv",
                    help="comma-separated: csv, parquet (default csv)")
    ap.add_argument("--partitions", type=int,
                    help="number of partitions (default: 2 x spark.default.parallelism)")
    ap.add_argument("--jobs", type=int,
                    help="safercity --jobs per worker (default: spark.task.cpus, i.e. 1)")
    ap.add_argument("--transport", choices=["auto", "stdin", "file"], default="auto",
                    help="stdin: each partition is streamed to `safercity forecast -` while Spark produces it "
                         "(needs the streaming engine); file: written to a temporary CSV file first (every "
                         "safercity version); auto (default): stdin when the binary reads `-` on the driver, "
                         "else file")
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


def string_bytes(arr):
    """The bytes of an Arrow string array's values, back to back (a view, no copy)."""
    import pyarrow as pa
    width = pa.int64() if pa.types.is_large_string(arr.type) or pa.types.is_large_binary(arr.type) else pa.int32()
    offsets = pa.Array.from_buffers(width, len(arr) + 1, [None, arr.buffers()[1]], offset=arr.offset)
    return memoryview(arr.buffers()[2])[offsets[0].as_py():offsets[-1].as_py()] if len(arr) else b""


def lines_bytes(arr):
    """Each value of an Arrow string array followed by a newline, as one bytes-like object."""
    import pyarrow.compute as pc
    return string_bytes(pc.binary_join_element_wise(arr, "", "\n"))


def text_block(data):
    """A one-row Arrow batch (column `value`) holding `data` as it is."""
    import pyarrow as pa
    offsets = pa.array([0, len(data)], pa.int32()).buffers()[1]
    value = pa.Array.from_buffers(pa.string(), 1, [None, offsets, pa.py_buffer(data)])
    return pa.RecordBatch.from_arrays([value], names=["value"])


def blocks_of_lines(path, size=OUTPUT_BLOCK):
    """The file's bytes in blocks of whole lines (each block without its last newline)."""
    with open(path, "rb") as f:
        carry = b""
        while True:
            chunk = f.read(size)
            if not chunk:
                break
            data = carry + chunk
            cut = data.rfind(b"\n")
            if cut < 0:
                carry = data
                continue
            yield data[:cut]
            carry = data[cut + 1:]
        if carry:
            yield carry


def text_csv_options(columns):
    """pyarrow CSV reader options: only `columns`, each as text exactly as written."""
    import pyarrow as pa
    import pyarrow.csv as pacsv
    return dict(read_options=pacsv.ReadOptions(use_threads=False, block_size=8 << 20),
                convert_options=pacsv.ConvertOptions(
                    column_types={c: pa.string() for c in columns}, strings_can_be_null=False,
                    quoted_strings_can_be_null=False, include_columns=columns))


class TextBlocks(io.RawIOBase):
    """A readable stream over a partition of text blocks, a newline after each (what Spark's text
    writer writes), for pyarrow's CSV reader."""

    def __init__(self, batches):
        self._blocks = (string_bytes(b.column(0).slice(i, 1)) for b in batches for i in range(b.num_rows))
        self._pending = memoryview(b"")
        self._newline = False

    def readable(self):
        return True

    def readinto(self, buf):
        while not self._pending:
            if self._newline:
                self._newline = False
                self._pending = memoryview(b"\n")
                break
            block = next(self._blocks, None)
            if block is None:
                return 0
            self._pending, self._newline = memoryview(block), True
        n = min(len(buf), len(self._pending))
        buf[:n] = self._pending[:n]
        self._pending = self._pending[n:]
        return n


class Panel:
    """How the panel reaches the workers.

    mode "lines": `df` has the raw line (LINE) and the key fields (`key_columns`); `header` is the
    header line, written once at the top of each worker's input (every file's own header line is
    among the lines and is dropped by the workers, which count them). mode "columns": `df` has the
    panel's columns as text; the workers write CSV."""

    def __init__(self, df, columns, mode, key_columns, header=None, files=0, head=None):
        self.df, self.columns, self.mode, self.key_columns = df, columns, mode, key_columns
        self.header, self.files, self.head = header, files, head


def read_lines_panel(spark, args):
    """The CSV panel as lines (see Panel), or None when its header needs the CSV reader."""
    from pyspark.sql import functions as F
    lines = spark.read.text(args.input)
    files = lines.inputFiles()
    if not files:
        sys.exit(f"safercity_spark: {args.input}: no input files")
    head = [r[0] for r in spark.read.text(files[0]).limit(PROBE_ROWS).collect()]
    if not head:
        sys.exit(f"safercity_spark: {files[0]}: empty file (expected a header line)")
    header = head[0]
    if header.count('"') % 2:
        return None  # a quoted column name spanning lines: Spark's CSV reader
    columns = next(csv.reader([header.lstrip("\ufeff")]))
    missing = [k for k in args.keys if k not in columns]
    if missing:
        return Panel(None, columns, "lines", [])
    v = F.col("value")
    at = [columns.index(k) for k in args.keys]
    quoted = v.contains('"')
    odd = ((F.length(v) - F.length(F.translate(v, '"', ""))) % 2) == 1
    # RFC 4180 quoting (a quote inside a quoted field is doubled), as safercity reads it
    parsed = F.from_csv(v, ", ".join(f"_c{i} STRING" for i in range(max(at) + 1)), {"escape": '"'})
    unclosed = F.raise_error(F.concat(
        F.lit(f"{INPUT_MARKER}: {args.input}: a line has an unclosed double quote (a quoted field that "
              f"spans lines, which line-by-line reading cannot keep whole, or a stray quote): "),
        F.substring(v, 1, 200)))
    keys = []
    for n, i in enumerate(at):
        plain = F.substring_index(v, ",", 1) if i == 0 else F.substring_index(F.substring_index(v, ",", i + 1), ",", -1)
        field = F.coalesce(parsed[f"_c{i}"], F.lit(""))
        key = F.when(~quoted, plain)
        if n == 0:
            key = key.when(odd, unclosed)
        keys.append(key.otherwise(field).alias(f"__safercity_key{n}"))
    df = lines.select(v.alias(LINE), F.monotonically_increasing_id().alias(ROW_ID), *keys)
    return Panel(df, columns, "lines", [f"__safercity_key{n}" for n in range(len(at))],
                 header=header, files=len(files), head=head[1:])


def read_panel(spark, args):
    from pyspark.sql import functions as F
    fmt = args.input_format
    if fmt == "auto":
        p = args.input.rstrip("/")
        fmt = "parquet" if p.endswith(".parquet") or (
            os.path.isdir(p) and any(n.endswith(".parquet") for n in os.listdir(p))) else "csv"
    if fmt == "csv" and args.reader == "lines":
        panel = read_lines_panel(spark, args)
        if panel is not None:
            return panel
    if fmt == "parquet":
        df = spark.read.parquet(args.input)
        df = df.select([F.col(c).cast("string").alias(c) for c in df.columns])
    else:
        df = (spark.read.option("header", True).option("inferSchema", False).option("escape", '"')
              .option("mode", "FAILFAST").csv(args.input))
    df = df.withColumn(ROW_ID, F.monotonically_increasing_id())
    return Panel(df, df.columns[:-1], "columns", list(args.keys))


def make_worker(args, panel, binary_name, jobs, transport, out_columns, accounts):
    """The mapInArrow function: one safercity run per partition; its account goes to `accounts`.

    The partition goes to the binary as CSV: the raw lines (mode "lines") or the columns written
    by pyarrow's C++ CSV writer (mode "columns"), every value as text. The binary's CSV comes back
    as blocks of whole lines, as it wrote them."""
    keys = list(args.keys)
    mode, columns, key_columns = panel.mode, list(panel.columns), list(panel.key_columns)
    header = panel.header

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
            n_rows, n_headers, first_key, last_key = 0, 0, None, None
            keys_in = set()
            proc = None
            sink = None
            writer = None
            with open(out_path, "wb") as out, open(err_path, "wb") as err:
                for batch in batches:
                    if mode == "lines":
                        is_header = pc.equal(batch.column(0), header)
                        dropped = pc.sum(is_header).as_py() or 0
                        if dropped:
                            n_headers += dropped
                            batch = batch.filter(pc.invert(is_header))
                    if batch.num_rows == 0:
                        continue
                    kv = key_text(batch, key_columns)
                    keys_in.update(pc.unique(kv).to_pylist())
                    if first_key is None:
                        first_key = kv[0].as_py()
                    last_key = kv[-1].as_py()
                    if sink is None:
                        if transport == "stdin":
                            proc = subprocess.Popen(forecast_command(binary, args, jobs, "-"),
                                                    stdin=subprocess.PIPE, stdout=out, stderr=err)
                            sink = proc.stdin
                        else:
                            sink = open(in_path, "wb")
                    try:
                        if mode == "lines":
                            if n_rows == 0:
                                sink.write(header.encode("utf-8") + b"\n")
                            sink.write(lines_bytes(batch.column(0)))
                        else:
                            table = pa.Table.from_batches([batch]).select(columns)
                            if writer is None:
                                writer = pacsv.CSVWriter(sink, table.schema,
                                                         write_options=pacsv.WriteOptions(quoting_style="needed"))
                            writer.write_table(table)
                    except (BrokenPipeError, OSError):
                        if proc is None:
                            raise
                        break  # the binary stopped reading; its exit status and stderr say why
                    n_rows += batch.num_rows
                if sink is None:
                    if n_headers:
                        accounts.add([(part, 0, 0, "", clock, n_headers)])
                    return  # no data rows: nothing to forecast
                try:
                    if writer is not None:
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
            label = f"{args.input} (partition {part})"
            with open(err_path, "rb") as f:
                stderr = f.read().decode("utf-8", "replace")
            stderr = (stderr.replace(in_path, label) if transport == "file"
                      else re.sub(r"(?m)(^|skipped: )-(?=[ :])", lambda m: m.group(1) + label, stderr))
            span = " .. ".join(k.replace("\x1f", " / ") for k in (first_key, last_key))
            if status != 0:
                raise RuntimeError(
                    f"{FORECAST_MARKER}: partition {part} (series {span}, {len(keys_in)} series, {n_rows} rows): "
                    f"`{' '.join(forecast_command(os.path.basename(binary), args, jobs, 'INPUT'))}` "
                    f"exited with status {status}; its standard error:\n{stderr.strip()}")
            keys_out = set()
            if os.path.getsize(out_path) > 0:
                with open(out_path, "rb") as f:
                    out_header = next(csv.reader([f.readline().decode("utf-8")]))
                missing = [c for c in out_columns if c not in out_header]
                if missing:
                    raise RuntimeError(f"{FORECAST_MARKER}: partition {part}: the binary's CSV has no "
                                       f"column(s) {missing}; its header is {out_header}")
                table = pacsv.read_csv(out_path, **text_csv_options(keys))
                keys_out.update(pc.unique(key_text(table, keys)).to_pylist())
                del table
                for block in blocks_of_lines(out_path):
                    yield text_block(block)
            # The partition's account reaches the driver with the task's result (deduplicated
            # there by partition, as a recomputed partition adds it again).
            clock["out"] = time.perf_counter() - t_last
            accounts.add([(part, len(keys_in), len(keys_out), stderr, clock, n_headers)])
        finally:
            shutil.rmtree(tmp, ignore_errors=True)

    return worker


def make_parser(out_columns):
    """mapInArrow function: a partition's text blocks (the binary's CSV) -> rows of text columns."""

    def parse(batches):
        import pyarrow as pa
        import pyarrow.csv as pacsv
        first = next(batches, None)
        if first is None:
            return
        stream = TextBlocks(__import__("itertools").chain([first], batches))
        reader = pacsv.open_csv(stream, **text_csv_options(out_columns))
        for chunk in reader:
            yield from pa.Table.from_batches([chunk]).select(out_columns).to_batches()

    return parse


def run_probe(cmd, stdin_text=None):
    return subprocess.run(cmd, input=stdin_text, capture_output=True, text=True)


def probe_binary(args, binary_path, sample_text, transport):
    """The binary's CSV header and the transport, from a run on the first series (driver side).

    Returns (columns or None when the binary cannot run here, transport)."""
    jobs = 1
    with tempfile.TemporaryDirectory(prefix="safercity-probe-") as tmp:
        path = os.path.join(tmp, "probe.csv")
        with open(path, "w", newline="") as f:
            f.write(sample_text)
        try:
            run = None
            if transport in ("auto", "stdin"):
                run = run_probe(forecast_command(binary_path, args, jobs, "-"), sample_text)
                if run.returncode == 0 or transport == "stdin":
                    transport, shown = "stdin", forecast_command(binary_path, args, jobs, "-")
                else:
                    run = None
            if run is None:
                run = run_probe(forecast_command(binary_path, args, jobs, path))
                shown = forecast_command(binary_path, args, jobs, path)
                if run.returncode == 0 and transport == "auto":
                    print(f"safercity_spark: {binary_path} does not read standard input ('-'); "
                          f"using --transport file", file=sys.stderr)
                transport = "file"
        except OSError as e:  # e.g. a Linux binary on a macOS driver: the executors will tell
            print(f"safercity_spark: cannot run {binary_path} on the driver ({e}); assuming the default "
                  f"CSV columns and --transport {'stdin' if transport == 'auto' else transport}", file=sys.stderr)
            return None, "stdin" if transport == "auto" else transport
        if run.returncode != 0:
            sys.exit(f"safercity_spark: the binary fails on the first series of {args.input} "
                     f"(`{' '.join(shown)}` exited with status "
                     f"{run.returncode}):\n{run.stderr.strip()}")
        header = run.stdout.split("\n", 1)[0]
        if not header:
            sys.exit(f"safercity_spark: the binary printed no CSV header for the first series of {args.input}; "
                     f"its standard error:\n{run.stderr.strip()}")
        return next(iter(csv.reader([header]))), transport


def first_series_sample(panel, args):
    """CSV text of the header and the first series' rows among the first PROBE_ROWS rows."""
    if panel.mode == "lines":
        # each line on its own (a quoted field spanning lines is refused by the run itself)
        rows = [next(csv.reader([line]), []) if line.count('"') % 2 == 0 else [] for line in panel.head]
        at = [panel.columns.index(k) for k in args.keys]
        first = [rows[0][i] if i < len(rows[0]) else "" for i in at] if rows else None
        keep = [line for line, r in zip(panel.head, rows) if [r[i] if i < len(r) else "" for i in at] == first]
        return "".join(line + "\n" for line in [panel.header] + keep)
    head = [list(r) for r in panel.df.drop(ROW_ID).limit(PROBE_ROWS).collect()]
    if not head:
        return None
    at = [panel.columns.index(k) for k in args.keys]
    first = [head[0][i] for i in at]
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(panel.columns)
    w.writerows([["" if v is None else v for v in r] for r in head if [r[i] for i in at] == first])
    return buf.getvalue()


def rename_parts(spark, folder, old, new):
    """part-*.OLD -> part-*.NEW in FOLDER (Hadoop FileSystem API: local, HDFS, S3A, ...)."""
    jvm = spark.sparkContext._jvm
    path = jvm.org.apache.hadoop.fs.Path(folder)
    fs = path.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration())
    for st in fs.listStatus(path):
        name = st.getPath().getName()
        if name.startswith("part-") and name.endswith(old):
            fs.rename(st.getPath(), jvm.org.apache.hadoop.fs.Path(path, name[:-len(old)] + new))


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    from pyspark.sql import SparkSession, functions as F, types as T

    spark = SparkSession.builder.appName("safercity-forecast").getOrCreate()
    sc = spark.sparkContext
    if not args.verbose:
        sc.setLogLevel("WARN")
    if not sc.getConf().contains("spark.sql.execution.arrow.maxRecordsPerBatch"):
        spark.conf.set("spark.sql.execution.arrow.maxRecordsPerBatch", str(BATCH_ROWS))
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

    panel = read_panel(spark, args)
    columns = panel.columns
    missing = [c for c in args.keys + [c for c in (args.period_column, args.value_column) if c]
               if c not in columns]
    if missing:
        sys.exit(f"safercity_spark: {args.input}: no column(s) {missing}; its columns are {columns}")

    phase("start")
    sample = first_series_sample(panel, args)
    if sample is None or sample.count("\n") < 2:
        sys.exit(f"safercity_spark: {args.input}: no data rows")
    # The binary's CSV columns, from a run on the first series of the file (its rows among the
    # first PROBE_ROWS rows), when the binary runs on the driver; also whether it reads stdin.
    out_columns, transport = None, ("stdin" if args.transport == "auto" else args.transport)
    if driver_binary and os.path.isfile(driver_binary):
        out_columns, transport = probe_binary(args, driver_binary, sample, args.transport)
        phase("probe")
    if out_columns is None:
        out_columns = args.keys + ["model", "period", "mean"] + [
            f"{side}_{lvl}" for lvl in (args.levels or "80,95").split(",") for side in ("lower", "upper")]

    parts = args.partitions or 2 * sc.defaultParallelism
    jobs = args.jobs or int(float(sc.getConf().get("spark.task.cpus", "1")))
    kc = [F.col(k) for k in panel.key_columns]
    ordered = (panel.df.repartition(parts, *kc).sortWithinPartitions(*kc, F.col(ROW_ID)).drop(ROW_ID))
    accounts = sc.accumulator([], ListAccumulator())
    forecasts = ordered.mapInArrow(
        make_worker(args, panel, binary_name, jobs, transport, out_columns, accounts), "value string")
    if len(args.formats) > 1:
        forecasts = forecasts.persist()  # fit once, write twice

    mode = "overwrite" if args.overwrite else "errorifexists"
    out = args.output.rstrip("/")
    if "csv" in args.formats:
        stop_on_worker_failure(lambda: forecasts.write.mode(mode).text(out + "/csv"))
        rename_parts(spark, out + "/csv", ".txt", ".csv")
        phase("forecast + write csv")
    if "parquet" in args.formats:
        rows = forecasts.mapInArrow(make_parser(out_columns),
                                    T.StructType([T.StructField(c, T.StringType()) for c in out_columns]))
        numeric = [c for c in out_columns if c == "mean" or c.startswith("lower_") or c.startswith("upper_")]
        typed = rows.select([F.col(c).cast("double").alias(c) if c in numeric else F.col(c)
                             for c in out_columns])
        stop_on_worker_failure(lambda: typed.write.mode(mode).parquet(out + "/parquet"))
        phase("write parquet" if "csv" in args.formats else "forecast + write parquet")
    if len(args.formats) > 1:
        forecasts.unpersist()

    by_part = {}
    for part, n_in, n_out, stderr, clock, n_headers in accounts.value:
        by_part[part] = (n_in, n_out, stderr, clock, n_headers)
    if panel.mode == "lines":
        headers = sum(v[4] for v in by_part.values())
        if headers != panel.files:
            sys.exit(f"safercity_spark: {args.input}: the header line {panel.header!r} appears {headers} times "
                     f"in {panel.files} file(s); each file must start with it and no data line may equal it "
                     f"(files with different headers: read them separately, or use --reader csv)")
    worker_time = {k: sum(v[3][k] for v in by_part.values()) for k in ("in", "run", "out")}
    series_in = sum(v[0] for v in by_part.values())
    series_out = sum(v[1] for v in by_part.values())
    messages = [f"partition {part}: {line}" for part in sorted(by_part)
                for line in by_part[part][2].splitlines() if line.strip()]
    spark.createDataFrame([(m,) for m in messages] or [("",)], "message string").coalesce(1) \
        .write.mode(mode).text(out + "/messages")

    skipped = series_in - series_out
    print(f"safercity_spark: series in {series_in} = forecast {series_out} + not forecast {skipped}; "
          f"{len([v for v in by_part.values() if v[0]])} non-empty partitions of {parts}, --jobs {jobs} per worker, "
          f"{time.time() - t0:.1f} s; "
          f"output in {out}/ ({', '.join(args.formats)}; worker messages in {out}/messages/); "
          f"input read as {'lines' if panel.mode == 'lines' else 'columns'}, --transport {transport}; "
          f"{', '.join(phases)}; summed over workers: partition in {worker_time['in']:.1f} s (Spark: shuffle, sort, Arrow "
          f"batches into the binary's input{' while it reads' if transport == 'stdin' else ''}), safercity "
          f"{worker_time['run']:.1f} s, forecasts back to Spark {worker_time['out']:.1f} s", file=sys.stderr)
    for m in messages[:20]:
        print("  " + m, file=sys.stderr)
    if len(messages) > 20:
        print(f"  ... {len(messages) - 20} more in {out}/messages/", file=sys.stderr)
    spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
