/*
 * XICS (hw-spapr/xics.c): the presentation/source state machine driven
 * directly, then through the hcalls and RTAS calls a guest uses.
 *
 * Expected values come from LoPAPR's description of the interrupt
 * controller: XIRR = CPPR << 24 | XISR, priority 0 most favoured and 0xff
 * masking, an interrupt presented only when more favoured than the CPPR and
 * than the one already presented, the IPI as XISR 2 from the MFRR, a
 * rejected interrupt resent when the CPPR becomes less favoured, RTAS
 * status -3 for a bad argument, and hcall status H_PARAMETER (-4).
 */
#include <string.h>

#include <glib.h>

#include "spapr-hv.h"
#include "xics.h"
#include "bytes-be.h"
#include "rtas-args.h"

#define IRQ_A (XICS_IRQ_BASE + 0)
#define IRQ_B (XICS_IRQ_BASE + 1)
#define IRQ_LSI (XICS_IRQ_BASE + 2)

typedef struct Fixture {
    Xics *x;
    int notified[2];        /* rising edges of each server's output */
} Fixture;

static void count_notify(void *opaque, uint32_t server)
{
    Fixture *f = opaque;
    g_assert_cmpuint(server, <, 2);
    f->notified[server]++;
}

static void fixture_setup(Fixture *f, gconstpointer data)
{
    memset(f, 0, sizeof(*f));
    f->x = xics_new(2, count_notify, f);
    g_assert_true(xics_claim(f->x, IRQ_A, false));
    g_assert_true(xics_claim(f->x, IRQ_B, false));
    g_assert_true(xics_claim(f->x, IRQ_LSI, true));
}

static void fixture_teardown(Fixture *f, gconstpointer data)
{
    xics_free(f->x);
}

static uint32_t xirr(uint8_t cppr, uint32_t xisr)
{
    return (uint32_t)cppr << 24 | xisr;
}

/* ------------------------------------------------------------ sources */

static void test_claim(Fixture *f, gconstpointer data)
{
    g_assert_false(xics_claim(f->x, IRQ_A, false)); /* twice */
    g_assert_false(xics_claim(f->x, XICS_IRQ_BASE - 1, false));
    g_assert_false(xics_claim(f->x, XICS_IRQ_BASE + XICS_NR_IRQS, false));
    g_assert_false(xics_claim(f->x, XICS_IPI, false));
    g_assert_true(xics_claimed(f->x, IRQ_A));
    g_assert_false(xics_claimed(f->x, IRQ_A + 100));
    g_assert_true(xics_is_lsi(f->x, IRQ_LSI));
    g_assert_false(xics_is_lsi(f->x, IRQ_A));
}

static void test_power_on_state(Fixture *f, gconstpointer data)
{
    uint32_t server, prio;
    uint8_t mfrr;

    /* sources masked, CPPR 0 (nothing accepted), MFRR 0xff */
    g_assert_cmpint(xics_get_xive(f->x, IRQ_A, &server, &prio), ==, 0);
    g_assert_cmpuint(server, ==, 0);
    g_assert_cmphex(prio, ==, 0xff);
    g_assert_cmphex(xics_poll(f->x, 0, &mfrr), ==, xirr(0, 0));
    g_assert_cmphex(mfrr, ==, 0xff);
    /* with CPPR 0 not even the most favoured priority gets through */
    g_assert_cmpint(xics_set_xive(f->x, IRQ_A, 0, 0), ==, 0);
    xics_set_irq(f->x, IRQ_A, 1);
    g_assert_false(xics_output(f->x, 0));
    g_assert_cmphex(xics_accept(f->x, 0), ==, xirr(0, 0));
}

static void test_present_accept_eoi(Fixture *f, gconstpointer data)
{
    g_assert_cmpint(xics_set_xive(f->x, IRQ_A, 0, 5), ==, 0);
    xics_set_cppr(f->x, 0, 0xff);
    g_assert_false(xics_output(f->x, 0));

    xics_set_irq(f->x, IRQ_A, 1);
    g_assert_true(xics_output(f->x, 0));
    g_assert_false(xics_output(f->x, 1));
    g_assert_cmpint(f->notified[0], ==, 1);

    /* accepting returns the old CPPR and makes the priority the CPPR */
    g_assert_cmphex(xics_accept(f->x, 0), ==, xirr(0xff, IRQ_A));
    g_assert_false(xics_output(f->x, 0));
    g_assert_cmphex(xics_accept(f->x, 0), ==, xirr(5, 0));

    g_assert_true(xics_eoi(f->x, 0, xirr(0xff, IRQ_A)));
    g_assert_false(xics_output(f->x, 0));
    g_assert_cmphex(xics_accept(f->x, 0), ==, xirr(0xff, 0));
}

static void test_priority_preemption(Fixture *f, gconstpointer data)
{
    xics_set_cppr(f->x, 0, 0xff);
    xics_set_xive(f->x, IRQ_A, 0, 5);
    xics_set_xive(f->x, IRQ_B, 0, 3);

    /* A is presented, B (more favoured) displaces it */
    xics_set_irq(f->x, IRQ_A, 1);
    xics_set_irq(f->x, IRQ_B, 1);
    g_assert_cmphex(xics_accept(f->x, 0), ==, xirr(0xff, IRQ_B));
    /* A waits: less favoured than the CPPR (3) now */
    g_assert_false(xics_output(f->x, 0));
    /* the EOI restores CPPR 0xff and A is resent */
    g_assert_true(xics_eoi(f->x, 0, xirr(0xff, IRQ_B)));
    g_assert_true(xics_output(f->x, 0));
    g_assert_cmphex(xics_accept(f->x, 0), ==, xirr(0xff, IRQ_A));
    g_assert_true(xics_eoi(f->x, 0, xirr(0xff, IRQ_A)));
    g_assert_false(xics_output(f->x, 0));

    /* the other order: B first, A cannot displace it and waits */
    xics_set_irq(f->x, IRQ_B, 1);
    xics_set_irq(f->x, IRQ_A, 1);
    g_assert_cmphex(xics_accept(f->x, 0), ==, xirr(0xff, IRQ_B));
    g_assert_true(xics_eoi(f->x, 0, xirr(0xff, IRQ_B)));
    g_assert_cmphex(xics_accept(f->x, 0), ==, xirr(0xff, IRQ_A));
}

static void test_equal_priority_waits(Fixture *f, gconstpointer data)
{
    xics_set_cppr(f->x, 0, 0xff);
    xics_set_xive(f->x, IRQ_A, 0, 5);
    xics_set_xive(f->x, IRQ_B, 0, 5);
    xics_set_irq(f->x, IRQ_A, 1);
    xics_set_irq(f->x, IRQ_B, 1); /* not more favoured: rejected */
    g_assert_cmphex(xics_accept(f->x, 0), ==, xirr(0xff, IRQ_A));
    g_assert_false(xics_output(f->x, 0));
    g_assert_true(xics_eoi(f->x, 0, xirr(0xff, IRQ_A)));
    g_assert_cmphex(xics_accept(f->x, 0), ==, xirr(0xff, IRQ_B));
    g_assert_true(xics_eoi(f->x, 0, xirr(0xff, IRQ_B)));
    /* each edge was delivered once */
    g_assert_false(xics_output(f->x, 0));
}

static void test_cppr_masking(Fixture *f, gconstpointer data)
{
    xics_set_cppr(f->x, 0, 0xff);
    xics_set_xive(f->x, IRQ_A, 0, 5);
    xics_set_irq(f->x, IRQ_A, 1);
    g_assert_true(xics_output(f->x, 0));

    /* a CPPR of 5 or more favoured takes the presented interrupt back */
    xics_set_cppr(f->x, 0, 5);
    g_assert_false(xics_output(f->x, 0));
    g_assert_cmphex(xics_accept(f->x, 0), ==, xirr(5, 0));
    xics_set_cppr(f->x, 0, 2);
    g_assert_false(xics_output(f->x, 0));
    /* a less favoured CPPR lets it through again */
    xics_set_cppr(f->x, 0, 6);
    g_assert_true(xics_output(f->x, 0));
    g_assert_cmphex(xics_accept(f->x, 0), ==, xirr(6, IRQ_A));
}

static void test_edges_merge_while_presented(Fixture *f, gconstpointer data)
{
    xics_set_cppr(f->x, 0, 0xff);
    xics_set_xive(f->x, IRQ_A, 0, 5);
    xics_set_irq(f->x, IRQ_A, 1);
    xics_set_irq(f->x, IRQ_A, 1);
    g_assert_cmphex(xics_accept(f->x, 0), ==, xirr(0xff, IRQ_A));
    g_assert_true(xics_eoi(f->x, 0, xirr(0xff, IRQ_A)));
    g_assert_false(xics_output(f->x, 0));

    /* but an edge while in service is delivered after the EOI */
    xics_set_irq(f->x, IRQ_A, 1);
    g_assert_cmphex(xics_accept(f->x, 0), ==, xirr(0xff, IRQ_A));
    xics_set_irq(f->x, IRQ_A, 1);
    g_assert_false(xics_output(f->x, 0));
    g_assert_true(xics_eoi(f->x, 0, xirr(0xff, IRQ_A)));
    g_assert_cmphex(xics_accept(f->x, 0), ==, xirr(0xff, IRQ_A));
}

static void test_ipi(Fixture *f, gconstpointer data)
{
    uint8_t mfrr;

    xics_set_cppr(f->x, 1, 0xff);
    xics_set_mfrr(f->x, 1, 4);
    g_assert_true(xics_output(f->x, 1));
    g_assert_false(xics_output(f->x, 0));
    g_assert_cmpint(f->notified[1], ==, 1);
    g_assert_cmphex(xics_poll(f->x, 1, &mfrr), ==, xirr(0xff, XICS_IPI));
    g_assert_cmphex(mfrr, ==, 4);
    /* polling does not accept */
    g_assert_true(xics_output(f->x, 1));

    g_assert_cmphex(xics_accept(f->x, 1), ==, xirr(0xff, XICS_IPI));
    g_assert_false(xics_output(f->x, 1));
    /* an IPI whose MFRR is still set comes back after the EOI */
    g_assert_true(xics_eoi(f->x, 1, xirr(0xff, XICS_IPI)));
    g_assert_true(xics_output(f->x, 1));
    g_assert_cmphex(xics_accept(f->x, 1), ==, xirr(0xff, XICS_IPI));
    /* as Linux does: MFRR back to 0xff, then the EOI */
    xics_set_mfrr(f->x, 1, 0xff);
    g_assert_true(xics_eoi(f->x, 1, xirr(0xff, XICS_IPI)));
    g_assert_false(xics_output(f->x, 1));

    /* an MFRR not more favoured than the CPPR waits for it */
    xics_set_cppr(f->x, 1, 4);
    xics_set_mfrr(f->x, 1, 4);
    g_assert_false(xics_output(f->x, 1));
    xics_set_cppr(f->x, 1, 5);
    g_assert_true(xics_output(f->x, 1));
}

static void test_ipi_and_source(Fixture *f, gconstpointer data)
{
    xics_set_cppr(f->x, 0, 0xff);
    xics_set_mfrr(f->x, 0, 6);
    xics_set_xive(f->x, IRQ_A, 0, 2);
    xics_set_irq(f->x, IRQ_A, 1);
    /* the source is more favoured and displaces the IPI */
    g_assert_cmphex(xics_accept(f->x, 0), ==, xirr(0xff, IRQ_A));
    g_assert_false(xics_output(f->x, 0));
    g_assert_true(xics_eoi(f->x, 0, xirr(0xff, IRQ_A)));
    g_assert_cmphex(xics_accept(f->x, 0), ==, xirr(0xff, XICS_IPI));

    /* a less favoured source does not displace a presented IPI */
    xics_set_mfrr(f->x, 0, 0xff);
    g_assert_true(xics_eoi(f->x, 0, xirr(0xff, XICS_IPI)));
    xics_set_mfrr(f->x, 0, 1);
    xics_set_irq(f->x, IRQ_A, 1);
    g_assert_cmphex(xics_accept(f->x, 0), ==, xirr(0xff, XICS_IPI));
    g_assert_false(xics_output(f->x, 0));
    xics_set_mfrr(f->x, 0, 0xff);
    g_assert_true(xics_eoi(f->x, 0, xirr(0xff, XICS_IPI)));
    g_assert_cmphex(xics_accept(f->x, 0), ==, xirr(0xff, IRQ_A));
}

static void test_lsi(Fixture *f, gconstpointer data)
{
    xics_set_cppr(f->x, 0, 0xff);
    xics_set_xive(f->x, IRQ_LSI, 0, 5);
    xics_set_irq(f->x, IRQ_LSI, 1);
    g_assert_cmphex(xics_accept(f->x, 0), ==, xirr(0xff, IRQ_LSI));
    /* still asserted at the EOI: presented again */
    g_assert_true(xics_eoi(f->x, 0, xirr(0xff, IRQ_LSI)));
    g_assert_true(xics_output(f->x, 0));
    g_assert_cmphex(xics_accept(f->x, 0), ==, xirr(0xff, IRQ_LSI));
    xics_set_irq(f->x, IRQ_LSI, 0);
    g_assert_true(xics_eoi(f->x, 0, xirr(0xff, IRQ_LSI)));
    g_assert_false(xics_output(f->x, 0));

    /* a level raised while masked is presented when unmasked */
    xics_int_off(f->x, IRQ_LSI);
    xics_set_irq(f->x, IRQ_LSI, 1);
    g_assert_false(xics_output(f->x, 0));
    xics_int_on(f->x, IRQ_LSI);
    g_assert_cmphex(xics_accept(f->x, 0), ==, xirr(0xff, IRQ_LSI));
    /* and one lowered before the EOI is not */
    xics_set_irq(f->x, IRQ_LSI, 0);
    g_assert_true(xics_eoi(f->x, 0, xirr(0xff, IRQ_LSI)));
    g_assert_false(xics_output(f->x, 0));
}

static void test_masked_msi_pending(Fixture *f, gconstpointer data)
{
    uint32_t server, prio;

    xics_set_cppr(f->x, 0, 0xff);
    /* masked by priority 0xff: the event is kept until unmasked */
    xics_set_irq(f->x, IRQ_A, 1);
    g_assert_false(xics_output(f->x, 0));
    xics_set_xive(f->x, IRQ_A, 0, 5);
    g_assert_cmphex(xics_accept(f->x, 0), ==, xirr(0xff, IRQ_A));
    g_assert_true(xics_eoi(f->x, 0, xirr(0xff, IRQ_A)));

    /* ibm,int-off masks and keeps the priority for ibm,int-on */
    g_assert_cmpint(xics_int_off(f->x, IRQ_A), ==, 0);
    g_assert_cmpint(xics_get_xive(f->x, IRQ_A, &server, &prio), ==, 0);
    g_assert_cmphex(prio, ==, 0xff);
    xics_set_irq(f->x, IRQ_A, 1);
    g_assert_false(xics_output(f->x, 0));
    g_assert_cmpint(xics_int_on(f->x, IRQ_A), ==, 0);
    g_assert_cmpint(xics_get_xive(f->x, IRQ_A, &server, &prio), ==, 0);
    g_assert_cmphex(prio, ==, 5);
    g_assert_cmphex(xics_accept(f->x, 0), ==, xirr(0xff, IRQ_A));
}

static void test_xive_round_trip(Fixture *f, gconstpointer data)
{
    uint32_t server, prio;

    g_assert_cmpint(xics_set_xive(f->x, IRQ_B, 1, 7), ==, 0);
    g_assert_cmpint(xics_get_xive(f->x, IRQ_B, &server, &prio), ==, 0);
    g_assert_cmpuint(server, ==, 1);
    g_assert_cmpuint(prio, ==, 7);

    /* the source interrupts server 1, not 0 */
    xics_set_cppr(f->x, 0, 0xff);
    xics_set_cppr(f->x, 1, 0xff);
    xics_set_irq(f->x, IRQ_B, 1);
    g_assert_false(xics_output(f->x, 0));
    g_assert_cmphex(xics_accept(f->x, 1), ==, xirr(0xff, IRQ_B));
}

static void test_bad_numbers(Fixture *f, gconstpointer data)
{
    static const uint32_t bad_irqs[] = {
        0, XICS_IPI, XICS_IRQ_BASE - 1, XICS_IRQ_BASE + 3,
        XICS_IRQ_BASE + XICS_NR_IRQS, 0xffffffffu,
    };
    uint32_t server = 0x55, prio = 0x55;

    for (size_t i = 0; i < G_N_ELEMENTS(bad_irqs); i++) {
        g_assert_cmpint(xics_set_xive(f->x, bad_irqs[i], 0, 5), ==, -3);
        g_assert_cmpint(xics_get_xive(f->x, bad_irqs[i], &server, &prio), ==,
                        -3);
        g_assert_cmpint(xics_int_on(f->x, bad_irqs[i]), ==, -3);
        g_assert_cmpint(xics_int_off(f->x, bad_irqs[i]), ==, -3);
        xics_set_irq(f->x, bad_irqs[i], 1); /* ignored */
    }
    g_assert_cmpuint(server, ==, 0x55);
    g_assert_cmpint(xics_set_xive(f->x, IRQ_A, 2, 5), ==, -3); /* server */
    g_assert_cmpint(xics_set_xive(f->x, IRQ_A, 0, 0x100), ==, -3);
    g_assert_false(xics_output(f->x, 0));

    /* an EOI for a source that does not exist still sets the CPPR */
    g_assert_false(xics_eoi(f->x, 0, xirr(0x80, XICS_IRQ_BASE + 7)));
    g_assert_cmphex(xics_accept(f->x, 0), ==, xirr(0x80, 0));
    g_assert_true(xics_eoi(f->x, 0, xirr(0x90, 0)));
    g_assert_cmphex(xics_accept(f->x, 0), ==, xirr(0x90, 0));
}

static void test_reset(Fixture *f, gconstpointer data)
{
    uint32_t server, prio;
    uint8_t mfrr;

    xics_set_cppr(f->x, 0, 0xff);
    xics_set_xive(f->x, IRQ_A, 1, 5);
    xics_set_irq(f->x, IRQ_LSI, 1);
    xics_set_mfrr(f->x, 0, 3);
    g_assert_true(xics_output(f->x, 0));
    xics_reset(f->x);
    g_assert_false(xics_output(f->x, 0));
    g_assert_cmphex(xics_poll(f->x, 0, &mfrr), ==, xirr(0, 0));
    g_assert_cmphex(mfrr, ==, 0xff);
    g_assert_cmpint(xics_get_xive(f->x, IRQ_A, &server, &prio), ==, 0);
    g_assert_cmpuint(server, ==, 0);
    g_assert_cmphex(prio, ==, 0xff);
    /* claims survive a reset */
    g_assert_true(xics_claimed(f->x, IRQ_A));
    g_assert_true(xics_is_lsi(f->x, IRQ_LSI));
}

/* a device thread raising a source while the vCPU side services it: every
   raise is followed by one presentation, none is lost, nothing crashes */
typedef struct Raiser {
    Xics *x;
    int stop; /* atomic */
    int raised;
} Raiser;

static gpointer raiser_thread(gpointer opaque)
{
    Raiser *r = opaque;

    while (!__atomic_load_n(&r->stop, __ATOMIC_ACQUIRE)) {
        xics_set_irq(r->x, IRQ_A, 1);
        r->raised++;
        g_usleep(10);
    }
    return NULL;
}

static void test_threads(Fixture *f, gconstpointer data)
{
    Raiser r = { .x = f->x };
    int accepted = 0;

    xics_set_cppr(f->x, 0, 0xff);
    xics_set_xive(f->x, IRQ_A, 0, 5);
    GThread *t = g_thread_new("raiser", raiser_thread, &r);
    gint64 end = g_get_monotonic_time() + 100 * 1000;
    while (g_get_monotonic_time() < end) {
        uint32_t v = xics_accept(f->x, 0);
        if ((v & XICS_XISR_MASK) == IRQ_A) {
            accepted++;
            g_assert_true(xics_eoi(f->x, 0, xirr(0xff, IRQ_A)));
        } else {
            g_assert_cmphex(v, ==, xirr(0xff, 0));
        }
    }
    __atomic_store_n(&r.stop, 1, __ATOMIC_RELEASE);
    g_thread_join(t);
    /* whatever was raised last is presented now or was accepted */
    xics_accept(f->x, 0);
    g_assert_cmpint(accepted, >, 0);
    g_assert_cmpint(accepted, <=, r.raised);
}

/* ------------------------------------------------------------ the guest */

#define RAM_SIZE (1u << 20)
#define ARGS 0x8000

typedef struct Guest {
    SpaprConfig cfg;
    SpaprMachine m;
    CPUPPCState *env;
} Guest;

static void guest_setup(Guest *g, gconstpointer data)
{
    memset(g, 0, sizeof(*g));
    g->m.cfg = &g->cfg;
    g->m.ram = g_malloc0(RAM_SIZE);
    g->m.ram_size = RAM_SIZE;
    g->env = ppc_cpu_new(PPC_MODEL_POWER9, g->m.ram, RAM_SIZE);
    g->env->msr = MSR_BIT(MSR_SF);
    g->env->vhyp = &spapr_hypervisor_ops;
    g->env->vhyp_opaque = &g->m;
    g->m.cpu = g->env;
    char *err = NULL;
    g_assert_true(spapr_hv_init(&g->m, &err));
}

static void guest_teardown(Guest *g, gconstpointer data)
{
    spapr_hv_free(&g->m);
    ppc_cpu_free(g->env);
    g_free(g->m.ram);
}

static int64_t hcall(Guest *g, uint64_t opcode, uint64_t a0, uint64_t a1)
{
    g->env->gpr[3] = opcode;
    g->env->gpr[4] = a0;
    g->env->gpr[5] = a1;
    spapr_hcall(&g->m, g->env);
    return (int64_t)g->env->gpr[3];
}

/* runs an RTAS call; returns its status, rets[] gets the other values */
static int32_t rtas(Guest *g, const char *name, uint32_t nargs,
                    const uint32_t *args, uint32_t nret, uint32_t *rets)
{
    uint8_t *p = g->m.ram + ARGS;

    rtas_buffer_put(p, rtas_token(name), nargs, args, nret);
    g_assert_cmpint(hcall(g, KVMPPC_H_RTAS, ARGS, 0), ==, H_SUCCESS);
    for (uint32_t i = 1; i < nret; i++) {
        rets[i - 1] = rtas_buffer_ret(p, nargs, i);
    }
    return (int32_t)rtas_buffer_ret(p, nargs, 0);
}

static bool cpu_irq_pending(Guest *g)
{
    return spapr_hypervisor_ops.irq_pending(&g->m, g->env);
}

static void test_guest_console_interrupt(Guest *g, gconstpointer data)
{
    uint32_t rets[2];

    /* what Linux's ics-rtas and icp-hv do for the hvc console */
    uint32_t xive[3] = { SPAPR_VTY_IRQ, 0, 5 };
    g_assert_cmpint(rtas(g, "ibm,set-xive", 3, xive, 1, NULL), ==, 0);
    g_assert_cmpint(rtas(g, "ibm,int-on", 1, xive, 1, NULL), ==, 0);
    g_assert_cmpint(rtas(g, "ibm,get-xive", 1, xive, 3, rets), ==, 0);
    g_assert_cmpuint(rets[0], ==, 0);
    g_assert_cmpuint(rets[1], ==, 5);
    g_assert_cmpint(hcall(g, H_CPPR, 0xff, 0), ==, H_SUCCESS);
    g_assert_false(cpu_irq_pending(g));

    spapr_vty_input(&g->m);
    g_assert_true(cpu_irq_pending(g));
    g_assert_cmpint(hcall(g, H_POLL_PENDING, 0, 0), ==, H_PENDING);
    /* the interrupt asks the vCPU to leave its translated code */
    g_assert_cmpint(g->env->exit_request, !=, 0);

    g_assert_cmpint(hcall(g, H_XIRR, 0, 0), ==, H_SUCCESS);
    g_assert_cmphex(g->env->gpr[4], ==, xirr(0xff, SPAPR_VTY_IRQ));
    g_assert_false(cpu_irq_pending(g));
    g_assert_cmpint(hcall(g, H_EOI, xirr(0xff, SPAPR_VTY_IRQ), 0), ==,
                    H_SUCCESS);
    g_assert_cmpint(hcall(g, H_POLL_PENDING, 0, 0), ==, H_SUCCESS);

    g_assert_cmpint(rtas(g, "ibm,int-off", 1, xive, 1, NULL), ==, 0);
    spapr_vty_input(&g->m);
    g_assert_false(cpu_irq_pending(g));
}

static void test_guest_hcalls(Guest *g, gconstpointer data)
{
    g_assert_cmpint(hcall(g, H_CPPR, 0xff, 0), ==, H_SUCCESS);
    g_assert_cmpint(hcall(g, H_IPI, 0, 3), ==, H_SUCCESS);
    g_assert_true(cpu_irq_pending(g));
    g_assert_cmpint(hcall(g, H_IPOLL, 0, 0), ==, H_SUCCESS);
    g_assert_cmphex(g->env->gpr[4], ==, xirr(0xff, XICS_IPI));
    g_assert_cmphex(g->env->gpr[5], ==, 3);
    g_assert_cmpint(hcall(g, H_XIRR_X, 0, 0), ==, H_SUCCESS);
    g_assert_cmphex(g->env->gpr[4], ==, xirr(0xff, XICS_IPI));
    g_assert_cmpint(hcall(g, H_IPI, 0, 0xff), ==, H_SUCCESS);
    g_assert_cmpint(hcall(g, H_EOI, xirr(0xff, XICS_IPI), 0), ==, H_SUCCESS);
    g_assert_false(cpu_irq_pending(g));

    /* bad servers, priorities, sources: H_PARAMETER */
    g_assert_cmpint(hcall(g, H_IPI, 1, 5), ==, H_PARAMETER);
    g_assert_cmpint(hcall(g, H_IPI, ~0ull, 5), ==, H_PARAMETER);
    g_assert_cmpint(hcall(g, H_IPI, 0, 0x100), ==, H_PARAMETER);
    g_assert_cmpint(hcall(g, H_IPOLL, 1, 0), ==, H_PARAMETER);
    g_assert_cmpint(hcall(g, H_CPPR, 0x100, 0), ==, H_PARAMETER);
    g_assert_cmpint(hcall(g, H_EOI, xirr(0xff, 0x1234), 0), ==,
                    H_PARAMETER);
    g_assert_cmpint(hcall(g, H_EOI, 1ull << 32, 0), ==, H_PARAMETER);
}

static void test_guest_rtas_errors(Guest *g, gconstpointer data)
{
    uint32_t rets[2];
    uint32_t bad[3] = { XICS_IRQ_BASE + 5, 0, 5 };

    g_assert_cmpint(rtas(g, "ibm,set-xive", 3, bad, 1, NULL), ==, -3);
    g_assert_cmpint(rtas(g, "ibm,get-xive", 1, bad, 3, rets), ==, -3);
    g_assert_cmpint(rtas(g, "ibm,int-on", 1, bad, 1, NULL), ==, -3);
    g_assert_cmpint(rtas(g, "ibm,int-off", 1, bad, 1, NULL), ==, -3);
    uint32_t bad_server[3] = { SPAPR_VTY_IRQ, 1, 5 };
    g_assert_cmpint(rtas(g, "ibm,set-xive", 3, bad_server, 1, NULL), ==, -3);
    /* wrong argument counts */
    g_assert_cmpint(rtas(g, "ibm,set-xive", 2, bad_server, 1, NULL), ==, -3);
    g_assert_cmpint(rtas(g, "ibm,get-xive", 1, bad_server, 1, NULL), ==, -3);
}

static void test_no_controller(Guest *g, gconstpointer data)
{
    uint32_t xive[3] = { SPAPR_VTY_IRQ, 0, 5 };

    /* a machine without XICS: hardware error, no crash */
    spapr_hv_free(&g->m);
    g_assert_cmpint(hcall(g, H_XIRR, 0, 0), ==, H_HARDWARE);
    g_assert_cmpint(hcall(g, H_IPI, 0, 0), ==, H_HARDWARE);
    g_assert_cmpint(rtas(g, "ibm,set-xive", 3, xive, 1, NULL), ==, -1);
    g_assert_false(cpu_irq_pending(g));
    spapr_vty_input(&g->m);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
#define ADD(path, fn)                                                        \
    g_test_add(path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
    ADD("/xics/claim", test_claim);
    ADD("/xics/power-on-state", test_power_on_state);
    ADD("/xics/present-accept-eoi", test_present_accept_eoi);
    ADD("/xics/priority-preemption", test_priority_preemption);
    ADD("/xics/equal-priority-waits", test_equal_priority_waits);
    ADD("/xics/cppr-masking", test_cppr_masking);
    ADD("/xics/edges-merge", test_edges_merge_while_presented);
    ADD("/xics/ipi", test_ipi);
    ADD("/xics/ipi-and-source", test_ipi_and_source);
    ADD("/xics/lsi", test_lsi);
    ADD("/xics/masked-msi-pending", test_masked_msi_pending);
    ADD("/xics/xive-round-trip", test_xive_round_trip);
    ADD("/xics/bad-numbers", test_bad_numbers);
    ADD("/xics/reset", test_reset);
    ADD("/xics/threads", test_threads);
#undef ADD
#define ADD(path, fn)                                                        \
    g_test_add(path, Guest, NULL, guest_setup, fn, guest_teardown)
    ADD("/xics/guest/console-interrupt", test_guest_console_interrupt);
    ADD("/xics/guest/hcalls", test_guest_hcalls);
    ADD("/xics/guest/rtas-errors", test_guest_rtas_errors);
    ADD("/xics/guest/no-controller", test_no_controller);
#undef ADD
    return g_test_run();
}
