#!/usr/bin/env python3
"""The QMP checks of tests/boot/qmp.sh, against a booting Linux guest.

usage: qmp-client.py SOCKET CONSOLE-FILE
The expected texts are QEMU's (a reference run of Debian's
qemu-system-ppc64 7.2 with the same input).  Prints PASS/FAIL lines;
exits 1 if anything failed.
"""
import json
import re
import socket
import sys
import time

failed = 0


def check(name, ok, detail=""):
    global failed
    print(("PASS " if ok else "FAIL ") + name + ("" if ok else ": " + detail))
    if not ok:
        failed += 1


class Qmp:
    def __init__(self, path):
        self.s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.s.settimeout(60)
        self.s.connect(path)
        self.buf = b""
        self.events = []

    def read(self):
        while b"\n" not in self.buf:
            data = self.s.recv(65536)
            if not data:
                raise EOFError("QMP connection closed")
            self.buf += data
        line, self.buf = self.buf.split(b"\n", 1)
        return json.loads(line)

    def send_raw(self, text):
        self.s.sendall(text.encode() + b"\n")
        while True:
            msg = self.read()
            if "event" in msg:
                self.events.append(msg)
            else:
                return msg

    def cmd(self, name, **args):
        req = {"execute": name}
        if args:
            req["arguments"] = args
        return self.send_raw(json.dumps(req))

    def wait_event(self, name, timeout=60):
        end = time.time() + timeout
        while time.time() < end:
            for i, e in enumerate(self.events):
                if e["event"] == name:
                    return self.events.pop(i)
            self.events.append(self.read())
        return None


def wait_console(path, regex, count=1, timeout=120):
    end = time.time() + timeout
    while time.time() < end:
        with open(path, errors="replace") as f:
            if len(re.findall(regex, f.read())) >= count:
                return True
        time.sleep(0.2)
    return False


def error_is(reply, cls, desc):
    return reply.get("error") == {"class": cls, "desc": desc}


def main():
    q = Qmp(sys.argv[1])
    console = sys.argv[2]
    greeting = q.read()
    check("greeting", set(greeting.get("QMP", {})) == {"version",
          "capabilities"} and "qemu" in greeting["QMP"]["version"],
          str(greeting))
    r = q.cmd("query-status")
    check("a command before negotiation", error_is(r, "CommandNotFound",
          "Expecting capabilities negotiation with 'qmp_capabilities'"),
          str(r))
    check("qmp_capabilities", q.cmd("qmp_capabilities") == {"return": {}})

    check("the guest boots to Run /init", wait_console(console, "Run /init"))
    r = q.send_raw('{"execute": "query-status", "id": "s1"}')
    check("query-status running, id echoed",
          r == {"return": {"status": "running", "singlestep": False,
                           "running": True}, "id": "s1"}, str(r))
    r = q.cmd("query-name")
    check("query-name", r == {"return": {"name": "qmp-test"}}, str(r))
    r = q.cmd("query-cpus-fast")
    check("query-cpus-fast", r["return"][0]["cpu-index"] == 0 and
          r["return"][0]["target"] == "ppc64", str(r))
    r = q.cmd("query-commands")
    names = {c["name"] for c in r["return"]}
    check("query-commands", {"stop", "cont", "quit", "query-status",
          "human-monitor-command"} <= names, str(r))

    # QEMU 7.2's answers (a reference run; machine values this machine's)
    r = q.cmd("query-kvm")
    check("query-kvm", r == {"return": {"enabled": False, "present": False}},
          str(r))
    r = q.cmd("query-machines")
    ms = {m["name"]: m for m in r["return"]}
    check("query-machines", "pseries-2.1" in ms and
          ms["pseries-7.2"].get("is-default") is True and
          ms["pseries-7.2"].get("alias") == "pseries" and
          ms["pseries-7.2"]["default-cpu-type"] == "power9_v2.0-powerpc64-cpu"
          and ms["pseries-2.1"]["default-cpu-type"] ==
          "power7_v2.3-powerpc64-cpu" and
          ms["pseries-2.1"]["default-ram-id"] == "ppc_spapr.ram", str(r))
    r = q.cmd("query-cpu-definitions")
    defs = {d["name"]: d["typename"] for d in r["return"]}
    check("query-cpu-definitions", defs.get("power9") ==
          "power9_v2.0-powerpc64-cpu" and defs.get("power8") ==
          "power8_v2.0-powerpc64-cpu", str(r))
    r = q.cmd("screendump", filename="/nonexistent/x.ppm")
    check("screendump refused", error_is(r, "GenericError",
          "There is no console to take a screendump from"), str(r))
    r = q.cmd("human-monitor-command", **{"command-line": "info pic"})
    check("info pic: the vty's MSI and the EPOW LSI",
          "  1100 MSI " in r["return"] and "  1000 LSI " in r["return"] and
          r["return"].startswith("CPU 0 XIRR="), str(r))
    r = q.cmd("human-monitor-command", **{"command-line": "info mtree"})
    check("info mtree: 1 GiB of RAM",
          "0000000000000000-000000003fffffff (prio 0, ram): ppc_spapr.ram"
          in r["return"], str(r))

    check("stop", q.cmd("stop") == {"return": {}})
    e = q.wait_event("STOP")
    check("STOP event with a timestamp", e is not None and
          set(e["timestamp"]) == {"seconds", "microseconds"}, str(e))
    r = q.cmd("query-status")
    check("query-status paused", r["return"]["status"] == "paused" and
          r["return"]["running"] is False, str(r))
    r = q.cmd("human-monitor-command", **{"command-line": "info status"})
    check("human-monitor-command", r == {"return": "VM status: paused\r\n"},
          str(r))
    check("cont", q.cmd("cont") == {"return": {}})
    check("RESUME event", q.wait_event("RESUME") is not None)

    # bad input: QEMU's classes and texts; the connection stays usable
    r = q.cmd("no-such-command")
    check("CommandNotFound", error_is(r, "CommandNotFound",
          "The command no-such-command has not been found"), str(r))
    r = q.cmd("query-status", bogus=1)
    check("an unexpected argument", error_is(r, "GenericError",
          "Parameter 'bogus' is unexpected"), str(r))
    r = q.cmd("human-monitor-command")
    check("a missing argument", error_is(r, "GenericError",
          "Parameter 'command-line' is missing"), str(r))
    r = q.send_raw("{bad\n}")
    check("malformed JSON", error_is(r, "GenericError",
          "JSON parse error, invalid keyword 'bad'"), str(r))
    r = q.send_raw("[1]")
    check("not an object", error_is(r, "GenericError",
          "QMP input must be a JSON object"), str(r))
    r = q.cmd("query-status")
    check("usable after the errors", r["return"]["status"] == "running",
          str(r))

    check("system_reset", q.cmd("system_reset") == {"return": {}})
    e = q.wait_event("RESET")
    check("RESET event", e is not None and e["data"] == {
          "guest": False, "reason": "host-qmp-system-reset"}, str(e))
    check("the guest boots again", wait_console(console, "Run /init", 2))

    check("quit", q.cmd("quit") == {"return": {}})
    e = q.wait_event("SHUTDOWN")
    check("SHUTDOWN event", e is not None and e["data"] == {
          "guest": False, "reason": "host-qmp-quit"}, str(e))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
