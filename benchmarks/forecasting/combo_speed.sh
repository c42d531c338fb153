#!/bin/sh
# Speed of the default combination (automatic ETS + auto.arima + CES + DOTM), one thread, same run
# (issue 13): SaferCity's member fits as timed by `safercity m3-eval` (fit + forecast with 80/95%
# intervals, summed per member) against statsforecast's AutoETS + AutoARIMA + AutoCES +
# DynamicOptimizedTheta on the same series.
#   sh benchmarks/forecasting/combo_speed.sh [monthly|yearly] [N (0 = all)] [PYTHON]
set -e
SUBSET=${1:-monthly}
N=${2:-200}
PY=${3:-/work/venv-sf/bin/python}
cd "$(dirname "$0")/../.."
export OPENBLAS_NUM_THREADS=1 NUMBA_NUM_THREADS=1 OMP_NUM_THREADS=1
swift build -c release --product safercity >/dev/null
ours=$(.build/release/safercity m3-eval --subset "$SUBSET" --limit "$N" --jobs 1 | grep -E "^BLAS|^fit time")
echo "SaferCity: $ours"
sf=$($PY benchmarks/forecasting/combo_speed.py "$SUBSET" "$N")
echo "$sf"
n=$(echo "$sf" | sed -E 's/.*\(([a-z]+), ([0-9]+) series.*/\2/')
ourSeconds=$(echo "$ours" | grep "^fit time" | sed -E 's/.*ETS ([0-9.]+) s, Theta [0-9.]+ s, ARIMA ([0-9.]+) s, CES ([0-9.]+) s, DOTM ([0-9.]+) s.*/\1 \2 \3 \4/' | awk '{ print $1 + $2 + $3 + $4 }')
sfRate=$(echo "$sf" | sed -E 's/.*together: ([0-9.]+) series\/s.*/\1/')
awk -v n="$n" -v s="$ourSeconds" -v r="$sfRate" 'BEGIN { printf "SaferCity members together: %.2f series/s; ratio SaferCity / statsforecast = %.2f\n", n / s, (n / s) / r }'
