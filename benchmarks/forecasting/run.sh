#!/bin/sh
# AutoETS speed on the M3 monthly series, side by side in one run (issue 5), one thread each:
#   1. SaferCity, ordo-one target benchmarks/Benchmarks/ForecastingBenchmarks (first 200 series);
#   2. SaferCity, `safercity m3-eval` timing of the automatic ETS fits on all 1428 series (release);
#   3. statsforecast AutoETS on all 1428 series (numba compilation excluded);
#   4. R forecast::ets() on the first R_SERIES series (default 200; 1428 takes ~11 minutes).
# Usage (from the repository root): sh benchmarks/forecasting/run.sh   (needs /opt/venv with
# statsforecast, and Rscript with forecast)
set -e
export OPENBLAS_NUM_THREADS=1 NUMBA_NUM_THREADS=1 OMP_NUM_THREADS=1
R_SERIES=${R_SERIES:-200}
(cd benchmarks && swift package benchmark --target ForecastingBenchmarks --no-progress) 2>/dev/null \
  | grep -E "^BLAS|^auto ETS|^ETS\(|Time \(wall clock\)|Memory \(resident peak\)|Malloc \(total\)|Metric|p50"
swift build -c release --product safercity >/dev/null
ours=$(.build/release/safercity m3-eval --subset monthly | grep "automatic ETS")
echo "SaferCity $ours"
oursR=$(.build/release/safercity m3-eval --subset monthly --limit "$R_SERIES" | grep "automatic ETS")
echo "SaferCity $oursR"
sf=$(/opt/venv/bin/python benchmarks/forecasting/statsforecast_autoets.py monthly)
echo "$sf"
r=$(Rscript benchmarks/forecasting/r_ets_speed.R "$R_SERIES" 2>/dev/null)
echo "$r"
rate() { echo "$1" | sed -E 's/.*: ([0-9.]+) series\/s.*/\1/'; }
awk -v a="$(rate "$ours")" -v b="$(rate "$sf")" -v a2="$(rate "$oursR")" -v c="$(rate "$r")" -v n="$R_SERIES" \
  'BEGIN { printf "ratio: SaferCity / statsforecast = %.2f (1428 series); SaferCity / R ets() = %.1f (first %d series)\n", a / b, a2 / c, n }'
