#!/bin/bash
# Real-program benchmark: Debian 12's own ppc64el programs in a Linux guest,
# under powerjit and under Debian's qemu-system-ppc64, side by side.
#
# The guest image: Debian's ppc64el kernel and busybox (scripts/fetch-guest)
# and an initramfs with these packages unpacked by `apt-get download` +
# `dpkg -x` (nothing is installed on the host): perl, python3.11 with its
# standard library, gcc-12 with binutils and libc6-dev, xz-utils, sqlite3
# and their libraries (the PKGS list below).  Documentation is left out and
# the Python standard library is byte-compiled on the host (the host's
# Python must be 3.11, else the guest compiles it on first use, outside the
# timed steps).  Cached in ${XDG_CACHE_HOME:-$HOME/.cache}/powerjit/progs,
# keyed by the package file names (name_version_arch), this script and the
# sources it puts in the image; an uncompressed cpio (about 200 MB, so -m
# 2G), which the kernel unpacks without a decompressor.
#
# The guest's /init runs a fixed script and powers off.  Each step prints
# "pjprog: step NAME UPTIME" before it starts (the guest's /proc/uptime, so
# the times are the guest's own) and "pjprog: ans NAME VALUE" with a digest
# of what it computed; the answers of powerjit must equal QEMU's (the
# reference run) or the run counts as failed.  The steps:
#   py-start   python3.11 -c pass, 5 times (interpreter start-up, site)
#   python     a pure-Python program generating test data (random, dicts,
#              string formatting, json, sorting, re)
#   perl       a perl script: regexes, hashes, sort, sprintf, float sums
#   gcc        gcc-12 -O2 compiling three C files and linking them, then
#              the program runs
#   fork       200 fork/exec of busybox true, 50 of the dynamic xz -V
#              (busybox's sh runs its own applets first: Debian's programs
#              are called by their full path)
#   xz         xz -6 | xz -d of a 1.3 MB text
#   sqlite     sqlite3: 60000 rows inserted, indexed, grouped, joined
#   copy-int   tests/bench/copyloops.c int: the kernel's integer copy
#              pattern over every size 0..520 and alignment, and blocks
#   copy-vmx   the same with the VMX pattern (lvx/stvx, lvsr+vperm)
#   copy-user  pread(2) into buffers of every alignment: the kernel's own
#              copy_tofrom_user
#   intloop    a C register-only loop (xorshift, multiply, branch)
# Printed per step: the guest time under powerjit and QEMU (median over the
# runs), the ratio powerjit/QEMU (below 1 = powerjit faster; the goal is
# 0.67), and with perf installed (and allowed), where powerjit's host time
# went during that step, from `perf record` of the timed run with -perfmap
# (the JIT's code named in /tmp/perf-PID.map): generated code, translation
# (translator, optimizer, liveness, register allocation, code emission),
# TLB fills and page walks, flushes and invalidation, helpers, the exec
# loop (TB lookup, chaining), the machine (hcalls, devices), the host
# kernel (page faults and zeroing, madvise, system calls) and the rest
# (libc, glib).  The split is by the sampled function's source file (nm -l
# of the binary, from the first top folder of the source tree in its path),
# a few names, and the kernel's samples by their DSO.
#
#   scripts/bench-progs.sh [-n N] [--no-qemu] [--no-perf] [--only-image]
# POWERJIT names the binary (POWERJIT2 adds a second one, e.g. a build
# from before a change, run in the same pairs); BENCH_TIMEOUT bounds one
# run (default 1200 s); BENCH_OUT the folder for logs (build/bench/progs).
# Exit status 0 when every run powered off and
# gave QEMU's answers.
set -u
cd "$(dirname "$0")/.."
top=$(pwd)

N=1
QEMU=1
PERF=1
ONLY_IMAGE=0
while [ $# -gt 0 ]; do
    case "$1" in
    -n) N=$2; shift ;;
    --no-qemu) QEMU=0 ;;
    --no-perf) PERF=0 ;;
    --only-image) ONLY_IMAGE=1 ;;
    *) echo "usage: $0 [-n N] [--no-qemu] [--no-perf] [--only-image]" >&2; exit 2 ;;
    esac
    shift
done
POWERJIT=${POWERJIT:-build/powerjit}
POWERJIT2=${POWERJIT2:-}
LIMIT=${BENCH_TIMEOUT:-1200}
OUT=${BENCH_OUT:-build/bench/progs}   # a test run gives its own
KERNEL=build/guest/vmlinux
CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/powerjit/progs
STEPS="py-start python perl gcc fork xz sqlite copy-int copy-vmx copy-user intloop"

# the ppc64el packages, and those of architecture all
PKGS="perl perl-base libperl5.36 libcrypt1 libdb5.3 libgdbm6 libgdbm-compat4
zlib1g libbz2-1.0 python3.11-minimal libpython3.11-minimal libpython3.11-stdlib
python3.11 libexpat1 libffi8 liblzma5 libssl3 libsqlite3-0 libreadline8
libtinfo6 libncursesw6 libuuid1 gcc-12 cpp-12 libgcc-12-dev libgcc-s1
libstdc++6 libgmp10 libmpfr6 libmpc3 libisl23 libzstd1 binutils binutils-common
binutils-powerpc64le-linux-gnu libbinutils libctf0 libctf-nobfd0 libjansson4
libc6 libc6-dev linux-libc-dev libcrypt-dev libnsl-dev libtirpc-dev
rpcsvc-proto libgomp1 libatomic1 libquadmath0 xz-utils sqlite3 libelf1"
PKGS_ALL="perl-modules-5.36"

echo "== real-program benchmark (Debian 12 ppc64el perl, python3.11, gcc-12, xz, sqlite3; $N run(s) each)"
if ! scripts/fetch-guest >/dev/null || [ ! -f "$KERNEL" ]; then
    echo "bench-progs: no guest kernel (scripts/fetch-guest could not fetch it); skipped"
    exit 0
fi
busybox_deb=$(ls build/guest/debs/busybox-static_*.deb 2>/dev/null | head -n 1)
[ -n "$busybox_deb" ] || { echo "bench-progs: no busybox-static package in build/guest/debs; skipped"; exit 0; }

mkdir -p "$CACHE" "$OUT"

# ---------------------------------------------------------------- the image

# the file names apt would download (name_version_arch.deb): the cache key
uris() {
    local list=() p
    for p in $PKGS; do list+=("$p:ppc64el"); done
    for p in $PKGS_ALL; do list+=("$p"); done
    apt-get download --print-uris "${list[@]}" 2>"$OUT/apt.err"
}
uri_list=$(uris)
if [ -z "$uri_list" ]; then
    # apt-get update may exit 100 when one index is out of sync: what
    # matters is whether the packages are found afterwards
    apt-get update >/dev/null 2>&1 || true
    uri_list=$(uris)
fi
if [ -z "$uri_list" ]; then
    # offline: the newest image already built will do
    image=$(ls -t "$CACHE"/image-*.cpio 2>/dev/null | head -n 1)
    if [ -z "$image" ]; then
        echo "bench-progs: the ppc64el packages are not in apt's lists and nothing is cached; skipped"
        sed 's/^/    /' "$OUT/apt.err" | head -n 5
        exit 0
    fi
    echo "bench-progs: apt cannot list the packages; using the cached $image"
else
    files=$(awk '{print $2}' <<<"$uri_list" | sort)
    pkg_key=$(cksum <<<"$files" | cut -d' ' -f1)
    # what the image is made of: the packages, this script's image
    # section (not the rest: editing the profile code must not rebuild it
    # and lose the kept QEMU answers) and the copy loops' source
    src_key=$( (echo "$PKGS $PKGS_ALL"; sed -n '/^# -* the image$/,/^# -* the runs$/p' "$0"
                cat tests/bench/copyloops.c; echo "$files") | cksum | cut -d' ' -f1)
    debs=$CACHE/debs-$pkg_key
    image=$CACHE/image-$src_key.cpio
fi

build_image() {
    local work root
    if [ ! -f "$debs/.complete" ]; then
        echo "bench-progs: downloading $(wc -l <<<"$files") packages into $debs"
        rm -rf "$debs.tmp" && mkdir -p "$debs.tmp"
        local list=() p
        for p in $PKGS; do list+=("$p:ppc64el"); done
        for p in $PKGS_ALL; do list+=("$p"); done
        if ! (cd "$debs.tmp" && apt-get download -o APT::Sandbox::User="$(id -un)" "${list[@]}" >/dev/null); then
            echo "bench-progs: apt-get download failed" >&2
            return 1
        fi
        rm -rf "$debs" && mv "$debs.tmp" "$debs" && touch "$debs/.complete"
    fi
    work=$(mktemp -d)
    root=$work/root
    echo "bench-progs: building $image"
    for d in "$debs"/*.deb "$top/$busybox_deb"; do
        dpkg -x "$d" "$root" || { rm -rf "$work"; return 1; }
    done
    rm -rf "$root"/usr/share/doc "$root"/usr/share/man "$root"/usr/share/info \
        "$root"/usr/share/locale "$root"/usr/share/lintian "$root"/usr/share/gdb \
        "$root"/usr/lib/gcc/powerpc64le-linux-gnu/12/plugin \
        "$root"/usr/lib/gcc/powerpc64le-linux-gnu/12/lto1 \
        "$root"/usr/lib/gcc/powerpc64le-linux-gnu/12/lib[atlu]san* \
        "$root"/usr/bin/*lto-dump-12 "$root"/usr/bin/*ld.gold "$root"/usr/bin/*dwp \
        "$root"/usr/lib/powerpc64le-linux-gnu/gconv "$root"/usr/share/perl/5.36/pod
    ln -sf gcc-12 "$root/usr/bin/gcc"
    ln -sf gcc-12 "$root/usr/bin/cc"
    ln -sf python3.11 "$root/usr/bin/python3"
    if python3 -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; then
        python3 -m compileall -q -j 2 --invalidation-mode unchecked-hash \
            "$root/usr/lib/python3.11" >/dev/null 2>&1 || true
    fi
    # the copy loops, linked statically against the image's own libc
    if ! powerpc64le-linux-gnu-gcc --sysroot="$root" -O2 -static -mcpu=power8 \
        -o "$root/usr/bin/copyloops" tests/bench/copyloops.c; then
        echo "bench-progs: cannot build tests/bench/copyloops.c" >&2
        rm -rf "$work"
        return 1
    fi
    # then the static libraries a dynamic link does not use
    find "$root/usr/lib/powerpc64le-linux-gnu" -maxdepth 1 -name '*.a' \
        ! -name 'libc_nonshared.a' -delete
    mkdir -p "$root/proc" "$root/sys" "$root/dev" "$root/tmp" "$root/etc" "$root/bench"
    write_guest_files "$root"
    (cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) >"$image.tmp" &&
        mv "$image.tmp" "$image"
    rm -rf "$work"
    [ -f "$image" ] && find "$CACHE" -maxdepth 1 -name "image-*" ! -path "$image" -delete
    [ -f "$image" ]
}

write_guest_files() {
    local root=$1
    cat >"$root/init" <<'INIT'
#!/bin/busybox sh
/bin/busybox --install -s /bin
export PATH=/usr/bin:/bin:/usr/sbin:/sbin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
echo "powerjit guest: $(uname -sr) up"
cd /bench && sh /bench/run.sh
poweroff -f
INIT
    chmod +x "$root/init"
    cat >"$root/bench/run.sh" <<'RUN'
step() { echo "pjprog: step $1 $(cut -d' ' -f1 /proc/uptime)"; }
ans() { echo "pjprog: ans $1 $2"; }
digest() { md5sum | cut -c1-16; }
step py-start
for i in 1 2 3 4 5; do python3 -c pass; done
ans py-start "$(python3 -c 'import sys; print(sys.version_info[:3])' | tr -d ' ')"
step python
ans python "$(python3 /bench/gen.py | digest)"
step perl
ans perl "$(perl /bench/words.pl | digest)"
step gcc
gcc -O2 -o /tmp/prog /bench/main.c /bench/sort.c /bench/crc.c && ans gcc "$(/tmp/prog | digest)"
step fork
n=0
for i in $(seq 200); do /bin/true && n=$((n + 1)); done
for i in $(seq 50); do /usr/bin/xz -V >/dev/null && n=$((n + 1)); done
ans fork $n
step xz
seq 1 200000 >/tmp/x.txt
ans xz "$(/usr/bin/xz -6 -T1 -c /tmp/x.txt | /usr/bin/xz -dc | digest)"
step sqlite
ans sqlite "$(sqlite3 :memory: </bench/q.sql | digest)"
step copy-int
ans copy-int "$(copyloops int 40 | digest)"
step copy-vmx
ans copy-vmx "$(copyloops vmx 30 | digest)"
step copy-user
ans copy-user "$(copyloops user 2 | digest)"
step intloop
ans intloop "$(copyloops intloop 12 | digest)"
step end
RUN
    cat >"$root/bench/gen.py" <<'PY'
# test data: records with random fields, formatted, sorted, grouped
import json, random, re, zlib
rng = random.Random(12345)
words = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf",
         "hotel", "india", "juliet", "kilo", "lima", "mike", "november"]
recs = []
for i in range(30000):
    name = "-".join(rng.choice(words) for _ in range(rng.randint(1, 4)))
    recs.append({"id": i, "name": name, "score": rng.random() * 1000,
                 "tags": sorted(set(rng.choice(words) for _ in range(3)))})
recs.sort(key=lambda r: (r["name"], -r["score"]))
groups = {}
for r in recs:
    groups.setdefault(r["name"].split("-")[0], []).append(r["score"])
pat = re.compile(r"(a|e)(l|c)h?")
hits = sum(len(pat.findall(r["name"])) for r in recs)
text = json.dumps(recs[:2000], sort_keys=True)
h = sum(ord(c) * (i % 251 + 1) for i, c in enumerate(text)) % 1000000007
for k in sorted(groups):
    print("%-10s %6d %12.3f" % (k, len(groups[k]), sum(groups[k])))
print(hits, len(text), h)
PY
    cat >"$root/bench/words.pl" <<'PL'
# regexes, hashes, sort, sprintf, float sums
use strict; use warnings;
my @w = qw(lorem ipsum dolor sit amet consectetur adipiscing elit sed do
           eiusmod tempor incididunt ut labore et dolore magna aliqua);
my (%count, %len); my $seed = 42; my $sum = 0.0;
for my $i (1 .. 60000) {
    $seed = ($seed * 1103515245 + 12345) % 2147483648;
    my $s = $w[$seed % @w] . $w[($seed >> 8) % @w] . ($seed % 97);
    $count{$s}++;
    (my $t = $s) =~ s/([aeiou])/uc $1/ge;
    $len{length $t} += 1 if $t =~ /^[a-z]+[A-Z]/;
    $sum += sqrt($seed % 1000 + 1) / ($i + 0.5);
}
for my $k ((sort { $count{$b} <=> $count{$a} || $a cmp $b } keys %count)[0 .. 49]) {
    printf "%-30s %5d\n", $k, $count{$k};
}
printf "%d %s %.10f\n", scalar(keys %count), join(",", map { "$_=$len{$_}" } sort { $a <=> $b } keys %len), $sum;
PL
    cat >"$root/bench/main.c" <<'C'
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
void sort_ints(int *v, int n);
unsigned crc32_buf(const unsigned char *p, size_t n);
struct rec { char name[24]; int key; double w; };
static int cmp_rec(const void *a, const void *b)
{
    const struct rec *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    return c ? c : (x->key > y->key) - (x->key < y->key);
}
int main(void)
{
    enum { N = 20000 };
    static int v[N];
    static struct rec r[N];
    unsigned s = 1;
    for (int i = 0; i < N; i++) {
        s = s * 1664525u + 1013904223u;
        v[i] = (int)(s >> 3);
        snprintf(r[i].name, sizeof r[i].name, "n%u", s % 977);
        r[i].key = (int)(s >> 12);
        r[i].w = (s % 1000) / 7.0;
    }
    sort_ints(v, N);
    qsort(r, N, sizeof r[0], cmp_rec);
    double t = 0;
    for (int i = 0; i < N; i++) t += r[i].w * (i % 3);
    printf("%d %d %s %.3f %08x\n", v[0], v[N - 1], r[N / 2].name, t,
           crc32_buf((const unsigned char *)v, sizeof v));
    return 0;
}
C
    cat >"$root/bench/sort.c" <<'C'
/* a merge sort with an insertion sort for short runs */
#include <stdlib.h>
#include <string.h>
static void insertion(int *v, int n)
{
    for (int i = 1; i < n; i++) {
        int x = v[i], j = i;
        while (j > 0 && v[j - 1] > x) { v[j] = v[j - 1]; j--; }
        v[j] = x;
    }
}
static void msort(int *v, int *tmp, int n)
{
    if (n <= 16) { insertion(v, n); return; }
    int h = n / 2;
    msort(v, tmp, h);
    msort(v + h, tmp, n - h);
    int i = 0, j = h, k = 0;
    while (i < h && j < n) tmp[k++] = v[i] <= v[j] ? v[i++] : v[j++];
    while (i < h) tmp[k++] = v[i++];
    while (j < n) tmp[k++] = v[j++];
    memcpy(v, tmp, sizeof(int) * (size_t)n);
}
void sort_ints(int *v, int n)
{
    int *tmp = malloc(sizeof(int) * (size_t)n);
    msort(v, tmp, n);
    free(tmp);
}
C
    cat >"$root/bench/crc.c" <<'C'
/* CRC-32 (the IEEE polynomial, reflected), table driven */
#include <stddef.h>
static unsigned table[256];
static void init(void)
{
    for (unsigned i = 0; i < 256; i++) {
        unsigned c = i;
        for (int k = 0; k < 8; k++) c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
        table[i] = c;
    }
}
unsigned crc32_buf(const unsigned char *p, size_t n)
{
    unsigned c = ~0u;
    if (!table[1]) init();
    while (n--) c = table[(c ^ *p++) & 0xff] ^ (c >> 8);
    return ~c;
}
C
    cat >"$root/bench/q.sql" <<'SQL'
CREATE TABLE t(id INTEGER PRIMARY KEY, grp INTEGER, name TEXT, v REAL);
BEGIN;
WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 60000)
INSERT INTO t SELECT x, (x * 7919) % 97, 'name' || ((x * 31) % 1013), (x % 1000) / 3.0 FROM c;
COMMIT;
CREATE INDEX t_grp ON t(grp, v);
SELECT grp, count(*), printf('%.3f', sum(v)), min(name) FROM t GROUP BY grp ORDER BY grp;
SELECT count(*) FROM t a JOIN t b ON a.grp = b.grp AND b.id = a.id + 97 WHERE a.v > b.v;
SELECT name, count(*) AS n FROM t GROUP BY name ORDER BY n DESC, name LIMIT 20;
SQL
}

if [ ! -f "$image" ]; then
    build_image || { echo "bench-progs: could not build the guest image"; exit 1; }
fi
echo "bench-progs: image $image ($(du -m "$image" | cut -f1) MiB)"
[ "$ONLY_IMAGE" = 1 ] && exit 0

# ---------------------------------------------------------------- the runs

have_perf=0
if [ "$PERF" = 1 ] && command -v perf >/dev/null &&
    perf record -q -o /dev/null -- true >/dev/null 2>&1; then
    have_perf=1
fi

# stamp: copies stdin to stdout, each line prefixed with the host's clock;
# a step line also gets the emulator's CPU time so far (user + system
# clock ticks of the newest process booting the image: the emulator, not
# the time/timeout/perf around it)
stamp() {
    local line pid="" st
    while IFS= read -r line || [ -n "$line" ]; do
        line=${line%$'\r'}
        case "$line" in
        "pjprog: step "*)
            [ -n "$pid" ] || pid=$(pgrep -n -f -- "-initrd $image")
            st=()
            [ -n "$pid" ] && read -r -a st <"/proc/$pid/stat" 2>/dev/null
            line="$line $(( ${st[13]:-0} + ${st[14]:-0} ))"
            ;;
        esac
        printf '%s %s\n' "$EPOCHREALTIME" "$line"
    done
    printf '%s EOF\n' "$EPOCHREALTIME"
}

# run_one LABEL I PERF CMD...: one boot, the console timestamped into
# LABEL-I.log; with PERF=1 under perf record (LABEL-I.perf)
run_one() {
    local label=$1 i=$2 prof=$3 log pid spid status
    shift 3
    log=$OUT/$label-$i.log
    rm -f "$OUT/fifo"
    mkfifo "$OUT/fifo"
    stamp <"$OUT/fifo" >"$log" &
    spid=$!
    if [ "$prof" = 1 ]; then
        /usr/bin/time -f "%U %S" -o "$OUT/$label-$i.cpu" \
            timeout "$LIMIT" perf record -q -k CLOCK_REALTIME -F 499 -o "$OUT/$label-$i.perf" -- \
            "$@" -perfmap </dev/null >"$OUT/fifo" 2>&1 &
    else
        /usr/bin/time -f "%U %S" -o "$OUT/$label-$i.cpu" \
            timeout "$LIMIT" "$@" </dev/null >"$OUT/fifo" 2>&1 &
    fi
    pid=$!
    wait "$pid"
    status=$?
    wait "$spid"
    rm -f "$OUT/fifo"
    echo "$status" >"$OUT/$label-$i.status"
}

# step_times LOG: "NAME SECONDS" per step, from the guest's uptimes
step_times() {
    awk '$2 == "pjprog:" && $3 == "step" { n[++k] = $4; t[k] = $5 }
         END { for (j = 1; j < k; j++) printf "%s %.2f\n", n[j], t[j + 1] - t[j] }' "$1"
}
# step_cpu LOG: "NAME SECONDS" per step, the emulator's host CPU time
step_cpu() {
    local hz
    hz=$(getconf CLK_TCK)
    awk -v hz="$hz" '$2 == "pjprog:" && $3 == "step" { n[++k] = $4; t[k] = $6 }
         END { for (j = 1; j < k; j++) printf "%s %.2f\n", n[j], (t[j + 1] - t[j]) / hz }' "$1"
}
answers() { awk '$2 == "pjprog:" && $3 == "ans" { print $4, $5 }' "$1"; }

# the profile split: perf samples between the host times of the step
# markers, by category of the function sampled
SYMCAT=$OUT/symcat.txt
make_symcat() {
    nm -l --defined-only "$1" 2>/dev/null | awk '
        NF >= 4 {
            name = $3; file = $4; sub(/:[0-9]+$/, "", file)
            # the path from the source tree top, wherever the binary was
            # built (nm -l gives absolute paths): from the first of the
            # top folders of the tree in it
            if (match(file, /(^|\/)(tcg|accel|target-ppc|hw-spapr|hw-pci|system|block|include)\//))
                file = substr(file, RSTART + (substr(file, RSTART, 1) == "/"))
            c = "other"
            if (name ~ /^(tlb_flush|tb_jc_clear|tb_flush|tb_invalidate|ppc_radix_tlbie|flush_all|flush_amr|tb_page_|tb_phys_invalidate|codebuf_flush)/) c = "flush"
            else if (file ~ /^tcg\/|target-ppc\/(trans-|translate|decode)|accel\/tcg\/(tb-gen|translator)/) c = "translate"
            else if (file ~ /target-ppc\/mmu|accel\/tcg\/softmmu/) c = "tlb-fill"
            else if (file ~ /target-ppc\/helper|target-ppc\/(excp|timebase|cpu)/ || name ~ /^helper_/) c = "helpers"
            else if (file ~ /accel\/tcg\//) c = "exec-loop"
            else if (file ~ /hw-spapr\/|system\//) c = "machine"
            print name, c
        }' >"$SYMCAT"
}
CATS="jit translate tlb-fill flush helpers exec-loop machine kernel other"
profile_split() { # LOG PERFDATA
    perf script -i "$2" -F time,ip,sym,dso 2>/dev/null | awk -v cats="$CATS" '
        FNR == NR && FILENAME != "-" {
            if ($2 == "pjprog:" && $3 == "step") { at[++k] = $1; nm[k] = $4 }
            next
        }
        FILENAME == ARGV[2] { cat[$1] = $2; next }
        {
            t = $1 + 0; s = 0
            for (j = 1; j < k; j++) if (t >= at[j] && t < at[j + 1]) { s = j; break }
            if (!s) next
            dso = $NF; sym = $3
            if (dso ~ /perf-[0-9]+\.map|\[JIT\]|\/\/anon|\[unknown\]/ || sym ~ /^tb_[0-9a-f]+$/) c = "jit"
            else if (sym in cat) c = cat[sym]
            else if (dso ~ /kernel/) c = "kernel"
            else c = "other"
            n[nm[s], c]++; tot[nm[s]]++
        }
        END {
            nc = split(cats, C, " ")
            for (j = 1; j < k; j++) {
                st = nm[j]; if (!tot[st]) continue
                line = st
                for (q = 1; q <= nc; q++) line = line sprintf(" %s=%.0f%%", C[q], 100 * n[st, C[q]] / tot[st])
                print line
            }
        }' "$1" "$SYMCAT" -
}

[ -x "$POWERJIT" ] || { echo "bench-progs: $POWERJIT is not built"; exit 1; }
command -v qemu-system-ppc64 >/dev/null || QEMU=0
for f in "$OUT"/*.mappid; do
    [ -s "$f" ] && rm -f "/tmp/perf-$(cat "$f").map"
done
rm -f "$OUT"/*.cputimes "$OUT"/*.mappid "$OUT"/*.log "$OUT"/*.perf "$OUT"/*.status "$OUT"/*.split "$OUT"/*.cpu "$OUT"/*.times "$OUT"/failed
[ $have_perf = 1 ] && make_symcat "$POWERJIT"
APPEND="console=hvc0 quiet"
labels="powerjit"
[ -n "$POWERJIT2" ] && labels="$labels powerjit2"
[ "$QEMU" = 1 ] && labels="$labels qemu"
for i in $(seq 1 "$N"); do
    run_one powerjit "$i" "$have_perf" "$POWERJIT" -M pseries -cpu POWER9 -m 2G -nographic \
        -kernel "$KERNEL" -initrd "$image" -append "$APPEND"
    if [ -n "$POWERJIT2" ]; then
        run_one powerjit2 "$i" 0 "$POWERJIT2" -M pseries -cpu POWER9 -m 2G -nographic \
            -kernel "$KERNEL" -initrd "$image" -append "$APPEND"
    fi
    if [ "$QEMU" = 1 ]; then
        run_one qemu "$i" 0 qemu-system-ppc64 -M pseries,x-vof=on -cpu POWER9 -m 2G -nographic -vga none \
            -kernel "$KERNEL" -initrd "$image" -append "$APPEND"
    fi
done

# the answers: QEMU's are the reference, kept with the image for runs
# without QEMU; without either, the first run's
ref=qemu-1
if [ "$QEMU" = 1 ]; then
    answers "$OUT/qemu-1.log" >"$OUT/ref.ans"
    [ -s "$OUT/ref.ans" ] && cp "$OUT/ref.ans" "$image.qemu-answers"
elif [ -s "$image.qemu-answers" ]; then
    ref="QEMU (an earlier run)"
    cp "$image.qemu-answers" "$OUT/ref.ans"
else
    ref=powerjit-1
    answers "$OUT/powerjit-1.log" >"$OUT/ref.ans"
fi
for l in $labels; do
    for i in $(seq 1 "$N"); do
        f=$OUT/$l-$i
        if [ "$(cat "$f.status")" != 0 ] || ! answers "$f.log" | cmp -s - "$OUT/ref.ans" ||
            ! grep -q 'pjprog: step end' "$f.log"; then
            echo "bench-progs: $l run $i failed (exit status $(cat "$f.status"), answers differ from $ref or missing):"
            answers "$f.log" | diff "$OUT/ref.ans" - | head -n 6 | sed 's/^/    /'
            tail -n 4 "$f.log" | cut -d' ' -f2- | sed 's/^/    | /'
            echo "$l $i" >>"$OUT/failed"
        fi
        step_times "$f.log" >"$f.times"
        step_cpu "$f.log" >"$f.cputimes"
    done
done
[ -s "$OUT/ref.ans" ] || echo "bench-progs: the reference run $ref printed no answers"

median_of() { # LABEL STEP [EXT]
    cat "$OUT/$1"-*."${3:-times}" 2>/dev/null | awk -v s="$2" '$1 == s { v[++n] = $2 }
        END {
            if (!n) { print "-"; exit }
            for (i = 2; i <= n; i++) for (j = i; j > 1 && v[j-1] > v[j]; j--) { t = v[j]; v[j] = v[j-1]; v[j-1] = t }
            if (n % 2) printf "%.2f\n", v[(n + 1) / 2]; else printf "%.2f\n", (v[n/2] + v[n/2+1]) / 2
        }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "-" || b == "-" || b <= 0) print "-"; else printf "%.2f\n", a / b }'; }

if [ $have_perf = 1 ]; then
    for i in $(seq 1 "$N"); do
        profile_split "$OUT/powerjit-$i.log" "$OUT/powerjit-$i.perf" >"$OUT/powerjit-$i.split"
        # the perf map goes when the next run starts (perf report needs it)
        perf script -i "$OUT/powerjit-$i.perf" -F pid 2>/dev/null | head -n 1 | tr -d ' ' >"$OUT/powerjit-$i.mappid"
    done
fi
hdr="%-10s %9s"
args=("step" "powerjit")
[ -n "$POWERJIT2" ] && { hdr="$hdr %9s"; args+=("powerjit2"); }
[ "$QEMU" = 1 ] && { hdr="$hdr %9s %6s"; args+=("QEMU" "ratio"); }
[ -n "$POWERJIT2" ] && [ "$QEMU" = 1 ] && { hdr="$hdr %6s"; args+=("ratio2"); }
# table EXT TITLE SPLIT: one row per step, medians of the runs
table() {
    local ext=$1 s row l j j2 q split
    echo "$2"
    printf "$hdr  %s\n" "${args[@]}" "$([ "$3" = 1 ] && echo "powerjit's host time (perf, run 1)")"
    for s in $STEPS total; do
        if [ $s = total ]; then
            row=("total")
            for l in $labels; do
                row+=("$(for i in $(seq 1 "$N"); do awk '{ t += $2 } END { printf "%.2f\n", t }' "$OUT/$l-$i.$ext"; done |
                    sort -n | awk '{ v[NR] = $1 } END { print NR ? v[int((NR + 1) / 2)] : "-" }')")
            done
        else
            row=("$s")
            for l in $labels; do row+=("$(median_of "$l" "$s" "$ext")"); done
        fi
        j=${row[1]}
        if [ -n "$POWERJIT2" ]; then j2=${row[2]}; q=${row[3]:--}; else q=${row[2]:--}; fi
        [ "$QEMU" = 1 ] && row+=("$(ratio "$j" "$q")")
        [ -n "$POWERJIT2" ] && [ "$QEMU" = 1 ] && row+=("$(ratio "$j2" "$q")")
        split=""
        [ "$3" = 1 ] && [ -f "$OUT/powerjit-1.split" ] && split=$(awk -v s="$s" '$1 == s { $1 = ""; print }' "$OUT/powerjit-1.split")
        printf "$hdr  %s\n" "${row[@]}" "$split"
    done
}
table times "seconds in the guest (its /proc/uptime), median of $N:" 1
echo
table cputimes "host CPU seconds of the emulator process per step (steadier on a busy host), median of $N:" 0
# host CPU time of the whole run (boot included): steadier than the guest's
# clock on a busy host
row=("cpu (host)")
for l in $labels; do
    row+=("$(for i in $(seq 1 "$N"); do awk '{ printf "%.2f\n", $1 + $2 }' "$OUT/$l-$i.cpu" 2>/dev/null; done |
        sort -n | awk '{ v[NR] = $1 } END { print NR ? v[int((NR + 1) / 2)] : "-" }')")
done
j=${row[1]}
if [ -n "$POWERJIT2" ]; then j2=${row[2]}; q=${row[3]:--}; else q=${row[2]:--}; fi
[ "$QEMU" = 1 ] && row+=("$(ratio "$j" "$q")")
[ -n "$POWERJIT2" ] && [ "$QEMU" = 1 ] && row+=("$(ratio "$j2" "$q")")
printf "$hdr  %s\n" "${row[@]}" "(user + system seconds of the emulator process, boot included)"
echo "(ratio = powerjit/QEMU, goal <= 0.67; ratio2 = powerjit2/QEMU; logs in $OUT/)"
if [ -s "$OUT/failed" ]; then
    echo "bench-progs: $(wc -l <"$OUT/failed") run(s) failed"
    exit 1
fi
exit 0
