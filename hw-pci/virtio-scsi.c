/*
 * hw-pci/virtio-scsi.c: virtio-scsi-pci, a SCSI host adapter (virtio 1.1,
 * 5.6) for the logical units of hw-spapr/scsi-disk.c (-device
 * scsi-hd|scsi-cd,bus=ID.0[,scsi-id=][,lun=]).
 *
 * Queues: control (task management and asynchronous notification),
 * event (the driver's buffers wait; no hotplug events are sent), then one
 * request queue.  A request is the command header (LUN, tag, CDB) and the
 * data-out bytes; the response header (sense, residual, status) and the
 * data-in bytes come back.  The data goes through a bounce buffer of the
 * request's size (scsi-disk.c takes contiguous buffers).
 *
 * Commands run on the adapter's I/O queue (system/block-aio.c: a worker,
 * one command at a time in order, as the units' sense data needs); the
 * response goes into the ring when the run loop polls m->blk_aio, so a
 * slow disk never holds the vCPU.  A task management function first lets
 * every command in flight complete (so an aborted command has finished,
 * with its response in the ring, before the function's "complete"); a
 * device reset waits for them and drops their responses.
 */
#include <string.h>

#include <glib.h>

#include "block.h"
#include "log.h"
#include "scsi.h"
#include "virtio.h"

#define VIRTIO_ID_SCSI 8
#define SCSI_CDB_SIZE 32
#define SCSI_SENSE_SIZE 96
#define SCSI_REQ_HDR (8 + 8 + 3 + SCSI_CDB_SIZE) /* lun, tag, attrs, cdb */
#define SCSI_RESP_HDR (4 + 4 + 2 + 1 + 1 + SCSI_SENSE_SIZE)
#define SCSI_MAX_TARGET 255
#define SCSI_MAX_UNITS 16
#define SCSI_QUEUE_SIZE 128
/* the largest transfer one request may carry (the bounce buffer) */
#define SCSI_MAX_XFER (8u << 20)

/* responses (5.6.6.1) */
#define VIRTIO_SCSI_S_OK 0
#define VIRTIO_SCSI_S_OVERRUN 1
#define VIRTIO_SCSI_S_BAD_TARGET 3
#define VIRTIO_SCSI_S_FAILURE 9
/* control request types */
#define VIRTIO_SCSI_T_TMF 0
#define VIRTIO_SCSI_T_AN_QUERY 1
#define VIRTIO_SCSI_T_AN_SUBSCRIBE 2

typedef struct VirtioScsi {
    VirtIODevice vdev; /* first: virtio-pci.c finds it there */
    ScsiDevice *units[SCSI_MAX_UNITS];
    unsigned nunits;
    BlockAioQueue *io;
    unsigned gen;      /* device resets so far */
    VirtQueueElement elem; /* control requests */
} VirtioScsi;

/* one command in flight */
typedef struct ScsiReq {
    VirtioScsi *s;
    unsigned gen;
    uint32_t len;      /* bytes written into the in pieces */
    VirtQueueElement elem;
} ScsiReq;

static ScsiDevice *find_unit(VirtioScsi *s, const uint8_t *lun, bool *target)
{
    uint32_t t = lun[1];
    uint32_t l = ((lun[2] & 0x3f) << 8) | lun[3];

    *target = false;
    if (lun[0] != 1) {
        return NULL;
    }
    for (unsigned i = 0; i < s->nunits; i++) {
        if (s->units[i]->id == t) {
            *target = true;
            if (s->units[i]->lun == l) {
                return s->units[i];
            }
        }
    }
    return NULL;
}

/* runs one command (a worker thread); the response is written into the
   request's in pieces, r->len its length */
static void scsi_cmd(ScsiReq *r)
{
    VirtioScsi *s = r->s;
    VirtQueueElement *e = &r->elem;
    uint8_t req[SCSI_REQ_HDR], resp[SCSI_RESP_HDR] = { 0 };
    uint64_t out_len = e->out_len - SCSI_REQ_HDR;
    uint64_t in_cap = e->in_len - SCSI_RESP_HDR;
    uint8_t *buf = NULL;
    bool target;
    ScsiDevice *u;
    ScsiResult res = { 0 };

    iov_to_buf(e->out, e->out_num, 0, req, sizeof(req));
    u = find_unit(s, req, &target);
    if (!u && !target) {
        resp[11] = VIRTIO_SCSI_S_BAD_TARGET;
    } else if (out_len > SCSI_MAX_XFER || in_cap > SCSI_MAX_XFER) {
        resp[11] = VIRTIO_SCSI_S_OVERRUN;
    } else {
        buf = g_malloc(MAX(out_len, in_cap) + 1);
        if (!u) {
            /* a target without that LUN: INQUIRY says so, the rest is
               an illegal request (logical unit not supported) */
            if (req[19] == 0x12) {
                res.in_len = scsi_inquiry_no_lun(buf, in_cap);
            } else {
                res.status = SCSI_STATUS_CHECK_CONDITION;
                scsi_build_sense(res.sense, SENSE_ILLEGAL_REQUEST, 0x25, 0);
            }
        } else {
            iov_to_buf(e->out, e->out_num, SCSI_REQ_HDR, buf, out_len);
            scsi_device_exec(u, req + 19, SCSI_CDB_SIZE, buf, out_len, buf,
                             in_cap, &res);
        }
        if (res.in_len > in_cap) {
            res.in_len = in_cap;
        }
        iov_from_buf(e->in, e->in_num, SCSI_RESP_HDR, buf, res.in_len);
        /* residual: the data-in room the unit did not fill (data-out is
           taken whole) */
        pci_set_long(resp + 4, out_len ? 0 : (uint32_t)(in_cap - res.in_len));
        resp[10] = res.status;
        resp[11] = VIRTIO_SCSI_S_OK;
        if (res.status == SCSI_STATUS_CHECK_CONDITION) {
            pci_set_long(resp, SCSI_SENSE_LEN);
            memcpy(resp + 12, res.sense, SCSI_SENSE_LEN);
        }
    }
    g_free(buf);
    iov_from_buf(e->in, e->in_num, 0, resp, sizeof(resp));
    r->len = (uint32_t)(SCSI_RESP_HDR + res.in_len);
}

static int scsi_work(void *opaque)
{
    scsi_cmd(opaque);
    return 0;
}

/* the polling thread: the used ring and the interrupt */
static void scsi_done(void *opaque, int ret)
{
    ScsiReq *r = opaque;
    VirtIODevice *vdev = &r->s->vdev;

    if (r->gen == r->s->gen && !vdev->broken) {
        virtqueue_push(vdev, &vdev->vq[2], &r->elem, r->len);
        virtqueue_notify(vdev, &vdev->vq[2]);
    }
    g_free(r);
}

static void handle_req(VirtIODevice *vdev, VirtQueue *vq)
{
    VirtioScsi *s = (VirtioScsi *)vdev;

    for (;;) {
        ScsiReq *r = g_new(ScsiReq, 1);

        if (virtqueue_pop(vdev, vq, &r->elem) != 1) {
            g_free(r);
            return;
        }
        if (r->elem.out_len < SCSI_REQ_HDR ||
            r->elem.in_len < SCSI_RESP_HDR) {
            g_free(r);
            virtio_error(vdev, "a SCSI request without its headers");
            return;
        }
        r->s = s;
        r->gen = s->gen;
        r->len = 0;
        /* without a worker context (unit tests) this completes here */
        blk_aio_submit(s->io, scsi_work, scsi_done, r);
    }
}

/* waits for the commands in flight; with keep, their responses go into
   the ring now, else they are dropped */
static void scsi_quiesce(VirtioScsi *s, bool keep)
{
    BlockAioCtx *ctx = s->vdev.pci->m->blk_aio;

    if (!keep) {
        s->gen++;
    }
    if (!s->io) {
        return;
    }
    blk_aio_queue_free(s->io);
    s->io = blk_aio_queue_new(ctx);
    if (keep && ctx && !s->vdev.pci->m->threaded) {
        /* the run loop's own poll, early (this is its thread; with vCPU
           threads the responses come at the run loop's next poll) */
        blk_aio_ctx_poll(ctx);
    }
}

static void handle_ctrl(VirtIODevice *vdev, VirtQueue *vq)
{
    VirtioScsi *s = (VirtioScsi *)vdev;
    bool any = false;

    while (virtqueue_pop(vdev, vq, &s->elem) == 1) {
        uint8_t type[4], resp[5] = { 0 };
        uint32_t len;

        if (iov_to_buf(s->elem.out, s->elem.out_num, 0, type, 4) != 4) {
            virtio_error(vdev, "a short control request");
            return;
        }
        switch (pci_get_long(type)) {
        case VIRTIO_SCSI_T_TMF:
            /* once nothing is in flight the function is complete */
            scsi_quiesce(s, true);
            resp[0] = VIRTIO_SCSI_S_OK;
            len = 1;
            break;
        case VIRTIO_SCSI_T_AN_QUERY:
        case VIRTIO_SCSI_T_AN_SUBSCRIBE:
            /* event_actual 0: no notifications are supported */
            resp[4] = VIRTIO_SCSI_S_OK;
            len = 5;
            break;
        default:
            resp[0] = VIRTIO_SCSI_S_FAILURE;
            len = 1;
            break;
        }
        len = (uint32_t)iov_from_buf(s->elem.in, s->elem.in_num, 0, resp, len);
        virtqueue_push(vdev, vq, &s->elem, len);
        any = true;
    }
    if (any) {
        virtqueue_notify(vdev, vq);
    }
}

/* config (5.6.4) */
static uint64_t scsi_config_read(VirtIODevice *vdev, uint32_t off,
                                 unsigned size)
{
    uint8_t cfg[36] = { 0 };
    uint64_t v = 0;

    pci_set_long(cfg + 0, 1);                   /* num_queues */
    pci_set_long(cfg + 4, SCSI_QUEUE_SIZE - 2); /* seg_max */
    pci_set_long(cfg + 8, SCSI_MAX_XFER / 512); /* max_sectors */
    pci_set_long(cfg + 12, SCSI_QUEUE_SIZE);    /* cmd_per_lun */
    pci_set_long(cfg + 16, 16);                 /* event_info_size */
    pci_set_long(cfg + 20, SCSI_SENSE_SIZE);
    pci_set_long(cfg + 24, SCSI_CDB_SIZE);
    pci_set_word(cfg + 28, 0);                  /* max_channel */
    pci_set_word(cfg + 30, SCSI_MAX_TARGET);
    pci_set_long(cfg + 32, 16383);              /* max_lun */
    if (off + size <= sizeof(cfg)) {
        memcpy(&v, cfg + off, size);
    }
    return v;
}

static void scsi_reset(VirtIODevice *vdev)
{
    scsi_quiesce((VirtioScsi *)vdev, false);
}

static const VirtioDeviceOps virtio_scsi_ops = {
    .device_id = VIRTIO_ID_SCSI,
    .pci_class = 0x010000,
    .config_size = 36,
    .config_read = scsi_config_read,
    .reset = scsi_reset,
};

static bool virtio_scsi_realize(PCIDevice *d, SpaprDevProps *props,
                                char **err)
{
    VirtioScsi *s = d->priv;

    if (props) {
        const char *nq = spapr_devprops_take(props, "num_queues");

        if (nq && strtoul(nq, NULL, 0) != 1) {
            *err = g_strdup("virtio-scsi-pci: only num_queues=1 is "
                            "supported");
            return false;
        }
    }
    s->io = blk_aio_queue_new(d->m->blk_aio);
    if (!virtio_pci_realize(d, &s->vdev, &virtio_scsi_ops, 3,
                            SCSI_QUEUE_SIZE, props, err)) {
        return false;
    }
    s->vdev.vq[0].handle = handle_ctrl;
    s->vdev.vq[2].handle = handle_req;
    for (unsigned q = 0; q < 3; q++) {
        virtqueue_reset(&s->vdev.vq[q]);
    }
    return true;
}

static void virtio_scsi_reset(PCIDevice *d)
{
    virtio_pci_reset(d->priv);
}

static void virtio_scsi_unrealize(PCIDevice *d)
{
    VirtioScsi *s = d->priv;

    /* the machine drained m->blk_aio first: no command is left */
    blk_aio_queue_free(s->io);
    for (unsigned i = 0; i < s->nunits; i++) {
        scsi_device_free(s->units[i]);
    }
}

const PCIDeviceType virtio_scsi_pci_type = {
    .name = "virtio-scsi-pci",
    .dt_name = "scsi",
    .priv_size = sizeof(VirtioScsi),
    .realize = virtio_scsi_realize,
    .reset = virtio_scsi_reset,
    .unrealize = virtio_scsi_unrealize,
};

/* ------------------------------------------------------------ units */

static PCIDevice *find_hba(SpaprMachine *m, const char *bus)
{
    for (unsigned i = 0; m->pci && i < SPAPR_MAX_PHBS; i++) {
        SpaprPhb *phb = m->pci->phbs[i];

        for (unsigned sl = 0; phb && sl < PCI_SLOT_MAX; sl++) {
            PCIDevice *c = phb->slots[sl];
            size_t n;

            if (!c || c->type != &virtio_scsi_pci_type) {
                continue;
            }
            if (!bus) {
                return c;
            }
            n = c->id ? strlen(c->id) : 0;
            if (n && strncmp(bus, c->id, n) == 0 &&
                strcmp(bus + n, ".0") == 0) {
                return c;
            }
        }
    }
    return NULL;
}

bool virtio_scsi_owns(SpaprMachine *m, const char *bus, bool vscsi_exists)
{
    return find_hba(m, bus) != NULL && (bus || !vscsi_exists);
}

bool virtio_scsi_unit_add(SpaprMachine *m, SpaprDevProps *props, char **err)
{
    const char *driver = spapr_devprops_driver(props);
    bool cdrom = strcmp(driver, "scsi-cd") == 0;
    PCIDevice *d = find_hba(m, spapr_devprops_take(props, "bus"));
    const char *drive = spapr_devprops_take(props, "drive");
    const char *serial = spapr_devprops_take(props, "serial");
    const char *id = spapr_devprops_take(props, "id");
    const char *sid = spapr_devprops_take(props, "scsi-id");
    const char *slun = spapr_devprops_take(props, "lun");
    spapr_devprops_take(props, "channel");
    VirtioScsi *s;
    const SpaprDriveSpec *dr = NULL;
    BlockBackend *blk = NULL;
    uint32_t target = sid ? (uint32_t)strtoul(sid, NULL, 0) : 0;
    uint32_t lun = slun ? (uint32_t)strtoul(slun, NULL, 0) : 0;

    if (!spapr_devprops_check_taken(props, err)) {
        return false;
    }
    g_assert(d);
    s = d->priv;
    if (target > SCSI_MAX_TARGET || lun > 16383) {
        *err = g_strdup_printf("%s: bad scsi-id or lun", driver);
        return false;
    }
    for (unsigned i = 0; i < s->nunits; i++) {
        if (s->units[i]->id == target && s->units[i]->lun == lun) {
            *err = g_strdup_printf("%s: scsi-id %u lun %u is in use",
                                   driver, target, lun);
            return false;
        }
    }
    if (s->nunits == SCSI_MAX_UNITS) {
        *err = g_strdup_printf("%s: no more than %d units on a "
                               "virtio-scsi-pci", driver, SCSI_MAX_UNITS);
        return false;
    }
    for (guint i = 0; drive && m->cfg->drives && i < m->cfg->drives->len;
         i++) {
        const SpaprDriveSpec *c = g_ptr_array_index(m->cfg->drives, i);

        if (c->id && strcmp(c->id, drive) == 0) {
            dr = c;
        }
    }
    if (drive && (!dr || dr->iface != SPAPR_DRIVE_IF_NONE)) {
        *err = g_strdup_printf("Property '%s.drive' can't find value '%s'",
                               driver, drive);
        return false;
    }
    if (drive && m->drives_claimed &&
        g_hash_table_contains(m->drives_claimed, drive)) {
        *err = g_strdup_printf("Drive '%s' is already in use by another "
                               "device", drive);
        return false;
    }
    if (!dr && !cdrom) {
        *err = g_strdup_printf("%s: drive property not set", driver);
        return false;
    }
    if (dr && !dr->file && !cdrom) {
        *err = g_strdup_printf("Device needs media, but drive '%s' is "
                               "empty", drive);
        return false;
    }
    if (dr && dr->file) {
        BlockOpenOpts o = {
            .file = dr->file,
            .readonly = dr->readonly || cdrom,
            .snapshot = dr->snapshot,
            .cache = (BlockCache)dr->cache,
            .probed = dr->probed,
            .stats = dr->stats,
        };

        blk = blk_open(&o, err);
        if (!blk) {
            return false;
        }
    }
    if (drive && m->drives_claimed) {
        g_hash_table_add(m->drives_claimed, g_strdup(drive));
    }
    s->units[s->nunits++] = scsi_device_new(blk, cdrom, target, lun,
                                            serial ? serial
                                                   : (id ? id : drive));
    return true;
}
