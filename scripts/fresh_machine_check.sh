#!/usr/bin/env bash
# Fresh-machine check: the README's two commands (./run_suite.sh, ./scripts/test.sh) on a
# minimal Debian 12 made with debootstrap, from a clean clone of the committed HEAD, in a
# chroot with nothing from this host's builds or caches. Prints a summary with timings.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# The whole script is one function, read before it runs: a checkout that changes this
# file during the (long) check does not change what runs.
main() {

usage() {
  cat <<'TXT'
Usage: scripts/fresh_machine_check.sh [options]

Creates a minimal Debian 12 (bookworm) root with debootstrap in a scratch folder,
bind-mounts /proc, /sys and /dev into it, clones the committed HEAD of this
repository into it and runs, inside the chroot, the README's two commands:
./run_suite.sh (the first report) and ./scripts/test.sh. Needs root and network
access to a Debian mirror. Exit 0: both passed; 1: one failed; 2: could not check.

Options:
  --mirror URL        Debian mirror (default: the one this host's apt uses for bookworm)
  --scratch-dir DIR   where the scratch folder is made (default: $TMPDIR or /var/tmp)
  --ceilings FILE     put this ceilings file in the clone (results/<machine>/ceilings.json),
                      so the first run measures none (default: this checkout's own
                      results/<machine>/ceilings.json if there is one)
  --no-host-ceilings  measure on first contact inside the chroot, as a new machine would
  --allow-dirty       check HEAD even though the working tree has uncommitted changes
                      (they are not part of the check)
  --keep              keep the scratch folder (the root, the clone, the logs)
  -h, --help          this help
TXT
}
die() { echo "fresh_machine_check.sh: error: $*" >&2; exit 2; }
say() { echo "fresh_machine_check: $*"; }

mirror="" scratch_parent="${TMPDIR:-/var/tmp}" host_ceilings="" use_host_ceilings=1 allow_dirty=0 keep=0
while [ $# -gt 0 ]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --mirror) [ $# -ge 2 ] && [ -n "$2" ] || die "--mirror needs a URL"; mirror="$2"; shift 2 ;;
    --scratch-dir) [ $# -ge 2 ] && [ -n "$2" ] || die "--scratch-dir needs a directory"; scratch_parent="$2"; shift 2 ;;
    --ceilings) [ $# -ge 2 ] && [ -n "$2" ] || die "--ceilings needs a file"; host_ceilings="$2"; shift 2 ;;
    --no-host-ceilings) use_host_ceilings=0; shift ;;
    --allow-dirty) allow_dirty=1; shift ;;
    --keep) keep=1; shift ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
done

# ---- preconditions: cheap, before minutes of work -------------------------------------
[ -z "$host_ceilings" ] || [ -f "$host_ceilings" ] || die "--ceilings $host_ceilings: no such file"
command -v git >/dev/null || die "git is needed to clone the commit"
commit=$(git -C "$here" rev-parse --verify HEAD 2>/dev/null) || die "$here is not a git checkout with a commit"
short=$(git -C "$here" rev-parse --short HEAD)
if [ -n "$(git -C "$here" status --porcelain --untracked-files=no)" ]; then
  [ "$allow_dirty" -eq 1 ] ||
    die "the working tree has uncommitted changes; this check clones the committed HEAD ($short): commit them, or pass --allow-dirty"
  say "warning: uncommitted changes are NOT part of this check; it clones $short"
fi
scratch_abs=$(cd "$scratch_parent" 2>/dev/null && pwd -P) || die "--scratch-dir $scratch_parent: no such directory"
case "$scratch_abs/" in "$(cd "$here" && pwd -P)"/*) die "--scratch-dir must be outside the repository ($here)" ;; esac
[ "$(id -u)" -eq 0 ] || die "needs root (debootstrap, chroot and bind mounts)"
[ "$(uname -m)" = x86_64 ] || die "an x86-64 host is needed (debootstrap makes an amd64 root)"
if findmnt -rn -o TARGET | grep -q "/hotops-fresh\.[A-Za-z0-9]*/root/"; then
  say "warning: mounts of an earlier, killed check are still there (findmnt | grep hotops-fresh; umount -R them)"
fi
if ! command -v debootstrap >/dev/null; then
  command -v apt-get >/dev/null || die "debootstrap is not installed and there is no apt-get to install it"
  say "installing debootstrap on this host"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap >/dev/null ||
    die "could not install debootstrap"
fi
if [ -z "$mirror" ]; then
  # The URI this host's apt uses for the bookworm suite (one-line or deb822 sources).
  mirror=$({ cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null || true; } |
             sed 's/\[[^]]*\] *//' | awk '$1 == "deb" && $3 == "bookworm" { print $2; exit }')
  [ -n "$mirror" ] || mirror=$({ cat /etc/apt/sources.list.d/*.sources 2>/dev/null || true; } | awk '
      /^URIs:/ { uri = $2 } /^Suites:/ { for (i = 2; i <= NF; i++) if ($i == "bookworm") { print uri; exit } }
      /^$/ { uri = "" }')
  [ -n "$mirror" ] || mirror=http://deb.debian.org/debian
fi
machine=$(hostname -s | tr -c 'A-Za-z0-9_\n-' '_')   # the chroot shares the host name: run_suite.sh's default
if [ "$use_host_ceilings" -eq 1 ] && [ -z "$host_ceilings" ] && [ -f "$here/results/$machine/ceilings.json" ]; then
  host_ceilings="$here/results/$machine/ceilings.json"
fi
[ "$use_host_ceilings" -eq 1 ] || host_ceilings=""

# ---- scratch folder, and its cleanup on any exit ----------------------------------------
scratch=$(mktemp -d "$scratch_parent/hotops-fresh.XXXXXX") || die "cannot make a scratch folder in $scratch_parent"
root="$scratch/root"
logs="$scratch/logs"
mkdir -p "$root" "$logs"
mounts=()
cleanup() {
  local rc=$? i
  trap - EXIT INT TERM
  for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do
    umount -R "${mounts[i]}" 2>/dev/null || umount -R -l "${mounts[i]}" 2>/dev/null || true
  done
  if findmnt -rn -o TARGET | grep -qF "$scratch/"; then
    say "warning: something is still mounted under $scratch; leaving it (umount -R, then rm -rf it)"
  elif [ "$keep" -eq 1 ]; then
    say "kept $scratch (root, clone, logs)"
  elif [ "$rc" -ne 0 ]; then
    # Keep only the logs of a failed check, outside the root.
    local kept="${scratch}-logs"
    mv "$logs" "$kept" 2>/dev/null && say "logs kept in $kept"
    rm -rf --one-file-system "$scratch"
  else
    rm -rf --one-file-system "$scratch"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

bind() {  # bind-mount host $1 at root$1, private to the chroot (unmounting there stays there)
  mkdir -p "$root$1"
  mount --rbind "$1" "$root$1"
  mounts+=("$root$1")
  mount --make-rslave "$root$1"
}

stage_start=$SECONDS
timings=()
begin() { echo "== $*"; stage_name="$*"; stage_start=$SECONDS; }
end() { timings+=("$(printf '%-48s %5d s' "$stage_name" $(( SECONDS - stage_start )))"); }

say "checking $short ($(git -C "$here" log -1 --format=%s | cut -c1-60)) in a fresh Debian 12 root under $scratch"

begin "debootstrap: minimal Debian 12 from $mirror"
debootstrap --variant=minbase bookworm "$root" "$mirror" >"$logs/debootstrap.log" 2>&1 ||
  { tail -20 "$logs/debootstrap.log" >&2; die "debootstrap failed (log: $logs/debootstrap.log)"; }
end

# The host's network settings for apt (proxy, validity of snapshot mirrors); nothing cached.
cp /etc/resolv.conf "$root/etc/resolv.conf"
apt-config dump | grep -E '^Acquire::(https?::Proxy|Check-Valid-Until|Check-Date|Retries) ' \
  >"$root/etc/apt/apt.conf.d/99host-network" || true
# A throwaway root: dpkg need not fsync every file it unpacks (minutes on a busy 2-core VM).
echo force-unsafe-io >"$root/etc/dpkg/dpkg.cfg.d/hotops-check-unsafe-io"
bind /dev
bind /sys
mkdir -p "$root/proc"
mount -t proc proc "$root/proc"
mounts+=("$root/proc")

begin "clone of $short (committed state only)"
git clone -q --no-hardlinks "$here" "$root/root/hotops"
git -C "$root/root/hotops" checkout -q --detach "$commit"
[ "$(git -C "$root/root/hotops" rev-parse HEAD)" = "$commit" ] || die "the clone is not at $commit"
if [ -n "$host_ceilings" ]; then
  mkdir -p "$root/root/hotops/results/$machine"
  cp "$host_ceilings" "$root/root/hotops/results/$machine/ceilings.json"
  say "ceilings: reusing $host_ceilings (the first run measures none)"
else
  say "ceilings: none from the host; the first run measures what it needs"
fi
end

in_chroot() {  # a clean environment: nothing from the host's shell (ccache, CMAKE_*, PYTHON*)
  chroot "$root" /usr/bin/env -i HOME=/root LANG=C.UTF-8 TERM="${TERM:-dumb}" \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin /bin/bash -c "cd /root/hotops && $1"
}
# Stage lines "== name" ... "   (N s, M s CPU)" of run_suite.sh and test.sh, for the summary.
breakdown() {
  awk '/^== /{ name = substr($0, 4) }
       /^   \([0-9]+ s, [0-9]+ s CPU\)$/ { printf "%s%s %s", sep, name, substr($0, 4); sep = "; " }' "$1"
}

failed=""
run_step() {  # $1: label, $2: command in the clone, $3: log name
  begin "$1"
  set +e
  in_chroot "$2" 2>&1 | tee "$logs/$3"
  local rc=${PIPESTATUS[0]}
  set -e
  end
  timings[-1]+=$'\n      '"$(breakdown "$logs/$3")"
  if [ "$rc" -ne 0 ]; then
    failed+="${failed:+, }$1 (exit $rc)"
    return 1
  fi
}

run_step "./run_suite.sh (first report)" ./run_suite.sh run_suite.log || true
if [ -z "$failed" ] && ! [ -s "$root/root/hotops/reports/quick/index.html" ]; then
  failed="./run_suite.sh wrote no report (reports/quick/index.html)"
fi
run_step "./scripts/test.sh" ./scripts/test.sh test.log || true

echo
echo "== fresh-machine check of $short: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores"
printf '   %s\n' "${timings[@]}"
echo "   total $(( SECONDS )) s"
if [ -n "$failed" ]; then
  echo "== FAILED: $failed"
  exit 1
fi
echo "== PASSED: both README commands on a fresh Debian 12"
}
main "$@"
exit
