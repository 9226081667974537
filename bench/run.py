#!/usr/bin/python3
"""clonetrace benchmark: one command, Python 3 standard library only.

    python3 bench/run.py [--runs N] [--only a,b,c,d,e,f,g] [--clonetrace PATH]
                         [--quick] [--skip-slow-strace] [--save FILE]
                         [--strace PATH] [--timeout SECONDS]

Builds the workloads (bench/workloads/*.c) with cc into a temporary directory,
then runs every workload under each configuration -- untraced, clonetrace
(text to a file), clonetrace --events-only, clonetrace --json (to a file),
strace -f and strace -f --seccomp-bpf (both limited to the clone family), and
on (a) also a seccomp filter that allows everything, with no tracer, on (b)
also clonetrace -k and strace -f -k (the creating stacks); (g) is (a) started
untraced, with each tracer attached by -p before its calls begin --
alternating the configurations run after run, and prints per workload the
median wall time, CPU time, the tracer's CPU time and peak RSS, and ratios
against the untraced run and against each strace. Then it checks the
project's three goals. See bench/README.md for the methods.

Exit status: 0 when every run ended as expected (goal misses are reported,
not failures: these are benchmark figures, not timed tests), 1 when a run
failed or a trace did not contain the expected creations, 2 on bad usage.
"""

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
CLONE_FAMILY = "trace=clone,clone3,fork,vfork"


# ---------------------------------------------------------------- workloads

class Workload:
    def __init__(self, key, title, args, threads, processes, command=None, failed=0, attach=False):
        self.key = key
        self.title = title
        self.args = args            # arguments of the workload program
        self.threads = threads      # creations a complete trace must show
        self.processes = processes
        self.failed = failed        # creation calls that fail, every one to be reported
        self.command = command      # a whole command line instead of the workload program
        self.attach = attach        # started untraced; the tracer attaches with -p


def workloads(quick):
    if quick:
        sizes = dict(a=(4, 5_000), b=(400, 8, 20), c=20, d=200, e=30, f=(100, 8, 1_000), g=(4, 5_000))
    else:
        sizes = dict(a=(4, 500_000), b=(10_000, 8, 500), c=200, d=4_000, e=300, f=(1_000, 8, 5_000), g=(4, 1_000_000))
    a_thr, a_calls = sizes["a"]
    b_thr, b_wave, b_forks = sizes["b"]
    f_thr, f_wave, f_calls = sizes["f"]
    return [
        Workload("a", f"(a) syscall-heavy: {a_thr} threads x {a_calls:,} getppid",
                 ["syscalls", str(a_thr), str(a_calls)], a_thr, 0),
        Workload("b", f"(b) churn: {b_thr:,} threads created and joined in waves of {b_wave}, "
                      f"then {b_forks} fork+wait",
                 ["churn", str(b_thr), str(b_wave), str(b_forks)], b_thr, b_forks),
        Workload("c", f"(c) exec-heavy: {sizes['c']} fork+exec of /bin/true",
                 ["exec", str(sizes["c"]), "/bin/true"], 0, sizes["c"]),
        Workload("d", f"(d) {sizes['d']:,} threads alive at once",
                 ["alive", str(sizes["d"])], sizes["d"], 0),
        # A shell's pipelines: each child's end signals the shell while it
        # forks the next one, where a tracer can cause restarts.
        Workload("e", f"(e) shell pipelines: dash runs `echo x | cat` {sizes['e']} times",
                 [], 0, 2 * sizes["e"],
                 command=["/bin/dash", "-c", f"i=0; while [ $i -lt {sizes['e']} ]; do echo x | cat >/dev/null; "
                                            "i=$((i+1)); done"]),
        # A sandboxed program: its own seccomp filter denies clone3 (ENOSYS),
        # so each pthread_create is a denied clone3 and a clone, and its
        # threads' other calls run under both filters.
        Workload("f", f"(f) sandboxed: a filter of its own denies clone3; {f_thr:,} threads in waves of "
                      f"{f_wave}, each making {f_calls:,} getppid",
                 ["sandboxed", str(f_thr), str(f_wave), str(f_calls)], f_thr, 0, failed=f_thr),
        # A server looked at with -p: its threads run, the tracer attaches,
        # and only then do the calls begin; the program times them itself.
        Workload("g", f"(g) attached: {sizes['g'][0]} threads x {sizes['g'][1]:,} getppid, timed from after the attach",
                 ["gated", str(sizes["g"][0]), str(sizes["g"][1])], 0, 0, attach=True),
    ]


# ---------------------------------------------------------- configurations

class Config:
    def __init__(self, key, label, tracer):
        self.key = key
        self.label = label
        self.tracer = tracer        # False: the program alone


CONFIGS = [
    Config("untraced", "untraced", False),
    Config("filter", "seccomp allow-all filter, no tracer", False),
    Config("ct", "clonetrace -o FILE", True),
    Config("ct_events", "clonetrace --events-only -o FILE", True),
    Config("ct_json", "clonetrace --json -o FILE", True),
    Config("ct_both", "clonetrace -o /dev/null --json=FILE", True),  # two outputs of one run
    Config("strace", "strace -f", True),
    Config("strace_bpf", "strace -f --seccomp-bpf", True),
    Config("ct_k", "clonetrace -k -o FILE", True),
    Config("strace_k", "strace -f -k", True),
]


# The filter-alone row is a reference for (a) only: the floor of its goal.
FILTER_WORKLOADS = {"a"}
# The creating stacks (-k) are measured where creations are what costs: churn.
STACK_CONFIGS = {"ct_k", "strace_k"}
STACK_WORKLOADS = {"b"}
# strace stops at every call of these (with --seccomp-bpf too on (f), whose
# own filter makes strace give up its filter): --skip-slow-strace leaves them out.
SLOW_STRACE = {"a": {"strace"}, "f": {"strace", "strace_bpf"}, "g": {"strace", "ct_stops"}}

# Attached with -p (workload (g)): no filter can go into a running program.
ATTACH_CONFIGS = [
    Config("untraced", "untraced (nothing attached)", False),
    Config("ct", "clonetrace -p (events only, the default)", True),
    Config("ct_stops", "clonetrace -p --syscall-stops", True),
    Config("strace", "strace -f -p", True),
]


def attach_command(config, tools, pid, text_path):
    clonetrace, strace = tools["clonetrace"], tools["strace"]
    if config.key == "ct":
        return [clonetrace, "-qq", "-o", text_path, "-p", str(pid)]
    if config.key == "ct_stops":
        return [clonetrace, "-qq", "--syscall-stops", "-o", text_path, "-p", str(pid)]
    return [strace, "-f", "-qq", "-o", text_path, "-e", CLONE_FAMILY, "-p", str(pid)]


def command(config, tools, program, json_path, text_path):
    clonetrace, strace = tools["clonetrace"], tools["strace"]
    if config.key == "untraced":
        return program
    if config.key == "filter":
        return [tools["allow_filter"]] + program
    if config.key == "ct":
        return [clonetrace, "-qq", "-o", text_path, "--"] + program
    if config.key == "ct_events":
        return [clonetrace, "-qq", "--events-only", "-o", text_path, "--"] + program
    if config.key == "ct_json":
        return [clonetrace, "--json", "-o", json_path, "--"] + program
    if config.key == "ct_both":
        return [clonetrace, "-qq", "-o", "/dev/null", "--json=" + json_path, "--"] + program
    if config.key == "ct_k":
        return [clonetrace, "-qq", "-k", "-o", text_path, "--"] + program
    base = [strace, "-f", "-qq", "-o", text_path, "-e", CLONE_FAMILY]
    if config.key == "strace_bpf":
        base.append("--seccomp-bpf")
    if config.key == "strace_k":
        base.append("-k")
    return base + ["--"] + program


# ------------------------------------------------------------------ running

class Run:
    def __init__(self, wall, cpu, tracer_cpu, rss_kb, restarts):
        self.wall = wall              # seconds, spawn to reap
        self.cpu = cpu                # seconds, user+sys of the whole tree
        self.tracer_cpu = tracer_cpu  # seconds, user+sys of the tracer alone (None untraced)
        self.rss_kb = rss_kb          # tracer's own peak RSS (None untraced)
        self.restarts = restarts      # creation calls the trace shows restarted (None when not traced)


def build(workdir):
    cc = os.environ.get("CC", "cc")
    src = os.path.join(HERE, "workloads")
    built = {name: os.path.join(workdir, name) for name in ("workload", "rss_probe.so", "allow_filter")}
    steps = [
        [cc, "-O2", "-pthread", "-Wall", "-o", built["workload"], os.path.join(src, "workload.c")],
        [cc, "-O2", "-shared", "-fPIC", "-Wall", "-o", built["rss_probe.so"], os.path.join(src, "rss_probe.c")],
        [cc, "-O2", "-Wall", "-o", built["allow_filter"], os.path.join(src, "allow_filter.c")],
    ]
    for step in steps:
        result = subprocess.run(step, capture_output=True, text=True)
        if result.returncode != 0:
            sys.exit(f"bench: build failed: {' '.join(step)}\n{result.stderr}")
    return built


def read_probe(path):
    try:
        with open(path) as f:
            fields = dict(item.split("=") for item in f.read().split())
        return {k: int(v) for k, v in fields.items()}
    except (OSError, ValueError):
        return None


def check_json_trace(path, workload):
    """The JSON trace must end with trace_end counting every creation."""
    last = None
    with open(path, "rb") as f:
        try:
            f.seek(-4096, os.SEEK_END)
        except OSError:
            f.seek(0)
        for line in f.read().splitlines():
            if line.strip():
                last = line
    if last is None:
        return "empty JSON trace"
    try:
        end = json.loads(last)
    except ValueError:
        return "last JSON line does not parse"
    if end.get("event") != "trace_end":
        return f"last JSON event is {end.get('event')!r}, not trace_end"
    # (a) and (d) create threads only; (c) forks; (b) both. Equal, not at
    # least: the workload makes exactly these calls.
    want = (workload.threads, workload.processes, workload.failed)
    got = (end.get("threads_created"), end.get("processes_created"), end.get("failed_creations"))
    if got != want:
        return f"trace_end counts threads/processes/failed creations {got}, expected {want}"
    return None


def check_stack_trace(path, workload):
    """A -k trace must show the creating stack under every creation, down
    to the workload's main."""
    created = with_main = 0
    frames = None  # of the creation being read
    with open(path, "rb") as f:
        for line in f:
            if line.startswith(b" > "):
                if frames is not None:
                    frames.append(line)
                continue
            if frames is not None and any(b"(main+" in fr for fr in frames):
                with_main += 1
            frames = [] if b") = " in line and b" (thread " in line or b" (process)" in line else None
            created += frames is not None
    if frames is not None and any(b"(main+" in fr for fr in frames):
        with_main += 1
    want = workload.threads + workload.processes
    if (created, with_main) != (want, want):
        return f"{with_main} of {created} creations show a stack down to main, expected {want}"
    return None


def count_restarts(config, text_path, json_path):
    """Restarted creation calls, as the run's trace reports them."""
    if config.key in ("ct", "ct_k", "ct_events", "strace", "strace_bpf", "strace_k"):
        path, mark = text_path, b"ERESTARTNOINTR"
    elif config.key in ("ct_json", "ct_both"):
        path, mark = json_path, b'"outcome":"restarted"'
    else:
        return None
    with open(path, "rb") as f:
        return sum(mark in line for line in f)


def run_once(config, argv, workdir, probe_so, workload, timeout):
    """Spawns argv, reaps it with wait4 and returns a Run (or raises)."""
    env = dict(os.environ)
    probe_out = os.path.join(workdir, "probe.out")
    json_path = os.path.join(workdir, "trace.jsonl")
    text_path = os.path.join(workdir, "trace.txt")
    for stale in (probe_out, json_path, text_path):
        if os.path.exists(stale):
            os.unlink(stale)
    if config.tracer:
        env["LD_PRELOAD"] = probe_so
        env["CT_BENCH_PROBE_OUT"] = probe_out
        # A clonetrace built with AddressSanitizer insists on its runtime
        # coming first among the loaded libraries; the probe needs nothing
        # from that order.
        env["ASAN_OPTIONS"] = ":".join(filter(None, [env.get("ASAN_OPTIONS"), "verify_asan_link_order=0"]))
    err_path = os.path.join(workdir, "stderr.txt")
    actions = [
        (os.POSIX_SPAWN_OPEN, 0, "/dev/null", os.O_RDONLY, 0),
        (os.POSIX_SPAWN_OPEN, 1, "/dev/null", os.O_WRONLY, 0),
        (os.POSIX_SPAWN_OPEN, 2, err_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644),
    ]
    # Its own process group (setsid), so that a hung run can be killed whole.
    start = time.monotonic()
    pid = os.posix_spawn(argv[0], argv, env, file_actions=actions, setsid=True)
    expired = []

    def kill_group():
        expired.append(True)
        try:
            os.killpg(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    watchdog = threading.Timer(timeout, kill_group)
    watchdog.start()
    try:
        _, status, ru = os.wait4(pid, 0)
    finally:
        watchdog.cancel()
    wall = time.monotonic() - start
    if expired:
        try:
            os.killpg(pid, signal.SIGKILL)  # what the tracer left behind
        except ProcessLookupError:
            pass
        raise RuntimeError(f"killed after {timeout} s: {' '.join(argv)}")
    with open(err_path, errors="replace") as f:
        stderr = f.read().strip()
    if not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0:
        raise RuntimeError(f"exit status 0x{status:x}: {' '.join(argv)}\n{stderr}")
    if config.tracer and stderr:
        # -qq silences both tracers; anything here is a problem report.
        raise RuntimeError(f"unexpected stderr from {' '.join(argv)}:\n{stderr}")
    cpu = ru.ru_utime + ru.ru_stime
    tracer_cpu = None
    rss_kb = None  # the program's ru_maxrss would include this Python's (see below)
    if config.tracer:
        probe = read_probe(probe_out)
        if probe is None or probe.get("hwm_kb", -1) <= 0:
            raise RuntimeError(f"no figures from the RSS probe for {' '.join(argv)}")
        tracer_cpu = (probe["utime_us"] + probe["stime_us"]) / 1e6
        # VmHWM, not ru_maxrss: RUSAGE_SELF's maxrss also keeps the high-water
        # mark of the address space the process had before its exec, which
        # for a child of posix_spawn (vfork) is this Python's.
        rss_kb = probe["hwm_kb"]
    restarts = count_restarts(config, text_path, json_path)
    if config.key in ("ct_json", "ct_both"):
        problem = check_json_trace(json_path, workload)
        if problem:
            raise RuntimeError(f"{problem}: {' '.join(argv)}")
    if config.key == "ct_k":
        problem = check_stack_trace(text_path, workload)
        if problem:
            raise RuntimeError(f"{problem}: {' '.join(argv)}")
    for written in (json_path, text_path):
        if os.path.exists(written):
            os.unlink(written)
    return Run(wall, cpu, tracer_cpu, rss_kb, restarts)


def traced_by(pid, tracer):
    """Every thread of pid has tracer as its tracer."""
    try:
        tids = os.listdir(f"/proc/{pid}/task")
        for tid in tids:
            with open(f"/proc/{pid}/task/{tid}/status") as f:
                if f"TracerPid:\t{tracer}\n" not in f.read():
                    return False
        return bool(tids)
    except OSError:
        return False


def run_attached(config, tools, program, workdir, probe_so, timeout):
    """Starts the gated workload untraced, attaches the tracer to it, lets
    its calls begin once every thread is traced, and returns a Run whose
    wall time is what the program measured: its calls, from the start
    signal to the last join."""
    text_path = os.path.join(workdir, "trace.txt")
    probe_out = os.path.join(workdir, "probe.out")
    for stale in (probe_out, text_path):
        if os.path.exists(stale):
            os.unlink(stale)
    work = subprocess.Popen(program, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                            start_new_session=True)
    tracer = None
    try:
        if work.stdout.readline() != "ready\n":
            raise RuntimeError(f"the workload did not start: {' '.join(program)}")
        if config.tracer:
            env = dict(os.environ, LD_PRELOAD=probe_so, CT_BENCH_PROBE_OUT=probe_out)
            env["ASAN_OPTIONS"] = ":".join(filter(None, [env.get("ASAN_OPTIONS"), "verify_asan_link_order=0"]))
            argv = attach_command(config, tools, work.pid, text_path)
            tracer = subprocess.Popen(argv, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                      stderr=subprocess.PIPE, text=True)
            deadline = time.monotonic() + 30
            while not traced_by(work.pid, tracer.pid):
                if tracer.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"did not attach: {' '.join(argv)}")
                time.sleep(0.005)
        work.stdin.write("go\n")
        work.stdin.flush()
        out, _ = work.communicate(timeout=timeout)
        if work.returncode != 0 or not out.startswith("elapsed_ns="):
            raise RuntimeError(f"exit status {work.returncode}, output {out!r}: {' '.join(program)}")
        tracer_cpu = rss_kb = None
        if tracer:
            _, err = tracer.communicate(timeout=timeout)
            if tracer.returncode != 0 or err.strip():
                raise RuntimeError(f"tracer exit status {tracer.returncode}:\n{err}")
            probe = read_probe(probe_out)
            if probe is None:
                raise RuntimeError("no figures from the RSS probe")
            tracer_cpu = (probe["utime_us"] + probe["stime_us"]) / 1e6
            rss_kb = probe["hwm_kb"]
        return Run(int(out.split("=")[1]) / 1e9, None, tracer_cpu, rss_kb, None)
    except subprocess.TimeoutExpired:
        raise RuntimeError(f"killed after {timeout} s: {' '.join(program)}")
    finally:
        for p in (work, tracer):
            if p and p.poll() is None:
                p.kill()
                p.wait()


# ---------------------------------------------------------------- reporting

def med(runs, attr):
    values = [getattr(r, attr) for r in runs if getattr(r, attr) is not None]
    return statistics.median(values) if values else None


def fmt_s(v):
    return "—" if v is None else f"{v:.3f}"


def fmt_ratio(num, den):
    if num is None or den is None or den <= 0:
        return "—"
    return f"{num / den:.2f}x"


def table(workload, configs, results):
    walls = {c.key: med(results[c.key], "wall") for c in configs if results.get(c.key)}
    walls = {k: v for k, v in walls.items() if v is not None}
    head = ("| configuration | wall s (median) | wall min–max | CPU s, whole tree | CPU s, tracer "
            "| peak RSS MiB | restarts | vs untraced | vs strace | vs strace --seccomp-bpf |")
    lines = [f"### {workload.title}", "", head, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for c in configs:
        runs = results.get(c.key)
        if runs is None:
            lines.append(f"| {c.label} | skipped | | | | | | | | |")
            continue
        if not runs:
            lines.append(f"| {c.label} | every run failed | | | | | | | | |")
            continue
        wall = walls[c.key]
        lo = min(r.wall for r in runs)
        hi = max(r.wall for r in runs)
        rss = med(runs, "rss_kb")
        rss_s = "—" if rss is None else f"{rss / 1024:.1f}"
        restarts = med(runs, "restarts")
        restarts_s = "—" if restarts is None else f"{restarts:g}"
        lines.append(
            f"| {c.label} | {fmt_s(wall)} | {lo:.3f}–{hi:.3f} | {fmt_s(med(runs, 'cpu'))} "
            f"| {fmt_s(med(runs, 'tracer_cpu'))} | {rss_s} | {restarts_s} "
            f"| {fmt_ratio(wall, walls.get('untraced'))} | {fmt_ratio(wall, walls.get('strace'))} "
            f"| {fmt_ratio(wall, walls.get('strace_bpf'))} |")
    return "\n".join(lines)


def goals(all_results, quick):
    out = ["### Goals" + (" (--quick sizes: indicative only)" if quick else ""), ""]

    def wall(w, c):
        return med(all_results.get(w, {}).get(c) or [], "wall")

    def cpu(w, c):
        return med(all_results.get(w, {}).get(c) or [], "cpu")

    def fastest(w, c):
        runs = all_results.get(w, {}).get(c) or []
        return min(r.wall for r in runs) if runs else None

    def also(w, num, den):
        # Other load on the machine inflates wall times, not the work done:
        # the ratio of fastest runs and of whole-tree CPU are printed too.
        parts = []
        if fastest(w, num) and fastest(w, den):
            parts.append(f"fastest runs {fastest(w, num) / fastest(w, den):.2f}x")
        if cpu(w, num) and cpu(w, den):
            parts.append(f"whole-tree CPU {cpu(w, num) / cpu(w, den):.2f}x")
        return f"; {', '.join(parts)}" if parts else ""

    a_ct, a_un, a_js = wall("a", "ct"), wall("a", "untraced"), wall("a", "ct_json")
    if a_ct and a_un:
        r = a_ct / a_un
        a_filter = wall("a", "filter")
        floor = (f"; the allow-all filter alone {a_filter / a_un:.2f}x, clonetrace / filter alone "
                 f"{a_ct / a_filter:.2f}x" if a_filter else "")
        out.append(f"- (a) clonetrace <= 1.3x untraced on the syscall-heavy workload: "
                   f"{'PASS' if r <= 1.3 else 'MISS'} — median wall, clonetrace {a_ct:.3f} s / untraced {a_un:.3f} s = {r:.2f}x"
                   + (f" (--json: {a_js / a_un:.2f}x)" if a_js else "") + also("a", "ct", "untraced") + floor)
    else:
        out.append("- (a) not measured")

    b_ct, b_bpf, b_js = wall("b", "ct"), wall("b", "strace_bpf"), wall("b", "ct_json")
    if b_ct and b_bpf:
        r = b_bpf / b_ct
        out.append(f"- (b) clonetrace >= 2x faster than strace --seccomp-bpf on churn: "
                   f"{'PASS' if r >= 2 else 'MISS'} — median wall, strace {b_bpf:.3f} s / clonetrace {b_ct:.3f} s = {r:.2f}x"
                   + (f" (--json: {b_bpf / b_js:.2f}x)" if b_js else "") + also("b", "strace_bpf", "ct"))
    else:
        out.append("- (b) not measured")

    b_k, b_sk = wall("b", "ct_k"), wall("b", "strace_k")
    if b_k and b_ct and b_sk:
        r = b_k / b_ct
        out.append(f"- (b) clonetrace -k <= 3x clonetrace on churn and faster than strace -k: "
                   f"{'PASS' if r <= 3 and b_k < b_sk else 'MISS'} — median wall, -k {b_k:.3f} s / "
                   f"without {b_ct:.3f} s = {r:.2f}x" + also("b", "ct_k", "ct")
                   + f"; strace -k {b_sk:.3f} s / clonetrace -k = {b_sk / b_k:.2f}x" + also("b", "strace_k", "ct_k"))
    else:
        out.append("- (b) -k not measured")

    def restarts(w, c):
        return med(all_results.get(w, {}).get(c) or [], "restarts")

    b_ev = wall("b", "ct_events")
    if b_ct and b_ev:
        out.append(f"- (b) clonetrace --events-only at least as fast as the default on churn: "
                   f"{'PASS' if b_ev <= b_ct else 'MISS'} — median wall, default {b_ct:.3f} s / --events-only "
                   f"{b_ev:.3f} s = {b_ct / b_ev:.2f}x" + also("b", "ct", "ct_events"))

    g_un, g_ct, g_stops, g_strace = wall("g", "untraced"), wall("g", "ct"), wall("g", "ct_stops"), wall("g", "strace")
    if g_un and g_ct:
        others = "".join(f", {name} {v / g_un:.2f}x" for name, v in
                         (("clonetrace -p --syscall-stops", g_stops), ("strace -f -p", g_strace)) if v)
        out.append(f"- (g) clonetrace -p (events only) <= 1.05x untraced on the attached syscall-heavy workload: "
                   f"{'PASS' if g_ct / g_un <= 1.05 else 'MISS'} — median of the program's own timing, "
                   f"clonetrace -p {g_ct:.3f} s / untraced {g_un:.3f} s = {g_ct / g_un:.2f}x"
                   + (f" (fastest runs {fastest('g', 'ct') / fastest('g', 'untraced'):.2f}x)") + others)
    else:
        out.append("- (g) not measured")

    e_ct, e_bpf, e_un = restarts("e", "ct"), restarts("e", "strace_bpf"), wall("e", "untraced")
    if e_ct is not None and e_bpf is not None:
        cost = f"; clonetrace {wall('e', 'ct') / e_un:.2f}x untraced" if e_un and wall("e", "ct") else ""
        out.append(f"- (e) no more restarts than strace --seccomp-bpf in shell pipelines: "
                   f"{'PASS' if e_ct <= e_bpf else 'MISS'} — median restarts, clonetrace {e_ct:g} / "
                   f"strace --seccomp-bpf {e_bpf:g}{cost}")
    else:
        out.append("- (e) not measured")

    f_ct, f_un, f_js = wall("f", "ct"), wall("f", "untraced"), wall("f", "ct_json")
    if f_ct and f_un:
        r = f_ct / f_un
        out.append(f"- (f) clonetrace <= 1.3x untraced on a program whose own filter denies clone3 "
                   f"(each JSON trace counts every denied call): "
                   f"{'PASS' if r <= 1.3 else 'MISS'} — median wall, clonetrace {f_ct:.3f} s / untraced {f_un:.3f} s = {r:.2f}x"
                   + (f" (--json: {f_js / f_un:.2f}x)" if f_js else "") + also("f", "ct", "untraced"))
    else:
        out.append("- (f) not measured")

    d_runs = all_results.get("d", {}).get("ct")
    if d_runs:
        worst = max(r.rss_kb for r in d_runs) / 1024
        js_runs = all_results.get("d", {}).get("ct_json")
        js = f" (--json: {max(r.rss_kb for r in js_runs) / 1024:.1f} MiB)" if js_runs else ""
        out.append(f"- (d) clonetrace peak RSS <= 20 MiB with the threads alive: "
                   f"{'PASS' if worst <= 20 else 'MISS'} — {worst:.1f} MiB, worst of {len(d_runs)} runs{js}")
    else:
        out.append("- (d) not measured")
    return "\n".join(out)


# --------------------------------------------------------------------- main

def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=None, help="runs per configuration (default 5; 1 with --quick)")
    parser.add_argument("--only", default="a,b,c,d,e,f,g", help="workloads to run, e.g. a,b")
    parser.add_argument("--clonetrace", default=os.path.join(ROOT, "build", "clonetrace"),
                        help="the clonetrace binary (default: build/clonetrace)")
    parser.add_argument("--strace", default=shutil.which("strace") or "/usr/bin/strace", help="the strace binary")
    parser.add_argument("--quick", action="store_true", help="small sizes, 1 run: a smoke test")
    parser.add_argument("--skip-slow-strace", action="store_true",
                        help="leave out strace where it stops at every call: plain strace -f on (a), "
                             "both strace rows on (f), the syscall-stop tracers on (g); ~30 s a run each")
    parser.add_argument("--save", metavar="FILE", help="also write every run's raw figures as JSON")
    parser.add_argument("--timeout", type=float, default=None,
                        help="seconds before one run is killed and counted failed (default 600; 60 with --quick)")
    args = parser.parse_args()

    runs = args.runs if args.runs is not None else (1 if args.quick else 5)
    timeout = args.timeout if args.timeout is not None else (60.0 if args.quick else 600.0)
    if runs < 1:
        parser.error("--runs must be at least 1")
    selected = [w.strip() for w in args.only.split(",") if w.strip()]
    chosen = [w for w in workloads(args.quick) if w.key in selected]
    unknown = set(selected) - {"a", "b", "c", "d", "e", "f", "g"}
    if unknown or not chosen:
        parser.error(f"--only takes letters from a,b,c,d,e,f,g (got {args.only!r})")

    clonetrace = os.path.abspath(args.clonetrace)
    if not os.access(clonetrace, os.X_OK):
        sys.exit(f"bench: no clonetrace at {clonetrace}; build it first:\n"
                 f"  cmake -S {ROOT} -B {ROOT}/build && cmake --build {ROOT}/build -j2\n"
                 f"or pass --clonetrace PATH")
    configs = list(CONFIGS)
    notes = []
    if not os.access(args.strace, os.X_OK):
        configs = [c for c in configs if not c.key.startswith("strace")]
        notes.append(f"strace not found ({args.strace}): its configurations are left out")

    workdir = tempfile.mkdtemp(prefix="clonetrace-bench-")
    failures = 0
    all_results = {}
    try:
        built = build(workdir)
        program, probe_so = built["workload"], built["rss_probe.so"]
        tools = {"clonetrace": clonetrace, "strace": args.strace, "allow_filter": built["allow_filter"]}
        print(f"# clonetrace benchmark — {runs} run(s) per configuration, median shown"
              + (" (--quick)" if args.quick else ""))
        print(f"clonetrace: {clonetrace}\nstrace: {args.strace}\n" + "".join(f"note: {n}\n" for n in notes))
        for w in chosen:
            argv_program = w.command or [program] + w.args
            offered = ATTACH_CONFIGS if w.attach else configs
            active = [c for c in offered
                      if not (args.skip_slow_strace and c.key in SLOW_STRACE.get(w.key, ()))
                      and (c.key != "filter" or w.key in FILTER_WORKLOADS)
                      and (c.key not in STACK_CONFIGS or w.key in STACK_WORKLOADS)
                      and (c.key != "strace" or os.access(args.strace, os.X_OK))]
            results = {c.key: [] for c in active}
            load_before = os.getloadavg()[0]
            for i in range(runs):
                # Alternate: every round runs each configuration once, and
                # the round's first configuration rotates, so that none is
                # always the one right after the runner's own work.
                for c in active[i % len(active):] + active[:i % len(active)]:
                    print(f"  [{w.key}] run {i + 1}/{runs} {c.label} ...", end="", file=sys.stderr, flush=True)
                    try:
                        if w.attach:
                            r = run_attached(c, tools, argv_program, workdir, probe_so, timeout)
                        else:
                            argv = command(c, tools, argv_program, os.path.join(workdir, "trace.jsonl"),
                                           os.path.join(workdir, "trace.txt"))
                            r = run_once(c, argv, workdir, probe_so, w, timeout)
                        results[c.key].append(r)
                        print(f" {r.wall:.3f} s", file=sys.stderr)
                    except RuntimeError as e:
                        failures += 1
                        print(f" FAILED\nbench: {e}", file=sys.stderr)
            all_results[w.key] = results
            shown = [c for c in offered if c.key in results or c.key not in {"filter", *STACK_CONFIGS}]
            print(table(w, shown, results), flush=True)
            print(f"\n1-minute load average: {load_before:.2f} before, {os.getloadavg()[0]:.2f} after "
                  f"({os.cpu_count()} CPUs)\n", flush=True)
        print(goals(all_results, args.quick))
        if args.save:
            with open(args.save, "w") as f:
                json.dump({w: {c: [vars(r) for r in rs] for c, rs in res.items()}
                           for w, res in all_results.items()}, f, indent=1)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    if failures:
        print(f"\nbench: {failures} run(s) failed", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
