#!/usr/bin/env bash
# dask-bench.sh - issue 9's benchmark: the Dask engine of viewerit_core
# against the local pipeline, on the files of gen3.c (3 files, key code,id).
#
#	tests/bench/dask-bench.sh [BUILD_DIR]
#
# compare([a,b,c], "code,id") (summary + Venn) here, with shards=2 here, and
# with shards=2 and 4 on a distributed.LocalCluster(n_workers=2,
# threads_per_worker=1, processes=True); profile(a.csv) here, with parts=2
# here, and with parts=2 and 4 on the cluster.  The cluster is started once
# per size, its start-up timed apart and left out of every figure.  The
# variants are interleaved, one run of each per round.  Every answer is
# checked against the local one and gen3's expect.json.  Then one more,
# instrumented run of each cluster variant gives the work-split table
# (tasks per stage, bytes read, submitted, returned and written per task).
# The driver is dask_bench.py, under Debian's /usr/bin/python3 (it has
# dask and distributed).
#
# Sizes: DK_SIZES (default "100M 1G", bytes per file), rounds DK_RUNS
# ("100M:3 1G:3").  Writes tests/bench/RESULTS-dask.md (DK_OUT); the raw
# figures stay in tests/bench/data/dask-run/.  The report can be rebuilt
# from them: /usr/bin/python3 tests/bench/dask_bench.py report --run
# tests/bench/data/dask-run --sizes "100M 1G" --out tests/bench/RESULTS-dask.md
set -u
export LC_ALL=C

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BUILD=${1:-$ROOT/build}
DATA=$HERE/data
SIZES=${DK_SIZES:-"100M 1G"}
RUNS=${DK_RUNS:-"100M:3 1G:3"}
SEED=42
OUT=${DK_OUT:-$HERE/RESULTS-dask.md}
BENCH=dask-bench; . "$HERE/lib.sh"
"$PY" -c 'import dask, distributed' 2>/dev/null ||
	die "$PY cannot import dask and distributed (Debian: apt-get install python3-distributed)"
BIN=$DATA/bin/dask
copy_tools "$BIN" vi-keys vi-sort vi-presence vi-stats
export VIEWERIT_BIN=$BIN

RUN=$DATA/dask-run
rm -rf "$RUN"; mkdir -p "$RUN" || die "cannot create $RUN"
{
	printf 'date\t%s\n' "$(date -u '+%Y-%m-%d %H:%M UTC')"
	printf 'loadavg_start\t%s\n' "$(cat /proc/loadavg)"
	printf 'cpu\t%s\n' "$(awk -F': ' '/model name/{print $2; exit}' /proc/cpuinfo)"
	printf 'cores\t%s\n' "$(nproc)"
	printf 'memory\t%s MB\n' "$(awk '/MemTotal/{print int($2/1024)}' /proc/meminfo)"
	printf 'git_head\t%s\n' "$(git -C "$ROOT" log -1 --format='%h %s' | cut -c1-100)"
	printf 'git_dirty (cmd lib python)\t%s files\n' "$(git -C "$ROOT" status --porcelain -- cmd lib python | wc -l)"
	printf 'tools\t%s, copied from %s (built %s), sha256 of vi-keys %s\n' \
	    "$("$BIN/vi-stats" --version 2>&1 | head -1)" "$BUILD" \
	    "$(date -u -r "$BUILD/vi-keys" '+%H:%M UTC')" "$(sha256sum "$BIN/vi-keys" | cut -c1-12)"
} >"$RUN/machine.txt"
{
	echo "# per size: the driver, under /usr/bin/python3 (VIEWERIT_BIN=$BIN)"
	echo "/usr/bin/python3 tests/bench/dask_bench.py drive --data DIR --size SIZE --runs N --run $RUN"
	echo "# each local variant, a child of the driver:"
	echo "/usr/bin/time -v /usr/bin/python3 tests/bench/dask_bench.py one MODE --data DIR --work $RUN/work --out FILE"
	echo "# data: tests/bench/data/gen3 SIZE $SEED DIR (a.csv b.csv c.csv expect.json)"
} >"$RUN/commands.txt"

for size in $SIZES; do
	gen3_data "$size" "$SEED"
	printf 'data %s\t%s (%s bytes)\n' "$size" "$D" "$(cat "$D"/[abc].csv | wc -c)" >>"$RUN/machine.txt"
	cat "$D"/[abc].csv >/dev/null          # page cache
	"$PY" "$HERE/dask_bench.py" drive --data "$D" --size "$size" --runs "$(runs_for "$size")" \
	    --run "$RUN" || die "the driver failed at $size"
done
printf 'loadavg_end\t%s\n' "$(cat /proc/loadavg)" >>"$RUN/machine.txt"
"$PY" "$HERE/dask_bench.py" report --run "$RUN" --sizes "$SIZES" --out "$OUT" >/dev/null ||
	die "report failed"
cat "$OUT"
note "wrote $OUT"
