/*
 * hw-spapr/xics.c: XICS, the partition's interrupt controller
 * (include/xics.h): the presentation and source state machines, the
 * hcall-interrupt hcalls and the ibm,*-xive / ibm,int-* RTAS calls.  The
 * device tree's /interrupt-controller node is fdt.c's.
 *
 * Priorities: 0 is the most favoured, 0xff the least (it masks).  An ICP
 * presents an interrupt only if its priority is more favoured than both the
 * CPPR and the interrupt already presented; the one it displaces is
 * rejected to its source.  Sources remember why they still want service:
 *   MSI  REJECTED       an ICP bounced it: resend when that ICP's CPPR
 *                       becomes less favoured (EOI, H_CPPR)
 *        MASKED_PENDING it fired while masked: send when unmasked
 *   LSI  ASSERTED       the line is up
 *        SENT           presented or being serviced: not again before EOI
 * An inter-processor interrupt is not a source: it is the ICP's MFRR, which
 * presents XISR 2 whenever MFRR is more favoured than CPPR and than what is
 * presented, and stays until the guest writes MFRR back to 0xff.
 *
 * Linux's pseries driver (arch/powerpc/sysdev/xics: icp-hv.c for the
 * hcalls, ics-rtas.c for RTAS) finds the presentation layer through a node
 * compatible with "ibm,ppc-xicp", and takes every other interrupt
 * controller (here /vdevice) for the RTAS ICS.
 */
#include <inttypes.h>

#include <glib.h>

#include "log.h"
#include "xics.h"

enum {
    SRC_CLAIMED = 1 << 0,
    SRC_LSI = 1 << 1,
    SRC_ASSERTED = 1 << 2,
    SRC_SENT = 1 << 3,
    SRC_REJECTED = 1 << 4,
    SRC_MASKED_PENDING = 1 << 5,
};

typedef struct XicsSource {
    uint32_t server;
    uint8_t priority;       /* current; XICS_PRIO_MASKED when off */
    uint8_t saved_priority; /* what ibm,int-on restores */
    uint8_t flags;          /* SRC_* */
} XicsSource;

typedef struct XicsIcp {
    uint8_t cppr;
    uint8_t mfrr;
    uint8_t pending_prio;   /* of the XISR; XICS_PRIO_MASKED if none */
    uint32_t xisr;
    bool output;            /* atomic: read without the lock */
} XicsIcp;

struct Xics {
    GMutex lock;
    uint32_t nr_servers;
    XicsIcp *icp;
    XicsSource src[XICS_NR_IRQS];
    XicsNotifyFn notify;
    void *opaque;
};

/* ------------------------------------------------------------ helpers */

static XicsSource *ics_source(Xics *x, uint32_t irq)
{
    if (irq < XICS_IRQ_BASE || irq - XICS_IRQ_BASE >= XICS_NR_IRQS) {
        return NULL;
    }
    XicsSource *s = &x->src[irq - XICS_IRQ_BASE];
    return (s->flags & SRC_CLAIMED) ? s : NULL;
}

static void icp_set_output(Xics *x, uint32_t server, bool up)
{
    XicsIcp *icp = &x->icp[server];
    bool was = icp->output;

    __atomic_store_n(&icp->output, up, __ATOMIC_SEQ_CST);
    if (up && !was && x->notify) {
        x->notify(x->opaque, server);
    }
}

static void icp_present(Xics *x, uint32_t server, uint32_t irq,
                        uint8_t prio, bool *taken);

/* the ICP gives irq back: its source must ask again later */
static void ics_reject(Xics *x, uint32_t irq)
{
    XicsSource *s = ics_source(x, irq);

    if (!s) {
        return; /* the IPI: MFRR still holds it */
    }
    if (s->flags & SRC_LSI) {
        s->flags &= ~SRC_SENT;
    } else {
        s->flags |= SRC_REJECTED;
    }
}

/* source irq asks to be presented now */
static void ics_send(Xics *x, uint32_t irq)
{
    XicsSource *s = ics_source(x, irq);
    bool taken;

    if (s->priority == XICS_PRIO_MASKED) {
        if (!(s->flags & SRC_LSI)) {
            s->flags |= SRC_MASKED_PENDING;
            s->flags &= ~SRC_REJECTED;
        }
        return;
    }
    icp_present(x, s->server, irq, s->priority, &taken);
    if (s->flags & SRC_LSI) {
        if (taken) {
            s->flags |= SRC_SENT;
        }
    } else {
        s->flags &= ~(SRC_REJECTED | SRC_MASKED_PENDING);
        if (!taken) {
            s->flags |= SRC_REJECTED;
        }
    }
}

/* does the source still want service (and may it have it)? */
static bool ics_wants(const XicsSource *s)
{
    if (!(s->flags & SRC_CLAIMED) || s->priority == XICS_PRIO_MASKED) {
        return false;
    }
    if (s->flags & SRC_LSI) {
        return (s->flags & (SRC_ASSERTED | SRC_SENT)) == SRC_ASSERTED;
    }
    return (s->flags & (SRC_REJECTED | SRC_MASKED_PENDING)) != 0;
}

/*
 * Presents irq at prio if it beats both the CPPR and what is presented;
 * *taken says whether it did (an irq already presented counts as taken:
 * a second event of an edge source merges with the first).
 */
static void icp_present(Xics *x, uint32_t server, uint32_t irq,
                        uint8_t prio, bool *taken)
{
    XicsIcp *icp = &x->icp[server];

    *taken = true;
    if (icp->xisr == irq) {
        return;
    }
    if (prio >= icp->cppr || (icp->xisr && prio >= icp->pending_prio)) {
        *taken = false;
        return;
    }
    if (icp->xisr) {
        uint32_t old = icp->xisr;

        icp->xisr = 0;
        ics_reject(x, old);
    }
    icp->xisr = irq;
    icp->pending_prio = prio;
    icp_set_output(x, server, true);
}

/* presents the IPI if MFRR is now more favoured than CPPR and the XISR */
static void icp_check_ipi(Xics *x, uint32_t server)
{
    XicsIcp *icp = &x->icp[server];
    bool taken;

    if (icp->xisr == XICS_IPI) {
        icp->pending_prio = MIN(icp->pending_prio, icp->mfrr);
        return;
    }
    icp_present(x, server, XICS_IPI, icp->mfrr, &taken);
}

/* the CPPR became less favoured: everything waiting may go now */
static void icp_resend(Xics *x, uint32_t server)
{
    icp_check_ipi(x, server);
    for (uint32_t i = 0; i < XICS_NR_IRQS; i++) {
        XicsSource *s = &x->src[i];

        if (s->server == server && ics_wants(s)) {
            ics_send(x, XICS_IRQ_BASE + i);
        }
    }
}

/* ------------------------------------------------------------ life cycle */

Xics *xics_new(uint32_t nr_servers, XicsNotifyFn notify, void *opaque)
{
    Xics *x = g_new0(Xics, 1);

    g_assert(nr_servers > 0);
    g_mutex_init(&x->lock);
    x->nr_servers = nr_servers;
    x->icp = g_new0(XicsIcp, nr_servers);
    x->notify = notify;
    x->opaque = opaque;
    xics_reset(x);
    return x;
}

void xics_free(Xics *x)
{
    if (!x) {
        return;
    }
    g_mutex_clear(&x->lock);
    g_free(x->icp);
    g_free(x);
}

void xics_reset(Xics *x)
{
    g_mutex_lock(&x->lock);
    for (uint32_t i = 0; i < XICS_NR_IRQS; i++) {
        XicsSource *s = &x->src[i];

        s->server = 0;
        s->priority = s->saved_priority = XICS_PRIO_MASKED;
        s->flags &= SRC_CLAIMED | SRC_LSI;
    }
    for (uint32_t i = 0; i < x->nr_servers; i++) {
        XicsIcp *icp = &x->icp[i];

        icp->cppr = 0;
        icp->mfrr = XICS_PRIO_MASKED;
        icp->pending_prio = XICS_PRIO_MASKED;
        icp->xisr = 0;
        __atomic_store_n(&icp->output, false, __ATOMIC_SEQ_CST);
    }
    g_mutex_unlock(&x->lock);
}

uint32_t xics_nr_servers(const Xics *x)
{
    return x->nr_servers;
}

/* ------------------------------------------------------------ sources */

bool xics_claim(Xics *x, uint32_t irq, bool lsi)
{
    bool ok = false;

    g_mutex_lock(&x->lock);
    if (irq >= XICS_IRQ_BASE && irq - XICS_IRQ_BASE < XICS_NR_IRQS &&
        !ics_source(x, irq)) {
        x->src[irq - XICS_IRQ_BASE].flags = SRC_CLAIMED | (lsi ? SRC_LSI : 0);
        ok = true;
    }
    g_mutex_unlock(&x->lock);
    return ok;
}

bool xics_claimed(const Xics *x, uint32_t irq)
{
    return ics_source((Xics *)x, irq) != NULL;
}

bool xics_is_lsi(const Xics *x, uint32_t irq)
{
    const XicsSource *s = ics_source((Xics *)x, irq);
    return s && (s->flags & SRC_LSI);
}

void xics_set_irq(Xics *x, uint32_t irq, int level)
{
    g_mutex_lock(&x->lock);
    XicsSource *s = ics_source(x, irq);

    if (!s) {
        g_mutex_unlock(&x->lock);
        return;
    }
    if (s->flags & SRC_LSI) {
        if (level) {
            s->flags |= SRC_ASSERTED;
            if (!(s->flags & SRC_SENT)) {
                ics_send(x, irq);
            }
        } else {
            s->flags &= ~SRC_ASSERTED;
        }
    } else if (level) {
        ics_send(x, irq);
    }
    g_mutex_unlock(&x->lock);
}

/* after a priority change: a source that was waiting goes now */
static void ics_kick(Xics *x, uint32_t irq)
{
    XicsSource *s = ics_source(x, irq);

    if (ics_wants(s)) {
        ics_send(x, irq);
    }
}

int xics_set_xive(Xics *x, uint32_t irq, uint32_t server, uint32_t priority)
{
    int ret = RTAS_OUT_PARAM_ERROR;

    g_mutex_lock(&x->lock);
    XicsSource *s = ics_source(x, irq);
    if (s && server < x->nr_servers && priority <= XICS_PRIO_MASKED) {
        s->server = server;
        s->priority = s->saved_priority = (uint8_t)priority;
        ics_kick(x, irq);
        ret = RTAS_OUT_SUCCESS;
    }
    g_mutex_unlock(&x->lock);
    return ret;
}

int xics_get_xive(Xics *x, uint32_t irq, uint32_t *server,
                  uint32_t *priority)
{
    int ret = RTAS_OUT_PARAM_ERROR;

    g_mutex_lock(&x->lock);
    XicsSource *s = ics_source(x, irq);
    if (s) {
        *server = s->server;
        *priority = s->priority;
        ret = RTAS_OUT_SUCCESS;
    }
    g_mutex_unlock(&x->lock);
    return ret;
}

int xics_int_off(Xics *x, uint32_t irq)
{
    int ret = RTAS_OUT_PARAM_ERROR;

    g_mutex_lock(&x->lock);
    XicsSource *s = ics_source(x, irq);
    if (s) {
        s->priority = XICS_PRIO_MASKED;
        ret = RTAS_OUT_SUCCESS;
    }
    g_mutex_unlock(&x->lock);
    return ret;
}

int xics_int_on(Xics *x, uint32_t irq)
{
    int ret = RTAS_OUT_PARAM_ERROR;

    g_mutex_lock(&x->lock);
    XicsSource *s = ics_source(x, irq);
    if (s) {
        s->priority = s->saved_priority;
        ics_kick(x, irq);
        ret = RTAS_OUT_SUCCESS;
    }
    g_mutex_unlock(&x->lock);
    return ret;
}

/* ------------------------------------------------------------ presentation */

bool xics_output(const Xics *x, uint32_t server)
{
    return server < x->nr_servers &&
           __atomic_load_n(&x->icp[server].output, __ATOMIC_SEQ_CST);
}

static uint32_t icp_xirr(const XicsIcp *icp)
{
    return (uint32_t)icp->cppr << XICS_CPPR_SHIFT | icp->xisr;
}

uint32_t xics_accept(Xics *x, uint32_t server)
{
    g_mutex_lock(&x->lock);
    XicsIcp *icp = &x->icp[server];
    uint32_t xirr = icp_xirr(icp);

    if (icp->xisr) {
        icp->cppr = icp->pending_prio;
        icp->xisr = 0;
        icp->pending_prio = XICS_PRIO_MASKED;
        icp_set_output(x, server, false);
    }
    g_mutex_unlock(&x->lock);
    return xirr;
}

uint32_t xics_poll(Xics *x, uint32_t server, uint8_t *mfrr)
{
    g_mutex_lock(&x->lock);
    uint32_t xirr = icp_xirr(&x->icp[server]);
    *mfrr = x->icp[server].mfrr;
    g_mutex_unlock(&x->lock);
    return xirr;
}

void xics_set_cppr(Xics *x, uint32_t server, uint8_t cppr)
{
    g_mutex_lock(&x->lock);
    XicsIcp *icp = &x->icp[server];
    uint8_t old = icp->cppr;

    icp->cppr = cppr;
    if (cppr < old) {
        /* more favoured: what is presented may no longer qualify */
        if (icp->xisr && icp->pending_prio >= cppr) {
            uint32_t irq = icp->xisr;

            icp->xisr = 0;
            icp->pending_prio = XICS_PRIO_MASKED;
            icp_set_output(x, server, false);
            ics_reject(x, irq);
        }
    } else if (cppr > old) {
        icp_resend(x, server);
    }
    g_mutex_unlock(&x->lock);
}

bool xics_eoi(Xics *x, uint32_t server, uint32_t xirr)
{
    uint32_t irq = xirr & XICS_XISR_MASK;
    bool ok = true;

    g_mutex_lock(&x->lock);
    /* a CPPR made more favoured by an EOI rejects nothing: LoPAPR leaves
       that software error undefined */
    x->icp[server].cppr = (uint8_t)(xirr >> XICS_CPPR_SHIFT);
    if (irq != 0 && irq != XICS_IPI) {
        XicsSource *s = ics_source(x, irq);

        if (!s) {
            ok = false;
        } else if (s->flags & SRC_LSI) {
            s->flags &= ~SRC_SENT;
            ics_kick(x, irq); /* a line still up interrupts again */
        }
    }
    icp_resend(x, server);
    g_mutex_unlock(&x->lock);
    return ok;
}

void xics_set_mfrr(Xics *x, uint32_t server, uint8_t mfrr)
{
    g_mutex_lock(&x->lock);
    x->icp[server].mfrr = mfrr;
    icp_check_ipi(x, server);
    g_mutex_unlock(&x->lock);
}

/* ------------------------------------------------------------ hcalls */

/* the calling vCPU's ICP, or false (and H_HARDWARE) without one */
static bool xics_caller(SpaprMachine *m, CPUPPCState *env, uint32_t *server)
{
    if (!m->xics || env->cpu_index >= m->xics->nr_servers) {
        return false;
    }
    *server = env->cpu_index;
    return true;
}

static int64_t xics_bad(const char *call, const char *what, uint64_t val)
{
    if (log_enabled(LOG_GUEST_ERROR)) {
        log_printf("%s: bad %s 0x%" PRIx64 "\n", call, what, val);
    }
    return H_PARAMETER;
}

/* H_XIRR (LoPAPR, hcall-interrupt): accepts the interrupt presented;
   returns r4 = XIRR (old CPPR, XISR; XISR 0 if nothing was) */
int64_t h_xirr(SpaprMachine *m, CPUPPCState *env, uint64_t *args)
{
    uint32_t server;

    if (!xics_caller(m, env, &server)) {
        return H_HARDWARE;
    }
    args[0] = xics_accept(m->xics, server);
    return H_SUCCESS;
}

/* H_XIRR_X: as H_XIRR, and r5 = the timebase */
int64_t h_xirr_x(SpaprMachine *m, CPUPPCState *env, uint64_t *args)
{
    int64_t ret = h_xirr(m, env, args);

    if (ret == H_SUCCESS) {
        args[1] = ppc_get_timebase(env);
    }
    return ret;
}

/* H_CPPR (hcall-interrupt): r4 = the new CPPR */
int64_t h_cppr(SpaprMachine *m, CPUPPCState *env, uint64_t *args)
{
    uint32_t server;

    if (!xics_caller(m, env, &server)) {
        return H_HARDWARE;
    }
    if (args[0] > 0xff) {
        return xics_bad("H_CPPR", "CPPR", args[0]);
    }
    xics_set_cppr(m->xics, server, (uint8_t)args[0]);
    return H_SUCCESS;
}

/* H_EOI (hcall-interrupt): r4 = XIRR: the CPPR to restore and the source
   whose service ended */
int64_t h_eoi(SpaprMachine *m, CPUPPCState *env, uint64_t *args)
{
    uint32_t server;

    if (!xics_caller(m, env, &server)) {
        return H_HARDWARE;
    }
    if (args[0] > 0xffffffffu) {
        return xics_bad("H_EOI", "XIRR", args[0]);
    }
    if (!xics_eoi(m->xics, server, (uint32_t)args[0])) {
        return xics_bad("H_EOI", "interrupt source",
                        args[0] & XICS_XISR_MASK);
    }
    return H_SUCCESS;
}

/* H_IPI (hcall-interrupt): r4 = the target server, r5 = its new MFRR */
int64_t h_ipi(SpaprMachine *m, CPUPPCState *env, uint64_t *args)
{
    if (!m->xics) {
        return H_HARDWARE;
    }
    if (args[0] >= m->xics->nr_servers) {
        return xics_bad("H_IPI", "server", args[0]);
    }
    if (args[1] > 0xff) {
        return xics_bad("H_IPI", "MFRR", args[1]);
    }
    xics_set_mfrr(m->xics, (uint32_t)args[0], (uint8_t)args[1]);
    return H_SUCCESS;
}

/* H_IPOLL (hcall-interrupt): r4 = a server; returns r4 = its XIRR (not
   accepted), r5 = its MFRR */
int64_t h_ipoll(SpaprMachine *m, CPUPPCState *env, uint64_t *args)
{
    uint8_t mfrr;

    if (!m->xics) {
        return H_HARDWARE;
    }
    if (args[0] >= m->xics->nr_servers) {
        return xics_bad("H_IPOLL", "server", args[0]);
    }
    args[0] = xics_poll(m->xics, (uint32_t)args[0], &mfrr);
    args[1] = mfrr;
    return H_SUCCESS;
}

/* ------------------------------------------------------------ RTAS */

static bool xics_rtas_ready(SpaprMachine *m, const SpaprRtasArgs *a,
                            uint32_t nargs, uint32_t nret, const char *name)
{
    if (!spapr_rtas_check_counts(m, a, nargs, nret, name)) {
        return false;
    }
    if (!m->xics) {
        spapr_rtas_ret(m, a, 0, RTAS_OUT_HW_ERROR);
        return false;
    }
    return true;
}

static void xics_rtas_status(SpaprMachine *m, const SpaprRtasArgs *a,
                             int status, const char *name, uint32_t irq)
{
    if (status != RTAS_OUT_SUCCESS && log_enabled(LOG_GUEST_ERROR)) {
        log_printf("RTAS %s: bad interrupt 0x%" PRIx32 " or argument\n",
                   name, irq);
    }
    spapr_rtas_ret(m, a, 0, status);
}

/* ibm,set-xive (LoPAPR, RTAS interrupt management): irq, server,
   priority */
void rtas_ibm_set_xive(SpaprMachine *m, CPUPPCState *env,
                       const SpaprRtasArgs *a)
{
    if (!xics_rtas_ready(m, a, 3, 1, "ibm,set-xive")) {
        return;
    }
    uint32_t irq = spapr_rtas_arg(m, a, 0);
    int st = xics_set_xive(m->xics, irq, spapr_rtas_arg(m, a, 1),
                           spapr_rtas_arg(m, a, 2));
    xics_rtas_status(m, a, st, "ibm,set-xive", irq);
}

/* ibm,get-xive: irq; returns status, server, priority */
void rtas_ibm_get_xive(SpaprMachine *m, CPUPPCState *env,
                       const SpaprRtasArgs *a)
{
    uint32_t server, priority;

    if (!xics_rtas_ready(m, a, 1, 3, "ibm,get-xive")) {
        return;
    }
    uint32_t irq = spapr_rtas_arg(m, a, 0);
    int st = xics_get_xive(m->xics, irq, &server, &priority);
    xics_rtas_status(m, a, st, "ibm,get-xive", irq);
    if (st == RTAS_OUT_SUCCESS) {
        spapr_rtas_ret(m, a, 1, (int32_t)server);
        spapr_rtas_ret(m, a, 2, (int32_t)priority);
    }
}

/* ibm,int-off: irq; masks it, keeping the priority for ibm,int-on */
void rtas_ibm_int_off(SpaprMachine *m, CPUPPCState *env,
                      const SpaprRtasArgs *a)
{
    if (!xics_rtas_ready(m, a, 1, 1, "ibm,int-off")) {
        return;
    }
    uint32_t irq = spapr_rtas_arg(m, a, 0);
    xics_rtas_status(m, a, xics_int_off(m->xics, irq), "ibm,int-off", irq);
}

/* ibm,int-on: irq; back to the priority of the last ibm,set-xive */
void rtas_ibm_int_on(SpaprMachine *m, CPUPPCState *env,
                     const SpaprRtasArgs *a)
{
    if (!xics_rtas_ready(m, a, 1, 1, "ibm,int-on")) {
        return;
    }
    uint32_t irq = spapr_rtas_arg(m, a, 0);
    xics_rtas_status(m, a, xics_int_on(m->xics, irq), "ibm,int-on", irq);
}

/* ------------------------------------------------------------ monitor */

void xics_dump(Xics *x, GString *out)
{
    g_mutex_lock(&x->lock);
    for (uint32_t s = 0; s < x->nr_servers; s++) {
        const XicsIcp *icp = &x->icp[s];
        g_string_append_printf(out, "CPU %" PRIu32 " XIRR=%08" PRIx32
                               " PP=%02x MFRR=%02x\n", s,
                               (uint32_t)icp->cppr << 24 | icp->xisr,
                               icp->pending_prio, icp->mfrr);
    }
    g_string_append_printf(out, "ICS %4x..%4x\n", XICS_IRQ_BASE,
                           XICS_IRQ_BASE + XICS_NR_IRQS - 1);
    for (uint32_t i = 0; i < XICS_NR_IRQS; i++) {
        const XicsSource *src = &x->src[i];
        if (!(src->flags & SRC_CLAIMED)) {
            continue;
        }
        /* the state column: asserted 1, sent 2, rejected 4 */
        unsigned st = (src->flags & SRC_ASSERTED ? 1 : 0) |
                      (src->flags & SRC_SENT ? 2 : 0) |
                      (src->flags & SRC_REJECTED ? 4 : 0);
        g_string_append_printf(out, "  %4x %s %02x %02x\n", XICS_IRQ_BASE + i,
                               src->flags & SRC_LSI ? "LSI" : "MSI",
                               src->priority, st);
    }
    g_string_append(out, "irqchip: emulated\n");
    g_mutex_unlock(&x->lock);
}
