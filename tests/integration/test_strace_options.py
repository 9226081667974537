"""strace's options as strace users type them: several pids in one -p,
-o '|COMMAND', -A, -u USER, -E, and repeated letters."""
import json
import os
import pwd
import re
import subprocess
import time
import unittest

from ctlib import CLONETRACE, TIMEOUT, TempDir, run, wait_until

HINT = "Try 'clonetrace --help' for more information."


def tracer_of(pid):
    try:
        with open("/proc/%d/status" % pid) as f:
            return next(line.split()[1] for line in f if line.startswith("TracerPid:"))
    except FileNotFoundError:
        return None



def read(path):
    with open(path) as f:
        return f.read()


class SeveralPids(unittest.TestCase):
    def test_pids_as_pgrep_and_pidof_print_them(self):
        """-p "$(pgrep x)" (newlines), -p "$(pidof x)" (blanks), commas and
        tabs: every process is attached, each once."""
        for i, sep in enumerate(("\n", " ", ",\t", ", ")):
            with self.subTest(separator=sep):
                works = [subprocess.Popen(["sh", "-c", "read x; exit %d" % n], stdin=subprocess.PIPE)
                         for n in (3, 4)]
                pids = [w.pid for w in works]
                trace = TempDir.path("several-%d.jsonl" % i)
                ct = subprocess.Popen([CLONETRACE, "--json", "-o", trace, "-p", sep.join(map(str, pids)) + "\n",
                                       "-p", str(pids[0])], stdin=subprocess.DEVNULL, start_new_session=True)
                for pid in pids:
                    wait_until(lambda: tracer_of(pid) == str(ct.pid), "attach to %d" % pid)
                for w in works:
                    w.stdin.close()
                    w.wait(TIMEOUT)
                self.assertEqual(ct.wait(TIMEOUT), 0)
                events = [json.loads(line) for line in read(trace).splitlines()]
                self.assertEqual(events[0]["attach"], pids)
                attached = [e["tid"] for e in events if e["event"] == "task_start"]
                self.assertEqual(sorted(attached), sorted(pids))
                exits = {e["tid"]: e["status"] for e in events if e["event"] == "exit"}
                self.assertEqual(exits, {pids[0]: 3, pids[1]: 4})


    def test_thread_id_means_its_process(self):
        """-p TID of a thread that is not the leader attaches its process,
        saying so."""
        script = ("import os, sys, threading\n"
                  "t = threading.Thread(target=sys.stdin.read)\n"
                  "t.start()\n"
                  "print(os.getpid(), t.native_id, flush=True)\n"
                  "t.join()\n")
        with subprocess.Popen(["python3", "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              text=True) as work:
            pid, tid = map(int, work.stdout.readline().split())
            trace = TempDir.path("tid.jsonl")
            ct = subprocess.Popen([CLONETRACE, "--json", "-o", trace, "-p", str(tid)], stdin=subprocess.DEVNULL,
                                  start_new_session=True)
            wait_until(lambda: tracer_of(pid) == str(ct.pid) and tracer_of(tid) == str(ct.pid), "the attach")
            work.stdin.close()
            self.assertEqual(work.wait(TIMEOUT), 0)
            self.assertEqual(ct.wait(TIMEOUT), 0)
        events = [json.loads(line) for line in read(trace).splitlines()]
        self.assertEqual([e["text"] for e in events if e["event"] == "message"],
                         ["%d is a thread of process %d: attaching to the process" % (tid, pid)])
        self.assertEqual(sorted(e["tid"] for e in events if e["event"] == "task_start"), sorted([pid, tid]))
        self.assertEqual([e["status"] for e in events if e["event"] == "exit" and e["tid"] == pid], [0])


class OutputOptions(unittest.TestCase):
    def test_pipe_to_a_command(self):
        """-o '|cat >FILE' and -o '!cat >FILE': FILE holds the trace once
        clonetrace has ended, and the program's status passes through."""
        for mark in "|!":
            with self.subTest(mark=mark):
                out = TempDir.path("piped-%d" % ord(mark))
                res = run([CLONETRACE, "-o", "%scat > '%s'" % (mark, out), "--", "sh", "-c", "/bin/true; exit 5"])
                self.assertEqual(res.returncode, 5, res.describe())
                lines = read(out).splitlines()
                self.assertTrue(lines[0].startswith('--- exec "'), lines)
                self.assertEqual(lines[-1], "+++ exited with 5 +++")
                self.assertTrue(any(re.match(r"^(vfork|fork|clone|clone3)\(", l) for l in lines), lines)

    def test_append(self):
        out = TempDir.path("appended")
        with open(out, "w") as f:
            f.write("before\n")
        res = run([CLONETRACE, "-A", "-o", out, "--", "sh", "-c", "exit 2"])
        self.assertEqual(res.returncode, 2, res.describe())
        lines = read(out).splitlines()
        self.assertEqual((lines[0], lines[-1]), ("before", "+++ exited with 2 +++"))
        res = run([CLONETRACE, "-o", out, "--", "sh", "-c", "exit 2"])
        self.assertNotIn("before", read(out))


class ProgramOptions(unittest.TestCase):
    def test_user(self):
        """-u nobody runs the program as nobody (uid, gid, groups), under
        both modes."""
        if os.geteuid() != 0:
            self.skipTest("-u needs root")
        nobody = pwd.getpwnam("nobody")
        for options in ([], ["--no-seccomp"]):
            with self.subTest(options=options):
                res = run([CLONETRACE, "-qq", *options, "-u", "nobody", "--", "sh", "-c", "id -u; id -g"])
                self.assertEqual(res.returncode, 0, res.describe())
                self.assertEqual(res.stdout.split(), [str(nobody.pw_uid), str(nobody.pw_gid)], res.describe())

    def test_unknown_user(self):
        res = run([CLONETRACE, "-u", "clonetrace-no-such-user", "true"])
        self.assertEqual(res.returncode, 1, res.describe())
        self.assertEqual(res.stderr.splitlines(), ["clonetrace: cannot find user 'clonetrace-no-such-user'"])

    def test_environment(self):
        """-E VAR=VAL sets, -E VAR removes, in order; the rest is inherited."""
        env = dict(os.environ, CT_KEEP="kept", CT_GONE="there")
        with subprocess.Popen([CLONETRACE, "-qq", "-E", "CT_NEW=a=b", "-E", "CT_GONE", "-E", "CT_TWICE=1",
                               "-E", "CT_TWICE=2", "--", "sh", "-c",
                               'echo "$CT_NEW|${CT_GONE-unset}|$CT_KEEP|$CT_TWICE"'],
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as proc:
            out, err = proc.communicate(timeout=TIMEOUT)
        self.assertEqual((proc.returncode, out), (0, "a=b|unset|kept|2\n"), err)

    def test_bad_environment_change(self):
        for args in (["-E", "=x", "true"], ["-E", "", "true"], ["-E", "A=1", "-p", "1"]):
            with self.subTest(args=args):
                res = run([CLONETRACE, *args])
                self.assertEqual(res.returncode, 2, res.describe())
                self.assertEqual(len(res.stderr.splitlines()), 2, res.describe())


class RepeatedLetters(unittest.TestCase):
    def body_shapes(self, options):
        res = run([CLONETRACE, *options, "--", "sh", "-c", "/bin/true; exit 0"])
        self.assertEqual(res.returncode, 0, res.describe())
        # Digits stand for times and ids: the shape of each line is left.
        # (sorted: with -o /dev/stderr the trace and the messages are two streams;
        # no [pid N]: the shell's SIGCHLD may come before or after its child's end)
        return sorted(re.sub(r"^\[pid +N\] ", "", re.sub(r"\d+", "N", line)) for line in res.stderr.splitlines())

    def test_repeats_as_strace(self):
        """-TT is -T, -tttt is -ttt, -qqq is -qq, -ff alone is -f; never
        'cannot be specified more than once'."""
        for repeated, once in ((["-TT"], ["-T"]), (["-tttt"], ["-ttt"]), (["-qqq"], ["-qq"]),
                               (["-T", "-T", "-t", "-t"], ["-Ttt"]), (["-ff", "-qq"], ["-qq"]),
                               (["-o", "/dev/null", "-o", "/dev/stderr"], [])):
            with self.subTest(repeated=repeated):
                self.assertEqual(self.body_shapes(repeated), self.body_shapes(once))

    def test_e_inject_points_to_the_option(self):
        for expression in ("inject=clone3:error=EAGAIN", "fault=fork"):
            with self.subTest(expression=expression):
                res = run([CLONETRACE, "-e", expression, "true"])
                self.assertEqual(res.returncode, 2, res.describe())
                self.assertIn("use --inject=SET:error=ERRNO", res.stderr.splitlines()[0])


if __name__ == "__main__":
    unittest.main()


class ExecArguments(unittest.TestCase):
    ARGS = ["a", "b c", "d\te\"f\\", "x" * 40, ""]

    def strace_argv(self, options):
        """The argv strace prints for the program's second execve."""
        out = TempDir.path("strace-exec")
        res = run(["/usr/bin/strace", "-f", "-qq", *options, "-e", "trace=execve", "-o", out, "--",
                   "sh", "-c", 'exec /bin/echo "$@"', "sh", *self.ARGS])
        self.assertEqual(res.returncode, 0, res.describe())
        calls = [re.search(r'execve\("[^"]*", \[(.*)\], 0x', line) for line in read(out).splitlines()]
        return [m[1] for m in calls if m][-1]

    def test_exec_lines_carry_argv_as_strace_prints_it(self):
        if not os.access("/usr/bin/strace", os.X_OK):
            self.skipTest("no /usr/bin/strace")
        for options in ([], ["-s", "4"], ["-s", "100"]):
            with self.subTest(options=options):
                res = run([CLONETRACE, *options, "--", "sh", "-c", 'exec /bin/echo "$@"', "sh", *self.ARGS])
                self.assertEqual(res.returncode, 0, res.describe())
                execs = [re.match(r'^--- exec "/usr/bin/echo" \[(.*)\] ---$', l) for l in res.stderr.splitlines()]
                ours = [m[1] for m in execs if m]
                self.assertEqual(ours, [self.strace_argv(options)], res.describe())

    def test_json_carries_argv_whole(self):
        res = run([CLONETRACE, "--json", "-s", "1", "--", "sh", "-c", 'exec /bin/echo "$@"', "sh", *self.ARGS])
        execs = [json.loads(l) for l in res.stderr.splitlines() if l.startswith("{") and '"exec"' in l]
        self.assertEqual([e["argv"] for e in execs], [["sh", "-c", 'exec /bin/echo "$@"', "sh", *self.ARGS],
                                                      ["/bin/echo", *self.ARGS]])

    def test_bad_string_limit(self):
        for value in ("", "x", "-1", "1k"):
            with self.subTest(value=value):
                res = run([CLONETRACE, "-s", value, "true"])
                self.assertEqual(res.returncode, 2, res.describe())
