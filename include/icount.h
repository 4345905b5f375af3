/*
 * include/icount.h: -icount, guest time counted in instructions
 * (accel/tcg/icount.c has the design).
 *
 * Included by cpu.h: the per-vCPU state lives in CPUPPCState, where
 * generated code reads and writes the budget at a fixed offset.
 */
#ifndef POWERJIT_ICOUNT_H
#define POWERJIT_ICOUNT_H

#include <stdbool.h>
#include <stdint.h>

/* QEMU's limit: shift=0..10 (1 ns to 1024 ns an instruction) */
#define ICOUNT_MAX_SHIFT 10
/* shift=auto starts here, as QEMU's does */
#define ICOUNT_AUTO_START_SHIFT 3
/* the most instructions a vCPU runs between two visits of the exec
   loop's icount bookkeeping when no timer is nearer (~4M) */
#define ICOUNT_MAX_BUDGET (1ll << 22)

/* what -icount asked for (system/options-icount.c fills it) */
typedef struct ICountConfig {
    bool on;
    bool autoshift; /* shift=auto: the shift follows the host clock */
    bool sleep;     /* sleep=on (the default): an idle vCPU waits in host
                       time for its next timer; off: the clock jumps */
    bool align;     /* align=on: a guest ahead of the host clock waits */
    uint8_t shift;  /* 2^shift ns an instruction (the start for auto) */
} ICountConfig;

/* one vCPU's instruction clock (include/cpu.h embeds it) */
typedef struct ICountState {
    /* instructions the vCPU may still start before the exec loop must
       look at its timers: each TB takes its length from it on entry
       (and leaves at entry, running nothing, if that would go below 0) */
    int64_t budget;
    /* instructions executed = ref - budget (+ insn_off inside a TB) */
    uint64_t ref;
    /* set by the time helpers of a TB while they run: the instruction's
       place from the TB's end (index - TB length, <= 0), 0 otherwise */
    int64_t insn_off;
    /* guest ns = bias_ns + executed << shift; idle jumps and shift
       changes move bias_ns */
    uint64_t bias_ns;
    bool on, autoshift, sleep, align;
    uint8_t shift;
    /* host CLOCK_MONOTONIC ns: the start (align, auto), the last auto
       adjustment, the moment the vCPU went idle under sleep=on (0: not
       idle) */
    int64_t host_start_ns, host_adjust_ns, host_idle_ns;
    uint64_t random;  /* darn's generator (icount_random64) */
} ICountState;

/* ---------------------------------------------------- pure conversions */

/* n instructions in ns at 2^shift ns each (saturating) */
uint64_t icount_insns_to_ns(uint64_t n, unsigned shift);
/* the fewest instructions that take at least ns */
uint64_t icount_ns_to_insns_ceil(uint64_t ns, unsigned shift);
/* ns to 512 MHz timebase ticks (rounded down), and the first ns at which
   the timebase reaches ticks */
uint64_t icount_ns_to_ticks(uint64_t ns);
uint64_t icount_ticks_to_ns_ceil(uint64_t ticks);

/*
 * The machine's random numbers under -icount: what the host's getrandom()
 * gives otherwise (H_RANDOM without an rng file, darn, /chosen/rng-seed)
 * comes from this generator instead (splitmix64 from a fixed seed), so
 * that the guest's random choices repeat too.  A state starts at
 * ICOUNT_RANDOM_SEED (plus the vCPU's index for darn).
 */
#define ICOUNT_RANDOM_SEED 0x69636f756e742121ull
uint64_t icount_random64(uint64_t *state);
void icount_random_fill(uint64_t *state, void *buf, unsigned len);

/* --------------------------------------------------------- per vCPU */

struct CPUPPCState;
/* switches env's clock to instructions (before it first runs) */
void icount_cpu_init(struct CPUPPCState *env, const ICountConfig *cfg);
/* instructions executed so far (inside a TB's time helper: up to the
   instruction that asks) */
uint64_t icount_executed(const struct CPUPPCState *env);
/* the guest clock in ns */
uint64_t icount_guest_ns(const struct CPUPPCState *env);
/* the budget ends now: the next TB entry goes back to the exec loop,
   which sets a new one (a timer changed, the clock moved) */
void icount_expire(struct CPUPPCState *env);
/* a new budget up to the next timer deadline (guest ns; UINT64_MAX:
   none), at most ICOUNT_MAX_BUDGET; shift=auto and align=on act here */
void icount_refill(struct CPUPPCState *env, uint64_t deadline_ns);
/* an idle vCPU (halted, nothing to do): true if its clock went on to
   the next timer deadline, so that there is work now.  sleep=off jumps
   at once; sleep=on only once the host has waited that long */
bool icount_idle(struct CPUPPCState *env, uint64_t deadline_ns);
/* an idle vCPU got work from outside (an interrupt) under sleep=on:
   the clock goes on by the host time it waited, up to the deadline */
void icount_idle_end(struct CPUPPCState *env, uint64_t deadline_ns);

#endif
