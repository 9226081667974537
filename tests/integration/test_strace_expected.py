"""clone3 decoded line for line as strace expects: fx_clone3_strace makes the
calls strace's own clone3 test pins down and prints, after each, the line
strace prints for it (built from that run's pointers, results and errno).
clonetrace's creation lines, without the kind it appends after a result,
must be exactly those lines, in order."""
import os
import re
import unittest

from ctlib import FIXTURES_DIR, Trace, clonetrace

KIND_SUFFIX = re.compile(r" \((?:thread|process|vfork|spawn|namespace|raw-thread)[^)]*\)$")


class Clone3AsStraceExpects(unittest.TestCase):
    def test_every_line_as_strace_prints_it(self):
        res = clonetrace(["-qq"], [os.path.join(FIXTURES_DIR, "fx_clone3_strace")])
        self.assertEqual(res.returncode, 0, res.describe())
        expected = [line[len("EXPECT "):] for line in res.stdout.splitlines() if line.startswith("EXPECT ")]
        self.assertGreaterEqual(len(expected), 25, res.describe())
        got = [KIND_SUFFIX.sub("", c.body) for c in Trace(res.trace).creations]
        self.assertEqual(got, expected)


if __name__ == "__main__":
    unittest.main()
