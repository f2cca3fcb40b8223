#!/usr/bin/env python3
"""Simulates an RNA-seq experiment for the Slurm example: a transcriptome, its kallisto index, and
single-end reads of 8 samples (4 control, 4 treated). In the treated samples tx001-tx020 are 8x
more abundant and tx021-tx030 4x less; the job's reducer should find exactly those.

    examples/slurm-rnaseq/simulate.py [--reads 1000000]   (writes examples/slurm-rnaseq/data/)
"""
import argparse
import pathlib
import random
import subprocess

HERE = pathlib.Path(__file__).resolve().parent
TRANSCRIPTS = 200
READ_LENGTH = 75
UP, DOWN = range(0, 20), range(20, 30)
COMPLEMENT = str.maketrans("ACGT", "TGCA")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reads", type=int, default=1_000_000, help="reads per sample")
    parser.add_argument("--out", type=pathlib.Path, default=HERE / "data")
    args = parser.parse_args()
    rng = random.Random(2026)
    samples = args.out / "samples"
    samples.mkdir(parents=True, exist_ok=True)

    sequences = ["".join(rng.choice("ACGT") for _ in range(rng.randint(800, 3000)))
                 for _ in range(TRANSCRIPTS)]
    names = [f"tx{i + 1:03d}" for i in range(TRANSCRIPTS)]
    fasta = args.out / "transcripts.fa"
    with fasta.open("w") as out:
        for name, seq in zip(names, sequences):
            out.write(f">{name}\n{seq}\n")
    subprocess.run(["kallisto", "index", "-i", str(args.out / "transcripts.idx"), str(fasta)],
                   check=True, capture_output=True)

    base = [rng.lognormvariate(3, 1) for _ in range(TRANSCRIPTS)]
    for s in range(8):
        treated = s >= 4
        abundance = [a * (8 if treated and i in UP else 0.25 if treated and i in DOWN else 1)
                     * rng.uniform(0.9, 1.1) for i, a in enumerate(base)]
        # Reads fall on a transcript in proportion to its abundance times its length.
        weights = [a * len(seq) for a, seq in zip(abundance, sequences)]
        name = f"{'treated' if treated else 'control'}-{s % 4 + 1}"
        with (samples / f"{name}.fastq").open("w") as out:
            picks = rng.choices(range(TRANSCRIPTS), weights=weights, k=args.reads)
            for r, t in enumerate(picks):
                seq = sequences[t]
                start = rng.randrange(len(seq) - READ_LENGTH)
                read = seq[start:start + READ_LENGTH]
                if rng.random() < 0.5:
                    read = read.translate(COMPLEMENT)[::-1]
                out.write(f"@{name}.{r}\n{read}\n+\n{'I' * READ_LENGTH}\n")
    print(f"wrote {args.out}: {TRANSCRIPTS} transcripts, 8 samples of {args.reads} reads")


if __name__ == "__main__":
    main()
