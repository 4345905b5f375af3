/*
 * hw-pci/virtio-balloon.c: virtio-balloon-pci, the memory balloon (virtio
 * 1.1, 5.5).
 *
 * The host asks for a size (the monitor's balloon, QMP balloon): the
 * configuration's num_pages becomes (RAM - target) / 4 KiB and a
 * configuration-change interrupt tells the driver, which gives pages back
 * on the inflate queue (5.5.6: le32 page frame numbers of 4 KiB pages,
 * VIRTIO_BALLOON_PFN_SHIFT 12; Linux's 64 KiB pages come as 16 of them)
 * and takes them back through the deflate queue, then writes the count it
 * holds into actual.  An inflated page is given back to the host with
 * madvise(MADV_DONTNEED) on guest RAM: its memory is freed and it reads as
 * zeroes when the guest uses it again; a number outside RAM is ignored.
 * With VIRTIO_BALLOON_F_PAGE_POISON negotiated and a poison value set the
 * pages are kept (their content is the guest's poison, 5.5.6.1).
 *
 * Features as QEMU 7.2 offers them by default: STATS_VQ and PAGE_POISON
 * (no DEFLATE_ON_OOM, FREE_PAGE_HINT, REPORTING).  The statistics queue
 * (5.5.6.3): the driver's buffer of (le16 tag, le64 value) pairs is read
 * and kept, as QEMU keeps it when no polling interval is set; it goes back
 * to the driver only at a reset.
 *
 * The monitor runs on its own thread: a new target is left under the
 * device's lock and SPAPR_REQ_IO has the run loop's poll (this thread's
 * work is then on the vCPU thread, as everything else here) publish it.
 */
#include <string.h>
#include <sys/mman.h>

#include <glib.h>

#include "exec.h"
#include "runstate.h"
#include "virtio.h"

#define VIRTIO_ID_BALLOON 5
#define VIRTIO_BALLOON_F_STATS_VQ 1
#define VIRTIO_BALLOON_F_PAGE_POISON 4
#define BALLOON_PFN_SHIFT 12
#define BALLOON_PAGE (1u << BALLOON_PFN_SHIFT)
#define BALLOON_QUEUE_SIZE 128
#define BALLOON_NR_STATS 16

/* the configuration (5.5.4) */
enum {
    CFG_NUM_PAGES = 0,
    CFG_ACTUAL = 4,
    CFG_FREE_PAGE_HINT_CMD_ID = 8,
    CFG_POISON_VAL = 12,
    CFG_SIZE = 16,
};

enum { VQ_INFLATE, VQ_DEFLATE, VQ_STATS, VQ_COUNT };

typedef struct VirtioBalloon {
    VirtIODevice vdev; /* first: virtio-pci.c finds it there */
    uint32_t num_pages;   /* what the driver reads */
    uint32_t actual;      /* what it wrote (read by the monitor: atomic) */
    uint32_t poison_val;
    GMutex lock;          /* the monitor's request */
    bool target_pending;
    uint32_t target_pages;
    bool stats_held;      /* the driver's stats buffer is with us */
    uint64_t stats[BALLOON_NR_STATS]; /* by tag (5.5.6.3) */
    VirtQueueElement elem;
} VirtioBalloon;

static const VirtioDeviceOps virtio_balloon_ops;

static uint64_t balloon_config_read(VirtIODevice *vdev, uint32_t off,
                                    unsigned size)
{
    VirtioBalloon *b = (VirtioBalloon *)vdev;
    uint8_t cfg[CFG_SIZE] = { 0 };
    uint64_t v = 0;

    pci_set_long(cfg + CFG_NUM_PAGES, b->num_pages);
    pci_set_long(cfg + CFG_ACTUAL, g_atomic_int_get(&b->actual));
    pci_set_long(cfg + CFG_POISON_VAL, b->poison_val);
    for (unsigned i = 0; i < size && off + i < CFG_SIZE; i++) {
        v |= (uint64_t)cfg[off + i] << (8 * i);
    }
    return v;
}

static void balloon_config_write(VirtIODevice *vdev, uint32_t off,
                                 uint64_t val, unsigned size)
{
    VirtioBalloon *b = (VirtioBalloon *)vdev;
    SpaprMachine *m = vdev->pci->m;

    /* num_pages is the device's; the driver writes actual and poison_val
       as 32-bit fields */
    if (size != 4) {
        return;
    }
    if (off == CFG_ACTUAL) {
        uint32_t old = g_atomic_int_get(&b->actual);

        g_atomic_int_set(&b->actual, (uint32_t)val);
        if (old != (uint32_t)val && m->runstate) {
            /* QEMU's BALLOON_CHANGE: the guest's new size in bytes */
            uint64_t held = (uint64_t)(uint32_t)val << BALLOON_PFN_SHIFT;
            char *data = g_strdup_printf(
                "{\"actual\": %" G_GUINT64_FORMAT "}",
                held < m->ram_size ? m->ram_size - held : 0);

            runstate_event(m->runstate, "BALLOON_CHANGE", data);
            g_free(data);
        }
    } else if (off == CFG_POISON_VAL) {
        b->poison_val = (uint32_t)val;
    }
}

/* gives [pfn, pfn + n) back to the host, the part inside RAM */
static void balloon_discard(VirtioBalloon *b, uint64_t pfn, uint64_t n)
{
    SpaprMachine *m = b->vdev.pci->m;
    uint64_t pages = m->ram_size >> BALLOON_PFN_SHIFT;

    if (pfn >= pages) {
        return;
    }
    n = MIN(n, pages - pfn);
    /* errors (hugetlbfs RAM takes no 4 KiB discards) leave the pages as
       they are, which is allowed: the balloon only says they are unused */
    if (madvise(m->ram + (pfn << BALLOON_PFN_SHIFT), n << BALLOON_PFN_SHIFT,
                MADV_DONTNEED) == 0) {
        /* the pages changed (to zeroes) behind the guest's stores */
        tb_invalidate_phys_range(pfn << BALLOON_PFN_SHIFT,
                                 n << BALLOON_PFN_SHIFT);
    }
}

static void balloon_pages(VirtIODevice *vdev, VirtQueue *vq)
{
    VirtioBalloon *b = (VirtioBalloon *)vdev;
    bool inflate = vq == &vdev->vq[VQ_INFLATE];
    bool keep = virtio_has_feature(vdev, VIRTIO_BALLOON_F_PAGE_POISON) &&
                b->poison_val;
    bool any = false;

    while (virtqueue_pop(vdev, vq, &b->elem) == 1) {
        uint8_t buf[256];
        uint64_t run = 0, run_n = 0;

        for (size_t off = 0; inflate && !keep && off < b->elem.out_len;) {
            size_t got = iov_to_buf(b->elem.out, b->elem.out_num, off, buf,
                                    sizeof(buf));

            got &= ~(size_t)3; /* whole le32 numbers only */
            if (!got) {
                break;
            }
            for (size_t i = 0; i < got; i += 4) {
                uint32_t pfn = pci_get_long(buf + i);

                /* runs of consecutive frames in one call */
                if (run_n && pfn == run + run_n) {
                    run_n++;
                    continue;
                }
                if (run_n) {
                    balloon_discard(b, run, run_n);
                }
                run = pfn;
                run_n = 1;
            }
            off += got;
        }
        if (run_n) {
            balloon_discard(b, run, run_n);
        }
        virtqueue_push(vdev, vq, &b->elem, 0);
        any = true;
    }
    if (any) {
        virtqueue_notify(vdev, vq);
    }
}

/* the driver's statistics: read, and the buffer kept (see the header) */
static void balloon_stats(VirtIODevice *vdev, VirtQueue *vq)
{
    VirtioBalloon *b = (VirtioBalloon *)vdev;

    if (b->stats_held || virtqueue_pop(vdev, vq, &b->elem) != 1) {
        return;
    }
    for (size_t off = 0; off + 10 <= b->elem.out_len; off += 10) {
        uint8_t s[10];
        uint64_t v = 0;

        if (iov_to_buf(b->elem.out, b->elem.out_num, off, s, 10) != 10) {
            break;
        }
        for (int i = 0; i < 8; i++) {
            v |= (uint64_t)s[2 + i] << (8 * i);
        }
        uint16_t tag = (uint16_t)(s[0] | s[1] << 8);
        if (tag < BALLOON_NR_STATS) {
            b->stats[tag] = v;
        }
    }
    b->stats_held = true;
}

static void balloon_reset(VirtIODevice *vdev)
{
    VirtioBalloon *b = (VirtioBalloon *)vdev;

    /* the size the host asked for stays; the driver's state goes */
    g_atomic_int_set(&b->actual, 0);
    b->poison_val = 0;
    b->stats_held = false;
    memset(b->stats, 0, sizeof(b->stats));
}

static const VirtioDeviceOps virtio_balloon_ops = {
    .device_id = VIRTIO_ID_BALLOON,
    .pci_class = 0x00ff00, /* unclassified, "other" (as QEMU) */
    .features = 1ull << VIRTIO_BALLOON_F_STATS_VQ |
                1ull << VIRTIO_BALLOON_F_PAGE_POISON,
    .config_size = CFG_SIZE,
    .config_read = balloon_config_read,
    .config_write = balloon_config_write,
    .reset = balloon_reset,
};

static bool virtio_balloon_realize(PCIDevice *d, SpaprDevProps *props,
                                   char **err)
{
    VirtioBalloon *b = d->priv;

    if (props) {
        /* QEMU's knobs whose defaults are what is here */
        static const char *const accepted[] = {
            "deflate-on-oom", "free-page-hint", "free-page-reporting",
            "guest-stats-polling-interval",
        };
        for (size_t i = 0; i < G_N_ELEMENTS(accepted); i++) {
            const char *v = spapr_devprops_take(props, accepted[i]);

            if (v && strcmp(v, "off") != 0 && strcmp(v, "false") != 0 &&
                strcmp(v, "0") != 0) {
                *err = g_strdup_printf("virtio-balloon-pci: %s=%s is not "
                                       "supported", accepted[i], v);
                return false;
            }
        }
    }
    g_mutex_init(&b->lock);
    if (!virtio_pci_realize(d, &b->vdev, &virtio_balloon_ops, VQ_COUNT,
                            BALLOON_QUEUE_SIZE, props, err)) {
        return false;
    }
    b->vdev.vq[VQ_INFLATE].handle = balloon_pages;
    b->vdev.vq[VQ_DEFLATE].handle = balloon_pages;
    b->vdev.vq[VQ_STATS].handle = balloon_stats;
    for (unsigned i = 0; i < VQ_COUNT; i++) {
        virtqueue_reset(&b->vdev.vq[i]);
    }
    return true;
}

static void virtio_balloon_reset(PCIDevice *d)
{
    virtio_pci_reset(d->priv);
}

static void virtio_balloon_unrealize(PCIDevice *d)
{
    VirtioBalloon *b = d->priv;

    g_mutex_clear(&b->lock);
}

/* the monitor's target, published on the vCPU thread */
static void virtio_balloon_poll(PCIDevice *d)
{
    VirtioBalloon *b = d->priv;
    bool changed = false;

    g_mutex_lock(&b->lock);
    if (b->target_pending) {
        b->target_pending = false;
        changed = b->num_pages != b->target_pages;
        b->num_pages = b->target_pages;
    }
    g_mutex_unlock(&b->lock);
    if (changed) {
        virtio_config_changed(&b->vdev);
    }
}

const PCIDeviceType virtio_balloon_pci_type = {
    .name = "virtio-balloon-pci",
    .dt_name = "legacy-device",
    .priv_size = sizeof(VirtioBalloon),
    .realize = virtio_balloon_realize,
    .reset = virtio_balloon_reset,
    .unrealize = virtio_balloon_unrealize,
    .poll = virtio_balloon_poll,
};

/* ------------------------------------------------------------ monitor */

static VirtioBalloon *balloon_find(SpaprMachine *m)
{
    for (unsigned i = 0; m->pci && i < SPAPR_MAX_PHBS; i++) {
        SpaprPhb *phb = m->pci->phbs[i];

        for (unsigned s = 0; phb && s < PCI_SLOT_MAX; s++) {
            PCIDevice *d = phb->slots[s];

            if (d && d->type == &virtio_balloon_pci_type) {
                return d->priv;
            }
        }
    }
    return NULL;
}

bool virtio_balloon_set_target(SpaprMachine *m, uint64_t target)
{
    VirtioBalloon *b = balloon_find(m);

    if (!b) {
        return false;
    }
    target = MIN(target, m->ram_size);
    g_mutex_lock(&b->lock);
    b->target_pages = (uint32_t)MIN((m->ram_size - target) >>
                                        BALLOON_PFN_SHIFT,
                                    (uint64_t)UINT32_MAX);
    b->target_pending = true;
    g_mutex_unlock(&b->lock);
    spapr_machine_request(m, SPAPR_REQ_IO);
    return true;
}

bool virtio_balloon_actual(SpaprMachine *m, uint64_t *bytes)
{
    VirtioBalloon *b = balloon_find(m);
    uint64_t held;

    if (!b) {
        return false;
    }
    held = (uint64_t)g_atomic_int_get(&b->actual) << BALLOON_PFN_SHIFT;
    *bytes = held < m->ram_size ? m->ram_size - held : 0;
    return true;
}
