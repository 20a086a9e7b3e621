#!/usr/bin/env bash
# scale-bench.sh - the memory bound at scale and the corners that could go
# super-linear (issue 11 §3).  Writes tests/bench/RESULTS-scale.md.
#
#	tests/bench/scale-bench.sh BUILD_DIR
#
# 1. One generated CSV (gen.c, seed 42) per size in SCALE_SIZES (default
#    "100M 1G 10G"), written to a temporary file under $TMPDIR and removed
#    afterwards, streamed through vi-stats (-j2), the key pipeline
#    (vi-keys -b | vi-sort -S 256M, then vi-presence of the stream with
#    itself) and vi-validate (schema from vi-stats --schema).  Peak RSS and
#    wall time of each, per size: RSS must stay the same within buffers,
#    time must grow linearly.
# 2. Corners, each at two sizes (n and 2n, or the sizes the issue names) so
#    that linearity shows as a time ratio near 2: one huge field, very many
#    columns, a million tiny records, millions of duplicates of one key,
#    keys of 1 MiB, 256 input streams.
#
# Peak RSS and time come from /usr/bin/time -f '%e %M'.  No peer tools here.
set -euo pipefail

BIN=${1:?usage: scale-bench.sh BUILD_DIR}
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=${SCALE_RESULTS:-$HERE/RESULTS-scale.md}
SIZES=${SCALE_SIZES:-"100M 1G 10G"}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/vi-scale.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
export PATH="$BIN:$PATH" LC_ALL=C

cc -O2 -std=c11 -o "$TMP/gen" "$HERE/gen.c"

bytes() {
	case $1 in
	*G) echo $(( ${1%G} * 1000 * 1000 * 1000 )) ;;
	*M) echo $(( ${1%M} * 1000 * 1000 )) ;;
	*) echo "$1" ;;
	esac
}

# measure LABEL CMD...: run CMD under /usr/bin/time, print "LABEL|secs|MiB".
measure() {
	local label=$1 t
	shift
	/usr/bin/time -f '%e %M' -o "$TMP/time" "$@"
	read -r secs kb <"$TMP/time"
	printf '%s\t%s\t%s\n' "$label" "$secs" "$(( kb / 1024 ))"
}

rows=()
note() { echo "scale-bench: $*" >&2; }

# ---- 1. sizes ----
for size in $SIZES; do
	csv="$TMP/data.csv"
	note "generating $size"
	"$TMP/gen" "$(bytes "$size")" 42 >"$csv" 2>/dev/null
	vi-stats --schema "$csv" >"$TMP/schema.json" 2>/dev/null || true
	rows+=("$(measure "$size vi-stats -j2" sh -c 'vi-stats -j2 "$1" >/dev/null' _ "$csv")")
	rows+=("$(measure "$size vi-stats -j1" sh -c 'vi-stats -j1 "$1" >/dev/null' _ "$csv")")
	rows+=("$(measure "$size vi-keys -b -j1" sh -c 'vi-keys -b -j1 -k id "$1" >"$2"' _ "$csv" "$TMP/k.bin")")
	rows+=("$(measure "$size vi-sort -S 256M" sh -c 'vi-sort -S 256M -T "$2" "$1" >"$3"' _ "$TMP/k.bin" "$TMP" "$TMP/k.sorted")")
	rm -f "$TMP/k.bin"
	rows+=("$(measure "$size vi-presence --summary" sh -c 'vi-presence --summary --json "$1" "$1" >/dev/null' _ "$TMP/k.sorted")")
	rm -f "$TMP/k.sorted"
	rows+=("$(measure "$size vi-validate" sh -c 'vi-validate --schema "$2" "$1" >/dev/null 2>&1; [ $? -le 1 ]' _ "$csv" "$TMP/schema.json")")
	rm -f "$csv"
done

# ---- 2. corners ----
corner() {       # corner NAME GENERATOR-PYTHON ARG TOOL-CMD (uses $f)
	local name=$1 py=$2 arg=$3 cmd=$4 f="$TMP/corner"
	/usr/bin/python3 -c "$py" "$arg" >"$f"
	rows+=("$(measure "$name ($arg)" sh -c "$cmd" _ "$f")")
	rm -f "$f"
}

FIELD='import sys; n = int(sys.argv[1]); sys.stdout.write("a,b\n1," + "x" * n + "\n2,3\n")'
for mib in 16 32 63; do
	corner "one field of N MiB, vi-stats" "$FIELD" $((mib << 20)) 'vi-stats "$1" >/dev/null'
done
COLS='import sys; n = int(sys.argv[1]); print(",".join("c%d" % i for i in range(n))); print(",".join(str(i % 100) for i in range(n)))'
for n in 150000 1000000; do
	corner "N columns, vi-stats" "$COLS" $n 'vi-stats "$1" >/dev/null'
	corner "N columns, vi-stats --format json" "$COLS" $n 'vi-stats --format json "$1" >/dev/null'
done
TINY='import sys; n = int(sys.argv[1]); sys.stdout.write("a\n" + "1\n" * n)'
for n in 1000000 2000000; do
	corner "N tiny records, vi-stats" "$TINY" $n 'vi-stats -j1 "$1" >/dev/null'
	corner "N tiny records, vi-keys | vi-sort" "$TINY" $n 'vi-keys -b "$1" | vi-sort >/dev/null'
done
DUP='import sys; n = int(sys.argv[1]); sys.stdout.write("k,v\n" + "".join("same,%d\n" % i for i in range(n)))'
for n in 5000000 10000000; do
	/usr/bin/python3 -c "$DUP" $n >"$TMP/dup.csv"
	rows+=("$(measure "N duplicates of one key, vi-keys -b ($n)" sh -c 'vi-keys -b "$1" >"$1.b"' _ "$TMP/dup.csv")")
	rows+=("$(measure "N duplicates of one key, vi-sort -S 256M ($n)" sh -c 'vi-sort -S 256M -T "$2" "$1.b" >"$1.k"' _ "$TMP/dup.csv" "$TMP")")
	rows+=("$(measure "N duplicates of one key, vi-presence of 2 ($n)" sh -c 'vi-presence --summary "$1.k" "$1.k" >/dev/null' _ "$TMP/dup.csv")")
	rm -f "$TMP/dup.csv" "$TMP/dup.csv.b" "$TMP/dup.csv.k"
done
BIGKEY='import sys; n = int(sys.argv[1]); sys.stdout.write("k,v\n" + "".join(chr(97 + i % 26) * n + ",%d\n" % i for i in range(64)))'
for n in 524288 1048576; do
	corner "64 keys of N bytes, keys | sort -S 16M | presence" "$BIGKEY" $n \
	    'vi-keys -b "$1" | vi-sort -S 16M > "$1.k" && vi-presence --summary "$1.k" "$1.k" >/dev/null; rm -f "$1.k"'
done
for n in 128 256; do
	d="$TMP/streams"
	mkdir -p "$d"
	for i in $(seq 1 $n); do
		/usr/bin/python3 -c 'import sys; i = int(sys.argv[1]); print("k"); [print("%07d" % (j * 7 + i)) for j in range(20000)]' "$i" |
		    vi-keys -b --no-hash | vi-sort >"$d/$i.k"
	done
	rows+=("$(measure "N streams of 20000 keys, vi-presence ($n)" sh -c 'vi-presence --summary "$1"/*.k >/dev/null' _ "$d")")
	rm -rf "$d"
done

{
	echo "# Scale and corners (issue 11 §3)"
	echo
	echo "Produced by \`tests/bench/scale-bench.sh BUILD_DIR\` (\`make bench-scale\`) on $(date -u +%Y-%m-%d),"
	echo "$(nproc) cores, $(uname -m); build $(git -C "$HERE" rev-parse --short HEAD 2>/dev/null || echo '?')."
	echo "Wall time and peak RSS from \`/usr/bin/time -f '%e %M'\`; one run each."
	echo "${SCALE_NOTE:-}"
	echo
	echo "| job | seconds | peak RSS (MiB) |"
	echo "|---|---:|---:|"
	for r in "${rows[@]}"; do
		IFS=$'\t' read -r l s m <<<"$r"
		echo "| ${l//|/\\|} | $s | $m |"
	done
} >"$OUT"
cat "$OUT"
