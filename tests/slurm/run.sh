#!/usr/bin/env bash
# The Slurm fleet test (root): installs Slurm and munge when missing, builds what the tasks run
# (a no-op after scripts/test.sh), then runs tests/slurm, which starts a throwaway two-node
# cluster on this machine and stops it after.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
"$here/scripts/setup.sh" --ci
cmake -S "$here" -B "$here/build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$here/build" --target hotops-bench hotops-ceilings | grep -vE '^\[[0-9]+/[0-9]+\] ' || true
/usr/bin/python3 -m pytest -q "$here/tests/slurm" "$@"
