/*
 * hw-spapr/spapr-smp.c: several vCPUs (-smp) — the topology checks, one
 * host thread per vCPU (-accel tcg,thread=multi, the default with more
 * than one vCPU), the machine lock, and the round-robin scheduler that
 * runs every vCPU on the run-loop thread (-accel tcg,thread=single).
 *
 * thread=multi.  Each vCPU has a host thread ("vcpu N") that runs
 * cpu_exec() while the vCPU is neither stopped (RTAS stop-self, or a
 * secondary not yet started) nor ceded with nothing to do, and otherwise
 * sleeps in cpu_wait_kick() (accel/tcg/threads.c) until kicked, or until
 * its decrementer fires if it takes external interrupts.  Everything that
 * gives a vCPU work kicks it: the XICS raising its output (an IPI, a
 * device), H_PROD and start-cpu (spapr_idle_wake_cpu wakes it alone), a
 * machine request, its decrementer's timer thread.  The run-loop thread
 * (the main thread, spapr.c) keeps the machine requests: a reset, the
 * monitor's and the debugger's stops run in an exclusive section (every
 * vCPU thread out of generated code and asleep or parked), and quitting
 * joins the threads.  The monitor, QMP, the gdbstub and the chardevs keep
 * their own threads, as with one vCPU.
 *
 * The machine lock (m->lock, spapr_machine_lock) is taken around every
 * hcall (and so RTAS, which is an hcall), and by each vCPU thread while it
 * looks at its stopped/ceded state; never while generated code runs.  An
 * hcall that changes other vCPUs' registers (H_REGISTER_PROC_TBL,
 * H_SET_MODE) does so in an exclusive section (spapr_smp_exclusive_begin:
 * the lock is dropped first, since a running vCPU may be waiting for it).
 * Interrupt state has its own lock (xics.c), the decrementer its own
 * (timebase.c), and the timebase is the host's monotonic clock, one for
 * all vCPUs.
 *
 * With thread=single the rest of this header holds, as before.
 *
 * Topology.  vCPU i is thread i % T of core i / T (T = threads per core);
 * its interrupt server number and PIR are i, so a core's threads have
 * consecutive servers and the device tree's core node is named after its
 * first thread (fdt.c).  POWER9 cores have at most 4 threads as a pseries
 * guest sees them (SMT4), POWER8 cores 8.  Linux sends IPIs between the
 * threads of a core with msgsndp doorbells (target-ppc/trans-msg.c; the
 * core's threads are found through spapr_core_thread) and to other cores
 * through the XICS.
 *
 * Scheduling.  One pass of the run loop gives each vCPU that is neither
 * stopped (RTAS stop-self, or a secondary not yet started) nor ceded a time
 * slice: cpu_exec() until it returns.  A vCPU returns when it cedes
 * (EXCP_HALTED), when an exit request comes (an interrupt for it, a
 * run-loop request), or when its slice ends: a timer thread requests the
 * exit of whichever vCPU runs every SCHED_SLICE_NS.  H_CONFER ends the
 * caller's slice at once, so that a spinning vCPU hands the host over to
 * the lock holder.  When every vCPU is ceded or stopped, the run loop
 * waits in spapr_idle_wait() and the timer thread sleeps too: an idle
 * guest costs no host CPU.
 *
 * Because only one vCPU runs at a time, everything the vCPUs share (the TB
 * cache, guest RAM, the hypervisor state) sees one thread, a larx/stcx.
 * pair is as atomic as on one CPU (trans-atomic.c: a stcx. succeeds only
 * if storage still holds the reserved value), and a global tlbie can flush
 * another vCPU's TLB directly (trans-mmu.c).
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <glib.h>

#include "exec.h"
#include "runstate.h"
#include "spapr-hv.h"

#define SCHED_SLICE_NS 2000000 /* 2 ms */

typedef struct SpaprVcpuThread {
    SpaprMachine *m;
    uint32_t index;
    GThread *thread;
    int tid;                 /* the host thread's id (t->lock), for the
                                monitor's `info cpus` */
} SpaprVcpuThread;

typedef struct SpaprThreads {
    SpaprVcpuThread vcpu[SPAPR_MAX_CPUS];
    uint32_t nr;
    GMutex lock;             /* the tids, while the threads start */
    GCond started;
    bool quit;               /* atomic */
    CPUPPCState *checkstop;  /* atomic: the first vCPU that checkstopped */
} SpaprThreads;

typedef struct SpaprSched {
    pthread_t timer;
    pthread_mutex_t lock;
    pthread_cond_t cond;
    CPUPPCState *running; /* the vCPU in cpu_exec, or NULL (lock) */
    bool idle;            /* the run loop waits for an event (lock) */
    bool quit;            /* (lock) */
} SpaprSched;

/* ------------------------------------------------------------ topology */

bool spapr_smp_check(SpaprMachine *m, const SpaprConfig *cfg, char **err)
{
    uint32_t cpus = cfg->smp_cpus ? cfg->smp_cpus : 1;
    uint32_t max = cfg->smp_max_cpus ? cfg->smp_max_cpus : cpus;
    uint32_t threads = cfg->smp_threads ? cfg->smp_threads : 1;
    uint32_t max_threads = cfg->cpu_model == PPC_MODEL_POWER8 ? 8 : 4;

    if (max < cpus || max > SPAPR_MAX_CPUS) {
        *err = g_strdup_printf("Invalid SMP CPUs %u. The max CPUs supported "
                               "by machine 'pseries' is %d", max,
                               SPAPR_MAX_CPUS);
        return false;
    }
    if (threads > max_threads) {
        *err = g_strdup_printf("Cannot support more than %u threads/core "
                               "on a pseries machine", max_threads);
        return false;
    }
    /* QEMU's words (its KVM path: its TCG refuses threads > 1, we run
       them, with msgsndp doorbells between a core's threads) */
    if (threads & (threads - 1)) {
        *err = g_strdup_printf("Cannot support %u threads/core on a pseries "
                               "machine because it must be a power of 2",
                               threads);
        return false;
    }
    if (cpus % threads) {
        *err = g_strdup_printf("smp_cpus (%u) must be multiple of threads "
                               "(%u)", cpus, threads);
        return false;
    }
    /* QEMU's default for a pseries guest on an x86-64 host: multi */
    m->threaded = cpus > 1 && (!cfg->thread_given || cfg->mttcg);
    m->nr_cpus = cpus;
    m->max_cpus = max;
    m->smp_threads = threads;
    return true;
}

/* ------------------------------------------------------------ time slices */

static void *sched_timer_main(void *opaque)
{
    SpaprSched *s = opaque;
    struct timespec ts;

    pthread_mutex_lock(&s->lock);
    while (!s->quit) {
        if (s->idle || !s->running) {
            pthread_cond_wait(&s->cond, &s->lock);
            continue;
        }
        clock_gettime(CLOCK_MONOTONIC, &ts);
        ts.tv_nsec += SCHED_SLICE_NS;
        if (ts.tv_nsec >= 1000000000) {
            ts.tv_nsec -= 1000000000;
            ts.tv_sec++;
        }
        CPUPPCState *before = s->running;
        while (!s->quit &&
               pthread_cond_timedwait(&s->cond, &s->lock, &ts) != ETIMEDOUT) {
        }
        /* still the same vCPU after a whole slice: its turn is over */
        if (!s->quit && !s->idle && s->running && s->running == before) {
            cpu_exit(s->running);
        }
    }
    pthread_mutex_unlock(&s->lock);
    return NULL;
}

bool spapr_sched_start(SpaprMachine *m, char **err)
{
    SpaprSched *s;
    pthread_condattr_t ca;

    if (m->nr_cpus < 2 || m->sched) {
        return true;
    }
    s = g_new0(SpaprSched, 1);
    pthread_mutex_init(&s->lock, NULL);
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&s->cond, &ca);
    pthread_condattr_destroy(&ca);
    if (pthread_create(&s->timer, NULL, sched_timer_main, s) != 0) {
        *err = g_strdup("cannot create the scheduler's timer thread");
        pthread_cond_destroy(&s->cond);
        pthread_mutex_destroy(&s->lock);
        g_free(s);
        return false;
    }
    m->sched = s;
    return true;
}

void spapr_sched_stop(SpaprMachine *m)
{
    SpaprSched *s = m->sched;

    if (!s) {
        return;
    }
    pthread_mutex_lock(&s->lock);
    s->quit = true;
    pthread_cond_signal(&s->cond);
    pthread_mutex_unlock(&s->lock);
    pthread_join(s->timer, NULL);
    pthread_cond_destroy(&s->cond);
    pthread_mutex_destroy(&s->lock);
    g_free(s);
    m->sched = NULL;
}

static void sched_set(SpaprSched *s, CPUPPCState *running, bool idle)
{
    pthread_mutex_lock(&s->lock);
    s->running = running;
    s->idle = idle;
    pthread_cond_signal(&s->cond);
    pthread_mutex_unlock(&s->lock);
}

void spapr_sched_yield(SpaprMachine *m, CPUPPCState *env)
{
    if (m->sched) {
        cpu_exit(env);
    } else if (m->threaded) {
        /* more vCPUs than host CPUs: let the one waited for run */
        sched_yield();
    }
}

/* ------------------------------------------------------------ one pass */

bool spapr_sched_run_once(SpaprMachine *m)
{
    SpaprSched *s = m->sched;
    bool ran = false;

    for (uint32_t i = 0; i < m->nr_cpus; i++) {
        CPUPPCState *env = m->cpus[i];
        SpaprVcpu *v = spapr_vcpu(m, i);

        if (__atomic_load_n(&m->request, __ATOMIC_SEQ_CST)) {
            return true;
        }
        if (!env || (v && v->stopped)) {
            continue;
        }
        if (s) {
            sched_set(s, env, false);
        }
        if (cpu_exec(env) != EXCP_HALTED) {
            ran = true;
        }
    }
    if (s) {
        sched_set(s, NULL, !ran);
    }
    return ran;
}

/* ------------------------------------------------------------ the machine lock */

void spapr_machine_lock(SpaprMachine *m) { g_mutex_lock(&m->lock); }

void spapr_machine_unlock(SpaprMachine *m) { g_mutex_unlock(&m->lock); }

void spapr_smp_exclusive_begin(SpaprMachine *m)
{
    if (m->threaded) {
        g_mutex_unlock(&m->lock);
        start_exclusive();
        g_mutex_lock(&m->lock);
    }
}

void spapr_smp_exclusive_end(SpaprMachine *m)
{
    if (m->threaded) {
        g_mutex_unlock(&m->lock);
        end_exclusive();
        g_mutex_lock(&m->lock);
    }
}

/* ------------------------------------------------------------ vCPU threads */

/* how long a ceded vCPU may sleep: until its decrementer fires if it takes
   it, for ever if not (a prod, an interrupt or start-cpu kick it) */
static int64_t vcpu_idle_timeout(CPUPPCState *env)
{
    uint64_t dec;

    if (!(env->msr & MSR_BIT(MSR_EE))) {
        return -1;
    }
    dec = ppc_load_dec(env) & 0xffffffffu;
    if (dec & 0x80000000u) {
        return 0;
    }
    /* the timebase runs at 512 MHz: a tick is 125/64 ns */
    return (int64_t)(((dec + 1) * 125 + 63) / 64);
}

static bool vcpu_threads_quit(SpaprThreads *t)
{
    return __atomic_load_n(&t->quit, __ATOMIC_ACQUIRE);
}

static gpointer spapr_vcpu_thread(gpointer opaque)
{
    SpaprVcpuThread *vt = opaque;
    SpaprMachine *m = vt->m;
    SpaprThreads *t = m->threads;
    CPUPPCState *env = m->cpus[vt->index];

    g_mutex_lock(&t->lock);
    vt->tid = (int)syscall(SYS_gettid);
    g_cond_broadcast(&t->started);
    g_mutex_unlock(&t->lock);
    cpu_exec_start();
    while (!vcpu_threads_quit(t)) {
        int64_t timeout = -1;
        bool idle;

        cpu_process_work(env);
        spapr_machine_lock(m);
        SpaprVcpu *v = spapr_vcpu(m, vt->index);
        if ((v && v->stopped) || runstate_stop_wanted(m->runstate) ||
            env->checkstop) {
            /* until start-cpu, a continue (spapr.c kicks every vCPU
               after the stop) or the end */
            idle = true;
        } else if (__atomic_load_n(&env->halted, __ATOMIC_ACQUIRE) &&
                   !ppc_cpu_has_work(env)) {
            idle = true;
            timeout = vcpu_idle_timeout(env);
        } else {
            idle = false;
            spapr_vcpu_dispatch(m, env);
        }
        spapr_machine_unlock(m);
        if (idle) {
            cpu_wait_kick(env, timeout);
            continue;
        }

        int r = cpu_exec(env);
        if (env->checkstop) {
            CPUPPCState *none = NULL;
            __atomic_compare_exchange_n(&t->checkstop, &none, env, false,
                                        __ATOMIC_SEQ_CST, __ATOMIC_RELAXED);
            spapr_machine_request(m, SPAPR_REQ_PAUSE);
        } else if (r == EXCP_DEBUG) {
            /* a breakpoint or a step: every vCPU stops (spapr.c parks
               them); this one waits above until the continue */
            runstate_debug_stop(m->runstate);
            spapr_machine_request(m, SPAPR_REQ_PAUSE);
        }
    }
    cpu_thread_gone(env);
    cpu_exec_end();
    return NULL;
}

bool spapr_threads_start(SpaprMachine *m, char **err)
{
    SpaprThreads *t;

    if (!m->threaded || m->threads) {
        return true;
    }
    t = g_new0(SpaprThreads, 1);
    g_mutex_init(&t->lock);
    g_cond_init(&t->started);
    m->threads = t;
    for (uint32_t i = 0; i < m->nr_cpus; i++) {
        char name[16];

        t->vcpu[i] = (SpaprVcpuThread){ .m = m, .index = i };
        snprintf(name, sizeof(name), "vcpu %u", i);
        t->vcpu[i].thread = g_thread_try_new(name, spapr_vcpu_thread,
                                             &t->vcpu[i], NULL);
        if (!t->vcpu[i].thread) {
            *err = g_strdup_printf("cannot create the thread of vCPU %u", i);
            spapr_threads_stop(m);
            return false;
        }
        t->nr = i + 1;
    }
    /* the monitor may ask for the threads' ids once the run loop runs */
    g_mutex_lock(&t->lock);
    for (uint32_t i = 0; i < t->nr; i++) {
        while (t->vcpu[i].tid == 0) {
            g_cond_wait(&t->started, &t->lock);
        }
    }
    g_mutex_unlock(&t->lock);
    return true;
}

void spapr_threads_stop(SpaprMachine *m)
{
    SpaprThreads *t = m->threads;

    if (!t) {
        return;
    }
    __atomic_store_n(&t->quit, true, __ATOMIC_RELEASE);
    for (uint32_t i = 0; i < t->nr; i++) {
        cpu_exit(m->cpus[i]);
    }
    for (uint32_t i = 0; i < t->nr; i++) {
        g_thread_join(t->vcpu[i].thread);
    }
    g_mutex_clear(&t->lock);
    g_cond_clear(&t->started);
    g_free(t);
    m->threads = NULL;
}

int spapr_vcpu_thread_id(SpaprMachine *m, uint32_t index)
{
    SpaprThreads *t = m->threads;
    int tid = 0;

    if (!m->threaded) {
        return (int)getpid(); /* the run loop's: the main thread */
    }
    if (t && index < t->nr) {
        g_mutex_lock(&t->lock);
        tid = t->vcpu[index].tid;
        g_mutex_unlock(&t->lock);
    }
    return tid;
}

CPUPPCState *spapr_threads_checkstop(SpaprMachine *m)
{
    return m->threads ? __atomic_load_n(&m->threads->checkstop,
                                        __ATOMIC_ACQUIRE)
                      : NULL;
}

/* ------------------------------------------------------------ SMT */

/* thread tid of env's core: vCPU (index / T) * T + tid */
CPUPPCState *spapr_core_thread(void *opaque, CPUPPCState *env, uint32_t tid)
{
    SpaprMachine *m = opaque;
    uint32_t threads = m->smp_threads ? m->smp_threads : 1;
    uint32_t first = env->cpu_index - env->cpu_index % threads;

    if (tid >= threads || first + tid >= m->nr_cpus) {
        return NULL;
    }
    return m->cpus[first + tid];
}

/* a doorbell for env: a running vCPU leaves its chained code, a sleeping
   one wakes (its own thread with thread=multi, the run loop without) */
void spapr_cpu_kick(void *opaque, CPUPPCState *env)
{
    SpaprMachine *m = opaque;

    cpu_exit(env);
    if (!m->threaded) {
        spapr_idle_wake(m);
    }
}

void spapr_threads_kick_all(SpaprMachine *m)
{
    for (uint32_t i = 0; i < m->nr_cpus; i++) {
        if (m->cpus[i]) {
            cpu_exit(m->cpus[i]);
        }
    }
}
