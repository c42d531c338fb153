#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# England-scale benchmark (issue 11 item 7): SaferCity vs statsforecast, and Spark local mode vs
# the single-process run, in one run on the same GENERATED panels (scripts/generate_panel.py).
#
#   bash scripts/scale-benchmark.sh                 # 20k series
#   SIZES="20k 100k" bash scripts/scale-benchmark.sh
#
# Environment:
#   SIZES      panel sizes (series), default "20k"; 100k and 500k are the issue's other sizes
#   MODELS     default "naive snaive theta ets" (safercity naive|snaive|theta|auto = AutoETS)
#   WORKERS    default "1 2" (safercity --jobs, statsforecast n_jobs)
#   SPARK      1 (default) to run the Spark driver (spark-submit --master local[2]) on SPARK_MODELS,
#              and Spark's floor (spark-submit of a script that only starts and stops a SparkSession)
#   SPARK_MODELS  default "theta"
#   SF_MODELS  models to run with statsforecast (default: MODELS); "" skips statsforecast
#   BIN        safercity binary (default .build/release/safercity, built if missing)
#   SF_PY      python with statsforecast (default /work/venv-sf/bin/python)
#   SPARK_VENV venv with pyspark (default .venv-spark; integrations/spark/test_spark.sh makes it)
#   DIR        work folder for panels and outputs (default /tmp/safercity-scale)
#   KEEP_RESULTS  1 to append to DIR/results.tsv instead of starting a new table
#
# Every run is timed end to end (read, fit, write) by GNU time: wall seconds and peak resident
# memory (for runs with worker processes, the largest single process). series/s per core =
# series / wall / workers. Each line of the final table is one run; ratios compare SaferCity with
# statsforecast at the same number of workers, and 2 workers with 1.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
SIZES=${SIZES:-20k}
MODELS=${MODELS:-naive snaive theta ets}
WORKERS=${WORKERS:-1 2}
SF_MODELS=${SF_MODELS-$MODELS}
SPARK=${SPARK:-1}
SPARK_MODELS=${SPARK_MODELS:-theta}
BIN=${BIN:-.build/release/safercity}
SF_PY=${SF_PY:-/work/venv-sf/bin/python}
SPARK_VENV=${SPARK_VENV:-$REPO/.venv-spark}
DIR=${DIR:-/tmp/safercity-scale}
mkdir -p "$DIR"
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 NUMBA_NUM_THREADS=1

if [ ! -x "$BIN" ]; then
  export PATH="/opt/swift/usr/bin:$PATH"
  swift build -c release --product safercity >&2
fi
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
PY=python3
[ -x "$SF_PY" ] && PY=$SF_PY

# --- machine ----------------------------------------------------------------------------------
blas=$("$PY" - <<'EOF'
import ctypes
try:
    lib = ctypes.CDLL("libopenblas.so.0")
    lib.openblas_get_corename.restype = ctypes.c_char_p
    lib.openblas_get_config.restype = ctypes.c_char_p
    print(f"{lib.openblas_get_config().decode()}; core {lib.openblas_get_corename().decode()}; "
          f"default threads {lib.openblas_get_num_threads()}")
except OSError as e:
    print(f"libopenblas.so.0 not loadable: {e}")
EOF
)
echo "# scale benchmark $(date -u +%Y-%m-%dT%H:%MZ)"
echo "machine: $(getconf _NPROCESSORS_ONLN) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "BLAS (libopenblas.so.0, what safercity and numpy link here): $blas"
echo "threads: OPENBLAS_NUM_THREADS=1 (safercity also sets BLAS to 1 thread while fitting many series); workers = safercity --jobs / statsforecast n_jobs / Spark local[N]"
echo "safercity: $BIN ($("$BIN" --version)); git $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
"$PY" -c 'import statsforecast, numpy; print(f"statsforecast {statsforecast.__version__}, numpy {numpy.__version__}")' 2>/dev/null || echo "statsforecast: not available at $SF_PY"
echo

RESULTS=$DIR/results.tsv
# KEEP_RESULTS=1 adds this run's rows to the previous runs' table (e.g. ETS at another size).
[ "${KEEP_RESULTS:-0}" = 1 ] || : > "$RESULTS"
# timed LABEL SIZE MODEL WORKERS SERIES -- command...   (stdout of the command -> $DIR/out.*)
timed() {
  local tool=$1 size=$2 model=$3 workers=$4 series=$5; shift 6
  local log="$DIR/time.$tool.$size.$model.$workers"
  if /usr/bin/time -f '%e %M' -o "$log" "$@" > "$DIR/stdout.$tool.$size.$model.$workers" 2> "$DIR/stderr.$tool.$size.$model.$workers"; then
    read -r wall rss < "$log"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$tool" "$size" "$model" "$workers" "$series" "$wall" "$rss" >> "$RESULTS"
    printf '  %-12s %-6s %-6s workers %s: %8.1f s  %6.0f MB peak RSS\n' "$tool" "$size" "$model" "$workers" "$wall" "$(( rss / 1024 ))" >&2
  else
    echo "  $tool $size $model workers $workers FAILED:" >&2; tail -5 "$DIR/stderr.$tool.$size.$model.$workers" >&2
    printf '%s\t%s\t%s\t%s\t%s\tFAILED\t\n' "$tool" "$size" "$model" "$workers" "$series" >> "$RESULTS"
  fi
}

for size in $SIZES; do
  panel=$DIR/panel-$size.csv
  if [ ! -s "$panel" ] || [ ! -s "$panel.about.json" ]; then
    python3 scripts/generate_panel.py --series "$size" --output "$panel"
  fi
  series=$("$PY" -c "import json,sys; print(json.load(open(sys.argv[1]))['series'])" "$panel.about.json")
  echo "panel $panel: $series GENERATED series x 72 months, $(( $(stat -c %s "$panel") / 1048576 )) MB" >&2
  for model in $MODELS; do
    sc_model=$model; [ "$model" = ets ] && sc_model=auto
    for w in $WORKERS; do
      timed safercity "$size" "$model" "$w" "$series" -- "$BIN" forecast "$panel" --by lsoa,crime_type \
        --model "$sc_model" --horizon 12 --period-column month --value-column count --format csv "--jobs=$w"
    done
    if [[ " $SF_MODELS " == *" $model "* ]]; then
      for w in $WORKERS; do
        timed statsforecast "$size" "$model" "$w" "$series" -- "$SF_PY" scripts/scale_benchmark_statsforecast.py \
          "$panel" "$model" "$w" "$DIR/sf.$size.$model.$w.csv"
      done
    fi
  done
  if [ "$SPARK" = 1 ]; then
    for model in $SPARK_MODELS; do
      sc_model=$model; [ "$model" = ets ] && sc_model=auto
      if [ ! -s "$DIR/stdout.safercity.$size.$model.2" ]; then
        timed safercity "$size" "$model" 2 "$series" -- "$BIN" forecast "$panel" --by lsoa,crime_type \
          --model "$sc_model" --horizon 12 --period-column month --value-column count --format csv "--jobs=2"
      fi
      rm -rf "$DIR/spark.$size.$model"
      if [ -z "${spark_floor_done:-}" ]; then
        spark_floor_done=1
        # Spark's floor: spark-submit of a script that only starts and stops the SparkSession
        printf '%s\n' 'from pyspark.sql import SparkSession' \
          'SparkSession.builder.appName("floor").getOrCreate().stop()' > "$DIR/spark_floor.py"
        PYSPARK_PYTHON="$SPARK_VENV/bin/python" PYSPARK_DRIVER_PYTHON="$SPARK_VENV/bin/python" \
          timed spark-floor "$size" none 2 "$series" -- "$SPARK_VENV/bin/spark-submit" --master 'local[2]' \
          --driver-memory 1g --conf spark.ui.enabled=false \
          --driver-java-options "-Dlog4j2.configurationFile=file:$REPO/integrations/spark/log4j2.properties" \
          "$DIR/spark_floor.py"
      fi
      PYSPARK_PYTHON="$SPARK_VENV/bin/python" PYSPARK_DRIVER_PYTHON="$SPARK_VENV/bin/python" \
        timed spark-local2 "$size" "$model" 2 "$series" -- "$SPARK_VENV/bin/spark-submit" --master 'local[2]' \
        --driver-memory 1g --conf spark.ui.enabled=false \
        --driver-java-options "-Dlog4j2.configurationFile=file:$REPO/integrations/spark/log4j2.properties" \
        integrations/spark/safercity_spark.py --input "$panel" --output "$DIR/spark.$size.$model" \
        --by lsoa,crime_type --model "$sc_model" --horizon 12 --period-column month --value-column count --binary "$BIN"
      grep -h '^safercity_spark:' "$DIR/stdout.spark-local2.$size.$model.2" >&2 || true
      if "$SPARK_VENV/bin/python" integrations/spark/compare_outputs.py "$DIR/stdout.safercity.$size.$model.2" \
          "$DIR/spark.$size.$model" > "$DIR/compare.$size.$model" 2>&1; then
        echo "spark $size $model: identical to the single-process run ($(cat "$DIR/compare.$size.$model"))" >&2
        echo "$size $model identical" >> "$DIR/spark-identical"
      else
        echo "spark $size $model: DIFFERS from the single-process run:" >&2; cat "$DIR/compare.$size.$model" >&2
      fi
    done
  fi
done

# --- table ------------------------------------------------------------------------------------
"$PY" - "$RESULTS" <<'EOF'
import sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
t = {}
for tool, size, model, w, n, wall, rss in rows:
    if wall != "FAILED":
        t[(tool, size, model, int(w))] = (int(n), float(wall), int(rss) / 1024)
print("| size | model | tool | workers | wall s | series/s | series/s per core | peak RSS MB | 2 workers / 1 | SaferCity / statsforecast |")
print("|---|---|---|---|---|---|---|---|---|---|")
for (tool, size, model, w), (n, wall, rss) in sorted(t.items(), key=lambda kv: (kv[0][1], kv[0][2], kv[0][0], kv[0][3])):
    rate = n / wall if wall > 0 else float("inf")
    speed = ""
    if w == 2 and (tool, size, model, 1) in t:
        speed = f"{t[(tool, size, model, 1)][1] / wall:.2f}x"
    ratio = ""
    if tool == "safercity" and ("statsforecast", size, model, w) in t:
        ratio = f"{t[('statsforecast', size, model, w)][1] / wall:.2f}x"
    if tool == "spark-floor":
        ratio = "spark-submit + SparkSession start/stop, no work"
    if tool == "spark-local2" and ("safercity", size, model, 2) in t:
        ratio = f"Spark / single process (2 workers): {wall / t[('safercity', size, model, 2)][1]:.2f}x time"
    print(f"| {size} | {model} | {tool} | {w} | {wall:.1f} | {rate:.0f} | {rate / w:.0f} | {rss:.0f} | {speed} | {ratio} |")
EOF
[ -s "$DIR/spark-identical" ] && echo && echo "Spark output identical to the single-process run: $(tr '\n' ';' < "$DIR/spark-identical")"
rm -f "$DIR/spark-identical"
