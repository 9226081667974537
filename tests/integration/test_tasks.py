"""Every task the fixture reports is in the trace with the right id, call and
kind, and ends exactly once. The expected values
come from the fixtures' own FX lines, run under the tracer."""
import collections
import os
import unittest

from ctlib import (FIXTURES, RESERVED_PIDS, Fixture, Trace, clonetrace, exit_text,
                   for_each_fixture, parse_fx, require, traced)

# Which syscalls may implement what the fixture says it called.
CALLS = {
    "clone": {"clone"},
    "clone3": {"clone3"},
    "fork": {"fork", "clone"},       # glibc's fork() is clone(SIGCHLD|...)
    "vfork": {"vfork"},
    "pthread": {"clone3", "clone"},
    "spawn": {"clone3", "clone", "vfork"},
}


def run_of(fx):
    res = traced(fx)
    return res, Trace(res.trace), parse_fx(res.stdout)


def fx_lines(fxs, event):
    return [f for f in fxs if f.event == event]


class TraceWellFormed(unittest.TestCase):
    def test_every_line_parsed_and_attributed(self):
        def check(fx):
            res, trace, _ = run_of(fx)
            self.assertEqual(trace.problems, [], res.describe())
            first = trace.execs[0] if trace.execs else None
            self.assertEqual((first.path, first.former) if first else None,
                             (os.path.realpath(fx.path), None), res.describe())
        for_each_fixture(self, FIXTURES, check)


class Ordering(unittest.TestCase):
    # One thread forks and execs /bin/true 100 times: many chances for a
    # child's first stop to come before its creator's event stop.
    STORM = Fixture("fx_storm", ("0", "0", "1", "100"))
    RUNS = 3  # a correct tracer passes every run; one bad run is a failure

    def test_a_task_appears_only_after_its_creation_line(self):
        argv = require(self.STORM).argv
        for _ in range(self.RUNS):
            res = clonetrace([], argv)
            self.assertEqual(res.returncode, 0, res.describe())
            self.assertEqual(Trace(res.trace).problems, [])


class CreatedTids(unittest.TestCase):
    def test_fx_created_has_its_creation_line(self):
        def check(fx):
            res, trace, fxs = run_of(fx)
            for f in fx_lines(fxs, "created"):
                lines = [c for c in trace.completed() if c.result == f.int("result")]
                self.assertEqual(len(lines), 1, "%s\n%s" % (f, res.describe()))
                c = lines[0]
                self.assertIn(c.call, CALLS[f.fields["call"]], c.body)
                self.assertEqual(c.kind, f.fields["kind"], c.body)
                self.assertEqual(c.abi, f.fields.get("abi"), c.body)
                for key in ("parent_tid", "pidfd"):  # what the kernel wrote back
                    if key in f.fields:
                        self.assertIn("%s=[%s]" % (key, f.fields[key]), c.args)
        for_each_fixture(self, FIXTURES, check)

    def test_fx_failed_matches_failed_calls(self):
        def check(fx):
            res, trace, fxs = run_of(fx)
            expected = [(f.fields["call"], f.fields["errno"], f.fields.get("abi"))
                        for f in fx_lines(fxs, "failed")]
            actual = [(c.call, c.err, c.abi) for c in trace.completed() if c.result == -1]
            self.assertCountEqual(actual, expected, res.describe())
        for_each_fixture(self, FIXTURES, check)

    def test_fx_child_is_a_created_child(self):
        def check(fx):
            res, trace, fxs = run_of(fx)
            for f in fx_lines(fxs, "child"):
                if f.int("ppid") == 0:
                    continue  # init of a new pid namespace: its tid is namespace-local
                tid, pid = f.int("tid"), f.int("pid")
                lines = [c for c in trace.created() if tid in (c.child, c.result)]
                self.assertEqual(len(lines), 1, "%s\n%s" % (f, res.describe()))
                c = lines[0]
                self.assertEqual(c.kind, "thread" if tid != pid else "process", c.body)
                if c.kind == "thread":
                    self.assertEqual(c.tgid, pid, c.body)
        for_each_fixture(self, FIXTURES, check)

    def test_parent_tid_written_back_is_the_child(self):
        def check(fx):
            _, trace, _ = run_of(fx)
            for c in trace.created():
                if "parent_tid=[" in c.args:
                    self.assertIn("parent_tid=[%d]" % c.result, c.args)
        for_each_fixture(self, FIXTURES, check)


class Threads(unittest.TestCase):
    def test_clone_thread(self):
        res, trace, fxs = run_of(require("fx_clone_thread"))
        child = fx_lines(fxs, "child")[0]
        value = fx_lines(fxs, "parent_tid")[0].int("value")
        [c] = trace.created()
        self.assertEqual((c.call, c.kind, c.child, c.tgid), ("clone", "thread", value, child.int("pid")),
                         res.describe())
        self.assertNotEqual(c.child, c.tgid)
        self.assertIn("parent_tid=[%d]" % value, c.args)
        self.assertIn("(thread %d of process %d)" % (value, child.int("pid")), c.body)

    def test_pthreads_belong_to_the_program(self):
        res, trace, fxs = run_of(require("fx_pthread"))
        tids = sorted(f.int("tid") for f in fx_lines(fxs, "child"))
        self.assertEqual(len(tids), 3)
        self.assertEqual(sorted(c.child for c in trace.created()), tids, res.describe())
        self.assertEqual({c.tgid for c in trace.created()}, {f.int("pid") for f in fx_lines(fxs, "child")})

    def test_exec_by_thread(self):
        res, trace, fxs = run_of(require("fx_exec_thread"))
        leader = fx_lines(fxs, "leader")[0].int("pid")
        thread = fx_lines(fxs, "child")[0].int("tid")
        execs = [e for e in trace.execs if e.former is not None]
        self.assertEqual(len(execs), 1, res.describe())
        self.assertEqual((execs[0].tid, execs[0].former), (leader, thread), res.describe())
        self.assertEqual(execs[0].path, os.path.realpath("/bin/sh"))


class Namespaces(unittest.TestCase):
    def test_nested_fork_shows_both_pids(self):
        res, trace, fxs = run_of(require("fx_namespaces"))
        nested = [c for c in trace.created() if c.result == 2]
        self.assertEqual(len(nested), 1, res.describe())
        c = nested[0]
        self.assertGreaterEqual(c.child, RESERVED_PIDS, c.body)
        self.assertIn("= 2 (process %d in our pid namespace)" % c.child, c.body)
        self.assertEqual(trace.exits_of(c.child), ["exited with 0"], res.describe())
        # The namespaces' first processes are seen from outside: real pids.
        for f in fx_lines(fxs, "created"):
            if "ns" in f.fields:
                outer = [(c.child, c.kind) for c in trace.created() if c.result == f.int("result")]
                self.assertEqual(outer, [(f.int("result"), "process")], res.describe())


class ExitLines(unittest.TestCase):
    # Child ends known from the fixtures' sources, on top of those derived from FX lines.
    KNOWN_CHILD_EXITS = {
        "fx_killed": ["killed by SIGSEGV"],
        "fx_clone_vm": ["exited with 5"],
        "fx_fork": ["exited with 3"],
    }

    def test_each_task_ends_once(self):
        def check(fx):
            res, trace, _ = run_of(fx)
            superseded = {e.former for e in trace.execs if e.former is not None}
            tasks = {trace.root} | {c.child for c in trace.created()}
            for tid in tasks:
                self.assertEqual(len(trace.exits_of(tid)), 0 if tid in superseded else 1,
                                 "task %s\n%s" % (tid, res.describe()))
            self.assertLessEqual({e.tid for e in trace.exits}, tasks, res.describe())
            self.assertEqual(trace.root_exit(), [exit_text(res.returncode)], res.describe())
        for_each_fixture(self, FIXTURES, check)

    def test_reaped_children_end_as_reported(self):
        def check(fx):
            res, trace, fxs = run_of(fx)
            reaped = collections.Counter(
                "exited with %s" % f.fields["status"] if "status" in f.fields
                else "killed by %s" % f.fields["signal"] for f in fx_lines(fxs, "reaped"))
            ended = collections.Counter(e.text for e in trace.exits if e.tid != trace.root)
            self.assertFalse(reaped - ended, res.describe())
            for text in self.KNOWN_CHILD_EXITS.get(fx.name, []):
                self.assertIn(text, ended, res.describe())
        for_each_fixture(self, FIXTURES, check)


if __name__ == "__main__":
    unittest.main()
