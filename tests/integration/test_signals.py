"""Signal lines (--- SIGX {siginfo} ---) and -e signal=SET, with Debian's
strace as the oracle on fx_signals: every kind of siginfo a handler gets,
and the SIGCHLDs of children that exit, are killed and fault; group-stop
lines (--- stopped by SIGSTOP ---) on fx_stop_cont."""
import json
import re
import unittest

from ctlib import (CLONETRACE, ROOT, STRACE, STRACE_LINE_RE, X86_64, TempDir, Fixture, Trace, clonetrace,
                   parse_fx, require, run)

FX = Fixture("fx_signals")
SIGNAL_LINE_RE = re.compile(r"^--- SIG\w+ \{.*\} ---$")
TIMES_RE = re.compile(r"\b(si_utime|si_stime)=\d+(?: /\* \d+\.\d\d s \*/)?")


def roles(stdout):
    """pid -> its part in the fixture: parent, child1, child2, child3."""
    out = {}
    for fx in parse_fx(stdout):
        if fx.event == "parent":
            out[fx.fields["pid"]] = "parent"
        elif fx.event == "child":
            out[fx.fields["pid"]] = "child" + fx.fields["n"]
    return out


def normalized(body, names):
    """A signal line with pids as their parts and the child's CPU times
    (which vary from run to run) as N."""
    body = TIMES_RE.sub(r"\1=N", body)
    return re.sub(r"\bsi_pid=(\d+)", lambda m: "si_pid=" + names.get(m[1], m[1]), body)


def strace_signals(options):
    """strace -f's signal lines of one fx_signals run, by the part of the task
    that got them."""
    out = TempDir.path("strace-signals")
    res = run([STRACE, "-f", "-qq", "-e", "trace=none", *options, "-o", out, *FX.argv])
    with open(out) as f:
        text = f.read()
    names = roles(res.stdout)
    lines = {}
    for raw in text.splitlines():
        m = STRACE_LINE_RE.match(raw)
        if m and SIGNAL_LINE_RE.match(m["body"]):
            lines.setdefault(names[m["pid"]], []).append(normalized(m["body"], names))
    return res, lines


def clonetrace_signals(options):
    res = clonetrace(list(options), FX.argv)
    names = roles(res.stdout)
    trace = Trace(res.trace)
    lines = {}
    for s in trace.signals:
        # The parent's lines have no [pid N] while it is alone, and it is never alone
        # in a prefixed line: the trace knows it as the root.
        part = "parent" if s.tid == ROOT else names[str(s.tid)]
        lines.setdefault(part, []).append(normalized(s.body, names))
    return res, trace, lines


class SignalLines(unittest.TestCase):
    def setUp(self):
        require(FX)

    def test_lines_as_strace_prints_them(self):
        """Each task's signal lines, in its order, are strace's; the program
        runs as it does untraced."""
        expected_run, expected = strace_signals([])
        res, trace, actual = clonetrace_signals([])
        self.assertEqual(res.returncode, 0, res.describe())
        self.assertEqual(trace.problems, [], res.describe())
        self.assertEqual(actual, expected, res.describe())
        # What strace shows is what the fixture did: every kind is there.
        self.assertEqual(len(expected["parent"]), 8, expected)
        self.assertEqual([len(expected[c]) for c in ("child2", "child3")], [1, 1], expected)

    def test_signal_sets_as_strace_selects(self):
        """-e signal=SET in strace's forms selects the lines strace selects."""
        specs = ["signal=usr1", "signal=SIGUSR1,sigchld", "signal=!chld", "signals=Usr2,14",
                 "s=!all", "signal=none", "signal=all", "signal=!!segv,", "signal=,term"]
        for spec in specs:
            with self.subTest(spec=spec):
                _, expected = strace_signals(["-e", spec])
                res, trace, actual = clonetrace_signals(["-e", spec])
                self.assertEqual(res.returncode, 0, res.describe())
                self.assertEqual(actual, expected, res.describe())

    def test_the_last_set_wins(self):
        """As in strace, a later -e signal= replaces an earlier one."""
        res, _, actual = clonetrace_signals(["-e", "signal=usr1", "-e", "signal=term"])
        self.assertEqual(list(actual), ["child2"], res.describe())

    def test_bad_sets_are_refused_as_strace_refuses_them(self):
        for spec, word in [("signal=FOO", "FOO"), ("signal=SIGFOO", "SIGFOO"), ("signal=", ""),
                           ("signal=256", "256"), ("signal=-1", "-1"), ("signal=all,none", "all"),
                           ("signal=usr1,!usr2", "!usr2"), ("signal=usr\x01", "usr\\001")]:
            with self.subTest(spec=spec):
                res = run([CLONETRACE, "-e", spec, "--", "true"])
                self.assertEqual(res.returncode, 2, res.describe())
                self.assertIn("clonetrace: invalid signal '%s'" % word, res.stderr)

    def test_json_events_and_their_replay(self):
        """--json carries each signal with its siginfo; --replay prints the
        lines clonetrace printed live."""
        json_path = TempDir.path("signals.jsonl")
        live = clonetrace(["--json=" + json_path], FX.argv)
        self.assertEqual(live.returncode, 0, live.describe())
        with open(json_path) as f:
            events = [json.loads(line) for line in f]
        signals = [e for e in events if e["event"] == "signal"]
        names = roles(live.stdout)
        parent = int(next(pid for pid, part in names.items() if part == "parent"))
        child1 = int(next(pid for pid, part in names.items() if part == "child1"))
        exited = [e for e in signals if e["signal"] == "SIGCHLD" and e["code"] == "CLD_EXITED"]
        self.assertEqual(len(exited), 1, signals)
        self.assertEqual((exited[0]["tid"], exited[0]["sender_pid"], exited[0]["status"]), (parent, child1, 3))
        queued = [e for e in signals if e["code"] == "SI_QUEUE"]
        self.assertEqual([(q["signal"], q["value"]) for q in queued], [("SIGUSR1", "0x2a")])
        fault = [e for e in signals if e["signal"] == "SIGSEGV"]
        self.assertEqual([(f["code"], f["addr"]) for f in fault], [("SEGV_MAPERR", "0x10")])
        replay = run([CLONETRACE, "--replay", json_path])
        self.assertEqual(replay.returncode, 0, replay.describe())
        self.assertEqual([l for l in replay.stderr.splitlines() if "--- SIG" in l],
                         [l for l in live.trace.splitlines() if "--- SIG" in l])

    def test_replay_selects_too(self):
        json_path = TempDir.path("signals-all.jsonl")
        clonetrace(["--json=" + json_path], FX.argv)
        replay = run([CLONETRACE, "-e", "signal=chld", "--replay", json_path])
        shown = [l for l in replay.stderr.splitlines() if "--- SIG" in l]
        self.assertEqual(len(shown), 3, replay.describe())
        self.assertTrue(all("--- SIGCHLD " in l for l in shown), shown)


STOP_FX = Fixture("fx_stop_cont")
STOP_OR_SIGNAL_RE = re.compile(r"^--- (SIG\w+ \{.*\}|stopped by SIG\w+) ---$")


def stop_roles(stdout):
    """pid -> parent or child (the child's thread is the child's too)."""
    fxs = parse_fx(stdout)
    return {**{fx.fields["result"]: "child" for fx in fxs if fx.event == "created"},
            **{fx.fields["pid"]: "parent" for fx in fxs if fx.event == "parent"}}


def by_process(lines, names):
    """{parent|child: sorted lines}: which of the child's threads takes a
    signal sent to the process is the kernel's choice."""
    out = {}
    for pid, body in lines:
        out.setdefault(names.get(pid, "child"), []).append(normalized(body, names))
    return {part: sorted(bodies) for part, bodies in out.items()}


def strace_stops(options):
    out = TempDir.path("strace-stops")
    res = run([STRACE, "-f", "-e", "trace=none", *options, "-o", out, *STOP_FX.argv])
    with open(out) as f:
        matches = [STRACE_LINE_RE.match(raw) for raw in f.read().splitlines()]
    lines = [(m["pid"], m["body"]) for m in matches if m and STOP_OR_SIGNAL_RE.match(m["body"])]
    return res, by_process(lines, stop_roles(res.stdout))


def clonetrace_stops(options):
    res = clonetrace(list(options), STOP_FX.argv)
    trace = Trace(res.trace)
    # Without exit lines (-qq) the parser cannot follow who is alive; a line
    # without [pid N] is then the program's, alone at its end.
    return res, trace, by_process([(str(s.tid or trace.root), s.body) for s in trace.signals], stop_roles(res.stdout))


class GroupStops(unittest.TestCase):
    """`--- stopped by SIGSTOP ---` as strace prints it when a task enters
    group-stop: each thread of the stopped child, each time; -e signal=SET
    chooses them as it chooses signal lines, and -q and -qq keep them."""

    def setUp(self):
        require(STOP_FX)

    def test_stops_as_strace_prints_them(self):
        for options in ([], ["-q"], ["-qq"], ["-e", "signal=stop"], ["-e", "signal=!SIGTSTP,chld"],
                        ["-e", "signal=none"]):
            with self.subTest(options=options):
                _, expected = strace_stops(options)
                res, trace, actual = clonetrace_stops(options)
                self.assertEqual(res.returncode, 0, res.describe())
                if "-qq" not in options:
                    self.assertEqual(trace.problems, [], res.describe())
                self.assertEqual(actual, expected, res.describe())
                if not options:
                    # Two threads, each stopped twice.
                    self.assertEqual(sum(l.startswith("--- stopped by") for l in expected["child"]), 4, expected)

    def test_json_events_and_their_replay(self):
        json_path = TempDir.path("stops.jsonl")
        live = clonetrace(["--json=" + json_path], STOP_FX.argv)
        self.assertEqual(live.returncode, 0, live.describe())
        with open(json_path) as f:
            events = [json.loads(line) for line in f]
        stops = [e for e in events if e["event"] == "stop"]
        self.assertEqual(sorted(e["signal"] for e in stops), ["SIGSTOP"] * 2 + ["SIGTSTP"] * 2, stops)
        child = int(next(pid for pid, part in stop_roles(live.stdout).items() if part == "child"))
        self.assertEqual({e["pid"] for e in stops}, {child})
        replay = run([CLONETRACE, "--replay", json_path])
        self.assertEqual(replay.returncode, 0, replay.describe())
        self.assertEqual([l for l in replay.stderr.splitlines() if "--- " in l],
                         [l for l in live.trace.splitlines() if "--- " in l])


SIGSYS_FIXTURES = (Fixture("fx_sigsys"), *((Fixture("fx_sigsys_m32", i386=True),) if X86_64 else ()))
CALL_ADDR_RE = re.compile(r"\bsi_call_addr=0x[0-9a-f]+")


class SigsysLines(unittest.TestCase):
    """A program's own filter traps getppid, a call clonetrace does not
    trace: the SIGSYS line names it (si_syscall=__NR_getppid) as strace's
    does, in the ABI the program made it in."""

    def test_sigsys_as_strace_prints_it(self):
        for fx in SIGSYS_FIXTURES:
            with self.subTest(fixture=fx.name):
                require(fx)
                out = TempDir.path("strace-" + fx.name)
                expected_run = run([STRACE, "-f", "-qq", "-e", "trace=none", "-e", "signal=sys", "-o", out, *fx.argv])
                self.assertEqual(expected_run.returncode, 0, expected_run.describe())
                with open(out) as f:
                    expected = [CALL_ADDR_RE.sub("si_call_addr=ADDR", STRACE_LINE_RE.match(l)["body"])
                                for l in f.read().splitlines()]
                res = clonetrace(["-e", "signal=sys"], fx.argv)
                self.assertEqual(res.returncode, 0, res.describe())
                actual = [CALL_ADDR_RE.sub("si_call_addr=ADDR", s.body) for s in Trace(res.trace).signals]
                self.assertEqual(actual, expected, res.describe())
                self.assertIn("si_syscall=__NR_getppid", actual[0])

    def test_json_names_the_call_and_replays(self):
        fx = require(SIGSYS_FIXTURES[0])
        json_path = TempDir.path("sigsys.jsonl")
        live = clonetrace(["--json=" + json_path], fx.argv)
        self.assertEqual(live.returncode, 0, live.describe())
        with open(json_path) as f:
            sigsys = [e for e in map(json.loads, f) if e["event"] == "signal" and e["signal"] == "SIGSYS"]
        self.assertEqual([(e["syscall_name"], e["code"]) for e in sigsys], [("getppid", "SYS_SECCOMP")])
        replay = run([CLONETRACE, "-e", "signal=sys", "--replay", json_path])
        self.assertEqual([l for l in replay.stderr.splitlines() if "SIGSYS" in l],
                         [l for l in live.trace.splitlines() if "SIGSYS" in l])


if __name__ == "__main__":
    unittest.main()
