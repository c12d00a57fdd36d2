#!/usr/bin/env bash
# CI perf-regression gate, deterministic mode: run suites/ci_gate.yaml with the
# simulated counters backend (valgrind: exact instruction counts) and compare each
# kernel with the committed baseline. Fails, with a table naming kernel and size,
# when one got more than 1 % more instructions.
#
#   scripts/perf_gate.sh                    # compare with results/baselines/ci_gate.json
#   scripts/perf_gate.sh --update-baseline  # re-count and replace the baseline on purpose
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
baseline="$here/results/baselines/ci_gate.json"
work="$here/build/perf-gate"
rm -rf "$work"

"$here/build/hotops-bench" run ci_gate --counters simulated --out "$work" --machine gate >"$work.log" 2>&1 ||
  { cat "$work.log"; echo "perf_gate: the gate suite failed to run" >&2; exit 2; }
candidate=$(ls "$work"/gate/*-ci_gate.json)

if [ "${1:-}" = "--update-baseline" ]; then
  mkdir -p "$(dirname "$baseline")"
  cp "$candidate" "$baseline.tmp" && mv "$baseline.tmp" "$baseline"
  echo "perf_gate: baseline replaced: $baseline (commit it, saying why the counts changed)"
  exit 0
fi
[ -f "$baseline" ] || { echo "perf_gate: no baseline at $baseline (run scripts/perf_gate.sh --update-baseline)" >&2; exit 2; }
/usr/bin/python3 "$here/scripts/compare.py" "$baseline" "$candidate" --metric instructions \
  --markdown "$work/compare.md"
