"""--replay renders a saved JSON Lines trace exactly as the live run printed
it: for every fixture, one run writes text (-o) and JSON (--json=FILE) at
once, and the replay of that JSON gives the same bytes. Bad files get one
line naming the line that is wrong."""
import os
import subprocess
import unittest

import ctjson
from ctjson import fixture
from test_json_fixtures import ARGS, SKIP_STATUS, fixture_names


def setUpModule():
    ctjson.check_environment()


def run(cmd):
    return subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          timeout=ctjson.RUN_TIMEOUT)


def chatter(stderr):
    """clonetrace's own lines on standard error (the program may write there too)."""
    return [line for line in stderr.decode("utf-8", "replace").splitlines() if line.startswith("clonetrace: ")]


def read(path):
    with open(path, "rb") as f:
        return f.read()


class ReplayEqualsLive(ctjson.TempDirTestCase):
    def live_and_replayed(self, argv, options):
        """(live text, live chatter, replayed text, replayed chatter, the JSON's path)."""
        self._n += 1
        live, saved, again = (os.path.join(self.tmp, "%s%d" % (stem, self._n)) for stem in ("live", "json", "again"))
        traced = run([ctjson.CLONETRACE, *options, "-o", live, "--json=" + saved, "--", *argv])
        if traced.returncode == SKIP_STATUS:
            self.skipTest("%s cannot run here" % argv[0])
        replayed = run([ctjson.CLONETRACE, *options, "-o", again, "--replay", saved])
        self.assertEqual(replayed.returncode, 0, replayed.stderr)
        return read(live), chatter(traced.stderr), read(again), chatter(replayed.stderr), saved

    def test_every_fixture_byte_for_byte(self):
        for name in fixture_names():
            with self.subTest(fixture=name):
                live, live_chatter, again, again_chatter, _ = self.live_and_replayed(
                    [fixture(name), *ARGS.get(name, ())], ("-ttt", "-T"))
                self.assertTrue(live, "no text trace for %s" % name)
                self.assertEqual(again.decode("ascii"), live.decode("ascii"))
                self.assertEqual(again_chatter, live_chatter)

    def test_each_text_option(self):
        for options in ((), ("-t",), ("-tt",), ("-ttt",), ("-T",), ("-q",), ("-qq",)):
            with self.subTest(options=options):
                live, live_chatter, again, again_chatter, _ = self.live_and_replayed([fixture("fx_demo")], options)
                self.assertEqual(again, live)
                self.assertEqual(again_chatter, live_chatter)

    def test_json_round_trip_is_exact(self):
        """Replayed into --json, a trace is the same bytes: every field was read back."""
        for name in ("fx_demo", "fx_clone3_sizes", "fx_clone3_fail", "fx_rename", "fx_exec_thread"):
            with self.subTest(fixture=name):
                _, _, _, _, saved = self.live_and_replayed([fixture(name)], ())
                again = os.path.join(self.tmp, "round-trip.jsonl")
                res = run([ctjson.CLONETRACE, "--json", "-o", again, "--replay", saved])
                self.assertEqual(res.returncode, 0, res.stderr)
                self.assertEqual(read(again), read(saved))

    def test_stacks_replayed(self):
        """-k: the frames are in the JSON trace, valid, and replay to the same
        text and the same JSON bytes."""
        v = ctjson.validator()
        for name in ("fx_stack_pool", "fx_stack_cpp", "fx_stack_signal", "fx_stack_garbage"):
            if name not in fixture_names():
                continue  # built on x86_64 only
            with self.subTest(fixture=name):
                live, _, again, _, saved = self.live_and_replayed([fixture(name)], ("-k",))
                self.assertIn(b"\n > ", live)
                self.assertEqual(again, live)
                stacks = [e["call_stack"] for e in ctjson.creates(ctjson.read_jsonl(saved))]
                self.assertTrue(stacks and all(stacks), saved)
                if name == "fx_stack_pool":
                    for stack in stacks:
                        names = [f["function"] for f in stack]
                        at = names.index("spawn_worker")
                        self.assertEqual(names[at:at + 3], ["spawn_worker", "start_pool", "main"])
                        self.assertEqual(stack[at]["module"], os.path.realpath(fixture(name)))
                for event in ctjson.read_jsonl(saved):
                    self.assertEqual(ctjson.schema_errors(v, event), [])
                round_trip = os.path.join(self.tmp, "stack-round-trip.jsonl")
                res = run([ctjson.CLONETRACE, "--json", "-o", round_trip, "--replay", saved])
                self.assertEqual(res.returncode, 0, res.stderr)
                self.assertEqual(read(round_trip), read(saved))

    def test_stack_gap_replayed(self):
        """-k on an i386 program: no frames, and the reason, in JSON and
        replayed text alike."""
        if "fx_pthread_m32" not in fixture_names():
            self.skipTest("no i386 fixtures on this host")
        live, _, again, _, saved = self.live_and_replayed([fixture("fx_pthread_m32")], ("-k",))
        self.assertIn(b"\n > no stack: a compat-ABI task", live)
        self.assertEqual(again, live)
        creates = ctjson.creates(ctjson.read_jsonl(saved))
        self.assertTrue(creates, saved)
        self.assertEqual({e.get("stack_gap") for e in creates}, {"other_abi"})
        self.assertFalse(any("call_stack" in e for e in creates))
        v = ctjson.validator()
        for event in ctjson.read_jsonl(saved):
            self.assertEqual(ctjson.schema_errors(v, event), [])
        round_trip = os.path.join(self.tmp, "gap-round-trip.jsonl")
        res = run([ctjson.CLONETRACE, "--json", "-o", round_trip, "--replay", saved])
        self.assertEqual(res.returncode, 0, res.stderr)
        self.assertEqual(read(round_trip), read(saved))

    def test_json_beside_text_is_the_whole_trace(self):
        _, _, _, _, saved = self.live_and_replayed([fixture("fx_demo")], ())
        events = ctjson.read_jsonl(saved)
        v = ctjson.validator()
        for event in events:
            self.assertEqual(ctjson.schema_errors(v, event), [])
        self.assertEqual(events[0]["event"], "trace_start")
        self.assertEqual(events[-1]["event"], "trace_end")


class BadTraces(ctjson.TempDirTestCase):
    def write(self, name, data):
        path = os.path.join(self.tmp, name)
        with open(path, "wb") as f:
            f.write(data)
        return path

    def saved_trace(self):
        path = os.path.join(self.tmp, "good.jsonl")
        res = run([ctjson.CLONETRACE, "--json", "-o", path, "--", fixture("fx_fork")])
        self.assertEqual(res.returncode, 0, res.stderr)
        return read(path).splitlines(keepends=True)

    def replay(self, path):
        out = os.path.join(self.tmp, "out.txt")
        res = run([ctjson.CLONETRACE, "-o", out, "--replay", path])
        text = read(out) if os.path.exists(out) else b""
        return res, text.decode("ascii")

    def one_line_error(self, res, *parts):
        self.assertEqual(res.returncode, 1, res.stderr)
        lines = [line for line in res.stderr.decode().splitlines() if not ctjson.CHATTER_RE.match(line)]
        self.assertEqual(len(lines), 1, lines)
        for part in parts:
            self.assertIn(part, lines[0])

    def test_not_json_names_its_line(self):
        lines = self.saved_trace()
        lines[2] = b"this is not json\n"
        res, _ = self.replay(self.write("bad.jsonl", b"".join(lines)))
        self.one_line_error(res, "bad.jsonl:3:", "not JSON")

    def test_newer_and_older_schema(self):
        lines = self.saved_trace()
        for version, word in ((b"3", "newer"), (b"1", "older")):
            with self.subTest(version=version):
                data = lines[0].replace(b'"schema":2', b'"schema":' + version, 1)
                res, _ = self.replay(self.write("v.jsonl", data + b"".join(lines[1:])))
                self.one_line_error(res, "v.jsonl:1:", "schema version %s" % version.decode(), word)

    def test_cut_off_last_line_is_reported_after_the_rest(self):
        lines = self.saved_trace()
        data = b"".join(lines[:-1]) + lines[-1][: len(lines[-1]) // 2]
        res, text = self.replay(self.write("cut.jsonl", data))
        self.one_line_error(res, "cut.jsonl:%d:" % len(lines), "cut off")
        self.assertIn("clone(child_stack=NULL", text)  # the lines before it were rendered
        self.assertIn("+++ exited with 0 +++", text)

    def test_unknown_values_are_errors_not_crashes(self):
        lines = self.saved_trace()
        create = next(i for i, line in enumerate(lines) if b'"event":"create"' in line)
        for old, new, why in ((b'"syscall":"', b'"syscall":"x', "syscall"),
                              (b'"arch":"', b'"arch":"x', "arch"),
                              (b'"flags_raw":"0x', b'"flags_raw":"zz', "flags_raw"),
                              (b'"event":"create"', b'"event":"created"', "unknown event"),
                              (b'"tid":', b'"tid":-', "tid")):
            with self.subTest(why=why):
                changed = list(lines)
                changed[create] = changed[create].replace(old, new, 1)
                res, _ = self.replay(self.write("u.jsonl", b"".join(changed)))
                self.one_line_error(res, "u.jsonl:%d:" % (create + 1), why)

    def test_missing_and_empty_files(self):
        res, _ = self.replay(os.path.join(self.tmp, "nothing.jsonl"))
        self.one_line_error(res, "cannot read", "nothing.jsonl")
        res, _ = self.replay(self.write("empty.jsonl", b""))
        self.one_line_error(res, "empty.jsonl", "empty")

    def test_replay_takes_no_program(self):
        res = run([ctjson.CLONETRACE, "--replay", "x.jsonl", "--", "true"])
        self.assertEqual(res.returncode, 2)
        self.assertIn(b"cannot be used together", res.stderr)


if __name__ == "__main__":
    unittest.main()
