#!/bin/sh
# Regression benchmark (issue 4): Poisson GLM with trend + 11 dummies on 10^6 monthly points, and lm on
# 10^5 independent series of length 120, Swift (release) vs statsmodels, same machine, same run.
# Synthetic seeded data on both sides (same models, different RNG streams).
# Usage: benchmarks/regression/run.sh [POINTS] [SERIES]   (from the repository root)
set -e
P=${1:-1000000}; S=${2:-100000}
swift build -c release --product safercity >/dev/null
.build/release/safercity benchmark-regression --points "$P" --series "$S"
/opt/venv/bin/python benchmarks/regression/statsmodels_bench.py "$P" "$S"
