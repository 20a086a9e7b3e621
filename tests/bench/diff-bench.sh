#!/usr/bin/env bash
# diff-bench.sh - vi-diff (record reconciliation) against the presence
# pipeline on the same files, DuckDB (FULL JOIN + IS DISTINCT FROM) and
# pandas (outer merge + compare), on three overlapping CSV files with ~3 %
# changed rows (gen3.c: the data of pipeline-bench.sh, shared with it).
#
#	tests/bench/diff-bench.sh [BUILD_DIR]
#
# Environment: DB_SIZES ("1G"; bytes per file, K/M/G = powers of 1000),
# DB_SEED (42), DB_RUNS (3), DB_PANDAS_MAX (pandas only up to this size;
# default 1G), DB_OUT (report path, default tests/bench/RESULTS-diff.md).
# Every tool runs from the page cache under /usr/bin/time -v; the report
# gives medians, peak RSS (of the largest process), the ratios the issue
# sets, and checks that vi-diff's changed keys are exactly the keys DuckDB
# finds, less the duplicate keys (which vi-diff reports apart, unpaired).
set -u
export LC_ALL=C

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BUILD=${1:-$ROOT/build}
DATA=$HERE/data
SIZES=${DB_SIZES:-1G}
SEED=${DB_SEED:-42}
NRUNS=${DB_RUNS:-3}
PANDAS_MAX=${DB_PANDAS_MAX:-1G}
OUT=${DB_OUT:-$HERE/RESULTS-diff.md}
PY=/usr/bin/python3

die() { echo "diff-bench: $*" >&2; exit 1; }
note() { echo "diff-bench: $*" >&2; }
[ -x /usr/bin/time ] || die "/usr/bin/time (Debian package time) is required"
mkdir -p "$DATA/bin" || die "cannot create $DATA"
cc -O2 -std=c11 -Wall -Wextra -o "$DATA/gen3" "$HERE/gen3.c" || die "cannot build gen3.c"
GENV=$(sha256sum "$HERE/gen3.c" | cut -c1-8)
BIN=$DATA/bin/diff
rm -rf "$BIN"; mkdir -p "$BIN"
for t in vi-keys vi-sort vi-presence vi-diff; do
	[ -x "$BUILD/$t" ] || die "$BUILD/$t is not built"
	cp "$BUILD/$t" "$BIN/"
done
HAVE_DUCKDB=0
[ -d "$HERE/node_modules/@duckdb/node-api" ] && command -v node >/dev/null && HAVE_DUCKDB=1
HAVE_PANDAS=0
"$PY" -c 'import pandas' 2>/dev/null && HAVE_PANDAS=1

size_bytes() {
	local s=$1 n m=1
	n=${s%[kKmMgG]}
	case $s in *[kK]) m=1000 ;; *[mM]) m=1000000 ;; *[gG]) m=1000000000 ;; esac
	echo $((n * m))
}

RUN=$DATA/diff-run
mkdir -p "$RUN"
RES=$RUN/results.tsv CMDS=$RUN/commands.tsv
: >"$RES"; : >"$CMDS"

# measure SIZE TOOL NRUNS CMD...: wall time and peak RSS per run.  The
# command must exit 0 (vi-diff's "differences found", 1, is wrapped).
measure() {
	local size=$1 tool=$2 n=$3 i t0 t1 rc wall rss
	shift 3
	printf '%s\t%s\t%s\n' "$size" "$tool" "${SHOW:-$*}" >>"$CMDS"
	for ((i = 1; i <= n; i++)); do
		t0=$(date +%s%N)
		/usr/bin/time -v -o "$RUN/time.txt" "$@" >"$RUN/out-$size-$tool" \
		    2>"$RUN/err-$size-$tool"
		rc=$?
		t1=$(date +%s%N)
		wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.3f", (b-a)/1e9}')
		rss=$(awk -F': ' '/Maximum resident set size/{print $2}' "$RUN/time.txt")
		printf '%s\t%s\t%d\t%s\t%s\t%d\n' "$size" "$tool" "$i" "$wall" \
		    "${rss:-0}" "$rc" >>"$RES"
		printf 'diff-bench: %-5s %-18s run %d/%d %8ss %9s KB rc=%d\n' \
		    "$size" "$tool" "$i" "$n" "$wall" "${rss:-?}" "$rc" >&2
		[ "$rc" = 0 ] || { note "$tool failed: $(head -c 300 "$RUN/err-$size-$tool")"; break; }
	done
}

for size in $SIZES; do
	bytes=$(size_bytes "$size")
	D=$DATA/pipe-$size-s$SEED-$GENV
	if [ ! -s "$D/expect.json" ]; then
		rm -rf "$DATA/pipe-$size-"*; mkdir -p "$D"
		note "generating 3 x $size into $D"
		"$DATA/gen3" "$bytes" "$SEED" "$D" || die "gen3 failed"
	fi
	W=$D/work; mkdir -p "$W/tmp"
	cat "$D"/[abc].csv >/dev/null          # page cache
	SHOW="for f in a b c; do vi-keys -b -k code,id \$f.csv | vi-sort -S 256M > \$f.keys & done; wait; vi-presence --changed a.keys b.keys c.keys" \
	measure "$size" presence-pipeline "$NRUNS" bash -o pipefail -c \
	    'cd "$1" && for f in a b c; do "$2/vi-keys" -b -k code,id $f.csv | "$2/vi-sort" -S 256M -T "$3" > "$3/../$f.keys" & done
	     for j in 1 2 3; do wait -n || exit; done
	     "$2/vi-presence" --changed "$3"/../[abc].keys' sh "$D" "$BIN" "$W/tmp"
	SHOW="vi-diff -k code,id a.csv b.csv c.csv" \
	measure "$size" vi-diff "$NRUNS" bash -c \
	    'cd "$1" && "$2/vi-diff" -T "$3" -k code,id a.csv b.csv c.csv; [ $? = 1 ]' \
	    sh "$D" "$BIN" "$W/tmp"
	cp "$RUN/out-$size-vi-diff" "$W/vi-diff.csv"
	SHOW="vi-diff --changed-only -k code,id a.csv b.csv c.csv" \
	measure "$size" vi-diff-changed "$NRUNS" bash -c \
	    'cd "$1" && "$2/vi-diff" -T "$3" --changed-only -k code,id a.csv b.csv c.csv; [ $? = 1 ]' \
	    sh "$D" "$BIN" "$W/tmp"
	SHOW="vi-diff -f json -k code,id a.csv b.csv c.csv" \
	measure "$size" vi-diff-json "$NRUNS" bash -c \
	    'cd "$1" && "$2/vi-diff" -T "$3" -f json -k code,id a.csv b.csv c.csv; [ $? = 1 ]' \
	    sh "$D" "$BIN" "$W/tmp"
	if [ $HAVE_DUCKDB = 1 ]; then
		SHOW="node diff_duckdb.mjs out.csv a.csv b.csv c.csv" \
		measure "$size" duckdb "$NRUNS" node "$HERE/diff_duckdb.mjs" "$W/duck.csv" \
		    "$D/a.csv" "$D/b.csv" "$D/c.csv"
	fi
	if [ $HAVE_PANDAS = 1 ] && [ "$bytes" -le "$(size_bytes "$PANDAS_MAX")" ]; then
		SHOW="python3 diff_pandas.py out.csv a.csv b.csv c.csv" \
		measure "$size" pandas 1 "$PY" "$HERE/diff_pandas.py" "$W/pandas.csv" \
		    "$D/a.csv" "$D/b.csv" "$D/c.csv"
	fi
	# Agreement: vi-diff's changed keys = DuckDB's keys less the
	# duplicates; the generator's count of changed keys.
	"$PY" - "$W" "$D/expect.json" >"$RUN/check-$size.txt" <<'EOF'
import csv, json, os, sys
w, expect = sys.argv[1], json.load(open(sys.argv[2]))
changed, dups = set(), set()
with open(os.path.join(w, 'vi-diff.csv'), newline='') as f:
    for r in csv.DictReader(f):
        (changed if r['status'] == 'changed' else dups if r['status'] == 'duplicate' else set()).add((r['code'], r['id']))
out = ['vi-diff: %d changed keys, %d duplicate keys; generator: %d keys changed (duplicates included)'
       % (len(changed), len(dups), expect['changed'])]
for peer in ('duck', 'pandas'):
    p = os.path.join(w, peer + '.csv')
    if not os.path.exists(p):
        continue
    with open(p, newline='') as f:
        keys = {(r['code'], r['id']) for r in csv.DictReader(f)}
    ok = keys - dups == changed and len(keys) == expect['changed']
    odd = sorted((keys - dups) ^ changed)
    out.append('%s: %d changed keys; less the duplicates = vi-diff\'s: %s' % (peer, len(keys), 'yes' if ok else
               'NO: %d keys differ, e.g. %s%s' % (len(odd), odd[:2], ' (pandas reads the country code NA as NaN by default)' if any(k[0] in ('', 'NA') for k in odd) else '')))
print('\n'.join(out))
EOF
	cat "$RUN/check-$size.txt" >&2
done

# The report.
{
	echo "# vi-diff benchmark"
	echo
	echo "Generated by \`tests/bench/diff-bench.sh\` (\`make bench-diff\`) on $(date -u +%Y-%m-%d),"
	echo "$(nproc) cores ($(awk -F': ' '/model name/{print $2; exit}' /proc/cpuinfo)),"
	echo "git $(git -C "$ROOT" log -1 --format=%h); DuckDB $(cd "$HERE" && node -e 'console.log(require("@duckdb/node-api/package.json").version)' 2>/dev/null), pandas $("$PY" -c 'import pandas; print(pandas.__version__)' 2>/dev/null)."
	echo "Data: gen3.c, 3 files of SIZE each (12 columns, key code,id; ~3 % of the keys"
	echo "held by 2+ files changed, 0.5 % duplicated; quoted fields with newlines)."
	echo "Medians of $NRUNS runs (pandas: 1), page cache warm, peak RSS of the largest process."
	echo
	echo "| size | job | median s | peak RSS MB | runs |"
	echo "|---|---|---:|---:|---:|"
	awk -F'\t' '$6 == 0 { k = $1 "\t" $2; t[k] = t[k] " " $4; r[k] = ($5 > r[k] ? $5 : r[k]); n[k]++ }
	    END { for (k in t) { split(k, a, "\t"); m = split(substr(t[k], 2), v, " ");
	        for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++) if (v[j] + 0 < v[i] + 0) { x = v[i]; v[i] = v[j]; v[j] = x }
	        med = (m % 2) ? v[(m + 1) / 2] : (v[m / 2] + v[m / 2 + 1]) / 2;
	        printf "| %s | %s | %.2f | %.0f | %d |\n", a[1], a[2], med, r[k] / 1024, n[k] } }' "$RES" | sort
	echo
	echo "Ratios (median times, same run):"
	echo
	awk -F'\t' '$6 == 0 { k = $1 "\t" $2; s[k] += $4; n[k]++ }
	    END { for (k in s) m[k] = s[k] / n[k];
	        for (k in m) { split(k, a, "\t"); if (a[2] != "vi-diff") continue;
	            p = m[a[1] "\tpresence-pipeline"]; d = m[a[1] "\tduckdb"];
	            if (p) printf "- %s: vi-diff / presence pipeline = %.2f (target <= 1.5)\n", a[1], m[k] / p;
	            if (d) printf "- %s: DuckDB / vi-diff = %.2f (target > 1: vi-diff faster)\n", a[1], d / m[k] } }' "$RES"
	echo "- (ratios from mean times)"
	echo
	echo "Agreement:"
	echo
	for size in $SIZES; do sed 's/^/- /' "$RUN/check-$size.txt"; done
	echo
	echo "Commands (in the data directory; vi-diff exits 1 when it reports differences):"
	echo
	awk -F'\t' '{ printf "- %s %s: `%s`\n", $1, $2, $3 }' "$CMDS"
} >"$OUT"
note "wrote $OUT"
