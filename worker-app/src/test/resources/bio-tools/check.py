"""One check of the bio-tools image per sub-job: run the tool its params name, say what it said.

Versions for the tools with no work small enough to check here; a real computation for seqkit
(GC content) and cobra (growth of the E. coli core model that ships with it, offline).
"""
import json
import subprocess

tool = json.load(open("input.json"))["tool"]
if tool == "cobra":
    import cobra

    said = "growth %.3f" % cobra.io.load_model("textbook").optimize().objective_value
else:
    command, stdin = {
        "kallisto": (["kallisto", "version"], None),
        "salmon": (["salmon", "--version"], None),
        "diamond": (["diamond", "version"], None),
        "megahit": (["megahit", "--version"], None),
        "seqkit": (["seqkit", "fx2tab", "--name", "--gc"], ">a\nACGTACGG\n"),
    }[tool]
    run = subprocess.run(command, input=stdin, capture_output=True, text=True, check=True)
    said = (run.stdout + run.stderr).strip()
json.dump({"tool": tool, "said": said}, open("output.json", "w"))
