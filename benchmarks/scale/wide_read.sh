#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Reading speed of `safercity ingest` for the tidy and the wide layout on GENERATED files of about
# the same size (issue 11, item 3: tidy/wide CSV reading ≥ 150 MB/s). `ingest --check` reads the
# whole file into a panel and prints the row account, writing nothing, so the figure is the reader
# (tokenizer, value checks, panel build), not the tidy writer.
#
#   bash benchmarks/scale/wide_read.sh [BINARY] [BASELINE_BINARY]
#
# BINARY defaults to .build/release/safercity; BASELINE_BINARY (optional; it needs `ingest --check`)
# runs the same files in the same run, for a before/after. Files (generated if missing, in
# DIR=/tmp/safercity-wide; never in the repository), both from scripts/generate_panel.py, seed 20261130:
#   tidy.csv  55,000 series × 72 months, one row per cell   (lsoa,crime_type,month,count)  ≈ 146 MB
#   wide.csv  850,000 series, one row per series, 72 month columns (lsoa,crime_type,2019-01,…) ≈ 147 MB
# At the same size the wide file holds 15× the cells (61.2 M against 4.0 M). Files are read from the
# page cache (one untimed read first). REPEAT (default 3) runs each and keeps the fastest wall time;
# the load average is printed before and after (2 cores shared: only quiet-ish figures mean much).
set -euo pipefail
cd "$(dirname "$0")/../.."
DIR=${DIR:-/tmp/safercity-wide}
bin=${1:-.build/release/safercity}
base=${2:-}
repeat=${REPEAT:-3}
mkdir -p "$DIR"
[ -f "$DIR/tidy.csv" ] || python3 scripts/generate_panel.py --series 55k --seed 20261130 --output "$DIR/tidy.csv" >&2
[ -f "$DIR/wide.csv" ] || python3 scripts/generate_panel.py --series 850k --layout wide --seed 20261130 --output "$DIR/wide.csv" >&2
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

echo "machine: $(nproc) cores online; $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
echo "BLAS: $(OPENBLAS_VERBOSE=2 "$bin" --version 2>&1 | grep -i 'core' | head -1 || echo 'core type not reported'); not used by ingest; OPENBLAS_NUM_THREADS=${OPENBLAS_NUM_THREADS:-unset}"
echo "threads: ingest reads on 1 thread"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

# best BINARY LAYOUT: fastest wall of $repeat runs of `ingest --check` → "wall cpu rss_kb"
best() {
    local b=$1 layout=$2 bw=999999 bc=0 br=0
    for _ in $(seq "$repeat"); do
        /usr/bin/time -f '%e %U %S %M' -o "$out/time" "$b" ingest "$DIR/$layout.csv" --format "$layout" --counts --check \
            > /dev/null 2> "$out/stderr" || { echo "$b $layout: failed" >&2; tail -3 "$out/stderr" >&2; exit 1; }
        read -r wall user sys rss < "$out/time"
        if awk -v w="$wall" -v b="$bw" 'BEGIN { exit !(w < b) }'; then
            bw=$wall; bc=$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }'); br=$rss
        fi
    done
    echo "$bw $bc $br"
}

echo "binary: $bin${base:+; baseline: $base}"
printf '%-10s %-6s %8s %9s %9s %10s %10s %s\n' run layout MB wall cpu MB/s_wall MB/s_cpu peak_RSS
for b in ${base:+"$base"} "$bin"; do
    for layout in tidy wide; do
        cat "$DIR/$layout.csv" > /dev/null
        mb=$(awk -v s="$(stat -c %s "$DIR/$layout.csv")" 'BEGIN { printf "%.1f", s / 1e6 }')
        read -r w c r <<< "$(best "$b" "$layout")"
        awk -v n="$([ "$b" = "$base" ] && echo baseline || echo binary)" -v l="$layout" -v m="$mb" -v w="$w" -v c="$c" -v r="$r" \
            'BEGIN { printf "%-10s %-6s %8.1f %8.2fs %8.2fs %10.0f %10.0f %6.0f MB\n", n, l, m, w, c, m / w, m / c, r / 1024 }'
    done
done
echo "MB/s_wall = file MB / fastest wall time; MB/s_cpu = file MB / (user + sys) of that run; target ≥ 150 MB/s"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
