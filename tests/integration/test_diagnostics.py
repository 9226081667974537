"""--diagnose on real programs: each rule's fixture fires exactly that rule,
with the tasks and numbers the fixture reports about itself; programs
without threading bugs fire nothing; the findings of a replayed trace are
those of the live run; --diagnose-exit-code gates on a finding."""
import json
import os
import re
import signal
import subprocess
import unittest

from ctlib import BY_ID, CLONETRACE, FIXTURES_DIR, TIMEOUT, TempDir, parse_fx, run, wait_until, _counter

MS = 1000 * 1000
PYTHON = "/usr/bin/python3"
# Launched under the seccomp filter, which stops at exit_group for the rules
# that watch exits; and followed by events alone, which stops at each
# thread's end instead.
FOLLOWINGS = ((), ("--events-only",))


class Diagnosed:
    """One run of clonetrace --diagnose with the text trace (-o) and the JSON
    trace (--json=FILE) of the same events."""

    def __init__(self, argv, spec=None, options=()):
        n = next(_counter)
        self.json_path = TempDir.path("diag-%d.jsonl" % n)
        text_path = TempDir.path("diag-%d.txt" % n)
        diagnose = "--diagnose" if spec is None else "--diagnose=" + spec
        self.res = run([CLONETRACE, diagnose, *options, "-o", text_path, "--json=" + self.json_path, "--", *argv])
        with open(text_path, errors="replace") as f:
            self.text = f.read()
        with open(self.json_path) as f:
            self.events = [json.loads(line) for line in f]
        self.fx = parse_fx(self.res.stdout)

    @property
    def diagnostics(self):
        return [e for e in self.events if e["event"] == "diagnostic"]

    def describe(self):
        return self.res.describe() + "\n--- text trace\n" + self.text

    def fx_values(self, event, key, **match):
        return [int(f.fields[key]) for f in self.fx
                if f.event == event and all(f.fields.get(k) == v for k, v in match.items())]


def fixture(name, *args):
    return [os.path.join(FIXTURES_DIR, name), *args]


class RulesFire(unittest.TestCase):
    def only(self, run_, rule):
        found = run_.diagnostics
        self.assertEqual([d["rule"] for d in found], [rule], run_.describe())
        self.assertIn("!!! %s: %s\n" % (rule, found[0]["text"]), run_.text)
        self.assertIn("--- diagnostics: 1 found ---\n", run_.text)
        return found[0]

    def fork_threads(self, mode, spec):
        r = Diagnosed(fixture("fx_fork_threads", mode), spec)
        self.assertEqual(r.res.returncode, 0, r.describe())
        leader = r.fx_values("leader", "pid")[0]
        child = r.fx_values("created", "result")[0]
        threads = sorted(r.fx_values("thread", "tid"))
        return r, leader, child, threads

    def test_fork_with_threads_child_exits_without_exec(self):
        r, leader, child, threads = self.fork_threads("exit", "fork-with-threads:exec-within=60s")
        d = self.only(r, "fork-with-threads")
        self.assertEqual(d["finding"], "exit")
        self.assertEqual(d["tasks"], [leader, child, *threads])
        self.assertEqual((d["tid"], d["pid"]), (leader, leader))
        self.assertEqual(d["numbers"]["threads"], 3)
        self.assertEqual(d["numbers"]["exec_within_ns"], 60000 * MS)
        exit_event = [e for e in r.events if e["event"] == "exit" and e["tid"] == child][0]
        fork = [e for e in r.events if e["event"] == "create" and e.get("child", {}).get("tid") == child][0]
        self.assertEqual(d["numbers"]["ran_ns"], exit_event["mono_ns"] - fork["mono_ns"])

    def test_fork_with_threads_child_that_neither_execs_nor_exits_in_time(self):
        # The child sleeps 300 ms before it exits: past 100 ms whatever the load.
        r, leader, child, threads = self.fork_threads("stay", "fork-with-threads:exec-within=100ms")
        d = self.only(r, "fork-with-threads")
        self.assertEqual(d["finding"], "no-exec")
        self.assertEqual(d["tasks"], [leader, child, *threads])
        self.assertEqual(d["numbers"]["threads"], 3)
        self.assertGreaterEqual(d["numbers"]["ran_ns"], 300 * MS)
        self.assertIn("neither exec'd nor exited within 100.0 ms", d["text"])

    def test_fork_with_threads_passes_an_exec_in_time(self):
        r, _, _, _ = self.fork_threads("exec", "fork-with-threads:exec-within=60s")
        self.assertEqual(r.diagnostics, [], r.describe())

    def test_creation_failed_by_errno_and_a_retry_storm(self):
        r = Diagnosed(fixture("fx_creation_failed"))
        self.assertEqual(r.res.returncode, 0, r.describe())
        leader = r.fx_values("leader", "pid")[0]
        found = r.diagnostics
        self.assertEqual([(d["rule"], d["finding"], d["numbers"]["errno"]) for d in found],
                         [("creation-failed", "failed", 22), ("creation-failed", "retry-storm", 22),
                          ("creation-failed", "failed", 11)], r.describe())
        self.assertEqual([d["tasks"] for d in found], [[leader]] * 3)
        self.assertIn("failed with EINVAL (Invalid argument): likely thread-needs-sighand: ", found[0]["text"])
        self.assertEqual(found[1]["numbers"]["failures"], 10)
        self.assertIn("failed with EAGAIN (Resource temporarily unavailable): likely a task limit", found[2]["text"])
        self.assertIn("--- diagnostics: 3 found ---\n", r.text)

    def test_thread_growth(self):
        r = Diagnosed(fixture("fx_thread_growth"), "all,thread-growth:threads=10")
        self.assertEqual(r.res.returncode, 0, r.describe())
        leader = r.fx_values("leader", "pid")[0]
        found = r.diagnostics
        self.assertEqual([(d["rule"], d["finding"], d["numbers"]["threads"]) for d in found],
                         [("thread-growth", "rising", 10), ("thread-growth", "rising", 20),
                          ("thread-growth", "rising", 40)], r.describe())
        self.assertEqual([d["numbers"]["created"] for d in found], [9, 19, 39])
        self.assertEqual([d["tasks"] for d in found], [[leader]] * 3)

    def test_short_lived_threads(self):
        # Threads that return at once live far under a second, whatever the load.
        r = Diagnosed(fixture("fx_short_threads"), "all,short-lived-threads:lifetime=1s")
        self.assertEqual(r.res.returncode, 0, r.describe())
        leader = r.fx_values("leader", "pid")[0]
        d = self.only(r, "short-lived-threads")
        self.assertEqual(d["finding"], "short-lived")
        self.assertEqual(d["tasks"], [leader])
        self.assertEqual((d["numbers"]["short_lived"], d["numbers"]["threads"]), (120, 120))
        self.assertEqual(d["numbers"]["lifetime_ns"], 1000 * MS)

    def test_exec_from_thread(self):
        r = Diagnosed(fixture("fx_exec_from_thread"))
        self.assertEqual(r.res.returncode, 0, r.describe())
        d = self.only(r, "exec-from-thread")
        leader = r.fx_values("leader", "pid")[0]
        execer = r.fx_values("thread", "tid", role="exec")[0]
        waiter = r.fx_values("thread", "tid", role="waiter")[0]
        self.assertEqual(d["finding"], "exec")
        self.assertEqual(d["tasks"], [execer, leader, waiter])
        self.assertEqual(d["numbers"], {"killed": 1})

    def test_threads_at_exit_when_main_returns(self):
        for options in FOLLOWINGS:
            with self.subTest(options=options):
                r = Diagnosed(fixture("fx_threads_at_exit", "return"), None, options)
                self.assertEqual(r.res.returncode, 0, r.describe())
                d = self.only(r, "threads-at-exit")
                leader = r.fx_values("leader", "pid")[0]
                workers = r.fx_values("thread", "tid", role="worker")
                self.assertEqual(d["finding"], "exit")
                self.assertEqual(d["tasks"][0], leader)
                self.assertEqual(sorted(d["tasks"][1:]), sorted(workers))
                self.assertEqual(d["numbers"], {"killed": 2})
                killed = {e["tid"]: e["killed_by"] for e in r.events if e["event"] == "exit" and "killed_by" in e}
                self.assertEqual(killed, {tid: leader for tid in workers})

    def test_threads_at_exit_when_a_thread_calls_exit(self):
        for options in FOLLOWINGS:
            with self.subTest(options=options):
                r = Diagnosed(fixture("fx_threads_at_exit", "thread"), None, options)
                self.assertEqual(r.res.returncode, 3, r.describe())
                d = self.only(r, "threads-at-exit")
                leader = r.fx_values("leader", "pid")[0]
                quitter = r.fx_values("thread", "tid", role="exit")[0]
                self.assertEqual(d["tasks"][0], quitter)
                self.assertEqual(sorted(d["tasks"][1:]), sorted([leader, *r.fx_values("thread", "tid", role="worker")]))
                self.assertEqual(d["numbers"], {"killed": 3})

    def test_threads_at_exit_when_a_signal_kills_the_process(self):
        for mode, sig in (("segv", signal.SIGSEGV), ("kill", signal.SIGKILL)):
            for options in FOLLOWINGS:
                with self.subTest(mode=mode, options=options):
                    r = Diagnosed(fixture("fx_threads_at_exit", mode), None, options)
                    self.assertEqual(r.res.returncode, -sig, r.describe())
                    d = self.only(r, "threads-at-exit")
                    leader = r.fx_values("leader", "pid")[0]
                    others = [*r.fx_values("thread", "tid", role="worker"), *r.fx_values("thread", "tid", role=mode)]
                    self.assertEqual(d["finding"], "signal")
                    self.assertEqual((d["tid"], d["pid"]), (leader, leader))
                    self.assertEqual(d["tasks"][0], leader)
                    self.assertEqual(sorted(d["tasks"][1:]), sorted(others))
                    self.assertEqual(d["numbers"], {"killed": 4, "signal": sig})
                    self.assertIn("process %d was killed by %s while 4 of its threads still ran" % (leader, sig.name),
                                  d["text"])

    def test_threads_at_exit_names_processes_left_running_at_detach(self):
        json_path = TempDir.path("left-%d.jsonl" % next(_counter))
        with subprocess.Popen(fixture("fx_threads_at_exit", "hold"), stdout=subprocess.PIPE, text=True) as work:
            try:
                threads = [int(work.stdout.readline().split("=")[1].split()[0]) for _ in range(3)][1:]
                ct = subprocess.Popen([CLONETRACE, "--diagnose", "-qq", "-o", os.devnull, "--json=" + json_path,
                                       "-p", str(work.pid)], stdin=subprocess.DEVNULL, start_new_session=True)
                tracer = lambda tid: open("/proc/%d/task/%d/status" % (work.pid, tid)).read()
                wait_until(lambda: all("TracerPid:\t%d\n" % ct.pid in tracer(t) for t in [work.pid, *threads]),
                           "the attach")
                ct.send_signal(signal.SIGINT)
                self.assertEqual(ct.wait(TIMEOUT), 0)
            finally:
                work.kill()
        with open(json_path) as f:
            found = [e for e in map(json.loads, f) if e["event"] == "diagnostic"]
        self.assertEqual([(d["rule"], d["finding"]) for d in found], [("threads-at-exit", "left-running")])
        self.assertEqual(found[0]["tasks"], [work.pid, *sorted(threads)])
        self.assertEqual(found[0]["numbers"], {"threads": 3})

    def unreaped(self, r):
        leader = r.fx_values("leader", "pid")[0]
        zombies = sorted(r.fx_values("child", "pid", reaped="0"))
        self.assertEqual(len(zombies), 2, r.describe())
        return leader, zombies

    def test_unreaped_children_at_the_parent_exit(self):
        for options in FOLLOWINGS:
            with self.subTest(options=options):
                r = Diagnosed(fixture("fx_unreaped", "exit"), None, options)
                self.assertEqual(r.res.returncode, 0, r.describe())
                d = self.only(r, "unreaped-children")
                leader, zombies = self.unreaped(r)
                self.assertEqual(d["finding"], "exit")
                self.assertEqual(d["tasks"], [leader, *zombies])
                self.assertEqual((d["tid"], d["pid"]), (leader, leader))
                self.assertEqual(d["numbers"], {"unreaped": 2})
                self.assertEqual(d["text"], "process %d never waited for 2 of its children that had ended (%d %d); "
                                 "they were zombies when it ended" % (leader, *zombies))
                ends = {e["tid"]: e.get("unreaped") for e in r.events if e["event"] == "exit"}
                self.assertEqual(ends[leader], zombies)
                self.assertEqual([tid for tid, unreaped in ends.items() if unreaped is not None], [leader])

    def test_unreaped_children_at_detach(self):
        json_path = TempDir.path("unreaped-%d.jsonl" % next(_counter))
        with subprocess.Popen(fixture("fx_unreaped", "hold"), stdout=subprocess.PIPE, text=True) as work:
            try:
                lines = [work.stdout.readline() for _ in range(5)]
                self.assertEqual(lines[-1], "FX ready\n")
                zombies = sorted(int(line.split("=")[1].split()[0]) for line in lines if "reaped=0" in line)
                ct = subprocess.Popen([CLONETRACE, "--diagnose=unreaped-children", "-qq", "-o", os.devnull,
                                       "--json=" + json_path, "-p", str(work.pid)],
                                      stdin=subprocess.DEVNULL, start_new_session=True)
                status = lambda: open("/proc/%d/status" % work.pid).read()
                wait_until(lambda: "TracerPid:\t%d\n" % ct.pid in status(), "the attach")
                ct.send_signal(signal.SIGINT)
                self.assertEqual(ct.wait(TIMEOUT), 0)
            finally:
                work.kill()
        with open(json_path) as f:
            found = [e for e in map(json.loads, f) if e["event"] == "diagnostic"]
        self.assertEqual([(d["rule"], d["finding"]) for d in found], [("unreaped-children", "detach")])
        self.assertEqual(found[0]["tasks"], [work.pid, *zombies])
        self.assertEqual(found[0]["numbers"], {"unreaped": 2})
        self.assertIn("they were zombies when clonetrace detached", found[0]["text"])


class Attached(unittest.TestCase):
    """-p follows by events alone, without exit_group stops: the ends of a
    process attached to and then ending on its own are named as at launch."""

    def run_attached(self, argv, lines):
        json_path = TempDir.path("attached-%d.jsonl" % next(_counter))
        with subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True) as work:
            try:
                fx = parse_fx("".join(work.stdout.readline() for _ in range(lines)))
                ct = subprocess.Popen([CLONETRACE, "--diagnose", "-qq", "-o", os.devnull, "--json=" + json_path,
                                       "-p", str(work.pid)], stdin=subprocess.DEVNULL, start_new_session=True)
                tids = [int(t) for t in os.listdir("/proc/%d/task" % work.pid)]
                tracer = lambda tid: open("/proc/%d/task/%d/status" % (work.pid, tid)).read()
                wait_until(lambda: all("TracerPid:\t%d\n" % ct.pid in tracer(t) for t in tids), "the attach")
                work.stdin.write("go\n")
                work.stdin.flush()
                self.assertEqual(work.wait(TIMEOUT), 0)
                self.assertEqual(ct.wait(TIMEOUT), 0)
            finally:
                work.kill()
        with open(json_path) as f:
            events = [json.loads(line) for line in f]
        return work.pid, fx, events

    def test_threads_at_exit(self):
        leader, fx, events = self.run_attached(fixture("fx_threads_at_exit", "await"), 3)
        workers = sorted(int(f.fields["tid"]) for f in fx if f.event == "thread")
        found = [e for e in events if e["event"] == "diagnostic"]
        self.assertEqual([(d["rule"], d["finding"]) for d in found], [("threads-at-exit", "exit")])
        self.assertEqual(found[0]["tasks"][0], leader)
        self.assertEqual(sorted(found[0]["tasks"][1:]), workers)
        self.assertEqual(found[0]["numbers"], {"killed": 2})
        killed = {e["tid"]: e["killed_by"] for e in events if e["event"] == "exit" and "killed_by" in e}
        self.assertEqual(killed, {tid: leader for tid in workers})

    def test_unreaped_children(self):
        leader, fx, events = self.run_attached(fixture("fx_unreaped", "await"), 5)
        zombies = sorted(int(f.fields["pid"]) for f in fx if f.event == "child" and f.fields["reaped"] == "0")
        found = [e for e in events if e["event"] == "diagnostic"]
        self.assertEqual([(d["rule"], d["finding"]) for d in found], [("unreaped-children", "exit")])
        self.assertEqual(found[0]["tasks"], [leader, *zombies])
        self.assertEqual(found[0]["numbers"], {"unreaped": 2})


class NothingToFind(unittest.TestCase):
    """Programs without threading bugs: every rule on, nothing fires."""

    def silent(self, argv, cwd_files=None):
        for options in FOLLOWINGS:
            with self.subTest(options=options):
                r = Diagnosed(argv, None, options)
                self.assertEqual(r.res.returncode, 0, r.describe())
                self.assertEqual(r.diagnostics, [], r.describe())
                self.assertNotIn("!!!", r.text)
                self.assertIn("--- diagnostics: 0 found ---\n", r.text)
        return r

    def test_a_thread_pool_that_joins_its_threads(self):
        r = self.silent(fixture("fx_thread_pool"))
        self.assertEqual(len(r.fx_values("thread", "tid")), 4)

    def test_make_j2(self):
        directory = TempDir.path("make-%d" % next(_counter))
        os.mkdir(directory)
        with open(os.path.join(directory, "Makefile"), "w") as f:
            f.write("all: a b\n\techo done\na:\n\techo a > a\nb:\n\techo b > b\n")
        self.silent(["make", "-s", "-j2", "-C", directory])

    def test_python_multiprocessing_with_spawn(self):
        script = ("import multiprocessing as mp\n"
                  "def square(x):\n    return x * x\n"
                  "if __name__ == '__main__':\n"
                  "    mp.set_start_method('spawn')\n"
                  "    with mp.Pool(2) as pool:\n"
                  "        assert pool.map(square, range(8)) == [x * x for x in range(8)]\n")
        path = TempDir.path("mp-%d.py" % next(_counter))
        with open(path, "w") as f:
            f.write(script)
        self.silent([PYTHON, path])

    def test_a_parent_that_waits_for_its_children(self):
        r = self.silent(fixture("fx_unreaped", "wait"))
        self.assertEqual(r.fx_values("child", "reaped"), [1, 1, 1])
        self.assertEqual([e for e in r.events if "unreaped" in e], [])

    def test_a_shell_pipeline(self):
        r = self.silent(["sh", "-c", "echo hello | tr h j | cat > /dev/null"])
        self.assertGreaterEqual(sum(e["event"] == "exec" for e in r.events), 3)


class Replay(unittest.TestCase):
    def test_a_replayed_trace_gives_the_same_findings(self):
        for argv, spec in ((fixture("fx_fork_threads", "exit"), None), (fixture("fx_exec_from_thread"), None),
                           (fixture("fx_threads_at_exit", "thread"), None), (fixture("fx_unreaped", "exit"), None),
                           (fixture("fx_threads_at_exit", "segv"), None),
                           (fixture("fx_fork_threads", "stay"), "fork-with-threads:exec-within=100ms")):
            with self.subTest(argv=argv):
                live = Diagnosed(argv, spec)
                self.assertEqual(len(live.diagnostics), 1, live.describe())
                diagnose = "--diagnose" if spec is None else "--diagnose=" + spec
                again = run([CLONETRACE, diagnose, "--json", "--replay", live.json_path])
                self.assertEqual(again.returncode, 0, again.describe())
                replayed = [json.loads(line) for line in again.stderr.splitlines()]
                self.assertEqual(replayed, live.events)
                text_path = TempDir.path("replay-%d.txt" % next(_counter))
                text = run([CLONETRACE, diagnose, "-o", text_path, "--replay", live.json_path])
                self.assertEqual(text.returncode, 0, text.describe())
                with open(text_path, errors="replace") as f:
                    self.assertEqual(f.read(), live.text)

    def test_saved_findings_replay_without_diagnose(self):
        live = Diagnosed(fixture("fx_exec_from_thread"))
        again = run([CLONETRACE, "--replay", live.json_path])
        self.assertEqual(again.returncode, 0, again.describe())
        lines = [line for line in again.stderr.splitlines() if line.startswith("!!! ")]
        self.assertEqual(lines, ["!!! exec-from-thread: " + live.diagnostics[0]["text"]])
        self.assertNotIn("--- diagnostics", again.stderr)


class ExitCode(unittest.TestCase):
    def test_a_finding_turns_into_a_failing_status(self):
        argv = fixture("fx_fork_threads", "exit")
        for options, status in ((("--diagnose-exit-code",), 3), (("--diagnose-exit-code=42",), 42), ((), 0)):
            with self.subTest(options=options):
                r = Diagnosed(argv, None, options)
                self.assertEqual(len(r.diagnostics), 1, r.describe())
                self.assertEqual(r.res.returncode, status, r.describe())

    def test_without_a_finding_the_program_status_passes(self):
        r = Diagnosed(["sh", "-c", "exit 7"], None, ("--diagnose-exit-code",))
        self.assertEqual(r.diagnostics, [])
        self.assertEqual(r.res.returncode, 7, r.describe())

    def test_replay_gates_too(self):
        live = Diagnosed(fixture("fx_exec_from_thread"))
        again = run([CLONETRACE, "--diagnose", "--diagnose-exit-code=9", "--replay", live.json_path])
        self.assertEqual(again.returncode, 9, again.describe())

    def test_usage_errors(self):
        for argv, message in ((["--diagnose=nope", "true"], "unknown diagnostics rule 'nope'"),
                              (["--diagnose-exit-code", "true"], "--diagnose-exit-code needs --diagnose"),
                              (["--diagnose", "--diagnose-exit-code=0", "true"], "from 1 to 255")):
            with self.subTest(argv=argv):
                r = run([CLONETRACE, *argv])
                self.assertEqual(r.returncode, 2, r.describe())
                self.assertIn(message, r.stderr)


class Quiet(unittest.TestCase):
    def test_q_leaves_the_findings_to_the_end_section(self):
        r = Diagnosed(fixture("fx_exec_from_thread"), None, ("-q",))
        self.assertEqual(len(r.diagnostics), 1)
        self.assertNotIn("!!!", r.text)
        self.assertRegex(r.text, re.compile(r"^exec-from-thread +1  ", re.M))


if __name__ == "__main__":
    unittest.main()
