"""A shell's pipeline children end while it forks the next one. The tracer
must not widen that window into restarts (ERESTARTNOINTR) that the program
would not see untraced: no more than strace --seccomp-bpf shows."""
import statistics
import unittest

from ctlib import STRACE, TempDir, Trace, clonetrace, run

LOOP = "i=0; while [ $i -lt 300 ]; do echo x | cat >/dev/null; i=$((i+1)); done"
ARGV = ["/bin/dash", "-c", LOOP]


def strace_restarts():
    out = TempDir.path("strace-pipelines")
    res = run([STRACE, "-f", "-qq", "--seccomp-bpf", "-e", "trace=clone,clone3,fork,vfork", "-o", out, *ARGV])
    with open(out) as f:
        return res, f.read().count("ERESTARTNOINTR")


class ShellPipelineRestarts(unittest.TestCase):
    RUNS = 3  # the median of these, with one restart of slack for timing

    def test_no_more_restarts_than_strace(self):
        ours, theirs = [], []
        for _ in range(self.RUNS):
            res = clonetrace(["-qq"], ARGV)
            self.assertEqual(res.returncode, 0, res.describe())
            trace = Trace(res.trace)
            self.assertEqual(len([c for c in trace.created() if c.kind == "process"]), 600, res.describe())
            ours.append(len([c for c in trace.creations if c.restarted]))
            res, restarts = strace_restarts()
            self.assertEqual(res.returncode, 0, res.describe())
            theirs.append(restarts)
        print("restarts in %d runs: clonetrace %s, strace --seccomp-bpf %s" % (self.RUNS, ours, theirs))
        self.assertLessEqual(statistics.median(ours), statistics.median(theirs) + 1, (ours, theirs))


if __name__ == "__main__":
    unittest.main()
