"""-c / -C: the summary's numbers equal what is counted here, independently,
from the JSON events of the same run; the text form counts the threads and
processes the churn fixture says it made; --replay gives the same summary."""
import collections
import math
import os
import re
import subprocess

import ctjson
from ctjson import fixture

STORM = [fixture("fx_storm"), "4", "20", "2", "5"]
# Fixtures with failures (fx_clone3_fail), restarts (fx_restart), an exec by a
# thread (fx_exec_thread), every kind of child (fx_demo), and churn.
RUNS = {
    "storm": STORM,
    "demo": [fixture("fx_demo")],
    "clone3_fail": [fixture("fx_clone3_fail")],
    "restart": [fixture("fx_restart")],
    "exec_thread": [fixture("fx_exec_thread")],
    "posix_spawn": [fixture("fx_posix_spawn")],
}


def setUpModule():
    ctjson.check_environment()


def nearest_rank(values, percent):
    values = sorted(values)
    return values[max(math.ceil(len(values) * percent / 100), 1) - 1]


def expected_summary(events):
    """The summary counted from the events alone."""
    start = events[0]["mono_ns"]
    calls = collections.OrderedDict()
    made = collections.Counter()
    lifetimes = collections.defaultdict(list)
    next_kind, kind_of = {}, {}
    live_by_process = collections.Counter()
    peak_tasks = peak_processes = (0, 0)
    alive = set()
    detached = 0
    for e in events:
        kind = e["event"]
        at = e["mono_ns"] - start
        if "live" in e and e["live"] > peak_tasks[0]:
            peak_tasks = (e["live"], at)
        if kind == "create":
            c = calls.setdefault(e["syscall"], dict(syscall=e["syscall"], calls=0, failures=0, errors={}, restarts=0,
                                                    unfinished=0, total_ns=0, max_ns=0))
            c["calls"] += not e["restart"]
            c["total_ns"] += e["duration_ns"]
            c["max_ns"] = max(c["max_ns"], e["duration_ns"])
            if e["outcome"] == "failed":
                c["failures"] += 1
                c["errors"][e["errno"]] = c["errors"].get(e["errno"], 0) + 1
            c["restarts"] += e["outcome"] == "restarted"
            c["unfinished"] += e["outcome"] == "unfinished"
            if "child" in e:
                made[e["child"]["kind"]] += 1
                next_kind[e["child"]["tid"]] = e["child"]["kind"]
        elif kind == "task_start":
            kind_of[e["tid"]] = next_kind.pop(e["tid"], None)
            alive.add(e["tid"])
            live_by_process[e["pid"]] += 1
            if len(+live_by_process) > peak_processes[0]:
                peak_processes = (len(+live_by_process), at)
        elif kind == "exec" and e["former_tid"] != e["tid"]:
            kind_of[e["tid"]] = kind_of.pop(e["former_tid"])
            alive.discard(e["former_tid"])
            live_by_process[e["pid"]] -= 1
        elif kind == "exit":
            alive.discard(e["tid"])
            live_by_process[e["pid"]] -= 1
            if e["detached"]:
                detached += 1
            elif kind_of.get(e["tid"]):
                lifetimes[kind_of[e["tid"]]].append(e["lifetime_ns"])
    kinds = []
    for k in ("thread", "process", "vfork", "spawn", "namespace", "raw-thread"):
        if not made[k]:
            continue
        values = lifetimes[k]
        lifetime = dict(min=min(values), median=nearest_rank(values, 50), p99=nearest_rank(values, 99),
                        max=max(values)) if values else None
        kinds.append(dict(kind=k, tasks=made[k], ended=len(values), lifetime_ns=lifetime))
    return dict(calls=sorted(calls.values(), key=lambda c: (-c["total_ns"], c["syscall"])), kinds=kinds,
                peak_tasks=dict(count=peak_tasks[0], at_ns=peak_tasks[1]),
                peak_processes=dict(count=peak_processes[0], at_ns=peak_processes[1]),
                left_running=len(alive) + detached, detached=detached,
                duration_ns=events[-1]["mono_ns"] - start)


def run(cmd):
    return subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          timeout=ctjson.RUN_TIMEOUT)


class SummaryEqualsTheEvents(ctjson.TempDirTestCase):
    def test_numbers_from_the_same_run(self):
        validator = ctjson.validator()
        for name, argv in RUNS.items():
            with self.subTest(run=name):
                traced = self.trace(argv, options=("-C",))
                if traced.returncode == 77:
                    self.skipTest("%s cannot run here" % name)
                events = traced.events()
                self.assertEqual([e["event"] for e in events[-2:]], ["trace_end", "summary"])
                summary = events[-1]
                self.assertEqual(ctjson.schema_errors(validator, summary), [])
                self.assertEqual(summary["mono_ns"], events[-2]["mono_ns"])
                got = {k: v for k, v in summary.items() if k not in ("schema", "ts_ns", "mono_ns", "event")}
                self.assertEqual(got, expected_summary(events[:-1]))
                for k in summary["kinds"]:
                    if k["lifetime_ns"]:
                        self.assertGreaterEqual(k["lifetime_ns"]["min"], 0)
                        self.assertLessEqual(k["lifetime_ns"]["max"], summary["duration_ns"])

    def test_failures_and_restarts_are_there(self):
        failed = self.trace(RUNS["clone3_fail"], options=("-C",)).events()[-1]
        self.assertTrue(any(c["failures"] for c in failed["calls"]), failed)
        # Whether a fork is interrupted is up to the scheduler: a run with
        # none (rare, on a loaded machine) is run again.
        for _ in range(3):
            events = self.trace(RUNS["restart"], options=("-C",)).events()
            seen = sum(e["event"] == "create" and e["outcome"] == "restarted" for e in events)
            if seen:
                break
        counted = sum(c["restarts"] for c in events[-1]["calls"])
        self.assertGreater(seen, 0, "no restart in three runs of fx_restart")
        self.assertEqual(counted, seen, events[-1])

    def test_summary_only_json_is_one_line(self):
        events = self.trace(RUNS["demo"], options=("-c",)).events()
        self.assertEqual([e["event"] for e in events], ["summary"])


ROW_RE = re.compile(r"^(thread|process|vfork|spawn|namespace|raw-thread)\s+(\d+)\s+(\d+)", re.M)


class SummaryText(ctjson.TempDirTestCase):
    def test_churn_counts(self):
        traced = self.trace(STORM, json_out=False, options=("-c",))
        self.assertEqual(traced.returncode, 0, traced.stderr)
        fx = dict(traced.fx())["storm"]
        with open(traced.trace_path, encoding="utf-8") as f:
            text = f.read()
        self.assertTrue(text.startswith("% time     seconds  usecs/call"), text[:200])
        self.assertNotIn("+++", text)  # -c: the summary instead of the trace
        rows = {kind: (int(tasks), int(ended)) for kind, tasks, ended in ROW_RE.findall(text)}
        self.assertEqual(rows["thread"], (int(fx["threads"]), int(fx["threads"])))
        self.assertEqual(rows["process"], (int(fx["forks"]), int(fx["forks"])))
        self.assertIn("left running at the end: 0 (0 detached)", text)

    def test_summary_alone_has_no_stack_frames(self):
        traced = self.trace(RUNS["demo"], json_out=False, options=("-c", "-k"))
        with open(traced.trace_path, encoding="utf-8") as f:
            text = f.read()
        self.assertIn("% time", text)
        self.assertNotIn("\n > ", "\n" + text)

    def test_summary_after_the_trace(self):
        traced = self.trace(RUNS["demo"], json_out=False, options=("-C",))
        with open(traced.trace_path, encoding="utf-8") as f:
            text = f.read()
        self.assertLess(text.index("+++ exited with 0 +++"), text.index("% time"))

    def test_bad_sort_key(self):
        bad = run([ctjson.CLONETRACE, "-c", "-S", "size", "--", "/bin/true"])
        self.assertEqual(bad.returncode, 2)
        self.assertIn(b"invalid sort key 'size'", bad.stderr)

    def test_sort_by_name(self):
        traced = self.trace(STORM, json_out=False, options=("-c", "-S", "name"))
        with open(traced.trace_path, encoding="utf-8") as f:
            rows = [line.split()[-1] for line in f.read().split("\n\n")[0].splitlines()[2:-2]]
        self.assertEqual(rows, sorted(rows))
        self.assertIn("clone", rows)


class SummaryReplayEqualsLive(ctjson.TempDirTestCase):
    def test_text_and_json(self):
        for options in (("-c",), ("-C",), ("-C", "-S", "calls")):
            with self.subTest(options=options):
                live, saved, again = (os.path.join(self.tmp, "%s%d" % (s, len(options))) for s in ("l", "s", "a"))
                traced = run([ctjson.CLONETRACE, *options, "-o", live, "--json=" + saved, "--", *STORM])
                self.assertEqual(traced.returncode, 0, traced.stderr)
                replayed = run([ctjson.CLONETRACE, *options, "-o", again, "--replay", saved])
                self.assertEqual(replayed.returncode, 0, replayed.stderr)
                with open(live, "rb") as a, open(again, "rb") as b:
                    self.assertEqual(b.read(), a.read())

    def test_a_saved_summary_line_is_skipped_and_made_again(self):
        saved = os.path.join(self.tmp, "with_summary.jsonl")
        self.assertEqual(run([ctjson.CLONETRACE, "--json", "-C", "-o", saved, "--", *RUNS["demo"]]).returncode, 0)
        again = os.path.join(self.tmp, "again.jsonl")
        self.assertEqual(run([ctjson.CLONETRACE, "--json", "-C", "-o", again, "--replay", saved]).returncode, 0)
        with open(saved, "rb") as a, open(again, "rb") as b:
            self.assertEqual(b.read(), a.read())
