#!/usr/bin/env bash
# Runs the libFuzzer harnesses for MINUTES minutes in all (default 1), split between them:
#   seriesdata — the SeriesData readers (CSV tokenizer, police.uk, Fingertips, ONS, tidy, wide and
#                R ts readers) and the period parser (scripts/fuzz/SeriesDataFuzz.swift), 2/3 of the time;
#   spec       — the YAML outcome-spec loader and the strategy loader (scripts/fuzz/OutcomeSpecFuzz.swift),
#                1/3 of the time.
#
#   bash scripts/fuzz.sh 30             # half an hour, both harnesses
#   bash scripts/fuzz.sh 10 spec        # ten minutes of the spec harness only
#   bash scripts/fuzz.sh 1              # the CI smoke run (40 s + 20 s of fuzzing)
#
# Build: each harness is compiled by swiftc with -sanitize=fuzzer,address into .build/fuzz/ — the
# SeriesData one together with Sources/SeriesData/*.swift; the spec one against SeriesData and Yams
# (libyaml compiled by clang with -fsanitize=fuzzer-no-link,address) as separate modules.
# Corpora: .build/fuzz/corpus (heads of the real CSV files in notebooks-data/, each prefixed with every
# target selector) and .build/fuzz/spec-corpus (models/outcomes/*.yaml and models/strategy.yaml, with
# the YAML keys as a dictionary: scripts/fuzz/spec.dict).
# Findings (crashing inputs) go to .build/fuzz/artifacts/; turn each into a regression test
# (Tests/SeriesDataTests/FuzzTests.swift, Tests/OutcomesTests/SpecFuzzRegressionTests.swift).
# Exit status: 0 when the run found nothing, 1 otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
MINUTES="${1:-1}"
WHICH="${2:-all}"
OUT=.build/fuzz
mkdir -p "$OUT/corpus" "$OUT/spec-corpus" "$OUT/artifacts"
export PATH="/opt/swift/usr/bin:$PATH"
SAN="-sanitize=fuzzer,address"

stale() {  # stale BINARY PATHS…: the binary is missing or older than a Swift/C source under PATHS
    local bin="$1"; shift
    [ ! -x "$bin" ] || [ -n "$(find "$@" -newer "$bin" \( -name '*.swift' -o -name '*.c' -o -name '*.h' \) 2>/dev/null | head -1)" ]
}

build_seriesdata() {
    if stale "$OUT/seriesdata-fuzz" Sources/SeriesData scripts/fuzz/SeriesDataFuzz.swift; then
        echo "building $OUT/seriesdata-fuzz (swiftc $SAN)…"
        swiftc $SAN -parse-as-library -O -module-name SeriesDataFuzz \
            Sources/SeriesData/*.swift scripts/fuzz/SeriesDataFuzz.swift -o "$OUT/seriesdata-fuzz" 2>"$OUT/seriesdata-build.log" \
            || { cat "$OUT/seriesdata-build.log"; exit 1; }  # (gold's ASan export warnings shown only on failure)
    fi
    if [ -z "$(ls -A "$OUT/corpus")" ]; then
        python3 - "$OUT/corpus" <<'PY'
import os, sys, glob
out = sys.argv[1]
files = [f for f in glob.glob('notebooks-data/**/*.csv', recursive=True) if os.path.getsize(f) > 0][:40]
for i, f in enumerate(files):
    head = open(f, 'rb').read(2048)
    for sel in range(11):
        open(os.path.join(out, f'seed-{i:02d}-{sel}'), 'wb').write(bytes([sel]) + head)
for sel in range(10):
    open(os.path.join(out, f'period-{sel}'), 'wb').write(bytes([10 + 11 * sel]) + b'2016/17')
# The grouped tidy stream (selector % 11 == 9), with small chunk sizes (high nibble 0, 1, 3, 6): CRLF,
# quotes, a bad value, a key that comes back.
for sel in (9, 20, 53, 108):
    open(os.path.join(out, f'grouped-{sel}'), 'wb').write(bytes([sel]) + b'area,period,value\nA,2019-01,1\nA,2019-02,2\nB,2019-01,"3"\r\nB,2019-03,x\n"C\nc",2019-01,5\nA,2019-04,1\n')
PY
    fi
}

build_spec() {
    local yams=.build/checkouts/Yams/Sources
    [ -d "$yams/Yams" ] || swift package resolve >/dev/null
    local loader="Sources/Outcomes/OutcomeSpec.swift Sources/Outcomes/OutcomeParts.swift Sources/Outcomes/LinkedSource.swift
        Sources/Outcomes/Strategy.swift Sources/Outcomes/OutcomesError.swift"
    # The loader checks model names against the one registry (ModelCatalog) and `parts.method`
    # against Reconciliation, so those modules and what they stand on are built too, plainly
    # (-O, not instrumented: coverage and ASan checks are on SeriesData, Yams and the loader).
    local deps="Distributions ForecastCore LinearAlgebra Forecasting Regression ModelCatalog Reconciliation"
    local depdirs=""; for m in $deps; do depdirs="$depdirs Sources/$m"; done
    # shellcheck disable=SC2086
    if stale "$OUT/spec-fuzz" Sources/SeriesData $depdirs $loader scripts/fuzz/OutcomeSpecFuzz.swift "$yams"; then
        echo "building $OUT/spec-fuzz (libyaml by clang, SeriesData, Yams and the spec loader by swiftc $SAN)…"
        local b="$OUT/spec-build"
        rm -rf "$b"; mkdir -p "$b/mods"  # a clean build of every part
        for c in "$yams"/CYaml/src/*.c; do
            clang -c -O1 -g -fsanitize=fuzzer-no-link,address -DYAML_DECLARE_STATIC -I "$yams/CYaml/include" \
                "$c" -o "$b/cyaml-$(basename "$c" .c).o"
        done
        swiftc $SAN -O -parse-as-library -wmo -module-name SeriesData -emit-module -emit-module-path "$b/mods/SeriesData.swiftmodule" \
            -c Sources/SeriesData/*.swift -o "$b/SeriesData.o"
        for m in $deps; do  # in dependency order; LinearAlgebra sees OpenBLAS/LAPACK through CLapack
            swiftc -O -parse-as-library -wmo -module-name "$m" -I "$b/mods" -I Sources/CLapack -emit-module \
                -emit-module-path "$b/mods/$m.swiftmodule" -c Sources/"$m"/*.swift -o "$b/$m.o" 2>"$b/$m.log" \
                || { cat "$b/$m.log"; exit 1; }
        done
        swiftc $SAN -O -parse-as-library -wmo -module-name Yams -DSWIFT_PACKAGE -Xcc -DYAML_DECLARE_STATIC -I "$yams/CYaml/include" \
            -emit-module -emit-module-path "$b/mods/Yams.swiftmodule" -c "$yams"/Yams/*.swift -o "$b/Yams.o"
        swiftc $SAN -O -parse-as-library -wmo -module-name OutcomeSpecFuzz -I "$b/mods" -Xcc -DYAML_DECLARE_STATIC \
            -I "$yams/CYaml/include" -I Sources/CLapack -c $loader scripts/fuzz/OutcomeSpecFuzz.swift -o "$b/OutcomeSpecFuzz.o"
        # (gold warns about every ASan check symbol it cannot export; the log is shown only on failure)
        swiftc $SAN "$b"/*.o -lopenblas -llapacke -llapack -o "$OUT/spec-fuzz" 2>"$b/link.log" || { cat "$b/link.log"; exit 1; }
    fi
    if [ -z "$(ls -A "$OUT/spec-corpus")" ]; then
        python3 - "$OUT/spec-corpus" <<'PY'
import os, sys, glob
out = sys.argv[1]
for i, f in enumerate(sorted(glob.glob('models/outcomes/*.yaml'))):
    open(os.path.join(out, f'spec-{i:02d}'), 'wb').write(b'\x00' + open(f, 'rb').read())
open(os.path.join(out, 'strategy'), 'wb').write(b'\x01' + open('models/strategy.yaml', 'rb').read())
PY
    fi
}

status=0
run() {  # run NAME CORPUS SECONDS MAXLEN [extra libFuzzer flags]
    local name="$1" corpus="$2" secs="$3" maxlen="$4"; shift 4
    echo "fuzzing $name for $secs s…"
    set +e
    "$OUT/$name" "$corpus" -max_total_time="$secs" -max_len="$maxlen" -timeout=10 -rss_limit_mb=2048 \
        -artifact_prefix="$OUT/artifacts/$name-" -print_final_stats=1 "$@" 2>&1 | tail -25
    local s=${PIPESTATUS[0]}
    set -e
    if [ "$s" -ne 0 ]; then
        echo "FINDING in $name: see $OUT/artifacts/$name-* (reproduce: $OUT/$name <file>)"
        status=1
    fi
}

TOTAL=$((MINUTES * 60))
case "$WHICH" in
    all)
        build_seriesdata; build_spec
        run seriesdata-fuzz "$OUT/corpus" $((TOTAL * 2 / 3)) 4096
        run spec-fuzz "$OUT/spec-corpus" $((TOTAL - TOTAL * 2 / 3)) 8192 -dict=scripts/fuzz/spec.dict ;;
    seriesdata) build_seriesdata; run seriesdata-fuzz "$OUT/corpus" "$TOTAL" 4096 ;;
    spec) build_spec; run spec-fuzz "$OUT/spec-corpus" "$TOTAL" 8192 -dict=scripts/fuzz/spec.dict ;;
    *) echo "usage: scripts/fuzz.sh [MINUTES] [all|seriesdata|spec]" >&2; exit 2 ;;
esac
[ "$status" -eq 0 ] && echo "no findings"
exit "$status"
