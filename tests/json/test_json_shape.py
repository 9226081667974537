"""The exact shape of each event kind, with values checked against what the
fixture itself reports (its FX lines) and against the clocks around the run."""
import os
import signal
import subprocess
import unittest

import ctjson
from ctjson import fixture, is_int


def setUpModule():
    ctjson.check_environment()


def flags_value(names):
    value = 0
    for name in names:
        value |= int(name, 16) if name.startswith("0x") else ctjson.CLONE_FLAG_BITS[name]
    return value


class ShapeMixin:
    def assert_valid(self, events):
        v = ctjson.validator()
        for event in events:
            self.assertEqual(ctjson.schema_errors(v, event), [], event)

    def assert_common(self, event):
        self.assertEqual(event["schema"], 2)
        self.assertTrue(is_int(event["ts_ns"]) and event["ts_ns"] > 0, event)
        self.assertTrue(is_int(event["mono_ns"]) and event["mono_ns"] > 0, event)

    def assert_context(self, event, tid, pid, ppid, comm=None):
        self.assertEqual((event["tid"], event["pid"], event["ppid"]), (tid, pid, ppid), event)
        self.assertIsInstance(event["comm"], str)
        if comm is not None:
            self.assertEqual(event["comm"], comm, event)

    def assert_hex(self, event, *keys):
        for key in keys:
            self.assertRegex(event[key], ctjson.HEX_RE, "%s in %s" % (key, event))

    def assert_flags(self, event):
        self.assertIsInstance(event["flags"], list)
        self.assert_hex(event, "flags_raw")
        self.assertEqual(flags_value(event["flags"]), int(event["flags_raw"], 16), event)
        known = [f for f in event["flags"] if not f.startswith("0x")]
        self.assertEqual(known, sorted(known, key=ctjson.CLONE_FLAG_BITS.get), "flags in bit order")

    def create_keys(self, event):
        keys = set(ctjson.CREATE_KEYS)
        if event["syscall"] == "clone":
            keys |= ctjson.CLONE_POINTER_KEYS
        if event["syscall"] == "clone3":
            keys |= ctjson.CLONE3_KEYS
            size = int(event["size"], 16)
            if event["args_status"] == "ok":
                # Every field the size covers, but flags and exit_signal.
                keys |= ctjson.CLONE3_FIELDS_64
                keys |= {"set_tid"} if size >= 72 else set()
                keys |= {"set_tid_size"} if size >= 80 else set()
                keys |= {"cgroup"} if size >= 88 else set()
                if size > 88 and "tail" in event:  # only when a byte past them is not zero
                    keys |= {"tail", "tail_offset"}
        if event["outcome"] in ("failed", "restarted"):
            keys |= {"errno", "error"}
        if "child" in event:
            keys.add("child")
        if "written" in event:
            keys.add("written")
        return keys


class ForkGolden(ctjson.TempDirTestCase, ShapeMixin):
    """fx_fork: fork(); the child prints its ids and exits 3."""

    @classmethod
    def setUpClass(cls):
        cls.version = subprocess.run([ctjson.CLONETRACE, "--version"], stdout=subprocess.PIPE,
                                     timeout=ctjson.RUN_TIMEOUT, check=True).stdout.decode().split()[-1]
        cls.argv = [fixture("fx_fork")]
        cls.run_ = cls.trace_for_class(cls.argv)  # one run, looked at by every test

    def setUp(self):
        super().setUp()
        self.assertEqual(self.run_.returncode, 0, self.run_.stderr)
        self.events = self.run_.events()
        fx = self.run_.fx()
        self.fx_created = [kv for word, kv in fx if word == "created"]
        self.fx_child = [kv for word, kv in fx if word == "child"]
        self.assertEqual(len(self.fx_created), 1, fx)
        self.assertEqual(len(self.fx_child), 1, fx)

    def test_event_sequence(self):
        self.assertEqual([e["event"] for e in self.events],
                         ["trace_start", "task_start", "exec", "create", "task_start", "exit", "signal", "exit",
                          "trace_end"])
        self.assert_valid(self.events)

    def test_exact_keys(self):
        for event in self.events:
            expected = self.create_keys(event) if event["event"] == "create" else ctjson.EVENT_KEYS[event["event"]]
            self.assertEqual(set(event), expected, event)
            self.assertEqual(list(event)[:4], ["schema", "ts_ns", "mono_ns", "event"], event)
        end = self.events[-1]
        self.assertEqual(set(end["program"]), ctjson.ENDING_KEYS)

    def test_clocks(self):
        last_wall = last_mono = 0
        for event in self.events:
            self.assert_common(event)
            self.assertGreaterEqual(event["ts_ns"], last_wall, event)
            self.assertGreaterEqual(event["mono_ns"], last_mono, event)
            last_wall, last_mono = event["ts_ns"], event["mono_ns"]
            # CLOCK_REALTIME and CLOCK_MONOTONIC, read while clonetrace ran.
            self.assertTrue(self.run_.wall_before <= event["ts_ns"] <= self.run_.wall_after, event)
            self.assertTrue(self.run_.mono_before <= event["mono_ns"] <= self.run_.mono_after, event)

    def test_trace_start(self):
        start = self.events[0]
        self.assertEqual(start["version"], self.version)
        self.assertEqual(start["command"], self.argv)
        self.assertEqual(start["attach"], [])
        self.assertIs(type(start["seccomp_filter"]), bool)
        self.assertEqual(start["seccomp_filter"], b"seccomp filter unavailable" not in self.run_.stderr)
        if ctjson.host_arch():
            self.assertEqual(start["host_arch"], ctjson.host_arch())

    def program_pid(self):
        return self.events[2]["tid"]

    def test_launch_and_exec(self):
        launched, execed = self.events[1], self.events[2]
        pid = self.program_pid()
        self.assertEqual(launched["reason"], "launched")
        # Launched by clonetrace itself: its parent is the clonetrace process.
        self.assert_context(launched, pid, pid, self.run_.clonetrace_pid)
        self.assert_context(execed, pid, pid, self.run_.clonetrace_pid, comm="fx_fork")
        self.assertEqual(execed["path"], os.path.realpath(self.argv[0]))
        self.assertEqual(execed["former_tid"], pid)

    def test_create(self):
        create = ctjson.creates(self.events)[0]
        pid = self.program_pid()
        fx = self.fx_created[0]
        self.assert_context(create, pid, pid, self.run_.clonetrace_pid, comm="fx_fork")
        self.assertIn(create["syscall"], ("clone", "fork"))  # glibc's fork() is clone(2) on Linux
        if ctjson.host_arch():
            self.assertEqual(create["arch"], ctjson.host_arch())
        self.assert_flags(create)
        self.assertNotIn("CLONE_THREAD", create["flags"])
        self.assertEqual(create["exit_signal"], "SIGCHLD")
        if create["syscall"] == "clone":
            self.assert_hex(create, *ctjson.CLONE_POINTER_KEYS)
        self.assertEqual(create["outcome"], "created")
        self.assertIs(create["restart"], False)
        self.assertTrue(is_int(create["duration_ns"]) and create["duration_ns"] >= 0)
        self.assertLessEqual(create["duration_ns"], self.run_.mono_after - self.run_.mono_before)
        # What the fixture was told is what clonetrace reports.
        self.assertEqual(create["result"], int(fx["result"]))
        self.assertEqual(create["child"], {"tid": int(fx["result"]), "pid": int(fx["result"]), "kind": "process"})

    def test_child_events(self):
        create = ctjson.creates(self.events)[0]
        child_tid = create["child"]["tid"]
        fx = self.fx_child[0]
        born, child_exit = self.events[4], self.events[5]
        self.assertEqual(born["reason"], "born")
        for event in (born, child_exit):
            # The ids the child printed itself.
            self.assert_context(event, int(fx["tid"]), int(fx["pid"]), int(fx["ppid"]), comm="fx_fork")
            self.assertEqual(event["tid"], child_tid)
        self.assertEqual(child_exit["status"], 3)
        self.assertIs(child_exit["core_dumped"], False)
        self.assertIs(child_exit["detached"], False)
        self.assertTrue(is_int(child_exit["lifetime_ns"]) and child_exit["lifetime_ns"] > 0)

    def test_sigchld(self):
        """The child's exit brings the program a SIGCHLD that names it."""
        sigchld, child_exit = self.events[6], self.events[5]
        pid = self.program_pid()
        self.assert_context(sigchld, pid, pid, self.run_.clonetrace_pid, comm="fx_fork")
        self.assertEqual((sigchld["signal"], sigchld["code"]), ("SIGCHLD", "CLD_EXITED"))
        self.assertEqual((sigchld["sender_pid"], sigchld["sender_uid"]), (child_exit["tid"], os.getuid()))
        self.assertEqual(sigchld["status"], child_exit["status"])
        self.assertTrue(is_int(sigchld["utime"]) and is_int(sigchld["stime"]), sigchld)

    def test_program_exit_and_totals(self):
        program_exit, end = self.events[7], self.events[8]
        pid = self.program_pid()
        self.assert_context(program_exit, pid, pid, self.run_.clonetrace_pid, comm="fx_fork")
        self.assertEqual(program_exit["status"], 0)
        self.assertGreater(program_exit["lifetime_ns"], self.events[5]["lifetime_ns"])
        self.assertLessEqual(program_exit["lifetime_ns"], self.run_.mono_after - self.run_.mono_before)
        made = [e["child"]["kind"] for e in ctjson.creates(self.events)]
        self.assertEqual(end["tasks"], 2)
        self.assertEqual(end["processes_created"], made.count("process"))
        self.assertEqual(end["threads_created"], made.count("thread"))
        self.assertEqual(end["failed_creations"], 0)
        self.assertEqual(end["program"], {k: program_exit[k] for k in ctjson.ENDING_KEYS})


class Clone3Shapes(ctjson.TempDirTestCase, ShapeMixin):
    """fx_clone3_sizes: clone3 with sizes 64, 80, 88, 96, a nonzero tail, and CLONE_PIDFD."""

    def test_fields_by_size(self):
        run = self.trace([fixture("fx_clone3_sizes")])
        self.assertEqual(run.returncode, 0, run.stderr)
        events = run.events()
        self.assert_valid(events)
        calls = [e for e in ctjson.creates(events) if e["syscall"] == "clone3"]
        fx = [(word, kv) for word, kv in run.fx() if word in ("created", "failed")]
        self.assertEqual(len(calls), len(fx), (calls, fx))
        for event, (word, kv) in zip(calls, fx):
            size = int(kv["size"])
            with self.subTest(size=size, outcome=word):
                self.assertEqual(set(event), self.create_keys(event), event)
                self.assert_flags(event)
                self.assertEqual(int(event["size"], 16), size)
                self.assertEqual(event["args_status"], "ok")
                self.assertEqual(event["exit_signal"], "SIGCHLD")
                fields = set(ctjson.CLONE3_FIELDS_64)
                if size >= 80:
                    fields |= {"set_tid", "set_tid_size"}
                if size >= 88:
                    fields.add("cgroup")
                for key in fields:
                    self.assertIn(key, event)
                    self.assert_hex(event, key)
                for key in {"set_tid", "set_tid_size", "cgroup"} - fields:
                    self.assertNotIn(key, event)
                if word == "created":
                    self.assertNotIn("tail", event)
                    self.assertEqual(event["outcome"], "created")
                    self.assertEqual(event["result"], int(kv["result"]))
                    self.assertEqual(event["child"], {"tid": int(kv["result"]), "pid": int(kv["result"]),
                                                      "kind": "process"})
                    written = {"parent_tid": int(kv["parent_tid"])}
                    if "pidfd" in kv:
                        written["pidfd"] = int(kv["pidfd"])
                        self.assertIn("CLONE_PIDFD", event["flags"])
                    self.assertEqual(event["written"], written)
                else:
                    # The 96-byte struct with byte 95 set: the kernel refuses it.
                    self.assertEqual((event["outcome"], event["result"]), ("failed", -1))
                    self.assertEqual(event["errno"], kv["errno"])
                    self.assertEqual(event["error"], os.strerror(7))  # E2BIG
                    self.assertEqual((event["tail_offset"], event["tail"]), (88, "00" * 7 + "01"))
                    self.assertNotIn("child", event)
                    self.assertNotIn("written", event)


class FailureAndSignalShapes(ctjson.TempDirTestCase, ShapeMixin):
    def test_failed_calls(self):
        run = self.trace([fixture("fx_clone3_fail")])
        self.assertEqual(run.returncode, 0, run.stderr)
        events = run.events()
        self.assert_valid(events)
        calls = ctjson.creates(events)
        fx = [kv for word, kv in run.fx() if word == "failed"]
        self.assertEqual(len(calls), len(fx))
        for event, kv in zip(calls, fx):
            self.assertEqual(set(event), self.create_keys(event), event)
            self.assertEqual((event["outcome"], event["result"], event["errno"]), ("failed", -1, kv["errno"]))
            self.assertEqual(event["error"], "Invalid argument")
            self.assertEqual(int(event["size"], 16), int(kv["size"]))
        # size 32: below the first published size, shown as the pointer only.
        self.assertEqual(calls[0]["args_status"], "too_small")
        self.assertIsNone(calls[0]["exit_signal"])
        self.assertFalse(set(calls[0]) & ctjson.CLONE3_FIELDS_64)
        self.assertEqual(events[-1]["failed_creations"], len(fx))

    def test_killed_child(self):
        run = self.trace([fixture("fx_killed")])
        self.assertEqual(run.returncode, 9, run.stderr)
        events = run.events()
        self.assert_valid(events)
        child = ctjson.creates(events)[0]["child"]["tid"]
        (child_exit,) = [e for e in ctjson.by_kind(events, "exit") if e["tid"] == child]
        self.assertEqual((child_exit["status"], child_exit["core_dumped"]), ("SIGSEGV", False))
        self.assertEqual(events[-1]["program"]["status"], 9)

    def test_program_killed(self):
        run = self.trace([fixture("fx_selfkill")])
        self.assertEqual(run.returncode, -signal.SIGTERM, run.stderr)
        events = run.events()
        self.assert_valid(events)
        self.assertEqual(events[-1]["program"]["status"], "SIGTERM")
        self.assertEqual(events[-2]["event"], "exit")
        self.assertEqual(events[-2]["status"], "SIGTERM")


if __name__ == "__main__":
    unittest.main()
