#!/usr/bin/env python3
"""Reducer: the transcripts that change most between treated and control samples (log2 fold
change of mean TPM), as the table the CLI prints."""
import json
import math
import pathlib

# One manifest line per sub-job; Fanout has put each one's output inline for the reducer.
results = [r["output"] for r in json.loads(pathlib.Path("input.json").read_text())["results"]]


def mean_tpm(group):
    runs = [r["tpm"] for r in results if r["sample"].startswith(group)]
    return {t: sum(run[t] for run in runs) / len(runs) for t in runs[0]}, len(runs)


control, controls = mean_tpm("control")
treated, treateds = mean_tpm("treated")
change = {t: math.log2((treated[t] + 1) / (control[t] + 1)) for t in control}
changed = sorted((t for t in change if abs(change[t]) >= 1), key=lambda t: -abs(change[t]))
rows = [[t, round(control[t], 1), round(treated[t], 1), f"{change[t]:+.2f}",
         "up" if change[t] > 0 else "down"] for t in changed]
mapped = min(r["mapped"] for r in results)
pathlib.Path("output.json").write_text(json.dumps({
    "columns": ["transcript", "control TPM", "treated TPM", "log2 change", ""],
    "rows": rows,
    "caption": f"{len(changed)} transcripts change at least 2x between {controls} control and"
               f" {treateds} treated samples ({sum(r['reads'] for r in results)} reads,"
               f" >= {mapped:.1f}% pseudoaligned in every sample)"}))
