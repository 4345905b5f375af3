#!/usr/bin/env python3
"""The QMP checks of tests/boot/qmp.sh.

usage: qmp-client.py SOCKET CONSOLE-FILE
    against a booting Linux guest, on a QMP server socket
usage: qmp-client.py --chardevs SOCKET [hmp]
    prints query-chardev's entries ("qmp {...}", keys sorted) and with
    hmp the lines of HMP info chardev ("hmp ..."), then quit
usage: qmp-client.py --spawn DIR CASE EMULATOR ARGS...
    starts EMULATOR ARGS in DIR with its QMP monitor and a human monitor
    on socketpairs this script keeps the other ends of (-chardev
    socket,id=mon,fd=N -mon chardev=mon,mode=control, and id=hmon for
    the human one), as QEMU's Python machine class and libvirt pass them;
    runs the checks of CASE (fd, block, network, gdbserver,
    qtree), then quit:
    exit status
    0.
The expected texts are QEMU's (a reference run of Debian's
qemu-system-ppc64 7.2 with the same input).  Prints PASS/FAIL lines;
exits 1 if anything failed.
"""
import json
import os
import re
import socket
import subprocess
import sys
import time

failed = 0


def check(name, ok, detail=""):
    global failed
    print(("PASS " if ok else "FAIL ") + name + ("" if ok else ": " + detail))
    if not ok:
        failed += 1


class Qmp:
    def __init__(self, path, sock=None):
        if sock:
            self.s = sock
        else:
            self.s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            self.s.connect(path)
        self.s.settimeout(60)
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

    def cmd(self, command, **args):
        req = {"execute": command}
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


# ---------------------------------------------------------------- --spawn

class Hmp:
    """a human monitor on a socket: the banner, then a prompt a command"""

    def __init__(self, sock):
        self.s = sock
        self.s.settimeout(60)
        self.buf = b""

    def until_prompt(self):
        while b"(qemu) " not in self.buf:
            data = self.s.recv(65536)
            if not data:
                raise EOFError("monitor connection closed")
            self.buf += data
        text, self.buf = self.buf.split(b"(qemu) ", 1)
        return text.decode().replace("\r\n", "\n")

    def raw_until(self, prompts):
        """the bytes up to and with the prompts-th "(qemu) " """
        while self.buf.count(b"(qemu) ") < prompts:
            data = self.s.recv(65536)
            if not data:
                raise EOFError("monitor connection closed")
            self.buf += data
        end = 0
        for _ in range(prompts):
            end = self.buf.index(b"(qemu) ", end) + 7
        out, self.buf = self.buf[:end], self.buf[end:]
        return out

    def cmd(self, line):
        """the answer; the monitor echoes the line as it is typed (with
        cursor moves, QEMU's readline): a first line that ends with the
        command is that echo"""
        self.s.sendall(line.encode() + b"\n")
        text = self.until_prompt()
        first, _, rest = text.partition("\n")
        if re.sub(r"\x1b\[[0-9]*[A-Za-z]", "", first).endswith(line):
            return rest
        return text


def hmp_text(q, line):
    """human-monitor-command's answer, with QEMU's node names masked"""
    r = q.cmd("human-monitor-command", **{"command-line": line})
    text = r.get("return", str(r)).replace("\r\n", "\n")
    # QEMU's floppy0 and sd0 placeholders (powerjit has none)
    text = re.sub(r"\n\n(floppy0|sd0): \[not inserted\]\n    Removable "
                  r"device: not locked, tray closed(?=\n|$)", "", text)
    return re.sub(r"#(block|net)[0-9]+", r"#\1N", text)


def same_text(name, got, want):
    check(name, got == want, "\n--- got\n%s--- want\n%s" % (got, want))


# what qemu-system-ppc64 7.2's monitor on a socket sends back for these
# bytes (a reference run, -S): each byte redraws the line (cursor back,
# the line, clear to its end); CR and LF each end a line
HMP_ECHO = [
    (b"info status\n",
     b"".join(b"\x1b[D" * k + b"info status"[:k + 1] + b"\x1b[K"
              for k in range(11)) +
     b"\r\nVM status: paused (prelaunch)\r\n(qemu) "),
    (b"ab\x7fc\r\n",
     b"a\x1b[K\x1b[Dab\x1b[K\x1b[D\x1b[Da\x1b[K\x1b[Dac\x1b[K\r\n"
     b"unknown command: 'ac'\r\n(qemu) \r\n(qemu) "),
]


def case_fd(q, hmp, cwd):
    """QMP and HMP over the socketpairs, from a -S start"""
    r = q.cmd("query-status")
    check("QMP over fd=: query-status prelaunch",
          r == {"return": {"status": "prelaunch", "singlestep": False,
                           "running": False}}, str(r))
    r = q.cmd("query-chardev")
    got = sorted((c["label"], c["filename"], c["frontend-open"])
                 for c in r["return"])
    check("query-chardev: the socketpairs are unix: and open",
          ("mon", "unix:", True) in got and ("hmon", "unix:", True) in got,
          str(got))
    banner = hmp.until_prompt()
    check("HMP over fd=: the banner",
          banner.endswith("monitor - type 'help' for more information\n"),
          repr(banner))
    for sent, want in HMP_ECHO:
        hmp.s.sendall(sent)
        got = hmp.raw_until(want.count(b"(qemu) "))
        check("HMP over fd=: the echo of %r as QEMU's readline" % sent,
              got == want, "got %r, want %r" % (got, want))
    same_text("HMP over fd=: info status", hmp.cmd("info status"),
              "VM status: paused (prelaunch)\n")
    same_text("HMP over fd=: an unknown command", hmp.cmd("nosuch"),
              "unknown command: 'nosuch'\n")


def gdb_packet(sock, payload):
    """sends $payload#cs, returns the payload of the reply"""
    cs = sum(payload.encode()) & 0xff
    sock.sendall(("$%s#%02x" % (payload, cs)).encode())
    buf = b""
    while not re.search(rb"\$[^#]*#..", buf):
        data = sock.recv(4096)
        if not data:
            raise EOFError("gdbstub connection closed")
        buf += data
    return re.search(rb"\$([^#]*)#", buf).group(1).decode()


def case_gdbserver(q, hmp, cwd):
    """HMP gdbserver: start on a free port, a debugger's stop reply, none
    ends it (QEMU's replies)"""
    hmp.until_prompt()  # the banner
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    dev = "tcp:127.0.0.1:%d" % port
    same_text("gdbserver DEV", hmp.cmd("gdbserver " + dev),
              "Waiting for gdb connection on device '%s'\n" % dev)
    g = socket.create_connection(("127.0.0.1", port), timeout=60)
    stop = gdb_packet(g, "?")
    check("gdbserver: the debugger gets a stop reply", stop.startswith("T05"),
          stop)
    same_text("gdbserver none", hmp.cmd("gdbserver none"),
              "Disabled gdbserver\n")
    try:
        closed = g.recv(4096) in (b"", b"+")
    except OSError:
        closed = True
    check("gdbserver none: the debugger's connection ends", closed)
    g.close()
    same_text("gdbserver none again", hmp.cmd("gdbserver none"),
              "Disabled gdbserver\n")
    same_text("gdbserver DEV again", hmp.cmd("gdbserver " + dev),
              "Waiting for gdb connection on device '%s'\n" % dev)
    text = hmp.cmd("gdbserver bogus:x")
    check("gdbserver on a bad device", text.endswith(
          "Could not open gdbserver on device 'bogus:x'\n"), text)


# qemu-system-ppc64 7.2's info block for the lines qmp.sh gives (node
# names masked; QEMU's floppy0 and sd0 placeholders left out, see
# system/monitor-block.c)
BLOCK_DEFAULT = """scsi0-hd0 (#blockN): raw.img (raw)
    Attached to:      /machine/unattached/device[7]/v-scsi@71000003.0/legacy[0]
    Cache mode:       writeback

scsi0-cd2: [not inserted]
    Attached to:      /machine/unattached/device[7]/v-scsi@71000003.0/legacy[2]
    Removable device: not locked, tray closed
"""
BLOCK_DEVICES = """d0 (#blockN): top.qcow2 (qcow2)
    Attached to:      /machine/peripheral-anon/device[0]
    Cache mode:       writeback
    Backing file:     base.qcow2 (chain depth: 1)

d1 (#blockN): r2.img (raw, read-only)
    Attached to:      /machine/peripheral/vb/virtio-backend
    Cache mode:       writeback

d2 (#blockN): r3.img (raw)
    Attached to:      disk9
    Cache mode:       writeback, direct

r0: r4.img (raw)
    Attached to:      /machine/peripheral-anon/device[1]/virtio-backend
    Cache mode:       writeback
"""


# qemu-system-ppc64 7.2's query-blockstats for the same line (node names
# masked, floppy0 and sd0 left out)
_ZERO_STATS = ('{"unmap_operations": 0, "unmap_merged": 0, '
               '"flush_total_time_ns": 0, "wr_highest_offset": 0, '
               '"wr_total_time_ns": 0, "failed_wr_operations": 0, '
               '"failed_rd_operations": 0, "wr_merged": 0, "wr_bytes": 0, '
               '"timed_stats": [], "failed_unmap_operations": 0, '
               '"failed_flush_operations": 0, "account_invalid": %s, '
               '"rd_total_time_ns": 0, "invalid_unmap_operations": 0, '
               '"flush_operations": 0, "wr_operations": 0, "unmap_bytes": 0, '
               '"rd_merged": 0, "rd_bytes": 0, "unmap_total_time_ns": 0, '
               '"invalid_flush_operations": 0, "account_failed": %s, '
               '"rd_operations": 0, "invalid_wr_operations": 0, '
               '"invalid_rd_operations": 0}')
_DEV_STATS = _ZERO_STATS % ("true", "true")
BLOCKSTATS_DEFAULT = (
    '[{"device": "scsi0-hd0", "parent": {"stats": ' +
    _ZERO_STATS % ("false", "false") + ', "node-name": "#blockN", '
    '"driver-specific": {"discard-bytes-ok": 0, "discard-nb-ok": 0, '
    '"driver": "file", "discard-nb-failed": 0}}, "stats": ' + _DEV_STATS +
    ', "node-name": "#blockN", "qdev": "/machine/unattached/device[7]/'
    'v-scsi@71000003.0/legacy[0]"}, {"device": "scsi0-cd2", "stats": ' +
    _DEV_STATS + ', "qdev": "/machine/unattached/device[7]/'
    'v-scsi@71000003.0/legacy[2]"}]')


def case_block(q, hmp, cwd):
    """info block and query-block (qmp.sh gives the images and lines)"""
    text = hmp_text(q, "info block")
    if text.startswith("d0 ("):
        same_text("info block: qcow2 with a backing file, virtio-blk, "
                  "cache=none, -blockdev", text, BLOCK_DEVICES)
    else:
        same_text("info block: if=scsi and the default CD-ROM", text,
                  BLOCK_DEFAULT)
    r = [b for b in q.cmd("query-block")["return"]
         if b["device"] not in ("floppy0", "sd0")]
    for b in r:
        if "inserted" in b:
            b["inserted"]["node-name"] = re.sub(
                r"#block[0-9]+", "#blockN", b["inserted"]["node-name"])
    if r[0]["device"] == "scsi0-hd0":
        want = [{"io-status": "ok", "device": "scsi0-hd0", "locked": False,
                 "removable": False, "inserted": {
                     "iops_rd": 0, "detect_zeroes": "off", "image": {
                         "virtual-size": 1048576, "filename": "raw.img",
                         "format": "raw", "actual-size":
                         os.stat(os.path.join(cwd, "raw.img")).st_blocks * 512,
                         "dirty-flag": False},
                     "iops_wr": 0, "ro": False, "node-name": "#blockN",
                     "backing_file_depth": 0, "drv": "raw", "iops": 0,
                     "bps_wr": 0, "write_threshold": 0, "encrypted": False,
                     "bps": 0, "bps_rd": 0, "cache": {
                         "no-flush": False, "direct": False,
                         "writeback": True}, "file": "raw.img"},
                 "qdev": "/machine/unattached/device[7]/v-scsi@71000003.0/"
                         "legacy[0]", "type": "unknown"},
                {"io-status": "ok", "device": "scsi0-cd2", "locked": False,
                 "removable": True, "qdev": "/machine/unattached/device[7]/"
                 "v-scsi@71000003.0/legacy[2]", "tray_open": False,
                 "type": "unknown"}]
        check("query-block: if=scsi and the empty CD-ROM", r == want,
              json.dumps(r))
        r = [b for b in q.cmd("query-blockstats")["return"]
             if b["device"] not in ("floppy0", "sd0")]
        for b in r:
            for n in (b, b.get("parent", {})):
                if "node-name" in n:
                    n["node-name"] = "#blockN"
        got = json.dumps(r)
        check("query-blockstats: QEMU's members in QEMU's order, nothing "
              "counted before the guest runs", got == BLOCKSTATS_DEFAULT,
              "\n--- got\n%s\n--- want\n%s" % (got, BLOCKSTATS_DEFAULT))
        return
    size = {f: os.stat(os.path.join(cwd, f)).st_blocks * 512
            for f in ("top.qcow2", "base.qcow2")}
    fmt = {"type": "qcow2", "data": {
        "compat": "1.1", "compression-type": "zlib", "lazy-refcounts": False,
        "refcount-bits": 16, "corrupt": False, "extended-l2": False}}
    image = {"backing-image": {
        "virtual-size": 2097152, "filename": "base.qcow2",
        "cluster-size": 65536, "format": "qcow2",
        "actual-size": size["base.qcow2"], "format-specific": fmt,
        "dirty-flag": False},
        "backing-filename-format": "qcow2", "virtual-size": 2097152,
        "filename": "top.qcow2", "cluster-size": 65536, "format": "qcow2",
        "actual-size": size["top.qcow2"], "format-specific": fmt,
        "full-backing-filename": "base.qcow2",
        "backing-filename": "base.qcow2", "dirty-flag": False}
    d0 = r[0]
    check("query-block: the qcow2 image, its backing image, in QEMU's "
          "member order", d0["device"] == "d0" and
          json.dumps(d0["inserted"]["image"]) == json.dumps(image) and
          d0["inserted"]["backing_file"] == "base.qcow2" and
          d0["inserted"]["backing_file_depth"] == 1 and
          d0["qdev"] == "/machine/peripheral-anon/device[0]",
          json.dumps(d0))
    by = {b["device"] or b["inserted"]["node-name"]: b for b in r}
    check("query-block: read-only, cache=none, a -blockdev node",
          by["d1"]["inserted"]["ro"] is True and
          by["d2"]["inserted"]["cache"] == {"no-flush": False,
                                            "direct": True,
                                            "writeback": True} and
          by["r0"]["device"] == "" and
          by["r0"]["qdev"] ==
          "/machine/peripheral-anon/device[1]/virtio-backend", json.dumps(r))


# qemu-system-ppc64 7.2's info network for qmp.sh's line (node names
# masked)
NETWORK = """virtio-net-pci.0: index=0,type=nic,model=virtio-net-pci,macaddr=52:54:00:12:34:56
 \\ #netN: index=0,type=user,net=10.0.2.0,restrict=off
vn: index=0,type=nic,model=virtio-net-pci,macaddr=52:54:00:aa:bb:cc
 \\ n0: index=0,type=user,net=192.168.76.0,restrict=on
l-lan@71000003: index=0,type=nic,model=spapr-vlan,macaddr=52:54:00:12:34:57
 \\ s0: index=0,type=socket,
l-lan@71000004: index=0,type=nic,model=spapr-vlan,macaddr=52:54:00:12:34:58
 \\ s1: index=0,type=socket,socket: udp=127.0.0.1:{UDP}
"""
NETWORK_HUB = """hub 0
 \\ hub0port1: #netN: index=0,type=user,net=10.0.2.0,restrict=off
 \\ hub0port0: l-lan@71000002: index=0,type=nic,model=spapr-vlan,macaddr=52:54:00:12:34:56
un: index=0,type=user,net=10.0.2.0,restrict=off
virtio-net-pci.0: index=0,type=nic,model=virtio-net-pci,macaddr=52:54:00:12:34:57
 \\ s2: index=0,type=socket,socket: udp=127.0.0.1:{UDP}
"""


# -nic user,model=spapr-vlan -net nic,model=spapr-vlan -net user
# -nic user,model=virtio-net-pci -device spapr-vlan,netdev=n9
# -netdev user,id=n9: QEMU gives the -nic NICs the first default MACs and
# addresses, then the -net nic ones, then -device's
NETWORK_MIXED = """hub 0
 \\ hub0port1: #netN: index=0,type=user,net=10.0.2.0,restrict=off
 \\ hub0port0: l-lan@71000003: index=0,type=nic,model=spapr-vlan,macaddr=52:54:00:12:34:58
l-lan@71000002: index=0,type=nic,model=spapr-vlan,macaddr=52:54:00:12:34:56
 \\ #netN: index=0,type=user,net=10.0.2.0,restrict=off
virtio-net-pci.0: index=0,type=nic,model=virtio-net-pci,macaddr=52:54:00:12:34:57
 \\ #netN: index=0,type=user,net=10.0.2.0,restrict=off
l-lan@71000005: index=0,type=nic,model=spapr-vlan,macaddr=52:54:00:12:34:59
 \\ n9: index=0,type=user,net=10.0.2.0,restrict=off
"""


def case_network_mixed(q, hmp, cwd):
    same_text("info network: -nic before -net nic before -device, as "
              "QEMU orders their MACs", hmp_text(q, "info network"),
              NETWORK_MIXED)


def case_network(q, hmp, cwd):
    """(the udp= port in the line is $UDP_PORT)"""
    text = hmp_text(q, "info network")
    port = os.environ.get("UDP_PORT", "")
    if text.startswith("hub"):
        same_text("info network: hub 0 of -net, an unused -netdev, udp", text, NETWORK_HUB.replace("{UDP}", port))
    else:
        same_text("info network: -nic, user, socket listen and udp, on "
                  "virtio-net-pci and spapr-vlan", text,
                  NETWORK.replace("{UDP}", port))
        case_rx_filter(q)


def rx_filter_want(name, mac):
    """QEMU 7.2's query-rx-filter entry for a virtio-net-pci before its
    driver narrows the filter (a reference run, -S)"""
    return {"promiscuous": True, "name": name, "main-mac": mac,
            "unicast": "normal", "vlan": "all",
            "vlan-table": list(range(4095, -1, -1)), "unicast-table": [],
            "multicast": "normal", "multicast-overflow": False,
            "unicast-overflow": False, "multicast-table": [],
            "broadcast-allowed": False}


def case_rx_filter(q):
    """query-rx-filter on case_network's first line: the virtio-net NICs
    (spapr-vlan has no filter to report), one by name, QEMU's errors"""
    r = q.cmd("query-rx-filter")
    want = [rx_filter_want("virtio-net-pci.0", "52:54:00:12:34:56"),
            rx_filter_want("vn", "52:54:00:aa:bb:cc")]
    check("query-rx-filter: the virtio-net NICs, QEMU's members",
          json.dumps(r.get("return")) == json.dumps(want), str(r)[:400])
    r = q.cmd("query-rx-filter", name="vn")
    check("query-rx-filter name=vn", r.get("return") == want[1:],
          str(r)[:400])
    for name, desc in (("l-lan@71000003", "net client(l-lan@71000003) "
                        "doesn't support rx-filter querying"),
                       ("n0", "net client(n0) isn't a NIC"),
                       ("nosuch", "invalid net client name: nosuch")):
        r = q.cmd("query-rx-filter", name=name)
        check("query-rx-filter name=%s: QEMU's error" % name,
              error_is(r, "GenericError", desc), str(r))


# qemu-system-ppc64 7.2's info qtree for qmp.sh's line, the lines that
# say which device is which (powerjit shows only those: see
# system/monitor-qtree.c); QEMU's spapr-xive is not a device here
QTREE = """bus: main-system-bus
  type System
  dev: spapr-pci-host-bridge, id ""
    index = 0 (0x0)
    bus: pci.0
      type PCI
  dev: spapr-vio-bridge, id ""
    bus: spapr-vio
      type spapr-vio-bus
      dev: spapr-vlan, id "vl"
        reg = 1895825413 (0x71000005)
        mac = "52:54:00:00:00:07"
        netdev = "n1"
      dev: spapr-vscsi, id "s1"
        reg = 1895825412 (0x71000004)
        bus: s1.0
          type SCSI
          dev: scsi-hd, id ""
            drive = "d5"
            channel = 0 (0x0)
            scsi-id = 1 (0x1)
            lun = 0 (0x0)
          dev: scsi-hd, id ""
            drive = "d4"
            channel = 0 (0x0)
            scsi-id = 0 (0x0)
            lun = 0 (0x0)
          dev: scsi-hd, id ""
            drive = "d3"
            channel = 0 (0x0)
            scsi-id = 3 (0x3)
            lun = 0 (0x0)
      dev: spapr-vty, id "vty@71000003"
        reg = 1895825411 (0x71000003)
        chardev = "c1"
      dev: spapr-vscsi, id "v-scsi@71000002"
        reg = 1895825410 (0x71000002)
        bus: v-scsi@71000002.0
          type SCSI
          dev: scsi-hd, id ""
            drive = "scsi0-hd0"
            channel = 0 (0x0)
            scsi-id = 0 (0x0)
            lun = 0 (0x0)
      dev: spapr-nvram, id "nvram@71000001"
        reg = 1895825409 (0x71000001)
        drive = ""
      dev: spapr-vty, id "vty@71000000"
        reg = 1895825408 (0x71000000)
        chardev = "serial0"
"""
QTREE_KEEP = re.compile(r"^\s*(bus:|type |dev:|addr =|reg =|chardev =|"
                        r"drive =|mac =|netdev =|class |scsi-id =|"
                        r"channel =|lun =|index =)")


def case_qtree(q, hmp, cwd):
    text = hmp_text(q, "info qtree")
    lines = [l for l in text.splitlines()
             if QTREE_KEEP.match(l) and "spapr-xive" not in l]
    same_text("info qtree: the PHB, the VIO bus, vtys, v-scsi adapters "
              "and their units, an l-lan", "\n".join(lines) + "\n", QTREE)


def spawn(argv):
    cwd, case, emu = argv[0], argv[1], argv[2:]
    qa, qb = socket.socketpair()
    ha, hb = socket.socketpair()
    cmd = emu + ["-chardev", "socket,id=mon,fd=%d" % qb.fileno(),
                 "-mon", "chardev=mon,mode=control",
                 "-chardev", "socket,id=hmon,fd=%d" % hb.fileno(),
                 "-mon", "chardev=hmon"]
    p = subprocess.Popen(cmd, cwd=cwd, pass_fds=[qb.fileno(), hb.fileno()],
                         stdin=subprocess.DEVNULL)
    qb.close()
    hb.close()
    q, hmp = Qmp(None, qa), Hmp(ha)
    try:
        greeting = q.read()
        check("QMP over fd=: the greeting", "QMP" in greeting,
              str(greeting))
        check("QMP over fd=: qmp_capabilities",
              q.cmd("qmp_capabilities") == {"return": {}})
        {"fd": case_fd, "block": case_block, "network": case_network,
         "network-mixed": case_network_mixed,
         "gdbserver": case_gdbserver, "qtree": case_qtree}[case](q, hmp,
                                                                cwd)
        check("quit", q.cmd("quit") == {"return": {}})
    except Exception as e:  # the emulator must not outlive a broken check
        check("the QMP session (" + case + ")", False, repr(e))
        p.kill()
    try:
        rc = p.wait(60)
    except subprocess.TimeoutExpired:
        p.kill()
        rc = p.wait()
    check("exit status 0 after quit (" + case + ")", rc == 0, str(rc))
    return 1 if failed else 0


def list_chardevs(path, with_hmp):
    q = Qmp(path)
    q.read()
    q.cmd("qmp_capabilities")
    for c in q.cmd("query-chardev")["return"]:
        print("qmp", json.dumps(c, sort_keys=True))
    if with_hmp:
        r = q.cmd("human-monitor-command",
                  **{"command-line": "info chardev"})["return"]
        for line in r.splitlines():
            print("hmp", line)
    q.cmd("quit")
    return 0


if __name__ == "__main__":
    if sys.argv[1] == "--chardevs":
        sys.exit(list_chardevs(sys.argv[2], sys.argv[3:] == ["hmp"]))
    if sys.argv[1] == "--spawn":
        sys.exit(spawn(sys.argv[2:]))
    sys.exit(main())
