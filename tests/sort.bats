#!/usr/bin/env bats
# vi-sort: order identical to LC_ALL=C sort, spills, merges, checks, binary
# round trips, temp files that never leak, exit statuses.

bats_require_minimum_version 1.5.0

setup() {
	load test_helper/common
	GEN="$FIX/sort/gen-keys.py"
	W="$BATS_TEST_TMPDIR"
	mkdir -p "$W/tmp"
	export TMPDIR="$W/tmp"
}

# Run a command with SIGINT and SIGTERM at their defaults (a background job
# of a non-interactive shell starts with SIGINT ignored, and vi-sort rightly
# leaves ignored signals alone).  An array, not a function, so that "$!" of a
# background job is the pid of the tool itself (python execs it).
DFL=(python3 -c 'import os, signal, sys
signal.signal(signal.SIGINT, signal.SIG_DFL)
signal.signal(signal.SIGTERM, signal.SIG_DFL)
os.execvp(sys.argv[1], sys.argv[1:])')

@test "vi-sort: --help prints the usage on stdout, exit 0" {
	run -0 --separate-stderr vi-sort --help
	[ "${lines[0]}" = "usage: vi-sort [-cm] [-f format] [-j jobs] [-o file] [-S size] [-T dir]" ]
	[ -z "$stderr" ]
}

@test "vi-sort: --version" {
	run -0 --separate-stderr vi-sort --version
	[ "$output" = "vi-sort (ViewerIt core) 0.1.0" ]
}

@test "vi-sort: bad option is a usage error (64) with the usage line" {
	run -64 --separate-stderr vi-sort -q
	[ -z "$output" ]
	[ "${stderr_lines[0]}" = "vi-sort: unknown option: -q" ]
	[ "${stderr_lines[1]}" = "usage: vi-sort [-cm] [-f format] [-j jobs] [-o file] [-S size] [-T dir]" ]
	run -64 --separate-stderr vi-sort -S 12Q
	[ "${stderr_lines[0]}" = "vi-sort: -S: not a size: 12Q" ]
	run -64 --separate-stderr vi-sort --parallel 0
	[ "${stderr_lines[0]}" = "vi-sort: -j: must be 1 to 64: 0" ]
	# The range check is shared: a value that would wrap is refused too.
	run -64 --separate-stderr vi-sort --parallel 4294967297
	[ "${stderr_lines[0]}" = "vi-sort: -j: must be 1 to 64: 4294967297" ]
	run -64 --separate-stderr vi-sort -j 65
	run -64 --separate-stderr vi-sort -c -m
}

@test "vi-sort: missing input exits 66 naming it" {
	run -66 --separate-stderr vi-sort "$W/nope"
	[ "$stderr" = "vi-sort: $W/nope: No such file or directory" ]
}

@test "vi-sort: write error on stdout exits 74" {
	"$GEN" 100 > "$W/in"
	run -74 --separate-stderr bash -c 'vi-sort "$1" > /dev/full' _ "$W/in"
	[ "$stderr" = "vi-sort: write error: No space left on device" ]
}

@test "vi-sort: output byte-identical to LC_ALL=C sort, every byte value in keys" {
	"$GEN" 20000 7 > "$W/in"
	# The fixture really holds every byte value, escaped or raw.
	run -0 python3 -c 'import sys
d = open(sys.argv[1], "rb").read()
raw = set(d)
esc = {int(d[i+2:i+4], 16) for i in range(len(d)) if d[i:i+2] == b"\\x"}
short = {9, 10, 13, 92}
print(len(raw | esc | short))' "$W/in"
	[ "$output" = 256 ]
	LC_ALL=C sort "$W/in" > "$W/want"
	vi-sort "$W/in" > "$W/got"
	cmp "$W/want" "$W/got"
	vi-sort --parallel 1 < "$W/in" > "$W/got1"
	cmp "$W/want" "$W/got1"
}

@test "vi-sort: three key fields and a single key field match sort too" {
	"$GEN" 5000 3 3 > "$W/in3"
	"$GEN" 5000 4 1 > "$W/in1"
	LC_ALL=C sort "$W/in3" > "$W/want3"
	LC_ALL=C sort "$W/in1" > "$W/want1"
	vi-sort "$W/in3" > "$W/got3"
	vi-sort "$W/in1" > "$W/got1"
	cmp "$W/want3" "$W/got3"
	cmp "$W/want1" "$W/got1"
}

@test "vi-sort: a sort that spills (-S 16K, many runs, several merge passes) equals the in-memory sort" {
	"$GEN" 30000 11 > "$W/in"
	vi-sort -S 256M "$W/in" > "$W/mem"
	vi-sort -S 16K -T "$W/tmp" "$W/in" > "$W/spill"
	cmp "$W/mem" "$W/spill"
	vi-sort -S 16K --parallel 2 "$W/in" "$W/in" > "$W/spill2"
	LC_ALL=C sort "$W/in" "$W/in" > "$W/want2"
	cmp "$W/want2" "$W/spill2"
	run -0 ls -A "$W/tmp"
	[ -z "$output" ]
}

@test "vi-sort: a block sorted on several threads (>= 65536 records) merges its parts in order" {
	# Each thread's part must hold 32768 records or more to be split off.
	"$GEN" 150000 12 > "$W/in"
	LC_ALL=C sort "$W/in" > "$W/want"
	vi-sort -j2 "$W/in" > "$W/got2"
	cmp "$W/want" "$W/got2"
	vi-sort -j4 -f binary "$W/in" | vi-sort -m -f text > "$W/got4"
	cmp "$W/want" "$W/got4"
	vi-sort -j2 -S 4M -T "$W/tmp" "$W/in" > "$W/spill"
	cmp "$W/want" "$W/spill"
}

@test "vi-sort: several inputs and stdin" {
	"$GEN" 3000 1 > "$W/a"
	"$GEN" 3000 2 > "$W/b"
	LC_ALL=C sort "$W/a" "$W/b" > "$W/want"
	vi-sort "$W/a" - < "$W/b" > "$W/got"
	cmp "$W/want" "$W/got"
}

@test "vi-sort: -m merges sorted inputs like sort -m" {
	"$GEN" 3000 1 | LC_ALL=C sort > "$W/a"
	"$GEN" 4000 2 | LC_ALL=C sort > "$W/b"
	"$GEN" 10 3 | LC_ALL=C sort > "$W/c"
	LC_ALL=C sort -m "$W/a" "$W/b" "$W/c" > "$W/want"
	vi-sort -m "$W/a" "$W/b" "$W/c" > "$W/got"
	cmp "$W/want" "$W/got"
}

@test "vi-sort: -m with more inputs than the fan-in uses run files and cleans up" {
	for i in $(seq 1 20); do "$GEN" 50 "$i" | LC_ALL=C sort > "$W/m$i"; done
	LC_ALL=C sort -m "$W"/m* > "$W/want"
	vi-sort -m -T "$W/tmp" "$W"/m* > "$W/got"
	cmp "$W/want" "$W/got"
	run -0 ls -A "$W/tmp"
	[ -z "$output" ]
}

@test "vi-sort: -m on an unsorted input is a data error naming it and the record" {
	printf 'b\t-:1\na\t-:2\n' > "$W/u"
	printf 'a\t-:3\n' > "$W/s"
	run -65 --separate-stderr vi-sort -m "$W/s" "$W/u"
	[ "$stderr" = "vi-sort: $W/u: record 2 is out of order (-m needs sorted inputs)" ]
}

@test "vi-sort: -c accepts sorted input silently, exit 1 naming the record otherwise" {
	printf 'a\t-:1\na\t-:1\nb\t-:1\n' > "$W/s"
	run -0 --separate-stderr vi-sort -c "$W/s"
	[ -z "$output" ] && [ -z "$stderr" ]
	printf 'a\t-:1\nc\t-:2\nb\t-:3\n' > "$W/u"
	run -1 --separate-stderr vi-sort -c "$W/u"
	[ -z "$output" ]
	[ "$stderr" = "vi-sort: $W/u: not sorted: record 3 sorts before record 2" ]
	vi-sort --to-binary "$W/u" > "$W/u.bin"
	run -0 vi-sort -c "$W/u.bin"
	# Unsorted binary stream: build one from -m of reversed singletons.
	printf 'b\t-:1\n' | vi-sort --to-binary > "$W/b1"
	run -0 vi-sort -c "$W/b1"
}

@test "vi-sort: -c with several inputs checks each (no use of a closed reader)" {
	# in[0] used to be read after -c had closed it (ASan: heap-use-after-free).
	printf 'a\t-:1\n' > "$W/x"
	run -0 --separate-stderr vi-sort -c "$W/x" "$W/x" "$W/x"
	[ -z "$output" ] && [ -z "$stderr" ]
	printf 'b\t-:1\na\t-:2\n' > "$W/u"
	run -1 --separate-stderr vi-sort -c "$W/x" "$W/u"
	[ "$stderr" = "vi-sort: $W/u: not sorted: record 2 sorts before record 1" ]
	vi-sort --to-binary "$W/x" > "$W/x.bin"
	run -65 --separate-stderr vi-sort -c "$W/x" "$W/x.bin"
	[ "$stderr" = "vi-sort: $W/x.bin: text and binary key streams cannot be mixed" ]
}

@test "vi-sort: -o may name an input" {
	"$GEN" 2000 5 > "$W/in"
	LC_ALL=C sort "$W/in" > "$W/want"
	cp "$W/in" "$W/same"
	run -0 --separate-stderr vi-sort -S 16K -o "$W/same" "$W/same"
	[ -z "$output" ]
	cmp "$W/want" "$W/same"
	run -0 ls -A "$W/tmp"
	[ -z "$output" ]
	# -m too.
	vi-sort -m -o "$W/want" "$W/want" "$W/same"
	LC_ALL=C sort "$W/in" "$W/in" > "$W/want2"
	cmp "$W/want2" "$W/want"
}

@test "vi-sort: text -> binary -> text round trip is lossless" {
	"$GEN" 5000 9 | LC_ALL=C sort > "$W/in"
	vi-sort --to-binary "$W/in" > "$W/bin"
	run -0 head -c 8 "$W/bin"
	[ "$(head -c 8 "$W/bin" | od -An -tx1 | tr -d ' ')" = 0056494b4559531a ]
	vi-sort --to-text "$W/bin" > "$W/back"
	cmp "$W/in" "$W/back"
	# Sorting the binary stream (spilled) gives the same records in binary.
	"$GEN" 5000 9 | vi-sort --to-binary -S 16K > "$W/bin2"
	cmp "$W/bin" "$W/bin2"
	vi-sort -m "$W/bin" "$W/bin2" | vi-sort --to-text > "$W/twice"
	LC_ALL=C sort "$W/in" "$W/in" > "$W/want2"
	cmp "$W/want2" "$W/twice"
}

@test "vi-sort: text and binary inputs cannot be mixed" {
	printf 'a\t-:1\n' > "$W/t"
	vi-sort --to-binary "$W/t" > "$W/b"
	run -65 --separate-stderr vi-sort "$W/t" "$W/b"
	[ "$stderr" = "vi-sort: $W/b: text and binary key streams cannot be mixed" ]
}

@test "vi-sort: malformed input is a data error with line and byte" {
	printf 'a\t-:1\nb\\q\t-:2\n' > "$W/bad"
	run -65 --separate-stderr vi-sort "$W/bad"
	[ "$stderr" = "vi-sort: $W/bad:2:8: unknown escape (only \\t \\n \\r \\\\ \\xHH)" ]
	printf 'a\tb\t-:1\nc\t-:2\n' > "$W/bad2"
	run -65 --separate-stderr vi-sort "$W/bad2"
	[ "$stderr" = "vi-sort: $W/bad2:2:9: record has 1 key fields, the first had 2" ]
	printf 'a\tb\t-:1\n' > "$W/k2"
	printf 'a\t-:1\n' > "$W/k1"
	run -65 --separate-stderr vi-sort "$W/k2" "$W/k1"
	[ "$stderr" = "vi-sort: $W/k1: record 1 has 1 key fields, other input has 2" ]
	# An empty label would be lost in the binary encoding.
	printf 'a\t-:1:\n' > "$W/el"
	run -65 --separate-stderr vi-sort --to-binary "$W/el"
	[ -z "$output" ]
	[ "$stderr" = "vi-sort: $W/el:1:7: empty label after ':' (omit the ':' for no label)" ]
	printf '\0VIKEYS\032junk' > "$W/badbin"
	run -65 --separate-stderr vi-sort "$W/badbin"
}

@test "vi-sort: run files are removed after SIGINT and SIGTERM" {
	"$GEN" 20000 3 > "$W/in"
	for sig in INT TERM; do
		rm -f "$W/fifo"; mkfifo "$W/fifo"
		# Held open read-write here, so vi-sort never sees the end of
		# its input and is still sorting when the signal comes.
		exec 4<> "$W/fifo"
		"${DFL[@]}" vi-sort -S 16K -T "$W/tmp" < "$W/fifo" > /dev/null 3>&- 4>&- &
		pid=$!
		cat "$W/in" >&4
		for i in $(seq 100); do
			[ -n "$(ls -A "$W/tmp")" ] && break
			sleep 0.1
		done
		[ -n "$(ls -A "$W/tmp")" ]
		kill -"$sig" "$pid"
		st=0; wait "$pid" || st=$?
		exec 4>&-
		[ "$st" -eq $((128 + $(kill -l "$sig"))) ]
		run -0 ls -A "$W/tmp"
		[ -z "$output" ]
	done
}

@test "vi-sort: -o leaves the old file and no temporary when writing the output fails (exit 74)" {
	"$GEN" 3000 3 > "$W/in"
	printf 'old\n' > "$W/out"
	# A file size limit of 8 KiB: the output's writes fail with EFBIG.
	run -74 --separate-stderr bash -c 'trap "" XFSZ; ulimit -f 8; exec vi-sort -o "$1" "$2"' _ "$W/out" "$W/in"
	[[ "$stderr" == "vi-sort: "*"File too large"* ]]
	[ "$(cat "$W/out")" = old ]
	rm "$W/out"
	run -74 --separate-stderr bash -c 'trap "" XFSZ; ulimit -f 8; exec vi-sort -o "$1" "$2"' _ "$W/out" "$W/in"
	[ ! -e "$W/out" ]
	run -0 ls -A "$W"
	[[ "$output" != *.vi-out* ]]
	# With stdout closed, -o still works: nothing is written to stdout.
	run -0 --separate-stderr bash -c 'vi-sort -o "$1" "$2" >&-' _ "$W/out" "$W/in"
	cmp "$W/out" <(LC_ALL=C sort "$W/in")
}

@test "vi-sort: a full disk gives exit 74, a clear message, no run files, no output" {
	"$GEN" 40000 3 > "$W/in"
	mkdir -p "$W/small"
	if mount -t tmpfs -o size=256k tmpfs "$W/small" 2>/dev/null; then
		run -74 --separate-stderr vi-sort -S 16K -T "$W/small" -o "$W/out" "$W/in"
		ls -A "$W/small" > "$W/left"
		umount "$W/small"
	else
		# No tmpfs: a file size limit stands in for the full disk.
		run -74 --separate-stderr bash -c 'trap "" XFSZ; ulimit -f 256
			exec vi-sort -S 16K -T "$1" -o "$2" "$3"' _ "$W/small" "$W/out" "$W/in"
		ls -A "$W/small" > "$W/left"
	fi
	[ -z "$output" ]
	[[ "$stderr" == "vi-sort: $W/small/vi-sort."*": write error: "* ]]
	[ ! -s "$W/left" ]
	[ ! -e "$W/out" ]
	run -0 ls -A "$W"
	[[ "$output" != *.vi-sort-out* ]]
}

@test "vi-sort: big | vi-sort | head -1 is quiet and leaves no run files" {
	"$GEN" 20000 3 > "$W/in"
	run -0 --separate-stderr bash -c 'vi-sort -S 16K -T "$1" "$2" | head -1 > /dev/null; echo "${PIPESTATUS[0]}"' _ "$W/tmp" "$W/in"
	[ -z "$stderr" ]
	[[ "$output" == 0 || "$output" == 141 ]]
	run -0 ls -A "$W/tmp"
	[ -z "$output" ]
}

@test "vi-sort: empty input is refused unless --allow-empty; empty binary keeps its header" {
	run -65 --separate-stderr vi-sort < /dev/null
	[ -z "$output" ]
	[ "$stderr" = "vi-sort: -: empty input (0 bytes), not even a binary header: the program that should have written it probably failed (--allow-empty reads it as a stream without records)" ]
	run -0 --separate-stderr vi-sort --allow-empty < /dev/null
	[ -z "$output" ]
	[ -z "$stderr" ]
	printf 'a\t-:1\n' | vi-sort --to-binary > "$W/b"
	vi-sort -c "$W/b"
}

@test "vi-sort: the largest row number is read, one more is refused" {
	run -0 --separate-stderr bash -c "printf 'a\t-:18446744073709551615\n' | vi-sort -f binary | vi-sort -f text"
	[ "$output" = "$(printf 'a\t-:18446744073709551615')" ]
	run -65 --separate-stderr bash -c "printf 'a\t-:18446744073709551616\n' | vi-sort"
	[ "$stderr" = "vi-sort: -:1:5: row number too large" ]
}
