#!/bin/bash
# virtio-serial-pci (issue 14): a virtconsole on a unix socket and a named
# virtserialport on a file.
#  1. virtio_console loads and the console port is /dev/hvc1 (hvc0 is the
#     spapr vty), the named port /dev/vport*p* with name org.powerjit.test;
#  2. a line the guest writes to the named port is in the host file;
#  3. a line typed into the socket reaches a reader on /dev/hvc1, whose
#     answer comes back over the socket.
# BOOT_EMULATOR=qemu runs the same checks on QEMU.
# Exit status: 0 pass, 1 fail, 77 skipped (no guest, no perl).
set -u
cd "$(dirname "$0")/../.."
. tests/boot/console.bash
command -v perl >/dev/null || { echo "no perl"; exit 77; }
boot_test_setup

sock=$CON_TMP/con.sock
guest_cmdline console=hvc0 -vga none -device virtio-serial-pci,id=vser0 \
    -chardev "socket,id=c1,path=$sock,server=on,wait=off" \
    -device virtconsole,chardev=c1 \
    -chardev "file,id=c2,path=$CON_TMP/port.txt" \
    -device virtserialport,chardev=c2,bus=vser0.0,name=org.powerjit.test
echo "command: ${EMU[*]}"
console_start "$CON_TMP/console" "${EMU[@]}"
boot_to_shell serial || exit 1

console_run 'dmesg -n 1; cd /lib/modules/*; for m in virtio_ring virtio virtio_pci_modern_dev virtio_pci_legacy_dev virtio_pci virtio_console; do insmod ./$m.ko || echo "insmod $m failed"; done; cd /' 60
if [ "$CON_RC" = 0 ] && [ -z "$CON_OUT" ]; then
    pass "virtio_console loads"
else
    fail "insmod: status '$CON_RC', '$CON_OUT'"
fi

# the ports appear once the driver has had its answers
console_run 'for i in $(seq 100); do [ -e /dev/hvc1 ] && ls /sys/class/virtio-ports/*/name >/dev/null 2>&1 && break; sleep 0.1; done; ls /dev/hvc1; cat /sys/class/virtio-ports/*/name' 60
if grep -q '^/dev/hvc1$' <<<"$CON_OUT" && grep -q '^org.powerjit.test$' <<<"$CON_OUT"; then
    pass "the console port is /dev/hvc1, the named port is org.powerjit.test"
else
    fail "ports: '$CON_OUT'"
    console_dump 20
fi

console_run 'for p in /sys/class/virtio-ports/*; do [ "$(cat $p/name)" = org.powerjit.test ] && echo "hello over virtio-serial" >/dev/${p##*/}; done; echo done' 30
for i in $(seq 100); do
    grep -q 'hello over virtio-serial' "$CON_TMP/port.txt" 2>/dev/null && break
    sleep 0.1
done
if grep -q 'hello over virtio-serial' "$CON_TMP/port.txt" 2>/dev/null; then
    pass "virtserialport: the guest's line is in the host file"
else
    fail "virtserialport: '$(cat "$CON_TMP/port.txt" 2>/dev/null)'"
fi

# connect first (output with no client is dropped), then start the reader
perl -MIO::Socket::UNIX -e '
    my $s = IO::Socket::UNIX->new(Peer => $ARGV[0]) or die "connect: $!\n";
    $s->autoflush(1);
    open(my $c, ">", $ARGV[1]) or die; close($c);
    my $got = "";
    local $SIG{ALRM} = sub { print $got; exit 0 };
    alarm 90;
    my $sent = 0;
    while (sysread($s, my $buf, 4096)) {
        $got .= $buf;
        if (!$sent && $got =~ /ready/) { print $s "typed over virtconsole\n"; $sent = 1 }
        if ($got =~ /guest got <[^>]*>/) { print $&; exit 0 }
    }
    print $got;' "$sock" "$CON_TMP/connected" >"$CON_TMP/answer" 2>&1 &
perl_pid=$!
for i in $(seq 300); do
    [ -e "$CON_TMP/connected" ] && break
    sleep 0.1
done
console_type "sh -c 'stty raw -echo; echo ready >/dev/hvc1; read -r l; echo \"guest got <\$l>\"' </dev/hvc1 >/dev/hvc1 2>&1 &"$'\r'
wait "$perl_pid"
answer=$(cat "$CON_TMP/answer")
if [ "$answer" = "guest got <typed over virtconsole>" ]; then
    pass "virtconsole on a unix socket: $answer"
else
    fail "virtconsole on a unix socket: got '$answer'"
    console_dump 10
fi
console_run 'poweroff -f'
console_exit 30
[ "$CHECK_FAILED" = 0 ]
