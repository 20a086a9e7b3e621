#!/usr/bin/env bats
# vi-validate: schema loading, every type and constraint on both sides of its
# boundary, byte-exact pass-through, conservation of rows, header checks,
# malformed input, and the round trip with vi-stats --schema.

load test_helper/common

F="$BATS_TEST_DIRNAME/fixtures/validate"
EX="$BATS_TEST_DIRNAME/../examples"

# A schema from a JSON literal.
schema() { printf '%s\n' "$1" > "$BATS_TEST_TMPDIR/s.json"; }
S() { echo "$BATS_TEST_TMPDIR/s.json"; }
# The 1-based byte offset where physical line $2 of file $1 starts: the
# position vi-validate gives a violation of the record starting there.
at() { awk -v n="$2" 'NR < n { s += length($0) + 1 } END { print s + 1 }' "$1"; }

@test "every type and constraint, both sides of each boundary: exact messages" {
	run --separate-stderr vi-validate --schema "$F/types.json" --rejects "$BATS_TEST_TMPDIR/rej.csv" "$F/types.csv"
	assert_equal "$status" 1
	assert_equal "$output" "$(head -3 "$F/types.csv")"
	assert_equal "$(cat "$BATS_TEST_TMPDIR/rej.csv")" "$(sed -n '1p;4,$p' "$F/types.csv")"
	local p="vi-validate: $F/types.csv"
	assert_equal "$stderr" "$p:4:$(at "$F/types.csv" 4): column \"price\": \"12,5\" is not a number
$p:4:$(at "$F/types.csv" 4): column \"ok\": \"yes\" is not a boolean
$p:4:$(at "$F/types.csv" 4): column \"day\": \"2024-02-30\" is not a date
$p:4:$(at "$F/types.csv" 4): column \"at\": \"2023-12-31T23:59:59Z\" is less than the minimum 2024-01-01T00:00:00Z
$p:4:$(at "$F/types.csv" 4): column \"code\": \"ab1\" does not match the pattern \"[A-Z]{2}[0-9]+\"
$p:4:$(at "$F/types.csv" 4): column \"color\": \"blue\" is not in the enum
$p:5:$(at "$F/types.csv" 5): column \"id\": \"0\" is less than the minimum 1
$p:5:$(at "$F/types.csv" 5): column \"price\": \"-0.01\" is less than the minimum 0
$p:5:$(at "$F/types.csv" 5): column \"day\": \"2023-12-31\" is less than the minimum 2024-01-01
$p:5:$(at "$F/types.csv" 5): column \"at\": \"2024-01-01T00:00:00+01:00\" is less than the minimum 2024-01-01T00:00:00Z
$p:5:$(at "$F/types.csv" 5): column \"code\": \"AB1234\" is longer than maxLength 5
$p:5:$(at "$F/types.csv" 5): column \"color\": \"Red\" is not in the enum
$p:6:$(at "$F/types.csv" 6): column \"id\": \"101\" is greater than the maximum 100
$p:6:$(at "$F/types.csv" 6): column \"price\": \"1000.51\" is greater than the maximum 1000.5
$p:6:$(at "$F/types.csv" 6): column \"day\": \"2025-01-01\" is greater than the maximum 2024-12-31
$p:6:$(at "$F/types.csv" 6): column \"code\": \"A1\" is shorter than minLength 3
$p:6:$(at "$F/types.csv" 6): column \"code\": \"A1\" does not match the pattern \"[A-Z]{2}[0-9]+\"
$p:7:$(at "$F/types.csv" 7): column \"id\": \"1\" is a duplicate (unique)
$p:8:$(at "$F/types.csv" 8): column \"id\": \"NA\" is a missing value (required)
$p: 5 of 7 rows invalid, 19 violations
$p: column \"id\": required: 1 (first at line 8)
$p: column \"id\": unique: 1 (first at line 7)
$p: column \"id\": minimum: 1 (first at line 5)
$p: column \"id\": maximum: 1 (first at line 6)
$p: column \"price\": type: 1 (first at line 4)
$p: column \"price\": minimum: 1 (first at line 5)
$p: column \"price\": maximum: 1 (first at line 6)
$p: column \"ok\": type: 1 (first at line 4)
$p: column \"day\": type: 1 (first at line 4)
$p: column \"day\": minimum: 1 (first at line 5)
$p: column \"day\": maximum: 1 (first at line 6)
$p: column \"at\": minimum: 2 (first at line 4)
$p: column \"code\": minLength: 1 (first at line 6)
$p: column \"code\": maxLength: 1 (first at line 5)
$p: column \"code\": pattern: 2 (first at line 4)
$p: column \"color\": enum: 2 (first at line 4)"
}

@test "integer: leading zeros, int64 edges and non-integers" {
	schema '{"fields":[{"name":"n","type":"integer"}]}'
	printf 'n\n0\n-0\n+7\n9223372036854775807\n-9223372036854775808\n' > "$BATS_TEST_TMPDIR/ok.csv"
	run --separate-stderr vi-validate --schema "$(S)" "$BATS_TEST_TMPDIR/ok.csv"
	assert_success
	assert_equal "$stderr" ""
	printf 'n\n007\n9223372036854775808\n1.0\n1e3\n' > "$BATS_TEST_TMPDIR/bad.csv"
	run --separate-stderr vi-validate --max-errors 4 --schema "$(S)" "$BATS_TEST_TMPDIR/bad.csv"
	assert_equal "$status" 1
	assert_equal "$output" "n"
	assert_line --index 0 --partial "" # stdout is only the header
	[ "$(grep -c 'is not an integer' <<<"$stderr")" -eq 4 ]
}

@test "number: exponents, inf and nan fit; nan fails a minimum" {
	schema '{"fields":[{"name":"x","type":"number"},{"name":"y"}],"missingValues":[]}'
	printf 'x,y\n1e5,\n-2.5E-3,\n.5,\n5.,\ninf,\nnan,\n,\n' > "$BATS_TEST_TMPDIR/a.csv"
	run --separate-stderr vi-validate --schema "$(S)" "$BATS_TEST_TMPDIR/a.csv"
	assert_equal "$status" 1
	assert_equal "$stderr" "vi-validate: $BATS_TEST_TMPDIR/a.csv:8:$(at "$BATS_TEST_TMPDIR/a.csv" 8): column \"x\": \"\" is not a number
vi-validate: $BATS_TEST_TMPDIR/a.csv: 1 of 7 rows invalid, 1 violations
vi-validate: $BATS_TEST_TMPDIR/a.csv: column \"x\": type: 1 (first at line 8)"
	schema '{"fields":[{"name":"x","type":"number","constraints":{"minimum":-1}}]}'
	printf 'x\n-1\nnan\n' > "$BATS_TEST_TMPDIR/b.csv"
	run --separate-stderr vi-validate --max-errors 9 --schema "$(S)" "$BATS_TEST_TMPDIR/b.csv"
	assert_equal "$status" 1
	assert_equal "$(head -1 <<<"$stderr")" "vi-validate: $BATS_TEST_TMPDIR/b.csv:3:$(at "$BATS_TEST_TMPDIR/b.csv" 3): column \"x\": \"nan\" is less than the minimum -1"
}

@test "boolean, date and datetime: exactly vi_infer's rules" {
	schema '{"fields":[{"name":"b","type":"boolean"},{"name":"d","type":"date"},{"name":"t","type":"datetime"}]}'
	printf 'b,d,t\ntrue,2024-02-29,2024-02-29T23:59:59.123456789Z\nFALSE,0001-01-01,2024-01-01 00:00\nTrue,9999-12-31,2024-01-01\n' > "$BATS_TEST_TMPDIR/ok.csv"
	run --separate-stderr vi-validate --schema "$(S)" "$BATS_TEST_TMPDIR/ok.csv"
	assert_success
	cmp "$BATS_TEST_TMPDIR/ok.csv" <(printf '%s\n' "$output")
	printf 'b,d,t\n1,2023-02-29,2024-01-01T24:00\nyes,2024-1-01,2024-01-01T00:00:60\n' > "$BATS_TEST_TMPDIR/bad.csv"
	run --separate-stderr vi-validate --schema "$(S)" "$BATS_TEST_TMPDIR/bad.csv"
	assert_equal "$status" 1
	assert_equal "$(grep -c 'is not a' <<<"$stderr")" 6
}

@test "minLength and maxLength count UTF-8 characters, not bytes" {
	schema '{"fields":[{"name":"s","constraints":{"minLength":2,"maxLength":3}}]}'
	printf 's\ncafé\né\nab\n' > "$BATS_TEST_TMPDIR/a.csv"
	run --separate-stderr vi-validate --schema "$(S)" "$BATS_TEST_TMPDIR/a.csv"
	assert_equal "$status" 1
	assert_equal "$output" "s
ab"
	assert_equal "$(head -2 <<<"$stderr")" "vi-validate: $BATS_TEST_TMPDIR/a.csv:2:$(at "$BATS_TEST_TMPDIR/a.csv" 2): column \"s\": \"café\" is longer than maxLength 3
vi-validate: $BATS_TEST_TMPDIR/a.csv:3:$(at "$BATS_TEST_TMPDIR/a.csv" 3): column \"s\": \"é\" is shorter than minLength 2"
}

@test "pattern is anchored: the whole value must match" {
	schema '{"fields":[{"name":"s","constraints":{"pattern":"a|b"}}]}'
	printf 's\na\nb\nab\nxa\n' > "$BATS_TEST_TMPDIR/a.csv"
	run --separate-stderr vi-validate --max-errors 0 --rejects "$BATS_TEST_TMPDIR/r.csv" --schema "$(S)" "$BATS_TEST_TMPDIR/a.csv"
	assert_equal "$status" 1
	assert_equal "$output" "s
a
b"
	assert_equal "$(cat "$BATS_TEST_TMPDIR/r.csv")" "s
ab
xa"
}

@test "enum is typed for typed fields: 1.0 is in a number enum [1]" {
	schema '{"fields":[{"name":"x","type":"number","constraints":{"enum":[1, 2.5]}}]}'
	printf 'x\n1.0\n2.5\n3\n' > "$BATS_TEST_TMPDIR/a.csv"
	run --separate-stderr vi-validate --schema "$(S)" "$BATS_TEST_TMPDIR/a.csv"
	assert_equal "$status" 1
	assert_equal "$output" "x
1.0
2.5"
}

@test "required: every missing value token, and missingValues [] makes none" {
	schema '{"fields":[{"name":"x","constraints":{"required":true}},{"name":"y"}],"missingValues":["","NA"]}'
	printf 'x,y\nNA,\n,\nna,\n' > "$BATS_TEST_TMPDIR/a.csv"
	run --separate-stderr vi-validate --schema "$(S)" "$BATS_TEST_TMPDIR/a.csv"
	assert_equal "$status" 1
	assert_equal "$output" "x,y
na,"
	assert_equal "$(head -2 <<<"$stderr")" "vi-validate: $BATS_TEST_TMPDIR/a.csv:2:$(at "$BATS_TEST_TMPDIR/a.csv" 2): column \"x\": \"NA\" is a missing value (required)
vi-validate: $BATS_TEST_TMPDIR/a.csv:3:$(at "$BATS_TEST_TMPDIR/a.csv" 3): column \"x\": \"\" is a missing value (required)"
	schema '{"fields":[{"name":"x","constraints":{"required":true}},{"name":"y"}],"missingValues":[]}'
	run --separate-stderr vi-validate --schema "$(S)" "$BATS_TEST_TMPDIR/a.csv"
	assert_success
}

@test "byte-exact pass-through: quoted fields, CRLF, embedded newline, no final newline" {
	run --separate-stderr vi-validate --schema "$F/crlf.json" "$F/crlf.csv"
	assert_success
	assert_equal "$stderr" ""
	vi-validate --schema "$F/crlf.json" "$F/crlf.csv" | cmp - "$F/crlf.csv"
	vi-validate --schema "$F/crlf.json" - < "$F/crlf.csv" | cmp - "$F/crlf.csv"
}

@test "a BOM and blank lines of a regular file are kept; from a pipe blank lines go" {
	vi-validate --schema "$F/crlf.json" "$F/bomblank.csv" | cmp - "$F/bomblank.csv"
	cat "$F/bomblank.csv" | vi-validate --schema "$F/crlf.json" |
	    cmp - <(printf '\357\273\277id,name,note\n1,a,b\n2,b,c\n')
}

@test "conservation: rows in == rows out + rows rejected, rejects byte-exact" {
	run --separate-stderr vi-validate --schema "$F/types.json" --max-errors 0 --rejects "$BATS_TEST_TMPDIR/r.csv" "$F/types.csv"
	assert_equal "$status" 1
	printf '%s\n' "$output" > "$BATS_TEST_TMPDIR/o.csv"
	assert_equal $(( $(wc -l < "$BATS_TEST_TMPDIR/o.csv") - 1 + $(wc -l < "$BATS_TEST_TMPDIR/r.csv") - 1 )) 7
	# Together, in file order, valid and invalid rows are the input.
	cat "$BATS_TEST_TMPDIR/o.csv" <(tail -n +2 "$BATS_TEST_TMPDIR/r.csv") | cmp - "$F/types.csv"
}

@test "ragged rows and quoting faults are violations; their bytes go to --rejects" {
	run --separate-stderr vi-validate --schema "$F/crlf.json" --rejects "$BATS_TEST_TMPDIR/r.csv" "$F/ragged.csv"
	assert_equal "$status" 1
	assert_equal "$output" "id,name,note
1,a,b
6,f,g"
	assert_equal "$(cat "$BATS_TEST_TMPDIR/r.csv")" 'id,name,note
2,b
3,"c,d
4,d,e,f
5,e,"un"quoted"'
	assert_equal "$stderr" "vi-validate: $F/ragged.csv:3:20: expected 3 fields, found 2
vi-validate: $F/ragged.csv:6:44: unexpected character after a closing quote
vi-validate: $F/ragged.csv: 2 of 4 rows invalid, 2 violations
vi-validate: $F/ragged.csv: malformed: 2 (first at line 3)"
}

@test "from a pipe, malformed rows are counted but cannot be copied" {
	run --separate-stderr bash -c "cat '$F/ragged.csv' | vi-validate --schema '$F/crlf.json' --rejects '$BATS_TEST_TMPDIR/r.csv'"
	assert_equal "$status" 1
	assert_equal "$(tail -1 <<<"$stderr")" "vi-validate: -: 2 malformed rows could not be copied to the rejects (the input is not a regular file read as it is: a pipe, a compressed file or --encoding)"
	assert_equal "$(cat "$BATS_TEST_TMPDIR/r.csv")" "id,name,note"
}

@test "an unterminated quote at the end is a malformed row" {
	printf 'id,name,note\n1,a,b\n2,"open,x\n' > "$BATS_TEST_TMPDIR/u.csv"
	run --separate-stderr vi-validate --schema "$F/crlf.json" --rejects "$BATS_TEST_TMPDIR/r.csv" "$BATS_TEST_TMPDIR/u.csv"
	assert_equal "$status" 1
	assert_equal "$(head -1 <<<"$stderr")" "vi-validate: $BATS_TEST_TMPDIR/u.csv:3:22: unterminated quoted field"
	assert_equal "$(tail -1 "$BATS_TEST_TMPDIR/r.csv")" '2,"open,x'
}

@test "invalid UTF-8 in a row is a violation at its byte" {
	run --separate-stderr vi-validate --schema "$F/crlf.json" --rejects "$BATS_TEST_TMPDIR/r.csv" "$F/utf8.csv"
	assert_equal "$status" 1
	assert_equal "$stderr" "vi-validate: $F/utf8.csv:3:30: invalid UTF-8
vi-validate: $F/utf8.csv: 1 of 3 rows invalid, 1 violations
vi-validate: $F/utf8.csv: utf8: 1 (first at line 3)
vi-validate: $F/utf8.csv:3:30: warning: 1 invalid UTF-8 sequence (here); the bytes look like Latin-1: read the file with --encoding latin1"
	cmp <(sed -n '1p;3p' "$F/utf8.csv") "$BATS_TEST_TMPDIR/r.csv"
	# --json: stderr is the JSON report alone.
	run --separate-stderr vi-validate --json --schema "$F/crlf.json" "$F/utf8.csv"
	assert_equal "$status" 1
	python3 -c 'import json,sys; json.loads(sys.argv[1])' "$stderr"
}

@test "primaryKey: a duplicate composite key; the first row stays valid" {
	run --separate-stderr vi-validate --schema "$F/pk.json" "$F/dup.csv"
	assert_equal "$status" 1
	assert_equal "$output" "id,name,note
1,a,b
2,b,c"
	assert_equal "$(head -2 <<<"$stderr")" "vi-validate: $F/dup.csv:3:$(at "$F/dup.csv" 3): primary key (\"id\", \"name\") is a duplicate
vi-validate: $F/dup.csv:5:$(at "$F/dup.csv" 5): primary key (\"id\", \"name\") is a duplicate"
}

@test "unique beyond --unique-memory is reported as partial, never silently" {
	schema '{"fields":[{"name":"x","type":"integer","constraints":{"unique":true}}]}'
	seq 0 5000 | sed 1s/0/x/ > "$BATS_TEST_TMPDIR/a.csv"
	run --separate-stderr vi-validate --unique-memory 16K --schema "$(S)" "$BATS_TEST_TMPDIR/a.csv"
	assert_success
	assert_equal "$stderr" "vi-validate: $BATS_TEST_TMPDIR/a.csv: unique checks partial from line 770: --unique-memory reached"
	run --separate-stderr vi-validate --schema "$(S)" "$BATS_TEST_TMPDIR/a.csv"
	assert_success
	assert_equal "$stderr" ""
}

@test "header: missing, extra and reordered columns by name" {
	run --separate-stderr vi-validate --schema "$F/pk.json" "$F/header.csv"
	assert_equal "$status" 1
	assert_equal "$output" "name,id,extra
b,1,z"
	assert_equal "$stderr" "vi-validate: $F/header.csv:1: extra column \"extra\"
vi-validate: $F/header.csv:1: missing column \"note\"
vi-validate: $F/header.csv:1: column \"id\" is column 2, out of the schema's order (field 1)
vi-validate: $F/header.csv:1: column \"name\" is column 1, out of the schema's order (field 2)
vi-validate: $F/header.csv: 0 of 1 rows invalid, 4 violations
vi-validate: $F/header.csv: column \"id\": column-order: 1 (first at line 1)
vi-validate: $F/header.csv: column \"name\": column-order: 1 (first at line 1)
vi-validate: $F/header.csv: column \"note\": missing-column: 1 (first at line 1)
vi-validate: $F/header.csv: extra-column: 1 (first at line 1)"
}

@test "--ignore-order: order does not matter, names still do" {
	printf 'note,name,id\nx,a,1\n' > "$BATS_TEST_TMPDIR/a.csv"
	run --separate-stderr vi-validate --ignore-order --schema "$F/pk.json" "$BATS_TEST_TMPDIR/a.csv"
	assert_success
	assert_equal "$stderr" ""
	run --separate-stderr vi-validate --schema "$F/pk.json" "$BATS_TEST_TMPDIR/a.csv"
	assert_equal "$status" 1
}

@test "-H: fields match columns by position" {
	printf '1,a,b\n2,b,c\n' > "$BATS_TEST_TMPDIR/a.csv"
	run --separate-stderr vi-validate -H --schema "$F/pk.json" "$BATS_TEST_TMPDIR/a.csv"
	assert_success
	assert_equal "$output" "$(cat "$BATS_TEST_TMPDIR/a.csv")"
	printf 'x,a,b\n' > "$BATS_TEST_TMPDIR/b.csv"
	run --separate-stderr vi-validate -H --schema "$F/pk.json" "$BATS_TEST_TMPDIR/b.csv"
	assert_equal "$status" 1
	assert_equal "$output" ""
}

@test "--max-errors caps the messages, then a count and the summary" {
	run --separate-stderr vi-validate --max-errors 2 --schema "$F/types.json" "$F/types.csv"
	assert_equal "$status" 1
	assert_equal "$(sed -n '3,4p' <<<"$stderr")" "vi-validate: $F/types.csv: 17 more violations not shown (--max-errors 2)
vi-validate: $F/types.csv: 5 of 7 rows invalid, 19 violations"
	assert_equal "$(grep -c ':[0-9]*: column' <<<"$stderr")" 2
}

@test "--json: the report on stderr, stdout still the data" {
	run --separate-stderr vi-validate --json --max-errors 1 --schema "$F/types.json" "$F/types.csv"
	assert_equal "$status" 1
	assert_equal "$output" "$(head -3 "$F/types.csv")"
	run python3 -c 'import json,sys; r=json.loads(sys.argv[1]); print(r["valid"], r["rows"], r["rows_valid"], r["rows_invalid"], r["violations"], len(r["errors"]), r["errors"][0]["message"], r["summary"][0])' "$stderr"
	assert_output "False 7 2 5 19 1 column \"price\": \"12,5\" is not a number {'column': 'id', 'constraint': 'required', 'count': 1, 'first_line': 8}"
}

@test "--report FILE: the JSON report beside the text messages" {
	run --separate-stderr vi-validate --report "$BATS_TEST_TMPDIR/r.json" --schema "$F/crlf.json" "$F/crlf.csv"
	assert_success
	run python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(r["valid"], r["rows"], r["errors"])' "$BATS_TEST_TMPDIR/r.json"
	assert_output "True 3 []"
}

@test "schema errors exit 64 naming the problem" {
	local cases=(
		'{"fields":[{"name":"a","type":"money"}]}|field "a": unknown type money'
		'{"fields":[{"name":"a","constraints":{"mimimum":1}}]}|field "a": unknown constraint "mimimum"'
		'{"fields":[{"name":"a","type":"integer","constraints":{"minimum":"x"}}]}|field "a": constraint minimum: not a valid value for type integer'
		'{"fields":[{"name":"a","constraints":{"minimum":1}}]}|field "a": constraint minimum does not apply to type string'
		'{"fields":[{"name":"a","constraints":{"pattern":"("}}]}|field "a": pattern "(": Unmatched ( or \('
		'{"fields":[{"name":"a","constraints":{"pattern":"x{256}"}}]}|field "a": pattern "x{256}": a repetition bound is over 255'
		'{"fields":[{"name":"a","trueValues":["y"]}]}|field "a": unsupported property "trueValues"'
		'{"fields":[{"name":"a"}],"foreignKeys":[]}|unsupported schema property "foreignKeys"'
		'{"fields":[{"name":"a"}],"primaryKey":"b"}|primaryKey: no field "b"'
		'{"fields":[{"name":"a"},{"name":"a"}]}|field "a" is defined twice'
		'{"fields":[{"name":"a"}],"missingValues":["a,b"]}|missingValues[0]: a token with a comma is not supported: "a,b"'
		'{"fields": [}|line 1 column 13: invalid JSON: unexpected token near '"'}'"
		'[]|the schema is not a JSON object'
	)
	local c
	for c in "${cases[@]}"; do
		schema "${c%%|*}"
		run --separate-stderr vi-validate --schema "$(S)" "$F/crlf.csv"
		assert_equal "$status" 64
		assert_equal "$output" ""
		assert_equal "$stderr" "vi-validate: $(S): ${c#*|}"
	done
}

@test "pattern: repetitions that would make regcomp explode are refused (64)" {
	# Before the check, "a{1,32767}{1,32767}" made regcomp ask for 24 GB;
	# the address-space limit makes that fail fast instead (not under
	# ASan, which reserves terabytes).
	[ -n "${VI_ASAN:-}" ] || ulimit -v 2000000
	local cases=(
		'a{1,32767}{1,32767}|a repetition bound is over 255'
		'a{1,255}{1,255}|too complex: its repetitions expand to more than 4096 elements'
		'(x{1,100}){1,41}|too complex: its repetitions expand to more than 4096 elements'
		'([a-z]{0,255}){17}|too complex: its repetitions expand to more than 4096 elements'
		'a{,300}|a repetition bound is over 255'
		'[]{]{300}|a repetition bound is over 255'
		'a{99999999999999999999}|a repetition bound is over 255'
	)
	local c
	for c in "${cases[@]}"; do
		schema '{"fields":[{"name":"a","constraints":{"pattern":"'"${c%%|*}"'"}}]}'
		run -64 --separate-stderr vi-validate --schema "$(S)" "$F/crlf.csv"
		assert_equal "$output" ""
		assert_equal "$stderr" "vi-validate: $(S): field \"a\": pattern \"${c%%|*}\": ${c#*|}"
	done
	long=$(printf 'a%.0s' {1..4097})
	schema '{"fields":[{"name":"a","constraints":{"pattern":"'"$long"'"}}]}'
	run -64 --separate-stderr vi-validate --schema "$(S)" "$F/crlf.csv"
	assert_equal "$stderr" "vi-validate: $(S): field \"a\": pattern \"$(printf 'a%.0s' {1..100})...\": longer than 4096 bytes"
	# At the limits, and a brace that is a literal, still compile.
	printf 'a\nx\n' > "$BATS_TEST_TMPDIR/in.csv"
	for p in '(x{1,100}){1,40}' 'x{255}' '[0-9]{0,255}' '\\{1,300}' '((a{255})+)+'; do
		schema '{"fields":[{"name":"a","constraints":{"pattern":"x|'"$p"'"}}]}'
		run -0 --separate-stderr vi-validate --schema "$(S)" "$BATS_TEST_TMPDIR/in.csv"
	done
}

@test "usage: --schema is required; a missing schema file is 66; one input at most" {
	run --separate-stderr vi-validate "$F/crlf.csv"
	assert_equal "$status" 64
	assert_equal "$(head -1 <<<"$stderr")" "vi-validate: --schema is required"
	run --separate-stderr vi-validate --schema "$BATS_TEST_TMPDIR/none.json" "$F/crlf.csv"
	assert_equal "$status" 66
	assert_equal "$stderr" "vi-validate: $BATS_TEST_TMPDIR/none.json: No such file or directory"
	run --separate-stderr vi-validate --schema "$F/crlf.json" "$F/crlf.csv" "$F/crlf.csv"
	assert_equal "$status" 64
}

@test "an output that is an input is refused (64) before anything is truncated" {
	local T="$BATS_TEST_TMPDIR"
	schema '{"fields":[{"name":"a","type":"integer"}]}'
	printf 'a\n1\nx\n' > "$T/g.csv"
	cp "$T/g.csv" "$T/g0.csv"
	# The input on stdin: only device and inode can tell.
	run -64 --separate-stderr bash -c 'vi-validate --schema "$1" --rejects "$2" - < "$2"' _ "$(S)" "$T/g.csv"
	[ -z "$output" ]
	[ "${stderr_lines[0]}" = "vi-validate: $T/g.csv: is also the input (standard input)" ]
	cmp "$T/g.csv" "$T/g0.csv"
	# Named, through another path (a hard link), or as --report.
	ln "$T/g.csv" "$T/link.csv"
	run -64 --separate-stderr vi-validate --schema "$(S)" --rejects "$T/link.csv" "$T/g.csv"
	[ "${stderr_lines[0]}" = "vi-validate: $T/link.csv: is also the input" ]
	run -64 --separate-stderr vi-validate --schema "$(S)" --report "$T/g.csv" "$T/g.csv"
	[ "${stderr_lines[0]}" = "vi-validate: $T/g.csv: is also the input" ]
	cmp "$T/g.csv" "$T/g0.csv"
	# The schema, and two outputs on one file.
	run -64 --separate-stderr vi-validate --schema "$(S)" --rejects "$(S)" "$T/g.csv"
	[ "${stderr_lines[0]}" = "vi-validate: $(S): is also the schema" ]
	run -64 --separate-stderr vi-validate --schema "$(S)" --rejects "$T/r" --report "$T/r" "$T/g.csv"
	[ "${stderr_lines[0]}" = "vi-validate: $T/r: is also the --report file" ]
	[ ! -e "$T/r" ]
	# stdout appended to the input would be read back; stdout as --rejects.
	run -64 --separate-stderr bash -c 'vi-validate --schema "$1" < "$2" >> "$2"' _ "$(S)" "$T/g.csv"
	[ "${stderr_lines[0]}" = "vi-validate: standard output: is also the input (standard input)" ]
	cmp "$T/g.csv" "$T/g0.csv"
	run -64 --separate-stderr bash -c 'vi-validate --schema "$1" --rejects "$3" "$2" > "$3"' _ "$(S)" "$T/g.csv" "$T/o"
	[ "${stderr_lines[0]}" = "vi-validate: $T/o: is also standard output" ]
	# Not regular files: /dev/null may be every output at once.
	run -1 --separate-stderr bash -c 'vi-validate --schema "$1" --rejects /dev/null --report /dev/null "$2" > /dev/null' _ "$(S)" "$T/g.csv"
	[ -z "$output" ]
}

@test "UTF-16 input cannot be processed: 65" {
	printf '\xff\xfei\x00d\x00\n\x00' > "$BATS_TEST_TMPDIR/u16.csv"
	run --separate-stderr vi-validate --schema "$F/crlf.json" "$BATS_TEST_TMPDIR/u16.csv"
	assert_equal "$status" 65
	assert_equal "$output" ""
}

@test "write errors: stdout to a full disk exits 74; a closed pipe is quiet" {
	run --separate-stderr bash -c "vi-validate --schema '$F/crlf.json' '$F/crlf.csv' > /dev/full"
	assert_equal "$status" 74
	assert_equal "$stderr" "vi-validate: write error: No space left on device"
	run --separate-stderr vi-validate --schema "$F/crlf.json" --rejects /dev/full "$F/ragged.csv"
	assert_equal "$status" 74
	assert_equal "$(tail -1 <<<"$stderr")" "vi-validate: /dev/full: write error: No space left on device"
	seq 1 200000 | sed '1s/.*/n/' > "$BATS_TEST_TMPDIR/big.csv"
	schema '{"fields":[{"name":"n","type":"integer"}]}'
	run --separate-stderr bash -c "vi-validate --schema '$(S)' '$BATS_TEST_TMPDIR/big.csv' | head -1"
	assert_success
	assert_output "n"
	assert_equal "$stderr" ""
}

@test "vi-stats --schema: deterministic pretty JSON with types, required and missingValues" {
	run --separate-stderr vi-stats --schema --nulls sql "$F/crlf.csv"
	assert_success
	assert_equal "$output" '{
  "fields": [
    {
      "name": "id",
      "type": "integer",
      "constraints": {
        "required": true
      }
    },
    {
      "name": "name",
      "type": "string",
      "constraints": {
        "required": true
      }
    },
    {
      "name": "note",
      "type": "string",
      "constraints": {
        "required": true
      }
    }
  ],
  "missingValues": [
    "NULL",
    "\\N"
  ]
}'
}

@test "vi-stats --schema: every example validates against its own schema" {
	local f
	for f in "$EX"/*.csv; do
		vi-stats --schema "$f" > "$BATS_TEST_TMPDIR/s.json"
		run --separate-stderr vi-validate --schema "$BATS_TEST_TMPDIR/s.json" "$f"
		assert_success
		assert_equal "$stderr" ""
		vi-validate --schema "$BATS_TEST_TMPDIR/s.json" "$f" | cmp - "$f"
	done
}

@test "vi-stats --schema: an awkward generated file validates against its own schema" {
	python3 "$F/awkward.py" > "$BATS_TEST_TMPDIR/a.csv"
	cmp "$BATS_TEST_TMPDIR/a.csv" "$F/awkward.csv"
	vi-stats --schema "$F/awkward.csv" > "$BATS_TEST_TMPDIR/s.json"
	run python3 -c 'import json,sys; print(" ".join(f["name"]+":"+f["type"] for f in json.load(open(sys.argv[1]))["fields"]))' "$BATS_TEST_TMPDIR/s.json"
	assert_output "id:integer zip:string big:string num:number flag:boolean day:date at:datetime text:string empty:any mixed:string"
	for nulls in pandas empty sql; do
		vi-stats --schema --nulls $nulls "$F/awkward.csv" > "$BATS_TEST_TMPDIR/s.json"
		run --separate-stderr vi-validate --schema "$BATS_TEST_TMPDIR/s.json" "$F/awkward.csv"
		assert_success
		assert_equal "$stderr" ""
		vi-validate --schema "$BATS_TEST_TMPDIR/s.json" "$F/awkward.csv" | cmp - "$F/awkward.csv"
	done
}

@test "random malformed inputs: no crash, and no byte is lost between stdout and --rejects" {
	printf '{"fields":[{"name":"a","type":"integer"},{"name":"b","type":"string","constraints":{"pattern":"[a-z]*","maxLength":3}}],"missingValues":[""]}' > "$BATS_TEST_TMPDIR/s.json"
	for s in $(seq 1 40); do
		python3 "$BATS_TEST_DIRNAME/test_helper/random_csv.py" $s > "$BATS_TEST_TMPDIR/in.csv"
		rm -f "$BATS_TEST_TMPDIR/rej.csv"
		run --separate-stderr vi-validate --schema "$BATS_TEST_TMPDIR/s.json" \
			--rejects "$BATS_TEST_TMPDIR/rej.csv" "$BATS_TEST_TMPDIR/in.csv"
		[[ $status -le 1 || $status == 65 ]] || { echo "seed $s: status $status: $stderr"; return 1; }
		[[ $status == 65 ]] && continue
		vi-validate --schema "$BATS_TEST_TMPDIR/s.json" --rejects "$BATS_TEST_TMPDIR/rej.csv" \
			"$BATS_TEST_TMPDIR/in.csv" > "$BATS_TEST_TMPDIR/out.csv" 2>/dev/null || true
		in=$(wc -c < "$BATS_TEST_TMPDIR/in.csv")
		out=$(wc -c < "$BATS_TEST_TMPDIR/out.csv")
		rej=0
		[ -e "$BATS_TEST_TMPDIR/rej.csv" ] && rej=$(wc -c < "$BATS_TEST_TMPDIR/rej.csv")
		(( out + rej >= in )) || { echo "seed $s: in $in out $out rejects $rej"; return 1; }
	done
}

@test "missingValues beyond the null-set limits: a schema error (64), not an abort" {
	long=$(printf 'x%.0s' {1..1025})
	schema '{"fields":[{"name":"a"}],"missingValues":["'"$long"'"]}'
	run -64 --separate-stderr vi-validate --schema "$(S)" "$F/crlf.csv"
	assert_equal "$output" ""
	assert_equal "$stderr" "vi-validate: $(S): missingValues: null token longer than 1024 bytes"
	many=$(printf '"t%d",' {1..257})
	schema '{"fields":[{"name":"a"}],"missingValues":['"${many%,}"']}'
	run -64 --separate-stderr vi-validate --schema "$(S)" "$F/crlf.csv"
	assert_equal "$stderr" "vi-validate: $(S): missingValues: more than 256 null tokens"
	# At the limits it loads.
	many=$(printf '"t%d",' {1..255})
	schema '{"fields":[{"name":"a"}],"missingValues":['"${many%,}"',"'"${long%x}"'"]}'
	run -1 --separate-stderr vi-validate --schema "$(S)" "$F/crlf.csv"
}
