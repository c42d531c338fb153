#!/bin/sh
# Intermittent-demand methods, one thread, same run: SaferCity (release build of the Forecasting
# module; fit — with the O(n) dispersion fits, statsforecast's fitted values left uncomputed —
# + forecast with 80/95% count intervals) against statsforecast's
# per-series forecast calls (forecast only, and with fitted=True), on one generated panel of
# N_AREAS × 5 crime types × 48 months (default 4000 areas = 20,000 series).
#   sh benchmarks/forecasting/intermittent_speed.sh [PYTHON] [N_AREAS]
set -e
PY=${1:-/work/venv-sf/bin/python}
AREAS=${2:-4000}
cd "$(dirname "$0")/../.."
swift build -c release --target Forecasting >/dev/null
B=.build/release
OUT=${TMPDIR:-/tmp}/safercity-intermittent-speed
mkdir -p "$OUT"
# The module objects of the current sources (not stale ones left by deleted files).
objects() { for f in Sources/$1/*.swift; do echo "$B/$1.build/$(basename "$f").o"; done; }
swiftc -O -I $B/Modules -I Sources/CLapack -Xcc -fmodule-map-file=Sources/CLapack/module.modulemap \
  benchmarks/forecasting/intermittent_timing.swift -o "$OUT/timing" \
  $(objects Forecasting) $(objects ForecastCore) $(objects Distributions) $(objects LinearAlgebra) $(objects SeriesData) \
  -lopenblas -llapack
echo "machine: $(nproc --all) processors; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
# One thread everywhere; OPENBLAS_VERBOSE=2 makes OpenBLAS name its core type when it loads
# (numpy's bundled OpenBLAS for statsforecast, the system one for SaferCity; neither method calls BLAS).
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 NUMBA_NUM_THREADS=1 OPENBLAS_VERBOSE=2
echo "statsforecast $($PY -c 'import statsforecast; print(statsforecast.__version__)') (model forecast-only with-fitted series):"
$PY benchmarks/forecasting/intermittent_speed.py "$OUT/panel.csv" "$AREAS"
echo "SaferCity (model seconds series checksum):"
"$OUT/timing" "$OUT/panel.csv"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
