#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Many-series engine figures (issue 11, items 1–5): reader MB/s, 1 vs 2 jobs per method, peak RSS.
#
#   bash benchmarks/scale/engine.sh PANEL.csv [BINARY] [METHODS] [FIT_MODELS]
#
# METHODS: forecast --model names (default below); FIT_MODELS: fit --model names (lm, poisson, …;
# default none); "-" skips a list. SKIP_INGEST=1 skips the whole-file ingest.
#
# PANEL.csv: a tidy panel grouped by lsoa,crime_type (columns lsoa,crime_type,month,count), e.g.
# from scripts/generate_panel.py (generated data, not real). BINARY defaults to the release build.
# Prints, per method: wall seconds and CPU seconds for --jobs 1 and --jobs 2, the speed-up, peak
# resident memory; and the BLAS core type and thread count, the machine's load average (the
# speed-up is only meaningful when two cores are free).
set -euo pipefail
panel=${1:?usage: engine.sh PANEL.csv [BINARY] [METHODS]}
bin=${2:-.build/release/safercity}
methods=${3:-naive snaive mean drift theta ets:ANN auto arima:1,0,0}
fits=${4:--}
[ "$methods" = "-" ] && methods=""
[ "$fits" = "-" ] && fits=""
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
mb=$(awk -v b="$(stat -c %s "$panel")" 'BEGIN { printf "%.1f", b / 1e6 }')
series=$(tail -n +2 "$panel" | cut -d, -f1,2 | uniq | wc -l)
echo "panel: $panel ($mb MB, $series series); binary: $bin"
echo "BLAS: $(OPENBLAS_VERBOSE=2 "$bin" --version 2>&1 | grep -i core | head -1 || true); OPENBLAS_NUM_THREADS=${OPENBLAS_NUM_THREADS:-unset}; cores: $(nproc)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

# run LABEL ARGS…: prints wall s, cpu s, peak RSS MB
run() {
    local label=$1; shift
    /usr/bin/time -f '%e %U %S %M' -o "$out/time" "$@" > "$out/stdout" 2> "$out/stderr" || { echo "$label: failed"; tail -3 "$out/stderr"; return 1; }
    read -r wall user sys rss < "$out/time"
    awk -v l="$label" -v w="$wall" -v u="$user" -v s="$sys" -v r="$rss" \
        'BEGIN { printf "%-34s wall %7.2f s  cpu %7.2f s  peak RSS %6.1f MB\n", l, w, u + s, r / 1024 }'
    echo "$wall" > "$out/last"
    awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }' > "$out/lastcpu"
}

if [ -z "${SKIP_INGEST:-}" ]; then
    run "ingest --format tidy (whole file)" "$bin" ingest "$panel" --format tidy --out "$out/ingested.csv"
    w=$(cat "$out/last"); awk -v m="$mb" -v w="$w" 'BEGIN { printf "  → %.0f MB/s (read whole + write)\n", m / w }'
fi
jobs() {  # jobs COMMAND MODEL: 1 and 2 jobs, compared
    local cmd=$1 m=$2
    local extra=(--horizon 3)
    [ "$cmd" = fit ] && extra=()
    run "$cmd $m --jobs 1" "$bin" "$cmd" "$panel" --by lsoa,crime_type --model "$m" "${extra[@]}" --format csv --jobs 1 --quiet
    w1=$(cat "$out/last"); c1=$(cat "$out/lastcpu"); cp "$out/stdout" "$out/one.csv"
    run "$cmd $m --jobs 2" "$bin" "$cmd" "$panel" --by lsoa,crime_type --model "$m" "${extra[@]}" --format csv --jobs 2 --quiet
    w2=$(cat "$out/last"); c2=$(cat "$out/lastcpu")
    same=$(cmp -s "$out/stdout" "$out/one.csv" && echo "identical" || echo "DIFFERENT")
    awk -v a="$w1" -v b="$w2" -v c="$c1" -v d="$c2" -v m="$mb" -v s="$same" -v n="$series" \
        'BEGIN { printf "  → speed-up 2 jobs / 1 job: %.2f× wall (CPU used ×%.2f); 1 job: %.0f MB/s, %.0f series/s wall, %.0f series per CPU-s; outputs %s\n", a / b, d / c, m / a, n / a, n / c, s }'
}
for m in $methods; do jobs forecast "$m"; done
for m in $fits; do jobs fit "$m"; done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
