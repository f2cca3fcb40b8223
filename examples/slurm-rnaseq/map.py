#!/usr/bin/env python3
"""Mapper: one sub-job per sample FASTQ under the data directory (input "data", relative to this
example), each with the index they share. Fanout's contract: input.json in, output.json out."""
import json
import pathlib

HERE = pathlib.Path(__file__).resolve().parent
data = HERE / json.loads(pathlib.Path("input.json").read_text()).get("data", "data")
samples = sorted((data / "samples").glob("*.fastq"))
if not samples:
    raise SystemExit(f"no samples in {data / 'samples'}: run examples/slurm-rnaseq/simulate.py")
sub_jobs = [{"key": f.stem,
             "params": {"sample": f.stem, "fastq": str(f), "index": str(data / "transcripts.idx")}}
            for f in samples]
pathlib.Path("output.json").write_text(json.dumps(sub_jobs))
print(f"{len(sub_jobs)} samples in {data}")
