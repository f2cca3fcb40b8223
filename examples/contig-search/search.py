#!/usr/bin/env python3
"""Sub-job: diamond blastx of a batch of contigs (the items Fanout grouped into this sub-job, each
a byte range of the contigs FASTA) against the protein database, with the cpus the sub-job was
given; output: each contig's best hit (highest bit score; the first name on a tie) or none."""
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "science"))
import science  # noqa: E402

items = science.read_input()
data = pathlib.Path(items[0]["data"])
with open(data / "contigs.fa", "rb") as fasta, open("query.fa", "wb") as query:
    for item in items:
        fasta.seek(item["offset"])
        query.write(fasta.read(item["length"]))
threads = science.threads()
science.run(["diamond", "blastx", "-q", "query.fa", "-d", data / "proteins.dmnd", "-o", "hits.tsv",
             "--outfmt", "6", "qseqid", "sseqid", "pident", "evalue", "bitscore",
             "--max-target-seqs", 5, "--threads", threads])
best = {}
for line in pathlib.Path("hits.tsv").read_text().splitlines():
    contig, protein, identity, evalue, bits = line.split("\t")
    hit = {"protein": protein, "identity": float(identity), "evalue": float(evalue),
           "bits": float(bits)}
    known = best.get(contig)
    if known is None or (hit["bits"], known["protein"]) > (known["bits"], hit["protein"]):
        best[contig] = hit
science.write_output([{"contig": item["contig"], "hit": best.get(item["contig"])} for item in items])
print(f"{len(items)} contigs, {len(best)} with a hit, on {threads} threads")
