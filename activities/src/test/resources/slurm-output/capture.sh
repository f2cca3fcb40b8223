#!/usr/bin/env bash
# Captures what the Slurm that scripts/slurm.sh starts prints about jobs that complete, fail, die
# of a signal, time out, get cancelled running or pending, and an array with finished, running and
# pending elements: the fixtures SlurmOutputTest reads. See README.md. Takes ~2 minutes (Slurm
# checks time limits about every 30 s). Needs jq; slurmrestd for the REST files.
#   activities/src/test/resources/slurm-output/capture.sh [OUT_DIR]
set -euo pipefail

OUT=${1:-$(cd "$(dirname "$0")" && pwd)}
REST=${FANOUT_TEST_SLURM_REST:-http://127.0.0.1:6820}
W=$(mktemp -d /tmp/slurm-capture.XXXXXX)
# What the job script runs each command under (JobScript.USAGE_FORMAT).
TIME="/usr/bin/time -f 'elapsed=%e maxrss_kb=%M cpu=%P'"
FORMAT='JobArrayID:|,State:|,exit_code:|,Name:'

submit() { # NAME SBATCH-ARGS...: the job's id
  local name=$1
  shift
  sbatch --parsable --job-name="capture-$name" --chdir="$W" --output="$W/$name-%A_%a.out" "$@"
}

state() { scontrol show job -o "$1" | tr ' ' '\n' | sed -n 's/^JobState=//p'; }

await() { # ID STATE...: waits until the job is in one of these states
  local id=$1
  shift
  for _ in $(seq 1 300); do
    local now
    now=$(state "$id")
    for s in "$@"; do [ "$now" = "$s" ] && return 0; done
    sleep 0.5
  done
  echo "job $id never reached $*" >&2
  exit 1
}

rest() { # PATH [curl args]: slurmrestd's answer, whatever its HTTP status
  curl -s -H "X-SLURM-USER-NAME: $(id -un)" -H "X-SLURM-USER-TOKEN: $TOKEN" "$@"
}

ok=$(submit ok --time=1 --wrap="$TIME -o usage-ok sh -c 'echo done'" | tee "$OUT/sbatch-parsable.txt")
fail=$(submit fail --time=1 --wrap="$TIME -o usage-fail sh -c 'exit 3'")
signal=$(submit signal --time=1 --wrap="$TIME -o usage-signal sh -c 'kill -9 \$\$'")
timeout=$(submit timeout --time=1 --wrap='sleep 300')
running=$(submit running --time=5 --wrap='sleep 300')
pending=$(submit pending --time=1 --begin=now+3600 --wrap=true)
array=$(submit array --time=1 --array=0-5%2 --wrap='sleep 4; exit $((SLURM_ARRAY_TASK_ID % 2))')
ids="$ok,$fail,$signal,$timeout,$running,$pending,$array"
TOKEN=$(scontrol token lifespan=900 | sed 's/^SLURM_JWT=//')

# While the array has finished, running and pending elements.
await "$ok" COMPLETED
await "$running" RUNNING
await "${array}_1" FAILED
await "${array}_2" RUNNING
squeue -h -t all -r -j "$ids" -O "$FORMAT" >"$OUT/squeue-running.txt"
squeue -h -t all -j "$ids" -O "$FORMAT" >"$OUT/squeue-collapsed.txt"
scontrol show job -o "${array}_5" >"$OUT/scontrol-pending-element.txt"
scontrol show job -o "$pending" >"$OUT/scontrol-pending.txt"
scontrol show job -o "$running" >"$OUT/scontrol-running.txt"
mine=$(echo "[$ids]")
rest "$REST/slurm/v0.0.38/jobs" \
  | jq --argjson mine "$mine" '.jobs |= map(select(.job_id as $j | .array_job_id as $a
      | $mine | index($j) or index($a)))' >"$OUT/rest-jobs-running.json"
rest "$REST/slurm/v0.0.38/job/${array}_5" >"$OUT/rest-job-pending-element.json"

scancel "$running" "$pending"
await "$running" CANCELLED
await "$timeout" TIMEOUT
await "${array}_5" COMPLETED FAILED
squeue -h -t all -r -j "$ids" -O "$FORMAT" >"$OUT/squeue-ended.txt"
for kind in ok fail signal timeout; do
  scontrol show job -o "${!kind}" >"$OUT/scontrol-$kind.txt"
done
scontrol show job -o "$running" >"$OUT/scontrol-cancelled-running.txt"
scontrol show job -o "$pending" >"$OUT/scontrol-cancelled-pending.txt"
scontrol show job -o "${array}_1" >"$OUT/scontrol-failed-element.txt"
rest "$REST/slurm/v0.0.38/jobs" \
  | jq --argjson mine "$mine" '.jobs |= map(select(.job_id as $j | .array_job_id as $a
      | $mine | index($j) or index($a)))' >"$OUT/rest-jobs-ended.json"
rest "$REST/slurm/v0.0.38/job/999999999" >"$OUT/rest-job-unknown.json"
rest "$REST/slurm/v0.0.38/job/submit" -X POST -H 'Content-Type: application/json' \
  -d "{\"script\": \"#!/bin/sh\\ntrue\\n\", \"job\": {\"name\": \"capture-rest\",
      \"current_working_directory\": \"$W\", \"standard_output\": \"$W/rest.out\",
      \"environment\": {\"PATH\": \"/usr/bin:/bin\"}}}" >"$OUT/rest-submit.json"

# Slurm's own word for a job it does not know, and for accounting it does not keep.
squeue -h -t all -j 999999999 -O "$FORMAT" 2>"$OUT/squeue-unknown.err" || true
scontrol show job -o 999999999 2>"$OUT/scontrol-unknown.err" || true
sacct -n -P -X -j "$ok" -o JobID,State,ExitCode 2>"$OUT/sacct-disabled.err" || true
# jobcomp/filetxt's record, read the way sacct reads slurmdbd's (-P: one line per job, | between).
sacct -c -n -P -j "$ids" -o JobID,State,ExitCode 2>/dev/null >"$OUT/sacct-jobcomp.txt"

for kind in ok fail signal; do cp "$W/usage-$kind" "$OUT/time-$kind.txt"; done
{
  echo "ok=$ok fail=$fail signal=$signal timeout=$timeout running=$running pending=$pending"
  echo "array=$array"
  scontrol --version
} >"$OUT/jobs.txt"
rm -rf "$W"
