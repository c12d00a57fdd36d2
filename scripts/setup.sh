#!/usr/bin/env bash
# Installs what hotops needs on Debian/Ubuntu; idempotent and quick when all is present.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  libbenchmark-dev libbenchmark-tools libgtest-dev googletest libfmt-dev libhwloc-dev hwloc
  nlohmann-json3-dev libyaml-cpp-dev libcli11-dev libssl-dev
  libdnnl-dev libxnnpack-dev libpthreadpool-dev  # peers timed in the same run
  ocl-icd-opencl-dev opencl-c-headers            # oneDNN's CMake config requires OpenCL (only 'Recommends' in Debian)
  likwid valgrind                                # ceilings and counters
  python3 python3-matplotlib python3-scipy python3-numpy python3-pytest python3-jsonschema python3-yaml
)
# --ci: also what .ci/run's extra checks need: the daemons of the Slurm fleet test (tests/slurm
# starts its own cluster) and shellcheck (actionlint runs it on the CI templates' scripts).
[ "${1:-}" = --ci ] && packages+=(slurmctld slurmd slurm-client munge shellcheck)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null; then
  echo "setup: missing packages and no apt-get here; install the equivalents of: ${missing[*]}" >&2
  exit 1
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "setup: need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
echo "setup: installing ${#missing[@]} packages and what they depend on: ${missing[*]}"
$sudo apt-get update -qq
# apt's own progress (downloads, then one line per package unpacked and set up): a few
# minutes on a fresh machine should not look like a hang.
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}" |
  grep --line-buffered -E '^(Get:|Unpacking|Setting up|Fetched|E:)' || true
# The pipe hides apt's exit status: what counts is whether everything is installed now.
still=()
for p in "${missing[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || still+=("$p")
done
[ ${#still[@]} -eq 0 ] || { echo "setup: could not install: ${still[*]} (see apt's messages above)" >&2; exit 1; }
