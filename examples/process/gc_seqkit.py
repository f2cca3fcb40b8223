#!/usr/bin/env python3
"""A process sub-job: GC content of one chunk of contigs, computed by seqkit.

Fanout's process contract: the sub-job's params are in ./input.json (the work directory), the
result goes to ./output.json, exit 0 means success; a reason written to ./invalid-input.txt says
the input is at fault, so the sub-job fails without retries. Params (from the fasta-chunks mapper):
{"fasta": path, "offset": first byte, "length": bytes}. The output has the shape the gc-table
reducer merges: contigs and bases per 5% GC bin (seqkit computes no k-mers, so none are given).
"""
import json
import os
import subprocess
import sys

BIN_PERCENT = 5

with open("input.json") as f:
    params = json.load(f)
if not os.path.isfile(params["fasta"]):
    with open("invalid-input.txt", "w") as out:
        out.write(f"fasta: no such file {params['fasta']}\n")
    sys.exit(1)
with open(params["fasta"], "rb") as fasta:
    fasta.seek(params["offset"])
    chunk = fasta.read(params["length"])
with open("chunk.fa", "wb") as out:
    out.write(chunk)

# fx2tab: one line per contig with its id, length and GC%.
table = subprocess.run(
    ["seqkit", "fx2tab", "--name", "--only-id", "--length", "--gc", "chunk.fa"],
    check=True, capture_output=True, text=True,
).stdout
bins = {}
for line in table.splitlines():
    contig, length, gc = line.split("\t")[:3]
    gc_bin = str(int(float(gc) // BIN_PERCENT * BIN_PERCENT))
    b = bins.setdefault(gc_bin, {"contigs": 0, "bases": 0, "kmers": {}})
    b["contigs"] += 1
    b["bases"] += int(length)
    print(f"{contig}\t{length}\t{gc}")

with open("output.json", "w") as out:
    json.dump({"contigs": sum(b["contigs"] for b in bins.values()), "bins": bins}, out)
