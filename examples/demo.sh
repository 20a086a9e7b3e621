#!/bin/sh
# The main job on the bundled extracts: profile each file with vi-stats.
# (As the key pipeline lands, this grows into the full comparison.)
# Usage: examples/demo.sh BUILD_DIR
set -eu
bin=${1:?usage: demo.sh BUILD_DIR}
here=$(cd "$(dirname "$0")" && pwd)
PATH="$bin:$PATH"
export PATH LC_ALL=C

echo "== vi-stats: one streaming pass over each extract"
vi-stats "$here"/extract_crm.csv "$here"/extract_billing.csv "$here"/extract_warehouse.csv
if command -v vi-keys >/dev/null 2>&1 && command -v vi-presence >/dev/null 2>&1; then
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	echo
	echo "== vi-keys | vi-sort | vi-presence: which file holds which key"
	for f in crm billing warehouse; do
		vi-keys -k region,date,id "$here/extract_$f.csv" | vi-sort > "$tmp/$f.keys"
	done
	vi-presence --summary --names crm,billing,warehouse \
		"$tmp/crm.keys" "$tmp/billing.keys" "$tmp/warehouse.keys"
fi
