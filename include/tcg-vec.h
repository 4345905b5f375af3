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
 *
 * The byte-moving ops (v128_perm, v128_shuf) number the bytes of a slot
 * from the most significant byte of its first uint64_t (byte 0) to the
 * least significant of the second (byte 15), the ISA's numbering of a
 * VSR; a||b is bytes 0-15 of a then 0-15 of b.  v128_shuf's patterns are
 * the rows of TCG_VEC_SHUF_PATTERNS: for result byte k, the byte of a||b
 * it takes, as a macro of k so that the backend can turn each into host
 * shuffle masks at compile time.
 */
#ifndef POWERJIT_TCG_VEC_H
#define POWERJIT_TCG_VEC_H

#include <string.h>

#include "tcg.h"

static inline bool tcg_op_is_vec(TCGOpcode opc)
{
    return opc >= INDEX_op_v128_mov && opc <= INDEX_op_v128_fnmsub32;
}

/* the lane-wise FP ops (v128_f*: 64 = binary64 lanes, 32 = binary32) */
static inline bool tcg_vec_is_fp(TCGOpcode opc)
{
    return opc >= INDEX_op_v128_fadd64 && opc <= INDEX_op_v128_fnmsub32;
}

/* the fused multiply-adds among them (five cargs: d, a, b, c, st) */
static inline bool tcg_vec_is_fma(TCGOpcode opc)
{
    return opc >= INDEX_op_v128_fmadd64 && opc <= INDEX_op_v128_fnmsub32;
}

/* binary64 lanes (else binary32) */
static inline bool tcg_vec_fp_is_64(TCGOpcode opc)
{
    return opc <= INDEX_op_v128_fsqrt64 ||
           (opc >= INDEX_op_v128_fmadd64 && opc <= INDEX_op_v128_fnmsub64);
}

/* the fixed byte patterns of v128_shuf (Power ISA 3.0B Book I 6.8.1-6.8.2:
   the merges, and the modulo packs, which keep each element's low half) */
#define TCG_SHUF_MRGHB(k) (((k) & 1) * 16 + (k) / 2)
#define TCG_SHUF_MRGLB(k) (TCG_SHUF_MRGHB(k) + 8)
#define TCG_SHUF_MRGHH(k) (((k) / 2 & 1) * 16 + (k) / 4 * 2 + ((k) & 1))
#define TCG_SHUF_MRGLH(k) (TCG_SHUF_MRGHH(k) + 8)
#define TCG_SHUF_MRGHW(k) (((k) / 4 & 1) * 16 + (k) / 8 * 4 + ((k) & 3))
#define TCG_SHUF_MRGLW(k) (TCG_SHUF_MRGHW(k) + 8)
#define TCG_SHUF_MRGEW(k) (((k) / 4 & 1) * 16 + (k) / 8 * 8 + ((k) & 3))
#define TCG_SHUF_MRGOW(k) (TCG_SHUF_MRGEW(k) + 4)
#define TCG_SHUF_PKUHUM(k) (2 * (k) + 1)
#define TCG_SHUF_PKUWUM(k) (4 * ((k) / 2) + 2 + ((k) & 1))
#define TCG_SHUF_PKUDUM(k) (8 * ((k) / 4) + 4 + ((k) & 3))
/* vsldoi/xxsldwi: bytes n..n+15 of a||b (6.8.5), TCG_VEC_SHUF_SLDOI0 + n */
#define TCG_SHUF_SLDOI0(k) (k)
#define TCG_SHUF_SLDOI1(k) ((k) + 1)
#define TCG_SHUF_SLDOI2(k) ((k) + 2)
#define TCG_SHUF_SLDOI3(k) ((k) + 3)
#define TCG_SHUF_SLDOI4(k) ((k) + 4)
#define TCG_SHUF_SLDOI5(k) ((k) + 5)
#define TCG_SHUF_SLDOI6(k) ((k) + 6)
#define TCG_SHUF_SLDOI7(k) ((k) + 7)
#define TCG_SHUF_SLDOI8(k) ((k) + 8)
#define TCG_SHUF_SLDOI9(k) ((k) + 9)
#define TCG_SHUF_SLDOI10(k) ((k) + 10)
#define TCG_SHUF_SLDOI11(k) ((k) + 11)
#define TCG_SHUF_SLDOI12(k) ((k) + 12)
#define TCG_SHUF_SLDOI13(k) ((k) + 13)
#define TCG_SHUF_SLDOI14(k) ((k) + 14)
#define TCG_SHUF_SLDOI15(k) ((k) + 15)
#define TCG_VEC_SHUF_PATTERNS(X)                                              \
    X(MRGHB) X(MRGLB) X(MRGHH) X(MRGLH) X(MRGHW) X(MRGLW) X(MRGEW) X(MRGOW)   \
    X(PKUHUM) X(PKUWUM) X(PKUDUM)                                             \
    X(SLDOI0) X(SLDOI1) X(SLDOI2) X(SLDOI3) X(SLDOI4) X(SLDOI5) X(SLDOI6)     \
    X(SLDOI7) X(SLDOI8) X(SLDOI9) X(SLDOI10) X(SLDOI11) X(SLDOI12)            \
    X(SLDOI13) X(SLDOI14) X(SLDOI15)

typedef enum TCGVecShuf {
#define TCG_SHUF_ENUM(n) TCG_VEC_SHUF_##n,
    TCG_VEC_SHUF_PATTERNS(TCG_SHUF_ENUM)
#undef TCG_SHUF_ENUM
    TCG_VEC_NB_SHUF,
} TCGVecShuf;

/* the byte of a||b (0-31) that byte k of pattern p's result takes */
static inline unsigned tcg_vec_shuf_pattern(unsigned p, unsigned k)
{
    switch (p) {
#define TCG_SHUF_CASE(n) case TCG_VEC_SHUF_##n: return TCG_SHUF_##n(k);
    TCG_VEC_SHUF_PATTERNS(TCG_SHUF_CASE)
#undef TCG_SHUF_CASE
    default:
        return 0;
    }
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
    case INDEX_op_v128_rotl32:
    case INDEX_op_v128_shl32:
    case INDEX_op_v128_shr32:
    case INDEX_op_v128_sar32:
        return 32;
    case INDEX_op_v128_rotl8:
    case INDEX_op_v128_shl8:
    case INDEX_op_v128_shr8:
    case INDEX_op_v128_sar8:
        return 8;
    case INDEX_op_v128_rotl16:
    case INDEX_op_v128_shl16:
    case INDEX_op_v128_shr16:
    case INDEX_op_v128_sar16:
        return 16;
    case INDEX_op_v128_shl64:
    case INDEX_op_v128_shr64:
    case INDEX_op_v128_mulou32:
    case INDEX_op_v128_muleu32:
        return 64;
    case INDEX_op_v128_addsats8: case INDEX_op_v128_addsatu8:
    case INDEX_op_v128_subsats8: case INDEX_op_v128_subsatu8:
        return 8;
    case INDEX_op_v128_addsats16: case INDEX_op_v128_addsatu16:
    case INDEX_op_v128_subsats16: case INDEX_op_v128_subsatu16:
        return 16;
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
    case INDEX_op_v128_rotl32:
        y &= 31;
        return y ? (x << y | x >> (32 - y)) & ones : x;
    case INDEX_op_v128_shl32:
        return (x << (y & 31)) & ones;
    case INDEX_op_v128_shr32:
        return x >> (y & 31);
    case INDEX_op_v128_sar32:
        return (uint64_t)(sx >> (y & 31)) & ones;
    case INDEX_op_v128_rotl8:
    case INDEX_op_v128_rotl16:
        y &= bits - 1;
        return y ? (x << y | x >> (bits - y)) & ones : x;
    case INDEX_op_v128_shl8:
    case INDEX_op_v128_shl16:
        return (x << (y & (bits - 1))) & ones;
    case INDEX_op_v128_shr8:
    case INDEX_op_v128_shr16:
        return x >> (y & (bits - 1));
    case INDEX_op_v128_sar8:
    case INDEX_op_v128_sar16:
        return (uint64_t)(sx >> (y & (bits - 1))) & ones;
    case INDEX_op_v128_shl64:
        return x << (y & 63);
    case INDEX_op_v128_shr64:
        return x >> (y & 63);
    case INDEX_op_v128_mulou32:
        return (x & 0xffffffffu) * (y & 0xffffffffu);
    case INDEX_op_v128_muleu32:
        return (x >> 32) * (y >> 32);
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

/* byte k of a slot in the byte-moving ops' numbering */
static inline uint8_t tcg_vec_byte(const uint8_t *v, unsigned k)
{
    uint64_t q;

    memcpy(&q, v + 8 * (k / 8 & 1), 8);
    return (uint8_t)(q >> (56 - 8 * (k % 8)));
}

static inline void tcg_vec_set_byte(uint8_t *v, unsigned k, uint8_t x)
{
    uint64_t q;

    memcpy(&q, v + 8 * (k / 8 & 1), 8);
    q &= ~(0xffull << (56 - 8 * (k % 8)));
    q |= (uint64_t)x << (56 - 8 * (k % 8));
    memcpy(v + 8 * (k / 8 & 1), &q, 8);
}

static inline bool tcg_vec_is_sat(TCGOpcode opc)
{
    return opc >= INDEX_op_v128_addsats8 && opc <= INDEX_op_v128_subsatu16;
}

/* a saturating lane: the result clamped to the lane's range, *sat set
   when it was clamped */
static inline uint64_t tcg_vec_sat_lane(TCGOpcode opc, unsigned bits,
                                        uint64_t x, uint64_t y, bool *sat)
{
    unsigned sh = 64 - bits;
    int64_t sx = (int64_t)(x << sh) >> sh, sy = (int64_t)(y << sh) >> sh;
    int64_t v, lo, hi;
    bool sgn = opc == INDEX_op_v128_addsats8 ||
               opc == INDEX_op_v128_addsats16 ||
               opc == INDEX_op_v128_subsats8 ||
               opc == INDEX_op_v128_subsats16;
    bool add = opc <= INDEX_op_v128_addsatu16;

    if (sgn) {
        v = add ? sx + sy : sx - sy;
        lo = -(1ll << (bits - 1));
        hi = (1ll << (bits - 1)) - 1;
    } else {
        v = add ? (int64_t)(x + y) : (int64_t)x - (int64_t)y;
        lo = 0;
        hi = (1ll << bits) - 1;
    }
    if (v < lo || v > hi) {
        *sat = true;
        v = v < lo ? lo : hi;
    }
    return (uint64_t)v & ((1ull << bits) - 1);
}

/*
 * A lane-wise FP op (v128_f*) on env, as the x86-64 lowering computes it:
 * the host's SSE arithmetic in its default mode (round to nearest, no
 * flush to zero), so lane by lane it is IEEE binary64/binary32 arithmetic
 * with one rounding; the fused ones through the C library's fma()/fmaf(),
 * which round once too (in hardware where the host has it).  The result
 * is kept only when every lane is a normal number above the smallest one
 * (MIN_NORMAL < |r| < inf, false for a NaN): such a result raised no
 * invalid, zero-divide, overflow or underflow exception, and its value is
 * the IEEE one whatever the operands were.  The word at env + the last
 * carg gets 0 (kept) or 1.  The negative fused forms negate the rounded
 * sum, which in round to nearest is the rounding of the negated sum.
 */
static inline double tcg_vec_fp64_lane(TCGOpcode opc, double x, double y,
                                       double z)
{
    switch (opc) {
    case INDEX_op_v128_fadd64: return x + y;
    case INDEX_op_v128_fsub64: return x - y;
    case INDEX_op_v128_fmul64: return x * y;
    case INDEX_op_v128_fdiv64: return x / y;
    case INDEX_op_v128_fsqrt64: return __builtin_sqrt(x);
    case INDEX_op_v128_fmadd64: return __builtin_fma(x, y, z);
    case INDEX_op_v128_fmsub64: return __builtin_fma(x, y, -z);
    case INDEX_op_v128_fnmadd64: return -__builtin_fma(x, y, z);
    default: return -__builtin_fma(x, y, -z);
    }
}

static inline float tcg_vec_fp32_lane(TCGOpcode opc, float x, float y,
                                      float z)
{
    switch (opc) {
    case INDEX_op_v128_fadd32: return x + y;
    case INDEX_op_v128_fsub32: return x - y;
    case INDEX_op_v128_fmul32: return x * y;
    case INDEX_op_v128_fdiv32: return x / y;
    case INDEX_op_v128_fsqrt32: return __builtin_sqrtf(x);
    case INDEX_op_v128_fmadd32: return __builtin_fmaf(x, y, z);
    case INDEX_op_v128_fmsub32: return __builtin_fmaf(x, y, -z);
    case INDEX_op_v128_fnmadd32: return -__builtin_fmaf(x, y, z);
    default: return -__builtin_fmaf(x, y, -z);
    }
}

static inline void tcg_eval_vec_fp(TCGOpcode opc, uint8_t *env,
                                   const int64_t *args)
{
    bool fma = tcg_vec_is_fma(opc), ok = true;
    int64_t st_off = args[fma ? 4 : 3];
    uint32_t st;

    if (tcg_vec_fp_is_64(opc)) {
        double x[2], y[2], z[2] = {0, 0}, r[2];

        memcpy(x, env + args[1], 16);
        memcpy(y, env + args[2], 16);
        if (fma) {
            memcpy(z, env + args[3], 16);
        }
        for (int i = 0; i < 2; i++) {
            r[i] = tcg_vec_fp64_lane(opc, x[i], y[i], z[i]);
            ok &= __builtin_fabs(r[i]) > 0x1p-1022 &&
                  __builtin_fabs(r[i]) < __builtin_inf();
        }
        if (ok) {
            memcpy(env + args[0], r, 16);
        }
    } else {
        float x[4], y[4], z[4] = {0, 0, 0, 0}, r[4];

        memcpy(x, env + args[1], 16);
        memcpy(y, env + args[2], 16);
        if (fma) {
            memcpy(z, env + args[3], 16);
        }
        for (int i = 0; i < 4; i++) {
            r[i] = tcg_vec_fp32_lane(opc, x[i], y[i], z[i]);
            ok &= __builtin_fabsf(r[i]) > 0x1p-126f &&
                  __builtin_fabsf(r[i]) < __builtin_inff();
        }
        if (ok) {
            memcpy(env + args[0], r, 16);
        }
    }
    st = !ok;
    memcpy(env + st_off, &st, 4);
}

/* runs any vector op on env: args are its cargs (env offsets; v128_shuf's
   last one is the pattern, a saturating or FP op's its status word's
   offset) */
static inline void tcg_eval_vec_op(TCGOpcode opc, uint8_t *env,
                                   const int64_t *args, unsigned nb_cargs)
{
    uint8_t *d = env + args[0];
    const uint8_t *a = env + args[1];

    if (tcg_vec_is_fp(opc)) {
        tcg_eval_vec_fp(opc, env, args);
        return;
    }
    if (tcg_vec_is_sat(opc)) {
        const uint8_t *b = env + args[2];
        unsigned bits = tcg_vec_lane_bits(opc);
        uint64_t x[2], y[2], r[2];
        bool sat = false;

        memcpy(x, a, 16);
        memcpy(y, b, 16);
        for (int i = 0; i < 2; i++) {
            uint64_t ones = (1ull << bits) - 1;
            r[i] = 0;
            for (unsigned at = 0; at < 64; at += bits) {
                r[i] |= tcg_vec_sat_lane(opc, bits, (x[i] >> at) & ones,
                                         (y[i] >> at) & ones, &sat)
                        << at;
            }
        }
        memcpy(d, r, 16);
        if (sat) {
            uint32_t w;
            memcpy(&w, env + args[3], 4);
            w |= 1;
            memcpy(env + args[3], &w, 4);
        }
        return;
    }
    if (opc == INDEX_op_v128_perm || opc == INDEX_op_v128_permr ||
        opc == INDEX_op_v128_shuf) {
        uint8_t src[32], r[16];

        memcpy(src, a, 16);
        memcpy(src + 16, env + args[2], 16);
        for (unsigned k = 0; k < 16; k++) {
            unsigned j = opc == INDEX_op_v128_shuf
                             ? tcg_vec_shuf_pattern((unsigned)args[3], k)
                             : tcg_vec_byte(env + args[3], k) & 31u;

            if (opc == INDEX_op_v128_permr) {
                j = 31 - j;
            }
            r[k] = tcg_vec_byte(j < 16 ? src : src + 16, j & 15);
        }
        for (unsigned k = 0; k < 16; k++) {
            tcg_vec_set_byte(d, k, r[k]);
        }
        return;
    }
    tcg_eval_vec(opc, d, a, nb_cargs > 2 ? env + args[2] : NULL);
}

/* d = op(a, b, x): the four-carg vector ops */
static inline void tcg_gen_vec4(TCGContext *s, TCGOpcode opc, int32_t d,
                                int32_t a, int32_t b, int64_t x)
{
    int64_t args[4] = {d, a, b, x};

    tcg_emit_op(s, opc, 0, 0, 4, args);
}

/* d = op(a, b, c), status word at st: the fused multiply-adds */
static inline void tcg_gen_vec5(TCGContext *s, TCGOpcode opc, int32_t d,
                                int32_t a, int32_t b, int32_t c, int64_t st)
{
    int64_t args[5] = {d, a, b, c, st};

    tcg_emit_op(s, opc, 0, 0, 5, args);
}

#endif
