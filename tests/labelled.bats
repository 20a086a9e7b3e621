#!/usr/bin/env bats
# vi-presence --labelled: one stream of labelled records (vi-keys --label),
# sorted by key, gives byte for byte what separate inputs named by the
# labels give, in text and binary, from a file or stdin, whatever the order
# of the records within one key; streams it cannot read right are refused.

bats_require_minimum_version 1.5.0

setup() {
	load test_helper/common
	W="$BATS_TEST_TMPDIR"
	cd "$W"
	# Three files with overlapping keys, changed rows, duplicate keys,
	# keys with awkward bytes (TAB, backslash, comma, control bytes,
	# quoted newlines, non-ASCII).
	python3 - <<'PY'
import csv, random
r = random.Random(11)
subs = ['x', 'a\tb', 'é', '', 'q"q', 'l\nm', 'c,d', 'back\\slash', '\x01', 'z' * 30]
keys = [('k%d' % r.randint(0, 999), r.choice(subs)) for i in range(500)]
for name in ('a', 'b', 'c'):
    with open(name + '.csv', 'w', newline='') as f:
        w = csv.writer(f)
        w.writerow(['id', 'sub', 'v'])
        for k in keys:
            for _ in range(r.choice([0, 1, 1, 1, 2])):
                w.writerow([k[0], k[1], r.randint(0, 3)])
PY
	# Separate inputs, in files named by the labels; and the labelled
	# streams of the same files.
	mkdir sep
	for f in a b c; do
		vi-keys -k id,sub $f.csv | vi-sort >sep/$f
		vi-keys -k id,sub --label $f $f.csv >$f.lab
	done
}

# same ARGS...: vi-presence ARGS on the separate inputs and
# vi-presence --labelled ARGS on merged.txt give the same bytes, status 0.
same() {
	(cd sep && vi-presence "$@" a b c) >want
	run -0 --separate-stderr vi-presence --labelled --names a,b,c "$@" \
	    merged.txt
	[ -z "$stderr" ]
	[ "$output" = "$(cat want)" ]
}

@test "labelled: LC_ALL=C sort of the text streams equals separate inputs in every output" {
	cat a.lab b.lab c.lab | LC_ALL=C sort >merged.txt
	for fmt in csv tsv json; do
		same --summary -f $fmt
		same --matrix -f $fmt
		same --counts --rows -f $fmt
		same --changed -f $fmt
		same --missing -f $fmt
	done
	# The data are not trivial: keys in one file only, changed keys,
	# duplicates, escaped key bytes.
	same --summary --json
	assert_output --regexp '"changed": [1-9]'
	assert_output --regexp '"duplicate_keys": [1-9]'
	grep -q 'a\\tb' merged.txt
	grep -q 'back\\\\slash' merged.txt
	# --summary-to and -s too.
	(cd sep && vi-presence --summary-to ../want.json --missing a b c) >want
	run -0 vi-presence --labelled --names a,b,c --summary-to got.json \
	    --missing merged.txt
	[ "$output" = "$(cat want)" ]
	cmp want.json got.json
	run -1 vi-presence --labelled -s --names a,b,c merged.txt
}

@test "labelled: without --names the inputs are the labels, in bytewise order" {
	cat c.lab a.lab b.lab | LC_ALL=C sort >merged.txt
	for fmt in csv tsv json; do
		(cd sep && vi-presence --summary -f $fmt a b c) >want
		run -0 --separate-stderr vi-presence --labelled --summary \
		    -f $fmt merged.txt
		[ "$output" = "$(cat want)" ]
	done
	# --names sets another order.
	(cd sep && vi-presence --json c a b) >want
	run -0 vi-presence --labelled --json --names c,a,b merged.txt
	[ "$output" = "$(cat want)" ]
	# Bytewise: upper case before lower case, decoded labels.
	printf 'k\t-:1:b\nk\t-:1:a\nk\t-:2:B\nl\t-:1:a\\tx\n' >l.txt
	run -0 vi-presence --labelled l.txt
	assert_output "measure,files,count
keys,B;a;a	x;b,2
in_all,B;a;a	x;b,0
changed,B;a;a	x;b,
records,B,1
file_keys,B,1
duplicate_keys,B,0
unique,B,0
records,a,1
file_keys,a,1
duplicate_keys,a,0
unique,a,0
records,a	x,1
file_keys,a	x,1
duplicate_keys,a	x,0
unique,a	x,1
records,b,1
file_keys,b,1
duplicate_keys,b,0
unique,b,0
subset,a	x,1
subset,B;a;b,1"
}

@test "labelled: binary streams merged with vi-sort -m, and stdin" {
	for f in a b c; do
		vi-keys -b -k id,sub --label $f $f.csv | vi-sort >$f.bin
	done
	vi-sort -m a.bin b.bin c.bin >merged.bin
	[ "$(head -c 1 merged.bin | od -An -c | tr -d ' ')" = '\0' ]
	# Binary separate inputs carry their key column names; so does the
	# merged stream.
	(cd sep && for f in a b c; do
		vi-keys -b -k id,sub ../$f.csv | vi-sort >$f.b; done
	 vi-presence --counts --rows --json --names a,b,c a.b b.b c.b) >want
	run -0 vi-presence --labelled --counts --rows --json --names a,b,c \
	    merged.bin
	[ "$output" = "$(cat want)" ]
	(cd sep && vi-presence --summary --json --names a,b,c a b c) >want
	run -0 vi-presence --labelled --summary --json - <merged.bin
	[ "$output" = "$(cat want)" ]
	# And the text form from stdin.
	cat a.lab b.lab c.lab | LC_ALL=C sort >merged.txt
	run -0 vi-presence --labelled --summary --json - <merged.txt
	[ "$output" = "$(cat want)" ]
}

@test "labelled: records of one key in any order, as a shuffle by key leaves them" {
	cat a.lab b.lab c.lab | LC_ALL=C sort >merged.txt
	# Sorted by the key fields only, each key's records shuffled.
	python3 - <<'PY'
import random
r = random.Random(5)
groups = {}
for line in open('merged.txt', 'rb'):
    groups.setdefault(line.rsplit(b'\t', 1)[0], []).append(line)
with open('shuffled.txt', 'wb') as f:
    for k in sorted(groups):
        g = groups[k]
        r.shuffle(g)
        f.write(b''.join(g))
PY
	! cmp -s merged.txt shuffled.txt
	for args in "--summary --json" "--counts --rows" "--changed"; do
		run -0 vi-presence --labelled --names a,b,c $args merged.txt
		want=$output
		run -0 vi-presence --labelled --names a,b,c $args shuffled.txt
		[ "$output" = "$want" ]
	done
}

@test "labelled: an unsorted, unlabelled or unknown record is refused (65)" {
	H=0000000000000001
	printf 'k2\t%s:1:a\nk1\t%s:2:b\n' $H $H >u.txt
	run -65 --separate-stderr vi-presence --labelled u.txt
	[ "$stderr" = "vi-presence: u.txt: record 2 sorts before record 1: the stream is not sorted (sort it with vi-sort or LC_ALL=C sort)" ]
	[ -z "$output" ]
	printf 'k1\t%s:1:a\nk2\t%s:2\n' $H $H >n.txt
	run -65 --separate-stderr vi-presence --labelled - <n.txt
	[ "$stderr" = "vi-presence: -: record 2 has no label: --labelled reads records made with vi-keys --label" ]
	printf 'k1\t%s:1:a\nk2\t%s:2:x\\ty\n' $H $H >x.txt
	run -65 --separate-stderr vi-presence --labelled --names a,b x.txt
	[ "$stderr" = "vi-presence: x.txt: record 2: label x\\ty is not in --names" ]
	# A label that decodes to a NUL byte cannot name an input.
	printf 'k1\t%s:1:a\\x00\n' $H >z.txt
	run -65 --separate-stderr vi-presence --labelled z.txt
	[ "$stderr" = "vi-presence: z.txt: record 1: label a\\x00 holds a NUL byte and cannot name an input" ]
	# An empty stream names no input unless --names does.
	: >empty.txt
	run -65 --separate-stderr vi-presence --labelled empty.txt
	[ "$stderr" = "vi-presence: empty.txt: empty input (0 bytes), not even a binary header: the program that should have written it probably failed (--allow-empty reads it as a stream without records)" ]
	run -65 --separate-stderr vi-presence --labelled --allow-empty empty.txt
	[ -z "$output" ]
	[ "$stderr" = "vi-presence: empty.txt: warning: empty input (0 bytes), read as holding no keys
vi-presence: empty.txt: the stream holds no record, so no label names an input (name them with --names)" ]
	run -0 --separate-stderr vi-presence --labelled --allow-empty --json \
	    --names a,b empty.txt
	assert_line '  "keys": 0,'
}

@test "labelled: usage errors (64)" {
	printf 'k\t-:1:a\n' >s.txt
	run -64 --separate-stderr vi-presence --labelled s.txt s.txt
	[ "${stderr%%$'\n'*}" = "vi-presence: --labelled reads one stream (merge several with sort -m or vi-sort -m)" ]
	run -64 --separate-stderr vi-presence --labelled --matrix s.txt
	[ "${stderr%%$'\n'*}" = "vi-presence: --labelled --matrix needs --names: the matrix names its inputs before the first key" ]
	run -64 --separate-stderr vi-presence --labelled --names a,a s.txt
	[ "${stderr%%$'\n'*}" = "vi-presence: --names: name given twice: a" ]
	run -64 --separate-stderr vi-presence --merge-summaries --labelled s.txt
	run -66 --separate-stderr vi-presence --labelled nosuch.txt
	[ "$stderr" = "vi-presence: nosuch.txt: No such file or directory" ]
}
