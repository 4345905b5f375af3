/*
 * target-ppc/trans-branch.c: branches and the Condition Register
 * (Power ISA 3.0 Book I 2.4 Branch Instructions, 2.5 Condition Register
 * Instructions, 3.3.17 Move To/From System Register: the CR/XER moves).
 *
 * Direct branches end the TB through goto_tb slots (0 = fall-through or
 * unconditional, 1 = taken), which the exec loop chains; indirect ones store
 * nip and go through the jump cache.  In 32-bit mode (MSR[SF]=0) every
 * branch target and the link value lose their high 32 bits, and the CTR
 * test looks at CTR's low 32 bits only (2.4: "CTR_M:63").
 *
 * CR fields are 4-bit values in crf[0..7] (LT=8 GT=4 EQ=2 SO=1): CR bit
 * 4*i + j is bit 3-j of crf[i].
 */
#include "translate.h"

/* BO bits (Book I 2.4, Figure 40) as a 5-bit value */
#define BO_NO_COND 0x10 /* BO_0: ignore the CR bit */
#define BO_COND_TRUE 0x08 /* BO_1: branch if the CR bit is 1 */
#define BO_NO_CTR 0x04 /* BO_2: do not decrement CTR */
#define BO_CTR_ZERO 0x02 /* BO_3: branch if CTR (decremented) is 0 */

static uint64_t mode_addr(DisasContext *ctx, uint64_t addr)
{
    return ctx->sf ? addr : (uint32_t)addr;
}

static void gen_set_lr_next(DisasContext *ctx)
{
    tcg_gen_movi(ctx->s, ppc_g.lr, (int64_t)ctx->next_pc);
}

/* the TB ends with a jump to a constant address through goto_tb slot n */
static void gen_jump_const(DisasContext *ctx, int n, uint64_t dest)
{
    gen_goto_tb(ctx->s, ctx->tb, n, dest);
}

/*
 * Emits the BO/BI condition of bc/bclr/bcctr/bctar: decrements CTR when
 * BO_2 is 0 and branches to not_taken when the branch must not be taken.
 * Returns false when the branch is unconditional (no test was emitted).
 */
static bool gen_bc_cond(DisasContext *ctx, unsigned bo, unsigned bi,
                        TCGLabel not_taken)
{
    TCGContext *s = ctx->s;
    bool cond = false;

    if (!(bo & BO_NO_CTR)) {
        tcg_gen_addi_i64(s, ppc_g.ctr, ppc_g.ctr, -1);
        TCGv c = ppc_g.ctr;
        if (!ctx->sf) {
            c = tcg_temp_new(s);
            tcg_gen_ext32u(s, c, ppc_g.ctr);
        }
        tcg_gen_brcondi_i64(s, (bo & BO_CTR_ZERO) ? TCG_COND_NE : TCG_COND_EQ,
                            c, 0, not_taken);
        cond = true;
    }
    if (!(bo & BO_NO_COND)) {
        TCGv bit = tcg_temp_new(s);
        tcg_gen_andi_i64(s, bit, ppc_g.crf[bi >> 2], 8 >> (bi & 3));
        tcg_gen_brcondi_i64(s, (bo & BO_COND_TRUE) ? TCG_COND_EQ : TCG_COND_NE,
                            bit, 0, not_taken);
        cond = true;
    }
    return cond;
}

/* 2.4 Branch: b, ba, bl, bla */
bool trans_b(DisasContext *ctx, const PPCArgs *a)
{
    uint64_t dest = mode_addr(ctx, (a->aa ? 0 : ctx->pc) + (uint64_t)a->imm);
    if (a->lk) {
        gen_set_lr_next(ctx);
    }
    gen_jump_const(ctx, 0, dest);
    ctx->is_jmp = DISAS_NORETURN;
    return true;
}

/*
 * A bc that tests one thing (CTR or a CR bit, not both) forward into the
 * TB's page: a brcond to an arm (accel/tcg/translator.c), the taken side
 * translated later at the end of the TB; the not-taken side goes on.
 * Not under -icount, where a TB ends at a conditional branch so that
 * every TB runs all the instructions its budget counts.
 */
static bool gen_bc_arm(DisasContext *ctx, const PPCArgs *a, uint64_t dest)
{
    TCGContext *s = ctx->s;
    unsigned bo = a->bo, bi = a->bi;
    bool ctr = !(bo & BO_NO_CTR), crb = !(bo & BO_NO_COND);
    TCGLabel arm;

    if (ctr == crb || ctx->se || ctx->be || ctx->icount_n ||
        dest <= ctx->next_pc ||
        (arm = gen_arm_label(s, ctx->tb, dest)) < 0) {
        return false;
    }
    if (a->lk) {
        gen_set_lr_next(ctx);
    }
    if (ctr) {
        tcg_gen_addi_i64(s, ppc_g.ctr, ppc_g.ctr, -1);
        TCGv c = ppc_g.ctr;
        if (!ctx->sf) {
            c = tcg_temp_new(s);
            tcg_gen_ext32u(s, c, ppc_g.ctr);
        }
        /* taken while CTR != 0 (BO_3 = 0) or == 0 (BO_3 = 1) */
        tcg_gen_brcondi_i64(s, (bo & BO_CTR_ZERO) ? TCG_COND_EQ : TCG_COND_NE,
                            c, 0, arm);
    } else {
        TCGv bit = tcg_temp_new(s);
        tcg_gen_andi_i64(s, bit, ppc_g.crf[bi >> 2], 8 >> (bi & 3));
        tcg_gen_brcondi_i64(s, (bo & BO_COND_TRUE) ? TCG_COND_NE : TCG_COND_EQ,
                            bit, 0, arm);
    }
    gen_jump_const(ctx, 0, ctx->next_pc);
    ctx->is_jmp = DISAS_NORETURN;
    return true;
}

/* 2.4 Branch Conditional: bc, bca, bcl, bcla */
bool trans_bc(DisasContext *ctx, const PPCArgs *a)
{
    TCGContext *s = ctx->s;
    uint64_t dest = mode_addr(ctx, (a->aa ? 0 : ctx->pc) + (uint64_t)a->imm);

    if (gen_bc_arm(ctx, a, dest)) {
        return true;
    }
    TCGLabel not_taken = tcg_label_new(s);

    if (a->lk) {
        gen_set_lr_next(ctx);
    }
    bool cond = gen_bc_cond(ctx, a->bo, a->bi, not_taken);
    gen_jump_const(ctx, cond ? 1 : 0, dest);
    if (cond) {
        tcg_gen_set_label(s, not_taken);
        gen_jump_const(ctx, 0, ctx->next_pc);
    }
    ctx->is_jmp = DISAS_NORETURN;
    return true;
}

/*
 * bclr/bcctr/bctar: the target comes from a register (read before LK
 * updates LR), and the not-taken path chains to the next instruction.
 */
static bool gen_bc_reg(DisasContext *ctx, const PPCArgs *a, TCGv reg)
{
    TCGContext *s = ctx->s;
    TCGLabel not_taken = tcg_label_new(s);
    TCGv target = tcg_temp_new_local(s);

    tcg_gen_andi_i64(s, target, reg, ~3ll);
    if (!ctx->sf) {
        tcg_gen_ext32u(s, target, target);
    }
    if (a->lk) {
        gen_set_lr_next(ctx);
    }
    bool cond = gen_bc_cond(ctx, a->bo, a->bi, not_taken);
    tcg_gen_mov(s, ppc_g.nip, target);
    gen_lookup_and_goto_ptr(s);
    if (cond) {
        tcg_gen_set_label(s, not_taken);
        gen_jump_const(ctx, 0, ctx->next_pc);
    }
    ctx->is_jmp = DISAS_NORETURN;
    return true;
}

/* 2.4 Branch Conditional to Link Register */
bool trans_bclr(DisasContext *ctx, const PPCArgs *a)
{
    return gen_bc_reg(ctx, a, ppc_g.lr);
}

/*
 * 2.4 Branch Conditional to Count Register.  BO_2 = 0 ("decrement CTR") is
 * an invalid form, but POWER processors implement it as "test and
 * decrement": the old CTR is tested against BO_3, the CR bit as usual, the
 * branch goes to the old CTR, and CTR is decremented when the CTR test
 * passed.  Linux's count-cache flush sequence depends on it (bcctr 2,0
 * with CTR = 0x7fff must fall through); Debian's QEMU behaves the same.
 */
bool trans_bcctr(DisasContext *ctx, const PPCArgs *a)
{
    TCGContext *s = ctx->s;
    if (a->bo & BO_NO_CTR) {
        return gen_bc_reg(ctx, a, ppc_g.ctr);
    }
    TCGLabel not_taken = tcg_label_new(s);
    TCGv target = tcg_temp_new_local(s);
    TCGv c = ppc_g.ctr;

    tcg_gen_andi_i64(s, target, ppc_g.ctr, ~3ll);
    if (!ctx->sf) {
        tcg_gen_ext32u(s, target, target);
        c = tcg_temp_new(s);
        tcg_gen_ext32u(s, c, ppc_g.ctr);
    }
    if (a->lk) {
        gen_set_lr_next(ctx);
    }
    tcg_gen_brcondi_i64(s, (a->bo & BO_CTR_ZERO) ? TCG_COND_NE : TCG_COND_EQ,
                        c, 0, not_taken);
    tcg_gen_addi_i64(s, ppc_g.ctr, ppc_g.ctr, -1);
    gen_bc_cond(ctx, a->bo | BO_NO_CTR, a->bi, not_taken);
    tcg_gen_mov(s, ppc_g.nip, target);
    gen_lookup_and_goto_ptr(s);
    tcg_gen_set_label(s, not_taken);
    gen_jump_const(ctx, 0, ctx->next_pc);
    ctx->is_jmp = DISAS_NORETURN;
    return true;
}

/* 2.4 Branch Conditional to Target Address Register (ISA 2.07).  Its
   BO_2 = 0 form (invalid) decrements and tests CTR as bc does, as POWER
   and Debian's QEMU do. */
bool trans_bctar(DisasContext *ctx, const PPCArgs *a)
{
    return gen_bc_reg(ctx, a, ppc_g.tar);
}

/* ------------------------------------------------------- CR logical */

typedef void (*CRLogicFn)(TCGContext *s, TCGv ret, TCGv a, TCGv b);

/* CR bit bit_no as 0/1 in a new temp */
static TCGv gen_cr_bit(DisasContext *ctx, unsigned bit_no)
{
    TCGv t = tcg_temp_new(ctx->s);
    tcg_gen_shri_i64(ctx->s, t, ppc_g.crf[bit_no >> 2], 3 - (bit_no & 3));
    return t;
}

/* 2.5.1: CR[BT] = op(CR[BA], CR[BB]) */
static bool gen_cr_logic(DisasContext *ctx, const PPCArgs *a, CRLogicFn op)
{
    TCGContext *s = ctx->s;
    unsigned bt = a->rt, shift = 3 - (bt & 3);
    TCGv r = tcg_temp_new(s);

    op(s, r, gen_cr_bit(ctx, a->ra), gen_cr_bit(ctx, a->rb));
    tcg_gen_andi_i64(s, r, r, 1);
    tcg_gen_shli_i64(s, r, r, shift);
    TCGv f = ppc_g.crf[bt >> 2];
    tcg_gen_andi_i64(s, f, f, ~(1ll << shift) & 0xf);
    tcg_gen_or_i64(s, f, f, r);
    return true;
}

bool trans_crand(DisasContext *ctx, const PPCArgs *a)
{
    return gen_cr_logic(ctx, a, tcg_gen_and_i64);
}

bool trans_cror(DisasContext *ctx, const PPCArgs *a)
{
    return gen_cr_logic(ctx, a, tcg_gen_or_i64);
}

bool trans_crxor(DisasContext *ctx, const PPCArgs *a)
{
    return gen_cr_logic(ctx, a, tcg_gen_xor_i64);
}

bool trans_crnand(DisasContext *ctx, const PPCArgs *a)
{
    return gen_cr_logic(ctx, a, tcg_gen_nand_i64);
}

bool trans_crnor(DisasContext *ctx, const PPCArgs *a)
{
    return gen_cr_logic(ctx, a, tcg_gen_nor_i64);
}

bool trans_creqv(DisasContext *ctx, const PPCArgs *a)
{
    return gen_cr_logic(ctx, a, tcg_gen_eqv_i64);
}

bool trans_crandc(DisasContext *ctx, const PPCArgs *a)
{
    return gen_cr_logic(ctx, a, tcg_gen_andc_i64);
}

bool trans_crorc(DisasContext *ctx, const PPCArgs *a)
{
    return gen_cr_logic(ctx, a, tcg_gen_orc_i64);
}

/* 2.5.1 Move Condition Register Field */
bool trans_mcrf(DisasContext *ctx, const PPCArgs *a)
{
    tcg_gen_mov(ctx->s, ppc_g.crf[a->bf], ppc_g.crf[a->bfa]);
    return true;
}

/* 3.3.17 Move to CR from XER Extended (ISA 3.0): OV OV32 CA CA32 */
bool trans_mcrxrx(DisasContext *ctx, const PPCArgs *a)
{
    TCGContext *s = ctx->s;
    TCGv t = tcg_temp_new(s), f = ppc_g.crf[a->bf];
    tcg_gen_shli_i64(s, t, ppc_g.ov, 3);
    tcg_gen_shli_i64(s, f, ppc_g.ov32, 2);
    tcg_gen_or_i64(s, f, f, t);
    tcg_gen_shli_i64(s, t, ppc_g.ca, 1);
    tcg_gen_or_i64(s, f, f, t);
    tcg_gen_or_i64(s, f, f, ppc_g.ca32);
    return true;
}

/*
 * 3.3.17 Move To CR Fields: field i takes RS bits 32+4i..35+4i when FXM
 * bit i (0x80 >> i) is set.  mtocrf with other than exactly one FXM bit
 * leaves CR undefined; we update the selected fields as mtcrf does.
 */
static bool gen_mtcrf(DisasContext *ctx, const PPCArgs *a)
{
    TCGContext *s = ctx->s;
    for (int i = 0; i < 8; i++) {
        if (a->fxm & (0x80 >> i)) {
            tcg_gen_shri_i64(s, ppc_g.crf[i], ppc_g.gpr[a->rt], 28 - 4 * i);
            tcg_gen_andi_i64(s, ppc_g.crf[i], ppc_g.crf[i], 0xf);
        }
    }
    return true;
}

bool trans_mtcrf(DisasContext *ctx, const PPCArgs *a)
{
    return gen_mtcrf(ctx, a);
}

bool trans_mtocrf(DisasContext *ctx, const PPCArgs *a)
{
    return gen_mtcrf(ctx, a);
}

/* RT = the CR fields selected by fxm in place, other bits 0 */
static bool gen_mfcr(DisasContext *ctx, const PPCArgs *a, unsigned fxm)
{
    TCGContext *s = ctx->s;
    TCGv rt = ppc_g.gpr[a->rt], t = tcg_temp_new(s);
    bool first = true;
    for (int i = 0; i < 8; i++) {
        if (!(fxm & (0x80 >> i))) {
            continue;
        }
        TCGv dst = first ? rt : t;
        tcg_gen_shli_i64(s, dst, ppc_g.crf[i], 28 - 4 * i);
        if (!first) {
            tcg_gen_or_i64(s, rt, rt, t);
        }
        first = false;
    }
    if (first) {
        tcg_gen_movi(s, rt, 0);
    }
    return true;
}

/* 3.3.17 Move From Condition Register: RT_32:63 = CR, RT_0:31 = 0 */
bool trans_mfcr(DisasContext *ctx, const PPCArgs *a)
{
    return gen_mfcr(ctx, a, 0xff);
}

/* 3.3.17 Move From One CR Field: with other than one FXM bit RT is
   undefined; we return the selected fields */
bool trans_mfocrf(DisasContext *ctx, const PPCArgs *a)
{
    return gen_mfcr(ctx, a, a->fxm);
}
