#!/usr/bin/env bash
# Adds `// SPDX-License-Identifier: GPL-3.0-or-later` to every Swift source that lacks it
# (after the swift-tools-version line in Package.swift files). See LICENSE and docs/Provenance.md.
# Usage: bash scripts/spdx.sh [--check]   (--check: list files without the line, exit 1 if any)
set -euo pipefail
cd "$(dirname "$0")/.."
line='// SPDX-License-Identifier: GPL-3.0-or-later'
missing=0
while IFS= read -r f; do
  grep -qF "$line" "$f" && continue
  if [ "${1:-}" = "--check" ]; then echo "no SPDX line: $f"; missing=1; continue; fi
  if head -1 "$f" | grep -q '^// swift-tools-version'; then
    sed -i "1a $line" "$f"
  else
    sed -i "1i $line" "$f"
  fi
done < <(git ls-files '*.swift'; git ls-files --others --exclude-standard '*.swift')
exit $missing
