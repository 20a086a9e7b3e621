#!/usr/bin/env bash
# pipeline-bench.sh - the key pipeline (vi-keys | vi-sort, vi-presence)
# against DuckDB, pandas and GNU sort + comm on three overlapping CSV files.
#
#	tests/bench/pipeline-bench.sh [BUILD_DIR]
#
# For each size (default "100M 1G": bytes per file, K/M/G = powers of 1000)
# gen3.c writes a.csv, b.csv, c.csv and the expected answers (kept in
# tests/bench/data/pipe-SIZE-sSEED-GENV/ and reused).  Every tool then runs
# on the same files, from the page cache, several times under
# /usr/bin/time -v; the report gives medians, the peak RSS of the largest
# process (time -v on a shell reports its largest descendant), and checks
# that every tool finds the generator's Venn regions, changed keys and
# duplicate keys.  Writes tests/bench/RESULTS-pipeline.md.
#
# Environment: PB_SIZES ("100M 1G"), PB_SEED (42), PB_RUNS ("100M:5 1G:3";
# other sizes 3), PB_SLOW_ONCE (from this size pandas and sort+comm run
# once; default 1G), PB_OUT (report path).  Peers are installed by run.sh
# (tests/bench/README.md); a missing peer is skipped.
set -u
export LC_ALL=C

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BUILD=${1:-$ROOT/build}
DATA=$HERE/data
SIZES=${PB_SIZES:-"100M 1G"}
SEED=${PB_SEED:-42}
RUNS=${PB_RUNS:-"100M:5 1G:3"}
SLOW_ONCE=${PB_SLOW_ONCE:-1G}
OUT=${PB_OUT:-$HERE/RESULTS-pipeline.md}
BENCH=pipeline-bench; . "$HERE/lib.sh"
BIN=$DATA/bin/pipe
copy_tools "$BIN" vi-keys vi-sort vi-presence
HAVE_J=0
"$BIN/vi-keys" --help 2>&1 | grep -q -- '-j' && HAVE_J=1

RUN=$DATA/pipe-run-$(echo $SIZES | tr ' ' '_')
mkdir -p "$RUN" || die "cannot create $RUN"
RES=$RUN/results.tsv CMDS=$RUN/commands.tsv MACH=$RUN/machine.txt
: >"$RES"; : >"$CMDS"
{
	printf 'loadavg_start\t%s\n' "$(cat /proc/loadavg)"
	printf 'cpu\t%s\n' "$(awk -F': ' '/model name/{print $2; exit}' /proc/cpuinfo)"
	printf 'cores\t%s\n' "$(nproc)"
	printf 'mem\t%s\n' "$(awk '/MemTotal/{printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
	printf 'kernel\t%s\n' "$(uname -r)"
	printf 'git_head\t%s\n' "$(git -C "$ROOT" log -1 --format='%h %s')"
	printf 'git_dirty\t%s\n' "$(git -C "$ROOT" status --porcelain -- cmd lib | wc -l)"
	printf 'duckdb\t%s\n' "$(cd "$HERE" && node -e 'console.log(require("@duckdb/node-api/package.json").version)' 2>/dev/null)"
	printf 'pandas\t%s\n' "$("$PY" -c 'import pandas; print(pandas.__version__)' 2>/dev/null)"
	printf 'sort\t%s\n' "$(sort --version | head -1)"
} >"$MACH"

for size in $SIZES; do
	bytes=$(size_bytes "$size")
	gen3_data "$size" "$SEED"
	W=$D/work; mkdir -p "$W/tmp"
	n=$(runs_for "$size")
	slow=$n; [ "$bytes" -ge "$(size_bytes "$SLOW_ONCE")" ] && slow=1
	cat "$D"/[abc].csv >/dev/null          # page cache
	# vi: stage 1, keys | sort, one pipeline per file, run in parallel.
	for enc in text bin; do
		b=; [ $enc = bin ] && b=-b
		j=; [ $HAVE_J = 1 ] && j=-j1
		SHOW="for f in a b c; do vi-keys $j $b -k code,id \$f.csv | vi-sort -S 256M > \$f.keys & done; wait" \
		measure "$size" "keys-par-$enc" "$n" bash -c \
		    'cd "$1" && for f in a b c; do "$2/vi-keys" '"$j $b"' -k code,id $f.csv | "$2/vi-sort" -S 256M -T "$3" > '"$W"'/$f.keys.'$enc' & done; wait' \
		    sh "$D" "$BIN" "$W/tmp"
		# vi: the same, one file after the other, each vi-keys on 2 threads.
		if [ $HAVE_J = 1 ]; then
			SHOW="for f in a b c; do vi-keys -j2 $b -k code,id \$f.csv | vi-sort -S 256M > \$f.keys; done" \
			measure "$size" "keys-seq-j2-$enc" "$n" bash -c \
			    'cd "$1" && for f in a b c; do "$2/vi-keys" -j2 '"$b"' -k code,id $f.csv | "$2/vi-sort" -S 256M -T "$3" > '"$W"'/$f.keys.'$enc' || exit; done' \
			    sh "$D" "$BIN" "$W/tmp"
		fi
		SHOW="vi-presence --summary --json --names a,b,c a.keys b.keys c.keys" \
		measure "$size" "summary-$enc" "$n" "$BIN/vi-presence" --summary --json --names a,b,c \
		    "$W/a.keys.$enc" "$W/b.keys.$enc" "$W/c.keys.$enc"
		SHOW="vi-presence --matrix --names a,b,c a.keys b.keys c.keys > matrix.csv" \
		measure "$size" "matrix-$enc" "$n" bash -c '"$1" --matrix --names a,b,c "$2" "$3" "$4" > "$5"' sh \
		    "$BIN/vi-presence" "$W/a.keys.$enc" "$W/b.keys.$enc" "$W/c.keys.$enc" "$W/matrix.csv"
		wc -l <"$W/matrix.csv" >"$RUN/matrix-lines-$size-$enc"
	done
	if [ $HAVE_DUCKDB = 1 ]; then
		SHOW="node pipeline_duckdb.mjs summary a.csv b.csv c.csv" \
		measure "$size" duckdb-summary "$n" node "$HERE/pipeline_duckdb.mjs" summary "$D/a.csv" "$D/b.csv" "$D/c.csv"
		SHOW="node pipeline_duckdb.mjs matrix matrix.csv a.csv b.csv c.csv" \
		measure "$size" duckdb-matrix "$n" node "$HERE/pipeline_duckdb.mjs" matrix "$W/duck-matrix.csv" "$D/a.csv" "$D/b.csv" "$D/c.csv"
		wc -l <"$W/duck-matrix.csv" >"$RUN/matrix-lines-$size-duckdb"
		rm -f "$W/duck-matrix.csv"
	fi
	if [ $HAVE_PANDAS = 1 ]; then
		SHOW="python3 pipeline_pandas.py a.csv b.csv c.csv" \
		measure "$size" pandas "$slow" "$PY" "$HERE/pipeline_pandas.py" "$D/a.csv" "$D/b.csv" "$D/c.csv"
	fi
	SHOW="pipeline_sortjoin.sh (pipeline_keys.py | LC_ALL=C sort -S 256M, x3 in parallel; uniq; comm)" \
	measure "$size" sort-comm "$slow" "$HERE/pipeline_sortjoin.sh" "$W/tmp" "$D/a.csv" "$D/b.csv" "$D/c.csv"
	cp "$D/expect.json" "$RUN/expect-$size.json"
	rm -f "$W"/*.keys.* "$W/matrix.csv"
done
printf 'loadavg_end\t%s\n' "$(cat /proc/loadavg)" >>"$MACH"
"$PY" "$HERE/pipeline_report.py" "$RUN" "$SIZES" "$OUT" || die "pipeline_report.py failed"
note "wrote $OUT"
