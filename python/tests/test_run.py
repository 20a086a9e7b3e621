"""Finding the tools, ToolError, keyword options."""

import os
import signal
import unittest

import viewerit_core as vc
from viewerit_core import _run
from helpers import ROOT, ToolTest, tool_dir


class Run(ToolTest):
    def test_tool_path(self):
        """$VIEWERIT_BIN first, else the clone's build/, else PATH"""
        os.environ["VIEWERIT_BIN"] = tool_dir()
        self.assertEqual(vc.tool_path("vi-sort"), os.path.join(tool_dir(), "vi-sort"))
        os.environ.pop("VIEWERIT_BIN")
        if os.path.exists(os.path.join(ROOT, "build", "vi-sort")):
            self.assertEqual(vc.tool_path("vi-sort"), os.path.join(ROOT, "build", "vi-sort"))
        os.environ["VIEWERIT_BIN"] = self.dir
        with self.assertRaises(vc.ToolError) as cm:
            vc.tool_path("vi-sort")
        self.assertEqual((cm.exception.tool, cm.exception.status), ("vi-sort", 127))
        self.assertIn("VIEWERIT_BIN", cm.exception.stderr)

    def test_tool_error(self):
        """ToolError: tool, status, stderr, and a message naming them"""
        e = vc.ToolError("vi-keys", 65, "vi-keys: a.csv:3:10: bad quote\n")
        self.assertEqual((e.tool, e.status, e.stderr), ("vi-keys", 65, "vi-keys: a.csv:3:10: bad quote\n"))
        self.assertEqual(str(e), "vi-keys: exit status 65: vi-keys: a.csv:3:10: bad quote")
        self.assertEqual(str(vc.ToolError("vi-sort", -signal.SIGKILL, "")), "vi-sort: killed by SIGKILL")

    def test_option_args(self):
        """keyword options become long options; False and None are left out"""
        self.assertEqual(_run.option_args({"no_header": True, "limit": 5, "lenient": False,
                                           "quote": None}, {"no_header", "limit", "lenient", "quote"}, "f"),
                         ["--no-header", "--limit", "5"])
        with self.assertRaises(TypeError):
            _run.option_args({"output": "x"}, {"limit"}, "f")


if __name__ == "__main__":
    unittest.main()
