"""examples/python/compare_extracts.py, as make demo runs it."""

import os
import subprocess
import sys

from helpers import EXAMPLES, ROOT, ToolTest

SCRIPT = os.path.join(EXAMPLES, "python", "compare_extracts.py")


class Example(ToolTest):
    def run_script(self, *args):
        env = dict(os.environ, PYTHONPATH=os.path.join(ROOT, "python"), PYTHONDONTWRITEBYTECODE="1")
        return subprocess.run([sys.executable, SCRIPT, *args], env=env, capture_output=True,
                              text=True, timeout=60)

    def test_bundled(self):
        """the bundled extracts: totals, Venn regions, missing and changed keys"""
        r = self.run_script()
        self.assertEqual((r.returncode, r.stderr), (0, ""))
        lines = r.stdout.splitlines()
        self.assertEqual(lines[0], "31 keys, 22 in every file, 3 changed")
        self.assertIn("  crm & billing & warehouse                     22", lines)
        self.assertIn("  EU,2024-04-01,2001           0 0 1", lines)
        self.assertIn("  APAC,2024-03-09,1008         crm:8  billing:6  warehouse:4", lines)
        self.assertFalse(any("1011" in x for x in lines if "crm:" in x))
        self.assertEqual(sum(1 for x in lines if x.startswith("  ") and x.split()[-1] in "01"
                             and len(x.split()) == 4), 9)
        rec = lines[lines.index("Changed values (reconcile):") + 1:]
        self.assertEqual(rec, [
            "  APAC,2024-03-09,1008         amount   crm=473.72  billing=999.99  warehouse=473.72",
            "  APAC,2024-03-12,1011         duplicate key, rows [[11], [9, 27], [7]]",
            "  APAC,2024-03-15,1014         amount   crm=51.53  billing=51.53  warehouse=0.01",
            "  US,2024-03-11,1010           status   crm=open  billing=cancelled  warehouse=open",
            "  per column: amount 2, status 1"])

    def test_failure(self):
        """a missing file: the tool's message and status 1, no partial answer"""
        r = self.run_script(os.path.join(EXAMPLES, "extract_crm.csv"), self.path("nope.csv"))
        self.assertEqual((r.returncode, r.stdout), (1, ""))
        self.assertIn("compare_extracts: vi-keys: exit status 66: ", r.stderr)
        self.assertIn("nope.csv", r.stderr)
