"""dask_bench.py - issue 9's benchmark: viewerit_core.compare() and profile()
on a 2-worker distributed.LocalCluster against the same calls run here (see
dask-bench.sh, which drives it).  Runs under Debian's /usr/bin/python3 (it
has dask and distributed).

    dask_bench.py drive --data D --size S --runs N --run RUN --bin BIN
    dask_bench.py one MODE --data D --out FILE      (one local call, a child)
    dask_bench.py report --run RUN --sizes "100M 1G" --out RESULTS-dask.md

drive: runs N rounds; in every round, in this order,
  compare-local      compare([a,b,c], "code,id") + summary + venn, here
  compare-shards2    the same with shards=2, here (no client)
  cluster-compare2   the same with shards=2 on the cluster
  cluster-compare4   shards=4 on the cluster
  profile-local      profile(a.csv)
  profile-parts2     profile(a.csv, parts=2), here (no client)
  cluster-profile2   profile(a.csv, parts=2, client=...)
  cluster-profile4   parts=4 on the cluster
so that a change of the machine's load touches every variant alike.  The
local variants run as a child (``one``) under /usr/bin/time -v (its peak
RSS: the largest process, Python or tool); the cluster variants run in this
process, whose cluster (LocalCluster(n_workers=2, threads_per_worker=1,
processes=True, dashboard_address=None)) is started once, its start-up
timed apart.  For every run: the call's own wall time (measured around the
call, so Python's start-up is not in it, in both cases), the CPU of the
whole process tree (workers, nannies and tools included), the CPU the rest
of the machine used meanwhile, the peak RSS, and the check of the answer
against the local one (canonical JSON) and against gen3's expect.json.
After the timed rounds, one more run of each cluster variant, instrumented
(a spy on the client, the task stream, the sizes of the files in the
workdir), gives the work-split table; it is not timed.
"""

import argparse
import json
import os
import pickle
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "python"))
import viewerit_core as vc   # noqa: E402

KEY = "code,id"
HZ = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")
LOCAL = ("compare-local", "compare-shards2", "profile-local", "profile-parts2")
CLUSTER = ("cluster-compare2", "cluster-compare4", "cluster-profile2", "cluster-profile4")
ORDER = ("compare-local", "compare-shards2", "cluster-compare2", "cluster-compare4",
         "profile-local", "profile-parts2", "cluster-profile2", "cluster-profile4")
CALLS = {
    "compare-local": "compare([a,b,c], 'code,id'); .summary, .venn(); close()",
    "compare-shards2": "compare([a,b,c], 'code,id', shards=2, workdir=W) (no client)",
    "cluster-compare2": "compare([a,b,c], 'code,id', shards=2, client=C, workdir=W)",
    "cluster-compare4": "compare([a,b,c], 'code,id', shards=4, client=C, workdir=W)",
    "profile-local": "profile(a.csv)  (one vi-stats, its default threads: 2)",
    "profile-parts2": "profile(a.csv, parts=2, workdir=W) (no client)",
    "cluster-profile2": "profile(a.csv, parts=2, client=C, workdir=W)",
    "cluster-profile4": "profile(a.csv, parts=4, client=C, workdir=W)",
}


def canon(obj):
    return json.dumps(obj, sort_keys=True, ensure_ascii=False)


def files_of(data):
    return [os.path.join(data, f + ".csv") for f in "abc"]


def do_compare(data, shards=None, client=None, workdir=None, spy=None):
    """The compare job; returns (answer text, extra): the summary as
    canonical JSON plus the Venn regions; extra holds the sizes of the
    Comparison's files when ``spy`` is given."""
    extra = {}
    with vc.compare(files_of(data), KEY, shards=shards, client=client, workdir=workdir) as c:
        venn = {"".join(sorted(k)): v for k, v in c.venn().items()}
        if spy is not None:
            extra["files"] = dir_sizes(c._tmpdir)
        text = canon({"summary": c.summary, "venn": venn})
    return text, extra


def do_profile(data, parts=None, client=None, workdir=None):
    return canon(vc.profile(os.path.join(data, "a.csv"), parts=parts, client=client,
                            workdir=workdir)), {}


def dir_sizes(top):
    out = {}
    for d, _, fs in os.walk(top):
        for f in fs:
            p = os.path.join(d, f)
            out[os.path.relpath(p, top)] = os.path.getsize(p)
    return out


def check(text, mode, expect):
    """The answer against gen3's expect.json (compare) or the row count (profile)."""
    obj = json.loads(text)
    if "profile" in mode:
        return obj.get("rows") == expect["per_file"][0]["records"]
    venn = {k: v for k, v in obj["venn"].items()}
    want = {k: v for k, v in expect["venn"].items() if v}
    s = obj["summary"]
    return venn == want and s.get("keys") == expect["keys"] and s.get("changed") == expect["changed"]


# ---- the time ClientRunner.cancel() takes (timed only, behaviour unchanged) ----
# compare() and profile() cancel their futures in a finally clause, after a
# successful gather too; with distributed 2022.12 the scheduler's
# _cancel_key waits (up to 1 s, polling every 0.1 s) for a key that the
# cancel of the key it depends on has already released.

CANCEL = [0.0]


def timed_cancel(orig):
    def cancel(self):
        t = time.monotonic()
        try:
            return orig(self)
        finally:
            CANCEL[0] += time.monotonic() - t
    return cancel


vc._tasks.ClientRunner.cancel = timed_cancel(vc._tasks.ClientRunner.cancel)


# ---- the process tree: CPU, peak RSS ---------------------------------------

def children(pid):
    out = []
    try:
        for t in os.listdir("/proc/%d/task" % pid):
            with open("/proc/%d/task/%s/children" % (pid, t)) as f:
                out += [int(x) for x in f.read().split()]
    except OSError:
        pass
    return out


def tree(pid):
    todo, seen = [pid], []
    while todo:
        p = todo.pop()
        seen.append(p)
        todo += children(p)
    return seen


def cpu_jiffies(pid):
    """utime+stime+cutime+cstime: the process and the children it has reaped."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            v = f.read().rsplit(")", 1)[1].split()
        return sum(int(x) for x in v[11:15])
    except (OSError, IndexError):
        return 0


def tree_cpu(pid):
    return sum(cpu_jiffies(p) for p in tree(pid))


def busy_jiffies():
    with open("/proc/stat") as f:
        v = f.readline().split()
    return sum(int(v[i]) for i in (1, 2, 3, 6, 7, 8))


def hwm_kb(pid):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


class RssSampler(threading.Thread):
    """Samples VmHWM (each process's own peak) of every process of the tree
    every 0.1 s: the largest one process reached, and the largest sum of
    resident sets (VmRSS) at one sample."""

    def __init__(self, pid):
        super().__init__(daemon=True)
        self.pid, self.stop_ev = pid, threading.Event()
        self.max_one = self.max_sum = 0

    def run(self):
        while not self.stop_ev.is_set():
            total = 0
            for p in tree(self.pid):
                self.max_one = max(self.max_one, hwm_kb(p))
                try:
                    with open("/proc/%d/statm" % p) as f:
                        total += int(f.read().split()[1]) * PAGE // 1024
                except (OSError, IndexError):
                    pass
            self.max_sum = max(self.max_sum, total)
            self.stop_ev.wait(0.1)

    def stop(self):
        self.stop_ev.set()
        self.join()


# ---- the spy: what goes through the scheduler -------------------------------

class Spy:
    """Stands for a distributed.Client in compare()/profile(): forwards
    submit/gather/cancel/nthreads and records, per task, the pickled size of
    what is submitted (function reference and arguments, futures left out),
    and per gathered result its pickled size (a gather from outside the
    cluster goes through the scheduler)."""

    def __init__(self, client):
        import distributed
        self.c, self.Future = client, distributed.Future
        self.submitted, self.gathered = [], []

    def submit(self, fn, *args, **kw):
        plain = tuple(a for a in args if not isinstance(a, self.Future))
        f = self.c.submit(fn, *args, **kw)
        self.submitted.append(dict(fn=fn.__name__, key=f.key, args=plain,
                                   spec_bytes=len(pickle.dumps((fn, plain))),
                                   deps=len(args) - len(plain)))
        return f

    def gather(self, futures):
        self.t_gather = time.time()
        res = self.c.gather(futures)
        self.t_gathered = time.time()
        for f, r in zip(futures, res):
            e = dict(key=f.key, result_bytes=len(pickle.dumps(r)))
            if isinstance(r, str) and os.path.isfile(r):
                e["file_bytes"] = os.path.getsize(r)     # a state, before profile() removes it
            self.gathered.append(e)
        return res

    def cancel(self, futures):
        return self.c.cancel(futures)

    def nthreads(self):
        return self.c.nthreads()


def split_run(client, mode, data, work, n):
    """One instrumented, untimed run of a cluster variant: the tasks per
    stage, the bytes they read, return and write."""
    from distributed import get_task_stream
    spy = Spy(client)
    CANCEL[0] = 0.0
    t0 = time.time()
    with get_task_stream(client) as ts:
        if "compare" in mode:
            text, extra = do_compare(data, shards=n, client=spy, workdir=work, spy=spy)
        else:
            text, extra = do_profile(data, parts=n, client=spy, workdir=work)
    t1 = time.time()
    stream = {}
    for rec in ts.data:
        comp = [s for s in rec.get("startstops", ()) if s.get("action") == "compute"]
        if comp:
            stream[rec["key"]] = dict(start=comp[0]["start"], stop=comp[-1]["stop"],
                                      worker=rec.get("worker"), nbytes=rec.get("nbytes"))
    got = {g["key"]: g for g in spy.gathered}
    files = extra.get("files", {})
    tasks = []
    for s in spy.submitted:
        t = dict(fn=s["fn"], spec_bytes=s["spec_bytes"], deps=s["deps"])
        a = s["args"]
        if s["fn"] == "shard_keys_task":        # bindir, cwd, path, key, shard, shards, out, budget
            t["input_bytes"] = os.path.getsize(a[2])
            rel = os.path.relpath(a[6], os.path.dirname(os.path.dirname(a[6])))
            t["written_bytes"] = files.get(rel, 0)
            t["w2w_bytes"] = len(pickle.dumps(a[6]))   # its result, the path, to the summary task
        elif s["fn"] == "shard_summary_task":   # bindir, shard_dir, names_args, streams
            shard = os.path.basename(a[1])
            t["input_bytes"] = sum(files.get(os.path.join(shard, x), 0) for x in a[3])
            t["written_bytes"] = 0
        elif s["fn"] == "stats_part_task":      # bindir, cwd, path, part, parts, opts, out
            size = os.path.getsize(a[2])
            k, parts = a[3], a[4]
            t["input_bytes"] = size * k // parts - size * (k - 1) // parts
        g = got.get(s["key"])
        if g is not None:
            t["result_bytes"] = g["result_bytes"]
            if "file_bytes" in g:
                t["written_bytes"] = g["file_bytes"]
        st = stream.get(s["key"])
        if st is not None:
            t["compute_s"] = st["stop"] - st["start"]
            t["start"], t["stop"] = st["start"] - t0, st["stop"] - t0
            t["nbytes"] = st["nbytes"]
            t["worker"] = st["worker"]
        tasks.append(t)
    here = {k: v for k, v in files.items() if k.startswith("summary-")}
    return dict(mode=mode, n=n, wall=t1 - t0, text=text, tasks=tasks,
                gather_called=spy.t_gather - t0, gathered=spy.t_gathered - t0, cancel=CANCEL[0],
                driver_files=here, first_start=min((t.get("start", 1e9) for t in tasks)),
                last_stop=max((t.get("stop", 0) for t in tasks)))


# ---- modes -------------------------------------------------------------------

def one(args):
    """A local call in this (child) process: prints its wall time; the
    answer goes to --out."""
    t0 = time.monotonic()
    if args.mode == "compare-local":
        text, _ = do_compare(args.data)
    elif args.mode == "compare-shards2":
        text, _ = do_compare(args.data, shards=2, workdir=args.work)
    elif args.mode == "profile-local":
        text, _ = do_profile(args.data)
    elif args.mode == "profile-parts2":
        text, _ = do_profile(args.data, parts=2, workdir=args.work)
    else:
        sys.exit("unknown mode %s" % args.mode)
    t1 = time.monotonic()
    with open(args.out, "w", encoding="utf-8") as f:
        f.write(text)
    print(json.dumps({"call_s": t1 - t0}))


def time_v(path):
    out = {}
    with open(path) as f:
        for line in f:
            k, _, v = line.strip().rpartition(": ")
            out[k] = v
    return out


def drive(args):
    import logging
    import distributed
    run, size = args.run, args.size
    os.makedirs(run, exist_ok=True)
    work = os.path.join(run, "work")
    os.makedirs(work, exist_ok=True)
    with open(os.path.join(args.data, "expect.json")) as f:
        expect = json.load(f)
    res = open(os.path.join(run, "results.tsv"), "a")
    ref = {}              # "compare" / "profile" -> the local answer
    me = os.getpid()

    def record(mode, i, call, proc_wall, cpu, rss_one, rss_sum, busy, rc, text, cancel=0.0):
        kind = "compare" if "compare" in mode else "profile"
        if mode in ("compare-local", "profile-local") and kind not in ref and rc == 0:
            ref[kind] = text
            with open(os.path.join(run, "answer-%s-%s.json" % (size, kind)), "w") as f:
                f.write(text)
        same = int(rc == 0 and text == ref.get(kind))
        good = int(rc == 0 and check(text, mode, expect))
        res.write("%s\t%s\t%d\t%.3f\t%.3f\t%.2f\t%d\t%d\t%.2f\t%d\t%d\t%d\t%.3f\n" % (
            size, mode, i, call, proc_wall, cpu, rss_one, rss_sum, busy, rc, same, good, cancel))
        res.flush()
        print("dask-bench: %-5s %-17s run %d/%d call %7.2fs cpu %6.1fs rss %7d KB others %5.1fs"
              " same=%d expect=%d rc=%d" % (size, mode, i, args.runs, call, cpu, rss_one,
                                           max(0.0, busy - cpu), same, good, rc),
              file=sys.stderr, flush=True)

    def local(mode, i):
        out = os.path.join(run, "out-%s-%s" % (size, mode))
        tf = os.path.join(run, "time.txt")
        b0, t0 = busy_jiffies(), time.monotonic()
        p = subprocess.run(["/usr/bin/time", "-v", "-o", tf, sys.executable, __file__, "one",
                            mode, "--data", args.data, "--work", work, "--out", out],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           universal_newlines=True)
        t1, b1 = time.monotonic(), busy_jiffies()
        tv = time_v(tf)
        cpu = float(tv.get("User time (seconds)", 0)) + float(tv.get("System time (seconds)", 0))
        rss = int(tv.get("Maximum resident set size (kbytes)", 0))
        if p.returncode != 0:
            print(p.stderr[-2000:], file=sys.stderr)
            record(mode, i, 0, t1 - t0, cpu, rss, 0, (b1 - b0) / HZ, p.returncode, "")
            return
        call = json.loads(p.stdout.strip().splitlines()[-1])["call_s"]
        with open(out, encoding="utf-8") as f:
            text = f.read()
        record(mode, i, call, t1 - t0, cpu, rss, 0, (b1 - b0) / HZ, 0, text)

    def on_cluster(mode, i):
        n = int(mode[-1])
        sampler = RssSampler(me)
        sampler.start()
        CANCEL[0] = 0.0
        c0, b0, t0 = tree_cpu(me), busy_jiffies(), time.monotonic()
        rc, text = 0, ""
        try:
            if "compare" in mode:
                text, _ = do_compare(args.data, shards=n, client=client, workdir=work)
            else:
                text, _ = do_profile(args.data, parts=n, client=client, workdir=work)
        except Exception as e:            # recorded as a failed run
            print("dask-bench: %s failed: %r" % (mode, e), file=sys.stderr)
            rc = 1
        t1, b1, c1 = time.monotonic(), busy_jiffies(), tree_cpu(me)
        sampler.stop()
        record(mode, i, t1 - t0, t1 - t0, (c1 - c0) / HZ, sampler.max_one, sampler.max_sum,
               (b1 - b0) / HZ, rc, text, CANCEL[0])

    space = tempfile.mkdtemp(prefix="dask-space-", dir=run)
    extra = {}
    if "extensions" in __import__("inspect").signature(distributed.Worker).parameters:
        extra["extensions"] = {}   # as python/tests/test_dask.py: no pubsub/shuffle extensions
    b0, c0, t0 = busy_jiffies(), tree_cpu(me), time.monotonic()
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=None, host="127.0.0.1",
                                       local_directory=space, silence_logs=logging.ERROR,
                                       **extra)
    client = distributed.Client(cluster)
    client.wait_for_workers(2)
    t1, b1, c1 = time.monotonic(), busy_jiffies(), tree_cpu(me)
    with open(os.path.join(run, "startup-%s.json" % size), "w") as f:
        json.dump(dict(startup_s=t1 - t0, cpu_s=(c1 - c0) / HZ, busy_s=(b1 - b0) / HZ,
                       nthreads=client.nthreads(), dask=__import__("dask").__version__,
                       distributed=distributed.__version__,
                       python=sys.version.split()[0]), f)
    print("dask-bench: cluster start-up %.2f s (CPU %.1f s)" % (t1 - t0, (c1 - c0) / HZ),
          file=sys.stderr, flush=True)
    try:
        # A warm-up task on each worker (imports viewerit_core there), untimed:
        # the first task of a fresh worker pays the import.
        client.run(lambda: __import__("viewerit_core") and None)
        modes = [m for m in ORDER if m in args.modes.split(",")]
        for i in range(1, args.runs + 1):
            for mode in modes:
                (local if mode in LOCAL else on_cluster)(mode, i)
        splits = []
        for mode in modes:
            if mode in CLUSTER:
                s = split_run(client, mode, args.data, work, int(mode[-1]))
                kind = "compare" if "compare" in mode else "profile"
                s["same"] = s.pop("text") == ref.get(kind)
                splits.append(s)
        with open(os.path.join(run, "split-%s.json" % size), "w") as f:
            json.dump(splits, f, indent=1)
        left = os.listdir(work)
        if left:
            print("dask-bench: files left in %s: %s" % (work, left), file=sys.stderr)
    finally:
        client.close()
        cluster.close()
        shutil.rmtree(space, ignore_errors=True)


# ---- the report ----------------------------------------------------------------

def mb(n):
    return n / 1e6


def report(args):
    run = args.run
    rows = {}
    for line in open(os.path.join(run, "results.tsv")):
        v = line.rstrip("\n").split("\t")
        size, mode = v[0], v[1]
        rows.setdefault((size, mode), []).append(dict(
            call=float(v[3]), wall=float(v[4]), cpu=float(v[5]), rss=int(v[6]),
            rss_sum=int(v[7]), busy=float(v[8]), rc=int(v[9]), same=int(v[10]),
            good=int(v[11]), cancel=float(v[12])))
    mach = dict(l.rstrip("\n").split("\t", 1) for l in open(os.path.join(run, "machine.txt")))
    cmds = open(os.path.join(run, "commands.txt")).read().strip()
    L = []
    w = L.append
    w("# Issue 9: the Dask engine against the local pipeline\n")
    w("Generated by `tests/bench/dask-bench.sh` (driver `tests/bench/dask_bench.py`); "
      "every variant in the same run, on the same files (gen3.c, 3 files, key `code,id`), "
      "from the page cache, the rounds interleaved (one run of every variant per round).\n")
    for k, v in mach.items():
        w("- %s: %s" % (k, v))
    w("\n## Commands\n")
    w("```sh\n%s\n```\n" % cmds)
    w("The calls (`W` a directory under `tests/bench/data/dask-run/`, `C` a "
      "`distributed.Client` of `LocalCluster(n_workers=2, threads_per_worker=1, "
      "processes=True, dashboard_address=None, host='127.0.0.1')`):\n")
    for m in ORDER:
        w("- `%s`: `%s`" % (m, CALLS[m]))
    w("\n*call*: wall time of the call alone (Python's start-up and the cluster's are not in "
      "it, for any variant); *CPU*: user+system of the whole process tree during the call "
      "(Python, tools, and for the cluster variants the scheduler, nannies and workers); "
      "*others*: CPU the rest of the machine used meanwhile (a run with much of it was "
      "disturbed); *peak RSS*: local variants, the largest process (`/usr/bin/time -v` of the "
      "child that makes the call); cluster variants, the largest VmHWM of one process of the "
      "tree, sampled every 0.1 s (a tool's last 0.1 s may be missed), and the largest sum of "
      "resident sets over the tree (*tree RSS*). *same*: runs whose answer (summary + Venn "
      "regions, or the profile, as canonical JSON) equals the local one; *expect*: runs whose "
      "Venn regions, keys and changed keys (compare) or rows (profile) are gen3's.\n")
    sizes = args.sizes.split()
    for size in sizes:
        st = os.path.join(run, "startup-%s.json" % size)
        if not os.path.exists(st):
            continue
        s = json.load(open(st))
        w("## %s per file\n" % size)
        w("Cluster start-up (excluded from every figure below): **%.2f s** wall, %.1f s CPU "
          "(LocalCluster + Client + 2 workers up; dask %s, distributed %s, Python %s).\n"
          % (s["startup_s"], s["cpu_s"], s["dask"], s["distributed"], s["python"]))
        w("| variant | runs | call median (s) | all runs (s) | of which cancel (s) | CPU (s) | peak RSS (MB) | tree RSS (MB) | others (s) | same | expect |")
        w("|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|")
        for m in ORDER:
            r = rows.get((size, m))
            if not r:
                continue
            okr = [x for x in r if x["rc"] == 0]
            w("| %s | %d | %s | %s | %s | %.1f | %.0f | %s | %.1f | %d/%d | %d/%d |%s" % (
                m, len(r), "%.2f" % statistics.median(x["call"] for x in okr) if okr else "n/a",
                " ".join("%.2f" % x["call"] for x in r),
                "%.2f" % statistics.median(x["cancel"] for x in r) if m in CLUSTER else "",
                statistics.median(x["cpu"] for x in r), max(x["rss"] for x in r) / 1024,
                "%.0f" % (max(x["rss_sum"] for x in r) / 1024) if m in CLUSTER else "",
                statistics.median(max(0.0, x["busy"] - x["cpu"]) for x in r),
                sum(x["same"] for x in r), len(r), sum(x["good"] for x in r), len(r),
                "" if len(okr) == len(r) else " FAILED"))
        w("")

        def med(m):
            r = [x["call"] for x in rows.get((size, m), []) if x["rc"] == 0]
            return statistics.median(r) if r else None
        w("Engine overhead, cluster / local (call medians; target: the engine adds at most "
          "25 %, ratio <= 1.25):\n")
        for c, l, l2 in (("cluster-compare2", "compare-local", "compare-shards2"),
                         ("cluster-compare4", "compare-local", "compare-shards2"),
                         ("cluster-profile2", "profile-local", "profile-parts2"),
                         ("cluster-profile4", "profile-local", "profile-parts2")):
            if med(c) is None or med(l) is None:
                continue
            ratio = med(c) / med(l)
            nc = statistics.median(x["call"] - x["cancel"] for x in rows[(size, c)] if x["rc"] == 0)
            paired = [a["call"] / b["call"] for a, b in zip(rows[(size, c)], rows[(size, l)])
                      if a["rc"] == 0 and b["rc"] == 0 and b["call"] > 0]
            w("- %s %.2f s / %s %.2f s = **%.2f** %s; against the same plan run here (%s %.2f s): "
              "%.2f; without the time in cancel() (%.2f s): %.2f and %.2f; round by round "
              "(cluster / local of the same round): %s"
              % (c, med(c), l, med(l), ratio, "PASS" if ratio <= 1.25 else "**FAIL**",
                 l2, med(l2), med(c) / med(l2), nc, nc / med(l), nc / med(l2),
                 " ".join("%.2f" % x for x in paired)))
        w("")
        sp = os.path.join(run, "split-%s.json" % size)
        if os.path.exists(sp):
            w("### How the work splits (%s; one extra instrumented, untimed run per cluster variant)\n" % size)
            w("*input/task*: bytes each task reads (a key task reads its whole file: "
              "`vi-keys --shard K/N` parses every record and keeps its shard's); *spec/task*: "
              "pickled function reference + arguments submitted (through the scheduler); "
              "*result/task*: pickled result (the key tasks' results, a path, go worker to "
              "worker to the summary task; the gathered results, summaries or state paths, "
              "through the scheduler to the client); *written*: bytes written into the workdir "
              "per task; *compute*: the task's compute time on its worker (median, and the "
              "span of the stage from its first start to its last stop).\n")
            w("| variant | stage | tasks | input/task (MB) | spec/task (B) | result/task (B) | written/task (MB) | written total (MB) | compute/task (s) | stage span (s) |")
            w("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
            for s in json.load(open(sp)):
                by = {}
                for t in s["tasks"]:
                    by.setdefault(t["fn"], []).append(t)
                for fn, ts in by.items():
                    def md(k, f=lambda v: v):
                        v = [t[k] for t in ts if k in t and t[k] is not None]
                        return f(statistics.median(v)) if v else None
                    wr = [t.get("written_bytes", 0) for t in ts]
                    starts = [t["start"] for t in ts if "start" in t]
                    stops = [t["stop"] for t in ts if "stop" in t]
                    w("| %s | %s | %d | %.1f | %d | %s | %s | %.1f | %s | %s |" % (
                        s["mode"], fn, len(ts), mb(md("input_bytes") or 0), md("spec_bytes"),
                        "%d" % md("result_bytes") if md("result_bytes") is not None
                        else "%d (worker to worker)" % md("w2w_bytes") if md("w2w_bytes") is not None
                        else "",
                        "%.1f" % mb(statistics.median(wr)), mb(sum(wr)),
                        "%.2f" % md("compute_s") if md("compute_s") is not None else "",
                        "%.2f" % (max(stops) - min(starts)) if starts and stops else ""))
                dr = sum(s["driver_files"].values())
                w("| %s | here: %s | 1 | | | | | %s | | call %.2f: first task starts at %.2f, last ends at %.2f, gather returns at %.2f, cancel() %.2f |" % (
                    s["mode"], "merge-summaries, venn, close" if "compare" in s["mode"] else "vi-stats --merge",
                    "%.3f (summaries)" % mb(dr) if dr else "",
                    s["wall"], s["first_start"], s["last_stop"], s["gathered"], s["cancel"]))
            w("")
    text = "\n".join(L) + "\n"
    with open(args.out, "w", encoding="utf-8") as f:
        f.write(text)
    print(text)


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("one")
    p.add_argument("mode")
    p.add_argument("--data", required=True)
    p.add_argument("--work", required=True)
    p.add_argument("--out", required=True)
    p = sub.add_parser("drive")
    p.add_argument("--data", required=True)
    p.add_argument("--size", required=True)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--run", required=True)
    p.add_argument("--modes", default=",".join(ORDER))
    p = sub.add_parser("report")
    p.add_argument("--run", required=True)
    p.add_argument("--sizes", required=True)
    p.add_argument("--out", required=True)
    a = ap.parse_args()
    {"one": one, "drive": drive, "report": report}[a.cmd](a)


if __name__ == "__main__":
    main()
