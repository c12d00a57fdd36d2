#!/usr/bin/env bash
# A throwaway Slurm cluster on this machine for the fleet test: munged, slurmctld and two
# slurmd daemons, nodes n1 and n2, both on localhost (Debian's slurmd is built with
# --enable-multiple-slurmd: `scontrol show config` says MULTIPLE_SLURMD = Yes). Everything
# (config, keys, state, logs, sockets) lives in DIR; nothing touches /etc or system services.
#
#   tests/slurm/cluster.sh start DIR PORT   # ports PORT..PORT+3; then export SLURM_CONF=DIR/slurm.conf
#   tests/slurm/cluster.sh stop DIR         # stops exactly the daemons started for DIR
set -euo pipefail
cmd=${1:?start|stop}; dir=${2:?DIR}

stop() {
  local pids=()
  if [ -f "$dir/slurm.conf" ] && [ -s "$dir/slurmctld.pid" ]; then   # jobs first: no task outlives its cluster
    SLURM_CONF="$dir/slurm.conf" scancel --user="$(id -un)" 2>/dev/null || true
    for _ in $(seq 50); do
      [ -z "$(SLURM_CONF="$dir/slurm.conf" squeue -h -t running,completing 2>/dev/null)" ] && break
      sleep 0.2
    done
  fi
  for f in "$dir"/slurmd-n1.pid "$dir"/slurmd-n2.pid "$dir"/slurmctld.pid "$dir"/munge/pid; do
    [ -s "$f" ] && pids+=("$(cat "$f")")
  done
  [ ${#pids[@]} -gt 0 ] || return 0
  kill "${pids[@]}" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "${pids[@]}" 2>/dev/null || return 0; sleep 0.1; done
  kill -9 "${pids[@]}" 2>/dev/null || true
}

if [ "$cmd" = stop ]; then stop; exit 0; fi
[ "$cmd" = start ] || { echo "cluster.sh: unknown command '$cmd'" >&2; exit 2; }
port=${3:?PORT}
for tool in munged slurmctld slurmd; do
  command -v "$tool" >/dev/null || { echo "cluster.sh: $tool missing (scripts/setup.sh --ci installs it)" >&2; exit 1; }
done
[ "$(id -u)" -eq 0 ] || { echo "cluster.sh: slurmd must run as root" >&2; exit 1; }

mkdir -p "$dir/munge" "$dir/state" "$dir/spool"
chmod 711 "$dir" "$dir/munge"
head -c 1024 /dev/urandom >"$dir/munge/munge.key"
chmod 400 "$dir/munge/munge.key"
munged --force -S "$dir/munge/sock" --key-file="$dir/munge/munge.key" --log-file="$dir/munge/log" \
  --pid-file="$dir/munge/pid" --seed-file="$dir/munge/seed"

cat >"$dir/slurm.conf" <<CONF
ClusterName=hotopstest
SlurmctldHost=localhost
SlurmctldPort=$port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$dir/munge/sock
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool/%n
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd-%n.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd-%n.log
MailProg=/bin/true
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SchedulerType=sched/backfill
SchedulerParameters=sched_interval=2
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MinJobAge=3600
KillWait=5
NodeName=n1 NodeHostname=localhost NodeAddr=127.0.0.1 Port=$((port + 1)) CPUs=$(nproc) Feature=type_a
NodeName=n2 NodeHostname=localhost NodeAddr=127.0.0.1 Port=$((port + 2)) CPUs=$(nproc) Feature=type_b
PartitionName=test Nodes=n1,n2 Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$dir/slurm.conf"
slurmctld -f "$SLURM_CONF"
slurmd -f "$SLURM_CONF" -N n1
slurmd -f "$SLURM_CONF" -N n2
for _ in $(seq 100); do
  [ "$(sinfo -h -N -t idle -o %N 2>/dev/null | sort -u | wc -l)" -eq 2 ] && exit 0
  sleep 0.2
done
echo "cluster.sh: nodes did not come up idle; logs in $dir" >&2
sinfo -N >&2 || true
exit 1
