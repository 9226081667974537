"""-ff -o PREFIX: each task's lines in PREFIX.TID, compared file by file with
what Debian's strace -ff -o writes for the same fixture; the files open at a
task's first line; -A appends; what -ff cannot be combined with."""
import glob
import json
import os
import re
import unittest

from ctlib import CLONETRACE, STRACE, TempDir, Fixture, normalize_line, normalize_stdout, require, run

# A parent with two threads, a forked child that execs echo, a vfork child
# that exits 3; a grandchild that makes a thread, so a task other than the
# first one makes calls.
FIXTURES = (Fixture("fx_demo"), Fixture("fx_grandchild_thread"))
CREATION_RE = re.compile(r"^(?P<call>clone3?|v?fork)\(.*\) += (?P<ret>\d+)")
STRACE_EXEC_RE = re.compile(r'^execve\("(?:[^"\\]|\\.)*", (?P<argv>\[.*\]), .*\) += 0$')
CLONETRACE_EXEC_RE = re.compile(r'^--- exec "(?:[^"\\]|\\.)*" (?P<argv>\[.*\]) ---$')
TIMES_RE = re.compile(r"\b(si_utime|si_stime)=\d+")


def files_of(prefix):
    """{tid: the lines of PREFIX.TID}."""
    out = {}
    for path in glob.glob(glob.escape(prefix) + ".*"):
        with open(path) as f:
            out[int(path.rsplit(".", 1)[1])] = f.read().splitlines()
    return out


def by_role(files):
    """The files by each task's place in the tree, the same in every run:
    "0" for the task no other one made, "0.2" for the second task it made,
    and so on; each line with the ids of tasks as their places, and what only
    one of strace and clonetrace prints left out (the kind of child,
    pointers, CPU times, the exec's path: strace shows the one the program
    gave, clonetrace the one it ran)."""
    made = {tid: [int(m["ret"]) for m in map(CREATION_RE.match, lines) if m] for tid, lines in files.items()}
    children = {c for cs in made.values() for c in cs}
    roots = [tid for tid in files if tid not in children]
    assert len(roots) == 1, files
    role = {roots[0]: "0"}
    pending = [roots[0]]
    while pending:
        tid = pending.pop()
        for i, child in enumerate(made.get(tid, []), 1):
            role[child] = "%s.%d" % (role[tid], i)
            pending.append(child)

    def named(line):
        line = TIMES_RE.sub(r"\1=N", line)
        line = re.sub(r"\bsi_pid=(\d+)", lambda m: "si_pid=" + role.get(int(m[1]), m[1]), line)
        if (x := STRACE_EXEC_RE.match(line) or CLONETRACE_EXEC_RE.match(line)):
            return "exec " + x["argv"]
        return normalize_line(line) if CREATION_RE.match(line) else line

    return {role[tid]: [named(l) for l in lines if not re.match(r"^execve\(.* = -1 ", l)]
            for tid, lines in files.items()}


def strace_files(fx):
    prefix = TempDir.path("strace-%s" % fx.name)
    res = run([STRACE, "-ff", "-e", "trace=clone,clone3,fork,vfork,execve", "-o", prefix, *fx.argv])
    return res, files_of(prefix)


def clonetrace_files(fx, *options, prefix=None):
    prefix = prefix or TempDir.path("ct-%s-%d" % (fx.name, len(glob.glob(TempDir.path("ct-*")))))
    res = run([CLONETRACE, "-ff", *options, "-o", prefix, "--", *fx.argv])
    return res, prefix, files_of(prefix)


class FilePerTask(unittest.TestCase):
    def test_files_as_strace_writes_them(self):
        """One file per task (thread or process), named by its tid, holding
        the lines of that task alone, without [pid N]: strace's files, line
        for line, where the two print the same things."""
        for fx in FIXTURES:
            with self.subTest(fixture=fx.name):
                require(fx)
                expected_run, expected = strace_files(fx)
                res, _, actual = clonetrace_files(fx)
                self.assertEqual(res.returncode, expected_run.returncode, res.describe())
                self.assertEqual(normalize_stdout(res.stdout), normalize_stdout(expected_run.stdout))
                self.assertEqual(len(actual), len(expected), res.describe())
                self.assertEqual(by_role(actual), by_role(expected), res.describe())
                self.assertFalse([l for lines in actual.values() for l in lines if l.startswith("[pid")])
        # fx_demo: the parent, two threads, two child processes.
        self.assertEqual(len(expected), 5 if fx.name == "fx_demo" else 4)

    def test_a_file_opens_at_its_tasks_first_line(self):
        """A task with no line has no file: with -qq (no exit lines) and
        only clone shown, fx_demo's parent alone has one."""
        fx = require(FIXTURES[0])
        res, _, files = clonetrace_files(fx, "-qq", "-e", "trace=clone", "-e", "signal=none")
        self.assertEqual(res.returncode, 0, res.describe())
        self.assertEqual([len(lines) for lines in files.values()], [1], files)
        self.assertTrue(next(iter(files.values()))[0].startswith("clone(child_stack=NULL"), files)

    def test_json_beside_the_files_is_one_stream_and_replays_into_the_same_files(self):
        fx = require(FIXTURES[0])
        saved = TempDir.path("ff.jsonl")
        res, _, live = clonetrace_files(fx, "-tt", "--json=" + saved)
        self.assertEqual(res.returncode, 0, res.describe())
        with open(saved) as f:
            events = [json.loads(line) for line in f]
        self.assertEqual([e["event"] for e in events][0::len(events) - 1], ["trace_start", "trace_end"])
        self.assertEqual({e["tid"] for e in events if e["event"] == "exit"}, set(live))
        prefix = TempDir.path("replayed")
        replay = run([CLONETRACE, "-tt", "-ff", "-o", prefix, "--replay", saved])
        self.assertEqual(replay.returncode, 0, replay.describe())
        self.assertEqual(files_of(prefix), live)

    def test_append(self):
        """-A appends to each file; without it, each is truncated (a replay
        has the same tids every time)."""
        fx = require(FIXTURES[0])
        saved = TempDir.path("append.jsonl")
        _, _, live = clonetrace_files(fx, "--json=" + saved)
        for options, kept in (([], False), (["-A"], True)):
            with self.subTest(options=options):
                prefix = TempDir.path("append%d" % kept)
                for tid in live:
                    with open("%s.%d" % (prefix, tid), "w") as f:
                        f.write("earlier\n")
                replay = run([CLONETRACE, "-ff", *options, "-o", prefix, "--replay", saved])
                self.assertEqual(replay.returncode, 0, replay.describe())
                self.assertEqual(files_of(prefix), {tid: ["earlier"] * kept + lines for tid, lines in live.items()})

    def test_without_o_it_is_f(self):
        """As in strace, -ff without -o is -f: one trace, with [pid N]."""
        fx = require(FIXTURES[0])
        res = run([CLONETRACE, "-ff", "-qq", "--", *fx.argv])
        self.assertEqual(res.returncode, 0, res.describe())
        self.assertIn("[pid ", res.stderr)
        self.assertEqual(res.stderr.count("vfork() = "), 1, res.describe())

    def test_unwritable_files_never_hurt_the_program(self):
        """A prefix in no directory: said once, and the program runs to its
        end with its status."""
        res = run([CLONETRACE, "-ff", "-o", "/nonexistent/dir/p", "--", "sh", "-c", "sh -c 'exit 0'; exit 5"])
        self.assertEqual(res.returncode, 5, res.describe())
        self.assertEqual(res.stderr.count("cannot write '/nonexistent/dir/p."), 1, res.describe())

    def test_views_go_to_standard_error(self):
        """--tree sums up the whole run: on standard error, no task's file."""
        fx = require(FIXTURES[0])
        res, _, files = clonetrace_files(fx, "--tree")
        self.assertEqual(res.returncode, 0, res.describe())
        self.assertIn("(vfork)", res.stderr)
        self.assertEqual(len(files), 5, files)
        self.assertFalse([l for lines in files.values() for l in lines if "(vfork)" in l and "vfork()" not in l], files)

    def test_what_ff_cannot_be_used_with(self):
        for options, word in ((["-o", "|cat"], "pipe"), (["-o", "!cat"], "pipe"), (["-c", "-o", "p"], "-c"),
                              (["-C", "-o", "p"], "-C"), (["--json", "-o", "p"], "--json=FILE")):
            with self.subTest(options=options):
                res = run([CLONETRACE, "-ff", *options, "--", "true"])
                self.assertEqual(res.returncode, 2, res.describe())
                self.assertIn(word, res.stderr.splitlines()[0])
        res = run([CLONETRACE, "--output-separately", "-o", "|cat", "--", "true"])
        self.assertEqual(res.returncode, 2, res.describe())


if __name__ == "__main__":
    unittest.main()
