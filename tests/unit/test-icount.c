/*
 * -icount (accel/tcg/icount.c): the conversions, the budget, and real
 * guest code through the translator, both backends and the exec loop.
 *
 * Oracles: the conversions against 128-bit arithmetic of the definitions
 * (512 MHz: ticks = floor(ns * 512 / 1000)); the programs against the ISA
 * and the instruction counts read off the code: at the start of a fresh
 * vCPU nothing has executed, so an mftb that is the k-th instruction to
 * execute (k counted from 0) must read floor((k << shift) * 512 / 1000),
 * and a decrementer written by the c-th instruction with D must interrupt
 * at the first instruction count n with ticks(n) >= ticks(c) + D + 1
 * (Book III 7.3: the exception exists once DEC's bit 0 is 1, and DEC
 * reaches -1 D + 1 ticks after the write).
 *
 * accel_init is once per process: each (program, backend) pair runs in a
 * subprocess, as in test-accel-run.c.  The programs are little-endian
 * ppc64, assembled with powerpc64le-linux-gnu-as -mpower9.
 */
#include <string.h>

#include <glib.h>

#include "accel/tcg/internal.h"
#include "exec.h"
#include "icount.h"
#include "target-ppc/internal.h"

#define RAM_SIZE (1u << 20)

static uint64_t ref_ticks(uint64_t ns)
{
    return (uint64_t)((unsigned __int128)ns * 512 / 1000);
}

/* the timebase after n instructions at 2^shift ns */
static uint64_t ref_tb(uint64_t n, unsigned shift)
{
    return ref_ticks(n << shift);
}

/* ------------------------------------------------------------ conversions */

static void test_conversions(void)
{
    static const uint64_t ns[] = {
        0, 1, 2, 124, 125, 126, 999, 1000, 1001, 123456789,
        1000000000ull, 86400ull * 1000000000ull, 1ull << 62,
        UINT64_MAX / 2, UINT64_MAX,
    };

    for (size_t i = 0; i < G_N_ELEMENTS(ns); i++) {
        g_assert_cmpuint(icount_ns_to_ticks(ns[i]), ==, ref_ticks(ns[i]));
    }
    /* ticks_to_ns_ceil(t) is the first ns at which the timebase reads t */
    GRand *r = g_rand_new_with_seed(11);
    for (int i = 0; i < 20000; i++) {
        uint64_t t = i < 1000 ? (uint64_t)i
                              : ((uint64_t)g_rand_int(r) << 24 ^
                                 g_rand_int(r));
        uint64_t n = icount_ticks_to_ns_ceil(t);
        g_assert_cmpuint(ref_ticks(n), >=, t);
        if (n > 0) {
            g_assert_cmpuint(ref_ticks(n - 1), <, t);
        }
    }
    g_rand_free(r);
    g_assert_cmpuint(icount_ticks_to_ns_ceil(512), ==, 1000);
    g_assert_cmpuint(icount_ticks_to_ns_ceil(1), ==, 2);

    g_assert_cmpuint(icount_insns_to_ns(3, 5), ==, 96);
    g_assert_cmpuint(icount_insns_to_ns(1, 0), ==, 1);
    g_assert_cmpuint(icount_insns_to_ns(UINT64_MAX >> 3, 10), ==,
                     UINT64_MAX); /* saturates */
    g_assert_cmpuint(icount_ns_to_insns_ceil(0, 5), ==, 0);
    g_assert_cmpuint(icount_ns_to_insns_ceil(1, 5), ==, 1);
    g_assert_cmpuint(icount_ns_to_insns_ceil(32, 5), ==, 1);
    g_assert_cmpuint(icount_ns_to_insns_ceil(33, 5), ==, 2);
    g_assert_cmpuint(icount_ns_to_insns_ceil(1000, 0), ==, 1000);
}

static void test_random(void)
{
    uint64_t a = ICOUNT_RANDOM_SEED, b = ICOUNT_RANDOM_SEED;
    uint8_t buf1[13], buf2[13];

    /* a fixed seed gives a fixed stream, and its values differ */
    uint64_t first = icount_random64(&a);
    g_assert_cmpuint(first, ==, icount_random64(&b));
    g_assert_cmpuint(first, !=, icount_random64(&a));
    icount_random_fill(&a, buf1, sizeof(buf1));
    icount_random_fill(&b, buf2, sizeof(buf2)); /* b is one value behind */
    g_assert_cmpint(memcmp(buf1, buf2, sizeof(buf1)), !=, 0);
    /* splitmix64 of seed 0: its published first output */
    uint64_t z = 0;
    g_assert_cmphex(icount_random64(&z), ==, 0xe220a8397b1dcdafull);
}

/* ------------------------------------------------------------ the budget */

static CPUPPCState *clock_cpu(unsigned shift, bool sleep, uint8_t *ram)
{
    ICountConfig cfg = { .on = true, .sleep = sleep, .shift = (uint8_t)shift };
    CPUPPCState *env = ppc_cpu_new(PPC_MODEL_POWER9, ram, RAM_SIZE);

    icount_cpu_init(env, &cfg);
    g_assert_true(env->icount.on);
    return env;
}

/* what a TB of n instructions does at entry */
static bool tb_enter(CPUPPCState *env, int64_t n)
{
    if (env->icount.budget - n < 0) {
        return false;
    }
    env->icount.budget -= n;
    return true;
}

static void test_budget(void)
{
    uint8_t *ram = g_malloc0(RAM_SIZE);
    CPUPPCState *env = clock_cpu(5, false, ram);

    g_assert_cmpuint(icount_executed(env), ==, 0);
    g_assert_cmpuint(ppc_get_timebase(env), ==, 0);
    /* a budget to a deadline 100 ns away: ceil(100 / 32) = 4 insns */
    icount_refill(env, 100);
    g_assert_cmpint(env->icount.budget, ==, 4);
    g_assert_true(tb_enter(env, 3));
    g_assert_false(tb_enter(env, 2)); /* would overrun: leaves at entry */
    g_assert_cmpuint(icount_executed(env), ==, 3);
    g_assert_cmpuint(icount_guest_ns(env), ==, 96);
    g_assert_cmpuint(ppc_get_timebase(env), ==, ref_ticks(96));
    g_assert_true(tb_enter(env, 1));
    g_assert_cmpint(env->icount.budget, ==, 0);
    /* inside a TB: instruction 2 of a 5-instruction TB just entered */
    icount_refill(env, UINT64_MAX);
    g_assert_cmpint(env->icount.budget, ==, ICOUNT_MAX_BUDGET);
    g_assert_true(tb_enter(env, 5));
    env->icount.insn_off = 2 - 5;
    g_assert_cmpuint(icount_executed(env), ==, 4 + 2);
    env->icount.insn_off = 0;
    g_assert_cmpuint(icount_executed(env), ==, 9);
    /* expiring keeps the count and ends the budget */
    icount_expire(env);
    g_assert_cmpint(env->icount.budget, ==, 0);
    g_assert_cmpuint(icount_executed(env), ==, 9);
    /* sleep=off: an idle vCPU jumps to the deadline at once; the count
       stays, the clock moves */
    g_assert_true(icount_idle(env, 1000000));
    g_assert_cmpuint(icount_guest_ns(env), ==, 1000000);
    g_assert_cmpuint(icount_executed(env), ==, 9);
    g_assert_false(icount_idle(env, UINT64_MAX)); /* nothing to wait for */
    /* the DEC follows the clock: written 1000, 512 ticks later 488 */
    ppc_store_dec(env, 1000);
    g_assert_cmpint(env->icount.budget, ==, 0); /* a DEC write expires */
    g_assert_true(icount_idle(env, icount_guest_ns(env) + 1000));
    g_assert_cmpuint(ppc_load_dec(env), ==, 488);
    /* its next crossing: 489 ticks on, the first ns that reaches them */
    g_assert_cmpuint(ppc_dec_deadline_ns(env), ==,
                     icount_ticks_to_ns_ceil(ppc_get_timebase(env) + 489));
    ppc_cpu_free(env);
    g_free(ram);
}

static void test_sleep_on(void)
{
    uint8_t *ram = g_malloc0(RAM_SIZE);
    CPUPPCState *env = clock_cpu(5, true, ram);
    uint64_t deadline = 20 * 1000 * 1000; /* 20 ms of guest time */
    gint64 t0 = g_get_monotonic_time();

    /* sleep=on: the first look only starts the wait, and the clock jumps
       exactly to the deadline only once the host has waited as long */
    g_assert_false(icount_idle(env, deadline));
    while (!icount_idle(env, deadline)) {
        g_usleep(1000);
    }
    g_assert_cmpint(g_get_monotonic_time() - t0, >=, 20000);
    g_assert_cmpuint(icount_guest_ns(env), ==, deadline);
    /* an interrupt ends a wait early: the clock moves by the host time
       waited, never past the deadline */
    g_assert_false(icount_idle(env, deadline * 1000));
    icount_idle_end(env, deadline + 5);
    g_assert_cmpuint(icount_guest_ns(env), <=, deadline + 5);
    g_assert_cmpuint(icount_guest_ns(env), >=, deadline);
    ppc_cpu_free(env);
    g_free(ram);
}

/* ------------------------------------------------------------ programs */

/* A at 0x100: r3 = mftb as the 3rd instruction, r4 = mftb after K = 1000
   bdnz; sc 1 */
static const uint32_t tb_code[] = {
    0x38a003e8, /* 0x100 li     r5,1000 */
    0x7ca903a6, /* 0x104 mtctr  r5      */
    0x7c6c42a6, /* 0x108 mftb   r3      */
    0x42000000, /* 0x10c bdnz   0x10c   */
    0x7c8c42a6, /* 0x110 mftb   r4      */
    0x44000022, /* 0x114 sc     1       */
    0x48000000, /* 0x118 b      .       */
};

/* B at 0x200 (r5 = K, r6 = D at entry): the decrementer written by the
   4th instruction, then a 3-instruction loop until it fires */
static const uint32_t dec_code[] = {
    0x7ca903a6, /* 0x200 mtctr  r5      */
    0x38e00000, /* 0x204 li     r7,0    */
    0x39000000, /* 0x208 li     r8,0    */
    0x7cd603a6, /* 0x20c mtdec  r6      */
    0x38e70001, /* 0x210 addi   r7,r7,1 */
    0x39080001, /* 0x214 addi   r8,r8,1 */
    0x4200fff8, /* 0x218 bdnz   0x210   */
    0x44000022, /* 0x21c sc     1       */
    0x48000000, /* 0x220 b      .       */
};
/* at 0x900: r3 = CTR, r4 = SRR0, r5 = r7, r9 = DEC, r10 = TB; sc 1 */
static const uint32_t dec_vector[] = {
    0x7c6902a6, /* mfctr  r3  */
    0x7c9a02a6, /* mfsrr0 r4  */
    0x7ce53b78, /* mr     r5,r7 */
    0x7d3602a6, /* mfdec  r9  */
    0x7d4c42a6, /* mftb   r10 */
    0x44000022, /* sc     1   */
    0x48000000, /* b      .   */
};

typedef struct Regs {
    bool seen;
    uint64_t r[11];
} Regs;

static void save_regs(void *opaque, CPUPPCState *env)
{
    Regs *g = opaque;

    g->seen = true;
    memcpy(g->r, env->gpr, sizeof(g->r));
    env->halted = true;
}

static const PPCHypervisorOps regs_vhyp = {.hcall = save_regs};

static CPUPPCState *prog_cpu(uint8_t *ram, bool interp, unsigned shift,
                             Regs *g)
{
    ICountConfig cfg = { .on = true, .sleep = false, .shift = (uint8_t)shift };
    CPUPPCState *env;

    accel_init(16u << 20, interp);
    memcpy(ram + 0x100, tb_code, sizeof(tb_code));
    memcpy(ram + 0x200, dec_code, sizeof(dec_code));
    memcpy(ram + 0x900, dec_vector, sizeof(dec_vector));
    env = ppc_cpu_new(PPC_MODEL_POWER9, ram, RAM_SIZE);
    env->vhyp = &regs_vhyp;
    env->vhyp_opaque = g;
    env->msr |= MSR_BIT(MSR_LE);
    env->spr[SPR_LPCR] |= 1ull << (63 - 38); /* interrupts LE (ILE) */
    accel_cpu_init(env);
    icount_cpu_init(env, &cfg);
    return env;
}

static void run_until_hcall(CPUPPCState *env, Regs *g)
{
    int r = EXCP_NONE;

    for (int i = 0; i < 1000 && !g->seen; i++) {
        r = cpu_exec(env);
        g_assert(r == EXCP_HALTED || r == EXCP_INTERRUPT);
    }
    g_assert_true(g->seen);
}

static void prog_mftb(bool interp, unsigned shift)
{
    uint8_t *ram = g_malloc0(RAM_SIZE);
    Regs g = {0};
    CPUPPCState *env = prog_cpu(ram, interp, shift, &g);

    env->nip = 0x100;
    run_until_hcall(env, &g);
    /* mftb r3 follows 2 instructions; mftb r4 follows 2 + 1 + 1000 */
    g_assert_cmpuint(g.r[3], ==, ref_tb(2, shift));
    g_assert_cmpuint(g.r[4], ==, ref_tb(1003, shift));
    g_assert_cmpuint(icount_executed(env), ==, 1005); /* the sc too */
    accel_cpu_exit(env);
    ppc_cpu_free(env);
    g_free(ram);
}

/* the instruction count at which a DEC written with d by the c-th
   instruction fires */
static uint64_t ref_dec_fire(uint64_t c, uint64_t d, unsigned shift)
{
    uint64_t target = ref_tb(c, shift) + d + 1, n = c;

    while (ref_tb(n, shift) < target) {
        n++;
    }
    return n;
}

static void prog_dec(bool interp, unsigned shift, unsigned rem)
{
    uint8_t *ram = g_malloc0(RAM_SIZE);
    Regs g = {0};
    CPUPPCState *env = prog_cpu(ram, interp, shift, &g);
    const uint64_t k = 1000000;
    uint64_t d = 3000, n;

    /* a D whose interrupt lands rem instructions into the loop's body,
       so that the last TB before it is cut short (rem != 0) or not */
    while ((n = ref_dec_fire(3, d, shift)) < 8 || (n - 4) % 3 != rem) {
        d++;
    }
    env->nip = 0x200;
    env->gpr[5] = k;
    env->gpr[6] = d;
    env->msr |= MSR_BIT(MSR_EE);
    run_until_hcall(env, &g);
    uint64_t j = (n - 4) / 3; /* whole loop bodies before it */
    g_assert_cmphex(g.r[4], ==, 0x210 + 4 * rem);  /* SRR0 */
    g_assert_cmpuint(g.r[3], ==, k - j);           /* CTR */
    g_assert_cmpuint(g.r[5], ==, j + (rem >= 1));  /* r7 */
    /* in the handler: mfdec after 3 more, mftb after 4 more */
    g_assert_cmphex(g.r[9], ==,
                    (uint32_t)(d - (ref_tb(n + 3, shift) - ref_tb(3, shift))));
    g_assert_cmpuint(g.r[10], ==, ref_tb(n + 4, shift));
    accel_cpu_exit(env);
    ppc_cpu_free(env);
    g_free(ram);
}

typedef struct ProgCase {
    int prog; /* 0: mftb, 1-3: dec with rem = prog - 1 */
    bool interp;
    unsigned shift;
} ProgCase;

static void test_prog(gconstpointer data)
{
    const ProgCase *c = data;

    if (g_test_subprocess()) {
        if (c->prog == 0) {
            prog_mftb(c->interp, c->shift);
        } else {
            prog_dec(c->interp, c->shift, (unsigned)c->prog - 1);
        }
        return;
    }
    g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
    g_test_trap_assert_passed();
}

int main(int argc, char **argv)
{
    static const unsigned shifts[] = { 0, 5, 10 };
    static ProgCase cases[2 * 4 * G_N_ELEMENTS(shifts)];
    int n = 0;

    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/icount/conversions", test_conversions);
    g_test_add_func("/icount/random", test_random);
    g_test_add_func("/icount/budget", test_budget);
    g_test_add_func("/icount/sleep-on", test_sleep_on);
    for (int interp = 1; interp >= 0; interp--) {
        for (int prog = 0; prog < 4; prog++) {
            for (size_t s = 0; s < G_N_ELEMENTS(shifts); s++) {
                char *path = g_strdup_printf(
                    "/icount/%s/%s%s/shift%u", interp ? "interp" : "jit",
                    prog ? "dec-rem" : "mftb",
                    prog ? (const char *[]){"0", "1", "2"}[prog - 1] : "",
                    shifts[s]);
                cases[n] = (ProgCase){prog, interp, shifts[s]};
                g_test_add_data_func(path, &cases[n++], test_prog);
                g_free(path);
            }
        }
    }
    return g_test_run();
}
