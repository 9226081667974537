"""Runs integration test modules as one ctest test and exits as ctest must
count it: 0 when every test ran and passed; ctlib.SKIP_STATUS (the test's
SKIP_RETURN_CODE) when the test checks one fixture (CLONETRACE_ONLY_FIXTURE)
and something was skipped; 1 otherwise. In a test of many cases a skip would
hide inside a pass, so there it is a failure: a fixture that may skip has a
ctest test of its own.

  ctrun.py MODULE...     run the modules' tests that this ctest test selects
  ctrun.py --own-tests   print the ids of the fixtures that get their own
                         ctest test (CMake reads them), ';'-separated
"""
import sys
import unittest

import ctlib


def selected_tests(suite):
    """The tests of suite, without those about a fixture this ctest test does
    not check (ctlib.about marks them)."""
    for test in suite:
        if isinstance(test, unittest.TestSuite):
            yield from selected_tests(test)
            continue
        fixture = getattr(getattr(test, test._testMethodName, None), "fixture", None)
        if fixture is None or ctlib.selected(fixture):
            yield test


def main(argv):
    if argv == ["--own-tests"]:
        print(";".join(fx.id for fx in ctlib.FIXTURES if fx.may_skip and fx.built_here))
        return 0
    only = ctlib.ONLY_FIXTURE
    if only and only not in ctlib.BY_ID:
        print("CLONETRACE_ONLY_FIXTURE=%s names no fixture of ctlib.FIXTURES" % only)
        return 1
    suite = unittest.TestSuite(selected_tests(unittest.defaultTestLoader.loadTestsFromNames(argv)))
    result = unittest.TextTestRunner(verbosity=2).run(suite)
    if not result.wasSuccessful() or result.testsRun == 0:
        return 1
    if not result.skipped:
        return 0
    if only:
        print("%s skipped: %s" % (only, result.skipped[0][1]))
        return ctlib.SKIP_STATUS
    print("%d skipped in a ctest test of many cases, where a skip would count as a pass; "
          "a fixture that may skip needs may_skip=True in ctlib.FIXTURES" % len(result.skipped))
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
