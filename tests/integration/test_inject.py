"""--inject: the calls it picks fail with its errno without running, the
program sees that errno and goes on, on the seccomp fast path and with
--no-seccomp; text marks them (INJECTED), JSON "injected": true, and a
replayed trace shows the same."""
import json
import os
import unittest

import ctlib
from ctlib import NO_SECCOMP, Trace, clonetrace, parse_fx, run

FX_INJECT = os.path.join(ctlib.FIXTURES_DIR, "fx_inject")
THREADS = 10
MODES = ((), NO_SECCOMP)


def failures(res):
    """{n: errno} of the threads the fixture could not create, and its summary."""
    fxs = parse_fx(res.stdout)
    failed = {f.int("n"): f.fields["errno"] for f in fxs if f.event == "thread" and "errno" in f.fields}
    summary = [f.fields for f in fxs if f.event == "threads"]
    return failed, summary


class Inject(unittest.TestCase):
    def threads(self, options):
        res = clonetrace(list(options), [FX_INJECT, "threads"])
        self.assertEqual(res.returncode, 0, res.describe())
        return res

    def test_third_clone3_fails_with_eagain_once(self):
        for mode in MODES:
            with self.subTest(mode=mode):
                res = self.threads([*mode, "--inject=clone3:error=EAGAIN:when=3"])
                failed, summary = failures(res)
                self.assertEqual(failed, {3: "EAGAIN"}, res.describe())
                self.assertEqual(summary, [{"created": "9", "failed": "1"}], res.describe())
                calls = [c for c in Trace(res.trace).creations if c.call == "clone3"]
                self.assertEqual(len(calls), THREADS, res.describe())
                self.assertEqual([c.err for c in calls].count("EAGAIN"), 1, res.describe())
                self.assertEqual(calls[2].err, "EAGAIN", res.describe())
                self.assertTrue(calls[2].body.endswith("(Resource temporarily unavailable) (INJECTED)"),
                                calls[2].body)
                self.assertEqual(sum("INJECTED" in c.body for c in calls), 1, res.describe())

    def test_without_inject_every_thread_is_created(self):
        failed, summary = failures(self.threads(()))
        self.assertEqual((failed, summary), ({}, [{"created": "10", "failed": "0"}]))

    def test_when_expressions_and_several_options(self):
        cases = [
            (["--inject=clone3:error=EAGAIN:when=2+3"], {2, 5, 8}),
            (["--inject=clone3:error=EAGAIN:when=4+"], set(range(4, THREADS + 1))),
            (["--inject=clone3:error=EAGAIN:when=4..5"], {4, 5}),
            (["--inject=clone3:error=EAGAIN:when=2", "--inject=creation:error=EPERM:when=7"], {2, 7}),
            (["--inject=clone3:error=EPERM"], set(range(1, THREADS + 1))),
        ]
        for options, expected in cases:
            with self.subTest(options=options):
                failed, _ = failures(self.threads(options))
                self.assertEqual(set(failed), expected)
        failed, _ = failures(self.threads(cases[3][0]))
        self.assertEqual(failed, {2: "EAGAIN", 7: "EPERM"})

    def test_fork_sees_enomem(self):
        for mode in MODES:
            with self.subTest(mode=mode):
                res = clonetrace([*mode, "--inject=creation:error=ENOMEM"], [FX_INJECT, "fork"])
                self.assertEqual(res.returncode, 0, res.describe())
                self.assertIn("FX fork errno=ENOMEM", res.stdout.splitlines(), res.describe())
                calls = Trace(res.trace).creations
                self.assertEqual(len(calls), 1, res.describe())
                self.assertEqual(calls[0].err, "ENOMEM")
                self.assertIn("(INJECTED)", calls[0].body)

    def test_json_marks_it_and_replay_shows_it(self):
        res = clonetrace(["--json", "--inject=clone3:error=EAGAIN:when=3"], [FX_INJECT, "threads"])
        self.assertEqual(res.returncode, 0, res.describe())
        events = [json.loads(line) for line in res.trace.splitlines()]
        made = [e for e in events if e["event"] == "create"]
        self.assertEqual([e.get("injected", False) for e in made], [False, False, True] + [False] * 7)
        self.assertEqual((made[2]["outcome"], made[2]["errno"], made[2]["result"]), ("failed", "EAGAIN", -1))
        self.assertNotIn("child", made[2])
        saved = ctlib.TempDir.path("inject.jsonl")
        with open(saved, "w") as f:
            f.write(res.trace)
        replayed = run([ctlib.CLONETRACE, "--replay", saved])
        self.assertEqual(replayed.returncode, 0, replayed.describe())
        self.assertEqual(replayed.stderr.count("(INJECTED)"), 1, replayed.describe())

    def test_bad_and_refused_injections_are_usage_errors(self):
        for spec in ("clone3:retval=0", "fork:error=ENOPE", "open:error=EPERM", "clone:error=EPERM:when=0",
                     "clone:error=EPERM:when=5..2", "clone3", "clone3:when=2"):
            with self.subTest(spec=spec):
                res = run([ctlib.CLONETRACE, "--inject=" + spec, FX_INJECT, "threads"])
                self.assertEqual(res.returncode, 2, res.describe())
                self.assertEqual(res.stdout, "", res.describe())
        res = run([ctlib.CLONETRACE, "--inject=clone3:retval=0", FX_INJECT, "threads"])
        self.assertIn("retval= is refused", res.stderr)


if __name__ == "__main__":
    unittest.main()
