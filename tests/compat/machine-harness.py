#!/usr/bin/env python3
"""Runs one harness line the way QEMU's own Python test harness does.

usage: machine-harness.py --console PATH --wait REGEX --limit SECONDS
                          -- EMULATOR ARGS...

QEMU's functional tests (python/qemu/machine/machine.py) start the
emulator with the QMP monitor on one end of a socketpair, passed as fd 3
(-chardev socket,id=mon,fd=3 -mon chardev=mon,mode=control), and the
console on a listening unix socket that the harness connects to
(-chardev socket,id=console,path=PATH,server=on,wait=off).  They read the
QMP greeting, send qmp_capabilities, wait on the console for the test's
success message (wait_for_console_pattern) and end the machine with QMP
"quit", expecting exit status 0.

This does the same: the console's bytes are copied to stdout; on the
first line matching REGEX it prints "harness: reached at T s" (T from the
emulator's start), sends quit and exits with the emulator's status.
Exit 1 (with a "harness:" line) when the QMP greeting or negotiation is
wrong, the console never shows REGEX within SECONDS, or the emulator ends
before it.
"""
import json
import os
import re
import socket
import subprocess
import sys
import time


def fail(why):
    print("harness: " + why, flush=True)
    return 1


def qmp_read(f):
    while True:
        line = f.readline()
        if not line:
            raise EOFError("QMP connection closed")
        msg = json.loads(line)
        if "event" not in msg:
            return msg


def main(argv):
    try:
        sep = argv.index("--")
    except ValueError:
        print(__doc__, file=sys.stderr)
        return 2
    opts = dict(zip(argv[:sep:2], argv[1:sep:2]))
    emu = argv[sep + 1:]
    path, pattern = opts["--console"], re.compile(opts["--wait"])
    limit = float(opts["--limit"])

    # the emulator's end of the socketpair becomes its fd 3
    ours, theirs = socket.socketpair()
    if ours.fileno() == 3:
        moved = ours.dup()
        ours.close()
        ours = moved
    if theirs.fileno() != 3:
        os.dup2(theirs.fileno(), 3)
        theirs.close()
    start = time.monotonic()
    proc = subprocess.Popen(emu, stdin=subprocess.DEVNULL, pass_fds=(3,))
    os.close(3)
    qmp = ours.makefile("rw")
    try:
        greeting = json.loads(qmp.readline())
        if "QMP" not in greeting:
            return fail("no QMP greeting: %r" % greeting)
        qmp.write('{"execute": "qmp_capabilities"}\n')
        qmp.flush()
        if "return" not in qmp_read(qmp):
            return fail("qmp_capabilities refused")
    except (EOFError, ValueError) as e:
        proc.kill()
        return fail("QMP: %s" % e)

    con = None
    while con is None:
        if time.monotonic() - start > limit or proc.poll() is not None:
            proc.kill()
            return fail("the console socket %s never opened" % path)
        try:
            con = socket.socket(socket.AF_UNIX)
            con.connect(path)
        except OSError:
            con = None
            time.sleep(0.05)

    con.settimeout(0.2)
    text = b""
    while True:
        if time.monotonic() - start > limit:
            proc.kill()
            proc.wait()
            return fail("no console line matching '%s' within %g s"
                        % (pattern.pattern, limit))
        try:
            data = con.recv(65536)
        except socket.timeout:
            continue
        if not data:
            proc.wait()
            return fail("the console closed before '%s' (exit status %s)"
                        % (pattern.pattern, proc.returncode))
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        text += data
        lines = text.split(b"\n")
        text = lines[-1]
        if any(pattern.search(l.decode("utf-8", "replace"))
               for l in lines):
            break
    print("\nharness: reached at %.3f s" % (time.monotonic() - start),
          flush=True)
    try:
        qmp.write('{"execute": "quit"}\n')
        qmp.flush()
    except OSError:
        pass  # it ended on its own (a guest that powers off or panics)
    try:
        return proc.wait(60)
    except subprocess.TimeoutExpired:
        proc.kill()
        return fail("the emulator did not end after quit")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
