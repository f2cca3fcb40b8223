#!/usr/bin/env python3
"""Reducer: every contig's best hit, its family, and whether that is the family the simulation
planted in the contig (from the data's truth.tsv); the caption gives the fraction found."""
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "science"))
import science  # noqa: E402

job_input, batches = science.reduced_results()
planted = dict(line.split("\t") for line in
               (science.data_dir(job_input["data"]) / "truth.tsv").read_text().splitlines())
rows, found = [], 0
for result in (r for batch in batches for r in batch):
    hit = result["hit"]
    family = hit["protein"].split("_")[0] if hit else ""
    right = family == planted[result["contig"]]
    found += right
    rows.append([result["contig"], hit["protein"] if hit else "-", family or "-",
                 hit["identity"] if hit else "-", hit["evalue"] if hit else "-",
                 planted[result["contig"]], "yes" if right else "no"])
science.write_output(science.table(
    ["contig", "best hit", "family", "identity %", "e-value", "planted", "found"], rows,
    f"{found} of {len(rows)} contigs ({100 * found / len(rows):.1f}%) have their planted family"
    f" as best hit (diamond blastx, {len(batches)} sub-jobs)"))
