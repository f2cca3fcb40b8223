#!/usr/bin/env python3
"""Reducer: the growth rate of every (medium, knockout) combination, and per medium the wild
type's growth and its essential genes: those whose knockout leaves less than 1% of the wild
type's growth (cobra's own find_essential_genes threshold)."""
import json
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "science"))
import science  # noqa: E402

ESSENTIAL_BELOW = 0.01

job_input, batches = science.reduced_results()
media = json.loads((science.data_dir(job_input["data"]) / "media.json").read_text())
growth = {}
for medium, knockout, rate in (row for batch in batches for row in batch):
    growth.setdefault(medium, {})[knockout] = rate


def describe(medium):
    sources = [f"{r[3:-2]} {bound:g}" for r, bound in sorted(medium.items())
               if r not in ("EX_co2_e", "EX_h_e", "EX_h2o_e", "EX_nh4_e", "EX_pi_e", "EX_o2_e")]
    oxygen = medium.get("EX_o2_e")
    return ", ".join(sources) + (f"; O2 {oxygen:g}" if oxygen else "; anaerobic")


rows = []
for medium, rates in sorted(growth.items()):
    wild = rates["none"]
    essential = sorted(g for g, r in rates.items() if g != "none" and r < ESSENTIAL_BELOW * wild)
    rows.append([medium, describe(media[medium]), round(wild, 4),
                 len(essential) if wild > 0 else "-",
                 " ".join(essential) if wild > 0 else "no growth"])
output = science.table(
    ["medium", "carbon sources (uptake mmol/gDW/h); oxygen", "wild-type growth /h", "essential",
     "essential genes"], rows,
    f"{sum(len(r) for r in growth.values())} combinations of {len(growth)} media and"
    f" {len(next(iter(growth.values())))} knockouts (incl. none) optimised")
output["growth"] = {medium: rates for medium, rates in sorted(growth.items())}
science.write_output(output)
