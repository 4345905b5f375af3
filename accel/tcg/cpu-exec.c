/*
 * The exec loop: runs one vCPU's translated code until the machine must
 * act.
 *
 * One iteration, between two runs of host code:
 *   1. a pending exception (left by a helper that longjmp'ed here through
 *      cpu_loop_exit, or by a TB exit): hcalls go to the hypervisor ops,
 *      architected interrupts to ppc_cpu_do_interrupt;
 *   2. an exit request: return EXCP_INTERRUPT if it came from outside; a
 *      request of our own (a deferred flush) just brought us here;
 *   3. a halted vCPU with nothing to do: return EXCP_HALTED;
 *   4. asynchronous interrupts (ppc_cpu_exec_interrupt);
 *   5. find the TB for (nip, flags): the jump cache, then the hash through
 *      the fetch TLB, then translation;
 *   6. link the TB that just exited through goto_tb slot n to this one;
 *   7. run it; it returns 0 or (tb | n) (include/tcg.h).
 * The hot path is 5-7 with a jump-cache hit, and most of the time the
 * loop is not even entered: chained TBs and goto_ptr lookups stay in host
 * code.
 *
 * Faults inside a TB longjmp to env->jmp_env, set by cpu_exec; the loop
 * then starts again from its top with the exception pending.  Nothing the
 * loop holds across a run of host code survives a longjmp, which is why
 * its state lives in locals of cpu_exec_loop, entered afresh each time.
 *
 * exit_request bits: cpu_exit() (and any outside writer) sets bit 0; the
 * loop kicks itself, and other threads kick it (cpu_exec_kick: TLB work,
 * an exclusive section), with EXIT_KICK, which does not end cpu_exec.
 * Taking an exit request is the loop's safe point (threads.c): posted TLB
 * work runs there, and the thread steps out while an exclusive section
 * lasts.  Two more waits happen at the top of the loop, never inside
 * generated code: the end of a tlbsync/ptesync (EXCP_SYNC) and of an
 * hcall that posted TLB work to other vCPUs (cpu_tlb_wait).
 *
 * Mutable state here is per vCPU (env, its AccelCPU) or per thread
 * (current_cpu, running_tb); accel_interp is set once at start-up.
 */
#include <inttypes.h>
#include <unistd.h>

#include <glib.h>

#include "accel/tcg/internal.h"
#include "log.h"
#include "tsan.h"

#define EXIT_KICK 2

static bool accel_interp;
static __thread CPUPPCState *current_cpu;
static __thread bool running_tb;

bool cpu_exec_in_tb(void) { return running_tb; }

void cpu_exec_kick_self(void)
{
    if (current_cpu) {
        __atomic_fetch_or(&current_cpu->exit_request, EXIT_KICK,
                          __ATOMIC_SEQ_CST);
    }
}

CPUPPCState *cpu_exec_current(void) { return current_cpu; }

void cpu_exit(CPUPPCState *env)
{
    __atomic_fetch_or(&env->exit_request, 1, __ATOMIC_SEQ_CST);
    cpu_wake(env);
}

void cpu_exec_kick(CPUPPCState *env)
{
    __atomic_fetch_or(&env->exit_request, EXIT_KICK, __ATOMIC_SEQ_CST);
    cpu_wake(env);
}

void cpu_tlb_sync(CPUPPCState *env, uintptr_t ra)
{
    if (!cpu_tlb_sync_needed(env)) {
        return;
    }
    /* the wait is the instruction's; the loop resumes after it */
    cpu_restore_state(env, ra);
    env->nip += 4;
    env->exception_index = EXCP_SYNC;
    cpu_loop_exit(env);
}

_Noreturn void cpu_loop_exit(CPUPPCState *env)
{
    siglongjmp(env->jmp_env, 1);
}

/* ------------------------------------------------------------ set-up */

/*
 * The default code buffer is large because running out is expensive: a
 * full buffer is flushed whole and every TB the guest still runs is
 * translated again.  A compiler such as cc1 runs through ~90K TBs (about
 * 64 MiB of host code) in a second or so of guest time; with a 64 MiB
 * buffer gcc -O2 on three small files flushed five times.  The mapping is
 * MAP_NORESERVE and only the pages written cost memory, so a guest whose
 * code fits in a few MiB (a busybox boot) pays nothing for the size.  An
 * eighth of the host's memory bounds it on small hosts.
 */
size_t accel_default_code_size(bool interp)
{
    const size_t floor = 64u << 20, ceil = 1u << 30;
    long pages = sysconf(_SC_PHYS_PAGES), psize = sysconf(_SC_PAGESIZE);
    size_t size = ceil;

    if (interp) {
        return floor;
    }
    if (pages > 0 && psize > 0 &&
        (uint64_t)pages * (uint64_t)psize / 8 < (uint64_t)size) {
        size = (size_t)((uint64_t)pages * (uint64_t)psize / 8);
    }
    return size < floor ? floor : size;
}

void accel_init(size_t code_size, bool interp)
{
    if (code_size == 0) {
        code_size = accel_default_code_size(interp);
    }
    accel_interp = interp;
    tb_maint_init(interp, code_size);
    translator_register_helpers();
    tb_gen_init();
    if (!interp) {
        int size;
        codebuf_init(code_size);
        size = tcg_x86_64_prologue(codebuf_base(), code_size);
        if (size <= 0) {
            g_error("accel/tcg: the prologue does not fit the code buffer");
        }
        codebuf_set_prologue((size_t)size);
    }
}

void accel_cpu_init(CPUPPCState *env)
{
    AccelCPU *ac;

    if (env->accel) {
        return;
    }
    ac = g_new0(AccelCPU, 1);
    ac->env = env;
    ac->tlb_all = true; /* the first flush clears what the TLB holds */
    accel_cpu_threads_init(ac);
    /* published: the decrementer's thread may already kick env
       (cpu_wake reads it with acquire) */
    __atomic_store_n(&env->accel, ac, __ATOMIC_RELEASE);
    env->interp = accel_interp;
    if (env->ram) {
        tsan_guest_memory(env->ram, env->ram_size);
    }
    accel_cpu_register(ac);
    tlb_flush(env);
}

void accel_cpu_exit(CPUPPCState *env)
{
    AccelCPU *ac = accel_cpu(env);

    /* the caller has ended every thread that may kick env (its vCPU
       thread, its decrementer's: ppc_timebase_cleanup) */
    if (ac) {
        __atomic_store_n(&env->accel, NULL, __ATOMIC_RELEASE);
        accel_cpu_unregister(ac);
        accel_cpu_threads_exit(ac);
        g_free(ac->ram_seen);
        g_free(ac);
    }
}

unsigned cpu_count(void) { return accel_cpu_count(); }

CPUPPCState *cpu_nth(unsigned i) { return accel_cpu_nth(i)->env; }

/* ------------------------------------------------------------ precise state */

void cpu_restore_state(CPUPPCState *env, uintptr_t ra)
{
    TranslationBlock *tb;
    uintptr_t off;

    if (ra == 0 || !codebuf_ready() || !codebuf_contains(ra)) {
        return;
    }
    /* a fault inside the translator comes here with the lock held */
    bool locked = tb_lock_is_held();
    if (!locked) {
        tb_lock();
    }
    tb = tb_find_by_host(ra);
    if (!locked) {
        tb_unlock();
    }
    if (tb == NULL || tb->insn_end == NULL) {
        return;
    }
    /* ra lies in (start of insn i, end of insn i]: the first insn whose
       end is not before ra */
    off = ra - (uintptr_t)tb->tc_ptr;
    for (uint32_t i = 0; i < tb->icount; i++) {
        if (off <= tb->insn_end[i]) {
            env->nip = tb_insn_pc(tb, i); /* arms: translator.c */
            return;
        }
    }
}

/* ------------------------------------------------------------ lookup */

static bool log_each_tb(void)
{
    return log_enabled(LOG_EXEC | LOG_CPU);
}

/* chaining and goto_ptr bypass the loop: off while every TB is logged */
static bool chaining_allowed(void)
{
    return !log_enabled(LOG_NOCHAIN | LOG_EXEC | LOG_CPU);
}

_Static_assert(offsetof(AccelCPU, jc) == 0,
               "generated code finds the jump cache at env->accel");

uint64_t helper_lookup_tb_ptr(CPUPPCState *env)
{
    uint64_t pc = env->nip, phys;
    uint32_t flags = ppc_tb_flags(env);
    TranslationBlock **slot = &accel_cpu(env)->jc[tb_jc_hash(pc)];
    TranslationBlock *tb = __atomic_load_n(slot, __ATOMIC_RELAXED);

    if (!chaining_allowed() || env->singlestep) {
        goto miss;
    }
    if (tb == NULL || tb->pc != pc || tb->flags != flags) {
        /* fills the fetch TLB as the exec loop would (a TLB flush leaves
           every hot jump to another page here once), raising ISI with
           nip = pc if pc cannot be fetched */
        phys = tlb_get_code_phys(env, pc);
        tb_lock();
        tb = tb_jc_find(accel_cpu(env), phys, pc, flags);
        if (tb != NULL) {
            tb_jc_set(accel_cpu(env), tb_jc_hash(pc), tb);
        }
        tb_unlock();
        if (tb == NULL) {
            goto miss;
        }
    }
    return accel_interp ? (uintptr_t)tb : (uintptr_t)tb->tc_ptr;
miss:
    return accel_interp ? 0 : (uintptr_t)tcg_code_gen_epilogue;
}

/* the loop's hot helpers are inlined into both copies of the loop, as
   they were into its one copy */
static inline __attribute__((always_inline)) TranslationBlock *
tb_find(CPUPPCState *env)
{
    uint64_t pc = env->nip, phys;
    uint32_t flags = ppc_tb_flags(env);
    TranslationBlock **slot = &accel_cpu(env)->jc[tb_jc_hash(pc)];
    TranslationBlock *tb = __atomic_load_n(slot, __ATOMIC_RELAXED);

    if (__builtin_expect(tb && tb->pc == pc && tb->flags == flags, 1)) {
        return tb;
    }
    phys = tlb_get_code_phys(env, pc); /* ISI or machine check: longjmp */
    tb_lock();
    tb = tb_jc_find(accel_cpu(env), phys, pc, flags);
    if (tb == NULL) {
        /* may drop the lock for a flush (tb_flush_count changes) */
        tb = tb_gen_code(env, pc, phys, flags);
    }
    tb_jc_set(accel_cpu(env), tb_jc_hash(pc), tb);
    tb_unlock();
    return tb;
}

/* links slot n of last to tb when both were translated for the same
   flags, and for the same guest and real page unless the slot checks the
   mapping of its destination page (chain.c) */
static inline __attribute__((always_inline)) void
tb_try_chain(CPUPPCState *env, TranslationBlock *last, int n,
             TranslationBlock *tb)
{
    /* a peek without the lock (tb_add_jump looks again under it) */
    if (__atomic_load_n(&last->jmp_dest[n], __ATOMIC_RELAXED) ||
        !chaining_allowed() || last->flags != tb->flags) {
        return;
    }
    tb_lock();
    /* another vCPU may run into tb through the link without a lock */
    tsan_release(tb);
    if ((((last->pc ^ tb->pc) | (last->phys_pc ^ tb->phys_pc)) &
         TARGET_PAGE_MASK) == 0) {
        tb_add_jump(last, n, tb);
    } else if (last->jmp_check_offset[n] != 0xffff) {
        tb_add_jump_checked(last, n, tb,
                            (uintptr_t)env->ram +
                                (tb->phys_pc & TARGET_PAGE_MASK) -
                                (tb->pc & TARGET_PAGE_MASK));
    }
    tb_unlock();
}

/* ------------------------------------------------------------ the loop */

static void log_tb(CPUPPCState *env, TranslationBlock *tb)
{
    if (log_enabled(LOG_CPU)) {
        ppc_cpu_dump_state(env, log_stream());
    }
    if (log_enabled(LOG_EXEC)) {
        uintptr_t host = accel_interp ? (uintptr_t)tb : (uintptr_t)tb->tc_ptr;
        log_printf("Trace 0x%" PRIxPTR " [%016" PRIx64 "] %08" PRIx32 "\n",
                   host, tb->pc, tb->flags);
    }
}

static uintptr_t cpu_tb_exec(CPUPPCState *env, TranslationBlock *tb)
{
    uintptr_t ret;

    if (__builtin_expect(log_each_tb(), 0)) {
        log_tb(env, tb);
    }
    running_tb = true;
    ret = accel_interp ? tcg_interp_exec(env, tb)
                       : tcg_exec_tb(env, tb->tc_ptr);
    running_tb = false;
    return ret;
}

/* step 1; true (and *ret) if cpu_exec must return */
static inline __attribute__((always_inline)) bool
cpu_handle_exception(CPUPPCState *env, int *ret)
{
    int excp = env->exception_index;

    if (__builtin_expect(excp < 0, 1)) {
        return false;
    }
    if (excp < EXCP_NB_VECTORS) {
        ppc_cpu_do_interrupt(env);
        env->exception_index = EXCP_NONE;
        return false;
    }
    env->exception_index = EXCP_NONE;
    switch (excp) {
    case EXCP_HCALL:
        if (env->vhyp && env->vhyp->hcall) {
            env->vhyp->hcall(env->vhyp_opaque, env);
        } else if (log_enabled(LOG_GUEST_ERROR)) {
            log_printf("accel/tcg: sc 1 at 0x%016" PRIx64
                       " with no hypervisor: ignored\n", env->nip - 4);
        }
        /* an HPTE change reached the other vCPUs before the hcall ends */
        if (cpu_tlb_sync_needed(env)) {
            cpu_tlb_wait(env);
        }
        return false;
    case EXCP_SYNC:
        cpu_tlb_wait(env);
        return false;
    case EXCP_HALTED:
        env->halted = true;
        return false;
    case EXCP_INTERRUPT:
    case EXCP_DEBUG:
        *ret = excp;
        return true;
    default:
        g_error("accel/tcg: unknown exception index %d", excp);
    }
}

/*
 * A debugger's single step (env->singlestep): one instruction in a TB of
 * its own that no lookup finds and nothing chains to (its goto_ptr exits
 * find an empty jump cache, and helper_lookup_tb_ptr refuses while
 * stepping), with asynchronous interrupts masked.  The instruction may
 * raise: the interrupt is delivered at the top of the loop, which comes
 * back here with singlestep == 2 and stops at the vector, as a step into
 * an interrupt does on hardware with MSR[SE].
 */
static int cpu_exec_step(CPUPPCState *env)
{
    TranslationBlock *tb;
    uintptr_t tb_ret;

    if (env->singlestep == 2 || env->halted) {
        env->singlestep = 1;
        return EXCP_DEBUG;
    }
    if (tb_flush_is_pending()) {
        tb_flush_exclusive(tb_flush_count());
    }
    tb_jc_clear(accel_cpu(env));
    if (env->icount.on && env->icount.budget < 1) {
        icount_refill(env, ppc_dec_deadline_ns(env));
    }
    env->singlestep = 2; /* an ISI on the fetch is the step's interrupt */
    uint64_t phys = tlb_get_code_phys(env, env->nip);
    tb_lock();
    tb = tb_gen_step(env, env->nip, phys, ppc_tb_flags(env));
    tb_unlock();
    tb_ret = cpu_tb_exec(env, tb);
    env->singlestep = 1;
    if ((tb_ret & TB_EXIT_MASK) == TB_EXIT_REQUESTED &&
        (tb_ret & ~(uintptr_t)TB_EXIT_MASK) != 0) {
        /* left at entry: nothing ran; the request goes first */
        env->nip = tb->pc;
        __atomic_fetch_and(&env->exit_request, ~EXIT_KICK, __ATOMIC_SEQ_CST);
        return EXCP_INTERRUPT;
    }
    return EXCP_DEBUG;
}

/* step 2: consumes the request; true if it came from outside.  The safe
   point: TLB work other vCPUs posted, an exclusive section */
static bool cpu_take_exit_request(CPUPPCState *env)
{
    int32_t req = __atomic_exchange_n(&env->exit_request, 0, __ATOMIC_SEQ_CST);

    cpu_process_work(env);
    cpu_exec_safepoint();
    return (req & ~EXIT_KICK) != 0;
}

/* -icount: when the decrementer next fires for an idle vCPU (UINT64_MAX:
   it cannot, MSR[EE] is off) */
static uint64_t icount_idle_deadline(CPUPPCState *env)
{
    return (env->msr & MSR_BIT(MSR_EE)) ? ppc_dec_deadline_ns(env)
                                        : UINT64_MAX;
}

/*
 * -icount: tb is next but its length is more than the budget left.  A
 * new budget up to the decrementer's next crossing; if tb is still too
 * long, the rest of the budget runs as a TB of its own translated for
 * this once, so that the clock reaches the deadline exactly at a TB's
 * end.  Returns that TB's exit value, or 1 if tb may run after all.
 */
static uintptr_t icount_run_rest(CPUPPCState *env, TranslationBlock *tb)
{
    TranslationBlock *rest;
    int64_t left;

    icount_refill(env, ppc_dec_deadline_ns(env));
    left = env->icount.budget;
    if (left >= (int64_t)tb->icount) {
        return 1;
    }
    tb_lock();
    rest = tb_gen_count(env, tb->pc, tb->phys_pc, tb->flags, (int)left);
    tb_unlock();
    return cpu_tb_exec(env, rest);
}

/*
 * The loop, in two copies: icount is a constant in each, so that the one
 * without -icount has no trace of it (cpu_exec picks the copy by a flag
 * fixed before the vCPU first runs).
 */
static inline __attribute__((always_inline)) int
cpu_exec_loop_body(CPUPPCState *env, const bool icount)
{
    TranslationBlock *last_tb = NULL;
    int last_exit = 0;
    int ret;

    for (;;) {
        TranslationBlock *tb;
        uint64_t flushes;
        uintptr_t tb_ret;

        if (cpu_handle_exception(env, &ret)) {
            return ret;
        }
        /* set by other threads (cpu_exit, cpu_exec_kick): a peek, the
           exchange in cpu_take_exit_request consumes it */
        if (__builtin_expect(__atomic_load_n(&env->exit_request,
                                             __ATOMIC_RELAXED) != 0, 0)) {
            last_tb = NULL;
            if (cpu_take_exit_request(env)) {
                return EXCP_INTERRUPT;
            }
        }
        if (__builtin_expect(tb_flush_is_pending(), 0)) {
            tb_flush_exclusive(tb_flush_count());
            last_tb = NULL;
        }
        if (__builtin_expect(env->singlestep, 0)) {
            return cpu_exec_step(env);
        }
        if (__builtin_expect(__atomic_load_n(&env->halted, __ATOMIC_ACQUIRE),
                             0)) {
            if (!ppc_cpu_has_work(env)) {
                /* -icount: the clock goes on to the next timer */
                if (icount && icount_idle(env, icount_idle_deadline(env))) {
                    continue;
                }
                return EXCP_HALTED;
            }
            if (icount) {
                icount_idle_end(env, icount_idle_deadline(env));
            }
            __atomic_store_n(&env->halted, false, __ATOMIC_RELEASE);
        }
        if (ppc_cpu_exec_interrupt(env)) {
            last_tb = NULL;
        }

        if (__builtin_expect(codebuf_has_dead() || tb_reap_wanted(), 0) &&
            !accel_parallel()) {
            /* between two TBs of the one thread that runs TBs: the dead
               code (last_tb's too) runs no more (codebuf.c rule 3a), and
               dead TBs' structs may go */
            tb_lock();
            codebuf_release_dead();
            if (tb_reap_dead()) {
                last_tb = NULL;
            }
            tb_unlock();
        }

        flushes = tb_flush_count();
        tb = tb_find(env);
        if (last_tb && tb_flush_count() == flushes) {
            tb_try_chain(env, last_tb, last_exit, tb);
        }

        if (icount && env->icount.budget < (int64_t)tb->icount) {
            tb_ret = icount_run_rest(env, tb);
            if (tb_ret != 1) {
                /* a TB no lookup finds: nothing chains to or from it */
                if ((tb_ret & TB_EXIT_MASK) == TB_EXIT_REQUESTED &&
                    (tb_ret & ~(uintptr_t)TB_EXIT_MASK) != 0) {
                    env->nip = ((TranslationBlock *)(tb_ret &
                                ~(uintptr_t)TB_EXIT_MASK))->pc;
                }
                last_tb = NULL;
                continue;
            }
        }
        tb_ret = cpu_tb_exec(env, tb);
        last_tb = (TranslationBlock *)(tb_ret & ~(uintptr_t)TB_EXIT_MASK);
        last_exit = (int)(tb_ret & TB_EXIT_MASK);
        /* last_tb may be one that chaining led to (tb_try_chain) */
        tsan_acquire(last_tb);
        if (last_exit == TB_EXIT_REQUESTED) {
            /* left at entry: nothing ran, and nip may be stale (chained) */
            env->nip = last_tb->pc;
            last_tb = NULL;
        }
    }
}

static __attribute__((noinline)) int cpu_exec_loop(CPUPPCState *env)
{
    return cpu_exec_loop_body(env, false);
}

static __attribute__((noinline)) int cpu_exec_loop_icount(CPUPPCState *env)
{
    return cpu_exec_loop_body(env, true);
}

int cpu_exec(CPUPPCState *env)
{
    int ret;

    g_assert(env->accel != NULL);
    current_cpu = env;
    /* a fault in a TB or a helper comes back here with exception_index
       set, and the loop starts over */
    if (sigsetjmp(env->jmp_env, 0) != 0) {
        /* a fault in the translator leaves the lock behind */
        tb_lock_reset();
    }
    running_tb = false;
    ret = __builtin_expect(env->icount.on, 0) ? cpu_exec_loop_icount(env)
                                              : cpu_exec_loop(env);
    current_cpu = NULL;
    return ret;
}
