"""compare(shards=) and profile(parts=), run here and on a real Dask cluster
(distributed.LocalCluster on loopback: two worker processes), against the
single-machine answers, byte for byte; a worker killed in the middle of a
task; a task that fails.  The cluster tests are skipped, saying why, only
when ``distributed`` cannot be imported."""

import csv
import inspect
import json
import logging
import multiprocessing
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

import viewerit_core as vc
from helpers import EXTRACTS, ToolTest, alive, children
from test_compare import KEY, gen_files

try:
    import distributed
    NO_DISTRIBUTED = None
except ImportError as e:       # another interpreter than Debian's python3
    distributed = None
    NO_DISTRIBUTED = "distributed cannot be imported by %s (%s): the Dask tests need " \
                     "python3-distributed (make check runs /usr/bin/python3)" % (sys.executable, e)


def canon(obj):
    """JSON text with the keys in order: equal texts, equal answers."""
    return json.dumps(obj, sort_keys=True, ensure_ascii=False)


def quoted_spans(data):
    """[(start, end)] of the quoted fields of CSV bytes (quote to quote)."""
    spans, start, i = [], None, 0
    while i < len(data):
        if data[i] == 0x22:
            if start is None:
                start = i
            elif data[i + 1:i + 2] == b'"':
                i += 1              # a doubled quote inside the field
            else:
                spans.append((start, i))
                start = None
        i += 1
    return spans


def gen_multiline(test, rows=600, seed=12):
    """A CSV file whose quoted notes hold newlines (and doubled quotes), most
    of its bytes inside them; numbers, dates, nulls.  Returns its path."""
    rnd = random.Random(seed)
    path = test.path("multi.csv")
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "amount", "day", "note", "flag"])
        for i in range(rows):
            note = "\n".join("l%d %s" % (j, "x" * rnd.randint(10, 60)) for j in range(rnd.randint(2, 8)))
            if rnd.random() < 0.2:
                note += ' "q" ,'
            w.writerow([str(i), "%.3f" % rnd.uniform(-500, 500) if rnd.random() > 0.1 else "",
                        "2024-%02d-%02d" % (rnd.randint(1, 12), rnd.randint(1, 28)), note,
                        rnd.choice(["true", "false", "NA"])])
    return path


def boundaries_in_newline_fields(path, parts):
    """The part boundaries (vi-stats --part: size*k/n) that fall inside a
    quoted field with a newline both before and after them."""
    with open(path, "rb") as f:
        data = f.read()
    spans = quoted_spans(data)
    hits = []
    for k in range(1, parts):
        b = len(data) * k // parts
        for s, e in spans:
            if s < b <= e and b"\n" in data[s:b] and b"\n" in data[b:e]:
                hits.append(b)
    return hits


def assert_same(test, a, b):
    """Comparisons a and b give the same summary, Venn regions, matrix and
    changed keys, in the same order."""
    test.assertEqual(canon(a.summary), canon(b.summary))
    test.assertEqual(a.venn(), b.venn())
    test.assertEqual(list(a.matrix()), list(b.matrix()))
    test.assertEqual(list(a.matrix(missing=True)), list(b.matrix(missing=True)))
    test.assertEqual(list(a.changed()), list(b.changed()))
    test.assertEqual((a.names, a.key_names), (b.names, b.key_names))


class Local(ToolTest):
    """The sharded plans without a cluster: subprocesses here."""

    def test_compare_shards_generated(self):
        """compare(shards=3) over 4 generated files = compare(), summary, matrix, changed"""
        paths = gen_files(self, n=4, pool=500, seed=21)
        names = ["a", "b", "c", "d"]
        with vc.compare(paths, KEY, names=names) as one, \
                vc.compare(paths, KEY, names=names, shards=3, jobs=2, budget="1M") as sh:
            self.assertEqual((one.shards, sh.shards), (1, 3))
            assert_same(self, one, sh)
            self.assertGreater(one["changed"], 5)
        self.assertClean()

    def test_compare_shards_extracts(self):
        """the bundled extracts with 1, 2 and 7 shards (some of them empty), default names"""
        with vc.compare(EXTRACTS, KEY) as one:
            for n in (1, 2, 7):
                with vc.compare(EXTRACTS, KEY, shards=n, workdir=self.path(".")) as sh:
                    self.assertTrue(sh._tmpdir.startswith(self.dir))
                    assert_same(self, one, sh)
        self.assertEqual(sorted(os.listdir(self.dir)), ["scratch"])
        self.assertClean()

    def test_matrix_early_break_shards(self):
        """leaving a sharded matrix() early stops every shard's vi-presence"""
        with vc.compare(EXTRACTS, KEY, shards=3) as c:
            it = c.matrix()
            next(it)
            self.assertEqual(len(children()), 3)
            it.close()
            self.assertEqual(children(), [])
        self.assertClean()

    def test_profile_parts(self):
        """profile(parts=3) = profile(), with quoted newlines across the boundaries"""
        path = gen_multiline(self)
        self.assertEqual(len(boundaries_in_newline_fields(path, 3)), 2)
        whole = vc.profile(path)
        self.assertEqual(whole["rows"], 600)
        self.assertEqual(canon(vc.profile(path, parts=3)), canon(whole))
        self.assertEqual(canon(vc.profile(path, parts=3, jobs=1, block_size="4K")),
                         canon(vc.profile(path, block_size="4K")))
        self.assertEqual(canon(vc.profile(EXTRACTS[0], parts=5, nulls="empty")),
                         canon(vc.profile(EXTRACTS[0], nulls="empty")))
        self.assertClean()

    def test_arguments(self):
        """bad shards or parts, a client without workdir, limit with parts: ValueError"""
        for bad in (0, -1, 1.5, True, "3"):
            with self.assertRaises(ValueError):
                vc.compare(EXTRACTS, KEY, shards=bad)
            with self.assertRaises(ValueError):
                vc.profile(EXTRACTS[0], parts=bad)
        with self.assertRaises(ValueError):
            vc.compare(EXTRACTS, KEY, shards=2, client=object())
        with self.assertRaises(ValueError):
            vc.profile(EXTRACTS[0], parts=2, client=object())
        with self.assertRaises(ValueError):
            vc.profile(EXTRACTS[0], parts=2, limit=5)
        self.assertClean()

    def test_failures_local(self):
        """a missing file or a malformed one in a sharded run: ToolError, nothing left"""
        with self.assertRaises(vc.ToolError) as cm:
            vc.compare([EXTRACTS[0], self.path("nope.csv")], KEY, shards=2)
        self.assertEqual((cm.exception.tool, cm.exception.status), ("vi-keys", 66))
        self.assertClean()
        bad = self.write("bad.csv", 'a,b\n1,"2\n')
        with self.assertRaises(vc.ToolError) as cm:
            vc.profile(bad, parts=2)
        self.assertEqual((cm.exception.tool, cm.exception.status), ("vi-stats", 65))
        self.assertClean()

    def test_no_distributed_import(self):
        """the package never imports distributed (nor dask) without a client"""
        code = ("import sys, viewerit_core as vc\n"
                "c = vc.compare(sys.argv[1:], 'region,date,id', shards=2); c.close()\n"
                "vc.profile(sys.argv[1], parts=2)\n"
                "print(sorted(m for m in sys.modules if m.split('.')[0] in ('distributed', 'dask')))\n")
        env = dict(os.environ, PYTHONPATH=os.path.dirname(os.path.dirname(vc.__file__)))
        out = subprocess.run([sys.executable, "-c", code] + EXTRACTS, env=env, check=True,
                             stdout=subprocess.PIPE, universal_newlines=True).stdout
        self.assertEqual(out, "[]\n")


# A vi-keys (vi-stats) that, the first time it runs anywhere, writes part of
# its output, then kills the worker process that started it (its parent)
# and dies: the scheduler must run the task again on a worker.
KILLER = '''if mkdir "%(marker)s" 2>/dev/null; then
  echo $PPID >"%(marker)s/pid"
  "@REAL@/%(tool)s" "$@" | head -c 100
  kill -KILL $PPID
  exit 1
fi
exec "@REAL@/%(tool)s" "$@"'''


@unittest.skipIf(distributed is None, NO_DISTRIBUTED)
class OnDask(ToolTest):
    """A real cluster: distributed.LocalCluster, two worker processes of one
    thread each on 127.0.0.1, started once for the class."""

    @classmethod
    def setUpClass(cls):
        cls.space = tempfile.mkdtemp(prefix="vi-pytest-dask-")
        extra = {}
        if "extensions" in inspect.signature(distributed.Worker).parameters:
            # No worker extensions (pubsub, shuffle): nothing here uses them, and the
            # shuffle one of distributed 2022.12 fails an assertion when a restarted
            # worker closes, printing a traceback at the end.
            extra["extensions"] = {}
        cls.cluster = distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
            host="127.0.0.1", local_directory=cls.space, silence_logs=logging.CRITICAL, **extra)
        cls.client = distributed.Client(cls.cluster)

    @classmethod
    def tearDownClass(cls):
        cls.client.close()
        cls.cluster.close()
        # A worker the nanny was restarting when the cluster closed (after
        # test_worker_killed, on a loaded machine) can outlive close():
        # end and reap it, so later tests see no child of ours.
        for p in multiprocessing.active_children():
            p.terminate()
        for p in multiprocessing.active_children():
            p.join(10)
        shutil.rmtree(cls.space, ignore_errors=True)

    def setUp(self):
        super().setUp()
        self.client.wait_for_workers(2, timeout=30)
        self.work = self.path("work")
        os.mkdir(self.work)

    def assertWorkClean(self):
        self.assertEqual(os.listdir(self.work), [], "files left in the workdir")
        self.assertEqual(os.listdir(self.scratch), [], "temporary files left")

    def test_compare_on_cluster(self):
        """compare(shards=3, client=) over 4 generated files = compare(), byte for byte"""
        paths = gen_files(self, n=4, pool=500, seed=21)
        names = ["a", "b", "c", "d"]
        with vc.compare(paths, KEY, names=names) as one, \
                vc.compare(paths, KEY, names=names, shards=3, client=self.client,
                           workdir=self.work) as sh:
            self.assertEqual(sh.shards, 3)
            self.assertEqual(os.path.dirname(sh._tmpdir), self.work)
            assert_same(self, one, sh)
        self.assertWorkClean()

    def test_compare_default_shards(self):
        """compare(client=) without shards: one shard per worker thread, default names"""
        with vc.compare(EXTRACTS, KEY) as one, \
                vc.compare(EXTRACTS, KEY, client=self.client, workdir=self.work) as sh:
            self.assertEqual(sh.shards, 2)
            assert_same(self, one, sh)
        self.assertWorkClean()

    def test_profile_on_cluster(self):
        """profile(parts=3, client=) = profile(), quoted newlines across the boundaries, relative path"""
        path = gen_multiline(self)
        self.assertEqual(len(boundaries_in_newline_fields(path, 3)), 2)
        cwd = os.getcwd()
        os.chdir(self.dir)
        try:
            rel = os.path.basename(path)
            whole = vc.profile(rel, block_size="4K")
            got = vc.profile(rel, parts=3, block_size="4K", client=self.client, workdir=self.work)
        finally:
            os.chdir(cwd)
        self.assertEqual(whole["file"], rel)
        self.assertEqual(canon(got), canon(whole))
        self.assertWorkClean()

    def test_worker_killed(self):
        """a worker killed in the middle of a task: the task runs again, the answers are exact"""
        paths = gen_files(self, n=3, pool=300, seed=5)
        mpath = gen_multiline(self, rows=300)
        with vc.compare(paths, KEY) as one:
            want = (canon(one.summary), list(one.matrix()), list(one.changed()))
        whole = canon(vc.profile(mpath))
        kmark, smark = self.path("killed-keys"), self.path("killed-stats")
        self.fake_bin(vi_keys=KILLER % {"marker": kmark, "tool": "vi-keys"},
                      vi_stats=KILLER % {"marker": smark, "tool": "vi-stats"})
        with vc.compare(paths, KEY, shards=3, client=self.client, workdir=self.work) as sh:
            self.assertEqual((canon(sh.summary), list(sh.matrix()), list(sh.changed())), want)
        self.client.wait_for_workers(2, timeout=30)
        got = vc.profile(mpath, parts=3, client=self.client, workdir=self.work)
        self.assertEqual(canon(got), whole)
        for m in (kmark, smark):
            with open(os.path.join(m, "pid")) as f:
                pid = int(f.read())
            deadline = time.monotonic() + 10
            while alive(pid) and time.monotonic() < deadline:
                time.sleep(0.05)
            self.assertFalse(alive(pid), "the worker was not killed")
        self.assertWorkClean()

    def test_task_fails(self):
        """a tool failing in a task: its ToolError here, the other tasks cancelled, nothing left"""
        with self.assertRaises(vc.ToolError) as cm:
            vc.compare([EXTRACTS[0], self.path("nope.csv")], KEY, shards=2,
                       client=self.client, workdir=self.work)
        self.assertEqual((cm.exception.tool, cm.exception.status), ("vi-keys", 66))
        self.assertIn("nope.csv", cm.exception.stderr)
        bad = self.write("bad.csv", 'a,b\n1,"2\n')
        with self.assertRaises(vc.ToolError) as cm:
            vc.profile(bad, parts=2, client=self.client, workdir=self.work)
        self.assertEqual((cm.exception.tool, cm.exception.status), ("vi-stats", 65))
        self.assertWorkClean()


if __name__ == "__main__":
    unittest.main()
