#!/usr/bin/env bash
# Every hotops test: C++ (GoogleTest via ctest: every variant against its fp64
# reference, driver, measurement) and scripts (pytest). Installs and builds first.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"

"$here/scripts/setup.sh"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j "$(nproc)" | grep -vE '^\[[0-9]+/[0-9]+\] ' || true
[ -x build/tests/cpp/hotops-tests ] || { echo "test.sh: build failed" >&2; exit 1; }

echo "== C++ tests (ctest)"
ctest --test-dir build --output-on-failure -j "$(nproc)" --timeout 900
echo "== script tests (pytest)"
/usr/bin/python3 -m pytest -q tests/py
