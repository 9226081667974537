"""Runs one JSON test module as one ctest test and exits as ctest must count
it: 0 when every test ran and passed, SKIP_STATUS (the test's
SKIP_RETURN_CODE) when everything that ran passed but something was skipped
(a fixture that cannot run here, jq missing), so a skip is never green; 1
otherwise.

  jsonrun.py MODULE
"""
import sys
import unittest

SKIP_STATUS = 77


def main(argv):
    suite = unittest.defaultTestLoader.loadTestsFromNames(argv)
    result = unittest.TextTestRunner(verbosity=2).run(suite)
    if not result.wasSuccessful() or result.testsRun == 0:
        return 1
    if result.skipped:
        print("skipped: %s" % "; ".join("%s (%s)" % (test.id(), why) for test, why in result.skipped))
        return SKIP_STATUS
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
