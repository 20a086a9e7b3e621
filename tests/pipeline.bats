#!/usr/bin/env bats
# The main job end to end on the bundled extracts: vi-keys | vi-sort |
# vi-presence, by hand, as the make -j batch job, and sharded.

load test_helper/common

EX="$BATS_TEST_DIRNAME/../examples"

keys() {
	local f
	for f in crm billing warehouse; do
		vi-keys -b -k region,date,id "$@" "$EX/extract_$f.csv" | vi-sort > "$BATS_TEST_TMPDIR/$f.keys" || return 1
	done
}

@test "the bundled comparison: exact summary" {
	keys
	run --separate-stderr vi-presence --summary --names crm,billing,warehouse \
		"$BATS_TEST_TMPDIR"/crm.keys "$BATS_TEST_TMPDIR"/billing.keys "$BATS_TEST_TMPDIR"/warehouse.keys
	assert_success
	assert_equal "$stderr" ""
	assert_output "measure,files,count
keys,crm;billing;warehouse,31
in_all,crm;billing;warehouse,22
changed,crm;billing;warehouse,3
records,crm,26
file_keys,crm,26
duplicate_keys,crm,0
unique,crm,2
records,billing,27
file_keys,billing,26
duplicate_keys,billing,1
unique,billing,0
records,warehouse,27
file_keys,warehouse,27
duplicate_keys,warehouse,0
unique,warehouse,3
subset,crm,2
subset,warehouse,3
subset,crm;billing,2
subset,billing;warehouse,2
subset,crm;billing;warehouse,22"
}

@test "the bundled comparison: changed keys with their source rows" {
	keys
	run --separate-stderr vi-presence --changed --names crm,billing,warehouse \
		"$BATS_TEST_TMPDIR"/crm.keys "$BATS_TEST_TMPDIR"/billing.keys "$BATS_TEST_TMPDIR"/warehouse.keys
	assert_success
	assert_output "region,date,id,crm,billing,warehouse,crm_rows,billing_rows,warehouse_rows
APAC,2024-03-09,1008,1,1,1,8,6,4
APAC,2024-03-15,1014,1,1,1,14,12,10
US,2024-03-11,1010,1,1,1,10,8,6"
}

@test "the make -j batch job, in 1 and in 3 hash shards, gives the same totals and summary" {
	cd "$BATS_TEST_DIRNAME/.."
	run make -s -j4 -f examples/compare.mk BIN="$VI_BIN" OUT="$BATS_TEST_TMPDIR/one"
	assert_success
	run make -s -j4 -f examples/compare.mk BIN="$VI_BIN" OUT="$BATS_TEST_TMPDIR/three" SHARDS=3
	assert_success
	run python3 -c '
import json, sys
def load(p): return json.load(open(p))
one = load(sys.argv[1])
parts = [load(p) for p in sys.argv[2:]]
regions = {}
for p in parts:
    for s in p["subsets"]:
        k = tuple(s["files"]); regions[k] = regions.get(k, 0) + s["keys"]
want = {tuple(s["files"]): s["keys"] for s in one["subsets"]}
print(sum(p["keys"] for p in parts) == one["keys"],
      sum(p["changed"] for p in parts) == one["changed"],
      regions == want, one["keys"], one["changed"])' \
		"$BATS_TEST_TMPDIR/one/summary.1.json" "$BATS_TEST_TMPDIR"/three/summary.{1,2,3}.json
	assert_success
	assert_output "True True True 31 3"
	# summary.json: the shards added up by vi-presence --merge-summaries
	# are the one-shard summary, but for the paths (one per shard).
	run -0 diff <(grep -v '"path"' "$BATS_TEST_TMPDIR/one/summary.1.json") \
	    <(grep -v '"path"' "$BATS_TEST_TMPDIR/three/summary.json")
	run -0 grep -c '"path": null' "$BATS_TEST_TMPDIR/three/summary.json"
	assert_output 3
}
