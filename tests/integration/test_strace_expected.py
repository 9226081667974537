"""clone3 decoded line for line as strace expects: fx_clone3_strace makes the
calls strace's own clone3 test pins down and prints, after each, the line
strace prints for it (built from that run's pointers, results and errno)
into a file.
clonetrace's creation lines, without the kind it appends after a result,
must be exactly those lines, in order."""
import os
import re
import unittest

from ctlib import FIXTURES_DIR, TempDir, Trace, clonetrace

KIND_SUFFIX = re.compile(r" \((?:thread|process|vfork|spawn|namespace|raw-thread)[^)]*\)$")


class Clone3AsStraceExpects(unittest.TestCase):
    def test_every_line_as_strace_prints_it(self):
        expect = TempDir.path("clone3-expected")
        res = clonetrace(["-qq"], [os.path.join(FIXTURES_DIR, "fx_clone3_strace"), expect])
        self.assertEqual(res.returncode, 0, res.describe())
        with open(expect) as f:
            expected = f.read().splitlines()
        self.assertGreaterEqual(len(expected), 25, res.describe())
        got = [KIND_SUFFIX.sub("", c.body) for c in Trace(res.trace).creations]
        self.assertEqual(got, expected)


if __name__ == "__main__":
    unittest.main()
