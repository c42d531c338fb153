#!/bin/sh
# AutoETS speed on the 1428 M3 monthly series, SaferCity (release, one thread) and statsforecast
# AutoETS (one thread, numba compile excluded) in the same run. Usage: sh benchmarks/forecasting/run.sh
set -e
swift build -c release --product safercity >/dev/null
OPENBLAS_NUM_THREADS=1 .build/release/safercity m3-eval --subset monthly | grep -E "automatic ETS|^method|ETS"
/opt/venv/bin/python benchmarks/forecasting/statsforecast_autoets.py monthly
