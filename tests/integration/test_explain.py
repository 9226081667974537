"""--explain: clone flags explained without a process, as text and as one
JSON object; every flag set a traced program really passed is accepted."""
import json
import unittest

import ctlib
from ctlib import CLONETRACE, run

ACCEPTED, REFUSED, USAGE = 0, 1, 2


def explain(value, *options):
    return run([CLONETRACE, *options, "--explain", value])


class Explain(unittest.TestCase):
    def test_pthread_create_set_has_no_problem(self):
        res = explain("0x3d0f00")
        self.assertEqual(res.returncode, ACCEPTED, res.describe())
        self.assertIn("pthread_create", res.stdout)
        self.assertIn("no problem", res.stdout)
        self.assertNotIn("refused", res.stdout)
        for name in ("CLONE_VM", "CLONE_THREAD", "CLONE_SETTLS", "CLONE_CHILD_CLEARTID"):
            self.assertRegex(res.stdout, r"(?m)^  %s +0x[0-9a-f]+  \S" % name)

    def test_thread_alone_needs_sighand_which_needs_vm(self):
        res = explain("0x10000")
        self.assertEqual(res.returncode, REFUSED, res.describe())
        self.assertRegex(res.stdout, r"(?m)^refused: EINVAL: CLONE_THREAD needs CLONE_SIGHAND")
        self.assertRegex(res.stdout, r"(?m)^  and then: CLONE_SIGHAND needs CLONE_VM")

    def test_decimal_and_names_mean_the_same(self):
        by_hex = json.loads(explain("0x3d0f00", "--json").stdout)
        by_decimal = json.loads(explain(str(0x3d0f00), "--json").stdout)
        names = "|".join(f["name"] for f in by_hex["flags"])
        by_names = json.loads(explain(names, "--json").stdout)
        for other in (by_decimal, by_names):
            self.assertEqual({k: v for k, v in other.items() if k != "explain"},
                             {k: v for k, v in by_hex.items() if k != "explain"})

    def test_exit_signal_and_json_object(self):
        res = explain("CLONE_VM|CLONE_FS|SIGCHLD", "--json")
        self.assertEqual(res.returncode, ACCEPTED, res.describe())
        lines = res.stdout.splitlines()
        self.assertEqual(len(lines), 1, res.describe())
        obj = json.loads(lines[0])
        self.assertEqual(obj["exit_signal"], "SIGCHLD")
        self.assertEqual(obj["flags_raw"], "0x300")
        self.assertEqual([f["name"] for f in obj["flags"]], ["CLONE_VM", "CLONE_FS"])
        self.assertTrue(obj["accepted"])

    def test_every_refusal_is_named_in_json(self):
        obj = json.loads(explain("CLONE_NEWUSER|CLONE_FS|CLONE_THREAD|CLONE_SIGHAND|CLONE_VM", "--json").stdout)
        self.assertFalse(obj["accepted"])
        self.assertEqual({r["rule"] for r in obj["refused"]}, {"newuser-with-fs", "newuser-with-thread"})

    def test_clone3_only_flags_switch_to_clone3(self):
        obj = json.loads(explain("CLONE_CLEAR_SIGHAND|CLONE_SIGHAND|CLONE_VM", "--json").stdout)
        self.assertEqual(obj["call"], "clone3")
        self.assertEqual([r["rule"] for r in obj["refused"]], ["clear-sighand-with-sighand"])

    def test_bad_values_are_usage_errors(self):
        for value in ("CLONE_NOPE", "0xzz", "CLONE_VM||CLONE_FS", ""):
            with self.subTest(value=value):
                res = explain(value)
                self.assertEqual(res.returncode, USAGE, res.describe())
                self.assertEqual(res.stdout, "")
                self.assertTrue(res.stderr.startswith("clonetrace: "), res.describe())

    def test_flags_a_traced_program_passed_are_accepted(self):
        """What the kernel ran without complaint, explain must accept."""
        seen = set()
        for fx in (ctlib.BY_ID["fx_pthread"], ctlib.BY_ID["fx_posix_spawn"], ctlib.BY_ID["fx_fork"]):
            res = ctlib.clonetrace(["--json"], fx.argv)
            self.assertEqual(res.returncode, 0, res.describe())
            for line in res.trace.splitlines():
                event = json.loads(line)
                if event["event"] != "create" or event["outcome"] != "created" or not event.get("flags"):
                    continue
                value = "|".join(event["flags"] + [event.get("exit_signal", "0")])
                out = explain(value)
                self.assertEqual(out.returncode, ACCEPTED, out.describe())
                seen.add(event["flags_raw"])
        self.assertGreaterEqual(len(seen), 2, seen)


if __name__ == "__main__":
    unittest.main()
