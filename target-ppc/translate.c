/*
 * target-ppc translator: the block loop (guest code -> IR for one TB) and the
 * generators every trans-*.c file shares.
 *
 * The loop reads each instruction from guest RAM at the TB's real address
 * (the exec loop translated tb->pc to tb->phys_pc through the fetch MMU index
 * before asking for the TB, and a TB never crosses a page, so the rest of the
 * block is at phys_pc + offset), in the byte order of MSR[LE], decodes it
 * through the table (decode.c), applies the row's privilege and ISA-level
 * checks and calls its trans_ function.  A trans_ function returning false
 * means "invalid form": it must not have emitted anything, and the
 * instruction is treated as illegal.
 *
 * Exceptions raised by generated code are precise: gen_exception() stores
 * the address of the instruction that raises and calls a helper that never
 * returns.  For synchronous interrupts env->nip therefore always names the
 * causing instruction; excp.c's vector table says whether SRR0 gets it or
 * the next one (sc).
 */
#include <stddef.h>
#include <stdio.h>

#include <glib.h>

#include "internal.h"
#include "log.h"
#include "translate.h"

PPCGlobals ppc_g;

static int helper_idx_raise, helper_idx_trace, helper_idx_illegal;

/* generated code -> interrupt: env->nip already names the instruction */
static void helper_raise_exception(CPUPPCState *env, uint64_t excp,
                                   uint64_t error_code)
{
    ppc_raise_exception(env, (int)excp, error_code, 0);
}

/*
 * Book III 6.5.15 Trace interrupt: after an instruction completes with
 * MSR[SE] = 1 (any instruction but rfid, rfscv, mtmsr[d], sc, scv and
 * those that cause an interrupt) or a branch completes with MSR[BE] = 1
 * (taken or not).  SRR0 = the next instruction (env->nip, already stored),
 * SRR1[33] = 1, SIAR = the traced instruction's address.
 */
#define SPR_SIAR 796
static void helper_trace(CPUPPCState *env, uint64_t cia)
{
    env->spr[SPR_SIAR] = cia;
    ppc_raise_exception(env, EXCP_TRACE, PPC_BIT(33), 0);
}

static const TCGHelperInfo trace_info = {
    .func = (void *)helper_trace,
    .name = "trace",
    .nb_iargs = 1,
    .has_ret = 0,
    .flags = 0,
};

/*
 * An illegal or unimplemented instruction, when it executes: -d unimp
 * names it then (not when it is translated, which may be code that never
 * runs: the rest of a page, a branch's untaken side), and the Illegal
 * Instruction program interrupt follows.
 */
static void helper_illegal(CPUPPCState *env, uint64_t insn)
{
    if (log_enabled(LOG_UNIMP)) {
        log_printf("ppc: illegal or unimplemented instruction 0x%08" PRIx64
                   " executed at 0x%016" PRIx64 "\n", insn, env->nip);
    }
    ppc_raise_exception(env, EXCP_PROGRAM, SRR1_PROG_ILLEGAL, 0);
}

static const TCGHelperInfo illegal_info = {
    .func = (void *)helper_illegal,
    .name = "illegal",
    .nb_iargs = 1,
    .has_ret = 0,
    .flags = 0,
};

static const TCGHelperInfo raise_info = {
    .func = (void *)helper_raise_exception,
    .name = "raise_exception",
    .nb_iargs = 2,
    .has_ret = 0,
    .flags = 0,
};

static const char *const gpr_names[32] = {
    "r0",  "r1",  "r2",  "r3",  "r4",  "r5",  "r6",  "r7",
    "r8",  "r9",  "r10", "r11", "r12", "r13", "r14", "r15",
    "r16", "r17", "r18", "r19", "r20", "r21", "r22", "r23",
    "r24", "r25", "r26", "r27", "r28", "r29", "r30", "r31",
};
static const char *const crf_names[8] = {
    "crf0", "crf1", "crf2", "crf3", "crf4", "crf5", "crf6", "crf7",
};

#define ENV_OFF(field) ((int32_t)offsetof(CPUPPCState, field))

void ppc_translate_init(TCGContext *s)
{
    for (int i = 0; i < 32; i++) {
        ppc_g.gpr[i] = tcg_global_new(s, ENV_OFF(gpr[i]), gpr_names[i]);
    }
    ppc_g.nip = tcg_global_new(s, ENV_OFF(nip), "nip");
    ppc_g.lr = tcg_global_new(s, ENV_OFF(lr), "lr");
    ppc_g.ctr = tcg_global_new(s, ENV_OFF(ctr), "ctr");
    ppc_g.tar = tcg_global_new(s, ENV_OFF(tar), "tar");
    ppc_g.msr = tcg_global_new(s, ENV_OFF(msr), "msr");
    for (int i = 0; i < 8; i++) {
        ppc_g.crf[i] = tcg_global_new(s, ENV_OFF(crf[i]), crf_names[i]);
    }
    ppc_g.so = tcg_global_new(s, ENV_OFF(xer_so), "so");
    /* a flag: 0 or 1 (cpu.h); lets the optimizer see through "| SO" when
       a branch tests another bit of a compare's CR field */
    tcg_global_set_bits(s, ppc_g.so, 1);
    ppc_g.ov = tcg_global_new(s, ENV_OFF(xer_ov), "ov");
    ppc_g.ca = tcg_global_new(s, ENV_OFF(xer_ca), "ca");
    ppc_g.ov32 = tcg_global_new(s, ENV_OFF(xer_ov32), "ov32");
    ppc_g.ca32 = tcg_global_new(s, ENV_OFF(xer_ca32), "ca32");
    ppc_g.reserve_addr =
        tcg_global_new(s, ENV_OFF(reserve_addr), "reserve_addr");
    ppc_g.reserve_val = tcg_global_new(s, ENV_OFF(reserve_val), "reserve_val");
    ppc_g.reserve_val2 =
        tcg_global_new(s, ENV_OFF(reserve_val2), "reserve_val2");
    ppc_g.reserve_size =
        tcg_global_new(s, ENV_OFF(reserve_size), "reserve_size");

    helper_idx_raise = tcg_helper_register(&raise_info);
    helper_idx_trace = tcg_helper_register(&trace_info);
    helper_idx_illegal = tcg_helper_register(&illegal_info);
    ppc_decode_init();
    ppc_system_helpers_init();
}

/* ------------------------------------------------------ shared generators */

void gen_exception(DisasContext *ctx, int excp, uint64_t error_code)
{
    gen_exception_nip(ctx, ctx->pc, excp, error_code);
}

void gen_exception_nip(DisasContext *ctx, uint64_t nip, int excp,
                       uint64_t error_code)
{
    TCGContext *s = ctx->s;
    TCGv args[2] = {tcg_constant(s, excp),
                    tcg_constant(s, (int64_t)error_code)};
    tcg_gen_movi(s, ppc_g.nip, (int64_t)nip);
    tcg_gen_call(s, helper_idx_raise, 0, 2, args);
    /* not reached; keeps every path of the IR ending in an exit */
    tcg_gen_exit_tb(s, 0);
    ctx->is_jmp = DISAS_NORETURN;
}

void ppc_gen_trace_exit(TCGContext *s)
{
    TCGv cia = tcg_constant(s, (int64_t)s->trace_cia);
    tcg_gen_call(s, helper_idx_trace, 0, 1, &cia);
    tcg_gen_exit_tb(s, 0); /* not reached */
}

void gen_program_exception(DisasContext *ctx, uint64_t srr1_bits)
{
    gen_exception(ctx, EXCP_PROGRAM, srr1_bits);
}

void gen_set_cr0(DisasContext *ctx, TCGv result)
{
    TCGContext *s = ctx->s;
    TCGv v = result, t = tcg_temp_new(s);
    if (!ctx->sf) {
        v = tcg_temp_new(s);
        tcg_gen_ext32s(s, v, result);
    }
    /* LT=8 GT=4 EQ=2 (Book I 3.3.8: CR0 from the signed result) */
    tcg_gen_movcond_i64(s, TCG_COND_GT, t, v, tcg_constant(s, 0),
                        tcg_constant(s, 4), tcg_constant(s, 2));
    tcg_gen_movcond_i64(s, TCG_COND_LT, t, v, tcg_constant(s, 0),
                        tcg_constant(s, 8), t);
    tcg_gen_or_i64(s, ppc_g.crf[0], t, ppc_g.so);
}

static TCGv gen_ea_finish(DisasContext *ctx, TCGv ea)
{
    if (!ctx->sf) {
        tcg_gen_ext32u(ctx->s, ea, ea);
    }
    return ea;
}

TCGv gen_ea_imm(DisasContext *ctx, int ra, int64_t imm)
{
    TCGContext *s = ctx->s;
    TCGv ea = tcg_temp_new(s);
    if (ra == 0) {
        tcg_gen_movi(s, ea, imm);
    } else {
        tcg_gen_addi_i64(s, ea, ppc_g.gpr[ra], imm);
    }
    return gen_ea_finish(ctx, ea);
}

TCGv gen_ea_reg(DisasContext *ctx, int ra, int rb)
{
    TCGContext *s = ctx->s;
    TCGv ea = tcg_temp_new(s);
    if (ra == 0) {
        tcg_gen_mov(s, ea, ppc_g.gpr[rb]);
    } else {
        tcg_gen_add_i64(s, ea, ppc_g.gpr[ra], ppc_g.gpr[rb]);
    }
    return gen_ea_finish(ctx, ea);
}

/*
 * RAM is kept little-endian, so a big-endian guest's access swaps.  A memop
 * that already carries MO_BSWAP (the byte-reversed loads and stores) means
 * "the other order than the guest's", hence the xor.
 */
static unsigned guest_memop(DisasContext *ctx, unsigned memop)
{
    if (!ctx->le) {
        memop ^= MO_BSWAP;
    }
    if ((memop & MO_SIZE) == MO_8) {
        memop &= ~(unsigned)MO_BSWAP;
    }
    return memop;
}

void gen_ld(DisasContext *ctx, TCGv ret, TCGv ea, unsigned memop)
{
    tcg_gen_qemu_ld(ctx->s, ret, ea,
                    make_memop_idx(guest_memop(ctx, memop), ctx->mem_idx));
}

void gen_st(DisasContext *ctx, TCGv val, TCGv ea, unsigned memop)
{
    tcg_gen_qemu_st(ctx->s, val, ea,
                    make_memop_idx(guest_memop(ctx, memop), ctx->mem_idx));
}

/* ------------------------------------------------------------ the loop */

/* the Illegal Instruction interrupt, logged under -d unimp when (and
   each time) it executes: helper_illegal */
static void gen_illegal(DisasContext *ctx)
{
    TCGContext *s = ctx->s;
    TCGv insn = tcg_constant(s, (int64_t)ctx->insn);

    tcg_gen_movi(s, ppc_g.nip, (int64_t)ctx->pc);
    tcg_gen_call(s, helper_idx_illegal, 0, 1, &insn);
    tcg_gen_exit_tb(s, 0); /* not reached */
    ctx->is_jmp = DISAS_NORETURN;
}

static void translate_one(DisasContext *ctx)
{
    const PPCInsnDef *def = ppc_decode(ctx->insn);
    ctx->def = def;
    /* what the ISA level leaves out (a POWER8 has no ISA 3.0; PCR holds a
       processor to an earlier level: isa-level.c) */
    if (!def || (def->flags & ctx->insn_deny)) {
        gen_illegal(ctx);
        return;
    }
    /* Book III 6.5.9: privileged in problem state (INSN_PRIV, and lq/stq
       below ISA 2.07); hypervisor-only instructions are privileged for
       our LPAR, which never has HV=1 */
    if (((def->flags & ctx->insn_priv) && ctx->pr) ||
        ((def->flags & INSN_HV) && (ctx->pr || !ctx->hv))) {
        gen_program_exception(ctx, SRR1_PROG_PRIV);
        return;
    }
    if (__builtin_expect(ctx->se || ctx->be, 0) &&
        ((ctx->se && !(def->flags & INSN_NOTRACE)) ||
         (ctx->be && (def->flags & INSN_BRANCH)))) {
        ctx->s->trace_cia = ctx->pc;
    }
    PPCArgs a;
    ppc_decode_args(def->form, ctx->insn, &a);
    if (!def->trans(ctx, &a)) {
        gen_illegal(ctx);
        return;
    }
    if ((def->flags & INSN_ENDS_TB) && ctx->is_jmp == DISAS_NEXT) {
        ctx->is_jmp = DISAS_EXIT;
    }
}

static uint32_t fetch_insn(CPUPPCState *env, uint64_t phys, bool le)
{
    uint32_t w;
    memcpy(&w, env->ram + phys, 4);
    return le ? w : __builtin_bswap32(w);
}

static void log_in_asm(DisasContext *ctx, TranslationBlock *tb)
{
    FILE *f = log_stream();
    fprintf(f, "----------------\nIN: \n");
    for (uint32_t i = 0; i < tb->icount; i++) {
        uint64_t pc = tb_insn_pc(tb, i);
        uint32_t w = fetch_insn(ctx->env, tb->phys_pc + (pc - tb->pc), ctx->le);
        char buf[128];
        ppc_disas_insn(w, pc, ctx->le, buf, sizeof(buf));
        fprintf(f, "0x%016" PRIx64 ":  %08x      %s\n", pc, w, buf);
    }
    fprintf(f, "\n");
}

/* the instructions from ctx->pc on until the path ends (an exit, or
   max_insns in the TB), then its exit; false if the IR arrays overflowed.
   *end: the end of the TB's guest code so far, as an offset from tb->pc */
static bool translate_path(DisasContext *ctx, int max_insns, uint32_t *end)
{
    TCGContext *s = ctx->s;
    TranslationBlock *tb = ctx->tb;
    CPUPPCState *env = ctx->env;
    uint64_t page_end = (tb->pc & TARGET_PAGE_MASK) + TARGET_PAGE_SIZE;

    ctx->is_jmp = DISAS_NEXT;
    while (ctx->is_jmp == DISAS_NEXT) {
        uint64_t phys = tb->phys_pc + (ctx->pc - tb->pc);
        tcg_gen_insn_start(s, ctx->pc);
        ctx->num_insns++;
        ctx->next_pc = ctx->pc + 4;
        if (!ctx->sf) {
            ctx->next_pc = (uint32_t)ctx->next_pc;
        }
        if (phys > env->ram_size - 4 || env->ram_size < 4) {
            /* the exec loop only asks for code that translated to RAM;
               keep the guest from crashing us anyway */
            gen_exception(ctx, EXCP_MCHECK, 0);
        } else if (__builtin_expect(env->nb_breakpoints != 0, 0) &&
                   !env->singlestep && ppc_breakpoint_at(env, ctx->pc)) {
            /* stop in front of it, nip = its address */
            gen_exception(ctx, EXCP_DEBUG, 0);
        } else {
            ctx->insn = fetch_insn(env, phys, ctx->le);
            /* a branch's not-taken side may go on into the next insn
               (accel/tcg/translator.c) if there is room for it */
            if (ctx->num_insns < max_insns && ctx->next_pc < page_end &&
                ctx->next_pc > tb->pc && !ctx->icount_n) {
                s->fallthrough_pc = ctx->next_pc;
            }
            translate_one(ctx);
            s->fallthrough_pc = (uint64_t)-1;
            if (s->fell_through) {
                s->fell_through = false;
                ctx->is_jmp = DISAS_NEXT;
            }
        }
        if (s->overflow) {
            return false;
        }
        *end = MAX(*end, (uint32_t)(ctx->pc - tb->pc) + 4);
        if (ctx->is_jmp == DISAS_NEXT &&
            (ctx->num_insns >= max_insns || ctx->next_pc >= page_end ||
             ctx->next_pc < tb->pc)) {
            ctx->is_jmp = DISAS_TOO_MANY;
        }
        if (ctx->is_jmp == DISAS_NEXT) {
            ctx->pc = ctx->next_pc;
        }
    }

    switch (ctx->is_jmp) {
    case DISAS_TOO_MANY:
        gen_goto_tb(s, tb, 0, ctx->next_pc);
        break;
    case DISAS_EXIT:
        tcg_gen_movi(s, ppc_g.nip, (int64_t)ctx->next_pc);
        if (s->trace_cia != (uint64_t)-1) {
            ppc_gen_trace_exit(s);
        } else {
            tcg_gen_exit_tb(s, 0);
        }
        break;
    case DISAS_LOOKUP:
        gen_lookup_and_goto_ptr(s);
        break;
    case DISAS_NORETURN:
    case DISAS_NEXT:
        break;
    }
    return !s->overflow;
}

/* the most instructions one arm may add (accel/tcg/translator.c) */
#define ARM_MAX_INSNS 32

/* one attempt at max_insns instructions; false if the IR arrays overflowed */
static bool translate_attempt(DisasContext *ctx, int max_insns)
{
    TCGContext *s = ctx->s;
    TranslationBlock *tb = ctx->tb;
    uint32_t end = 0;

    tcg_func_start(s);
    gen_tb_start(s, tb);
    ctx->icount_n = ctx->env->icount.on ? gen_icount_start(s) : 0;
    if (ctx->env->singlestep) {
        /* one instruction, and no jump back into it */
        s->loop_label = -1;
    }
    memset(tb->arm_first, 0, sizeof(tb->arm_first));
    memset(tb->arm_off, 0, sizeof(tb->arm_off));
    ctx->pc = tb->pc;
    ctx->num_insns = 0;
    if (!translate_path(ctx, max_insns, &end)) {
        return false;
    }
    /* the arms, after the main path (an arm may add the next one) */
    for (int k = 0; k < s->nb_arms; k++) {
        tcg_gen_set_label(s, s->arm_label[k]);
        if (!s->loop_used || ctx->num_insns >= max_insns) {
            gen_goto_tb(s, tb, 1, s->arm_pc[k]);
            continue;
        }
        tb->arm_first[k] = (uint16_t)ctx->num_insns;
        tb->arm_off[k] = (uint16_t)(s->arm_pc[k] & ~TARGET_PAGE_MASK);
        ctx->pc = s->arm_pc[k];
        if (!translate_path(ctx, MIN(max_insns,
                                     ctx->num_insns + ARM_MAX_INSNS),
                            &end)) {
            return false;
        }
    }
    gen_tb_end(s, tb);
    if (ctx->icount_n) {
        tcg_constant_set_late(s, ctx->icount_n, ctx->num_insns);
    }
    tb->icount = (uint32_t)ctx->num_insns;
    tb->size = end;
    return !s->overflow;
}

void ppc_translate_block(TCGContext *s, CPUPPCState *env,
                         TranslationBlock *tb, int max_insns)
{
    uint32_t f = tb->flags;
    DisasContext ctx = {
        .s = s,
        .env = env,
        .tb = tb,
        .le = f & PPC_TBF_LE,
        .pr = f & PPC_TBF_PR,
        .hv = f & PPC_TBF_HV,
        .sf = f & PPC_TBF_SF,
        .fp = f & PPC_TBF_FP,
        .vec = f & PPC_TBF_VEC,
        .vsx = f & PPC_TBF_VSX,
        .se = f & PPC_TBF_SE,
        .be = f & PPC_TBF_BE,
        .mem_idx = (f >> PPC_TBF_DMMU_SHIFT) & 3,
        .insn_deny = env->insn_deny,
        .insn_priv = env->insn_priv,
    };

    if (max_insns < 1) {
        max_insns = 1;
    }
    if (max_insns > TB_MAX_INSNS) {
        max_insns = TB_MAX_INSNS;
    }
    if (ctx.se) {
        max_insns = 1; /* each instruction ends in the trace interrupt */
    }
    while (!translate_attempt(&ctx, max_insns)) {
        /* the IR arrays filled up: retry with fewer instructions */
        if (ctx.num_insns <= 1) {
            fprintf(stderr, "powerjit: one instruction at 0x%016" PRIx64
                            " overflows the IR buffers\n", tb->pc);
            abort();
        }
        max_insns = ctx.num_insns - 1;
    }

    if (log_enabled(LOG_IN_ASM)) {
        log_in_asm(&ctx, tb);
    }
    if (log_enabled(LOG_OP)) {
        FILE *lf = log_stream();
        fprintf(lf, "OP:\n");
        tcg_dump_ops(s, lf);
        fprintf(lf, "\n");
    }
}
