#!/usr/bin/env bash
# CI perf-regression gate, deterministic mode: run suites/ci_gate.yaml with the
# simulated counters backend (valgrind: exact instruction counts) and compare each
# kernel with the committed baseline. Fails, with a table naming kernel and size,
# when one got more than 1 % more instructions.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

usage() {
  cat <<'TXT'
Usage: scripts/perf_gate.sh [--baseline FILE] [--update-baseline]

Counts the instructions of the ci_gate suite's kernels under valgrind and compares
them with the baseline (default: results/baselines/ci_gate.json).
Exit 0: no regression; 1: a kernel got slower; 2: bad arguments or the gate could not run.

  --baseline FILE     compare with (or, with --update-baseline, write) FILE
  --update-baseline   re-count and replace the baseline on purpose (commit it, saying why)
  -h, --help          this help
TXT
}
die() { echo "perf_gate.sh: error: $*" >&2; exit 2; }

baseline="$here/results/baselines/ci_gate.json" update=0
while [ $# -gt 0 ]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --baseline) [ $# -ge 2 ] && [ -n "$2" ] || die "--baseline needs a file"; baseline="$2"; shift 2 ;;
    --baseline=*) baseline="${1#--baseline=}"; [ -n "$baseline" ] || die "--baseline needs a file"; shift ;;
    --update-baseline) update=1; shift ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
done

# Cheap checks before minutes under valgrind.
bench="$here/build/hotops-bench"
[ -x "$bench" ] || die "$bench is not built (run ./scripts/test.sh or cmake --build build)"
if [ "$update" -eq 0 ]; then
  [ -f "$baseline" ] || die "no baseline at $baseline (create it with: scripts/perf_gate.sh --update-baseline)"
else
  mkdir -p "$(dirname "$baseline")" 2>/dev/null && [ -w "$(dirname "$baseline")" ] ||
    die "cannot write the baseline's directory $(dirname "$baseline")"
fi

work="$here/build/perf-gate"
rm -rf "$work"
"$bench" run ci_gate --counters simulated --out "$work" --machine gate >"$work.log" 2>&1 ||
  { cat "$work.log"; die "the gate suite failed to run (log above)"; }
candidate=$(ls "$work"/gate/*-ci_gate.json)

if [ "$update" -eq 1 ]; then
  cp "$candidate" "$baseline.tmp" && mv "$baseline.tmp" "$baseline"
  echo "perf_gate: baseline replaced: $baseline (commit it, saying why the counts changed)"
  exit 0
fi
/usr/bin/python3 "$here/scripts/compare.py" "$baseline" "$candidate" --metric instructions \
  --markdown "$work/compare.md"
