"""Untrusted bytes (thread names, program paths) survive both outputs: in
JSON every string parses and decodes back to the exact bytes with the
surrogateescape convention (\\uDCXX for a byte that is not UTF-8); in text
they are quoted strace's way and never break a line."""
import os
import shutil
import unittest

import ctjson
from ctjson import fixture


def setUpModule():
    ctjson.check_environment()


# A file name with everything awkward a path may hold: quote, backslash,
# newline, tab, control bytes, DEL, a lone high byte, valid UTF-8 (é, U+10FFFF),
# and sequences that look like UTF-8 but are not (an encoded surrogate, an
# overlong '/', a code point above U+10FFFF, a truncated sequence).
ODD_NAME = (b'fx q"b\\n\nt\t\x01\x1b\x7f \xff \xc3\xa9 \xf4\x8f\xbf\xbf '
            b'\xed\xa0\x80 \xc0\xaf \xf4\x90\x80\x80 \xe2\x82')


class ThreadNames(ctjson.TempDirTestCase):
    """fx_rename: two threads name themselves with quotes, a backslash, a
    newline, control bytes, DEL and bytes that are not UTF-8."""

    def test_json_names_round_trip(self):
        run = self.trace([fixture("fx_rename")])
        self.assertEqual(run.returncode, 0, run.stderr)
        events = run.events()  # every line parses (strict)
        v = ctjson.validator()
        for event in events:
            self.assertEqual(ctjson.schema_errors(v, event), [], event)
        named = {int(kv["tid"]): bytes.fromhex(kv["hex"]) for word, kv in run.fx() if word == "named"}
        self.assertEqual(len(named), 2, run.stdout)
        for tid, name in named.items():
            with self.subTest(tid=tid, name=name):
                (ending,) = [e for e in ctjson.by_kind(events, "exit") if e["tid"] == tid]
                self.assertEqual(ctjson.as_bytes(ending["comm"]), name)
        # The raw line spells the bytes that are not UTF-8 as \udcXX escapes.
        with open(run.trace_path, "rb") as f:
            raw = f.read()
        self.assertIn(b"\\udcff\\udcfe", raw)
        self.assertIn(b'q\\"b\\\\n\\n', raw)

    def test_text_lines_stay_lines(self):
        run = self.trace([fixture("fx_rename")], json_out=False)
        self.assertEqual(run.returncode, 0, run.stderr)
        lines = run.text_lines()  # ASCII only: nothing raw got through
        for line in lines:
            self.assertTrue(ctjson.TEXT_CREATE_RE.match(line) or ctjson.TEXT_EXEC_RE.match(line)
                            or ctjson.TEXT_EXIT_RE.match(line) or ctjson.TEXT_SIGNAL_RE.match(line), line)
        self.assertEqual(sum(1 for line in lines if ctjson.TEXT_CREATE_RE.match(line)), 2)
        for line in run.stderr.decode("ascii").splitlines():
            self.assertRegex(line, ctjson.CHATTER_RE)


class ProgramPaths(ctjson.TempDirTestCase):
    """A program whose path holds awkward bytes: the trace_start command and
    the exec event's path in JSON, the exec line in text."""

    def odd_program(self):
        path = os.path.join(os.fsencode(self.tmp), ODD_NAME)
        shutil.copy(fixture("fx_fork"), path)
        return path

    def test_json_path_round_trips(self):
        path = self.odd_program()
        run = self.trace([os.fsdecode(path)])
        self.assertEqual(run.returncode, 0, run.stderr)
        events = run.events()
        v = ctjson.validator()
        for event in events:
            self.assertEqual(ctjson.schema_errors(v, event), [], event)
        self.assertEqual([ctjson.as_bytes(a) for a in events[0]["command"]], [path])
        (execed,) = ctjson.by_kind(events, "exec")
        self.assertEqual(ctjson.as_bytes(execed["path"]), path)
        # The valid UTF-8 passes through as characters.
        self.assertIn("\u00e9", execed["path"])
        self.assertIn("\U0010ffff", execed["path"])
        with open(run.trace_path, "rb") as f:
            raw = f.read()
        self.assertIn(b"\\u001b\\u007f \\udcff \xc3\xa9 \xf4\x8f\xbf\xbf \\udced\\udca0\\udc80 \\udcc0\\udcaf "
                      b"\\udcf4\\udc90\\udc80\\udc80 \\udce2\\udc82", raw)

    def test_text_path_is_quoted(self):
        path = self.odd_program()
        run = self.trace([os.fsdecode(path)], json_out=False, options=("-s", "4096"))
        self.assertEqual(run.returncode, 0, run.stderr)
        lines = run.text_lines()
        execs = [line for line in lines if ctjson.TEXT_EXEC_RE.match(line)]
        # The path, and argv[0] (the same bytes) whole under -s 4096.
        self.assertEqual(execs, ["--- exec %s [%s] ---" % (ctjson.strace_quote(path), ctjson.strace_quote(path))])
        for line in lines:
            self.assertTrue(ctjson.TEXT_CREATE_RE.match(line) or ctjson.TEXT_EXEC_RE.match(line)
                            or ctjson.TEXT_EXIT_RE.match(line) or ctjson.TEXT_SIGNAL_RE.match(line), line)


if __name__ == "__main__":
    unittest.main()
