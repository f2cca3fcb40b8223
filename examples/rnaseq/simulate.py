#!/usr/bin/env python3
"""Simulates an RNA-seq experiment: a transcriptome of genes with one to three isoforms (exon
skipping, so isoforms share sequence), its kallisto and salmon indexes, and single-end 75 bp reads
of control and treated replicates, each replicate with its own biological noise. In the treated
samples genes g001-g020 are 8x more expressed and g021-g030 4x less; the job's reducer should find
exactly those 30 genes.

    examples/rnaseq/simulate.py [--replicates 12] [--reads 500000]   (writes examples/rnaseq/data/)
"""
import argparse
import json
import pathlib
import random
import subprocess

HERE = pathlib.Path(__file__).resolve().parent
GENES = 150
READ_LENGTH = 75
UP, DOWN = range(0, 20), range(20, 30)
COMPLEMENT = str.maketrans("ACGT", "TGCA")


def transcriptome(rng):
    """(gene, transcript, sequence) for every isoform: all exons, then one skipped per isoform."""
    isoforms = []
    for g in range(GENES):
        gene = f"g{g + 1:03d}"
        exons = ["".join(rng.choices("ACGT", k=rng.randint(200, 600)))
                 for _ in range(rng.randint(3, 5))]
        skipped = [None] + rng.sample(range(1, len(exons) - 1), min(rng.randint(0, 2),
                                                                    len(exons) - 2))
        for i, skip in enumerate(skipped):
            isoforms.append((gene, f"{gene}.{i + 1}",
                             "".join(e for j, e in enumerate(exons) if j != skip)))
    return isoforms


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicates", type=int, default=12, help="samples per condition")
    parser.add_argument("--reads", type=int, default=500_000, help="reads per sample")
    parser.add_argument("--out", type=pathlib.Path, default=HERE / "data")
    args = parser.parse_args()
    rng = random.Random(2026)
    samples = args.out / "samples"
    samples.mkdir(parents=True, exist_ok=True)

    isoforms = transcriptome(rng)
    fasta = args.out / "transcripts.fa"
    fasta.write_text("".join(f">{tx}\n{seq}\n" for _, tx, seq in isoforms))
    (args.out / "tx2gene.tsv").write_text("".join(f"{tx}\t{gene}\n" for gene, tx, _ in isoforms))
    subprocess.run(["kallisto", "index", "-i", args.out / "kallisto.idx", fasta],
                   check=True, capture_output=True)
    subprocess.run(["salmon", "index", "-t", fasta, "-i", args.out / "salmon.idx", "-k", "25",
                    "-p", "2"], check=True, capture_output=True)

    expression = {f"g{g + 1:03d}": rng.lognormvariate(3, 1) for g in range(GENES)}
    share = [rng.uniform(0.2, 1) for _ in isoforms]
    sub_jobs = []
    for condition in ("control", "treated"):
        for r in range(args.replicates):
            name = f"{condition}-{r + 1:02d}"
            weights = []
            for (gene, _, seq), s in zip(isoforms, share):
                g = int(gene[1:]) - 1
                change = 8 if g in UP else 0.25 if g in DOWN else 1
                level = expression[gene] * (change if condition == "treated" else 1)
                # Reads fall on an isoform in proportion to its abundance times its length.
                weights.append(level * s * rng.lognormvariate(0, 0.2) * len(seq))
            with (samples / f"{name}.fastq").open("w") as out:
                for n, i in enumerate(rng.choices(range(len(isoforms)), weights=weights,
                                                  k=args.reads)):
                    seq = isoforms[i][2]
                    start = rng.randrange(len(seq) - READ_LENGTH)
                    read = seq[start:start + READ_LENGTH]
                    if rng.random() < 0.5:
                        read = read.translate(COMPLEMENT)[::-1]
                    out.write(f"@{name}.{n}\n{read}\n+\n{'I' * READ_LENGTH}\n")
            sub_jobs.append({"key": name, "params": {
                "sample": name, "condition": condition, "fastq": f"samples/{name}.fastq"}})
    (args.out / "subjobs.json").write_text(json.dumps(sub_jobs, indent=1))
    print(f"wrote {args.out}: {GENES} genes in {len(isoforms)} transcripts,"
          f" {len(sub_jobs)} samples of {args.reads} reads")


if __name__ == "__main__":
    main()
