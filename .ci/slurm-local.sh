#!/usr/bin/env bash
# A single-node Slurm on this machine, for CI and for trying the README's job array: Debian's slurmctld, slurmd,
# slurm-client and munge, daemons started by hand (no systemd), everything bound to 127.0.0.1.
#   .ci/slurm-local.sh start [STATE_DIR]   install if missing, write STATE_DIR/slurm.conf, start munged (if not running),
#                                          slurmctld and slurmd with no jobs (state from an earlier start is dropped);
#                                          wait until the node is idle
#   .ci/slurm-local.sh stop  [STATE_DIR]   stop the daemons this script started (by their pid files)
# Then: export SLURM_CONF=STATE_DIR/slurm.conf for sbatch, squeue, scontrol. Needs root (or sudo) for apt-get and munged.
# STATE_DIR defaults to artifacts/slurm (state, spool, logs, pid files; nothing under /etc is changed).
set -euo pipefail
cd "$(dirname "$0")/.."
cmd="${1:-start}"
state="$(mkdir -p "${2:-artifacts/slurm}" && cd "${2:-artifacts/slurm}" && pwd)"
conf="$state/slurm.conf"
sudo_=""; [ "$(id -u)" -eq 0 ] || sudo_="sudo"

stop_slurm() {
  for d in slurmd slurmctld; do
    if [ -f "$state/$d.pid" ]; then
      pid="$(cat "$state/$d.pid")"
      if kill -0 "$pid" 2>/dev/null; then
        $sudo_ kill "$pid"
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      fi
      rm -f "$state/$d.pid"
    fi
  done
}

stop() {
  stop_slurm
  if [ -f "$state/munged.started" ] && [ -f /run/munge/munged.pid ]; then
    pid="$(cat /run/munge/munged.pid)"
    if kill -0 "$pid" 2>/dev/null; then $sudo_ kill "$pid"; fi
    rm -f "$state/munged.started"
  fi
  echo "slurm-local: stopped"
}

if [ "$cmd" = stop ]; then stop; exit 0; fi
[ "$cmd" = start ] || { echo "usage: $0 start|stop [STATE_DIR]" >&2; exit 2; }

if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v sbatch >/dev/null || ! command -v munged >/dev/null; then
  echo "== installing slurmctld slurmd slurm-client munge (Debian packages)"
  $sudo_ apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_ apt-get install -y -qq --no-install-recommends slurmctld slurmd slurm-client munge >/dev/null
fi

# munge: the key the package made; one munged for the machine (reused if one answers already).
if ! munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
  $sudo_ install -d -o munge -g munge -m 0755 /run/munge
  [ -f /etc/munge/munge.key ] || $sudo_ runuser -u munge -- mungekey --create
  $sudo_ runuser -u munge -- munged
  touch "$state/munged.started"
  for _ in $(seq 50); do munge -n 2>/dev/null | unmunge >/dev/null 2>&1 && break; sleep 0.1; done
fi

# A fresh cluster every start: no jobs recovered from an earlier run.
rm -rf "$state/ctld" "$state/spool"
mkdir -p "$state/ctld" "$state/spool"
cat > "$conf" <<CONF
# Written by .ci/slurm-local.sh: one node (this machine) named kitnode, daemons on 127.0.0.1 only.
ClusterName=kit
SlurmctldHost=$(hostname -s)(127.0.0.1)
MailProg=/bin/true
SlurmctldPort=16817
SlurmdPort=16818
# Bind to the configured address (127.0.0.1), not to every interface.
CommunicationParameters=NoCtldInAddrAny,NoInAddrAny
SlurmUser=$(id -un)
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=$state/ctld
SlurmdSpoolDir=$state/spool
SlurmctldPidFile=$state/slurmctld.pid
SlurmdPidFile=$state/slurmd.pid
SlurmctldLogFile=$state/slurmctld.log
SlurmdLogFile=$state/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
MpiDefault=none
JobRequeue=1
ReturnToService=2
KillWait=5
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
NodeName=kitnode NodeAddr=127.0.0.1 CPUs=$(nproc) State=UNKNOWN
PartitionName=kit Nodes=kitnode Default=YES MaxTime=INFINITE State=UP
CONF

stop_slurm
$sudo_ slurmctld -f "$conf"
$sudo_ slurmd -f "$conf" -N kitnode
export SLURM_CONF="$conf"
s=""
for _ in $(seq 60); do
  kill -0 "$(cat "$state/slurmctld.pid" 2>/dev/null || echo 0)" 2>/dev/null || { echo "slurm-local: slurmctld did not start:" >&2; tail -n 5 "$state/slurmctld.log" >&2; exit 1; }
  s="$(timeout 5 sinfo -h -N -o '%t' 2>/dev/null | head -1 || true)"
  [ "$s" = idle ] && break
  sleep 0.5
done
[ "$s" = idle ] || { echo "slurm-local: node not idle (state '$s'); logs in $state" >&2; exit 1; }
echo "slurm-local: up (SLURM_CONF=$conf), listening:"
ss -ltnp | grep -E 'slurm(ctld|d)' || true
