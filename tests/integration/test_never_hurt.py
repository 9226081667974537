"""The trace never hurts the program: a trace that cannot be written (a
reader gone, a full disk, standard error closed) ends that output, not the
run, and clonetrace still exits as the program did; a killed clonetrace
takes a launched program with it in both modes and leaves attached ones
running; -p with a pid that cannot be traced traces the others and closes
its JSON trace."""
import itertools
import json
import os
import signal
import subprocess
import time
import unittest

from ctlib import CLONETRACE, TIMEOUT, TempDir, run, wait_until

# Runs until its standard input is closed, then makes a few processes,
# leaves a mark and exits 7: the trace goes on after the test stops reading.
AFTER_INPUT = 'read x; /bin/true; /bin/true; echo done > "$0"; exit 7'
_names = itertools.count()



def status_of(pid):
    """/proc/PID/status as a dict, or None once the process is gone (or a zombie)."""
    try:
        with open("/proc/%d/status" % pid) as f:
            fields = dict(line.split(":", 1) for line in f if ":" in line)
    except (FileNotFoundError, ProcessLookupError):
        return None
    fields = {k: v.strip() for k, v in fields.items()}
    return None if fields.get("State", "").startswith(("Z", "X")) else fields


def free_pid():
    """A pid that names no process (one that has just ended)."""
    res = run(["/bin/true"])
    return res.pid


class ReaderGone(unittest.TestCase):
    def run_until_reader_gone(self, options, trace_to_stdout):
        """clonetrace OPTIONS -- sh -c AFTER_INPUT, with its trace read until
        the first line and then left unread (the pipe closed)."""
        marker = TempDir.path("marker-%d" % next(_names))
        argv = [CLONETRACE, *options, "--", "sh", "-c", AFTER_INPUT, marker]
        stderr = TempFile() if trace_to_stdout else subprocess.PIPE
        with subprocess.Popen(argv, stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE if trace_to_stdout else subprocess.DEVNULL, stderr=stderr,
                              start_new_session=True) as proc:
            trace = proc.stdout if trace_to_stdout else proc.stderr
            first = trace.readline()
            trace.close()
            proc.stdin.close()
            try:
                rc = proc.wait(TIMEOUT)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                raise
        said = stderr.read_all() if trace_to_stdout else ""
        with open(marker) as f:
            self.assertEqual(f.read(), "done\n")
        return first, rc, said

    def test_closed_pipe_on_standard_error(self):
        """`clonetrace -- PROG 2>&1 | grep -m1 exec`: the program runs to its
        end and its status passes through."""
        for options in ([], ["--json"]):
            with self.subTest(options=options):
                first, rc, _ = self.run_until_reader_gone(options, trace_to_stdout=False)
                self.assertTrue(first, "no first line")
                self.assertEqual(rc, 7)

    def test_closed_pipe_is_said_once(self):
        """A trace written to a pipe that closes (-o /dev/stdout) is said once
        on standard error, and the program runs to its end."""
        for options in ([], ["--json"]):
            with self.subTest(options=options):
                first, rc, said = self.run_until_reader_gone([*options, "-q", "-o", "/dev/stdout"],
                                                             trace_to_stdout=True)
                self.assertTrue(first, "no first line")
                self.assertEqual(rc, 7, said)
                self.assertEqual(said.splitlines(),
                                 ["clonetrace: cannot write the trace to '/dev/stdout': Broken pipe; "
                                  "nothing more is written there"])


class TempFile:
    """A file for a child's standard error, read back whole."""

    def __init__(self):
        self.path = TempDir.path("stderr-%d" % next(_names))
        self.file = open(self.path, "w+")

    def fileno(self):
        return self.file.fileno()

    def read_all(self):
        with self.file:
            self.file.seek(0)
            return self.file.read()


class UnwritableTrace(unittest.TestCase):
    CASES = [
        # (program, returncode: -N is death by signal N)
        (["sh", "-c", "exit 3"], 3),
        (["sh", "-c", "ulimit -c 0; kill -SEGV $$"], -signal.SIGSEGV),
    ]

    def test_full_disk_passes_the_status_through(self):
        """-o /dev/full: one warning, and the program's own status or signal."""
        for options in ([], ["--json"]):
            for argv, expected in self.CASES:
                with self.subTest(options=options, argv=argv):
                    res = run([CLONETRACE, *options, "-q", "-o", "/dev/full", "--", *argv])
                    self.assertEqual(res.returncode, expected, res.describe())
                    self.assertEqual(res.stderr.splitlines(),
                                     ["clonetrace: cannot write the trace to '/dev/full': No space left on "
                                      "device; nothing more is written there"], res.describe())

    def test_json_copy_that_cannot_be_written(self):
        """--json=/dev/full beside the text trace: the text trace is whole."""
        res = run([CLONETRACE, "--json=/dev/full", "--", "sh", "-c", "exit 3"])
        self.assertEqual(res.returncode, 3, res.describe())
        self.assertIn("+++ exited with 3 +++", res.stderr.splitlines(), res.describe())
        self.assertIn("clonetrace: cannot write the trace to '/dev/full': No space left on device; "
                      "nothing more is written there", res.stderr.splitlines(), res.describe())

    def test_closed_standard_error_passes_the_status_through(self):
        """`clonetrace -- PROG 2>&-`, as strace: the program's status or signal.
        The program, too, runs with its standard error closed."""
        for argv, expected in [*self.CASES, (["sh", "-c", "echo x >&2 || exit 9; exit 0"], 9)]:
            with self.subTest(argv=argv):
                res = run(["sh", "-c", 'exec "$@" 2>&-', "sh", CLONETRACE, "--", *argv])
                self.assertEqual(res.returncode, expected, res.describe())

    def test_closed_standard_error_with_a_trace_file(self):
        """-o FILE with standard error closed: the trace file holds the trace
        alone (no message of ours lands in it)."""
        out = TempDir.path("closed-stderr.trace")
        res = run(["sh", "-c", 'exec "$@" 2>&-', "sh", CLONETRACE, "-o", out, "--", "sh", "-c", "/bin/true"])
        self.assertEqual(res.returncode, 0, res.describe())
        with open(out) as f:
            text = f.read()
        self.assertNotIn("clonetrace:", text)
        self.assertIn("+++ exited with 0 +++", text)


class KilledTracer(unittest.TestCase):
    def start_traced(self, options):
        """clonetrace OPTIONS running a shell that writes its pid and sleeps:
        (clonetrace's Popen, the program's pid)."""
        pidfile = TempDir.path("pid-%s" % "-".join(options or ["filter"]))
        proc = subprocess.Popen([CLONETRACE, "-qq", "-o", os.devnull, *options, "--", "sh", "-c",
                                 'echo $$ > "$0.tmp"; mv "$0.tmp" "$0"; exec sleep 60', pidfile],
                                stdin=subprocess.DEVNULL, start_new_session=True)
        wait_until(lambda: os.path.exists(pidfile), "the program's pid")
        with open(pidfile) as f:
            return proc, int(f.read())

    def test_kill_9_ends_a_launched_program_in_both_modes(self):
        for options in ([], ["--no-seccomp"]):
            with self.subTest(options=options):
                proc, pid = self.start_traced(options)
                wait_until(lambda: (status_of(pid) or {}).get("Name") == "sleep", "the program's exec")
                proc.kill()
                proc.wait(TIMEOUT)
                wait_until(lambda: status_of(pid) is None, "the program to end with its tracer")

    def test_kill_9_leaves_an_attached_process_running(self):
        with subprocess.Popen(["sleep", "60"]) as work:
            try:
                ct = subprocess.Popen([CLONETRACE, "-qq", "-o", os.devnull, "-p", str(work.pid)],
                                      stdin=subprocess.DEVNULL, start_new_session=True)
                wait_until(lambda: (status_of(work.pid) or {}).get("TracerPid") == str(ct.pid), "the attach")
                ct.kill()
                ct.wait(TIMEOUT)
                wait_until(lambda: (status_of(work.pid) or {}).get("TracerPid") == "0", "the detach")
                self.assertIsNone(work.poll())
                self.assertFalse(status_of(work.pid)["State"].startswith(("t", "T")))
            finally:
                work.kill()


class AttachSome(unittest.TestCase):
    def test_good_and_gone(self):
        """-p GOOD,GONE: GONE is said, GOOD is traced to its end, and the JSON
        trace ends with trace_end."""
        gone = free_pid()
        trace = TempDir.path("good-gone.jsonl")
        with subprocess.Popen(["sh", "-c", "read x; /bin/true; exit 4"], stdin=subprocess.PIPE) as work:
            ct = subprocess.Popen([CLONETRACE, "--json", "-o", trace, "-p", "%d,%d" % (work.pid, gone)],
                                  stdin=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                                  start_new_session=True)
            wait_until(lambda: (status_of(work.pid) or {}).get("TracerPid") == str(ct.pid), "the attach")
            work.stdin.close()
            self.assertEqual(work.wait(TIMEOUT), 4)
            self.assertEqual(ct.wait(TIMEOUT), 0, ct.stderr.read())
            ct.stderr.close()
        with open(trace) as f:
            events = [json.loads(line) for line in f]
        self.assertEqual(events[-1]["event"], "trace_end")
        warnings = [e["text"] for e in events if e["event"] == "message"]
        if status_of(gone) is None:  # (not reused meanwhile)
            self.assertEqual(warnings, ["cannot attach to process %d: No such process" % gone])
        exits = [e for e in events if e["event"] == "exit" and e["tid"] == work.pid]
        self.assertEqual([e["status"] for e in exits], [4])
        created = [e for e in events if e["event"] == "create" and e["outcome"] == "created"]
        self.assertEqual(len(created), events[-1]["processes_created"] + events[-1]["threads_created"])
        self.assertGreaterEqual(len(created), 1)

    def test_none_attached_still_closes_the_trace(self):
        """-p GONE,GONE: each is said, exit 1, and the JSON trace is closed."""
        first, second = free_pid(), free_pid()
        trace = TempDir.path("none.jsonl")
        res = run([CLONETRACE, "--json", "-o", trace, "-p", "%d %d" % (first, second)])
        self.assertEqual(res.returncode, 1, res.describe())
        with open(trace) as f:
            events = [json.loads(line) for line in f]
        self.assertEqual([e["event"] for e in events], ["trace_start", "message", "trace_end"])
        self.assertEqual(res.stderr.splitlines(), ["clonetrace: cannot attach to process %d: No such process" % second])


if __name__ == "__main__":
    unittest.main()
