/*
 * hw-spapr/spapr-smp.c: several vCPUs (-smp) — the topology checks and the
 * round-robin scheduler that runs every vCPU on the run-loop thread
 * (-accel tcg,thread=single).
 *
 * Topology.  vCPU i is thread i % T of core i / T (T = threads per core);
 * its interrupt server number and PIR are i, so a core's threads have
 * consecutive servers and the device tree's core node is named after its
 * first thread (fdt.c).  POWER9 cores have at most 4 threads as a pseries
 * guest sees them (SMT4), POWER8 cores 8.
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
#include <string.h>
#include <time.h>

#include <glib.h>

#include "exec.h"
#include "spapr-hv.h"

#define SCHED_SLICE_NS 2000000 /* 2 ms */

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
    /* the device tree and the numbering handle SMT, but an SMT guest uses
       msgsndp doorbells between threads, which are not there yet: refuse
       it as QEMU's TCG does */
    if (threads > 1) {
        *err = g_strdup("TCG cannot support more than 1 thread/core on a "
                        "pseries machine");
        return false;
    }
    if (threads & (threads - 1)) {
        *err = g_strdup_printf("Cannot support %u threads/core on a pseries "
                               "machine (the count must be a power of 2)",
                               threads);
        return false;
    }
    if (cpus % threads) {
        *err = g_strdup_printf("CPU count %u is not a multiple of the %u "
                               "threads per core (CPUs come in whole cores)",
                               cpus, threads);
        return false;
    }
    if (cfg->thread_given && cfg->mttcg && cpus > 1) {
        *err = g_strdup("-accel tcg,thread=multi is not yet supported with "
                        "more than one vCPU: use thread=single");
        return false;
    }
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
