"""Shared helpers for the JSON output tests (tests/json).

Paths come from the environment that ctest sets:
  CLONETRACE           the clonetrace binary
  CLONETRACE_FIXTURES  the directory of built fixtures
  CLONETRACE_SCHEMA    man/clonetrace-events.schema.json
  CLONETRACE_JQ        jq (default /usr/bin/jq)
"""
import json
import os
import platform
import re
import shutil
import subprocess
import tempfile
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
CLONETRACE = os.environ.get("CLONETRACE", "")
FIXTURES_DIR = os.environ.get("CLONETRACE_FIXTURES", "")
SCHEMA_PATH = os.environ.get("CLONETRACE_SCHEMA",
                             os.path.join(HERE, "..", "..", "man", "clonetrace-events.schema.json"))
JQ = os.environ.get("CLONETRACE_JQ", "/usr/bin/jq")
RUN_TIMEOUT = 20  # seconds, for any one process we start

# Pids below this are never handed out again in the initial pid namespace,
# so a smaller number in a fixture's output is not a pid that varies by run.
RESERVED_PIDS = 300

# The kernel's clone flags by name (include/uapi/linux/sched.h), an oracle
# independent of clonetrace's own table.
CLONE_FLAG_BITS = {
    "CLONE_NEWTIME": 0x80, "CLONE_VM": 0x100, "CLONE_FS": 0x200, "CLONE_FILES": 0x400,
    "CLONE_SIGHAND": 0x800, "CLONE_PIDFD": 0x1000, "CLONE_PTRACE": 0x2000, "CLONE_VFORK": 0x4000,
    "CLONE_PARENT": 0x8000, "CLONE_THREAD": 0x10000, "CLONE_NEWNS": 0x20000,
    "CLONE_SYSVSEM": 0x40000, "CLONE_SETTLS": 0x80000, "CLONE_PARENT_SETTID": 0x100000,
    "CLONE_CHILD_CLEARTID": 0x200000, "CLONE_DETACHED": 0x400000, "CLONE_UNTRACED": 0x800000,
    "CLONE_CHILD_SETTID": 0x1000000, "CLONE_NEWCGROUP": 0x2000000, "CLONE_NEWUTS": 0x4000000,
    "CLONE_NEWIPC": 0x8000000, "CLONE_NEWUSER": 0x10000000, "CLONE_NEWPID": 0x20000000,
    "CLONE_NEWNET": 0x40000000, "CLONE_IO": 0x80000000, "CLONE_CLEAR_SIGHAND": 1 << 32,
    "CLONE_INTO_CGROUP": 1 << 33,
}

HEX_RE = re.compile(r"\A0x[0-9a-f]+\Z")

COMMON_KEYS = {"schema", "ts_ns", "mono_ns", "event"}
CONTEXT_KEYS = {"tid", "pid", "ppid", "comm", "live"}
ENDING_KEYS = {"status", "core_dumped", "detached", "lifetime_ns"}
EVENT_KEYS = {
    "trace_start": COMMON_KEYS | {"version", "host_arch", "command", "attach", "seccomp_filter", "mode", "unseen"},
    "task_start": COMMON_KEYS | CONTEXT_KEYS | {"reason", "creator"},
    "message": COMMON_KEYS | CONTEXT_KEYS | {"level", "text"},
    "exec": COMMON_KEYS | CONTEXT_KEYS | {"path", "argv", "former_tid"},
    "exit": COMMON_KEYS | CONTEXT_KEYS | ENDING_KEYS,
    # A SIGCHLD of a child that exited: the fields its code fills.
    "signal": COMMON_KEYS | CONTEXT_KEYS | {"signal", "code", "sender_pid", "sender_uid", "status", "utime", "stime"},
    "trace_end": COMMON_KEYS | {"tasks", "threads_created", "processes_created", "failed_creations", "program"},
}
# create: these always, plus what the syscall and the outcome add.
CREATE_KEYS = COMMON_KEYS | CONTEXT_KEYS | {"syscall", "arch", "flags", "flags_raw", "exit_signal",
                                            "outcome", "result", "restart", "duration_ns"}
CLONE_POINTER_KEYS = {"stack", "parent_tid", "child_tid", "tls"}
CLONE3_KEYS = {"args", "size", "args_status"}
CLONE3_FIELDS_64 = {"pidfd", "child_tid", "parent_tid", "stack", "stack_size", "tls"}


def check_environment():
    """Called from setUpModule: a misconfigured run must fail, not pass."""
    if not CLONETRACE or not os.access(CLONETRACE, os.X_OK):
        raise RuntimeError("CLONETRACE must name the built clonetrace binary (got %r)" % CLONETRACE)
    if not FIXTURES_DIR or not os.path.isdir(FIXTURES_DIR):
        raise RuntimeError("CLONETRACE_FIXTURES must name the built fixtures directory (got %r)" % FIXTURES_DIR)
    if not os.path.isfile(SCHEMA_PATH):
        raise RuntimeError("CLONETRACE_SCHEMA must name clonetrace-events.schema.json (got %r)" % SCHEMA_PATH)


def fixture(name):
    return os.path.join(FIXTURES_DIR, name)


def host_arch():
    """clonetrace's name for the ABI it was built for, or None."""
    return {"x86_64": "x86_64", "aarch64": "aarch64", "i686": "i386", "i386": "i386"}.get(platform.machine())


# --------------------------------------------------------------------------
# JSON
# --------------------------------------------------------------------------

def _no_constant(name):
    raise ValueError("not JSON: %s" % name)


def _no_duplicate_keys(pairs):
    keys = [k for k, _ in pairs]
    if len(keys) != len(set(keys)):
        raise ValueError("duplicate key in %r" % keys)
    return dict(pairs)


def strict_loads(text):
    """json.loads that also rejects NaN/Infinity and duplicate keys; control
    characters inside strings are rejected as json.loads does by default."""
    return json.loads(text, parse_constant=_no_constant, object_pairs_hook=_no_duplicate_keys)


def read_jsonl(path):
    """Every line of a JSON Lines file as an object; raises on anything else."""
    with open(path, "rb") as f:
        data = f.read()
    text = data.decode("utf-8")  # strict: the output is UTF-8
    if not text:
        return []
    if not text.endswith("\n"):
        raise ValueError("%s does not end with a newline" % path)
    events = []
    for n, line in enumerate(text[:-1].split("\n"), 1):
        try:
            obj = strict_loads(line)
        except ValueError as e:
            raise ValueError("%s line %d is not JSON (%s): %r" % (path, n, e, line[:300])) from e
        if not isinstance(obj, dict):
            raise ValueError("%s line %d is not an object: %r" % (path, n, line[:300]))
        events.append(obj)
    return events


def load_schema():
    with open(SCHEMA_PATH, encoding="utf-8") as f:
        return json.load(f)


def validator():
    from jsonschema import Draft202012Validator
    schema = load_schema()
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def schema_errors(v, event):
    return ["%s: %s" % ("/".join(map(str, e.absolute_path)) or "(top)", e.message)
            for e in v.iter_errors(event)]


def as_bytes(json_string):
    """The bytes a JSON string from clonetrace stands for (\\uDCXX -> byte XX)."""
    return json_string.encode("utf-8", "surrogateescape")


def is_int(x):
    return type(x) is int  # bool is not an int here


def creates(events):
    return [e for e in events if e["event"] == "create"]



def group_of(child):
    """"thread" for a child that joined its creator's thread group, else
    "process" (the JSON kind says more: spawn, vfork, namespace, ...)."""
    return "thread" if child.get("pid") != child.get("tid") else "process"

def by_kind(events, kind):
    return [e for e in events if e["event"] == kind]


# --------------------------------------------------------------------------
# Text
# --------------------------------------------------------------------------

_C_ESCAPES = {0x22: '\\"', 0x5C: "\\\\", 0x0A: "\\n", 0x09: "\\t", 0x0D: "\\r", 0x0C: "\\f", 0x0B: "\\v"}


def strace_quote(data):
    """clonetrace's quoting of untrusted bytes in text output: strace's C
    escapes, printable ASCII as is, other bytes as three-digit octal."""
    out = ['"']
    for b in data:
        if b in _C_ESCAPES:
            out.append(_C_ESCAPES[b])
        elif 0x20 <= b < 0x7F:
            out.append(chr(b))
        else:
            out.append("\\%03o" % b)
    out.append('"')
    return "".join(out)


PREFIX = r"(?:\[pid +(?P<prefix>\d+)\] )?"
TEXT_CREATE_RE = re.compile(
    r"\A" + PREFIX + r"(?P<call>clone3?|fork|vfork|unshare|setns)\((?P<args>.*)\) = "
    r"(?P<ret>-?\d+|-1 (?P<errno>E[A-Z0-9_]+|\d+) \((?P<msg>[^()]*)\)(?: \(INJECTED\))?|\? (?P<rerrno>E[A-Z0-9_]+) \((?P<rmsg>[^()]*)\)|\?)"
    r"(?P<note> \(thread (?P<thread>\d+) of process (?P<process>\d+)\)| \(process\)| \(process (?P<ourpid>\d+) in our pid namespace\))?"
    r"(?P<ns> \{(?P<nsbody>[^}]*)\})?"
    r"(?P<abi> \[[a-z0-9_]+ ABI\])?(?P<dur> <\d+\.\d{6}>)?(?P<alert> \[NAMESPACE\])?\Z")
TEXT_EXEC_RE = re.compile(r'\A' + PREFIX + r'--- exec (?P<path>"(?:[^"\\]|\\.)*")(?: \[(?P<argv>.*)\])?'
                          r'(?: by thread (?P<former>\d+))? ---\Z')
TEXT_EXIT_RE = re.compile(r"\A" + PREFIX + r"\+\+\+ (?:exited with (?P<code>\d+)|killed by (?P<sig>SIG[A-Z0-9_]+|\d+)(?P<core> \(core dumped\))?) \+\+\+\Z")
TEXT_SIGNAL_RE = re.compile(r"\A" + PREFIX + r"--- (?P<sig>SIG[A-Z0-9_]+) \{si_signo=(?P=sig), si_code=(?P<code>\w+)(?P<info>, .*)?\} ---\Z")
CHATTER_RE = re.compile(r"\Aclonetrace: Process \d+ (?:attached|detached)\Z")


def text_flags(call, args):
    """The CLONE_* names (and unknown hex bits) of a text creation line,
    without the exit signal that clone(2)'s flags= carries."""
    if call == "clone":
        m = re.search(r"(?:^|, )flags=([^,]+)", args)
    elif call == "clone3":
        m = re.match(r"\{flags=([^,}]+)", args)
    else:
        return frozenset()
    if m is None:
        return None  # clone3 with unreadable clone_args: only an address
    names = [n for n in m.group(1).split("|") if n != "0" and not n.startswith("SIG") and not n.isdigit()]
    return frozenset(names)


def read_text_lines(path):
    with open(path, "rb") as f:
        data = f.read()
    text = data.decode("ascii")  # untrusted bytes are escaped: nothing else gets through
    if text and not text.endswith("\n"):
        raise ValueError("%s does not end with a newline" % path)
    return text.splitlines()


# --------------------------------------------------------------------------
# Fixtures' own report
# --------------------------------------------------------------------------

FX_RE = re.compile(r"\AFX (\w+)((?: [\w]+=\S*)*)\Z")


def fx_lines(stdout):
    """[(word, {key: value})] for each `FX word k=v ...` result line (not
    `FX skip`, which says the fixture could not run)."""
    out = []
    for line in stdout.decode("utf-8", "replace").splitlines():
        m = FX_RE.match(line)
        if m and m.group(1) != "skip":
            out.append((m.group(1), dict(kv.split("=", 1) for kv in m.group(2).split())))
    return out


def normalized_output(stdout):
    """A fixture's stdout with what differs from run to run (pids, addresses)
    replaced, as a sorted list (threads print in any order)."""
    lines = []
    for line in stdout.decode("utf-8", "replace").splitlines():
        line = re.sub(r"0x[0-9a-fA-F]+", "<addr>", line)
        line = re.sub(r"=(\d+)", lambda m: "=<n>" if int(m.group(1)) >= RESERVED_PIDS else m.group(0), line)
        lines.append(line)
    return sorted(lines)


# --------------------------------------------------------------------------
# Running
# --------------------------------------------------------------------------

class Run:
    """One finished clonetrace run."""

    def __init__(self, argv, proc, stdout, stderr, trace_path, wall, mono):
        self.argv = argv
        self.returncode = proc.returncode
        self.clonetrace_pid = proc.pid
        self.stdout = stdout
        self.stderr = stderr
        self.trace_path = trace_path
        self.wall_before, self.wall_after = wall
        self.mono_before, self.mono_after = mono

    def events(self):
        return read_jsonl(self.trace_path)

    def text_lines(self):
        return read_text_lines(self.trace_path)

    def fx(self):
        return fx_lines(self.stdout)


class TempDirTestCase(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="ct-json-")
        self.addCleanup(shutil.rmtree, self.tmp, True)
        self._n = 0

    def trace(self, argv, json_out=True, options=()):
        """clonetrace [options] [--json] -o FILE -- argv, waited for."""
        self._n += 1
        return trace_into(self.tmp, "trace%d" % self._n, argv, json_out, options)

    @classmethod
    def trace_for_class(cls, argv, json_out=True, options=()):
        """trace() once for all the tests of a class (from setUpClass)."""
        tmp = tempfile.mkdtemp(prefix="ct-json-")
        cls.addClassCleanup(shutil.rmtree, tmp, True)
        return trace_into(tmp, "trace", argv, json_out, options)

    def untraced(self, argv):
        return subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, timeout=RUN_TIMEOUT)


def trace_into(directory, stem, argv, json_out=True, options=()):
    path = os.path.join(directory, stem + (".jsonl" if json_out else ".txt"))
    cmd = [CLONETRACE, *options, *(["--json"] if json_out else []), "-o", path, "--", *argv]
    return run_clonetrace(cmd, argv, path)


def run_clonetrace(cmd, argv, trace_path):
    wall0, mono0 = time.time_ns(), time.monotonic_ns()
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        stdout, stderr = proc.communicate(timeout=RUN_TIMEOUT)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        raise AssertionError("clonetrace did not finish in %ds: %r" % (RUN_TIMEOUT, cmd))
    wall1, mono1 = time.time_ns(), time.monotonic_ns()
    return Run(argv, proc, stdout, stderr, trace_path, (wall0, wall1), (mono0, mono1))


def run_jq(program, path):
    proc = subprocess.run([JQ, *program, path], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, timeout=RUN_TIMEOUT)
    return proc
