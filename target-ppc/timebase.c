/*
 * target-ppc/timebase.c: the Time Base and the Decrementer (Power ISA 3.0
 * Book II ch. 5, Book III ch. 7).
 *
 * The timebase runs at 512 MHz from the host's CLOCK_MONOTONIC, plus the
 * per-vCPU env->tb_offset.  The decrementer is not counted down: a write
 * stores the value and the timebase at that moment, and a read computes
 * DEC = written - (tb_now - tb_at_write).  Large-decrementer mode (LPCR[LD])
 * is a hypervisor choice we never make, so DEC is 32 bits: reads return it
 * zero-extended and a Decrementer exception exists while its bit 0 (the
 * 32-bit sign) is 1.
 *
 * Generated code only looks at the exit request at TB entry, so a vCPU
 * looping in chained TBs would never notice that DEC went negative.  Each
 * vCPU therefore has a timer thread that sleeps until the next moment DEC
 * turns negative (u + 1 ticks for the current 32-bit value u, whatever its
 * sign) and then calls cpu_exit(); the exec loop then runs
 * ppc_cpu_exec_interrupt().  A DEC write wakes the thread to re-arm.
 */
#include <time.h>

#include <glib.h>

#include "exec.h"
#include "internal.h"

#define TB_FREQ_HZ 512000000ull

typedef struct PPCTimebase {
    GMutex lock;
    GCond cond;
    GThread *thread;
    bool quit;
    uint64_t dec_written; /* the 32-bit value last written */
    uint64_t dec_tb;      /* the timebase when it was written */
    CPUPPCState *env;
} PPCTimebase;

static uint64_t host_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* ns * 512 / 1000 without overflowing for any uptime */
static uint64_t ns_to_ticks(uint64_t ns)
{
    return ns / 125 * 64 + ns % 125 * 64 / 125;
}

uint64_t ppc_get_timebase(CPUPPCState *env)
{
    return ns_to_ticks(host_ns()) + (uint64_t)env->tb_offset;
}

static uint32_t dec_now(CPUPPCState *env, const PPCTimebase *t)
{
    return (uint32_t)(t->dec_written - (ppc_get_timebase(env) - t->dec_tb));
}

uint64_t ppc_load_dec(CPUPPCState *env)
{
    PPCTimebase *t = env->timebase;
    g_mutex_lock(&t->lock);
    uint32_t v = dec_now(env, t);
    g_mutex_unlock(&t->lock);
    return v;
}

void ppc_store_dec(CPUPPCState *env, uint64_t val)
{
    PPCTimebase *t = env->timebase;
    g_mutex_lock(&t->lock);
    t->dec_written = (uint32_t)val;
    t->dec_tb = ppc_get_timebase(env);
    g_cond_signal(&t->cond);
    g_mutex_unlock(&t->lock);
}

bool ppc_dec_pending(CPUPPCState *env)
{
    return (ppc_load_dec(env) & 0x80000000u) != 0;
}

static gpointer dec_timer_thread(gpointer opaque)
{
    PPCTimebase *t = opaque;
    CPUPPCState *env = t->env;
    bool kicked = false;

    g_mutex_lock(&t->lock);
    while (!t->quit) {
        uint32_t u = dec_now(env, t);
        if ((u & 0x80000000u) && !kicked) {
            kicked = true;
            g_mutex_unlock(&t->lock);
            cpu_exit(env);
            g_mutex_lock(&t->lock);
            continue;
        }
        /* DEC next goes from 0 to -1 after u + 1 ticks */
        uint64_t us = ((uint64_t)u + 1) * 125 / 64 / 1000 + 1;
        g_cond_wait_until(&t->cond, &t->lock,
                          g_get_monotonic_time() + (gint64)us);
        /* a write, or a new crossing: either may need a new kick */
        kicked = false;
    }
    g_mutex_unlock(&t->lock);
    return NULL;
}

void ppc_timebase_init(CPUPPCState *env)
{
    PPCTimebase *t = g_new0(PPCTimebase, 1);
    g_mutex_init(&t->lock);
    g_cond_init(&t->cond);
    t->env = env;
    t->dec_written = 0x7fffffff;
    t->dec_tb = ppc_get_timebase(env);
    env->timebase = t;
    t->thread = g_thread_new("ppc-dec", dec_timer_thread, t);
}

void ppc_timebase_cleanup(CPUPPCState *env)
{
    PPCTimebase *t = env->timebase;
    if (!t) {
        return;
    }
    g_mutex_lock(&t->lock);
    t->quit = true;
    g_cond_signal(&t->cond);
    g_mutex_unlock(&t->lock);
    g_thread_join(t->thread);
    g_mutex_clear(&t->lock);
    g_cond_clear(&t->cond);
    g_free(t);
    env->timebase = NULL;
}
