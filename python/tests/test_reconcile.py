"""reconcile() and reconcile_summary(): the example files, rules as
keywords, column names that need quoting, failures, early close."""

import unittest

import viewerit_core as vc
from helpers import EXTRACTS, ToolTest

KEY = ["region", "date", "id"]


class Reconcile(ToolTest):
    def test_examples(self):
        """the changed, only and duplicate keys of the bundled extracts"""
        with vc.reconcile(EXTRACTS, KEY, names=["crm", "billing", "warehouse"]) as r:
            self.assertEqual(r.header["files"][1], {"name": "billing", "path": EXTRACTS[1]})
            self.assertEqual(r.header["columns"], ["customer", "amount", "status", "note"])
            items = list(r)
        self.assertTrue(r.differ)
        changed = [(i["key"][2], i["rows"], i["columns"]) for i in items if i["type"] == "changed"]
        self.assertEqual(changed, [
            ("1008", [8, 6, 4], {"amount": ["473.72", "999.99", "473.72"]}),
            ("1014", [14, 12, 10], {"amount": ["51.53", "51.53", "0.01"]}),
            ("1010", [10, 8, 6], {"status": ["open", "cancelled", "open"]})])
        self.assertEqual([i["rows"] for i in items if i["type"] == "duplicate"], [[[11], [9, 27], [7]]])
        self.assertEqual(sum(i["type"] == "only" for i in items), 9)
        self.assertEqual(r.summary["keys"]["changed"], 3)
        self.assertClean()

    def test_rules_and_columns(self):
        """numeric, abs_tol, trim, nulls, columns and ignore_columns as keywords"""
        a = self.write("a.csv", "id,amount,note,x\n1,47.07,hi,1\n2,1.00,,2\n3,5,NA,3\n")
        b = self.write("b.csv", "x,id,amount,note\n1,1,47.070,hi \n9,2,1.004,NA\n3,3,5,\n")
        self.assertEqual([i["columns"] for i in vc.reconcile([a, b], "id")],
                         [{"amount": ["47.07", "47.070"], "note": ["hi", "hi "]},
                          {"amount": ["1.00", "1.004"], "note": ["", "NA"], "x": ["2", "9"]},
                          {"note": ["NA", ""]}])
        got = list(vc.reconcile([a, b], ["id"], numeric=True, abs_tol=0.005, trim=True,
                                nulls="NA,", ignore_columns=["x"]))
        self.assertEqual(got, [])
        got = list(vc.reconcile([a, b], ["id"], columns=["amount"], numeric=True))
        self.assertEqual([i["key"] for i in got], [["2"]])
        s = vc.reconcile_summary([a, b], "id", numeric=True)
        self.assertEqual([(c["column"], c["differ"]) for c in s["columns"]],
                         [("amount", 1), ("note", 3), ("x", 1)])
        self.assertClean()

    def test_names_that_need_quoting(self):
        """a key given as a list of names with commas and dashes"""
        a = self.write("a.csv", '"a,b",x-y,v\n1,2,p\n')
        b = self.write("b.csv", '"a,b",x-y,v\n1,2,q\n')
        got = list(vc.reconcile([a, b], ["a,b", "x-y"]))
        self.assertEqual(got, [{"type": "changed", "key": ["1", "2"], "rows": [1, 1],
                                "columns": {"v": ["p", "q"]}}])

    def test_identical(self):
        """no difference: nothing yielded, differ False, a summary"""
        r = vc.reconcile([EXTRACTS[0], EXTRACTS[0]], KEY)
        self.assertEqual(list(r), [])
        self.assertFalse(r.differ)
        self.assertEqual(r.summary["keys"]["changed"], 0)

    def test_failures(self):
        """the tool's message reaches the caller; nothing is left behind"""
        with self.assertRaises(vc.ToolError) as cm:
            vc.reconcile(EXTRACTS, "dat")
        self.assertEqual((cm.exception.tool, cm.exception.status), ("vi-diff", 64))
        self.assertIn("no such column: dat", cm.exception.stderr)
        bad = self.write("bad.csv", 'region,date,id,v\nEU,1,2,"x\n')
        with self.assertRaises(vc.ToolError) as cm:
            list(vc.reconcile([EXTRACTS[0], bad], KEY))
        self.assertEqual(cm.exception.status, 65)
        self.assertIn("bad.csv:2:", cm.exception.stderr)
        with self.assertRaises(ValueError):
            vc.reconcile([EXTRACTS[0]], KEY)
        with self.assertRaises(TypeError):
            vc.reconcile(EXTRACTS, KEY, colour=True)
        self.assertClean()

    def test_early_close(self):
        """leaving the iteration early stops vi-diff"""
        with vc.reconcile(EXTRACTS, KEY) as r:
            next(iter(r))
        self.assertClean()


if __name__ == "__main__":
    unittest.main()
