#!/usr/bin/env bash
# The one prepared GPU run (issue 14): on a machine with a CUDA device, nvcc/CMake/PyTorch and
# none of our Debian libraries, from the bundle scripts/gpu_bundle.sh builds. Checks the device,
# measures its ceilings, runs suites/gpu.yaml (every CUDA variant checked, then timed), times the
# PyTorch peers on the same problems, renders the report (beside the CPU results the bundle
# carries), and writes it all into OUTDIR in under 8 minutes: each stage has a hard timeout
# inside one overall deadline, and a stage that fails does not stop the independent ones after it.
set -uo pipefail

usage() {
  cat <<'TXT'
Usage: gpu_run.sh OUTDIR [--machine NAME] [--archive FILE] [--deadline SECONDS] [--without-device]

OUTDIR            new or empty directory: results/<machine>/ (ceilings.json, the gpu suite's
                  results, the PyTorch peers' results), report/ (index.html, report.md),
                  logs/<stage>.log, SUMMARY.txt
--machine NAME    results folder name (default: the GPU's name, e.g. nvidia-h200)
--archive FILE    also pack OUTDIR into FILE (.tar.gz), whatever happened (for a device tool's $OUT)
--deadline S      overall time limit (default 470 s; stages get what is left, up to their own budget)
--without-device  skip the device check (tests of this script where there is no GPU: every stage
                  runs, the device ones fail or skip with their reasons, the exit is 3)

Binaries: from $HOTOPS_BUNDLE (a bundle, or a build directory), else the bundle this script
sits in, else gpu-bundle/ or build/ of the repository; Python: $HOTOPS_PYTHON, else python3;
CPU results rendered beside the GPU's: $HOTOPS_CPU_RESULTS (directories), else results/*/ here. Exit: 0 all stages ok; 3 some stage
failed (its log says why; what the others wrote is kept); 1 no CUDA device or binaries that
cannot start (nothing written); 2 usage.
TXT
}
die_usage() { echo "gpu_run.sh: error: $*" >&2; exit 2; }
fail() { echo "gpu_run.sh: $*" >&2; exit 1; }

out="" machine="" archive="" deadline=470 need_device=1
while [ $# -gt 0 ]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --machine) [ $# -ge 2 ] || die_usage "--machine needs a name"; machine="$2"; shift 2 ;;
    --archive) [ $# -ge 2 ] || die_usage "--archive needs a file"; archive="$2"; shift 2 ;;
    --deadline) [ $# -ge 2 ] || die_usage "--deadline needs seconds"; deadline="$2"; shift 2 ;;
    --without-device) need_device=0; shift ;;
    -*) die_usage "unknown option '$1' (see --help)" ;;
    *) [ -z "$out" ] || die_usage "one OUTDIR only"; out="$1"; shift ;;
  esac
done
[ -n "$out" ] || { usage >&2; exit 2; }
[[ "$deadline" =~ ^[1-9][0-9]*$ ]] || die_usage "--deadline must be a positive integer, got '$deadline'"
if [ -e "$out" ] && [ -n "$(ls -A "$out" 2>/dev/null)" ]; then die_usage "OUTDIR '$out' exists and is not empty"; fi
[[ -z "$machine" || "$machine" =~ ^[A-Za-z0-9_.-]+$ ]] || die_usage "--machine: letters, digits, '.', '_', '-' only"

start=$(date +%s)
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"  # bundle root, or repository root
py="${HOTOPS_PYTHON:-python3}"  # the one with PyTorch on the GPU machine

# ---- preflight: binaries that start, and a device ----------------------------------------
bundle="${HOTOPS_BUNDLE:-}"
if [ -z "$bundle" ]; then
  for b in "$here" "$here/gpu-bundle" "$here/build"; do
    if [ -x "$b/bin/hotops-bench" ] || [ -x "$b/hotops-bench" ]; then bundle="$b"; break; fi
  done
fi
[ -n "$bundle" ] || fail "no hotops-bench found (build the bundle with scripts/gpu_bundle.sh, or set HOTOPS_BUNDLE)"
if [ -x "$bundle/bin/hotops-bench" ]; then
  bench="$bundle/bin/hotops-bench" ceilings_tool="$bundle/bin/hotops-ceilings"
else
  bench="$bundle/hotops-bench" ceilings_tool="$bundle/measure/hotops-ceilings"
fi
listing=$("$bench" list softmax 2>&1); rc=$?
if [ "$rc" -ne 0 ] && [ -d "$bundle/lib/fallback" ]; then  # this machine's C++ runtime may be too old: ours
  export LD_LIBRARY_PATH="$bundle/lib/fallback${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  listing=$("$bench" list softmax 2>&1); rc=$?
fi
if [ "$rc" -ne 0 ]; then
  echo "$listing" >&2
  ldd "$bench" 2>&1 | grep -i "not found" >&2
  fail "$bench cannot start here (missing libraries above, or a newer glibc needed: see the bundle's BUNDLE.json)"
fi
if ! grep -q "__cuda" <<<"$listing"; then fail "$bench was built without CUDA variants (rebuild the bundle where nvcc is)"; fi
if [ "$need_device" -eq 1 ] && cuda_line=$(grep "__cuda" <<<"$listing" | grep -m1 "skipped:"); then
  smi=$(command -v nvidia-smi >/dev/null && nvidia-smi -L 2>&1 | head -3)
  fail "no CUDA device: hotops-bench skips its CUDA variants here ('${cuda_line##*skipped: }')${smi:+; nvidia-smi: $smi}; nothing measured, nothing written"
fi
if [ -z "$machine" ]; then
  gpu_name=$(nvidia-smi --query-gpu=name --format=csv,noheader 2>/dev/null | head -1)
  machine=$(echo "${gpu_name:-$(hostname -s)}" | tr 'A-Z ' 'a-z-' | tr -cd 'a-z0-9_.-')
fi

mkdir -p "$out/logs" "$out/results/$machine" || fail "cannot create '$out'"
out="$(cd "$out" && pwd)"
results="$out/results/$machine"
ceilings="$results/ceilings.json"
summary="$out/SUMMARY.txt"
status=0
pack() { [ -z "$archive" ] || tar -C "$(dirname "$out")" -czf "$archive" "$(basename "$out")"; }
trap pack EXIT

# cuBLAS is loaded at run time (too large to bundle): the toolkit's, or the one PyTorch ships.
if [ -z "${HOTOPS_CUBLAS:-}" ]; then
  HOTOPS_CUBLAS=$($py - <<'PY' 2>/dev/null
import glob, os, site, sys
roots = ["/usr/local/cuda/lib64", "/usr/local/cuda/targets/x86_64-linux/lib"]
for s in site.getsitepackages() + [site.getusersitepackages()]:
    roots += glob.glob(os.path.join(s, "nvidia", "*", "lib")) + glob.glob(os.path.join(s, "nvidia", "*", "*", "lib"))
for r in roots:
    hits = sorted(glob.glob(os.path.join(r, "libcublas.so.1[0-9]*")))
    if hits:
        print(hits[0]); sys.exit()
PY
  )
fi
if [ -n "${HOTOPS_CUBLAS:-}" ]; then
  export HOTOPS_CUBLAS LD_LIBRARY_PATH="$(dirname "$HOTOPS_CUBLAS")${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
fi
# The report validates results with jsonschema; the bundle carries it as wheels where it is missing.
if ! $py -c "import jsonschema" 2>/dev/null && compgen -G "$here/wheels/*.whl" >/dev/null; then
  $py -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --target "$out/.site" "$here"/wheels/*.whl \
    >"$out/logs/wheels.log" 2>&1 && export PYTHONPATH="$out/.site${PYTHONPATH:+:$PYTHONPATH}"
fi
if [ -f "$here/BUNDLE.json" ]; then  # the commit the bundle was built from, for the results' environment
  export HOTOPS_GIT_COMMIT=$($py -c "import json,sys; print(json.load(open(sys.argv[1]))['git_commit'])" "$here/BUNDLE.json")
  export HOTOPS_GIT_DIRTY=$($py -c "import json,sys; print(int(json.load(open(sys.argv[1]))['git_dirty']))" "$here/BUNDLE.json")
fi

# ---- stages ------------------------------------------------------------------------------
# stage NAME BUDGET RESERVE CMD...: runs CMD with a hard timeout of min(BUDGET, time left before
# the deadline minus RESERVE seconds kept for the stages after it); logs to logs/NAME.log.
stage() {
  local name="$1" budget="$2" reserve="$3"; shift 3
  local left=$((start + deadline - $(date +%s) - reserve))
  local limit=$((budget < left ? budget : left))
  if [ "$limit" -lt 5 ]; then
    printf '%-10s skipped: no time left before the %s s deadline\n' "$name" "$deadline" | tee -a "$summary"
    status=3
    return 1
  fi
  local t0=$(date +%s) rc
  echo "== $name (at most ${limit} s)"
  timeout --kill-after=10 "$limit" "$@" 2>&1 | tee "$out/logs/$name.log"
  rc=${PIPESTATUS[0]}
  local took=$(($(date +%s) - t0)) verdict="ok"
  if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then verdict="timed out after ${limit} s"
  elif [ "$rc" -ne 0 ]; then verdict="failed (exit $rc)"; fi
  [ "$verdict" = ok ] || status=3
  printf '%-10s %-28s %4d s   logs/%s.log\n' "$name" "$verdict" "$took" "$name" >>"$summary"
  [ "$verdict" = ok ]
}

echo "gpu_run.sh: $machine, bundle $bundle, deadline ${deadline} s, cuBLAS ${HOTOPS_CUBLAS:-not found}" | tee "$summary"
stage ceilings 60 180 "$ceilings_tool" --gpu --out "$ceilings"
# The ceilings file is the run's default one (<out>/<machine>/ceilings.json): absent when the
# ceilings stage failed, and the suite then runs without a roofline and says why.
stage suite 200 120 "$bench" run "$here/suites/gpu.yaml" --out "$out/results" --machine "$machine" \
  --counters none
stage torch 100 60 $py "$here/scripts/torch_peer.py" --bench "$bench" --suite "$here/suites/gpu.yaml" \
  --out "$out/results" --machine "$machine" --ceilings "$ceilings" --budget-s 80
cpu_results=()
for d in ${HOTOPS_CPU_RESULTS-"$here"/results/*/}; do
  [ "$(basename "$d")" = "$machine" ] || ! compgen -G "${d%/}/*.json" >/dev/null || cpu_results+=("$d")
done
stage report 80 0 $py "$here/scripts/report.py" "$results" "${cpu_results[@]}" --out "$out/report" \
  --title "hotops: $machine (GPU) beside the CPU results"

echo "== summary ($(($(date +%s) - start)) s)" | tee -a "$summary"
ls "$results" | sed 's/^/results\/'"$machine"'\//' | tee -a "$summary"
[ -f "$out/report/index.html" ] && echo "report/index.html" | tee -a "$summary"
tail -n +2 "$summary" | grep -E '^(ceilings|suite|torch|report) '
exit "$status"
