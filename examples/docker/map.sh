#!/bin/sh
# Mapper, in a container: one sub-job per contigsPerTask contigs of /data/contigs.fasta.
# Fanout's container contract: input in /fanout/input.json, result to /fanout/output.json.
per=$(sed -n 's/.*"contigsPerTask" *: *\([0-9]*\).*/\1/p' /fanout/input.json)
per=${per:-100}
n=$(grep -c '^>' /data/contigs.fasta)
awk -v n="$n" -v per="$per" 'BEGIN {
  printf "["
  for (f = 1; f <= n; f += per) {
    l = f + per - 1; if (l > n) l = n
    printf "%s{\"key\": \"contigs %d-%d\", \"params\": {\"first\": %d, \"last\": %d}}", (f > 1 ? ", " : ""), f, l, f, l
  }
  print "]"
}' > /fanout/output.json
echo "$n contigs, $per per sub-job"
