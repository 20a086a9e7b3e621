#!/usr/bin/env bats
# The fast path for quote-free lines (lib/vi_split.c in lib/vi_csv.c) against
# libcsv alone (VI_PARSER=libcsv): every tool, on CSV malformed in the ways
# real exports are (tests/test_helper/nasty_csv.py), must give the same
# standard output, standard error and exit status, byte for byte.  The
# reader-level proof, record by record and under every read schedule, is the
# fuzz_csv target; the vector code against a byte loop, tests/unit/test_split.

bats_require_minimum_version 1.5.0

setup_file() {
	export D="$BATS_FILE_TMPDIR/nasty"
	mkdir -p "$D"
	python3 "$BATS_TEST_DIRNAME/test_helper/nasty_csv.py" 20261202 48 "$D"
}

setup() {
	load test_helper/common
	cd "$BATS_TEST_TMPDIR"
}

# same CMD...: CMD's stdout, stderr and status with the fast path (in the
# vector version this CPU has, or as named by $SPLIT) and with libcsv alone.
same() {
	local a=0 b=0
	VI_SPLIT="${SPLIT:-}" "$@" >fast.out 2>fast.err || a=$?
	VI_PARSER=libcsv "$@" >slow.out 2>slow.err || b=$?
	if [ "$a" != "$b" ] || ! cmp -s fast.out slow.out ||
	    ! cmp -s fast.err slow.err; then
		echo "differs: $* (status $a / $b)"
		diff <(od -c fast.out | head -20) <(od -c slow.out | head -20) || true
		diff fast.err slow.err || true
		return 1
	fi
	echo "$a" >>statuses
}

# The -d option for nasty file K.
delim() {
	case $(( $1 % 4 )) in
	2) echo "-d ;" ;;
	3) echo "-d tab" ;;
	*) echo "" ;;
	esac
}

@test "parser: vi-stats, strict and lenient, with and without a header" {
	for k in $(seq 0 47); do
		f="$D/n$k.csv" o=$(delim "$k")
		same vi-stats -j1 -f json $o "$f"
		same vi-stats -j1 -f json --lenient $o "$f"
		same vi-stats -j1 -f csv -H --lenient $o "$f"
	done
	# Both answers and failures were compared, not only one kind.
	grep -qx 0 statuses
	grep -qx 65 statuses
}

@test "parser: vi-keys, text and binary, strict and lenient" {
	for k in $(seq 0 47); do
		f="$D/n$k.csv" o=$(delim "$k")
		same vi-keys -k 1 $o "$f"
		same vi-keys -H -k 1,2 --lenient $o "$f"
		same vi-keys -b -k 1 --lenient $o "$f"
	done
	grep -qx 0 statuses
	grep -qx 65 statuses
}

@test "parser: vi-validate passes the same rows and reports the same errors" {
	printf '{"fields":[{"name":"a"},{"name":"b","type":"integer"}]}\n' >s2.json
	for k in $(seq 0 47); do
		f="$D/n$k.csv" o=$(delim "$k")
		same vi-validate -H --schema s2.json $o "$f"
		same vi-validate -H --ignore-order --schema s2.json -f json $o "$f"
	done
	grep -qx 1 statuses
}

@test "parser: vi-head, table and CSV, first records and a sample" {
	for k in $(seq 0 47); do
		f="$D/n$k.csv" o=$(delim "$k")
		same vi-head -n 20 -N $o "$f"
		same vi-head -n 1000 -f csv --lenient $o "$f"
		same vi-head --sample 5 --seed 7 -f json --lenient $o "$f"
	done
	grep -qx 0 statuses
	grep -qx 65 statuses
}

@test "parser: vi-diff of two files" {
	for k in $(seq 0 2 46); do
		o=$(delim "$k")
		[ -z "$o" ] || continue
		same vi-diff -H -k 1 "$D/n$k.csv" "$D/n$((k + 1)).csv"
	done
	[ -s statuses ]
}

@test "parser: across buffer boundaries, a 1.5 MB field, threads, byte ranges" {
	for f in "$D/big0.csv" "$D/big1.csv"; do
		same vi-stats -j1 -f json "$f"
		same vi-stats -j2 --block-size 300K -f json "$f"
		same vi-stats --part 2/3 --partial "$f"
		same vi-keys -k 1 "$f"
		SPLIT=scalar same vi-keys -k 1 "$f"
		SPLIT=sse2 same vi-keys -k 1 "$f"
	done
	grep -qx 0 statuses
}

@test "parser: gzip input, --encoding latin1, stdin" {
	for k in $(seq 0 4 44); do
		f="$D/n$k.csv"
		gzip -c "$f" >z.csv.gz
		same vi-stats -j1 -f json --lenient z.csv.gz
		same vi-stats -j1 -f json --lenient --encoding latin1 "$f"
		same bash -c 'vi-keys -k 1 --lenient - <"$0"' "$f"
	done
	grep -qx 0 statuses
}

@test "parser: VI_PARSER=libcsv is documented" {
	grep -q 'VI_PARSER' "$BATS_TEST_DIRNAME/../man/vi-suite.7"
	grep -q 'VI_PARSER' "$BATS_TEST_DIRNAME/../README.md"
}
