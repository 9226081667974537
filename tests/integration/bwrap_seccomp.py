"""bubblewrap's --seccomp: bwrap installs the program's filter (here one that
denies clone3 with ENOSYS) before it execs fx_pthread, whose pthread_create
then falls back to clone. Traced, the filter is wrapped, the denied clone3
calls and the clones are reported, and the program's output and exit are
those of its untraced run. Exits 77 (skipped) where bwrap is not installed.
Run by ctest on its own, not through ctrun.py, so that its skip is the
test's."""
import os
import shutil
import struct
import sys
import tempfile
import unittest

from ctlib import FIXTURES_DIR, SKIP_STATUS, Trace, clonetrace, normalize_stdout, run

BWRAP = shutil.which("bwrap")
CLONE3 = 435 if os.uname().machine in ("x86_64", "aarch64") else None
# struct sock_filter {u16 code; u8 jt; u8 jf; u32 k;}: load nr, clone3 -> ERRNO(ENOSYS), else ALLOW.
FILTER = b"".join(struct.pack("=HBBI", *insn) for insn in [
    (0x20, 0, 0, 0),                 # BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, nr)
    (0x15, 0, 1, CLONE3 or 0),       # BPF_JMP | BPF_JEQ | BPF_K
    (0x06, 0, 0, 0x00050000 | 38),   # BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOSYS
    (0x06, 0, 0, 0x7fff0000),        # BPF_RET | BPF_K, SECCOMP_RET_ALLOW
])


def under_bwrap(argv):
    """bwrap with the filter on fd 3 (a shell redirection: ctlib.run keeps no fds)."""
    path = os.path.join(tempfile.mkdtemp(prefix="clonetrace-bwrap-"), "filter.bpf")
    with open(path, "wb") as f:
        f.write(FILTER)
    quoted = " ".join("'%s'" % a for a in [BWRAP, "--dev-bind", "/", "/", "--seccomp", "3", "--", *argv])
    return ["/bin/sh", "-c", "exec %s 3<'%s'" % (quoted, path)]


class BwrapSeccomp(unittest.TestCase):
    def test_a_bwrap_filter_is_wrapped_and_its_denials_reported(self):
        program = [os.path.join(FIXTURES_DIR, "fx_pthread")]
        plain = run(under_bwrap(program))
        if plain.returncode != 0:
            self.skipTest("bwrap cannot run here: " + plain.stderr.strip())
        res = clonetrace([], under_bwrap(program))
        self.assertEqual(res.returncode, plain.returncode, res.describe())
        self.assertEqual(normalize_stdout(res.stdout), normalize_stdout(plain.stdout), res.describe())
        self.assertRegex(res.stderr, r"installed a seccomp filter of its own: wrapped")
        trace = Trace(res.trace)
        denied = [c for c in trace.completed() if c.call == "clone3" and c.err == "ENOSYS"]
        threads = [c for c in trace.created() if c.call == "clone" and c.kind == "thread"]
        self.assertEqual((len(denied), len(threads)), (3, 3), res.describe())


if __name__ == "__main__":
    if BWRAP is None or CLONE3 is None:
        print("bwrap_seccomp: skipped, bwrap is not installed" if BWRAP is None else "skipped on this machine")
        sys.exit(SKIP_STATUS)
    result = unittest.main(exit=False).result
    sys.exit(SKIP_STATUS if result.wasSuccessful() and result.skipped else 0 if result.wasSuccessful() else 1)
