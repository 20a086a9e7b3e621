#!/usr/bin/env bats
# vi-diff: reconciliation by key on the bundled examples (exact output),
# every comparison rule, columns in other orders, quoting that differs in
# bytes only, pipes and spills, errors, and a differential test against a
# Python reference (tests/diff_ref.py) on random files.

bats_require_minimum_version 1.5.0

setup() {
	load test_helper/common
	W="$BATS_TEST_TMPDIR"
	cd "$W"
	EX="$BATS_TEST_DIRNAME/../examples"
	REF="$BATS_TEST_DIRNAME/diff_ref.py"
	PY=/usr/bin/python3
	mkdir -p tmp
	export TMPDIR="$W/tmp"
}

@test "vi-diff: --help and --version" {
	run -0 --separate-stderr vi-diff --help
	[ "${lines[0]}" = "usage: vi-diff -k keys [--columns list] [--ignore-columns list]" ]
	[ -z "$stderr" ]
	run -0 vi-diff --version
	[ "$output" = "vi-diff (ViewerIt core) 0.1.0" ]
}

@test "vi-diff: the bundled extracts, CSV long format, exit 1" {
	run -1 --separate-stderr vi-diff -k region,date,id \
	    "$EX"/extract_crm.csv "$EX"/extract_billing.csv \
	    "$EX"/extract_warehouse.csv
	[ -z "$stderr" ]
	assert_output "region,date,id,status,column,extract_crm,extract_billing,extract_warehouse,extract_crm_rows,extract_billing_rows,extract_warehouse_rows
APAC,2024-03-02,1029,only,,,,,,,25
APAC,2024-03-03,1002,only,,,,,2,,
APAC,2024-03-09,1008,changed,amount,473.72,999.99,473.72,8,6,4
APAC,2024-03-12,1011,duplicate,,,,,11,9;27,7
APAC,2024-03-15,1014,changed,amount,51.53,51.53,0.01,14,12,10
EU,2024-03-03,1030,only,,,,,,,26
EU,2024-03-04,1003,only,,,,,3,1,
EU,2024-03-28,1027,only,,,,,,25,23
EU,2024-04-01,2001,only,,,,,,,27
US,2024-03-01,1028,only,,,,,,26,24
US,2024-03-02,1001,only,,,,,1,,
US,2024-03-05,1004,only,,,,,4,2,
US,2024-03-11,1010,changed,status,open,cancelled,open,10,8,6"
}

@test "vi-diff: the changed keys are those of vi-presence --changed" {
	for f in crm billing warehouse; do
		vi-keys -k region,date,id "$EX/extract_$f.csv" | vi-sort >$f.keys
	done
	vi-presence --changed crm.keys billing.keys warehouse.keys |
	    tail -n +2 | cut -d, -f1-3 >p.txt
	vi-diff -k region,date,id --changed-only "$EX"/extract_crm.csv \
	    "$EX"/extract_billing.csv "$EX"/extract_warehouse.csv |
	    awk -F, 'NR > 1 && $4 == "changed" { print $1 "," $2 "," $3 }' |
	    uniq >d.txt || true
	[ -s p.txt ]
	cmp p.txt d.txt
}

@test "vi-diff: JSON lines: header, items, summary" {
	run -1 --separate-stderr vi-diff -f json -k region,date,id \
	    --changed-only "$EX"/extract_crm.csv "$EX"/extract_billing.csv
	[ -z "$stderr" ]
	echo "$output" >out.json
	run -0 $PY -c '
import json, sys
lines = [json.loads(l) for l in open("out.json")]
h, items, s = lines[0], lines[1:-1], lines[-1]
assert h["format_version"] == 1 and h["type"] == "header", h
assert h["files"] == [{"name": "extract_crm", "path": sys.argv[1]},
                      {"name": "extract_billing", "path": sys.argv[2]}], h
assert h["key"] == ["region", "date", "id"]
assert h["columns"] == ["customer", "amount", "status", "note"]
assert h["missing_columns"] == []
print([(i["type"], i["key"][2], i["rows"], i.get("columns")) for i in items])
assert s["type"] == "summary" and s["format_version"] == 1
print(s["keys"])
print([(c["column"], c["differ"]) for c in s["columns"]])
print(s["files"][1])
' "$EX"/extract_crm.csv "$EX"/extract_billing.csv
	assert_output "[('changed', '1008', [8, 6], {'amount': ['473.72', '999.99']}), ('duplicate', '1011', [[11], [9, 27]], None), ('changed', '1010', [10, 8], {'status': ['open', 'cancelled']})]
{'total': 28, 'in_all': 24, 'not_in_all': 4, 'compared': 23, 'changed': 2, 'equal_under_rules': 0, 'duplicate': 1}
[('customer', 0), ('amount', 1), ('status', 1), ('note', 0)]
{'name': 'extract_billing', 'path': '$EX/extract_billing.csv', 'records': 27, 'keys': 26, 'duplicate_keys': 1}"
}

@test "vi-diff: columns in another order, quoting that differs in bytes only: no difference" {
	printf 'id,name,note\n1,Ann,"a,b"\n2,Bob,"two\nlines"\n3,Cy,plain\n' >a.csv
	printf 'note,id,name\r\n"a,b",1,"Ann"\r\n"two\nlines",2,Bob\r\n"plain","3",Cy\r\n' >b.csv
	run -0 --separate-stderr vi-diff -k id a.csv b.csv
	[ -z "$stderr" ]
	assert_output "id,status,column,a,b,a_rows,b_rows"
	# A real change in a quoted multi-line field is reported with the
	# parsed values, quoted again on output.
	printf 'note,id,name\n"a,b",1,Ann\n"two\nLines",2,Bob\n"plain",3,Cy\n' >c.csv
	run -1 vi-diff -k id a.csv c.csv
	assert_output 'id,status,column,a,c,a_rows,c_rows
2,changed,note,"two
lines","two
Lines",2,2'
}

@test "vi-diff: --numeric, --abs-tol, --rel-tol" {
	printf 'id,v\n1,47.07\n2,100\n3,1e2\n4,abc\n5,0\n6,1.0000001\n' >a.csv
	printf 'id,v\n1,4.707e1\n2,100.000\n3,+100\n4,ABC\n5,-0.00\n6,1\n' >b.csv
	run -1 vi-diff -k id a.csv b.csv
	assert_output "id,status,column,a,b,a_rows,b_rows
1,changed,v,47.07,4.707e1,1,1
2,changed,v,100,100.000,2,2
3,changed,v,1e2,+100,3,3
4,changed,v,abc,ABC,4,4
5,changed,v,0,-0.00,5,5
6,changed,v,1.0000001,1,6,6"
	run -1 vi-diff --numeric -k id a.csv b.csv
	assert_output "id,status,column,a,b,a_rows,b_rows
4,changed,v,abc,ABC,4,4
6,changed,v,1.0000001,1,6,6"
	run -1 vi-diff --abs-tol 1e-6 -k id a.csv b.csv
	assert_output "id,status,column,a,b,a_rows,b_rows
4,changed,v,abc,ABC,4,4"
	run -1 vi-diff --rel-tol 1e-8 -k id a.csv b.csv
	assert_output "id,status,column,a,b,a_rows,b_rows
4,changed,v,abc,ABC,4,4
6,changed,v,1.0000001,1,6,6"
	run -0 vi-diff --rel-tol 1e-6 -i -k id a.csv b.csv
	assert_output "id,status,column,a,b,a_rows,b_rows"
}

@test "vi-diff: --trim, -i, --nulls; equal under the rules is counted" {
	printf 'id,a,b,c\n1, x ,Yes,NA\n2,y,no,\n' >a.csv
	printf 'id,a,b,c\n1,x,YES,\n2,y ,No,NULL\n' >b.csv
	run -1 vi-diff -k id a.csv b.csv
	[ "${#lines[@]}" -eq 7 ]
	run -1 vi-diff --trim -k id a.csv b.csv
	assert_output "id,status,column,a,b,a_rows,b_rows
1,changed,b,Yes,YES,1,1
1,changed,c,NA,,1,1
2,changed,b,no,No,2,2
2,changed,c,,NULL,2,2"
	run -1 vi-diff --trim -i -k id a.csv b.csv
	assert_output "id,status,column,a,b,a_rows,b_rows
1,changed,c,NA,,1,1
2,changed,c,,NULL,2,2"
	run -0 vi-diff --trim -i --nulls NA,NULL, -k id a.csv b.csv
	assert_output "id,status,column,a,b,a_rows,b_rows"
	run -0 vi-diff --trim -i --nulls pandas -k id --summary -f json a.csv b.csv
	echo "$output" | $PY -c 'import json,sys; s=json.load(sys.stdin); assert s["keys"]["equal_under_rules"] == 2 and s["keys"]["changed"] == 0, s'
	run -64 vi-diff --nulls list:a,,,b,,, -k id --rel-tol -1 a.csv b.csv
	assert_line --partial "--rel-tol: not a non-negative number: -1"
}

@test "vi-diff: --columns, --ignore-columns, and a column some file lacks" {
	printf 'id,a,b,c,x\n1,1,1,1,1\n2,2,2,2,2\n' >a.csv
	printf 'c,b,a,id,y\n9,9,9,1,0\n2,2,2,2,0\n' >b.csv
	run -1 vi-diff -k id a.csv b.csv
	assert_output "id,status,column,a,b,a_rows,b_rows
1,changed,a,1,9,1,1
1,changed,b,1,9,1,1
1,changed,c,1,9,1,1"
	run -1 vi-diff -k id --columns c,a a.csv b.csv
	assert_output "id,status,column,a,b,a_rows,b_rows
1,changed,a,1,9,1,1
1,changed,c,1,9,1,1"
	run -1 vi-diff -k id --ignore-columns '!b' a.csv b.csv
	assert_output "id,status,column,a,b,a_rows,b_rows
1,changed,b,1,9,1,1"
	run -1 vi-diff -k id --summary a.csv b.csv
	assert_output "column,differ,missing_from,id,a,b
a,1,,1,1,9
b,1,,1,1,9
c,1,,1,1,9
x,,b,,,
y,,a,,,"
	run -64 vi-diff -k id --columns nope a.csv b.csv
	assert_output --partial "vi-diff: a.csv: --columns: no such column: nope"
}

@test "vi-diff: duplicates are reported with every row and never paired" {
	printf 'id,v\n1,a\n1,b\n2,c\n' >a.csv
	printf 'id,v\n1,a\n2,c\n2,c\n' >b.csv
	run -1 vi-diff -k id -f json a.csv b.csv
	assert_line --index 1 '{"type":"duplicate","key":["1"],"rows":[[1,2],[1]]}'
	assert_line --index 2 '{"type":"duplicate","key":["2"],"rows":[[3],[2,3]]}'
}

@test "vi-diff: identical files exit 0; --changed-only leaves out the rest" {
	run -0 vi-diff -k region,date,id "$EX"/extract_crm.csv "$EX"/extract_crm.csv
	assert_output "region,date,id,status,column,extract_crm#1,extract_crm#2,extract_crm#1_rows,extract_crm#2_rows"
	printf 'id,v\n1,a\n' >a.csv
	printf 'id,v\n1,a\n2,b\n' >b.csv
	run -0 vi-diff -k id --changed-only a.csv b.csv
	run -1 vi-diff -k id a.csv b.csv
	assert_line --index 1 "2,only,,,,,2"
}

@test "vi-diff: standard input, small budgets and --names give the same answer" {
	vi-diff -k region,date,id "$EX"/extract_crm.csv "$EX"/extract_billing.csv \
	    "$EX"/extract_warehouse.csv >ref.csv || [ $? -eq 1 ]
	cat "$EX"/extract_billing.csv | vi-diff -S 16K -k region,date,id \
	    --names extract_crm,extract_billing,extract_warehouse \
	    "$EX"/extract_crm.csv - "$EX"/extract_warehouse.csv >pipe.csv ||
	    [ $? -eq 1 ]
	cmp ref.csv pipe.csv
	run -0 ls -A tmp
	assert_output ""
}

@test "vi-diff: agrees with the Python reference on random files" {
	for seed in $(seq 1 25); do
		$PY "$REF" gen $seed .
		for opts in "" "--numeric" "--trim -i --nulls NA,NULL," \
		    "--abs-tol 0.05 --changed-only" "--rel-tol 0.001"; do
			s=0; $PY "$REF" ref $opts -k k1,k2 a.csv b.csv c.csv \
			    >exp.csv || s=$?
			g=0; vi-diff $opts -k k1,k2 a.csv b.csv c.csv \
			    >got.csv || g=$?
			if ! cmp -s exp.csv got.csv || [ $s != $g ]; then
				echo "seed $seed, options '$opts': $s vs $g"
				diff exp.csv got.csv
				return 1
			fi
		done
		# Two files, one through a pipe, a budget that spills.
		$PY "$REF" ref -k k1,k2 a.csv c.csv >exp.csv || true
		cat c.csv | vi-diff -S 16K --names a,c -k k1,k2 a.csv - \
		    >got.csv || true
		cmp exp.csv got.csv
	done
	run -0 ls -A tmp
	assert_output ""
}

@test "vi-diff: usage errors" {
	printf 'id,v\n1,a\n' >a.csv
	printf 'k,v\n1,a\n' >b.csv
	run -64 vi-diff a.csv a.csv
	assert_line "vi-diff: -k is required"
	run -64 vi-diff -k id a.csv
	assert_line "vi-diff: at least two inputs are needed"
	run -64 vi-diff -H -k id a.csv a.csv
	assert_line --partial "every input needs a header"
	run -64 vi-diff -k id a.csv b.csv
	assert_line --partial "vi-diff: b.csv: -k: no such column: id"
	run -64 vi-diff -k 1- a.csv <(printf 'a,b,c\n1,2,3\n')
	assert_line --partial "-k selects 3 columns here but 2 in a.csv"
	run -64 vi-diff -k id - - <a.csv
	assert_line "vi-diff: at most one input can be '-'"
	run -64 vi-diff -k id -f xml a.csv a.csv
	assert_line --partial "--format: unknown value: xml"
	run -66 vi-diff -k id a.csv nope.csv
	assert_line --partial "vi-diff: nope.csv: No such file or directory"
}

@test "vi-diff: malformed input is 65 with its place, nothing half-written" {
	printf 'id,v\n1,a\n2,"b\n' >bad.csv
	printf 'id,v\n1,a\n2,b,c\n' >ragged.csv
	printf 'id,v\n1,a\n2,b\n' >good.csv
	run -65 --separate-stderr vi-diff -k id -o out.csv good.csv bad.csv
	[ "$stderr" = "vi-diff: bad.csv:3:12: unterminated quoted field" ] ||
	    { echo "$stderr"; false; }
	[ ! -e out.csv ]
	run -65 --separate-stderr vi-diff -k id good.csv ragged.csv
	[ "$stderr" = "vi-diff: ragged.csv:3:10: expected 2 fields, found 3" ]
	run -1 --separate-stderr vi-diff --lenient -k id good.csv ragged.csv
	assert_output "id,status,column,good,ragged,good_rows,ragged_rows
2,only,,,,2,"
	[[ "$stderr" == *"ragged.csv: 1 of 2 records rejected"* ]]
	run -0 ls -A tmp
	assert_output ""
}

@test "vi-diff: -o and --summary-to are written only by a clean run" {
	run -1 vi-diff -k region,date,id -o out.csv --summary-to s.json \
	    "$EX"/extract_crm.csv "$EX"/extract_billing.csv
	[ -z "$output" ]
	[ "$(head -1 out.csv)" = "region,date,id,status,column,extract_crm,extract_billing,extract_crm_rows,extract_billing_rows" ]
	$PY -c 'import json,sys; s=json.load(open("s.json")); assert s["keys"]["changed"] == 2, s'
}

@test "vi-diff: compressed inputs and --encoding, as the other tools read them" {
	printf 'id,v\n1,caf\xc3\xa9\n2,x\n' >u.csv
	gzip -c u.csv >g.csv.gz
	zstd -q u.csv -o z.csv.zst
	run -0 --separate-stderr vi-diff -k id g.csv.gz z.csv.zst u.csv
	assert_output "id,status,column,g,z,u,g_rows,z_rows,u_rows"
	printf 'id,v\n1,caf\xe9\n2,x\n' >l1.csv
	printf 'id,v\n1,cafe\n2,x\n' >l2.csv
	run -1 --separate-stderr vi-diff --encoding latin1 -k id l1.csv l2.csv
	assert_output "id,status,column,l1,l2,l1_rows,l2_rows
1,changed,v,caf$(printf '\xc3\xa9'),cafe,1,1"
	head -c 30 g.csv.gz >cut.csv.gz
	run -65 --separate-stderr vi-diff -k id u.csv cut.csv.gz
	[[ "$stderr" == "vi-diff: cut.csv.gz:"* ]]
	[ -z "$output" ]
	run -0 ls -A tmp
	assert_output ""
}
