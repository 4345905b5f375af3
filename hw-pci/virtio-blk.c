/*
 * hw-pci/virtio-blk.c: virtio-blk-pci, the block device (virtio 1.1, 5.2)
 * on a -drive (if=virtio, or if=none given as drive=).
 *
 * One request queue.  A request is a 16-byte header (type, reserved,
 * sector) in the readable part, the data, and a one-byte status as the
 * last writable byte.  A request popped at the notify write runs on the
 * device's I/O queue (system/block-aio.c: a worker thread, the requests
 * of one device in order, so that a flush follows the writes before it);
 * its completion (status byte, used ring, interrupt) comes back through
 * the machine's poll of m->blk_aio on the run loop, so a slow disk never
 * holds the vCPU.  A flush is the backend's fdatasync; a discard punches
 * a hole into a raw file (blk_discard), write-zeroes writes zeros.  The whole
 * transfer must lie inside the disk and be a multiple of 512 bytes, or it
 * fails with IOERR and nothing moves.  A device reset waits for the
 * requests in flight and drops their completions (the rings they would
 * go to are gone).
 */
#include <inttypes.h>
#include <string.h>

#include <glib.h>

#include "block.h"
#include "log.h"
#include "virtio.h"

/* feature bits (5.2.3) */
#define VIRTIO_BLK_F_SEG_MAX 2
#define VIRTIO_BLK_F_RO 5
#define VIRTIO_BLK_F_BLK_SIZE 6
#define VIRTIO_BLK_F_FLUSH 9
#define VIRTIO_BLK_F_DISCARD 13
#define VIRTIO_BLK_F_WRITE_ZEROES 14

/* request types and statuses (5.2.6) */
#define VIRTIO_BLK_T_IN 0
#define VIRTIO_BLK_T_OUT 1
#define VIRTIO_BLK_T_FLUSH 4
#define VIRTIO_BLK_T_GET_ID 8
/* the legacy interface's barrier flag in the type (5.2.6.3); SLOF sets it
   on every request, also to a device without VIRTIO_BLK_F_BARRIER, so
   like QEMU the device ignores it: requests are done in order anyway */
#define VIRTIO_BLK_T_BARRIER 0x80000000u
#define VIRTIO_BLK_T_DISCARD 11
#define VIRTIO_BLK_T_WRITE_ZEROES 13
#define VIRTIO_BLK_WZ_F_UNMAP 1
#define VIRTIO_BLK_S_OK 0
#define VIRTIO_BLK_S_IOERR 1
#define VIRTIO_BLK_S_UNSUPP 2
#define VIRTIO_BLK_ID_BYTES 20

#define SECTOR 512
#define BLK_QUEUE_SIZE 256
#define BLK_SEG_MAX (BLK_QUEUE_SIZE - 2)
/* discard and write-zeroes limits (config): one range of up to 4 GiB
   per request, discards in 4 KiB units (a hole in the host file) */
#define BLK_DISCARD_MAX_SECTORS 0x800000u
#define BLK_DISCARD_ALIGN 8
#define BLK_CONFIG_SIZE 60

typedef struct VirtioBlk {
    VirtIODevice vdev; /* first: virtio-pci.c finds it there */
    BlockBackend *blk;
    BlockAioQueue *io;
    unsigned gen;      /* device resets so far */
    char serial[VIRTIO_BLK_ID_BYTES + 1];
} VirtioBlk;

/* one request in flight */
typedef struct BlkReq {
    VirtioBlk *b;
    unsigned gen;      /* b->gen when it was popped */
    uint32_t written;
    uint8_t status;
    VirtQueueElement elem;
} BlkReq;

/* reads or writes [off, off + len) of the disk from/into elem's pieces
   starting at byte skip of out (write) or in (read) */
static bool blk_rw(BlkReq *r, bool write, uint64_t off, size_t skip,
                   uint64_t len)
{
    VirtioBlk *b = r->b;
    const struct iovec *iov = write ? r->elem.out : r->elem.in;
    unsigned n = write ? r->elem.out_num : r->elem.in_num;

    for (unsigned i = 0; i < n && len; i++) {
        size_t piece = iov[i].iov_len;
        uint8_t *p = iov[i].iov_base;

        if (skip >= piece) {
            skip -= piece;
            continue;
        }
        p += skip;
        piece -= skip;
        skip = 0;
        if (piece > len) {
            piece = len;
        }
        int r = write ? blk_pwrite(b->blk, off, p, piece)
                      : blk_pread(b->blk, off, p, piece);
        if (r < 0) {
            return false;
        }
        off += piece;
        len -= piece;
    }
    return len == 0;
}

/* DISCARD / WRITE_ZEROES (5.2.6.2): after the header, one 16-byte
   range (sector le64, num_sectors le32, flags le32); more ranges than the
   config's max_*_seg, a range outside the disk or longer than max_*_sectors
   is IOERR, a flag the type does not have is UNSUPP */
static uint8_t blk_ranges(BlkReq *r, bool discard)
{
    VirtioBlk *b = r->b;
    uint64_t size = blk_size(b->blk), sector;
    uint32_t n, flags;
    uint8_t seg[16];

    if (!virtio_has_feature(&b->vdev, discard ? VIRTIO_BLK_F_DISCARD
                                              : VIRTIO_BLK_F_WRITE_ZEROES)) {
        return VIRTIO_BLK_S_UNSUPP;
    }
    if (r->elem.out_len - 16 != sizeof(seg) ||
        iov_to_buf(r->elem.out, r->elem.out_num, 16, seg, 16) != 16) {
        return VIRTIO_BLK_S_IOERR;
    }
    sector = pci_get_long(seg) | (uint64_t)pci_get_long(seg + 4) << 32;
    n = pci_get_long(seg + 8);
    flags = pci_get_long(seg + 12);
    if (flags & ~(discard ? 0u : VIRTIO_BLK_WZ_F_UNMAP)) {
        return VIRTIO_BLK_S_UNSUPP;
    }
    if (n > BLK_DISCARD_MAX_SECTORS || sector > size / SECTOR ||
        n > size / SECTOR - sector) {
        return VIRTIO_BLK_S_IOERR;
    }
    /* a discard is an unmap in the accounting, write-zeroes a write of
       its length */
    int64_t start = blk_acct_start();
    uint64_t bytes = (uint64_t)n * SECTOR;
    bool ok = (discard ? blk_discard(b->blk, sector * SECTOR, bytes)
                       : blk_write_zeroes(b->blk, sector * SECTOR, bytes)) == 0;

    blk_acct_done(b->blk, discard ? BLOCK_ACCT_UNMAP : BLOCK_ACCT_WRITE, bytes,
                  start, ok);
    return ok ? VIRTIO_BLK_S_OK : VIRTIO_BLK_S_IOERR;
}

/* runs one request (a worker thread); returns the status and sets
   *written */
static uint8_t blk_request(BlkReq *r, uint32_t *written)
{
    VirtioBlk *b = r->b;
    uint8_t hdr[16];
    uint32_t type;
    uint64_t sector, len, size = blk_size(b->blk);

    *written = 0;
    if (iov_to_buf(r->elem.out, r->elem.out_num, 0, hdr, 16) != 16) {
        return VIRTIO_BLK_S_IOERR;
    }
    type = pci_get_long(hdr) & ~VIRTIO_BLK_T_BARRIER;
    sector = pci_get_long(hdr + 8) | (uint64_t)pci_get_long(hdr + 12) << 32;
    switch (type) {
    case VIRTIO_BLK_T_IN:
    case VIRTIO_BLK_T_OUT: {
        /* one request, one operation in the accounting */
        bool write = type == VIRTIO_BLK_T_OUT;
        BlockAcctType t = write ? BLOCK_ACCT_WRITE : BLOCK_ACCT_READ;
        int64_t start = blk_acct_start();
        bool ok;

        len = write ? r->elem.out_len - 16 : r->elem.in_len - 1;
        if (write && blk_readonly(b->blk)) {
            return VIRTIO_BLK_S_IOERR;
        }
        if (len % SECTOR || sector > size / SECTOR ||
            len > size - sector * SECTOR) {
            blk_acct_invalid(b->blk, t);
            return VIRTIO_BLK_S_IOERR;
        }
        ok = blk_rw(r, write, sector * SECTOR, write ? 16 : 0, len);
        blk_acct_done(b->blk, t, len, start, ok);
        if (!ok) {
            return VIRTIO_BLK_S_IOERR;
        }
        *written = write ? 0 : (uint32_t)len;
        return VIRTIO_BLK_S_OK;
    }
    case VIRTIO_BLK_T_FLUSH: {
        int64_t start = blk_acct_start();
        bool ok = blk_flush(b->blk) == 0;

        blk_acct_done(b->blk, BLOCK_ACCT_FLUSH, 0, start, ok);
        return ok ? VIRTIO_BLK_S_OK : VIRTIO_BLK_S_IOERR;
    }
    case VIRTIO_BLK_T_DISCARD:
    case VIRTIO_BLK_T_WRITE_ZEROES:
        return blk_ranges(r, type == VIRTIO_BLK_T_DISCARD);
    case VIRTIO_BLK_T_GET_ID: {
        char id[VIRTIO_BLK_ID_BYTES] = { 0 };
        size_t n = MIN(r->elem.in_len - 1, sizeof(id));

        memcpy(id, b->serial, strlen(b->serial));
        *written = (uint32_t)iov_from_buf(r->elem.in, r->elem.in_num, 0, id,
                                          n);
        return VIRTIO_BLK_S_OK;
    }
    default:
        return VIRTIO_BLK_S_UNSUPP;
    }
}

static int blk_work(void *opaque)
{
    BlkReq *r = opaque;

    r->status = blk_request(r, &r->written);
    return 0;
}

/* the polling thread: the status byte, the used ring, the interrupt */
static void blk_done(void *opaque, int ret)
{
    BlkReq *r = opaque;
    VirtioBlk *b = r->b;
    VirtIODevice *vdev = &b->vdev;

    if (r->gen == b->gen && !vdev->broken) {
        iov_from_buf(r->elem.in, r->elem.in_num, r->elem.in_len - 1,
                     &r->status, 1);
        virtqueue_push(vdev, &vdev->vq[0], &r->elem, r->written + 1);
        virtqueue_notify(vdev, &vdev->vq[0]);
    }
    g_free(r);
}

static void blk_handle(VirtIODevice *vdev, VirtQueue *vq)
{
    VirtioBlk *b = (VirtioBlk *)vdev;

    for (;;) {
        BlkReq *r = g_new(BlkReq, 1);

        if (virtqueue_pop(vdev, vq, &r->elem) != 1) {
            g_free(r);
            return;
        }
        if (r->elem.in_len < 1 || r->elem.out_len < 16) {
            g_free(r);
            virtio_error(vdev, "a block request without header or status");
            return;
        }
        r->b = b;
        r->gen = b->gen;
        r->written = 0;
        /* without a worker context (unit tests) this completes here */
        blk_aio_submit(b->io, blk_work, blk_done, r);
    }
}

/* the configuration (5.2.4): capacity @0, size_max @8, seg_max @12,
   geometry @16, blk_size @20, topology @24, writeback @32,
   max_discard_sectors @36, max_discard_seg @40, discard_sector_alignment
   @44, max_write_zeroes_sectors @48, max_write_zeroes_seg @52,
   write_zeroes_may_unmap @56 */
static uint64_t blk_config_read(VirtIODevice *vdev, uint32_t off,
                                unsigned size)
{
    VirtioBlk *b = (VirtioBlk *)vdev;
    uint8_t cfg[BLK_CONFIG_SIZE] = { 0 };
    uint64_t cap = blk_size(b->blk) / SECTOR, v = 0;

    pci_set_long(cfg, (uint32_t)cap);
    pci_set_long(cfg + 4, (uint32_t)(cap >> 32));
    pci_set_long(cfg + 12, BLK_SEG_MAX);
    pci_set_long(cfg + 20, SECTOR);
    pci_set_long(cfg + 36, BLK_DISCARD_MAX_SECTORS);
    pci_set_long(cfg + 40, 1);
    pci_set_long(cfg + 44, BLK_DISCARD_ALIGN);
    pci_set_long(cfg + 48, BLK_DISCARD_MAX_SECTORS);
    pci_set_long(cfg + 52, 1);
    if (off + size <= sizeof(cfg)) {
        memcpy(&v, cfg + off, size);
    }
    return v;
}

static void blk_reset(VirtIODevice *vdev)
{
    VirtioBlk *b = (VirtioBlk *)vdev;

    /* the requests in flight finish on the disk; their completions are
       dropped (blk_done sees the new generation) */
    b->gen++;
    if (b->io) {
        BlockAioCtx *ctx = b->vdev.pci->m->blk_aio;

        blk_aio_queue_free(b->io);
        b->io = blk_aio_queue_new(ctx);
    }
}

static const VirtioDeviceOps virtio_blk_ops = {
    .device_id = VIRTIO_ID_BLOCK,
    .pci_class = 0x010000, /* mass storage, SCSI (as QEMU) */
    .features = 1ull << VIRTIO_BLK_F_SEG_MAX | 1ull << VIRTIO_BLK_F_BLK_SIZE |
                1ull << VIRTIO_BLK_F_FLUSH,
    .config_size = BLK_CONFIG_SIZE,
    .config_read = blk_config_read,
    .reset = blk_reset,
};

static const SpaprDriveSpec *drive_by_id(SpaprMachine *m, const char *id)
{
    const GPtrArray *drives = m->cfg ? m->cfg->drives : NULL;

    for (guint i = 0; drives && i < drives->len; i++) {
        const SpaprDriveSpec *d = g_ptr_array_index(drives, i);

        if (d->id && strcmp(d->id, id) == 0) {
            return d;
        }
    }
    return NULL;
}

/* opens the drive for a virtio-blk-pci: drive= names an if=none one;
   the machine passes an if=virtio one itself as "drive-index" */
static bool virtio_blk_realize(PCIDevice *d, SpaprDevProps *props,
                               char **err)
{
    VirtioBlk *b = d->priv;
    SpaprMachine *m = d->m;
    const char *id = spapr_devprops_take(props, "drive");
    const char *index = spapr_devprops_take(props, "drive-index");
    const char *serial = spapr_devprops_take(props, "serial");
    const SpaprDriveSpec *dr = NULL;
    VirtioDeviceOps *ops;

    if (index && m->cfg->drives) {
        guint i = (guint)strtoul(index, NULL, 10);

        dr = i < m->cfg->drives->len ? g_ptr_array_index(m->cfg->drives, i)
                                     : NULL;
    } else if (id) {
        dr = drive_by_id(m, id);
        if (!dr || dr->iface != SPAPR_DRIVE_IF_NONE) {
            *err = g_strdup_printf("Property 'virtio-blk-pci.drive' can't "
                                   "find value '%s'", id);
            return false;
        }
        if (m->drives_claimed && g_hash_table_contains(m->drives_claimed,
                                                       id)) {
            *err = g_strdup_printf("Drive '%s' is already in use by another "
                                   "device", id);
            return false;
        }
    }
    if (!dr) {
        *err = g_strdup("virtio-blk-pci: drive property not set");
        return false;
    }
    if (!dr->file) {
        *err = g_strdup_printf("Device needs media, but drive '%s' is "
                               "empty", dr->id ? dr->id : "");
        return false;
    }
    BlockOpenOpts o = {
        .file = dr->file,
        .readonly = dr->readonly,
        .snapshot = dr->snapshot,
        .cache = (BlockCache)dr->cache,
        .probed = dr->probed,
        .stats = dr->stats,
    };
    b->blk = blk_open(&o, err);
    if (!b->blk) {
        return false;
    }
    b->io = blk_aio_queue_new(m->blk_aio);
    if (id && m->drives_claimed) {
        g_hash_table_add(m->drives_claimed, g_strdup(id));
    }
    g_strlcpy(b->serial, serial ? serial : "", sizeof(b->serial));
    /* a read-only disk says so (VIRTIO_BLK_F_RO); the table is per
       device then */
    ops = g_new(VirtioDeviceOps, 1);
    *ops = virtio_blk_ops;
    b->vdev.ops = ops;
    if (blk_readonly(b->blk)) {
        ops->features |= 1ull << VIRTIO_BLK_F_RO;
    } else {
        ops->features |= 1ull << VIRTIO_BLK_F_DISCARD |
                         1ull << VIRTIO_BLK_F_WRITE_ZEROES;
    }
    if (!virtio_pci_realize(d, &b->vdev, ops, 1, BLK_QUEUE_SIZE, props,
                            err)) {
        return false; /* unrealize frees ops */
    }
    b->vdev.vq[0].handle = blk_handle;
    virtqueue_reset(&b->vdev.vq[0]);
    return true;
}

static void virtio_blk_reset(PCIDevice *d)
{
    virtio_pci_reset(d->priv);
}

static void virtio_blk_unrealize(PCIDevice *d)
{
    VirtioBlk *b = d->priv;

    /* the machine drained m->blk_aio first: no completion is left */
    blk_aio_queue_free(b->io);
    if (b->blk) {
        blk_close(b->blk);
    }
    g_free((void *)b->vdev.ops);
}

const PCIDeviceType virtio_blk_pci_type = {
    .name = "virtio-blk-pci",
    .dt_name = "scsi",
    .priv_size = sizeof(VirtioBlk),
    .realize = virtio_blk_realize,
    .reset = virtio_blk_reset,
    .unrealize = virtio_blk_unrealize,
};
