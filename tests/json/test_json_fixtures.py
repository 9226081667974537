"""Every fixture traced with --json: every line is strict JSON valid against
the published schema, the trace is framed by trace_start and trace_end, and
tracing changes neither the fixture's output nor its exit status."""
import collections
import os
import signal
import unittest

import ctjson
from ctjson import fixture

# Left out: fx_server runs for seconds by design. Smaller runs of the big ones.
SKIPPED = {"fx_server"}
ARGS = {"fx_storm": ("2", "5", "1", "3"), "fx_chain": ("20",)}
SKIP_STATUS = 77  # a fixture that cannot run here (not root, no seccomp...) prints `FX skip` and exits 77


def setUpModule():
    ctjson.check_environment()


def fixture_names():
    names = []
    for name in sorted(os.listdir(ctjson.FIXTURES_DIR)):
        path = fixture(name)
        if name.startswith("fx_") and os.path.isfile(path) and os.access(path, os.X_OK) and name not in SKIPPED:
            names.append(name)
    return names


class EveryFixture(ctjson.TempDirTestCase):
    @classmethod
    def setUpClass(cls):
        cls.validator = ctjson.validator()

    def test_fixtures_found(self):
        names = fixture_names()
        self.assertIn("fx_fork", names)
        self.assertGreaterEqual(len(names), 10, names)

    def test_every_fixture(self):
        for name in fixture_names():
            with self.subTest(fixture=name):
                self.check_fixture(name)

    def check_fixture(self, name):
        argv = [fixture(name), *ARGS.get(name, ())]
        plain = self.untraced(argv)
        if plain.returncode == SKIP_STATUS:
            self.skipTest("%s cannot run here" % name)
        run = self.trace(argv)
        what = "%s (stderr: %s)" % (name, run.stderr.decode(errors="replace")[-500:])

        # Tracing is invisible to the program.
        self.assertEqual(run.returncode, plain.returncode, what)
        self.assertEqual(ctjson.normalized_output(run.stdout), ctjson.normalized_output(plain.stdout), what)

        events = run.events()  # strict: every line parses, no NaN, no duplicate keys
        self.assertGreaterEqual(len(events), 2, what)
        for n, event in enumerate(events, 1):
            errors = ctjson.schema_errors(self.validator, event)
            self.assertEqual(errors, [], "%s line %d: %s" % (name, n, event))
        self.assertEqual(events[0]["event"], "trace_start", what)
        self.assertEqual(events[0]["schema"], 2, what)
        self.assertEqual(events[-1]["event"], "trace_end", what)
        kinds = collections.Counter(e["event"] for e in events)
        self.assertEqual(kinds["trace_start"], 1, what)
        self.assertEqual(kinds["trace_end"], 1, what)
        self.assertEqual(events[0]["command"], argv, what)

        # The totals agree with the events.
        end = events[-1]
        made = collections.Counter(ctjson.group_of(e["child"]) for e in ctjson.creates(events) if "child" in e)
        self.assertEqual(end["threads_created"], made["thread"], what)
        self.assertEqual(end["processes_created"], made["process"], what)
        self.assertEqual(end["failed_creations"],
                         sum(e["outcome"] == "failed" for e in ctjson.creates(events)), what)
        self.assertEqual(end["tasks"], kinds["task_start"], what)

        # How the program ended, as clonetrace saw it, is how it ended.
        program = end["program"]
        if plain.returncode >= 0:
            self.assertEqual(program["status"], plain.returncode, what)
        else:
            self.assertEqual(program["status"], signal.Signals(-plain.returncode).name, what)


if __name__ == "__main__":
    unittest.main()
