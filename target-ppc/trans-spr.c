/*
 * target-ppc/trans-spr.c: mfspr and mtspr (Power ISA 3.0 Book I 3.3.17,
 * Book III 4.4.4), driven by one table of the SPRs we implement.
 *
 * Each row gives the SPR number, its name, who may read and who may write
 * it (user, privileged, hypervisor, or nobody) and how: a row with neither
 * a global nor accessor functions lives in env->spr[store]; `store` lets
 * aliases (DSCR 3/17, SPRG3 259/275, the PMU's user numbers) share one
 * slot.  32-bit SPRs keep only the low word of a write.
 *
 * Access rules for our LPAR (MSR[HV]=0), per Book III 4.4.4 (the LPAR
 * rule with LPCR[EVIRT]=0; Debian's QEMU does the same):
 *   - a privileged SPR from problem state: Privileged Instruction program
 *     interrupt;
 *   - a hypervisor SPR (LPCR, HSPRGs, HSRRs, HDSISR/HDAR, HFSCR, HMEER,
 *     PCR, AMOR, HID0, TBU40, RPR, the DAWR0/DAWRX0/CIABR debug registers
 *     that H_SET_MODE sets...), the missing direction of a read-only or
 *     write-only SPR, and SPRs 0, 4, 5, 6: Privileged Instruction.  On
 *     POWER9 these raise a hypervisor interrupt (Hypervisor Emulation
 *     Assistance, or Privileged for the numbers with spr_0 = 1), which an
 *     LPAR never sees: its hypervisor reflects a Privileged Instruction
 *     program interrupt to it, as QEMU's and KVM's pseries do;
 *   - any other SPR number the table does not have: from problem state,
 *     Privileged Instruction when spr_0 = 1 (number & 0x10), else Illegal
 *     Instruction; in privileged state a no-op (RT unchanged), the ISA's
 *     "boundedly undefined", as POWER does.  Logged under -d unimp.
 *   - the performance monitor's problem-state numbers of group A (769-776,
 *     779: MMCR2, MMCRA, PMC1-6, MMCR0; Book III 9.4) are read/write from
 *     privileged state; from problem state MMCR0[PMCC] decides at run time
 *     (helper_pmu_user): 0b01 no access (Facility Unavailable, FSCR[IC] =
 *     PM), 0b00 read-only (a write is reflected as Privileged Instruction,
 *     as above), 0b10/0b11 read/write.
 *
 * Counters and facilities behind the plain-storage rows do nothing yet: the
 * PMU registers (MMCR*, PMCn, SIAR...) hold what is written and never
 * count; CFAR is not updated by branches; PPR/DSCR/PSPB/FSCR hints have no
 * effect; the FSCR facility enables (TAR, DSCR, EBB) are not checked.
 */
#include <stddef.h>

#include "internal.h"
#include "mmu-radix.h"
#include "log.h"
#include "translate.h"

enum { ACC_NONE, ACC_USER, ACC_PRIV, ACC_HV, ACC_PMU };
enum {
    SPRF_W32 = 0x1,     /* 32-bit register: writes keep the low word */
    SPRF_END_TB = 0x2,  /* a write ends the TB (interrupts, translation) */
    SPRF_ISA300 = 0x4,  /* not on POWER8 */
};

typedef struct PPCSprDef PPCSprDef;
typedef void (*PPCSprGen)(DisasContext *ctx, const PPCSprDef *d, TCGv val);

struct PPCSprDef {
    uint16_t num;
    uint16_t store;    /* env->spr index for plain-storage rows */
    const char *name;
    uint8_t rd, wr;    /* ACC_* */
    uint8_t flags;     /* SPRF_* */
    TCGv *global;      /* the IR global that holds it (LR, CTR, TAR) */
    PPCSprGen read, write;
};

static int helper_idx_load_dec, helper_idx_store_dec, helper_idx_store_pidr;
static int helper_idx_store_amr, helper_idx_store_iamr, helper_idx_pmu_user;
static int helper_idx_log_no_spr, helper_idx_dpdes;

/* -d unimp: an mfspr/mtspr of an SPR we do not have, when it executes
   (arg0 = the number | 0x400 for mtspr, arg1 = its address) */
static void helper_log_no_spr(CPUPPCState *env, uint64_t what, uint64_t pc)
{
    log_printf("ppc: %s %u: no such SPR, executed at 0x%016" PRIx64 "\n",
               (what & 0x400) ? "mtspr" : "mfspr", (unsigned)(what & 0x3ff),
               pc);
}

/* MMCR0[PMCC] (bits 44:45) and the FSCR cause for the PMU (Book III 9.4.4,
   6.2.10: IC = 4 "PM") */
#define MMCR0_PMCC_SHIFT (63 - 45)
#define SPR_MMCR0 795
#define FSCR_IC_PM 4ull
#define FSCR_IC_SHIFT 56

/* a problem-state access to a group A PMU SPR; arg = write flag */
static void helper_pmu_user(CPUPPCState *env, uint64_t write)
{
    unsigned pmcc = (unsigned)(env->spr[SPR_MMCR0] >> MMCR0_PMCC_SHIFT) & 3;

    if (pmcc == 1) {
        env->spr[SPR_FSCR] = (env->spr[SPR_FSCR] &
                              ~(0xffull << FSCR_IC_SHIFT)) |
                             (FSCR_IC_PM << FSCR_IC_SHIFT);
        ppc_raise_exception(env, EXCP_FU, 0, 0);
    }
    if (pmcc == 0 && write) {
        ppc_raise_exception(env, EXCP_PROGRAM, SRR1_PROG_PRIV, 0);
    }
}

static uint64_t helper_load_dec(CPUPPCState *env)
{
    return ppc_load_dec(env);
}

static void helper_store_dec(CPUPPCState *env, uint64_t val)
{
    ppc_store_dec(env, val);
}

/* a new PID changes the process-scoped translations it gives (mmu-radix.c) */
static void helper_store_pidr(CPUPPCState *env, uint64_t val)
{
    ppc_radix_store_pidr(env, val);
}

/* AMR/IAMR: taking a permission away must drop the TLB entries that
   granted it (mmu-radix.c) */
static void helper_store_amr(CPUPPCState *env, uint64_t val)
{
    ppc_store_amr(env, val);
}

static void helper_store_iamr(CPUPPCState *env, uint64_t val)
{
    ppc_store_iamr(env, val);
}

void ppc_spr_helpers_init(void)
{
    static const TCGHelperInfo load_dec = {
        (void *)helper_load_dec, "load_dec", 0, 1, TCG_CALL_PURE};
    static const TCGHelperInfo store_dec = {
        (void *)helper_store_dec, "store_dec", 1, 0,
        TCG_CALL_NO_READ_GLOBALS | TCG_CALL_NO_WRITE_GLOBALS};
    static const TCGHelperInfo store_pidr = {
        (void *)helper_store_pidr, "store_pidr", 1, 0,
        TCG_CALL_NO_READ_GLOBALS | TCG_CALL_NO_WRITE_GLOBALS};
    helper_idx_load_dec = tcg_helper_register(&load_dec);
    helper_idx_store_dec = tcg_helper_register(&store_dec);
    static const TCGHelperInfo store_amr = {
        (void *)helper_store_amr, "store_amr", 1, 0,
        TCG_CALL_NO_READ_GLOBALS | TCG_CALL_NO_WRITE_GLOBALS};
    static const TCGHelperInfo store_iamr = {
        (void *)helper_store_iamr, "store_iamr", 1, 0,
        TCG_CALL_NO_READ_GLOBALS | TCG_CALL_NO_WRITE_GLOBALS};
    helper_idx_store_pidr = tcg_helper_register(&store_pidr);
    helper_idx_store_amr = tcg_helper_register(&store_amr);
    helper_idx_store_iamr = tcg_helper_register(&store_iamr);
    static const TCGHelperInfo pmu_user = {
        (void *)helper_pmu_user, "pmu_user", 1, 0, 0};
    helper_idx_pmu_user = tcg_helper_register(&pmu_user);
    static const TCGHelperInfo log_no_spr = {
        (void *)helper_log_no_spr, "log_no_spr", 2, 0,
        TCG_CALL_NO_READ_GLOBALS | TCG_CALL_NO_WRITE_GLOBALS};
    helper_idx_log_no_spr = tcg_helper_register(&log_no_spr);
    static const TCGHelperInfo dpdes = {
        (void *)ppc_helper_dpdes, "dpdes", 0, 1,
        TCG_CALL_NO_WRITE_GLOBALS | TCG_CALL_NO_RAISE};
    helper_idx_dpdes = tcg_helper_register(&dpdes);
}

#define SPR_OFF(n) ((int32_t)(offsetof(CPUPPCState, spr) + 8 * (size_t)(n)))

/* ------------------------------------------------------------ accessors */

static void read_xer(DisasContext *ctx, const PPCSprDef *d, TCGv val)
{
    TCGContext *s = ctx->s;
    TCGv t = tcg_temp_new(s);
    static const struct { TCGv *bit; int pos; } parts[] = {
        {&ppc_g.so, XER_SO_BIT},     {&ppc_g.ov, XER_OV_BIT},
        {&ppc_g.ca, XER_CA_BIT},     {&ppc_g.ov32, XER_OV32_BIT},
        {&ppc_g.ca32, XER_CA32_BIT},
    };
    tcg_gen_ld64(s, val, (int32_t)offsetof(CPUPPCState, xer_rest));
    for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
        tcg_gen_shli_i64(s, t, *parts[i].bit, parts[i].pos);
        tcg_gen_or_i64(s, val, val, t);
    }
}

static void write_xer(DisasContext *ctx, const PPCSprDef *d, TCGv val)
{
    TCGContext *s = ctx->s;
    TCGv t = tcg_temp_new(s);
    static const struct { TCGv *bit; int pos; } parts[] = {
        {&ppc_g.so, XER_SO_BIT},     {&ppc_g.ov, XER_OV_BIT},
        {&ppc_g.ca, XER_CA_BIT},     {&ppc_g.ov32, XER_OV32_BIT},
        {&ppc_g.ca32, XER_CA32_BIT},
    };
    for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
        tcg_gen_shri_i64(s, *parts[i].bit, val, parts[i].pos);
        tcg_gen_andi_i64(s, *parts[i].bit, *parts[i].bit, 1);
    }
    tcg_gen_andi_i64(s, t, val, (int64_t)XER_REST_MASK);
    tcg_gen_st64(s, t, (int32_t)offsetof(CPUPPCState, xer_rest));
}

static void read_dec(DisasContext *ctx, const PPCSprDef *d, TCGv val)
{
    if (ctx->icount_n) {
        gen_icount_time(ctx, PPC_ICOUNT_LOAD_DEC, val, 0);
        return;
    }
    tcg_gen_call(ctx->s, helper_idx_load_dec, val, 0, NULL);
}

static void write_dec(DisasContext *ctx, const PPCSprDef *d, TCGv val)
{
    if (ctx->icount_n) {
        gen_icount_time(ctx, PPC_ICOUNT_STORE_DEC, 0, val);
        return;
    }
    tcg_gen_call(ctx->s, helper_idx_store_dec, 0, 1, &val);
}

/* 268 reads the whole 64-bit TB, 269 its upper half (Book II 5.2.1) */
static void read_tb(DisasContext *ctx, const PPCSprDef *d, TCGv val)
{
    gen_load_tb(ctx, val);
}

static void read_tbu(DisasContext *ctx, const PPCSprDef *d, TCGv val)
{
    gen_load_tb(ctx, val);
    tcg_gen_shri_i64(ctx->s, val, val, 32);
}

/* the PIR of whichever vCPU runs the TB (TBs are shared between vCPUs) */
static void read_pir(DisasContext *ctx, const PPCSprDef *d, TCGv val)
{
    tcg_gen_ld(ctx->s, INDEX_op_ld32u, val,
               (int32_t)offsetof(CPUPPCState, cpu_index));
}

/* TIR (Book III 4.4.4, 5.9.2): the thread's number in its core */
static void read_tir(DisasContext *ctx, const PPCSprDef *d, TCGv val)
{
    tcg_gen_ld(ctx->s, INDEX_op_ld32u, val,
               (int32_t)offsetof(CPUPPCState, smt_tid));
}

/* DPDES: the core's pending doorbells (trans-msg.c) */
static void read_dpdes(DisasContext *ctx, const PPCSprDef *d, TCGv val)
{
    tcg_gen_call(ctx->s, helper_idx_dpdes, val, 0, NULL);
}

static void write_pidr(DisasContext *ctx, const PPCSprDef *d, TCGv val)
{
    tcg_gen_call(ctx->s, helper_idx_store_pidr, 0, 1, &val);
}

/* AMR through SPR 13 from problem state: only the bits UAMOR allows
   (Book III 9.7); privileged writes through 13 or 29 are unmasked since
   our AMOR is all ones */
static void write_amr_user(DisasContext *ctx, const PPCSprDef *d, TCGv val)
{
    TCGContext *s = ctx->s;
    if (!ctx->pr) {
        tcg_gen_call(s, helper_idx_store_amr, 0, 1, &val);
        return;
    }
    TCGv mask = tcg_temp_new(s), amr = tcg_temp_new(s), t = tcg_temp_new(s);
    tcg_gen_ld64(s, mask, SPR_OFF(SPR_UAMOR));
    tcg_gen_ld64(s, amr, SPR_OFF(SPR_AMR));
    tcg_gen_andc_i64(s, amr, amr, mask);
    tcg_gen_and_i64(s, t, val, mask);
    tcg_gen_or_i64(s, amr, amr, t);
    tcg_gen_call(s, helper_idx_store_amr, 0, 1, &amr);
}

static void write_amr(DisasContext *ctx, const PPCSprDef *d, TCGv val)
{
    tcg_gen_call(ctx->s, helper_idx_store_amr, 0, 1, &val);
}

static void write_iamr(DisasContext *ctx, const PPCSprDef *d, TCGv val)
{
    tcg_gen_call(ctx->s, helper_idx_store_iamr, 0, 1, &val);
}

/* CTRL: only the run latch (bit 63) is kept */
static void write_ctrl(DisasContext *ctx, const PPCSprDef *d, TCGv val)
{
    TCGv t = tcg_temp_new(ctx->s);
    tcg_gen_andi_i64(ctx->s, t, val, 1);
    tcg_gen_st64(ctx->s, t, SPR_OFF(SPR_CTRL_RD));
}

/* PPR32 is PPR's upper word */
static void read_ppr32(DisasContext *ctx, const PPCSprDef *d, TCGv val)
{
    tcg_gen_ld64(ctx->s, val, SPR_OFF(SPR_PPR));
    tcg_gen_shri_i64(ctx->s, val, val, 32);
}

static void write_ppr32(DisasContext *ctx, const PPCSprDef *d, TCGv val)
{
    TCGContext *s = ctx->s;
    TCGv ppr = tcg_temp_new(s), t = tcg_temp_new(s);
    tcg_gen_ld64(s, ppr, SPR_OFF(SPR_PPR));
    tcg_gen_ext32u(s, ppr, ppr);
    tcg_gen_shli_i64(s, t, val, 32);
    tcg_gen_or_i64(s, ppr, ppr, t);
    tcg_gen_st64(s, ppr, SPR_OFF(SPR_PPR));
}

/* ------------------------------------------------------------ the table */

#define U ACC_USER
#define P ACC_PRIV
#define H ACC_HV
#define N ACC_NONE
#define M ACC_PMU

/* plain storage, one number */
#define SPR(n, name, rd, wr, fl) {n, n, name, rd, wr, fl, NULL, NULL, NULL}
/* plain storage shared with another number */
#define ALIAS(n, st, name, rd, wr, fl) {n, st, name, rd, wr, fl, NULL, NULL, NULL}
#define SPRG(n, name, g) {n, n, name, U, U, 0, &ppc_g.g, NULL, NULL}
#define SPRX(n, name, rd, wr, fl, r, w) {n, n, name, rd, wr, fl, NULL, r, w}

static const PPCSprDef spr_table[] = {
    SPRX(SPR_XER, "XER", U, U, 0, read_xer, write_xer),
    ALIAS(SPR_DSCR, SPR_DSCR_PRIV, "DSCR", U, U, 0),
    SPRG(SPR_LR, "LR", lr),
    SPRG(SPR_CTR, "CTR", ctr),
    {13, SPR_AMR, "AMR", U, U, 0, NULL, NULL, write_amr_user},
    SPR(SPR_DSCR_PRIV, "DSCR", P, P, 0),
    SPR(SPR_DSISR, "DSISR", P, P, SPRF_W32),
    SPR(SPR_DAR, "DAR", P, P, 0),
    SPRX(SPR_DEC, "DEC", P, P, SPRF_END_TB, read_dec, write_dec),
    SPR(SPR_SRR0, "SRR0", P, P, 0),
    SPR(SPR_SRR1, "SRR1", P, P, 0),
    SPR(SPR_CFAR, "CFAR", P, P, 0),
    SPRX(SPR_AMR, "AMR", P, P, 0, NULL, write_amr),
    SPRX(SPR_PIDR, "PIDR", P, P, SPRF_END_TB | SPRF_ISA300, NULL,
         write_pidr),
    SPRX(SPR_IAMR, "IAMR", P, P, 0, NULL, write_iamr),
    SPR(SPR_CTRL_RD, "CTRL", U, N, 0),
    SPR(144, "TIDR", P, P, SPRF_ISA300),
    SPRX(SPR_CTRL_WR, "CTRL", N, P, 0, NULL, write_ctrl),
    SPR(SPR_FSCR, "FSCR", P, P, 0),
    SPR(SPR_UAMOR, "UAMOR", P, P, 0),
    /* debug and facility registers of the hypervisor: a partition sets
       DAWR0/DAWRX0/CIABR through H_SET_MODE (hw-spapr) */
    SPRX(176, "DPDES", P, H, 0, read_dpdes, NULL),
    SPR(180, "DAWR0", H, H, 0),
    SPR(186, "RPR", H, H, 0),
    SPR(187, "CIABR", H, H, 0),
    SPR(188, "DAWRX0", H, H, SPRF_W32),
    SPR(190, "HFSCR", H, H, 0),
    SPR(SPR_PSPB, "PSPB", P, P, SPRF_W32),
    SPR(SPR_VRSAVE, "VRSAVE", U, U, SPRF_W32),
    ALIAS(SPR_SPRG3_RO, SPR_SPRG3, "SPRG3", U, N, 0),
    SPRX(SPR_TBL_RO, "TBL", U, N, 0, read_tb, NULL),
    SPRX(SPR_TBU_RO, "TBU", U, N, 0, read_tbu, NULL),
    SPR(SPR_SPRG0, "SPRG0", P, P, 0),
    SPR(SPR_SPRG1, "SPRG1", P, P, 0),
    SPR(SPR_SPRG2, "SPRG2", P, P, 0),
    SPR(SPR_SPRG3, "SPRG3", P, P, 0),
    SPR(SPR_TBL, "TBL", N, H, 0),
    SPR(SPR_TBU, "TBU", N, H, 0),
    SPR(286, "TBU40", N, H, 0),
    SPR(SPR_PVR, "PVR", P, N, 0),
    SPR(SPR_HSPRG0, "HSPRG0", H, H, 0),
    SPR(305, "HSPRG1", H, H, 0),
    SPR(306, "HDSISR", H, H, SPRF_W32),
    SPR(307, "HDAR", H, H, 0),
    SPR(310, "HDEC", H, H, 0),
    SPR(313, "HRMOR", H, H, 0),
    /* SPURR, PURR (Book III 9.1-9.2) and VTB (9.3): for a dedicated,
       never-shared processor each advances with the time base */
    SPRX(308, "SPURR", P, H, 0, read_tb, NULL),
    SPRX(309, "PURR", P, H, 0, read_tb, NULL),
    SPRX(849, "VTB", P, H, 0, read_tb, NULL),
    SPR(314, "HSRR0", H, H, 0),
    SPR(315, "HSRR1", H, H, 0),
    SPR(SPR_LPCR, "LPCR", H, H, 0),
    SPR(SPR_LPIDR, "LPIDR", H, H, 0),
    SPR(336, "HMER", H, H, 0),
    SPR(337, "HMEER", H, H, 0),
    SPR(338, "PCR", H, H, 0),
    SPR(349, "AMOR", H, H, 0),
    SPR(464, "PTCR", H, H, SPRF_ISA300),
    /* performance monitor: user-mode numbers read what the privileged
       ones hold (Book III 9.4) */
    ALIAS(768, 784, "SIER", U, N, 0),
    ALIAS(769, 785, "MMCR2", M, M, 0),
    ALIAS(770, 786, "MMCRA", M, M, 0),
    ALIAS(771, 787, "PMC1", M, M, SPRF_W32),
    ALIAS(772, 788, "PMC2", M, M, SPRF_W32),
    ALIAS(773, 789, "PMC3", M, M, SPRF_W32),
    ALIAS(774, 790, "PMC4", M, M, SPRF_W32),
    ALIAS(775, 791, "PMC5", M, M, SPRF_W32),
    ALIAS(776, 792, "PMC6", M, M, SPRF_W32),
    ALIAS(779, 795, "MMCR0", M, M, 0),
    ALIAS(780, 796, "SIAR", U, N, 0),
    ALIAS(781, 797, "SDAR", U, N, 0),
    ALIAS(782, 798, "MMCR1", U, N, 0),
    SPR(784, "SIER", P, P, 0),
    SPR(785, "MMCR2", P, P, 0),
    SPR(786, "MMCRA", P, P, 0),
    SPR(787, "PMC1", P, P, SPRF_W32),
    SPR(788, "PMC2", P, P, SPRF_W32),
    SPR(789, "PMC3", P, P, SPRF_W32),
    SPR(790, "PMC4", P, P, SPRF_W32),
    SPR(791, "PMC5", P, P, SPRF_W32),
    SPR(792, "PMC6", P, P, SPRF_W32),
    SPR(795, "MMCR0", P, P, 0),
    SPR(796, "SIAR", P, P, 0),
    SPR(797, "SDAR", P, P, 0),
    SPR(798, "MMCR1", P, P, 0),
    SPR(804, "EBBHR", U, U, 0),
    SPR(805, "EBBRR", U, U, 0),
    SPR(806, "BESCR", U, U, 0),
    SPRG(SPR_TAR, "TAR", tar),
    SPR(855, "PSSCR", P, P, SPRF_ISA300),
    /* POWER8's supervisor monitor mode control register (implementation-
       specific, privileged; Linux's __setup_cpu_power8 clears it): holds
       what is written, like the other PMU registers */
    SPR(894, "MMCRS", P, P, 0),
    /* POWER8/9 workload optimization register (implementation-specific,
       privileged) */
    SPR(895, "WORT", P, P, 0),
    SPR(SPR_PPR, "PPR", U, U, 0),
    SPRX(SPR_PPR32, "PPR32", U, U, SPRF_W32, read_ppr32, write_ppr32),
    SPRX(446, "TIR", P, N, 0, read_tir, NULL),
    SPRX(SPR_PIR, "PIR", P, N, 0, read_pir, NULL),
    SPR(1008, "HID0", H, H, 0),
};

#undef U
#undef P
#undef H
#undef N
#undef M

static const PPCSprDef *spr_find(DisasContext *ctx, unsigned num)
{
    for (size_t i = 0; i < sizeof(spr_table) / sizeof(spr_table[0]); i++) {
        const PPCSprDef *d = &spr_table[i];
        if (d->num == num) {
            if ((d->flags & SPRF_ISA300) &&
                ctx->env->model == PPC_MODEL_POWER8) {
                return NULL;
            }
            return d;
        }
    }
    return NULL;
}

typedef enum SprAccess {
    SPR_ACCESS_OK,    /* go on */
    SPR_ACCESS_NOP,   /* the instruction does nothing */
    SPR_ACCESS_RAISED /* an interrupt was generated */
} SprAccess;

static SprAccess spr_raise(DisasContext *ctx, uint64_t cause)
{
    gen_program_exception(ctx, cause);
    return SPR_ACCESS_RAISED;
}

static SprAccess spr_access(DisasContext *ctx, const PPCSprDef *d,
                            unsigned num, bool write)
{
    const char *op = write ? "mtspr" : "mfspr";
    /* spr_0 = 1: the register is privileged (Book III 4.4.4) */
    uint64_t pr_cause = (num & 0x10) ? SRR1_PROG_PRIV : SRR1_PROG_ILLEGAL;

    if (!d) {
        if (log_enabled(LOG_UNIMP)) {
            /* logged when it executes, not here */
            TCGv args[2] = {
                tcg_constant(ctx->s, (int64_t)(num | (write ? 0x400 : 0))),
                tcg_constant(ctx->s, (int64_t)ctx->pc)};
            tcg_gen_call(ctx->s, helper_idx_log_no_spr, 0, 2, args);
        }
        if (ctx->pr) {
            return spr_raise(ctx, pr_cause);
        }
        if (num == 0 || (num >= 4 && num <= 6)) {
            return spr_raise(ctx, SRR1_PROG_PRIV);
        }
        return SPR_ACCESS_NOP;
    }
    switch (write ? d->wr : d->rd) {
    case ACC_USER:
        return SPR_ACCESS_OK;
    case ACC_PRIV:
        return ctx->pr ? spr_raise(ctx, SRR1_PROG_PRIV) : SPR_ACCESS_OK;
    case ACC_PMU:
        if (ctx->pr) {
            TCGv w = tcg_constant(ctx->s, write);
            tcg_gen_movi(ctx->s, ppc_g.nip, (int64_t)ctx->pc);
            tcg_gen_call(ctx->s, helper_idx_pmu_user, 0, 1, &w);
        }
        return SPR_ACCESS_OK;
    case ACC_HV:
        if (ctx->hv && !ctx->pr) {
            return SPR_ACCESS_OK;
        }
        if (log_enabled(LOG_GUEST_ERROR)) {
            log_printf("ppc: %s %u (%s): hypervisor SPR at 0x%016" PRIx64
                       "\n", op, num, d->name, ctx->pc);
        }
        return spr_raise(ctx, SRR1_PROG_PRIV);
    default:
        if (log_enabled(LOG_GUEST_ERROR)) {
            log_printf("ppc: %s %u (%s): not %s at 0x%016" PRIx64 "\n", op,
                       num, d->name, write ? "writable" : "readable",
                       ctx->pc);
        }
        return spr_raise(ctx, ctx->pr ? pr_cause : SRR1_PROG_PRIV);
    }
}

/* Book I 3.3.17 / Book III 4.4.4 Move From Special Purpose Register */
bool trans_mfspr(DisasContext *ctx, const PPCArgs *a)
{
    const PPCSprDef *d = spr_find(ctx, a->spr);
    if (spr_access(ctx, d, a->spr, false) != SPR_ACCESS_OK) {
        return true;
    }
    TCGv rt = ppc_g.gpr[a->rt];
    if (d->global) {
        tcg_gen_mov(ctx->s, rt, *d->global);
    } else if (d->read) {
        d->read(ctx, d, rt);
    } else {
        tcg_gen_ld64(ctx->s, rt, SPR_OFF(d->store));
    }
    return true;
}

/* Book I 3.3.17 / Book III 4.4.4 Move To Special Purpose Register */
bool trans_mtspr(DisasContext *ctx, const PPCArgs *a)
{
    const PPCSprDef *d = spr_find(ctx, a->spr);
    if (spr_access(ctx, d, a->spr, true) != SPR_ACCESS_OK) {
        return true;
    }
    TCGContext *s = ctx->s;
    TCGv rs = ppc_g.gpr[a->rt];
    if (d->global) {
        tcg_gen_mov(s, *d->global, rs);
    } else if (d->write) {
        d->write(ctx, d, rs);
    } else if (d->flags & SPRF_W32) {
        TCGv t = tcg_temp_new(s);
        tcg_gen_ext32u(s, t, rs);
        tcg_gen_st64(s, t, SPR_OFF(d->store));
    } else {
        tcg_gen_st64(s, rs, SPR_OFF(d->store));
    }
    if (d->flags & SPRF_END_TB) {
        ctx->is_jmp = DISAS_EXIT;
    }
    return true;
}
