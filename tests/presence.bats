#!/usr/bin/env bats
# vi-presence: Venn summary, presence matrix, order checking, labels,
# formats, exit statuses; a differential test against a Python reference.

bats_require_minimum_version 1.5.0

setup() {
	load test_helper/common
	W="$BATS_TEST_TMPDIR"
	cd "$W"
	H1=0000000000000001 H2=0000000000000002 H3=0000000000000003
	H4=0000000000000004 H9=0000000000000009
	# Three small streams: k1 in a,c; k2 in a,b; k3 everywhere, twice in
	# a, with another row hash in b; k4 in b only.
	printf 'k1\t%s:1\nk2\t%s:2\nk3\t%s:3\nk3\t%s:4\n' $H1 $H2 $H3 $H3 >a.keys
	printf 'k2\t%s:1\nk3\t%s:2\nk4\t%s:3\n' $H2 $H9 $H4 >b.keys
	printf 'k1\t%s:5\nk3\t%s:2\n' $H1 $H3 >c.keys
}

USAGE1="usage: vi-presence [-s] [--summary | --matrix] [--changed] [--counts]"

@test "vi-presence: --help and --version" {
	run -0 --separate-stderr vi-presence --help
	[ "${lines[0]}" = "$USAGE1" ]
	[ -z "$stderr" ]
	run -0 --separate-stderr vi-presence --version
	[ "$output" = "vi-presence (ViewerIt core) 0.1.0" ]
}

@test "vi-presence: two files, summary" {
	run -0 --separate-stderr vi-presence a.keys b.keys
	[ -z "$stderr" ]
	assert_output "measure,files,count
keys,a;b,4
in_all,a;b,2
changed,a;b,1
records,a,4
file_keys,a,3
duplicate_keys,a,1
unique,a,1
records,b,3
file_keys,b,3
duplicate_keys,b,0
unique,b,1
subset,a,1
subset,b,1
subset,a;b,2"
}

@test "vi-presence: three files, summary as TSV and with --names" {
	run -0 --separate-stderr vi-presence --tsv --names A,B,C \
	    a.keys b.keys c.keys
	[ -z "$stderr" ]
	assert_output "$(printf '%s\n' 'measure	files	count' \
	    'keys	A;B;C	4' 'in_all	A;B;C	1' 'changed	A;B;C	1' \
	    'records	A	4' 'file_keys	A	3' 'duplicate_keys	A	1' \
	    'unique	A	0' \
	    'records	B	3' 'file_keys	B	3' 'duplicate_keys	B	0' \
	    'unique	B	1' \
	    'records	C	2' 'file_keys	C	2' 'duplicate_keys	C	0' \
	    'unique	C	0' \
	    'subset	B	1' 'subset	A;B	1' 'subset	A;C	1' \
	    'subset	A;B;C	1')"
}

@test "vi-presence: three files, matrix with 0/1 and with --counts" {
	run -0 --separate-stderr vi-presence --matrix a.keys b.keys c.keys
	[ -z "$stderr" ]
	assert_output "key1,a,b,c
k1,1,0,1
k2,1,1,0
k3,1,1,1
k4,0,1,0"
	run -0 --separate-stderr vi-presence --counts a.keys b.keys c.keys
	assert_output "key1,a,b,c
k1,1,0,1
k2,1,1,0
k3,2,1,1
k4,0,1,0"
}

@test "vi-presence: --missing, --changed with row numbers, --rows" {
	run -0 --separate-stderr vi-presence --missing a.keys b.keys c.keys
	assert_output "key1,a,b,c
k1,1,0,1
k2,1,1,0
k4,0,1,0"
	run -0 --separate-stderr vi-presence --changed a.keys b.keys c.keys
	assert_output "key1,a,b,c,a_rows,b_rows,c_rows
k3,1,1,1,3;4,2,2"
	run -0 --separate-stderr vi-presence --missing --changed --tsv \
	    a.keys b.keys c.keys
	assert_output "$(printf '%s\n' 'key1	a	b	c	a_rows	b_rows	c_rows' \
	    'k1	1	0	1	1		5' 'k2	1	1	0	2	1	' \
	    'k3	1	1	1	3;4	2	2' 'k4	0	1	0		3	')"
}

@test "vi-presence: -s exits 1 when the files differ, 0 when they agree" {
	run -1 --separate-stderr vi-presence -s --matrix a.keys b.keys
	[ -z "$stderr" ]
	[ "${#lines[@]}" -eq 5 ]
	cp a.keys a2.keys
	run -0 --separate-stderr vi-presence --status a.keys a2.keys
	[ "${lines[3]}" = "changed,a;a2,0" ]
	# Without -s the answer does not change the status.
	run -0 --separate-stderr vi-presence a.keys b.keys
	# A changed key alone makes them differ.
	printf 'k1\t%s:1\n' $H1 >x.keys
	printf 'k1\t%s:1\n' $H2 >y.keys
	run -1 --separate-stderr vi-presence -s x.keys y.keys
}

@test "vi-presence: twelve files" {
	local i f all= expect
	for i in 01 02 03 04 05 06 07 08 09 10 11 12; do
		f=f$i.keys
		{
			printf 'all\t-:1\nonly%s\t-:2\n' $i
			case $i in 01|12) printf 'pair\t-:3\n' ;; esac
		} >$f
		all="$all $f"
	done
	run -0 --separate-stderr vi-presence $all
	[ -z "$stderr" ]
	L="f01;f02;f03;f04;f05;f06;f07;f08;f09;f10;f11;f12"
	expect="measure,files,count
keys,$L,14
in_all,$L,1
changed,$L,"
	for i in 01 02 03 04 05 06 07 08 09 10 11 12; do
		case $i in 01|12) n=3 ;; *) n=2 ;; esac
		expect="$expect
records,f$i,$n
file_keys,f$i,$n
duplicate_keys,f$i,0
unique,f$i,1"
	done
	for i in 01 02 03 04 05 06 07 08 09 10 11 12; do
		expect="$expect
subset,f$i,1"
	done
	expect="$expect
subset,f01;f12,1
subset,$L,1"
	assert_output "$expect"
	run -0 --separate-stderr vi-presence --missing --names \
	    a,b,c,d,e,f,g,h,i,j,k,l $all
	assert_output "key1,a,b,c,d,e,f,g,h,i,j,k,l
only01,1,0,0,0,0,0,0,0,0,0,0,0
only02,0,1,0,0,0,0,0,0,0,0,0,0
only03,0,0,1,0,0,0,0,0,0,0,0,0
only04,0,0,0,1,0,0,0,0,0,0,0,0
only05,0,0,0,0,1,0,0,0,0,0,0,0
only06,0,0,0,0,0,1,0,0,0,0,0,0
only07,0,0,0,0,0,0,1,0,0,0,0,0
only08,0,0,0,0,0,0,0,1,0,0,0,0
only09,0,0,0,0,0,0,0,0,1,0,0,0
only10,0,0,0,0,0,0,0,0,0,1,0,0
only11,0,0,0,0,0,0,0,0,0,0,1,0
only12,0,0,0,0,0,0,0,0,0,0,0,1
pair,1,0,0,0,0,0,0,0,0,0,0,1"
}

@test "vi-presence: 70 files (masks wider than 64 bits)" {
	local i all=
	for i in $(seq 1 70); do
		printf 'all\t-:1\nk%03d\t-:2\n' $i >g$i.keys
		all="$all g$i.keys"
	done
	printf 'z\t-:3\n' >>g70.keys
	run -0 --separate-stderr vi-presence --json $all
	run -0 python3 -c 'import json, sys
d = json.loads(sys.argv[1])
assert d["keys"] == 72 and d["changed"] is None, d
s = d["subsets"]
assert [x["keys"] for x in s] == [1] * 69 + [2] + [1], s
assert s[69]["files"] == ["g70"] and len(s[70]["files"]) == 70
assert [x["files"][0] for x in s[:70]] == ["g%d" % i for i in range(1, 71)]
' "$output"
}

@test "vi-presence: composite keys are written back as proper CSV" {
	# Key fields with a comma, a quote, a newline, a CR, and empty ones.
	{
		printf 'x,1\ty"z\t-:1\n'
		printf 'x\\n\t\t-:2\n'
		printf '\t\t-:3\n'
		printf 'cr\\r\tplain\t-:4\n'
	} | LC_ALL=C sort >a.keys
	printf '\t\t-:9\nx,1\ty"z\t-:8\n' | LC_ALL=C sort >b.keys
	run -0 --separate-stderr vi-presence --matrix a.keys b.keys
	[ -z "$stderr" ]
	assert_output "$(printf 'key1,key2,a,b\n,,1,1\n"cr\r",plain,1,0\n"x,1","y""z",1,1\n"x\n",,1,0')"
	run -0 --separate-stderr vi-presence --matrix --tsv a.keys b.keys
	assert_output "$(printf '%s\n' 'key1	key2	a	b' '		1	1' \
	    'cr\r	plain	1	0' 'x,1	y"z	1	1' 'x\n		1	0')"
	# The same answer from Python's csv module.
	vi-presence --matrix a.keys b.keys >m.csv
	run -0 python3 -c 'import csv
rows = list(csv.reader(open("m.csv", newline="")))
assert rows == [["key1", "key2", "a", "b"], ["", "", "1", "1"],
    ["cr\r", "plain", "1", "0"], ["x,1", "y\"z", "1", "1"],
    ["x\n", "", "1", "0"]], rows'
}

@test "vi-presence: keys that differ only after escaping stay apart" {
	# A key holding a TAB byte, and one holding backslash and t.
	printf 'a\\tb\t-:1\n' >a.keys
	printf 'a\\\\tb\t-:1\n' >b.keys
	run -0 --separate-stderr vi-presence --matrix --tsv a.keys b.keys
	assert_output "$(printf '%s\n' 'key1	a	b' 'a\\tb	0	1' 'a\tb	1	0')"
	run -0 --separate-stderr vi-presence --matrix a.keys b.keys
	assert_output "$(printf 'key1,a,b\na\\tb,0,1\na\tb,1,0')"
	run -0 --separate-stderr vi-presence a.keys b.keys
	assert_line "in_all,a;b,0"
	assert_line "subset,a,1"
	assert_line "subset,b,1"
}

@test "vi-presence: duplicates are counted per file, never collapsed" {
	printf 'k\t%s:1\nk\t%s:2\nk\t%s:3\nm\t%s:4\n' $H1 $H1 $H1 $H2 >a.keys
	printf 'k\t%s:7\nm\t%s:5\nm\t%s:6\n' $H1 $H2 $H2 >b.keys
	run -0 --separate-stderr vi-presence a.keys b.keys
	assert_line "duplicate_keys,a,1"
	assert_line "duplicate_keys,b,1"
	assert_line "records,a,4"
	assert_line "file_keys,a,2"
	# k: three records with H1 in a, one in b; m: one with H2 in a, two in
	# b.  The same rows, repeated: duplicates, not changes.
	assert_line "changed,a;b,0"
	run -0 --separate-stderr vi-presence --counts --rows a.keys b.keys
	assert_output "key1,a,b,a_rows,b_rows
k,3,1,1;2;3,7
m,1,2,4,5;6"
	# A file that lacks one of a key's rows disagrees with the other.
	printf 'k\t%s:1\nk\t%s:2\n' $H1 $H2 >c.keys
	printf 'k\t%s:3\n' $H1 >d.keys
	run -0 --separate-stderr vi-presence --changed c.keys d.keys
	assert_output "key1,c,d,c_rows,d_rows
k,1,1,1;2,3"
}

@test "vi-presence: changed compares the sets of distinct row hashes between files" {
	# Identical files whose duplicate keys carry different rows agree.
	printf 'k\t%s:1\nk\t%s:2\nm\t%s:3\n' $H1 $H2 $H3 >a.keys
	cp a.keys b.keys
	run -0 --separate-stderr vi-presence a.keys b.keys
	assert_equal "$stderr" ""
	assert_line "changed,a;b,0"
	assert_line "duplicate_keys,a,1"
	assert_line "duplicate_keys,b,1"
	run -0 --separate-stderr vi-presence -s a.keys b.keys
	assert_line "changed,a;b,0"
	run -0 --separate-stderr vi-presence --changed a.keys b.keys
	assert_output "key1,a,b,a_rows,b_rows"
	run -0 --separate-stderr vi-presence --json a.keys b.keys
	run python3 -c 'import json,sys
o = json.load(sys.stdin); print(o["changed"], o["differ"])' <<<"$output"
	assert_output "0 0"
	# The same rows in another row order agree too: rows 1 3 2 of c
	# are rows 8 9 7 of d.
	printf 'k\t%s:1\nk\t%s:3\nk\t%s:2\n' $H1 $H1 $H2 >c.keys
	printf 'k\t%s:8\nk\t%s:9\nk\t%s:7\n' $H1 $H1 $H2 >d.keys
	run -0 --separate-stderr vi-presence -s c.keys d.keys
	run -0 --separate-stderr vi-presence --changed c.keys d.keys
	assert_output "key1,c,d,c_rows,d_rows"
	# The same set repeated differently (H1 H1 H2 against H1 H2 H2) is
	# no change; a key in one file only never is.
	printf 'k\t%s:1\nk\t%s:2\nk\t%s:3\nz\t%s:4\n' $H1 $H2 $H2 $H4 >e.keys
	run -0 --separate-stderr vi-presence --changed c.keys e.keys
	assert_output "key1,c,e,c_rows,e_rows"
	# A different set is a change, also when the counts agree.
	printf 'k\t%s:1\nk\t%s:2\nk\t%s:3\n' $H1 $H3 $H3 >f.keys
	run -1 --separate-stderr vi-presence -s c.keys f.keys
	assert_equal "$stderr" ""
	run -0 --separate-stderr vi-presence --changed c.keys f.keys
	assert_output "key1,c,f,c_rows,f_rows
k,1,1,1;2;3,1;2;3"
	run -0 --separate-stderr vi-presence c.keys f.keys
	assert_line "changed,c;f,1"
	# Three files: two agree, the third differs.
	run -0 --separate-stderr vi-presence --changed c.keys d.keys f.keys
	assert_output "key1,c,d,f,c_rows,d_rows,f_rows
k,1,1,1,1;2;3,7;8;9,1;2;3"
}

@test "vi-presence: a key with many duplicates: the same set agrees, another differs" {
	python3 -c 'import sys
for i in range(200000): sys.stdout.write("k\t%016x:%d\n" % (i % 1000, i + 1))' | LC_ALL=C sort >a.keys
	python3 -c 'import sys
for i in range(200000): sys.stdout.write("k\t%016x:%d\n" % ((i * 7) % 1000, i + 1))' | LC_ALL=C sort >b.keys
	run -0 --separate-stderr vi-presence -s a.keys b.keys
	python3 -c 'import sys
for i in range(200000): sys.stdout.write("k\t%016x:%d\n" % (i % 1001, i + 1))' | LC_ALL=C sort >c.keys
	run -1 --separate-stderr vi-presence -s a.keys c.keys
	assert_equal "$stderr" ""
}

@test "vi-presence: an unsorted input is a data error naming stream and record" {
	printf 'k2\t-:1\nk1\t-:2\n' >u.keys
	printf 'k1\t-:1\n' >s.keys
	run -65 --separate-stderr vi-presence s.keys u.keys
	[ -z "$output" ]
	[ "$stderr" = "vi-presence: u.keys: record 2 sorts before record 1: the stream is not sorted (sort it with vi-sort or LC_ALL=C sort)" ]
	# Same key, rows out of order: the line order is the contract.
	printf 'k1\t-:2\nk1\t-:10\n' >v.keys
	run -65 --separate-stderr vi-presence s.keys v.keys
	[ "$stderr" = "vi-presence: v.keys: record 2 sorts before record 1: the stream is not sorted (sort it with vi-sort or LC_ALL=C sort)" ]
	# Sorted by LC_ALL=C sort, it is accepted.
	LC_ALL=C sort v.keys >w.keys
	run -0 --separate-stderr vi-presence --rows s.keys w.keys
	assert_output "key1,s,w,s_rows,w_rows
k1,1,1,1,2;10"
}

@test "vi-presence: malformed input and mismatched key shapes are data errors" {
	printf 'k1\t-:1\nk2\tzz\n' >bad.keys
	run -65 --separate-stderr vi-presence a.keys bad.keys
	[ "$stderr" = "vi-presence: bad.keys:2:11: metadata field must start with a 16-digit lowercase hex row hash or '-'" ]
	printf 'k1\tx\t-:1\n' >two.keys
	run -65 --separate-stderr vi-presence a.keys two.keys
	[ "$stderr" = "vi-presence: two.keys: records have 2 key fields, those of a.keys have 1" ]
}

@test "vi-presence: without row hashes changed is unknown" {
	printf 'k1\t-:1\n' >n1.keys
	printf 'k1\t-:1\nk2\t-:2\n' >n2.keys
	run -0 --separate-stderr vi-presence n1.keys n2.keys
	assert_line "changed,n1;n2,"
	run -0 --separate-stderr vi-presence --json n1.keys n2.keys
	run -0 python3 -c 'import json, sys
d = json.loads(sys.argv[1]); assert d["changed"] is None, d' "$output"
	run -65 --separate-stderr vi-presence --changed a.keys n1.keys
	[ "$stderr" = "vi-presence: --changed: needs row hashes, and an input has none (made with vi-keys --no-hash?)" ]
	# One hashed stream with one without: still unknown.
	run -0 --separate-stderr vi-presence a.keys n1.keys
	assert_line "changed,a;n1,"
}

@test "vi-presence: --summary --json is the documented contract" {
	run -0 --separate-stderr vi-presence --summary --json a.keys b.keys c.keys
	[ -z "$stderr" ]
	run -0 python3 -c 'import json, sys
d = json.loads(sys.argv[1])
assert d["files"] == ["a", "b", "c"], d
assert d["keys"] == 4 and d["changed"] == 1 and d["in_all"] == 1
assert d["subsets"] == [{"files": ["b"], "keys": 1},
    {"files": ["a", "b"], "keys": 1}, {"files": ["a", "c"], "keys": 1},
    {"files": ["a", "b", "c"], "keys": 1}], d["subsets"]
assert [(p["name"], p["records"], p["keys"], p["duplicate_keys"])
    for p in d["per_file"]] == [("a", 4, 3, 1), ("b", 3, 3, 0),
    ("c", 2, 2, 0)], d["per_file"]
assert d["per_file"][0]["path"] == "a.keys"
' "$output"
}

@test "vi-presence: --matrix --json writes one object per key" {
	run -0 --separate-stderr vi-presence --matrix --json --rows a.keys b.keys
	assert_output '{"key":["k1"],"present":[1,0],"changed":false,"rows":[[1],[]]}
{"key":["k2"],"present":[1,1],"changed":false,"rows":[[2],[1]]}
{"key":["k3"],"present":[1,1],"changed":true,"rows":[[3,4],[2]]}
{"key":["k4"],"present":[0,1],"changed":false,"rows":[[],[3]]}'
	printf 'a\\tb\xff\t-:1\n' >x.keys
	run -0 --separate-stderr vi-presence --matrix --json --counts x.keys a.keys
	assert_line --index 0 '{"key":["a\\tb\\xff"],"escaped":true,"counts":[1,0],"changed":null}'
}

@test "vi-presence: text and binary streams mix (vi-sort --to-binary)" {
	vi-sort --to-binary b.keys >b.bin
	run -0 --separate-stderr vi-presence --changed a.keys b.bin c.keys
	assert_output "key1,a,b,c,a_rows,b_rows,c_rows
k3,1,1,1,3;4,2,2"
	run -0 --separate-stderr vi-presence a.keys b.bin c.keys
	expect=$(vi-presence a.keys b.keys c.keys)
	assert_output "$expect"
}

@test "vi-presence: labels and key names from a binary header (vi-keys -b)" {
	printf 'id,v\n2,x\n1,y\n' >src.csv
	vi-keys -b -k id src.csv | vi-sort >s.bin
	printf '1\t-:1\n' >t.keys
	run -0 --separate-stderr vi-presence --matrix s.bin t.keys
	assert_output "id,src,t
1,1,1
2,1,0"
}

@test "vi-presence: stdin, and usage errors" {
	run -0 --separate-stderr vi-presence --matrix a.keys - <b.keys
	[ "${lines[0]}" = "key1,a,stdin" ]
	run -64 --separate-stderr vi-presence a.keys
	[ "${stderr_lines[0]}" = "vi-presence: at least two inputs are needed" ]
	[ "${stderr_lines[1]}" = "$USAGE1" ]
	run -64 --separate-stderr vi-presence - - </dev/null
	[ "${stderr_lines[0]}" = "vi-presence: at most one input can be '-'" ]
	run -64 --separate-stderr vi-presence --names x a.keys b.keys
	[ "${stderr_lines[0]}" = "vi-presence: --names: 1 names for 2 inputs" ]
	run -64 --separate-stderr vi-presence --names x,x a.keys b.keys
	[ "${stderr_lines[0]}" = "vi-presence: --names: name given twice: x" ]
	run -64 --separate-stderr vi-presence --summary --counts a.keys b.keys
	run -64 --separate-stderr vi-presence --summary --matrix a.keys b.keys
	run -66 --separate-stderr vi-presence a.keys nothere.keys
	[ "$stderr" = "vi-presence: nothere.keys: No such file or directory" ]
	[ -z "$output" ]
}

@test "vi-presence: equal default labels are told apart" {
	mkdir d1 d2
	cp a.keys d1/x.keys
	cp b.keys d2/x.keys
	run -0 --separate-stderr vi-presence d1/x.keys d2/x.keys
	[ "${lines[1]}" = "keys,x#1;x#2,4" ]
}

@test "vi-presence: write errors exit 74, a closed pipe is quiet" {
	run -74 --separate-stderr bash -c 'vi-presence a.keys b.keys >/dev/full'
	[ "$stderr" = "vi-presence: write error: No space left on device" ]
	run -74 --separate-stderr bash -c 'vi-presence --matrix a.keys b.keys >/dev/full'
	[ "$stderr" = "vi-presence: write error: No space left on device" ]
	for i in $(seq 1 200000); do printf 'k%07d\t-:%d\n' $i $i; done >big.keys
	run --separate-stderr bash -c 'vi-presence --matrix big.keys big.keys | head -1; echo "${PIPESTATUS[0]}"'
	[ "${lines[0]}" = "key1,big#1,big#2" ]
	[ "${lines[1]}" = 141 ]
	[ -z "$stderr" ]
}

@test "vi-presence: differential test against a Python reference (5 files)" {
	local seed
	for seed in 1 2 3; do
		mkdir -p "r$seed"
		python3 "$BATS_TEST_DIRNAME/test_helper/presence_ref.py" \
		    "r$seed" $seed 5
		cd "r$seed"
		F="f1.keys f2.keys f3.keys f4.keys f5.keys"
		vi-presence $F >got.summary.csv
		diff expect.summary.csv got.summary.csv
		vi-presence --matrix --counts --rows $F >got.matrix.csv
		diff expect.matrix.csv got.matrix.csv
		vi-presence --missing $F >got.missing.csv
		diff expect.missing.csv got.missing.csv
		vi-presence --changed $F >got.changed.csv
		diff expect.changed.csv got.changed.csv
		vi-presence --json $F >got.summary.json
		python3 -c 'import json
e = json.load(open("expect.summary.json"))
g = json.load(open("got.summary.json"))
for k in ("files", "keys", "changed", "subsets"):
    assert e[k] == g[k], k
for a, b in zip(e["per_file"], g["per_file"]):
    for k in a:
        assert a[k] == b[k], (k, a, b)'
		run -1 vi-presence -s $F
		cd ..
	done
}

@test "vi-presence: an empty smallest key (UBSan: no memcpy to NULL)" {
	printf '\t-:1\nk\t-:2\n' > e1.keys
	printf '\t-:1\n' > e2.keys
	run -0 --separate-stderr vi-presence --matrix e1.keys e2.keys
	[ -z "$stderr" ]
	assert_output "key1,e1,e2
,1,1
k,1,0"
}

@test "vi-presence: an empty key field is a plain empty JSON string, not escaped" {
	printf '\t-:1\na\t-:2\n' >e.keys
	run -0 --separate-stderr vi-presence --matrix --format json e.keys e.keys
	assert_output '{"key":[""],"present":[1,1],"changed":null}
{"key":["a"],"present":[1,1],"changed":null}'
}

@test "vi-presence: --summary-to FILE writes the JSON summary beside the matrix, from one pass; never after a failure" {
	printf 'k1\t%s:1\nk2\t%s:2\n' $H1 $H2 >a.keys
	printf 'k1\t%s:1\nk3\t%s:2\n' $H3 $H2 >b.keys
	vi-presence --summary --json a.keys b.keys >want.json
	run -0 --separate-stderr vi-presence --matrix --summary-to s.json a.keys b.keys
	assert_output "key1,a,b
k1,1,1
k2,1,0
k3,0,1"
	cmp want.json s.json
	# A failed run leaves the old file and no temporary.
	echo old >s.json
	printf 'k2\t-:1\nk1\t-:2\n' >u.keys
	run -65 --separate-stderr vi-presence --matrix --summary-to s.json a.keys u.keys
	[ "$(cat s.json)" = old ]
	run -0 ls -A
	[[ "$output" != *.vi-out* ]]
}

@test "the order within a key is the lines' order, in text and binary streams: row 10 before row 9" {
	printf 'id,v\n' >ten.csv
	for i in 1 2 3 4 5 6 7 8 9 10; do echo "k,x" >>ten.csv; done
	vi-keys -b -k id ten.csv >ten.bk
	vi-keys -k id ten.csv >ten.tk
	for f in ten.bk ten.tk; do
		run -65 --separate-stderr vi-presence --summary "$f" "$f"
		[ "${stderr_lines[0]}" = "vi-presence: $f: record 10 sorts before record 9: the stream is not sorted (sort it with vi-sort or LC_ALL=C sort)" ]
	done
	vi-sort ten.bk >s.bk
	vi-sort ten.tk >s.tk
	run -0 vi-presence --summary --names b,t s.bk s.tk
	run -0 vi-presence --changed --names b,t s.bk s.tk
}
