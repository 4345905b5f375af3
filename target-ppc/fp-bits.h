/*
 * target-ppc/fp-bits.h: the fields of the IEEE binary64 and binary32
 * formats as the FPRs hold them (Power ISA 3.0B Book I 4.3), and the
 * classes of a binary64 bit pattern and the FPRF codes, for the FP
 * helpers.
 */
#ifndef TARGET_PPC_FP_BITS_H
#define TARGET_PPC_FP_BITS_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#define F64_SIGN (1ull << 63)
#define F64_EXP 0x7ff0000000000000ull
#define F64_FRAC 0x000fffffffffffffull
#define F64_QUIET (1ull << 51)
#define F64_DEFAULT_NAN 0x7ff8000000000000ull
#define F32_SIGN 0x80000000u
#define F32_EXP 0x7f800000u
#define F32_QUIET 0x00400000u

/* a binary64 bit pattern as a double and back */
static inline double u2d(uint64_t u)
{
    double d;
    memcpy(&d, &u, 8);
    return d;
}

static inline uint64_t d2u(double d)
{
    uint64_t u;
    memcpy(&u, &d, 8);
    return u;
}

static inline bool f64_is_nan(uint64_t x) { return (x & ~F64_SIGN) > F64_EXP; }
static inline bool f64_is_snan(uint64_t x)
{
    return f64_is_nan(x) && !(x & F64_QUIET);
}
static inline bool f64_is_inf(uint64_t x) { return (x & ~F64_SIGN) == F64_EXP; }
static inline bool f64_is_zero(uint64_t x) { return (x & ~F64_SIGN) == 0; }
static inline bool f64_neg(uint64_t x) { return x >> 63; }

/* FPRF codes (Book I 4.2.2, Figure 42): C || FL FG FE FU */
enum {
    FPRF_QNAN = 0x11, FPRF_NINF = 0x09, FPRF_NNORM = 0x08,
    FPRF_NDENORM = 0x18, FPRF_NZERO = 0x12, FPRF_PZERO = 0x02,
    FPRF_PDENORM = 0x14, FPRF_PNORM = 0x04, FPRF_PINF = 0x05,
};

#endif
