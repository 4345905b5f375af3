/*
 * accel/tcg: running translated code.  Translation blocks, the code buffer,
 * chaining, the exec loop, and the softmmu slow paths.
 */
#ifndef POWERJIT_EXEC_H
#define POWERJIT_EXEC_H

#include <stdbool.h>
#include <stdint.h>

#include "cpu.h"
#include "tcg.h"

#define TB_MAX_INSNS 512
/* the most host code one TB may have: it records offsets in 16 bits */
#define TB_MAX_CODE 0xffff

/* the IR of a TB kept for the interpreter (tcg/interp) */
typedef struct TCGProgram {
    TCGOp *ops;
    int nb_ops;
    TCGTemp *temps;     /* copy of the context's temps (globals included) */
    int nb_temps;
    int *label_op;      /* label -> index of its set_label op */
    int nb_labels;
} TCGProgram;

typedef struct TranslationBlock {
    /* the key, and the hash chain, in the first cache line: a lookup
       walks the chain */
    uint64_t pc;        /* guest effective address of the first insn */
    uint64_t phys_pc;   /* its real address */
    uint32_t flags;     /* ppc_tb_flags() at translation */
    uint32_t size;      /* bytes of guest code; never crosses a page */
    struct TranslationBlock *hash_next; /* TB hash chain */
    uint32_t icount;    /* guest instructions */
    bool invalid;
    bool code_counted;  /* its code counts in the code buffer's page
                           counts (codebuf.c rule 3a) until it dies */

    /* JIT */
    uint8_t *tc_ptr;    /* host code */
    uint32_t tc_size;
    /* host code offset of the end of each guest insn (insn i is the one
       at tb_insn_pc(tb, i)): maps a host return address to the guest instruction.  In
       the code buffer right after the code (2-byte aligned), except for
       TBs a test builds itself */
    uint16_t *insn_end;
    /* goto_tb slot n: offset of the jmp's 32-bit displacement within
       tc_ptr, and the offset it points to when unchained (0xffff = slot
       unused) */
    uint16_t jmp_insn_offset[TB_NB_JMP];
    uint16_t jmp_reset_offset[TB_NB_JMP];
    /* a slot to another page (0xffff: a slot within the page): the
       offset of the 64-bit immediate that holds the fetch TLB addend its
       link is good for, and of the displacement of the gate jump in front
       of the check (tcg/x86_64/frame.c) */
    uint16_t jmp_check_offset[TB_NB_JMP];
    uint16_t jmp_gate_offset[TB_NB_JMP];
    /* arms (accel/tcg/translator.c): insn arm_first[k] and those after it
       (up to the next arm) are at the page offset arm_off[k] on, not at
       pc + 4 * i; arm_first[k] == 0: no arm k.  tb_insn_pc maps */
    uint16_t arm_first[TCG_MAX_ARMS];
    uint16_t arm_off[TCG_MAX_ARMS];

    /* interpreter */
    TCGProgram *prog;

    /* chaining: where each slot goes, and the list of (tb, slot) that jump
       into this TB (tagged pointers: tb | slot) */
    struct TranslationBlock *jmp_dest[TB_NB_JMP];
    uintptr_t jmp_list_next[TB_NB_JMP]; /* next incoming link in dest's
                                           list */
    uintptr_t jmp_list_head;    /* first incoming link */

    struct TranslationBlock *page_next; /* TBs on the same physical page */
} __attribute__((aligned(8))) TranslationBlock;

/* the guest address of the TB's insn i (in the order of its host code) */
static inline uint64_t tb_insn_pc(const TranslationBlock *tb, uint32_t i)
{
    for (int k = TCG_MAX_ARMS - 1; k >= 0; k--) {
        if (tb->arm_first[k] && i >= tb->arm_first[k]) {
            return (tb->pc & ~(uint64_t)(TARGET_PAGE_SIZE - 1)) +
                   tb->arm_off[k] + 4ull * (i - tb->arm_first[k]);
        }
    }
    return tb->pc + 4ull * i;
}

/* ---------------------------------------------------------- jump cache */

/*
 * Per-vCPU direct-mapped cache guest pc -> TB: TB_JC_SIZE TranslationBlock
 * pointers at the very start of what env->accel points to.  The index
 * keeps all pcs of one page inside one window of TB_JC_PAGE_SLOTS slots,
 * so that a TLB flush of one page clears one window instead of the whole
 * cache.  A hit is a TB whose pc and flags are the ones looked for; the
 * JIT probes it inline before it calls helper_lookup_tb_ptr.
 * The window is 256 slots: with 64, the jump targets of one busy page
 * (an interpreter's, a compiler's) fought over its slots, and in
 * bench-progs 12.4M lookups went to the helper, 8.1M of them on to the
 * TB hash; with 256 (and 256 windows), 4.9M and 3.0M, and with the slot
 * hash below 3.8M and 2.4M.  The page and range
 * flushes read a page tag per slot (AccelCPU.jc_page), not every slot's
 * TB.
 */
#define TB_JC_BITS 16
#define TB_JC_SIZE (1u << TB_JC_BITS)
#define TB_JC_WINDOW_BITS 8
#define TB_JC_PAGE_SLOTS (1u << TB_JC_WINDOW_BITS)

static inline unsigned tb_jc_window(uint64_t pc)
{
    return (unsigned)((pc >> TARGET_PAGE_BITS) &
                      ((1u << (TB_JC_BITS - TB_JC_WINDOW_BITS)) - 1))
           << TB_JC_WINDOW_BITS;
}

/* the slot in the window: pc >> 2 folded with pc >> 10, so that the pcs
   of a page at any alignment (functions start 16-byte aligned) use every
   slot they can; pc >> 8 left 16-byte aligned pcs a quarter of them */
#define TB_JC_HASH_LO 2
#define TB_JC_HASH_HI 10

static inline unsigned tb_jc_hash(uint64_t pc)
{
    return tb_jc_window(pc) |
           (unsigned)(((pc >> TB_JC_HASH_LO) ^ (pc >> TB_JC_HASH_HI)) &
                      (TB_JC_PAGE_SLOTS - 1));
}

/* ---------------------------------------------------------- accel/tcg API */

/* one-time set-up: code buffer of code_size bytes (0: the default,
   accel_default_code_size), IR context, translator globals, prologue.
   interp: run the IR interpreter instead of the JIT. */
void accel_init(size_t code_size, bool interp);
/* the code buffer without -accel tcg,tb-size=: 1 GiB, at most an eighth of
   the host's memory, at least 64 MiB; the interpreter's budget of TB
   programs (heap, not a mapping) 64 MiB */
size_t accel_default_code_size(bool interp);
/* -perfmap: from now on every TB's host code gets a line in
   /tmp/perf-PID.map (accel/tcg/tb-gen.c); false with *err if it cannot
   be created */
bool tb_gen_perfmap_open(char **err);
/* per-vCPU set-up (jump cache; registers the vCPU with the TB cache and
   flushes its TLB).  accel_cpu_exit undoes it (idempotent); ppc_cpu_free
   calls it once the decrementer's thread, which kicks env, has ended. */
void accel_cpu_init(CPUPPCState *env);
void accel_cpu_exit(CPUPPCState *env);
/* the vCPUs registered with accel_cpu_init, in registration order */
unsigned cpu_count(void);
CPUPPCState *cpu_nth(unsigned i);

/*
 * Runs the vCPU until something the caller must handle: returns
 *   EXCP_HCALL     never (hcalls are handled inside through env->vhyp)
 *   EXCP_HALTED    the vCPU has nothing to do (wait for an interrupt)
 *   EXCP_INTERRUPT env->exit_request was set from outside (the machine wants
 *                  control: power-off, reset, a debugger...)
 */
int cpu_exec(CPUPPCState *env);
/* asks the vCPU to return to cpu_exec's caller (thread/signal safe) */
void cpu_exit(CPUPPCState *env);
/* longjmps to cpu_exec; env->exception_index says why */
_Noreturn void cpu_loop_exit(CPUPPCState *env);
/* sets env->nip precisely from a host return address inside a TB
   (ra == 0, or outside the code buffer: does nothing).  ra belongs to guest
   insn i when tc_ptr + insn_end[i-1] < ra <= tc_ptr + insn_end[i]: the
   backend passes slow paths the address right after the inline access. */
void cpu_restore_state(CPUPPCState *env, uintptr_t ra);

/* ---------------------------------------------------------- threads */

/*
 * Several host threads running vCPUs at once (accel/tcg/threads.c has the
 * rules).  accel_set_parallel(true) before accel_cpu_init: every vCPU gets
 * a wake-up fd and TLB work crosses threads as posted work instead of
 * being done to another vCPU directly.
 */
void accel_set_parallel(bool on);
bool accel_parallel(void);
/* a thread that runs vCPUs or touches their state: start/end around it */
void cpu_exec_start(void);
void cpu_exec_end(void);
/* every other thread out of cpu_exec_start..end until end_exclusive; not
   with the machine lock or the TB lock held */
void start_exclusive(void);
void end_exclusive(void);
/* to the vCPU's next safe point, without ending cpu_exec (thread and
   signal safe), and waking its thread if it sleeps */
void cpu_exec_kick(CPUPPCState *env);
/* wakes the vCPU's thread if it sleeps in cpu_wait_kick (signal safe) */
void cpu_wake(CPUPPCState *env);
/* sleeps (not running) until a kick, cpu_exit, cpu_wake or timeout_ns
   (-1: none) */
void cpu_wait_kick(CPUPPCState *env, int64_t timeout_ns);

/* a local TLB invalidation the other vCPUs must repeat on themselves */
typedef void (*CPUTlbWorkFn)(CPUPPCState *env, const uint64_t *args);
#define CPU_TLB_WORK_ARGS 5
#define CPU_TLB_WORK_MAX 16
typedef struct CPUTlbWork {
    CPUTlbWorkFn fn;
    uint64_t args[CPU_TLB_WORK_ARGS];
} CPUTlbWork;
/* queues fn(other, args) on every vCPU but self and kicks them; self's
   next cpu_tlb_wait waits for it */
void cpu_tlb_post(CPUPPCState *self, CPUTlbWorkFn fn, const uint64_t *args);
/* runs the TLB work other vCPUs posted to env (its own thread, running);
   a queue that overflowed becomes cpu_tlb_flush_all */
void cpu_process_work(CPUPPCState *env);
/* the target's: forgets every translation env caches (its softmmu TLB and
   the MMU's own caches: radix page walk and process table caches), a
   superset of any local invalidation */
void cpu_tlb_flush_all(CPUPPCState *env);
/* true if self posted work not yet waited for */
bool cpu_tlb_sync_needed(CPUPPCState *env);
/* waits until the work env posted ran everywhere (exec loop only: passes
   safe points, runs work posted to env) */
void cpu_tlb_wait(CPUPPCState *env);
/* raises the exit that makes the exec loop run cpu_tlb_wait before the
   instruction after the one whose helper calls it (ra: its GETPC());
   returns at once if nothing is outstanding */
void cpu_tlb_sync(CPUPPCState *env, uintptr_t ra);
/* the vCPU's thread ended: nobody waits for it any more */
void cpu_thread_gone(CPUPPCState *env);

/* TB invalidation (safe at any time, even from a helper inside a TB: an
   invalidated TB's code stays in place until the next flush) */
void tb_invalidate_phys_page(uint64_t phys_addr); /* all TBs on that page */
/* all TBs on the pages of [start, start+len): for writes to guest RAM that
   bypass the softmmu (DMA, loaders) */
void tb_invalidate_phys_range(uint64_t start, uint64_t len);
void tb_flush(void);                              /* everything */
/* the TBs covering effective address pc (a debugger breakpoint was set or
   removed there); only while no vCPU runs */
void tb_invalidate_pc(uint64_t pc);

/* softmmu: flush one vCPU's TLB (all modes), or the entries of one page */
void tlb_flush(CPUPPCState *env);
void tlb_flush_page(CPUPPCState *env, uint64_t ea);
/* the entries of the MMU indexes in mmu_mask (bit i: index i) for pages in
   [start, start + len) (start + len may be 2^64: a quadrant), and the
   jump-cache slots of TBs starting there (whatever their MMU index) */
void tlb_flush_range(CPUPPCState *env, uint64_t start, uint64_t len,
                     unsigned mmu_mask);

/* debugger watchpoints (accel/tcg/watch.c); the list changes only while
   the vCPU is stopped.  insert/remove: false if full / not there.  */
bool cpu_watch_insert(CPUPPCState *env, uint64_t addr, uint64_t len,
                      uint32_t kinds);
bool cpu_watch_remove(CPUPPCState *env, uint64_t addr, uint64_t len,
                      uint32_t kinds);
void cpu_watch_remove_all(CPUPPCState *env);
/* softmmu: does the page hold bytes watched for this kind of access? */
bool cpu_watch_page(const CPUPPCState *env, uint64_t page, bool store);
/* softmmu, a translated access about to happen: a hit does not return
   (the instruction runs again as a single step and the vCPU stops) */
void cpu_watch_check(CPUPPCState *env, uint64_t ea, uint64_t size, bool store,
                     uintptr_t ra);

/* guest memory from C helpers: full MMU translation, faults raised with
   ra (GETPC() of the helper).  memop as in tcg.h (size, sign, bswap). */
uint64_t cpu_ld_mmu(CPUPPCState *env, uint64_t ea, TCGMemOpIdx oi,
                    uintptr_t ra);
void cpu_st_mmu(CPUPPCState *env, uint64_t ea, uint64_t val, TCGMemOpIdx oi,
                uintptr_t ra);
/* a pointer to guest RAM for ea..ea+len-1, which must be in one page and
   writable if write; raises like a store/load otherwise */
void *cpu_probe_access(CPUPPCState *env, uint64_t ea, int len, bool write,
                       int mmu_idx, uintptr_t ra);

/* instruction fetch for the translator: the insn word at ea (in MSR[LE]
   order), through the fetch MMU index and the TLB; *phys_out (if not NULL)
   gets its real address.  A failed fetch raises ISI or machine check with
   nip = ea (so ea must be the next insn to execute when it can fail: the
   first of a TB, since a TB never crosses a page). */
uint32_t cpu_fetch_insn(CPUPPCState *env, uint64_t ea, uint64_t *phys_out);

/* the softmmu slow paths, called from generated code (JIT and interp) */
uint64_t helper_ld_mmu(CPUPPCState *env, uint64_t addr, uint64_t oi,
                       uint64_t ra);
void helper_st_mmu(CPUPPCState *env, uint64_t addr, uint64_t val, uint64_t oi,
                   uint64_t ra);
/* goto_ptr target: host code of the next TB if it is cached and chaining is
   allowed, else the epilogue that returns 0 (interp: the TB or 0).  The
   TB it looks for has the flags of the TB that calls it (which is why a
   translator may only jump through it when the instruction changed no
   flag).  Fills the fetch TLB; raises ISI (nip = the target) if the
   target cannot be fetched. */
uint64_t helper_lookup_tb_ptr(CPUPPCState *env);
/* helper indices of the above, for translators */
extern int helper_idx_lookup_tb_ptr;

/* the translator's common frame (accel/tcg/translator.c): the exit-request
   check at entry, and the exits */
void gen_tb_start(TCGContext *s, TranslationBlock *tb);
void gen_tb_end(TCGContext *s, TranslationBlock *tb);
/* -icount: right after gen_tb_start, the budget check of the TB
   (accel/tcg/icount.c); returns the TB-length constant, which the
   translator sets with tcg_constant_set_late once it knows it */
TCGv gen_icount_start(TCGContext *s);
/* jump to a known guest address: chainable through slot n */
void gen_goto_tb(TCGContext *s, TranslationBlock *tb, int n, uint64_t dest);
/* the label a conditional branch to dest (forward, in the TB's page) may
   branch to: an arm placed at the end of the TB; -1 if not allowed */
TCGLabel gen_arm_label(TCGContext *s, TranslationBlock *tb, uint64_t dest);
/* jump to an address held in env->nip: through the jump cache (only if
   the TB's flags still hold: an instruction that changes them ends the TB
   with exit_tb(0) instead) */
void gen_lookup_and_goto_ptr(TCGContext *s);

/* ------------------------------------------------------------- backends */

/*
 * tcg/x86_64: the JIT.  Code is generated into [buf, buf+size); returns the
 * number of bytes written and fills tb->insn_end, tb->jmp_*_offset, or
 * returns -1 if it did not fit (the caller flushes and retries).
 * tcg_x86_64_prologue() writes the entry/exit stub at buf, once, and returns
 * its size; after it tcg_exec_tb (below) is callable.
 */
int tcg_x86_64_prologue(uint8_t *buf, size_t size);
int tcg_x86_64_gen_code(TCGContext *s, TranslationBlock *tb, uint8_t *buf,
                        size_t size);
/* enters host code; returns the TB_EXIT value */
extern uintptr_t (*tcg_exec_tb)(CPUPPCState *env, const uint8_t *code);
/* host address that makes the TB return 0 (used by helper_lookup_tb_ptr) */
extern const uint8_t *tcg_code_gen_epilogue;
/* patches goto_tb slot n of tb to jump to host address addr */
void tcg_x86_64_set_jmp_target(TranslationBlock *tb, int n, uintptr_t addr);
/* a slot with jmp_check_offset: the TLB addend its jump requires */
void tcg_x86_64_set_jmp_check(TranslationBlock *tb, int n, uint64_t addend);

/* tcg/interp: runs tb->prog, following chained goto_tb links itself */
uintptr_t tcg_interp_exec(CPUPPCState *env, TranslationBlock *tb);
TCGProgram *tcg_program_copy(TCGContext *s); /* snapshot for a TB */
void tcg_program_free(TCGProgram *p);

#endif
