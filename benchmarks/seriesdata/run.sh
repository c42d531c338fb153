#!/bin/sh
# police.uk reading benchmark (issue 3), Swift and pandas on the same file in one run:
#   Swift: the ordo-one target benchmarks/Benchmarks/SeriesDataBenchmarks (release), which writes the
#          real Stoke-on-Trent sample repeated 300 times (≈ 200 MB) to $TMPDIR and reads it by crime
#          type, local authority and LSOA (p50 of 5 iterations);
#   pandas: benchmarks/seriesdata/pandas_policeuk.py (read_csv + groupby) on that same file.
# Usage: sh benchmarks/seriesdata/run.sh   (from the repository root; needs /opt/venv with pandas)
set -e
F=${TMPDIR:-/tmp}/safercity_police_x300.csv
out=$( (cd benchmarks && swift package benchmark --target SeriesDataBenchmarks --no-progress) 2>/dev/null)
echo "$out" | grep -E "^police.uk|Time \(wall clock\)|Memory \(resident peak\)"
MB=$(( $(stat -c %s "$F") / 1000000 ))
echo "$out" | awk -v mb="$MB" '
  /^police.uk read by/ { name = $4 }
  /Time \(wall clock\)/ && name != "" { split($0, f, "│"); p50 = f[5] + 0;
    unit = ($0 ~ /\(s\)/) ? 1 : ($0 ~ /\(ms\)/ ? 1e-3 : 1e-6);
    printf "swift %s: %.2f s, %.0f MB/s\n", name, p50 * unit, mb / (p50 * unit); name = "" }'
for lvl in crime-type la lsoa; do /opt/venv/bin/python benchmarks/seriesdata/pandas_policeuk.py "$F" $lvl; done
