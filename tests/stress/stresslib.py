"""Helpers for clonetrace's stress tests (Python 3 standard library only).

Paths come from the environment that ctest sets:
  CLONETRACE                  the clonetrace binary
  CLONETRACE_FIXTURES         the directory of the built fixtures (fx_*)
  CLONETRACE_STRESS_FIXTURES  the directory of the stress-only programs (st_*)
Knobs:
  CLONETRACE_STRESS_SCALE     multiplies repetition counts (default 1; e.g.
                              0.5 for a slow sanitizer build); never the
                              workload sizes the tests fix
  CLONETRACE_STRESS_SEED      seed of the random delays (default: random,
                              printed so that a failure can be replayed)
  CLONETRACE_STRESS_KEEP      keep the temporary directory with the traces

The test process makes itself a child subreaper, so every process a test
starts stays below it even when its parent dies (clonetrace killed by
SIGKILL, orphaned grandchildren): leftovers can be checked for and are
always killed and reaped in tearDown.
"""
import ctypes
import errno
import json
import os
import random
import re
import shutil
import signal
import subprocess
import tempfile
import time
import unittest

CLONETRACE = os.environ.get("CLONETRACE", "")
FIXTURES = os.environ.get("CLONETRACE_FIXTURES", "")
STRESS_FIXTURES = os.environ.get("CLONETRACE_STRESS_FIXTURES", "")
SCALE = float(os.environ.get("CLONETRACE_STRESS_SCALE", "1") or "1")
SEED = int(os.environ.get("CLONETRACE_STRESS_SEED") or random.SystemRandom().randrange(1 << 31))
KEEP = bool(os.environ.get("CLONETRACE_STRESS_KEEP"))

RUN_TIMEOUT = 120    # seconds for any one traced run: "ends in bounded time"
SETTLE_TIMEOUT = 10  # seconds for leftovers to finish after clonetrace is gone

SIGUSR1_BIT = 1 << (signal.SIGUSR1 - 1)
# What AddressSanitizer, LeakSanitizer and UBSan print (sanitizer build).
SANITIZER_RE = re.compile(r"ERROR: (?:Address|Leak|Undefined)Sanitizer|runtime error:|SUMMARY: \w+Sanitizer")
STOPPED_STATES = ("T", "t")

_libc = ctypes.CDLL(None, use_errno=True)
PR_SET_CHILD_SUBREAPER = 36



def group_of(child):
    """"thread" for a child that joined its creator's thread group, else
    "process" (the JSON kind says more: spawn, vfork, namespace, ...)."""
    return "thread" if child.get("pid") != child.get("tid") else "process"

def scaled(n):
    """A repetition count scaled by CLONETRACE_STRESS_SCALE (at least 1)."""
    return max(1, int(round(n * SCALE)))


def fixture(name):
    path = os.path.join(STRESS_FIXTURES if name.startswith("st_") else FIXTURES, name)
    if not os.access(path, os.X_OK):
        raise unittest.SkipTest("program %s not built" % path)
    return path


def become_subreaper():
    if _libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_CHILD_SUBREAPER)")


def tgkill(tgid, tid, sig):
    """Sends sig to one thread; False when that thread is gone."""
    if _libc.syscall(_SYS_TGKILL, tgid, tid, sig) == 0:
        return True
    if ctypes.get_errno() == errno.ESRCH:
        return False
    raise OSError(ctypes.get_errno(), "tgkill(%d, %d, %d)" % (tgid, tid, sig))


_SYS_TGKILL = {"x86_64": 234, "aarch64": 131, "i686": 270, "i386": 270}.get(os.uname().machine, 234)


# --------------------------------------------------------------------------
# /proc
# --------------------------------------------------------------------------

def read_status(pid, tid=None):
    """/proc/PID/status (or /proc/PID/task/TID/status) as a dict, or None."""
    path = "/proc/%d/status" % pid if tid is None else "/proc/%d/task/%d/status" % (pid, tid)
    try:
        with open(path) as f:
            text = f.read()
    except (FileNotFoundError, ProcessLookupError):
        return None
    out = {}
    for line in text.splitlines():
        key, _, value = line.partition(":")
        out[key] = value.strip()
    return out


def state_of(status):
    return status["State"][:1] if status else None


def start_time(pid):
    """Field 22 of /proc/PID/stat (to tell a pid from a reused one), or None."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            text = f.read()
    except (FileNotFoundError, ProcessLookupError):
        return None
    return int(text[text.rindex(")") + 2:].split()[19])


def threads_of(pid):
    try:
        return sorted(int(t) for t in os.listdir("/proc/%d/task" % pid))
    except (FileNotFoundError, ProcessLookupError):
        return []


def thread_states(pid):
    """{tid: (state letter, TracerPid)} for every thread of pid still listed."""
    out = {}
    for tid in threads_of(pid):
        st = read_status(pid, tid)
        if st:
            out[tid] = (state_of(st), int(st.get("TracerPid", "0")))
    return out


def process_table():
    """{pid: (ppid, state letter, comm)} of every process on the system."""
    table = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % name) as f:
                text = f.read()
        except (FileNotFoundError, ProcessLookupError):
            continue
        close = text.rindex(")")
        rest = text[close + 2:].split()
        table[int(name)] = (int(rest[1]), rest[0], text[text.index("(") + 1:close])
    return table


def descendants(root=None):
    """{pid: (ppid, state, comm)} of every process below root (default: us)."""
    root = os.getpid() if root is None else root
    table = process_table()
    kids = {}
    for pid, (ppid, _, _) in table.items():
        kids.setdefault(ppid, []).append(pid)
    out, todo = {}, list(kids.get(root, []))
    while todo:
        pid = todo.pop()
        if pid in table and pid not in out:
            out[pid] = table[pid]
            todo.extend(kids.get(pid, []))
    return out


def wait_for(predicate, timeout, interval=0.005):
    """Polls predicate until it returns something true; returns that or None."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() >= deadline:
            return None
        time.sleep(interval)


def sample_not_stopped(pid, seconds=0.3):
    """Samples every thread of pid for a while: problems if one is stopped
    (T, t) or traced."""
    problems = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not problems:
        for tid, (state, tracer) in thread_states(pid).items():
            if state in STOPPED_STATES or tracer != 0:
                problems.append("thread %d of %d in state %s, TracerPid %d" % (tid, pid, state, tracer))
        time.sleep(0.01)
    return problems


def program_of(tracer_pid, comm, timeout=30):
    """The pid of tracer_pid's child once it runs the program named comm."""
    def find():
        for pid, (ppid, _, name) in descendants(tracer_pid).items():
            if ppid == tracer_pid and name == comm[:15]:
                return pid
        return None
    return wait_for(find, timeout)


# --------------------------------------------------------------------------
# Running programs
# --------------------------------------------------------------------------

class Proc:
    """A started process whose stdout and stderr go to files (never pipes:
    orphans that keep a pipe open would block the reader)."""

    def __init__(self, argv, workdir, name, new_session=True):
        self.argv = list(argv)
        self.name = name
        self.out_path = os.path.join(workdir, name + ".out")
        self.err_path = os.path.join(workdir, name + ".err")
        with open(self.out_path, "w") as out, open(self.err_path, "w") as err:
            self.popen = subprocess.Popen(self.argv, stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                                          start_new_session=new_session)
        self.pid = self.popen.pid
        self.started = time.monotonic()
        self.elapsed = None

    def wait(self, timeout):
        """The returncode; fails the test when the process takes longer."""
        try:
            rc = self.popen.wait(timeout)
        except subprocess.TimeoutExpired:
            stuck = describe_stuck(self.pid)
            kill_tree(self.pid)
            self.popen.wait(10)
            raise AssertionError("did not end within %ss: %s\n%s\n%s" % (
                timeout, " ".join(self.argv), stuck, self.tail()))
        self.elapsed = time.monotonic() - self.started
        bad = [l for l in self.stderr.splitlines() if SANITIZER_RE.search(l)]
        if bad:
            raise AssertionError("sanitizer report from %s:\n%s" % (" ".join(self.argv), "\n".join(bad[:20])))
        return rc

    def poll(self):
        return self.popen.poll()

    @property
    def stdout(self):
        with open(self.out_path, errors="replace") as f:
            return f.read()

    @property
    def stderr(self):
        with open(self.err_path, errors="replace") as f:
            return f.read()

    def tail(self, n=20):
        return "--- stdout (tail)\n%s\n--- stderr (tail)\n%s" % (
            "\n".join(self.stdout.splitlines()[-n:]), "\n".join(self.stderr.splitlines()[-n:]))


def tracees_of(tracer):
    """[(tid, tgid, state letter, comm, ppid)] of every task traced by tracer."""
    out = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            tids = os.listdir("/proc/%s/task" % name)
        except (FileNotFoundError, ProcessLookupError):
            continue
        for tid in tids:
            st = read_status(int(name), int(tid))
            if st and st.get("TracerPid") == str(tracer):
                out.append((int(tid), int(name), state_of(st), st.get("Name"), int(st.get("PPid", "0"))))
    return sorted(out)


def describe_stuck(pid):
    """What a process that does not end is doing, and what it traces."""
    try:
        with open("/proc/%d/wchan" % pid) as f:
            wchan = f.read()
    except OSError:
        wchan = "?"
    st = read_status(pid) or {}
    tracees = tracees_of(pid)
    return "pid %d: state %s, waiting in %s; it traces %d task(s)%s%s" % (
        pid, st.get("State"), wchan, len(tracees), ": " if tracees else "",
        ", ".join("%d (tgid %d, %s, state %s, ppid %d)" % (t, g, c, s, p) for t, g, s, c, p in tracees[:10]))


def kill_tree(root):
    """SIGKILLs root and everything below it."""
    for pid in [root, *descendants(root)]:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def reap_leftovers(keep=()):
    """Kills every process below us except the pids in keep (and their
    descendants), reaps the zombies that became ours, and returns
    {pid: (ppid, state, comm)} of what was found before killing."""
    found = {}
    deadline = time.monotonic() + SETTLE_TIMEOUT
    while time.monotonic() < deadline:
        below = {pid: v for pid, v in descendants().items()}
        kept = set(keep)
        for pid in keep:
            kept.update(descendants(pid))
        below = {pid: v for pid, v in below.items() if pid not in kept}
        if not below:
            break
        for pid, v in below.items():
            found.setdefault(pid, v)
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        for pid, (ppid, _, _) in below.items():
            if ppid == os.getpid():
                try:
                    os.waitpid(pid, os.WNOHANG)
                except ChildProcessError:
                    pass
        time.sleep(0.01)
    return found


class StressCase(unittest.TestCase):
    """Base class: a temporary directory, the subreaper, a seeded random
    generator, and a tearDown that leaves no process behind."""

    @classmethod
    def setUpClass(cls):
        if not os.access(CLONETRACE, os.X_OK):
            raise unittest.SkipTest("CLONETRACE=%r is not an executable" % CLONETRACE)
        become_subreaper()
        cls.workdir = tempfile.mkdtemp(prefix="clonetrace-stress-")
        cls._shared = {}

    @classmethod
    def tearDownClass(cls):
        if KEEP:
            print("kept %s" % cls.workdir)
        else:
            shutil.rmtree(cls.workdir, ignore_errors=True)

    def setUp(self):
        seed = SEED ^ (hash(self.id()) & 0x7fffffff)
        self.rng = random.Random(seed)
        self.procs = []
        self.counter = 0
        print("\n%s: CLONETRACE_STRESS_SEED=%d scale=%s" % (self.id(), SEED, SCALE), flush=True)

    def tearDown(self):
        for p in self.procs:
            if p.poll() is None:
                kill_tree(p.pid)
        for p in self.procs:
            try:
                p.popen.wait(10)
            except subprocess.TimeoutExpired:
                pass
        left = reap_leftovers()
        if left:
            print("tearDown: killed/reaped %d leftover(s): %s" % (len(left), sorted(left.items())[:10]))

    def shared(self, key, fn):
        """fn() once per class, its result shared by the tests that check
        different properties of the same (expensive) runs. When it failed,
        the later tests fail at once instead of running it again."""
        cache = type(self)._shared
        if key not in cache:
            try:
                cache[key] = (True, fn())
            except unittest.SkipTest:
                raise
            except BaseException as e:
                cache[key] = (False, e)
                raise
        ok, value = cache[key]
        if not ok:
            self.fail("the shared runs %r failed in an earlier test: %s" % (key, str(value)[:1000]))
        return value

    # -- starting things -------------------------------------------------

    def path(self, name):
        self.counter += 1
        return os.path.join(self.workdir, "%s-%d" % (name, self.counter))

    def start(self, argv, name="proc"):
        p = Proc(argv, self.workdir, "%s-%d" % (name, self.counter + 1))
        self.counter += 1
        self.procs.append(p)
        return p

    def start_traced(self, argv, json_out=True, options=("-q",)):
        """clonetrace [options] [--json] -o FILE -- argv; the trace path is .trace_path."""
        trace = self.path("trace.jsonl" if json_out else "trace.txt")
        ct = [CLONETRACE, *options, *(["--json"] if json_out else []), "-o", trace, "--", *argv]
        p = self.start(ct, "clonetrace")
        p.trace_path = trace
        return p

    def run_traced(self, argv, json_out=True, options=("-q",), timeout=RUN_TIMEOUT):
        p = self.start_traced(argv, json_out, options)
        p.returncode = p.wait(timeout)
        return p

    # -- checks ------------------------------------------------------------

    def no_problems(self, problems, context="", limit=15):
        """Fails with the first problems of a list (and their number)."""
        if problems:
            self.fail("%d problem(s); the first ones:\n%s\n%s" % (
                len(problems), "\n".join(str(p) for p in problems[:limit]), context))

    def assert_nothing_left(self, what, keep=(), allow_zombies_of=None):
        """After clonetrace ended: within SETTLE_TIMEOUT no process below us
        is left running, none is ever seen stopped or traced, and the only
        zombies are orphans re-parented to us (never one of clonetrace's own
        children: clonetrace must reap what it waited for). Then reaps."""
        problems = []
        deadline = time.monotonic() + SETTLE_TIMEOUT
        kept = set(keep)
        while True:
            below = {pid: v for pid, v in descendants().items() if pid not in kept}
            for pid, (ppid, state, comm) in below.items():
                if state in STOPPED_STATES:
                    st = read_status(pid)
                    problems.append("%s: pid %d (%s) left in state %s, TracerPid %s" % (
                        what, pid, comm, state, st and st.get("TracerPid")))
                elif state != "Z":
                    st = read_status(pid)
                    if st and st.get("TracerPid", "0") != "0" and time.monotonic() >= deadline:
                        problems.append("%s: pid %d (%s) still traced by %s" % (what, pid, comm, st["TracerPid"]))
            alive = {pid: v for pid, v in below.items() if v[1] != "Z"}
            if problems or not alive:
                break
            if time.monotonic() >= deadline:
                problems.append("%s: still running %ss after clonetrace ended: %s" % (
                    what, SETTLE_TIMEOUT, sorted(alive.items())[:10]))
                break
            time.sleep(0.01)
        if allow_zombies_of is not None:
            for pid, (ppid, state, comm) in descendants().items():
                if state == "Z" and pid in allow_zombies_of:
                    problems.append("%s: pid %d (%s) is a zombie that clonetrace did not reap" % (what, pid, comm))
        reap_leftovers(keep)
        self.assertEqual(problems, [], "\n".join(problems[:20]))


# --------------------------------------------------------------------------
# Traces
# --------------------------------------------------------------------------

def load_json_trace(path):
    events = []
    with open(path, errors="replace") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                events.append(json.loads(line))
            except ValueError as e:
                raise AssertionError("%s:%d: not JSON (%s): %r" % (path, n, e, line[:200]))
    return events


def fx_lines(stdout, event):
    """The fields of every `FX <event> k=v ...` line, as dicts."""
    out = []
    for line in stdout.splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[0] == "FX" and parts[1] == event:
            out.append(dict(p.split("=", 1) for p in parts[2:] if "=" in p))
    return out


class JsonTrace:
    """A JSON Lines trace, indexed for the checks below."""

    def __init__(self, events):
        self.events = events
        self.by_event = {}
        for e in events:
            self.by_event.setdefault(e.get("event"), []).append(e)
        self.creates = self.of("create")
        self.created = [e for e in self.creates if e.get("outcome") == "created"]
        self.starts = {}
        for e in self.of("task_start"):
            self.starts.setdefault(e["tid"], []).append(e)
        self.exits = {}
        for e in self.of("exit"):
            self.exits.setdefault(e["tid"], []).append(e)
        self.execs = self.of("exec")
        ends = self.of("trace_end")
        self.end = ends[-1] if ends else None

    def of(self, name):
        return self.by_event.get(name, [])

    def launched(self):
        ls = [e for e in self.of("task_start") if e.get("reason") == "launched"]
        return ls[0]["tid"] if ls else None


def check_tree(trace, roots, kinds_expected=None):
    """The invariants of any complete JSON trace; roots are the tids that
    were launched or attached (not created). Returns a list of problems:
      - every created child appears in exactly one `create` with outcome
        `created` and starts exactly once (`task_start` born);
      - a thread's child.pid is its creator's pid; a process's child.pid is
        its own tid and its ppid is the creator's process (with
        CLONE_PARENT, the creator's parent);
      - every event is about a known task (a root, a created child, or a
        task_start(born) whose creator died before reporting it), and
        every known task exits exactly once (a non-leader thread that ran
        exec lives on as the leader: it has no exit of its own);
      - the number of creations of each kind, when given.
    The order of events is checked apart, by check_order."""
    problems = []
    child_of = {}
    superseded = set()
    for e in trace.created:
        c = e.get("child") or {}
        ctid = c.get("tid")
        if ctid in child_of or ctid in roots:
            problems.append("child %s reported created twice (or is a root): %s" % (ctid, json.dumps(e)[:300]))
        child_of[ctid] = e
        if group_of(c) == "thread":
            if c.get("pid") != e.get("pid"):
                problems.append("thread %s: child.pid %s is not its creator's pid %s" % (ctid, c.get("pid"), e.get("pid")))
        elif group_of(c) == "process":
            if c.get("pid") != ctid:
                problems.append("process %s: child.pid %s is not its tid" % (ctid, c.get("pid")))
        else:
            problems.append("child of unknown kind: %s" % json.dumps(e)[:300])
        if not isinstance(ctid, int) or ctid <= 0:
            problems.append("create reports child tid %r: %s" % (ctid, json.dumps(e)[:300]))
        if e.get("result") != ctid:
            problems.append("create result %s != child tid %s" % (e.get("result"), ctid))
    # A task that starts (born) without a create: its creator died before
    # its creation could be reported; clonetrace reports it from /proc.
    known = set(roots) | set(child_of) | set(orphan_births(trace))
    for e in trace.events:
        ev = e.get("event")
        if ev in ("trace_start", "trace_end"):
            continue
        if ev == "exec" and e.get("former_tid") not in (None, e.get("tid")):
            superseded.add(e["former_tid"])
            if e["former_tid"] not in known:
                problems.append("exec by a thread never reported: %s" % json.dumps(e)[:300])
        if e.get("tid") not in known:
            problems.append("event of a task never created, launched or attached: %s" % json.dumps(e)[:300])
    for ctid, e in child_of.items():
        starts = [s for s in trace.starts.get(ctid, []) if s.get("reason") == "born"]
        if len(starts) != 1:
            problems.append("child %s: %d task_start(born) events" % (ctid, len(starts)))
        elif group_of(e["child"]) == "process" and starts[0].get("ppid") != parent_of(e):
            problems.append("process %s: ppid %s is not %s" % (ctid, starts[0].get("ppid"), parent_of(e)))
        elif group_of(e["child"]) == "thread" and starts[0].get("pid") != e.get("pid"):
            problems.append("thread %s: task_start pid %s is not its creator's pid %s" % (ctid, starts[0].get("pid"), e.get("pid")))
    for tid in known:
        n = len(trace.exits.get(tid, []))
        want = 0 if tid in superseded else 1
        if n != want:
            problems.append("task %s: %d exit events (want %d)" % (tid, n, want))
    if trace.end is None:
        problems.append("no trace_end event")
    if kinds_expected is not None:
        got = {}
        for e in trace.created:
            k = group_of(e["child"]) if e.get("child") else None
            got[k] = got.get(k, 0) + 1
        for k, n in kinds_expected.items():
            if got.get(k, 0) != n:
                problems.append("%s creations reported: %d, the program counted %d" % (k, got.get(k, 0), n))
    return problems


def parent_of(create):
    """The parent of the process a create event made: the creator's process,
    or with CLONE_PARENT the creator's parent."""
    return create.get("ppid") if "CLONE_PARENT" in create.get("flags", []) else create.get("pid")


def orphan_births(trace):
    """Tids with a task_start(born) but no create reporting them."""
    created = {(e.get("child") or {}).get("tid") for e in trace.created}
    return sorted(tid for tid, starts in trace.starts.items()
                  if tid not in created and any(s.get("reason") == "born" for s in starts))


def check_order(trace):
    """A task's life in the event stream: its first event is its
    task_start, and the create that reports it comes before anything of its
    own (its creations, its exec, its exit); what the kernel wrote back for
    CLONE_PARENT_SETTID is the child's tid. Returns problems."""
    problems = []
    first_seen = {}
    for i, e in enumerate(trace.events):
        if e.get("event") in ("trace_start", "trace_end") or e.get("tid") is None:
            continue
        first_seen.setdefault(e["tid"], (i, e))
    for tid, (i, e) in first_seen.items():
        if e["event"] != "task_start":
            problems.append("task %d: its first event, #%d, is %s, not task_start: %s" % (
                tid, i, e["event"], json.dumps(e)[:200]))
    for i, e in enumerate(trace.events):
        if e.get("event") != "create" or e.get("outcome") != "created":
            continue
        ctid = e["child"]["tid"]
        seen = first_seen.get(ctid)
        if seen and seen[0] < i and seen[1]["event"] != "task_start":
            j, first = seen
            what = first["event"]
            if what == "exit":
                what = "exit (lifetime_ns %s)" % first.get("lifetime_ns")
            elif what == "create":
                what = "own creation of %s" % (first.get("child") or {}).get("tid")
            problems.append("task %d: its %s, event #%d, comes before the create that reports it, event #%d "
                            "(by %d, duration_ns %s)" % (ctid, what, j, i, e["tid"], e.get("duration_ns")))
        elif seen and seen[0] < i:
            later = [x for x in trace.events[seen[0]:i] if x.get("tid") == ctid and x.get("event") != "task_start"]
            if later:
                problems.append("task %d: its %s comes before the create that reports it (event #%d)" % (
                    ctid, later[0]["event"], i))
        written = (e.get("written") or {}).get("parent_tid")
        if written is not None and written != ctid:
            problems.append("create of %d: written parent_tid %d is not the child's tid" % (ctid, written))
    return problems


# Text traces ---------------------------------------------------------------

TEXT_CREATION_RE = re.compile(
    r"^(?:\[pid +(?P<pid>\d+)\] )?(?P<call>clone3|clone|fork|vfork)\((?P<args>.*)\) = (?P<ret>-?\d+|\?)"
    r"(?: \w+ \([^)]*\))?"
    r"(?: \((?:thread (?P<thread>\d+) of process (?P<tgid>\d+)|process(?: (?P<real>\d+) in our pid namespace)?)\))?$")
TEXT_EXIT_RE = re.compile(r"^(?:\[pid +(?P<pid>\d+)\] )?\+\+\+ (?P<what>exited with \d+|killed by SIG\w+(?: \(core dumped\))?) \+\+\+$")
TEXT_SIGNAL_RE = re.compile(r"^(?:\[pid +(?P<pid>\d+)\] )?--- (?P<sig>SIG\w+) \{si_signo=(?P=sig), si_code=(?P<code>\w+)"
                            r"(?P<info>, .*)?\} ---$")
TEXT_EXEC_RE = re.compile(r'^(?:\[pid +(?P<pid>\d+)\] )?--- exec "(?P<path>(?:[^"\\]|\\.)*)"(?: \[(?P<argv>.*)\])?'
                          r'(?: by thread (?P<former>\d+))? ---$')
