"""The README's Python session, run as printed (doctest), from the clone's root."""

import doctest
import os

from helpers import ROOT


def load_tests(loader, tests, pattern):
    def setUp(test):
        test.globs["_cwd"] = os.getcwd()
        os.chdir(ROOT)

    def tearDown(test):
        os.chdir(test.globs["_cwd"])
    tests.addTests(doctest.DocFileSuite(os.path.join(ROOT, "README.md"), module_relative=False,
                                        setUp=setUp, tearDown=tearDown))
    return tests
