"""clonetrace ends like the program it ran: the same exit code, or death by
the same signal."""
import signal
import unittest

from ctlib import BY_ID, CLONETRACE, Trace, exit_text, run, split_stderr

CASES = [
    # (program, expected returncode: -N means killed by signal N)
    (["sh", "-c", "exit 7"], 7),
    (["sh", "-c", "exit 0"], 0),
    ([BY_ID["fx_selfkill"].path], -signal.SIGTERM),
    ([BY_ID["fx_killed"].path], 9),
    (["sh", "-c", "kill -KILL $$"], -signal.SIGKILL),
    (["sh", "-c", "ulimit -c 0; kill -SEGV $$"], -signal.SIGSEGV),
]


class ExitStatus(unittest.TestCase):
    def test_clonetrace_ends_like_the_program(self):
        for argv, expected in CASES:
            with self.subTest(argv=argv):
                res = run([CLONETRACE, "--", *argv])
                self.assertEqual(res.returncode, expected, res.describe())
                trace = Trace(split_stderr(res.stderr)[1])
                self.assertEqual(trace.root_exit(), [exit_text(expected)], res.describe())


if __name__ == "__main__":
    unittest.main()
