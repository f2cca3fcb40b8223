#!/usr/bin/env python3
"""Writes contigs.fasta: 2,000 contigs of a simulated three-species metagenome.

The species differ in GC content (about 32%, 50% and 67%), as real genomes do, so the demo's
GC table shows three peaks: the first step of binning contigs by organism. Deterministic (seed 7).
"""
import random

SPECIES = [("lowgc", 0.32, 700), ("midgc", 0.50, 650), ("highgc", 0.67, 650)]

def contig(rng, gc):
    length = rng.randint(200, 1200)
    local = min(0.9, max(0.1, rng.gauss(gc, 0.02)))
    return "".join(
        rng.choice("GC") if rng.random() < local else rng.choice("AT") for _ in range(length)
    )

def main():
    rng = random.Random(7)
    records = [(f"{name}_contig{i:04d}", gc) for name, gc, n in SPECIES for i in range(n)]
    rng.shuffle(records)
    with open("contigs.fasta", "w") as out:
        for name, gc in records:
            seq = contig(rng, gc)
            out.write(f">{name} len={len(seq)}\n")
            for i in range(0, len(seq), 70):
                out.write(seq[i : i + 70] + "\n")

if __name__ == "__main__":
    main()
