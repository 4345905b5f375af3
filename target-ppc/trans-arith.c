/*
 * target-ppc: fixed-point add and subtract (Power ISA 3.0B Book I 3.3.9):
 * addi addis addpcis, add/subf and their carrying, extended, minus-one and
 * zero forms, the immediate carrying forms, neg and addex.  (darn, in the
 * same ISA section, lives with mftb in trans-system.c.)
 *
 * All of them are one sum  RT = x + y + carry_in  where x is (RA) or, for
 * the subtract-from forms, NOT (RA).  gen_add_sub() emits that sum once and
 * adds only the flags the form asks for:
 *   CA    carry out of bit 0 (64-bit mode) or of bit 32 (32-bit mode)
 *   CA32  carry out of bit 32, in either mode (new in ISA 3.0)
 *   OV    signed overflow of the 64-bit (64-bit mode) or the low 32-bit
 *         (32-bit mode) result; OV32 that of the low 32-bit result
 *   SO    ORed with OV
 * (ISA 3.0B 3.2.2, XER).  With a carry-in of 0 or 1 each carry is a single
 * unsigned compare of the result with an operand (at 64 or 32 bits: the
 * IR's i32 compares look at the low words only).  With CA as the carry-in
 * the sum is built as t = x + CA, r = t + y, and each carry is the OR of
 * the carries of the two partial sums (they cannot both be 1).
 */
#include "trans-fixed.h"

typedef enum CarryIn {
    CIN_0,   /* x + y           (add forms) */
    CIN_1,   /* ~(RA) + y + 1   (subtract-from forms: y - (RA)) */
    CIN_CA,  /* x + y + CA      (extended forms) */
} CarryIn;

/*
 * r = x + y + c, and (when out is not 0) the carries out of bit 0 and of
 * bit 32 into out and out32 (CA and CA32, or OV and OV32 for addex), in
 * 32-bit mode out taking the carry out of bit 32.  When y is the constant
 * 0 (addze, subfze) the second partial sum and its carry vanish.
 */
static void gen_add_carry_in(DisasContext *ctx, TCGv r, TCGv x, TCGv y,
                             TCGv c, TCGv out, TCGv out32)
{
    TCGContext *s = ctx->s;
    bool y_zero = y == tcg_constant(s, 0);
    TCGv t = y_zero ? r : tcg_temp_new(s);

    tcg_gen_add_i64(s, t, x, c); /* the old carry is consumed here */
    if (!y_zero) {
        tcg_gen_add_i64(s, r, t, y);
    }
    if (!out) {
        return;
    }
    tcg_gen_setcond_i32(s, TCG_COND_LTU, out32, t, x);
    if (!y_zero) {
        TCGv c2 = tcg_temp_new(s);

        tcg_gen_setcond_i32(s, TCG_COND_LTU, c2, r, t);
        tcg_gen_or_i64(s, out32, out32, c2);
    }
    if (!ctx->sf) {
        tcg_gen_mov(s, out, out32);
        return;
    }
    tcg_gen_setcond_i64(s, TCG_COND_LTU, out, t, x);
    if (!y_zero) {
        TCGv c2 = tcg_temp_new(s);

        tcg_gen_setcond_i64(s, TCG_COND_LTU, c2, r, t);
        tcg_gen_or_i64(s, out, out, c2);
    }
}

/*
 * RT = x + y + cin, x = sub ? ~ra : ra.  set_ca: CA and CA32; set_ov: OV,
 * OV32 and SO.  CIN_1 is only used with sub.
 */
static void gen_add_sub(DisasContext *ctx, int rt, TCGv ra, TCGv y, bool sub,
                        CarryIn cin, bool set_ca, bool set_ov)
{
    TCGContext *s = ctx->s;
    TCGv dst = ppc_g.gpr[rt];
    bool flags = set_ca || set_ov;
    /* the flags read the inputs after the sum: keep them intact */
    TCGv r = flags && (dst == ra || dst == y) ? tcg_temp_new(s) : dst;

    switch (cin) {
    case CIN_0:
        tcg_gen_add_i64(s, r, ra, y);
        if (set_ca) {
            tcg_gen_setcond_i32(s, TCG_COND_LTU, ppc_g.ca32, r, ra);
            if (ctx->sf) {
                tcg_gen_setcond_i64(s, TCG_COND_LTU, ppc_g.ca, r, ra);
            } else {
                tcg_gen_mov(s, ppc_g.ca, ppc_g.ca32);
            }
        }
        break;
    case CIN_1:
        /* ~ra + y + 1 carries out exactly when y >=u ra (no borrow) */
        tcg_gen_sub_i64(s, r, y, ra);
        if (set_ca) {
            tcg_gen_setcond_i32(s, TCG_COND_GEU, ppc_g.ca32, y, ra);
            if (ctx->sf) {
                tcg_gen_setcond_i64(s, TCG_COND_GEU, ppc_g.ca, y, ra);
            } else {
                tcg_gen_mov(s, ppc_g.ca, ppc_g.ca32);
            }
        }
        break;
    case CIN_CA: {
        TCGv x = ra;

        if (sub) {
            x = tcg_temp_new(s);
            tcg_gen_not_i64(s, x, ra);
        }
        gen_add_carry_in(ctx, r, x, y, ppc_g.ca, set_ca ? ppc_g.ca : 0,
                         ppc_g.ca32);
        break;
    }
    }

    if (set_ov) {
        /* overflow: x and y have the same sign and r the other one, i.e.
           the sign bit of (x ^ r) & (y ^ r); x ^ r = ~(ra ^ r) when sub */
        TCGv t = tcg_temp_new(s);
        TCGv u = tcg_temp_new(s);

        if (sub) {
            tcg_gen_eqv_i64(s, t, ra, r);
        } else {
            tcg_gen_xor_i64(s, t, ra, r);
        }
        tcg_gen_xor_i64(s, u, y, r);
        tcg_gen_and_i64(s, t, t, u);
        tcg_gen_shri_i32(s, ppc_g.ov32, t, 31);
        if (ctx->sf) {
            tcg_gen_shri_i64(s, ppc_g.ov, t, 63);
        } else {
            tcg_gen_mov(s, ppc_g.ov, ppc_g.ov32);
        }
        tcg_gen_or_i64(s, ppc_g.so, ppc_g.so, ppc_g.ov);
    }

    if (r != dst) {
        tcg_gen_mov(s, dst, r);
    }
}

/* ------------------------------------------------------------ immediates */

/* addi: RT = (RA|0) + EXTS(SI) */
bool trans_addi(DisasContext *ctx, const PPCArgs *a)
{
    if (a->ra == 0) {
        tcg_gen_movi(ctx->s, ppc_g.gpr[a->rt], a->imm);
    } else {
        tcg_gen_addi_i64(ctx->s, ppc_g.gpr[a->rt], ppc_g.gpr[a->ra], a->imm);
    }
    return true;
}

/* addis: RT = (RA|0) + EXTS(SI || 0^16) */
bool trans_addis(DisasContext *ctx, const PPCArgs *a)
{
    int64_t imm = (int64_t)((uint64_t)a->imm << 16);

    if (a->ra == 0) {
        tcg_gen_movi(ctx->s, ppc_g.gpr[a->rt], imm);
    } else {
        tcg_gen_addi_i64(ctx->s, ppc_g.gpr[a->rt], ppc_g.gpr[a->ra], imm);
    }
    return true;
}

/*
 * addpcis (ISA 3.0): RT = NIA + EXTS(d0||d1||d2 || 0^16); the decoder has
 * already shifted the immediate.  NIA (ctx->next_pc) has a zero high word
 * in 32-bit mode (Book I 1.9.3); the sum itself is not truncated.  Known
 * at translation time.
 */
bool trans_addpcis(DisasContext *ctx, const PPCArgs *a)
{
    tcg_gen_movi(ctx->s, ppc_g.gpr[a->rt],
                 (int64_t)(ctx->next_pc + (uint64_t)a->imm));
    return true;
}

/* addic / addic.: RT = (RA) + EXTS(SI), CA CA32 (and CR0 for addic.) */
bool trans_addic(DisasContext *ctx, const PPCArgs *a)
{
    gen_add_sub(ctx, a->rt, ppc_g.gpr[a->ra], tcg_constant(ctx->s, a->imm),
                false, CIN_0, true, false);
    return true;
}

bool trans_addic_rc(DisasContext *ctx, const PPCArgs *a)
{
    trans_addic(ctx, a);
    gen_set_cr0(ctx, ppc_g.gpr[a->rt]);
    return true;
}

/* subfic: RT = ~(RA) + EXTS(SI) + 1, CA CA32 */
bool trans_subfic(DisasContext *ctx, const PPCArgs *a)
{
    gen_add_sub(ctx, a->rt, ppc_g.gpr[a->ra], tcg_constant(ctx->s, a->imm),
                true, CIN_1, true, false);
    return true;
}

/* ------------------------------------------------------- XO-form (OE, Rc) */

/* add[o][.]: RT = (RA) + (RB) */
bool trans_add(DisasContext *ctx, const PPCArgs *a)
{
    gen_add_sub(ctx, a->rt, ppc_g.gpr[a->ra], ppc_g.gpr[a->rb], false, CIN_0,
                false, a->oe);
    gen_rc(ctx, a, ppc_g.gpr[a->rt]);
    return true;
}

/* addc[o][.]: RT = (RA) + (RB), CA CA32 */
bool trans_addc(DisasContext *ctx, const PPCArgs *a)
{
    gen_add_sub(ctx, a->rt, ppc_g.gpr[a->ra], ppc_g.gpr[a->rb], false, CIN_0,
                true, a->oe);
    gen_rc(ctx, a, ppc_g.gpr[a->rt]);
    return true;
}

/* adde[o][.]: RT = (RA) + (RB) + CA */
bool trans_adde(DisasContext *ctx, const PPCArgs *a)
{
    gen_add_sub(ctx, a->rt, ppc_g.gpr[a->ra], ppc_g.gpr[a->rb], false, CIN_CA,
                true, a->oe);
    gen_rc(ctx, a, ppc_g.gpr[a->rt]);
    return true;
}

/* addme[o][.]: RT = (RA) + CA - 1 */
bool trans_addme(DisasContext *ctx, const PPCArgs *a)
{
    gen_add_sub(ctx, a->rt, ppc_g.gpr[a->ra], tcg_constant(ctx->s, -1), false,
                CIN_CA, true, a->oe);
    gen_rc(ctx, a, ppc_g.gpr[a->rt]);
    return true;
}

/* addze[o][.]: RT = (RA) + CA */
bool trans_addze(DisasContext *ctx, const PPCArgs *a)
{
    gen_add_sub(ctx, a->rt, ppc_g.gpr[a->ra], tcg_constant(ctx->s, 0), false,
                CIN_CA, true, a->oe);
    gen_rc(ctx, a, ppc_g.gpr[a->rt]);
    return true;
}

/* subf[o][.]: RT = ~(RA) + (RB) + 1 */
bool trans_subf(DisasContext *ctx, const PPCArgs *a)
{
    gen_add_sub(ctx, a->rt, ppc_g.gpr[a->ra], ppc_g.gpr[a->rb], true, CIN_1,
                false, a->oe);
    gen_rc(ctx, a, ppc_g.gpr[a->rt]);
    return true;
}

/* subfc[o][.]: RT = ~(RA) + (RB) + 1, CA CA32 */
bool trans_subfc(DisasContext *ctx, const PPCArgs *a)
{
    gen_add_sub(ctx, a->rt, ppc_g.gpr[a->ra], ppc_g.gpr[a->rb], true, CIN_1,
                true, a->oe);
    gen_rc(ctx, a, ppc_g.gpr[a->rt]);
    return true;
}

/* subfe[o][.]: RT = ~(RA) + (RB) + CA */
bool trans_subfe(DisasContext *ctx, const PPCArgs *a)
{
    gen_add_sub(ctx, a->rt, ppc_g.gpr[a->ra], ppc_g.gpr[a->rb], true, CIN_CA,
                true, a->oe);
    gen_rc(ctx, a, ppc_g.gpr[a->rt]);
    return true;
}

/* subfme[o][.]: RT = ~(RA) + CA - 1 */
bool trans_subfme(DisasContext *ctx, const PPCArgs *a)
{
    gen_add_sub(ctx, a->rt, ppc_g.gpr[a->ra], tcg_constant(ctx->s, -1), true,
                CIN_CA, true, a->oe);
    gen_rc(ctx, a, ppc_g.gpr[a->rt]);
    return true;
}

/* subfze[o][.]: RT = ~(RA) + CA */
bool trans_subfze(DisasContext *ctx, const PPCArgs *a)
{
    gen_add_sub(ctx, a->rt, ppc_g.gpr[a->ra], tcg_constant(ctx->s, 0), true,
                CIN_CA, true, a->oe);
    gen_rc(ctx, a, ppc_g.gpr[a->rt]);
    return true;
}

/*
 * neg[o][.]: RT = ~(RA) + 1.  With OE=1 the generic overflow rule gives
 * exactly the ISA's cases: OV for 0x8000_0000_0000_0000 in 64-bit mode,
 * OV32 whenever (RA)32:63 = 0x8000_0000.
 */
bool trans_neg(DisasContext *ctx, const PPCArgs *a)
{
    if (a->oe) {
        gen_add_sub(ctx, a->rt, ppc_g.gpr[a->ra], tcg_constant(ctx->s, 0),
                    true, CIN_1, false, true);
    } else {
        tcg_gen_neg_i64(ctx->s, ppc_g.gpr[a->rt], ppc_g.gpr[a->ra]);
    }
    gen_rc(ctx, a, ppc_g.gpr[a->rt]);
    return true;
}

/*
 * addex RT,RA,RB,CY (ISA 3.0, Z23-form): with CY=0, RT = (RA) + (RB) + OV
 * and OV, OV32 take the carries out (of bit 0, or bit 32 in 32-bit mode;
 * of bit 32): a second carry chain.  SO is not changed.  Other CY values
 * are reserved (the row's mask makes them illegal).
 */
bool trans_addex(DisasContext *ctx, const PPCArgs *a)
{
    TCGContext *s = ctx->s;
    TCGv dst = ppc_g.gpr[a->rt], ra = ppc_g.gpr[a->ra], rb = ppc_g.gpr[a->rb];
    TCGv r = dst == ra || dst == rb ? tcg_temp_new(s) : dst;

    gen_add_carry_in(ctx, r, ra, rb, ppc_g.ov, ppc_g.ov, ppc_g.ov32);
    if (r != dst) {
        tcg_gen_mov(s, dst, r);
    }
    return true;
}

