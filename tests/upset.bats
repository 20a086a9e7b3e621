#!/usr/bin/env bats
# vi-upset: the UpSet plot of a vi-presence summary is well-formed XML, has
# one bar per non-empty subset with its count, per-file totals, the same
# bytes on every run, at 2, 3 and 20 files; bad input is refused.

bats_require_minimum_version 1.5.0

setup() {
	load test_helper/common
	W="$BATS_TEST_TMPDIR"
	EX="$BATS_TEST_DIRNAME/../examples"
	cd "$W"
	for f in crm billing warehouse; do
		vi-keys -b -k region,id "$EX/extract_$f.csv" | vi-sort >$f.keys
	done
}

# The subset bars of an SVG as "files=count" lines, in drawing order.
bars() {
	sed -n 's/^<g class="subset" data-keys="\([0-9]*\)" data-files="\([^"]*\)">.*/\2=\1/p' "$1"
}

@test "vi-upset: --help and --version" {
	run -0 vi-upset --help
	assert_line --index 0 "usage: vi-upset [--max-bars n] [--title text] [-o file] [summary.json]"
	run -0 vi-upset --version
	assert_output "vi-upset (ViewerIt core) 0.1.0"
}

@test "vi-upset: 3 files, one bar per subset with the summary's counts" {
	vi-presence --summary --json --names crm,billing,warehouse \
	    crm.keys billing.keys warehouse.keys >s.json
	run -0 vi-upset s.json
	echo "$output" >u.svg
	run -0 xmllint --noout u.svg
	run -0 bars u.svg
	assert_output "crm &amp; billing &amp; warehouse=22
warehouse=3
crm=2
crm &amp; billing=2
billing &amp; warehouse=2"
	# The same counts as the summary, subset by subset.
	run -0 python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))
for x in sorted(s["subsets"], key=lambda x: (-x["keys"], len(x["files"]))):
    print(" &amp; ".join(x["files"]) + "=" + str(x["keys"]))' s.json
	[ "$output" = "$(bars u.svg)" ]
	run -0 grep -c '^<g class="file"' u.svg
	assert_output 3
	grep -q '^<g class="file" data-keys="27" data-duplicate-keys="0"><title>warehouse: 27 keys, 0 duplicate keys</title>' u.svg
	grep -q '>31 distinct keys, 22 in every file, 3 changed, 1 duplicate key</text>' u.svg
	# No script, no external reference, no font file.
	run -1 grep -i -E '<script|href=|@font-face|url\(' u.svg
	# From stdin, and -o; the same bytes every time.
	vi-upset <s.json >u2.svg
	cmp u.svg u2.svg
	vi-upset -o u3.svg - <s.json
	cmp u.svg u3.svg
}

@test "vi-upset: 2 files; without row hashes no changed count" {
	vi-keys -b --no-hash -k region,id "$EX/extract_crm.csv" | vi-sort >a.keys
	vi-keys -b --no-hash -k region,id "$EX/extract_billing.csv" | vi-sort >b.keys
	vi-presence --json a.keys b.keys | vi-upset >u.svg
	xmllint --noout u.svg
	run -0 bars u.svg
	assert_output "extract_crm &amp; extract_billing=24
extract_crm=2
extract_billing=2"
	grep -q '>28 distinct keys, 24 in every file, 1 duplicate key</text>' u.svg
}

@test "vi-upset: 20 files, --max-bars, names escaped and cut, deterministic" {
	python3 - <<'EOF'
import json, random
r = random.Random(5)
n = 20
files = ['f%02d<&>"%s' % (i, 'x' * (i * 2)) for i in range(n)]
subs = {}
for _ in range(200):
    k = frozenset(r.sample(range(n), r.choice([1, 2, 3, 20])))
    subs[k] = subs.get(k, 0) + r.randint(1, 1000)
json.dump({'files': files, 'keys': sum(subs.values()),
           'in_all': subs.get(frozenset(range(n)), 0), 'changed': 4,
           'subsets': [{'files': [files[i] for i in sorted(k)], 'keys': v} for k, v in subs.items()],
           'per_file': [{'name': f, 'keys': sum(v for k, v in subs.items() if i in k),
                         'duplicate_keys': 1} for i, f in enumerate(files)]},
          open('s20.json', 'w'))
print(len(subs), sorted(subs.values(), reverse=True)[:3])
EOF
	vi-upset s20.json >a.svg
	vi-upset s20.json >b.svg
	cmp a.svg b.svg
	xmllint --noout a.svg
	run -0 grep -c '^<g class="subset"' a.svg
	assert_output 40
	total=$(python3 -c 'import json; s = json.load(open("s20.json")); print(len(s["subsets"]))')
	rest=$(python3 -c 'import json; s = json.load(open("s20.json")); k = sorted((x["keys"] for x in s["subsets"]), reverse=True); print(sum(k[40:]))')
	grep -q ">$((total - 40)) more subsets with $rest keys in all are not drawn (--max-bars 40)</text>" a.svg
	vi-upset --max-bars 500 s20.json >all.svg
	run -0 grep -c '^<g class="subset"' all.svg
	assert_output "$total"
	run -1 grep -c 'more subsets' all.svg
	# Bars are sorted by size, largest first.
	bars all.svg | sed 's/.*=//' >sizes
	sort -rn sizes | cmp - sizes
	# A long name is cut beside its row, whole in its tool tip.
	# (32 characters, the 7 of "f19<&>\"" and 25 x, then the ellipsis)
	grep -q ">f19&lt;&amp;&gt;&quot;$(printf 'x%.0s' $(seq 25))…</text>" a.svg
	grep -q "<title>f19&lt;&amp;&gt;&quot;$(printf 'x%.0s' $(seq 38)): " a.svg
}

@test "vi-upset: not a summary is 65 naming what is wrong; usage 64; no input 66" {
	printf '{"files": ["a"], "keys": 1' >cut.json
	run -65 vi-upset cut.json
	assert_output --regexp '^vi-upset: cut.json:1:[0-9]+: not JSON: '
	echo '{"files": ["a", "b"], "keys": 1, "in_all": 0, "changed": 0, "per_file": [{"keys": 1, "duplicate_keys": 0}, {"keys": 0, "duplicate_keys": 0}]}' >nosub.json
	run -65 vi-upset nosub.json
	assert_output 'vi-upset: nosub.json: not a vi-presence summary: no "subsets" list'
	echo '{"files": ["a"], "keys": 1, "in_all": 1, "changed": 0, "per_file": [{"keys": 1, "duplicate_keys": 0}], "subsets": [{"files": ["z"], "keys": 1}]}' >other.json
	run -65 vi-upset other.json
	assert_output 'vi-upset: other.json: not a vi-presence summary: subsets[0].files[0] is not one of "files"'
	run -65 vi-upset -o out.svg other.json
	assert_file_not_exists out.svg
	vi-presence --matrix crm.keys billing.keys >matrix.csv
	run -65 vi-upset matrix.csv
	run -66 vi-upset nosuch.json
	assert_output "vi-upset: nosuch.json: No such file or directory"
	run -64 vi-upset a.json b.json
	assert_line "vi-upset: one summary at most"
	run -64 vi-upset --max-bars 0 a.json
}
