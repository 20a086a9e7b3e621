#!/usr/bin/env bash
# plain-bench.sh - issue 10's jobs, the suite against DuckDB, side by side in
# one run, on the files of gen3.c (3 files, 12 mixed columns, key code,id).
#
#	tests/bench/plain-bench.sh [BUILD_DIR]
#
# The plain job (what a ViewerIt user runs most): the presence matrix
# written to a CSV file and the Venn counts.
#   vi-hash     for f in a b c: vi-keys -b -s -S 256M -k code,id f.csv >
#               f.keys (sorted by vi-keys itself), the three in parallel;
#               then one vi-presence --matrix --summary-to summary.json
#               (changed keys included)
#   vi-nohash   the same with vi-keys --no-hash (no changed detection)
#   vi-libcsv   vi-hash with VI_PARSER=libcsv: every record through libcsv,
#               as before the fast path (the same binaries)
#   vi-pipe-hash  vi-hash as two processes: vi-keys -b | vi-sort -S 256M
#   vi-stream-hash  the job without key files: vi-presence reads the three
#               vi-keys -s through process substitution
#   duckdb      read_csv with its defaults (types inferred), GROUP BY the key
#               with bool_or per file into a table, COPY it to CSV, the Venn
#               counts from it (pipeline_duckdb.mjs plain)
#   duckdb-varchar-hash  the older comparison: every column VARCHAR, the
#               rest of the row hashed, changed keys counted (summary only)
# The profile job on a.csv: vi-stats -j2 (full profile, JSON) against
# DuckDB's null-count query (duckdb.mjs nulls), and vi-stats with
# VI_PARSER=libcsv.
#
# Sizes: PL_SIZES (default "100M 1G", bytes per file), runs PL_RUNS
# ("100M:5 1G:3"), the jobs taking turns round by round.  Medians, peak RSS of the largest process, the machine's
# other CPU use; checks that every job finds the generator's Venn regions
# and writes a matrix of keys+1 lines.  Writes tests/bench/RESULTS-plain.md.
set -u
export LC_ALL=C

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BUILD=${1:-$ROOT/build}
DATA=$HERE/data
SIZES=${PL_SIZES:-"100M 1G"}
RUNS=${PL_RUNS:-"100M:5 1G:3"}
SEED=42
OUT=${PL_OUT:-$HERE/RESULTS-plain.md}
BENCH=plain-bench; . "$HERE/lib.sh"
[ "$HAVE_DUCKDB" = 1 ] || die "DuckDB is needed: cd tests/bench && npm install"
BIN=$DATA/bin/plain
copy_tools "$BIN" vi-keys vi-sort vi-presence vi-stats

RUN=$DATA/plain-run
rm -rf "$RUN"; mkdir -p "$RUN" || die "cannot create $RUN"
RES=$RUN/results.tsv CMDS=$RUN/commands.tsv
: >"$RES"; : >"$CMDS"
{
	printf 'loadavg_start\t%s\n' "$(cat /proc/loadavg)"
	printf 'cpu\t%s\n' "$(awk -F': ' '/model name/{print $2; exit}' /proc/cpuinfo)"
	printf 'cores\t%s\n' "$(nproc)"
	printf 'git_head\t%s\n' "$(git -C "$ROOT" log -1 --format='%h %s' | cut -c1-100)"
	printf 'git_dirty\t%s\n' "$(git -C "$ROOT" status --porcelain -- cmd lib | wc -l)"
	printf 'duckdb\t%s\n' "$(cd "$HERE" && node -e 'console.log(require("@duckdb/node-api/package.json").version)' 2>/dev/null)"
	printf 'simd\t%s\n' "$(grep -ow 'avx2\|sse2' /proc/cpuinfo | sort -u | tr '\n' ' ')"
} >"$RUN/machine.txt"

# The suite's plain job: stage 1 in parallel, a failed stage fails the job.
cat >"$RUN/vi-plain.sh" <<'EOF'
#!/bin/bash
# vi-plain.sh BIN DIR WORK sort|pipe [vi-keys options]
B=$1 D=$2 W=$3 M=$4; shift 4
pids=
for f in a b c; do
	if [ "$M" = sort ]; then
		"$B/vi-keys" -b -s -S 256M -T "$W" "$@" -k code,id \
		    "$D/$f.csv" >"$W/$f.keys" & pids="$pids $!"
	else
		( set -o pipefail
		  "$B/vi-keys" -b "$@" -k code,id "$D/$f.csv" |
		  "$B/vi-sort" -S 256M -T "$W" >"$W/$f.keys" ) & pids="$pids $!"
	fi
done
for p in $pids; do wait "$p" || exit 1; done
"$B/vi-presence" --matrix --names a,b,c --summary-to "$W/summary.json" \
    "$W/a.keys" "$W/b.keys" "$W/c.keys" >"$W/matrix.csv" || exit 1
cat "$W/summary.json"
EOF
chmod +x "$RUN/vi-plain.sh"
# The same job streamed: vi-presence reads the three sorts' output as it
# comes (process substitution), no key files; a stage that fails leaves a
# binary stream without its end record, which vi-presence refuses (65).
cat >"$RUN/vi-stream.sh" <<'EOS'
#!/bin/bash
# vi-stream.sh BIN DIR WORK [vi-keys options]
B=$1 D=$2 W=$3; shift 3
k() { "$B/vi-keys" -b -s -S 256M -T "$W" "$@" -k code,id "$D/$f.csv"; }
f=a; exec 3< <(k "$@")
f=b; exec 4< <(k "$@")
f=c; exec 5< <(k "$@")
"$B/vi-presence" --matrix --names a,b,c --summary-to "$W/summary.json" \
    /dev/fd/3 /dev/fd/4 /dev/fd/5 >"$W/matrix.csv" || exit 1
cat "$W/summary.json"
EOS
chmod +x "$RUN/vi-stream.sh"

# One run of job $1 at $size (measure with n = 1): the jobs take turns,
# round after round, so that a machine that slows down or speeds up during
# the benchmark shifts every job alike.
job() {
	local v=$1 opt= env= mode=sort stage1
	# The files back in the page cache before every job: the machine's
	# cache holds little more than the three files, and whatever ran
	# before (DuckDB's temporary files, the key files) pushes them out,
	# which the next job would otherwise pay for alone.
	cat "$D"/[abc].csv >/dev/null
	case $v in
	vi-hash|vi-nohash|vi-libcsv|vi-pipe-hash)
		[ $v = vi-nohash ] && opt=--no-hash
		[ $v = vi-libcsv ] && env=VI_PARSER=libcsv
		[ $v = vi-pipe-hash ] && mode=pipe
		if [ $mode = sort ]; then
			stage1="vi-keys -b -s -S 256M $opt -k code,id \$f.csv > \$f.keys"
		else
			stage1="vi-keys -b -k code,id \$f.csv | vi-sort -S 256M > \$f.keys"
		fi
		SHOW="for f in a b c; do $stage1 & done; wait; vi-presence --matrix --names a,b,c --summary-to summary.json a.keys b.keys c.keys > matrix.csv${env:+ (with $env)}" \
		measure "$size" "$v" 1 env ${env:-VI_PARSER=} "$RUN/vi-plain.sh" "$BIN" "$D" "$W" $mode $opt
		wc -l <"$W/matrix.csv" >"$RUN/matrix-lines-$size-$v"
		rm -f "$W"/*.keys "$W/matrix.csv" ;;
	vi-stream-hash)
		SHOW="vi-presence --matrix --names a,b,c --summary-to summary.json <(vi-keys -b -s -S 256M -k code,id a.csv) <(... b.csv) <(... c.csv) > matrix.csv" \
		measure "$size" "$v" 1 "$RUN/vi-stream.sh" "$BIN" "$D" "$W"
		wc -l <"$W/matrix.csv" >"$RUN/matrix-lines-$size-$v"
		rm -f "$W/matrix.csv" ;;
	duckdb)
		SHOW="node pipeline_duckdb.mjs plain matrix.csv a.csv b.csv c.csv" \
		measure "$size" duckdb 1 node "$HERE/pipeline_duckdb.mjs" plain "$W/duck.csv" "$D/a.csv" "$D/b.csv" "$D/c.csv"
		wc -l <"$W/duck.csv" >"$RUN/matrix-lines-$size-duckdb"
		rm -f "$W/duck.csv" ;;
	duckdb-varchar-hash)
		SHOW="node pipeline_duckdb.mjs summary a.csv b.csv c.csv (all VARCHAR, row hash, changed)" \
		measure "$size" $v 1 node "$HERE/pipeline_duckdb.mjs" summary "$D/a.csv" "$D/b.csv" "$D/c.csv" ;;
	# The profile job, on a.csv.
	stats-j2)
		SHOW="vi-stats -j2 -f json a.csv" \
		measure "$size" $v 1 "$BIN/vi-stats" -j2 -f json "$D/a.csv" ;;
	stats-j2-nosketch)
		SHOW="vi-stats -j2 -f json --top 0 --quantiles none a.csv (the profile without issue 12's sketches)" \
		measure "$size" $v 1 "$BIN/vi-stats" -j2 -f json --top 0 --quantiles none "$D/a.csv" ;;
	stats-j2-libcsv)
		SHOW="VI_PARSER=libcsv vi-stats -j2 -f json a.csv" \
		measure "$size" $v 1 env VI_PARSER=libcsv "$BIN/vi-stats" -j2 -f json "$D/a.csv" ;;
	duckdb-nulls)
		SHOW="node duckdb.mjs nulls a.csv" \
		measure "$size" $v 1 node "$HERE/duckdb.mjs" nulls "$D/a.csv" ;;
	esac
}
JOBS="vi-hash vi-nohash vi-libcsv vi-pipe-hash vi-stream-hash duckdb duckdb-varchar-hash stats-j2 stats-j2-nosketch stats-j2-libcsv duckdb-nulls"

for size in $SIZES; do
	gen3_data "$size" "$SEED"
	W=$D/work; mkdir -p "$W"
	n=$(runs_for "$size")
	sync; cat "$D"/[abc].csv >/dev/null    # written back; in the page cache
	for ((round = 1; round <= n; round++)); do
		note "$size: round $round of $n"
		for v in $JOBS; do
			job $v
		done
	done
	cp "$D/expect.json" "$RUN/expect-$size.json"
done
printf 'loadavg_end\t%s\n' "$(cat /proc/loadavg)" >>"$RUN/machine.txt"
"$PY" - "$RUN" "$SIZES" "$OUT" <<'EOF' || die "report failed"
import json, os, statistics, sys
run, sizes, out = sys.argv[1], sys.argv[2].split(), sys.argv[3]
rows = {}
for line in open(os.path.join(run, 'results.tsv')):
    size, tool, i, wall, rss, us, sy, rc, busy = line.rstrip('\n').split('\t')
    rows.setdefault((size, tool), []).append(dict(wall=float(wall), rss=int(rss),
        cpu=float(us) + float(sy), rc=int(rc), busy=float(busy)))
cmds = {}
for line in open(os.path.join(run, 'commands.tsv')):
    size, tool, cmd = line.rstrip('\n').split('\t', 2)
    cmds[tool] = cmd
mach = dict(l.rstrip('\n').split('\t', 1) for l in open(os.path.join(run, 'machine.txt')))
ok = lambda s, t: (s, t) in rows and all(x['rc'] == 0 for x in rows[(s, t)])
med = lambda s, t: statistics.median(x['wall'] for x in rows[(s, t)])
L = []
w = L.append
w('# Issue 10: the plain job and the profile, the suite against DuckDB\n')
w('Generated by `tests/bench/plain-bench.sh`; every job in the same run, on the same files, from the page cache.\n')
for k, v in mach.items():
    w('- %s: %s' % (k, v))
w('\nThe machine may be shared: "others" is the CPU time (s) the rest of the machine used during a run (median).\n')
w('## Commands\n')
for t, c in cmds.items():
    w('- `%s`: `%s`' % (t, c))
w('')
for size in sizes:
    w('## %s per file\n' % size)
    w('| job | runs | wall median (s) | all runs (s) | CPU (s) | peak RSS (MB) | others (s) |')
    w('|---|---:|---:|---|---:|---:|---:|')
    for (s, t), r in rows.items():
        if s != size:
            continue
        w('| %s | %d | %.2f | %s | %.1f | %.0f | %.1f |%s' % (t, len(r), med(s, t),
            ' '.join('%.2f' % x['wall'] for x in r), statistics.median(x['cpu'] for x in r),
            max(x['rss'] for x in r) / 1024,
            statistics.median(max(0.0, x['busy'] - x['cpu']) for x in r),
            '' if ok(s, t) else ' FAILED'))
    w('')
    e = json.load(open(os.path.join(run, 'expect-%s.json' % size)))
    agree = []
    for t in ('vi-hash', 'vi-nohash', 'vi-libcsv', 'vi-pipe-hash', 'vi-stream-hash', 'duckdb'):
        p = os.path.join(run, 'out-%s-%s' % (size, t))
        if not ok(size, t):
            agree.append('%s failed' % t)
            continue
        o = json.loads(open(p).read())
        if t == 'duckdb':
            venn = o['venn']
        else:
            venn = {''.join(x['files']): x['keys'] for x in o['subsets']}
        lines = int(open(os.path.join(run, 'matrix-lines-%s-%s' % (size, t))).read())
        good = venn == e['venn'] and lines == e['keys'] + 1
        if t in ('vi-hash', 'vi-pipe-hash', 'vi-stream-hash'):
            good &= o['changed'] == e['changed']
        agree.append('%s %s' % (t, 'agrees' if good else '**DIFFERS**'))
    w('Venn regions, matrix lines (and changed keys for vi-hash) against the generator: ' + ', '.join(agree) + '.\n')
    if ok(size, 'duckdb') and ok(size, 'vi-hash'):
        d = med(size, 'duckdb')
        for t in ('vi-hash', 'vi-nohash', 'vi-libcsv', 'vi-pipe-hash', 'vi-stream-hash'):
            if ok(size, t):
                rss = max(x['rss'] for x in rows[(size, t)]) / 1024
                w('- plain job, %s: %.2f s vs DuckDB %.2f s = **%.2fx** (DuckDB time / ours; target >= 1.5 with hashes), peak RSS %.0f MB (target <= 300)' % (t, med(size, t), d, d / med(size, t), rss))
    if ok(size, 'duckdb-nulls') and ok(size, 'stats-j2'):
        d = med(size, 'duckdb-nulls')
        for t in ('stats-j2', 'stats-j2-nosketch', 'stats-j2-libcsv'):
            if ok(size, t):
                w('- profile, %s: %.2f s vs DuckDB null count %.2f s = **%.2fx** (target > 1)' % (t, med(size, t), d, d / med(size, t)))
    w('')
notes = os.path.join(os.path.dirname(out), 'plain-notes.md')
if os.path.exists(notes):
    w(open(notes).read())
open(out, 'w').write('\n'.join(L) + '\n')
print('\n'.join(L))
EOF
note "wrote $OUT"
