#!/bin/sh
# The main job on the bundled extracts: profile each file, then compare them
# by the composite key region,date,id.
# Usage: examples/demo.sh BUILD_DIR
set -eu
bin=${1:?usage: demo.sh BUILD_DIR}
here=$(cd "$(dirname "$0")" && pwd)
PATH="$bin:$PATH"
export PATH LC_ALL=C
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "== vi-head: a first look at one extract (its header and 5 records)"
vi-head -n 5 "$here"/extract_crm.csv

echo
echo "== vi-stats: one streaming pass over each extract"
vi-stats "$here"/extract_crm.csv "$here"/extract_billing.csv "$here"/extract_warehouse.csv

echo
echo "== vi-keys | vi-sort, one job per file, in parallel"
# Each job's status is waited for: a plain "wait" would return 0 whatever
# the jobs did.  vi-sort also refuses a key stream cut short by a failed
# vi-keys (binary streams end with a record count and checksum), so the
# last stage of each job fails too.
pids=
for f in crm billing warehouse; do
	vi-keys -b -k region,date,id "$here/extract_$f.csv" | vi-sort > "$tmp/$f.keys" &
	pids="$pids $!"
done
for p in $pids; do
	wait "$p" || { echo "demo: a key job failed" >&2; exit 1; }
done
set -- "$tmp/crm.keys" "$tmp/billing.keys" "$tmp/warehouse.keys"
names=crm,billing,warehouse

echo
echo "== vi-presence --summary: Venn regions, changed and duplicate keys"
vi-presence --summary --names "$names" "$@"
echo
echo "== vi-presence --missing: keys not in every file"
vi-presence --missing --names "$names" "$@"
echo
echo "== vi-presence --changed: same key, different row (with source row numbers)"
vi-presence --changed --names "$names" "$@"

echo
echo "== vi-upset: the same summary as an UpSet plot"
# A failed vi-presence leaves vi-upset an empty input, which it refuses.
vi-presence --summary --json --names "$names" "$@" | vi-upset -o "$bin/overlap.svg"
echo "wrote $bin/overlap.svg"

echo
echo "== Python: the same comparison with viewerit_core (examples/python/compare_extracts.py)"
VIEWERIT_BIN=$bin PYTHONPATH="$here/../python${PYTHONPATH:+:$PYTHONPATH}" PYTHONDONTWRITEBYTECODE=1 \
	/usr/bin/python3 "$here/python/compare_extracts.py"
