#!/usr/bin/env bats
# One suite: every tool, the same command-line contract.  For each tool a
# minimal valid run; then -h, -V, an unknown option, a missing argument, a
# missing file, a directory, '-' as stdin, -o FILE (and no file when the run
# fails), --format, and `big | tool | head -1`.

bats_require_minimum_version 1.5.0

setup() {
	load test_helper/common
	W="$BATS_TEST_TMPDIR"
	cd "$W"
	python3 -c 'print("id,v"); [print(f"{i},x{i % 7}") for i in range(1, 30001)]' >a.csv
	printf 'id,v\n1,x1\n2,B\n' >b.csv
	vi-keys -b -k id a.csv | vi-sort >a.keys
	vi-keys -b -k id b.csv | vi-sort >b.keys
	printf '{"fields":[{"name":"id","type":"integer"},{"name":"v"}]}\n' >s.json
	vi-presence --names a,b --summary --json a.keys b.keys >sum.json || true
	mkdir dir
	# tool, then its arguments before the input, then the input(s); the
	# first input is the one replaced by '-', a missing file or dir.
	CASES=(
		"vi-stats||a.csv|"
		"vi-keys|-k id|a.csv|"
		"vi-sort||a.keys|"
		"vi-presence|--names a,b|a.keys|b.keys"
		"vi-validate|--schema s.json|a.csv|"
		"vi-diff|-k id --names a,b|a.csv|b.csv"
		"vi-upset||sum.json|"
		"vi-head|-n 20000|a.csv|"
	)
	# the tools whose only output format is their own
	NOFORMAT=" vi-upset "
}

# split "tool|opts|input|rest" into T O I R
split() { IFS='|' read -r T O I R <<<"$1"; }

@test "consistency: every tool is covered" {
	run ls "$VI_BIN"
	for t in $(ls "$VI_BIN" | grep '^vi-'); do
		[[ " ${CASES[*]} " == *" $t|"* ]] || { echo "no case for $t"; false; }
	done
}

@test "consistency: -h, --help, -V, --version" {
	for c in "${CASES[@]}"; do
		split "$c"
		for h in -h --help; do
			run -0 --separate-stderr "$T" "$h"
			[[ "${lines[0]}" == "usage: $T "* ]] || { echo "$T $h: ${lines[0]}"; false; }
			[ -z "$stderr" ]
		done
		for v in -V --version; do
			run -0 --separate-stderr "$T" "$v"
			[ "$output" = "$T (ViewerIt core) 0.1.0" ]
		done
	done
}

@test "consistency: unknown options and missing arguments: 64, the tool's name, usage, nothing read" {
	for c in "${CASES[@]}"; do
		split "$c"
		run -64 --separate-stderr "$T" --no-such-option
		[ -z "$output" ]
		[ "${stderr_lines[0]}" = "$T: unknown option: --no-such-option" ]
		[[ "${stderr_lines[1]}" == "usage: $T "* ]]
		run -64 --separate-stderr "$T" -Y
		[ "${stderr_lines[0]}" = "$T: unknown option: -Y" ]
		run -64 --separate-stderr "$T" --no-such=3
		[ "${stderr_lines[0]}" = "$T: unknown option: --no-such" ]
		run -64 --separate-stderr "$T" --version=3
		[ "${stderr_lines[0]}" = "$T: option takes no argument: --version" ]
		run -64 --separate-stderr "$T" $O $I $R -o
		[ "${stderr_lines[0]}" = "$T: option requires an argument: -o" ]
		if [[ "$NOFORMAT" == *" $T "* ]]; then
			run -64 --separate-stderr "$T" $O $I $R --format
			[ "${stderr_lines[0]}" = "$T: unknown option: --format" ]
		else
			run -64 --separate-stderr "$T" $O $I $R --format
			[ "${stderr_lines[0]}" = "$T: option requires an argument: --format" ]
			run -64 --separate-stderr "$T" $O --format no-such $I $R
			[[ "${stderr_lines[0]}" == "$T: --format: unknown value: no-such (one of: "* ]]
		fi
		# Called by another path, the name is still the tool's.
		run -64 --separate-stderr "$VI_BIN/$T" --no-such-option
		[ "${stderr_lines[0]}" = "$T: unknown option: --no-such-option" ]
		# Usage is checked before any input is read: what follows
		# on the same open stdin gets all of it.
		run -0 --separate-stderr bash -c '{ "$@"; cat; } < a.csv | cmp - a.csv' _ "$T" --no-such-option
	done
	run -0 --separate-stderr bash -c '{ vi-validate; cat; } < a.csv | cmp - a.csv'
	[ "${stderr_lines[0]}" = "vi-validate: --schema is required" ]
}

@test "consistency: a missing input is 66, a directory is 66, each named" {
	for c in "${CASES[@]}"; do
		split "$c"
		run -66 --separate-stderr "$T" $O no-such-file $R
		[ -z "$output" ]
		[ "$stderr" = "$T: no-such-file: No such file or directory" ]
		run -66 --separate-stderr "$T" $O dir $R
		[ -z "$output" ]
		[ "$stderr" = "$T: dir: Is a directory" ]
	done
}

@test "consistency: '-' reads stdin, with the same output as the file" {
	for c in "${CASES[@]}"; do
		split "$c"
		# (vi-stats names its input in the report: "-" then)
		"$T" $O $I $R 2>/dev/null | sed 's/^file: a\.csv$/file: -/' >want || true
		run --separate-stderr bash -c '"$@" < "$0" > got' "$I" "$T" $O - $R
		cmp want got || { echo "$T: - differs"; false; }
	done
}

@test "consistency: -o FILE equals stdout; a failed run leaves no file and no temporary" {
	for c in "${CASES[@]}"; do
		split "$c"
		"$T" $O $I $R >want 2>/dev/null || true
		rc=0; "$T" $O -o got $I $R 2>/dev/null || rc=$?
		[ "$rc" -le 1 ]
		cmp want got || { echo "$T -o differs"; false; }
		rm -f got
		# A failed run: an input that is not there.
		rc=0; "$T" $O -o got no-such-file $R 2>/dev/null || rc=$?
		[ "$rc" -eq 66 ]
		[ ! -e got ]
		# A failed run after output began: a truncated or malformed input.
		case "$T" in
		vi-sort|vi-presence) head -c 200 a.keys >bad ;;
		*) printf 'id,v\n1,"x\n' >bad ;;
		esac
		echo old >got
		rc=0; "$T" $O -o got bad $R 2>/dev/null || rc=$?
		[ "$rc" -ne 0 ] && [ "$rc" -ne 1 ] || [ "$T" = vi-validate ]
		if [ "$T" != vi-validate ]; then
			[ "$(cat got)" = old ] || { echo "$T replaced -o on failure"; false; }
		fi
		run ls -A
		[[ "$output" != *.vi-out* ]] || { echo "$T left $output"; false; }
	done
}

@test "consistency: big | tool | head -1 is quiet" {
	for c in "${CASES[@]}"; do
		split "$c"
		run --separate-stderr bash -c '"$@" | head -1 >/dev/null; echo "${PIPESTATUS[0]}"' _ "$T" $O $I $R
		[ -z "$stderr" ] || { echo "$T: $stderr"; false; }
		[[ "$output" == 0 || "$output" == 1 || "$output" == 141 ]]
	done
}
