#!/usr/bin/env bash
# sketch-bench.sh - the cost of vi-stats' top values and quantiles (issue 12
# §4): the same vi-stats binary on gen.c's 100 MB file with both sketches
# (the default), each alone, and neither (--top 0 --quantiles none), -j1
# and -j2, runs interleaved so that a busy machine slows every
# configuration alike.  Writes the section "Top values and quantiles" at
# the end of tests/bench/RESULTS.md (replacing an older one).
#
#	tests/bench/sketch-bench.sh BUILD_DIR [RUNS]
#
#	BENCH_DATA	data directory, default tests/bench/data
#	BENCH_SEED	generator seed, default 42
#	BENCH_BASE	optional: an older vi-stats to measure as "before"
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
BUILD=${1:?usage: sketch-bench.sh BUILD_DIR [RUNS]}
RUNS=${2:-9}
DATA=${BENCH_DATA:-$HERE/data}
SEED=${BENCH_SEED:-42}
OUT=$HERE/RESULTS.md
BENCH=sketch-bench; . "$HERE/lib.sh"

mkdir -p "$DATA"
RUN=$(mktemp -d)
trap 'rm -rf "$RUN"' EXIT
cc -O2 -std=c11 -Wall -Wextra -o "$RUN/gen" "$HERE/gen.c" || die "cannot build gen.c"
csv=$DATA/sketch-100M-$SEED.csv
[ -s "$csv" ] || "$RUN/gen" 100000000 "$SEED" >"$csv" 2>/dev/null ||
    die "cannot generate $csv"
cp "$BUILD/vi-stats" "$RUN/vi-stats"
cat "$csv" >/dev/null    # into the page cache

declare -A opts=(
	[neither]="--top 0 --quantiles none"
	[top]="--quantiles none"
	[quantiles]="--top 0"
	[both]=""
)
configs="neither top quantiles both"
[ -z "${BENCH_BASE:-}" ] || { cp "$BENCH_BASE" "$RUN/base"; configs="before $configs"; }
for j in 1 2; do
	for r in $(seq "$RUNS"); do
		for c in $configs; do
			if [ "$c" = before ]; then set -- "$RUN/base"; else
				set -- "$RUN/vi-stats" ${opts[$c]}; fi
			/usr/bin/time -f "$j $c %e %U %S" -a -o "$RUN/times" \
			    "$@" -j$j "$csv" >/dev/null
		done
	done
done

{
	sed '/^## Top values and quantiles/,$d' "$OUT"
	echo "## Top values and quantiles (issue 12 §4)"
	echo
	echo "Written by \`tests/bench/sketch-bench.sh\` on $(date -u '+%Y-%m-%d %H:%M') UTC"
	echo "(the rest of this file is run.sh's). $(nproc) cores, load average at the end"
	echo "\`$(cut -d' ' -f1-3 /proc/loadavg)\` (the machine is shared: runs are interleaved, medians"
	echo "of $RUNS). File: gen.c, 100 MB, seed $SEED ($(wc -l <"$csv") lines, 12 columns)."
	echo "Binary: \`$("$RUN/vi-stats" --version 2>&1 | head -1)\`, tree at commit \`$(git -C "$HERE" log -1 --format=%h)\`."
	echo
	echo "| -j | sketches | options | median CPU (s) | median wall (s) | CPU vs neither |"
	echo "|---:|---|---|---:|---:|---:|"
	$PY - "$RUN/times" "$configs" <<'PY'
import collections, statistics, sys
t = collections.defaultdict(list)
for line in open(sys.argv[1]):
    f = line.split()
    if len(f) == 5 and f[0] in "12":
        t[(f[0], f[1])].append((float(f[3]) + float(f[4]), float(f[2])))
opts = {"before": "(the binary before)", "neither": "--top 0 --quantiles none",
        "top": "--quantiles none", "quantiles": "--top 0", "both": "(default)"}
for j in "12":
    base = statistics.median(c for c, _ in t[(j, "neither")])
    for c in sys.argv[2].split():
        cpu = statistics.median(x for x, _ in t[(j, c)])
        wall = statistics.median(w for _, w in t[(j, c)])
        print("| %s | %s | `%s` | %.2f | %.2f | %+.0f %% |" % (j, c, opts[c], cpu, wall, 100 * (cpu / base - 1)))
print()
for j in "12":
    base = statistics.median(c for c, _ in t[(j, "neither")])
    extra = 100 * (statistics.median(c for c, _ in t[(j, "both")]) / base - 1)
    print("Target (default vs `--top 0 --quantiles none`, CPU, ≤ 15 %%): -j%s %+.0f %% %s" %
          (j, extra, "✓" if extra <= 15 else "✗ **FAIL**"))
PY
	echo
	echo "Command: \`tests/bench/sketch-bench.sh build $RUNS\` (each run: \`vi-stats OPTIONS -jJ FILE > /dev/null\`"
	echo "under \`/usr/bin/time\`; CPU = user + sys)."
} >"$RUN/new"
cp "$RUN/new" "$OUT"
sed -n '/^## Top values and quantiles/,$p' "$OUT"
