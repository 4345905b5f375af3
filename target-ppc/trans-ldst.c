/*
 * target-ppc/trans-ldst.c: the fixed-point loads and stores of Power ISA
 * 3.0B Book I 3.3.2 - 3.3.6 (byte to quadword, with update, indexed and
 * byte-reversed forms), and the generators the other storage translators
 * share (trans-ldst.h).
 *
 * One worker per family: every width and addressing mode of a load goes
 * through do_load(), every store through do_store(); the trans_ functions
 * named in insns.def only pick the memop and the addressing mode.  Accesses
 * are inline qemu_ld/qemu_st ops in the guest byte order (gen_ld/gen_st);
 * the softmmu fast path handles them without leaving generated code.
 *
 * Invalid forms (Book I 1.8.2): the ISA lets an implementation do anything
 * with them; we raise the illegal-instruction program interrupt, so that a
 * guest relying on one fails loudly.  That covers update forms with RA=0
 * (and, for loads, RA=RT), lq with an odd RTp or RTp=RA (the last one the
 * ISA itself says is illegal), and stq with an odd RSp.
 */
#include <inttypes.h>
#include <stddef.h>

#include "log.h"
#include "trans-ldst.h"

/* ----------------------------------------------------- shared generators */

bool invalid_form(DisasContext *ctx, const char *why)
{
    if (log_enabled(LOG_GUEST_ERROR)) {
        log_printf("invalid instruction form 0x%08x at 0x%016" PRIx64
                   ": %s\n",
                   ctx->insn, ctx->pc, why);
    }
    return false;
}

void gen_alignment_exception(DisasContext *ctx, TCGv ea)
{
    TCGContext *s = ctx->s;

    /* Book III 6.5.8: DAR <- the EA; DSISR is undefined, we clear it */
    tcg_gen_st64(s, ea, offsetof(CPUPPCState, spr[SPR_DAR]));
    tcg_gen_st64(s, tcg_constant(s, 0),
                 offsetof(CPUPPCState, spr[SPR_DSISR]));
    gen_exception(ctx, EXCP_ALIGN, 0);
}

/*
 * RAM holds guest-physical bytes in host (little-endian) order, so a
 * big-endian access is the swapping one; the reversed access of a
 * big-endian guest is the plain little-endian one and vice versa.
 */
static TCGMemOpIdx reversed_oi(DisasContext *ctx, unsigned memop)
{
    return make_memop_idx(memop | (ctx->le ? MO_BSWAP : 0), ctx->mem_idx);
}

void gen_ld_reversed(DisasContext *ctx, TCGv ret, TCGv ea, unsigned memop)
{
    tcg_gen_qemu_ld(ctx->s, ret, ea, reversed_oi(ctx, memop));
}

void gen_st_reversed(DisasContext *ctx, TCGv val, TCGv ea, unsigned memop)
{
    tcg_gen_qemu_st(ctx->s, val, ea, reversed_oi(ctx, memop));
}

void gen_ldst_helper(DisasContext *ctx, const TCGHelperInfo *info, TCGv ret,
                     int nargs, const TCGv *args)
{
    tcg_gen_call(ctx->s, tcg_helper_register(info), ret, nargs, args);
}

void gen_check_align(DisasContext *ctx, TCGv ea, uint64_t mask)
{
    TCGv args[2] = { ea, tcg_constant(ctx->s, (int64_t)mask) };

    gen_ldst_helper(ctx, &helper_info_check_align, 0, 2, args);
}

/*
 * A quadword as an even-odd register pair (Book I 3.3.4): hi is the even
 * register.  Big-endian: hi <- the doubleword at EA, lo <- EA+8.
 * Little-endian: hi <- the byte-reversed (i.e. little-endian) doubleword at
 * EA+8, lo <- EA.  Either way the pair holds the 16 bytes as one integer in
 * the current byte order.  The caller has checked quadword alignment, so
 * both halves are in one page and EA+8 cannot wrap in 32-bit mode.
 */
void gen_ld_quad(DisasContext *ctx, TCGv hi, TCGv lo, TCGv ea)
{
    TCGContext *s = ctx->s;
    TCGv ea8 = tcg_temp_new(s);

    tcg_gen_addi_i64(s, ea8, ea, 8);
    gen_ld(ctx, ctx->le ? lo : hi, ea, MO_64);
    gen_ld(ctx, ctx->le ? hi : lo, ea8, MO_64);
}

void gen_st_quad(DisasContext *ctx, TCGv hi, TCGv lo, TCGv ea)
{
    TCGContext *s = ctx->s;
    TCGv ea8 = tcg_temp_new(s);

    tcg_gen_addi_i64(s, ea8, ea, 8);
    gen_st(ctx, ctx->le ? lo : hi, ea, MO_64);
    gen_st(ctx, ctx->le ? hi : lo, ea8, MO_64);
}

/* ------------------------------------------- loads and stores (3.3.2-3) */

/* how the EA is formed (Book I 1.10.3) */
typedef enum PPCAddrMode {
    AM_D,        /* (RA|0) + D or DS: the form's immediate */
    AM_D_UPDATE, /* (RA) + D, then RA <- EA */
    AM_X,        /* (RA|0) + (RB) */
    AM_X_UPDATE, /* (RA) + (RB), then RA <- EA */
} PPCAddrMode;

static bool am_is_update(PPCAddrMode m)
{
    return m == AM_D_UPDATE || m == AM_X_UPDATE;
}

static TCGv gen_am_ea(DisasContext *ctx, const PPCArgs *a, PPCAddrMode m)
{
    if (m == AM_D || m == AM_D_UPDATE) {
        return gen_ea_imm(ctx, a->ra, a->imm);
    }
    return gen_ea_reg(ctx, a->ra, a->rb);
}

/*
 * Load of any width.  The access comes before the RA update so that a
 * storage interrupt leaves RA untouched.
 */
static bool do_load(DisasContext *ctx, const PPCArgs *a, unsigned memop,
                    PPCAddrMode m)
{
    TCGv ea;

    if (am_is_update(m) && (a->ra == 0 || a->ra == a->rt)) {
        return invalid_form(ctx, "load with update and RA=0 or RA=RT");
    }
    ea = gen_am_ea(ctx, a, m);
    gen_ld(ctx, ppc_g.gpr[a->rt], ea, memop);
    if (am_is_update(m)) {
        tcg_gen_mov(ctx->s, ppc_g.gpr[a->ra], ea);
    }
    return true;
}

/*
 * Store of any width (RS is in the RT field).  With update and RS=RA the old
 * RS is stored, then RA receives the EA (Book I 3.3.3).
 */
static bool do_store(DisasContext *ctx, const PPCArgs *a, unsigned memop,
                     PPCAddrMode m)
{
    TCGv ea;

    if (am_is_update(m) && a->ra == 0) {
        return invalid_form(ctx, "store with update and RA=0");
    }
    ea = gen_am_ea(ctx, a, m);
    gen_st(ctx, ppc_g.gpr[a->rt], ea, memop);
    if (am_is_update(m)) {
        tcg_gen_mov(ctx->s, ppc_g.gpr[a->ra], ea);
    }
    return true;
}

#define TRANS_LOAD(insn, memop, mode)                                         \
    bool trans_##insn(DisasContext *ctx, const PPCArgs *a)                    \
    {                                                                         \
        return do_load(ctx, a, memop, mode);                                  \
    }
#define TRANS_STORE(insn, memop, mode)                                        \
    bool trans_##insn(DisasContext *ctx, const PPCArgs *a)                    \
    {                                                                         \
        return do_store(ctx, a, memop, mode);                                 \
    }

/* 3.3.2 Fixed-Point Load Instructions */
TRANS_LOAD(lbz, MO_8, AM_D)
TRANS_LOAD(lbzu, MO_8, AM_D_UPDATE)
TRANS_LOAD(lbzx, MO_8, AM_X)
TRANS_LOAD(lbzux, MO_8, AM_X_UPDATE)
TRANS_LOAD(lhz, MO_16, AM_D)
TRANS_LOAD(lhzu, MO_16, AM_D_UPDATE)
TRANS_LOAD(lhzx, MO_16, AM_X)
TRANS_LOAD(lhzux, MO_16, AM_X_UPDATE)
TRANS_LOAD(lha, MO_16 | MO_SIGN, AM_D)
TRANS_LOAD(lhau, MO_16 | MO_SIGN, AM_D_UPDATE)
TRANS_LOAD(lhax, MO_16 | MO_SIGN, AM_X)
TRANS_LOAD(lhaux, MO_16 | MO_SIGN, AM_X_UPDATE)
TRANS_LOAD(lwz, MO_32, AM_D)
TRANS_LOAD(lwzu, MO_32, AM_D_UPDATE)
TRANS_LOAD(lwzx, MO_32, AM_X)
TRANS_LOAD(lwzux, MO_32, AM_X_UPDATE)
/* 3.3.2.1 64-bit Fixed-Point Load Instructions */
TRANS_LOAD(lwa, MO_32 | MO_SIGN, AM_D)
TRANS_LOAD(lwax, MO_32 | MO_SIGN, AM_X)
TRANS_LOAD(lwaux, MO_32 | MO_SIGN, AM_X_UPDATE)
TRANS_LOAD(ld, MO_64, AM_D)
TRANS_LOAD(ldu, MO_64, AM_D_UPDATE)
TRANS_LOAD(ldx, MO_64, AM_X)
TRANS_LOAD(ldux, MO_64, AM_X_UPDATE)

/* 3.3.3 Fixed-Point Store Instructions */
TRANS_STORE(stb, MO_8, AM_D)
TRANS_STORE(stbu, MO_8, AM_D_UPDATE)
TRANS_STORE(stbx, MO_8, AM_X)
TRANS_STORE(stbux, MO_8, AM_X_UPDATE)
TRANS_STORE(sth, MO_16, AM_D)
TRANS_STORE(sthu, MO_16, AM_D_UPDATE)
TRANS_STORE(sthx, MO_16, AM_X)
TRANS_STORE(sthux, MO_16, AM_X_UPDATE)
TRANS_STORE(stw, MO_32, AM_D)
TRANS_STORE(stwu, MO_32, AM_D_UPDATE)
TRANS_STORE(stwx, MO_32, AM_X)
TRANS_STORE(stwux, MO_32, AM_X_UPDATE)
/* 3.3.3.1 64-bit Fixed-Point Store Instructions */
TRANS_STORE(std, MO_64, AM_D)
TRANS_STORE(stdu, MO_64, AM_D_UPDATE)
TRANS_STORE(stdx, MO_64, AM_X)
TRANS_STORE(stdux, MO_64, AM_X_UPDATE)

/* ------------------------------------------------ byte reversal (3.3.5) */

static bool do_load_reversed(DisasContext *ctx, const PPCArgs *a,
                             unsigned memop)
{
    gen_ld_reversed(ctx, ppc_g.gpr[a->rt], gen_ea_reg(ctx, a->ra, a->rb),
                    memop);
    return true;
}

static bool do_store_reversed(DisasContext *ctx, const PPCArgs *a,
                              unsigned memop)
{
    gen_st_reversed(ctx, ppc_g.gpr[a->rt], gen_ea_reg(ctx, a->ra, a->rb),
                    memop);
    return true;
}

bool trans_lhbrx(DisasContext *ctx, const PPCArgs *a)
{
    return do_load_reversed(ctx, a, MO_16);
}

bool trans_lwbrx(DisasContext *ctx, const PPCArgs *a)
{
    return do_load_reversed(ctx, a, MO_32);
}

/* 3.3.5.1 */
bool trans_ldbrx(DisasContext *ctx, const PPCArgs *a)
{
    return do_load_reversed(ctx, a, MO_64);
}

bool trans_sthbrx(DisasContext *ctx, const PPCArgs *a)
{
    return do_store_reversed(ctx, a, MO_16);
}

bool trans_stwbrx(DisasContext *ctx, const PPCArgs *a)
{
    return do_store_reversed(ctx, a, MO_32);
}

bool trans_stdbrx(DisasContext *ctx, const PPCArgs *a)
{
    return do_store_reversed(ctx, a, MO_64);
}

/* ------------------------------------------------------- quadword (3.3.4) */

/*
 * lq RTp,DQ(RA).  Problem-state since ISA 2.07.  A misaligned quadword takes
 * the alignment interrupt (Book III 6.5.8 lets an implementation do so, and
 * POWER8/9 do: Linux's alignment handler emulates such lq/stq), which keeps
 * the access single-copy atomic.  Both registers are written only after both
 * loads succeeded.
 */
bool trans_lq(DisasContext *ctx, const PPCArgs *a)
{
    TCGContext *s = ctx->s;
    TCGv ea, hi, lo;

    if (a->rt & 1) {
        return invalid_form(ctx, "lq with an odd RTp");
    }
    if (a->rt == a->ra) {
        return invalid_form(ctx, "lq with RTp=RA");
    }
    ea = gen_ea_imm(ctx, a->ra, a->imm);
    gen_check_align(ctx, ea, 15);
    hi = tcg_temp_new(s);
    lo = tcg_temp_new(s);
    gen_ld_quad(ctx, hi, lo, ea);
    tcg_gen_mov(s, ppc_g.gpr[a->rt], hi);
    tcg_gen_mov(s, ppc_g.gpr[a->rt + 1], lo);
    return true;
}

/* stq RSp,DS(RA) */
bool trans_stq(DisasContext *ctx, const PPCArgs *a)
{
    TCGv ea;

    if (a->rt & 1) {
        return invalid_form(ctx, "stq with an odd RSp");
    }
    ea = gen_ea_imm(ctx, a->ra, a->imm);
    gen_check_align(ctx, ea, 15);
    gen_st_quad(ctx, ppc_g.gpr[a->rt], ppc_g.gpr[a->rt + 1], ea);
    return true;
}
