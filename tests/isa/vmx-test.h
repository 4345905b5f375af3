/*
 * What the VMX test programs (tests/isa/vmx-*.c) share beyond lib/fpvec.h
 * (register images, element access, the failure report): a pseudo-random
 * operand generator, VSCR access and the register wrappers.
 */
#ifndef VMX_TEST_H
#define VMX_TEST_H

#include "fpvec.h"




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
