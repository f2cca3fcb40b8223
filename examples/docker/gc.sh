#!/bin/sh
# Sub-job, in a container: GC content of contigs first..last, summed into 5% GC bins as
# "bin:contigs:bases ..." (busybox has no JSON tools, so the bins travel as one string).
first=$(sed -n 's/.*"first" *: *\([0-9]*\).*/\1/p' /fanout/input.json)
last=$(sed -n 's/.*"last" *: *\([0-9]*\).*/\1/p' /fanout/input.json)
awk -v first="$first" -v last="$last" '
  function flush() { if (len > 0) { b = int(gc * 100 / len / 5) * 5; contigs[b]++; bases[b] += len } }
  /^>/ { if (rec >= first && rec <= last) flush(); rec++; len = 0; gc = 0; next }
  rec >= first && rec <= last { s = toupper($0); len += length(s); gc += gsub(/[GC]/, "", s) }
  END {
    if (rec >= first && rec <= last) flush()
    out = ""; for (b in contigs) out = out b ":" contigs[b] ":" bases[b] " "
    printf "{\"bins\": \"%s\"}\n", out
  }' /data/contigs.fasta > /fanout/output.json
echo "contigs $first-$last done"
