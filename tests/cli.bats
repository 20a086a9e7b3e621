#!/usr/bin/env bats
# The command-line contract every tool keeps (STYLE.md): --help, --version,
# bad option -> 64 with the usage line, missing file -> 66 naming it, write
# errors -> 74, a closed pipe -> quiet.

load test_helper/common

tools() {
	local t
	for t in "$VI_BIN"/vi-*; do
		[ -x "$t" ] && basename "$t"
	done
}

@test "there are tools to test" {
	run tools
	assert_success
	assert_line vi-stats
}

@test "--help prints usage on stdout and exits 0" {
	for t in $(tools); do
		run --separate-stderr "$t" --help
		assert_success
		assert_output --partial "usage: $t"
		[ -z "$stderr" ]
	done
}

@test "--version prints the tool name and version" {
	for t in $(tools); do
		run --separate-stderr "$t" --version
		assert_success
		assert_output --regexp "^$t \(ViewerIt core\) [0-9]+\.[0-9]+\.[0-9]+$"
	done
}

@test "an unknown option exits 64 with the usage line on stderr" {
	for t in $(tools); do
		run --separate-stderr "$t" --no-such-option
		assert_equal "$status" 64
		assert_equal "$output" ""
		[[ "$stderr" == *"usage: $t"* ]]
	done
}

@test "--help to a full disk exits 74 with a write error" {
	for t in $(tools); do
		run --separate-stderr "$t" --help
		run --separate-stderr bash -c "'$t' --help > /dev/full"
		assert_equal "$status" 74
		assert_equal "$stderr" "$t: write error: No space left on device"
	done
}

@test "data written to a full disk: every tool exits 74 with a write error" {
	ex="$BATS_TEST_DIRNAME/../examples"
	vi-keys -k region,date,id "$ex/extract_crm.csv" | vi-sort > "$BATS_TEST_TMPDIR/a.keys"
	vi-keys -k region,date,id "$ex/extract_billing.csv" | vi-sort > "$BATS_TEST_TMPDIR/b.keys"
	vi-stats --schema "$ex/extract_crm.csv" > "$BATS_TEST_TMPDIR/s.json"
	for cmd in "vi-stats $ex/extract_crm.csv" \
	    "vi-stats --json $ex/extract_crm.csv" \
	    "vi-keys -k id $ex/extract_crm.csv" \
	    "vi-keys -b -k id $ex/extract_crm.csv" \
	    "vi-sort $BATS_TEST_TMPDIR/a.keys" \
	    "vi-presence --matrix $BATS_TEST_TMPDIR/a.keys $BATS_TEST_TMPDIR/b.keys" \
	    "vi-presence --summary --json $BATS_TEST_TMPDIR/a.keys $BATS_TEST_TMPDIR/b.keys" \
	    "vi-validate --schema $BATS_TEST_TMPDIR/s.json $ex/extract_crm.csv" \
	    "vi-head -n 1000 $ex/extract_crm.csv" \
	    "vi-head -f csv --sample 1000 $ex/extract_crm.csv"; do
		run --separate-stderr bash -c "$cmd > /dev/full"
		[[ $status == 74 ]] || { echo "$cmd: status $status: $stderr"; return 1; }
		[[ "$stderr" == *"write error: No space left on device"* ]] || { echo "$cmd: $stderr"; return 1; }
	done
}
