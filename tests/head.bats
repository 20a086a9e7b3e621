#!/usr/bin/env bats
# vi-head (issue 12 section 3): the first records as a table, CSV, TSV or
# JSON lines; --sample.  Exact outputs, stdout and stderr checked
# separately; Python's csv module and a Python Algorithm R as references.

load test_helper/common

F="$BATS_TEST_DIRNAME/fixtures/head"
REF="$BATS_TEST_DIRNAME/head_ref.py"

setup() {
	W="$BATS_TEST_TMPDIR"
}

UTF8_WARN="vi-head: $F/mixed.csv:8:182: warning: 1 invalid UTF-8 sequence (here); the bytes look like Latin-1: read the file with --encoding latin1"

@test "head: the default table, control characters escaped, long and wide cells cut at 32 columns" {
	run -0 --separate-stderr vi-head "$F/mixed.csv"
	assert_equal "$output" "$(cat <<'EOF'
id  name                              note
1   multi\nline                       a\tb\rc
2   \x01ctl
3   long long long long long long l…  x
4   日本語です日本語です日本語です…   été
5   bad \xFF byte                     a\b
EOF
)"
	assert_equal "$stderr" "$UTF8_WARN"
}

@test "head: -w cuts by display width, never inside a character or an escape; -N numbers right-aligned" {
	run -0 --separate-stderr vi-head -N -w 6 "$F/mixed.csv"
	assert_equal "$output" "$(cat <<'EOF'
#  id  name    note
1  1   multi…  a\tb…
2  2   \x01c…
3  3   long …  x
4  4   日本…   été
5  5   bad …   a\b
EOF
)"
	# a\n is 3 columns: at -w 2 only "a" and the marker fit.
	printf 'h\n"a\nb"\n' > "$W/in.csv"
	run -0 --separate-stderr vi-head -w 2 "$W/in.csv"
	assert_equal "$output" "$(printf 'h\na…')"
	run -0 vi-head -w 1 "$W/in.csv"
	assert_equal "$output" "$(printf 'h\n…')"
	# -w 0: nothing is cut.
	run -0 --separate-stderr vi-head -w 0 -n 3 "$F/mixed.csv"
	assert_line -n 3 "3   long long long long long long long long long  x"
}

@test "head: -w counts an escape whole: a field that fits exactly is not cut" {
	printf 'h\n"a\nb"\n' > "$W/in.csv"
	run -0 --separate-stderr vi-head -w 4 "$W/in.csv"
	assert_equal "$output" "$(printf 'h\na\\nb')"
	run -0 --separate-stderr vi-head -w 3 "$W/in.csv"
	assert_equal "$output" "$(printf 'h\na\xe2\x80\xa6')"
	# C1 controls and U+2028 as \uHHHH, combining marks 0 columns wide.
	printf 'h,x\n\xc2\x85,\xe2\x80\xa8\ne\xcc\x81,y\n' > "$W/in.csv"
	run -0 --separate-stderr vi-head "$W/in.csv"
	assert_equal "$output" "$(printf 'h       x\n\\u0085  \\u2028\ne\xcc\x81       y')"
}

@test "head: -H shows no header; -n 2 the first two records" {
	run -0 --separate-stderr vi-head -H -n 2 "$F/small.csv"
	assert_equal "$output" "$(printf 'id  v\n1   a')"
	run -0 --separate-stderr vi-head -n 2 "$F/small.csv"
	assert_equal "$output" "$(printf 'id  v\n1   a\n2   b')"
	[ -z "$stderr" ]
}

@test "head: CSV output is RFC 4180, re-quoted, one record a line" {
	run -0 --separate-stderr vi-head -f csv "$F/mixed.csv"
	assert_equal "$output" "$(printf 'id,name,note\n1,"multi\nline","a\tb\rc"\n2,\x01ctl,\n3,long long long long long long long long long,x\n4,日本語です日本語です日本語です日本語です,e\xcc\x81t\xc3\xa9\n5,bad \xff byte,a\\b')"
	assert_equal "$stderr" "$UTF8_WARN"
	run -0 --separate-stderr vi-head -N -f csv "$F/small.csv"
	assert_equal "$output" "$(cat <<'EOF'
#,id,v
1,1,a
2,2,b
3,3,"x,y"
4,4,"say ""hi"""
5,5,
EOF
)"
	# A record of one empty field is "", not a blank line.
	printf 'a\n""\nx\n' > "$W/one.csv"
	run -0 vi-head -f csv "$W/one.csv"
	assert_equal "$output" "$(printf 'a\n""\nx')"
	# Another delimiter in, commas out.
	printf 'a;b\n1,5;2\n' > "$W/semi.csv"
	run -0 vi-head -d ';' -f csv "$W/semi.csv"
	assert_equal "$output" "$(printf 'a,b\n"1,5",2')"
}

@test "head: TSV and JSON lines" {
	run -0 --separate-stderr vi-head -f tsv "$F/mixed.csv"
	assert_equal "$output" "$(printf 'id\tname\tnote\n1\tmulti\\nline\ta\\tb\\rc\n2\t\x01ctl\t\n3\tlong long long long long long long long long\tx\n4\t日本語です日本語です日本語です日本語です\te\xcc\x81t\xc3\xa9\n5\tbad \xff byte\ta\\\\b')"
	run -0 --separate-stderr vi-head -N -f json "$F/mixed.csv"
	assert_equal "$output" "$(cat <<'EOF'
["#","id","name","note"]
[1,"1","multi\nline","a\tb\rc"]
[2,"2","\u0001ctl",""]
[3,"3","long long long long long long long long long","x"]
[4,"4","日本語です日本語です日本語です日本語です","été"]
[5,"5","bad � byte","a\\b"]
EOF
)"
	run -0 vi-head -f json -n 1 "$F/small.csv"
	assert_equal "$output" "$(printf '["id","v"]\n["1","a"]')"
}

@test "head: N larger than the file, -n 0, a header alone, an empty input" {
	run -0 --separate-stderr vi-head -n 1000 -f csv "$F/small.csv"
	assert_equal "$output" "$(cat "$F/small.csv")"
	run -0 --separate-stderr vi-head -n 0 "$F/small.csv"
	assert_equal "$output" "id  v"
	run -0 --separate-stderr vi-head -n 0 -H "$F/small.csv"
	assert_equal "$output" ""
	printf 'a,b\n' > "$W/h.csv"
	for fmt in table csv tsv; do
		run -0 --separate-stderr vi-head -f "$fmt" "$W/h.csv"
		[ "$output" = "a  b" ] || [ "$output" = "a,b" ] || [ "$output" = "$(printf 'a\tb')" ]
		[ -z "$stderr" ]
	done
	run -0 --separate-stderr vi-head -f json "$W/h.csv"
	assert_equal "$output" '["a","b"]'
	: > "$W/empty.csv"
	for fmt in table csv tsv json; do
		run -0 --separate-stderr vi-head -f "$fmt" "$W/empty.csv"
		assert_equal "$output" ""
		assert_equal "$stderr" ""
		run -0 --separate-stderr vi-head --sample 3 -f "$fmt" - < "$W/empty.csv"
		assert_equal "$output" ""
	done
}

@test "head: gzip and zstd input give the plain file's output" {
	python3 -c 'print("id,note"); [print(f"{i},\"n\n{i}\"") for i in range(200000)]' > "$W/big.csv"
	gzip -c "$W/big.csv" > "$W/big.csv.gz"
	zstd -q -c "$W/big.csv" > "$W/big.csv.zst"
	for args in "-n 5" "-n 5 -f csv" "--sample 7 -N -f csv"; do
		vi-head $args "$W/big.csv" > "$W/want"
		for z in gz zst; do
			vi-head $args "$W/big.csv.$z" | cmp - "$W/want"
			vi-head $args - < "$W/big.csv.$z" | cmp - "$W/want"
		done
	done
	run -0 vi-head -n 2 -f csv "$W/big.csv.gz"
	assert_equal "$output" "$(printf 'id,note\n0,"n\n0"\n1,"n\n1"')"
}

@test "head: reading stops at the N-th record: an endless stream ends, a fault later is never seen" {
	run -0 --separate-stderr timeout 20 bash -c "{ printf 'a,b\n'; yes '1,2'; } | vi-head -n 3"
	assert_equal "$output" "$(printf 'a  b\n1  2\n1  2\n1  2')"
	assert_equal "$stderr" ""
	run -0 --separate-stderr timeout 20 bash -c "{ printf 'a,b\n'; yes '\"x
y\",2'; } | vi-head -n 2 -f csv"
	assert_equal "$output" "$(printf 'a,b\n"x\ny",2\n"x\ny",2')"
	# gzip'd and endless.
	run -0 --separate-stderr timeout 20 bash -c "{ printf 'a,b\n'; yes '1,2'; } | gzip -1 | vi-head -n 1 -f csv"
	assert_equal "$output" "$(printf 'a,b\n1,2')"
	# A malformed record after the ones wanted is never read.
	printf 'a,b\n1,2\n3,4\n5,"6\n' > "$W/bad.csv"
	run -0 --separate-stderr vi-head -n 2 -f csv "$W/bad.csv"
	assert_equal "$output" "$(printf 'a,b\n1,2\n3,4')"
	[ -z "$stderr" ]
}

@test "head: malformed input is 65 with file:line:byte; --lenient counts the rejects" {
	printf 'a,b\n1,2\n3,4,5\n6,7\n' > "$W/bad.csv"
	run -65 --separate-stderr vi-head -f csv "$W/bad.csv"
	assert_equal "$stderr" "vi-head: $W/bad.csv:3:9: expected 2 fields, found 3"
	run -0 --separate-stderr vi-head --lenient -N -f csv "$W/bad.csv"
	assert_equal "$output" "$(printf '#,a,b\n1,1,2\n3,6,7')"
	assert_equal "$stderr" "vi-head: $W/bad.csv: 1 of 3 records rejected, the first at line 3 byte 9: expected 2 fields, found 3"
	run -0 --separate-stderr vi-head --lenient --sample 5 -f csv "$W/bad.csv"
	assert_equal "$output" "$(printf 'a,b\n1,2\n6,7')"
	# -o is not replaced by a failed run.
	echo old > "$W/out"
	run -65 vi-head -o "$W/out" "$W/bad.csv"
	assert_equal "$(cat "$W/out")" old
}

@test "head: --encoding reads another encoding, writes UTF-8" {
	printf 'name\ncaf\xe9\n' > "$W/l1.csv"
	run -0 --separate-stderr vi-head --encoding latin1 "$W/l1.csv"
	assert_equal "$output" "$(printf 'name\ncaf\xc3\xa9')"
	[ -z "$stderr" ]
}

@test "head: usage: -n with --sample, --seed without it, a bad width" {
	run -64 --separate-stderr vi-head -n 3 --sample 3 "$F/small.csv"
	assert_equal "${stderr_lines[0]}" "vi-head: -n and --sample exclude each other"
	run -64 --separate-stderr vi-head --seed 3 "$F/small.csv"
	assert_equal "${stderr_lines[0]}" "vi-head: --seed needs --sample"
	run -64 --separate-stderr vi-head -w x "$F/small.csv"
	[[ "${stderr_lines[0]}" == "vi-head: --width: "* ]]
	run -64 --separate-stderr vi-head -f xml "$F/small.csv"
	assert_equal "${stderr_lines[0]}" "vi-head: --format: unknown value: xml (one of: table, csv, tsv, json)"
}

@test "head: --sample is reproducible, a subset of the records in file order, and the seed matters" {
	python3 -c 'print("id,v"); [print(f"{i},v{i}") for i in range(1, 5001)]' > "$W/in.csv"
	vi-head --sample 20 --seed 42 -N -f csv "$W/in.csv" > "$W/s1"
	vi-head --sample 20 --seed 42 -N -f csv - < "$W/in.csv" > "$W/s2"
	cmp "$W/s1" "$W/s2"
	run -0 wc -l < "$W/s1"
	assert_equal "$output" 21
	# Each sampled row is the input's record at its number, numbers rise.
	run -0 awk -F, 'NR == 1 { next } $2 != $1 || $3 != "v" $1 || $1 <= last { print "bad: " $0 } { last = $1 }' "$W/s1"
	assert_equal "$output" ""
	vi-head --sample 20 --seed 43 -N -f csv "$W/in.csv" > "$W/s3"
	! cmp -s "$W/s1" "$W/s3"
	# The default seed is 0.
	vi-head --sample 20 -f csv "$W/in.csv" > "$W/d1"
	vi-head --sample 20 --seed 0 -f csv "$W/in.csv" > "$W/d2"
	cmp "$W/d1" "$W/d2"
}

@test "head: --sample N with N at least the records is the whole file" {
	for n in 5 6 1000; do
		run -0 vi-head --sample "$n" -f csv "$F/small.csv"
		assert_equal "$output" "$(cat "$F/small.csv")"
	done
	run -0 vi-head --sample 0 -f csv "$F/small.csv"
	assert_equal "$output" "id,v"
}

@test "head: --sample against a Python Algorithm R with SplitMix64 (seeds, sizes)" {
	for n in 0 1 7 100 1000; do
		python3 -c "import sys; print('id'); [print(i) for i in range(1, $n + 1)]" > "$W/in.csv"
		for k in 1 3 10 150; do
			for seed in 0 1 12345 18446744073709551615; do
				vi-head --sample "$k" --seed "$seed" -N -f csv "$W/in.csv" > "$W/got"
				python3 "$REF" sample "$k" "$seed" "$W/in.csv" > "$W/want"
				cmp "$W/got" "$W/want" || { echo "n=$n k=$k seed=$seed"; diff "$W/got" "$W/want" | head; false; }
			done
		done
	done
}

@test "head: -f csv agrees with Python's csv module on random CSV" {
	for seed in $(seq 1 60); do
		python3 "$REF" random "$seed" > "$W/in.csv"
		for n in 0 3 1000; do
			vi-head -n "$n" -f csv "$W/in.csv" > "$W/got" || { echo "seed $seed: exit $?"; false; }
			python3 "$REF" head "$n" "$W/in.csv" > "$W/want"
			cmp "$W/got" "$W/want" || { echo "seed $seed n $n"; diff "$W/got" "$W/want" | head; false; }
			python3 "$REF" same "$W/in.csv" "$W/got" "$n"
		done
	done
}

@test "head: a run that fails writes nothing, the sample and the first records alike" {
	cd "$W"
	printf 'id,s\n1,a\n2,"b\n' >bad.csv
	for args in "-n 5" "-n 5 -f csv" "--sample 1 -f json" "-N"; do
		run -65 --separate-stderr vi-head $args bad.csv
		[ -z "$output" ]
		[ "$stderr" = "vi-head: bad.csv:3:12: unterminated quoted field" ]
	done
}
