"""clonetrace decodes creation calls as strace 6.1 does: the same flags,
clone3 exit_signal and errno names, compared as multisets because the order
across tasks is not deterministic."""
import unittest

from ctlib import (FIXTURES, Trace, decode_key, for_each_fixture, multiset_diff, normalize_line, parse_strace, strace,
                   traced)


class DecodeMatchesStrace(unittest.TestCase):
    def test_flags_exit_signal_and_errno(self):
        def check(fx):
            ref = strace(fx)
            expected, unparsed = parse_strace(ref.trace)
            self.assertEqual(unparsed, [], ref.describe())
            self.assertTrue(expected, "strace saw no creation call:\n" + ref.describe())
            res = traced(fx)
            actual = [decode_key(c.call, c.args, c.err) for c in Trace(res.trace).completed()]
            diff = multiset_diff(expected, actual)
            self.assertFalse(diff, "strace -> clonetrace:\n%s\n\n%s\n%s" % (diff, ref.describe(), res.describe()))
        for_each_fixture(self, [fx for fx in FIXTURES if fx.strace], check)

    def test_i386_lines_whole(self):
        """i386 programs: each creation line equals strace's in full (argument
        order, tls's struct user_desc, written-back tids, results), pointers
        and ids aside."""
        def check(fx):
            ref = strace(fx)
            expected, unparsed = parse_strace(ref.trace, whole=True)
            self.assertEqual(unparsed, [], ref.describe())
            self.assertTrue(expected, "strace saw no creation call:\n" + ref.describe())
            res = traced(fx)
            actual = [normalize_line(c.body) for c in Trace(res.trace).completed()]
            diff = multiset_diff(expected, actual)
            self.assertFalse(diff, "strace -> clonetrace:\n%s\n\n%s\n%s" % (diff, ref.describe(), res.describe()))
        for_each_fixture(self, [fx for fx in FIXTURES if fx.strace and fx.i386], check)


if __name__ == "__main__":
    unittest.main()
