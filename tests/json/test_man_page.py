"""clonetrace(1) formats without warnings and documents every option the
binary accepts and every field the JSON schema allows."""
import json
import os
import re
import subprocess
import unittest

import ctjson

MAN_PAGE = os.path.join(ctjson.HERE, "..", "..", "man", "clonetrace.1")
GROFF = "/usr/bin/groff"


def setUpModule():
    ctjson.check_environment()


def schema_names(node, out):
    """Every property name and every enum/const string value in the schema."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "properties":
                out.update(value)
            if key == "enum":
                out.update(v for v in value if isinstance(v, str))
            if key == "const" and isinstance(value, str):
                out.add(value)
            schema_names(value, out)
    elif isinstance(node, list):
        for value in node:
            schema_names(value, out)
    return out


class ManPage(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        with open(MAN_PAGE, encoding="utf-8") as f:
            cls.source = f.read()
        if not os.access(GROFF, os.X_OK):
            raise unittest.SkipTest("groff not installed")
        proc = subprocess.run([GROFF, "-man", "-Tutf8", "-P-cbou", MAN_PAGE], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, timeout=ctjson.RUN_TIMEOUT)
        cls.rendered = proc.stdout.decode("utf-8")

    def test_formats_without_warnings(self):
        proc = subprocess.run([GROFF, "-man", "-ww", "-z", MAN_PAGE], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, timeout=ctjson.RUN_TIMEOUT)
        self.assertEqual((proc.returncode, proc.stdout, proc.stderr), (0, b"", b""))

    def section(self, title):
        m = re.search(r"^%s\n(.*?)(?=^[A-Z][A-Z ]+\n)" % re.escape(title), self.rendered, re.M | re.S)
        self.assertIsNotNone(m, "no %s section" % title)
        return m.group(1)

    def test_every_option_is_documented(self):
        help_text = subprocess.run([ctjson.CLONETRACE, "--help"], stdout=subprocess.PIPE,
                                   timeout=ctjson.RUN_TIMEOUT, check=True).stdout.decode()
        options = set(re.findall(r"(?<![\w-])(--[a-z][a-z-]+|-[a-zA-Z])\b", help_text))
        self.assertIn("--json", options)
        self.assertIn("-p", options)
        documented = self.section("OPTIONS")
        for option in sorted(options):
            self.assertRegex(documented, r"(?m)^ {7}(?:.*[ ,])?%s\b" % re.escape(option),
                             "%s is not an entry of OPTIONS" % option)

    def test_every_json_field_is_documented(self):
        with open(ctjson.SCHEMA_PATH, encoding="utf-8") as f:
            names = schema_names(json.load(f), set())
        self.assertIn("duration_ns", names)
        self.assertIn("unreadable", names)
        documented = self.section("JSON OUTPUT")
        for name in sorted(names):
            self.assertRegex(documented, r"(?<![\w-])%s(?![\w-])" % re.escape(name),
                             "%s is not in JSON OUTPUT" % name)

    def test_sections(self):
        for title in ("NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "OUTPUT", "JSON OUTPUT", "WAYS OF FOLLOWING",
                      "SECCOMP", "SIGNALS", "EXIT STATUS", "EXAMPLES", "SEE ALSO"):
            self.assertRegex(self.rendered, r"(?m)^%s$" % title)
        self.assertIn("strace(1), clone(2), ptrace(2), seccomp(2)", self.rendered)


if __name__ == "__main__":
    unittest.main()
