/*
 * What the VMX test programs (tests/isa/vmx-*.c) share: 16-byte buffers in
 * the ISA's numbering (b[0] is the leftmost byte; lxvb16x/stxvb16x move
 * them in either byte order), big-endian element access, a pseudo-random
 * operand generator and the failure report.
 */
#ifndef VMX_TEST_H
#define VMX_TEST_H

#include "isatest.h"

typedef uint8_t vec[16];

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

static uint64_t vt_rng = 0x9e3779b97f4a7c15ull;

static inline uint64_t rnd(void)
{
    vt_rng ^= vt_rng << 13;
    vt_rng ^= vt_rng >> 7;
    vt_rng ^= vt_rng << 17;
    return vt_rng;
}

static inline void rnd_vec(uint8_t *v)
{
    put(v, 8, 0, rnd());
    put(v, 8, 1, rnd());
}

static inline int vec_eq(const uint8_t *a, const uint8_t *b)
{
    return memcmp(a, b, 16) == 0;
}

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

static inline uint32_t get_vscr(void)
{
    vec t;

    __asm__ volatile("mfvscr 3\n\tstxvb16x 35, 0, %0" : : "r"(t) : "memory", "v3");
    return (uint32_t)get(t, 4, 3);
}

static inline void set_vscr(uint32_t v)
{
    vec t = {0};

    put(t, 4, 3, v);
    __asm__ volatile("lxvb16x 32, 0, %0\n\tmtvscr 0" : : "r"(t) : "memory", "v0");
}

/* VRT=v3, VRA=v0, VRB=v1, VRC=v2; RUN3 "insn 3,0,1", RUN2 "insn 3,1",
   RUN2A "insn 3,0", RUN4 "insn 3,0,1,2"; RUN3T also loads v3 from r
   first (for instructions that read VRT) */
typedef void (*run_fn)(uint8_t *r, const uint8_t *a, const uint8_t *b,
                       const uint8_t *c);
#define VT_LOAD "lxvb16x 32, 0, %1\n\tlxvb16x 33, 0, %2\n\tlxvb16x 34, 0, %3\n\t"
#define VT_STORE "\n\tstxvb16x 35, 0, %0"
#define VT_ARGS : : "r"(r), "r"(a), "r"(b), "r"(c) : "memory", "v0", "v1", "v2", "v3"
#define VT_RUN(name, text)                                                    \
    static void run_##name(uint8_t *r, const uint8_t *a, const uint8_t *b,    \
                           const uint8_t *c)                                  \
    {                                                                         \
        __asm__ volatile(VT_LOAD text VT_STORE VT_ARGS);                      \
    }
#define RUN3(insn) VT_RUN(insn, #insn " 3, 0, 1")
#define RUN2(insn) VT_RUN(insn, #insn " 3, 1")
#define RUN2A(insn) VT_RUN(insn, #insn " 3, 0")
#define RUN4(insn) VT_RUN(insn, #insn " 3, 0, 1, 2")
#define RUN3T(insn) VT_RUN(insn, "lxvb16x 35, 0, %0\n\t" #insn " 3, 0, 1")

/* CR6 (4 bits) after a record-form instruction text */
#define VT_RUN_CR6(name, text)                                                \
    static unsigned run_##name(uint8_t *r, const uint8_t *a,                  \
                               const uint8_t *b)                              \
    {                                                                         \
        uint64_t cr;                                                          \
        __asm__ volatile("lxvb16x 32, 0, %2\n\tlxvb16x 33, 0, %3\n\t"         \
                         "lxvb16x 35, 0, %1\n\t" text "\n\t"                  \
                         "mfcr %0\n\tstxvb16x 35, 0, %1"                      \
                         : "=r"(cr)                                           \
                         : "r"(r), "r"(a), "r"(b)                             \
                         : "memory", "cr6", "v0", "v1", "v3");                \
        return (unsigned)(cr >> 4) & 15;                                      \
    }

#endif
