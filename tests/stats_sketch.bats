#!/usr/bin/env bats
# vi-stats --top and --quantiles: exact values and counts while the sketches
# are exact, the stated error bounds against Python's exact answers past
# that, the same bytes for any thread count and for --partial/--merge, the
# JSON keys documented.  Exact outputs; stdout and stderr checked separately.

load test_helper/common

PY=/usr/bin/python3

# One key of every column of a JSON report, as Python's repr.
col_key() {
	$PY -c 'import json,sys
k = sys.argv[1]
print([c[k] for c in json.load(sys.stdin)["columns"]])' "$1"
}

# A file with both features past their exact range: a skewed text column
# (a few heavy values among 20000 rare ones), an integer id, a number and a
# rating, 60000 rows, a fixed seed.
gen_big() {
	$PY - "$1" <<'PY'
import random, sys
r = random.Random(12)
with open(sys.argv[1], "w") as f:
    f.write("word,id,price,rating\n")
    for i in range(60000):
        x = r.random()
        w = "heavy%d" % int(x * 50) if x < 0.3 else "rare%d" % r.randrange(20000)
        f.write("%s,%d,%.2f,%d\n" % (w, i, r.uniform(0, 1000), r.randrange(1, 6)))
PY
}

@test "top values: exact counts, ties by bytes (a prefix first), --top K, in the table and JSON" {
	printf 'c,n\nx,1\ny,2\nab,2\nx,3\na,1\ny,\nx,1\nab,\n' >"$BATS_TEST_TMPDIR/t.csv"
	run --separate-stderr vi-stats --top 3 -f json "$BATS_TEST_TMPDIR/t.csv"
	assert_success
	assert_equal "$stderr" ""
	run col_key top <<<"$output"
	assert_output "[[{'value': 'x', 'count': 3}, {'value': 'ab', 'count': 2}, {'value': 'y', 'count': 2}], [{'value': '1', 'count': 3}, {'value': '2', 'count': 2}, {'value': '3', 'count': 1}]]"
	run --separate-stderr vi-stats --top 3 -f json "$BATS_TEST_TMPDIR/t.csv"
	run col_key top_error <<<"$output"
	assert_output "[0, 0]"
	# a, ab: a prefix sorts first among equal counts.
	printf 'c\nab\na\nb\n' >"$BATS_TEST_TMPDIR/p.csv"
	run --separate-stderr vi-stats -f json "$BATS_TEST_TMPDIR/p.csv"
	run col_key top <<<"$output"
	assert_output "[[{'value': 'a', 'count': 1}, {'value': 'ab', 'count': 1}, {'value': 'b', 'count': 1}]]"
	run --separate-stderr vi-stats --top 2 --quantiles none "$BATS_TEST_TMPDIR/t.csv"
	assert_success
	assert_equal "${lines[7]}" "top 2:"
	assert_equal "${lines[8]}" '  1 c: "x"=3 "ab"=2'
	assert_equal "${lines[9]}" '  2 n: "1"=3 "2"=2'
	assert_equal "${#lines[@]}" 10
}

@test "top values: a long value is kept to 64 bytes, cut on a character, and marked" {
	$PY -c 'print("c"); print("é" * 40); print("é" * 40)' >"$BATS_TEST_TMPDIR/l.csv"
	run --separate-stderr vi-stats -f json "$BATS_TEST_TMPDIR/l.csv"
	assert_success
	run col_key top <<<"$output"
	assert_output "[[{'value': '$(printf 'é%.0s' $(seq 32))', 'count': 2, 'truncated': True}]]"
}

@test "--top 0 and --quantiles none: no sketch, null in JSON, no section in the table" {
	printf 'n\n1\n2\n' >"$BATS_TEST_TMPDIR/n.csv"
	run --separate-stderr vi-stats --top 0 --quantiles none -f json "$BATS_TEST_TMPDIR/n.csv"
	assert_success
	run $PY -c 'import json,sys
c = json.load(sys.stdin)["columns"][0]
print(c["top"], c["top_error"], c["quantiles"], c["quantile_rank_error"])' <<<"$output"
	assert_output "None None None None"
	run --separate-stderr vi-stats --top 0 --quantiles none "$BATS_TEST_TMPDIR/n.csv"
	assert_equal "${#lines[@]}" 6
	run --separate-stderr vi-stats --top 0 "$BATS_TEST_TMPDIR/n.csv"
	assert_equal "${lines[6]}" "quantiles 0.25 0.5 0.75:"
	assert_equal "${lines[7]}" "  1 n: 1 1 2"
}

@test "quantiles: exact below 512 values (the least value at rank ceil(q n)), --quantiles chooses, keys as given" {
	$PY -c 'import random
r = random.Random(3)
print("x,i")
for k in range(401): print("%.3f,%d" % (r.uniform(-50, 50), r.randrange(1000)))' >"$BATS_TEST_TMPDIR/q.csv"
	run --separate-stderr vi-stats --quantiles 0,0.1,0.5,0.9,1 -f json "$BATS_TEST_TMPDIR/q.csv"
	assert_success
	echo "$output" >"$BATS_TEST_TMPDIR/q.json"
	run $PY - "$BATS_TEST_TMPDIR/q.csv" "$BATS_TEST_TMPDIR/q.json" <<'PY'
import csv, json, math, sys
rows = list(csv.DictReader(open(sys.argv[1])))
rep = json.load(open(sys.argv[2]))
for c in rep["columns"]:
    conv = float if c["type"] == "number" else int
    v = sorted(conv(r[c["name"]]) for r in rows)
    want = {}
    for q in ("0", "0.1", "0.5", "0.9", "1"):
        k = max(1, math.ceil(float(q) * len(v)))
        want[q] = v[k - 1]
    print(c["name"], c["quantiles"] == want, list(c["quantiles"]), c["quantile_rank_error"])
PY
	assert_output "x True ['0', '0.1', '0.5', '0.9', '1'] 0.0
i True ['0', '0.1', '0.5', '0.9', '1'] 0.0"
}

@test "quantiles: within the stated rank error of Python's exact ranks on random data" {
	for seed in 1 2; do
		$PY - "$BATS_TEST_TMPDIR/r.csv" "$seed" <<'PY'
import random, sys
r = random.Random(int(sys.argv[2]))
with open(sys.argv[1], "w") as f:
    f.write("g,e,i\n")
    for k in range(120000):
        f.write("%r,%r,%d\n" % (r.gauss(0, 1), r.expovariate(0.01), r.randrange(-10**6, 10**6)))
PY
		for j in 1 2; do
			run --separate-stderr vi-stats -j$j --block-size 512k --quantiles 0.01,0.25,0.5,0.75,0.99 -f json "$BATS_TEST_TMPDIR/r.csv"
			assert_success
			echo "$output" >"$BATS_TEST_TMPDIR/r.json"
			run $PY - "$BATS_TEST_TMPDIR/r.csv" "$BATS_TEST_TMPDIR/r.json" <<'PY'
import bisect, csv, json, math, sys
rows = list(csv.DictReader(open(sys.argv[1])))
rep = json.load(open(sys.argv[2]))
for c in rep["columns"]:
    conv = float if c["type"] == "number" else int
    v = sorted(conv(r[c["name"]]) for r in rows)
    n = len(v)
    err = c["quantile_rank_error"] * n
    ok = 0 < c["quantile_rank_error"] < 0.03
    for q, x in c["quantiles"].items():
        want = max(1, math.ceil(float(q) * n))
        below, upto = bisect.bisect_left(v, x), bisect.bisect_right(v, x)
        # x is a value of the column whose rank is within err of want
        ok = ok and upto > below and below - err <= want <= upto + err
    print(c["name"], ok)
PY
			assert_output "g True
e True
i True"
		done
	done
}

@test "quantiles of date and datetime columns: exact below 512 values, by instant, written back as dates and UTC datetimes" {
	printf '%s\n' 'd,t,mixed' \
	    '2024-03-01,2024-01-01T10:00:00.5Z,2024-01-01' \
	    '1999-12-31,2024-01-01 09:00,1' \
	    '2024-02-29,2024-01-01T12:00:00+02:00,2' \
	    '0001-01-01,2024-01-01,3' \
	    '9999-12-31,1969-12-31T23:59:59.999-00:30,4' \
	    '2024-03-01,2024-01-01T10:00:00.05Z,5' \
	    '1970-01-01,2024-01-01T10:00:00.123456789Z,6' \
	    '1969-12-31,9999-12-31T23:59:59.9996Z,7' >"$BATS_TEST_TMPDIR/t.csv"
	# By instant, t is: 1970-01-01T00:29:59.999Z (-00:30), 2024-01-01 (its
	# midnight), 09:00, 10:00 (12:00+02:00), 10:00:00.05, .123456789, .5,
	# 9999-12-31T23:59:59.9996Z; ranks 1, 2, 4, 6, 8 of 8.  The fraction is
	# rounded to the millisecond, but not past 9999.  mixed is a string.
	run --separate-stderr vi-stats --top 0 --quantiles 0,0.25,0.5,0.75,1 "$BATS_TEST_TMPDIR/t.csv"
	assert_success
	assert_equal "$stderr" ""
	assert_line --index 8 'quantiles 0 0.25 0.5 0.75 1:'
	assert_line --index 9 '  1 d: 0001-01-01 1969-12-31 1999-12-31 2024-03-01 9999-12-31'
	assert_line --index 10 '  2 t: 1970-01-01T00:29:59.999Z 2024-01-01T00:00:00Z 2024-01-01T10:00:00Z 2024-01-01T10:00:00.123Z 9999-12-31T23:59:59.999Z'
	assert_equal "${#lines[@]}" 11
	run col_key quantiles <<<"$(vi-stats --quantiles 0,0.25,0.5,0.75,1 -f json "$BATS_TEST_TMPDIR/t.csv")"
	assert_output "[{'0': '0001-01-01', '0.25': '1969-12-31', '0.5': '1999-12-31', '0.75': '2024-03-01', '1': '9999-12-31'}, {'0': '1970-01-01T00:29:59.999Z', '0.25': '2024-01-01T00:00:00Z', '0.5': '2024-01-01T10:00:00Z', '0.75': '2024-01-01T10:00:00.123Z', '1': '9999-12-31T23:59:59.999Z'}, None]"
	run col_key quantile_rank_error <<<"$(vi-stats -f json "$BATS_TEST_TMPDIR/t.csv")"
	assert_output "[0.0, 0.0, None]"
}

@test "date quantiles: within the stated rank error of Python's exact ranks on 2000 random dates, -j1 == -j2" {
	$PY - "$BATS_TEST_TMPDIR/d.csv" <<'PY'
import datetime, random, sys
r = random.Random(7)
with open(sys.argv[1], "w") as f:
    f.write("day\n")
    for k in range(2000):
        f.write("%s\n" % (datetime.date(1900, 1, 1) + datetime.timedelta(days=r.randrange(60000))))
PY
	run --separate-stderr vi-stats -j1 --block-size 8k --quantiles 0.01,0.25,0.5,0.75,0.99 -f json "$BATS_TEST_TMPDIR/d.csv"
	assert_success
	one=$output
	run --separate-stderr vi-stats -j2 --block-size 8k --quantiles 0.01,0.25,0.5,0.75,0.99 -f json "$BATS_TEST_TMPDIR/d.csv"
	assert_success
	assert_equal "$output" "$one"
	echo "$output" >"$BATS_TEST_TMPDIR/d.json"
	run $PY - "$BATS_TEST_TMPDIR/d.csv" "$BATS_TEST_TMPDIR/d.json" <<'PY'
import bisect, csv, json, math, sys
rows = list(csv.DictReader(open(sys.argv[1])))
c = json.load(open(sys.argv[2]))["columns"][0]
v = sorted(r["day"] for r in rows)  # ISO dates sort as text
n = len(v)
err = c["quantile_rank_error"] * n
ok = c["type"] == "date" and 0 < c["quantile_rank_error"] < 0.03
for q, x in c["quantiles"].items():
    want = max(1, math.ceil(float(q) * n))
    below, upto = bisect.bisect_left(v, x), bisect.bisect_right(v, x)
    ok = ok and upto > below and below - err <= want <= upto + err
print(c["name"], ok, len(c["quantiles"]))
PY
	assert_output "day True 5"
}

@test "top values past 128 distinct ones: every count within top_error below the truth, the heavy values found" {
	gen_big "$BATS_TEST_TMPDIR/b.csv"
	run --separate-stderr vi-stats --top 10 -j2 --block-size 256k -f json "$BATS_TEST_TMPDIR/b.csv"
	assert_success
	echo "$output" >"$BATS_TEST_TMPDIR/b.json"
	run $PY - "$BATS_TEST_TMPDIR/b.csv" "$BATS_TEST_TMPDIR/b.json" <<'PY'
import collections, csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1])))
c = json.load(open(sys.argv[2]))["columns"][0]
true = collections.Counter(r["word"] for r in rows)
e = c["top_error"]
print(0 < e <= (len(rows) - sum(t["count"] for t in c["top"])) / 129)
print(all(t["count"] <= true[t["value"]] <= t["count"] + e for t in c["top"]))
# the ten most frequent values, all heavy ones, with their order
best = sorted(true.items(), key=lambda kv: (-kv[1], kv[0]))[:10]
print(all(k.startswith("heavy") for k, _ in best))
print(sorted(t["value"] for t in c["top"]) == sorted(k for k, _ in best))
PY
	assert_output "True
True
True
True"
}

@test "-j1 == -j2 == -j3, byte for byte, with both sketches past their exact range, in every format" {
	gen_big "$BATS_TEST_TMPDIR/b.csv"
	for fmt in table json; do
		run --separate-stderr vi-stats -j1 --block-size 256k -f $fmt "$BATS_TEST_TMPDIR/b.csv"
		assert_success
		one=$output
		for j in 2 3; do
			run --separate-stderr vi-stats -j$j --block-size 256k -f $fmt "$BATS_TEST_TMPDIR/b.csv"
			assert_success
			assert_equal "$output" "$one"
		done
	done
	# Not exact, so the test means something: the table says so too.
	run col_key top_error <<<"$(vi-stats -j2 --block-size 256k -f json "$BATS_TEST_TMPDIR/b.csv")"
	assert_output "[367, 464, 464, 0]"
	run col_key quantile_rank_error <<<"$(vi-stats -j2 --block-size 256k -f json "$BATS_TEST_TMPDIR/b.csv")"
	assert_output "[None, 0.011166666666666667, 0.011166666666666667, 0.011166666666666667]"
	run --separate-stderr vi-stats -j1 --block-size 256k --top 2 "$BATS_TEST_TMPDIR/b.csv"
	assert_success
	assert_line --index 10 '  1 word: "heavy8"=913 "heavy4"=903 (counts may be up to 367 low)'
	assert_line --index 13 '  2 id: 14986 29999 44971 (rank error at most 1.12 %)'
}

@test "--partial parts merged give the one-pass report byte for byte; other sketches are refused" {
	gen_big "$BATS_TEST_TMPDIR/b.csv"
	run --separate-stderr vi-stats --block-size 256k -f json "$BATS_TEST_TMPDIR/b.csv"
	one=$output
	for k in 1 2 3; do
		vi-stats --block-size 256k --part $k/3 --partial "$BATS_TEST_TMPDIR/b.csv" >"$BATS_TEST_TMPDIR/p$k.state"
	done
	run --separate-stderr vi-stats --merge -f json "$BATS_TEST_TMPDIR"/p{1,2,3}.state
	assert_success
	assert_equal "$stderr" ""
	assert_equal "$output" "$one"
	vi-stats --top 0 --block-size 256k --part 2/3 --partial "$BATS_TEST_TMPDIR/b.csv" >"$BATS_TEST_TMPDIR/q2.state"
	run --separate-stderr vi-stats --merge "$BATS_TEST_TMPDIR"/p1.state "$BATS_TEST_TMPDIR"/q2.state "$BATS_TEST_TMPDIR"/p3.state
	assert_equal "$status" 65
	assert_equal "$stderr" "vi-stats: $BATS_TEST_TMPDIR/q2.state: other sketches than $BATS_TEST_TMPDIR/p1.state's (--top 0 and --quantiles none must be the same)"
}

@test "--top and --quantiles: bad values are usage errors" {
	printf 'n\n1\n' >"$BATS_TEST_TMPDIR/n.csv"
	for bad in "--top 129" "--top x" "--quantiles 0.5,0.1" "--quantiles 1.5" "--quantiles 0.5," "--quantiles -0.1" "--quantiles ,"; do
		run --separate-stderr vi-stats $bad "$BATS_TEST_TMPDIR/n.csv"
		assert_equal "$status" 64
		[[ ${stderr_lines[0]} == "vi-stats: --"* ]]
	done
	run --separate-stderr vi-stats --top 128 --quantiles 0.5 "$BATS_TEST_TMPDIR/n.csv"
	assert_success
}

@test "every JSON key of a column is documented in vi-stats(1)" {
	printf 'n\n1\n' >"$BATS_TEST_TMPDIR/n.csv"
	run --separate-stderr vi-stats -f json "$BATS_TEST_TMPDIR/n.csv"
	run $PY -c 'import json,sys
print("\n".join(json.load(sys.stdin)["columns"][0]))' <<<"$output"
	for k in "${lines[@]}"; do
		grep -Eq "^\.It Cm $k( |\$)|^\.It .* Cm $k( |\$)" "$BATS_TEST_DIRNAME/../man/vi-stats.1" ||
			{ echo "not documented: $k"; return 1; }
	done
}
