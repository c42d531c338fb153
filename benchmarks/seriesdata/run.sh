#!/bin/sh
# Rough police.uk reading benchmark: Swift `safercity ingest` (release) vs pandas read_csv + groupby,
# on a ~1 GB file made by concatenating the real Stoke-on-Trent sample 1500 times.
# Usage: benchmarks/seriesdata/run.sh   (from the repository root)
set -e
S=notebooks-data/policeuk_staffordshire/raw_sample_stoke_2019-01_street.csv
F=${TMPDIR:-/tmp}/police_1g.csv
[ -f "$F" ] || { head -1 $S; for i in $(seq 1 1500); do tail -n +2 $S; done; } > "$F"
swift build -c release --product safercity >/dev/null 2>&1
MB=$(( $(stat -c %s "$F") / 1000000 ))
for lvl in crime-type la lsoa; do
  START=$(date +%s.%N)
  .build/release/safercity ingest "$F" --format policeuk --by $lvl --out /tmp/bench_$lvl.csv 2>/dev/null
  END=$(date +%s.%N)
  echo "swift $lvl: $(echo "$END - $START" | bc) s, $(echo "$MB / ($END - $START)" | bc) MB/s"
  /opt/venv/bin/python benchmarks/seriesdata/pandas_policeuk.py "$F" $lvl
done
