"""validate() and ValidationReport: valid and invalid files, schema as a
dict or a path, rejects and output files, failures."""

import json
import unittest

import viewerit_core as vc
from helpers import EXTRACTS, ToolTest

SCHEMA = {"fields": [
    {"name": "id", "type": "integer", "constraints": {"required": True, "unique": True, "minimum": 1}},
    {"name": "name", "type": "string", "constraints": {"maxLength": 5}},
    {"name": "amount", "type": "number"},
]}
DATA = ("id,name,amount\n"
        "1,ann,1.5\n"
        "2,bob,x\n"          # line 3: amount not a number
        "3,carolyn,2\n"      # line 4: name too long
        "0,dan,3\n"          # line 5: id below minimum
        "4,eve,4\n")


class Validate(ToolTest):
    def test_invalid_rows(self):
        """invalid rows are an answer: valid False, exact counts and violations"""
        path = self.write("d.csv", DATA)
        rep = vc.validate(path, SCHEMA, rejects=self.path("rej.csv"), output=self.path("ok.csv"))
        self.assertFalse(rep.valid)
        self.assertFalse(rep)
        self.assertEqual((rep.counts["rows"], rep.counts["rows_valid"], rep.counts["rows_invalid"],
                          rep.counts["violations"]), (5, 2, 3, 3))
        self.assertEqual(sorted((v["line"], v["column"], v["constraint"]) for v in rep.violations),
                         [(3, "amount", "type"), (4, "name", "maxLength"), (5, "id", "minimum")])
        with open(self.path("rej.csv")) as f:
            self.assertEqual(f.read(), "id,name,amount\n2,bob,x\n3,carolyn,2\n0,dan,3\n")
        with open(self.path("ok.csv")) as f:
            self.assertEqual(f.read(), "id,name,amount\n1,ann,1.5\n4,eve,4\n")
        self.assertEqual(rep.report["file"], path)
        self.assertClean()

    def test_valid_with_schema_path(self):
        """a schema file path; an inferred schema validates its own file"""
        spath = self.write("s.json", json.dumps(vc.infer_schema(EXTRACTS[0])))
        rep = vc.validate(EXTRACTS[0], spath)
        self.assertTrue(rep.valid)
        self.assertEqual((rep.counts["rows"], rep.counts["rows_invalid"], rep.violations), (26, 0, []))
        self.assertClean()

    def test_options(self):
        """max_errors= limits the violations listed, not the counts"""
        path = self.write("d.csv", DATA)
        rep = vc.validate(path, SCHEMA, max_errors=1)
        self.assertEqual((rep.counts["violations"], len(rep.violations)), (3, 1))
        with self.assertRaises(TypeError):
            vc.validate(path, SCHEMA, report="x")

    def test_failures(self):
        """a bad schema (64), a missing file (66): ToolError from vi-validate"""
        path = self.write("d.csv", DATA)
        with self.assertRaises(vc.ToolError) as cm:
            vc.validate(path, {"fields": [{"name": "id", "type": "money"}]})
        self.assertEqual((cm.exception.tool, cm.exception.status), ("vi-validate", 64))
        self.assertIn("money", cm.exception.stderr)
        with self.assertRaises(vc.ToolError) as cm:
            vc.validate(self.path("nope.csv"), SCHEMA)
        self.assertEqual((cm.exception.tool, cm.exception.status), ("vi-validate", 66))
        with self.assertRaises(vc.ToolError) as cm:
            vc.validate(path, self.path("nope.json"))
        self.assertEqual(cm.exception.status, 66)
        self.assertClean()


if __name__ == "__main__":
    unittest.main()
