/*
 * The VMX integer instructions added with issue 6 (Power ISA 3.0B Book I
 * 6.8-6.9): the pixel pack/unpack, the quadword carries and extended
 * add/subtract (2.07), vmsumudm (3.0B), the rotate-and-mask forms and the
 * multiplies by 10 (3.0).  Each runs on pseudo-random operands against a
 * reference written here from the ISA's pseudocode, with bits numbered
 * from the left as the ISA does.
 */
#include "vmx-test.h"

typedef unsigned __int128 u128;

/* bits b..e (from the left) of an n-bit value, wrapping when b > e */
static uint64_t ref_mask(unsigned b, unsigned e, unsigned n)
{
    uint64_t m = 0;

    for (unsigned i = 0; i < n; i++) {
        int in = b <= e ? (i >= b && i <= e) : (i >= b || i <= e);
        if (in) {
            m |= 1ull << (n - 1 - i);
        }
    }
    return m;
}

static uint64_t ref_rotl(uint64_t x, unsigned sh, unsigned n)
{
    uint64_t m = n == 64 ? ~0ull : (1ull << n) - 1;

    sh %= n;
    return sh ? ((x << sh) | (x >> (n - sh))) & m : x;
}

/* field [from:to] of an n-bit value x (bits numbered from the left) */
static unsigned field(uint64_t x, unsigned n, unsigned from, unsigned to)
{
    return (unsigned)((x >> (n - 1 - to)) & ((1u << (to - from + 1)) - 1));
}

static void ref(const char *name, uint8_t *r, const uint8_t *a,
                const uint8_t *b, const uint8_t *c, const uint8_t *t)
{
#define IS(n) (strcmp(name, n) == 0)
    memset(r, 0, 16);
    if (IS("vpkpx")) {
        for (int i = 0; i < 8; i++) {
            uint64_t w = i < 4 ? get(a, 4, i) : get(b, 4, i - 4);
            put(r, 2, i, field(w, 32, 7, 7) << 15 | field(w, 32, 8, 12) << 10 |
                             field(w, 32, 16, 20) << 5 | field(w, 32, 24, 28));
        }
    } else if (IS("vupkhpx") || IS("vupklpx")) {
        int first = IS("vupkhpx") ? 0 : 4;
        for (int i = 0; i < 4; i++) {
            uint64_t h = get(b, 2, first + i);
            r[4 * i] = field(h, 16, 0, 0) ? 0xff : 0;
            r[4 * i + 1] = (uint8_t)field(h, 16, 1, 5);
            r[4 * i + 2] = (uint8_t)field(h, 16, 6, 10);
            r[4 * i + 3] = (uint8_t)field(h, 16, 11, 15);
        }
    } else if (name[1] == 'a' || (name[1] == 's' && name[2] == 'u')) {
        /* vadd/vsub c/e quadword: byte-serial sums of a + (~)b + carry */
        int sub = name[1] == 's', ext = name[4] == 'e';
        unsigned carry = ext ? c[15] & 1 : sub;
        uint8_t s[16];
        for (int i = 15; i >= 0; i--) {
            unsigned y = sub ? (uint8_t)~b[i] : b[i], v = a[i] + y + carry;
            s[i] = (uint8_t)v;
            carry = v >> 8;
        }
        if (name[strlen(name) - 1] == 'm') {
            memcpy(r, s, 16);
        } else {
            r[15] = (uint8_t)carry;
        }
    } else if (IS("vmsumudm")) {
        u128 s = get128(c) + (u128)get(a, 8, 0) * get(b, 8, 0) +
                 (u128)get(a, 8, 1) * get(b, 8, 1);
        put128(r, s);
    } else if (name[1] == 'r') {
        /* vrl[wd](mi|nm) */
        int n = name[3] == 'w' ? 32 : 64, sz = n / 8, ins = name[5] == 'i';
        for (int i = 0; i < 16 / sz; i++) {
            uint64_t x = get(a, sz, i), y = get(b, sz, i);
            unsigned mb = n == 32 ? field(y, 32, 11, 15) : field(y, 64, 42, 47);
            unsigned me = n == 32 ? field(y, 32, 19, 23) : field(y, 64, 50, 55);
            unsigned sh = n == 32 ? field(y, 32, 27, 31) : field(y, 64, 58, 63);
            uint64_t m = ref_mask(mb, me, n), rot = ref_rotl(x, sh, n);
            put(r, sz, i, ins ? (rot & m) | (get(t, sz, i) & ~m) : rot & m);
        }
    } else {
        /* vmul10[e][c]uq: decimal-digit by digit long multiplication */
        int e = name[6] == 'e', cy = name[strlen(name) - 3] == 'c';
        unsigned carry = e ? b[15] & 15 : 0;
        for (int i = 15; i >= 0; i--) {
            unsigned v = a[i] * 10u + carry;
            r[i] = (uint8_t)v;
            carry = v >> 8;
        }
        if (cy) {
            memset(r, 0, 16);
            r[15] = (uint8_t)carry;
        }
    }
#undef IS
}

RUN3(vpkpx) RUN2(vupkhpx) RUN2(vupklpx)
RUN3(vaddcuq) RUN3(vsubcuq) RUN4(vaddeuqm) RUN4(vaddecuq) RUN4(vsubeuqm)
RUN4(vsubecuq) RUN4(vmsumudm)
RUN3T(vrlwmi) RUN3T(vrldmi) RUN3(vrlwnm) RUN3(vrldnm)
RUN2A(vmul10uq) RUN2A(vmul10cuq) RUN3(vmul10euq) RUN3(vmul10ecuq)

struct named_run {
    const char *name;
    run_fn run;
};
#define NR(n) {#n, run_##n},
static const struct named_run tests[] = {
    NR(vpkpx) NR(vupkhpx) NR(vupklpx) NR(vaddcuq) NR(vsubcuq) NR(vaddeuqm)
    NR(vaddecuq) NR(vsubeuqm) NR(vsubecuq) NR(vmsumudm) NR(vrlwmi)
    NR(vrldmi) NR(vrlwnm) NR(vrldnm) NR(vmul10uq) NR(vmul10cuq)
    NR(vmul10euq) NR(vmul10ecuq)
};

int main(void)
{
    unsigned bad = 0;

    for (unsigned k = 0; k < sizeof(tests) / sizeof(tests[0]); k++) {
        for (int n = 0; n < 64; n++) {
            vec a, b, c, r, t, want;

            rnd_vec(a);
            rnd_vec(b);
            rnd_vec(c);
            rnd_vec(t);
            if (n & 1) {
                /* carries: all-ones and complementary operands */
                memset(a, 0xff, 16 - (n & 7));
                for (int i = 0; i < 16; i++) {
                    b[i] = (uint8_t)(n & 2 ? ~a[i] : b[i]);
                }
            }
            if (tests[k].name[6] == 'e') {
                b[15] = (uint8_t)(b[15] % 10); /* a decimal digit */
            }
            memcpy(r, t, 16);
            tests[k].run(r, a, b, c);
            ref(tests[k].name, want, a, b, c, t);
            if (!vec_eq(r, want)) {
                fail_vec(tests[k].name, a, b, c, r, want);
                bad++;
            }
        }
    }
    CHECK_EQ("vmx integer additions failing", bad, 0);

    /* a fixed vpkpx case from the ISA's field layout: word 0x01f8f8f8 ->
       1 11111 11111 11111 */
    {
        vec a = {0x01, 0xf8, 0xf8, 0xf8}, b = {0}, c = {0}, r;
        run_vpkpx(r, a, b, c);
        CHECK_EQ("vpkpx fixed", get(r, 2, 0), 0xffff);
    }
    /* vmul10cuq of 2^128 - 1: the carry is 9 */
    {
        vec a, b = {0}, c = {0}, r;
        memset(a, 0xff, 16);
        run_vmul10cuq(r, a, b, c);
        CHECK_EQ("vmul10cuq carry", get(r, 8, 1), 9);
    }
    return 0;
}
