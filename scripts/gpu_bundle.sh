#!/usr/bin/env bash
# Builds the GPU bundle: everything scripts/gpu_run.sh needs on a machine that has a CUDA
# device, nvcc, CMake and PyTorch but none of our Debian libraries and no package registry.
# hotops-bench and hotops-ceilings with the CUDA variants (HOTOPS_PORTABLE: static OpenSSL,
# yaml-cpp, hwloc and CUDA runtime, fmt header-only; the few shared libraries left are copied
# into lib/ and found through a run path of $ORIGIN/../lib), without the CPU-only peers and
# likwid; the suites, the report and PyTorch-bridge scripts, CPU results to render beside
# the GPU's, jsonschema as wheels for Python 3.12, and BUNDLE.json (commit, sizes, what the
# binaries need from the system). Then it checks the bundle: its size, and that `ldd` finds
# nothing outside lib/ but the C library itself.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

usage() {
  cat <<'TXT'
Usage: scripts/gpu_bundle.sh [--out DIR] [--build-dir DIR] [--jobs N] [--cpu-results DIR]... [--tar] [--check-only]

--out DIR          the bundle (default: gpu-bundle/ in the repository, ignored by git: carry it)
--build-dir DIR    the portable build (default: build-gpu-bundle/)
--jobs N           parallel compile jobs (default 2: nvcc is slow and the machine is shared)
--cpu-results DIR  a results/<machine>/ directory to render beside the GPU's (repeatable;
                   default: every results/<machine>/ of the repository)
--tar              also write DIR.tar.gz
--check-only       only check an existing bundle (size, ldd)
TXT
}
die() { echo "gpu_bundle.sh: error: $*" >&2; exit 2; }

out="$here/gpu-bundle" build="$here/build-gpu-bundle" jobs=2 tarball=0 check_only=0 cpu_results=()
while [ $# -gt 0 ]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --out) [ $# -ge 2 ] || die "--out needs a directory"; out="$2"; shift 2 ;;
    --build-dir) [ $# -ge 2 ] || die "--build-dir needs a directory"; build="$2"; shift 2 ;;
    --jobs) [[ "${2:-}" =~ ^[1-9][0-9]*$ ]] || die "--jobs needs a positive integer"; jobs="$2"; shift 2 ;;
    --cpu-results) [ -d "${2:-}" ] || die "--cpu-results needs a directory"; cpu_results+=("$2"); shift 2 ;;
    --tar) tarball=1; shift ;;
    --check-only) check_only=1; shift ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
done

# Libraries a machine has when it has any C runtime at all; everything else goes into lib/.
# (libcuda, libnvidia-ml and cuBLAS are not linked: the CUDA runtime, device_info.cpp and
# cublas_gemm.cpp load them at run time from the driver and the toolkit or PyTorch.)
SYSTEM_LIBS='^(linux-vdso\.so\.1|libc\.so\.6|libm\.so\.6|libpthread\.so\.0|libdl\.so\.2|librt\.so\.1|ld-linux-x86-64\.so\.2)$'
# The C++ runtime: the machine's own where it is new enough (GCC 12+: the binaries and lib/ need
# GLIBCXX_3.4.30 and glibc 2.34), else ours from lib/fallback/ (which needs glibc 2.36):
# gpu_run.sh adds it to LD_LIBRARY_PATH only when the binaries do not start without it.
CXX_RUNTIME='^(libstdc\+\+\.so\.6|libgcc_s\.so\.1)$'
MAX_BYTES=$((48 << 20))  # well under the 64 MiB a device call carries, leaving room for the repository

check() {
  local dir bad=0 bytes
  dir=$(realpath "$1")
  bytes=$(du -sb "$dir" | cut -f1)
  printf 'gpu_bundle.sh: %s: %.1f MiB (limit %d MiB)\n' "$dir" "$(echo "$bytes / 1048576" | bc -l)" $((MAX_BYTES >> 20))
  [ "$bytes" -le "$MAX_BYTES" ] || { echo "gpu_bundle.sh: the bundle is too large" >&2; bad=1; }
  for bin in "$dir"/bin/*; do
    local missing outside
    missing=$(ldd "$bin" | grep "not found" || true)
    outside=$(ldd "$bin" | awk '/=>/ {print $1, $3} !/=>/ {print $1, $1}' |
              while read -r name path; do
                [[ "$(realpath -m "$path")" == "$dir"/lib/* ]] && continue
                [[ "$(basename "$name")" =~ $SYSTEM_LIBS ]] && continue
                [[ "$(basename "$name")" =~ $CXX_RUNTIME && -e "$dir/lib/fallback/$(basename "$name")" ]] && continue
                echo "$name ($path)"
              done)
    [ -z "$missing" ] || { echo "gpu_bundle.sh: $(basename "$bin"): not found: $missing" >&2; bad=1; }
    [ -z "$outside" ] || { echo "gpu_bundle.sh: $(basename "$bin") needs, outside lib/: $outside" >&2; bad=1; }
  done
  [ "$bad" -eq 0 ] && echo "gpu_bundle.sh: ldd: every library is in lib/ or is the C library's"
  return "$bad"
}

if [ "$check_only" -eq 1 ]; then
  [ -d "$out/bin" ] || die "no bundle at $out"
  check "$out"
  exit $?
fi

command -v nvcc >/dev/null || [ -x /usr/local/cuda/bin/nvcc ] || die "nvcc not found: the bundle needs the CUDA variants"
echo "== configure (portable, CUDA, no CPU peers, no likwid) in $build"
mkdir -p "$build"
cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DHOTOPS_PORTABLE=ON -DHOTOPS_CPU_PEERS=OFF \
  -DHOTOPS_LIKWID=OFF -DHOTOPS_CUDA=ON >"$build/configure.log" 2>&1 || { cat "$build/configure.log"; exit 1; }
grep -q "device variants built for sm_90" "$build/configure.log" || die "CUDA was not enabled (see $build/configure.log)"
echo "== build hotops-bench hotops-ceilings (-j$jobs)"
cmake --build "$build" -j "$jobs" --target hotops-bench hotops-ceilings | grep -vE '^\[[0-9]+/[0-9]+\] ' || true
[ -x "$build/hotops-bench" ] && [ -x "$build/measure/hotops-ceilings" ] || die "build failed"

echo "== assemble $out"
rm -rf "$out"
mkdir -p "$out/bin" "$out/lib/fallback" "$out/scripts" "$out/suites" "$out/results" "$out/wheels"
cp "$build/hotops-bench" "$build/measure/hotops-ceilings" "$out/bin/"
strip --strip-unneeded "$out"/bin/*  # host symbols only: the device code and its line info stay
for bin in "$out"/bin/*; do
  ldd "$bin" | awk '/=>/ && $3 ~ /^\// {print $1, $3}' | while read -r name path; do
    if [[ "$name" =~ $CXX_RUNTIME ]]; then
      [ -e "$out/lib/fallback/$name" ] || cp -L "$path" "$out/lib/fallback/$name"
    elif ! [[ "$name" =~ $SYSTEM_LIBS ]]; then
      [ -e "$out/lib/$name" ] || cp -L "$path" "$out/lib/$name"
    fi
  done
done
cp "$here"/suites/*.yaml "$out/suites/"
cp "$here"/scripts/{gpu_run.sh,report.py,torch_peer.py,results.schema.json} "$out/scripts/"
for pkg in hotops_report hotops_peers; do
  (cd "$here/scripts" && find "$pkg" -name '*.py' -print0 | xargs -0 -I{} install -D -m644 {} "$out/scripts/{}")
done
if [ ${#cpu_results[@]} -eq 0 ]; then
  for d in "$here"/results/*/; do compgen -G "$d*.json" >/dev/null && cpu_results+=("$d"); done
fi
for d in "${cpu_results[@]}"; do cp -r "${d%/}" "$out/results/"; done
# jsonschema for the report where the machine's Python lacks it (the GPU machine's is 3.12).
if ! python3 -m pip download -q --no-deps --only-binary=:all: --python-version 3.12 --implementation cp \
     --platform manylinux_2_28_x86_64 --platform manylinux_2_17_x86_64 --platform manylinux2014_x86_64 -d "$out/wheels" \
     jsonschema==4.23.0 jsonschema-specifications==2024.10.1 referencing==0.35.1 rpds-py==0.22.3 2>"$build/pip.log"; then
  echo "gpu_bundle.sh: warning: no jsonschema wheels (see $build/pip.log): the report is rendered only where jsonschema is" >&2
fi

glibc_of() { objdump -T "$@" 2>/dev/null | grep -o 'GLIBC_[0-9.]*' | sort -uV | tail -1; }
glibc=$(glibc_of "$out"/bin/* "$out"/lib/*.so*)
glibc_fallback=$(glibc_of "$out"/lib/fallback/*)
glibcxx=$(objdump -T "$out"/bin/* "$out"/lib/*.so* 2>/dev/null | grep -o 'GLIBCXX_[0-9.]*' | sort -uV | tail -1)
nvcc_bin=$(command -v nvcc || echo /usr/local/cuda/bin/nvcc)
nvcc_version=$("$nvcc_bin" --version | sed -n 's/.*release \([0-9.]*\).*/\1/p')
python3 - "$out" "$here" "$glibc" "$nvcc_version" "$glibcxx" "$glibc_fallback" <<'PY'
import json, os, subprocess, sys
from datetime import datetime, timezone
out, repo, glibc, nvcc, glibcxx, glibc_fallback = sys.argv[1:]
git = lambda *a: subprocess.run(["git", "-C", repo, *a], capture_output=True, text=True).stdout.strip()
files = {os.path.relpath(os.path.join(d, f), out): os.path.getsize(os.path.join(d, f))
         for d, _, fs in os.walk(out) for f in fs}
json.dump({"git_commit": git("rev-parse", "HEAD") or "unknown",
           "git_dirty": bool(git("status", "--porcelain", "--untracked-files=no")),
           "built_utc": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
           "nvcc": nvcc, "cuda_targets": "sm_90 machine code + compute_90 PTX",
           "needs": {"glibc": glibc.replace("GLIBC_", ">= "), "cpu": "x86-64",
                     "c++ runtime": f"libstdc++ with {glibcxx} (GCC 12+), else lib/fallback/'s, which needs glibc "
                                    f"{glibc_fallback.replace('GLIBC_', '>= ')}",
                     "at run time, not linked": "the NVIDIA driver (libcuda, libnvidia-ml), cuBLAS "
                                                "(the toolkit's or PyTorch's; gpu_run.sh finds it), python3 with "
                                                "numpy, matplotlib, scipy, PyYAML (and torch for the peers)"},
           "bytes": sum(files.values()), "files": dict(sorted(files.items()))},
          open(os.path.join(out, "BUNDLE.json"), "w"), indent=1)
PY

check "$out"
if [ "$tarball" -eq 1 ]; then
  tar -C "$(dirname "$out")" -czf "$out.tar.gz" "$(basename "$out")"
  echo "gpu_bundle.sh: $out.tar.gz ($(du -h "$out.tar.gz" | cut -f1))"
fi
echo "gpu_bundle.sh: bundle at $out (needs glibc ${glibc#GLIBC_}+ and a $glibcxx libstdc++, else glibc ${glibc_fallback#GLIBC_}+)"
