"""--timeline FILE: a Chrome Trace Event Format file whose slices and flows
match the JSON events of the same run: every event has the format's
required fields, every task life exactly one slice (a reused tid two),
every creation a flow from the creator's track to the child's, failed
calls instants with their errno, timestamps in order and inside the run;
--replay writes the same file."""
import collections
import json
import os
import subprocess

import ctjson
from ctjson import fixture

RUNS = {
    "tree": [fixture("fx_tree")],
    "demo": [fixture("fx_demo")],
    "clone3_fail": [fixture("fx_clone3_fail")],
    "exec_thread": [fixture("fx_exec_thread")],
    "restart": [fixture("fx_restart")],
    "storm": [fixture("fx_storm"), "4", "20", "2", "5"],
}


def setUpModule():
    ctjson.check_environment()


def run(cmd):
    return subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          timeout=ctjson.RUN_TIMEOUT)


class Timeline(ctjson.TempDirTestCase):
    def traced(self, argv):
        """(timeline, JSON events, timeline path, JSON path) of one run, or a skip."""
        self._n += 1
        timeline, events = (os.path.join(self.tmp, "%s%d" % (s, self._n)) for s in ("t", "e"))
        traced = run([ctjson.CLONETRACE, "-o", os.devnull, "--json=" + events, "--timeline", timeline, "--", *argv])
        if traced.returncode == 77:
            self.skipTest("%s cannot run here" % argv[0])
        with open(timeline, encoding="utf-8") as f:
            return json.load(f), ctjson.read_jsonl(events), timeline, events

    def check_format(self, trace, events):
        duration_us = (events[-1]["mono_ns"] - events[0]["mono_ns"]) / 1000
        self.assertEqual(set(trace), {"traceEvents", "displayTimeUnit"})
        last = 0
        for e in trace["traceEvents"]:
            self.assertIsInstance(e["name"], str)
            self.assertIn(e["ph"], ("M", "X", "i"))
            self.assertTrue(ctjson.is_int(e["pid"]) and ctjson.is_int(e["tid"]), e)
            if e["ph"] == "M":
                self.assertIn(e["name"], ("process_name", "thread_name"))
                self.assertIsInstance(e["args"]["name"], str)
                continue
            self.assertGreaterEqual(e["ts"], last, e)
            last = e["ts"]
            if e["ph"] == "X":
                self.assertGreaterEqual(e["dur"], 0)
                self.assertLessEqual(e["ts"] + e["dur"], duration_us + 0.002, e)
            else:
                self.assertEqual(e["s"], "t")
                self.assertLessEqual(e["ts"], duration_us + 0.001, e)
        tracks = {(e["pid"], e["tid"]) for e in trace["traceEvents"] if e["ph"] != "M"}
        named = {(e["pid"], e["tid"]) for e in trace["traceEvents"] if e["name"] == "thread_name"}
        self.assertLessEqual(tracks, named)
        processes = {e["pid"] for e in trace["traceEvents"] if e["name"] == "process_name"}
        self.assertEqual({pid for pid, _ in tracks}, processes)

    def check_against_events(self, trace, events):
        slices = [e for e in trace["traceEvents"] if e.get("cat") == "task"]
        starts = [e for e in events if e["event"] == "task_start"]
        self.assertEqual(collections.Counter(s["tid"] for s in slices), collections.Counter(e["tid"] for e in starts))
        by_bind = collections.defaultdict(list)
        for e in trace["traceEvents"]:
            if "bind_id" in e:
                by_bind[e["bind_id"]].append(e)
        flows = collections.Counter()
        for bind, ends in by_bind.items():
            out = [e for e in ends if e.get("flow_out")]
            into = [e for e in ends if e.get("flow_in")]
            self.assertEqual((len(out), len(into)), (1, 1), ends)
            self.assertEqual(out[0]["cat"], "creation")
            self.assertEqual(into[0]["cat"], "task")
            self.assertLessEqual(out[0]["ts"], into[0]["ts"])
            flows[(out[0]["pid"], out[0]["tid"], into[0]["pid"], into[0]["tid"])] += 1
        created = collections.Counter((e["pid"], e["tid"], e["child"]["pid"], e["child"]["tid"])
                                      for e in events if e["event"] == "create" and "child" in e)
        self.assertEqual(flows, created)
        failed = [e for e in trace["traceEvents"] if e["name"].endswith(" failed")]
        self.assertEqual(sorted((e["tid"], e["args"]["error"].split()[0]) for e in failed),
                         sorted((e["tid"], e["errno"]) for e in events if e.get("outcome") == "failed"))
        execs = [e for e in trace["traceEvents"] if e["name"] == "exec"]
        self.assertEqual(sorted(e["args"]["path"] for e in execs), sorted(e["path"] for e in events if e["event"] == "exec"))

    def test_valid_and_matching_the_events(self):
        for name, argv in RUNS.items():
            with self.subTest(run=name):
                trace, events, _, _ = self.traced(argv)
                self.check_format(trace, events)
                self.check_against_events(trace, events)

    def test_failed_creations_are_there(self):
        trace, _, _, _ = self.traced(RUNS["clone3_fail"])
        self.assertTrue(any(e["name"] == "clone3 failed" for e in trace["traceEvents"]))

    def test_a_reused_tid_has_two_slices(self):
        trace, events, _, _ = self.traced([fixture("fx_tid_reuse")])
        [reused] = {e["tid"] for e in events if e["event"] == "task_start"
                    and sum(s["tid"] == e["tid"] for s in events if s["event"] == "task_start") == 2}
        slices = sorted((e for e in trace["traceEvents"] if e.get("cat") == "task" and e["tid"] == reused),
                        key=lambda e: e["ts"])
        self.assertEqual(len(slices), 2)
        self.assertLessEqual(slices[0]["ts"] + slices[0]["dur"], slices[1]["ts"])
        self.assertNotEqual(slices[0]["bind_id"], slices[1]["bind_id"])

    def test_replay_writes_the_same_file(self):
        for name in ("tree", "exec_thread"):
            with self.subTest(run=name):
                _, _, live, saved = self.traced(RUNS[name])
                again = os.path.join(self.tmp, "again.json")
                replayed = run([ctjson.CLONETRACE, "-o", os.devnull, "--timeline", again, "--replay", saved])
                self.assertEqual(replayed.returncode, 0, replayed.stderr)
                with open(live, "rb") as a, open(again, "rb") as b:
                    self.assertEqual(b.read(), a.read())
