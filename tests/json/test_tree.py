"""--tree: the tree of a fixture of three processes with five threads each
has exactly that shape, with the tids the fixture reports; the churn
fixture's threads and processes fold into a few lines of at most 80
columns; glyphs follow the locale; --replay prints the same tree."""
import collections
import os
import re
import subprocess

import ctjson
from ctjson import fixture

STORM = [fixture("fx_storm"), "4", "50", "2", "5"]
LINE_RE = re.compile(r"^((?:[│|` ] {2}|[├└|`]─ |[|`]- )*)(.*)$")


def setUpModule():
    ctjson.check_environment()


def run(cmd, lang="C.UTF-8"):
    env = dict(os.environ, LANG=lang, LC_ALL="")
    return subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          timeout=ctjson.RUN_TIMEOUT, env=env)


def parse_tree(text):
    """[(depth, text of the entry)] for each line."""
    out = []
    for line in text.splitlines():
        prefix, entry = LINE_RE.match(line).groups()
        out.append((len(prefix) // 3, entry))
    return out


class Tree(ctjson.TempDirTestCase):
    def tree(self, argv, options=("-qq",), lang="C.UTF-8"):
        path = os.path.join(self.tmp, "tree%d.txt" % len(os.listdir(self.tmp)))
        traced = run([ctjson.CLONETRACE, "--tree", *options, "-o", path, "--", *argv], lang)
        self.assertEqual(traced.returncode, 0, traced.stderr)
        with open(path, "rb") as f:
            return f.read().decode("utf-8"), ctjson.fx_lines(traced.stdout)

    def test_three_processes_of_five_threads(self):
        text, fx = self.tree([fixture("fx_tree")])
        forks = [int(kv["result"]) for word, kv in fx if word == "created" and kv["call"] == "fork"]
        threads = collections.defaultdict(dict)
        for word, kv in fx:
            if word == "child" and "name" in kv:
                threads[int(kv["pid"])][int(kv["tid"])] = kv["name"]
        [main] = set(threads) - set(forks)
        rows = parse_tree(text)
        self.assertEqual(len(rows), 3 + 15, text)
        self.assertEqual(rows[0][0], 0)
        self.assertTrue(rows[0][1].startswith("%d fx_tree (launched, ran " % main), text)
        shape = collections.defaultdict(dict)  # process -> {tid: name}
        process = None  # the child process the lines at depth 2 belong to
        for depth, entry in rows[1:]:
            tid, name, kind = re.match(r"(\d+) (\S+) \((\w+)", entry).groups()
            if depth == 1 and kind == "process":
                process = int(tid)
                continue
            self.assertEqual(kind, "thread", entry)
            self.assertIn(depth, (1, 2), entry)
            shape[main if depth == 1 else process][int(tid)] = name
        self.assertEqual(dict(shape), dict(threads), text)
        self.assertEqual(sorted(p for p in shape if p != main), sorted(forks))

    def test_churn_folds_into_a_screen(self):
        text, fx = self.tree(STORM)
        counts = dict(fx)["storm"]
        lines = text.splitlines()
        self.assertLessEqual(len(lines), 4, text)
        for line in lines:
            self.assertLessEqual(len(line), 80, line)
        self.assertRegex(text, r"(?m)^├─ %s × fx_storm \(thread\) " % counts["threads"])
        self.assertRegex(text, r"(?m)^└─ %s × true \(process, ran /usr/bin/true\) .*, exited 0$" % counts["forks"])

    def test_ascii_outside_utf8(self):
        text, _ = self.tree([fixture("fx_tree")], lang="C")
        self.assertTrue(text.isascii(), text)
        self.assertIn("|- ", text)
        self.assertIn("`- ", text)

    def test_after_the_trace_unless_qq(self):
        text, _ = self.tree([fixture("fx_demo")], options=())
        lines = text.splitlines()
        end = lines.index("+++ exited with 0 +++")
        self.assertEqual(lines[end + 1], "")
        self.assertRegex(lines[end + 2], r"^\d+ fx_demo \(launched, ran ")
        alone, _ = self.tree([fixture("fx_demo")])
        self.assertNotIn("+++", alone)

    def test_not_into_json(self):
        refused = run([ctjson.CLONETRACE, "--tree", "--json", "--", "/bin/true"])
        self.assertEqual(refused.returncode, 2)
        self.assertIn(b"--tree prints text", refused.stderr)


class TreeReplayEqualsLive(ctjson.TempDirTestCase):
    def test_same_tree(self):
        for argv, options in (([fixture("fx_tree")], ("-qq",)), (STORM, ("-qq",)), ([fixture("fx_exec_thread")], ("-C",))):
            with self.subTest(argv=argv[0], options=options):
                live, saved, again = (os.path.join(self.tmp, s) for s in ("live", "saved", "again"))
                traced = run([ctjson.CLONETRACE, "--tree", *options, "-o", live, "--json=" + saved, "--", *argv])
                self.assertEqual(traced.returncode in (0, 6), True, traced.stderr)
                replayed = run([ctjson.CLONETRACE, "--tree", *options, "-o", again, "--replay", saved])
                self.assertEqual(replayed.returncode, 0, replayed.stderr)
                with open(live, "rb") as a, open(again, "rb") as b:
                    self.assertEqual(b.read(), a.read())
