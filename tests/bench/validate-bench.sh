#!/usr/bin/env bash
# vi-validate throughput vs the bare libcsv loop and a Python validator.
#   tests/bench/validate-bench.sh BUILD_DIR      (BENCH_SIZES="100M 1G", RUNS=3)
# Uses tests/bench/data/bench-*.csv (made by run.sh's generator if missing),
# the schema from vi-stats --schema, median of RUNS, peak RSS from
# /usr/bin/time -v.  Writes tests/bench/RESULTS-validate.md.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
B=$(cd "${1:?usage: validate-bench.sh BUILD_DIR}" && pwd)
DATA=$HERE/data
SIZES=${BENCH_SIZES:-"100M 1G"}
RUNS=${RUNS:-3}
OUT=${BENCH_OUT:-$HERE/RESULTS-validate.md}
PY_MAX=${PY_MAX:-1G}     # sizes above this skip Python (slow); "none" to skip
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (Debian package time)" >&2; exit 1; }
[ -x "$DATA/csvloop" ] || cc -O2 -std=c11 -o "$DATA/csvloop" "$HERE/csvloop.c" -lcsv
[ -x "$DATA/gen" ] || cc -O2 -std=c11 -o "$DATA/gen" "$HERE/gen.c"
bytes() { case $1 in *K) echo $(( ${1%K} * 1000 ));; *M) echo $(( ${1%M} * 1000000 ));; *G) echo $(( ${1%G} * 1000000000 ));; *) echo "$1";; esac; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
# One measurement: prints "seconds maxrss_kb".
measure() {
	/usr/bin/time -v -o "$tmp/t" "$@" > /dev/null 2> "$tmp/err" || [ $? -le 1 ]
	awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, a, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + a[i]; t = s }
	    /Maximum resident/ { m = $2 } END { printf "%.3f %d\n", t, m }' "$tmp/t"
}
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
{
echo "# vi-validate benchmark"
echo
echo "Machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo), $(uname -sr); shared and noisy."
echo "Median of $RUNS runs, files read from the page cache (one warm-up read first); peak RSS from \`/usr/bin/time -v\`."
echo "Schema: \`vi-stats --schema FILE\` (12 typed fields, \`required\` where no nulls, pandas null tokens)."
echo
echo "| size | tool | command | median s | MB/s | peak RSS MiB | % of libcsv |"
echo "|---|---|---|---:|---:|---:|---:|"
} > "$OUT.tmp"
for size in $SIZES; do
	csv=$(ls "$DATA"/bench-$size-s42-*.csv 2>/dev/null | head -1 || true)
	if [ -z "$csv" ]; then
		csv=$DATA/bench-$size-s42-local.csv
		"$DATA/gen" "$(bytes "$size")" 42 > "$csv" 2> /dev/null
	fi
	mb=$(( $(stat -c %s "$csv") / 1000000 ))
	"$B/vi-stats" --schema "$csv" > "$tmp/schema.json"
	cat "$csv" > /dev/null
	ceiling=
	for tool in csvloop vi-validate python; do
		case $tool in
		csvloop) cmd=("$DATA/csvloop" -s "$csv"); show="csvloop -s FILE";;
		vi-validate) cmd=("$B/vi-validate" --schema "$tmp/schema.json" "$csv"); show="vi-validate --schema S.json FILE > /dev/null";;
		python)
			if [ "$PY_MAX" = none ] || [ "$(bytes "$size")" -gt "$(bytes "$PY_MAX")" ]; then continue; fi
			cmd=(python3 "$HERE/validate_ref.py" "$tmp/schema.json" "$csv"); show="python3 validate_ref.py S.json FILE > /dev/null";;
		esac
		: > "$tmp/runs"
		for i in $(seq "$RUNS"); do measure "${cmd[@]}" >> "$tmp/runs"; done
		t=$(cut -d' ' -f1 "$tmp/runs" | median)
		rss=$(cut -d' ' -f2 "$tmp/runs" | sort -n | tail -1)
		[ "$tool" = csvloop ] && ceiling=$t
		pct=$(awk -v c="$ceiling" -v t="$t" 'BEGIN { printf "%.0f %%", 100 * c / t }')
		printf '| %s | %s | `%s` | %s | %.0f | %.1f | %s |\n' "$size" "$tool" "$show" "$t" \
		    "$(awk -v m="$mb" -v t="$t" 'BEGIN { print m / t }')" "$(awk -v k="$rss" 'BEGIN { print k / 1024 }')" "$pct" >> "$OUT.tmp"
		echo "$size $tool: $(tr '\n' ' ' < "$tmp/runs")" >&2
	done
done
mv "$OUT.tmp" "$OUT"
