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
 * vCPU therefore has a timerfd that a DEC write arms for the next moment
 * DEC turns negative (u + 1 ticks for the 32-bit value u written, at once
 * if u is negative already, then every 2^32 ticks as DEC wraps round),
 * and a thread blocked reading it that calls cpu_exit() when it expires;
 * the exec loop then runs ppc_cpu_exec_interrupt(), which looks at DEC
 * itself (a kick for a DEC rewritten meanwhile is harmless).  The write
 * is one timerfd_settime() and wakes nothing: with a condition variable
 * the thread woke for every write to re-arm, two wake-ups per guest tick
 * instead of one, each taking a host CPU from a running vCPU when all
 * of them are busy (-smp 2 on two host CPUs).
 */
#include <errno.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include <glib.h>

#include "exec.h"
#include "internal.h"

#define TB_FREQ_HZ 512000000ull

/* 2^32 ticks of 125/64 ns: how often DEC passes from 0 to -1 unwritten */
#define DEC_WRAP_NS (((uint64_t)1 << 26) * 125)

typedef struct PPCTimebase {
    GMutex lock;          /* dec_written, dec_tb */
    GThread *thread;
    int timer_fd;         /* expires when DEC next turns negative */
    int quit_fd;          /* an eventfd: the thread ends */
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

/* arms the timer for the DEC value u just written (t->lock held) */
static void dec_arm(PPCTimebase *t, uint32_t u)
{
    struct itimerspec its = {
        .it_interval = { .tv_sec = (time_t)(DEC_WRAP_NS / 1000000000u),
                         .tv_nsec = (long)(DEC_WRAP_NS % 1000000000u) },
    };
    uint64_t ns;

    if (u & 0x80000000u) {
        ns = 1; /* an exception exists now */
    } else {
        /* DEC goes from 0 to -1 after u + 1 ticks; rounded up, never
           early (a kick before the crossing would be the only one) */
        ns = ((uint64_t)u + 1) * 125 / 64 + 1000;
    }
    its.it_value.tv_sec = (time_t)(ns / 1000000000u);
    its.it_value.tv_nsec = (long)(ns % 1000000000u);
    if (t->timer_fd >= 0) {
        timerfd_settime(t->timer_fd, 0, &its, NULL);
    }
}

void ppc_store_dec(CPUPPCState *env, uint64_t val)
{
    PPCTimebase *t = env->timebase;
    g_mutex_lock(&t->lock);
    t->dec_written = (uint32_t)val;
    t->dec_tb = ppc_get_timebase(env);
    dec_arm(t, (uint32_t)val);
    g_mutex_unlock(&t->lock);
}

bool ppc_dec_pending(CPUPPCState *env)
{
    return (ppc_load_dec(env) & 0x80000000u) != 0;
}

static gpointer dec_timer_thread(gpointer opaque)
{
    PPCTimebase *t = opaque;
    struct pollfd pfd[2] = {
        { .fd = t->timer_fd, .events = POLLIN },
        { .fd = t->quit_fd, .events = POLLIN },
    };

    for (;;) {
        uint64_t expirations;

        if (poll(pfd, 2, -1) < 0) {
            if (errno == EINTR) {
                continue;
            }
            g_error("target-ppc: the decrementer's poll failed: %s",
                    g_strerror(errno));
        }
        if (pfd[1].revents) {
            return NULL;
        }
        /* EAGAIN: re-armed between the poll and the read; nothing due */
        if ((pfd[0].revents & POLLIN) &&
            read(t->timer_fd, &expirations, sizeof(expirations)) ==
                (ssize_t)sizeof(expirations)) {
            cpu_exit(t->env);
        }
    }
}

void ppc_timebase_init(CPUPPCState *env)
{
    PPCTimebase *t = g_new0(PPCTimebase, 1);
    g_mutex_init(&t->lock);
    t->env = env;
    t->timer_fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    t->quit_fd = eventfd(0, EFD_CLOEXEC);
    if (t->timer_fd < 0 || t->quit_fd < 0) {
        g_error("target-ppc: cannot create the decrementer's timer: %s",
                g_strerror(errno));
    }
    t->dec_written = 0x7fffffff;
    t->dec_tb = ppc_get_timebase(env);
    dec_arm(t, 0x7fffffff);
    env->timebase = t;
    t->thread = g_thread_new("ppc-dec", dec_timer_thread, t);
}

void ppc_timebase_cleanup(CPUPPCState *env)
{
    PPCTimebase *t = env->timebase;
    uint64_t one = 1;

    if (!t) {
        return;
    }
    if (write(t->quit_fd, &one, sizeof(one)) != (ssize_t)sizeof(one)) {
        g_error("target-ppc: cannot stop the decrementer's thread");
    }
    g_thread_join(t->thread);
    close(t->timer_fd);
    close(t->quit_fd);
    g_mutex_clear(&t->lock);
    g_free(t);
    env->timebase = NULL;
}
