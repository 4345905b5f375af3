/*
 * hw-spapr/events.c: the platform's RTAS events (LoPAPR, "RTAS Error and
 * Event Classes", "Platform Event Log Format, Version 6") and the one the
 * host raises today: the EPOW (environmental and power warning) of the
 * monitor's system_powerdown, which a Linux guest turns into an orderly
 * shutdown.
 *
 * What the guest sees (as Linux's arch/powerpc/platforms/pseries/ras.c
 * reads it):
 *   - /event-sources/epow-events with "interrupts" = <source 1>, an XICS
 *     level-triggered source (SPAPR_IRQ_EPOW) that stays asserted while an
 *     EPOW event is waiting; /event-sources is an interrupt-controller
 *     node with two cells per interrupt, as /vdevice is;
 *   - its handler reads the EPOW sensor (get-sensor-state token 9, index
 *     0), then calls check-exception with the EPOW class in the mask and
 *     gets the event's log: a version 6 extended log (company "IBM",
 *     format 14) holding the private header (PH), user header (UH) and
 *     EPOW (EP) sections; EP's action code 3 (system shutdown) with
 *     modifier 1 (normal) makes Linux call orderly_poweroff();
 *   - event-scan (rtasd's poll) hands out the same queue.
 * A log longer than the guest's buffer is truncated to it (the guest
 * passes rtas-error-log-max).  Every buffer address is checked against
 * RAM: a bad one gets status -3 and the event stays queued.
 *
 * Threads: the monitor or QMP posts events from its own thread, the vCPU
 * fetches them in RTAS; the queue has its own lock, and the interrupt
 * line goes through XICS, which has its own.
 */
#include <string.h>
#include <time.h>

#include <glib.h>
#include <libfdt.h>

#include "exec.h"
#include "log.h"
#include "runstate.h"
#include "spapr-hv.h"
#include "xics.h"

/* event classes of the event mask (LoPAPR; Linux's RTAS_*_EVENTS) */
#define EVENT_CLASS_INTERNAL_ERROR 0x80000000u
#define EVENT_CLASS_EPOW 0x40000000u

#define RTAS_OUT_SUCCESS 0
#define RTAS_OUT_NO_EVENT 1
#define RTAS_OUT_PARAM_ERROR (-3)

/* the fixed part of an RTAS error log (LoPAPR: version, severity,
   disposition, extended bit, initiator, target, type, extended length) */
#define LOG_VERSION_6 6
#define LOG_SEVERITY_EVENT (1u << 5)
#define LOG_EXTENDED (1u << 2)
#define LOG_INITIATOR_POWER 5 /* power management */
#define LOG_TYPE_EPOW 0x40
#define LOG_FIXED_LEN 8
/* the version 6 extension: valid, new log, big-endian; event-log format
   14; reserved; company id */
#define V6_VALID_NEW_BE 0x86
#define V6_FORMAT_EVENT_LOG 14
#define V6_HEADER_LEN 16

/* EPOW action codes and modifiers (LoPAPR's EPOW section) */
#define EPOW_ACTION_SYSTEM_SHUTDOWN 3
#define EPOW_MODIFIER_NORMAL 1

#define EPOW_SENSOR_TOKEN 9

struct SpaprEvents {
    GMutex lock;
    GQueue queue; /* SpaprEvent, oldest first */
    uint32_t log_id;
};

typedef struct SpaprEvent {
    uint32_t class_mask;
    uint8_t epow_action; /* the EPOW sensor's state while it waits */
    GByteArray *log;
} SpaprEvent;

static void put16(GByteArray *b, size_t at, uint16_t v)
{
    b->data[at] = v >> 8;
    b->data[at + 1] = v;
}

static void put32(GByteArray *b, size_t at, uint32_t v)
{
    put16(b, at, v >> 16);
    put16(b, at + 2, v);
}

static uint8_t bcd(unsigned v)
{
    return (uint8_t)(((v / 10) % 10) << 4 | (v % 10));
}

/* appends a section header (id, length, version 1, subtype, creator
   component 0) and room for len - 8 bytes of data; returns its offset */
static size_t add_section(GByteArray *b, char id0, char id1, uint16_t len,
                          uint8_t subtype)
{
    size_t at = b->len;

    g_byte_array_set_size(b, at + len);
    memset(b->data + at, 0, len);
    b->data[at] = (uint8_t)id0;
    b->data[at + 1] = (uint8_t)id1;
    put16(b, at + 2, len);
    b->data[at + 4] = 1;
    b->data[at + 5] = subtype;
    return at;
}

/* an EPOW log, severity "event", fully recovered, dated by the
   partition's time-of-day clock (rtc.c: -rtc base=, and the guest's clock
   under -icount clock=vm), as the platform would */
static GByteArray *epow_log(const SpaprMachine *m, uint32_t id,
                            uint8_t action, uint8_t modifier)
{
    GByteArray *b = g_byte_array_new();
    time_t now = (time_t)(MAX(spapr_rtc_now_ns(m), 0) / 1000000000);
    struct tm tm;

    gmtime_r(&now, &tm);
    g_byte_array_set_size(b, LOG_FIXED_LEN + V6_HEADER_LEN);
    memset(b->data, 0, b->len);
    b->data[0] = LOG_VERSION_6;
    b->data[1] = LOG_SEVERITY_EVENT | LOG_EXTENDED;
    b->data[2] = LOG_INITIATOR_POWER << 4 | LOG_INITIATOR_POWER;
    b->data[3] = LOG_TYPE_EPOW;
    b->data[LOG_FIXED_LEN] = V6_VALID_NEW_BE;
    b->data[LOG_FIXED_LEN + 2] = V6_FORMAT_EVENT_LOG;
    memcpy(b->data + LOG_FIXED_LEN + 12, "IBM", 4);

    /* private header: creation date and time (BCD), creator 'H'
       (hypervisor), the number of sections, the log's id */
    size_t ph = add_section(b, 'P', 'H', 48, 0);
    unsigned year = (unsigned)tm.tm_year + 1900;
    uint8_t date[8] = { bcd(year / 100), bcd(year % 100),
                        bcd((unsigned)tm.tm_mon + 1), bcd((unsigned)tm.tm_mday),
                        bcd((unsigned)tm.tm_hour), bcd((unsigned)tm.tm_min),
                        bcd((unsigned)tm.tm_sec), 0 };
    memcpy(b->data + ph + 8, date, 8);
    memcpy(b->data + ph + 16, date, 8);
    b->data[ph + 24] = 'H';
    b->data[ph + 27] = 3;
    put32(b, ph + 40, id);
    put32(b, ph + 44, id);

    /* user header: subsystem power (0x70), platform scope, severity
       informational, event type "environmental and power warning" */
    size_t uh = add_section(b, 'U', 'H', 24, 0);
    b->data[uh + 8] = 0x70;
    b->data[uh + 9] = 0x03;
    b->data[uh + 10] = 0x00;
    b->data[uh + 11] = 0x0e;

    /* the EPOW section: action code (sensor value), event modifier */
    size_t ep = add_section(b, 'E', 'P', 16, 0);
    b->data[ep + 8] = action;
    b->data[ep + 9] = modifier;

    put32(b, 4, b->len - LOG_FIXED_LEN);
    return b;
}

void spapr_events_init(SpaprMachine *m)
{
    SpaprEvents *e = g_new0(SpaprEvents, 1);

    g_mutex_init(&e->lock);
    g_queue_init(&e->queue);
    m->hv->events = e;
    xics_claim(m->xics, SPAPR_IRQ_EPOW, true);
}

static void event_free(gpointer p)
{
    SpaprEvent *ev = p;

    g_byte_array_unref(ev->log);
    g_free(ev);
}

/* the EPOW line follows the queue; called with e->lock held */
static void epow_update_line(SpaprMachine *m, SpaprEvents *e)
{
    bool any = false;

    for (GList *l = e->queue.head; l; l = l->next) {
        any |= ((SpaprEvent *)l->data)->class_mask == EVENT_CLASS_EPOW;
    }
    if (m->xics) {
        xics_set_irq(m->xics, SPAPR_IRQ_EPOW, any);
    }
}

void spapr_events_reset(SpaprMachine *m)
{
    SpaprEvents *e = m->hv ? m->hv->events : NULL;

    if (!e) {
        return;
    }
    g_mutex_lock(&e->lock);
    g_queue_clear_full(&e->queue, event_free);
    epow_update_line(m, e);
    g_mutex_unlock(&e->lock);
}

void spapr_events_free(SpaprMachine *m)
{
    SpaprEvents *e = m->hv ? m->hv->events : NULL;

    if (!e) {
        return;
    }
    g_queue_clear_full(&e->queue, event_free);
    g_mutex_clear(&e->lock);
    g_free(e);
    m->hv->events = NULL;
}

bool spapr_events_powerdown(SpaprMachine *m)
{
    SpaprEvents *e = m->hv ? m->hv->events : NULL;

    if (!e) {
        return false;
    }
    SpaprEvent *ev = g_new0(SpaprEvent, 1);
    g_mutex_lock(&e->lock);
    ev->class_mask = EVENT_CLASS_EPOW;
    ev->epow_action = EPOW_ACTION_SYSTEM_SHUTDOWN;
    ev->log = epow_log(m, ++e->log_id, EPOW_ACTION_SYSTEM_SHUTDOWN,
                       EPOW_MODIFIER_NORMAL);
    g_queue_push_tail(&e->queue, ev);
    epow_update_line(m, e);
    g_mutex_unlock(&e->lock);
    if (m->runstate) {
        runstate_event(m->runstate, "POWERDOWN", NULL);
    }
    return true;
}

/* hands the oldest event of a class in mask to the guest's buffer: the
   RTAS status */
static int32_t fetch_event(SpaprMachine *m, uint32_t mask, uint64_t buf,
                           uint32_t len)
{
    SpaprEvents *e = m->hv ? m->hv->events : NULL;
    int32_t status = RTAS_OUT_NO_EVENT;

    if (!e) {
        return status;
    }
    g_mutex_lock(&e->lock);
    for (GList *l = e->queue.head; l; l = l->next) {
        SpaprEvent *ev = l->data;
        if (!(ev->class_mask & mask)) {
            continue;
        }
        uint32_t n = MIN(len, ev->log->len);
        if (!spapr_ram_valid(m, buf, n)) {
            status = RTAS_OUT_PARAM_ERROR;
            break;
        }
        memcpy(m->ram + buf, ev->log->data, n);
        g_queue_delete_link(&e->queue, l);
        event_free(ev);
        epow_update_line(m, e);
        status = RTAS_OUT_SUCCESS;
        break;
    }
    g_mutex_unlock(&e->lock);
    return status;
}

/* event-scan: event mask, critical, buffer, length */
void rtas_event_scan(SpaprMachine *m, CPUPPCState *env,
                     const SpaprRtasArgs *a)
{
    if (spapr_rtas_check_counts(m, a, 4, 1, "event-scan")) {
        spapr_rtas_ret(m, a, 0,
                       fetch_event(m, spapr_rtas_arg(m, a, 0),
                                   spapr_rtas_arg(m, a, 2),
                                   spapr_rtas_arg(m, a, 3)));
    }
}

/* check-exception: vector offset, additional information (the
   interrupt source), event mask, critical, buffer, length [, extended
   information] */
void rtas_check_exception(SpaprMachine *m, CPUPPCState *env,
                          const SpaprRtasArgs *a)
{
    if ((a->nargs != 6 && a->nargs != 7) || a->nret != 1) {
        /* logs the mismatch and answers -3 */
        spapr_rtas_check_counts(m, a, 6, 1, "check-exception");
        return;
    }
    spapr_rtas_ret(m, a, 0,
                   fetch_event(m, spapr_rtas_arg(m, a, 2),
                               spapr_rtas_arg(m, a, 4),
                               spapr_rtas_arg(m, a, 5)));
}

bool spapr_events_sensor(SpaprMachine *m, uint32_t token, uint32_t index,
                         uint32_t *state)
{
    SpaprEvents *e = m->hv ? m->hv->events : NULL;

    if (token != EPOW_SENSOR_TOKEN || index != 0) {
        return false;
    }
    *state = 0; /* normal */
    if (e) {
        g_mutex_lock(&e->lock);
        for (GList *l = e->queue.head; l; l = l->next) {
            SpaprEvent *ev = l->data;
            if (ev->class_mask == EVENT_CLASS_EPOW) {
                *state = ev->epow_action;
                break;
            }
        }
        g_mutex_unlock(&e->lock);
    }
    return true;
}

int spapr_events_fdt(SpaprMachine *m, void *fdt)
{
    fdt32_t irq[2] = { cpu_to_fdt32(SPAPR_IRQ_EPOW), cpu_to_fdt32(1) };
    fdt32_t ranges[2] = { cpu_to_fdt32(SPAPR_IRQ_EPOW), cpu_to_fdt32(1) };
    int r, top, node;

    if (!m->hv || !m->hv->events || !m->xics) {
        return 0;
    }
    top = fdt_add_subnode(fdt, 0, "event-sources");
    if (top < 0) {
        return top;
    }
    if ((r = fdt_setprop_empty(fdt, top, "interrupt-controller")) ||
        (r = fdt_setprop_cell(fdt, top, "#interrupt-cells", 2)) ||
        (r = fdt_setprop(fdt, top, "interrupt-ranges", ranges,
                         sizeof(ranges)))) {
        return r;
    }
    node = fdt_add_subnode(fdt, top, "epow-events");
    if (node < 0) {
        return node;
    }
    /* cells: source, sense (1: level) */
    return fdt_setprop(fdt, node, "interrupts", irq, sizeof(irq));
}
