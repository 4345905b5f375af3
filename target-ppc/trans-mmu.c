/*
 * target-ppc/trans-mmu.c: the storage-control instructions that manage
 * translation lookaside buffers (Power ISA 3.0B Book III 5.9.3, with the
 * update rules of 5.10): tlbie, tlbiel, tlbsync, slbie, slbia.
 *
 * Our "TLB" is the softmmu's (accel/tcg/softmmu.c) plus nothing else: the
 * radix walker caches no page-walk or table entries, so every form only
 * has to drop softmmu entries, and dropping more than asked is always
 * correct (mmu-radix.c: ppc_radix_tlbie says which forms flush by page).
 * The flush happens when the instruction executes; vCPUs run one at a
 * time, so the later tlbsync and ptesync (sync L=2, trans-system.c) have
 * nothing left to wait for.
 *
 * Rules for our LPAR (MSR[HV]=0): all are privileged.  tlbie and tlbsync
 * also need LPCR[GTSE]=1 (the hypervisor let the guest shoot down its own
 * translations, H_REGISTER_PROC_TBL's GTSE flag); without it the ISA sends
 * them to the hypervisor, which answers, as Debian's QEMU does, with a
 * privileged-instruction program interrupt.  tlbiel needs no GTSE.
 *
 * slbie and slbia manage the SLB of the hash MMU.  With radix translation
 * (LPCR[HR]=1) there is no SLB and they do nothing; otherwise they flush
 * the softmmu, which holds whatever the SLB translated (there is no SLB
 * yet: the hash MMU is a later step).
 */
#include "exec.h"
#include "mmu-radix.h"
#include "translate.h"

/* what a tlbie/tlbiel helper call passes besides RB and RS */
enum {
    TLBI_RIC_MASK = 3,
    TLBI_PRS = 1 << 2,
    TLBI_R = 1 << 3,
    TLBI_GLOBAL = 1 << 4, /* tlbie: needs LPCR[GTSE] */
};

static void check_gtse(CPUPPCState *env, uintptr_t ra)
{
    if (!(env->spr[SPR_LPCR] & LPCR_GTSE)) {
        ppc_raise_exception(env, EXCP_PROGRAM, SRR1_PROG_PRIV, ra);
    }
}

static void helper_tlbie(CPUPPCState *env, uint64_t rb, uint64_t rs,
                         uint64_t ops)
{
    unsigned ric = (unsigned)(ops & TLBI_RIC_MASK);
    bool prs = (ops & TLBI_PRS) != 0, r = (ops & TLBI_R) != 0;

    if (!(ops & TLBI_GLOBAL)) {
        ppc_radix_tlbie(env, rb, rs, ric, prs, r);
        return;
    }
    check_gtse(env, GETPC());
    /* tlbie reaches every processor of the partition (Book III 5.10.1).
       The vCPUs run one at a time on one host thread (hw-spapr's
       spapr-smp.c), so the others' TLBs can be flushed here directly and
       are clean before this vCPU's tlbsync; ptesync */
    bool seen = false;
    for (unsigned i = 0; i < cpu_count(); i++) {
        CPUPPCState *cpu = cpu_nth(i);
        ppc_radix_tlbie(cpu, rb, rs, ric, prs, r);
        seen |= cpu == env;
    }
    if (!seen) {
        ppc_radix_tlbie(env, rb, rs, ric, prs, r);
    }
}

static void helper_tlbsync(CPUPPCState *env)
{
    check_gtse(env, GETPC());
}

static void helper_slb_invalidate(CPUPPCState *env)
{
    if (!ppc_radix_enabled(env)) {
        tlb_flush(env);
    }
}

static const TCGHelperInfo tlbie_info = {
    .func = (void *)helper_tlbie, .name = "tlbie",
    .nb_iargs = 3, .has_ret = 0, .flags = 0,
};
static const TCGHelperInfo tlbsync_info = {
    .func = (void *)helper_tlbsync, .name = "tlbsync",
    .nb_iargs = 0, .has_ret = 0, .flags = 0,
};
static const TCGHelperInfo slb_invalidate_info = {
    .func = (void *)helper_slb_invalidate, .name = "slb_invalidate",
    .nb_iargs = 0, .has_ret = 0,
    .flags = TCG_CALL_NO_READ_GLOBALS | TCG_CALL_NO_WRITE_GLOBALS |
             TCG_CALL_NO_RAISE,
};

/*
 * X form with RS, RIC, PRS, R, RB: the form's RA slot (bits 11:15) holds
 * a reserved bit, RIC (12:13), PRS (14) and R (15).
 */
static bool gen_tlbie(DisasContext *ctx, const PPCArgs *a, bool global)
{
    TCGContext *s = ctx->s;
    uint64_t ops = (uint64_t)((a->ra >> 2) & TLBI_RIC_MASK);

    ops |= (a->ra & 2) ? TLBI_PRS : 0;
    ops |= (a->ra & 1) ? TLBI_R : 0;
    ops |= global ? TLBI_GLOBAL : 0;
    TCGv args[3] = {ppc_g.gpr[a->rb], ppc_g.gpr[a->rt],
                    tcg_constant(s, (int64_t)ops)};
    tcg_gen_call(s, tcg_helper_register(&tlbie_info), 0, 3, args);
    return true;
}

/* Book III 5.9.3 TLB Invalidate Entry */
bool trans_tlbie(DisasContext *ctx, const PPCArgs *a)
{
    return gen_tlbie(ctx, a, true);
}

/* Book III 5.9.3 TLB Invalidate Entry Local */
bool trans_tlbiel(DisasContext *ctx, const PPCArgs *a)
{
    return gen_tlbie(ctx, a, false);
}

/* Book III 5.9.3 TLB Synchronize */
bool trans_tlbsync(DisasContext *ctx, const PPCArgs *a)
{
    tcg_gen_call(ctx->s, tcg_helper_register(&tlbsync_info), 0, 0, NULL);
    return true;
}

/* Book III 5.9.3 SLB Invalidate Entry */
bool trans_slbie(DisasContext *ctx, const PPCArgs *a)
{
    tcg_gen_call(ctx->s, tcg_helper_register(&slb_invalidate_info), 0, 0,
                 NULL);
    return true;
}

/* Book III 5.9.3 SLB Invalidate All (IH, bits 8:10, only hints which
   entries may stay: invalidating all of them is always allowed) */
bool trans_slbia(DisasContext *ctx, const PPCArgs *a)
{
    return trans_slbie(ctx, a);
}
