#!/usr/bin/env python3
"""Sub-job: one sample quantified by kallisto or salmon (the command's argument) with the cpus the
sub-job was given, then its reads per gene (the estimated counts of the gene's transcripts) and
the fraction of reads the tool placed."""
import csv
import json
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "science"))
import science  # noqa: E402

quantifier = sys.argv[1] if len(sys.argv) > 1 else "kallisto"
params = science.read_input()
data = pathlib.Path(params["data"])
fastq = data / params["fastq"]
threads = science.threads()
if quantifier == "kallisto":
    science.run(["kallisto", "quant", "-i", data / "kallisto.idx", "-o", "quant", "--single",
                 "-l", 200, "-s", 20, "-t", threads, fastq])
    table, count_column = "quant/abundance.tsv", "est_counts"
    info = json.loads(pathlib.Path("quant/run_info.json").read_text())
    reads, mapped = info["n_processed"], info["p_pseudoaligned"]
elif quantifier == "salmon":
    science.run(["salmon", "quant", "-i", data / "salmon.idx", "-l", "A", "-r", fastq,
                 "-p", threads, "--validateMappings", "-o", "quant"])
    table, count_column = "quant/quant.sf", "NumReads"
    info = json.loads(pathlib.Path("quant/aux_info/meta_info.json").read_text())
    reads, mapped = info["num_processed"], info["percent_mapped"]
else:
    raise SystemExit(f"quantifier: expected kallisto or salmon, was '{quantifier}'")

gene_of = dict(line.split("\t") for line in (data / "tx2gene.tsv").read_text().splitlines())
counts = {}
with open(table) as rows:
    for row in csv.DictReader(rows, delimiter="\t"):
        gene = gene_of[row.get("target_id") or row["Name"]]
        counts[gene] = counts.get(gene, 0) + float(row[count_column])
science.write_output({
    "sample": params["sample"], "condition": params["condition"], "quantifier": quantifier,
    "reads": reads, "mapped": round(mapped, 2),
    "counts": {gene: round(count, 2) for gene, count in sorted(counts.items())}})
print(f"{params['sample']}: {reads} reads, {mapped:.1f}% placed by {quantifier} on {threads} threads")
