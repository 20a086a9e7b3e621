"""Shared by the python/tests: where the examples are, a scratch TMPDIR per
test that must be empty at the end, the list of our child processes, and
directories of fake tools."""

import os
import stat
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
EXAMPLES = os.path.join(ROOT, "examples")
EXTRACTS = [os.path.join(EXAMPLES, "extract_%s.csv" % n) for n in ("crm", "billing", "warehouse")]
NAMES = ["crm", "billing", "warehouse"]
TOOLS = ["vi-diff", "vi-keys", "vi-presence", "vi-sort", "vi-stats", "vi-validate"]


def tool_dir():
    """The tools under test: $VIEWERIT_BIN (set by tests/run-tests), else build/."""
    return os.environ.get("VIEWERIT_BIN") or os.path.join(ROOT, "build")


def _resource_tracker():
    """The pid of multiprocessing's resource tracker, if it runs: a child that
    a Dask LocalCluster (worker processes started by spawn) leaves for the
    life of the interpreter, by design; not one of the package's."""
    rt = sys.modules.get("multiprocessing.resource_tracker")
    return getattr(getattr(rt, "_resource_tracker", None), "_pid", None)


def children():
    """The pids of this process's children, zombies included (from /proc),
    but for multiprocessing's resource tracker."""
    me, out, tracker = os.getpid(), [], _resource_tracker()
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % d) as f:
                st = f.read()
        except OSError:
            continue
        if int(st.rsplit(")", 1)[1].split()[1]) == me and int(d) != tracker:
            out.append(int(d))
    return out


def alive(pid):
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


class ToolTest(unittest.TestCase):
    """A private directory ``self.dir`` for the test's files, and a scratch
    directory that the package's temporary files go to (tempfile.tempdir):
    assertClean() checks that it is empty and that no child is left."""

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="vi-pytest-")
        self.scratch = os.path.join(self.dir, "scratch")
        os.mkdir(self.scratch)
        saved_tempdir, saved_bin = tempfile.tempdir, os.environ.get("VIEWERIT_BIN")
        tempfile.tempdir = self.scratch

        def restore():
            tempfile.tempdir = saved_tempdir
            if saved_bin is None:
                os.environ.pop("VIEWERIT_BIN", None)
            else:
                os.environ["VIEWERIT_BIN"] = saved_bin
            import shutil
            shutil.rmtree(self.dir, ignore_errors=True)
        self.addCleanup(restore)

    def path(self, name):
        return os.path.join(self.dir, name)

    def write(self, name, text, mode="w"):
        p = self.path(name)
        with open(p, mode, **({} if "b" in mode else {"encoding": "utf-8", "newline": ""})) as f:
            f.write(text)
        return p

    def assertClean(self):
        self.assertEqual(os.listdir(self.scratch), [], "temporary files left")
        self.assertEqual(children(), [], "child processes left")

    def fake_bin(self, **scripts):
        """A tool directory like the real one where each keyword (vi_keys=...)
        replaces that tool by a sh script; @REAL@ in it is the real tool
        directory.  Sets $VIEWERIT_BIN to it for the rest of the test."""
        d = self.path("bin")
        os.mkdir(d)
        real = os.path.abspath(tool_dir())
        for t in TOOLS:
            body = scripts.get(t.replace("-", "_"))
            p = os.path.join(d, t)
            if body is None:
                os.symlink(os.path.join(real, t), p)
            else:
                with open(p, "w") as f:
                    f.write("#!/bin/sh\n" + body.replace("@REAL@", real) + "\n")
                os.chmod(p, os.stat(p).st_mode | stat.S_IXUSR)
        os.environ["VIEWERIT_BIN"] = d
        return d
