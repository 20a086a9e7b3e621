"""summarize-compare.py - the report of summarize-compare.sh.

    summarize-compare.py CSV VI_JSON DUCK_JSON TIMES RESULTS_MD RUNS VERSION COMMIT

Reads vi-stats -f json's output (VI_JSON), duckdb.mjs summarize-all's
(DUCK_JSON) and the /usr/bin/time lines "tool wall user sys" (TIMES); computes
the exact figures from CSV with the csv module (nulls: vi-stats' null tokens,
which are the generator's "", NA and NULL, the ones duckdb.mjs passes as
nullstr); writes the section "vi-stats vs DuckDB SUMMARIZE" of RESULTS_MD
(replacing an older one, before the sections that follow it) and prints it.

Rank error of an estimate v of the fraction f over the n sorted values x:
the target rank is r = max(1, ceil(f n)) (vi-stats' definition); v holds the
ranks lo..hi (lo = #{x < v} + 1, hi = #{x <= v}); the error is the distance
from r to that interval, divided by n.  vi-stats states its bound as
quantile_rank_error; DuckDB's approx_quantile (a T-digest) states none.
"""
import bisect
import csv
import math
import os
import statistics
import sys


def rank_error(xs, f, v):
    n = len(xs)
    r = max(1, math.ceil(f * n))
    lo = bisect.bisect_left(xs, v) + 1
    hi = bisect.bisect_right(xs, v)
    if r < lo:
        return (lo - r) / n
    if r > hi:
        return (r - hi) / n
    return 0.0


def fmt(v):
    return "%g" % v if isinstance(v, float) else str(v)


def main():
    (path, vi_path, duck_path, times_path, md_path, runs, version,
     commit) = sys.argv[1:9]
    import json
    vi = json.load(open(vi_path))
    duck = {c["column_name"]: c for c in json.load(open(duck_path))["columns"]}
    nulls = set(vi["null_tokens"])
    cols = vi["columns"]
    numeric = [c["index"] - 1 for c in cols if c.get("quantiles")]
    values = {i: [] for i in numeric}
    distinct = [set() for _ in cols]
    csv.field_size_limit(1 << 30)
    with open(path, newline="", encoding="utf-8") as fh:
        rd = csv.reader(fh)
        next(rd)
        for row in rd:
            for i, s in enumerate(row):
                if s in nulls:
                    continue
                distinct[i].add(s)
                if i in values:
                    values[i].append(float(s))

    out = []
    w = out.append
    w("## vi-stats vs DuckDB SUMMARIZE (issue 12)")
    w("")
    w("Written by `tests/bench/summarize-compare.sh` on the file of sketch-bench.sh")
    w("(gen.c, 100 MB, %d rows, 12 columns). vi-stats: `%s`, tree at `%s`," % (
        vi["rows"], version, commit))
    w("`vi-stats -f json FILE` (defaults: -j all cores, `--top 5`, `--quantiles`")
    w("0.25,0.5,0.75); DuckDB: `SUMMARIZE SELECT * FROM read_csv(FILE, nullstr =")
    w("['', 'NA', 'NULL'])` through `node duckdb.mjs summarize-all FILE` (all cores).")
    w("Exact figures: Python's csv module over the same file.")
    w("")
    t = {}
    for line in open(times_path):
        f = line.split()
        if len(f) == 4:
            t.setdefault(f[0], []).append((float(f[1]), float(f[2]) + float(f[3])))
    w("| tool | median wall (s) | median CPU (s) | runs |")
    w("|---|---:|---:|---:|")
    for tool in ("vi-stats", "duckdb", "duckdb-startup"):
        if tool in t:
            w("| %s | %.2f | %.2f | %d |" % (
                tool, statistics.median(x for x, _ in t[tool]),
                statistics.median(c for _, c in t[tool]), len(t[tool])))
    w("")
    w("duckdb-startup: node, loading DuckDB and `SELECT 1` (`duckdb.mjs startup`),")
    w("the fixed part of DuckDB's figures. Load average at the end: `%s` on %d"
      % (" ".join(open("/proc/loadavg").read().split()[:3]), os.cpu_count()))
    w("cores (the machine is shared: wall times grow with other work, CPU less).")
    w("")
    w("Quantiles of the numeric columns: the estimate (its rank error, as a")
    w("fraction of the values), against the exact value at rank ceil(f n).")
    w("")
    w("| column | n | q | exact | vi-stats (rank error) | bound | DuckDB (rank error) |")
    w("|---|---:|---|---:|---:|---:|---:|")
    worst_vi = worst_duck = 0.0
    within = True
    for i in numeric:
        c = cols[i]
        xs = sorted(values[i])
        d = duck.get(c["name"], {})
        bound = c["quantile_rank_error"]
        for f, dk in ((0.25, "q25"), (0.5, "q50"), (0.75, "q75")):
            r = max(1, math.ceil(f * len(xs)))
            v = float(c["quantiles"][repr(f)])
            ev = rank_error(xs, f, v)
            worst_vi = max(worst_vi, ev)
            within = within and ev <= bound
            if d.get(dk) is not None:
                dv = float(d[dk])
                ed = rank_error(xs, f, dv)
                worst_duck = max(worst_duck, ed)
                ds = "%s (%.5f)" % (fmt(dv), ed)
            else:
                ds = "—"
            w("| %s | %d | %s | %s | %s (%.5f) | %.5f | %s |" % (
                c["name"], len(xs), dk[1:], fmt(xs[r - 1]), fmt(v), ev, bound,
                ds))
    w("")
    w("Worst rank error: vi-stats %.5f (every one within its stated bound: %s),"
      % (worst_vi, "yes" if within else "**NO**"))
    w("DuckDB %.5f." % worst_duck)
    w("")
    w("Distinct values (non-null; exact: distinct texts, DuckDB counts parsed")
    w("values). vi-stats states a relative standard error (`distinct_error`);")
    w("the error column is (estimate − exact) / exact.")
    w("")
    w("| column | exact | vi-stats | error | DuckDB approx_unique | error |")
    w("|---|---:|---:|---:|---:|---:|")
    for i, c in enumerate(cols):
        ex = len(distinct[i])
        ve = c["distinct_estimate"]
        d = duck.get(c["name"], {})
        de = int(d["approx_unique"]) if d.get("approx_unique") else None
        w("| %s | %d | %d | %+.2f %% | %s | %s |" % (
            c["name"], ex, ve, 100 * (ve - ex) / ex if ex else 0.0,
            "—" if de is None else de,
            "—" if de is None or not ex else "%+.2f %%" % (100 * (de - ex) / ex)))
    w("")
    w("Command: `tests/bench/summarize-compare.sh build %s` (needs `cd tests/bench" % runs)
    w("&& npm install`; the exact figures take the Python pass, not timed).")
    w("")
    section = "\n".join(out)

    head = "## vi-stats vs DuckDB SUMMARIZE"
    text = open(md_path).read()
    if head in text:
        a = text.index(head)
        b = text.find("\n## ", a + 1)
        text = text[:a] + section + ("" if b < 0 else "\n" + text[b + 1:])
    else:
        # Before the section sketch-bench.sh rewrites to the end of the file.
        mark = "## Top values and quantiles"
        a = text.find(mark)
        if a < 0:
            text = text.rstrip("\n") + "\n\n" + section
        else:
            text = text[:a] + section + "\n" + text[a:]
    open(md_path, "w").write(text)
    print(section)


if __name__ == "__main__":
    main()
