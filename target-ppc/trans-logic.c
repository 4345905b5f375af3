/*
 * target-ppc: fixed-point logical instructions (Power ISA 3.0B Book I
 * 3.3.12): andi. andis. ori oris xori xoris, and or xor nand nor eqv andc
 * orc, extsb extsh extsw, and isel (3.3.11).  The counting and byte-wise
 * ones of the same section are in trans-count.c.
 *
 * Each maps to one IR op.  The or forms that are hints (or Rx,Rx,Rx: the
 * PPR priority nops "or 1,1,1", "or 2,2,2", "or 31,31,31"..., and
 * "or 26,26,26", miso) and ori 0,0,0 (the preferred nop) change no
 * register, so they emit nothing; setting PPR from them is optional (Book
 * II 3.1) and not done.
 */
#include "trans-fixed.h"

typedef void GenBinFn(TCGContext *s, TCGv ret, TCGv a, TCGv b);

void gen_andi_mask(TCGContext *s, TCGv dst, TCGv src, uint64_t m)
{
    switch (m) {
    case ~0ull:
        if (dst != src) {
            tcg_gen_mov(s, dst, src);
        }
        break;
    case 0xff:
        tcg_gen_ext8u(s, dst, src);
        break;
    case 0xffff:
        tcg_gen_ext16u(s, dst, src);
        break;
    case 0xffffffff:
        tcg_gen_ext32u(s, dst, src);
        break;
    default:
        tcg_gen_andi_i64(s, dst, src, (int64_t)m);
        break;
    }
}

/* ------------------------------------------------------- D-form (UI) */

/* andi. RA,RS,UI: RA = (RS) & EXTZ(UI), CR0 always */
bool trans_andi_rc(DisasContext *ctx, const PPCArgs *a)
{
    gen_andi_mask(ctx->s, ppc_g.gpr[a->ra], ppc_g.gpr[a->rt], a->uimm);
    gen_set_cr0(ctx, ppc_g.gpr[a->ra]);
    return true;
}

/* andis. RA,RS,UI: RA = (RS) & (UI || 0^16), CR0 always */
bool trans_andis_rc(DisasContext *ctx, const PPCArgs *a)
{
    gen_andi_mask(ctx->s, ppc_g.gpr[a->ra], ppc_g.gpr[a->rt], a->uimm << 16);
    gen_set_cr0(ctx, ppc_g.gpr[a->ra]);
    return true;
}

/* ori/oris/xori/xoris: RA = (RS) op imm; nothing to do when imm = 0 and
   RA = RS (ori 0,0,0 is the preferred nop) */
static void gen_logic_imm(DisasContext *ctx, const PPCArgs *a, uint64_t imm,
                          bool is_xor)
{
    TCGContext *s = ctx->s;
    TCGv ra = ppc_g.gpr[a->ra], rs = ppc_g.gpr[a->rt];

    if (imm == 0) {
        if (ra != rs) {
            tcg_gen_mov(s, ra, rs);
        }
    } else if (is_xor) {
        tcg_gen_xori_i64(s, ra, rs, (int64_t)imm);
    } else {
        tcg_gen_ori_i64(s, ra, rs, (int64_t)imm);
    }
}

bool trans_ori(DisasContext *ctx, const PPCArgs *a)
{
    gen_logic_imm(ctx, a, a->uimm, false);
    return true;
}

bool trans_oris(DisasContext *ctx, const PPCArgs *a)
{
    gen_logic_imm(ctx, a, a->uimm << 16, false);
    return true;
}

bool trans_xori(DisasContext *ctx, const PPCArgs *a)
{
    gen_logic_imm(ctx, a, a->uimm, true);
    return true;
}

bool trans_xoris(DisasContext *ctx, const PPCArgs *a)
{
    gen_logic_imm(ctx, a, a->uimm << 16, true);
    return true;
}

/* ------------------------------------------------------- X-form [Rc] */

/* RA = (RS) op (RB) */
static bool gen_logic_x(DisasContext *ctx, const PPCArgs *a, GenBinFn *fn)
{
    fn(ctx->s, ppc_g.gpr[a->ra], ppc_g.gpr[a->rt], ppc_g.gpr[a->rb]);
    gen_rc(ctx, a, ppc_g.gpr[a->ra]);
    return true;
}

bool trans_and(DisasContext *ctx, const PPCArgs *a)
{
    return gen_logic_x(ctx, a, tcg_gen_and_i64);
}

bool trans_xor(DisasContext *ctx, const PPCArgs *a)
{
    return gen_logic_x(ctx, a, tcg_gen_xor_i64);
}

bool trans_nand(DisasContext *ctx, const PPCArgs *a)
{
    return gen_logic_x(ctx, a, tcg_gen_nand_i64);
}

bool trans_nor(DisasContext *ctx, const PPCArgs *a)
{
    return gen_logic_x(ctx, a, tcg_gen_nor_i64);
}

bool trans_eqv(DisasContext *ctx, const PPCArgs *a)
{
    return gen_logic_x(ctx, a, tcg_gen_eqv_i64);
}

bool trans_andc(DisasContext *ctx, const PPCArgs *a)
{
    return gen_logic_x(ctx, a, tcg_gen_andc_i64);
}

bool trans_orc(DisasContext *ctx, const PPCArgs *a)
{
    return gen_logic_x(ctx, a, tcg_gen_orc_i64);
}

/* or[.]: "or RA,RS,RS" is mr (a move), and "or Rx,Rx,Rx" a hint that
   changes no register (see the top of the file) */
bool trans_or(DisasContext *ctx, const PPCArgs *a)
{
    TCGContext *s = ctx->s;
    TCGv ra = ppc_g.gpr[a->ra], rs = ppc_g.gpr[a->rt];

    if (a->rt == a->rb) {
        if (ra != rs) {
            tcg_gen_mov(s, ra, rs);
        }
    } else {
        tcg_gen_or_i64(s, ra, rs, ppc_g.gpr[a->rb]);
    }
    gen_rc(ctx, a, ra);
    return true;
}

/* extsb[.] extsh[.] extsw[.]: RA = EXTS of the low byte/halfword/word */
bool trans_extsb(DisasContext *ctx, const PPCArgs *a)
{
    tcg_gen_ext8s(ctx->s, ppc_g.gpr[a->ra], ppc_g.gpr[a->rt]);
    gen_rc(ctx, a, ppc_g.gpr[a->ra]);
    return true;
}

bool trans_extsh(DisasContext *ctx, const PPCArgs *a)
{
    tcg_gen_ext16s(ctx->s, ppc_g.gpr[a->ra], ppc_g.gpr[a->rt]);
    gen_rc(ctx, a, ppc_g.gpr[a->ra]);
    return true;
}

bool trans_extsw(DisasContext *ctx, const PPCArgs *a)
{
    tcg_gen_ext32s(ctx->s, ppc_g.gpr[a->ra], ppc_g.gpr[a->rt]);
    gen_rc(ctx, a, ppc_g.gpr[a->ra]);
    return true;
}

/*
 * isel RT,RA,RB,BC (ISA 3.0B 3.3.11): RT = CR bit BC ? (RA|0) : (RB).
 * CR bit BC is bit 3 - BC%4 of field BC/4 in our 0..15 encoding.
 */
bool trans_isel(DisasContext *ctx, const PPCArgs *a)
{
    TCGContext *s = ctx->s;
    int bc = a->rc;

    tcg_gen_movcond_i64(s, TCG_COND_TSTNE, ppc_g.gpr[a->rt],
                        ppc_g.crf[bc >> 2], tcg_constant(s, 8 >> (bc & 3)),
                        gen_ra_or_zero(ctx, a->ra), ppc_g.gpr[a->rb]);
    return true;
}
