"""-e trace=SET chooses the creation and exec lines shown, in strace's
syntax, with Debian's strace as the oracle on fx_demo (clone3 twice, clone,
vfork, execve twice)."""
import collections
import json
import os
import re
import shutil
import unittest

from ctlib import (CLONETRACE, CREATION_RE, EXEC_RE, LINE_RE, STRACE, STRACE_LINE_RE, TempDir, Fixture, Trace,
                   clonetrace, require, run)

FX = Fixture("fx_demo")
STRACE_CALL_RE = re.compile(r"^(?:<\.\.\. (?P<resumed>\w+) resumed>|(?P<call>\w+)\().* = (?P<ret>-?\d+|\?)")
NAMESPACE_CALL_RE = re.compile(r"^(?P<call>unshare|setns)\(.*\) = 0(?: \{.*\})?$")
# The calls clonetrace traces; strace's %process and all hold more.
TRACED = {"clone", "clone3", "fork", "vfork", "unshare", "setns", "execve", "execveat"}


def strace_calls(options, argv=None):
    """The calls strace shows that succeeded, counted by name."""
    out = TempDir.path("strace-calls")
    res = run([STRACE, "-f", "-qq", "-e", "signal=none", *options, "-o", out, *(argv or FX.argv)])
    with open(out) as f:
        text = f.read()
    calls = collections.Counter()
    for raw in text.splitlines():
        m = STRACE_LINE_RE.match(raw)
        c = STRACE_CALL_RE.match(m["body"]) if m else None
        name = c and (c["resumed"] or c["call"])
        if name in TRACED and c["ret"] != "?" and int(c["ret"]) >= 0:
            calls[name] += 1
    return res, calls


def clonetrace_calls(options, argv=None):
    """The calls clonetrace shows that succeeded; an exec line is an execve.
    (Not a Trace: the lines of a child whose creation is not shown break
    its rules.)"""
    res = clonetrace(["-e", "signal=none", *options], argv or FX.argv)
    calls, unparsed = collections.Counter(), []
    for raw in res.trace.splitlines():
        body = LINE_RE.match(raw)["body"]
        if (c := CREATION_RE.match(body)):
            calls[c["call"]] += c["ret"] != "?" and int(c["ret"]) >= 0
        elif EXEC_RE.match(body):
            calls["execve"] += 1
        elif not body.startswith("+++ "):
            unparsed.append(raw)
    return res, unparsed, +calls


class TraceSets(unittest.TestCase):
    def setUp(self):
        require(FX)

    def test_sets_as_strace_selects(self):
        specs = ["trace=clone", "trace=!clone3", "clone3,vfork", "trace=%process", "trace=execve",
                 "trace=all", "trace=none", "trace=?nosuchcall,fork,vfork", "trace=/^clone", "t=!vfork,execve",
                 "trace=!!clone", "trace=,clone3,", "trace=%desc", "trace=%file", "trace=%network"]
        for spec in specs:
            with self.subTest(spec=spec):
                _, expected = strace_calls(["-e", spec])
                res, unparsed, actual = clonetrace_calls(["-e", spec])
                self.assertEqual(res.returncode, 0, res.describe())
                self.assertEqual(unparsed, [], res.describe())
                self.assertEqual(actual, +expected, res.describe())

    def test_namespace_calls_as_strace_selects(self):
        """unshare and setns, and strace's classes that hold them or not."""
        unshare, nsenter = shutil.which("unshare"), shutil.which("nsenter")
        if os.geteuid() != 0 or not unshare or not nsenter:
            self.skipTest("needs root, unshare(1) and nsenter(1)")
        argv = [unshare, "-u", nsenter, "--uts=/proc/%d/ns/uts" % os.getpid(), "true"]
        for spec in ["trace=unshare,setns", "trace=%desc", "trace=%process", "trace=!setns", "trace=all"]:
            with self.subTest(spec=spec):
                _, expected = strace_calls(["-e", spec], argv)
                res, unparsed, actual = clonetrace_calls(["-e", spec], argv)
                self.assertEqual(res.returncode, 0, res.describe())
                self.assertEqual(unparsed, [], res.describe())
                self.assertEqual(actual, +expected, res.describe())

    def test_other_lines_stay(self):
        """Exit lines are not calls: -e trace=none leaves them, as in strace."""
        res, _, actual = clonetrace_calls(["-e", "trace=none"])
        self.assertEqual(actual, collections.Counter())
        exits = [line for line in res.trace.splitlines() if "+++ exited with" in line]
        self.assertEqual(len(exits), 5, res.describe())
        self.assertEqual(exits[-1], "+++ exited with 0 +++", res.describe())

    def test_unknown_names_are_refused_as_strace_refuses_them(self):
        for spec, word in [("trace=nosuchcall", "nosuchcall"), ("trace=clone,CLONE", "CLONE"), ("trace=", ""),
                           ("nosuchcall", "nosuchcall"), ("foo=bar", "foo=bar"), ("trace=%nosuchclass", "%nosuchclass")]:
            with self.subTest(spec=spec):
                res = run([CLONETRACE, "-e", spec, "--", "true"])
                self.assertEqual(res.returncode, 2, res.describe())
                self.assertIn("clonetrace: invalid system call '%s'" % word, res.stderr)
        res = run([CLONETRACE, "-e", "trace=/(", "--", "true"])
        self.assertEqual(res.returncode, 2, res.describe())
        self.assertIn("clonetrace: invalid system call '/('", res.stderr)

    def test_json_and_replay_choose_too(self):
        """The JSON trace holds the chosen calls; a view still sees every call."""
        json_path = TempDir.path("demo-trace.jsonl")
        res = clonetrace(["--json=" + json_path, "-e", "trace=vfork", "--tree"], FX.argv)
        self.assertEqual(res.returncode, 0, res.describe())
        with open(json_path) as f:
            events = [json.loads(line) for line in f]
        self.assertEqual([e["syscall"] for e in events if e["event"] == "create"], ["vfork"])
        self.assertFalse([e for e in events if e["event"] == "exec"])
        # The tree is a view: every task, made by calls shown or not.
        self.assertRegex(res.trace, r"\n.* 2 × fx_demo \(thread\)")
        self.assertRegex(res.trace, r"\n.* echo \(process, ran /usr/bin/echo\)")
        self.assertRegex(res.trace, r"\n.* fx_demo \(vfork\)")
        full = TempDir.path("demo-all.jsonl")
        clonetrace(["--json=" + full], FX.argv)
        replay = run([CLONETRACE, "-e", "trace=clone3", "--replay", full])
        self.assertEqual(replay.returncode, 0, replay.describe())
        self.assertEqual(Trace(replay.stderr).creations.__len__(), 2, replay.stderr)


if __name__ == "__main__":
    unittest.main()
