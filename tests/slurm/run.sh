#!/usr/bin/env bash
# The Slurm fleet test (root): installs Slurm and munge when missing, then runs tests/slurm, which
# starts a throwaway two-node cluster on this machine and stops it after. Reuses build/.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
"$here/scripts/setup.sh" --ci
/usr/bin/python3 -m pytest -q "$here/tests/slurm" "$@"
