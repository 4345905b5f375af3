/*
 * target-ppc/cpu.c: creating and resetting a POWER vCPU, the models, the
 * MSR and XER write rules, the -d cpu dump and the TB flags.
 *
 * The vCPU is always a logical partition (MSR[HV]=0): the emulator plays the
 * hypervisor.  At reset it is in 64-bit big-endian real mode with machine
 * checks enabled (MSR = SF|ME); the machine (hw-spapr) then sets nip, r3...
 * as its boot protocol says.  Choices not fixed by the ISA:
 *   - DEC starts at 0x7fffffff (positive: no decrementer interrupt until the
 *     guest programs it).
 *   - PPR starts at medium priority, CTRL with the run latch set.
 */
#include <stdio.h>
#include <stdlib.h>

#include <glib.h>

#include "exec.h"
#include "internal.h"
#include "translate.h"

typedef struct PPCModelInfo {
    const char *name; /* as -cpu takes it, compared case-insensitively */
    PPCModel model;
} PPCModelInfo;

/* the names QEMU's pseries accepts for the models we have */
static const PPCModelInfo model_names[] = {
    {"power9", PPC_MODEL_POWER9},
    {"power9_v2.0", PPC_MODEL_POWER9},
    {"power8", PPC_MODEL_POWER8},
    {"power8_v2.0", PPC_MODEL_POWER8},
};

static const uint32_t model_pvr[] = {
    [PPC_MODEL_POWER8] = 0x004d0200,
    [PPC_MODEL_POWER9] = 0x004e1200,
};

const char *ppc_model_name_at(size_t i, PPCModel *model)
{
    if (i >= G_N_ELEMENTS(model_names)) {
        return NULL;
    }
    *model = model_names[i].model;
    return model_names[i].name;
}

bool ppc_model_by_name(const char *name, PPCModel *out)
{
    for (size_t i = 0; i < G_N_ELEMENTS(model_names); i++) {
        if (g_ascii_strcasecmp(name, model_names[i].name) == 0) {
            *out = model_names[i].model;
            return true;
        }
    }
    return false;
}

uint32_t ppc_model_pvr(PPCModel m)
{
    return model_pvr[m];
}

CPUPPCState *ppc_cpu_new(PPCModel model, uint8_t *ram, uint64_t ram_size)
{
    CPUPPCState *env = g_new0(CPUPPCState, 1);
    env->model = model;
    env->ram = ram;
    env->ram_size = ram_size;
    ppc_timebase_init(env);
    ppc_cpu_reset(env);
    return env;
}

void ppc_cpu_free(CPUPPCState *env)
{
    if (!env) {
        return;
    }
    /* the decrementer's thread kicks env through its accelerator state:
       it ends first */
    ppc_timebase_cleanup(env);
    accel_cpu_exit(env);
    g_free(env);
}

void ppc_cpu_reset(CPUPPCState *env)
{
    memset(env->gpr, 0, sizeof(env->gpr));
    memset(env->crf, 0, sizeof(env->crf));
    memset(env->spr, 0, sizeof(env->spr));
    memset(env->vsr, 0, sizeof(env->vsr));
    env->nip = 0x100; /* the system reset vector, until the machine says */
    env->lr = env->ctr = env->tar = 0;
    env->xer_so = env->xer_ov = env->xer_ca = 0;
    env->xer_ov32 = env->xer_ca32 = env->xer_rest = 0;
    env->msr = MSR_BIT(MSR_SF) | MSR_BIT(MSR_ME);
    env->reserve_addr = (uint64_t)-1;
    env->reserve_size = env->reserve_val = env->reserve_val2 = 0;
    env->fpscr = env->vscr = 0;
    env->spr[SPR_PVR] = ppc_model_pvr(env->model);
    env->spr[SPR_PIR] = env->cpu_index;
    env->spr[SPR_PPR] = PPR_DEFAULT;
    env->spr[SPR_CTRL_RD] = 1;
    env->exception_index = EXCP_NONE;
    env->error_code = 0;
    env->halted = false;
    env->checkstop = false;
    __atomic_store_n(&env->dbell_pending, false, __ATOMIC_RELAXED);
    memset(env->hash.slb, 0, sizeof(env->hash.slb));
    env->hash.tlb_keys = 0;
    ppc_store_dec(env, 0x7fffffff);
    ppc_set_pcr(env, 0); /* the model's own ISA level */
}

/* Book III 4.4.4 (mtmsrd) and 6.4.3 (rfid): the bits an LPAR writes */
void ppc_store_msr(CPUPPCState *env, uint64_t val)
{
    const uint64_t keep = MSR_BIT(MSR_HV) | MSR_BIT(MSR_S);
    val = (val & ~keep) | (env->msr & keep);
    if (val & MSR_BIT(MSR_PR)) {
        val |= MSR_BIT(MSR_EE) | MSR_BIT(MSR_IR) | MSR_BIT(MSR_DR);
    }
    env->msr = val;
}

uint64_t ppc_load_xer(const CPUPPCState *env)
{
    return env->xer_rest | env->xer_so << XER_SO_BIT |
           env->xer_ov << XER_OV_BIT | env->xer_ca << XER_CA_BIT |
           env->xer_ov32 << XER_OV32_BIT | env->xer_ca32 << XER_CA32_BIT;
}

void ppc_store_xer(CPUPPCState *env, uint64_t val)
{
    env->xer_so = (val >> XER_SO_BIT) & 1;
    env->xer_ov = (val >> XER_OV_BIT) & 1;
    env->xer_ca = (val >> XER_CA_BIT) & 1;
    env->xer_ov32 = (val >> XER_OV32_BIT) & 1;
    env->xer_ca32 = (val >> XER_CA32_BIT) & 1;
    env->xer_rest = val & XER_REST_MASK;
}

static int mmu_idx(const CPUPPCState *env, int translate_bit)
{
    int idx = (env->msr & MSR_BIT(MSR_PR)) ? MMU_IDX_USER : MMU_IDX_KERNEL;
    if (!(env->msr & MSR_BIT(translate_bit))) {
        idx |= MMU_IDX_REAL;
    }
    return idx;
}

int ppc_mmu_idx_data(CPUPPCState *env)
{
    return mmu_idx(env, MSR_DR);
}

int ppc_mmu_idx_fetch(CPUPPCState *env)
{
    return mmu_idx(env, MSR_IR);
}

/* MSR bit -> TB flag, for the bits that change how code is translated */
static const struct {
    uint8_t msr_bit;
    uint32_t flag;
} tb_flag_map[] = {
    {MSR_LE, PPC_TBF_LE}, {MSR_PR, PPC_TBF_PR},   {MSR_IR, PPC_TBF_IR},
    {MSR_DR, PPC_TBF_DR}, {MSR_FP, PPC_TBF_FP},   {MSR_VEC, PPC_TBF_VEC},
    {MSR_VSX, PPC_TBF_VSX}, {MSR_SF, PPC_TBF_SF}, {MSR_HV, PPC_TBF_HV},
    {MSR_SE, PPC_TBF_SE}, {MSR_BE, PPC_TBF_BE},
};

uint32_t ppc_tb_flags(CPUPPCState *env)
{
    uint32_t f = 0;
    for (size_t i = 0; i < G_N_ELEMENTS(tb_flag_map); i++) {
        if (env->msr & MSR_BIT(tb_flag_map[i].msr_bit)) {
            f |= tb_flag_map[i].flag;
        }
    }
    f |= (uint32_t)ppc_mmu_idx_data(env) << PPC_TBF_DMMU_SHIFT;
    f |= (uint32_t)ppc_mmu_idx_fetch(env) << PPC_TBF_IMMU_SHIFT;
    return f;
}

/* the -d cpu format: one block per TB executed, QEMU's layout */
void ppc_cpu_dump_state(CPUPPCState *env, void *file)
{
    FILE *f = file;
    uint32_t cr = 0;
    for (int i = 0; i < 8; i++) {
        cr = cr << 4 | (uint32_t)(env->crf[i] & 0xf);
    }
    fprintf(f,
            "NIP %016" PRIx64 "   LR %016" PRIx64 " CTR %016" PRIx64
            " XER %016" PRIx64 " CPU#%u\n",
            env->nip, env->lr, env->ctr, ppc_load_xer(env), env->cpu_index);
    fprintf(f, "MSR %016" PRIx64 " HF %08x iidx %d didx %d\n", env->msr,
            ppc_tb_flags(env), ppc_mmu_idx_fetch(env), ppc_mmu_idx_data(env));
    uint64_t tb = ppc_get_timebase(env);
    fprintf(f, "TB %08" PRIx32 " %08" PRIx32 " DECR %08" PRIx64 "\n",
            (uint32_t)(tb >> 32), (uint32_t)tb, ppc_load_dec(env));
    for (int i = 0; i < 32; i++) {
        if (i % 4 == 0) {
            fprintf(f, "GPR%02d", i);
        }
        fprintf(f, " %016" PRIx64, env->gpr[i]);
        if (i % 4 == 3) {
            fprintf(f, "\n");
        }
    }
    fprintf(f, "CR %08" PRIx32 "  [", cr);
    for (int i = 0; i < 8; i++) {
        uint64_t c = env->crf[i];
        fprintf(f, " %c%c", (c & 8) ? 'L' : (c & 4) ? 'G' : (c & 2) ? 'E' : '-',
                (c & 1) ? 'O' : ' ');
    }
    fprintf(f, " ]             RES %016" PRIx64 "\n", env->reserve_addr);
    fprintf(f,
            " SRR0 %016" PRIx64 "  SRR1 %016" PRIx64 "    PVR %016" PRIx64
            " VRSAVE %016" PRIx64 "\n",
            env->spr[SPR_SRR0], env->spr[SPR_SRR1], env->spr[SPR_PVR],
            env->spr[SPR_VRSAVE]);
    fprintf(f,
            "SPRG0 %016" PRIx64 " SPRG1 %016" PRIx64 "  SPRG2 %016" PRIx64
            "  SPRG3 %016" PRIx64 "\n",
            env->spr[SPR_SPRG0], env->spr[SPR_SPRG1], env->spr[SPR_SPRG2],
            env->spr[SPR_SPRG3]);
    fprintf(f,
            " DAR %016" PRIx64 " DSISR %016" PRIx64 "   LPCR %016" PRIx64
            "    TAR %016" PRIx64 "\n",
            env->spr[SPR_DAR], env->spr[SPR_DSISR], env->spr[SPR_LPCR],
            env->tar);
}
