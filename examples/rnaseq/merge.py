#!/usr/bin/env python3
"""Reducer: the gene x sample count matrix, and the genes that change between the conditions:
log2 fold change of the mean normalised count (treated over control), with Welch's t statistic of
log2 normalised counts across the replicates. A gene is called when it changes at least 2x and
|t| >= 4. Counts are normalised by DESeq's median of ratios, so that a few strongly induced genes
do not make every other gene look repressed, as scaling to counts per million would."""
import math
import pathlib
import statistics
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "science"))
import science  # noqa: E402

MIN_LOG2_CHANGE, MIN_T = 1.0, 4.0

_, samples = science.reduced_results()
genes = sorted(samples[0]["counts"])


def size_factor(sample, expressed):
    """The median ratio of a sample's counts to each gene's geometric mean over all samples."""
    return math.exp(statistics.median(
        math.log(sample["counts"][g]) - mean_log for g, mean_log in expressed.items()))


expressed = {g: statistics.mean(math.log(s["counts"][g]) for s in samples) for g in genes
             if all(s["counts"][g] > 0 for s in samples)}
normalised = {}
for s in samples:
    factor = size_factor(s, expressed)
    normalised[s["sample"]] = {g: s["counts"][g] / factor for g in genes}
groups = {c: [s["sample"] for s in samples if s["condition"] == c] for c in ("control", "treated")}


def welch_t(a, b):
    spread = math.sqrt(statistics.variance(a) / len(a) + statistics.variance(b) / len(b))
    return (statistics.mean(b) - statistics.mean(a)) / spread if spread > 0 else 0.0


rows = []
for g in genes:
    control = [normalised[s][g] for s in groups["control"]]
    treated = [normalised[s][g] for s in groups["treated"]]
    change = math.log2((statistics.mean(treated) + 1) / (statistics.mean(control) + 1))
    t = welch_t([math.log2(v + 1) for v in control], [math.log2(v + 1) for v in treated])
    if abs(change) >= MIN_LOG2_CHANGE and abs(t) >= MIN_T:
        rows.append([g, round(statistics.mean(control), 1), round(statistics.mean(treated), 1),
                     f"{change:+.2f}", f"{t:+.1f}", "up" if change > 0 else "down"])
rows.sort(key=lambda r: (-abs(float(r[3])), r[0]))
quantifier = samples[0]["quantifier"]
output = science.table(
    ["gene", "control mean", "treated mean", "log2 change", "t", ""], rows,
    f"{len(rows)} genes change at least 2x between {len(groups['control'])} control and"
    f" {len(groups['treated'])} treated samples ({quantifier};"
    f" {sum(s['reads'] for s in samples)} reads, >= {min(s['mapped'] for s in samples):.1f}%"
    f" placed in every sample)")
output["matrix"] = {"genes": genes, "samples": [s["sample"] for s in samples],
                    "counts": [[round(s["counts"][g]) for s in samples] for g in genes]}
science.write_output(output)
