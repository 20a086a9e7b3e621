#!/usr/bin/env bats
# Fault injection: with tests/fault/fault.c preloaded, every allocation after
# the first N fails.  For every N, a tool must either give exactly its clean
# output with exit 0, or exit 70 with an "out of memory" message and nothing
# on stdout: never a truncated or incomplete JSON document claimed as success.
# (On success stderr must be the clean run's too: vi-validate --json puts
# its report there.)
# Skipped under check-asan (ASan's allocator does not go through the shim).

bats_require_minimum_version 1.5.0

setup() {
	load test_helper/common
	[ -z "${VI_ASAN:-}" ] || skip "the LD_PRELOAD shim needs the plain build"
	SHIM="$VI_BIN/libfault.so"
	[ -f "$SHIM" ] || skip "no $SHIM (run through make check)"
	W="$BATS_TEST_TMPDIR"
}

# sweep TOOL ARGS...: run under VI_FAULT=malloc:N for N = 0, 1, ... until 40
# runs in a row succeed (N is then past every allocation the tool makes).
sweep() {
	local n=0 ok=0 failed=0 rc
	"$@" > "$W/clean" 2> "$W/clean.err"
	[ -s "$W/clean" ] || { echo "no clean output"; return 1; }
	while [ "$ok" -lt 40 ] && [ "$n" -lt 5000 ]; do
		rc=0
		VI_FAULT=malloc:$((n + 1))+ LD_PRELOAD="$SHIM" "$@" > "$W/out" 2> "$W/err" || rc=$?
		if [ "$rc" -eq 0 ]; then
			cmp -s "$W/out" "$W/clean" || { echo "N=$n: exit 0, output differs"; return 1; }
			cmp -s "$W/err" "$W/clean.err" || { echo "N=$n: exit 0, stderr differs: $(head -c 300 "$W/err")"; return 1; }
			ok=$((ok + 1))
		elif [ "$rc" -eq 70 ]; then
			# A filter that streams (vi-validate) may have passed
			# rows through already; a report is never partial.
			[ -n "${STREAMS:-}" ] || [ ! -s "$W/out" ] || { echo "N=$n: exit 70 with output"; return 1; }
			[ "$(wc -l < "$W/err")" -eq 1 ] || { echo "N=$n: exit 70, stderr: $(head -c 300 "$W/err")"; return 1; }
			grep -Eq "^$1: .*(out of memory|Cannot allocate memory)" "$W/err" || { echo "N=$n: exit 70, message: $(cat "$W/err")"; return 1; }
			ok=0 failed=$((failed + 1))
		else
			echo "N=$n: exit $rc: $(head -c 300 "$W/err")"
			return 1
		fi
		n=$((n + 1))
	done
	[ "$failed" -gt 0 ] || { echo "no run failed: the shim did nothing"; return 1; }
}

@test "fault: vi-stats --format json, every allocation failure is exit 70 or the exact report" {
	printf 'id,name,when\n1,"a, b",2024-01-01\n2,,2024-02-30\n3,c\xff,x\n' > "$W/in.csv"
	run sweep vi-stats -j1 --format json "$W/in.csv"
	[ "$status" -eq 0 ] || { echo "$output"; false; }
}

@test "fault: vi-stats --schema" {
	printf 'id,name\n1,a\n2,\n' > "$W/in.csv"
	run sweep vi-stats -j1 --schema "$W/in.csv"
	[ "$status" -eq 0 ] || { echo "$output"; false; }
}

@test "fault: vi-presence --summary --json" {
	printf 'k1\t0000000000000001:1\nk2\t0000000000000002:2\n' > "$W/a.keys"
	printf 'k2\t0000000000000003:1\nk3\t0000000000000004:2\n' > "$W/b.keys"
	run sweep vi-presence --summary --json "$W/a.keys" "$W/b.keys"
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	run sweep vi-presence --matrix --json "$W/a.keys" "$W/b.keys"
	[ "$status" -eq 0 ] || { echo "$output"; false; }
}

@test "fault: vi-validate reading the schema and writing the --json report" {
	printf '{"fields":[{"name":"id","type":"integer","constraints":{"pattern":"[0-9]+"}},{"name":"s"}]}' > "$W/s.json"
	printf 'id,s\n1,a\n2,b\n' > "$W/in.csv"
	STREAMS=1 run sweep vi-validate --schema "$W/s.json" --json "$W/in.csv"
	[ "$status" -eq 0 ] || { echo "$output"; false; }
}

@test "fault: vi-head, the table, the sample and JSON lines" {
	printf 'id,s\n1,"a\nb"\n2,\xe6\x97\xa5\xe6\x9c\xac\n3,c\n' > "$W/in.csv"
	run sweep vi-head -N "$W/in.csv"
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	run sweep vi-head --sample 2 -f json "$W/in.csv"
	[ "$status" -eq 0 ] || { echo "$output"; false; }
}
