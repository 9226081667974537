"""Command-line errors: one line on stderr (plus the --help hint for usage
errors), the right exit status, nothing traced."""
import os
import unittest

from ctlib import CLONETRACE, TempDir, run

USAGE, NOT_EXECUTABLE, NOT_FOUND = 2, 126, 127
HINT = "Try 'clonetrace --help' for more information."


def temp_file(name, content, mode):
    path = TempDir.path(name)
    with open(path, "wb") as f:
        f.write(content)
    os.chmod(path, mode)
    return path


CASES = [
    # (what, arguments, exit status)
    ("unknown option", ["--bogus", "true"], USAGE),
    ("-o without its argument", ["-o"], USAGE),
    ("no PROG", [], USAGE),
    ("-p not a number", ["-p", "abc"], USAGE),
    ("-p and PROG together", ["-p", "1", "true"], USAGE),
    ("--events-only with --syscall-stops", ["--events-only", "--syscall-stops", "true"], USAGE),
    ("--events-only with --no-seccomp", ["--no-seccomp", "--events-only", "true"], USAGE),
    ("--events-only with --inject", ["--events-only", "--inject=fork:error=EAGAIN", "true"], USAGE),
    ("PROG missing", ["/nonexistent"], NOT_FOUND),
    ("PROG not on PATH", ["clonetrace-no-such-program"], NOT_FOUND),
    ("PROG a directory", [os.path.dirname(TempDir.path("x"))], NOT_EXECUTABLE),
    ("PROG not executable", [temp_file("no-x", b"#!/bin/sh\nexit 0\n", 0o644)], NOT_EXECUTABLE),
    # Passes every check but execve() itself fails (ENOEXEC: neither ELF nor #!).
    ("PROG not a valid program", [temp_file("no-elf", b"garbage\0\1", 0o755)], NOT_EXECUTABLE),
]


class CommandLineErrors(unittest.TestCase):
    def check(self, args, status, out=None):
        res = run([CLONETRACE, *(["-o", out] if out else []), *args])
        self.assertEqual(res.returncode, status, res.describe())
        self.assertEqual(res.stdout, "", res.describe())
        lines = res.stderr.splitlines()
        if status == USAGE and lines[-1:] == [HINT]:
            lines.pop()
        self.assertEqual(len(lines), 1, res.describe())
        self.assertTrue(lines[0].startswith("clonetrace: "), res.describe())
        if out and os.path.exists(out):
            with open(out) as f:
                self.assertEqual(f.read(), "", "something was traced to -o FILE")

    def test_errors(self):
        for i, (what, args, status) in enumerate(CASES):
            with self.subTest(what, trace="stderr"):
                self.check(args, status)
            if "-o" not in args:
                with self.subTest(what, trace="-o FILE"):
                    self.check(args, status, TempDir.path("never-written-%d" % i))

    def test_empty_arguments(self):
        """An empty -p or -o is said as such; no option is ever listed that
        --help does not show."""
        for args, message in ((["-p", ""], "invalid process id ''"), (["-p", " ,\n"], "invalid process id ' ,\\n'"),
                              (["-o", "", "true"], "empty output file name"),
                              (["--output=", "true"], "empty output file name")):
            with self.subTest(args=args):
                res = run([CLONETRACE, *args])
                self.assertEqual(res.returncode, USAGE, res.describe())
                self.assertEqual(res.stderr.splitlines(), ["clonetrace: " + message, HINT], res.describe())

    def test_unknown_options_name_only_documented_ones(self):
        for option in ("--c", "--comm", "--command", "--command=x"):
            with self.subTest(option=option):
                res = run([CLONETRACE, option, "true"])
                self.assertEqual(res.returncode, USAGE, res.describe())
                self.assertEqual(res.stderr.splitlines(), ["clonetrace: unknown option '%s'" % option, HINT],
                                 res.describe())

    def test_user_input_in_messages_is_escaped(self):
        res = run([CLONETRACE, "-p", "1\x1b[2J\udcff"])  # the byte 0xff
        self.assertEqual(res.returncode, USAGE, res.describe())
        self.assertEqual(res.stderr.splitlines()[0], "clonetrace: invalid process id '1\\033[2J\\377'", res.describe())


if __name__ == "__main__":
    unittest.main()
