/*
 * tcg: the value semantics of the pure IR ops, written once.
 *
 * The optimizer folds constants with these functions and the interpreter
 * runs ops with them, so "what an op computes" (tcg/ir-ops.def: i32 ops read
 * the low 32 bits and zero-extend their result, shift counts modulo the
 * width, clz/ctz of 0 = width, division by 0 = 0, INT_MIN / -1 = INT_MIN,
 * INT_MIN % -1 = 0) lives in exactly one place.  The unit tests check these
 * results against values computed independently.
 *
 * Every function is static inline: called with a constant opcode (as the
 * interpreter does, one case per op) the switch folds away.
 */
#ifndef POWERJIT_TCG_EVAL_H
#define POWERJIT_TCG_EVAL_H

#include <stdbool.h>
#include <stdint.h>

#include "tcg.h"

static inline uint32_t tcg_rotl32(uint32_t x, unsigned n)
{
    n &= 31;
    return n ? (x << n) | (x >> (32 - n)) : x;
}

static inline uint64_t tcg_rotl64(uint64_t x, unsigned n)
{
    n &= 63;
    return n ? (x << n) | (x >> (64 - n)) : x;
}

static inline uint32_t tcg_divs32(uint32_t a, uint32_t b)
{
    int32_t sa = (int32_t)a, sb = (int32_t)b;
    if (sb == 0) {
        return 0;
    }
    if (sa == INT32_MIN && sb == -1) {
        return (uint32_t)INT32_MIN;
    }
    return (uint32_t)(sa / sb);
}

static inline uint64_t tcg_divs64(uint64_t a, uint64_t b)
{
    int64_t sa = (int64_t)a, sb = (int64_t)b;
    if (sb == 0) {
        return 0;
    }
    if (sa == INT64_MIN && sb == -1) {
        return (uint64_t)INT64_MIN;
    }
    return (uint64_t)(sa / sb);
}

static inline uint32_t tcg_rems32(uint32_t a, uint32_t b)
{
    int32_t sa = (int32_t)a, sb = (int32_t)b;
    if (sb == 0 || sb == -1) {
        return 0; /* x % -1 is always 0; also avoids INT_MIN % -1 */
    }
    return (uint32_t)(sa % sb);
}

static inline uint64_t tcg_rems64(uint64_t a, uint64_t b)
{
    int64_t sa = (int64_t)a, sb = (int64_t)b;
    if (sb == 0 || sb == -1) {
        return 0;
    }
    return (uint64_t)(sa % sb);
}

/*
 * The conditions.  i32 compares look at the low 32 bits only: signed ones
 * as int32_t, the others as uint32_t.
 */
static inline bool tcg_cond_holds64(TCGCond c, uint64_t a, uint64_t b)
{
    switch (c) {
    case TCG_COND_NEVER:
        return false;
    case TCG_COND_ALWAYS:
        return true;
    case TCG_COND_EQ:
        return a == b;
    case TCG_COND_NE:
        return a != b;
    case TCG_COND_LT:
        return (int64_t)a < (int64_t)b;
    case TCG_COND_GE:
        return (int64_t)a >= (int64_t)b;
    case TCG_COND_LE:
        return (int64_t)a <= (int64_t)b;
    case TCG_COND_GT:
        return (int64_t)a > (int64_t)b;
    case TCG_COND_LTU:
        return a < b;
    case TCG_COND_GEU:
        return a >= b;
    case TCG_COND_LEU:
        return a <= b;
    case TCG_COND_GTU:
        return a > b;
    case TCG_COND_TSTEQ:
        return (a & b) == 0;
    case TCG_COND_TSTNE:
        return (a & b) != 0;
    }
    return false;
}

static inline bool tcg_cond_is_signed(TCGCond c)
{
    return c >= TCG_COND_LT && c <= TCG_COND_GT;
}

static inline bool tcg_cond_holds32(TCGCond c, uint32_t a, uint32_t b)
{
    if (tcg_cond_is_signed(c)) {
        return tcg_cond_holds64(c, (uint64_t)(int64_t)(int32_t)a,
                                (uint64_t)(int64_t)(int32_t)b);
    }
    return tcg_cond_holds64(c, a, b);
}

/*
 * Evaluates a pure unary or binary op (b is ignored by unary ops) and stores
 * the 64-bit content of its output.  Returns false for every op that is not
 * a plain function of one or two inputs (setcond, movcond, memory, control
 * flow, calls).
 */
static inline bool tcg_eval_op(TCGOpcode opc, uint64_t a, uint64_t b,
                               uint64_t *out)
{
    uint32_t a32 = (uint32_t)a, b32 = (uint32_t)b;
    uint64_t r;

    switch (opc) {
    case INDEX_op_mov:
        r = a;
        break;
    case INDEX_op_add_i32:
        r = (uint32_t)(a32 + b32);
        break;
    case INDEX_op_add_i64:
        r = a + b;
        break;
    case INDEX_op_sub_i32:
        r = (uint32_t)(a32 - b32);
        break;
    case INDEX_op_sub_i64:
        r = a - b;
        break;
    case INDEX_op_mul_i32:
        r = (uint32_t)(a32 * b32);
        break;
    case INDEX_op_mul_i64:
        r = a * b;
        break;
    case INDEX_op_neg_i32:
        r = (uint32_t)(0u - a32);
        break;
    case INDEX_op_neg_i64:
        r = 0 - a;
        break;
    case INDEX_op_and_i32:
        r = a32 & b32;
        break;
    case INDEX_op_and_i64:
        r = a & b;
        break;
    case INDEX_op_or_i32:
        r = a32 | b32;
        break;
    case INDEX_op_or_i64:
        r = a | b;
        break;
    case INDEX_op_xor_i32:
        r = a32 ^ b32;
        break;
    case INDEX_op_xor_i64:
        r = a ^ b;
        break;
    case INDEX_op_andc_i32:
        r = a32 & ~b32;
        break;
    case INDEX_op_andc_i64:
        r = a & ~b;
        break;
    case INDEX_op_orc_i32:
        r = (uint32_t)(a32 | ~b32);
        break;
    case INDEX_op_orc_i64:
        r = a | ~b;
        break;
    case INDEX_op_eqv_i32:
        r = (uint32_t)~(a32 ^ b32);
        break;
    case INDEX_op_eqv_i64:
        r = ~(a ^ b);
        break;
    case INDEX_op_nand_i32:
        r = (uint32_t)~(a32 & b32);
        break;
    case INDEX_op_nand_i64:
        r = ~(a & b);
        break;
    case INDEX_op_nor_i32:
        r = (uint32_t)~(a32 | b32);
        break;
    case INDEX_op_nor_i64:
        r = ~(a | b);
        break;
    case INDEX_op_not_i32:
        r = (uint32_t)~a32;
        break;
    case INDEX_op_not_i64:
        r = ~a;
        break;
    case INDEX_op_shl_i32:
        r = (uint32_t)(a32 << (b & 31));
        break;
    case INDEX_op_shl_i64:
        r = a << (b & 63);
        break;
    case INDEX_op_shr_i32:
        r = a32 >> (b & 31);
        break;
    case INDEX_op_shr_i64:
        r = a >> (b & 63);
        break;
    case INDEX_op_sar_i32:
        r = (uint32_t)((int32_t)a32 >> (b & 31));
        break;
    case INDEX_op_sar_i64:
        r = (uint64_t)((int64_t)a >> (b & 63));
        break;
    case INDEX_op_rotl_i32:
        r = tcg_rotl32(a32, (unsigned)b);
        break;
    case INDEX_op_rotl_i64:
        r = tcg_rotl64(a, (unsigned)b);
        break;
    case INDEX_op_rotr_i32:
        r = tcg_rotl32(a32, 32 - ((unsigned)b & 31));
        break;
    case INDEX_op_rotr_i64:
        r = tcg_rotl64(a, 64 - ((unsigned)b & 63));
        break;
    case INDEX_op_clz_i32:
        r = a32 ? (uint64_t)__builtin_clz(a32) : 32;
        break;
    case INDEX_op_clz_i64:
        r = a ? (uint64_t)__builtin_clzll(a) : 64;
        break;
    case INDEX_op_ctz_i32:
        r = a32 ? (uint64_t)__builtin_ctz(a32) : 32;
        break;
    case INDEX_op_ctz_i64:
        r = a ? (uint64_t)__builtin_ctzll(a) : 64;
        break;
    case INDEX_op_ctpop_i32:
        r = (uint64_t)__builtin_popcount(a32);
        break;
    case INDEX_op_ctpop_i64:
        r = (uint64_t)__builtin_popcountll(a);
        break;
    case INDEX_op_divs_i32:
        r = tcg_divs32(a32, b32);
        break;
    case INDEX_op_divs_i64:
        r = tcg_divs64(a, b);
        break;
    case INDEX_op_divu_i32:
        r = b32 ? a32 / b32 : 0;
        break;
    case INDEX_op_divu_i64:
        r = b ? a / b : 0;
        break;
    case INDEX_op_rems_i32:
        r = tcg_rems32(a32, b32);
        break;
    case INDEX_op_rems_i64:
        r = tcg_rems64(a, b);
        break;
    case INDEX_op_remu_i32:
        r = b32 ? a32 % b32 : 0;
        break;
    case INDEX_op_remu_i64:
        r = b ? a % b : 0;
        break;
    case INDEX_op_muluh_i32:
        r = ((uint64_t)a32 * b32) >> 32;
        break;
    case INDEX_op_muluh_i64:
        r = (uint64_t)(((unsigned __int128)a * b) >> 64);
        break;
    case INDEX_op_mulsh_i32:
        r = (uint32_t)((uint64_t)((int64_t)(int32_t)a32 * (int32_t)b32) >> 32);
        break;
    case INDEX_op_mulsh_i64:
        r = (uint64_t)(((__int128)(int64_t)a * (int64_t)b) >> 64);
        break;
    case INDEX_op_ext8s:
        r = (uint64_t)(int64_t)(int8_t)a;
        break;
    case INDEX_op_ext8u:
        r = (uint8_t)a;
        break;
    case INDEX_op_ext16s:
        r = (uint64_t)(int64_t)(int16_t)a;
        break;
    case INDEX_op_ext16u:
        r = (uint16_t)a;
        break;
    case INDEX_op_ext32s:
        r = (uint64_t)(int64_t)(int32_t)a;
        break;
    case INDEX_op_ext32u:
        r = a32;
        break;
    case INDEX_op_bswap16:
        r = __builtin_bswap16((uint16_t)a);
        break;
    case INDEX_op_bswap32:
        r = __builtin_bswap32(a32);
        break;
    case INDEX_op_bswap64:
        r = __builtin_bswap64(a);
        break;
    default:
        return false;
    }
    *out = r;
    return true;
}

/* a pure op of one output and one or two inputs, that tcg_eval_op computes */
static inline bool tcg_op_is_foldable(TCGOpcode opc)
{
    uint64_t r;
    return opc != INDEX_op_mov && tcg_eval_op(opc, 0, 0, &r);
}

/* setcond/movcond/brcond: does (a cond b) hold at this op's width? */
static inline bool tcg_eval_cond_op(TCGOpcode opc, TCGCond c, uint64_t a,
                                    uint64_t b)
{
    switch (opc) {
    case INDEX_op_setcond_i32:
    case INDEX_op_movcond_i32:
    case INDEX_op_brcond_i32:
        return tcg_cond_holds32(c, (uint32_t)a, (uint32_t)b);
    default:
        return tcg_cond_holds64(c, a, b);
    }
}

/* 32 for the *_i32 ops, 64 for everything else */
static inline bool tcg_op_is_i32(TCGOpcode opc)
{
    switch (opc) {
#define I32(x) case INDEX_op_##x##_i32:
    I32(add) I32(sub) I32(mul) I32(neg) I32(and) I32(or) I32(xor) I32(andc)
    I32(orc) I32(eqv) I32(nand) I32(nor) I32(not) I32(shl) I32(shr) I32(sar)
    I32(rotl) I32(rotr) I32(clz) I32(ctz) I32(ctpop) I32(divs) I32(divu)
    I32(rems) I32(remu) I32(muluh) I32(mulsh) I32(setcond) I32(movcond)
    I32(brcond)
#undef I32
        return true;
    default:
        return false;
    }
}

#endif
