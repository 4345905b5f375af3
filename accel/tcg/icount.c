/*
 * accel/tcg/icount.c: -icount, a guest clock that counts instructions.
 *
 * With -icount the timebase (and so the decrementer, which counts down
 * from it) is not the host's clock but the vCPU's instructions executed,
 * 2^shift ns each, seen at 512 MHz: two runs of the same guest with the
 * same input execute the same instructions, read the same times and take
 * their timer interrupts at the same instructions.
 *
 * The count.  Each vCPU has a budget (ICountState.budget): the
 * instructions it may start before the exec loop must look at its timers.
 * Every TB, chained or not, opens with (translate.c, after the exit
 * request check and inside a TB's own loop)
 *     t = budget - N; if (t < 0) leave at entry; budget = t
 * where N is the TB's length, a constant set once translation knows it
 * (tcg_constant_late).  Executed instructions are then ref - budget, and
 * an instruction i (0-based) of a running TB that reads the clock (mftb,
 * mfspr TB/TBU/DEC, mtspr DEC) sees ref - budget - N + i: its helpers
 * take i and N and set insn_off while they call into timebase.c.  A TB
 * that leaves early through an exception has paid for the whole TB: the
 * count then runs ahead of the instructions by the ones skipped, the same
 * in every run (and in both backends), which is all determinism needs.
 * Under icount a TB never goes on past a conditional branch (translator.c),
 * so the instructions counted are the ones executed on every other path.
 *
 * Deadlines.  The exec loop gives a budget that ends exactly at the next
 * decrementer crossing (icount_refill, at most ICOUNT_MAX_BUDGET).  A TB
 * longer than what is left leaves at entry; the loop then runs a TB of
 * exactly the remaining instructions, translated for that once and found
 * by no lookup (tb_gen_count), and the decrementer interrupt is taken at
 * the instruction where the guest clock reaches it.  A DEC write, an idle
 * jump or a new shift ends the budget (icount_expire) so that the next TB
 * entry comes back for a new one.
 *
 * Idle.  A ceded vCPU with nothing to do: with sleep=off its clock jumps
 * to the decrementer's deadline at once (bias_ns moves, the count does
 * not); with sleep=on (the default) the machine's idle wait sleeps the
 * guest time left in host time first, then the clock makes the same jump,
 * so the guest still sees the same times, only later in host time.  An
 * interrupt from outside (console input) that ends the wait earlier moves
 * the clock by the host time waited: such input is not deterministic, as
 * it is not in QEMU without record/replay.
 *
 * shift=auto starts at 2^3 ns and every 100 ms of host time moves the
 * shift one step towards the host clock (slower if the guest clock is
 * ahead, faster if it is behind), as QEMU documents it; such runs are not
 * reproducible.  align=on makes a guest whose clock runs ahead of the
 * host's wait at each refill until the host catches up.
 *
 * State is per vCPU (CPUPPCState.icount); -icount refuses SMP, so a
 * vCPU's clock is the machine's.
 */
#include <time.h>

#include <glib.h>

#include "exec.h"
#include "icount.h"

#define NS_PER_SEC 1000000000ll
#define AUTO_PERIOD_NS (100 * 1000 * 1000ll)
/* align=on waits only when ahead by more than this */
#define ALIGN_SLACK_NS (10 * 1000 * 1000ll)

static int64_t host_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * NS_PER_SEC + ts.tv_nsec;
}

/* ------------------------------------------------------------ conversions */

uint64_t icount_insns_to_ns(uint64_t n, unsigned shift)
{
    if (n > (UINT64_MAX >> shift)) {
        return UINT64_MAX;
    }
    return n << shift;
}

uint64_t icount_ns_to_insns_ceil(uint64_t ns, unsigned shift)
{
    uint64_t unit = 1ull << shift;

    return ns / unit + (ns % unit != 0);
}

/* 512 MHz: a tick is 1000/512 = 125/64 ns; split so that no uptime
   overflows */
uint64_t icount_ns_to_ticks(uint64_t ns)
{
    return ns / 125 * 64 + ns % 125 * 64 / 125;
}

uint64_t icount_ticks_to_ns_ceil(uint64_t ticks)
{
    /* the smallest ns with ns * 64 / 125 >= ticks: ceil(ticks * 125 / 64) */
    uint64_t q = ticks / 64, r = ticks % 64;

    return q * 125 + (r * 125 + 63) / 64;
}

/* ------------------------------------------------------------ randomness */

/* splitmix64 (Steele, Lea, Flood 2014): a 64-bit counter through a
   bijective mix, every seed a full-period stream */
uint64_t icount_random64(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15ull);

    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

void icount_random_fill(uint64_t *state, void *buf, unsigned len)
{
    uint8_t *p = buf;

    while (len > 0) {
        uint64_t v = icount_random64(state);
        unsigned n = len < 8 ? len : 8;

        for (unsigned i = 0; i < n; i++) {
            p[i] = (uint8_t)(v >> (8 * i));
        }
        p += n;
        len -= n;
    }
}

/* ------------------------------------------------------------ the clock */

void icount_cpu_init(CPUPPCState *env, const ICountConfig *cfg)
{
    ICountState *ic = &env->icount;

    if (!cfg->on) {
        return;
    }
    *ic = (ICountState){
        .autoshift = cfg->autoshift,
        .sleep = cfg->sleep,
        .align = cfg->align,
        .shift = cfg->autoshift ? ICOUNT_AUTO_START_SHIFT : cfg->shift,
    };
    ic->host_start_ns = ic->host_adjust_ns = host_ns();
    ic->random = ICOUNT_RANDOM_SEED + env->cpu_index;
    ppc_timebase_use_icount(env); /* sets ic->on */
}

uint64_t icount_executed(const CPUPPCState *env)
{
    const ICountState *ic = &env->icount;

    return ic->ref - (uint64_t)ic->budget + (uint64_t)ic->insn_off;
}

uint64_t icount_guest_ns(const CPUPPCState *env)
{
    const ICountState *ic = &env->icount;

    return ic->bias_ns + icount_insns_to_ns(icount_executed(env), ic->shift);
}

void icount_expire(CPUPPCState *env)
{
    ICountState *ic = &env->icount;

    ic->ref -= (uint64_t)ic->budget;
    ic->budget = 0;
}

/* a new shift from here on: the clock reads the same across the change */
static void icount_set_shift(CPUPPCState *env, unsigned shift)
{
    ICountState *ic = &env->icount;
    uint64_t now = icount_guest_ns(env);

    ic->shift = (uint8_t)shift;
    ic->bias_ns = now - icount_insns_to_ns(icount_executed(env), shift);
}

static void icount_auto_adjust(CPUPPCState *env)
{
    ICountState *ic = &env->icount;
    int64_t host = host_ns();

    if (host - ic->host_adjust_ns < AUTO_PERIOD_NS) {
        return;
    }
    int64_t guest_ahead = (int64_t)(icount_guest_ns(env)) -
                          (host - ic->host_start_ns);
    ic->host_adjust_ns = host;
    if (guest_ahead > 0 && ic->shift > 0) {
        icount_set_shift(env, ic->shift - 1u);
    } else if (guest_ahead < 0 && ic->shift < ICOUNT_MAX_SHIFT) {
        icount_set_shift(env, ic->shift + 1u);
    }
}

static void icount_align(CPUPPCState *env)
{
    ICountState *ic = &env->icount;
    int64_t ahead = (int64_t)icount_guest_ns(env) -
                    (host_ns() - ic->host_start_ns);

    if (ahead > ALIGN_SLACK_NS) {
        g_usleep((gulong)(ahead / 1000));
    }
}

void icount_refill(CPUPPCState *env, uint64_t deadline_ns)
{
    ICountState *ic = &env->icount;
    uint64_t now, left;

    if (ic->autoshift) {
        icount_auto_adjust(env);
    }
    if (ic->align) {
        icount_align(env);
    }
    icount_expire(env);
    now = icount_guest_ns(env);
    left = ICOUNT_MAX_BUDGET;
    if (deadline_ns != UINT64_MAX) {
        uint64_t n = deadline_ns > now
                         ? icount_ns_to_insns_ceil(deadline_ns - now, ic->shift)
                         : 0;
        left = n < left ? n : left;
    }
    /* a deadline that is already here (never the decrementer's, whose
       next crossing is always ahead) must not stop the vCPU for good */
    left = left ? left : 1;
    ic->budget = (int64_t)left;
    ic->ref += left;
}

bool icount_idle(CPUPPCState *env, uint64_t deadline_ns)
{
    ICountState *ic = &env->icount;
    uint64_t now = icount_guest_ns(env);

    if (deadline_ns == UINT64_MAX) {
        return false; /* nothing in guest time will come: wait outside */
    }
    if (deadline_ns <= now) {
        ic->host_idle_ns = 0;
        return true;
    }
    if (ic->sleep) {
        int64_t host = host_ns();

        if (ic->host_idle_ns == 0) {
            ic->host_idle_ns = host;
            return false;
        }
        if ((uint64_t)(host - ic->host_idle_ns) < deadline_ns - now) {
            return false; /* woken early by something with nothing for us */
        }
        ic->host_idle_ns = 0;
    }
    ic->bias_ns += deadline_ns - now;
    icount_expire(env);
    return true;
}

void icount_idle_end(CPUPPCState *env, uint64_t deadline_ns)
{
    ICountState *ic = &env->icount;
    uint64_t now = icount_guest_ns(env), waited;

    if (ic->host_idle_ns == 0) {
        return;
    }
    waited = (uint64_t)(host_ns() - ic->host_idle_ns);
    ic->host_idle_ns = 0;
    if (deadline_ns != UINT64_MAX && deadline_ns > now &&
        waited > deadline_ns - now) {
        waited = deadline_ns - now;
    }
    ic->bias_ns += waited;
    icount_expire(env);
}
