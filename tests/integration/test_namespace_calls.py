"""unshare and setns as events, traced end to end with util-linux's
unshare(1) and nsenter(1): the flags, the namespace a setns fd refers to,
and the caller's namespaces before and after, as the kernel names them."""
import json
import os
import re
import shutil
import subprocess
import unittest

import ctlib
from ctlib import NO_SECCOMP, Trace, clonetrace

UNSHARE = shutil.which("unshare")
NSENTER = shutil.which("nsenter")
NS_RE = re.compile(r"(\w+):\[(\d+)\]")
MODES = ((), NO_SECCOMP)


def ns_of(pid, kind):
    return int(NS_RE.search(os.readlink("/proc/%d/ns/%s" % (pid, kind)))[2])


def before_after(note):
    parts = dict(p.split(" ", 1) for p in (note or "").split("; ") if " " in p)
    return ({k: int(v) for k, v in NS_RE.findall(parts.get("before", ""))},
            {k: int(v) for k, v in NS_RE.findall(parts.get("after", ""))})


def setUpModule():
    if os.geteuid() != 0:
        raise unittest.SkipTest("setns needs root")
    if not UNSHARE or not NSENTER:
        raise unittest.SkipTest("util-linux's unshare and nsenter are not installed")


class UnshareSetns(unittest.TestCase):
    def test_unshare_urpf(self):
        mine = {k: ns_of(os.getpid(), k) for k in ("user", "pid_for_children")}
        for mode in MODES:
            with self.subTest(mode=mode):
                res = clonetrace(list(mode), [UNSHARE, "-Urpf", "sh", "-c", "echo inside $$"])
                self.assertEqual(res.returncode, 0, res.describe())
                self.assertIn("inside 1", res.stdout)
                calls = [c for c in Trace(res.trace).creations if c.call == "unshare"]
                self.assertEqual(len(calls), 1, res.describe())
                c = calls[0]
                self.assertRegex(c.args, r"\bCLONE_NEWUSER\b")
                self.assertRegex(c.args, r"\bCLONE_NEWPID\b")
                self.assertEqual(c.result, 0, c.body)
                before, after = before_after(c.ns)
                self.assertEqual({k: before[k] for k in mine}, mine, c.body)
                self.assertNotEqual(after["user"], before["user"], c.body)
                # A pid namespace has no id to show until its first process exists.
                self.assertNotIn("pid_for_children", after, c.body)
                # The child it forks lands in the new pid namespace: pid 1 there.
                forked = [x for x in Trace(res.trace).created() if x.call != "unshare"]
                self.assertTrue(any(namespace_pid(x) == 1 for x in forked), res.trace)

    def test_nsenter_into_another_net_namespace(self):
        target = subprocess.Popen([UNSHARE, "-n", "sleep", "30"])
        try:
            # The target has entered its namespace once its net link differs from ours.
            mine = ns_of(os.getpid(), "net")
            theirs = mine
            for _ in range(200):
                try:
                    theirs = ns_of(target.pid, "net")
                except FileNotFoundError:
                    pass
                if theirs != mine:
                    break
                subprocess.run(["sleep", "0.01"])
            self.assertNotEqual(theirs, mine)
            for mode in MODES:
                with self.subTest(mode=mode):
                    res = clonetrace([*mode, "--json"], [NSENTER, "-t", str(target.pid), "-n", "true"])
                    self.assertEqual(res.returncode, 0, res.describe())
                    events = [json.loads(line) for line in res.trace.splitlines()]
                    setns = [e for e in events if e["event"] == "create" and e["syscall"] == "setns"]
                    self.assertTrue(setns, res.trace)
                    moved = [e for e in setns if e.get("namespaces", {}).get("after", {}).get("net")]
                    self.assertEqual(len(moved), 1, res.trace)
                    e = moved[0]
                    self.assertEqual(e["namespaces"], {"before": {"net": mine}, "after": {"net": theirs}})
                    self.assertIn("CLONE_NEWNET", e["flags"])
                    self.assertRegex(e.get("fd_target", ""), r"^(net:\[%d\]|anon_inode:\[pidfd\])$" % theirs)
        finally:
            target.kill()
            target.wait()


def namespace_pid(creation):
    m = re.search(r"nspid (\d+)", creation.ns or "")
    return int(m[1]) if m else None


if __name__ == "__main__":
    unittest.main()
