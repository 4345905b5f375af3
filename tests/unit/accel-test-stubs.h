/*
 * Stand-ins for the CPU and the backends, for the accel/tcg unit tests
 * (test-accel-*.c; each includes this once).
 *
 * Every stub is weak: the linker takes it only when no object of
 * libpowerjit.a is pulled in that defines the real one.  The stubs a test
 * depends on count their calls (stub_mmu_calls, stub_exec_calls...), and
 * the tests assert those counts, so a real implementation sneaking in
 * fails loudly instead of testing something else.
 *
 * The MMU stub translates through stub_map: EA page -> real page for
 * pages with translation on (MMU_IDX_KERNEL/USER), the identity in real
 * mode.  A page missing from the map faults with a DSI/ISI, raised like
 * the real ppc_raise_exception does: exception_index, then a longjmp to
 * env->jmp_env.
 */
#ifndef ACCEL_TEST_STUBS_H
#define ACCEL_TEST_STUBS_H

#include <setjmp.h>
#include <string.h>

#include <glib.h>

#include "accel/tcg/internal.h"
#include "exec.h"
#include "target-ppc/translate.h"

#define WEAK __attribute__((weak))

enum { STUB_MAP_PAGES = 64 };

/* stub_map[i] = {ea page, real page}; ea_page == UINT64_MAX ends it */
static struct {
    uint64_t ea_page, pa_page;
} stub_map[STUB_MAP_PAGES];
static int stub_map_len;
static unsigned stub_mmu_calls[3]; /* per access kind */

static G_GNUC_UNUSED void stub_map_reset(void)
{
    stub_map_len = 0;
    memset(stub_mmu_calls, 0, sizeof(stub_mmu_calls));
}

static G_GNUC_UNUSED void stub_map_set(uint64_t ea, uint64_t pa)
{
    for (int i = 0; i < stub_map_len; i++) {
        if (stub_map[i].ea_page == (ea & TARGET_PAGE_MASK)) {
            stub_map[i].pa_page = pa & TARGET_PAGE_MASK;
            return;
        }
    }
    g_assert(stub_map_len < STUB_MAP_PAGES);
    stub_map[stub_map_len].ea_page = ea & TARGET_PAGE_MASK;
    stub_map[stub_map_len].pa_page = pa & TARGET_PAGE_MASK;
    stub_map_len++;
}

WEAK _Noreturn void ppc_raise_exception(CPUPPCState *env, int excp,
                                        uint64_t error_code, uintptr_t ra)
{
    if (ra) {
        cpu_restore_state(env, ra);
    }
    env->exception_index = excp;
    env->error_code = error_code;
    siglongjmp(env->jmp_env, 1);
}

WEAK bool ppc_mmu_translate(CPUPPCState *env, uint64_t ea, int access,
                            int mmu_idx, uint64_t *ra_out, int *prot_out,
                            bool may_raise, uintptr_t ra)
{
    stub_mmu_calls[access]++;
    *prot_out = 7;
    if (mmu_idx & MMU_IDX_REAL) {
        *ra_out = ea;
        return true;
    }
    for (int i = 0; i < stub_map_len; i++) {
        if (stub_map[i].ea_page == (ea & TARGET_PAGE_MASK)) {
            *ra_out = stub_map[i].pa_page | (ea & ~TARGET_PAGE_MASK);
            return true;
        }
    }
    if (may_raise) {
        ppc_raise_exception(env, access == 2 ? EXCP_ISI : EXCP_DSI, 0, ra);
    }
    return false;
}

/* MSR[IR] off: real mode; MSR[PR] adds the user bit */
WEAK int ppc_mmu_idx_fetch(CPUPPCState *env)
{
    return ((env->msr & MSR_BIT(MSR_PR)) ? MMU_IDX_USER : 0) |
           ((env->msr & MSR_BIT(MSR_IR)) ? 0 : MMU_IDX_REAL);
}

WEAK int ppc_mmu_idx_data(CPUPPCState *env)
{
    return ((env->msr & MSR_BIT(MSR_PR)) ? MMU_IDX_USER : 0) |
           ((env->msr & MSR_BIT(MSR_DR)) ? 0 : MMU_IDX_REAL);
}

WEAK uint32_t ppc_tb_flags(CPUPPCState *env) { return (uint32_t)env->msr; }
/* the target's full flush (target-ppc/mmu.c, which would bring the real
   MMU with it): the stub MMU caches nothing beyond the softmmu TLB */
WEAK void cpu_tlb_flush_all(CPUPPCState *env) { tlb_flush(env); }

WEAK PPCGlobals ppc_g;
WEAK void ppc_translate_init(TCGContext *s) {}
WEAK void ppc_translate_block(TCGContext *s, CPUPPCState *env,
                              TranslationBlock *tb, int max_insns)
{
    g_error("test: no translation expected");
}

static unsigned stub_interrupts_delivered;
static void (*stub_interrupt_hook)(CPUPPCState *env); /* sees the index */
WEAK void ppc_cpu_do_interrupt(CPUPPCState *env)
{
    stub_interrupts_delivered++;
    if (stub_interrupt_hook) {
        stub_interrupt_hook(env);
    }
    env->exception_index = EXCP_NONE;
}
WEAK bool ppc_cpu_exec_interrupt(CPUPPCState *env) { return false; }
WEAK bool ppc_cpu_has_work(CPUPPCState *env) { return false; }
WEAK void ppc_cpu_dump_state(CPUPPCState *env, void *file) {}

/* ------------------------------------------------------------ backends */

static uint8_t stub_epilogue[1];
WEAK const uint8_t *tcg_code_gen_epilogue = stub_epilogue;

static unsigned stub_prologue_calls;
WEAK int tcg_x86_64_prologue(uint8_t *buf, size_t size)
{
    stub_prologue_calls++;
    memset(buf, 0xcc, 64);
    return 64;
}

WEAK int tcg_x86_64_gen_code(TCGContext *s, TranslationBlock *tb,
                             uint8_t *buf, size_t size)
{
    g_error("test: no code generation expected");
}

/* writes the jmp's rel32 displacement as x86 defines it */
WEAK void tcg_x86_64_set_jmp_target(TranslationBlock *tb, int n,
                                    uintptr_t addr)
{
    uint8_t *site = tb->tc_ptr + tb->jmp_insn_offset[n];
    int32_t disp = (int32_t)(addr - ((uintptr_t)site + 4));
    memcpy(site, &disp, 4);
}

static uintptr_t stub_no_exec(CPUPPCState *env, const uint8_t *code)
{
    g_error("test: no execution expected");
    return 0;
}
WEAK uintptr_t (*tcg_exec_tb)(CPUPPCState *env,
                              const uint8_t *code) = stub_no_exec;

WEAK uintptr_t tcg_interp_exec(CPUPPCState *env, TranslationBlock *tb)
{
    g_error("test: no interpretation expected");
}
WEAK TCGProgram *tcg_program_copy(TCGContext *s)
{
    g_error("test: no program expected");
}
WEAK void tcg_program_free(TCGProgram *p) {}

/* ------------------------------------------------------------ helpers */

#define TEST_RAM_SIZE (64 * TARGET_PAGE_SIZE)

/* a vCPU with RAM, registered with accel/tcg; real mode, little endian */
static G_GNUC_UNUSED CPUPPCState *test_cpu_new(void)
{
    CPUPPCState *env = g_new0(CPUPPCState, 1);

    env->ram = g_malloc0(TEST_RAM_SIZE);
    env->ram_size = TEST_RAM_SIZE;
    env->exception_index = EXCP_NONE;
    env->msr = MSR_BIT(MSR_SF) | MSR_BIT(MSR_LE);
    accel_cpu_init(env);
    return env;
}

static G_GNUC_UNUSED void test_cpu_free(CPUPPCState *env)
{
    accel_cpu_exit(env);
    g_free(env->ram);
    g_free(env);
}

/* A TB made by hand: FAKE_CODE_SIZE bytes in the code buffer laid out
   like the backend's, two 5-byte "jmp rel32" (E9 + displacement) for slots
   0 and 1 at offsets 0 and 5, jumping to their own end (unchained), and
   insn i ending at host offset 10 * (i + 1) (the insn_end table after
   the code, as tb-gen.c puts it, and counted in the buffer's pages);
   linked into the cache. */
#define FAKE_CODE_SIZE 64

static G_GNUC_UNUSED TranslationBlock *
fake_tb(uint64_t pc, uint64_t phys_pc, uint32_t flags, uint32_t icount)
{
    TranslationBlock *tb = g_new0(TranslationBlock, 1);
    uint8_t *code = codebuf_ptr();

    tb->pc = pc;
    tb->phys_pc = phys_pc;
    tb->flags = flags;
    tb->icount = icount;
    tb->size = 4 * icount;
    tb->tc_ptr = code;
    tb->tc_size = FAKE_CODE_SIZE;
    memset(code, 0xcc, FAKE_CODE_SIZE);
    for (int n = 0; n < TB_NB_JMP; n++) {
        tb->jmp_insn_offset[n] = tb->jmp_reset_offset[n] = 0xffff;
        tb->jmp_check_offset[n] = 0xffff; /* no slot to another page */
        tb->jmp_gate_offset[n] = 0xffff;
    }
    for (int n = 0; n < 2; n++) {
        code[5 * n] = 0xe9;
        memset(code + 5 * n + 1, 0, 4); /* jmp to the next insn */
        tb->jmp_insn_offset[n] = (uint16_t)(5 * n + 1);
        tb->jmp_reset_offset[n] = (uint16_t)(5 * n + 5);
    }
    tb->insn_end = (uint16_t *)(void *)(code + FAKE_CODE_SIZE);
    for (uint32_t i = 0; i < icount; i++) {
        tb->insn_end[i] = (uint16_t)(10 * (i + 1));
    }
    codebuf_commit(tb_code_extent(tb));
    codebuf_ref(code, tb_code_extent(tb));
    tb->code_counted = true;
    tb_link(tb);
    return tb;
}

#endif
