#!/usr/bin/env bats
# vi-keys --sort: the same bytes as vi-keys | vi-sort (and, in text, as
# vi-keys | LC_ALL=C sort), in memory and with spills; a failed run writes
# nothing and leaves no run file; options that need --sort.

bats_require_minimum_version 1.5.0

setup() {
	load test_helper/common
	AWK="$FIX/keys/awkward.py"
	W="$BATS_TEST_TMPDIR"
	mkdir -p "$W/tmp"
	export TMPDIR="$W/tmp"
}

# The same run of vi-keys sorted by vi-keys -s and by vi-sort: equal bytes.
same_as_pipe() {
	local f=$1; shift
	vi-keys "$@" "$f" | vi-sort > "$W/want"
	vi-keys -s "$@" "$f" > "$W/got"
	cmp "$W/want" "$W/got"
}

@test "vi-keys -s: the stream vi-keys | vi-sort writes, text and binary, every option" {
	"$AWK" gen 7 3000 > "$W/a.csv"
	same_as_pipe "$W/a.csv" -k 1,3
	same_as_pipe "$W/a.csv" -k c2 --no-hash
	same_as_pipe "$W/a.csv" -k 1 -f binary
	same_as_pipe "$W/a.csv" -k 1,2 -b --label 'x:y' --trim -i
	same_as_pipe "$W/a.csv" -k 4 --hash-cols 1,2 --shard 2/3
	same_as_pipe "$W/a.csv" -k 1,3 -j2 --block-size 4K
	same_as_pipe "$W/a.csv" -k 1,3 -b -j2 --block-size 4K
	vi-keys -k 1,3 "$W/a.csv" | LC_ALL=C sort > "$W/want"
	vi-keys -s -k 1,3 "$W/a.csv" > "$W/got"
	cmp "$W/want" "$W/got"
	run -0 vi-sort -c "$W/got"
	# (a sort that keeps the input order would fail here)
	vi-keys -k 1,3 "$W/a.csv" > "$W/unsorted"
	! cmp -s "$W/unsorted" "$W/got"
}

@test "vi-keys -s: spills (-S 16K: many runs, several merge passes) give the same bytes" {
	"$AWK" gen 8 20000 > "$W/a.csv"
	vi-keys -k 1,2 "$W/a.csv" | vi-sort > "$W/want"
	vi-keys -s -S 16K -T "$W/tmp" -k 1,2 "$W/a.csv" > "$W/got"
	cmp "$W/want" "$W/got"
	vi-keys -b -k 1,2 --label L "$W/a.csv" | vi-sort > "$W/wantb"
	vi-keys -s -b -S 16K -k 1,2 --label L "$W/a.csv" > "$W/gotb"
	cmp "$W/wantb" "$W/gotb"
	run -0 ls -A "$W/tmp"
	[ -z "$output" ]
}

@test "vi-keys -s: a data error writes nothing, leaves no run file, says what vi-keys says (65)" {
	"$AWK" gen 9 5000 > "$W/a.csv"
	printf 'x,"unterminated\n' >> "$W/a.csv"
	run -65 --separate-stderr vi-keys -k 1 "$W/a.csv"
	want=$stderr
	[ -n "$output" ]                # (without -s the rows before it)
	for fmt in text binary; do
		run -65 --separate-stderr vi-keys -s -S 16K -f "$fmt" -k 1 "$W/a.csv"
		[ -z "$output" ]
		[ "$stderr" = "$want" ]
	done
	run -0 ls -A "$W/tmp"
	[ -z "$output" ]
}

@test "vi-keys -s: --lenient counts the rejects and sorts the rest" {
	"$AWK" gen 10 2000 > "$W/a.csv"
	printf '1,2\n' >> "$W/a.csv"
	"$AWK" gen 11 2000 | tail -n +2 >> "$W/a.csv"
	run -0 --separate-stderr vi-keys --lenient -k 1 "$W/a.csv"
	want_err=$stderr
	[[ "$want_err" == *"rejected"* ]]
	vi-keys --lenient -k 1 "$W/a.csv" 2>/dev/null | vi-sort > "$W/want"
	run -0 --separate-stderr vi-keys -s --lenient -k 1 -o "$W/got" "$W/a.csv"
	[ "$stderr" = "$want_err" ]
	cmp "$W/want" "$W/got"
}

@test "vi-keys -s: -S and -T need --sort; bad sizes are usage errors (64)" {
	printf 'a\n1\n' > "$W/a.csv"
	run -64 --separate-stderr vi-keys -S 1M "$W/a.csv"
	[ "${stderr_lines[0]}" = "vi-keys: -S and -T go with --sort" ]
	run -64 --separate-stderr vi-keys -T "$W" "$W/a.csv"
	[ "${stderr_lines[0]}" = "vi-keys: -S and -T go with --sort" ]
	run -64 --separate-stderr vi-keys -s -S lots "$W/a.csv"
	[ "${stderr_lines[0]}" = "vi-keys: -S: not a size: lots" ]
	run -0 --separate-stderr vi-keys --sort --buffer-size 1K --temporary-directory "$W" "$W/a.csv"
	[ "$output" = "$(vi-keys "$W/a.csv")" ]
}

@test "vi-keys -s: a full disk for the run files is 74 naming the run file, no output" {
	"$AWK" gen 12 20000 > "$W/a.csv"
	mkdir -p "$W/small"
	if mount -t tmpfs -o size=64k tmpfs "$W/small" 2>/dev/null; then
		run -74 --separate-stderr vi-keys -s -S 16K -T "$W/small" -o "$W/out" "$W/a.csv"
		ls -A "$W/small" > "$W/left"
		umount "$W/small"
	else
		# No tmpfs: a file size limit stands in for the full disk.
		run -74 --separate-stderr bash -c 'trap "" XFSZ; ulimit -f 64
			exec vi-keys -s -S 16K -T "$1" -o "$2" "$3"' _ "$W/small" "$W/out" "$W/a.csv"
		ls -A "$W/small" > "$W/left"
	fi
	[ -z "$output" ]
	[[ "$stderr" == "vi-keys: $W/small/vi-sort."*": write error: "* ]]
	[ ! -s "$W/left" ]
	[ ! -e "$W/out" ]
}

@test "vi-keys -s: run files are removed after SIGTERM" {
	"$AWK" gen 13 20000 > "$W/a.csv"
	rm -f "$W/fifo"; mkfifo "$W/fifo"
	# Held open read-write here: vi-keys never sees the end of its input.
	exec 4<> "$W/fifo"
	vi-keys -s -S 16K -T "$W/tmp" -k 1 < "$W/fifo" > /dev/null 3>&- 4>&- &
	pid=$!
	cat "$W/a.csv" >&4
	for i in $(seq 100); do
		[ -n "$(ls -A "$W/tmp")" ] && break
		sleep 0.1
	done
	[ -n "$(ls -A "$W/tmp")" ]
	kill -TERM "$pid"
	st=0; wait "$pid" || st=$?
	exec 4>&-
	[ "$st" -eq 143 ]
	run -0 ls -A "$W/tmp"
	[ -z "$output" ]
}
