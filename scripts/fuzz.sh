#!/usr/bin/env bash
# Runs the libFuzzer harness for the SeriesData readers (CSV tokenizer, police.uk, Fingertips, ONS,
# tidy, wide and R ts readers, and the period parser) for MINUTES minutes (default 1).
#
#   bash scripts/fuzz.sh 30        # half an hour
#   bash scripts/fuzz.sh 1         # the CI smoke run (≤ 60 s)
#
# Build: the harness (scripts/fuzz/SeriesDataFuzz.swift) is compiled together with
# Sources/SeriesData/*.swift by swiftc with -sanitize=fuzzer,address into .build/fuzz/.
# Corpus: .build/fuzz/corpus, seeded from the first 2 KB of the real files in notebooks-data/
# (each prefixed with every target selector). Findings (crashing inputs) go to
# .build/fuzz/artifacts/; turn each into a regression test (e.g. in Tests/SeriesDataTests/FuzzTests.swift).
# Exit status: 0 when the run found nothing, 1 otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
MINUTES="${1:-1}"
OUT=.build/fuzz
mkdir -p "$OUT/corpus" "$OUT/artifacts"
export PATH="/opt/swift/usr/bin:$PATH"

if [ ! -x "$OUT/seriesdata-fuzz" ] || [ -n "$(find Sources/SeriesData scripts/fuzz -newer "$OUT/seriesdata-fuzz" -name '*.swift' | head -1)" ]; then
    echo "building $OUT/seriesdata-fuzz (swiftc -sanitize=fuzzer,address)…"
    swiftc -sanitize=fuzzer,address -parse-as-library -O -module-name SeriesDataFuzz \
        Sources/SeriesData/*.swift scripts/fuzz/SeriesDataFuzz.swift -o "$OUT/seriesdata-fuzz"
fi

# Seed corpus: heads of the real files, one copy per target selector (0…9).
if [ -z "$(ls -A "$OUT/corpus")" ]; then
    python3 - "$OUT/corpus" <<'PY'
import os, sys, glob
out = sys.argv[1]
files = [f for f in glob.glob('notebooks-data/**/*.csv', recursive=True) if os.path.getsize(f) > 0][:40]
for i, f in enumerate(files):
    head = open(f, 'rb').read(2048)
    for sel in range(10):
        open(os.path.join(out, f'seed-{i:02d}-{sel}'), 'wb').write(bytes([sel]) + head)
for sel in range(10):
    open(os.path.join(out, f'period-{sel}'), 'wb').write(bytes([9 + 10 * sel]) + b'2016/17')
PY
fi

SECONDS_TOTAL=$((MINUTES * 60))
echo "fuzzing for $MINUTES minute(s)…"
set +e
"$OUT/seriesdata-fuzz" "$OUT/corpus" -max_total_time="$SECONDS_TOTAL" -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="$OUT/artifacts/" -print_final_stats=1 2>&1 | tail -25
status=${PIPESTATUS[0]}
set -e
if [ "$status" -ne 0 ]; then
    echo "FINDING: see $OUT/artifacts/ (reproduce: $OUT/seriesdata-fuzz <file>)"
    exit 1
fi
echo "no findings"
