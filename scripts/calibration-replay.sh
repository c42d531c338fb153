#!/usr/bin/env bash
# Replays every bundled outcome with peers at 2- and 3-year horizons, pooled change model beside
# per-area model choice, and writes the side-by-side output that docs/Calibration.md quotes:
#   bash scripts/calibration-replay.sh > notebooks-data/references/outcomes/calibration-replay.txt
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product safercity >&2
bin=$(swift build -c release --show-bin-path)/safercity
echo "# safercity calibrate, $(date -u +%Y-%m-%d), release build; pooled change vs per-area model choice"
for s in alcohol-admissions-stoke public-order-staffordshire violence-with-injury-staffordshire; do
  for a in "--horizon 2 --baseline-offset=0" "--horizon 2 --baseline-offset=-1" "--horizon 3 --baseline-offset=0" "--horizon 3 --baseline-offset=-1"; do
    echo "== safercity calibrate models/outcomes/$s.yaml $a --per-area"
    start=$(date +%s.%N)
    "$bin" calibrate "models/outcomes/$s.yaml" $a --per-area
    echo "($(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}') s including the per-area replay)"
  done
done
