/*
 * What the floating-point, VMX and VSX test programs share
 * (tests/isa/fp*.c, vmx*.c, vsx*.c): 16-byte register images in the
 * ISA's byte numbering (b[0] is the leftmost byte; lxvb16x/stxvb16x move
 * them in either byte order) with big-endian element access, doubles as
 * bit patterns, FPSCR access and its bits (Power ISA 3.0B Book I 4.2.2,
 * ISA bit n = 1 << (63 - n)), the report of a failed vector result, the
 * XX3 register wrapper, and the row types of the generated
 * build/isa/gen/fp-vectors.h.  (vmx-test.h adds what the VMX programs
 * alone share.)
 */
#ifndef ISA_FPVEC_H
#define ISA_FPVEC_H

#include "isatest.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

/* ---------------------------------------------------- register images */

typedef uint8_t vec[16];

/* element i of `size` bytes, the ISA's element numbering */
static inline uint64_t get(const uint8_t *v, int size, int i)
{
    uint64_t x = 0;

    for (int k = 0; k < size; k++) {
        x = x << 8 | v[i * size + k];
    }
    return x;
}

static inline void put(uint8_t *v, int size, int i, uint64_t x)
{
    for (int k = size - 1; k >= 0; k--) {
        v[i * size + k] = (uint8_t)x;
        x >>= 8;
    }
}

static inline unsigned __int128 get128(const uint8_t *v)
{
    return (unsigned __int128)get(v, 8, 0) << 64 | get(v, 8, 1);
}

static inline void put128(uint8_t *v, unsigned __int128 x)
{
    put(v, 8, 0, (uint64_t)(x >> 64));
    put(v, 8, 1, (uint64_t)x);
}

/* a register image from two doublewords, or four words */
static inline void mk(uint8_t *v, uint64_t d0, uint64_t d1)
{
    put(v, 8, 0, d0);
    put(v, 8, 1, d1);
}

static inline void mkw(uint8_t *v, uint32_t w0, uint32_t w1, uint32_t w2,
                       uint32_t w3)
{
    put(v, 4, 0, w0);
    put(v, 4, 1, w1);
    put(v, 4, 2, w2);
    put(v, 4, 3, w3);
}

static inline int vec_eq(const uint8_t *a, const uint8_t *b)
{
    return memcmp(a, b, 16) == 0;
}

/* the failure report of a vector result: the operands, got and want */
static inline void show(const char *what, const uint8_t *v)
{
    rt_printf(" %s=", what);
    for (int i = 0; i < 16; i++) {
        rt_printf("%02x", v[i]);
    }
}

static unsigned vt_reported;

/* counts a failed vector result, printing the first 20 */
static inline void fail_vec(const char *name, const uint8_t *a,
                            const uint8_t *b, const uint8_t *c,
                            const uint8_t *got, const uint8_t *want)
{
    if (vt_reported++ < 20) {
        rt_printf("FAIL %s", name);
        show("a", a);
        show("b", b);
        show("c", c);
        show("got", got);
        show("want", want);
        rt_printf("\n");
    }
}

/* r = INSN vs34, vs35, vs36 with vs34 = t (the old target), vs35 = a,
   vs36 = b */
#define XX3(insn, r, t, a, b)                                                 \
    __asm__ volatile("lxvb16x 34, 0, %1\n\tlxvb16x 35, 0, %2\n\t"             \
                     "lxvb16x 36, 0, %3\n\t" insn " 34, 35, 36\n\t"           \
                     "stxvb16x 34, 0, %0"                                     \
                     : : "r"(r), "r"(t), "r"(a), "r"(b) : "memory")

/* ----------------------------------------------------- FP and FPSCR */

static inline double dbl(uint64_t u)
{
    double d;
    memcpy(&d, &u, 8);
    return d;
}

static inline uint64_t bits(double d)
{
    uint64_t u;
    memcpy(&u, &d, 8);
    return u;
}

/* the whole FPSCR (mtfsf with L=1), and mffs */
static inline void set_fpscr(uint64_t v)
{
    __asm__ volatile("mtfsf 0xff, %0, 1, 0" : : "d"(dbl(v)) : "memory");
}

static inline uint64_t get_fpscr(void)
{
    double d;

    __asm__ volatile("mffs %0" : "=d"(d) : : "memory");
    return bits(d);
}

#define FPSCR_FX (1ull << 31)
#define FPSCR_FEX (1ull << 30)
#define FPSCR_VX (1ull << 29)
#define FPSCR_OX (1ull << 28)
#define FPSCR_UX (1ull << 27)
#define FPSCR_ZX (1ull << 26)
#define FPSCR_XX (1ull << 25)
#define FPSCR_VXSNAN (1ull << 24)
#define FPSCR_VXISI (1ull << 23)
#define FPSCR_VXIDI (1ull << 22)
#define FPSCR_VXZDZ (1ull << 21)
#define FPSCR_VXIMZ (1ull << 20)
#define FPSCR_VXVC (1ull << 19)
#define FPSCR_FR (1ull << 18)
#define FPSCR_FI (1ull << 17)
#define FPSCR_VXSOFT (1ull << 10)
#define FPSCR_VXSQRT (1ull << 9)
#define FPSCR_VXCVI (1ull << 8)
#define FPSCR_VE (1ull << 7)
#define FPSCR_OE (1ull << 6)
#define FPSCR_UE (1ull << 5)
#define FPSCR_ZE (1ull << 4)
#define FPSCR_XE (1ull << 3)

/* ------------------------------------------- the generated FP tables */

/* fp-vectors.h (tests/isa/gen/fp-vectors.c): op 0-8 double, 9-17
   single (add sub mul div sqrt madd msub nmadd nmsub); fpscr without RN */
struct fp_vec {
    uint8_t op, rn;
    uint64_t a, b, c, r;
    uint32_t fpscr;
};
struct fp_cvt_vec {
    uint8_t op, rn;
    uint64_t b, r;
    uint32_t fpscr;
};

#endif
