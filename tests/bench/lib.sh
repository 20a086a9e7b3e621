# lib.sh - what the benchmark scripts share; sourced, not run.
#
#	BENCH=name; . "$HERE/lib.sh"
#
# Needs HERE (this directory) and DATA (the data directory) set, and BENCH
# (the script's name, for messages).  Gives:
#   die MSG / note MSG     messages on stderr, prefixed with "$BENCH: "
#   size_bytes SIZE        100M -> 100000000 (K/M/G are powers of 1000)
#   runs_for SIZE          how many runs $RUNS ("100M:5 1G:3") gives SIZE
#                          (3 when it does not name it)
#   busy_jiffies           CPU time the whole machine has used (clock ticks)
#   HZ                     clock ticks per second
#   copy_tools DIR T...    copies the built tools T from $BUILD into DIR (others
#                          may rebuild build/ while a benchmark runs)
#   gen3_data SIZE SEED    sets D to the directory holding a.csv b.csv c.csv
#                          and expect.json of gen3.c for SIZE, generating
#                          them once (kept and reused under $DATA)
#   measure SIZE TOOL N CMD...
#                          runs CMD N times under /usr/bin/time -v and adds
#                          one line per run to $RES: size tool run wall_s
#                          maxrss_kb user_s sys_s rc busy_s (busy_s: the CPU
#                          time the whole machine used meanwhile); the command
#                          line shown in the report is $SHOW (else CMD), one
#                          line in $CMDS; the last run's stdout and stderr are
#                          $RUN/out-SIZE-TOOL and $RUN/err-SIZE-TOOL.
# HAVE_DUCKDB and HAVE_PANDAS say whether those peers can run (PY is
# Debian's interpreter, which has pandas).

PY=/usr/bin/python3

die() { echo "$BENCH: $*" >&2; exit 1; }
note() { echo "$BENCH: $*" >&2; }

size_bytes() {
	local s=$1 n m=1
	n=${s%[kKmMgG]}
	case $s in *[kK]) m=1000 ;; *[mM]) m=1000000 ;; *[gG]) m=1000000000 ;; esac
	echo $((n * m))
}

runs_for() {
	local kv
	for kv in $RUNS; do [ "${kv%%:*}" = "$1" ] && { echo "${kv#*:}"; return; }; done
	echo 3
}

busy_jiffies() { awk '/^cpu /{print $2+$3+$4+$7+$8+$9; exit}' /proc/stat; }
HZ=$(getconf CLK_TCK)

copy_tools() {
	local dir=$1 t
	shift
	rm -rf "$dir"; mkdir -p "$dir" || die "cannot create $dir"
	for t in "$@"; do
		[ -x "$BUILD/$t" ] || die "$BUILD/$t is not built"
		cp "$BUILD/$t" "$dir/"
	done
}

[ -x /usr/bin/time ] || die "/usr/bin/time (Debian package time) is required"
mkdir -p "$DATA/bin" || die "cannot create $DATA"

HAVE_DUCKDB=0
[ -d "$HERE/node_modules/@duckdb/node-api" ] && command -v node >/dev/null && HAVE_DUCKDB=1
HAVE_PANDAS=0
"$PY" -c 'import pandas' 2>/dev/null && HAVE_PANDAS=1

gen3_data() {
	local size=$1 seed=$2 genv
	[ -x "$DATA/gen3" ] && [ "$DATA/gen3" -nt "$HERE/gen3.c" ] ||
		cc -O2 -std=c11 -Wall -Wextra -o "$DATA/gen3" "$HERE/gen3.c" ||
		die "cannot build gen3.c"
	genv=$(sha256sum "$HERE/gen3.c" | cut -c1-8)
	D=$DATA/pipe-$size-s$seed-$genv
	if [ ! -s "$D/expect.json" ]; then
		rm -rf "$DATA/pipe-$size-"*; mkdir -p "$D"
		note "generating 3 x $size into $D"
		"$DATA/gen3" "$(size_bytes "$size")" "$seed" "$D" || die "gen3 failed"
	fi
}

measure() {
	local size=$1 tool=$2 n=$3 i t0 t1 b0 b1 rc wall rss us sy
	shift 3
	printf '%s\t%s\t%s\n' "$size" "$tool" "${SHOW:-$*}" >>"$CMDS"
	for ((i = 1; i <= n; i++)); do
		b0=$(busy_jiffies); t0=$(date +%s%N)
		/usr/bin/time -v -o "$RUN/time.txt" "$@" \
		    >"$RUN/out-$size-$tool" 2>"$RUN/err-$size-$tool"
		rc=$?
		t1=$(date +%s%N); b1=$(busy_jiffies)
		wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.3f", (b-a)/1e9}')
		rss=$(awk -F': ' '/Maximum resident set size/{print $2}' "$RUN/time.txt")
		us=$(awk -F': ' '/User time/{print $2}' "$RUN/time.txt")
		sy=$(awk -F': ' '/System time/{print $2}' "$RUN/time.txt")
		printf '%s\t%s\t%d\t%s\t%s\t%s\t%s\t%d\t%s\n' "$size" "$tool" "$i" \
		    "$wall" "${rss:-0}" "${us:-0}" "${sy:-0}" "$rc" \
		    "$(awk -v a="$b0" -v b="$b1" -v hz="$HZ" 'BEGIN{printf "%.2f", (b-a)/hz}')" >>"$RES"
		printf '%s: %-5s %-18s run %d/%d %8ss %9s KB rc=%d\n' "$BENCH" \
		    "$size" "$tool" "$i" "$n" "$wall" "${rss:-?}" "$rc" >&2
		[ "$rc" = 0 ] || { note "$tool failed: $(head -c 300 "$RUN/err-$size-$tool")"; break; }
	done
}
