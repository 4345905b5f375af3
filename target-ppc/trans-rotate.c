/*
 * target-ppc: rotate and shift (Power ISA 3.0B Book I 3.3.13 - 3.3.14):
 * rlwinm rlwnm rlwimi, rldicl rldicr rldic rldcl rldcr rldimi, slw srw
 * sraw srawi, sld srd srad sradi, extswsli.
 *
 * Masks are the ISA's MASK(mb, me) computed in C at translation time.  The
 * word rotates rotate ROTL32(x) = rotl64(x[32:63] || x[32:63]): the rotated
 * word appears in both halves, so a mask inside the low word needs only a
 * 32-bit rotate (whose result the IR zero-extends), and only a wrapping
 * mask (mb > me) pays for copying it into the high word.  The common
 * aliases (slwi srwi clrlwi, sldi srdi clrldi, ...) become one shift or
 * one AND.
 *
 * The register-count shifts lean on the IR's counts being modulo the width:
 * slw/srw shift the 64-bit register by (RB)58:63 and keep the low word,
 * which is 0 for counts 32..63 as the ISA wants; sld/srd test (RB)57 for
 * counts 64..127.  The algebraic shifts set CA and CA32 alike: 1 when the
 * source is negative and a 1 bit was shifted out.
 */
#include "trans-fixed.h"

/* ------------------------------------------------------------- word */

typedef void GenShiftFn(TCGContext *s, TCGv ret, TCGv a, TCGv b);

/*
 * dst = ROTL32(src, rb or sh) & MASK(mb + 32, me + 32).  "known" is the
 * set of bits that may be nonzero before the AND: OR-ing its complement
 * into the mask often turns the AND into nothing or a zero-extension.
 */
static void gen_rlw_masked(TCGContext *s, TCGv dst, TCGv src, TCGv rb,
                           unsigned sh, unsigned mb, unsigned me)
{
    uint64_t m = ppc_mask64(mb + 32, me + 32);
    uint64_t known = 0xffffffffull;
    TCGv r = dst;

    if (mb > me) {
        /* the mask reaches into the high word: replicate the rotated word */
        TCGv hi = tcg_temp_new(s);

        r = tcg_temp_new(s);
        if (rb) {
            tcg_gen_rotl_i32(s, r, src, rb);
        } else {
            tcg_gen_rotli_i32(s, r, src, sh);
        }
        tcg_gen_shli_i64(s, hi, r, 32);
        tcg_gen_or_i64(s, r, r, hi);
        known = ~0ull;
    } else if (rb) {
        tcg_gen_rotl_i32(s, r, src, rb);
    } else if (sh == 0) {
        r = src;
        known = ~0ull;
    } else if (me == 31 - sh) {
        /* slwi-like: the bits rotated in at the bottom are masked off */
        tcg_gen_shli_i32(s, r, src, sh);
        known = (0xffffffffull << sh) & 0xffffffffull;
    } else if (me == 31 && mb >= 32 - sh) {
        /* srwi-like: only the bits rotated in survive */
        tcg_gen_shri_i32(s, r, src, 32 - sh);
        known = 0xffffffffull >> (32 - sh);
    } else {
        tcg_gen_rotli_i32(s, r, src, sh);
    }
    gen_andi_mask(s, dst, r, m | ~known);
}

/* rlwinm[.] RA,RS,SH,MB,ME */
bool trans_rlwinm(DisasContext *ctx, const PPCArgs *a)
{
    gen_rlw_masked(ctx->s, ppc_g.gpr[a->ra], ppc_g.gpr[a->rt], 0, a->sh,
                   a->mb, a->me);
    gen_rc(ctx, a, ppc_g.gpr[a->ra]);
    return true;
}

/* rlwnm[.] RA,RS,RB,MB,ME: rotate count (RB)59:63 (the IR's i32 rotate
   takes it modulo 32) */
bool trans_rlwnm(DisasContext *ctx, const PPCArgs *a)
{
    gen_rlw_masked(ctx->s, ppc_g.gpr[a->ra], ppc_g.gpr[a->rt],
                   ppc_g.gpr[a->rb], 0, a->mb, a->me);
    gen_rc(ctx, a, ppc_g.gpr[a->ra]);
    return true;
}

/* dst = (r & m) | (dst & ~m), r already rotated */
static void gen_insert(TCGContext *s, TCGv dst, TCGv r, uint64_t m)
{
    TCGv keep;

    if (m == ~0ull) {
        tcg_gen_mov(s, dst, r);
        return;
    }
    keep = tcg_temp_new(s);
    tcg_gen_andi_i64(s, keep, dst, (int64_t)~m);
    gen_andi_mask(s, r, r, m);
    tcg_gen_or_i64(s, dst, keep, r);
}

/* rlwimi[.] RA,RS,SH,MB,ME: RA = (ROTL32(RS, SH) & m) | (RA & ~m) */
bool trans_rlwimi(DisasContext *ctx, const PPCArgs *a)
{
    TCGContext *s = ctx->s;
    uint64_t m = ppc_mask64(a->mb + 32, a->me + 32);
    TCGv r = tcg_temp_new(s);

    if (a->sh) {
        tcg_gen_rotli_i32(s, r, ppc_g.gpr[a->rt], a->sh);
    } else {
        tcg_gen_ext32u(s, r, ppc_g.gpr[a->rt]);
    }
    if (m >> 32) {
        TCGv hi = tcg_temp_new(s);

        tcg_gen_shli_i64(s, hi, r, 32);
        tcg_gen_or_i64(s, r, r, hi);
    }
    gen_insert(s, ppc_g.gpr[a->ra], r, m);
    gen_rc(ctx, a, ppc_g.gpr[a->ra]);
    return true;
}

/* -------------------------------------------------------- doubleword */

/* dst = rotl64(src, sh) & m; a plain shift when the mask keeps only the
   bits that did not wrap around, or only those that did */
static void gen_rld_masked(TCGContext *s, TCGv dst, TCGv src, unsigned sh,
                           uint64_t m)
{
    uint64_t shl_bits = ~0ull << sh;         /* bits a left shift keeps */
    uint64_t shr_bits = sh ? ~0ull >> (64 - sh) : 0; /* rotated-in bits */

    if (sh == 0) {
        gen_andi_mask(s, dst, src, m);
    } else if ((m & ~shl_bits) == 0) {
        /* sldi-like: the mask drops the bits that wrapped around */
        tcg_gen_shli_i64(s, dst, src, sh);
        gen_andi_mask(s, dst, dst, m | ~shl_bits);
    } else if ((m & ~shr_bits) == 0) {
        /* srdi-like: only the wrapped bits survive: shift right 64 - sh */
        tcg_gen_shri_i64(s, dst, src, 64 - sh);
        gen_andi_mask(s, dst, dst, m | ~shr_bits);
    } else {
        tcg_gen_rotli_i64(s, dst, src, sh);
        gen_andi_mask(s, dst, dst, m);
    }
}

/* rldicl[.] RA,RS,SH,MB: rotl64 & MASK(mb, 63) */
bool trans_rldicl(DisasContext *ctx, const PPCArgs *a)
{
    gen_rld_masked(ctx->s, ppc_g.gpr[a->ra], ppc_g.gpr[a->rt], a->sh,
                   ppc_mask64(a->mb, 63));
    gen_rc(ctx, a, ppc_g.gpr[a->ra]);
    return true;
}

/* rldicr[.] RA,RS,SH,ME: rotl64 & MASK(0, me) */
bool trans_rldicr(DisasContext *ctx, const PPCArgs *a)
{
    gen_rld_masked(ctx->s, ppc_g.gpr[a->ra], ppc_g.gpr[a->rt], a->sh,
                   ppc_mask64(0, a->me));
    gen_rc(ctx, a, ppc_g.gpr[a->ra]);
    return true;
}

/* rldic[.] RA,RS,SH,MB: rotl64 & MASK(mb, 63 - sh) */
bool trans_rldic(DisasContext *ctx, const PPCArgs *a)
{
    gen_rld_masked(ctx->s, ppc_g.gpr[a->ra], ppc_g.gpr[a->rt], a->sh,
                   ppc_mask64(a->mb, 63 - a->sh));
    gen_rc(ctx, a, ppc_g.gpr[a->ra]);
    return true;
}

/* rldcl[.] / rldcr[.] RA,RS,RB,MB/ME: count (RB)58:63 (the IR's rotate
   takes it modulo 64) */
static void gen_rldc(DisasContext *ctx, const PPCArgs *a, uint64_t m)
{
    TCGContext *s = ctx->s;
    TCGv ra = ppc_g.gpr[a->ra];

    tcg_gen_rotl_i64(s, ra, ppc_g.gpr[a->rt], ppc_g.gpr[a->rb]);
    gen_andi_mask(s, ra, ra, m);
    gen_rc(ctx, a, ra);
}

bool trans_rldcl(DisasContext *ctx, const PPCArgs *a)
{
    gen_rldc(ctx, a, ppc_mask64(a->mb, 63));
    return true;
}

bool trans_rldcr(DisasContext *ctx, const PPCArgs *a)
{
    gen_rldc(ctx, a, ppc_mask64(0, a->me));
    return true;
}

/* rldimi[.] RA,RS,SH,MB: RA = (rotl64(RS, SH) & m) | (RA & ~m),
   m = MASK(mb, 63 - sh) */
bool trans_rldimi(DisasContext *ctx, const PPCArgs *a)
{
    TCGContext *s = ctx->s;
    TCGv r = tcg_temp_new(s);

    if (a->sh) {
        tcg_gen_rotli_i64(s, r, ppc_g.gpr[a->rt], a->sh);
    } else {
        tcg_gen_mov(s, r, ppc_g.gpr[a->rt]);
    }
    gen_insert(s, ppc_g.gpr[a->ra], r, ppc_mask64(a->mb, 63 - a->sh));
    gen_rc(ctx, a, ppc_g.gpr[a->ra]);
    return true;
}

/* ------------------------------------------------------------- shifts */

/* slw[.]: low word of (RS) << (RB)58:63, zero-extended */
bool trans_slw(DisasContext *ctx, const PPCArgs *a)
{
    TCGContext *s = ctx->s;
    TCGv ra = ppc_g.gpr[a->ra];

    tcg_gen_shl_i64(s, ra, ppc_g.gpr[a->rt], ppc_g.gpr[a->rb]);
    tcg_gen_ext32u(s, ra, ra);
    gen_rc(ctx, a, ra);
    return true;
}

/* srw[.]: (RS)32:63 >> (RB)58:63 */
bool trans_srw(DisasContext *ctx, const PPCArgs *a)
{
    TCGContext *s = ctx->s;
    TCGv t = tcg_temp_new(s);

    tcg_gen_ext32u(s, t, ppc_g.gpr[a->rt]);
    tcg_gen_shr_i64(s, ppc_g.gpr[a->ra], t, ppc_g.gpr[a->rb]);
    gen_rc(ctx, a, ppc_g.gpr[a->ra]);
    return true;
}

/* sld[.] / srd[.]: (RS) shifted by (RB)57:63; 0 for counts 64..127 */
static void gen_shift_d(DisasContext *ctx, const PPCArgs *a, GenShiftFn *fn)
{
    TCGContext *s = ctx->s;
    TCGv rb = ppc_g.gpr[a->rb];
    TCGv t = tcg_temp_new(s);

    fn(s, t, ppc_g.gpr[a->rt], rb);
    tcg_gen_movcond_i64(s, TCG_COND_TSTNE, ppc_g.gpr[a->ra], rb,
                        tcg_constant(s, 0x40), tcg_constant(s, 0), t);
    gen_rc(ctx, a, ppc_g.gpr[a->ra]);
}

bool trans_sld(DisasContext *ctx, const PPCArgs *a)
{
    gen_shift_d(ctx, a, tcg_gen_shl_i64);
    return true;
}

bool trans_srd(DisasContext *ctx, const PPCArgs *a)
{
    gen_shift_d(ctx, a, tcg_gen_shr_i64);
    return true;
}

/* CA = CA32 = (src < 0 and src has a 1 in the low n bits), n constant;
   src & (sign | low bits) >u sign says exactly that */
static void gen_sra_ca_imm(TCGContext *s, TCGv src, unsigned n)
{
    uint64_t sign = 1ull << 63;
    TCGv t = tcg_temp_new(s);

    if (n == 0) {
        tcg_gen_movi(s, ppc_g.ca, 0);
    } else {
        tcg_gen_andi_i64(s, t, src, (int64_t)(sign | (~0ull >> (64 - n))));
        tcg_gen_setcondi_i64(s, TCG_COND_GTU, ppc_g.ca, t, (int64_t)sign);
    }
    tcg_gen_mov(s, ppc_g.ca32, ppc_g.ca);
}

/* srawi[.] RA,RS,SH: EXTS((RS)32:63) >> SH, CA CA32 */
bool trans_srawi(DisasContext *ctx, const PPCArgs *a)
{
    TCGContext *s = ctx->s;
    TCGv x = tcg_temp_new(s);

    tcg_gen_ext32s(s, x, ppc_g.gpr[a->rt]);
    gen_sra_ca_imm(s, x, a->sh);
    if (a->sh) {
        tcg_gen_sari_i64(s, ppc_g.gpr[a->ra], x, a->sh);
    } else {
        tcg_gen_mov(s, ppc_g.gpr[a->ra], x);
    }
    gen_rc(ctx, a, ppc_g.gpr[a->ra]);
    return true;
}

/* sradi[.] RA,RS,SH (6-bit SH): (RS) >> SH, CA CA32 */
bool trans_sradi(DisasContext *ctx, const PPCArgs *a)
{
    TCGContext *s = ctx->s;

    gen_sra_ca_imm(s, ppc_g.gpr[a->rt], a->sh);
    if (a->sh) {
        tcg_gen_sari_i64(s, ppc_g.gpr[a->ra], ppc_g.gpr[a->rt], a->sh);
    } else if (a->ra != a->rt) {
        tcg_gen_mov(s, ppc_g.gpr[a->ra], ppc_g.gpr[a->rt]);
    }
    gen_rc(ctx, a, ppc_g.gpr[a->ra]);
    return true;
}

/*
 * sraw[.]: x = EXTS((RS)32:63) shifted right by n = (RB)58:63.  For n of
 * 32..63 the 64-bit shift of the sign-extended word already gives the
 * all-sign result the ISA wants.  CA: x < 0 and (r << n) != x, i.e. a 1
 * was shifted out.
 */
bool trans_sraw(DisasContext *ctx, const PPCArgs *a)
{
    TCGContext *s = ctx->s;
    TCGv rb = ppc_g.gpr[a->rb];
    TCGv x = tcg_temp_new(s), r = tcg_temp_new(s), t = tcg_temp_new(s);

    tcg_gen_ext32s(s, x, ppc_g.gpr[a->rt]);
    tcg_gen_sar_i64(s, r, x, rb);
    tcg_gen_shl_i64(s, t, r, rb);
    tcg_gen_xor_i64(s, t, t, x);
    tcg_gen_sari_i64(s, x, x, 63);
    tcg_gen_setcond_i64(s, TCG_COND_TSTNE, ppc_g.ca, t, x);
    tcg_gen_mov(s, ppc_g.ca32, ppc_g.ca);
    tcg_gen_mov(s, ppc_g.gpr[a->ra], r);
    gen_rc(ctx, a, ppc_g.gpr[a->ra]);
    return true;
}

/*
 * srad[.]: (RS) shifted right by n = (RB)57:63; for n >= 64 every bit is
 * the sign (a shift by 63) and every bit was shifted out.  CA: (RS) < 0
 * and (RS) & ~(-1 << n) != 0, the mask being all ones when n >= 64.
 */
bool trans_srad(DisasContext *ctx, const PPCArgs *a)
{
    TCGContext *s = ctx->s;
    TCGv rs = ppc_g.gpr[a->rt], rb = ppc_g.gpr[a->rb];
    TCGv big = tcg_constant(s, 0x40);
    TCGv n = tcg_temp_new(s), r = tcg_temp_new(s), m = tcg_temp_new(s);

    tcg_gen_movcond_i64(s, TCG_COND_TSTNE, n, rb, big, tcg_constant(s, 63),
                        rb);
    tcg_gen_sar_i64(s, r, rs, n);
    tcg_gen_shl_i64(s, m, tcg_constant(s, -1), rb);
    tcg_gen_movcond_i64(s, TCG_COND_TSTNE, m, rb, big, tcg_constant(s, 0), m);
    tcg_gen_andc_i64(s, m, rs, m);
    tcg_gen_sari_i64(s, n, rs, 63);
    tcg_gen_setcond_i64(s, TCG_COND_TSTNE, ppc_g.ca, m, n);
    tcg_gen_mov(s, ppc_g.ca32, ppc_g.ca);
    tcg_gen_mov(s, ppc_g.gpr[a->ra], r);
    gen_rc(ctx, a, ppc_g.gpr[a->ra]);
    return true;
}

/* extswsli[.] RA,RS,SH (ISA 3.0): EXTS((RS)32:63) << SH (6-bit SH) */
bool trans_extswsli(DisasContext *ctx, const PPCArgs *a)
{
    TCGContext *s = ctx->s;
    TCGv ra = ppc_g.gpr[a->ra];

    tcg_gen_ext32s(s, ra, ppc_g.gpr[a->rt]);
    tcg_gen_shli_i64(s, ra, ra, a->sh);
    gen_rc(ctx, a, ra);
    return true;
}
