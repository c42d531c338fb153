#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# AutoETS per core (issue 11 target: ≥ 3× statsforecast per core): SaferCity `--model auto`
# (R's ets() selection) against statsforecast's AutoETS on the same GENERATED panel, one thread
# each, one after the other in the same run; prints wall and CPU time (user + sys) of each and
# their ratio. CPU time is the figure to compare when the machine is shared: statsforecast's run
# takes minutes, long enough for the load to change under it.
#
#   bash benchmarks/scale/autoets_cpu.sh [PANEL.csv] [BINARY] [PYTHON]
#
# PANEL defaults to /tmp/sb/panel-10k.csv (made by scripts/generate_panel.py --series 10k if
# missing); BINARY to .build/release/safercity; PYTHON to /work/venv-sf/bin/python (statsforecast).
set -euo pipefail
cd "$(dirname "$0")/../.."
panel=${1:-/tmp/sb/panel-10k.csv}
bin=${2:-.build/release/safercity}
py=${3:-/work/venv-sf/bin/python}
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 NUMBA_NUM_THREADS=1
[ -s "$panel" ] || python3 scripts/generate_panel.py --series 10k --seed 20261130 --output "$panel" >&2
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
echo "BLAS: $(OPENBLAS_VERBOSE=2 "$bin" --version 2>&1 | grep -i 'core' | head -1 || echo 'core type not reported'), 1 thread; statsforecast: $("$py" -c 'import statsforecast; print(statsforecast.__version__)')"
echo "start $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)"
/usr/bin/time -f '%e %U %S %M' -o "$out/sc" "$bin" forecast "$panel" --by lsoa,crime_type --model auto --horizon 12 \
    --period-column month --value-column count --format csv --jobs=1 --quiet > "$out/sc.csv"
/usr/bin/time -f '%e %U %S %M' -o "$out/sf" "$py" scripts/scale_benchmark_statsforecast.py "$panel" ets 1 "$out/sf.csv" > /dev/null
echo "end $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)"
read -r w1 u1 s1 m1 < "$out/sc"; read -r w2 u2 s2 m2 < "$out/sf"
awk -v w1="$w1" -v c1="$(awk -v u="$u1" -v s="$s1" 'BEGIN{print u+s}')" -v m1="$m1" \
    -v w2="$w2" -v c2="$(awk -v u="$u2" -v s="$s2" 'BEGIN{print u+s}')" -v m2="$m2" 'BEGIN {
    printf "safercity auto (AutoETS):  %8.1f s wall %8.1f s CPU %6.0f MB peak RSS\n", w1, c1, m1 / 1024
    printf "statsforecast AutoETS:     %8.1f s wall %8.1f s CPU %6.0f MB peak RSS\n", w2, c2, m2 / 1024
    printf "ratio statsforecast / safercity: CPU %.2f×, wall %.2f×\n", c2 / c1, w2 / w1 }'
