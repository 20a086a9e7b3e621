"""compare(), fast_intersect() and Comparison, on the bundled extracts, on
generated files and key lists checked against Python's csv module and set
arithmetic, and on every way a stage can fail."""

import collections
import csv
import gc
import os
import random
import signal
import threading
import time
import unittest

import viewerit_core as vc
from viewerit_core.compare import _escape
from helpers import EXTRACTS, NAMES, ToolTest, alive, children

# tests/pipeline.bats: the bundled comparison with key region,date,id.
SUBSETS = [(["crm"], 2), (["warehouse"], 3), (["crm", "billing"], 2),
           (["billing", "warehouse"], 2), (["crm", "billing", "warehouse"], 22)]
PER_FILE = {"crm": (26, 26, 0, 2), "billing": (27, 26, 1, 0), "warehouse": (27, 27, 0, 3)}
CHANGED = [(("APAC", "2024-03-09", "1008"), ((8,), (6,), (4,))),
           (("APAC", "2024-03-15", "1014"), ((14,), (12,), (10,))),
           (("US", "2024-03-11", "1010"), ((10,), (8,), (6,)))]
KEY = "region,date,id"


def read_rows(path, key=("region", "date", "id")):
    """[(key tuple, rest tuple)] of a CSV file, by Python's csv module."""
    with open(path, newline="", encoding="utf-8") as f:
        r = csv.reader(f)
        head = next(r)
        ki = [head.index(k) for k in key]
        return [(tuple(row[i] for i in ki), tuple(v for i, v in enumerate(row) if i not in ki))
                for row in r]


def expected(tables):
    """Venn regions, matrix and changed keys computed in Python from
    [(key, rest)] per input."""
    n = len(tables)
    where = collections.defaultdict(lambda: [[] for _ in range(n)])
    for i, rows in enumerate(tables):
        for rownum, (k, rest) in enumerate(rows, 1):
            where[k][i].append((rownum, rest))
    venn = collections.Counter()
    matrix, changed = {}, {}
    for k, per in where.items():
        present = tuple(1 if p else 0 for p in per)
        matrix[k] = present
        venn[frozenset(j for j in range(n) if per[j])] += 1
        rests = [set(r for _, r in p) for p in per if p]
        if len(rests) > 1 and any(r != rests[0] for r in rests):
            changed[k] = (present, tuple(tuple(x for x, _ in p) for p in per))
    return dict(venn), matrix, changed


def gen_files(test, n=3, pool=400, seed=7):
    """n CSV files over a pool of keys: some in every file, some in a few,
    duplicates, changed amounts, key fields with commas, quotes and
    newlines.  Returns their paths."""
    rnd = random.Random(seed)
    regions = ["EU", "US", "APAC", 'EU, "west"', "US\nEast", "\u00e9t\u00e9"]
    base = [(rnd.choice(regions), "2024-%02d-%02d" % (rnd.randint(1, 12), rnd.randint(1, 28)),
             str(1000 + i), "%.2f" % rnd.uniform(1, 999)) for i in range(pool)]
    paths = []
    for f in range(n):
        out = []
        for region, date, id_, amount in base:
            if rnd.random() < 0.25:
                continue
            if rnd.random() < 0.05:
                amount = "%.2f" % (float(amount) + f + 1)
            out.append([region, date, id_, "cust " + id_, amount])
            if rnd.random() < 0.02:
                out.append([region, date, id_, "cust " + id_, amount])
        rnd.shuffle(out)
        p = test.path("gen%d.csv" % f)
        with open(p, "w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh, lineterminator="\n")
            w.writerow(["region", "date", "id", "customer", "amount"])
            w.writerows(out)
        paths.append(p)
    return paths


class CompareExamples(ToolTest):
    def test_summary_exact(self):
        """the bundled extracts: the summary of tests/pipeline.bats"""
        with vc.compare(EXTRACTS, KEY, names=NAMES) as c:
            self.assertEqual((c["keys"], c["in_all"], c["changed"], c["differ"]), (31, 22, 3, 12))
            self.assertEqual(c["key_fields"], 3)
            self.assertEqual([(s["files"], s["keys"]) for s in c["subsets"]], SUBSETS)
            self.assertEqual({p["name"]: (p["records"], p["keys"], p["duplicate_keys"], p["unique"])
                              for p in c.summary["per_file"]}, PER_FILE)
            self.assertEqual(c.venn(), {frozenset(f): k for f, k in SUBSETS})
            self.assertEqual(c.names, tuple(NAMES))
            self.assertEqual(c.key_names, ("region", "date", "id"))
        self.assertTrue(c.closed)
        self.assertEqual(c["keys"], 31)      # the summary outlives close()
        self.assertClean()

    def test_default_names(self):
        """without names, the inputs are labelled by their file names"""
        with vc.compare(EXTRACTS, ["region", "date", "id"], jobs=1) as c:
            self.assertEqual(c.names, ("extract_crm", "extract_billing", "extract_warehouse"))
            self.assertEqual(sum(c.venn().values()), 31)
            self.assertEqual(sum(1 for _ in c.matrix()), 31)

    def test_matrix_against_csv(self):
        """matrix(): every key, in order, with the presence Python computes"""
        venn, matrix, changed = expected([read_rows(p) for p in EXTRACTS])
        with vc.compare(EXTRACTS, KEY, names=NAMES) as c:
            rows = list(c.matrix())
            self.assertEqual(dict(rows), matrix)
            self.assertEqual([k for k, _ in rows], sorted(matrix))
            missing = list(c.matrix(missing=True))
            self.assertEqual(dict(missing), {k: p for k, p in matrix.items() if 0 in p})
            self.assertEqual(len(missing), 9)

    def test_changed_exact(self):
        """changed(): the three changed keys of tests/pipeline.bats with their rows"""
        with vc.compare(EXTRACTS, KEY, names=NAMES) as c:
            got = list(c.changed())
        self.assertEqual([(x.key, x.rows) for x in got], CHANGED)
        self.assertTrue(all(x.present == (1, 1, 1) for x in got))
        self.assertClean()

    def test_matrix_frame(self):
        """matrix_frame(): key columns then one 0/1 column per input"""
        try:
            import pandas  # noqa: F401
        except ImportError:
            self.skipTest("pandas is not installed")
        with vc.compare(EXTRACTS, KEY, names=NAMES) as c:
            df = c.matrix_frame()
            m = dict(c.matrix())
        self.assertEqual(list(df.columns), ["region", "date", "id"] + NAMES)
        self.assertEqual(df.shape, (31, 6))
        self.assertEqual([int(df[n].sum()) for n in NAMES], [26, 26, 27])
        self.assertEqual({tuple(r[:3]): tuple(int(x) for x in r[3:]) for r in df.itertuples(index=False)}, m)
        self.assertEqual(df["id"].dtype, object)

    def test_matrix_early_break(self):
        """leaving matrix() early stops vi-presence: no child is left"""
        with vc.compare(EXTRACTS, KEY) as c:
            it = c.matrix()
            next(it)
            self.assertEqual(len(children()), 1)
            it.close()
            self.assertEqual(children(), [])
        self.assertClean()

    def test_close_and_finalizer(self):
        """close() and the finalizer remove the key streams"""
        c = vc.compare(EXTRACTS, KEY)
        self.assertEqual(len(os.listdir(self.scratch)), 1)
        c.close()
        c.close()
        self.assertClean()
        with self.assertRaises(ValueError):
            list(c.matrix())
        c = vc.compare(EXTRACTS, KEY)
        self.assertEqual(len(os.listdir(self.scratch)), 1)
        del c
        gc.collect()
        self.assertClean()

    def test_arguments(self):
        """fewer than two files or bad names: ValueError before any tool runs"""
        with self.assertRaises(ValueError):
            vc.compare(EXTRACTS[:1], KEY)
        with self.assertRaises(ValueError):
            vc.compare(EXTRACTS, KEY, names=["a", "b"])
        with self.assertRaises(ValueError):
            vc.compare(EXTRACTS, KEY, names=["a", "a", "b"])
        with self.assertRaises(ValueError):
            vc.compare(EXTRACTS, KEY, names=["a", "b,c", "d"])
        self.assertClean()


class CompareGenerated(ToolTest):
    def test_generated_against_python(self):
        """generated files (quoted keys, duplicates, changed rows), jobs=1 and 3"""
        paths = gen_files(self)
        venn, matrix, changed = expected([read_rows(p, ("region", "date", "id")) for p in paths])
        names = ["a", "b", "c"]
        for jobs in (1, 3):
            with vc.compare(paths, KEY, names=names, jobs=jobs, budget="1M") as c:
                self.assertEqual(c.venn(), {frozenset(names[j] for j in s): n for s, n in venn.items()})
                self.assertEqual(dict(c.matrix()), matrix)
                self.assertEqual({x.key: (x.present, x.rows) for x in c.changed()}, changed)
                self.assertEqual(c["changed"], len(changed))
                self.assertGreater(len(changed), 5)
        self.assertClean()


class CompareFailures(ToolTest):
    def assertToolError(self, cm, tool, status, text=None):
        e = cm.exception
        self.assertEqual((e.tool, e.status), (tool, status), str(e))
        if text is not None:
            self.assertIn(text, e.stderr)
        self.assertIn(tool, str(e))
        self.assertClean()

    def test_bad_key_column(self):
        """a bad key column: ToolError from vi-keys saying "no such column" """
        with self.assertRaises(vc.ToolError) as cm:
            vc.compare(EXTRACTS, "region,date,idd")
        self.assertToolError(cm, "vi-keys", 64, "no such column: idd")

    def test_missing_file(self):
        """a missing file: ToolError 66 naming it"""
        with self.assertRaises(vc.ToolError) as cm:
            vc.compare([EXTRACTS[0], self.path("nope.csv")], KEY)
        self.assertToolError(cm, "vi-keys", 66, "nope.csv")

    def test_malformed_csv(self):
        """an unterminated quote: ToolError 65"""
        bad = self.write("bad.csv", 'region,date,id\nEU,2024-01-01,"1\n')
        with self.assertRaises(vc.ToolError) as cm:
            vc.compare([EXTRACTS[0], bad], KEY)
        self.assertToolError(cm, "vi-keys", 65)

    def test_killed_producer(self):
        """a vi-keys killed at the end of its run raises, its output file written"""
        self.fake_bin(vi_keys='"@REAL@/vi-keys" "$@" | head -c 300\nkill -KILL $$')
        with self.assertRaises(vc.ToolError) as cm:
            vc.compare(EXTRACTS, KEY)
        self.assertToolError(cm, "vi-keys", -signal.SIGKILL)

    def test_producer_fails_after_whole_stream(self):
        """vi-keys writes a whole stream, then fails: its status is checked too"""
        self.fake_bin(vi_keys='"@REAL@/vi-keys" "$@"\necho "vi-keys: late failure" >&2\nexit 3')
        with self.assertRaises(vc.ToolError) as cm:
            vc.compare(EXTRACTS, KEY)
        self.assertToolError(cm, "vi-keys", 3, "late failure")

    def test_key_job_sorts_itself(self):
        """the key job is one process, vi-keys -s: a vi-sort that fails is never run"""
        want = vc.compare(EXTRACTS, KEY).summary
        self.fake_bin(vi_sort='echo "vi-sort: must not run" >&2\nexit 70')
        self.assertEqual(vc.compare(EXTRACTS, KEY).summary, want)

    def test_bad_budget(self):
        """the budget reaches vi-keys -S: a bad one is its usage error (64)"""
        with self.assertRaises(vc.ToolError) as cm:
            vc.compare(EXTRACTS, KEY, budget="lots")
        self.assertToolError(cm, "vi-keys", 64, "-S: not a size: lots")

    def test_tool_not_found(self):
        """$VIEWERIT_BIN without the tools: ToolError 127"""
        os.environ["VIEWERIT_BIN"] = self.scratch
        with self.assertRaises(vc.ToolError) as cm:
            vc.compare(EXTRACTS, KEY)
        self.assertEqual((cm.exception.tool, cm.exception.status), ("vi-keys", 127))
        self.assertClean()

    def test_keyboard_interrupt(self):
        """Ctrl-C while the key jobs run: children ended and reaped, temp dir gone"""
        pids = self.path("pids")
        self.fake_bin(vi_keys='echo $$ >>"%s"\nexec sleep 30' % pids)
        timer = threading.Timer(0.5, os.kill, (os.getpid(), signal.SIGINT))
        timer.start()
        t0 = time.monotonic()
        try:
            with self.assertRaises(KeyboardInterrupt):
                vc.compare(EXTRACTS, KEY, jobs=2)
        finally:
            timer.cancel()
        self.assertLess(time.monotonic() - t0, 10)
        with open(pids) as f:
            started = [int(x) for x in f.read().split()]
        self.assertEqual(len(started), 2)
        self.assertFalse(any(alive(p) for p in started))
        self.assertClean()


TRICKY = ["plain", "tab\there", "new\nline", "cr\rlf\r\n", "back\\slash", "\\t literal",
          "\\", "\\\\x41", "nul\x00byte", "ctl\x01\x1f\x7f", "caf\u00e9", "\u65e5\u672c",
          "emoji \U0001F600", "", " ", "a\tb\\tc", "x" * 3000, "comma,quote\"", "\u00a0nbsp"]


class FastIntersect(ToolTest):
    def check_sets(self, lists, names=None):
        c = vc.fast_intersect(lists, names=names)
        with c:
            names = list(c.names)
            sets = [set(k if isinstance(k, tuple) else (k,) for k in l) for l in lists]
            everything = set().union(*sets)
            want = collections.Counter(frozenset(names[i] for i, s in enumerate(sets) if k in s)
                                       for k in everything)
            self.assertEqual(c.venn(), dict(want))
            self.assertEqual(c["keys"], len(everything))
            self.assertEqual(c["in_all"], len(set.intersection(*sets)))
            rows = list(c.matrix())
            self.assertEqual({k: p for k, p in rows},
                             {k: tuple(int(k in s) for s in sets) for k in everything})
            # In key stream order: by escaped bytes, field by field.
            order = [k for k, _ in rows]
            self.assertEqual(order, sorted(order, key=lambda k: [_escape(x) for x in k]))
        self.assertClean()
        return c

    def test_tricky_keys(self):
        """tabs, newlines, backslashes, control bytes, non-ASCII: as Python's sets say"""
        rnd = random.Random(3)
        a = TRICKY + ["k%d" % i for i in range(300)]
        b = TRICKY[::2] + ["k%d" % i for i in range(150, 450)] + ["only b\n"]
        c = [rnd.choice(a + b) for _ in range(200)] + ["\u00e9t\u00e9\t\\"]
        self.check_sets([a, b, c])

    def test_tuples(self):
        """composite keys as tuples"""
        a = [("EU", "1"), ("EU", "2"), ("US\t", "1"), ("a\\", "\n")]
        b = [("EU", "2"), ("US\t", "1"), ("a\\", "\n"), ("a", "\\\n")]
        cmp = self.check_sets([a, b])
        self.assertEqual(cmp["key_fields"], 2)
        self.assertEqual(cmp.key_names, ("key1", "key2"))

    def test_subsets_and_mapping(self):
        """fast_intersect(mapping)["subsets"], names from the mapping"""
        r = vc.fast_intersect({"x": ["1", "2", "3"], "y": ["2", "3", "4"]})
        self.assertEqual(r["subsets"], [{"files": ["x"], "keys": 1}, {"files": ["y"], "keys": 1},
                                        {"files": ["x", "y"], "keys": 2}])
        self.assertIsNone(r["changed"])
        r.close()
        self.assertClean()

    def test_generator_and_duplicates(self):
        """generators are streamed; duplicates are counted, not collapsed"""
        n = 60000
        a = ("%07d" % i for i in range(n))
        b = ("%07d" % (i // 2) for i in range(0, 2 * n, 3))
        with vc.fast_intersect([a, b], names=["a", "b"], budget="2M") as r:
            pa, pb = r["per_file"]
            self.assertEqual((pa["records"], pa["keys"], pa["duplicate_keys"]), (n, n, 0))
            bs = {i // 2 for i in range(0, 2 * n, 3)}
            self.assertEqual((pb["records"], pb["keys"]), (len(range(0, 2 * n, 3)), len(bs)))
            self.assertEqual(r["in_all"], len([x for x in bs if x < n]))
        self.assertClean()

    def test_empty_lists(self):
        """empty lists are complete empty inputs, not failures"""
        self.check_sets([[], ["a", "b"], ["b"]])
        r = vc.fast_intersect([[], []])
        self.assertEqual((r["keys"], r["subsets"]), (0, []))
        r.close()
        self.assertClean()

    def test_bytes_not_utf8(self):
        """bytes keys that are not UTF-8 come back as surrogate escapes"""
        with vc.fast_intersect([[b"\xff\xfe", b"ok"], [b"\xff\xfe"]]) as r:
            keys = [k for k, _ in r.matrix()]
        self.assertEqual(keys, [("ok",), (b"\xff\xfe".decode("utf-8", "surrogateescape"),)])

    def test_bad_keys(self):
        """a key of the wrong type or field count raises, and nothing is left"""
        with self.assertRaises(TypeError):
            vc.fast_intersect([["a", 1], ["a"]])
        self.assertClean()
        with self.assertRaises(ValueError):
            vc.fast_intersect([[("a", "b"), ("c",)], [("a", "b")]])
        self.assertClean()
        with self.assertRaises(ValueError):
            vc.fast_intersect([[()], ["a"]])
        self.assertClean()
        with self.assertRaises(ValueError):
            vc.fast_intersect([["a"]])

    def test_interrupted_generator(self):
        """a generator that raises KeyboardInterrupt: it propagates, nothing left"""
        def gen():
            yield from ("k%d" % i for i in range(1000))
            raise KeyboardInterrupt
        with self.assertRaises(KeyboardInterrupt):
            vc.fast_intersect([gen(), ["k1"]])
        self.assertClean()

    def test_changed_needs_hashes(self):
        """changed() on key lists (no row hashes): ToolError 65"""
        with vc.fast_intersect([["a"], ["a"]]) as r:
            with self.assertRaises(vc.ToolError) as cm:
                list(r.changed())
        self.assertEqual((cm.exception.tool, cm.exception.status), ("vi-presence", 65))
        self.assertClean()

    def test_sorter_killed(self):
        """vi-sort killed: ToolError from vi-sort, whatever the writer saw"""
        self.fake_bin(vi_sort='head -c 10 >/dev/null\nkill -KILL $$')
        with self.assertRaises(vc.ToolError) as cm:
            vc.fast_intersect([("k%d" % i for i in range(100000)), ["a"]])
        self.assertEqual((cm.exception.tool, cm.exception.status), ("vi-sort", -signal.SIGKILL))
        self.assertClean()


if __name__ == "__main__":
    unittest.main()
