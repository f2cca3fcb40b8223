#!/bin/sh
# A --slurm-prefix for tests: runs the Slurm command it is given, except that every few calls fail,
# hang or answer garbage instead, by a counter per kind of call in STATE_DIR (so the faults come
# in a fixed order). Kinds: the command's name, and squeue-named for squeue --name=. Every call is
# logged to STATE_DIR/calls as "N KIND FAULT"; every hang's pid to STATE_DIR/hung.
#   faults.sh STATE_DIR COMMAND [ARGS...]
# Every Kth call of a kind from call F on (squeue: F=4, K=4; squeue-named and sbatch: F=2, K=2;
# scontrol and sacct: F=1, K=2) is, in turn:
#   squeue, scontrol, sacct: fail (exit 1), hang (an hour: longer than any command timeout),
#     garbage (exit 0 with text Slurm never prints), empty (exit 0 with nothing: from squeue, as
#     if every job had gone). The squeue call after an empty one is empty too, so that two
#     good-looking answers in a row lack every job.
#   sbatch: submitted-failed (the job exists, the answer says it does not), submitted-hung,
#     failed (nothing submitted), submitted-failed.
set -u
state=$1
shift
kind=$1
case " $* " in *" --name="*) kind=$1-named ;; esac
n=$(flock "$state/lock" sh -c \
  'f="$1/count-$2"; n=$(( $(cat "$f" 2>/dev/null || echo 0) + 1 )); echo $n >"$f"; echo $n' \
  sh "$state" "$kind")
case $kind in
  squeue) first=4 every=4 ;;
  squeue-named | sbatch) first=2 every=2 ;;
  scontrol | sacct) first=1 every=2 ;;
  *) first=0 every=0 ;;
esac
fault=none
if [ "$every" -gt 0 ] && [ "$n" -ge "$first" ] && [ $(((n - first) % every)) -eq 0 ]; then
  turn=$((((n - first) / every) % 4))
  if [ "$kind" = sbatch ]; then
    case $turn in 0 | 3) fault=submitted-failed ;; 1) fault=submitted-hung ;; 2) fault=failed ;; esac
  else
    case $turn in 0) fault=fail ;; 1) fault=hang ;; 2) fault=garbage ;; 3) fault=empty ;; esac
  fi
elif [ "$kind" = squeue ] && [ $((n % 16)) -eq 1 ] && [ "$n" -gt 1 ]; then
  fault=empty
fi
echo "$n $kind $fault" >>"$state/calls"

hang() {
  sleep 3600 &
  echo $! >>"$state/hung"
  wait $!
}

case $fault in
  none) exec "$@" ;;
  fail)
    echo "$1: error: slurm_receive_msg: Socket timed out on send/recv operation" >&2
    exit 1 ;;
  hang)
    hang
    exec "$@" ;;
  garbage)
    printf '<html><body>502 Bad Gateway</body></html>\n\001\002 %s\n' "$1"
    exit 0 ;;
  empty) exit 0 ;;
  submitted-failed)
    "$@" >/dev/null
    echo "sbatch: error: Batch job submission failed: Socket timed out on send/recv operation" >&2
    exit 1 ;;
  submitted-hung)
    "$@" >/dev/null
    hang
    exit 0 ;;
  failed)
    echo "sbatch: error: Batch job submission failed: Socket timed out on send/recv operation" >&2
    exit 1 ;;
esac
