"""Programs with seccomp filters of their own (fx_own_filters, one filter per
mode): the filter is wrapped, every creation call it denies is still
reported with the verdict it gets untraced, and each installed filter is
announced once (text notice, JSON message); a filter that cannot be wrapped
switches the task to syscall stops and says so. That the program's output
and end are those of its untraced run is test_fixture_runs' check, over
the same fixtures."""
import json
import re
import unittest

from ctlib import Trace, about, clonetrace, parse_fx, traced

NOTICE_RE = re.compile(r"^clonetrace: \[pid (\d+)\] (seccomp|prctl)\(\S+(?: \S+)?\) installed a seccomp filter "
                       r"of its own(?: for every thread of process (\d+))?: (wrapped|not wrapped)", re.M)


def notices(res):
    return [m.groups() for m in NOTICE_RE.finditer(res.stderr)]


def json_messages(fx, options=()):
    res = clonetrace(["--json", *options], fx.argv)
    events = [json.loads(line) for line in res.trace.splitlines()]
    return [e for e in events if e["event"] == "message" and "filter_call" in e]


class Wrapped(unittest.TestCase):
    @about("fx_own_filters.clone3-enosys")
    def test_denied_clone3_and_glibcs_fallback_clone_are_both_reported(self, fx):
        res = traced(fx)
        trace = Trace(res.trace)
        clone3 = [c for c in trace.completed() if c.call == "clone3"]
        self.assertEqual([c.err for c in clone3], ["ENOSYS"] * 4, res.describe())  # the raw one, one per thread
        threads = [c for c in trace.created() if c.call == "clone" and c.kind == "thread"]
        pthreads = [f.int("result") for f in parse_fx(res.stdout) if f.fields.get("call") == "pthread"]
        self.assertEqual(sorted(c.child for c in threads), sorted(pthreads), res.describe())
        [(_, call, process, mode)] = notices(res)
        self.assertEqual((call, process, mode), ("seccomp", None, "wrapped"), res.describe())

    @about("fx_own_filters.clone3-enosys")
    def test_the_json_message_names_the_task_the_call_and_the_mode(self, fx):
        [m] = json_messages(fx)
        self.assertEqual((m["level"], m["filter_call"], m["filter_mode"]), ("notice", "seccomp", "wrapped"))
        self.assertEqual(m["tid"], m["pid"])
        self.assertIn("[pid %d]" % m["tid"], m["text"])

    @about("fx_own_filters.clone3-enosys")
    def test_quiet_silences_the_notice(self, fx):
        res = clonetrace(["-q"], fx.argv)
        self.assertEqual(notices(res), [], res.describe())
        self.assertEqual(len(json_messages(fx, ["-q"])), 1)  # JSON keeps every event

    @about("fx_own_filters.newuser-eperm")
    def test_a_denial_by_argument_through_prctl(self, fx):
        res = traced(fx)
        trace = Trace(res.trace)
        newuser = [c for c in trace.completed() if c.call == "clone" and "CLONE_NEWUSER" in c.args]
        self.assertEqual([c.err for c in newuser], ["EPERM"], res.describe())
        self.assertEqual([c.kind for c in trace.created() if c.call == "clone" and "CLONE_THREAD" not in c.args],
                         ["process"], res.describe())
        self.assertEqual([(call, mode) for _, call, _, mode in notices(res)], [("prctl", "wrapped")])

    @about("fx_own_filters.trap")
    def test_trap_delivers_the_kernels_sigsys_and_the_call_never_returns(self, fx):
        res = traced(fx)
        trapped = [f for f in parse_fx(res.stdout) if f.event == "trapped"]
        self.assertEqual(len(trapped), 2, res.describe())
        for f in trapped:
            self.assertEqual((f.fields["syscall"], f.fields["code"], f.fields["errno"], f.fields["addr_is_ip"],
                              f.fields["rax_is_nr"]), ("435", "1", "42", "1", "1"), res.describe())
        calls = [c for c in Trace(res.trace).creations if c.call == "clone3"]
        self.assertEqual([c.result for c in calls], [None, None], res.describe())

    @about("fx_own_filters.trap-blocked")
    def test_trap_with_sigsys_blocked_kills_the_process(self, fx):
        res = traced(fx)
        self.assertEqual(res.returncode, -31, res.describe())
        self.assertNotIn("FX survived", res.stdout)

    @about("fx_own_filters.kill-process")
    def test_kill_process_ends_every_thread_by_sigsys(self, fx):
        res = traced(fx)
        trace = Trace(res.trace)
        self.assertEqual(res.returncode, -31, res.describe())
        self.assertEqual(sorted(e.text for e in trace.exits), ["killed by SIGSYS"] * 2, res.describe())

    @about("fx_own_filters.kill-thread")
    def test_kill_thread_ends_that_thread_alone(self, fx):
        res = traced(fx)
        trace = Trace(res.trace)
        [thread] = [c.child for c in trace.created() if c.kind == "thread"]
        self.assertEqual(trace.exits_of(thread), ["killed by SIGSYS"], res.describe())
        self.assertEqual(trace.root_exit(), ["exited with 0"], res.describe())

    @about("fx_own_filters.tsync")
    def test_tsync_from_a_thread_covers_the_main_thread(self, fx):
        res = traced(fx)
        trace = Trace(res.trace)
        [thread] = [c.child for c in trace.created() if c.kind == "thread"]
        [(tid, _, process, mode)] = notices(res)
        self.assertEqual((int(tid), mode), (thread, "wrapped"), res.describe())
        self.assertIsNotNone(process)
        self.assertEqual([c.err for c in trace.completed() if c.call == "clone3" and c.result == -1], ["EPERM"])


class NotWrapped(unittest.TestCase):
    @about("fx_own_filters.listener")
    def test_a_filter_with_a_listener_switches_to_syscall_stops(self, fx):
        res = traced(fx)
        [(_, call, _, mode)] = notices(res)
        self.assertEqual((call, mode), ("seccomp", "not wrapped"), res.describe())
        self.assertIn("NEW_LISTENER", res.stderr)
        [m] = json_messages(fx)
        self.assertEqual(m["filter_mode"], "syscall_stops")
        errs = [c.err for c in Trace(res.trace).completed() if c.call == "clone3"]
        self.assertEqual(errs, ["EPERM"], res.describe())

    @about("fx_own_filters.null-probe")
    def test_a_probe_that_installs_nothing_says_nothing(self, fx):
        res = traced(fx)
        self.assertEqual(notices(res), [], res.describe())
        self.assertEqual(json_messages(fx), [])
        probes = [f.fields["errno"] for f in parse_fx(res.stdout) if f.event == "probe"]
        self.assertEqual(probes, ["EFAULT", "EFAULT"], res.describe())


if __name__ == "__main__":
    unittest.main()
