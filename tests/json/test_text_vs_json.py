"""Text and JSON output tell the same story: the same creation calls (syscall,
flags, failed or not), and the tids the fixture itself reports."""
import collections
import os
import unittest

import ctjson
from ctjson import fixture

FIXTURES = ("fx_pthread", "fx_clone3_sizes", "fx_clone_thread")


def setUpModule():
    ctjson.check_environment()


def json_calls(events):
    out = collections.Counter()
    for e in ctjson.creates(events):
        flags = frozenset(e["flags"]) if e["syscall"] in ("clone", "clone3") else frozenset()
        out[(e["syscall"], flags, e["outcome"] in ("failed", "restarted"))] += 1
    return out


def text_calls(lines):
    """(Counter of calls, [(tid, kind, pid or None)] of created tasks)."""
    calls = collections.Counter()
    created = []
    for line in lines:
        m = ctjson.TEXT_CREATE_RE.match(line)
        if not m:
            continue
        flags = ctjson.text_flags(m["call"], m["args"])
        failed = m["ret"].startswith("-1 ") or m["ret"].startswith("?")
        calls[(m["call"], flags, failed)] += 1
        if m["thread"]:
            created.append((int(m["thread"]), "thread", int(m["process"])))
        elif m["note"]:
            created.append((int(m["ourpid"] or m["ret"]), "process", None))
    return calls, created


def fx_tids(run):
    """The tids the fixture says it created (FX created result=) and, for
    children that print, the tids they report themselves (FX child tid=)."""
    fx = run.fx()
    created = {int(kv["result"]) for word, kv in fx if word == "created"}
    children = {int(kv["tid"]): int(kv["pid"]) for word, kv in fx if word == "child"}
    return created, children


class TextVsJson(ctjson.TempDirTestCase):
    def test_same_calls(self):
        for name in FIXTURES:
            with self.subTest(fixture=name):
                self.compare(name)

    def compare(self, name):
        argv = [fixture(name)]
        if not os.access(argv[0], os.X_OK):
            self.skipTest("%s is not built on this architecture" % name)
        as_json = self.trace(argv, json_out=True)
        as_text = self.trace(argv, json_out=False)
        self.assertEqual(as_json.returncode, 0, as_json.stderr)
        self.assertEqual(as_text.returncode, 0, as_text.stderr)
        events = as_json.events()
        lines = as_text.text_lines()

        # Every text line is a line clonetrace prints.
        for line in lines:
            self.assertTrue(ctjson.TEXT_CREATE_RE.match(line) or ctjson.TEXT_EXEC_RE.match(line)
                            or ctjson.TEXT_EXIT_RE.match(line) or ctjson.TEXT_SIGNAL_RE.match(line), line)
        # The same signals, each once.
        text_signals = sorted(m["sig"] for m in map(ctjson.TEXT_SIGNAL_RE.match, lines) if m)
        self.assertEqual(sorted(e["signal"] for e in events if e["event"] == "signal"), text_signals)

        from_text, text_created = text_calls(lines)
        self.assertEqual(json_calls(events), from_text, "\n".join(lines))
        self.assertTrue(from_text, "no creation calls in the text trace")

        # JSON: the children are the tasks the fixture created, with the ids they print.
        created, children = fx_tids(as_json)
        kids = [e["child"] for e in ctjson.creates(events) if "child" in e]
        self.assertEqual({c["tid"] for c in kids}, created)
        for c in kids:
            if c["tid"] in children:
                self.assertEqual(c["pid"], children[c["tid"]])
            if ctjson.group_of(c) == "process":
                self.assertEqual(c["pid"], c["tid"])
        for e in ctjson.creates(events):
            if "child" in e:
                self.assertEqual(e["result"], e["child"]["tid"])  # no pid namespace here

        # Text, from its own run: the same, from `= N (thread N of process P)`.
        created, children = fx_tids(as_text)
        self.assertEqual({tid for tid, _, _ in text_created}, created)
        for tid, kind, pid in text_created:
            if tid in children and kind == "thread":
                self.assertEqual(pid, children[tid])
        self.assertEqual(collections.Counter(k for _, k, _ in text_created),
                         collections.Counter(ctjson.group_of(c) for c in kids))


if __name__ == "__main__":
    unittest.main()
