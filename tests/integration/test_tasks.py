"""Every task the fixture reports is in the trace with the right id, call and
kind, and ends exactly once. The expected values
come from the fixtures' own FX lines, run under the tracer."""
import collections
import json
import os
import re
import unittest

from ctlib import (FIXTURES, NO_SECCOMP, RESERVED_PIDS, Fixture, Trace, about, clonetrace, exit_text,
                   for_each_fixture, parse_fx, traced)

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


def abi_of(fx, f):
    """The ABI a creation line must name: the one the FX line says it used,
    else i386 for a program built with -m32 (none for the native one)."""
    return f.fields.get("abi", "i386" if fx.i386 else None)


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

    @about(STORM)
    def test_a_task_appears_only_after_its_creation_line(self, fx):
        for _ in range(self.RUNS):
            res = clonetrace([], fx.argv)
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
                self.assertEqual(c.abi, abi_of(fx, f), c.body)
                for key in ("parent_tid", "pidfd"):  # what the kernel wrote back
                    if key in f.fields:
                        self.assertIn("%s=[%s]" % (key, f.fields[key]), c.args)
        for_each_fixture(self, FIXTURES, check)

    def test_fx_failed_matches_failed_calls(self):
        def check(fx):
            res, trace, fxs = run_of(fx)
            expected = [(f.fields["call"], f.fields["errno"], abi_of(fx, f))
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
    @about("fx_clone_thread")
    def test_clone_thread(self, fx):
        res, trace, fxs = run_of(fx)
        child = fx_lines(fxs, "child")[0]
        value = fx_lines(fxs, "parent_tid")[0].int("value")
        [c] = trace.created()
        self.assertEqual((c.call, c.kind, c.child, c.tgid), ("clone", "thread", value, child.int("pid")),
                         res.describe())
        self.assertNotEqual(c.child, c.tgid)
        self.assertIn("parent_tid=[%d]" % value, c.args)
        self.assertIn("(thread %d of process %d)" % (value, child.int("pid")), c.body)

    @about("fx_pthread")
    def test_pthreads_belong_to_the_program(self, fx):
        res, trace, fxs = run_of(fx)
        tids = sorted(f.int("tid") for f in fx_lines(fxs, "child"))
        self.assertEqual(len(tids), 3)
        self.assertEqual(sorted(c.child for c in trace.created()), tids, res.describe())
        self.assertEqual({c.tgid for c in trace.created()}, {f.int("pid") for f in fx_lines(fxs, "child")})

    @about("fx_exec_thread")
    def test_exec_by_thread(self, fx):
        res, trace, fxs = run_of(fx)
        leader = fx_lines(fxs, "leader")[0].int("pid")
        thread = fx_lines(fxs, "child")[0].int("tid")
        execs = [e for e in trace.execs if e.former is not None]
        self.assertEqual(len(execs), 1, res.describe())
        self.assertEqual((execs[0].tid, execs[0].former), (leader, thread), res.describe())
        self.assertEqual(execs[0].path, os.path.realpath("/bin/sh"))


class Namespaces(unittest.TestCase):
    @about("fx_namespaces")
    def test_nested_fork_shows_both_pids(self, fx):
        res, trace, fxs = run_of(fx)
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


NS_ID_RE = re.compile(r"(\w+):\[(\d+)\]")


def namespace_note(text):
    """{"new": {kind: id}, "parent": {kind: id}, "nspid": N} from a creation's
    {new ...; parent ...; nspid N} decoration."""
    out = {"new": {}, "parent": {}, "nspid": None}
    for part in (text or "").split("; "):
        word, _, rest = part.partition(" ")
        if word == "nspid":
            out["nspid"] = int(rest)
        elif word in ("new", "parent"):
            out[word] = {k: int(v) for k, v in NS_ID_RE.findall(rest)}
    return out


class NewNamespaces(unittest.TestCase):
    """fx_namespaces: each child's new namespace, as the child itself reads
    it from /proc/self/ns, beside its parent's, in text and in JSON."""

    def said(self, fxs):
        lines = fx_lines(fxs, "ns")
        parents = [(f.fields["kind"], f.int("id")) for f in lines if f.fields["who"] == "parent"]
        children = [(f.fields["kind"], f.int("id")) for f in lines if f.fields["who"] == "child"]
        self.assertEqual(len(parents), len(children))
        self.assertEqual(len(parents), 5)
        return list(zip(parents, children))

    @about("fx_namespaces")
    def test_text_shows_new_and_parent_ids_and_nspid(self, fx):
        res, trace, fxs = run_of(fx)
        made = [c for c in trace.created() if c.call == "clone3"]
        for c, ((kind, parent_id), (child_kind, child_id)) in zip(made, self.said(fxs)):
            note = namespace_note(c.ns)
            self.assertEqual(note["new"], {kind: child_id}, c.body)
            self.assertEqual(note["parent"], {kind: parent_id}, c.body)
            self.assertNotEqual(child_id, parent_id)
            self.assertEqual(note["nspid"], 1 if kind == "pid" else None, c.body)
        self.assertEqual(len(made), 5, res.describe())
        # What the children saw: pid 1 in a new pid namespace, a hostname of their own.
        children = fx_lines(fxs, "child")
        self.assertEqual([f.int("pid") for f in children].count(1), 2, res.stdout)
        host = {f.fields["who"]: f.fields for f in fx_lines(fxs, "hostname")}
        self.assertEqual(host["child"]["name"], "fx-namespaces-child")
        self.assertEqual(host["parent"]["same"], "1")

    @about("fx_namespaces")
    def test_json_namespaces_object(self, fx):
        res = clonetrace(["--json"], fx.argv)
        self.assertEqual(res.returncode, 0, res.describe())
        events = [json.loads(line) for line in res.trace.splitlines()]
        made = [e for e in events if e["event"] == "create" and e["syscall"] == "clone3"]
        self.assertEqual(len(made), 5, res.trace)
        for e, ((kind, parent_id), (_, child_id)) in zip(made, self.said(parse_fx(res.stdout))):
            self.assertEqual(e["namespaces"], {"new": {kind: child_id}, "parent": {kind: parent_id}})
            if kind == "pid":
                self.assertEqual(e["child"]["ns_pid"], 1)


class NamespaceAlert(unittest.TestCase):
    """--ns-alert marks the calls that ask for namespaces, and only those."""

    @about("fx_namespaces")
    def test_text_and_json_mark_namespace_calls(self, fx):
        res = clonetrace(["--ns-alert"], fx.argv)
        self.assertEqual(res.returncode, 0, res.describe())
        made = Trace(res.trace).creations
        marked = [c.call for c in made if c.body.endswith(" [NAMESPACE]")]
        self.assertEqual(marked, ["clone3"] * 5, res.trace)
        self.assertEqual(len(made), 6, res.trace)  # and the nested fork, unmarked
        res = clonetrace(["--ns-alert", "--json"], fx.argv)
        events = [json.loads(line) for line in res.trace.splitlines()]
        alerts = [(e["syscall"], e.get("alert")) for e in events if e["event"] == "create"]
        self.assertEqual(alerts, [("clone3", "namespace")] * 5 + [("clone", None)], res.trace)

    @about("fx_fork")
    def test_nothing_marked_without_namespaces(self, fx):
        res = clonetrace(["--ns-alert"], fx.argv)
        self.assertNotIn("[NAMESPACE]", res.trace)


class Restarts(unittest.TestCase):
    """fx_restart: a fork that a signal interrupts ends with ERESTARTNOINTR
    and the kernel reruns it: one creation, and the restart is shown."""
    # Whether a signal lands in a fork's window is timing: up to TRIES runs
    # per mode until one shows a restart; every run is checked, and a run
    # without one is no failure.
    TRIES = 5

    @about("fx_restart")
    def test_a_restart_is_shown_and_counts_no_creation(self, fx):
        for options in ((), NO_SECCOMP):
            with self.subTest(options=options):
                restarts = self.check_run(traced(fx, options))
                runs = 1
                while not restarts and runs < self.TRIES:
                    restarts, runs = self.check_run(clonetrace(list(options), fx.argv)), runs + 1
                print("fx_restart %s: %d restart(s) in run %d of at most %d"
                      % (" ".join(options) or "(seccomp)", restarts, runs, self.TRIES))

    def check_run(self, res):
        """Checks one run; returns the number of restarts it showed."""
        self.assertEqual(res.returncode, 0, res.describe())
        trace, fxs = Trace(res.trace), parse_fx(res.stdout)
        self.assertEqual(trace.problems, [], res.describe())
        forks = sorted(f.int("result") for f in fx_lines(fxs, "created") if f.fields["call"] == "fork")
        threads = [f.int("result") for f in fx_lines(fxs, "created") if f.fields["call"] == "pthread"]
        [signals] = fx_lines(fxs, "signals")
        self.assertEqual((signals.int("sent"), signals.int("handled")), (len(forks), len(forks)), res.describe())
        # Every creation the program made is reported once, and nothing more.
        self.assertEqual(sorted(c.child for c in trace.created() if c.kind == "process"), forks, res.describe())
        self.assertEqual([c.child for c in trace.created() if c.kind == "thread"], threads, res.describe())
        self.assertEqual([c.body for c in trace.completed() if c.kind is None], [], res.describe())
        restarts = [c for c in trace.creations if c.restarted]
        for c in restarts:
            self.assertRegex(c.body, r"^clone\(.*\) = \? ERESTARTNOINTR \(To be restarted\)$")
            self.assertEqual(c.tid, trace.root, c.body)
        # Each restart is followed by the kernel's rerun of the same call.
        calls = [c for c in trace.creations if c.tid == trace.root]
        for c, rerun in zip(calls, calls[1:] + [None]):
            if c.restarted:
                self.assertIsNotNone(rerun, "no rerun after " + c.body)
                self.assertEqual((rerun.call, rerun.args), (c.call, c.args), res.describe())
        # A restart needs a signal, and each one the program handled.
        self.assertLessEqual(len(restarts), signals.int("handled"), res.describe())
        return len(restarts)


class CloneParent(unittest.TestCase):
    """fx_clone_parent: a CLONE_PARENT child belongs to its creator's parent.
    The program's own such child belongs to clonetrace, which launched it: it
    outlives the program, and clonetrace waits for it, reports its end and
    still ends like the program."""

    @about("fx_clone_parent")
    def test_children_of_the_creators_parent(self, fx):
        for options in ((), NO_SECCOMP):
            with self.subTest(options=options):
                res = traced(fx, options)
                self.assertEqual(res.returncode, 0, res.describe())
                trace, fxs = Trace(res.trace), parse_fx(res.stdout)
                [program] = fx_lines(fxs, "program")
                pid = program.int("pid")
                self.assertEqual(program.int("ppid"), res.pid, "launched by clonetrace")
                # The program's parent is clonetrace: its child is clonetrace's.
                by_ppid = {f.int("ppid"): f.int("tid") for f in fx_lines(fxs, "child")}
                self.assertEqual(set(by_ppid), {pid, res.pid}, res.stdout)
                grandchild, own = by_ppid[pid], by_ppid[res.pid]
                [forked] = [f.int("result") for f in fx_lines(fxs, "created") if f.fields["call"] == "fork"]
                made = {c.child: c for c in trace.created()}
                for child, creator in ((grandchild, forked), (own, pid)):
                    c = made.get(child)
                    self.assertIsNotNone(c, "no creation of %d\n%s" % (child, res.describe()))
                    self.assertEqual((c.tid, c.call, c.kind), (creator, "clone", "process"), c.body)
                    self.assertIn("CLONE_PARENT", c.args)
                self.assertEqual(trace.exits_of(grandchild), ["exited with 4"], res.describe())
                self.assertEqual(trace.exits_of(own), ["exited with 5"], res.describe())
                ended = [e.tid for e in trace.exits]
                self.assertLess(ended.index(pid), ended.index(own), "the child ends after the program")
                self.assertEqual(trace.root_exit(), ["exited with 0"], res.describe())


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
