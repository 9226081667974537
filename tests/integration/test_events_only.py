"""--events-only (ptrace event stops alone, no syscall stops, no filter)
reports every successful creation call exactly as the default mode does:
flags, arguments, clone_args, written-back tids and pidfds, kinds, task
ends; failed calls and restarts are absent, and the header says so."""
import unittest

from ctlib import (FIXTURES, Trace, about, for_each_fixture, multiset_diff,
                   normalize_creation, normalize_stdout, parse_fx, traced, untraced)

EVENTS_ONLY = ("--events-only",)
HEADER = "clonetrace: following ptrace events only (no syscall stops); not seen: failed creation calls, restarts"


class EventsOnlyLikeDefault(unittest.TestCase):
    VIEWS = {
        "successful creations": lambda t: [normalize_creation(c) for c in t.created()],
        "exits": lambda t: [e.text for e in t.exits],
        "execs": lambda t: [e.path for e in t.execs],
    }

    def test_same_successful_creations_exits_and_execs(self):
        def check(fx):
            default, events = traced(fx), traced(fx, EVENTS_ONLY)
            for name, view in self.VIEWS.items():
                diff = multiset_diff(view(Trace(default.trace)), view(Trace(events.trace)))
                self.assertFalse(diff, "%s differ (default -> --events-only):\n%s\n\n%s\n\n%s"
                                 % (name, diff, default.describe(), events.describe()))
        for_each_fixture(self, FIXTURES, check)

    def test_failed_calls_and_restarts_absent(self):
        def check(fx):
            res = traced(fx, EVENTS_ONLY)
            trace = Trace(res.trace)
            self.assertEqual(trace.problems, [], res.describe())
            self.assertEqual([c.body for c in trace.creations if not c.kind], [], res.describe())
        for_each_fixture(self, FIXTURES, check)

    def test_program_unchanged(self):
        def check(fx):
            plain, res = untraced(fx), traced(fx, EVENTS_ONLY)
            self.assertEqual(res.returncode, plain.returncode, res.describe())
            self.assertEqual(normalize_stdout(res.stdout), normalize_stdout(plain.stdout), res.describe())
        for_each_fixture(self, FIXTURES, check)

    def test_header_says_what_is_not_seen(self):
        def check(fx):
            res = traced(fx, EVENTS_ONLY)
            self.assertEqual(res.stderr.splitlines()[:1], [HEADER], res.describe())
            self.assertNotIn(HEADER, traced(fx).stderr)
        for_each_fixture(self, FIXTURES, check)


class FailuresMissedOnlyByEventsOnly(unittest.TestCase):
    """The calls the default mode reports as failed are exactly the ones
    events-only leaves out: the fixture counts them itself."""

    @about("fx_clone3_fail")
    def test_failed_calls(self, fx):
        failed = [f for f in parse_fx(untraced(fx).stdout) if f.event == "failed"]
        self.assertTrue(failed)
        default = [c for c in Trace(traced(fx).trace).creations if c.err]
        self.assertEqual(len(default), len(failed), traced(fx).describe())
        self.assertEqual([c for c in Trace(traced(fx, EVENTS_ONLY).trace).creations if c.err], [])


if __name__ == "__main__":
    unittest.main()
