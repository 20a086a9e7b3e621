#!/usr/bin/env bash
# sweep.sh - fault-injection sweep over every tool (see tests/fuzz/README.md,
# "Fault injection").
#
#   tests/fault/sweep.sh [-f] [-c CASE] [-v] BIN_DIR WORK_DIR
#
# For every case below, one clean run counts the calls of each class the
# tool makes (VI_FAULT_LOG); then, for every class and errno, the Nth call
# is made to fail for N = 1 .. count (-f: every N, and each class also in
# persistent "N+" mode; default: a quick sample of N).  Every run must end
# either exactly as the clean run did (status, stdout, the -o file, the
# --rejects file) or with the status of its class (70 malloc; 74 I/O; 66 an
# input's open) and a "vi-tool: ..." message, with the -o file's old content
# untouched, no ".vi-out.*" file beside it and no run file left in the -T
# directory.  EINTR runs must end exactly as the clean run did.
# Prints "runs=R clean_ok=A clean_fail=B bad=C" and one line per bad run;
# exit 1 if any run was bad.
set -u
full=0 only= verbose=0
while getopts fc:v o; do
	case $o in
	f) full=1 ;;
	c) only=$OPTARG ;;
	v) verbose=1 ;;
	*) exit 64 ;;
	esac
done
shift $((OPTIND - 1))
BIN=$(cd "${1:?BIN_DIR}" && pwd)
W=${2:?WORK_DIR}
SHIM=$BIN/libfault.so
[ -f "$SHIM" ] || { echo "sweep: no $SHIM" >&2; exit 66; }
export LC_ALL=C PATH="$BIN:$PATH"
mkdir -p "$W"
W=$(cd "$W" && pwd)
IN=$W/in OUT=$W/out T=$W/tmp
rm -rf "$IN" "$OUT" "$T"
mkdir -p "$IN" "$OUT" "$T"

# ---- inputs ----
gen_csv() {     # rows, seed
	awk -v n="$1" -v s="$2" 'BEGIN {
		print "id,name,amount,when"
		for (i = 1; i <= n; i++) {
			k = (i * 7919 + s) % (n * 2)
			printf "%d,\"n%d, x\",%d.%02d,2024-01-%02d\n", k, i % 13,
			    i % 1000, i % 100, i % 28 + 1
		}
	}'
}
gen_csv 12 1 > "$IN/small.csv"
printf '5,bad\n' >> "$IN/small.csv"          # a short row
gen_csv 1500 3 > "$IN/big.csv"
gen_csv 1500 5 > "$IN/big2.csv"
vi-keys -j1 -k id "$IN/big.csv" > "$IN/big.keys"
vi-keys -j1 -b -k id "$IN/big.csv" > "$IN/big.bkeys"
for i in 1 2 3; do
	gen_csv 20 "$i" | vi-keys -j1 -k id | vi-sort -j1 > "$IN/p$i.keys"
done
cat > "$IN/schema.json" <<'EOF'
{"fields":[{"name":"id","type":"integer"},{"name":"name"},
 {"name":"amount","type":"number","constraints":{"maximum":5}},
 {"name":"when","type":"date"}]}
EOF

# ---- cases: name, then the command; @OUT@ is the -o file, @REJ@ the
# --rejects file, @T@ the -T directory ----
CASES=(
	"stats-table|vi-stats -j1 --lenient $IN/small.csv"
	"stats-json-o|vi-stats -j1 --lenient --format json -o @OUT@ $IN/small.csv"
	"keys-text|vi-keys -j1 -k id,name $IN/small.csv --lenient"
	"keys-text-o|vi-keys -j1 -k id -o @OUT@ $IN/small.csv --lenient"
	"keys-bin-o|vi-keys -j1 -b -k id -o @OUT@ $IN/small.csv --lenient"
	"keys-parallel-o|vi-keys -j2 --block-size 16K -k id -o @OUT@ $IN/big.csv"
	"sort-spill-o|vi-sort -j1 -S 16K -T @T@ -o @OUT@ $IN/big.keys"
	"sort-bin-spill-o|vi-sort -j1 -S 16K -T @T@ -o @OUT@ $IN/big.bkeys"
	"sort-parallel-o|vi-sort -j2 -S 16K -T @T@ -o @OUT@ $IN/big.keys"
	"stats-parallel-o|vi-stats -j2 --block-size 16K --format json -o @OUT@ $IN/big.csv"
	"presence-json|vi-presence --summary --json $IN/p1.keys $IN/p2.keys $IN/p3.keys"
	"presence-matrix-o|vi-presence --matrix -o @OUT@ $IN/p1.keys $IN/p2.keys $IN/p3.keys"
	"diff-spill-o|vi-diff -S 16K -T @T@ -k id -o @OUT@ $IN/big.csv $IN/big2.csv"
	"diff-json|vi-diff -T @T@ -k id --lenient -f json $IN/small.csv $IN/big.csv"
	"validate-o|vi-validate --schema $IN/schema.json --rejects @REJ@ -o @OUT@ $IN/small.csv"
)
CLASSES="malloc read write open close rename mkstemp fsync"
errnos() {
	case $1 in
	malloc) echo ENOMEM ;;
	read) echo "EIO EINTR" ;;
	write) echo "ENOSPC EIO EINTR" ;;
	open) echo "EACCES EINTR" ;;
	close) echo EIO ;;
	rename) echo EXDEV ;;
	mkstemp) echo ENOSPC ;;
	fsync) echo EIO ;;
	esac
}
allowed() {     # class -> failure statuses
	case $1 in
	malloc) echo 70 ;;
	open) echo "66 74" ;;
	*) echo 74 ;;
	esac
}

OLD="old content, must survive a failed run"
runs=0 cok=0 cfail=0 bad=0

# run_case CMD FAULT: run once; sets rc and leaves out/err/ofile/rfile.
run_case() {
	local cmd=$1 fault=$2
	rm -rf "$OUT" "$T"
	mkdir -p "$OUT" "$T"
	echo "$OLD" > "$OUT/result"
	echo "$OLD" > "$OUT/rejects"
	cmd=${cmd//@OUT@/$OUT/result}
	cmd=${cmd//@REJ@/$OUT/rejects}
	cmd=${cmd//@T@/$T}
	rm -f "$W/log"
	rc=0
	if [ -n "$fault" ]; then
		VI_FAULT=$fault VI_FAULT_LOG=$W/log LD_PRELOAD=$SHIM $cmd \
		    > "$W/stdout" 2> "$W/stderr" < /dev/null || rc=$?
	else
		VI_FAULT_LOG=$W/log LD_PRELOAD=$SHIM $cmd \
		    > "$W/stdout" 2> "$W/stderr" < /dev/null || rc=$?
	fi
}

snapshot() {    # save the clean run's results as $W/clean.*
	for f in stdout stderr; do cp "$W/$f" "$W/clean.$f"; done
	cp "$OUT/result" "$W/clean.result"
	cp "$OUT/rejects" "$W/clean.rejects"
	crc=$rc
}

leftovers() {
	local l
	l=$(cd "$OUT" && ls -A | grep -v -x -e result -e rejects)
	l="$l$(ls -A "$T")"
	[ -z "$l" ] || echo "left behind: $l"
}

# check CLASS ERRNO LABEL: judge the last run against the clean one.
check() {
	local class=$1 err=$2 label=$3 why= f
	runs=$((runs + 1))
	why=$(leftovers)
	if [ -z "$why" ] && [ "$rc" -eq "$crc" ]; then
		for f in stdout stderr result rejects; do
			if [ "$f" = stdout ] || [ "$f" = stderr ]; then
				cmp -s "$W/$f" "$W/clean.$f" && continue
			else
				cmp -s "$OUT/$f" "$W/clean.$f" && continue
			fi
			why="status $rc as clean, but $f differs"
			break
		done
		[ -n "$why" ] || { cok=$((cok + 1)); return; }
	elif [ -z "$why" ]; then
		if [ "$err" = EINTR ]; then
			why="EINTR: status $rc, clean $crc"
		elif ! [[ " $(allowed "$class") " == *" $rc "* ]]; then
			why="status $rc"
		elif ! grep -q "^${tool}: ." "$W/stderr"; then
			why="status $rc without a message"
		elif [ "$(cat "$OUT/result")" != "$OLD" ]; then
			why="status $rc, the -o file was changed"
		elif [ "$(cat "$OUT/rejects")" != "$OLD" ] &&
		    ! cmp -s "$OUT/rejects" "$W/clean.rejects"; then
			# (Renamed whole before the -o file's rename failed
			# is allowed: it is the complete, right content.)
			why="status $rc, the --rejects file was changed"
		else
			cfail=$((cfail + 1))
			[ "$verbose" = 0 ] || echo "ok   $label: $rc $(head -1 "$W/stderr")"
			return
		fi
	fi
	bad=$((bad + 1))
	echo "BAD  $label: $why; stderr: $(head -c 300 "$W/stderr" | tr '\n' '|')"
}

for c in "${CASES[@]}"; do
	name=${c%%|*} cmd=${c#*|}
	[ -z "$only" ] || [ "$only" = "$name" ] || continue
	tool=${cmd%% *}
	run_case "$cmd" ""
	snapshot
	if [ "$crc" -gt 1 ]; then
		echo "BAD  $name: the clean run failed ($crc): $(cat "$W/stderr")"
		bad=$((bad + 1))
		continue
	fi
	counts=$(tail -1 "$W/log")
	for class in $CLASSES; do
		n=$(echo "$counts" | tr ' ' '\n' | sed -n "s/^$class=//p")
		[ "${n:-0}" -gt 0 ] || continue
		# Quick: every N up to 12, then a sparse sample, and the last.
		if [ "$full" = 1 ]; then
			list=$(seq 1 "$n")
		else
			list=$( (seq 1 $((n < 12 ? n : 12)); seq 13 37 "$n";
			    echo "$n") | sort -nu)
		fi
		for err in $(errnos "$class"); do
			modes=""
			[ "$full" = 1 ] && [ "$err" != EINTR ] && modes="+"
			for i in $list; do
				for m in "" $modes; do
					run_case "$cmd" "$class:$i$m:$err"
					check "$class" "$err" "$name $class:$i$m:$err"
				done
			done
		done
	done
done
echo "runs=$runs clean_ok=$cok clean_fail=$cfail bad=$bad"
[ "$bad" -eq 0 ]
