/*
 * target-ppc/trans-system.c: system call, return from interrupt, the MSR,
 * traps, the time base, storage barriers and the other small system
 * instructions (Power ISA 3.0 Book I 3.3.11 traps, 3.3.17 mftb/darn;
 * Book II 4.6 synchronization; Book III 4.4.3 sc/rfid, 4.4.4 MSR moves).
 * mfspr/mtspr and the SPR table are in trans-spr.c.
 *
 * Anything that changes the MSR ends the TB with an exit to the exec loop:
 * the TB flags (LE, PR, IR/DR...) may have changed, and a newly set MSR[EE]
 * must let a pending interrupt in before the next instruction.
 *
 * Choices where the ISA leaves room:
 *   - sc LEV=1 from problem state is delivered as a system call (0xc00), as
 *     KVM does for its guests; sc with LEV > 1 is a system call too.
 *   - scv checks FSCR[SCV] when it executes (facility unavailable, IC=12,
 *     when clear) since FSCR is not part of the TB flags.
 *   - hrfid, stop and the other hypervisor instructions have no rows:
 *     illegal for our LPAR.
 *   - darn L=3 (reserved) returns the "no number available" value, as
 *     Debian's QEMU does.
 *   - wait is a no-op (the exec loop runs the next TB, which is correct
 *     for any wait condition, only not idle).
 *   - sync/lwsync/ptesync/eieio emit nothing: vCPUs run one at a time.
 */
#include <errno.h>
#include <sys/random.h>

#include "internal.h"
#include "translate.h"

static int helper_idx_rfid, helper_idx_mtmsr, helper_idx_load_tb,
    helper_idx_darn, helper_idx_scv, helper_idx_rfscv, helper_idx_icount_time;

#define FSCR_SCV (1ull << 12)      /* FSCR bit 51: scv allowed */
#define FSCR_IC_SHIFT 56           /* FSCR bits 0:7: interruption cause */
#define FSCR_IC_SCV 12ull

/* Book III 4.4.3 System Call Vectored: raised from a helper so that FSCR
   (not a TB flag) is read when the instruction executes */
static void helper_scv(CPUPPCState *env, uint64_t lev)
{
    if (!(env->spr[SPR_FSCR] & FSCR_SCV)) {
        env->spr[SPR_FSCR] = (env->spr[SPR_FSCR] &
                              ~(0xffull << FSCR_IC_SHIFT)) |
                             (FSCR_IC_SCV << FSCR_IC_SHIFT);
        ppc_raise_exception(env, EXCP_FU, 0, 0);
    }
    ppc_raise_exception(env, EXCP_SCV, lev, 0);
}

/* Book III 4.4.3 Return From System Call Vectored: as rfid, from LR/CTR */
static void helper_rfscv(CPUPPCState *env)
{
    const uint64_t from_ctr = PPC_BITS(0, 2) | PPC_BITS(4, 28) | PPC_BIT(32) |
                              PPC_BITS(37, 41) | PPC_BITS(48, 50) |
                              PPC_BITS(52, 63);
    ppc_store_msr(env, (env->msr & ~from_ctr) | (env->ctr & from_ctr));
    uint64_t nip = env->lr & ~3ull;
    env->nip = (env->msr & MSR_BIT(MSR_SF)) ? nip : (uint32_t)nip;
}

/* Book III 4.4.3 Return From Interrupt Doubleword, for HV=0 */
static void helper_rfid(CPUPPCState *env)
{
    uint64_t srr1 = env->spr[SPR_SRR1];
    /* bits 0:2 4:28 32 37:41 48:63, minus HV (3) and ME (51), which an
       LPAR keeps, and TS/TM (29:31), which need TM we do not have */
    const uint64_t from_srr1 = PPC_BITS(0, 2) | PPC_BITS(4, 28) | PPC_BIT(32) |
                               PPC_BITS(37, 41) | PPC_BITS(48, 50) |
                               PPC_BITS(52, 63);
    uint64_t msr = (env->msr & ~from_srr1) | (srr1 & from_srr1);
    ppc_store_msr(env, msr);
    uint64_t nip = env->spr[SPR_SRR0] & ~3ull;
    env->nip = (env->msr & MSR_BIT(MSR_SF)) ? nip : (uint32_t)nip;
}

/*
 * Book III 4.4.4 mtmsr (wide = 0) and mtmsrd (wide = 1), L=0: bits
 * 32:40 42:47 49:50 52:57 60:62 from RS (mtmsrd also 0:2 4:28), EE/IR/DR
 * forced on by PR (ppc_store_msr).  HV, S, ME and LE are never changed.
 */
static void helper_mtmsr(CPUPPCState *env, uint64_t rs, uint64_t wide)
{
    uint64_t mask = PPC_BITS(32, 40) | PPC_BITS(42, 47) | PPC_BITS(48, 50) |
                    PPC_BITS(52, 57) | PPC_BITS(58, 59) | PPC_BITS(60, 62);
    if (wide) {
        mask |= PPC_BITS(0, 2) | PPC_BITS(4, 28);
    }
    ppc_store_msr(env, (env->msr & ~mask) | (rs & mask));
}

static uint64_t helper_load_tb(CPUPPCState *env)
{
    return ppc_get_timebase(env);
}

/*
 * -icount (accel/tcg/icount.c): the clock as instruction i of a TB of n
 * instructions sees it, for mftb, mfspr TB/TBU/DEC and mtspr DEC
 * (what: a PPCIcountTime).  Returns the value read.
 */
static uint64_t helper_icount_time(CPUPPCState *env, uint64_t what,
                                   uint64_t val, uint64_t i, uint64_t n)
{
    uint64_t r = 0;

    env->icount.insn_off = (int64_t)i - (int64_t)n;
    switch (what) {
    case PPC_ICOUNT_LOAD_TB:
        r = ppc_get_timebase(env);
        break;
    case PPC_ICOUNT_LOAD_DEC:
        r = ppc_load_dec(env);
        break;
    default:
        ppc_store_dec(env, val);
        break;
    }
    env->icount.insn_off = 0;
    return r;
}

void gen_icount_time(DisasContext *ctx, int what, TCGv ret, TCGv val)
{
    TCGContext *s = ctx->s;
    TCGv args[4] = {
        tcg_constant(s, what),
        val ? val : tcg_constant(s, 0),
        tcg_constant(s, ctx->num_insns - 1),
        ctx->icount_n,
    };

    tcg_gen_call(s, helper_idx_icount_time, ret, 4, args);
}

/*
 * Book I 3.3.17 Deliver A Random Number: L=0 a 32-bit conditioned number,
 * L=1 64-bit conditioned, L=2 64-bit raw.  All ones means "no number
 * available"; a real 64-bit number is never all ones.
 */
static uint64_t helper_darn(CPUPPCState *env, uint64_t l)
{
    uint64_t v;
    if (l > 2) {
        return ~0ull;
    }
    if (env->icount.on) {
        /* -icount: the run's own generator, so that runs repeat */
        v = icount_random64(&env->icount.random);
        return l == 0 ? (uint32_t)v : (v == ~0ull ? 0 : v);
    }
    for (int tries = 0; tries < 8; tries++) {
        ssize_t n = getrandom(&v, sizeof(v), GRND_NONBLOCK);
        if (n != (ssize_t)sizeof(v)) {
            if (n < 0 && errno == EINTR) {
                continue;
            }
            return ~0ull;
        }
        if (l == 0) {
            return (uint32_t)v;
        }
        if (v != ~0ull) {
            return v;
        }
    }
    return ~0ull;
}

#define NO_GLOBALS (TCG_CALL_NO_READ_GLOBALS | TCG_CALL_NO_WRITE_GLOBALS)

void ppc_system_helpers_init(void)
{
    static const TCGHelperInfo rfid = {(void *)helper_rfid, "rfid", 0, 0, 0};
    static const TCGHelperInfo mtmsr = {(void *)helper_mtmsr, "mtmsr", 2, 0,
                                        0};
    static const TCGHelperInfo load_tb = {(void *)helper_load_tb, "load_tb",
                                          0, 1, TCG_CALL_PURE};
    static const TCGHelperInfo darn = {(void *)helper_darn, "darn", 1, 1,
                                       NO_GLOBALS};
    helper_idx_rfid = tcg_helper_register(&rfid);
    helper_idx_mtmsr = tcg_helper_register(&mtmsr);
    helper_idx_load_tb = tcg_helper_register(&load_tb);
    helper_idx_darn = tcg_helper_register(&darn);
    static const TCGHelperInfo icount_time = {
        (void *)helper_icount_time, "icount_time", 4, 1, NO_GLOBALS};
    helper_idx_icount_time = tcg_helper_register(&icount_time);
    static const TCGHelperInfo scv = {(void *)helper_scv, "scv", 1, 0, 0};
    static const TCGHelperInfo rfscv = {(void *)helper_rfscv, "rfscv", 0, 0,
                                        0};
    helper_idx_scv = tcg_helper_register(&scv);
    helper_idx_rfscv = tcg_helper_register(&rfscv);
    ppc_spr_helpers_init();
}

/* ------------------------------------------------------------ sc, rfid */

/* Book III 4.4.3 System Call */
bool trans_sc(DisasContext *ctx, const PPCArgs *a)
{
    if (a->lev == 1 && !ctx->pr) {
        /* the hypervisor is us: leave the TB, resume after the sc */
        gen_exception_nip(ctx, ctx->next_pc, EXCP_HCALL, 0);
    } else {
        gen_exception(ctx, EXCP_SYSCALL, 0);
    }
    return true;
}

bool trans_scv(DisasContext *ctx, const PPCArgs *a)
{
    TCGv lev = tcg_constant(ctx->s, a->lev);
    tcg_gen_movi(ctx->s, ppc_g.nip, (int64_t)ctx->pc);
    tcg_gen_call(ctx->s, helper_idx_scv, 0, 1, &lev);
    tcg_gen_exit_tb(ctx->s, 0);
    ctx->is_jmp = DISAS_NORETURN;
    return true;
}

bool trans_rfscv(DisasContext *ctx, const PPCArgs *a)
{
    tcg_gen_call(ctx->s, helper_idx_rfscv, 0, 0, NULL);
    tcg_gen_exit_tb(ctx->s, 0);
    ctx->is_jmp = DISAS_NORETURN;
    return true;
}

bool trans_rfid(DisasContext *ctx, const PPCArgs *a)
{
    tcg_gen_call(ctx->s, helper_idx_rfid, 0, 0, NULL);
    tcg_gen_exit_tb(ctx->s, 0);
    ctx->is_jmp = DISAS_NORETURN;
    return true;
}

/* ------------------------------------------------------------ MSR */

/* Book III 4.4.4 Move From MSR */
bool trans_mfmsr(DisasContext *ctx, const PPCArgs *a)
{
    tcg_gen_mov(ctx->s, ppc_g.gpr[a->rt], ppc_g.msr);
    return true;
}

/* mtmsr/mtmsrd; L (bit 15, the low bit of the RA field) = 1 moves only EE
   and RI */
static bool gen_mtmsr(DisasContext *ctx, const PPCArgs *a, bool wide)
{
    TCGContext *s = ctx->s;
    if (a->ra & 1) {
        const int64_t m = (int64_t)(MSR_BIT(MSR_EE) | MSR_BIT(MSR_RI));
        TCGv t = tcg_temp_new(s);
        tcg_gen_andi_i64(s, t, ppc_g.gpr[a->rt], m);
        tcg_gen_andi_i64(s, ppc_g.msr, ppc_g.msr, ~m);
        tcg_gen_or_i64(s, ppc_g.msr, ppc_g.msr, t);
    } else {
        TCGv args[2] = {ppc_g.gpr[a->rt], tcg_constant(s, wide)};
        tcg_gen_call(s, helper_idx_mtmsr, 0, 2, args);
    }
    ctx->is_jmp = DISAS_EXIT;
    return true;
}

bool trans_mtmsr(DisasContext *ctx, const PPCArgs *a)
{
    return gen_mtmsr(ctx, a, false);
}

bool trans_mtmsrd(DisasContext *ctx, const PPCArgs *a)
{
    return gen_mtmsr(ctx, a, true);
}

/* ------------------------------------------------------------ traps */

/* TO bits (Book I 3.3.11): a <s b, a >s b, a == b, a <u b, a >u b */
static const struct {
    uint8_t bit;
    TCGCond cond;
} trap_conds[] = {
    {0x10, TCG_COND_LT}, {0x08, TCG_COND_GT}, {0x04, TCG_COND_EQ},
    {0x02, TCG_COND_LTU}, {0x01, TCG_COND_GTU},
};

static bool cond_is_unsigned(TCGCond c)
{
    return c == TCG_COND_LTU || c == TCG_COND_GTU;
}

/* traps when any condition selected by TO holds between a and b; word
   compares use the low 32 bits, sign- or zero-extended as the test needs */
static bool gen_trap(DisasContext *ctx, unsigned to, TCGv a, TCGv b,
                     bool word)
{
    TCGContext *s = ctx->s;
    if (to == 0) {
        return true;
    }
    /* < > = covers every pair either way */
    if ((to & 0x1c) == 0x1c || (to & 0x07) == 0x07) {
        gen_program_exception(ctx, SRR1_PROG_TRAP);
        return true;
    }
    TCGLabel trap = tcg_label_new(s), skip = tcg_label_new(s);
    TCGv sa = a, sb = b, ua = a, ub = b;
    if (word) {
        sa = tcg_temp_new(s);
        sb = tcg_temp_new(s);
        ua = tcg_temp_new(s);
        ub = tcg_temp_new(s);
        tcg_gen_ext32s(s, sa, a);
        tcg_gen_ext32s(s, sb, b);
        tcg_gen_ext32u(s, ua, a);
        tcg_gen_ext32u(s, ub, b);
    }
    for (size_t i = 0; i < sizeof(trap_conds) / sizeof(trap_conds[0]); i++) {
        if (to & trap_conds[i].bit) {
            bool u = cond_is_unsigned(trap_conds[i].cond);
            tcg_gen_brcond_i64(s, trap_conds[i].cond, u ? ua : sa,
                               u ? ub : sb, trap);
        }
    }
    tcg_gen_br(s, skip);
    tcg_gen_set_label(s, trap);
    gen_program_exception(ctx, SRR1_PROG_TRAP);
    tcg_gen_set_label(s, skip);
    ctx->is_jmp = DISAS_NEXT;
    return true;
}

bool trans_tw(DisasContext *ctx, const PPCArgs *a)
{
    return gen_trap(ctx, a->to, ppc_g.gpr[a->ra], ppc_g.gpr[a->rb], true);
}

bool trans_td(DisasContext *ctx, const PPCArgs *a)
{
    return gen_trap(ctx, a->to, ppc_g.gpr[a->ra], ppc_g.gpr[a->rb], false);
}

bool trans_twi(DisasContext *ctx, const PPCArgs *a)
{
    return gen_trap(ctx, a->to, ppc_g.gpr[a->ra], tcg_constant(ctx->s, a->imm),
                    true);
}

bool trans_tdi(DisasContext *ctx, const PPCArgs *a)
{
    return gen_trap(ctx, a->to, ppc_g.gpr[a->ra], tcg_constant(ctx->s, a->imm),
                    false);
}

/* ------------------------------------------------------ time, random */

/* Book II 5.2.1 Move From Time Base: TBR 268 = TB, 269 = TBU */
bool trans_mftb(DisasContext *ctx, const PPCArgs *a)
{
    TCGContext *s = ctx->s;
    if (a->spr != SPR_TBL_RO && a->spr != SPR_TBU_RO) {
        return false;
    }
    TCGv rt = ppc_g.gpr[a->rt];
    gen_load_tb(ctx, rt);
    if (a->spr == SPR_TBU_RO) {
        tcg_gen_shri_i64(s, rt, rt, 32);
    }
    return true;
}

/* the TB as mfspr 268/269 reads it (trans-spr.c) */
void gen_load_tb(DisasContext *ctx, TCGv ret)
{
    if (ctx->icount_n) {
        gen_icount_time(ctx, PPC_ICOUNT_LOAD_TB, ret, 0);
        return;
    }
    tcg_gen_call(ctx->s, helper_idx_load_tb, ret, 0, NULL);
}

/* Book I 3.3.17 darn; L is bits 14:15 (the low two bits of RA) */
bool trans_darn(DisasContext *ctx, const PPCArgs *a)
{
    TCGv arg = tcg_constant(ctx->s, a->ra & 3);
    tcg_gen_call(ctx->s, helper_idx_darn, ppc_g.gpr[a->rt], 1, &arg);
    return true;
}

/* ------------------------------------------------------ synchronization */

/*
 * Book II 4.6.3 sync (L=0), lwsync (1), ptesync (2).  With one thread for
 * every vCPU they emit nothing.  With a thread per vCPU on an x86-64 host
 * (TSO: loads are not reordered with loads, stores not with stores, and
 * a store is not reordered with an earlier load; only a load may pass an
 * earlier store): lwsync orders nothing TSO does not already order, and
 * stays empty, as do eieio and isync's ordering part; sync must also
 * order stores before later loads, which is mfence; ptesync also waits
 * for this vCPU's tlbie to reach the other vCPUs (trans-mmu.c).
 */
/* the x86-64 full barrier (also a compiler barrier) */
static inline void host_mfence(void)
{
    __asm__ volatile("mfence" ::: "memory");
}

static void helper_hwsync(CPUPPCState *env)
{
    host_mfence();
}

static void helper_ptesync(CPUPPCState *env)
{
    host_mfence();
    cpu_tlb_sync(env, GETPC());
}

static const TCGHelperInfo hwsync_info = {
    .func = (void *)helper_hwsync, .name = "hwsync",
    .nb_iargs = 0, .has_ret = 0,
    .flags = TCG_CALL_NO_READ_GLOBALS | TCG_CALL_NO_WRITE_GLOBALS |
             TCG_CALL_NO_RAISE,
};
static const TCGHelperInfo ptesync_info = {
    .func = (void *)helper_ptesync, .name = "ptesync",
    .nb_iargs = 0, .has_ret = 0, .flags = 0,
};

bool trans_sync(DisasContext *ctx, const PPCArgs *a)
{
    unsigned l = (a->insn >> 21) & 3; /* L, bits 9:10 */

    if (!accel_parallel() || l == 1) {
        return true;
    }
    tcg_gen_call(ctx->s,
                 tcg_helper_register(l == 2 ? &ptesync_info : &hwsync_info),
                 0, 0, NULL);
    return true;
}

/* Book II 4.6.4 eieio */
bool trans_eieio(DisasContext *ctx, const PPCArgs *a)
{
    return true;
}

/* Book II 4.6.1 isync: later instructions are fetched anew.  Code writes
   invalidate TBs, so ending this TB (and looking the next one up) is
   enough. */
bool trans_isync(DisasContext *ctx, const PPCArgs *a)
{
    ctx->is_jmp = DISAS_TOO_MANY;
    return true;
}

/* Book II 4.6.5 wait */
bool trans_wait(DisasContext *ctx, const PPCArgs *a)
{
    return true;
}

/* Book II 4.4 (ISA 3.0) cp_abort: empties the copy-paste buffer.  copy and
   paste themselves are not implemented (illegal), so the buffer is always
   empty and cp_abort does nothing; Linux issues it on every context switch */
bool trans_cp_abort(DisasContext *ctx, const PPCArgs *a)
{
    return true;
}
