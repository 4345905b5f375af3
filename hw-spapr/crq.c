/*
 * hw-spapr/crq.c: command/response queues (include/spapr-vio.h; LoPAPR
 * "Command/Response Queue" and the function set hcall-vio).
 *
 * A CRQ connects a client driver in the guest to a virtual adapter (here
 * the device model is the server side).  The guest registers a ring of
 * 16-byte entries in the device's I/O address space (H_REG_CRQ) and sends
 * one 16-byte message at a time in two registers (H_SEND_CRQ), which goes
 * straight to the model's crq_recv.  The model answers by filling the
 * guest's ring: an entry whose first byte is non-zero is the guest's to
 * consume, and it hands the entry back by zeroing that byte.  A full ring
 * (the next entry still owned by the guest) drops the message.  After
 * queueing, the device's interrupt is raised if the guest enabled it with
 * H_VIO_SIGNAL.
 *
 * The ring is accessed through the TCE table like any DMA, so a ring the
 * guest has unmapped fails the send and touches nothing.
 */
#include <inttypes.h>
#include <string.h>

#include <glib.h>

#include "log.h"
#include "spapr-vio.h"

static int64_t crq_bad(const char *call, const char *what, uint64_t val)
{
    if (log_enabled(LOG_GUEST_ERROR)) {
        log_printf("%s: bad %s 0x%" PRIx64 "\n", call, what, val);
    }
    return H_PARAMETER;
}

/* the device at a unit address, if it is a CRQ device */
static SpaprVioDevice *crq_dev(SpaprMachine *m, uint64_t unit,
                               const char *call)
{
    SpaprVioDevice *dev = spapr_vio_find(m, unit);

    if (!dev || !dev->type->has_crq) {
        crq_bad(call, "unit address", unit);
        return NULL;
    }
    return dev;
}

int64_t spapr_crq_send(SpaprVioDevice *dev, const uint8_t *msg)
{
    SpaprCrq *q = &dev->crq;
    uint8_t head;
    int64_t r;

    if (!q->size) {
        return H_CLOSED;
    }
    r = spapr_vio_dma_read(dev, q->ioba + q->next, &head, 1);
    if (r != H_SUCCESS) {
        return r;
    }
    if (head != 0) {
        if (log_enabled(LOG_GUEST_ERROR)) {
            log_printf("%s 0x%x: CRQ full, message dropped\n",
                       dev->type->name, dev->reg);
        }
        return H_DROPPED;
    }
    /* the body first and the valid byte last, so that a guest polling the
       ring never sees a half-written entry */
    r = spapr_vio_dma_write(dev, q->ioba + q->next + 1, msg + 1,
                            SPAPR_CRQ_ENTRY_SIZE - 1);
    if (r != H_SUCCESS) {
        return r;
    }
    __atomic_thread_fence(__ATOMIC_RELEASE);
    r = spapr_vio_dma_write(dev, q->ioba + q->next, msg, 1);
    if (r != H_SUCCESS) {
        return r;
    }
    q->next = (q->next + SPAPR_CRQ_ENTRY_SIZE) % q->size;
    spapr_vio_irq_pulse(dev);
    return H_SUCCESS;
}

/*
 * H_REG_CRQ: r4 = unit address, r5 = the ring's I/O address, r6 = its
 * length.  Both page aligned, the length non-zero and the ring inside the
 * DMA window; H_RESOURCE if a ring is already registered.
 */
int64_t h_reg_crq(SpaprMachine *m, CPUPPCState *env, uint64_t *args)
{
    SpaprVioDevice *dev = crq_dev(m, args[0], "H_REG_CRQ");
    uint64_t ioba = args[1], len = args[2];
    uint64_t window;

    if (!dev) {
        return H_PARAMETER;
    }
    window = (uint64_t)dev->nb_tce << SPAPR_TCE_PAGE_SHIFT;
    if (dev->tce_bypass) {
        window = dev->m->ram_size; /* I/O addresses are real addresses */
    }
    if ((ioba | len) & (SPAPR_TCE_PAGE_SIZE - 1) || len == 0 ||
        ioba >= window || len > window - ioba) {
        return crq_bad("H_REG_CRQ", "queue", ioba);
    }
    if (dev->crq.size) {
        if (log_enabled(LOG_GUEST_ERROR)) {
            log_printf("H_REG_CRQ: unit 0x%x already has a queue\n",
                       dev->reg);
        }
        return H_RESOURCE;
    }
    dev->crq = (SpaprCrq){ .ioba = ioba, .size = len, .next = 0 };
    return H_SUCCESS;
}

/* H_FREE_CRQ: r4 = unit address; the ring is forgotten (freeing none is
   not an error: drivers free before registering after a kexec) */
int64_t h_free_crq(SpaprMachine *m, CPUPPCState *env, uint64_t *args)
{
    SpaprVioDevice *dev = crq_dev(m, args[0], "H_FREE_CRQ");

    if (!dev) {
        return H_PARAMETER;
    }
    dev->crq = (SpaprCrq){ 0 };
    return H_SUCCESS;
}

/*
 * H_SEND_CRQ: r4 = unit address, r5 and r6 = the 16-byte message, its
 * first byte the most significant of r5.  The guest must have registered
 * its own ring first (else H_CLOSED: nothing could answer).
 */
int64_t h_send_crq(SpaprMachine *m, CPUPPCState *env, uint64_t *args)
{
    SpaprVioDevice *dev = crq_dev(m, args[0], "H_SEND_CRQ");
    uint8_t msg[SPAPR_CRQ_ENTRY_SIZE];

    if (!dev) {
        return H_PARAMETER;
    }
    if (!dev->crq.size) {
        return H_CLOSED;
    }
    for (int i = 0; i < 8; i++) {
        msg[i] = (uint8_t)(args[1] >> (56 - 8 * i));
        msg[8 + i] = (uint8_t)(args[2] >> (56 - 8 * i));
    }
    if (!dev->type->crq_recv) {
        return H_SUCCESS;
    }
    return dev->type->crq_recv(dev, msg);
}

/* H_ENABLE_CRQ: r4 = unit address; re-enables a ring after a partition
   migration, which never happens here: nothing to do */
int64_t h_enable_crq(SpaprMachine *m, CPUPPCState *env, uint64_t *args)
{
    return crq_dev(m, args[0], "H_ENABLE_CRQ") ? H_SUCCESS : H_PARAMETER;
}

/* H_VIO_SIGNAL: r4 = unit address, r5 = mode: bit SPAPR_VIO_IRQ_ENABLE
   turns the device's interrupt on or off; other bits are H_PARAMETER */
int64_t h_vio_signal(SpaprMachine *m, CPUPPCState *env, uint64_t *args)
{
    SpaprVioDevice *dev = spapr_vio_find(m, args[0]);

    if (!dev) {
        return crq_bad("H_VIO_SIGNAL", "unit address", args[0]);
    }
    if (args[1] & ~SPAPR_VIO_IRQ_ENABLE) {
        return crq_bad("H_VIO_SIGNAL", "mode", args[1]);
    }
    dev->irq_enabled = args[1] & SPAPR_VIO_IRQ_ENABLE;
    return H_SUCCESS;
}
