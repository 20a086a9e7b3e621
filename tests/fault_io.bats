#!/usr/bin/env bats
# Fault injection in every call class (tests/fault/fault.c): the quick sweep
# of tests/fault/sweep.sh over every tool (the full one is `make torture`),
# and the bad cases it found, each kept as a regression.  The shim tests are
# skipped under check-asan (ASan's allocator does not go through the shim);
# the -o tests at the end run everywhere.

bats_require_minimum_version 1.5.0

setup() {
	load test_helper/common
	W="$BATS_TEST_TMPDIR"
	SHIM="$VI_BIN/libfault.so"
	printf 'id,name,amount\n3,a,1\n1,b,9\n2,c\n4,d,2\n' > "$W/in.csv"
	printf '{"fields":[{"name":"id","type":"integer"},{"name":"name"},{"name":"amount","type":"integer","constraints":{"maximum":5}}]}' > "$W/s.json"
}

need_shim() {
	[ -z "${VI_ASAN:-}" ] || skip "the LD_PRELOAD shim needs the plain build"
	[ -f "$SHIM" ] || skip "no $SHIM (run through make check)"
}

# fault SPEC CMD...: run CMD with VI_FAULT=SPEC.
fault() {
	local spec=$1
	shift
	VI_FAULT=$spec LD_PRELOAD=$SHIM "$@"
}

@test "fault sweep (quick): every tool, every call class, clean output or a clean failure" {
	need_shim
	run -0 "$BATS_TEST_DIRNAME/fault/sweep.sh" "$VI_BIN" "$W/sweep"
	echo "$output"
	[[ "${lines[-1]}" == *" bad=0" ]]
}

@test "fault: EINTR on opening an input is retried (was: 66 Interrupted system call)" {
	need_shim
	vi-keys -j1 "$W/in.csv" --lenient > "$W/clean" 2>/dev/null
	run -0 --separate-stderr fault open:1:EINTR vi-keys -j1 "$W/in.csv" --lenient
	cmp <(echo "$output") "$W/clean"
	vi-keys -j1 -k id "$W/in.csv" --lenient 2>/dev/null | vi-sort > "$W/a.keys"
	run -0 fault open:1:EINTR vi-presence --json "$W/a.keys" "$W/a.keys"
	run -1 --separate-stderr fault open:2:EINTR vi-validate --schema "$W/s.json" "$W/in.csv"
}

@test "fault: EINTR on reopening a vi-sort run file is retried (was: 74)" {
	need_shim
	awk 'BEGIN { for (i = 0; i < 1500; i++) printf "k%d\t%016x:%d\n", (i * 7919) % 3000, i, i + 1 }' > "$W/k"
	LC_ALL=C sort "$W/k" > "$W/expect"
	for n in 2 3; do
		run -0 fault open:$n:EINTR vi-sort -j1 -S 16K -T "$W" -o "$W/out" "$W/k"
		cmp "$W/out" "$W/expect"
	done
}

@test "fault: EINTR while vi-validate copies malformed rows to --rejects is retried (was: 74)" {
	need_shim
	vi-validate --schema "$W/s.json" --rejects "$W/rej0" "$W/in.csv" > "$W/out0" 2>/dev/null || [ $? -eq 1 ]
	for n in 1 2 3 4 5 6; do
		run -1 --separate-stderr fault read:$n:EINTR vi-validate --schema "$W/s.json" --rejects "$W/rej" "$W/in.csv"
		cmp "$W/rej" "$W/rej0"
		cmp <(echo "$output") "$W/out0"
	done
}

@test "fault: a read error on the schema is 74 (was: 64 invalid JSON)" {
	need_shim
	# The first read is the CSV header's; the schema is read next.
	run -74 --separate-stderr fault read:2:EIO vi-validate --schema "$W/s.json" "$W/in.csv"
	[ "$stderr" = "vi-validate: $W/s.json: read error: Input/output error" ]
}

@test "fault: --rejects is replaced only by a run that succeeds (was: left truncated)" {
	need_shim
	for spec in write:1:ENOSPC close:4:EIO malloc:104; do
		echo old > "$W/rej"
		echo old > "$W/o"
		run --separate-stderr fault "$spec" vi-validate --schema "$W/s.json" --rejects "$W/rej" -o "$W/o" "$W/in.csv"
		[ "$status" -eq 74 ] || [ "$status" -eq 70 ] || [ "$status" -eq 1 ]
		if [ "$status" -ne 1 ]; then
			[ "$(cat "$W/rej")" = old ]
			[ "$(cat "$W/o")" = old ]
		fi
		run -0 ls -A "$W"
		[[ "$output" != *.vi-out* ]]
	done
}

@test "-o and --rejects through a symbolic link replace the file it names, not the link" {
	echo old > "$W/target"
	ln -s target "$W/link"
	run -0 vi-keys -j1 -k id -o "$W/link" "$W/in.csv" --lenient
	[ -L "$W/link" ]
	vi-keys -j1 -k id "$W/in.csv" --lenient 2>/dev/null | cmp - "$W/target"
	echo old > "$W/rtarget"
	ln -s rtarget "$W/rlink"
	run -1 --separate-stderr vi-validate --schema "$W/s.json" --rejects "$W/rlink" "$W/in.csv"
	[ -L "$W/rlink" ]
	[ "$(cat "$W/rtarget")" != old ]
}

@test "-o to a FIFO (or a device) writes into it, never replaces it" {
	mkfifo "$W/fifo"
	cat "$W/fifo" > "$W/got" &
	run -0 vi-keys -j1 -k id -o "$W/fifo" "$W/in.csv" --lenient
	wait
	[ -p "$W/fifo" ]
	vi-keys -j1 -k id "$W/in.csv" --lenient 2>/dev/null | cmp - "$W/got"
	run -0 ls -A "$W"
	[[ "$output" != *.vi-out* ]]
}

@test "vi-validate: two names of one new file are refused (--rejects r --report ./r)" {
	cd "$W"
	run -64 --separate-stderr vi-validate --schema s.json --rejects r --report ./r in.csv
	[ "${stderr_lines[0]}" = "vi-validate: r: is also the --report file" ]
	[ ! -e r ]
}
