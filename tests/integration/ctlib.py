"""Shared helpers for the clonetrace integration tests.

Runs clonetrace, the fixtures and strace with bounded timeouts, and parses
what they print: clonetrace's strace-shaped text trace, the fixtures'
`FX ...` lines and strace's own output. The paths come from the environment
that ctest sets: CLONETRACE (the binary) and CLONETRACE_FIXTURES (the
directory of built fixtures). CLONETRACE_ONLY_FIXTURE names the one fixture
a ctest test checks (see selected).
"""
import atexit
import collections
import dataclasses
import functools
import itertools
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
import unittest

CLONETRACE = os.environ.get("CLONETRACE", "")
FIXTURES_DIR = os.environ.get("CLONETRACE_FIXTURES", "")
ONLY_FIXTURE = os.environ.get("CLONETRACE_ONLY_FIXTURE", "")
STRACE = "/usr/bin/strace"
TIMEOUT = 30  # seconds, for any one process we start
X86_64 = os.uname().machine == "x86_64"

# A fixture that cannot make its calls here (not root, no int $0x80, no
# seccomp) prints one `FX skip k=v ...` line and exits SKIP_STATUS; the ctest
# test that checks it alone reports it skipped (SKIP_RETURN_CODE).
SKIP_STATUS = 77
SKIP_RE = re.compile(r"^FX skip(?: \w+=\S*)*$")

# The kernel never hands pids below RESERVED_PIDS (300) out again in the
# initial pid namespace, so a smaller id is namespace-local and deterministic
# (1, 2 inside a new pid namespace, ppid 0 or 1).
RESERVED_PIDS = 300


# --------------------------------------------------------------------------
# The fixtures
# --------------------------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class Fixture:
    name: str
    args: tuple = ()
    strace: bool = False    # its decode is compared with strace's
    may_skip: bool = False  # may exit SKIP_STATUS, so it has a ctest test of its own
    x86_64: bool = False    # built on x86_64 only
    i386: bool = False      # an i386 program (gcc -m32), built on x86_64 hosts

    @property
    def id(self):
        """Its name in CLONETRACE_ONLY_FIXTURE and in its ctest test's name."""
        return ".".join((self.name, *self.args))

    @property
    def built_here(self):
        return X86_64 or not (self.x86_64 or self.i386)

    @property
    def path(self):
        return os.path.join(FIXTURES_DIR, self.name)

    @property
    def argv(self):
        return [self.path, *self.args]

    def skip_reason(self):
        """Why this fixture cannot run here, as it says itself untraced, or
        None. Fails when it was not built."""
        if not os.access(self.path, os.X_OK):
            raise AssertionError("fixture %s not built" % self.path)
        return skip_of(untraced(self))


# fx_own_filters: one seccomp filter of the program's own per mode.
OWN_FILTER_MODES = ("clone3-enosys", "newuser-eperm", "trap", "trap-blocked", "kill-thread", "kill-process",
                    "tsync", "listener", "null-probe")

FIXTURES = [
    Fixture("fx_clone_vm", strace=True, x86_64=True),
    Fixture("fx_clone_shared", strace=True, x86_64=True),
    Fixture("fx_clone_thread", strace=True, x86_64=True),
    Fixture("fx_pthread", strace=True),
    Fixture("fx_fork", strace=True),
    Fixture("fx_vfork", strace=True),
    Fixture("fx_posix_spawn"),
    Fixture("fx_clone3_sizes", strace=True),
    Fixture("fx_clone3_fail", strace=True),
    Fixture("fx_namespaces", strace=True, may_skip=True),
    Fixture("fx_exit_signal", strace=True),
    Fixture("fx_killed"),
    Fixture("fx_selfkill"),
    Fixture("fx_exec_thread"),
    Fixture("fx_int80", ("i386",), may_skip=True, x86_64=True),
    Fixture("fx_int80", ("x32",), x86_64=True),
    Fixture("fx_orphans"),
    Fixture("fx_chain", ("50",)),
    Fixture("fx_clone3_garbage"),
    Fixture("fx_own_filter", strace=True, may_skip=True),
    # A call a filter traps or kills never returns: strace shows the number the
    # kernel leaves in the return register as its result, clonetrace "= ?".
    *(Fixture("fx_own_filters", (mode,), strace="trap" not in mode and "kill" not in mode, may_skip=True,
              x86_64=True) for mode in OWN_FILTER_MODES),
    Fixture("fx_grandchild_thread", strace=True),
    Fixture("fx_restart", strace=True),
    Fixture("fx_clone_parent", strace=True),
    Fixture("fx_stack_pool"),
    Fixture("fx_stack_cpp"),
    Fixture("fx_stack_nounwind"),
    Fixture("fx_stack_signal"),
    Fixture("fx_stack_garbage", x86_64=True),
    Fixture("fx_stack_dlopen"),
    Fixture("fx_tree", strace=True),
    Fixture("fx_pthread_m32", strace=True, i386=True),
    Fixture("fx_fork_m32", strace=True, i386=True),
    Fixture("fx_vfork_m32", strace=True, i386=True),
    Fixture("fx_posix_spawn_m32", i386=True),
    Fixture("fx_clone3_sizes_m32", strace=True, i386=True),
    Fixture("fx_clone3_fail_m32", strace=True, i386=True),
    Fixture("fx_clone_tls32", strace=True, i386=True),
    Fixture("fx_stop_cont"),
    Fixture("fx_sigsys", may_skip=True),
]
BY_ID = {fx.id: fx for fx in FIXTURES}
NO_SECCOMP = ("--no-seccomp",)


def selected(fx):
    """Whether this ctest test checks fx: with CLONETRACE_ONLY_FIXTURE, that
    fixture alone (so that its skip is the whole test's); else every fixture
    that cannot skip. Never one that is not built for this host."""
    if not fx.built_here:
        return False
    return fx.id == ONLY_FIXTURE if ONLY_FIXTURE else not fx.may_skip


def for_each_fixture(test, fixtures, check):
    """Runs check(fx) for every selected fixture in a subTest, skipping the
    ones that cannot run here."""
    for fx in filter(selected, fixtures):
        with test.subTest(fixture=fx.id):
            reason = fx.skip_reason()
            if reason:
                test.skipTest(reason)
            check(fx)


def require(fx):
    """The fixture (a Fixture or the id of one in FIXTURES), or skip the
    calling test."""
    fx = BY_ID[fx] if isinstance(fx, str) else fx
    reason = fx.skip_reason()
    if reason:
        raise unittest.SkipTest(reason)
    return fx


def about(fx):
    """Decorates a test of one fixture (a Fixture or an id): the test gets
    it as an argument, runs only where that fixture is selected (ctrun.py
    reads .fixture) and is skipped when the fixture skips."""
    fx = BY_ID[fx] if isinstance(fx, str) else fx

    def decorate(method):
        @functools.wraps(method)
        def test(self):
            return method(self, require(fx))
        test.fixture = fx
        return test
    return decorate


# --------------------------------------------------------------------------
# Running processes
# --------------------------------------------------------------------------

@dataclasses.dataclass
class Result:
    argv: list
    returncode: int      # -N when killed by signal N
    stdout: str
    stderr: str
    pid: int             # of the process started
    trace: str = ""      # the -o file, when one was asked for

    def describe(self):
        return "%s\nreturncode=%s\n--- stdout\n%s--- stderr\n%s--- trace\n%s" % (
            " ".join(self.argv), self.returncode, self.stdout, self.stderr, self.trace)


def run(argv, timeout=TIMEOUT):
    """Runs argv in a session of its own, so that on timeout the whole group
    (the tracer and its tracees) is killed, then fails loudly."""
    with subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True, errors="replace",
                          start_new_session=True) as proc:
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            raise AssertionError("timed out after %ss: %s" % (timeout, " ".join(argv)))
    return Result(list(argv), proc.returncode, out, err, proc.pid)


def wait_until(predicate, what):
    """Polls predicate until it holds or TIMEOUT passes (then fails)."""
    deadline = time.monotonic() + TIMEOUT
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("gave up waiting: " + what)
        time.sleep(0.01)


class TempDir:
    """One temporary directory per test process, removed at exit."""
    _path = None

    @classmethod
    def path(cls, name):
        if cls._path is None:
            cls._path = tempfile.mkdtemp(prefix="clonetrace-it-")
            atexit.register(shutil.rmtree, cls._path, ignore_errors=True)
        return os.path.join(cls._path, name)


_counter = itertools.count()


def clonetrace(options, argv, timeout=TIMEOUT):
    """Runs `clonetrace OPTIONS -o FILE -- ARGV`; the trace is in .trace."""
    out = TempDir.path("trace-%d" % next(_counter))
    res = run([CLONETRACE, *options, "-o", out, "--", *argv], timeout)
    if os.path.exists(out):
        with open(out, errors="replace") as f:
            res.trace = f.read()
        os.unlink(out)
    return res


@functools.lru_cache(maxsize=None)
def untraced(fx):
    return run(fx.argv)


@functools.lru_cache(maxsize=None)
def traced(fx, options=()):
    """The fixture under clonetrace (cached: several checks share one run)."""
    return clonetrace(list(options), fx.argv)


# --------------------------------------------------------------------------
# FX lines
# --------------------------------------------------------------------------

FX_RE = re.compile(r"^FX (?P<event>\w+)(?P<fields>(?: \w+=\S*)*)$")
# "parent_tid value=N" is fx_clone_thread's "FX parent_tid value=N"; "id=N" a namespace id.
ID_KEYS = ["tid", "pid", "ppid", "result", "parent_tid", "parent_tid value", "id"]
ADDR_KEYS = {"ptr"}


@dataclasses.dataclass
class Fx:
    event: str
    fields: dict

    def int(self, key):
        return int(self.fields[key])


def parse_fx(stdout):
    """The FX result lines of a fixture's stdout; other lines, and the
    `FX skip` line, are ignored."""
    out = []
    for line in stdout.splitlines():
        m = FX_RE.match(line)
        if m and not SKIP_RE.match(line):
            fields = dict(f.split("=", 1) for f in m["fields"].split())
            out.append(Fx(m["event"], fields))
    return out


def skip_of(res):
    """A fixture's `FX skip` line without its "FX " (never empty), or None
    when it did not skip. Fails when the line and the exit status disagree."""
    lines = [line for line in res.stdout.splitlines() if SKIP_RE.match(line)]
    if not lines and res.returncode != SKIP_STATUS:
        return None
    if len(lines) != 1 or res.returncode != SKIP_STATUS:
        raise AssertionError("a fixture skips with one `FX skip` line and exit status %d:\n%s"
                             % (SKIP_STATUS, res.describe()))
    return lines[0][len("FX "):]


def _relabel(text, pattern):
    """Replaces each id matched by pattern (group 'id') with <idN>, N counted
    by first appearance in text, so equal ids stay equal. Ids below
    RESERVED_PIDS are kept: they are deterministic."""
    labels = {}

    def sub(m):
        value = m["id"]
        if int(value) < RESERVED_PIDS:
            return m[0]
        label = labels.setdefault(value, "<id%d>" % (len(labels) + 1))
        return m[0][:m.start("id") - m.start()] + label + m[0][m.end("id") - m.start():]
    return pattern.sub(sub, text)


_FX_ID_RE = re.compile(r"\b(?:%s)=(?P<id>\d+)\b" % "|".join(ID_KEYS))
_FX_ADDR_RE = re.compile(r"\b(%s)=0x[0-9a-f]*[1-9a-f][0-9a-f]*\b" % "|".join(ADDR_KEYS))


def normalize_stdout(stdout):
    """A fixture's stdout as a sorted list of lines with pids, tids and
    addresses replaced by placeholders (the order of lines printed by
    concurrent tasks is not deterministic; their content is)."""
    lines = []
    for line in stdout.splitlines():
        line = _FX_ADDR_RE.sub(r"\1=<addr>", line)
        lines.append(_relabel(line, _FX_ID_RE))
    return sorted(lines)


# --------------------------------------------------------------------------
# clonetrace's text trace
# --------------------------------------------------------------------------

ROOT = -1  # the launched program's tid until a prefixed line names it

LINE_RE = re.compile(
    r"^(?:\[pid +(?P<pid>\d+)\] )?"
    r"(?P<ts>\d\d:\d\d:\d\d(?:\.\d{6})? |\d+\.\d{6} )?"
    r"(?P<body>.*)$")
CREATION_RE = re.compile(
    r"^(?P<call>clone3|clone|fork|vfork|unshare|setns)\((?P<args>.*)\) = "
    r"(?P<ret>-?\d+|\?)(?: (?P<err>\w+) \([^)]*\))?(?P<injected> \(INJECTED\))?"
    r"(?: \((?:thread (?P<thread>\d+) of process (?P<tgid>\d+)"
    r"|process(?: (?P<real>\d+) in our pid namespace)?)\))?"
    r"(?: \{(?P<ns>[^}]*)\})?"
    r"(?: \[(?P<abi>\w+) ABI\])?"
    r"(?: <(?P<dur>\d+\.\d{6})>)?"
    r"(?P<alert> \[NAMESPACE\])?$")
EXIT_RE = re.compile(r"^\+\+\+ (?P<what>exited with \d+|killed by SIG\w+(?: \(core dumped\))?) \+\+\+$")
# A frame of the creating stack (-k), under its creation line, as strace -k
# prints it: module(function+0xoffset) [0xaddress in the module], or
# module() [...] when no symbol holds it; "?" for no module.
FRAME_RE = re.compile(r"^ > (?P<module>[^(]*)\((?:(?P<function>.*)\+0x(?P<offset>[0-9a-f]+))?\) "
                      r"\[0x(?P<where>[0-9a-f]+)\]$")
# In place of the frames, why a creation has no stack.
STACK_GAP_RE = re.compile(r"^ > no stack: (?P<why>.+)$")
EXEC_RE = re.compile(r'^--- exec "(?P<path>(?:[^"\\]|\\.)*)"(?: \[(?P<argv>.*)\])?(?: by thread (?P<former>\d+))? ---$')
# A signal on its way to a task, as strace prints it.
SIGNAL_RE = re.compile(r"^--- (?P<signal>SIG\w+) \{si_signo=(?P=signal), (?P<info>.*)\} ---$")
# A task entering group-stop, as strace prints it.
STOP_RE = re.compile(r"^--- stopped by (?P<signal>SIG\w+) ---$")
CREATION_CALLS = {"clone", "clone3", "fork", "vfork", "unshare", "setns"}


@dataclasses.dataclass
class Creation:
    tid: int             # the creating task
    call: str
    args: str
    result: object       # int as the caller sees it, or None for "?"
    err: str             # errno name when it failed or was restarted
    kind: str            # "thread", "process" or None when nothing was created
    child: int           # the child's tid in our pid namespace, or None
    tgid: int            # the thread's process, for threads
    abi: str
    duration: str
    body: str
    stack: list = dataclasses.field(default_factory=list)  # of Frame, innermost first
    stack_gap: str = None  # why it has no stack, as the trace says
    ns: str = None       # the {new ...; parent ...; nspid N} decoration, without braces

    @property
    def restarted(self):
        return self.result is None


@dataclasses.dataclass
class Frame:
    module: str
    function: str        # None when no symbol names it
    offset: int
    where: int           # the address in the module (anywhere, without a module)


@dataclasses.dataclass
class StackGap:
    why: str


@dataclasses.dataclass
class Exit:
    tid: int
    text: str            # "exited with N" or "killed by SIGX[ (core dumped)]"


@dataclasses.dataclass
class Exec:
    tid: int
    path: str
    former: int          # the non-leader thread that ran exec, or None


@dataclasses.dataclass
class Signal:
    tid: int
    signal: str
    body: str            # its whole line: a delivery, or "--- stopped by SIGX ---"


@dataclasses.dataclass
class TraceLine:
    pid: int             # from the [pid N] prefix, or None
    ts: str              # the timestamp with its trailing blank, or None
    body: str
    raw: str
    tid: int = None      # the task it belongs to


class Trace:
    """A parsed text trace. Unprefixed lines belong to the only live task
    (the prefix appears while more than one is alive); the live set follows
    creations, exits and execs by non-leader threads. Lines that break
    these rules are listed in .problems."""

    def __init__(self, text):
        self.lines, self.creations, self.exits, self.execs, self.problems = [], [], [], [], []
        self.signals = []
        parsed = [self._parse(raw) for raw in text.splitlines()]
        children = {rec.child for _, rec in parsed if isinstance(rec, Creation) and rec.child}
        self.root = ROOT
        live = {ROOT}
        for line, rec in parsed:
            if isinstance(rec, (Frame, StackGap)):
                if self.creations and isinstance(rec, Frame):
                    self.creations[-1].stack.append(rec)
                elif self.creations:
                    self.creations[-1].stack_gap = rec.why
                else:
                    self.problems.append("a stack frame before any creation line: %r" % line.raw)
                continue
            if isinstance(rec, Exec) and rec.former:
                live.discard(rec.former)  # its tid became the leader's
            if line.pid is None:
                if len(live) != 1:
                    self.problems.append("no [pid N] prefix while %d tasks are alive: %r"
                                         % (len(live), line.raw))
                line.tid = next(iter(live)) if len(live) == 1 else None
            else:
                line.tid = line.pid
                if line.pid not in live:
                    if ROOT in live and line.pid not in children:
                        self._name_root(line.pid, live)
                    else:
                        self.problems.append("line from a task not alive (dead, or its creation "
                                             "line comes later): %r" % line.raw)
            if rec is None:
                self.problems.append("unparsed line: %r" % line.raw)
                continue
            rec.tid = line.tid
            if isinstance(rec, Creation):
                if rec.tid == ROOT and rec.tgid:
                    self._name_root(rec.tgid, live)  # the program is a thread group leader
                self.creations.append(rec)
                if rec.child:
                    live.add(rec.child)
            elif isinstance(rec, Exit):
                self.exits.append(rec)
                live.discard(rec.tid)
            elif isinstance(rec, Signal):
                self.signals.append(rec)
            else:
                self.execs.append(rec)
        for rec in [*self.lines, *self.creations, *self.exits, *self.execs, *self.signals]:
            if rec.tid == ROOT:
                rec.tid = self.root

    def _parse(self, raw):
        if (f := FRAME_RE.match(raw)):
            line = TraceLine(None, None, raw, raw)
            self.lines.append(line)
            return line, Frame(f["module"], f["function"], int(f["offset"] or "0", 16), int(f["where"], 16))
        if (g := STACK_GAP_RE.match(raw)):
            line = TraceLine(None, None, raw, raw)
            self.lines.append(line)
            return line, StackGap(g["why"])
        m = LINE_RE.match(raw)
        line = TraceLine(int(m["pid"]) if m["pid"] else None, m["ts"], m["body"], raw)
        self.lines.append(line)
        if (c := CREATION_RE.match(line.body)):
            ret = None if c["ret"] == "?" else int(c["ret"])
            kind = "thread" if c["thread"] else "process" if ret is not None and ret > 0 else None
            child = int(c["thread"] or c["real"] or 0) or (ret if kind else None)
            return line, Creation(
                tid=None, call=c["call"], args=c["args"], result=ret, err=c["err"], kind=kind,
                child=child, tgid=int(c["tgid"]) if c["tgid"] else None, abi=c["abi"],
                duration=c["dur"], body=line.body, ns=c["ns"])
        if (e := EXIT_RE.match(line.body)):
            return line, Exit(None, e["what"])
        if (x := EXEC_RE.match(line.body)):
            return line, Exec(None, x["path"], int(x["former"]) if x["former"] else None)
        if (g := SIGNAL_RE.match(line.body) or STOP_RE.match(line.body)):
            return line, Signal(None, g["signal"], line.body)
        return line, None

    def _name_root(self, pid, live):
        """The program is pid: so were the lines credited to ROOT before a
        prefix named it (printed while it was the only task alive)."""
        live.discard(ROOT)
        live.add(pid)
        self.root = pid
        for rec in (*self.lines, *self.creations, *self.exits, *self.execs, *self.signals):
            if getattr(rec, "tid", None) == ROOT:
                rec.tid = pid

    # Views ---------------------------------------------------------------

    def completed(self):
        """Creation calls that finished (restarted ones are rerun by the kernel)."""
        return [c for c in self.creations if not c.restarted]

    def created(self):
        return [c for c in self.creations if c.kind]

    def exits_of(self, tid):
        return [e.text for e in self.exits if e.tid == tid]

    def root_exit(self):
        return self.exits_of(self.root)


def split_stderr(stderr):
    """(chatter lines, trace text) of a run that traced to stderr."""
    lines = stderr.splitlines()
    chatter = [l for l in lines if l.startswith("clonetrace: ")]
    return chatter, "".join(l + "\n" for l in lines if not l.startswith("clonetrace: "))


def exit_text(returncode):
    """The exit line text that matches a subprocess returncode."""
    if returncode < 0:
        return "killed by %s" % signal.Signals(-returncode).name
    return "exited with %d" % returncode


_ADDR_FIELDS_RE = re.compile(
    r"\b(child_stack|child_tid|child_tidptr|parent_tid|pidfd|stack|tls|set_tid|base_addr)=0x[0-9a-f]+")
_CLONE3_ADDR_RE = re.compile(r"^clone3\(0x[0-9a-f]+")
_TRACE_ID_RE = re.compile(r"(?:= |\[|thread |process )(?P<id>\d+)\b")


def normalize_creation(c):
    """A creation line without its prefix, timing, pointers and ids."""
    return _without_pointers_and_ids(re.sub(r" <\d+\.\d{6}>$", "", c.body))


_KIND_RE = re.compile(r"(?: \((?:thread|process|vfork|spawn|namespace|raw-thread)[^)]*\))?(?: \[\w+ ABI\])?$")


def normalize_line(text):
    """A creation line (clonetrace's or strace's) without what only one of
    them prints (the kind, the ABI, strace's column padding), pointers and ids."""
    return _without_pointers_and_ids(_KIND_RE.sub("", re.sub(r"\) +=", ") =", text)))


def _without_pointers_and_ids(text):
    text = _ADDR_FIELDS_RE.sub(r"\1=<addr>", text)
    text = _CLONE3_ADDR_RE.sub("clone3(<addr>", text)
    return _relabel(text, _TRACE_ID_RE)


# --------------------------------------------------------------------------
# Decoded values, for the comparison with strace
# --------------------------------------------------------------------------

def decode_key(call, args, err):
    """(syscall, flags, exit_signal, errno name) of one completed call."""
    def field(name):
        m = re.search(r"\b%s=([^,}]+)" % name, args)
        return m[1] if m else None
    return (call, field("flags"), field("exit_signal") if call == "clone3" else None, err)


STRACE_LINE_RE = re.compile(r"^(?P<pid>\d+) +(?P<body>.*)$")
STRACE_CALL_RE = re.compile(
    r"^(?P<call>\w+)\((?P<args>.*)\) += (?P<ret>-?\d+|\?)(?: (?P<err>\w+) \([^)]*\))?$")
STRACE_RESUMED_RE = re.compile(r"^<\.\.\. (?P<call>\w+) resumed>(?P<rest>.*)$")
UNFINISHED = " <unfinished ...>"


def parse_strace(text, whole=False):
    """Completed creation calls in `strace -f -o FILE` output as decode keys
    (whole: as whole lines, normalized as normalize_strace_line does),
    joining `<unfinished ...>` with its `<... NAME resumed>` line."""
    pending, keys, problems = {}, [], []
    for raw in text.splitlines():
        m = STRACE_LINE_RE.match(raw)
        if not m:
            problems.append(raw)
            continue
        pid, body = m["pid"], m["body"]
        if body.startswith(("+++ ", "--- ")):
            continue  # exits, exec supersession: not creation calls
        if body.endswith(UNFINISHED):
            pending[pid] = body[:-len(UNFINISHED)]
            continue
        r = STRACE_RESUMED_RE.match(body)
        if r:
            body = pending.pop(pid, "") + r["rest"]
        c = STRACE_CALL_RE.match(body)
        if c is None or c["call"] not in CREATION_CALLS:
            problems.append(raw)
        elif c["ret"] != "?":
            keys.append(normalize_line(body) if whole else decode_key(c["call"], c["args"], c["err"]))
    return keys, problems + list(pending.values())


def strace(fx):
    out = TempDir.path("strace-%d" % next(_counter))
    res = run([STRACE, "-f", "-qq", "-e", "trace=clone,clone3,fork,vfork",
               "-e", "signal=none", "-o", out, *fx.argv])
    with open(out) as f:
        res.trace = f.read()
    os.unlink(out)
    return res


def multiset_diff(expected, actual):
    """A readable difference of two multisets, or '' when equal."""
    e, a = collections.Counter(expected), collections.Counter(actual)
    missing, extra = e - a, a - e
    if not missing and not extra:
        return ""
    return "missing: %s\nextra: %s" % (sorted(missing.elements()), sorted(extra.elements()))
