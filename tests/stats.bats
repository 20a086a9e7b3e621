#!/usr/bin/env bats
# vi-stats: the shared reader's behaviour seen through vi-stats, and the
# profile itself.  Exact outputs; stdout and stderr checked separately.

load test_helper/common

F="$BATS_TEST_DIRNAME/fixtures/stats"

json() { vi-stats --format json "$@"; }

# One JSON key of the first object, through python3.
jq1() {
	python3 -c 'import json,sys
o=json.loads(sys.stdin.readline())
for k in sys.argv[1].split("."):
    o=o[int(k)] if k.isdigit() else o[k]
print(json.dumps(o))' "$1"
}

@test "unterminated quote: exit 65, message names the line where the quote opened" {
	run --separate-stderr vi-stats "$F/unterminated.csv"
	assert_equal "$status" 65
	assert_equal "$output" ""
	assert_equal "$stderr" "vi-stats: $F/unterminated.csv:3:15: unterminated quoted field"
}

@test "ragged rows: strict stops at the first with exit 65" {
	run --separate-stderr vi-stats "$F/ragged.csv"
	assert_equal "$status" 65
	assert_equal "$stderr" "vi-stats: $F/ragged.csv:3:13: expected 2 fields, found 1"
}

@test "ragged rows: --lenient counts every reject; read = accepted + rejected" {
	run --separate-stderr vi-stats --lenient --format json "$F/ragged.csv"
	assert_success
	assert_equal "$stderr" "vi-stats: $F/ragged.csv: 2 of 4 records rejected, the first at line 3 byte 13: expected 2 fields, found 1"
	run jq1 rows <<<"$output"
	assert_output 2
}

@test "a stray quote in an unquoted field: exit 65 at its byte" {
	run --separate-stderr vi-stats "$F/strayquote.csv"
	assert_equal "$status" 65
	assert_equal "$stderr" "vi-stats: $F/strayquote.csv:2:13: quote character in an unquoted field"
}

@test "a character after a closing quote: exit 65 at its byte" {
	run --separate-stderr vi-stats "$F/afterquote.csv"
	assert_equal "$status" 65
	assert_equal "$stderr" "vi-stats: $F/afterquote.csv:2:15: unexpected character after a closing quote"
}

@test "a UTF-16 byte order mark: exit 65 with a hint to convert" {
	run --separate-stderr vi-stats "$F/utf16.csv"
	assert_equal "$status" 65
	assert_equal "$stderr" "vi-stats: $F/utf16.csv:1:1: UTF-16LE byte order mark: the input is not UTF-8; read it with --encoding utf-16"
}

@test "stdin: '-' and no argument read the standard input" {
	run --separate-stderr bash -c "vi-stats --format json - < '$F/ragged.csv'"
	assert_equal "$status" 65
	assert_equal "$stderr" "vi-stats: -:3:13: expected 2 fields, found 1"
	run --separate-stderr bash -c "vi-stats --format json < '$F/unterminated.csv'"
	assert_equal "$status" 65
	assert_equal "$stderr" "vi-stats: -:3:15: unterminated quoted field"
}

@test "output to a closed pipe exits quietly" {
	python3 -c '
import sys
w = sys.stdout.write
w("a,b\n")
for i in range(2000): w("%d,x\n" % i)' > "$BATS_TEST_TMPDIR/small.csv"
	# many files so that the output is larger than the pipe buffer
	files=$(for i in $(seq 400); do printf '%s ' "$BATS_TEST_TMPDIR/small.csv"; done)
	run --separate-stderr bash -c "vi-stats $files | head -1"
	assert_success
	assert_equal "$stderr" ""
	assert_equal "${#lines[@]}" 1
}

# A file with every awkward thing, big enough to be cut in many blocks.
make_awkward() {
	python3 - "$1" "$2" <<'PY'
import random, sys
random.seed(int(sys.argv[2]))
eol = ["\n", "\r\n"][int(sys.argv[2]) % 2]
out = ["id,text,amount,day,flag,zip" + eol]
for i in range(3000):
    r = random.random()
    text = random.choice(['plain', '"with, comma"', '"multi' + eol + 'line"',
                          '"say ""hi"""', '', 'NA', '"a' + eol + eol + 'b"'])
    amount = random.choice([str(i), "%.3f" % (i / 7), "", "NaN", "1e5", "12x"])
    day = random.choice(["2024-02-29", "2023-02-29", "2024-12-31", ""])
    flag = random.choice(["true", "False", ""])
    zipc = random.choice(["007", "12345", "99999999999999999999"])
    out.append(",".join([str(i), text, amount, day, flag, zipc]) + eol)
    if random.random() < 0.01:
        out.append(eol)
open(sys.argv[1], "w", newline="").write("".join(out))
PY
}

@test "threaded and single-threaded passes print identical reports" {
	for seed in 1 2 3; do
		make_awkward "$BATS_TEST_TMPDIR/a.csv" $seed
		for fmt in json table; do
			run --separate-stderr vi-stats -j1 --block-size 4096b -f $fmt "$BATS_TEST_TMPDIR/a.csv"
			assert_success
			one=$output
			for j in 2 3 7; do
				run --separate-stderr vi-stats -j$j --block-size 4096b -f $fmt "$BATS_TEST_TMPDIR/a.csv"
				assert_success
				assert_equal "$output" "$one"
			done
		done
	done
}

@test "threaded pass over malformed input reports the sequential error" {
	make_awkward "$BATS_TEST_TMPDIR/a.csv" 4
	printf '5000,"never closed\n' >> "$BATS_TEST_TMPDIR/a.csv"
	printf 'x,y,z,w,v,u\n' >> "$BATS_TEST_TMPDIR/a.csv"
	run --separate-stderr vi-stats -j1 "$BATS_TEST_TMPDIR/a.csv"
	assert_equal "$status" 65
	one=$stderr
	run --separate-stderr vi-stats -j2 --block-size 4096b "$BATS_TEST_TMPDIR/a.csv"
	assert_equal "$status" 65
	assert_equal "$stderr" "$one"
	[[ "$one" == *": unterminated quoted field" ]]
}

@test "exact reports: quoted fields with CRLF, BOM and invalid UTF-8, header only, empty file, every type boundary" {
	cd "$F"
	for f in quoted_crlf bom_badutf8 header_only empty types; do
		want=    # the one file with invalid UTF-8 says so
		[[ $f != bom_badutf8 ]] ||
			want="vi-stats: $f.csv:3:24: warning: 1 invalid UTF-8 sequence (here); the bytes look like Latin-1: read the file with --encoding latin1"
		run --separate-stderr vi-stats "$f.csv"
		assert_success
		assert_equal "$stderr" "$want"
		assert_output "$(cat "$f.table")"
		run --separate-stderr vi-stats --format json "$f.csv"
		assert_success
		assert_equal "$stderr" "$want"
		assert_output "$(cat "$f.json")"
	done
}

@test "JSON contract: types, typed min/max, flags, partial" {
	cd "$F"
	run python3 -c '
import json, subprocess
o = json.loads(subprocess.run(["vi-stats", "--json", "types.csv"], capture_output=True, check=True).stdout)
print(o["format_version"], o["rows"], o["partial"])
for c in o["columns"]:
    print(c["name"], c["type"], json.dumps(c["min"]), json.dumps(c["max"]), c["nulls"], c["non_null"])
p = json.loads(subprocess.run(["vi-stats", "--json", "-n", "2", "types.csv"], capture_output=True, check=True).stdout)
print(p["partial"], p["limit"], p["rows"])'
	assert_success
	assert_output '2 3 False
int integer -9223372036854775808 9223372036854775807 0 3
big string "1" "9223372036854775808" 0 3
padded string "0" "12" 0 3
num number -2.25 1.5 0 3
exp number -0.0025 100000.0 0 3
nonfin number null null 1 2
date date "1999-01-01" "2024-02-29" 0 3
baddate string "2023-02-29" "2024-13-01" 0 3
dt datetime "2024-03-01 00:00:00+02:00" "2024-03-01T12:30" 0 3
bool boolean false true 0 3
mixed string "1" "2" 0 3
True 2 2'
}

@test "a limit marks the table as partial" {
	cd "$F"
	run --separate-stderr vi-stats -n 2 types.csv
	assert_success
	assert_output "$(cat types.limit2.table)"
	[[ "${lines[1]}" == *PARTIAL* || "${lines[0]}" == *PARTIAL* || "$output" == *partial* ]]
}

@test "--nulls presets and lists decide what is null (the blank line is skipped)" {
	printf 'a\nNA\n\\N\n\nNULL\nx\n' > "$BATS_TEST_TMPDIR/n.csv"
	for spec in pandas empty sql ',NA' 'list:x'; do
		run python3 -c '
import json, subprocess, sys
o = json.loads(subprocess.run(["vi-stats", "--json", "--nulls", sys.argv[1], sys.argv[2]], capture_output=True, check=True).stdout)
c = o["columns"][0]
print(sys.argv[1], c["nulls"], c["non_null"], json.dumps(c["null_tokens"], sort_keys=True))' "$spec" "$BATS_TEST_TMPDIR/n.csv"
		assert_success
		case $spec in
		pandas) assert_output 'pandas 2 2 {"NA": 1, "NULL": 1}' ;;
		empty) assert_output 'empty 0 4 {}' ;;
		sql) assert_output 'sql 2 2 {"NULL": 1, "\\N": 1}' ;;
		,NA) assert_output ',NA 1 3 {"NA": 1}' ;;
		list:x) assert_output 'list:x 1 3 {"x": 1}' ;;
		esac
	done
}

@test "random malformed inputs: exit 0 or 65, never a crash; threaded == sequential" {
	for s in $(seq 1 40); do
		python3 "$BATS_TEST_DIRNAME/test_helper/random_csv.py" $s > "$BATS_TEST_TMPDIR/in.csv"
		for opts in "" "-H" "--lenient" "-H --lenient"; do
			run --separate-stderr vi-stats $opts -j1 --json "$BATS_TEST_TMPDIR/in.csv"
			one_status=$status one_out=$output one_err=$stderr
			[[ $status == 0 || $status == 65 ]] || { echo "seed $s opts '$opts': status $status"; return 1; }
			run --separate-stderr vi-stats $opts -j3 --block-size 64b --json "$BATS_TEST_TMPDIR/in.csv"
			assert_equal "$status" "$one_status"
			assert_equal "$output" "$one_out"
			assert_equal "$stderr" "$one_err"
		done
	done
}

@test "-H: every column is profiled, named by its 1-based index" {
	printf 'a,b\n1,x\n2,y\n' > "$BATS_TEST_TMPDIR/h.csv"
	run --separate-stderr vi-stats -H "$BATS_TEST_TMPDIR/h.csv"
	assert_success
	assert_equal "$stderr" ""
	assert_equal "$output" "file: $BATS_TEST_TMPDIR/h.csv
rows: 3  read: 3  rejected: 0  columns: 2  bytes: 12  blank lines: 0
encoding: UTF-8
nulls: pandas
#  name  type    non_null  nulls  min  max  min_len  max_len  distinct  mean  stddev  notes
1  1     string         3      0  1    a          1        1        ~3     -       -  -
2  2     string         3      0  b    y          1        1        ~3     -       -  -
top 5:
  1 1: \"1\"=1 \"2\"=1 \"a\"=1
  2 2: \"b\"=1 \"x\"=1 \"y\"=1"
	run --separate-stderr vi-stats -H -f csv "$BATS_TEST_TMPDIR/h.csv"
	assert_success
	assert_equal "${lines[1]}" "$BATS_TEST_TMPDIR/h.csv,false,3,1,1,string,3,0,1,a,1,1,3,0.008125,,,,,,,0,0,0,"
	assert_equal "${lines[2]}" "$BATS_TEST_TMPDIR/h.csv,false,3,2,2,string,3,0,b,y,1,1,3,0.008125,,,,,,,0,0,0,"
	run --separate-stderr json -H "$BATS_TEST_TMPDIR/h.csv"
	assert_success
	run python3 -c 'import json,sys
o=json.loads(sys.stdin.read())
print(o["columns_count"], [(c["name"], c["index"], c["non_null"]) for c in o["columns"]])' <<<"$output"
	assert_output "2 [('1', 1, 3), ('2', 2, 3)]"
	run --separate-stderr vi-stats -H --schema "$BATS_TEST_TMPDIR/h.csv"
	assert_success
	run python3 -c 'import json,sys
print([f["name"] for f in json.loads(sys.stdin.read())["fields"]])' <<<"$output"
	assert_output "['1', '2']"
}

@test "-H: threaded pass == sequential pass in every format; a later bad row is the same error" {
	make_awkward "$BATS_TEST_TMPDIR/a.csv" 5
	for fmt in table json csv tsv; do
		# The same blocks: top values past 128 distinct ones depend on them.
		run --separate-stderr vi-stats -H -j1 --block-size 4096b -f $fmt "$BATS_TEST_TMPDIR/a.csv"
		assert_success
		one=$output
		[[ $fmt != table ]] || [[ "${lines[1]}" == *"  columns: 6  "* ]]
		for j in 2 3; do
			run --separate-stderr vi-stats -H -j$j --block-size 4096b -f $fmt "$BATS_TEST_TMPDIR/a.csv"
			assert_success
			assert_equal "$output" "$one"
		done
	done
	printf 'x,y\n' >> "$BATS_TEST_TMPDIR/a.csv"
	run --separate-stderr vi-stats -H -j1 "$BATS_TEST_TMPDIR/a.csv"
	assert_equal "$status" 65
	one=$stderr
	[[ "$one" == *": expected 6 fields, found 2" ]]
	run --separate-stderr vi-stats -H -j2 --block-size 4096b "$BATS_TEST_TMPDIR/a.csv"
	assert_equal "$status" 65
	assert_equal "$stderr" "$one"
}

@test "invalid UTF-8: one warning with the count and the first place; status unchanged" {
	printf 'a,b\n1,caf\351\n2,ok\n3,\377\376\n' > "$BATS_TEST_TMPDIR/l1.csv"
	W="the bytes look like Latin-1: read the file with --encoding latin1"
	run --separate-stderr vi-stats "$BATS_TEST_TMPDIR/l1.csv"
	assert_success
	assert_equal "$stderr" "vi-stats: $BATS_TEST_TMPDIR/l1.csv:2:10: warning: 3 invalid UTF-8 sequences (first here); $W"
	run --separate-stderr vi-keys -k a "$BATS_TEST_TMPDIR/l1.csv"
	assert_success
	assert_equal "$stderr" "vi-keys: $BATS_TEST_TMPDIR/l1.csv:2:10: warning: 3 invalid UTF-8 sequences (first here); $W"
	# Only once the run succeeded: a data error is the only message.
	printf '4\n' >> "$BATS_TEST_TMPDIR/l1.csv"
	run --separate-stderr vi-stats "$BATS_TEST_TMPDIR/l1.csv"
	assert_equal "$status" 65
	assert_equal "$stderr" "vi-stats: $BATS_TEST_TMPDIR/l1.csv:5:22: expected 2 fields, found 1"
	# The threaded passes count the whole file, as the sequential one.
	python3 -c 'import sys
sys.stdout.buffer.write(b"a,b\n" + b"".join(b"%d,x\n" % i for i in range(3000)) + b"9,caf\xe9\n8,\xe9\n")' > "$BATS_TEST_TMPDIR/l2.csv"
	for j in 1 2; do
		run --separate-stderr vi-stats -j$j --block-size 1k "$BATS_TEST_TMPDIR/l2.csv"
		assert_success
		assert_equal "$stderr" "vi-stats: $BATS_TEST_TMPDIR/l2.csv:3002:19900: warning: 2 invalid UTF-8 sequences (first here); $W"
		run --separate-stderr vi-keys -j$j --block-size 1k -k a "$BATS_TEST_TMPDIR/l2.csv"
		assert_success
		assert_equal "$stderr" "vi-keys: $BATS_TEST_TMPDIR/l2.csv:3002:19900: warning: 2 invalid UTF-8 sequences (first here); $W"
	done
}

@test "distinct is exact up to 1024 values, in the sequential and the threaded pass" {
	python3 -c 'import sys
out = ["a,b,c"]
for i in range(6000):
    out.append("v%d,%d,w%d" % (i % 500, i % 1024, i % 1025))
sys.stdout.write("\n".join(out) + "\n")' > "$BATS_TEST_TMPDIR/d.csv"
	for j in 1 3; do
		run --separate-stderr vi-stats -j$j --block-size 4096b --json "$BATS_TEST_TMPDIR/d.csv"
		assert_success
		run python3 -c 'import json,sys
print([c["distinct_estimate"] for c in json.load(sys.stdin)["columns"]])' <<<"$output"
		# 1025 values: past the exact set, the HyperLogLog estimate
		assert_output "[500, 1024, 1023]"
	done
	run --separate-stderr vi-stats "$BATS_TEST_TMPDIR/d.csv"
	assert_line --index 5 --regexp '^1  a +string +6000 +0  v0 +v99 +2 +4 +~500  '
}

@test "threaded pass: memory does not grow with the blocks of the file (runs folded as they end)" {
	/usr/bin/python3 -c '
import random, sys
random.seed(5)
with open(sys.argv[1], "w") as f:
    f.write("id,n,x,s,d\n")
    for i in range(200000):
        f.write("%d,%d,%.3f,s%d,2020-01-%02d\n" % (i, random.randint(0, 10**6),
            random.random() * 1000, random.randint(0, 5000), random.randint(1, 28)))
' "$BATS_TEST_TMPDIR/m.csv"
	run --separate-stderr vi-stats -j1 --block-size 4096b -f json "$BATS_TEST_TMPDIR/m.csv"
	assert_success
	one=$output
	# About 1800 blocks of 4 KiB, each with its own top values and
	# quantile sketches: a thread that kept its blocks' sketches until
	# the end used some 70 MB here; runs folded as they end, about 6 MB.
	run --separate-stderr /usr/bin/time -f %M -o "$BATS_TEST_TMPDIR/rss" vi-stats -j2 --block-size 4096b -f json "$BATS_TEST_TMPDIR/m.csv"
	assert_success
	assert_equal "$output" "$one"
	rss=$(cat "$BATS_TEST_TMPDIR/rss")
	[[ $VI_BIN == *asan* ]] || (( rss < 16000 )) || { echo "$rss KB"; return 1; }
}

@test "a wide header: 200000 columns in little memory, every format" {
	python3 -c 'print("," * 199999); print("x," * 199999 + "y")' > "$BATS_TEST_TMPDIR/w.csv"
	for fmt in table json csv; do
		run --separate-stderr /usr/bin/time -f %M -o "$BATS_TEST_TMPDIR/rss" vi-stats -f $fmt "$BATS_TEST_TMPDIR/w.csv"
		assert_success
		assert_equal "$stderr" ""
		case $fmt in
		table) assert_equal "${lines[1]}" "rows: 1  read: 1  rejected: 0  columns: 200000  bytes: 600000  blank lines: 0" ;;
		csv) assert_equal "${#lines[@]}" 200001 ;;
		esac
		# At most 2 KB a column, all included (it was 6.6 to 15 KB);
		# not measured under ASan, whose shadow memory is counted.
		rss=$(cat "$BATS_TEST_TMPDIR/rss")
		[[ $VI_BIN == *asan* ]] || (( rss < 400000 )) ||
			{ echo "$fmt: $rss KB"; return 1; }
	done
}

@test "the 64 MiB record limit is exact, checked in bounded memory; --lenient rejects a long quoted field" {
	local W="$BATS_TEST_TMPDIR" M=$((64 << 20))
	python3 - "$W" "$M" <<'PY'
import sys
w, m = sys.argv[1], int(sys.argv[2])
x = b'x' * (m + 1)
open(w + '/at.csv', 'wb').write(b'a,b\n1,' + x[:m - 2] + b'\n2,3\n')
open(w + '/over.csv', 'wb').write(b'a,b\n1,' + x[:m - 1] + b'\r\n2,3\n')
open(w + '/q.csv', 'wb').write(b'a,b\n1,"' + x[:m] + b'"\n2,3\n')
PY
	# "1," and 64 MiB - 2 bytes: exactly the limit (the LF aside).
	run -0 --separate-stderr vi-keys --no-hash -k a "$W/at.csv"
	[ "$output" = "$(printf '1\t-:1\n2\t-:2')" ] && [ -z "$stderr" ]
	# One byte more: an error where the record starts, strict or not,
	# without reading (or holding) more than the limit.
	for opt in "" --lenient; do
		run -65 --separate-stderr bash -c '[ -n "$VI_ASAN" ] || ulimit -v 200000
			exec vi-keys $1 --no-hash -k a "$2"' _ "$opt" "$W/over.csv"
		[ -z "$output" ]
		[ "$stderr" = "vi-keys: $W/over.csv:2:5: record longer than $M bytes" ]
	done
	# A quoted field still open at the limit, on one line.
	run -65 --separate-stderr vi-stats "$W/q.csv"
	[ "$stderr" = "vi-stats: $W/q.csv:2:7: unterminated quoted field (still open after $M bytes)" ]
	run -0 --separate-stderr bash -c '[ -n "$VI_ASAN" ] || ulimit -v 200000
		exec vi-stats --lenient --format json "$1"' _ "$W/q.csv"
	[ "$stderr" = "vi-stats: $W/q.csv: 1 of 2 records rejected, the first at line 2 byte 7: unterminated quoted field" ]
	run jq1 rows <<<"$output"
	assert_output 1
}
