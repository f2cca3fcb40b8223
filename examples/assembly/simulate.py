#!/usr/bin/env python3
"""Simulates the assembly example's data: bacterial-like genomes (random sequence of a per-genome
GC content, each with a 2 kb repeat in two copies, as IS elements make) and Illumina paired-end
reads of each, from art_illumina (Debian's art-nextgen-simulation-tools) at a fixed seed.

    examples/assembly/simulate.py [--genomes 20] [--min-kb 50] [--max-kb 200] [--coverage 30]
"""
import argparse
import json
import pathlib
import random
import subprocess

HERE = pathlib.Path(__file__).resolve().parent
REPEAT = 2000


def genome(rng, length, gc):
    weights = [(1 - gc) / 2, gc / 2, gc / 2, (1 - gc) / 2]
    seq = rng.choices("ACGT", weights=weights, k=length)
    repeat = rng.choices("ACGT", weights=weights, k=REPEAT)
    for start in (length // 4, 3 * length // 4):
        seq[start:start + REPEAT] = repeat
    return "".join(seq)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--genomes", type=int, default=20)
    parser.add_argument("--min-kb", type=int, default=50)
    parser.add_argument("--max-kb", type=int, default=200)
    parser.add_argument("--coverage", type=int, default=30)
    parser.add_argument("--out", type=pathlib.Path, default=HERE / "data")
    args = parser.parse_args()
    rng = random.Random(2026)
    args.out.mkdir(parents=True, exist_ok=True)
    sub_jobs = []
    for g in range(args.genomes):
        name = f"genome{g + 1:03d}"
        length = rng.randint(args.min_kb, args.max_kb) * 1000
        (args.out / f"{name}.fa").write_text(f">{name}\n{genome(rng, length, rng.uniform(0.35, 0.65))}\n")
        # HiSeq 2500 error profile, 2 x 150 bp from 400 bp fragments, no alignment files.
        subprocess.run(["art_illumina", "-ss", "HS25", "-i", f"{name}.fa", "-p", "-l", "150",
                        "-f", str(args.coverage), "-m", "400", "-s", "30", "-na",
                        "-rs", str(g + 1), "-o", f"{name}_"],
                       cwd=args.out, check=True, capture_output=True)
        sub_jobs.append({"key": name, "params": {
            "genome": name, "reference": f"{name}.fa", "reads": [f"{name}_1.fq", f"{name}_2.fq"]}})
    (args.out / "subjobs.json").write_text(json.dumps(sub_jobs, indent=1))
    print(f"wrote {args.out}: {args.genomes} genomes of {args.min_kb}-{args.max_kb} kb,"
          f" {args.coverage}x paired-end reads each")


if __name__ == "__main__":
    main()
