#!/bin/bash
# A second console (issue 10): -chardev socket,path=S,server=on,wait=off
# -device spapr-vty,chardev=... gives the guest hvc1; the test connects to
# the unix socket S as a client (perl's IO::Socket::UNIX, part of Debian's
# perl-base), types a line into hvc1, and reads the guest's answer back
# through the socket.  A third console from a second -serial (the first
# is the console, mon:stdio as -nographic would make it)
# (file:F) gets what the guest writes to it.
# Exit status: 0 pass, 1 fail, 77 skipped (no guest, no perl).
set -u
cd "$(dirname "$0")/../.."
. tests/boot/console.bash
command -v perl >/dev/null || { echo "no perl"; exit 77; }
boot_test_setup

sock=$CON_TMP/vty.sock
guest_cmdline console=hvc0 -serial mon:stdio -serial "file:$CON_TMP/serial1.txt" \
    -chardev "socket,id=vty1,path=$sock,server=on,wait=off" \
    -device spapr-vty,chardev=vty1
echo "command: ${EMU[*]}"
console_start "$CON_TMP/console" "${EMU[@]}"
boot_to_shell vty || exit 1

console_run 'ls /dev/hvc1 /dev/hvc2'
if [ "$CON_RC" = 0 ]; then
    pass "the guest has /dev/hvc1 and /dev/hvc2"
else
    fail "no /dev/hvc1 or /dev/hvc2: '$CON_OUT'"
fi

# which of hvc1/hvc2 is the file and which the socket is the guest's probe
# order: write to both, answer on both
console_run 'echo "hello from hvc1" >/dev/hvc1; echo "hello from hvc1" >/dev/hvc2'
for i in $(seq 50); do
    grep -q 'hello from hvc1' "$CON_TMP/serial1.txt" 2>/dev/null && break
    sleep 0.1
done
if grep -q 'hello from hvc1' "$CON_TMP/serial1.txt" 2>/dev/null; then
    pass "-serial file: got the guest's line"
else
    fail "-serial file: '$(cat "$CON_TMP/serial1.txt" 2>/dev/null)'"
fi

for t in hvc1 hvc2; do
    console_type "sh -c 'stty raw -echo; read -r l; echo \"guest got <\$l>\"' </dev/$t >/dev/$t 2>&1 &"$'\r'
done
sleep 1
answer=$(perl -MIO::Socket::UNIX -e '
    my $s = IO::Socket::UNIX->new(Peer => $ARGV[0]) or die "connect: $!\n";
    $s->autoflush(1);
    print $s "typed 42 over the socket\n";
    my $got = "";
    local $SIG{ALRM} = sub { print $got; exit 0 };
    alarm 20;
    while (sysread($s, my $buf, 4096)) {
        $got .= $buf;
        if ($got =~ /guest got <[^>]*>/) { print $&; exit 0 }
    }
    print $got;' "$sock" 2>&1)
if [ "$answer" = "guest got <typed 42 over the socket>" ]; then
    pass "a vty on a unix socket: $answer"
else
    fail "a vty on a unix socket: got '$answer'"
    console_dump 10
fi
console_run 'poweroff -f'
console_exit 30
[ "$CHECK_FAILED" = 0 ]
