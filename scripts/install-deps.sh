#!/usr/bin/env bash
# Installs the Debian C libraries SaferCity links (OpenBLAS + LAPACK + LAPACKE) when missing.
# Used by the README's first command and by .ci/run.
set -euo pipefail
need=()
for p in libopenblas-dev liblapack-dev liblapacke-dev; do
  dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
done
[ ${#need[@]} -eq 0 ] && exit 0
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
echo "installing: ${need[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq "${need[@]}"
