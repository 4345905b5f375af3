#!/usr/bin/env python3
"""A minimal GDB remote-protocol client for tests/boot/gdbstub.sh: the
packets gdb-multiarch's batch mode cannot send on cue (Ctrl-C into a
running guest) and the replies it does not show (qSupported, errors).

usage: gdb-rsp.py ADDRESS SCRIPT
ADDRESS is HOST:PORT or a unix socket path.  SCRIPT is one step a line:
    send PACKET          send $PACKET#xx, read the reply (not for c, k)
    cont                 send $c#xx and read the stop reply
    expect REGEX         the last reply must match REGEX (re.fullmatch)
    sleep SECONDS
    break                send a bare 0x03 and read the stop reply
    print                print the last reply
Exits 0 if every expect matched, else prints what did not and exits 1.
"""
import re
import socket
import sys
import time


def connect(addr):
    if ":" in addr:
        host, port = addr.rsplit(":", 1)
        s = socket.create_connection((host, int(port)), timeout=30)
    else:
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(30)
        s.connect(addr)
    return s


class Rsp:
    def __init__(self, sock):
        self.s = sock
        self.buf = b""

    def byte(self):
        while not self.buf:
            data = self.s.recv(4096)
            if not data:
                raise EOFError("connection closed")
            self.buf += data
        c, self.buf = self.buf[:1], self.buf[1:]
        return c

    def reply(self):
        while self.byte() != b"$":
            pass
        body = b""
        while True:
            c = self.byte()
            if c == b"#":
                break
            body += c
        csum = self.byte() + self.byte()
        if int(csum, 16) != sum(body) % 256:
            raise ValueError("bad checksum on %r" % body)
        self.s.sendall(b"+")
        return body.decode("latin-1")

    def send(self, packet, want_reply=True):
        data = packet.encode("latin-1")
        self.s.sendall(b"$%s#%02x" % (data, sum(data) % 256))
        return self.reply() if want_reply else None


def main():
    addr, script = sys.argv[1], sys.argv[2]
    rsp = Rsp(connect(addr))
    last, failed = "", 0
    for line in open(script):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        op, _, arg = line.partition(" ")
        if op == "send":
            # c and k have no reply until the guest stops (or never)
            last = rsp.send(arg, want_reply=arg not in ("c", "k"))
        elif op == "cont":
            rsp.send("c", want_reply=False)
            last = rsp.reply()
        elif op == "break":
            rsp.s.sendall(b"\x03")
            last = rsp.reply()
        elif op == "sleep":
            time.sleep(float(arg))
        elif op == "print":
            print(last)
        elif op == "expect":
            if not re.fullmatch(arg, last):
                print("gdb-rsp: got %r, want %r" % (last[:200], arg))
                failed += 1
        else:
            raise SystemExit("gdb-rsp: bad step %r" % line)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
