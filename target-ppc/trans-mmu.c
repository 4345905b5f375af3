/*
 * target-ppc/trans-mmu.c: the storage-control instructions that manage
 * translation lookaside buffers (Power ISA 3.0B Book III 5.9.3, with the
 * update rules of 5.10): tlbie, tlbiel, tlbsync, slbie, slbia.
 *
 * Our "TLB" is the softmmu's (accel/tcg/softmmu.c) plus nothing else: the
 * radix walker caches no page-walk or table entries, so every form only
 * has to drop softmmu entries, and dropping more than asked is always
 * correct (mmu-radix.c: ppc_radix_tlbie says which forms flush by page).
 * The flush happens when the instruction executes.  With the vCPUs on one
 * host thread (thread=single) a global tlbie flushes every vCPU's TLB
 * directly, and the later tlbsync and ptesync (sync L=2, trans-system.c)
 * have nothing left to wait for.  With a thread per vCPU the others' TLBs
 * are theirs: tlbie flushes its own and posts the same local flush to
 * every other vCPU (cpu_tlb_post, accel/tcg/threads.c), and the issuer's
 * next tlbsync or ptesync waits until all of them have done it
 * (cpu_tlb_sync), as Book III 5.10.1 requires of the pair.
 *
 * Rules for our LPAR (MSR[HV]=0): all are privileged.  tlbie and tlbsync
 * also need LPCR[GTSE]=1 (the hypervisor let the guest shoot down its own
 * translations, H_REGISTER_PROC_TBL's GTSE flag); without it the ISA sends
 * them to the hypervisor, which answers, as Debian's QEMU does, with a
 * privileged-instruction program interrupt.  tlbiel needs no GTSE.
 *
 * The SLB instructions (5.9.3.2-8: slbie, slbieg, slbia, slbmte, slbmfee,
 * slbmfev, slbfee., slbsync) manage the hash MMU's SLB (mmu-hash.c, which
 * also says what they flush).  With radix translation (LPCR[HR]=1) there
 * is no SLB and slbie/slbia do nothing.  tlbie/tlbiel in hash form (R=0)
 * flush the whole softmmu TLB: under PAPR the guest changes HPTEs through
 * hcalls, which flush what they change themselves.
 */
#include "exec.h"
#include "log.h"
#include "mmu-hash.h"
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

/* another vCPU's share of a global tlbie (args: rb, rs, ric, prs, r) */
static void tlbie_remote(CPUPPCState *env, const uint64_t *a)
{
    ppc_radix_tlbie(env, a[0], a[1], (unsigned)a[2], a[3] != 0, a[4] != 0);
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
    if (accel_parallel()) {
        const uint64_t args[CPU_TLB_WORK_ARGS] = { rb, rs, ric, prs, r };
        ppc_radix_tlbie(env, rb, rs, ric, prs, r);
        cpu_tlb_post(env, tlbie_remote, args);
        return;
    }
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
    cpu_tlb_sync(env, GETPC());
}

/* the SLB helpers (mmu-hash.c does the work); under radix there is no
   SLB and slbie/slbia do nothing */
static void helper_slbie(CPUPPCState *env, uint64_t rb)
{
    if (!ppc_radix_enabled(env)) {
        ppc_slb_invalidate(env, rb);
    }
}

static void helper_slbia(CPUPPCState *env, uint64_t ih)
{
    if (!ppc_radix_enabled(env)) {
        ppc_slb_invalidate_all(env, (unsigned)ih);
    }
}

static void helper_slbmte(CPUPPCState *env, uint64_t rb, uint64_t rs)
{
    if (!ppc_slb_store(env, rb, rs) && log_enabled(LOG_GUEST_ERROR)) {
        log_printf("slbmte: SLB index %" PRIu64 " beyond the %d entries\n",
                   (uint64_t)(rb & SLB_INDEX_MASK), PPC_SLB_SIZE);
    }
}

static uint64_t helper_slbmfee(CPUPPCState *env, uint64_t rb)
{
    return ppc_slb_load_esid(env, rb);
}

static uint64_t helper_slbmfev(CPUPPCState *env, uint64_t rb)
{
    return ppc_slb_load_vsid(env, rb);
}

/* slbfee.: CR0 = 0b00 || found || XER[SO] */
static uint64_t helper_slbfee(CPUPPCState *env, uint64_t rb)
{
    uint64_t vsid;
    bool found = ppc_slb_find(env, rb, &vsid);

    env->crf[0] = (found ? 2 : 0) | env->xer_so;
    return vsid;
}

/* not TCG_CALL_PURE: they change the SLB and the TLB, so must never be
   dropped as dead */
#define SLB_HELPER_FLAGS (TCG_CALL_NO_READ_GLOBALS | TCG_CALL_NO_RAISE)

static const TCGHelperInfo slbie_info = {
    .func = (void *)helper_slbie, .name = "slbie",
    .nb_iargs = 1, .has_ret = 0, .flags = SLB_HELPER_FLAGS,
};
static const TCGHelperInfo slbia_info = {
    .func = (void *)helper_slbia, .name = "slbia",
    .nb_iargs = 1, .has_ret = 0, .flags = SLB_HELPER_FLAGS,
};
static const TCGHelperInfo slbmte_info = {
    .func = (void *)helper_slbmte, .name = "slbmte",
    .nb_iargs = 2, .has_ret = 0, .flags = SLB_HELPER_FLAGS,
};
static const TCGHelperInfo slbmfee_info = {
    .func = (void *)helper_slbmfee, .name = "slbmfee",
    .nb_iargs = 1, .has_ret = 1, .flags = SLB_HELPER_FLAGS,
};
static const TCGHelperInfo slbmfev_info = {
    .func = (void *)helper_slbmfev, .name = "slbmfev",
    .nb_iargs = 1, .has_ret = 1, .flags = SLB_HELPER_FLAGS,
};
static const TCGHelperInfo slbfee_info = {
    .func = (void *)helper_slbfee, .name = "slbfee",
    .nb_iargs = 1, .has_ret = 1, .flags = TCG_CALL_NO_RAISE,
};

static const TCGHelperInfo tlbie_info = {
    .func = (void *)helper_tlbie, .name = "tlbie",
    .nb_iargs = 3, .has_ret = 0, .flags = 0,
};
static const TCGHelperInfo tlbsync_info = {
    .func = (void *)helper_tlbsync, .name = "tlbsync",
    .nb_iargs = 0, .has_ret = 0, .flags = 0,
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

/* Book III 5.9.3.2 SLB Invalidate Entry (slbieg, ISA 3.0, the same for
   us: its RS names the partition, and there is one) */
bool trans_slbie(DisasContext *ctx, const PPCArgs *a)
{
    tcg_gen_call(ctx->s, tcg_helper_register(&slbie_info), 0, 1,
                 &ppc_g.gpr[a->rb]);
    return true;
}

bool trans_slbieg(DisasContext *ctx, const PPCArgs *a)
{
    return trans_slbie(ctx, a);
}

/* Book III 5.9.3.3 SLB Invalidate All; IH is bits 8:10 */
bool trans_slbia(DisasContext *ctx, const PPCArgs *a)
{
    TCGv ih = tcg_constant(ctx->s, a->rt & 7);

    tcg_gen_call(ctx->s, tcg_helper_register(&slbia_info), 0, 1, &ih);
    return true;
}

/* Book III 5.9.3.4 SLB Move To Entry */
bool trans_slbmte(DisasContext *ctx, const PPCArgs *a)
{
    TCGv args[2] = { ppc_g.gpr[a->rb], ppc_g.gpr[a->rt] };

    tcg_gen_call(ctx->s, tcg_helper_register(&slbmte_info), 0, 2, args);
    return true;
}

/* Book III 5.9.3.5-6 SLB Move From Entry ESID / VSID */
bool trans_slbmfee(DisasContext *ctx, const PPCArgs *a)
{
    tcg_gen_call(ctx->s, tcg_helper_register(&slbmfee_info),
                 ppc_g.gpr[a->rt], 1, &ppc_g.gpr[a->rb]);
    return true;
}

bool trans_slbmfev(DisasContext *ctx, const PPCArgs *a)
{
    tcg_gen_call(ctx->s, tcg_helper_register(&slbmfev_info),
                 ppc_g.gpr[a->rt], 1, &ppc_g.gpr[a->rb]);
    return true;
}

/* Book III 5.9.3.7 SLB Find Entry ESID (the record form only) */
bool trans_slbfee(DisasContext *ctx, const PPCArgs *a)
{
    tcg_gen_call(ctx->s, tcg_helper_register(&slbfee_info),
                 ppc_g.gpr[a->rt], 1, &ppc_g.gpr[a->rb]);
    return true;
}

/* Book III 5.9.3.8 SLB Synchronize (ISA 3.0): our SLB updates are done
   when the instruction that makes them is */
bool trans_slbsync(DisasContext *ctx, const PPCArgs *a)
{
    return true;
}
