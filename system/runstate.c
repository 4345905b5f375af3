/*
 * system/runstate.c: running and stopped (include/runstate.h).
 *
 * One mutex and one condition.  stop_wanted says the vCPU must not run;
 * parked says it has reached the run loop's parking place, where it holds
 * no guest state in host registers and no TB runs, so another thread may
 * read and write the vCPU and guest memory.  A stop is asked for with a
 * machine request (SPAPR_REQ_PAUSE), which kicks the vCPU out of its TBs
 * and out of an idle wait.  The parked loop wakes every 50 ms to see a
 * quit request, because a signal handler cannot signal a condition.
 */
#include <string.h>

#include <glib.h>

#include "exec.h"
#include "runstate.h"
#include "spapr.h"

struct RunState {
    GMutex lock;
    GCond cond;
    bool stop_wanted;
    bool parked;
    bool exited;
    bool prelaunch;
    bool shutdown;      /* -no-shutdown after a guest power-off, or a
                           panic with -action panic=pause: a reset is
                           needed */
    bool panicked;      /* the latter */
    RunStopReason reason;
    RunStopFn notify;
    void *opaque;
    RunEventFn event_fn;
    void *event_opaque;
};

RunState *runstate_new(bool start_stopped)
{
    RunState *rs = g_new0(RunState, 1);

    g_mutex_init(&rs->lock);
    g_cond_init(&rs->cond);
    rs->stop_wanted = start_stopped;
    rs->prelaunch = start_stopped;
    rs->reason = RUN_STOP_REQUEST;
    return rs;
}

void runstate_free(RunState *rs)
{
    if (!rs) {
        return;
    }
    g_mutex_clear(&rs->lock);
    g_cond_clear(&rs->cond);
    g_free(rs);
}

void runstate_set_notify(RunState *rs, RunStopFn fn, void *opaque)
{
    g_mutex_lock(&rs->lock);
    rs->notify = fn;
    rs->opaque = opaque;
    g_mutex_unlock(&rs->lock);
}

void runstate_set_event_sink(RunState *rs, RunEventFn fn, void *opaque)
{
    g_mutex_lock(&rs->lock);
    rs->event_fn = fn;
    rs->event_opaque = opaque;
    g_mutex_unlock(&rs->lock);
}

void runstate_event(RunState *rs, const char *name, const char *data)
{
    RunEventFn fn;
    void *opaque;

    g_mutex_lock(&rs->lock);
    fn = rs->event_fn;
    opaque = rs->event_opaque;
    g_mutex_unlock(&rs->lock);
    if (fn) {
        fn(opaque, name, data);
    }
}

bool runstate_stop_wanted(RunState *rs)
{
    return __atomic_load_n(&rs->stop_wanted, __ATOMIC_ACQUIRE);
}

void runstate_debug_stop(RunState *rs)
{
    g_mutex_lock(&rs->lock);
    rs->stop_wanted = true;
    rs->reason = RUN_STOP_DEBUG;
    g_mutex_unlock(&rs->lock);
}

void runstate_park(RunState *rs, SpaprMachine *m)
{
    RunStopFn fn;
    void *opaque;

    g_mutex_lock(&rs->lock);
    if (!rs->stop_wanted) {
        g_mutex_unlock(&rs->lock);
        return;
    }
    rs->parked = true;
    fn = rs->notify;
    opaque = rs->opaque;
    bool prelaunch = rs->prelaunch;
    g_cond_broadcast(&rs->cond);
    g_mutex_unlock(&rs->lock);
    if (!prelaunch) {
        runstate_event(rs, "STOP", NULL);
    }
    if (fn) {
        fn(opaque, rs->reason);
    }

    g_mutex_lock(&rs->lock);
    /* a quit, a reset or a power-off is done while stopped (a reset
       leaves the machine stopped) */
    while (rs->stop_wanted &&
           !(__atomic_load_n(&m->request, __ATOMIC_SEQ_CST) &
             (SPAPR_REQ_QUIT | SPAPR_REQ_SHUTDOWN | SPAPR_REQ_RESET |
              SPAPR_REQ_RESET_HOST))) {
        g_cond_wait_until(&rs->cond, &rs->lock,
                          g_get_monotonic_time() + 50 * G_TIME_SPAN_MILLISECOND);
    }
    bool resumed = !rs->stop_wanted;
    rs->parked = false;
    rs->reason = RUN_STOP_REQUEST;
    g_mutex_unlock(&rs->lock);
    if (resumed) {
        runstate_event(rs, "RESUME", NULL);
    }
}

void runstate_exit(RunState *rs)
{
    RunStopFn fn;
    void *opaque;

    g_mutex_lock(&rs->lock);
    rs->exited = true;
    fn = rs->notify;
    opaque = rs->opaque;
    g_cond_broadcast(&rs->cond);
    g_mutex_unlock(&rs->lock);
    if (fn) {
        fn(opaque, RUN_STOP_EXIT);
    }
}

void runstate_stop_async(RunState *rs, SpaprMachine *m)
{
    RunStopFn fn = NULL;
    void *opaque = NULL;

    g_mutex_lock(&rs->lock);
    rs->stop_wanted = true;
    if (rs->parked) {
        /* continued but not yet woken: it stays parked, and says so */
        fn = rs->notify;
        opaque = rs->opaque;
    }
    g_mutex_unlock(&rs->lock);
    if (fn) {
        fn(opaque, RUN_STOP_REQUEST);
    } else {
        spapr_machine_request(m, SPAPR_REQ_PAUSE);
    }
}

bool runstate_stop(RunState *rs, SpaprMachine *m)
{
    bool ok;

    runstate_stop_async(rs, m);
    g_mutex_lock(&rs->lock);
    while (!rs->parked && !rs->exited) {
        g_cond_wait(&rs->cond, &rs->lock);
    }
    ok = rs->parked;
    g_mutex_unlock(&rs->lock);
    return ok;
}

void runstate_shutdown_stop(RunState *rs)
{
    g_mutex_lock(&rs->lock);
    rs->stop_wanted = true;
    rs->shutdown = true;
    g_mutex_unlock(&rs->lock);
}

void runstate_panic_stop(RunState *rs)
{
    g_mutex_lock(&rs->lock);
    rs->stop_wanted = true;
    rs->shutdown = true;
    rs->panicked = true;
    g_mutex_unlock(&rs->lock);
}

bool runstate_is_panicked(RunState *rs)
{
    bool p;

    g_mutex_lock(&rs->lock);
    p = rs->panicked;
    g_mutex_unlock(&rs->lock);
    return p;
}

void runstate_reset_done(RunState *rs)
{
    g_mutex_lock(&rs->lock);
    rs->shutdown = false;
    rs->panicked = false;
    g_mutex_unlock(&rs->lock);
}

bool runstate_is_shutdown(RunState *rs)
{
    bool s;

    g_mutex_lock(&rs->lock);
    s = rs->shutdown;
    g_mutex_unlock(&rs->lock);
    return s;
}

bool runstate_cont(RunState *rs)
{
    g_mutex_lock(&rs->lock);
    if (rs->shutdown) {
        g_mutex_unlock(&rs->lock);
        return false;
    }
    rs->stop_wanted = false;
    rs->prelaunch = false;
    g_cond_broadcast(&rs->cond);
    g_mutex_unlock(&rs->lock);
    return true;
}

bool runstate_is_parked(RunState *rs)
{
    bool p;

    g_mutex_lock(&rs->lock);
    p = rs->parked;
    g_mutex_unlock(&rs->lock);
    return p;
}

bool runstate_is_prelaunch(RunState *rs)
{
    bool p;

    g_mutex_lock(&rs->lock);
    p = rs->prelaunch;
    g_mutex_unlock(&rs->lock);
    return p;
}

RunStopReason runstate_reason(RunState *rs)
{
    RunStopReason r;

    g_mutex_lock(&rs->lock);
    r = rs->reason;
    g_mutex_unlock(&rs->lock);
    return r;
}

bool debug_memory_rw(SpaprMachine *m, uint64_t addr, uint8_t *buf,
                     uint64_t len, bool write, bool phys)
{
    CPUPPCState *env = m->cpu;

    while (len) {
        uint64_t chunk = TARGET_PAGE_SIZE - (addr & ~TARGET_PAGE_MASK);
        uint64_t ra = addr;
        if (chunk > len) {
            chunk = len;
        }
        if (!phys && !ppc_mmu_debug_translate(env, addr, &ra)) {
            return false;
        }
        if (ra >= m->ram_size || chunk > m->ram_size - ra) {
            return false;
        }
        if (write) {
            memcpy(m->ram + ra, buf, chunk);
            tb_invalidate_phys_range(ra, chunk);
        } else {
            memcpy(buf, m->ram + ra, chunk);
        }
        addr += chunk;
        buf += chunk;
        len -= chunk;
    }
    return true;
}
