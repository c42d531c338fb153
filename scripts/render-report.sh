#!/usr/bin/env bash
# Renders the assess report in headless Chromium (Debian package `chromium`) to a PNG and
# checks, from the DOM Chromium built, that every section rendered with its charts.
# Usage: bash scripts/render-report.sh [REPORT_DIR]   (default: out; run `safercity assess --report out` first)
# Exit 0 when all sections are present; prints what it found.
set -euo pipefail
dir="${1:-out}"
page="$(cd "$dir" && pwd)/index.html"
[ -f "$page" ] || { echo "no $page: run 'swift run -c release safercity assess --report $dir' first" >&2; exit 2; }
command -v chromium >/dev/null || { echo "chromium is not installed: apt-get install -y chromium" >&2; exit 2; }
flags=(--headless --no-sandbox --disable-gpu --hide-scrollbars --virtual-time-budget=2000)
# Offline: block all network access so the check proves the page is self-contained.
flags+=(--proxy-server=127.0.0.1:9 --proxy-bypass-list='<-loopback>')
chromium "${flags[@]}" --window-size=1100,5200 --screenshot="$dir/report.png" "file://$page" 2>/dev/null
chromium "${flags[@]}" --dump-dom "file://$page" 2>/dev/null > "$dir/report.dom.html"
fail=0
check() { if grep -q "$1" "$dir/report.dom.html"; then echo "ok   $2"; else echo "MISSING $2"; fail=1; fi; }
check 'id="scorecard"' "scorecard table"
for id in $(grep -o '<section id="[a-z0-9-]*"' "$page" | sed 's/.*id="//;s/"//' | grep -v scorecard); do
  check "id=\"$id\"" "section $id"
done
svgs=$(grep -o '<svg ' "$dir/report.dom.html" | wc -l)
echo "ok   $svgs SVG charts in the rendered DOM"
[ "$svgs" -ge 4 ] || { echo "MISSING charts"; fail=1; }
check 'Model diagnostics' "model diagnostics"
check 'How often our P(met) came true' "calibration evidence (replay)"
check 'aria-label="reliability diagram"' "reliability diagram"
check 'Comparison with England' "England comparison"
check 'Data provenance' "data provenance"
check 'Funnel plot' "funnel plot (outcomes with counts and denominators)"
check 'What a projection made before the deadline said' "before-the-deadline projection against what happened"
check 'Recent trend and goal (Fingertips methods)' "Fingertips recent trend and compared to goal"
check 'This is a proxy' "proxy statement"
[ -s "$dir/report.png" ] && echo "ok   screenshot $dir/report.png ($(stat -c %s "$dir/report.png") bytes)" || { echo "MISSING screenshot"; fail=1; }
exit $fail
