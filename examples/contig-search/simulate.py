#!/usr/bin/env python3
"""Simulates the contig search example: a protein database of families (each a random ancestor and
members that differ from it at 25% of their residues) among unrelated decoy proteins, and contigs
that each carry one gene, a new member of a known family back-translated into DNA on either strand
between random flanks. Which family each contig carries is written to truth.tsv, for the reducer
to score the search against.

    examples/contig-search/simulate.py [--contigs 2000] [--families 200] [--decoys 20000]
"""
import argparse
import json
import pathlib
import random
import subprocess

HERE = pathlib.Path(__file__).resolve().parent
AMINO_ACIDS = "ACDEFGHIKLMNPQRSTVWY"
CODONS = {}
for codon, aa in zip(
        (a + b + c for a in "TCAG" for b in "TCAG" for c in "TCAG"),
        "FFLLSSSSYY**CC*WLLLLPPPPHHQQRRRRIIIMTTTTNNKKSSRRVVVVAAAADDEEGGGG"):
    CODONS.setdefault(aa, []).append(codon)
COMPLEMENT = str.maketrans("ACGT", "TGCA")
MEMBERS = 8
DIVERGENCE = 0.25


def protein(rng, length):
    return "M" + "".join(rng.choices(AMINO_ACIDS, k=length - 1))


def mutate(rng, sequence):
    return "".join(rng.choice(AMINO_ACIDS) if i and rng.random() < DIVERGENCE else aa
                   for i, aa in enumerate(sequence))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contigs", type=int, default=2000)
    parser.add_argument("--families", type=int, default=200)
    parser.add_argument("--decoys", type=int, default=20000)
    parser.add_argument("--out", type=pathlib.Path, default=HERE / "data")
    args = parser.parse_args()
    rng = random.Random(2026)
    args.out.mkdir(parents=True, exist_ok=True)

    ancestors = [protein(rng, rng.randint(150, 400)) for _ in range(args.families)]
    with (args.out / "proteins.fa").open("w") as db:
        for f, ancestor in enumerate(ancestors):
            for m in range(MEMBERS):
                db.write(f">fam{f + 1:04d}_m{m + 1}\n{mutate(rng, ancestor)}\n")
        for d in range(args.decoys):
            db.write(f">decoy{d + 1:06d}\n{protein(rng, rng.randint(100, 500))}\n")
    subprocess.run(["diamond", "makedb", "--in", "proteins.fa", "-d", "proteins", "--quiet"],
                   cwd=args.out, check=True)

    sub_jobs, truth, offset = [], [], 0
    with (args.out / "contigs.fa").open("wb") as contigs:
        for c in range(args.contigs):
            name = f"contig{c + 1:05d}"
            family = rng.randrange(args.families)
            gene = mutate(rng, ancestors[family])
            dna = "".join(rng.choice(CODONS[aa]) for aa in gene) + rng.choice(CODONS["*"])
            if rng.random() < 0.5:
                dna = dna.translate(COMPLEMENT)[::-1]
            flanks = ["".join(rng.choices("ACGT", k=rng.randint(500, 2500))) for _ in range(2)]
            record = f">{name}\n{flanks[0]}{dna}{flanks[1]}\n".encode()
            contigs.write(record)
            sub_jobs.append({"key": name, "params": {
                "contig": name, "offset": offset, "length": len(record)}})
            truth.append(f"{name}\tfam{family + 1:04d}\n")
            offset += len(record)
    (args.out / "truth.tsv").write_text("".join(truth))
    (args.out / "subjobs.json").write_text(json.dumps(sub_jobs))
    print(f"wrote {args.out}: {args.families} families of {MEMBERS} among {args.decoys} decoys,"
          f" {args.contigs} contigs")


if __name__ == "__main__":
    main()
