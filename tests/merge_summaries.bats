#!/usr/bin/env bats
# vi-presence --merge-summaries: the summaries of hash shards (vi-keys
# --shard K/N) add up to the summary of the whole, byte for byte, in every
# format; summaries that cannot be added are refused.

bats_require_minimum_version 1.5.0

setup() {
	load test_helper/common
	W="$BATS_TEST_TMPDIR"
	cd "$W"
	# Three files with overlapping keys, changed rows, duplicate keys,
	# keys with awkward bytes, quoted newlines.
	python3 - <<'EOF'
import csv, random
r = random.Random(7)
keys = [('k%d' % i, r.choice(['x', 'a\tb', 'é', '', 'q"q', 'l\nm'])) for i in range(400)]
for name in ('a', 'b', 'c'):
    with open(name + '.csv', 'w', newline='') as f:
        w = csv.writer(f, lineterminator='\r\n' if name == 'b' else '\n')
        w.writerow(['id', 'sub', 'v', 'note'])
        for k in keys:
            for _ in range(r.choice([0, 1, 1, 1, 2])):
                w.writerow([k[0], k[1], r.randint(0, 3), r.choice(['', 'n,1', 'x\ny'])])
EOF
}

# keys DIR SHARD: key streams of a, b, c (shard K/N, or the whole) in DIR.
keys() {
	local dir=$1 f
	shift
	mkdir -p "$dir"
	for f in a b c; do
		vi-keys -k id,sub "$@" $f.csv | vi-sort --allow-empty >"$dir/$f.k" ||
			return 1
	done
}

# summaries N [vi-keys options]: per-shard JSON summaries s/N/K.json, run in
# shard directories so that every summary names the same paths.
summaries() {
	local n=$1 k
	shift
	for ((k = 1; k <= n; k++)); do
		keys "s$n/$k" --shard "$k/$n" "$@" || return 1
		(cd "s$n/$k" && vi-presence --allow-empty --summary --json \
		    --names a,b,c a.k b.k c.k >"../$k.json" 2>/dev/null) || return 1
	done
}

@test "merge-summaries: 1, 3 and 7 shards add up to the whole, in every format" {
	keys whole
	for n in 1 3 7; do
		summaries $n
		for fmt in json csv tsv; do
			(cd whole && vi-presence --summary -f $fmt --names a,b,c a.k b.k c.k) >want
			run -0 vi-presence --merge-summaries -f $fmt s$n/*.json
			[ "$output" = "$(cat want)" ]
		done
	done
	# The counts are not trivial: some keys in one file, some changed.
	run -0 vi-presence --merge-summaries --json s7/*.json
	assert_output --regexp '"changed": [1-9]'
	assert_output --regexp '"duplicate_keys": [1-9]'
	assert_output --partial '"files": [
        "a"
      ],'
	run -1 vi-presence --merge-summaries -s s3/*.json
	# One summary from stdin.
	run -0 vi-presence --merge-summaries --json s3/1.json - s3/3.json <s3/2.json
	[ "$output" = "$(vi-presence --merge-summaries --json s3/*.json)" ]
}

@test "merge-summaries: without row hashes, changed is null as in one run" {
	keys whole --no-hash
	summaries 3 --no-hash
	want=$(cd whole && vi-presence --summary --json --names a,b,c a.k b.k c.k)
	run -0 vi-presence --merge-summaries --json s3/*.json
	[ "$output" = "$want" ]
	assert_line '  "changed": null,'
}

@test "merge-summaries: a path kept only when every shard gives the same" {
	summaries 3
	run -0 vi-presence --merge-summaries --json s3/*.json
	assert_line '      "path": "a.k",'
	sed 's/"a.k"/"other.k"/' s3/2.json >s3/2b.json
	run -0 vi-presence --merge-summaries --json s3/1.json s3/2b.json s3/3.json
	assert_line '      "path": null,'
}

@test "merge-summaries: summaries that cannot be added are refused (65)" {
	summaries 3
	# Other names.
	sed 's/"a"/"z"/g' s3/2.json >names.json
	run -65 vi-presence --merge-summaries s3/1.json names.json
	assert_output "vi-presence: names.json: cannot be added to s3/1.json: other files (names), or in another order"
	# Another number of key fields.
	sed 's/"key_fields": 2/"key_fields": 3/' s3/2.json >kf.json
	run -65 vi-presence --merge-summaries s3/1.json kf.json
	assert_output "vi-presence: kf.json: cannot be added to s3/1.json: another number of key fields"
	# Subsets that do not add up to the keys.
	sed '0,/"keys": \([0-9]*\),/s//"keys": 999999,/' s3/2.json >sum.json
	run -65 vi-presence --merge-summaries s3/1.json sum.json
	assert_output "vi-presence: sum.json: not a vi-presence summary (vi-presence --summary --json): its subsets do not add up to its keys"
	# Cut short, not JSON, not a summary.
	head -c 100 s3/2.json >cut.json
	run -65 vi-presence --merge-summaries s3/1.json cut.json
	assert_output --regexp '^vi-presence: cut.json:[0-9]+:[0-9]+: not a vi-presence summary: '
	printf 'measure,files,count\n' >text.json
	run -65 vi-presence --merge-summaries text.json
	assert_output --regexp '^vi-presence: text.json:1:[0-9]+: not a vi-presence summary: '
	echo '{"files": ["a", "b"]}' >shape.json
	run -65 vi-presence --merge-summaries shape.json
	assert_output "vi-presence: shape.json: not a vi-presence summary (vi-presence --summary --json): keys"
	: >empty.json
	run -65 vi-presence --merge-summaries empty.json
	# Nothing written to -o by a refused run.
	run -65 vi-presence --merge-summaries -o out.json s3/1.json kf.json
	assert_file_not_exists out.json
	run -0 vi-presence --merge-summaries -o out.json s3/*.json
	assert_file_exists out.json
}

@test "merge-summaries: usage and missing input" {
	summaries 1
	run -66 vi-presence --merge-summaries s1/1.json nosuch.json
	assert_output "vi-presence: nosuch.json: No such file or directory"
	run -64 vi-presence --merge-summaries
	assert_line "vi-presence: --merge-summaries needs a summary"
	run -64 vi-presence --merge-summaries --matrix s1/1.json
	assert_line "vi-presence: --merge-summaries takes only -s, -f and -o"
	run -64 vi-presence --merge-summaries --names x s1/1.json
	run -64 vi-presence --merge-summaries - - <s1/1.json
	assert_line "vi-presence: at most one input can be '-'"
}
