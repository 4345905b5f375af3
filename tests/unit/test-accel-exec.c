/*
 * The exec loop (accel/tcg/cpu-exec.c) driven by scripted TBs.
 *
 * tcg_exec_tb is replaced by sim_exec, which behaves as the frame of
 * accel/tcg/translator.c says generated code behaves: on entry to every TB
 * (chained or not) it checks exit_request and leaves with tb | 3; a TB's
 * body is a C script; a direct exit through slot n follows tb->jmp_dest[n]
 * when linked (without storing nip), else stores nip and returns tb | n.
 * The fetch MMU is the identity (real mode), so a TB for pc has
 * phys_pc == pc, and its flags are ppc_tb_flags() of the stub (the MSR).
 */
#include "accel-test-stubs.h"

#include <inttypes.h>
#include <stdio.h>
#include <unistd.h>

#include "log.h"

/* a script runs one TB: it returns the slot it leaves by (0, 1) and the
   destination, or -1 for exit_tb(0) (it set nip itself) */
typedef int (*Script)(CPUPPCState *env, TranslationBlock *tb,
                      uint64_t *dest);

enum { MAX_SIM_TBS = 8 };
static struct {
    TranslationBlock *tb;
    Script body;
    unsigned runs;
} sim[MAX_SIM_TBS];
static int nb_sim;
static unsigned sim_exec_calls;

static CPUPPCState *env;

static unsigned sim_index(TranslationBlock *tb)
{
    for (int i = 0; i < nb_sim; i++) {
        if (sim[i].tb == tb) {
            return (unsigned)i;
        }
    }
    g_error("test: executing an unknown TB");
    return 0;
}

static uintptr_t sim_exec(CPUPPCState *e, const uint8_t *code)
{
    TranslationBlock *tb = NULL;

    sim_exec_calls++;
    for (int i = 0; i < nb_sim; i++) {
        if (sim[i].tb->tc_ptr == code) {
            tb = sim[i].tb;
        }
    }
    g_assert(tb != NULL);
    for (;;) {
        unsigned i = sim_index(tb);
        uint64_t dest = 0;
        int n;

        g_assert(!tb->invalid);
        if (e->exit_request) {
            return (uintptr_t)tb | TB_EXIT_REQUESTED;
        }
        sim[i].runs++;
        n = sim[i].body(e, tb, &dest);
        if (n < 0) {
            return 0;
        }
        if (tb->jmp_dest[n]) {
            tb = tb->jmp_dest[n];
            continue;
        }
        e->nip = dest;
        return (uintptr_t)tb | (uintptr_t)n;
    }
}

static TranslationBlock *sim_tb(uint64_t pc, Script body)
{
    g_assert(nb_sim < MAX_SIM_TBS);
    sim[nb_sim].tb = fake_tb(pc, pc, ppc_tb_flags(env), 1);
    sim[nb_sim].body = body;
    sim[nb_sim].runs = 0;
    return sim[nb_sim++].tb;
}

static unsigned runs(TranslationBlock *tb) { return sim[sim_index(tb)].runs; }

/* the interrupt stub's hook for this test: what was delivered */
static int delivered_excp;

static void setup(void)
{
    env = test_cpu_new();
    stub_map_reset();
    nb_sim = 0;
    sim_exec_calls = 0;
    stub_interrupts_delivered = 0;
    delivered_excp = EXCP_NONE;
    env->nip = 0x1000;
}

static void teardown(void)
{
    test_cpu_free(env);
    env = NULL;
    tb_flush();
}

/* ------------------------------------------------------------ chaining */

static int a_to_b(CPUPPCState *e, TranslationBlock *tb, uint64_t *dest)
{
    if (runs(tb) == 3) {
        cpu_exit(e); /* seen at the entry of the next TB */
    }
    *dest = 0x1010;
    return 0;
}

static int b_to_a(CPUPPCState *e, TranslationBlock *tb, uint64_t *dest)
{
    *dest = 0x1000;
    return 1;
}

/* exits link TBs; once linked the loop is bypassed; an exit request stops
   the chain at the next TB's entry with nip = that TB's pc */
static void test_chain(void)
{
    TranslationBlock *a, *b;

    setup();
    a = sim_tb(0x1000, a_to_b);
    b = sim_tb(0x1010, b_to_a);
    g_assert_cmpint(cpu_exec(env), ==, EXCP_INTERRUPT);
    g_assert(a->jmp_dest[0] == b);
    g_assert(b->jmp_dest[1] == a);
    /* A, B from the loop; then A, B, A chained in one run */
    g_assert_cmpuint(sim_exec_calls, ==, 3);
    g_assert_cmpuint(runs(a), ==, 3);
    g_assert_cmpuint(runs(b), ==, 2);
    /* B's body did not run after the request: nip names B, though the
       chained path never stored it */
    g_assert_cmphex(env->nip, ==, 0x1010);
    g_assert_cmpint(env->exit_request, ==, 0);
    teardown();
}

static int to_other_page(CPUPPCState *e, TranslationBlock *tb,
                         uint64_t *dest)
{
    if (runs(tb) == 2) {
        cpu_exit(e);
    }
    *dest = tb->pc == 0x1000 ? 0x2000 : 0x1000;
    return 0;
}

/* TBs of different pages are never linked */
static void test_no_chain_across_pages(void)
{
    TranslationBlock *a, *b;

    setup();
    a = sim_tb(0x1000, to_other_page);
    b = sim_tb(0x2000, to_other_page);
    g_assert_cmpint(cpu_exec(env), ==, EXCP_INTERRUPT);
    g_assert(a->jmp_dest[0] == NULL && b->jmp_dest[0] == NULL);
    g_assert_cmpuint(sim_exec_calls, ==, 3);
    teardown();
}

/* ------------------------------------------------------------ exits */

static void test_exit_before_start(void)
{
    setup();
    sim_tb(0x1000, a_to_b);
    cpu_exit(env);
    g_assert_cmpint(cpu_exec(env), ==, EXCP_INTERRUPT);
    g_assert_cmpuint(sim_exec_calls, ==, 0);
    g_assert_cmpint(env->exit_request, ==, 0);
    teardown();
}

static unsigned hcalls;

static void sim_hcall(void *opaque, CPUPPCState *e)
{
    g_assert(opaque == &hcalls);
    hcalls++;
    e->gpr[3] = 0;
    e->halted = true; /* like H_CEDE */
}

static const PPCHypervisorOps sim_vhyp = {.hcall = sim_hcall};

static int do_hcall(CPUPPCState *e, TranslationBlock *tb, uint64_t *dest)
{
    e->nip = tb->pc + 4;
    e->exception_index = EXCP_HCALL;
    cpu_loop_exit(e);
}

/* sc 1 goes to the hypervisor ops; a halted vCPU without work returns */
static void test_hcall_then_halt(void)
{
    setup();
    env->vhyp = &sim_vhyp;
    env->vhyp_opaque = &hcalls;
    hcalls = 0;
    sim_tb(0x1000, do_hcall);
    g_assert_cmpint(cpu_exec(env), ==, EXCP_HALTED);
    g_assert_cmpuint(hcalls, ==, 1);
    g_assert_cmphex(env->nip, ==, 0x1004);
    g_assert_cmpint(env->exception_index, ==, EXCP_NONE);
    /* still nothing to do */
    g_assert_cmpint(cpu_exec(env), ==, EXCP_HALTED);
    g_assert_cmpuint(sim_exec_calls, ==, 1);
    teardown();
}

static int do_trap(CPUPPCState *e, TranslationBlock *tb, uint64_t *dest)
{
    e->nip = tb->pc;
    ppc_raise_exception(e, EXCP_PROGRAM, SRR1_PROG_TRAP, 0);
}

static void record_and_halt(CPUPPCState *e)
{
    delivered_excp = e->exception_index;
    e->halted = true;
}

/* an architected exception is delivered by ppc_cpu_do_interrupt */
static void test_exception(void)
{
    setup();
    stub_interrupt_hook = record_and_halt;
    sim_tb(0x1000, do_trap);
    g_assert_cmpint(cpu_exec(env), ==, EXCP_HALTED);
    g_assert_cmpuint(stub_interrupts_delivered, ==, 1);
    g_assert_cmpint(delivered_excp, ==, EXCP_PROGRAM);
    g_assert_cmphex(env->error_code, ==, SRR1_PROG_TRAP);
    g_assert_cmpint(env->exception_index, ==, EXCP_NONE);
    stub_interrupt_hook = NULL;
    teardown();
}

/* a fetch that does not translate: ISI with nip = the address */
static void test_isi_on_lookup(void)
{
    setup();
    stub_interrupt_hook = record_and_halt;
    env->msr |= MSR_BIT(MSR_IR);
    env->nip = 0x40000000ull;
    g_assert_cmpint(cpu_exec(env), ==, EXCP_HALTED);
    g_assert_cmpint(delivered_excp, ==, EXCP_ISI);
    g_assert_cmphex(env->nip, ==, 0x40000000ull);
    g_assert_cmpuint(sim_exec_calls, ==, 0);
    stub_interrupt_hook = NULL;
    teardown();
}

/* ------------------------------------------------------------ goto_ptr */

static int never(CPUPPCState *e, TranslationBlock *tb, uint64_t *dest)
{
    g_error("test: not run");
    return -1;
}

/* helper_lookup_tb_ptr: host code of a cached TB, else the epilogue; it
   never translates, and fills the fetch TLB as the exec loop would */
static void test_lookup_tb_ptr(void)
{
    TranslationBlock *a;
    uint32_t saved = log_mask;

    setup();
    a = sim_tb(0x1000, never);
    /* not in the fetch TLB yet: one walk, found through the hash, then
       cached */
    env->nip = 0x1000;
    g_assert(helper_lookup_tb_ptr(env) == (uintptr_t)a->tc_ptr);
    g_assert_cmpuint(stub_mmu_calls[2], ==, 1);
    g_assert(accel_cpu(env)->jc[tb_jc_hash(0x1000)] == a);
    /* now from the jump cache: no walk */
    g_assert(helper_lookup_tb_ptr(env) == (uintptr_t)a->tc_ptr);
    g_assert_cmpuint(stub_mmu_calls[2], ==, 1);
    /* a TLB flush empties the jump cache: one walk, the same TB */
    tlb_flush(env);
    g_assert(accel_cpu(env)->jc[tb_jc_hash(0x1000)] == NULL);
    g_assert(helper_lookup_tb_ptr(env) == (uintptr_t)a->tc_ptr);
    g_assert_cmpuint(stub_mmu_calls[2], ==, 2);
    g_assert(accel_cpu(env)->jc[tb_jc_hash(0x1000)] == a);
    /* other flags: another TB, not there */
    env->msr ^= MSR_BIT(MSR_PR);
    g_assert(helper_lookup_tb_ptr(env) == (uintptr_t)tcg_code_gen_epilogue);
    env->msr ^= MSR_BIT(MSR_PR);
    /* not translated */
    env->nip = 0x1100;
    g_assert(helper_lookup_tb_ptr(env) == (uintptr_t)tcg_code_gen_epilogue);
    /* -d nochain */
    env->nip = 0x1000;
    log_mask |= LOG_NOCHAIN;
    g_assert(helper_lookup_tb_ptr(env) == (uintptr_t)tcg_code_gen_epilogue);
    log_mask = saved;
    teardown();
}

/* ------------------------------------------------------------ flush */

static uint64_t flushes_before;

static int flush_inside(CPUPPCState *e, TranslationBlock *tb, uint64_t *dest)
{
    tb_flush();
    /* deferred: this TB is still alive */
    g_assert(tb_flush_is_pending());
    g_assert_cmpuint(tb_flush_count(), ==, flushes_before);
    g_assert(tb_htable_lookup(tb->phys_pc, tb->pc, tb->flags) == tb);
    e->halted = true;
    *dest = tb->pc;
    return 0;
}

/* tb_flush from inside a TB waits for the loop, and its kick does not end
   cpu_exec */
static void test_deferred_flush(void)
{
    setup();
    flushes_before = tb_flush_count();
    sim_tb(0x1000, flush_inside);
    g_assert_cmpint(cpu_exec(env), ==, EXCP_HALTED);
    g_assert_cmpuint(sim_exec_calls, ==, 1);
    g_assert(!tb_flush_is_pending());
    g_assert_cmpuint(tb_flush_count(), ==, flushes_before + 1);
    g_assert(tb_htable_lookup(0x1000, 0x1000, ppc_tb_flags(env)) == NULL);
    g_assert_cmpint(env->exit_request, ==, 0);
    nb_sim = 0;
    teardown();
}

/* ------------------------------------------------------------ -d exec */

static int stop(CPUPPCState *e, TranslationBlock *tb, uint64_t *dest)
{
    cpu_exit(e);
    *dest = tb->pc;
    return 0;
}

static void test_log_exec(void)
{
    char *path = g_build_filename(g_get_tmp_dir(), "accel-exec-log-XXXXXX",
                                  NULL);
    int fd = g_mkstemp(path);
    char *err = NULL, *text = NULL, *want;
    TranslationBlock *a;
    uint32_t saved = log_mask;

    g_assert(fd >= 0);
    close(fd);
    g_assert(log_set_file(path, &err));
    setup();
    a = sim_tb(0x1000, stop);
    log_mask = LOG_EXEC;
    g_assert_cmpint(cpu_exec(env), ==, EXCP_INTERRUPT);
    log_mask = saved;
    log_flush();
    g_assert(g_file_get_contents(path, &text, NULL, NULL));
    want = g_strdup_printf("Trace 0x%" PRIxPTR " [%016" PRIx64 "] %08" PRIx32
                           "\n",
                           (uintptr_t)a->tc_ptr, (uint64_t)0x1000, a->flags);
    g_assert_cmpstr(text, ==, want);
    teardown();
    unlink(path);
    g_free(want);
    g_free(text);
    g_free(path);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    accel_init(1 << 20, false);
    tcg_exec_tb = sim_exec;
    g_test_add_func("/accel/exec/chain", test_chain);
    g_test_add_func("/accel/exec/no-chain-across-pages",
                    test_no_chain_across_pages);
    g_test_add_func("/accel/exec/exit-before-start", test_exit_before_start);
    g_test_add_func("/accel/exec/hcall-then-halt", test_hcall_then_halt);
    g_test_add_func("/accel/exec/exception", test_exception);
    g_test_add_func("/accel/exec/isi-on-lookup", test_isi_on_lookup);
    g_test_add_func("/accel/exec/lookup-tb-ptr", test_lookup_tb_ptr);
    g_test_add_func("/accel/exec/deferred-flush", test_deferred_flush);
    g_test_add_func("/accel/exec/log-exec", test_log_exec);
    return g_test_run();
}
