#!/usr/bin/env bats
# vi-keys: key columns by name and number, escaping, normalisation, the row
# hash, shards, malformed input, stdin, CRLF, binary output, and a
# differential test against Python's csv module.

bats_require_minimum_version 1.5.0

setup() {
	load test_helper/common
	F="$FIX/keys/basic.csv"
	N="$FIX/keys/norm.csv"
	AWK="$FIX/keys/awkward.py"
	W="$BATS_TEST_TMPDIR"
	USAGE1="usage: vi-keys [-biHs] [-k cols] [-d delim] [--hash-cols cols | --no-hash]"
}

T=$'\t'

# The expected stream of basic.csv under -k region,date.
basic_keys() {
	printf '%s\n' \
	    "EU${T}2024-01-01${T}61b1653bee201506:1" \
	    "US, East${T}2024-01-02${T}85fd78b26fb91bd1:2" \
	    "multi\\nline${T}2024-01-03${T}59fef309356638aa:3" \
	    "EU${T}2024-01-01${T}ca69f88e8f139af3:4" \
	    "${T}${T}faf6a0d2fb458ec4:5" \
	    "tab\\there${T}2024-01-06${T}faf0fa810bb3e3f9:6"
}

@test "vi-keys: --help starts with the usage line, exit 0" {
	run -0 --separate-stderr vi-keys --help
	[ "${lines[0]}" = "$USAGE1" ]
	[ -z "$stderr" ]
}

@test "vi-keys: composite key by name; quoted commas, newlines, tabs escaped" {
	run -0 --separate-stderr vi-keys -k region,date "$F"
	assert_output "$(basic_keys)"
	[ -z "$stderr" ]
}

@test "vi-keys: keys by number give the same stream; --key, order as given" {
	run -0 --separate-stderr vi-keys -k 1,2 "$F"
	assert_output "$(basic_keys)"
	run -0 --separate-stderr vi-keys --key=date,1 --no-hash "$F"
	assert_output "2024-01-01${T}EU${T}-:1
2024-01-02${T}US, East${T}-:2
2024-01-03${T}multi\\nline${T}-:3
2024-01-01${T}EU${T}-:4
${T}${T}-:5
2024-01-06${T}tab\\there${T}-:6"
}

@test "vi-keys: without -k the key is the first column" {
	run -0 --separate-stderr vi-keys --no-hash "$F"
	assert_output "EU${T}-:1
US, East${T}-:2
multi\\nline${T}-:3
EU${T}-:4
${T}-:5
tab\\there${T}-:6"
}

@test "vi-keys: a missing column names the file and lists its columns, closest first (64)" {
	run -64 --separate-stderr vi-keys -k region,regionx "$F"
	[ -z "$output" ]
	[ "$stderr" = "vi-keys: $F: -k: no such column: regionx (columns, closest first: region, id, amount, note, date)" ]
	run -64 --separate-stderr vi-keys -k 6 "$F"
	[ "$stderr" = "vi-keys: $F: -k: no such column: 6 (the input has 5 columns)" ]
	run -64 --separate-stderr vi-keys -k 0 "$F"
	[ "$stderr" = "vi-keys: $F: -k: no such column: 0 (columns are numbered from 1)" ]
	run -64 --separate-stderr vi-keys -k region --hash-cols nope "$F"
	[ "$stderr" = "vi-keys: $F: --hash-cols: no such column: nope (columns, closest first: note, date, id, amount, region)" ]
	run -64 --separate-stderr vi-keys -k 'region,,date' "$F"
	[ "${stderr_lines[0]}" = "vi-keys: -k: empty item in column list: region,,date" ]
	[ "${stderr_lines[1]}" = "$USAGE1" ]
	run -64 --separate-stderr vi-keys -H -k region "$F"
	[ "${stderr_lines[0]}" = "vi-keys: -k: no such column: region (without a header, columns are given by number)" ]
	run -64 --separate-stderr vi-keys -k 'region-nope' - <"$F"
	[ "$stderr" = "vi-keys: -: -k: no such column: region-nope (columns, closest first: region, note, amount, date, id)" ]
}

@test "vi-keys: column selection: names, numbers, ranges, exclusions, quoted names" {
	printf 'a,b-c,"x,y",d,"q""r",5\n1,2,3,4,5,6\n' >"$BATS_TEST_TMPDIR/s.csv"
	S="$BATS_TEST_TMPDIR/s.csv"
	sel() { vi-keys --no-hash -k "$1" "$S" | cut -f1-6 | sed 's/\t-:1$//'; }
	T=$'\t'
	[ "$(sel a,4)" = "1${T}4" ]
	[ "$(sel 2-4)" = "2${T}3${T}4" ]
	[ "$(sel 4-2)" = "4${T}3${T}2" ]
	[ "$(sel a-d)" = "1${T}2${T}3${T}4" ]
	[ "$(sel b-c)" = "2" ]                  # a name with a dash wins
	[ "$(sel '"b-c"-d')" = "2${T}3${T}4" ]
	[ "$(sel -2)" = "1${T}2" ]
	[ "$(sel 4-)" = "4${T}5${T}6" ]
	[ "$(sel '"x,y"')" = "3" ]
	[ "$(sel '"q""r"')" = "5" ]
	[ "$(sel 5)" = "6" ]                     # the column named 5, not the 5th
	[ "$(sel '!d')" = "1${T}2${T}3${T}5${T}6" ]
	[ "$(sel '!1-3,!"q""r"')" = "4${T}6" ]
	[ "$(sel 'd,a,!a')" = "4" ]
	[ "$(sel a,a)" = "1${T}1" ]
	run -64 --separate-stderr vi-keys -k '!1-6' "$S"
	[ "$stderr" = "vi-keys: $S: -k: the selection names no column" ]
	run -64 --separate-stderr vi-keys -k '"a' "$S"
	[ "${stderr_lines[0]}" = 'vi-keys: -k: unterminated quote in column list: "a' ]
	printf 'a-b,a,b-c,c\n1,2,3,4\n' >"$BATS_TEST_TMPDIR/amb.csv"
	run -64 --separate-stderr vi-keys -k 'a-b-c' "$BATS_TEST_TMPDIR/amb.csv"
	[ "$stderr" = "vi-keys: $BATS_TEST_TMPDIR/amb.csv: -k: ambiguous range: a-b-c (it can be split at more than one dash; quote the names)" ]
	# Without a header: numbers and ranges of numbers, open ends at the
	# first record.
	run -0 vi-keys -H --no-hash -k '3-,!4' "$S"
	[ "${lines[1]}" = "3${T}5${T}6${T}-:2" ]
}

@test "vi-keys: -H checks column numbers at the first record, before any output" {
	run -64 --separate-stderr vi-keys -b -H -k 2,9 "$F"
	[ -z "$output" ]
	[ "$stderr" = "vi-keys: $F: -k: no such column: 9 (the input has 5 columns)" ]
}

@test "vi-keys: an empty input is an empty stream; binary: a header only" {
	: >"$W/empty.csv"
	run -0 --separate-stderr vi-keys -k region "$W/empty.csv"
	[ -z "$output" ]
	[ -z "$stderr" ]
	cd "$W"
	head -1 "$F" >header.csv
	vi-keys -b -k date,region --no-hash header.csv >h.bin
	# magic, version 2, byte order, flags 0 (no hash), 2 keys, header
	# length 60, source "header.csv", names "date" and "region"; then the
	# end record: u32 0, count 0, XXH3-64 of no bytes (0x2d06800538d394c2).
	run -0 bash -c "od -An -tx1 -v h.bin | tr -s ' \\n' ' '"
	assert_output " 00 56 49 4b 45 59 53 1a 02 00 00 00 04 03 02 01 00 00 00 00 02 00 00 00 3c 00 00 00 0a 00 00 00 68 65 61 64 65 72 2e 63 73 76 04 00 00 00 64 61 74 65 06 00 00 00 72 65 67 69 6f 6e 00 00 00 00 00 00 00 00 00 00 00 00 c2 94 d3 38 05 80 06 2d "
}

@test "vi-keys: other usage errors (64)" {
	run -64 --separate-stderr vi-keys --hash-cols note --no-hash "$F"
	[ "${stderr_lines[0]}" = "vi-keys: --hash-cols and --no-hash exclude each other" ]
	run -64 --separate-stderr vi-keys "$F" "$F"
	[ "${stderr_lines[0]}" = "vi-keys: one input at most" ]
	run -64 --separate-stderr vi-keys --label '' "$F"
	[ "${stderr_lines[0]}" = "vi-keys: --label: the label is empty" ]
	run -64 --separate-stderr vi-keys -k
	[ "${stderr_lines[0]}" = "vi-keys: option requires an argument: -k" ]
	run -64 --separate-stderr vi-keys -q "$F"
	[ "${stderr_lines[0]}" = "vi-keys: unknown option: -q" ]
	[ "${stderr_lines[1]}" = "$USAGE1" ]
	run -64 --separate-stderr vi-keys --quote , "$F"
	[ "${stderr_lines[0]}" = "vi-keys: the quote and the delimiter are the same byte" ]
}

@test "vi-keys: no normalisation by default; --trim, --fold-case, -i, both" {
	run -0 --separate-stderr vi-keys -k region --no-hash "$N"
	assert_output " eu ${T}-:1
EU${T}-:2
\\tEu\\t${T}-:3
e u${T}-:4"
	run -0 --separate-stderr vi-keys -k region --no-hash --trim "$N"
	assert_output "eu${T}-:1
EU${T}-:2
Eu${T}-:3
e u${T}-:4"
	run -0 --separate-stderr vi-keys -k region --no-hash --fold-case "$N"
	assert_output " eu ${T}-:1
eu${T}-:2
\\teu\\t${T}-:3
e u${T}-:4"
	run -0 --separate-stderr vi-keys -k region --no-hash -i --trim "$N"
	assert_output "eu${T}-:1
eu${T}-:2
eu${T}-:3
e u${T}-:4"
}

@test "vi-keys: normalisation does not change the row hash" {
	run -0 vi-keys -k region "$N"
	plain=$output
	run -0 vi-keys -k region --trim -i "$N"
	[ "$(cut -f2 <<<"$plain")" = "$(cut -f2 <<<"$output")" ]
}

@test "vi-keys: --no-hash writes '-' for the hash" {
	run -0 --separate-stderr vi-keys -k region,date --no-hash "$F"
	assert_output "$(basic_keys | sed 's/\t[0-9a-f]\{16\}:/\t-:/')"
}

@test "vi-keys: --hash-cols chooses the columns and their order" {
	run -0 --separate-stderr vi-keys -k region,date --hash-cols note,amount "$F"
	assert_output "EU${T}2024-01-01${T}b2031dacf372be95:1
US, East${T}2024-01-02${T}b1671e6963ad77cc:2
multi\\nline${T}2024-01-03${T}7819db9d0fcd1543:3
EU${T}2024-01-01${T}b2031dacf372be95:4
${T}${T}d0a66a65c7528968:5
tab\\there${T}2024-01-06${T}db60f5d0c7caafea:6"
	# The default is every non-key column, in file order.
	run -0 vi-keys -k region,date --hash-cols id,amount,note "$F"
	assert_output "$(basic_keys)"
	run -0 vi-keys -k region,date --hash-cols 3,4,5 "$F"
	assert_output "$(basic_keys)"
}

@test "vi-keys: the row hash tells a,bc from ab,c and ignores quoting" {
	printf 'k,x,y\nK,a,bc\nK,ab,c\nK,"a","bc"\n' >"$W/split.csv"
	run -0 --separate-stderr vi-keys "$W/split.csv"
	assert_output "K${T}f42ee0df2a023ef1:1
K${T}642d4debfebf33ae:2
K${T}f42ee0df2a023ef1:3"
}

@test "vi-keys: empty key fields; no hashed column hashes nothing" {
	printf 'k,x\n"",\n,1\n' >"$W/empty.csv"
	run -0 --separate-stderr vi-keys -k k,x "$W/empty.csv"
	assert_output "${T}${T}2d06800538d394c2:1
${T}1${T}2d06800538d394c2:2"
}

@test "vi-keys: keys that differ only in escaped bytes stay distinct" {
	printf 'k\n"a\\tb"\n"a\tb"\n"a\\\\tb"\n"a\001b"\n"a\\\\x01b"\n' >"$W/esc.csv"
	run -0 --separate-stderr vi-keys --no-hash "$W/esc.csv"
	assert_output "a\\\\tb${T}-:1
a\\tb${T}-:2
a\\\\\\\\tb${T}-:3
a\\x01b${T}-:4
a\\\\\\\\x01b${T}-:5"
}

@test "vi-keys: CRLF input gives the same stream as LF input" {
	# Records end in CRLF; the line break inside quotes stays LF.
	python3 -c 'import csv, sys
w = csv.writer(sys.stdout, lineterminator="\r\n")
w.writerows(csv.reader(open(sys.argv[1], newline="")))' "$F" >"$W/crlf.csv"
	[ "$(grep -c $'\r$' "$W/crlf.csv")" = 7 ]
	run -0 --separate-stderr vi-keys -k region,date "$W/crlf.csv"
	assert_output "$(basic_keys)"
	# A CR inside quotes is data, and is kept.
	sed 's/$/\r/' "$F" >"$W/allcrlf.csv"
	run -0 --separate-stderr vi-keys -k region,date "$W/allcrlf.csv"
	assert_output "$(basic_keys | sed 's/multi\\n/multi\\r\\n/')"
}

@test "vi-keys: '-' and no operand read stdin" {
	run -0 --separate-stderr vi-keys -k region,date - <"$F"
	assert_output "$(basic_keys)"
	run -0 --separate-stderr vi-keys -k region,date <"$F"
	assert_output "$(basic_keys)"
}

@test "vi-keys: -H numbers records from the first line; -d and --quote" {
	printf "a;'x;y'\nb;c\n" >"$W/semi.csv"
	run -0 --separate-stderr vi-keys -H -d ';' --quote "'" -k 2,1 --no-hash "$W/semi.csv"
	assert_output "x;y${T}a${T}-:1
c${T}b${T}-:2"
	printf 'a\tb\n1\t2\n' | vi-keys -d tab -k b --no-hash >"$W/out"
	assert_equal "$(cat "$W/out")" "2${T}-:1"
}

@test "vi-keys: --label is attached to every record, escaped" {
	run -0 --separate-stderr vi-keys -k region --no-hash --label "b:2${T}x" "$N"
	assert_output " eu ${T}-:1:b:2\\tx
EU${T}-:2:b:2\\tx
\\tEu\\t${T}-:3:b:2\\tx
e u${T}-:4:b:2\\tx"
}

@test "vi-keys: an unterminated quote stops with 65 at its line" {
	printf 'a,b\n1,2\n"3,4\n5,6\n' >"$W/uq.csv"
	run -65 --separate-stderr vi-keys "$W/uq.csv"
	assert_output "1${T}a0049fb5e643b8a5:1"
	assert_equal "$stderr" "vi-keys: $W/uq.csv:3:9: unterminated quoted field"
}

@test "vi-keys: a wrong field count stops with 65; --lenient counts rejects" {
	printf 'a,b\n1,2\n3,4,5\n"x"y,1\n6,7\n' >"$W/bad.csv"
	run -65 --separate-stderr vi-keys "$W/bad.csv"
	assert_output "1${T}a0049fb5e643b8a5:1"
	assert_equal "$stderr" "vi-keys: $W/bad.csv:3:9: expected 2 fields, found 3"
	run -0 --separate-stderr vi-keys --lenient "$W/bad.csv"
	assert_output "1${T}a0049fb5e643b8a5:1
6${T}3de3ceaa9211c591:4"
	assert_equal "$stderr" "vi-keys: $W/bad.csv: 2 of 4 records rejected, the first at line 3 byte 9: expected 2 fields, found 3"
}

@test "vi-keys: shards 1..3 of 3 are disjoint and their union is the whole" {
	python3 "$AWK" gen 7 3000 >"$W/in.csv"
	vi-keys -k c1 --trim "$W/in.csv" | sort >"$W/all"
	for k in 1 2 3; do
		vi-keys -k c1 --trim --shard "$k/3" "$W/in.csv" >"$W/s$k"
		[ -s "$W/s$k" ]
	done
	sort "$W/s1" "$W/s2" "$W/s3" >"$W/union"
	cmp "$W/all" "$W/union"
	# Disjoint by key: no key is in two shards.
	for k in 1 2 3; do
		sed 's/\t[^\t]*$//' "$W/s$k" | sort -u
	done | sort | uniq -d >"$W/dups"
	[ ! -s "$W/dups" ]
	vi-keys -k c1 --trim --shard 1/1 "$W/in.csv" | sort >"$W/one"
	cmp "$W/all" "$W/one"
}

@test "vi-keys: bad --shard values are usage errors" {
	for s in 0/3 4/3 1/0 3 1/3x -1/3 a/b 1/99999999999999999999; do
		run -64 --separate-stderr vi-keys --shard "$s" "$F"
		[[ "${stderr_lines[0]}" == "vi-keys: --shard: "* ]]
	done
}

@test "vi-keys: binary output starts with the magic and round-trips" {
	vi-keys -b -k region,date "$F" >"$W/bin"
	run -0 bash -c "head -c 8 '$W/bin' | od -An -c | tr -s ' '"
	assert_output " \\0 V I K E Y S 032"
	if ! vi-sort --help 2>/dev/null | grep -q -- --to-text; then
		skip "vi-sort cannot convert binary to text"
	fi
	vi-sort --to-text "$W/bin" >"$W/b2t"
	basic_keys | sort >"$W/t"
	cmp "$W/t" "$W/b2t"
}

@test "vi-keys: differential against Python's csv module on awkward CSV" {
	python3 "$AWK" gen 42 3000 >"$W/aw.csv"
	python3 "$AWK" expect "$W/aw.csv" 3,1 >"$W/expect"
	vi-keys -k c3,c1 --no-hash "$W/aw.csv" >"$W/got"
	cmp "$W/expect" "$W/got"
	vi-keys -k c3,c1 "$W/aw.csv" >"$W/hashed"
	run -0 python3 "$AWK" hashcheck "$W/aw.csv" 3,1 "$W/hashed"
	[[ "$output" == "3000 rows, "*" boundary pairs" ]]
}

@test "vi-keys: a write error on data exits 74; a closed pipe is quiet" {
	python3 "$AWK" gen 1 20000 >"$W/big.csv"
	run --separate-stderr bash -c "vi-keys '$W/big.csv' > /dev/full"
	assert_equal "$status" 74
	assert_equal "$stderr" "vi-keys: write error: No space left on device"
	run --separate-stderr bash -c "set -o pipefail; vi-keys '$W/big.csv' | head -1 >/dev/null"
	assert_equal "$status" 141
	assert_equal "$stderr" ""
}

@test "vi-keys: -j1, -j2 and -j3 write the same bytes, whatever the block size" {
	python3 "$AWK" gen 7 4000 >"$W/aw.csv"
	vi-keys -j1 -k c3,c1 "$W/aw.csv" >"$W/j1"
	vi-keys -j1 -b -k c3,c1 --label L "$W/aw.csv" >"$W/j1b"
	[ -s "$W/j1" ]
	for j in 2 3; do
		for bs in 64b 1000b 16M; do
			vi-keys -j$j --block-size $bs -k c3,c1 "$W/aw.csv" >"$W/jn"
			cmp "$W/j1" "$W/jn"
			vi-keys -j$j --block-size $bs -b -k c3,c1 --label L "$W/aw.csv" >"$W/jnb"
			cmp "$W/j1b" "$W/jnb"
		done
	done
	# Sharded and unhashed, through the threaded pass too.
	vi-keys -j1 --shard 2/3 --no-hash -k c1 "$W/aw.csv" >"$W/s1"
	vi-keys -j2 --block-size 100b --shard 2/3 --no-hash -k c1 "$W/aw.csv" >"$W/s2"
	cmp "$W/s1" "$W/s2"
}

@test "vi-keys: -j2 on a malformed file fails like -j1, after the same records" {
	python3 "$AWK" gen 3 2000 >"$W/bad.csv"
	printf '1,2\n' >>"$W/bad.csv"
	python3 "$AWK" gen 4 50 | tail -n +2 >>"$W/bad.csv"
	run -65 --separate-stderr bash -c "vi-keys -j1 -k c1 '$W/bad.csv' >'$W/b1'"
	e1=$stderr
	run -65 --separate-stderr bash -c "vi-keys -j2 --block-size 64b -k c1 '$W/bad.csv' >'$W/b2'"
	assert_equal "$stderr" "$e1"
	cmp "$W/b1" "$W/b2"
}

@test "vi-keys: -b -j2 on a file malformed at its first record writes nothing, like -j1" {
	printf 'id,v\n"a"x,1\n2,3\n' >"$W/bad.csv"
	for j in 1 2; do
		run -65 --separate-stderr bash -c "vi-keys -b -j$j -k id '$W/bad.csv' >'$W/b$j'"
		[ "$stderr" = "vi-keys: $W/bad.csv:2:9: unexpected character after a closing quote" ]
		[ ! -s "$W/b$j" ]
	done
	# After a good record both write the header and that record.
	printf 'id,v\n1,2\n"a"x,1\n' >"$W/bad2.csv"
	run -65 --separate-stderr bash -c "vi-keys -b -j1 -k id '$W/bad2.csv' >'$W/c1'"
	run -65 --separate-stderr bash -c "vi-keys -b -j2 -k id '$W/bad2.csv' >'$W/c2'"
	[ -s "$W/c1" ]
	cmp "$W/c1" "$W/c2"
	# What came before the error, but no end record: downstream, the
	# stream is truncated, never complete.
	run -65 --separate-stderr vi-sort "$W/c2"
	[[ "$stderr" == "vi-sort: $W/c2: truncated key stream: it ends after 1 complete records "* ]]
}

@test "vi-keys: bad -j and --block-size values are usage errors" {
	for j in 0 65 x; do
		run -64 --separate-stderr vi-keys -j "$j" "$F"
		[[ "${stderr_lines[0]}" == "vi-keys: -j: "* ]]
	done
	run -64 --separate-stderr vi-keys --block-size 10b "$F"
	[[ "${stderr_lines[0]}" == "vi-keys: --block-size: "* ]]
}

@test "vi-keys: differential against Python's csv module, more seeds, every field as key" {
	for seed in 1 2 3 4 5 6; do
		python3 "$AWK" gen $seed 800 >"$W/aw.csv"
		python3 "$AWK" expect "$W/aw.csv" 1,2,3,4,5 >"$W/expect"
		vi-keys -k 1,2,3,4,5 --no-hash "$W/aw.csv" >"$W/got"
		cmp "$W/expect" "$W/got" || { echo "seed $seed differs"; return 1; }
		vi-keys -j2 --block-size 512b -k 1,2,3,4,5 --no-hash "$W/aw.csv" >"$W/got2"
		cmp "$W/expect" "$W/got2" || { echo "seed $seed differs with -j2"; return 1; }
	done
}
