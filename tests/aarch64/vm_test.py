"""The whole tracer on a real arm64 kernel: boots Debian's arm64 kernel under
qemu-system-aarch64 (TCG) with an initramfs holding the arm64 clonetrace, its
shared libraries, the fixtures and a static busybox, traces each fixture there
with --json, and compares with the same fixtures traced here: the same
creations (calls, flags, exit signals, kinds, outcomes), tids that are the
children's, and the same exit codes.

usage: vm_test.py WORK_DIR ARM64_BUILD_DIR HOST_BUILD_DIR
The kernel and busybox come from Debian's arm64 packages (apt-get download),
kept in WORK_DIR between runs.
"""
import collections
import glob
import gzip
import io
import json
import os
import re
import shutil
import subprocess
import sys
import time

# The fixtures that run the same on both ABIs (no inline x86 code), each with its arguments.
FIXTURES = [("fx_pthread",), ("fx_fork",), ("fx_vfork",), ("fx_posix_spawn",), ("fx_clone3_sizes",),
            ("fx_clone3_fail",), ("fx_exit_signal",), ("fx_killed",), ("fx_exec_thread",),
            ("fx_chain", "5"), ("fx_clone3_garbage",), ("fx_grandchild_thread",), ("fx_clone_parent",)]
PACKAGES = ["linux-image-arm64:arm64", "busybox-static:arm64"]
LIB_DIRS = ["/usr/lib/aarch64-linux-gnu", "/lib/aarch64-linux-gnu"]
LOADER = "/lib/ld-linux-aarch64.so.1"
BOOT_TIMEOUT = 1200  # seconds for the whole VM run under TCG
# What differs between the two runs and why. The call is not compared: the
# generic syscall table has no fork or vfork, and Debian 12's glibc makes
# threads and posix_spawn children with clone on arm64, clone3 on x86_64;
# what is compared is what the call asks for (flags, exit signal) and makes.
# arm64's vfork() is clone(CLONE_VM|CLONE_VFORK, stack = the caller's sp):
# clonetrace tells it from posix_spawn's clone onto a stack of its own by
# that stack, and reports a vfork child as on x86_64.

INIT = """#!/bin/busybox sh
/bin/busybox --install -s /bin
mkdir -p /proc /sys /tmp /dev
mount -t proc proc /proc
mount -t devtmpfs dev /dev
cd /tmp
while read -r fx args; do
    /clonetrace --json=/tmp/$fx.jsonl -o /tmp/$fx.txt -- /fixtures/$fx $args >/tmp/$fx.out 2>&1
    echo "CTVM exit $fx $?"
    sed "s/^/CTVM json $fx /" /tmp/$fx.jsonl
done < /fixtures.list
echo "CTVM done"
poweroff -f
"""


def fetch_debs(work):
    """The kernel image and busybox, unpacked under WORK/root."""
    root = os.path.join(work, "root")
    if glob.glob(os.path.join(root, "boot", "vmlinuz-*")) and os.path.exists(os.path.join(root, "bin", "busybox")):
        return root
    debs = os.path.join(work, "debs")
    os.makedirs(debs, exist_ok=True)
    kernel = subprocess.run(["apt-cache", "depends", PACKAGES[0]], capture_output=True, text=True, check=True)
    image = re.search(r"Depends: (linux-image-\S+)", kernel.stdout).group(1)
    subprocess.run(["apt-get", "download", image, PACKAGES[1]], cwd=debs, check=True, capture_output=True)
    for deb in glob.glob(os.path.join(debs, "*.deb")):
        subprocess.run(["dpkg-deb", "-x", deb, root], check=True)
    return root


def needed_libs(elf):
    out = subprocess.run(["readelf", "-d", elf], capture_output=True, text=True, check=True).stdout
    return re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", out)


def library_closure(elfs):
    """Every shared library the ELF files load, by name -> host path."""
    found, todo = {}, list(elfs)
    while todo:
        for name in needed_libs(todo.pop()):
            if name in found:
                continue
            path = next((os.path.join(d, name) for d in LIB_DIRS if os.path.exists(os.path.join(d, name))), None)
            if path is None:
                raise SystemExit("vm_test: no arm64 %s on this host" % name)
            found[name] = os.path.realpath(path)
            todo.append(found[name])
    return found


class Cpio:
    """A gzipped newc cpio archive: what the kernel unpacks as its initramfs."""

    def __init__(self):
        self.out = io.BytesIO()
        self.ino = 1

    def _entry(self, name, mode, data=b""):
        fields = [self.ino, mode, 0, 0, 1, 0, len(data), 0, 0, 0, 0, len(name) + 1, 0]
        self.ino += 1
        head = b"070701" + b"".join(b"%08X" % f for f in fields) + name.encode() + b"\0"
        self.out.write(head + b"\0" * (-len(head) % 4) + data + b"\0" * (-len(data) % 4))

    def dir(self, name):
        self._entry(name, 0o040755)

    def file(self, name, data, mode=0o100755):
        self._entry(name, mode, data)

    def path(self, name, host_path):
        with open(host_path, "rb") as f:
            self.file(name, f.read())

    def close(self):
        self._entry("TRAILER!!!", 0)
        return gzip.compress(self.out.getvalue(), 6)


def initramfs(root, arm64_build):
    clonetrace = os.path.join(arm64_build, "clonetrace")
    fixtures = [os.path.join(arm64_build, "fixtures", f[0]) for f in FIXTURES]
    cpio = Cpio()
    for d in ("bin", "sbin", "lib", "usr", "usr/bin", "usr/sbin", "usr/lib", "usr/lib/aarch64-linux-gnu",
              "fixtures", "proc", "sys", "dev", "tmp"):
        cpio.dir(d)
    cpio.file("init", INIT.encode())
    cpio.path("bin/busybox", os.path.join(root, "bin", "busybox"))
    cpio.path("clonetrace", clonetrace)
    for f in fixtures:
        cpio.path("fixtures/" + os.path.basename(f), f)
    cpio.file("fixtures.list", "".join(" ".join(f) + "\n" for f in FIXTURES).encode(), 0o100644)
    cpio.path(LOADER.lstrip("/"), os.path.realpath(LOADER))
    for name, path in library_closure([clonetrace, *fixtures]).items():
        cpio.path("usr/lib/aarch64-linux-gnu/" + name, path)
    return cpio.close()


def boot(root, image, work):
    kernel = glob.glob(os.path.join(root, "boot", "vmlinuz-*"))[0]
    initrd = os.path.join(work, "initramfs.cpio.gz")
    with open(initrd, "wb") as f:
        f.write(image)
    cmd = ["qemu-system-aarch64", "-M", "virt", "-cpu", "max", "-smp", "2", "-m", "1024", "-accel", "tcg,thread=multi",
           "-nographic", "-no-reboot", "-nic", "none", "-kernel", kernel, "-initrd", initrd,
           "-append", "console=ttyAMA0 quiet loglevel=0 panic=-1 rdinit=/init"]
    start = time.monotonic()
    run = subprocess.run(cmd, capture_output=True, timeout=BOOT_TIMEOUT)
    console = run.stdout.decode(errors="replace").replace("\r", "")
    with open(os.path.join(work, "console.log"), "w") as f:
        f.write(console)
    print("vm_test: the VM ran %.0f s" % (time.monotonic() - start))
    return console


def parse_console(console):
    exits, events = {}, collections.defaultdict(list)
    for line in console.splitlines():
        m = re.match(r"CTVM exit (\S+) (\d+)$", line)
        if m:
            exits[m.group(1)] = int(m.group(2))
        m = re.match(r"CTVM json (\S+) (\{.*\})$", line)
        if m:
            events[m.group(1)].append(json.loads(m.group(2)))
    if "CTVM done" not in console:
        raise SystemExit("vm_test: the VM did not finish; its console:\n" + console[-4000:])
    return exits, events


def trace_here(host_build, fx):
    out = os.path.join(host_build, "aarch64-vm-host.jsonl")
    run = subprocess.run([os.path.join(host_build, "clonetrace"), "--json=" + out, "-o", "/dev/null", "--",
                          os.path.join(host_build, "fixtures", fx[0]), *fx[1:]],
                         capture_output=True, timeout=120)
    with open(out) as f:
        return run.returncode, [json.loads(line) for line in f]


def creations(events):
    """What each creation asked for, what it made and how it ended, ABI aside."""
    return collections.Counter((tuple(sorted(e.get("flags", []))), e.get("exit_signal"),
                                (e.get("child") or {}).get("kind"), e["outcome"])
                               for e in events if e["event"] == "create")


def check_tids(fx, events):
    """Each created child is a task the trace saw born with that tid; every call is aarch64's."""
    problems = []
    born = {e["tid"] for e in events if e["event"] == "task_start" and e["reason"] == "born"}
    for e in events:
        if e["event"] != "create":
            continue
        if e["arch"] != "aarch64":
            problems.append("%s: arch %s" % (fx, e["arch"]))
        child = e.get("child")
        if child and (child["tid"] not in born or e["result"] != child["tid"]):
            problems.append("%s: result %s, child %s" % (fx, e["result"], child))
    return problems


def main():
    work, arm64_build, host_build = sys.argv[1:4]
    os.makedirs(work, exist_ok=True)
    root = fetch_debs(work)
    exits, events = parse_console(boot(root, initramfs(root, arm64_build), work))
    problems = []
    for fx in FIXTURES:
        name = fx[0]
        here_exit, here_events = trace_here(host_build, fx)
        if exits.get(name) != here_exit:
            problems.append("%s: exit %s on aarch64, %s on x86_64" % (name, exits.get(name), here_exit))
        there, here = creations(events[name]), creations(here_events)
        if there != here:
            problems.append("%s: creations differ\n  aarch64 only: %s\n  x86_64 only: %s"
                            % (name, dict(there - here), dict(here - there)))
        if not there:
            problems.append("%s: no creation seen on aarch64" % name)
        problems += check_tids(name, events[name])
        print("vm_test: %s: %d creations, exit %s" % (name, sum(there.values()), exits.get(name)))
    for p in problems:
        print("FAIL " + p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
