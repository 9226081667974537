"""The man page's jq one-liner counts creations by kind, and its counts are
Python's."""
import collections
import json
import os
import subprocess
import unittest

import ctjson
from ctjson import fixture

MAN_PAGE = os.path.join(ctjson.HERE, "..", "..", "man", "clonetrace.1")
GROFF = "/usr/bin/groff"
# As printed in clonetrace(1), EXAMPLES.
ONE_LINER = ('map(select(.event=="create")) | group_by(.child.kind) '
             '| map({kind: .[0].child.kind, n: length})')


def setUpModule():
    ctjson.check_environment()


def python_counts(events):
    return dict(collections.Counter(e.get("child", {}).get("kind") for e in ctjson.creates(events)))


class JqOneLiner(ctjson.TempDirTestCase):
    def setUp(self):
        super().setUp()
        if not os.access(ctjson.JQ, os.X_OK):
            self.skipTest("jq not installed at %s" % ctjson.JQ)

    def test_one_liner_is_the_man_pages(self):
        with open(MAN_PAGE, encoding="utf-8") as f:
            page = f.read()
        self.assertIn("$ jq \\-s '%s' t.jsonl\n" % ONE_LINER, page)
        # As a reader copies it from the formatted page: plain ASCII quotes and hyphens.
        if not os.access(GROFF, os.X_OK):
            return
        proc = subprocess.run([GROFF, "-man", "-Tutf8", "-P-cbou", MAN_PAGE], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, timeout=ctjson.RUN_TIMEOUT)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("$ jq -s '%s' t.jsonl\n" % ONE_LINER, proc.stdout.decode("utf-8"))

    def count_with_jq(self, path):
        proc = ctjson.run_jq(["-s", ONE_LINER], path)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        rows = json.loads(proc.stdout)
        return {row["kind"]: row["n"] for row in rows}

    def test_counts_match(self):
        # Threads and processes (fx_demo), and a failed call that created
        # nothing, counted under kind null (fx_clone3_sizes).
        for name in ("fx_demo", "fx_clone3_sizes", "fx_rename"):
            with self.subTest(fixture=name):
                run = self.trace([fixture(name)])
                self.assertEqual(run.returncode, 0, run.stderr)
                events = run.events()
                counts = python_counts(events)
                self.assertTrue(counts)
                self.assertEqual(self.count_with_jq(run.trace_path), counts)
                end = events[-1]
                # These fixtures make threads with pthread_create only: every other kind is a process.
                self.assertEqual(counts.get("thread", 0), end["threads_created"])
                self.assertEqual(sum(n for kind, n in counts.items() if kind not in ("thread", None)),
                                 end["processes_created"])

    def test_jq_reads_every_line(self):
        run = self.trace([fixture("fx_rename")])  # strings with \\udcXX escapes
        events = run.events()
        proc = ctjson.run_jq(["-c", ".event"], run.trace_path)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual([json.loads(line) for line in proc.stdout.decode().splitlines()],
                         [e["event"] for e in events])


if __name__ == "__main__":
    unittest.main()
