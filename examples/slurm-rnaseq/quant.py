#!/usr/bin/env python3
"""Sub-job, on a Slurm node: kallisto quant of one sample with the cpus Slurm gave the job, then
its transcripts' TPM and the mapping rate as output.json."""
import csv
import json
import os
import pathlib
import subprocess

params = json.loads(pathlib.Path("input.json").read_text())
threads = os.environ.get("SLURM_CPUS_ON_NODE", "1")
subprocess.run(["kallisto", "quant", "-i", params["index"], "-o", "quant", "--single",
                "-l", "200", "-s", "20", "-t", threads, params["fastq"]], check=True)
with open("quant/abundance.tsv") as table:
    tpm = {row["target_id"]: float(row["tpm"]) for row in csv.DictReader(table, delimiter="\t")}
info = json.loads(pathlib.Path("quant/run_info.json").read_text())
pathlib.Path("output.json").write_text(json.dumps({
    "sample": params["sample"], "threads": int(threads), "reads": info["n_processed"],
    "mapped": info["p_pseudoaligned"], "tpm": tpm}))
print(f"{params['sample']}: {info['n_processed']} reads, {info['p_pseudoaligned']}% pseudoaligned"
      f" on {threads} threads")
