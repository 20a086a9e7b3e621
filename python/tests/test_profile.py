"""profile(), profile_many(), infer_schema() against the bundled extracts and
a generated file checked with Python's csv module."""

import csv
import random
import unittest

import viewerit_core as vc
from helpers import EXTRACTS, ToolTest


class Profile(ToolTest):
    def test_profile_extract(self):
        """profile(): one dict, exact counts and types of the crm extract"""
        p = vc.profile(EXTRACTS[0])
        self.assertEqual((p["file"], p["rows"], p["columns_count"], p["partial"]),
                         (EXTRACTS[0], 26, 7, False))
        cols = {c["name"]: c for c in p["columns"]}
        self.assertEqual(list(cols), ["region", "date", "id", "customer", "amount", "status", "note"])
        self.assertEqual([cols[n]["type"] for n in ("region", "date", "id", "amount")],
                         ["string", "date", "integer", "number"])
        self.assertEqual((cols["region"]["min"], cols["region"]["max"]), ("APAC", "US"))
        self.assertClean()

    def test_profile_many(self):
        """profile_many(): one profile per file, in order"""
        ps = vc.profile_many(EXTRACTS, jobs=1)
        self.assertEqual([(p["file"], p["rows"]) for p in ps],
                         list(zip(EXTRACTS, [26, 27, 27])))
        self.assertEqual(vc.profile_many([]), [])    # not the standard input
        self.assertClean()

    def test_options(self):
        """options as keywords: limit=, no_header=, nulls=; unknown ones are TypeError"""
        p = vc.profile(EXTRACTS[0], limit=5)
        self.assertEqual((p["rows"], p["partial"], p["limit"]), (5, True, 5))
        p = vc.profile(EXTRACTS[0], no_header=True)
        self.assertEqual(p["rows"], 27)
        p = vc.profile(EXTRACTS[0], nulls="empty")
        self.assertEqual(p["nulls_preset"], "empty")
        with self.assertRaises(TypeError):
            vc.profile(EXTRACTS[0], format="csv")
        self.assertClean()

    def test_generated(self):
        """a generated file: rows, nulls, min and max as Python computes them"""
        rnd = random.Random(5)
        rows = [[str(rnd.randint(-10**6, 10**6)), rnd.choice(["a", "b,c", 'q"t', "", "line\nbreak"])]
                for _ in range(3000)]
        path = self.path("gen.csv")
        with open(path, "w", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(["n", "s"])
            w.writerows(rows)
        p = vc.profile(path)
        n, s = p["columns"]
        self.assertEqual(p["rows"], 3000)
        self.assertEqual(n["type"], "integer")
        self.assertEqual((n["min"], n["max"]), (min(int(r[0]) for r in rows), max(int(r[0]) for r in rows)))
        self.assertEqual(s["nulls"], sum(1 for r in rows if r[1] == ""))
        self.assertEqual(s["max_length"], max(len(r[1]) for r in rows))

    def test_infer_schema(self):
        """infer_schema(): the Table Schema of vi-stats --schema"""
        sch = vc.infer_schema(EXTRACTS[0])
        self.assertEqual([(f["name"], f["type"]) for f in sch["fields"]][:3],
                         [("region", "string"), ("date", "date"), ("id", "integer")])
        self.assertClean()

    def test_failures(self):
        """a missing file (66) and a malformed one (65): ToolError from vi-stats"""
        with self.assertRaises(vc.ToolError) as cm:
            vc.profile(self.path("nope.csv"))
        self.assertEqual((cm.exception.tool, cm.exception.status), ("vi-stats", 66))
        self.assertIn("nope.csv", cm.exception.stderr)
        bad = self.write("bad.csv", 'a,b\n1,"2\n')
        with self.assertRaises(vc.ToolError) as cm:
            vc.profile_many([EXTRACTS[0], bad])
        self.assertEqual((cm.exception.tool, cm.exception.status), ("vi-stats", 65))
        with self.assertRaises(vc.ToolError) as cm:
            vc.infer_schema(bad)
        self.assertEqual(cm.exception.status, 65)
        self.assertClean()


if __name__ == "__main__":
    unittest.main()
