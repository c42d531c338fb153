#!/usr/bin/env bash
# Renders every SVG chart given (files or folders) in headless Chromium (Debian package `chromium`),
# offline, to a PNG next to it, and checks from the DOM Chromium built that each is a single <svg>
# with axes text and at least one drawn mark. The sibling of render-report.sh for `--plot` charts.
# Usage: bash scripts/render-svgs.sh FILE.svg|DIR [...]    Exit 0 when every chart rendered.
set -euo pipefail
command -v chromium >/dev/null || { echo "chromium is not installed: apt-get install -y chromium" >&2; exit 2; }
flags=(--headless --no-sandbox --disable-gpu --hide-scrollbars --virtual-time-budget=1000)
flags+=(--proxy-server=127.0.0.1:9 --proxy-bypass-list='<-loopback>')
files=()
for a in "$@"; do
  if [ -d "$a" ]; then while IFS= read -r f; do files+=("$f"); done < <(find "$a" -maxdepth 1 -name '*.svg' | sort)
  else files+=("$a"); fi
done
[ ${#files[@]} -gt 0 ] || { echo "no SVG files given" >&2; exit 2; }
fail=0
for f in "${files[@]}"; do
  abs="$(cd "$(dirname "$f")" && pwd)/$(basename "$f")"
  w=$(grep -o 'width="[0-9]*"' "$abs" | head -1 | tr -dc 0-9); h=$(grep -o 'height="[0-9]*"' "$abs" | head -1 | tr -dc 0-9)
  png="${abs%.svg}.png"
  chromium "${flags[@]}" --window-size="${w:-800},${h:-500}" --screenshot="$png" "file://$abs" 2>/dev/null
  dom=$(chromium "${flags[@]}" --dump-dom "file://$abs" 2>/dev/null || true)
  svgs=$(grep -o '<svg' <<<"$dom" | wc -l)
  marks=$(grep -oE '<(polyline|circle|polygon|rect|line)' <<<"$dom" | wc -l)
  texts=$(grep -o '<text' <<<"$dom" | wc -l)
  if [ "$svgs" -eq 1 ] && [ "$marks" -ge 3 ] && [ "$texts" -ge 4 ] && [ -s "$png" ]; then
    echo "ok   $f: $marks marks, $texts labels, $(stat -c %s "$png")-byte PNG"
  else
    echo "FAIL $f: svg=$svgs marks=$marks labels=$texts png=$( [ -s "$png" ] && echo yes || echo no)"; fail=1
  fi
done
exit $fail
