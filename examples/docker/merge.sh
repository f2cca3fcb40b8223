#!/bin/sh
# Reducer, in a container: merges every sub-job's bins into the table the CLI prints.
grep -o '"bins" *: *"[^"]*"' /fanout/input.json | sed 's/.*: *"//; s/"$//' | tr ' ' '\n' |
awk -F: 'NF == 3 { c[$1] += $2; b[$1] += $3; total += $2; if ($2 > most) most = $2 }
  END {
    max = 0; for (k in c) if (c[k] > max) max = c[k]
    printf "{\"columns\": [\"GC %%\", \"contigs\", \"mean length\", \"histogram\"], \"rows\": ["
    sep = ""
    for (k = 0; k <= 100; k += 5) {
      if (!(k in c)) continue
      bar = ""; for (i = 0; i < int(c[k] * 40 / max) || i < 1; i++) bar = bar "#"
      printf "%s[\"%d-%d\", %d, %d, \"%s\"]", sep, k, k + 5, c[k], int(b[k] / c[k]), bar
      sep = ", "
    }
    printf "], \"caption\": \"%d contigs, merged in a container\"}\n", total
  }' > /fanout/output.json
