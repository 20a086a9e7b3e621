#!/usr/bin/env python3
"""Run python/tests/test_*.py with unittest and report in TAP, one
"ok N - name" or "not ok N - name" per test, so that tests/run-tests counts
them with the C unit tests and the bats files.  Exit 0 when all passed.
Usage: run_tap.py [pattern]   (VIEWERIT_BIN names the tools to test)"""

import os
import sys
import traceback
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), ""))   # python/: the package
sys.path.insert(0, HERE)                                        # helpers


class TAPResult(unittest.TestResult):
    def __init__(self, stream):
        super().__init__()
        self.out = stream
        self.n = 0

    def _line(self, ok, test, extra=""):
        self.n += 1
        name = test.id().replace("\n", " ")
        doc = test.shortDescription() if hasattr(test, "shortDescription") else None
        if doc:
            name += ": " + doc
        self.out.write("%s %d - python: %s%s\n" % ("ok" if ok else "not ok", self.n, name, extra))
        self.out.flush()

    def _diag(self, err):
        text = "".join(traceback.format_exception(*err))
        for line in text.rstrip("\n").split("\n"):
            self.out.write("# " + line + "\n")

    def addSuccess(self, test):
        super().addSuccess(test)
        self._line(True, test)

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self._line(False, test)
        self._diag(err)

    def addError(self, test, err):
        super().addError(test, err)
        self._line(False, test)
        self._diag(err)

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        self._line(True, test, " # SKIP " + reason)

    def addExpectedFailure(self, test, err):
        super().addExpectedFailure(test, err)
        self._line(True, test, " # TODO expected failure")

    def addUnexpectedSuccess(self, test):
        super().addUnexpectedSuccess(test)
        self._line(False, test, " # unexpected success")

    def addSubTest(self, test, subtest, err):
        # A failing subtest fails its test; report each failure as it comes.
        super().addSubTest(test, subtest, err)
        if err is not None:
            self._line(False, subtest)
            self._diag(err)


def main():
    pattern = sys.argv[1] if len(sys.argv) > 1 else "test_*.py"
    suite = unittest.defaultTestLoader.discover(HERE, pattern=pattern, top_level_dir=HERE)
    result = TAPResult(sys.stdout)
    suite.run(result)
    sys.stdout.write("1..%d\n" % result.n)
    return 0 if result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
