"""-p follows a running multi-threaded program by ptrace events alone:
every creation it makes after the attach is reported, once, with its
child's end; the program's output, signals and exit status are those of an
untraced run; after a detach in the middle of its storm it runs on
untraced, neither stopped nor traced."""
import json
import os
import queue
import signal
import subprocess
import threading
import unittest

from ctlib import CLONETRACE, FIXTURES_DIR, TIMEOUT, TempDir, wait_until

GATED_STORM = os.path.join(FIXTURES_DIR, "fx_gated_storm")
USR1_SENT = 3


def storm_args(spawners, per_spawner, forkers, per_forker):
    return [str(spawners), str(per_spawner), str(forkers), str(per_forker)]


def storm_line(spawners, per_spawner, forkers, per_forker, usr1):
    return "FX storm threads=%d forks=%d usr1=%d" % (spawners * per_spawner, forkers * per_forker, usr1)


class Program:
    """fx_gated_storm, its stdout read line by line as it comes."""

    def __init__(self, args):
        self.proc = subprocess.Popen([GATED_STORM, *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     text=True, start_new_session=True)
        self.lines = queue.Queue()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        for line in self.proc.stdout:
            self.lines.put(line.rstrip("\n"))
        self.lines.put(None)

    def next_line(self):
        return self.lines.get(timeout=TIMEOUT)

    def say(self, text):
        self.proc.stdin.write(text)
        self.proc.stdin.flush()

    def finish(self):
        self.proc.stdin.close()
        return self.proc.wait(TIMEOUT)

    def kill(self):
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()


def status_of(pid, tid):
    """The fields of /proc/PID/task/TID/status, or {} when it is gone."""
    try:
        with open("/proc/%d/task/%d/status" % (pid, tid)) as f:
            return dict(line.rstrip("\n").split(":\t", 1) for line in f if ":\t" in line)
    except OSError:
        return {}


def threads_of(pid):
    return [int(t) for t in os.listdir("/proc/%d/task" % pid)]


def send_usr1(pid):
    """One SIGUSR1, waited for until no longer pending (two pending at once
    would be one)."""
    os.kill(pid, signal.SIGUSR1)
    bit = 1 << (signal.SIGUSR1 - 1)
    wait_until(lambda: int(status_of(pid, pid).get("ShdPnd", "0"), 16) & bit == 0, "SIGUSR1 is delivered")


def load(path):
    with open(path) as f:
        return [json.loads(line) for line in f]


class AttachByEvents(unittest.TestCase):
    def setUp(self):
        if not os.access(GATED_STORM, os.X_OK):
            raise AssertionError("fixture %s not built" % GATED_STORM)
        self.started = []

    def tearDown(self):
        for p in self.started:
            p.kill()

    def start_program(self, sizes):
        program = Program(storm_args(*sizes))
        self.started.append(program)
        ready = program.next_line()
        self.assertTrue(ready.startswith("FX ready pid=%d " % program.proc.pid), ready)
        return program

    def attach(self, program, trace, options=()):
        ct = subprocess.Popen([CLONETRACE, *options, "--json", "-o", trace, "-p", str(program.proc.pid)],
                              stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        pid = program.proc.pid
        wait_until(lambda: all(status_of(pid, t).get("TracerPid") == str(ct.pid) for t in threads_of(pid)),
                   "clonetrace traces every thread")
        for _ in range(USR1_SENT):
            send_usr1(pid)
        return ct

    def storm_traced_whole(self, sizes, trace_name, options=()):
        """The storm run to its end under clonetrace -p; its JSON trace."""
        program = self.start_program(sizes)
        trace = TempDir.path(trace_name)
        ct = self.attach(program, trace, options)
        program.say("go\n")
        self.assertEqual(program.next_line(), storm_line(*sizes, USR1_SENT))
        self.assertEqual(program.finish(), 0)
        _, err = ct.communicate(timeout=TIMEOUT)
        self.assertEqual(ct.returncode, 0, err)
        return program, load(trace)

    def test_every_creation_after_the_attach_is_reported(self):
        sizes = (4, 300, 2, 20)
        program, events = self.storm_traced_whole(sizes, "events-attach.jsonl")
        start = events[0]
        self.assertEqual((start["event"], start["mode"], start["unseen"]),
                         ("trace_start", "events", ["failed_calls", "restarts"]))
        creates = [e for e in events if e["event"] == "create"]
        self.assertEqual([e for e in creates if e["outcome"] != "created"], [])
        threads = [e["child"]["tid"] for e in creates if e["child"]["kind"] == "thread"]
        forks = [e["child"]["tid"] for e in creates if e["child"]["kind"] == "process"]
        self.assertEqual((len(threads), len(forks)), (sizes[0] * sizes[1], sizes[2] * sizes[3]))
        self.assertEqual(len(creates), len(threads) + len(forks))
        for e in creates:
            self.assertEqual(e["pid"], program.proc.pid)
            self.assertEqual(e["result"], e["child"]["tid"])
            if e["child"]["kind"] == "thread":
                self.assertEqual(e["written"], {"parent_tid": e["child"]["tid"]})
        ends = {e["tid"]: e["status"] for e in events if e["event"] == "exit"}
        self.assertEqual({t: ends.get(t) for t in threads + forks}, {t: 0 for t in threads + forks})
        execs = {e["tid"]: e["path"] for e in events if e["event"] == "exec"}
        self.assertEqual({t: execs.get(t) for t in forks}, {t: os.path.realpath("/bin/true") for t in forks})
        end = events[-1]
        self.assertEqual((end["threads_created"], end["processes_created"], end["failed_creations"]),
                         (len(threads), len(forks), 0))

    def test_detach_during_the_storm_leaves_the_program_unchanged(self):
        sizes = (4, 3000, 2, 100)
        program = self.start_program(sizes)
        trace = TempDir.path("events-detach.jsonl")
        ct = self.attach(program, trace)
        program.say("go\n")
        wait_until(lambda: os.path.exists(trace) and os.path.getsize(trace) > 4096, "the storm is traced")
        ct.send_signal(signal.SIGINT)
        _, err = ct.communicate(timeout=TIMEOUT)
        self.assertEqual(ct.returncode, 0, err)
        pid = program.proc.pid
        for tid in threads_of(pid):
            st = status_of(pid, tid)
            if st:
                self.assertEqual(st["TracerPid"], "0", "thread %d still traced" % tid)
        send_usr1(pid)  # after the detach: the program's own handler still counts it
        self.assertEqual(program.next_line(), storm_line(*sizes, USR1_SENT + 1))
        for tid in threads_of(pid):
            self.assertNotIn(status_of(pid, tid).get("State", "S")[0], "tT", "thread %d left stopped" % tid)
        self.assertEqual(program.finish(), 0)
        events = load(trace)
        self.assertEqual(events[0]["mode"], "events")
        self.assertEqual(events[-1]["event"], "trace_end")
        detached = [e for e in events if e["event"] == "exit" and e["detached"]]
        self.assertIn(pid, [e["tid"] for e in detached])

    def test_inject_attaches_with_syscall_stops(self):
        # --inject skips a call at its entry, which events alone never see.
        sizes = (2, 20, 1, 5)
        _, events = self.storm_traced_whole(sizes, "events-inject.jsonl", ["--inject=vfork:error=EAGAIN"])
        self.assertEqual((events[0]["mode"], events[0]["unseen"]), ("syscall_stops", []))
        end = events[-1]
        self.assertEqual((end["threads_created"], end["processes_created"]), (sizes[0] * sizes[1], sizes[2] * sizes[3]))


if __name__ == "__main__":
    unittest.main()
