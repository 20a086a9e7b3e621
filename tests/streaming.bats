#!/usr/bin/env bats
# The Hadoop Streaming contract, simulated on one machine (README.md,
# "Scaling out"): mappers run vi-keys --label over parts of the inputs, a
# shuffle sorts each partition, a reducer per partition runs
# vi-presence --labelled --summary --json, and vi-presence
# --merge-summaries adds the partitions up.  The result must be the
# one-machine vi-presence --summary --json of the whole files, byte for byte.

bats_require_minimum_version 1.5.0

setup() {
	load test_helper/common
	W="$BATS_TEST_TMPDIR"
	cd "$W"
	# Keys of two columns with TAB, backslash, comma, quote, newline and
	# control bytes; duplicates; changed rows; keys in one file only.
	python3 - <<'PY'
import csv, random
r = random.Random(23)
subs = ['x', 'a\tb', 'a', 'a b', 'é', '', 'q"q', 'l\nm', 'c,d', 'b\\s', '\x01', '\x7f', '~']
keys = [('k%d' % r.randint(0, 1999), r.choice(subs)) for i in range(900)]
for name in ('a', 'b', 'c'):
    with open(name + '.csv', 'w', newline='') as f:
        w = csv.writer(f)
        w.writerow(['id', 'sub', 'v', 'note'])
        for k in keys:
            for _ in range(r.choice([0, 1, 1, 1, 2])):
                w.writerow([k[0], k[1], r.randint(0, 3), r.choice(['', 'n,1', 'x\ny'])])
PY
	# The one-machine answer, from files named by the labels.
	mkdir whole
	for f in a b c; do
		vi-keys -k id,sub $f.csv | vi-sort >whole/$f
	done
	(cd whole && vi-presence --summary --json a b c) >want.json
}

# map PARTS SHARD/N: every mapper's output for reduce partition SHARD: each
# input in PARTS byte ranges (input splits), each key in its hash shard.
map() {
	local parts=$1 shard=$2 f p
	for f in a b c; do
		for ((p = 1; p <= parts; p++)); do
			vi-keys -k id,sub --label $f --part $p/$parts \
			    --shard $shard $f.csv || return 1
		done
	done
}

@test "streaming: vi-keys' text form sorts under LC_ALL=C sort as vi-sort sorts it" {
	map 1 1/1 >all.txt
	grep -q 'a\\tb' all.txt
	grep -q 'c,d' all.txt
	grep -q '\\x01' all.txt
	LC_ALL=C sort all.txt >sorted.txt
	vi-sort all.txt >vsorted.txt
	cmp sorted.txt vsorted.txt
	run -0 vi-sort -c sorted.txt
	# A sort on the key fields only (here 2, -k1,2) is enough for
	# --labelled, in any order within a key: stable, or not.
	LC_ALL=C sort -s -t "$(printf '\t')" -k1,2 all.txt >keysorted.txt
	! cmp -s sorted.txt keysorted.txt
	run -0 vi-presence --labelled --summary --json --names a,b,c keysorted.txt
	[ "$output" = "$(cat want.json)" ]
	# A sort on the first key field only is not: refused, not wrong.
	LC_ALL=C sort -s -t "$(printf '\t')" -k1,1 all.txt >first.txt
	run -65 --separate-stderr vi-presence --labelled --names a,b,c first.txt
	[[ "$stderr" == "vi-presence: first.txt: record "*" the stream is not sorted (sort it with vi-sort or LC_ALL=C sort)" ]]
}

@test "streaming: hash-shard partitions (vi-keys --shard), LC_ALL=C sort, reducers, merge-summaries" {
	for n in 1 4 9; do
		mkdir -p r$n
		for ((k = 1; k <= n; k++)); do
			map 3 $k/$n | LC_ALL=C sort >r$n/part-$k
			vi-presence --labelled --allow-empty --names a,b,c \
			    --summary --json r$n/part-$k >r$n/$k.json 2>/dev/null
		done
		run -0 --separate-stderr vi-presence --merge-summaries --json r$n/*.json
		[ -z "$stderr" ]
		[ "$output" = "$(cat want.json)" ]
	done
	# The partitions were not trivial.
	assert_output --regexp '"changed": [1-9]'
	assert_output --regexp '"duplicate_keys": [1-9]'
	# CSV and TSV summaries are the same sum.
	for fmt in csv tsv; do
		run -0 vi-presence --merge-summaries -f $fmt r4/*.json
		[ "$output" = "$(cd whole && vi-presence --summary -f $fmt a b c)" ]
	done
}

@test "streaming: Hadoop's own shuffle: hash partitioner on the key fields, values unordered" {
	# Mappers without --shard; the framework partitions by a hash of the
	# key (the first 2 TAB-separated fields: stream.num.map.output.key.
	# fields=2) and sorts each partition by key bytes only.
	map 2 1/1 >mapped.txt
	python3 - <<'PY'
import random, zlib
r = random.Random(3)
n = 5
parts = [dict() for _ in range(n)]
for line in open('mapped.txt', 'rb'):
    key = b'\t'.join(line.split(b'\t')[:2])
    parts[zlib.crc32(key) % n].setdefault(key, []).append(line)
for i, p in enumerate(parts):
    with open('hpart-%d' % i, 'wb') as f:
        for key in sorted(p):
            r.shuffle(p[key])
            f.write(b''.join(p[key]))
PY
	# Hadoop's TextOutputFormat ends a reducer's line that has no TAB
	# with one (an empty value): JSON whitespace, read as such.
	set -o pipefail
	for f in hpart-*; do
		vi-presence --labelled --allow-empty --names a,b,c --summary \
		    --json $f | sed 's/$/\t/' >$f.json
	done
	grep -q "$(printf '"keys": [0-9]*,\t$')" hpart-0.json
	run -0 vi-presence --merge-summaries --json hpart-*.json
	[ "$output" = "$(cat want.json)" ]
}

@test "streaming: a reducer from stdin, and the same partition as a binary stream" {
	map 2 2/3 | LC_ALL=C sort >part
	run -0 vi-presence --labelled --names a,b,c --summary --json part
	want=$output
	run -0 vi-presence --labelled --names a,b,c --summary --json - <part
	[ "$output" = "$want" ]
	for f in a b c; do
		for p in 1 2; do
			vi-keys -b -k id,sub --label $f --part $p/2 --shard 2/3 \
			    $f.csv | vi-sort --allow-empty >$f.$p.bin 2>/dev/null
		done
	done
	vi-sort -m --allow-empty ?.?.bin >part.bin 2>/dev/null
	run -0 vi-presence --labelled --names a,b,c --summary --json part.bin
	[ "$output" = "$want" ]
}
