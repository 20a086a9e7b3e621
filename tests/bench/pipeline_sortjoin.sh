#!/usr/bin/env bash
# pipeline_sortjoin.sh - GNU sort + comm peer for pipeline-bench.sh.
#
#	pipeline_sortjoin.sh WORKDIR A.csv B.csv C.csv
#
# Keys extracted with Python's csv module (pipeline_keys.py, the three files
# in parallel), LC_ALL=C sort -S 256M, then uniq/comm to count the distinct
# keys, the duplicates per file and the Venn regions.  Prints JSON.
set -euo pipefail
export LC_ALL=C
here=$(cd "$(dirname "$0")" && pwd)
w=$1; shift
i=0
for f in "$@"; do
	n=$(printf 'abc' | cut -c$((i + 1)))
	(/usr/bin/python3 "$here/pipeline_keys.py" "$f" | sort -S 256M -T "$w" > "$w/$n.s") &
	i=$((i + 1))
done
wait
for n in a b c; do
	uniq "$w/$n.s" > "$w/$n.u"
	uniq -d "$w/$n.s" | wc -l > "$w/$n.d"
done
ab=$(comm -12 "$w/a.u" "$w/b.u" | tee "$w/ab.u" | wc -l)
ac=$(comm -12 "$w/a.u" "$w/c.u" | wc -l)
bc=$(comm -12 "$w/b.u" "$w/c.u" | wc -l)
abc=$(comm -12 "$w/ab.u" "$w/c.u" | wc -l)
na=$(wc -l < "$w/a.u"); nb=$(wc -l < "$w/b.u"); nc=$(wc -l < "$w/c.u")
printf '{"venn": {"a": %d, "b": %d, "c": %d, "ab": %d, "ac": %d, "bc": %d, "abc": %d}, "duplicate_keys": [%d, %d, %d], "records": [%d, %d, %d]}\n' \
    $((na - ab - ac + abc)) $((nb - ab - bc + abc)) $((nc - ac - bc + abc)) \
    $((ab - abc)) $((ac - abc)) $((bc - abc)) "$abc" \
    "$(cat "$w/a.d")" "$(cat "$w/b.d")" "$(cat "$w/c.d")" \
    "$(wc -l < "$w/a.s")" "$(wc -l < "$w/b.s")" "$(wc -l < "$w/c.s")"
rm -f "$w"/[abc].[sud] "$w/ab.u"
