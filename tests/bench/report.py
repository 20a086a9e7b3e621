#!/usr/bin/python3
"""report.py - turn run.sh's measurements into tests/bench/RESULTS.md.

Reads, from the data directory run.sh filled (RUN is its run-SIZES/ folder):
  RUN/results.tsv      one line per run: size tool run wall_s maxrss_kb
                       user_s sys_s rc busy_s (busy_s: CPU time of the
                       whole machine meanwhile)
  RUN/commands.tsv     size tool command
  RUN/machine.txt      load averages, which vi-stats binary was measured
  RUN/out-SIZE-TOOL.json  each tool's output from its last run
  bench-SIZE-*.counts.json  what the generator wrote (rows, nulls per column)

Checks that the tools agree on rows and per-column nulls, evaluates the
targets of issue 2 and writes a markdown report.  Standard library only.
"""
import argparse
import datetime
import glob
import json
import os
import platform
import statistics
import subprocess
import sys

RSS_LIMIT_KB = 32 * 1024          # "peak RSS <= 32 MB" (MiB, as time -v counts KiB)
RSS_SAME_KB = 2 * 1024            # "the same at 100 MB and 1 GB": within 2 MiB
SHARED_CORES = 0.25               # others using more than this: say so

TOOLS = [
    ("csvloop-default", "bare libcsv loop, default options"),
    ("csvloop-suite", "bare libcsv loop, suite options (strict, no trim)"),
    ("vi-stats-j1", "vi-stats -j1 (one thread)"),
    ("vi-stats-j2", "vi-stats -j2 (both cores)"),
    ("duckdb-startup", "DuckDB: node + load + SELECT 1 (fixed cost)"),
    ("duckdb-nulls", "DuckDB null-count query over read_csv"),
    ("duckdb-summarize", "DuckDB SUMMARIZE over read_csv"),
    ("pandas-startup", "pandas: python3 + import pandas (fixed cost)"),
    ("pandas", "pandas read_csv + isna().sum() + dtypes"),
    ("mlr-summary", "mlr --icsv --ojson summary"),
]


def sh(cmd):
    try:
        return subprocess.run(cmd, shell=True, capture_output=True, text=True,
                              timeout=30).stdout.strip()
    except Exception:                 # a missing tool is just "unknown"
        return ""


def size_bytes(s):
    mul = {"K": 10**3, "M": 10**6, "G": 10**9}.get(s[-1].upper(), 1)
    return int(s.rstrip("kKmMgG")) * mul


def load_results(data):
    res = {}
    with open(os.path.join(data, "results.tsv")) as f:
        for line in f:
            size, tool, run, wall, rss, us, sy, rc, busy = line.rstrip("\n").split("\t")
            res.setdefault((size, tool), []).append({
                "wall": float(wall), "rss": int(rss), "cpu": float(us) + float(sy),
                "rc": int(rc), "busy": float(busy)})
    return res


def load_json_lines(path):
    """Every JSON value in the file: one per line, or one value for all."""
    try:
        with open(path) as f:
            text = f.read()
    except OSError:
        return None
    try:
        return [json.loads(text)]
    except ValueError:
        pass
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line:
            try:
                out.append(json.loads(line))
            except ValueError:
                return None
    return out


class Stat:
    """Median wall, peak RSS etc. of the successful runs of one tool."""

    def __init__(self, runs, nbytes):
        ok = [r for r in runs if r["rc"] == 0]
        self.failed = [r["rc"] for r in runs if r["rc"] != 0]
        self.n = len(ok)
        if not ok:
            self.wall = None
            return
        self.wall = statistics.median(r["wall"] for r in ok)
        self.walls = [r["wall"] for r in ok]
        self.rss = max(r["rss"] for r in ok)
        self.cpu = statistics.median(r["cpu"] for r in ok)
        # CPU that other processes used meanwhile, in cores, over all runs.
        # /proc/stat counts in clock ticks, so short runs are noisy.
        self.others = max(0.0, sum(r["busy"] - r["cpu"] for r in ok) / sum(r["wall"] for r in ok))
        self.mbs = nbytes / 1e6 / self.wall


def fmt(x, nd=2):
    return "n/a" if x is None else f"{x:.{nd}f}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--run", required=True)
    ap.add_argument("--seed", required=True)
    ap.add_argument("--sizes", required=True)
    ap.add_argument("--genv", required=True)
    ap.add_argument("--timeout", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--build", default="")
    a = ap.parse_args()
    data = a.data
    sizes = a.sizes.split()
    run = a.run
    res = load_results(run)
    cmds = {}
    with open(os.path.join(run, "commands.tsv")) as f:
        for line in f:
            size, tool, cmd = line.rstrip("\n").split("\t", 2)
            cmds.setdefault(tool, (size, cmd))
    machine = dict(l.rstrip("\n").split("\t", 1)
                   for l in open(os.path.join(run, "machine.txt")) if "\t" in l)

    # ---- per size: stats, agreement ----
    stats, agree, gens = {}, {}, {}
    for size in sizes:
        counts = glob.glob(os.path.join(data, f"bench-{size}-s{a.seed}-{a.genv}.counts.json"))
        gen = json.load(open(counts[0])) if counts else None
        gens[size] = gen
        nbytes = gen["bytes"] if gen else size_bytes(size)
        stats[size] = {t: Stat(res.get((size, t), []), nbytes) for t, _ in TOOLS}
        agree[size] = check_agreement(run, size, gen, stats[size])

    # ---- targets ----
    def med(size, tool):
        s = stats[size][tool]
        return s.wall if s.wall is not None else None

    targets = []
    # 1. single thread >= 80 % of bare libcsv (suite configuration).
    per = {}
    for size in sizes:
        c, v = med(size, "csvloop-suite"), med(size, "vi-stats-j1")
        per[size] = None if c is None or v is None else (c / v, c / v >= 0.80)
    targets.append(("vi-stats -j1 speed ≥ 80 % of bare libcsv (suite options): "
                    "t(csvloop -s) / t(vi-stats -j1)", per, lambda r: f"{r[0]*100:.0f} %",
                    ("csvloop-suite", "vi-stats-j1")))
    # 2. both cores: faster than DuckDB's null-count query (net of node start-up).
    per = {}
    for size in sizes:
        d, ds, v = med(size, "duckdb-nulls"), med(size, "duckdb-startup"), med(size, "vi-stats-j2")
        if d is None or v is None:
            per[size] = None
        else:
            net = d - (ds or 0.0)
            per[size] = (net / v, v < net, d / v)
    targets.append(("vi-stats -j2 faster than DuckDB's null-count query: "
                    "(t(duckdb nulls) − t(duckdb start-up)) / t(vi-stats -j2) > 1", per,
                    lambda r: f"{r[0]:.2f}× (gross {r[2]:.2f}×)", ("duckdb-nulls", "vi-stats-j2")))
    # 3. >= 8x pandas (single thread against pandas, which is single-threaded).
    per = {}
    for size in sizes:
        p, ps, v = med(size, "pandas"), med(size, "pandas-startup"), med(size, "vi-stats-j1")
        if p is None or v is None:
            per[size] = None
        else:
            net = p - (ps or 0.0)
            per[size] = (net / v, net / v >= 8, p / med(size, "vi-stats-j2")
                         if med(size, "vi-stats-j2") else None)
    targets.append(("vi-stats ≥ 8× pandas: (t(pandas) − t(import pandas)) / t(vi-stats -j1)", per,
                    lambda r: f"{r[0]:.1f}×" + (f" (-j2: {r[2]:.1f}×)" if r[2] else ""),
                    ("pandas", "vi-stats-j1")))
    # 4. peak RSS <= 32 MiB, for -j1 and -j2.
    per = {}
    for size in sizes:
        r = [stats[size][t].rss for t in ("vi-stats-j1", "vi-stats-j2")
             if stats[size][t].wall is not None]
        per[size] = None if not r else (max(r), max(r) <= RSS_LIMIT_KB)
    targets.append(("vi-stats peak RSS ≤ 32 MiB (max of -j1, -j2)", per,
                    lambda r: f"{r[0]/1024:.1f} MiB", ()))
    # 5. RSS the same at every size.
    per = {}
    if len(sizes) < 2:
        per = {sizes[0]: None}
    else:
        lo, hi = sizes[0], sizes[-1]
        diffs = []
        for t in ("vi-stats-j1", "vi-stats-j2"):
            s0, s1 = stats[lo][t], stats[hi][t]
            if s0.wall is not None and s1.wall is not None:
                diffs.append(s1.rss - s0.rss)
        per[hi] = None if not diffs else (max(diffs, key=abs), all(abs(d) <= RSS_SAME_KB for d in diffs))
    targets.append((f"vi-stats peak RSS the same at {sizes[0]} and {sizes[-1]} (within 2 MiB)"
                    if len(sizes) >= 2 else "vi-stats peak RSS the same at two sizes (needs two)",
                    per, lambda r: f"{r[0]/1024:+.1f} MiB", ()))
    # 6. agreement.
    per = {size: agree[size]["verdict"] for size in sizes}
    targets.append(("all tools agree on rows and per-column nulls (see below)", per,
                    lambda r: r[0], ()))

    write_report(a, sizes, stats, agree, gens, targets, cmds, machine)


def check_agreement(data, size, gen, st):
    """Rows and nulls of every tool that ran, against the generator's counts."""
    out = {"rows": {}, "nulls": {}, "notes": [], "verdict": None}
    if gen is None:
        out["notes"].append("no generator counts")
        return out
    names = [c["name"] for c in gen["columns"]]
    exp_all = {c["name"]: c["nulls"] for c in gen["columns"]}
    exp_empty = {c["name"]: c["nulls_empty"] for c in gen["columns"]}
    bad = []

    def record(tool, rows, nulls, expected):
        out["rows"][tool] = rows
        if rows != gen["rows"]:
            bad.append(f"{tool}: rows {rows} ≠ {gen['rows']}")
        if nulls is None:
            return
        out["nulls"][tool] = nulls
        for n in names:
            if nulls.get(n) != expected[n]:
                bad.append(f"{tool}: {n} nulls {nulls.get(n)} ≠ {expected[n]}")

    def ran(tool):
        return st[tool].wall is not None

    for tool in ("csvloop-default", "csvloop-suite"):
        if ran(tool):
            try:
                w = open(os.path.join(data, f"out-{size}-{tool}.json")).read().split()
                rows, fields = int(w[1]) - 1, int(w[3])
                record(tool, rows, None, None)
                if fields != (rows + 1) * len(names):
                    bad.append(f"{tool}: {fields} fields, not {(rows + 1) * len(names)}")
            except (OSError, IndexError, ValueError):
                bad.append(f"{tool}: unreadable output")
    vi = {}
    for tool in ("vi-stats-j1", "vi-stats-j2"):
        if not ran(tool):
            continue
        objs = load_json_lines(os.path.join(data, f"out-{size}-{tool}.json"))
        if not objs or not isinstance(objs[0], dict):
            bad.append(f"{tool}: output is not JSON lines")
            continue
        o = objs[0]
        vi[tool] = o
        try:
            out.setdefault("types", {})["vi-stats"] = {c["name"]: c.get("type") for c in o["columns"]}
        except (KeyError, TypeError):
            pass
        try:
            record(tool, o["rows"], {c["name"]: c["nulls"] for c in o["columns"]}, exp_all)
        except (KeyError, TypeError):
            bad.append(f"{tool}: JSON lacks rows/columns/name/nulls")
    if len(vi) == 2:
        a, b = vi["vi-stats-j1"], vi["vi-stats-j2"]
        skip = {"threads", "jobs", "elapsed", "seconds", "time", "wall"}
        diff = sorted(k for k in set(a) | set(b) if k not in skip and a.get(k) != b.get(k))
        if diff:
            bad.append("vi-stats -j1 and -j2 outputs differ in: " + ", ".join(diff))
        else:
            out["notes"].append("vi-stats -j1 and -j2 JSON outputs are identical"
                                " (keys compared: all but timing/thread-count keys).")
    if ran("duckdb-nulls"):
        objs = load_json_lines(os.path.join(data, f"out-{size}-duckdb-nulls.json"))
        try:
            o = objs[0]
            record("duckdb-nulls", o["rows"], {c["name"]: c["nulls"] for c in o["columns"]}, exp_all)
        except (TypeError, IndexError, KeyError):
            bad.append("duckdb-nulls: unreadable output")
    if ran("duckdb-summarize"):
        objs = load_json_lines(os.path.join(data, f"out-{size}-duckdb-summarize.json"))
        try:
            o = objs[0]
            out["rows"]["duckdb-summarize"] = o["rows"]
            out.setdefault("types", {})["DuckDB"] = {c["name"]: c["type"] for c in o["columns"]}
            if o["rows"] != gen["rows"]:
                bad.append(f"duckdb-summarize: rows {o['rows']} ≠ {gen['rows']}")
            # SUMMARIZE gives null_percentage rounded to 2 decimals only.
            for c in o["columns"]:
                want = 100.0 * exp_all[c["name"]] / gen["rows"]
                if abs(c["null_percentage"] - want) > 0.006:
                    bad.append(f"duckdb-summarize: {c['name']} null % {c['null_percentage']} ≠ {want:.3f}")
        except (TypeError, IndexError, KeyError):
            bad.append("duckdb-summarize: unreadable output")
    if ran("pandas"):
        objs = load_json_lines(os.path.join(data, f"out-{size}-pandas.json"))
        try:
            o = objs[0]
            record("pandas", o["rows"], {c["name"]: c["nulls"] for c in o["columns"]}, exp_all)
            out.setdefault("types", {})["pandas"] = {c["name"]: c["dtype"] for c in o["columns"]}
        except (TypeError, IndexError, KeyError):
            bad.append("pandas: unreadable output")
    if ran("mlr-summary"):
        objs = load_json_lines(os.path.join(data, f"out-{size}-mlr-summary.json"))
        try:
            arr = objs[0]
            out.setdefault("types", {})["mlr"] = {c["field_name"]: c.get("field_type") for c in arr}
            record("mlr-summary", arr[0]["count"],
                   {c["field_name"]: c["null_count"] for c in arr}, exp_empty)
        except (TypeError, IndexError, KeyError):
            bad.append("mlr-summary: unreadable output")
    out["bad"] = bad
    ntools = len(out["rows"])
    if ntools == 0:
        out["verdict"] = None
    else:
        out["verdict"] = (f"{ntools} tools agree" if not bad else f"{len(bad)} mismatches",
                          not bad)
    return out


def err_hint(data, size, tool):
    """The first telling line of a failed tool's stderr, for the table."""
    try:
        lines = open(os.path.join(data, f"err-{size}-{tool}.txt"), errors="replace").read().splitlines()
    except OSError:
        return ""
    for l in lines:
        if any(k in l.lower() for k in ("error", "memory", "fatal", "usage", "killed")):
            return l.strip().replace("|", "/")[:100]
    return (lines[0].strip().replace("|", "/")[:100]) if lines else ""


def write_report(a, sizes, stats, agree, gens, targets, cmds, machine):
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo")
                if l.startswith("model name")), "unknown")
    mem = next((l.split()[1] for l in open("/proc/meminfo") if l.startswith("MemTotal")), "0")
    here = os.path.dirname(os.path.abspath(__file__))
    duck = "n/a"
    try:
        duck = json.load(open(os.path.join(here, "node_modules/@duckdb/node-api/package.json")))["version"]
    except (OSError, ValueError, KeyError):
        pass
    shared = any(s.wall is not None and s.wall >= 0.5 and s.others > SHARED_CORES
                 for size in sizes for s in stats[size].values())
    L = []
    w = L.append
    w("# vi-stats benchmark results")
    w("")
    w(f"Written by `tests/bench/run.sh` (`make bench`) on "
      f"{datetime.datetime.now().astimezone().strftime('%Y-%m-%d %H:%M %Z')}. "
      "Do not edit by hand; rerun the bench.")
    w("")
    w("## Machine")
    w("")
    w(f"- CPU: {cpu}, nproc = {os.cpu_count()}, RAM {int(mem) // 1024} MiB, "
      f"kernel {platform.release()}")
    w(f"- load average at start: `{machine.get('loadavg_start', '?')}`, "
      f"at end: `{machine.get('loadavg_end', '?')}`")
    ccv = sh("cc --version | head -1")
    csvv = sh("dpkg-query -W -f='${Version}' libcsv3") or "?"
    nodev = sh("node --version") or "n/a"
    pdv = sh("/usr/bin/python3 -c 'import pandas; print(pandas.__version__)'") or "n/a"
    mlrv = sh("mlr --version") or "mlr n/a"
    w(f"- cc: {ccv}; libcsv {csvv}; DuckDB (@duckdb/node-api) {duck}; node {nodev}; "
      f"pandas {pdv} (python {platform.python_version()}); {mlrv}")
    if "vi_version" in machine:
        dirty = machine.get("git_dirty", "0").strip() not in ("", "0")
        w(f"- vi-stats measured: `{machine['vi_version']}`, binary built "
          f"{machine.get('vi_built', '?')} (sha256 {machine.get('vi_sha256', '?')}…), "
          f"tree at commit `{machine.get('git_head', '?')}`" +
          (f" with {machine['git_dirty'].strip()} uncommitted files in cmd/, lib/ or Makefile "
           "(other engineers were editing the tree: the binary may include work not yet committed)"
           if dirty else ", cmd/ lib/ Makefile clean") +
          ". A copy taken at the start was measured, so a rebuild during the run changes nothing.")
    else:
        w("- vi-stats: not built when the bench ran (n/a below).")
    if shared:
        w("- **Shared machine**: other processes used CPU during some runs "
          "(column *others* below: CPU used by other processes during a tool's runs, in cores; "
          "the machine has 2). Figures from those runs are pessimistic.")
    else:
        w("- Other processes used less than "
          f"{SHARED_CORES} core during the runs of every tool taking 0.5 s or more "
          "(column *others*; it is noisy for shorter runs).")
    w("- Every tool reads the same file, from the page cache (it is read once "
      "before the runs). Wall time is the median of the runs; peak RSS the "
      "largest `Maximum resident set size` of `/usr/bin/time -v` over them.")
    w("")

    w("## Targets (issue 2)")
    w("")
    w("| target | " + " | ".join(sizes) + " | verdict |")
    w("|---|" + "---|" * len(sizes) + "---|")
    disturbed = False
    for name, per, show, involved in targets:
        cells, oks = [], []
        for size in sizes:
            r = per.get(size)
            busy = any(stats[size][t].wall is not None and stats[size][t].wall >= 0.5 and
                       stats[size][t].others > SHARED_CORES for t in involved)
            disturbed |= busy and r is not None
            if size not in per:
                cells.append("—")
            elif r is None:
                cells.append("n/a")
            else:
                cells.append(f"{show(r)} {'✓' if r[1] else '✗'}" + (" ⚠" if busy else ""))
                oks.append(r[1])
        verdict = "n/a" if not oks else ("PASS" if all(oks) else "FAIL")
        w(f"| {name} | " + " | ".join(cells) + f" | **{verdict}** |")
    if disturbed:
        w("")
        w(f"⚠: other processes used more than {SHARED_CORES} core during the runs of a tool this "
          "figure compares (column *others*), so it is less reliable; rerun on a quiet machine.")
    big = sizes[-1]
    gb = (gens[big]["bytes"] if gens[big] else size_bytes(big)) / 1e9
    def spg(tool, minus=None):
        t = stats[big][tool].wall
        if t is None:
            return "n/a"
        if minus and stats[big][minus].wall is not None:
            t -= stats[big][minus].wall
        return f"{t / gb:.2f} s/GB"
    w("")
    w(f"For scale, at {big}: bare libcsv {spg('csvloop-default')} (defaults), "
      f"{spg('csvloop-suite')} (suite options); DuckDB null-count {spg('duckdb-nulls', 'duckdb-startup')} "
      f"net of start-up; vi-stats {spg('vi-stats-j1')} (-j1), {spg('vi-stats-j2')} (-j2). "
      "The issue's reference figures for this kind of machine: DuckDB null-count about "
      "2.9 s/GB, libcsv alone about 3.1 s/GB.")
    w("")

    for size in sizes:
        gen = gens[size]
        nbytes = gen["bytes"] if gen else size_bytes(size)
        w(f"## {size}: {nbytes:,} bytes, {gen['rows']:,} rows" if gen else f"## {size}")
        w("")
        w("| tool | runs | median wall (s) | all walls (s) | MB/s | peak RSS (MiB) | CPU (s) | others | status |")
        w("|---|---:|---:|---|---:|---:|---:|---:|---|")
        for tool, _ in TOOLS:
            s = stats[size][tool]
            if s.wall is None and not s.failed:
                w(f"| {tool} | 0 | n/a | | | | | | not run (not built / not installed) |")
                continue
            if s.wall is None:
                why = "timed out" if s.failed[0] == 124 else err_hint(a.run, size, tool)
                w(f"| {tool} | 0 | n/a | | | | | | failed, status {s.failed[0]}: {why} |")
                continue
            status = "ok" if not s.failed else f"{len(s.failed)} run failed (status {s.failed[0]})"
            if s.failed and s.failed[0] == 124:
                status = f"timed out after {a.timeout} s"
            mbs = "—" if tool.endswith("-startup") else f"{s.mbs:.0f}"
            w(f"| {tool} | {s.n} | {s.wall:.3f} | {', '.join(f'{x:.2f}' for x in s.walls)} | "
              f"{mbs} | {s.rss/1024:.1f} | {s.cpu:.2f} | {s.others:.2f} | {status} |")
        w("")
        st = stats[size]

        def ratio(num, den):
            x, y = st[num].wall, st[den].wall
            return "n/a" if x is None or y is None else f"{x / y:.2f}"
        w("Ratios (time of the first ÷ time of the second; > 1 means the second is faster):")
        w("")
        w(f"- csvloop suite ÷ vi-stats -j1 (share of libcsv speed reached): {ratio('csvloop-suite', 'vi-stats-j1')}")
        w(f"- csvloop default ÷ csvloop suite (cost of strict + no-trim): {ratio('csvloop-default', 'csvloop-suite')}")
        w(f"- vi-stats -j1 ÷ vi-stats -j2 (parallel speed-up): {ratio('vi-stats-j1', 'vi-stats-j2')}")
        w(f"- DuckDB null-count ÷ vi-stats -j2: {ratio('duckdb-nulls', 'vi-stats-j2')}  "
          f"(DuckDB SUMMARIZE ÷ vi-stats -j2: {ratio('duckdb-summarize', 'vi-stats-j2')})")
        w(f"- pandas ÷ vi-stats -j1: {ratio('pandas', 'vi-stats-j1')}; pandas ÷ vi-stats -j2: {ratio('pandas', 'vi-stats-j2')}")
        w(f"- mlr summary ÷ vi-stats -j1: {ratio('mlr-summary', 'vi-stats-j1')}")
        w("")
        ag = agree[size]
        if gen:
            w(f"Agreement on rows and nulls per column ({size}). Expected values come from the "
              "generator; **bold** marks a value that differs. mlr counts only empty fields as "
              "null, so it is compared with the generator's empty-only count.")
            w("")
            tools = [t for t in ("vi-stats-j1", "vi-stats-j2", "duckdb-nulls", "pandas") if t in ag["nulls"]]
            hdr = ["column", "generator (\"\", NA, NULL)"] + tools + ["generator (\"\" only)"]
            if "mlr-summary" in ag["nulls"]:
                hdr.append("mlr-summary")
            w("| " + " | ".join(hdr) + " |")
            w("|---|" + "---:|" * (len(hdr) - 1))

            def cell(v, want):
                return f"{v:,}" if v == want else f"**{v}**"
            rowcells = ["rows", f"{gen['rows']:,}"] + [cell(ag["rows"][t], gen["rows"]) for t in tools] + [f"{gen['rows']:,}"]
            if "mlr-summary" in ag["nulls"]:
                rowcells.append(cell(ag["rows"]["mlr-summary"], gen["rows"]))
            w("| " + " | ".join(rowcells) + " |")
            for c in gen["columns"]:
                n = c["name"]
                cells = [f"{n} nulls", f"{c['nulls']:,}"] + [cell(ag["nulls"][t].get(n), c["nulls"]) for t in tools] + [f"{c['nulls_empty']:,}"]
                if "mlr-summary" in ag["nulls"]:
                    cells.append(cell(ag["nulls"]["mlr-summary"].get(n), c["nulls_empty"]))
                w("| " + " | ".join(cells) + " |")
            w("")
            others = [t for t in ag["rows"] if t not in tools and t != "mlr-summary"]
            if others:
                w("Rows also checked: " + ", ".join(f"{t} {ag['rows'][t]:,}" for t in others) +
                  " (csvloop: records − header; DuckDB SUMMARIZE: its `count`, and its rounded "
                  "null_percentage against the generator's).")
                w("")
            for n in ag["notes"]:
                w(f"- {n}")
            for b in ag.get("bad", []):
                w(f"- MISMATCH: {b}")
            w("")
            if ag.get("types"):
                ts = list(ag["types"])
                w("Types each tool inferred (for information; the generator's intent: id integer, "
                  "region string, order_date date, created_at datetime, price number, quantity "
                  "integer, is_gift boolean, zip string with leading zeros, comment/email/category "
                  "string, rating integer):")
                w("")
                w("| column | " + " | ".join(ts) + " |")
                w("|---|" + "---|" * len(ts))
                for c in gen["columns"]:
                    w(f"| {c['name']} | " + " | ".join(str(ag["types"][t].get(c["name"], "?")) for t in ts) + " |")
                w("")

    w("## Commands")
    w("")
    w("Run by `tests/bench/run.sh`, each under `/usr/bin/time -v timeout "
      f"{a.timeout}` (FILE is `tests/bench/data/bench-SIZE-s{a.seed}-{a.genv}.csv`):")
    w("")
    w("```")
    w(f"data/gen SIZE_BYTES {a.seed} > FILE 2> FILE.counts.json")
    for tool, _ in TOOLS:
        if tool in cmds:
            size, cmd = cmds[tool]
            cmd = cmd.replace(os.path.dirname(os.path.abspath(__file__)) + "/", "tests/bench/")
            if a.build:
                cmd = cmd.replace(a.build.rstrip("/") + "/", "build/")
            for s in sizes:
                cmd = cmd.replace(f"tests/bench/data/bench-{s}-s{a.seed}-{a.genv}.csv", "FILE")
            w(cmd)
    w("```")
    w("")
    w("## Notes")
    w("")
    w("- Nulls: the generator writes nulls only as the empty field, `NA` and `NULL`, and no "
      "other value is ever one of pandas' na_values. pandas (default na_values) and vi-stats "
      "`--nulls pandas` treat all three as null with no option; DuckDB's read_csv treats only "
      "the empty field as NULL unless told, so both DuckDB queries pass "
      "`nullstr = ['', 'NA', 'NULL']`; mlr summary's `null_count` counts empty values only and "
      "has no option for tokens, so it is checked against the empty-only count.")
    w("- DuckDB and pandas times include starting node/python and loading the library; that "
      "fixed cost is measured separately (duckdb-startup, pandas-startup) and subtracted in the "
      "DuckDB and pandas targets, which makes those targets harder for vi-stats, not easier. "
      "DuckDB uses both cores (its default); pandas and mlr one.")
    w("- mlr summary's memory grows with the input (it keeps every distinct value of every "
      "column; see its peak RSS) and it is slow: on the largest size it runs once, with the "
      "same timeout, under an address-space cap (`ulimit -v`, in KiB) so that it fails "
      "rather than pushes a shared machine into the OOM killer.")
    w("- csvloop counts the header as a record; the agreement table subtracts it.")
    w("")
    with open(a.out, "w") as f:
        f.write("\n".join(L))


if __name__ == "__main__":
    sys.exit(main())
