#!/usr/bin/env bash
# summarize-compare.sh - vi-stats' sketches against DuckDB's SUMMARIZE (issue
# 12: "DuckDB's SUMMARIZE reports approximate quantiles and unique counts:
# compare against it"): both on gen.c's 100 MB file, timed (runs
# interleaved, medians), and their p25/p50/p75 and distinct counts checked
# against the exact ones (summarize-compare.py computes them from the CSV
# with Python's csv module).  Writes the section "vi-stats vs DuckDB
# SUMMARIZE" of tests/bench/RESULTS.md (replacing an older one) and prints
# it.
#
#	tests/bench/summarize-compare.sh BUILD_DIR [RUNS]
#
#	BENCH_DATA	data directory, default tests/bench/data
#	BENCH_SEED	generator seed, default 42
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
BUILD=${1:?usage: summarize-compare.sh BUILD_DIR [RUNS]}
RUNS=${2:-3}
DATA=${BENCH_DATA:-$HERE/data}
SEED=${BENCH_SEED:-42}
BENCH=summarize-compare; . "$HERE/lib.sh"

[ "$HAVE_DUCKDB" = 1 ] || die "DuckDB is missing: cd tests/bench && npm install"
mkdir -p "$DATA"
RUN=$(mktemp -d)
trap 'rm -rf "$RUN"' EXIT
cc -O2 -std=c11 -Wall -Wextra -o "$RUN/gen" "$HERE/gen.c" || die "cannot build gen.c"
csv=$DATA/sketch-100M-$SEED.csv
[ -s "$csv" ] || "$RUN/gen" 100000000 "$SEED" >"$csv" 2>/dev/null ||
    die "cannot generate $csv"
cp "$BUILD/vi-stats" "$RUN/vi-stats"
cat "$csv" >/dev/null    # into the page cache

for r in $(seq "$RUNS"); do
	/usr/bin/time -f "vi-stats %e %U %S" -a -o "$RUN/times" \
	    "$RUN/vi-stats" -f json "$csv" >"$RUN/vi.json" ||
	    die "vi-stats failed"
	/usr/bin/time -f "duckdb %e %U %S" -a -o "$RUN/times" \
	    node "$HERE/duckdb.mjs" summarize-all "$csv" >"$RUN/duck.json" ||
	    die "duckdb.mjs failed"
	/usr/bin/time -f "duckdb-startup %e %U %S" -a -o "$RUN/times" \
	    node "$HERE/duckdb.mjs" startup "$csv" >/dev/null ||
	    die "duckdb.mjs startup failed"
done
"$PY" "$HERE/summarize-compare.py" "$csv" "$RUN/vi.json" "$RUN/duck.json" \
    "$RUN/times" "$HERE/RESULTS.md" "$RUNS" \
    "$("$RUN/vi-stats" --version 2>&1 | head -1)" \
    "$(git -C "$HERE" log -1 --format=%h)"
