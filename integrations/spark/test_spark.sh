#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Integration test of the Spark driver (issue 11 item 6), run by .ci/run:
#   1. a virtual environment .venv-spark with the pinned PySpark (integrations/spark/requirements.txt);
#   2. the safercity binary: $SAFERCITY_BIN, else .build/release/safercity, else a debug build
#      (`swift build --product safercity`, whose objects `swift test` reuses);
#   3. a GENERATED panel of $SPARK_TEST_SERIES series (scripts/generate_panel.py), as CSV and Parquet;
#   4. spark-submit --master local[2] of integrations/spark/safercity_spark.py, and a check that its
#      forecasts equal the single-process `safercity forecast --by` run, row for row as exact text:
#      CSV input read as lines -> CSV + Parquet output with theta (the default transport);
#      Parquet input -> CSV with naive; a CSV with quoted keys (a comma and doubled quotes inside
#      a key, a quoted column name) read as lines and, with --reader csv --transport file, by
#      Spark's CSV parser through a temporary file;
#   5. a worker that fails (a wrapper binary that exits 3 on one series) must stop the run with the
#      worker's standard error in the driver's message; a quoted field spanning lines must stop the
#      run with a message naming it.
# Needs python3 (with venv), Java 17+ and network access to PyPI the first time.
set -euo pipefail
cd "$(dirname "$0")/../.."
REPO=$PWD
SERIES=${SPARK_TEST_SERIES:-3000}
VENV=${SPARK_VENV:-$REPO/.venv-spark}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/safercity-spark-test.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
start=$(date +%s)
say() { echo "test_spark: $*" >&2; }

# --- prerequisites -------------------------------------------------------------------------------
apt_install() {
  local SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  say "installing $*"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "$@"
}
command -v java >/dev/null 2>&1 || apt_install openjdk-17-jre-headless
command -v python3 >/dev/null 2>&1 || apt_install python3 python3-venv
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import pyspark' 2>/dev/null; then
  python3 -m venv "$VENV" 2>/dev/null || { apt_install python3-venv; rm -rf "$VENV"; python3 -m venv "$VENV"; }
  "$VENV/bin/pip" install -q --disable-pip-version-check -r integrations/spark/requirements.txt
fi
"$VENV/bin/python" - <<'EOF' || "$VENV/bin/pip" install -q --disable-pip-version-check -r integrations/spark/requirements.txt
import sys, pyspark, pandas, pyarrow
want = dict(l.split("==") for l in open("integrations/spark/requirements.txt").read().split("\n")
            if "==" in l and not l.startswith("#"))
got = {"pyspark": pyspark.__version__, "pandas": pandas.__version__, "pyarrow": pyarrow.__version__}
sys.exit(any(want[k] != v for k, v in got.items()))
EOF
export PYSPARK_PYTHON="$VENV/bin/python" PYSPARK_DRIVER_PYTHON="$VENV/bin/python"
SPARK_SUBMIT=("$VENV/bin/spark-submit" --master 'local[2]'
  --driver-java-options "-Dlog4j2.configurationFile=file:$REPO/integrations/spark/log4j2.properties"
  --conf spark.ui.enabled=false --conf spark.sql.shuffle.partitions=4)

BIN=${SAFERCITY_BIN:-}
if [ -z "$BIN" ]; then
  if [ -x .build/release/safercity ]; then BIN=.build/release/safercity
  else
    export PATH="/opt/swift/usr/bin:$PATH"
    swift build --product safercity >&2
    BIN=.build/debug/safercity
  fi
fi
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
say "binary $BIN; $("$VENV/bin/python" -c 'import pyspark; print("pyspark", pyspark.__version__)'); $(java -version 2>&1 | head -1)"

# --- data and the single-process reference -------------------------------------------------------
"$VENV/bin/python" scripts/generate_panel.py --series "$SERIES" --seed 11 --output "$WORK/panel.csv"
"$VENV/bin/python" scripts/generate_panel.py --series "$SERIES" --seed 11 --output "$WORK/panel.parquet"
COLS=(--period-column month --value-column count)
single() {  # model -> $WORK/single-MODEL.csv
  "$BIN" forecast "$WORK/panel.csv" --by lsoa,crime_type --model "$1" --horizon 12 "${COLS[@]}" \
    --format csv --jobs=2 > "$WORK/single-$1.csv" 2> "$WORK/single-$1.err"
}
single theta
single naive
fail=0

# --- 1. CSV in, CSV + Parquet out, theta (some intermittent series are skipped with a reason) -----
"${SPARK_SUBMIT[@]}" integrations/spark/safercity_spark.py --input "$WORK/panel.csv" --output "$WORK/out-theta" \
  --by lsoa,crime_type --model theta --horizon 12 "${COLS[@]}" --binary "$BIN" --output-format csv,parquet \
  > "$WORK/spark-theta.err" 2>&1 || { cat "$WORK/spark-theta.err" >&2; say "FAIL: the theta run failed"; exit 1; }
grep '^safercity_spark: series in' "$WORK/spark-theta.err" >&2
"$VENV/bin/python" integrations/spark/compare_outputs.py "$WORK/single-theta.csv" "$WORK/out-theta" --parquet || fail=1
# every series is accounted for: the same number not forecast as in the single-process run
single_skipped=$(grep -c '^  skipped: ' "$WORK/single-theta.err" || true)
spark_line=$(grep '^safercity_spark: series in' "$WORK/spark-theta.err")
spark_in=$(sed -E 's/.*series in ([0-9]+) =.*/\1/' <<<"$spark_line")
spark_not=$(sed -E 's/.*not forecast ([0-9]+);.*/\1/' <<<"$spark_line")
if [ "$spark_in" != "$SERIES" ] || [ "$spark_not" != "$single_skipped" ]; then
  say "FAIL: accounting: spark says $spark_line; single-process run skipped $single_skipped of $SERIES"; fail=1
else
  say "accounting: $SERIES series in, $spark_not not forecast in both runs"
fi

# --- 2. Parquet in, CSV out, naive ---------------------------------------------------------------
"${SPARK_SUBMIT[@]}" integrations/spark/safercity_spark.py --input "$WORK/panel.parquet" --output "$WORK/out-naive" \
  --by lsoa,crime_type --model naive --horizon 12 "${COLS[@]}" --binary "$BIN" --partitions 3 \
  > "$WORK/spark-naive.err" 2>&1 || { cat "$WORK/spark-naive.err" >&2; say "FAIL: the naive run failed"; exit 1; }
"$VENV/bin/python" integrations/spark/compare_outputs.py "$WORK/single-naive.csv" "$WORK/out-naive" || fail=1

# --- 2b. quoted keys: read as lines (from_csv for the quoted lines), and by Spark's CSV reader -----
# The first 300 series, with one LSOA's code quoted with a comma and doubled quotes inside, another
# quoted without need, and the crime_type column's name quoted in the header.
head -n $(( 300 * 72 + 1 )) "$WORK/panel.csv" | awk -F, '
  NR == 1 { print "lsoa,\"crime_type\",month,count"; next }
  $1 == "GEN0000001" { sub(/^GEN0000001/, "\"GEN0000001, Stoke \"\"north\"\"\"") }
  $1 == "GEN0000002" { sub(/^GEN0000002/, "\"GEN0000002\"") }
  { print }' > "$WORK/quoted.csv"
"$BIN" forecast "$WORK/quoted.csv" --by lsoa,crime_type --model naive --horizon 12 "${COLS[@]}" \
  --format csv --jobs=2 > "$WORK/single-quoted.csv" 2> "$WORK/single-quoted.err"
grep -q '^"GEN0000001, Stoke ""north""",' "$WORK/single-quoted.csv" || { say "FAIL: the quoted key is not in the single-process output"; fail=1; }
for reader in lines csv; do
  opts=(); [ "$reader" = csv ] && opts=(--reader csv --transport file)
  "${SPARK_SUBMIT[@]}" integrations/spark/safercity_spark.py --input "$WORK/quoted.csv" --output "$WORK/out-quoted-$reader" \
    --by lsoa,crime_type --model naive --horizon 12 "${COLS[@]}" --binary "$BIN" "${opts[@]}" \
    > "$WORK/spark-quoted-$reader.err" 2>&1 || { cat "$WORK/spark-quoted-$reader.err" >&2; say "FAIL: the quoted ($reader) run failed"; exit 1; }
  grep -q "input read as $([ "$reader" = csv ] && echo columns || echo lines)" "$WORK/spark-quoted-$reader.err" \
    || { say "FAIL: the quoted run did not use the $reader reader"; fail=1; }
  "$VENV/bin/python" integrations/spark/compare_outputs.py "$WORK/single-quoted.csv" "$WORK/out-quoted-$reader" || fail=1
done

# --- 3. a failing worker stops the run and its stderr reaches the driver --------------------------
victim=$(printf 'GEN%07d' $(( (SERIES / 14) / 2 + 1 )))
cat > "$WORK/safercity" <<EOF
#!/bin/sh
# test double: fails like a crashing binary on the partition that holds $victim
# (the partition comes on standard input with '-', the default transport, or as the file \$2)
in="\$2"
if [ "\$in" = - ]; then in=\$(mktemp); cat > "\$in"; fi
if grep -qE '^"?$victim"?,' "\$in" 2>/dev/null; then echo "injected failure on $victim" >&2; exit 3; fi
if [ "\$2" = - ]; then exec "$BIN" "\$@" < "\$in"; fi
exec "$BIN" "\$@"
EOF
chmod +x "$WORK/safercity"
if "${SPARK_SUBMIT[@]}" integrations/spark/safercity_spark.py --input "$WORK/panel.csv" --output "$WORK/out-fail" \
  --by lsoa,crime_type --model naive --horizon 12 "${COLS[@]}" --binary "$WORK/safercity" > "$WORK/spark-fail.err" 2>&1; then
  say "FAIL: a worker exited with status 3 but the driver succeeded"; fail=1
elif grep -q "^safercity_spark: safercity worker failed: partition .* exited with status 3" "$WORK/spark-fail.err" \
  && grep -q "^injected failure on $victim" "$WORK/spark-fail.err"; then
  say "a failing worker stops the run: $(grep -m1 '^safercity_spark: safercity worker failed' "$WORK/spark-fail.err" | cut -c1-160)"
else
  tail -20 "$WORK/spark-fail.err" >&2; say "FAIL: the driver's message does not carry the worker's exit status and stderr"; fail=1
fi

# --- 4. a quoted field spanning lines (which line-by-line reading cannot keep whole) is refused ---
{ cat "$WORK/quoted.csv"; printf '"GEN9\nsplit",Burglary,2019-01,1\n'; } > "$WORK/multiline.csv"
if "${SPARK_SUBMIT[@]}" integrations/spark/safercity_spark.py --input "$WORK/multiline.csv" --output "$WORK/out-multiline" \
  --by lsoa,crime_type --model naive --horizon 12 "${COLS[@]}" --binary "$BIN" > "$WORK/spark-multiline.err" 2>&1; then
  say "FAIL: a quoted field spanning lines was accepted"; fail=1
elif grep -q '^safercity_spark: safercity input refused: .*multiline.csv: a line has an unclosed double quote' "$WORK/spark-multiline.err"; then
  say "a quoted field spanning lines is refused: $(grep -m1 '^safercity_spark: safercity input refused' "$WORK/spark-multiline.err" | cut -c1-160)"
else
  tail -20 "$WORK/spark-multiline.err" >&2; say "FAIL: no clear message for a quoted field spanning lines"; fail=1
fi

say "$SERIES series, $(( $(date +%s) - start )) s"
[ "$fail" -eq 0 ] && say "PASS" || { say "FAIL"; exit 1; }
