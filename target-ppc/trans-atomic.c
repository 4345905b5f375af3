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
 *
 * With one host thread per vCPU (accel_parallel()) the compare and the
 * store must be one indivisible step against the other threads: a store
 * conditional is then a helper (helper_stcx) that does a host
 * compare-and-swap of the reserved value with the new one on the operand
 * in guest RAM (lock cmpxchg, lock cmpxchg16b for stqcx.), after the same
 * checks.  The lock prefix is also a full barrier, as the ISA's larx/stcx.
 * pairs in lock code want.  The ABA question: a stcx. here succeeds when
 * the reserved bytes hold the reserved value again, although another vCPU
 * stored to them in between (A -> B -> A), where hardware would have lost
 * the reservation.  Linux's generic atomics are cmpxchg loops, which are
 * compare-and-swap by contract and cannot tell the difference; code that
 * needs ABA safety from larx/stcx. itself (a lock-free stack popped with
 * lwarx/ld/stwcx.) could be fooled, as under QEMU's TCG, which makes the
 * same choice.  A store by another vCPU to another part of the granule
 * does not cancel the reservation either; only the operand's bytes are
 * compared.  lqarx reads its 16 bytes as two 8-byte loads: a torn read
 * makes the following stqcx. fail, never store stale data.  With one
 * thread (thread=single, one vCPU) the inline sequence below stays: only
 * one vCPU runs between two TB entries.
 */
#include "trans-ldst.h"

/* ---------------------------------------------------------- threads */

static uint64_t to_mem(uint64_t v, unsigned size, bool bswap)
{
    if (!bswap) {
        return v;
    }
    switch (size) {
    case 2:
        return __builtin_bswap16((uint16_t)v);
    case 4:
        return __builtin_bswap32((uint32_t)v);
    case 8:
        return __builtin_bswap64(v);
    default:
        return v;
    }
}

static bool reservation_for(CPUPPCState *env, uint64_t ea, uint64_t size)
{
    return env->reserve_addr == ea && env->reserve_size == size;
}

/* (ea, rs, oi) -> 1 if stored: the parallel stbcx..stdcx. */
static uint64_t helper_stcx(CPUPPCState *env, uint64_t ea, uint64_t val,
                            uint64_t oi)
{
    unsigned memop = get_memop((TCGMemOpIdx)oi);
    unsigned size = 1u << (memop & MO_SIZE);
    bool bswap = (memop & MO_BSWAP) != 0;
    bool ok;
    void *p;

    if (ea & (size - 1)) {
        ppc_raise_alignment(env, ea, GETPC());
    }
    /* the inline sequence's load: the same DSI without a reservation */
    p = cpu_probe_access(env, ea, (int)size, reservation_for(env, ea, size),
                         (int)get_mmuidx((TCGMemOpIdx)oi), GETPC());
    if (!reservation_for(env, ea, size)) {
        return 0;
    }
    uint64_t exp = to_mem(env->reserve_val, size, bswap);
    uint64_t new = to_mem(val, size, bswap);
    switch (size) {
    case 1: {
        uint8_t e = (uint8_t)exp;
        ok = __atomic_compare_exchange_n((uint8_t *)p, &e, (uint8_t)new,
                                         false, __ATOMIC_SEQ_CST,
                                         __ATOMIC_SEQ_CST);
        break;
    }
    case 2: {
        uint16_t e = (uint16_t)exp;
        ok = __atomic_compare_exchange_n((uint16_t *)p, &e, (uint16_t)new,
                                         false, __ATOMIC_SEQ_CST,
                                         __ATOMIC_SEQ_CST);
        break;
    }
    case 4: {
        uint32_t e = (uint32_t)exp;
        ok = __atomic_compare_exchange_n((uint32_t *)p, &e, (uint32_t)new,
                                         false, __ATOMIC_SEQ_CST,
                                         __ATOMIC_SEQ_CST);
        break;
    }
    default: {
        uint64_t e = exp;
        ok = __atomic_compare_exchange_n((uint64_t *)p, &e, new, false,
                                         __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
        break;
    }
    }
    return ok;
}

/* lock cmpxchg16b: [p] (low quadword first) == exp ? new : unchanged */
static bool cmpxchg16(uint64_t *p, uint64_t exp_lo, uint64_t exp_hi,
                      uint64_t new_lo, uint64_t new_hi)
{
    bool ok;

    __asm__ volatile("lock cmpxchg16b %1"
                     : "=@ccz"(ok), "+m"(*(volatile uint64_t(*)[2])p),
                       "+a"(exp_lo), "+d"(exp_hi)
                     : "b"(new_lo), "c"(new_hi)
                     : "memory");
    return ok;
}

/* (ea, hi, lo, le | mmu_idx << 1) -> 1 if stored: the parallel stqcx. */
static uint64_t helper_stqcx(CPUPPCState *env, uint64_t ea, uint64_t hi,
                             uint64_t lo, uint64_t mode)
{
    bool le = mode & 1;
    uint64_t *p;

    p = cpu_probe_access(env, ea, 16, reservation_for(env, ea, 16),
                         (int)(mode >> 1), GETPC());
    if (!reservation_for(env, ea, 16)) {
        return 0;
    }
    /* Book I 3.3.4: big-endian, the even register's doubleword at EA;
       little-endian, the odd one's, each in its byte order */
    if (le) {
        return cmpxchg16(p, env->reserve_val2, env->reserve_val, lo, hi);
    }
    return cmpxchg16(p, __builtin_bswap64(env->reserve_val),
                     __builtin_bswap64(env->reserve_val2),
                     __builtin_bswap64(hi), __builtin_bswap64(lo));
}

static const TCGHelperInfo stcx_info = {
    .func = (void *)helper_stcx, .name = "stcx",
    .nb_iargs = 3, .has_ret = 1, .flags = TCG_CALL_NO_WRITE_GLOBALS,
};
static const TCGHelperInfo stqcx_info = {
    .func = (void *)helper_stqcx, .name = "stqcx",
    .nb_iargs = 4, .has_ret = 1, .flags = TCG_CALL_NO_WRITE_GLOBALS,
};

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

    if (accel_parallel()) {
        unsigned mo = memop;
        if (!ctx->le) {
            mo ^= MO_BSWAP;
        }
        if ((mo & MO_SIZE) == MO_8) {
            mo &= ~(unsigned)MO_BSWAP;
        }
        TCGv args[3] = { ea, ppc_g.gpr[a->rt],
                         tcg_constant(s, (int64_t)make_memop_idx(
                                             mo, (unsigned)ctx->mem_idx)) };
        tcg_gen_call(s, tcg_helper_register(&stcx_info), ok, 3, args);
        gen_stcx_finish(ctx, ok);
        return true;
    }
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
    if (accel_parallel()) {
        TCGv args[4] = { ea, ppc_g.gpr[a->rt], ppc_g.gpr[a->rt + 1],
                         tcg_constant(s, (int64_t)(ctx->le ? 1 : 0) |
                                             (int64_t)ctx->mem_idx << 1) };
        tcg_gen_call(s, tcg_helper_register(&stqcx_info), ok, 4, args);
        gen_stcx_finish(ctx, ok);
        return true;
    }
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
