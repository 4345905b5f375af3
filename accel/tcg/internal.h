/*
 * accel/tcg private interfaces: what the files of this folder tell each
 * other and nobody else.  The public face is include/exec.h.
 *
 *   codebuf.c    the executable buffer the JIT writes into
 *   tb-maint.c   the TB cache: hash, page lists, the creation-order list,
 *                invalidation, flush, the registry of vCPUs
 *   chain.c      direct links between TBs and their undoing
 *   tb-gen.c     the translation pipeline (translate, optimize, emit)
 *   softmmu.c    the TLB and the memory slow paths
 *   cpu-exec.c   the exec loop, exits, precise state
 *   translator.c the IR frame every TB gets (entry check, exits)
 *
 *   threads.c    several vCPU threads: the exclusive section, the TB
 *                lock, cross-vCPU TLB work, kicks and wake-ups
 *
 * Threading (threads.c says it all): the TB cache changes under the TB
 * lock; a vCPU's TLB and jump cache are its own thread's, except that
 * invalidation clears jump-cache slots of every vCPU (atomic stores) and a
 * new code page sets TLB_NOTDIRTY in every vCPU's TLB (atomic or); the
 * whole-buffer flush runs in an exclusive section.
 */
#ifndef POWERJIT_ACCEL_TCG_INTERNAL_H
#define POWERJIT_ACCEL_TCG_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include <glib.h>

#include "exec.h"

/* ---------------------------------------------------------- jump cache */

/* what env->accel points to; the jump cache (include/exec.h) first, where
   generated code finds it */
typedef struct AccelCPU {
    TranslationBlock *jc[TB_JC_SIZE];
    CPUPPCState *env;
    /*
     * What a full flush has to clear (guests flush their whole TLB tens of
     * thousands of times a second): the jump-cache slots and the TLB
     * entries (mode * TLB_SIZE + index) filled since the last one.  When a
     * list fills up, or when nothing is known (a new vCPU), the flush
     * clears everything instead.
     */
    uint16_t jc_used[TB_JC_SIZE];
    unsigned nb_jc_used;
    bool jc_all;
    /*
     * What a full flush took out of the jump cache: after a flush, the TB
     * a slot held is most often still the one (the flush was for other
     * pages, or for the same mapping), and checking that against the
     * refilled TLB is cheaper than the hash.  Never used without that
     * check (tb_jc_find); invalidation clears it too.
     */
    TranslationBlock *jc_old[TB_JC_SIZE];
    /* the page of the pc of the TB tb_jc_set last put in each slot: what
       the page and range flushes compare, instead of reading every TB */
    uint64_t jc_page[TB_JC_SIZE];
    uint16_t tlb_used[NB_MMU_MODES * TLB_SIZE];
    unsigned nb_tlb_used;
    bool tlb_all;

    /* threads.c: the wake-up of a sleeping vCPU thread (-1 with one
       thread), TLB work other vCPUs posted (under work_lock; work_done is
       the work_posted value run so far), and what this vCPU waits for at
       its next tlbsync/ptesync (wait_for[i]: vCPU i's work_done) */
    int wake_fd;
    GMutex work_lock;
    CPUTlbWork work[CPU_TLB_WORK_MAX];
    unsigned nb_work;
    bool work_overflow;
    bool work_pending;   /* atomic */
    uint64_t work_posted;
    uint64_t work_done;  /* atomic */
    bool asleep;         /* atomic (seq_cst): in cpu_wait_kick's ppoll,
                            running no guest code until it has run its
                            queue again (cpu_tlb_wait need not wait) */
    uint64_t *wait_for;
    unsigned wait_len;
    bool sync_outstanding;

    /* softmmu.c tlb_ram_populate: the RAM_POPULATE-sized chunks of guest
       RAM this vCPU has mapped (a bit each, allocated at the first fill),
       and whether the kernel can populate at all */
    uint64_t *ram_seen;
    size_t ram_seen_words;
    bool no_populate;
} AccelCPU;

/* jc[h] = tb, remembering the slot for the next flush.  Another thread
   may invalidate tb meanwhile and clear the slot: either it sees our store
   or we see its tb->invalid (both sequentially consistent), so no slot
   keeps an invalid TB */
static inline void tb_jc_set(AccelCPU *ac, unsigned h, TranslationBlock *tb)
{
    if (!__atomic_load_n(&ac->jc[h], __ATOMIC_RELAXED)) {
        if (ac->nb_jc_used < TB_JC_SIZE) {
            ac->jc_used[ac->nb_jc_used++] = (uint16_t)h;
        } else {
            ac->jc_all = true;
        }
    }
    ac->jc_page[h] = tb->pc & TARGET_PAGE_MASK;
    __atomic_store_n(&ac->jc[h], tb, __ATOMIC_SEQ_CST);
    if (__atomic_load_n(&tb->invalid, __ATOMIC_SEQ_CST)) {
        __atomic_store_n(&ac->jc[h], NULL, __ATOMIC_RELAXED);
    }
}

/* the whole jump cache, empty (its TBs move to jc_old) */
void tb_jc_clear(AccelCPU *ac);
/* the TB for (phys, pc, flags), from jc_old when it still matches (the
   caller has just translated pc to phys), else the hash; NULL if none */
TranslationBlock *tb_jc_find(AccelCPU *ac, uint64_t phys, uint64_t pc,
                             uint32_t flags);

static inline AccelCPU *accel_cpu(CPUPPCState *env)
{
    return (AccelCPU *)env->accel;
}

/* ---------------------------------------------------------- threads.c */

void accel_cpu_threads_init(AccelCPU *ac);
void accel_cpu_threads_exit(AccelCPU *ac);
/* the TB lock (not recursive); tb_lock_reset drops it if this thread
   holds it (after a longjmp out of the translator) */
void tb_lock(void);
void tb_unlock(void);
bool tb_lock_is_held(void);
void tb_lock_reset(void);
/* a running thread leaves and re-enters if a section is wanted */
void cpu_exec_safepoint(void);
bool cpu_exclusive_wanted(void);

/* ---------------------------------------------------------- codebuf.c */

void codebuf_init(size_t size);
bool codebuf_ready(void);
uint8_t *codebuf_base(void);        /* the prologue */
void codebuf_set_prologue(size_t size);
uint8_t *codebuf_ptr(void);         /* where the next TB goes */
size_t codebuf_avail(void);
void codebuf_commit(size_t size);   /* the TB at codebuf_ptr took size bytes */
bool codebuf_is_empty(void);        /* no TB since the last reset */
void codebuf_reset(void);           /* everything after the prologue */
bool codebuf_contains(uintptr_t host);
/* rule 3b: the bytes ahead of codebuf_ptr already faulted in (0 without
   MADV_POPULATE_WRITE) */
size_t codebuf_populated_ahead(void);
/* rule 3a: a TB's code [p, p + len) lives / died; a dead page is given
   back by codebuf_release_dead (only where no TB runs: it returns the
   number of pages); codebuf_has_dead is a cheap peek */
void codebuf_ref(const uint8_t *p, size_t len);
void codebuf_unref(const uint8_t *p, size_t len);
bool codebuf_has_dead(void);
size_t codebuf_release_dead(void);

/* the bytes a TB takes in the code buffer from tc_ptr: its code, padding
   to 2 bytes, its insn_end table (tb-gen.c) */
static inline size_t tb_code_extent(const TranslationBlock *tb)
{
    return ((size_t)tb->tc_size + 1) / 2 * 2 +
           (size_t)tb->icount * sizeof(uint16_t);
}

/* ---------------------------------------------------------- tb-maint.c */

void tb_maint_init(bool interp, size_t interp_budget);
bool tb_interp_mode(void);
TranslationBlock *tb_htable_lookup(uint64_t phys_pc, uint64_t pc,
                                   uint32_t flags);
/* enters a finished TB into the hash, its page's list and the creation
   list; the first TB on a page makes the page a code page */
void tb_link(TranslationBlock *tb);
void tb_link_step(TranslationBlock *tb);
/* frees the structs of invalid TBs when many are waiting (true: the
   caller's TB pointers may dangle); only where no TB runs, one thread.
   tb_reap_wanted is a cheap peek */
bool tb_reap_wanted(void);
bool tb_reap_dead(void);
bool tb_page_has_code(uint64_t phys_addr);
/* the TB whose host code holds host (a return address: strictly after the
   start, at most at the end); NULL if none */
TranslationBlock *tb_find_by_host(uintptr_t host);
/* frees every TB now: only between TB executions */
void tb_flush_now(void);
/* flushes in an exclusive section unless tb_flush_count() moved on from
   seen (another vCPU flushed first); not with the TB lock held */
void tb_flush_exclusive(uint64_t seen);
/* the number of flushes so far: a TB pointer from before a change of this
   number is dangling */
uint64_t tb_flush_count(void);
bool tb_flush_is_pending(void);
/* interp mode: charges a new TB's program against the budget; false when
   the budget is spent (the caller flushes) */
bool tb_interp_charge(size_t bytes);

void accel_cpu_register(AccelCPU *ac);
void accel_cpu_unregister(AccelCPU *ac);
unsigned accel_cpu_count(void);
AccelCPU *accel_cpu_nth(unsigned i);

/* ---------------------------------------------------------- chain.c */

/* links exit slot n of tb to dest (no-op if already linked, or if either
   is invalid) */
void tb_add_jump(TranslationBlock *tb, int n, TranslationBlock *dest);
/* the same for a slot that may go to another page (jmp_check_offset):
   addend is the fetch TLB addend of dest's page (ram + real page - page),
   which the jump requires (chain.c) */
void tb_add_jump_checked(TranslationBlock *tb, int n, TranslationBlock *dest,
                         uint64_t addend);
/* undoes every link into and out of tb */
void tb_unchain(TranslationBlock *tb);

/* ---------------------------------------------------------- softmmu.c */

/* a page just got its first TB: every vCPU's write entries for it get
   TLB_NOTDIRTY */
void tlb_set_notdirty_page(uint64_t phys_page);
/* the host address of the code at ea if the fetch TLB already maps it (no
   fill, no fault); false otherwise */
bool tlb_probe_code(CPUPPCState *env, uint64_t ea, uint64_t *phys_out);
/* the real address of the code at ea; fills the TLB, raises ISI or
   machine check with nip = ea on failure */
uint64_t tlb_get_code_phys(CPUPPCState *env, uint64_t ea);

/* ---------------------------------------------------------- tb-gen.c */

/* translates the code at (pc, phys_pc, flags) and links the new TB; may
   flush the cache (see tb_flush_count) */
TranslationBlock *tb_gen_code(CPUPPCState *env, uint64_t pc,
                              uint64_t phys_pc, uint32_t flags);
/* the same, one instruction, for a single step: a TB no lookup finds */
TranslationBlock *tb_gen_step(CPUPPCState *env, uint64_t pc,
                              uint64_t phys_pc, uint32_t flags);
/* the same with at most n instructions (-icount: the rest of a budget) */
TranslationBlock *tb_gen_count(CPUPPCState *env, uint64_t pc,
                               uint64_t phys_pc, uint32_t flags, int n);
void tb_gen_init(void);

/* ---------------------------------------------------------- cpu-exec.c */

/* true while host code or the interpreter runs on this thread */
bool cpu_exec_in_tb(void);
/* makes the vCPU running on this thread leave its TBs (for a deferred
   flush); no effect outside cpu_exec */
void cpu_exec_kick_self(void);
/* the vCPU on this thread (inside cpu_exec), or NULL */
CPUPPCState *cpu_exec_current(void);

/* ---------------------------------------------------------- translator.c */

void translator_register_helpers(void);

#endif
