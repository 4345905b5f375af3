/*
 * target-ppc/trans-tm.c: transactional memory (Power ISA 3.0B Book II
 * chapter 5) as this machine presents it: not available.
 *
 * The choice: POWER9 in a pseries partition may run without TM (the
 * kernel learns it from ibm,pa-features, which does not offer TM here, so
 * AT_HWCAP2 has no htm and glibc never attempts lock elision), and the
 * kernel then leaves MSR[TM] = 0.  With MSR[TM] = 0 every TM instruction
 * raises the Facility Unavailable interrupt (Book III 7.5.19, vector
 * 0xf60) with FSCR[IC] = 5, "Transactional Memory"; Linux turns that into
 * SIGILL for a kernel without CPU_FTR_TM.  MSR[TM] is never 1 on this
 * machine (no TM state is kept), so the instructions raise that
 * interrupt unconditionally: tbegin. tend. tabort. tabort[wd]c[i].
 * tsr. (tsuspend./tresume.) tcheck, and, in privileged state, treclaim.
 * and trechkpt. (in problem state those two are privileged-instruction
 * program interrupts first, by their INSN_PRIV row).
 */
#include "trans-fixed.h"

#define FSCR_IC_SHIFT 56 /* FSCR bits 0:7: interruption cause */
#define FSCR_IC_TM 5ull

static void helper_tm_unavailable(CPUPPCState *env)
{
    env->spr[SPR_FSCR] = (env->spr[SPR_FSCR] & ~(0xffull << FSCR_IC_SHIFT)) |
                         (FSCR_IC_TM << FSCR_IC_SHIFT);
    ppc_raise_exception(env, EXCP_FU, 0, 0);
}

static const TCGHelperInfo helper_info_tm_unavailable = {
    .func = (void *)helper_tm_unavailable, .name = "tm_unavailable",
    .nb_iargs = 0, .has_ret = 0, .flags = 0,
};

bool trans_tm(DisasContext *ctx, const PPCArgs *a)
{
    tcg_gen_movi(ctx->s, ppc_g.nip, (int64_t)ctx->pc);
    tcg_gen_call(ctx->s, tcg_helper_register(&helper_info_tm_unavailable), 0,
                 0, NULL);
    tcg_gen_exit_tb(ctx->s, 0);
    ctx->is_jmp = DISAS_NORETURN;
    return true;
}
