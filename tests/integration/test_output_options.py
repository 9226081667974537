"""Output options: -o, -t/-tt/-ttt, -T, -q/-qq, -f, --help, --version.
fx_fork gives two tasks, so [pid N] prefixes appear too."""
import json
import os
import re
import subprocess
import time
import unittest

from ctlib import (CLONETRACE, FIXTURES_DIR, TIMEOUT, TempDir, Trace, clonetrace, normalize_creation, parse_fx, require, run,
                   split_stderr)


def fork_argv():
    return require("fx_fork").argv


def timed_trace(options):
    """(result, parsed trace, start, end) of fx_fork traced with options."""
    start = time.time()
    res = clonetrace(options, fork_argv())
    end = time.time()
    trace = Trace(res.trace)
    return res, trace, start, end


class Destination(unittest.TestCase):
    def assert_fork_trace(self, text, res):
        trace = Trace(text)
        self.assertEqual(trace.problems, [], res.describe())
        self.assertEqual((len(trace.execs), len(trace.created()), len(trace.exits)), (1, 1, 2),
                         res.describe())

    def test_o_writes_the_trace_to_the_file_only(self):
        res = clonetrace([], fork_argv())
        self.assert_fork_trace(res.trace, res)
        self.assertEqual(split_stderr(res.stderr)[1], "", res.describe())

    def test_trace_goes_to_stderr_by_default(self):
        res = run([CLONETRACE, *fork_argv()])
        self.assertEqual(res.returncode, 0, res.describe())
        self.assert_fork_trace(split_stderr(res.stderr)[1], res)
        self.assertTrue(parse_fx(res.stdout), res.describe())


class Timestamps(unittest.TestCase):
    # option, the stamp's shape, whether it counts from the epoch (else from midnight)
    CASES = [
        ("-t", r"\d\d:\d\d:\d\d", False),
        ("-tt", r"\d\d:\d\d:\d\d\.\d{6}", False),
        ("-ttt", r"\d{10}\.\d{6}", True),
    ]

    @staticmethod
    def seconds(stamp, epoch):
        if epoch:
            return float(stamp)
        h, m, s = stamp.split(":")
        return int(h) * 3600 + int(m) * 60 + float(s)

    @staticmethod
    def origin(start, epoch):
        """start, in whole seconds, as the stamps count."""
        local = time.localtime(start)
        return int(start) if epoch else local.tm_hour * 3600 + local.tm_min * 60 + local.tm_sec

    def test_prefix(self):
        for option, shape, epoch in self.CASES:
            with self.subTest(option=option):
                res, trace, start, end = timed_trace([option])
                self.assertEqual(trace.problems, [], res.describe())
                origin = self.origin(start, epoch)
                offsets = []
                for line in res.trace.splitlines():
                    m = re.match(r"^(?:\[pid +\d+\] )?(%s) (?:---|\+\+\+|v?fork|clone)" % shape, line)
                    self.assertIsNotNone(m, "%r\n%s" % (line, res.describe()))
                    offsets.append((self.seconds(m[1], epoch) - origin) % 86400)
                self.assertEqual(offsets, sorted(offsets), res.describe())
                self.assertLessEqual(offsets[-1], end - int(start) + 1, res.describe())


class SyscallTimes(unittest.TestCase):
    def test_duration_suffix_on_creation_lines_only(self):
        for options in ([], ["-T"], ["-tt", "-T"]):
            with self.subTest(options=options):
                res, trace, start, end = timed_trace(options)
                self.assertEqual(trace.problems, [], res.describe())  # exits/execs have no suffix
                [c] = trace.created()
                if "-T" in options:
                    self.assertIsNotNone(c.duration, res.describe())
                    self.assertLessEqual(float(c.duration), end - start, res.describe())
                else:
                    self.assertIsNone(c.duration, res.describe())


class Quiet(unittest.TestCase):
    # options, "Process N attached" chatter shown, exit lines shown
    CASES = [([], True, True), (["-q"], False, True), (["-qq"], False, False)]

    def test_quiet_levels(self):
        for options, chatter, exits in self.CASES:
            with self.subTest(options=options):
                res, trace, _, _ = timed_trace(options)
                [c] = trace.created()
                attached = "clonetrace: Process %d attached" % c.child
                self.assertEqual(attached in res.stderr.splitlines(), chatter, res.describe())
                self.assertEqual(bool(trace.exits), exits, res.describe())
                if not chatter:
                    self.assertNotIn("attached", res.stderr, res.describe())


class FollowForks(unittest.TestCase):
    def test_f_is_accepted_and_changes_nothing(self):
        def view(res):
            return res.returncode, [normalize_creation(c) for c in Trace(res.trace).completed()]
        plain, with_f = clonetrace([], fork_argv()), clonetrace(["-f"], fork_argv())
        self.assertEqual(view(with_f), view(plain), with_f.describe())


class HelpAndVersion(unittest.TestCase):
    CASES = [
        (["--help"], r"Usage: clonetrace .*--output.*--quiet"),
        (["-h"], r"Usage: clonetrace .*--output.*--quiet"),
        (["--version"], r"clonetrace \d+\.\d+\.\d+\n\Z"),
        (["-V"], r"clonetrace \d+\.\d+\.\d+\n\Z"),
    ]

    def test_prints_to_stdout_and_exits_0(self):
        for options, stdout in self.CASES:
            with self.subTest(options=options):
                res = run([CLONETRACE, *options])
                self.assertEqual((res.returncode, res.stderr), (0, ""), res.describe())
                self.assertRegex(res.stdout, re.compile("^" + stdout, re.S))


class LiveOutput(unittest.TestCase):
    """A trace file can be followed while the program runs: whenever the
    program pauses, every line so far is in the file, whole. fx_server makes
    a thread every 10 ms in each of two workers and sleeps in between."""

    SAMPLES = 6
    INTERVAL = 0.3  # seconds between looks at the file

    def follow(self, options, is_line):
        out = TempDir.path("live-%s" % "".join(o.strip("-") for o in options))
        argv = [CLONETRACE, *options, "-o", out, "--", os.path.join(FIXTURES_DIR, "fx_server"), "3"]
        seen = []
        with subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True, start_new_session=True) as proc:
            try:
                for _ in range(self.SAMPLES):
                    time.sleep(self.INTERVAL)
                    with open(out, "rb") as f:
                        seen.append(f.read())
            finally:
                _, err = proc.communicate(timeout=TIMEOUT)
        self.assertEqual((proc.returncode, err), (0, ""))
        os.unlink(out)
        for i, data in enumerate(seen):
            with self.subTest(sample=i):
                # A look may land while a line is being written; the next
                # pause completes it, so at most one look in a row may cut one.
                if not data.endswith(b"\n") and i + 1 < len(seen):
                    self.assertTrue(seen[i + 1].endswith(b"\n"), "two looks in a row ended mid-line")
                    continue
                lines = data.decode().splitlines()
                self.assertTrue(lines, "nothing written after %.1f s" % ((i + 1) * self.INTERVAL))
                for line in lines:
                    self.assertTrue(is_line(line), line)
        counts = [data.count(b"\n") for data in seen]
        self.assertEqual(counts, sorted(counts))
        self.assertLess(counts[0], counts[-1], "the file did not grow while the program ran")

    def test_text_lines_are_written_while_the_program_runs(self):
        self.follow(["-q"], lambda line: re.match(r"^(\[pid +\d+\] )?(clone3?\(|\+\+\+ |--- exec )", line))

    def test_json_lines_are_written_while_the_program_runs(self):
        self.follow(["--json"], lambda line: isinstance(json.loads(line), dict))


if __name__ == "__main__":
    unittest.main()
