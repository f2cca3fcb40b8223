#!/usr/bin/env bash
# Starts or stops a real single-node Slurm (Debian's slurm-wlm + munge) for Fanout's tests.
# No systemd here: the daemons are started directly. The node advertises 8 CPUs
# (config_overrides) so several short jobs run at once on a 2-core machine.
#   scripts/slurm.sh start   -> prints the partition to use
#   scripts/slurm.sh rest    -> starts slurmrestd (JWT auth) too, prints its URL
#   scripts/slurm.sh stop
set -euo pipefail

HOST=$(hostname -s)
CONF=/etc/slurm/slurm.conf
STATE=/var/spool/slurmctld
SPOOL=/var/spool/slurmd
LOGS=/var/log/slurm
JWT_KEY=$STATE/jwt_hs256.key
REST_ADDRESS=127.0.0.1:6820

start() {
  if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null \
    || ! command -v slurmrestd >/dev/null || ! command -v /usr/bin/time >/dev/null; then
    apt-get update -qq >&2
    # slurmrestd needs the JWT plugin, which --no-install-recommends leaves out; /usr/bin/time
    # measures what each job used.
    apt-get install -y -q -o DPkg::Lock::Timeout=600 --no-install-recommends \
      munge slurmctld slurmd slurm-client slurmrestd slurm-wlm-jwt-plugin time >&2
  fi
  mkdir -p /run/munge "$STATE" "$SPOOL" "$LOGS" /run/slurm /etc/slurm
  chown munge:munge /run/munge
  [ -f "$JWT_KEY" ] || (umask 077; dd if=/dev/urandom of="$JWT_KEY" bs=32 count=1 2>/dev/null)
  [ -f /etc/munge/munge.key ] || (umask 077; dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 2>/dev/null; chown munge:munge /etc/munge/munge.key)
  if ! munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
    su -s /bin/sh munge -c /usr/sbin/munged >&2
  fi
  local memory
  memory=$(awk '/MemTotal/ {print int($2 / 1024 * 0.8)}' /proc/meminfo)
  cat >"$CONF" <<CONF
ClusterName=fanout
SlurmctldHost=$HOST
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
DefMemPerCPU=256
SchedulerType=sched/backfill
SchedulerParameters=batch_sched_delay=0,sched_min_interval=0
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/linux
JobCompType=jobcomp/filetxt
JobCompLoc=$LOGS/jobcomp.log
MinJobAge=600
MaxArraySize=10001
MaxJobCount=20000
ReturnToService=2
MailProg=/bin/true
AuthAltTypes=auth/jwt
AuthAltParameters=jwt_key=$JWT_KEY
SlurmdParameters=config_overrides
StateSaveLocation=$STATE
SlurmdSpoolDir=$SPOOL
SlurmctldPidFile=/run/slurm/slurmctld.pid
SlurmdPidFile=/run/slurm/slurmd.pid
SlurmctldLogFile=$LOGS/slurmctld.log
SlurmdLogFile=$LOGS/slurmd.log
NodeName=$HOST CPUs=8 Sockets=1 CoresPerSocket=8 ThreadsPerCore=1 RealMemory=$memory State=UNKNOWN
PartitionName=debug Nodes=$HOST Default=YES MaxTime=INFINITE State=UP
CONF
  if ! scontrol ping 2>/dev/null | grep -q UP; then
    slurmctld >&2
  fi
  if ! pgrep -x slurmd >/dev/null; then
    slurmd >&2
  fi
  # The controller may call the node idle before slurmd registered: a probe job proves it runs.
  for _ in $(seq 1 60); do
    if out=$(timeout 20 srun -N1 -t 1 true 2>&1); then
      echo debug
      return 0
    fi
    sleep 1
  done
  echo "slurm did not start: $out" >&2
  tail -20 "$LOGS/slurmctld.log" "$LOGS/slurmd.log" >&2 || true
  exit 1
}

rest() {
  if ! pgrep -x slurmrestd >/dev/null; then
    # It refuses to run as root; SLURM_JWT=daemon lets it pass the clients' tokens on.
    SLURM_JWT=daemon nohup slurmrestd -a rest_auth/jwt -s openapi/v0.0.38 -u nobody \
      "$REST_ADDRESS" >"$LOGS/slurmrestd.log" 2>&1 &
  fi
  for _ in $(seq 1 50); do
    if (exec 3<>"/dev/tcp/${REST_ADDRESS%:*}/${REST_ADDRESS#*:}") 2>/dev/null; then
      echo "http://$REST_ADDRESS"
      return 0
    fi
    sleep 0.2
  done
  echo "slurmrestd did not start:" >&2
  tail -20 "$LOGS/slurmrestd.log" >&2 || true
  exit 1
}

stop() {
  # Job processes outlive slurmd under proctrack/linuxproc: cancel them first.
  scancel --quiet --full $(squeue -h -o %i 2>/dev/null) 2>/dev/null || true
  sleep 1
  pkill -x slurmrestd 2>/dev/null || true
  pkill -x slurmd 2>/dev/null || true
  pkill -x slurmctld 2>/dev/null || true
  pkill -x munged 2>/dev/null || true
}

case "${1:-}" in
  start) start ;;
  rest) rest ;;
  stop) stop ;;
  *) echo "usage: $0 start|rest|stop" >&2; exit 2 ;;
esac
