/*
 * system/runstate.c: running and stopped.  The vCPU thread (the machine's
 * run loop) parks itself when something asks for a stop — a debugger, -S,
 * the monitor — or when the vCPU hits a breakpoint or ends a single step;
 * whoever stopped it reads and changes guest state while it is parked, and
 * lets it go with runstate_cont.
 */
#ifndef POWERJIT_RUNSTATE_H
#define POWERJIT_RUNSTATE_H

#include <stdbool.h>
#include <stdint.h>

struct SpaprMachine;

typedef enum RunStopReason {
    RUN_STOP_REQUEST, /* runstate_stop, -S */
    RUN_STOP_DEBUG,   /* a breakpoint or a finished single step */
    RUN_STOP_EXIT,    /* the machine is going away (power-off, quit) */
} RunStopReason;

/* called on the vCPU thread each time it parks, and once at exit */
typedef void (*RunStopFn)(void *opaque, RunStopReason why);

typedef struct RunState RunState;

RunState *runstate_new(bool start_stopped);
void runstate_free(RunState *rs);
void runstate_set_notify(RunState *rs, RunStopFn fn, void *opaque);

/* machine events (QMP's STOP, RESUME, RESET, SHUTDOWN...): data is a
   JSON object or NULL; one sink */
typedef void (*RunEventFn)(void *opaque, const char *name, const char *data);
void runstate_set_event_sink(RunState *rs, RunEventFn fn, void *opaque);
void runstate_event(RunState *rs, const char *name, const char *data);

/* --- the run loop's side --- */
/* true if the loop must park before running the vCPU again */
bool runstate_stop_wanted(RunState *rs);
/* the vCPU returned EXCP_DEBUG: stop with RUN_STOP_DEBUG */
void runstate_debug_stop(RunState *rs);
/* -no-shutdown: the guest powered off; stopped until a reset */
void runstate_shutdown_stop(RunState *rs);
/* -action panic=pause: the guest panicked; stopped until a reset (any
   thread; the caller kicks the vCPU) */
void runstate_panic_stop(RunState *rs);
bool runstate_is_panicked(RunState *rs);
/* the machine was reset: a shut-down machine may run again */
void runstate_reset_done(RunState *rs);
/* parks until runstate_cont, or until m asks to quit */
void runstate_park(RunState *rs, struct SpaprMachine *m);
/* the run loop ends: wakes every waiter */
void runstate_exit(RunState *rs);

/* --- any other thread --- */
/* asks for a stop and waits until the vCPU is parked; false if the
   machine exited instead */
bool runstate_stop(RunState *rs, struct SpaprMachine *m);
/* asks for a stop and returns at once (the notify function tells) */
void runstate_stop_async(RunState *rs, struct SpaprMachine *m);
/* false (nothing done) if the machine is shut down and needs a reset */
bool runstate_cont(RunState *rs);
bool runstate_is_shutdown(RunState *rs);
bool runstate_is_parked(RunState *rs);
/* stopped since start-up by -S, never continued */
bool runstate_is_prelaunch(RunState *rs);
/* why the vCPU parked last */
RunStopReason runstate_reason(RunState *rs);

/* guest memory for a debugger or the monitor, while the vCPU is parked:
   through the vCPU's data translation, or real addresses if phys; false
   if some byte has no RAM behind it.  Writes invalidate the TBs of what
   they change. */
bool debug_memory_rw(struct SpaprMachine *m, uint64_t addr, uint8_t *buf,
                     uint64_t len, bool write, bool phys);

#endif
