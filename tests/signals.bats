#!/usr/bin/env bats
# Signals, for every tool: SIGINT, SIGTERM or SIGHUP in mid-run leaves no
# temporary file (no ".vi-out.*" beside the -o file, no run file in -T) and
# the old -o file untouched, and the process dies of the signal (128+n).
# No timing: the input is a FIFO this test holds open read-write, so the
# tool never sees its end; the signal is sent once the tool's temporary
# files exist (polled), while it waits for more input.
# A run killed by SIGKILL cannot clean up: its leftovers must not confuse a
# later run.

bats_require_minimum_version 1.5.0

setup() {
	load test_helper/common
	W="$BATS_TEST_TMPDIR"
	mkdir -p "$W/out" "$W/tmp"
	# Inputs: CSV, a text key stream, sorted key streams.
	awk 'BEGIN { print "id,name,amount"
		for (i = 1; i <= 3000; i++)
			printf "%d,n%d,%d\n", (i * 7919) % 6000, i % 13, i % 9 }' > "$W/in.csv"
	vi-keys -j1 -k id "$W/in.csv" > "$W/in.keys"
	vi-sort -j1 "$W/in.keys" > "$W/s1.keys"
	head -n 2000 "$W/in.csv" | vi-keys -j1 -k id | vi-sort -j1 > "$W/s2.keys"
	printf '{"fields":[{"name":"id","type":"integer"},{"name":"name"},{"name":"amount","type":"integer","constraints":{"maximum":5}}]}' > "$W/s.json"
}

# The tool with the caught signals at their defaults (a background job of a
# non-interactive shell starts with SIGINT ignored, and the tools rightly
# leave ignored signals alone).  An array, not a function, so that "$!" is
# the pid of the tool itself (python execs it).
DFL=(python3 -c 'import os, signal, sys
for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
    signal.signal(s, signal.SIG_DFL)
os.execvp(sys.argv[1], sys.argv[1:])')

# wait_for N DIR [GLOB]: poll (at most 20 s) until DIR holds N entries
# matching GLOB.
wait_for() {
	local i n
	for i in $(seq 200); do
		n=$(cd "$2" && ls -A | grep -c -- "${3:-.}") || true
		[ "$n" -ge "$1" ] && return 0
		sleep 0.1
	done
	echo "timed out waiting for $1 files in $2: $(ls -A "$2")"
	return 1
}

# start INPUT NTMP CMD...: run CMD in the background with its input on the
# FIFO $W/fifo, feed it part of INPUT, and wait until $W/out holds NTMP
# temporary files (and $W/tmp a run file when CMD is vi-sort).
start() {
	local input=$1 ntmp=$2
	shift 2
	rm -f "$W/fifo"
	mkfifo "$W/fifo"
	exec 4<> "$W/fifo"
	"${DFL[@]}" "$@" > /dev/null 2> "$W/err" 3>&- 4>&- &
	pid=$!
	head -c 60000 "$input" >&4
	wait_for "$ntmp" "$W/out" '^\.vi-out\.'
	[ "$1" != vi-sort ] && [ "$1" != vi-diff ] || wait_for 1 "$W/tmp"
}

# stop SIG: send SIG, reap the tool, check what it left.
stop() {
	kill -"$1" "$pid"
	st=0
	wait "$pid" || st=$?
	exec 4>&-
	[ "$st" -eq $((128 + $(kill -l "$1"))) ] || { echo "$1: status $st: $(cat "$W/err")"; return 1; }
	# (vi-validate reports violations as it goes: no other message.)
	! grep -v ': column "' "$W/err" || { echo "$1: stderr: $(cat "$W/err")"; return 1; }
	[ "$(cat "$W/out/o")" = old ] || { echo "$1: the -o file changed"; return 1; }
	[ "$(cd "$W/out" && ls -A | grep -v -x -e o -e r)" = "" ] || { echo "$1: left in out/: $(ls -A "$W/out")"; return 1; }
	[ -z "$(ls -A "$W/tmp")" ] || { echo "$1: left in tmp/: $(ls -A "$W/tmp")"; return 1; }
}

# each INPUT NTMP CMD...: the three signals in turn.
each() {
	local sig
	for sig in INT TERM HUP; do
		echo old > "$W/out/o"
		echo old > "$W/out/r"
		start "$@"
		stop "$sig"
		[ "$(cat "$W/out/r")" = old ]
	done
}

@test "signals: vi-stats (table and json) dies of INT, TERM, HUP and leaves nothing" {
	run -0 each "$W/in.csv" 1 vi-stats -j1 -o "$W/out/o" "$W/fifo"
	run -0 each "$W/in.csv" 1 vi-stats -j1 --format json -o "$W/out/o" "$W/fifo"
}

@test "signals: vi-keys (text and binary)" {
	run -0 each "$W/in.csv" 1 vi-keys -j1 -k id -o "$W/out/o" "$W/fifo"
	run -0 each "$W/in.csv" 1 vi-keys -j1 -b -k id -o "$W/out/o" "$W/fifo"
}

@test "signals: vi-sort with run files in -T" {
	run -0 each "$W/in.keys" 1 vi-sort -j1 -S 16K -T "$W/tmp" -o "$W/out/o" "$W/fifo"
}

@test "signals: vi-diff, its threads sorting with run files in -T" {
	# No -o file yet while it reads (it is made after the inputs are
	# read): the signal comes once a thread has spilled a sort run.
	run -0 each "$W/in.csv" 0 vi-diff -S 16K -T "$W/tmp" -k id -o "$W/out/o" "$W/fifo" "$W/in.csv"
}

@test "signals: vi-presence with three inputs" {
	run -0 each "$W/s1.keys" 1 vi-presence --matrix -o "$W/out/o" "$W/fifo" "$W/s1.keys" "$W/s2.keys"
}

@test "signals: vi-validate with --rejects and -o" {
	run -0 each "$W/in.csv" 2 vi-validate --schema "$W/s.json" --rejects "$W/out/r" -o "$W/out/o" "$W/fifo"
}

@test "signals: SIGKILL leftovers never confuse a later run" {
	local t
	for t in "vi-stats -j1" "vi-keys -j1" "vi-sort -j1 -S 16K -T $W/tmp" \
	    "vi-validate --schema $W/s.json --rejects $W/out/r"; do
		rm -rf "$W/out" "$W/tmp"
		mkdir -p "$W/out" "$W/tmp"
		echo old > "$W/out/o"
		in=$W/in.csv
		[[ "$t" != vi-sort* ]] || in=$W/in.keys
		# shellcheck disable=SC2086
		start "$in" 1 $t -o "$W/out/o" "$W/fifo"
		kill -KILL "$pid"
		wait "$pid" || true
		exec 4>&-
		left=$(cd "$W/out" && ls -A | grep '^\.vi-out\.' | sort)
		[ -n "$left" ]                  # the run could not clean up
		[ "$(cat "$W/out/o")" = old ]   # but the old output is whole
		for f in $left; do cp "$W/out/$f" "$W/$f.saved"; done
		# A later run: its own temporary file, its output in place.
		# shellcheck disable=SC2086
		run --separate-stderr $t -o "$W/out/o" "$in"
		[ "$status" -le 1 ]
		# shellcheck disable=SC2086
		$t "$in" > "$W/expect" 2> /dev/null || [ $? -eq 1 ]
		cmp "$W/out/o" "$W/expect"
		[ "$(cd "$W/out" && ls -A | grep '^\.vi-out\.' | sort)" = "$left" ]
		for f in $left; do cmp "$W/out/$f" "$W/$f.saved"; done
	done
}
