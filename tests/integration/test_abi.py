"""Each stop's ABI comes from the kernel, never assumed: a 64-bit shell's
child execs an i386 program and forks there (i386 calls), then the shell
forks again and execs a 64-bit program that forks (x86_64 calls)."""
import json
import os
import unittest

from ctlib import CLONETRACE, FIXTURES_DIR, TempDir, run


class AbiChangesAtExec(unittest.TestCase):
    def test_each_call_in_the_abi_of_its_program(self):
        m32, native = (os.path.join(FIXTURES_DIR, name) for name in ("fx_fork_m32", "fx_fork"))
        out = TempDir.path("abi.jsonl")
        res = run([CLONETRACE, "--json", "-o", out, "--", "/bin/sh", "-c", "%s; exec %s" % (m32, native)])
        self.assertEqual(res.returncode, 0, res.describe())
        with open(out) as f:
            events = [json.loads(line) for line in f]
        program, calls = {}, []  # each task's program as the events go by
        for e in events:
            if e["event"] == "exec":
                program[e["tid"]] = os.path.basename(e["path"])
            elif e["event"] == "create":
                calls.append((e["arch"], program[e["tid"]]))
                program[e["child"]["tid"]] = program[e["tid"]]
        self.assertEqual(calls, [("x86_64", "dash"), ("i386", "fx_fork_m32"), ("x86_64", "fx_fork")],
                         res.describe())


if __name__ == "__main__":
    unittest.main()
