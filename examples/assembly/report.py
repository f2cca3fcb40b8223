#!/usr/bin/env python3
"""Reducer: one row per genome (contigs, N50, genome fraction recovered), and a caption with the
worst genome fraction, as the table the CLI prints."""
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "science"))
import science  # noqa: E402

_, genomes = science.reduced_results()
rows = [[g["genome"], g["genomeLength"], g["contigs"], g["totalLength"], g["n50"], g["largest"],
         f"{100 * g['genomeFraction']:.2f}"] for g in genomes]
worst = min(genomes, key=lambda g: g["genomeFraction"])
science.write_output(science.table(
    ["genome", "length", "contigs", "assembled", "N50", "largest", "genome %"], rows,
    f"{len(genomes)} genomes assembled by megahit; {sum(g['contigs'] for g in genomes)} contigs;"
    f" every genome >= {100 * worst['genomeFraction']:.2f}% recovered (lowest: {worst['genome']})"))
