/*
 * target-ppc/trans-atomic.c: Load And Reserve and Store Conditional of every
 * width (Power ISA 3.0B Book II 4.4.2): lbarx lharx lwarx ldarx lqarx and
 * stbcx. sthcx. stwcx. stdcx. stqcx.
 *
 * The reservation is the tuple env->reserve_addr (the EA; -1 = none),
 * reserve_size (bytes), reserve_val (the value loaded; for lqarx the even
 * register's half, reserve_val2 the odd one's).  A store conditional
 * succeeds iff the reservation is for the same EA and size and storage
 * still holds the reserved value; so a store by this CPU (or another vCPU
 * run round-robin) to another location leaves the reservation alone, and
 * one that changes the reserved location makes the next stcx. fail.  Every
 * stcx. ends the reservation, whatever its outcome.  The only thing this
 * misses is a store that writes back the same value (ABA), which a lock-free
 * algorithm built on larx/stcx. cannot observe anyway.  Interrupts may drop
 * the reservation (excp.c), which the ISA allows.
 *
 * The storage operand must be aligned to its size, whether or not a
 * reservation exists (Book II 4.4.2: otherwise the alignment interrupt).
 * The EH hint of the larx instructions is ignored.
 */
#include "trans-ldst.h"

/* the reservation granule is the operand itself: its size in bytes */
static int64_t memop_bytes(unsigned memop)
{
    return (int64_t)1 << (memop & MO_SIZE);
}

/* lbarx/lharx/lwarx/ldarx RT,RA,RB,EH: zero-extended, like lbz..ld */
static bool do_larx(DisasContext *ctx, const PPCArgs *a, unsigned memop)
{
    TCGContext *s = ctx->s;
    TCGv ea = gen_ea_reg(ctx, a->ra, a->rb);
    TCGv val = tcg_temp_new(s);

    gen_ld(ctx, val, ea, memop | MO_ALIGN);
    tcg_gen_mov(s, ppc_g.reserve_addr, ea);
    tcg_gen_movi(s, ppc_g.reserve_size, memop_bytes(memop));
    tcg_gen_mov(s, ppc_g.reserve_val, val);
    tcg_gen_mov(s, ppc_g.gpr[a->rt], val);
    return true;
}

/* CR0 <- 0b00 || stored || XER[SO]; the reservation is gone */
static void gen_stcx_finish(DisasContext *ctx, TCGv stored)
{
    TCGContext *s = ctx->s;
    TCGv t = tcg_temp_new(s);

    tcg_gen_shli_i64(s, t, stored, 1);
    tcg_gen_or_i64(s, ppc_g.crf[0], t, ppc_g.so);
    tcg_gen_movi(s, ppc_g.reserve_addr, -1);
}

/*
 * ok <- (reserve_addr == ea) & (reserve_size == bytes) & (cur == val).
 * ok must be a local temp: it is read again after the conditional store.
 */
static void gen_reservation_holds(DisasContext *ctx, TCGv ok, TCGv ea,
                                  int64_t bytes)
{
    TCGContext *s = ctx->s;
    TCGv t = tcg_temp_new(s);

    tcg_gen_setcond_i64(s, TCG_COND_EQ, ok, ppc_g.reserve_addr, ea);
    tcg_gen_setcondi_i64(s, TCG_COND_EQ, t, ppc_g.reserve_size, bytes);
    tcg_gen_and_i64(s, ok, ok, t);
}

static void gen_and_equal(DisasContext *ctx, TCGv ok, TCGv a, TCGv b)
{
    TCGContext *s = ctx->s;
    TCGv t = tcg_temp_new(s);

    tcg_gen_setcond_i64(s, TCG_COND_EQ, t, a, b);
    tcg_gen_and_i64(s, ok, ok, t);
}

/*
 * stbcx./sthcx./stwcx./stdcx. RS,RA,RB.  The current value is loaded first
 * (with the alignment check, which must happen even without a reservation),
 * then the store is done only if the reservation holds.
 */
static bool do_stcx(DisasContext *ctx, const PPCArgs *a, unsigned memop)
{
    TCGContext *s = ctx->s;
    TCGv ea = gen_ea_reg(ctx, a->ra, a->rb);
    TCGv cur = tcg_temp_new(s);
    TCGv ok = tcg_temp_new_local(s);
    TCGLabel skip = tcg_label_new(s);

    gen_ld(ctx, cur, ea, memop | MO_ALIGN);
    gen_reservation_holds(ctx, ok, ea, memop_bytes(memop));
    gen_and_equal(ctx, ok, cur, ppc_g.reserve_val);
    tcg_gen_brcondi_i64(s, TCG_COND_EQ, ok, 0, skip);
    gen_st(ctx, ppc_g.gpr[a->rt], ea, memop);
    tcg_gen_set_label(s, skip);
    gen_stcx_finish(ctx, ok);
    return true;
}

bool trans_lbarx(DisasContext *ctx, const PPCArgs *a)
{
    return do_larx(ctx, a, MO_8);
}

bool trans_lharx(DisasContext *ctx, const PPCArgs *a)
{
    return do_larx(ctx, a, MO_16);
}

bool trans_lwarx(DisasContext *ctx, const PPCArgs *a)
{
    return do_larx(ctx, a, MO_32);
}

bool trans_ldarx(DisasContext *ctx, const PPCArgs *a)
{
    return do_larx(ctx, a, MO_64);
}

bool trans_stbcx(DisasContext *ctx, const PPCArgs *a)
{
    return do_stcx(ctx, a, MO_8);
}

bool trans_sthcx(DisasContext *ctx, const PPCArgs *a)
{
    return do_stcx(ctx, a, MO_16);
}

bool trans_stwcx(DisasContext *ctx, const PPCArgs *a)
{
    return do_stcx(ctx, a, MO_32);
}

bool trans_stdcx(DisasContext *ctx, const PPCArgs *a)
{
    return do_stcx(ctx, a, MO_64);
}

/*
 * lqarx RTp,RA,RB,EH.  The pair is loaded as by lq (Book I 3.3.4); the ISA
 * says RTp=RA or RTp=RB must invoke the illegal instruction handler, and we
 * treat an odd RTp the same way.
 */
bool trans_lqarx(DisasContext *ctx, const PPCArgs *a)
{
    TCGContext *s = ctx->s;
    TCGv ea, hi, lo;

    if ((a->rt & 1) || a->rt == a->ra || a->rt == a->rb) {
        return invalid_form(ctx, "lqarx with RTp odd, RTp=RA or RTp=RB");
    }
    ea = gen_ea_reg(ctx, a->ra, a->rb);
    gen_check_align(ctx, ea, 15);
    hi = tcg_temp_new(s);
    lo = tcg_temp_new(s);
    gen_ld_quad(ctx, hi, lo, ea);
    tcg_gen_mov(s, ppc_g.reserve_addr, ea);
    tcg_gen_movi(s, ppc_g.reserve_size, 16);
    tcg_gen_mov(s, ppc_g.reserve_val, hi);
    tcg_gen_mov(s, ppc_g.reserve_val2, lo);
    tcg_gen_mov(s, ppc_g.gpr[a->rt], hi);
    tcg_gen_mov(s, ppc_g.gpr[a->rt + 1], lo);
    return true;
}

/* stqcx. RSp,RA,RB */
bool trans_stqcx(DisasContext *ctx, const PPCArgs *a)
{
    TCGContext *s = ctx->s;
    TCGv ea, hi, lo, ok;
    TCGLabel skip;

    if (a->rt & 1) {
        return invalid_form(ctx, "stqcx. with an odd RSp");
    }
    ea = gen_ea_reg(ctx, a->ra, a->rb);
    gen_check_align(ctx, ea, 15);
    hi = tcg_temp_new(s);
    lo = tcg_temp_new(s);
    ok = tcg_temp_new_local(s);
    skip = tcg_label_new(s);
    gen_ld_quad(ctx, hi, lo, ea);
    gen_reservation_holds(ctx, ok, ea, 16);
    gen_and_equal(ctx, ok, hi, ppc_g.reserve_val);
    gen_and_equal(ctx, ok, lo, ppc_g.reserve_val2);
    tcg_gen_brcondi_i64(s, TCG_COND_EQ, ok, 0, skip);
    gen_st_quad(ctx, ppc_g.gpr[a->rt], ppc_g.gpr[a->rt + 1], ea);
    tcg_gen_set_label(s, skip);
    gen_stcx_finish(ctx, ok);
    return true;
}
