#!/usr/bin/python3
"""Stress tests for clonetrace (see stresslib.py for the environment).

Each test bounds its time (every process has a timeout) and its counts, and
leaves no process behind (tearDown kills and reaps everything below the test
process, which is a child subreaper).
"""
import os
import re
import signal
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from stresslib import (  # noqa: E402
    CLONETRACE, RUN_TIMEOUT, SIGUSR1_BIT, STOPPED_STATES, JsonTrace, StressCase, TEXT_CREATION_RE,
    TEXT_EXEC_RE, TEXT_EXIT_RE, TEXT_SIGNAL_RE, check_order, check_tree, fixture, group_of, orphan_births, fx_lines, load_json_trace, program_of,
    read_status, sample_not_stopped, scaled, start_time, state_of, tgkill, thread_states, threads_of, wait_for)

# The storm: 32 threads each create and join 200 threads
# while 4 others fork+exec /bin/true in a loop.
STORM_THREADS, STORM_PER_THREAD, STORM_FORKERS, STORM_FORKS_EACH = 32, 200, 4, 50
STORM_ARGS = [str(STORM_THREADS), str(STORM_PER_THREAD), str(STORM_FORKERS), str(STORM_FORKS_EACH)]
# What fx_storm counts: every pthread_create that succeeded (the 36 workers
# and the 32*200 short-lived threads) and every fork that succeeded.
STORM_THREADS_COUNTED = STORM_THREADS * STORM_PER_THREAD + STORM_THREADS + STORM_FORKERS
STORM_FORKS_COUNTED = STORM_FORKERS * STORM_FORKS_EACH


def storm_result(test, proc):
    lines = fx_lines(proc.stdout, "storm")
    test.assertEqual(len(lines), 1, "one FX storm line expected\n" + proc.tail())
    return {k: int(v) for k, v in lines[0].items()}


def describe(proc):
    return "%s\nreturncode=%s elapsed=%.2fs\n%s" % (
        " ".join(proc.argv), getattr(proc, "returncode", None), proc.elapsed or -1, proc.tail())


def check_storm_trace(test, proc, fx, trace, program):
    """Every creation the storm counted is reported exactly once, with the
    right parent, and nothing else."""
    problems = check_tree(trace, [program], {"thread": fx["threads"], "process": fx["forks"]})
    orphans = orphan_births(trace)
    if orphans:
        problems.append("%d task_start(born) without a create, though no creator died: %s" % (len(orphans), orphans[:10]))
    for e in trace.creates:
        if e.get("outcome") == "created":
            continue
        # Calls that created nothing: only a retried EAGAIN or a restart.
        if not (e.get("outcome") == "restarted" or (e.get("outcome") == "failed" and e.get("errno") == "EAGAIN")):
            problems.append("unexpected creation outcome: %s" % e)
    threads = {e["child"]["tid"] for e in trace.created if group_of(e["child"]) == "thread"}
    for e in trace.created:
        # Every creator is the program's main thread or one of its threads
        # (the workers create the short-lived threads and fork).
        if e["pid"] != program or (e["tid"] != program and e["tid"] not in threads):
            problems.append("creation by %s/%s, not by the program %s or its threads" % (e["tid"], e["pid"], program))
        if group_of(e["child"]) == "thread" and e["child"]["pid"] != program:
            problems.append("thread %s reported in process %s" % (e["child"]["tid"], e["child"]["pid"]))
    forked = {e["child"]["tid"] for e in trace.created if group_of(e["child"]) == "process"}
    execs = [x for x in trace.execs if x["tid"] in forked]
    if len(execs) != len(forked) or {x["tid"] for x in execs} != forked:
        problems.append("%d exec events for %d forked children" % (len(execs), len(forked)))
    for tid in threads | forked:
        for x in trace.exits.get(tid, []):
            if x.get("status") != 0:
                problems.append("task %s exit %s" % (tid, x))
    end = trace.end or {}
    if (end.get("threads_created"), end.get("processes_created")) != (fx["threads"], fx["forks"]):
        problems.append("trace_end counts %s/%s, program counted %s/%s" % (
            end.get("threads_created"), end.get("processes_created"), fx["threads"], fx["forks"]))
    if (end.get("program") or {}).get("status") != 0:
        problems.append("trace_end program %s" % end.get("program"))
    test.no_problems(problems, describe(proc))


class StormExactTest(StressCase):
    """32x200 threads + 4 fork+exec loops: exact accounting, bounded time."""

    def json_run(self):
        """(proc, fx, trace, program): one traced storm shared by two tests."""
        return self.shared("storm", self._json_run)

    def _json_run(self):
        proc = self.run_traced([fixture("fx_storm"), *STORM_ARGS])
        self.assertEqual(proc.returncode, 0, describe(proc))
        fx = storm_result(self, proc)
        trace = JsonTrace(load_json_trace(proc.trace_path))
        program = trace.launched()
        self.assertIsNotNone(program, "no task_start(launched)")
        print("storm json: %d events in %.2fs" % (len(trace.events), proc.elapsed))
        self.assert_nothing_left("storm", allow_zombies_of={program})
        return proc, fx, trace, program

    def test_storm_json(self):
        """Under --json: each counted creation reported once, right parent,
        nothing else; each task starts and exits once; bounded time."""
        proc, fx, trace, program = self.json_run()
        self.assertEqual((fx["threads"], fx["forks"], fx["usr1"]),
                         (STORM_THREADS_COUNTED, STORM_FORKS_COUNTED, 0), describe(proc))
        check_storm_trace(self, proc, fx, trace, program)

    def test_storm_event_order(self):
        """The same run: no task's exit (or other event) before its creation
        is reported, and written parent_tid is the child's tid."""
        proc, fx, trace, program = self.json_run()
        problems = check_order(trace)
        self.no_problems(problems, "%d of %d created tasks\n%s" % (len(problems), len(trace.created), describe(proc)),
                         limit=5)

    def test_storm_text(self):
        """The same accounting in the strace-style text output."""
        storm = fixture("fx_storm")
        proc = self.run_traced([storm, *STORM_ARGS], json_out=False)
        self.assertEqual(proc.returncode, 0, describe(proc))
        fx = storm_result(self, proc)
        self.assertEqual((fx["threads"], fx["forks"]), (STORM_THREADS_COUNTED, STORM_FORKS_COUNTED), describe(proc))
        with open(proc.trace_path, errors="replace") as f:
            lines = f.read().splitlines()
        problems, threads, processes, exits, execs, sigchlds = [], {}, {}, {}, {}, []
        program = None
        for line in lines:
            m = TEXT_CREATION_RE.match(line)
            if m:
                if m["ret"] == "?" or int(m["ret"]) < 0:
                    if "ERESTART" not in line and "EAGAIN" not in line:
                        problems.append("creation that created nothing: %s" % line)
                    continue
                if m["thread"]:
                    tid, tgid = int(m["thread"]), int(m["tgid"])
                    program = program or tgid
                    if tgid != program:
                        problems.append("thread of another process: %s" % line)
                    if tid in threads:
                        problems.append("thread %d reported twice" % tid)
                    threads[tid] = m["pid"]
                elif m["real"] is None and int(m["ret"]) > 0:
                    pid = int(m["ret"])
                    if pid in processes:
                        problems.append("process %d reported twice" % pid)
                    processes[pid] = m["pid"]
                else:
                    problems.append("unexpected creation line: %s" % line)
                continue
            m = TEXT_EXIT_RE.match(line)
            if m:
                if m["pid"]:
                    exits.setdefault(int(m["pid"]), []).append(m["what"])
                else:
                    exits.setdefault(None, []).append(m["what"])
                continue
            m = TEXT_EXEC_RE.match(line)
            if m:
                execs.setdefault(int(m["pid"]) if m["pid"] else None, []).append(m["path"])
                continue
            m = TEXT_SIGNAL_RE.match(line)
            if m:
                sigchlds.append(line)
                continue
            problems.append("unparsed line: %r" % line)
        # Each SIGCHLD (pending ones merge, so there may be fewer than forks)
        # names a forked process that exited with 0.
        for line in sigchlds:
            info = re.search(r"si_code=CLD_EXITED, si_pid=(\d+), si_uid=\d+, si_status=0,", line)
            if not info or int(info[1]) not in processes:
                problems.append("signal line of no forked process's exit: %s" % line)
        self.assertEqual(len(threads), fx["threads"], "thread creation lines vs the program's count")
        self.assertEqual(len(processes), fx["forks"], "process creation lines vs the program's count")
        for tid in list(threads) + list(processes):
            if exits.get(tid) != ["exited with 0"]:
                problems.append("task %d: exit lines %s" % (tid, exits.get(tid)))
        for pid in processes:
            if len(execs.get(pid, [])) != 1:
                problems.append("process %d: exec lines %s" % (pid, execs.get(pid)))
        # The program's own exit: the last line, unprefixed or [pid program].
        last = [(pid, what) for pid, whats in exits.items() for what in whats if pid in (None, program)]
        if last != [(last[0][0] if last else None, "exited with 0")]:
            problems.append("program exit lines: %s" % last)
        for creator in set(threads.values()) | set(processes.values()):
            if creator is not None and int(creator) != program and int(creator) not in threads:
                problems.append("creation by %s, neither the program nor one of its threads" % creator)
        self.no_problems(problems, describe(proc))
        print("storm text: %d lines in %.2fs" % (len(lines), proc.elapsed))
        self.assert_nothing_left("storm text")


# --------------------------------------------------------------------------
# Signals during the storm
# --------------------------------------------------------------------------

MAX_USR1 = 250           # SIGUSR1s per run, at most
STOP_EVERY = 15          # a SIGSTOP/SIGCONT cycle after every 15 SIGUSR1s
MAX_STOPS = 10
SIGNAL_WAIT = 10         # seconds for a signal to take effect


def alive(status):
    """A thread's status read shows it alive (not ending, not released)."""
    return status is not None and state_of(status) not in ("Z", "X")


class SignalDriver:
    """Sends signals to a running fx_storm (pid) and keeps the books.

    SIGUSR1 goes to a random thread other than main with tgkill, one at a
    time. The next is sent once the previous is `confirmed` (dequeued by a
    live thread: its handler, which counts it, runs before the thread can
    end, and every thread but main is joined before main prints the count)
    or `lost` (the thread is gone; it may have ended holding the signal, as
    can happen untraced too). Only a status read with SIGUSR1 neither
    pending nor blocked, then a later read that still finds the thread,
    proves a dequeue: an ending thread (glibc blocks every signal) drops
    its pending signals while still listed, a read that overlaps a thread's
    release shows empty sets, and a running handler blocks SIGUSR1 (the
    driver waits it out). So deterministically: confirmed <= usr1 <= sent;
    a tracer that swallows a signal at its delivery stop makes usr1 smaller
    than confirmed, one that invents a signal makes it larger than sent.
    Every STOP_EVERY signals the whole process gets SIGSTOP: all its threads
    must stop and stay stopped; then SIGCONT: they must run again."""

    def __init__(self, test, pid, running):
        self.test, self.pid, self.running, self.rng = test, pid, running, test.rng
        self.sent = self.confirmed = self.lost = self.stops = 0
        self.problems = []

    def run(self):
        n = 0
        while self.running() and self.sent < MAX_USR1 and not self.problems:
            n += 1
            if n % STOP_EVERY == 0 and self.stops < MAX_STOPS:
                self.stop_cycle()
            else:
                self.usr1()
        return self

    def usr1(self):
        threads = [t for t in threads_of(self.pid) if t != self.pid]
        if not threads:
            time.sleep(0.001)
            return
        tid = self.rng.choice(threads)
        if not tgkill(self.pid, tid, signal.SIGUSR1):
            return  # gone before we sent it: not sent
        self.sent += 1
        deadline = time.monotonic() + SIGNAL_WAIT
        st = read_status(self.pid, tid)
        while alive(st) and (int(st["SigPnd"], 16) | int(st["SigBlk"], 16)) & SIGUSR1_BIT:
            if time.monotonic() > deadline:
                self.problems.append("SIGUSR1 to thread %d still pending or blocked after %ss (state %s)" % (
                    tid, SIGNAL_WAIT, st["State"]))
                return
            time.sleep(0.0002)
            st = read_status(self.pid, tid)
        if alive(st) and alive(read_status(self.pid, tid)):
            self.confirmed += 1
        else:
            self.lost += 1

    def all_stopped(self):
        states = thread_states(self.pid)
        return states and all(s in STOPPED_STATES for s, _ in states.values())

    def send(self, sig):
        try:
            os.kill(self.pid, sig)
        except ProcessLookupError:
            pass  # the workload ended (and was reaped) between two steps

    def stop_cycle(self):
        self.stops += 1
        self.send(signal.SIGSTOP)
        if not wait_for(lambda: self.all_stopped() or not self.running(), SIGNAL_WAIT):
            self.problems.append("SIGSTOP #%d: threads not all stopped after %ss: %s" % (
                self.stops, SIGNAL_WAIT, self.summary(thread_states(self.pid))))
        time.sleep(self.rng.uniform(0.01, 0.08))
        if self.running() and not self.all_stopped():
            self.problems.append("SIGSTOP #%d: a thread ran while the process was stopped: %s" % (
                self.stops, self.summary(thread_states(self.pid))))
        self.send(signal.SIGCONT)
        if not wait_for(lambda: not self.running() or not self.all_stopped(), SIGNAL_WAIT):
            self.problems.append("SIGCONT #%d: still all stopped after %ss: %s" % (
                self.stops, SIGNAL_WAIT, self.summary(thread_states(self.pid))))

    @staticmethod
    def summary(states):
        counts = {}
        for s, _ in states.values():
            counts[s] = counts.get(s, 0) + 1
        return counts

    def check(self, fx):
        problems = list(self.problems)
        if self.confirmed < 1:
            problems.append("no SIGUSR1 confirmed delivered (sent %d): the run was too short to test" % self.sent)
        if not self.confirmed <= fx["usr1"] <= self.sent:
            problems.append("usr1=%d, but %d were dequeued by live threads and %d sent (%d whose thread ended first)" % (
                fx["usr1"], self.confirmed, self.sent, self.lost))
        return problems

    def __str__(self):
        return "sent=%d confirmed=%d lost=%d stops=%d" % (self.sent, self.confirmed, self.lost, self.stops)


def comm_is(pid, comm):
    try:
        with open("/proc/%d/comm" % pid) as f:
            return f.read().strip() == comm
    except (FileNotFoundError, ProcessLookupError):
        return False


class StormSignalsTest(StressCase):
    """SIGUSR1 to random threads and SIGSTOP/SIGCONT to the whole process
    during the storm: the handler's count and the output obey the same
    deterministic bounds traced as untraced, nothing is left stopped."""

    def check_run(self, label, proc, driver):
        fx = storm_result(self, proc)
        problems = driver.check(fx)
        if (fx["threads"], fx["forks"]) != (STORM_THREADS_COUNTED, STORM_FORKS_COUNTED):
            problems.append("storm counts %s" % fx)
        print("%s: %s, program says %s, %.2fs" % (label, driver, fx, proc.elapsed))
        return fx, problems

    def test_untraced_baseline(self):
        """The protocol itself on the untraced program (the oracle)."""
        proc = self.start([fixture("fx_storm"), *STORM_ARGS], "fx_storm")
        self.assertTrue(wait_for(lambda: comm_is(proc.pid, "fx_storm"), 30), "fx_storm did not start")
        driver = SignalDriver(self, proc.pid, lambda: proc.poll() is None).run()
        proc.returncode = proc.wait(RUN_TIMEOUT)
        self.assertEqual(proc.returncode, 0, describe(proc))
        fx, problems = self.check_run("untraced", proc, driver)
        self.no_problems(problems, describe(proc))
        self.assert_nothing_left("untraced signals")

    def test_traced(self):
        proc = self.start_traced([fixture("fx_storm"), *STORM_ARGS])
        program = program_of(proc.pid, "fx_storm")
        self.assertIsNotNone(program, "fx_storm did not start under clonetrace\n" + proc.tail())
        driver = SignalDriver(self, program, lambda: proc.poll() is None and read_status(program) is not None
                              and state_of(read_status(program)) != "Z").run()
        proc.returncode = proc.wait(RUN_TIMEOUT)
        self.assertEqual(proc.returncode, 0, describe(proc))
        fx, problems = self.check_run("traced", proc, driver)
        trace = JsonTrace(load_json_trace(proc.trace_path))
        problems += check_tree(trace, [program], {"thread": fx["threads"], "process": fx["forks"]})
        self.no_problems(problems, describe(proc))
        self.assert_nothing_left("traced signals", allow_zombies_of={program})


# --------------------------------------------------------------------------
# SIGKILL at random moments
# --------------------------------------------------------------------------

KILL_REPEATS = 20
AFTER_SIGNAL_TIMEOUT = 30  # seconds for clonetrace to end after SIGKILL of the program or SIGINT
KILL_WITHIN = 0.6  # kills land in the first 60% of a traced storm, timed first in each mode


class StormSigkillTest(StressCase):
    """SIGKILL to the traced program at a random moment of the storm, 20
    times (alternately --json and text): clonetrace reports the kill, dies by
    SIGKILL itself, and leaves no zombie, no stopped or traced task."""

    def kill_runs(self):
        """One set of kill runs shared by the two tests."""
        return self.shared("kills", self.run_kills)

    def start_storm(self, json_out):
        """(clonetrace, the pid of fx_storm under it)."""
        proc = self.start_traced([fixture("fx_storm"), *STORM_ARGS], json_out=json_out)
        program = program_of(proc.pid, "fx_storm")
        self.assertIsNotNone(program, "fx_storm did not start under clonetrace\n" + proc.tail())
        return proc, program

    def storm_seconds(self, json_out):
        """How long one traced storm runs, from the program's start on."""
        proc, _ = self.start_storm(json_out)
        started = time.monotonic()
        proc.returncode = proc.wait(AFTER_SIGNAL_TIMEOUT)
        self.assertEqual(proc.returncode, 0, proc.tail(5))
        return time.monotonic() - started

    def run_kills(self):
        repeats = scaled(KILL_REPEATS)
        hits, late, problems, consistency = 0, 0, [], []
        storm = {json_out: self.storm_seconds(json_out) for json_out in (False, True)}
        for i in range(repeats):
            json_out = i % 2 == 0
            proc, program = self.start_storm(json_out)
            born = start_time(program)
            delay = self.rng.uniform(0, KILL_WITHIN * storm[json_out])
            time.sleep(delay)
            try:
                os.kill(program, signal.SIGKILL)
            except ProcessLookupError:
                pass  # the storm was over already: counted as late below
            proc.returncode = proc.wait(AFTER_SIGNAL_TIMEOUT)
            what = "kill #%d (%s, after %.3fs, program %d)" % (i, "json" if json_out else "text", delay, program)
            if proc.returncode == 0 and fx_lines(proc.stdout, "storm"):
                late += 1  # the storm was already over: nothing to check
                self.assert_nothing_left(what)
                continue
            hits += 1
            if proc.returncode != -signal.SIGKILL:
                problems.append("%s: clonetrace returncode %s, want -9\n%s" % (what, proc.returncode, proc.tail(5)))
            found, tree = self.check_kill_trace(proc, program, json_out)
            problems += ["%s: %s" % (what, p) for p in found]
            if tree:
                consistency.append("%s: %d problem(s), e.g. %s" % (what, len(tree), tree[0]))
            try:
                self.assert_nothing_left(what, allow_zombies_of={program})
            except AssertionError as e:
                problems.append(str(e))
            if start_time(program) == born:
                problems.append("%s: program %d still exists" % (what, program))
            if problems:
                break
        print("%d kills during the storm, %d after it ended; %d traces inconsistent" % (hits, late, len(consistency)))
        return repeats, hits, problems, consistency

    def test_sigkill_during_storm(self):
        repeats, hits, problems, _ = self.kill_runs()
        self.no_problems(problems)
        self.assertGreaterEqual(hits, (repeats + 1) // 2, "too few kills landed during the storm")

    def test_sigkill_trace_consistency(self):
        """The --json traces of those runs: every event is about a task whose
        creation was reported, every reported task exits once."""
        repeats, hits, _, consistency = self.kill_runs()
        self.no_problems(consistency, "%d of %d json runs" % (len(consistency), (repeats + 1) // 2))

    def check_kill_trace(self, proc, program, json_out):
        """(problems, consistency problems) of one killed run's trace."""
        if json_out:
            trace = JsonTrace(load_json_trace(proc.trace_path))
            problems = []
            exits = [e.get("status") for e in trace.exits.get(program, [])]
            if exits != ["SIGKILL"]:
                problems.append("program exit events %s, want one SIGKILL" % exits)
            end = trace.end or {}
            if (end.get("program") or {}).get("status") != "SIGKILL":
                problems.append("trace_end program %s" % end.get("program"))
            return problems, check_tree(trace, [program])
        with open(proc.trace_path, errors="replace") as f:
            text = f.read()
        killed = re.compile(r"^(?:\[pid +%d\] )?\+\+\+ killed by SIGKILL \+\+\+$" % program, re.M)
        if not killed.search(text):
            return ["no '+++ killed by SIGKILL +++' line for the program; last lines:\n%s" %
                    "\n".join(text.splitlines()[-5:])], []
        return [], []


# --------------------------------------------------------------------------
# Task shapes: exec by a non-leader thread, orphans, CLONE_PARENT, vfork, a
# deep chain
# --------------------------------------------------------------------------

CHAIN_DEPTH = 200
UNKNOWN_TASK = "event of a task never created"


def sh_path():
    return os.path.realpath("/bin/sh")


class TaskShapesTest(StressCase):

    def traced_json(self, argv, want_rc=0):
        proc = self.run_traced(argv)
        self.assertEqual(proc.returncode, want_rc, describe(proc))
        trace = JsonTrace(load_json_trace(proc.trace_path))
        program = trace.launched()
        self.assertIsNotNone(program)
        return proc, trace, program

    def test_exec_thread(self):
        """fx_exec_thread: a non-leader thread execs /bin/sh, which exits 6."""
        proc, trace, program = self.traced_json([fixture("fx_exec_thread")], want_rc=6)
        fx = fx_lines(proc.stdout, "child")
        self.assertEqual(len(fx), 1, proc.tail())
        thread = int(fx[0]["tid"])
        execs = [(x["tid"], x["former_tid"], x["path"]) for x in trace.execs if x["tid"] == program]
        self.assertEqual(execs[-1], (program, thread, sh_path()), "exec events: %s" % execs)
        self.assertEqual([e.get("status") for e in trace.exits.get(program, [])], [6])
        self.no_problems(check_tree(trace, [program], {"thread": 1}), describe(proc))
        text = self.run_traced([fixture("fx_exec_thread")], json_out=False)
        self.assertEqual(text.returncode, 6, describe(text))
        with open(text.trace_path) as f:
            lines = f.read().splitlines()
        exec_line = r'(\[pid +\d+\] )?--- exec "%s" \["sh", "-c", "echo FX execd pid=\$\$; exit 6"\] by thread %s ---' % (
            re.escape(sh_path()), fx_lines(text.stdout, "child")[0]["tid"])
        self.assertTrue(any(re.fullmatch(exec_line, l) for l in lines), "no exec-by-thread line:\n" + "\n".join(lines))
        self.assertEqual(lines[-1], "+++ exited with 6 +++", "\n".join(lines))
        self.assert_nothing_left("exec_thread")

    def exec_storm_runs(self):
        return self.shared("exec storm", self._exec_storm_runs)

    def _exec_storm_runs(self):
        """5 runs of st_exec_storm (4 threads creating threads; another one
        execs after a random 20..150 ms): [(proc, trace, program, thread)]."""
        runs = []
        for i in range(scaled(5)):
            delay = self.rng.randrange(20, 150)
            proc, trace, program = self.traced_json([fixture("st_exec_storm"), "4", str(delay)], want_rc=6)
            execd = fx_lines(proc.stdout, "execd")
            self.assertEqual(execd, [{"pid": str(program)}], proc.tail())
            thread = int(fx_lines(proc.stdout, "exec_thread")[0]["tid"])
            runs.append((proc, trace, program, thread))
        self.assert_nothing_left("exec storm")
        return runs

    def test_exec_during_thread_storm(self):
        """A non-leader thread execs while 4 threads keep creating threads:
        the exec is reported (by that thread, as the leader), the program's
        exit is 6, every reported thread is created once and ends once."""
        for proc, trace, program, thread in self.exec_storm_runs():
            execs = [(x["tid"], x["former_tid"], x["path"]) for x in trace.execs if x["tid"] == program]
            self.assertEqual(execs[-1:], [(program, thread, sh_path())], "exec events: %s" % execs)
            self.assertEqual([e.get("status") for e in trace.exits.get(program, [])], [6])
            problems = [p for p in check_tree(trace, [program]) if not p.startswith(UNKNOWN_TASK)]
            self.no_problems(problems, "%d threads created\n%s" % (len(trace.created), describe(proc)))

    def test_exec_storm_every_event_has_a_creation(self):
        """The same runs: no exit (or other event) of a thread whose creation
        was never reported."""
        bad = []
        for proc, trace, program, thread in self.exec_storm_runs():
            unknown = [p for p in check_tree(trace, [program]) if p.startswith(UNKNOWN_TASK)]
            unfinished = [e for e in trace.creates if e.get("outcome") == "unfinished"]
            if unknown:
                bad.append("%s: %d event(s) of unknown tasks (and %d unfinished creations), e.g. %s" % (
                    " ".join(proc.argv[-2:]), len(unknown), len(unfinished), unknown[0]))
        self.no_problems(bad, "%d of %d runs" % (len(bad), len(self.exec_storm_runs())))

    def test_orphans(self):
        """The grandchild outlives its parent: its exit is still reported
        and clonetrace ends only after it."""
        proc, trace, program = self.traced_json([fixture("fx_orphans")])
        children = [int(d["tid"]) for d in fx_lines(proc.stdout, "child")]
        self.assertEqual(len(children), 2, proc.tail())
        child, grandchild = children
        by_child = {e["child"]["tid"]: e for e in trace.created}
        self.assertEqual(set(by_child), {child, grandchild})
        self.assertEqual((by_child[child]["tid"], by_child[grandchild]["tid"]), (program, child),
                         "creators of the child and the grandchild")
        self.assertEqual([e.get("status") for e in trace.exits.get(grandchild, [])], [0])
        exits = [e["tid"] for e in trace.of("exit")]
        self.assertEqual(exits[-1], grandchild, "the grandchild ends last: %s" % exits)
        self.no_problems(check_tree(trace, [program], {"process": 2}), describe(proc))
        self.assert_nothing_left("orphans", allow_zombies_of={program})

    def test_clone_parent(self):
        """fx_clone_parent: the program's CLONE_PARENT child is clonetrace's
        own child and outlives the program: clonetrace reports its creation
        and its end and reaps it (no zombie passes to us when clonetrace
        ends); the grandchild made with CLONE_PARENT is the program's."""
        proc, trace, program = self.traced_json([fixture("fx_clone_parent")])
        parents = {int(d["tid"]): int(d["ppid"]) for d in fx_lines(proc.stdout, "child")}
        by_parent = {ppid: tid for tid, ppid in parents.items()}
        self.assertEqual(set(by_parent), {program, proc.pid}, proc.tail())
        own, grandchild = by_parent[proc.pid], by_parent[program]
        created = {e["child"]["tid"]: e for e in trace.created}
        self.assertEqual(created[own]["tid"], program)
        for tid, status in ((own, 5), (grandchild, 4)):
            self.assertIn("CLONE_PARENT", created[tid].get("flags", []))
            self.assertEqual([s.get("ppid") for s in trace.starts.get(tid, [])], [parents[tid]])
            self.assertEqual([e.get("status") for e in trace.exits.get(tid, [])], [status])
        exits = [e["tid"] for e in trace.of("exit")]
        self.assertLess(exits.index(program), exits.index(own), "the child ends after the program: %s" % exits)
        self.no_problems(check_tree(trace, [program], {"process": 3}), describe(proc))
        self.assert_nothing_left("clone_parent", allow_zombies_of={program, own})

    def test_vfork(self):
        """vfork children that _exit and that exec."""
        proc, trace, program = self.traced_json([fixture("fx_vfork")])
        created = [int(d["result"]) for d in fx_lines(proc.stdout, "created")]
        self.assertEqual([e["child"]["tid"] for e in trace.created], created)
        for e in trace.created:
            vfork = e["syscall"] == "vfork" or "CLONE_VFORK" in e.get("flags", [])
            self.assertTrue(vfork, "not a vfork: %s" % e)
            self.assertEqual((e["tid"], e["child"]["kind"]), (program, "vfork" if e["syscall"] == "vfork" else "spawn"))
        self.assertEqual([x["tid"] for x in trace.execs if x["tid"] != program], [created[1]])
        for pid in created:
            self.assertEqual([e.get("status") for e in trace.exits.get(pid, [])], [0])
        self.no_problems(check_tree(trace, [program], {"process": 2}), describe(proc))
        text = self.run_traced([fixture("fx_vfork")], json_out=False)
        self.assertEqual(text.returncode, 0, describe(text))
        with open(text.trace_path) as f:
            trace_text = f.read()
        created = [int(d["result"]) for d in fx_lines(text.stdout, "created")]
        for pid in created:
            self.assertRegex(trace_text, r"(?m)^(\[pid +\d+\] )?vfork\(\) = %d \(process\)$" % pid)
            self.assertRegex(trace_text, r"(?m)^\[pid +%d\] \+\+\+ exited with 0 \+\+\+$" % pid)
        self.assert_nothing_left("vfork")

    def chain_run(self):
        return self.shared("chain", lambda: self.traced_json([fixture("fx_chain"), str(CHAIN_DEPTH)]))

    def test_chain_200(self):
        """200 nested forks: 200 process creations, each by the previous child."""
        proc, trace, program = self.chain_run()
        self.assertIn("FX chain depth=%d" % CHAIN_DEPTH, proc.stdout)
        self.no_problems(check_tree(trace, [program], {"process": CHAIN_DEPTH, "thread": 0}), describe(proc))
        by_creator = {}
        for e in trace.created:
            self.assertNotIn(e["tid"], by_creator, "process %d created two children" % e["tid"])
            by_creator[e["tid"]] = e["child"]["tid"]
        chain, tid = [], program
        while tid in by_creator:
            tid = by_creator[tid]
            chain.append(tid)
        self.assertEqual(len(chain), CHAIN_DEPTH, "the chain from the program has %d links" % len(chain))
        for tid in chain:
            self.assertEqual([e.get("status") for e in trace.exits[tid]], [0])
        text = self.run_traced([fixture("fx_chain"), str(CHAIN_DEPTH)], json_out=False)
        self.assertEqual(text.returncode, 0, describe(text))
        with open(text.trace_path) as f:
            lines = f.read().splitlines()
        links = {}
        for m in filter(None, map(TEXT_CREATION_RE.match, lines)):
            self.assertEqual(m["real"], None)
            parent = int(m["pid"]) if m["pid"] else None
            self.assertNotIn(parent, links, "two creations by %s" % parent)
            links[parent] = int(m["ret"])
        # One chain: the first creator (the program) is the only creator that
        # is nobody's child; following the links visits all 200 children.
        children = set(links.values())
        heads = [p for p in links if p not in children]
        self.assertEqual(len(heads), 1, "creators that are nobody's child: %s" % heads)
        n, tid = 0, heads[0]
        while tid in links:
            tid, n = links[tid], n + 1
        self.assertEqual((n, len(links)), (CHAIN_DEPTH, CHAIN_DEPTH), "\n".join(lines[:10]))
        self.assert_nothing_left("chain", allow_zombies_of={program})

    def test_chain_200_event_order(self):
        """The --json run: each process's creation is reported before its own
        creation of the next one (and before its exit)."""
        proc, trace, program = self.chain_run()
        self.no_problems(check_order(trace), describe(proc), limit=5)


# --------------------------------------------------------------------------
# Attach and detach during a storm
# --------------------------------------------------------------------------

ATTACH_REPEATS = 10
SERVER_SECONDS = 1
# Untraced this storm lasts well under a second; attached (syscall stops) it
# is many times slower, so it is attached early (ATTACH_STORM_DELAY).
ATTACH_STORM = ["8", "1000", "2", "50"]   # 8010 threads, 100 forks
# Traced from start to end in test_attach_until_exit: smaller.
ATTACH_STORM_TO_END = ["4", "500", "2", "20"]   # 2006 threads, 40 forks
ATTACH_SERVER_DELAY = (0.05, 0.3)
ATTACH_STORM_DELAY = (0.0, 0.03)
DETACH_DELAY = (0.05, 0.4)


def totals_problems(events):
    """trace_end is the last event, and its totals count the create events."""
    if not events or events[-1].get("event") != "trace_end":
        return ["the trace does not end with trace_end"]
    end = events[-1]
    kinds = [group_of(e["child"]) for e in events if e.get("event") == "create" and e.get("outcome") == "created"]
    counted = (end["threads_created"], end["processes_created"])
    reported = (kinds.count("thread"), len(kinds) - kinds.count("thread"))
    return [] if counted == reported else ["trace_end counts %s (threads, processes); the create events %s"
                                           % (counted, reported)]


class AttachDetachTest(StressCase):
    """clonetrace -p during a storm, then SIGINT during the storm: the
    workload's result is unchanged, it is never left stopped, clonetrace
    exits 0; and -p on a process that ends by itself."""

    @staticmethod
    def workload(i, storm=ATTACH_STORM):
        """(argv, name, attach delay range) of the i-th workload."""
        if i % 2 == 0:
            return [fixture("fx_server"), str(SERVER_SECONDS)], "fx_server", ATTACH_SERVER_DELAY
        return [fixture("fx_storm"), *storm], "fx_storm", ATTACH_STORM_DELAY

    def start_workload(self, i, storm=ATTACH_STORM):
        argv, name, delay = self.workload(i, storm)
        work = self.start(argv, name)
        self.assertTrue(wait_for(lambda: comm_is(work.pid, name), 30), "%s did not start" % name)
        time.sleep(self.rng.uniform(*delay))
        return work, name

    @staticmethod
    def ended(work):
        """The workload is over (exited, maybe not yet reaped)."""
        return work.poll() is not None or state_of(read_status(work.pid)) in (None, "Z", "X")

    def check_workload(self, work, name):
        rc = work.wait(RUN_TIMEOUT)
        problems = [] if rc == 0 else ["workload returncode %s" % rc]
        if name == "fx_server":
            done = fx_lines(work.stdout, "server")
            if len(done) != 1 or int(done[0].get("created", 0)) < 1:
                problems.append("no 'FX server done created=N' line: %r" % work.stdout[-300:])
        else:
            fx = fx_lines(work.stdout, "storm")
            n, per, f, each = map(int, work.argv[1:5])
            want = {"threads": str(n * per + n + f), "forks": str(f * each), "usr1": "0"}
            if fx != [want]:
                problems.append("storm result %s, want %s" % (fx, want))
        return problems

    def detach_runs(self):
        return self.shared("detaches", self.run_detaches)

    def run_detaches(self):
        repeats = scaled(ATTACH_REPEATS)
        during, missed, problems, consistency = 0, 0, [], []
        for i in range(repeats):
            work, name = self.start_workload(i)
            trace = self.path("attach.jsonl")
            ct = self.start([CLONETRACE, "-q", "--json", "-o", trace, "-p", str(work.pid)], "clonetrace")
            attached = wait_for(lambda: ct.poll() is not None or
                                (read_status(work.pid) or {}).get("TracerPid") == str(ct.pid), 30)
            what = "attach #%d to %s %d" % (i, name, work.pid)
            if ct.poll() == 1 and self.ended(work):
                missed += 1  # it ended before clonetrace could attach
                self.check_workload(work, name)
                self.assert_nothing_left("missed attach")
                continue
            if not attached or ct.poll() is not None:
                problems.append("%s: clonetrace did not attach (returncode %s)\n%s" % (what, ct.poll(), ct.tail(5)))
                break
            time.sleep(self.rng.uniform(*DETACH_DELAY))
            running = not self.ended(work)
            os.kill(ct.pid, signal.SIGINT)
            rc = ct.wait(AFTER_SIGNAL_TIMEOUT)
            if rc != 0:
                problems.append("%s: clonetrace returncode %s after SIGINT\n%s" % (what, rc, ct.tail(5)))
            if running and not self.ended(work):
                during += 1
                problems += ["%s: %s" % (what, p) for p in sample_not_stopped(work.pid)]
            problems += ["%s: %s" % (what, p) for p in self.check_workload(work, name)]
            if os.path.exists(trace):
                events = load_json_trace(trace)
                jt = JsonTrace(events)
                problems += ["%s: %s" % (what, p) for p in totals_problems(events)]
                roots = [tid for tid, s in jt.starts.items() if s[0].get("reason") == "attached"]
                if work.pid not in roots:
                    problems.append("%s: no task_start(attached) for the process" % what)
                tree = check_tree(jt, roots)
                problems += ["%s: %s" % (what, p) for p in tree if not p.startswith(UNKNOWN_TASK)]
                unknown = [p for p in tree if p.startswith(UNKNOWN_TASK)]
                if unknown:
                    consistency.append("%s: %d event(s) of unknown tasks, e.g. %s" % (what, len(unknown), unknown[0]))
            else:
                problems.append("%s: no trace file" % what)
            if problems:
                break
            self.assert_nothing_left(what)
        print("%d of %d detaches during the workload (%d attaches too late); %d traces inconsistent" % (
            during, repeats, missed, len(consistency)))
        return repeats, during, problems, consistency

    def test_attach_then_detach_during_storm(self):
        """The workload's result is unchanged, it is never left stopped or
        traced, clonetrace exits 0, each reported task has one exit."""
        repeats, during, problems, _ = self.detach_runs()
        self.no_problems(problems)
        self.assertGreaterEqual(during, (repeats + 1) // 2, "too few detaches while the workload ran")

    def test_detach_trace_consistency(self):
        """The same runs: no event of a task whose creation was never reported."""
        repeats, during, _, consistency = self.detach_runs()
        self.no_problems(consistency, "%d of %d runs" % (len(consistency), repeats))

    def test_attach_until_exit(self):
        """-p on a process that ends by itself: clonetrace ends with it, exit 0."""
        ran, repeats = 0, scaled(4)
        for i in range(repeats):
            work, name = self.start_workload(i, ATTACH_STORM_TO_END)
            trace = self.path("attach.jsonl")
            ct = self.start([CLONETRACE, "-q", "--json", "-o", trace, "-p", str(work.pid)], "clonetrace")
            rc = ct.wait(RUN_TIMEOUT)
            what = "attach #%d to %s %d" % (i, name, work.pid)
            if rc == 1 and "cannot attach" in ct.stderr and self.ended(work):
                continue  # it ended before clonetrace could attach
            ran += 1
            self.assertEqual(rc, 0, "%s\n%s" % (what, ct.tail()))
            self.no_problems(self.check_workload(work, name), what)
            events = load_json_trace(trace)
            jt = JsonTrace(events)
            self.assertEqual([(e.get("status"), e.get("detached")) for e in jt.exits.get(work.pid, [])], [(0, False)],
                             what)
            self.no_problems(totals_problems(events), what)
            roots = [tid for tid, s in jt.starts.items() if s[0].get("reason") == "attached"]
            self.no_problems(check_tree(jt, roots), what)
            self.assert_nothing_left(what)
        self.assertGreaterEqual(ran, (repeats + 1) // 2, "too few attaches before the workload ended")


# --------------------------------------------------------------------------
# -p errors
# --------------------------------------------------------------------------

class AttachErrorsTest(StressCase):
    """-p on a pid that cannot be traced: one clear line on stderr, exit 1,
    and a process already traced is left as it was."""

    def one_error_line(self, proc, pid):
        lines = [l for l in proc.stderr.splitlines() if l.strip()]
        self.assertEqual(len(lines), 1, "want one line on stderr:\n%s" % proc.stderr)
        self.assertTrue(lines[0].startswith("clonetrace: ") and str(pid) in lines[0], lines[0])
        return lines[0]

    def free_pid(self):
        p = self.start(["/bin/true"], "true")
        p.wait(30)
        self.assertIsNone(read_status(p.pid))
        return p.pid

    def test_no_such_pid(self):
        pid = self.free_pid()
        ct = self.start([CLONETRACE, "-p", str(pid)], "clonetrace")
        self.assertEqual(ct.wait(30), 1, ct.tail())
        if read_status(pid) is None:  # (not reused meanwhile)
            self.one_error_line(ct, pid)

    def first_tracer_then_clonetrace(self, first):
        work = self.start([fixture("fx_server"), "2"], "fx_server")
        self.assertTrue(wait_for(lambda: comm_is(work.pid, "fx_server"), 30))
        tracer = self.start(first(work.pid), "first-tracer")
        self.assertTrue(wait_for(lambda: (read_status(work.pid) or {}).get("TracerPid") == str(tracer.pid), 30),
                        "the first tracer did not attach\n" + tracer.tail())
        ct = self.start([CLONETRACE, "-p", str(work.pid)], "clonetrace")
        self.assertEqual(ct.wait(30), 1, ct.tail())
        line = self.one_error_line(ct, work.pid)
        # The first tracer still has it, and it was not stopped by the attempt.
        self.assertEqual(read_status(work.pid).get("TracerPid"), str(tracer.pid))
        os.kill(tracer.pid, signal.SIGINT)
        tracer.wait(30)
        self.assertEqual(work.wait(30), 0, work.tail())
        self.assertEqual(len(fx_lines(work.stdout, "server")), 1)
        self.assert_nothing_left("already traced")
        return line

    def test_already_traced_by_strace(self):
        if not os.access("/usr/bin/strace", os.X_OK):
            self.skipTest("no /usr/bin/strace")
        print(self.first_tracer_then_clonetrace(
            lambda pid: ["/usr/bin/strace", "-qq", "-f", "-o", os.devnull, "-p", str(pid)]))

    def test_already_traced_by_clonetrace(self):
        print(self.first_tracer_then_clonetrace(lambda pid: [CLONETRACE, "-qq", "-o", os.devnull, "-p", str(pid)]))

    def test_good_and_missing_pid(self):
        """-p GOOD,MISSING, as strace: MISSING is said in one line, GOOD is
        traced to its normal end, and clonetrace exits 0."""
        missing = self.free_pid()
        work = self.start([fixture("fx_server"), "1"], "fx_server")
        self.assertTrue(wait_for(lambda: comm_is(work.pid, "fx_server"), 30))
        ct = self.start([CLONETRACE, "-q", "-o", os.devnull, "-p", "%d,%d" % (work.pid, missing)], "clonetrace")
        self.assertEqual(work.wait(30), 0, work.tail())
        self.assertEqual(ct.wait(30), 0, ct.tail())
        if read_status(missing) is None:
            self.one_error_line(ct, missing)
        self.assertEqual(len(fx_lines(work.stdout, "server")), 1, work.stdout)
        self.assert_nothing_left("good and missing")


if __name__ == "__main__":
    unittest.main()
