#!/usr/bin/env bash
# Every hotops test: C++ (GoogleTest via ctest: every variant against its fp64
# reference, driver, measurement) and scripts (pytest). Installs and builds first.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
[ $# -eq 0 ] || { echo "test.sh: error: no arguments expected, got '$*' (it runs every test)" >&2; exit 2; }

# stage NAME ... took: each stage ends with its wall-clock and CPU seconds.
. "$here/scripts/lib/stage.sh"

stage "setup"
"$here/scripts/setup.sh"
took
stage "build (Release, build/)"
generator=(-G Ninja)
[ -f build/CMakeCache.txt ] && generator=()
cmake -S . -B build "${generator[@]}" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j "$(nproc)" || { echo "test.sh: build failed (messages above)" >&2; exit 1; }
took

stage "C++ tests (ctest)"
ctest --test-dir build --output-on-failure -j "$(nproc)" --timeout 900
took
stage "script tests (pytest)"
/usr/bin/python3 -m pytest -q tests/py
took

# Variants this CPU cannot run are skipped, not checked: say so, so that a green run
# here is not read as "every variant is correct".
not_here=$(build/hotops-bench list | grep -c ' skipped: ' || true)
if [ "$not_here" -gt 0 ]; then
  echo "== not checked on this machine: $not_here variant(s) whose ISA this CPU lacks"
  build/hotops-bench list | grep ' skipped: ' | sed 's/^ */   /'
fi
