#!/usr/bin/env bash
# hotops: install what is missing, build, run a suite, render its report.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

usage() {
  cat <<'TXT'
Usage: ./run_suite.sh [SUITE] [options]

Runs a benchmark suite (default: quick) and renders its report. On a fresh
Debian/Ubuntu machine it first installs what is missing (scripts/setup.sh),
then configures and builds (Release) into build/.

SUITE is a name from suites/*.yaml, `ceilings` (re-measure this machine's
roofline ceilings), or a path to a suite file.

Options:
  --threads N       threads per benchmark (default: the suite's)
  --out DIR         results directory (default: results); files go to
                    DIR/<machine>/<UTC time>-<suite>.json (+ .gbench.json)
  --filter GLOB     only benchmarks whose family/variant/problem/cache match,
                    e.g. 'softmax/two_pass*' or '*avx2*/out'
  --problem REPRO   run on this problem instead of the suite's (repeatable),
                    e.g. --problem rows=1,n=1e6
  --counters KIND   auto|likwid|perf|simulated|none (default: auto)
  --machine NAME    results folder name (default: host name)
  --no-report       skip rendering reports/<suite>/
  -h, --help        this help
TXT
}

die() { echo "run_suite.sh: error: $*" >&2; exit 2; }

suite=quick out=results filter="" threads="" counters=auto machine="" report=1 problems=()
while [ $# -gt 0 ]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --threads) [ $# -ge 2 ] || die "--threads needs a value"; threads="$2"; shift 2 ;;
    --out) [ $# -ge 2 ] || die "--out needs a directory"; out="$2"; shift 2 ;;
    --filter) [ $# -ge 2 ] || die "--filter needs a glob"; filter="$2"; shift 2 ;;
    --problem) [ $# -ge 2 ] || die "--problem needs a repro string"; problems+=("$2"); shift 2 ;;
    --counters) [ $# -ge 2 ] || die "--counters needs a value"; counters="$2"; shift 2 ;;
    --machine) [ $# -ge 2 ] || die "--machine needs a name"; machine="$2"; shift 2 ;;
    --no-report) report=0; shift ;;
    -*) die "unknown option '$1' (see --help)" ;;
    *) suite="$1"; shift ;;
  esac
done

# Cheap checks first, so bad arguments fail before minutes of setup and build.
if [ -n "$threads" ] && ! [[ "$threads" =~ ^[1-9][0-9]*$ ]]; then die "--threads must be a positive integer, got '$threads'"; fi
case "$counters" in auto|likwid|perf|simulated|none) ;; *) die "--counters must be auto, likwid, perf, simulated or none, got '$counters'" ;; esac
if [ "$suite" != ceilings ] && [[ "$suite" != */* ]] && [ ! -f "$here/suites/$suite.yaml" ]; then
  avail=$(cd "$here/suites" && ls *.yaml | sed 's/\.yaml$//' | tr '\n' ' ')
  die "no suite '$suite' (available: ${avail}ceilings)"
fi
if [[ "$suite" == */* ]] && [ ! -f "$suite" ]; then die "suite file '$suite' does not exist"; fi
mkdir -p "$out" 2>/dev/null && [ -w "$out" ] || die "results directory '$out' is not writable"
[ -n "$machine" ] || machine=$(hostname -s | tr -c 'A-Za-z0-9_\n-' '_')

echo "== setup"
"$here/scripts/setup.sh"
echo "== build (Release, build/)"
cmake -S "$here" -B "$here/build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$here/build" -j "$(nproc)" | grep -vE '^\[[0-9]+/[0-9]+\] ' || true
[ -x "$here/build/hotops-bench" ] || die "build failed (run: cmake --build build)"

ceilings="$out/$machine/ceilings.json"
measure_ceilings() { "$here/build/measure/hotops-ceilings" --out "$ceilings" "$@"; }

if [ "$suite" = ceilings ]; then
  echo "== ceilings"
  measure_ceilings --force
  exit 0
fi
if [ -x "$here/build/measure/hotops-ceilings" ]; then
  echo "== ceilings (measured once per machine, re-measured when stale)"
  measure_ceilings
fi

echo "== run $suite"
args=(run "$suite" --out "$out" --machine "$machine" --counters "$counters")
[ -n "$threads" ] && args+=(--threads "$threads")
[ -n "$filter" ] && args+=(--filter "$filter")
for p in "${problems[@]}"; do args+=(--problem "$p"); done
set +e
"$here/build/hotops-bench" "${args[@]}" | tee "$here/build/last-run.log"
rc=${PIPESTATUS[0]}
set -e
[ "$rc" -eq 0 ] || [ "$rc" -eq 3 ] || exit "$rc"
result=$(sed -n 's/^hotops: results //p' "$here/build/last-run.log")

if [ "$report" -eq 1 ]; then
  echo "== report"
  name=$(basename "$result" .json); name=${name#*-}
  /usr/bin/python3 "$here/scripts/report.py" "$result" --out "$here/reports/$name"
fi
[ "$rc" -eq 0 ] || echo "run_suite.sh: some variants failed correctness (see FAILED above); their times were not published" >&2
exit "$rc"
