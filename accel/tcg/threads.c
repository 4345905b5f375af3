/*
 * accel/tcg/threads.c: what vCPUs running on several host threads at once
 * need from the accelerator (-accel tcg,thread=multi; hw-spapr's
 * spapr-smp.c makes the threads).
 *
 * Three mechanisms, all of them no-ops or uncontended when one thread runs
 * every vCPU (thread=single, or one vCPU):
 *
 * The exclusive section.  A thread that runs guest code, or touches a
 * vCPU's state outside the machine lock, is "running": it calls
 * cpu_exec_start() before and cpu_exec_end() after, and only sleeps or
 * blocks on another thread's progress after cpu_exec_end().  Inside the
 * exec loop every exit request is a safe point (cpu_exec_safepoint): a
 * running thread that sees a section wanted steps out and back in, and
 * stays out while the section lasts.  start_exclusive() kicks every vCPU
 * and waits until no thread is running; the section owner may then read
 * and write every vCPU, the TB cache and the code buffer.  The whole-buffer
 * flush, a reset, the monitor's and the debugger's stops and hypervisor
 * calls that change every vCPU's registers run in one.  Rules: never call
 * start_exclusive() with the machine lock or the TB lock held (a running
 * thread may be waiting for either), and never wait for another vCPU while
 * running except through the loops here, which pass safe points.
 *
 * The TB lock.  The TB cache (hash, page lists, TB list, code buffer,
 * chaining) and the translator's single TCGContext are shared by every
 * vCPU thread and changed only under it; the per-vCPU jump caches are read
 * without it (generated code reads them too), written by their own thread
 * and cleared by invalidation with atomic stores.  A fault while
 * translating longjmps out with the lock held: cpu_exec drops it
 * (tb_lock_reset).
 *
 * Cross-vCPU TLB work.  A global tlbie (or a hypervisor change of an HPTE)
 * must reach every vCPU's softmmu TLB, which only its own thread may
 * change while it runs.  cpu_tlb_post() queues the local flush the other
 * vCPUs must repeat (a function and its arguments) and kicks them; each
 * runs its queue at its next safe point or wake-up (cpu_process_work).
 * The issuer's tlbsync/ptesync, or the end of the hcall, waits until every
 * vCPU it posted to has run what it posted (cpu_tlb_wait: Power ISA 3.0
 * Book III 5.10.1, "tlbsync ... ptesync ensures that all TLB invalidations
 * have been performed by all processors"), at a safe point of the exec
 * loop, never inside generated code.  The queue only ever holds TLB
 * invalidations, so an overflowing queue becomes one full flush of every
 * cached translation (cpu_tlb_flush_all: the MMU's page walk cache too,
 * which a plain tlb_flush leaves, so that a dropped tlbie RIC=2 of a
 * freed page table once let a vCPU walk a reused page as a table).
 *
 * State here is the accelerator's and so per process (as the code buffer
 * is): one machine per process.
 */
#include <errno.h>
#include <poll.h>
#include <sched.h>
#include <string.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include <glib.h>

#include "accel/tcg/internal.h"

/* how long cpu_tlb_wait spins before it yields the host CPU */
#define TLB_WAIT_SPIN_US 30

static struct {
    bool parallel;     /* set before any vCPU runs, read-only after */
    GMutex lock;       /* the exclusive section's state below */
    GCond idle;        /* running went to 0 */
    GCond resume;      /* a section ended */
    unsigned running;  /* threads between cpu_exec_start and _end */
    bool active;       /* a section is wanted or on (atomic reads) */
    GMutex tb_lock;
} thr;

static __thread bool thread_running;
static __thread bool thread_was_running; /* around a section it owns */
static __thread bool tb_lock_held;

void accel_set_parallel(bool on) { thr.parallel = on; }

bool accel_parallel(void) { return thr.parallel; }

/* ------------------------------------------------------------ TB lock */

void tb_lock(void)
{
    g_assert(!tb_lock_held);
    g_mutex_lock(&thr.tb_lock);
    tb_lock_held = true;
}

void tb_unlock(void)
{
    g_assert(tb_lock_held);
    tb_lock_held = false;
    g_mutex_unlock(&thr.tb_lock);
}

bool tb_lock_is_held(void) { return tb_lock_held; }

void tb_lock_reset(void)
{
    if (tb_lock_held) {
        tb_unlock();
    }
}

/* ------------------------------------------------------------ exclusive */

void cpu_exec_start(void)
{
    g_mutex_lock(&thr.lock);
    while (thr.active) {
        g_cond_wait(&thr.resume, &thr.lock);
    }
    thr.running++;
    thread_running = true;
    g_mutex_unlock(&thr.lock);
}

void cpu_exec_end(void)
{
    g_mutex_lock(&thr.lock);
    g_assert(thr.running > 0);
    thr.running--;
    thread_running = false;
    if (thr.running == 0) {
        g_cond_broadcast(&thr.idle);
    }
    g_mutex_unlock(&thr.lock);
}

bool cpu_exclusive_wanted(void)
{
    return __atomic_load_n(&thr.active, __ATOMIC_ACQUIRE);
}

void cpu_exec_safepoint(void)
{
    if (thread_running && cpu_exclusive_wanted()) {
        cpu_exec_end();
        cpu_exec_start();
    }
}

void start_exclusive(void)
{
    g_assert(!tb_lock_held);
    thread_was_running = thread_running;
    if (thread_running) {
        cpu_exec_end();
    }
    g_mutex_lock(&thr.lock);
    while (thr.active) {
        g_cond_wait(&thr.resume, &thr.lock);
    }
    __atomic_store_n(&thr.active, true, __ATOMIC_RELEASE);
    /* every other vCPU to its next safe point (a sleeping one is not
       running; this thread's own vCPU is already at one, and a kick would
       stay behind in its exit_request) */
    for (unsigned i = 0; i < accel_cpu_count(); i++) {
        CPUPPCState *other = accel_cpu_nth(i)->env;
        if (other != cpu_exec_current()) {
            cpu_exec_kick(other);
        }
    }
    while (thr.running > 0) {
        g_cond_wait(&thr.idle, &thr.lock);
    }
    g_mutex_unlock(&thr.lock);
}

void end_exclusive(void)
{
    g_mutex_lock(&thr.lock);
    __atomic_store_n(&thr.active, false, __ATOMIC_RELEASE);
    g_cond_broadcast(&thr.resume);
    g_mutex_unlock(&thr.lock);
    if (thread_was_running) {
        thread_was_running = false;
        cpu_exec_start();
    }
}

/* ------------------------------------------------------------ kicks */

void accel_cpu_threads_init(AccelCPU *ac)
{
    ac->wake_fd = -1;
    g_mutex_init(&ac->work_lock);
    if (thr.parallel) {
        ac->wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
        if (ac->wake_fd < 0) {
            g_error("accel/tcg: cannot create an eventfd: %s",
                    strerror(errno));
        }
    }
}

void accel_cpu_threads_exit(AccelCPU *ac)
{
    if (ac->wake_fd >= 0) {
        close(ac->wake_fd);
    }
    g_mutex_clear(&ac->work_lock);
    g_free(ac->wait_for);
}

/* async-signal-safe: an eventfd write */
void cpu_wake(CPUPPCState *env)
{
    /* any thread, even before accel_cpu_init has published env->accel
       (the decrementer thread starts with the CPU) */
    AccelCPU *ac = __atomic_load_n(&env->accel, __ATOMIC_ACQUIRE);
    uint64_t one = 1;

    /* EAGAIN: the counter is full, the sleeper wakes anyway */
    if (ac && ac->wake_fd >= 0 && write(ac->wake_fd, &one, sizeof(one)) < 0) {
        return;
    }
}

void cpu_wait_kick(CPUPPCState *env, int64_t timeout_ns)
{
    AccelCPU *ac = accel_cpu(env);
    struct timespec ts, *tsp = NULL;
    uint64_t count;

    if (timeout_ns >= 0) {
        ts.tv_sec = (time_t)(timeout_ns / 1000000000);
        ts.tv_nsec = (long)(timeout_ns % 1000000000);
        tsp = &ts;
    }
    cpu_exec_end();
    if (ac->wake_fd >= 0) {
        struct pollfd pfd = { .fd = ac->wake_fd, .events = POLLIN };

        __atomic_store_n(&ac->asleep, true, __ATOMIC_SEQ_CST);
        /* woken, timed out or a signal: the caller looks again */
        if (ppoll(&pfd, 1, tsp, NULL) > 0 &&
            read(ac->wake_fd, &count, sizeof(count)) < 0) {
            count = 0; /* EAGAIN: drained already */
        }
        /* before its queue is looked at again (the vCPU loop runs it
           before any guest code): pairs with cpu_tlb_wait's look */
        __atomic_store_n(&ac->asleep, false, __ATOMIC_SEQ_CST);
    }
    cpu_exec_start();
}

/* ------------------------------------------------------------ TLB work */

void cpu_tlb_post(CPUPPCState *self, CPUTlbWorkFn fn, const uint64_t *args)
{
    AccelCPU *me = accel_cpu(self);
    unsigned n = accel_cpu_count();

    if (me->wait_for == NULL) {
        me->wait_for = g_new0(uint64_t, n);
        me->wait_len = n;
    }
    for (unsigned i = 0; i < n && i < me->wait_len; i++) {
        AccelCPU *ac = accel_cpu_nth(i);

        if (ac == me) {
            continue;
        }
        g_mutex_lock(&ac->work_lock);
        if (ac->nb_work < CPU_TLB_WORK_MAX) {
            CPUTlbWork *w = &ac->work[ac->nb_work++];
            w->fn = fn;
            memcpy(w->args, args, sizeof(w->args));
        } else {
            ac->work_overflow = true;
        }
        me->wait_for[i] = ++ac->work_posted;
        __atomic_store_n(&ac->work_pending, true, __ATOMIC_SEQ_CST);
        g_mutex_unlock(&ac->work_lock);
        /* a vCPU asleep in cpu_wait_kick runs its queue when it wakes,
           before any guest code (the same seq_cst pairing as
           cpu_tlb_wait's): kicking it only woke it for nothing.  The
           kernel's code patching (ftrace's, at boot) does a global
           tlbie per patched instruction, tens of thousands, while the
           secondaries wait for start-cpu: 0.35 s of eventfd writes and
           wake-ups of a -smp 2 boot */
        if (!__atomic_load_n(&ac->asleep, __ATOMIC_SEQ_CST)) {
            cpu_exec_kick(ac->env);
        }
    }
    me->sync_outstanding = true;
}

void cpu_process_work(CPUPPCState *env)
{
    AccelCPU *ac = accel_cpu(env);
    CPUTlbWork work[CPU_TLB_WORK_MAX];
    unsigned nb;
    bool overflow;
    uint64_t posted;

    if (!ac || !__atomic_load_n(&ac->work_pending, __ATOMIC_SEQ_CST)) {
        return;
    }
    g_mutex_lock(&ac->work_lock);
    nb = ac->nb_work;
    memcpy(work, ac->work, nb * sizeof(work[0]));
    overflow = ac->work_overflow;
    posted = ac->work_posted;
    ac->nb_work = 0;
    ac->work_overflow = false;
    __atomic_store_n(&ac->work_pending, false, __ATOMIC_RELAXED);
    g_mutex_unlock(&ac->work_lock);
    if (overflow) {
        /* not tlb_flush alone: the dropped work may have been a tlbie
           RIC=1/2 whose page walk cache entries name a freed table */
        cpu_tlb_flush_all(env);
    } else {
        for (unsigned i = 0; i < nb; i++) {
            work[i].fn(env, work[i].args);
        }
    }
    __atomic_store_n(&ac->work_done, posted, __ATOMIC_RELEASE);
}

bool cpu_tlb_sync_needed(CPUPPCState *env)
{
    AccelCPU *ac = accel_cpu(env);

    return ac && ac->sync_outstanding;
}

void cpu_tlb_wait(CPUPPCState *env)
{
    AccelCPU *me = accel_cpu(env);
    unsigned yields = 0;
    gint64 spin_until;

    if (!me->sync_outstanding) {
        return;
    }
    /*
     * A vCPU asleep in cpu_wait_kick runs no guest code, and runs its
     * queue before it runs any again: for it the invalidation is as good
     * as performed, and waking it up for each tlbie only to wait for it
     * cost a two-vCPU boot (whose second vCPU waits for start-cpu) about
     * 1.5 s.  The poster's queue store and this load, and the sleeper's
     * clearing of asleep and its load of work_pending, are seq_cst: one
     * of the two sides sees the other (if it sees asleep, the sleeper
     * sees the work when it wakes).
     */
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    spin_until = g_get_monotonic_time() + TLB_WAIT_SPIN_US;
    for (;;) {
        bool all = true;

        for (unsigned i = 0; i < me->wait_len; i++) {
            AccelCPU *ac = accel_cpu_nth(i);
            if (ac != me &&
                __atomic_load_n(&ac->work_done, __ATOMIC_ACQUIRE) <
                    me->wait_for[i] &&
                !__atomic_load_n(&ac->asleep, __ATOMIC_SEQ_CST)) {
                all = false;
                break;
            }
        }
        if (all) {
            break;
        }
        /* what others post to us while we wait (two vCPUs may wait for
           each other), and a section someone wants, go first */
        cpu_process_work(env);
        cpu_exec_safepoint();
        if (g_get_monotonic_time() < spin_until) {
            /* a running vCPU answers at its next TB entry, within
               microseconds: yielding first could hand this host CPU to
               another process for a whole time slice */
            for (unsigned k = 0; k < 16; k++) {
                __builtin_ia32_pause();
            }
        } else if (++yields < 1000) {
            sched_yield();
        } else {
            struct timespec ts = { 0, 50000 };
            nanosleep(&ts, NULL);
        }
    }
    me->sync_outstanding = false;
}

void cpu_thread_gone(CPUPPCState *env)
{
    AccelCPU *ac = accel_cpu(env);

    /* nobody waits for a vCPU whose thread has ended */
    cpu_process_work(env);
    __atomic_store_n(&ac->work_done, UINT64_MAX, __ATOMIC_RELEASE);
}
