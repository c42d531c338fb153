#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Two workers against one (issue 11 target: 2 workers ≥ 1.8× one worker), for naive, seasonal
# naive, theta and AutoETS (METHODS, default "naive snaive theta ets"), on a GENERATED panel
# (scripts/generate_panel.py). Run it on a quiet machine: the ratio is of wall-clock times, and
# other processes on the cores make it meaningless (the script prints the load average before and
# after, and the CPU time, user + sys, of every run).
#
#   bash benchmarks/scale/workers.sh [PANEL.csv] [BINARY]
#
# PANEL.csv defaults to DIR/gen20k.csv, generated if missing (seed 20261130, 20,000 series);
# BINARY to .build/release/safercity. AutoETS ("ets") runs on the panel's first ETS_SERIES series
# (default 2000; AutoETS costs ~10 ms of CPU per series). REPEAT (default 3) runs each
# configuration that many times and keeps the fastest wall time (the least disturbed).
# Outputs of 1 and 2 workers are compared byte for byte.
set -euo pipefail
cd "$(dirname "$0")/../.."
DIR=${DIR:-/tmp/safercity-scale}
panel=${1:-$DIR/gen20k.csv}
bin=${2:-.build/release/safercity}
ets_series=${ETS_SERIES:-2000}
repeat=${REPEAT:-3}
mkdir -p "$DIR"
if [ ! -f "$panel" ]; then
    python3 scripts/generate_panel.py --series 20k --seed 20261130 --output "$panel" >&2
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
head -n $((ets_series * 72 + 1)) "$panel" > "$out/ets-panel.csv"

echo "machine: $(nproc) cores online; $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
echo "BLAS: $(OPENBLAS_VERBOSE=2 "$bin" --version 2>&1 | grep -i 'core' | head -1 || echo 'core type not reported'); held to 1 thread per worker by the engine; OPENBLAS_NUM_THREADS=${OPENBLAS_NUM_THREADS:-unset}"
echo "threads: --jobs 1 = 1 thread (cut, parse, fit, write inline); --jobs 2 = reader (cuts blocks of whole series) + 2 workers (parse, fit, render) + writer"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

# best LABEL ARGS…: the fastest of $repeat runs → $out/wall, $out/cpu (of that run), $out/stdout
best() {
    local label=$1; shift
    local bw=999999 bc=0
    for _ in $(seq "$repeat"); do
        /usr/bin/time -f '%e %U %S' -o "$out/time" "$@" > "$out/run.csv" 2> "$out/stderr" || { echo "$label: failed"; tail -3 "$out/stderr"; exit 1; }
        read -r wall user sys < "$out/time"
        if awk -v w="$wall" -v b="$bw" 'BEGIN { exit !(w < b) }'; then
            bw=$wall; bc=$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }'); mv "$out/run.csv" "$out/stdout"
        fi
    done
    echo "$bw" > "$out/wall"; echo "$bc" > "$out/cpu"
}

printf '%-7s %10s %10s %10s %10s %8s %s\n' method wall_1 wall_2 cpu_1 cpu_2 ratio output
for m in ${METHODS:-naive snaive theta ets}; do
    p=$panel; model=$m
    [ "$m" = ets ] && { p=$out/ets-panel.csv; model=auto; }
    args=(forecast "$p" --by lsoa,crime_type --model "$model" --horizon 12 --format csv --quiet)
    best "$m 1" "$bin" "${args[@]}" --jobs 1; w1=$(cat "$out/wall"); c1=$(cat "$out/cpu"); cp "$out/stdout" "$out/one.csv"
    best "$m 2" "$bin" "${args[@]}" --jobs 2; w2=$(cat "$out/wall"); c2=$(cat "$out/cpu")
    same=$(cmp -s "$out/stdout" "$out/one.csv" && echo identical || echo DIFFERENT)
    awk -v m="$m" -v a="$w1" -v b="$w2" -v c="$c1" -v d="$c2" -v s="$same" \
        'BEGIN { printf "%-7s %9.2fs %9.2fs %9.2fs %9.2fs %7.2f× %s\n", m, a, b, c, d, a / b, s }'
done
echo "ratio = wall(1 worker) / wall(2 workers); target ≥ 1.8"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
