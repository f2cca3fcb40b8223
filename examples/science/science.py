"""What the science examples' scripts share: Fanout's work-directory contract (input.json in,
output.json out, exit 0 for success), where the data is, and how many threads a sub-job has.

Every example script runs the same way under the process executor, on a Slurm node, or in a
container whose work directory is mounted at /fanout: it reads only its work directory and the
data directory it is given, and writes only its work directory.
"""
import json
import os
import pathlib
import subprocess
import sys

# Relative data paths in a job's input are taken from the repository root, as the job spec's
# command paths are (the worker's working directory when the README's command runs).
ROOT = pathlib.Path(__file__).resolve().parents[2]


def read_input():
    return json.loads(pathlib.Path("input.json").read_text())


def write_output(value):
    pathlib.Path("output.json").write_text(json.dumps(value))


def data_dir(path):
    return ROOT / path


def threads():
    """The cpus this sub-job was given: FANOUT_CPUS from the process executor, Slurm's
    SLURM_CPUS_PER_TASK on a node; one if neither says."""
    return int(os.environ.get("FANOUT_CPUS") or os.environ.get("SLURM_CPUS_PER_TASK") or 1)


def run(argv):
    """Runs a tool with its output in this sub-job's log; a failure fails the sub-job."""
    sys.stdout.flush()
    subprocess.run([str(a) for a in argv], check=True, stdout=sys.stderr)


def reduced_results():
    """The reducer's input: the job's input and each sub-job's output, in sub-job order."""
    given = read_input()
    return given["input"], [r["output"] for r in given["results"]]


def table(columns, rows, caption):
    """An output the CLI prints as a table."""
    return {"columns": columns, "rows": rows, "caption": caption}
