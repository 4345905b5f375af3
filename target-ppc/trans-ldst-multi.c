/*
 * target-ppc/trans-ldst-multi.c: the instructions that move many registers
 * at once: Load/Store Multiple Word (Power ISA 3.0B Book I 3.3.6) and the
 * Move Assist string instructions (3.3.7).
 *
 * They are rare (compilers stopped emitting them long ago) and move up to
 * 128 bytes, so each is one helper call (helper-ldst.c) rather than a long
 * run of inline accesses.  Both groups are big-endian only: in
 * little-endian mode the ISA has them invoke the alignment error handler,
 * which is known at translation time, and that comes before the
 * invalid-form checks (an invalid form is boundedly undefined; the
 * alignment interrupt is what the ISA specifies for little-endian).
 *
 * Invalid forms (illegal instruction here): lmw with RA in RT..r31 (RA=0
 * only when RT=0 too), lswi with RA among the registers loaded (wrapping
 * to r0, RA=0 included), lswx with RA or RB among them -- except RA=0,
 * which as the "(RA|0)" base means no register at all, so a load that
 * wraps into r0 with RA=0 is performed (as QEMU does; the ISA's
 * "including the case in which RA=0" makes it boundedly undefined, and
 * doing the load is within those bounds).  A storage interrupt part-way leaves
 * the registers already loaded changed, which the ISA allows since the
 * instruction is restarted from the beginning and never overwrites RA/RB.
 */
#include "trans-ldst.h"

/* is register r among the n registers starting at first (wrapping at 32)? */
static bool reg_in_range(int r, int first, int n)
{
    return ((r - first) & 31) < n;
}

static bool gen_multi_call(DisasContext *ctx, const TCGHelperInfo *info,
                           TCGv ea, int nargs, const TCGv *rest)
{
    TCGv args[TCG_MAX_CALL_IARGS];

    if (ctx->le) {
        gen_alignment_exception(ctx, ea);
        return true;
    }
    args[0] = ea;
    for (int i = 0; i < nargs; i++) {
        args[i + 1] = rest[i];
    }
    gen_ldst_helper(ctx, info, 0, nargs + 1, args);
    return true;
}

/* lmw RT,D(RA): words into the low halves of RT..31, high halves zeroed */
bool trans_lmw(DisasContext *ctx, const PPCArgs *a)
{
    TCGContext *s = ctx->s;
    TCGv rest[2];

    if (ctx->le) {
        gen_alignment_exception(ctx, gen_ea_imm(ctx, a->ra, a->imm));
        return true;
    }
    if (a->ra >= a->rt) {
        /* RA in the range loaded, which includes RT=RA=0 */
        return invalid_form(ctx, "lmw with RA in the range of registers loaded");
    }
    rest[0] = tcg_constant(s, a->rt);
    rest[1] = tcg_constant(s, ctx->mem_idx);
    return gen_multi_call(ctx, &helper_info_lmw,
                          gen_ea_imm(ctx, a->ra, a->imm), 2, rest);
}

/* stmw RS,D(RA): the low halves of RS..31 */
bool trans_stmw(DisasContext *ctx, const PPCArgs *a)
{
    TCGContext *s = ctx->s;
    TCGv rest[2] = { tcg_constant(s, a->rt), tcg_constant(s, ctx->mem_idx) };

    return gen_multi_call(ctx, &helper_info_stmw,
                          gen_ea_imm(ctx, a->ra, a->imm), 2, rest);
}

static bool do_string(DisasContext *ctx, const PPCArgs *a,
                      const TCGHelperInfo *info, TCGv ea, uint32_t nb)
{
    TCGContext *s = ctx->s;
    TCGv rest[3] = {
        tcg_constant(s, a->rt | a->ra << 8 | a->rb << 16),
        tcg_constant(s, nb),
        tcg_constant(s, ctx->mem_idx),
    };

    return gen_multi_call(ctx, info, ea, 3, rest);
}

/* the NB field (in the RB position): 0 means 32 bytes */
static uint32_t string_nb(const PPCArgs *a)
{
    return a->rb ? a->rb : 32;
}

/* lswi RT,RA,NB: EA = (RA|0) */
bool trans_lswi(DisasContext *ctx, const PPCArgs *a)
{
    uint32_t nb = string_nb(a);

    if (ctx->le) {
        gen_alignment_exception(ctx, gen_ea_imm(ctx, a->ra, 0));
        return true;
    }
    if (reg_in_range(a->ra, a->rt, (nb + 3) / 4)) {
        return invalid_form(ctx, "lswi with RA in the range of registers loaded");
    }
    return do_string(ctx, a, &helper_info_lsw, gen_ea_imm(ctx, a->ra, 0), nb);
}

/* lswx RT,RA,RB: byte count in XER[57:63]; invalid forms checked at run time */
bool trans_lswx(DisasContext *ctx, const PPCArgs *a)
{
    return do_string(ctx, a, &helper_info_lsw, gen_ea_reg(ctx, a->ra, a->rb),
                     LSW_NB_FROM_XER);
}

/* stswi RS,RA,NB */
bool trans_stswi(DisasContext *ctx, const PPCArgs *a)
{
    return do_string(ctx, a, &helper_info_stsw, gen_ea_imm(ctx, a->ra, 0),
                     string_nb(a));
}

/* stswx RS,RA,RB */
bool trans_stswx(DisasContext *ctx, const PPCArgs *a)
{
    return do_string(ctx, a, &helper_info_stsw,
                     gen_ea_reg(ctx, a->ra, a->rb), LSW_NB_FROM_XER);
}
