/*
 * Unit tests of the POWER vCPU outside translated code: models, reset
 * state, TB flags and MMU indexes (target-ppc/cpu.c), interrupt delivery
 * (excp.c), real-mode translation (mmu.c), the timebase and decrementer
 * with its wake-up thread (timebase.c).
 * Expected values: Power ISA 3.0 Book III 6.5 (SRR0/SRR1, the MSR an
 * interrupt sets, LPCR[ILE] and LPCR[AIL] 2 -> +0x18000, 3 ->
 * +0xc000000000004000 when IR=DR=1, never for machine check), 5.7.3 (real
 * mode: EA bits 0:3 ignored), 6.5.3/6.5.4 (DSI: DAR = EA, DSISR bit 33 "no
 * translation", bit 38 store; ISI: SRR1 bit 33); the PVRs from IBM's
 * POWER8/POWER9 user manuals; the timebase rate (512 MHz) from the host's
 * own monotonic clock.
 */
#include <glib.h>

#include "target-ppc/internal.h"
#include "target-ppc/translate.h"

#define RAM_SIZE (16u << 20)

static uint8_t *ram;

static CPUPPCState *new_cpu(void)
{
    if (!ram) {
        ram = g_malloc0(RAM_SIZE);
    }
    return ppc_cpu_new(PPC_MODEL_POWER9, ram, RAM_SIZE);
}

static void test_models(void)
{
    PPCModel m;
    g_assert_true(ppc_model_by_name("POWER9", &m));
    g_assert_cmpint(m, ==, PPC_MODEL_POWER9);
    g_assert_true(ppc_model_by_name("power9", &m));
    g_assert_true(ppc_model_by_name("Power8", &m));
    g_assert_cmpint(m, ==, PPC_MODEL_POWER8);
    g_assert_false(ppc_model_by_name("host", &m));
    g_assert_false(ppc_model_by_name("power10", &m));
    g_assert_false(ppc_model_by_name("", &m));
    g_assert_cmphex(ppc_model_pvr(PPC_MODEL_POWER9), ==, 0x004e1200);
    g_assert_cmphex(ppc_model_pvr(PPC_MODEL_POWER8), ==, 0x004d0200);
}

static void test_reset(void)
{
    CPUPPCState *env = new_cpu();
    g_assert_cmphex(env->msr, ==, MSR_BIT(MSR_SF) | MSR_BIT(MSR_ME));
    g_assert_cmphex(env->reserve_addr, ==, ~0ull);
    g_assert_cmphex(env->spr[SPR_PVR], ==, 0x004e1200);
    g_assert_cmpint(env->exception_index, ==, EXCP_NONE);
    ppc_cpu_free(env);
}

static void test_tb_flags(void)
{
    CPUPPCState *env = new_cpu();
    g_assert_cmpint(ppc_mmu_idx_data(env), ==, MMU_IDX_REAL);
    g_assert_cmpint(ppc_mmu_idx_fetch(env), ==, MMU_IDX_REAL);
    env->msr = MSR_BIT(MSR_SF) | MSR_BIT(MSR_PR) | MSR_BIT(MSR_DR) |
               MSR_BIT(MSR_LE);
    g_assert_cmpint(ppc_mmu_idx_data(env), ==, MMU_IDX_USER);
    g_assert_cmpint(ppc_mmu_idx_fetch(env), ==, MMU_IDX_REAL_USER);
    uint32_t f = ppc_tb_flags(env);
    g_assert_true(f & PPC_TBF_LE);
    g_assert_true(f & PPC_TBF_PR);
    g_assert_true(f & PPC_TBF_SF);
    g_assert_true(f & PPC_TBF_DR);
    g_assert_false(f & PPC_TBF_IR);
    g_assert_false(f & PPC_TBF_HV);
    g_assert_false(f & (PPC_TBF_SE | PPC_TBF_BE));
    g_assert_cmpint((f >> PPC_TBF_DMMU_SHIFT) & 3, ==, MMU_IDX_USER);
    g_assert_cmpint((f >> PPC_TBF_IMMU_SHIFT) & 3, ==, MMU_IDX_REAL_USER);
    /* trace: single step and branch trace change translation */
    env->msr |= MSR_BIT(MSR_SE);
    g_assert_true(ppc_tb_flags(env) & PPC_TBF_SE);
    env->msr ^= MSR_BIT(MSR_SE) | MSR_BIT(MSR_BE);
    f = ppc_tb_flags(env);
    g_assert_true((f & PPC_TBF_BE) && !(f & PPC_TBF_SE));
    ppc_cpu_free(env);
}

#define M(b) MSR_BIT(MSR_##b)
#define LPCR_AIL(n) ((uint64_t)(n) << (63 - 40))
#define ILE (1ull << (63 - 38))

static void raise_now(CPUPPCState *env, int excp, uint64_t code)
{
    env->exception_index = excp;
    env->error_code = code;
    ppc_cpu_do_interrupt(env);
    g_assert_cmpint(env->exception_index, ==, EXCP_NONE);
}

static void test_program_interrupt(void)
{
    CPUPPCState *env = new_cpu();
    uint64_t msr = M(SF) | M(EE) | M(PR) | M(FP) | M(ME) | M(IR) | M(DR) |
                   M(RI) | M(VEC) | M(VSX);
    env->msr = msr;
    env->nip = 0x12340;
    env->reserve_addr = 0x1000;
    raise_now(env, EXCP_PROGRAM, SRR1_PROG_ILLEGAL);
    g_assert_cmphex(env->nip, ==, 0x700);
    g_assert_cmphex(env->spr[SPR_SRR0], ==, 0x12340);
    g_assert_cmphex(env->spr[SPR_SRR1], ==, msr | (1ull << (63 - 44)));
    g_assert_cmphex(env->msr, ==, M(SF) | M(ME));
    g_assert_cmphex(env->reserve_addr, ==, ~0ull);
    ppc_cpu_free(env);
}

/* a partition's machine check: 0x200, SRR0 = the access, IR/DR/EE off and
   ME kept (the hypervisor reports it; an LPAR could not set ME again);
   with ME = 0 a checkstop: no delivery, the vCPU stops for good */
static void test_machine_check(void)
{
    CPUPPCState *env = new_cpu();
    uint64_t msr = M(SF) | M(EE) | M(ME) | M(IR) | M(DR) | M(RI);

    env->msr = msr;
    env->nip = 0x5000;
    raise_now(env, EXCP_MCHECK, 0);
    g_assert_cmphex(env->nip, ==, 0x200);
    g_assert_cmphex(env->spr[SPR_SRR0], ==, 0x5000);
    g_assert_cmphex(env->spr[SPR_SRR1], ==, msr);
    g_assert_cmphex(env->msr, ==, M(SF) | M(ME));
    g_assert_false(env->checkstop);
    /* a second one is delivered the same way */
    env->nip = 0x5004;
    raise_now(env, EXCP_MCHECK, 0);
    g_assert_cmphex(env->nip, ==, 0x200);
    g_assert_cmphex(env->spr[SPR_SRR0], ==, 0x5004);
    g_assert_false(env->checkstop);

    env->msr = M(SF) | M(EE);
    env->nip = 0x6000;
    raise_now(env, EXCP_MCHECK, 0);
    g_assert_true(env->checkstop);
    g_assert_true(env->halted);
    g_assert_cmphex(env->nip, ==, 0x6000);
    g_assert_false(ppc_cpu_has_work(env));
    ppc_cpu_reset(env);
    g_assert_false(env->checkstop);
    ppc_cpu_free(env);
}

static void test_ail_and_ile(void)
{
    CPUPPCState *env = new_cpu();
    const uint64_t on = M(SF) | M(ME) | M(IR) | M(DR) | M(EE);

    env->spr[SPR_LPCR] = ILE | LPCR_AIL(3);
    env->msr = on;
    env->nip = 0x100;
    raise_now(env, EXCP_PROGRAM, SRR1_PROG_TRAP);
    g_assert_cmphex(env->nip, ==, 0xc000000000004700ull);
    g_assert_cmphex(env->msr, ==, M(SF) | M(ME) | M(IR) | M(DR) | M(LE));

    env->spr[SPR_LPCR] = LPCR_AIL(2);
    env->msr = on;
    raise_now(env, EXCP_DECR, 0);
    g_assert_cmphex(env->nip, ==, 0x18900);
    g_assert_cmphex(env->msr, ==, M(SF) | M(ME) | M(IR) | M(DR));

    /* AIL needs both IR and DR */
    env->spr[SPR_LPCR] = LPCR_AIL(3);
    env->msr = M(SF) | M(ME) | M(IR);
    raise_now(env, EXCP_PROGRAM, SRR1_PROG_TRAP);
    g_assert_cmphex(env->nip, ==, 0x700);
    g_assert_cmphex(env->msr, ==, M(SF) | M(ME));

    /* machine check: never relocated (ME kept: test_machine_check) */
    env->msr = on;
    env->nip = 0x5000;
    raise_now(env, EXCP_MCHECK, 0);
    g_assert_cmphex(env->nip, ==, 0x200);
    g_assert_cmphex(env->msr, ==, M(SF) | M(ME));
    g_assert_cmphex(env->spr[SPR_SRR0], ==, 0x5000);
    ppc_cpu_free(env);
}

static void test_syscall(void)
{
    CPUPPCState *env = new_cpu();
    env->msr = M(SF) | M(ME) | M(PR) | M(EE) | M(IR) | M(DR);
    env->nip = 0x10000;
    raise_now(env, EXCP_SYSCALL, 0);
    g_assert_cmphex(env->spr[SPR_SRR0], ==, 0x10004);
    g_assert_cmphex(env->spr[SPR_SRR1], ==,
                    M(SF) | M(ME) | M(PR) | M(EE) | M(IR) | M(DR));
    g_assert_cmphex(env->nip, ==, 0xc00);
    ppc_cpu_free(env);
}

static bool fake_irq;

static bool fake_irq_pending(void *opaque, CPUPPCState *env)
{
    return fake_irq;
}

static const PPCHypervisorOps fake_vhyp = {.irq_pending = fake_irq_pending};

/* System Call Vectored (Book III 6.5.18): vectors 0x17000 + LEV*0x20, or
   0xc000000000003000 + LEV*0x20 with AIL=3 (where Linux's scv entry code
   sits); LR = the next instruction, CTR = the MSR; EE, RI and ME kept */
static void test_scv(void)
{
    CPUPPCState *env = new_cpu();
    const uint64_t user = M(SF) | M(ME) | M(IR) | M(DR) | M(EE) | M(RI) |
                          M(PR) | M(LE) | M(FP);

    env->spr[SPR_LPCR] = ILE | LPCR_AIL(3);
    env->msr = user;
    env->nip = 0x10001000;
    raise_now(env, EXCP_SCV, 5);
    g_assert_cmphex(env->nip, ==, 0xc000000000003000ull + 5 * 0x20);
    g_assert_cmphex(env->lr, ==, 0x10001004);
    g_assert_cmphex(env->ctr, ==, user);
    g_assert_cmphex(env->msr, ==, M(SF) | M(ME) | M(IR) | M(DR) | M(EE) |
                                      M(RI) | M(LE));
    /* SRR0/SRR1 are not touched */
    g_assert_cmphex(env->spr[SPR_SRR0], ==, 0);

    /* without AIL: the real-mode vector, relocation off */
    env->spr[SPR_LPCR] = 0;
    env->msr = user & ~M(EE);
    env->nip = 0x2000;
    raise_now(env, EXCP_SCV, 0);
    g_assert_cmphex(env->nip, ==, 0x17000);
    g_assert_cmphex(env->lr, ==, 0x2004);
    g_assert_cmphex(env->msr, ==, M(SF) | M(ME) | M(RI));
    ppc_cpu_free(env);
}

static void test_async(void)
{
    CPUPPCState *env = new_cpu();
    env->vhyp = &fake_vhyp;
    env->msr = M(SF) | M(ME);
    env->nip = 0x3000;
    ppc_store_dec(env, 0x7fffffff);
    fake_irq = false;
    g_assert_false(ppc_cpu_exec_interrupt(env));
    g_assert_false(ppc_cpu_has_work(env));

    ppc_store_dec(env, 0xfffffff0u); /* negative: a DEC exception exists */
    g_assert_true(ppc_dec_pending(env));
    g_assert_false(ppc_cpu_exec_interrupt(env)); /* EE=0 */
    fake_irq = true;
    g_assert_false(ppc_cpu_exec_interrupt(env));

    env->msr |= M(EE);
    g_assert_true(ppc_cpu_has_work(env));
    g_assert_true(ppc_cpu_exec_interrupt(env)); /* external first */
    g_assert_cmphex(env->nip, ==, 0x500);
    g_assert_cmphex(env->spr[SPR_SRR0], ==, 0x3000);
    g_assert_true(env->spr[SPR_SRR1] & M(EE));

    fake_irq = false;
    env->msr |= M(EE);
    env->nip = 0x3100;
    g_assert_true(ppc_cpu_exec_interrupt(env));
    g_assert_cmphex(env->nip, ==, 0x900);
    g_assert_cmphex(env->spr[SPR_SRR0], ==, 0x3100);
    ppc_cpu_free(env);
}

static void test_mmu_real_mode(void)
{
    CPUPPCState *env = new_cpu();
    uint64_t ra;
    int prot;

    g_assert_true(ppc_mmu_translate(env, 0xc000000000001234ull, 0,
                                    MMU_IDX_REAL, &ra, &prot, false, 0));
    g_assert_cmphex(ra, ==, 0x1234);
    g_assert_true(ppc_mmu_translate(env, RAM_SIZE - 1, 2, MMU_IDX_REAL, &ra,
                                    &prot, false, 0));
    g_assert_false(ppc_mmu_translate(env, RAM_SIZE, 1, MMU_IDX_REAL, &ra,
                                     &prot, false, 0));
    g_assert_false(ppc_mmu_translate(env, 0x1000, 0, MMU_IDX_KERNEL, &ra,
                                     &prot, false, 0));

    /* translation on, hash mode (LPCR[HR]=0) with an empty SLB: a data
       segment interrupt (Book III 6.5.4: DAR = EA; the store bit) */
    if (sigsetjmp(env->jmp_env, 0) == 0) {
        ppc_mmu_translate(env, 0x2008, 1, MMU_IDX_KERNEL, &ra, &prot, true,
                          0);
        g_assert_not_reached();
    }
    g_assert_cmpint(env->exception_index, ==, EXCP_DSEG);
    g_assert_cmphex(env->spr[SPR_DAR], ==, 0x2008);
    g_assert_cmphex(env->spr[SPR_DSISR], ==, 1ull << (63 - 38));

    /* an instruction segment interrupt for a fetch */
    if (sigsetjmp(env->jmp_env, 0) == 0) {
        ppc_mmu_translate(env, 0x3000, 2, MMU_IDX_USER, &ra, &prot, true, 0);
        g_assert_not_reached();
    }
    g_assert_cmpint(env->exception_index, ==, EXCP_ISEG);

    /* beyond RAM: machine check */
    if (sigsetjmp(env->jmp_env, 0) == 0) {
        ppc_mmu_translate(env, RAM_SIZE + 8, 0, MMU_IDX_REAL, &ra, &prot,
                          true, 0);
        g_assert_not_reached();
    }
    g_assert_cmpint(env->exception_index, ==, EXCP_MCHECK);
    ppc_cpu_free(env);
}

static void test_timebase_rate(void)
{
    CPUPPCState *env = new_cpu();
    gint64 t0 = g_get_monotonic_time();
    uint64_t tb0 = ppc_get_timebase(env);
    g_usleep(100000);
    uint64_t tb1 = ppc_get_timebase(env);
    gint64 t1 = g_get_monotonic_time();
    double rate = (double)(tb1 - tb0) / (double)(t1 - t0); /* ticks/us */
    g_assert_cmpfloat(rate, >, 512 * 0.95);
    g_assert_cmpfloat(rate, <, 512 * 1.05);

    env->tb_offset = 1000000000;
    g_assert_cmpuint(ppc_get_timebase(env), >=, tb1 + 1000000000);
    ppc_cpu_free(env);
}

static void test_decrementer(void)
{
    CPUPPCState *env = new_cpu();

    /* reads are 32 bits, zero-extended, and count down */
    ppc_store_dec(env, 0xfffffffff0000000ull);
    uint64_t d = ppc_load_dec(env);
    g_assert_cmphex(d, <=, 0xf0000000ull);
    g_assert_cmphex(d, >, 0xe0000000ull);
    g_assert_true(ppc_dec_pending(env));

    /* 1 ms ahead: not pending now, pending and signalled after it */
    env->exit_request = 0;
    ppc_store_dec(env, 512000);
    g_assert_false(ppc_dec_pending(env));
    g_assert_cmpint(env->exit_request, ==, 0);
    gint64 deadline = g_get_monotonic_time() + 2000000;
    while (!__atomic_load_n(&env->exit_request, __ATOMIC_SEQ_CST) &&
           g_get_monotonic_time() < deadline) {
        g_usleep(200);
    }
    g_assert_true(env->exit_request & 1);
    g_assert_true(ppc_dec_pending(env));

    /* a negative value written: the exception exists at once, and the
       vCPU is kicked without waiting for any crossing */
    ppc_store_dec(env, 0x7fffffff);
    __atomic_store_n(&env->exit_request, 0, __ATOMIC_SEQ_CST);
    ppc_store_dec(env, 0xffffff00u);
    deadline = g_get_monotonic_time() + 2000000;
    while (!__atomic_load_n(&env->exit_request, __ATOMIC_SEQ_CST) &&
           g_get_monotonic_time() < deadline) {
        g_usleep(200);
    }
    g_assert_true(env->exit_request & 1);
    ppc_cpu_free(env);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/ppc-cpu/models", test_models);
    g_test_add_func("/ppc-cpu/reset", test_reset);
    g_test_add_func("/ppc-cpu/tb-flags", test_tb_flags);
    g_test_add_func("/ppc-cpu/excp/program", test_program_interrupt);
    g_test_add_func("/ppc-cpu/excp/machine-check", test_machine_check);
    g_test_add_func("/ppc-cpu/excp/ail-ile", test_ail_and_ile);
    g_test_add_func("/ppc-cpu/excp/syscall", test_syscall);
    g_test_add_func("/ppc-cpu/excp/scv", test_scv);
    g_test_add_func("/ppc-cpu/excp/async", test_async);
    g_test_add_func("/ppc-cpu/mmu/real-mode", test_mmu_real_mode);
    g_test_add_func("/ppc-cpu/timebase/rate", test_timebase_rate);
    g_test_add_func("/ppc-cpu/timebase/decrementer", test_decrementer);
    int rc = g_test_run();
    g_free(ram);
    return rc;
}
