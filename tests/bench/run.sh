#!/usr/bin/env bash
# run.sh - benchmark vi-stats against a bare libcsv loop and peer tools.
#
#	tests/bench/run.sh [BUILD_DIR]		(make bench passes $(abspath build))
#
# For each size (100 MB and 1 GB by default) it generates one CSV file with
# gen.c (kept in tests/bench/data/ and reused while the size, the seed and
# gen.c are the same), then runs every tool on that same file several times
# under /usr/bin/time -v, and hands the measurements to report.py, which
# checks that the tools agree on rows and nulls and writes RESULTS.md.
#
# Environment (all optional):
#	BENCH_SIZES	sizes to run, default "100M 1G" (K, M, G = powers of 1000)
#	BENCH_SEED	generator seed, default 42
#	BENCH_RUNS	runs per tool and size, default "100M:5 1G:3" (else 3)
#	BENCH_TIMEOUT	seconds before one run is killed, default 600
#	BENCH_MLR_BIG	size from which mlr runs only once, default 1G
#	BENCH_MLR_MEM_KB  address-space cap for mlr, default MemAvailable - 4 GiB
#	BENCH_NO_INSTALL=1  do not apt-get/npm install missing peers
#	BENCH_OUT	report path, default tests/bench/RESULTS.md
#
# Peers (DuckDB via npm, pandas, miller) are installed here for the
# benchmark only; none of them is a dependency of the vi-* tools.  A tool
# that is missing or not built yet is reported as n/a, not as an error.
set -u
export LC_ALL=C

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BUILD=${1:-$ROOT/build}
DATA=$HERE/data
SIZES=${BENCH_SIZES:-"100M 1G"}
SEED=${BENCH_SEED:-42}
RUNS=${BENCH_RUNS:-"100M:5 1G:3"}
TIMEOUT=${BENCH_TIMEOUT:-600}
MLR_BIG=${BENCH_MLR_BIG:-1G}
OUT=${BENCH_OUT:-$HERE/RESULTS.md}
PY=/usr/bin/python3		# Debian's python3, where python3-pandas lives

die() { echo "bench: $*" >&2; exit 1; }
note() { echo "bench: $*" >&2; }

mkdir -p "$DATA" || die "cannot create $DATA"

# --- peers ---------------------------------------------------------------
install_peers() {
	local pkgs=() sudo=
	[ -x /usr/bin/time ] || pkgs+=(time)
	command -v mlr >/dev/null || pkgs+=(miller)
	[ -x "$PY" ] && "$PY" -c 'import pandas' 2>/dev/null || pkgs+=(python3-pandas)
	command -v node >/dev/null || pkgs+=(nodejs)
	command -v npm >/dev/null || pkgs+=(npm)
	command -v cc >/dev/null || pkgs+=(gcc)
	[ -e /usr/include/csv.h ] || pkgs+=(libcsv-dev)
	if [ ${#pkgs[@]} -gt 0 ]; then
		[ "$(id -u)" = 0 ] || sudo=sudo
		note "installing ${pkgs[*]}"
		$sudo apt-get update -qq &&
		DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${pkgs[@]}" ||
		    note "apt-get install failed; the missing peers will be n/a"
	fi
	if command -v npm >/dev/null && [ ! -d "$HERE/node_modules/@duckdb/node-api" ]; then
		note "npm install (DuckDB) in tests/bench"
		(cd "$HERE" && npm install --no-audit --no-fund --loglevel=error) ||
		    note "npm install failed; DuckDB will be n/a"
	fi
}
[ "${BENCH_NO_INSTALL:-0}" = 1 ] || install_peers
[ -x /usr/bin/time ] || die "/usr/bin/time (Debian package time) is required"

# --- helpers built from tests/bench --------------------------------------
cc -O2 -std=c11 -Wall -Wextra -o "$DATA/gen" "$HERE/gen.c" ||
    die "cannot build gen.c"
cc -O2 -std=c11 -Wall -Wextra -o "$DATA/csvloop" "$HERE/csvloop.c" -lcsv ||
    die "cannot build csvloop.c"
GENV=$(sha256sum "$HERE/gen.c" | cut -c1-8)

# size_bytes 100M -> 100000000
size_bytes() {
	local s=$1 n m=1
	n=${s%[kKmMgG]}
	case $s in
	*[kK]) m=1000 ;; *[mM]) m=1000000 ;; *[gG]) m=1000000000 ;;
	esac
	echo $((n * m))
}

# runs_for 1G -> 3
runs_for() {
	local kv
	for kv in $RUNS; do
		[ "${kv%%:*}" = "$1" ] && { echo "${kv#*:}"; return; }
	done
	echo 3
}

# Busy jiffies of the whole machine so far (user+nice+system+irq+softirq+steal).
busy_jiffies() {
	awk '/^cpu /{print $2+$3+$4+$7+$8+$9; exit}' /proc/stat
}
HZ=$(getconf CLK_TCK)

# measure SIZE TOOL NRUNS CMD...
# One line per run in $RES: size tool run wall_s maxrss_kb user_s sys_s
# rc busy_s, where busy_s is the CPU time the whole machine used meanwhile
# (so busy_s - user_s - sys_s is what others used).  The last run's stdout
# is kept as $RUN/out-SIZE-TOOL.json for the agreement check.
measure() {
	local size=$1 tool=$2 n=$3 i t0 t1 b0 b1 rc wall rss us sy
	shift 3
	# SHOW, when set, is how the command is written in the report.
	printf '%s\t%s\t%s\n' "$size" "$tool" "${SHOW:-$(printf '%q ' "$@")}" >>"$CMDS"
	for ((i = 1; i <= n; i++)); do
		b0=$(busy_jiffies)
		t0=$(date +%s%N)
		/usr/bin/time -v -o "$DATA/time.txt" timeout "$TIMEOUT" "$@" \
		    >"$RUN/out-$size-$tool.json" 2>"$RUN/err-$size-$tool.txt"
		rc=$?
		t1=$(date +%s%N)
		b1=$(busy_jiffies)
		# time -v reports the status of timeout(1), which is the tool's.
		wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.3f", (b-a)/1e9}')
		rss=$(awk -F': ' '/Maximum resident set size/{print $2}' "$DATA/time.txt")
		us=$(awk -F': ' '/User time/{print $2}' "$DATA/time.txt")
		sy=$(awk -F': ' '/System time/{print $2}' "$DATA/time.txt")
		printf '%s\t%s\t%d\t%s\t%s\t%s\t%s\t%d\t%s\n' "$size" "$tool" "$i" \
		    "$wall" "${rss:-0}" "${us:-0}" "${sy:-0}" "$rc" \
		    "$(awk -v a="$b0" -v b="$b1" -v hz="$HZ" 'BEGIN{printf "%.2f", (b-a)/hz}')" \
		    >>"$RES"
		printf 'bench: %-5s %-16s run %d/%d  %7ss  %8s KB  rc=%d\n' \
		    "$size" "$tool" "$i" "$n" "$wall" "${rss:-?}" "$rc" >&2
		if [ "$rc" != 0 ]; then
			note "$tool failed (status $rc): $(head -c 300 "$RUN/err-$size-$tool.txt")"
			break
		fi
	done
}

# Measurements go to a directory per set of sizes, so that a quick run on
# small sizes does not overwrite the full run's (report.py can be rerun on
# either at any time).
RUN=$DATA/run-$(echo $SIZES | tr ' ' '_')
mkdir -p "$RUN" || die "cannot create $RUN"
RES=$RUN/results.tsv
CMDS=$RUN/commands.tsv
MACH=$RUN/machine.txt
: >"$RES"
: >"$CMDS"
printf 'loadavg_start\t%s\n' "$(cat /proc/loadavg)" >"$MACH"

HAVE_DUCKDB=0
[ -d "$HERE/node_modules/@duckdb/node-api" ] && command -v node >/dev/null && HAVE_DUCKDB=1
HAVE_PANDAS=0
"$PY" -c 'import pandas' 2>/dev/null && HAVE_PANDAS=1
HAVE_MLR=0
command -v mlr >/dev/null && HAVE_MLR=1
VI=$BUILD/vi-stats
# Others may rebuild build/ while the bench runs: measure a copy taken now,
# and record which commit it came from and whether cmd/ or lib/ had
# uncommitted changes.
VIRUN=$DATA/bin/vi-stats
rm -f "$VIRUN"; mkdir -p "$DATA/bin"
if [ -x "$VI" ]; then
	cp "$VI" "$VIRUN"
	{
		printf 'vi_version\t%s\n' "$("$VIRUN" --version 2>&1 | head -1)"
		printf 'vi_sha256\t%s\n' "$(sha256sum "$VIRUN" | cut -c1-16)"
		printf 'vi_built\t%s\n' "$(date -u -r "$VI" '+%Y-%m-%d %H:%M UTC')"
		printf 'git_head\t%s\n' "$(git -C "$ROOT" log -1 --format='%h %s' 2>/dev/null)"
		printf 'git_dirty\t%s\n' "$(git -C "$ROOT" status --porcelain -- cmd lib Makefile 2>/dev/null | wc -l)"
	} >>"$MACH"
fi
# Memory cap for mlr, in KiB: BENCH_MLR_MEM_KB or MemAvailable less 4 GiB.
MLR_MEM_KB=${BENCH_MLR_MEM_KB:-$(awk '/MemAvailable/{m=$2-4194304; print (m > 1048576 ? m : 1048576)}' /proc/meminfo)}

for size in $SIZES; do
	bytes=$(size_bytes "$size")
	csv=$DATA/bench-$size-s$SEED-$GENV.csv
	counts=${csv%.csv}.counts.json
	if [ -s "$csv" ] && [ -s "$counts" ] &&
	    [ "$(stat -c %s "$csv")" = "$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["bytes"])' "$counts")" ]; then
		note "reusing $csv"
	else
		rm -f "$DATA/bench-$size-"*
		note "generating $size (seed $SEED) into $csv"
		"$DATA/gen" "$bytes" "$SEED" >"$csv" 2>"$counts" ||
		    die "generator failed"
	fi
	n=$(runs_for "$size")
	# Warm the page cache: every tool reads the file from memory.
	cat "$csv" >/dev/null

	measure "$size" csvloop-default "$n" "$DATA/csvloop" "$csv"
	measure "$size" csvloop-suite "$n" "$DATA/csvloop" -s "$csv"
	if [ -x "$VIRUN" ]; then
		SHOW="$VI -j1 --format json --nulls pandas $csv" \
		measure "$size" vi-stats-j1 "$n" "$VIRUN" -j1 --format json --nulls pandas "$csv"
		SHOW="$VI -j2 --format json --nulls pandas $csv" \
		measure "$size" vi-stats-j2 "$n" "$VIRUN" -j2 --format json --nulls pandas "$csv"
	else
		note "$VI not built yet: vi-stats is n/a"
	fi
	if [ $HAVE_DUCKDB = 1 ]; then
		measure "$size" duckdb-startup "$n" node "$HERE/duckdb.mjs" startup "$csv"
		measure "$size" duckdb-nulls "$n" node "$HERE/duckdb.mjs" nulls "$csv"
		measure "$size" duckdb-summarize "$n" node "$HERE/duckdb.mjs" summarize "$csv"
	fi
	if [ $HAVE_PANDAS = 1 ]; then
		measure "$size" pandas-startup "$n" "$PY" -c 'import pandas'
		measure "$size" pandas "$n" "$PY" "$HERE/pandas_stats.py" "$csv"
	fi
	if [ $HAVE_MLR = 1 ]; then
		m=$n
		[ "$bytes" -ge "$(size_bytes "$MLR_BIG")" ] && m=1
		# mlr summary holds per-column maps of every distinct value
		# (about 18 bytes of memory per byte of input here): cap its
		# address space so it cannot push a shared machine into OOM.
		SHOW="(ulimit -v $MLR_MEM_KB; mlr --icsv --ojson summary $csv)" \
		measure "$size" mlr-summary "$m" bash -c 'ulimit -v "$1" && exec mlr --icsv --ojson summary "$2"' mlr "$MLR_MEM_KB" "$csv"
	fi
done
printf 'loadavg_end\t%s\n' "$(cat /proc/loadavg)" >>"$MACH"

"$PY" "$HERE/report.py" --data "$DATA" --run "$RUN" --seed "$SEED" --sizes "$SIZES" \
    --genv "$GENV" --timeout "$TIMEOUT" --build "$BUILD" --out "$OUT" ||
    die "report.py failed"
note "wrote $OUT"
