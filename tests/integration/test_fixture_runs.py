"""Tracing is invisible to the program, with or without the seccomp fast
path."""
import unittest

from ctlib import (FIXTURES, NO_SECCOMP, Trace, for_each_fixture, multiset_diff, normalize_creation,
                   normalize_stdout, parse_fx, traced, untraced)


class TracedLikeUntraced(unittest.TestCase):
    """The fixture prints the same FX lines (ids and addresses aside) and ends
    the same way (exit code or signal) traced and untraced."""

    def test_same_output_and_end(self):
        def check(fx):
            plain = untraced(fx)
            self.assertTrue(parse_fx(plain.stdout), "no FX lines:\n" + plain.describe())
            for options in ((), NO_SECCOMP):
                with self.subTest(options=options):
                    res = traced(fx, options)
                    self.assertEqual(res.returncode, plain.returncode, res.describe())
                    self.assertEqual(normalize_stdout(res.stdout), normalize_stdout(plain.stdout),
                                     res.describe())
        for_each_fixture(self, FIXTURES, check)


class NoSeccompSameTrace(unittest.TestCase):
    """--no-seccomp (syscall stops everywhere) sees the same creation calls and
    the same task ends as the seccomp fast path."""

    VIEWS = {
        "creations": lambda t: [normalize_creation(c) for c in t.completed()],
        "exits": lambda t: [e.text for e in t.exits],
    }

    def test_same_creations_and_exits(self):
        def check(fx):
            fast, slow = traced(fx), traced(fx, NO_SECCOMP)
            for name, view in self.VIEWS.items():
                diff = multiset_diff(view(Trace(fast.trace)), view(Trace(slow.trace)))
                self.assertFalse(diff, "%s differ (default -> --no-seccomp):\n%s\n\n%s\n\n%s"
                                 % (name, diff, fast.describe(), slow.describe()))
        for_each_fixture(self, FIXTURES, check)


if __name__ == "__main__":
    unittest.main()
