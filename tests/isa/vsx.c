/*
 * The vector-scalar facility (Power ISA 3.0B Book I chapter 7).
 *
 * As in vmx.c, lxvb16x/stxvb16x carry registers to and from 16-byte
 * buffers in the ISA's byte numbering (b[0] = the leftmost byte), so the
 * expectations below are the ISA's pseudocode applied to those bytes,
 * with the byte-order rules of each load and store (7.3) for the current
 * mode.  Floating-point results are exact values, or were computed by the
 * host's IEEE arithmetic when the test was written (noted).
 */
#include "fpvec.h"


static const int le_mode = __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__;



/* ------------------------------------------------ vector loads/stores */

static void test_vector_ldst(void)
{
    uint8_t mem[64] __attribute__((aligned(16)));
    uint8_t *p = mem + 17; /* unaligned on purpose */
    vec r, want;

    for (int i = 0; i < 64; i++) {
        mem[i] = (uint8_t)(0x80 + i);
    }

    /* lxvd2x: doubleword i is the guest-order doubleword at EA+8i */
    __asm__ volatile("lxvd2x 33, 0, %1\n\tstxvb16x 33, 0, %0"
                     : : "r"(r), "r"(p) : "memory");
    for (int d = 0; d < 2; d++) {
        for (int k = 0; k < 8; k++) {
            want[8 * d + k] = p[8 * d + (le_mode ? 7 - k : k)];
        }
    }
    CHECK("lxvd2x", vec_eq(r, want));
    /* lxvw4x, lxvh8x: the same per word, per halfword */
    __asm__ volatile("lxvw4x 33, 0, %1\n\tstxvb16x 33, 0, %0"
                     : : "r"(r), "r"(p) : "memory");
    for (int w = 0; w < 4; w++) {
        for (int k = 0; k < 4; k++) {
            want[4 * w + k] = p[4 * w + (le_mode ? 3 - k : k)];
        }
    }
    CHECK("lxvw4x", vec_eq(r, want));
    __asm__ volatile("lxvh8x 33, 0, %1\n\tstxvb16x 33, 0, %0"
                     : : "r"(r), "r"(p) : "memory");
    for (int h = 0; h < 8; h++) {
        for (int k = 0; k < 2; k++) {
            want[2 * h + k] = p[2 * h + (le_mode ? 1 - k : k)];
        }
    }
    CHECK("lxvh8x", vec_eq(r, want));
    /* lxvx, lxv: BE byte i = MEM(EA+i); LE the quadword reversed */
    for (int i = 0; i < 16; i++) {
        want[i] = p[le_mode ? 15 - i : i];
    }
    __asm__ volatile("lxvx 33, 0, %1\n\tstxvb16x 33, 0, %0"
                     : : "r"(r), "r"(p) : "memory");
    CHECK("lxvx", vec_eq(r, want));
    memset(r, 0, 16);
    __asm__ volatile("lxv 33, 16(%1)\n\tstxvb16x 33, 0, %0"
                     : : "r"(r), "b"(p - 16) : "memory");
    CHECK("lxv", vec_eq(r, want));
    memset(r, 0, 16);
    __asm__ volatile("lxv 1, 0(%1)\n\tstxvb16x 1, 0, %0"
                     : : "r"(r), "b"(p) : "memory");
    CHECK("lxv vs1", vec_eq(r, want));

    /* the stores are the inverses: store, then compare memory */
    {
        uint8_t out[32];
        vec src;
        for (int i = 0; i < 16; i++) {
            src[i] = (uint8_t)(0x20 + 3 * i);
        }
        memset(out, 0, sizeof(out));
        __asm__ volatile("lxvb16x 40, 0, %1\n\tstxvd2x 40, 0, %0"
                         : : "r"(out + 1), "r"(src) : "memory");
        for (int d = 0; d < 2; d++) {
            for (int k = 0; k < 8; k++) {
                want[8 * d + (le_mode ? 7 - k : k)] = src[8 * d + k];
            }
        }
        CHECK("stxvd2x", memcmp(out + 1, want, 16) == 0);
        __asm__ volatile("lxvb16x 40, 0, %1\n\tstxvw4x 40, 0, %0"
                         : : "r"(out + 1), "r"(src) : "memory");
        for (int w = 0; w < 4; w++) {
            for (int k = 0; k < 4; k++) {
                want[4 * w + (le_mode ? 3 - k : k)] = src[4 * w + k];
            }
        }
        CHECK("stxvw4x", memcmp(out + 1, want, 16) == 0);
        __asm__ volatile("lxvb16x 40, 0, %1\n\tstxvh8x 40, 0, %0"
                         : : "r"(out + 1), "r"(src) : "memory");
        for (int h = 0; h < 8; h++) {
            for (int k = 0; k < 2; k++) {
                want[2 * h + (le_mode ? 1 - k : k)] = src[2 * h + k];
            }
        }
        CHECK("stxvh8x", memcmp(out + 1, want, 16) == 0);
        for (int i = 0; i < 16; i++) {
            want[le_mode ? 15 - i : i] = src[i];
        }
        __asm__ volatile("lxvb16x 40, 0, %1\n\tstxvx 40, 0, %0"
                         : : "r"(out + 1), "r"(src) : "memory");
        CHECK("stxvx", memcmp(out + 1, want, 16) == 0);
        memset(out, 0, sizeof(out));
        __asm__ volatile("lxvb16x 40, 0, %1\n\tstxv 40, 16(%0)"
                         : : "b"(out), "r"(src) : "memory");
        CHECK("stxv", memcmp(out + 16, want, 16) == 0);
    }

    /* lxvdsx: the doubleword twice; lxvwsx: the word four times */
    __asm__ volatile("lxvdsx 33, 0, %1\n\tstxvb16x 33, 0, %0"
                     : : "r"(r), "r"(p) : "memory");
    for (int k = 0; k < 8; k++) {
        want[k] = want[8 + k] = p[le_mode ? 7 - k : k];
    }
    CHECK("lxvdsx", vec_eq(r, want));
    __asm__ volatile("lxvwsx 33, 0, %1\n\tstxvb16x 33, 0, %0"
                     : : "r"(r), "r"(p) : "memory");
    for (int i = 0; i < 16; i++) {
        want[i] = p[le_mode ? 3 - (i & 3) : (i & 3)];
    }
    CHECK("lxvwsx", vec_eq(r, want));
}

/* lxvl/lxvll with nb bytes, stxvl/stxvll back */
static void test_length(void)
{
    static const unsigned nbs[] = {0, 1, 5, 15, 16, 200};
    uint8_t mem[32];
    vec r, want;

    for (int i = 0; i < 32; i++) {
        mem[i] = (uint8_t)(0x30 + i);
    }
    for (unsigned k = 0; k < sizeof(nbs) / sizeof(nbs[0]); k++) {
        unsigned nb = nbs[k], n = nb > 16 ? 16 : nb;
        uint64_t rb = (uint64_t)nb << 56;
        uint8_t out[24];

        /* lxvl: BE bytes 0..n-1, LE bytes 15..16-n (mirrored); rest 0 */
        memset(want, 0, 16);
        for (unsigned i = 0; i < n; i++) {
            want[le_mode ? 15 - i : i] = mem[i];
        }
        memset(r, 0xee, 16);
        __asm__ volatile("lxvl 34, %1, %2\n\tstxvb16x 34, 0, %0"
                         : : "r"(r), "b"(mem), "r"(rb) : "memory");
        CHECK("lxvl", vec_eq(r, want));
        /* stxvl stores those same n bytes back */
        memset(out, 0, sizeof(out));
        __asm__ volatile("stxvl 34, %0, %1" : : "b"(out), "r"(rb) : "memory");
        CHECK("stxvl", memcmp(out, mem, n) == 0 && out[n] == 0);
        /* lxvll/stxvll: byte i = MEM(EA+i) in either mode */
        memset(want, 0, 16);
        memcpy(want, mem, n);
        __asm__ volatile("lxvll 3, %1, %2\n\tstxvb16x 3, 0, %0"
                         : : "r"(r), "b"(mem), "r"(rb) : "memory");
        CHECK("lxvll", vec_eq(r, want));
        memset(out, 0, sizeof(out));
        __asm__ volatile("stxvll 3, %0, %1" : : "b"(out), "r"(rb) : "memory");
        CHECK("stxvll", memcmp(out, mem, n) == 0 && out[n] == 0);
    }
}

/* ------------------------------------------------------- scalar ones */

static void test_scalar_ldst(void)
{
    uint64_t d = 0x0123456789abcdefull, g;
    uint32_t w = 0x80000005u, s1 = 0x3fc00000u; /* 1.5f */
    uint16_t h = 0xbeef;
    uint8_t b = 0xa5;
    vec r, init, want;

    mk(init, 0x1111111111111111ull, 0x2222222222222222ull);
    /* lxsdx: doubleword 0 (doubleword 1 undefined, not checked) */
    __asm__ volatile("lxvb16x 5, 0, %1\n\tlxsdx 5, 0, %2\n\t"
                     "stxvb16x 5, 0, %0"
                     : : "r"(r), "r"(init), "r"(&d) : "memory");
    CHECK_EQ("lxsdx", get(r, 8, 0), d);
    __asm__ volatile("lxsiwax 40, 0, %1\n\tstxvb16x 40, 0, %0"
                     : : "r"(r), "r"(&w) : "memory");
    CHECK_EQ("lxsiwax", get(r, 8, 0), 0xffffffff80000005ull);
    __asm__ volatile("lxsiwzx 40, 0, %1\n\tstxvb16x 40, 0, %0"
                     : : "r"(r), "r"(&w) : "memory");
    CHECK_EQ("lxsiwzx", get(r, 8, 0), 0x80000005ull);
    __asm__ volatile("lxsspx 40, 0, %1\n\tstxvb16x 40, 0, %0"
                     : : "r"(r), "r"(&s1) : "memory");
    CHECK_EQ("lxsspx", get(r, 8, 0), 0x3ff8000000000000ull);
    /* the ISA 3.0 scalar loads set doubleword 1 to 0 (7.6.1, lxsibzx,
       lxsihzx, lxsd, lxssp: "VSR[...].dword[1] <- 0"): the target starts
       as init, whose doubleword 1 is not 0 */
    __asm__ volatile("lxvb16x 40, 0, %2\n\tlxsihzx 40, 0, %1\n\t"
                     "stxvb16x 40, 0, %0"
                     : : "r"(r), "r"(&h), "r"(init) : "memory");
    CHECK_EQ("lxsihzx", get(r, 8, 0), 0xbeef);
    CHECK_EQ("lxsihzx doubleword 1", get(r, 8, 1), 0);
    __asm__ volatile("lxvb16x 40, 0, %2\n\tlxsibzx 40, 0, %1\n\t"
                     "stxvb16x 40, 0, %0"
                     : : "r"(r), "r"(&b), "r"(init) : "memory");
    CHECK_EQ("lxsibzx", get(r, 8, 0), 0xa5);
    CHECK_EQ("lxsibzx doubleword 1", get(r, 8, 1), 0);
    /* lxsd/lxssp (DS form, VR operand) */
    __asm__ volatile("lxvb16x 39, 0, %2\n\tlxsd 7, 0(%1)\n\t"
                     "stxvb16x 39, 0, %0"
                     : : "r"(r), "b"(&d), "r"(init) : "memory");
    CHECK_EQ("lxsd", get(r, 8, 0), d);
    CHECK_EQ("lxsd doubleword 1", get(r, 8, 1), 0);
    __asm__ volatile("lxvb16x 39, 0, %2\n\tlxssp 7, 0(%1)\n\t"
                     "stxvb16x 39, 0, %0"
                     : : "r"(r), "b"(&s1), "r"(init) : "memory");
    CHECK_EQ("lxssp", get(r, 8, 0), 0x3ff8000000000000ull);
    CHECK_EQ("lxssp doubleword 1", get(r, 8, 1), 0);

    /* the stores take doubleword 0 (or its low word/halfword/byte) */
    mk(want, 0xfedcba9876543210ull, 0x5555555555555555ull);
    g = 0;
    __asm__ volatile("lxvb16x 6, 0, %1\n\tstxsdx 6, 0, %0"
                     : : "r"(&g), "r"(want) : "memory");
    CHECK_EQ("stxsdx", g, 0xfedcba9876543210ull);
    w = 0;
    __asm__ volatile("lxvb16x 6, 0, %1\n\tstxsiwx 6, 0, %0"
                     : : "r"(&w), "r"(want) : "memory");
    CHECK_EQ("stxsiwx", w, 0x76543210u);
    h = 0;
    __asm__ volatile("lxvb16x 38, 0, %1\n\tstxsihx 38, 0, %0"
                     : : "r"(&h), "r"(want) : "memory");
    CHECK_EQ("stxsihx", h, 0x3210);
    b = 0;
    __asm__ volatile("lxvb16x 38, 0, %1\n\tstxsibx 38, 0, %0"
                     : : "r"(&b), "r"(want) : "memory");
    CHECK_EQ("stxsibx", b, 0x10);
    mk(want, 0x3ff8000000000000ull, 0);
    w = 0;
    __asm__ volatile("lxvb16x 6, 0, %1\n\tstxsspx 6, 0, %0"
                     : : "r"(&w), "r"(want) : "memory");
    CHECK_EQ("stxsspx", w, 0x3fc00000u);
    {
        uint64_t two[2] = {0, 0};
        __asm__ volatile("lxvb16x 36, 0, %1\n\tstxsd 4, 8(%0)"
                         : : "b"(two), "r"(want) : "memory");
        CHECK_EQ("stxsd", two[1], 0x3ff8000000000000ull);
    }
    w = 0;
    __asm__ volatile("lxvb16x 36, 0, %1\n\tstxssp 4, 0(%0)"
                     : : "b"(&w), "r"(want) : "memory");
    CHECK_EQ("stxssp", w, 0x3fc00000u);
}

static void test_moves(void)
{
    vec r, src;
    uint64_t g;

    mk(src, 0x0011223344556677ull, 0x8899aabbccddeeffull);
    __asm__ volatile("lxvb16x 9, 0, %1\n\tmfvsrd %0, 9"
                     : "=r"(g) : "r"(src) : "memory");
    CHECK_EQ("mfvsrd", g, 0x0011223344556677ull);
    __asm__ volatile("lxvb16x 41, 0, %1\n\tmfvsrwz %0, 41"
                     : "=r"(g) : "r"(src) : "memory");
    CHECK_EQ("mfvsrwz", g, 0x44556677ull);
    __asm__ volatile("lxvb16x 41, 0, %1\n\tmfvsrld %0, 41"
                     : "=r"(g) : "r"(src) : "memory");
    CHECK_EQ("mfvsrld", g, 0x8899aabbccddeeffull);
    __asm__ volatile("mtvsrd 42, %1\n\tstxvb16x 42, 0, %0"
                     : : "r"(r), "r"(0x1234567890abcdefull) : "memory");
    CHECK_EQ("mtvsrd", get(r, 8, 0), 0x1234567890abcdefull);
    __asm__ volatile("mtvsrwa 42, %1\n\tstxvb16x 42, 0, %0"
                     : : "r"(r), "r"(0x12345678fffffffeull) : "memory");
    CHECK_EQ("mtvsrwa", get(r, 8, 0), 0xfffffffffffffffeull);
    __asm__ volatile("mtvsrwz 10, %1\n\tstxvb16x 10, 0, %0"
                     : : "r"(r), "r"(0x12345678fffffffeull) : "memory");
    CHECK_EQ("mtvsrwz", get(r, 8, 0), 0xfffffffeull);
    __asm__ volatile("mtvsrdd 10, %1, %2\n\tstxvb16x 10, 0, %0"
                     : : "r"(r), "b"(0x1111ull), "r"(0x2222ull) : "memory");
    CHECK("mtvsrdd", get(r, 8, 0) == 0x1111 && get(r, 8, 1) == 0x2222);
    __asm__ volatile("mtvsrdd 10, 0, %1\n\tstxvb16x 10, 0, %0"
                     : : "r"(r), "r"(0x2222ull) : "memory");
    CHECK("mtvsrdd RA=0", get(r, 8, 0) == 0 && get(r, 8, 1) == 0x2222);
    __asm__ volatile("mtvsrws 44, %1\n\tstxvb16x 44, 0, %0"
                     : : "r"(r), "r"(0xaaaaaaaa01020304ull) : "memory");
    CHECK("mtvsrws", get(r, 8, 0) == 0x0102030401020304ull &&
                         get(r, 8, 1) == 0x0102030401020304ull);
}

/* ------------------------------------------------- logical, permute */

#define XX3R(insn, xt, xa, xb)                                                \
    __asm__ volatile("lxvb16x " #xa ", 0, %1\n\tlxvb16x " #xb ", 0, %2\n\t"   \
                     insn " " #xt ", " #xa ", " #xb "\n\tstxvb16x " #xt       \
                     ", 0, %0"                                                \
                     : : "r"(r), "r"(a), "r"(b) : "memory")

static void test_permute(void)
{
    vec a, b, c, r, want;

    for (int i = 0; i < 16; i++) {
        a[i] = (uint8_t)(0x10 + i);
        b[i] = (uint8_t)(0xe0 + i);
        c[i] = (uint8_t)(i * 37);
    }
    XX3R("xxland", 3, 4, 36);
    for (int i = 0; i < 16; i++) want[i] = a[i] & b[i];
    CHECK("xxland", vec_eq(r, want));
    XX3R("xxlorc", 35, 4, 36);
    for (int i = 0; i < 16; i++) want[i] = a[i] | (uint8_t)~b[i];
    CHECK("xxlorc", vec_eq(r, want));
    XX3R("xxlxor", 3, 4, 36);
    for (int i = 0; i < 16; i++) want[i] = a[i] ^ b[i];
    CHECK("xxlxor", vec_eq(r, want));
    XX3R("xxlnor", 3, 4, 36);
    for (int i = 0; i < 16; i++) want[i] = (uint8_t)~(a[i] | b[i]);
    CHECK("xxlnor", vec_eq(r, want));
    XX3R("xxlandc", 3, 4, 36);
    for (int i = 0; i < 16; i++) want[i] = a[i] & (uint8_t)~b[i];
    CHECK("xxlandc", vec_eq(r, want));
    XX3R("xxlnand", 3, 4, 36);
    for (int i = 0; i < 16; i++) want[i] = (uint8_t)~(a[i] & b[i]);
    CHECK("xxlnand", vec_eq(r, want));
    XX3R("xxleqv", 3, 4, 36);
    for (int i = 0; i < 16; i++) want[i] = (uint8_t)~(a[i] ^ b[i]);
    CHECK("xxleqv", vec_eq(r, want));
    XX3R("xxlor", 3, 4, 36);
    for (int i = 0; i < 16; i++) want[i] = a[i] | b[i];
    CHECK("xxlor", vec_eq(r, want));

    /* xxpermdi DM: XA's doubleword DM[0], XB's DM[1] */
    __asm__ volatile("lxvb16x 4, 0, %1\n\tlxvb16x 36, 0, %2\n\t"
                     "xxpermdi 3, 4, 36, 0\n\tstxvb16x 3, 0, %0"
                     : : "r"(r), "r"(a), "r"(b) : "memory");
    memcpy(want, a, 8);
    memcpy(want + 8, b, 8);
    CHECK("xxpermdi 0", vec_eq(r, want));
    __asm__ volatile("lxvb16x 4, 0, %1\n\tlxvb16x 36, 0, %2\n\t"
                     "xxpermdi 3, 4, 36, 3\n\tstxvb16x 3, 0, %0"
                     : : "r"(r), "r"(a), "r"(b) : "memory");
    memcpy(want, a + 8, 8);
    memcpy(want + 8, b + 8, 8);
    CHECK("xxpermdi 3", vec_eq(r, want));
    /* xxswapd (xxpermdi XT,XA,XA,2) */
    __asm__ volatile("lxvb16x 4, 0, %1\n\txxswapd 3, 4\n\t"
                     "stxvb16x 3, 0, %0" : : "r"(r), "r"(a) : "memory");
    memcpy(want, a + 8, 8);
    memcpy(want + 8, a, 8);
    CHECK("xxswapd", vec_eq(r, want));
    /* xxsldwi 1: words 1..4 of XA||XB */
    __asm__ volatile("lxvb16x 4, 0, %1\n\tlxvb16x 36, 0, %2\n\t"
                     "xxsldwi 3, 4, 36, 1\n\tstxvb16x 3, 0, %0"
                     : : "r"(r), "r"(a), "r"(b) : "memory");
    memcpy(want, a + 4, 12);
    memcpy(want + 12, b, 4);
    CHECK("xxsldwi", vec_eq(r, want));
    /* xxmrghw, xxmrglw */
    XX3R("xxmrghw", 3, 4, 36);
    memcpy(want, a, 4); memcpy(want + 4, b, 4);
    memcpy(want + 8, a + 4, 4); memcpy(want + 12, b + 4, 4);
    CHECK("xxmrghw", vec_eq(r, want));
    XX3R("xxmrglw", 3, 4, 36);
    memcpy(want, a + 8, 4); memcpy(want + 4, b + 8, 4);
    memcpy(want + 8, a + 12, 4); memcpy(want + 12, b + 12, 4);
    CHECK("xxmrglw", vec_eq(r, want));
    /* xxsel: (XA & ~XC) | (XB & XC) */
    __asm__ volatile("lxvb16x 4, 0, %1\n\tlxvb16x 36, 0, %2\n\t"
                     "lxvb16x 37, 0, %3\n\txxsel 3, 4, 36, 37\n\t"
                     "stxvb16x 3, 0, %0"
                     : : "r"(r), "r"(a), "r"(b), "r"(c) : "memory");
    for (int i = 0; i < 16; i++) want[i] = (a[i] & ~c[i]) | (b[i] & c[i]);
    CHECK("xxsel", vec_eq(r, want));
    /* xxspltw 2, xxspltib 0x9c */
    __asm__ volatile("lxvb16x 36, 0, %1\n\txxspltw 3, 36, 2\n\t"
                     "stxvb16x 3, 0, %0" : : "r"(r), "r"(b) : "memory");
    for (int i = 0; i < 16; i++) want[i] = b[8 + (i & 3)];
    CHECK("xxspltw", vec_eq(r, want));
    __asm__ volatile("xxspltib 3, 0x9c\n\tstxvb16x 3, 0, %0"
                     : : "r"(r) : "memory");
    memset(want, 0x9c, 16);
    CHECK("xxspltib", vec_eq(r, want));
    /* xxbr[hwdq]: bytes of each element reversed */
    __asm__ volatile("lxvb16x 36, 0, %1\n\txxbrh 3, 36\n\t"
                     "stxvb16x 3, 0, %0" : : "r"(r), "r"(a) : "memory");
    for (int i = 0; i < 16; i++) want[i] = a[i ^ 1];
    CHECK("xxbrh", vec_eq(r, want));
    __asm__ volatile("lxvb16x 36, 0, %1\n\txxbrw 3, 36\n\t"
                     "stxvb16x 3, 0, %0" : : "r"(r), "r"(a) : "memory");
    for (int i = 0; i < 16; i++) want[i] = a[i ^ 3];
    CHECK("xxbrw", vec_eq(r, want));
    __asm__ volatile("lxvb16x 36, 0, %1\n\txxbrd 3, 36\n\t"
                     "stxvb16x 3, 0, %0" : : "r"(r), "r"(a) : "memory");
    for (int i = 0; i < 16; i++) want[i] = a[i ^ 7];
    CHECK("xxbrd", vec_eq(r, want));
    __asm__ volatile("lxvb16x 36, 0, %1\n\txxbrq 3, 36\n\t"
                     "stxvb16x 3, 0, %0" : : "r"(r), "r"(a) : "memory");
    for (int i = 0; i < 16; i++) want[i] = a[15 - i];
    CHECK("xxbrq", vec_eq(r, want));
    /* xxperm XT,XA,XB: (XA||XT).byte[XB.byte[i] & 31]; xxpermr from the
       right */
    __asm__ volatile("lxvb16x 4, 0, %1\n\tlxvb16x 3, 0, %2\n\t"
                     "lxvb16x 36, 0, %3\n\txxperm 3, 4, 36\n\t"
                     "stxvb16x 3, 0, %0"
                     : : "r"(r), "r"(a), "r"(b), "r"(c) : "memory");
    for (int i = 0; i < 16; i++) {
        unsigned k = c[i] & 31;
        want[i] = k < 16 ? a[k] : b[k - 16];
    }
    CHECK("xxperm", vec_eq(r, want));
    __asm__ volatile("lxvb16x 4, 0, %1\n\tlxvb16x 3, 0, %2\n\t"
                     "lxvb16x 36, 0, %3\n\txxpermr 3, 4, 36\n\t"
                     "stxvb16x 3, 0, %0"
                     : : "r"(r), "r"(a), "r"(b), "r"(c) : "memory");
    for (int i = 0; i < 16; i++) {
        unsigned k = 31 - (c[i] & 31);
        want[i] = k < 16 ? a[k] : b[k - 16];
    }
    CHECK("xxpermr", vec_eq(r, want));
    /* xxextractuw 5: bytes 5..8 of XB into word 1; xxinsertw 12 */
    __asm__ volatile("lxvb16x 36, 0, %1\n\txxextractuw 3, 36, 5\n\t"
                     "stxvb16x 3, 0, %0" : : "r"(r), "r"(b) : "memory");
    memset(want, 0, 16);
    memcpy(want + 4, b + 5, 4);
    CHECK("xxextractuw", vec_eq(r, want));
    __asm__ volatile("lxvb16x 3, 0, %1\n\tlxvb16x 36, 0, %2\n\t"
                     "xxinsertw 3, 36, 12\n\tstxvb16x 3, 0, %0"
                     : : "r"(r), "r"(a), "r"(b) : "memory");
    memcpy(want, a, 16);
    memcpy(want + 12, b + 4, 4);
    CHECK("xxinsertw", vec_eq(r, want));
}

/* --------------------------------------------- scalar floating point */

static uint64_t fpscr(void)
{
    double d;
    uint64_t u;

    __asm__ volatile("mffs %0" : "=d"(d));
    memcpy(&u, &d, 8);
    return u;
}

static void clear_fpscr(void)
{
    __asm__ volatile("mtfsf 0xff, %0, 1, 0" : : "d"(0.0));
}

/* runs "insn XT,XA,XB" with XT preloaded (for the fused forms); returns
   the result; dw1 is checked to be 0 */
#define XS3(insn, t0, x, y, out)                                              \
    do {                                                                      \
        vec in_t, in_a, in_b;                                                 \
        mk(in_t, (t0), 0x7777777777777777ull);                                \
        mk(in_a, (x), 0x5555555555555555ull);                                 \
        mk(in_b, (y), 0x6666666666666666ull);                                 \
        __asm__ volatile("lxvb16x 3, 0, %1\n\tlxvb16x 36, 0, %2\n\t"          \
                         "lxvb16x 37, 0, %3\n\t" insn " 3, 36, 37\n\t"        \
                         "stxvb16x 3, 0, %0"                                  \
                         : : "r"(out), "r"(in_t), "r"(in_a), "r"(in_b)        \
                         : "memory");                                         \
    } while (0)
#define XS2(insn, x, out)                                                     \
    do {                                                                      \
        vec in_b;                                                             \
        mk(in_b, (x), 0x6666666666666666ull);                                 \
        __asm__ volatile("lxvb16x 3, 0, %1\n\tlxvb16x 37, 0, %2\n\t"          \
                         insn " 3, 37\n\tstxvb16x 3, 0, %0"                   \
                         : : "r"(out), "r"(in_b), "r"(in_b) : "memory");      \
    } while (0)

#define D1_5 0x3ff8000000000000ull
#define D2_25 0x4002000000000000ull
#define D0_5 0x3fe0000000000000ull
#define D1 0x3ff0000000000000ull
#define D3 0x4008000000000000ull
#define D1_1 0x3ff199999999999aull
#define DM1_21 0xbff35c28f5c28f5cull

static void test_scalar_fp(void)
{
    vec r;
    uint64_t cr;

    clear_fpscr();
    XS3("xsadddp", 0, D1_5, D2_25, r);
    CHECK_EQ("xsadddp", get(r, 8, 0), 0x400e000000000000ull); /* 3.75 */
    CHECK_EQ("xsadddp dw1", get(r, 8, 1), 0);
    XS3("xssubdp", 0, D1_5, D2_25, r);
    CHECK_EQ("xssubdp", get(r, 8, 0), 0xbfe8000000000000ull); /* -0.75 */
    XS3("xsmuldp", 0, D1_5, D2_25, r);
    CHECK_EQ("xsmuldp", get(r, 8, 0), 0x400b000000000000ull); /* 3.375 */
    XS3("xsdivdp", 0, D1, D3, r);
    CHECK_EQ("xsdivdp 1/3", get(r, 8, 0), 0x3fd5555555555555ull);
    CHECK("xsdivdp 1/3 XX FI", (fpscr() & 0x02020000) == 0x02020000);
    clear_fpscr();
    /* a forms: XT = XA*XB + XT; m forms: XT = XA*XT + XB */
    XS3("xsmaddadp", D0_5, D1_5, D2_25, r);
    CHECK_EQ("xsmaddadp", get(r, 8, 0), 0x400f000000000000ull); /* 3.875 */
    XS3("xsmaddmdp", D2_25, D1_5, D0_5, r);
    CHECK_EQ("xsmaddmdp", get(r, 8, 0), 0x400f000000000000ull);
    XS3("xsnmsubadp", D0_5, D1_5, D2_25, r);
    CHECK_EQ("xsnmsubadp", get(r, 8, 0), 0xc007000000000000ull); /* -2.875 */
    /* fused: 1.1*1.1 - 1.21 keeps the product's low bits (host fma()) */
    XS3("xsmsubadp", 0x3ff35c28f5c28f5cull, D1_1, D1_1, r);
    CHECK_EQ("xsmsubadp fused", get(r, 8, 0), 0x3cb0a3d70a3d70a4ull);
    (void)DM1_21;
    XS2("xssqrtdp", 0x4000000000000000ull, r);
    CHECK_EQ("xssqrtdp 2", get(r, 8, 0), 0x3ff6a09e667f3bcdull);
    /* single: 1/3 rounded to single, kept in double format */
    XS3("xsdivsp", 0, D1, D3, r);
    CHECK_EQ("xsdivsp 1/3", get(r, 8, 0), 0x3fd5555560000000ull);
    XS2("xsrsp", 0x3fd5555555555555ull, r);
    CHECK_EQ("xsrsp", get(r, 8, 0), 0x3fd5555560000000ull);
    XS2("xscvdpsp", 0x3fd5555555555555ull, r);
    CHECK_EQ("xscvdpsp word 0", get(r, 4, 0), 0x3eaaaaabull);
    XS2("xscvspdp", 0x3eaaaaab00000000ull, r);
    CHECK_EQ("xscvspdp", get(r, 8, 0), 0x3fd5555560000000ull);
    /* non-signalling forms: an SNaN passes unchanged, FPSCR untouched */
    clear_fpscr();
    XS2("xscvspdpn", 0x7f80000100000000ull, r);
    CHECK_EQ("xscvspdpn snan", get(r, 8, 0), 0x7ff0000020000000ull);
    XS2("xscvdpspn", 0x7ff0000020000000ull, r);
    CHECK_EQ("xscvdpspn snan", get(r, 4, 0), 0x7f800001ull);
    CHECK_EQ("xscvdpspn fpscr", fpscr(), 0);
    /* conversions to integer round toward zero */
    XS2("xscvdpsxds", 0xc016cccccccccccdull, r); /* -5.7 */
    CHECK_EQ("xscvdpsxds", get(r, 8, 0), (uint64_t)-5);
    XS2("xscvdpsxws", 0xc016cccccccccccdull, r);
    CHECK_EQ("xscvdpsxws word 1", get(r, 4, 1), 0xfffffffbull);
    XS2("xscvdpuxds", 0x43f0000000000000ull, r); /* 2^64: saturates */
    CHECK_EQ("xscvdpuxds", get(r, 8, 0), ~0ull);
    CHECK("xscvdpuxds VXCVI", fpscr() & (1u << 8));
    clear_fpscr();
    XS2("xscvsxddp", (uint64_t)-3, r);
    CHECK_EQ("xscvsxddp", get(r, 8, 0), 0xc008000000000000ull);
    XS2("xscvuxddp", 3, r);
    CHECK_EQ("xscvuxddp", get(r, 8, 0), D3);
    XS2("xsrdpi", 0x4004000000000000ull, r); /* 2.5: ties away */
    CHECK_EQ("xsrdpi", get(r, 8, 0), D3);
    XS2("xsrdpiz", 0xc016cccccccccccdull, r);
    CHECK_EQ("xsrdpiz", get(r, 8, 0), 0xc014000000000000ull);
    XS2("xsrdpip", 0xc016cccccccccccdull, r);
    CHECK_EQ("xsrdpip", get(r, 8, 0), 0xc014000000000000ull);
    XS2("xsrdpim", 0xc016cccccccccccdull, r);
    CHECK_EQ("xsrdpim", get(r, 8, 0), 0xc018000000000000ull);
    /* sign operations on doubleword 0, doubleword 1 cleared */
    XS2("xsabsdp", 0xbff0000000000000ull, r);
    CHECK("xsabsdp", get(r, 8, 0) == D1 && get(r, 8, 1) == 0);
    XS2("xsnegdp", D1, r);
    CHECK_EQ("xsnegdp", get(r, 8, 0), 0xbff0000000000000ull);
    XS2("xsnabsdp", D1, r);
    CHECK_EQ("xsnabsdp", get(r, 8, 0), 0xbff0000000000000ull);
    XS3("xscpsgndp", 0, 0x8000000000000000ull, D3, r);
    CHECK_EQ("xscpsgndp", get(r, 8, 0), 0xc008000000000000ull);
    /* xvcpsgnsp: every word */
    {
        vec a, b;
        mk(a, 0x8000000000000000ull, 0x0000000080000000ull);
        mk(b, 0x3f8000003f800000ull, 0xbf800000bf800000ull);
        __asm__ volatile("lxvb16x 4, 0, %1\n\tlxvb16x 5, 0, %2\n\t"
                         "xvcpsgnsp 3, 4, 5\n\tstxvb16x 3, 0, %0"
                         : : "r"(r), "r"(a), "r"(b) : "memory");
        CHECK("xvcpsgnsp", get(r, 8, 0) == 0xbf8000003f800000ull &&
                               get(r, 8, 1) == 0x3f800000bf800000ull);
    }

    /* xscmpudp BF: LT GT EQ UN, and FPCC */
    {
        vec a, b;
        clear_fpscr();
        mk(a, D1, 0);
        mk(b, D3, 0);
        __asm__ volatile("lxvb16x 36, 0, %1\n\tlxvb16x 37, 0, %2\n\t"
                         "xscmpudp 5, 36, 37\n\tmfcr %0"
                         : "=r"(cr) : "r"(a), "r"(b) : "memory", "cr5");
        CHECK_EQ("xscmpudp lt", (cr >> 8) & 0xf, 8);
        CHECK_EQ("xscmpudp FPCC", (fpscr() >> 12) & 0xf, 8);
        mk(a, 0x7ff8000000000000ull, 0);
        __asm__ volatile("lxvb16x 36, 0, %1\n\tlxvb16x 37, 0, %2\n\t"
                         "xscmpodp 5, 36, 37\n\tmfcr %0"
                         : "=r"(cr) : "r"(a), "r"(b) : "memory", "cr5");
        CHECK_EQ("xscmpodp un", (cr >> 8) & 0xf, 1);
        CHECK("xscmpodp VXVC", fpscr() & (1u << 19));
        clear_fpscr();
    }
}

/* ------------------------------------------------ facility interrupts */

static int unavail_handler(struct rt_trap_frame *f)
{
    rt_trap.count++;
    rt_trap.vector = f->vector;
    rt_trap.srr0 = f->srr0;
    f->srr1 |= (1ull << 23) | (1ull << 25); /* VSX and VEC on, retry */
    return 1;
}

static void test_unavailable(void)
{
    uint64_t msr, at;
    vec a, r;

    for (int i = 0; i < 16; i++) {
        a[i] = (uint8_t)i;
    }
    rt_set_trap_handler(unavail_handler);
    __asm__ volatile("mfmsr %0" : "=r"(msr));

    /* MSR[VSX]=0: xxlor takes VSX unavailable at 0xf40 */
    rt_trap.count = 0;
    __asm__ volatile("mtmsrd %1\n\t"
                     "bl 1f\n"
                     "1:\tmflr %0\n\t"
                     "addi %0, %0, 8\n\t"
                     "xxlor 3, 4, 4"
                     : "=&b"(at)
                     : "r"(msr & ~(1ull << 23))
                     : "lr", "memory");
    CHECK_EQ("vsx unavailable: count", rt_trap.count, 1);
    CHECK_EQ("vsx unavailable: vector", rt_trap.vector, 0xf40);
    CHECK_EQ("vsx unavailable: srr0", rt_trap.srr0, at);

    /* ISA 3.0 loads to VSR 32-63 need only MSR[VEC]: lxv to vs33 with
       VSX off runs; with VEC off it takes vector unavailable */
    rt_trap.count = 0;
    __asm__ volatile("mtmsrd %2\n\t"
                     "lxv 33, 0(%1)\n\t"
                     "mtmsrd %3\n\t"
                     "stxvb16x 33, 0, %0"
                     : : "r"(r), "b"(a), "r"(msr & ~(1ull << 23)), "r"(msr)
                     : "memory");
    CHECK_EQ("lxv vs33 with VSX off", rt_trap.count, 0);
    rt_trap.count = 0;
    __asm__ volatile("mtmsrd %1\n\t"
                     "lxv 33, 0(%0)"
                     : : "b"(a), "r"(msr & ~(1ull << 25))
                     : "memory");
    CHECK_EQ("lxv vs33 with VEC off: count", rt_trap.count, 1);
    CHECK_EQ("lxv vs33 with VEC off: vector", rt_trap.vector, 0xf20);

    __asm__ volatile("mtmsrd %0" : : "r"(msr));
    rt_set_trap_handler(NULL);
}

int main(void)
{
    test_vector_ldst();
    test_length();
    test_scalar_ldst();
    test_moves();
    test_permute();
    test_scalar_fp();
    test_unavailable();
    return 0;
}
