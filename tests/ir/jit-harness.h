/*
 * tests/ir: what the JIT tests share.  A small executable code buffer with
 * the entry stub at its start, an IR context whose globals are env->gpr[],
 * and a fake vCPU: a zeroed CPUPPCState with a small RAM at guest real
 * address 0 and, for the real-mode MMU index, TLB entries filled the way
 * the softmmu fills them (tag = page, addend = host - guest address) for every
 * page but the last, which is left invalid so accesses to it take the slow
 * path through helper_ld_mmu/helper_st_mmu.
 */
#ifndef TESTS_IR_JIT_HARNESS_H
#define TESTS_IR_JIT_HARNESS_H

#include <glib.h>
#include <stddef.h>
#include <string.h>
#include <sys/mman.h>

#include "cpu.h"
#include "exec.h"
#include "tcg.h"

#define H_CODE_SIZE (8u << 20)
#define H_RAM_SIZE (16u * TARGET_PAGE_SIZE)
#define H_NB_GPR 32
#define H_MMU MMU_IDX_REAL

typedef struct JitHarness {
    uint8_t *code;
    size_t prologue_size;
    size_t used;
    TCGContext *s;
    TCGv gpr[H_NB_GPR];
} JitHarness;

static inline void harness_init(JitHarness *h)
{
    int n;

    memset(h, 0, sizeof(*h));
    /* accel's TB bookkeeping, which its slow paths consult (the
       interpreter flavour: this file brings its own code buffer) */
    accel_init(1u << 20, true);
    h->code = mmap(NULL, H_CODE_SIZE, PROT_READ | PROT_WRITE | PROT_EXEC,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    g_assert(h->code != MAP_FAILED);
    n = tcg_x86_64_prologue(h->code, 4096);
    g_assert_cmpint(n, >, 0);
    h->prologue_size = ((size_t)n + 63) & ~(size_t)63;
    h->used = h->prologue_size;
    h->s = tcg_context_new();
    for (int i = 0; i < H_NB_GPR; i++) {
        char name[8];
        g_snprintf(name, sizeof(name), "r%d", i);
        h->gpr[i] = tcg_global_new(h->s, (int32_t)offsetof(CPUPPCState, gpr[i]),
                                   g_intern_string(name));
    }
}

/* a fresh vCPU: RAM mapped in the real-mode TLB except its last page */
static inline CPUPPCState *harness_env_new(void)
{
    CPUPPCState *env = g_malloc0(sizeof(CPUPPCState));

    env->ram = g_malloc0(H_RAM_SIZE);
    env->ram_size = H_RAM_SIZE;
    env->reserve_addr = (uint64_t)-1;
    env->exception_index = EXCP_NONE;
    memset(env->tlb, 0xff, sizeof(env->tlb));
    for (uint64_t page = 0; page + TARGET_PAGE_SIZE < H_RAM_SIZE;
         page += TARGET_PAGE_SIZE) {
        TLBEntry *e = &env->tlb[H_MMU][(page >> TARGET_PAGE_BITS) &
                                        (TLB_SIZE - 1)];
        e->addr_read = page;
        e->addr_write = page;
        e->addr_code = page;
        e->addend = (uintptr_t)env->ram; /* host = ram + (ea - 0) */
    }
    return env;
}

static inline void harness_env_free(CPUPPCState *env)
{
    g_free(env->ram);
    g_free(env);
}

/* env contents as the tests compare them: registers and RAM */
static inline void harness_env_copy(CPUPPCState *dst, const CPUPPCState *src)
{
    memcpy(dst->gpr, src->gpr, sizeof(src->gpr));
    memcpy(dst->ram, src->ram, H_RAM_SIZE);
}

/* compiles the context's ops; the code stays valid until the next call */
static inline uint8_t *harness_compile(JitHarness *h, TranslationBlock *tb)
{
    int n;

    if (h->used + 65536 > H_CODE_SIZE) {
        h->used = h->prologue_size;
    }
    memset(tb, 0, sizeof(*tb));
    n = tcg_x86_64_gen_code(h->s, tb, h->code + h->used,
                            H_CODE_SIZE - h->used);
    g_assert_cmpint(n, >, 0);
    tb->tc_ptr = h->code + h->used;
    h->used = (h->used + (size_t)n + 15) & ~(size_t)15;
    return tb->tc_ptr;
}

static inline void harness_tb_free(TranslationBlock *tb)
{
    g_free(tb->insn_end);
    tb->insn_end = NULL;
    if (tb->prog) {
        tcg_program_free(tb->prog);
        tb->prog = NULL;
    }
}

#endif
