/*
 * tests/bench/copyloops.c: the copy patterns of the Linux kernel's POWER
 * copy routines (arch/powerpc/lib/copyuser_power7.S, memcpy_power7.S,
 * copyuser_64.S), written again as a user program for the real-program
 * benchmark (scripts/bench-progs.sh), plus a C integer loop.
 *
 *   copyloops int      integer copy: byte/half/word moves until the SOURCE
 *                      is 8-byte aligned, then 64 bytes per iteration with
 *                      aligned ld and possibly unaligned std (POWER7 and
 *                      later store unaligned doublewords at full speed, which
 *                      memcpy_power7 relies on), then 32/16/8/4/2/1 tails
 *   copyloops vmx      VMX copy: align the DESTINATION to 16 bytes, then
 *                      lvx/stvx 64 bytes per iteration when the source is
 *                      aligned too, else the realignment loop: lvsr once,
 *                      then per 16 bytes one lvx and a vperm of the last
 *                      two source quadwords (the little-endian form, with
 *                      vperm's inputs swapped, as the kernel's LVS/VPERM
 *                      macros do)
 *   copyloops user     the kernel's own copy_to_user: read(2) of a 4 MiB
 *                      file in /tmp with every buffer alignment and a few
 *                      sizes (pipes and tmpfs go through copy_tofrom_user)
 *   copyloops intloop  a register-only loop: xorshift, multiply, branch
 *
 * Every copy of the first pass is checked with memcmp (sizes 0..520 at
 * every source and destination alignment 0..15, then 4 KiB and 64 KiB
 * blocks, the guard bytes around them untouched), and
 * the program prints a checksum of what it copied, the same on every
 * correct machine: the benchmark compares powerjit's line with QEMU's.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef uint64_t u64;

/* ------------------------------------------------------------ integer */

static void copy_int(unsigned char *d, const unsigned char *s, size_t n)
{
    if (n < 16) {
        /* short: the kernel's tail moves */
        if (n & 8) { u64 v; __builtin_memcpy(&v, s, 8); __builtin_memcpy(d, &v, 8); s += 8; d += 8; }
        if (n & 4) { uint32_t v; __builtin_memcpy(&v, s, 4); __builtin_memcpy(d, &v, 4); s += 4; d += 4; }
        if (n & 2) { uint16_t v; __builtin_memcpy(&v, s, 2); __builtin_memcpy(d, &v, 2); s += 2; d += 2; }
        if (n & 1) { *d = *s; }
        return;
    }
    /* source to 8 bytes */
    size_t head = (size_t)(-(uintptr_t)s & 7);
    n -= head;
    if (head & 1) { *d++ = *s++; }
    if (head & 2) { uint16_t v = *(const uint16_t *)s; __builtin_memcpy(d, &v, 2); s += 2; d += 2; }
    if (head & 4) { uint32_t v = *(const uint32_t *)s; __builtin_memcpy(d, &v, 4); s += 4; d += 4; }
    const u64 *sp = (const u64 *)s;
    for (size_t k = n >> 6; k; k--) {
        u64 a = sp[0], b = sp[1], c = sp[2], e = sp[3];
        u64 f = sp[4], g = sp[5], h = sp[6], i = sp[7];
        __builtin_memcpy(d, &a, 8); __builtin_memcpy(d + 8, &b, 8);
        __builtin_memcpy(d + 16, &c, 8); __builtin_memcpy(d + 24, &e, 8);
        __builtin_memcpy(d + 32, &f, 8); __builtin_memcpy(d + 40, &g, 8);
        __builtin_memcpy(d + 48, &h, 8); __builtin_memcpy(d + 56, &i, 8);
        sp += 8;
        d += 64;
    }
    if (n & 32) {
        u64 a = sp[0], b = sp[1], c = sp[2], e = sp[3];
        __builtin_memcpy(d, &a, 8); __builtin_memcpy(d + 8, &b, 8);
        __builtin_memcpy(d + 16, &c, 8); __builtin_memcpy(d + 24, &e, 8);
        sp += 4; d += 32;
    }
    if (n & 16) {
        u64 a = sp[0], b = sp[1];
        __builtin_memcpy(d, &a, 8); __builtin_memcpy(d + 8, &b, 8);
        sp += 2; d += 16;
    }
    if (n & 8) { u64 a = *sp++; __builtin_memcpy(d, &a, 8); d += 8; }
    s = (const unsigned char *)sp;
    if (n & 4) { uint32_t v = *(const uint32_t *)s; __builtin_memcpy(d, &v, 4); s += 4; d += 4; }
    if (n & 2) { uint16_t v = *(const uint16_t *)s; __builtin_memcpy(d, &v, 2); s += 2; d += 2; }
    if (n & 1) { *d = *s; }
}

/* ------------------------------------------------------------ VMX */

static void copy_vmx(unsigned char *d, const unsigned char *s, size_t n)
{
    if (n < 48) {
        copy_int(d, s, n);
        return;
    }
    /* destination to 16 bytes */
    size_t head = (size_t)(-(uintptr_t)d & 15);
    copy_int(d, s, head);
    d += head;
    s += head;
    n -= head;
    size_t blocks = n >> 4;
    unsigned char *dp = d;
    const unsigned char *sp = s;
    if (((uintptr_t)s & 15) == 0) {
        size_t k = blocks >> 2;
        if (k) {
            __asm__ volatile(
                "mtctr %2\n"
                "1:\n"
                "lvx 0,0,%1\n"   "lvx 1,%3,%1\n"
                "lvx 2,%4,%1\n"  "lvx 3,%5,%1\n"
                "stvx 0,0,%0\n"  "stvx 1,%3,%0\n"
                "stvx 2,%4,%0\n" "stvx 3,%5,%0\n"
                "addi %1,%1,64\n"
                "addi %0,%0,64\n"
                "bdnz 1b\n"
                : "+b"(dp), "+b"(sp)
                : "r"(k), "b"(16L), "b"(32L), "b"(48L)
                : "v0", "v1", "v2", "v3", "ctr", "memory");
        }
        for (size_t r = blocks & 3; r; r--) {
            __asm__ volatile("lvx 0,0,%1\nstvx 0,0,%0\n"
                             : : "b"(dp), "b"(sp) : "v0", "memory");
            dp += 16;
            sp += 16;
        }
    } else if (blocks) {
        /* v0 = the control vector, v1 = the last source quadword; each
           step loads the next one and merges the two (LE: lvsr, and
           vperm with the older quadword as its second input).  The loads
           are of aligned quadwords, so sp moves in whole quadwords from
           the one holding s; the last may reach up to 15 bytes past the
           source, inside the quadword that holds its last byte */
        __asm__ volatile(
            "mtctr %2\n"
            "lvsr 0,0,%1\n"
            "lvx 1,0,%1\n"
            "1:\n"
            "addi %1,%1,16\n"
            "lvx 2,0,%1\n"
            "vperm 3,2,1,0\n"
            "vor 1,2,2\n"
            "stvx 3,0,%0\n"
            "addi %0,%0,16\n"
            "bdnz 1b\n"
            : "+b"(dp), "+b"(sp)
            : "r"(blocks)
            : "v0", "v1", "v2", "v3", "ctr", "memory");
    }
    copy_int(d + blocks * 16, s + blocks * 16, n & 15);
}

/* ------------------------------------------------------------ driver */

typedef void CopyFn(unsigned char *, const unsigned char *, size_t);

static u64 fnv(u64 h, const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        h = (h ^ p[i]) * 0x100000001b3ull;
    }
    return h;
}

static int run_copies(CopyFn *fn, int reps)
{
    enum { MAXN = 520, BIG = 65536 };
    unsigned char *src = aligned_alloc(4096, BIG + 8192);
    unsigned char *dst = aligned_alloc(4096, BIG + 8192);
    u64 sum = 0xcbf29ce484222325ull;

    for (size_t i = 0; i < BIG + 8192; i++) {
        src[i] = (unsigned char)(i * 7 + (i >> 8));
    }
    for (int r = 0; r < reps; r++) {
        for (size_t n = 0; n <= MAXN; n++) {
            for (unsigned sa = 0; sa < 16; sa++) {
                for (unsigned da = 0; da < 16; da++) {
                    unsigned char *d = dst + 64 + da;
                    const unsigned char *s = src + 64 + sa + (n & 0x70);
                    d[-1] = 0x5a;
                    d[n] = 0xa5;
                    fn(d, s, n);
                    /* the first pass checks every copy, the others only
                       sample it (the checksum): the copies are timed */
                    if (r == 0 && (d[-1] != 0x5a || d[n] != 0xa5 || memcmp(d, s, n))) {
                        printf("copyloops: bad copy n=%zu sa=%u da=%u\n", n, sa, da);
                        return 1;
                    }
                    sum = (sum ^ d[n / 2]) * 0x100000001b3ull;
                }
            }
        }
        /* pages and blocks, aligned and not, crossing page boundaries */
        for (unsigned k = 0; k < 64; k++) {
            size_t n = (k & 1) ? 4096 : BIG - 4096 * (k & 7);
            const unsigned char *s = src + (k * 37 & 4095);
            unsigned char *d = dst + (k * 11 & 4095);
            fn(d, s, n);
            if (r == 0 && memcmp(d, s, n)) {
                printf("copyloops: bad block copy k=%u\n", k);
                return 1;
            }
            sum = fnv(sum, d + (k * 101 % n), 64 < n ? 64 : n);
        }
    }
    printf("copyloops: checksum %016llx\n", (unsigned long long)sum);
    return 0;
}

/* read(2) from a tmpfs file: the kernel copies to user memory */
static int run_user(int reps)
{
    enum { FILE_SIZE = 4 << 20 };
    static const size_t sizes[] = {1, 7, 64, 255, 4096, 4099, 65536, 65543};
    const char *path = "/tmp/copyloops.dat";
    unsigned char *buf = aligned_alloc(4096, 65536 + 4096);
    unsigned char *block = malloc(65536);
    u64 sum = 0xcbf29ce484222325ull;
    int fd = open(path, O_CREAT | O_TRUNC | O_RDWR, 0600);

    if (fd < 0 || !buf || !block) {
        printf("copyloops: cannot create %s\n", path);
        return 1;
    }
    for (size_t i = 0; i < 65536; i++) {
        block[i] = (unsigned char)(i * 13 + (i >> 9));
    }
    for (int i = 0; i < FILE_SIZE / 65536; i++) {
        if (write(fd, block, 65536) != 65536) {
            printf("copyloops: write failed\n");
            return 1;
        }
    }
    for (int r = 0; r < reps; r++) {
        for (unsigned a = 0; a < 16; a++) {
            size_t n = sizes[(a + (unsigned)r) % 8];
            size_t total = (n < 4096) ? 256 * 1024 : FILE_SIZE;
            off_t off = 0;
            while ((size_t)off < total) {
                ssize_t got = pread(fd, buf + a, n, off);
                if (got <= 0) {
                    printf("copyloops: read failed\n");
                    return 1;
                }
                if (memcmp(buf + a, block + (off % 65536), (size_t)got) &&
                    (off % 65536) + (size_t)got <= 65536) {
                    printf("copyloops: read returned wrong bytes\n");
                    return 1;
                }
                sum = (sum ^ buf[a + (size_t)got - 1]) * 0x100000001b3ull;
                off += got;
            }
        }
    }
    close(fd);
    unlink(path);
    printf("copyloops: checksum %016llx\n", (unsigned long long)sum);
    return 0;
}

static int run_intloop(long iters)
{
    u64 x = 88172645463325252ull, acc = 0;

    for (long i = 0; i < iters; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        if (x & 1) {
            acc += x * 0x9e3779b97f4a7c15ull;
        } else {
            acc ^= x >> 3;
        }
    }
    printf("copyloops: checksum %016llx\n", (unsigned long long)(acc ^ x));
    return 0;
}

int main(int argc, char **argv)
{
    int reps = argc > 2 ? atoi(argv[2]) : 1;

    if (argc < 2) {
        fprintf(stderr, "usage: copyloops int|vmx|user|intloop [reps]\n");
        return 2;
    }
    if (!strcmp(argv[1], "int")) {
        return run_copies(copy_int, reps);
    }
    if (!strcmp(argv[1], "vmx")) {
        return run_copies(copy_vmx, reps);
    }
    if (!strcmp(argv[1], "user")) {
        return run_user(reps);
    }
    if (!strcmp(argv[1], "intloop")) {
        return run_intloop(reps * 10000000L);
    }
    fprintf(stderr, "copyloops: unknown mode %s\n", argv[1]);
    return 2;
}
