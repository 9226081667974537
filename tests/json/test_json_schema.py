"""The schema is a valid draft 2020-12 schema and is not vacuous: real events
pass, and a misspelt field, a wrong type, a missing field, a bad hex string
or an unknown enum value each fail."""
import copy
import unittest

import ctjson
from ctjson import fixture


def setUpModule():
    ctjson.check_environment()


# Events of kinds no fixture here produces, built by hand to the schema's
# rules as json_sink.cpp writes them.
RESTARTED = {
    "schema": 2, "ts_ns": 1700000000000000000, "mono_ns": 5000000, "event": "create",
    "syscall": "clone", "arch": "x86_64", "flags": ["CLONE_CHILD_CLEARTID", "CLONE_CHILD_SETTID"],
    "flags_raw": "0x1200000", "exit_signal": "SIGCHLD", "stack": "0x0", "parent_tid": "0x0",
    "child_tid": "0x7f0000000a10", "tls": "0x0", "outcome": "restarted", "result": -1,
    "errno": "ERESTARTNOINTR", "error": "To be restarted", "restart": False, "duration_ns": 1200,
    "tid": 4000, "pid": 4000, "ppid": 3999, "comm": "make", "live": 3,
}
UNFINISHED = dict(RESTARTED, outcome="unfinished", result=None)
for key in ("errno", "error"):
    del UNFINISHED[key]
CLONE3_TAIL = {
    "schema": 2, "ts_ns": 1700000000000000000, "mono_ns": 5000000, "event": "create",
    "syscall": "clone3", "arch": "x86_64", "flags": ["CLONE_PIDFD", "0xffffffe000000000"],
    "flags_raw": "0xffffffe000001000", "exit_signal": "SIGRT_2", "args": "0x7ffd0000", "size": "0x60",
    "args_status": "ok", "pidfd": "0x7ffd1000", "child_tid": "0x0", "parent_tid": "0x0", "stack": "0x0",
    "stack_size": "0x0", "tls": "0x0", "set_tid": [1, 4000], "set_tid_size": "0x2", "cgroup": "0x0",
    "tail_offset": 88, "tail": "0000000000000001", "outcome": "failed", "result": -1, "errno": "E2BIG",
    "error": "Argument list too long", "restart": True, "duration_ns": 0,
    "tid": 4000, "pid": 4000, "ppid": 3999, "comm": "\udcff\n", "live": 1,
}
DETACHED = {
    "schema": 2, "ts_ns": 1700000000000000000, "mono_ns": 5000000, "event": "exit", "status": None,
    "core_dumped": False, "detached": True, "lifetime_ns": None, "tid": 4001, "pid": 4000, "ppid": 1,
    "comm": "worker", "live": 2,
}
SIGSYS = {
    "schema": 2, "ts_ns": 1700000000000000000, "mono_ns": 5000000, "event": "signal", "signal": "SIGSYS",
    "code": "SYS_SECCOMP", "call_addr": "0x7f0000001234", "syscall": 435, "audit_arch": "0xc000003e",
    "tid": 4000, "pid": 4000, "ppid": 3999, "comm": "sandboxed", "live": 1,
}
TIMER = {
    "schema": 2, "ts_ns": 1700000000000000000, "mono_ns": 5000000, "event": "signal", "signal": "SIGRT_2",
    "code": "-2", "errno": "ENOENT", "timerid": 0, "overrun": 3, "value": "0x7",
    "tid": 4000, "pid": 4000, "ppid": 3999, "comm": "ticker", "live": 1,
}
ATTACH_START = {
    "schema": 2, "ts_ns": 1700000000000000000, "mono_ns": 5000000, "event": "trace_start",
    "version": "0.1.0", "host_arch": "x86_64", "command": [], "attach": [4000, 4100], "seccomp_filter": False,
    "mode": "events", "unseen": ["failed_calls", "restarts"],
}
ATTACH_END = {
    "schema": 2, "ts_ns": 1700000000000000000, "mono_ns": 5000000, "event": "trace_end", "tasks": 3,
    "threads_created": 0, "processes_created": 0, "failed_creations": 0, "program": None,
}


class Schema(ctjson.TempDirTestCase):
    @classmethod
    def setUpClass(cls):
        cls.v = ctjson.validator()  # check_schema: a valid draft 2020-12 schema
        cls.run_ = cls.trace_for_class([fixture("fx_fork")])

    def setUp(self):
        super().setUp()
        self.assertEqual(self.run_.returncode, 0, self.run_.stderr)
        self.events = {e["event"]: e for e in self.run_.events()}  # the last of each kind
        self.assertEqual(set(self.events), {"trace_start", "task_start", "create", "exec", "signal", "exit", "trace_end"})

    def valid(self, event):
        return not ctjson.schema_errors(self.v, event)

    def assert_invalid(self, event, why):
        self.assertFalse(self.valid(event), "%s passed validation: %s" % (why, event))

    def test_real_and_hand_made_events_pass(self):
        for event in [*self.events.values(), RESTARTED, UNFINISHED, CLONE3_TAIL, DETACHED, ATTACH_START, ATTACH_END,
                      SIGSYS, TIMER]:
            self.assertEqual(ctjson.schema_errors(self.v, event), [], event)

    def test_misspelt_or_unknown_field_fails(self):
        for kind, event in self.events.items():
            with self.subTest(event=kind):
                for key in event:
                    if key == "event":
                        continue
                    bad = {(k + "s" if k == key else k): value for k, value in event.items()}
                    self.assert_invalid(bad, "misspelt %s" % key)
                self.assert_invalid(dict(event, extra=1), "an extra field")
        create = self.events["create"]
        self.assert_invalid(dict(create, child=dict(create["child"], tdi=1)), "a stray field in child")
        self.assert_invalid(dict(create, written={}), "an empty written")
        self.assert_invalid(dict(create, args="0x1"), "a clone3 field on clone")
        self.assert_invalid(dict(self.events["trace_end"], program=dict(self.events["trace_end"]["program"], tid=1)),
                            "a stray field in program")

    def test_missing_field_fails(self):
        for kind, event in self.events.items():
            with self.subTest(event=kind):
                # child is optional: a call made with CLONE_UNTRACED creates
                # a task clonetrace never sees.
                for key in set(event) - {"child"}:
                    bad = {k: value for k, value in event.items() if k != key}
                    self.assert_invalid(bad, "without %s" % key)

    def test_wrong_type_fails(self):
        for kind, event in self.events.items():
            with self.subTest(event=kind):
                for key, value in event.items():
                    # A value of another JSON type: "1" for numbers, 1 for strings, ...
                    if isinstance(value, bool):
                        wrong = [0, "true"]
                    elif isinstance(value, int):
                        wrong = [str(value), 0.5, True]
                    elif isinstance(value, str):
                        wrong = [1, [value]]
                    elif isinstance(value, list):
                        wrong = ["", {}]
                    elif isinstance(value, dict):
                        wrong = [[], "x"]
                    else:
                        continue  # null: type-checked below
                    for bad_value in wrong:
                        self.assert_invalid(dict(event, **{key: bad_value}), "%s=%r" % (key, bad_value))

    def test_bad_values_fail(self):
        create, end = self.events["create"], self.events["trace_end"]
        cases = [
            (dict(create, flags_raw="0X1200000"), "upper-case hex prefix"),
            (dict(create, flags_raw="0x1200000".upper().replace("X", "x") + "G"), "not hex"),
            (dict(create, child_tid="12345"), "decimal where hex is due"),
            (dict(create, flags=["CLONE_VM", "CLONE_VM"]), "a repeated flag"),
            (dict(create, flags=["vm"]), "a flag that is not CLONE_*"),
            (dict(create, outcome="ok"), "an unknown outcome"),
            (dict(create, syscall="spawn"), "an unknown syscall"),
            (dict(create, arch="sparc"), "an unknown arch"),
            (dict(create, child=dict(create["child"], kind="fiber")), "an unknown child kind"),
            (dict(create, errno="EINVAL", error="Invalid argument"), "an errno on a created call"),
            ({**{k: v for k, v in create.items() if k != "child"}, "outcome": "failed", "result": -1},
             "a failed call without its errno"),
            (dict(create, outcome="failed", result=-1, errno="EINVAL", error="Invalid argument"),
             "a failed call with a child"),
            (dict(create, result=None), "a null result on a created call"),
            (dict(create, exit_signal="CHLD"), "a signal without its SIG"),
            (dict(create, schema=1), "another schema version"),
            (dict(create, duration_ns=-1), "a negative duration"),
            (dict(self.events["task_start"], reason="forked"), "an unknown reason"),
            (dict(self.events["exit"], status=None), "a null status without detached"),
            (dict(self.events["exit"], status=256), "an exit code above 255"),
            (dict(self.events["exit"], lifetime_ns=-1), "a negative lifetime"),
            (dict(end, program=dict(end["program"], status="killed")), "a status that is not a signal"),
            (dict(DETACHED, status=0), "a status on a detached task"),
            (dict(CLONE3_TAIL, args_status="fine"), "an unknown args_status"),
            (dict(CLONE3_TAIL, set_tid=list(range(1, 34))), "set_tid with more than 32 pids"),
            (dict(CLONE3_TAIL, size=96), "size as a number"),
            (dict(CLONE3_TAIL, size="0x58"), "a tail within 88 bytes"),
            (dict(CLONE3_TAIL, tail="0x01"), "a tail with a 0x prefix"),
            (dict(CLONE3_TAIL, tail="001"), "a tail of half a byte"),
            ({k: v for k, v in CLONE3_TAIL.items() if k != "tail_offset"}, "a tail without tail_offset"),
            ({k: v for k, v in CLONE3_TAIL.items() if k != "cgroup"}, "size 96 without cgroup"),
            (dict(CLONE3_TAIL, args_status="too_small"), "fields of a struct too small to read"),
            (dict(self.events["signal"], signal="CHLD"), "a signal without its SIG"),
            (dict(self.events["signal"], code="cld_exited"), "a code in lower case"),
            (dict(self.events["signal"], status="9"), "a child's signal as a number in a string"),
            (dict(self.events["signal"], sender_uid=-1), "a negative uid"),
            (dict(SIGSYS, audit_arch=3221225534), "an audit arch as a number"),
            (dict(ATTACH_START, command=["sleep"]), "both PROG and -p"),
            (dict(ATTACH_START, attach=[], command=[]), "neither PROG nor -p"),
        ]
        for event, why in cases:
            with self.subTest(why=why):
                self.assert_invalid(event, why)

    def test_size_rules_for_clone3(self):
        base = {k: v for k, v in CLONE3_TAIL.items() if k not in ("tail", "tail_offset")}
        v64 = {k: v for k, v in base.items() if k not in ("set_tid", "set_tid_size", "cgroup")}
        v80 = {k: v for k, v in base.items() if k != "cgroup"}
        self.assertTrue(self.valid(dict(v64, size="0x40")))
        self.assertTrue(self.valid(dict(v80, size="0x50")))
        self.assertTrue(self.valid(dict(base, size="0x58")))
        self.assertTrue(self.valid(dict(base, size="0xffffffffffffffff")))
        self.assertFalse(self.valid(dict(v64, size="0x50")))   # set_tid, set_tid_size missing
        self.assertFalse(self.valid(dict(base, size="0x40")))  # fields past the size
        small = {k: v for k, v in v64.items() if k not in ctjson.CLONE3_FIELDS_64}
        self.assertTrue(self.valid(dict(small, size="0x20", args_status="too_small", exit_signal=None)))
        self.assertFalse(self.valid(dict(small, size="0x40", args_status="too_small", exit_signal=None)))
        self.assertTrue(self.valid(dict(small, size="0x58", args_status="unreadable", exit_signal=None)))
        self.assertFalse(self.valid(dict(small, size="0x58", args_status="unreadable")))  # a signal unread

    def test_real_event_copies_are_independent(self):
        # Guard for the tests above: they must not have changed the events.
        before = copy.deepcopy(self.events)
        self.test_bad_values_fail()
        self.assertEqual(self.events, before)


if __name__ == "__main__":
    unittest.main()
