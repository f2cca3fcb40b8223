#!/usr/bin/python3
"""Simulates the FBA example's combinations: media for the E. coli core ("textbook") model that
ships with Debian's python3-cobra (medium m00 is the model's own: glucose, aerobic; the others
draw one or two carbon sources, their uptake rates and oxygen at a fixed seed), times every
single-gene knockout of the model and the wild type. Debian's python3 is named on purpose: it is
the one python3-cobra is installed for.

    examples/fba/simulate.py [--media 37]   (37 media x 138 knockouts = 5,106 combinations)
"""
import argparse
import json
import pathlib
import random

from cobra.io import load_model

HERE = pathlib.Path(__file__).resolve().parent
CARBON = ["EX_glc__D_e", "EX_fru_e", "EX_ac_e", "EX_succ_e", "EX_lac__D_e", "EX_pyr_e",
          "EX_mal__L_e", "EX_fum_e", "EX_akg_e", "EX_etoh_e", "EX_glu__L_e", "EX_gln__L_e"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--media", type=int, default=37)
    parser.add_argument("--out", type=pathlib.Path, default=HERE / "data")
    args = parser.parse_args()
    rng = random.Random(2026)
    args.out.mkdir(parents=True, exist_ok=True)
    model = load_model("textbook")
    base = {r: bound for r, bound in model.medium.items() if r not in CARBON + ["EX_o2_e"]}
    media = [dict(model.medium)]
    while len(media) < args.media:
        medium = dict(base)
        for source in rng.sample(CARBON, rng.randint(1, 2)):
            medium[source] = rng.choice([5.0, 10.0, 20.0])
        if rng.random() < 0.6:
            medium["EX_o2_e"] = rng.choice([5.0, 20.0, 1000.0])
        media.append(medium)
    (args.out / "media.json").write_text(json.dumps(
        {f"m{i:02d}": medium for i, medium in enumerate(media)}, indent=1))
    knockouts = ["none"] + sorted(g.id for g in model.genes)
    sub_jobs = [{"key": f"m{i:02d}/{gene}", "params": {"medium": f"m{i:02d}", "knockout": gene}}
                for i in range(len(media)) for gene in knockouts]
    (args.out / "subjobs.json").write_text(json.dumps(sub_jobs))
    print(f"wrote {args.out}: {len(media)} media x {len(knockouts)} knockouts ="
          f" {len(sub_jobs)} combinations")


if __name__ == "__main__":
    main()
