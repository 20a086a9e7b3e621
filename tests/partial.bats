#!/usr/bin/env bats
# vi-stats --partial, --merge and --part K/N: merged states give the report
# of one run, byte for byte; damaged states and bad command lines are
# refused.  Exact outputs; stdout and stderr checked separately.

load test_helper/common

F="$BATS_TEST_DIRNAME/fixtures/stats"
EX="$BATS_TEST_DIRNAME/../examples"

setup() {
	D="$BATS_TEST_TMPDIR"
}

# parts_equal FILE N [OPTIONS...]: the N part states of FILE, merged, give
# the whole-file report in every format (table, json, csv, tsv).
parts_equal() {
	local f=$1 n=$2 k fmt states=()
	shift 2
	for ((k = 1; k <= n; k++)); do
		vi-stats "$@" --partial --part "$k/$n" -o "$D/p$k.state" "$f" \
		    2>/dev/null || { echo "part $k/$n of $f failed"; return 1; }
		states+=("$D/p$k.state")
	done
	for fmt in table json csv tsv; do
		vi-stats "$@" -f "$fmt" "$f" >"$D/whole" 2>/dev/null
		vi-stats -f "$fmt" --merge "${states[@]}" >"$D/merged" 2>/dev/null ||
		    { echo "merge of $n parts of $f failed"; return 1; }
		cmp "$D/whole" "$D/merged" ||
		    { echo "$f, $n parts, $*, -f $fmt:"; diff "$D/whole" "$D/merged"; return 1; }
	done
}

@test "--partial then --merge of one state: the report of the run" {
	for f in "$EX"/*.csv "$F"/types.csv "$F"/quoted_crlf.csv "$F"/bom_badutf8.csv "$F"/empty.csv "$F"/header_only.csv; do
		run parts_equal "$f" 1
		assert_success
	done
}

@test "--part K/N merged: byte-identical to the whole file on the examples, N up to more than the records" {
	for f in "$EX"/*.csv; do
		for n in 2 3 7 40; do
			run parts_equal "$f" "$n"
			assert_success
		done
	done
}

@test "--part K/N merged: every byte a boundary (quoted newlines, CRLF, blank lines, nulls, bad UTF-8)" {
	python3 "$F/gen-partial.py" 12 3 >"$D/s.csv"
	size=$(wc -c <"$D/s.csv")
	run parts_equal "$D/s.csv" "$size" --block-size 64
	assert_success
	run parts_equal "$F/quoted_crlf.csv" "$(wc -c <"$F/quoted_crlf.csv")"
	assert_success
	run parts_equal "$F/bom_badutf8.csv" "$(wc -c <"$F/bom_badutf8.csv")"
	assert_success
}

@test "--part K/N merged: generated file, mean and stddev bit for bit across blocks" {
	python3 "$F/gen-partial.py" 3000 1 >"$D/g.csv"
	for n in 2 5 16; do
		run parts_equal "$D/g.csv" "$n"
		assert_success
		run parts_equal "$D/g.csv" "$n" --block-size 4096
		assert_success
	done
	run parts_equal "$D/g.csv" 9 --block-size 64 -j 1
	assert_success
}

@test "--part K/N merged: no header, lenient rejects, other nulls" {
	python3 "$F/gen-partial.py" 200 5 >"$D/g.csv"
	run parts_equal "$D/g.csv" 6 -H --block-size 512
	assert_success
	run parts_equal "$F/ragged.csv" 3 --lenient
	assert_success
	run parts_equal "$D/g.csv" 4 --nulls sql
	assert_success
}

@test "--merge --schema: the schema of the whole file" {
	python3 "$F/gen-partial.py" 300 2 >"$D/g.csv"
	for k in 1 2 3; do vi-stats --partial --part "$k/3" "$D/g.csv" >"$D/p$k" 2>/dev/null; done
	vi-stats --schema "$D/g.csv" >"$D/whole" 2>/dev/null
	run --separate-stderr vi-stats --schema --merge "$D/p1" "$D/p2" "$D/p3"
	assert_success
	assert_equal "$output" "$(cat "$D/whole")"
}

@test "a part's messages: lines and bytes of the whole file" {
	run --separate-stderr vi-stats --partial --part 2/3 "$F/strayquote.csv"
	assert_equal "$status" 65
	assert_equal "$output" ""
	assert_equal "$stderr" "vi-stats: $F/strayquote.csv:2:13: quote character in an unquoted field"
	python3 "$F/gen-partial.py" 40 3 >"$D/g.csv"
	run --separate-stderr vi-stats --part 2/2 "$D/g.csv"
	assert_success
	assert_equal "$stderr" "vi-stats: $D/g.csv:50:1392: warning: 3 invalid UTF-8 sequences (first here); the bytes look like Latin-1: read the file with --encoding latin1"
	assert_line --index 0 "file: $D/g.csv"
	# An independent count (Python, by quote parity): the part starts at
	# byte 968, the first invalid sequence is at line 50, byte 1392.
	assert_line --index 1 "rows: 20  read: 20  rejected: 0  columns: 6  bytes: 896  blank lines: 1"
}

@test "states of two files: counts add up, the first exception is the first state's" {
	printf 'id,v\n1,10\n2,x\n3,30\n' >"$D/a.csv"
	printf 'id,v\n4,y\n5,50\n' >"$D/b.csv"
	vi-stats --partial "$D/a.csv" >"$D/a.state"
	vi-stats --partial "$D/b.csv" >"$D/b.state"
	run --separate-stderr vi-stats -f csv --merge "$D/a.state" "$D/b.state"
	assert_success
	assert_equal "$stderr" ""
	assert_equal "$output" "file,partial,rows,index,name,type,non_null,nulls,min,max,min_length,max_length,distinct_estimate,distinct_error,mean,stddev,confidence_type,confidence_percent,exception_line,exception_value,zero_padded,int64_overflow,nonfinite,null_tokens
$D/a.csv+$D/b.csv,false,5,1,id,integer,5,0,1,5,1,1,5,0.008125,3,1.5811388300841898,,,,,0,0,0,
$D/a.csv+$D/b.csv,false,5,2,v,string,5,0,10,y,1,2,5,0.008125,,,,,,,0,0,0,"
	run --separate-stderr vi-stats -f json --merge "$D/a.state" "$D/b.state"
	run python3 -c 'import json,sys; c=json.loads(sys.stdin.read())["columns"][1]; print(c["exceptions"]["integer"], c["fits"]["integer"])' <<<"$output"
	assert_output "{'line': 3, 'value': 'x', 'truncated': False} 3"
	run --separate-stderr vi-stats -f json --merge "$D/b.state" "$D/a.state"
	run python3 -c 'import json,sys; o=json.loads(sys.stdin.read()); c=o["columns"][1]; print(o["file"], c["exceptions"]["integer"], o["rows"], o["bytes"])' <<<"$output"
	assert_output "$D/b.csv+$D/a.csv {'line': 2, 'value': 'y', 'truncated': False} 5 33"
}

@test "merged mean and stddev agree with one pass to 1e-12 relative" {
	python3 "$F/gen-partial.py" 2000 7 >"$D/g.csv"
	vi-stats --partial "$D/g.csv" >"$D/1.state" 2>/dev/null
	vi-stats --partial "$D/g.csv" >"$D/2.state" 2>/dev/null
	vi-stats -f json --merge "$D/1.state" "$D/2.state" >"$D/m.json" 2>/dev/null
	# The header is two physical lines (a quoted newline in a name).
	cat "$D/g.csv" <(tail -n +3 "$D/g.csv") >"$D/gg.csv"
	vi-stats -f json "$D/gg.csv" >"$D/w.json" 2>/dev/null
	run python3 -c '
import json, sys
m = json.load(open(sys.argv[1])); w = json.load(open(sys.argv[2]))
for a, b in zip(m["columns"], w["columns"]):
    for k in ("mean", "stddev"):
        x, y = a[k], b[k]
        if (x is None) != (y is None) or (x is not None and abs(x - y) > 1e-12 * abs(y)):
            print(a["name"], k, x, y)
print(m["rows"] == w["rows"], m["columns"][0]["distinct_estimate"] == w["columns"][0]["distinct_estimate"])
' "$D/m.json" "$D/w.json"
	assert_output "True True"
}

# refused STATUS MESSAGE STATE...: --merge exits STATUS, prints nothing on
# stdout and "vi-stats: MESSAGE" on stderr.
refused() {
	local want=$1 msg=$2
	shift 2
	run --separate-stderr vi-stats --merge "$@"
	assert_equal "$status" "$want"
	assert_equal "$output" ""
	assert_equal "$stderr" "vi-stats: $msg"
}

@test "damaged, cut short, empty or other-version states: exit 65 naming the file" {
	printf 'id,v\n1,10\n2,x\n' >"$D/a.csv"
	vi-stats --partial "$D/a.csv" >"$D/a.state"
	head -c 200 "$D/a.state" >"$D/cut.state"
	sed 's/"rows":2/"rows":3/' "$D/a.state" >"$D/flip.state"
	sed 's/"format_version":2,/"format_version":1,/' "$D/a.state" >"$D/v1.state"
	: >"$D/empty.state"
	refused 65 "$D/cut.state: not a complete vi-stats state: it does not end with its checksum (cut short?)" "$D/a.state" "$D/cut.state"
	refused 65 "$D/flip.state: not a complete vi-stats state: checksum mismatch (the file is damaged)" "$D/flip.state"
	refused 65 "$D/v1.state: a state of another format_version (this vi-stats reads 2)" "$D/v1.state"
	refused 65 "$D/empty.state: not a complete vi-stats state: it is empty" "$D/empty.state"
	refused 65 "$D/a.csv: not a complete vi-stats state: it does not end with its checksum (cut short?)" "$D/a.csv"
	refused 66 "$D/missing.state: No such file or directory" "$D/a.state" "$D/missing.state"
	# Cut at every byte: never merged.
	size=$(wc -c <"$D/a.state")
	for ((i = 0; i < size; i += 7)); do
		head -c "$i" "$D/a.state" >"$D/c.state"
		run vi-stats --merge "$D/c.state"
		assert_equal "$status" 65
	done
}

@test "states of different tables or null tokens: exit 65 naming both files" {
	printf 'id,v\n1,10\n' >"$D/a.csv"
	printf 'id,w\n1,10\n' >"$D/b.csv"
	printf 'id\n1\n' >"$D/c.csv"
	vi-stats --partial "$D/a.csv" >"$D/a.state"
	vi-stats --partial "$D/b.csv" >"$D/b.state"
	vi-stats --partial "$D/c.csv" >"$D/c.state"
	vi-stats --partial --nulls sql "$D/a.csv" >"$D/sql.state"
	refused 65 "$D/b.state: column 2 is named differently in $D/a.state: the states are of different tables" "$D/a.state" "$D/b.state"
	refused 65 "$D/c.state: 1 columns, $D/a.state has 2: the states are of different tables" "$D/a.state" "$D/c.state"
	refused 65 "$D/sql.state: other null tokens than $D/a.state's (--nulls must be the same)" "$D/a.state" "$D/sql.state"
}

@test "parts out of order, missing, or after a quoting fault: exit 65" {
	python3 "$F/gen-partial.py" 50 4 >"$D/g.csv"
	for k in 1 2 3; do vi-stats --partial --part "$k/3" "$D/g.csv" >"$D/p$k" 2>/dev/null; done
	refused 65 "$D/p3: part 2/3 of $D/g.csv was expected here: merge the parts of a file in order, all of them" "$D/p1" "$D/p3" "$D/p2"
	refused 65 "$D/p2: part 3/3 of $D/g.csv is missing: merge the parts of a file in order, all of them" "$D/p1" "$D/p2"
	refused 65 "$D/p2: part 2/3 without the parts before it: merge the parts of a file in order, all of them" "$D/p2" "$D/p3"
	printf 'id,name\n1,"a\n2,b\n3,c\n4,d\n' >"$D/q.csv"
	vi-stats --lenient --partial --part 1/2 "$D/q.csv" >"$D/q1" 2>/dev/null
	vi-stats --lenient --partial --part 2/2 "$D/q.csv" >"$D/q2" 2>/dev/null
	refused 65 "$D/q1: part 1/2 met 1 quoting faults: the record boundaries of the parts after it cannot be trusted; profile $D/q.csv without --part" "$D/q1" "$D/q2"
}

@test "usage errors: exit 64 with the usage line" {
	for args in "--merge" "--merge --partial x" "--merge --part 1/2 x" "--merge -n 5 x" \
	    "--part 0/3 x" "--part 4/3 x" "--part 1/0 x" "--part 1 x" "--part 1/2" "--part 1/2 -" \
	    "--part 1/2 a b" "--partial a b" "--partial --schema x" "--partial -n 3 x" "--part 1/2 -n 3 x"; do
		run --separate-stderr vi-stats $args
		assert_equal "$status" 64
		assert_equal "$output" ""
		assert_equal "$(sed -n 2p <<<"$stderr")" "usage: vi-stats [-H] [-d delim] [-f format] [-j jobs] [-n limit] [-o file]"
	done
	run --separate-stderr vi-stats --part 4/3 x
	assert_equal "$(head -1 <<<"$stderr")" "vi-stats: --part: not K/N with 1 <= K <= N: 4/3"
	run --separate-stderr vi-stats --merge
	assert_equal "$(head -1 <<<"$stderr")" "vi-stats: --merge: no state files"
}

@test "--part on a FIFO: exit 64; -o writes the state only when the run succeeds" {
	mkfifo "$D/fifo"
	printf 'a,b\n1,2\n' >"$D/fifo" &
	run --separate-stderr vi-stats --part 1/2 "$D/fifo"
	wait
	assert_equal "$status" 64
	assert_equal "$stderr" "vi-stats: $D/fifo: --part needs a regular file"
	run --separate-stderr vi-stats --partial -o "$D/bad.state" "$F/ragged.csv"
	assert_equal "$status" 65
	assert_file_not_exists "$D/bad.state"
	run --separate-stderr vi-stats --partial -o "$D/ok.state" "$F/types.csv"
	assert_success
	assert_equal "$output" ""
	run --separate-stderr vi-stats --merge "$D/ok.state"
	assert_success
	assert_equal "$output" "$(cat "$F/types.table" | sed "s|^file: .*|file: $F/types.csv|")"
}

# keys_equal FILE N [OPTIONS...]: the N parts' key streams, concatenated
# and sorted, are the whole file's sorted stream (absolute row numbers).
keys_equal() {
	local f=$1 n=$2 k
	shift 2
	vi-keys "$@" "$f" 2>/dev/null | LC_ALL=C sort >"$D/kw"
	for ((k = 1; k <= n; k++)); do
		vi-keys "$@" --part "$k/$n" "$f" 2>/dev/null ||
		    { echo "vi-keys part $k/$n of $f failed"; return 1; }
	done | LC_ALL=C sort >"$D/km"
	cmp "$D/kw" "$D/km" || { diff "$D/kw" "$D/km" | head; return 1; }
}

@test "vi-keys --part K/N: the parts' streams, sorted, are the whole file's" {
	python3 "$F/gen-partial.py" 12 3 >"$D/s.csv"
	run keys_equal "$D/s.csv" "$(wc -c <"$D/s.csv")" -k id,5
	assert_success
	python3 "$F/gen-partial.py" 3000 1 >"$D/g.csv"
	for n in 2 7 31; do
		run keys_equal "$D/g.csv" "$n" -k when,id --label g
		assert_success
	done
	run keys_equal "$D/g.csv" 5 -H -k 2 --shard 2/3
	assert_success
	for n in 3 40; do
		run keys_equal "$EX/extract_crm.csv" "$n" -k region,date,id
		assert_success
	done
	run keys_equal "$F/ragged.csv" 3 --lenient
	assert_success
}

@test "vi-keys --part K/N: absolute row numbers, binary streams complete, usage errors" {
	printf 'id,note\n1,"a\n\nb"\n\n2,x\n3,"y\r\nz"\n4,w\n' >"$D/q.csv"
	# 37 bytes; part 2 is bytes 18 to 36: a blank line, then records 2 to 4.
	run --separate-stderr vi-keys --part 2/2 "$D/q.csv"
	assert_success
	assert_equal "$output" "$(vi-keys "$D/q.csv" | sed -n 2,4p)"
	assert_equal "$(cut -d: -f2 <<<"$output" | tr '\n' ' ')" "2 3 4 "
	run --separate-stderr vi-keys --part 1/2 "$D/q.csv"
	assert_equal "$output" "$(vi-keys "$D/q.csv" | sed -n 1p)"
	for k in 1 2 3; do
		vi-keys -b --part "$k/3" "$D/q.csv" >"$D/b$k"
		run --separate-stderr vi-sort "$D/b$k"
		assert_success
	done
	run --separate-stderr vi-keys --part 1/2 -
	assert_equal "$status" 64
	assert_equal "$(head -1 <<<"$stderr")" "vi-keys: --part needs a regular file, not the standard input"
	run --separate-stderr vi-keys --part 3/2 "$D/q.csv"
	assert_equal "$status" 64
	assert_equal "$(head -1 <<<"$stderr")" "vi-keys: --part: not K/N with 1 <= K <= N: 3/2"
	run --separate-stderr vi-keys --part 2/3 "$F/../../fixtures/stats/strayquote.csv"
	assert_equal "$status" 65
	assert_equal "$stderr" "vi-keys: $F/../../fixtures/stats/strayquote.csv:2:13: quote character in an unquoted field"
}
