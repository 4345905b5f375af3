/*
 * Shared by the fixed-point ISA tests (arith.c, muldiv.c, compare.c,
 * logic.c, rotate.c): run one instruction with a chosen XER and read back
 * RT, XER and CR, then compare with values worked out from the Power ISA
 * 3.0B text (or computed by the C compiler from the same definition).
 *
 * XER bits as mfxer shows them (ISA 3.0B 3.2.2): SO 32, OV 33, CA 34,
 * OV32 44, CA32 45 (big-endian bit numbers of the 64-bit register).
 * CR0 is mfcr >> 28: LT 8, GT 4, EQ 2, SO 1.
 */
#ifndef FIXED_POINT_TEST_H
#define FIXED_POINT_TEST_H

#include "isatest.h"

#define SO 0x80000000ull
#define OV 0x40000000ull
#define CA 0x20000000ull
#define OV32 0x00080000ull
#define CA32 0x00040000ull
#define XER_FLAGS (SO | OV | CA | OV32 | CA32)

#define LT 8u
#define GT 4u
#define EQ 2u
#define CR_SO 1u
#define NO_CR 0xffu   /* fx_check: do not look at CR0 */

struct fx {
    uint64_t rt, xer, cr;
};

/* a value the compiler cannot constant-fold */
static inline uint64_t opaque(uint64_t v)
{
    __asm__ volatile("" : "+r"(v));
    return v;
}

/* "insn RT,RA,RB" with XER = xin before */
#define FX3(insn, ra, rb, xin) FX3X(insn, "", ra, rb, xin)

/* "insn RT,RA,RB<more>": more adds operands (",0" for addex) */
#define FX3X(insn, more, ra, rb, xin)                                          \
    ({                                                                         \
        struct fx r_;                                                          \
        __asm__ volatile("mtxer %3\n\t" insn " %0,%4,%5" more "\n\t"          \
                         "mfxer %1\n\tmfcr %2"                                 \
                         : "=&r"(r_.rt), "=&r"(r_.xer), "=&r"(r_.cr)           \
                         : "r"((uint64_t)(xin)), "r"((uint64_t)(ra)),          \
                           "r"((uint64_t)(rb))                                 \
                         : "xer", "cr0");                                      \
        r_;                                                                    \
    })

/* "insn RT,RA" */
#define FX2(insn, ra, xin)                                                     \
    ({                                                                         \
        struct fx r_;                                                          \
        __asm__ volatile("mtxer %3\n\t" insn " %0,%4\n\t"                      \
                         "mfxer %1\n\tmfcr %2"                                 \
                         : "=&r"(r_.rt), "=&r"(r_.xer), "=&r"(r_.cr)           \
                         : "r"((uint64_t)(xin)), "r"((uint64_t)(ra))           \
                         : "xer", "cr0");                                      \
        r_;                                                                    \
    })

/* "insn RT,RA,imm" (imm a compile-time constant) */
#define FXI(insn, ra, imm, xin)                                                \
    ({                                                                         \
        struct fx r_;                                                          \
        __asm__ volatile("mtxer %3\n\t" insn " %0,%4,%5\n\t"                   \
                         "mfxer %1\n\tmfcr %2"                                 \
                         : "=&r"(r_.rt), "=&r"(r_.xer), "=&r"(r_.cr)           \
                         : "r"((uint64_t)(xin)), "r"((uint64_t)(ra)),          \
                           "i"(imm)                                            \
                         : "xer", "cr0");                                      \
        r_;                                                                    \
    })

/*
 * The same three, executed in 32-bit mode (MSR[SF] = 0) between two
 * mtmsrd: the code, the stack and the data all sit below 4 GiB.
 */
#define FX3_32(insn, ra, rb, xin) FX3X_32(insn, "", ra, rb, xin)

#define FX3X_32(insn, more, ra, rb, xin)                                       \
    ({                                                                         \
        struct fx r_;                                                          \
        uint64_t m_, t_;                                                       \
        __asm__ volatile("mfmsr %3\n\tclrldi %4,%3,1\n\t"                      \
                         "mtxer %5\n\tmtmsrd %4\n\tisync\n\t"                  \
                         insn " %0,%6,%7" more "\n\t"                          \
                         "mfxer %1\n\tmfcr %2\n\tmtmsrd %3\n\tisync"           \
                         : "=&r"(r_.rt), "=&r"(r_.xer), "=&r"(r_.cr),          \
                           "=&r"(m_), "=&r"(t_)                                \
                         : "r"((uint64_t)(xin)), "r"((uint64_t)(ra)),          \
                           "r"((uint64_t)(rb))                                 \
                         : "xer", "cr0");                                      \
        r_;                                                                    \
    })

#define FX2_32(insn, ra, xin)                                                  \
    ({                                                                         \
        struct fx r_;                                                          \
        uint64_t m_, t_;                                                       \
        __asm__ volatile("mfmsr %3\n\tclrldi %4,%3,1\n\t"                      \
                         "mtxer %5\n\tmtmsrd %4\n\tisync\n\t"                  \
                         insn " %0,%6\n\t"                                     \
                         "mfxer %1\n\tmfcr %2\n\tmtmsrd %3\n\tisync"           \
                         : "=&r"(r_.rt), "=&r"(r_.xer), "=&r"(r_.cr),          \
                           "=&r"(m_), "=&r"(t_)                                \
                         : "r"((uint64_t)(xin)), "r"((uint64_t)(ra))           \
                         : "xer", "cr0");                                      \
        r_;                                                                    \
    })

/*
 * Checks RT, the XER flags and CR0 (cr0 = NO_CR: not checked).  rt_mask
 * selects the RT bits the ISA defines (0xffffffff for results whose high
 * word is undefined).
 */
static inline void fx_check_m(const char *name, struct fx got, uint64_t rt,
                              uint64_t rt_mask, uint64_t xer, unsigned cr0,
                              const char *file, int line)
{
    char buf[96];

    rt_snprintf(buf, sizeof(buf), "%s: RT", name);
    rt_check_eq(buf, got.rt & rt_mask, rt & rt_mask, file, line);
    rt_snprintf(buf, sizeof(buf), "%s: XER", name);
    rt_check_eq(buf, got.xer & XER_FLAGS, xer, file, line);
    if (cr0 != NO_CR) {
        rt_snprintf(buf, sizeof(buf), "%s: CR0", name);
        rt_check_eq(buf, (got.cr >> 28) & 0xf, cr0, file, line);
    }
}

#define FX_CHECK(name, got, rt, xer, cr0)                                      \
    fx_check_m((name), (got), (rt), ~0ull, (xer), (cr0), __FILE__, __LINE__)
#define FX_CHECK_M(name, got, rt, mask, xer, cr0)                              \
    fx_check_m((name), (got), (rt), (mask), (xer), (cr0), __FILE__,         \
               __LINE__)

#endif
