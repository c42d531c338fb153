#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Adversarial pass (issue 12): drives the safercity binary through hostile cases across every command
# — malformed CSV and YAML, huge/negative/NaN/empty options, device/FIFO/symlink/folder paths, invalid
# UTF-8, empty files, implausible values — and classifies each outcome:
#
#   CRASH    exit status ≥ 128 (signal, trap) or 'Fatal error' / 'Stack dump' / a sanitizer report on stderr
#   HANG     did not finish within $TIMEOUT seconds
#   RUNAWAY  peak resident memory above $RSS_MB MB (GNU time %M)
#   SILENT   a case that must be refused (or warned about) exited 0 without a word
#   REFUSED  a case that must succeed exited non-zero
#   UNCLEAR  non-zero exit whose message lacks the file/option it is about (the case's CONTEXT), or
#            leaks a raw Foundation/Swift value (NSCocoaErrorDomain, 'The operation could not be completed',
#            an enum case dump)
#   ok       as expected
#
# Usage:  bash scripts/adversarial.sh [BINARY]       (default .build/release/safercity)
# The committed output: notebooks-data/references/adversarial/last-run.txt
#   (bash scripts/adversarial.sh > notebooks-data/references/adversarial/last-run.txt).
# Exit status: 0 when every case is ok, 1 otherwise.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
BIN=$(realpath "${1:-.build/release/safercity}")
TIMEOUT=${TIMEOUT:-120}
RSS_MB=${RSS_MB:-1500}
W=$(mktemp -d /tmp/safercity-adversarial.XXXXXX)
trap 'rm -rf "$W"' EXIT
cd "$W"

# ---------------------------------------------------------------- fixtures (all generated here)
python3 - <<'PY'
import os
def w(name, text, mode='w'):
    with open(name, mode) as f: f.write(text)
good = "period,value\n" + "".join(f"{2015 + i // 12:04d}-{i % 12 + 1:02d},{100 + (i * 7) % 23}\n" for i in range(48))
w("good.csv", good)
w("counts.csv", good)
w("two.csv", "area,period,value\n" + "".join(f"{k},2018-{m:02d},{b + m}\n" for k, b in (("A", 100), ("B", 500)) for m in range(1, 13)))
w("allbad.csv", "area,period,value\nA,2018-01,abc\nB,2018-02,x\nA,2018-03,-\n")
w("empty.csv", "")
w("header.csv", "period,value\n")
w("badutf8.csv", b"area,period,value\n" + b"".join(b"A\xff\xfe,2018-%02d,%d\n" % (m, m) for m in range(1, 13)), "wb")
w("trailing.csv", good + ",\n")
w("dupval.csv", "period,value,value\n2019-01,1,2\n2019-02,3,4\n2019-03,5,6\n")
w("y0.csv", "period,value\n0000,1\n2019,2\n2020,3\n2021,4\n2022,5\n")
w("y9999.csv", "period,value\n2019,2\n2020,3\n2021,4\n9999,5\n")
lines = good.splitlines(); lines[30] = lines[30].split(",")[0] + ",1e15"
w("spike.csv", "\n".join(lines) + "\n")
w("nan.csv", "period,value\n2019-01,NaN\n2019-02,inf\n2019-03,-inf\n2019-04,1e400\n2019-05,5\n")
w("huge.csv", "period,value\n" + "".join(f"2019-{m:02d},{1e300 * m}\n" for m in range(1, 13)))
w("negcounts.csv", "period,value\n" + "".join(f"2019-{m:02d},{-m}\n" for m in range(1, 13)))
w("ragged.csv", "period,value\n2019-01,1\n2019-02\n2019-03,3,4\n2019-04,4\n")
w("unclosed.csv", "period,value\n2019-01,\"1\n2019-02,2\n")
w("semicolon.csv", "period;value\n" + "".join(f"2019-{m:02d};{m}\n" for m in range(1, 13)))
w("bomcrlf.csv", "\ufeffperiod,value\r\n" + "".join(f"2019-{m:02d},{m}\r\n" for m in range(1, 13)))
w("mixed.csv", "period,value\n2019-01,1\n2019 Q2,2\n2019-03,3\n2019-04,4\n")
w("short3.csv", "period,value\n2019,1\n2020,2\n2021,3\n")
w("n8.csv", "period,value\n" + "".join(f"{2010 + i},{10 + i * (i % 3)}\n" for i in range(8)))
w("const.csv", "period,value\n" + "".join(f"2019-{m:02d},7\n" for m in range(1, 13)))
w("zeros.csv", "period,value\n" + "".join(f"2019-{m:02d},0\n" for m in range(1, 13)))
w("wide.csv", "area,2016/17,2017/18,2018/19,2019/20\nA,1,2,3,4\nB,5,6,7,8\n")
w("wide_typo.csv", "area,2016/17,2017-18,2018/19\nA,1,2,3\nB,5,6,7\n")
w("wide_rep.csv", "area,2016/17,2016/17,2018/19\nA,1,2,3\n")
w("longline.csv", "period,value\n" + "," * (40 * 1024 * 1024) + "\n")
w("manycols.csv", ",".join(f"c{i}" for i in range(200_000)) + "\n" + ",".join("1" for _ in range(200_000)) + "\n")
w("random.bin", os.urandom(1 << 20), "wb")
w("nul.csv", b"period,value\n2019-01,\x00\x00\n2019-02,2\n", "wb")
w("rts_nofreq.csv", "time,value\n1969.0,1\n1969.0833,2\n1969.1667,3\n")
ind = "area,period,count,denominator\n" + "".join(f"Area{i},2019,{10 + i},{1000 + 50 * i}\n" for i in range(12)) + "England,2019,1000,100000\n"
w("ind.csv", ind)
w("ind_eng_rejected.csv", ind.replace("England,2019,1000,", "England,2019,abc,"))
w("ind_huge.csv", ind.replace("Area3,2019,13,", "Area3,2019,1e300,"))
w("ind_dup.csv", ind + "Area2,2019,12,1100\n")
w("ind_zero_den.csv", ind.replace("Area4,2019,14,1200", "Area4,2019,14,0"))
w("ind_over.csv", ind.replace("Area5,2019,15,1250", "Area5,2019,1500,1250"))
w("ind_neg.csv", ind.replace("Area6,2019,16,", "Area6,2019,-16,"))
PY
mkfifo fifo.csv
ln -s good.csv link.csv
ln -s nowhere.csv dangling.csv
mkdir -p folder.csv outdir
ln -s "$W/victim.txt" outlink.csv
echo "do not overwrite" > victim.txt

# Hostile spec folders: one spec each, with a strategy naming it (naive model: fast).
SPEC="$ROOT/models/outcomes/alcohol-admissions-stoke.yaml"
mkspec() {  # mkspec NAME SED-EXPRESSION (applied to the alcohol spec) — writes specs/NAME/{strategy.yaml,outcomes/x.yaml}
    local d="specs/$1"; mkdir -p "$d/outcomes"
    printf 'name: Adversarial\ndeadline: 2020\nsource: generated\noutcomes:\n  - text: t\n    specs: [alcohol-admissions-stoke]\n    missing_data: none\n' > "$d/strategy.yaml"
    sed -e "$2" "$SPEC" > "$d/outcomes/x.yaml"
    printf 'models: [naive]\n' >> "$d/outcomes/x.yaml"
}
mkspec base ''
mkspec year0 's|deadline: 2019/20|deadline: "0000"|'
mkspec year9999 's|deadline: 2019/20|deadline: 9999/00|'
mkspec far 's|deadline: 2019/20|deadline: 2080/81|'
mkspec select 's|select: {area_code: E06000021}|select: {area_code: E06000021, area_name: Nowhere}|'
mkspec selectcombo 's|select: {area_code: E06000021}|select: {area_code: E06000021, area_name: Greater Manchester}|'
mkspec passwd 's|file: notebooks-data/.*|file: ../../../../../etc/passwd|'
mkspec devzero 's|file: notebooks-data/.*|file: /dev/zero|'
mkspec dir 's|file: notebooks-data/.*|file: notebooks-data|'
mkspec unknownkey 's|^title:|titel:|'
mkspec paths 's|^target:|simulation: {paths: 1000000000000}\ntarget:|'
mkspec negpaths 's|^target:|simulation: {paths: -5, seed: -1}\ntarget:|'
mkspec yem 's|  measure: rate|  measure: rate\n  year_ending_march: true|'
mkspec hist 's|  measure: rate|  measure: rate\n  minimum_history: 99999999999999999999|'
mkspec relnan 's|rule: below-baseline|rule: relative-change\n  value: .nan|'
mkspec tabs 's|^  file:|\tfile:|'
mkdir -p specs/laughs/outcomes specs/empty/outcomes specs/binary/outcomes specs/nostrategy/outcomes specs/strategylist/outcomes
cp specs/base/strategy.yaml specs/laughs/; cp specs/base/strategy.yaml specs/empty/; cp specs/base/strategy.yaml specs/binary/
python3 - <<'PY'
import os
lol = "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(f"{chr(98+i)}: &{chr(98+i)} [*{chr(97+i)},*{chr(97+i)},*{chr(97+i)},*{chr(97+i)},*{chr(97+i)},*{chr(97+i)},*{chr(97+i)},*{chr(97+i)},*{chr(97+i)}]\n" for i in range(9))
open("specs/laughs/outcomes/x.yaml", "w").write(lol)
open("specs/empty/outcomes/x.yaml", "w").write("")
open("specs/binary/outcomes/x.yaml", "wb").write(os.urandom(4096))
open("specs/strategylist/strategy.yaml", "w").write("- just\n- a list\n")
PY
cp specs/base/outcomes/x.yaml specs/nostrategy/outcomes/
cp specs/base/outcomes/x.yaml specs/strategylist/outcomes/

# ---------------------------------------------------------------- the runner
declare -A COUNT=()
FAILED=0
N=0
echo "# scripts/adversarial.sh — $(date -u '+%Y-%m-%d %H:%M UTC'), git $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?'), timeout ${TIMEOUT} s, RSS bound ${RSS_MB} MB"
printf '%-8s %5s %6s %7s  %-38s %s\n' class exit secs rss_MB case "first line of stderr (or of stdout)"
t() {  # t NAME EXPECT CONTEXT -- ARGS…   EXPECT: fail | ok | warn | any
    local name="$1" expect="$2" context="$3"; shift 4
    N=$((N + 1))
    local t0 t1 rc rss cls first
    t0=$(date +%s.%N)
    ( ulimit -v 16000000; /usr/bin/time -f '%M' -o rss.txt timeout -s KILL "$TIMEOUT" "$BIN" "$@" ) >"${STDOUT_TO:-out.txt}" 2>err.txt </dev/null
    rc=$?
    t1=$(date +%s.%N)
    rss=$(( $(tail -1 rss.txt 2>/dev/null | grep -Eo '^[0-9]+$' || echo 0) / 1024 ))
    # GNU time appends "Command terminated by signal N" / "Command exited with non-zero status N" to rss.txt
    if grep -q "signal 9" rss.txt 2>/dev/null && awk "BEGIN{exit !($t1 - $t0 >= $TIMEOUT - 1)}"; then cls=HANG
    elif [ "$rc" -ge 128 ] || grep -aqE 'Fatal error|Stack dump|AddressSanitizer|Illegal instruction|Segmentation fault' err.txt; then cls=CRASH
    elif [ "$rss" -gt "$RSS_MB" ]; then cls=RUNAWAY
    elif [ "$expect" = fail ] && [ "$rc" -eq 0 ]; then cls=SILENT
    elif [ "$expect" = warn ] && ! grep -aqi 'warning' err.txt; then cls=SILENT
    elif { [ "$expect" = ok ] || [ "$expect" = warn ]; } && [ "$rc" -ne 0 ]; then cls=REFUSED
    elif [ "$rc" -ne 0 ] && { ! grep -aqF -- "$context" err.txt || grep -aqE 'NSCocoaErrorDomain|could not be completed|invalidSpecification\(|Swift\.[A-Za-z]+Error' err.txt; }; then cls=UNCLEAR
    else cls=ok
    fi
    first=$(grep -av '^\s*$' err.txt | head -1 | tr -d '\000')
    [ -z "$first" ] && first="(stdout) $(head -c 300 out.txt 2>/dev/null | grep -av '^\s*$' | head -1 | tr -d '\000')"
    printf '%-8s %5s %6.1f %7s  %-38s %s\n' "$cls" "$rc" "$(echo "$t1 - $t0" | bc)" "$rss" "$name" "${first:0:150}"
    COUNT[$cls]=$(( ${COUNT[$cls]:-0} + 1 ))
    [ "$cls" = ok ] || FAILED=1
}

# ---------------------------------------------------------------- forecast
t forecast-good                 ok   good.csv     -- forecast good.csv --horizon 3
t forecast-horizon-0            fail --horizon    -- forecast good.csv --horizon 0
t forecast-horizon-neg          fail --horizon    -- forecast good.csv --horizon=-1
t forecast-horizon-1e9          fail --horizon    -- forecast good.csv --horizon 1000000000
t forecast-horizon-text         fail --horizon    -- forecast good.csv --horizon abc
t forecast-horizon-overflow     fail --horizon    -- forecast good.csv --horizon 99999999999999999999999
t forecast-model-bogus          fail --model      -- forecast good.csv --horizon 3 --model bogus
t forecast-model-ets-bad        fail ets          -- forecast good.csv --horizon 3 --model ets:XYZ
t forecast-model-arima-huge     fail ARIMA        -- forecast good.csv --horizon 3 --model arima:99999999999,0,0
t forecast-model-empty          fail --model      -- forecast good.csv --horizon 3 --model ''
t forecast-period-0             fail --period     -- forecast good.csv --horizon 3 --period 0
t forecast-period-huge          fail --period     -- forecast good.csv --horizon 3 --period 5000
t forecast-period-longer        any  good.csv     -- forecast good.csv --horizon 3 --period 40 --model ets
t forecast-levels-0             fail --levels     -- forecast good.csv --horizon 3 --levels 0
t forecast-levels-100           fail --levels     -- forecast good.csv --horizon 3 --levels 100
t forecast-levels-nan           fail --levels     -- forecast good.csv --horizon 3 --levels nan
t forecast-levels-empty         fail --levels     -- forecast good.csv --horizon 3 --levels ''
t forecast-jobs-0               fail --jobs       -- forecast two.csv --horizon 3 --by area --jobs 0
t forecast-jobs-huge            fail --jobs       -- forecast two.csv --horizon 3 --by area --jobs 1000000
t forecast-by-empty             fail --by         -- forecast two.csv --horizon 3 --by ''
t forecast-by-nosuch            fail nosuch       -- forecast two.csv --horizon 3 --by nosuch
t forecast-by-ok                ok   two.csv      -- forecast two.csv --horizon 3 --by area --model naive
t forecast-two-no-series        fail --series     -- forecast two.csv --horizon 3
t forecast-series-B             ok   two.csv      -- forecast two.csv --horizon 2 --series B --model naive
t forecast-series-named-cols    ok   two.csv      -- forecast two.csv --period-column period --value-column value --series B --horizon 2 --model naive
t forecast-series-nosuch        fail --series     -- forecast two.csv --horizon 3 --series Z
t forecast-series-on-single     fail --series     -- forecast good.csv --horizon 3 --series X
t forecast-from-excludes-all    fail --from       -- forecast good.csv --horizon 3 --from 2030-01
t forecast-from-after-to        fail --from       -- forecast good.csv --horizon 3 --from 2018-01 --to 2016-01
t forecast-from-year0           fail --from       -- forecast good.csv --horizon 3 --from 0000-01
t forecast-to-garbage           fail --to         -- forecast good.csv --horizon 3 --to spring
t forecast-from-wrong-freq      fail --from       -- forecast good.csv --horizon 3 --from 2016/17
t forecast-empty                fail empty.csv    -- forecast empty.csv --horizon 3
t forecast-header-only          fail header.csv   -- forecast header.csv --horizon 3
t forecast-badutf8              fail badutf8.csv  -- forecast badutf8.csv --horizon 3
t forecast-allbad               fail allbad.csv   -- forecast allbad.csv --horizon 3
t forecast-allbad-allow         fail allbad.csv   -- forecast allbad.csv --horizon 3 --allow-rejects
t forecast-trailing-comma       ok   trailing.csv -- forecast trailing.csv --horizon 3 --model naive
t forecast-dup-value-header     fail dupval.csv   -- forecast dupval.csv --horizon 2 --model naive
t forecast-year0-row            ok   y0.csv       -- forecast y0.csv --horizon 1 --model naive
t forecast-year9999-row         ok   y9999.csv    -- forecast y9999.csv --horizon 1 --model naive
t forecast-spike-1e15           warn spike.csv    -- forecast spike.csv --horizon 3
t forecast-nan-values           fail nan.csv      -- forecast nan.csv --horizon 3
t forecast-huge-values          any  huge.csv     -- forecast huge.csv --horizon 3
t forecast-ragged               fail ragged.csv   -- forecast ragged.csv --horizon 3
t forecast-unclosed-quote       fail unclosed.csv -- forecast unclosed.csv --horizon 3
t forecast-semicolon            fail semicolon.csv -- forecast semicolon.csv --horizon 3
t forecast-bom-crlf             ok   bomcrlf.csv  -- forecast bomcrlf.csv --horizon 3 --model naive
t forecast-mixed-frequency      fail mixed.csv    -- forecast mixed.csv --horizon 3
t forecast-short-3-auto         any  short3.csv   -- forecast short3.csv --horizon 2
t forecast-const                ok   const.csv    -- forecast const.csv --horizon 3
t forecast-zeros                ok   zeros.csv    -- forecast zeros.csv --horizon 3
t forecast-wide                 ok   wide.csv     -- forecast wide.csv --input-format wide --series A --horizon 1 --model naive
t forecast-wide-typo            fail wide_typo.csv -- forecast wide_typo.csv --input-format wide --series A --horizon 1
t forecast-wide-repeated        fail wide_rep.csv -- forecast wide_rep.csv --input-format wide --series A --horizon 1
t forecast-longline             fail longline.csv -- forecast longline.csv --horizon 3
t forecast-manycols             fail manycols.csv -- forecast manycols.csv --horizon 3
t forecast-random-binary        fail random.bin   -- forecast random.bin --horizon 3
t forecast-nul-bytes            any  nul.csv      -- forecast nul.csv --horizon 1
t forecast-rts-no-frequency     fail --frequency  -- forecast rts_nofreq.csv --input-format rts --horizon 1
t forecast-folder               fail folder.csv   -- forecast folder.csv --horizon 3
t forecast-dev-zero             fail /dev/zero    -- forecast /dev/zero --horizon 3
t forecast-dev-null             fail /dev/null    -- forecast /dev/null --horizon 3
t forecast-dev-urandom          fail /dev/urandom -- forecast /dev/urandom --horizon 3
( sleep 1; cat good.csv > fifo.csv ) &
t forecast-fifo-with-writer     ok   fifo.csv     -- forecast fifo.csv --horizon 3 --model naive
wait
t forecast-symlink              ok   link.csv     -- forecast link.csv --horizon 3 --model naive
t forecast-dangling-symlink     fail dangling.csv -- forecast dangling.csv --horizon 3
t forecast-missing-file         fail missing.csv  -- forecast missing.csv --horizon 3
t forecast-format-bogus         fail --format     -- forecast good.csv --horizon 3 --format xml
t forecast-json                 ok   good.csv     -- forecast good.csv --horizon 3 --format json --model naive

# ---------------------------------------------------------------- fit
t fit-lm                        ok   good.csv     -- fit good.csv --model lm --horizon 3
t fit-poisson-sim-0             fail --simulations -- fit counts.csv --model poisson --horizon 3 --simulations 0
t fit-poisson-sim-1e9           fail --simulations -- fit counts.csv --model poisson --horizon 3 --simulations 1000000000
t fit-horizon-1e9               fail --horizon    -- fit good.csv --model lm --horizon 1000000000
t fit-horizon-neg               fail --horizon    -- fit good.csv --model lm --horizon=-5
t fit-lm-n8-season-none         ok   n8.csv       -- fit n8.csv --model lm --season none
t fit-short3                    any  short3.csv   -- fit short3.csv --model lm --season none
t fit-fourier-0                 fail Fourier      -- fit good.csv --model lm --season fourier:0
t fit-fourier-huge              fail Fourier      -- fit good.csv --model lm --season fourier:1000
t fit-season-bogus              fail --season     -- fit good.csv --model lm --season weekly
t fit-poly-50                   fail poly         -- fit good.csv --model lm --trend poly:50
t fit-poly-neg                  fail poly         -- fit good.csv --model lm --trend poly:-1
t fit-intervention-garbage      fail --intervention -- fit good.csv --model lm --intervention garbage
t fit-intervention-outside      fail 2030-01        -- fit good.csv --model lm --intervention step:2030-01
t fit-levels-150                fail --levels     -- fit good.csv --model lm --levels 150
t fit-levels-empty              fail --levels     -- fit good.csv --model lm --levels ,
t fit-negbin-noncount           fail nan.csv      -- fit nan.csv --model negbin
t fit-regressors-missing        fail missing      -- fit good.csv --model lm --regressors missing.csv
t fit-exposure-missing          fail missing      -- fit counts.csv --model poisson --exposure missing.csv
t fit-seed-neg                  fail --seed       -- fit counts.csv --model poisson --seed=-1
t fit-negative-counts           fail negcounts.csv -- fit negcounts.csv --model poisson
t fit-huge-values               any  huge.csv     -- fit huge.csv --model poisson --horizon 2
t fit-spike                     warn spike.csv    -- fit spike.csv --model lm --horizon 2
t fit-const-poisson             any  const.csv    -- fit const.csv --model poisson --horizon 2 --season none
t fit-zeros-negbin              any  zeros.csv    -- fit zeros.csv --model negbin --horizon 2 --season none

# ---------------------------------------------------------------- backtest
t backtest-good                 ok   good.csv     -- backtest good.csv --horizon 3 --models naive,snaive
t backtest-horizon-0            fail --horizon    -- backtest good.csv --horizon 0 --models naive
t backtest-models-empty         fail --models     -- backtest good.csv --horizon 3 --models ''
t backtest-models-commas        fail --models     -- backtest good.csv --horizon 3 --models ,,,
t backtest-models-bogus         fail --models     -- backtest good.csv --horizon 3 --models naive,bogus
t backtest-initial-0            fail --initial    -- backtest good.csv --horizon 3 --models naive --initial 0
t backtest-initial-neg          fail --initial    -- backtest good.csv --horizon 3 --models naive --initial=-1
t backtest-initial-too-big      fail --initial    -- backtest good.csv --horizon 3 --models naive --initial 100000
t backtest-period-0             fail --period     -- backtest good.csv --horizon 3 --models naive --period 0
t backtest-horizon-1e9          fail --horizon    -- backtest good.csv --horizon 1000000000 --models naive
t backtest-short                fail short3.csv   -- backtest short3.csv --horizon 2 --models ets
t backtest-from-excludes-all    fail --from       -- backtest good.csv --horizon 3 --models naive --from 2030-01

# ---------------------------------------------------------------- compare
t compare-good                  ok   ind.csv      -- compare ind.csv --benchmark England
t compare-benchmark-missing     fail Nowhere      -- compare ind.csv --benchmark Nowhere
t compare-england-rejected      fail "line 14"    -- compare ind_eng_rejected.csv --benchmark England
t compare-count-1e300           warn ind_huge.csv -- compare ind_huge.csv --benchmark England
t compare-dup-area              fail Area2        -- compare ind_dup.csv --benchmark England
t compare-zero-denominator      any  ind_zero_den.csv -- compare ind_zero_den.csv --benchmark England
t compare-negative-count        any  ind_neg.csv  -- compare ind_neg.csv --benchmark England
t compare-multiplier-0          fail --multiplier -- compare ind.csv --benchmark England --multiplier 0
t compare-multiplier-nan        fail --multiplier -- compare ind.csv --benchmark England --multiplier nan
t compare-multiplier-neg        fail --multiplier -- compare ind.csv --benchmark England --multiplier=-100
t compare-level-50              fail --level      -- compare ind.csv --benchmark England --level 50
t compare-polarity-bogus        fail --polarity   -- compare ind.csv --benchmark England --polarity up
t compare-dsr-no-ageband        fail dsr          -- compare ind.csv --benchmark England --method dsr
t compare-parent-none           fail parent       -- compare ind.csv --benchmark parent
t compare-area-type-nosuch      fail --area-type  -- compare ind.csv --benchmark England --area-type Planet
t compare-empty                 fail empty.csv    -- compare empty.csv --benchmark England
t compare-random                fail random.bin   -- compare random.bin --benchmark England
t compare-dev-zero              fail /dev/zero    -- compare /dev/zero --benchmark England

# ---------------------------------------------------------------- funnel
t funnel-good                   ok   ind.csv      -- funnel ind.csv --statistic rate --benchmark England
t funnel-curve-neg              fail --curve      -- funnel ind.csv --statistic rate --curve=-1
t funnel-curve-1                fail --curve      -- funnel ind.csv --statistic rate --curve 1
t funnel-curve-1e8              fail --curve      -- funnel ind.csv --statistic rate --curve 100000000
t funnel-multiplier-0           fail --multiplier -- funnel ind.csv --statistic rate --multiplier 0
t funnel-multiplier-nan         fail --multiplier -- funnel ind.csv --statistic rate --multiplier nan
t funnel-multiplier-neg         fail --multiplier -- funnel ind.csv --statistic rate --multiplier=-100
t funnel-period-nosuch          fail --period     -- funnel ind.csv --statistic rate --period 1999
t funnel-benchmark-nosuch       fail --benchmark  -- funnel ind.csv --statistic rate --benchmark Nowhere
t funnel-dup-area               fail Area2        -- funnel ind_dup.csv --statistic rate
t funnel-count-over-den         fail ind_over.csv -- funnel ind_over.csv --statistic proportion
t funnel-count-1e300            warn ind_huge.csv -- funnel ind_huge.csv --statistic rate
t funnel-zero-den               any  ind_zero_den.csv -- funnel ind_zero_den.csv --statistic rate

# ---------------------------------------------------------------- ingest
t ingest-good                   ok   good.csv     -- ingest good.csv --format tidy --out out1.csv
t ingest-out-dev-null           fail /dev/null    -- ingest good.csv --format tidy --out /dev/null
t ingest-out-folder             fail outdir       -- ingest good.csv --format tidy --out outdir
t ingest-out-symlink            fail outlink.csv  -- ingest good.csv --format tidy --out outlink.csv
t ingest-out-empty              fail --out        -- ingest good.csv --format tidy --out ''
t ingest-out-fifo               fail fifo.csv     -- ingest good.csv --format tidy --out fifo.csv
t ingest-out-missing-dir        fail nodir        -- ingest good.csv --format tidy --out nodir/x.csv
t ingest-out-is-input           any  good.csv     -- ingest good.csv --format tidy --out good.csv
t ingest-zero-series            fail allbad.csv   -- ingest allbad.csv --format tidy --out out2.csv --allow-rejects
t ingest-police-on-tidy         fail good.csv     -- ingest good.csv --format policeuk --out out3.csv
t ingest-two-files-tidy         fail --format     -- ingest good.csv two.csv --format tidy --out out4.csv
t ingest-strict-ragged          fail ragged.csv   -- ingest ragged.csv --format tidy --strict --out out5.csv
t ingest-dup-value              fail dupval.csv   -- ingest dupval.csv --format tidy --out out6.csv
t ingest-rts-no-frequency       fail --frequency  -- ingest rts_nofreq.csv --format rts --out out7.csv

# ---------------------------------------------------------------- assess (hostile spec folders; data from the repository)
t assess-base                   ok   "Alcohol"    -- assess --models specs/base --root "$ROOT"
t assess-deadline-0000          fail target.deadline -- assess --models specs/year0 --root "$ROOT"
t assess-deadline-9999          fail target.deadline -- assess --models specs/year9999 --root "$ROOT"
t assess-deadline-far           any  "10 years"   -- assess --models specs/far --root "$ROOT"
t assess-select-nowhere         fail series.select.area_name -- assess --models specs/select --root "$ROOT"
t assess-select-combination     fail "not together" -- assess --models specs/selectcombo --root "$ROOT"
t assess-file-passwd            fail series.file  -- assess --models specs/passwd --root "$ROOT"
t assess-file-dev-zero          fail series.file  -- assess --models specs/devzero --root "$ROOT"
t assess-file-folder            fail notebooks-data -- assess --models specs/dir --root "$ROOT"
t assess-unknown-key            fail titel        -- assess --models specs/unknownkey --root "$ROOT"
t assess-paths-huge             fail simulation.paths -- assess --models specs/paths --root "$ROOT"
t assess-paths-negative         fail simulation.paths -- assess --models specs/negpaths --root "$ROOT"
t assess-year-ending-march-tidy fail year_ending_march -- assess --models specs/yem --root "$ROOT"
t assess-history-overflow       fail minimum_history -- assess --models specs/hist --root "$ROOT"
t assess-relative-nan           fail target.value -- assess --models specs/relnan --root "$ROOT"
t assess-tab-yaml               fail x.yaml       -- assess --models specs/tabs --root "$ROOT"
t assess-billion-laughs         fail x.yaml       -- assess --models specs/laughs --root "$ROOT"
t assess-empty-spec             fail x.yaml       -- assess --models specs/empty --root "$ROOT"
t assess-binary-spec            fail x.yaml       -- assess --models specs/binary --root "$ROOT"
t assess-no-strategy            fail strategy.yaml -- assess --models specs/nostrategy --root "$ROOT"
t assess-strategy-list          fail strategy.yaml -- assess --models specs/strategylist --root "$ROOT"
t assess-models-missing         fail nowhere      -- assess --models nowhere --root "$ROOT"
t assess-models-file            fail good.csv     -- assess --models good.csv --root "$ROOT"
t assess-as-of-0000             fail --as-of      -- assess --models specs/base --root "$ROOT" --as-of 0000-01
t assess-as-of-garbage          fail --as-of      -- assess --models specs/base --root "$ROOT" --as-of spring
t assess-report-empty           fail --report     -- assess --models specs/base --root "$ROOT" --report ''
t assess-report-dev-null        fail /dev/null    -- assess --models specs/base --root "$ROOT" --report /dev/null
t assess-report-file            fail good.csv     -- assess --models specs/base --root "$ROOT" --report good.csv
t assess-report-symlink         fail link.csv     -- assess --models specs/base --root "$ROOT" --report link.csv
t assess-format-bogus           fail --format     -- assess --models specs/base --root "$ROOT" --format xml
t assess-root-missing           fail nowhere      -- assess --models specs/base --root nowhere

# ---------------------------------------------------------------- calibrate
t calibrate-spec-dev-null       fail /dev/null    -- calibrate /dev/null --root "$ROOT"
t calibrate-spec-folder         fail outdir       -- calibrate outdir --root "$ROOT"
t calibrate-spec-missing        fail missing.yaml -- calibrate missing.yaml --root "$ROOT"
t calibrate-spec-binary         fail x.yaml       -- calibrate specs/binary/outcomes/x.yaml --root "$ROOT"
t calibrate-origins-empty       fail --origins    -- calibrate specs/base/outcomes/x.yaml --root "$ROOT" --origins ''
t calibrate-origins-year0       fail --origins    -- calibrate specs/base/outcomes/x.yaml --root "$ROOT" --origins 0000/01
t calibrate-horizon-0           fail --horizon    -- calibrate specs/base/outcomes/x.yaml --root "$ROOT" --horizon 0
t calibrate-horizon-neg         fail --horizon    -- calibrate specs/base/outcomes/x.yaml --root "$ROOT" --horizon=-3
t calibrate-as-of-9999          fail --as-of      -- calibrate specs/base/outcomes/x.yaml --root "$ROOT" --as-of 9999/00
t calibrate-svg-dev-null        fail /dev/null    -- calibrate specs/base/outcomes/x.yaml --root "$ROOT" --svg /dev/null

# ---------------------------------------------------------------- m3-eval and the command line itself
t m3-limit-neg                  fail --limit      -- m3-eval --limit=-1
t m3-subset-bogus               fail --subset     -- m3-eval --subset hourly
t m3-data-dir-missing           fail nowhere      -- m3-eval --data-dir nowhere --limit 1
t m3-output-dev-null            fail /dev/null    -- m3-eval --limit 1 --output /dev/null --data-dir "$ROOT/notebooks-data/m3"
t cli-unknown-command           fail frobnicate   -- frobnicate
t cli-unknown-option            fail --frobnicate -- forecast good.csv --horizon 3 --frobnicate
t cli-no-file                   fail "<file>"     -- forecast --horizon 3
t cli-version                   ok   ""           -- --version

# ---------------------------------------------------------------- lost output (stdout to /dev/full must not exit 0)
STDOUT_TO=/dev/full t stdout-dev-full-forecast fail "standard output" -- forecast good.csv --horizon 3 --model naive
STDOUT_TO=/dev/full t stdout-dev-full-help     fail "standard output" -- --help
STDOUT_TO=/dev/full t stdout-dev-full-compare  fail "standard output" -- compare ind.csv --benchmark England

# ---------------------------------------------------------------- summary
echo
echo "cases: $N   binary: ${BIN#"$ROOT"/}"
for c in ok CRASH HANG RUNAWAY SILENT REFUSED UNCLEAR; do printf '  %-8s %4d\n' "$c" "${COUNT[$c]:-0}"; done
[ "$(cat victim.txt)" = "do not overwrite" ] || { echo "SILENT: an --out symlink overwrote its target"; FAILED=1; }
exit $FAILED
