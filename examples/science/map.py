#!/usr/bin/env python3
"""The mapper of every science example: the sub-jobs its simulator listed in DATA/subjobs.json,
each told where the data is. Input: {"data": DATA}, relative to the repository root or absolute."""
import json

import science

data = science.data_dir(science.read_input()["data"])
listed = data / "subjobs.json"
if not listed.exists():
    raise SystemExit(f"{listed}: no such file; run this example's simulate.py first")
sub_jobs = json.loads(listed.read_text())
for sub_job in sub_jobs:
    sub_job["params"]["data"] = str(data)
science.write_output(sub_jobs)
print(f"{len(sub_jobs)} sub-jobs from {listed}")
