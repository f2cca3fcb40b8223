#!/usr/bin/python3
"""Sub-job: flux balance analysis of a batch of (medium, gene knockout) combinations of the E. coli
core model that ships with python3-cobra: the model is loaded once, and each combination is
optimised in a context that undoes its medium and knockout afterwards. Output: the maximal growth
rate (1/h) of each combination, 0 where the model cannot grow."""
import json
import pathlib
import sys

from cobra.io import load_model

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "science"))
import science  # noqa: E402

items = science.read_input()
media = json.loads((pathlib.Path(items[0]["data"]) / "media.json").read_text())
model = load_model("textbook")
growth = []
for item in items:
    with model:
        model.medium = media[item["medium"]]
        if item["knockout"] != "none":
            model.genes.get_by_id(item["knockout"]).knock_out()
        rate = model.slim_optimize(error_value=0.0)
    growth.append([item["medium"], item["knockout"], round(max(rate, 0.0), 6)])
science.write_output(growth)
print(f"{len(items)} combinations optimised")
