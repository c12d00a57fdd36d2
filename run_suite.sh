#!/usr/bin/env bash
# hotops: install what is missing, build, run a suite, render its report.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

usage() {
  cat <<'TXT'
Usage: ./run_suite.sh [SUITE] [options]

Runs a benchmark suite (default: quick) and renders its report. On a fresh
Debian/Ubuntu machine it first installs what is missing (scripts/setup.sh),
then configures and builds (Release) into build/ what the run needs.

SUITE is a name from suites/*.yaml, `ceilings` (measure this machine's full set
of roofline ceilings, with likwid-bench where installed: about 5 minutes), or a
path to a suite file. A suite's first run on a machine measures only the
ceilings its roofline needs (built-in kernels, about 1 s each).

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

suite="" out=results filter="" threads="" counters=auto machine="" report=1 problems=()
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
    *) [ -z "$suite" ] || die "one suite at a time: got '$suite' and '$1'"; suite="$1"; shift ;;
  esac
done
[ -n "$suite" ] || suite=quick

# Cheap checks first, so bad arguments fail before minutes of setup and build.
if [ -n "$threads" ] && ! [[ "$threads" =~ ^[1-9][0-9]*$ ]]; then die "--threads must be a positive integer, got '$threads'"; fi
case "$counters" in auto|likwid|perf|simulated|none) ;; *) die "--counters must be auto, likwid, perf, simulated or none, got '$counters'" ;; esac
if [ "$suite" != ceilings ] && [[ "$suite" != */* ]] && [ ! -f "$here/suites/$suite.yaml" ]; then
  avail=$(cd "$here/suites" && ls *.yaml | sed 's/\.yaml$//' | tr '\n' ' ')
  die "no suite '$suite' (available: ${avail}ceilings)"
fi
if [[ "$suite" == */* ]] && [ ! -f "$suite" ]; then die "suite file '$suite' does not exist"; fi
[ -n "$out" ] || die "--out must name a directory (it is empty)"
[ -n "$machine" ] || machine=$(hostname -s | tr -c 'A-Za-z0-9_\n-' '_')
[[ "$machine" =~ ^[A-Za-z0-9_.-]+$ ]] && [ "$machine" != . ] && [ "$machine" != .. ] ||
  die "--machine '$machine' must be a plain folder name (letters, digits, '_', '-', '.')"
mkdir -p "$out" 2>/dev/null && [ -w "$out" ] || die "results directory '$out' is not writable"

# stage NAME ... took: each stage ends with its wall-clock and CPU seconds.
. "$here/scripts/lib/stage.sh"

stage "setup"
"$here/scripts/setup.sh"
took

# Only what this run needs: the tests (scripts/test.sh) and the ceilings sweep are
# separate targets. Ninja shows its progress on one line in a terminal.
target=hotops-bench
[ "$suite" = ceilings ] && target=hotops-ceilings
stage "build $target (Release, build/)"
generator=(-G Ninja)
[ -f "$here/build/CMakeCache.txt" ] && generator=()
cmake -S "$here" -B "$here/build" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release >/dev/null ||
  die "configuring the build failed (messages above)"
cmake --build "$here/build" -j "$(nproc)" --target "$target" || die "build failed (messages above)"
took

ceilings="$out/$machine/ceilings.json"
if [ "$suite" = ceilings ]; then
  stage "ceilings: the full sweep"
  "$here/build/measure/hotops-ceilings" --out "$ceilings" --force
  took
  exit 0
fi

stage "run $suite"
args=(run "$suite" --out "$out" --machine "$machine" --counters "$counters" --measure-ceilings)
[ -n "$threads" ] && args+=(--threads "$threads")
[ -n "$filter" ] && args+=(--filter "$filter")
for p in "${problems[@]}"; do args+=(--problem "$p"); done
set +e
"$here/build/hotops-bench" "${args[@]}" | tee "$here/build/last-run.log"
rc=${PIPESTATUS[0]}
set -e
[ "$rc" -eq 0 ] || [ "$rc" -eq 3 ] || exit "$rc"
result=$(sed -n 's/^hotops: results //p' "$here/build/last-run.log")
took

if [ "$report" -eq 1 ]; then
  stage "report"
  name=$(/usr/bin/python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["suite"]["name"])' "$result")
  /usr/bin/python3 "$here/scripts/report.py" "$result" --out "$here/reports/$name"
  took
fi
[ "$rc" -eq 0 ] || echo "run_suite.sh: some variants failed correctness (see FAILED above); their times were not published" >&2
exit "$rc"
