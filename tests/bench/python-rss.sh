#!/usr/bin/env bash
# python-rss.sh - the Python package's memory stays flat whatever the data:
# compare() of three generated CSV files (gen3.c, default 100 MB each) with
# the whole presence matrix and the changed keys iterated, then
# fast_intersect() of two generators of KEYS keys (default 5 million).  The
# answers are checked against gen3's expect.json; the peak RSS of the
# Python process itself (not of the tools) is printed and must stay under
# RSS_MAX_MB (default 64).  Not part of make check (minutes, gigabytes).
#
#	tests/bench/python-rss.sh BUILD_DIR [SIZE_BYTES]
set -euo pipefail
BIN=$(cd "${1:?usage: python-rss.sh BUILD_DIR [SIZE_BYTES]}" && pwd)
SIZE=${2:-100000000}
HERE=$(cd "$(dirname "$0")" && pwd)
TMP=$(mktemp -d "${TMPDIR:-/tmp}/vi-pyrss.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
cc -O2 -std=c11 -o "$TMP/gen3" "$HERE/gen3.c"
"$TMP/gen3" "$SIZE" 42 "$TMP"
VIEWERIT_BIN=$BIN PYTHONPATH="$HERE/../../python" PYTHONDONTWRITEBYTECODE=1 \
KEYS=${KEYS:-5000000} RSS_MAX_MB=${RSS_MAX_MB:-64} /usr/bin/python3 - "$TMP" <<'PY'
import json, os, resource, sys, time
import viewerit_core as vc

d = sys.argv[1]
want = json.load(open(os.path.join(d, "expect.json")))
def rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

t = time.monotonic()
with vc.compare([os.path.join(d, f + ".csv") for f in "abc"], "code,id", names="abc") as c:
    venn = {"".join(sorted(r)): n for r, n in c.venn().items()}
    assert c["keys"] == want["keys"], c.summary
    assert venn == {k: v for k, v in want["venn"].items() if v}, venn
    rows = sum(1 for _ in c.matrix())
    changed = sum(1 for _ in c.changed())
    assert rows == want["keys"] and changed == c["changed"] == want["changed"]
print("compare: 3 x %d bytes, %d keys, matrix and changed iterated: %.1f s, Python peak RSS %.1f MiB"
      % (want["per_file"][0]["bytes"], rows, time.monotonic() - t, rss_mb()))

n = int(os.environ["KEYS"])
t = time.monotonic()
with vc.fast_intersect([("k%d" % i for i in range(n)), ("k%d" % i for i in range(0, 2 * n, 2))]) as r:
    assert r["in_all"] == (n + 1) // 2 and r["keys"] == n + n - (n + 1) // 2, r.summary
print("fast_intersect: 2 x %d keys from generators: %.1f s, Python peak RSS %.1f MiB"
      % (n, time.monotonic() - t, rss_mb()))
limit = float(os.environ["RSS_MAX_MB"])
if rss_mb() > limit:
    sys.exit("python-rss: peak RSS %.1f MiB over %g MiB" % (rss_mb(), limit))
PY
