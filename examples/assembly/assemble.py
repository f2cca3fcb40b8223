#!/usr/bin/env python3
"""Sub-job: one genome's megahit assembly with the cpus the sub-job was given, then what a
scientist checks of it: contigs, total length, N50, and the fraction of the genome its contigs
recover (the reference's 31-mers found in them, either strand)."""
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "science"))
import science  # noqa: E402

K = 31
COMPLEMENT = str.maketrans("ACGT", "TGCA")


def read_fasta(path):
    records, name = {}, None
    for line in pathlib.Path(path).read_text().splitlines():
        if line.startswith(">"):
            name = line[1:].split()[0]
            records[name] = []
        elif name is not None:
            records[name].append(line.strip())
    return {n: "".join(parts) for n, parts in records.items()}


def n50(lengths):
    half, running = sum(lengths) / 2, 0
    for length in sorted(lengths, reverse=True):
        running += length
        if running >= half:
            return length
    return 0


def genome_fraction(reference, contigs):
    kmers = set()
    for contig in contigs:
        for strand in (contig, contig.translate(COMPLEMENT)[::-1]):
            kmers.update(strand[i:i + K] for i in range(len(strand) - K + 1))
    covered = bytearray(len(reference))
    for i in range(len(reference) - K + 1):
        if reference[i:i + K] in kmers:
            covered[i:i + K] = b"\1" * K
    return sum(covered) / len(reference)


params = science.read_input()
data = pathlib.Path(params["data"])
threads = science.threads()
science.run(["megahit", "-1", data / params["reads"][0], "-2", data / params["reads"][1],
             "-t", threads, "--min-contig-len", 500, "-o", "assembly"])
contigs = list(read_fasta("assembly/final.contigs.fa").values())
reference = next(iter(read_fasta(data / params["reference"]).values()))
lengths = [len(c) for c in contigs]
science.write_output({
    "genome": params["genome"], "genomeLength": len(reference), "contigs": len(contigs),
    "totalLength": sum(lengths), "n50": n50(lengths), "largest": max(lengths, default=0),
    "genomeFraction": round(genome_fraction(reference, contigs), 4)})
print(f"{params['genome']}: {len(contigs)} contigs, N50 {n50(lengths)} on {threads} threads")
