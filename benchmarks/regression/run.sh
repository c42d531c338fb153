#!/bin/sh
# Regression benchmark (issue 4), Swift and statsmodels in the same run:
#   Poisson GLM with trend + 11 dummies on 10^6 monthly points, and lm on 10^5 series of length 120.
# Swift: the ordo-one target benchmarks/Benchmarks/RegressionBenchmarks (release, BLAS 1 thread).
# statsmodels: benchmarks/regression/statsmodels_bench.py on the same sizes (synthetic seeded data).
# Usage: sh benchmarks/regression/run.sh   (from the repository root; needs /opt/venv with statsmodels)
set -e
(cd benchmarks && swift package benchmark --target RegressionBenchmarks --no-progress) 2>/dev/null \
  | grep -E "^BLAS|^poisson|^panel|^lm one|Time \(wall clock\)|Memory \(resident peak\)|Metric"
OPENBLAS_NUM_THREADS=1 /opt/venv/bin/python benchmarks/regression/statsmodels_bench.py 1000000 100000
