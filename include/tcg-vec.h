/*
 * tcg: the 128-bit vector ops (the v128_* section of tcg/ir-ops.def).
 *
 * A vector op works on 16-byte slots of CPU state: its operands are env
 * offsets carried as constants, so the values never pass through IR temps
 * and the register allocator is not involved; the x86-64 backend loads
 * the sources into xmm registers, computes with SSE2 (SSE4.1/4.2 where
 * the host has them) and stores the result (tcg/x86_64/lower-vec.c), the
 * interpreter computes with tcg_eval_vec() below.  Such ops touch no IR
 * global (a slot must never overlap one: the VSRs are not globals).
 *
 * Lanes are host-order: a slot is two host-order uint64_t, so the 32-bit
 * lanes in memory order are the low and high halves of doubleword 0, then
 * of doubleword 1.  Lane-wise operations give the same result whatever the
 * lane order, which is all these ops do.
 */
#ifndef POWERJIT_TCG_VEC_H
#define POWERJIT_TCG_VEC_H

#include <string.h>

#include "tcg.h"

static inline bool tcg_op_is_vec(TCGOpcode opc)
{
    return opc >= INDEX_op_v128_mov && opc <= INDEX_op_v128_minu32;
}

/* d = op(a, b) on env slots (offsets); v128_mov/v128_not take no b */
static inline void tcg_gen_vec3(TCGContext *s, TCGOpcode opc, int32_t d,
                                int32_t a, int32_t b)
{
    int64_t args[3] = {d, a, b};

    tcg_emit_op(s, opc, 0, 0, tcg_op_defs[opc].nb_cargs, args);
}

/* the lane width in bits of a lane-wise op (0 for the bitwise ones) */
static inline unsigned tcg_vec_lane_bits(TCGOpcode opc)
{
    switch (opc) {
#define W4(n) case INDEX_op_v128_##n##8: return 8;                            \
    case INDEX_op_v128_##n##16: return 16;                                    \
    case INDEX_op_v128_##n##32: return 32;
    W4(add) W4(sub) W4(cmpeq) W4(cmpgts) W4(cmpgtu) W4(maxs) W4(maxu)
    W4(mins) W4(minu)
#undef W4
    case INDEX_op_v128_add64:
    case INDEX_op_v128_sub64:
    case INDEX_op_v128_cmpeq64:
    case INDEX_op_v128_cmpgts64:
    case INDEX_op_v128_cmpgtu64:
        return 64;
    default:
        return 0;
    }
}

/* one lane: x, y zero-extended, the result's low `bits` bits */
static inline uint64_t tcg_vec_lane(TCGOpcode opc, unsigned bits, uint64_t x,
                                    uint64_t y)
{
    unsigned sh = 64 - bits;
    int64_t sx = (int64_t)(x << sh) >> sh, sy = (int64_t)(y << sh) >> sh;
    uint64_t ones = bits == 64 ? ~0ull : (1ull << bits) - 1;

    switch (opc) {
#define CASES(n) case INDEX_op_v128_##n##8: case INDEX_op_v128_##n##16:      \
    case INDEX_op_v128_##n##32
    CASES(add): case INDEX_op_v128_add64:
        return (x + y) & ones;
    CASES(sub): case INDEX_op_v128_sub64:
        return (x - y) & ones;
    CASES(cmpeq): case INDEX_op_v128_cmpeq64:
        return x == y ? ones : 0;
    CASES(cmpgts): case INDEX_op_v128_cmpgts64:
        return sx > sy ? ones : 0;
    CASES(cmpgtu): case INDEX_op_v128_cmpgtu64:
        return x > y ? ones : 0;
    CASES(maxs):
        return sx > sy ? x : y;
    CASES(maxu):
        return x > y ? x : y;
    CASES(mins):
        return sx < sy ? x : y;
    CASES(minu):
        return x < y ? x : y;
#undef CASES
    default:
        return 0;
    }
}

/* the semantics of a vector op on 16-byte values (d may alias a or b) */
static inline void tcg_eval_vec(TCGOpcode opc, uint8_t *d, const uint8_t *a,
                                const uint8_t *b)
{
    uint64_t x[2], y[2] = {0, 0}, r[2];
    unsigned bits = tcg_vec_lane_bits(opc);

    memcpy(x, a, 16);
    if (b) {
        memcpy(y, b, 16);
    }
    for (int i = 0; i < 2; i++) {
        switch (opc) {
        case INDEX_op_v128_mov: r[i] = x[i]; break;
        case INDEX_op_v128_not: r[i] = ~x[i]; break;
        case INDEX_op_v128_and: r[i] = x[i] & y[i]; break;
        case INDEX_op_v128_or: r[i] = x[i] | y[i]; break;
        case INDEX_op_v128_xor: r[i] = x[i] ^ y[i]; break;
        case INDEX_op_v128_andc: r[i] = x[i] & ~y[i]; break;
        case INDEX_op_v128_orc: r[i] = x[i] | ~y[i]; break;
        case INDEX_op_v128_nand: r[i] = ~(x[i] & y[i]); break;
        case INDEX_op_v128_nor: r[i] = ~(x[i] | y[i]); break;
        case INDEX_op_v128_eqv: r[i] = ~(x[i] ^ y[i]); break;
        default: {
            uint64_t ones = bits == 64 ? ~0ull : (1ull << bits) - 1;
            r[i] = 0;
            for (unsigned at = 0; at < 64; at += bits) {
                uint64_t l = tcg_vec_lane(opc, bits, (x[i] >> at) & ones,
                                          (y[i] >> at) & ones);
                r[i] |= l << at;
            }
            break;
        }
        }
    }
    memcpy(d, r, 16);
}

#endif
